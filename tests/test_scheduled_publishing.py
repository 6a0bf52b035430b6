"""Scheduled pages: public from their publish-at time, on their own, and never a second before."""

import datetime
import time
from http import HTTPStatus

import pytest
from django.utils import formats, timezone

from tests.helpers import TREATMENTS_URL
from treatments import page_cache
from treatments.models import Treatment

PUBLISH_AT = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC)
ONE_SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def scheduled(make_treatment):
    return make_treatment("scheduled-page", title="Scheduled page", publish_at=PUBLISH_AT)


@pytest.fixture
def clock(monkeypatch):
    """Sets the time every part of the site reads (timezone.now)."""

    def set_to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_to


@pytest.mark.parametrize(
    ("moment", "public"),
    [(PUBLISH_AT - ONE_SECOND, False), (PUBLISH_AT, True), (PUBLISH_AT + ONE_SECOND, True)],
    ids=["a second before", "at the time", "a second after"],
)
def test_published_decides_by_the_publish_at_time(scheduled, moment, public):
    assert Treatment.objects.published(now=moment).filter(pk=scheduled.pk).exists() is public
    assert Treatment.objects.scheduled(now=moment).filter(pk=scheduled.pk).exists() is not public


@pytest.mark.parametrize(("moment", "public"), [(PUBLISH_AT - ONE_SECOND, False), (PUBLISH_AT + ONE_SECOND, True)])
def test_the_page_and_the_list_follow_the_clock(client, clinic, scheduled, clock, moment, public):
    clock(moment)
    page = client.get(scheduled.get_absolute_url())
    assert page.status_code == (HTTPStatus.OK if public else HTTPStatus.NOT_FOUND)
    assert ("Scheduled page" in client.get(TREATMENTS_URL).content.decode()) is public
    assert ("/treatments/scheduled-page/" in client.get("/sitemap.xml").content.decode()) is public


def test_a_draft_with_a_past_publish_at_time_stays_a_draft(client, clinic, make_treatment):
    draft = make_treatment("draft", status=Treatment.Status.DRAFT, publish_at=timezone.now() - ONE_SECOND)
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_staff_preview_a_scheduled_page_with_its_banner(clinic, make_treatment, staff_client):
    # The real clock: a staff session idle since a made-up time would be signed out.
    publish_at = timezone.now() + datetime.timedelta(days=2)
    scheduled = make_treatment("scheduled-page", publish_at=publish_at)
    response = staff_client.get(scheduled.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "Scheduled: not public yet." in body
    assert formats.date_format(timezone.localtime(publish_at), "DATETIME_FORMAT") in body  # "Dec. 4, 2026, 8:26 AM"
    assert '<meta name="robots" content="noindex' in body


def test_cached_pages_expire_when_the_next_page_is_due(client, clinic, scheduled, clock, settings):
    """A list kept before the publish-at time is not served after it, with no edit to start a new generation."""
    settings.PAGE_CACHE_SECONDS = 600
    clock(PUBLISH_AT - datetime.timedelta(seconds=30))
    assert page_cache.seconds_until_next_publish() == 30
    response = client.get(TREATMENTS_URL)
    assert "Scheduled page" not in response.content.decode()
    assert "max-age=30" in response["Cache-Control"]


def test_without_a_scheduled_page_pages_are_kept_the_usual_time(clinic, treatment):
    assert page_cache.seconds_until_next_publish() is None
    assert page_cache.until(600, None) == 600
    assert page_cache.until(600, 30) == 30
    assert page_cache.until(600, -5) == 0


def test_a_scheduled_page_appears_on_lists_kept_before_its_time(client, clinic, make_treatment, settings):
    """On the real clock: the list is kept just before the time, then served with the page once it has come."""
    settings.PAGE_CACHE_SECONDS = 600
    make_treatment("scheduled-page", title="Scheduled page", publish_at=timezone.now() + datetime.timedelta(seconds=2))
    assert "Scheduled page" not in client.get(TREATMENTS_URL).content.decode()
    time.sleep(2.5)
    assert "Scheduled page" in client.get(TREATMENTS_URL).content.decode()
