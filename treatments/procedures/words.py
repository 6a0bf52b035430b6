"""Words patients may not know (NICE, ablation, duplex), explained once in the library of words.

A procedure page lists, under "Words used on this page", each word its text uses, and links the page's first
use of each word to its explanation there. The linking works on the rendered page, so every part's words are
covered however its template shows them, and a word is never linked inside a link, a heading or a form.
"""

from html.parser import HTMLParser

from django.utils.safestring import mark_safe

from ..models.procedures import Word

# No link goes inside these: a link in a link, a heading or a control is invalid or hard to use.
NOT_LINKED_INSIDE = {
    *("a", "h1", "h2", "h3", "h4", "h5", "h6", "dfn", "title", "script", "style"),
    *("form", "button", "label", "legend", "summary", "select", "textarea"),
}
# Elements with no end tag.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def anchor(word):
    return f"word-{word.slug}"


def used_in(text):
    """The library's words that `text` uses, in alphabetical order."""
    return [word for word in Word.objects.all() if word.pattern.search(text)]


class FirstUseLinker(HTMLParser):
    """Copies rendered HTML, linking the first use of each word in its text to the word's explanation."""

    def __init__(self, words):
        super().__init__(convert_charrefs=False)
        self.waiting = list(words)  # Words not linked yet.
        self.open = []  # Names of the open elements.
        self.out = []

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        if tag in self.open:
            while self.open.pop() != tag:
                pass

    def handle_data(self, data):
        self.out.append(self.linked(data) if self.waiting and not NOT_LINKED_INSIDE.intersection(self.open) else data)

    def linked(self, data):
        """The text with the first use of each waiting word in it linked (the text is HTML, already escaped)."""
        found = [
            (match.start(), -len(match.group()), word, match)
            for word in self.waiting
            if (match := word.pattern.search(data))
        ]
        if not found:
            return data
        *_, word, match = min(found, key=lambda item: item[:2])  # The earliest; of two there, the longer.
        self.waiting.remove(word)
        link = f'<a class="word-link" href="#{anchor(word)}">{match.group()}</a>'
        # The rest of the text may use another word: link that too, outside this link.
        return data[: match.start()] + link + self.linked(data[match.end() :])

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")


def link_first_uses(html, words):
    """`html` with the first use of each of `words` linked to its explanation on the same page."""
    if not words:
        return html
    linker = FirstUseLinker(words)
    linker.feed(str(html))
    linker.close()
    return mark_safe("".join(linker.out))  # noqa: S308 - the input was safe HTML; only links to anchors are added.
