"""Site search (/search/): what it finds, in what order, how it shows it, and what it says to a query it cannot use.

Runs on whichever database the suite runs on: PostgreSQL's full-text search or the simpler match elsewhere.
"""

import datetime
import re
from http import HTTPStatus

import pytest
from django.db import connection
from django.utils import timezone

from tests.factories import ConditionFactory, TreatmentFactory, list_row
from treatments.models.procedures import LinkedItem
from treatments.page_cache import PUBLIC_PAGES
from treatments.procedures.structure import row_text_fields
from treatments.search.excerpts import EXCERPT_WORDS, excerpt
from treatments.search.sources import BODY_FIELDS, BODY_LISTS, QUESTIONS_SECTION
from treatments.search.terms import MAX_QUERY_LENGTH, SearchTerms, root
from treatments.search.views import RESULTS_PER_PAGE

SEARCH_URL = "/search/"
TYPE_A_WORD = "Type a word or two"
NOTHING_FOUND = "We found no pages with"
# A word no factory writes: a page has it only where a test puts it.
WORD = "polidocanol"


def search(client, query, **parameters):
    response = client.get(SEARCH_URL, {"q": query, **parameters})
    assert response.status_code == HTTPStatus.OK
    return response


def found(response):
    """(kind, title) of each result shown, in order."""
    return [(document.kind, document.title) for document, _ in response.context.get("results") or []]


def titles(response):
    return [title for _, title in found(response)]


@pytest.fixture
def sclerotherapy(clinic):
    return TreatmentFactory(
        title="Ultrasound-guided sclerotherapy",
        overview="Your doctor injects a medicine into the vein. "
        "It is usually polidocanol or sodium tetradecyl sulfate.",
    )


# --- What is found ---------------------------------------------------------------------------------------------


def test_a_word_of_the_page_finds_the_procedure_with_it_highlighted(client, sclerotherapy):
    TreatmentFactory(title="Compression stockings")  # Not a match: must not be listed.
    response = search(client, WORD)
    assert found(response) == [("Procedure", "Ultrasound-guided sclerotherapy")]
    page = response.content.decode()
    assert f'<a href="{sclerotherapy.get_absolute_url()}">Ultrasound-guided sclerotherapy</a>' in page
    assert "usually <mark>polidocanol</mark> or sodium" in page


@pytest.mark.parametrize("field", BODY_FIELDS)
def test_every_text_field_of_the_page_is_searched(client, clinic, field):
    TreatmentFactory(title="The one", **{field: f"Some words, then {WORD} here."})
    assert titles(search(client, WORD)) == ["The one"]


@pytest.mark.parametrize("part", BODY_LISTS, ids=lambda part: part.related_name)
def test_every_list_of_the_page_is_searched(client, clinic, part):
    treatment = TreatmentFactory(title="The one")
    row = list_row(part, treatment, 1)
    words = row.entry if isinstance(row, LinkedItem) else row  # A sign's words are the library entry's.
    last_field = row_text_fields(part.model)[-1]  # A step's description, not its title: every field counts.
    setattr(words, last_field.attname, f"Some words, then {WORD} here.")
    words.save()
    row.save()
    response = search(client, WORD)
    assert titles(response) == ["The one"]
    assert f"<mark>{WORD}</mark>" in response.content.decode()


def test_words_are_matched_loosely_and_every_word_must_be_found(client, sclerotherapy):
    assert titles(search(client, "Injected polidocanol")) == [sclerotherapy.title]  # "injects", any case.
    assert titles(search(client, "veins")) == [sclerotherapy.title]
    assert titles(search(client, "polidocanol banana")) == []


def test_a_word_after_a_minus_leaves_out_the_pages_with_it(client, sclerotherapy):
    assert titles(search(client, "vein -sodium")) == []
    assert titles(search(client, "vein -banana")) == [sclerotherapy.title]


def test_a_question_is_found_and_links_to_its_procedures_questions(client, sclerotherapy):
    sclerotherapy.faqs.create(question="Will my skin itch?", answer="A little, for a day or two.", position=1)
    response = search(client, "itch")
    assert found(response) == [("Question", "Will my skin itch?")]
    page = response.content.decode()
    assert f'href="{sclerotherapy.get_absolute_url()}#{QUESTIONS_SECTION.anchor}"' in page
    assert f"Question: {sclerotherapy.title}" in page


def test_a_condition_is_found(client, clinic):
    condition = ConditionFactory(name="Leg ulcers", description="Sores that heal slowly, often near the ankle.")
    response = search(client, "ankle")
    assert found(response) == [("Condition", "Leg ulcers")]
    assert f'<a href="{condition.get_absolute_url()}">Leg ulcers</a>' in response.content.decode()
    assert "often near the <mark>ankle</mark>" in response.content.decode()


