"""Uploaded images: the checks at upload, and the resized copies pages serve.

Every image is stored once, as uploaded. Next to it, in a `renditions/` folder,
Pillow writes a WebP copy and a JPEG or PNG copy at a few widths, never wider
than the original (it is never enlarged):

    treatments/leg.jpg  ->  treatments/renditions/leg-jpg-480w.webp, leg-jpg-480w.jpg,
                            leg-jpg-800w.webp, leg-jpg-800w.jpg, leg-jpg-1200w.webp, ...

A rendition's name follows from the original's name, its width and its format,
so a file under that name on storage *is* the rendition: it is made once, when
the model is saved with a new image (or on the first page that shows it, if it
is missing), and every later page view only checks that it exists. The
original's width and height are recorded on the model when it is uploaded, so
pages know every rendition's size without opening a file.

`ResponsiveImageField` is the one place that wires this to a model: it checks
uploads (size, real image, pixel count) with messages staff can act on,
records the upright width and height, and makes the renditions after save.
"""

import logging
import math
import posixpath
from dataclasses import dataclass
from io import BytesIO

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import signals
from django.db.models.fields.files import FieldFile, ImageFieldFile
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

RENDITION_WIDTHS = (480, 800, 1200)
# Larger photos are refused before anything decodes them: 50 megapixels is more
# than any phone's normal photo, and decoding one takes about 150 MB of memory.
MAX_IMAGE_PIXELS = 50_000_000

ALLOWED_EXTENSIONS = ("jpg", "jpeg", "png", "webp", "gif")
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
# The copy for browsers without WebP keeps the original's kind: photos stay
# JPEG, graphics (PNG, GIF) stay PNG, WebP photos become JPEG.
FALLBACK_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "webp": "JPEG", "png": "PNG", "gif": "PNG"}
FILE_EXTENSIONS = {"WEBP": "webp", "JPEG": "jpg", "PNG": "png"}
MIME_TYPES = {"WEBP": "image/webp", "JPEG": "image/jpeg", "PNG": "image/png"}
SAVE_OPTIONS = {
    "WEBP": {"quality": 80, "method": 4},
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
}
EXIF_ORIENTATION = 0x0112
SIDEWAYS_ORIENTATIONS = {5, 6, 7, 8}  # the camera was turned: width and height swap once upright

MEGABYTE = 1024 * 1024

NOT_AN_IMAGE = (
    "This file is not an image we can read, or it is damaged. Please upload a photo saved as JPEG, PNG, WebP or GIF."
)
WRONG_FORMAT = "This image is a %(format)s file. Please upload a photo saved as JPEG, PNG, WebP or GIF."
WRONG_EXTENSION = (
    "Files ending in “.%(extension)s” cannot be used here. Please upload a photo saved as JPEG, PNG, WebP or GIF."
)


# Checking uploads


def describe_size(n_bytes, rounding=round):
    """'12.3 MB', '10 MB', '800 KB', as staff see sizes on their computer (1 MB = 1,048,576 bytes)."""
    unit, scale = ("MB", MEGABYTE) if n_bytes >= MEGABYTE else ("KB", 1024)
    if n_bytes < scale:
        return f"{n_bytes} bytes"
    return f"{rounding(n_bytes * 10 / scale) / 10:.1f}".removesuffix(".0") + f" {unit}"


def check_file_size(file):
    limit = settings.MAX_IMAGE_UPLOAD_BYTES
    if file.size > limit:
        limit_text = describe_size(limit, rounding=math.floor)
        size_text = describe_size(file.size)
        if size_text == limit_text:  # "This image is 10 MB. ... of 10 MB or less." would puzzle anyone.
            size_text = describe_size(file.size, rounding=math.ceil)
        raise ValidationError(
            "This image is %(size)s. Please upload an image of %(limit)s or less.",
            code="file_too_large",
            params={"size": size_text, "limit": limit_text},
        )


def too_many_pixels(width=None, height=None):
    if width and height:
        size = f"This image is {width:,} by {height:,} pixels ({width * height / 1_000_000:.0f} megapixels)."
    else:  # Pillow refused to open it: too large to even measure safely.
        size = "This image has too many pixels to open safely."
    return ValidationError(
        "%(size)s Please upload an image of at most %(limit)s megapixels, "
        "for example a photo resized to 4,000 pixels wide.",
        code="too_many_pixels",
        params={"size": size, "limit": f"{MAX_IMAGE_PIXELS // 1_000_000}"},
    )


def check_image(image_format, width, height):
    """Refuse formats we do not make copies of, and decompression bombs, from what the header says."""
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(WRONG_FORMAT, code="invalid_image_format", params={"format": image_format})
    if width * height > MAX_IMAGE_PIXELS:
        raise too_many_pixels(width, height)


