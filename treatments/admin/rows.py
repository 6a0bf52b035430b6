"""The order of a procedure's rows, as staff set it: each row's number says where it goes.

A new row left without a number goes last. A row given another row's number goes before that row (it is moved
there), so "1" moves a row to the top. When the form is saved the rows are numbered 1, 2, 3... in that order, so
two rows never share a number and nothing moves that staff did not move.
"""

from django import forms
from django.forms.models import BaseInlineFormSet

LAST = 32767  # The largest number a position holds: "at the end".
ROWS_HELP = (
    "In a list, each row's number says where it goes. A new row left empty goes last. To move a row, give it "
    "the number of the row it should take the place of: 1 moves it to the top."
)


class PositionField(forms.IntegerField):
    """A row's number; empty means last."""

    def __init__(self, **kwargs):
        kwargs.update(required=False, min_value=0, initial=None)
        super().__init__(**kwargs)  # How to use it is said once, above the form (ROWS_HELP), not on every row.

    def to_python(self, value):
        number = super().to_python(value)
        return LAST if number is None else number

    def has_changed(self, initial, data):
        if data in (None, ""):  # An empty new row is still empty.
            return initial not in (None, "")
        return super().has_changed(initial, data)

    def prepare_value(self, value):
        return "" if value == LAST else value


class OrderedRowsFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        deleted = set(self.deleted_forms)
        kept = [form for form in self.forms if form not in deleted and (form.instance.pk or form.has_changed())]

        def place(indexed):
            index, form = indexed
            moved = "position" in form.changed_data
            return (form.cleaned_data.get("position", LAST), not moved, index)

        for number, (_, form) in enumerate(sorted(enumerate(kept), key=place), 1):
            if form.cleaned_data.get("position") != number:
                # The row's model instance was built from the form already: it takes the number too.
                form.cleaned_data["position"] = form.instance.position = number
                if "position" not in form.changed_data:
                    form.changed_data.append("position")  # So the row is saved with its new number.
