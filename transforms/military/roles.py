"""Roles: the actor of a counted figure (owner, recipient of sent kit, side of the dead)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from transforms.military.actors import (
    _Actor,
    _actor_in_phrase,
    _actor_of_token,
    _noun_modifier_actor,
    _phrase_actors,
    _pronoun_actor,
    _recipient_actor,
    _speaker_actor,
    _subject_actor,
    _walk_up_actor,
    _with_modifiers,
)
from transforms.military.candidates import _Candidate
from transforms.military.casualty import _counted_anchor
from transforms.military.lexicon import (
    CAPTURED,
    CASUALTY_CATEGORIES,
    EQUIPMENT,
    PERSONNEL,
    _Lexicon,
)
from transforms.military.tokens import _in_words
from transforms.roles.parties import party_data
from transforms.roles.syntax import verb_data

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token


def _transfer_verb(tok: Token, lex: _Lexicon) -> Token | None:
    """The send / sell / deliver verb governing ``tok`` (through "of" and nouns)."""
    cur = tok
    for _ in range(4):
        if cur.head == cur:
            return None
        cur = cur.head
        if cur.pos_ == "VERB" and cur.lemma_.lower() in lex.transfer_verbs:
            return cur
        if cur.pos_ == "VERB":
            # "France plans to deliver X to Ukraine, and 6 howitzers" (howitzers hang on "plans")
            for child in cur.children:
                if child.dep_ == "xcomp" and child.lemma_.lower() in lex.transfer_verbs:
                    return child
        if cur.pos_ in ("NOUN",) and (
            cur.lemma_.lower() in ("offer", "delivery", "transfer", "sale", "supply", "shipment")
            or cur.lemma_.lower() in lex.aid_nouns
        ):
            return cur  # "an aid package including four air defence systems"
    return None


def _verb_recipient(
    verb: Token, lex: _Lexicon, *, preps: tuple[str, ...] = ("to", "for")
) -> _Actor | None:
    """ "transfer to Ukraine 3 MLRS", "deliver ... to Ukraine": the verb's "to" object."""
    for child in verb.children:
        if child.dep_ == "dative" and child.pos_ in ("PROPN", "NOUN"):
            found = _actor_in_phrase(_with_modifiers(child), lex, as_subject=True)
            if found is not None:
                return found  # "South Korea sold Poland 180 tanks"
        if child.dep_ in ("prep", "dative") and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    found = _actor_in_phrase(
                        _with_modifiers(pobj),
                        lex,
                        as_subject=True,
                    )
                    if found is not None:
                        return found
    return None


def _own_phrase_actor(doc: Doc, cand: _Candidate, lex: _Lexicon) -> tuple[bool, _Actor | None]:
    """The side named inside the figure's own phrase ("12 Russian tanks", "300 fighters
    of the RSF", "46 Russians eliminated"). (decided, actor): a mixed owner ("eight
    Russian and Chinese warships") decides that there is none."""
    span_tokens = [t for t in doc[cand.start_tok : cand.end_tok] if t != cand.noun]
    named = _phrase_actors(span_tokens, lex)
    if len(named) > 1 and not any(a.iso3 is None for a in named):
        return True, None
    found = _actor_in_phrase(span_tokens, lex)
    casualty = cand.category in CASUALTY_CATEGORIES
    if found is None and casualty:
        found = _armed_group_after_from(doc, cand.end_tok, lex)
    if found is not None or cand.noun is None:
        return found is not None, found
    # "from Russian captivity" is not whose soldiers they are: no prepositions
    # nor is "from China" the owner of kit: it is the seller or sender
    # but "300 fighters of the Rapid Support Forces" killed are the RSF's
    found = _noun_modifier_actor(
        cand.noun,
        lex,
        preps=("of",) if casualty else () if cand.category == EQUIPMENT else ("from", "of"),
    )
    if found is None and casualty:
        found = _from_side_actor(cand.noun, lex)
    if found is not None:
        return True, found
    if casualty and (cand.noun.ent_type_ in ("NORP", "GPE") or cand.noun.is_title):
        own = _actor_of_token(cand.noun, lex)  # "46 Russians eliminated"
        if own is not None:
            return True, own
    return False, None


