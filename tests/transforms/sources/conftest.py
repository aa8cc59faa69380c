"""Fixtures for the source reader tests: paths only, no spaCy needed.

The shared corpus comes from the root conftest's ``corpus_root`` fixture
(``../shared/corpus`` beside the repo, or $NEWSLEDGER_CORPUS; skips when absent).
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").exists())
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "sources"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES
