"""The admin's door from its settings: its address (ADMIN_URL), two-factor's default, the limits."""

import importlib
from http import HTTPStatus

import pytest
from django.urls import clear_url_caches, reverse

import clinic_site.urls
from tests.factories import UserFactory
from tests.helpers import sign_in
from tests.test_settings import import_settings

PRODUCTION = {"DJANGO_SECRET_KEY": "x" * 50}


@pytest.fixture
def admin_at(settings):
    """Serve the admin at another address, as ADMIN_URL would from the start."""
    default = settings.ADMIN_URL

    def move(address):
        settings.ADMIN_URL = address
        importlib.reload(clinic_site.urls)
        clear_url_caches()

    try:
        yield move
    finally:
        move(default)


@pytest.mark.django_db
def test_the_admin_and_its_door_live_at_admin_url(admin_at, client, clinic, settings):
    admin_at("staff-door/")
    assert reverse("admin:index") == "/staff-door/"
    assert client.get("/staff-door/").url == "/staff-door/login/?next=/staff-door/"
    assert client.get("/admin/").status_code == HTTPStatus.NOT_FOUND
    settings.ADMIN_REQUIRE_2FA = True
    UserFactory(username="alice")
    assert sign_in(client, "alice").url == "/staff-door/"
    assert client.get("/staff-door/").url == "/staff-door/two-factor/set-up/?next=%2Fstaff-door%2F"


@pytest.mark.parametrize(("value", "expected"), [(None, "admin/"), ("staff-door/", "staff-door/"), ("/x/y", "x/y/")])
def test_admin_url_comes_from_the_environment(value, expected):
    result = import_settings("s.ADMIN_URL", **PRODUCTION, **({"ADMIN_URL": value} if value else {}))
    assert result.stdout.strip() == expected, result.stderr


def test_an_empty_admin_url_is_refused():
    result = import_settings("s.ADMIN_URL", ADMIN_URL="/", **PRODUCTION)
    assert result.returncode != 0
    assert "ADMIN_URL must name a path" in result.stderr


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (PRODUCTION, "True"),  # Secure by default: a deployment that forgets it still asks for codes.
        ({**PRODUCTION, "ADMIN_REQUIRE_2FA": "0"}, "False"),
        ({"DJANGO_DEBUG": "1"}, "False"),  # A laptop signs in with a password.
        ({"DJANGO_DEBUG": "1", "ADMIN_REQUIRE_2FA": "1"}, "True"),
    ],
)
def test_two_factor_is_required_with_debug_off_unless_turned_off(env, expected):
    result = import_settings("s.ADMIN_REQUIRE_2FA", **env)
    assert result.stdout.strip() == expected, result.stderr


def test_lockout_and_idle_limits_come_from_the_environment():
    limits = "s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME * 60, s.ADMIN_SESSION_IDLE_MINUTES"
    assert import_settings(limits, **PRODUCTION).stdout.split() == ["5", "30.0", "30"]
    changed = {"ADMIN_LOGIN_FAILURE_LIMIT": "3", "ADMIN_LOCKOUT_MINUTES": "90", "ADMIN_SESSION_IDLE_MINUTES": "10"}
    assert import_settings(limits, **PRODUCTION, **changed).stdout.split() == ["3", "90.0", "10"]
