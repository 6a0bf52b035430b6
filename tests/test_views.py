import html
import re
from http import HTTPStatus

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from tests.factories import SECTION_TEXT_FIELDS, ConditionFactory, TreatmentFactory, WordFactory
from tests.helpers import FORM_URL, TREATMENTS_URL, count_page_queries, json_ld
from treatments.models import Treatment
from treatments.procedures.structure import GRID, LISTS, SECTIONS, row_texts
from treatments.site_pages import server_error

pytestmark = pytest.mark.django_db


def shows(page, text):
    """Whether the page shows the text as a whole (so "Text 1 of aftercare do" is not found in "... dont")."""
    return re.search(rf"(?<!\w){re.escape(text)}(?!\w)", html.unescape(page)) is not None


def test_home_shows_clinic_conditions_and_featured_procedure(client, clinic, condition, treatment):
    response = client.get("/")
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert clinic.name in page
    assert condition.name in page
    assert treatment.get_absolute_url() in page
    assert f'href="{FORM_URL}"' in page


def test_treatment_list_shows_published_only(client, treatment, make_treatment):
    make_treatment("secret-draft", title="Secret draft", status=Treatment.Status.DRAFT)
    response = client.get(TREATMENTS_URL)
    assert response.status_code == HTTPStatus.OK
    assert treatment.summary in response.content.decode()
    assert "Secret draft" not in response.content.decode()


def test_treatment_list_narrows_by_condition(client, treatment, condition, make_treatment):
    make_treatment("other-procedure", title="Other procedure", conditions=[ConditionFactory()])
    response = client.get(TREATMENTS_URL, {"condition": condition.slug})
    page = response.content.decode()
    assert treatment.title in page
    assert "Other procedure" not in page
    assert "Treatments for leg ulcers" in page


def test_treatment_list_explains_unknown_condition(client, treatment):
    response = client.get(TREATMENTS_URL, {"condition": "<b>nope</b>"})
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "We could not find a condition called “&lt;b&gt;nope&lt;/b&gt;”" in page
    assert treatment.title in page


def test_detail_has_every_declared_section_in_order_with_contents_links(client, treatment):
    WordFactory(word="duplex scan", slug="duplex-scan")  # So "Words used on this page" has one to explain.
    treatment.overview += "\n\nA duplex scan comes first."
    treatment.save()
    page = client.get(treatment.get_absolute_url()).content.decode()
    positions = [page.index(f'<section id="{section.anchor}"') for section in SECTIONS]
    assert positions == sorted(positions)
    assert len(SECTIONS) == 16
    for section in SECTIONS:
        assert f'href="#{section.anchor}"' in page
        assert f">{section.heading}</h2>" in page.replace("&#x27;", "'")


def test_detail_shows_every_text_fact_and_row_of_the_procedure(client, treatment):
    """The page keeps every fact staff wrote: each section's text, each short fact, each row of each list (the compare
    grid's short answers show on the compare page: tests/test_compare.py)."""
    page = client.get(treatment.get_absolute_url()).content.decode()
    grid_answers = {part.field for part in GRID}
    texts = [getattr(treatment, name) for name in SECTION_TEXT_FIELDS if name not in grid_answers]
    texts += [text for part in LISTS for row in part.content(treatment) for text in row_texts(row)]
    assert [text for text in texts if not shows(page, text)] == []
    assert shows(page, treatment.get_procedure_type_display())


def test_detail_shows_risks_help_box_review_line_and_consultation_link(client, clinic, condition, treatment):
    page = client.get(treatment.get_absolute_url()).content.decode()
    assert 'class="get-help"' in page
    assert treatment.signs.first().sign.text in page
    assert clinic.emergency_advice in page
    assert "call 911" in page
    assert f"Reviewed by {treatment.reviewer.name}, {treatment.reviewer.credentials}" in page
    assert "Last reviewed" in page
    assert "Next review due" in page
    assert f'href="{FORM_URL}?treatment={treatment.slug}"' in page
    assert f'href="{condition.get_absolute_url()}"' in page


def test_detail_lists_related_published_procedures_only(client, make_treatment):
    treatment = make_treatment("main")
    treatment.related_treatments.add(make_treatment("visible-sibling", title="Visible sibling"))
    treatment.related_treatments.add(make_treatment("hidden-sibling", title="Hidden sibling", status="draft"))
    page = client.get(treatment.get_absolute_url()).content.decode()
    assert "Visible sibling" in page
    assert "Hidden sibling" not in page


