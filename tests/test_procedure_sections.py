"""What every procedure page shows beyond its own text: key facts, the frequency key, where to get help, sources."""

import pytest

from tests.helpers import json_ld
from treatments.models.procedures import FREQUENCY_KEY, Risk

pytestmark = pytest.mark.django_db


def section(page, anchor):
    return page.split(f'<section id="{anchor}"', 1)[1].split("</section>", 1)[0]


@pytest.fixture
def page(client, treatment):
    return client.get(treatment.get_absolute_url()).content.decode()


def test_key_facts_come_first(page, treatment):
    assert page.index('<section id="key-facts"') < page.index('<section id="what-it-is"')
    key_facts = section(page, "key-facts")
    for value in (treatment.anaesthesia, treatment.duration, treatment.effectiveness, treatment.insurance):
        assert value in key_facts


def test_every_risk_has_its_band_and_numbers_and_the_key_explains_every_band(page, treatment):
    risks = section(page, "risks")
    for risk in treatment.risks.all():
        assert f"How often: {risk.how_often}<" in risks  # As written: the template adds no full stop of its own.
    for frequency, meaning in FREQUENCY_KEY.items():
        assert f"<dt>{frequency.label}</dt><dd>{meaning}</dd>" in risks
    assert set(FREQUENCY_KEY) == set(Risk.Frequency)


def test_call_911_and_call_the_clinic_are_separate(page, treatment, clinic):
    risks = section(page, "risks")
    emergency = risks.split('class="get-help"', 1)[1].split("</aside>", 1)[0]
    same_day = risks.split('class="call-clinic"', 1)[1].split("</aside>", 1)[0]
    assert "Call 911 now" in emergency and clinic.emergency_advice in emergency
    assert "Call the clinic today" in same_day and clinic.phone in same_day
    signs = [row.sign for row in treatment.signs.all()]
    assert {sign.urgency for sign in signs} == {"emergency", "clinic_today"}
    for sign in signs:
        box, other = (emergency, same_day) if sign.is_emergency else (same_day, emergency)
        assert sign.text in box and sign.text not in other
    assert treatment.expected_after_effects in risks


def test_sources_are_listed_and_cited_in_structured_data(page, treatment):
    sources = section(page, "sources")
    cited = json_ld(page)["MedicalWebPage"]["citation"]
    references = [citation.reference for citation in treatment.sources.all()]
    assert [item["url"] for item in cited] == [source.url for source in references]
    for source in references:
        assert f'<a href="{source.url}">{source.title}</a>. {source.publisher}, {source.year}.' in sources
