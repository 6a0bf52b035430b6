import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

register = template.Library()

# The characters that could end the <script> element or start an HTML comment,
# written as JSON escapes so text staff typed can never break out of it.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """A JSON-LD block; it is data, not script, so a strict CSP does not need to allow it.

    A list of one object is written as that object.
    """
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    # DjangoJSONEncoder writes a translated label (a lazy string) as the page's language has it.
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).translate(
        JSON_SCRIPT_ESCAPES
    )
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308 - escaped above
