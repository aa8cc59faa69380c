"""The evaluations extract with the production path (newsledger/evaluation/production.py)."""

from __future__ import annotations

from newsledger.evaluation.production import extract_gold_docs
from transforms.records import ArticleRecord

FULL = "Prime Minister Tony Blair spoke in London on Monday about the budget."
SURNAME_ONLY = "Blair said the plan would cost £2bn over five years."


def test_gold_docs_are_linked_across_the_batch_as_in_a_load() -> None:
    extracted = extract_gold_docs({"gold/full": FULL, "gold/short": SURNAME_ONLY})
    assert set(extracted) == {"gold/full", "gold/short"}
    full = {e.name: e.entity_id for e in extracted["gold/full"].entities}
    short = {e.name: e.entity_id for e in extracted["gold/short"].entities}
    # extract_batch links the lone surname to the full name of the other article.
    assert short.get("Tony Blair") == full["Tony Blair"], short
    assert [m.value for m in extracted["gold/short"].money] == [2e9]


def test_gold_docs_are_articles_of_their_own_text() -> None:
    extracted = extract_gold_docs({"gold/short": SURNAME_ONLY})
    article = extracted["gold/short"].article
    assert isinstance(article, ArticleRecord)
    assert article.text == SURNAME_ONLY and article.source_id == "gold/short"
    # Offsets count in the gold text itself.
    (money,) = extracted["gold/short"].money
    assert SURNAME_ONLY[money.start_char : money.end_char] == "£2bn"
