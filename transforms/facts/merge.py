"""Figures become facts: one real-world quantity, however often it is reported.

Pure rules (annotation guidelines, "Facts: one figure, counted once"):

- A fact's *key* is (kind, value, unit, category): for money the unit is the
  currency and the category ``money``; for military figures the counted noun
  and the category. Mentions with different keys are never one fact.
- *Slots* (money: payer, payee; military: actor, counterpart, scope) must not
  conflict: a slot one mention leaves unstated does not keep two mentions
  apart, two different stated values do ("conflicting figures for one act
  stay separate facts").
- Mentions in one article with the same key and no conflicting slot are one
  fact (headline, lede and body).
- A mention in a copy (``copy_of`` set: an exact or near copy) that matches a
  fact of its original joins that fact and adds nothing to its counts; a
  figure only the copy states is counted as the copy's own.
- Across articles: both articles dated and every article of the fact within
  ``WINDOW`` of every other (the fact's span of publication dates stays
  within 7 days), and the reports share at least ``MIN_SHARED_WORDS``
  content word in the figures' sentences (``context_words``): the same value
  in the same week is often another act ("$10,000 for public service" and "a
  $10,000 fine"). Undated articles never merge across articles.
- ``fact_id`` is a hash of the key and the fact's earliest mention, so the same
  mentions always give the same ids, whatever the order they arrive in.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

# "The articles report the same act within 7 days of each other."
WINDOW = timedelta(days=7)
# Evidence of the same act across articles: shared content words of the two
# sentences. Measured on the 43 cross-article pairs of tests/gold/fact_pairs:
# same-act pairs share 1-13 such words (all but one), different acts with the
# same value 0 (docs/facts.md).
MIN_SHARED_WORDS = 1
STOPWORDS_PATH = Path(__file__).resolve().parents[1] / "data" / "fact_context_stopwords.json"
_CONTEXT_WORD = re.compile(r"[a-z]{3,}")


@cache
def _stopwords() -> frozenset[str]:
    data = json.loads(STOPWORDS_PATH.read_text(encoding="utf-8"))
    return frozenset(w for key in ("stop", "magnitude", "currency") for w in data[key])


def context_words(sentence: str) -> frozenset[str]:
    """Content words of a figure's sentence: lower case, 3+ letters, no stop words."""
    stop = _stopwords()
    return frozenset(w for w in _CONTEXT_WORD.findall(sentence.lower()) if w not in stop)


@dataclass(frozen=True, slots=True)
class Mention:
    """One figure row as the merge sees it."""

    article_id: str
    start_char: int
    kind: str  # money | military
    value: float
    unit: str | None  # currency (money) or counted noun (military)
    category: str  # 'money' or the military category
    # Role slots, entity ids or None: money (payer, payee); military (actor,
    # counterpart, scope).
    slots: tuple[str | None, ...]
    published_at: datetime | None
    # First-seen order of the article (smaller = seen earlier); ties never
    # happen between two articles.
    article_rank: int
    copy_of: str | None = None  # the article's duplicate_of
    outlet: str | None = None  # source name or the URL's domain
    # context_words of the figure's sentence; None: unknown (no evidence test).
    context: frozenset[str] | None = None
    # Which mentions can meet at all (``merge_group``); merged group by group.
    group: str = ""

    @property
    def key(self) -> tuple[str, float, str, str]:
        return (self.kind, self.value, self.unit or "", self.category)


@dataclass
class Fact:
    fact_id: str
    key: tuple[str, float, str, str]
    slots: list[str | None]
    members: list[Mention] = field(default_factory=list)
    # Members that count (not the shared figures of a copy).
    counted: list[Mention] = field(default_factory=list)

    @property
    def article_ids(self) -> set[str]:
        return {m.article_id for m in self.members}

    @property
    def dates(self) -> list[datetime]:
        return [m.published_at for m in self.members if m.published_at is not None]

    @property
    def undated(self) -> bool:
        return any(m.published_at is None for m in self.members)

    def first_seen(self) -> datetime | None:
        d = [m.published_at for m in self.counted or self.members if m.published_at]
        return min(d) if d else None

    def last_seen(self) -> datetime | None:
        d = [m.published_at for m in self.counted or self.members if m.published_at]
        return max(d) if d else None

    def mentions(self) -> int:
        return len(self.counted)

    def articles(self) -> int:
        return len({m.article_id for m in self.counted})

    def sources(self) -> int:
        return len({m.outlet or m.article_id for m in self.counted})


def fact_id(key: tuple[str, float, str, str], first: Mention) -> str:
    kind, value, unit, category = key
    raw = f"{kind}\x1f{value!r}\x1f{unit}\x1f{category}\x1f{first.article_id}\x1f{first.start_char}"
    return ("mf" if kind == "money" else "xf") + hashlib.sha1(raw.encode()).hexdigest()[:16]


