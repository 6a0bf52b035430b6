"""Emails about consultation requests. They never carry a patient's details.

They leave the patient's request: the form queues a task (tasks.py) that the
worker runs. A sender first claims a notification in one UPDATE, so two senders
at once (the worker and the timer's retry) never both send it; it is marked sent
only once the SMTP server has accepted it, and released if sending fails, so the
request stays pending for the task's retries and `send_pending_notifications`.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

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
    """In the language the patient used on the form: its words, and the clinic's details in that language."""
    with translation.override(consultation.language):
        return EmailMessage(
            subject=gettext("We have your request: reference %(reference)s") % {"reference": consultation.reference},
            body=render_to_string("emails/patient_confirmation.txt", {"consultation": consultation, "clinic": clinic}),
            to=[consultation.email],
        )


@dataclass(frozen=True)
class Notification:
    sent_field: str  # When the SMTP server accepted it; empty until then.
    claimed_field: str  # When a sender took it on; empty while no one is sending it.
    pending: str  # The ConsultationRequest queryset method listing requests still owed it.
    build_email: Callable


STAFF_NOTICE = Notification("staff_notified_at", "staff_notice_claimed_at", "pending_staff_notification", staff_email)
PATIENT_CONFIRMATION = Notification(
    "patient_notified_at", "patient_notice_claimed_at", "pending_patient_notification", patient_email
)
NOTIFICATIONS = (STAFF_NOTICE, PATIENT_CONFIRMATION)


def claim_lease():
    """Longer than any one send can take (each SMTP step waits EMAIL_TIMEOUT at most): an older claim is a
    sender's that died mid-send, and the message is someone else's to send."""
    return timedelta(seconds=max(60, 6 * settings.EMAIL_TIMEOUT))


def send_once(consultation, notification, clinic):
    """True if sent, False if sending failed, None if another sender is sending it or has sent it."""
    claimed_at = timezone.now()
    unsent = ConsultationRequest.objects.filter(pk=consultation.pk, **{f"{notification.sent_field}__isnull": True})
    free = Q(**{f"{notification.claimed_field}__isnull": True}) | Q(
        **{f"{notification.claimed_field}__lt": claimed_at - claim_lease()}
    )
    if not unsent.filter(free).update(**{notification.claimed_field: claimed_at}):
        return None
    this_request = ConsultationRequest.objects.filter(pk=consultation.pk)
    try:
        notification.build_email(consultation, clinic).send()
    except Exception as error:  # Any mail failure: the request is saved, so keep it pending and say so.
        this_request.update(**{notification.claimed_field: None})
        # The reference and the error's type only: an SMTP message can quote the patient's address.
        logger.warning(
            "Could not send %s for consultation request %s (%s); it stays pending.",
            notification.build_email.__name__,
            consultation.reference,
            type(error).__name__,
        )
        return False
    # Only now is it sent. Should this update not reach the database, the claim runs out and the message
    # goes again: a notice twice rather than none.
    this_request.update(**{notification.sent_field: timezone.now(), notification.claimed_field: None})
    return True


def send_pending(consultation_pk=None):
    """Send every pending notification, or one request's; returns (sent, failed).

    The task worker calls it for a new request (treatments/consultations/tasks.py); the timer calls it for
    all of them through `send_pending_notifications`, as the safety net.
    """
    clinic = ClinicDetails.load()
    sent = failed = 0
    for notification in NOTIFICATIONS:
        consultations = getattr(ConsultationRequest.objects, notification.pending)().order_by("created")
        if consultation_pk is not None:
            consultations = consultations.filter(pk=consultation_pk)
        for consultation in consultations:
            outcome = send_once(consultation, notification, clinic)
            sent += outcome is True
            failed += outcome is False
    return sent, failed
