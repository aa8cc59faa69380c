"""Attach: roles and scope on the military and money figures of one parsed doc.

``doc`` may be one chunk of a longer article; figure offsets are in article
coordinates and ``offset`` is where the chunk starts. Figures come back in the
order given, as new records (records are frozen).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from transforms.records import EntityMention, MilitaryFigure, MoneyFigure
from transforms.roles.context import (
    cause_side,
    context_actor,
    context_host,
    earlier_cause_side,
    exchange_partner,
    launcher_side,
    package_kit,
)
from transforms.roles.engine import military_roles
from transforms.roles.lookback import budget_owner, deal_buyer, detected_owner
from transforms.roles.money import money_roles
from transforms.roles.parties import MentionIndex, Party, named_party, side_of_phrase
from transforms.roles.scope import figure_scope
from transforms.roles.states import as_state, state_context
from transforms.roles.syntax import Act, verb_class, verb_data

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

SPENDING = "spending"
EQUIPMENT = "equipment"
PERSONNEL = "personnel"
# Spending acts whose payer the guidelines name (the donor, the buyer): where one
# of these governs the money, the act decides the actor, not the recipient.
# A deal's signer may be either side ("Poland signs $650M contract with Ukraine" is
# Ukraine's purchase), so "deal" is not among them.
_PAYING_CLASSES = frozenset({"give", "sell", "buy", "receive", "pay"})


_CASUALTY = frozenset({"killed", "wounded", "captured"})
# Casualties caused by an attack (captives are taken, not caused by a strike).
_INFLICTED = frozenset({"killed", "wounded"})
# (actor, counterpart, scope) of a figure already done, by (anchor index, category).
_Listed = tuple[Party | None, Party | None, str | None]

# Verbs that list the parts of a figure named just before ("65 people, including 16
# minors", "230 individuals, comprising 224 soldiers and six civilians").
_LIST_VERBS = frozenset({"include", "comprise"})
# Nouns that count more of the people named by the act before ("killed 122
# Palestinians and wounded 56 others").
_OTHERS = frozenset({"others", "more"})


def _others_side(anchor: Token) -> Party | None:
    verb = anchor.head
    if anchor.lower_ not in _OTHERS or verb.dep_ != "conj" or anchor.dep_ != "dobj":
        return None
    first = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
    return side_of_phrase(first) if first is not None else None


def _toll_act_roles(anchor: Token, listed: dict[tuple[int, str], _Listed]) -> _Listed | None:
    """The roles of the casualty figure whose act a toll continues: "the Israeli army
    killed 122 Palestinians and wounded 56 others, bringing the total death toll to
    33,482" -> the toll is the Palestinians' (PSE), inflicted by ISR."""
    prep, verb = anchor.head, anchor.head.head
    if (
        anchor.dep_ != "pobj"
        or prep.lower_ != "to"
        or verb.lemma_.lower() not in (verb_data().toll_verbs)
    ):
        return None
    if not any(c.dep_ == "dobj" and verb_class(c) == "toll" for c in verb.children):
        return None
    act = verb.head if verb.dep_ in ("advcl", "conj", "xcomp") else None
    while act is not None:
        for obj in (c for c in act.children if c.dep_ == "dobj"):
            found = next(
                (v for (i, cat), v in listed.items() if i == obj.i and cat in _CASUALTY), None
            )
            if found is not None:
                return found
        act = act.head if act.dep_ == "conj" and act.head != act else None
    return None


def _list_head_roles(
    anchor: Token, category: str, listed: dict[tuple[int, str], _Listed]
) -> _Listed | None:
    """The roles of the figure whose list ``anchor`` continues: a conjunct ("two
    Houthi drones and half a dozen missiles") or an "including" item ("65 people,
    including 16 minors") of an earlier figure of the same category."""
    head = anchor.head
    if anchor.dep_ in ("dobj", "pobj") and head.lemma_.lower() in _LIST_VERBS:
        if head.dep_ == "prep" or (head.dep_ == "acl" and head.head.pos_ == "NOUN"):
            head = head.head  # "65 people, including 16 minors"
        else:
            # "confirmed the return of 230 individuals, comprising 224 soldiers": the
            # nearest figure before the list verb in its sentence
            before = [i for i, cat in listed if cat == category and anchor.sent.start <= i < head.i]
            return listed[(max(before), category)] if before else None
    elif anchor.dep_ != "conj":
        return None
    found = listed.get((head.i, category))
    if found is None and head.dep_ in ("conj", "pobj"):
        # the third item of "A, including B and C": up to A
        return _list_head_roles(head, category, listed)
    return found


