"""The temporary Prefect API a `newsledger run` starts for itself (flows/api_server.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil
import pytest

from flows.api_server import TemporaryApi, _prefect_dir, prefect_api, start_temporary_api

SAMPLES = Path(__file__).resolve().parents[2] / "newsledger" / "samples"


def _server_pids(mark: str) -> set[int]:
    """Prefect API server processes started by a run whose environment carries ``mark``
    (children inherit it): other runs on the same machine are not counted."""
    pids = set()
    for p in psutil.process_iter(["cmdline"]):
        cmd = " ".join(p.info.get("cmdline") or [])
        if "prefect.server.api.server:create_app" not in cmd:
            continue
        try:
            if p.environ().get("NEWSLEDGER_TEST_MARK") == mark:
                pids.add(p.pid)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return pids


def _command(warehouse: Path) -> list[str]:
    return [
        sys.executable,
        "-c",
        "from newsledger.cli import app; app()",
        "run",
        str(SAMPLES),
        "--warehouse",
        str(warehouse),
    ]


def _run_samples(warehouse: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`newsledger run` on the sample articles in a subprocess with ``env``."""
    return subprocess.run(_command(warehouse), env=env, capture_output=True, text=True, timeout=600)


def test_no_server_when_the_environment_names_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:1/api")
    assert start_temporary_api() is None


def test_a_configured_api_wins_and_the_spare_server_is_stopped(
    prefect_api_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    api = start_temporary_api()
    assert api is not None
    proc = api.process
    assert proc is not None
    # The session's server is configured through Prefect's settings here.
    with prefect_api(api) as url:
        assert url == prefect_api_url
    assert api.process is None and proc.poll() is not None


def test_server_answers_and_is_reaped_on_stop() -> None:
    # Built directly: start_temporary_api() declines when the session's URL is set.
    app_dir = _prefect_dir()
    assert app_dir is not None
    api = TemporaryApi(app_dir)
    proc = api.process
    assert proc is not None
    url = api.wait_ready(180)
    assert url.startswith("http://127.0.0.1:") and url.endswith("/api")
    api.stop()
    assert proc.poll() is not None
    with pytest.raises(RuntimeError, match="stopped"):
        api.wait_ready(1)


@pytest.mark.slow
def test_cli_run_uses_its_own_server_and_leaves_none_behind(tmp_path: Path) -> None:
    mark = uuid.uuid4().hex
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["NEWSLEDGER_TEST_MARK"] = mark
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    out, err = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    # Output to files, not pipes: a server child left behind would hold a pipe open.
    with out.open("w") as stdout, err.open("w") as stderr:
        command = _command(tmp_path / "w.sqlite")
        run = subprocess.Popen(command, env=env, stdout=stdout, stderr=stderr)
        # The run's own server, seen while the run is alive: proof that the
        # check below would see it if it were left behind.
        seen: set[int] = set()
        while run.poll() is None and not seen:
            seen = _server_pids(mark)
            time.sleep(0.2)
        returncode = run.wait(timeout=600)
    stdout_text, stderr_text = out.read_text(), err.read_text()
    assert returncode == 0, stderr_text[-2000:]
    assert "loaded 5" in stdout_text
    assert len(seen) == 1, "the run started no API server of its own"
    # Prefect's own temporary server was not started (ours was), and no UI link
    # points at a UI that is not served.
    assert "Starting temporary server" not in stderr_text
    assert "View at" not in stderr_text
    assert _server_pids(mark) == set()


@pytest.mark.slow
def test_a_server_that_cannot_start_is_one_coded_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_API_DATABASE_CONNECTION_URL"] = "nope://nowhere"  # the server exits at boot
    res = _run_samples(tmp_path / "w.sqlite", env)
    assert res.returncode == 1
    last = res.stderr.strip().splitlines()[-1]
    assert last.startswith("error [C003]: Could not start a temporary Prefect API")
    assert "retrying may help" not in last
    assert not (tmp_path / "w.sqlite").exists()  # nothing was written
