"""Great Expectations suites for the warehouse tables, derived from ``warehouse.schema``.

Each suite is built in code from the one schema (not-null from field nullability,
uniqueness from ``TableSpec.key``, value sets from the schema's constants, span
checks from ``has_span``) plus the hand-written rules below. The same suites are
exported as JSON to ``expectations/suites/<table>.json`` so that a change to a
rule shows up in review; ``tests/expectations/test_suites.py`` fails when the JSON
is out of date. Regenerate with::

    python -m expectations.suites            # writes expectations/suites/*.json

Rules that need more than one column of one row (offsets within the article
text, span text equal to ``articles.text[start:end]``, finiteness of floats)
are checked by GX on boolean helper columns (names start with ``_``) that
``expectations.validate`` computes before validating; ``HELPER_COLUMNS`` lists
them with their meaning so the suites and the validator cannot drift apart.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

# GX reads this at import time; the pipeline must never phone home.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import great_expectations as gx
import great_expectations.expectations as gxe
import pyarrow as pa
import pycountry

from warehouse.schema import (
    CONTRACT_COLUMNS,
    DERIVED_TABLES,
    ENTITY_LABELS,
    MILITARY_CATEGORIES,
    QUALIFIERS,
    SCOPES,
    TABLES,
    TableSpec,
)

# Tables validated before load, in the order they are validated and reported.
SUITE_TABLES: tuple[str, ...] = ("articles", "entities", *DERIVED_TABLES)

SUITES_DIR = Path(__file__).resolve().parent / "suites"
_CODES_FILE = Path(__file__).resolve().parent / "data" / "codes.json"

# Names of the run-time suite parameters ($PARAMETER in the JSON suites): the
# suites stay static files while "now" changes on every run.
PARAM_TIME_MIN = "timestamp_min"
PARAM_TIME_MAX = "timestamp_max"

# Meta tag on every expectation: where the rule comes from (shown in docs/validation.md).
_SCHEMA = "schema"
_RULE = "rule"


@dataclass(frozen=True)
class HelperColumn:
    """A boolean column computed before validation; GX expects it to be True.

    NULL means "not applicable" (e.g. the article is unknown, so the span
    cannot be checked) and is ignored by GX, so each failing row names the
    first real cause only.
    """

    name: str
    why: str


@cache
def _codes() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_CODES_FILE.read_text(encoding="utf-8"))
    return data


@cache
def currency_codes() -> tuple[str, ...]:
    """ISO 4217 alphabetic codes (pycountry) plus any extras in data/codes.json."""
    codes = {c.alpha_3 for c in pycountry.currencies} | set(_codes()["extra_currencies"])
    return tuple(sorted(codes))


@cache
def country_codes() -> tuple[str, ...]:
    """ISO 3166-1 alpha-3 codes (pycountry) plus user-assigned codes the linker emits."""
    codes = {c.alpha_3 for c in pycountry.countries} | set(_codes()["extra_alpha3"])
    return tuple(sorted(codes))


def value_sets() -> dict[str, tuple[tuple[str, ...], str]]:
    """Allowed values by column name (with where they come from), applied to every
    table that has the column."""
    countries = country_codes()
    iso3166 = "ISO 3166-1 alpha-3 (pycountry) + data/codes.json extra_alpha3"
    return {
        "label": (ENTITY_LABELS, "warehouse.schema.ENTITY_LABELS"),
        "qualifier": (QUALIFIERS, "warehouse.schema.QUALIFIERS; NULL = no qualifier"),
        "category": (MILITARY_CATEGORIES, "warehouse.schema.MILITARY_CATEGORIES"),
        "currency": (
            currency_codes(),
            "ISO 4217 (pycountry) + data/codes.json extra_currencies (withdrawn codes); "
            "NULL = currency not stated",
        ),
        "iso3": (countries, iso3166),
        "country_iso3": (countries, iso3166),
        "actor_iso3": (countries, iso3166),
        "counterpart_iso3": (countries, iso3166),
        "scope": (SCOPES, "warehouse.schema.SCOPES; NULL = scope unclear"),
        "format": (tuple(_codes()["article_formats"]), "data/codes.json article_formats"),
    }


def _float_columns(spec: TableSpec) -> list[str]:
    return [f.name for f in spec.schema if pa.types.is_floating(f.type)]


def helper_columns(table_name: str) -> list[HelperColumn]:
    """The helper columns ``expectations.validate`` must add to a table's batch."""
    spec = TABLES[table_name]
    helpers: list[HelperColumn] = []
    if table_name == "articles":
        helpers.append(HelperColumn("_char_count_matches", "char_count equals the length of text"))
    if spec.has_span:
        helpers += [
            HelperColumn(
                "_article_in_batch",
                "article_id names an article of the batch (no dangling rows)",
            ),
            HelperColumn(
                "_offsets_in_text",
                "0 <= start_char < end_char <= articles.char_count",
            ),
            HelperColumn(
                "_span_text_matches",
                "text == articles.text[start_char:end_char]",
            ),
        ]
    for col in _float_columns(spec):
        helpers.append(
            HelperColumn(f"_finite_{col}", f"{col} is a finite number (not NaN or ±inf)")
        )
    return helpers


