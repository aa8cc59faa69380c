"""How a run cuts its articles into NLP batches (``flows.stages.batches``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.stages import BATCH_CHARS, batches
from transforms.records import ArticleRecord


def _articles(texts: list[str]) -> list[ArticleRecord]:
    return [
        ArticleRecord(source="t", source_id=str(i), text=t, article_id=f"a{i}", content_hash="h")
        for i, t in enumerate(texts)
    ]


@pytest.fixture(scope="module")
def headlines(corpus_root: Path) -> list[ArticleRecord]:
    path = corpus_root / "headlines" / "headlines.jsonl"
    with path.open(encoding="utf-8") as fh:
        titles = [json.loads(line)["title"] for line in fh if line.strip()]
    return _articles(titles)


@pytest.fixture(scope="module")
def bbc(corpus_root: Path) -> list[ArticleRecord]:
    files = sorted((corpus_root / "bbc").rglob("*.txt"))
    return _articles([f.read_bytes().decode("utf-8", "replace") for f in files])


def test_every_article_lands_in_exactly_one_batch(bbc: list[ArticleRecord]) -> None:
    out = batches(bbc, 2000, workers=2)
    ids = [a.article_id for b in out for a in b]
    assert sorted(ids) == sorted(a.article_id for a in bbc)


def test_short_texts_are_batched_by_characters_not_count(
    headlines: list[ArticleRecord],
) -> None:
    # 10k headlines are ~650k characters: a handful of batches, not 40 of 250.
    out = batches(headlines, 2000, workers=2)
    assert len(out) % 2 == 0
    assert len(out) <= 6
    assert max(len(b) for b in out) <= 2000


def test_long_texts_are_cut_near_the_character_target(bbc: list[ArticleRecord]) -> None:
    out = batches(bbc, 2000, workers=2)
    sizes = [sum(len(a.text) for a in b) for b in out]
    assert len(out) % 2 == 0
    # Balanced: no batch is a straggler of more than a few percent.
    assert max(sizes) <= min(sizes) * 1.05
    assert max(sizes) <= BATCH_CHARS * 1.05


def test_article_cap_and_single_worker() -> None:
    out = batches(_articles([f"word{i} " * 3 for i in range(7)]), 3, workers=1)
    assert [len(b) for b in out] == [3, 2, 2]
    assert batches([], 3, workers=2) == []


def test_never_more_batches_than_articles() -> None:
    assert len(batches(_articles(["x"] * 3), 1, workers=4)) == 3


def test_exact_copies_share_a_batch_and_weigh_as_one_text(bbc: list[ArticleRecord]) -> None:
    # BBC files the same story under several names: each set of copies lands in one batch
    # (where extract_batch parses it once), and batches stay balanced by parsed characters.
    out = batches(bbc, 2000, workers=2)
    batch_of = {a.article_id: i for i, b in enumerate(out) for a in b}
    by_text: dict[str, set[int]] = {}
    for a in bbc:
        by_text.setdefault(a.text, set()).add(batch_of[a.article_id])
    copied = [s for t, s in by_text.items() if sum(a.text == t for a in bbc) > 1]
    assert len(copied) >= 50
    assert all(len(s) == 1 for s in copied)
    parsed = [sum(len(t) for t in {a.text for a in b}) for b in out]
    assert max(parsed) <= min(parsed) * 1.05


def test_copies_beyond_the_article_cap_are_split() -> None:
    out = batches(_articles(["same words"] * 7), 3, workers=1)
    assert sorted(len(b) for b in out) == [1, 3, 3]
