"""Reading grades and long sentences (treatments/procedures/readability.py), and how the admin shows them."""

from http import HTTPStatus

import pytest
from django.core.management import call_command
from pytest_django.asserts import assertContains, assertInHTML, assertNotContains

from tests.factories import SECTION_TEXT_FIELDS, TreatmentFactory
from tests.helpers import admin_change_url, count_page_queries, post_admin_form
from treatments.procedures.readability import TARGET_GRADE, grade, long_sentences, page_reading
from treatments.procedures.structure import SECTIONS

# 13 words, 16 syllables, one sentence. textstat rounds syllables per word to one decimal (16/13 -> 1.2), so
# Flesch-Kincaid = 0.39 * 13 + 11.8 * 1.2 - 15.59 = 3.64 -> 3.6.
PLAIN = "Compression stockings help the blood in your legs flow back to your heart."
PLAIN_GRADE = 3.6
# 13 words, 36 syllables (2.8 per word): 0.39 * 13 + 11.8 * 2.8 - 15.59 = 22.54 -> 22.5.
HARD = (
    "Endovenous thermal ablation necessitates tumescent anaesthesia administered circumferentially "
    "around the incompetent saphenous vein."
)
HARD_GRADE = 22.5
PROSE_HEADINGS = [section.heading for section in SECTIONS if section.prose]
CHANGE_LIST_URL = "/admin/treatments/treatment/"


def words(count):
    """A sentence of exactly `count` words, without a full stop."""
    return " ".join(["legs"] * count)


@pytest.fixture
def plain_treatment(db):
    """A procedure whose only text is PLAIN in "What it is" (and the type of procedure, which always shows)."""

    def make(**texts):
        return TreatmentFactory(**(dict.fromkeys(SECTION_TEXT_FIELDS, "") | {"overview": PLAIN} | texts))

    return make


def test_grades_of_known_sentences_are_textstats_flesch_kincaid():
    assert grade(PLAIN) == PLAIN_GRADE
    assert grade(HARD) == HARD_GRADE
    assert PLAIN_GRADE <= TARGET_GRADE < HARD_GRADE


def test_page_reading_grades_each_prose_section_and_the_whole_page_together(plain_treatment):
    reading = page_reading(plain_treatment(results=HARD))
    grades = {section.heading: section.score for section in reading.sections}
    assert list(grades) == PROSE_HEADINGS  # Sources and other options are not prose.
    assert grades["What it is"] == PLAIN_GRADE
    assert grades["Results and long-term care"] == HARD_GRADE
    assert grades["Benefits"] is None  # No text yet (textstat would say -15.7).
    assert [section.heading for section in reading.sections_above_target] == ["Results and long-term care"]
    # The whole page is read as one text, not averaged from its sections (that would be 9.3): PLAIN, then the type
    # of procedure ("Through the skin, with a needle or thin tube (no cuts)": 11 words, 12 syllables, no full stop,
    # so textstat reads it into HARD's sentence). 37 words in 2 sentences, 64 syllables (1.7 per word):
    # 0.39 * 18.5 + 11.8 * 1.7 - 15.59 = 11.685 -> 11.7.
    assert reading.score == 11.7
    assert reading.above_target


@pytest.mark.parametrize(
    "text, expected",
    [
        (words(25) + ".", []),
        (words(26) + ".", [(words(26) + ".", 26)]),
        (words(26), [(words(26), 26)]),  # The end of the text ends a sentence.
        (f"{words(20)}. {words(20)}! {words(20)}? {words(20)}.", []),
        (f"{words(20)}\n\n{words(20)}", []),  # Paragraphs are read apart, with or without a full stop.
        (f"{words(20)}\n{words(20)}", []),
        (f"{words(24)} 3.5 mm.", [(f"{words(24)} 3.5 mm.", 26)]),  # A decimal point is no sentence end.
        (f"{words(10)}.{words(17)}", [(f"{words(10)}.{words(17)}", 26)]),  # Nor a stop without a space.
    ],
)
def test_long_sentence_finder(text, expected):
    assert long_sentences([text]) == expected


def test_list_rows_and_row_fields_are_read_apart(plain_treatment):
    treatment = plain_treatment()
    treatment.benefits.create(position=1, text=words(15))
    treatment.benefits.create(position=2, text=words(15))
    treatment.steps.create(position=1, title="We scan your leg", description=words(25) + ".")
    assert page_reading(treatment).long_sentences == []
    treatment.benefits.create(position=3, text=words(26))
    assert page_reading(treatment).long_sentences == [("Benefits", words(26), 26)]


def section_row(heading, section_grade, result):
    return f'<tr><th scope="row">{heading}</th><td>{section_grade}</td><td>8 or lower</td><td>{result}</td></tr>'


