"""The page cache: anonymous visitors get public pages with no database query, and never a stale or private one."""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import ClinicDetailsFactory, ConsultationRequestFactory, UserFactory
from tests.helpers import FORM_URL, PRIVACY_URL, TREATMENTS_URL, admin_change_url, post_admin_form
from treatments import urls
from treatments.models import ClinicDetails, ConsultationRequest, Treatment
from treatments.models.procedures import LinkedItem
from treatments.page_cache import GENERATION_KEY, PUBLIC_PAGES, content_models
from treatments.procedures.structure import LISTS
from treatments.site_pages import PrivacyView

pytestmark = pytest.mark.django_db

# A path, or the page of the `treatment` fixture ("procedure") or of its `condition`.
PUBLIC_PATHS = [
    "/",
    TREATMENTS_URL,
    f"{TREATMENTS_URL}?condition=leg-ulcers",
    "procedure",
    "condition",
    PRIVACY_URL,
    "/sitemap.xml",
    "/robots.txt",
]
# What a request the page cache cannot answer costs at most: the treatment list for a made-up condition
# (its queries, one for the next scheduled page's or draft's time, which caps how long pages are kept, and one
# for scheduled drafts already due, which the request publishes first).
UNANSWERED_LIST_QUERIES = 7
# The pages that show the clinic's details.
HTML_PATHS = ["/", TREATMENTS_URL, "procedure", "condition", PRIVACY_URL]


@pytest.fixture
def path(request, treatment, condition):
    pages = {"procedure": treatment, "condition": condition}
    return pages[request.param].get_absolute_url() if request.param in pages else request.param


@pytest.fixture
def staff_client_of(db):
    """A second browser, a logged-in staff member's, beside the anonymous `client`."""

    def make():
        staff = Client()
        staff.force_login(UserFactory(username="page-cache-editor"))
        return staff

    return make


def queries_of(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries)


@pytest.mark.parametrize("path", PUBLIC_PATHS, indirect=True)
def test_second_anonymous_request_reads_nothing(client, path, django_assert_num_queries):
    first = client.get(path)
    assert first.status_code == HTTPStatus.OK
    with django_assert_num_queries(0):
        second = client.get(path)
    assert second.status_code == HTTPStatus.OK
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Permissions-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "X-Frame-Options",
    "Cache-Control",
    "Vary",
)


@pytest.mark.parametrize("accept_encoding", ["", "gzip, deflate, br"])
def test_a_hit_carries_every_header_the_rendered_page_had(client, treatment, accept_encoding):
    """Hits are answered before the security middleware runs: the kept response must hold its headers."""
    url = treatment.get_absolute_url()
    first = client.get(url, HTTP_ACCEPT_ENCODING=accept_encoding)
    second = client.get(url, HTTP_ACCEPT_ENCODING=accept_encoding)
    for header in SECURITY_HEADERS:
        assert second.has_header(header), header
        assert second[header] == first[header], header
    assert second.get("Content-Encoding") == first.get("Content-Encoding")
    assert second.content == first.content


def test_browsers_that_do_not_take_gzip_never_get_a_gzipped_copy(client, treatment):
    url = treatment.get_absolute_url()
    assert client.get(url, HTTP_ACCEPT_ENCODING="gzip")["Content-Encoding"] == "gzip"
    plain = client.get(url)
    assert not plain.has_header("Content-Encoding")
    assert b"<!doctype html>" in plain.content


def test_head_is_answered_from_the_page_a_get_kept(client, treatment, django_assert_num_queries):
    client.get(treatment.get_absolute_url())
    with django_assert_num_queries(0):
        assert client.head(treatment.get_absolute_url()).status_code == HTTPStatus.OK


def test_every_public_route_but_the_form_and_healthz_is_a_cached_page():
    """A page added to treatments/urls.py must be sorted here: cached, or listed as never cached."""
    never_cached = {"treatments:consultation", "treatments:consultation_thanks", "treatments:healthz"}
    never_cached |= {"treatments:aftercare_plan", "treatments:aftercare_calendar"}  # A patient's own dates.
    never_cached |= {"treatments:search"}  # Each query its own page: they would fill the cache.
    never_cached |= {"treatments:self_check"}  # A patient's answers; its blank form is on the procedure page.
    routes = {f"{urls.app_name}:{pattern.name}" for pattern in urls.urlpatterns}
    assert set(PUBLIC_PAGES) == routes - never_cached


