import types
from http import HTTPStatus

import pytest
from django.core import mail
from django.test import Client

from tests.helpers import FORM_URL, PRIVACY_URL, THANKS_URL
from treatments.models import ConsultationRequest

pytestmark = pytest.mark.django_db

XSS_NAME = '"><img src=x onerror=alert(1)>'
XSS_MESSAGE = "<script>alert('x')</script>"


def test_form_preselects_the_treatment_from_the_link(client, treatment):
    response = client.get(FORM_URL, {"treatment": treatment.slug})
    assert response.status_code == HTTPStatus.OK
    assert f'<option value="{treatment.pk}" selected>' in response.content.decode()


def test_form_ignores_an_unknown_treatment_in_the_link(client, treatment):
    response = client.get(FORM_URL, {"treatment": "no-such-thing"})
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert '<option value="" selected>Not sure yet</option>' in page
    assert f'<option value="{treatment.pk}">' in page
    assert f'<option value="{treatment.pk}" selected>' not in page


def test_form_page_explains_emergencies_and_privacy(client, clinic):
    page = client.get(FORM_URL).content.decode()
    assert "Please do not use this form for urgent problems." in page
    assert clinic.emergency_advice in page
    assert f'href="{PRIVACY_URL}"' in page
    assert 'name="consent"' in page


def test_valid_submission_redirects_to_thanks_with_reference(client, clinic, consultation_data):
    response = client.post(FORM_URL, consultation_data)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == THANKS_URL
    consultation = ConsultationRequest.objects.get()
    assert consultation.name == "Jane Patient"
    assert consultation.status == ConsultationRequest.Status.NEW
    thanks = client.get(THANKS_URL)
    page = thanks.content.decode()
    assert consultation.reference in page
    assert "What happens next" in page
    assert clinic.reply_within in page
    assert clinic.phone in page
    assert "no-cache" in thanks["Cache-Control"]


def test_reloading_thanks_never_submits_again(client, consultation_data):
    client.post(FORM_URL, consultation_data)
    first = client.get(THANKS_URL).content
    assert client.get(THANKS_URL).content == first
    assert ConsultationRequest.objects.count() == 1


def test_thanks_without_a_request_goes_to_the_form(client):
    response = client.get(THANKS_URL)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == FORM_URL


def test_invalid_submission_keeps_input_and_summarises_errors(client, consultation_data):
    data = {**consultation_data, "email": "", "phone": "", "consent": "", "name": "Zoë Ñandú"}
    response = client.post(FORM_URL, data)
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    for fragment in [
        'value="Zoë Ñandú"',  # What was typed is kept.
        "My legs ache by the evening.",
        'id="error-summary"',  # Each error is summarised, linked to its field, and tied to it for screen readers.
        '<a href="#id_email">Please give an email address or a phone number.</a>',
        '<a href="#id_consent">Please tick this box so we can contact you.</a>',
        'aria-describedby="id_email_helptext id_email_error"',
        'id="id_email_error"',
        'aria-invalid="true"',
    ]:
        assert fragment in page, fragment
    assert ConsultationRequest.objects.count() == 0


@pytest.mark.parametrize("field", ["name", "preferred_time", "message", "phone", "email"])
def test_over_long_values_get_a_message_not_a_500(client, consultation_data, field):
    response = client.post(FORM_URL, {**consultation_data, field: "9" * 5000})
    assert response.status_code == HTTPStatus.OK
    assert 'id="error-summary"' in response.content.decode()
    assert ConsultationRequest.objects.count() == 0


def test_emoji_and_non_latin_names_are_welcome(client, consultation_data):
    names = ["王秀英", "Мария Иванова", "محمد", "Zoë 🌿 O'Brien-Núñez"]
    for name in names:
        assert client.post(FORM_URL, {**consultation_data, "name": name}).status_code == HTTPStatus.FOUND
    assert sorted(ConsultationRequest.objects.values_list("name", flat=True)) == sorted(names)


def test_xss_is_stored_as_typed_and_shown_escaped(client, admin_client, consultation_data):
    client.post(FORM_URL, {**consultation_data, "name": XSS_NAME, "message": XSS_MESSAGE})
    consultation = ConsultationRequest.objects.get()
    assert consultation.name == XSS_NAME
    assert consultation.message == XSS_MESSAGE
    pages = [
        admin_client.get("/admin/treatments/consultationrequest/"),
        admin_client.get(f"/admin/treatments/consultationrequest/{consultation.pk}/change/"),
        client.post(FORM_URL, {**consultation_data, "name": XSS_NAME, "message": XSS_MESSAGE, "consent": ""}),
    ]
    for response in pages:
        page = response.content.decode()
        assert "<img src=x onerror" not in page
        assert "<script>alert('x')</script>" not in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in pages[0].content.decode()


