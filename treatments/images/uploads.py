"""Checking uploads: size, kind of image and pixel count, refused with messages staff can act on."""

import math
from typing import NamedTuple

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from PIL import Image


class ImageKind(NamedTuple):
    name: str  # as staff know it
    extensions: tuple[str, ...]
    fallback_format: str  # Pillow's format for the copy served to browsers without WebP


# The kinds of image accepted, by Pillow's format name. The copy for browsers
# without WebP keeps the original's kind: photos stay JPEG, graphics (PNG, GIF)
# stay PNG, WebP photos become JPEG.
ACCEPTED_KINDS = {
    "JPEG": ImageKind("JPEG", ("jpg", "jpeg"), fallback_format="JPEG"),
    "PNG": ImageKind("PNG", ("png",), fallback_format="PNG"),
    "WEBP": ImageKind("WebP", ("webp",), fallback_format="JPEG"),
    "GIF": ImageKind("GIF", ("gif",), fallback_format="PNG"),
}
ALLOWED_EXTENSIONS = tuple(extension for kind in ACCEPTED_KINDS.values() for extension in kind.extensions)
ALLOWED_FORMATS = set(ACCEPTED_KINDS)
FALLBACK_FORMATS = {
    extension: kind.fallback_format for kind in ACCEPTED_KINDS.values() for extension in kind.extensions
}
_kind_names = [kind.name for kind in ACCEPTED_KINDS.values()]
ACCEPTED_KINDS_TEXT = ", ".join(_kind_names[:-1]) + " or " + _kind_names[-1]  # "JPEG, PNG, WebP or GIF"

# Larger photos are refused before anything decodes them: 50 megapixels is more
# than any phone's normal photo, and decoding one takes about 150 MB of memory.
MAX_IMAGE_PIXELS = 50_000_000

MEGABYTE = 1024 * 1024

PLEASE_UPLOAD = f"Please upload a photo saved as {ACCEPTED_KINDS_TEXT}."
NOT_AN_IMAGE = f"This file is not an image we can read, or it is damaged. {PLEASE_UPLOAD}"
WRONG_FORMAT = f"This image is a %(format)s file. {PLEASE_UPLOAD}"
WRONG_EXTENSION = f"Files ending in “.%(extension)s” cannot be used here. {PLEASE_UPLOAD}"


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
    """The model fields' validator: a new upload must be an accepted kind of image within the limits.

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