def test_parameters_the_page_does_not_read_share_its_entry(client, treatment, django_assert_num_queries):
    page = client.get(treatment.get_absolute_url()).content
    with django_assert_num_queries(0):
        tracked = client.get(treatment.get_absolute_url(), {"utm_source": "newsletter", "fbclid": "abc", "x": "42"})
    assert tracked.content == page


def test_the_condition_filter_has_its_own_entry(client, treatment, condition, make_treatment):
    other = make_treatment(slug="not-for-leg-ulcers")
    everything = client.get(TREATMENTS_URL).content.decode()
    filtered = client.get(TREATMENTS_URL, {"condition": condition.slug}).content.decode()
    assert other.title in everything
    assert other.title not in filtered
    assert treatment.title in filtered
    assert other.title not in client.get(TREATMENTS_URL, {"condition": condition.slug}).content.decode()


def test_an_unknown_condition_is_served_but_not_kept(client, treatment):
    client.get(TREATMENTS_URL, {"condition": "made-up"})
    response, queries = queries_of(client, f"{TREATMENTS_URL}?condition=made-up")
    assert "We could not find a condition called “made-up”" in response.content.decode()
    assert 0 < queries <= UNANSWERED_LIST_QUERIES  # Rendered, and still cheap.


def test_a_page_that_is_not_there_is_not_kept(client, treatment):
    client.get("/treatments/no-such-procedure/")
    response, queries = queries_of(client, "/treatments/no-such-procedure/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert queries > 0
    assert "public" not in response.get("Cache-Control", "")


def test_anonymous_public_pages_may_be_kept_by_browsers_and_proxies(client, treatment, settings):
    settings.PAGE_MAX_AGE_SECONDS = 45
    for response in (client.get(treatment.get_absolute_url()), client.get(treatment.get_absolute_url())):
        directives = {directive.strip() for directive in response["Cache-Control"].split(",")}
        assert directives == {"public", "max-age=45"}
        assert "Cookie" in response["Vary"]


@pytest.mark.parametrize("url", [FORM_URL, "/admin/login/"])
def test_the_form_and_the_admin_are_never_kept(client, treatment, url):
    client.get(url)
    response, queries = queries_of(client, url)
    assert response.status_code == HTTPStatus.OK
    assert queries > 0
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("path", HTML_PATHS, indirect=True)
def test_staff_see_live_pages_that_no_proxy_keeps(client, staff_client_of, path, treatment):
    client.get(path)  # An anonymous visitor's request leaves the page in the cache.
    # A change that sends no signal (a bulk update): only a fresh render shows it.
    Treatment.objects.filter(pk=treatment.pk).update(title="Live title")
    ClinicDetails.objects.filter(pk=1).update(name="Live Clinic Name")
    assert "Live Clinic Name" not in client.get(path).content.decode()  # The anonymous visitor's kept page.
    staff = staff_client_of()
    response = staff.get(path)
    assert "Live Clinic Name" in response.content.decode()
    assert set(response["Cache-Control"].replace(" ", "").split(",")) == {"private", "no-cache"}
    assert "Cookie" in response["Vary"]


def test_a_session_cookie_alone_bypasses_the_cache(client, treatment):
    client.get(treatment.get_absolute_url())
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-real-session"
    response, queries = queries_of(client, treatment.get_absolute_url())
    assert queries > 0
    assert "private" in response["Cache-Control"]


def test_drafts_are_never_kept_and_never_leak(client, staff_client_of, make_treatment):
    draft = make_treatment(slug="draft-procedure", status=Treatment.Status.DRAFT)
    staff = staff_client_of()
    for _ in range(2):
        response, queries = queries_of(staff, draft.get_absolute_url())
        assert "Draft: not public." in response.content.decode()
        assert queries > 0
        assert "public" not in response["Cache-Control"]
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert draft.title not in client.get(TREATMENTS_URL).content.decode()


def test_unpublishing_in_the_admin_takes_the_page_down_at_once(client, admin_client, treatment):
    assert client.get(treatment.get_absolute_url()).status_code == HTTPStatus.OK
    response = post_admin_form(admin_client, admin_change_url(treatment), status=Treatment.Status.DRAFT)
    assert response.status_code == HTTPStatus.FOUND
    assert client.get(treatment.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert treatment.title not in client.get(TREATMENTS_URL).content.decode()


def test_an_admin_edit_of_a_faq_shows_on_the_next_anonymous_request(client, admin_client, treatment):
    assert "An answer staff just wrote." not in client.get(treatment.get_absolute_url()).content.decode()
    response = post_admin_form(
        admin_client, admin_change_url(treatment), **{"faqs-0-answer": "An answer staff just wrote."}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert "An answer staff just wrote." in client.get(treatment.get_absolute_url()).content.decode()


@pytest.mark.parametrize("path", HTML_PATHS, indirect=True)
def test_a_clinic_phone_change_shows_on_every_page(client, admin_client, path):
    old_phone = ClinicDetails.load().phone
    assert old_phone in client.get(path).content.decode()
    response = post_admin_form(admin_client, "/admin/treatments/clinicdetails/1/change/", phone="(555) 010-7777")
    assert response.status_code == HTTPStatus.FOUND
    page = client.get(path).content.decode()
    assert "(555) 010-7777" in page
    assert old_phone not in page


@pytest.mark.parametrize("part", LISTS, ids=lambda part: part.related_name)
def test_a_row_of_every_declared_list_invalidates_pages(client, treatment, part):
    """What the declared structure adds to a procedure page is watched without another list to keep."""
    client.get(treatment.get_absolute_url())
    row = part.content(treatment).first()
    row = row.entry if isinstance(row, LinkedItem) else row  # A source or sign: its words are the library entry's.
    text_field = next(
        f.name
        for f in type(row)._meta.concrete_fields
        if f.get_internal_type() in {"TextField", "CharField"} and not f.choices and f.name != "url"
    )
    setattr(row, text_field, "Edited row text")
    row.save()
    assert "Edited row text" in client.get(treatment.get_absolute_url()).content.decode()
    part.content(treatment).first().delete()
    assert "Edited row text" not in client.get(treatment.get_absolute_url()).content.decode()


def test_linking_a_related_procedure_invalidates_pages(client, treatment, make_treatment):
    other = make_treatment(slug="other-procedure")
    assert other.title not in client.get(treatment.get_absolute_url()).content.decode()
    treatment.related_treatments.add(other)
    assert other.title in client.get(treatment.get_absolute_url()).content.decode()


def test_the_watched_models_are_what_pages_show_and_not_patients_requests():
    watched = set(content_models())
    assert {part.model for part in LISTS} <= watched
    assert {field.remote_field.through for field in Treatment._meta.many_to_many} <= watched
    assert ConsultationRequest not in watched


def test_a_consultation_request_keeps_the_pages(client, treatment, django_assert_num_queries):
    client.get(treatment.get_absolute_url())
    ConsultationRequestFactory(treatment=treatment)
    with django_assert_num_queries(0):
        client.get(treatment.get_absolute_url())


def test_another_worker_s_edit_reaches_this_one(client, treatment):
    """The generation lives in the shared cache: an increment anywhere makes every kept page old."""
    client.get(treatment.get_absolute_url())
    Treatment.objects.filter(pk=treatment.pk).update(title="Edited on another host")
    cache.incr(GENERATION_KEY)  # What that host's signal handler did.
    assert "Edited on another host" in client.get(treatment.get_absolute_url()).content.decode()


def test_a_flushed_cache_starts_a_new_generation(client, treatment):
    client.get(treatment.get_absolute_url())
    old = cache.get(GENERATION_KEY)
    cache.clear()
    assert client.get(treatment.get_absolute_url()).status_code == HTTPStatus.OK
    assert cache.get(GENERATION_KEY) not in (None, old)


def test_an_edit_bumps_again_after_its_commit(treatment, django_capture_on_commit_callbacks):
    """A page rendered by another worker between the save and the commit shows the old data: not kept."""
    ClinicDetailsFactory()
    before = cache.get(GENERATION_KEY) or 0
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        clinic = ClinicDetails.load()
        clinic.phone = "(555) 010-1111"
        clinic.save()
    during = cache.get(GENERATION_KEY)
    assert during != before
    for callback in callbacks:
        callback()
    assert cache.get(GENERATION_KEY) != during


def test_a_response_that_sets_a_cookie_is_not_kept(client, clinic, monkeypatch):
    render = PrivacyView.render_to_response

    def render_with_cookie(self, context, **kwargs):
        response = render(self, context, **kwargs)
        response.set_cookie("chosen", "yes")
        return response

    monkeypatch.setattr(PrivacyView, "render_to_response", render_with_cookie)
    client.get(PRIVACY_URL)
    response, queries = queries_of(client, PRIVACY_URL)
    assert queries > 0
    assert "public" not in response["Cache-Control"]


def test_page_cache_seconds_zero_keeps_nothing(client, treatment, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(treatment.get_absolute_url())
    assert queries_of(client, treatment.get_absolute_url())[1] > 0
