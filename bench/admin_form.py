#!/usr/bin/env python3
"""How fast the staff side renders: the change form of the shipped ultrasound-guided sclerotherapy page and the
list of procedures (with its reading-grade column), in production settings, on SQLite and on PostgreSQL.

What it prints, for each database: the median and the slowest of N renders (default 10) of each page, in ms,
measured in the Django process (Django's test client, signed in as a superuser: no network, no browser), and the
form's size in KB of HTML as sent (before gzip). Issue 15's budget: the form within 500 ms and 150 KB, the list
within 200 ms. It reports, whatever the figures, and exits 0; non-zero only when a database cannot be set up.

    .venv/bin/python bench/admin_form.py                 # both databases, 10 renders each
    .venv/bin/python bench/admin_form.py --runs 20 --databases sqlite

Each run uses its own throwaway database (a temporary SQLite file; a PostgreSQL database with a random name on
127.0.0.1:5432, user postgres), loaded with the clinic's content and dropped at the end, even on errors; static
files are collected into a temporary folder.
"""

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
SLUG = "ultrasound-guided-sclerotherapy"
BUDGET = {"form_ms": 500, "form_kb": 150, "list_ms": 200}

# Run in a child process, so that each database's settings are read fresh.
MEASURE = r"""
import json, statistics, sys, time
import django
django.setup()
from django.core.management import call_command
from django.contrib.auth import get_user_model
from django.test import Client
from treatments.models import Treatment

call_command("collectstatic", verbosity=0, interactive=False)  # Production serves hashed static files.
call_command("migrate", verbosity=0, interactive=False)
call_command("load_clinic_content", verbosity=0)
user = get_user_model().objects.create_superuser("bench-admin", "bench@clinic.example", "unused-password-1")
client = Client()
client.force_login(user)
treatment = Treatment.objects.get(slug=sys.argv[1])
runs = int(sys.argv[2])


def timed(url):
    client.get(url)  # Warm-up: templates compiled, connections open.
    times, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        size = len(response.content)
    return statistics.median(times), max(times), size


form = timed(f"/admin/treatments/treatment/{treatment.pk}/change/")
listing = timed("/admin/treatments/treatment/")
print(json.dumps({"form_ms": form[0], "form_max_ms": form[1], "form_kb": form[2] / 1024,
                  "list_ms": listing[0], "list_max_ms": listing[1]}))
"""


def environment(database_url, static_root):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REDIS_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="clinic_site.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE="0",
        ADMIN_REQUIRE_2FA="0",
        DATABASE_URL=database_url,
        DJANGO_STATIC_ROOT=static_root,
    )
    return env


def measure(database_url, runs):
    with tempfile.TemporaryDirectory() as static_root:
        result = subprocess.run(
            [str(PYTHON), "-c", MEASURE, SLUG, str(runs)],
            cwd=ROOT,
            env=environment(database_url, static_root),
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode:
        raise RuntimeError(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def on_sqlite(runs):
    with tempfile.TemporaryDirectory() as tmp:
        return measure(f"sqlite:///{tmp}/bench.sqlite3", runs)


def on_postgres(runs):
    name = f"bench_admin_{secrets.token_hex(4)}"
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c"]
    subprocess.run([*psql, f"CREATE DATABASE {name}"], check=True, capture_output=True)
    try:
        return measure(f"postgres://postgres@127.0.0.1:5432/{name}", runs)
    finally:
        subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=False, capture_output=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--databases", nargs="+", choices=("sqlite", "postgres"), default=["sqlite", "postgres"])
    args = parser.parse_args()
    print(f"Admin renders, median of {args.runs} (slowest in brackets); budget: form {BUDGET['form_ms']} ms and "
          f"{BUDGET['form_kb']} KB, list {BUDGET['list_ms']} ms")  # fmt: skip
    print(f"{'database':<10} {'form ms':>16} {'form KB':>8} {'list ms':>16}")
    failed = False
    for database in args.databases:
        try:
            figures = (on_sqlite if database == "sqlite" else on_postgres)(args.runs)
        except (RuntimeError, subprocess.CalledProcessError, OSError) as error:
            print(f"{database:<10} could not be measured: {error}")
            failed = True
            continue
        within = all(figures[key] <= limit for key, limit in BUDGET.items())
        print(
            f"{database:<10} {figures['form_ms']:>7.0f} ({figures['form_max_ms']:>5.0f}) {figures['form_kb']:>8.0f} "
            f"{figures['list_ms']:>7.0f} ({figures['list_max_ms']:>5.0f})  {'within' if within else 'OVER'} budget"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
