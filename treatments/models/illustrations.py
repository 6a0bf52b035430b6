"""Pictures that explain: drawn for this site (SVG files shipped in static/illustrations/) or uploaded by staff.

Each has a title (the picture's text alternative) and a description shown under it, so a patient who cannot see
it reads what it shows. A procedure shows its illustrations in "How it works"; a condition near its top.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from ..images import ResponsiveImageField, recorded_size_fields

DRAWINGS_DIR = Path(settings.BASE_DIR) / "static" / "illustrations"
# The drawings' own size (their viewBox): the page reserves the space before the file arrives.
DRAWING_WIDTH, DRAWING_HEIGHT = 640, 400


def shipped_drawings():
    """(file name, file name) of each drawing shipped with the site, for the admin's choice."""
    return [(path.name, path.stem.replace("-", " ").capitalize()) for path in sorted(DRAWINGS_DIR.glob("*.svg"))]


class Illustration(models.Model):
    name = models.CharField(max_length=120, unique=True, help_text="For staff: what it shows.")
    drawing = models.CharField(
        "drawing shipped with the site",
        max_length=80,
        blank=True,
        choices=shipped_drawings,
        help_text="One of the site's own drawings. Or leave empty and upload an image below.",
    )
    image = ResponsiveImageField(
        "or an uploaded image",
        upload_to="illustrations/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
    )
    image_width, image_height = recorded_size_fields()
    title = models.CharField(
        max_length=120, help_text="A few words that name the picture: what a screen reader says for it."
    )
    description = models.TextField(
        help_text="What the picture shows, in two to four short sentences, for someone who cannot see it. Shown "
        "under the picture."
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "illustration"
        verbose_name_plural = "illustrations (pictures that explain, shown on procedure and condition pages)"

    def __str__(self):
        return self.name

    def clean(self):
        if bool(self.drawing) == bool(self.image):
            raise ValidationError("Choose one of the site's drawings, or upload an image: one of them, not both.")

    @property
    def drawing_path(self):
        return f"illustrations/{self.drawing}"
