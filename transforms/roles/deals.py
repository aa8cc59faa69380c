"""Deals: who pays whom under a contract or deal noun ("Hanwha signed a $2.6bn
contract to ship 152 howitzers to Poland" -> Poland pays Hanwha), from its purpose
clause, the act it stands under, or which side is a state. Read by the military
roles of spending and equipment figures and by money roles.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from transforms.roles.parties import Party
from transforms.roles.slots import Resolver, first_party, slot_party
from transforms.roles.syntax import Act, arguments, verb_class, verb_class_of_lemma, verbs_file

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

# Classes of a deal's purpose: the signer sells (give, sell) or buys (buy).
_SELLING = frozenset({"give", "sell"})


def deal_roles(act: Act, resolve: Resolver) -> tuple[Party | None, Party | None]:
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
    if signer is None and verb is not None and verb.dep_ == "pcomp":
        signer = first_party(_clause_subjects(verb), resolve)
    partner = slot_party(act, "partner", resolve, None) or _object_partner(act, resolve)
    for purpose in candidates:
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in purpose.children):
            continue  # a clause of its own ("with a further €300m set aside"), no purpose
        cls = verb_class(purpose)
        if cls in _SELLING:
            inner = arguments(purpose, cls)
            buyer = slot_party(inner, "recipient", resolve, None) or partner
            return (buyer, signer) if buyer != signer else (None, None)
        if cls == "buy":
            inner = arguments(purpose, cls)
            seller = slot_party(inner, "source", resolve, None) or partner
            return (signer, seller) if seller != signer else (signer, None)
    if signer is not None and any(
        c.dep_ == "compound" and verb_class(c) == "buy" for c in head.children
    ):
        # "his $44 billion takeover deal": the owner of a takeover deal is the buyer
        bought = partner or slot_party(act, "recipient", resolve, None)
        return signer, (bought if bought != signer else None)
    under = _under_deal(head, resolve, partner)
    if under is not None:
        return under
    if verb is not None and verb_class(verb) == "receive":
        # "securing the US$2.4 billion contract", "won a $1bn contract from the US Army";
        # "Boeing wins $2.3bn Air Force contract": a name inside the deal's phrase is the
        # customer, the verb's subject the winner
        winner = slot_party(arguments(verb, "receive"), "agent", resolve, None)
        customer = None
        if winner is not None and winner != signer and act.agent is not None:
            customer = signer if act.agent.dep_ == "compound" else None
        payer = partner or slot_party(act, "source", resolve, None) or customer
        if payer is None and verb.dep_ == "pcomp":
            payer = _clause_recipient(verb, resolve)
        return payer, winner or signer
    if verb is not None and verb.pos_ in ("NOUN", "PROPN") and verb_class_of_lemma(verb) == "give":
        # a headline's verb read as a noun: "Pentagon awards $10bn cloud contract to
        # Microsoft" (the name before it gives, the "to" object is awarded)
        lead = [c for c in verb.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        giver = first_party(lead[-1:], resolve)
        return giver, slot_party(act, "recipient", resolve, None)
    if verb is not None and verb_class(verb) == "give":
        # "the Pentagon awarded Lockheed Martin a $1.2bn contract": the giver pays the
        # one awarded (a dative, or the subject of a passive: "Boeing was awarded")
        given = arguments(verb, "give")
        named_inside = act.agent is not None and act.agent.dep_ == "compound"
        if headline_passive(verb):
            # "BAE Systems awarded £1.2bn Royal Navy contract": the subject is awarded,
            # a name inside the contract's phrase (or a "by" agent) awards it
            winner, giver = headline_passive_parties(verb, resolve)
            return giver or (signer if named_inside and signer != winner else None), winner
        return signer, slot_party(given, "recipient", resolve, None)
    return _state_pays(signer, partner)


# Past forms a headline uses as a reduced passive ("Boeing awarded $4bn contract").
_PASSIVE_TAGS = frozenset({"VBD", "VBN"})


@cache
def money_words(key: str) -> frozenset[str]:
    """A word list of roles_verbs.json that only money roles read
    ("recipient_passive_verbs", "cost_phrase_nouns")."""
    return frozenset(verbs_file()[key])


def headline_passive(verb: Token) -> bool:
    """Whether a giving verb is a headline's reduced passive: a past form of a
    ``recipient_passive_verbs`` lemma with no auxiliary, no recipient and no full stop
    closing its sentence ("General Dynamics awarded $1bn Army contract"; "The
    Pentagon awarded a $1bn contract." is active)."""
    if verb.tag_ not in _PASSIVE_TAGS or verb.pos_ != "VERB":
        return False
    if verb.lemma_.lower() not in money_words("recipient_passive_verbs"):
        return False
    if any(c.dep_ in ("aux", "auxpass", "nsubjpass", "dative") for c in verb.children):
        return False
    if any(c.dep_ == "prep" and c.lower_ == "to" for c in verb.children):
        return False
    closing = [t for t in verb.sent if not t.is_space][-1:]  # a final newline is no closer
    return not closing or closing[0].text not in (".", "!", "?")


# How many heads above a prepositional clause ("after securing the contract") its
# main verb may stand: the preposition, a noun it is misattached to, the verb.
_PCOMP_CLIMB = 4


def _clause_subjects(verb: Token) -> list[Token]:
    """The subject of the clause a prepositional verb hangs on ("Hanwha Defense has
    confirmed the delivery ... after securing the $2.4bn contract": Hanwha secured it)."""
    tok = verb.head
    for _ in range(_PCOMP_CLIMB):
        if tok.head == tok:
            break
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return [c for c in tok.children if c.dep_ == "nsubj"]
    return []


def _clause_recipient(verb: Token, resolve: Resolver) -> Party | None:
    """The recipient of the delivery or sale a prepositional clause hangs on ("Hanwha
    delivered 24 howitzers to Poland two months after securing the $2.4bn contract",
    "confirmed the delivery of 24 howitzers to Poland ... after securing"): the goods
    the contract is for go to its customer, who pays."""
    tok = verb.head
    for _ in range(_PCOMP_CLIMB):
        if tok.head == tok:
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX", "NOUN"):
            break
    acts = [tok] + [c for c in tok.children if c.dep_ == "dobj" and tok.pos_ == "VERB"]
    for head in acts:
        cls = verb_class(head)
        if cls in _SELLING and head != verb:
            found = slot_party(arguments(head, cls, [head]), "recipient", resolve, None)
            if found is not None:
                return found
    return None


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
    if cls == "buy":
        # "Chevron agreed to acquire Hess in a $53bn deal": the company bought is paid
        bought = partner or slot_party(transfer, "object|source", resolve, None)
        return slot_party(transfer, "agent", resolve, None), bought
    if cls == "receive":
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
            found = first_party(inner.preps.get("partner", []), resolve)
            if found is not None:
                return found
    return None


def _state_pays(signer: Party | None, partner: Party | None) -> tuple[Party | None, Party | None]:
    """(payer, payee) of a deal with no purpose clause, where one side is a state and
    the other a firm or unnamed: the state is the customer ("a contract with the
    Bundeswehr", "Poland signed a $4bn contract with Hanwha"), the firm is paid. Two
    states, or a state alone, name no payer here ("Poland signs $650M contract with
    Ukraine" may be either side's purchase; money roles make a state alone the
    customer, ``money.py``)."""
    if partner is not None and partner.iso3 and (signer is None or not signer.iso3):
        return partner, signer
    if signer is not None and signer.iso3 and partner is not None and not partner.iso3:
        return signer, partner
    return None, None


def headline_passive_parties(verb: Token, resolve: Resolver) -> tuple[Party | None, Party | None]:
    """(receiver, giver) of a headline's reduced passive: its subject, its "by" agent."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    by = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    receiver = resolve(subject) if subject is not None else None
    return receiver, first_party(by, resolve)
