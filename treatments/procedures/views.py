from django.db.models import Prefetch
from django.urls import reverse
from django.views.generic import DetailView, ListView

from ..models import Condition, Treatment
from ..seo.page import Page, PageMixin, trail
from . import structured_data
from .structure import LISTS, SECTIONS


def published_treatments_prefetch(lookup):
    return Prefetch(lookup, queryset=Treatment.objects.published().only("title", "slug", "summary"))


class TreatmentListView(PageMixin, ListView):
    template_name = "treatments/treatment_list.html"
    context_object_name = "treatments"
    page_description = (
        "Vein treatments we offer, explained in plain words: "
        "what each one is, who it suits, what to expect and the risks."
    )

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

    def get_page(self):
        title = f"Treatments for {self.condition.name.lower()}" if self.condition else "Treatments"
        return Page(title=title, description=self.page_description)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            condition=self.condition,
            unknown_condition=self.unknown_condition,
            conditions=Condition.objects.all(),
            **kwargs,
        )


class TreatmentDetailView(PageMixin, DetailView):
    template_name = "treatments/treatment_detail.html"
    context_object_name = "treatment"

    def get_queryset(self):
        return (
            Treatment.objects.visible_to(self.request.user)
            .select_related("reviewer")
            .prefetch_related(
                *(part.related_name for part in LISTS),
                "conditions",
                published_treatments_prefetch("related_treatments"),
            )
        )

    def get_page(self):
        treatment = self.object
        return Page(
            title=treatment.title,
            description=treatment.summary,
            trail=trail(("Treatments", reverse("treatments:list")), (treatment.title, treatment.get_absolute_url())),
            og_type="article",
            indexed=treatment.is_published,
        )

    def get_structured_data(self):
        return [structured_data.treatment_page(self.request, self.object)]

    def get_context_data(self, **kwargs):
        sections = [(section, section.bind(self.object)) for section in SECTIONS]
        return super().get_context_data(sections=sections, **kwargs)


class ConditionDetailView(PageMixin, DetailView):
    queryset = Condition.objects.prefetch_related(published_treatments_prefetch("treatments"))
    template_name = "treatments/condition_detail.html"
    context_object_name = "condition"

    def get_page(self):
        condition = self.object
        return Page(
            title=condition.name,
            description=condition.summary,
            trail=trail((condition.name, condition.get_absolute_url())),
            og_type="article",
        )

    def get_structured_data(self):
        return [structured_data.condition_page(self.request, self.object)]
