"""A patient's own aftercare plan: the procedure's timed aftercare rows turned into dates, and a calendar file.

The patient gives the date of their procedure; each row that holds a range of days (day 0 is the day of the
procedure, set by staff in the admin) becomes the dates it applies. Nothing is stored: the date comes in a POST
body, so it is in no address and no log line (the request log keeps method, path, status and duration only),
sets no cookie and no session. The form is in forms.py, the plan page and its calendar file in tool_views.py.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby

from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy
from icalendar import Calendar, Event

from ..models import Treatment
from ..models.procedures import Sign
from .readability import sentences
from .structure import TIMED_LISTS

# A calendar event's title: the row's first sentence, cut to this length.
SUMMARY_CHARACTERS = 90
# How a row's own words already say "Do" or "Don't", by the list's related name: the ways a row may start, in lower
# case, separated by "|" (each language's own, as its rows are written in it).
SAYS_IT_ALREADY = {
    # Translators: lower case, each with its trailing space, separated by |. A row that starts so gets no "Do:".
    "aftercare_do": pgettext_lazy("aftercare row starts that already say 'Do', separated by |", "do "),
    "aftercare_dont": pgettext_lazy(
        "aftercare row starts that already say 'Don't', separated by |",
        # Translators: lower case, each with its trailing space, separated by |. A row that starts so gets no "Don't:".
        "don't |do not |never |avoid |no ",
    ),
}
# "(Mayo Clinic)", "(NICE, 2013)": a source named in brackets, left out of a calendar event's short title.
CITED = re.compile(r"\s*\([^()]*\)")


def today():
    """The clinic's today, which the plausible dates are counted from (tests pin it)."""
    return timezone.localdate()


@dataclass(frozen=True)
class PlanItem:
    """One aftercare row in a patient's plan: what to do or not do, and the dates it applies if it has days."""

    kind: str  # The list's heading, as the procedure page shows it: "Do" or "Don't".
    row: object  # A TimedListItem.
    starts: date | None
    ends: date | None  # The last day it applies.
    list_name: str = ""  # The list's related name ("aftercare_do"): what SAYS_IT_ALREADY knows it by.

    @classmethod
    def for_row(cls, part, row, procedure_date):
        if not row.has_days:
            return cls(part.heading, row, None, None, part.related_name)
        return cls(
            part.heading,
            row,
            procedure_date + timedelta(days=row.from_day),
            procedure_date + timedelta(days=row.to_day),
            part.related_name,
        )

    @property
    def text(self):
        return self.row.text

    @property
    def marker(self):
        """ "Do:" or "Don't:" goes before the text, so a plan or a calendar says which: not when the text already
        says it ("Do not lift...", "Avoid hot baths"), which would read "Don't: Do not"."""
        starts = tuple(start for start in str(SAYS_IT_ALREADY.get(self.list_name, "")).split("|") if start)
        return "" if self.text.lower().startswith(starts) else self.kind

    def marked(self, text):
        if not self.marker:
            return text
        return pgettext("an aftercare row after its list's heading", "%(kind)s: %(text)s") % {
            "kind": self.marker,
            "text": text,
        }

    @property
    def summary(self):
        """A calendar event's title: "Do: Wear your stocking day and night." (the row's first sentence, without the
        source it names in brackets: the description keeps the whole row)."""
        first_sentence = CITED.sub("", sentences(self.text)[0])
        return self.marked(Truncator(first_sentence).chars(SUMMARY_CHARACTERS))


@dataclass(frozen=True)
class AftercarePlan:
    treatment: Treatment
    procedure_date: date
    timed: list[PlanItem]  # In date order: first day, then last day, then page order.
    untimed: list[PlanItem]  # In page order.

    @classmethod
    def build(cls, treatment, procedure_date):
        items = [PlanItem.for_row(part, row, procedure_date) for part in TIMED_LISTS for row in part.content(treatment)]
        timed = sorted((item for item in items if item.starts), key=lambda item: (item.starts, item.ends))
        return cls(treatment, procedure_date, timed, [item for item in items if not item.starts])

    @property
    def follow_up(self):
        """The date of the clinic's usual follow-up visit, when staff have given its day; else None."""
        day = self.treatment.clinic_follow_up_day
        return None if day is None else self.procedure_date + timedelta(days=day)


