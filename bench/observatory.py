#!/usr/bin/env python3
"""MDN HTTP Observatory score of the site served as in production, on this machine.

The site runs with debug off under gunicorn (2 workers), with a throwaway SQLite database loaded with the
clinic's content and whitenoise's static files, all in a temporary directory deleted at the end. It is
scanned twice, and every server is stopped whatever happens:

- HTTPS: the production settings (HTTPS protections on, the default with debug off) behind nginx on
  127.0.0.1's ports 80 and 443, as a production host has them (the scanner knows no other ports).
  nginx terminates TLS with a throwaway self-signed certificate that only the scanner trusts, and
  hands port 80's requests to Django as plain HTTP: Django's own redirect to HTTPS is what is scored.
- Plain HTTP: gunicorn alone with DJANGO_SECURE=0, as benchmarks and browser tests run it; the
  Observatory's HTTPS-only tests (redirection to HTTPS, Strict-Transport-Security) cannot pass there.

    .venv/bin/python bench/observatory.py       # the grade, the score and every test's result, twice

Needs the project's .venv, Node 20 with npm, nginx and openssl, and 127.0.0.1's ports 80 and 443 free
(root, or a user allowed to bind them). The scanner (@mdn/mdn-http-observatory, pinned below) is
installed from the npm registry into the temporary directory, never into the project, with install
scripts off: they download the HSTS preload list and certificate bundles from outside the registry.
It gets an empty preload list instead: no browser preloads 127.0.0.1.
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
from tests.servers import HOST, ServerError, running_gunicorn, stop, tail, wait_until_listening

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
SCANNER = "@mdn/mdn-http-observatory@1.4.8"
SCAN_TIMEOUT_S = 600
HTTPS_ONLY_TESTS = {"redirection", "strict-transport-security"}
HTTP_PORT, HTTPS_PORT = 80, 443

# nginx as the front server, as little of it as TLS needs: what Django sends is what is scored.
NGINX_CONFIG = """
pid {run_dir}/nginx.pid;
events {{}}
http {{
    access_log off;
    client_body_temp_path {run_dir}/client_body;
    proxy_temp_path {run_dir}/proxy;
    fastcgi_temp_path {run_dir}/fastcgi;
    uwsgi_temp_path {run_dir}/uwsgi;
    scgi_temp_path {run_dir}/scgi;
    server {{
        listen {host}:{http_port};
        location / {{
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-Proto http;
            proxy_pass http://{upstream};
        }}
    }}
    server {{
        listen {host}:{https_port} ssl;
        ssl_certificate {run_dir}/cert.pem;
        ssl_certificate_key {run_dir}/key.pem;
        location / {{
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-Proto https;
            proxy_pass http://{upstream};
        }}
    }}
}}
"""


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
    return run_dir / "cert.pem"


@contextlib.contextmanager
def tls_front(upstream_port, run_dir, timeout=30):
    """nginx on 127.0.0.1's ports 80 and 443 (TLS) in front of gunicorn, until the block ends."""
    config, log_path = run_dir / "nginx.conf", run_dir / "nginx.log"
    values = {"run_dir": run_dir, "host": HOST, "upstream": f"{HOST}:{upstream_port}"}
    config.write_text(NGINX_CONFIG.format(http_port=HTTP_PORT, https_port=HTTPS_PORT, **values))
    # Started by root, nginx hands its workers to `nobody`, who cannot enter a private temporary directory.
    user = " user root;" if os.geteuid() == 0 else ""
    command = [shutil.which("nginx") or "nginx", "-e", "stderr", "-p", f"{run_dir}/", "-c", str(config)]
    with log_path.open("a", encoding="utf-8") as log:
        process = subprocess.Popen(
            [*command, "-g", f"daemon off;{user}"], stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        for port in (HTTP_PORT, HTTPS_PORT):
            if not wait_until_listening(process, port, log_path, timeout):
                raise ServerError(f"nginx could not listen on {HOST}:{port}: is another server there?" + tail(log_path))
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


def main():
    with tempfile.TemporaryDirectory(prefix="observatory-") as tmp:
        folder = Path(tmp)
        log_path = folder / "site.log"
        prepare_site(site_environment(folder), log_path)
        scanner = install_scanner(folder / "scanner")
        certificate = make_certificate(folder)

        # gunicorn is ready when a page answers; asked as the TLS proxy asks, it is not redirected.
        opener = urllib.request.build_opener()
        opener.addheaders = [("X-Forwarded-Proto", "https")]
        urllib.request.install_opener(opener)
        with running_gunicorn(site_environment(folder), log_path=log_path) as site, tls_front(site.port, folder):
            behind_tls = scan(scanner, HOST, certificate)

        with running_gunicorn(site_environment(folder, DJANGO_SECURE="0"), log_path=log_path) as site:
            plain = scan(scanner, f"{HOST}:{site.port}")

    report(f"MDN HTTP Observatory ({SCANNER}): production settings, HTTPS (nginx, ports 80/443)", behind_tls)
    report(f"MDN HTTP Observatory ({SCANNER}): plain HTTP, DJANGO_SECURE=0 (gunicorn alone)", plain, plain_http=True)


if __name__ == "__main__":
    main()
