"""The search box, in the header of every page and on the results page."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.urls import reverse
from django.utils.translation import gettext, pgettext

from ..form_layouts import SearchBox
from .terms import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    """`in_header`: the header's box, a search landmark of its own; else the results page's, with the query."""

    q = forms.CharField(required=False, max_length=MAX_QUERY_LENGTH, widget=forms.SearchInput)

    def __init__(self, *args, in_header=False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["q"]
        field.label = gettext("Search the site") if in_header else gettext("Search our pages")
        field.widget.attrs.update(id="header-search-query" if in_header else "search-page-query")
        if not in_header:
            field.widget.attrs["class"] = "field-input"
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = reverse("treatments:search")
        self.helper.form_class = "header-search" if in_header else "search-form"
        if in_header:
            self.helper.attrs = {"role": "search", "aria-label": pgettext("the header's search landmark", "Site")}
            self.helper.label_class = "header-search-label"
        else:
            self.helper.field_class = "search-row"
            self.helper.button_class = "button"
        self.helper.layout = Layout(SearchBox("q"))