def _why(expectation: gxe.Expectation, why: str, origin: str) -> gxe.Expectation:
    expectation.notes = why
    expectation.meta = {"origin": origin}
    return expectation


def _schema_expectations(spec: TableSpec) -> list[gxe.Expectation]:
    """Rules read off the schema: nullability, key, value sets, helper columns."""
    out: list[gxe.Expectation] = []
    contract = set(CONTRACT_COLUMNS.get(spec.name, ()))
    for field in spec.schema:
        if not field.nullable:
            why = "declared NOT NULL in warehouse/schema.py"
            if field.name in contract:
                why += " (analyst contract column)"
            out.append(_why(gxe.ExpectColumnValuesToNotBeNull(column=field.name), why, _SCHEMA))
    if len(spec.key) == 1:
        out.append(
            _why(
                gxe.ExpectColumnValuesToBeUnique(column=spec.key[0]),
                "table key: one row per key",
                _SCHEMA,
            )
        )
    else:
        out.append(
            _why(
                gxe.ExpectCompoundColumnsToBeUnique(column_list=list(spec.key)),
                "table key: one row per key",
                _SCHEMA,
            )
        )
    sets = value_sets()
    for field in spec.schema:
        if field.name in sets:
            allowed, origin = sets[field.name]
            out.append(
                _why(
                    gxe.ExpectColumnValuesToBeInSet(column=field.name, value_set=list(allowed)),
                    f"allowed values: {origin}",
                    _SCHEMA,
                )
            )
    for helper in helper_columns(spec.name):
        out.append(
            _why(
                gxe.ExpectColumnValuesToBeInSet(column=helper.name, value_set=[True]),
                helper.why,
                _SCHEMA,
            )
        )
    return out


def _positive(column: str, *, strict: bool = True) -> gxe.Expectation:
    return gxe.ExpectColumnValuesToBeBetween(column=column, min_value=0, strict_min=strict)


def _a_ge_b(a: str, b: str) -> gxe.Expectation:
    # Rows where either side is NULL (no range, no sentence) are not checked.
    return gxe.ExpectColumnPairValuesAToBeGreaterThanB(
        column_A=a, column_B=b, or_equal=True, ignore_row_if="either_value_is_missing"
    )


def _rule_expectations(spec: TableSpec) -> list[gxe.Expectation]:
    """Hand-written rules that the schema alone cannot express."""
    cols = set(spec.schema.names)
    out: list[gxe.Expectation] = []
    if spec.name == "articles":
        out += [
            _why(
                gxe.ExpectColumnValuesToNotMatchRegex(column="text", regex=r"^\s*$"),
                "an article has non-blank text",
                _RULE,
            ),
            _why(
                gxe.ExpectColumnValuesToBeBetween(
                    column="published_at",
                    min_value={"$PARAMETER": PARAM_TIME_MIN},
                    max_value={"$PARAMETER": PARAM_TIME_MAX},
                ),
                "published between 1800 and now (+1 day of clock skew)",
                _RULE,
            ),
            _why(
                gxe.ExpectColumnValuesToBeBetween(
                    column="ingested_at", max_value={"$PARAMETER": PARAM_TIME_MAX}
                ),
                "ingested_at is not in the future (+1 day of clock skew)",
                _RULE,
            ),
            _why(
                gxe.ExpectColumnValuesToMatchRegex(column="content_hash", regex=r"^[0-9a-f]{64}$"),
                "content_hash is a sha256 hex digest",
                _RULE,
            ),
        ]
    if spec.has_span:
        out.append(
            _why(
                _positive("start_char", strict=False),
                "offsets are 0-based",
                _RULE,
            )
        )
    if {"sentence_start", "sentence_end"} <= cols:
        out += [
            _why(
                _a_ge_b("start_char", "sentence_start"),
                "the span starts inside its sentence",
                _RULE,
            ),
            _why(_a_ge_b("sentence_end", "end_char"), "the span ends inside its sentence", _RULE),
        ]
    if "value" in cols:
        out.append(_why(_positive("value"), "a stated amount or count is > 0", _RULE))
    for end in ("low", "high"):
        if end in cols:
            out.append(_why(_positive(end), f"range {end} end is > 0", _RULE))
    if {"low", "value"} <= cols:
        out.append(_why(_a_ge_b("value", "low"), "low <= value when low is given", _RULE))
    if {"high", "value"} <= cols:
        out.append(_why(_a_ge_b("high", "value"), "value <= high when high is given", _RULE))
    if "value_usd" in cols:
        out.append(_why(_positive("value_usd", strict=False), "value_usd >= 0", _RULE))
    if "fx_rate" in cols:
        out.append(_why(_positive("fx_rate"), "an exchange rate is > 0", _RULE))
    if "unit" in cols:
        out.append(
            _why(
                gxe.ExpectColumnValuesToMatchRegex(column="unit", regex=r"^[^A-Z\s][^A-Z]*$"),
                "unit is a lower-case noun (annotation guidelines)",
                _RULE,
            )
        )
    for col in ("name", "kind"):
        if col in cols:
            out.append(
                _why(
                    gxe.ExpectColumnValuesToNotMatchRegex(column=col, regex=r"^\s*$"),
                    f"{col} is not blank",
                    _RULE,
                )
            )
    return out


