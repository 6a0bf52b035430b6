"""'Is this right for me?': a self-check built from a procedure page's rows, its outcomes, and that it keeps nothing."""

import logging
import re
from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.views.debug import SafeExceptionReporterFilter

from tests.factories import TreatmentFactory, UserFactory
from tests.helpers import FORM_URL
from treatments.procedures.self_check import GUIDANCE, URGENT_QUESTION

pytestmark = pytest.mark.django_db

GET_HELP, MENTION, FITS, CONSULTATION = (guidance.heading for guidance in GUIDANCE)


class SelfCheckForm(HTMLParser):
    """The self-check's questions as a browser sees them: each fieldset's kind, legend, listed signs, radios."""

    def __init__(self, page):
        super().__init__()
        self.questions, self.action, self._in = [], None, None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "data-self-check-form" in attrs:
            self.action = attrs["action"]
        elif tag == "fieldset" and "data-kind" in attrs:
            self.questions.append({"kind": attrs["data-kind"], "legend": "", "signs": [], "radios": []})
        elif self.questions and tag == "input" and attrs.get("type") == "radio":
            self.questions[-1]["radios"].append((attrs["name"], attrs["value"], "checked" in attrs))
        self._in = tag if tag in ("legend", "li") and self.questions else self._in

    def handle_endtag(self, tag):
        if tag in ("fieldset", self._in):
            self._in = None

    def handle_data(self, data):
        if self._in == "legend":
            self.questions[-1]["legend"] += data.strip()
        elif self._in == "li" and self.questions and not self.questions[-1]["radios"]:
            self.questions[-1]["signs"].append(data.strip())

    def names(self, kind):
        return [question["radios"][0][0] for question in self.questions if question["kind"] == kind]


def self_check_url(treatment):
    return reverse("treatments:self_check", args=[treatment.slug])


def questions_of(client, treatment):
    return SelfCheckForm(client.get(treatment.get_absolute_url()).content.decode())


def outcome(page):
    """The outcome region of a self-check page: what the patient reads first, above the questions."""
    start = page.index('id="self-check-outcome"')
    return page[start : page.index("<form", start)]


