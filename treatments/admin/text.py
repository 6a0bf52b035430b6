"""Text boxes whose text is kept as the site keeps it (treatments/models/text.py): a browser sends line ends as
CRLF, so without this every saved text box would count as changed and history would list fields nobody touched."""

import re

from django.contrib.admin.widgets import AdminTextareaWidget, RelatedFieldWidgetWrapper
from django.db import models

from ..models.text import normalised


class NormalisedTextarea(AdminTextareaWidget):
    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return normalised(value) if isinstance(value, str) else value


def without_row_links(formfield):
    """A row's choice of a library entry (a source, a sign) without the add, change, delete and view links of every
    row, each a long address: the library's own admin pages add and edit the entries (the sections say so)."""
    if isinstance(getattr(formfield, "widget", None), RelatedFieldWidgetWrapper):
        widget = formfield.widget
        widget.can_add_related = widget.can_change_related = widget.can_delete_related = False
        widget.can_view_related = False
    return formfield


def text_boxes(**attrs):
    """formfield_overrides for a ModelAdmin or inline: every TextField in a NormalisedTextarea."""
    return {models.TextField: {"widget": NormalisedTextarea(attrs=attrs or None)}}


# Whitespace the admin's templates indent with: a third of the procedure form's bytes. Kept inside a text box or
# preformatted text, where it is the content.
KEEPS_WHITESPACE = re.compile(r"(<(textarea|pre)\b.*?</\2>)", re.DOTALL | re.IGNORECASE)
WHITESPACE_RUN = re.compile(r"\s{2,}")


def compacted(html):
    """The page with each run of whitespace cut to one newline (or one space), which the browser shows the same."""
    parts = KEEPS_WHITESPACE.split(html)
    out = []
    for number, part in enumerate(parts):
        if number % 3 == 0:  # Between the kept blocks.
            out.append(WHITESPACE_RUN.sub(lambda run: "\n" if "\n" in run.group() else " ", part))
        elif number % 3 == 1:  # A kept block, whole.
            out.append(part)
    return "".join(out)


def compact_response(response):
    response.content = compacted(response.content.decode(response.charset))
    return response