def calendar_file(plan, clinic, host):
    """The plan as iCalendar: one all-day event per span of days (rows that start and end on the same days share
    one, so a phone's calendar is not buried under a banner per row), its end exclusive as the standard says.

    Each event says how to reach the clinic and lists the warning signs, as the printed plan does. Its UID names
    the procedure and the rows, not the date, so importing a plan again for a moved date updates the events
    rather than adding a second set.
    """
    calendar = Calendar()
    calendar.add("prodid", f"-//{clinic.name}//Aftercare plan//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", gettext("Aftercare: %(procedure)s") % {"procedure": plan.treatment.title})
    stamp = timezone.now()
    help_text = getting_help(plan.treatment, clinic)
    for (starts, ends), items in groupby(plan.timed, key=lambda item: (item.starts, item.ends)):
        items = list(items)
        rows = "-".join(f"{item.row._meta.model_name}-{item.row.pk}" for item in items)
        event = Event()
        event.add("uid", f"aftercare-{plan.treatment.slug}-{rows}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", starts)
        event.add("dtend", ends + timedelta(days=1))
        if len(items) > 1:
            others = len(items) - 1
            summary = ngettext("%(first)s (and %(count)s more)", "%(first)s (and %(count)s more)", others) % {
                "first": items[0].summary.removesuffix("."),
                "count": others,
            }
        else:
            summary = items[0].summary
        event.add("summary", summary)
        lines = [f"- {item.marked(item.text)}" for item in items]
        when = gettext(
            # Translators: %(days)s is the row's days, "Days 0 to 2"; %(procedure)s the procedure's name, in lower case.
            "%(days)s after your %(procedure)s (day 0 is the day of your treatment). Your specialist's advice comes "
            "first."
        ) % {"days": items[0].row.day_label, "procedure": plan.treatment.title.lower()}
        event.add("description", "\n".join(lines) + f"\n\n{when}\n\n{help_text}")
        event.add("transp", "TRANSPARENT")  # Reminders, not appointments: the patient is not busy all day.
        calendar.add_component(event)
    if plan.follow_up:
        event = Event()
        event.add("uid", f"aftercare-{plan.treatment.slug}-follow-up@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", plan.follow_up)
        event.add("dtend", plan.follow_up + timedelta(days=1))
        event.add("summary", gettext("Follow-up visit at %(clinic)s (we confirm the time)") % {"clinic": clinic.name})
        details = plan.treatment.clinic_follow_up
        event.add("description", f"{details}\n\n{help_text}" if details else help_text)
        calendar.add_component(event)
    return calendar.to_ical()


def getting_help(treatment, clinic):
    """The clinic's phone and the page's warning signs, by how soon to act, as plain text for a calendar event."""
    boxes = {}
    for row in treatment.signs.all():
        boxes.setdefault(row.sign.urgency, []).append(row.sign.text)
    parts = [gettext("Questions? Call %(clinic)s on %(phone)s.") % {"clinic": clinic.name, "phone": clinic.phone}]
    if clinic.after_hours_phone:
        parts[0] += " " + gettext("When we are closed: %(phone)s.") % {"phone": clinic.after_hours_phone}
    for urgency, heading in (
        (Sign.Urgency.EMERGENCY, gettext("Call 911 now if you have:")),
        (Sign.Urgency.CLINIC_TODAY, gettext("Call us today if you have:")),
    ):
        if boxes.get(urgency):
            parts.append(heading + "\n" + "\n".join(f"- {text}" for text in boxes[urgency]))
    return "\n\n".join(parts)
