import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = {
    "home": "/",
    "treatment index": "/treatments/",
    "treatment detail": "/treatments/ultrasound-guided-sclerotherapy/",
    "condition": "/conditions/varicose-veins/",
    "consultation form": "/consultation/",
    "privacy": "/privacy/",
    "404": "/no-such-page/",
}


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_page_has_no_axe_violations(page, site, assert_no_axe_violations, path):
    page.goto(site + path)
    assert_no_axe_violations(page)


def test_form_with_errors_has_no_axe_violations(page, site, assert_no_axe_violations):
    page.goto(site + "/consultation/")
    page.get_by_role("button", name="Send my request").click()
    expect(page.locator("#error-summary")).to_be_focused()
    assert_no_axe_violations(page)


def test_thanks_page_has_no_axe_violations(page, site, assert_no_axe_violations):
    page.goto(site + "/consultation/")
    page.get_by_label("Your name").fill("Axe Patient")
    page.get_by_label("Phone number").fill("555 010 0100")
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Send my request").click()
    page.wait_for_url("**/consultation/thanks/")
    assert_no_axe_violations(page)


def test_the_scan_catches_a_real_violation(page, site, assert_no_axe_violations):
    """Guards the guard: an input without a label must fail the scan."""
    page.goto(site + "/privacy/")
    page.evaluate("document.querySelector('main').append(document.createElement('input'))")
    with pytest.raises(AssertionError, match="label"):
        assert_no_axe_violations(page)
