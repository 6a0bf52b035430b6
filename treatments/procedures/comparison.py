"""A condition's compare page as data: an option grid (IPDAS, NICE's decision aids, Option Grids).

One column per option, in the order guidance gives; one row per question patients ask (structure.GRID), each
cell the option's short answer, with the clinic's own protocol, the comparison's outcome figures (the same
measure for every option: OutcomeMeasure) or the option's main risks out of 1,000 where the row has them.

What matters to the patient (PRIORITIES) and which options they chose arrive as query parameters: the page is
the same for everyone who asks the same, so it is cached, sets no cookie and stores nothing. Only a patient who
ticks the box on the consultation form sends their summary (summary_text) with their request.

Logic only: the views are in views.py.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from ..models import Condition, OutcomeMeasure, Treatment
from .frequency import stated_figures
from .icon_array import icon_array
from .prefetches import condition_options_prefetch
from .structure import GRID, GRID_ANCHORS, GridAnswer


def compared_conditions():
    """Conditions with what their comparisons read: each option's reviewer (when the comparison was checked), risks
    and questions, and the outcome measures with their figures and sources."""
    return Condition.objects.prefetch_related(
        condition_options_prefetch(fields=None, related=("reviewer",), prefetch=("risks", "questions_to_ask")),
        "outcome_measures__source",
        "outcome_measures__figures__source",
    )


# Up to this many options fit side by side on a 390 px phone; more are read question by question.
MAX_SIDE_BY_SIDE = 3
# A risks cell lists the option's first rows of risks, as its page orders them (the most important first).
MAIN_RISKS = 3
RISK_DENOMINATOR = 1000


@dataclass(frozen=True)
class Priority:
    """Something that may matter most to a patient, and the grid row that answers it for every option."""

    key: str
    label: str
    field: str

    @property
    def row(self):
        return next(part for part in GRID if part.field == self.field)


PRIORITIES = (
    Priority("fewest-visits", _("Fewest visits"), "short_visits"),
    Priority("no-needles", _("No needles or cuts"), "short_needles_heat"),
    Priority("no-heat", _("No heat"), "short_needles_heat"),
    Priority("least-pain", _("Least pain"), "short_pain"),
    Priority("least-time-off", _("Least time off work"), "short_time_off"),
    Priority("works", _("Best chance it works"), "short_results"),
    Priority("not-coming-back", _("Lowest chance of veins coming back"), "short_recurrence"),
    Priority("skin", _("Avoiding risks to my skin"), "short_risks"),
    Priority("lowest-cost", _("Lowest cost"), "short_cost"),
)


def plain_word(count, denominator):
    """The figure in a word, the first of three ways the page gives it (words, numbers, an icon array)."""
    share = count / denominator
    # The context is spelt out in each call: makemessages reads only a literal one.
    words = (
        (0.9, pgettext("how many of the people counted, in words", "Nearly all")),
        (0.6, pgettext("how many of the people counted, in words", "Most")),
        (0.4, pgettext("how many of the people counted, in words", "About half")),
        (0.1, pgettext("how many of the people counted, in words", "Some")),
        (1e-9, pgettext("how many of the people counted, in words", "A few")),
    )
    for floor, word in words:
        if share >= floor:
            return word
    return pgettext("how many of the people counted, in words", "None")


def number(value):
    """A whole number as the page's language writes it: 1,000 in English."""
    return number_format(value, force_grouping=True)


@dataclass(frozen=True)
class Figure:
    """One option's figure on one measure, or why there is none."""

    measure: OutcomeMeasure
    count: int | None
    note: str = ""
    other_source: object = None  # A Reference when the figure comes from another study than the measure's.

    @property
    def sentence(self):
        measure = self.measure
        if self.count is None:
            return gettext("No comparable figure.")
        return gettext("%(count)s out of %(total)s %(unit)s %(counted)s %(period)s.") % {
            "count": number(self.count),
            "total": number(measure.denominator),
            "unit": measure.unit,
            "counted": measure.counted,
            "period": measure.period,
        }

    @property
    def words(self):
        return plain_word(self.count, self.measure.denominator) if self.count is not None else ""

    @property
    def icons(self):
        if self.count is None:
            return ""
        return icon_array(self.count, self.measure.denominator, f"{self.words}: {self.sentence}")


