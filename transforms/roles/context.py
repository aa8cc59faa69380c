"""Context: roles from the sentence before, where the figure's own sentence names none.

The guidelines' context for roles is the sentence, else the sentence before (a
headline counts as a sentence), and nothing further. ``Russia launched 31 drones
... The Ukrainian Air Force destroyed 28 Shahed attack drones`` -> RUS: the act of
the sentence before (fire, equipment) names whose the drones are. Only a classed act
of that sentence's main clause is read, through the same slot table as the figure's
own act (``roles_verbs.json`` "military"); a side merely present there is no party.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from transforms.roles.parties import Party, party_data, side_of_phrase, side_of_token
from transforms.roles.slots import slot_party
from transforms.roles.syntax import Act, arguments, verb_class, verb_data

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

# Clause links below the root of the sentence before that carry its main act
# ("Russia said it launched 31 drones", "Russia launched 31 drones and fired 2 missiles").
_MAIN_CLAUSE_DEPS = frozenset({"ccomp", "conj", "parataxis", "xcomp"})
# How many such links down the main act may sit: "X said (1) Ukraine says (2) Russia
# launched (3)"; deeper clauses are asides.
MAIN_CLAUSE_DEPTH = 3


def _sentence_before(anchor: Token) -> Span | None:
    doc = anchor.doc
    start = anchor.sent.start
    while start > 0:
        sent = doc[start - 1].sent
        if any(not t.is_space for t in sent):
            return sent
        start = sent.start
    return None


def _main_acts(sent: Span) -> list[Token]:
    """The verbs of the main clause, breadth first: the root and, through clause
    links, the acts it reports or joins ("Ukraine says Russia launched 31 drones")."""
    out: list[Token] = []
    level = [sent.root]
    for _ in range(MAIN_CLAUSE_DEPTH):
        out.extend(level)
        level = [
            c
            for v in level
            for c in v.children
            if c.dep_ in _MAIN_CLAUSE_DEPS and c.pos_ in ("VERB", "AUX")
        ]
    return out


# Categories whose actor is the side of the people counted.
_CASUALTY = frozenset({"killed", "wounded", "captured"})


def context_actor(anchor: Token, category: str, own_act: Act | None) -> Party | None:
    """The actor the figure's context names for a figure of ``category``: the party in
    the actor slot of a main-clause act of its own sentence (other than its own act:
    "Russia launched 31 drones ..., with air defences destroying 28 drones"), else of
    the sentence before, if that act's class may name the figure's actor
    (``roles_verbs.json`` "context_classes") and has an actor slot for the category."""
    data = verb_data()
    if category in _CASUALTY:
        key = "_casualty"
    else:
        key = own_act.cls if own_act is not None and own_act.cls is not None else "_none"
    allowed = data.context_classes.get(key, frozenset())
    own_head = own_act.head if own_act is not None else None
    for sent in (anchor.sent, _sentence_before(anchor)):
        if sent is None:
            continue
        for verb in _main_acts(sent):
            cls = verb_class(verb)
            if verb == own_head or cls not in allowed:
                continue
            slots = data.military.get(cls, {}).get(category)
            if not slots or slots[0] is None:
                continue
            act = arguments(verb, cls)
            if slots[0] == "owner":
                # "a destroyer intercepted ballistic missiles launched by Houthi
                # terrorists": whose the kit of the act is
                found = _objects_owner(act)
            else:
                found = slot_party(act, slots[0], side_of_phrase, None)
                if (
                    found is None
                    and cls == "give"
                    and own_act is not None
                    and category == ("equipment")
                ):
                    found = _gift_recipient(act, own_act)
                if found is None and cls == "fire":
                    # "three Houthi missiles were fired at two vessels": the firer's kit
                    found = _objects_owner(act)
            if found is not None:
                return found
    return None


# Acts whose counterpart a personnel figure may take from the sentence before: a
# deployment's host, a withdrawal's source.
_HOST_CLASSES = frozenset({"deploy", "withdraw"})


def context_host(anchor: Token, own_act: Act | None, actor: Party | None) -> Party | None:
    """The host of a personnel figure whose own deployment or withdrawal names none,
    from a deploy / withdraw act in the main clause of the sentence before that names
    the same actor or none ("France would withdraw its troops from Niger. ... 1 500
    troops will be withdrawn" -> NER)."""
    if own_act is None or own_act.cls not in _HOST_CLASSES:
        return None
    before = _sentence_before(anchor)
    if before is None:
        return None
    table = verb_data().military
    for verb in _main_acts(before):
        cls = verb_class(verb)
        if cls not in _HOST_CLASSES:
            continue
        actor_slot, host_slot = table[cls]["personnel"]
        act = arguments(verb, cls)
        side = slot_party(act, actor_slot, side_of_phrase, None)
        if actor is not None and side is not None and side != actor:
            continue
        host = slot_party(act, host_slot, side_of_phrase, None)
        if host is not None and host != actor:
            return host
    return None


def package_kit(anchor: Token) -> tuple[bool, Party | None]:
    """Kit a package holds: (decided, owner). "The United States unveiled another
    package for Kyiv. It includes 10 howitzers" -> (True, UKR): the recipient named on
    the package (the subject, or for a pronoun subject the package object of the
    sentence before); (True, None) where no recipient is named, so the donor is
    never the owner; (False, None) where the figure is not a package's contents."""
    verb = anchor.head
    while anchor.dep_ == "conj" and verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
        verb = verb.head  # "includes 10 howitzers and 5,000 shells"
    if anchor.dep_ not in ("dobj", "conj") or verb.lemma_.lower() not in verb_data().contents_verbs:
        return False, None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False, None
    package: Token | None = subject if verb_class(subject) == "give" else None
    if package is None and subject.lower_ in party_data().pronouns:
        before = _sentence_before(anchor)
        objects = [c for v in _main_acts(before) for c in v.children] if before else []
        package = next((c for c in objects if c.dep_ == "dobj" and verb_class(c) == "give"), None)
    if package is None:
        return False, None
    recipients = arguments(package, "give").preps.get("recipient", [])
    return True, next(filter(None, map(side_of_phrase, recipients)), None)


def _gift_recipient(act: Act, own_act: Act) -> Party | None:
    """The recipient named on the gift a giving verb of the context has as its object,
    where the giver is the figure's own giver ("Germany announced new military aid for
    Ukraine. Berlin will deliver 30 Leopard tanks" -> UKR)."""
    giver = slot_party(act, "agent", side_of_phrase, None)
    own_giver = slot_party(own_act, "agent", side_of_phrase, None)
    if giver is None or giver != own_giver:
        return None
    for obj in act.objects:
        if obj.pos_ == "NOUN" and verb_class(obj) == "give":
            found = slot_party(arguments(obj, "give"), "recipient", side_of_phrase, None)
            if found is not None and found != giver:
                return found
    return None


def _objects_owner(act: Act) -> Party | None:
    return next((o for o in map(object_owner, act.objects) if o is not None), None)


def object_owner(obj: Token) -> Party | None:
    """The side an act's object names as its own: in its modifiers ("Russian
    drones"), or as the agent of a participle on it ("missiles launched by the
    Houthis")."""
    return side_of_phrase(obj, speaker=False) or _acl_agent_side(obj)


# How far (in tokens) from a casualty figure an attack noun may stand and still be
# its cause: the same clause in practice ("65 people have been killed ... in Israeli
# strikes", "365 have received wounds ... in Israel's bombardments").
CAUSE_WINDOW = 25


def cause_side(anchor: Token) -> Party | None:
    """The side whose attack caused a casualty figure, named on an attack noun of its
    sentence ("Israeli strikes", "Israel's bombardments", "an airstrike carried out by
    Myanmar's military"): the nearest such noun that names one side."""
    nouns = verb_data().cause_nouns
    best: tuple[int, Party] | None = None
    for tok in anchor.sent:
        if tok.lower_ not in nouns or tok.pos_ != "NOUN" or abs(tok.i - anchor.i) > CAUSE_WINDOW:
            continue
        side = side_of_phrase(tok, speaker=False) or _acl_agent_side(tok) or _claimer_side(tok)
        if side is not None and (best is None or abs(tok.i - anchor.i) < best[0]):
            best = (abs(tok.i - anchor.i), side)
    return best[1] if best is not None else None


# How many sentences back the side of an attack named again without one ("the
# attack", "the strike") may be found: the one before, and one more.
CAUSE_SENTENCES = 2
# Determiners of an attack noun that refers back to one named before.
_ANAPHORIC_DETS = frozenset({"the", "this", "that", "these", "those"})


def earlier_cause_side(anchor: Token) -> Party | None:
    """The side of an attack that a casualty's own sentence names again without a
    side ("Air strikes by Myanmar's military on a village killed eight civilians. The
    attack also wounded 20 people" -> MMR; "a death toll of 57 from Friday's violence",
    after "the RSF launched coordinated assaults" -> RSF): the side named on, or
    claiming (``_claimer_side``), an attack noun of the nearest of the
    ``CAUSE_SENTENCES`` sentences before, the last one in it. The figure's sentence
    refers back through an attack noun or a ``roles_verbs.json``
    "back_reference_nouns" word ("violence", "bloodshed") that ``_refers_back``."""
    data = verb_data()
    nouns = data.cause_nouns
    referring = nouns | data.back_reference_nouns
    anaphor = any(
        tok.lower_ in referring
        and tok.pos_ == "NOUN"
        and any(_refers_back(c) for c in tok.children)
        for tok in anchor.sent
    )
    if not anaphor:
        return None
    sent: Span | None = anchor.sent
    for _ in range(CAUSE_SENTENCES):
        sent = _sentence_before(sent[0]) if sent is not None else None
        if sent is None:
            return None
        sides = [
            side
            for tok in sent
            if tok.lower_ in nouns and tok.pos_ == "NOUN"
            for side in [
                side_of_phrase(tok, speaker=False) or _acl_agent_side(tok) or _claimer_side(tok)
            ]
            if side is not None
        ]
        if sides:
            return sides[-1]
    return None


# Time words whose possessive makes a noun refer back to one event ("Friday's
# violence", "Saturday's attack"): the entity types of such a possessor.
_EVENT_TIME_ENTS = frozenset({"DATE", "TIME"})


def _refers_back(child: Token) -> bool:
    """A modifier that makes an attack noun refer back to one named before: "the",
    "this" ("the attack"), or a day's possessive ("Friday's violence")."""
    if child.dep_ == "det":
        return child.lower_ in _ANAPHORIC_DETS
    return child.dep_ == "poss" and child.ent_type_ in _EVENT_TIME_ENTS


def _claimer_side(noun: Token) -> Party | None:
    """ "Hezbollah claimed an attack": the subject of a verb that takes the attack noun
    as its object (``roles_verbs.json`` "cause_verbs")."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.lemma_.lower() not in verb_data().cause_verbs:
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return side_of_phrase(subject, speaker=False) if subject is not None else None


def _acl_agent_side(noun: Token) -> Party | None:
    """ "an airstrike carried out by Myanmar's military": the agent of a participle."""
    for child in noun.children:
        if child.dep_ != "acl":
            continue
        for agent in (c for c in child.children if c.dep_ == "agent"):
            for pobj in (c for c in agent.children if c.dep_ == "pobj"):
                found = side_of_phrase(pobj, speaker=False)
                if found is not None:
                    return found
    return None


def launcher_side(anchor: Token) -> Party | None:
    """The side that launched the kit a figure counts, named by a participle on its
    noun ("23 of 27 drones launched by Russia", "missiles fired by the Houthis")."""
    nouns = [anchor] + [
        p for c in anchor.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
    ]
    return next((s for s in map(_acl_agent_side, nouns) if s is not None), None)


# Acts of a prisoner exchange: its two sides are the one whose people come home and
# the one that held them.
_EXCHANGE_CLASSES = frozenset({"release", "repatriate"})


def exchange_partner(anchor: Token, own_act: Act | None, actor: Party | None) -> Party | None:
    """The other side of a prisoner exchange whose own act names none ("Kyiv said it
    had brought home 230 people", after "Russia's defence ministry said 248 military
    personnel had been handed over by Ukraine" -> RUS): an exchange has two sides, so
    the one side other than the actor that the figure's sentence, else the sentence
    before, names. A sentence naming two or more other sides names no partner."""
    if own_act is None or own_act.cls not in _EXCHANGE_CLASSES or actor is None:
        return None
    for sent in (anchor.sent, _sentence_before(anchor)):
        if sent is None:
            continue
        # keyed by entity: "Kyiv" and "Ukraine" are one side
        others = {
            side.entity_id: side
            for tok in sent
            for side in [side_of_token(tok)]
            if side is not None and side.entity_id != actor.entity_id
        }
        if len(others) == 1:
            return next(iter(others.values()))
        if others:
            return None
    return None