def _from_side_actor(noun: Token, lex: _Lexicon) -> _Actor | None:
    """The side of people counted "from the Ukrainian side" / "from the rebel ranks":
    after "from", only a side noun names whose they are (not a place: "from Kherson")."""
    sides = party_data().side_nouns
    for prep in noun.children:
        if prep.dep_ != "prep" or prep.lower_ != "from":
            continue
        for pobj in prep.children:
            if pobj.dep_ == "pobj" and pobj.lower_ in sides:
                return _noun_modifier_actor(pobj, lex, preps=("of",))
    return None


def _armed_group_after_from(doc: Doc, end: int, lex: _Lexicon) -> _Actor | None:
    """The armed group named right after a toll ("including 183 from HTS and allied
    factions"), where the parser hangs "from" elsewhere. Only a group by name: "from
    Russian captivity" or "from Kherson" is no owner."""
    if end + 1 >= len(doc) or doc[end].lower_ != "from":
        return None
    name = doc[end + 1]
    if name.lower_ not in lex.armed_orgs:
        return None
    return _actor_of_token(name, lex)


def _casualty_actor(doc: Doc, cand: _Candidate, anchor: Token, lex: _Lexicon) -> _Actor | None:
    """Whose dead: the subject of "lose"/"suffer"; whose prisoners: the subject of
    "return"/"release" ("Ukraine returns 144 soldiers from Russian captivity"); whose
    soldiers "its soldiers" are: the speaker's."""
    head = anchor.head
    while head.dep_ == "conj" and head.head != head:
        head = head.head
    verbs = [anchor.head, head, doc[cand.start_tok - 1] if cand.start_tok > 0 else anchor]
    if anchor.dep_ in ("appos", "pobj") and anchor.head.head != anchor.head:
        # "returns 144 soldiers, including 95 defenders": up through the list head
        verbs.extend([anchor.head.head, anchor.head.head.head])
    for verb in verbs:
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB":
            continue
        if lemma in ("lose", "suffer") or (
            cand.category == CAPTURED
            and lemma in lex.captor_release_verbs
            and lemma not in verb_data().holder_verbs  # "Hamas released 24 hostages"
        ):
            # "Putin says Russia has best army after losing 34k troops"
            # a pronoun is not followed here: "the army said it had freed 140
            # hostages" names the freer, not whose people the hostages are
            return _subject_actor(verb, lex, pronouns=False) or _walk_up_actor(
                verb, lex, stop_at_casualty=True
            )
    possessive = next(
        (t for t in doc[cand.start_tok : cand.end_tok] if t.lower_ in ("its", "their", "our")),
        None,
    )
    if possessive is not None:
        # "The Israeli army said three of its soldiers were killed": the speaker's;
        # "The Israeli military confirmed the deaths of four of its soldiers"
        return _speaker_actor(anchor, lex) or _pronoun_actor(possessive, lex)
    return None


def _received_actor(anchor: Token, lex: _Lexicon) -> _Actor | None:
    """ "Pakistan has received 40 jets from China", "Poland ordered 250 tanks from the
    US": the subject of a receiving verb owns the kit, not the seller; "Norway will buy
    300 drones for Ukraine's army": bought for another side."""
    counted = _counted_anchor(anchor, lex)
    receiver = counted.head
    if not (
        receiver.pos_ == "VERB"
        and receiver.lemma_.lower() in lex.receive_verbs
        and counted.dep_ == "dobj"
    ):
        return None
    return (
        _verb_recipient(receiver, lex, preps=("for",))
        or _verb_recipient(counted, lex, preps=("for",))
        or _subject_actor(receiver, lex)
    )