def test_condition_page_lists_published_treatments(client, treatment, condition, make_treatment):
    make_treatment("draft-for-ulcers", title="Draft for ulcers", status=Treatment.Status.DRAFT, conditions=[condition])
    response = client.get(condition.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert treatment.title in page
    assert "Draft for ulcers" not in page


@pytest.mark.parametrize("url", ["/treatments/no-such-thing/", "/conditions/no-such-thing/", "/nowhere/"])
def test_unknown_pages_are_404_in_the_site_design(client, treatment, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "We could not find that page" in response.content.decode()


def test_draft_is_404_for_the_public(client, make_treatment):
    draft = make_treatment("draft", status=Treatment.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_draft_is_visible_to_staff_with_a_banner(staff_client, make_treatment):
    draft = make_treatment("draft", status=Treatment.Status.DRAFT)
    response = staff_client.get(draft.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert "Draft: not public." in response.content.decode()


def test_published_page_has_no_draft_banner(staff_client, treatment):
    response = staff_client.get(treatment.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert "Draft: not public." not in response.content.decode()


def test_staff_text_is_escaped(client, make_treatment):
    treatment = make_treatment(overview='<script>alert(1)</script>\n\n"><img src=x onerror=alert(2)>')
    page = client.get(treatment.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page


def test_paragraphs_become_paragraphs(client, make_treatment):
    treatment = make_treatment(overview="First paragraph.\n\nSecond paragraph.")
    page = client.get(treatment.get_absolute_url()).content.decode()
    assert "<p>First paragraph.</p>" in page
    assert "<p>Second paragraph.</p>" in page


def procedure_with_related(rows, condition):
    """A procedure with `rows` rows in every declared list and as many related procedures, all for `condition`."""
    treatment = TreatmentFactory(rows=rows, conditions=[condition])
    treatment.related_treatments.set(TreatmentFactory.create_batch(rows, conditions=[condition]))
    return treatment


@pytest.fixture
def rendered(settings):
    """Pages rendered on every request: these tests measure rendering, not the page cache."""
    settings.PAGE_CACHE_SECONDS = 0


def test_query_count_does_not_grow_with_rows(client, clinic, condition, rendered, django_assert_max_num_queries):
    small = procedure_with_related(3, condition)
    large = procedure_with_related(30, condition)
    assert [part.content(large).count() for part in LISTS] == [30] * len(LISTS)
    assert large.related_treatments.count() == 30
    small_count = count_page_queries(client, small.get_absolute_url())
    large_count = count_page_queries(client, large.get_absolute_url())
    assert small_count == large_count
    # The shared passages, the illustrations, who performs it, the words explained and the check for scheduled
    # drafts due: one query each.
    with django_assert_max_num_queries(21):
        client.get(large.get_absolute_url())


def test_server_error_page_renders_without_a_database(monkeypatch):
    def broken_load():
        raise RuntimeError("database is down")

    monkeypatch.setattr("treatments.models.ClinicDetails.load", broken_load)
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert "Truffle Vein Specialists" in page


@pytest.mark.parametrize("url", ["/", FORM_URL])
def test_clinic_details_are_read_once_per_page(client, treatment, rendered, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    clinic_queries = [query for query in queries if "treatments_clinicdetails" in query["sql"]]
    assert len(clinic_queries) == 1


@pytest.mark.parametrize("reviewer_is_sample", [True, False])
def test_only_a_real_review_is_claimed(client, treatment, reviewer_is_sample):
    """A sample profile, or a reviewer without a review date, never makes a page say it was reviewed."""
    treatment.reviewer.is_sample = reviewer_is_sample
    treatment.reviewer.save()
    if not reviewer_is_sample:
        treatment.last_reviewed = None
        treatment.save()
    page = client.get(treatment.get_absolute_url()).content.decode()
    assert "This page is awaiting review by our specialist." in page
    assert "Reviewed by" not in page
    web_page = json_ld(page)["MedicalWebPage"]
    assert "reviewedBy" not in web_page
    assert "lastReviewed" not in web_page


def test_a_section_with_nothing_to_read_is_left_out_of_the_page_and_its_contents(client, treatment):
    treatment.benefits.all().delete()
    page = client.get(treatment.get_absolute_url()).content.decode()
    assert 'id="benefits"' not in page and 'href="#benefits"' not in page
    assert 'id="risks"' in page and 'href="#risks"' in page
