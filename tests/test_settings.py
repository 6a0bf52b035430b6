import os
import subprocess
import sys

import pytest


def import_settings(**env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in {"DATABASE_URL", "REDIS_URL"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import clinic_site.settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])"],
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
