"""Prefect artifacts for one ``newsledger run``: what a user sees in the UI.

Per run: a markdown summary (counts, figures by type, top entities, throughput,
stage seconds), a table of this load's quarantined records, a link to the Data
Docs, and a progress bar updated while NLP batches finish.

Artifacts are a view, never part of the load: the warehouse is already
committed when ``publish_run_artifacts`` runs, so every failure here is logged
and swallowed instead of failing a run whose data is fine.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

import duckdb
from prefect.artifacts import (
    create_link_artifact,
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.logging import get_logger

from warehouse.catalog import Warehouse, writer
from warehouse.session import QueryResult, query

if TYPE_CHECKING:
    from flows.summary import RunSummary

# The quarantine table artifact stays readable in the UI and small in the API DB.
QUARANTINE_ROWS_LIMIT = 500
TOP_ENTITIES = 10
# At most one progress update per this many seconds (plus the final one), so a
# run of thousands of small batches does not flood the API.
PROGRESS_MIN_INTERVAL = 2.0

_log = get_logger("newsledger.artifacts")


# Hex digits of the warehouse identity's SHA-256 in an artifact key: 48 bits,
# so two warehouses of one Prefect server collide with odds of ~1e-14.
KEY_HASH_CHARS = 12
# Prefect's limit on artifact key length.
KEY_MAX_CHARS = 100
# The readable part of a key (the warehouse's file name), cut so the hash and
# kind always fit.
KEY_STEM_CHARS = 40


def warehouse_identity(warehouse: str) -> str:
    """What names a warehouse uniquely: a catalog URL as given, else the file's
    full resolved path (two ``w.sqlite`` in different folders differ)."""
    if "://" in warehouse:
        return warehouse
    return str(Path(warehouse).expanduser().resolve())


def warehouse_label(warehouse: str) -> str:
    """A short readable name of a warehouse for keys, run names and tags."""
    name = warehouse.rstrip("/").rsplit("/", 1)[-1] if "://" in warehouse else warehouse
    stem = re.sub(r"[^a-z0-9]+", "-", Path(name).stem.lower()).strip("-")
    return stem[:KEY_STEM_CHARS].strip("-") or "warehouse"


def artifact_key(warehouse: str, kind: str) -> str:
    """Artifact key for one warehouse and kind: the UI groups runs by key, so
    each warehouse gets its own history. The key carries the file name to be
    readable and a hash of the warehouse's identity to be unique. Keys allow
    only a-z, 0-9 and dashes."""
    digest = hashlib.sha256(warehouse_identity(warehouse).encode("utf-8")).hexdigest()
    return f"newsledger-{warehouse_label(warehouse)}-{digest[:KEY_HASH_CHARS]}-{kind}"[
        :KEY_MAX_CHARS
    ]


# The shared catalog (postgresql://...) of the warehouse being described, if any:
# set by ``publish_run_artifacts`` from the run summary.
_CATALOG: dict[str, str | None] = {}
# The connection ``publish_run_artifacts`` queries while it runs: opening a
# session attaches the lake, which costs more than these queries.
_SESSIONS: dict[str, duckdb.DuckDBPyConnection] = {}


def _query(warehouse: str, sql: str, params: list[Any]) -> QueryResult:
    con = _SESSIONS.get(warehouse)
    if con is None:
        return query(Warehouse(Path(warehouse), _CATALOG.get(warehouse)), sql, params)
    cur = con.execute(sql, params)
    return QueryResult(columns=[d[0] for d in cur.description or []], rows=cur.fetchall())


def _query_rows(warehouse: str, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    return _query(warehouse, sql, params).rows


def top_entities(
    warehouse: str, load_id: str, limit: int = TOP_ENTITIES
) -> list[tuple[str, str, int]]:
    """(name, label, mentions) of the entities mentioned most in this load."""
    rows = _query_rows(
        warehouse,
        "SELECT name, label, count(*) AS n FROM entity_mentions WHERE load_id = ? "
        "GROUP BY name, label ORDER BY n DESC, name LIMIT ?",
        [load_id, limit],
    )
    return [(str(r[0]), str(r[1]), int(r[2])) for r in rows]


def figures_by_type(warehouse: str, load_id: str) -> dict[str, int]:
    """Figure counts of this load: money, military by category, number-less mentions."""
    counts: dict[str, int] = {}
    for (n,) in _query_rows(
        warehouse, "SELECT count(*) FROM money_figures WHERE load_id = ?", [load_id]
    ):
        counts["money"] = int(n)
    for category, n in _query_rows(
        warehouse,
        "SELECT category, count(*) FROM military_figures WHERE load_id = ? "
        "GROUP BY category ORDER BY category",
        [load_id],
    ):
        counts[f"military: {category}"] = int(n)
    for (n,) in _query_rows(
        warehouse, "SELECT count(*) FROM military_mentions WHERE load_id = ?", [load_id]
    ):
        counts["military mentions (no number)"] = int(n)
    return counts


def quarantine_rows(warehouse: str, load_id: str) -> list[dict[str, Any]]:
    """This load's quarantined records, first ``QUARANTINE_ROWS_LIMIT``."""
    res = _query(
        warehouse,
        "SELECT source, source_id, reason, stage, table_name, row_key, detail "
        "FROM quarantine WHERE load_id = ? ORDER BY stage, reason, source, source_id LIMIT ?",
        [load_id, QUARANTINE_ROWS_LIMIT],
    )
    # Strings only: the UI renders None as "null" and timestamps need no tz games.
    return [
        {c: ("" if v is None else str(v)) for c, v in zip(res.columns, r, strict=True)}
        for r in res.rows
    ]


