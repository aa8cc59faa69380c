"""Helpers shared by the entity test files (not a test module)."""

from __future__ import annotations

from spacy.language import Language

from transforms.entities import extract_entities
from transforms.records import Entity, EntityMention

# Label -> the group the gold sets score by (person / org / place).
GROUP = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place"}


def extracted(nlp: Language, text: str) -> tuple[list[EntityMention], list[Entity]]:
    """Mentions and entities of ``text`` as one article."""
    return extract_entities(nlp(text), article_id="t")
