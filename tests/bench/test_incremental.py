"""The incremental-load benchmark's inputs: distinct dated copies, a load new to both."""

from __future__ import annotations

from pathlib import Path

from bench import corpus as bc
from bench import incremental as inc
from transforms.facts import dedup
from transforms.records import ArticleRecord
from transforms.sources import read_sources


def test_big_rows_are_distinct_dated_articles(corpus_root: Path, tmp_path: Path) -> None:
    articles = bc.read_articles(bc.bbc_corpus(corpus_root, ("business",)).specs)[:40]
    rows = inc.big_rows(articles, 3)
    assert len(rows) == 120 and len({r["id"] for r in rows}) == 120
    assert [r["text"] for r in rows[:40]] == [a.text for a in articles]  # copy 0: as read
    assert all("published" not in r for r in rows[:40])
    assert all(r["published"].startswith(("2019", "202")) for r in rows[40:])
    texts = {r["text"] for r in rows}
    assert len(texts) == 120  # no exact repeat
    for i in range(0, 40, 7):
        own, copy = rows[i]["text"], rows[40 + i]["text"]
        assert copy.split("\n\n")[0] == own.split("\n\n")[0]  # the title
        # Half its paragraphs are another article's: far from a copy of either.
        j = dedup.jaccard(dedup.shingles(own), dedup.shingles(copy))
        assert 0.1 < j < 0.75
    path = bc.write_jsonl(rows, tmp_path / "big.jsonl")
    read = list(read_sources([bc.jsonl_corpus("big", path).specs[0]]))
    assert all(isinstance(r, ArticleRecord) for r in read)


def test_load_rows_are_web2020s_with_dates(corpus_root: Path) -> None:
    rows = inc.load_rows(corpus_root, 100)
    assert len(rows) == 100 and rows[0]["id"] == "web2020s/0001"
    dated = [r["published"] for r in rows if "published" in r]
    assert dated and all(len(d) == 10 and d.startswith("20") for d in dated)
    assert all(r["text"] for r in rows)


def test_ratios_compare_big_with_empty() -> None:
    def run(seconds: float, commit: float) -> dict[str, object]:
        return {"seconds": seconds, "summary": {"stage_seconds": {"commit": commit}}}

    out = inc.ratios({"empty": [run(10, 1), run(12, 2)], "big": [run(11, 3), run(13, 1.5)]})
    assert out["ratio_best"] == 1.1
    assert out["stage_seconds_best"] == {"commit": {"empty": 1, "big": 1.5}}
