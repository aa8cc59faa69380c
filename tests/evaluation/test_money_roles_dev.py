"""Money roles on the real dev gold: all-slot accuracy (name right, or NULL where none is
stated) of the production extractor on each dev file stays at or above the measured
score (tests/gold/README_money_roles_*.md). Floors sit just below the measured figures,
so a regression of the roles engine fails; they are raised, never lowered."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.evaluation.roles import evaluate_roles, format_report

GOLD_DIR = Path(__file__).resolve().parents[1] / "gold"

# (file, floor): measured 0.905, 0.985, 0.971, 0.976, 0.985
FLOORS = [
    ("money_roles.jsonl", 0.90),
    ("money_roles_2020s.jsonl", 0.98),
    ("money_roles_fresh.jsonl", 0.97),
    ("money_roles_2020s_new.jsonl", 0.97),
    ("money_roles_written.jsonl", 0.98),
]


@pytest.mark.parametrize(("name", "floor"), FLOORS)
def test_dev_money_roles_stay_at_their_measured_scores(
    corpus_root: Path, name: str, floor: float
) -> None:
    if not (corpus_root / "web2020s" / "docs").exists():
        pytest.skip("web2020s corpus not found")
    report = evaluate_roles(GOLD_DIR / name, corpus_root)
    assert report.accuracy >= floor, format_report(report)
