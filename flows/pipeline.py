"""The Prefect flow: one flow run per ``newsledger run``, tasks per batch.

Orchestration only: every task body is a call into ``flows.stages``,
``transforms``, ``expectations`` or ``warehouse``. NLP batches run in a pool of
worker processes (spaCy loaded once per worker), or on a Dask cluster when an
address is given; entities are linked across the whole load after the last
batch (``link-entities``), so no output depends on the batches.
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import urlparse

import pyarrow as pa
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import TagsContext
from prefect.futures import PrefectFuture, as_completed
from prefect.settings import PREFECT_API_URL
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from flows import stages
from flows.artifacts import ProgressReporter
from flows.retries import io_task_options, retry_on_worker_loss
from flows.summary import RunSummary as RunSummary
from transforms.records import EXTRACTOR_VERSION
from warehouse import compact as compaction
from warehouse import lake
from warehouse import load as wh
from warehouse.catalog import Warehouse
from warehouse.faults import fault_point

T = TypeVar("T")


def opaque(value: T) -> T:
    """A large task argument (articles, known keys, quarantine lists) that
    Prefect passes on as is: unwrapped (``quote``) it walks every element
    looking for futures, which costs more than a no-op run's own work on a
    few hundred articles. None of these arguments holds a future."""
    return cast(T, quote(value))


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


def warm_workers(workers: int) -> list[Future[int]]:
    """Start the pool's workers loading spaCy (one warm-up per worker)."""
    pool = worker_pool(workers)
    return [pool.submit(stages.warm_worker) for _ in range(workers)]


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


# Seconds between two "NLP progress" log lines at most (the last batch is always
# logged): every batch of a run with few large batches is seen as it finishes,
# a run of thousands of small ones does not flood the log.
PROGRESS_LOG_SECONDS = 2.0
_LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def _task_runner() -> Any | None:
    from prefect.context import FlowRunContext

    ctx = FlowRunContext.get()
    return ctx.task_runner if ctx is not None else None


def _on_dask() -> bool:
    return type(_task_runner()).__name__ == "DaskTaskRunner"


def _dask_client() -> Any | None:
    """The Dask client of this flow run's task runner (connecting it), or None off Dask."""
    return _task_runner().client if _on_dask() else None  # type: ignore[union-attr]


def use_prefect_api(url: str) -> int:
    """On a Dask worker: report to ``url``, the flow's Prefect API.

    Without it a worker that has no ``PREFECT_API_URL`` of its own starts a
    temporary Prefect server for itself, and its task runs never reach the
    flow's UI. Prefect reads its settings once per process, so they are refreshed.
    """
    os.environ["PREFECT_API_URL"] = url
    if "prefect.context" in sys.modules:
        from prefect.context import refresh_global_settings_context

        refresh_global_settings_context()
    return os.getpid()


def prepare_dask_workers(client: Any, logger: Any) -> int:
    """Point the cluster's workers at this flow's Prefect API, start loading
    spaCy there, and return the cluster's task slots (batches are sized from them)."""
    url = PREFECT_API_URL.value()
    slots = client.nthreads()
    if url:
        client.run(use_prefect_api, url)
        remote = [a for a in slots if urlparse(a).hostname not in _LOOPBACK_HOSTS]
        if urlparse(url).hostname in _LOOPBACK_HOSTS and remote:
            logger.warning(
                "Dask workers on other machines (%s) cannot reach the Prefect API at %s: "
                "set PREFECT_API_URL to a server every machine reaches",
                remote[0],
                url,
            )
    else:
        logger.warning(
            "No PREFECT_API_URL: each Dask worker starts its own temporary Prefect API; "
            "set PREFECT_API_URL to a server the workers reach"
        )
    # In the background: the run reads its sources while the workers load spaCy.
    threading.Thread(
        target=client.run, args=(stages.warm_worker,), name="dask-warm-up", daemon=True
    ).start()
    return max(1, sum(slots.values()))


