"""Duplicates and facts in the warehouse: real DuckDB, real loads through commit_load.

The loads are built from hand-made records (no spaCy) and go through the same
begin_load / write_partitions / commit_load path a run takes, so the refresh
runs inside the load's transaction exactly as in production.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from newsledger import connect
from tests.warehouse.snapshots import snapshot
from transforms.records import (
    EXTRACTOR_VERSION,
    ArticleExtraction,
    ArticleRecord,
    MilitaryFigure,
    MoneyFigure,
)
from warehouse import facts as wh_facts
from warehouse import lake
from warehouse import load as wh
from warehouse.tables import extraction_tables

BUDGET = (
    "Tory plans to cut £35bn of tax would cut deep into public services, the chancellor "
    "told a packed audience at the spring conference in Gateshead on Sunday. He said the "
    "choice at the coming general election was between investment in schools and hospitals "
    "and cuts that would put the health service at risk, and urged supporters not to stay "
    "at home or cast a protest vote. The shadow chancellor said the figure was a fiction."
)
STRIKE = (
    "Unions said a strike by public sector workers over pensions would go ahead after talks "
    "with ministers ended without agreement late on Thursday evening. The government had "
    "offered to protect the rights of existing staff, but union leaders said the deal still "
    "left younger members worse off, and that the £35bn of tax cuts the opposition plans was "
    "being used as an excuse. About 1.4 million workers are expected to walk out next week."
)
WAR = (
    "At least 120 people were killed in the attack on the city, officials said on Monday, "
    "as rescue teams searched the rubble of buildings hit overnight. The regional governor "
    "said the toll was expected to rise as more bodies were recovered from the ruins of a "
    "shopping centre and two blocks of flats near the railway station in the east of town."
)
MARKETS = (
    "Shares in London closed higher on Wednesday as investors welcomed figures showing that "
    "retail sales grew faster than expected over the winter months. Analysts said the £35bn "
    "spent by shoppers in December was a record for the season, though they warned that "
    "rising energy bills could squeeze household budgets later in the year, and the pound "
    "slipped against the dollar and the euro in late trading in New York."
)
LEVY = (
    "A new levy on large energy firms would raise £35bn over five years, the Treasury "
    "estimated in papers published on Tuesday, though industry groups warned it would "
    "deter investment in wind farms and gas fields in the North Sea."
)
DAY0 = datetime(2024, 3, 1, 9, tzinfo=UTC)


def _article(
    source_id: str, text: str, *, day: int | None = None, url: str | None = None
) -> ArticleExtraction:
    art = ArticleRecord(
        source="desk",
        source_id=source_id,
        text=text,
        title=None,
        published_at=None if day is None else DAY0 + timedelta(days=day),
        url=url,
    )
    ex = ArticleExtraction(article=art)
    pos = text.find("£35bn")
    while pos >= 0:
        ex.money.append(MoneyFigure(art.article_id, pos, pos + 5, "£35bn", 35e9, "GBP"))
        pos = text.find("£35bn", pos + 1)
    pos = text.find("120 people")
    if pos >= 0:
        ex.military.append(
            MilitaryFigure(
                art.article_id,
                pos,
                pos + 10,
                "120 people",
                120,
                None,
                None,
                None,
                "person",
                "killed",
            )
        )
    return ex


_N = [0]


def _load(path: Path, *extractions: ArticleExtraction) -> str:
    _N[0] += 1
    load_id = f"20240301T0000{_N[0]:02d}_test"
    wh.begin_load(path, load_id, sources="desk", extractor_version=EXTRACTOR_VERSION)
    tables = extraction_tables(
        list(extractions), {}, load_id=load_id, ingested_at=datetime.now(UTC)
    )
    parts = lake.write_partitions(path, load_id, tables)
    wh.commit_load(path, load_id, partitions=parts, counts=wh.LoadCounts())
    return load_id


def _q(path: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = connect(path)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _aid(source_id: str) -> str:
    return ArticleRecord(source="desk", source_id=source_id, text="x").article_id


def _assert_consistent(path: Path) -> None:
    """No orphan fact, no figure without its fact, counts match the rows."""
    for figures, facts in (
        ("money_figures", "money_facts"),
        ("military_figures", "military_facts"),
    ):
        assert _q(path, f"SELECT count(*) FROM {figures} WHERE fact_id IS NULL") == [(0,)]
        orphans = _q(
            path,
            f"SELECT f.fact_id FROM {facts} f WHERE NOT EXISTS "
            f"(SELECT 1 FROM {figures} g WHERE g.fact_id = f.fact_id)",
        )
        assert orphans == []
        stale = _q(
            path,
            f"SELECT f.fact_id FROM {facts} f JOIN (SELECT fact_id, count(*) n FROM {figures} "
            "GROUP BY fact_id) c USING (fact_id) WHERE c.n <> f.figure_rows",
        )
        assert stale == []


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "w.sqlite"


def test_exact_copy_in_one_load_adds_no_fact(path: Path) -> None:
    _load(path, _article("a", BUDGET), _article("b", BUDGET.replace(" ", "  ")))
    assert _q(
        path, "SELECT article_id, duplicate_of, duplicate_kind FROM articles ORDER BY 1"
    ) == sorted([(_aid("a"), None, None), (_aid("b"), _aid("a"), "exact")])
    assert _q(path, "SELECT mentions, articles, sources, figure_rows FROM money_facts") == [
        (1, 1, 1, 2)
    ]
    assert _q(path, "SELECT count(DISTINCT fact_id) FROM money_figures") == [(1,)]
    _assert_consistent(path)


def test_incremental_load_finds_a_copy_from_the_first(path: Path) -> None:
    _load(path, _article("a", BUDGET), _article("s", STRIKE))
    near = BUDGET.replace("on Sunday", "on Sunday afternoon")
    _load(path, _article("c", near))
    assert _q(
        path, "SELECT duplicate_of, duplicate_kind FROM articles WHERE article_id = ?", [_aid("c")]
    ) == [(_aid("a"), "near")]
    # The strike story's £35bn is another fact (undated articles never merge).
    rows = _q(path, "SELECT first_article_id, mentions, articles FROM money_facts ORDER BY 1")
    assert sorted(rows) == sorted([(_aid("a"), 1, 1), (_aid("s"), 1, 1)])
    _assert_consistent(path)


def test_replaced_original_updates_copies_and_counts(path: Path) -> None:
    _load(path, _article("a", BUDGET), _article("b", BUDGET + " "))
    old_fact = _q(path, "SELECT fact_id FROM money_facts")
    _load(path, _article("a", WAR))  # a's text changes: b is a copy of nothing now
    assert _q(path, "SELECT article_id, duplicate_of FROM articles ORDER BY 1") == sorted(
        [(_aid("a"), None), (_aid("b"), None)]
    )
    # b's £35bn now counts, under a new earliest mention (so a new id).
    assert _q(path, "SELECT first_article_id, mentions, articles FROM money_facts") == [
        (_aid("b"), 1, 1)
    ]
    assert _q(path, "SELECT fact_id FROM money_facts") != old_fact
    assert _q(path, "SELECT count(*) FROM military_facts") == [(1,)]
    _assert_consistent(path)


def test_replaced_article_leaves_no_stale_count(path: Path) -> None:
    _load(path, _article("a", BUDGET, day=0), _article("s", STRIKE, day=2))
    assert _q(path, "SELECT articles FROM money_facts") == [(2,)]
    _load(path, _article("s", STRIKE.replace("£35bn of tax cuts", "tax cuts"), day=2))
    assert _q(path, "SELECT articles, mentions, figure_rows FROM money_facts") == [(1, 1, 1)]
    _assert_consistent(path)


def test_dated_reports_merge_across_outlets_and_undated_stay_apart(path: Path) -> None:
    _load(
        path,
        _article("a", BUDGET, day=0, url="https://www.bbc.co.uk/news/1"),
        _article("s", STRIKE, day=5, url="https://www.ft.com/x"),
        _article("w", WAR + " Nobody mentioned the £35bn.", day=None),
        _article("late", MARKETS, day=20),
    )
    rows = _q(path, "SELECT first_article_id, articles, sources, first_seen FROM money_facts")
    by_first = {r[0]: r for r in rows}
    assert by_first[_aid("a")][1:] == (2, 2, DAY0)
    assert by_first[_aid("w")][1:3] == (1, 1) and by_first[_aid("w")][3] is None
    assert by_first[_aid("late")][1] == 1
    assert len(rows) == 3
    _assert_consistent(path)


def test_full_refresh_recomputes_the_same_facts(path: Path, tmp_path: Path) -> None:
    _load(path, _article("a", BUDGET, day=0), _article("b", BUDGET, day=1))
    _load(path, _article("w", WAR, day=2), _article("s", STRIKE, day=3))
    before = snapshot(path)
    con = connect(path, read_only=False)
    try:
        con.execute("BEGIN TRANSACTION")
        wh_facts.refresh_all(con)
        con.execute("COMMIT")
    finally:
        con.close()
    after = snapshot(path)
    for table in ("articles", "article_bands", "money_facts", "military_facts", "money_figures"):
        assert after[table] == before[table], table


def test_removed_original_leaves_no_orphan(path: Path) -> None:
    """A removal path (none ships yet) notes the facts of the rows it deletes
    (``before_delete``), deletes them, then refreshes the ids it removed."""
    _load(path, _article("a", BUDGET, day=0), _article("b", BUDGET, day=0))
    con = connect(path, read_only=False)
    try:
        con.execute("BEGIN TRANSACTION")
        wh_facts.before_delete(con, pa.table({"article_id": [_aid("a")]}))
        for table in ("money_figures", "military_figures", "articles"):
            con.execute(f"DELETE FROM {table} WHERE article_id = ?", [_aid("a")])
        wh_facts.refresh(con, pa.table({"article_id": [_aid("a")]}))
        con.execute("COMMIT")
    finally:
        con.close()
    assert _q(path, "SELECT duplicate_of FROM articles") == [(None,)]
    assert _q(path, "SELECT DISTINCT article_id FROM article_bands") == [(_aid("b"),)]
    assert _q(path, "SELECT first_article_id, mentions, figure_rows FROM money_facts") == [
        (_aid("b"), 1, 1)
    ]
    _assert_consistent(path)


def _refresh_report(path: Path, source_id: str) -> wh_facts.RefreshReport:
    """Refresh one held article again (rolled back): what a load of it would re-merge."""
    con = connect(path, read_only=False)
    try:
        con.execute("BEGIN TRANSACTION")
        report = wh_facts.refresh(con, pa.table({"article_id": [_aid(source_id)]}))
        con.execute("ROLLBACK")
    finally:
        con.close()
    return report


def test_a_load_re_merges_only_the_facts_its_figures_can_meet(path: Path) -> None:
    # One figure value over two months: days 0, 5 | 30, 33 | 60 (gaps over 7 days).
    _load(path, _article("a", BUDGET, day=0), _article("s", STRIKE, day=5))
    _load(path, _article("m", MARKETS, day=30), _article("w", WAR + " Not £35bn.", day=33))
    _load(path, _article("late", LEVY, day=60))
    assert _refresh_report(path, "late").money_rows == 1
    assert _refresh_report(path, "m").money_rows == 2
    report = _refresh_report(path, "s")
    assert (report.money_rows, report.money_facts) == (2, 1)
    _assert_consistent(path)


def test_incremental_facts_equal_a_full_refresh(path: Path) -> None:
    """Loads, a replacement that splits a chain of dates, a copy: as if computed at once."""
    _load(path, _article("a", BUDGET, day=0), _article("s", STRIKE, day=6))
    _load(path, _article("m", MARKETS, day=12), _article("w", WAR, day=13))
    _load(path, _article("s", STRIKE.replace("£35bn of tax cuts", "tax cuts"), day=6))
    _load(path, _article("c", BUDGET.replace("on Sunday", "on Sunday night"), day=40))
    _load(path, _article("u", STRIKE + " " + BUDGET))
    _assert_consistent(path)
    before = snapshot(path)
    con = connect(path, read_only=False)
    try:
        con.execute("BEGIN TRANSACTION")
        wh_facts.refresh_all(con)
        con.execute("COMMIT")
    finally:
        con.close()
    after = snapshot(path)
    for table in ("articles", "money_facts", "military_facts", "money_figures"):
        assert after[table] == before[table], table
