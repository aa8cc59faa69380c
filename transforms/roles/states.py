"""States: a leader or an organ of a state stands for the state in a money slot.

Per ``tests/gold/MONEY_RULES.md`` ("A state's organs and officials stand for the
state"): ``President Bola Ahmed Tinubu presented the budget`` -> Nigeria, ``the
Federal Executive Council had approved`` -> Nigeria, ``the new Labour government
vowed to commit £3 billion`` -> United Kingdom. A leader stands for the state only
while in office, where the article is dated (``Trump gave $1M to Meadows
nonprofit`` in 2022 is Trump's own money); an undated article takes any term. A
bare government noun (``the government had allocated``, ``his government has
disbursed``) stands for the article's state: the one state the article's leaders
in office, organs and governing parties name, if exactly one (none otherwise).

The table is data: ``transforms/data/roles_states.json`` (its ``_doc`` keys give
the scope), loaded by ``statetable.py``. This module is the money roles' use of it
(``attach.attach_money_roles``); the military roles read the same table through
``parties.py`` (``statetable.state_of_name``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from transforms.countries import fold_name
from transforms.entities import entity_id_for
from transforms.roles.parties import MentionIndex, Party, party_for_code
from transforms.roles.statetable import (
    STATES_PATH,
    Leader,
    StateTables,
    as_date,
    fold_person,
    leader_state,
    state_tables,
)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

# The table itself lives in ``statetable.py`` (the military roles read it too); its
# names stay importable from here.
__all__ = [
    "STATES_PATH",
    "Leader",
    "StateContext",
    "StateTables",
    "as_state",
    "fold_person",
    "leader_state",
    "state_context",
    "state_tables",
]


@dataclass(frozen=True, slots=True)
class StateContext:
    """What the state resolution knows of the article: its day and its state."""

    published: date | None
    article_state: Party | None


def _names(tok: Token, index: MentionIndex) -> list[str]:
    """The names ``tok`` stands in: its linked mention, its spaCy entity, itself."""
    out: list[str] = []
    mention = index.at(tok)
    if mention is not None:
        out.append(mention.name)
    out += [e.text for e in tok.doc.ents if e.start <= tok.i < e.end]
    out.append(tok.text)
    return out


def _article_states(doc: Doc, index: MentionIndex, on: date | None) -> set[str]:
    tables = state_tables()
    states: set[str] = set()
    for ent in doc.ents:
        names = [ent.text]
        mention = index.at(ent.root)
        if mention is not None:
            names.append(mention.name)
        for name in names:
            if ent.label_ == "PERSON":
                code = leader_state(name, on)
                if isinstance(code, str):
                    states.add(code)
            elif fold_name(name) in tables.organs:
                states.add(tables.organs[fold_name(name)])
            elif ent.end < len(doc) and doc[ent.end].lemma_.lower() in tables.government_nouns:
                iso3 = tables.governing_parties.get(fold_name(name))
                states.update([iso3] if iso3 else [])  # "the Labour government"
    return states


def state_context(doc: Doc, index: MentionIndex, published: datetime | date | None) -> StateContext:
    """The article's day and its state (the one state its leaders in office, organs
    and governing parties name; None where they name none or several)."""
    on = as_date(published)
    states = _article_states(doc, index, on)
    return StateContext(on, party_for_code(states.pop()) if len(states) == 1 else None)


def _first(values: Iterable[str | None]) -> str | None:
    return next((v for v in values if v), None)


def as_state(
    tok: Token, party: Party | None, index: MentionIndex, ctx: StateContext
) -> Party | None:
    """The party ``tok`` names, with a leader in office or a state's organ read as its
    state, a leader out of office as the person, and a bare government noun as the
    article's state."""
    tables = state_tables()
    names = _names(tok, index)
    codes = [leader_state(n, ctx.published) for n in names]
    code = next((c for c in codes if c is not None), None)
    if isinstance(code, str):
        return party_for_code(code)
    if code is False and party is not None and party.iso3:
        # a leader out of office on the article's day: the person, not the state
        name = next(n for n, c in zip(names, codes, strict=True) if c is False)
        return Party(entity_id_for("PERSON", name), name, None)
    if party is not None and party.iso3:
        return party
    organ = _first(
        tables.organs.get(fold_name(n)) for n in [*(p.name for p in [party] if p), *names]
    )
    if organ is not None:
        return party_for_code(organ)
    if tok.lemma_.lower() not in tables.government_nouns or tok.pos_ != "NOUN":
        return party
    modifiers = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod")]
    ruling = _first(
        tables.governing_parties.get(fold_name(n))
        for n in [*(p.name for p in [party] if p), *(m.text for m in modifiers)]
    )
    if ruling is not None:
        return party_for_code(ruling)  # "the new Labour government"
    if party is None and _bare_government(tok, modifiers):
        return ctx.article_state  # "the government had allocated", "his government"
    return party


# Determiners a bare government noun may take and still be the article's state.
_OWN_DETERMINERS = frozenset({"the", "this", "its", "his", "her", "their", "our"})


def _bare_government(tok: Token, modifiers: list[Token]) -> bool:
    """A singular government noun that names no other government: no proper-noun or
    sub-national modifier ("Local governments", "the state government", "a
    government")."""
    if tok.tag_ == "NNS":
        return False
    blocking = state_tables().blocking_modifiers
    if any(m.pos_ == "PROPN" or m.lower_ in blocking for m in modifiers):
        return False
    dets = [c for c in tok.children if c.dep_ in ("det", "poss")]
    return all(d.lower_ in _OWN_DETERMINERS for d in dets)
