"""A patient's own aftercare plan: the procedure's timed aftercare rows turned into dates, and a calendar file.

The patient gives the date of their procedure; each row that holds a range of days (day 0 is the day of the
procedure, set by staff in the admin) becomes the dates it applies. Nothing is stored: the date comes in a POST
body, so it is in no address and no log line (the request log keeps method, path, status and duration only),
sets no cookie and no session. Both views are CSRF-exempt because they change nothing, and the procedure page
that holds the form is cached and shared, so it cannot carry a per-visitor token.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django import forms
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
from .readability import sentences
from .structure import TIMED_LISTS
from .tool_pages import ProcedureToolMixin

# A procedure date further off than this, in years, is almost surely a typing slip (the wrong year, say).
YEARS_AGO = 1
YEARS_AHEAD = 2
# A calendar event's title: the row's first sentence, cut to this length.
SUMMARY_CHARACTERS = 90


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
            "invalid": "Enter a real date as year-month-day, for example 2027-03-01.",
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
        """ "Do:" or "Don't:" goes before the text, so a plan or a calendar says which: not when the text starts so."""
        return "" if self.text.lower().startswith(f"{self.kind.lower()} ") else self.kind

    def marked(self, text):
        return f"{self.marker}: {text}" if self.marker else text

    @property
    def summary(self):
        """A calendar event's title: "Do: Wear your stocking day and night." (the row's first sentence)."""
        first_sentence = sentences(self.text)[0]
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


def calendar_file(plan, clinic_name, host):
    """The plan as iCalendar: one all-day event per timed row, its end exclusive as the standard says.

    Each event's UID names the procedure and the row, not the date, so importing a plan again for a moved
    date updates the events rather than adding a second set.
    """
    calendar = Calendar()
    calendar.add("prodid", f"-//{clinic_name}//Aftercare plan//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Aftercare: {plan.treatment.title}")
    stamp = timezone.now()
    for item in plan.timed:
        event = Event()
        event.add("uid", f"aftercare-{plan.treatment.slug}-{item.row._meta.model_name}-{item.row.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.starts)
        event.add("dtend", item.ends + timedelta(days=1))
        event.add("summary", item.summary)
        event.add(
            "description",
            f"{item.marked(item.text)}\n\n{item.row.day_label} after your {plan.treatment.title.lower()} "
            f"(day 0 is the day of your treatment). Your specialist's advice comes first.",
        )
        event.add("transp", "TRANSPARENT")  # Reminders, not appointments: the patient is not busy all day.
        calendar.add_component(event)
    return calendar.to_ical()


@method_decorator([csrf_exempt, never_cache], name="dispatch")
class AftercarePlanView(ProcedureToolMixin, FormView):
    """The plan page: the form alone on a GET; on a POST, the plan, or the form again saying what to fix."""

    crumb = "Your aftercare plan"
    form_class = ProcedureDateForm
    template_name = "treatments/aftercare_plan.html"
    http_method_names = ["get", "post", "head", "options"]

    def prefetched_lists(self):
        return [part.related_name for part in TIMED_LISTS]

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
        clinic_name = ClinicDetails.for_request(self.request).name
        response = HttpResponse(
            calendar_file(plan, clinic_name, self.request.get_host()), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="aftercare-{self.treatment.slug}.ics"'
        return response
