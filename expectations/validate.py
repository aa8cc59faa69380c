"""Validate one load's batch of Arrow tables with Great Expectations, before load.

``validate_batch`` runs each table's suite (``expectations.suites``) ONCE over
the whole batch in memory (GX 1.x cannot validate DuckDB reliably, and a bad row
must be stopped before it reaches Parquet). Row-level failures do not raise:
the failing rows go to the quarantine table, with the expectation, column and
offending value in ``detail``; every other row passes. If an article fails, all
rows derived from it (same ``article_id``) are quarantined too, so the
warehouse never holds figures that point at a missing article. Only a broken
batch (unknown table, missing column, wrong type, GX error) raises
``BatchValidationError``.

Failing rows are found from GX's own ``unexpected_index_list`` (result format
COMPLETE with a synthetic ``_row`` column), not by re-checking rows in Python.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import great_expectations as gx
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from great_expectations.core.expectation_validation_result import (
    ExpectationValidationResult,
)
from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context.types.base import (
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)
from great_expectations.data_context.types.resource_identifiers import (
    ExpectationSuiteIdentifier,
)

from expectations.offline_docs import localize_site
from expectations.suites import (
    PARAM_TIME_MAX,
    PARAM_TIME_MIN,
    SUITE_TABLES,
    build_suite,
    helper_columns,
)
from transforms.errors import ValidationError
from warehouse.schema import CONTRACT_COLUMNS, QUARANTINE, TABLES

ROW_COLUMN = "_row"
REASON_FAILED = "expectation_failed"
REASON_ARTICLE = "article_quarantined"
STAGE = "validate"
# source/source_id of a quarantined row whose article is not in the batch, and of
# entities (shared across articles, so they have no single source).
NO_SOURCE = "(none)"
CLOCK_SKEW = timedelta(days=1)
EARLIEST_PUBLISHED = datetime(1800, 1, 1, tzinfo=UTC)
DOCS_SITE = "newsledger"
_EXAMPLES = 5
_VALUE_CHARS = 80
_DETAIL_CHARS = 2000
_UNIQUE_TYPES = ("expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique")


@dataclass
class ExpectationResult:
    """One expectation's outcome on one table: validation results as data."""

    table: str
    expectation: str
    column: str | None
    success: bool
    unexpected_count: int
    unexpected_examples: list[str] = field(default_factory=list)


@dataclass
class ValidationOutcome:
    tables: dict[str, pa.Table]  # the rows that passed, same schemas as given
    quarantine: pa.Table  # warehouse.schema.QUARANTINE rows, one per failing row
    results: list[ExpectationResult]  # every expectation of every validated table
    docs_index: Path | None  # Data Docs index.html, when docs_dir was given

    @property
    def failed_results(self) -> list[ExpectationResult]:
        return [r for r in self.results if not r.success]


class BatchValidationError(ValidationError):
    """The batch as a whole cannot be validated (not a bad row: that is quarantined)."""

    retryable = False

    def __init__(self, table: str, load_id: str, why: str) -> None:
        self.table = table
        self.load_id = load_id
        self.why = why
        super().__init__("V001", retryable=False, table=table, load_id=load_id, why=why)


@dataclass(frozen=True)
class _Article:
    text: str | None
    char_count: int | None
    source: str | None
    source_id: str | None


@dataclass
class _RowFailures:
    """Per table: failing row -> detail parts, in the order found."""

    rows: dict[int, list[str]] = field(default_factory=dict)

    def add(self, row: int, detail: str) -> None:
        self.rows.setdefault(row, []).append(detail)


# --- structure ---------------------------------------------------------------


def _is_stringy(t: pa.DataType) -> bool:
    return pa.types.is_string(t) or pa.types.is_large_string(t)


def _type_ok(actual: pa.DataType, expected: pa.DataType, nullable: bool) -> bool:
    if actual == expected:
        return True
    if _is_stringy(actual) and _is_stringy(expected):
        return True
    if pa.types.is_null(actual):
        return nullable
    if pa.types.is_timestamp(actual) and pa.types.is_timestamp(expected):
        # Any unit, but naive timestamps would compare wrongly with UTC bounds.
        return actual.tz in ("UTC", "+00:00", "Etc/UTC")
    return False


