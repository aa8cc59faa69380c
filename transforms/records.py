"""Typed records passed between pipeline stages.

Data flows one way: source records -> ``ArticleRecord`` -> extraction records
(``EntityMention``, ``MoneyFigure``, ``MilitaryFigure``, ``MilitaryMention``)
-> Arrow tables (``warehouse.schema``) -> validation -> Parquet -> DuckDB.

These dataclasses are plain Python on purpose: ``transforms`` must not import
Prefect, DuckDB or Great Expectations. The column set of every warehouse table
is fixed in ``warehouse/schema.py``; ``tests/warehouse/test_schema.py`` fails
when a record field and its table column drift apart.

Offsets everywhere are 0-based, end-exclusive character offsets into
``ArticleRecord.text`` (the article text exactly as read).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

# A fingerprint of the extraction code, its data files and the spaCy model
# (``transforms.fingerprint``): it changes whenever extraction output can change
# for the same input text, so ``newsledger run --reprocess`` finds stale rows.
from transforms.fingerprint import EXTRACTOR_VERSION as EXTRACTOR_VERSION


def article_key(source: str, source_id: str) -> str:
    """Stable article id: the same external id from the same source maps to the
    same ``article_id`` across runs, so a changed article replaces its rows."""
    # surrogatepass: an id with a lone surrogate (bad data, quarantined at
    # extraction) must not crash reading; every valid id hashes the same.
    key = f"{source}\x1f{source_id}".encode("utf-8", "surrogatepass")
    digest = hashlib.sha1(key).hexdigest()
    return digest[:16]


def content_hash(title: str | None, text: str, published_at: datetime | None) -> str:
    """Hash of everything that affects extraction output for one article."""
    h = hashlib.sha256()
    # surrogatepass: a lone surrogate (bad data, quarantined at extraction) must
    # not crash hashing while the record is read; valid text hashes the same.
    h.update((title or "").encode("utf-8", "surrogatepass"))
    h.update(b"\x1f")
    h.update(text.encode("utf-8", "surrogatepass"))
    h.update(b"\x1f")
    h.update((published_at.isoformat() if published_at else "").encode())
    return h.hexdigest()


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """One article as read from a source, before NLP."""

    source: str  # source name, e.g. "bbc" (directory name) or a JSONL file stem
    source_id: str  # external id: JSONL ``id`` as given, or relative path sans extension
    text: str  # exactly as read (title line included for BBC-style .txt files)
    title: str | None = None
    published_at: datetime | None = None  # timezone-aware UTC, or None
    url: str | None = None
    format: str = "txt"  # txt | jsonl | rss | atom | html | csv
    # Non-fatal notes about how the record was read, e.g. "decoded as cp1252".
    read_notes: tuple[str, ...] = ()
    article_id: str = field(default="")
    content_hash: str = field(default="")

    def __post_init__(self) -> None:
        # Derived keys are computed here so no reader can forget them.
        if not self.article_id:
            object.__setattr__(self, "article_id", article_key(self.source, self.source_id))
        if not self.content_hash:
            object.__setattr__(
                self, "content_hash", content_hash(self.title, self.text, self.published_at)
            )


@dataclass(frozen=True, slots=True)
class QuarantineRecord:
    """An input record (or derived row) that did not make it into the main tables."""

    source: str
    source_id: str  # may be a line reference such as "feed.jsonl:17" when no id is readable
    # Short machine-friendly code, e.g. "invalid_json", "empty_text", "expectation_failed".
    reason: str
    detail: str = ""  # human sentence: what failed and the offending value
    stage: str = "read"  # read | extract | validate
    table: str | None = None  # for validation failures: the table the row was meant for
    article_id: str | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical entity shared across articles."""

    entity_id: str
    name: str  # canonical name, e.g. "Keir Starmer", "United States"
    label: str  # PERSON | ORG | GPE | LOC | NORP
    iso3: str | None = None  # ISO 3166-1 alpha-3 for countries
    # ISO 3166-1 alpha-3 of the country a place is or lies in ("Kharkiv" -> "UKR");
    # an attribute of the place, never its identity. None for people, orgs, groups.
    country_iso3: str | None = None


@dataclass(frozen=True, slots=True)
class EntityMention:
    article_id: str
    start_char: int
    end_char: int
    text: str  # surface form exactly as in the article, after span repair
    label: str
    entity_id: str
    name: str  # canonical name of the linked entity


@dataclass(frozen=True, slots=True)
class MoneyFigure:
    article_id: str
    start_char: int
    end_char: int
    text: str
    value: float
    currency: str | None  # ISO 4217, None when the text does not say
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None  # approx | over | under | None
    value_usd: float | None = None
    fx_rate: float | None = None  # USD per unit of ``currency``
    fx_date: str | None = None  # ISO date of the ECB rate used
    # Who pays and who receives, where the sentence says so ("Money roles");
    # None when the text does not say, never guessed from co-occurrence.
    payer_entity_id: str | None = None
    payer_name: str | None = None
    payee_entity_id: str | None = None
    payee_name: str | None = None


@dataclass(frozen=True, slots=True)
class MilitaryFigure:
    article_id: str
    start_char: int
    end_char: int
    text: str
    value: float
    low: float | None
    high: float | None
    qualifier: str | None
    unit: str  # singular lower-case counted noun: troop, missile, person ...
    category: str  # personnel | equipment | killed | wounded | captured | spending
    actor_entity_id: str | None = None
    actor_name: str | None = None
    actor_iso3: str | None = None
    currency: str | None = None  # only for category == "spending"
    # The other side of the same act (supplier, seller, the side that inflicted the
    # losses, the recipient of aid); see annotation-guidelines.md "Roles".
    counterpart_entity_id: str | None = None
    counterpart_name: str | None = None
    counterpart_iso3: str | None = None
    scope: str | None = None  # event | cumulative | None (unclear)


@dataclass(frozen=True, slots=True)
class MilitaryMention:
    """A military commitment that carries no number ("boots on the ground")."""

    article_id: str
    start_char: int
    end_char: int
    text: str
    kind: str  # e.g. ground_troops, air_power, naval_forces
    actor_entity_id: str | None = None
    actor_name: str | None = None
    actor_iso3: str | None = None


@dataclass(slots=True)
class ArticleExtraction:
    """Everything extracted from one article."""

    article: ArticleRecord
    mentions: list[EntityMention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    money: list[MoneyFigure] = field(default_factory=list)
    military: list[MilitaryFigure] = field(default_factory=list)
    military_mentions: list[MilitaryMention] = field(default_factory=list)
