"""Load benchmark for the consultation form, against the production stack.

What it measures: how many valid consultation requests the site accepts per
second, and how long each POST takes (p50, p99), when N concurrent patients
submit the form at once to gunicorn on PostgreSQL with Redis as the cache. It
then checks that every accepted submission (302 to /consultation/thanks/) is a
row in the database, and that the server answered no request with a 5xx.

Each run:
  1. creates its own PostgreSQL database `clinic_bench_<random>` (127.0.0.1:5432,
     user postgres, trust auth) and uses Redis db 14 under its own key prefix; both
     are removed at the end, on errors too, and nothing else is touched;
  2. migrates, loads the clinic's content, collects static files, and starts
     `gunicorn clinic_site.wsgi` on a free port of 127.0.0.1, debug off, with the
     rate limit raised and email kept in memory;
  3. gives each client its own cookie jar and one GET of /consultation/ (for the
     CSRF cookie and token, and the published treatment's id), then times each
     POST on its own, without following the redirect;
  4. counts the rows, stops gunicorn, and prints the figures.

It exits non-zero if accepted submissions and rows differ, or on any 5xx.
The server's log is kept in bench/out/ (git-ignored); the database is left for
inspection and recreated by the next run.

Run from the project root:

    .venv/bin/python bench/consultation_load.py [--requests 1000] [--clients 32]

This is a benchmark, not a test: pytest does not collect it.
"""

import argparse
import http.cookiejar
import math
import os
import secrets
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # The project root, for tests.servers.
from tests.servers import running_gunicorn

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
OUT_DIR = ROOT / "bench" / "out"

HOST = "127.0.0.1"  # The only host this script ever sends a request to.
# This run's own database and Redis keys: runs, tests and CI on one machine never touch each other's.
RUN_ID = secrets.token_hex(4)
DB_NAME = f"clinic_bench_{RUN_ID}"
KEY_PREFIX = f"bench-{RUN_ID}"
DATABASE_URL = f"postgres://postgres@{HOST}:5432/{DB_NAME}"
REDIS_DB = 14
REDIS_URL = f"redis://{HOST}:6379/{REDIS_DB}"

FORM_PATH = "/consultation/"
THANKS_PATH = "/consultation/thanks/"
SETUP_TIMEOUT_S = 300  # Per management command.
STARTUP_TIMEOUT_S = 30  # Until gunicorn answers.
REQUEST_TIMEOUT_S = 30  # Per HTTP request.
STOP_TIMEOUT_S = 30  # Graceful shutdown before SIGKILL.

# Names with accents and non-Latin letters, so the form and the database see UTF-8.
NAMES = ("Zoë Ñandú", "José Álvarez", "Łukasz Żółć", "Nguyễn Thị Mai", "Siobhán O'Brien", "Ann Lee")


@dataclass
class Result:
    """One timed POST: the HTTP status (None if the connection failed)."""

    status: int | None
    location: str
    latency_s: float
    error: str = ""

    @property
    def accepted(self):
        return self.status == 302 and urllib.parse.urlsplit(self.location).path == THANKS_PATH


# --- Set-up: database, cache, site, server -------------------------------------


def tool(name):
    """The full path of a command-line tool, or exit saying which one is missing."""
    path = shutil.which(name)
    if not path:
        sys.exit(f"{name} not found on PATH")
    return path


def psql(sql, database="postgres"):
    """Run one SQL statement as postgres on 127.0.0.1 and return its bare output."""
    command = [tool("psql"), "-h", HOST, "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-tAc", sql]
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=60).stdout.strip()


def create_database():
    psql(f"CREATE DATABASE {DB_NAME}")


def drop_database():
    psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


def forget_redis_keys():
    """Only this run's keys (its prefix), never the whole Redis database another run may be using."""
    keys = subprocess.run(
        [tool("redis-cli"), "-h", HOST, "-n", str(REDIS_DB), "--scan", "--pattern", f"{KEY_PREFIX}:*"],
        check=True, capture_output=True, text=True, timeout=30,
    ).stdout.split()  # fmt: skip
    if keys:
        subprocess.run([tool("redis-cli"), "-h", HOST, "-n", str(REDIS_DB), "del", *keys], check=True,
                       capture_output=True, timeout=30)  # fmt: skip


