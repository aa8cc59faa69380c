"""Plain functions that wire one stage to the next (no Prefect here).

The Prefect flow in ``flows.pipeline`` calls these inside tasks; tests and the
benchmark call them directly. ``process_batch`` runs in worker processes, so it
takes and returns only picklable values and writes its output to the warehouse's
staging area itself instead of shipping Arrow tables back.
"""

from __future__ import annotations

import dataclasses
import heapq
import os
import time
import traceback
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from transforms.errors import BadInputError
from transforms.records import (
    EXTRACTOR_VERSION,
    ArticleRecord,
    Entity,
    EntityMention,
    QuarantineRecord,
)
from warehouse import lake
from warehouse.catalog import Warehouse
from warehouse.known_entities import read_known_entities
from warehouse.schema import TABLES, UTC_TS
from warehouse.tables import extraction_tables, quarantine_table, table_from_rows

if TYPE_CHECKING:
    from transforms.linking import LinkedLoad

# transforms.linking (the entity tables, ~0.05 s to import) and pyarrow.compute
# are imported where they are used: a no-op re-run links nothing and counts no
# validation rejections, and it pays only for what it runs (issue #19).


@dataclass
class Plan:
    """What a run will do with each input record."""

    to_process: list[ArticleRecord] = field(default_factory=list)
    quarantined: list[QuarantineRecord] = field(default_factory=list)
    unchanged: int = 0
    read: int = 0
    replaced: int = 0  # changed content or reprocessed: old rows will be replaced
    by_source: dict[str, int] = field(default_factory=dict)
    newest: dict[str, datetime] = field(default_factory=dict)


def plan_records(
    records: Iterable[ArticleRecord | QuarantineRecord],
    existing: dict[str, tuple[str, str]],
    *,
    reprocess: bool = False,
) -> Plan:
    """Split input records into new/changed (to process), unchanged and quarantined."""
    plan = Plan()
    counts: Counter[str] = Counter()
    for rec in records:
        plan.read += 1
        counts[rec.source] += 1
        if isinstance(rec, QuarantineRecord):
            plan.quarantined.append(rec)
            continue
        if rec.published_at is not None:
            prev = plan.newest.get(rec.source)
            if prev is None or rec.published_at > prev:
                plan.newest[rec.source] = rec.published_at
        held = existing.get(rec.article_id)
        if held is not None:
            same_content = held[0] == rec.content_hash
            stale_version = held[1] != EXTRACTOR_VERSION
            if same_content and not (reprocess and stale_version):
                plan.unchanged += 1
                continue
            plan.replaced += 1
        plan.to_process.append(rec)
    plan.by_source = dict(counts)
    return plan


# Characters of text per NLP batch. A batch pays fixed costs (a Prefect task
# run, a process hand-off, six staged Parquet files read back at validation),
# so batches of short texts (headlines) are sized by text, not by count:
# ~400k characters is ~180 BBC articles or ~6,000 headlines (bench/).
BATCH_CHARS = 400_000
# Articles per batch at most: ``newsledger run --batch-size``'s default.
BATCH_ARTICLES = 2000


