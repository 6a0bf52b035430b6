from http import HTTPStatus

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from treatments.models import Treatment
from treatments.models.procedures import FAQ, Benefit, Step
from treatments.procedures.structure import SECTIONS
from treatments.site_pages import server_error

pytestmark = pytest.mark.django_db

DETAIL_URL = "/treatments/ultrasound-guided-sclerotherapy/"


def test_home_shows_clinic_conditions_and_featured_procedure(client, clinic_content):
    response = client.get("/")
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "Truffle Vein Specialists" in page
    assert "Varicose veins" in page
    assert clinic_content.get_absolute_url() in page
    assert 'href="/consultation/"' in page


def test_treatment_list_shows_published_only(client, clinic_content, make_treatment):
    make_treatment("secret-draft", title="Secret draft", status=Treatment.Status.DRAFT)
    response = client.get("/treatments/")
    assert response.status_code == HTTPStatus.OK
    assert clinic_content.summary in response.content.decode()
    assert "Secret draft" not in response.content.decode()


def test_treatment_list_narrows_by_condition(client, clinic_content, make_treatment, condition):
    other = make_treatment("other-procedure", title="Other procedure")
    other.conditions.add(condition)
    response = client.get("/treatments/", {"condition": "spider-veins"})
    page = response.content.decode()
    assert clinic_content.title in page
    assert "Other procedure" not in page
    assert "Treatments for spider veins" in page


def test_treatment_list_explains_unknown_condition(client, clinic_content):
    response = client.get("/treatments/", {"condition": "<b>nope</b>"})
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "We could not find a condition called “&lt;b&gt;nope&lt;/b&gt;”" in page
    assert clinic_content.title in page


def test_detail_has_all_ten_sections_in_order_with_contents_links(client, clinic_content):
    page = client.get(DETAIL_URL).content.decode()
    positions = [page.index(f'<section id="{section.anchor}"') for section in SECTIONS]
    assert positions == sorted(positions)
    assert len(SECTIONS) == 10
    for section in SECTIONS:
        assert f'href="#{section.anchor}"' in page
        assert f">{section.heading}</h2>" in page.replace("&#x27;", "'")


def test_detail_keeps_the_source_facts(client, clinic_content):
    page = client.get(DETAIL_URL).content.decode()
    for fact in ("polidocanol", "sodium tetradecyl sulfate", "compression", "30 minutes to an hour"):
        assert fact in page


def test_detail_shows_risks_help_box_review_line_and_consultation_link(client, clinic_content):
    page = client.get(DETAIL_URL).content.decode()
    assert 'class="get-help"' in page
    assert clinic_content.warning_signs.first().text in page
    assert "call 911" in page
    assert "Reviewed by Sample Reviewer, MD, Board-certified vascular surgeon (sample profile)" in page
    assert "Last reviewed" in page
    assert "Next review due" in page
    assert 'href="/consultation/?treatment=ultrasound-guided-sclerotherapy"' in page
    assert 'href="/conditions/varicose-veins/"' in page


def test_detail_lists_related_published_procedures_only(client, make_treatment):
    treatment = make_treatment("main")
    treatment.related_treatments.add(make_treatment("visible-sibling", title="Visible sibling"))
    treatment.related_treatments.add(make_treatment("hidden-sibling", title="Hidden sibling", status="draft"))
    page = client.get(treatment.get_absolute_url()).content.decode()
    assert "Visible sibling" in page
    assert "Hidden sibling" not in page


def test_condition_page_lists_published_treatments(client, clinic_content, make_treatment):
    draft = make_treatment("draft-for-varicose", title="Draft for varicose", status=Treatment.Status.DRAFT)
    draft.conditions.add(clinic_content.conditions.get(slug="varicose-veins"))
    response = client.get("/conditions/varicose-veins/")
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert clinic_content.title in page
    assert "Draft for varicose" not in page


@pytest.mark.parametrize("url", ["/treatments/no-such-thing/", "/conditions/no-such-thing/", "/nowhere/"])
def test_unknown_pages_are_404_in_the_site_design(client, clinic_content, url):
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


def test_published_page_has_no_draft_banner(staff_client, clinic_content):
    assert "Draft: not public." not in staff_client.get(DETAIL_URL).content.decode()


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


def add_rows(treatment, count):
    Step.objects.bulk_create(Step(treatment=treatment, title=f"Step {n}", description="d") for n in range(count))
    Benefit.objects.bulk_create(Benefit(treatment=treatment, text=f"Benefit {n}") for n in range(count))
    FAQ.objects.bulk_create(FAQ(treatment=treatment, question=f"Q{n}?", answer="A.") for n in range(count))
    for n in range(count):
        sibling = Treatment.objects.create(
            slug=f"{treatment.slug}-related-{n}", title=f"Related {n}", summary="s", overview="o", status="published"
        )
        treatment.related_treatments.add(sibling)
        sibling.conditions.set(treatment.conditions.all())


def count_page_queries(client, url):
    client.get(url)  # Warm-up: the first request also loads the session machinery.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return len(queries)


def test_query_count_does_not_grow_with_rows(client, clinic_content, make_treatment, django_assert_max_num_queries):
    small = make_treatment("small")
    large = make_treatment("large")
    for treatment in (small, large):
        treatment.conditions.set(clinic_content.conditions.all())
    add_rows(small, 3)
    add_rows(large, 30)
    assert large.faqs.count() == 30
    small_count = count_page_queries(client, small.get_absolute_url())
    large_count = count_page_queries(client, large.get_absolute_url())
    assert small_count == large_count
    with django_assert_max_num_queries(16):
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


@pytest.mark.parametrize("url", ["/", "/consultation/"])
def test_clinic_details_are_read_once_per_page(client, clinic_content, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    clinic_queries = [query for query in queries if "treatments_clinicdetails" in query["sql"]]
    assert len(clinic_queries) == 1
