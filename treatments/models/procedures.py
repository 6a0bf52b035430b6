"""Procedure pages and the conditions they treat.

Free-text sections are plain text: blank lines separate paragraphs and the
templates escape everything, so no HTML written by staff ever reaches a
patient. Lists that have an order (steps, risks, FAQs...) are rows edited
inline in the admin, each with an explicit position. Which section of the page
shows which field or list is declared once, in treatments/procedures/structure.py.
"""

import re
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

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
    slug = models.SlugField(
        unique=True, help_text="The end of the web address, as in /conditions/varicose-veins/. Change it rarely."
    )
    summary = models.CharField(max_length=160, help_text="One sentence for lists and search engines.")
    description = models.TextField(help_text="The condition in plain words. " + PARAGRAPHS_HELP)
    urgent_advice = models.TextField(
        "urgent advice",
        blank=True,
        help_text="What to do now, and when to call 911, for an urgent problem this condition can cause (a "
        "bleeding vein, say). Shown in a box near the top of the condition page. " + PARAGRAPHS_HELP,
    )
    illustrations = models.ManyToManyField(
        "Illustration", blank=True, related_name="conditions", help_text="Shown near the top of the condition page."
    )
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


# "The short version" is read in under a minute.
SHORT_VERSION_MAX_WORDS = 120

# A compare grid's cell is read at a glance, beside the other options' (treatments/procedures/comparison.py).
GRID_ANSWER_MAX_WORDS = 25
GRID_ANSWER_PREFIX = "compare grid: "


