"""The clinic itself: its details, read by every page, and its specialists."""

import re
from urllib.parse import quote

import holidays
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from holidays.registry import COUNTRIES

from ..images import ResponsiveImageField, recorded_size_fields
from .text import PARAGRAPHS_HELP


def tel_href(number):
    return "tel:" + "".join(ch for ch in number if ch.isdigit() or ch == "+")


# A promise longer than a month is no promise; it also keeps the front desk's deadline arithmetic small.
MAX_REPLY_WORKING_DAYS = 20
# The public holidays the `holidays` package knows: {"US": ["AK", "AL", ...], ...}.
HOLIDAY_REGIONS = holidays.list_supported_countries()


def holiday_countries():
    """The countries as staff pick one: "United States (US)"; a callable, so a migration does not copy the list."""
    names = {code: re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name) for name, code, *_ in COUNTRIES.values()}
    return sorted(
        ((code, f"{name} ({code})") for code, name in names.items() if code in HOLIDAY_REGIONS), key=lambda c: c[1]
    )


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
    opening_hours_schema = models.CharField(
        "opening hours, for search engines",
        max_length=200,
        blank=True,
        help_text="The same hours in schema.org's short form, days then times, e.g. 'Mo-Fr 08:00-17:00'. Separate "
        "several with commas: 'Mo-Th 08:00-17:00, Fr 08:00-13:00'.",
    )
    after_hours_phone = models.CharField(
        "after-hours number",
        max_length=40,
        blank=True,
        help_text="Who patients call when the clinic is closed (after a procedure, say), as they should dial it.",
    )
    # Visit us: how to get here. Each is the clinic's own fact, never shipped: an empty one shows as not added yet.
    parking = models.TextField(blank=True, help_text="Where to park and what it costs. " + PARAGRAPHS_HELP)
    public_transport = models.TextField(blank=True, help_text="Buses, trains and the nearest stop. " + PARAGRAPHS_HELP)
    step_free_access = models.TextField(
        "step-free access",
        blank=True,
        help_text="Ramps, lifts, accessible toilets, wheelchairs to borrow. " + PARAGRAPHS_HELP,
    )
    map_image = ResponsiveImageField(
        "map",
        upload_to="clinic/",
        blank=True,
        width_field="map_image_width",
        height_field="map_image_height",
        help_text="A map image you upload (a screenshot of a map you have the right to use): the page loads "
        "nothing from a map service.",
    )
    map_image_width, map_image_height = recorded_size_fields()
    map_image_alt = models.CharField(
        "map description",
        max_length=300,
        blank=True,
        help_text="What the map shows, in words, e.g. 'The clinic is on the corner of Main Street and 2nd Avenue, "
        "opposite the library.'",
    )
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="Where the clinic is, for search engines and the 'open in your maps app' link, e.g. 40.712800 "
        "and -74.006000.",
    )
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
        "to Friday: Saturdays, Sundays and the public holidays of the country and state below are not counted. "
        "Patients read 'within 2 working days' on the consultation form, its thank-you page and email; the admin's "
        "'Waiting' list flags requests that have waited longer.",
    )
    holiday_country = models.CharField(
        "public holidays: country",
        max_length=3,
        default="US",
        choices=holiday_countries,
        help_text="The front desk's working days leave out its public holidays.",
    )
    holiday_subdivision = models.CharField(
        "public holidays: state or region",
        max_length=40,
        blank=True,
        help_text="Its code, such as NY, to leave out the state's holidays too. Empty: the country's only.",
    )
    questions_to_ask = models.TextField(
        "questions to ask your specialist, on every page",
        blank=True,
        help_text="One question per line. Shown on every procedure page, after the page's own questions.",
    )
    insurers_accepted = models.TextField(
        "insurers we work with",
        blank=True,
        help_text="The insurers and plans the clinic accepts, one per line. Shown on the Costs and insurance page.",
    )
    insurance_requirements = models.TextField(
        "what insurers usually ask for",
        blank=True,
        help_text="In plain words, with the sources below: what plans commonly require before they pay for vein "
        "treatment. " + PARAGRAPHS_HELP,
    )
    insurance_sources = models.ManyToManyField(
        "Reference",
        blank=True,
        related_name="+",
        verbose_name="sources for what insurers ask for",
        help_text="Published insurer policies or guidelines the paragraph above comes from.",
    )
    # What happens next, on the consultation's thank-you page: the clinic's own practice, never shipped.
    consultation_length = models.CharField(
        "how long a consultation takes", max_length=200, blank=True, help_text="e.g. 'About 45 minutes, scan included.'"
    )
    what_to_bring = models.TextField(
        "what to bring",
        blank=True,
        help_text="One item per line, e.g. 'A list of the medicines you take', 'Your compression stockings, if you "
        "have them', 'Your insurance card'.",
    )
    referral_needed = models.CharField(
        "whether a referral is needed",
        max_length=300,
        blank=True,
        help_text="e.g. 'You do not need a referral. Some insurance plans ask for one: check yours.'",
    )
    consultation_cost = models.CharField(
        "what a consultation costs",
        max_length=300,
        blank=True,
        help_text="e.g. '$150 if you pay yourself; most plans cover it.'",
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

    def clean(self):
        super().clean()
        regions = HOLIDAY_REGIONS.get(self.holiday_country, ())
        if self.holiday_subdivision and self.holiday_subdivision not in regions:
            example = f", such as {regions[0]}" if regions else ""
            raise ValidationError({"holiday_subdivision": f"Use a state or region code of this country{example}."})

    @property
    def public_holidays(self):
        """The days the front desk is closed besides weekends: `day in clinic.public_holidays`, any year. A country
        or region the package does not know (saved around clean(), which refuses it) counts none."""
        try:
            return holidays.country_holidays(self.holiday_country, subdiv=self.holiday_subdivision or None)
        except NotImplementedError:
            return frozenset()

    @property
    def reply_within(self):
        """The promise as patients read it: "1 working day", "2 working days"."""
        days = self.reply_within_working_days
        return ngettext("%(days)d working day", "%(days)d working days", days) % {"days": days}

    @property
    def phone_href(self):
        return tel_href(self.phone)

    @property
    def after_hours_phone_href(self):
        return tel_href(self.after_hours_phone)

    @property
    def before_the_consultation(self):
        """(heading, text) of each thing a patient needs to know before their consultation, for the thank-you page."""
        return [
            (_("How long it takes"), self.consultation_length),
            (_("Do you need a referral?"), self.referral_needed),
            (_("What it costs"), self.consultation_cost),
        ]

    @property
    def getting_here(self):
        """(heading, text) of each "how to get here" fact, in the order the Visit us page gives them."""
        return [
            (_("Parking"), self.parking),
            (_("Public transport"), self.public_transport),
            (_("Step-free access"), self.step_free_access),
        ]

    @property
    def map_links(self):
        """(label, address) of links that open the clinic in the patient's own maps app. Links only: the page
        itself loads nothing from a map service."""
        if self.latitude is not None and self.longitude is not None:
            place = f"{self.latitude},{self.longitude}"
        else:
            place = ", ".join(line.strip() for line in self.address.splitlines() if line.strip())
        query = quote(place)
        return [
            ("Google Maps", f"https://www.google.com/maps/search/?api=1&query={query}"),
            ("Apple Maps", f"https://maps.apple.com/?q={query}"),
            (_("another maps app"), f"geo:0,0?q={query}"),
        ]


class SpecialistQuerySet(models.QuerySet):
    def public(self):
        """The specialists patients see: never the sample profile shipped with the site."""
        return self.filter(is_sample=False)


class Specialist(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(
        max_length=120,
        unique=True,
        null=True,
        blank=True,
        help_text="The end of their page's address, as in /specialists/jane-doe/.",
    )
    role = models.CharField(max_length=120, blank=True, help_text="e.g. 'Vascular surgeon', 'Vein specialist nurse'.")
    credentials = models.CharField(max_length=200, help_text="As patients should read it, e.g. 'MD, FACS'.")
    board_certification = models.CharField(
        max_length=200, blank=True, help_text="e.g. 'American Board of Surgery (vascular surgery)'."
    )
    languages = models.CharField(max_length=200, blank=True, help_text="The languages they speak with patients.")
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

    objects = SpecialistQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("treatments:specialist", kwargs={"slug": self.slug})
