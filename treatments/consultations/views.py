import re
from http import HTTPStatus

from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import CreateView, TemplateView
from django_ratelimit.core import get_usage

from ..models import ClinicDetails, Treatment
from ..seo.page import Page, PageMixin
from .forms import ConsultationRequestForm
from .tasks import send_request_notifications

RATE_LIMIT_GROUP = "consultation"
# The thanks page shows the reference from a signed cookie, not the session: once the request is committed,
# nothing the patient is told depends on another database write succeeding.
REFERENCE_COOKIE = "consultation_reference"
REFERENCE_SALT = "thanks-page"
REFERENCE_MAX_AGE_S = 3600


def remember_reference(response, reference):
    response.set_signed_cookie(
        REFERENCE_COOKIE,
        reference,
        salt=REFERENCE_SALT,
        max_age=REFERENCE_MAX_AGE_S,
        path=reverse("treatments:consultation_thanks"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def remembered_reference(request):
    """The reference of the patient's last request, or None if there is none, or it is forged or an hour old."""
    return request.get_signed_cookie(REFERENCE_COOKIE, default=None, salt=REFERENCE_SALT, max_age=REFERENCE_MAX_AGE_S)


def consultation_rate(group, request):
    return settings.CONSULTATION_RATE_LIMIT


def rate_limit_wait(request):
    """Counts this post against the client's address: the seconds until it may post again, or None if it may now."""
    usage = get_usage(request, group=RATE_LIMIT_GROUP, key="ip", rate=consultation_rate, method="POST", increment=True)
    if not usage or not usage["should_limit"]:
        return None
    if usage["time_left"] >= 0:
        return usage["time_left"] + 1  # The window still holds in the second it ends at.
    # -1: the count could not be read at all. The window's length is the longest the wait can be.
    return window_seconds(settings.CONSULTATION_RATE_LIMIT)


# django-ratelimit's notation: "5/10m" is 5 in 10 minutes ("5/m", one minute); s, m, h or d.
RATE = re.compile(r"^\d+/(\d*)([smhd])$")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}


def window_seconds(rate):
    """How long a rate's window lasts, in seconds: "5/10m" is 600."""
    count, unit = RATE.match(rate).groups()
    return int(count or 1) * UNIT_SECONDS[unit]


# Every response here repeats or concerns a patient's details: no browser or proxy may keep a copy.
@method_decorator(never_cache, name="dispatch")
class ConsultationRequestView(PageMixin, CreateView):
    form_class = ConsultationRequestForm
    template_name = "treatments/consultation_form.html"
    success_url = reverse_lazy("treatments:consultation_thanks")
    page_title = _("Request a consultation")
    page_description = _(
        "Ask for a consultation about your veins. Tell us how to reach you, and our front desk will contact you to "
        "find a time."
    )

    def get_initial(self):
        slug = self.request.GET.get("treatment", "")
        treatment = Treatment.objects.published().filter(slug=slug).first() if slug else None
        return {"treatment": treatment}

    def get_page(self):
        return Page(self.page_title, self.page_description, has_error=bool(self.has_problem))

    def get_context_data(self, **kwargs):
        form = kwargs.setdefault("form", self.get_form())
        self.has_problem = form.errors or kwargs.get("rate_limited")
        return super().get_context_data(**kwargs)

    def get_form_kwargs(self):
        # A summary from a compare page arrives as its choices in the address ("?summary=varicose-veins&option=..."):
        # it names only options and priorities, and is stored only if the patient ticks the box to send it.
        query = self.request.GET.urlencode() if "summary" in self.request.GET else ""
        return {
            **super().get_form_kwargs(),
            "clinic": ClinicDetails.for_request(self.request),
            "summary_query": query,
        }

    def post(self, request, *args, **kwargs):
        self.object = None
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)  # Not counted: correcting a mistake never uses up the limit.
        if (wait := rate_limit_wait(request)) is not None:
            # Too many requests from this address: keep what the patient typed
            # and offer the phone, rather than a bare error.
            context = self.get_context_data(form=form, rate_limited=True)
            response = self.render_to_response(context, status=HTTPStatus.TOO_MANY_REQUESTS)
            response["Retry-After"] = str(wait)
            return response
        return self.form_valid(form)

    def form_valid(self, form):
        form.instance.language = translation.get_language()  # The patient's confirmation email is in it.
        with transaction.atomic():
            consultation = form.save()
            if not form.is_spam:
                # The emails are the worker's: the patient waits for no SMTP server. Robust, because the request
                # is saved by then: if the queue cannot be written, the timer's retry sends them (tasks.py).
                transaction.on_commit(lambda: send_request_notifications.enqueue(consultation.pk), robust=True)
        response = redirect(self.success_url)
        remember_reference(response, consultation.reference)
        return response


@method_decorator(never_cache, name="dispatch")
class ConsultationThanksView(PageMixin, TemplateView):
    template_name = "treatments/consultation_thanks.html"

    def get_page(self):
        return Page(gettext("Request received"), indexed=False)

    def get(self, request, *args, **kwargs):
        reference = remembered_reference(request)
        if not reference:
            return redirect("treatments:consultation")
        return self.render_to_response(self.get_context_data(reference=reference))
