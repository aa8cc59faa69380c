from __future__ import annotations

import dataclasses

import duckdb
import pytest

from transforms import records
from warehouse.schema import CONTRACT_COLUMNS, TABLES, duckdb_ddl


@pytest.mark.parametrize("table", sorted(CONTRACT_COLUMNS))
def test_contract_columns_present(table: str) -> None:
    names = set(TABLES[table].schema.names)
    missing = [c for c in CONTRACT_COLUMNS[table] if c not in names]
    assert missing == []


@pytest.mark.parametrize(
    ("record", "table", "not_columns"),
    [
        (records.EntityMention, "entity_mentions", set()),
        (records.MoneyFigure, "money_figures", set()),
        (records.MilitaryFigure, "military_figures", set()),
        (records.MilitaryMention, "military_mentions", set()),
        (records.Entity, "entities", set()),
    ],
)
def test_record_fields_are_table_columns(record: type, table: str, not_columns: set[str]) -> None:
    """A field added to a record must get its column in the one schema."""
    fields = {f.name for f in dataclasses.fields(record)} - not_columns
    assert fields - set(TABLES[table].schema.names) == set()


def test_ddl_creates_every_table() -> None:
    con = duckdb.connect()
    for spec in TABLES.values():
        con.execute(duckdb_ddl(spec))
        cols = [r[0] for r in con.execute(f'DESCRIBE "{spec.name}"').fetchall()]
        assert cols == spec.schema.names
