"""Text kept in English on a page in another language (a source's title and publisher, as they published them),
marked so that a screen reader reads it in English: {{ source.title|in_english }}."""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html

register = template.Library()


@register.filter
def in_english(text):
    if translation.get_language() == settings.LANGUAGE_CODE:
        return text
    return format_html('<span lang="{}">{}</span>', settings.LANGUAGE_CODE, text)