def _compatible(fact_slots: Sequence[str | None], slots: Sequence[str | None]) -> bool:
    return all(a is None or b is None or a == b for a, b in zip(fact_slots, slots, strict=True))


def _agreement(fact_slots: Sequence[str | None], slots: Sequence[str | None]) -> int:
    return sum(1 for a, b in zip(fact_slots, slots, strict=True) if a is not None and a == b)


def _within_window(fact: Fact, when: datetime) -> bool:
    dates = [*fact.dates, when]
    return max(dates) - min(dates) <= WINDOW


def _same_act(fact: Fact, m: Mention) -> bool:
    if m.context is None:
        return True
    return any(
        o.context is None or len(o.context & m.context) >= MIN_SHARED_WORDS for o in fact.members
    )


def _order(m: Mention) -> tuple[bool, int, int]:
    # Originals before copies (a copy joins its original's facts), then
    # first-seen article order, then position in the article.
    return (m.copy_of is not None, m.article_rank, m.start_char)


def _pick(candidates: list[Fact], m: Mention) -> Fact | None:
    ok = [f for f in candidates if _compatible(f.slots, m.slots)]
    if not ok:
        return None
    # Most stated slots in agreement first, then the fact created first.
    return max(ok, key=lambda f: _agreement(f.slots, m.slots))


def _join(fact: Fact, m: Mention) -> None:
    # A copy's mention of a fact its original states adds nothing.
    shared = m.copy_of is not None and m.copy_of in {c.article_id for c in fact.counted}
    fact.members.append(m)
    if not shared:
        fact.counted.append(m)
    fact.slots = [a if a is not None else b for a, b in zip(fact.slots, m.slots, strict=True)]


def merge_group(mentions: Iterable[Mention]) -> list[Fact]:
    """Facts of mentions that share one key (callers group by ``Mention.key``)."""
    facts: list[Fact] = []
    for m in sorted(mentions, key=_order):
        same = [f for f in facts if m.article_id in f.article_ids]
        fact = _pick(same, m)
        if fact is None and m.copy_of is not None:
            fact = _pick([f for f in facts if m.copy_of in f.article_ids], m)
        if fact is not None:
            _join(fact, m)
            continue
        if m.published_at is not None:
            when = m.published_at
            near = [
                f for f in facts if not f.undated and _within_window(f, when) and _same_act(f, m)
            ]
            fact = _pick(near, m)
            if fact is not None:
                _join(fact, m)
                continue
        new = Fact(fact_id=fact_id(m.key, m), key=m.key, slots=list(m.slots))
        _join(new, m)
        facts.append(new)
    return facts


def merge_group_of(root_id: str, root_dated: bool) -> str:
    """Mentions that can ever be one fact share this group (with their key).

    An article's *root* is its original (``duplicate_of``) or itself. Mentions
    whose root is dated form one pool (''); an undated root's mentions meet
    only those of its own copies (undated articles never merge across
    articles). So a refresh re-merges only the groups an article is in.
    """
    return "" if root_dated else root_id


def merge(mentions: Iterable[Mention]) -> list[Fact]:
    """All facts of the given mentions, by key and group; order: by fact_id."""
    groups: dict[tuple[tuple[str, float, str, str], str], list[Mention]] = defaultdict(list)
    for m in mentions:
        groups[(m.key, m.group)].append(m)
    out = [f for g in groups.values() for f in merge_group(g)]
    return sorted(out, key=lambda f: f.fact_id)


@dataclass(frozen=True, slots=True)
class Placed:
    """Where a figure row sits for ``components``: enough to know whom it can meet."""

    article_id: str
    copy_of: str | None
    published_at: datetime | None


def components(rows: Sequence[Placed]) -> list[int]:
    """A component number for each row of one (key, merge group); merge them one by one.

    Two rows are in one component when they are of one article, of an
    article and its original (``copy_of``), or dated within ``WINDOW`` of
    each other along a chain of dated rows (sorted by date, a gap of more
    than ``WINDOW`` separates components). ``merge_group`` only ever joins a
    mention to a fact of its own article, of its original, or whose every
    date is within ``WINDOW`` of its own, so every fact lies inside one
    component and merging each component alone gives the same facts (and
    ids) as merging the whole group: a refresh re-merges only the components
    a load's rows are in.
    """
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    first_of: dict[str, int] = {}
    for i, r in enumerate(rows):
        union(i, first_of.setdefault(r.article_id, i))
    for i, r in enumerate(rows):
        if r.copy_of is not None and r.copy_of in first_of:
            union(i, first_of[r.copy_of])
    dated = sorted(
        (i for i, r in enumerate(rows) if r.published_at is not None),
        key=lambda i: rows[i].published_at,  # type: ignore[arg-type, return-value]
    )
    for a, b in itertools.pairwise(dated):
        pa_, pb = rows[a].published_at, rows[b].published_at
        if pa_ is not None and pb is not None and pb - pa_ <= WINDOW:
            union(a, b)
    return [find(i) for i in range(len(rows))]
