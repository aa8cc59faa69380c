"""Exact copies: ``extract_batch`` parses a text once and gives its copies the same
records under their own ids, equal to what parsing each copy on its own gives."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import pytest

from transforms.extract import copy_key, extract_batch
from transforms.records import ArticleExtraction, ArticleRecord
from transforms.sources import SourceSpec, read_sources

# Copy sets taken from the corpus: enough to hold money figures, military figures and
# long multi-paragraph texts, few enough to parse each copy alone in a test.
COPY_SETS = 12


@pytest.fixture(scope="module")
def bbc_copies(corpus_root: Path) -> list[list[ArticleRecord]]:
    """BBC's exact copies (the same story filed under two or more names), by text."""
    spec = SourceSpec(path=str(corpus_root / "bbc"), format="txt")
    by_text: dict[str, list[ArticleRecord]] = defaultdict(list)
    for rec in read_sources([spec]):
        if isinstance(rec, ArticleRecord):  # as the pipeline reads them
            by_text[rec.text].append(rec)
    sets = [recs for recs in by_text.values() if len(recs) > 1]
    assert len(sets) >= 80  # BBC holds 98 copies
    # the copies whose texts hold the most figures (digits) come first
    sets.sort(key=lambda recs: -sum(ch.isdigit() for ch in recs[0].text))
    return sets[:COPY_SETS]


def _without_id(ex: ArticleExtraction) -> dict[str, list[object]]:
    def rows(records: list[object]) -> list[object]:
        return [dataclasses.replace(r, article_id="") for r in records]  # type: ignore[type-var]

    return {
        "mentions": rows(ex.mentions),
        "entities": list(ex.entities),
        "money": rows(ex.money),
        "military": rows(ex.military),
        "military_mentions": rows(ex.military_mentions),
    }


def test_copies_get_the_records_a_fresh_parse_gives(
    bbc_copies: list[list[ArticleRecord]],
) -> None:
    batch = [a for recs in bbc_copies for a in recs]
    together = extract_batch(batch)
    got = {ex.article.article_id: ex for ex in together.extractions}
    assert [ex.article.article_id for ex in together.extractions] == [a.article_id for a in batch]
    found = {"money": 0, "mentions": 0}
    for recs in bbc_copies:
        first = got[recs[0].article_id]
        for a in recs:
            alone = extract_batch([a])
            ex = got[a.article_id]
            assert ex == alone.extractions[0], a.source_id  # article ids included
            assert together.sentences[a.article_id] == alone.sentences[a.article_id]
            assert together.article_tokens[a.article_id] == alone.tokens
            assert _without_id(ex) == _without_id(first)
            assert all(m.article_id == a.article_id for m in ex.mentions + ex.money)
        found["money"] += len(first.money)
        found["mentions"] += len(first.mentions)
    assert found["money"] >= 10 and found["mentions"] >= 100, found
    assert together.tokens == sum(together.article_tokens[a.article_id] for a in batch)


def test_a_copy_published_on_another_day_is_parsed_again(
    bbc_copies: list[list[ArticleRecord]],
) -> None:
    # Money figures read the publication date (exchange rates), so the date is part of
    # the copy key: the same text published on two days is two texts to extract.
    a = next(recs[0] for recs in bbc_copies if "$" in recs[0].text)
    days = [datetime(2005, 1, 3, tzinfo=UTC), datetime(2024, 6, 3, tzinfo=UTC)]
    copies = [
        ArticleRecord(
            source="bbc", source_id=f"{a.source_id}@{d.year}", text=a.text, published_at=d
        )
        for d in days
    ]
    assert copy_key(copies[0]) != copy_key(copies[1])
    together = extract_batch(copies).extractions
    for c, ex in zip(copies, together, strict=True):
        assert ex == extract_batch([c]).extractions[0]
    assert [m.fx_date for m in together[0].money] != [m.fx_date for m in together[1].money]


# Our own writing: BBC's copies hold no military figure, these do.
_MILITARY = (
    "Britain sent 5,000 troops and 200 tanks to Basra, Defence Secretary John Reid said.\n\n"
    "Twelve soldiers were killed and 30 wounded; ministers ruled out boots on the ground."
)


def test_copies_of_a_military_text_equal_their_fresh_parses() -> None:
    copies = [ArticleRecord(source="t", source_id=f"m{i}", text=_MILITARY) for i in range(3)]
    together = extract_batch(copies)
    assert together.extractions[0].military and together.extractions[0].military_mentions
    for c, ex in zip(copies, together.extractions, strict=True):
        assert ex == extract_batch([c]).extractions[0]
