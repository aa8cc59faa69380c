"""Issue 11's target: one run loads an RSS file, an Atom file, a folder of HTML
pages and a CSV export together, with dates kept and boilerplate gone, and the
pipeline's guarantees (quarantine, reconciliation, idempotence) still hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.run import run_pipeline
from newsledger import connect
from transforms.sources import load_source_config

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory):
    work = tmp_path_factory.mktemp("sources")
    config = work / "sources.toml"
    config.write_text(
        f"""
[[source]]
path = "{FIXTURES / "harbour_gazette.rss"}"

[[source]]
path = "{FIXTURES / "orbit_notes.atom"}"

[[source]]
path = "{FIXTURES / "pages"}"
format = "html"

[[source]]
name = "newsroom"
path = "{FIXTURES / "newsroom_export.csv"}"
format = "csv"
[source.csv_map]
id = "Story Ref"
title = "Headline Text"
text = "Body Copy"
published = "Went Live"
url = "Permalink"
""",
        encoding="utf-8",
    )
    specs = load_source_config(config)
    wh = work / "w.sqlite"
    first = run_pipeline(specs, wh, workers=0)
    second = run_pipeline(specs, wh, workers=0)
    return {"wh": wh, "first": first, "second": second}


def test_all_formats_load_in_one_run(loaded) -> None:
    first = loaded["first"]
    assert first.status == "completed"
    assert first.reconciles
    con = connect(loaded["wh"])
    formats = dict(con.execute("SELECT format, count(*) FROM articles GROUP BY format").fetchall())
    con.close()
    assert set(formats) == {"rss", "atom", "html", "csv"}


def test_dates_are_kept(loaded) -> None:
    con = connect(loaded["wh"])
    missing = con.execute(
        "SELECT format, count(*) FILTER (WHERE published_at IS NOT NULL), count(*) "
        "FROM articles GROUP BY format"
    ).fetchall()
    con.close()
    for fmt, dated, total in missing:
        assert dated >= 1, fmt
        assert dated >= total - 1, fmt  # the fixtures hold at most one undated item per format


def test_boilerplate_is_gone(loaded) -> None:
    con = connect(loaded["wh"])
    texts = [
        r[0] for r in con.execute("SELECT text FROM articles WHERE format = 'html'").fetchall()
    ]
    rss = [r[0] for r in con.execute("SELECT text FROM articles WHERE format = 'rss'").fetchall()]
    con.close()
    assert texts
    for t in texts:
        assert "<" not in t
        assert "Cookie" not in t and "All rights reserved" not in t and "Subscribe" not in t
    assert all("track()" not in t and "<p>" not in t for t in rss)


def test_bad_items_are_quarantined_and_rerun_is_idempotent(loaded) -> None:
    first, second = loaded["first"], loaded["second"]
    assert first.records_quarantined >= 1
    assert second.articles_loaded == 0
    assert second.articles_unchanged == first.articles_loaded
    assert second.records_quarantined == first.records_quarantined
    assert second.reconciles


def test_money_found_in_feed_text(loaded) -> None:
    con = connect(loaded["wh"])
    rows = con.execute(
        "SELECT m.text, m.currency FROM money_figures m JOIN articles a USING (article_id) "
        "WHERE a.format = 'rss'"
    ).fetchall()
    con.close()
    assert ("£48m", "GBP") in rows
