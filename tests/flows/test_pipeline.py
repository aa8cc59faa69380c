"""End to end on real data: real spaCy, real Prefect (ephemeral), real GX, real DuckDB."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from flows import pipeline
from flows.run import run_pipeline
from newsledger import connect
from transforms.sources import spec_from_path

pytestmark = pytest.mark.slow

TABLES_WITH_SPANS = ("entity_mentions", "money_figures", "military_figures", "military_mentions")


def _counts(wh: Path) -> dict[str, int]:
    con = connect(wh)
    try:
        return {
            t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]  # type: ignore[index]
            for t in ("articles", "entities", *TABLES_WITH_SPANS, "quarantine")
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory, corpus_root: Path):
    """Seed + one whole BBC section + the non-UTF-8 BBC file, loaded once, then re-run."""
    work = tmp_path_factory.mktemp("e2e")
    wh = work / "w.sqlite"
    odd = work / "odd"
    (odd / "sport").mkdir(parents=True)
    # The one Latin-1 file of the corpus, by path (copied at test time, never committed).
    shutil.copy(corpus_root / "bbc" / "sport" / "199.txt", odd / "sport" / "199.txt")
    specs = [
        spec_from_path(str(corpus_root / "seed")),
        spec_from_path(str(corpus_root / "bbc" / "entertainment")),
        spec_from_path(str(odd)),
    ]
    warmed: list[int] = []  # worker counts of each ``warm_workers`` call, per run
    real_warm = pipeline.warm_workers

    def warm(workers: int) -> list[Any]:
        warmed.append(workers)
        return real_warm(workers)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline, "warm_workers", warm)
        first = run_pipeline(specs, wh, workers=2)
        first_warmed = len(warmed)
        after_first = _counts(wh)
        second = run_pipeline(specs, wh, workers=2)
    return {
        "wh": wh,
        "first": first,
        "second": second,
        "after_first": after_first,
        "warmed": (first_warmed, len(warmed) - first_warmed),
    }


def test_run_reconciles_and_loads_everything(loaded) -> None:
    first = loaded["first"]
    assert first.status == "completed"
    assert first.records_read == 1 + 386 + 1
    assert first.reconciles
    assert first.articles_loaded + first.records_quarantined == first.records_read
    assert first.articles_loaded >= 387  # the cp1252 file decodes with a fallback


def test_rerun_adds_nothing(loaded) -> None:
    second = loaded["second"]
    assert second.articles_loaded == 0
    assert second.articles_unchanged == loaded["first"].articles_loaded
    assert _counts(loaded["wh"]) == loaded["after_first"]
    con = connect(loaded["wh"])
    statuses = [
        r[0] for r in con.execute("SELECT status FROM loads ORDER BY started_at").fetchall()
    ]
    con.close()
    assert statuses == ["completed", "completed"]


def test_only_a_run_with_articles_to_parse_starts_the_workers(loaded) -> None:
    # The first run (empty warehouse) warms its workers while reading; the
    # no-op re-run never starts one, so spaCy is never loaded for it.
    assert loaded["warmed"] == (1, 0)
    assert pipeline._POOL is None


def test_seed_money_and_military(loaded) -> None:
    con = connect(loaded["wh"])
    money = con.execute(
        "SELECT m.text, m.value, m.currency FROM money_figures m "
        "JOIN articles a USING (article_id) WHERE a.source = 'seed'"
    ).fetchall()
    military = con.execute(
        "SELECT f.text, f.value, f.unit, f.category FROM military_figures f "
        "JOIN articles a USING (article_id) WHERE a.source = 'seed'"
    ).fetchall()
    con.close()
    assert ("£1.6bn", 1.6e9, "GBP") in money
    assert ("5,000 missiles", 5000.0, "missile", "equipment") in military
    assert not any("leaders" in row[0] for row in military)


def test_offsets_point_at_their_text(loaded) -> None:
    con = connect(loaded["wh"])
    for table in TABLES_WITH_SPANS:
        rows = con.execute(
            f'SELECT a.text, t.start_char, t.end_char, t.text FROM "{table}" t '
            "JOIN articles a USING (article_id)"
        ).fetchall()
        assert rows, table
        bad = [(s, e, t) for text, s, e, t in rows if text[s:e] != t]
        assert bad == [], table
    con.close()


def test_non_utf8_file_is_loaded_with_a_note(loaded) -> None:
    con = connect(loaded["wh"])
    row = con.execute(
        "SELECT text, read_notes FROM articles WHERE source_id = 'sport/199'"
    ).fetchone()
    con.close()
    assert row is not None
    assert "£" in row[0]
    assert "cp1252" in (row[1] or "")


def test_analyst_views_answer(loaded) -> None:
    con = connect(loaded["wh"])
    for view in ("money_by_entity_month", "military_by_actor_month", "figures_with_sentence"):
        n = con.execute(f'SELECT count(*) FROM "{view}"').fetchone()[0]  # type: ignore[index]
        assert n > 0, view
    sentence_ok = con.execute(
        "SELECT bool_and(contains(sentence, text)) FROM figures_with_sentence "
        "WHERE sentence IS NOT NULL"
    ).fetchone()[0]  # type: ignore[index]
    con.close()
    assert sentence_ok
