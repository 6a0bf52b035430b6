"""The clinic's own pages: who treats you, where and when, what it costs; each from fields staff edit, with nothing
invented (an empty field says it is not added yet)."""

import re
from decimal import Decimal
from http import HTTPStatus

import pytest

from tests.factories import SpecialistFactory, TreatmentFactory
from tests.helpers import json_ld
from treatments.models import Illustration
from treatments.models.procedures import Reference

pytestmark = pytest.mark.django_db


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def test_the_specialists_page_never_shows_a_sample_and_says_the_team_is_coming(client, clinic):
    SpecialistFactory(name="Sample Reviewer, MD", slug="sample", is_sample=True)
    page = page_of(client, "/specialists/")
    assert "Sample Reviewer" not in page
    assert "We are adding our team's profiles to this page." in page
    assert client.get("/specialists/sample/").status_code == HTTPStatus.NOT_FOUND


def test_a_specialists_page_gives_credentials_languages_procedures_and_physician_data(client, clinic):
    specialist = SpecialistFactory(
        name="Dr. Ana Ruiz",
        slug="ana-ruiz",
        role="Vascular surgeon",
        credentials="MD, FACS",
        board_certification="American Board of Surgery (vascular surgery)",
        languages="English, Spanish",
    )
    performed = TreatmentFactory(title="Radio closure")
    performed.performed_by.add(specialist)
    reviewed = TreatmentFactory(title="Foam closure", reviewer=specialist, last_reviewed="2026-05-01")
    listing = page_of(client, "/specialists/")
    assert '<a href="/specialists/ana-ruiz/">Dr. Ana Ruiz</a>' in listing
    page = page_of(client, "/specialists/ana-ruiz/")
    assert "American Board of Surgery (vascular surgery)" in page and "English, Spanish" in page
    assert f'<a href="{performed.get_absolute_url()}">Radio closure</a>' in page
    assert f'<a href="{reviewed.get_absolute_url()}">Foam closure</a>' in page
    data = json_ld(page)["Physician"]
    assert data["name"] == "Dr. Ana Ruiz" and data["knowsLanguage"] == ["English", "Spanish"]
    assert data["memberOf"]["@type"] == "MedicalClinic"
    procedure = page_of(client, performed.get_absolute_url())
    assert "Who performs it at our clinic" in procedure and "Dr. Ana Ruiz</a>, MD, FACS" in procedure


def test_a_procedure_nobody_is_named_for_says_so(client, treatment):
    assert "We have not added who performs this here yet." in page_of(client, treatment.get_absolute_url())


def test_visit_us_gives_what_staff_filled_in_and_says_what_they_have_not(client, clinic):
    page = page_of(client, "/visit/")
    assert clinic.address.splitlines()[0] in page and clinic.opening_hours in page
    assert page.count("We have not added this yet. Call us and we will tell you.") == 3
    assert "We have not added a map yet." in page and "We have not added an after-hours number yet." in page
    clinic.parking, clinic.after_hours_phone = "Free parking behind the building.", "(555) 010-9999"
    clinic.opening_hours_schema = "Mo-Fr 09:00-17:00"
    clinic.latitude, clinic.longitude = Decimal("40.712800"), Decimal("-74.006000")
    clinic.save()
    page = page_of(client, "/visit/")
    assert "Free parking behind the building." in page and 'href="tel:5550109999"' in page
    data = json_ld(page)["MedicalClinic"]
    assert data["openingHours"] == ["Mo-Fr 09:00-17:00"]
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 40.7128, "longitude": -74.006}
    assert 'href="https://www.google.com/maps/search/?api=1&amp;query=40.712800%2C-74.006000"' in page
    # Links to maps apps, never a map loaded from them: every picture and script comes from the site itself.
    assert not re.findall(r'<(?:img|script|iframe|source)[^>]+(?:src|srcset)="https?://', page)


