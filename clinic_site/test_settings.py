"""Settings for the test suite: the real settings with test-only secrets and speed-ups."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "insecure-key-for-the-test-suite-only")
# The test client and the browser tests' live server speak plain HTTP. Tests of the HTTPS defaults
# import the real settings in a subprocess (tests/test_settings.py, tests/test_deploy_check.py).
os.environ.setdefault("DJANGO_SECURE", "0")

from clinic_site.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests read static files straight from static/ (no collectstatic step), through
# whitenoise's finders so the live server used by browser tests serves them too.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The suite's own requests run their tasks at once, in the test's process; tests that start gunicorn run
# the real queue and its worker (tests/test_email_worker.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ADMIN_REQUIRE_2FA = False  # Tests sign staff in with force_login; tests/test_two_factor.py turns it on.

if not REDIS_URL:  # noqa: F405
    # The suite runs in one process: a local cache is shared by all it does, and query counts stay the pages' own.
    # Tests that start gunicorn use the real settings, and so the database cache.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Under pytest-xdist each worker process runs its own share of the suite (pytest-django gives each its own test
# database): with Redis, each keeps to its own keys too, so one worker emptying its cache never empties another's.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if XDIST_WORKER and "KEY_PREFIX" in CACHES["default"]:
    CACHES["default"]["KEY_PREFIX"] += f"-{XDIST_WORKER}"
