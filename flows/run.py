"""Entry point used by the CLI, the scheduler and tests: validate, then run the flow."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from prefect import tags

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
