"""The issue's "Every public page exists at its Spanish URL with a 200, lang="es", correct hreflang pairs, and no
English interface string": every page type of the shipped site, rendered in Spanish."""

import gettext
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from treatments.models import Condition, Treatment

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES"
HREFLANG = re.compile(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">')
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{|\{%|<|%s|%d")


class VisibleText(HTMLParser):
    """The words of <body> a patient reads or hears: text and the attributes read out, scripts and styles aside,
    and what is marked as English on purpose (a source's title, as its publisher wrote it) left out."""

    SKIPPED = {"script", "style", "template"}
    READ_OUT = {"alt", "aria-label", "title", "placeholder"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skipping, self.in_body, self.open = [], 0, False, []

    def handle_starttag(self, tag, attrs):
        self.in_body |= tag == "body"
        attributes = dict(attrs)
        skipped = tag in self.SKIPPED or (tag != "html" and attributes.get("lang") == "en")
        if tag not in self.VOID:
            self.open.append(skipped)
            self.skipping += skipped
        if self.in_body and not self.skipping and not skipped:
            self.parts += [value for name, value in attrs if name in self.READ_OUT and value]
            if attributes.get("type") in ("submit", "button", "reset"):  # A button's value is its label.
                self.parts.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.open:
            self.skipping -= self.open.pop()

    def handle_data(self, data):
        if self.in_body and not self.skipping:
            self.parts.append(data)

    @classmethod
    def of(cls, html):
        reader = cls()
        reader.feed(html)
        return " ".join(" ".join(reader.parts).split())


def spanish_catalogue():
    """{English: Spanish} of the compiled catalogue: every string the interface has."""
    with open(CATALOGUE / "django.mo", "rb") as compiled:
        return gettext.GNUTranslations(compiled)._catalog


def english_left(text, catalogue):
    """The catalogue's English strings that the text still shows: each whole (a word on its own, or a sentence),
    where its Spanish differs and it has no placeholder (which a page would show only in part)."""
    text = re.sub(r"https?://\S+", " ", text)  # A printed page's own address is not words.
    spanish = "\n".join(str(msgstr) for msgstr in catalogue.values())
    left = set()
    for key, msgstr in catalogue.items():
        if not isinstance(key, str) or not key:
            continue
        msgid = key.split("\x04", 1)[-1]  # An entry with a context is "context\x04msgid".
        if msgstr == msgid or PLACEHOLDER.search(msgid) or len(msgid) < 4:
            continue
        whole = re.compile(rf"(?<!\w){re.escape(msgid)}(?!\w)")
        if whole.search(text) and not whole.search(spanish):  # "Compare" is Spanish too ("Compare las opciones").
            left.add(msgid)
    return sorted(left)


def spanish_pages():
    """Every page type in Spanish: the sitemap's pages, the procedure tools, compare pages with options, the forms,
    search and a missing page."""
    with translation.override("es"):
        treatment = Treatment.objects.published().order_by("slug").first()
        condition = Condition.objects.get(slug="varicose-veins")
        options = "&".join(f"option={t.slug}" for t in condition.treatments.published()[:2])
        return {
            reverse("treatments:home"): 200,
            reverse("treatments:list"): 200,
            reverse("treatments:privacy"): 200,
            reverse("treatments:specialists"): 200,
            reverse("treatments:visit"): 200,
            reverse("treatments:costs"): 200,
            reverse("treatments:consultation"): 200,
            reverse("treatments:search") + "?q=várices": 200,
            reverse("treatments:search") + "?q=xyzzy": 200,
            **{t.get_absolute_url(): 200 for t in Treatment.objects.published()},
            **{c.get_absolute_url(): 200 for c in Condition.objects.all()},
            **{reverse("treatments:compare", args=[c.slug]): 200 for c in Condition.objects.all()},
            reverse("treatments:compare", args=[condition.slug]) + "?" + options: 200,
            reverse("treatments:compare_summary", args=[condition.slug]) + "?" + options + "&priority=pain": 200,
            reverse("treatments:self_check", args=[treatment.slug]): 200,
            reverse("treatments:aftercare_plan", args=[treatment.slug]): 200,
            "/es/no-such-page/": 404,
        }


def test_every_page_type_is_in_spanish_with_its_english_pair(client, clinic_content):
    catalogue = spanish_catalogue()
    for path, status in spanish_pages().items():
        assert path.startswith("/es/"), path
        response = client.get(path)
        assert response.status_code == status, path
        page = response.content.decode()
        assert '<html lang="es">' in page, path
        assert english_left(VisibleText.of(page), catalogue) == [], path
        if status == 200 and "noindex" not in page:
            english_path = path.removeprefix("/es")
            alternates = {code: html.unescape(url) for code, url in HREFLANG.findall(page)}
            assert alternates["es"] == f"http://testserver{path}", path
            assert alternates["en"] == alternates["x-default"] == f"http://testserver{english_path}", path
            english = client.get(english_path).content.decode()
            assert '<html lang="en">' in english, english_path
            assert {code: html.unescape(url) for code, url in HREFLANG.findall(english)} == alternates, english_path


def test_the_switcher_keeps_the_patient_on_the_same_page(client, clinic_content):
    path = clinic_content.get_absolute_url()
    english = client.get(path).content.decode()
    assert f'<a class="language-link" href="http://testserver/es{path}" hreflang="es" lang="es">Español</a>' in english
    spanish = client.get(f"/es{path}").content.decode()
    assert f'<a class="language-link" href="http://testserver{path}" hreflang="en" lang="en">English</a>' in spanish


def test_shipped_spanish_pages_read_in_spanish(client, clinic_content):
    page = client.get(f"/es{clinic_content.get_absolute_url()}").content.decode()
    with translation.override("es"):
        assert clinic_content.title_es and clinic_content.title_es in page
    assert clinic_content.title_en not in VisibleText.of(page).replace(clinic_content.title_es, "")
    assert '"inLanguage":"es"' in page


def test_the_spanish_catalogue_has_no_untranslated_or_fuzzy_entry():
    source = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in source
    entries = source.split("\n\n")[1:]  # The first is the catalogue's header, whose msgid is empty.
    untranslated = [
        entry
        for entry in entries
        if re.search(r'^msgstr(\[\d\])? ""\n?$', entry, re.MULTILINE)
        and not re.search(r'^msgstr(\[\d\])? ""\n"', entry, re.MULTILINE)
    ]
    assert untranslated == []
