"""Idempotent, incremental loads; the ledger; --reprocess; time travel; old layout.

Real spaCy, real Prefect (the session's server), real GX, real DuckDB/DuckLake.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from flows.run import run_pipeline
from newsledger import connect
from newsledger.cli import app
from tests.conftest import WAREHOUSE_FIXTURES, LoadedWarehouse, copy_warehouse
from tests.warehouse.snapshots import DATA_TABLES, ledger, snapshot
from transforms.errors import ConfigError, WarehouseError
from transforms.records import EXTRACTOR_VERSION, article_key
from transforms.sources import spec_from_path
from warehouse import compact, lake
from warehouse.catalog import Warehouse
from warehouse.schema import DERIVED_TABLES

DESK_001 = article_key("desk", "desk-001")
DESK_002 = article_key("desk", "desk-002")


def _specs(sources: tuple[str, ...] | list[str]) -> list[Any]:
    return [spec_from_path(s) for s in sources]


def _rows(path: Path, sql: str, params: list[Any] | None = None) -> list[tuple]:
    con = connect(path)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


# ------------------------------------------------------------------ first load


def test_first_load_is_completed_and_reconciles(loaded_warehouse: LoadedWarehouse) -> None:
    s = loaded_warehouse.summary
    assert s.status == "completed"
    # 5 samples + the seed article + 3 desk.jsonl lines.
    assert s.records_read == 9
    assert s.reconciles
    assert ledger(loaded_warehouse.path) == [(s.load_id, "completed", 9, s.articles_loaded, 0)]


def test_every_row_names_its_load_and_extractor(loaded_warehouse: LoadedWarehouse) -> None:
    path, load_id = loaded_warehouse.path, loaded_warehouse.summary.load_id
    for table in ("articles", "entities", *DERIVED_TABLES):
        ids = _rows(path, f'SELECT DISTINCT load_id FROM "{table}"')
        assert ids == [(load_id,)], table
    for table in ("articles", *DERIVED_TABLES):
        versions = _rows(path, f'SELECT DISTINCT extractor_version FROM "{table}"')
        assert versions == [(EXTRACTOR_VERSION,)], table


def test_data_files_are_in_the_lake_and_no_staging(loaded_warehouse: LoadedWarehouse) -> None:
    path, load_id = loaded_warehouse.path, loaded_warehouse.summary.load_id
    data = path.with_name(path.stem + "_data")
    assert list(data.rglob("*.parquet")), "no Parquet data files beside the catalog"
    assert not lake.staging_dir(path, load_id).exists()
    assert lake.staged_load_ids(path) == set()


# ------------------------------------------------------------------ idempotence


def test_rerun_over_unchanged_sources_adds_nothing(
    loaded_warehouse: LoadedWarehouse, warehouse_copy: Path
) -> None:
    before = snapshot(warehouse_copy)
    second = run_pipeline(_specs(loaded_warehouse.sources), warehouse_copy, workers=0)
    after = snapshot(warehouse_copy)
    assert second.status == "completed"
    assert (second.articles_loaded, second.articles_unchanged, second.records_read) == (0, 9, 9)
    assert second.batches == 0  # no NLP at all
    # Every table is byte-for-byte the same, load ids included; only the cursor
    # records that the sources were seen again.
    for table in DATA_TABLES:
        if table != "source_cursors":
            assert after[table] == before[table], table
    assert ledger(warehouse_copy)[-1] == (second.load_id, "completed", 9, 0, 9)
    print(f"unchanged re-run: {second.seconds:.2f}s {second.stage_seconds}")  # for -s reports
    # "Finishes in seconds": the flow itself, Prefect client start-up excluded.
    assert second.seconds < 20, second.stage_seconds


# ------------------------------------------------ changed article, --reprocess


@pytest.fixture(scope="module")
def history(
    loaded_warehouse: LoadedWarehouse, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """Load; change one article and re-run; age one article's version and
    re-run with and without --reprocess. Snapshots after each step."""
    work = tmp_path_factory.mktemp("history")
    path = copy_warehouse(loaded_warehouse.path, work / "wh")
    inputs = work / "inputs"
    inputs.mkdir()
    lines = [json.loads(x) for x in (WAREHOUSE_FIXTURES / "desk.jsonl").read_text().splitlines()]
    lines[0]["text"] = lines[0]["text"].replace("£42 million", "£55 million")
    (inputs / "desk.jsonl").write_text(
        "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8"
    )
    sources = [s for s in loaded_warehouse.sources if not s.endswith("desk.jsonl")]
    sources.append(str(inputs / "desk.jsonl"))
    out: dict[str, Any] = {"path": path, "sources": sources}
    out["changed"] = run_pipeline(_specs(sources), path, workers=0)
    out["after_change"] = snapshot(path)

    # Pretend DESK_002 was extracted by an older extractor.
    con = connect(path, read_only=False)
    for table in ("articles", *DERIVED_TABLES):
        con.execute(
            f"UPDATE \"{table}\" SET extractor_version = '0.0.0-old' WHERE article_id = ?",
            [DESK_002],
        )
    con.close()
    out["no_reprocess"] = run_pipeline(_specs(sources), path, workers=0)
    result = CliRunner().invoke(
        app, ["run", "--reprocess", "--workers", "0", "--warehouse", str(path), *sources]
    )
    out["reprocess_cli"] = result
    out["ledger"] = ledger(path)
    return out


def test_changed_article_replaces_its_old_rows(history: dict[str, Any]) -> None:
    changed = history["changed"]
    assert (changed.articles_loaded, changed.articles_unchanged, changed.replaced) == (1, 8, 1)
    money = _rows(
        history["path"],
        "SELECT text, load_id FROM money_figures WHERE article_id = ?",
        [DESK_001],
    )
    texts = [t for t, _ in money]
    assert any("55" in t for t in texts), texts
    assert not any("42" in t for t in texts), "a stale figure survived the change"
    # Every derived row of the article comes from the load that replaced it.
    for table in DERIVED_TABLES:
        loads = _rows(
            history["path"],
            f'SELECT DISTINCT load_id FROM "{table}" WHERE article_id = ?',
            [DESK_001],
        )
        assert loads in ([], [(changed.load_id,)]), table
    assert _rows(
        history["path"], "SELECT count(*) FROM articles WHERE article_id = ?", [DESK_001]
    ) == [(1,)]


def test_older_extractor_rows_wait_for_reprocess(history: dict[str, Any]) -> None:
    plain = history["no_reprocess"]
    assert (plain.articles_loaded, plain.articles_unchanged) == (0, 9)
    result = history["reprocess_cli"]
    assert result.exit_code == 0, result.output
    assert "loaded 1" in result.output and "replaced 1" in result.output
    reprocess_load = history["ledger"][-1]
    assert reprocess_load[1:] == ("completed", 9, 1, 8)
    for table in ("articles", *DERIVED_TABLES):
        rows = _rows(
            history["path"],
            f'SELECT DISTINCT extractor_version, load_id FROM "{table}" WHERE article_id = ?',
            [DESK_002],
        )
        assert rows in ([], [(EXTRACTOR_VERSION, reprocess_load[0])]), table


# ------------------------------------------------------- time travel, layout


def test_as_of_a_load_answers_as_the_warehouse_stood(history: dict[str, Any]) -> None:
    first = history["ledger"][0][0]
    sql = "SELECT text FROM money_figures WHERE article_id = '" + DESK_001 + "' ORDER BY text"
    now = CliRunner().invoke(app, ["sql", sql, "-w", str(history["path"]), "--format", "csv"])
    then = CliRunner().invoke(
        app, ["sql", sql, "-w", str(history["path"]), "--format", "csv", "--as-of", first]
    )
    assert now.exit_code == 0 and then.exit_code == 0, (now.output, then.output)
    assert "£55 million" in now.output and "£42 million" not in now.output
    assert "£42 million" in then.output and "£55 million" not in then.output
    # The session is pinned: the ledger as it stood then, and read-only.
    con = connect(history["path"], as_of=first)
    try:
        assert [r[0] for r in con.execute("SELECT load_id FROM loads").fetchall()] == [first]
        with pytest.raises(duckdb.Error):
            con.execute("DELETE FROM loads")
    finally:
        con.close()


def test_as_of_an_unknown_load_is_w010(history: dict[str, Any]) -> None:
    result = CliRunner().invoke(
        app, ["sql", "SELECT 1", "-w", str(history["path"]), "--as-of", "nope_123"]
    )
    assert result.exit_code == 1
    assert result.output.strip().startswith("error [W010]: No completed load nope_123")


def test_compaction_keeps_time_travel_to_the_last_loads(
    history: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = copy_warehouse(history["path"], tmp_path / "wh")
    completed = [r[0] for r in ledger(path) if r[1] == "completed"]
    assert len(completed) >= 3
    before = snapshot(path)
    kept = completed[-2]
    before_kept = snapshot(path, as_of=kept)
    monkeypatch.setattr(compact, "TIME_TRAVEL_LOADS", 2)
    # Two hours on: every file nothing references is old enough to delete.
    compact.compact(Warehouse(path), now=datetime.now(UTC) + timedelta(hours=2))
    assert snapshot(path) == before
    assert snapshot(path, as_of=kept) == before_kept
    with pytest.raises(WarehouseError, match="W011"):
        connect(path, as_of=completed[0])


def test_time_travel_reach_is_a_setting(
    history: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = copy_warehouse(history["path"], tmp_path / "wh")
    completed = [r[0] for r in ledger(path) if r[1] == "completed"]
    first = snapshot(path, as_of=completed[0])
    monkeypatch.setattr(compact, "TIME_TRAVEL_LOADS", 1)
    monkeypatch.setenv(compact.TIME_TRAVEL_ENV, str(len(completed)))
    compact.compact(Warehouse(path), now=datetime.now(UTC) + timedelta(hours=2))
    assert snapshot(path, as_of=completed[0]) == first
    monkeypatch.setenv(compact.TIME_TRAVEL_ENV, "0")
    with pytest.raises(ConfigError, match="C001"):
        compact.compact(Warehouse(path))


def test_an_old_layout_duckdb_file_says_how_to_upgrade(tmp_path: Path) -> None:
    old = tmp_path / "newsledger.duckdb"
    duckdb.connect(str(old)).close()
    result = CliRunner().invoke(app, ["run", "--workers", "0", "--warehouse", str(old)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error [W007]: Warehouse")
    assert "re-run your sources into a new warehouse path" in lines[0]
    assert "newsledger.sqlite" in lines[0]
    with pytest.raises(WarehouseError) as err:
        connect(old)
    assert err.value.code == "W007"
