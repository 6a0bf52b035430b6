"""The shipped words explained: the names and jargon US patients stumbled on are each explained, in plain words,
and each page links its first use of them."""

import re

import pytest

from treatments.models import Treatment
from treatments.models.procedures import Word
from treatments.procedures.readability import TARGET_GRADE, grade, sentences, word_count

pytestmark = pytest.mark.django_db

# The review's list: names a US patient does not know, and the jargon patients asked about.
STUMBLED_ON = (
    "NICE", "NHS", "Cochrane", "CG168", "endovenous", "ablation", "saphenous", "duplex", "tumescent", "sclerosant",
    "phlebectomy", "reticular", "thrombophlebitis", "hematoma",
)  # fmt: skip
LINK = re.compile(r'<a class="word-link" href="#word-([\w-]+)">')


def test_every_word_patients_stumbled_on_is_explained(clinic_content):
    words = list(Word.objects.all())
    assert [term for term in STUMBLED_ON if not any(word.pattern.fullmatch(term) for word in words)] == []


def test_every_meaning_is_plain(clinic_content):
    for word in Word.objects.all():
        assert grade(word.meaning) <= TARGET_GRADE, (word.word, grade(word.meaning))
        assert max(word_count(sentence) for sentence in sentences(word.meaning)) <= 25, word.word


def test_each_page_links_the_first_use_of_each_word_once_and_explains_it(client, clinic_content):
    for treatment in Treatment.objects.published():
        html = client.get(treatment.get_absolute_url()).content.decode()
        linked = LINK.findall(html)
        assert len(linked) == len(set(linked)), treatment.slug
        assert linked, treatment.slug
        for slug in linked:
            assert f'<dt id="word-{slug}">' in html, (treatment.slug, slug)
        if "NICE" in html.split('id="sources"')[0]:
            assert "nice" in linked, treatment.slug