def build_suite(table_name: str) -> gx.ExpectationSuite:
    """The GX suite for one warehouse table (schema-derived rules, then hand rules)."""
    if table_name not in SUITE_TABLES:
        raise KeyError(f"no expectation suite for table {table_name!r}; have {SUITE_TABLES}")
    spec = TABLES[table_name]
    return gx.ExpectationSuite(
        name=table_name,
        expectations=[*_schema_expectations(spec), *_rule_expectations(spec)],
        meta={
            "table": table_name,
            "generated_by": "expectations.suites.build_suite",
            "parameters": [PARAM_TIME_MIN, PARAM_TIME_MAX],
        },
    )


def suite_document(table_name: str) -> dict[str, Any]:
    """The suite as a stable JSON document: GX's random ids and version are dropped so
    the file only changes when a rule does."""
    doc: dict[str, Any] = build_suite(table_name).to_json_dict()
    doc.pop("id", None)
    doc["meta"].pop("great_expectations_version", None)
    for exp in doc["expectations"]:
        exp.pop("id", None)
    return doc


def suite_json(table_name: str) -> str:
    return json.dumps(suite_document(table_name), indent=2, sort_keys=True) + "\n"


def export_suites(folder: Path = SUITES_DIR) -> list[Path]:
    """Write every suite to ``folder/<table>.json``; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in SUITE_TABLES:
        path = folder / f"{name}.json"
        path.write_text(suite_json(name), encoding="utf-8")
        paths.append(path)
    return paths


def stale_suite_files(folder: Path = SUITES_DIR) -> list[str]:
    """Tables whose JSON file is missing or differs from the code (empty when up to date)."""
    stale = []
    for name in SUITE_TABLES:
        path = folder / f"{name}.json"
        if not path.exists() or path.read_text(encoding="utf-8") != suite_json(name):
            stale.append(name)
    return stale


def _args_summary(kwargs: dict[str, Any]) -> str:
    parts = []
    for k, v in kwargs.items():
        if k in ("column", "column_list", "column_A", "column_B"):
            continue
        if isinstance(v, list) and len(v) > 8:
            v = f"[{len(v)} codes]"
        elif isinstance(v, dict) and "$PARAMETER" in v:
            v = f"${v['$PARAMETER']}"
        parts.append(f"{k}={v}")
    return ", ".join(parts)


def rules_markdown() -> str:
    """The rules of every suite as a Markdown table (kept in docs/validation.md)."""
    lines = [
        "| table | expectation | column(s) | arguments | why | from |",
        "|---|---|---|---|---|---|",
    ]
    for name in SUITE_TABLES:
        expectations = suite_document(name)["expectations"]
        not_null = [
            e["kwargs"]["column"]
            for e in expectations
            if e["type"] == "expect_column_values_to_not_be_null"
        ]
        lines.append(
            f"| {name} | `expect_column_values_to_not_be_null` (one per column) | "
            f"{', '.join(f'`{c}`' for c in not_null)} |  | declared NOT NULL in "
            "warehouse/schema.py | schema |"
        )
        for exp in expectations:
            if exp["type"] == "expect_column_values_to_not_be_null":
                continue
            kw = exp["kwargs"]
            cols = kw.get("column") or ", ".join(
                kw.get("column_list") or [kw.get("column_A", ""), kw.get("column_B", "")]
            )
            args = _args_summary(kw).replace("|", "\\|")
            lines.append(
                f"| {name} | `{exp['type']}` | `{cols}` | {args} | "
                f"{exp['notes'].replace('|', '/')} | {exp['meta']['origin']} |"
            )
    return "\n".join(lines) + "\n"


RULES_DOC = Path(__file__).resolve().parents[1] / "docs" / "validation.md"
_BEGIN = "<!-- rules:begin (generated by `python -m expectations.suites`) -->"
_END = "<!-- rules:end -->"


def rules_doc_text(current: str) -> str:
    """``current`` with the generated rules table between the markers replaced."""
    head, sep, rest = current.partition(_BEGIN)
    _, sep2, tail = rest.partition(_END)
    if not sep or not sep2:
        raise ValueError(f"rules markers missing in {RULES_DOC}")
    return f"{head}{_BEGIN}\n{rules_markdown()}{_END}{tail}"


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else SUITES_DIR
    for written in export_suites(target):
        print(written)
    if RULES_DOC.exists():
        RULES_DOC.write_text(rules_doc_text(RULES_DOC.read_text(encoding="utf-8")), "utf-8")
        print(RULES_DOC)
