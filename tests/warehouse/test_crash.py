"""Crash safety, proven by really killing runs (SIGKILL, via NEWSLEDGER_CRASH_AT).

Each case: a loaded warehouse, a run over changed inputs (one article edited,
one new) killed at a named point in a subprocess, then a check that the
warehouse is exactly as before the run (or, for the point after COMMIT, as
after it), then a normal run, then a check that the warehouse equals the one a
clean run produced from the same state: no duplicates, nothing missing.
"""

from __future__ import annotations

import json
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from flows.run import run_pipeline
from newsledger.cli import app
from tests.conftest import WAREHOUSE_FIXTURES, LoadedWarehouse, copy_warehouse
from tests.warehouse.snapshots import ledger, run_script, snapshot
from transforms.sources import spec_from_path
from warehouse import lake
from warehouse.faults import CRASH_ENV, POINTS

# Kill points before the COMMIT leave the warehouse as before the run.
BEFORE_COMMIT = ("begun", "extracting", "staged", "partitions", "commit")


def _changed_inputs(folder: Path) -> Path:
    """desk.jsonl with desk-001 edited and a new desk-004: two articles to process."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [json.loads(x) for x in (WAREHOUSE_FIXTURES / "desk.jsonl").read_text().splitlines()]
    lines[0]["text"] = lines[0]["text"].replace("£42 million", "£61 million")
    lines.append(
        {
            "id": "desk-004",
            "title": "Canal toll rises",
            "published": "2025-03-07T10:00:00Z",
            "text": "The canal company raised its toll to $9,500 per vessel on Friday. "
            "Shipping groups in Panama said the rise would cost them $80 million a year.",
        }
    )
    out = folder / "desk.jsonl"
    out.write_text(
        "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8"
    )
    return out


@pytest.fixture(scope="module")
def crash_inputs(
    loaded_warehouse: LoadedWarehouse, tmp_path_factory: pytest.TempPathFactory
) -> list[str]:
    desk = _changed_inputs(tmp_path_factory.mktemp("crash_inputs"))
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
    assert set(POINTS) == {*BEFORE_COMMIT, "committed"}


@pytest.mark.parametrize("point", [*BEFORE_COMMIT, "committed"])
def test_killed_run_leaves_before_or_after_and_next_run_completes(
    point: str,
    loaded_warehouse: LoadedWarehouse,
    crash_inputs: list[str],
    clean_after: dict[str, list[tuple]],
    subprocess_env: dict[str, str],
    tmp_path: Path,
) -> None:
    path = copy_warehouse(loaded_warehouse.path, tmp_path / "wh")
    before = snapshot(path)
    env = {**subprocess_env, CRASH_ENV: point}
    proc = subprocess.run(
        run_script(crash_inputs, path, batch_size=1),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr[-2000:]

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

    # The lake holds exactly the completed loads, no staging, and rebuilds
    # into the same warehouse.
    completed = {r[0] for r in ledger(path) if r[1] == "completed"}
    assert lake.marked_load_ids(path) == completed
    assert lake.orphan_load_ids(path) == completed
    assert not (lake.lake_dir(path) / "_staging").exists() or not any(
        (lake.lake_dir(path) / "_staging").iterdir()
    )
    after = snapshot(path)
    rebuilt = CliRunner().invoke(app, ["rebuild", "--warehouse", str(path)])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert snapshot(path) == after
