"""Procedure pages and the conditions they treat.

Free-text sections are plain text: blank lines separate paragraphs and the
templates escape everything, so no HTML written by staff ever reaches a
patient. Lists that have an order (steps, risks, FAQs...) are rows edited
inline in the admin, each with an explicit position. Which section of the page
shows which field or list is declared once, in treatments/procedures/structure.py.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from ..images import ResponsiveImageField, recorded_size_fields
from .clinic import Specialist
from .text import PARAGRAPHS_HELP


class AddressedBySlug(models.Model):
    """A public page whose address is its slug: /<prefix>/<slug>/, named `url_name` in treatments/urls.py."""

    url_name = None

    class Meta:
        abstract = True

    def get_absolute_url(self):
        return reverse(self.url_name, kwargs={"slug": self.slug})


class Condition(AddressedBySlug):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(unique=True, help_text="The web address: /conditions/<slug>/. Change it rarely.")
    summary = models.CharField(max_length=160, help_text="One sentence for lists and search engines.")
    description = models.TextField(help_text="The condition in plain words. " + PARAGRAPHS_HELP)
    options_guidance = models.TextField(
        "how guidance orders the options",
        blank=True,
        help_text="Shown above the compare page: which option guidance suggests first, and its source.",
    )
    updated = models.DateTimeField(auto_now=True)

    url_name = "treatments:condition"

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


# Content editors see a page's review coming this many days ahead.
REVIEW_DUE_SOON_DAYS = 30


class TreatmentQuerySet(models.QuerySet):
    def published(self, now=None):
        """The one place that decides what the public sees: published pages whose publish-at time, if any, has come.

        A scheduled page therefore appears on its own at its time, with no job to run.
        """
        now = now or timezone.now()
        return self.filter(status=Treatment.Status.PUBLISHED).filter(
            models.Q(publish_at__isnull=True) | models.Q(publish_at__lte=now)
        )

    def scheduled(self, now=None):
        """Published pages still waiting for their publish-at time."""
        return self.filter(status=Treatment.Status.PUBLISHED, publish_at__gt=now or timezone.now())

    def visible_to(self, user):
        """Staff preview drafts; everyone else sees published pages only."""
        return self if user.is_staff else self.published()

    def review_overdue(self, today=None):
        return self.filter(next_review_due__lt=today or timezone.localdate())

    def review_due(self, today=None):
        """Pages whose next review is past or within REVIEW_DUE_SOON_DAYS, most urgent first."""
        soon = (today or timezone.localdate()) + timedelta(days=REVIEW_DUE_SOON_DAYS)
        return self.filter(next_review_due__lte=soon).order_by("next_review_due", "title")


class Treatment(AddressedBySlug):
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
    hero_image_width, hero_image_height = recorded_size_fields()
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
    publish_at = models.DateTimeField(
        "publish at",
        null=True,
        blank=True,
        help_text="Leave empty to publish when you save. A future date and time schedules a published page: "
        "patients see it from then on, with nothing else to do.",
    )
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
    # Key facts: the essentials a patient reads in under a minute, and the rows of the compare page.
    anaesthesia = models.TextField("numbing or anesthesia", blank=True)
    duration = models.CharField("time at the clinic", max_length=200, blank=True)
    back_to_activities = models.CharField("back to usual activities", max_length=200, blank=True)
    sessions_needed = models.CharField("sessions usually needed", max_length=200, blank=True)
    effectiveness = models.CharField(
        "how well it works",
        max_length=300,
        blank=True,
        help_text="A figure and the source it comes from, e.g. 'About 9 in 10 veins stay closed after 2 years (NICE).'",
    )
    main_risks = models.CharField("main risks", max_length=300, blank=True)
    insurance = models.CharField("when insurance usually covers it", max_length=300, blank=True)
    discomfort = models.TextField("how it feels", blank=True)
    on_the_day = models.TextField("what happens on the day", blank=True, help_text=PARAGRAPHS_HELP)
    aftercare_intro = models.TextField("aftercare: introduction", blank=True, help_text=PARAGRAPHS_HELP)
    recovery_time = models.TextField("recovery time", blank=True)
    results = models.TextField("results", blank=True, help_text=PARAGRAPHS_HELP)
    long_term_care = models.TextField("long-term care", blank=True, help_text=PARAGRAPHS_HELP)
    risks_intro = models.TextField("risks: introduction", blank=True, help_text=PARAGRAPHS_HELP)
    expected_after_effects = models.TextField(
        "what is normal afterwards",
        blank=True,
        help_text="After-effects that are expected, so patients are not alarmed. " + PARAGRAPHS_HELP,
    )

    conditions = models.ManyToManyField(Condition, blank=True, related_name="treatments", through="ConditionOption")
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
    next_review_due = models.DateField(
        null=True, blank=True, help_text="Required to publish. Pages whose review is near or past are listed for staff."
    )
    awaiting_review = models.BooleanField(
        "awaiting medical review",
        default=False,
        help_text="Publish before a specialist has checked the page. The page then says it is awaiting review.",
    )

    objects = TreatmentQuerySet.as_manager()
    url_name = "treatments:detail"

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.hero_image and not self.hero_image_alt.strip():
            errors["hero_image_alt"] = "Describe the image for people who cannot see it."
        if self.last_reviewed and self.next_review_due and self.next_review_due <= self.last_reviewed:
            errors["next_review_due"] = "The next review must come after the last one."
        if self.reviewer_id and self.reviewer.is_sample:
            errors["reviewer"] = (
                "This is a sample profile, not a real specialist. Choose the specialist who checked it."
            )
        if self.status == self.Status.PUBLISHED:
            errors.update(self.publishing_problems())
        if errors:
            raise ValidationError(errors)

    def publishing_problems(self):
        """Why this page may not be published yet, by field: a review date, and a real review or the honest state."""
        problems = {}
        if not self.next_review_due:
            problems["next_review_due"] = "A page can only be published with the date of its next medical review."
        if not (self.reviewer_id and self.last_reviewed) and not self.awaiting_review:
            problems["awaiting_review"] = (
                "A page can only be published once a specialist has reviewed it (choose them and the date) "
                "or with 'awaiting medical review' ticked, so the page says so."
            )
        return problems

    @property
    def is_published(self):
        """Whether patients see it now (a scheduled page is not published until its time)."""
        return self.status == self.Status.PUBLISHED and not self.is_scheduled

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and bool(self.publish_at and self.publish_at > timezone.now())

    @property
    def review_due_soon(self):
        """Its next review is past, or within REVIEW_DUE_SOON_DAYS: listed for content editors."""
        soon = timezone.localdate() + timedelta(days=REVIEW_DUE_SOON_DAYS)
        return bool(self.next_review_due and self.next_review_due <= soon)

    @property
    def is_medically_reviewed(self):
        """A real specialist, not the sample profile shipped with the site, has checked this page and when."""
        return bool(self.reviewer and not self.reviewer.is_sample and self.last_reviewed)

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
    """A row of one line of text."""

    text = models.TextField()

    class Meta(OrderedItem.Meta):
        abstract = True

    def __str__(self):
        return self.text[:80]


class TimedListItem(ListItem):
    """A row that holds for a range of days after the procedure (day 0 is the day itself): the page shows the range,
    and a patient's aftercare plan turns it into dates."""

    from_day = models.PositiveSmallIntegerField(
        "from day", null=True, blank=True, help_text="Day 0 is the day of the procedure. Empty: no set time."
    )
    to_day = models.PositiveSmallIntegerField("to day", null=True, blank=True, help_text="The last day it applies.")

    class Meta(ListItem.Meta):
        abstract = True

    def clean(self):
        if (self.from_day is None) != (self.to_day is None):
            raise ValidationError("Give both days of the range, or neither.")
        if self.from_day is not None and self.to_day < self.from_day:
            raise ValidationError({"to_day": "The last day cannot come before the first."})

    @property
    def has_days(self):
        return self.from_day is not None and self.to_day is not None

    @property
    def day_label(self):
        """The range in words, the one wording the page and the aftercare plan use: "Day 3" or "Days 0 to 14";
        empty without days."""
        if not self.has_days:
            return ""
        if self.from_day == self.to_day:
            return f"Day {self.from_day}"
        return f"Days {self.from_day} to {self.to_day}"


