"""Every consultation response says no-store; the 429 says when to try again (Retry-After)."""

import types
from http import HTTPStatus

import pytest
from django.test import Client

from tests.helpers import FORM_URL, THANKS_URL

pytestmark = pytest.mark.django_db

NOW = 1_800_000_000.0


def assert_not_kept(response):
    assert "no-store" in response["Cache-Control"], response.get("Cache-Control")
    assert "private" in response["Cache-Control"]


def test_the_form_the_form_with_errors_the_redirect_and_the_thanks_page_are_never_kept(client, consultation_data):
    assert_not_kept(client.get(FORM_URL))
    assert_not_kept(client.get(FORM_URL, {"treatment": "some-procedure"}))
    with_errors = client.post(FORM_URL, {**consultation_data, "email": "not an email"})
    assert with_errors.status_code == HTTPStatus.OK
    assert 'value="Jane Patient"' in with_errors.content.decode()  # The patient's details are on this page...
    assert_not_kept(with_errors)  # ...so no cache may keep it.
    sent = client.post(FORM_URL, consultation_data)
    assert sent.status_code == HTTPStatus.FOUND
    assert_not_kept(sent)
    assert_not_kept(client.get(THANKS_URL))


@pytest.fixture
def clock(monkeypatch):
    """The rate limiter's clock, set by the test."""
    clock = types.SimpleNamespace(now=NOW)
    monkeypatch.setattr("django_ratelimit.core.time", types.SimpleNamespace(time=lambda: clock.now))
    return clock


def test_the_429_is_never_kept_and_says_when_the_window_ends(settings, clock, consultation_data):
    settings.CONSULTATION_RATE_LIMIT = "2/10m"
    client = Client(REMOTE_ADDR="203.0.113.50")
    assert [client.post(FORM_URL, consultation_data).status_code for _ in range(2)] == [HTTPStatus.FOUND] * 2
    limited = client.post(FORM_URL, consultation_data)
    assert limited.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert_not_kept(limited)
    wait = int(limited["Retry-After"])
    assert 0 < wait <= 10 * 60
    clock.now = NOW + wait - 1
    assert client.post(FORM_URL, consultation_data).status_code == HTTPStatus.TOO_MANY_REQUESTS
    clock.now = NOW + wait
    assert client.post(FORM_URL, consultation_data).status_code == HTTPStatus.FOUND


def test_when_the_count_cannot_be_read_the_429_gives_the_whole_window(settings, monkeypatch, consultation_data):
    settings.CONSULTATION_RATE_LIMIT = "5/15m"
    unreadable = {"count": 0, "limit": 0, "should_limit": True, "time_left": -1}  # django-ratelimit's "cache failed"
    monkeypatch.setattr("treatments.consultations.views.get_usage", lambda *args, **kwargs: unreadable)
    limited = Client().post(FORM_URL, consultation_data)
    assert limited.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert limited["Retry-After"] == str(15 * 60)
