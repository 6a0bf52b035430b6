"""A short excerpt of a result around its first match, with the matching words marked.

Staff write plain text, never HTML: the excerpt is escaped word by word, and only the <mark> tags
added here are markup. Done in Python on every database, so results look the same everywhere.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

EXCERPT_WORDS = 30
WORDS_BEFORE_MATCH = 8
ELLIPSIS = "…"
NON_SPACE = re.compile(r"\S+")


def excerpt(texts, pattern):
    """About EXCERPT_WORDS words of the first text that matches, around its first match (or of the first text)."""
    texts = [text for text in texts if text]
    for text in texts:
        if match := pattern.search(text):
            return highlighted(around(text, match.start()), pattern)
    return highlighted(around(texts[0], 0), pattern) if texts else ""


def around(text, position):
    """The words around a position in the text, on one line, with an ellipsis where words are left out."""
    words = list(NON_SPACE.finditer(text))
    index = next((i for i, word in enumerate(words) if word.end() > position), 0)
    start = max(0, min(index - WORDS_BEFORE_MATCH, len(words) - EXCERPT_WORDS))
    end = start + EXCERPT_WORDS
    shown = " ".join(word.group() for word in words[start:end])
    return (ELLIPSIS + " " if start > 0 else "") + shown + (" " + ELLIPSIS if end < len(words) else "")


def highlighted(text, pattern):
    """The text escaped, each match of the pattern in <mark>."""
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces += [escape(text[last : match.start()]), f"<mark>{escape(match.group())}</mark>"]
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of the text is escaped above.
