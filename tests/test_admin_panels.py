"""The admin's home page: content editors see the "Review due" panel, the front desk the "Waiting" panel, each
from treatments/waiting_on_staff.py; and the clinic's reply promise, a number of working days, in the words
patients read."""

import datetime
import importlib
import re
from http import HTTPStatus

import holidays
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import ConsultationRequestFactory, TreatmentFactory
from tests.helpers import FORM_URL, admin_change_url, post_admin_form
from treatments import waiting_on_staff
from treatments.models import ClinicDetails, ConsultationRequest

pytestmark = pytest.mark.django_db

INDEX_URL = "/admin/"
CLINIC_URL = "/admin/treatments/clinicdetails/1/change/"


def panel(page, panel_id):
    """The HTML of one panel of the admin's home page, or None."""
    match = re.search(rf'<div class="module" id="{panel_id}">(.*?)\n</div>', page, re.DOTALL)
    return match and match.group(1)


def local(*args):
    """A moment in the clinic's time zone."""
    return timezone.make_aware(datetime.datetime(*args))


# --- Review due ----------------------------------------------------------------------------------


@pytest.fixture
def pages_to_review(clinic):
    today = timezone.localdate()
    return {
        "soon": TreatmentFactory(title="Due in ten days", next_review_due=today + datetime.timedelta(days=10)),
        "long overdue": TreatmentFactory(title="Long overdue", next_review_due=today - datetime.timedelta(days=40)),
        "far": TreatmentFactory(title="Due next year", next_review_due=today + datetime.timedelta(days=200)),
        "overdue": TreatmentFactory(title="Just overdue", next_review_due=today - datetime.timedelta(days=1)),
        "edge": TreatmentFactory(title="Due in thirty days", next_review_due=today + datetime.timedelta(days=30)),
    }


