"""Run the real site under gunicorn, for a test or a benchmark, and always stop it.

Used by tests/test_rate_limit_workers.py, bench/consultation_load.py and bench/lighthouse;
running_nginx (at the end) by tests/test_front_server.py, tests/test_deployment.py and bench/throughput.
Only the standard library: bench/lighthouse imports it under the system python3.
"""

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
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
    pid: int  # gunicorn's master; its workers are its children.

    def worker_memory_mb(self):
        """{worker pid: resident memory in MB} of the workers running now (Linux's /proc)."""
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        memory = {}
        for child in children:
            with contextlib.suppress(OSError):
                status = Path(f"/proc/{child}/status").read_text()
                memory[int(child)] = int(status.split("VmRSS:", 1)[1].split()[0]) / 1024
        return memory


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
        yield Server(url, port, log_path, process.pid)
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


# --- The task worker: `manage.py db_worker`, which sends the emails ------------------------------------


@contextlib.contextmanager
def running_task_worker(environment, *, log_path, interval=0.2, stop_timeout=10):
    """The site's task worker, as deploy/clinic-worker.service runs it, until the block ends; stopped in every case.

    It polls the queue every `interval` seconds (the deployment's default is 1). Its output goes to log_path.
    """
    command = [
        sys.executable,
        "manage.py",
        "db_worker",
        "--no-reload",
        "--no-startup-delay",
        f"--interval={interval}",
        "--verbosity=2",
    ]
    with Path(log_path).open("a", encoding="utf-8") as log:
        log.write("$ manage.py db_worker\n")
        log.flush()
        process = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process
    finally:
        stop(process, stop_timeout)


# --- nginx in front, as deploy/render-nginx configures it ------------------------------------------

RENDER_NGINX = ROOT / "deploy" / "render-nginx"
# Debian's, in /usr/sbin: on the PATH of root, not always of other users.
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
RENDERED_FILES = ("nginx.conf", "clinic-servers.conf", "clinic-locations.conf")


@dataclass(frozen=True)
class FrontServer:
    url: str  # http://127.0.0.1:PORT, or https:// over TLS, without a trailing slash.
    port: int
    run_dir: Path
    access_log: Path  # nginx's own: one line per request, with cache=HIT/MISS/BYPASS.
    log_path: Path  # nginx's error output.
    http_port: int | None = None  # Over TLS, the plain HTTP port that only redirects.


def render_nginx_config(mode, values):
    """deploy/render-nginx `mode` (tls or http) as the README runs it, with exactly `values` in its environment.

    The files go to values["RUN_DIR"]; returns their text, one after the other, for tests that read it.
    """
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        **{name: str(value) for name, value in values.items()},
    }
    rendered = subprocess.run(
        ["sh", str(RENDER_NGINX), mode], env=environment, capture_output=True, text=True, timeout=30, check=False
    )
    if rendered.returncode != 0:
        raise ServerError(f"deploy/render-nginx {mode} failed:\n{rendered.stderr}")
    run_dir = Path(values["RUN_DIR"])
    return "\n".join((run_dir / name).read_text(encoding="utf-8") for name in RENDERED_FILES)


def example_nginx_values(run_dir):
    """Every name `deploy/render-nginx http` needs, with made-up values but for RUN_DIR, where the files go."""
    names = ("UPSTREAM", "STATIC_ROOT", "MEDIA_ROOT", "LISTEN_PORT")
    return {"RUN_DIR": Path(run_dir), **{name: f"/value/of/{name.lower()}" for name in names}}


