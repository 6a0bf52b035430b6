"""Consultation requests from prospective patients, and their triage by front-desk staff."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .procedures import Treatment

# No 0/O or 1/I/L, so a reference read out over the phone is not misheard.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 8


def new_reference():
    """A random reference: it does not reveal how many requests the clinic gets."""
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


class ConsultationRequestQuerySet(models.QuerySet):
    def not_spam(self):
        return self.exclude(status=ConsultationRequest.Status.SPAM)

    def pending_staff_notification(self):
        return self.not_spam().filter(staff_notified_at__isnull=True)

    def pending_patient_notification(self):
        return self.not_spam().exclude(email="").filter(patient_notified_at__isnull=True)

    def purgeable(self, now=None):
        """Finished requests older than the retention period: the only ones ever deleted."""
        cutoff = (now or timezone.now()) - timedelta(days=settings.CONSULTATION_RETENTION_DAYS)
        return self.filter(status__in=ConsultationRequest.FINISHED_STATUSES, created__lt=cutoff)


class ConsultationRequest(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        SCHEDULED = "scheduled", "Scheduled"
        CLOSED = "closed", "Closed"
        NOT_SUITABLE = "not_suitable", "Not suitable"
        SPAM = "spam", "Spam"

    class ContactMethod(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone")

    FINISHED_STATUSES = (Status.CLOSED, Status.NOT_SUITABLE, Status.SPAM)
    # What the patient fills in on the form, in the form's order; staff only read it.
    PATIENT_FIELDS = ("name", "email", "phone", "preferred_contact", "preferred_time", "treatment", "message")

    reference = models.CharField(max_length=REFERENCE_LENGTH, unique=True, default=new_reference, editable=False)
    created = models.DateTimeField("received", default=timezone.now, db_index=True, editable=False)

    # What the patient sent. Staff read it; only the patient writes it.
    name = models.CharField(max_length=120)
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    preferred_contact = models.CharField(max_length=5, choices=ContactMethod.choices)
    preferred_time = models.CharField("best time to contact", max_length=120, blank=True)
    treatment = models.ForeignKey(
        Treatment, on_delete=models.SET_NULL, null=True, blank=True, related_name="consultation_requests"
    )
    message = models.TextField(max_length=2000, blank=True)
    language = models.CharField(
        "language of the form",
        max_length=7,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        editable=False,
        help_text="The patient's confirmation email is in this language; reply in it where you can.",
    )
    consented_at = models.DateTimeField(help_text="When the patient agreed to be contacted and to the privacy notice.")
    decision_summary = models.TextField(
        "the patient's summary",
        blank=True,
        editable=False,
        help_text="What the patient chose on a compare page (options, what matters to them, questions to ask), "
        "attached only when they ticked the box to send it.",
    )

    # Triage by front-desk staff.
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW, db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_consultation_requests",
        limit_choices_to={"is_staff": True},
    )
    internal_notes = models.TextField(blank=True, help_text="Only staff see these notes.")

    # Email notifications, sent by the task worker after the request is saved. *_notified_at stays empty
    # until the SMTP server has accepted the message; *_claimed_at is when a sender took it on, so that two
    # senders never send it at once, and a sender that died while sending leaves it to be sent again.
    staff_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    patient_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    staff_notice_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    patient_notice_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ConsultationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = "consultation request"

    def __str__(self):
        return f"Request {self.reference}"

    @property
    def first_name(self):
        """Enough for the front desk's Waiting panel to act on, without the full name on the admin's home page."""
        return self.name.split()[0] if self.name.split() else ""

    def get_admin_url(self):
        return reverse("admin:treatments_consultationrequest_change", args=[self.pk])

    def change_status(self, status, user):
        """Set the status and record who changed it and when; returns whether it changed."""
        if status == self.status:
            return False
        StatusChange.objects.create(request=self, old_status=self.status, new_status=status, changed_by=user)
        self.status = status
        return True


class StatusChange(models.Model):
    request = models.ForeignKey(ConsultationRequest, on_delete=models.CASCADE, related_name="status_changes")
    old_status = models.CharField(max_length=12, choices=ConsultationRequest.Status.choices)
    new_status = models.CharField(max_length=12, choices=ConsultationRequest.Status.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.get_old_status_display()} → {self.get_new_status_display()}"


class RequestAccess(models.Model):
    """Who opened, changed or exported a consultation request, and when (HIPAA's audit controls): the request's
    reference only, never what the patient sent. Kept after the request itself is purged."""

    class Action(models.TextChoices):
        VIEWED = "viewed", "Viewed"
        CHANGED = "changed", "Changed"
        EXPORTED = "exported", "Exported to CSV"

    reference = models.CharField(max_length=REFERENCE_LENGTH, db_index=True)
    action = models.CharField(max_length=8, choices=Action.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    username = models.CharField(max_length=150, help_text="As it was then: kept if the account is deleted.")
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "access to a consultation request"
        verbose_name_plural = "access log of consultation requests"
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.username} {self.get_action_display().lower()} {self.reference}"

    @classmethod
    def record(cls, user, action, consultations):
        cls.objects.bulk_create(
            cls(reference=consultation.reference, action=action, user=user, username=user.get_username())
            for consultation in consultations
        )
