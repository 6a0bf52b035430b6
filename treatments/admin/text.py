"""Text boxes whose text is kept as the site keeps it (treatments/models/text.py): a browser sends line ends as
CRLF, so without this every saved text box would count as changed and history would list fields nobody touched."""

from django.contrib.admin.widgets import AdminTextareaWidget
from django.db import models

from ..models.text import normalised


class NormalisedTextarea(AdminTextareaWidget):
    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return normalised(value) if isinstance(value, str) else value


def text_boxes(**attrs):
    """formfield_overrides for a ModelAdmin or inline: every TextField in a NormalisedTextarea."""
    return {models.TextField: {"widget": NormalisedTextarea(attrs=attrs or None)}}
