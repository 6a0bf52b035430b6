"""Measuring images: the size they are displayed at, EXIF rotation applied, read from the header only."""

from PIL import Image

EXIF_ORIENTATION = 0x0112
SIDEWAYS_ORIENTATIONS = {5, 6, 7, 8}  # the camera was turned: width and height swap once upright


def upright_size(file):
    """(width, height) of the image as it is displayed, EXIF rotation applied; (None, None) if unreadable.

    Reads the header only: it never decodes the picture.
    """
    position = file.tell()
    file.seek(0)
    try:
        with Image.open(file) as image:
            return upright_dimensions(image)
    except Exception:  # Not an image, or a decompression bomb: validation refuses those.
        return None, None
    finally:
        file.seek(position)


def upright_dimensions(image):
    """(width, height) of an open image as it is displayed, EXIF rotation applied."""
    width, height = image.size
    if exif_orientation(image) in SIDEWAYS_ORIENTATIONS:
        width, height = height, width
    return width, height


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
