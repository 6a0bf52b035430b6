from functools import partial

from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import CreateView, TemplateView
from django_ratelimit.decorators import ratelimit

from .forms import ConsultationRequestForm
from .models import ClinicDetails, Treatment
from .notifications import send_pending

SESSION_REFERENCE = "consultation_reference"


def consultation_rate(group, request):
    return settings.CONSULTATION_RATE_LIMIT


@method_decorator(ratelimit(key="ip", rate=consultation_rate, method="POST", block=False), name="post")
class ConsultationRequestView(CreateView):
    form_class = ConsultationRequestForm
    template_name = "treatments/consultation_form.html"
    success_url = reverse_lazy("consultation_thanks")

    def get_initial(self):
        slug = self.request.GET.get("treatment", "")
        treatment = Treatment.objects.published().filter(slug=slug).first() if slug else None
        return {"treatment": treatment}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Screen readers announce the title first: it tells the patient at once that something needs fixing.
        has_problem = context["form"].errors or context.get("rate_limited")
        context["page_title"] = ("Error: " if has_problem else "") + "Request a consultation"
        return context

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
class ConsultationThanksView(TemplateView):
    template_name = "treatments/consultation_thanks.html"

    def get(self, request, *args, **kwargs):
        reference = request.session.get(SESSION_REFERENCE)
        if not reference:
            return redirect("consultation")
        return self.render_to_response(self.get_context_data(reference=reference))


class PrivacyView(TemplateView):
    template_name = "privacy.html"
