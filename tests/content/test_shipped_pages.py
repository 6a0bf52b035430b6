"""What the pages say with the content the clinic ships.

How pages behave is tested with factory-built content elsewhere; these tests check the shipped words,
facts and structured data, so they are the only ones that change when the shipped content does.
"""

from http import HTTPStatus
from xml.etree import ElementTree

import pytest

from tests.helpers import BUDGET_BYTES, FORM_URL, TREATMENTS_URL, compressed_bytes, json_ld
from treatments.models import Condition, Treatment

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def shipped_page(client, clinic_content):
    """The shipped procedure's page."""
    response = client.get(clinic_content.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def test_home_shows_the_clinic_its_conditions_and_its_procedure(client, clinic_content):
    page = client.get("/").content.decode()
    assert "Truffle Vein Specialists" in page
    assert "Varicose veins" in page
    assert clinic_content.get_absolute_url() in page


def test_spider_vein_sclerotherapy_is_listed_for_spider_veins(client, clinic_content):
    page = client.get(TREATMENTS_URL, {"condition": "spider-veins"}).content.decode()
    assert "Treatments for spider veins" in page
    assert "Sclerotherapy for spider veins" in page
    assert clinic_content.title not in page  # Spider veins are injected by sight, without the scan.


def test_procedure_page_keeps_the_source_facts(shipped_page):
    for fact in ("polidocanol", "sodium tetradecyl sulfate", "compression", "30 minutes to an hour"):
        assert fact in shipped_page


def test_procedure_page_claims_no_review_and_links_its_condition(shipped_page):
    """No specialist has reviewed the shipped pages yet: they say so, and name no reviewer."""
    assert "This page is awaiting review by our specialist." in shipped_page
    assert "Reviewed by" not in shipped_page
    assert "Sample Reviewer" not in shipped_page
    assert f'href="{FORM_URL}?treatment=ultrasound-guided-sclerotherapy"' in shipped_page
    assert 'href="/conditions/varicose-veins/"' in shipped_page


def test_procedure_structured_data(shipped_page):
    data = json_ld(shipped_page)
    crumbs = [item["name"] for item in data["BreadcrumbList"]["itemListElement"]]
    assert crumbs == ["Home", "Treatments", "Ultrasound-guided sclerotherapy"]
    assert "reviewedBy" not in data["MedicalWebPage"]
    assert "lastReviewed" not in data["MedicalWebPage"]


def test_clinic_and_condition_structured_data(client, clinic_content):
    clinic = json_ld(client.get("/").content.decode())["MedicalClinic"]
    assert clinic["name"] == "Truffle Vein Specialists"
    assert clinic["telephone"] == "(555) 010-0100"
    assert clinic["openingHours"] == ["Mo-Fr 08:00-17:00"]  # "Monday to Friday, 8 am to 5 pm", for machines.
    assert "Anytown" in clinic["address"]
    varicose_veins = json_ld(client.get("/conditions/varicose-veins/").content.decode())["MedicalCondition"]
    options = [treatment["name"] for treatment in varicose_veins["possibleTreatment"]]
    # NICE CG168: heat ablation first, then ultrasound-guided foam sclerotherapy.
    assert options[:3] == ["Endovenous laser ablation", "Radiofrequency ablation", clinic_content.title]


def test_sitemap_lists_every_shipped_page(client, clinic_content):
    sitemap = ElementTree.fromstring(client.get("/sitemap.xml").content)
    locations = {url.find("s:loc", SITEMAP_NS).text for url in sitemap.findall("s:url", SITEMAP_NS)}
    shipped = [*Treatment.objects.published(), *Condition.objects.all()]
    assert {f"http://testserver{item.get_absolute_url()}" for item in shipped} <= locations
    assert "http://testserver/conditions/spider-veins/" in locations


def test_procedure_page_is_within_the_budget_with_the_shipped_text(client, clinic_content):
    assert compressed_bytes(client, clinic_content.get_absolute_url()) <= BUDGET_BYTES


def test_every_condition_with_two_options_has_a_linked_compare_page(client, clinic_content):
    compared = 0
    for condition in Condition.objects.all():
        options = list(condition.treatments.published())
        if len(options) < 2:
            continue
        compare_url = f"{condition.get_absolute_url()}compare/"
        assert f'href="{compare_url}"' in client.get(condition.get_absolute_url()).content.decode()
        page = client.get(compare_url).content.decode()
        assert all(f">{option.title}</a></th>" in page for option in options), condition.slug
        compared += 1
    assert compared == 4


def test_every_procedure_page_links_to_its_other_options(client, clinic_content):
    for treatment in Treatment.objects.published():
        page = client.get(treatment.get_absolute_url()).content.decode()
        other_options = page.split('<section id="other-options"', 1)[1].split("</section>", 1)[0]
        for condition in treatment.conditions.all():
            assert f'href="{condition.get_absolute_url()}compare/"' in other_options, treatment.slug


def test_the_emergency_box_holds_emergencies_only(shipped_page):
    emergency = shipped_page.split('class="get-help"', 1)[1].split("</aside>", 1)[0]
    same_day = shipped_page.split('class="call-clinic"', 1)[1].split("</aside>", 1)[0]
    assert "Call 911 now" in emergency and "chest" in emergency.lower()
    assert "calf" not in emergency.lower()  # A swollen calf is a possible clot: a same-day call, not 911.
    assert "calf" in same_day.lower()


def test_surgery_is_published_and_compared_in_the_order_guidance_gives(client, clinic_content):
    """NICE CG168: heat treatment (laser, radio waves) first, then foam, then surgery; stockings only after them."""
    surgery = Treatment.objects.published().get(slug="ligation-and-stripping")
    assert surgery.procedure_type == Treatment.ProcedureType.SURGICAL
    page = client.get("/conditions/varicose-veins/compare/").content.decode()
    order = ["endovenous-laser-ablation", "radiofrequency-ablation", "ultrasound-guided-sclerotherapy"]
    order += ["ligation-and-stripping", "compression-stockings"]
    positions = [page.index(f'href="/treatments/{slug}/"') for slug in order]
    assert positions == sorted(positions)


def test_waiting_fits_the_condition_it_is_compared_under(client, clinic_content):
    spider = client.get("/conditions/spider-veins/compare/").content.decode()
    assert "/treatments/leaving-spider-veins-untreated/" in spider
    assert "/treatments/waiting-and-watching/" not in spider
    assert "ulcer" not in spider.lower()


def test_home_lists_only_conditions_the_clinic_treats(client, clinic_content):
    page = client.get("/").content.decode()
    assert "Varicose veins" in page
    assert "Venous malformations" not in page
