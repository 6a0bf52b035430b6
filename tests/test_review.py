"""Medical review: the admin refuses to publish without a review date and a real review (or the honest "awaiting"
state) and says why; recording a review is one form, kept in the page's history; `review_report` lists what is due."""

import datetime
from http import HTTPStatus

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format
from reversion.models import Version

from tests.factories import ConsultationRequestFactory, SpecialistFactory, TreatmentFactory, UserFactory
from tests.helpers import admin_change_url, admin_form_data
from treatments.models import Treatment

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def record_review_url(treatment):
    return admin_change_url(treatment).removesuffix("change/") + "record-review/"


def post_change_form(client, treatment, drop=(), **changes):
    """Post the procedure's change form as the browser shows it, with these changes and without the `drop` fields
    (an unticked checkbox is not sent)."""
    url = admin_change_url(treatment)
    data = {**admin_form_data(client.get(url)), **changes}
    for name in drop:
        data.pop(name, None)
    return client.post(url, data)


@pytest.fixture
def draft(clinic):
    """A draft nobody has reviewed, not marked as awaiting review, with no review date."""
    return TreatmentFactory(draft=True, awaiting_review=False, next_review_due=None, rows=1)


def refusal(response):
    """The message at the top of a refused form, or None."""
    page = response.content.decode()
    start = page.find('id="publishing-refused"')
    return None if start < 0 else page[start : page.index("</div>", start)]


# --- Publishing is refused, and the admin says why -----------------------------------------------


def test_publishing_without_a_next_review_date_is_refused(admin_client, draft):
    response = post_change_form(admin_client, draft, status="published", awaiting_review="on", next_review_due="")
    assert response.status_code == HTTPStatus.OK
    message = "A page can only be published with the date of its next medical review."
    assert response.context["adminform"].form.errors["next_review_due"] == [message]
    top = refusal(response)
    assert "Publishing was refused, so nothing was saved." in top
    assert message in top
    assert 'href="#id_next_review_due"' in top
    draft.refresh_from_db()
    assert draft.status == Treatment.Status.DRAFT


def test_publishing_without_a_reviewer_or_awaiting_review_is_refused(admin_client, draft):
    response = post_change_form(
        admin_client, draft, drop=["awaiting_review"], status="published", next_review_due="2031-01-01"
    )
    assert response.status_code == HTTPStatus.OK
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["awaiting_review"]
    assert "once a specialist has reviewed it" in errors["awaiting_review"][0]
    assert 'href="#id_awaiting_review"' in refusal(response)
    draft.refresh_from_db()
    assert draft.status == Treatment.Status.DRAFT


def test_publishing_with_a_sample_reviewer_is_refused(admin_client, draft):
    sample = SpecialistFactory(name="Sample Reviewer, MD", is_sample=True)
    response = post_change_form(
        admin_client,
        draft,
        drop=["awaiting_review"],
        status="published",
        reviewer=sample.pk,
        last_reviewed="2026-01-10",
        next_review_due="2031-01-01",
    )
    assert response.status_code == HTTPStatus.OK
    assert "sample profile" in response.context["adminform"].form.errors["reviewer"][0]
    assert "sample profile" in refusal(response)
    draft.refresh_from_db()
    assert draft.status == Treatment.Status.DRAFT


def test_a_draft_is_saved_without_review_details_and_without_the_message(admin_client, draft):
    response = post_change_form(admin_client, draft, drop=["awaiting_review"], overview="Edited while a draft.")
    assert response.status_code == HTTPStatus.FOUND
    draft.refresh_from_db()
    assert draft.overview == "Edited while a draft."


def test_publishing_awaiting_review_is_allowed(admin_client, draft):
    response = post_change_form(
        admin_client, draft, status="published", awaiting_review="on", next_review_due="2031-01-01"
    )
    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.status == Treatment.Status.PUBLISHED
    assert draft.awaiting_review
    assert draft.reviewer is None


def test_publishing_with_a_real_review_is_allowed(admin_client, draft):
    reviewer = SpecialistFactory()
    response = post_change_form(
        admin_client,
        draft,
        drop=["awaiting_review"],
        status="published",
        reviewer=reviewer.pk,
        last_reviewed="2026-01-10",
        next_review_due="2027-01-10",
    )
    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert (draft.status, draft.reviewer) == (Treatment.Status.PUBLISHED, reviewer)


def test_change_form_shows_publish_at_with_the_page_and_awaiting_review_with_the_review(admin_client, draft):
    fieldsets = dict(admin_client.get(admin_change_url(draft)).context["adminform"].fieldsets)
    assert "publish_at" in fieldsets["Page"]["fields"]
    assert fieldsets["Medical review"]["fields"] == ("reviewer", "last_reviewed", "next_review_due", "awaiting_review")


def test_change_form_flags_an_overdue_review(admin_client, clinic):
    overdue = TreatmentFactory(next_review_due=TODAY() - datetime.timedelta(days=3))
    current = TreatmentFactory()
    page = admin_client.get(admin_change_url(overdue)).content.decode()
    assert 'id="review-overdue"' in page
    assert "Patients still see it." in page
    assert 'id="review-overdue"' not in admin_client.get(admin_change_url(current)).content.decode()