ABOVE = "<strong>Above the target</strong>"
WITHIN = "Within the target"


def test_change_form_shows_each_sections_grade_and_marks_hard_sections_and_long_sentences(
    admin_client, clinic, plain_treatment
):
    treatment = plain_treatment(results=HARD, how_it_works=words(26) + ".")
    response = admin_client.get(admin_change_url(treatment))
    assertContains(response, "How the page reads as last saved, in each language")
    # The English table; the Spanish one follows it (a page with no Spanish yet scores only what is translated).
    english, spanish = response.content.decode().split("<caption>Español: INFLESZ (Szigriszt-Pazos).")
    assertInHTML(section_row("Whole page", page_reading(treatment).score, ABOVE), english)
    assertInHTML(section_row("What it is", PLAIN_GRADE, WITHIN), english)
    assertInHTML(section_row("Results and long-term care", HARD_GRADE, ABOVE), english)
    assertInHTML(ABOVE, english, count=2)
    assertInHTML(section_row("Benefits", "No text yet", "Nothing to grade"), english)
    # What it is, how it works (one plain sentence of 26 words) and what to expect on the day (the type of procedure).
    assert english.count(WITHIN) == 3
    assert english.count('<th scope="row">') == len(PROSE_HEADINGS) + 1
    assertInHTML(f"<li><strong>26 words</strong>, in How it works: <q>{words(26)}.</q></li>", english)
    assert spanish.count('<th scope="row">') == len(PROSE_HEADINGS) + 1
    assert "65 or more" in spanish


def test_change_form_says_when_no_sentence_is_too_long(admin_client, clinic, plain_treatment):
    response = admin_client.get(admin_change_url(plain_treatment()))
    assertContains(response, "None: every sentence has 25 words or fewer.")
    assertNotContains(response, "Above the target")


def test_panel_shows_the_saved_page_after_a_form_with_errors(admin_client, clinic, plain_treatment):
    url = admin_change_url(plain_treatment())
    response = post_admin_form(admin_client, url, overview=f"{HARD} {words(30)}.", slug="")
    assert response.status_code == HTTPStatus.OK
    assert "slug" in response.context["adminform"].form.errors
    assertContains(response, section_row("What it is", PLAIN_GRADE, WITHIN), html=True)
    assertContains(response, "None: every sentence has 25 words or fewer.")


def test_add_form_asks_to_save_first(admin_client, clinic):
    assertContains(admin_client.get(f"{CHANGE_LIST_URL}add/"), "Save the page to see how it reads.")


def test_change_list_has_a_reading_grade_column_marked_above_the_target(admin_client, clinic, plain_treatment):
    plain = plain_treatment(title="Plain page", slug="plain-page")
    hard = plain_treatment(title="Hard page", slug="hard-page", **dict.fromkeys(SECTION_TEXT_FIELDS, HARD))
    response = admin_client.get(CHANGE_LIST_URL)
    assertContains(response, "Reading grade")
    assertContains(response, f'<td class="field-reading_grade">{page_reading(plain).score}</td>', html=True)
    hard_grade = page_reading(hard).score
    assert hard_grade > TARGET_GRADE
    assertContains(
        response,
        f'<td class="field-reading_grade"><strong class="reading-grade-above-target">{hard_grade} (above 8)'
        "</strong></td>",
        html=True,
    )


def test_change_list_queries_do_not_grow_with_the_number_of_procedures(admin_client, clinic):
    TreatmentFactory.create_batch(2, rows=2)
    two = count_page_queries(admin_client, CHANGE_LIST_URL)
    TreatmentFactory.create_batch(3, rows=2)
    assert count_page_queries(admin_client, CHANGE_LIST_URL) == two


def test_reading_grades_command_reports_the_same_grades_and_long_sentences(plain_treatment, capsys):
    treatment = plain_treatment(title="Plain page", results=HARD, how_it_works=words(26) + ".")
    call_command("reading_grades")
    lines = capsys.readouterr().out.splitlines()
    assert f"{page_reading(treatment).score:5.1f}  Plain page  <- above the target" in lines
    assert f"  {PLAIN_GRADE:5.1f}  What it is" in lines
    assert f"  {HARD_GRADE:5.1f}  Results and long-term care  <- above the target" in lines
    assert "      -  Benefits" in lines  # No text yet.
    assert f"  26 words in How it works: {words(26)}." in lines


def test_a_grade_below_one_is_shown_in_words():
    from treatments.admin.readability import VERY_EASY, shown_grade

    assert shown_grade(-1.1) == VERY_EASY == "Very easy (below grade 1)"
    assert shown_grade(4.25) == "4.2"
