"""Scope: whether a military figure is one event or a running total.

``event``: one incident, delivery, deal or budget line; ``cumulative``: a running
total ("since the invasion", "so far", "in total", "to date", "the death toll has
risen to"); ``None`` when the text does not make it clear
(annotation-guidelines.md, "Military figures"). Cues are data
(``transforms/data/roles_scope.json``); the order of the tests is the rule:

1. a cumulative cue in the figure's clause, or a toll noun whose verb reports a
   level ("the toll rose to 300") -> cumulative;
2. an event cue (a day, "overnight", "in a strike") -> event;
3. a casualty, loss or destruction verb in the perfect ("Russia has lost 300,000
   troops") -> cumulative: the perfect reports a tally up to now;
4. spending (a budget line, a deal, a package) -> event;
5. a stock or a need ("Ukraine has 880,000 soldiers", "needs 128 fighters": a state
   verb of ``roles_scope.json``) or no verb at all -> None; any other verb over
   the figure is one act -> event.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from transforms.roles.parties import party_data
from transforms.roles.syntax import DATA_DIR, Act

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

SCOPE_PATH = DATA_DIR / "roles_scope.json"

EVENT = "event"
CUMULATIVE = "cumulative"

# Classes whose perfect tense reports a tally ("have been killed", "has lost").
_TALLY_CLASSES = frozenset({"inflict", "lose", "destroy"})


@dataclass(frozen=True, slots=True)
class ScopeData:
    cumulative: tuple[tuple[str, ...], ...]
    event: tuple[tuple[str, ...], ...]
    event_first: tuple[tuple[str, ...], ...]
    cumulative_verbs: frozenset[str]
    toll_nouns: frozenset[str]
    incident_nouns: frozenset[str]
    war_nouns: frozenset[str]
    state_verbs: frozenset[str]
    rate: tuple[tuple[str, ...], ...]
    rate_not_before: frozenset[str]
    standing_participles: frozenset[str]


@cache
def scope_data() -> ScopeData:
    raw: dict[str, Any] = json.loads(SCOPE_PATH.read_text(encoding="utf-8"))

    def phrases(key: str) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(p.split()) for p in raw[key])

    return ScopeData(
        cumulative=phrases("cumulative"),
        event=phrases("event"),
        event_first=phrases("event_first"),
        cumulative_verbs=frozenset(raw["cumulative_verbs"]),
        toll_nouns=frozenset(raw["toll_nouns"]),
        incident_nouns=frozenset(raw["incident_nouns"]),
        war_nouns=frozenset(raw["war_nouns"]),
        state_verbs=frozenset(raw["state_verbs"]),
        rate=phrases("rate"),
        rate_not_before=frozenset(raw["rate_not_before"]),
        standing_participles=frozenset(raw["standing_participles"]),
    )


# Clause links below a verb that start another statement: their cues are not the
# figure's ("killed 122 Palestinians ..., bringing the total death toll to 33,482").
_OTHER_CLAUSE = frozenset({"advcl", "ccomp", "xcomp", "relcl", "conj", "parataxis", "acl"})


# Clause links up which a figure's verb is framed by the clause above it.
_JOINED_CLAUSE = frozenset({"advcl", "xcomp", "conj", "acl"})


def _clause(anchor: Token) -> list[Token]:
    """The tokens of the figure's own clause: the subtree of the verb above the figure
    (climbing from a participle or conjunct to the clause it hangs on, never to a
    reporting verb), less the clauses below it that do not hold the figure."""
    verb = anchor
    while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return list(anchor.sent)
    reporting = party_data().reporting_verbs
    while (
        verb.dep_ in _JOINED_CLAUSE
        and verb.head.pos_ in ("VERB", "AUX")
        and verb.head.lemma_.lower() not in reporting
    ):
        # "carried out attacks over the past two weeks, killing 80 people": the clause
        # the figure's verb hangs on frames it
        verb = verb.head
    holding = {t.i for t in anchor.ancestors} | {anchor.i}
    out: list[Token] = []
    stack = [verb]
    while stack:
        tok = stack.pop()
        out.append(tok)
        for child in tok.children:
            if child.lower_ == "since" and tok.tag_ == "JJS" and child.i not in holding:
                continue  # "the largest since the Cold War": a comparison, no period
            if (
                child.dep_ in _OTHER_CLAUSE
                and child.i not in holding
                and child.pos_
                in (
                    "VERB",
                    "AUX",
                )
            ):
                continue
            stack.append(child)
    return sorted(out, key=lambda t: t.i)


def _places(words: list[str], phrase: tuple[str, ...], start: int = 0) -> Iterator[int]:
    """Where ``phrase`` stands in ``words``, from ``start`` on: the one phrase matcher
    of the cue tests below."""
    n = len(phrase)
    return (i for i in range(start, len(words) - n + 1) if tuple(words[i : i + n]) == phrase)


def _has_phrase(words: list[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    return any(next(_places(words, phrase), None) is not None for phrase in phrases)


def _without_phrases(words: list[str], phrases: tuple[tuple[str, ...], ...]) -> list[str]:
    out = list(words)
    for phrase in phrases:
        i = next(_places(out, phrase), None)
        while i is not None:
            del out[i : i + len(phrase)]
            i = next(_places(out, phrase, i), None)
    return out


def _rate(anchor: Token, clause: list[Token], data: ScopeData) -> bool:
    """ "recruits about 30,000 men a month", "makes 2,700 drones per day": a rate
    phrase after the figure (not "a year ago", a date)."""
    words = [t.lower_ for t in clause if t.i > anchor.i]
    for phrase in data.rate:
        for i in _places(words, phrase):
            nxt = words[i + len(phrase)] if i + len(phrase) < len(words) else ""
            if nxt not in data.rate_not_before:
                return True
    return False


def _standing(anchor: Token, own_verb: Token | None, data: ScopeData) -> bool:
    """ "10,000 troops already stationed in Poland" (a participle on the counted
    noun) or "has 2,500 fighters deployed" (a bare participle under a state verb):
    a stock of forces in place."""
    nouns = [anchor, anchor.head] if anchor.dep_ in ("nummod", "compound") else [anchor]
    for noun in nouns:
        if any(
            c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in data.standing_participles
            for c in noun.children
        ):
            return True
    return (
        own_verb is not None
        and own_verb.tag_ in ("VBN", "VBD")
        and own_verb.dep_ in ("ccomp", "xcomp", "oprd")
        and not any(c.dep_ in ("aux", "auxpass") for c in own_verb.children)
        and own_verb.head.lemma_.lower() in data.state_verbs
        and own_verb.head.i < anchor.i
    )


def _perfect_scope(verb: Token, act: Act, data: ScopeData) -> str:
    """ "shelling has killed four civilians" (one incident) is an event; "the war has
    killed 150,000" and "Russia has lost 300,000 troops" are tallies."""
    agent = act.agent
    if agent is not None:
        lemma = agent.lemma_.lower()
        if lemma in data.incident_nouns:
            return EVENT
        if lemma in data.war_nouns:
            return CUMULATIVE
    return CUMULATIVE


