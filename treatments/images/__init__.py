"""Uploaded images: the checks at upload, and the resized copies pages serve.

Every image is stored once, as uploaded. Next to it, in a `renditions/` folder,
Pillow writes a WebP copy and a JPEG or PNG copy at a few widths, never wider
than the original:

    treatments/leg.jpg  ->  treatments/renditions/leg-jpg-480w.webp, leg-jpg-480w.jpg, ...

A rendition's name follows from the original's name, its width and its format,
so a file under that name on storage *is* the rendition: it is made once, and
later page views only check that it exists. The original's upright width and
height are recorded on the model at upload, so pages know every rendition's
size without opening a file.

- `uploads`: what is accepted, and the checks with messages staff can act on.
- `measuring`: the upright size of an image, EXIF rotation applied.
- `renditions`: planning and making the copies, and what a <picture> needs.
- `fields`: `ResponsiveImageField`, which wires all of this to a model.
"""

# Migrations name the field by this path; the rest is imported from its module.
from .fields import ResponsiveImageField, recorded_size_fields

__all__ = ["ResponsiveImageField", "recorded_size_fields"]
