"""A procedure page's structure, declared once.

SECTIONS lists the page's sections in order, and each section its parts in
order: free text, short facts, and lists of rows. Everything that needs "every
part of a procedure" is derived from it: the detail page and its table of
contents, the view's prefetching, the admin's fieldsets and inlines, the
content editors' permissions, the shipped-content loader, the JSON-LD and the
reading-grade report.

To add a list to every procedure: its model (treatments/models/procedures.py),
a line here, a migration, and a template in templates/treatments/parts/ only if
it shows in a new way.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Prefetch
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.fields import TranslationField

from ..models import Illustration, Treatment
from ..models.procedures import GRID_ANSWER_PREFIX, LinkedItem, SharedPassage, TimedListItem, Word
from . import self_check, words


@dataclass(frozen=True)
class Text:
    """A free-text field, shown as paragraphs; under its own small heading if it has one."""

    field: str
    heading: str = ""
    schema: str = ""  # The schema.org MedicalProcedure property it feeds, if any.
    template = "paragraphs"

    @property
    def fields(self):
        return (self.field,)

    def content(self, treatment):
        return getattr(treatment, self.field)

    def texts(self, treatment):
        return [self.content(treatment)]


@dataclass(frozen=True)
class Facts:
    """Short fields shown as labelled facts; each label is the field's own name for staff."""

    fields: tuple[str, ...]
    template = "facts"
    schema = ""

    @property
    def labels(self):
        return [capfirst(gettext(Treatment._meta.get_field(name).verbose_name)) for name in self.fields]

    def values(self, treatment):
        """Every fact's value, empty ones included (a compare page's column); choices as patients read them."""
        return [
            getattr(treatment, f"get_{name}_display")()
            if Treatment._meta.get_field(name).choices
            else getattr(treatment, name)
            for name in self.fields
        ]

    def content(self, treatment):
        """(label, value) of each fact that has a value."""
        return [(label, value) for label, value in zip(self.labels, self.values(treatment), strict=True) if value]

    def texts(self, treatment):
        return [value for _, value in self.content(treatment)]


@dataclass(frozen=True)
class ClinicProtocol(Facts):
    """What this clinic itself does (time off, stockings, follow-up, price): every field shown, an empty one as
    not filled in yet, so a patient never mistakes a gap for "none"."""

    template = "clinic_protocol"
    PREFIX = "at our clinic: "

    @property
    def labels(self):
        return [
            capfirst(gettext(Treatment._meta.get_field(name).verbose_name.removeprefix(self.PREFIX)))
            for name in self.fields
        ]

    def content(self, treatment):
        return list(zip(self.labels, self.values(treatment), strict=True))

    def texts(self, treatment):
        return [value for _, value in self.content(treatment) if value]


@dataclass(frozen=True)
class GridAnswer:
    """A row of the compare grid: the short answer staff write in the section that says more (the cell links
    there), shown on the compare page, not on the procedure page. `order` places the row in the grid (GRID);
    the row may add the clinic's own protocol field, the comparison's outcome figures (OutcomeMeasure.Row) or
    the option's risks, each out of 1,000. `found_by`: the words a patient may search with for this row's
    answers ("pain" for "Does it hurt?"); search lists the answers only for those words (search/sources.py)."""

    field: str
    order: int
    clinic: str = ""
    measure: str = ""
    risks: bool = False
    found_by: tuple[str, ...] = ()
    template = ""  # Not shown on the procedure page.
    schema = ""

    @property
    def fields(self):
        return (self.field,)

    @property
    def question(self):
        return capfirst(gettext(Treatment._meta.get_field(self.field).verbose_name.removeprefix(GRID_ANSWER_PREFIX)))

    def content(self, treatment):
        return getattr(treatment, self.field)

    def texts(self, treatment):
        return [self.content(treatment)]


