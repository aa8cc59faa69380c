"""The money-roles evaluation: scoring rules on a tiny corpus of our own."""

from __future__ import annotations

import json
from pathlib import Path

from newsledger.evaluation.roles import evaluate_roles, format_report, name_matches

TEXT = (
    "Amazon agreed to pay California $500,000 to settle the case. "
    "Japan gives the Philippines $400m for patrol boats. "
    "Microsoft reported revenue of $52bn."
)


def _line(**kw: object) -> str:
    return json.dumps({"doc": "seed/own", **kw})


def test_slots_are_scored_name_or_null(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "seed").mkdir(parents=True)
    (root / "seed" / "own.txt").write_text(TEXT, encoding="utf-8")
    at = TEXT.index
    lines = [
        _line(text="$500,000", start=at("$500,000"), payer="Amazon", payee="California"),
        # payee wrong on purpose; the payer slot is ambiguous and not scored
        _line(text="$400m", start=at("$400m"), payer="Japan", payee="Vietnam",
              roles_ambiguous=["payer"]),
        # revenue: no roles, NULL is right
        _line(text="$52bn", start=at("$52bn"), payer=None, payee=None),
        # a figure the extractor cannot find: its named slot is wrong, its null slot right
        _line(text="Microsoft", start=at("Microsoft"), payer="Microsoft", payee=None),
    ]  # fmt: skip
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = evaluate_roles(gold, root)
    assert (report.n_gold, report.n_paired) == (4, 3)
    payer, payee = report.slots["payer"], report.slots["payee"]
    assert (payer.correct, payer.scored) == (2, 3)
    assert (payee.correct, payee.scored) == (3, 4)
    kinds = sorted(e.kind for e in report.errors)
    assert kinds == ["payer_missing", "wrong_payee"]
    assert "all slots" in format_report(report)


def test_country_names_match_by_code() -> None:
    assert name_matches("United Kingdom", "UK")
    assert name_matches(None, None)
    assert not name_matches("Japan", None)
    assert not name_matches("France", "Germany")
