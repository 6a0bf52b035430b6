from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from ..models import ClinicDetails, Condition, Treatment
from ..seo.page import Page, PageMixin, trail
from . import comparison, schema
from .forms import ComparisonChoicesForm
from .prefetches import condition_options_prefetch, published_treatments_prefetch
from .structure import PAGE_PREFETCHES, SECTIONS, WORDS_USED


class TreatmentListView(PageMixin, ListView):
    template_name = "treatments/treatment_list.html"
    context_object_name = "treatments"
    page_description = _(
        "Vein treatments we offer, explained in plain words: what each one is, who it suits, what to expect and the "
        "risks."
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
        if self.condition:
            title = gettext("Treatments for %(condition)s") % {"condition": self.condition.name.lower()}
        else:
            title = gettext("Treatments")
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
                "performed_by",
                published_treatments_prefetch("related_treatments"),
            )
        )

    def get_page(self):
        treatment = self.object
        return Page(
            title=treatment.title,
            description=treatment.summary,
            trail=trail(
                (gettext("Treatments"), reverse("treatments:list")), (treatment.title, treatment.get_absolute_url())
            ),
            og_type="article",
            indexed=treatment.is_published,
        )

    def get_structured_data(self):
        return [schema.treatment_page(self.request, self.object)]

    def get_context_data(self, **kwargs):
        sections = [(section, section.bind(self.object)) for section in SECTIONS]
        return super().get_context_data(sections=sections, words=WORDS_USED.content(self.object), **kwargs)


class ConditionDetailView(PageMixin, DetailView):
    queryset = Condition.objects.prefetch_related(condition_options_prefetch(), "illustrations")
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
        return [schema.condition_page(self.request, self.object)]


@dataclass(frozen=True)
class ComparisonReview:
    """When a comparison was checked: it is as current as the oldest review of the pages it compares, and due again
    when the first of them is. `checked` is None while any page awaits a specialist: no review is claimed that did
    not happen."""

    checked: date | None
    next_due: date | None
    changed: date | None = None  # When its newest page was last changed: the comparison's own date.

    @classmethod
    def of(cls, options):
        options = list(options)
        reviewed = bool(options) and all(option.is_medically_reviewed for option in options)
        due = [option.next_review_due for option in options if option.next_review_due]
        changed = max((timezone.localdate(option.updated) for option in options), default=None)
        return cls(min(o.last_reviewed for o in options) if reviewed else None, min(due) if due else None, changed)


class ComparisonMixin:
    """A condition's options compared, with the options and priorities the patient chose (query parameters, read
    as page_cache.PUBLIC_PAGES declares)."""

    queryset = comparison.compared_conditions()
    context_object_name = "condition"

    def get_comparison(self):
        return comparison.compare(
            self.object,
            self.object.treatments.all(),
            chosen=self.request.GET.getlist("option"),
            priorities=self.request.GET.getlist("priority"),
        )

    def get_context_data(self, **kwargs):
        compared = self.get_comparison()
        return super().get_context_data(
            comparison=compared,
            priorities=comparison.PRIORITIES,
            review=ComparisonReview.of(compared.options),
            **kwargs,
        )


class ConditionCompareView(ComparisonMixin, PageMixin, DetailView):
    """A condition's options in one grid, in the order guidance gives: a row per question patients ask."""

    template_name = "treatments/condition_compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["choices_form"] = ComparisonChoicesForm(context["comparison"], comparison.PRIORITIES, self.request.path)
        return context

    def get_page(self):
        condition = self.object
        title = gettext("Compare the options for %(condition)s") % {"condition": condition.name.lower()}
        return Page(
            title=title,
            description=gettext(
                "%(condition)s: the treatment options side by side, from pain and time off to results, risks and cost."
            )
            % {"condition": condition.name},
            trail=trail((condition.name, condition.get_absolute_url()), (title, self.request.path)),
        )

    def get_structured_data(self):
        return [schema.condition_page(self.request, self.object)]


class CompareSummaryView(ComparisonMixin, PageMixin, DetailView):
    """ "My summary": the patient's chosen options and priorities, and questions to ask, to print or to send."""

    template_name = "treatments/compare_summary.html"

    def get_page(self):
        condition = self.object
        compare_title = gettext("Compare the options for %(condition)s") % {"condition": condition.name.lower()}
        compare_url = reverse("treatments:compare", kwargs={"slug": condition.slug})
        title = gettext("My summary: %(condition)s") % {"condition": condition.name.lower()}
        return Page(
            title=title,
            description=gettext("Your chosen options for %(condition)s, what matters to you and questions to ask.")
            % {"condition": condition.name.lower()},
            trail=trail(
                (condition.name, condition.get_absolute_url()), (compare_title, compare_url), (title, self.request.path)
            ),
            indexed=False,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        clinic = ClinicDetails.for_request(self.request)
        context["questions"] = comparison.summary_questions(context["comparison"], clinic.questions_to_ask)
        return context
