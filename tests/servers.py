"""Run the real site under gunicorn, for a test or a benchmark, and always stop it.

Used by tests/test_rate_limit_workers.py, bench/consultation_load.py and bench/lighthouse.
Only the standard library: bench/lighthouse imports it under the system python3.
"""

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
# The gunicorn of the running interpreter: the .venv's when run with .venv/bin/python or .venv/bin/pytest.
GUNICORN = Path(sys.executable).with_name("gunicorn")


class ServerError(RuntimeError):
    """Gunicorn exited or did not answer in time; the message ends with the tail of its log."""


@dataclass(frozen=True)
class Server:
    url: str  # http://127.0.0.1:PORT, without a trailing slash.
    port: int
    log_path: Path


@contextlib.contextmanager
def running_gunicorn(
    environment,
    *,
    log_path,
    workers=2,
    extra_args=(),
    ready_path="/",
    timeout=60,
    stop_timeout=10,
    gunicorn=GUNICORN,
):
    """Serve clinic_site.wsgi on a free port of 127.0.0.1 until the block ends; yields a Server.

    Gunicorn's output is appended to log_path. The block starts once ready_path answers; if gunicorn
    exits first or `timeout` seconds pass, ServerError is raised. Gunicorn is stopped in every case.
    """
    log_path = Path(log_path)
    # We bind the port and hand gunicorn the socket: nothing can take the port between choosing and binding it.
    with socket.socket() as listener, log_path.open("a", encoding="utf-8") as log:
        listener.bind((HOST, 0))
        port = listener.getsockname()[1]
        url = f"http://{HOST}:{port}"
        command = [
            str(gunicorn),
            "clinic_site.wsgi",
            f"--workers={workers}",
            f"--bind=fd://{listener.fileno()}",
            # Gunicorn 27 otherwise opens ~/.gunicorn/gunicorn.ctl, shared with any other gunicorn.
            "--no-control-socket",
            *extra_args,
        ]
        log.write(f"$ gunicorn on {url}\n")
        log.flush()
        # Its own session: stopping its process group reaches every worker, and a Ctrl+C meant for us does not.
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            pass_fds=[listener.fileno()],
            start_new_session=True,
        )
    # Leaving the `with` closed our copy of the socket: once gunicorn is gone, connections are refused.
    try:
        wait_until_ready(process, url + ready_path, log_path, timeout)
        yield Server(url, port, log_path)
    finally:
        stop(process, stop_timeout)


def wait_until_ready(process, url, log_path, timeout):
    deadline = time.monotonic() + timeout
    while (remaining := deadline - time.monotonic()) > 0:
        if process.poll() is not None:
            raise ServerError(
                f"gunicorn exited with status {process.returncode} before answering {url}" + tail(log_path)
            )
        try:
            # Capped, so that a hung attempt still leaves time to notice an exit and try again.
            with urllib.request.urlopen(url, timeout=min(remaining, 5)) as response:
                response.read()
            return
        # On a busy machine starting up shows as any of these (refused, reset, timed out, HTTP error): not yet.
        except (OSError, http.client.HTTPException):
            time.sleep(min(0.2, max(0, deadline - time.monotonic())))
    raise ServerError(f"gunicorn did not answer {url} within {timeout} s" + tail(log_path))


def stop(process, timeout):
    """SIGTERM is gunicorn's graceful shutdown; whatever is left of its process group after `timeout` s is killed."""
    if process.poll() is None:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=timeout)
    # Even after the master has gone, a worker may not have: the group outlives its leader while one is left.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def tail(log_path, lines=40):
    text = Path(log_path).read_text(encoding="utf-8", errors="replace")
    return f"\n--- last {lines} lines of {log_path} ---\n" + "\n".join(text.splitlines()[-lines:])
