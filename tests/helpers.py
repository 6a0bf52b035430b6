"""Addresses and helpers that several test modules use."""

import contextlib
import gzip
import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import urllib.parse
from http import HTTPStatus
from http.cookies import SimpleCookie
from pathlib import Path
from typing import NamedTuple

import pytest
from django import forms
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

FORM_URL = "/consultation/"
THANKS_URL = "/consultation/thanks/"
PRIVACY_URL = "/privacy/"
TREATMENTS_URL = "/treatments/"
# Every public page, compressed, with its stylesheet and icons but without images.
BUDGET_BYTES = 60 * 1024


def admin_form_data(response):
    """The POST data a browser would send back from an admin change form, unchanged."""
    data = {}
    bound_forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({f"{formset.prefix}-{key}": management[key].value() for key in management.fields})
        bound_forms.extend(formset.forms)
    for form in bound_forms:
        for field in form:
            value = field.value()
            if value is None or value is False or isinstance(field.field, forms.FileField):
                continue
            data[field.html_name] = "on" if value is True else value
    return data


def json_ld(page):
    """The page's JSON-LD objects by their @type."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    data = []
    for block in blocks:
        parsed = json.loads(block)
        data.extend(parsed if isinstance(parsed, list) else [parsed])
    return {item["@type"]: item for item in data}


def count_page_queries(client, url):
    client.get(url)  # Warm-up: the first request also loads the session machinery.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return len(queries)


def admin_change_url(obj):
    """The admin change page of a saved object."""
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def post_admin_form(client, url, **changes):
    """Post an admin change form back as the browser shows it, with these changes."""
    return client.post(url, {**admin_form_data(client.get(url)), **changes})


def compressed_bytes(client, path):
    """The page and the stylesheets, icons and scripts it loads, each gzip-compressed; images left out."""
    response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    page = gzip.decompress(response.content).decode()
    assets = re.findall(r'<link rel="(?:stylesheet|icon)" href="([^"]+)"', page)
    assets += re.findall(r'<script[^>]* src="([^"]+)"', page)
    return len(response.content) + sum(len(gzip.compress(static_file(url).read_bytes())) for url in assets)


def static_file(url):
    return Path(settings.BASE_DIR, "static", url.removeprefix(settings.STATIC_URL).lstrip("/"))


def require_services(**ports):
    """Skip the calling module unless each service (name=port) answers on 127.0.0.1; under CI, fail instead.

    require_services(PostgreSQL=5432, Redis=6379) at a module's top. CI (CI=true) must start what its tests need.
    """
    missing = [f"{name} at 127.0.0.1:{port}" for name, port in ports.items() if not accepts_connections(port)]
    if not missing:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"Not running: {', '.join(missing)}; CI must start it.", pytrace=False)
    pytest.skip(f"Not running: {', '.join(missing)}", allow_module_level=True)


POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"


def on_postgres(*statements, database="postgres"):
    """Runs each statement outside a transaction (CREATE and DROP DATABASE need that); the last one's rows, if any."""
    import psycopg2  # Only the tests that use PostgreSQL need it installed.

    with contextlib.closing(psycopg2.connect(f"{POSTGRES_SERVER}/{database}")) as db:
        db.autocommit = True
        with db.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
            return cursor.fetchall() if cursor.description else None


@contextlib.contextmanager
def scratch_postgres_database(purpose):
    """A new PostgreSQL database for one test, named `clinic_<purpose>_<random>` so that runs sharing the server
    never meet; dropped in every case. Yields its name (its URL is f"{POSTGRES_SERVER}/{name}")."""
    require_services(PostgreSQL=5432)
    name = f"clinic_{purpose}_{secrets.token_hex(4)}"
    on_postgres(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        on_postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def accepts_connections(port, host="127.0.0.1", timeout=1):
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


ADMIN_LOGIN_URL = "/admin/login/"
STAFF_PASSWORD = "a long test password"  # Every UserFactory user's.


def sign_in(client, username, password=STAFF_PASSWORD, address="127.0.0.1", **headers):
    """Post the admin's login form as a browser would, from this address: a real attempt, unlike force_login."""
    form = {"username": username, "password": password, "next": reverse("admin:index")}
    return client.post(reverse("admin:login"), form, REMOTE_ADDR=address, **headers)


def run_python(*arguments, environment, timeout=300):
    """`python *arguments` in the project's folder with exactly this environment: the finished process, as text.

    run_python("manage.py", "migrate", environment=...) sets up a database as a deploy would.
    """
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=Path(__file__).resolve().parent.parent,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


class Answer(NamedTuple):
    status: int
    headers: http.client.HTTPMessage
    text: str


class Browser:
    """One visitor of a site running at base_url (tests/servers.py): keeps its cookies, follows no redirect.

    Browser(server.url).get("/") or .post("/consultation/", fields) -> Answer(status, headers, text).
    """

    def __init__(self, base_url):
        self.address = urllib.parse.urlsplit(base_url)
        self.cookies = SimpleCookie()

    def get(self, path, **headers):
        return self.request("GET", path, None, headers)

    def csrf_token(self, path):
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(path).text).group(1)

    def post(self, path, fields, token=None, **headers):
        """Posts the form of the page at `path` as a browser would: with its CSRF token, fetched now unless given."""
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token or self.csrf_token(path), **fields}).encode()
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded", **headers})

    def request(self, method, path, body, headers):
        connection = http.client.HTTPConnection(self.address.hostname, self.address.port, timeout=30)
        cookies = "; ".join(f"{name}={morsel.coded_value}" for name, morsel in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers={"Cookie": cookies, **headers} if cookies else headers)
            response = connection.getresponse()
            answer = Answer(response.status, response.headers, response.read().decode())
        finally:
            connection.close()
        for set_cookie in answer.headers.get_all("Set-Cookie") or []:
            self.cookies.load(set_cookie)
        return answer