def _check_structure(name: str, table: pa.Table, load_id: str) -> None:
    if name not in SUITE_TABLES:
        raise BatchValidationError(name, load_id, f"no suite for this table; have {SUITE_TABLES}")
    contract = set(CONTRACT_COLUMNS.get(name, ()))
    for f in TABLES[name].schema:
        if f.name not in table.column_names:
            what = "contract column" if f.name in contract else "column"
            raise BatchValidationError(name, load_id, f"missing {what} {f.name!r}")
        actual = table.schema.field(f.name).type
        if not _type_ok(actual, f.type, f.nullable):
            raise BatchValidationError(
                name, load_id, f"column {f.name!r} has type {actual}, expected {f.type}"
            )
    reserved = [c for c in table.column_names if c.startswith("_")]
    if reserved:
        raise BatchValidationError(
            name, load_id, f"columns {reserved} use the '_' prefix reserved for helper columns"
        )


# --- helper columns ----------------------------------------------------------


def _article_lookup(tables: Iterable[pa.Table]) -> dict[str, _Article]:
    """article_id -> what the span checks and quarantine rows need; first row wins
    (a later duplicate article row is quarantined as a duplicate key)."""
    lookup: dict[str, _Article] = {}
    for t in tables:
        cols = [t.column(c).to_pylist() for c in ("article_id", "text", "char_count")]
        src = [t.column(c).to_pylist() for c in ("source", "source_id")]
        for aid, text, n, source, source_id in zip(*cols, *src, strict=True):
            if aid is not None and aid not in lookup:
                lookup[aid] = _Article(text, n, source, source_id)
    return lookup


def _helper_arrays(name: str, table: pa.Table, lookup: dict[str, _Article]) -> dict[str, pa.Array]:
    """Boolean helper columns for ``table`` (True = ok, NULL = not applicable)."""
    out: dict[str, pa.Array] = {}
    wanted = {h.name for h in helper_columns(name)}
    if "_char_count_matches" in wanted:
        out["_char_count_matches"] = pc.equal(
            pc.utf8_length(table.column("text")), table.column("char_count")
        ).combine_chunks()
    if "_article_in_batch" in wanted:
        ids = table.column("article_id").to_pylist()
        starts = table.column("start_char").to_pylist()
        ends = table.column("end_char").to_pylist()
        texts = table.column("text").to_pylist()
        in_batch: list[bool | None] = []
        offsets_ok: list[bool | None] = []
        text_ok: list[bool | None] = []
        # pyarrow has no per-row slice kernel, so the span comparison is one pass
        # in Python; each row costs a dict lookup and a slice (~60k rows: <0.1 s).
        for aid, s, e, t in zip(ids, starts, ends, texts, strict=True):
            art = lookup.get(aid) if aid is not None else None
            in_batch.append(None if aid is None else art is not None)
            if art is None or s is None or e is None or art.char_count is None:
                offsets_ok.append(None)
                text_ok.append(None)
                continue
            ok = 0 <= s < e <= art.char_count
            offsets_ok.append(ok)
            if ok and art.text is not None and t is not None:
                text_ok.append(art.text[s:e] == t)
            else:
                text_ok.append(None)
        out["_article_in_batch"] = pa.array(in_batch, pa.bool_())
        out["_offsets_in_text"] = pa.array(offsets_ok, pa.bool_())
        out["_span_text_matches"] = pa.array(text_ok, pa.bool_())
    for helper in wanted:
        if helper.startswith("_finite_"):
            out[helper] = pc.is_finite(table.column(helper.removeprefix("_finite_")))
            out[helper] = out[helper].combine_chunks()
    return out


def _frame(name: str, table: pa.Table, lookup: dict[str, _Article]) -> pd.DataFrame:
    frame = table.to_pandas()
    frame[ROW_COLUMN] = np.arange(table.num_rows, dtype=np.int64)
    for col, arr in _helper_arrays(name, table, lookup).items():
        frame[col] = arr.to_pandas()
    return frame


# --- offending values --------------------------------------------------------


def _short(value: Any) -> str:
    """A short, readable rendering of an offending value for the quarantine detail."""
    if value is None or value is pd.NaT:
        return "NULL"
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, datetime):  # pandas Timestamps too: ISO, not a constructor call
        return value.isoformat()
    text = repr(value.item() if isinstance(value, np.generic) else value)
    return text if len(text) <= _VALUE_CHARS else text[: _VALUE_CHARS - 3] + "..."


def _cell(table: pa.Table, col: str, row: int) -> Any:
    return table.column(col)[row].as_py()


