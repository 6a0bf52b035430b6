"""The issue's browser test in Spanish: from the home page to a procedure, its compare page, the self-check, the
aftercare plan with its calendar file, a search for "várices", and a consultation request whose confirmation
email is in Spanish. On the clinic's shipped content, as a Spanish-speaking patient meets it."""

from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from treatments.models import Condition, ConsultationRequest, Treatment

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "ultrasound-guided-sclerotherapy"


@pytest.fixture
def shipped_site(live_server):
    call_command("load_clinic_content", verbosity=0)
    return live_server.url


def test_a_spanish_speaking_patient_from_the_home_page_to_a_consultation(page, shipped_site):
    treatment = Treatment.objects.get(slug=SLUG)
    condition = Condition.objects.get(slug="varicose-veins")
    page.goto(f"{shipped_site}/")
    page.locator("a.language-link").click()  # "Español", on the English home page.
    page.wait_for_url(f"{shipped_site}/es/")
    assert page.locator("html").get_attribute("lang") == "es"

    # A procedure, in Spanish.
    page.locator(f'a[href="/es/treatments/{SLUG}/"]').first.click()
    page.wait_for_url(f"**/es/treatments/{SLUG}/")
    assert page.get_by_role("heading", level=1).inner_text() == treatment.title_es
    assert treatment.overview_es.split("\n")[0][:40] in page.content()

    # The compare page of one of its conditions.
    page.goto(f"{shipped_site}/es/conditions/{condition.slug}/compare/")
    with translation.override("es"):
        assert condition.name.lower() in page.get_by_role("heading", level=1).inner_text().lower()
    assert page.locator("html").get_attribute("lang") == "es"

    # The self-check, answered with the script: its outcome appears in Spanish.
    page.goto(f"{shipped_site}/es/treatments/{SLUG}/self-check/")
    assert page.locator("html").get_attribute("lang") == "es"
    first_question = page.locator("fieldset").first
    first_question.locator("input[type=radio]").first.check()
    assert "Is this right for me" not in page.content()

    # The aftercare plan, from the date form on the procedure page, and its calendar file.
    page.goto(f"{shipped_site}/es/treatments/{SLUG}/")
    page.locator(".plan-form input[type=date]").fill("2026-12-07")
    page.locator(".plan-form [type=submit]").click()
    page.wait_for_url(f"**/es/treatments/{SLUG}/aftercare-plan/")
    plan = page.content()
    assert "diciembre de 2026" in plan  # The plan's dates, as Spanish writes them.
    with page.expect_download() as download:
        page.locator("form[action$='aftercare-plan.ics'] [type=submit]").click()
    calendar = Path(download.value.path()).read_text(encoding="utf-8")
    assert calendar.startswith("BEGIN:VCALENDAR")
    first_row = treatment.aftercare_do.order_by("position").first()
    assert first_row.text_es.split(".")[0][:30] in calendar.replace("\r\n ", "")

    # Search for "várices": found in Spanish, accents or not.
    page.goto(f"{shipped_site}/es/search/")
    page.locator("main input[type=search]").fill("várices")
    page.locator("main input[type=search]").press("Enter")
    page.wait_for_url("**/es/search/?q=*")
    with_accent = page.locator(".search-result h2 a, .search-result a").all_inner_texts()
    assert any("Várices" in title for title in with_accent), with_accent
    page.goto(f"{shipped_site}/es/search/?q=varices")
    assert page.locator(".search-result a").all_inner_texts() == with_accent

    # A consultation request, and its confirmation email in Spanish.
    page.goto(f"{shipped_site}/es/consultation/")
    page.locator("#id_name").fill("Zoë Ñandú")
    page.locator("#id_email").fill("zoe@example.com")
    page.locator("#id_preferred_contact_0").check()
    page.locator("#id_consent").check()
    page.locator("form [type=submit]").last.click()
    page.wait_for_url("**/es/consultation/thanks/")
    assert page.locator("html").get_attribute("lang") == "es"
    request = ConsultationRequest.objects.get(reference=page.locator("#reference").inner_text())
    assert request.language == "es"
    confirmation = next(message for message in mail.outbox if message.to == ["zoe@example.com"])
    assert request.reference in confirmation.subject
    assert "Thank you" not in confirmation.body
    with translation.override("es"):
        assert (
            translation.gettext("We have your request: reference %(reference)s").split("%")[0] in confirmation.subject
        )
