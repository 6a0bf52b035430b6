"""The aftercare plan's one form: the date of the procedure, checked to be a date a plan can be made for."""

from dateutil.relativedelta import relativedelta
from django import forms

# A procedure date further off than this, in years, is almost surely a typing slip (the wrong year, say).
YEARS_AGO = 1
YEARS_AHEAD = 2


class DateTypedField(forms.DateField):
    """A date field for which spaces alone are no date at all, not a malformed one."""

    def to_python(self, value):
        return super().to_python(value.strip() if isinstance(value, str) else value)


class ProcedureDateForm(forms.Form):
    """The procedure's date, as a date picker sends it (2027-03-01) or as typed where there is none (03/01/2027)."""

    procedure_date = DateTypedField(
        input_formats=["%Y-%m-%d", "%m/%d/%Y"],
        widget=forms.DateInput(attrs={"id": "procedure-date"}),
        error_messages={
            "required": "Enter the date of your procedure.",
            "invalid": "Enter a real date: pick it from the calendar, or type it as month/day/year, for example "
            "03/01/2027.",
        },
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_procedure_date(self):
        value = self.cleaned_data["procedure_date"]
        # relativedelta: February 29 a year on or back is February 28.
        if value < self.today - relativedelta(years=YEARS_AGO):
            raise forms.ValidationError(
                "This date is more than a year ago, so we cannot make a plan for it. Check the year you entered."
            )
        if value > self.today + relativedelta(years=YEARS_AHEAD):
            raise forms.ValidationError(
                "This date is more than 2 years from now, so we cannot make a plan for it. Check the year you entered."
            )
        return value