def validate_image_upload(file):
    """The model fields' validator: a new upload must be a JPEG, PNG, WebP or GIF within the limits.

    An image already stored was checked when it was uploaded and is not reopened.
    """
    if not file or getattr(file, "_committed", True):
        return
    FileExtensionValidator(ALLOWED_EXTENSIONS, WRONG_EXTENSION)(file)
    check_file_size(file)
    position = file.tell()
    file.seek(0)
    try:
        with Image.open(file) as image:
            image_format, (width, height) = image.format, image.size
    except Image.DecompressionBombError as error:
        raise too_many_pixels() from error
    except Exception as error:  # Pillow raises many kinds of error on files it cannot read.
        raise ValidationError(NOT_AN_IMAGE, code="invalid_image") from error
    finally:
        file.seek(position)
    check_image(image_format, width, height)


class ImageUploadField(forms.ImageField):
    """Django's image upload field with checks in a safe order and messages staff can act on.

    The size is checked before Pillow reads anything, and the pixel count
    before anything decodes the image (recording its size, making copies).
    """

    default_validators = [FileExtensionValidator(ALLOWED_EXTENSIONS, WRONG_EXTENSION)]
    default_error_messages = {"invalid_image": NOT_AN_IMAGE}

    def to_python(self, data):
        if data not in self.empty_values and hasattr(data, "size"):
            check_file_size(data)
        try:
            upload = super().to_python(data)
        except ValidationError as error:
            if isinstance(error.__cause__, Image.DecompressionBombError):
                raise too_many_pixels() from error
            raise
        if upload is not None:
            check_image(upload.image.format, *upload.image.size)
        return upload


# Measuring


def upright_size(file):
    """(width, height) of the image as it is displayed, EXIF rotation applied; (None, None) if unreadable.

    Reads the header only: it never decodes the picture.
    """
    position = file.tell()
    file.seek(0)
    try:
        with Image.open(file) as image:
            width, height = image.size
            if exif_orientation(image) in SIDEWAYS_ORIENTATIONS:
                width, height = height, width
            return width, height
    except Exception:  # Not an image, or a decompression bomb: validation refuses those.
        return None, None
    finally:
        file.seek(position)


def exif_orientation(image):
    """The EXIF orientation from the header (Image.getexif() would decode a whole PNG to find it)."""
    raw = image.info.get("exif")
    if not raw:
        return 1
    exif = Image.Exif()
    try:
        exif.load(raw)
    except Exception:  # Damaged EXIF: show the picture as stored.
        return 1
    return exif.get(EXIF_ORIENTATION, 1)


def scaled_height(width, height, new_width):
    return max(1, round(height * new_width / width))


class ResponsiveImageFieldFile(ImageFieldFile):
    def _get_image_dimensions(self):
        # Django measures the stored pixels; a phone photo taken upright is stored
        # sideways with an EXIF orientation, and pages need its upright size.
        if not hasattr(self, "_dimensions_cache"):
            close = self.closed
            try:
                self.open()
            except OSError:  # The file is missing from storage: nothing to measure.
                return None, None
            try:
                self._dimensions_cache = upright_size(self)
            finally:
                if close:
                    self.close()
        return self._dimensions_cache


# Renditions


@dataclass(frozen=True)
class Rendition:
    name: str
    width: int
    height: int
    format: str  # Pillow's name: WEBP, JPEG or PNG
    url: str

    @property
    def mime_type(self):
        return MIME_TYPES[self.format]


@dataclass(frozen=True)
class Picture:
    """Everything a <picture> needs: WebP copies, JPEG or PNG copies, and the largest copy's size."""

    webp: tuple[Rendition, ...]
    fallback: tuple[Rendition, ...]

    @property
    def width(self):
        return self.fallback[-1].width

    @property
    def height(self):
        return self.fallback[-1].height

    @property
    def src(self):
        return self.fallback[-1].url

    @property
    def srcset(self):
        return srcset(self.fallback)

    @property
    def webp_srcset(self):
        return srcset(self.webp)


def srcset(renditions):
    return ", ".join(f"{rendition.url} {rendition.width}w" for rendition in renditions)


def rendition_widths(original_width):
    """The standard widths narrower than the original, then the original's width up to the largest."""
    largest = min(original_width, RENDITION_WIDTHS[-1])
    return [width for width in RENDITION_WIDTHS if width < largest] + [largest]


def rendition_name(original_name, width, image_format):
    """treatments/leg.jpg, 480, WEBP -> treatments/renditions/leg-jpg-480w.webp"""
    folder, filename = posixpath.split(original_name)
    stem, extension = posixpath.splitext(filename)
    original_kind = extension.lstrip(".").lower() or "image"  # leg.jpg and leg.png must not share copies
    return posixpath.join(folder, "renditions", f"{stem}-{original_kind}-{width}w.{FILE_EXTENSIONS[image_format]}")


def fallback_format(original_name):
    return FALLBACK_FORMATS.get(posixpath.splitext(original_name)[1].lstrip(".").lower(), "JPEG")


