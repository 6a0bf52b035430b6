"""A patient's aftercare plan: day ranges on the procedure page, the plan's dates, its calendar file, bad dates,
and that nothing about the patient's date is kept, logged or put in a shared page."""

import logging
import re
from datetime import date
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from tests.factories import TreatmentFactory, UserFactory
from treatments.procedures import aftercare_plan
from treatments.procedures.forms import ProcedureDateForm
from treatments.procedures.structure import SECTIONS, TIMED_LISTS

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

pytestmark = pytest.mark.django_db

TODAY = date(2027, 1, 15)
PROCEDURE_DATE = "2027-03-01"
STOCKING = "Wear your stocking day and night. Take it off only to shower."
HOT_BATHS = "Don't take hot baths or use a sauna. Short showers are fine."
FOLLOW_UP = "Go to your follow-up visit. We check that the vein has closed."
WATER = "Drink plenty of water."
FLYING = "Don't take a long flight without asking your specialist."
STANDING = "In the first 2 days, don't stand still for long. Walk often."


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """The plausible dates are counted from today: pinned, so 2027-03-01 is always near."""
    monkeypatch.setattr(aftercare_plan, "today", lambda: TODAY)


@pytest.fixture
def procedure(clinic):
    """A published procedure with timed and untimed aftercare rows, saved out of date order."""
    treatment = TreatmentFactory(title="Foam sclerotherapy", slug="foam-sclerotherapy")
    treatment.aftercare_do.create(position=1, text=STOCKING, from_day=0, to_day=14)
    treatment.aftercare_do.create(position=2, text=FOLLOW_UP, from_day=28, to_day=28)
    treatment.aftercare_do.create(position=3, text=WATER)
    treatment.aftercare_dont.create(position=1, text=HOT_BATHS, from_day=1, to_day=14)
    treatment.aftercare_dont.create(position=2, text=FLYING)
    treatment.aftercare_dont.create(position=3, text=STANDING, from_day=0, to_day=2)
    return treatment


@pytest.fixture
def untimed_procedure(clinic):
    treatment = TreatmentFactory(title="Compression stockings", slug="compression-stockings")
    treatment.aftercare_do.create(position=1, text=WATER)
    treatment.aftercare_dont.create(position=1, text=FLYING)
    return treatment


def plan_url(treatment):
    return reverse("treatments:aftercare_plan", args=[treatment.slug])


def calendar_url(treatment):
    return reverse("treatments:aftercare_calendar", args=[treatment.slug])


def events(response):
    return Calendar.from_ical(response.content).walk("VEVENT")


# The day range in words


@pytest.mark.parametrize(
    ("from_day", "to_day", "label"),
    [(0, 14, "Days 0 to 14"), (3, 3, "Day 3"), (0, 0, "Day 0"), (28, 35, "Days 28 to 35"), (None, None, "")],
)
@pytest.mark.parametrize("part", TIMED_LISTS, ids=lambda part: part.related_name)
def test_each_timed_row_says_its_days_in_words(part, from_day, to_day, label):
    assert part.model(text="A row.", from_day=from_day, to_day=to_day).day_label == label


def test_the_aftercare_lists_are_the_timed_ones():
    assert [part.related_name for part in TIMED_LISTS] == ["aftercare_do", "aftercare_dont"]


def test_the_page_shows_each_rows_days_before_its_text(client, procedure):
    page = client.get(procedure.get_absolute_url()).content.decode()
    assert "<strong>Days 0 to 14:</strong> Wear your stocking" in page
    assert "<strong>Day 28:</strong> Go to your follow-up visit." in page
    assert "<strong>Days 1 to 14:</strong> Don&#x27;t take hot baths" in page
    assert f"<li>{WATER}</li>" in page  # No days, no label.
    assert "Day 0 is the day of your treatment." in page
    aftercare = page[page.index('id="aftercare"') : page.index('id="results"')]
    assert (
        aftercare.index("Day 0 is the day")
        < aftercare.index("Wear your stocking")
        < aftercare.index("Make my aftercare plan")
    )


def test_the_label_follows_the_fields_staff_set(client, procedure):
    row = procedure.aftercare_do.get(text=STOCKING)
    row.to_day = 7
    row.save()
    page = client.get(procedure.get_absolute_url()).content.decode()
    assert "<strong>Days 0 to 7:</strong> Wear your stocking" in page
    assert "Days 0 to 14" not in page


