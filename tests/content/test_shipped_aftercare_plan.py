"""The issue's done-when on the shipped page: a procedure on 2027-03-01 gives a plan whose compression stocking item
ends on the date its days say, and the calendar file agrees. The days are read from the loaded rows, as staff set
them in the admin, so editing the shipped days changes what this test expects, not whether it passes."""

from datetime import date, timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils.html import escape
from icalendar import Calendar

from treatments.procedures import aftercare_plan
from treatments.procedures.structure import TIMED_LISTS

pytestmark = pytest.mark.django_db

PROCEDURE_DATE = date(2027, 3, 1)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """2027-03-01 is a plausible procedure date whatever day the suite runs on."""
    monkeypatch.setattr(aftercare_plan, "today", lambda: date(2027, 1, 15))


def long_date(day):
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


def test_the_compression_stocking_item_ends_on_the_date_its_days_give(client, clinic_content):
    [aftercare_do] = [part for part in TIMED_LISTS if part.related_name == "aftercare_do"]
    stocking_rows = [row for row in aftercare_do.content(clinic_content) if "stocking" in row.text and row.has_days]
    assert stocking_rows, "The shipped stocking advice has no days set."
    compression = max(stocking_rows, key=lambda row: row.to_day)  # Wearing the stocking: the longest of them.
    starts = PROCEDURE_DATE + timedelta(days=compression.from_day)
    ends = PROCEDURE_DATE + timedelta(days=compression.to_day)

    data = {"procedure_date": PROCEDURE_DATE.isoformat()}
    slug = clinic_content.slug
    response = client.post(reverse("treatments:aftercare_plan", args=[slug]), data)
    assert response.status_code == HTTPStatus.OK
    [item] = [item for item in response.context["plan"].timed if item.row == compression]
    assert (item.starts, item.ends) == (starts, ends)
    dates = long_date(starts) if starts == ends else f"{long_date(starts)} to {long_date(ends)}"
    timeline = response.content.decode().split('<ol class="plan-timeline">')[1].split("</ol>")[0]
    [entry] = [entry for entry in timeline.split("<li>") if escape(compression.text) in entry]
    assert f"<strong>{dates}</strong>" in entry

    calendar = Calendar.from_ical(client.post(reverse("treatments:aftercare_calendar", args=[slug]), data).content)
    [event] = [event for event in calendar.walk("VEVENT") if compression.text in str(event["DESCRIPTION"])]
    assert event.decoded("DTSTART") == starts
    assert event.decoded("DTEND") == ends + timedelta(days=1)  # All-day events end the day after their last day.


def test_every_timed_shipped_row_is_in_a_calendar_event_on_its_days(client, clinic_content):
    rows = [row for part in TIMED_LISTS for row in part.content(clinic_content) if row.has_days]
    assert rows
    data = {"procedure_date": PROCEDURE_DATE.isoformat()}
    response = client.post(reverse("treatments:aftercare_calendar", args=[clinic_content.slug]), data)
    events = Calendar.from_ical(response.content).walk("VEVENT")
    expected = sorted(
        (PROCEDURE_DATE + timedelta(days=row.from_day), PROCEDURE_DATE + timedelta(days=row.to_day + 1), row.text)
        for row in rows
    )
    found = sorted(
        (event.decoded("DTSTART"), event.decoded("DTEND"), row.text)
        for event in events
        for row in rows
        if any(line.endswith(row.text) for line in str(event["DESCRIPTION"]).split("\n\n")[0].splitlines())
    )
    # Rows on the same days share an event: fewer banners than rows, every row on its own days.
    assert len(events) == len({(row.from_day, row.to_day) for row in rows}) <= len(rows)
    assert found == expected
