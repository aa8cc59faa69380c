"""The one schema of every warehouse table.

Everything else derives from here: the Arrow tables built from records
(``warehouse.tables``), the Parquet files, the DuckDB DDL (``duckdb_ddl``) and
the Great Expectations suites (``expectations.suites``). Column names listed in
``CONTRACT_COLUMNS`` are a contract analysts write SQL against: columns may be
added, never renamed or removed.

This module imports only pyarrow so that ``expectations`` can depend on it
without pulling in DuckDB.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

UTC_TS = pa.timestamp("us", tz="UTC")

# Allowed values, shared by the extractors' tests and the GX suites.
ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP")
QUALIFIERS = ("approx", "over", "under")
MILITARY_CATEGORIES = ("personnel", "equipment", "killed", "wounded", "captured", "spending")
LOAD_STATUSES = ("running", "completed", "failed")
# military_figures.scope: one incident/delivery/budget line, or a running total.
SCOPES = ("event", "cumulative")


@dataclass(frozen=True)
class TableSpec:
    name: str
    schema: pa.Schema
    # Columns that identify a row; unique within the table.
    key: tuple[str, ...]
    description: str
    # Columns whose text is a span of articles.text at [start_char, end_char).
    has_span: bool = False
    # Per-column units/meaning for docs (README, views, GX meta).
    units: dict[str, str] = field(default_factory=dict)


def _f(name: str, typ: pa.DataType, nullable: bool = True, doc: str = "") -> pa.Field:
    meta = {b"doc": doc.encode()} if doc else None
    return pa.field(name, typ, nullable=nullable, metadata=meta)


# Columns shared by every table derived from an article.
_DERIVED_TAIL = [
    _f("load_id", pa.string(), False, "load that wrote the row"),
    _f("extractor_version", pa.string(), False, "transforms.records.EXTRACTOR_VERSION"),
]
_SPAN = [
    _f("article_id", pa.string(), False, "articles.article_id"),
    _f("start_char", pa.int64(), False, "0-based offset into articles.text"),
    _f("end_char", pa.int64(), False, "end-exclusive offset into articles.text"),
    _f("text", pa.string(), False, "articles.text[start_char:end_char]"),
]
_SENTENCE = [
    _f("sentence_start", pa.int64(), True, "offset of the sentence holding the span"),
    _f("sentence_end", pa.int64(), True, "end of that sentence (exclusive)"),
]
_FACT_ID = _f("fact_id", pa.string(), True, "money_facts / military_facts fact_id")
_ACTOR = [
    _f("actor_entity_id", pa.string(), True, "entities.entity_id of the country/force"),
    _f("actor_name", pa.string(), True, "canonical name of the actor"),
    _f("actor_iso3", pa.string(), True, "ISO 3166-1 alpha-3 where the actor is a country"),
]

ARTICLES = TableSpec(
    name="articles",
    key=("article_id",),
    description="One row per article: the text exactly as read.",
    schema=pa.schema(
        [
            _f("article_id", pa.string(), False, "stable id from source + source_id"),
            _f("source_id", pa.string(), False, "external id (JSONL id, or relative path)"),
            _f("source", pa.string(), False, "source name"),
            _f("title", pa.string()),
            _f("text", pa.large_string(), False, "article text exactly as read"),
            _f("published_at", UTC_TS, True, "publication time, UTC"),
            _f("ingested_at", UTC_TS, False, "when this version was loaded, UTC"),
            _f("load_id", pa.string(), False),
            _f("url", pa.string()),
            _f("format", pa.string(), False, "txt | jsonl | rss | atom | html | csv"),
            _f("content_hash", pa.string(), False, "sha256 of title, text, date"),
            _f("read_notes", pa.string(), True, "non-fatal reading notes, '; '-joined"),
            _f("char_count", pa.int64(), False),
            _f("extractor_version", pa.string(), False),
            _f("duplicate_of", pa.string(), True, "article_id of the first-seen copy, or NULL"),
            _f("duplicate_kind", pa.string(), True, "exact | near (NULL: not a copy)"),
            _f("duplicate_jaccard", pa.float64(), True, "word 5-gram Jaccard with duplicate_of"),
        ]
    ),
)

ENTITIES = TableSpec(
    name="entities",
    key=("entity_id",),
    description="Canonical entities shared across articles.",
    schema=pa.schema(
        [
            _f("entity_id", pa.string(), False, "stable id from label + canonical name"),
            _f("name", pa.string(), False, "canonical name"),
            _f("label", pa.string(), False, "PERSON | ORG | GPE | LOC | NORP"),
            _f("iso3", pa.string(), True, "ISO 3166-1 alpha-3 for countries"),
            _f(
                "country_iso3",
                pa.string(),
                True,
                "ISO 3166-1 alpha-3 of the country a place is or lies in (Kharkiv: UKR)",
            ),
            _f("load_id", pa.string(), False, "load that first wrote the entity"),
        ]
    ),
)

ENTITY_MENTIONS = TableSpec(
    name="entity_mentions",
    key=("article_id", "start_char", "end_char"),
    description="Every surface form of an entity in an article, linked to its entity.",
    has_span=True,
    schema=pa.schema(
        [
            *_SPAN,
            _f("label", pa.string(), False),
            _f("entity_id", pa.string(), False),
            _f("name", pa.string(), False, "canonical name of the linked entity"),
            *_DERIVED_TAIL,
        ]
    ),
)

MONEY_FIGURES = TableSpec(
    name="money_figures",
    key=("article_id", "start_char", "end_char"),
    description="Every amount of money stated in an article.",
    has_span=True,
    units={
        "value": "units of `currency` (midpoint for ranges)",
        "value_usd": "US dollars at the ECB rate of fx_date",
        "fx_rate": "USD per one unit of `currency`",
    },
    schema=pa.schema(
        [
            *_SPAN,
            _f("value", pa.float64(), False, "amount in units of currency"),
            _f("currency", pa.string(), True, "ISO 4217; NULL when the text does not say"),
            _f("low", pa.float64(), True, "range low end"),
            _f("high", pa.float64(), True, "range high end"),
            _f("qualifier", pa.string(), True, "approx | over | under"),
            _f("value_usd", pa.float64(), True, "value converted to USD"),
            _f("fx_rate", pa.float64(), True, "USD per unit of currency"),
            _f("fx_date", pa.date32(), True, "date of the ECB rate used"),
            _f("payer_entity_id", pa.string(), True, "entities.entity_id of who pays"),
            _f("payer_name", pa.string(), True, "who pays; NULL when the text does not say"),
            _f("payee_entity_id", pa.string(), True, "entities.entity_id of who receives"),
            _f("payee_name", pa.string(), True, "who receives; NULL when the text does not say"),
            *_SENTENCE,
            *_DERIVED_TAIL,
            _FACT_ID,
        ]
    ),
)

MILITARY_FIGURES = TableSpec(
    name="military_figures",
    key=("article_id", "start_char", "end_char"),
    description="Counts of troops, weapons and casualties, with unit, category and actor.",
    has_span=True,
    units={"value": "count of `unit` (money units of `currency` for spending)"},
    schema=pa.schema(
        [
            *_SPAN,
            _f("value", pa.float64(), False, "count (midpoint for ranges)"),
            _f("low", pa.float64(), True),
            _f("high", pa.float64(), True),
            _f("qualifier", pa.string(), True, "approx | over | under"),
            _f("unit", pa.string(), False, "singular counted noun"),
            _f("category", pa.string(), False, "personnel | equipment | killed | ..."),
            *_ACTOR,
            _f("currency", pa.string(), True, "ISO 4217 for spending"),
            _f("counterpart_entity_id", pa.string(), True, "entities.entity_id of the other side"),
            _f("counterpart_name", pa.string(), True, "the other side of the act (supplier ...)"),
            _f("counterpart_iso3", pa.string(), True, "ISO 3166-1 alpha-3 of the other side"),
            _f("scope", pa.string(), True, "event | cumulative; NULL when unclear"),
            *_SENTENCE,
            *_DERIVED_TAIL,
            _FACT_ID,
        ]
    ),
)

MILITARY_MENTIONS = TableSpec(
    name="military_mentions",
    key=("article_id", "start_char", "end_char"),
    description="Military commitments that carry no number ('boots on the ground').",
    has_span=True,
    schema=pa.schema(
        [
            *_SPAN,
            _f("kind", pa.string(), False),
            *_ACTOR,
            *_SENTENCE,
            *_DERIVED_TAIL,
        ]
    ),
)

QUARANTINE = TableSpec(
    name="quarantine",
    key=("load_id", "source", "source_id", "reason", "table_name", "row_key"),
    description="Every input record or derived row that did not reach the main tables.",
    schema=pa.schema(
        [
            _f("source_id", pa.string(), False),
            _f("source", pa.string(), False),
            _f("reason", pa.string(), False, "reason code, e.g. invalid_json"),
            _f("load_id", pa.string(), False),
            _f("detail", pa.string(), True, "what failed and the offending value"),
            _f("stage", pa.string(), False, "read | extract | validate"),
            _f("table_name", pa.string(), True, "table the row was meant for"),
            _f("row_key", pa.string(), True, "key of the rejected row"),
            _f("article_id", pa.string(), True),
            _f("quarantined_at", UTC_TS, False),
        ]
    ),
)

LOADS = TableSpec(
    name="loads",
    key=("load_id",),
    description="The load ledger: one row per run.",
    schema=pa.schema(
        [
            _f("load_id", pa.string(), False),
            _f("started_at", UTC_TS, False),
            _f("finished_at", UTC_TS, True),
            _f("status", pa.string(), False, "running | completed | failed"),
            _f("records_read", pa.int64(), True),
            _f("articles_loaded", pa.int64(), True, "new or changed articles written"),
            _f("articles_unchanged", pa.int64(), True, "skipped: same content, same version"),
            _f("records_quarantined", pa.int64(), True),
            _f("rows_quarantined", pa.int64(), True, "derived rows failing validation"),
            _f("extractor_version", pa.string(), False),
            _f("sources", pa.string(), True, "sources given to the run"),
            _f("error", pa.string(), True),
        ]
    ),
)

SOURCE_CURSORS = TableSpec(
    name="source_cursors",
    key=("source",),
    description="Incremental cursor per source: what the last completed load saw.",
    schema=pa.schema(
        [
            _f("source", pa.string(), False),
            _f("last_load_id", pa.string(), False),
            _f("last_published_at", UTC_TS, True, "newest publication time seen"),
            _f("records_seen", pa.int64(), False),
            _f("updated_at", UTC_TS, False),
        ]
    ),
)

# Columns every facts table shares after its own key columns.
_FACT_TAIL = [
    _f("first_seen", UTC_TS, True, "earliest publication time of a counted article"),
    _f("last_seen", UTC_TS, True, "latest publication time of a counted article"),
    _f("month", pa.date32(), False, "first of the UTC month of first_seen (undated: ingest)"),
    _f("mentions", pa.int64(), False, "figure rows counted (copies' shared figures excluded)"),
    _f("articles", pa.int64(), False, "distinct articles counted (copies excluded)"),
    _f("sources", pa.int64(), False, "distinct outlets: source name or the URL's domain"),
    _f("figure_rows", pa.int64(), False, "figure rows carrying this fact_id, copies included"),
    _f("first_article_id", pa.string(), False, "article of the earliest mention"),
    _f("first_start_char", pa.int64(), False, "offset of the earliest mention"),
    _f("merge_group", pa.string(), False, "'' (dated pool) or the undated original's article_id"),
]

MONEY_FACTS = TableSpec(
    name="money_facts",
    key=("fact_id",),
    description="One row per money fact: a quantity counted once, however often reported.",
    units={"value": "units of `currency`", "value_usd": "US dollars (earliest mention's rate)"},
    schema=pa.schema(
        [
            _f("fact_id", pa.string(), False, "hash of the key and the earliest mention"),
            _f("value", pa.float64(), False, "amount in units of currency"),
            _f("currency", pa.string(), True, "ISO 4217; NULL when the text does not say"),
            _f("value_usd", pa.float64(), True, "value_usd of the earliest mention that has one"),
            _f("payer_entity_id", pa.string(), True),
            _f("payer_name", pa.string(), True),
            _f("payee_entity_id", pa.string(), True),
            _f("payee_name", pa.string(), True),
            *_FACT_TAIL,
        ]
    ),
)

MILITARY_FACTS = TableSpec(
    name="military_facts",
    key=("fact_id",),
    description="One row per military fact (a count, its unit, category and sides).",
    units={"value": "count of `unit` (money units of `currency` for spending)"},
    schema=pa.schema(
        [
            _f("fact_id", pa.string(), False, "hash of the key and the earliest mention"),
            _f("value", pa.float64(), False),
            _f("unit", pa.string(), False),
            _f("category", pa.string(), False),
            *_ACTOR,
            _f("counterpart_entity_id", pa.string(), True),
            _f("counterpart_name", pa.string(), True),
            _f("counterpart_iso3", pa.string(), True),
            _f("scope", pa.string(), True, "event | cumulative (NULL: no mention says)"),
            _f("currency", pa.string(), True, "ISO 4217 for spending"),
            *_FACT_TAIL,
        ]
    ),
)

ARTICLE_BANDS = TableSpec(
    name="article_bands",
    key=("article_id", "band"),
    description="The duplicate index: each article's normalised-text hash and MinHash bands.",
    schema=pa.schema(
        [
            _f("article_id", pa.string(), False),
            _f("band", pa.int64(), False, "-1: normalised-text hash; 0..39: MinHash band"),
            _f("hash", pa.int64(), False, "signed 64-bit hash (transforms.facts.dedup)"),
        ]
    ),
)

LAKE_STATE = TableSpec(
    name="lake_state",
    key=("id",),
    description="One row: the warehouse's commit counter (orders concurrent commits).",
    schema=pa.schema(
        [
            _f("id", pa.int64(), False, "always 1"),
            _f("loads_committed", pa.int64(), False, "loads committed so far"),
            _f("last_load_id", pa.string(), True, "load of the latest commit"),
            _f("views_hash", pa.string(), True, "sha256 of the analyst views' SQL in the catalog"),
            _f("updated_at", UTC_TS, False),
        ]
    ),
)

TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (
        ARTICLES,
        ENTITIES,
        ENTITY_MENTIONS,
        MONEY_FIGURES,
        MILITARY_FIGURES,
        MILITARY_MENTIONS,
        QUARANTINE,
        LOADS,
        SOURCE_CURSORS,
        ARTICLE_BANDS,
        MONEY_FACTS,
        MILITARY_FACTS,
        LAKE_STATE,
    )
}

# Tables the warehouse derives inside a load's transaction (warehouse.facts),
# from the rows already held.
FACT_TABLES = ("article_bands", "money_facts", "military_facts")

# Tables whose rows are derived from one article and replaced with it.
DERIVED_TABLES = ("entity_mentions", "money_figures", "military_figures", "military_mentions")
# What one extraction batch produces (warehouse.tables.extraction_tables).
EXTRACTION_TABLES = ("articles", "entities", *DERIVED_TABLES)

# The analyst contract (issue 3): these names must never disappear.
CONTRACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": (
        "article_id",
        "source_id",
        "source",
        "title",
        "text",
        "published_at",
        "ingested_at",
        "load_id",
    ),
    "entities": ("entity_id", "name", "label"),
    "entity_mentions": ("article_id", "start_char", "end_char", "text", "label", "entity_id"),
    "money_figures": (
        "article_id",
        "start_char",
        "end_char",
        "text",
        "value",
        "currency",
        "low",
        "high",
        "qualifier",
    ),
    "military_figures": (
        "article_id",
        "start_char",
        "end_char",
        "text",
        "value",
        "low",
        "high",
        "qualifier",
        "unit",
        "category",
    ),
    "quarantine": ("source_id", "source", "reason", "load_id"),
    "loads": ("load_id", "started_at", "finished_at", "status"),
}

_DUCK_TYPES = {
    pa.string(): "VARCHAR",
    pa.large_string(): "VARCHAR",
    pa.int64(): "BIGINT",
    pa.float64(): "DOUBLE",
    pa.date32(): "DATE",
    UTC_TS: "TIMESTAMPTZ",
    pa.bool_(): "BOOLEAN",
}


def duckdb_type(typ: pa.DataType) -> str:
    return _DUCK_TYPES[typ]


def duckdb_ddl(spec: TableSpec) -> str:
    """CREATE TABLE statement derived from the Arrow schema (identifiers are ours)."""
    cols = []
    for f in spec.schema:
        null = "" if f.nullable else " NOT NULL"
        cols.append(f'"{f.name}" {duckdb_type(f.type)}{null}')
    return f'CREATE TABLE IF NOT EXISTS "{spec.name}" (\n  ' + ",\n  ".join(cols) + "\n)"
