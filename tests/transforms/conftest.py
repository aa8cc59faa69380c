"""Fixtures shared by the transforms tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

from transforms.nlp import load_nlp


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The pipeline's spaCy model, loaded once for the session."""
    return load_nlp()
