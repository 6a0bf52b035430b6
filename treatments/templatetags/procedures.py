from django import template

from treatments.models.procedures import FREQUENCY_KEY

register = template.Library()


@register.simple_tag
def frequency_key():
    """(label, meaning) of each frequency band a risk can have, most common first: the key on every procedure page."""
    return [(frequency.label, meaning) for frequency, meaning in FREQUENCY_KEY.items()]


@register.simple_tag
def signs_by_urgency(rows):
    """A page's warning-sign rows as {urgency: [sign, ...]}, each box's signs in the page's order."""
    boxes = {}
    for row in rows:
        boxes.setdefault(row.sign.urgency, []).append(row.sign)
    return boxes
