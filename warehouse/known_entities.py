"""The warehouse's existing entities, for the load's linking step.

``transforms.linking.link_load`` links a lone surname of a new load to a person
an earlier load stored ("Blair" -> "Tony Blair"), so it reads the people the
warehouse holds. Only full names can be linked to (a single word is no full
name), so only those are read.
"""

from __future__ import annotations

import duckdb

from transforms.records import Entity
from warehouse.catalog import Warehouse, open_lake

# A full name has a space in it ("Tony Blair"); the linking step splits and
# checks the words itself, this only keeps single words out of the transfer.
_KNOWN_PEOPLE_SQL = (
    "SELECT entity_id, name, label, iso3, country_iso3 FROM entities "
    "WHERE label = 'PERSON' AND contains(trim(name), ' ') ORDER BY entity_id"
)


def known_entities(con: duckdb.DuckDBPyConnection) -> list[Entity]:
    """The people with a full name in the warehouse open on ``con``, by id.

    An empty list when the warehouse has no ``entities`` table yet.
    """
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'entities'"
    ).fetchone()
    if not exists or not exists[0]:
        return []
    rows = con.execute(_KNOWN_PEOPLE_SQL).fetchall()
    return [Entity(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def read_known_entities(w: Warehouse) -> list[Entity]:
    """``known_entities`` of the warehouse ``w``, read in a read-only session."""
    con = open_lake(w, read_only=True)
    try:
        return known_entities(con)
    finally:
        con.close()
