"""Scheduled runs: ``newsledger serve`` turns a source list into a Prefect deployment.

The deployment runs the ``newsledger-scheduled`` flow on a cron schedule. Its
parameters are plain JSON (paths, a config file name, the warehouse), so the
Prefect UI can show and edit them; each run re-reads the config file, so a
source added to it is picked up at the next tick without restarting.

Scheduled runs of one deployment do not overlap:

* the deployment has a concurrency limit of 1, enforced by the Prefect server
  when a run is about to start. ``overlap="skip"`` (default) cancels a run
  that comes due while the previous one still runs: runs are incremental, so
  the next tick loads whatever the skipped one would have. ``overlap="wait"``
  queues it instead (state ``AwaitingConcurrencySlot``), at the risk of a
  growing backlog when runs last longer than the interval;
* a manual ``newsledger run`` or a second deployment on the same warehouse
  may run beside it: both commit (``warehouse.load``), each load in one
  catalog transaction, the later one redone on the earlier one's snapshot.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import threading
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from prefect import flow, get_run_logger, tags
from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
from prefect.deployments.runner import EntrypointType, RunnerDeployment
from prefect.schedules import Cron, Schedule

from flows.artifacts import warehouse_label
from flows.console import QUIET_CONSOLE_ENV, log_to_file, quiet_console
from transforms.errors import ConfigError, SourceError, ValidationError

# The CLI asks for a one-line console; Prefect's runner starts each scheduled
# run in a subprocess that imports this module, so it applies it here too.
if os.environ.get(QUIET_CONSOLE_ENV):
    log_to_file()
    quiet_console()

DEFAULT_DEPLOYMENT_NAME = "newsledger"
SCHEDULE_KEYS = frozenset({"cron", "warehouse", "timezone", "overlap"})
OVERLAP_STRATEGIES = {
    "skip": ConcurrencyLimitStrategy.CANCEL_NEW,
    "wait": ConcurrencyLimitStrategy.ENQUEUE,
}


@dataclass(frozen=True)
class ScheduleSection:
    """The optional ``[schedule]`` table of a source config file."""

    cron: str | None = None
    warehouse: str | None = None  # resolved against the config file's folder
    timezone: str | None = None
    overlap: str | None = None


def schedule_section(config: str | Path) -> ScheduleSection:
    """``[schedule]`` of a TOML source config; empty when the file has none."""
    path = Path(config)
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError("C002", path=str(path), why=str(exc).splitlines()[0]) from exc
    raw = data.get("schedule")
    if raw is None:
        return ScheduleSection()
    if not isinstance(raw, dict):
        raise ConfigError("C002", path=str(path), why="[schedule] must be a table")
    unknown = sorted(set(raw) - SCHEDULE_KEYS)
    if unknown:
        raise ConfigError(
            "C002",
            path=str(path),
            why=f"[schedule] unknown key {unknown[0]!r} "
            f"(allowed: {', '.join(sorted(SCHEDULE_KEYS))})",
        )
    for key, value in raw.items():
        if not isinstance(value, str) or not value.strip():
            raise ConfigError("C002", path=str(path), why=f"[schedule] {key} must be a string")
    warehouse = raw.get("warehouse")
    if warehouse is not None:
        warehouse = str((path.parent / warehouse).resolve())
    return ScheduleSection(
        cron=raw.get("cron"),
        warehouse=warehouse,
        timezone=raw.get("timezone"),
        overlap=raw.get("overlap"),
    )


def checked_cron(cron: str, timezone: str | None = None) -> Schedule:
    """A Prefect cron schedule, or a one-line ConfigError for a bad expression.

    Five fields as in crontab. A sixth field, at the END, counts seconds
    (``* * * * * */10`` is every ten seconds; croniter's convention), which
    tests use to see a schedule fire quickly.
    """
    if timezone is not None:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigError(
                "C001", option="--timezone", why=f"{timezone!r} is not an IANA time zone"
            ) from exc
    try:
        return Cron(cron, timezone=timezone)
    except Exception as exc:  # pydantic reports bad cron strings and zones as ValueError
        msg = str(exc).splitlines()
        why = next((line.strip() for line in msg if "cron" in line.lower()), msg[0])
        raise ConfigError("C001", option="--cron", why=f"{cron!r}: {why}") from exc


def source_specs(sources: list[str], config: str | None) -> list[Any]:
    """Source specs of one run: the config file's ``[[source]]`` tables, then paths/URLs."""
    from transforms.sources import load_source_config, spec_from_path

    specs: list[Any] = []
    if config:
        specs.extend(load_source_config(config))
    specs.extend(spec_from_path(s) for s in sources)
    if not specs:
        raise ConfigError("C001", option="SOURCES", why="give source paths or a --config file")
    return specs


# How often the stop flag set by a signal is checked, and how long the runner
# gets to end its loops and cancel its runs once asked.
STOP_POLL_SECONDS = 0.2
STOP_TIMEOUT_SECONDS = 60.0
SERVING_LINE = (
    "newsledger serve: deployment newsledger-scheduled/{name} is being served; "
    "Ctrl-C or SIGTERM stops it"
)
# The last line `serve` prints when a signal stopped it.
STOPPED_LINE = "newsledger serve stopped; the schedule of {name} is paused until it serves again"
# Tag of the deployment, so also of each scheduled run (Prefect copies
# deployment tags onto the runs it schedules) and, through ``tags()``, of its load.
SCHEDULED_TAG = "scheduled"


def scheduled_run_name() -> str:
    """``scheduled <warehouse> <start time>``: which warehouse, which tick."""
    from prefect.runtime import flow_run

    params = flow_run.parameters or {}
    label = warehouse_label(str(params.get("warehouse", "warehouse")))
    start = flow_run.scheduled_start_time
    return f"scheduled {label} {start:%Y-%m-%d %H:%M:%S}" if start else f"scheduled {label}"


@flow(name="newsledger-scheduled", log_prints=False, flow_run_name=scheduled_run_name)
def newsledger_scheduled(
    warehouse: str,
    sources: list[str] | None = None,
    config: str | None = None,
    batch_size: int = 2000,
    workers: int | None = None,
    reprocess: bool = False,
    allow_network: bool = False,
    dask_address: str | None = None,
    catalog: str | None = None,
) -> dict[str, Any]:
    """One scheduled load: read the sources (config re-read each run), run the pipeline.

    The load itself is the ``newsledger-run`` subflow, whose page in the UI holds
    the task runs and the run's artifacts.
    """
    from prefect.runtime import flow_run

    from flows.run import run_pipeline

    specs = source_specs(list(sources or []), config)
    # The load subflow carries the scheduled run's tags (deployment's included).
    with tags(*(flow_run.tags or [])):
        summary = run_pipeline(
            specs,
            warehouse,
            reprocess=reprocess,
            batch_size=batch_size,
            workers=workers,
            allow_network=allow_network,
            dask_address=dask_address,
            catalog=catalog,
        )
    logger = get_run_logger()
    for line in summary.report_lines():
        logger.info("%s", line)
    if not summary.reconciles:
        raise ValidationError(
            "V002",
            load_id=summary.load_id,
            read=summary.records_read,
            accounted=summary.articles_loaded
            + summary.articles_unchanged
            + summary.records_quarantined,
        )
    return summary.as_dict()


def build_deployment(
    *,
    cron: str,
    warehouse: str,
    sources: list[str] | None = None,
    config: str | None = None,
    name: str = DEFAULT_DEPLOYMENT_NAME,
    timezone: str | None = None,
    overlap: str = "skip",
    batch_size: int = 2000,
    workers: int | None = None,
    reprocess: bool = False,
    allow_network: bool = False,
    dask_address: str | None = None,
    catalog: str | None = None,
) -> RunnerDeployment:
    """The deployment ``newsledger serve`` serves (nothing is sent to the API here).

    Paths are made absolute: the runner may start flow runs from another folder.
    """
    if overlap not in OVERLAP_STRATEGIES:
        raise ConfigError("C001", option="--overlap", why=f"{overlap!r}: use skip or wait")
    schedule = checked_cron(cron, timezone)
    abs_sources = [s if "://" in s else str(Path(s).resolve()) for s in sources or []]
    for src in abs_sources:
        if "://" not in src and not Path(src).exists():
            raise SourceError("S001", path=src)
    abs_config = str(Path(config).resolve()) if config else None
    # Fail now, not at the first tick: the sources must be readable specs.
    source_specs(abs_sources, abs_config)
    # to_deployment is sync here (no running event loop); cast past its async overload.
    deployment = newsledger_scheduled.to_deployment(
        name=name,
        schedules=[schedule],
        concurrency_limit=ConcurrencyLimitConfig(
            limit=1, collision_strategy=OVERLAP_STRATEGIES[overlap]
        ),
        parameters={
            "warehouse": warehouse,
            "sources": abs_sources,
            "config": abs_config,
            "batch_size": batch_size,
            "workers": workers,
            "reprocess": reprocess,
            "allow_network": allow_network,
            "dask_address": dask_address,
            # A deployment parameter is shown in the UI: the URL names the server,
            # the password comes from PGPASSWORD or ~/.pgpass (docs/operations.md).
            "catalog": catalog,
        },
        description=f"newsledger loads into {warehouse} on cron {cron!r}",
        tags=["newsledger", SCHEDULED_TAG, f"warehouse:{warehouse_label(warehouse)}"],
        # flows.serve is importable wherever newsledger is installed; a file path
        # would tie the deployment to the folder `serve` was started in.
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
    return cast(RunnerDeployment, deployment)


def api_server_url() -> str:
    """The configured Prefect API URL; a ConfigError when there is none.

    Without PREFECT_API_URL, Prefect starts a temporary API inside the process,
    and that API does not run the scheduler service: a served deployment would
    wait for its first run forever. So `serve` needs a real server.
    """
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    if not url:
        raise ConfigError(
            "C001",
            option="PREFECT_API_URL",
            why="newsledger serve needs a Prefect server to schedule runs: start one with "
            "`prefect server start` and set PREFECT_API_URL=http://127.0.0.1:4200/api",
        )
    return str(url)


def pause_schedule(deployment: RunnerDeployment) -> None:
    """Pause the served deployment (idempotent): no runs pile up unserved."""
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        served = client.read_deployment_by_name(f"{newsledger_scheduled.name}/{deployment.name}")
        if not served.paused:
            client.pause_deployment(served.id)


async def _run_until_stopped(runner: Any, stop: threading.Event) -> None:
    """Run Prefect's runner until ``stop`` is set, then stop it the runner's way."""
    task = asyncio.create_task(runner.start())
    while not stop.is_set() and not task.done():
        await asyncio.sleep(STOP_POLL_SECONDS)
    if task.done():
        task.result()  # the runner ended on its own: show why
        return
    while not runner.started and not task.done():  # stopped during start-up
        await asyncio.sleep(STOP_POLL_SECONDS)
    if runner.started:
        runner.stopping = True
        await runner.astop()  # cancels what it runs, ends its loops; start() returns
    with contextlib.suppress(TimeoutError):  # wait_for cancels it then
        await asyncio.wait_for(task, STOP_TIMEOUT_SECONDS)


def serve_deployment(deployment: RunnerDeployment) -> None:
    """Register the deployment and execute its scheduled runs until stopped.

    Each run executes in a subprocess of this one, started by Prefect's runner.
    SIGINT (Ctrl-C) and SIGTERM (a process manager) stop it the same way: the
    signal handler only sets a flag (an exception raised from a handler can be
    lost inside the event loop), the runner is stopped (it cancels what it
    runs), the schedule is paused so no runs pile up unserved, and the process
    exits 0. Prefect's own ``serve`` pauses nothing on Ctrl-C.
    """
    from prefect.runner import Runner

    stop = threading.Event()

    def on_signal(signum: int, frame: Any) -> None:
        stop.set()

    # Set even where SIGINT was ignored at start-up (a shell's background job).
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    runner = Runner(pause_on_shutdown=True)
    # start() installs `self.handle_sigterm` for SIGTERM, and Prefect's exits the
    # process (no pause, no stopped line) when the runner has not started yet:
    # ours, as the instance's own, is the one it installs, with no window between.
    runner.handle_sigterm = on_signal  # type: ignore[method-assign]
    runner.add_deployment(deployment)
    print(SERVING_LINE.format(name=deployment.name), file=sys.stderr, flush=True)
    if not stop.is_set():
        asyncio.run(_run_until_stopped(runner, stop))
    try:
        pause_schedule(deployment)
    except Exception as exc:  # report, but still stop cleanly
        err = ConfigError("C004", name=deployment.name, why=str(exc).splitlines()[0])
        print(err.with_fix(), file=sys.stderr)
    print(STOPPED_LINE.format(name=deployment.name), file=sys.stderr, flush=True)
