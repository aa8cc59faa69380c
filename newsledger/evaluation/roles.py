"""Score money roles (payer, payee) against ``tests/gold/money_roles.jsonl``.

Gold format (``tests/gold/MONEY_RULES.md``, "Money roles"): a money line (``doc,
text, start, value, currency ...``) plus ``payer`` and ``payee`` (canonical entity
names, or null where the sentence does not say); ``roles_ambiguous`` lists slots
that are neither required nor penalised; ``"ambiguous": true`` lines are still
scored for roles (their ambiguity is the currency's).

The production path runs on each document (``transforms.extract.extract_batch``:
parse, entities, money, roles). Predictions pair with gold lines by overlapping
span. A slot is right when the predicted name is the gold name (case-folded; a
country also matches by its ISO3 code, so ``UK`` and ``United Kingdom`` agree), or
both are null. A gold figure the extractor did not find gets no roles: its null
slots count as right, its named slots as wrong.

Run: ``python -m newsledger.evaluation.roles [gold.jsonl] [corpus_root]``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from newsledger.evaluation.corpus import load_gold_dates, load_gold_docs
from newsledger.evaluation.production import production_extractor
from newsledger.evaluation.scoring import EvalError, context, error_lines, gold_lines, overlaps
from newsledger.evaluation.scoring import run_main as _run_main
from transforms.entities import iso3_for
from transforms.records import MoneyFigure

SLOTS = ("payer", "payee")


@dataclass(frozen=True, slots=True)
class GoldRoles:
    doc: str
    text: str
    start: int
    payer: str | None
    payee: str | None
    ambiguous_slots: frozenset[str] = frozenset()

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(slots=True)
class SlotScore:
    correct: int = 0
    scored: int = 0
    named_gold: int = 0  # gold names a party
    named_right: int = 0
    predicted: int = 0  # a party was predicted
    predicted_right: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.scored if self.scored else 1.0

    @property
    def precision(self) -> float:
        return self.predicted_right / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.named_right / self.named_gold if self.named_gold else 1.0


@dataclass(slots=True)
class RolesReport:
    n_docs: int
    n_gold: int
    n_paired: int
    slots: dict[str, SlotScore]
    seconds: float
    errors: list[EvalError] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        scored = sum(s.scored for s in self.slots.values())
        return sum(s.correct for s in self.slots.values()) / scored if scored else 1.0


def read_roles_gold(path: Path) -> tuple[dict[str, list[GoldRoles]], list[str]]:
    docs, lines = gold_lines(path)
    by_doc: dict[str, list[GoldRoles]] = {d: [] for d in docs}
    for doc, rec in lines:
        if rec.get("negative"):
            continue
        by_doc[doc].append(
            GoldRoles(
                doc=doc,
                text=str(rec["text"]),
                start=int(rec["start"]),
                payer=rec.get("payer"),
                payee=rec.get("payee"),
                ambiguous_slots=frozenset(rec.get("roles_ambiguous") or ()),
            )
        )
    return by_doc, docs


def name_matches(predicted: str | None, gold: str | None) -> bool:
    if gold is None or predicted is None:
        return gold is None and predicted is None
    if predicted.casefold() == gold.casefold():
        return True
    code = iso3_for(gold)
    return code is not None and code == iso3_for(predicted)


def _predicted(m: MoneyFigure, slot: str) -> str | None:
    name: str | None = getattr(m, f"{slot}_name")
    return name


def evaluate_roles(gold_path: Path, corpus_root: Path) -> RolesReport:
    t0 = time.perf_counter()
    gold, docs = read_roles_gold(gold_path)
    texts = load_gold_docs(corpus_root, docs)
    # the batches a load makes, with the publication days a load has (headlines'
    # timestamps, web2020s SOURCES.tsv): a leader stands for the state in office only
    run = production_extractor(texts, load_gold_dates(corpus_root, docs), "money")
    slots = {s: SlotScore() for s in SLOTS}
    errors: list[EvalError] = []
    n_gold = n_paired = 0
    for doc in docs:
        text = texts[doc]
        preds = run(text, doc)
        for g in gold[doc]:
            n_gold += 1
            pred = next(
                (p for p in preds if overlaps(p.start_char, p.end_char, g.start, g.end)), None
            )
            n_paired += pred is not None
            ctx = context(text, g.start, g.end, width=60)
            for slot in SLOTS:
                if slot in g.ambiguous_slots:
                    continue
                want: str | None = getattr(g, slot)
                got = _predicted(pred, slot) if pred is not None else None
                score = slots[slot]
                score.scored += 1
                ok = name_matches(got, want)
                score.correct += ok
                score.named_gold += want is not None
                score.named_right += ok and want is not None
                score.predicted += got is not None
                score.predicted_right += ok and got is not None
                if not ok:
                    kind = f"{slot}_missing" if pred is None else f"wrong_{slot}"
                    errors.append(EvalError(kind, doc, g.text, g.start, f"{want}", f"{got}", ctx))
    return RolesReport(
        n_docs=len(docs),
        n_gold=n_gold,
        n_paired=n_paired,
        slots=slots,
        seconds=time.perf_counter() - t0,
        errors=errors,
    )


def format_report(report: RolesReport) -> str:
    lines = [
        f"money roles gold: {report.n_docs} docs, {report.n_gold} figures "
        f"({report.n_paired} found), {report.seconds:.1f} s",
        f"{'slot':<8}{'accuracy':>10}{'right':>7}{'scored':>8}{'P(named)':>10}{'R(named)':>10}",
    ]
    for slot, s in report.slots.items():
        lines.append(
            f"{slot:<8}{s.accuracy:>10.3f}{s.correct:>7d}{s.scored:>8d}"
            f"{s.precision:>10.3f}{s.recall:>10.3f}"
        )
    lines.append(f"all slots: {report.accuracy:.3f} (name right, or NULL where none is stated)")
    lines.extend(error_lines(report.errors, kind_width=15, text_width=22))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    return _run_main("money_roles", evaluate_roles, format_report, argv)  # type: ignore[arg-type]


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
