"""One batch holding every kind of bad row at once, each on its own key.

Validating once and checking every case against the same outcome keeps the
tests fast (GX costs ~3 s per run) and also proves that one bad row never
takes a good neighbour with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from tests.expectations.batch import (
    TAIL,
    Rows,
    article_row,
    batch_rows,
    sentence_of,
    span_of,
    to_tables,
)
from transforms.records import article_key
from warehouse.schema import TABLES


@dataclass(frozen=True)
class Case:
    id: str
    table: str
    row_key: str
    expectation: str  # GX expectation type named in the quarantine detail
    column: str  # column (or helper column) named in the detail
    value: str  # the offending value as it appears in the detail


def _key(table: str, row: dict[str, Any]) -> str:
    return ":".join(str(row[k]) for k in TABLES[table].key)


def _money(sid: str, surface: str, **changes: Any) -> dict[str, Any]:
    row = {
        **span_of(sid, surface),
        "value": 10.0,
        "currency": "USD",
        "low": None,
        "high": None,
        "qualifier": None,
        "value_usd": 10.0,
        "fx_rate": 1.0,
        "fx_date": None,
        **sentence_of(sid),
        **TAIL,
    }
    return {**row, **changes}


def _military(sid: str, surface: str, **changes: Any) -> dict[str, Any]:
    row = {
        **span_of(sid, surface),
        "value": 3.0,
        "low": None,
        "high": None,
        "qualifier": None,
        "unit": "tank",
        "category": "equipment",
        "actor_entity_id": None,
        "actor_name": None,
        "actor_iso3": None,
        "currency": None,
        **sentence_of(sid),
        **TAIL,
    }
    return {**row, **changes}


def _mention(sid: str, surface: str, **changes: Any) -> dict[str, Any]:
    row = {**span_of(sid, surface), "label": "ORG", "entity_id": "ORG:x", "name": surface, **TAIL}
    return {**row, **changes}


def dirty_batch() -> tuple[dict[str, pa.Table], list[Case]]:
    """The clean batch plus one bad row per case; returns tables and the cases."""
    rows: Rows = batch_rows()
    cases: list[Case] = []

    def add(
        table: str, row: dict[str, Any], expectation: str, column: str, value: str, case_id: str
    ) -> None:
        rows[table].append(row)
        cases.append(Case(case_id, table, _key(table, row), expectation, column, value))

    in_set = "expect_column_values_to_be_in_set"
    between = "expect_column_values_to_be_between"
    pair = "expect_column_pair_values_a_to_be_greater_than_b"

    # articles
    a4 = {**article_row("a4"), "published_at": datetime(2999, 1, 1, tzinfo=UTC)}
    add("articles", a4, between, "published_at", "2999-01-01", "future_published_at")
    a5 = article_row("a5")
    add("articles", a5, "expect_column_values_to_not_match_regex", "text", "text=''", "empty_text")
    a6 = {**article_row("a6"), "published_at": datetime(1750, 6, 1, tzinfo=UTC)}
    add("articles", a6, between, "published_at", "1750-06-01", "published_before_1800")
    a7 = {**article_row("a7"), "char_count": 999}
    add("articles", a7, in_set, "_char_count_matches", "char_count=999", "char_count_wrong")
    a8 = {**article_row("a8"), "format": "pdf"}
    add("articles", a8, in_set, "format", "'pdf'", "unknown_format")
    dup_article = dict(rows["articles"][0])
    add(
        "articles",
        dup_article,
        "expect_column_values_to_be_unique",
        "article_id",
        dup_article["article_id"],
        "duplicate_article",
    )

    # derived rows of a4: valid themselves, quarantined because a4 is
    rows["military_figures"].append(_military("a4", "40 tanks", value=40.0))
    rows["entity_mentions"].append(_mention("a4", "Ruritania", label="GPE"))

    # money_figures (spans of a2 and a1, each row valid but for one thing)
    add(
        "money_figures",
        {**_money("a2", "paid"), "text": "pain"},
        in_set,
        "_span_text_matches",
        "text='pain' but articles.text",
        "span_text_mismatch",
    )
    add(
        "money_figures",
        _money("a2", "Acme", end_char=500),
        in_set,
        "_offsets_in_text",
        "end_char=500",
        "offset_out_of_range",
    )
    add(
        "money_figures",
        _money("a2", "Jane", currency="XXY"),
        in_set,
        "currency",
        "'XXY'",
        "bad_currency",
    )
    add(
        "money_figures",
        _money("a2", "about", value=-5.0),
        between,
        "value",
        "-5.0",
        "negative_value",
    )
    add(
        "money_figures",
        _money("a2", "last", value=6e6, low=9e6),
        pair,
        "value,low",
        "low=9000000.0",
        "low_above_value",
    )
    add(
        "money_figures",
        _money("a2", "spring", value=6e6, high=1e6),
        pair,
        "high,value",
        "high=1000000.0",
        "high_below_value",
    )
    add(
        "money_figures",
        _money("a2", "Doe", value=float("inf")),
        in_set,
        "_finite_value",
        "value=inf",
        "infinite_value",
    )
    add(
        "money_figures",
        _money("a2", "Paris", value_usd=float("nan")),
        in_set,
        "_finite_value_usd",
        "value_usd=NaN",
        "nan_value_usd",
    )
    add(
        "money_figures",
        _money("a1", "Ministers", value_usd=-1.0),
        between,
        "value_usd",
        "-1.0",
        "negative_value_usd",
    )
    add(
        "money_figures",
        _money("a1", "pledged", fx_rate=0.0),
        between,
        "fx_rate",
        "0.0",
        "zero_fx_rate",
    )
    add(
        "money_figures",
        _money("a1", "border", qualifier="roughly"),
        in_set,
        "qualifier",
        "'roughly'",
        "unknown_qualifier",
    )
    add(
        "money_figures",
        _money("a1", "sent", value=None),
        "expect_column_values_to_not_be_null",
        "value",
        "value=NULL",
        "null_value",
    )

    # military_figures
    add(
        "military_figures",
        _military("a3", "alliance", category="parade"),
        in_set,
        "category",
        "'parade'",
        "unknown_category",
    )
    add(
        "military_figures",
        _military("a3", "ruled", unit="Tank"),
        "expect_column_values_to_match_regex",
        "unit",
        "'Tank'",
        "unit_not_lower_case",
    )

    # entity_mentions
    add(
        "entity_mentions",
        _mention("a3", "alliance", label="THING"),
        in_set,
        "label",
        "'THING'",
        "unknown_label",
    )
    dangling = {**_mention("a3", "ground"), "article_id": article_key("handmade", "nope")}
    add(
        "entity_mentions",
        dangling,
        in_set,
        "_article_in_batch",
        "is not in the batch",
        "dangling_article_id",
    )
    dup = dict(rows["entity_mentions"][0])
    add(
        "entity_mentions",
        dup,
        "expect_compound_columns_to_be_unique",
        "article_id,start_char,end_char",
        f"start_char={dup['start_char']}",
        "duplicate_key",
    )

    # a repeated key whose FIRST copy is bad: the valid later copy is the one kept
    bad_first = _mention("a3", "near", label="THING")
    add("entity_mentions", bad_first, in_set, "label", "'THING'", "duplicate_bad_first_copy")
    rows["entity_mentions"].append(_mention("a3", "near", label="ORG"))

    # entities
    add(
        "entities",
        {
            "entity_id": "GPE:Ruritania",
            "name": "Ruritania",
            "label": "GPE",
            "iso3": "ZZZ",
            "load_id": TAIL["load_id"],
        },
        "expect_column_values_to_be_unique",
        "entity_id",
        "GPE:Ruritania",
        "duplicate_entity",
    )
    add(
        "entities",
        {
            "entity_id": "GPE:Nowhere",
            "name": "Nowhere",
            "label": "GPE",
            "iso3": "ZZZ",
            "load_id": TAIL["load_id"],
        },
        in_set,
        "iso3",
        "'ZZZ'",
        "unknown_iso3",
    )

    # military_mentions
    mm = {
        **span_of("a3", "alliance"),
        "kind": "air_power",
        "actor_entity_id": None,
        "actor_name": None,
        "actor_iso3": None,
        "sentence_start": 0,
        "sentence_end": 5,
        **TAIL,
    }
    add(
        "military_mentions",
        mm,
        pair,
        "sentence_end,end_char",
        "sentence_end=5",
        "span_outside_sentence",
    )

    return to_tables(rows), cases


def cascaded_keys() -> set[tuple[str, str]]:
    """(table, row_key) of the valid rows that must follow article a4 into quarantine."""
    return {
        ("military_figures", _key("military_figures", _military("a4", "40 tanks"))),
        ("entity_mentions", _key("entity_mentions", _mention("a4", "Ruritania"))),
    }
