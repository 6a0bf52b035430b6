"""Production settings are secure by default: `check --deploy` passes and HTTPS protections are on.

The suite itself runs with DJANGO_SECURE=0 (plain HTTP), so these tests start the real settings in a
subprocess with the environment a production host has, and nothing of the caller's.
"""

import json
import os
import secrets
from pathlib import Path

from tests import deployment
from tests.helpers import run_python

ROOT = Path(__file__).resolve().parent.parent
SITE = "www.example.com"
# Every request below is answered without a database or a cache: robots.txt reads neither.
REQUESTS = f"""
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="{SITE}")
plain = client.get("/robots.txt")
# What the TLS-terminating proxy passes on.
proxied = client.get("/robots.txt", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({{
    "plain": [plain.status_code, plain.get("Location")],
    "proxied": [proxied.status_code, dict(proxied.headers)],
}}))
"""


def production_environment(**changes):
    """The README's production environment; nothing from ours (the suite's DJANGO_SECURE=0 least of all)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CACHE_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="clinic_site.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=SITE,
        DJANGO_CSRF_TRUSTED_ORIGINS=f"https://{SITE}",
        DATABASE_URL="postgres://clinic@127.0.0.1:5432/clinic",
        REDIS_URL="redis://127.0.0.1:6379/0",
        DJANGO_EMAIL_HOST="smtp.example.com",
        **changes,
    )
    return environment


def deploy_check(environment):
    return run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING", environment=environment)


def test_deploy_check_passes_with_production_settings():
    result = deploy_check(production_environment())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_fails_when_https_protections_are_turned_off():
    """DJANGO_SECURE=0 is for plain HTTP on loopback: production must never run with it."""
    result = deploy_check(production_environment(DJANGO_SECURE="0"))
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


def test_production_redirects_to_https_and_sends_hsts():
    # A Redis that does not answer (nothing listens on port 1): these requests must not touch the production Redis
    # the environment names, and the resilient cache serves pages without one.
    environment = production_environment()
    environment["REDIS_URL"] = "redis://127.0.0.1:1/0"
    result = run_python("-c", REQUESTS, environment=environment)
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.splitlines()[-1])
    assert answers["plain"] == [301, f"https://{SITE}/robots.txt"]
    status, headers = answers["proxied"]
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "upgrade-insecure-requests" in headers["Content-Security-Policy"]
    assert "default-src 'none'" in headers["Content-Security-Policy"]


def test_deploy_check_fails_without_redis():
    """Debug off and no REDIS_URL: the cache would be the database's, which production must not rely on."""
    environment = production_environment()
    del environment["REDIS_URL"]
    result = deploy_check(environment)
    assert result.returncode != 0
    assert "treatments.E001" in result.stderr and "REDIS_URL is not set" in result.stderr


def test_the_environment_file_s_placeholders_fail_the_deploy_check(tmp_path):
    """deploy/clinic.env.example copied as it is: its secret key and passwords say "replace-with...", and the
    deploy check names each one rather than passing a server nobody configured."""
    example = deployment.read_environment_file(deployment.ENV_EXAMPLE)
    environment = {
        **{
            name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "DATABASE_", "REDIS_"))
        },
        **example,
        "DJANGO_SETTINGS_MODULE": "clinic_site.settings",
    }
    result = run_python("manage.py", "check", "--deploy", environment=environment)
    assert result.returncode != 0
    for name in ("DJANGO_SECRET_KEY", "DATABASE_URL", "DJANGO_EMAIL_HOST_PASSWORD"):
        assert f"{name} still holds the example's placeholder" in result.stderr, result.stderr
