"""The database goes down and comes back: the site says so, gives the phone, and recovers by itself.

In the test process first, with every query failing as it does when the database is gone. Then for real:
gunicorn (two workers, persistent connections) runs against a PostgreSQL database of this test's own,
reached through a TCP forwarder that the test cuts, dropping every connection and refusing new ones,
then opens again, without restarting gunicorn. That database is created and dropped here, so this runs
in the SQLite run of the suite too.
"""

import json
import time
from http import HTTPStatus

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from tests.helpers import FORM_URL, Browser, gunicorn_site_environment, on_postgres, scratch_postgres_database
from tests.servers import TcpForwarder, running_gunicorn
from treatments.models import ClinicDetails

POSTGRES = ("127.0.0.1", 5432)
POSTGRES_URL = "postgres://postgres@{host}:{port}/{database}"
PHONE = "(555) 010-0123"
PAGES = ["/", "/treatments/", "/privacy/", FORM_URL]
PATIENT = {"name": "Outage Patient", "phone": "555 010 0188", "preferred_contact": "phone", "consent": "on"}


@pytest.fixture
def gone(monkeypatch, settings):
    """From now on, every query fails as when the database does not answer; CLINIC_PHONE is set."""
    settings.CLINIC_PHONE = PHONE

    def refuse(connection):
        raise OperationalError("connection refused (the test's outage)")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)


def assert_outage_page(response, title="Sorry, this page is not available right now"):
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert f"<h1>{title}</h1>" in page
    assert 'class="site-header' in page  # The site's design...
    assert PHONE in page  # ...with the number to call, though Clinic details cannot be read.


@pytest.mark.django_db
def test_a_view_that_cannot_reach_the_database_answers_the_503_page(client, clinic, gone):
    assert_outage_page(client.get("/"))
    assert_outage_page(client.get(f"{FORM_URL}?treatment=sclerotherapy"))


@pytest.mark.django_db
def test_a_form_sent_while_the_database_is_down_says_it_was_not_sent(client, consultation_data, gone):
    response = client.post(FORM_URL, consultation_data)
    assert_outage_page(response, "Your request could not be sent")
    assert "your request has <strong>not</strong> reached us" in response.content.decode()


@pytest.mark.django_db
def test_a_failure_in_another_middleware_is_the_503_page_too_and_keeps_its_headers(gone, monkeypatch):
    """Outside any view (a session saved after it, say), Django makes the failure a 500; the site, a 503."""

    def save_session(middleware, request, response):
        ClinicDetails.load()
        return response

    monkeypatch.setattr(SessionMiddleware, "process_response", save_session)
    response = Client(raise_request_exception=False).get("/robots.txt")  # A view that reads no database.
    assert_outage_page(response)
    # Set on the 500 by the middleware around the one that failed (SecurityMiddleware), and kept.
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_a_500_while_the_database_answers_stays_a_500(monkeypatch):
    monkeypatch.setattr("treatments.site_pages.HomeView.get_context_data", lambda *args, **kwargs: 1 / 0)
    assert Client(raise_request_exception=False).get("/").status_code == HTTPStatus.INTERNAL_SERVER_ERROR


@pytest.mark.django_db
def test_healthz_answers_200_while_the_database_answers(client):
    answer = client.get("/healthz")
    assert answer.status_code == HTTPStatus.OK
    assert answer.json()["database"] == "ok"
    assert answer.json()["status"] in {"ok", "degraded"}  # degraded: Redis is down, which no page needs.
    assert "no-store" in answer["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_not_sent_to_https_as_pages_are(settings):
    """The balancer probes each host over plain HTTP, where every page redirects to HTTPS."""
    settings.SECURE_SSL_REDIRECT = True
    balancer = Client()  # Its middleware is made now, with these settings.
    assert balancer.get("/privacy/").status_code == HTTPStatus.MOVED_PERMANENTLY
    assert balancer.get("/healthz").status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_healthz_answers_503_when_it_does_not(client, gone):
    answer = client.get("/healthz")
    assert answer.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert answer.json()["status"] == answer.json()["database"] == "down"
    assert "no-store" in answer["Cache-Control"]


@pytest.fixture
def database():
    with scratch_postgres_database("outage") as name:
        yield name


def health(site):
    answer = site.get("/healthz")
    assert "no-store" in answer.headers["Cache-Control"]
    return answer.status, json.loads(answer.text)


def wait_for_health(site, status, timeout=60):
    deadline = time.monotonic() + timeout
    while (answer := health(site))[0] != status and time.monotonic() < deadline:
        time.sleep(0.2)
    return answer


def test_pages_answer_503_with_the_phone_while_the_database_is_down_and_recover_without_a_restart(database, tmp_path):
    with TcpForwarder(POSTGRES) as forwarder:
        environment = gunicorn_site_environment(
            tmp_path,
            DATABASE_URL=POSTGRES_URL.format(host=POSTGRES[0], port=forwarder.port, database=database),
            CLINIC_PHONE=PHONE,
            # Every request reaches the database: pages kept by the page cache would (rightly) still answer 200.
            PAGE_CACHE_SECONDS="0",
        )
        log_path = tmp_path / "gunicorn.log"
        with running_gunicorn(environment, workers=2, log_path=log_path, ready_path="/privacy/") as server:
            site = Browser(server.url)
            for path in PAGES:
                assert site.get(path).status == HTTPStatus.OK, path
            assert health(site) == (HTTPStatus.OK, {"status": "ok", "database": "ok", "cache": "database"})

            forwarder.stop()
            for path in PAGES:
                answer = site.get(path)
                assert answer.status == HTTPStatus.SERVICE_UNAVAILABLE, (path, log_path.read_text())
                assert answer.headers["Retry-After"] == "60"
                assert "no-store" in answer.headers["Cache-Control"]
                assert PHONE in answer.text
                assert "Sorry, this page is not available right now" in answer.text
            down = {"status": "down", "database": "down", "cache": "database"}
            assert health(site) == (HTTPStatus.SERVICE_UNAVAILABLE, down)
            forwarder.start()
            token = site.csrf_token(FORM_URL)  # A patient opens the form while the database answers...
            forwarder.stop()
            sent = site.post(FORM_URL, PATIENT, token=token)  # ...and sends it once it does not.
            assert sent.status == HTTPStatus.SERVICE_UNAVAILABLE
            assert "Your request could not be sent" in sent.text
            assert "your request has <strong>not</strong> reached us" in sent.text
            assert PHONE in sent.text

            forwarder.start()
            assert wait_for_health(site, HTTPStatus.OK)[0] == HTTPStatus.OK
            for path in PAGES:
                assert site.get(path).status == HTTPStatus.OK, path
            assert site.post(FORM_URL, PATIENT).status == HTTPStatus.FOUND
    log = log_path.read_text()
    assert "The database did not answer (OperationalError" in log
    assert PATIENT["name"] not in log and PATIENT["phone"] not in log
    assert on_postgres("SELECT name FROM treatments_consultationrequest", database=database) == [(PATIENT["name"],)]