def site_environment():
    """The production settings of the README, pointed at the benchmark's database and cache."""
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_DEBUG", "DJANGO_SECURE"}}
    env.update(
        DATABASE_URL=DATABASE_URL,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE="0",  # Plain HTTP on loopback: no redirect to HTTPS.
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=KEY_PREFIX,
        CONSULTATION_RATE_LIMIT="1000000/m",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    return env


def prepare_site(env, log):
    for args in (["migrate", "--noinput"], ["load_clinic_content"], ["collectstatic", "--noinput"]):
        command = [str(VENV_BIN / "python"), "manage.py", *args]
        log.write(f"$ {' '.join(command[1:])}\n")
        log.flush()
        subprocess.run(command, cwd=ROOT, env=env, stdout=log, stderr=log, check=True, timeout=SETUP_TIMEOUT_S)


def count_rows():
    return int(psql("SELECT count(*) FROM treatments_consultationrequest", database=DB_NAME))


# --- One patient's browser ----------------------------------------------------------


class FormPage(HTMLParser):
    """The CSRF token and the treatment choices of the consultation form."""

    def __init__(self, html):
        super().__init__()
        self.csrf_token = ""
        self.treatment_ids = []
        self._in_treatment_select = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") == "csrfmiddlewaretoken":
            self.csrf_token = attrs.get("value") or ""
        elif tag == "select":
            self._in_treatment_select = attrs.get("name") == "treatment"
        elif tag == "option" and self._in_treatment_select and attrs.get("value"):
            self.treatment_ids.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._in_treatment_select = False


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """Leave a 302 as it is: it is the answer being measured."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Client:
    """A browser of its own: cookie jar, CSRF token, no redirects followed."""

    def __init__(self, base_url):
        self.form_url = base_url + FORM_PATH
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirects()
        )
        with self.opener.open(self.form_url, timeout=REQUEST_TIMEOUT_S) as response:
            page = FormPage(response.read().decode("utf-8"))
        if not page.csrf_token or not page.treatment_ids:
            raise RuntimeError("the consultation form has no CSRF token or no published treatment")
        self.csrf_token = page.csrf_token
        self.treatment_id = page.treatment_ids[0]

    def submit(self, number):
        """POST one valid request and time it, up to the response's last byte."""
        body = urllib.parse.urlencode(form_fields(number, self.treatment_id, self.csrf_token)).encode()
        headers = {"Referer": self.form_url}
        request = urllib.request.Request(self.form_url, data=body, headers=headers)
        start = time.perf_counter()
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT_S) as response:
                response.read()
                status, location = response.status, response.headers.get("Location", "")
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx and 5xx.
            with error:
                error.read()
            status, location = error.code, error.headers.get("Location", "")
        except (urllib.error.URLError, OSError) as error:
            return Result(None, "", time.perf_counter() - start, type(error).__name__)
        return Result(status, location, time.perf_counter() - start)


def form_fields(number, treatment_id, csrf_token):
    return {
        "name": f"{NAMES[number % len(NAMES)]} {number}",
        "email": f"patient{number}@example.com",
        "phone": f"+1 (555) 010-{number % 10000:04d}",
        "preferred_contact": "email",
        "preferred_time": "Weekday mornings",
        "treatment": treatment_id,
        "message": f"Benchmark request {number}: aching legs after long shifts, ça va?",
        "consent": "on",
        "website": "",  # The honeypot: people leave it empty.
        "csrfmiddlewaretoken": csrf_token,
    }


# --- The load -------------------------------------------------------------------


def run_load(base_url, requests, clients, timeout_s):
    """Every client GETs the form, then together they POST `requests` submissions.

    Client k sends submissions k, k + clients, k + 2 * clients...; no client
    starts a new one after the overall deadline. Returns (results, wall seconds).
    """
    with ThreadPoolExecutor(max_workers=clients) as pool:
        browsers = list(pool.map(lambda _: Client(base_url), range(clients)))
        results, lock = [], threading.Lock()
        deadline = time.monotonic() + timeout_s

        def post_share(index):
            for number in range(index, requests, clients):
                if time.monotonic() > deadline:
                    return
                result = browsers[index].submit(number)
                with lock:
                    results.append(result)

        start = time.perf_counter()
        list(pool.map(post_share, range(clients)))
        wall_s = time.perf_counter() - start
    return results, wall_s


