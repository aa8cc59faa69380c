"""Duplicate ids across one run: the first record wins, later ones are quarantined."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from transforms.records import ArticleRecord, QuarantineRecord
from transforms.sources._common import Located, Record


def dedupe_located(pairs: Iterable[Located]) -> Iterator[Record]:
    """Like ``dedupe`` but the detail names where both copies were read."""
    # Memory grows with the number of distinct ids (two short strings each),
    # not with article text.
    first_seen: dict[tuple[str, str], str] = {}
    for record, where in pairs:
        if isinstance(record, QuarantineRecord):
            yield record
            continue
        key = (record.source, record.source_id)
        if key in first_seen:
            yield QuarantineRecord(
                source=record.source,
                source_id=record.source_id,
                reason="duplicate_id",
                detail=(
                    f"{where}: id {record.source_id!r} of source {record.source!r} was already "
                    f"read from {first_seen[key]}; the first one is kept"
                ),
                article_id=record.article_id,
            )
            continue
        first_seen[key] = where
        yield record


def dedupe(records: Iterable[ArticleRecord | QuarantineRecord]) -> Iterator[Record]:
    """Pass records through, quarantining a repeated (source, source_id) as ``duplicate_id``."""
    return dedupe_located((r, f"input record {n}") for n, r in enumerate(records, start=1))