def test_a_title_ranks_above_a_summary_and_a_summary_above_the_body(client, clinic):
    TreatmentFactory(title="Body match", overview=f"Here it says {WORD} once.")
    TreatmentFactory(title="Summary match", summary=f"A {WORD} summary.")
    TreatmentFactory(title=f"Title match {WORD}")
    ConditionFactory(name="Condition body match", description=f"It says {WORD}.")
    ranked = titles(search(client, WORD))
    assert ranked.index(f"Title match {WORD}") < ranked.index("Summary match") < ranked.index("Body match")
    assert ranked.index("Summary match") < ranked.index("Condition body match")


# --- What is never found ---------------------------------------------------------------------------------------


def test_a_drafts_title_and_questions_find_nothing(client, clinic):
    draft = TreatmentFactory(draft=True, title="Secret foam trial", overview=f"Uses {WORD}.")
    draft.faqs.create(question="Is the secret foam safe?", answer="We are still checking.", position=1)
    for query in ["Secret foam trial", WORD, "secret foam safe"]:
        response = search(client, query)
        assert found(response) == [], query
        assert NOTHING_FOUND in response.content.decode()


@pytest.mark.parametrize(
    ("publish_in", "public"),
    [(datetime.timedelta(hours=1), False), (-datetime.timedelta(seconds=1), True)],
    ids=["scheduled", "its time has come"],
)
def test_a_scheduled_page_is_found_only_from_its_publish_at_time(client, clinic, publish_in, public):
    page = TreatmentFactory(title="Laser glow", publish_at=timezone.now() + publish_in)
    page.faqs.create(question="Does the glow fade?", answer="Yes.", position=1)
    assert titles(search(client, "Laser glow")) == (["Laser glow"] if public else [])
    assert titles(search(client, "glow fade")) == (["Does the glow fade?"] if public else [])


# --- Shown as text ---------------------------------------------------------------------------------------------


def test_staff_text_is_shown_as_text_never_as_html(client, clinic):
    TreatmentFactory(
        title="<b>Bold</b> title",
        slug="bold-title",
        overview=f'Watch <script>alert("x")</script> {WORD} & <i>more</i>.',
    )
    page = search(client, WORD).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>polidocanol</mark> &amp; &lt;i&gt;more" in page
    assert "&lt;b&gt;Bold&lt;/b&gt; title" in page
    assert "<script>alert" not in page
    assert "<b>Bold" not in page


def test_a_query_with_markup_is_shown_as_text(client, clinic):
    page = search(client, '<img src=x onerror="alert(1)">').content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page


def test_the_excerpt_is_about_thirty_words_around_the_first_match():
    words = [f"word{n}" for n in range(100)]
    words[60] = WORD
    terms = SearchTerms.parse(WORD)
    shown = str(excerpt(["", " ".join(words)], terms.any_word))
    assert shown.startswith("… word52 ")
    assert shown.endswith(" …")
    assert len(shown.split()) == EXCERPT_WORDS + 2  # The words, and an ellipsis each side.
    assert f"<mark>{WORD}</mark>" in shown
    assert str(excerpt(["Short summary.", "Body."], terms.any_word)) == "Short summary."  # No match: the start.


def test_words_lose_one_common_suffix():
    assert [root(word) for word in ["stockings", "veins", "injections", "legs", "ulcers", "gas"]] == [
        "stock",
        "vein",
        "inject",
        "leg",
        "ulcer",
        "gas",
    ]


# --- Queries it cannot use -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "says"),
    [
        (None, [TYPE_A_WORD]),
        ("", [TYPE_A_WORD]),
        ("   \t  ", [TYPE_A_WORD]),
        ("?!... -- ***", ["no letters or numbers", TYPE_A_WORD]),
        ("🙂🙂", ["no letters or numbers", TYPE_A_WORD]),
        ("静脉", [NOTHING_FOUND, "Our pages are in English"]),
        ("вена", [NOTHING_FOUND, "Our pages are in English"]),
        ("the and of", [NOTHING_FOUND]),
        ("a" * 10_000, ["Your search was very long", NOTHING_FOUND]),
        ("\ufffd\ufffd", ["no letters or numbers"]),  # What invalid UTF-8 becomes.
    ],
    ids=["absent", "empty", "whitespace", "punctuation", "emoji", "chinese", "russian", "common", "10000", "fffd"],
)
def test_a_query_it_cannot_use_gets_a_helpful_page(client, sclerotherapy, condition, query, says):
    response = client.get(SEARCH_URL, {} if query is None else {"q": query})
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    for words in says:
        assert words in page
    assert found(response) == []
    assert "/treatments/" in page  # Somewhere to go instead: every treatment, and each condition.
    assert 'href="/conditions/' in page


def test_a_long_query_is_cut_between_words_and_still_searched(client, sclerotherapy):
    query = f"{WORD} " + "veins " * 2000
    response = search(client, query)
    assert "Your search was very long" in response.content.decode()
    assert titles(response) == [sclerotherapy.title]
    searched = response.context["search_query"]
    assert len(searched) <= MAX_QUERY_LENGTH
    assert searched.endswith(" veins")
    assert f'value="{searched}"' in response.content.decode()  # The boxes show what was searched.


