"""Text staff write: the help shared by every model they write prose in, and the one form every text is kept in."""

import re

from django.db import models
from django.db.models.signals import pre_save

PARAGRAPHS_HELP = "Plain text, no HTML. Leave a blank line between paragraphs."

LINE_END = re.compile(r"\r\n?")
TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)


def normalised(text):
    """Text as it is kept: lines ending in LF (browsers send CRLF), no spaces at the ends of lines.

    Kept one way, a save changes only what the editor changed, so history lists only that.
    """
    return TRAILING_SPACE.sub("", LINE_END.sub("\n", text))


def text_fields(model):
    return [field for field in model._meta.concrete_fields if isinstance(field, models.CharField | models.TextField)]


def normalise_text(sender, instance, **kwargs):
    for field in text_fields(sender):
        value = getattr(instance, field.attname)
        if isinstance(value, str):
            setattr(instance, field.attname, normalised(value))


def keep_text_normalised(models_with_text):
    """Connected once, by the app's ready(): every save of these models keeps its text normalised."""
    for model in models_with_text:
        pre_save.connect(normalise_text, sender=model, dispatch_uid=f"normalised-text-{model._meta.label}")