def grid_answer(question, hint=""):
    """A short answer to one of the compare grid's questions, edited in the section of the page that says more."""
    return models.CharField(
        GRID_ANSWER_PREFIX + question,
        max_length=250,
        blank=True,
        help_text=f"The cell of the compare page's grid: at most {GRID_ANSWER_MAX_WORDS} words, in plain words, "
        "from what this section says. " + hint,
    )


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
    slug = models.SlugField(
        unique=True, help_text="The end of the web address, as in /treatments/foam-sclerotherapy/. Change it rarely."
    )
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
        NONINVASIVE = "NoninvasiveProcedure", _("No needles or cuts")
        PERCUTANEOUS = "PercutaneousProcedure", _("Through the skin, with a needle or thin tube (no cuts)")
        SURGICAL = "SurgicalProcedure", _("Surgery")

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        "publish at",
        null=True,
        blank=True,
        help_text="Usually left empty: Publish and Schedule, at the bottom of the form, set it. A future time on a "
        "page that is not live yet schedules it: patients see it from then on, with nothing else to do.",
    )
    procedure_type = models.CharField(
        gettext_noop("type of procedure"),
        max_length=25,
        choices=ProcedureType.choices,
        default=ProcedureType.PERCUTANEOUS,
    )
    is_featured = models.BooleanField("feature on the home page", default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    # Sections, in the order they appear on the page.
    short_version = models.TextField(
        "the short version",
        blank=True,
        help_text=f"At most {SHORT_VERSION_MAX_WORDS} words, read first: what it is, who it suits, what recovery "
        "is like and the main risks. " + PARAGRAPHS_HELP,
    )
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
    anaesthesia = models.TextField(gettext_noop("numbing or anesthesia"), blank=True)
    duration = models.CharField(gettext_noop("time at the clinic"), max_length=200, blank=True)
    back_to_activities = models.CharField(gettext_noop("back to usual activities"), max_length=200, blank=True)
    sessions_needed = models.CharField(gettext_noop("sessions usually needed"), max_length=200, blank=True)
    effectiveness = models.CharField(
        gettext_noop("how well it works"),
        max_length=300,
        blank=True,
        help_text="A figure and the source it comes from, e.g. 'About 9 in 10 veins stay closed after 2 years (NICE).'",
    )
    main_risks = models.CharField(gettext_noop("main risks"), max_length=300, blank=True)
    insurance = models.CharField(gettext_noop("when insurance usually covers it"), max_length=300, blank=True)
    # The clinic's own protocol: what this clinic does, filled in by staff, never taken from a source. The page
    # shows each as "At our clinic" beside what the sources say; while one is empty, the page says the clinic
    # has not filled it in yet and go_live_check lists it.
    clinic_visit_length = models.CharField(
        "at our clinic: " + gettext_noop("how long the visit takes"),
        max_length=300,
        blank=True,
        help_text="How long patients are usually with us on the day, e.g. 'About 1 to 2 hours, including the scan "
        "and time to rest.'",
    )
    clinic_time_off = models.CharField(
        "at our clinic: " + gettext_noop("time off work and sport"),
        max_length=300,
        blank=True,
        help_text="What our specialists usually advise, e.g. 'Most people go back to desk work after 2 days and "
        "to sport after 2 weeks.'",
    )
    clinic_stockings = models.CharField(
        "at our clinic: " + gettext_noop("stockings"),
        max_length=300,
        blank=True,
        help_text="How long we ask patients to wear stockings or bandages, e.g. 'Day and night for 2 days, then "
        "in the daytime for 1 week.' Write 'None needed' if we do not use them.",
    )
    clinic_follow_up = models.CharField(
        "at our clinic: " + gettext_noop("follow-up visit"),
        max_length=300,
        blank=True,
        help_text="When we see patients again, e.g. 'A check and a scan 1 to 2 weeks later.'",
    )
    clinic_follow_up_day = models.PositiveSmallIntegerField(
        "at our clinic: " + gettext_noop("follow-up visit, day"),
        null=True,
        blank=True,
        help_text="The day after the procedure we usually see patients again (day 0 is the day itself), e.g. 14: "
        "a patient's aftercare plan and calendar then show the visit. Empty: they do not.",
    )
    clinic_price = models.CharField(
        "at our clinic: " + gettext_noop("self-pay price"),
        max_length=300,
        blank=True,
        help_text="The usual self-pay price range, e.g. '$1,500 to $3,000 per leg, scan included.'",
    )
    # The compare grid's short answers (the rows are declared in treatments/procedures/structure.py, GRID).
    short_what_it_is = grid_answer(gettext_noop("what is it?"))
    short_needles_heat = grid_answer(gettext_noop("needles, heat or cuts?"), "Say plainly if it uses none.")
    short_pain = grid_answer(
        gettext_noop("does it hurt?"), "What numbing is used, and how it usually feels afterwards."
    )
    short_time_at_clinic = grid_answer(
        gettext_noop("how long at the clinic?"),
        "What the sources say: the clinic's own time (Key facts, 'at our clinic') shows beside it.",
    )
    short_time_off = grid_answer(
        gettext_noop("time off work and usual activities"),
        "What the sources say: the clinic's own advice (Key facts, 'at our clinic') shows beside it.",
    )
    short_visits = grid_answer(gettext_noop("how many visits?"))
    short_results = grid_answer(
        gettext_noop("how well does it work?"),
        "In words: the figures of the comparison's outcome measures are shown with it.",
    )
    short_recurrence = grid_answer(gettext_noop("will my veins come back?"))
    short_risks = grid_answer(
        gettext_noop("what are the main risks?"), "In words: the grid adds each risk's figure from its row."
    )
    short_cost = grid_answer(
        gettext_noop("what does it cost, and does insurance cover it?"),
        "Insurance only: the clinic's own price (Key facts, 'at our clinic') shows beside it. Never a price here.",
    )
    discomfort = models.TextField(gettext_noop("how it feels"), blank=True)
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
    shared_passages = models.ManyToManyField(
        "SharedPassage",
        blank=True,
        related_name="treatments",
        help_text="Text written once for several procedures (the aftercare of both heat treatments, say): each "
        "shows at the end of its section on every page that uses it, so one edit reaches them all.",
    )
    related_treatments = models.ManyToManyField("self", blank=True)
    performed_by = models.ManyToManyField(
        Specialist,
        blank=True,
        related_name="performs",
        help_text="Who performs it at this clinic: the page names them and links to their profiles.",
    )
    illustrations = models.ManyToManyField(
        "Illustration",
        blank=True,
        related_name="treatments",
        help_text="Pictures that explain how it works, shown at the top of 'How it works'.",
    )

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

    # For the one row in hand, the rules of TreatmentQuerySet.published(), .scheduled() and .review_overdue(),
    # which decide; tests/test_models.py checks that both agree for every status, time and review date.
    @property
    def is_published(self):
        """Whether patients see it now (a scheduled page is not published until its time)."""
        return self.status == self.Status.PUBLISHED and not self.is_scheduled

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and bool(self.publish_at and self.publish_at > timezone.now())

    @property
    def performers(self):
        """Who performs it at this clinic, as patients see them: never the sample profile (reads a prefetch)."""
        return [specialist for specialist in self.performed_by.all() if not specialist.is_sample]

    @property
    def is_medically_reviewed(self):
        """A real specialist, not the sample profile shipped with the site, has checked this page and when."""
        return bool(self.reviewer and not self.reviewer.is_sample and self.last_reviewed)

    @property
    def review_overdue(self):  # TreatmentQuerySet.review_overdue(), for this row.
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
            return gettext("Day %(day)d") % {"day": self.from_day}
        return gettext("Days %(from)d to %(to)d") % {"from": self.from_day, "to": self.to_day}


class SelfCheckItem(ListItem):
    """A row the self-check ("Is this right for me?") asks about, asked in the patient's own voice."""

    self_check_wording = models.CharField(
        "as the self-check asks it",
        max_length=200,
        blank=True,
        help_text="The row as a patient would say it, in words they can answer before a scan, e.g. 'My legs ache, "
        "itch or feel heavy.' or 'A scan has shown a leak in the main vein of my leg.' Empty: the row's own words.",
    )

    class Meta(ListItem.Meta):
        abstract = True

    @property
    def statement(self):
        return self.self_check_wording or self.text


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
        VERY_COMMON = "very_common", _("Very common")
        COMMON = "common", _("Common")
        UNCOMMON = "uncommon", _("Uncommon")
        RARE = "rare", _("Rare")
        VERY_RARE = "very_rare", _("Very rare")
        NOT_KNOWN = "not_known", _("Not known")

    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="risks")
    name = models.CharField(max_length=120)
    description = models.TextField()
    frequency = models.CharField(max_length=11, choices=Frequency.choices, default=Frequency.COMMON)
    how_often = models.CharField(
        "how often, in numbers",
        max_length=300,
        blank=True,
        help_text="Full sentences in words and numbers, from a source, the main figure first, e.g. 'About 1 in 25 "
        "people.' The band above must fit that first figure.",
    )

    def __str__(self):
        return self.name

    def clean(self):
        from ..procedures.frequency import band_problem  # The rule lives with its parsing of figures.

        if problem := band_problem(self.frequency, self.how_often):
            raise ValidationError({"frequency": problem})


