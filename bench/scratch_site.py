"""A site of one benchmark run's own, on PostgreSQL and Redis, as production runs it; removed at the end.

Its database `clinic_<purpose>_<random>` (127.0.0.1:5432, user postgres) and its Redis keys (db 12, under the
prefix `<purpose>-<random>`) are this run's alone: runs, tests and CI on one machine never touch each other's.
Used by bench/throughput and bench/soak.
"""

import contextlib
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
REDIS_DB = 12


def log(message):
    print(message, file=sys.stderr, flush=True)


def tool(name):
    path = shutil.which(name)
    if not path:
        sys.exit(f"{Path(sys.argv[0]).name}: {name} not found on PATH (make test installs nginx and wrk)")
    return path


def psql(sql):
    command = [tool("psql"), "-h", HOST, "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qtAc", sql]
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=60).stdout


class ScratchSite:
    def __init__(self, purpose):
        run_id = secrets.token_hex(4)
        self.database = f"clinic_{purpose}_{run_id}"
        self.key_prefix = f"{purpose}-{run_id}"

    def environment(self, static_root, **changes):
        """Production settings (plain HTTP on loopback) for this site, with nothing of the caller's DJANGO_ ones."""
        env = {
            name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "DATABASE_", "REDIS_"))
        }
        env.update(
            DATABASE_URL=f"postgres://postgres@{HOST}:5432/{self.database}",
            REDIS_URL=f"redis://{HOST}:6379/{REDIS_DB}",
            CACHE_KEY_PREFIX=self.key_prefix,
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            DJANGO_SECURE="0",  # Plain HTTP on loopback: no redirect to HTTPS.
            DJANGO_TRUSTED_PROXIES="1",  # Behind nginx; alone, gunicorn ignores the header nobody sends.
            DJANGO_STATIC_ROOT=str(static_root),
            DJANGO_LOG_LEVEL="WARNING",
            DJANGO_SETTINGS_MODULE="clinic_site.settings",
        )
        env.update({name: str(value) for name, value in changes.items()})
        return env

    def manage(self, env, *args):
        result = subprocess.run(
            [str(VENV_BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )
        if result.returncode != 0:
            sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
        return result

    def prepare(self, env):
        log(f"Fresh database {self.database}, Redis db {REDIS_DB} keys {self.key_prefix}:*: migrate, load...")
        psql(f"CREATE DATABASE {self.database}")
        for args in (["migrate", "--noinput"], ["load_clinic_content"], ["collectstatic", "--noinput"]):
            self.manage(env, *args)

    def rows(self, sql):
        """One value of this site's database, as text."""
        command = [tool("psql"), "-h", HOST, "-U", "postgres", "-d", self.database, "-qtAc", sql]
        return subprocess.run(command, check=True, capture_output=True, text=True, timeout=60).stdout.strip()

    def forget(self):
        """This run's database and Redis keys, whatever happened; nothing else is touched."""
        psql(f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)")
        redis = [tool("redis-cli"), "-h", HOST, "-n", str(REDIS_DB)]
        keys = subprocess.run([*redis, "--scan", "--pattern", f"{self.key_prefix}:*"], capture_output=True, text=True)
        if keys.stdout.split():
            subprocess.run([*redis, "del", *keys.stdout.split()], capture_output=True, check=False)


@contextlib.contextmanager
def scratch_site(purpose):
    site = ScratchSite(purpose)
    try:
        yield site
    finally:
        site.forget()
