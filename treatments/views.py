from django.db.models import Prefetch
from django.views.generic import DetailView, ListView, TemplateView

from . import structured_data
from .models import ClinicDetails, Condition, Treatment
from .sections import SECTIONS

TREATMENT_LISTS = (
    "steps",
    "benefits",
    "candidates",
    "reasons_not_to",
    "aftercare_do",
    "aftercare_dont",
    "risks",
    "warning_signs",
    "faqs",
)


def published_treatments_prefetch(lookup):
    return Prefetch(lookup, queryset=Treatment.objects.published().only("title", "slug", "summary"))


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        published = Treatment.objects.published()
        return super().get_context_data(
            featured_treatments=published.filter(is_featured=True) or published,
            conditions=Condition.objects.all(),
            structured_data=structured_data.medical_clinic(self.request, ClinicDetails.for_request(self.request)),
            **kwargs,
        )


class TreatmentListView(ListView):
    template_name = "treatments/treatment_list.html"
    context_object_name = "treatments"

    def get_queryset(self):
        treatments = Treatment.objects.published()
        self.condition = None
        self.unknown_condition = ""
        slug = self.request.GET.get("condition", "").strip()
        if slug:
            self.condition = Condition.objects.filter(slug=slug).first()
            if self.condition:
                treatments = treatments.filter(conditions=self.condition)
            else:
                self.unknown_condition = slug
        return treatments

    def get_context_data(self, **kwargs):
        title = f"Treatments for {self.condition.name.lower()}" if self.condition else "Treatments"
        return super().get_context_data(
            page_title=title,
            condition=self.condition,
            unknown_condition=self.unknown_condition,
            conditions=Condition.objects.all(),
            **kwargs,
        )


class TreatmentDetailView(DetailView):
    template_name = "treatments/treatment_detail.html"
    context_object_name = "treatment"

    def get_queryset(self):
        return (
            Treatment.objects.visible_to(self.request.user)
            .select_related("reviewer")
            .prefetch_related(
                *TREATMENT_LISTS,
                "conditions",
                published_treatments_prefetch("related_treatments"),
            )
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sections=SECTIONS,
            structured_data=structured_data.treatment_page(self.request, self.object),
            **kwargs,
        )


class ConditionDetailView(DetailView):
    queryset = Condition.objects.prefetch_related(published_treatments_prefetch("treatments"))
    template_name = "treatments/condition_detail.html"
    context_object_name = "condition"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            structured_data=structured_data.condition_page(self.request, self.object), **kwargs
        )
