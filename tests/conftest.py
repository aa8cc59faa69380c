"""Shared fixtures. Sections: environment, corpus paths (lead); warehouse fixtures below."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# ---------------------------------------------------------------- environment
# No network here: Prefect and GX must not phone home, and every test session
# gets its own Prefect home so ephemeral runs never touch a user's profile.
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["GX_ANALYTICS_ENABLED"] = "false"
os.environ["DO_NOT_TRACK"] = "1"
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="newsledger-prefect-"))
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# The CLI's log file (tracebacks of failed commands): never the user's state dir.
os.environ.setdefault("NEWSLEDGER_LOG_DIR", tempfile.mkdtemp(prefix="newsledger-log-"))

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "newsledger" / "samples"


# ---------------------------------------------------------------- corpus paths
def _corpus_root() -> Path:
    env = os.environ.get("NEWSLEDGER_CORPUS")
    return Path(env) if env else ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus_root() -> Path:
    root = _corpus_root()
    if not root.exists():
        pytest.skip(f"shared corpus not found at {root}")
    return root


@pytest.fixture(scope="session")
def seed_path(corpus_root: Path) -> Path:
    return corpus_root / "seed" / "000_73680ecff1553328.txt"


# ------------------------------------------------- warehouse fixtures (issue 8)
# One Prefect API server and one loaded warehouse per session; tests that
# change a warehouse work on a copy (``warehouse_copy``). Subprocess runs reach
# the same server through PREFECT_API_URL (``subprocess_env``), so no run
# starts its own ephemeral server.
WAREHOUSE_FIXTURES = ROOT / "tests" / "fixtures" / "warehouse"


@pytest.fixture(scope="session")
def prefect_api_url() -> Iterator[str]:
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    if os.environ.get("PREFECT_API_URL"):
        yield os.environ["PREFECT_API_URL"]
        return
    # None: use PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS (a loaded
    # 2-core machine can need a minute).
    with prefect_test_harness(server_startup_timeout=None):
        yield str(PREFECT_API_URL.value())


@pytest.fixture(scope="session")
def subprocess_env(prefect_api_url: str) -> dict[str, str]:
    """Environment for `newsledger`/python subprocesses: the session's Prefect server."""
    env = dict(os.environ)
    env["PREFECT_API_URL"] = prefect_api_url
    env.pop("NEWSLEDGER_CRASH_AT", None)
    env.pop("NEWSLEDGER_PAUSE_AT", None)
    return env


@dataclass(frozen=True)
class LoadedWarehouse:
    path: Path
    sources: tuple[str, ...]  # source paths given to the run
    summary: Any  # flows.pipeline.RunSummary of the one load


def copy_warehouse(src: Path, dest_dir: Path) -> Path:
    """Copy a warehouse nobody writes: its SQLite catalog (with its WAL) and
    its data folder; returns the new catalog file's path."""
    from warehouse.catalog import close_writers

    close_writers()  # this process's idle writer connections: WAL checkpointed
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / src.name
    for suffix in ("", "-wal", "-shm"):
        part = src.with_name(src.name + suffix)
        if part.exists():
            shutil.copy2(part, dest.with_name(dest.name + suffix))
    data = src.with_name(src.stem + "_data")
    if data.exists():
        shutil.copytree(data, dest.with_name(dest.stem + "_data"))
    return dest


@pytest.fixture(scope="session")
def loaded_warehouse(
    tmp_path_factory: pytest.TempPathFactory, corpus_root: Path, prefect_api_url: str
) -> LoadedWarehouse:
    """The samples, the seed article and our own desk.jsonl, loaded once."""
    from flows.run import run_pipeline
    from transforms.sources import spec_from_path

    work = tmp_path_factory.mktemp("loaded")
    inputs = work / "inputs"
    inputs.mkdir()
    # A copy, so tests can change an article and re-run with the same source name.
    shutil.copy(WAREHOUSE_FIXTURES / "desk.jsonl", inputs / "desk.jsonl")
    sources = (str(SAMPLES), str(corpus_root / "seed"), str(inputs / "desk.jsonl"))
    summary = run_pipeline(
        [spec_from_path(s) for s in sources], work / "w.sqlite", workers=0, batch_size=4
    )
    return LoadedWarehouse(path=work / "w.sqlite", sources=sources, summary=summary)


@pytest.fixture
def warehouse_copy(loaded_warehouse: LoadedWarehouse, tmp_path: Path) -> Path:
    return copy_warehouse(loaded_warehouse.path, tmp_path / "wh")
