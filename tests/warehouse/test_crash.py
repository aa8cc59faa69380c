"""Crash safety, proven by really killing runs (SIGKILL, via NEWSLEDGER_CRASH_AT).

Each case: a loaded warehouse, a run over changed inputs (one article edited,
one new) killed at a named point in a subprocess, then a check that the
warehouse is exactly as before the run (or, for the point after COMMIT, as
after it), then a normal run, then a check that the warehouse equals the one a
clean run produced from the same state: no duplicates, nothing missing. The
points cover the three phases of a load: before its catalog transaction
(begun, extracting, staged, partitions), inside it (commit) and after it
(committed).
"""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from flows.run import run_pipeline
from tests.conftest import LoadedWarehouse, copy_warehouse
from tests.warehouse.snapshots import changed_inputs, ledger, snapshot, start_run
from transforms.sources import spec_from_path
from warehouse import lake
from warehouse.catalog import validate_warehouse_path
from warehouse.compact import compact
from warehouse.faults import CRASH_ENV, PAUSE_ENV, POINTS, RUN_POINTS, fault_point

# Real runs in subprocesses: deselect with -m 'not slow' while iterating.
pytestmark = pytest.mark.slow

# Kill points before the COMMIT leave the warehouse as before the run.
BEFORE_COMMIT = ("begun", "extracting", "staged", "partitions", "commit")


@pytest.fixture(scope="module")
def crash_inputs(
    loaded_warehouse: LoadedWarehouse, tmp_path_factory: pytest.TempPathFactory
) -> list[str]:
    desk = changed_inputs(tmp_path_factory.mktemp("crash_inputs"))
    return [*(s for s in loaded_warehouse.sources if not s.endswith("desk.jsonl")), str(desk)]


@pytest.fixture(scope="module")
def clean_after(
    loaded_warehouse: LoadedWarehouse,
    crash_inputs: list[str],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, list[tuple]]:
    """The warehouse a clean (never killed) run over the changed inputs produces."""
    path = copy_warehouse(loaded_warehouse.path, tmp_path_factory.mktemp("clean"))
    summary = run_pipeline([spec_from_path(s) for s in crash_inputs], path, workers=0, batch_size=1)
    assert (summary.articles_loaded, summary.articles_unchanged) == (2, 8)
    return snapshot(path, volatile=False)


def test_every_fault_point_is_tested() -> None:
    assert set(RUN_POINTS) == {*BEFORE_COMMIT, "committed"}
    assert set(POINTS) == set(RUN_POINTS)


def test_unknown_fault_point_is_an_error() -> None:
    # A misspelt point in the pipeline would make its crash test pass vacuously.
    with pytest.raises(ValueError):
        fault_point("comit")


def test_pause_point_sleeps_for_the_given_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PAUSE_ENV, "staged:0.3,commit:0.01")
    t0 = time.monotonic()
    fault_point("staged")
    assert 0.3 <= time.monotonic() - t0 < 2


@pytest.fixture(scope="module")
def killed_runs(
    loaded_warehouse: LoadedWarehouse,
    crash_inputs: list[str],
    subprocess_env: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, tuple[Path, subprocess.Popen[str]]]]:
    """One run per point, each killed on its own copy of the loaded warehouse.

    All are started at once and run side by side (and beside the clean run of
    ``clean_after``): most of a run's time is single-threaded start-up.
    """
    runs = {}
    for point in RUN_POINTS:
        path = copy_warehouse(loaded_warehouse.path, tmp_path_factory.mktemp(f"kill_{point}"))
        env = {**subprocess_env, CRASH_ENV: point}
        runs[point] = (path, start_run(crash_inputs, path, env, path.with_name("run.log")))
    yield runs
    for _, proc in runs.values():
        if proc.poll() is None:
            proc.kill()
        proc.wait()


# Argument order matters: the killed runs start before the clean run.
@pytest.mark.parametrize("point", [*BEFORE_COMMIT, "committed"])
def test_killed_run_leaves_before_or_after_and_next_run_completes(
    point: str,
    loaded_warehouse: LoadedWarehouse,
    crash_inputs: list[str],
    killed_runs: dict[str, tuple[Path, subprocess.Popen[str]]],
    clean_after: dict[str, list[tuple]],
) -> None:
    path, proc = killed_runs[point]
    proc.wait(timeout=600)
    output = path.with_name("run.log").read_text(encoding="utf-8")
    assert proc.returncode == -signal.SIGKILL, output[-2000:]
    before = snapshot(loaded_warehouse.path)

    # Right after the kill: exactly before or exactly after, never half.
    killed: Any = ledger(path)[-1]
    if point in BEFORE_COMMIT:
        assert snapshot(path) == before
        assert killed[1] == "running"  # the dead run's row, not committed
    else:
        assert snapshot(path, volatile=False) == clean_after
        assert killed[1] == "completed"

    # The next run recovers and completes the work.
    summary = run_pipeline([spec_from_path(s) for s in crash_inputs], path, workers=0)
    assert summary.status == "completed"
    assert snapshot(path, volatile=False) == clean_after
    statuses = [r[1] for r in ledger(path)]
    assert "running" not in statuses
    if point in BEFORE_COMMIT:
        assert summary.recovered_loads == [killed[0]]
        assert statuses[-2:] == ["failed", "completed"]
        assert (summary.articles_loaded, summary.articles_unchanged) == (2, 8)
    else:
        assert (summary.articles_loaded, summary.articles_unchanged) == (0, 10)

    # No staging is left, and compaction (with every unreferenced file old
    # enough to go) changes nothing a reader sees, now or back in time.
    assert lake.staged_load_ids(path) == set()
    after = snapshot(path)
    w = validate_warehouse_path(path, must_exist=True)
    compact(w, now=datetime.now(UTC) + timedelta(hours=2))
    assert snapshot(path) == after
    first = ledger(path)[0][0]
    assert snapshot(path, as_of=first) == before
