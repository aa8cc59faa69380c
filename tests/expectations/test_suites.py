"""The suites derive from warehouse.schema, and the versioned JSON matches the code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from expectations.suites import (
    SUITE_TABLES,
    SUITES_DIR,
    build_suite,
    export_suites,
    helper_columns,
    stale_suite_files,
    suite_json,
)
from warehouse.schema import MILITARY_CATEGORIES, TABLES


def _configs(table: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        (e.expectation_type, dict(e.configuration.kwargs)) for e in build_suite(table).expectations
    ]


def test_suite_json_files_are_up_to_date() -> None:
    stale = stale_suite_files(SUITES_DIR)
    assert stale == [], (
        f"expectations/suites/*.json out of date for {stale}: run `python -m expectations.suites`"
    )


def test_export_writes_one_file_per_table(tmp_path: Path) -> None:
    paths = export_suites(tmp_path)
    assert sorted(p.name for p in paths) == sorted(f"{t}.json" for t in SUITE_TABLES)
    assert stale_suite_files(tmp_path) == []
    (tmp_path / "money_figures.json").write_text("{}", encoding="utf-8")
    assert stale_suite_files(tmp_path) == ["money_figures"]


def test_suite_json_is_stable_across_builds() -> None:
    # GX gives every suite and expectation a random id; the file must not churn.
    assert suite_json("articles") == suite_json("articles")


@pytest.mark.parametrize("table", SUITE_TABLES)
def test_not_null_derives_from_schema(table: str) -> None:
    not_null = {
        kw["column"] for t, kw in _configs(table) if t == "expect_column_values_to_not_be_null"
    }
    assert not_null == {f.name for f in TABLES[table].schema if not f.nullable}


@pytest.mark.parametrize("table", SUITE_TABLES)
def test_key_uniqueness_derives_from_schema(table: str) -> None:
    key = TABLES[table].key
    configs = _configs(table)
    if len(key) == 1:
        assert ("expect_column_values_to_be_unique", {"column": key[0]}) in configs
    else:
        assert ("expect_compound_columns_to_be_unique", {"column_list": list(key)}) in configs


def test_value_sets_come_from_schema_constants() -> None:
    sets = {
        kw["column"]: kw["value_set"]
        for t, kw in _configs("military_figures")
        if t == "expect_column_values_to_be_in_set"
    }
    assert sets["category"] == list(MILITARY_CATEGORIES)
    assert "GBP" in sets["currency"] and "XXY" not in sets["currency"]


@pytest.mark.parametrize("table", [t for t in SUITE_TABLES if TABLES[t].has_span])
def test_span_tables_check_spans(table: str) -> None:
    helpers = {h.name for h in helper_columns(table)}
    assert {"_article_in_batch", "_offsets_in_text", "_span_text_matches"} <= helpers
    checked = {
        kw["column"] for t, kw in _configs(table) if t == "expect_column_values_to_be_in_set"
    }
    assert helpers <= checked


def test_unknown_table_has_no_suite() -> None:
    with pytest.raises(KeyError):
        build_suite("loads")


def test_rules_doc_is_up_to_date() -> None:
    from expectations.suites import RULES_DOC, rules_doc_text

    if not RULES_DOC.exists():
        pytest.skip(f"{RULES_DOC} not present")
    current = RULES_DOC.read_text(encoding="utf-8")
    assert rules_doc_text(current) == current, (
        "docs/validation.md rules table is stale: run `python -m expectations.suites`"
    )
