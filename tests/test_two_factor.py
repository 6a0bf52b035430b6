"""Two-factor sign-in for staff: after the password, a 6-digit code from an authenticator app (django-otp TOTP).

Codes are computed as the app would, from the device's key and the current time (django_otp.oath.totp).
"""

import base64
import datetime
import re
from http import HTTPStatus

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory
from tests.helpers import STAFF_PASSWORD, sign_in
from treatments.models import Treatment

pytestmark = pytest.mark.django_db

VERIFY_URL = "/admin/two-factor/"
ENROL_URL = "/admin/two-factor/set-up/"
CHANGE_LIST = "/admin/treatments/treatment/"


@pytest.fixture
def require_2fa(settings):
    settings.ADMIN_REQUIRE_2FA = True


@pytest.fixture
def staff(clinic):
    return UserFactory(username="alice", is_superuser=True)


@pytest.fixture
def device(staff):
    return TOTPDevice.objects.create(user=staff, name="Phone", confirmed=True)


@pytest.fixture
def password_only(client, staff):
    """A browser that has given alice's right password and nothing more."""
    assert sign_in(client, "alice").url == "/admin/"
    return client


def code(key, step=0):
    """What an authenticator app with this key shows now (or `step` periods of 30 seconds away)."""
    return f"{totp(key, drift=step):06d}"


def wrong_code(key):
    """A code the device refuses: none of those its tolerance of one period either side accepts."""
    accepted = {code(key, step) for step in (-1, 0, 1)}
    return next(candidate for candidate in (f"{n:06d}" for n in range(0, 10**6, 142857)) if candidate not in accepted)


def redirects_to(response, url):
    return response.status_code == HTTPStatus.FOUND and response.url.split("?")[0] == url


@pytest.mark.usefixtures("require_2fa", "device")
class TestRequired:
    def test_a_password_alone_reaches_only_the_code_page_and_logging_out(self, password_only):
        for url in ["/admin/", CHANGE_LIST, "/admin/auth/user/", ENROL_URL, "/admin/login/"]:
            response = password_only.get(url)
            assert redirects_to(response, VERIFY_URL), url
        assert password_only.get("/admin/").url == f"{VERIFY_URL}?next=%2Fadmin%2F"
        page = password_only.get(VERIFY_URL)
        assert page.status_code == HTTPStatus.OK
        assert "Enter your 6-digit code" in page.content.decode()
        assert CHANGE_LIST not in page.content.decode()  # No list of models for a password alone.
        assert password_only.post("/admin/logout/").status_code == HTTPStatus.OK
        assert redirects_to(password_only.get(VERIFY_URL), "/admin/login/")

    def test_without_a_code_the_admin_stays_shut(self, password_only):
        response = password_only.post(VERIFY_URL, {"code": ""})
        assert response.status_code == HTTPStatus.OK
        assert "This field is required." in response.content.decode()
        assert redirects_to(password_only.get("/admin/"), VERIFY_URL)

    def test_a_wrong_code_is_refused(self, password_only, device):
        response = password_only.post(VERIFY_URL, {"code": wrong_code(device.bin_key)})
        assert response.status_code == HTTPStatus.OK
        assert "That code is not right, or has expired." in response.content.decode()
        assert redirects_to(password_only.get("/admin/"), VERIFY_URL)

    def test_the_right_code_opens_the_admin_in_a_new_session(self, password_only, device):
        before = password_only.session.session_key
        response = password_only.post(f"{VERIFY_URL}?next=/admin/", {"code": code(device.bin_key)})
        assert redirects_to(response, "/admin/")
        assert password_only.get("/admin/").status_code == HTTPStatus.OK
        assert password_only.get(CHANGE_LIST).status_code == HTTPStatus.OK
        assert password_only.session.session_key != before

    def test_a_code_opens_the_admin_once(self, password_only, device):
        used = code(device.bin_key)
        password_only.post(VERIFY_URL, {"code": used})
        again = Client()
        sign_in(again, "alice")
        assert "That code is not right" in again.post(VERIFY_URL, {"code": used}).content.decode()

    def test_after_a_wrong_code_the_next_try_waits(self, password_only, device):
        password_only.post(VERIFY_URL, {"code": wrong_code(device.bin_key)})
        response = password_only.post(VERIFY_URL, {"code": code(device.bin_key)})
        assert "Too many wrong codes in a row. Wait" in response.content.decode()
        assert redirects_to(password_only.get("/admin/"), VERIFY_URL)
        # The wait (1 second after one wrong code) is over: the clock is moved, not waited for.
        TOTPDevice.objects.filter(pk=device.pk).update(
            throttling_failure_timestamp=timezone.now() - datetime.timedelta(seconds=2)
        )
        assert redirects_to(password_only.post(VERIFY_URL, {"code": code(device.bin_key)}), "/admin/")

    def test_a_next_address_elsewhere_is_ignored(self, password_only, device):
        response = password_only.post(f"{VERIFY_URL}?next=https://evil.example/", {"code": code(device.bin_key)})
        assert redirects_to(response, "/admin/")

    def test_a_password_alone_shows_no_drafts(self, password_only, device, make_treatment):
        draft = make_treatment(slug="a-draft", status=Treatment.Status.DRAFT).get_absolute_url()
        assert password_only.get(draft).status_code == HTTPStatus.NOT_FOUND
        password_only.post(VERIFY_URL, {"code": code(device.bin_key)})
        assert password_only.get(draft).status_code == HTTPStatus.OK

    def test_a_password_alone_cannot_replace_the_app(self, password_only):
        assert redirects_to(password_only.get(ENROL_URL), VERIFY_URL)
        assert redirects_to(password_only.post(ENROL_URL, {"code": "123456"}), VERIFY_URL)
        assert TOTPDevice.objects.count() == 1

    def test_the_set_up_page_itself_refuses_a_password_alone(self, settings, staff):
        settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if not name.endswith(".SecondFactorMiddleware")]
        browser = Client()  # A client builds its middleware once, at its first request.
        sign_in(browser, "alice")
        assert redirects_to(browser.get(ENROL_URL), VERIFY_URL)


