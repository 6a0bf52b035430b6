"""Bad input gets a 4xx page in the site's design, never a 500: on every public page and every admin list.

Runs on the suite's database: SQLite, and PostgreSQL, which refuses a NUL byte in any text it is given.
"""

import io
import ipaddress
import os
from http import HTTPStatus

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.test import Client
from django.urls import reverse
from PIL import Image

from tests.factories import ConsultationRequestFactory, SpecialistFactory, UserFactory
from tests.helpers import FORM_URL, Browser, gunicorn_site_environment
from tests.servers import running_gunicorn
from treatments import urls as public_routes
from treatments.consultations.client_ip import client_ip
from treatments.models import ConsultationRequest, Specialist

pytestmark = pytest.mark.django_db

NUL = "%00"
# Percent-encoded bytes that are not UTF-8: a lone continuation byte, a cut sequence, an encoded surrogate...
INVALID_UTF8 = ["%ff%fe", "%c3%28", "%80", "%ed%a0%80", "%f8%88%80%80%80"]
ODD_VALUES = [*INVALID_UTF8, "99999999999999999999999", "-1", "1.5", "garbage", "", "%20" * 3, "a" * 2000]
ADMIN_ODD_VALUES = ["%ff%fe", "%ed%a0%80", "99999999999999999999999", "garbage"]
# Query parameters the site's views, the page cache and the admin read.
PARAMETERS = ["condition", "treatment", "p", "q", "o", "e", "x", "option", "priority", "summary"]
UNREADABLE = "We could not read that request"
CLIENT_ERRORS = range(HTTPStatus.BAD_REQUEST, HTTPStatus.INTERNAL_SERVER_ERROR)


@pytest.fixture
def public_urls(treatment, condition):
    """Every route of treatments/urls.py, with the slugs of real rows."""
    slugs = {"detail": treatment.slug, "condition": condition.slug}
    slugs["compare"] = slugs["compare_summary"] = condition.slug
    slugs["specialist"] = SpecialistFactory(slug="a-specialist").slug
    slugs["self_check"] = treatment.slug
    slugs["aftercare_plan"] = slugs["aftercare_calendar"] = treatment.slug
    return [
        reverse(
            f"{public_routes.app_name}:{route.name}",
            kwargs={"slug": slugs[route.name]} if route.pattern.converters else {},
        )
        for route in public_routes.urlpatterns
    ]


@pytest.fixture
def browser():
    """A test client that turns an exception into the 500 page, as the server does, so the status says it."""
    return Client(raise_request_exception=False)


@pytest.fixture
def superuser(browser):
    browser.force_login(UserFactory(username="root", is_superuser=True))
    return browser


def assert_refused(response, status=HTTPStatus.BAD_REQUEST, title=UNREADABLE):
    assert response.status_code == status, response.content[:500]
    page = response.content.decode()
    assert f"<h1>{title}" in page  # The site's own page, in its design...
    assert 'class="site-header' in page
    assert "no-store" in response["Cache-Control"]


def assert_no_500(response, url):
    assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, (url, response.status_code)


@pytest.mark.parametrize("parameter", PARAMETERS)
def test_a_nul_byte_in_the_query_string_is_refused_on_every_page(browser, public_urls, clinic, parameter):
    for url in public_urls:
        response = browser.get(f"{url}?{parameter}=a{NUL}b")
        assert_refused(response)
        assert clinic.phone in response.content.decode()
    assert_refused(browser.get(f"{public_urls[0]}?a{NUL}=1"))  # In a name too.


@pytest.mark.parametrize("value", ODD_VALUES)
def test_invalid_utf8_and_odd_values_in_the_query_string_are_never_a_500(browser, public_urls, value):
    for url in public_urls:
        for parameter in PARAMETERS:
            assert_no_500(browser.get(f"{url}?{parameter}={value}"), f"{url}?{parameter}={value}")


