"""Fixtures for the source reader tests: paths only, no spaCy needed."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").exists())
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "sources"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The shared corpus beside the repo; tests using it skip when it is absent."""
    path = REPO_ROOT.parent / "shared" / "corpus"
    if not path.is_dir():
        pytest.skip(f"shared corpus not found at {path}")
    return path


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES
