from __future__ import annotations

from pathlib import Path

import pytest

from expectations.validate import ValidationOutcome, validate_batch
from tests.expectations.batch import LOAD_ID, NOW, batch_rows, to_tables
from tests.expectations.dirty import dirty_batch


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    root = Path(__file__).resolve().parents[2]
    corpus = root.parent / "shared" / "corpus"
    if not (corpus / "bbc").is_dir():
        pytest.skip(f"shared corpus not found at {corpus}")
    return corpus


@pytest.fixture(scope="session")
def clean_outcome() -> ValidationOutcome:
    # One GX run per batch: each run costs ~3 s of GX overhead whatever its size.
    return validate_batch(to_tables(batch_rows()), load_id=LOAD_ID, now=NOW)


@pytest.fixture(scope="session")
def dirty_outcome() -> ValidationOutcome:
    tables, _ = dirty_batch()
    return validate_batch(tables, load_id=LOAD_ID, now=NOW)
