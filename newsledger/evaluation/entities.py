"""Evaluate canonical entities against the gold set ``tests/gold/entities.jsonl``.

The production path runs on the gold articles (``newsledger.evaluation.production``:
``transforms.extract.extract_batch``, as a load runs it). Scoring is per canonical entity, not
per mention:

* a gold entity is *found* when a predicted entity of the same group (PERSON,
  ORG, or GPE/LOC together) has the gold canonical name (case- and
  accent-insensitive) or, for countries, the gold ``iso3``;
* a predicted entity is *correct* when it matches a non-ambiguous gold entity,
  *ignored* when it only matches an ``"ambiguous": true`` one, else *spurious*;
  recall = found / non-ambiguous gold, precision = correct / (correct + spurious);
* a gold entity is *split* when its surface forms (name and aliases, titles
  removed) landed in more than one predicted entity id.

NORP entities ("Ukrainian") are not scored: the gold lists people,
organisations and places only.

Run: ``python -m newsledger.evaluation.entities [gold.jsonl] [corpus_root]``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsledger.evaluation.production import extract_gold_docs
from transforms.entities import fold_name, strip_titles
from transforms.records import Entity, EntityMention

GROUPS = ("person", "org", "place")
_GROUP_OF = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place"}

Extractor = Callable[[Any], tuple[list[EntityMention], list[Entity]]]


@dataclass(frozen=True, slots=True)
class GoldEntity:
    name: str
    label: str
    aliases: tuple[str, ...]
    iso3: str | None
    ambiguous: bool

    @property
    def group(self) -> str:
        return _GROUP_OF.get(self.label, self.label.lower())


@dataclass(frozen=True, slots=True)
class Counts:
    """Entity counts for one article or one group; ratios are 0..1."""

    gold: int = 0  # non-ambiguous gold entities
    found: int = 0
    correct: int = 0  # predicted entities matching a non-ambiguous gold entity
    spurious: int = 0  # predicted entities matching no gold entity
    split: int = 0  # gold entities spread over more than one predicted id

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        scored = self.correct + self.spurious
        return self.correct / scored if scored else 1.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.gold + other.gold,
            self.found + other.found,
            self.correct + other.correct,
            self.spurious + other.spurious,
            self.split + other.split,
        )


@dataclass(frozen=True, slots=True)
class ArticleScore:
    doc: str
    counts: Counts
    by_group: dict[str, Counts]
    missed: tuple[str, ...]  # "PERSON:Keir Starmer" of gold entities not found
    spurious: tuple[str, ...]  # "ORG:Leading European" of predicted entities not in gold
    split: tuple[str, ...]  # gold names that got several ids


@dataclass(frozen=True, slots=True)
class EntityReport:
    articles: tuple[ArticleScore, ...]
    missing_docs: tuple[str, ...] = ()
    by_group: dict[str, Counts] = field(default_factory=dict)

    @property
    def total(self) -> Counts:
        out = Counts()
        for a in self.articles:
            out = out + a.counts
        return out

    @property
    def split_rate(self) -> float:
        """Share of non-ambiguous gold entities that got more than one predicted id."""
        t = self.total
        return t.split / t.gold if t.gold else 0.0


def read_gold(gold_path: Path) -> dict[str, list[GoldEntity]]:
    """Gold entities per doc id, in file order."""
    out: dict[str, list[GoldEntity]] = {}
    with gold_path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            out[row["doc"]] = [
                GoldEntity(
                    name=e["name"],
                    label=e["label"],
                    aliases=tuple(e.get("aliases") or ()),
                    iso3=e.get("iso3"),
                    ambiguous=bool(e.get("ambiguous", False)),
                )
                for e in row["entities"]
            ]
    return out


def _load_docs(corpus_root: Path, doc_ids: list[str]) -> dict[str, str]:
    try:
        from newsledger.evaluation.corpus import load_gold_docs
    except ImportError:  # pragma: no cover - until the shared loader lands
        return _read_docs_directly(corpus_root, doc_ids)
    return load_gold_docs(corpus_root, doc_ids)


def _read_docs_directly(corpus_root: Path, doc_ids: list[str]) -> dict[str, str]:
    # Same contract as newsledger.evaluation.corpus.load_gold_docs: doc id -> the
    # whole file text; a file that is not UTF-8 is read as Latin-1.
    out: dict[str, str] = {}
    for doc_id in doc_ids:
        path = corpus_root / f"{doc_id}.txt"
        if not path.exists():
            continue
        raw = path.read_bytes()
        try:
            out[doc_id] = raw.decode("utf-8")
        except UnicodeDecodeError:
            out[doc_id] = raw.decode("latin-1")
    return out


def _matches(entity: Entity, gold: GoldEntity) -> bool:
    if _GROUP_OF.get(entity.label) != gold.group:
        return False
    if gold.iso3 and entity.iso3 == gold.iso3:
        return True
    return fold_name(entity.name) == fold_name(gold.name)


def _surface_keys(gold: GoldEntity) -> set[str]:
    keys = set()
    for form in (gold.name, *gold.aliases):
        keys.add(fold_name(form))
        keys.add(fold_name(strip_titles(form)))
    return keys


def score_article(
    doc_id: str, gold: list[GoldEntity], mentions: list[EntityMention], entities: list[Entity]
) -> ArticleScore:
    """Score one article's predicted entities against its gold entities."""
    predicted = [e for e in entities if e.label in _GROUP_OF]
    by_group = {g: Counts() for g in GROUPS}
    missed: list[str] = []
    spurious: list[str] = []
    split: list[str] = []

    for g in gold:
        if g.ambiguous or g.group not in by_group:
            continue
        found = any(_matches(e, g) for e in predicted)
        keys = _surface_keys(g)
        ids = {
            m.entity_id
            for m in mentions
            if _GROUP_OF.get(m.label) == g.group and fold_name(m.text) in keys
        }
        ids |= {e.entity_id for e in predicted if _matches(e, g)}
        is_split = len(ids) > 1
        c = by_group[g.group]
        by_group[g.group] = c + Counts(gold=1, found=int(found), split=int(is_split))
        if not found:
            missed.append(f"{g.label}:{g.name}")
        if is_split:
            split.append(g.name)

    for e in predicted:
        hits = [g for g in gold if _matches(e, g)]
        group = _GROUP_OF[e.label]
        if any(not g.ambiguous for g in hits):
            by_group[group] = by_group[group] + Counts(correct=1)
        elif not hits:
            by_group[group] = by_group[group] + Counts(spurious=1)
            spurious.append(f"{e.label}:{e.name}")

    total = Counts()
    for c in by_group.values():
        total = total + c
    return ArticleScore(doc_id, total, by_group, tuple(missed), tuple(spurious), tuple(split))


