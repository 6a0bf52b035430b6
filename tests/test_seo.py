"""Titles, descriptions, Open Graph, JSON-LD, sitemap and robots.txt."""

import re
from http import HTTPStatus
from xml.etree import ElementTree

import pytest
from django.core.cache import cache

from tests.helpers import FORM_URL, PRIVACY_URL, THANKS_URL, TREATMENTS_URL, json_ld
from treatments.models import ClinicDetails, Treatment

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["home", "treatments", "treatment", "condition", "consultation", "privacy"]
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def public_pages(treatment, condition):
    """Each public page's address by name; the procedure and condition pages are factory-built ones."""
    return {
        "home": "/",
        "treatments": TREATMENTS_URL,
        "treatment": treatment.get_absolute_url(),
        "condition": condition.get_absolute_url(),
        "consultation": FORM_URL,
        "privacy": PRIVACY_URL,
    }


def head_value(page, pattern):
    match = re.search(pattern, page)
    assert match, pattern
    return match.group(1)


def test_every_page_has_a_unique_title_and_description(client, clinic, public_pages):
    pages = {url: client.get(url).content.decode() for url in public_pages.values()}
    titles = [head_value(page, r"<title>(.*?)</title>") for page in pages.values()]
    descriptions = [head_value(page, r'<meta name="description" content="(.*?)">') for page in pages.values()]
    assert len(set(titles)) == len(PUBLIC_PAGES)
    assert len(set(descriptions)) == len(PUBLIC_PAGES)
    assert all(title.endswith(f"| {clinic.name}") for title in titles)
    assert all(0 < len(description) <= 160 for description in descriptions)


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_canonical_and_open_graph(client, public_pages, name):
    url = public_pages[name]
    page = client.get(url, {"utm_source": "x"}).content.decode()
    canonical = head_value(page, r'<link rel="canonical" href="(.*?)">')
    assert canonical == f"http://testserver{url}"
    assert head_value(page, r'<meta property="og:url" content="(.*?)">') == canonical
    for prop in ("og:title", "og:description", "og:type", "og:site_name"):
        assert f'<meta property="{prop}"' in page


def test_error_title_tells_screen_readers_first(client, clinic):
    page = client.post(FORM_URL, {"name": ""}).content.decode()
    assert f"<title>Error: Request a consultation | {clinic.name}</title>" in page


def test_private_pages_are_not_indexed(client, consultation_data):
    client.post(FORM_URL, consultation_data)
    for url in [THANKS_URL, "/no-such-page/"]:
        page = client.get(url).content.decode()
        assert '<meta name="robots" content="noindex">' in page
        assert 'rel="canonical"' not in page


def test_procedure_page_structured_data_matches_the_page(client, treatment):
    data = json_ld(client.get(treatment.get_absolute_url()).content.decode())
    web_page, procedure = data["MedicalWebPage"], data["MedicalWebPage"]["mainEntity"]
    assert web_page["medicalAudience"] == {"@type": "Patient"}
    assert web_page["lastReviewed"] == "2026-01-15"
    assert web_page["reviewedBy"]["name"] == treatment.reviewer.name
    assert procedure["@type"] == "MedicalProcedure"
    assert procedure["procedureType"] == "https://schema.org/PercutaneousProcedure"
    assert treatment.steps.first().title in procedure["howPerformed"]
    assert procedure["preparation"] == treatment.preparation
    assert treatment.aftercare_do.first().text in procedure["followup"]
    crumbs = [item["name"] for item in data["BreadcrumbList"]["itemListElement"]]
    assert crumbs == ["Home", "Treatments", treatment.title]


def test_condition_and_home_structured_data(client, condition, treatment):
    condition_data = json_ld(client.get(condition.get_absolute_url()).content.decode())
    assert condition_data["MedicalCondition"]["possibleTreatment"][0]["name"] == treatment.title
    assert "BreadcrumbList" in condition_data
    clinic = json_ld(client.get("/").content.decode())["MedicalClinic"]
    assert clinic["name"] == "Test Vein Clinic"
    assert clinic["telephone"] == "(555) 010-4242"
    assert "openingHours" not in clinic  # The lines patients read are not schema.org's form...
    ClinicDetails.objects.filter(pk=1).update(opening_hours_schema="Mo-Th 09:00-17:00, Fr 09:00-13:00")
    cache.clear()
    clinic = json_ld(client.get("/").content.decode())["MedicalClinic"]
    assert clinic["openingHours"] == ["Mo-Th 09:00-17:00", "Fr 09:00-13:00"]  # ...which staff give beside them.
    assert clinic["address"] == "1 Test Road, Testville, ST 00000"


def test_staff_text_cannot_break_out_of_json_ld(client, make_treatment):
    treatment = make_treatment(summary="</script><script>alert(1)</script>", preparation="<!-- & -->")
    page = client.get(treatment.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    data = json_ld(page)
    assert data["MedicalWebPage"]["description"] == "</script><script>alert(1)</script>"
    assert data["MedicalWebPage"]["mainEntity"]["preparation"] == "<!-- & -->"


def test_sitemap_lists_public_pages_with_lastmod_and_no_drafts(client, treatment, condition, make_treatment):
    make_treatment("hidden-draft", status=Treatment.Status.DRAFT)
    response = client.get("/sitemap.xml")
    assert response.status_code == HTTPStatus.OK
    urls = ElementTree.fromstring(response.content).findall("s:url", SITEMAP_NS)
    locations = {url.find("s:loc", SITEMAP_NS).text for url in urls}
    detail_url = f"http://testserver{treatment.get_absolute_url()}"
    assert {"http://testserver/", f"http://testserver{TREATMENTS_URL}", detail_url} <= locations
    assert f"http://testserver{condition.get_absolute_url()}" in locations
    assert not any("hidden-draft" in location for location in locations)
    assert all(url.find("s:lastmod", SITEMAP_NS) is not None for url in urls)


def test_robots_txt_points_at_the_sitemap_and_keeps_private_pages_out(client, admin_client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert not any("admin" in line for line in lines)  # It would publish a changed ADMIN_URL.
    assert '<meta name="robots" content="NONE,NOARCHIVE">' in admin_client.get("/admin/").content.decode()
    assert "Disallow: /consultation/thanks/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
