import csv
import functools
import io
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from tests.factories import ConsultationRequestFactory, UserFactory
from tests.helpers import admin_change_url
from treatments.admin.consultations import spreadsheet_safe
from treatments.models import RequestAccess
from treatments.roles import CONTENT_EDITORS

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/treatments/consultationrequest/"


@pytest.fixture
def make_request(treatment):
    """A patient's request about the procedure (Jane Patient, by email, unless told otherwise)."""
    return functools.partial(ConsultationRequestFactory, treatment=treatment)


def test_list_shows_triage_columns_newest_first(front_desk_client, make_request):
    older = make_request(name="Older", created=timezone.now() - timedelta(days=2))
    newer = make_request(name="Newer")
    response = front_desk_client.get(LIST_URL)
    assert response.status_code == HTTPStatus.OK
    assert list(response.context["cl"].result_list) == [newer, older]
    page = response.content.decode()
    for column in ("Received", "Reference", "Name", "Treatment", "Preferred contact", "Status", "Assigned to"):
        assert column in page


@pytest.mark.parametrize("term", ["reference", "lowercase reference", "Jane", "jane@example.com", "010-0199"])
def test_front_desk_finds_a_request(front_desk_client, make_request, term):
    wanted = make_request(phone="+1 (555) 010-0199")
    make_request(name="Someone Else", email="else@example.com", phone="")
    query = {"reference": wanted.reference, "lowercase reference": wanted.reference.lower()}.get(term, term)
    response = front_desk_client.get(LIST_URL, {"q": query})
    assert list(response.context["cl"].result_list) == [wanted]


def test_filters_by_status_and_date(front_desk_client, make_request):
    make_request(status="spam")
    new = make_request()
    response = front_desk_client.get(LIST_URL, {"status__exact": "new"})
    assert list(response.context["cl"].result_list) == [new]
    today = timezone.localdate()
    response = front_desk_client.get(LIST_URL, {"created__year": today.year, "created__month": today.month})
    assert response.context["cl"].result_count == 2


def test_submitted_details_are_read_only_and_status_changes_are_recorded(front_desk_client, make_request):
    consultation = make_request()
    url = f"{LIST_URL}{consultation.pk}/change/"
    form = front_desk_client.get(url).context["adminform"].form
    assert set(form.fields) == {"status", "assigned_to", "internal_notes"}
    response = front_desk_client.post(
        url, {"status": "scheduled", "internal_notes": "Booked for Tuesday.", "name": "Changed", **empty_inline()}
    )
    assert response.status_code == HTTPStatus.FOUND
    consultation.refresh_from_db()
    assert consultation.status == "scheduled"
    assert consultation.name == "Jane Patient"
    change = consultation.status_changes.get()
    assert (change.old_status, change.new_status, change.changed_by.username) == ("new", "scheduled", "frontdesk")


def empty_inline():
    return {
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
        "status_changes-MIN_NUM_FORMS": "0",
        "status_changes-MAX_NUM_FORMS": "0",
    }


def test_mark_contacted_and_mark_spam_actions(front_desk_client, make_request):
    first, second = make_request(), make_request()
    front_desk_client.post(LIST_URL, {"action": "mark_contacted", "_selected_action": [first.pk, second.pk]})
    front_desk_client.post(LIST_URL, {"action": "mark_spam", "_selected_action": [second.pk]})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("contacted", "spam")
    assert [c.new_status for c in second.status_changes.all()] == ["contacted", "spam"]


def test_export_csv_is_utf8_one_row_per_request_and_neutralises_formulas(front_desk_client, make_request, treatment):
    plain = make_request(name="Zoë Ñandú 王")
    risky = make_request(name='=HYPERLINK("http://evil.example")', message="@SUM(A1)", phone="+15550100199")
    response = front_desk_client.post(LIST_URL, {"action": "export_csv", "_selected_action": [plain.pk, risky.pk]})
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    by_reference = {row["Reference"]: row for row in rows}
    assert by_reference[plain.reference]["Name"] == "Zoë Ñandú 王"
    assert by_reference[risky.reference]["Name"] == '\'=HYPERLINK("http://evil.example")'
    assert by_reference[risky.reference]["Message"] == "'@SUM(A1)"
    assert by_reference[risky.reference]["Phone"] == "'+15550100199"
    assert by_reference[plain.reference]["Treatment"] == treatment.title