def collect_batches(
    futures: list[PrefectFuture[stages.BatchResult]], load_id: str, logger: Any
) -> list[stages.BatchResult]:
    """Batch results as they finish (any order), reported to the console and the
    UI's progress artifact as they come; returned in batch order."""
    progress = ProgressReporter(len(futures), load_id)
    results: list[stages.BatchResult] = []
    last_log = 0.0
    articles = 0
    for i, fut in enumerate(as_completed(futures), 1):
        result = fut.result()
        results.append(result)
        articles += result.articles
        progress.update(i)
        if i == 1:
            fault_point("extracting")  # crash tests: killed mid-NLP
        now = time.monotonic()
        if i == len(futures) or now - last_log >= PROGRESS_LOG_SECONDS:
            last_log = now
            logger.info("NLP progress: %d/%d batches, %d articles", i, len(futures), articles)
    return sorted(results, key=lambda r: r.batch)


def run_batches(
    warehouse: str,
    load_id: str,
    groups: list[list[Any]],
    *,
    n_workers: int,
    use_local: bool,
    warmups: list[Any],
    logger: Any,
) -> list[stages.BatchResult]:
    """One ``extract-batch`` task per group, results collected as they finish."""
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
            for w in warmups or warm_workers(n_workers):
                w.result()
        else:
            stop_worker_pool()  # nothing to parse: do not wait for spaCy to load
    # Dask ships task arguments itself (a quote() would arrive as a bare tuple).
    wrap = (lambda g: g) if _on_dask() else opaque
    futures = [
        extract_batch_task.submit(warehouse, load_id, f"b{i:05d}", wrap(g), n_workers, use_local)
        for i, g in enumerate(groups)
    ]
    return collect_batches(futures, load_id, logger)


@task(name="begin-load", **io_task_options())
def begin_load_task(w: Warehouse, load_id: str, sources: str) -> wh.LoadStart:
    return wh.begin_load(w, load_id, sources=sources, extractor_version=EXTRACTOR_VERSION)


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


@task(name="link-entities", cache_policy=NO_CACHE)
def link_task(w: Warehouse, load_id: str) -> int:
    """Link entities across every article of the load (after all batches)."""
    return stages.link_staged(w, load_id)


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
    w: Warehouse, load_id: str, partitions: dict[str, str], counts: wh.LoadCounts, cursors: Any
) -> wh.CommitResult:
    return wh.commit_load_result(
        w,
        load_id,
        partitions={k: Path(v) for k, v in partitions.items()},
        counts=counts,
        cursors=cursors,
    )


@task(name="compact", cache_policy=NO_CACHE)
def compact_task(w: Warehouse) -> compaction.CompactResult:
    return compaction.compact(w)


def _record_plan(summary: RunSummary, plan: stages.Plan, logger: Any) -> None:
    """What reading the sources found, on the summary and in the flow's log."""
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


def _link_validate_commit(
    target: Warehouse,
    load_id: str,
    plan: stages.Plan,
    results: list[stages.BatchResult],
    docs_dir: str | None,
    summary: RunSummary,
    timings: dict[str, float],
    logger: Any,
) -> wh.CommitResult:
    """The load's steps after the batches: link entities across the whole load,
    validate, commit in one catalog transaction."""
    warehouse = str(target.path)
    summary.batches = len(results)
    summary.tokens = sum(r.tokens for r in results)
    extract_quarantine = [q for r in results for q in r.quarantined]
    t = time.perf_counter()
    if results:
        moved = link_task(target, load_id)
        logger.info(
            "Linked entities across %d articles: %d moved", sum(r.articles for r in results), moved
        )
    timings["link"] = time.perf_counter() - t
    t = time.perf_counter()
    partitions, loaded, rejected, reasons, docs_index = validate_task(
        warehouse, load_id, opaque([*plan.quarantined, *extract_quarantine]), docs_dir
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
    cursors = opaque(stages.cursor_table(plan, load_id))
    committed = commit_task(target, load_id, partitions, counts, cursors)
    summary.rows = committed.inserted
    summary.commit_retries = committed.retries
    timings["commit"] = time.perf_counter() - t
    return committed


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
    catalog: str | None = None,
) -> RunSummary:
    """Articles in, entities and figures out, one atomic catalog transaction."""
    # The run tags (``flows.run``) are on the flow run, the UI's filter; its
    # task runs carry none: Prefect asks the API for tag concurrency slots
    # before every tagged task (one round trip each, the largest fixed cost
    # of a no-op run on a running server) and newsledger sets no tag limits.
    with TagsContext(current_tags=set()):
        return _run_load(
            specs,
            warehouse,
            reprocess=reprocess,
            batch_size=batch_size,
            workers=workers,
            docs_dir=docs_dir,
            allow_network=allow_network,
            local=local,
            load_id=load_id,
            catalog=catalog,
        )


