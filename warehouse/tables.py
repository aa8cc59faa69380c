"""Records -> Arrow tables, in the one schema of ``warehouse.schema``.

Each batch becomes one Arrow table per warehouse table at once
(``pa.Table.from_pylist`` over the batch's rows), never row by row into a
database.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterable, Sequence
from datetime import date, datetime

import pyarrow as pa

from transforms.records import (
    EXTRACTOR_VERSION,
    ArticleExtraction,
    ArticleRecord,
    QuarantineRecord,
)
from warehouse.schema import TABLES, TableSpec


def empty_table(name: str) -> pa.Table:
    return TABLES[name].schema.empty_table()


def table_from_rows(spec: TableSpec, rows: Sequence[dict[str, object]]) -> pa.Table:
    """Build a table from dict rows; missing columns are NULL, extra keys ignored."""
    # from_pylist does the per-row key lookups in C (missing keys become NULL).
    return pa.Table.from_pylist(list(rows), schema=spec.schema)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def _as_row(record: object) -> dict[str, object]:
    """A record's fields as a dict, shallow: ``dataclasses.asdict`` deep-copies
    every value, which these flat records never need (1,000 headlines' tables:
    0.42 s with it, 0.24 s without, first call in a fresh process)."""
    return {name: getattr(record, name) for name in _field_names(type(record))}


def _sentence_for(
    bounds: list[tuple[int, int]], starts: list[int], pos: int
) -> tuple[int | None, int | None]:
    i = bisect.bisect_right(starts, pos) - 1
    if i < 0:
        return None, None
    s, e = bounds[i]
    return (s, e) if s <= pos < e else (None, None)


def article_rows(
    articles: Iterable[ArticleRecord], *, load_id: str, ingested_at: datetime
) -> list[dict[str, object]]:
    return [
        {
            "article_id": a.article_id,
            "source_id": a.source_id,
            "source": a.source,
            "title": a.title,
            "text": a.text,
            "published_at": a.published_at,
            "ingested_at": ingested_at,
            "load_id": load_id,
            "url": a.url,
            "format": a.format,
            "content_hash": a.content_hash,
            "read_notes": "; ".join(a.read_notes) or None,
            "char_count": len(a.text),
            "extractor_version": EXTRACTOR_VERSION,
        }
        for a in articles
    ]


def extraction_tables(
    extractions: Sequence[ArticleExtraction],
    sentences: dict[str, list[tuple[int, int]]],
    *,
    load_id: str,
    ingested_at: datetime,
) -> dict[str, pa.Table]:
    """All tables for a batch of extracted articles (articles and derived rows)."""
    tail = {"load_id": load_id, "extractor_version": EXTRACTOR_VERSION}
    rows: dict[str, list[dict[str, object]]] = {
        "entities": [],
        "entity_mentions": [],
        "money_figures": [],
        "military_figures": [],
        "military_mentions": [],
    }
    seen_entities: set[str] = set()
    for ex in extractions:
        aid = ex.article.article_id
        bounds = sorted(sentences.get(aid, []))
        starts = [b[0] for b in bounds]
        for ent in ex.entities:
            if ent.entity_id not in seen_entities:
                seen_entities.add(ent.entity_id)
                rows["entities"].append({**_as_row(ent), "load_id": load_id})
        for m in ex.mentions:
            rows["entity_mentions"].append({**_as_row(m), **tail})
        for table, items in (
            ("money_figures", ex.money),
            ("military_figures", ex.military),
            ("military_mentions", ex.military_mentions),
        ):
            for item in items:
                row = {**_as_row(item), **tail}
                row["sentence_start"], row["sentence_end"] = _sentence_for(
                    bounds, starts, item.start_char
                )
                fx_date = row.get("fx_date")
                if isinstance(fx_date, str):
                    row["fx_date"] = date.fromisoformat(fx_date)
                rows[table].append(row)
    out = {
        "articles": table_from_rows(
            TABLES["articles"],
            article_rows(
                (ex.article for ex in extractions), load_id=load_id, ingested_at=ingested_at
            ),
        )
    }
    for name, table_rows in rows.items():
        out[name] = table_from_rows(TABLES[name], table_rows)
    return out


def quarantine_table(
    records: Iterable[QuarantineRecord], *, load_id: str, quarantined_at: datetime
) -> pa.Table:
    return table_from_rows(
        TABLES["quarantine"],
        [
            {
                "source_id": q.source_id,
                "source": q.source,
                "reason": q.reason,
                "load_id": load_id,
                "detail": q.detail,
                "stage": q.stage,
                "table_name": q.table,
                "row_key": None,
                "article_id": q.article_id,
                "quarantined_at": quarantined_at,
            }
            for q in records
        ],
    )
