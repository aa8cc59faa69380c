"""Analyst views (warehouse/views/*.sql) on a small loaded corpus.

The loaded warehouse holds the shipped samples, the seed article and our own
desk.jsonl, which puts figures after curly quotes, a pound sign, an em dash
and an emoji (a character outside the BMP) to catch offset slips.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import LoadedWarehouse
from transforms.records import article_key
from warehouse.load import VIEWS_DIR
from warehouse.schema import MILITARY_CATEGORIES
from warehouse.session import query

VIEW_FILES = sorted(VIEWS_DIR.glob("*.sql"))
VIEW_NAMES = [re.sub(r"^\d+_", "", p.stem) for p in VIEW_FILES]


def _q(path: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    return query(path, sql, params).rows


def test_views_exist() -> None:
    assert {"stg_articles", "figures_with_sentence", "money_by_entity_month"} <= set(VIEW_NAMES)


@pytest.mark.parametrize("name", VIEW_NAMES)
def test_view_is_created_on_load_and_returns_rows(
    name: str, loaded_warehouse: LoadedWarehouse
) -> None:
    count = _q(loaded_warehouse.path, f'SELECT count(*) FROM "{name}"')[0][0]
    assert count > 0


@pytest.mark.parametrize("sql_file", VIEW_FILES, ids=[p.stem for p in VIEW_FILES])
def test_view_file_documents_itself(sql_file: Path) -> None:
    """One view per file, named in its first comment line and its CREATE."""
    text = sql_file.read_text(encoding="utf-8")
    name = re.sub(r"^\d+_", "", sql_file.stem)
    assert text.startswith(f"-- {name}:")
    assert f"CREATE OR REPLACE VIEW {name} AS" in text
    assert text.count("CREATE ") == 1


def test_figure_text_lies_inside_its_sentence(loaded_warehouse: LoadedWarehouse) -> None:
    rows = _q(loaded_warehouse.path, "SELECT kind, text, sentence FROM figures_with_sentence")
    assert len(rows) > 10
    missing = [(k, t) for k, t, s in rows if s is None]
    assert missing == []
    outside = [(k, t, s) for k, t, s in rows if t not in s]
    assert outside == []


def test_sentence_is_the_python_slice_of_the_article(loaded_warehouse: LoadedWarehouse) -> None:
    """The view's 1-based substr equals Python's 0-based slice, emoji and all."""
    path = loaded_warehouse.path
    texts = dict(_q(path, "SELECT article_id, text FROM articles"))
    bounds = {
        (k, a, s): (ss, se)
        for k, a, s, ss, se in _q(
            path,
            "SELECT 'money', article_id, start_char, sentence_start, sentence_end "
            "FROM money_figures UNION ALL SELECT 'military', article_id, start_char, "
            "sentence_start, sentence_end FROM military_figures",
        )
    }
    rows = _q(path, "SELECT kind, article_id, start_char, sentence FROM figures_with_sentence")
    assert len(rows) == len(bounds)
    wrong = [
        (k, a, s)
        for k, a, s, sentence in rows
        if sentence != texts[a][bounds[(k, a, s)][0] : bounds[(k, a, s)][1]]
    ]
    assert wrong == []


def test_offsets_agree_between_python_and_duckdb(loaded_warehouse: LoadedWarehouse) -> None:
    # DuckDB substr is 1-based and counts characters; our offsets are 0-based.
    bad = _q(
        loaded_warehouse.path,
        "SELECT f.article_id, f.text FROM money_figures f JOIN articles a USING (article_id) "
        "WHERE substr(a.text, f.start_char + 1, f.end_char - f.start_char) <> f.text "
        "UNION ALL "
        "SELECT m.article_id, m.text FROM entity_mentions m JOIN articles a USING (article_id) "
        "WHERE substr(a.text, m.start_char + 1, m.end_char - m.start_char) <> m.text",
    )
    assert bad == []


def test_non_ascii_text_around_figures(loaded_warehouse: LoadedWarehouse) -> None:
    path = loaded_warehouse.path
    pound = _q(
        path,
        "SELECT text, sentence FROM figures_with_sentence WHERE article_id = ? AND kind = 'money'",
        [article_key("desk", "desk-001")],
    )
    assert any("£" in t and "“long overdue”" in s for t, s in pound), pound
    after_emoji = _q(
        path,
        "SELECT text, sentence FROM figures_with_sentence WHERE article_id = ? AND kind = 'money'",
        [article_key("desk", "desk-003")],
    )
    assert any("1.2 billion" in t and "🚢" in s for t, s in after_emoji), after_emoji


def test_stg_articles_months(loaded_warehouse: LoadedWarehouse) -> None:
    rows = _q(
        loaded_warehouse.path,
        "SELECT published_month, month_is_ingest FROM stg_articles WHERE article_id = ?",
        [article_key("desk", "desk-001")],
    )
    assert [(str(m), flag) for m, flag in rows] == [("2025-03-01", False)]
    nulls = _q(
        loaded_warehouse.path, "SELECT count(*) FROM stg_articles WHERE published_month IS NULL"
    )
    assert nulls == [(0,)]


def test_stg_money_and_military_keep_every_figure(loaded_warehouse: LoadedWarehouse) -> None:
    path = loaded_warehouse.path
    assert _q(path, "SELECT count(*) FROM stg_money") == _q(
        path, "SELECT count(*) FROM money_figures"
    )
    assert _q(path, "SELECT count(*) FROM stg_military") == _q(
        path, "SELECT count(*) FROM military_figures"
    )


def test_money_by_entity_month_counts_each_fact_once_per_role(
    loaded_warehouse: LoadedWarehouse,
) -> None:
    path = loaded_warehouse.path
    rows = _q(
        path,
        "SELECT role, entity_id, month, facts, usd_total, facts_without_usd "
        "FROM money_by_entity_month",
    )
    assert rows
    for role, _, month, facts, usd, without in rows:
        assert role in ("payer", "payee") and month is not None
        assert facts >= 1 and 0 <= without <= facts
        assert usd is None or usd >= 0
    # Every fact once under each role, whatever the sentence names.
    n_facts, usd_all = _q(path, "SELECT count(*), sum(value_usd) FROM money_facts")[0]
    for role in ("payer", "payee"):
        mine = [r for r in rows if r[0] == role]
        assert sum(r[3] for r in mine) == n_facts
        assert sum(r[4] or 0 for r in mine) == pytest.approx(usd_all or 0)


def test_military_by_actor_month_adds_up(loaded_warehouse: LoadedWarehouse) -> None:
    path = loaded_warehouse.path
    rows = _q(
        path,
        "SELECT category, month, facts, event_total, unscoped_total, latest_cumulative, "
        "max_value FROM military_by_actor_month",
    )
    assert rows
    for category, month, facts, event, unscoped, _, biggest in rows:
        assert category in MILITARY_CATEGORIES and month is not None and facts >= 1
        if category != "spending":
            assert (event or 0) + (unscoped or 0) <= facts * biggest
    assert sum(r[2] for r in rows) == _q(path, "SELECT count(*) FROM military_facts")[0][0]


def test_facts_with_sources_lists_every_figure_row(loaded_warehouse: LoadedWarehouse) -> None:
    path = loaded_warehouse.path
    n = _q(path, "SELECT count(*) FROM facts_with_sources")[0][0]
    figures = _q(
        path,
        "SELECT (SELECT count(*) FROM money_figures) + (SELECT count(*) FROM military_figures)",
    )[0][0]
    assert n == figures
    assert _q(
        path,
        "SELECT bool_and(contains(sentence, text)) FROM facts_with_sources "
        "WHERE sentence IS NOT NULL",
    ) == [(True,)]
