"""Renditions: the WebP and JPEG or PNG copies of an image at a few widths, made once and reused."""

import logging
import math
import posixpath
from dataclasses import dataclass
from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from .measuring import scaled_height, upright_dimensions
from .uploads import FALLBACK_FORMATS

logger = logging.getLogger(__name__)

RENDITION_WIDTHS = (480, 800, 1200)
FILE_EXTENSIONS = {"WEBP": "webp", "JPEG": "jpg", "PNG": "png"}
SAVE_OPTIONS = {
    "WEBP": {"quality": 80, "method": 4},
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
}


@dataclass(frozen=True)
class Rendition:
    name: str
    width: int
    height: int
    format: str  # Pillow's name: WEBP, JPEG or PNG
    url: str


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
        upright_width, upright_height = upright_dimensions(original)
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
