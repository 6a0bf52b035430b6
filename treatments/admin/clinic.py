from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from ..models import ClinicDetails, Specialist
from .revisions import RevisionsAdmin


@admin.register(Specialist)
class SpecialistAdmin(RevisionsAdmin, admin.ModelAdmin):
    list_display = ("name", "credentials", "is_sample")
    list_filter = ("is_sample",)
    search_fields = ("name", "credentials")


@admin.register(ClinicDetails)
class ClinicDetailsAdmin(RevisionsAdmin, admin.ModelAdmin):
    """One row: the list page goes straight to it, and it cannot be deleted."""

    def has_add_permission(self, request):
        return not ClinicDetails.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if ClinicDetails.objects.exists():
            return redirect(reverse("admin:treatments_clinicdetails_change", args=[1]))
        return redirect(reverse("admin:treatments_clinicdetails_add"))