def gunicorn_site_environment(folder, **variables):
    """The environment of a site a test runs under gunicorn, its database migrated and its static files collected.

    Production settings over plain HTTP, sending no mail, with nothing from the suite's own DJANGO_, DATABASE_
    or REDIS_ variables; `variables` (DATABASE_URL...) are added. Static files go to folder/static.
    """
    inherited = {
        name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "DATABASE_", "REDIS_"))
    }
    environment = inherited | {
        "DJANGO_SETTINGS_MODULE": "clinic_site.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_SECURE": "0",
        "DJANGO_STATIC_ROOT": str(Path(folder) / "static"),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    environment |= variables
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        result = run_python("manage.py", *command, environment=environment)
        assert result.returncode == 0, f"manage.py {' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"
    return environment


def replace_go_live_placeholders(settings):
    """What a clinic does before going live: real contact details and addresses, a real specialist who has
    reviewed every page, the clinic's own protocol on every page, no sample profile left."""
    from tests.factories import SpecialistFactory
    from treatments.models import ClinicDetails, Specialist, Treatment
    from treatments.procedures.structure import CLINIC_PROTOCOL

    Treatment.objects.update(**{name: f"Our own {name.replace('_', ' ')}." for name in CLINIC_PROTOCOL.fields})
    ClinicDetails.objects.update(
        phone="(212) 555-7000",
        email="desk@veinclinic.com",
        address="12 Main Street\nSpringfield, IL 62701",
        # Visit us and Costs and insurance: the clinic's own facts.
        after_hours_phone="(212) 555-7001",
        parking="Free parking behind the building.",
        public_transport="Bus 4 stops outside.",
        step_free_access="Step-free from the car park, with a lift to every floor.",
        map_image="clinic/map.png",
        map_image_alt="The clinic is on Main Street, opposite the library.",
        opening_hours_schema="Mo-Fr 08:00-17:00",
        latitude="39.781700",
        longitude="-89.650100",
        insurers_accepted="Most major plans.",
        consultation_length="About 45 minutes.",
        what_to_bring="A list of your medicines\nYour insurance card",
        referral_needed="You do not need one.",
        consultation_cost="$150 if you pay yourself.",
    )
    settings.CONSULTATION_STAFF_EMAIL = "frontdesk@veinclinic.com"
    settings.DEFAULT_FROM_EMAIL = "Vein Clinic <noreply@veinclinic.com>"
    Treatment.objects.update(reviewer=SpecialistFactory(name="Dr. Real Reviewer"), last_reviewed="2026-12-01")
    Specialist.objects.filter(is_sample=True).delete()
    translate_and_review_everything()


def translate_and_review_everything():
    """Every English text given its Spanish, and every translation reviewed by a clinician fluent in Spanish."""
    from modeltranslation.translator import translator

    from treatments.models import TranslationCheck
    from treatments.translations import english, other_languages, record_saved_translations, translated_fields

    for model in translator.get_registered_models():
        for obj in model._default_manager.all():
            empty = {
                f"{field}_{language}": f"({language}) {english(obj, field)}"
                for field in translated_fields(model)
                for language in other_languages()
                if english(obj, field) and not getattr(obj, f"{field}_{language}")
            }
            model._default_manager.filter(pk=obj.pk).update(**empty)
            record_saved_translations(model._default_manager.get(pk=obj.pk))
    TranslationCheck.objects.update(reviewed_by="Dra. Real Reviewer", reviewed_on="2026-12-01")
