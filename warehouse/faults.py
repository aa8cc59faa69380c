"""Test-only fault injection: named points where a run can be killed or paused.

Crash safety is only proven by really killing a run, so the pipeline calls
``fault_point(name)`` at the moments that matter. Nothing happens unless an
environment variable asks for it:

- ``NEWSLEDGER_CRASH_AT=<point>[,<point>...]``: the process SIGKILLs itself
  at that point (no clean-up handlers, no ``finally`` blocks: like ``kill -9``
  or the OOM killer).
- ``NEWSLEDGER_PAUSE_AT=<point>:<seconds>[,...]``: the process sleeps there,
  e.g. to hold the DuckDB file inside the commit transaction while a test
  reader keeps querying.

Points, in run order (see docs/warehouse.md):
``begun`` (ledger row 'running' written), ``extracting`` (first NLP batch
staged, others pending), ``staged`` (all batches staged, before validation),
``partitions`` (final Parquet partitions written, before the DuckDB commit),
``commit`` (inside the DuckDB transaction, rows inserted, before COMMIT),
``committed`` (after COMMIT, before staging clean-up and the lake ledger mark);
and in ``newsledger rebuild``: ``rebuilding`` (new file built, not yet renamed
over the old one).

This module imports only the standard library so that ``flows`` and
``warehouse`` can both call it.
"""

from __future__ import annotations

import os
import signal
import time

CRASH_ENV = "NEWSLEDGER_CRASH_AT"
PAUSE_ENV = "NEWSLEDGER_PAUSE_AT"

# Points of a pipeline run, in order.
RUN_POINTS = ("begun", "extracting", "staged", "partitions", "commit", "committed")
POINTS = (*RUN_POINTS, "rebuilding")


def _pause_seconds(point: str) -> float:
    for item in os.environ.get(PAUSE_ENV, "").split(","):
        name, _, secs = item.partition(":")
        if name.strip() == point:
            return float(secs or 5)
    return 0.0


def fault_point(point: str) -> None:
    """Kill or pause this process at ``point`` when the environment asks for it."""
    if point not in POINTS:
        # A typo in a call site would silently make a crash test pass.
        raise ValueError(f"unknown fault point {point!r}")
    pause = _pause_seconds(point)
    if pause > 0:
        time.sleep(pause)
    crash = {p.strip() for p in os.environ.get(CRASH_ENV, "").split(",")}
    if point in crash:
        os.kill(os.getpid(), signal.SIGKILL)