@pytest.mark.usefixtures("require_2fa")
def test_setting_up_an_app_end_to_end(password_only, staff):
    for url in ["/admin/", CHANGE_LIST, VERIFY_URL]:
        assert redirects_to(password_only.get(url), ENROL_URL), url
    page = password_only.get(ENROL_URL).content.decode()
    assert "Set up your authenticator app" in page
    assert re.search(r'<div role="img" aria-label="[^"]+"><svg [^>]*viewBox=', page)
    assert "style=" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)  # No inline script: the CSP allows none.
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page)[1]
    assert f"<code>{secret}</code>" in password_only.get(ENROL_URL).content.decode()  # A reload keeps the key.
    key = base64.b32decode(secret.replace(" ", ""))

    refused = password_only.post(ENROL_URL, {"code": wrong_code(key)})
    assert "That code is not right" in refused.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert redirects_to(password_only.get("/admin/"), ENROL_URL)

    TOTPDevice.objects.update(throttling_failure_timestamp=None, throttling_failure_count=0)
    assert redirects_to(password_only.post(ENROL_URL, {"code": code(key)}), "/admin/")
    assert password_only.get("/admin/").status_code == HTTPStatus.OK
    assert TOTPDevice.objects.get(confirmed=True).user == staff


@pytest.mark.usefixtures("require_2fa")
def test_a_new_app_replaces_the_old_one_once_confirmed(password_only, device):
    password_only.post(VERIFY_URL, {"code": code(device.bin_key)})
    page = password_only.get(ENROL_URL).content.decode()
    assert "Your current one keeps working until the new one gives a right code" in page
    new = TOTPDevice.objects.get(confirmed=False)
    assert redirects_to(
        password_only.post(ENROL_URL, {"code": code(new.bin_key), "password": STAFF_PASSWORD}), "/admin/"
    )
    assert list(TOTPDevice.objects.all()) == [new]
    assert password_only.get("/admin/").status_code == HTTPStatus.OK  # Still verified, by the new app.


def test_replacing_the_app_needs_the_password_not_only_the_new_app_s_code(password_only, device):
    password_only.post(VERIFY_URL, {"code": code(device.bin_key)})
    assert 'name="password"' in password_only.get(ENROL_URL).content.decode()
    new = TOTPDevice.objects.get(confirmed=False)
    for password in ("", "not my password"):
        response = password_only.post(ENROL_URL, {"code": code(new.bin_key, step=1), "password": password})
        assert response.status_code == HTTPStatus.OK
    assert "That is not your password." in response.content.decode()
    assert set(TOTPDevice.objects.filter(confirmed=True)) == {device}  # The old app still guards the account.


def test_with_two_factor_off_a_password_alone_opens_the_admin_as_today(password_only, settings):
    assert settings.ADMIN_REQUIRE_2FA is False
    assert password_only.get("/admin/").status_code == HTTPStatus.OK
    assert password_only.get(CHANGE_LIST).status_code == HTTPStatus.OK


def test_with_two_factor_off_staff_who_set_up_an_app_still_give_its_code(password_only, device):
    assert redirects_to(password_only.get("/admin/"), VERIFY_URL)
    assert redirects_to(password_only.post(VERIFY_URL, {"code": code(device.bin_key)}), "/admin/")
    assert password_only.get("/admin/").status_code == HTTPStatus.OK


def test_the_admin_links_to_setting_up_an_app(password_only):
    assert f'href="{ENROL_URL}"' in password_only.get("/admin/").content.decode()
