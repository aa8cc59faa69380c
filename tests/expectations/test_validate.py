"""validate_batch with real GX on small hand-made batches."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pytest

from expectations.validate import (
    REASON_ARTICLE,
    REASON_FAILED,
    BatchValidationError,
    ValidationOutcome,
    validate_batch,
)
from tests.expectations.batch import LOAD_ID, NOW, article_id, batch_rows, to_tables
from tests.expectations.dirty import Case, cascaded_keys, dirty_batch
from warehouse.schema import QUARANTINE

_, CASES = dirty_batch()


def _quarantined(outcome: ValidationOutcome) -> dict[tuple[str, str], dict[str, object]]:
    return {(r["table_name"], r["row_key"]): r for r in outcome.quarantine.to_pylist()}


def test_clean_batch_passes_untouched(clean_outcome: ValidationOutcome) -> None:
    clean = to_tables(batch_rows())
    assert clean_outcome.quarantine.num_rows == 0
    assert [r for r in clean_outcome.results if not r.success] == []
    assert set(clean_outcome.tables) == set(clean)
    for name, table in clean.items():
        assert clean_outcome.tables[name].equals(table), name


def test_every_expectation_is_reported(clean_outcome: ValidationOutcome) -> None:
    from expectations.suites import build_suite

    for name in to_tables(batch_rows()):
        reported = [r for r in clean_outcome.results if r.table == name]
        assert len(reported) == len(build_suite(name).expectations), name


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_catches_violation(dirty_outcome: ValidationOutcome, case: Case) -> None:
    row = _quarantined(dirty_outcome).get((case.table, case.row_key))
    assert row is not None, f"{case.id}: row {case.row_key} of {case.table} not quarantined"
    assert row["reason"] == REASON_FAILED
    assert row["stage"] == "validate"
    assert row["load_id"] == LOAD_ID
    detail = str(row["detail"])
    assert f"{case.expectation}({case.column})" in detail, detail
    assert case.value in detail, detail
    failed = [
        r
        for r in dirty_outcome.results
        if r.table == case.table and r.expectation == case.expectation and r.column == case.column
    ]
    assert failed and not failed[0].success and failed[0].unexpected_count >= 1
    assert any(case.value in ex for ex in failed[0].unexpected_examples)


def test_only_bad_rows_and_their_dependents_are_quarantined(
    dirty_outcome: ValidationOutcome,
) -> None:
    expected = {(c.table, c.row_key) for c in CASES} | cascaded_keys()
    assert set(_quarantined(dirty_outcome)) == expected
    # Every good row of the clean batch still passes.
    for name, table in to_tables(batch_rows()).items():
        kept = dirty_outcome.tables[name]
        assert kept.num_rows >= table.num_rows
        assert kept.slice(0, table.num_rows).equals(table), name


def test_invalid_article_takes_its_derived_rows(dirty_outcome: ValidationOutcome) -> None:
    bad = article_id("a4")
    quarantined = _quarantined(dirty_outcome)
    for key in cascaded_keys():
        row = quarantined[key]
        assert row["reason"] == REASON_ARTICLE
        assert row["article_id"] == bad
        assert (row["source"], row["source_id"]) == ("handmade", "a4")
        assert "published_at" in str(row["detail"])
    for name, table in dirty_outcome.tables.items():
        if "article_id" in table.column_names:
            assert bad not in table.column("article_id").to_pylist(), name


def test_duplicate_key_keeps_first_copy(dirty_outcome: ValidationOutcome) -> None:
    first = batch_rows()["entity_mentions"][0]
    kept = dirty_outcome.tables["entity_mentions"].to_pylist()
    copies = [
        r
        for r in kept
        if (r["article_id"], r["start_char"], r["end_char"])
        == (first["article_id"], first["start_char"], first["end_char"])
    ]
    assert len(copies) == 1
    # The duplicated article keeps its first row and all of its derived rows.
    assert article_id("a1") in dirty_outcome.tables["articles"].column("article_id").to_pylist()


def test_quarantine_rows_follow_the_schema(dirty_outcome: ValidationOutcome) -> None:
    q = dirty_outcome.quarantine
    assert q.schema.equals(QUARANTINE.schema)
    q.validate(full=True)
    keys = [tuple(r[c] for c in QUARANTINE.key) for r in q.to_pylist()]
    assert len(keys) == len(set(keys))
    assert all(v is not None for r in q.to_pylist() for v in (r["source"], r["source_id"]))
    assert set(q.column("quarantined_at").to_pylist()) == {NOW}


def test_passing_tables_keep_given_schemas(dirty_outcome: ValidationOutcome) -> None:
    given, _ = dirty_batch()
    for name, table in given.items():
        assert dirty_outcome.tables[name].schema.equals(table.schema), name


def _tables_without(table: str, column: str) -> dict[str, pa.Table]:
    tables = to_tables(batch_rows())
    tables[table] = tables[table].drop_columns([column])
    return tables


def test_missing_contract_column_fails_the_batch() -> None:
    with pytest.raises(BatchValidationError) as err:
        validate_batch(_tables_without("money_figures", "currency"), load_id=LOAD_ID, now=NOW)
    assert err.value.table == "money_figures"
    assert err.value.load_id == LOAD_ID
    assert err.value.retryable is False
    assert "contract column 'currency'" in err.value.one_line()
    assert "\n" not in err.value.one_line()


def test_wrong_type_fails_the_batch() -> None:
    tables = to_tables(batch_rows())
    money = tables["money_figures"]
    i = money.schema.get_field_index("value")
    tables["money_figures"] = money.set_column(i, "value", money.column("value").cast(pa.string()))
    with pytest.raises(BatchValidationError, match="'value' has type string"):
        validate_batch(tables, load_id=LOAD_ID, now=NOW)


def test_unknown_table_fails_the_batch() -> None:
    tables = to_tables(batch_rows())
    tables["moneyfigures"] = tables.pop("money_figures")
    with pytest.raises(BatchValidationError, match="no suite"):
        validate_batch(tables, load_id=LOAD_ID, now=NOW)


def test_naive_now_is_rejected() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        validate_batch({}, load_id=LOAD_ID, now=datetime(2025, 1, 1))


def test_data_docs_index_lists_every_run(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    small = {"articles": to_tables(batch_rows())["articles"]}
    first = validate_batch(small, load_id="load-docs-1", docs_dir=docs, now=NOW)
    later = datetime(2025, 3, 11, tzinfo=UTC)
    second = validate_batch(small, load_id="load-docs-2", docs_dir=docs, now=later)
    assert first.docs_index == second.docs_index == docs / "index.html"
    assert second.docs_index is not None and second.docs_index.is_file()
    index = second.docs_index.read_text(encoding="utf-8")
    assert "load-docs-1" in index and "load-docs-2" in index
    assert list((docs / "validations" / "articles").glob("load-docs-*/*/*.html"))


def test_reference_articles_serve_span_checks() -> None:
    # A reprocess run re-extracts articles already in the warehouse: their derived
    # rows are checked against the stored text without re-validating the articles.
    tables = to_tables(batch_rows())
    mentions = {"entity_mentions": tables["entity_mentions"]}
    alone = validate_batch(mentions, load_id=LOAD_ID, now=NOW)
    assert alone.quarantine.num_rows == tables["entity_mentions"].num_rows
    assert set(alone.quarantine.column("detail").to_pylist()) == {
        f"expect_column_values_to_be_in_set(_article_in_batch): article_id={aid!r} "
        "is not in the batch's articles"
        for aid in tables["entity_mentions"].column("article_id").to_pylist()
    }
    with_ref = validate_batch(
        mentions, load_id=LOAD_ID, now=NOW, reference_articles=tables["articles"]
    )
    assert with_ref.quarantine.num_rows == 0
    assert set(with_ref.tables) == {"entity_mentions"}


def test_empty_table_passes() -> None:
    empty = to_tables({"money_figures": []})
    outcome = validate_batch(empty, load_id=LOAD_ID, now=NOW)
    assert outcome.quarantine.num_rows == 0
    assert outcome.tables["money_figures"].num_rows == 0
    assert all(r.success for r in outcome.results)


def test_regex_rows_over_real_articles_pass(corpus_dir: Path) -> None:
    # Real BBC text (long, non-ASCII, one cp1252 file) through the span checks:
    # valid rows over real articles must not be flagged.
    from expectations.benchmark import realistic_batch
    from expectations.benchmark import to_tables as bench_tables

    rows = realistic_batch(corpus_dir, load_id=LOAD_ID, now=NOW, limit=150)
    tables = bench_tables(rows)
    assert tables["entity_mentions"].num_rows > 2000
    outcome = validate_batch(tables, load_id=LOAD_ID, now=NOW)
    assert outcome.quarantine.num_rows == 0, outcome.quarantine.slice(0, 3).to_pylist()


def test_duplicate_key_keeps_the_valid_copy(dirty_outcome: ValidationOutcome) -> None:
    # The first copy of this key breaks a rule; the later, valid copy loads.
    near = [
        r
        for r in dirty_outcome.tables["entity_mentions"].to_pylist()
        if r["article_id"] == article_id("a3") and r["text"] == "near"
    ]
    assert [r["label"] for r in near] == ["ORG"]
