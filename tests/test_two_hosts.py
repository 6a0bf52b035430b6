"""Two app hosts behind one front server: whatever one host does, the other sees.

Two gunicorn instances, as two machines would run them, share ONE PostgreSQL
database and ONE Redis, and nothing else: the consultation rate limit counts
across both, an edit saved through one shows on the other's next page, and a
request sent to either is stored once.
"""

import contextlib
import os
import re
import secrets
import urllib.error
import urllib.parse
import urllib.request
from http import HTTPStatus
from http.cookiejar import CookieJar

import psycopg2
import pytest
import redis
from django.urls import reverse

from tests.helpers import FORM_URL, POSTGRES_SERVER, require_services, run_python, scratch_postgres_database
from tests.servers import running_gunicorn
from treatments.management.commands.load_clinic_content import shipped_content
from treatments.models import ClinicDetails, ConsultationRequest

require_services(PostgreSQL=5432, Redis=6379)

REDIS_URL = "redis://127.0.0.1:6379/11"  # its own: bench/throughput flushes 12, other tests use 13 and 15
LIMIT = 3
PROCEDURE_URL = "/treatments/{slug}/".format(**shipped_content()["treatments"][0])
STAFF_USERNAME = "two-hosts-editor"
STAFF_PASSWORD = secrets.token_urlsafe(24)
# The front server's X-Forwarded-For: each test is its own patient, so rate-limit counts never mix.
TRUSTED_PROXIES = "1"


class Hosts:
    def __init__(self, a, b, database):
        self.a, self.b, self.database = a, b, database

    def rows(self, sql, *parameters):
        with (
            contextlib.closing(psycopg2.connect(f"{POSTGRES_SERVER}/{self.database}")) as connection,
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, parameters)
            return cursor.fetchall()


def manage(environment, *command):
    result = run_python("manage.py", *command, environment=environment)
    assert result.returncode == 0, f"manage.py {' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="module")
def hosts(tmp_path_factory):
    """Hosts A and B: one database, one Redis, each its own gunicorn and its own disk."""
    folder = tmp_path_factory.mktemp("two_hosts")
    # Whatever happens, everything started here is undone, last first: gunicorns, Redis keys, the database.
    with contextlib.ExitStack() as started:
        database = started.enter_context(scratch_postgres_database("two_hosts"))
        prefix = f"two-hosts-{secrets.token_hex(6)}"
        environment = {
            **{
                key: value
                for key, value in os.environ.items()
                if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_"))
            },
            "DJANGO_SETTINGS_MODULE": "clinic_site.settings",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),  # the same on every host: sessions, CSRF, messages
            "DJANGO_SECURE": "0",  # plain HTTP on 127.0.0.1
            "DATABASE_URL": f"{POSTGRES_SERVER}/{database}",
            "REDIS_URL": REDIS_URL,
            "CACHE_KEY_PREFIX": prefix,
            "CONSULTATION_RATE_LIMIT": f"{LIMIT}/10m",
            "DJANGO_TRUSTED_PROXIES": TRUSTED_PROXIES,
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "DJANGO_STATIC_ROOT": str(folder / "static"),
            "ADMIN_REQUIRE_2FA": "0",
        }
        started.callback(forget_keys, prefix)
        manage(environment, "migrate", "--noinput")
        manage(environment, "load_clinic_content")
        manage(environment, "collectstatic", "--noinput")
        manage(
            {**environment, "DJANGO_SUPERUSER_PASSWORD": STAFF_PASSWORD},
            *("createsuperuser", "--noinput", f"--username={STAFF_USERNAME}", "--email=editor@example.com"),
        )
        a, b = (
            started.enter_context(
                running_gunicorn(
                    {**environment, "DJANGO_MEDIA_ROOT": str(folder / name / "media")},
                    workers=1,  # one process each: a page primed on a host is primed in the process that serves it
                    log_path=folder / f"{name}.log",
                    ready_path="/privacy/",
                    timeout=120,
                )
            )
            for name in ("a", "b")
        )
        yield Hosts(a, b, database)