@dataclass(frozen=True)
class StaffSetting:
    """A field staff set in the section's part of the form that the page does not show as words (a day number
    that a patient's aftercare plan turns into a date, say)."""

    field: str
    template = ""
    schema = ""
    fields = ()  # No words: not searched, graded or compared as text; the form shows it (Section.form_fields).

    @property
    def settings(self):
        return (self.field,)

    def content(self, treatment):
        return getattr(treatment, self.field)

    def texts(self, treatment):
        return []


@dataclass(frozen=True)
class List:
    """One of a treatment's lists of rows (a model with a foreign key to Treatment), edited inline."""

    related_name: str
    template: str  # How its rows show: a file in templates/treatments/parts/.
    heading: str = ""
    css_class: str = ""
    schema: str = ""
    fields = ()

    @property
    def model(self):
        return Treatment._meta.get_field(self.related_name).related_model

    @property
    def prefetch(self):
        """How a view fetches the rows of many pages at once: a library entry comes with its row."""
        if issubclass(self.model, LinkedItem):
            return Prefetch(self.related_name, queryset=self.model.objects.select_related(self.model.linked))
        return self.related_name

    def content(self, treatment):
        return getattr(treatment, self.related_name).all()

    def texts(self, treatment):
        return [" ".join(row_texts(row)) for row in self.content(treatment)]


@dataclass(frozen=True)
class SideBySide:
    """Lists shown next to each other on a wide screen, each under its heading."""

    lists: tuple[List, ...]
    template = "side_by_side"
    fields = ()
    schema = ""

    def content(self, treatment):
        return [Bound(part, part.content(treatment)) for part in self.lists]

    def texts(self, treatment):
        return [text for part in self.lists for text in part.texts(treatment)]


@dataclass(frozen=True)
class Bound:
    """A part with one treatment's content, ready for its template."""

    part: Text | Facts | List | SideBySide
    content: object

    @property
    def template(self):
        return f"treatments/parts/{self.part.template}.html"


@dataclass(frozen=True)
class OtherOptions:
    """Links to the compare page of each condition the procedure treats, and to related procedures."""

    template = "other_options"
    fields = ()
    schema = ""

    def content(self, treatment):
        return {"conditions": treatment.conditions.all(), "related": treatment.related_treatments.all()}

    def texts(self, treatment):
        return []


@dataclass(frozen=True)
class AftercareDays:
    """Built from the procedure's timed rows (TIMED_LISTS), shown only when a row has days: the line that says
    what day 0 is ("day_key"), or the form that makes a patient's own aftercare plan ("aftercare_plan_form").

    The form posts to a view that stores nothing (treatments/procedures/tool_views.py), so the page,
    cached and shared, carries no CSRF token.
    """

    template: str
    fields = ()
    schema = ""

    def content(self, treatment):
        """The treatment when any of its timed rows has days; otherwise None, and the part shows nothing."""
        has_days = any(row.has_days for part in TIMED_LISTS for row in part.content(treatment))
        return treatment if has_days else None

    def texts(self, treatment):
        return []


@dataclass(frozen=True)
class SelfCheck:
    """The "Is this right for me?" self-check, built from three declared lists named by their related names: the
    warning signs first (an urgent-care check), then who it may suit and who it may not (see self_check.py)."""

    urgent: str
    suits: str
    not_right: str
    template = "self_check"
    fields = ()
    schema = ""

    @property
    def parts(self):
        declared = {part.related_name: part for part in LISTS}
        return tuple(declared[name] for name in (self.urgent, self.suits, self.not_right))

    def content(self, treatment):
        return self_check.questions(treatment, *self.parts)

    def texts(self, treatment):
        return []  # Its words are the rows', read where the lists show them.


@dataclass(frozen=True)
class SharedPassages:
    """The shared passages a procedure shows at the end of one section (SharedPassage.section names it)."""

    anchor: str
    template = "shared_passages"
    fields = ()
    schema = ""

    def content(self, treatment):
        return [passage for passage in treatment.shared_passages.all() if passage.section == self.anchor]

    def texts(self, treatment):
        return [passage.text for passage in self.content(treatment)]