def test_export_csv_quotes_every_cell_and_guards_a_formula_after_a_separator(front_desk_client, make_request):
    consultation = make_request(name="a;=1+1", message="first line\n=1+1")
    response = front_desk_client.post(LIST_URL, {"action": "export_csv", "_selected_action": [consultation.pk]})
    lines = response.content.decode("utf-8-sig").split("\r\n")
    heading, row = lines[0], "\r\n".join(lines[1:])
    assert heading.startswith('"Reference","Received",')
    assert f'"{consultation.reference}",' in row
    assert '"a;\'=1+1"' in row
    assert '"first line\n\'=1+1"' in row
    # Split on ";", "," and line ends by a program that ignores the quotes, or honours them: no piece starts a formula.
    pieces = [piece for line in row.splitlines() for cell in line.split(",") for piece in cell.split(";")]
    assert not [piece for piece in pieces if piece.strip('"').startswith(("=", "+", "-", "@"))]
    # Each cell is quoted: between the separators, every field of the heading and the row opens with a quote.
    for line in (heading, row.splitlines()[0]):
        assert all(cell.startswith('"') for cell in next(csv.reader([line], quoting=csv.QUOTE_NONE)))


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("-2", "'-2"),
        ("\tx", "'\tx"),
        ("ok", "ok"),
        (None, ""),
        ("a;=1+1", "a;'=1+1"),
        ("a,+1", "a,'+1"),
        ("a\t@SUM(A1)", "a\t'@SUM(A1)"),
        ("line\r\n-2", "line\r\n'-2"),
        ("555-0100; call after 5", "555-0100; call after 5"),
    ],
)
def test_spreadsheet_safe(value, safe):
    assert spreadsheet_safe(value) == safe


def test_requests_cannot_be_added_or_deleted_in_the_admin(admin_client, make_request):
    consultation = make_request()
    assert admin_client.get(f"{LIST_URL}add/").status_code == HTTPStatus.FORBIDDEN
    assert admin_client.get(f"{LIST_URL}{consultation.pk}/delete/").status_code == HTTPStatus.FORBIDDEN
    actions = admin_client.get(LIST_URL).context["action_form"].fields["action"].choices
    assert "delete_selected" not in dict(actions)


def test_admin_index_counts_new_requests(front_desk_client, make_request):
    make_request()
    make_request()
    make_request(status="contacted")
    assert "2 new consultation requests" in front_desk_client.get("/admin/").content.decode()


def test_assigned_to_offers_only_front_desk_staff(front_desk_client, make_request):
    UserFactory(username="editor-only", is_staff=True).groups.add(Group.objects.get(name=CONTENT_EDITORS))
    consultation = make_request()
    form = front_desk_client.get(admin_change_url(consultation)).context["adminform"].form
    assert [user.username for user in form.fields["assigned_to"].queryset] == ["frontdesk"]


def test_opening_changing_and_exporting_a_request_are_logged_without_its_contents(
    front_desk_client, make_request, admin_client
):
    consultation = make_request(name="Audit Secretname")
    front_desk_client.get(admin_change_url(consultation))
    front_desk_client.post(LIST_URL, {"action": "mark_contacted", "_selected_action": [consultation.pk]})
    front_desk_client.post(LIST_URL, {"action": "export_csv", "_selected_action": [consultation.pk]})
    log = list(RequestAccess.objects.order_by("pk").values_list("username", "action", "reference"))
    assert log == [
        ("frontdesk", "viewed", consultation.reference),
        ("frontdesk", "changed", consultation.reference),
        ("frontdesk", "exported", consultation.reference),
    ]
    page = admin_client.get("/admin/treatments/requestaccess/").content.decode()
    assert consultation.reference in page and "Secretname" not in page
    assert front_desk_client.get("/admin/treatments/requestaccess/").status_code == 403