def _explain_helper(helper: str, table: pa.Table, row: int, lookup: dict[str, _Article]) -> str:
    """The offending values behind a False helper column, read from the row itself."""
    if helper == "_char_count_matches":
        text = _cell(table, "text", row) or ""
        return f"char_count={_cell(table, 'char_count', row)} but len(text)={len(text)}"
    if helper.startswith("_finite_"):
        col = helper.removeprefix("_finite_")
        return f"{col}={_short(_cell(table, col, row))}"
    aid = _cell(table, "article_id", row)
    s, e = _cell(table, "start_char", row), _cell(table, "end_char", row)
    if helper == "_article_in_batch":
        return f"article_id={aid!r} is not in the batch's articles"
    art = lookup[aid]
    if helper == "_offsets_in_text":
        return f"start_char={s}, end_char={e}, article char_count={art.char_count}"
    actual = (art.text or "")[s:e]
    return f"text={_short(_cell(table, 'text', row))} but articles.text[{s}:{e}]={_short(actual)}"


def _column_of(kwargs: dict[str, Any]) -> str | None:
    if "column" in kwargs:
        return str(kwargs["column"])
    if "column_list" in kwargs:
        return ",".join(kwargs["column_list"])
    if "column_A" in kwargs:
        return f"{kwargs['column_A']},{kwargs['column_B']}"
    return None


def _raised(info: Any) -> str | None:
    """GX's exception message, if the expectation raised (info may be nested by metric)."""
    if not isinstance(info, dict):
        return None
    if info.get("raised_exception"):
        return str(info.get("exception_message") or "unknown GX error")
    for value in info.values():
        message = _raised(value)
        if message:
            return message
    return None


def _duplicates_to_drop(table: pa.Table, columns: Sequence[str], failed: set[int]) -> set[int]:
    """Rows to quarantine for a repeated key: all copies but one, so a record read
    twice still loads once. The copy kept is the first that breaks no other rule."""
    keys = table.select(list(columns)).to_pandas()
    keys["_failed"] = np.isin(np.arange(table.num_rows), list(failed))
    # Stable sort: passing copies first, batch order within each group.
    ordered = keys.sort_values("_failed", kind="stable")
    dup = ordered.duplicated(subset=list(columns), keep="first")
    return set(ordered.index[dup.to_numpy()].tolist())


# --- one table ---------------------------------------------------------------


def _row_key(table: pa.Table, key: Sequence[str], row: int) -> str:
    return ":".join("" if (v := _cell(table, k, row)) is None else str(v) for k in key)


def _table_failures(
    name: str,
    table: pa.Table,
    gx_results: Sequence[ExpectationValidationResult],
    lookup: dict[str, _Article],
    load_id: str,
) -> tuple[_RowFailures, list[ExpectationResult]]:
    failures = _RowFailures()
    results: list[ExpectationResult] = []
    key = TABLES[name].key
    helpers = {h.name for h in helper_columns(name)}
    # Uniqueness failures are applied last: which copy of a key to keep depends on
    # the other rules' failures.
    deferred: list[tuple[list[str], dict[int, str]]] = []
    for res in gx_results:
        cfg = res.expectation_config
        assert cfg is not None  # GX always echoes the configuration
        kwargs = dict(cfg.kwargs)
        column = _column_of(kwargs)
        error = _raised(res.exception_info)
        if error:
            raise BatchValidationError(name, load_id, f"GX failed on {cfg.type}({column}): {error}")
        unexpected = res.result.get("unexpected_index_list") or []
        unique_rows: dict[int, str] = {}
        if cfg.type in _UNIQUE_TYPES and unexpected:
            deferred.append((list(kwargs.get("column_list") or [kwargs["column"]]), unique_rows))
        examples: list[str] = []
        for item in unexpected:
            row = int(item[ROW_COLUMN])
            if column in helpers:
                value = _explain_helper(str(column), table, row, lookup)
            elif cfg.type == "expect_column_values_to_not_be_null":
                # pandas shows NULL floats as NaN; Arrow knows which it was.
                value = f"{column}={_short(_cell(table, str(column), row))}"
            else:
                parts = {k: v for k, v in item.items() if k != ROW_COLUMN}
                value = ", ".join(f"{k}={_short(v)}" for k, v in parts.items())
            if cfg.type in _UNIQUE_TYPES:
                unique_rows[row] = f"{cfg.type}({column}): {value}"
            else:
                failures.add(row, f"{cfg.type}({column}): {value}")
            if len(examples) < _EXAMPLES:
                examples.append(f"{_row_key(table, key, row)}: {value}")
        results.append(
            ExpectationResult(
                table=name,
                expectation=cfg.type,
                column=column,
                success=bool(res.success),
                unexpected_count=int(res.result.get("unexpected_count") or len(unexpected)),
                unexpected_examples=examples,
            )
        )
    for columns, unique_rows in deferred:
        for row in sorted(_duplicates_to_drop(table, columns, set(failures.rows))):
            failures.add(row, unique_rows.get(row, f"duplicate key {columns}"))
    return failures, results


