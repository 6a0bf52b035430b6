"""Every kind of page carries the security headers: a strict CSP, Permissions-Policy, COOP, nosniff,
Referrer-Policy and X-Frame-Options. The HTTPS headers (HSTS, redirect) are in tests/test_deploy_check.py:
the suite runs on plain HTTP (DJANGO_SECURE=0)."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.helpers import FORM_URL, PRIVACY_URL, THANKS_URL, TREATMENTS_URL
from tests.servers import example_nginx_values, render_nginx_config

pytestmark = pytest.mark.django_db

# The whole policy, as the browser reads it: nothing inline, nothing from another origin.
STRICT_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SWITCHED_OFF_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics", "autoplay")
OTHER_HEADERS = {
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def csp_directives(header):
    """{directive: [sources]} of a Content-Security-Policy header."""
    directives = {}
    for directive in filter(None, (part.strip() for part in header.split(";"))):
        name, *sources = directive.split()
        directives[name] = sources
    return directives


def permissions_policy(header):
    """{feature: allowlist} of a Permissions-Policy header."""
    return dict(item.strip().split("=", 1) for item in header.split(","))


@pytest.fixture
def get_page(request, client, treatment, condition, consultation_data):
    """Fetch a kind of page as a visitor would reach it (the change page as a signed-in superuser)."""

    def get(kind):
        if kind == "thanks":
            return client.post(FORM_URL, consultation_data, follow=True)
        if kind == "admin change":
            return request.getfixturevalue("admin_client").get(
                reverse("admin:treatments_treatment_change", args=[treatment.pk])
            )
        urls = {
            "home": "/",
            "treatment list": TREATMENTS_URL,
            "procedure": treatment.get_absolute_url(),
            "condition": condition.get_absolute_url(),
            "consultation form": FORM_URL,
            "privacy": PRIVACY_URL,
            "404": "/no-such-page/",
            "robots.txt": "/robots.txt",
            "sitemap": "/sitemap.xml",
            "admin login": reverse("admin:login"),
        }
        return client.get(urls[kind])

    return get


PAGES = {
    "home": HTTPStatus.OK,
    "treatment list": HTTPStatus.OK,
    "procedure": HTTPStatus.OK,
    "condition": HTTPStatus.OK,
    "consultation form": HTTPStatus.OK,
    "thanks": HTTPStatus.OK,
    "privacy": HTTPStatus.OK,
    "404": HTTPStatus.NOT_FOUND,
    "robots.txt": HTTPStatus.OK,
    "sitemap": HTTPStatus.OK,
    "admin login": HTTPStatus.OK,
    "admin change": HTTPStatus.OK,
}


@pytest.mark.parametrize(("kind", "status"), PAGES.items(), ids=PAGES)
def test_every_kind_of_page_has_every_security_header(get_page, kind, status):
    response = get_page(kind)
    assert response.status_code == status
    if kind == "thanks":
        assert response.redirect_chain[-1][0] == THANKS_URL

    assert csp_directives(response["Content-Security-Policy"]) == csp_directives(STRICT_POLICY)
    features = permissions_policy(response["Permissions-Policy"])
    for feature in SWITCHED_OFF_FEATURES:
        assert features[feature] == "()", feature
    for header, value in OTHER_HEADERS.items():
        assert response[header] == value, header


def test_scripts_and_styles_come_only_from_the_site_itself(client, clinic):
    policy = csp_directives(client.get("/")["Content-Security-Policy"])
    for directive in ("script-src", "style-src"):
        assert not {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:", "https:"} & set(
            policy[directive]
        )
    assert "upgrade-insecure-requests" not in policy  # Plain HTTP here: it would break every stylesheet.


@pytest.mark.parametrize("path", ["/search/?q=pregnant+varicose", "/no-such-page/"])
def test_pages_that_may_hold_what_someone_typed_are_never_stored(client, clinic, path):
    assert "no-store" in client.get(path)["Cache-Control"]


def test_the_authenticator_pages_are_never_stored(client, django_user_model):
    staff = django_user_model.objects.create_user("enrolling", password="a long test password", is_staff=True)
    client.force_login(staff)
    response = client.get(reverse("two_factor:enrol"))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_the_front_server_never_keeps_search_results(tmp_path):
    config = render_nginx_config("http", example_nginx_values(tmp_path))
    block = config.split("location /search/ {", 1)[1].split("}", 1)[0]
    assert "proxy_no_cache 1;" in block and "proxy_cache_bypass 1;" in block