def test_reading_grades_read_the_rows_words_only(procedure):
    """The day label and the day-0 line are not graded: the section's text is its rows' own words."""
    [section] = [section for section in SECTIONS if section.anchor == "aftercare"]
    text = section.text(procedure)
    assert STOCKING in text
    assert HOT_BATHS in text
    assert "Days 0 to 14" not in text
    assert "Day 0 is the day" not in text


def test_a_page_without_days_has_no_day_line_and_no_plan_form(client, untimed_procedure):
    page = client.get(untimed_procedure.get_absolute_url()).content.decode()
    assert f"<li>{WATER}</li>" in page
    assert "Day 0 is the day" not in page
    assert "Make my aftercare plan" not in page
    assert plan_url(untimed_procedure) not in page


def test_the_procedure_page_with_the_form_stays_cacheable(client, procedure, django_assert_num_queries):
    first = client.get(procedure.get_absolute_url())
    page = first.content.decode()
    assert f'<form action="{plan_url(procedure)}" method="post">' in page
    assert 'type="date"' in page
    assert '<label for="procedure-date" class="field-label">Date of your procedure</label>' in page
    assert "csrfmiddlewaretoken" not in page
    assert not first.cookies
    assert "public" in first["Cache-Control"]
    with django_assert_num_queries(0):  # The second visitor gets the kept copy.
        assert client.get(procedure.get_absolute_url()).content == first.content


# The plan


def test_the_plan_has_real_dates_in_date_order(client, procedure):
    response = client.post(plan_url(procedure), {"procedure_date": PROCEDURE_DATE})
    assert response.status_code == HTTPStatus.OK
    plan = response.context["plan"]
    assert [(item.kind, item.text, item.starts, item.ends) for item in plan.timed] == [
        ("Don't", STANDING, date(2027, 3, 1), date(2027, 3, 3)),
        ("Do", STOCKING, date(2027, 3, 1), date(2027, 3, 15)),
        ("Don't", HOT_BATHS, date(2027, 3, 2), date(2027, 3, 15)),
        ("Do", FOLLOW_UP, date(2027, 3, 29), date(2027, 3, 29)),
    ]
    assert [(item.kind, item.text) for item in plan.untimed] == [("Do", WATER), ("Don't", FLYING)]

    page = response.content.decode()
    assert "Your procedure: <strong>Monday, March 1, 2027</strong>" in page
    in_order = [
        "<strong>Monday, March 1, 2027 to Wednesday, March 3, 2027</strong>",
        "<strong>Don&#x27;t:</strong> In the first 2 days, don&#x27;t stand still",
        '<strong>Monday, March 1, 2027 to Monday, March 15, 2027</strong> <span class="plan-days">(days 0 to 14)',
        "<strong>Do:</strong> Wear your stocking",
        "<strong>Tuesday, March 2, 2027 to Monday, March 15, 2027</strong>",
        '<p class="plan-text">Don&#x27;t take hot baths',  # The text says "Don't" already.
        '<strong>Monday, March 29, 2027</strong> <span class="plan-days">(day 28)',
        "For your whole recovery, as your specialist advises",
        f"<strong>Do:</strong> {WATER}",
        "<li>Don&#x27;t take a long flight",
    ]
    positions = [page.index(text) for text in in_order]
    assert positions == sorted(positions)
    assert "Add to my calendar" in page
    assert f'value="{PROCEDURE_DATE}"' in page  # The calendar button and the change-the-date form carry it.


def test_a_typed_us_date_gives_the_same_plan(client, procedure):
    response = client.post(plan_url(procedure), {"procedure_date": "03/01/2027"})
    assert response.context["plan"].procedure_date == date(2027, 3, 1)


def test_the_plan_page_alone_offers_the_form(client, procedure):
    response = client.get(plan_url(procedure))
    assert response.status_code == HTTPStatus.OK
    assert "plan" not in response.context
    assert 'id="procedure-date"' in response.content.decode()


def test_a_plan_without_days_says_so_and_offers_no_calendar(client, untimed_procedure):
    response = client.post(plan_url(untimed_procedure), {"procedure_date": PROCEDURE_DATE})
    page = response.content.decode()
    assert "has no set days yet, so this plan has no dates" in page
    assert "Add to my calendar" not in page
    assert f"<strong>Do:</strong> {WATER}" in page
    assert events(client.post(calendar_url(untimed_procedure), {"procedure_date": PROCEDURE_DATE})) == []


# The calendar file


