"""For the search boxes: the header's, on every page, and the search page's own."""

from django import template

from ..search.forms import SearchForm
from ..search.terms import MAX_QUERY_LENGTH

register = template.Library()


@register.simple_tag
def max_query_length():
    """The longest query a search box takes: what the search page would cut a longer one to."""
    return MAX_QUERY_LENGTH


@register.simple_tag
def header_search_form():
    return SearchForm(in_header=True)
