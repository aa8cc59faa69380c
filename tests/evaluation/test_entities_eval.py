"""Entity evaluation: scoring rules on hand-made data, then the real run on the gold set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsledger.evaluation.entities import (
    Counts,
    EntityReport,
    GoldEntity,
    evaluate_entities,
    format_report,
    raw_spacy_entities,
    score_article,
)
from transforms.records import Entity, EntityMention

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "tests" / "gold" / "entities.jsonl"


@pytest.fixture(scope="session")
def corpus_root() -> Path:
    root = REPO.parent / "shared" / "corpus"
    if not root.is_dir():
        pytest.skip(f"shared corpus not found at {root}")
    return root


@pytest.fixture(scope="session")
def gold_path() -> Path:
    if not GOLD.exists() or not GOLD.read_text(encoding="utf-8").strip():
        pytest.skip(f"gold file {GOLD} missing or empty")
    return GOLD


def _mention(text: str, label: str, eid: str, name: str) -> EntityMention:
    return EntityMention("a", 0, len(text), text, label, eid, name)


GOLD_ENTITIES = [
    GoldEntity("Keir Starmer", "PERSON", ("Sir Keir Starmer", "Sir Keir"), None, False),
    GoldEntity("United States", "GPE", ("US", "America"), "USA", False),
    GoldEntity("Lancaster House", "LOC", ("Lancaster House",), None, True),
    GoldEntity("European Union", "ORG", ("EU",), None, False),
]


def test_score_counts_found_spurious_split_and_ignores_ambiguous() -> None:
    entities = [
        Entity("p1", "Keir Starmer", "PERSON"),
        Entity("p2", "Keir", "PERSON"),  # the split-off first name
        Entity("country:USA", "USA!", "GPE", "USA"),  # found through iso3, not the name
        Entity("l1", "Lancaster House", "GPE"),  # ambiguous gold: neither right nor wrong
        Entity("o1", "Leading European", "ORG"),  # spurious
        Entity("n1", "Ukrainian", "NORP", "UKR"),  # NORP is not scored
    ]
    mentions = [
        _mention("Keir Starmer", "PERSON", "p1", "Keir Starmer"),
        _mention("Keir", "PERSON", "p2", "Keir"),
        _mention("US", "GPE", "country:USA", "USA!"),
    ]
    score = score_article("d", GOLD_ENTITIES, mentions, entities)
    assert score.counts == Counts(gold=3, found=2, correct=2, spurious=2, split=1)
    assert score.missed == ("ORG:European Union",)
    assert set(score.spurious) == {"PERSON:Keir", "ORG:Leading European"}
    assert score.split == ("Keir Starmer",)
    assert score.counts.recall == pytest.approx(2 / 3)
    assert score.counts.precision == pytest.approx(0.5)


def test_label_groups_must_agree() -> None:
    entities = [Entity("x", "European Union", "GPE")]  # right name, wrong group
    score = score_article("d", GOLD_ENTITIES, [], entities)
    assert score.counts.found == 0 and score.counts.spurious == 1


def test_format_report_lists_articles_and_totals() -> None:
    score = score_article("doc/1", GOLD_ENTITIES, [], [Entity("o", "EU thing", "ORG")])
    report = EntityReport((score,), by_group=dict(score.by_group))
    text = format_report(report)
    assert "doc/1" in text and "missed:" in text and "split rate" in text
    assert text.splitlines()[-2].startswith("all")


@pytest.fixture(scope="session")
def report(gold_path: Path, corpus_root: Path) -> EntityReport:
    return evaluate_entities(gold_path, corpus_root)


def test_gold_run_meets_issue_targets(report: EntityReport, gold_path: Path) -> None:
    n_docs = sum(1 for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip())
    assert len(report.articles) == n_docs, report.missing_docs
    total = report.total
    assert total.recall >= 0.90, format_report(report)
    assert total.precision >= 0.85, format_report(report)
    for group in ("person", "place"):
        c = report.by_group[group]
        assert c.recall >= 0.90 and c.precision >= 0.85, format_report(report)
    # Organisations were the weak group (see docs/entities.md); now held to the target too.
    org = report.by_group["org"]
    assert org.recall >= 0.85 and org.precision >= 0.85, format_report(report)
    assert report.split_rate <= 0.03


def test_repair_beats_raw_spacy_on_gold(
    report: EntityReport, gold_path: Path, corpus_root: Path
) -> None:
    ours = report.total
    raw = evaluate_entities(gold_path, corpus_root, extractor=raw_spacy_entities).total
    assert ours.recall > raw.recall and ours.precision > raw.precision + 0.15


def test_gold_lines_are_well_formed(gold_path: Path) -> None:
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            assert row["doc"] and isinstance(row["entities"], list)
