"""The forms of a procedure's own pages: the aftercare plan's date, the self-check, the compare page's choices.

Drawn by the site's crispy template pack (templates/site_forms/); none stores anything.
"""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from dateutil.relativedelta import relativedelta
from django import forms
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..form_layouts import ChoiceList, Heading, Question

# A procedure date further off than this, in years, is almost surely a typing slip (the wrong year, say).
YEARS_AGO = 1
YEARS_AHEAD = 2


class DatePicker(forms.DateInput):
    """The browser's date picker. It holds a date (2027-03-01) or nothing: what was sent that is no date is not put
    back in it (the picker could not show it, and the HTML would be invalid); the error says what to type."""

    input_type = "date"
    ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

    def format_value(self, value):
        formatted = super().format_value(value)
        return formatted if isinstance(formatted, str) and self.ISO_DATE.fullmatch(formatted) else None


class DateTypedField(forms.DateField):
    """A date field for which spaces alone are no date at all, not a malformed one."""

    def to_python(self, value):
        return super().to_python(value.strip() if isinstance(value, str) else value)


class ProcedureDateForm(forms.Form):
    """The procedure's date, as a date picker sends it (2027-03-01) or as typed where there is none (03/01/2027)."""

    # No browser bubble for an empty date: the plan page says what to fix, in words, and links to the box.
    use_required_attribute = False

    procedure_date = DateTypedField(
        label=_("Date of your procedure"),
        help_text=_(
            # Translators: without a calendar the date is read as month/day/year (input_formats), in every language.
            "Pick the day from the calendar, or type it in the order your browser shows (in the US: month, day, year)."
        ),
        input_formats=["%Y-%m-%d", "%m/%d/%Y"],
        # The plan's page links its error summary, and the procedure page's link, to this id.
        widget=DatePicker(
            attrs={"id": "procedure-date", "autocomplete": "off", "class": "date-input"}, format="%Y-%m-%d"
        ),
        error_messages={
            "required": _("Enter the date of your procedure."),
            "invalid": _(
                # Translators: keep month/day/year and the example: it is the only order a typed date is read in.
                "Enter a real date: pick it from the calendar, or type it as month/day/year, for example 03/01/2027."
            ),
        },
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today  # Needed to check a date sent, not to show the form.

    def for_page(self, treatment, changing=False):
        """The form as a page shows it, posting to this procedure's plan; `changing` a plan already made."""
        label = gettext("Change the date") if changing else gettext("Make my plan")
        return self.posting_to("treatments:aftercare_plan", treatment, label, "make-plan")

    def for_calendar(self, treatment):
        """The plan's date, hidden, sent again for the plan's calendar file."""
        self.fields["procedure_date"].widget = forms.HiddenInput()
        return self.posting_to(
            "treatments:aftercare_calendar", treatment, gettext("Add to my calendar"), "add-to-calendar"
        )

    def posting_to(self, view_name, treatment, button, button_id):
        self.helper = FormHelper()
        self.helper.form_action = reverse(view_name, args=[treatment.slug])
        # No token: the procedure page is cached and shared, and the plan's views store nothing.
        self.helper.disable_csrf = True
        self.helper.layout = Layout("procedure_date", Submit("", button, css_id=button_id))
        return self

    def clean_procedure_date(self):
        value = self.cleaned_data["procedure_date"]
        # relativedelta: February 29 a year on or back is February 28.
        if value < self.today - relativedelta(years=YEARS_AGO):
            raise forms.ValidationError(
                ngettext(
                    "This date is more than a year ago, so we cannot make a plan for it. Check the year you entered.",
                    "This date is more than %(years)s years ago, so we cannot make a plan for it. Check the year you "
                    "entered.",
                    YEARS_AGO,
                )
                % {"years": YEARS_AGO}
            )
        if value > self.today + relativedelta(years=YEARS_AHEAD):
            raise forms.ValidationError(
                ngettext(
                    "This date is more than a year from now, so we cannot make a plan for it. Check the year you "
                    "entered.",
                    "This date is more than %(years)s years from now, so we cannot make a plan for it. Check the year "
                    "you entered.",
                    YEARS_AHEAD,
                )
                % {"years": YEARS_AHEAD}
            )
        return value


# Under each group's heading in the self-check.
GROUP_HINT = _("Is this true for you?")


class SelfCheckForm(forms.Form):
    """The self-check's questions (self_check.Questions), each answered yes, no or "I don't know"; blank, or the
    answers given. Posts to the self-check page, which stores nothing; the script answers in place."""

    def __init__(self, questions, *, own_page=False):
        super().__init__(initial={question.name: question.answer for question in questions.all})
        layout = []
        for group in questions.groups:
            if group.heading:
                level = 2 if own_page else 4
                layout.append(Heading(group.heading, level=level, css_class="self-check-group", hint=GROUP_HINT))
            for question in group.questions:
                field = forms.ChoiceField(label=question.text, choices=questions.choices, required=False)
                field.kind, field.signs = question.kind, question.signs
                self.fields[question.name] = field
                layout.append(Question(question.name))
        self.helper = FormHelper()
        self.helper.form_action = f"{questions.action}#self-check-outcome"
        self.helper.form_class = "self-check-form"
        self.helper.attrs = {"data-self-check-form": "", "data-yes": questions.yes, "data-unsure": questions.unsure}
        self.helper.disable_csrf = True  # The procedure page is cached and shared: no per-visitor token.
        self.helper.layout = Layout(
            *layout, Submit("", gettext("See what my answers mean"), css_id="self-check-submit")
        )


class ComparisonChoicesForm(forms.Form):
    """A compare page's choices, both optional: the options to compare, and what matters most to the patient.
    Sent with GET: the choices are only in the page's address."""

    option = forms.MultipleChoiceField(
        label=_("Which options do you want to compare?"),
        help_text=_("Choose 2 or 3 to see them side by side on a phone. Choose none to see them all."),
        required=False,
    )
    priority = forms.MultipleChoiceField(
        label=_("What matters most to you?"),
        help_text=_("We show how each option meets what you choose, in its own words. We do not rank them."),
        required=False,
    )

    def __init__(self, comparison, priorities, action):
        chosen_priorities = [priority.key for priority in comparison.priorities]
        super().__init__(initial={"option": sorted(comparison.chosen), "priority": chosen_priorities})
        self.fields["option"].choices = [(option.slug, option.title) for option in comparison.options]
        self.fields["option"].id_prefix = "choose-"
        self.fields["priority"].choices = [(priority.key, priority.label) for priority in priorities]
        self.fields["priority"].id_prefix = "priority-"
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = f"{action}#grid-heading"
        self.helper.layout = Layout(
            ChoiceList("option"),
            ChoiceList("priority"),
            Submit("", gettext("Show my comparison"), css_id="show-comparison"),
        )
