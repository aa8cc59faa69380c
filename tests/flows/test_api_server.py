"""The temporary Prefect API a `newsledger run` starts for itself (flows/api_server.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from flows.api_server import TemporaryApi, _prefect_dir, prefect_api, start_temporary_api

SAMPLES = Path(__file__).resolve().parents[2] / "newsledger" / "samples"


def _server_pids() -> set[int]:
    pids = set()
    for p in psutil.process_iter(["cmdline"]):
        cmd = " ".join(p.info.get("cmdline") or [])
        if "prefect.server.api.server:create_app" in cmd:
            pids.add(p.pid)
    return pids


def _run_samples(warehouse: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`newsledger run` on the sample articles in a subprocess with ``env``."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from newsledger.cli import app; app()",
            "run",
            str(SAMPLES),
            "--warehouse",
            str(warehouse),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


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
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    before = _server_pids()
    res = _run_samples(tmp_path / "w.duckdb", env)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "loaded 5" in res.stdout
    # Prefect's own temporary server was not started (ours was), and no UI link
    # points at a UI that is not served.
    assert "Starting temporary server" not in res.stderr
    assert "View at" not in res.stderr
    assert _server_pids() <= before


@pytest.mark.slow
def test_a_server_that_cannot_start_is_one_coded_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_API_DATABASE_CONNECTION_URL"] = "nope://nowhere"  # the server exits at boot
    res = _run_samples(tmp_path / "w.duckdb", env)
    assert res.returncode == 1
    last = res.stderr.strip().splitlines()[-1]
    assert last.startswith("error [C003]: Could not start a temporary Prefect API")
    assert "retrying may help" not in last
    assert not (tmp_path / "w.duckdb").exists()  # nothing was written