def test_honeypot_gets_the_same_thanks_and_is_stored_as_spam(client, consultation_data):
    response = client.post(FORM_URL, {**consultation_data, "website": "http://buy.example"})
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == THANKS_URL
    consultation = ConsultationRequest.objects.get()
    assert consultation.status == ConsultationRequest.Status.SPAM
    assert consultation.reference in client.get(THANKS_URL).content.decode()
    assert mail.outbox == []


def test_honeypot_is_hidden_from_people(client, clinic):
    page = client.get(FORM_URL).content.decode()
    assert 'class="hp-field"' in page
    assert 'tabindex="-1"' in page


def test_missing_csrf_token_gets_the_sites_own_403(consultation_data):
    client = Client(enforce_csrf_checks=True)
    response = client.post(FORM_URL, consultation_data)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "Please send the form again" in response.content.decode()
    assert ConsultationRequest.objects.count() == 0


def test_rate_limit_per_client_then_429_keeping_input(settings, clinic, consultation_data):
    settings.CONSULTATION_RATE_LIMIT = "3/10m"
    first, second = Client(REMOTE_ADDR="203.0.113.1"), Client(REMOTE_ADDR="203.0.113.2")
    statuses = [first.post(FORM_URL, consultation_data).status_code for _ in range(3)]
    assert statuses == [HTTPStatus.FOUND] * 3
    limited = first.post(FORM_URL, {**consultation_data, "name": "Still Typed"})
    assert limited.status_code == HTTPStatus.TOO_MANY_REQUESTS
    page = limited.content.decode()
    assert "Please wait a few minutes" in page
    assert clinic.phone in page
    assert 'value="Still Typed"' in page
    assert second.post(FORM_URL, consultation_data).status_code == HTTPStatus.FOUND
    assert ConsultationRequest.objects.count() == 4


def test_rate_limit_resets_after_its_period(settings, monkeypatch, consultation_data):
    settings.CONSULTATION_RATE_LIMIT = "2/10m"
    now = 1_800_000_000.0
    clock = types.SimpleNamespace(time=lambda: now)
    monkeypatch.setattr("django_ratelimit.core.time", clock)
    client = Client(REMOTE_ADDR="203.0.113.9")
    assert [client.post(FORM_URL, consultation_data).status_code for _ in range(3)] == [302, 302, 429]
    now += 10 * 60
    assert client.post(FORM_URL, consultation_data).status_code == HTTPStatus.FOUND


def test_posts_with_mistakes_are_not_counted_so_correcting_them_never_locks_a_patient_out(
    settings, client, consultation_data
):
    settings.CONSULTATION_RATE_LIMIT = "1/10m"
    for _ in range(4):
        mistaken = client.post(FORM_URL, {**consultation_data, "email": "not-an-address"})
        assert mistaken.status_code == HTTPStatus.OK and "Please enter an email address" in mistaken.content.decode()
    assert client.post(FORM_URL, consultation_data).status_code == HTTPStatus.FOUND
    assert client.post(FORM_URL, consultation_data).status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_rate_limit_counts_posts_only(settings, client, consultation_data):
    settings.CONSULTATION_RATE_LIMIT = "1/10m"
    for _ in range(3):
        assert client.get(FORM_URL).status_code == HTTPStatus.OK
    assert client.post(FORM_URL, consultation_data).status_code == HTTPStatus.FOUND


def test_privacy_page_shows_the_clinics_notice(client, clinic):
    response = client.get(PRIVACY_URL)
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    for paragraph in clinic.privacy_notice.split("\n\n"):
        assert f"<p>{paragraph}</p>" in page


@pytest.mark.parametrize(
    ("rate", "seconds"), [("5/10m", 600), ("5/m", 60), ("1/2h", 7200), ("3/d", 86400), ("9/30s", 30)]
)
def test_a_rates_window_is_read_as_django_ratelimit_writes_it(rate, seconds):
    from treatments.consultations.views import window_seconds

    assert window_seconds(rate) == seconds
