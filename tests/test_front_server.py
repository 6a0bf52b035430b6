"""nginx in front of gunicorn, configured by deploy/nginx.conf.template as the README deploys it.

nginx serves static files and uploads itself, keeps anonymous public pages for a few seconds, never
keeps a page for someone with a session or for the consultation form, refuses oversized bodies, and
tells the site the client's address.
"""

import http.client
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.parse
from contextlib import closing
from http import HTTPStatus
from pathlib import Path

import pytest

from tests import servers
from tests.servers import NGINX, example_nginx_values, render_nginx_config, running_gunicorn, running_nginx

ROOT = Path(__file__).resolve().parent.parent
CACHE_STATUS = "X-Cache-Status"
UPLOADED_IMAGE = "treatments/leg.webp"

if not Path(NGINX).exists():
    if os.environ.get("CI") == "true":
        pytest.fail("nginx is not installed; `make test` installs it.", pytrace=False)
    pytest.skip("nginx is not installed (make test installs it)", allow_module_level=True)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("front")


@pytest.fixture(scope="module")
def site_environment(folder):
    environment = {
        **{
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "ADMIN_URL"))
        },
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_SECURE": "0",  # Plain HTTP on loopback: no redirect to HTTPS.
        "DJANGO_TRUSTED_PROXIES": "1",  # nginx.
        "DATABASE_URL": f"sqlite:///{folder / 'site.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "CONSULTATION_RATE_LIMIT": "1/10m",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "DJANGO_SETTINGS_MODULE": "clinic_site.settings",
    }
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "-v0"], cwd=ROOT, env=environment, check=True, timeout=300
        )
    image = folder / "media" / UPLOADED_IMAGE
    image.parent.mkdir(parents=True)
    image.write_bytes(
        b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
    )
    return environment


@pytest.fixture(scope="module")
def site(site_environment, folder):
    """(nginx, gunicorn): one gunicorn worker, so that rate-limit counts kept in its memory are all of them."""
    gunicorn_log = folder / "gunicorn.log"
    with (
        running_gunicorn(
            site_environment, log_path=gunicorn_log, workers=1, extra_args=["--access-logfile=-"]
        ) as gunicorn,
        running_nginx(gunicorn.url, folder / "static", folder / "media", run_dir=folder / "nginx") as nginx,
    ):
        yield nginx, gunicorn


@pytest.fixture
def front(site):
    return site[0]


def request(front, method, path, headers=None, body=None, source="127.0.0.1"):
    """One request to nginx from the `source` address (any of 127.0.0.0/8); returns (status, headers, body)."""
    with closing(http.client.HTTPConnection("127.0.0.1", front.port, timeout=30, source_address=(source, 0))) as conn:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()


def cache_statuses_until_hit(front, path, headers=None, deadline_s=20):
    """X-Cache-Status of repeated GETs, stopping at the first HIT (the microcache keeps a page 2 s)."""
    statuses = []
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline and "HIT" not in statuses:
        status, response_headers, _ = request(front, "GET", path, headers)
        assert status == HTTPStatus.OK
        statuses.append(response_headers.get(CACHE_STATUS))
    return statuses


def gunicorn_saw(site, method, path):
    """Whether gunicorn's access log has this request.

    A marker request sent after it is waited for first: gunicorn's one worker takes requests in turn,
    so once the marker is logged, so is any request that reached it before.
    """
    front, gunicorn = site
    marker = f"/healthz?after={secrets.token_hex(8)}"
    request(front, "GET", marker)
    deadline = time.monotonic() + 20
    while marker not in (log := gunicorn.log_path.read_text(encoding="utf-8", errors="replace")):
        assert time.monotonic() < deadline, f"gunicorn never logged {marker}"
        time.sleep(0.05)
    return f'"{method} {path} HTTP/' in log


def test_nginx_serves_hashed_static_files_itself_for_a_year(site, folder):
    front = site[0]
    manifest = json.loads((folder / "static" / "staticfiles.json").read_text())
    path = "/static/" + manifest["paths"]["css/site.css"]
    status, headers, _ = request(front, "GET", path, {"Accept-Encoding": "gzip"})
    assert status == HTTPStatus.OK
    assert headers["Content-Encoding"] == "gzip"  # whitenoise's .gz copy, sent as it is.
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert not gunicorn_saw(site, "GET", path)


def test_nginx_serves_uploaded_images_itself(site):
    path = f"/media/{UPLOADED_IMAGE}"
    status, headers, _ = request(site[0], "GET", path)
    assert status == HTTPStatus.OK
    assert headers["Content-Type"] == "image/webp"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in headers["Content-Security-Policy"]
    assert not gunicorn_saw(site, "GET", path)


def test_a_repeat_anonymous_get_is_a_microcache_hit(front):
    statuses = cache_statuses_until_hit(front, "/privacy/")
    assert statuses[0] in {"MISS", "EXPIRED"}
    assert statuses[-1] == "HIT"


