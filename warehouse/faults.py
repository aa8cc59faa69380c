"""Test-only fault injection: named points where a run can be killed or paused.

Crash safety is only proven by really killing a run, so the pipeline calls
``fault_point(name)`` at the moments that matter. Nothing happens unless an
environment variable asks for it:

- ``NEWSLEDGER_CRASH_AT=<point>[,<point>...]``: the process SIGKILLs itself
  at that point (no clean-up handlers, no ``finally`` blocks: like ``kill -9``
  or the OOM killer).
- ``NEWSLEDGER_PAUSE_AT=<point>:<seconds>[,...]``: the process sleeps there
  the first time it passes the point, e.g. to hold its commit transaction open
  while another writer commits (the redone transaction then does not pause).
  With ``NEWSLEDGER_RESUME_FILE=<path>`` too, the process first creates
  ``<path>.paused`` and the pause ends as soon as ``<path>`` exists: a test
  can act while the run is known to be paused, then let it go on.

Points, in run order (see docs/warehouse.md):
``begun`` (ledger row 'running' written), ``extracting`` (first NLP batch
staged, others pending), ``staged`` (all batches staged, before validation),
``partitions`` (validated tables written to staging, before the commit),
``commit`` (inside the catalog transaction, rows inserted, before COMMIT),
``committed`` (after COMMIT, before the staging clean-up).

This module imports only the standard library so that ``flows`` and
``warehouse`` can both call it.
"""

from __future__ import annotations

import os
import signal
import time

CRASH_ENV = "NEWSLEDGER_CRASH_AT"
PAUSE_ENV = "NEWSLEDGER_PAUSE_AT"
RESUME_ENV = "NEWSLEDGER_RESUME_FILE"
# How often a pause checks for its resume file.
_RESUME_POLL_SECONDS = 0.1

# Points of a pipeline run, in order.
RUN_POINTS = ("begun", "extracting", "staged", "partitions", "commit", "committed")
POINTS = RUN_POINTS
_PAUSED: set[str] = set()


def _pause_seconds(point: str) -> float:
    for item in os.environ.get(PAUSE_ENV, "").split(","):
        name, _, secs = item.partition(":")
        if name.strip() == point:
            return float(secs or 5)
    return 0.0


def _sleep(seconds: float, resume: str | None) -> None:
    if not resume:
        time.sleep(seconds)
        return
    with open(resume + ".paused", "w", encoding="utf-8") as mark:
        mark.write(str(os.getpid()))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not os.path.exists(resume):
        time.sleep(_RESUME_POLL_SECONDS)


def fault_point(point: str) -> None:
    """Kill or pause this process at ``point`` when the environment asks for it."""
    if point not in POINTS:
        # A typo in a call site would silently make a crash test pass.
        raise ValueError(f"unknown fault point {point!r}")
    pause = _pause_seconds(point)
    if pause > 0 and point not in _PAUSED:
        _PAUSED.add(point)
        _sleep(pause, os.environ.get(RESUME_ENV))
    crash = {p.strip() for p in os.environ.get(CRASH_ENV, "").split(",")}
    if point in crash:
        os.kill(os.getpid(), signal.SIGKILL)
