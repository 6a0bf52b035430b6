"""The clinic itself: its details, read by every page, and its specialists."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.template.defaultfilters import pluralize

from ..images import ResponsiveImageField, recorded_size_fields
from .text import PARAGRAPHS_HELP

# A promise longer than a month is no promise; it also keeps the front desk's deadline arithmetic small.
MAX_REPLY_WORKING_DAYS = 20


class ClinicDetails(models.Model):
    """The clinic's own facts, in one row that every page reads."""

    name = models.CharField(max_length=120, default="Truffle Vein Specialists")
    about = models.TextField(
        "who we are",
        blank=True,
        help_text="Shown on the home page. " + PARAGRAPHS_HELP,
    )
    phone = models.CharField(max_length=40, help_text="As patients should dial it, e.g. (555) 010-0100.")
    email = models.EmailField()
    address = models.TextField(help_text="One line per line of the postal address.")
    opening_hours = models.TextField(help_text="One line per line, e.g. 'Monday to Friday, 8 am to 5 pm'.")
    emergency_advice = models.TextField(
        default=(
            "If you think you need urgent care, call 911 or go to the nearest emergency room now. "
            "Do not wait for your appointment or for a reply from us."
        ),
        help_text="Shown in every 'Get help now' box and wherever we say the site is not for emergencies.",
    )
    reply_within_working_days = models.PositiveSmallIntegerField(
        "we reply within (working days)",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REPLY_WORKING_DAYS)],
        help_text="How soon the front desk contacts a patient who asks for a consultation. Working days are Monday "
        "to Friday: Saturdays and Sundays are not counted (public holidays are). Patients read 'within 2 working "
        "days' on the consultation form, its thank-you page and email; the admin's 'Waiting' list flags requests "
        "that have waited longer.",
    )
    questions_to_ask = models.TextField(
        "questions to ask your specialist, on every page",
        blank=True,
        help_text="One question per line. Shown on every procedure page, after the page's own questions.",
    )
    privacy_notice = models.TextField(
        blank=True,
        help_text="The /privacy/ page: what the consultation form collects, why, who sees it, how long we keep it. "
        + PARAGRAPHS_HELP,
    )

    class Meta:
        verbose_name = "clinic details"
        verbose_name_plural = "clinic details"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1  # There is one clinic: every save updates the same row.
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        """The clinic's row; an unsaved default if staff have not filled it in yet."""
        return cls.objects.filter(pk=1).first() or cls()

    @classmethod
    def for_request(cls, request):
        """The clinic's row, read at most once per request however many views and templates ask."""
        if not hasattr(request, "_clinic_details"):
            request._clinic_details = cls.load()
        return request._clinic_details

    @property
    def reply_within(self):
        """The promise as patients read it: "1 working day", "2 working days"."""
        days = self.reply_within_working_days
        return f"{days} working day{pluralize(days)}"

    @property
    def phone_href(self):
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")


class Specialist(models.Model):
    name = models.CharField(max_length=120, unique=True)
    credentials = models.CharField(
        max_length=200, help_text="As patients should read it, e.g. 'Board-certified vascular surgeon'."
    )
    bio = models.TextField(blank=True, help_text=PARAGRAPHS_HELP)
    photo = ResponsiveImageField(
        upload_to="specialists/", blank=True, width_field="photo_width", height_field="photo_height"
    )
    photo_width, photo_height = recorded_size_fields()
    is_sample = models.BooleanField(
        "sample profile",
        default=False,
        help_text="Ticked for the placeholder profile shipped with the site. Replace it with a real specialist.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
