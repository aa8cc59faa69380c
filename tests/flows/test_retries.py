"""The I/O tasks' retry policy: transient errors are retried, others fail at once."""

from __future__ import annotations

from concurrent.futures.process import BrokenProcessPool

import pytest
from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.pipeline import begin_load_task, commit_task, extract_batch_task, read_and_plan_task
from flows.retries import IO_RETRIES, io_task_options, is_transient, is_worker_lost
from transforms.errors import ConfigError, WarehouseError
from transforms.sources.errors import FETCH_FAILED, SourceError


def test_transient_errors_are_told_apart() -> None:
    assert is_transient(
        WarehouseError("W002", path="w.duckdb", holder="pid 1", why="locked", retryable=True)
    )
    assert is_transient(SourceError(FETCH_FAILED, "feed timed out", retryable=True))
    assert is_transient(TimeoutError("read timed out"))
    assert not is_transient(WarehouseError("W003", path="w.duckdb", why="is a directory"))
    assert not is_transient(SourceError(FETCH_FAILED, "certificate failed", retryable=False))
    assert not is_transient(ConfigError("C001", option="--workers", why="negative"))
    assert not is_transient(ValueError("bug"))
    assert not is_transient(None)


def test_only_a_lost_worker_or_a_transient_error_retries_a_batch() -> None:
    assert is_worker_lost(BrokenProcessPool("a worker died"))
    assert not is_worker_lost(TypeError("bug"))
    assert not is_worker_lost(None)
    assert extract_batch_task.retries == 1
    assert extract_batch_task.retry_condition_fn is not None


def test_pipeline_io_tasks_use_the_policy() -> None:
    for t in (begin_load_task, read_and_plan_task, commit_task):
        assert t.retries == IO_RETRIES, t.name
        assert t.retry_condition_fn is not None, t.name
        assert t.cache_policy == NO_CACHE, t.name


def _flaky(error: Exception) -> tuple[object, list[int]]:
    calls: list[int] = []

    @task(**{**io_task_options(), "retry_delay_seconds": 0})
    def touch_storage() -> int:
        calls.append(1)
        if len(calls) == 1:
            raise error
        return len(calls)

    @flow
    def one_task() -> int:
        return touch_storage()

    return one_task, calls


def test_a_locked_warehouse_is_retried_in_a_real_flow(prefect_api: str) -> None:
    run, calls = _flaky(
        WarehouseError("W002", path="w.duckdb", holder="pid 1", why="locked", retryable=True)
    )
    assert run() == 2  # type: ignore[operator]
    assert len(calls) == 2


def test_a_permanent_error_is_not_retried(prefect_api: str) -> None:
    run, calls = _flaky(WarehouseError("W003", path="w.duckdb", why="is a directory"))
    with pytest.raises(WarehouseError, match="W003"):
        run()  # type: ignore[operator]
    assert len(calls) == 1