def test_the_calendar_has_one_all_day_event_per_timed_row(client, procedure):
    response = client.post(calendar_url(procedure), {"procedure_date": PROCEDURE_DATE})
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="aftercare-foam-sclerotherapy.ics"'
    assert "no-store" in response["Cache-Control"]

    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert "Test Vein Clinic" in str(calendar["PRODID"])
    found = [
        (str(event["SUMMARY"]), event.decoded("DTSTART"), event.decoded("DTEND")) for event in calendar.walk("VEVENT")
    ]
    # All-day events end the day after their last day (DTEND is exclusive).
    assert found == [
        ("Don't: In the first 2 days, don't stand still for long.", date(2027, 3, 1), date(2027, 3, 4)),
        ("Do: Wear your stocking day and night.", date(2027, 3, 1), date(2027, 3, 16)),
        ("Don't take hot baths or use a sauna.", date(2027, 3, 2), date(2027, 3, 16)),
        ("Do: Go to your follow-up visit.", date(2027, 3, 29), date(2027, 3, 30)),
    ]
    for event in calendar.walk("VEVENT"):
        assert event["DTSTART"].params.get("VALUE") == "DATE" or type(event.decoded("DTSTART")) is date
        assert event.decoded("DTSTAMP")
    descriptions = [str(event["DESCRIPTION"]) for event in calendar.walk("VEVENT")]
    assert [STANDING in descriptions[0], STOCKING in descriptions[1], HOT_BATHS in descriptions[2]] == [True] * 3
    assert descriptions[3].startswith(f"- Do: {FOLLOW_UP}\n\nDay 28 after your foam sclerotherapy")
    assert all("Questions? Call Test Vein Clinic on (555) 010-4242." in text for text in descriptions)


def test_rows_on_the_same_days_share_one_event_whose_title_names_no_source_and_says_do_once(client, procedure):
    stocking = procedure.aftercare_do.get(text__startswith="Wear your stocking")
    procedure.aftercare_dont.create(
        text="Do not lift anything heavy (Mayo Clinic).", from_day=stocking.from_day, to_day=stocking.to_day
    )
    procedure.aftercare_do.create(text="Walk every day (NHS). Short walks count.", from_day=40, to_day=40)
    calendar = Calendar.from_ical(client.post(calendar_url(procedure), {"procedure_date": PROCEDURE_DATE}).content)
    events = {str(event["SUMMARY"]): str(event["DESCRIPTION"]) for event in calendar.walk("VEVENT")}
    shared = events["Do: Wear your stocking day and night (and 1 more)"]
    assert (
        "- Do: Wear your stocking day and night." in shared and "- Do not lift anything heavy (Mayo Clinic)." in shared
    )
    assert "Do: Walk every day." in events  # The source stays in the description, not the title.
    assert not any("Don't: Do not" in text for text in [*events, *events.values()])


def test_event_ids_are_unique_and_stable_when_the_date_moves(client, procedure):
    first = [
        str(event["UID"]) for event in events(client.post(calendar_url(procedure), {"procedure_date": "2027-03-01"}))
    ]
    moved = [
        str(event["UID"]) for event in events(client.post(calendar_url(procedure), {"procedure_date": "2027-03-08"}))
    ]
    assert len(set(first)) == 4
    assert sorted(first) == sorted(moved)  # Importing again updates the events rather than adding a second set.
    assert not any("2027" in uid for uid in first)


def test_a_calendar_address_opened_in_the_browser_leads_to_the_form(client, procedure):
    response = client.get(calendar_url(procedure))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == plan_url(procedure)


# Bad input


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the date of your procedure."),
        ("   ", "Enter the date of your procedure."),
        (
            "2027-02-30",
            "Enter a real date: pick it from the calendar, or type it as month/day/year, for example 03/01/2027.",
        ),
        (
            "tomorrow",
            "Enter a real date: pick it from the calendar, or type it as month/day/year, for example 03/01/2027.",
        ),
        (
            "9" * 10_000,
            "Enter a real date: pick it from the calendar, or type it as month/day/year, for example 03/01/2027.",
        ),
        ("2026-01-14", "This date is more than a year ago"),
        ("2029-01-16", "This date is more than 2 years from now"),
    ],
)
@pytest.mark.parametrize("url", [plan_url, calendar_url], ids=["plan", "calendar"])
def test_a_bad_date_gets_the_form_again_saying_what_to_fix(client, procedure, url, typed, message):
    response = client.post(url(procedure), {"procedure_date": typed})
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert message in page
    assert 'id="error-summary"' in page
    assert 'aria-invalid="true"' in page
    assert "<title>Error: " in page
    assert "plan" not in response.context
    date_box = re.search(r'<input[^>]*id="procedure-date"[^>]*>', page).group()
    assert ISO_DATE.fullmatch(typed) or "value=" not in date_box  # The picker holds a date or nothing.