def text_list(name, related_name, verbose_name=None, verbose_name_plural=None, base=ListItem):
    """The model of one list of one-line rows on every procedure page.

    Each list keeps its own table, so the admin edits each under its own
    heading and one list can gain a field (a day range, say) without the others.
    """
    names = {"verbose_name": verbose_name, "verbose_name_plural": verbose_name_plural or verbose_name}
    meta = type("Meta", (base.Meta,), {key: value for key, value in names.items() if value})
    link = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name=related_name)
    return type(name, (base,), {"__module__": __name__, "__qualname__": name, "treatment": link, "Meta": meta})


class Step(OrderedItem):
    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(max_length=120)
    description = models.TextField()

    def __str__(self):
        return self.title


class Risk(OrderedItem):
    class Frequency(models.TextChoices):
        # The bands medicine leaflets use; FREQUENCY_KEY below says what each means.
        VERY_COMMON = "very_common", "Very common"
        COMMON = "common", "Common"
        UNCOMMON = "uncommon", "Uncommon"
        RARE = "rare", "Rare"
        VERY_RARE = "very_rare", "Very rare"
        NOT_KNOWN = "not_known", "Not known"

    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="risks")
    name = models.CharField(max_length=120)
    description = models.TextField()
    frequency = models.CharField(max_length=11, choices=Frequency.choices, default=Frequency.COMMON)
    how_often = models.CharField(
        "how often, in numbers",
        max_length=300,
        blank=True,
        help_text="In words and numbers, from a source, e.g. 'about 1 in 25 people'.",
    )

    def __str__(self):
        return self.name


