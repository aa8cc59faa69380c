"""Issue 7's target: a folder and a JSONL file mixing every bad case with good
articles; counts reconcile exactly, nothing invalid reaches the main tables,
and running it twice changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.run import run_pipeline
from newsledger import connect
from transforms.sources import spec_from_path

pytestmark = pytest.mark.slow

GOOD_TXT = (
    "Defence ministers meet in Tallinn\n\n"
    "Estonia will host 1,200 extra troops from allied countries, its defence minister said on "
    "Monday, as the government approved a €300m package for air defence.\n"
)
GOOD_BODY_ONLY = "The city council approved a £45m budget for new bus lanes on Tuesday.\n"
HOSTILE_ID = "x'); DROP TABLE articles;--"


def _build_inputs(root: Path) -> tuple[list[Path], dict[str, int]]:
    folder = root / "feed"
    folder.mkdir()
    (folder / "good1.txt").write_text(GOOD_TXT, encoding="utf-8")
    (folder / "good2.txt").write_text(GOOD_BODY_ONLY, encoding="utf-8")
    # Latin-1 pound sign: decoded with a fallback, never lost.
    (folder / "latin1.txt").write_bytes(
        "Fares rise\n\nA ticket now costs £3.50.\n".encode("cp1252")
    )
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "blank.txt").write_text("   \n\n  \n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "page.txt").write_text(
        "<!DOCTYPE html><html><head><title>Port reopens</title></head><body>"
        "<nav>Home | World | Sport</nav><article><p>The port reopened after a strike that "
        "cost shippers $12m, officials said on Friday. Dockers returned to work.</p></article>"
        "<footer>Copyright 2025</footer></body></html>",
        encoding="utf-8",
    )
    jsonl = root / "wire.jsonl"
    lines = [
        json.dumps({"id": "w1", "text": "Rebels said 40 soldiers were captured near the border."}),
        json.dumps(
            {"id": "w2", "title": "Odd date", "text": "Shares rose.", "published": "31/02/2021"}
        ),
        json.dumps({"id": "w3", "text": "From the future.", "published": "2999-01-01T00:00:00Z"}),
        "{not json at all",
        json.dumps({"id": "w4"}),  # no text
        json.dumps({"text": "no id here"}),
        json.dumps({"id": "w1", "text": "Duplicate id within the run."}),
        json.dumps({"id": HOSTILE_ID, "text": "Quotes ' and \" and SQL in the id are data."}),
        json.dumps({"id": 17, "text": "A numeric id is kept as text."}),
        json.dumps({"id": "w5", "text": "", "title": "Empty text"}),
    ]
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [folder, jsonl], {"records": 7 + len(lines)}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("bad")
    paths, expected = _build_inputs(root)
    wh = root / "w.sqlite"
    specs = [spec_from_path(str(p)) for p in paths]
    first = run_pipeline(specs, wh, workers=0)
    con = connect(wh)
    snapshot = {
        t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]  # type: ignore[index]
        for t in ("articles", "money_figures", "military_figures", "entity_mentions", "quarantine")
    }
    con.close()
    second = run_pipeline(specs, wh, workers=0)
    return {"wh": wh, "first": first, "second": second, "expected": expected, "snapshot": snapshot}


def test_every_record_is_accounted_for(runs) -> None:
    first = runs["first"]
    assert first.records_read == runs["expected"]["records"]
    assert first.reconciles
    con = connect(runs["wh"])
    n_articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]  # type: ignore[index]
    n_quarantine = con.execute(
        "SELECT count(*) FROM quarantine WHERE load_id = ? "
        "AND (stage IN ('read', 'extract') OR table_name = 'articles')",
        [first.load_id],
    ).fetchone()[0]  # type: ignore[index]
    con.close()
    assert n_articles == first.articles_loaded
    assert n_articles + n_quarantine == first.records_read


def test_reasons_are_specific(runs) -> None:
    con = connect(runs["wh"])
    rows = con.execute("SELECT source_id, reason, detail FROM quarantine").fetchall()
    con.close()
    reasons = {r[1] for r in rows}
    assert {"empty_text", "binary_content", "invalid_json", "duplicate_id"} <= reasons
    bad_json = [r for r in rows if r[1] == "invalid_json"]
    assert any("line 4" in (r[2] or "") for r in bad_json)


def test_nothing_invalid_in_main_tables(runs) -> None:
    con = connect(runs["wh"])
    assert con.execute("SELECT count(*) FROM articles WHERE trim(text) = ''").fetchone()[0] == 0  # type: ignore[index]
    future = con.execute(
        "SELECT count(*) FROM articles WHERE published_at > now() + INTERVAL 1 DAY"
    ).fetchone()[0]  # type: ignore[index]
    assert future == 0
    hostile = con.execute(
        "SELECT count(*) FROM articles WHERE source_id = ?", [HOSTILE_ID]
    ).fetchone()[0]  # type: ignore[index]
    assert hostile == 1
    latin = con.execute("SELECT text FROM articles WHERE source_id = 'latin1'").fetchone()
    assert latin is not None and "£3.50" in latin[0]
    con.close()


def test_second_run_changes_nothing(runs) -> None:
    second = runs["second"]
    assert second.articles_loaded == 0
    assert second.articles_unchanged == runs["first"].articles_loaded
    assert second.reconciles
    con = connect(runs["wh"])
    now = {
        t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]  # type: ignore[index]
        for t in ("articles", "money_figures", "military_figures", "entity_mentions", "quarantine")
    }
    con.close()
    assert now == runs["snapshot"]
