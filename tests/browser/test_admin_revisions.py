"""A procedure's history and the comparison of two versions, in a real browser: nothing blocked by the strict CSP,
no accessibility violation, and "Restore this version" works as a plain form, without JavaScript."""

import pytest
import reversion
from django.urls import reverse

from tests.browser import test_csp
from treatments.revisions import history

pytestmark = pytest.mark.django_db(transaction=True)

# The CSP test's fixtures: a superuser signed in through the login page, and every problem a page meets.
problems, signed_in_admin, visit = test_csp.problems, test_csp.signed_in_admin, test_csp.visit


@pytest.fixture
def two_versions(site):
    """The site's procedure, loaded, then with one FAQ answer changed."""
    treatment = site.treatment
    with reversion.create_revision():
        reversion.add_to_revision(treatment)
    faq = treatment.faqs.first()
    original = faq.answer
    with reversion.create_revision():
        faq.answer = "A changed answer."
        faq.save()
    return treatment, original


def test_history_compare_and_restore_in_the_browser(
    signed_in_admin, problems, site, two_versions, assert_no_axe_violations
):
    page = signed_in_admin
    treatment, original = two_versions
    visit(page, site.url(reverse("admin:treatments_treatment_history", args=[treatment.pk])))
    assert problems == [], "on the history page"
    assert_no_axe_violations(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Compare the chosen versions").click()
    assert "A changed answer." in page.locator("ins").first.inner_text()
    assert problems == [], "on the compare page"
    assert_no_axe_violations(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Restore this version").click()
    assert "Restored the version of" in page.locator(".messagelist").inner_text()
    assert treatment.faqs.first().answer == original
    assert len(history(treatment)) == 3
