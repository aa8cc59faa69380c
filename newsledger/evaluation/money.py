"""Score ``transforms.money.extract_money`` against a money gold set.

Gold format (``annotation-guidelines.md``, ``tests/gold/MONEY_RULES.md``): one JSON
object a line, ``{"doc", "text", "start", "value", "currency", "low", "high",
"qualifier"}``; a document with no money appears once with ``"negative": true``;
lines with ``"ambiguous": true`` are neither required nor penalised (a prediction
overlapping one is ignored). Every listed document is fully annotated, so any
extra prediction in it is a false positive.

Four precision/recall/F1 triples, each over the same predictions and gold lines:

- ``span``: exact text and start offset;
- ``value``: span match and value within 0.5% relative;
- ``currency``: span match and the same ISO code (or both None);
- ``value_currency``: span match, value and currency all right.

Run: ``python -m newsledger.evaluation.money [gold.jsonl] [corpus_root]``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from newsledger.evaluation.corpus import load_gold_docs, load_gold_published
from transforms.money import extract_money
from transforms.records import MoneyFigure

VALUE_TOLERANCE = 0.005  # relative; rounding in the text ("£1.6bn") is exact anyway

Extractor = Callable[..., list[MoneyFigure]]


@dataclass(frozen=True, slots=True)
class GoldMoney:
    doc: str
    text: str
    start: int
    value: float | None
    currency: str | None
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None
    ambiguous: bool = False


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
class MoneyError:
    kind: str  # FP | FN | wrong_value | wrong_currency | wrong_qualifier | wrong_range
    doc: str
    text: str
    start: int
    expected: str = ""
    got: str = ""
    context: str = ""


@dataclass(slots=True)
class MoneyReport:
    n_docs: int
    n_gold: int  # positive, non-ambiguous gold mentions
    n_pred: int  # predictions, excluding those on ambiguous gold spans
    span: PRF
    value: PRF
    currency: PRF
    value_currency: PRF
    qualifier_accuracy: float  # among span matches
    range_accuracy: float  # low/high right among span matches
    errors: list[MoneyError] = field(default_factory=list)


def read_money_gold(gold_path: Path) -> tuple[dict[str, list[GoldMoney]], list[str]]:
    """Positive and ambiguous gold mentions by doc, and the list of all docs (in order)."""
    by_doc: dict[str, list[GoldMoney]] = {}
    docs: list[str] = []
    with Path(gold_path).open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            rec: dict[str, Any] = json.loads(line)
            doc = str(rec["doc"])
            if doc not in by_doc:
                by_doc[doc] = []
                docs.append(doc)
            if rec.get("negative"):
                continue
            by_doc[doc].append(
                GoldMoney(
                    doc=doc,
                    text=rec["text"],
                    start=int(rec["start"]),
                    value=rec.get("value"),
                    currency=rec.get("currency"),
                    low=rec.get("low"),
                    high=rec.get("high"),
                    qualifier=rec.get("qualifier"),
                    ambiguous=bool(rec.get("ambiguous")),
                )
            )
    return by_doc, docs


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if b == 0:
        return a == 0
    return abs(a - b) <= VALUE_TOLERANCE * abs(b)


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    left = text[max(0, start - width) : start].replace("\n", " ")
    right = text[end : end + width].replace("\n", " ")
    return f"...{left}[[{text[start:end]}]]{right}..."


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def evaluate_money(
    gold_path: Path, corpus_root: Path, *, extractor: Extractor = extract_money
) -> MoneyReport:
    """Run the real extractor on every gold document and score it (see module doc)."""
    gold, docs = read_money_gold(gold_path)
    texts = load_gold_docs(corpus_root, docs)
    published = load_gold_published(corpus_root, docs)
    n_gold = n_pred = 0
    tp_span = tp_value = tp_cur = tp_both = 0
    qual_ok = range_ok = 0
    errors: list[MoneyError] = []
    for doc in docs:
        text = texts[doc]
        pub: datetime | None = published.get(doc)
        preds = extractor(text, article_id=doc, published=pub)
        positives = [g for g in gold[doc] if not g.ambiguous]
        ambiguous = [g for g in gold[doc] if g.ambiguous]
        by_key = {(g.start, g.text): g for g in positives}
        matched: set[tuple[int, str]] = set()
        n_gold += len(positives)
        for p in preds:
            key = (p.start_char, p.text)
            g = by_key.get(key)
            if g is None:
                if any(
                    _overlaps(p.start_char, p.end_char, a.start, a.start + len(a.text))
                    for a in ambiguous
                ):
                    continue
                n_pred += 1
                errors.append(
                    MoneyError(
                        "FP",
                        doc,
                        p.text,
                        p.start_char,
                        got=f"{p.value:g} {p.currency}",
                        context=_context(text, p.start_char, p.end_char),
                    )
                )
                continue
            n_pred += 1
            matched.add(key)
            tp_span += 1
            v_ok = _close(p.value, g.value)
            c_ok = p.currency == g.currency
            tp_value += v_ok
            tp_cur += c_ok
            tp_both += v_ok and c_ok
            ctx = _context(text, p.start_char, p.end_char)
            if not v_ok:
                errors.append(
                    MoneyError(
                        "wrong_value", doc, p.text, p.start_char, f"{g.value}", f"{p.value:g}", ctx
                    )
                )
            if not c_ok:
                errors.append(
                    MoneyError(
                        "wrong_currency",
                        doc,
                        p.text,
                        p.start_char,
                        f"{g.currency}",
                        f"{p.currency}",
                        ctx,
                    )
                )
            if p.qualifier == g.qualifier:
                qual_ok += 1
            else:
                errors.append(
                    MoneyError(
                        "wrong_qualifier",
                        doc,
                        p.text,
                        p.start_char,
                        f"{g.qualifier}",
                        f"{p.qualifier}",
                        ctx,
                    )
                )
            if _close(p.low, g.low) and _close(p.high, g.high):
                range_ok += 1
            else:
                errors.append(
                    MoneyError(
                        "wrong_range",
                        doc,
                        p.text,
                        p.start_char,
                        f"{g.low}..{g.high}",
                        f"{p.low}..{p.high}",
                        ctx,
                    )
                )
        for g in positives:
            if (g.start, g.text) not in matched:
                errors.append(
                    MoneyError(
                        "FN",
                        doc,
                        g.text,
                        g.start,
                        expected=f"{g.value} {g.currency}",
                        context=_context(text, g.start, g.start + len(g.text)),
                    )
                )
    return MoneyReport(
        n_docs=len(docs),
        n_gold=n_gold,
        n_pred=n_pred,
        span=PRF(tp_span, n_pred, n_gold),
        value=PRF(tp_value, n_pred, n_gold),
        currency=PRF(tp_cur, n_pred, n_gold),
        value_currency=PRF(tp_both, n_pred, n_gold),
        qualifier_accuracy=qual_ok / tp_span if tp_span else 1.0,
        range_accuracy=range_ok / tp_span if tp_span else 1.0,
        errors=errors,
    )


def format_report(report: MoneyReport) -> str:
    """A plain-text table of the scores followed by every error."""
    lines = [
        f"money gold: {report.n_docs} docs, {report.n_gold} gold mentions, "
        f"{report.n_pred} predictions",
        f"{'metric':<16}{'P':>8}{'R':>8}{'F1':>8}{'TP':>6}",
    ]
    for name, prf in (
        ("span", report.span),
        ("value", report.value),
        ("currency", report.currency),
        ("value+currency", report.value_currency),
    ):
        lines.append(f"{name:<16}{prf.precision:>8.3f}{prf.recall:>8.3f}{prf.f1:>8.3f}{prf.tp:>6d}")
    lines.append(f"qualifier accuracy (span matches): {report.qualifier_accuracy:.3f}")
    lines.append(f"range accuracy (span matches):     {report.range_accuracy:.3f}")
    if report.errors:
        lines.append(f"errors ({len(report.errors)}):")
        for e in report.errors:
            detail = f"expected {e.expected!r} got {e.got!r}" if e.expected or e.got else ""
            lines.append(f"  {e.kind:<16}{e.doc:<18}{e.text!r:<24}{detail}  {e.context}")
    return "\n".join(lines)


def _default_paths() -> tuple[Path, Path]:
    repo = Path(__file__).resolve().parents[2]
    return repo / "tests" / "gold" / "money.jsonl", repo.parent / "shared" / "corpus"


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    gold_default, corpus_default = _default_paths()
    gold = Path(args[0]) if args else gold_default
    corpus = Path(args[1]) if len(args) > 1 else corpus_default
    print(format_report(evaluate_money(gold, corpus)))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