def _anchor(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    root = span.root
    if root.pos_ in ("VERB", "AUX") and root.ent_type_ == "MONEY":
        # "valued at 3.4474 trillion won" with the currency "won" parsed as a verb: the
        # figure hangs where its number does, on the phrase outside the span
        outside = [t for t in span if t != root and not (span.start <= t.head.i < span.end)]
        return outside[0] if outside else root
    return root


def _party(entity_id: str | None, name: str | None, iso3: str | None) -> Party | None:
    return Party(entity_id, name, iso3) if entity_id and name else None


def attach_military_roles(
    doc: Doc, figures: Sequence[MilitaryFigure], *, offset: int = 0
) -> list[MilitaryFigure]:
    """Counterpart and scope on every figure; the actor where the figure's act names
    it and the extractor found none, and for spending the payer of the act."""
    out: list[MilitaryFigure] = []
    # (anchor index, category) -> (actor, counterpart) of the figures done so far
    listed: dict[tuple[int, str], _Listed] = {}
    for f in figures:
        anchor = _anchor(doc, f.start_char - offset, f.end_char - offset)
        if anchor is None:
            out.append(f)
            continue
        owner = _party(f.actor_entity_id, f.actor_name, f.actor_iso3)
        head_roles = _list_head_roles(anchor, f.category, listed)
        if owner is None and head_roles is not None:
            # "two Houthi drones and more than half a dozen missiles": a later item of
            # a list shares the side named on the first
            owner = head_roles[0]
        in_package = False
        if f.category == EQUIPMENT:
            # "It includes 10 howitzers": a package's kit is its recipient's, or nobody's
            in_package, package_owner = package_kit(anchor)
            owner = package_owner if in_package else owner
        if owner is None and f.category == EQUIPMENT:
            owner = launcher_side(anchor)  # "23 of 27 drones launched by Russia"
        roles = military_roles(anchor, f.category, owner)
        actor = owner or roles.actor
        if f.category == SPENDING and roles.act is not None and roles.act.cls in _PAYING_CLASSES:
            # "Japan gives the Philippines $400m": the donor's money, not the recipient's
            actor = roles.actor or (owner if owner != roles.counterpart else None)
        elif f.category == SPENDING and roles.actor is not None:
            actor = roles.actor  # a deal whose purpose names the buyer
        toll_roles = _toll_act_roles(anchor, listed) if f.category in _CASUALTY else None
        if actor is None and toll_roles is not None:
            actor = toll_roles[0]
        if actor is None and f.category in _CASUALTY:
            actor = _others_side(anchor)
        if actor is None and not in_package:
            context = context_actor(anchor, f.category, roles.act)
            if context is not None and context != roles.counterpart:
                actor = context
        if actor is None and not in_package:
            # an earlier act of the same kind: a deal's buyer, a budget's owner, the
            # owner of kit the same detector reported ("we have detected 28 aircraft")
            actor = deal_buyer(anchor, f.category, roles.act, roles.counterpart) or budget_owner(
                anchor, f.category
            )
            detected = detected_owner(anchor, roles.act, roles.counterpart)
            if actor is None and detected is not None:
                actor, detector = detected
                roles = dataclasses.replace(roles, counterpart=roles.counterpart or detector)
        counterpart = roles.counterpart
        if f.category in _CASUALTY:
            # "freed 17 hostages held by Islamic State": the holder, not the freer
            counterpart = _participle_agent(anchor) or counterpart
        if counterpart is None and head_roles is not None:
            counterpart = head_roles[1]  # "65 killed in strikes, including 16 minors"
        if counterpart is None and toll_roles is not None:
            counterpart = toll_roles[1]
        if counterpart is None and f.category in _INFLICTED:
            # "65 killed ... in Israeli strikes"; "... The attack wounded 20 people"
            counterpart = cause_side(anchor) or earlier_cause_side(anchor)
        # "31 drones from the United States and 97 Tejas built at home": a kit noun's
        # own supplier is its own, not shared down a list like the other sides
        supplier = (
            _own_supplier(anchor, roles.act)
            if counterpart is None and f.category == EQUIPMENT
            else None
        )
        if counterpart is None and f.category == PERSONNEL:
            counterpart = context_host(anchor, roles.act, actor)
        if counterpart is None:
            counterpart = exchange_partner(anchor, roles.act, actor)  # a prisoner swap
        counterpart = counterpart if counterpart != actor else None
        scope = figure_scope(anchor, roles.act, category=f.category, unit=f.unit)
        if scope is None and head_roles is not None:
            scope = head_roles[2]  # "230 individuals, comprising 224 soldiers"
        listed[(anchor.i, f.category)] = (actor, counterpart, scope)
        counterpart = supplier if supplier is not None and supplier != actor else counterpart
        out.append(
            dataclasses.replace(
                f,
                actor_entity_id=actor.entity_id if actor else None,
                actor_name=actor.name if actor else None,
                actor_iso3=actor.iso3 if actor else None,
                counterpart_entity_id=counterpart.entity_id if counterpart else None,
                counterpart_name=counterpart.name if counterpart else None,
                counterpart_iso3=counterpart.iso3 if counterpart else None,
                scope=scope,
            )
        )
    return out


# Acts whose "from" is a launch site, not a supplier ("drones from Crimea").
_NO_SUPPLIER_CLASSES = frozenset({"fire", "destroy", "inflict"})


def _own_supplier(anchor: Token, act: Act | None) -> Party | None:
    """The supplier a kit noun names with its own "from <state>" ("31 MQ-9B drones
    from the United States", "180 K2 tanks from South Korea"), outside a firing."""
    if act is not None and act.cls in _NO_SUPPLIER_CLASSES:
        return None
    for child in anchor.children:
        if child.dep_ != "prep" or child.lower_ != "from":
            continue
        for pobj in child.children:
            if pobj.dep_ == "pobj" and pobj.ent_type_ == "GPE":
                side = side_of_phrase(pobj)
                return side if side is not None and side.iso3 else None
    return None


def _participle_agent(anchor: Token) -> Party | None:
    """The "by" agent of a participle of an inflicting act (roles_verbs.json class
    "inflict": held, killed, captured) on the counted noun: "17 hostages held by
    Islamic State", "civilians killed by the military" -> that side."""
    for child in anchor.children:
        if child.dep_ != "acl" or child.tag_ != "VBN" or verb_class(child) != "inflict":
            continue
        for by in child.children:
            if by.dep_ == "agent":
                agent = next((c for c in by.children if c.dep_ == "pobj"), None)
                if agent is not None:
                    return side_of_phrase(agent)
    return None


def _inside_figure(party: Party | None, figure_words: list[str]) -> bool:
    """Whether a party's name is made of the money figure's own words: a currency code
    the parse split off the amount ("had allocated Rs 10 lakh crore", "Rs" a dative)."""
    return party is not None and all(word in figure_words for word in party.name.split())


def attach_money_roles(
    doc: Doc,
    money: Sequence[MoneyFigure],
    *,
    offset: int = 0,
    mentions: Sequence[EntityMention] = (),
    published: datetime | date | None = None,
) -> list[MoneyFigure]:
    """Payer and payee on every money figure whose sentence says who pays and who
    receives; both stay None otherwise. ``published`` (the article's publication
    time) decides whether a leader named is in office (``states``)."""
    if not money:
        return []  # most chunks: no figure, so no scan of the article's states
    index = MentionIndex(mentions, offset)
    states = state_context(doc, index, published)

    def resolve(tok: Token) -> Party | None:
        return as_state(tok, named_party(tok, index), index, states)

    out: list[MoneyFigure] = []
    for m in money:
        anchor = _anchor(doc, m.start_char - offset, m.end_char - offset)
        if anchor is None:
            out.append(m)
            continue
        payer, payee = money_roles(anchor, resolve)
        own_words = doc.text[m.start_char - offset : m.end_char - offset].split()
        payer = None if _inside_figure(payer, own_words) else payer
        payee = None if _inside_figure(payee, own_words) else payee
        out.append(
            dataclasses.replace(
                m,
                payer_entity_id=payer.entity_id if payer else None,
                payer_name=payer.name if payer else None,
                payee_entity_id=payee.entity_id if payee else None,
                payee_name=payee.name if payee else None,
            )
        )
    return out
