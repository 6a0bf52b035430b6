"""What is waiting on staff: medical reviews coming due, and consultation requests nobody has contacted yet.

One module, read by the admin's home page (its "Review due" and "Waiting" panels, through
treatments/templatetags/clinic_admin.py) and by `manage.py review_report` (for cron and monitoring), so both
always agree on what is due and what is late.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone

from .models import ClinicDetails, ConsultationRequest, Treatment

SATURDAY = 5  # date.weekday(): Monday is 0, so 5 and 6 are the weekend.


@dataclass(frozen=True)
class ReviewDue:
    """A page whose next medical review is past or near."""

    treatment: Treatment
    today: date

    @property
    def due(self):
        return self.treatment.next_review_due

    @property
    def overdue(self):
        return self.due < self.today

    @property
    def when(self):
        """'overdue by 3 days', 'due today', 'due in 12 days'."""
        days = (self.due - self.today).days
        if days < 0:
            return f"overdue by {-days} day{pluralize(-days)}"
        if days == 0:
            return "due today"
        return f"due in {days} day{pluralize(days)}"

    @property
    def edit_url(self):
        return reverse("admin:treatments_treatment_change", args=[self.treatment.pk])


def reviews_due(today=None):
    """Pages whose next review is past or within REVIEW_DUE_SOON_DAYS, most urgent first."""
    today = today or timezone.localdate()
    return [ReviewDue(treatment, today) for treatment in Treatment.objects.review_due(today)]


def add_working_days(moment, days, holidays=()):
    """The same time `days` working days later: Monday to Friday, `holidays` (dates) left out. A moment on a day
    off starts from the next working day's 00:00, so a request sent on Saturday with a promise of 1 working day
    is due by the end of Monday."""

    def day_off(day):
        return day.weekday() >= SATURDAY or day in holidays

    if day_off(moment.date()):
        start = moment.date()
        while day_off(start):
            start += timedelta(days=1)
        moment = datetime.combine(start, time.min, tzinfo=moment.tzinfo)
    for _ in range(days):
        moment += timedelta(days=1)
        while day_off(moment.date()):
            moment += timedelta(days=1)
    return moment


def reply_deadline(received, working_days, holidays=()):
    """When the clinic's promise to a request received then runs out, counted in the clinic's time zone."""
    return add_working_days(timezone.localtime(received), working_days, holidays)


def waited_words(waited):
    """A wait in words a person reads at a glance: '2 days 3 hours', '5 hours 10 minutes', '4 minutes'."""
    minutes = max(int(waited.total_seconds() // 60), 0)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [(days, "day"), (hours, "hour")] if days else [(hours, "hour"), (minutes, "minute")]
    words = [f"{number} {unit}{pluralize(number)}" for number, unit in parts if number]
    return " ".join(words) or "less than a minute"


@dataclass(frozen=True)
class WaitingRequest:
    """A new consultation request, not yet contacted: only what identifies it, never who sent it."""

    consultation: ConsultationRequest
    reply_by: datetime
    now: datetime

    @property
    def waited(self):
        return waited_words(self.now - self.consultation.created)

    @property
    def overdue(self):
        return self.now > self.reply_by

    @property
    def admin_url(self):
        return self.consultation.get_admin_url()


def waiting_requests(now=None, clinic=None):
    """Every request with status "new", oldest first, each with when the clinic's reply promise runs out."""
    now = now or timezone.now()
    clinic = clinic or ClinicDetails.load()
    working_days, holidays = clinic.reply_within_working_days, clinic.public_holidays
    waiting = (
        ConsultationRequest.objects.filter(status=ConsultationRequest.Status.NEW)
        .select_related("treatment")
        .order_by("created", "pk")
    )
    return [
        WaitingRequest(consultation, reply_deadline(consultation.created, working_days, holidays), now)
        for consultation in waiting.only("pk", "reference", "created", "name", "treatment__title")
    ]


def overdue_request_count(now=None, clinic=None):
    """How many new requests have waited longer than the clinic promises: a number, with nothing about anyone."""
    return sum(request.overdue for request in waiting_requests(now, clinic))