# The bands medicine leaflets use (the EU's summary of product characteristics convention): each band's lowest
# chance, most common first. The key below says it in words; a risk's band must fit the figure it states
# (treatments/procedures/frequency.py).
FREQUENCY_FLOORS = {
    Risk.Frequency.VERY_COMMON: 1 / 10,
    Risk.Frequency.COMMON: 1 / 100,
    Risk.Frequency.UNCOMMON: 1 / 1_000,
    Risk.Frequency.RARE: 1 / 10_000,
    Risk.Frequency.VERY_RARE: 0,
}
FREQUENCY_KEY = {
    Risk.Frequency.VERY_COMMON: _("1 in 10 people or more"),
    Risk.Frequency.COMMON: _("from 1 in 100 up to 1 in 10 people"),
    Risk.Frequency.UNCOMMON: _("from 1 in 1,000 up to 1 in 100 people"),
    Risk.Frequency.RARE: _("from 1 in 10,000 up to 1 in 1,000 people"),
    Risk.Frequency.VERY_RARE: _("fewer than 1 in 10,000 people"),
    Risk.Frequency.NOT_KNOWN: _("the sources we use give no number"),
}


class Reference(models.Model):
    """A published source, stored once and cited by every page whose facts come from it."""

    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=120, help_text="e.g. NICE, NHS, Mayo Clinic, Cochrane.")
    year = models.PositiveSmallIntegerField(
        help_text="The year it was published; for a web page that shows no date, the year we read it (and tick "
        "the box below)."
    )
    year_is_read = models.BooleanField(
        "the year is when we read it",
        default=False,
        help_text="The page shows no date of its own: patients see 'read 2026' instead of '2026'.",
    )
    url = models.URLField(
        "web address", max_length=500, unique=True, help_text="The publisher's own page in English, or a DOI link."
    )

    class Meta:
        ordering = ["publisher", "title"]
        verbose_name = "source"
        verbose_name_plural = "sources (the library every page cites from)"

    def __str__(self):
        return f"{self.title} ({self.publisher}, {self.year_label})"

    @property
    def year_label(self):
        # Translators: a web page's year when it gives none of its own: the year we read it.
        return gettext("read %(year)s") % {"year": self.year} if self.year_is_read else str(self.year)


