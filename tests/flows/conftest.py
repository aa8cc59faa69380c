"""Prefect for the flow tests: a private home, no analytics, and (on request) a
real Prefect server on 127.0.0.1.

Why a real server and not the ephemeral one: the ephemeral API does not run the
scheduler service, so a deployment's cron schedule would never create runs.
One server per session also spares every test the API start-up (tens of
seconds on a loaded 2-core machine).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="newsledger-prefect-"))

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = REPO_ROOT / "newsledger" / "samples"
SERVER_START_TIMEOUT = 240.0


@pytest.fixture(scope="session", autouse=True)
def prefect_test_env() -> Iterator[Path]:
    """Analytics off and a temporary PREFECT_HOME, also for Prefect already imported."""
    from prefect.settings import (
        PREFECT_HOME,
        PREFECT_SERVER_ANALYTICS_ENABLED,
        temporary_settings,
    )

    home = Path(os.environ["PREFECT_HOME"])
    with temporary_settings(
        updates={PREFECT_HOME: str(home), PREFECT_SERVER_ANALYTICS_ENABLED: False}
    ):
        yield home


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as resp:
            return bool(resp.status == 200)
    except OSError:
        return False


def _drain_prefect_workers() -> None:
    """Send queued logs and events while the server still runs, so that the
    end of the session prints no 'Error logging to API' noise."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        with contextlib.suppress(Exception):
            worker.drain_all(timeout=5)


@pytest.fixture(scope="session")
def prefect_api(tmp_path_factory: pytest.TempPathFactory, prefect_test_env: Path) -> Iterator[str]:
    """URL of a Prefect server started for this session (scheduler every second).

    The URL is also put in os.environ so that subprocesses (``newsledger serve``)
    and Dask workers started by the tests use the same server.
    """
    from prefect.settings import PREFECT_API_URL, temporary_settings

    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    home = tmp_path_factory.mktemp("prefect-server-home")
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
        # Pick up a newly served deployment within a second, not five.
        "PREFECT_SERVER_SERVICES_SCHEDULER_RECENT_DEPLOYMENTS_LOOP_SECONDS": "1",
        "PREFECT_SERVER_SERVICES_LATE_RUNS_ENABLED": "false",
        "PREFECT_SERVER_SERVICES_FOREMAN_ENABLED": "false",
        "PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED": "false",
    }
    env.pop("PREFECT_API_URL", None)
    log = (home / "server.log").open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "prefect",
            "server",
            "start",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-ui",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # so teardown can end the server and its children
    )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not _healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                tail = (home / "server.log").read_text(errors="replace")[-2000:]
                pytest.fail(f"Prefect server did not start on {url}:\n{tail}")
            time.sleep(0.5)
        previous = os.environ.get("PREFECT_API_URL")
        os.environ["PREFECT_API_URL"] = url
        try:
            with temporary_settings(updates={PREFECT_API_URL: url}):
                yield url
                _drain_prefect_workers()
        finally:
            if previous is None:
                os.environ.pop("PREFECT_API_URL", None)
            else:
                os.environ["PREFECT_API_URL"] = previous
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
        log.close()


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES
