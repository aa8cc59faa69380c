"""Roles on the real 2020s dev gold (web2020s): actor and counterpart accuracy of the
production extractor on the three dev files stay at or above the measured scores
(docs/military.md "Results"). Floors sit just below the measured figures, so a
regression of the roles engine fails; they are raised, never lowered."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.evaluation.military import evaluate_military, format_report

GOLD_DIR = Path(__file__).resolve().parents[1] / "gold"

# (file, actor floor, counterpart floor): measured 0.787 / 0.826, 0.926 / 0.830,
# 0.917 / 0.933, 0.786 / 0.769 (paired figures with a gold actor; paired figures)
FLOORS = [
    ("military_2020s.jsonl", 0.78, 0.82),
    ("military_2020s_extra.jsonl", 0.92, 0.82),
    ("military_2020s_blind.jsonl", 0.91, 0.93),
    ("military_2020s_fresh.jsonl", 0.78, 0.76),
]


@pytest.mark.parametrize(("name", "actor", "counterpart"), FLOORS)
def test_dev_roles_stay_at_their_measured_scores(
    corpus_root: Path, name: str, actor: float, counterpart: float
) -> None:
    if not (corpus_root / "web2020s" / "docs").exists():
        pytest.skip("web2020s corpus not found")
    report = evaluate_military(GOLD_DIR / name, corpus_root)
    assert report.actor_accuracy >= actor, format_report(report)
    assert report.counterpart_accuracy >= counterpart, format_report(report)
