from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from ..images import ResponsiveImageField
from ..models import ClinicDetails, Specialist
from .images import ImageWithThumbnail
from .revisions import RevisionsAdmin
from .translated import TranslatedFieldsAdmin


@admin.register(Specialist)
class SpecialistAdmin(RevisionsAdmin, TranslatedFieldsAdmin, admin.ModelAdmin):
    list_display = ("name", "role", "credentials", "is_sample")
    list_filter = ("is_sample",)
    search_fields = ("name", "credentials")
    prepopulated_fields = {"slug": ("name",)}
    formfield_overrides = {ResponsiveImageField: {"widget": ImageWithThumbnail}}


@admin.register(ClinicDetails)
class ClinicDetailsAdmin(RevisionsAdmin, TranslatedFieldsAdmin, admin.ModelAdmin):
    """One row: the list page goes straight to it, and it cannot be deleted."""

    formfield_overrides = {ResponsiveImageField: {"widget": ImageWithThumbnail}}
    filter_horizontal = ("insurance_sources",)
    fieldsets = (
        (
            "The clinic",
            {
                "fields": (
                    "name",
                    "about",
                    "phone",
                    "email",
                    "emergency_advice",
                    "reply_within_working_days",
                    "holiday_country",
                    "holiday_subdivision",
                )
            },
        ),
        (
            "Visit us",
            {
                "fields": (
                    "address",
                    "opening_hours",
                    "opening_hours_schema",
                    "after_hours_phone",
                    "parking",
                    "public_transport",
                    "step_free_access",
                    "map_image",
                    "map_image_alt",
                    "latitude",
                    "longitude",
                ),
                "description": "The Visit us page. An empty field shows there as not added yet.",
            },
        ),
        ("Costs and insurance", {"fields": ("insurers_accepted", "insurance_requirements", "insurance_sources")}),
        (
            "Before the consultation",
            {
                "fields": ("consultation_length", "what_to_bring", "referral_needed", "consultation_cost"),
                "description": "Shown on the thank-you page after a patient asks for a consultation.",
            },
        ),
        ("On every procedure page", {"fields": ("questions_to_ask",)}),
        ("Privacy notice", {"fields": ("privacy_notice",)}),
    )

    def has_add_permission(self, request):
        return not ClinicDetails.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if ClinicDetails.objects.exists():
            return redirect(reverse("admin:treatments_clinicdetails_change", args=[1]))
        return redirect(reverse("admin:treatments_clinicdetails_add"))
