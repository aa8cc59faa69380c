"""Score ``transforms.military.extract_military`` against the military gold set.

Gold format (``annotation-guidelines.md``, ``tests/gold/MILITARY_RULES.md``): one JSON
object a line. Positive lines carry ``doc, text, start, value, low, high, qualifier,
unit, category, actor`` (``actor`` is an ISO3 code or an organisation short name
such as ``NATO``); ``"negative": true`` lines are deliberate hard non-figures;
``"ambiguous": true`` lines are neither required nor penalised (a prediction
overlapping one is ignored). Every document is fully annotated, so any other
prediction in it is a false positive.

The production path runs on the gold documents (``newsledger.evaluation.production``:
``extract_batch`` on the batches a load makes). Predictions and gold lines are
paired one-to-one by overlapping span in the same document.

Scores (all precision / recall / F1 over the same pairing):

- ``span``: the spans overlap;
- ``value_category``: overlap, value within 0.5 % and the same category;
- ``value_category_unit``: the same plus the same unit;
- per category on (value, category), false positives counted under the
  predicted category;
- actor accuracy on paired figures whose gold actor is not null (and the same
  counted over every such gold figure, a miss counting as wrong);
- counterpart and scope accuracy on paired figures whose gold line carries the
  field (``"counterpart"``: ISO3 code, name or null; ``"scope"``: ``event``,
  ``cumulative`` or null); a null gold value is right only when none is predicted.

Run: ``python -m newsledger.evaluation.military [gold.jsonl] [corpus_root]``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from transforms.records import MilitaryFigure

if TYPE_CHECKING:  # pragma: no cover
    pass

CATEGORIES = ("personnel", "equipment", "killed", "wounded", "captured", "spending")

Extractor = Callable[..., list[MilitaryFigure]]


@dataclass(frozen=True, slots=True)
class GoldMilitary:
    doc: str
    text: str
    start: int
    value: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None
    unit: str | None = None
    category: str | None = None
    actor: str | None = None
    currency: str | None = None
    negative: bool = False
    ambiguous: bool = False
    counterpart: str | None = None
    has_counterpart: bool = False  # the line carries "counterpart" (null counts)
    scope: str | None = None
    has_scope: bool = False

    @property
    def end(self) -> int:
        return self.start + len(self.text)


MilitaryError = EvalError  # kinds: see the evaluation below


@dataclass(slots=True)
class MilitaryReport:
    n_docs: int
    n_gold: int  # positive, non-ambiguous gold figures
    n_pred: int  # predictions, excluding those on ambiguous gold spans
    n_negatives: int
    negatives_hit: int  # negatives a prediction overlapped (each is also an FP)
    span: PRF
    value_category: PRF
    value_category_unit: PRF
    per_category: dict[str, PRF]
    actor_correct: int  # paired figures with a non-null gold actor, actor right
    actor_paired: int  # paired figures with a non-null gold actor
    actor_gold: int  # all gold figures with a non-null gold actor
    actor_spurious: int  # paired figures whose gold actor is null but one was predicted
    seconds: float
    counterpart_correct: int = 0  # paired figures whose gold line has "counterpart"
    counterpart_scored: int = 0
    scope_correct: int = 0  # paired figures whose gold line has "scope"
    scope_scored: int = 0
    errors: list[MilitaryError] = field(default_factory=list)

    @property
    def actor_accuracy(self) -> float:
        return self.actor_correct / self.actor_paired if self.actor_paired else 1.0

    @property
    def actor_recall(self) -> float:
        return self.actor_correct / self.actor_gold if self.actor_gold else 1.0

    @property
    def counterpart_accuracy(self) -> float:
        return (
            self.counterpart_correct / self.counterpart_scored if self.counterpart_scored else 1.0
        )

    @property
    def scope_accuracy(self) -> float:
        return self.scope_correct / self.scope_scored if self.scope_scored else 1.0


def read_military_gold(gold_path: Path) -> tuple[dict[str, list[GoldMilitary]], list[str]]:
    """Every gold line by doc (positives, ambiguous and negatives), and the docs in order."""
    docs, lines = gold_lines(gold_path)
    by_doc: dict[str, list[GoldMilitary]] = {doc: [] for doc in docs}
    for doc, rec in lines:
        by_doc[doc].append(
            GoldMilitary(
                doc=doc,
                text=str(rec["text"]),
                start=int(rec["start"]),
                value=rec.get("value"),
                low=rec.get("low"),
                high=rec.get("high"),
                qualifier=rec.get("qualifier"),
                unit=rec.get("unit"),
                category=rec.get("category"),
                actor=rec.get("actor"),
                currency=rec.get("currency"),
                negative=bool(rec.get("negative")),
                ambiguous=bool(rec.get("ambiguous")),
                counterpart=rec.get("counterpart"),
                has_counterpart="counterpart" in rec,
                scope=rec.get("scope"),
                has_scope="scope" in rec,
            )
        )
    return by_doc, docs


def actor_matches(pred: MilitaryFigure, gold_actor: str | None) -> bool:
    """Gold actors are ISO3 codes or organisation short names ("NATO", "Houthis")."""
    if gold_actor is None:
        return pred.actor_iso3 is None and pred.actor_name is None
    wanted = gold_actor.casefold()
    return (pred.actor_iso3 or "").casefold() == wanted or (
        pred.actor_name or ""
    ).casefold() == wanted


def _actor_label(pred: MilitaryFigure) -> str:
    return pred.actor_iso3 or pred.actor_name or "None"


def counterpart_matches(pred: MilitaryFigure, gold: str | None) -> bool:
    """Like ``actor_matches``, on the counterpart columns."""
    if gold is None:
        return pred.counterpart_iso3 is None and pred.counterpart_name is None
    wanted = gold.casefold()
    return (pred.counterpart_iso3 or "").casefold() == wanted or (
        pred.counterpart_name or ""
    ).casefold() == wanted


def _counterpart_label(pred: MilitaryFigure) -> str:
    return pred.counterpart_iso3 or pred.counterpart_name or "None"


def _pair(
    preds: Sequence[MilitaryFigure], golds: Sequence[GoldMilitary]
) -> list[tuple[MilitaryFigure, GoldMilitary]]:
    """One-to-one pairs by overlapping span; among overlaps, prefer the same value and
    category, then the larger overlap (two figures inside one gold span do not both pair)."""
    candidates: list[tuple[tuple[int, int, int], int, int]] = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            if overlaps(p.start_char, p.end_char, g.start, g.end):
                good = int(values_close(p.value, g.value) and p.category == g.category)
                overlap = min(p.end_char, g.end) - max(p.start_char, g.start)
                candidates.append(((good, overlap, -abs(p.start_char - g.start)), i, j))
    candidates.sort(key=lambda c: c[0], reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[MilitaryFigure, GoldMilitary]] = []
    for _, i, j in candidates:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((preds[i], golds[j]))
    return pairs


@dataclass
class _Tally:
    """Running counts of one military evaluation."""

    n_gold: int = 0
    n_pred: int = 0
    n_neg: int = 0
    neg_hit: int = 0
    tp_span: int = 0
    tp_vc: int = 0
    tp_vcu: int = 0
    actor_ok: int = 0
    actor_paired: int = 0
    actor_gold: int = 0
    actor_spurious: int = 0
    roles: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(
            ("counterpart_ok", "counterpart_n", "scope_ok", "scope_n"), 0
        )
    )
    cat_tp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    cat_pred: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    cat_gold: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))

    def predicted(self, category: str) -> None:
        self.n_pred += 1
        if category in self.cat_pred:
            self.cat_pred[category] += 1


def _pair_errors(
    p: MilitaryFigure, g: GoldMilitary, doc: str, text: str, t: _Tally
) -> list[MilitaryError]:
    """Score one prediction paired with a gold figure: which attributes are wrong."""
    t.predicted(p.category)
    t.tp_span += 1
    ctx = context(text, p.start_char, p.end_char, width=50)
    v_ok = values_close(p.value, g.value)
    c_ok = p.category == g.category
    u_ok = p.unit == g.unit
    if v_ok and c_ok:
        t.tp_vc += 1
        t.cat_tp[p.category] += 1
        t.tp_vcu += u_ok
    errors: list[MilitaryError] = []

    def wrong(kind: str, expected: str, got: str) -> None:
        errors.append(MilitaryError(kind, doc, p.text, p.start_char, expected, got, ctx))

    if not v_ok:
        wrong("wrong_value", f"{g.value}", f"{p.value:g}")
    if not c_ok:
        wrong("wrong_category", f"{g.category}", p.category)
    if not u_ok:
        wrong("wrong_unit", f"{g.unit}", p.unit)
    if g.actor is not None:
        t.actor_paired += 1
        t.actor_ok += actor_matches(p, g.actor)
    elif p.actor_iso3 is not None or p.actor_name is not None:
        t.actor_spurious += 1
    if not actor_matches(p, g.actor):
        wrong("wrong_actor", f"{g.actor}", _actor_label(p))
    errors.extend(_role_errors(p, g, doc, ctx, t.roles))
    return errors


def _document_errors(
    preds: list[MilitaryFigure], lines: list[GoldMilitary], doc: str, text: str, t: _Tally
) -> list[MilitaryError]:
    """Pair one document's predictions with its gold lines; every error found."""
    positives = [g for g in lines if not g.negative and not g.ambiguous]
    ambiguous = [g for g in lines if g.ambiguous]
    negatives = [g for g in lines if g.negative]
    t.n_neg += len(negatives)
    t.n_gold += len(positives)
    t.actor_gold += sum(1 for g in positives if g.actor is not None)
    for g in positives:
        if g.category in t.cat_gold:
            t.cat_gold[g.category] += 1
    pairs = _pair(preds, positives)
    paired_preds = {id(p) for p, _ in pairs}
    errors: list[MilitaryError] = []
    for p in preds:
        if id(p) in paired_preds:
            continue
        if any(overlaps(p.start_char, p.end_char, a.start, a.end) for a in ambiguous):
            continue  # neither required nor penalised
        t.predicted(p.category)
        hit = any(overlaps(p.start_char, p.end_char, n.start, n.end) for n in negatives)
        t.neg_hit += hit
        errors.append(
            MilitaryError(
                "negative_hit" if hit else "FP",
                doc,
                p.text,
                p.start_char,
                got=f"{p.value:g} {p.category} {p.unit} {_actor_label(p)}",
                context=context(text, p.start_char, p.end_char, width=50),
            )
        )
    for p, g in pairs:
        errors.extend(_pair_errors(p, g, doc, text, t))
    paired_golds = {id(g) for _, g in pairs}
    for g in positives:
        if id(g) not in paired_golds:
            errors.append(
                MilitaryError(
                    "FN",
                    doc,
                    g.text,
                    g.start,
                    expected=f"{g.value} {g.category} {g.unit} {g.actor}",
                    context=context(text, g.start, g.end, width=50),
                )
            )
    return errors