def throughput(summary: RunSummary) -> tuple[float, float]:
    """(tokens per second, articles per second) of the NLP stage of this run."""
    seconds = summary.stage_seconds.get("extract", 0.0)
    if seconds <= 0:
        return 0.0, 0.0
    processed = summary.articles_loaded + summary.records_quarantined
    return summary.tokens / seconds, processed / seconds


def summary_markdown(
    summary: RunSummary,
    figures: dict[str, int],
    entities: list[tuple[str, str, int]],
) -> str:
    """The run summary as markdown (pure: tests render it without an API)."""
    tok_s, docs_s = throughput(summary)
    ok = "yes" if summary.reconciles else "**NO**"
    lines = [
        f"# newsledger load `{summary.load_id}`: {summary.status}",
        "",
        f"Warehouse: `{summary.warehouse}`, {summary.seconds:.1f} s in total.",
        "",
        "| articles | count |",
        "|---|---:|",
        f"| read | {summary.records_read} |",
        f"| loaded (new or changed) | {summary.articles_loaded} |",
        f"| unchanged (skipped) | {summary.articles_unchanged} |",
        f"| quarantined | {summary.records_quarantined} |",
        f"| derived rows quarantined | {summary.rows_quarantined} |",
        f"| replaced | {summary.replaced} |",
        "",
        f"Counts reconcile (read = loaded + unchanged + quarantined): {ok}",
        "",
        "## Figures",
        "",
        "| type | rows |",
        "|---|---:|",
        *(f"| {k} | {v} |" for k, v in figures.items()),
        "",
        "## Top entities of this load",
        "",
    ]
    if entities:
        lines += ["| entity | label | mentions |", "|---|---|---:|"]
        lines += [f"| {name} | {label} | {n} |" for name, label, n in entities]
    else:
        lines.append("No entity mentions in this load.")
    lines += [
        "",
        "## Throughput",
        "",
        f"NLP: {summary.tokens} tokens in {summary.batches} batches, "
        f"{tok_s:,.0f} tokens/s, {docs_s:.2f} articles/s.",
        "",
        "| stage | seconds |",
        "|---|---:|",
        *(f"| {k} | {v:.2f} |" for k, v in summary.stage_seconds.items()),
    ]
    if summary.quarantine_reasons:
        lines += ["", "## Quarantine reasons", "", "| reason | rows |", "|---|---:|"]
        lines += [f"| {k} | {v} |" for k, v in sorted(summary.quarantine_reasons.items())]
    if summary.recovered_loads:
        lines += ["", "Recovered interrupted loads: " + ", ".join(summary.recovered_loads)]
    return "\n".join(lines)


