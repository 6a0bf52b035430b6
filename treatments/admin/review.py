"""Medical review in the admin: recording a specialist's review is one small form, kept in the page's history,
and a refusal to publish says why at the top of the form as well as by each field.

Used by TreatmentAdmin (procedures.py): `record_review_urls` adds the form's address, `publishing_refusal` the
message at the top of a refused change form.
"""

import reversion
from dateutil.relativedelta import relativedelta
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.generic import FormView

from ..models import Specialist, Treatment
from ..models.procedures import REVIEW_DUE_SOON_DAYS

# What Treatment.clean() refuses to publish without: the fields whose errors explain a refusal.
PUBLISHING_FIELDS = ("reviewer", "last_reviewed", "next_review_due", "awaiting_review")


def publishing_refusal(form):
    """Why a page could not be published, as (field, message) pairs: the messages its fields show, repeated at
    the top of the form so staff see at once why nothing was saved. Empty unless publishing was refused."""
    if not form.is_bound or form.cleaned_data.get("status") != Treatment.Status.PUBLISHED:
        return []
    return [(form[name], message) for name in PUBLISHING_FIELDS for message in form.errors.get(name, [])]


class DateInput(forms.DateInput):
    """The browser's own date picker: no script, and typed ISO dates still work where it has none."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class MedicalReviewForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        queryset=Specialist.objects.filter(is_sample=False),
        help_text="The specialist who checked the page's medical content. Sample profiles cannot review.",
    )
    reviewed_on = forms.DateField(widget=DateInput, help_text="The day they checked it.")
    next_review_due = forms.DateField(
        widget=DateInput,
        help_text=f"Usually a year after this review. Staff see the page listed {REVIEW_DUE_SOON_DAYS} days before.",
    )

    def clean_reviewed_on(self):
        reviewed_on = self.cleaned_data["reviewed_on"]
        if reviewed_on > timezone.localdate():
            raise ValidationError("This date is in the future. Record a review on or after the day it happens.")
        return reviewed_on

    def clean(self):
        cleaned = super().clean()
        reviewed_on, next_due = cleaned.get("reviewed_on"), cleaned.get("next_review_due")
        if reviewed_on and next_due and next_due <= reviewed_on:
            self.add_error("next_review_due", "The next review must come after this one.")
        return cleaned


def review_comment(reviewer, reviewed_on, next_review_due):
    """The revision comment and admin history entry: who reviewed, when, and when the next review is due."""
    return f"Medical review recorded: {reviewer} on {date_format(reviewed_on)}, next due {date_format(next_review_due)}"


class RecordReviewView(FormView):
    """Who reviewed the page, when, and when next: saved together as one revision of the page."""

    form_class = MedicalReviewForm
    template_name = "admin/treatments/record_review.html"
    model_admin = None

    def dispatch(self, request, *args, object_id, **kwargs):
        self.treatment = get_object_or_404(Treatment.objects.select_related("reviewer"), pk=object_id)
        if not self.model_admin.has_change_permission(request, self.treatment):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        today = timezone.localdate()
        current = self.treatment.reviewer
        return {
            "reviewer": current if current and not current.is_sample else None,
            "reviewed_on": today,
            "next_review_due": today + relativedelta(years=1),  # From February 29: February 28.
        }

    def get_context_data(self, **kwargs):
        opts = self.model_admin.model._meta
        return super().get_context_data(
            **self.model_admin.admin_site.each_context(self.request),
            opts=opts,
            original=self.treatment,
            title="Record a medical review",
            subtitle=self.treatment.title,
            change_url=reverse("admin:treatments_treatment_change", args=[self.treatment.pk]),
            has_real_specialist=Specialist.objects.filter(is_sample=False).exists(),
            **kwargs,
        )

    def form_valid(self, form):
        treatment, data = self.treatment, form.cleaned_data
        comment = review_comment(data["reviewer"], data["reviewed_on"], data["next_review_due"])
        with transaction.atomic(), reversion.create_revision():
            treatment.reviewer = data["reviewer"]
            treatment.last_reviewed = data["reviewed_on"]
            treatment.next_review_due = data["next_review_due"]
            treatment.awaiting_review = False
            treatment.save()
            self.model_admin.log_change(self.request, treatment, comment)
            reversion.set_user(self.request.user)
            reversion.set_comment(comment)  # After log_change: a VersionAdmin's log_change sets its own.
        messages.success(self.request, f"{comment}.")
        return redirect("admin:treatments_treatment_change", treatment.pk)


def record_review_urls(model_admin):
    """The address of the form, under the procedure's own: .../treatment/<id>/record-review/."""
    view = RecordReviewView.as_view(model_admin=model_admin)
    return [
        path(
            "<int:object_id>/record-review/",
            model_admin.admin_site.admin_view(view),
            name="treatments_treatment_record_review",
        )
    ]
