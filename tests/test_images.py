"""Uploaded images: renditions made once, upright sizes recorded, responsive markup, refused uploads."""

import io
import os
import re
import struct
import zlib
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from PIL import Image

from tests.factories import SpecialistFactory
from tests.helpers import admin_change_url, admin_form_data, post_admin_form
from treatments.images import measuring, uploads
from treatments.images.renditions import renditions
from treatments.models import Treatment

pytestmark = pytest.mark.django_db

RED, BLUE = (255, 0, 0), (0, 0, 255)


def image_bytes(size=(2000, 1000), image_format="JPEG", mode="RGB", color="white", exif=None):
    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new(mode, size, color).save(buffer, format=image_format, **options)
    return buffer.getvalue()


def upload(name="leg.jpg", content=None, **image):
    return SimpleUploadedFile(name, content if content is not None else image_bytes(**image))


def noise_png(width, height):
    """A PNG that does not compress: about 3 bytes a pixel."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(buffer, format="PNG")
    return buffer.getvalue()


def png_header_only(width, height):
    """A PNG that claims to be width x height: what a decompression bomb looks like before decoding."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def stored(name):
    with default_storage.open(name) as file, Image.open(file) as image:
        image.load()
        return image


def rendition_files():
    folder = "treatments/renditions"
    return sorted(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else []


@pytest.fixture
def treatment_with_image(make_treatment):
    return make_treatment(hero_image=upload("leg.jpg", size=(2000, 1000)), hero_image_alt="A leg after treatment")


def test_saving_a_new_image_makes_webp_and_original_format_copies(treatment_with_image):
    stem = os.path.splitext(os.path.basename(treatment_with_image.hero_image.name))[0]
    assert rendition_files() == sorted(
        f"{stem}-jpg-{width}w.{extension}" for width in (480, 800, 1200) for extension in ("jpg", "webp")
    )
    for width in (480, 800, 1200):
        for extension, image_format in (("webp", "WEBP"), ("jpg", "JPEG")):
            image = stored(f"treatments/renditions/{stem}-jpg-{width}w.{extension}")
            assert (image.format, image.size) == (image_format, (width, width // 2))


@pytest.mark.parametrize(
    ("name", "size", "image_format", "widths", "fallback"),
    [
        ("narrow.png", (1000, 400), "PNG", [480, 800, 1000], "PNG"),
        ("small.png", (300, 200), "PNG", [300], "PNG"),
        ("exact.jpeg", (480, 480), "JPEG", [480], "JPEG"),
        ("photo.webp", (900, 600), "WEBP", [480, 800, 900], "JPEG"),
        ("animation.gif", (600, 300), "GIF", [480, 600], "PNG"),
    ],
)
def test_copies_are_never_wider_than_the_original(make_treatment, name, size, image_format, widths, fallback):
    treatment = make_treatment(hero_image=upload(name, size=size, image_format=image_format), hero_image_alt="x")
    picture = renditions(treatment.hero_image)
    assert [r.width for r in picture.webp] == [r.width for r in picture.fallback] == widths
    assert {r.format for r in picture.fallback} == {fallback}
    for rendition in picture.webp + picture.fallback:
        image = stored(rendition.name)
        assert image.format == rendition.format
        assert image.size == (rendition.width, rendition.height)
        assert image.width <= size[0]


def test_renditions_are_made_once_and_reused(treatment_with_image, client, monkeypatch):
    names = [f"treatments/renditions/{name}" for name in rendition_files()]
    modified = {name: default_storage.get_modified_time(name) for name in names}
    encodes, opens = [], []
    original_save, original_open = Image.Image.save, Image.open
    monkeypatch.setattr(Image.Image, "save", lambda self, *a, **k: encodes.append(a) or original_save(self, *a, **k))
    monkeypatch.setattr(Image, "open", lambda *a, **k: opens.append(a) or original_open(*a, **k))

    treatment = Treatment.objects.get(pk=treatment_with_image.pk)
    assert renditions(treatment.hero_image) is not None
    treatment.summary = "Saved again without a new image."
    treatment.save()
    for _ in range(3):
        assert client.get(treatment.get_absolute_url()).status_code == HTTPStatus.OK

    assert encodes == []
    assert opens == []  # Sizes come from the database: no page view or re-save opens the image.
    assert {name: default_storage.get_modified_time(name) for name in names} == modified


def test_a_missing_rendition_is_made_on_the_next_page_view(treatment_with_image, client):
    picture = renditions(treatment_with_image.hero_image)
    default_storage.delete(picture.webp[0].name)
    assert client.get(treatment_with_image.get_absolute_url()).status_code == HTTPStatus.OK
    assert default_storage.exists(picture.webp[0].name)


def test_a_new_image_gets_its_own_renditions(treatment_with_image):
    before = set(rendition_files())
    treatment_with_image.hero_image = upload("leg.jpg", size=(900, 900))
    treatment_with_image.save()
    treatment_with_image.refresh_from_db()
    assert (treatment_with_image.hero_image_width, treatment_with_image.hero_image_height) == (900, 900)
    picture = renditions(treatment_with_image.hero_image)
    assert [r.width for r in picture.fallback] == [480, 800, 900]
    assert {os.path.basename(r.name) for r in picture.webp + picture.fallback}.isdisjoint(before)


def test_exif_orientation_is_honoured(make_treatment):
    # Stored 400 x 200, left half red; EXIF orientation 6 means "turn it a quarter clockwise to show it".
    sideways = Image.new("RGB", (400, 200), BLUE)
    sideways.paste(RED, (0, 0, 200, 200))
    exif = Image.Exif()
    exif[measuring.EXIF_ORIENTATION] = 6
    buffer = io.BytesIO()
    sideways.save(buffer, format="JPEG", exif=exif, quality=95)
    treatment = make_treatment(hero_image=SimpleUploadedFile("phone.jpg", buffer.getvalue()), hero_image_alt="x")

    treatment.refresh_from_db()
    assert (treatment.hero_image_width, treatment.hero_image_height) == (200, 400)
    picture = renditions(treatment.hero_image)
    for rendition in picture.webp + picture.fallback:
        image = stored(rendition.name).convert("RGB")
        assert image.size == (200, 400)
        top, bottom = image.getpixel((100, 50)), image.getpixel((100, 350))
        assert top[0] > 200 and top[2] < 60, top  # red on top: the picture is upright
        assert bottom[2] > 200 and bottom[0] < 60, bottom
        assert "exif" not in stored(rendition.name).info  # no camera data (or location) in what we serve


def test_width_and_height_are_recorded(treatment_with_image):
    specialist = SpecialistFactory(photo=upload("face.png", size=(600, 800), image_format="PNG"))
    treatment_with_image.refresh_from_db()
    specialist.refresh_from_db()
    assert (treatment_with_image.hero_image_width, treatment_with_image.hero_image_height) == (2000, 1000)
    assert (specialist.photo_width, specialist.photo_height) == (600, 800)
    assert [r.width for r in renditions(specialist.photo).webp] == [480, 600]

    specialist.photo = None
    specialist.save()
    specialist.refresh_from_db()
    assert (specialist.photo_width, specialist.photo_height) == (None, None)


def test_rows_saved_before_sizes_were_kept_get_them_on_first_view(treatment_with_image, client):
    Treatment.objects.filter(pk=treatment_with_image.pk).update(hero_image_width=None, hero_image_height=None)
    page = client.get(treatment_with_image.get_absolute_url()).content.decode()
    assert 'width="1200" height="600"' in page
    treatment_with_image.refresh_from_db()
    assert (treatment_with_image.hero_image_width, treatment_with_image.hero_image_height) == (2000, 1000)


def test_detail_page_emits_a_responsive_picture(treatment_with_image, client):
    page = client.get(treatment_with_image.get_absolute_url()).content.decode()
    picture = re.search(r"<picture>.*?</picture>", page, re.DOTALL).group(0)
    stem = os.path.splitext(os.path.basename(treatment_with_image.hero_image.name))[0]
    webp = ", ".join(f"/media/treatments/renditions/{stem}-jpg-{w}w.webp {w}w" for w in (480, 800, 1200))
    jpeg = ", ".join(f"/media/treatments/renditions/{stem}-jpg-{w}w.jpg {w}w" for w in (480, 800, 1200))
    sizes = 'sizes="(min-width: 74rem) 70rem, calc(100vw - 2rem)"'
    assert f'<source type="image/webp" srcset="{webp}" {sizes}>' in picture
    assert f'srcset="{jpeg}" {sizes}' in picture
    assert f'src="/media/treatments/renditions/{stem}-jpg-1200w.jpg"' in picture
    assert 'class="hero-image"' in picture
    assert 'width="1200" height="600"' in picture
    assert 'alt="A leg after treatment"' in picture
    # The hero is above the fold: fetched at once, first.
    assert 'loading="eager"' in picture and 'fetchpriority="high"' in picture and 'decoding="async"' in picture
    assert "style=" not in picture


def test_below_the_fold_images_load_lazily(treatment_with_image):
    html = render_to_string(
        "includes/responsive_image.html",
        {"image": treatment_with_image.hero_image, "alt": "A leg", "sizes": "20rem", "lazy": True, "priority": True},
    )
    assert 'loading="lazy"' in html
    assert "fetchpriority" not in html
    assert html.count('sizes="20rem"') == 2


def test_an_unreadable_original_falls_back_to_a_plain_image(treatment_with_image, client, caplog):
    picture = renditions(treatment_with_image.hero_image)
    for rendition in picture.webp + picture.fallback:
        default_storage.delete(rendition.name)
    default_storage.delete(treatment_with_image.hero_image.name)
    response = client.get(treatment_with_image.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "<picture>" not in page
    assert f'src="{treatment_with_image.hero_image.url}"' in page
    assert "Could not make renditions" in caplog.text


# Refused uploads


def post_hero_image(client, treatment, file):
    return post_admin_form(client, admin_change_url(treatment), hero_image=file, hero_image_alt="A leg")


def field_errors(response):
    return response.context["adminform"].form.errors.get("hero_image", [])


def test_admin_accepts_a_real_image_and_makes_its_copies(admin_client, treatment, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # a large upload, written to a temporary file
    response = post_hero_image(admin_client, treatment, upload("vein.png", content=noise_png(600, 300)))
    assert response.status_code == HTTPStatus.FOUND
    treatment.refresh_from_db()
    assert (treatment.hero_image_width, treatment.hero_image_height) == (600, 300)
    picture = renditions(treatment.hero_image)
    assert all(default_storage.exists(r.name) for r in picture.webp + picture.fallback)


def test_admin_refuses_a_file_that_is_not_an_image(admin_client, treatment):
    response = post_hero_image(admin_client, treatment, upload("leg.png", content=b"%PDF-1.4 not a picture"))
    assert response.status_code == HTTPStatus.OK
    assert field_errors(response) == [uploads.NOT_AN_IMAGE]
    assert "This file is not an image we can read, or it is damaged." in response.content.decode()
    treatment.refresh_from_db()
    assert not treatment.hero_image


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            upload("leg.tiff", image_format="TIFF"),
            "This image is a TIFF file. Please upload a photo saved as JPEG, PNG, WebP or GIF.",
        ),
        (
            upload("leg.bmp", image_format="PNG"),
            "Files ending in “.bmp” cannot be used here. Please upload a photo saved as JPEG, PNG, WebP or GIF.",
        ),
    ],
)
def test_admin_refuses_other_kinds_of_image_plainly(admin_client, treatment, file, message):
    response = post_hero_image(admin_client, treatment, file)
    assert response.status_code == HTTPStatus.OK
    assert field_errors(response) == [message]


def test_admin_refuses_a_file_that_is_too_large(admin_client, treatment, settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 1024 * 1024
    content = noise_png(800, 800)
    assert 1.8 * 1024 * 1024 < len(content) < 1.84 * 1024 * 1024
    response = post_hero_image(admin_client, treatment, upload("big.png", content=content))
    assert response.status_code == HTTPStatus.OK
    assert field_errors(response) == ["This image is 1.8 MB. Please upload an image of 1 MB or less."]
    assert "This image is 1.8 MB. Please upload an image of 1 MB or less." in response.content.decode()
    treatment.refresh_from_db()
    assert not treatment.hero_image


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # Over our limit: refused with its size, before anything decodes it.
        (image_bytes((8000, 8000), "PNG", mode="1"), "This image is 8,000 by 8,000 pixels (64 megapixels)."),
        # Over Pillow's own decompression-bomb limit: Pillow refuses to open it at all.
        (png_header_only(20000, 20000), "This image has too many pixels to open safely."),
    ],
)
def test_admin_refuses_an_image_with_too_many_pixels(admin_client, treatment, content, message):
    response = post_hero_image(admin_client, treatment, upload("huge.png", content=content))
    assert response.status_code == HTTPStatus.OK
    [error] = field_errors(response)
    assert error.startswith(message)
    assert "Please upload an image of at most 50 megapixels" in error


def test_model_validation_refuses_bad_uploads_outside_the_admin(make_treatment, settings):
    treatment = make_treatment()
    treatment.hero_image_alt = "A leg"
    treatment.hero_image = upload("notes.png", content=b"plain text")
    with pytest.raises(ValidationError) as refused:
        treatment.full_clean()
    assert refused.value.message_dict["hero_image"] == [uploads.NOT_AN_IMAGE]

    settings.MAX_IMAGE_UPLOAD_BYTES = 10 * 1024 * 1024
    treatment.hero_image = upload("big.png", content=image_bytes((10, 10), "PNG") + b"\0" * (12 * 1024 * 1024))
    with pytest.raises(ValidationError) as refused:
        treatment.full_clean()
    assert refused.value.message_dict["hero_image"] == ["This image is 12 MB. Please upload an image of 10 MB or less."]


def test_sizes_read_as_on_a_computer(settings):
    assert uploads.describe_size(10 * 1024 * 1024) == "10 MB"
    assert uploads.describe_size(int(12.3 * 1024 * 1024)) == "12.3 MB"
    assert uploads.describe_size(800 * 1024) == "800 KB"
    settings.MAX_IMAGE_UPLOAD_BYTES = 10 * 1024 * 1024
    just_over = SimpleUploadedFile("a.png", b"\0" * (10 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError, match=r"This image is 10\.1 MB\. Please upload an image of 10 MB or less\."):
        uploads.check_file_size(just_over)


def test_a_transparent_webp_gets_a_white_background_in_its_jpeg_copy(make_treatment):
    logo = upload("logo.webp", size=(600, 300), image_format="WEBP", mode="RGBA", color=(0, 0, 0, 0))
    treatment = make_treatment(hero_image=logo, hero_image_alt="x")
    picture = renditions(treatment.hero_image)
    assert stored(picture.webp[-1].name).mode == "RGBA"  # WebP keeps the transparency
    jpeg = stored(picture.fallback[-1].name)
    assert (jpeg.format, jpeg.mode, jpeg.getpixel((10, 10))) == ("JPEG", "RGB", (255, 255, 255))


def test_a_procedure_s_picture_shows_on_its_cards(treatment_with_image, client, condition):
    treatment_with_image.conditions.add(condition, through_defaults={"position": 1})
    for url in ("/", "/treatments/", condition.get_absolute_url()):
        page = client.get(url).content.decode()
        assert 'class="card-image"' in page and "treatments/renditions/" in page, url


def test_the_admin_shows_the_current_image_small(admin_client, treatment_with_image):
    page = admin_client.get(admin_change_url(treatment_with_image)).content.decode()
    assert 'class="image-thumbnail"' in page and 'alt="The current image"' in page


def test_an_image_chosen_in_a_form_with_errors_need_not_be_chosen_again(
    admin_client, treatment, django_capture_on_commit_callbacks
):
    url = admin_change_url(treatment)
    data = admin_form_data(admin_client.get(url))
    first = admin_client.post(url, data | {"title": "", "hero_image_alt": "A leg", "hero_image": upload("leg.png")})
    assert first.status_code == HTTPStatus.OK
    page = first.content.decode()
    assert "Your new image, <strong>leg.png</strong>, is kept" in page
    token = re.search(r'name="hero_image_pending" value="([^"]+)"', page).group(1)
    assert rendition_files() == [] and default_storage.listdir("treatments/pending")[1]
    with django_capture_on_commit_callbacks(execute=True):
        second = admin_client.post(url, data | {"hero_image_alt": "A leg", "hero_image_pending": token})
    assert second.status_code == HTTPStatus.FOUND
    treatment.refresh_from_db()
    assert treatment.hero_image.name.endswith(".png") and treatment.hero_image_width
    assert default_storage.listdir("treatments/pending")[1] == []  # Kept no longer than needed.


def test_a_made_up_kept_image_token_is_ignored(admin_client, treatment):
    url = admin_change_url(treatment)
    data = admin_form_data(admin_client.get(url)) | {"hero_image_pending": "not-a-token"}
    assert admin_client.post(url, data).status_code == HTTPStatus.FOUND
    treatment.refresh_from_db()
    assert not treatment.hero_image
