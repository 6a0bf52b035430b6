import os
import subprocess
import sys

import pytest


def import_settings(expression="s.DEBUG, s.DATABASES['default']['ENGINE']", **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in {"DATABASE_URL", "REDIS_URL"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import clinic_site.settings as s; print({expression})"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_secret_key_is_required_when_debug_is_off():
    result = import_settings()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DJANGO_DEBUG": "1"}, "True django.db.backends.sqlite3"),
        (
            {"DJANGO_SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://u@127.0.0.1:5432/db"},
            "False django.db.backends.postgresql",
        ),
    ],
)
def test_settings_come_from_the_environment(env, expected):
    result = import_settings(**env)
    assert result.stdout.strip() == expected, result.stderr


HTTPS_SETTINGS = ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS")
HTTPS_PROTECTIONS = f"[getattr(s, name, False) for name in {HTTPS_SETTINGS}]"
PRODUCTION = {"DJANGO_SECRET_KEY": "x" * 50}


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (PRODUCTION, "[True, True, True, 31536000]"),
        ({**PRODUCTION, "DJANGO_HSTS_SECONDS": "600"}, "[True, True, True, 600]"),
        ({**PRODUCTION, "DJANGO_SECURE": "0"}, "[False, False, False, False]"),  # Plain HTTP on loopback only.
        ({"DJANGO_DEBUG": "1"}, "[False, False, False, False]"),
        ({"DJANGO_DEBUG": "1", "DJANGO_SECURE": "1"}, "[True, True, True, 31536000]"),
    ],
)
def test_https_protections_are_on_with_debug_off_unless_turned_off(env, expected):
    result = import_settings(HTTPS_PROTECTIONS, **env)
    assert result.stdout.strip() == expected, result.stderr


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (PRODUCTION, "django.core.mail.backends.smtp.EmailBackend"),
        ({"DJANGO_DEBUG": "1"}, "django.core.mail.backends.console.EmailBackend"),
        (
            {**PRODUCTION, "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"},
            "django.core.mail.backends.dummy.EmailBackend",
        ),
    ],
)
def test_email_goes_out_over_smtp_unless_debug_is_on(env, expected):
    result = import_settings("s.EMAIL_BACKEND", **env)
    assert result.stdout.strip() == expected, result.stderr
