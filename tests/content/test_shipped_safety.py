"""Warning signs in the right box, with the right urgency, on every shipped page: a later edit cannot move one back.

A sign is stored once, with its urgency, so it is in the same box on every page that shows it; these tests hold
what each box may say, and which page must or must not show which sign.
"""

import re

import pytest

from treatments.models import Condition, Treatment
from treatments.models.procedures import Sign

pytestmark = pytest.mark.django_db

# A sign names no time: the box it is in says how soon ("Call 911 now", "Call the clinic today").
TIME_WORDS = re.compile(r"\b(within|hours?|days?|weeks?|right away|at once|same day|tomorrow)\b", re.IGNORECASE)
TOES = "toes that are pale, cold or numb under a stocking"
ARTERY = "medicine in an artery: skin turning white, gray or blue"
# Signs that are always an emergency.
EMERGENCIES = {
    TOES: re.compile(r"toes.*(pale|cold|numb)", re.IGNORECASE),
    ARTERY: re.compile(r"white, gr[ae]y or blue", re.IGNORECASE),
    "a stroke": re.compile(r"\bstroke\b", re.IGNORECASE),
    "sudden loss of sight": re.compile(r"loss of sight", re.IGNORECASE),
    "chest pain": re.compile(r"chest pain", re.IGNORECASE),
}
# Signs of a risk only some procedures have: shown only where the page lists that risk.
OWN_SIGNS = {
    re.compile(r"\bstroke\b", re.IGNORECASE): re.compile(r"\bstroke\b", re.IGNORECASE),
    re.compile(r"sight", re.IGNORECASE): re.compile(r"\b(sight|vision|visual)\b", re.IGNORECASE),
    re.compile(r"seizure", re.IGNORECASE): re.compile(r"\b(seizure|stroke)\b", re.IGNORECASE),
}
INJECTED = ("ultrasound-guided-sclerotherapy", "sclerotherapy-for-spider-veins", "cyanoacrylate-glue-closure")


def shown_signs(treatment):
    return [row.sign for row in treatment.signs.select_related("sign")]


def test_no_sign_carries_a_time_its_box_does_not_give(clinic_content):
    assert [sign.text for sign in Sign.objects.all() if TIME_WORDS.search(sign.text)] == []


@pytest.mark.parametrize("name", EMERGENCIES)
def test_signs_that_are_emergencies_are_in_the_911_box(clinic_content, name):
    signs = [sign for sign in Sign.objects.all() if EMERGENCIES[name].search(sign.text)]
    assert signs, f"no sign for {name}"
    assert {sign.urgency for sign in signs} == {Sign.Urgency.EMERGENCY}


def test_fever_has_one_urgency_everywhere(clinic_content):
    fever = [sign for sign in Sign.objects.all() if "fever" in sign.text.lower()]
    assert fever and {sign.urgency for sign in fever} == {Sign.Urgency.CLINIC_TODAY}


def test_every_page_has_both_boxes(clinic_content):
    for treatment in Treatment.objects.all():
        urgencies = {sign.urgency for sign in shown_signs(treatment)}
        assert urgencies == set(Sign.Urgency), treatment.slug


def test_each_page_shows_only_the_emergency_signs_of_its_own_risks(clinic_content):
    for treatment in Treatment.objects.prefetch_related("risks"):
        risks = " ".join(f"{risk.name} {risk.description}" for risk in treatment.risks.all())
        for sign in shown_signs(treatment):
            for names_it, risk_words in OWN_SIGNS.items():
                if names_it.search(sign.text):
                    assert risk_words.search(risks), (treatment.slug, sign.text)


def test_after_an_injection_medicine_in_an_artery_is_an_emergency(clinic_content):
    for slug in INJECTED:
        signs = shown_signs(Treatment.objects.get(slug=slug))
        artery = [sign for sign in signs if EMERGENCIES[ARTERY].search(sign.text)]
        assert artery and artery[0].is_emergency, slug


def test_stockings_page_sends_pale_cold_or_numb_toes_to_911(clinic_content):
    signs = shown_signs(Treatment.objects.get(slug="compression-stockings"))
    toes = [sign for sign in signs if EMERGENCIES[TOES].search(sign.text)]
    assert toes and all(sign.is_emergency for sign in toes)


def test_a_bleeding_varicose_vein_is_on_its_condition_page_with_when_to_call_911(client, clinic_content):
    condition = Condition.objects.get(slug="varicose-veins")
    assert "bleed" in condition.urgent_advice and "911" in condition.urgent_advice
    page = client.get(condition.get_absolute_url()).content.decode()
    assert page.index("If you need help now") < page.index("Treatments for varicose veins")