def test_a_missing_date_field_is_a_clear_message(client, procedure):
    response = client.post(plan_url(procedure), {})
    assert response.status_code == HTTPStatus.OK
    assert "Enter the date of your procedure." in response.content.decode()


@pytest.mark.parametrize("typed", ["2026-01-15", "2029-01-15"])
def test_the_plausible_range_includes_its_ends(client, procedure, typed):
    response = client.post(plan_url(procedure), {"procedure_date": typed})
    assert response.context["plan"].procedure_date == date.fromisoformat(typed)


def test_only_published_procedures_have_a_plan(client, procedure):
    draft = TreatmentFactory(draft=True, slug="draft-procedure")
    for url in (plan_url, calendar_url):
        assert client.post(url(draft), {"procedure_date": PROCEDURE_DATE}).status_code == HTTPStatus.NOT_FOUND
    for path in ("/treatments/no-such-procedure/aftercare-plan/", "/treatments/no-such-procedure/aftercare-plan.ics"):
        assert client.post(path, {"procedure_date": PROCEDURE_DATE}).status_code == HTTPStatus.NOT_FOUND
    # Staff previewing the draft see its plan, as they see its page.
    client.force_login(UserFactory())
    assert client.post(plan_url(draft), {"procedure_date": PROCEDURE_DATE}).status_code == HTTPStatus.OK


# Nothing kept, nothing logged


@pytest.mark.parametrize("url", [plan_url, calendar_url], ids=["plan", "calendar"])
def test_nothing_is_stored_and_no_cookie_is_set(client, procedure, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url(procedure), {"procedure_date": PROCEDURE_DATE})
    assert response.status_code == HTTPStatus.OK
    assert not response.cookies
    assert not client.cookies
    writes = [query["sql"] for query in queries if not query["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []
    assert "no-store" in response["Cache-Control"]


def test_the_date_is_never_logged(client, procedure, caplog):
    caplog.set_level(logging.DEBUG)  # Everything any logger writes.
    for typed in (PROCEDURE_DATE, "03/01/2027", "2027-02-30"):
        client.post(plan_url(procedure), {"procedure_date": typed})
        client.post(calendar_url(procedure), {"procedure_date": typed})
    request_lines = [record for record in caplog.records if record.name == "treatments.operations.request_log"]
    assert len(request_lines) == 6  # The log was listening.
    logged = caplog.text + "".join(str(record.args) for record in caplog.records)
    for text in (PROCEDURE_DATE, "03/01/2027", "2027-02-30", "2027", "March"):
        assert text not in logged


@pytest.mark.parametrize(
    ("today", "furthest", "too_far"),
    [
        (date(2028, 2, 29), date(2027, 2, 28), date(2027, 2, 27)),  # A year back from February 29.
        (date(2027, 1, 15), date(2029, 1, 15), date(2029, 1, 16)),  # Two years on.
    ],
)
def test_a_year_on_from_february_29_is_february_28(today, furthest, too_far):
    def valid(day):
        return ProcedureDateForm({"procedure_date": day.isoformat()}, today=today).is_valid()

    assert valid(furthest)
    assert not valid(too_far)


def test_the_clinics_follow_up_day_puts_the_visit_in_the_plan_and_the_calendar(client, procedure, admin_client):
    assert (
        'name="clinic_follow_up_day"'
        in admin_client.get(f"/admin/treatments/treatment/{procedure.pk}/change/").content.decode()
    )
    procedure.clinic_follow_up_day, procedure.clinic_follow_up = 14, "A check and a scan of the vein."
    procedure.save()
    page = client.post(reverse("treatments:aftercare_plan", args=[procedure.slug]), {"procedure_date": PROCEDURE_DATE})
    assert "Monday, March 15, 2027:</strong> your follow-up visit at Test Vein Clinic" in page.content.decode()
    calendar = Calendar.from_ical(client.post(calendar_url(procedure), {"procedure_date": PROCEDURE_DATE}).content)
    [visit] = [event for event in calendar.walk("VEVENT") if "Follow-up visit" in str(event["SUMMARY"])]
    assert visit.decoded("DTSTART") == date(2027, 3, 15)
    assert str(visit["DESCRIPTION"]).startswith("A check and a scan of the vein.")
    procedure.clinic_follow_up_day = None
    procedure.save()
    calendar = Calendar.from_ical(client.post(calendar_url(procedure), {"procedure_date": PROCEDURE_DATE}).content)
    assert not [event for event in calendar.walk("VEVENT") if "Follow-up visit" in str(event["SUMMARY"])]