def test_list_says_draft_scheduled_or_published(admin_client, clinic):
    publish_at = timezone.now() + datetime.timedelta(days=2)
    TreatmentFactory(title="A draft", draft=True)
    TreatmentFactory(title="B scheduled", publish_at=publish_at)
    TreatmentFactory(title="C published", publish_at=timezone.now() - datetime.timedelta(seconds=1))
    response = admin_client.get("/admin/treatments/treatment/")
    rows = {
        treatment.title: response.context["cl"].model_admin.publication(treatment)
        for treatment in response.context["cl"].result_list
    }
    when = date_format(timezone.localtime(publish_at), "DATETIME_FORMAT")
    assert rows == {"A draft": "Draft", "B scheduled": f"Scheduled for {when}", "C published": "Published"}
    assert f"Scheduled for {when}" in response.content.decode()


# --- Recording a review --------------------------------------------------------------------------


@pytest.fixture
def awaiting(clinic):
    """A published page awaiting its first review, its next review overdue."""
    return TreatmentFactory(title="Awaiting page", next_review_due=TODAY() - datetime.timedelta(days=1), rows=1)


def test_change_form_links_to_the_record_review_form(admin_client, awaiting):
    page = admin_client.get(admin_change_url(awaiting)).content.decode()
    assert f'href="{record_review_url(awaiting)}"' in page
    assert "Record a medical review" in page


def test_record_review_form_offers_real_specialists_with_today_and_a_year_later(admin_client, awaiting):
    real = SpecialistFactory(name="Dr. Real")
    sample = SpecialistFactory(name="Sample Reviewer, MD", is_sample=True)
    response = admin_client.get(record_review_url(awaiting))
    assert response.status_code == HTTPStatus.OK
    form = response.context["form"]
    assert list(form.fields["reviewer"].queryset) == [real]
    assert sample.name not in response.content.decode()
    assert form["reviewed_on"].value() == TODAY()
    assert form["next_review_due"].value() == TODAY() + relativedelta(years=1)
    assert 'type="date"' in response.content.decode()


@pytest.mark.parametrize(
    ("today", "a_year_later"),
    [(datetime.date(2028, 2, 29), datetime.date(2029, 2, 28)), (datetime.date(2027, 3, 1), datetime.date(2028, 3, 1))],
)
def test_a_year_after_a_leap_day_is_28_february(admin_client, awaiting, monkeypatch, today, a_year_later):
    monkeypatch.setattr(timezone, "localdate", lambda *args: today)
    form = admin_client.get(record_review_url(awaiting)).context["form"]
    assert form["next_review_due"].value() == a_year_later


def test_recording_a_review_sets_it_clears_awaiting_and_is_kept_in_the_history(admin_client, admin_user, awaiting):
    reviewer = SpecialistFactory(name="Dr. Real Reviewer")
    reviewed_on, next_due = TODAY() - datetime.timedelta(days=2), TODAY() + datetime.timedelta(days=300)
    response = admin_client.post(
        record_review_url(awaiting),
        {"reviewer": reviewer.pk, "reviewed_on": reviewed_on.isoformat(), "next_review_due": next_due.isoformat()},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == admin_change_url(awaiting)
    awaiting.refresh_from_db()
    assert (awaiting.reviewer, awaiting.last_reviewed, awaiting.next_review_due) == (reviewer, reviewed_on, next_due)
    assert not awaiting.awaiting_review
    assert awaiting.is_medically_reviewed

    comment = (
        f"Medical review recorded: Dr. Real Reviewer on {date_format(reviewed_on)}, next due {date_format(next_due)}"
    )
    version = Version.objects.get_for_object(awaiting).order_by("-pk").first()
    assert version.revision.comment == comment
    assert version.revision.user == admin_user
    assert version.field_dict["reviewer_id"] == reviewer.pk
    assert version.field_dict["awaiting_review"] is False
    follow_up = admin_client.get(response.url).content.decode()
    assert comment in follow_up  # The success message.
    assert 'id="review-overdue"' not in follow_up


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"reviewed_on": "+0", "next_review_due": "+0"}, "next_review_due", "must come after this one"),
        ({"reviewed_on": "+0", "next_review_due": "-5"}, "next_review_due", "must come after this one"),
        ({"reviewed_on": "+3", "next_review_due": "+400"}, "reviewed_on", "in the future"),
        ({"reviewed_on": "yesterday", "next_review_due": "+400"}, "reviewed_on", "Enter a valid date"),
        ({"reviewer": "", "reviewed_on": "+0", "next_review_due": "+400"}, "reviewer", "required"),
        ({"reviewer": "sample", "reviewed_on": "+0", "next_review_due": "+400"}, "reviewer", "valid choice"),
    ],
)
def test_record_review_refuses_bad_input_clearly_and_saves_nothing(admin_client, awaiting, fields, field, message):
    real, sample = SpecialistFactory(), SpecialistFactory(is_sample=True)

    def value(name, text):
        if name == "reviewer":
            return {"sample": sample.pk, "": ""}[text]
        if text.startswith(("+", "-")):
            return (TODAY() + datetime.timedelta(days=int(text))).isoformat()
        return text

    data = {"reviewer": real.pk} | {name: value(name, text) for name, text in fields.items()}
    response = admin_client.post(record_review_url(awaiting), data)
    assert response.status_code == HTTPStatus.OK
    assert message in " ".join(response.context["form"].errors[field])
    assert "Nothing was saved." in response.content.decode()
    awaiting.refresh_from_db()
    assert awaiting.awaiting_review
    assert awaiting.reviewer is None


