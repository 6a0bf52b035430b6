from django import forms
from django.contrib import admin
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html

from ..models import (
    FAQ,
    AftercareDo,
    AftercareDont,
    Benefit,
    Candidate,
    ClinicDetails,
    Condition,
    ReasonNotTo,
    Risk,
    Specialist,
    Step,
    Treatment,
    WarningSign,
)
from ..sections import SECTIONS

SECTION_HEADINGS = {section.anchor: f"{number}. {section.heading}" for number, section in enumerate(SECTIONS, 1)}


class OrderedInline(admin.TabularInline):
    """A list that belongs to one section of the page.

    `section` names the fieldset it is shown under (see the change form
    template), so editors find each list where it appears on the page.
    """

    section = None
    extra = 0
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}


class StepInline(OrderedInline):
    model = Step
    section = SECTION_HEADINGS["how-it-works"]
    fields = ("position", "title", "description")


class BenefitInline(OrderedInline):
    model = Benefit
    section = SECTION_HEADINGS["benefits"]


class CandidateInline(OrderedInline):
    model = Candidate
    section = SECTION_HEADINGS["who-it-is-for"]


class ReasonNotToInline(OrderedInline):
    model = ReasonNotTo
    section = SECTION_HEADINGS["who-it-is-for"]


class AftercareDoInline(OrderedInline):
    model = AftercareDo
    section = SECTION_HEADINGS["aftercare"]


class AftercareDontInline(OrderedInline):
    model = AftercareDont
    section = SECTION_HEADINGS["aftercare"]


class RiskInline(OrderedInline):
    model = Risk
    section = SECTION_HEADINGS["risks"]
    fields = ("position", "name", "description", "frequency")


class WarningSignInline(OrderedInline):
    model = WarningSign
    section = SECTION_HEADINGS["risks"]


class FAQInline(OrderedInline):
    model = FAQ
    section = SECTION_HEADINGS["questions"]
    fields = ("position", "question", "answer")


class ReviewOverdueFilter(admin.SimpleListFilter):
    title = "medical review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", "Review overdue"), ("due", "Review up to date")]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.review_overdue()
        if self.value() == "due":
            return queryset.exclude(pk__in=queryset.review_overdue())
        return queryset


def section_fieldset(anchor, fields=(), description=""):
    return (SECTION_HEADINGS[anchor], {"fields": fields, "description": description})


@admin.register(Treatment)
class TreatmentAdmin(admin.ModelAdmin):
    change_form_template = "admin/treatments/treatment/change_form.html"
    list_display = ("title", "status", "reviewer", "next_review", "updated")
    list_filter = ("status", "conditions", ReviewOverdueFilter)
    search_fields = ("title", "summary")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("conditions", "related_treatments")
    list_select_related = ("reviewer",)
    save_on_top = True
    inlines = (
        StepInline,
        BenefitInline,
        CandidateInline,
        ReasonNotToInline,
        AftercareDoInline,
        AftercareDontInline,
        RiskInline,
        WarningSignInline,
        FAQInline,
    )
    fieldsets = (
        (
            "Page",
            {
                "fields": (
                    "title",
                    "slug",
                    "summary",
                    "status",
                    "is_featured",
                    "procedure_type",
                    "hero_image",
                    "hero_image_alt",
                )
            },
        ),
        section_fieldset("what-it-is", ("overview",)),
        section_fieldset("how-it-works", ("how_it_works",)),
        section_fieldset("benefits", description="One benefit per row. Keep them plain and honest."),
        section_fieldset("who-it-is-for", ("suitability_note",)),
        section_fieldset("before-your-appointment", ("preparation",)),
        section_fieldset("on-the-day", ("duration", "discomfort", "anaesthesia", "on_the_day")),
        section_fieldset("aftercare", ("aftercare_intro", "recovery_time")),
        section_fieldset("results", ("results", "long_term_care")),
        section_fieldset(
            "risks",
            ("risks_intro",),
            description="Warning signs appear in the 'Get help now' box with the clinic's emergency advice.",
        ),
        section_fieldset("questions"),
        ("Conditions and related procedures", {"fields": ("conditions", "related_treatments")}),
        ("Medical review", {"fields": ("reviewer", "last_reviewed", "next_review_due")}),
    )

    @admin.display(description="next review due", ordering="next_review_due")
    def next_review(self, obj):
        if obj.next_review_due is None:
            return "Not set"
        if obj.review_overdue:
            return format_html('<strong class="review-overdue">{} (overdue)</strong>', obj.next_review_due)
        return obj.next_review_due


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin):
    list_display = ("name", "summary")
    search_fields = ("name", "summary", "description")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Specialist)
class SpecialistAdmin(admin.ModelAdmin):
    list_display = ("name", "credentials", "is_sample")
    list_filter = ("is_sample",)
    search_fields = ("name", "credentials")


@admin.register(ClinicDetails)
class ClinicDetailsAdmin(admin.ModelAdmin):
    """One row: the list page goes straight to it, and it cannot be deleted."""

    def has_add_permission(self, request):
        return not ClinicDetails.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if ClinicDetails.objects.exists():
            return redirect(reverse("admin:treatments_clinicdetails_change", args=[1]))
        return redirect(reverse("admin:treatments_clinicdetails_add"))