def words(html):
    """What a patient reads in this HTML: its text, without tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def post(client, treatment, answers):
    response = client.post(self_check_url(treatment), answers)
    assert response.status_code == HTTPStatus.OK
    return response, response.content.decode()


@pytest.fixture
def form(client, treatment):
    return questions_of(client, treatment)


def test_questions_come_from_the_rows_with_the_warning_signs_first(form, treatment):
    assert [question["kind"] for question in form.questions] == ["urgent"] + ["suits"] * 3 + ["not_right"] * 3
    urgent, *rows = form.questions
    assert urgent["legend"] == URGENT_QUESTION
    assert urgent["signs"] == [row.sign.text for row in treatment.signs.all() if row.sign.is_emergency]
    listed = [*treatment.candidates.all(), *treatment.reasons_not_to.all()]
    expected = [row.statement for row in listed]  # In the patient's voice.
    assert [question["legend"] for question in rows] == expected
    for question in form.questions:
        assert len({radio[0] for radio in question["radios"]}) == 1  # One name: one answer per question.
        assert [(value, checked) for _, value, checked in question["radios"]] == [
            ("yes", False),
            ("no", False),
            ("unsure", False),
        ]
    assert form.action == f"{self_check_url(treatment)}#self-check-outcome"


def test_a_warning_sign_gets_help_now_first_whatever_else_is_answered(client, clinic, treatment, form):
    answers = {name: "yes" for name in form.names("not_right")} | {"urgent": "yes"}
    _, page = post(client, treatment, answers)
    shown = outcome(page)
    assert GET_HELP in shown and MENTION not in shown
    assert shown.index(GET_HELP) < shown.index(clinic.emergency_advice) < shown.index(GUIDANCE[0].message)
    assert 'href="tel:911"' in shown


def test_not_right_answers_are_listed_to_mention_at_the_consultation(client, treatment, form):
    first, second, third = form.names("not_right")
    _, page = post(client, treatment, {"urgent": "no", first: "yes", second: "no", third: "yes"})
    shown = outcome(page)
    assert MENTION in shown and GET_HELP not in shown
    reasons = [row.statement for row in treatment.reasons_not_to.all()]
    assert f"<li>{reasons[0]}</li>" in shown and f"<li>{reasons[2]}</li>" in shown
    assert reasons[1] not in shown


def test_yes_to_every_suits_me_question_says_the_answers_match_and_still_sends_to_a_specialist(client, treatment, form):
    answers = {name: "yes" for name in form.names("suits")} | {name: "no" for name in form.names("not_right")}
    _, page = post(client, treatment, answers | {"urgent": "no"})
    shown = outcome(page)
    assert FITS in shown and CONSULTATION not in shown and MENTION not in shown and GET_HELP not in shown
    assert "scan your veins" in shown
    assert "did not answer" not in shown and "not sure" not in shown
    assert "candidate" not in words(shown).lower()  # It guides; it never says "you are a candidate".


def test_the_outcome_differs_from_answering_nothing_only_when_the_answers_say_so(client, treatment, form):
    """All "suits me" questions yes is one outcome; one of them unsure, or nothing answered, is another."""
    suits = form.names("suits")
    all_yes = {name: "yes" for name in suits} | {"urgent": "no"}
    one_unsure = all_yes | {suits[0]: "unsure"}
    headings = [heading for heading in (FITS, CONSULTATION)]
    outcomes = [
        next(h for h in headings if h in outcome(post(client, treatment, answers)[1]))
        for answers in (all_yes, one_unsure, {})
    ]
    assert outcomes == [FITS, CONSULTATION, CONSULTATION]


def test_not_sure_answers_are_counted_and_need_no_apology(client, clinic, treatment, form):
    first, second, _ = form.names("suits")
    _, page = post(client, treatment, {"urgent": "no", first: "unsure", second: "unsure"})
    shown = words(outcome(page))
    assert "You were not sure about 2 of 7. That is fine" in shown
    assert "Questions you did not answer: 4 of 7." in shown
    assert "warning signs now" not in shown  # The warning signs were answered.


def test_not_sure_about_warning_signs_repeats_the_emergency_advice(client, clinic, treatment):
    shown = outcome(post(client, treatment, {"urgent": "unsure"})[1])
    assert "You did not say whether you have warning signs now." in shown
    assert clinic.emergency_advice in shown
    assert GET_HELP not in shown


def test_every_outcome_points_to_the_compare_page_of_each_condition(client, treatment, condition):
    for answers in ({"urgent": "yes"}, {"urgent": "no"}, {}):
        shown = outcome(post(client, treatment, answers)[1])
        assert f'href="/conditions/{condition.slug}/compare/"' in shown


def test_nothing_answered_is_said_plainly_with_the_emergency_advice(client, clinic, treatment):
    _, page = post(client, treatment, {})
    shown = outcome(page)
    assert CONSULTATION in shown
    assert "Questions you did not answer: 7 of 7." in words(shown)
    assert "You did not say whether you have warning signs now." in shown
    assert clinic.emergency_advice in shown


@pytest.mark.parametrize(
    "answers",
    [
        {"urgent": "maybe"},
        {"urgent": "YES"},
        {"urgent": ""},
        {"not-a-question": "yes", "urgent[]": "yes"},
        {"urgent": "x" * 5000},
        {"urgent": "<script>alert(1)</script>"},
    ],
    ids=["other-value", "upper-case", "empty", "unknown-names", "long", "markup"],
)
def test_tampered_answers_count_as_not_answered(client, treatment, answers):
    _, page = post(client, treatment, answers)
    shown = outcome(page)
    assert CONSULTATION in shown and GET_HELP not in shown
    assert "Questions you did not answer: 7 of 7." in words(shown)
    assert "<script>alert" not in page and "x" * 5000 not in page
    assert "checked" not in page.split("<form", 1)[1]


def test_a_row_of_another_procedure_is_not_a_question_here(client, treatment):
    other = TreatmentFactory(rows=1)
    _, page = post(client, treatment, {f"reasons_not_to-{other.reasons_not_to.get().pk}": "yes"})
    assert CONSULTATION in outcome(page)


def test_answers_are_kept_so_the_patient_can_change_them(client, treatment, form):
    first = form.names("not_right")[0]
    _, page = post(client, treatment, {"urgent": "no", first: "yes"})
    kept = SelfCheckForm(page)
    checked = {(name, value) for question in kept.questions for name, value, on in question["radios"] if on}
    assert checked == {("urgent", "no"), (first, "yes")}
    assert kept.action == f"{self_check_url(treatment)}#self-check-outcome"


def test_get_shows_the_blank_self_check(client, treatment):
    response = client.get(self_check_url(treatment))
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    form = SelfCheckForm(page)
    assert len(form.questions) == 7
    assert not any(checked for question in form.questions for *_, checked in question["radios"])
    assert "data-self-check-outcome hidden" in page
    assert f"{treatment.title}: is this right for me?" in page


def test_every_outcome_offers_a_consultation_for_this_procedure(client, treatment, form):
    link = f'href="{FORM_URL}?treatment={treatment.slug}"'
    not_right = form.names("not_right")[0]
    for answers in ({"urgent": "yes"}, {not_right: "yes"}, {}):
        assert link in outcome(post(client, treatment, answers)[1])


def test_procedure_page_carries_every_outcome_from_the_one_list_of_guidance(client, treatment):
    """The script builds the outcome from these copies, so the page and decide() say the same."""
    page = client.get(treatment.get_absolute_url()).content.decode()
    for guidance in GUIDANCE:
        opening = (
            f'<template data-guidance="{guidance.name}" data-when-yes="{guidance.when_yes}" '
            f'data-when-all-yes="{guidance.when_all_yes}">'
        )
        copy = page.split(opening)[1]
        copy = copy.split("</template>", 1)[0]
        assert guidance.heading in copy and guidance.message in copy
        assert f'href="{FORM_URL}?treatment={treatment.slug}"' in copy
    assert '<script src="/static/js/self-check.js" defer></script>' in page


def test_procedure_page_is_still_served_from_the_cache_without_a_token(client, treatment, django_assert_num_queries):
    first = client.get(treatment.get_absolute_url())
    with django_assert_num_queries(0):
        second = client.get(treatment.get_absolute_url())
    assert second.content == first.content
    page = first.content.decode()
    assert "data-self-check-form" in page
    assert "csrfmiddlewaretoken" not in page
    assert not first.cookies and not second.cookies


def test_posting_needs_no_csrf_token_stores_nothing_and_sets_no_cookie(treatment, form):
    client = Client(enforce_csrf_checks=True)
    answers = {"urgent": "no", form.names("not_right")[0]: "yes"}
    with CaptureQueriesContext(connection) as queries:
        response = client.post(self_check_url(treatment), answers)
    assert response.status_code == HTTPStatus.OK
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith(("SELECT", "SAVEPOINT", "RELEASE"))]
    assert writes == []
    assert not response.cookies and "Set-Cookie" not in response.headers
    assert "no-store" in response["Cache-Control"]


def test_answers_appear_in_no_log_nor_error_report(client, treatment, form, caplog):
    name = form.names("not_right")[0]
    with caplog.at_level(logging.DEBUG):
        response, _ = post(client, treatment, {"urgent": "yes", name: "yes"})
    assert caplog.records, "the request log should have written its line"
    assert not [record for record in caplog.records if name in record.getMessage() or "yes" in record.getMessage()]
    hidden = SafeExceptionReporterFilter().get_post_parameters(response.wsgi_request)
    assert hidden and set(hidden.values()) == {SafeExceptionReporterFilter.cleansed_substitute}


def test_unknown_procedure_is_the_404_page(client, treatment):
    for method in (client.get, client.post):
        response = method("/treatments/no-such-thing/self-check/")
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert "We could not find that page" in response.content.decode()


def test_drafts_are_404_to_patients_and_shown_to_staff(client, clinic):
    draft = TreatmentFactory(rows=1, draft=True)
    assert client.post(self_check_url(draft), {"urgent": "yes"}).status_code == HTTPStatus.NOT_FOUND
    client.force_login(UserFactory())
    response = client.post(self_check_url(draft), {"urgent": "yes"})
    assert response.status_code == HTTPStatus.OK
    assert GET_HELP in outcome(response.content.decode())


def test_a_procedure_without_rows_has_no_self_check_but_a_plain_page(client, clinic):
    bare = TreatmentFactory()
    assert "data-self-check" not in client.get(bare.get_absolute_url()).content.decode()
    response = client.post(self_check_url(bare), {"urgent": "yes"})
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "no questions for a self-check yet" in page
    assert f'href="{FORM_URL}?treatment={bare.slug}"' in page


def test_a_row_is_asked_in_the_patients_voice_or_in_its_own_words_while_that_is_empty(client, treatment):
    first, second = treatment.candidates.all()[:2]
    first.self_check_wording = "My legs ache by the evening."
    first.save()
    second.self_check_wording = ""
    second.save()
    page = client.get(treatment.get_absolute_url()).content.decode()
    form = page[page.index("data-self-check-form") :]
    assert "<legend>My legs ache by the evening.</legend>" in form
    assert f"<legend>{second.text}</legend>" in form
    assert "Is this true for you?" in form
