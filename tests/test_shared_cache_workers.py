"""The embedded default (SQLite, no Redis) under gunicorn with two workers: the cache both keep pages in is the
database's, so an edit shows on the very next public request, whichever worker serves it."""

import secrets
from http import HTTPStatus

from tests.helpers import Browser, gunicorn_site_environment, run_python
from tests.servers import running_gunicorn

EDIT = """
import django
django.setup()
from treatments.models import ClinicDetails
clinic = ClinicDetails.load()
clinic.phone = "{phone}"
clinic.save()  # As the admin saves it: the signals start a new generation of kept pages.
"""


def test_with_two_workers_and_no_redis_an_edit_shows_on_the_very_next_request(tmp_path):
    environment = gunicorn_site_environment(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/site.sqlite3")
    assert "REDIS_URL" not in environment
    loaded = run_python("manage.py", "load_clinic_content", environment=environment)
    assert loaded.returncode == 0, loaded.stderr
    with running_gunicorn(environment, workers=2, log_path=tmp_path / "gunicorn.log", ready_path="/privacy/") as server:
        patient = Browser(server.url)
        for _ in range(10):  # Both workers serve, and keep, the home page.
            assert patient.get("/").status == HTTPStatus.OK
        new_phone = f"(555) 010-{secrets.randbelow(9000) + 1000}"
        edited = run_python("-c", EDIT.format(phone=new_phone), environment=environment)
        assert edited.returncode == 0, edited.stderr
        pages = [patient.get("/") for _ in range(10)]
        assert [page.status for page in pages] == [HTTPStatus.OK] * 10
        assert [new_phone in page.text for page in pages] == [True] * 10