def evaluate_military(
    gold_path: Path, corpus_root: Path, *, extractor: Callable[[str, str], Any] | None = None
) -> MilitaryReport:
    """Run the real extraction on every gold document and score it (see module doc)."""
    t0 = time.perf_counter()
    gold, docs = read_military_gold(gold_path)
    texts = load_gold_docs(corpus_root, docs)
    run = extractor or production_extractor(
        texts, load_gold_published(corpus_root, docs), "military"
    )
    t = _Tally()
    errors: list[MilitaryError] = []
    for doc in docs:
        preds: list[MilitaryFigure] = list(run(texts[doc], doc))
        errors.extend(_document_errors(preds, gold[doc], doc, texts[doc], t))
    return MilitaryReport(
        n_docs=len(docs),
        n_gold=t.n_gold,
        n_pred=t.n_pred,
        n_negatives=t.n_neg,
        negatives_hit=t.neg_hit,
        span=PRF(t.tp_span, t.n_pred, t.n_gold),
        value_category=PRF(t.tp_vc, t.n_pred, t.n_gold),
        value_category_unit=PRF(t.tp_vcu, t.n_pred, t.n_gold),
        per_category={c: PRF(t.cat_tp[c], t.cat_pred[c], t.cat_gold[c]) for c in CATEGORIES},
        actor_correct=t.actor_ok,
        actor_paired=t.actor_paired,
        actor_gold=t.actor_gold,
        actor_spurious=t.actor_spurious,
        seconds=time.perf_counter() - t0,
        errors=errors,
        counterpart_correct=t.roles["counterpart_ok"],
        counterpart_scored=t.roles["counterpart_n"],
        scope_correct=t.roles["scope_ok"],
        scope_scored=t.roles["scope_n"],
    )


