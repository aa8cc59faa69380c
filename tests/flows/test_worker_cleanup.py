"""A run SIGKILLed mid-NLP must not leave spaCy worker processes behind."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil
import pytest

pytestmark = pytest.mark.slow

SAMPLES = Path(__file__).resolve().parents[2] / "newsledger" / "samples"


def _marked(mark: str) -> list[tuple[psutil.Process, str]]:
    """Live processes carrying ``mark`` in their environment, with their command lines.
    A process that exits while it is read (gone, or a zombie: exited, not yet reaped by
    its parent) is not left behind, so it is not listed."""
    found = []
    for proc in psutil.process_iter(["pid"]):
        try:
            if proc.environ().get("NEWSLEDGER_TEST_MARK") == mark:
                found.append((proc, " ".join(proc.cmdline())))
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


def test_workers_exit_when_the_run_is_killed(tmp_path: Path) -> None:
    mark = uuid.uuid4().hex
    env = {**os.environ, "NEWSLEDGER_CRASH_AT": "extracting", "NEWSLEDGER_TEST_MARK": mark}
    code = (
        "import sys; from newsledger.cli import app; "
        "sys.argv = ['newsledger', 'run', sys.argv[1], '-w', sys.argv[2], '--workers', '2']; app()"
    )
    log = tmp_path / "run.log"
    # Output to a file, not a pipe: a killed run's Prefect server child would
    # keep a pipe open and block the wait.
    with log.open("wb") as out:
        proc = subprocess.run(
            [sys.executable, "-c", code, str(SAMPLES), str(tmp_path / "w.sqlite")],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=300,
        )
    assert proc.returncode == -9, log.read_text(errors="replace")[-2000:]

    def ours() -> list[str]:
        return [cmd for _, cmd in _marked(mark) if "prefect" not in cmd]

    deadline = time.monotonic() + 15
    left = ours()
    while left and time.monotonic() < deadline:
        time.sleep(0.5)
        left = ours()
    for p, _ in _marked(mark):  # tidy up Prefect's temporary server too
        p.kill()
    # Prefect's own temporary API server is Prefect's to manage; our workers are ours.
    assert left == [], [cmd[:120] for cmd in left]
