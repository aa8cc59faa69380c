"""Score the money figures of the production path against a money gold set.

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

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from newsledger.evaluation.corpus import load_gold_docs, load_gold_published
from newsledger.evaluation.production import production_extractor
from newsledger.evaluation.scoring import (
    PRF,
    EvalError,
    context,
    error_lines,
    gold_lines,
    overlaps,
    run_main,
    values_close,
)
from transforms.records import MoneyFigure

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


MoneyError = EvalError  # kinds: see the evaluation below


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
    docs, lines = gold_lines(gold_path)
    by_doc: dict[str, list[GoldMoney]] = {doc: [] for doc in docs}
    for doc, rec in lines:
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


@dataclass
class _Tally:
    """Running counts of one money evaluation."""

    n_gold: int = 0
    n_pred: int = 0
    tp_span: int = 0
    tp_value: int = 0
    tp_cur: int = 0
    tp_both: int = 0
    qual_ok: int = 0
    range_ok: int = 0


def _attribute_errors(p: Any, g: GoldMoney, doc: str, text: str, tally: _Tally) -> list[MoneyError]:
    """Score one prediction whose span matches a gold mention: which attributes are wrong."""
    errors: list[MoneyError] = []
    tally.tp_span += 1
    v_ok = values_close(p.value, g.value)
    c_ok = p.currency == g.currency
    tally.tp_value += v_ok
    tally.tp_cur += c_ok
    tally.tp_both += v_ok and c_ok
    ctx = context(text, p.start_char, p.end_char, width=40)

    def wrong(kind: str, expected: str, got: str) -> None:
        errors.append(MoneyError(kind, doc, p.text, p.start_char, expected, got, ctx))

    if not v_ok:
        wrong("wrong_value", f"{g.value}", f"{p.value:g}")
    if not c_ok:
        wrong("wrong_currency", f"{g.currency}", f"{p.currency}")
    if p.qualifier == g.qualifier:
        tally.qual_ok += 1
    else:
        wrong("wrong_qualifier", f"{g.qualifier}", f"{p.qualifier}")
    if values_close(p.low, g.low) and values_close(p.high, g.high):
        tally.range_ok += 1
    else:
        wrong("wrong_range", f"{g.low}..{g.high}", f"{p.low}..{p.high}")
    return errors


def _document_errors(
    preds: list[Any], golds: list[GoldMoney], doc: str, text: str, tally: _Tally
) -> list[MoneyError]:
    """Match one document's predictions to its gold mentions; every error found."""
    positives = [g for g in golds if not g.ambiguous]
    ambiguous = [g for g in golds if g.ambiguous]
    by_key = {(g.start, g.text): g for g in positives}
    matched: set[tuple[int, str]] = set()
    errors: list[MoneyError] = []
    tally.n_gold += len(positives)
    for p in preds:
        key = (p.start_char, p.text)
        g = by_key.get(key)
        if g is None:
            if any(
                overlaps(p.start_char, p.end_char, a.start, a.start + len(a.text))
                for a in ambiguous
            ):
                continue  # an ambiguous gold span neither rewards nor punishes
            tally.n_pred += 1
            errors.append(
                MoneyError(
                    "FP",
                    doc,
                    p.text,
                    p.start_char,
                    got=f"{p.value:g} {p.currency}",
                    context=context(text, p.start_char, p.end_char, width=40),
                )
            )
            continue
        tally.n_pred += 1
        matched.add(key)
        errors.extend(_attribute_errors(p, g, doc, text, tally))
    for g in positives:
        if (g.start, g.text) not in matched:
            errors.append(
                MoneyError(
                    "FN",
                    doc,
                    g.text,
                    g.start,
                    expected=f"{g.value} {g.currency}",
                    context=context(text, g.start, g.start + len(g.text), width=40),
                )
            )
    return errors


def evaluate_money(
    gold_path: Path, corpus_root: Path, *, extractor: Extractor | None = None
) -> MoneyReport:
    """Run the production path (``newsledger.evaluation.production``) on every gold
    document and score it (see module doc); ``extractor`` replaces it, called like
    ``extract_money``, to score a baseline."""
    gold, docs = read_money_gold(gold_path)
    texts = load_gold_docs(corpus_root, docs)
    published = load_gold_published(corpus_root, docs)
    if extractor is None:
        produced = production_extractor(texts, published, "money")
        extractor = lambda text, *, article_id, published: produced(text, article_id)  # noqa: E731
    tally = _Tally()
    errors: list[MoneyError] = []
    for doc in docs:
        pub: datetime | None = published.get(doc)
        preds = extractor(texts[doc], article_id=doc, published=pub)
        errors.extend(_document_errors(list(preds), gold[doc], doc, texts[doc], tally))
    t = tally
    return MoneyReport(
        n_docs=len(docs),
        n_gold=t.n_gold,
        n_pred=t.n_pred,
        span=PRF(t.tp_span, t.n_pred, t.n_gold),
        value=PRF(t.tp_value, t.n_pred, t.n_gold),
        currency=PRF(t.tp_cur, t.n_pred, t.n_gold),
        value_currency=PRF(t.tp_both, t.n_pred, t.n_gold),
        qualifier_accuracy=t.qual_ok / t.tp_span if t.tp_span else 1.0,
        range_accuracy=t.range_ok / t.tp_span if t.tp_span else 1.0,
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
    lines.extend(error_lines(report.errors, kind_width=16, text_width=24))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    return run_main("money", evaluate_money, format_report, argv)  # type: ignore[arg-type]


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
