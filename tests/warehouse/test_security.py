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
from warehouse.catalog import validate_warehouse_path
from warehouse.schema import TABLES
from warehouse.session import query

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
    # The catalog file itself, attached again writable beside the session's lake.
    "attach_catalog": "ATTACH '{catalog}' AS cat (TYPE sqlite)",
    "attach_lake": "ATTACH 'ducklake:sqlite:{catalog}' AS lk",
    "copy_into_lake": "COPY articles TO '{data}/x.csv'",
    "compact": "CALL ducklake_merge_adjacent_files('lake')",
    "expire": "SELECT * FROM ducklake_expire_snapshots('lake', versions => [1])",
}


@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_analyst_sql_escape_fails_with_one_line_w006(
    name: str, loaded_warehouse: LoadedWarehouse, tmp_path: Path
) -> None:
    path = loaded_warehouse.path
    data = path.with_name(path.stem + "_data")
    files_before = sorted(data.rglob("*"))
    sql = ESCAPES[name].format(tmp=tmp_path, catalog=path, data=data)
    result = CliRunner().invoke(app, ["sql", sql, "--warehouse", str(path)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error [W006]: SQL error:")
    assert list(tmp_path.iterdir()) == []  # nothing was written
    assert sorted(data.rglob("*")) == files_before


def test_analyst_sql_still_reads(loaded_warehouse: LoadedWarehouse) -> None:
    result = CliRunner().invoke(
        app,
        ["sql", "SELECT count(*) AS n FROM articles", "-w", str(loaded_warehouse.path)],
    )
    assert result.exit_code == 0
    assert "n" in result.output and "(1 row)" in result.output


def test_analyst_sql_parameters_are_bound(loaded_warehouse: LoadedWarehouse) -> None:
    hostile = "x' OR '1'='1"
    res = query(loaded_warehouse.path, "SELECT count(*) FROM articles WHERE title = ?", [hostile])
    assert res.rows == [(0,)]


# ------------------------------------------------------------------- paths


def test_directory_is_not_a_warehouse(tmp_path: Path) -> None:
    folder = tmp_path / "w.sqlite"
    folder.mkdir()
    with pytest.raises(WarehouseError) as err:
        validate_warehouse_path(folder)
    assert err.value.code == "W003" and "folder" in err.value.message


@pytest.mark.parametrize("name", ["w.csv", "w", "w.sqlite.bak", "w.parquet"])
def test_wrong_suffix_is_refused(name: str, tmp_path: Path) -> None:
    with pytest.raises(WarehouseError) as err:
        validate_warehouse_path(tmp_path / name)
    assert err.value.code == "W003" and ".sqlite" in err.value.message


def test_folder_that_is_a_file_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    with pytest.raises(WarehouseError) as err:
        validate_warehouse_path(blocker / "sub" / "w.sqlite")
    # The real problem, not the OS's "File exists" / "Not a directory".
    assert err.value.code == "W003"
    assert f"{blocker} is a file, not a folder" in err.value.message
    assert "File exists" not in err.value.message


def test_file_that_is_not_a_database_is_named(tmp_path: Path) -> None:
    notes = tmp_path / "notes.sqlite"
    notes.write_text("meeting notes, not a database\n")
    with pytest.raises(WarehouseError) as err:
        query(notes, "SELECT 1")
    assert err.value.code == "W003"
    assert "not a SQLite catalog" in err.value.message
    assert "; to fix: do what the reason says" in err.value.with_fix()


def test_unwritable_folder_is_refused(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        # Root writes through permission bits; /sys refuses new files even to root.
        target = Path("/sys/newsledger-test.sqlite")
        if not Path("/sys").is_dir():
            pytest.skip("no /sys to stand in for an unwritable folder")
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o555)
        target = locked / "w.sqlite"
    with pytest.raises(WarehouseError) as err:
        validate_warehouse_path(target)
    assert err.value.code == "W003" and "you cannot create files" in err.value.message


@pytest.mark.parametrize("folder", ["w_data", "w_staging"])
def test_data_folder_name_taken_by_a_file_is_refused(folder: str, tmp_path: Path) -> None:
    (tmp_path / folder).write_text("a file where the folder goes")
    with pytest.raises(WarehouseError) as err:
        validate_warehouse_path(tmp_path / "w.sqlite")
    assert f"{folder} is not a folder" in err.value.message


def test_a_file_that_is_not_a_catalog_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "notes.db"
    other.write_text("just text")
    with pytest.raises(WarehouseError) as err:
        validate_warehouse_path(other)
    assert err.value.code == "W003" and "not a SQLite catalog" in err.value.message


def test_catalog_url_must_be_postgresql(tmp_path: Path) -> None:
    with pytest.raises(WarehouseError) as err:
        validate_warehouse_path(tmp_path / "w.sqlite", catalog="mysql://h/db")
    assert err.value.code == "W009"


def test_open_session_is_read_only_with_external_access_off(
    loaded_warehouse: LoadedWarehouse, tmp_path: Path
) -> None:
    """The library's session: DuckDB itself refuses writes, files and settings."""
    import duckdb

    from newsledger import connect

    con = connect(loaded_warehouse.path)
    try:
        assert con.execute("SELECT count(*) FROM articles").fetchall()[0][0] > 0
        for sql in (
            "DELETE FROM articles",
            "SELECT * FROM read_csv('/etc/passwd')",
            f"COPY articles TO '{tmp_path}/out.csv'",
            "SET enable_external_access = true",
            "INSTALL httpfs",
        ):
            with pytest.raises(duckdb.Error):
                con.execute(sql)
    finally:
        con.close()
    assert list(tmp_path.iterdir()) == []


def test_sql_on_missing_warehouse_is_w005(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["sql", "SELECT 1", "-w", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 1
    assert result.output.strip().startswith("error [W005]")


def test_run_with_bad_path_fails_before_any_work(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["run", "--warehouse", str(tmp_path)])
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert line.startswith(
        f"error [W003]: Warehouse path is not usable: {tmp_path}: it is a folder, not a .sqlite "
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
def test_load_ids_cannot_escape_staging(load_id: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        lake.partition_path(tmp_path / "w.sqlite", "articles", load_id)


def test_schema_names_are_plain_identifiers() -> None:
    """DDL is built from warehouse.schema: every name must pass the same check."""
    for spec in TABLES.values():
        wh._ident(spec.name)
        for name in spec.schema.names:
            wh._ident(name)
