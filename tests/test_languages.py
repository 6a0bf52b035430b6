"""Two languages: addresses, the page cache, search, the confirmation email and each translation's status."""

from http import HTTPStatus

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.utils import translation

from tests.factories import TreatmentFactory
from tests.helpers import FORM_URL, admin_change_url, post_admin_form
from treatments.models import ConsultationRequest, TranslationCheck, Treatment
from treatments.translations import Status, field_translations, page_translation, records_shown

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish_treatment(clinic):
    treatment = TreatmentFactory(
        title="Sclerotherapy",
        title_es="Escleroterapia",
        overview="The doctor closes the varicose veins with a medicine.",
        overview_es="El médico cierra las várices con un medicamento.",
    )
    return treatment


def status_of(obj, field, language="es"):
    return next(t for t in field_translations([obj], [language]) if t.field == field)


# --- Addresses -------------------------------------------------------------------------------------------------


def test_english_keeps_its_addresses_and_spanish_has_its_own(client, spanish_treatment):
    english = client.get(spanish_treatment.get_absolute_url())
    assert english.status_code == HTTPStatus.OK
    assert '<html lang="en">' in english.content.decode()
    assert english["Content-Language"] == "en"
    spanish = client.get(f"/es{spanish_treatment.get_absolute_url()}")
    assert spanish.status_code == HTTPStatus.OK
    assert spanish["Content-Language"] == "es"
    assert "El médico cierra las várices con un medicamento." in spanish.content.decode()


