"""Said once and short enough to read: shared text stored once, no sentence twice on a page, a short version."""

import re
from collections import Counter

import pytest
from django.conf import settings
from django.core import serializers
from django.db import models

from treatments.management.commands.load_clinic_content import shipped_content
from treatments.models import Condition, Treatment
from treatments.models.procedures import SHORT_VERSION_MAX_WORDS, Reference
from treatments.page_cache import content_models
from treatments.procedures.readability import sentences, word_count
from treatments.procedures.structure import GRID, PAGE_PREFETCHES, SECTIONS

pytestmark = pytest.mark.django_db

MAX_EXTRA_COPIES = 30
COUNTED_WORDS = 6  # A sentence this long or longer, stored twice, is a copy (short ones, "Does it hurt?", are not).
TREATMENT_URL = re.compile(r"^/treatments/[\w-]+/$")


# A compare grid's answer restates, in a few words, what its section says, for another page (the compare page);
# a self-check's wording restates its row in the patient's voice ("I am pregnant." on every page that asks it).
RESTATED = {part.field for part in GRID} | {"self_check_wording"}


def stored_sentences(language):
    """Every sentence of every text field of the content models in one language, as dumpdata gives them (grid
    answers aside). English is each field itself (title); another language its own copy (title_es)."""
    for model in content_models():
        if model._meta.auto_created:
            continue  # A link table holds no words.
        texts = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
            and not isinstance(field, models.SlugField | models.URLField | models.EmailField)
            and not field.choices
            and getattr(field, "translated_field", field).name not in RESTATED
            and getattr(field, "language", settings.LANGUAGE_CODE) == language
            and not (language == settings.LANGUAGE_CODE and hasattr(field, "language"))
        ]
        for record in serializers.serialize("python", model.objects.all(), fields=texts):
            for value in record["fields"].values():
                yield from sentences(value or "")


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES])
def test_text_shared_by_pages_is_stored_once(clinic_content, language):
    counted = Counter(sentence for sentence in stored_sentences(language) if word_count(sentence) >= COUNTED_WORDS)
    copies = {sentence: count - 1 for sentence, count in counted.items() if count > 1}
    assert sum(copies.values()) <= MAX_EXTRA_COPIES, copies


def test_a_source_is_stored_once_and_cited_by_every_page_that_uses_it(clinic_content):
    guideline = Reference.objects.get(url="https://www.nice.org.uk/guidance/cg168/chapter/1-recommendations")
    assert guideline.citations.count() >= 3


def page_sentences(treatment):
    """The sentences a patient reads on the page, section by section, forms aside."""
    for section in SECTIONS:
        for text in section.text(treatment, shown_only=True).split("\n"):
            yield from sentences(text)


def test_no_sentence_is_said_twice_on_one_page(clinic_content):
    repeated = {}
    for treatment in Treatment.objects.prefetch_related(*PAGE_PREFETCHES):
        counted = Counter(sentence for sentence in page_sentences(treatment) if word_count(sentence) >= 4)
        if twice := [sentence for sentence, count in counted.items() if count > 1]:
            repeated[treatment.slug] = twice
    assert repeated == {}


def test_every_procedure_opens_with_a_short_version(client, clinic_content):
    for treatment in Treatment.objects.all():
        assert 0 < word_count(treatment.short_version) <= SHORT_VERSION_MAX_WORDS, treatment.slug
        page = client.get(treatment.get_absolute_url()).content.decode()
        assert page.index('id="short-version"') < page.index('id="key-facts"')


def test_every_procedure_has_its_own_questions_to_ask_and_the_clinics(client, clinic_content):
    for treatment in Treatment.objects.all():
        assert treatment.questions_to_ask.count() >= 3, treatment.slug
    page = client.get(clinic_content.get_absolute_url()).content.decode()
    assert "Questions to ask about any treatment" in page


def public_pages(client):
    yield from (treatment.get_absolute_url() for treatment in Treatment.objects.published())
    for condition in Condition.objects.all():
        yield condition.get_absolute_url()
        yield f"{condition.get_absolute_url()}compare/"
    yield from ("/", "/treatments/", "/privacy/")


def visible_text(html):
    return re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL))


def test_rendered_pages_read_as_a_person_writes(client, clinic_content):
    """No ".." and no machine-made numbers ("0 nights", "(0 days)") on any page; "How often:" sentences stay short."""
    found = {}
    for url in public_pages(client):
        text = visible_text(client.get(url).content.decode())
        if problems := re.findall(r"\w\.\.(?!\.)|\b0 nights\b|\(0 days?\)", text):
            found[url] = problems
        for how_often in re.findall(r"How often: ([^\n]*)", text):
            first = sentences(f"How often: {how_often.strip()}")[0]
            assert word_count(first) <= 25, (url, first)
    assert found == {}


def test_sources_link_to_the_publisher_in_english(clinic_content):
    for reference in Reference.objects.all():
        assert reference.url.startswith("https://"), reference.url
        assert "zh_HAN" not in reference.url
        if reference.publisher == "Mayo Clinic":
            assert reference.url.startswith(("https://www.mayoclinic.org/", "https://newsnetwork.mayoclinic.org/"))
        if reference.publisher == "Cleveland Clinic":
            assert reference.url.startswith(("https://my.clevelandclinic.org/", "https://health.clevelandclinic.org/"))


# A citation in the text: "(NICE)", "(Mayo Clinic)", "(Jia and others, 2007)".
CITED = re.compile(r"\([^()]*\b(?:NICE|NHS|Cochrane|Mayo Clinic|Cleveland Clinic|and others|et al)\b[^()]*\)")


def test_a_source_is_named_at_most_once_per_section(clinic_content):
    repeated = {}
    for treatment in Treatment.objects.prefetch_related(*PAGE_PREFETCHES):
        for section in SECTIONS:
            if section.anchor == "sources":
                continue  # The list of sources names each publisher by design.
            counted = Counter(CITED.findall(section.text(treatment, shown_only=True)))
            if twice := [cited for cited, count in counted.items() if count > 1]:
                repeated[(treatment.slug, section.anchor)] = twice
    assert repeated == {}


def test_every_shipped_library_entry_is_used_by_a_page():
    """An entry no page uses only clutters the admin's library: the shipped content has none. (A word explained is
    shown wherever a page's text uses it, so it needs no page to name it.)"""
    content = shipped_content()
    used = {"references": set(), "signs": set(), "passages": set(), "illustrations": set()}
    for treatment in content["treatments"]:
        used["references"].update(treatment["sources"])
        used["signs"].update(treatment["signs"])
        used["passages"].update(treatment.get("passages", []))
        used["illustrations"].update(treatment.get("illustrations", []))
    # The Costs and insurance page cites its own; every condition page shows its illustrations.
    used["references"].update(content["clinic"].get("insurance_sources", []))
    for condition in content["conditions"]:
        used["illustrations"].update(condition.get("illustrations", []))
    unused = {name: set(entries) - used[name] for name, entries in content["library"].items() if name in used}
    assert unused == {name: set() for name in used}
