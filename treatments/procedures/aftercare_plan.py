"""A patient's own aftercare plan: the procedure's timed aftercare rows turned into dates, and a calendar file.

The patient gives the date of their procedure; each row that holds a range of days (day 0 is the day of the
procedure, set by staff in the admin) becomes the dates it applies. Nothing is stored: the date comes in a POST
body, so it is in no address and no log line (the request log keeps method, path, status and duration only),
sets no cookie and no session. Both views are CSRF-exempt because they change nothing, and the procedure page
that holds the form is cached and shared, so it cannot carry a per-visitor token.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby

from dateutil.relativedelta import relativedelta
from django import forms
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.text import Truncator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView
from icalendar import Calendar, Event

from ..models import ClinicDetails, Treatment
from ..models.procedures import Sign, SignOnPage
from .readability import sentences
from .structure import TIMED_LISTS
from .tool_pages import ProcedureToolMixin

# A procedure date further off than this, in years, is almost surely a typing slip (the wrong year, say).
YEARS_AGO = 1
YEARS_AHEAD = 2
# A calendar event's title: the row's first sentence, cut to this length.
SUMMARY_CHARACTERS = 90
# How a row's own words already say "Do" or "Don't".
SAYS_IT_ALREADY = {"do": ("do ",), "don't": ("don't ", "do not ", "never ", "avoid ", "no ")}
# "(Mayo Clinic)", "(NICE, 2013)": a source named in brackets, left out of a calendar event's short title.
CITED = re.compile(r"\s*\([^()]*\)")


def today():
    """The clinic's today, which the plausible dates are counted from (tests pin it)."""
    return timezone.localdate()


class DateTypedField(forms.DateField):
    """A date field for which spaces alone are no date at all, not a malformed one."""

    def to_python(self, value):
        return super().to_python(value.strip() if isinstance(value, str) else value)


