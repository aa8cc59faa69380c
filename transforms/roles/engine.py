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

from dataclasses import dataclass
from typing import TYPE_CHECKING

from transforms.roles.deals import deal_roles
from transforms.roles.parties import (
    Party,
    leader_speaker_side,
    party_data,
    side_of_phrase,
    side_or_company,
    speaker_side,
)
from transforms.roles.slots import slot_party
from transforms.roles.syntax import (
    Act,
    arguments,
    governing_act,
    inner_gift,
    verb_class,
    verb_data,
)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

# Acts whose counterpart is a supplier (give, sell) or seller (buy, receive "from").
_SUPPLY_CLASSES = frozenset({"give", "sell", "buy", "receive", "deal"})
# Acts whose counterpart is the side that reports them in the passive with no agent:
# the destroyer of kit shot down, the target of kit fired (no firer, no target named).
_REPORTED_BY_COUNTERPART = frozenset({"destroy", "fire"})


@dataclass(frozen=True, slots=True)
class Roles:
    actor: Party | None
    counterpart: Party | None
    act: Act | None


def military_roles(anchor: Token, category: str, owner: Party | None = None) -> Roles:
    """Actor and counterpart of the military figure anchored at ``anchor`` (its
    counted noun or money head). ``owner`` is the side the figure's own phrase names
    ("12 Russian tanks"), the actor of acts done to a side's people or things."""
    act = governing_act(anchor)
    if act is None or act.cls is None:
        return Roles(None, None, act)
    if act.cls == "deal" and category == "spending":
        # "Hanwha inks $2.6b deal to ship K9 howitzers to Poland": the buyer pays
        buyer, seller = deal_roles(act, side_or_company)
        return Roles(buyer if buyer is not None and buyer.iso3 else None, seller, act)
    if act.cls == "deal" and category == "equipment":
        # "Hanwha signed a contract with Poland for 212 K9 howitzers": the buyer's kit
        buyer, seller = deal_roles(act, side_or_company)
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
    reported = act.cls in _REPORTED_BY_COUNTERPART and act.passive and act.agent is None
    if counterpart is None and reported:
        # "the Ukrainian military said ... 40 drones were shot down": the side that
        # reports its air defences' work destroyed them; "The Israeli army said more
        # than 150 projectiles had been fired from Lebanon": the side fired at reports
        counterpart = speaker_side(anchor)
    if actor is None and category == "spending":
        actor = _unnamed_giver(anchor, act, counterpart)
    if actor is None and category == "spending" and _own_forces_receive(act, anchor):
        # "The Bundeswehr is to receive a special fund of 100 billion euros": no giver
        # named, the forces' own state pays (guidelines: the state whose defence budget
        # it is), and there is no other side
        actor, counterpart = counterpart, None
    if counterpart is not None and counterpart == actor:
        counterpart = None
    return Roles(actor, counterpart, act)


def _unnamed_giver(anchor: Token, act: Act, recipient: Party | None) -> Party | None:
    """The payer of aid whose act names no giver: the giver named on the aid the money
    is "in" ("Ukraine has received $60bn in US military aid" -> USA), else, for a
    gift, the side that reports it ("Military aid worth $400m will go to Ukraine, the
    Pentagon said" -> USA), unless that side is the recipient."""
    if act.cls == "receive":
        # the money's own "in" phrase, or the receiving verb's ("received $60bn in aid")
        gifts = [inner_gift(anchor)] + [
            arguments(noun, "give") for noun in act.preps.get("investee", [])
            if verb_class(noun) == "give"
        ]  # fmt: skip
        agents = [g.agent for g in gifts if g is not None and g.agent is not None]
        giver = next(filter(None, map(side_of_phrase, agents)), None)
        return giver if giver != recipient else None
    if act.cls == "give" and act.agent is None:
        speaker = speaker_side(anchor)
        return speaker if speaker != recipient else None
    return None


def _own_forces_receive(act: Act, anchor: Token) -> bool:
    """A state's armed forces (a force noun, or a named force of
    ``roles_parties.json``: the Bundeswehr) receive money that is no aid ("in aid")
    and has no giver."""
    if act.cls != "receive" or act.agent is None or act.preps.get("source"):
        return False
    ins = [c for t in (anchor, act.head) for c in t.children if c.lower_ == "in"]
    if inner_gift(anchor) is not None or ins:
        return False  # "$60bn in military aid": a gift, its giver is another side
    data = party_data()
    word = act.agent.lemma_.lower()
    return word in data.force_nouns or word in data.named_forces


def _reporter(noun: Token) -> Party | None:
    """The side that is the subject of the verb a nominal act is the object of."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.pos_ != "VERB":
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return side_of_phrase(subject) if subject is not None else None
