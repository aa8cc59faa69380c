"""Helpers shared by the money-role test files (not a test module)."""

from __future__ import annotations

from datetime import datetime

from spacy.language import Language

from transforms.entities import extract_entities
from transforms.money import extract_money
from transforms.records import MoneyFigure
from transforms.roles import attach_money_roles


def money(nlp: Language, text: str, published: datetime | None = None) -> list[MoneyFigure]:
    """Money figures of ``text`` with payer and payee, as the pipeline attaches them."""
    doc = nlp(text)
    mentions, _ = extract_entities(doc)
    return attach_money_roles(doc, extract_money(text), mentions=mentions, published=published)


def roles(
    nlp: Language, text: str, published: datetime | None = None
) -> tuple[str | None, str | None]:
    """(payer name, payee name) of the one money figure of ``text``."""
    found = money(nlp, text, published)
    assert len(found) == 1, [m.text for m in found]
    return found[0].payer_name, found[0].payee_name