@pytest.mark.parametrize("segment", [*INVALID_UTF8, f"a{NUL}b", "%00", "..%2f..%2fetc%2fpasswd"])
def test_odd_bytes_in_the_path_are_not_found_or_refused(browser, treatment, segment):
    for path in [f"/treatments/{segment}/", f"/conditions/{segment}/", f"/{segment}/"]:
        response = browser.get(path)
        assert HTTPStatus.BAD_REQUEST <= response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, path
    assert_no_500(browser.get(f"/admin/{segment}/"), segment)  # The admin sends a visitor to sign in first.


def test_an_absurdly_long_address_is_refused(browser, public_urls):
    # The search page cuts a long query itself and says so (tests/test_search.py).
    for url in set(public_urls) - {reverse("treatments:search")}:
        assert_refused(
            browser.get(f"{url}?q={'a' * 100_000}"), HTTPStatus.REQUEST_URI_TOO_LONG, "That address is too long"
        )


@pytest.mark.parametrize("header", ["HTTP_USER_AGENT", "HTTP_ACCEPT_LANGUAGE", "HTTP_X_FORWARDED_FOR", "HTTP_REFERER"])
def test_a_one_megabyte_header_is_never_a_500(browser, public_urls, settings, header):
    """gunicorn refuses such a header itself (test_gunicorn_refuses_...); behind another server, the site copes."""
    settings.TRUSTED_PROXY_COUNT = 1
    for url in public_urls:
        assert_no_500(browser.get(url, **{header: "a" * 1024 * 1024}), url)
    assert_no_500(browser.post(FORM_URL, {"name": "x"}, **{header: "a" * 1024 * 1024}), FORM_URL)


@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken", "messages", "anything"])
def test_a_nul_byte_in_a_cookie_is_refused_and_the_cookie_removed(browser, public_urls, cookie):
    # A quoted cookie value may hold octal escapes: \000 is a NUL byte once Django has read it.
    for url in [*public_urls, reverse("admin:index"), reverse("admin:treatments_consultationrequest_changelist")]:
        response = browser.get(url, HTTP_COOKIE=f'{cookie}="abcdefgh\\000ijklmnop"')
        assert_refused(response, title="We could not read your browser")
        assert response.cookies[cookie]["max-age"] == 0, url


def changelist_filters(client, model_admin):
    """The changelist's address and the query parameters of its filters (list_filter, date hierarchy)."""
    options = model_admin.model._meta
    url = reverse(f"admin:{options.app_label}_{options.model_name}_changelist")
    response = client.get(url)
    if response.status_code != HTTPStatus.OK:  # Clinic details goes straight to its one row.
        return url, []
    changelist = response.context["cl"]
    names = [name for spec in changelist.filter_specs for name in spec.expected_parameters()]
    return url, names


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda model: model._meta.label)
def test_every_admin_list_filter_refuses_nul_and_survives_odd_values(superuser, treatment, model):
    ConsultationRequestFactory(treatment=treatment)  # Filters on requests list what there is.
    url, filters = changelist_filters(superuser, admin.site._registry[model])
    for name in [*filters, "q", "o", "p"]:
        assert_refused(superuser.get(f"{url}?{name}=a{NUL}b"))
        for value in ADMIN_ODD_VALUES:
            response = superuser.get(f"{url}?{name}={value}")
            assert response.status_code in {HTTPStatus.OK, HTTPStatus.FOUND}, (url, name, value)


def test_a_nul_byte_in_an_admin_post_is_refused(superuser, treatment):
    url = reverse("admin:treatments_consultationrequest_changelist")
    body = f"action=delete_selected&_selected_action=1{NUL}&index=0"
    assert_refused(superuser.post(url, body, content_type="application/x-www-form-urlencoded"))


def urlencoded_form(**fields):
    data = {"name": "Jane", "phone": "555 010 0100", "preferred_contact": "phone", "consent": "on", **fields}
    return "&".join(f"{name}={value}" for name, value in data.items())