def test_costs_give_each_price_staff_filled_in_and_sourced_insurer_rules(client, clinic):
    TreatmentFactory(title="Priced", clinic_price="$900 per leg", short_cost="Plans often pay after a scan.")
    TreatmentFactory(title="Unpriced", clinic_price="")
    source = Reference.objects.create(
        title="Varicose veins policy", publisher="An insurer", year=2025, url="https://example.org/policy"
    )
    clinic.insurance_requirements = "Many plans want a recent scan first."
    clinic.save()
    clinic.insurance_sources.add(source)
    page = page_of(client, "/costs/")
    assert "$900 per leg" in page and "Plans often pay after a scan." in page
    assert "We have not added this price yet. Ask us." in page
    assert "We have not added our list of insurers yet." in page
    assert "Many plans want a recent scan first." in page and 'href="https://example.org/policy"' in page


def test_every_page_links_to_the_clinic_pages_and_the_sitemap_lists_them(client, treatment):
    footer = page_of(client, "/").split('<footer class="site-footer', 1)[1]
    for url in ("/specialists/", "/visit/", "/costs/"):
        assert f'href="{url}"' in footer
    sitemap = page_of(client, "/sitemap.xml")
    for url in ("/specialists/", "/visit/", "/costs/"):
        assert f"{url}</loc>" in sitemap


def test_the_headers_consultation_link_preselects_the_procedure_of_its_page(client, treatment):
    header = page_of(client, treatment.get_absolute_url()).split("</header>", 1)[0]
    assert f'href="/consultation/?treatment={treatment.slug}">Request a consultation</a>' in header
    assert 'href="/consultation/">Request a consultation</a>' in page_of(client, "/").split("</header>", 1)[0]


def test_an_illustration_shows_with_its_title_and_description_from_the_site_itself(client, treatment, condition):
    drawing = Illustration.objects.create(
        name="Valves",
        drawing="vein-valves.svg",
        title="A healthy valve and a leaking one",
        description="On the left, a closed valve. On the right, blood leaks back down.",
    )
    treatment.illustrations.add(drawing)
    condition.illustrations.add(drawing)
    for url in (treatment.get_absolute_url(), condition.get_absolute_url()):
        page = page_of(client, url)
        assert 'alt="A healthy valve and a leaking one"' in page
        assert "<figcaption>On the left, a closed valve. On the right, blood leaks back down.</figcaption>" in page
        assert 'src="/static/illustrations/vein-valves' in page
    how_it_works = page_of(client, treatment.get_absolute_url()).split('<section id="how-it-works"', 1)[1]
    assert how_it_works.split("</section>", 1)[0].count('class="illustration"') == 1


def test_the_thank_you_page_says_what_happens_next_in_practice(client, clinic, consultation_data):
    client.post("/consultation/", consultation_data)
    page = page_of(client, "/consultation/thanks/")
    assert page.count("We have not added this yet. Ask us when we contact you.") == 4
    clinic.consultation_length, clinic.referral_needed = "About 45 minutes.", "You do not need a referral."
    clinic.consultation_cost, clinic.what_to_bring = "$150 if you pay yourself.", "Your medicines\nYour insurance card"
    clinic.save()
    page = page_of(client, "/consultation/thanks/")
    for text in (
        "About 45 minutes.",
        "You do not need a referral.",
        "$150 if you pay yourself.",
        "<li>Your medicines</li>",
    ):
        assert text in page
    assert 'href="/visit/"' in page and clinic.address.splitlines()[0] in page


def test_key_facts_and_the_grids_cost_row_link_to_costs_and_insurance(client, treatment, condition):
    assert 'href="/costs/">Costs and insurance for every treatment</a>' in page_of(client, treatment.get_absolute_url())
    TreatmentFactory().conditions.add(condition)
    compare = page_of(client, f"{condition.get_absolute_url()}compare/")
    assert 'href="/costs/">Costs and insurance, and what insurers ask for</a>' in compare
