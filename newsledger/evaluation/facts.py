"""Score duplicates and fact merging on tests/gold/fact_pairs.jsonl.

Two kinds of gold lines (tests/gold/FACT_RULES.md):

- ``article`` pairs (BBC): ``duplicate`` | ``near`` | ``different``. Scored as
  copy detection (duplicate or near = positive) with the production rules of
  ``transforms.facts.dedup`` (exact hash, then the two near-copy thresholds),
  plus whether LSH makes the pair a candidate at all.
- ``mention`` pairs (web2020s, headlines): ``same_fact`` true/false. Each side
  is found among the real extractor's figures for its document (money first,
  then military) by start offset and text; the two mentions are merged by
  ``transforms.facts.merge`` with their documents' publication times (headline
  ``timestamp``, web2020s ``SOURCES.tsv`` date). A side the extractor misses is
  an error of its own (``not_extracted``) and the pair counts as predicted
  "different".

Ambiguous lines are reported but not scored.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from newsledger.evaluation.corpus import load_gold_dates, load_gold_docs
from newsledger.evaluation.production import extract_gold_docs
from newsledger.evaluation.scoring import PRF
from transforms.facts import dedup
from transforms.facts.merge import Mention, context_words, merge
from transforms.records import MilitaryFigure, MoneyFigure


@dataclass(frozen=True)
class PairError:
    kind: str  # article | mention | not_extracted
    a: str
    b: str
    expected: str
    got: str
    detail: str = ""


@dataclass
class FactsReport:
    copies: PRF = field(default_factory=lambda: PRF(0, 0, 0))
    candidates_found: int = 0  # gold copies that LSH (or the exact hash) puts together
    article_pairs: int = 0
    same_fact: PRF = field(default_factory=lambda: PRF(0, 0, 0))
    mention_pairs: int = 0
    ambiguous: int = 0
    errors: list[PairError] = field(default_factory=list)


def _article_label(a: str, b: str) -> tuple[str, bool, float]:
    fa, fb = dedup.fingerprint(a), dedup.fingerprint(b)
    candidate = fa.text_hash == fb.text_hash or bool(set(fa.bands) & set(fb.bands))
    if fa.text_hash == fb.text_hash:
        return "duplicate", candidate, 1.0
    hit, j = dedup.is_near_copy(set(fa.shingles), set(fb.shingles))
    return ("near" if hit else "different"), candidate, j


def _score_articles(lines: list[dict[str, Any]], corpus_root: Path, report: FactsReport) -> None:
    texts = load_gold_docs(corpus_root, [d for g in lines for d in (g["a"], g["b"])])
    tp = n_pred = n_gold = found = 0
    for g in lines:
        got, candidate, j = _article_label(texts[g["a"]], texts[g["b"]])
        gold_copy = g["label"] in ("duplicate", "near")
        pred_copy = got in ("duplicate", "near")
        if g.get("ambiguous"):
            report.ambiguous += 1
            continue
        report.article_pairs += 1
        n_gold += gold_copy
        n_pred += pred_copy
        tp += gold_copy and pred_copy
        found += gold_copy and candidate
        if gold_copy != pred_copy or (gold_copy and not candidate):
            report.errors.append(
                PairError(
                    "article",
                    g["a"],
                    g["b"],
                    g["label"],
                    got if candidate or not gold_copy else f"{got} (no LSH candidate)",
                    f"jaccard {j:.3f}",
                )
            )
    report.copies = PRF(tp, n_pred, n_gold)
    report.candidates_found = found


_SENTENCE_END = re.compile(r"[.!?]\s|\n")


def _sentence_around(text: str, start: int, end: int) -> str:
    """The figure's sentence, cut at sentence punctuation or a line break."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right = _SENTENCE_END.search(text, end)
    return text[left : right.start() + 1 if right else len(text)]