def _role_errors(
    p: MilitaryFigure, g: GoldMilitary, doc: str, ctx: str, counts: dict[str, int]
) -> list[MilitaryError]:
    """Score counterpart and scope of one pair (only where the gold line has them)."""
    out: list[MilitaryError] = []
    if g.has_counterpart:
        counts["counterpart_n"] += 1
        if counterpart_matches(p, g.counterpart):
            counts["counterpart_ok"] += 1
        else:
            got = _counterpart_label(p)
            out.append(
                MilitaryError(
                    "wrong_counterpart", doc, p.text, p.start_char, f"{g.counterpart}", got, ctx
                )
            )
    if g.has_scope:
        counts["scope_n"] += 1
        if p.scope == g.scope:
            counts["scope_ok"] += 1
        else:
            out.append(
                MilitaryError(
                    "wrong_scope", doc, p.text, p.start_char, f"{g.scope}", f"{p.scope}", ctx
                )
            )
    return out


def format_report(report: MilitaryReport) -> str:
    """A plain-text table of the scores followed by every error."""
    lines = [
        f"military gold: {report.n_docs} docs, {report.n_gold} scored gold figures, "
        f"{report.n_pred} predictions, {report.seconds:.1f} s",
        f"{'metric':<24}{'P':>8}{'R':>8}{'F1':>8}{'TP':>6}{'pred':>6}{'gold':>6}",
    ]
    rows = [
        ("span overlap", report.span),
        ("value+category", report.value_category),
        ("value+category+unit", report.value_category_unit),
    ] + [(f"  {c}", prf) for c, prf in report.per_category.items()]
    for name, prf in rows:
        lines.append(
            f"{name:<24}{prf.precision:>8.3f}{prf.recall:>8.3f}{prf.f1:>8.3f}"
            f"{prf.tp:>6d}{prf.n_pred:>6d}{prf.n_gold:>6d}"
        )
    lines.append(
        f"actor accuracy (paired, gold actor set): {report.actor_accuracy:.3f} "
        f"({report.actor_correct}/{report.actor_paired}); over all gold actors: "
        f"{report.actor_recall:.3f} ({report.actor_correct}/{report.actor_gold}); "
        f"actor given where gold has none: {report.actor_spurious}"
    )
    lines.append(
        f"counterpart accuracy (paired, gold line has counterpart): "
        f"{report.counterpart_accuracy:.3f} ({report.counterpart_correct}/"
        f"{report.counterpart_scored}); scope accuracy: {report.scope_accuracy:.3f} "
        f"({report.scope_correct}/{report.scope_scored})"
    )
    lines.append(f"negatives hit: {report.negatives_hit} of {report.n_negatives}")
    lines.extend(error_lines(report.errors, kind_width=18, text_width=28))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    return run_main("military", evaluate_military, format_report, argv)  # type: ignore[arg-type]


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