@dataclass(frozen=True)
class WordsUsed:
    """The library's words (Word) that the rest of the page uses, each explained; the page links its first use of
    each here (words.link_first_uses)."""

    template = "words_used"
    fields = ()
    schema = ""

    def content(self, treatment):
        if "_words_used" not in treatment.__dict__:  # Read once per page: the view and the section both ask.
            text = "\n".join(
                section.text(treatment, shown_only=True) for section in SECTIONS if self not in section.parts
            )
            treatment._words_used = words.used_in(text)
        return treatment._words_used

    def texts(self, treatment):
        return [word.meaning for word in self.content(treatment)]


@dataclass(frozen=True)
class Illustrations:
    """The pictures that explain the procedure (Illustration), each with its title and description."""

    template = "illustrations"
    fields = ()
    schema = ""

    def content(self, treatment):
        return treatment.illustrations.all()

    def texts(self, treatment):
        return [illustration.description for illustration in self.content(treatment)]


@dataclass(frozen=True)
class ClinicQuestions:
    """The questions Clinic details gives for every procedure, after the page's own."""

    template = "clinic_questions"
    fields = ()
    schema = ""

    def content(self, treatment):
        return None  # The template reads them from the clinic's details, shared by every page.

    def texts(self, treatment):
        return []


@dataclass(frozen=True)
class Section:
    anchor: str
    heading_text: str  # Marked with gettext_lazy: `heading` says it in the page's language.
    parts: tuple
    admin_help: str = ""
    prose: bool = True  # Words a patient reads, held to the reading-grade target; not so for a list of sources.

    def __post_init__(self):
        # Every prose section ends with the shared passages staff attach to it: declared here, once.
        if self.prose:
            object.__setattr__(self, "parts", (*self.parts, SharedPassages(self.anchor)))

    @property
    def heading(self):
        """The heading in the active language, as a plain str: it is joined, compared and searched for as text."""
        return str(self.heading_text)

    @property
    def fields(self):
        """The treatment's own fields in this section, in page order."""
        return tuple(name for part in self.parts for name in part.fields)

    @property
    def lists(self):
        return tuple(part for part in flattened(self.parts) if isinstance(part, List))

    @property
    def form_fields(self):
        """What the admin's fieldset for this section edits: its text fields and its settings."""
        return (*self.fields, *(name for part in self.parts for name in getattr(part, "settings", ())))

    @property
    def shown_parts(self):
        """The parts the procedure page shows (not the compare grid's short answers)."""
        return tuple(part for part in self.parts if part.template)

    @property
    def grid_answers(self):
        return tuple(part for part in self.parts if isinstance(part, GridAnswer))

    def bind(self, treatment):
        return [Bound(part, part.content(treatment)) for part in self.shown_parts]

    def text(self, treatment, shown_only=False):
        """All the words a patient reads in this section, for readability scores and search: the compare grid's
        short answers too, unless `shown_only` (what the procedure page itself shows)."""
        parts = self.shown_parts if shown_only else self.parts
        return "\n".join(text for part in parts for text in part.texts(treatment) if text)


def flattened(parts):
    for part in parts:
        yield from part.lists if isinstance(part, SideBySide) else (part,)


# The essentials a patient reads in under a minute; also the rows of every compare page.
KEY_FACTS = Facts(
    ("anaesthesia", "duration", "back_to_activities", "sessions_needed", "effectiveness", "main_risks", "insurance")
)
CLINIC_PROTOCOL = ClinicProtocol(
    ("clinic_visit_length", "clinic_time_off", "clinic_stockings", "clinic_follow_up", "clinic_price")
)
SELF_CHECK = SelfCheck(urgent="signs", suits="candidates", not_right="reasons_not_to")
WORDS_USED = WordsUsed()

