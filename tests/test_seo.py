"""Titles, descriptions, Open Graph, JSON-LD, sitemap and robots.txt."""

import json
import re
from http import HTTPStatus
from xml.etree import ElementTree

import pytest

from treatments.models import Treatment

pytestmark = pytest.mark.django_db

DETAIL_URL = "/treatments/ultrasound-guided-sclerotherapy/"
PUBLIC_PAGES = ["/", "/treatments/", DETAIL_URL, "/conditions/varicose-veins/", "/consultation/", "/privacy/"]
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def head_value(page, pattern):
    match = re.search(pattern, page)
    assert match, pattern
    return match.group(1)


def json_ld(page):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    data = []
    for block in blocks:
        parsed = json.loads(block)
        data.extend(parsed if isinstance(parsed, list) else [parsed])
    return {item["@type"]: item for item in data}


def test_every_page_has_a_unique_title_and_description(client, clinic_content):
    pages = {url: client.get(url).content.decode() for url in PUBLIC_PAGES}
    titles = [head_value(page, r"<title>(.*?)</title>") for page in pages.values()]
    descriptions = [head_value(page, r'<meta name="description" content="(.*?)">') for page in pages.values()]
    assert len(set(titles)) == len(PUBLIC_PAGES)
    assert len(set(descriptions)) == len(PUBLIC_PAGES)
    assert all(title.endswith("| Truffle Vein Specialists") for title in titles)
    assert all(0 < len(description) <= 160 for description in descriptions)


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_canonical_and_open_graph(client, clinic_content, url):
    page = client.get(url, {"utm_source": "x"}).content.decode()
    canonical = head_value(page, r'<link rel="canonical" href="(.*?)">')
    assert canonical == f"http://testserver{url}"
    assert head_value(page, r'<meta property="og:url" content="(.*?)">') == canonical
    for prop in ("og:title", "og:description", "og:type", "og:site_name"):
        assert f'<meta property="{prop}"' in page


def test_error_title_tells_screen_readers_first(client, clinic_content):
    page = client.post("/consultation/", {"name": ""}).content.decode()
    assert "<title>Error: Request a consultation | Truffle Vein Specialists</title>" in page


def test_private_pages_are_not_indexed(client, consultation_data):
    client.post("/consultation/", consultation_data)
    for url in ["/consultation/thanks/", "/no-such-page/"]:
        page = client.get(url).content.decode()
        assert '<meta name="robots" content="noindex">' in page
        assert 'rel="canonical"' not in page


def test_procedure_page_structured_data_matches_the_page(client, clinic_content):
    page = client.get(DETAIL_URL).content.decode()
    data = json_ld(page)
    web_page, procedure = data["MedicalWebPage"], data["MedicalWebPage"]["mainEntity"]
    assert web_page["lastReviewed"] == "2026-11-27"
    assert web_page["reviewedBy"]["name"] == "Sample Reviewer, MD"
    assert web_page["medicalAudience"] == {"@type": "Patient"}
    assert procedure["@type"] == "MedicalProcedure"
    assert procedure["procedureType"] == "https://schema.org/PercutaneousProcedure"
    assert clinic_content.steps.first().title in procedure["howPerformed"]
    assert procedure["preparation"] == clinic_content.preparation
    assert clinic_content.aftercare_do.first().text in procedure["followup"]
    crumbs = [item["name"] for item in data["BreadcrumbList"]["itemListElement"]]
    assert crumbs == ["Home", "Treatments", "Ultrasound-guided sclerotherapy"]


def test_condition_and_home_structured_data(client, clinic_content):
    condition = json_ld(client.get("/conditions/varicose-veins/").content.decode())
    assert condition["MedicalCondition"]["possibleTreatment"][0]["name"] == clinic_content.title
    assert "BreadcrumbList" in condition
    clinic = json_ld(client.get("/").content.decode())["MedicalClinic"]
    assert clinic["name"] == "Truffle Vein Specialists"
    assert clinic["telephone"] == "(555) 010-0100"
    assert clinic["openingHours"] == ["Monday to Friday, 8 am to 5 pm"]
    assert "Anytown" in clinic["address"]


def test_staff_text_cannot_break_out_of_json_ld(client, make_treatment):
    treatment = make_treatment(summary="</script><script>alert(1)</script>", preparation="<!-- & -->")
    page = client.get(treatment.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    data = json_ld(page)
    assert data["MedicalWebPage"]["description"] == "</script><script>alert(1)</script>"
    assert data["MedicalWebPage"]["mainEntity"]["preparation"] == "<!-- & -->"


def test_sitemap_lists_public_pages_with_lastmod_and_no_drafts(client, clinic_content, make_treatment):
    make_treatment("hidden-draft", status=Treatment.Status.DRAFT)
    response = client.get("/sitemap.xml")
    assert response.status_code == HTTPStatus.OK
    urls = ElementTree.fromstring(response.content).findall("s:url", SITEMAP_NS)
    locations = {url.find("s:loc", SITEMAP_NS).text for url in urls}
    assert {"http://testserver/", "http://testserver/treatments/", f"http://testserver{DETAIL_URL}"} <= locations
    assert "http://testserver/conditions/spider-veins/" in locations
    assert not any("hidden-draft" in location for location in locations)
    assert all(url.find("s:lastmod", SITEMAP_NS) is not None for url in urls)


def test_robots_txt_points_at_the_sitemap_and_keeps_private_pages_out(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Disallow: /consultation/thanks/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
