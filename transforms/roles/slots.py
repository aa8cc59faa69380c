"""Slots: the party standing in one argument slot of an act (agent, object,
recipient, a preposition's slot), per ``roles_verbs.json`` ("_doc"). Shared by the
military roles (``engine``), deals (``deals``) and money roles (``money``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from transforms.roles.parties import Party, place_side
from transforms.roles.syntax import Act

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

Resolver = Callable[["Token"], Party | None]

# Classes whose recipient may stand as a bare object ("sold Poland 180 tanks",
# "pay California $500,000") when the parse gives no dative.
_OBJECT_RECIPIENT = frozenset({"give", "sell", "pay"})


def first_party(tokens: list[Token], resolve: Resolver) -> Party | None:
    """The first of ``tokens`` that ``resolve`` names a party for."""
    for tok in tokens:
        found = resolve(tok)
        if found is not None:
            return found
    return None


def _misparsed_dative(act: Act) -> list[Token]:
    """ "has already sent Kyiv 19 F-16 jets": the parse may hang the indirect object
    (a state or its capital) on the counted noun, before its number, as a modifier."""
    anchor = act.figure_path[0]
    if anchor.head != act.head or anchor.dep_ != "dobj":
        return []
    numbers = [t.i for t in anchor.subtree if t.like_num or t.pos_ == "NUM"]
    if not numbers:
        return []
    return [
        c
        for c in anchor.children
        if c.dep_ in ("nmod", "compound")
        and c.ent_type_ == "GPE"
        and c.i < min(numbers)
        and c.left_edge.i > act.head.i
    ]


def slot_party(act: Act, slot: str | None, resolve: Resolver, owner: Party | None) -> Party | None:
    """The party standing in ``slot`` of ``act`` (see roles_verbs.json "_doc")."""
    if slot is None:
        return None
    if "|" in slot:
        for alternative in slot.split("|"):
            found = slot_party(act, alternative, resolve, owner)
            if found is not None:
                return found
        return None
    if slot == "owner":
        return owner
    if slot == "agent":
        return resolve(act.agent) if act.agent is not None else None
    if slot == "object":
        # "fined Google $5bn" may parse "Google" as a modifier of the money
        anchor = act.figure_path[0]
        inner = [c for c in anchor.children if c.dep_ in ("nmod", "compound") and c.i < anchor.i]
        return first_party(act.objects, resolve) or first_party(inner, resolve)
    if slot == "recipient":
        datives = [t for t in act.objects if t.dep_ == "dative"]
        found = first_party(datives, resolve) or first_party(
            act.preps.get("recipient", []), resolve
        )
        if found is None and act.cls in _OBJECT_RECIPIENT:
            # "sold Poland 180 tanks"; "Ukraine has been promised $1bn" (the passive's
            # subject, where the figure is the retained object)
            found = first_party(
                [t for t in act.objects if t.dep_ in ("dobj", "nsubjpass")], resolve
            )
        if found is None and act.cls in _OBJECT_RECIPIENT:
            found = first_party(_misparsed_dative(act), resolve)
        return found
    found = first_party(act.preps.get(slot, []), resolve)
    if found is None and slot == "target":
        # "rockets at three bases and a barracks in northern Israel": a target is
        # the side its place is in
        found = first_party([p for t in act.preps.get(slot, []) for p in _located_in(t)], resolve)
    if found is None and slot == "target":
        # "missiles fired at Kharkiv": a target place is the side it lies in
        found = next(filter(None, map(place_side, act.preps.get(slot, []))), None)
    return found


def _located_in(target: Token) -> list[Token]:
    """The "in" places of a target noun and of its conjuncts."""
    nouns = [target, *(c for c in target.children if c.dep_ == "conj")]
    return [
        pobj
        for noun in nouns
        for prep in noun.children
        if prep.dep_ == "prep" and prep.lower_ == "in"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]
