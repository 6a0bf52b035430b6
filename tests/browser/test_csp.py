"""Under the strict Content-Security-Policy nothing the site or the admin needs is blocked.

Chromium reports each blocked script, style or image as a `securitypolicyviolation` event and a console
error; an unknown Permissions-Policy feature is a console warning. Every page below must have none of either.
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.helpers import FORM_URL, PRIVACY_URL, TREATMENTS_URL
from treatments.models import Treatment

pytestmark = pytest.mark.django_db(transaction=True)

# Runs before any of the page's own scripts, so no violation can happen unseen.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`);
});
"""
STAFF_PASSWORD = "a long browser-test password"


@pytest.fixture
def problems(page):
    """Every CSP violation, console error or warning and uncaught script error the page meets, as text."""
    seen = []
    page.add_init_script(REPORT_VIOLATIONS)

    def record(message):
        # The admin's templates name no icon, so the browser asks for /favicon.ico: a 404, not a rule broken.
        if message.type in {"error", "warning"} and not message.location.get("url", "").endswith("/favicon.ico"):
            seen.append(message.text)

    page.on("console", record)
    page.on("pageerror", lambda error: seen.append(f"script error: {error}"))
    return seen


def visit(page, url):
    response = page.goto(url, wait_until="networkidle")
    assert response.ok, f"{url}: HTTP {response.status}"
    assert "default-src 'none'" in response.headers["content-security-policy"]


@pytest.mark.parametrize("path", ["/", TREATMENTS_URL, "treatment", "condition", FORM_URL, PRIVACY_URL])
def test_public_pages_break_no_rule(page, problems, site, path):
    visit(page, site.url(path))
    assert problems == []


@pytest.fixture
def signed_in_admin(page, problems, site, django_user_model, settings):
    """A superuser signed in through the admin's login page, in the browser."""
    # Two-factor sign-in has its own tests; here the admin's pages themselves are under test.
    settings.ADMIN_REQUIRE_2FA = False
    django_user_model.objects.create_superuser("csp-admin", "csp-admin@clinic.example", STAFF_PASSWORD)
    visit(page, site.url(reverse("admin:login")))
    page.fill("#id_username", "csp-admin")
    page.fill("#id_password", STAFF_PASSWORD)
    with page.expect_navigation(wait_until="networkidle"):
        page.click("input[type=submit]")
    assert page.url == site.url(reverse("admin:index"))
    return page


def test_admin_login_index_and_procedure_form_break_no_rule(signed_in_admin, problems, site):
    page = signed_in_admin
    assert problems == [], "on the login page or the admin index"

    visit(page, site.url(reverse("admin:index")))
    assert problems == [], "on the admin index"

    visit(page, site.url(reverse("admin:treatments_treatment_change", args=[site.treatment.pk])))
    # The admin's own scripts ran: filter_horizontal built its two-list selectors, and each inline list
    # got its "Add another" link.
    assert page.locator(".selector").count() == len(admin.site._registry[Treatment].filter_horizontal)
    assert page.locator(".add-row a").count() > 0
    page.get_by_role("link", name="4. How it works").click()  # Opens the section that holds the steps.
    page.locator("#steps-group .add-row a").click()
    assert problems == [], "on the procedure's change form"