def _mention(
    fig: MoneyFigure | MilitaryFigure, published: datetime | None, rank: int, text: str
) -> Mention:
    context = context_words(_sentence_around(text, fig.start_char, fig.end_char))
    if isinstance(fig, MoneyFigure):
        return Mention(
            article_id=fig.article_id,
            start_char=fig.start_char,
            kind="money",
            value=fig.value,
            unit=fig.currency,
            category="money",
            slots=(fig.payer_entity_id, fig.payee_entity_id),
            published_at=published,
            article_rank=rank,
            context=context,
        )
    unit = f"{fig.unit}/{fig.currency}" if fig.currency else fig.unit
    return Mention(
        article_id=fig.article_id,
        start_char=fig.start_char,
        kind="military",
        value=fig.value,
        unit=unit,
        category=fig.category,
        slots=(fig.actor_entity_id, fig.counterpart_entity_id, fig.scope),
        published_at=published,
        article_rank=rank,
        context=context,
    )


def _score_mentions(lines: list[dict[str, Any]], corpus_root: Path, report: FactsReport) -> None:
    docs = sorted({g[s]["doc"] for g in lines for s in ("a", "b")})
    texts = load_gold_docs(corpus_root, docs)
    published = load_gold_dates(corpus_root, docs)
    rank = {d: i for i, d in enumerate(docs)}
    extracted = extract_gold_docs({d: texts[d] for d in docs}, published)
    figures: dict[str, list[MoneyFigure | MilitaryFigure]] = {
        # keyed back to the gold doc id (the production path hashes its own article id)
        d: [
            *(replace(f, article_id=d) for f in extracted[d].money),
            *(replace(f, article_id=d) for f in extracted[d].military),
        ]
        for d in docs
    }
    tp = n_pred = n_gold = 0
    for g in lines:
        sides = []
        for s in ("a", "b"):
            ref = g[s]
            fig = next(
                (
                    f
                    for f in figures[ref["doc"]]
                    if f.start_char == ref["start"] and f.text == ref["text"]
                ),
                None,
            )
            if fig is None:
                report.errors.append(
                    PairError("not_extracted", ref["doc"], str(ref["start"]), ref["text"], "-")
                )
            sides.append(fig)
        same = False
        if sides[0] is not None and sides[1] is not None:
            ms = [
                _mention(f, published[f.article_id], rank[f.article_id], texts[f.article_id])
                for f in sides
                if f is not None
            ]
            same = len(merge(ms)) == 1
        if g.get("ambiguous"):
            report.ambiguous += 1
            continue
        report.mention_pairs += 1
        n_gold += bool(g["same_fact"])
        n_pred += same
        tp += bool(g["same_fact"]) and same
        if same != bool(g["same_fact"]):
            a, b = g["a"], g["b"]
            report.errors.append(
                PairError(
                    "mention",
                    f"{a['doc']}@{a['start']} {a['text']!r}",
                    f"{b['doc']}@{b['start']} {b['text']!r}",
                    "same fact" if g["same_fact"] else "different facts",
                    "same fact" if same else "different facts",
                    f"dates {published[a['doc']]} / {published[b['doc']]}",
                )
            )
    report.same_fact = PRF(tp, n_pred, n_gold)


def evaluate_facts(gold_path: Path, corpus_root: Path) -> FactsReport:
    lines = [json.loads(x) for x in gold_path.read_text(encoding="utf-8").splitlines() if x]
    report = FactsReport()
    _score_articles([g for g in lines if g["kind"] == "article"], corpus_root, report)
    _score_mentions([g for g in lines if g["kind"] == "mention"], corpus_root, report)
    return report


def format_report(r: FactsReport) -> str:
    c, m = r.copies, r.same_fact
    out = [
        f"article pairs: {r.article_pairs}  copies (duplicate or near): precision "
        f"{c.precision:.3f} recall {c.recall:.3f}  ({c.tp} right, {c.n_pred} predicted, "
        f"{c.n_gold} in gold); LSH candidates for {r.candidates_found}/{c.n_gold} gold copies",
        f"mention pairs: {r.mention_pairs}  same fact: precision {m.precision:.3f} recall "
        f"{m.recall:.3f}  ({m.tp} right, {m.n_pred} predicted, {m.n_gold} in gold)",
        f"ambiguous lines not scored: {r.ambiguous}",
        f"errors: {len(r.errors)}",
    ]
    out += [
        f"  {e.kind}: {e.a} | {e.b}: expected {e.expected}, got {e.got}"
        + (f" ({e.detail})" if e.detail else "")
        for e in r.errors
    ]
    return "\n".join(out)
