"""The pages the site answers when it cannot do what was asked: in its design, never indexed, never kept by a cache."""

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from ..seo.page import Page


def problem_page(request, template_name, title, status, **context):
    response = render(request, template_name, {"page": Page(title, indexed=False), **context}, status=status)
    add_never_cache_headers(response)
    return response
