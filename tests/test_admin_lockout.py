"""Repeated wrong passwords lock one username from one address (django-axes) until released or cooled off."""

import datetime
import ipaddress
from http import HTTPStatus

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from tests.factories import UserFactory
from tests.helpers import ADMIN_LOGIN_URL, sign_in

pytestmark = pytest.mark.django_db

RELEASE_URL = "/admin/axes/accessattempt/"


@pytest.fixture(autouse=True)
def staff(clinic):
    return UserFactory(username="alice"), UserFactory(username="bob")


@pytest.fixture
def limit(settings):
    return settings.AXES_FAILURE_LIMIT


@pytest.fixture
def lock_out(limit):
    def wrong_passwords_to_the_limit(client, username="alice", address="127.0.0.1", **headers):
        """The last one already gets the lockout page."""
        for _ in range(limit):
            response = sign_in(client, username, password="a wrong password", address=address, **headers)
        return response

    return wrong_passwords_to_the_limit


def signed_in(response):
    return response.status_code == HTTPStatus.FOUND and response.url == "/admin/"


def test_wrong_passwords_to_the_limit_then_the_right_one_is_refused_with_the_lockout_page(
    client, limit, settings, clinic
):
    for attempt in range(1, limit):
        response = sign_in(client, "alice", password="a wrong password")
        assert response.status_code == HTTPStatus.OK, attempt
        assert "Please enter the correct username and password" in response.content.decode()
    assert sign_in(client, "alice", password="a wrong password").status_code == HTTPStatus.TOO_MANY_REQUESTS

    response = sign_in(client, "alice")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    minutes = round(settings.AXES_COOLOFF_TIME * 60)  # ADMIN_LOCKOUT_MINUTES, 30 unless the environment says
    assert response["Retry-After"] == str(minutes * 60)
    page = response.content.decode()
    assert "<h1>Too many sign-in attempts</h1>" in page
    assert f"Wait {minutes} minutes, then try again." in page
    assert "site administrator" in page
    assert clinic.phone in page
    assert '<a class="skip-link screen-only" href="#main">' in page  # The site's own design, not a bare message.
    assert "style=" not in page
    assert client.get("/admin/").status_code == HTTPStatus.FOUND  # Still signed out.


def test_another_username_from_that_address_and_that_username_from_another_address_are_not_locked(client, lock_out):
    assert lock_out(client).status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert signed_in(sign_in(Client(), "bob"))
    assert signed_in(sign_in(Client(), "alice", address="10.0.0.9"))
    assert sign_in(Client(), "alice").status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_the_lock_counts_the_address_the_trusted_proxy_saw(client, settings, lock_out):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXY_NETWORKS = [ipaddress.ip_network("10.0.0.0/8")]
    proxy = "10.0.0.1"
    response = lock_out(client, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert AccessAttempt.objects.get().ip_address == "203.0.113.5"
    assert signed_in(sign_in(Client(), "alice", address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.6"))


def test_a_superuser_releases_the_lock_in_the_admin(client, admin_client, lock_out):
    lock_out(client)
    listing = admin_client.get(RELEASE_URL)
    assert listing.status_code == HTTPStatus.OK
    assert "Locked Out" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="alice")
    response = admin_client.post(RELEASE_URL, {"action": "release", "_selected_action": [attempt.pk]}, follow=True)
    assert "Released 1 lock." in response.content.decode()
    assert signed_in(sign_in(client, "alice"))


def test_the_lock_lifts_by_itself_after_the_cool_off(client, settings, lock_out):
    lock_out(client)
    assert sign_in(client, "alice").status_code == HTTPStatus.TOO_MANY_REQUESTS
    cool_off = datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    AccessAttempt.objects.update(attempt_time=timezone.now() - cool_off - datetime.timedelta(seconds=1))
    assert signed_in(sign_in(client, "alice"))


def test_wrong_passwords_under_the_limit_still_let_the_right_one_in_and_are_forgotten(client, limit):
    for _ in range(limit - 1):
        sign_in(client, "alice", password="a wrong password")
    assert signed_in(sign_in(client, "alice"))
    assert not AccessAttempt.objects.filter(username="alice").exists()


def test_a_locked_out_unknown_username_gets_the_same_page(client, lock_out):
    assert lock_out(client, username="nobody-by-this-name").status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_no_role_can_release_locks(front_desk_client):
    assert front_desk_client.get(RELEASE_URL).status_code == HTTPStatus.FORBIDDEN
    index = front_desk_client.get("/admin/").content.decode()
    assert "Access attempts" not in index


def test_the_login_form_still_shows_while_locked(client, lock_out):
    lock_out(client)
    assert client.get(ADMIN_LOGIN_URL).status_code == HTTPStatus.OK


def test_failures_from_one_address_across_many_usernames_lock_that_address(client, settings):
    """Password spraying: two guesses at each of five accounts, none of them locked alone."""
    assert settings.ADMIN_ADDRESS_FAILURE_LIMIT == 10 and settings.AXES_FAILURE_LIMIT > 2
    for username in ("alice", "bob", "carol", "dave", "erin"):
        for _ in range(2):
            sign_in(client, username, password="a wrong password", address="203.0.113.9")
    response = sign_in(Client(), "alice", address="203.0.113.9")  # The right password, from that address.
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert signed_in(sign_in(Client(), "alice", address="198.51.100.4"))  # From elsewhere: let in.


def test_a_forged_forwarded_for_from_an_unlisted_address_does_not_escape_the_lockout(client, settings, limit):
    settings.TRUSTED_PROXY_COUNT = 1  # Loopback is the only listed proxy: 203.0.113.66 is not one.
    for number in range(limit):
        sign_in(Client(), "alice", password="a wrong password", address="203.0.113.66",
                HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")  # fmt: skip
    response = sign_in(Client(), "alice", address="203.0.113.66", HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
