import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import ConsultationRequest, Treatment
from ..procedures.comparison import summary_of

PHONE_CHARACTERS = re.compile(r"^[0-9 +\-()]+$")
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 7, 20
PHONE_MESSAGE = _("Please enter a phone number of %(min)s to %(max)s digits. You may use spaces, + - ( and ).")
HONEYPOT_FIELD = "website"
SUMMARY_CHOICES_FIELD = "summary_choices"
ATTACH_SUMMARY_FIELD = "attach_summary"


def summary_choices(data):
    """The compare page's choices a summary is rebuilt from: the condition's slug, then options and priorities."""
    return data.get("summary", ""), data.getlist("option"), data.getlist("priority")


def summary_from(query, clinic):
    """The summary that a compare page's choices (as a query string) describe, or None."""
    slug, options, priorities = summary_choices(QueryDict(query))
    return summary_of(slug, options, priorities, clinic.questions_to_ask) if slug else None


class ConsultationRequestForm(forms.ModelForm):
    consent = forms.BooleanField(
        required=True,
        error_messages={"required": _("Please tick this box so we can contact you.")},
    )
    # People never see this field; bots that fill every input do. Its label says so
    # for anyone whose browser shows it anyway.
    website = forms.CharField(required=False, max_length=200, label=_("Leave this field empty"))

    class Meta:
        model = ConsultationRequest
        fields = ConsultationRequest.PATIENT_FIELDS
        labels = {
            "name": _("Your name"),
            "email": _("Email address"),
            "phone": _("Phone number"),
            "preferred_contact": _("How should we contact you?"),
            "preferred_time": _("When is a good time to reach you? (optional)"),
            "treatment": _("Which treatment are you asking about? (optional)"),
            "message": _("What would you like to talk about? (optional)"),
        }
        help_texts = {
            "email": _("We need an email address or a phone number, or both."),
            "phone": _("Include the area code."),
            "preferred_time": _("For example: weekday mornings."),
        }
        widgets = {
            "preferred_contact": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 5}),
        }
        error_messages = {
            "name": {"required": _("Please tell us your name.")},
            "email": {"invalid": _("Please enter an email address like name@example.com.")},
            "preferred_contact": {"required": _("Please choose how we should contact you.")},
        }

    def __init__(self, *args, clinic, summary_query="", **kwargs):
        super().__init__(*args, **kwargs)
        # A patient who comes from "My summary" may send it with the request: only if they tick the box.
        query = self.data.get(SUMMARY_CHOICES_FIELD, "") if self.is_bound else summary_query
        self.summary = summary_from(query, clinic) if query else None
        summary_layout = ()
        if self.summary:
            self.fields[SUMMARY_CHOICES_FIELD] = forms.CharField(
                required=False, widget=forms.HiddenInput, initial=query, max_length=2000
            )
            self.fields[ATTACH_SUMMARY_FIELD] = forms.BooleanField(
                required=False,
                label=gettext("Send my summary from the compare page with this request (optional)"),
                help_text=format_html(
                    '{}<span class="summary-preview">{}</span>',
                    gettext("Only if you tick this box. It holds only this:"),
                    format_html_join("", "{}<br>", ((line,) for line in self.summary.text.splitlines())),
                ),
            )
            summary_layout = (SUMMARY_CHOICES_FIELD, ATTACH_SUMMARY_FIELD)
        self.fields["treatment"].queryset = Treatment.objects.published()
        self.fields["treatment"].empty_label = gettext("Not sure yet")
        self.fields["preferred_contact"].choices = ConsultationRequest.ContactMethod.choices
        # Help text may be HTML (the summary's preview is): the staff-entered advice is escaped here.
        self.fields["message"].help_text = format_html(
            gettext(
                "Please do not use this form for urgent problems. {emergency_advice} You do not need to share medical "
                "details here; we will ask at your consultation."
            ),
            emergency_advice=clinic.emergency_advice,
        )
        self.fields["consent"].label = format_html(
            gettext(
                "I agree that {clinic} may contact me about this request, and I have read the "
                '<a href="{privacy_url}">privacy notice</a>.'
            ),
            clinic=clinic.name,
            privacy_url=reverse("treatments:privacy"),
        )
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        self.fields[HONEYPOT_FIELD].widget.attrs.update(autocomplete="off", tabindex="-1")
        self.helper = FormHelper()
        self.helper.form_action = reverse("treatments:consultation")
        # The page's error summary says what to fix, in words; the browser's own bubbles would not.
        self.helper.attrs = {"novalidate": ""}
        self.helper.required_marks = True  # "Fields marked with * are required", the page says.
        self.helper.layout = Layout(
            *ConsultationRequest.PATIENT_FIELDS,
            *summary_layout,
            "consent",
            Div(Field(HONEYPOT_FIELD), css_class="hp-field", aria_hidden="true"),
            Submit("submit", gettext("Send my request")),
        )

    def clean(self):
        # Every text field is trimmed (Django's CharField does) and length-capped
        # (max_length); this checks the rules that span fields.
        cleaned = super().clean()
        email, phone = cleaned.get("email"), cleaned.get("phone")
        preferred = cleaned.get("preferred_contact")
        if not email and not phone and "email" not in self.errors and "phone" not in self.errors:
            self.add_error("email", gettext("Please give an email address or a phone number."))
        elif preferred == ConsultationRequest.ContactMethod.EMAIL and not email and "email" not in self.errors:
            self.add_error("email", gettext("You chose email: please give your email address."))
        elif preferred == ConsultationRequest.ContactMethod.PHONE and not phone and "phone" not in self.errors:
            self.add_error("phone", gettext("You chose phone: please give your phone number."))
        return cleaned

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if not phone:
            return phone
        digits = sum(ch.isdigit() for ch in phone)
        if not PHONE_CHARACTERS.match(phone) or not MIN_PHONE_DIGITS <= digits <= MAX_PHONE_DIGITS:
            raise forms.ValidationError(PHONE_MESSAGE, params={"min": MIN_PHONE_DIGITS, "max": MAX_PHONE_DIGITS})
        return phone

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get(HONEYPOT_FIELD))

    def save(self, commit=True):
        request = super().save(commit=False)
        request.consented_at = timezone.now()
        if self.summary and self.cleaned_data.get(ATTACH_SUMMARY_FIELD):
            request.decision_summary = self.summary.text
        if self.is_spam:
            request.status = ConsultationRequest.Status.SPAM
        if commit:
            request.save()
        return request
