#!/usr/bin/env python3
"""MDN HTTP Observatory score of the site served as in production, on this machine.

The site runs with debug off under gunicorn (2 workers), with a throwaway SQLite database loaded with the
clinic's content and whitenoise's static files, all in a temporary directory deleted at the end. It is
scanned twice, and every server is stopped whatever happens:

- HTTPS: the production settings behind the shipped front server (deploy/render-nginx tls: TLS with HTTP/2,
  port 80 only redirecting), on ports 80 and 443, as a production host has them (the scanner knows no other
  ports). They are the ports of a private network namespace of this run's own (unshare --net), never this
  machine's: two runs, or a server already on port 80, never meet. nginx uses a throwaway self-signed
  certificate that only the scanner trusts.
- Plain HTTP: gunicorn alone with DJANGO_SECURE=0, as benchmarks and browser tests run it; the
  Observatory's HTTPS-only tests (redirection to HTTPS, Strict-Transport-Security) cannot pass there.

    .venv/bin/python bench/observatory.py       # the grade, the score and every test's result, twice

Needs the project's .venv, Node 20 with npm, nginx and openssl, and root with unshare and ip (util-linux and
iproute2) for the private namespace. The scanner (@mdn/mdn-http-observatory, pinned below) is installed from the
npm registry into the temporary directory, never into the project, with install scripts off: they download the
HSTS preload list and certificate bundles from outside the registry. It gets an empty preload list instead: no
browser preloads 127.0.0.1. It is installed before entering the namespace, which has no network but its own.
"""

import contextlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # The project root, for tests.servers.
from tests.servers import (
    HOST,
    NGINX,
    ServerError,
    render_nginx_config,
    running_gunicorn,
    stop,
    tail,
    wait_until_listening,
)

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
SCANNER = "@mdn/mdn-http-observatory@1.4.8"
SCAN_TIMEOUT_S = 600
HTTPS_ONLY_TESTS = {"redirection", "strict-transport-security"}
HTTP_PORT, HTTPS_PORT = 80, 443


def site_environment(folder, **changes):
    """Production settings, with nothing from the caller's environment that changes what is served."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=HOST,
        DATABASE_URL=f"sqlite:///{folder / 'observatory.sqlite3'}",
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        **changes,
    )
    return env


def prepare_site(env, log_path):
    with log_path.open("a", encoding="utf-8") as log:
        for args in (["migrate", "--noinput"], ["load_clinic_content"], ["collectstatic", "--noinput"]):
            subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, stdout=log, stderr=log, check=True)


def install_scanner(folder):
    """The scanner's entry point, installed under folder."""
    command = ["npm", "install", "--prefix", str(folder), "--ignore-scripts", "--no-audit", "--no-fund", SCANNER]
    subprocess.run(command, capture_output=True, check=True, timeout=SCAN_TIMEOUT_S)
    package = folder / "node_modules" / "@mdn" / "mdn-http-observatory"
    (package / "conf" / "hsts-preload.json").write_text("{}")
    return package / "src" / "scan.js"


def make_certificate(run_dir):
    """A self-signed certificate for 127.0.0.1, valid for a day: cert.pem and key.pem in run_dir."""
    request = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}"]
    files = ["-keyout", run_dir / "key.pem", "-out", run_dir / "cert.pem"]
    subprocess.run(
        [*request, "-addext", f"subjectAltName=IP:{HOST}", *files], capture_output=True, check=True, timeout=60
    )
    return run_dir / "cert.pem", run_dir / "key.pem"


