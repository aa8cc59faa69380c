"""A tiny hand-written batch in the warehouse's form, for the validation tests.

The texts are our own; offsets are computed with ``str.index`` so the clean
batch is right by construction and each test breaks exactly one thing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pyarrow as pa

from transforms.records import EXTRACTOR_VERSION, article_key, content_hash
from warehouse.schema import TABLES

LOAD_ID = "load-test-0001"
NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
PUBLISHED = datetime(2025, 3, 2, 9, 30, tzinfo=UTC)

TEXTS = {
    "a1": "Ministers pledged £2bn for Ruritania and sent 300 troops to the border.",
    "a2": "Acme Corp paid about $5m-$7m to Jane Doe in Paris last spring.",
    "a3": "The alliance ruled out boots on the ground near Lake Vostok.",
}

# Texts of the extra articles that tests/expectations/dirty.py breaks one way each
# (not part of the clean batch; a4 also carries derived rows).
EXTRA_TEXTS = {
    "a4": "Officials said 40 tanks crossed into Ruritania overnight.",
    "a5": "",
    "a6": "A very old dispatch about Ruritania.",
    "a7": "A dispatch whose char_count is wrong.",
    "a8": "A dispatch in a format we never read.",
}

Rows = dict[str, list[dict[str, Any]]]


def _text(sid: str) -> str:
    return TEXTS[sid] if sid in TEXTS else EXTRA_TEXTS[sid]


def article_row(sid: str) -> dict[str, Any]:
    text = _text(sid)
    title = f"Story {sid}"
    return {
        "article_id": article_key("handmade", sid),
        "source_id": sid,
        "source": "handmade",
        "title": title,
        "text": text,
        "published_at": PUBLISHED,
        "ingested_at": NOW,
        "load_id": LOAD_ID,
        "url": None,
        "format": "txt",
        "content_hash": content_hash(title, text, PUBLISHED),
        "read_notes": None,
        "char_count": len(text),
        "extractor_version": EXTRACTOR_VERSION,
    }


def span_of(sid: str, surface: str) -> dict[str, Any]:
    text = _text(sid)
    start = text.index(surface)
    return {
        "article_id": article_key("handmade", sid),
        "start_char": start,
        "end_char": start + len(surface),
        "text": surface,
    }


def sentence_of(sid: str) -> dict[str, Any]:
    # Every handmade text is one sentence.
    return {"sentence_start": 0, "sentence_end": len(_text(sid))}


TAIL = {"load_id": LOAD_ID, "extractor_version": EXTRACTOR_VERSION}

_ENTITIES = [
    ("a1", "Ruritania", "GPE", "Ruritania", None),
    ("a2", "Acme Corp", "ORG", "Acme Corp", None),
    ("a2", "Jane Doe", "PERSON", "Jane Doe", None),
    ("a2", "Paris", "GPE", "Paris", None),
    ("a3", "Lake Vostok", "LOC", "Lake Vostok", None),
]


def batch_rows() -> Rows:
    """A fresh, valid batch as dict rows per table (mutate, then ``to_tables``)."""
    rows: Rows = {"articles": [article_row(s) for s in TEXTS]}
    rows["entities"] = [
        {
            "entity_id": f"{label}:{name}",
            "name": name,
            "label": label,
            "iso3": iso3,
            "load_id": LOAD_ID,
        }
        for _, _, label, name, iso3 in _ENTITIES
    ]
    rows["entity_mentions"] = [
        {
            **span_of(sid, surface),
            "label": label,
            "entity_id": f"{label}:{name}",
            "name": name,
            **TAIL,
        }
        for sid, surface, label, name, _ in _ENTITIES
    ]
    rows["money_figures"] = [
        {
            **span_of("a1", "£2bn"),
            "value": 2e9,
            "currency": "GBP",
            "low": None,
            "high": None,
            "qualifier": None,
            "value_usd": 2.5e9,
            "fx_rate": 1.25,
            "fx_date": date(2025, 3, 1),
            **sentence_of("a1"),
            **TAIL,
        },
        {
            **span_of("a2", "$5m-$7m"),
            "value": 6e6,
            "currency": "USD",
            "low": 5e6,
            "high": 7e6,
            "qualifier": "approx",
            "value_usd": 6e6,
            "fx_rate": 1.0,
            "fx_date": date(2025, 3, 1),
            **sentence_of("a2"),
            **TAIL,
        },
    ]
    rows["military_figures"] = [
        {
            **span_of("a1", "300 troops"),
            "value": 300.0,
            "low": None,
            "high": None,
            "qualifier": None,
            "unit": "troop",
            "category": "personnel",
            "actor_entity_id": None,
            "actor_name": None,
            "actor_iso3": "GBR",
            "currency": None,
            **sentence_of("a1"),
            **TAIL,
        },
    ]
    rows["military_mentions"] = [
        {
            **span_of("a3", "boots on the ground"),
            "kind": "ground_troops",
            "actor_entity_id": None,
            "actor_name": None,
            "actor_iso3": None,
            **sentence_of("a3"),
            **TAIL,
        },
    ]
    return rows


def to_tables(rows: Rows) -> dict[str, pa.Table]:
    return {
        name: pa.Table.from_pylist(table_rows, schema=TABLES[name].schema)
        for name, table_rows in rows.items()
    }


def article_id(sid: str) -> str:
    return article_key("handmade", sid)