def test_review_panel_lists_due_pages_most_urgent_first_linking_to_each(content_editor_client, pages_to_review):
    html = panel(content_editor_client.get(INDEX_URL).content.decode(), "review-due-panel")
    assert html is not None
    titles = re.findall(r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th>', html)
    expected = [pages_to_review[key] for key in ("long overdue", "overdue", "soon", "edge")]
    assert titles == [(admin_change_url(page), page.title) for page in expected]
    assert "Due next year" not in html


def test_review_panel_marks_overdue_pages(content_editor_client, pages_to_review):
    html = panel(content_editor_client.get(INDEX_URL).content.decode(), "review-due-panel")
    rows = re.findall(
        r"<tr( class=\"review-overdue\")?>\s*<th scope=\"row\"><a[^>]*>([^<]+)</a>.*?</tr>", html, re.DOTALL
    )
    assert [(title, bool(flag)) for flag, title in rows] == [
        ("Long overdue", True),
        ("Just overdue", True),
        ("Due in ten days", False),
        ("Due in thirty days", False),
    ]
    assert "<strong>Overdue by 40 days</strong>" in html
    assert "<strong>Overdue by 1 day</strong>" in html
    assert "Due in 10 days" in html


def test_review_panel_says_when_nothing_is_due(content_editor_client, clinic):
    TreatmentFactory(next_review_due=timezone.localdate() + datetime.timedelta(days=31))
    html = panel(content_editor_client.get(INDEX_URL).content.decode(), "review-due-panel")
    assert "No page's review is due in the next 30 days." in html


def test_review_panel_is_only_for_staff_who_can_change_procedures(front_desk_client, pages_to_review):
    page = front_desk_client.get(INDEX_URL).content.decode()
    assert panel(page, "review-due-panel") is None
    assert "Long overdue" not in page


# --- Waiting -------------------------------------------------------------------------------------


def test_waiting_panel_lists_new_requests_oldest_first_with_first_names_and_their_wait(front_desk_client, clinic):
    now = timezone.now()
    newest = ConsultationRequestFactory(name="Newest Secretname", created=now - datetime.timedelta(minutes=5))
    oldest = ConsultationRequestFactory(
        name="Oldest Secretname", email="oldest@secret.example", created=now - datetime.timedelta(days=10, hours=3)
    )
    ConsultationRequestFactory(
        name="Contacted Secretname", status="contacted", created=now - datetime.timedelta(days=20)
    )
    html = panel(front_desk_client.get(INDEX_URL).content.decode(), "waiting-panel")
    rows = re.findall(
        r'<tr( class="waiting-late")?>\s*<th scope="row"><a href="([^"]+)">(\w+)</a>(.*?)</tr>', html, re.DOTALL
    )
    assert [(href, reference) for _, href, reference, _ in rows] == [
        (oldest.get_admin_url(), oldest.reference),
        (newest.get_admin_url(), newest.reference),
    ]
    (late_flag, _, _, late_cells), (new_flag, _, _, new_cells) = rows
    # Ten calendar days always hold more than one working day; five minutes never do.
    assert late_flag and "10 days 3 hours <strong>(longer than 1 working day)</strong>" in late_cells
    assert not new_flag and "5 minutes" in new_cells and "longer than" not in new_cells
    assert "We promise patients a reply within 1 working day." in html
    assert "1 request has waited longer." in html
    assert "<td>Oldest</td>" in html and "<td>Newest</td>" in html  # First names only: enough to act on.
    assert "A general question" in html or str(oldest.treatment) in html
    for private in ("Secretname", "secret.example", "Contacted"):
        assert private not in html


def test_waiting_panel_shows_the_oldest_twenty_and_links_to_the_rest(front_desk_client, clinic):
    now = timezone.now()
    for minutes in range(22):
        ConsultationRequestFactory(created=now - datetime.timedelta(minutes=minutes + 1))
    html = panel(front_desk_client.get(INDEX_URL).content.decode(), "waiting-panel")
    assert html.count('<th scope="row">') == 20
    assert "<td>22 minutes</td>" in html and "<td>3 minutes</td>" in html and "<td>2 minutes</td>" not in html
    assert '?status__exact=new">2 more waiting</a>' in html


def test_waiting_panel_says_when_nobody_waits(front_desk_client, clinic):
    ConsultationRequestFactory(status="scheduled")
    assert "No new requests are waiting." in panel(front_desk_client.get(INDEX_URL).content.decode(), "waiting-panel")


def test_waiting_panel_is_only_for_staff_who_can_see_requests(content_editor_client, clinic):
    ConsultationRequestFactory()
    page = content_editor_client.get(INDEX_URL).content.decode()
    assert panel(page, "waiting-panel") is None
    assert "new consultation request" not in page


def test_superusers_see_both_panels_and_the_existing_lines(admin_client, pages_to_review):
    ConsultationRequestFactory()
    page = admin_client.get(INDEX_URL).content.decode()
    assert panel(page, "review-due-panel") and panel(page, "waiting-panel")
    assert "1 new consultation request" in page
    assert "Before patients see this site, replace:" in page  # The factory clinic's phone is a placeholder.


@pytest.mark.parametrize(
    ("received", "working_days", "reply_by"),
    [
        (local(2027, 3, 10, 9, 30), 1, local(2027, 3, 11, 9, 30)),  # Wednesday -> Thursday.
        (local(2027, 3, 10, 9, 30), 2, local(2027, 3, 12, 9, 30)),  # Wednesday -> Friday.
        (local(2027, 3, 11, 16, 0), 3, local(2027, 3, 16, 16, 0)),  # Thursday -> Tuesday, over the weekend.
        (local(2027, 3, 12, 15, 0), 1, local(2027, 3, 15, 15, 0)),  # Friday -> Monday, same clock time across DST.
        (local(2027, 3, 6, 10, 0), 1, local(2027, 3, 9, 0, 0)),  # Saturday: all of Monday counts.
        (local(2027, 3, 7, 23, 59), 1, local(2027, 3, 9, 0, 0)),  # Sunday: the same.
    ],
)
def test_reply_deadline_counts_working_days_only(received, working_days, reply_by):
    assert waiting_on_staff.reply_deadline(received, working_days) == reply_by


def test_waiting_requests_are_late_only_after_the_promise_runs_out(clinic):
    friday = ConsultationRequestFactory(created=local(2027, 3, 12, 15, 0))
    thursday = ConsultationRequestFactory(created=local(2027, 3, 11, 9, 0))
    monday_afternoon = local(2027, 3, 15, 15, 0)
    waiting = waiting_on_staff.waiting_requests(now=monday_afternoon)
    assert [item.consultation for item in waiting] == [thursday, friday]
    assert [item.overdue for item in waiting] == [True, False]
    assert waiting[0].waited == "4 days 5 hours"  # Real hours: the night clocks went forward was an hour short.
    assert waiting[1].waited == "2 days 23 hours"
    assert waiting_on_staff.overdue_request_count(now=monday_afternoon) == 1
    assert waiting_on_staff.overdue_request_count(now=monday_afternoon + datetime.timedelta(seconds=1)) == 2


@pytest.mark.parametrize(
    ("waited", "words"),
    [
        (datetime.timedelta(days=2, hours=3, minutes=59), "2 days 3 hours"),
        (datetime.timedelta(days=1), "1 day"),
        (datetime.timedelta(hours=5, minutes=10), "5 hours 10 minutes"),
        (datetime.timedelta(hours=1), "1 hour"),
        (datetime.timedelta(minutes=4, seconds=59), "4 minutes"),
        (datetime.timedelta(seconds=30), "less than a minute"),
        (datetime.timedelta(seconds=-3), "less than a minute"),  # A clock a little ahead on another host.
    ],
)
def test_waited_words(waited, words):
    assert waiting_on_staff.waited_words(waited) == words


# --- The reply promise ---------------------------------------------------------------------------


@pytest.mark.parametrize(("days", "words"), [(1, "1 working day"), (2, "2 working days"), (10, "10 working days")])
def test_reply_promise_in_words(days, words):
    assert ClinicDetails(reply_within_working_days=days).reply_within == words


def test_staff_set_the_promise_in_working_days_and_patients_read_it(admin_client, client, clinic):
    response = post_admin_form(admin_client, CLINIC_URL, reply_within_working_days="2")
    assert response.status_code == HTTPStatus.FOUND
    assert ClinicDetails.load().reply_within_working_days == 2
    assert "contact you within 2 working days" in client.get(FORM_URL).content.decode()


def test_waiting_panel_follows_the_promise(front_desk_client, clinic):
    clinic.reply_within_working_days = 20
    clinic.save()
    ConsultationRequestFactory(created=timezone.now() - datetime.timedelta(days=10))
    html = panel(front_desk_client.get(INDEX_URL).content.decode(), "waiting-panel")
    assert "a reply within 20 working days." in html
    assert "longer than" not in html


@pytest.mark.parametrize("days", ["0", "21", "one"])
def test_a_promise_outside_1_to_20_working_days_is_refused(admin_client, clinic, days):
    response = post_admin_form(admin_client, CLINIC_URL, reply_within_working_days=days)
    assert response.status_code == HTTPStatus.OK
    assert response.context["adminform"].form.errors["reply_within_working_days"]
    assert ClinicDetails.load().reply_within_working_days == 1


def test_the_field_says_weekends_and_public_holidays_are_not_counted(admin_client, clinic):
    page = admin_client.get(CLINIC_URL).content.decode()
    assert "Saturdays, Sundays and the public holidays of the country and state below are not counted" in page
    assert 'name="holiday_country"' in page and 'name="holiday_subdivision"' in page


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("1 working day", 1),
        ("2 working days", 2),
        ("one business day", 1),
        ("three working days", 3),
        ("48 hours", 2),
        ("24 hours", 1),
        ("a week", 5),
        ("2 weeks", 10),
        ("soon", 1),
        ("", 1),
        ("100 days", 20),
    ],
)
def test_migration_reads_the_old_free_text_promise(text, days):
    migration = importlib.import_module("treatments.migrations.0007_reply_within_working_days")
    assert migration.working_days(text) == days


