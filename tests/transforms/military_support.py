"""Helpers shared by the military test files (not a test module)."""

from __future__ import annotations

from spacy.language import Language

from transforms.military import extract_military
from transforms.money import extract_money
from transforms.records import MilitaryFigure


def figures(nlp: Language, text: str) -> list[MilitaryFigure]:
    """Military figures of ``text``, with its money figures as the pipeline passes them."""
    return extract_military(nlp(text), money=extract_money(text))


def summary(found: list[MilitaryFigure]) -> list[tuple[str, float, str, str, str | None]]:
    """(text, value, unit, category, actor) of each figure: readable assertion output."""
    return [(f.text, f.value, f.unit, f.category, f.actor_iso3 or f.actor_name) for f in found]


def find(found: list[MilitaryFigure], text: str) -> MilitaryFigure:
    """The one figure whose span is ``text``."""
    hits = [f for f in found if f.text == text]
    assert len(hits) == 1, summary(found)
    return hits[0]