def forget_keys(prefix):
    with contextlib.closing(redis.Redis.from_url(REDIS_URL)) as shared_cache:
        for key in shared_cache.scan_iter(f"{prefix}:*"):
            shared_cache.delete(key)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """One person's browser: its cookies go to both hosts, as they would to one site behind the front server."""

    def __init__(self, address):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect)
        self.address = address  # what the front server would put in X-Forwarded-For

    def request(self, url, data=None):
        """(status, Location, body) of a GET, or of a POST of `data`; redirects are not followed."""
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers={"X-Forwarded-For": self.address})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers.get("Location"), response.read().decode()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.headers.get("Location"), error.read().decode()

    def get(self, url):
        status, _, page = self.request(url)
        assert status == HTTPStatus.OK, f"GET {url}: {status}\n{page[:2000]}"
        return page

    def csrf_token(self, url):
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(url)).group(1)


def patient_request(name):
    return {"name": name, "phone": "555 010 0100", "preferred_contact": "phone", "consent": "on"}


def test_the_rate_limit_counts_across_both_hosts(hosts):
    patient = Visitor("192.0.2.10")
    token = patient.csrf_token(hosts.a.url + FORM_URL)
    data = {"csrfmiddlewaretoken": token, **patient_request("Rate Limit Across Hosts")}
    statuses = [patient.request(host.url + FORM_URL, data)[0] for host in [hosts.a, hosts.b] * (LIMIT + 1)]
    # Each host counting alone would accept LIMIT posts each.
    assert statuses.count(HTTPStatus.FOUND) == LIMIT, statuses
    assert statuses.count(HTTPStatus.TOO_MANY_REQUESTS) == len(statuses) - LIMIT, statuses


def clinic_details(hosts):
    """The clinic's details as stored, by field name: what the admin's change form shows."""
    fields = [field for field in ClinicDetails._meta.fields if field.editable and not field.primary_key]
    columns = ", ".join(field.column for field in fields)
    [row] = hosts.rows(f"SELECT {columns} FROM {ClinicDetails._meta.db_table}")  # noqa: S608 - our own names
    # An empty value is posted as an empty field, as the form sends it (not "None").
    return {field.name: "" if value is None else value for field, value in zip(fields, row, strict=True)}


def test_an_edit_through_one_host_shows_on_the_other_at_once(hosts):
    details = clinic_details(hosts)
    old_phone, new_phone = details["phone"], f"(555) 010-{secrets.randbelow(9000) + 1000}"
    reader = Visitor("192.0.2.20")
    pages = ["/", PROCEDURE_URL]
    for page in pages:  # Host B has shown these pages before the edit: anything it kept must go.
        assert old_phone in reader.get(hosts.b.url + page)

    editor = Visitor("192.0.2.21")
    login = hosts.a.url + reverse("admin:login")
    credentials = {"username": STAFF_USERNAME, "password": STAFF_PASSWORD}
    status, _, page = editor.request(login, {"csrfmiddlewaretoken": editor.csrf_token(login), **credentials})
    assert status == HTTPStatus.FOUND, page[:2000]
    change = hosts.a.url + reverse("admin:treatments_clinicdetails_change", args=[1])
    form = {"csrfmiddlewaretoken": editor.csrf_token(change), **details, "phone": new_phone}
    status, _, page = editor.request(change, form)
    assert status == HTTPStatus.FOUND, page[:2000]
    assert clinic_details(hosts)["phone"] == new_phone

    for page in pages:
        shown = reader.get(hosts.b.url + page)
        assert new_phone in shown and old_phone not in shown, f"host B still shows the old phone on {page}"


@pytest.mark.parametrize(("sent_to", "thanked_by"), [("a", "b"), ("b", "a")])
def test_a_request_sent_to_either_host_is_stored_once(hosts, sent_to, thanked_by):
    sent_to, thanked_by = getattr(hosts, sent_to), getattr(hosts, thanked_by)
    patient = Visitor("192.0.2.30")  # one post per case: well under the limit
    name = f"Two Hosts {secrets.token_hex(4)}"
    data = {"csrfmiddlewaretoken": patient.csrf_token(sent_to.url + FORM_URL), **patient_request(name)}
    status, location, page = patient.request(sent_to.url + FORM_URL, data)
    assert status == HTTPStatus.FOUND, page[:2000]

    stored = hosts.rows(f"SELECT reference FROM {ConsultationRequest._meta.db_table} WHERE name = %s", name)  # noqa: S608
    assert len(stored) == 1, stored
    [(reference,)] = stored
    # The next request may reach the other host: the signed cookie, under the secret key both hosts share,
    # still holds the reference.
    assert f'<strong id="reference">{reference}</strong>' in patient.get(thanked_by.url + location)