def percentile(values, p):
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def summarize(results, requests, rows, wall_s):
    accepted = sum(result.accepted for result in results)
    statuses = Counter(result.status for result in results if result.status is not None)
    server_errors = sum(count for status, count in statuses.items() if status >= 500)
    other = Counter(
        f"302 to {result.location}" if result.status == 302 else str(result.status)
        for result in results
        if result.status is not None and result.status < 500 and not result.accepted
    )
    transport_errors = Counter(result.error for result in results if result.status is None)
    latencies_ms = [result.latency_s * 1000 for result in results]
    return {
        "accepted": accepted,
        "rows": rows,
        "server_errors": server_errors,
        "other": other,
        "transport_errors": transport_errors,
        "not_sent": requests - len(results),
        "wall_s": wall_s,
        "rps": len(results) / wall_s if wall_s else 0.0,
        "p50_ms": percentile(latencies_ms, 50) if latencies_ms else float("nan"),
        "p99_ms": percentile(latencies_ms, 99) if latencies_ms else float("nan"),
    }


def describe(counter):
    return ", ".join(f"{key}: {count}" for key, count in sorted(counter.items())) or "none"


def report(figures, args, base_url, log_path):
    rows = [
        ("target", f"{base_url}{FORM_PATH} (gunicorn, {args.workers} workers, PostgreSQL, Redis)"),
        ("submissions", f"{args.requests} from {args.clients} concurrent clients"),
        ("submissions accepted", figures["accepted"]),
        ("rows in the database", figures["rows"]),
        ("5xx responses", figures["server_errors"]),
        ("other non-302 statuses", describe(figures["other"])),
        ("connection errors", describe(figures["transport_errors"])),
        ("not sent (timeout)", figures["not_sent"]),
        ("total wall time", f"{figures['wall_s']:.2f} s"),
        ("requests per second", f"{figures['rps']:.1f}"),
        ("latency p50", f"{figures['p50_ms']:.1f} ms"),
        ("latency p99", f"{figures['p99_ms']:.1f} ms"),
        ("server log", log_path.relative_to(ROOT)),
    ]
    width = max(len(label) for label, _ in rows)
    print("Consultation form load benchmark")
    for label, value in rows:
        print(f"  {label:<{width}}  {value}")


def log_tracebacks(log_path):
    return log_path.read_text(encoding="utf-8", errors="replace").count("Traceback (most recent call last)")


# --- Main -----------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=positive, default=1000, help="consultation requests to POST (1000)")
    parser.add_argument("--clients", type=positive, default=32, help="concurrent clients (32)")
    parser.add_argument("--workers", type=positive, default=2, help="gunicorn workers (2)")
    parser.add_argument("--timeout", type=positive, default=600, help="overall limit of the load, seconds (600)")
    return parser.parse_args()


def positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def main():
    args = parse_args()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    log_path = OUT_DIR / f"consultation_load-{datetime.now():%Y%m%d-%H%M%S}.log"
    env = site_environment()

    create_database()
    try:
        with log_path.open("w", encoding="utf-8") as log:
            prepare_site(env, log)
        with running_gunicorn(
            env,
            workers=args.workers,
            log_path=log_path,
            ready_path=FORM_PATH,
            timeout=STARTUP_TIMEOUT_S,
            stop_timeout=STOP_TIMEOUT_S,  # SIGTERM: gunicorn's graceful shutdown, workers finish their requests.
        ) as server:
            base_url = server.url
            results, wall_s = run_load(base_url, args.requests, args.clients, args.timeout)
        rows = count_rows()
    finally:
        drop_database()
        forget_redis_keys()

    figures = summarize(results, args.requests, rows, wall_s)
    report(figures, args, base_url, log_path)
    tracebacks = log_tracebacks(log_path)
    if tracebacks:
        print(f"  the server log has {tracebacks} traceback(s)")
    failed = figures["accepted"] != figures["rows"] or figures["server_errors"]
    if failed:
        print("FAILED: accepted submissions and rows differ, or the server answered 5xx", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