def test_a_query_over_the_address_limit_reaches_the_search_page(client, sclerotherapy):
    """Other pages refuse an address over 4,096 characters (bad_input.py); search cuts the query and says so."""
    response = client.get(f"{SEARCH_URL}?q={WORD}+{'a' * 100_000}")
    assert response.status_code == HTTPStatus.OK
    assert "Your search was very long" in response.content.decode()
    assert client.get(f"/treatments/?q={'a' * 100_000}").status_code == HTTPStatus.REQUEST_URI_TOO_LONG


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's websearch syntax")
def test_postgresql_takes_web_search_syntax(client, sclerotherapy):
    assert titles(search(client, f'"{WORD} or sodium"')) == [sclerotherapy.title]
    assert titles(search(client, f"banana or {WORD}")) == [sclerotherapy.title]
    assert titles(search(client, '"unclosed quote -')) == []  # Any text is a valid query: never an error.


# --- Pages of results ------------------------------------------------------------------------------------------


@pytest.fixture
def many_results(clinic):
    return TreatmentFactory.create_batch(2 * RESULTS_PER_PAGE + 3, overview=f"It uses {WORD}.")


def test_results_come_ten_a_page_and_the_links_keep_the_query(client, many_results):
    first = search(client, WORD)
    assert len(found(first)) == RESULTS_PER_PAGE
    page = first.content.decode()
    assert "23 results" in page
    assert f'href="{SEARCH_URL}?q={WORD}&amp;page=2"' in page
    assert "Previous page" not in page
    last = search(client, WORD, page="3")
    assert len(found(last)) == 3
    assert f'href="{SEARCH_URL}?q={WORD}&amp;page=2"' in last.content.decode()
    assert "Next page" not in last.content.decode()
    every = [title for number in ("1", "2", "3") for title in titles(search(client, WORD, page=number))]
    assert sorted(every) == sorted(treatment.title for treatment in many_results)


def test_a_query_with_spaces_and_symbols_is_kept_in_the_page_links(client, many_results):
    page = search(client, f"{WORD} & it?").content.decode()
    assert f'href="{SEARCH_URL}?q={WORD}%20%26%20it%3F&amp;page=2"' in page


@pytest.mark.parametrize(
    ("number", "shown"), [("abc", 1), ("", 1), ("0", 3), ("-1", 3), ("999", 3), ("99999999999999999999999", 3)]
)
def test_a_bad_page_number_shows_a_page_of_results(client, many_results, number, shown):
    response = search(client, WORD, page=number)
    assert response.context["page_obj"].number == shown
    assert found(response)


# --- The page and the header's search box ----------------------------------------------------------------------


def test_the_page_is_titled_search_kept_out_of_search_engines_and_never_cached(client, sclerotherapy):
    assert "treatments:search" not in PUBLIC_PAGES
    response = search(client, WORD)
    page = response.content.decode()
    assert "<title>Search | " in page
    assert '<meta name="robots" content="noindex">' in page
    assert re.search(r'<nav aria-label="Breadcrumb".*?<a href="/">Home</a>.*?aria-current="page">Search<', page, re.S)
    assert "public" not in response.get("Cache-Control", "")
    sclerotherapy.title = "Renamed sclerotherapy"
    sclerotherapy.save()
    assert titles(search(client, WORD)) == ["Renamed sclerotherapy"]  # Not a kept copy.


def test_every_page_has_a_search_box_that_works_without_javascript(client, sclerotherapy):
    page = client.get("/").content.decode()
    form = re.search(r'<form[^>]* class="header-search"[^>]*>.*?</form>', page, re.S).group()
    assert 'action="/search/"' in form
    assert 'method="get"' in form
    assert 'role="search"' in form
    assert '<label class="header-search-label" for="header-search-query">Search the site</label>' in form
    assert f'<input type="search" name="q" maxlength="{MAX_QUERY_LENGTH}" id="header-search-query">' in form
    assert '<button type="submit">Search</button>' in form
    assert '<a class="header-search-link" href="/search/">Search</a>' in page  # A phone's way in: the box is wider.


def test_the_results_page_shows_one_search_box_with_what_was_searched(client, sclerotherapy):
    searched = search(client, WORD).content.decode()
    assert searched.count('type="search"') == 1
    assert 'class="header-search' not in searched
    assert f'value="{WORD}"' in searched


def test_a_cached_page_never_shows_what_someone_searched(client, sclerotherapy):
    """The header is part of every kept page: it must hold nothing of a visitor's."""
    page = client.get(sclerotherapy.get_absolute_url(), {"q": "my private worry"}).content.decode()
    assert "my private worry" not in page


def test_a_misspelt_search_that_finds_nothing_suggests_the_sites_own_word(client, sclerotherapy):
    page = search(client, "sclerotheraphy").content.decode()
    assert "We found no pages with" in page
    assert 'Did you mean <a href="/search/?q=sclerotherapy">sclerotherapy</a>?' in page
    assert titles(search(client, "sclerotherapy"))  # The suggestion finds the page.
    assert "Did you mean" not in search(client, "qwxzvb").content.decode()  # Nothing close: nothing offered.
