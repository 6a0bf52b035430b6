"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Playwright never downloads a browser here: it launches /usr/bin/chromium, which
`make test` installs when it is missing. Under CI a missing browser fails the
run instead of skipping, so a green CI always means the browser tests ran.
"""

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from tests.factories import TreatmentFactory
from treatments.models import Condition, Treatment

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the
# tests make between browser steps are ordinary synchronous calls all the same.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@dataclass(frozen=True)
class Site:
    """The live site, and the factory-built procedure and condition it shows."""

    address: str
    treatment: Treatment
    condition: Condition

    def url(self, page):
        """The full address of a path, or of the "treatment", "condition" or "compare" page."""
        named = {
            "treatment": self.treatment.get_absolute_url(),
            "condition": self.condition.get_absolute_url(),
            "compare": f"{self.condition.get_absolute_url()}compare/",
        }
        return self.address + named.get(page, page)


@pytest.fixture
def site(live_server, treatment, condition):
    """The live site: a clinic, and a condition with two published options (one with rows in every list)."""
    TreatmentFactory(title="Another option", rows=1, conditions=[condition])
    return Site(live_server.url, treatment, condition)


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_no_axe_violations(axe):
    def check(page):
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        assert results.violations_count == 0, results.generate_report()

    return check
