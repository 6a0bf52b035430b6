"""Staff sessions end after ADMIN_SESSION_IDLE_MINUTES without an admin request; patients' sessions do not.

The clock is moved, not waited for: the database session engine keeps each session's expiry in a column,
and the server refuses a session whose expiry has passed.
"""

import datetime
from http import HTTPStatus

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.factories import UserFactory
from tests.helpers import FORM_URL, THANKS_URL, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_sessions(settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"


@pytest.fixture
def staff_browser(client, clinic):
    UserFactory(username="alice", is_superuser=True)
    assert sign_in(client, "alice").url == "/admin/"
    return client


def expires_in(client):
    """How long the browser's session has left on the server."""
    return Session.objects.get(pk=client.session.session_key).expire_date - timezone.now()


def move_expiry(client, left):
    Session.objects.filter(pk=client.session.session_key).update(expire_date=timezone.now() + left)


def idle(settings):
    return datetime.timedelta(minutes=settings.ADMIN_SESSION_IDLE_MINUTES)


def test_signing_in_gives_the_idle_time_not_two_weeks(staff_browser, settings):
    assert idle(settings) - datetime.timedelta(minutes=1) < expires_in(staff_browser) <= idle(settings)


def test_an_idle_staff_session_ends(staff_browser):
    assert staff_browser.get("/admin/").status_code == HTTPStatus.OK
    move_expiry(staff_browser, -datetime.timedelta(seconds=1))
    response = staff_browser.get("/admin/")
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith("/admin/login/")


def test_each_admin_request_restarts_the_clock(staff_browser, settings):
    move_expiry(staff_browser, datetime.timedelta(minutes=1))
    assert staff_browser.get("/admin/treatments/treatment/").status_code == HTTPStatus.OK
    assert expires_in(staff_browser) > idle(settings) - datetime.timedelta(minutes=1)


def test_the_idle_time_is_a_setting(client, clinic, settings):
    settings.ADMIN_SESSION_IDLE_MINUTES = 5
    UserFactory(username="alice")
    sign_in(client, "alice")
    assert datetime.timedelta(minutes=4) < expires_in(client) <= datetime.timedelta(minutes=5)


def test_public_pages_do_not_restart_the_clock(staff_browser, treatment):
    move_expiry(staff_browser, datetime.timedelta(minutes=1))
    assert staff_browser.get(treatment.get_absolute_url()).status_code == HTTPStatus.OK
    assert expires_in(staff_browser) <= datetime.timedelta(minutes=1)


def test_a_patients_session_keeps_djangos_default(client, consultation_data, settings):
    response = client.post(FORM_URL, consultation_data)
    assert response.url == THANKS_URL
    assert expires_in(client) > datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
