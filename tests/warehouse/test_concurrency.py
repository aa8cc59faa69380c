"""An analyst session held open through three loads, two of them concurrent.

One read-only session (``newsledger.connect``) stays open in a thread of this
process and queries in a loop while real runs (subprocesses) load: first a
run over changed inputs (one article edited, one new), then two runs started
at once, each loading a source of its own. The first of the two is held
inside its commit transaction (NEWSLEDGER_PAUSE_AT) until the other has
committed: its transaction is then redone on the new snapshot (a commit retry).
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

from newsledger import connect
from tests.conftest import LoadedWarehouse, copy_warehouse
from tests.warehouse.snapshots import changed_inputs, ledger, start_run, wait_for
from transforms.errors import WarehouseError
from warehouse import load as wh
from warehouse.catalog import extension_dir, validate_warehouse_path, with_retry
from warehouse.faults import PAUSE_ENV, RESUME_ENV

# Real runs in subprocesses: deselect with -m 'not slow' while iterating.
pytestmark = pytest.mark.slow

# Upper bound of B's pause: it ends when the test touches the resume file.
COMMIT_HOLD_SECONDS = 600.0
# One query, one snapshot: the state counts, the loads completed, the rows of
# loads not completed (a half load would show here), and the old figure of the
# edited article (gone once the edit is loaded).
STATE_SQL = (
    "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM money_figures), "
    "(SELECT count(*) FROM entity_mentions), "
    "(SELECT list(load_id ORDER BY load_id) FROM loads WHERE status = 'completed'), "
    "(SELECT count(*) FROM articles a JOIN loads l USING (load_id) "
    " WHERE l.status <> 'completed') + "
    "(SELECT count(*) FROM money_figures m JOIN loads l USING (load_id) "
    " WHERE l.status <> 'completed'), "
    "(SELECT count(*) FROM money_figures WHERE text = '£42 million')"
)


def _state(con: duckdb.DuckDBPyConnection) -> tuple[Any, ...]:
    row = con.execute(STATE_SQL).fetchall()[0]
    return tuple(tuple(v) if isinstance(v, list) else v for v in row)


def _source(folder: Path, name: str, lines: list[dict[str, str]]) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"{name}.jsonl"
    out.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return str(out)


class Reader(threading.Thread):
    """One analyst session, never closed while the loads run."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.con = connect(path)
        self.reads: list[tuple[float, float, tuple[Any, ...] | None, str | None]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            t0 = time.monotonic()
            try:
                row: tuple[Any, ...] | None = _state(self.con)
                err = None
            except duckdb.Error as exc:  # recorded, asserted on below
                row, err = None, f"{type(exc).__name__}: {exc}"
            self.reads.append((t0, time.monotonic(), row, err))
            time.sleep(0.05)


def _finish(proc: Any, log: Path) -> dict[str, Any]:
    proc.wait(timeout=600)
    out = log.read_text(encoding="utf-8")
    status = [ln.split() for ln in out.splitlines() if ln.startswith(("STATUS", "RETRIES"))]
    return {"code": proc.returncode, "out": out, "ended": time.monotonic(), "lines": status}


@pytest.fixture(scope="module")
def busy(
    loaded_warehouse: LoadedWarehouse,
    subprocess_env: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("busy")
    path = copy_warehouse(loaded_warehouse.path, work / "wh")
    first_load = ledger(path)[0][0]
    desk = changed_inputs(work / "inputs")
    sources = [*(s for s in loaded_warehouse.sources if not s.endswith("desk.jsonl")), str(desk)]
    wire_b = _source(
        work / "b",
        "wire_b",
        [{"id": "b-1", "title": "Port deal", "text": "Kenya paid $12 million for the port."}],
    )
    wire_c = _source(
        work / "c",
        "wire_c",
        [{"id": "c-1", "title": "Bridge", "text": "Ghana spent $30 million on a new bridge."}],
    )
    reader = Reader(path)
    reader.start()
    time.sleep(0.5)
    runs: dict[str, dict[str, Any]] = {}
    a = start_run(sources, path, subprocess_env, work / "a.log")
    runs["a"] = _finish(a, work / "a.log")
    resume = work / "resume"
    b_env = {**subprocess_env, PAUSE_ENV: f"commit:{COMMIT_HOLD_SECONDS}", RESUME_ENV: str(resume)}
    b = start_run([wire_b], path, b_env, work / "b.log")
    try:
        # B is inside its commit transaction; only then does C start, and it
        # commits meanwhile (started together, C could finish before B begins).
        wait_for(resume.with_name("resume.paused"), 600, b)
        c = start_run([wire_c], path, subprocess_env, work / "c.log")
        runs["c"] = _finish(c, work / "c.log")
    finally:
        resume.touch()
    runs["b"] = _finish(b, work / "b.log")
    time.sleep(1.0)
    reader.stop.set()
    reader.join(timeout=30)
    reader.con.close()
    return {"path": path, "runs": runs, "reads": reader.reads, "first_load": first_load}


def test_every_load_completes_without_task_retries(busy: dict[str, Any]) -> None:
    for name, run in busy["runs"].items():
        assert run["code"] == 0, (name, run["out"][-3000:])
        assert run["lines"][0][:2] == ["STATUS", "completed"], name
    statuses = [r[1] for r in ledger(busy["path"])]
    assert statuses == ["completed"] * 4
    # The paused writer lost the race and redid its transaction; no load failed.
    retries = {name: int(run["lines"][1][1]) for name, run in busy["runs"].items()}
    print(f"commit retries per run: {retries}")  # for -s reports
    assert retries["b"] >= 1 and retries["a"] == 0


def test_reader_never_fails_and_never_sees_half_a_load(busy: dict[str, Any]) -> None:
    reads = busy["reads"]
    longest = max(t1 - t0 for t0, t1, _, _ in reads)
    print(f"session queries: {len(reads)}, longest {longest:.2f}s")  # for -s reports
    assert len(reads) > 20
    assert [e for *_, e in reads if e] == []
    assert all(row is not None and row[4] == 0 for *_, row, _ in reads)
    # Every state seen is the one some load left (time travel gives each).
    after = {}
    for load_id, *_ in ledger(busy["path"]):
        con = connect(busy["path"], as_of=load_id)
        after[load_id] = _state(con)
        con.close()
    seen = {row for *_, row, _ in reads}
    assert seen <= set(after.values())
    assert len(seen) == 4  # before, after A, after C, after B


def test_open_session_sees_each_load_on_its_next_query(busy: dict[str, Any]) -> None:
    for name, run in busy["runs"].items():
        load_id = run["lines"][0][2]
        later = [row for t0, _, row, _ in busy["reads"] if t0 > run["ended"]]
        assert later, name
        assert load_id in later[0][3], name


def test_replaced_rows_are_gone_and_time_travel_returns_them(busy: dict[str, Any]) -> None:
    a_end = busy["runs"]["a"]["ended"]
    assert all(row[5] == 0 for t0, _, row, _ in busy["reads"] if t0 > a_end)
    assert busy["reads"][0][2][5] == 1  # the session saw the old figure before
    old = connect(busy["path"], as_of=busy["first_load"])
    try:
        assert _state(old)[5] == 1
    finally:
        old.close()
    # A plain DuckDB session that ATTACHes the lake itself (README) agrees.
    w = validate_warehouse_path(busy["path"], must_exist=True)
    con = duckdb.connect(config={"extension_directory": extension_dir()})
    con.execute("LOAD ducklake; LOAD sqlite")
    con.execute(f"ATTACH 'ducklake:sqlite:{w.path}' AS news (READ_ONLY)")
    n = con.execute("SELECT count(*) FROM news.money_figures WHERE text = '£42 million'")
    assert n.fetchall() == [(0,)]
    con.close()


def test_concurrent_loads_keep_entities_unique(busy: dict[str, Any]) -> None:
    con = connect(busy["path"])
    try:
        dup = con.execute(
            "SELECT entity_id FROM entities GROUP BY entity_id HAVING count(*) > 1"
        ).fetchall()
        sources = {r[0] for r in con.execute("SELECT DISTINCT source FROM articles").fetchall()}
    finally:
        con.close()
    assert dup == []
    assert {"wire_b", "wire_c"} <= sources


def test_commit_conflict_out_of_attempts_is_a_retryable_w008(warehouse_copy: Path) -> None:
    w = validate_warehouse_path(warehouse_copy, must_exist=True)
    wh.begin_load(w, "t_slow", sources="test", extractor_version="t")
    wh.begin_load(w, "t_fast", sources="test", extractor_version="t")
    from warehouse.catalog import open_lake

    slow, fast = open_lake(w, read_only=False), open_lake(w, read_only=False)
    try:
        slow.execute("BEGIN TRANSACTION")
        slow.execute("UPDATE lake_state SET last_load_id = 't_slow'")
        fast.execute("UPDATE lake_state SET last_load_id = 't_fast'")  # commits first

        def commit() -> None:
            slow.execute("COMMIT")

        with pytest.raises(WarehouseError) as err:
            with_retry("test commit", commit, attempts=1)
    finally:
        slow.close()
        fast.close()
    assert err.value.code == "W008" and err.value.retryable
    assert "(retrying may help)" in err.value.one_line()
