import logging
from http import HTTPStatus

import pytest
from django.core import mail
from django.core.management import call_command

from tests.helpers import FORM_URL
from treatments.consultations.notifications import send_once, send_pending, staff_email
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


def test_a_notification_another_sender_claimed_is_neither_sent_nor_failed(submit, settings):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    consultation = submit()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # A cron run elsewhere has just claimed the staff email, between our query and our claim.
    ConsultationRequest.objects.filter(pk=consultation.pk).update(staff_notified_at=consultation.created)
    assert send_once(consultation, "staff_notified_at", staff_email, ClinicDetails.load()) is None
    assert send_pending() == (1, 0)  # Only the patient's email was still ours to send.
