from django import template

from treatments.models.procedures import FREQUENCY_KEY

register = template.Library()


@register.simple_tag
def frequency_key():
    """(label, meaning) of each frequency band a risk can have, most common first: the key on every procedure page."""
    return [(frequency.label, meaning) for frequency, meaning in FREQUENCY_KEY.items()]
