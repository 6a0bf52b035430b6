"""Procedure pages and conditions. The form follows the page: its fieldsets and inline lists come from the
procedure's declared structure (treatments/procedures/structure.py), numbered as on the page."""

from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst

from ..images import ResponsiveImageField
from ..models import Condition, OutcomeFigure, OutcomeMeasure, Treatment
from ..models.procedures import ConditionOption, LinkedItem
from ..procedures.structure import LISTS, SECTIONS
from .drafts import DraftsAdmin
from .form_sections import form_errors, form_sections
from .images import ImageWithThumbnail
from .readability import READABILITY_FIELDSET, ReadabilityAdminMixin
from .review import publishing_refusal, record_review_urls
from .revisions import RevisionsAdmin
from .rows import ROWS_HELP, OrderedRowsFormSet, PositionField
from .text import compact_response, text_boxes, without_row_links
from .translated import TranslatedFieldsAdmin


def numbered(number, section):
    return f"{number}. {section.heading}"


class RowsInline(TranslatedFieldsAdmin, admin.TabularInline):
    """Rows edited in a table on the procedure's form, without a change, delete and view link on every row."""

    extra = 0
    template = "admin/treatments/treatment/rows.html"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return without_row_links(super().formfield_for_dbfield(db_field, request, **kwargs))


class OrderedInline(RowsInline):
    """A list that belongs to one section of the page.

    `section` names the fieldset it is shown under (see the change form
    template), so editors find each list where it appears on the page.
    """

    section = None
    formset = OrderedRowsFormSet

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "position":
            return PositionField(label=capfirst(db_field.verbose_name))
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    formfield_overrides = {
        **text_boxes(rows=2, cols=60),
        # A source's address typed without its scheme is taken as https:// (Django 6's default).
        models.URLField: {"assume_scheme": "https"},
    }


def section_inline(number, section, part):
    name = f"{part.model.__name__}Inline"
    attributes = {"model": part.model, "section": numbered(number, section)}
    if issubclass(part.model, LinkedItem):  # Pick a library entry by typing part of it.
        attributes["autocomplete_fields"] = (part.model.linked,)
    return type(name, (OrderedInline,), attributes)


LINKS_FIELDSET = "Conditions and related procedures"


class ConditionOptionInline(RowsInline):
    """Which conditions a procedure treats, and its place among each condition's options on the compare page."""

    model = ConditionOption
    section = LINKS_FIELDSET


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


@admin.register(Treatment)
class TreatmentAdmin(DraftsAdmin, RevisionsAdmin, ReadabilityAdminMixin, TranslatedFieldsAdmin, admin.ModelAdmin):
    change_form_template = "admin/treatments/treatment/change_form.html"
    list_display = ("title", "publication", "reviewer", "next_review", "reading_grade", "updated")
    list_filter = ("status", "conditions", ReviewOverdueFilter)
    search_fields = ("title", "summary")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("related_treatments", "shared_passages", "illustrations")
    list_select_related = ("reviewer",)
    save_on_top = True
    formfield_overrides = {**text_boxes(), ResponsiveImageField: {"widget": ImageWithThumbnail}}
    inlines = (
        *(
            section_inline(number, section, part)
            for number, section in enumerate(SECTIONS, 1)
            for part in section.lists
        ),
        ConditionOptionInline,
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
                    "publish_at",
                    "is_featured",
                    "hero_image",
                    "hero_image_alt",
                )
            },
        ),
        *(
            (numbered(number, section), {"fields": section.form_fields, "description": section.admin_help})
            for number, section in enumerate(SECTIONS, 1)
        ),
        (LINKS_FIELDSET, {"fields": ("related_treatments", "shared_passages", "illustrations")}),
        (
            "Medical review",
            {
                "fields": ("reviewer", "last_reviewed", "next_review_due", "awaiting_review"),
                "description": "To publish, a page needs the date of its next review, and either the specialist "
                "who checked it with the date, or 'awaiting medical review' ticked. After a specialist checks "
                "the page, use 'Record a medical review' at the top.",
            },
        ),
        READABILITY_FIELDSET,
    )

    @admin.display(description="status", ordering="status")
    def publication(self, obj):
        """Draft, published, or scheduled with its time: a scheduled page is not public yet."""
        if obj.is_scheduled:
            return f"Scheduled for {date_format(timezone.localtime(obj.publish_at), 'DATETIME_FORMAT')}"
        return "Published" if obj.is_published else "Draft"

    def get_urls(self):
        return record_review_urls(self) + super().get_urls()

    def translated_records(self, obj):
        """The page and the rows of its own lists (library entries are translated on their own pages)."""
        return [obj, *(row for part in LISTS if not issubclass(part.model, LinkedItem) for row in part.content(obj))]

    def render_change_form(self, request, context, *args, **kwargs):
        context["publishing_refusal"] = publishing_refusal(context["adminform"].form)
        context["form_sections"] = form_sections(context["adminform"], context["inline_admin_formsets"])
        context["rows_help"] = ROWS_HELP
        if context["adminform"].form.is_bound:
            context["form_errors"] = form_errors(context["adminform"].form, context["inline_admin_formsets"])
        response = super().render_change_form(request, context, *args, **kwargs)
        response.add_post_render_callback(compact_response)
        return response

    @admin.display(description="next review due", ordering="next_review_due")
    def next_review(self, obj):
        if obj.next_review_due is None:
            return "Not set"
        if obj.review_overdue:
            return format_html('<strong class="review-overdue">{} (overdue)</strong>', obj.next_review_due)
        return obj.next_review_due


@admin.register(Condition)
class ConditionAdmin(RevisionsAdmin, TranslatedFieldsAdmin, admin.ModelAdmin):
    inlines = (type("OptionInline", (admin.TabularInline,), {"model": ConditionOption, "extra": 0}),)
    list_display = ("name", "summary")
    search_fields = ("name", "summary", "description")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("illustrations",)


class OutcomeFigureInline(TranslatedFieldsAdmin, admin.TabularInline):
    model = OutcomeFigure
    extra = 0
    autocomplete_fields = ("source",)
    verbose_name_plural = "each option's figure (empty 'how many': no comparable figure, and the note says why)"


@admin.register(OutcomeMeasure)
class OutcomeMeasureAdmin(RevisionsAdmin, TranslatedFieldsAdmin, admin.ModelAdmin):
    """What a compare page measures the same way for every option: one source, one kind of patient, one time."""

    inlines = (OutcomeFigureInline,)
    list_display = ("__str__", "row", "source", "certainty")
    list_filter = ("row", "conditions")
    filter_horizontal = ("conditions",)
    autocomplete_fields = ("source",)
    fieldsets = (
        (
            "The measure",
            {
                "fields": ("conditions", "row", "position", "denominator", "unit", "counted", "period"),
                "description": "Patients read it as 'Out of 100 legs treated, how many had no leak left in the main "
                "vein 1 year later?': the same for every option on the compare page.",
            },
        ),
        ("Who and from where", {"fields": ("population", "source", "certainty", "certainty_reason")}),
    )