def plan_renditions(file, width, height):
    formats = ("WEBP", fallback_format(file.name))
    planned = {image_format: [] for image_format in formats}
    for rendition_width in rendition_widths(width):
        for image_format in formats:
            name = rendition_name(file.name, rendition_width, image_format)
            rendition = Rendition(
                name=name,
                width=rendition_width,
                height=scaled_height(width, height, rendition_width),
                format=image_format,
                url=file.storage.url(name),
            )
            planned[image_format].append(rendition)
    return Picture(webp=tuple(planned["WEBP"]), fallback=tuple(planned[formats[1]]))


def recorded_size(file):
    """The upright size recorded on the model at upload; measured (and recorded) now for older rows."""
    field, instance = file.field, file.instance
    width = getattr(instance, field.width_field, None) if field.width_field else None
    height = getattr(instance, field.height_field, None) if field.height_field else None
    if width and height:
        return width, height
    width, height = file.width, file.height  # Opens the original: once per image uploaded before sizes were kept.
    if width and height and instance.pk and field.width_field and field.height_field:
        sizes = {field.width_field: width, field.height_field: height}
        type(instance)._default_manager.filter(pk=instance.pk).update(**sizes)
        for attname, value in sizes.items():
            setattr(instance, attname, value)
    return width, height


def renditions(file):
    """The image's renditions as a Picture, made now if any is missing; None if the image cannot be read.

    After the first call for an image this only checks that its files exist:
    it never opens or encodes an image again.
    """
    if not file:
        return None
    try:
        width, height = recorded_size(file)
        if not width or not height:
            return None
        picture = plan_renditions(file, width, height)
        missing = [r for r in picture.webp + picture.fallback if not file.storage.exists(r.name)]
        if missing:
            make_renditions(file, missing)
    except Exception as error:  # A broken or missing original must not break the page or the save.
        logger.warning("Could not make renditions of %s: %s: %s", file.name, type(error).__name__, error)
        return None
    return picture


def make_renditions(file, renditions_to_make):
    storage = file.storage
    with file.open("rb"), Image.open(file) as original:
        upright_width, upright_height = original.size
        sideways = exif_orientation(original) in SIDEWAYS_ORIENTATIONS
        if sideways:
            upright_width, upright_height = upright_height, upright_width
        # A JPEG can be decoded at 1/2, 1/4 or 1/8 of its size: much faster, and
        # still at least as large as the largest copy we need.
        scale = max(r.width for r in renditions_to_make) / upright_width
        original.draft(None, (math.ceil(original.width * scale), math.ceil(original.height * scale)))
        # A colour profile is kept only when it describes the copies' RGB (a CMYK or grey one does not).
        icc_profile = original.info.get("icc_profile") if original.mode in {"RGB", "RGBA", "P"} else None
        image = normalised(ImageOps.exif_transpose(original))
        for rendition in sorted(renditions_to_make, key=lambda r: (-r.width, r.format)):
            size = (rendition.width, scaled_height(upright_width, upright_height, rendition.width))
            resized = image if image.size == size else image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
            if rendition.format == "JPEG" and resized.mode == "RGBA":
                resized = on_white(resized)
            options = dict(SAVE_OPTIONS[rendition.format])
            if icc_profile:
                options["icc_profile"] = icc_profile
            buffer = BytesIO()
            resized.save(buffer, format=rendition.format, **options)
            saved_as = storage.save(rendition.name, ContentFile(buffer.getvalue()))
            if saved_as != rendition.name:  # Another process made it meanwhile: keep theirs.
                storage.delete(saved_as)


def normalised(image):
    """RGB, or RGBA when the image has transparency: what WebP, JPEG and PNG all take and resize well."""
    transparent = image.mode in {"RGBA", "LA", "PA", "RGBa", "La"} or (
        image.mode == "P" and "transparency" in image.info
    )
    mode = "RGBA" if transparent else "RGB"
    return image if image.mode == mode else image.convert(mode)


def on_white(image):
    background = Image.new("RGB", image.size, "white")
    background.paste(image, mask=image.getchannel("A"))
    return background


# The model field


class ResponsiveImageField(models.ImageField):
    """An ImageField that checks uploads, records the upright size and makes renditions after save.

    Give it width_field and height_field so pages never open the file.
    """

    attr_class = ResponsiveImageFieldFile
    default_validators = [validate_image_upload]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            signals.post_save.connect(self.make_renditions_after_save, sender=cls)

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        # Django measures the file whenever an instance is loaded without sizes, and
        # whenever a form hands the unchanged file back on save. A stored file was
        # measured when it was uploaded: loading a row or re-saving it never reopens it.
        value = instance.__dict__.get(self.attname)
        loaded = not force and isinstance(value, str)
        handed_back = force and isinstance(value, FieldFile) and value._committed
        if value and (loaded or handed_back):
            return
        super().update_dimension_fields(instance, force, *args, **kwargs)

    def make_renditions_after_save(self, sender, instance, raw=False, **kwargs):
        if raw:  # loaddata: the files may not be there yet; pages make them when first shown.
            return
        renditions(getattr(instance, self.attname))
