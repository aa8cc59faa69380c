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
the scope). Used by the money roles only (``attach.attach_money_roles``); the
military roles keep their own leader list (``military_lexicon.json``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from transforms.entities import entity_id_for
from transforms.roles.parties import MentionIndex, Party, party_for_code
from transforms.roles.syntax import DATA_DIR

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

STATES_PATH = DATA_DIR / "roles_states.json"
# Titles before a leader's name that are no part of it ("President Bola Ahmed
# Tinubu", "Prime Minister Rishi Sunak", "Premier Li Keqiang").
_TITLE = re.compile(
    r"^(?:(?:the|us|u\.s\.|uk|former|then|vice|deputy|acting|interim|union|federal|"
    r"president|prime|minister|premier|chancellor|secretary|finance|defen[cs]e|treasury|"
    r"foreign|state|of|the exchequer|king|crown|prince|supreme|leader|general|"
    r"mr|mrs|ms|dr|sir|senator|sen\.|rep\.)\s+)+",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Leader:
    state: str  # ISO3
    terms: tuple[tuple[date | None, date | None], ...]

    def in_office(self, on: date | None) -> bool:
        """Whether the leader held office on ``on`` (any term when undated)."""
        if on is None:
            return True
        return any((a is None or a <= on) and (b is None or on < b) for a, b in self.terms)


@dataclass(frozen=True, slots=True)
class StateTables:
    leaders: dict[str, tuple[Leader, ...]]  # folded full name or alias -> leaders
    organs: dict[str, str]  # folded organ name -> ISO3
    governing_parties: dict[str, str]  # folded party name -> ISO3
    government_nouns: frozenset[str]
    blocking_modifiers: frozenset[str]  # "local", "foreign": not the article's state


def fold(name: str) -> str:
    """A name for lookup: accents off, case folded, possessive and "the" off."""
    text = unicodedata.normalize("NFKD", name.strip())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['\u2019]s?$", "", text).replace("\u2019", "'")
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip().casefold()


def fold_person(name: str) -> str:
    """A person's name for lookup: ``fold`` with the titles before it off."""
    return fold(_TITLE.sub("", name.strip()))


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@cache
def state_tables() -> StateTables:
    raw: dict[str, Any] = json.loads(STATES_PATH.read_text(encoding="utf-8"))
    leaders: dict[str, list[Leader]] = {}
    for name, row in raw["leaders"].items():
        leader = Leader(row["state"], tuple((_day(a), _day(b)) for a, b in row["terms"]))
        for key in {fold_person(name), *(fold_person(a) for a in row.get("aliases", []))}:
            leaders.setdefault(key, []).append(leader)

    def by_name(table: dict[str, list[str]]) -> dict[str, str]:
        return {fold(n): iso3 for iso3, names in table.items() for n in names}

    return StateTables(
        leaders={k: tuple(v) for k, v in leaders.items()},
        organs=by_name(raw["organs"]),
        governing_parties=by_name(raw["governing_parties"]),
        government_nouns=frozenset(raw["government_nouns"]),
        blocking_modifiers=frozenset(raw["government_blocking_modifiers"]),
    )


def leader_state(name: str, on: date | None) -> str | bool | None:
    """The ISO3 of the state a leader named ``name`` stood for on ``on``; False for a
    known leader out of office that day; None for no leader."""
    found = state_tables().leaders.get(fold_person(name))
    if not found:
        return None
    return next((lead.state for lead in found if lead.in_office(on)), False)


@dataclass(frozen=True, slots=True)
class StateContext:
    """What the state resolution knows of the article: its day and its state."""

    published: date | None
    article_state: Party | None


def _as_date(published: datetime | date | None) -> date | None:
    if isinstance(published, datetime):
        return published.date()
    return published


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
            elif fold(name) in tables.organs:
                states.add(tables.organs[fold(name)])
            elif ent.end < len(doc) and doc[ent.end].lemma_.lower() in tables.government_nouns:
                iso3 = tables.governing_parties.get(fold(name))
                states.update([iso3] if iso3 else [])  # "the Labour government"
    return states


def state_context(doc: Doc, index: MentionIndex, published: datetime | date | None) -> StateContext:
    """The article's day and its state (the one state its leaders in office, organs
    and governing parties name; None where they name none or several)."""
    on = _as_date(published)
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
    organ = _first(tables.organs.get(fold(n)) for n in [*(p.name for p in [party] if p), *names])
    if organ is not None:
        return party_for_code(organ)
    if tok.lemma_.lower() not in tables.government_nouns or tok.pos_ != "NOUN":
        return party
    modifiers = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod")]
    ruling = _first(
        tables.governing_parties.get(fold(n))
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