def _delivered_actor(
    doc: Doc, cand: _Candidate, anchor: Token, lex: _Lexicon
) -> tuple[bool, _Actor | None]:
    """Equipment sent, sold or delivered belongs to the recipient; when the text does
    not name one, the owner is unknown (the sender is not it). (decided, actor):
    not decided where no transfer is in sight."""
    transfer = _transfer_verb(anchor, lex)
    # "supplied Russia with hundreds of drones and dozens of missiles": a later
    # conjunct shares the recipient named before the first one
    first_conjunct = _counted_anchor(anchor, lex)
    list_start = first_conjunct.left_edge.i
    in_list = first_conjunct is not anchor and list_start < cand.start_tok
    if in_list and transfer is None:
        transfer = _transfer_verb(first_conjunct, lex)
    if not (
        transfer is not None
        or _recipient_cue(doc, cand)
        or (in_list and _recipient_cue(doc, dataclasses.replace(cand, start_tok=list_start)))
    ):
        return False, None
    found = _recipient_actor(doc, cand.start_tok, cand.end_tok, lex)
    if found is None and in_list:
        found = _recipient_actor(doc, list_start, cand.end_tok, lex)
    if found is None and transfer is not None:
        found = _verb_recipient(transfer, lex)
        if found is None and transfer.dep_ == "conj":
            found = _verb_recipient(transfer.head, lex)
        if (
            found is None
            and transfer.lemma_.lower() in lex.package_nouns
            and transfer.head.pos_ == "VERB"
            and transfer.head.lemma_.lower() in lex.transfer_verbs
        ):
            # "give Ukraine a €2bn package including 30 tanks": the package's verb
            found = _verb_recipient(transfer.head, lex)
    if found is None and transfer is None and _to_deployment_place(doc, cand, lex):
        # "add 200 soldiers and 12 tanks to the force in Estonia": own forces
        return True, _walk_up_actor(anchor, lex, stop_at_casualty=True)
    if found is None and transfer is not None and _deployed(transfer, lex):
        # "China sent 71 aircraft towards Taiwan": a deployment, not a delivery
        return True, _walk_up_actor(anchor, lex, stop_at_casualty=True)
    return True, found


def _equipment_actor(
    doc: Doc, cand: _Candidate, anchor: Token, lex: _Lexicon
) -> tuple[bool, _Actor | None]:
    """Whose kit: own forces deployed, the receiver of a purchase or delivery.
    (decided, actor); not decided: fall back to the walk up the parse."""
    governing = _counted_anchor(anchor, lex).head
    if governing.pos_ == "VERB" and governing.lemma_.lower() in lex.deploy_verbs:
        # "deploy 3,000 troops and 40 helicopters to Poland": own forces moved
        return True, _walk_up_actor(anchor, lex, stop_at_casualty=True)
    found = _received_actor(anchor, lex)
    if found is not None:
        return True, found
    given = _given_to_actor(anchor, lex)
    if given is not None:
        # "captured 80 Leopard tanks given to Ukraine by its allies": Ukraine's
        return True, given
    return _delivered_actor(doc, cand, anchor, lex)


def _figure_actor(doc: Doc, cand: _Candidate, lex: _Lexicon) -> _Actor | None:
    """Whose figure it is (guidelines "Roles"): named in its own phrase, else by the
    category's act, else up the parse."""
    if cand.actor_known:
        if cand.actor is None and cand.category in CASUALTY_CATEGORIES:
            # an "including" item that took no side from its toll may name its own
            return _armed_group_after_from(doc, cand.end_tok, lex)
        return cand.actor
    decided, found = _own_phrase_actor(doc, cand, lex)
    if decided:
        return found
    anchor = cand.noun if cand.noun is not None else doc[cand.start_tok]
    if cand.category in CASUALTY_CATEGORIES:
        return _casualty_actor(doc, cand, anchor, lex)
    if cand.category == EQUIPMENT:
        decided, found = _equipment_actor(doc, cand, anchor, lex)
        if decided:
            return found
    found = _walk_up_actor(anchor, lex, stop_at_casualty=True)
    if found is None and cand.category == PERSONNEL:
        # "Belarus said 50,000 reservists were called up": a side's forces, reported
        # by that side, when the clause itself names no one
        found = _speaker_actor(anchor, lex)
    return found