FREQUENCY_KEY = {
    Risk.Frequency.VERY_COMMON: "more than 1 in 10 people",
    Risk.Frequency.COMMON: "up to 1 in 10 people",
    Risk.Frequency.UNCOMMON: "up to 1 in 100 people",
    Risk.Frequency.RARE: "up to 1 in 1,000 people",
    Risk.Frequency.VERY_RARE: "fewer than 1 in 10,000 people",
    Risk.Frequency.NOT_KNOWN: "the sources we use give no number",
}


class Source(OrderedItem):
    """A published source the page's facts come from."""

    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=120, help_text="e.g. NICE, NHS, Mayo Clinic, Cochrane.")
    year = models.PositiveSmallIntegerField(
        help_text="The year it was published; for a web page that shows no date, the year we read it."
    )
    url = models.URLField("web address", max_length=500)

    def __str__(self):
        return f"{self.title} ({self.publisher}, {self.year})"


class FAQ(OrderedItem):
    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField(max_length=200)
    answer = models.TextField(help_text=PARAGRAPHS_HELP)

    class Meta(OrderedItem.Meta):
        verbose_name = "question patients ask"
        verbose_name_plural = "questions patients ask"

    def __str__(self):
        return self.question


Benefit = text_list("Benefit", "benefits")
Candidate = text_list("Candidate", "candidates", "who it may suit")
ReasonNotTo = text_list("ReasonNotTo", "reasons_not_to", "who should not have it")
AftercareDo = text_list("AftercareDo", "aftercare_do", "aftercare: do", base=TimedListItem)
AftercareDont = text_list("AftercareDont", "aftercare_dont", "aftercare: don't", base=TimedListItem)
WarningSign = text_list("WarningSign", "warning_signs", "call 911 now: sign", "call 911 now: signs")
ClinicSign = text_list("ClinicSign", "clinic_signs", "call the clinic today: sign", "call the clinic today: signs")


class ConditionOption(models.Model):
    """A procedure that treats a condition, at its place among the condition's options (as guidance orders them)."""

    condition = models.ForeignKey(Condition, on_delete=models.CASCADE)
    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first on the compare page.")

    class Meta:
        # The table Django made for the plain many-to-many link this model replaced: its rows are kept.
        db_table = "treatments_treatment_conditions"
        unique_together = [("treatment", "condition")]
        ordering = ["position", "pk"]
        verbose_name = "option for this condition"
        verbose_name_plural = "options for this condition, in the order guidance gives"

    def __str__(self):
        return f"{self.treatment} for {self.condition}"
