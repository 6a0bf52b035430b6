"""The site's own crispy layout objects, drawn by its template pack (templates/site_forms/layout/)."""

from crispy_forms.layout import Field, LayoutObject
from django.template.loader import render_to_string


class Heading(LayoutObject):
    """A heading inside a form, over a group of its fields, with an optional hint: escaped text, never HTML."""

    template = "site_forms/layout/heading.html"

    def __init__(self, text, *, level=2, css_class="", hint=""):
        self.text, self.level, self.css_class, self.hint = text, level, css_class, hint
        self.fields = []

    def render(self, form, context, template_pack=None, **kwargs):
        return render_to_string(self.template, {"heading": self})


class SearchBox(Field):
    """A search field: its label, then the box and its Search button."""

    template = "site_forms/layout/search_box.html"


class ChoiceList(Field):
    """Checkboxes to choose several of, in columns, under the field's label and hint."""

    template = "site_forms/layout/choice_list.html"


class Question(Field):
    """A self-check question: yes, no or "I don't know", side by side (the field carries `kind` and `signs`)."""

    template = "site_forms/layout/question.html"
