"""Failures the CLI's way: real `newsledger` processes on real bad inputs.

Each failure is one line on stderr (what happened; what to do; where the log
is), exit code 1, no traceback on the terminal, and the traceback in the log
file ($NEWSLEDGER_LOG_DIR/newsledger.log). A failed Prefect flow run prints
one line per record too, while the log keeps its traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

import newsledger
from transforms.errors import Fixes

NEWSLEDGER = [sys.executable, "-c", "from newsledger.cli import app; app()"]
# A CLI whose money extractor has a bug: the real command, in a real process.
BUGGY = (
    "import transforms.extract as ex\n"
    "def broken(*args, **kwargs):\n"
    "    raise KeyError('injected bug in extract_money')\n"
    "ex.extract_money = broken\n"
    "from newsledger.cli import app\n"
    "app()\n"
)
ARTICLE = "Port strike ends\n\nDockers in Linmouth accepted a £2m pay offer on Friday.\n"


def _cli(
    args: list[str],
    tmp_path: Path,
    env: dict[str, str] | None = None,
    script: list[str] | None = None,
) -> subprocess.CompletedProcess[str]:
    run_env = dict(env or os.environ)
    run_env["NEWSLEDGER_LOG_DIR"] = str(tmp_path / "log")
    return subprocess.run(
        [*(script or NEWSLEDGER), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=run_env,
        cwd=tmp_path,
    )


def _the_error_line(res: subprocess.CompletedProcess[str], tmp_path: Path, code: str) -> str:
    """The one error line of a failed command, checked for its parts."""
    assert res.returncode == 1, res.stdout + res.stderr
    assert "Traceback" not in res.stdout + res.stderr, res.stderr
    errors = [line for line in res.stderr.splitlines() if line.startswith("error [")]
    assert len(errors) == 1, res.stderr
    line = errors[0]
    log = tmp_path / "log" / "newsledger.log"
    assert line.startswith(f"error [{code}]: "), line
    assert f"; to fix: {getattr(Fixes, code)}" in line
    assert line.endswith(f"(log: {log})")
    assert "Traceback (most recent call last)" in log.read_text(encoding="utf-8")
    return line


def _news(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "strike.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


def test_missing_source_is_one_line(tmp_path: Path) -> None:
    res = _cli(["run", "nowhere/"], tmp_path)
    line = _the_error_line(res, tmp_path, "S001")
    assert "nowhere" in line
    # The only stderr line: no Prefect start-up for a mistake found in a second.
    assert res.stderr.strip() == line


def test_parent_that_is_a_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("a file where a folder should be\n")
    res = _cli(["run", str(_news(tmp_path)), "-w", "data/w.sqlite"], tmp_path)
    line = _the_error_line(res, tmp_path, "W003")
    assert "data is a file, not a folder" in line
    assert "File exists" not in line and "Not a directory" not in line
    assert res.stderr.strip() == line


@pytest.mark.parametrize("command", ["run", "sql"])
def test_file_that_is_not_a_warehouse_is_named(tmp_path: Path, command: str) -> None:
    (tmp_path / "notes.sqlite").write_text("minutes of the desk meeting\n")
    args = (
        ["run", str(_news(tmp_path)), "-w", "notes.sqlite"]
        if command == "run"
        else ["sql", "SELECT 1", "-w", "notes.sqlite"]
    )
    line = _the_error_line(_cli(args, tmp_path), tmp_path, "W003")
    assert "not a SQLite catalog (not a newsledger warehouse)" in line
    # Nothing was written over the user's file.
    assert (tmp_path / "notes.sqlite").read_text() == "minutes of the desk meeting\n"


def test_old_single_file_warehouse_says_how_to_upgrade(tmp_path: Path) -> None:
    old = tmp_path / "w.duckdb"
    duckdb.connect(str(old)).close()  # a real DuckDB file, as the old layout made
    line = _the_error_line(_cli(["sql", "SELECT 1", "-w", str(old)], tmp_path), tmp_path, "W007")
    assert "old single-file layout" in line
    assert f"--warehouse {tmp_path / 'w.sqlite'}" in line


def test_unreachable_prefect_api_is_e003(tmp_path: Path) -> None:
    env = {**os.environ, "PREFECT_API_URL": "http://127.0.0.1:9/api"}
    env["PREFECT_CLIENT_MAX_RETRIES"] = "0"
    res = _cli(["run", str(_news(tmp_path)), "-w", "w.sqlite", "--workers", "0"], tmp_path, env)
    line = _the_error_line(res, tmp_path, "E003")
    assert "http://127.0.0.1:9/api" in line


@pytest.mark.slow
def test_a_failed_flow_run_prints_one_line_per_record(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    res = _cli(
        ["run", str(_news(tmp_path)), "-w", "w.sqlite", "--workers", "0"],
        tmp_path,
        subprocess_env,
        script=[sys.executable, "-c", BUGGY],
    )
    line = _the_error_line(res, tmp_path, "E001")
    assert "KeyError: 'injected bug in extract_money'" in line
    # Prefect's own records of the failure stay one line each, pointing at the log.
    flow_failed = [ln for ln in res.stderr.splitlines() if "Encountered exception" in ln]
    assert flow_failed, res.stderr
    assert all("(traceback in " in ln for ln in flow_failed)
    log = (tmp_path / "log" / "newsledger.log").read_text(encoding="utf-8")
    assert log.count("KeyError: 'injected bug in extract_money'") >= 2  # flow log + CLI
    con = newsledger.connect(tmp_path / "w.sqlite")
    try:
        assert con.execute("SELECT status FROM loads").fetchall() == [("failed",)]
    finally:
        con.close()