SECTIONS = (
    Section("short-version", _("The short version"), (Text("short_version"),)),
    Section(
        "key-facts",
        _("Key facts"),
        (
            KEY_FACTS,
            CLINIC_PROTOCOL,
            GridAnswer("short_visits", order=6),
            GridAnswer(
                "short_cost", order=10, clinic="clinic_price", found_by=("cost", "price", "pay", "insurance", "insurer")
            ),
        ),
    ),
    Section("what-it-is", _("What it is"), (Text("overview"), GridAnswer("short_what_it_is", order=1))),
    Section(
        "how-it-works",
        _("How it works"),
        (
            Illustrations(),
            Text("how_it_works"),
            List("steps", "steps", schema="howPerformed"),
            GridAnswer("short_needles_heat", order=2),
        ),
    ),
    Section(
        "benefits",
        _("Benefits"),
        (List("benefits", "bullets"),),
        admin_help="One benefit per row. Keep them plain and honest.",
    ),
    Section(
        "who-it-is-for",
        _("Who it is for, and who should not have it"),
        (
            SideBySide(
                (
                    List("candidates", "bullets", heading=_("It may suit you if")),
                    List("reasons_not_to", "bullets", heading=_("It may not be right for you if")),
                )
            ),
            Text("suitability_note"),
            SELF_CHECK,
        ),
    ),
    Section("before-your-appointment", _("Before your appointment"), (Text("preparation", schema="preparation"),)),
    Section(
        "on-the-day",
        _("What to expect on the day"),
        (
            Facts(("procedure_type", "discomfort")),
            Text("on_the_day"),
            GridAnswer("short_pain", order=3, found_by=("hurt", "pain", "painful", "sore", "ache", "numbing")),
            GridAnswer("short_time_at_clinic", order=4, clinic="clinic_visit_length"),
        ),
    ),
    Section(
        "aftercare",
        _("Aftercare and recovery"),
        (
            Text("aftercare_intro", schema="followup"),
            AftercareDays("day_key"),
            SideBySide(
                (
                    List(
                        "aftercare_do",
                        "timed_bullets",
                        heading=pgettext_lazy("heading of the aftercare list of things to do", "Do"),
                        css_class="do-list",
                        schema="followup",
                    ),
                    List(
                        "aftercare_dont",
                        "timed_bullets",
                        heading=pgettext_lazy("heading of the aftercare list of things not to do", "Don't"),
                        css_class="dont-list",
                    ),
                )
            ),
            Text("recovery_time", heading=_("Recovery time"), schema="followup"),
            AftercareDays("aftercare_plan_form"),
            GridAnswer("short_time_off", order=5, clinic="clinic_time_off"),
            StaffSetting("clinic_follow_up_day"),
        ),
    ),
    Section(
        "results",
        _("Results and long-term care"),
        (
            Text("results"),
            Text("long_term_care", heading=_("Looking after your veins")),
            GridAnswer("short_results", order=7, measure="works"),
            GridAnswer("short_recurrence", order=8, measure="comes_back"),
        ),
    ),
    Section(
        "risks",
        _("Risks and side effects"),
        (
            Text("risks_intro"),
            List("risks", "risks"),
            Text("expected_after_effects", heading=_("What is normal afterwards")),
            List("signs", "signs"),
            GridAnswer("short_risks", order=9, risks=True),
        ),
        admin_help=(
            "Each risk says how often, in a band and in numbers, the band fitting the first figure. Warning signs "
            "come from the library of signs, each with its urgency: 'Call 911 now' signs appear with the clinic's "
            "emergency advice, 'call the clinic today' signs with the clinic's phone. A sign not in the library yet "
            "is added under Warning signs, in the admin's menu, first."
        ),
    ),
    Section("questions", _("Questions patients ask"), (List("faqs", "questions"),)),
    Section(
        "questions-to-ask",
        _("Questions to ask your specialist"),
        (List("questions_to_ask", "bullets"), ClinicQuestions()),
        admin_help="Questions about this procedure. The questions for every procedure are in Clinic details.",
    ),
    Section("other-options", _("Other options"), (OtherOptions(),), prose=False),
    Section(
        "words",
        _("Words used on this page"),
        (WORDS_USED,),
        admin_help="Built from the library of words explained: each word this page uses, with its meaning.",
        prose=False,
    ),
    Section(
        "sources",
        _("Sources"),
        (List("sources", "sources"),),
        admin_help="Aim for three or more published sources (NICE, SVS/AVF, Cochrane, NHS, Mayo Clinic, Cleveland "
        "Clinic). Publishing does not count them: the specialist's medical review checks the page against them. "
        "Pick each from the library by typing part of its title; a source not in it yet is added under Sources, "
        "in the admin's menu, first.",
        prose=False,
    ),
)

