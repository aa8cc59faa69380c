"""Entry point used by the CLI, the scheduler and tests: validate, then run the flow."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from flows.pipeline import RunSummary, newsledger_run
from warehouse.catalog import validate_warehouse_path


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
    docs = Path(docs_dir) if docs_dir else wpath.with_name(wpath.stem + "_docs")
    flow_fn = newsledger_run
    local = False
    if dask_address:
        from prefect_dask import DaskTaskRunner

        runner = DaskTaskRunner(address=dask_address)
        flow_fn = newsledger_run.with_options(task_runner=runner)  # type: ignore[arg-type]
        local = True  # the Dask worker runs the NLP itself
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
