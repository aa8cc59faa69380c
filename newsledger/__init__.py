"""newsledger: news articles -> a SQL warehouse of facts.

``newsledger.connect(warehouse)`` opens the warehouse for analysis: a DuckDB
connection with every table and view visible unqualified, read-only with
external access off (see ``warehouse.session.connect``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import os

    import duckdb

__all__ = ["connect"]


def connect(
    warehouse: str | os.PathLike[str],
    read_only: bool = True,
    catalog: str | None = None,
    as_of: str | None = None,
) -> duckdb.DuckDBPyConnection:
    """Open ``warehouse`` (its SQLite catalog file, or with ``catalog`` a
    postgresql:// URL). ``as_of``: a load id; see the state after that load."""
    # Imported here: `import newsledger` (the CLI's start) stays free of DuckDB.
    from warehouse.session import connect as _connect

    return _connect(warehouse, read_only=read_only, catalog=catalog, as_of=as_of)
