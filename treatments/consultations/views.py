from functools import partial

from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import CreateView, TemplateView
from django_ratelimit.decorators import ratelimit

from ..models import ClinicDetails, Treatment
from ..seo.page import Page, PageMixin
from .forms import ConsultationRequestForm
from .notifications import send_pending

SESSION_REFERENCE = "consultation_reference"


def consultation_rate(group, request):
    return settings.CONSULTATION_RATE_LIMIT


@method_decorator(ratelimit(key="ip", rate=consultation_rate, method="POST", block=False), name="post")
class ConsultationRequestView(PageMixin, CreateView):
    form_class = ConsultationRequestForm
    template_name = "treatments/consultation_form.html"
    success_url = reverse_lazy("treatments:consultation_thanks")
    page_title = "Request a consultation"
    page_description = (
        "Ask for a consultation about your veins. "
        "Tell us how to reach you, and our front desk will contact you to find a time."
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
        return {**super().get_form_kwargs(), "clinic": ClinicDetails.for_request(self.request)}

    def post(self, request, *args, **kwargs):
        self.object = None
        if request.limited:
            # Too many requests from this address: keep what the patient typed
            # and offer the phone, rather than a bare error.
            context = self.get_context_data(form=self.get_form(), rate_limited=True)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        with transaction.atomic():
            consultation = form.save()
            if not form.is_spam:
                transaction.on_commit(partial(send_pending, consultation.pk))
        self.request.session[SESSION_REFERENCE] = consultation.reference
        return redirect(self.success_url)


@method_decorator(never_cache, name="dispatch")
class ConsultationThanksView(PageMixin, TemplateView):
    template_name = "treatments/consultation_thanks.html"

    def get_page(self):
        return Page("Request received", indexed=False)

    def get(self, request, *args, **kwargs):
        reference = request.session.get(SESSION_REFERENCE)
        if not reference:
            return redirect("treatments:consultation")
        return self.render_to_response(self.get_context_data(reference=reference))
