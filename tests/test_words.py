"""Words explained: each word a page uses is listed under "Words used on this page", and its first use is linked."""

import re

import pytest

from tests.factories import TreatmentFactory, WordFactory
from treatments.procedures.words import link_first_uses

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a class="word-link" href="#word-([\w-]+)">([^<]+)</a>')


def page(client, treatment):
    return client.get(treatment.get_absolute_url()).content.decode()


def test_a_used_word_is_explained_and_only_its_first_use_is_linked(client):
    WordFactory(word="duplex scan", slug="duplex-scan", other_forms="duplex", meaning="A scan of the veins.")
    treatment = TreatmentFactory(
        overview="First a duplex scan looks at the veins.", how_it_works="The duplex scan is repeated later."
    )
    html = page(client, treatment)
    assert LINK.findall(html) == [("duplex-scan", "duplex scan")]
    assert '<dt id="word-duplex-scan"><dfn>duplex scan</dfn></dt>' in html
    assert "<dd>A scan of the veins.</dd>" in html


def test_a_word_the_page_does_not_use_is_not_listed(client):
    WordFactory(word="tumescent", slug="tumescent")
    html = page(client, TreatmentFactory())
    assert 'id="word-tumescent"' not in html
    assert 'id="words"' not in html  # With no word to explain, the section is left out.


def test_a_word_in_capitals_matches_only_in_capitals(client):
    WordFactory(word="NICE", slug="nice")
    treatment = TreatmentFactory(overview="The staff were nice to me.", how_it_works="NICE gives this advice.")
    assert LINK.findall(page(client, treatment)) == [("nice", "NICE")]


def test_other_words_match_in_any_case():
    word = WordFactory(word="ablation", other_forms="ablations")
    assert word.pattern.search("Ablation closes it.") and word.pattern.search("two ablations")
    assert not word.pattern.search("ablationist")


@pytest.mark.parametrize(
    "html",
    [
        "<h2>What a duplex scan is</h2><p>x</p>",
        '<p><a href="/other/">duplex scan</a></p>',
        "<form><label>Had a duplex scan?</label></form>",
        "<details><summary>Duplex scan</summary></details>",
    ],
)
def test_no_link_goes_inside_a_heading_link_or_form(html):
    word = WordFactory(word="duplex scan", slug="duplex-scan")
    assert link_first_uses(html, [word]) == html


def test_linking_keeps_the_rest_of_the_html_as_it_was():
    words = [WordFactory(word="DVT", slug="dvt"), WordFactory(word="pulmonary embolism", slug="pe")]
    html = '<p class="x">A DVT &amp; a <em>pulmonary embolism</em>&#x27;s risk.<br>DVT again.</p><!-- note -->'
    assert link_first_uses(html, words) == (
        '<p class="x">A <a class="word-link" href="#word-dvt">DVT</a> &amp; a <em><a class="word-link" '
        'href="#word-pe">pulmonary embolism</a></em>&#x27;s risk.<br>DVT again.</p><!-- note -->'
    )


def test_two_words_in_one_text_are_both_linked_the_longer_first_where_they_start_together():
    words = [WordFactory(word="duplex", slug="duplex"), WordFactory(word="duplex scan", slug="duplex-scan")]
    linked = link_first_uses("<p>A duplex scan, then duplex again.</p>", words)
    assert LINK.findall(linked) == [("duplex-scan", "duplex scan"), ("duplex", "duplex")]


def test_an_edited_word_shows_on_the_page_at_once(client):
    word = WordFactory(word="sclerosant", slug="sclerosant", meaning="Old meaning.")
    treatment = TreatmentFactory(overview="The sclerosant is injected.")
    assert "Old meaning." in page(client, treatment)
    word.meaning = "The medicine that closes the vein."
    word.save()
    assert "The medicine that closes the vein." in page(client, treatment)