def test_a_browser_asking_for_spanish_gets_the_address_it_asked_for(client, spanish_treatment):
    """One address is one page in one language: no Accept-Language redirect, nothing to Vary on."""
    response = client.get(spanish_treatment.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == HTTPStatus.OK
    assert '<html lang="en">' in response.content.decode()
    assert "Accept-Language" not in response.get("Vary", "")


def test_the_page_cache_keeps_languages_apart(client, spanish_treatment):
    path = spanish_treatment.get_absolute_url()
    for _ in range(2):  # The second round comes from the cache.
        assert "Escleroterapia" not in client.get(path).content.decode()
        assert "Escleroterapia" in client.get(f"/es{path}").content.decode()


def test_the_sitemap_names_each_page_in_both_languages(client, spanish_treatment):
    sitemap = client.get("/sitemap.xml").content.decode()
    path = spanish_treatment.get_absolute_url()
    assert f"<loc>http://testserver/es{path}</loc>" in sitemap
    assert f'hreflang="es" href="http://testserver/es{path}"' in sitemap
    assert f'hreflang="en" href="http://testserver{path}"' in sitemap
    assert f'hreflang="x-default" href="http://testserver{path}"' in sitemap


# --- Search ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["várices", "varices", "VÁRICES"])
def test_spanish_search_ignores_accents(client, spanish_treatment, query):
    response = client.get("/es/search/", {"q": query})
    titles = [document.title for document, _ in response.context["results"] or []]
    assert "Escleroterapia" in titles


def test_each_language_searches_its_own_words(client, spanish_treatment):
    assert not client.get("/search/", {"q": "medicamento"}).context.get("results")
    assert not client.get("/es/search/", {"q": "medicine"}).context.get("results")


# --- The confirmation email ------------------------------------------------------------------------------------


def test_the_confirmation_email_is_in_the_language_of_the_form(
    client, consultation_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/es{FORM_URL}", consultation_data)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == "/es/consultation/thanks/"
    consultation = ConsultationRequest.objects.get()
    assert consultation.language == "es"
    patient = next(message for message in mail.outbox if message.to == [consultation.email])
    assert consultation.reference in patient.subject
    with translation.override("es"):
        assert patient.subject.startswith(translation.gettext("We have your request: reference %(reference)s")[:8])
    assert "Thank you for your consultation request" not in patient.body


# --- Each translation's status ---------------------------------------------------------------------------------


def test_a_translation_is_up_to_date_out_of_date_or_missing(spanish_treatment):
    assert status_of(spanish_treatment, "overview").status is Status.UP_TO_DATE
    assert status_of(spanish_treatment, "summary").status is Status.MISSING
    spanish_treatment.overview = "The doctor closes the veins with a foam medicine."
    spanish_treatment.save()
    changed = status_of(spanish_treatment, "overview")
    assert changed.status is Status.OUT_OF_DATE
    assert "<ins>veins with a foam</ins>" in changed.english_changes or "<ins>" in changed.english_changes


def test_editing_the_english_in_the_admin_marks_the_spanish_out_of_date_and_saving_the_spanish_clears_it(
    admin_client, spanish_treatment
):
    url = admin_change_url(spanish_treatment)
    post_admin_form(admin_client, url, overview="The doctor closes the varicose veins with a foam medicine.")
    spanish_treatment.refresh_from_db()
    assert status_of(spanish_treatment, "overview").status is Status.OUT_OF_DATE
    page = admin_client.get(url).content.decode()
    assert "out of date" in page
    assert "<ins>foam</ins>" in page  # What changed in the English since the Spanish was saved.
    post_admin_form(admin_client, url, overview_es="El médico cierra las várices con un medicamento en espuma.")
    spanish_treatment.refresh_from_db()
    assert status_of(spanish_treatment, "overview").status is Status.UP_TO_DATE
    check = TranslationCheck.objects.get(
        content_type=ContentType.objects.get_for_model(spanish_treatment),
        object_id=spanish_treatment.pk,
        field="overview",
        language="es",
    )
    assert check.english == "The doctor closes the varicose veins with a foam medicine."


def test_a_page_with_english_left_says_so_in_spanish_and_awaits_review(client, spanish_treatment):
    with translation.override("es"):
        notice = page_translation(records_shown(spanish_treatment), "es")
    assert notice.missing and notice.awaiting_review
    page = client.get(f"/es{spanish_treatment.get_absolute_url()}").content.decode()
    with translation.override("es"):
        assert (
            translation.gettext("This translation is awaiting review by a clinician who speaks the language.") in page
        )
    assert page_translation(records_shown(spanish_treatment), "en") is None


def test_a_clinician_records_their_review_and_the_go_live_check_stops_listing_it(admin_client, spanish_treatment):
    from treatments import go_live

    def awaiting():
        return [line for line in go_live.translation_problems() if "await review" in line]

    assert any("Sclerotherapy" in line and "Spanish translations await review" in line for line in awaiting())
    checks = TranslationCheck.objects.filter(language="es")
    response = admin_client.post(
        "/admin/treatments/translationcheck/",
        {"action": "record_review", "_selected_action": [str(pk) for pk in checks.values_list("pk", flat=True)]},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert not checks.filter(reviewed_by="").exists()
    assert not any("Sclerotherapy" in line for line in awaiting())
    # A later change to the Spanish awaits a review again.
    spanish_treatment.overview_es = "El médico cierra las várices con un medicamento en espuma."
    spanish_treatment.save()
    assert any("Sclerotherapy" in line for line in awaiting())


def test_a_draft_of_a_live_page_holds_its_spanish_until_it_is_published(admin_client, client, spanish_treatment):
    """Drafts and revisions hold every language of a page: the Spanish of a draft is not live until published."""
    url = admin_change_url(spanish_treatment)
    spanish_page = f"/es{spanish_treatment.get_absolute_url()}"
    new_spanish = "El médico cierra las várices con un medicamento en espuma."
    response = post_admin_form(admin_client, url, overview_es=new_spanish, _save_draft="1")
    assert response.status_code == HTTPStatus.FOUND
    assert new_spanish not in client.get(spanish_page).content.decode()
    assert admin_client.get(url).context["adminform"].form["overview_es"].value() == new_spanish
    response = post_admin_form(admin_client, url, _publish="1")
    assert response.status_code == HTTPStatus.FOUND
    assert new_spanish in client.get(spanish_page).content.decode()
    assert status_of(Treatment.objects.get(pk=spanish_treatment.pk), "overview").status is Status.UP_TO_DATE
