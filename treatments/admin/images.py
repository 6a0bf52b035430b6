"""The procedure form's image: a thumbnail of the current one, and a new upload kept when the form has errors.

A browser never fills a file box again, so after an error elsewhere in the form an editor would have to pick the
file again. Instead the upload is kept in storage (under PENDING_DIR) and the form carries a signed token for it;
sent back with no new file, the form takes the kept file. It is deleted once it has been saved as the page's image.
"""

import posixpath
import secrets

from django.contrib.admin.widgets import AdminFileWidget
from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import format_html

from ..images.renditions import renditions

PENDING_DIR = "treatments/pending"
PENDING_FIELD = "hero_image_pending"
SALT = "treatments.admin.images.pending"
KEPT_FOR_SECONDS = 24 * 60 * 60


class ImageWithThumbnail(AdminFileWidget):
    """The admin's file box, with the current image shown small, and the kept upload named."""

    pending = None  # (token, file name) of a kept upload, set by the form.

    def render(self, name, value, attrs=None, renderer=None):
        box = super().render(name, value, attrs, renderer)
        picture = renditions(value) if value and getattr(value, "url", None) else None
        thumbnail = (
            format_html(
                '<img class="image-thumbnail" src="{}" alt="The current image" width="160">', picture.fallback[0].url
            )
            if picture
            else ""
        )
        if not self.pending:
            return format_html("{}{}", thumbnail, box)
        token, file_name = self.pending
        return format_html(
            '{}<p class="pending-image">Your new image, <strong>{}</strong>, is kept: you need not choose it '
            'again. Choose another file only to replace it.</p><input type="hidden" name="{}" value="{}">{}',
            thumbnail, file_name, PENDING_FIELD, token, box,
        )  # fmt: skip


def keep(upload):
    """Store an upload until the form is sent back: the signed token that names it."""
    name = default_storage.save(posixpath.join(PENDING_DIR, f"{secrets.token_hex(8)}-{upload.name}"), upload)
    upload.seek(0)
    return signing.dumps(name, salt=SALT)


def kept(token):
    """The upload a token names, as a fresh upload; None if the token is bad, old, or its file is gone."""
    try:
        name = signing.loads(token, salt=SALT, max_age=KEPT_FOR_SECONDS)
    except signing.BadSignature:
        return None
    if not name.startswith(f"{PENDING_DIR}/") or not default_storage.exists(name):
        return None
    with default_storage.open(name) as stored:
        content = stored.read()
    original_name = posixpath.basename(name).split("-", 1)[1]
    return SimpleUploadedFile(original_name, content), name


def forget(token):
    """Delete a kept upload once the page has it."""
    try:
        name = signing.loads(token, salt=SALT, max_age=KEPT_FOR_SECONDS)
    except signing.BadSignature:
        return
    if name.startswith(f"{PENDING_DIR}/"):
        default_storage.delete(name)
