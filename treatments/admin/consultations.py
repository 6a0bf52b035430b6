"""The front desk's triage of consultation requests."""

import csv
import re

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import capfirst

from ..models import ConsultationRequest, RequestAccess, StatusChange
from ..roles import FRONT_DESK

# What the patient sent, framed by what staff need to find and triage it; headings are the fields' names.
CSV_FIELDS = ("reference", "created", *ConsultationRequest.PATIENT_FIELDS, "status", "assigned_to")
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_PREFIXES = "=+-@\t\r"
# Where a spreadsheet that ignores the quotes may start a new cell: the delimiters some locales use
# (",", ";", tab) and line ends. A formula prefix at any of these is guarded with "'", as at the start.
FORMULA_START = re.compile(rf"(^|[,;\t\r\n])(?=[{re.escape(FORMULA_PREFIXES)}])")


def spreadsheet_safe(value):
    """The text of a cell no spreadsheet runs as a formula, however it splits the line."""
    text = "" if value is None else str(value)
    return FORMULA_START.sub(r"\1'", text)


def csv_cell(consultation, field):
    if field == "created":
        return timezone.localtime(consultation.created).strftime("%Y-%m-%d %H:%M")
    if field in ("preferred_contact", "status"):
        return getattr(consultation, f"get_{field}_display")()
    return getattr(consultation, field)


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    fields = ("changed_at", "changed_by", "old_status", "new_status")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "status history"

    def has_add_permission(self, request, obj=None):
        return False


def front_desk_staff():
    return get_user_model().objects.filter(is_active=True, is_staff=True, groups__name=FRONT_DESK).order_by("username")


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(admin.ModelAdmin):
    # Status and assignee first after the reference: in view at 1280 px, whatever the names and titles.
    list_display = ("reference", "status", "assigned_to", "created", "name", "treatment", "preferred_contact")
    list_display_links = ("created", "reference")
    list_filter = ("status", "treatment", "created")
    search_fields = ("=reference", "name", "email", "phone")
    date_hierarchy = "created"
    list_select_related = ("treatment", "assigned_to")
    ordering = ("-created",)
    actions = ("mark_contacted", "mark_spam", "export_csv")
    inlines = (StatusChangeInline,)
    submitted_fields = (
        "reference",
        "created",
        *ConsultationRequest.PATIENT_FIELDS,
        "decision_summary",
        "consented_at",
    )
    readonly_fields = (*submitted_fields, "staff_notified_at", "patient_notified_at")
    fieldsets = (
        ("What the patient sent", {"fields": submitted_fields}),
        ("Triage", {"fields": ("status", "assigned_to", "internal_notes")}),
        ("Emails", {"fields": ("staff_notified_at", "patient_notified_at"), "classes": ("collapse",)}),
    )

    def has_add_permission(self, request):
        return False  # Requests come from patients, through the form.

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_to":  # Requests are the front desk's to handle, not every account's.
            kwargs["queryset"] = front_desk_staff()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return False  # Only `purge_consultations` deletes, after the retention period.

    def get_search_results(self, request, queryset, search_term):
        # References are stored upper-case; staff may type them any way.
        return super().get_search_results(request, queryset, search_term.strip().upper() or search_term)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        opened = self.get_object(request, unquote(object_id)) if request.method == "GET" else None
        if opened is not None and response.status_code == 200:
            RequestAccess.record(request.user, RequestAccess.Action.VIEWED, [opened])
        return response

    def save_model(self, request, obj, form, change):
        RequestAccess.record(request.user, RequestAccess.Action.CHANGED, [obj])
        if "status" in form.changed_data:
            new_status = obj.status
            obj.status = form.initial["status"]
            obj.change_status(new_status, request.user)
        super().save_model(request, obj, form, change)

    def set_status(self, request, queryset, status):
        changed = []
        for consultation in queryset:
            if consultation.change_status(status, request.user):
                consultation.save(update_fields=["status"])
                changed.append(consultation)
        RequestAccess.record(request.user, RequestAccess.Action.CHANGED, changed)
        changed = len(changed)
        label = ConsultationRequest.Status(status).label.lower()
        self.message_user(request, f"{changed} request(s) marked {label}.", messages.SUCCESS)

    @admin.action(description="Mark selected requests as contacted", permissions=["change"])
    def mark_contacted(self, request, queryset):
        self.set_status(request, queryset, ConsultationRequest.Status.CONTACTED)

    @admin.action(description="Mark selected requests as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        self.set_status(request, queryset, ConsultationRequest.Status.SPAM)

    @admin.action(description="Export selected requests as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="consultation-requests-{stamp}.csv"'
        response.write("\ufeff")  # Lets spreadsheet programs recognise UTF-8.
        # Every cell quoted, so a spreadsheet that honours quotes keeps "a;=1+1" one cell whatever
        # it splits on; for one that does not, spreadsheet_safe has guarded the formula after the ";".
        writer = csv.writer(response, quoting=csv.QUOTE_ALL)
        writer.writerow(capfirst(ConsultationRequest._meta.get_field(field).verbose_name) for field in CSV_FIELDS)
        exported = list(queryset.select_related("treatment", "assigned_to"))
        for consultation in exported:
            writer.writerow(spreadsheet_safe(csv_cell(consultation, field)) for field in CSV_FIELDS)
        RequestAccess.record(request.user, RequestAccess.Action.EXPORTED, exported)
        return response


@admin.register(RequestAccess)
class RequestAccessAdmin(admin.ModelAdmin):
    """Who looked at patient data: for superusers only, and read-only (no role is given it)."""

    list_display = ("at", "username", "action", "reference")
    list_filter = ("action", "at")
    search_fields = ("=reference", "username")
    date_hierarchy = "at"

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
