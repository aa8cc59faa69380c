"""The Prefect flow: one flow run per ``newsledger run``, tasks per batch.

Orchestration only: every task body is a call into ``flows.stages``,
``transforms``, ``expectations`` or ``warehouse``. NLP batches run in a pool of
worker processes (spaCy loaded once per worker), or on a Dask cluster when an
address is given.
"""

from __future__ import annotations

import importlib
import os
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import Executor, ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from flows import stages
from flows.artifacts import ProgressReporter
from flows.retries import io_task_options, retry_on_worker_loss
from flows.summary import RunSummary as RunSummary
from transforms.records import EXTRACTOR_VERSION
from warehouse import lake
from warehouse import load as wh
from warehouse.faults import fault_point


def new_load_id() -> str:
    # Sortable by time, unique across concurrent attempts.
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "_" + uuid.uuid4().hex[:8]


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


_POOL: ProcessPoolExecutor | None = None
_POOL_SIZE = 0


def worker_pool(workers: int) -> Executor:
    """A process pool kept for the life of the process (spaCy loads once per worker)."""
    global _POOL, _POOL_SIZE
    # A pool breaks when a worker dies (e.g. killed for memory); rebuild it so
    # the extract task's retry gets fresh workers instead of the same error.
    broken = _POOL is not None and getattr(_POOL, "_broken", False)
    if _POOL is None or workers != _POOL_SIZE or broken:
        if _POOL is not None:
            _POOL.shutdown(cancel_futures=True)
        import multiprocessing as mp

        # forkserver: no inherited Prefect threads or DuckDB handles in workers.
        _POOL = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=mp.get_context("forkserver"),
            initializer=stages.worker_init,
            initargs=(os.getpid(),),
        )
        _POOL_SIZE = workers
    return _POOL


def stop_worker_pool() -> None:
    """End the pool now, workers mid-task included.

    For a run with nothing to parse (an incremental no-op): the workers are only
    loading spaCy, which has no side effects, and interpreter exit would
    otherwise wait for that warm-up to finish (bench/: several seconds).
    """
    global _POOL, _POOL_SIZE
    if _POOL is None:
        return
    # ``_processes`` is private but present since Python 3.8; ``terminate_workers``
    # only arrives in 3.14.
    for proc in list(getattr(_POOL, "_processes", {}).values()):
        proc.terminate()
    _POOL.shutdown(wait=False, cancel_futures=True)
    _POOL, _POOL_SIZE = None, 0


@task(name="begin-load", **io_task_options())
def begin_load_task(warehouse: str, load_id: str, sources: str) -> wh.LoadStart:
    return wh.begin_load(
        Path(warehouse), load_id, sources=sources, extractor_version=EXTRACTOR_VERSION
    )


@task(name="read-and-plan", **io_task_options())
def read_and_plan_task(
    specs: list[Any], existing: dict[str, tuple[str, str]], reprocess: bool, allow_network: bool
) -> stages.Plan:
    from transforms.sources import read_sources

    return stages.plan_records(
        read_sources(specs, allow_network=allow_network), existing, reprocess=reprocess
    )


@task(
    name="extract-batch",
    retries=1,
    retry_delay_seconds=2,
    retry_condition_fn=retry_on_worker_loss,
    cache_policy=NO_CACHE,
)
def extract_batch_task(
    warehouse: str, load_id: str, batch: str, articles: list[Any], workers: int, local: bool
) -> stages.BatchResult:
    if local:
        # On a Dask worker (or with --workers 0) the task itself does the work.
        return stages.process_batch(warehouse, load_id, batch, articles)
    return (
        worker_pool(workers)
        .submit(stages.process_batch, warehouse, load_id, batch, articles)
        .result()
    )


@task(name="validate-and-write", cache_policy=NO_CACHE)
def validate_task(
    warehouse: str, load_id: str, read_quarantine: list[Any], docs_dir: str | None
) -> tuple[dict[str, str], int, int, dict[str, int], str | None]:
    """GX-validate all staged rows of this load, write final Parquet partitions."""
    wpath = Path(warehouse)
    staged = lake.read_staged(wpath, load_id)
    if not staged:
        # Nothing new or changed (a re-run over unchanged sources): skip GX,
        # whose import and start-up alone cost seconds; write only read quarantine.
        quarantine = stages.read_quarantine_table(read_quarantine, load_id)
        written = lake.write_partitions(wpath, load_id, {"quarantine": quarantine})
        read_reasons = dict(Counter(quarantine.column("reason").to_pylist()))
        # Nothing was validated: point at the Data Docs of earlier runs, if any.
        index = Path(docs_dir) / "index.html" if docs_dir else None
        old_docs = str(index) if index is not None and index.is_file() else None
        return {k: str(v) for k, v in written.items()}, 0, 0, read_reasons, old_docs
    from expectations.validate import validate_batch

    if "entities" in staged:
        staged["entities"] = stages.dedupe_entities(staged["entities"])
    outcome = validate_batch(staged, load_id=load_id, docs_dir=Path(docs_dir) if docs_dir else None)
    quarantine = pa.concat_tables(
        [
            stages.read_quarantine_table(read_quarantine, load_id),
            outcome.quarantine.select(stages.empty("quarantine").column_names).cast(
                stages.empty("quarantine").schema
            ),
        ]
    )
    tables = dict(outcome.tables)
    tables["quarantine"] = quarantine
    written = lake.write_partitions(wpath, load_id, tables)
    rejected_articles = stages.count_distinct_articles(outcome.quarantine)
    reasons = dict(Counter(quarantine.column("reason").to_pylist()))
    loaded = tables["articles"].num_rows if "articles" in tables else 0
    return (
        {k: str(v) for k, v in written.items()},
        loaded,
        rejected_articles,
        reasons,
        str(outcome.docs_index) if outcome.docs_index else None,
    )


