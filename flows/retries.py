"""Retry and caching policy of the pipeline's I/O tasks.

Only transient failures are retried: a commit other writers kept winning
(``WarehouseError`` W008, ``retryable=True``), a shared catalog that cannot be
reached (W009), a feed server that
answered 5xx or timed out (``SourceError`` S006, ``retryable=True``), or the OS
reporting a timeout or a dropped connection. A bad path, bad config or a bug
fails at once: retrying it only delays the error message.

Caching: none. Every task here either has side effects the next run depends on
(a ledger row, staged Parquet, a DuckDB commit) or reads state that another
run may have changed (the warehouse's article hashes), so returning a cached
result would skip work that must happen. The content-keyed cache that pays is
the warehouse itself: ``plan_records`` skips every article whose content hash
and extractor version are already loaded. ``NO_CACHE`` also spares Prefect
hashing large inputs (every article text of a batch) on each task call.
"""

from __future__ import annotations

from typing import Any

from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

# Waits of about 2, 4 and 8 s (each +-50% jitter so that concurrent retries do
# not collide again); each catalog transaction itself is already redone up to
# ``warehouse.catalog.COMMIT_ATTEMPTS`` times when another writer commits first.
IO_RETRIES = 3
IO_BACKOFF_FACTOR = 2.0
IO_JITTER = 0.5

_TRANSIENT_OS_ERRORS = (TimeoutError, ConnectionError, InterruptedError, BlockingIOError)


def is_transient(exc: BaseException | None) -> bool:
    """Whether retrying the operation that raised ``exc`` can succeed."""
    if exc is None:
        return False
    if getattr(exc, "retryable", False) is True:
        return True
    return isinstance(exc, _TRANSIENT_OS_ERRORS)


def retry_on_transient(task: Any, task_run: Any, state: Any) -> bool:
    """Prefect ``retry_condition_fn``: retry a failed task only on a transient error."""
    data = getattr(state, "data", None)
    return is_transient(data if isinstance(data, BaseException) else None)


# Errors that mean an NLP worker process died under a batch (killed for memory,
# say): the pool is rebuilt and the batch can succeed on a fresh worker. Matched
# by name so that this module imports neither concurrent.futures internals nor Dask.
WORKER_LOST_ERRORS = frozenset({"BrokenProcessPool", "KilledWorker"})


def is_worker_lost(exc: BaseException | None) -> bool:
    """Whether ``exc`` says the worker process running a batch died."""
    return exc is not None and type(exc).__name__ in WORKER_LOST_ERRORS


def retry_on_worker_loss(task: Any, task_run: Any, state: Any) -> bool:
    """``retry_condition_fn`` of ``extract-batch``: retry a batch whose worker died
    or that hit a transient error; a fault in our code fails the load at once
    (docs/operations.md, "Bad data or a bug")."""
    data = getattr(state, "data", None)
    exc = data if isinstance(data, BaseException) else None
    return is_worker_lost(exc) or is_transient(exc)


def io_task_options() -> dict[str, Any]:
    """Keyword arguments for ``@task`` of a task that reads or writes storage."""
    return {
        "retries": IO_RETRIES,
        "retry_delay_seconds": exponential_backoff(backoff_factor=IO_BACKOFF_FACTOR),
        "retry_jitter_factor": IO_JITTER,
        "retry_condition_fn": retry_on_transient,
        "cache_policy": NO_CACHE,
    }
