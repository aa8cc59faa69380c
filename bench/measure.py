"""Run a command as a subprocess; measure its wall time and the peak RSS of its
whole process tree (workers, forkserver and the Prefect server included)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import psutil

POLL_SECONDS = 0.1


@dataclass
class Measured:
    """One subprocess run."""

    argv: list[str]
    seconds: float
    returncode: int
    peak_rss: int  # bytes, sum over the process tree at its largest sample
    peak_rss_single: int  # bytes, the largest single process seen
    stdout: str
    stderr: str
    summary: dict[str, Any] = field(default_factory=dict)  # parsed --json output, if any
    phases: dict[str, float] = field(default_factory=dict)  # from Prefect's log timestamps


# Prefect's console log lines start with a local HH:MM:SS.fff time; these
# messages mark where a run's start-up ends and its teardown begins.
_LOG_TIME = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) \| ", re.MULTILINE)
# Prefect's own temporary server logs "... temporary server"; the one the CLI
# starts itself (flows/api_server.py) logs "... temporary Prefect API".
_MARKS = (
    ("server_starting", ("Starting temporary server", "Starting temporary Prefect API")),
    ("flow_begins", ("Beginning flow run",)),
    ("flow_finished", ("Finished in state",)),  # the flow's line is the last such line
    ("server_stopping", ("Stopping temporary server", "Stopping temporary Prefect API")),
)


def log_marks(stderr: str, started: datetime) -> dict[str, float]:
    """Seconds after ``started`` at which each marked log line was printed."""
    marks: dict[str, float] = {}
    for line in stderr.splitlines():
        m = _LOG_TIME.match(line)
        if not m:
            continue
        h, mi, sec, ms = (int(g) for g in m.groups())
        at = started.replace(hour=h, minute=mi, second=sec, microsecond=ms * 1000)
        if at < started - timedelta(seconds=1):  # the run crossed midnight
            at += timedelta(days=1)
        for name, texts in _MARKS:
            if any(t in line for t in texts) and (name == "flow_finished" or name not in marks):
                if name == "flow_finished" and "Flow run" not in line:
                    continue
                marks[name] = (at - started).total_seconds()
    return marks


def run_phases(stderr: str, started: datetime, seconds: float) -> dict[str, float]:
    """Wall seconds of a ``newsledger run`` by phase, from its log timestamps:
    interpreter start and imports, Prefect server start, the flow, the rest
    of the flow's teardown, server stop and exit. Empty if a mark is missing."""
    m = log_marks(stderr, started)
    if len(m) < len(_MARKS):
        return {}
    return {
        "python start (until the server is launched)": m["server_starting"],
        "Prefect server start (our imports overlap it)": m["flow_begins"] - m["server_starting"],
        "flow": m["flow_finished"] - m["flow_begins"],
        "after the flow, until server stop": m["server_stopping"] - m["flow_finished"],
        "server stop and exit": seconds - m["server_stopping"],
    }


def tree_rss(root: psutil.Process) -> tuple[int, int]:
    """Summed and largest RSS of ``root`` and all its descendants, in bytes."""
    total = largest = 0
    try:
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0, 0
    for p in procs:
        try:
            rss = p.memory_info().rss
        except psutil.Error:  # exited between listing and reading: not counted
            continue
        total += rss
        largest = max(largest, rss)
    return total, largest


class _RssPoller(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.peak = 0
        self.peak_single = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            total, largest = tree_rss(self.root)
            self.peak = max(self.peak, total)
            self.peak_single = max(self.peak_single, largest)
            self.done.wait(POLL_SECONDS)


def json_tail(text: str) -> dict[str, Any]:
    """The last top-level JSON object printed in ``text`` (log lines may precede it)."""
    start = text.rfind("\n{")
    start = 0 if text.startswith("{") and start < 0 else start + 1
    try:
        value = json.loads(text[start:])
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def run_measured(
    argv: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 3600.0,
) -> Measured:
    """Run ``argv`` to completion; raise ``RuntimeError`` with its stderr if it fails."""
    full_env = {**os.environ, **(env or {})}
    started = datetime.now()  # local time, as Prefect's log lines print it
    t = time.perf_counter()
    proc = subprocess.Popen(
        list(argv),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=full_env,
        cwd=cwd,
    )
    poller = _RssPoller(proc.pid)
    poller.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    finally:
        seconds = time.perf_counter() - t
        poller.done.set()
        poller.join()
    result = Measured(
        argv=list(argv),
        seconds=seconds,
        returncode=proc.returncode,
        peak_rss=poller.peak,
        peak_rss_single=poller.peak_single,
        stdout=out,
        stderr=err,
        summary=json_tail(out),
        phases=run_phases(err, started, seconds),
    )
    if proc.returncode != 0:
        tail = "\n".join(err.strip().splitlines()[-15:])
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}:\n{tail}")
    return result
