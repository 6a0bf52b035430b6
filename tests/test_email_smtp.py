"""Notifications reach a real SMTP server, as they do in production (debug off defaults to SMTP).

aiosmtpd listens on a port of 127.0.0.1 the system chooses; the form is posted, the emails go out when the
request commits (the suite runs tasks at once; tests/test_email_worker.py runs the real worker), and the test
reads what the server received.
"""

from http import HTTPStatus

import pytest

from tests.helpers import FORM_URL
from tests.smtp import running_smtp_server
from treatments.models import ConsultationRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_server(settings):
    """A running SMTP server that the site sends to; stopped whatever happens."""
    with running_smtp_server() as (mailbox, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        yield mailbox


def test_staff_and_patient_emails_arrive_over_smtp_without_patient_details(
    client, consultation_data, smtp_server, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM_URL, consultation_data)
    assert response.status_code == HTTPStatus.FOUND
    consultation = ConsultationRequest.objects.get()

    received = {tuple(recipients): message for recipients, message in smtp_server.wait_for(2)}
    assert set(received) == {(settings.CONSULTATION_STAFF_EMAIL,), (consultation_data["email"],)}
    staff, patient = received[(settings.CONSULTATION_STAFF_EMAIL,)], received[(consultation_data["email"],)]
    assert staff["To"] == settings.CONSULTATION_STAFF_EMAIL
    assert patient["To"] == consultation_data["email"]
    for message in (staff, patient):
        assert message["From"] == settings.DEFAULT_FROM_EMAIL
        assert consultation.reference in message["Subject"]
        assert consultation.reference in message.get_content()
    assert settings.SITE_URL + consultation.get_admin_url() in staff.get_content()

    for message in (staff, patient):
        everything = str(message["Subject"]) + message.get_content() + message.as_string()
        for detail in ("name", "phone", "message"):
            assert consultation_data[detail] not in everything, detail
    assert consultation_data["email"] not in str(staff)

    consultation.refresh_from_db()
    assert consultation.staff_notified_at and consultation.patient_notified_at
