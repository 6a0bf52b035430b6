from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.urls import reverse
from django.views.generic import DetailView, ListView

from ..models import Condition, Treatment
from ..seo.page import Page, PageMixin, trail
from . import structured_data
from .structure import KEY_FACTS, PAGE_PREFETCHES, SECTIONS, WORDS_USED

# What a card shows: its picture too, from the renditions of the page's image, so no card costs a query of its own.
CARD_FIELDS = ("title", "slug", "summary", "hero_image", "hero_image_width", "hero_image_height")


def published_treatments_prefetch(lookup, fields=CARD_FIELDS):
    return Prefetch(lookup, queryset=Treatment.objects.published().only(*fields))


def condition_options_prefetch(fields=CARD_FIELDS, related=()):
    """A condition's published procedures, in the order guidance gives (their ConditionOption positions)."""
    published = Treatment.objects.published().order_by("conditionoption__position", "title").select_related(*related)
    return Prefetch("treatments", queryset=published.only(*fields) if fields else published)


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
                *PAGE_PREFETCHES,
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
        return super().get_context_data(sections=sections, words=WORDS_USED.content(self.object), **kwargs)


class ConditionDetailView(PageMixin, DetailView):
    queryset = Condition.objects.prefetch_related(condition_options_prefetch())
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


@dataclass(frozen=True)
class ComparisonReview:
    """When a comparison was checked: it is as current as the oldest review of the pages it compares, and due again
    when the first of them is. `checked` is None while any page awaits a specialist: no review is claimed that did
    not happen."""

    checked: date | None
    next_due: date | None

    @classmethod
    def of(cls, options):
        options = list(options)
        reviewed = bool(options) and all(option.is_medically_reviewed for option in options)
        due = [option.next_review_due for option in options if option.next_review_due]
        return cls(min(o.last_reviewed for o in options) if reviewed else None, min(due) if due else None)


class ConditionCompareView(PageMixin, DetailView):
    """A condition's options side by side, in the order guidance gives, one card per option: rows are the key facts."""

    # The reviewer too, for when the comparison was checked.
    queryset = Condition.objects.prefetch_related(condition_options_prefetch(fields=None, related=("reviewer",)))
    template_name = "treatments/condition_compare.html"
    context_object_name = "condition"

    def get_page(self):
        condition = self.object
        title = f"Compare the options for {condition.name.lower()}"
        return Page(
            title=title,
            description=f"{condition.name}: the treatment options side by side, from numbing to results and risks.",
            trail=trail((condition.name, condition.get_absolute_url()), (title, self.request.path)),
        )

    def get_structured_data(self):
        return [structured_data.condition_page(self.request, self.object)]

    def get_context_data(self, **kwargs):
        columns = [
            (option, list(zip(KEY_FACTS.labels, KEY_FACTS.values(option), strict=True)))
            for option in self.object.treatments.all()
        ]
        review = ComparisonReview.of(self.object.treatments.all())
        return super().get_context_data(options=columns, review=review, **kwargs)
