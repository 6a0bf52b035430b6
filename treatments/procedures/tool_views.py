"""The pages of one procedure's own for one patient: its self-check and its aftercare plan (and the plan's
calendar file). They store nothing, and are CSRF-exempt because they change nothing: the procedure page that
holds their forms is cached and shared, so it cannot carry a per-visitor token. The logic is apart:
self_check.py decides, aftercare_plan.py makes the plan, forms.py checks the date."""

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView

from ..models import ClinicDetails, Treatment
from ..models.procedures import SignOnPage
from ..seo.page import Page, PageMixin, trail
from . import aftercare_plan
from .forms import ProcedureDateForm
from .self_check import decide
from .structure import SELF_CHECK, TIMED_LISTS


class ProcedureToolMixin(PageMixin):
    """Found as the procedure's page is (published, or any to staff previewing a draft, else a 404), shown under
    it in the breadcrumb trail, and kept out of search engines: it shows what one patient entered."""

    crumb = ""  # The page's name in the trail, e.g. "Is this right for me?"

    def prefetched_lists(self):
        """The related names of the declared lists the page reads."""
        return ()

    @cached_property
    def treatment(self):
        procedures = Treatment.objects.visible_to(self.request.user).prefetch_related(*self.prefetched_lists())
        return get_object_or_404(procedures, slug=self.kwargs["slug"])

    def tool_page(self, title, description, **options):
        treatment = self.treatment
        return Page(
            title=title,
            description=description,
            trail=trail(
                (gettext("Treatments"), reverse("treatments:list")),
                (treatment.title, treatment.get_absolute_url()),
                (str(self.crumb), self.request.path),  # A plain str: the trail's JSON-LD is written with json.dumps.
            ),
            indexed=False,
            **options,
        )


# Not even an error report may show the answers: they are health information.
@method_decorator(sensitive_post_parameters(), name="dispatch")
# The page that holds the form is cached and shared, so it carries no CSRF token. Nothing here changes
# or stores anything, so CSRF protection would protect nothing.
@method_decorator(csrf_exempt, name="dispatch")
class SelfCheckView(ProcedureToolMixin, TemplateView):
    """The self-check on a page of its own: blank on GET; on POST, the outcome above the answers given."""

    crumb = _("Is this right for me?")
    template_name = "treatments/self_check.html"
    http_method_names = ["get", "head", "post", "options"]

    def prefetched_lists(self):
        return [part.related_name for part in SELF_CHECK.parts]

    def post(self, request, *args, **kwargs):
        response = self.get(request, *args, **kwargs)
        # The answers are in this page: no browser or proxy may keep it.
        patch_cache_control(response, private=True, no_store=True)
        return response

    def get_page(self):
        title = self.treatment.title
        return self.tool_page(
            gettext("%(procedure)s: is this right for me?") % {"procedure": title},
            gettext("A short self-check for %(procedure)s, from its page. It guides; it does not diagnose.")
            % {"procedure": title},
        )

    def get_context_data(self, **kwargs):
        check = SELF_CHECK.content(self.treatment)
        if self.request.method == "POST":
            result = decide(check, self.request.POST)
            check = check.answered(result.answers)
        else:
            result = None
        return super().get_context_data(treatment=self.treatment, questions=check, result=result, **kwargs)


@method_decorator([csrf_exempt, never_cache], name="dispatch")
class AftercarePlanView(ProcedureToolMixin, FormView):
    """The plan page: the form alone on a GET; on a POST, the plan, or the form again saying what to fix."""

    crumb = _("Your aftercare plan")
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
        return {**super().get_form_kwargs(), "today": aftercare_plan.today()}

    def get_page(self):
        title = self.treatment.title
        return self.tool_page(
            gettext("Your aftercare plan: %(procedure)s") % {"procedure": title},
            gettext("Your own aftercare dates after %(procedure)s.") % {"procedure": title.lower()},
            has_error=self.has_error,
        )

    def get_context_data(self, **kwargs):
        form = kwargs.setdefault("form", self.get_form())
        self.has_error = bool(form.errors)
        return super().get_context_data(treatment=self.treatment, **kwargs)

    def form_valid(self, form):
        plan = aftercare_plan.AftercarePlan.build(self.treatment, form.cleaned_data["procedure_date"])
        return self.render_to_response(self.get_context_data(form=form, plan=plan))


class AftercareCalendarView(AftercarePlanView):
    """The plan as a calendar file (.ics) to import; a bad date gets the plan page's form, saying what to fix."""

    def get(self, request, *args, **kwargs):
        # The file is made from a posted date only; an address typed or shared leads to the form.
        return redirect("treatments:aftercare_plan", slug=self.treatment.slug)

    def form_valid(self, form):
        plan = aftercare_plan.AftercarePlan.build(self.treatment, form.cleaned_data["procedure_date"])
        clinic = ClinicDetails.for_request(self.request)
        response = HttpResponse(
            aftercare_plan.calendar_file(plan, clinic, self.request.get_host()),
            content_type="text/calendar; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="aftercare-{self.treatment.slug}.ics"'
        return response
