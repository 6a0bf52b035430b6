import re

import pytest
from playwright.sync_api import expect

from tests.helpers import FORM_URL, THANKS_URL
from treatments.models import ConsultationRequest

pytestmark = pytest.mark.django_db(transaction=True)

REFERENCE = re.compile(r"^[2-9A-HJKMNP-Z]{8}$")


def focused_id(page):
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_patient_finds_a_procedure_and_requests_a_consultation(page, site):
    title = site.treatment.title
    page.goto(site.url("/"))
    page.get_by_role("link", name=title).first.click()
    assert page.get_by_role("heading", level=1).inner_text() == title
    page.get_by_role("link", name="Risks and side effects").click()
    assert page.get_by_role("heading", name="Call 911 now if you have any of these signs").is_visible()
    page.get_by_role("link", name="Request a consultation").nth(1).click()

    assert page.locator("#id_treatment option:checked").inner_text() == title
    page.get_by_label("Your name").fill("Zoë Ñandú")
    page.get_by_label("Email address").fill("zoe@example.com")
    page.get_by_label("Email", exact=True).check()
    page.get_by_role("button", name="Send my request").click()

    summary = page.locator("#error-summary")
    # The browser applies autofocus just after the page loads: wait for it, as a patient would.
    expect(summary).to_be_focused()
    assert "Please tick this box so we can contact you." in summary.inner_text()
    assert page.get_by_label("Your name").input_value() == "Zoë Ñandú"
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_consent")).to_be_focused()

    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Send my request").click()
    page.wait_for_url(f"**{THANKS_URL}")
    reference = page.locator("#reference").inner_text()
    assert REFERENCE.match(reference)
    request = ConsultationRequest.objects.get(reference=reference)
    assert request.treatment == site.treatment
    assert request.name == "Zoë Ñandú"


def tab_to(page, element_id, limit=40):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_id(page) == element_id:
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"#{element_id} has no visible focus"
            return
    pytest.fail(f"Tab never reached #{element_id}")


def test_the_form_with_the_keyboard_alone(page, site):
    page.goto(site.url(FORM_URL))
    tab_to(page, "id_name")
    page.keyboard.type("Keyboard Patient")
    tab_to(page, "id_phone")
    page.keyboard.type("555 010 0123")
    tab_to(page, "id_preferred_contact_0")
    page.keyboard.press("ArrowDown")  # Radio buttons move with the arrow keys.
    assert page.locator("#id_preferred_contact_1").is_checked()
    tab_to(page, "id_consent")
    page.keyboard.press("Space")
    tab_to(page, "submit-id-submit")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{THANKS_URL}")
    request = ConsultationRequest.objects.get(reference=page.locator("#reference").inner_text())
    assert (request.name, request.preferred_contact, request.email) == ("Keyboard Patient", "phone", "")


def test_skip_link_is_first_and_moves_focus_to_main(page, site):
    page.goto(site.url("treatment"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
