"""Engine: which argument of the governing act is the actor, which the counterpart.

The table is the guidelines' Roles table ("Roles: actor and counterpart", "Money
roles"), written per verb class in ``transforms/data/roles_verbs.json``:

- ``France sends 12 howitzers to Armenia`` (give, equipment): actor = recipient
  (ARM), counterpart = agent (FRA); the same verb with troops (personnel): actor =
  agent, counterpart = recipient;
- ``Japan gives the Philippines $400m`` (give, spending): actor = agent (the donor
  pays), counterpart = recipient;
- ``Iran fired 180 missiles at Israel`` (fire): actor = agent, counterpart = target;
- ``Russian strikes killed 12 soldiers`` (inflict): actor = the side of the people
  (the owner, from the figure's own phrase), counterpart = agent;
- money: ``Amazon to pay California $500,000`` (pay): payer = agent, payee =
  recipient; ``the EU fined Google $5bn`` (fine): payer = object, payee = agent.

A passive's "by" phrase is the agent ("12 howitzers were sent to Armenia by
France"). Pronouns are resolved by ``parties`` (the subject above, else the
sentence before). No slot, no party: roles are never guessed from co-occurrence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from transforms.entities import entity_id_for
from transforms.roles.parties import (
    Party,
    leader_speaker_side,
    place_side,
    side_of_phrase,
    side_or_company,
    speaker_side,
)
from transforms.roles.syntax import Act, arguments, governing_act, verb_class, verb_data

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

Resolver = Callable[["Token"], Party | None]

# Classes whose recipient may stand as a bare object ("sold Poland 180 tanks",
# "pay California $500,000") when the parse gives no dative.
_OBJECT_RECIPIENT = frozenset({"give", "sell", "pay"})


# Acts whose counterpart is a supplier (give, sell) or seller (buy, receive "from").
_SUPPLY_CLASSES = frozenset({"give", "sell", "buy", "receive", "deal"})


@dataclass(frozen=True, slots=True)
class Roles:
    actor: Party | None
    counterpart: Party | None
    act: Act | None


def _first(tokens: list[Token], resolve: Resolver) -> Party | None:
    for tok in tokens:
        found = resolve(tok)
        if found is not None:
            return found
    return None


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
        return _first(act.objects, resolve) or _first(inner, resolve)
    if slot == "recipient":
        datives = [t for t in act.objects if t.dep_ == "dative"]
        found = _first(datives, resolve) or _first(act.preps.get("recipient", []), resolve)
        if found is None and act.cls in _OBJECT_RECIPIENT:
            # "sold Poland 180 tanks"; "Ukraine has been promised $1bn" (the passive's
            # subject, where the figure is the retained object)
            found = _first([t for t in act.objects if t.dep_ in ("dobj", "nsubjpass")], resolve)
        return found
    found = _first(act.preps.get(slot, []), resolve)
    if found is None and slot == "target":
        # "rockets at three bases and a barracks in northern Israel": a target is
        # the side its place is in
        found = _first([p for t in act.preps.get(slot, []) for p in _located_in(t)], resolve)
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


def military_roles(anchor: Token, category: str, owner: Party | None = None) -> Roles:
    """Actor and counterpart of the military figure anchored at ``anchor`` (its
    counted noun or money head). ``owner`` is the side the figure's own phrase names
    ("12 Russian tanks"), the actor of acts done to a side's people or things."""
    act = governing_act(anchor)
    if act is None or act.cls is None:
        return Roles(None, None, act)
    if act.cls == "deal" and category == "spending":
        # "Hanwha inks $2.6b deal to ship K9 howitzers to Poland": the buyer pays
        buyer, seller = _deal_roles(act, side_or_company)
        return Roles(buyer if buyer is not None and buyer.iso3 else None, seller, act)
    if act.cls == "deal" and category == "equipment":
        # "Hanwha signed a contract with Poland for 212 K9 howitzers": the buyer's kit
        buyer, seller = _deal_roles(act, side_or_company)
        if buyer is not None and buyer.iso3:
            return Roles(buyer, seller, act)
    slots = verb_data().military.get(act.cls, {}).get(category)
    if not slots:
        return Roles(None, None, act)
    actor = slot_party(act, slots[0], side_of_phrase, owner)
    if actor is None and act.cls == "fire" and act.passive and act.agent is None:
        # "Trump told Fox News that six bombs were dropped on Fordow": a leader's own
        # side fired them, unless that side is the target
        speaker = leader_speaker_side(anchor)
        if speaker is not None and speaker != slot_party(act, "target", side_of_phrase, None):
            actor = speaker
    # the supplier or seller may be a firm; the actor is always a side
    resolve = side_or_company if act.cls in _SUPPLY_CLASSES else side_of_phrase
    counterpart = slot_party(act, slots[1], resolve, owner)
    if actor is None and act.cls == "release" and act.head.pos_ == "NOUN":
        # "Russia's Defence Ministry reported the release of 248 military personnel by
        # Ukraine": the side that reports its people's release, not the releaser
        reporter = _reporter(act.head)
        actor = reporter if reporter != counterpart else None
    if counterpart is None and act.cls == "destroy" and act.passive and act.agent is None:
        # "the Ukrainian military said ... 40 drones were shot down": the side that
        # reports its air defences' work destroyed them
        counterpart = speaker_side(anchor)
    if counterpart is not None and counterpart == actor:
        counterpart = None
    return Roles(actor, counterpart, act)


