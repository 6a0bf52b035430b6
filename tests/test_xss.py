"""Staff-entered text is escaped wherever a public page shows it.

Every free-text field of every content model (the clinic, specialists, conditions, procedures and
every list the procedure structure declares) holds markup that would run if printed raw; no public
page may contain it raw, the JSON-LD included.
"""

import datetime
import io
import json
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils.html import escape
from PIL import Image

from tests.factories import ClinicDetailsFactory, ConditionFactory, SpecialistFactory, TreatmentFactory, list_row
from tests.helpers import FORM_URL, PRIVACY_URL, THANKS_URL, TREATMENTS_URL, json_ld
from treatments.models import ClinicDetails, Condition, Specialist, Treatment
from treatments.procedures.structure import LISTS

pytestmark = pytest.mark.django_db

# Breaks out of an attribute into an element with a handler, and out of a <script> (JSON-LD) into a new one.
SVG_ATTACK = '"><svg onload=alert(1)>'
SCRIPT_ATTACK = "</script><script>alert(2)</script>"
PAYLOAD = SVG_ATTACK + SCRIPT_ATTACK
RAW_MARKUP = ("<svg onload=alert(1)>", "<script>alert(2)</script>")


def free_text_fields(model):
    """The fields staff type free text into: not slugs, emails or addresses the model validates, nor choices."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.SlugField | models.EmailField | models.URLField)
        and not field.choices
    ]


def hostile(model, short_field_attack):
    """Every free-text field of the model filled with the payload; a field too short to hold it
    (the clinic's phone) gets one attack at a time, as an editor could type it there."""
    return {
        field.name: PAYLOAD if field.max_length is None or field.max_length >= len(PAYLOAD) else short_field_attack
        for field in free_text_fields(model)
    }


def small_jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, format="JPEG")
    return SimpleUploadedFile("leg.jpg", buffer.getvalue())


@pytest.fixture(params=[SVG_ATTACK, SCRIPT_ATTACK], ids=["svg in short fields", "script in short fields"])
def hostile_site(request, db):
    """A clinic whose every content field holds the payload; returns the procedure and the condition."""
    attack = request.param
    ClinicDetailsFactory(**hostile(ClinicDetails, attack))
    reviewer = SpecialistFactory(**hostile(Specialist, attack))
    condition = ConditionFactory(slug="hostile-condition", **hostile(Condition, attack))
    treatment = TreatmentFactory(
        slug="hostile-procedure",
        is_featured=True,
        hero_image=small_jpeg(),
        reviewer=reviewer,
        last_reviewed=datetime.date(2026, 1, 15),
        conditions=[condition],
        **hostile(Treatment, attack),
    )
    for part in LISTS:
        row = list_row(part, treatment, 1)  # Every field filled (a source's year and address too)...
        for name, value in hostile(part.model, attack).items():  # ...then the free text made hostile.
            setattr(row, name, value)
        row.save()
    return treatment, condition


def pages(client, treatment, condition):
    """(name, status, HTML) of every public page."""
    yield "home", *fetch(client.get("/"))
    yield "treatment list", *fetch(client.get(TREATMENTS_URL))
    yield "procedure", *fetch(client.get(treatment.get_absolute_url()))
    yield "condition", *fetch(client.get(condition.get_absolute_url()))
    yield "compare", *fetch(client.get(f"{condition.get_absolute_url()}compare/"))
    yield "consultation form", *fetch(client.get(FORM_URL, {"treatment": treatment.slug}))
    yield "form with errors", *fetch(client.post(FORM_URL, {"name": "", "treatment": str(treatment.pk)}))
    sent = {"name": "Jane Patient", "phone": "555 010 0199", "preferred_contact": "phone", "consent": "on"}
    yield "thanks", *fetch(client.post(FORM_URL, sent, follow=True))
    yield "privacy", *fetch(client.get(PRIVACY_URL))
    yield "404", *fetch(client.get("/no-such-page/"))


def fetch(response):
    if getattr(response, "redirect_chain", None):
        assert response.redirect_chain[-1][0] == THANKS_URL
    return response.status_code, response.content.decode()


def test_no_public_page_shows_staff_text_raw(client, hostile_site):
    treatment, condition = hostile_site
    expected = {"404": HTTPStatus.NOT_FOUND}
    with_json_ld = set()
    for name, status, page in pages(client, treatment, condition):
        assert status == expected.get(name, HTTPStatus.OK), name
        for markup in RAW_MARKUP:
            assert markup not in page, f"{markup} raw on the {name} page"
            # The text is shown, escaped: the page really printed the hostile fields.
            assert escape(markup) in page, f"{markup} not shown on the {name} page"
        if data := json_ld(page):
            # Still one block each, whole: the text is data inside it, intact.
            assert json.dumps(PAYLOAD) in json.dumps(data), name
            with_json_ld.add(name)
    assert with_json_ld == {"home", "procedure", "condition", "compare"}
