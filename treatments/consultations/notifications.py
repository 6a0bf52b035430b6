"""Emails about consultation requests. They never carry a patient's details.

Each notification is sent at most once: a request's `*_notified_at` field is
claimed in one UPDATE before sending, and released if sending fails, so the
request stays pending for `send_pending_notifications` to retry. Two senders
at once (a web worker and cron) cannot both claim it.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone

from ..models import ClinicDetails, ConsultationRequest

logger = logging.getLogger(__name__)


def staff_email(consultation, clinic):
    context = {
        "consultation": consultation,
        "clinic": clinic,
        "admin_url": settings.SITE_URL + consultation.get_admin_url(),
    }
    return EmailMessage(
        subject=f"New consultation request {consultation.reference}",
        body=render_to_string("emails/staff_new_request.txt", context),
        to=[settings.CONSULTATION_STAFF_EMAIL],
    )


def patient_email(consultation, clinic):
    return EmailMessage(
        subject=f"We have your request: reference {consultation.reference}",
        body=render_to_string("emails/patient_confirmation.txt", {"consultation": consultation, "clinic": clinic}),
        to=[consultation.email],
    )


NOTIFICATIONS = (
    ("staff_notified_at", "pending_staff_notification", staff_email),
    ("patient_notified_at", "pending_patient_notification", patient_email),
)


def send_once(consultation, field, build_email, clinic):
    """True if sent, False if sending failed, None if another sender had already claimed it."""
    claimed = ConsultationRequest.objects.filter(pk=consultation.pk, **{f"{field}__isnull": True}).update(
        **{field: timezone.now()}
    )
    if not claimed:
        return None
    try:
        build_email(consultation, clinic).send()
    except Exception as error:  # Any mail failure: the request is saved, so keep it pending and say so.
        ConsultationRequest.objects.filter(pk=consultation.pk).update(**{field: None})
        # The reference and the error's type only: an SMTP message can quote the patient's address.
        logger.warning(
            "Could not send %s for consultation request %s (%s); it stays pending.",
            build_email.__name__,
            consultation.reference,
            type(error).__name__,
        )
        return False
    return True


def send_pending(consultation_pk=None):
    """Send every pending notification, or one request's; returns (sent, failed).

    The form calls it for its new request once the request is committed; cron
    calls it for all of them through `send_pending_notifications`.
    """
    clinic = ClinicDetails.load()
    sent = failed = 0
    for field, pending, build_email in NOTIFICATIONS:
        consultations = getattr(ConsultationRequest.objects, pending)().order_by("created")
        if consultation_pk is not None:
            consultations = consultations.filter(pk=consultation_pk)
        for consultation in consultations:
            outcome = send_once(consultation, field, build_email, clinic)
            sent += outcome is True
            failed += outcome is False
    return sent, failed