def batches(
    items: Sequence[ArticleRecord],
    size: int,
    *,
    workers: int = 1,
    max_chars: int = BATCH_CHARS,
) -> list[list[ArticleRecord]]:
    """Batches of at most ``size`` articles and about ``max_chars`` characters,
    their count a multiple of ``workers`` (no worker idles through a last
    round), balanced by text length so that no batch is a straggler.

    Exact copies (``transforms.extract.copy_key``) go into one batch, where only
    the first is parsed (``extract_batch``), and weigh as one text."""
    if not items:
        return []
    from transforms.extract import copy_key  # the extractors load only where a batch runs

    copies: dict[tuple[str, object], list[ArticleRecord]] = {}
    for a in items:
        copies.setdefault(copy_key(a), []).append(a)
    cap = max(1, size)
    groups = [g[k : k + cap] for g in copies.values() for k in range(0, len(g), cap)]
    chars = sum(len(g[0].text) for g in groups)
    n = max(-(-len(items) // cap), -(-chars // max(1, max_chars)), 1)
    n = min(len(groups), -(-n // max(1, workers)) * max(1, workers))
    out: list[list[ArticleRecord]] = [[] for _ in range(n)]
    # Longest first onto the lightest batch; the article count breaks ties so
    # that equal-length texts (headlines) spread evenly too. A heap of
    # (characters, articles, batch) finds that batch without scanning all n.
    lightest = [(0, 0, i) for i in range(n)]
    for group in sorted(groups, key=lambda g: len(g[0].text), reverse=True):
        chars, count, i = heapq.heappop(lightest)
        out[i].extend(group)
        heapq.heappush(lightest, (chars + len(group[0].text), count + len(group), i))
    return [b for b in out if b]


@dataclass
class BatchResult:
    batch: str
    articles: int
    tokens: int
    seconds: float
    rows: dict[str, int]
    quarantined: list[QuarantineRecord] = field(default_factory=list)
    pid: int = 0  # the process that extracted the batch (a pool or Dask worker)
    started: float = 0.0  # wall-clock time (time.time) when the batch began
    cpu_seconds: float = 0.0  # CPU time of that process on the batch


def _bad_data(article: ArticleRecord, exc: Exception) -> QuarantineRecord:
    """The quarantine row of an article whose content cannot be extracted."""
    if isinstance(exc, BadInputError):
        reason, detail = exc.reason, exc.one_line()
    else:  # a decode error raised while extracting
        reason = "extract_error"
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
    # An id with a lone surrogate is itself the bad data: stored escaped
    # ("\\ud800"), since no Parquet or DuckDB string can hold it.
    source_id = article.source_id.encode("utf-8", "backslashreplace").decode("utf-8")
    return QuarantineRecord(
        source=article.source,
        source_id=source_id,
        reason=reason,
        detail=f"extraction failed: {detail}"[:500],
        stage="extract",
        article_id=article.article_id,
    )


def _extract_safely(
    articles: Sequence[ArticleRecord],
) -> tuple[list, dict[str, list[tuple[int, int]]], int, list[QuarantineRecord]]:
    """Extract a batch, quarantining only the articles whose content is bad data.

    Each article is checked first (``transforms.extract.check_article``); if a
    bad-data error (``BAD_DATA_ERRORS``) still arises inside extraction, the
    batch is retried article by article and only the article that raises it is
    quarantined. Any other exception is a fault in our code: it propagates and
    fails the load.
    """
    # Imported here, in the NLP workers: a no-op run never extracts (bench/: 0.1 s).
    from transforms.extract import BAD_DATA_ERRORS, check_article, extract_batch

    bad: list[QuarantineRecord] = []
    good: list[ArticleRecord] = []
    for a in articles:
        try:
            check_article(a)
        except BadInputError as exc:
            bad.append(_bad_data(a, exc))
            continue
        good.append(a)
    try:
        out = extract_batch(good)
        return out.extractions, out.sentences, out.tokens, bad
    except BAD_DATA_ERRORS:
        extractions, sentences, tokens = [], {}, 0
        for a in good:
            try:
                one = extract_batch([a])
            except BAD_DATA_ERRORS as exc:
                bad.append(_bad_data(a, exc))
                continue
            extractions.extend(one.extractions)
            sentences.update(one.sentences)
            tokens += one.tokens
        return extractions, sentences, tokens, bad


def process_batch(
    warehouse: str, load_id: str, batch: str, articles: Sequence[ArticleRecord]
) -> BatchResult:
    """NLP + extraction + Arrow tables for one batch, staged as Parquet."""
    started, t0, cpu0 = time.time(), time.perf_counter(), time.process_time()
    extractions, sentences, tokens, bad = _extract_safely(articles)
    tables = extraction_tables(
        extractions, sentences, load_id=load_id, ingested_at=datetime.now(UTC)
    )
    lake.write_staged(Path(warehouse), load_id, batch, tables)
    return BatchResult(
        batch=batch,
        articles=len(extractions),
        tokens=tokens,
        seconds=time.perf_counter() - t0,
        rows={k: v.num_rows for k, v in tables.items()},
        quarantined=bad,
        pid=os.getpid(),
        started=started,
        cpu_seconds=time.process_time() - cpu0,
    )


# Tables whose rows point at entities: relinked when linking moves an entity.
FIGURE_TABLES = ("money_figures", "military_figures", "military_mentions")
# Staging name of the linked output: one "batch" holding the whole load.
LINKED_BATCH = "linked"
_MENTION_FIELDS = ("article_id", "start_char", "end_char", "text", "label", "entity_id", "name")


def _sorted(table: pa.Table) -> pa.Table:
    """Rows in article and offset order, so staged output is the same however batched."""
    keys = [k for k in ("article_id", "start_char", "end_char") if k in table.column_names]
    return table.sort_by([(k, "ascending") for k in keys]) if keys else table


def link_tables(
    staged: dict[str, pa.Table], known: Sequence[Entity]
) -> tuple[dict[str, pa.Table], int]:
    """The load's staged tables with entities linked across all its articles.

    ``transforms.linking.link_load`` over every staged mention; entities are
    rebuilt from the linked mentions and the figures' entity references follow
    the moves. Returns the tables and the number of (article, entity) pairs moved.
    """
    out = {name: _sorted(t) for name, t in staged.items()}
    mentions_table = staged.get("entity_mentions")
    if mentions_table is None:
        return out, 0
    tail = (
        {k: mentions_table.column(k)[0].as_py() for k in ("load_id", "extractor_version")}
        if mentions_table.num_rows
        else {}
    )
    mentions = [
        EntityMention(*(row[f] for f in _MENTION_FIELDS))
        for row in mentions_table.select(list(_MENTION_FIELDS)).to_pylist()
    ]
    from transforms.linking import link_load

    linked = link_load([mentions], known)
    out["entity_mentions"] = table_from_rows(
        TABLES["entity_mentions"], [{**_row(m), **tail} for m in linked.mentions()]
    )
    load_id = tail.get("load_id")
    out["entities"] = table_from_rows(
        TABLES["entities"], [{**_row(e), "load_id": load_id} for e in linked.entities()]
    )
    for name in FIGURE_TABLES:
        if name in out and linked.moves:
            out[name] = _relinked(out[name], linked)
    return out, len(linked.moves)


def _row(record: EntityMention | Entity) -> dict[str, object]:
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


def _relinked(table: pa.Table, linked: LinkedLoad) -> pa.Table:
    rows = table.to_pylist()
    for row in rows:
        row.update(linked.relink(row["article_id"], row))
    return pa.Table.from_pylist(rows, schema=table.schema)


def link_staged(w: Warehouse, load_id: str) -> int:
    """Link the entities of a load's staged batches, in staging (the flow's
    ``link-entities`` task). The batches are replaced by one linked batch.
    Returns the number of (article, entity) pairs linking moved."""
    staged = lake.read_staged(w.path, load_id)
    if not staged:
        return 0
    tables, moved = link_tables(staged, read_known_entities(w))
    lake.discard_staged_batches(w.path, load_id)
    lake.write_staged(w.path, load_id, LINKED_BATCH, tables)
    return moved


def worker_init(parent_pid: int) -> None:
    """Worker start-up: exit when the run's process is gone.

    A run killed with SIGKILL cannot shut its pool down; without this, workers
    holding a loaded spaCy model would live on. A daemon thread checks the
    parent every second (portable, unlike prctl's parent-death signal, and
    correct under forkserver where the OS parent is the fork server).
    """
    import threading

    def watch() -> None:
        while True:
            time.sleep(1.0)
            try:
                os.kill(parent_pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # pid reused by another user's process
                os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def warm_worker() -> int:
    """Load the spaCy pipeline in a worker process ahead of its first batch."""

    from transforms.nlp import load_nlp

    load_nlp()
    return os.getpid()


def dedupe_entities(table: pa.Table) -> pa.Table:
    """Entities are staged per batch; keep the first row of each entity_id."""
    if table.num_rows == 0:
        return table
    ids = table.column("entity_id").to_pylist()
    seen: set[str] = set()
    keep = []
    for i, e in enumerate(ids):
        if e not in seen:
            seen.add(e)
            keep.append(i)
    return table.take(pa.array(keep, type=pa.int64()))


def cursor_table(plan: Plan, load_id: str) -> pa.Table:
    now = datetime.now(UTC)
    sources = sorted(plan.by_source)
    return pa.Table.from_pydict(
        {
            "source": sources,
            "last_load_id": [load_id] * len(sources),
            "last_published_at": [plan.newest.get(s) for s in sources],
            "records_seen": [plan.by_source[s] for s in sources],
            "updated_at": [now] * len(sources),
        },
        schema=TABLES["source_cursors"].schema,
    )


def read_quarantine_table(records: Sequence[QuarantineRecord], load_id: str) -> pa.Table:
    return quarantine_table(records, load_id=load_id, quarantined_at=datetime.now(UTC))


def count_distinct_articles(quarantine: pa.Table) -> int:
    """Articles rejected at validation (derived-row rejections do not count)."""
    if quarantine.num_rows == 0:
        return 0
    import pyarrow.compute as pc

    mask = pc.equal(quarantine.column("table_name"), "articles")
    ids = pc.filter(quarantine.column("article_id"), mask)
    return len(set(ids.to_pylist()))


def empty(table: str) -> pa.Table:
    return TABLES[table].schema.empty_table()


__all__ = [
    "UTC_TS",
    "BatchResult",
    "Plan",
    "batches",
    "count_distinct_articles",
    "cursor_table",
    "dedupe_entities",
    "empty",
    "link_staged",
    "link_tables",
    "plan_records",
    "process_batch",
    "read_quarantine_table",
    "warm_worker",
]
