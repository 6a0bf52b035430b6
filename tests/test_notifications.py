import logging
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from tests.helpers import FORM_URL
from treatments.consultations.notifications import STAFF_NOTICE, claim_lease, send_once, send_pending
from treatments.consultations.tasks import RETRY_DELAYS
from treatments.models import ClinicDetails, ConsultationRequest

pytestmark = pytest.mark.django_db

FAILING_BACKEND = "tests.failing_email.EmailBackend"


@pytest.fixture
def submit(client, consultation_data, django_capture_on_commit_callbacks):
    """Post the form and run what waits for the commit, as a real request would."""

    def submit(**changes):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(FORM_URL, {**consultation_data, **changes})
        assert response.status_code == HTTPStatus.FOUND
        return ConsultationRequest.objects.latest("created")

    return submit


def patient_details(consultation):
    return [consultation.name, consultation.email, consultation.phone, consultation.message]


def test_staff_and_patient_are_emailed_without_health_data(submit, clinic, settings):
    consultation = submit()
    staff, patient = mail.outbox
    assert staff.to == [settings.CONSULTATION_STAFF_EMAIL]
    assert consultation.reference in staff.subject
    assert f"{settings.SITE_URL}/admin/treatments/consultationrequest/{consultation.pk}/change/" in staff.body
    assert patient.to == ["jane@example.com"]
    assert consultation.reference in patient.body
    assert clinic.phone in patient.body
    assert clinic.reply_within in patient.body
    for detail in patient_details(consultation):
        assert detail not in staff.subject + staff.body
    assert consultation.message not in patient.body
    consultation.refresh_from_db()
    assert consultation.staff_notified_at and consultation.patient_notified_at


def test_phone_only_request_emails_staff_only(submit):
    submit(email="", preferred_contact="phone")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["frontdesk@trufflevein.example"]


def test_spam_is_never_notified(submit):
    submit(website="http://buy.example")
    assert mail.outbox == []
    call_command("send_pending_notifications")
    assert mail.outbox == []


def test_mail_outage_keeps_the_request_and_logs_no_patient_detail(submit, settings, caplog):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    with caplog.at_level(logging.WARNING):
        consultation = submit()
    assert ConsultationRequest.objects.filter(pk=consultation.pk).exists()
    consultation.refresh_from_db()
    assert consultation.staff_notified_at is None
    assert consultation.patient_notified_at is None
    assert consultation.reference in caplog.text
    assert "ConnectionRefusedError" in caplog.text
    for detail in patient_details(consultation):
        assert detail not in caplog.text


def test_retry_sends_each_pending_email_exactly_once(submit, settings):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    consultation = submit()
    with pytest.raises(SystemExit):
        call_command("send_pending_notifications")  # Still down: stays pending, exits non-zero for cron.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_pending_notifications")
    call_command("send_pending_notifications")
    staff_emails = [message for message in mail.outbox if message.to == [settings.CONSULTATION_STAFF_EMAIL]]
    assert len(staff_emails) == 1
    assert consultation.reference in staff_emails[0].subject
    assert len(mail.outbox) == 2


def test_nothing_pending_sends_nothing(submit):
    submit()
    mail.outbox.clear()
    call_command("send_pending_notifications")
    assert mail.outbox == []


def test_a_notification_another_sender_is_sending_is_neither_sent_nor_failed(submit, settings):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    consultation = submit()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The timer's run elsewhere has just claimed the staff email, between our query and our claim.
    ConsultationRequest.objects.filter(pk=consultation.pk).update(staff_notice_claimed_at=timezone.now())
    assert send_once(consultation, STAFF_NOTICE, ClinicDetails.load()) is None
    assert send_pending() == (1, 0)  # Only the patient's email was still ours to send.
    consultation.refresh_from_db()
    assert consultation.staff_notified_at is None  # Claimed is not sent.


def test_a_claim_whose_sender_died_runs_out_and_the_email_goes(submit, settings):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    consultation = submit()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    died_while_sending = timezone.now() - claim_lease() - timedelta(seconds=1)
    ConsultationRequest.objects.filter(pk=consultation.pk).update(staff_notice_claimed_at=died_while_sending)
    assert send_pending() == (2, 0)
    consultation.refresh_from_db()
    assert consultation.staff_notified_at and consultation.staff_notice_claimed_at is None


class DatabaseWhileSending(BaseEmailBackend):
    """Records, as each message goes, what the database says of the request: sent must not be written yet."""

    seen = []

    def send_messages(self, messages):
        DatabaseWhileSending.seen += ConsultationRequest.objects.values_list("staff_notified_at", "patient_notified_at")
        return len(messages)


def test_an_email_is_marked_sent_only_once_the_server_has_accepted_it(submit, settings):
    settings.EMAIL_BACKEND = f"{__name__}.DatabaseWhileSending"
    DatabaseWhileSending.seen = []
    consultation = submit()
    staff_sending, patient_sending = DatabaseWhileSending.seen
    assert staff_sending == (None, None)
    assert patient_sending[0] is not None and patient_sending[1] is None
    consultation.refresh_from_db()
    assert consultation.staff_notified_at and consultation.patient_notified_at


@pytest.fixture
def database_queue(settings):
    """The real queue, as production has it: tasks wait in the database for `db_worker`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker_once():
    """`manage.py db_worker`, in this process, until no task is ready. Tests that call it need a transactional
    database: the worker closes connections left inside a transaction, as the test's own would be."""
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


def test_a_queue_that_cannot_be_written_after_the_save_still_thanks_the_patient_and_the_timer_sends(
    client, consultation_data, database_queue, monkeypatch, django_capture_on_commit_callbacks
):
    """The database drops between saving the request and queueing its emails: the request is saved, so the
    patient is told it was sent, nothing is marked sent, and the timer's retry sends both."""

    def database_gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(DatabaseBackend, "enqueue", database_gone)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM_URL, consultation_data)
    assert response.status_code == HTTPStatus.FOUND
    consultation = ConsultationRequest.objects.get()
    assert consultation.reference in client.get(response["Location"]).content.decode()
    assert (consultation.staff_notified_at, consultation.patient_notified_at) == (None, None)
    assert mail.outbox == []
    call_command("send_pending_notifications")
    assert len(mail.outbox) == 2


@pytest.mark.django_db(transaction=True)
def test_the_form_only_queues_the_emails_and_the_worker_sends_them(submit, database_queue):
    consultation = submit()
    assert mail.outbox == []
    assert DBTaskResult.objects.get().args_kwargs == {"args": [consultation.pk], "kwargs": {}}
    run_worker_once()
    assert len(mail.outbox) == 2
    consultation.refresh_from_db()
    assert consultation.staff_notified_at and consultation.patient_notified_at


@pytest.mark.django_db(transaction=True)
def test_a_failed_send_is_queued_again_later_until_the_last_try(submit, settings, database_queue):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    consultation = submit()
    run_worker_once()
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs == {"args": [consultation.pk, 1], "kwargs": {}}
    assert timezone.now() < retry.run_after <= timezone.now() + RETRY_DELAYS[0]
    assert mail.outbox == []
    for _retry in RETRY_DELAYS:  # Each retry's time comes, and the server is still down.
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        run_worker_once()
    assert not DBTaskResult.objects.filter(status="READY").exists()  # After the last, the timer is the safety net.
    assert DBTaskResult.objects.count() == 1 + len(RETRY_DELAYS)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_pending_notifications")
    assert len(mail.outbox) == 2