class ProcedureDateForm(forms.Form):
    """The procedure's date, as a date picker sends it (2027-03-01) or as typed where there is none (03/01/2027)."""

    procedure_date = DateTypedField(
        input_formats=["%Y-%m-%d", "%m/%d/%Y"],
        error_messages={
            "required": "Enter the date of your procedure.",
            "invalid": "Enter a real date: pick it from the calendar, or type it as month/day/year, for example "
            "03/01/2027.",
        },
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_procedure_date(self):
        value = self.cleaned_data["procedure_date"]
        # relativedelta: February 29 a year on or back is February 28.
        if value < self.today - relativedelta(years=YEARS_AGO):
            raise forms.ValidationError(
                "This date is more than a year ago, so we cannot make a plan for it. Check the year you entered."
            )
        if value > self.today + relativedelta(years=YEARS_AHEAD):
            raise forms.ValidationError(
                "This date is more than 2 years from now, so we cannot make a plan for it. Check the year you entered."
            )
        return value


@dataclass(frozen=True)
class PlanItem:
    """One aftercare row in a patient's plan: what to do or not do, and the dates it applies if it has days."""

    kind: str  # The list's heading, as the procedure page shows it: "Do" or "Don't".
    row: object  # A TimedListItem.
    starts: date | None
    ends: date | None  # The last day it applies.

    @classmethod
    def for_row(cls, part, row, procedure_date):
        if not row.has_days:
            return cls(part.heading, row, None, None)
        return cls(
            part.heading,
            row,
            procedure_date + timedelta(days=row.from_day),
            procedure_date + timedelta(days=row.to_day),
        )

    @property
    def text(self):
        return self.row.text

    @property
    def marker(self):
        """ "Do:" or "Don't:" goes before the text, so a plan or a calendar says which: not when the text already
        says it ("Do not lift...", "Avoid hot baths"), which would read "Don't: Do not"."""
        return "" if self.text.lower().startswith(SAYS_IT_ALREADY.get(self.kind.lower(), ())) else self.kind

    def marked(self, text):
        return f"{self.marker}: {text}" if self.marker else text

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
    calendar.add("x-wr-calname", f"Aftercare: {plan.treatment.title}")
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
        more = f" (and {len(items) - 1} more)" if len(items) > 1 else ""
        event.add("summary", items[0].summary.removesuffix(".") + more if more else items[0].summary)
        lines = [f"- {item.marked(item.text)}" for item in items]
        event.add(
            "description",
            "\n".join(lines)
            + f"\n\n{items[0].row.day_label} after your {plan.treatment.title.lower()} (day 0 is the day of your "
            f"treatment). Your specialist's advice comes first.\n\n{help_text}",
        )
        event.add("transp", "TRANSPARENT")  # Reminders, not appointments: the patient is not busy all day.
        calendar.add_component(event)
    if plan.follow_up:
        event = Event()
        event.add("uid", f"aftercare-{plan.treatment.slug}-follow-up@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", plan.follow_up)
        event.add("dtend", plan.follow_up + timedelta(days=1))
        event.add("summary", f"Follow-up visit at {clinic.name} (we confirm the time)")
        details = plan.treatment.clinic_follow_up
        event.add("description", f"{details}\n\n{help_text}" if details else help_text)
        calendar.add_component(event)
    return calendar.to_ical()


def getting_help(treatment, clinic):
    """The clinic's phone and the page's warning signs, by how soon to act, as plain text for a calendar event."""
    boxes = {}
    for row in treatment.signs.all():
        boxes.setdefault(row.sign.urgency, []).append(row.sign.text)
    parts = [f"Questions? Call {clinic.name} on {clinic.phone}."]
    if clinic.after_hours_phone:
        parts[0] += f" When we are closed: {clinic.after_hours_phone}."
    for urgency, heading in (
        (Sign.Urgency.EMERGENCY, "Call 911 now if you have"),
        (Sign.Urgency.CLINIC_TODAY, "Call us today if you have"),
    ):
        if boxes.get(urgency):
            parts.append(heading + ":\n" + "\n".join(f"- {text}" for text in boxes[urgency]))
    return "\n\n".join(parts)


@method_decorator([csrf_exempt, never_cache], name="dispatch")
class AftercarePlanView(ProcedureToolMixin, FormView):
    """The plan page: the form alone on a GET; on a POST, the plan, or the form again saying what to fix."""

    crumb = "Your aftercare plan"
    form_class = ProcedureDateForm
    template_name = "treatments/aftercare_plan.html"
    http_method_names = ["get", "post", "head", "options"]

    def prefetched_lists(self):
        # The timed rows make the dates; the warning signs are printed with them, and go in the calendar file.
        return [
            *(part.related_name for part in TIMED_LISTS),
            Prefetch("signs", SignOnPage.objects.select_related("sign")),
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "today": today()}

    def get_page(self):
        title = self.treatment.title
        return self.tool_page(
            f"Your aftercare plan: {title}",
            f"Your own aftercare dates after {title.lower()}.",
            has_error=self.has_error,
        )

    def get_context_data(self, **kwargs):
        form = kwargs.setdefault("form", self.get_form())
        self.has_error = bool(form.errors)
        return super().get_context_data(treatment=self.treatment, **kwargs)

    def form_valid(self, form):
        plan = AftercarePlan.build(self.treatment, form.cleaned_data["procedure_date"])
        return self.render_to_response(self.get_context_data(form=form, plan=plan))


class AftercareCalendarView(AftercarePlanView):
    """The plan as a calendar file (.ics) to import; a bad date gets the plan page's form, saying what to fix."""

    def get(self, request, *args, **kwargs):
        # The file is made from a posted date only; an address typed or shared leads to the form.
        return redirect("treatments:aftercare_plan", slug=self.treatment.slug)

    def form_valid(self, form):
        plan = AftercarePlan.build(self.treatment, form.cleaned_data["procedure_date"])
        clinic = ClinicDetails.for_request(self.request)
        response = HttpResponse(
            calendar_file(plan, clinic, self.request.get_host()), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="aftercare-{self.treatment.slug}.ics"'
        return response
