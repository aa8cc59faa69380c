"""A shared PostgreSQL catalog: two processes loading different sources at once.

A real server (tests/postgres.py); skipped without one unless
NEWSLEDGER_REQUIRE_POSTGRES=1 (``.ci/run`` installs PostgreSQL and sets it).
Both runs start at once on an empty catalog, so they also race to create the
tables; the first is held inside its commit transaction until the second has
committed, so the first is redone on the second's snapshot.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsledger import connect
from tests.postgres import postgres_server
from tests.warehouse.snapshots import start_run, wait_for
from warehouse.faults import PAUSE_ENV, RESUME_ENV

pytestmark = pytest.mark.slow

# Upper bound of the pause: it ends when the test touches the resume file.
COMMIT_HOLD_SECONDS = 600.0


@pytest.fixture(scope="module")
def catalog_url() -> Iterator[str]:
    # Not under pytest's tmp dir: that is private to this user (0700), and the
    # server runs as the postgres user when the tests run as root.
    root = Path(tempfile.mkdtemp(prefix="newsledger-pg-"))
    try:
        with postgres_server(root) as url:
            yield url
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _source(folder: Path, name: str, text: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"{name}.jsonl"
    out.write_text(json.dumps({"id": f"{name}-1", "title": name, "text": text}) + "\n")
    return str(out)


@pytest.fixture(scope="module")
def two_runs(
    catalog_url: str, subprocess_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("pg_runs")
    path = work / "shared.sqlite"
    # Both texts name Kenya: a new entity both loads insert, exactly once.
    north = _source(work / "n", "north", "Kenya paid $12 million for the port in Mombasa.")
    south = _source(work / "s", "south", "Kenya spent $30 million on a bridge, officials said.")
    env = {**subprocess_env, "NEWSLEDGER_CATALOG": catalog_url}
    resume = work / "resume"
    held = {PAUSE_ENV: f"commit:{COMMIT_HOLD_SECONDS}", RESUME_ENV: str(resume)}
    first = start_run([north], path, {**env, **held}, work / "n.log")
    second = None
    try:
        # North is inside its commit transaction; only then does south start,
        # and it commits meanwhile (started together, south could finish first).
        wait_for(resume.with_name("resume.paused"), 600, first)
        second = start_run([south], path, env, work / "s.log")
        second.wait(timeout=600)
    finally:
        resume.touch()
    assert second is not None
    out = {}
    for name, proc in (("north", first), ("south", second)):
        proc.wait(timeout=600)
        out[name] = (proc.returncode, (work / f"{name[0]}.log").read_text(encoding="utf-8"))
    return {"path": path, "runs": out, "catalog": catalog_url}


def test_both_processes_complete(two_runs: dict[str, Any]) -> None:
    for name, (code, log) in two_runs["runs"].items():
        assert code == 0, (name, log[-3000:])
        assert "STATUS completed" in log, name
    con = connect(two_runs["path"], catalog=two_runs["catalog"])
    try:
        statuses = con.execute("SELECT status FROM loads").fetchall()
        sources = con.execute("SELECT DISTINCT source FROM articles ORDER BY 1").fetchall()
        money = con.execute("SELECT count(*) FROM money_figures").fetchall()
        dup = con.execute(
            "SELECT name FROM entities GROUP BY entity_id, name HAVING count(*) > 1"
        ).fetchall()
        kenya = con.execute("SELECT count(*) FROM entities WHERE name = 'Kenya'").fetchall()
    finally:
        con.close()
    assert statuses == [("completed",), ("completed",)]
    assert sources == [("north",), ("south",)]
    assert money == [(2,)]
    assert dup == []
    assert kenya == [(1,)]


def test_the_overlapping_commit_was_redone(two_runs: dict[str, Any]) -> None:
    _, log = two_runs["runs"]["north"]
    retries = [int(ln.split()[1]) for ln in log.splitlines() if ln.startswith("RETRIES")]
    assert retries and retries[0] >= 1, log[-2000:]


def test_no_catalog_file_is_created_beside_the_path(two_runs: dict[str, Any]) -> None:
    path = two_runs["path"]
    assert not path.exists()
    assert list(path.with_name(path.stem + "_data").rglob("*.parquet"))
