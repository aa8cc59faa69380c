"""Analyst SQL cannot write, reach files or the network; paths and names are checked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsledger.cli import app
from tests.conftest import LoadedWarehouse
from transforms.errors import WarehouseError
from warehouse import lake
from warehouse import load as wh
from warehouse.schema import TABLES

ESCAPES = {
    "copy_to": "COPY articles TO '{tmp}/out.csv'",
    "read_csv": "SELECT * FROM read_csv('/etc/passwd')",
    "read_text": "SELECT * FROM read_text('/etc/hostname')",
    "attach": "ATTACH '{tmp}/other.duckdb' AS other",
    "install": "INSTALL httpfs",
    "load": "LOAD httpfs",
    "external_on": "SET enable_external_access = true",
    "unlock": "SET lock_configuration = false",
    "write": "DELETE FROM articles",
    "create": "CREATE TABLE t AS SELECT 1",
    "export": "EXPORT DATABASE '{tmp}/dump'",
}


@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_analyst_sql_escape_fails_with_one_line_w006(
    name: str, loaded_warehouse: LoadedWarehouse, tmp_path: Path
) -> None:
    sql = ESCAPES[name].format(tmp=tmp_path)
    result = CliRunner().invoke(app, ["sql", sql, "--warehouse", str(loaded_warehouse.path)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error [W006]: SQL error:")
    assert list(tmp_path.iterdir()) == []  # nothing was written


def test_analyst_sql_still_reads(loaded_warehouse: LoadedWarehouse) -> None:
    result = CliRunner().invoke(
        app,
        ["sql", "SELECT count(*) AS n FROM articles", "-w", str(loaded_warehouse.path)],
    )
    assert result.exit_code == 0
    assert "n" in result.output and "(1 row)" in result.output


def test_analyst_sql_parameters_are_bound(loaded_warehouse: LoadedWarehouse) -> None:
    hostile = "x' OR '1'='1"
    res = wh.query(
        loaded_warehouse.path, "SELECT count(*) FROM articles WHERE title = ?", [hostile]
    )
    assert res.rows == [(0,)]


# ------------------------------------------------------------------- paths


def test_directory_is_not_a_warehouse(tmp_path: Path) -> None:
    folder = tmp_path / "w.duckdb"
    folder.mkdir()
    with pytest.raises(WarehouseError) as err:
        wh.validate_warehouse_path(folder)
    assert err.value.code == "W003" and "folder" in err.value.message


@pytest.mark.parametrize("name", ["w.csv", "w", "w.duckdb.bak", "w.parquet"])
def test_wrong_suffix_is_refused(name: str, tmp_path: Path) -> None:
    with pytest.raises(WarehouseError) as err:
        wh.validate_warehouse_path(tmp_path / name)
    assert err.value.code == "W003" and ".duckdb" in err.value.message


def test_folder_that_is_a_file_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    with pytest.raises(WarehouseError) as err:
        wh.validate_warehouse_path(blocker / "sub" / "w.duckdb")
    # The real problem, not the OS's "File exists" / "Not a directory".
    assert err.value.code == "W003"
    assert f"{blocker} is a file, not a folder" in err.value.message
    assert "File exists" not in err.value.message


def test_file_that_is_not_a_database_is_named(tmp_path: Path) -> None:
    notes = tmp_path / "notes.duckdb"
    notes.write_text("meeting notes, not a database\n")
    with pytest.raises(WarehouseError) as err:
        wh.query(notes, "SELECT 1", wait=0)
    assert err.value.code == "W003"
    assert "not a DuckDB database" in err.value.message
    assert "; to fix: do what the reason says" in err.value.with_fix()


def test_unwritable_folder_is_refused(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        # Root writes through permission bits; /sys refuses new files even to root.
        target = Path("/sys/newsledger-test.duckdb")
        if not Path("/sys").is_dir():
            pytest.skip("no /sys to stand in for an unwritable folder")
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o555)
        target = locked / "w.duckdb"
    with pytest.raises(WarehouseError) as err:
        wh.validate_warehouse_path(target)
    assert err.value.code == "W003" and "you cannot create files" in err.value.message


def test_lake_name_taken_by_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "w_lake").write_text("a file where the lake goes")
    with pytest.raises(WarehouseError) as err:
        wh.validate_warehouse_path(tmp_path / "w.duckdb")
    assert "w_lake is a file, not a folder" in err.value.message


def test_sql_on_missing_warehouse_is_w005(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["sql", "SELECT 1", "-w", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert result.output.strip().startswith("error [W005]")


def test_run_with_bad_path_fails_before_any_work(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["run", "--warehouse", str(tmp_path)])
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert line.startswith(
        f"error [W003]: Warehouse path is not usable: {tmp_path}: it is a folder, not a .duckdb "
        "file; to fix: do what the reason says"
    )


# -------------------------------------------------------------- identifiers


@pytest.mark.parametrize(
    "name", ['articles"; DROP TABLE loads; --', "Articles", "a b", "", "1abc", "x'y"]
)
def test_identifier_check_refuses_anything_but_plain_names(name: str) -> None:
    with pytest.raises(ValueError):
        wh._ident(name)


def test_identifier_check_quotes_schema_names() -> None:
    assert wh._ident("money_figures") == '"money_figures"'


@pytest.mark.parametrize("load_id", ["../../etc", "a/b", "x y", "", "a" * 65])
def test_load_ids_cannot_escape_the_lake(load_id: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        lake.partition_path(tmp_path / "w.duckdb", "articles", load_id)


def test_schema_names_are_plain_identifiers() -> None:
    """DDL is built from warehouse.schema: every name must pass the same check."""
    for spec in TABLES.values():
        wh._ident(spec.name)
        for name in spec.schema.names:
            wh._ident(name)