@dataclass(frozen=True)
class RiskFigure:
    name: str
    per_thousand: str  # "About 67 in 1,000", or "No figure known"
    band: str  # "Very common"...: the band in words, beside its number


def per_thousand(how_often):
    """A risk's first stated figure out of RISK_DENOMINATOR, the one denominator every option's risks share."""
    figures = stated_figures(how_often)
    if not figures:
        return gettext("No figure known")
    low, high = (share * RISK_DENOMINATOR for share in figures[0])
    numbers = {"low": number(round(low)), "high": number(round(high)), "total": number(RISK_DENOMINATOR)}
    if high < 1:  # low == high below 1 too.
        return gettext("Fewer than 1 in %(total)s") % numbers
    if low == high:
        return gettext("About %(low)s in %(total)s") % numbers
    if low >= 1:
        return gettext("%(low)s to %(high)s in %(total)s") % numbers
    return gettext("Up to %(high)s in %(total)s") % numbers


def english_figures(risk):
    """The risk's "how often" in English (how_often_en): stated_figures reads figures as English writes them, and
    the figure is the same in every language."""
    return getattr(risk, f"how_often_{settings.LANGUAGE_CODE}", None) or risk.how_often


def main_risks(treatment):
    return [
        RiskFigure(risk.name, per_thousand(english_figures(risk)), risk.get_frequency_display())
        for risk in list(treatment.risks.all())[:MAIN_RISKS]
    ]


@dataclass(frozen=True)
class Cell:
    part: GridAnswer
    treatment: Treatment
    answer: str
    clinic: str | None = None  # The clinic's own protocol for the row: "" while not filled in; None: the row has none.
    figures: tuple[Figure, ...] = ()
    risks: tuple[RiskFigure, ...] = ()

    @property
    def more_url(self):
        return f"{self.treatment.get_absolute_url()}#{GRID_ANCHORS[self.part.field]}"

    def text(self):
        """The cell in plain text, for a summary the patient sends."""
        pieces = [self.answer or gettext("Ask us at your consultation.")]
        pieces += [figure.sentence for figure in self.figures if figure.count is not None]
        if self.clinic:
            pieces.append(gettext("At our clinic: %(protocol)s.") % {"protocol": self.clinic})
        elif self.clinic is not None:
            pieces.append(gettext("At our clinic: not filled in yet."))
        return " ".join(piece.rstrip(".") + "." for piece in pieces)


@dataclass(frozen=True)
class Row:
    part: GridAnswer
    cells: tuple[Cell, ...]
    measures: tuple[OutcomeMeasure, ...] = ()

    @property
    def question(self):
        return self.part.question


@dataclass(frozen=True)
class Comparison:
    """What one compare page shows: every option, the ones shown (the chosen, or all), the grid and the fits."""

    options: tuple[Treatment, ...]
    shown: tuple[Treatment, ...]
    rows: tuple[Row, ...]
    priorities: tuple[Priority, ...] = ()
    chosen: frozenset = field(default_factory=frozenset)

    @property
    def side_by_side(self):
        return len(self.shown) <= MAX_SIDE_BY_SIDE

    @property
    def too_many_chosen(self):
        return len(self.chosen) > MAX_SIDE_BY_SIDE

    def cell(self, treatment, part):
        row = next(row for row in self.rows if row.part == part)
        return next(cell for cell in row.cells if cell.treatment == treatment)

    @property
    def fits(self):
        """For each option shown, how it meets each chosen priority, in its own words: never a ranking."""
        return [
            (option, [(priority, self.cell(option, priority.row)) for priority in self.priorities])
            for option in self.shown
        ]

    @property
    def query(self):
        """The choices as query parameters, for the summary page and the consultation form."""
        return [("option", option.slug) for option in self.shown if option.slug in self.chosen] + [
            ("priority", priority.key) for priority in self.priorities
        ]

    @property
    def query_string(self):
        return f"?{urlencode(self.query)}" if self.query else ""