def _given_to_actor(anchor: Token, lex: _Lexicon) -> _Actor | None:
    """The recipient named by a participle on the counted noun or its list ("80
    Leopard tanks and Bradley vehicles given to Ukraine", "drones supplied to Russia"):
    kit keeps the owner it was delivered to, whoever later captures it."""
    nouns = [anchor, *(c for c in anchor.children if c.dep_ == "conj")]
    for noun in nouns:
        for child in noun.children:
            if child.dep_ == "acl" and child.lemma_.lower() in lex.transfer_verbs:
                found = _verb_recipient(child, lex, preps=("to",))
                if found is not None:
                    return found
    return None


def _to_deployment_place(doc: Doc, cand: _Candidate, lex: _Lexicon) -> bool:
    """ "... to the force in Estonia", "to the region": moved to a place or a force of
    one's own, not delivered to a recipient."""
    if cand.end_tok >= len(doc) or doc[cand.end_tok].lower_ != "to":
        return False
    return any(
        c.dep_ == "pobj" and c.lower_ in lex.deployment_places for c in doc[cand.end_tok].children
    )


def _bought_for(tok: Token, lex: _Lexicon) -> _Actor | None:
    """The side a purchase is made for: "Norway will buy 300 drones for Ukraine's army
    (for $40m)" -> Ukraine; the "for" object of the buying verb or of its object."""
    cur = tok
    for _ in range(4):
        if cur.head == cur:
            return None
        cur = cur.head
        if cur.pos_ == "VERB":
            if cur.lemma_.lower() not in lex.receive_verbs:
                return None
            for item in (cur, *(c for c in cur.children if c.dep_ == "dobj")):
                found = _verb_recipient(item, lex, preps=("for",))
                if found is not None:
                    return found
            return None
    return None


def _deployed(verb: Token, lex: _Lexicon) -> bool:
    """Whether a send verb moves its own forces ("sent ... towards Taiwan", "into the
    strait", "to the region") rather than delivering them to a recipient ("to
    Ukraine"), or its subject is an armed force ("Pakistan's army has sent 40
    helicopters", "The US Navy said it would send two destroyers")."""
    preps = [c for c in verb.children if c.dep_ in ("prep", "dative")]  # "to" may be dative
    words = {c.lower_ for c in preps}
    if words & lex.deployment_preps and not words & {"to", "for"}:
        return True
    for prep in preps:
        if prep.lower_ == "to" and any(
            o.dep_ == "pobj" and o.lower_ in lex.deployment_places for o in prep.children
        ):
            return True
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.lower_ in ("it", "they"):
        # "The US Navy said it would send": the pronoun stands for the speaker
        head = verb
        while head.head != head and head.lemma_.lower() not in lex.reporting_verbs:
            head = head.head
        subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
    return subject is not None and (
        _in_words(subject, lex.military_unit_nouns) or subject.lower_ in ("navy", "army")
    )


def _recipient_cue(doc: Doc, cand: _Candidate) -> bool:
    """ "... to Ukraine" right after the figure, or "supplying X with" just before it."""
    if cand.end_tok < len(doc) and doc[cand.end_tok].lower_ == "to":
        return True
    # "with (over|more than) 20 vessels": only prepositions and adverbs in between
    for k in range(cand.start_tok - 1, max(-1, cand.start_tok - 4), -1):
        tok = doc[k]
        if tok.lower_ == "with":
            return True
        if tok.pos_ not in ("ADP", "ADV", "ADJ"):
            break
    return False