@contextlib.contextmanager
def running_nginx(
    upstream_url, static_root, media_root, *, run_dir, tls=None, timeout=30, stop_timeout=10, nginx=NGINX
):
    """nginx configured by deploy/render-nginx, on free ports of 127.0.0.1, in front of upstream_url.

    Plain HTTP, or with tls=(certificate, key) HTTPS (and a plain port that redirects). Yields a FrontServer.
    The configuration is checked with `nginx -t` first (ServerError with its output if it fails). nginx is
    stopped when the block ends, in every case.
    """
    run_dir = Path(run_dir).resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    log_path = run_dir / "nginx.log"
    config = run_dir / "nginx.conf"
    command = [str(nginx), "-e", "stderr", "-p", f"{run_dir}/", "-c", str(config)]
    # Started by root, nginx would hand its workers to `nobody`, who cannot read pytest's private directories.
    run_as = " user root;" if os.geteuid() == 0 else ""
    values = {
        "UPSTREAM": urllib.parse.urlsplit(upstream_url).netloc,
        "STATIC_ROOT": Path(static_root).resolve(),
        "MEDIA_ROOT": Path(media_root).resolve(),
        "RUN_DIR": run_dir,
    }
    # The ports are free when chosen, but nginx binds them itself: if something took one meanwhile, choose again.
    for _ in range(5):
        port, http_port = free_port(), free_port()
        if tls is None:
            render_nginx_config("http", {**values, "LISTEN_PORT": f"{HOST}:{port}"})
            ports, url, http_port = (port,), f"http://{HOST}:{port}", None
        else:
            certificate, key = tls
            listen = {"HTTPS_LISTEN": f"{HOST}:{port}", "HTTP_LISTEN": f"{HOST}:{http_port}"}
            names = {"SERVER_NAME": f"{HOST} localhost", "TLS_CERTIFICATE": certificate, "TLS_CERTIFICATE_KEY": key}
            render_nginx_config("tls", {**values, **listen, **names})
            ports, url = (port, http_port), f"https://{HOST}:{port}"
        checked = subprocess.run(
            [*command, "-t", "-g", f"daemon off;{run_as}"], capture_output=True, text=True, timeout=timeout
        )
        if checked.returncode != 0:
            raise ServerError(f"nginx -t refused {config}:\n{checked.stderr}")
        with log_path.open("a", encoding="utf-8") as log:
            log.write(f"$ nginx on {url}\n")
            log.flush()
            process = subprocess.Popen(
                [*command, "-g", f"daemon off;{run_as}"],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            if all(wait_until_listening(process, each, log_path, timeout) for each in ports):
                yield FrontServer(url, port, run_dir, run_dir / "access.log", log_path, http_port)
                return
        finally:
            stop(process, stop_timeout)
    raise ServerError("nginx found no free port in 5 tries" + tail(log_path))


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_until_listening(process, port, log_path, timeout):
    """True once the port accepts connections; False if nginx exited because the port was taken."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            if "Address already in use" in Path(log_path).read_text(encoding="utf-8", errors="replace"):
                return False
            raise ServerError(f"nginx exited with status {process.returncode}" + tail(log_path))
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
            return True
        time.sleep(0.05)
    raise ServerError(f"nginx did not listen on {HOST}:{port} within {timeout} s" + tail(log_path))


# --- A TCP forwarder a test can cut: a database or Redis going down, and coming back ----------------


class TcpForwarder:
    """Listens on a port of 127.0.0.1 and pipes each connection to `target`, (host, port), in threads.

    stop() closes the port and every connection piped so far, as a server that went down would;
    start() opens the same port again. As a context manager it is started, and stopped in every case.
    Used by tests/test_database_outage.py and tests/test_redis_outage.py.
    """

    def __init__(self, target):
        self.target = target
        self.port = None  # Chosen by the first start(), kept by the next ones.
        self._stopping = threading.Event()
        self._acceptor = None
        self._pipes = []
        self._sockets = []

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def start(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # The same port again, at once.
        listener.bind((HOST, self.port or 0))
        listener.listen(64)
        listener.settimeout(0.1)  # accept() wakes up this often to notice stop().
        self.port = listener.getsockname()[1]
        self._stopping.clear()
        self._acceptor = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        self._acceptor.start()

    def stop(self):
        """Closes the port first, then every piped connection; only then may start() open it again."""
        if self._acceptor is not None:
            self._stopping.set()
            self._acceptor.join(timeout=10)
            self._acceptor = None
        for sock in self._sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        for thread in self._pipes:
            thread.join(timeout=10)
        self._sockets, self._pipes = [], []

    def _accept(self, listener):
        with listener:
            while not self._stopping.is_set():
                try:
                    client, _ = listener.accept()
                except TimeoutError:
                    continue
                self._connect(client)

    def _connect(self, client):
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            client.close()
            return
        for sock in (client, upstream):
            sock.settimeout(None)
        self._sockets += [client, upstream]
        for source, sink in ((client, upstream), (upstream, client)):
            self._pipes.append(threading.Thread(target=pipe, args=(source, sink), daemon=True))
            self._pipes[-1].start()


class HeldForwarder(TcpForwarder):
    """A TcpForwarder that, until release(), accepts connections and says nothing on them: a server that has
    stalled. Released, it pipes the connections it held, and every later one, to `target`."""

    def __init__(self, target):
        super().__init__(target)
        self.held = []
        self._released = threading.Event()

    def release(self):
        self._released.set()

    def _accept(self, listener):
        with listener:
            while not self._stopping.is_set():
                if self._released.is_set() and self.held:
                    self._connect(self.held.pop())
                    continue
                try:
                    client, _ = listener.accept()
                except TimeoutError:
                    continue
                if self._released.is_set():
                    self._connect(client)
                else:
                    self.held.append(client)
                    self._sockets.append(client)


def pipe(source, sink):
    """Copies until either side closes, then tells the other side that nothing more is coming."""
    with contextlib.suppress(OSError):
        while data := source.recv(65536):
            sink.sendall(data)
    with contextlib.suppress(OSError):
        sink.shutdown(socket.SHUT_WR)
