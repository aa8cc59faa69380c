"""Analysts query while a load runs; a second writer is turned away cleanly.

A real run (subprocess) is paused at two points by NEWSLEDGER_PAUSE_AT: after
staging (holding the run-level writer lock, not the DuckDB file) and inside
the DuckDB commit transaction (holding the file). Meanwhile this process
queries in a loop and a second `newsledger run` is started.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsledger.cli import app
from tests.conftest import LoadedWarehouse, copy_warehouse
from tests.warehouse.snapshots import changed_inputs, ledger, start_run
from transforms.errors import WarehouseError
from transforms.records import EXTRACTOR_VERSION
from warehouse import load as wh
from warehouse.faults import PAUSE_ENV

# Real runs in subprocesses: deselect with -m 'not slow' while iterating.
pytestmark = pytest.mark.slow

COMMIT_HOLD_SECONDS = 4.0
STATE_SQL = (
    "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM money_figures), "
    "(SELECT count(*) FROM entity_mentions)"
)


@pytest.fixture(scope="module")
def busy_load(
    loaded_warehouse: LoadedWarehouse,
    subprocess_env: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("busy")
    path = copy_warehouse(loaded_warehouse.path, work / "wh")
    desk = changed_inputs(work / "inputs")
    sources = [*(s for s in loaded_warehouse.sources if not s.endswith("desk.jsonl")), str(desk)]
    before = tuple(wh.query(path, STATE_SQL).rows[0])
    env = {**subprocess_env, PAUSE_ENV: f"staged:10,commit:{COMMIT_HOLD_SECONDS}"}
    writer = start_run(sources, path, env, work / "writer.log")
    reads: list[tuple[float, tuple[Any, ...] | None, str | None]] = []
    second: dict[str, Any] = {}
    refused: subprocess.Popen[str] | None = None
    t1 = 0.0
    i = 0
    while writer.poll() is None:
        i += 1
        t0 = time.monotonic()
        try:
            if i % 5 == 0:
                # Every fifth read goes through the analyst's command line.
                res = CliRunner().invoke(
                    app, ["sql", STATE_SQL, "--warehouse", str(path), "--format", "csv"]
                )
                if res.exit_code != 0:
                    raise RuntimeError(res.output)
                row: tuple[Any, ...] | None = tuple(
                    int(x) for x in res.output.strip().splitlines()[-1].split(",")
                )
            else:
                row = tuple(wh.query(path, STATE_SQL, wait=15).rows[0])
            reads.append((time.monotonic() - t0, row, None))
        except Exception as exc:  # recorded, asserted on below
            reads.append((time.monotonic() - t0, None, f"{type(exc).__name__}: {exc}"))
        if refused is None and any(r[1] == "running" for r in ledger_or_empty(path)):
            # The first run holds the writer lock now: start a second one,
            # and keep reading while it starts.
            t1 = time.monotonic()
            refused = subprocess.Popen(
                ["newsledger", "run", "--workers", "0", "--warehouse", str(path), *sources],
                env=subprocess_env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        if refused is not None and not second and refused.poll() is not None:
            stdout, stderr = refused.communicate()
            second = {
                "seconds": time.monotonic() - t1,
                "proc": subprocess.CompletedProcess(
                    refused.args, refused.returncode, stdout, stderr
                ),
                "first_still_running": writer.poll() is None,
            }
        time.sleep(0.05)
    writer.wait()
    if refused is not None and not second:
        stdout, stderr = refused.communicate(timeout=120)
        second = {
            "seconds": time.monotonic() - t1,
            "proc": subprocess.CompletedProcess(refused.args, refused.returncode, stdout, stderr),
            "first_still_running": False,
        }
    return {
        "path": path,
        "before": before,
        "after": tuple(wh.query(path, STATE_SQL).rows[0]),
        "reads": reads,
        "second": second,
        "writer": (writer.returncode, (work / "writer.log").read_text(encoding="utf-8")),
    }


def ledger_or_empty(path: Path) -> list[tuple]:
    try:
        return [r[:2] for r in wh.query(path, "SELECT load_id, status FROM loads", wait=15).rows]
    except WarehouseError:
        return []


def test_the_paused_load_completes(busy_load: dict[str, Any]) -> None:
    code, output = busy_load["writer"]
    assert code == 0, output[-2000:]
    assert "STATUS completed" in output
    assert busy_load["after"] != busy_load["before"]


def test_reader_never_fails_and_waits_only_briefly(busy_load: dict[str, Any]) -> None:
    reads = busy_load["reads"]
    errors = [e for _, _, e in reads if e]
    assert errors == []
    assert len(reads) > 20
    longest = max(t for t, _, _ in reads)
    print(f"reads during the load: {len(reads)}, longest {longest:.2f}s")  # for -s reports
    # Some read met the commit holding the file and waited it out...
    assert longest >= 1.0, "no read overlapped the commit: the test proves nothing"
    # ...but never much longer than the writer held it.
    assert longest < COMMIT_HOLD_SECONDS + 8


def test_reader_sees_before_or_after_never_half(busy_load: dict[str, Any]) -> None:
    seen = {row for _, row, _ in busy_load["reads"]}
    assert seen <= {busy_load["before"], busy_load["after"]}
    assert busy_load["after"] in seen


def test_second_concurrent_run_fails_fast_with_w001(busy_load: dict[str, Any]) -> None:
    second = busy_load["second"]
    assert second, "the first run was never seen running"
    assert second["first_still_running"], "the second run ended after the first: no overlap"
    proc = second["proc"]
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error [W001]: Another newsledger run is writing")
    print(f"second run refused in {second['seconds']:.1f}s")  # for -s reports
    # Fast: no Prefect server, no spaCy; the time is Python start-up and imports.
    assert second["seconds"] < 30
    # The refused run left no trace in the ledger.
    assert len(ledger(busy_load["path"])) == 2


def test_open_analyst_session_makes_writer_give_up_with_w002(
    warehouse_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time\n"
            "c = duckdb.connect(sys.argv[1], read_only=True)\n"
            "c.execute('SELECT count(*) FROM articles').fetchall()\n"
            "print('open', flush=True)\n"
            "time.sleep(120)\n",
            str(warehouse_copy),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        monkeypatch.setattr(wh, "LOCK_WAIT_SECONDS", 1.5)
        t0 = time.monotonic()
        with pytest.raises(WarehouseError) as err:
            wh.begin_load(
                warehouse_copy, "t_blocked", sources="test", extractor_version=EXTRACTOR_VERSION
            )
        waited = time.monotonic() - t0
        assert err.value.code == "W002" and err.value.retryable
        # The holder's process id, as DuckDB reports it: who to ask or stop.
        assert f"(pid {holder.pid})" in err.value.message
        assert "(retrying may help)" in err.value.one_line()
        assert 1.5 <= waited < 10
    finally:
        holder.kill()
        holder.wait()
    # Once the analyst disconnects, the same call goes through.
    start = wh.begin_load(
        warehouse_copy, "t_blocked", sources="test", extractor_version=EXTRACTOR_VERSION
    )
    assert start.load_id == "t_blocked"
    assert ledger(warehouse_copy)[-1][:2] == ("t_blocked", "running")


def test_writer_lock_excludes_a_second_holder(warehouse_copy: Path) -> None:
    with wh.writer_lock(warehouse_copy):
        with pytest.raises(WarehouseError) as err:
            wh.check_writer_free(warehouse_copy)
        assert err.value.code == "W001"
    wh.check_writer_free(warehouse_copy)  # released on exit


def test_rebuild_waits_for_no_run(warehouse_copy: Path) -> None:
    """A rebuild swaps the file: it must never run beside a load."""
    before = warehouse_copy.stat().st_mtime_ns
    with wh.writer_lock(warehouse_copy):
        result = CliRunner().invoke(app, ["rebuild", "--warehouse", str(warehouse_copy)])
    assert result.exit_code == 1
    assert result.output.strip().startswith("error [W001]")
    assert warehouse_copy.stat().st_mtime_ns == before
