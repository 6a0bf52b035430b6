"""The issue's editor, in a real browser: a draft of a live page, previewed, then scheduled 5 seconds ahead; patients
see the old page until then and the new one after, with no process started by hand; the history shows it all."""

import datetime
import time

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.helpers import STAFF_PASSWORD
from treatments.roles import CONTENT_EDITORS

pytestmark = pytest.mark.django_db(transaction=True)

NEW_WORDS = "Kingfisher wording of the draft."


@pytest.fixture
def editor_page(page, site, settings):
    """A content editor signed in through the admin's login page."""
    settings.ADMIN_REQUIRE_2FA = False
    UserFactory(username="browser-editor").groups.add(Group.objects.get(name=CONTENT_EDITORS))
    page.goto(site.url(reverse("admin:login")))
    page.fill("#id_username", "browser-editor")
    page.fill("#id_password", STAFF_PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    return page


def public_text(browser, site):
    """The public page as a new patient gets it, with no browser cache: (status, text)."""
    context = browser.new_context()
    try:
        response = context.request.get(site.url("treatment"))
        return response.status, response.text()
    finally:
        context.close()


def test_a_draft_is_previewed_scheduled_and_replaces_the_live_page_on_time(editor_page, browser, site):
    page, treatment = editor_page, site.treatment
    change_url = site.url(reverse("admin:treatments_treatment_change", args=[treatment.pk]))
    page.goto(change_url)
    page.get_by_role("link", name="3. What it is").click()  # The jump menu opens the section.
    page.fill("#id_overview", NEW_WORDS)
    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").first.click()
    assert "Patients still see the published page" in page.locator(".messagelist").inner_text()

    status, text = public_text(browser, site)
    assert status == 200 and NEW_WORDS not in text
    cache.clear()
    status, text = public_text(browser, site)
    assert status == 200 and NEW_WORDS not in text

    with page.expect_popup() as preview:
        page.get_by_role("link", name="Preview the draft").click()
    assert NEW_WORDS in preview.value.content()
    preview.value.close()

    due = (timezone.localtime() + datetime.timedelta(seconds=5)).replace(microsecond=0)  # The field takes seconds.
    page.fill("#id_schedule_at", due.strftime("%Y-%m-%dT%H:%M:%S"))
    with page.expect_navigation():
        page.get_by_role("button", name="Schedule", exact=True).click()
    assert "Scheduled a draft to be published at" in page.locator(".messagelist").inner_text()

    while timezone.now() < due - datetime.timedelta(milliseconds=500):
        status, text = public_text(browser, site)
        assert status == 200 and NEW_WORDS not in text, "the new text showed before its time"
        time.sleep(0.5)
    deadline = time.monotonic() + 30
    while NEW_WORDS not in (text := public_text(browser, site)[1]) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert NEW_WORDS in text, "the scheduled draft was not published"

    page.goto(site.url(reverse("admin:treatments_treatment_history", args=[treatment.pk])))
    history = page.locator("#content").inner_text()
    for entry in ("Saved a draft (not public yet)", "Scheduled a draft to be published at",
                  "Published the draft scheduled for"):  # fmt: skip
        assert entry in history


def test_a_live_page_given_a_future_publish_time_alone_is_refused(editor_page, browser, site):
    page, treatment = editor_page, site.treatment
    page.goto(site.url(reverse("admin:treatments_treatment_change", args=[treatment.pk])))
    later = timezone.localtime() + datetime.timedelta(days=3)
    page.fill("#id_publish_at_0", later.strftime("%Y-%m-%d"))
    page.fill("#id_publish_at_1", later.strftime("%H:%M:%S"))
    with page.expect_navigation():
        page.get_by_role("button", name="Publish").first.click()
    assert "This page is live. A publish time in the future would take it off the site" in page.content()
    status, _ = public_text(browser, site)
    assert status == 200


def test_the_procedure_form_is_never_wider_than_a_1280_px_window(editor_page, site):
    """Every section opened, the longest lists shown: the page never scrolls sideways, and a jump opens its part."""
    page, treatment = editor_page, site.treatment
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site.url(reverse("admin:treatments_treatment_change", args=[treatment.pk])))
    page.get_by_role("link", name="11. Risks and side effects").click()
    assert page.locator("#risks-group").is_visible()  # The jump opened the closed section.
    page.evaluate("document.querySelectorAll('details').forEach(details => details.open = true)")
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths


def test_the_requests_list_fits_a_1280_px_window_with_status_and_assignee(page, site, settings, django_user_model):
    """The front desk's list, with long names and procedure titles: status and assignee stay in view."""
    from tests.factories import ConsultationRequestFactory, TreatmentFactory
    from treatments.roles import FRONT_DESK

    settings.ADMIN_REQUIRE_2FA = False
    desk = UserFactory(username="browser-desk")
    desk.groups.add(Group.objects.get(name=FRONT_DESK))
    long_title = TreatmentFactory(
        title="Endovenous radiofrequency ablation of the great saphenous vein, both legs", slug="long-title"
    )
    for number in range(5):
        ConsultationRequestFactory(name=f"Maria-Guadalupe Fernández-Oyelaran {number}", treatment=long_title)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site.url(reverse("admin:login")))
    page.fill("#id_username", "browser-desk")
    page.fill("#id_password", STAFF_PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    page.goto(site.url(reverse("admin:treatments_consultationrequest_changelist")))
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths
    for column in ("column-status", "column-assigned_to"):
        box = page.locator(f"th.{column}").bounding_box()
        assert box and box["x"] + box["width"] <= 1280, column
