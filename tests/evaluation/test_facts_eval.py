"""The facts evaluation on a tiny corpus of our own: article pairs and mention pairs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsledger.evaluation.facts import evaluate_facts, format_report

STORY = (
    "Acme agreed to buy the widget maker for a sum its board called fair, after months of "
    "talks that twice broke down over the price of the factory in the north of the country. "
    "Staff at the plant were told on Friday that their jobs were safe for at least two years, "
    "and the union said it would ask for the promise in writing before the deal was signed."
)
OTHER = (
    "The city council voted to close the old swimming baths next spring after a survey found "
    "the roof unsafe and the boilers beyond repair. Campaigners said they would fight the "
    "decision and asked the mayor to find money for a new pool on the same site by the river."
)
HEADLINES = [
    ("h00001", "Acme to buy widget maker Widgetco for $5M", 1641800000),
    ("h00002", "Widgetco sold to Acme in $5M deal", 1641886400),
    ("h00003", "Mayor offers $5M for new swimming pool", 1641886400),
]


@pytest.fixture
def tiny(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "corpus"
    (root / "bbc" / "business").mkdir(parents=True)
    for name, text in (
        ("001", STORY),
        ("002", STORY.replace("Friday", "Thursday")),
        ("003", OTHER),
    ):
        (root / "bbc" / "business" / f"{name}.txt").write_text(text, encoding="utf-8")
    (root / "headlines").mkdir()
    (root / "headlines" / "headlines.jsonl").write_text(
        "".join(
            json.dumps({"id": i, "title": t, "timestamp": ts}) + "\n" for i, t, ts in HEADLINES
        ),
        encoding="utf-8",
    )
    (root / "web2020s").mkdir()
    (root / "web2020s" / "SOURCES.tsv").write_text(
        "id\turl\tdate\ttopic\tquery\n", encoding="utf-8"
    )

    def side(doc: str) -> dict[str, object]:
        title = next(t for i, t, _ in HEADLINES if i == doc)
        return {"doc": doc, "start": title.index("$5M"), "text": "$5M"}

    lines = [
        {"kind": "article", "a": "bbc/business/001", "b": "bbc/business/002", "label": "near"},
        {"kind": "article", "a": "bbc/business/001", "b": "bbc/business/003", "label": "different"},
        {"kind": "mention", "a": side("h00001"), "b": side("h00002"), "same_fact": True},
        {"kind": "mention", "a": side("h00001"), "b": side("h00003"), "same_fact": False},
        # Gold says different, the rules say same: one error, listed.
        {"kind": "mention", "a": side("h00002"), "b": side("h00001"), "same_fact": False},
    ]
    gold = tmp_path / "fact_pairs.jsonl"
    gold.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return gold, root


def test_scores_and_lists_every_error(tiny: tuple[Path, Path]) -> None:
    gold, root = tiny
    r = evaluate_facts(gold, root)
    assert (r.copies.tp, r.copies.n_pred, r.copies.n_gold) == (1, 1, 1)
    assert r.candidates_found == 1
    assert (r.same_fact.tp, r.same_fact.n_pred, r.same_fact.n_gold) == (1, 2, 1)
    assert [e.kind for e in r.errors] == ["mention"]
    text = format_report(r)
    assert "precision 0.500 recall 1.000" in text
    assert "expected different facts, got same fact" in text