def figure_for(measure, treatment):
    stored = next((figure for figure in measure.figures.all() if figure.treatment_id == treatment.pk), None)
    if stored is None:
        return Figure(measure, None, gettext("No figure given yet."))
    return Figure(measure, stored.count, stored.note, stored.source)


def build_cell(part, treatment, measures):
    return Cell(
        part,
        treatment,
        part.content(treatment),
        clinic=getattr(treatment, part.clinic) if part.clinic else None,
        figures=tuple(figure_for(measure, treatment) for measure in measures),
        risks=tuple(main_risks(treatment)) if part.risks else (),
    )


def compare(condition, options, chosen=(), priorities=()):
    """The comparison of a condition's options (published, in guidance order, their risks and the condition's
    outcome measures with figures prefetched), showing the `chosen` slugs, or all when fewer than two are chosen.
    """
    options = tuple(options)
    chosen = frozenset(slug for slug in chosen if any(option.slug == slug for option in options))
    shown = tuple(option for option in options if option.slug in chosen) if len(chosen) >= 2 else options
    measures = list(condition.outcome_measures.all())
    rows = []
    for part in GRID:
        row_measures = tuple(measure for measure in measures if part.measure and measure.row == part.measure)
        cells = tuple(build_cell(part, option, row_measures) for option in shown)
        rows.append(Row(part, cells, row_measures))
    wanted = [priority for priority in PRIORITIES if priority.key in set(priorities)]  # In one order, always.
    return Comparison(options, shown, tuple(rows), tuple(wanted), chosen)


def summary_text(condition, comparison, clinic_questions=""):
    """The patient's summary as plain text, as the front desk reads it on the request: built from the choices,
    which only name options and priorities, never from anything the patient typed."""
    lines = [gettext("Compare page: %(condition)s") % {"condition": condition.name}]
    options = ", ".join(option.title for option in comparison.shown)
    lines.append(gettext("Options I looked at: %(options)s") % {"options": options})
    if comparison.priorities:
        priorities = ", ".join(p.label.lower() for p in comparison.priorities)
        lines.append(gettext("What matters most to me: %(priorities)s") % {"priorities": priorities})
        for option, fits in comparison.fits:
            lines.append(f"{option.title}:")
            lines += [f"- {priority.label}: {cell.text()}" for priority, cell in fits]
    questions = summary_questions(comparison, clinic_questions)
    if questions:
        lines.append(gettext("Questions to ask:"))
        lines += [f"- {question}" for question in questions]
    return "\n".join(lines)


@dataclass(frozen=True)
class Summary:
    """A patient's summary, rebuilt from their choices (a condition's slug, options, priorities) wherever it is read."""

    condition: Condition
    comparison: Comparison
    text: str


def summary_of(slug, options=(), priorities=(), clinic_questions=""):
    """The summary of these choices, or None when no condition has this slug."""
    condition = compared_conditions().filter(slug=slug).first()
    if condition is None:
        return None
    compared = compare(condition, condition.treatments.all(), options, priorities)
    return Summary(condition, compared, summary_text(condition, compared, clinic_questions))


def summary_questions(comparison, clinic_questions=""):
    """The questions to ask the specialist: the clinic's for every treatment, then each option's own."""
    general = [line.strip() for line in clinic_questions.splitlines() if line.strip()]
    own = [row.text for option in comparison.shown for row in option.questions_to_ask.all()]
    return list(dict.fromkeys([*general, *own]))


def missing_figures():
    """(measure, published option) for each option of a condition showing a measure that has no figure for it."""
    found = []
    for measure in OutcomeMeasure.objects.prefetch_related("figures", "conditions"):
        given = {figure.treatment_id for figure in measure.figures.all()}
        options = Treatment.objects.published().filter(conditions__in=measure.conditions.all()).distinct()
        found += [(measure, option) for option in options.order_by("title") if option.pk not in given]
    return found