def _reporter(noun: Token) -> Party | None:
    """The side that is the subject of the verb a nominal act is the object of."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.pos_ != "VERB":
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return side_of_phrase(subject) if subject is not None else None


# Classes of a deal's purpose: the signer sells (give, sell) or buys (buy).
_SELLING = frozenset({"give", "sell"})


def _deal_roles(act: Act, resolve: Resolver) -> tuple[Party | None, Party | None]:
    """(payer, payee) of a contract's money: "Hanwha signed a $2.6bn contract to ship
    152 howitzers to Poland" -> Poland pays Hanwha; "India signed a deal to buy 26
    jets from France" -> India pays France; "Hanwha secured a $2.4bn contract" ->
    Hanwha is paid. A deal with no purpose and no winner names no payer."""
    head = act.head
    verb = head.head if head.dep_ in ("dobj", "nsubjpass") else None
    candidates = [c for c in head.children if c.dep_ in ("acl", "relcl")]
    if verb is not None:
        candidates += [c for c in verb.children if c.dep_ in ("advcl", "xcomp")]
    signer = slot_party(act, "agent", resolve, None)
    partner = slot_party(act, "partner", resolve, None) or _object_partner(act, resolve)
    for purpose in candidates:
        cls = verb_class(purpose)
        if cls in _SELLING:
            inner = arguments(purpose, cls)
            buyer = slot_party(inner, "recipient", resolve, None) or partner
            return (buyer, signer) if buyer != signer else (None, None)
        if cls == "buy":
            inner = arguments(purpose, cls)
            seller = slot_party(inner, "source", resolve, None) or partner
            return (signer, seller) if seller != signer else (signer, None)
    under = _under_deal(head, resolve, partner)
    if under is not None:
        return under
    if verb is not None and verb_class(verb) == "receive":
        # "securing the US$2.4 billion contract", "won a $1bn contract from the US Army"
        return partner or slot_party(act, "source", resolve, None), signer
    if verb is not None and verb_class(verb) == "give":
        # "the Pentagon awarded Lockheed Martin a $1.2bn contract": the giver pays the
        # one awarded (a dative, or the subject of a passive: "Boeing was awarded")
        given = arguments(verb, "give")
        return signer, slot_party(given, "recipient", resolve, None)
    return _state_pays(signer, partner)


# Prepositions of a deal that a transfer happens under ("under a $12bn deal",
# "acquire Seagen in a $43bn deal").
_UNDER_PREPS = frozenset({"under", "through", "in"})


def _under_deal(
    head: Token, resolve: Resolver, partner: Party | None
) -> tuple[Party | None, Party | None] | None:
    """(payer, payee) of a deal that a transfer happens under ("Poland will receive 96
    Apache helicopters under a $12bn deal with the US"): the receiver or buyer pays
    the partner; the sender or seller is paid by the recipient."""
    prep = head.head
    if head.dep_ != "pobj" or prep.lower_ not in _UNDER_PREPS or prep.head == prep:
        return None
    verb = prep.head
    cls = verb_class(verb)
    if cls not in ("receive", "buy", "give", "sell"):
        return None
    transfer = arguments(verb, cls)
    if cls in ("receive", "buy"):
        return slot_party(transfer, "agent", resolve, None), partner
    return slot_party(transfer, "recipient", resolve, None), slot_party(
        transfer, "agent", resolve, None
    )


def _object_partner(act: Act, resolve: Resolver) -> Party | None:
    """The "with" party of the deal noun a signing verb has as object ("Hanwha signed
    a contract with Poland")."""
    for obj in act.objects:
        if verb_class(obj) == "deal":
            inner = arguments(obj, "deal", [obj])
            found = _first(inner.preps.get("partner", []), resolve)
            if found is not None:
                return found
    return None


def _state_pays(signer: Party | None, partner: Party | None) -> tuple[Party | None, Party | None]:
    """(payer, payee) of a deal with no purpose clause, where one side is a state and
    the other a firm or unnamed: the state is the customer ("a contract with the
    Bundeswehr", "Poland signed a $4bn contract with Hanwha"), the firm is paid. Two
    states, or a state alone, name no payer ("Poland signs $650M contract with
    Ukraine" may be either side's purchase)."""
    if partner is not None and partner.iso3 and (signer is None or not signer.iso3):
        return partner, signer
    if signer is not None and signer.iso3 and partner is not None and not partner.iso3:
        return signer, partner
    return None, None


def _non_payment(act: Act, anchor: Token) -> bool:
    words = verb_data().non_payment_nouns
    if anchor.head.lower_ in words or any(t.lower_ in words for t in act.figure_path[1:]):
        return True
    return any(
        c.dep_ in ("dobj", "nsubj") and c.lower_ in words
        for t in act.figure_path[1:]
        if t.pos_ in ("VERB", "AUX")
        for c in t.children
    )  # "lowering the oil price cap from 60 dollars to 45 dollars"


def money_roles(anchor: Token, resolve: Resolver) -> tuple[Party | None, Party | None]:
    """(payer, payee) of the money figure anchored at ``anchor``; None where the
    sentence does not say."""
    act = governing_act(anchor)
    if act is None or act.cls is None:
        return None, None
    data = verb_data()
    if _non_payment(act, anchor):
        return None, None  # "the oil price cap from 60 dollars": no payment
    if act.cls == "deal":
        return _deal_roles(act, resolve)
    slots = data.money.get(act.cls)
    if not slots:
        return None, None
    if act.cls == "fine" and not act.passive and slot_party(act, "object", resolve, None) is None:
        anchor_names = [
            c for c in anchor.children if c.dep_ in ("nmod", "compound") and c.pos_ == "PROPN"
        ]
        if anchor_names:
            # "fined Google $5bn" parsed with Google inside the money phrase
            name = " ".join(t.text for t in anchor_names)
            payee = slot_party(act, "agent", resolve, None)
            return Party(entity_id_for("ORG", name), name, None), payee
        # "Apple Fined $11 Million in Italy": a headline's reduced passive
        return slot_party(act, "agent", resolve, None), None
    payer = slot_party(act, slots[0], resolve, None)
    payee = slot_party(act, slots[1], resolve, None)
    if act.cls == "invest" and payee is not None and payee.iso3:
        # "invest $5bn in Mexico": a place invested in is paid nothing
        payee = slot_party(act, "recipient", resolve, None)
    if payer is not None and payer == payee:
        return None, None  # one party on both ends is a misparse, not a payment
    return payer, payee