def _toll_level(anchor: Token, data: ScopeData) -> bool:
    """ "the death toll has risen to 300", "bringing the total to 1,200": a toll noun
    as the subject or object of a verb that reports a level, with the figure below."""
    tok = anchor
    for _ in range(4):
        if tok.head == tok:
            return False
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in data.cumulative_verbs:
            return any(
                c.dep_ in ("nsubj", "dobj", "nsubjpass") and c.lemma_.lower() in data.toll_nouns
                for c in tok.children
            ) or any(
                t.lemma_.lower() in data.toll_nouns for t in anchor.doc[tok.left_edge.i : tok.i]
            )
        if tok.pos_ in ("VERB", "AUX"):
            return False
    return False


# Finite forms of the present perfect's auxiliary: "has lost" reports a tally up to
# now; "had lost" (a past event) and "is believed to have killed" (an estimate of one
# act) do not.
_PRESENT_PERFECT = frozenset({"has", "have", "'ve", "’ve"})


def _perfect(verb: Token) -> bool:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(c.lower_ == "to" for c in auxes):
        return False
    return any(c.lower_ in _PRESENT_PERFECT for c in auxes)


def _date_range(clause: list[Token]) -> bool:
    """ "between 24 February 2022 and November 2023": a period, so a running total."""
    return any(
        tok.lower_ == "between" and i + 1 < len(clause) and clause[i + 1].ent_type_ == "DATE"
        for i, tok in enumerate(clause)
    )


def figure_scope(anchor: Token, act: Act | None, *, category: str, unit: str) -> str | None:
    """``event`` | ``cumulative`` | ``None`` for the figure anchored at ``anchor``."""
    data = scope_data()
    clause = _clause(anchor)
    words = [t.lower_ for t in clause]
    # "injured 13 more over the past day": one day's tally, whose words are no
    # running-total cue ("over the past")
    rest = _without_phrases(words, data.event_first)
    if (
        "since" in rest
        or _has_phrase(rest, data.cumulative)
        or _toll_level(anchor, data)
        or _date_range(clause)
    ):
        return CUMULATIVE
    if _rate(anchor, clause, data):
        return None  # "recruits about 30,000 men a month": a rate, not one act
    if len(rest) < len(words) or _has_phrase(words, data.event):
        return EVENT
    verb = act.head if act is not None and act.head.pos_ in ("VERB", "AUX") else None
    if verb is not None and act is not None and act.cls in _TALLY_CLASSES and _perfect(verb):
        return _perfect_scope(verb, act, data)
    if category == "spending":
        return EVENT  # a budget line, a deal, a package: one stated amount
    if act is not None and act.cls is not None and act.head.pos_ in ("NOUN", "PROPN"):
        return EVENT  # a nominal act: "is for the procurement of three submarines"
    own_verb = next((t for t in anchor.ancestors if t.pos_ in ("VERB", "AUX")), None)
    if _standing(anchor, own_verb, data):
        return None  # "troops already stationed in Poland": a stock in place
    if own_verb is None or own_verb.lemma_.lower() in data.state_verbs:
        return None  # a stock or a need: "Ukraine has 880,000 soldiers"
    if verb is not None and verb.lemma_.lower() in data.state_verbs:
        return None
    return EVENT  # one act: "One missile missed", "the contingent would begin leaving"