@pytest.mark.parametrize(
    "field",
    [
        "name",
        "email",
        "phone",
        "preferred_contact",
        "preferred_time",
        "treatment",
        "message",
        "consent",
        "website",
        "csrfmiddlewaretoken",
    ],
)
def test_a_nul_byte_in_any_form_field_is_refused_and_nothing_saved(browser, clinic, field):
    response = browser.post(
        FORM_URL, urlencoded_form(**{field: f"a{NUL}b"}), content_type="application/x-www-form-urlencoded"
    )
    assert_refused(response)
    assert "Nothing was saved or sent." in response.content.decode()
    assert not ConsultationRequest.objects.exists()


@pytest.mark.parametrize("value", INVALID_UTF8)
@pytest.mark.parametrize("field", ["name", "email", "phone", "preferred_time", "treatment", "message"])
def test_invalid_utf8_in_a_form_field_is_never_a_500(browser, treatment, field, value):
    response = browser.post(
        FORM_URL, urlencoded_form(**{field: value}), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code in {HTTPStatus.OK, HTTPStatus.FOUND}


def test_a_body_over_the_limit_is_refused_unread(browser, settings, clinic):
    body = urlencoded_form(message="a" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    response = browser.post(FORM_URL, body, content_type="application/x-www-form-urlencoded")
    assert_refused(response, HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "What you sent is too large")
    assert "This form takes up to 256 KB of text." in response.content.decode()
    assert not ConsultationRequest.objects.exists()


@pytest.fixture
def files_written(monkeypatch):
    """The names of uploads Django began to write to a temporary file on disk."""
    written = []
    new_file = TemporaryFileUploadHandler.new_file

    def recording_new_file(handler, field_name, file_name, *args, **kwargs):
        written.append(file_name)
        return new_file(handler, field_name, file_name, *args, **kwargs)

    monkeypatch.setattr(TemporaryFileUploadHandler, "new_file", recording_new_file)
    return written


@pytest.mark.parametrize("size", [10, 200 * 1024, 10 * 1024 * 1024])
def test_the_form_takes_no_files_and_writes_none_to_disk(browser, consultation_data, files_written, size):
    upload = SimpleUploadedFile("scan.pdf", os.urandom(size))
    response = browser.post(
        FORM_URL, {**consultation_data, "attachment": upload}
    )  # multipart, as a browser sends files
    if size > 256 * 1024:
        assert_refused(response, HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "What you sent is too large")
    else:
        assert_refused(response, HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "This form does not take files")
    assert files_written == []
    assert not ConsultationRequest.objects.exists()


def test_the_form_sent_as_multipart_without_files_still_works(browser, consultation_data):
    assert browser.post(FORM_URL, consultation_data).status_code == HTTPStatus.FOUND  # The test client's multipart.
    assert ConsultationRequest.objects.get().name == consultation_data["name"]


@pytest.mark.parametrize("content_type", ["multipart/form-data", "multipart/form-data; boundary="])
def test_a_multipart_body_without_a_boundary_is_refused(browser, clinic, content_type):
    assert_refused(browser.post(FORM_URL, b"--x\r\nnot a part", content_type=content_type))


def test_too_many_fields_are_refused(browser, settings, clinic):
    body = "&".join(f"f{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    assert_refused(browser.post(FORM_URL, body, content_type="application/x-www-form-urlencoded"))


def noise_png(width, height):
    buffer = io.BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_staff_still_upload_an_image_larger_than_the_form_limit(superuser, settings):
    photo = noise_png(400, 400)
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE < len(photo) < settings.MAX_IMAGE_UPLOAD_BYTES
    response = superuser.post(
        reverse("admin:treatments_specialist_add"),
        {"name": "Dr. Photo", "credentials": "Vascular surgeon", "photo": SimpleUploadedFile("dr.png", photo)},
    )
    assert response.status_code == HTTPStatus.FOUND, response.content[:2000]
    assert Specialist.objects.get(name="Dr. Photo").photo


def test_an_absurd_admin_upload_is_refused_unread(superuser, settings, files_written):
    settings.MAX_IMAGE_UPLOAD_BYTES = 1024 * 1024
    huge = SimpleUploadedFile("huge.png", os.urandom(3 * 1024 * 1024))
    response = superuser.post(reverse("admin:treatments_specialist_add"), {"name": "Dr. Huge", "photo": huge})
    assert_refused(response, HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "What you sent is too large")
    assert "The largest image the site takes is 1 MB." in response.content.decode()
    assert files_written == []
    assert not Specialist.objects.filter(name="Dr. Huge").exists()


@pytest.mark.parametrize(
    "forwarded_for",
    ["not-an-ip", "1.2.3.4:5678", "[::1]", "unknown", "1.2.3.4, junk", ",,,", "fe80::1%eth0", "a" * 5000],
)
def test_a_malformed_forwarded_for_is_ignored(settings, consultation_data, forwarded_for):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CONSULTATION_RATE_LIMIT = "2/10m"
    client = Client(REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=forwarded_for)
    statuses = [client.post(FORM_URL, consultation_data).status_code for _ in range(3)]
    # Counted by the proxy's own address: the header's junk neither breaks nor escapes the limit.
    assert statuses == [HTTPStatus.FOUND, HTTPStatus.FOUND, HTTPStatus.TOO_MANY_REQUESTS]


@pytest.mark.parametrize(
    ("forwarded_for", "address"),
    [
        ("203.0.113.5", "203.0.113.5"),
        ("10.0.0.1, 203.0.113.5", "203.0.113.5"),
        ("2001:DB8::0:1", "2001:db8::1"),  # Canonical spelling: one patient, one count.
        ("203.0.113.5:443", "198.51.100.7"),
        ("not-an-ip", "198.51.100.7"),
        ("", "198.51.100.7"),
    ],
)
def test_the_client_address_is_the_proxys_entry_only_when_it_is_an_address(rf, settings, forwarded_for, address):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXY_NETWORKS = [ipaddress.ip_network("198.51.100.0/24")]  # The proxy's network.
    request = rf.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_ip(request) == address


def test_gunicorn_refuses_absurd_lengths_and_the_site_the_rest(tmp_path):
    """The real server: what gunicorn lets through reaches the checks above, and nothing is a 500."""
    environment = gunicorn_site_environment(
        tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}", DJANGO_TRUSTED_PROXIES="1"
    )
    with running_gunicorn(environment, workers=1, log_path=tmp_path / "gunicorn.log", ready_path="/privacy/") as server:
        site = Browser(server.url)
        assert site.get(f"/treatments/?q={'a' * 100_000}").status in CLIENT_ERRORS  # gunicorn: line too long
        assert site.get("/", **{"X-Padding": "a" * 1024 * 1024}).status in CLIENT_ERRORS  # gunicorn: header too large
        refused = site.get(f"/treatments/?condition=a{NUL}b")
        assert refused.status == HTTPStatus.BAD_REQUEST
        assert UNREADABLE in refused.text
        patient = {"name": "Forwarded", "phone": "555 010 0100", "preferred_contact": "phone", "consent": "on"}
        for forwarded_for in ["not-an-ip", "1.2.3.4:5678"]:
            assert site.post(FORM_URL, patient, **{"X-Forwarded-For": forwarded_for}).status == HTTPStatus.FOUND
    assert "Traceback" not in (tmp_path / "gunicorn.log").read_text()


def test_a_forwarded_for_from_a_connection_that_is_not_a_listed_proxy_is_ignored(rf, settings):
    """Straight to gunicorn's port, anyone could rotate X-Forwarded-For past the rate limit and the lockout."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXY_NETWORKS = [ipaddress.ip_network("10.0.0.0/8")]
    forged = rf.get("/", REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert client_ip(forged) == "203.0.113.66"
    proxied = rf.get("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert client_ip(proxied) == "192.0.2.1"


def test_rotating_a_forged_forwarded_for_does_not_escape_the_rate_limit(settings, consultation_data):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CONSULTATION_RATE_LIMIT = "2/10m"
    statuses = [
        Client(REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
        .post(FORM_URL, consultation_data)
        .status_code
        for number in range(3)
    ]
    assert statuses == [HTTPStatus.FOUND, HTTPStatus.FOUND, HTTPStatus.TOO_MANY_REQUESTS]
