"""The shared corpus by path: every BBC article and every headline loads."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from newsledger.samples import samples_dir
from transforms.records import ArticleRecord
from transforms.sources import (
    HEADLINES_FIELD_MAP,
    SourceSpec,
    load_source_config,
    read_sources,
    spec_from_path,
)


def test_bbc_all_articles_load(corpus_root: Path) -> None:
    recs = list(read_sources([spec_from_path(str(corpus_root / "bbc"))]))
    assert len(recs) == 2225
    assert all(isinstance(r, ArticleRecord) for r in recs)
    by_id = {r.source_id: r for r in recs if isinstance(r, ArticleRecord)}
    assert Counter(i.split("/")[0] for i in by_id) == {
        "business": 510,
        "entertainment": 386,
        "politics": 417,
        "sport": 511,
        "tech": 401,
    }
    first = by_id["business/001"]
    assert first.source == "bbc"
    assert first.title == "Ad sales boost Time Warner profit"
    assert first.text.startswith("Ad sales boost Time Warner profit\n\n")
    latin = by_id["sport/199"]
    assert latin.read_notes == ("decoded as cp1252",)
    assert "£" in latin.text
    assert all(r.title for r in by_id.values())  # every BBC file has a title line


def test_seed_is_body_only(corpus_root: Path) -> None:
    [rec] = read_sources([spec_from_path(str(corpus_root / "seed"))])
    assert isinstance(rec, ArticleRecord)
    assert (rec.source, rec.source_id, rec.title) == ("seed", "000_73680ecff1553328", None)
    assert rec.text == (corpus_root / "seed" / "000_73680ecff1553328.txt").read_text(
        encoding="utf-8"
    )


def test_headlines_load_with_a_field_map(corpus_root: Path) -> None:
    path = corpus_root / "headlines" / "headlines.jsonl"
    spec = SourceSpec(path=str(path), field_map=HEADLINES_FIELD_MAP)
    recs = list(read_sources([spec]))
    assert len(recs) == 10038
    assert all(isinstance(r, ArticleRecord) for r in recs)
    articles = [r for r in recs if isinstance(r, ArticleRecord)]
    assert all(r.published_at is not None and r.published_at.year in (2021, 2022) for r in articles)
    assert articles[0].source == "headlines" and articles[0].source_id == "h00001"
    assert articles[0].url and articles[0].url.startswith("https://")


def test_samples_ship_five_bbc_layout_articles() -> None:
    recs = list(read_sources([spec_from_path(str(samples_dir()))]))
    assert len(recs) == 5
    assert all(isinstance(r, ArticleRecord) and r.title and not r.read_notes for r in recs)
    assert {r.source for r in recs} == {"samples"}


def test_corpus_config_lists_the_three_corpora(corpus_root: Path) -> None:
    config = Path(__file__).resolve().parents[3] / "docs" / "sources.corpus.toml"
    specs = load_source_config(config)
    assert [(s.name, s.format) for s in specs] == [
        ("bbc", "txt"),
        ("seed", "txt"),
        ("headlines", "jsonl"),
    ]
    assert specs[0].path == str((corpus_root / "bbc").resolve())
    assert specs[2].field_map == HEADLINES_FIELD_MAP
