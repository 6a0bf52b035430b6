"""One JSON line per request, with its id, and never a patient's details anywhere in the log."""

import json
import logging
import re
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from tests.helpers import FORM_URL
from treatments.models import ConsultationRequest
from treatments.operations import request_log

pytestmark = pytest.mark.django_db

DETAILS = {
    "name": "Quintessa Marlowe",
    "email": "quintessa.marlowe@example.org",
    "phone": "+1 (555) 010-4477",
    "preferred_time": "Tuesdays after the school run",
    "message": "Aching left calf since my second pregnancy",
}


def request_lines(caplog):
    return [json.loads(record.getMessage()) for record in caplog.records if record.name == request_log.__name__]


def everything_logged(caplog):
    """Every record as a handler writes it: its level, logger, message and any traceback."""
    return caplog.text


def test_each_request_writes_one_json_line_and_echoes_its_id(client, caplog, treatment):
    caplog.set_level(logging.INFO)
    response = client.get(f"/treatments/?condition={treatment.conditions.first().slug}")
    [line] = request_lines(caplog)
    assert set(line) == {"request_id", "method", "path", "status", "duration_ms"}
    assert line["method"] == "GET"
    assert line["path"] == "/treatments/"  # Never the query string.
    assert line["status"] == HTTPStatus.OK
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert re.fullmatch(r"[0-9a-f]{32}", line["request_id"])
    assert response["X-Request-ID"] == line["request_id"]


def test_the_front_servers_request_id_is_kept_when_it_is_a_plain_token(client, caplog):
    caplog.set_level(logging.INFO)
    for sane in ["4bf92f3577b34da6a3ce929d0e0e4736", "req-2026-01-15_0001.a", "x" * 128]:
        assert client.get("/privacy/", HTTP_X_REQUEST_ID=sane)["X-Request-ID"] == sane
    for odd in ["short", "has space inside it", "new\nline-injected", "x" * 129, "ünïcödé-id-1234", "a;b=c,d/e"]:
        replaced = client.get("/privacy/", HTTP_X_REQUEST_ID=odd)["X-Request-ID"]
        assert re.fullmatch(r"[0-9a-f]{32}", replaced), odd
    assert len(request_lines(caplog)) == 9


def test_every_answer_is_logged_refusals_and_errors_included(client, caplog):
    caplog.set_level(logging.INFO)
    client.get("/no-such-page/")
    client.get("/treatments/?condition=a%00b")
    assert [line["status"] for line in request_lines(caplog)] == [HTTPStatus.NOT_FOUND, HTTPStatus.BAD_REQUEST]


def test_a_patients_details_never_reach_the_log(settings, caplog, treatment, front_desk_client):
    caplog.set_level(logging.DEBUG)  # Everything any logger writes.
    settings.CONSULTATION_RATE_LIMIT = "1/10m"
    patient = Client(REMOTE_ADDR="203.0.113.77")
    form = {**DETAILS, "preferred_contact": "phone", "treatment": str(treatment.pk), "consent": "on"}
    link = f"{FORM_URL}?treatment={treatment.slug}&name={DETAILS['name']}"
    assert patient.post(link, {**form, "email": "not an email"}).status_code == HTTPStatus.OK  # with errors
    assert patient.post(link, form).status_code == HTTPStatus.FOUND
    assert patient.post(link, form).status_code == HTTPStatus.TOO_MANY_REQUESTS  # The one complete post counted.
    consultation = ConsultationRequest.objects.get()

    changelist = reverse("admin:treatments_consultationrequest_changelist")
    searches = [
        {"q": DETAILS["name"]},
        {"q": DETAILS["phone"]},
        {"q": DETAILS["email"], "status__exact": "new", "treatment__id__exact": treatment.pk},
        {"q": consultation.reference},
    ]
    for search in searches:
        assert front_desk_client.get(changelist, search).status_code == HTTPStatus.OK
    change = reverse("admin:treatments_consultationrequest_change", args=[consultation.pk])
    assert front_desk_client.get(change).status_code == HTTPStatus.OK

    logged = everything_logged(caplog)
    assert len(request_lines(caplog)) == 3 + len(searches) + 1
    for detail in [*DETAILS.values(), DETAILS["name"].split()[0], consultation.reference, "quintessa"]:
        assert detail not in logged
        assert detail.lower() not in logged.lower()