# --- GX context and docs -----------------------------------------------------


def _context(docs_dir: Path | None) -> Any:
    """An ephemeral GX context; with ``docs_dir``, results are kept as JSON under
    ``docs_dir/_results`` so the Data Docs index lists every run, not just this one."""
    defaults = InMemoryStoreBackendDefaults(init_temp_docs_sites=False)
    config = DataContextConfig(
        store_backend_defaults=defaults,
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
    )
    if docs_dir is not None:
        config.stores[defaults.validation_results_store_name]["store_backend"] = {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": str(docs_dir / "_results"),
        }
        config.data_docs_sites = {
            DOCS_SITE: {
                "class_name": "SiteBuilder",
                "show_how_to_buttons": False,
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(docs_dir),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            }
        }
    return gx.get_context(project_config=config, mode="ephemeral")


# --- the batch ---------------------------------------------------------------


def _quarantine_row(
    *,
    name: str,
    table: pa.Table,
    row: int,
    reason: str,
    detail: str,
    lookup: dict[str, _Article],
    load_id: str,
    now: datetime,
) -> dict[str, Any]:
    row_key = _row_key(table, TABLES[name].key, row)
    article_id = _cell(table, "article_id", row) if "article_id" in table.column_names else None
    if name == "articles":
        source, source_id = _cell(table, "source", row), _cell(table, "source_id", row)
    elif article_id is not None and article_id in lookup:
        art = lookup[article_id]
        source, source_id = art.source, art.source_id
    else:
        source, source_id = NO_SOURCE, row_key
    if len(detail) > _DETAIL_CHARS:
        detail = detail[: _DETAIL_CHARS - 3] + "..."
    return {
        "source_id": source_id if source_id is not None else row_key,
        "source": source if source is not None else NO_SOURCE,
        "reason": reason,
        "load_id": load_id,
        "detail": detail,
        "stage": STAGE,
        "table_name": name,
        "row_key": row_key,
        "article_id": article_id,
        "quarantined_at": now,
    }


