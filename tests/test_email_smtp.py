"""Notifications reach a real SMTP server, as they do in production (debug off defaults to SMTP).

aiosmtpd listens on a port of 127.0.0.1 the system chooses; the form is posted, the emails go out
when the request commits, and the test reads what the server received.
"""

import email
import email.policy
import time
from http import HTTPStatus

import pytest
from aiosmtpd.controller import Controller

from tests.helpers import FORM_URL
from treatments.models import ConsultationRequest

pytestmark = pytest.mark.django_db

DELIVERY_TIMEOUT_S = 30


class FreePortController(Controller):
    """aiosmtpd on port 0: the system picks a free port, read back once the server listens."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class Mailbox:
    """An aiosmtpd handler that keeps every message it is sent."""

    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"

    def wait_for(self, count):
        deadline = time.monotonic() + DELIVERY_TIMEOUT_S
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.received


@pytest.fixture
def smtp_server(settings):
    """A running SMTP server that the site sends to; stopped whatever happens."""
    mailbox = Mailbox()
    controller = FreePortController(mailbox, hostname="127.0.0.1", port=0)
    try:
        controller.start()
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = controller.port
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        yield mailbox
    finally:
        controller.stop(no_assert=True)


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