@contextlib.contextmanager
def tls_front(upstream_port, run_dir, static_root, certificate, key, timeout=30):
    """The shipped nginx (deploy/render-nginx tls) on ports 80 and 443 of this namespace, until the block ends."""
    values = {
        "UPSTREAM": f"{HOST}:{upstream_port}",
        "STATIC_ROOT": static_root,
        "MEDIA_ROOT": run_dir / "media",
        "RUN_DIR": run_dir,
        "HTTPS_LISTEN": f"{HOST}:{HTTPS_PORT}",
        "HTTP_LISTEN": f"{HOST}:{HTTP_PORT}",
        "SERVER_NAME": HOST,
        "TLS_CERTIFICATE": certificate,
        "TLS_CERTIFICATE_KEY": key,
    }
    render_nginx_config("tls", values)
    log_path = run_dir / "nginx.log"
    # Started by root, nginx hands its workers to `nobody`, who cannot enter a private temporary directory.
    user = " user root;" if os.geteuid() == 0 else ""
    command = [NGINX, "-e", "stderr", "-p", f"{run_dir}/", "-c", str(run_dir / "nginx.conf")]
    with log_path.open("a", encoding="utf-8") as log:
        process = subprocess.Popen(
            [*command, "-g", f"daemon off;{user}"], stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        for port in (HTTP_PORT, HTTPS_PORT):
            if not wait_until_listening(process, port, log_path, timeout):
                raise ServerError(f"nginx could not listen on {HOST}:{port}" + tail(log_path))
        yield
    finally:
        stop(process, 10)


def scan(scanner, host, certificate=None):
    """The scanner's JSON report for host: 127.0.0.1, or 127.0.0.1:PORT, from which it builds http:// and https://."""
    env = dict(os.environ, NODE_EXTRA_CA_CERTS=str(certificate)) if certificate else None
    command = ["node", str(scanner), host]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=SCAN_TIMEOUT_S, check=False)
    if result.returncode != 0:
        raise SystemExit(
            f"bench/observatory.py: the scan failed ({result.returncode}):\n{result.stdout}{result.stderr}"
        )
    return json.loads(result.stdout)


def report(title, result, plain_http=False):
    summary = result["scan"]
    print(f"\n{title}")
    passed = f"{summary['testsPassed']}/{summary['testsQuantity']}"
    print(f"Grade {summary['grade']}, score {summary['score']} (100 is A+), {passed} tests passed")
    print(f"  {'test':<32} {'pass':<5} {'score':>5}  result")
    for name, test in sorted(result["tests"].items()):
        note = "  (HTTPS only)" if plain_http and name in HTTPS_ONLY_TESTS else ""
        print(f"  {name:<32} {test['pass']!s:<5} {test['scoreModifier']:>5}  {test['result']}{note}")


def scan_in_private_network(folder):
    """Inside this run's own network namespace (see the docstring): both scans; their reports as JSON on stdout."""
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True, timeout=30)
    log_path = folder / "site.log"
    scanner = folder / "scanner" / "node_modules" / "@mdn" / "mdn-http-observatory" / "src" / "scan.js"
    certificate, key = make_certificate(folder)
    # gunicorn is ready when a page answers; asked as the TLS proxy asks, it is not redirected.
    opener = urllib.request.build_opener()
    opener.addheaders = [("X-Forwarded-Proto", "https")]
    urllib.request.install_opener(opener)
    environment = site_environment(folder, DJANGO_TRUSTED_PROXIES="1")
    with (
        running_gunicorn(environment, log_path=log_path) as site,
        tls_front(site.port, folder / "nginx", folder / "static", certificate, key),
    ):
        behind_tls = scan(scanner, HOST, certificate)
    with running_gunicorn(site_environment(folder, DJANGO_SECURE="0"), log_path=log_path) as site:
        plain = scan(scanner, f"{HOST}:{site.port}")
    print(json.dumps({"behind_tls": behind_tls, "plain": plain}))


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--inside":
        scan_in_private_network(Path(sys.argv[2]))
        return
    unshare = shutil.which("unshare")
    if unshare is None or shutil.which("ip") is None or os.geteuid() != 0:
        raise SystemExit(
            "bench/observatory.py needs root, unshare and ip: the scan takes ports 80 and 443 of a private network "
            "namespace, never this machine's."
        )
    with tempfile.TemporaryDirectory(prefix="observatory-") as tmp:
        folder = Path(tmp)
        prepare_site(site_environment(folder), folder / "site.log")
        install_scanner(folder / "scanner")  # Before the namespace: it has no network but its own loopback.
        inside = subprocess.run(
            [unshare, "--net", "--", sys.executable, __file__, "--inside", str(folder)],
            capture_output=True,
            text=True,
            timeout=2 * SCAN_TIMEOUT_S,
            check=False,
        )
        if inside.returncode != 0:
            raise SystemExit(f"bench/observatory.py: the scans failed:\n{inside.stdout}{inside.stderr}")
        reports = json.loads(inside.stdout.strip().splitlines()[-1])
    title = f"MDN HTTP Observatory ({SCANNER})"
    report(f"{title}: production settings, HTTPS (deploy/render-nginx tls, ports 80/443)", reports["behind_tls"])
    report(f"{title}: plain HTTP, DJANGO_SECURE=0 (gunicorn alone)", reports["plain"], plain_http=True)


if __name__ == "__main__":
    main()
