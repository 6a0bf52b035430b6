"""The clinic's content: procedures, the conditions they treat, who reviews them.

Free-text sections are plain text: blank lines separate paragraphs and the
templates escape everything, so no HTML written by staff ever reaches a
patient. Lists that have an order (steps, risks, FAQs...) are rows edited
inline in the admin, each with an explicit position.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from ..images import ResponsiveImageField

PARAGRAPHS_HELP = "Plain text, no HTML. Leave a blank line between paragraphs."


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
    reply_within = models.CharField(
        "we reply within",
        max_length=60,
        default="1 working day",
        help_text="Completes 'We aim to contact you within ...' on the consultation thank-you page and email.",
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
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    is_sample = models.BooleanField(
        "sample profile",
        default=False,
        help_text="Ticked for the placeholder profile shipped with the site. Replace it with a real specialist.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Condition(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(unique=True, help_text="The web address: /conditions/<slug>/. Change it rarely.")
    summary = models.CharField(max_length=160, help_text="One sentence for lists and search engines.")
    description = models.TextField(help_text="The condition in plain words. " + PARAGRAPHS_HELP)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("treatments:condition", kwargs={"slug": self.slug})


class TreatmentQuerySet(models.QuerySet):
    def published(self):
        """The one place that decides what the public sees."""
        return self.filter(status=Treatment.Status.PUBLISHED)

    def visible_to(self, user):
        """Staff preview drafts; everyone else sees published pages only."""
        return self if user.is_staff else self.published()

    def review_overdue(self, today=None):
        return self.filter(next_review_due__lt=today or timezone.localdate())


class Treatment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft: not public"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=120)
    slug = models.SlugField(unique=True, help_text="The web address: /treatments/<slug>/. Change it rarely.")
    summary = models.CharField(
        max_length=160,
        help_text="One or two sentences shown on cards and to search engines (at most 160 characters).",
    )
    hero_image = ResponsiveImageField(
        upload_to="treatments/", blank=True, width_field="hero_image_width", height_field="hero_image_height"
    )
    hero_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_image_alt = models.CharField(
        "image description",
        max_length=200,
        blank=True,
        help_text="Describe the image for people who cannot see it. Required when there is an image.",
    )

    class ProcedureType(models.TextChoices):
        # Values are schema.org's names, for search engines; labels are for patients.
        NONINVASIVE = "NoninvasiveProcedure", "No needles or cuts"
        PERCUTANEOUS = "PercutaneousProcedure", "Through the skin, with a needle or thin tube (no cuts)"
        SURGICAL = "SurgicalProcedure", "Surgery"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    procedure_type = models.CharField(
        "type of procedure", max_length=25, choices=ProcedureType.choices, default=ProcedureType.PERCUTANEOUS
    )
    is_featured = models.BooleanField("feature on the home page", default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    # Sections, in the order they appear on the page.
    overview = models.TextField("what it is", help_text=PARAGRAPHS_HELP)
    how_it_works = models.TextField(
        "how it works: introduction", blank=True, help_text="Shown above the steps. " + PARAGRAPHS_HELP
    )
    suitability_note = models.TextField(
        "who it is for: note",
        blank=True,
        help_text="Shown under the lists of who it suits and who should not have it.",
    )
    preparation = models.TextField("before your appointment", blank=True, help_text=PARAGRAPHS_HELP)
    duration = models.CharField("how long it takes", max_length=120, blank=True)
    discomfort = models.TextField("how it feels", blank=True)
    anaesthesia = models.TextField("numbing medicine", blank=True)
    on_the_day = models.TextField("what happens on the day", blank=True, help_text=PARAGRAPHS_HELP)
    aftercare_intro = models.TextField("aftercare: introduction", blank=True, help_text=PARAGRAPHS_HELP)
    recovery_time = models.TextField("recovery time", blank=True)
    results = models.TextField("results", blank=True, help_text=PARAGRAPHS_HELP)
    long_term_care = models.TextField("long-term care", blank=True, help_text=PARAGRAPHS_HELP)
    risks_intro = models.TextField("risks: introduction", blank=True, help_text=PARAGRAPHS_HELP)

    conditions = models.ManyToManyField(Condition, blank=True, related_name="treatments")
    related_treatments = models.ManyToManyField("self", blank=True)

    reviewer = models.ForeignKey(
        Specialist,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_treatments",
        help_text="The specialist who checked this page's medical content.",
    )
    last_reviewed = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)

    objects = TreatmentQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("treatments:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.hero_image and not self.hero_image_alt.strip():
            errors["hero_image_alt"] = "Describe the image for people who cannot see it."
        if self.last_reviewed and self.next_review_due and self.next_review_due <= self.last_reviewed:
            errors["next_review_due"] = "The next review must come after the last one."
        if errors:
            raise ValidationError(errors)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def review_overdue(self):
        return bool(self.next_review_due and self.next_review_due < timezone.localdate())


class OrderedItem(models.Model):
    """A row of one of a treatment's ordered lists."""

    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    class Meta:
        abstract = True
        ordering = ["position", "pk"]


class ListItem(OrderedItem):
    text = models.TextField()

    class Meta(OrderedItem.Meta):
        abstract = True

    def __str__(self):
        return self.text[:80]


class Step(OrderedItem):
    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(max_length=120)
    description = models.TextField()

    def __str__(self):
        return self.title


class Benefit(ListItem):
    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="benefits")


class Candidate(ListItem):
    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="candidates")

    class Meta(ListItem.Meta):
        verbose_name = "who it may suit"
        verbose_name_plural = "who it may suit"


class ReasonNotTo(ListItem):
    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="reasons_not_to")

    class Meta(ListItem.Meta):
        verbose_name = "who should not have it"
        verbose_name_plural = "who should not have it"


class AftercareDo(ListItem):
    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="aftercare_do")

    class Meta(ListItem.Meta):
        verbose_name = "aftercare: do"
        verbose_name_plural = "aftercare: do"


class AftercareDont(ListItem):
    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="aftercare_dont")

    class Meta(ListItem.Meta):
        verbose_name = "aftercare: don't"
        verbose_name_plural = "aftercare: don't"


class Risk(OrderedItem):
    class Frequency(models.TextChoices):
        COMMON = "common", "Common"
        UNCOMMON = "uncommon", "Less common"
        RARE = "rare", "Rare"

    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="risks")
    name = models.CharField(max_length=120)
    description = models.TextField()
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.COMMON)

    def __str__(self):
        return self.name


class WarningSign(ListItem):
    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="warning_signs")

    class Meta(ListItem.Meta):
        verbose_name = "warning sign (get help now)"
        verbose_name_plural = "warning signs (get help now)"


class FAQ(OrderedItem):
    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField(max_length=200)
    answer = models.TextField(help_text=PARAGRAPHS_HELP)

    class Meta(OrderedItem.Meta):
        verbose_name = "question patients ask"
        verbose_name_plural = "questions patients ask"

    def __str__(self):
        return self.question
