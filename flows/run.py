"""Entry point used by the CLI, the scheduler and tests: validate, then run the flow."""

from __future__ import annotations

import functools
import inspect
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pydantic_core
from prefect import flow_engine, tags

from flows.artifacts import warehouse_label
from flows.console import quiet_task_completions
from flows.pipeline import RunSummary, new_load_id, newsledger_run
from warehouse.catalog import validate_warehouse_path

# Tag of every newsledger flow run: the UI's filter for "our" runs.
RUN_TAG = "newsledger"


def run_name(warehouse: str, load_id: str) -> str:
    """The flow run's name in the UI: which warehouse, which load."""
    return f"{warehouse_label(warehouse)} load {load_id}"


def run_tags(warehouse: str) -> list[str]:
    return [RUN_TAG, f"warehouse:{warehouse_label(warehouse)}"]


def prompt_heartbeat_stop() -> None:
    """The flow run's end does not wait for Prefect's heartbeat thread.

    The heartbeat thread (a daemon, one event every 180 s: how the UI tells a
    crashed run from a running one) sleeps in one-second steps, and the sync
    engine joins it when the flow ends: up to 1 s, 0.65 s in a profiled no-op
    run, on every run's critical path. Prefect's async engine already leaves it
    unjoined (``join_on_exit=False``); so does this. The thread still stops
    within a second of the run's end and never emits after a final state.
    """
    send = getattr(flow_engine, "_send_heartbeats", None)
    if send is None or isinstance(send, functools.partial):
        return  # another Prefect version, or already done in this process
    if "join_on_exit" in inspect.signature(send).parameters:
        flow_engine._send_heartbeats = functools.partial(send, join_on_exit=False)


def ui_parameters(parameters: dict[str, Any]) -> dict[str, Any]:
    """The flow run's parameters as JSON for the UI, as Prefect stores them
    (dataclasses as dicts, paths as strings) through pydantic, which is already
    imported, instead of FastAPI's encoder, whose import is 0.2 s of a no-op run."""
    out: dict[str, Any] = {}
    for key, value in parameters.items():
        try:
            out[key] = pydantic_core.to_jsonable_python(
                value, fallback=lambda v: f"<{type(v).__name__}>"
            )
        except Exception:  # as Prefect: an unserializable value shows as its type
            out[key] = f"<{type(value).__name__}>"
    return out


def run_pipeline(
    specs: Sequence[Any],
    warehouse: str | os.PathLike[str],
    *,
    reprocess: bool = False,
    batch_size: int = 2000,
    workers: int | None = None,
    docs_dir: str | os.PathLike[str] | None = None,
    allow_network: bool = False,
    dask_address: str | None = None,
    load_id: str | None = None,
    catalog: str | None = None,
) -> RunSummary:
    """Run one load of ``specs`` into ``warehouse`` and return its summary."""
    # A bad path or catalog URL fails here in a second, before Prefect starts.
    wpath = validate_warehouse_path(warehouse, catalog=catalog).path
    quiet_task_completions()
    docs = Path(docs_dir) if docs_dir else wpath.with_name(wpath.stem + "_docs")
    load_id = load_id or new_load_id()
    name = run_name(str(wpath), load_id)
    flow_fn = newsledger_run.with_options(flow_run_name=lambda: name)
    local = False
    if dask_address:
        from prefect_dask import DaskTaskRunner

        runner = DaskTaskRunner(address=dask_address)
        flow_fn = flow_fn.with_options(task_runner=runner)  # type: ignore[arg-type]
        local = True  # the Dask worker runs the NLP itself
    flow_fn.serialize_parameters = ui_parameters  # type: ignore[method-assign]
    prompt_heartbeat_stop()
    with tags(*run_tags(str(wpath))):
        return flow_fn(
            list(specs),
            str(wpath),
            reprocess=reprocess,
            batch_size=batch_size,
            workers=workers,
            docs_dir=str(docs),
            allow_network=allow_network,
            local=local,
            load_id=load_id,
            catalog=catalog,
        )
