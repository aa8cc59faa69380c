"""Shared fixtures. Sections: environment, corpus paths (lead); warehouse fixtures below."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

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
