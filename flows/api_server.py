"""A temporary Prefect API for one ``newsledger run``, started before the heavy imports.

Without ``PREFECT_API_URL`` Prefect starts a temporary API server the first
time a flow needs a client: it blocks there for the server's start-up (a
uvicorn subprocess importing Prefect's server stack: 4-7 s, bench/) and it
imports that same server stack into our own process too (3 s of CPU) only to
launch it. Both costs sit on the critical path of every run, and they are most
of an incremental no-op run.

Here the CLI launches the same server command itself, first thing, so its
start-up overlaps our own imports and the NLP workers' model loading; the run
then talks to it through ``PREFECT_API_URL`` like any other server. This module
is stdlib-only so that importing it costs nothing; Prefect is imported only in
:func:`prefect_api`, after the server is already starting.

When ``PREFECT_API_URL`` is configured (environment, profile or prefect.toml),
no server is started: scheduled runs against a real server are unchanged.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

# Same environment Prefect gives its own temporary server: no UI, ephemeral
# mode (no background services), settings final.
_SERVER_ENV = {
    "PREFECT_UI_ENABLED": "0",
    "PREFECT__SERVER_EPHEMERAL": "1",
    "PREFECT__SERVER_FINAL": "1",
}
# uvicorn exits with 3 when it cannot bind: the port was taken between our probe and its bind.
_BIND_FAILED = 3


def _log(message: str) -> None:
    """One console line in the layout of Prefect's own (its logging is not set up
    yet when the server starts): operators and bench/ read the same marks."""
    if os.environ.get("PREFECT_LOGGING_LEVEL", "INFO").upper() in ("WARNING", "ERROR", "CRITICAL"):
        return
    now = datetime.now().strftime("%H:%M:%S.%f")[:-3]
    print(f"{now} | INFO    | newsledger - {message}", file=sys.stderr, flush=True)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _prefect_dir() -> Path | None:
    spec = importlib.util.find_spec("prefect")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent


class TemporaryApi:
    """One uvicorn process serving Prefect's API on a free local port."""

    def __init__(self, app_dir: Path) -> None:
        self._app_dir = app_dir
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = self._launch()
        self.started = time.monotonic()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def _launch(self) -> subprocess.Popen[bytes]:
        _log(f"Starting temporary Prefect API on http://127.0.0.1:{self.port}")
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--app-dir",
                str(self._app_dir.parent),
                "--factory",
                "prefect.server.api.server:create_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "error",
                "--lifespan",
                "on",
            ],
            env={**os.environ, **_SERVER_ENV},
            stdin=subprocess.DEVNULL,
        )

    def wait_ready(self, timeout: float) -> str:
        """The API URL once ``/health`` answers; RuntimeError after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            proc = self.process
            if proc is None:
                raise RuntimeError("temporary Prefect server was stopped")
            code = proc.poll()
            if code == _BIND_FAILED:
                self.port = _free_port()
                self.process = self._launch()
                continue
            if code is not None:
                raise RuntimeError(f"temporary Prefect server exited with code {code}")
            try:
                with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as resp:
                    if resp.status == 200:
                        _log(f"Temporary Prefect API ready on {self.api_url}")
                        return self.api_url
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.05)
        raise RuntimeError(f"temporary Prefect server not ready after {timeout:.0f}s")

    def stop(self) -> None:
        """Terminate the server and reap it (it answers SIGTERM in ~0.2 s)."""
        proc, self.process = self.process, None
        if proc is None:
            return
        _log(f"Stopping temporary Prefect API on http://127.0.0.1:{self.port}")
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def start_temporary_api() -> TemporaryApi | None:
    """Launch a temporary API now, unless the environment already names one.

    A URL configured only in a Prefect profile or prefect.toml is seen later, in
    :func:`prefect_api`, which then stops this server unused.
    """
    if os.environ.get("PREFECT_API_URL"):
        return None
    app_dir = _prefect_dir()
    if app_dir is None:
        return None
    return TemporaryApi(app_dir)


@contextlib.contextmanager
def prefect_api(api: TemporaryApi | None) -> Iterator[str | None]:
    """Point Prefect at ``api`` for the duration; yields the API URL in use.

    Stops the server on exit, after Prefect's log and event workers have been
    drained so nothing the run reported is lost.
    """
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
        PREFECT_UI_URL,
        temporary_settings,
    )

    configured = PREFECT_API_URL.value()
    if api is None or configured:
        if api is not None:
            api.stop()
        yield configured
        return
    from transforms.errors import ConfigError

    try:
        try:
            url = api.wait_ready(float(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value()))
        except RuntimeError as exc:
            # A timeout on a busy machine is worth another attempt; a server that
            # exits (bad database URL, broken install) is not.
            retry = "not ready" in str(exc)
            raise ConfigError("C003", retryable=retry, why=str(exc)) from exc
        # No UI is served (as with Prefect's own temporary server): no "View at" links.
        with temporary_settings(updates={PREFECT_API_URL: url, PREFECT_UI_URL: ""}):
            try:
                yield url
            finally:
                _drain_prefect_workers()
    finally:
        api.stop()


def _drain_prefect_workers() -> None:
    # Logs and events are shipped by background workers; flush them while the
    # server is still up (Prefect does the same at interpreter exit, too late
    # for a server we stop ourselves).
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        with contextlib.suppress(Exception):
            worker.drain_all(timeout=10)