def test_record_review_needs_change_permission(front_desk_client, awaiting):
    """The front desk may view procedures but not change them."""
    change_form = front_desk_client.get(admin_change_url(awaiting))
    assert change_form.status_code == HTTPStatus.OK
    assert 'id="review-overdue"' in change_form.content.decode()
    assert record_review_url(awaiting) not in change_form.content.decode()
    assert front_desk_client.get(record_review_url(awaiting)).status_code == HTTPStatus.FORBIDDEN
    response = front_desk_client.post(
        record_review_url(awaiting),
        {"reviewer": SpecialistFactory().pk, "reviewed_on": TODAY().isoformat(), "next_review_due": "2040-01-01"},
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    awaiting.refresh_from_db()
    assert awaiting.awaiting_review


def test_content_editors_can_record_a_review(content_editor_client, awaiting):
    assert content_editor_client.get(record_review_url(awaiting)).status_code == HTTPStatus.OK


def test_record_review_needs_a_signed_in_user_and_a_csrf_token(awaiting):
    assert Client().get(record_review_url(awaiting)).url.startswith("/admin/login/")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(UserFactory(username="editor", is_superuser=True))
    data = {"reviewer": SpecialistFactory().pk, "reviewed_on": TODAY().isoformat(), "next_review_due": "2040-01-01"}
    assert browser.post(record_review_url(awaiting), data).status_code == HTTPStatus.FORBIDDEN
    awaiting.refresh_from_db()
    assert awaiting.awaiting_review


def test_record_review_of_a_missing_page_is_not_found(admin_client, clinic):
    assert admin_client.get("/admin/treatments/treatment/999999/record-review/").status_code == HTTPStatus.NOT_FOUND


# --- review_report -------------------------------------------------------------------------------


def run_report(capsys):
    """The command's output and exit status."""
    try:
        call_command("review_report")
        status = 0
    except SystemExit as exit_status:
        status = exit_status.code
    return capsys.readouterr().out, status


def test_report_lists_reviews_due_most_urgent_first_and_exits_0_when_none_is_overdue(capsys, clinic):
    later = TreatmentFactory(title="Due later", next_review_due=TODAY() + datetime.timedelta(days=20))
    today = TreatmentFactory(title="Due today", next_review_due=TODAY())
    TreatmentFactory(title="Not due", next_review_due=TODAY() + datetime.timedelta(days=31))
    output, status = run_report(capsys)
    assert status == 0
    lines = [line for line in output.splitlines() if line.startswith("- ")]
    assert lines == [
        f"- [soon] Due today: next review {TODAY().isoformat()}, due today. Edit: {admin_change_url(today)}",
        f"- [soon] Due later: next review {later.next_review_due.isoformat()}, due in 20 days. "
        f"Edit: {admin_change_url(later)}",
    ]
    assert "Not due" not in output


def test_report_exits_1_when_a_review_is_overdue(capsys, clinic):
    overdue = TreatmentFactory(title="Overdue page", next_review_due=TODAY() - datetime.timedelta(days=1))
    output, status = run_report(capsys)
    assert status == 1
    assert f"- [OVERDUE] Overdue page: next review {overdue.next_review_due.isoformat()}, overdue by 1 day." in output


def test_report_with_nothing_due(capsys, clinic):
    TreatmentFactory(next_review_due=TODAY() + datetime.timedelta(days=200))
    output, status = run_report(capsys)
    assert (status, output.splitlines()[0]) == (0, "No medical review is due in the next 30 days.")


def test_report_counts_late_requests_without_names_or_contact_details(capsys, clinic):
    now = timezone.now()
    for days in (10, 12):  # Ten calendar days always hold more than one working day.
        ConsultationRequestFactory(
            name="Zelda Privatename",
            email="zelda@private.example",
            phone="555 010 7777",
            created=now - datetime.timedelta(days=days),
        )
    ConsultationRequestFactory(name="Zelda Privatename", created=now - datetime.timedelta(minutes=5))
    ConsultationRequestFactory(status="contacted", created=now - datetime.timedelta(days=30))
    output, _ = run_report(capsys)
    assert "Consultation requests waiting longer than 1 working day: 2" in output
    for private in ("Zelda", "Privatename", "zelda@private.example", "7777", "Jane"):
        assert private not in output
