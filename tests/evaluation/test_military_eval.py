"""The military evaluation: scoring rules on a tiny corpus of our own, and the real
gold set against the targets of issue 5."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsledger.evaluation.military import (
    MilitaryReport,
    evaluate_military,
    format_report,
    read_military_gold,
)

GOLD = Path(__file__).resolve().parents[1] / "gold" / "military.jsonl"

# Our own writing, stored as a one-file "seed" corpus in a temp dir.
TEXT = (
    "Britain will send 300 troops to Estonia. "
    "A summit of 19 leaders met in Paris. "
    "Rebel shelling killed 12 civilians on Monday, and 40 more were feared dead. "
    "The navy bought 4 frigates."
)


def _line(**kw: object) -> str:
    return json.dumps({"doc": "seed/own", **kw})


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "corpus"
    (root / "seed").mkdir(parents=True)
    (root / "seed" / "own.txt").write_text(TEXT, encoding="utf-8")
    at = TEXT.index
    gold = tmp_path / "gold.jsonl"
    lines = [
        # right value and category, wrong unit on purpose ("soldier"), actor GBR
        _line(text="300 troops", start=at("300 troops"), value=300, low=None, high=None,
              qualifier=None, unit="soldier", category="personnel", actor="GBR"),
        _line(negative=True, text="19 leaders", start=at("19 leaders")),
        _line(text="12 civilians", start=at("12 civilians"), value=12, low=None, high=None,
              qualifier=None, unit="civilian", category="killed", actor=None),
        # ambiguous: a prediction here is neither a hit nor a false positive
        _line(text="40", start=at("40 more"), value=40, ambiguous=True, unit="person",
              category="killed", actor=None),
        # a gold figure the extractor cannot see (a deliberate miss)
        _line(text="Paris", start=at("Paris"), value=1, low=None, high=None, qualifier=None,
              unit="city", category="personnel", actor="FRA"),
    ]  # fmt: skip
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return gold, root


def test_scoring_rules_on_own_corpus(tiny_corpus: tuple[Path, Path]) -> None:
    gold, root = tiny_corpus
    report = evaluate_military(gold, root)
    assert report.n_docs == 1
    assert report.n_gold == 3  # ambiguous and negative lines are not scored
    # predictions: 300 troops, 12 civilians, 4 frigates (the "40" sits on an ambiguous line)
    assert report.n_pred == 3
    assert (report.value_category.tp, report.value_category_unit.tp) == (2, 1)
    assert report.per_category["killed"].tp == 1
    assert report.per_category["equipment"].n_pred == 1  # "4 frigates" is an FP here
    assert report.negatives_hit == 0
    assert (report.actor_correct, report.actor_paired, report.actor_gold) == (1, 1, 2)
    kinds = sorted(e.kind for e in report.errors)
    assert kinds == ["FN", "FP", "wrong_unit"]
    text = format_report(report)
    assert "value+category+unit" in text and "FN" in text


def test_gold_reader_keeps_negatives_and_ambiguous(tiny_corpus: tuple[Path, Path]) -> None:
    gold, _ = tiny_corpus
    by_doc, docs = read_military_gold(gold)
    assert docs == ["seed/own"]
    lines = by_doc["seed/own"]
    assert sum(g.negative for g in lines) == 1
    assert sum(g.ambiguous for g in lines) == 1
    assert all(TEXT[g.start : g.end] == g.text for g in lines)


@pytest.fixture(scope="module")
def gold_report(corpus_root: Path) -> MilitaryReport:
    if not GOLD.exists():
        pytest.skip(f"military gold set not found at {GOLD}")
    return evaluate_military(GOLD, corpus_root)


def test_gold_meets_issue_targets(gold_report: MilitaryReport) -> None:
    r = gold_report
    # floors below the measured dev scores (0.990, 0.982): a regression fails
    assert r.value_category.f1 >= 0.98, format_report(r)
    assert r.value_category_unit.f1 >= 0.97, format_report(r)
    assert r.actor_accuracy >= 0.80, format_report(r)


def test_gold_negatives_are_rarely_hit(gold_report: MilitaryReport) -> None:
    assert gold_report.negatives_hit <= 0.05 * gold_report.n_negatives


def test_counterpart_and_scope_are_scored_where_gold_has_them(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "seed").mkdir(parents=True)
    (root / "seed" / "own.txt").write_text(TEXT, encoding="utf-8")
    at = TEXT.index
    lines = [
        # counterpart and scope right
        _line(text="300 troops", start=at("300 troops"), value=300, unit="troop",
              category="personnel", actor="GBR", counterpart="EST", scope="event"),
        # scope wrong on purpose (an event written as cumulative); counterpart null right
        _line(text="12 civilians", start=at("12 civilians"), value=12, unit="civilian",
              category="killed", actor=None, counterpart=None, scope="cumulative"),
        # no counterpart / scope fields: not scored for them
        _line(text="4 frigates", start=at("4 frigates"), value=4, unit="frigate",
              category="equipment", actor=None),
    ]  # fmt: skip
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = evaluate_military(gold, root)
    assert (report.counterpart_correct, report.counterpart_scored) == (2, 2)
    assert (report.scope_correct, report.scope_scored) == (1, 2)
    assert [e.kind for e in report.errors if e.kind.startswith("wrong_s")] == ["wrong_scope"]
    assert "counterpart accuracy" in format_report(report)