def publish_run_artifacts(summary: RunSummary) -> None:
    """Create the summary, quarantine table and Data Docs link artifacts of a run.

    The queries run on the load's own writer connection (``catalog.writer``,
    cached by the commit), which sees the committed load: attaching the lake
    once more for them would cost more than they do. They are fixed SELECTs
    on tables, not analyst SQL.
    """
    warehouse = summary.warehouse
    _CATALOG[warehouse] = summary.catalog
    with contextlib.ExitStack() as stack:
        try:
            con = stack.enter_context(writer(Warehouse(Path(warehouse), summary.catalog)))
            _SESSIONS[warehouse] = con
        except Exception as exc:  # each query then opens its own read-only session
            _log.warning("Could not open %s for the run's artifacts: %s", warehouse, exc)
        try:
            _publish_all(summary)
        finally:
            _SESSIONS.pop(warehouse, None)


def _publish_all(summary: RunSummary) -> None:
    warehouse = summary.warehouse
    identity = summary.catalog or warehouse  # a shared catalog names the warehouse
    try:
        figures = figures_by_type(warehouse, summary.load_id)
        entities = top_entities(warehouse, summary.load_id)
    except Exception as exc:  # a summary without warehouse detail beats none
        _log.warning("Could not query %s for the run summary: %s", warehouse, exc)
        figures = {
            k: v for k, v in summary.rows.items() if k in ("money_figures", "military_figures")
        }
        entities = []
    _publish(
        "summary",
        lambda: create_markdown_artifact(
            summary_markdown(summary, figures, entities),
            key=artifact_key(identity, "summary"),
            description=f"newsledger load {summary.load_id}",
        ),
    )
    _publish("quarantine", lambda: _quarantine_artifact(warehouse, summary.load_id, identity))
    if summary.docs_index:
        docs = Path(summary.docs_index)
        _publish(
            "data docs link",
            lambda: create_link_artifact(
                docs.resolve().as_uri(),
                link_text="Great Expectations Data Docs",
                key=artifact_key(identity, "data-docs"),
                description=f"Validation results of load {summary.load_id}",
            ),
        )


def empty_quarantine_markdown(load_id: str) -> str:
    return f"# Quarantine of load `{load_id}`\n\nNo rows quarantined: every record read loaded."


def _quarantine_artifact(warehouse: str, load_id: str, identity: str) -> UUID:
    """A table of this load's quarantined records; a line saying there are none
    when the load quarantined nothing (a table needs rows, and a fake one lies)."""
    rows = quarantine_rows(warehouse, load_id)
    key = artifact_key(identity, "quarantine")
    if not rows:
        return cast(
            UUID,
            create_markdown_artifact(
                empty_quarantine_markdown(load_id),
                key=key,
                description=f"Load {load_id} quarantined no rows",
            ),
        )
    return cast(
        UUID,
        create_table_artifact(
            rows,
            key=key,
            description=f"Quarantined records of load {load_id} (first {QUARANTINE_ROWS_LIMIT})",
        ),
    )


def _publish(what: str, create: Any) -> UUID | None:
    try:
        artifact_id: UUID = create()
        return artifact_id
    except Exception as exc:  # see module docstring
        _log.warning("Could not publish the %s artifact: %s", what, exc)
        return None


class ProgressReporter:
    """A progress artifact for the NLP batches of one run, updated as they finish."""

    def __init__(self, total: int, load_id: str) -> None:
        self.total = total
        self.load_id = load_id
        self._last = 0.0
        # Nothing to extract (all unchanged) is a finished bar, not a stuck one.
        start = 0.0 if total > 0 else 100.0
        self.artifact_id = _publish(
            "progress",
            lambda: create_progress_artifact(
                start, description=f"NLP batches of load {load_id}: 0/{total}"
            ),
        )

    def update(self, done: int) -> bool:
        """Report ``done`` finished batches; returns whether the API was called."""
        if self.artifact_id is None or self.total <= 0:
            return False
        now = time.monotonic()
        if done < self.total and now - self._last < PROGRESS_MIN_INTERVAL:
            return False
        self._last = now
        artifact_id = self.artifact_id
        pct = 100.0 * done / self.total
        return (
            _publish(
                "progress update",
                lambda: update_progress_artifact(
                    artifact_id,
                    pct,
                    description=f"NLP batches of load {self.load_id}: {done}/{self.total}",
                ),
            )
            is not None
        )
