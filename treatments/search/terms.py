"""What a visitor searched for: the query, cut to a sensible length, and the words to find and highlight.

Words are matched from their start, loosely stemmed (an English suffix dropped), so "injections" finds
"injected" and "vein" finds "veins", and with or without accents, so "várices" finds "varices" and "varices"
finds "várices". PostgreSQL stems properly itself; the same loose match only picks
the excerpt and highlights it, and on other databases it decides the results.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from django.utils import translation

# The header's search box takes this many characters; a longer query (a pasted text, a made-up link) is cut.
MAX_QUERY_LENGTH = 200

WORD = re.compile(r"\w+")
# "-laser": pages without the word (web search syntax, which PostgreSQL reads itself).
EXCLUDED_WORD = re.compile(r"(?:^|(?<=\s))-(\w+)")
# Longest first. A suffix is dropped only when what is left is still a word's worth (MIN_ROOT_LENGTH).
SUFFIXES = ("ations", "ation", "ings", "ions", "ing", "ion", "ies", "es", "ed", "ly", "s")
MIN_ROOT_LENGTH = {"s": 3}
DEFAULT_MIN_ROOT_LENGTH = 4
# Words too short to mean anything on their own ("a", "I", the "t" of "don't") and common words that would match
# every page: PostgreSQL's English configuration drops such words too.
STOP_WORDS = {
    "en": frozenset(
        {"a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "how", "i", "in", "is"}
        | {"it", "me", "my", "of", "on", "or", "the", "to", "what", "when", "who", "why", "will", "with", "you"}
        | {"your"}
    ),
    # PostgreSQL's Spanish configuration drops these too (written here without accents, as words are compared).
    "es": frozenset(
        {"a", "al", "como", "con", "cual", "cuando", "de", "del", "el", "en", "es", "esta", "este", "la", "las"}
        | {"lo", "los", "me", "mi", "mis", "o", "para", "por", "que", "se", "si", "son", "su", "sus", "te", "tu"}
        | {"un", "una", "uno", "y", "yo"}
    ),
}
# Each plain letter with its accented forms, so a word typed either way matches the other.
ACCENTED = {"a": "aáàâä", "e": "eéèêë", "i": "iíìîï", "o": "oóòôö", "u": "uúùûü", "n": "nñ", "c": "cç"}


def without_accents(word):
    """The word's letters without their accents: "várices" -> "varices" (length kept, letter by letter)."""
    return "".join(unicodedata.normalize("NFD", char)[0] for char in word)


def root(word):
    """The word without one common English suffix: "stockings" -> "stock", "veins" -> "vein"."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_ROOT_LENGTH.get(suffix, DEFAULT_MIN_ROOT_LENGTH):
            return word[: -len(suffix)]
    return word


def word_pattern(word):
    """A whole word of a text that matches this searched word: one that starts with its root, accents aside."""
    letters = "".join(
        f"[{ACCENTED[char]}]" if char in ACCENTED else re.escape(char) for char in root(without_accents(word))
    )
    return rf"(?<!\w){letters}\w*"


def is_latin(text):
    """Whether every letter is a Latin one (accented ones included): the site's pages are in English."""
    return all(unicodedata.name(char, "").startswith("LATIN") for char in text if char.isalpha())


@dataclass(frozen=True)
class SearchTerms:
    typed: str  # What arrived, stripped of surrounding spaces.
    text: str  # What is searched: the typed query, cut to MAX_QUERY_LENGTH.

    @classmethod
    def parse(cls, typed):
        typed = " ".join(typed.split())  # Line breaks and runs of spaces, as from a pasted text, become one space.
        text = typed
        if len(text) > MAX_QUERY_LENGTH:
            text = text[: MAX_QUERY_LENGTH + 1]
            # Cut between words, not in the middle of one (unless it is one long word).
            text = text.rsplit(" ", 1)[0] if " " in text else text[:MAX_QUERY_LENGTH]
        return cls(typed=typed, text=text.strip())

    @property
    def was_cut(self):
        return self.text != self.typed

    @cached_property
    def words(self):
        """The words searched for, lower-case, each once, in the order typed; common and excluded words left out."""
        found = dict.fromkeys(word.lower() for word in WORD.findall(EXCLUDED_WORD.sub(" ", self.text)))
        stop_words = STOP_WORDS.get(translation.get_language(), STOP_WORDS["en"])
        return tuple(word for word in found if without_accents(word) not in stop_words)

    @cached_property
    def excluded_words(self):
        return tuple(word.lower() for word in EXCLUDED_WORD.findall(self.text))

    @property
    def has_words(self):
        """Whether the query has any letter or number: punctuation, emoji and spaces alone are not a search."""
        return bool(WORD.search(self.text))

    @property
    def is_latin(self):
        return is_latin(self.text)

    @cached_property
    def patterns(self):
        """One pattern a word: a text matches the query when every one of them matches."""
        return tuple(re.compile(word_pattern(word), re.IGNORECASE) for word in self.words)

    @cached_property
    def excluded_patterns(self):
        return tuple(re.compile(word_pattern(word), re.IGNORECASE) for word in self.excluded_words)

    @cached_property
    def any_word(self):
        """A pattern that matches any searched word in a text, for the excerpt and its highlights."""
        if not self.words:
            return re.compile(r"(?!)")  # Matches nothing.
        return re.compile("|".join(word_pattern(word) for word in self.words), re.IGNORECASE)
