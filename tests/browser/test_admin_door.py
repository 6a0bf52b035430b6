"""The admin's door in Chromium: setting up an authenticator app end to end, and the lockout page for everyone."""

import base64

import pytest
from django_otp.oath import totp

from tests.factories import UserFactory
from tests.helpers import ADMIN_LOGIN_URL, STAFF_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def csp_reports(page):
    """Chromium's console messages about the Content-Security-Policy: each is something the page lost."""
    reports = []
    page.on("console", lambda message: reports.append(message.text) if "Security Policy" in message.text else None)
    return reports


def submit_login(page, site, username, password):
    page.goto(site.url(ADMIN_LOGIN_URL))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("input[type=submit]")


def test_a_new_member_of_staff_sets_up_an_app_and_reaches_the_admin(page, site, settings, csp_reports):
    settings.ADMIN_REQUIRE_2FA = True
    UserFactory(username="alice")
    submit_login(page, site, "alice", STAFF_PASSWORD)
    assert page.url.startswith(site.url("/admin/two-factor/set-up/"))
    assert page.get_by_role("img", name="QR code that adds this site to your authenticator app").is_visible()
    key = base64.b32decode(page.locator("code").inner_text().replace(" ", ""))
    page.get_by_label("6-digit code").fill(f"{totp(key):06d}")
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm").click()
    assert page.url == site.url("/admin/")
    assert page.get_by_text("Your authenticator app is set up.").is_visible()
    assert csp_reports == []


def test_the_lockout_page_is_accessible(page, site, assert_no_axe_violations, csp_reports, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        submit_login(page, site, "someone", "a wrong password")
    assert page.get_by_role("heading", level=1).inner_text() == "Too many sign-in attempts"
    assert_no_axe_violations(page)
    assert csp_reports == []