class Sign(models.Model):
    """A warning sign, stored once with its urgency: a sign is in the same box on every page that shows it."""

    class Urgency(models.TextChoices):
        EMERGENCY = "emergency", _("Call 911 now")
        CLINIC_TODAY = "clinic_today", _("Call the clinic today")

    # A text, not a line of set length: the signs pages held before the library came in had no limit.
    text = models.TextField(
        unique=True,
        help_text="The sign in plain words, without a time: the box it is in says how soon to act.",
    )
    urgency = models.CharField(max_length=12, choices=Urgency.choices)

    class Meta:
        ordering = ["urgency", "text"]
        verbose_name = "warning sign"
        verbose_name_plural = "warning signs (the library every page picks from)"

    def __str__(self):
        return f"{self.get_urgency_display()}: {self.text}"

    @property
    def is_emergency(self):
        return self.urgency == self.Urgency.EMERGENCY


def prose_sections():
    """(anchor, heading) of each section of a procedure page that can end with a shared passage."""
    from ..procedures.structure import SECTIONS  # The structure is built from these models.

    return [(section.anchor, section.heading) for section in SECTIONS if section.prose]


def form_pattern(form):
    """A word's form as a regular expression: in capitals only if written in capitals (NICE, not "nice")."""
    escaped = re.escape(form)
    return escaped if form.isupper() else f"(?i:{escaped})"


class SharedPassage(models.Model):
    """Text that is the same for several procedures, written once and shown in one section of each of their pages."""

    name = models.CharField(max_length=120, unique=True, help_text="For staff: what the text is about.")
    section = models.SlugField(
        max_length=40,
        choices=prose_sections,
        help_text="The section of each page it is shown at the end of.",
    )
    text = models.TextField(help_text=PARAGRAPHS_HELP)

    class Meta:
        ordering = ["name"]
        verbose_name = "shared passage"

    def __str__(self):
        return self.name


class Word(models.Model):
    """A word patients may not know (NICE, ablation, duplex): explained once, under "Words used on this page" on every
    page that uses it, with the page's first use of it linked there."""

    word = models.CharField(max_length=60, unique=True, help_text="As it is written on the pages, e.g. 'duplex scan'.")
    slug = models.SlugField(max_length=60, unique=True, help_text="The explanation's address on the page.")
    other_forms = models.TextField(
        blank=True,
        help_text="Other ways the pages write it, one per line, e.g. 'ablations'. Words in capitals (NICE) match "
        "only in capitals; others match in any case.",
    )
    meaning = models.TextField(help_text="One or two short, plain sentences.")

    class Meta:
        ordering = ["word"]
        verbose_name = "word explained"
        verbose_name_plural = "words explained"

    def __str__(self):
        return self.word

    @property
    def forms(self):
        return [self.word, *(line.strip() for line in self.other_forms.splitlines() if line.strip())]

    @cached_property
    def pattern(self):
        """Any of its forms as a whole word, longest first; capitals-only forms in capitals only."""
        forms = sorted(self.forms, key=len, reverse=True)
        return re.compile(
            r"\b(?:" + "|".join(form_pattern(form) for form in forms) + r")\b",
        )


class LinkedItem(OrderedItem):
    """A row of a page's list that shows an entry of a library (a source, a sign): the words are the entry's, so
    the same entry on several pages is stored once. `linked` names the foreign key to it."""

    linked = None

    class Meta(OrderedItem.Meta):
        abstract = True

    def __str__(self):
        return str(self.entry)

    @property
    def entry(self):
        return getattr(self, self.linked)


class Citation(LinkedItem):
    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="sources")
    reference = models.ForeignKey(Reference, on_delete=models.PROTECT, related_name="citations", verbose_name="source")

    linked = "reference"

    class Meta(LinkedItem.Meta):
        verbose_name = "source cited"
        verbose_name_plural = "sources cited"


class SignOnPage(LinkedItem):
    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="signs")
    sign = models.ForeignKey(Sign, on_delete=models.PROTECT, related_name="pages")

    linked = "sign"

    class Meta(LinkedItem.Meta):
        verbose_name = "warning sign on this page"
        verbose_name_plural = "warning signs on this page"


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
Candidate = text_list("Candidate", "candidates", "who it may suit", base=SelfCheckItem)
ReasonNotTo = text_list("ReasonNotTo", "reasons_not_to", "who should not have it", base=SelfCheckItem)
AftercareDo = text_list("AftercareDo", "aftercare_do", "aftercare: do", base=TimedListItem)
AftercareDont = text_list("AftercareDont", "aftercare_dont", "aftercare: don't", base=TimedListItem)
QuestionToAsk = text_list("QuestionToAsk", "questions_to_ask", "question to ask your specialist")


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