def test_the_microcache_keeps_compressed_and_plain_pages_apart(front):
    """Vary is not used by the microcache: its key holds whether the browser takes gzip."""
    for accept in ("gzip, deflate, br", "gzip", "identity", ""):
        assert cache_statuses_until_hit(front, "/", {"Accept-Encoding": accept})[-1] == "HIT"
        _, headers, body = request(front, "GET", "/", {"Accept-Encoding": accept})
        assert headers.get("Content-Encoding") == ("gzip" if "gzip" in accept else None)
        assert body.startswith(b"\x1f\x8b") == ("gzip" in accept)


def test_the_microcache_keeps_languages_apart(front):
    """Its key is the address, and each language has its own: a cached English page is never sent for /es/."""
    for path, language in (("/privacy/", b"en"), ("/es/privacy/", b"es"), ("/privacy/", b"en")):
        assert cache_statuses_until_hit(front, path)[-1] == "HIT"
        _, headers, body = request(front, "GET", path)
        assert headers["Content-Language"] == language.decode()
        assert b'<html lang="' + language + b'">' in body


@pytest.mark.parametrize("cookie", ["sessionid=staff-session", "csrftoken=abc; theme=dark"])
def test_a_session_or_csrf_cookie_bypasses_the_microcache(front, cookie):
    assert cache_statuses_until_hit(front, "/robots.txt")[-1] == "HIT"  # Kept for anonymous visitors...
    status, headers, _ = request(front, "GET", "/robots.txt", {"Cookie": cookie})
    assert status == HTTPStatus.OK
    assert headers[CACHE_STATUS] == "BYPASS"  # ...but not served to this one.


@pytest.mark.parametrize("path", ["/consultation/", "/healthz"])
def test_the_consultation_form_and_healthz_are_never_kept(site, path):
    responses = [request(site[0], "GET", path) for _ in range(3)]
    assert [status for status, _, _ in responses] == [HTTPStatus.OK] * 3
    assert [headers[CACHE_STATUS] for _, headers, _ in responses] == ["BYPASS"] * 3


def test_an_oversized_consultation_body_is_refused_by_nginx(site):
    path = f"/consultation/?oversized={secrets.token_hex(4)}"
    status, _, page = request(site[0], "POST", path, {"Content-Type": "text/plain"}, b"x" * 100_000)
    assert status == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert b"Nothing was saved." in page
    assert not gunicorn_saw(site, "POST", path)


def test_nginx_s_own_answers_carry_the_security_headers_and_pages_carry_each_once(site, front, tmp_path):
    status, headers, _ = request(site[0], "POST", "/consultation/", {"Content-Type": "text/plain"}, b"x" * 100_000)
    assert status == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert headers.get_all("X-Content-Type-Options") == ["nosniff"]
    _, page_headers, _ = request(front, "GET", "/privacy/")
    assert page_headers.get_all("X-Content-Type-Options") == ["nosniff"]  # nginx's copy, Django's hidden.
    _, behind_tls, _ = request(front, "GET", "/privacy/", {"X-Forwarded-Proto": "https"})
    assert behind_tls.get_all("Strict-Transport-Security") == ["max-age=31536000; includeSubDomains"]
    config = render_nginx_config("http", example_nginx_values(tmp_path))
    # Over TLS every answer, files and nginx's own error pages included, says HSTS.
    assert config.count("add_header Strict-Transport-Security $strict_transport_security always;") == 3
    assert '"~^on:" "max-age=31536000; includeSubDomains";' in config


def test_an_admin_sized_upload_is_passed_on(site):
    """Up to the admin's image limit, bodies reach the site (which refuses this one: no CSRF token)."""
    status, _, _ = request(site[0], "POST", "/admin/login/", {"Content-Type": "text/plain"}, b"x" * 2_000_000)
    assert status == HTTPStatus.FORBIDDEN
    assert gunicorn_saw(site, "POST", "/admin/login/")


def test_the_site_counts_clients_by_the_address_nginx_passed(front):
    """gunicorn sees every request come from nginx (127.0.0.1), and every client sends the same forged
    X-Forwarded-For: only the address nginx appended tells clients apart (rate limit: 1 post per client)."""
    _, headers, page = request(front, "GET", "/consultation/")
    cookie = headers["Set-Cookie"].split(";", 1)[0]
    token = page.decode().split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    form = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": cookie,
        "X-Forwarded-For": "198.51.100.7",
    }
    complete = {"name": "Address Test", "phone": "555 010 0100", "preferred_contact": "phone", "consent": "on"}
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **complete}).encode()

    def post_from(address):
        return request(front, "POST", "/consultation/", form, body, source=address)[0]

    assert post_from("127.0.0.2") == HTTPStatus.FOUND  # A complete request: counted.
    assert post_from("127.0.0.3") == HTTPStatus.FOUND  # Another client.
    assert post_from("127.0.0.2") == HTTPStatus.TOO_MANY_REQUESTS  # The first client again.


def test_render_nginx_fills_in_only_its_own_names_and_says_which_one_is_missing(tmp_path):
    values = example_nginx_values(tmp_path)
    config = render_nginx_config("http", values)
    assert "$remote_addr" in config and "$http_host" in config  # nginx's own variables are left alone.
    assert not any(f"${name}" in config for name in values)
    assert "\nuser " not in config
    del values["MEDIA_ROOT"]
    with pytest.raises(servers.ServerError, match="MEDIA_ROOT is not set"):
        render_nginx_config("http", values)
