"""Dates as patients read them, in the page's language: "December 4, 2026" and "4 de diciembre de 2026".

The formats are translated strings (the Spanish catalogue gives each language's order), so that no template
spells out an English date order.
"""

from django import template
from django.utils.formats import date_format
from django.utils.translation import pgettext

register = template.Library()


@register.filter
def long_date(value):
    # Translators: a date format (Django's date codes: F month name, j day, Y year); write your language's order.
    return date_format(value, pgettext("date format", "F j, Y")) if value else ""


@register.filter
def weekday_date(value):
    # Translators: a date format with the weekday (l); e.g. "l j \d\e F \d\e Y" in Spanish.
    return date_format(value, pgettext("date format", "l, F j, Y")) if value else ""