def _merge_quarantine(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One quarantine row per quarantine key: repeated copies of a key are counted."""
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    counts: dict[tuple[Any, ...], int] = {}
    for r in rows:
        k = tuple(r[c] for c in QUARANTINE.key)
        if k in merged:
            counts[k] += 1
        else:
            merged[k], counts[k] = r, 1
    for k, r in merged.items():
        if counts[k] > 1:
            r["detail"] = f"{r['detail']} [{counts[k]} rows with this key]"
    return list(merged.values())


def _run_suites(
    tables: dict[str, pa.Table],
    ctx: Any,
    *,
    lookup: dict[str, _Article],
    load_id: str,
    run_id: RunIdentifier,
    now: datetime,
) -> tuple[dict[str, _RowFailures], list[ExpectationResult]]:
    """One GX validation run per table present; failing rows and results per table."""
    source = ctx.data_sources.add_pandas("batch")
    params = {
        PARAM_TIME_MIN: EARLIEST_PUBLISHED.isoformat(),
        PARAM_TIME_MAX: (now + CLOCK_SKEW).isoformat(),
    }
    result_format = {"result_format": "COMPLETE", "unexpected_index_column_names": [ROW_COLUMN]}
    failures: dict[str, _RowFailures] = {}
    results: list[ExpectationResult] = []
    for name in (n for n in SUITE_TABLES if n in tables):
        table = tables[name]
        frame = _frame(name, table, lookup)
        asset = source.add_dataframe_asset(name)
        definition = ctx.validation_definitions.add(
            gx.ValidationDefinition(
                name=f"{name}-{load_id}",
                data=asset.add_batch_definition_whole_dataframe("batch"),
                suite=ctx.suites.add(build_suite(name)),
            )
        )
        try:
            run = definition.run(
                batch_parameters={"dataframe": frame},
                expectation_parameters=params,
                result_format=result_format,
                run_id=run_id,
            )
        except Exception as exc:  # GX raises many types; all mean "cannot validate"
            why = f"GX error: {type(exc).__name__}: {exc}".replace("\n", " ")
            raise BatchValidationError(name, load_id, why) from exc
        failures[name], table_results = _table_failures(name, table, run.results, lookup, load_id)
        results += table_results
    return failures, results


def _dropped_articles(articles: pa.Table, failures: _RowFailures) -> dict[str, str]:
    """article_id -> first failure, for articles of which no copy passes (a later
    duplicate copy failing does not take the kept first copy's figures with it)."""
    ids = articles.column("article_id").to_pylist()
    passing = {aid for i, aid in enumerate(ids) if i not in failures.rows}
    dropped: dict[str, str] = {}
    for row, parts in failures.rows.items():
        aid = ids[row]
        if aid is not None and aid not in passing:
            dropped.setdefault(aid, parts[0])
    return dropped


def _split_table(
    name: str,
    table: pa.Table,
    failures: _RowFailures,
    dropped: dict[str, str],
    *,
    lookup: dict[str, _Article],
    load_id: str,
    now: datetime,
) -> tuple[pa.Table, list[dict[str, Any]]]:
    """The passing rows of ``table`` and quarantine rows for the others."""
    mask = np.ones(table.num_rows, dtype=bool)
    out: list[dict[str, Any]] = []
    common = {"name": name, "table": table, "lookup": lookup, "load_id": load_id, "now": now}
    for row, parts in failures.rows.items():
        mask[row] = False
        out.append(
            _quarantine_row(row=row, reason=REASON_FAILED, detail="; ".join(parts), **common)
        )
    if dropped and name != "articles" and "article_id" in table.column_names:
        cascade = pc.is_in(table.column("article_id"), value_set=pa.array(list(dropped)))
        for row in np.flatnonzero(cascade.to_numpy(zero_copy_only=False)).tolist():
            if not mask[row]:
                continue  # already quarantined for its own failure
            mask[row] = False
            aid = _cell(table, "article_id", row)
            detail = f"article {aid} failed validation: {dropped[aid]}"
            out.append(_quarantine_row(row=row, reason=REASON_ARTICLE, detail=detail, **common))
    passed = table if mask.all() else table.filter(pa.array(mask))
    return passed, out


def validate_batch(
    tables: dict[str, pa.Table],
    *,
    load_id: str,
    docs_dir: Path | None = None,
    now: datetime | None = None,
    reference_articles: pa.Table | None = None,
) -> ValidationOutcome:
    """Validate one load's new rows; return passing rows, quarantine and all results.

    ``reference_articles`` (optional, ARTICLES schema) are articles already in the
    warehouse: derived rows may point at them (e.g. a reprocess run that re-extracts
    unchanged articles); they are used for span checks but not validated or returned.
    """
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    for name, table in tables.items():
        _check_structure(name, table, load_id)
    if reference_articles is not None:
        _check_structure("articles", reference_articles, load_id)

    lookup = _article_lookup(
        [t for t in (tables.get("articles"), reference_articles) if t is not None]
    )
    ctx = _context(docs_dir)
    run_id = RunIdentifier(run_name=load_id, run_time=now)
    failures, results = _run_suites(
        tables, ctx, lookup=lookup, load_id=load_id, run_id=run_id, now=now
    )
    dropped = (
        _dropped_articles(tables["articles"], failures["articles"]) if "articles" in tables else {}
    )

    passed: dict[str, pa.Table] = {}
    quarantine_rows: list[dict[str, Any]] = []
    validated = [n for n in SUITE_TABLES if n in tables]
    for name in validated:
        passed[name], rows = _split_table(
            name, tables[name], failures[name], dropped, lookup=lookup, load_id=load_id, now=now
        )
        quarantine_rows += rows
    quarantine = pa.Table.from_pylist(_merge_quarantine(quarantine_rows), schema=QUARANTINE.schema)
    docs_index = (
        _build_docs(ctx, docs_dir, load_id, run_id, validated) if docs_dir is not None else None
    )
    return ValidationOutcome(
        tables=passed, quarantine=quarantine, results=results, docs_index=docs_index
    )


def _build_docs(
    ctx: Any, docs_dir: Path, load_id: str, run_id: RunIdentifier, suites: list[str]
) -> Path:
    """Render this run's pages and the index (which lists every stored run); earlier
    runs' pages are already on disk, so they are not rendered again."""
    store = ctx.validation_results_store
    resources: list[Any] = [
        key
        for key in store.list_keys()
        if key.run_id.run_name == run_id.run_name and key.run_id.run_time == run_id.run_time
    ]
    resources += [ExpectationSuiteIdentifier(name=name) for name in suites]
    try:
        ctx.build_data_docs(site_names=[DOCS_SITE], resource_identifiers=resources)
    except Exception as exc:  # a docs failure must name the load, not crash obscurely
        raise BatchValidationError("(data docs)", load_id, f"GX Data Docs: {exc}") from exc
    index = docs_dir / "index.html"
    if not index.exists():
        raise BatchValidationError("(data docs)", load_id, f"GX did not write {index}")
    localize_site(docs_dir)  # readable offline: no CDN links left
    return index