def _run_load(
    specs: list[Any],
    warehouse: str,
    *,
    reprocess: bool,
    batch_size: int,
    workers: int | None,
    docs_dir: str | None,
    allow_network: bool,
    local: bool,
    load_id: str | None,
    catalog: str | None,
) -> RunSummary:
    """The flow's body (see ``newsledger_run``)."""
    logger = get_run_logger()
    t_start = time.perf_counter()
    n_workers = workers if workers is not None else default_workers()
    use_local = local or n_workers == 0
    load_id = load_id or new_load_id()
    target = Warehouse(Path(warehouse), catalog)
    summary = RunSummary(load_id=load_id, warehouse=warehouse, status="running", catalog=catalog)
    timings: dict[str, float] = {}
    source_names = ", ".join(str(getattr(s, "path", None) or getattr(s, "url", "")) for s in specs)
    t = time.perf_counter()
    warmups: list[Any] = []
    # On Dask: workers report to this flow's API and load spaCy meanwhile.
    dask = _dask_client() if local else None
    slots = prepare_dask_workers(dask, logger) if dask is not None else 1
    start = begin_load_task(target, load_id, source_names)
    summary.recovered_loads = start.recovered
    if start.recovered:
        logger.warning("Recovered interrupted loads: %s", ", ".join(start.recovered))
    timings["begin"] = time.perf_counter() - t
    if not use_local and not start.existing:
        # An empty warehouse: everything read is new, so spaCy loads in the
        # workers while the sources are read. Otherwise only once the plan
        # shows work: a no-op re-run never starts a worker or loads the model.
        warmups = warm_workers(n_workers)
    try:
        t = time.perf_counter()
        plan = read_and_plan_task(opaque(specs), opaque(start.existing), reprocess, allow_network)
        timings["read"] = time.perf_counter() - t
        _record_plan(summary, plan, logger)
        t = time.perf_counter()
        results = run_batches(
            warehouse,
            load_id,
            stages.batches(plan.to_process, batch_size, workers=slots if use_local else n_workers),
            n_workers=n_workers,
            use_local=use_local,
            warmups=warmups,
            logger=logger,
        )
        timings["extract"] = time.perf_counter() - t
        fault_point("staged")  # crash tests: all batches staged, not validated
        committed = _link_validate_commit(
            target, load_id, plan, results, docs_dir, summary, timings, logger
        )
        summary.status = "completed"
    except BaseException as exc:
        summary.status = "failed"
        try:
            wh.mark_failed(target, load_id, f"{type(exc).__name__}: {exc}")
        except Exception:  # report the original error, not this one
            logger.exception("Could not mark load %s failed", load_id)
        raise
    if compaction.due(committed.loads_committed):
        t = time.perf_counter()
        try:
            compact_task(target)
        except Exception:  # the load is committed; the next due load compacts again
            logger.exception("Compaction after load %s failed", load_id)
        timings["compact"] = time.perf_counter() - t
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
