"""Scoring pieces shared by the gold-set evaluations (money, military)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Values within 0.5% count as equal: gold values are written from the text
# ("1.13bn"), predictions are floats.
VALUE_TOLERANCE = 0.005


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 from true positives and the two totals."""

    tp: int
    n_pred: int
    n_gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class EvalError:
    """One disagreement with the gold: its kind (FP, FN, wrong_value, ...), where
    it is, what was expected and got, and the text around it."""

    kind: str
    doc: str
    text: str
    start: int
    expected: str = ""
    got: str = ""
    context: str = ""


def values_close(a: float | None, b: float | None, tolerance: float = VALUE_TOLERANCE) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if b == 0:
        return a == 0
    return abs(a - b) <= tolerance * abs(b)


def overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def context(text: str, start: int, end: int, width: int = 40) -> str:
    """The span in [[brackets]] with ``width`` characters either side, one line."""
    left = text[max(0, start - width) : start].replace("\n", " ")
    right = text[end : end + width].replace("\n", " ")
    return f"...{left}[[{text[start:end]}]]{right}..."


def error_lines(errors: Sequence[Any], *, kind_width: int = 16, text_width: int = 24) -> list[str]:
    """The error list of a report: kind, doc, span text, what differed, context."""
    if not errors:
        return []
    lines = [f"errors ({len(errors)}):"]
    for e in errors:
        detail = f"expected {e.expected!r} got {e.got!r}" if e.expected or e.got else ""
        lines.append(
            f"  {e.kind:<{kind_width}}{e.doc:<18}{e.text!r:<{text_width}}{detail}  {e.context}"
        )
    return lines


def gold_lines(gold_path: Path) -> tuple[list[str], list[tuple[str, dict[str, Any]]]]:
    """A JSONL gold file as (docs in first-seen order, (doc, record) per line).

    Every doc listed counts as fully annotated, negatives-only docs included.
    """
    docs: list[str] = []
    seen: set[str] = set()
    lines: list[tuple[str, dict[str, Any]]] = []
    with Path(gold_path).open(encoding="utf-8") as fh:
        for raw in fh:
            raw = raw.strip()
            if not raw:
                continue
            rec: dict[str, Any] = json.loads(raw)
            doc = str(rec["doc"])
            if doc not in seen:
                seen.add(doc)
                docs.append(doc)
            lines.append((doc, rec))
    return docs, lines


def default_paths(gold_name: str) -> tuple[Path, Path]:
    """``tests/gold/<name>.jsonl`` and ``../shared/corpus`` seen from the repo root."""
    repo = Path(__file__).resolve().parents[2]
    return repo / "tests" / "gold" / f"{gold_name}.jsonl", repo.parent / "shared" / "corpus"


def run_main(
    gold_name: str,
    evaluate: Callable[[Path, Path], object],
    render: Callable[[object], str],
    argv: list[str] | None = None,
) -> int:
    """``python -m newsledger.evaluation.<name> [GOLD] [CORPUS]``."""
    args = list(sys.argv[1:] if argv is None else argv)
    gold_default, corpus_default = default_paths(gold_name)
    gold = Path(args[0]) if args else gold_default
    corpus = Path(args[1]) if len(args) > 1 else corpus_default
    print(render(evaluate(gold, corpus)))
    return 0
