import datetime

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.helpers import FORM_URL, PRIVACY_URL, THANKS_URL, TREATMENTS_URL
from treatments.models import Condition, Treatment

pytestmark = pytest.mark.django_db(transaction=True)

# Paths, or the factory-built "treatment" and "condition" pages (see Site.url).
PAGES = {
    "home": "/",
    "treatment index": TREATMENTS_URL,
    "treatment detail": "treatment",
    "condition": "condition",
    "compare": "compare",
    "consultation form": FORM_URL,
    "privacy": PRIVACY_URL,
    "404": "/no-such-page/",
    "search results": "/search/?q=procedure",  # Every factory-built procedure's title has the word.
    "specialists": "/specialists/",
    "visit us": "/visit/",
    "costs": "/costs/",
}


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_page_has_no_axe_violations(page, site, assert_no_axe_violations, path):
    page.goto(site.url(path))
    assert_no_axe_violations(page)


def test_form_with_errors_has_no_axe_violations(page, site, assert_no_axe_violations):
    page.goto(site.url(FORM_URL))
    page.get_by_role("button", name="Send my request").click()
    expect(page.locator("#error-summary")).to_be_focused()
    assert_no_axe_violations(page)


def test_thanks_page_has_no_axe_violations(page, site, assert_no_axe_violations):
    page.goto(site.url(FORM_URL))
    page.get_by_label("Your name").fill("Axe Patient")
    page.get_by_label("Phone number").fill("555 010 0100")
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Send my request").click()
    page.wait_for_url(f"**{THANKS_URL}")
    assert_no_axe_violations(page)


def test_aftercare_plan_and_its_errors_have_no_axe_violations(page, site, assert_no_axe_violations):
    """The plan is a POST page: reached by filling the procedure page's form, as a patient does."""
    page.goto(site.url("treatment"))
    page.get_by_label("Date of your procedure").fill((datetime.date.today() + datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Make my plan").click()
    expect(page.get_by_role("heading", name="Your dates")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Date of your procedure").fill("")
    page.get_by_role("button", name="Change the date").click()
    expect(page.locator("#error-summary")).to_be_focused()
    assert_no_axe_violations(page)


def test_the_scan_catches_a_real_violation(page, site, assert_no_axe_violations):
    """Guards the guard: an input without a label must fail the scan."""
    page.goto(site.url(PRIVACY_URL))
    page.evaluate("document.querySelector('main').append(document.createElement('input'))")
    with pytest.raises(AssertionError, match="label"):
        assert_no_axe_violations(page)


def test_every_shipped_procedure_page_has_no_axe_violations(page, live_server, assert_no_axe_violations):
    """The shipped pages, with their words explained, warning-sign boxes, clinic boxes and illustrations, as patients
    see them; and the shipped conditions, with the varicose veins compare page's whole grid."""
    call_command("load_clinic_content", verbosity=0)
    urls = [treatment.get_absolute_url() for treatment in Treatment.objects.published()]
    urls += [condition.get_absolute_url() for condition in Condition.objects.all()]
    for url in [*urls, "/conditions/varicose-veins/compare/"]:
        page.goto(live_server.url + url)
        assert_no_axe_violations(page)


def test_every_shipped_page_in_spanish_has_no_axe_violations(page, live_server, assert_no_axe_violations):
    """The issue's "axe finds 0 violations on the Spanish home, procedure and compare pages": every shipped page in
    Spanish, the compare pages and the forms included, as a Spanish-speaking patient meets them."""
    call_command("load_clinic_content", verbosity=0)
    urls = ["/es/", "/es/treatments/", "/es/consultation/", "/es/search/?q=várices", "/es/visit/", "/es/costs/"]
    urls += [f"/es{treatment.get_absolute_url()}" for treatment in Treatment.objects.published()]
    urls += [f"/es{condition.get_absolute_url()}compare/" for condition in Condition.objects.all()]
    for url in urls:
        page.goto(live_server.url + url)
        assert page.locator("html").get_attribute("lang") == "es"
        assert_no_axe_violations(page)