@task(name="commit-load", **io_task_options())
def commit_task(
    warehouse: str, load_id: str, partitions: dict[str, str], counts: wh.LoadCounts, cursors: Any
) -> dict[str, int]:
    return wh.commit_load(
        Path(warehouse),
        load_id,
        partitions={k: Path(v) for k, v in partitions.items()},
        counts=counts,
        cursors=cursors,
    )


@flow(
    name="newsledger-run",
    task_runner=ThreadPoolTaskRunner(max_workers=4),  # type: ignore[arg-type]
    log_prints=False,
    validate_parameters=False,
)
def newsledger_run(
    specs: list[Any],
    warehouse: str,
    *,
    reprocess: bool = False,
    batch_size: int = 2000,
    workers: int | None = None,
    docs_dir: str | None = None,
    allow_network: bool = False,
    local: bool = False,
    load_id: str | None = None,
) -> RunSummary:
    """Articles in, entities and figures out, one atomic DuckDB load."""
    logger = get_run_logger()
    t_start = time.perf_counter()
    n_workers = workers if workers is not None else default_workers()
    use_local = local or n_workers == 0
    load_id = load_id or new_load_id()
    wpath = Path(warehouse)
    summary = RunSummary(load_id=load_id, warehouse=warehouse, status="running")
    timings: dict[str, float] = {}
    source_names = ", ".join(str(getattr(s, "path", None) or getattr(s, "url", "")) for s in specs)
    with wh.writer_lock(wpath):
        t = time.perf_counter()
        if not use_local:
            # Load spaCy in the workers while the warehouse is prepared and sources read.
            pool = worker_pool(n_workers)
            warmups = [pool.submit(stages.warm_worker) for _ in range(n_workers)]
        start = begin_load_task(warehouse, load_id, source_names)
        summary.recovered_loads = start.recovered
        if start.recovered:
            logger.warning("Recovered interrupted loads: %s", ", ".join(start.recovered))
        timings["begin"] = time.perf_counter() - t
        try:
            t = time.perf_counter()
            plan = read_and_plan_task(specs, start.existing, reprocess, allow_network)
            timings["read"] = time.perf_counter() - t
            summary.records_read = plan.read
            summary.articles_unchanged = plan.unchanged
            summary.replaced = plan.replaced
            logger.info(
                "Read %d records: %d to process, %d unchanged, %d quarantined on read",
                plan.read,
                len(plan.to_process),
                plan.unchanged,
                len(plan.quarantined),
            )
            t = time.perf_counter()
            groups = stages.batches(
                plan.to_process, batch_size, workers=1 if use_local else n_workers
            )
            if groups:
                # Great Expectations' import is ~3 s of CPU (bench/): do it in this
                # process while the workers parse, not after them. A task that
                # imports it sooner simply waits on Python's module lock.
                threading.Thread(
                    target=importlib.import_module,
                    args=("expectations.validate",),
                    name="gx-preload",
                    daemon=True,
                ).start()
            if not use_local:
                if groups:
                    for w in warmups:
                        w.result()
                else:
                    stop_worker_pool()  # nothing to parse: do not wait for spaCy to load
            futures = [
                extract_batch_task.submit(warehouse, load_id, f"b{i:05d}", g, n_workers, use_local)
                for i, g in enumerate(groups)
            ]
            results = []
            progress = ProgressReporter(len(futures), load_id)
            for i, fut in enumerate(futures, 1):
                results.append(fut.result())
                progress.update(i)
                if i == 1:
                    fault_point("extracting")  # crash tests: killed mid-NLP
                if i % 5 == 0 or i == len(futures):
                    logger.info("NLP progress: %d/%d batches", i, len(futures))
            timings["extract"] = time.perf_counter() - t
            fault_point("staged")  # crash tests: all batches staged, not validated
            summary.batches = len(results)
            summary.tokens = sum(r.tokens for r in results)
            extract_quarantine = [q for r in results for q in r.quarantined]
            t = time.perf_counter()
            partitions, loaded, rejected, reasons, docs_index = validate_task(
                warehouse, load_id, [*plan.quarantined, *extract_quarantine], docs_dir
            )
            timings["validate"] = time.perf_counter() - t
            fault_point("partitions")  # crash tests: partitions written, not committed
            summary.articles_loaded = loaded
            summary.records_quarantined = len(plan.quarantined) + len(extract_quarantine) + rejected
            summary.rows_quarantined = sum(reasons.values()) - summary.records_quarantined
            summary.quarantine_reasons = reasons
            summary.docs_index = docs_index
            counts = wh.LoadCounts(
                records_read=summary.records_read,
                articles_loaded=summary.articles_loaded,
                articles_unchanged=summary.articles_unchanged,
                records_quarantined=summary.records_quarantined,
                rows_quarantined=summary.rows_quarantined,
            )
            t = time.perf_counter()
            summary.rows = commit_task(
                warehouse, load_id, partitions, counts, stages.cursor_table(plan, load_id)
            )
            timings["commit"] = time.perf_counter() - t
            summary.status = "completed"
        except BaseException as exc:
            summary.status = "failed"
            try:
                wh.mark_failed(wpath, load_id, f"{type(exc).__name__}: {exc}")
            except Exception:  # report the original error, not this one
                logger.exception("Could not mark load %s failed", load_id)
            raise
    summary.seconds = time.perf_counter() - t_start
    summary.stage_seconds = timings
    for line in summary.report_lines():  # the CLI's reconciliation, in the flow's log
        logger.info("%s", line)
    try:
        from flows.artifacts import publish_run_artifacts

        publish_run_artifacts(summary)
    except ImportError:
        pass
    return summary