def test_only_new_requests_wait(front_desk_client, clinic):
    """Only status "new" waits: a request already contacted, scheduled or closed is the front desk's own."""
    for status in ConsultationRequest.Status.values:
        ConsultationRequestFactory(status=status, created=timezone.now() - datetime.timedelta(days=30))
    html = panel(front_desk_client.get(INDEX_URL).content.decode(), "waiting-panel")
    assert html.count('<th scope="row">') == 1


US_HOLIDAYS = holidays.country_holidays("US")


@pytest.mark.parametrize(
    ("received", "reply_by"),
    [
        (local(2027, 11, 24, 10, 0), local(2027, 11, 26, 10, 0)),  # Wednesday -> Friday: Thanksgiving is a day off.
        (local(2027, 11, 25, 10, 0), local(2027, 11, 29, 0, 0)),  # On Thanksgiving: all of Friday counts.
        (local(2027, 7, 3, 12, 0), local(2027, 7, 7, 0, 0)),  # July 4 is a Sunday: Monday 5th is the day off.
    ],
)
def test_public_holidays_are_not_working_days(received, reply_by):
    assert waiting_on_staff.reply_deadline(received, 1, US_HOLIDAYS) == reply_by


def test_the_waiting_list_counts_the_clinics_own_holidays(clinic):
    clinic.holiday_country, clinic.holiday_subdivision = "US", "NY"
    clinic.save()
    before_thanksgiving = ConsultationRequestFactory(created=local(2027, 11, 24, 10, 0))
    (waiting,) = waiting_on_staff.waiting_requests(now=local(2027, 11, 25, 17, 0))
    assert waiting.consultation == before_thanksgiving
    assert waiting.reply_by == local(2027, 11, 26, 10, 0)
    assert not waiting.overdue


@pytest.mark.parametrize(
    ("country", "subdivision", "field", "message"),
    [("XX", "", "holiday_country", "not a valid choice"), ("US", "ZZ", "holiday_subdivision", "such as AK")],
)
def test_an_unknown_country_or_state_is_refused_with_a_clear_message(clinic, country, subdivision, field, message):
    clinic.holiday_country, clinic.holiday_subdivision = country, subdivision
    with pytest.raises(ValidationError) as refused:
        clinic.full_clean()
    assert message in refused.value.message_dict[field][0]


def test_a_region_saved_around_the_form_counts_no_holidays_rather_than_failing(clinic):
    clinic.holiday_subdivision = "</script>"
    assert datetime.date(2027, 11, 25) not in clinic.public_holidays
