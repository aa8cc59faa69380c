"""The people a warehouse already holds, read for the load's linking step."""

from __future__ import annotations

from pathlib import Path

from warehouse.catalog import Warehouse, open_lake
from warehouse.known_entities import known_entities, read_known_entities
from warehouse.load import ensure_schema


def test_full_name_people_only_in_id_order(tmp_path: Path) -> None:
    w = Warehouse(tmp_path / "w.sqlite")
    con = open_lake(w, read_only=False)
    try:
        assert known_entities(con) == []  # no schema yet: nothing known
        ensure_schema(con)
        con.executemany(
            "INSERT INTO entities (entity_id, name, label, iso3, country_iso3, load_id) "
            "VALUES (?, ?, ?, ?, ?, 'l1')",
            [
                ["person:b", "Tony Blair", "PERSON", None, None],
                ["person:a", "Neil Kinnock", "PERSON", None, None],
                ["person:c", "Blair", "PERSON", None, None],
                ["org:d", "Bank of England", "ORG", None, None],
                ["country:GBR", "United Kingdom", "GPE", "GBR", "GBR"],
            ],
        )
        people = known_entities(con)
    finally:
        con.close()
    assert [(e.entity_id, e.name, e.label) for e in people] == [
        ("person:a", "Neil Kinnock", "PERSON"),
        ("person:b", "Tony Blair", "PERSON"),
    ]
    assert read_known_entities(w) == people