def evaluate_entities(
    gold_path: Path | str, corpus_root: Path | str, *, extractor: Extractor | None = None
) -> EntityReport:
    """Run the real extraction on every gold article and score canonical entities.

    By default the production path (``newsledger.evaluation.production``:
    ``extract_batch``, then entities linked across all the articles as a load links them).
    ``extractor`` replaces it with a function of a parsed spaCy doc; pass
    ``raw_spacy_entities`` to measure the bare model for comparison.
    """
    gold = read_gold(Path(gold_path))
    texts = _load_docs(Path(corpus_root), list(gold))
    if extractor is None:
        extracted = extract_gold_docs(texts)

        def run(doc_id: str) -> tuple[list[EntityMention], list[Entity]]:
            return extracted[doc_id].mentions, extracted[doc_id].entities
    else:
        from transforms.nlp import load_nlp

        nlp, baseline = load_nlp(), extractor

        def run(doc_id: str) -> tuple[list[EntityMention], list[Entity]]:
            return baseline(nlp(texts[doc_id]))

    articles: list[ArticleScore] = []
    for doc_id, gold_entities in gold.items():
        if doc_id not in texts:
            continue
        mentions, entities = run(doc_id)
        articles.append(score_article(doc_id, gold_entities, mentions, entities))
    by_group = {g: Counts() for g in GROUPS}
    for a in articles:
        for g in GROUPS:
            by_group[g] = by_group[g] + a.by_group[g]
    missing = tuple(d for d in gold if d not in texts)
    return EntityReport(tuple(articles), missing, by_group)


def raw_spacy_entities(doc: Any) -> tuple[list[EntityMention], list[Entity]]:
    """Baseline: spaCy's spans as they come, each distinct text its own entity."""
    mentions: list[EntityMention] = []
    entities: dict[str, Entity] = {}
    for ent in doc.ents:
        if ent.label_ not in _GROUP_OF:
            continue
        eid = f"{ent.label_}:{ent.text}"
        entities.setdefault(eid, Entity(eid, ent.text, ent.label_))
        mentions.append(
            EntityMention("", ent.start_char, ent.end_char, ent.text, ent.label_, eid, ent.text)
        )
    return mentions, list(entities.values())


def _pct(x: float) -> str:
    return f"{100 * x:5.1f}%"


def format_report(r: EntityReport) -> str:
    """Human-readable report: one line per article, then per group and overall."""
    lines = [f"{'doc':32} {'gold':>4} {'recall':>7} {'prec':>7} {'split':>5}"]
    for a in r.articles:
        c = a.counts
        lines.append(
            f"{a.doc:32} {c.gold:4d} {_pct(c.recall):>7} {_pct(c.precision):>7} {c.split:5d}"
        )
        if a.missed:
            lines.append(f"    missed:   {', '.join(a.missed)}")
        if a.spurious:
            lines.append(f"    spurious: {', '.join(a.spurious)}")
        if a.split:
            lines.append(f"    split:    {', '.join(a.split)}")
    lines.append("")
    lines.append(f"{'group':10} {'gold':>5} {'recall':>7} {'prec':>7} {'split':>5}")
    for g, c in r.by_group.items():
        lines.append(f"{g:10} {c.gold:5d} {_pct(c.recall):>7} {_pct(c.precision):>7} {c.split:5d}")
    t = r.total
    lines.append(f"{'all':10} {t.gold:5d} {_pct(t.recall):>7} {_pct(t.precision):>7} {t.split:5d}")
    lines.append(f"split rate: {_pct(r.split_rate)} of gold entities got more than one id")
    if r.missing_docs:
        lines.append(f"docs not found in corpus: {', '.join(r.missing_docs)}")
    return "\n".join(lines)


def _iter_args(argv: Iterable[str]) -> tuple[Path, Path]:
    args = [a for a in argv if not a.startswith("--")]
    repo = Path(__file__).resolve().parents[2]
    gold = Path(args[0]) if args else repo / "tests" / "gold" / "entities.jsonl"
    corpus = Path(args[1]) if len(args) > 1 else repo.parent / "shared" / "corpus"
    return gold, corpus


if __name__ == "__main__":  # pragma: no cover
    gold_file, corpus_dir = _iter_args(sys.argv[1:])
    print(format_report(evaluate_entities(gold_file, corpus_dir)))
    if "--raw" in sys.argv:
        print("\nraw spaCy baseline:")
        print(format_report(evaluate_entities(gold_file, corpus_dir, extractor=raw_spacy_entities)))
