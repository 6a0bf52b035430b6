"""The restore drill of the README: back up with deploy/backup, drop the database, restore with deploy/restore into
a new one, and find every consultation request, revision and uploaded image again. On PostgreSQL (pg_dump and
pg_restore of this machine), in databases of the test's own, dropped at the end whatever happens."""

import json
import os
import shutil
import subprocess

import pytest

from tests import deployment
from tests.helpers import POSTGRES_SERVER, on_postgres, run_python, scratch_postgres_database

if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
    if os.environ.get("CI") == "true":
        pytest.fail("pg_dump and pg_restore are needed (Debian's postgresql-client).", pytrace=False)
    pytest.skip("pg_dump and pg_restore are not installed", allow_module_level=True)

# What a clinic's database holds after a while: requests, a procedure edited twice (two revisions), an upload.
MAKE_DATA = """
import django, io
django.setup()
import reversion
from PIL import Image
from django.core.files.base import ContentFile
from django.utils import timezone
from treatments.models import ConsultationRequest, Treatment
for name in ("Ana Patient", "Ben Patient", "Cy Patient"):
    ConsultationRequest.objects.create(
        name=name, phone="555 010 0100", preferred_contact="phone", consented_at=timezone.now()
    )
treatment = Treatment.objects.order_by("pk").first()
picture = io.BytesIO()
Image.new("RGB", (640, 360), "teal").save(picture, "WEBP")
for summary in ("Edited once.", "Edited twice."):
    with reversion.create_revision():
        treatment.summary = summary
        if summary == "Edited once.":
            treatment.hero_image.save("drill.webp", ContentFile(picture.getvalue()), save=False)
            treatment.hero_image_alt = "A drill picture"
        treatment.save()
"""

WHAT_IS_THERE = """
import django, json
django.setup()
from reversion.models import Version
from django.core.files.storage import default_storage
from treatments.models import ConsultationRequest, Treatment
treatment = Treatment.objects.order_by("pk").first()
print(json.dumps({
    "requests": sorted(ConsultationRequest.objects.values_list("reference", "name")),
    "revisions": Version.objects.get_for_object(treatment).count(),
    "summary": treatment.summary,
    "image": treatment.hero_image.name,
    "image_exists": bool(treatment.hero_image) and default_storage.exists(treatment.hero_image.name),
}))
"""


def site_environment(tmp_path, database, media):
    inherited = {name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "DATABASE_"))}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "clinic_site.settings",
        "DJANGO_SECRET_KEY": "backup-drill-" + "k" * 50,
        "DJANGO_SECURE": "0",
        "DATABASE_URL": f"{POSTGRES_SERVER}/{database}",
        "DJANGO_MEDIA_ROOT": str(media),
        "BACKUP_DIR": str(tmp_path / "backups"),
    }


def python(environment, code):
    result = run_python("-c", code, environment=environment)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_back_up_drop_restore_into_a_new_database_and_find_everything_again(tmp_path):
    with scratch_postgres_database("drill") as original, scratch_postgres_database("restored") as restored:
        live = site_environment(tmp_path, original, tmp_path / "media")
        for command in (["migrate", "--noinput"], ["load_clinic_content"]):
            result = run_python("manage.py", *command, environment=live)
            assert result.returncode == 0, result.stderr
        python(live, MAKE_DATA)
        before = json.loads(python(live, WHAT_IS_THERE))
        assert len(before["requests"]) == 3 and before["revisions"] >= 2 and before["image_exists"]

        backed_up = deployment.run([str(deployment.ROOT / "deploy" / "backup")], live)
        assert backed_up.returncode == 0, backed_up.stderr
        [folder] = (tmp_path / "backups").iterdir()
        assert sorted(path.name for path in folder.iterdir()) == ["SHA256SUMS", "database.dump", "media.tar.gz"]
        assert oct(folder.stat().st_mode & 0o777) == "0o700"  # Patient data: its owner's only.

        # Disaster: the database and the uploads are gone.
        on_postgres(f'DROP DATABASE "{original}" WITH (FORCE)')
        shutil.rmtree(tmp_path / "media")

        restored_media = tmp_path / "media-restored"
        restore = [str(deployment.ROOT / "deploy" / "restore"), str(folder), f"{POSTGRES_SERVER}/{restored}"]
        result = deployment.run([*restore, str(restored_media)], live)
        assert result.returncode == 0, result.stderr
        after = json.loads(python(site_environment(tmp_path, restored, restored_media), WHAT_IS_THERE))
        assert after == before


def test_restore_refuses_a_damaged_backup(tmp_path):
    folder = tmp_path / "backup"
    folder.mkdir()
    for name in ("database.dump", "media.tar.gz"):
        (folder / name).write_bytes(b"original")
    (folder / "SHA256SUMS").write_text(
        subprocess.run(
            ["sha256sum", "database.dump", "media.tar.gz"], cwd=folder, capture_output=True, text=True
        ).stdout
    )
    (folder / "database.dump").write_bytes(b"damaged")
    result = deployment.run(
        [str(deployment.ROOT / "deploy" / "restore"), str(folder), "postgres://nobody@127.0.0.1:1/none", str(tmp_path)],
        {"PATH": os.environ["PATH"]},
    )
    assert result.returncode != 0 and "FAILED" in result.stdout + result.stderr