LISTS = tuple(part for section in SECTIONS for part in section.lists)
# The compare grid's rows, in the order patients ask (treatments/procedures/comparison.py builds the grid).
GRID = tuple(sorted((part for section in SECTIONS for part in section.grid_answers), key=lambda part: part.order))
# The rows whose answers search finds as results of their own ("Does it hurt?" for "pain").
SEARCHED_ANSWERS = tuple(part for part in GRID if part.found_by)
# Which section of the procedure page each grid row's cell links to, for "more".
GRID_ANCHORS = {part.field: section.anchor for section in SECTIONS for part in section.grid_answers}
# What to prefetch to show or read many pages without a query per row: every list, and the shared passages.
PAGE_PREFETCHES = (*(part.prefetch for part in LISTS), "shared_passages", "illustrations")
# The libraries whose entries pages show (sources, signs), the shared passages, words and illustrations: stored once,
# shown on many pages.
LIBRARIES = (
    *(
        part.model._meta.get_field(part.model.linked).related_model
        for part in LISTS
        if issubclass(part.model, LinkedItem)
    ),
    SharedPassage,
    Word,
    Illustration,
)
# Lists whose rows may hold a range of days after the procedure: a patient's aftercare plan is built from them.
TIMED_LISTS = tuple(part for part in LISTS if issubclass(part.model, TimedListItem))


def row_text_fields(model):
    """The fields of a list's rows that hold words a patient reads: not a web address, not a choice.

    A row that shows a library entry (a source, a sign) reads the entry's words.
    """
    if issubclass(model, LinkedItem):
        return row_text_fields(model._meta.get_field(model.linked).related_model)
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.URLField | TranslationField)  # A field's text in each language is one.
        and not field.choices
    ]


def row_text_lookups(model):
    """row_text_fields as query lookups from the row's model ("text", or "sign__text" through a library entry)."""
    prefix = f"{model.linked}__" if issubclass(model, LinkedItem) else ""
    return [prefix + field.name for field in row_text_fields(model)]


def row_texts(row):
    """The words of one list row a patient reads, field by field (a step's title, then its description)."""
    entry = row.entry if isinstance(row, LinkedItem) else row
    return [value for field in row_text_fields(type(entry)) if (value := getattr(entry, field.attname))]


def schema_properties(treatment):
    """schema.org MedicalProcedure properties built from the parts that feed them, in page order.

    A row reads "title: description", as a step does in a sentence; a timed aftercare row "Days 0 to 2: text",
    as the page shows it.
    """
    properties = {}
    for section in SECTIONS:
        for part in flattened(section.parts):
            if part.schema:
                if isinstance(part, List):
                    texts = [
                        ": ".join(text for text in (getattr(row, "day_label", ""), *row_texts(row)) if text)
                        for row in part.content(treatment)
                    ]
                else:
                    texts = part.texts(treatment)
                properties.setdefault(part.schema, []).extend(texts)
    return {name: " ".join(text for text in texts if text) for name, texts in properties.items()}
