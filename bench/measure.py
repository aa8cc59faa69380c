"""Run a command as a subprocess; measure its wall time and the peak RSS of its
whole process tree (workers, forkserver and the Prefect server included)."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
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
    )
    if proc.returncode != 0:
        tail = "\n".join(err.strip().splitlines()[-15:])
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}:\n{tail}")
    return result
