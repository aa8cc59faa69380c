"""Look-back: the actor of a figure that its own sentence and the one before leave
unnamed, taken from an earlier act of the same kind in the article.

Three act-specific rules, each reading only acts of its own kind (no article-wide
default side: a figure whose article names no such act keeps no actor):

- **A procurement's buyer** (``deal_buyer``): kit or money of a sale, purchase or
  deal whose own act names no buyer ("agreed on a framework to export 672 units of
  K9 howitzers", "the procurement of three Scorpene submarines") takes the buyer
  of the nearest earlier procurement act: the recipient of a sale or of a delivery
  under a deal ("a deal to ship 152 howitzers to Poland"), the agent of a purchase,
  the one signer of a deal with no partner ("India is likely to seal two deals").
- **A budget's owner** (``budget_owner``): money a budget holds ("the budget ...
  includes a nine billion shekel package") takes the side a budget mention of the
  sentence before names on the noun ("Israel's 2025 budget").
- **A detection reported again in the first person** (``detected_owner``): "we have
  detected a total of 28 aircraft, the defence ministry said" takes the owner of
  the kit an earlier report of the same count by the same detector named ("Taiwan's
  defence ministry said it had detected 28 Chinese aircraft" -> CHN): one fact.

A deal's buyer and a budget's owner are looked for in the figure's sentence and the
one before only (tests/gold/MILITARY_RULES.md "Context for roles").

Word lists: ``roles_verbs.json`` "procurement_nouns" (what makes a sentence a
procurement's) and "budget_nouns".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from transforms.roles.context import object_owner
from transforms.roles.deals import deal_roles
from transforms.roles.parties import Party, party_data, side_of_phrase
from transforms.roles.slots import slot_party
from transforms.roles.syntax import Act, arguments, verb_class, verb_data

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

# How many sentences before the figure's a deal's buyer or a budget's owner may be
# named in: tests/gold/MILITARY_RULES.md "Context for roles: the sentence, else the
# sentence before ... and nothing further" (Japan named two sentences up -> null).
CONTEXT_SENTENCES = 1
# A detection reported again (the same count by the same detector) is the same fact
# (annotation-guidelines.md "Facts": headline, lede and body mentions are one), so
# its earlier mention may stand anywhere before it in the article.
ARTICLE_SENTENCES = 10_000

# Acts whose buyer a procurement figure may take: a sale or delivery names it as
# the recipient, a purchase as the agent, a one-sided deal as its signer.
_BUYER_CLASSES = frozenset({"sell", "give", "buy", "deal"})
# The figure's own acts that leave a buyer to be found (a gift or delivery only
# where its sentence speaks of a procurement: "to supply ... under the contract").
_PROCUREMENT_ACTS = frozenset({"sell", "buy", "deal"})
_EQUIPMENT_SPENDING = frozenset({"equipment", "spending"})


def _sentences_before(anchor: Token, depth: int) -> Iterator[Span]:
    """The figure's sentence, then up to ``depth`` sentences before it, nearest first."""
    sent: Span | None = anchor.sent
    for _ in range(depth + 1):
        if sent is None:
            return
        yield sent
        start = sent.start
        sent = anchor.doc[start - 1].sent if start > 0 else None


def _names_procurement(sent: Span) -> bool:
    nouns = procurement_nouns()
    return any(t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() in nouns for t in sent)


def procurement_nouns() -> frozenset[str]:
    return verb_data().procurement_nouns


def _buyer(tok: Token, cls: str) -> Party | None:
    act = arguments(tok, cls)
    if cls in ("sell", "give"):
        return slot_party(act, "recipient", side_of_phrase, None)
    if cls == "buy":
        return slot_party(act, "agent", side_of_phrase, None)
    buyer, _ = deal_roles(act, side_of_phrase)
    if buyer is None and slot_party(act, "partner", side_of_phrase, None) is None:
        # a deal one side seals alone: "India is likely to seal two submarine deals"
        signer = act.agent or _raised_subject(tok)
        buyer = side_of_phrase(signer, speaker=False) if signer is not None else None
    return buyer if buyer is not None and buyer.iso3 else None


# Links a verb's subject is raised through ("India is likely to seal", "India
# wants to buy"): an infinitive under an adjective or a verb.
_RAISING_DEPS = frozenset({"xcomp", "acomp"})
# How many such links up the subject may stand ("is (1) likely (2) to seal").
RAISING_DEPTH = 3


def _raised_subject(verb: Token) -> Token | None:
    cur = verb
    for _ in range(RAISING_DEPTH):
        if cur.dep_ not in _RAISING_DEPS or cur.head == cur:
            return None
        cur = cur.head
        subject = next((c for c in cur.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            return subject
    return None


def deal_buyer(
    anchor: Token, category: str, own_act: Act | None, seller: Party | None
) -> Party | None:
    """The buyer of a procurement figure whose own act names none, from the nearest
    earlier procurement act that names one (see the module doc); never the seller."""
    if category not in _EQUIPMENT_SPENDING:
        return None
    own_cls = own_act.cls if own_act is not None else None
    if own_cls not in _PROCUREMENT_ACTS and not _names_procurement(anchor.sent):
        return None
    if own_cls is not None and own_cls not in _BUYER_CLASSES:
        return None  # a firing, a deployment: not a procurement
    own_head = own_act.head if own_act is not None else None
    for sent in _sentences_before(anchor, CONTEXT_SENTENCES):
        procurement = _names_procurement(sent)
        for tok in sent:
            if sent == anchor.sent and tok.i >= anchor.i:
                break  # only acts before the figure
            cls = verb_class(tok)
            if tok == own_head or cls not in _BUYER_CLASSES:
                continue
            if cls == "give" and not procurement:
                continue  # aid is no procurement
            buyer = _buyer(tok, cls)
            if buyer is not None and buyer != seller:
                return buyer
    return None


def budget_owner(anchor: Token, category: str) -> Party | None:
    """The side whose budget holds a spending figure that a budget's sentence names
    with no owner ("The budget ... includes a nine billion shekel package"): the one
    side a budget mention of the sentence before names on the noun ("Israel's 2025
    budget", "the German defence budget")."""
    if category != "spending":
        return None
    nouns = verb_data().budget_nouns
    if not any(t.lower_ in nouns and t.pos_ == "NOUN" for t in anchor.sent):
        return None
    for sent in list(_sentences_before(anchor, CONTEXT_SENTENCES))[1:]:
        for tok in sent:
            if tok.lower_ in nouns and tok.pos_ == "NOUN":
                side = side_of_phrase(tok, speaker=False)
                if side is not None:
                    return side
    return None


def detected_owner(
    anchor: Token, own_act: Act | None, detector: Party | None
) -> tuple[Party, Party | None] | None:
    """(owner, detector) of kit or forces a detection names no owner for ("we have
    detected a total of 28 aircraft, the defence ministry said"): the owner an
    earlier report of the same count by the same detector named ("Taiwan's defence
    ministry said it had detected 28 Chinese aircraft" -> CHN, TWN), anywhere before
    in the article. A first-person detector ("we") whose own side is unnamed is the
    same as an earlier one reported by a speaker of the same head ("ministry")."""
    if own_act is None or own_act.cls != "detect":
        return None
    first_person = own_act.agent is not None and own_act.agent.lower_ in _FIRST_PERSON
    speaker = _speaker_head(own_act.head) if first_person else None
    if detector is None and speaker is None:
        return None
    counts = {c.lower_ for c in anchor.children if c.dep_ == "nummod"} or {anchor.lower_}
    for sent in list(_sentences_before(anchor, ARTICLE_SENTENCES))[1:]:
        for tok in sent:
            if verb_class(tok) != "detect":
                continue
            act = arguments(tok, "detect")
            earlier = slot_party(act, "agent", side_of_phrase, None)
            if detector is not None and earlier != detector:
                continue
            if detector is None and _speaker_head(tok) != speaker:
                continue
            for obj in act.objects:
                same_count = any(c.dep_ == "nummod" and c.lower_ in counts for c in obj.children)
                owner = object_owner(obj) if same_count else None
                if owner is not None and owner != (detector or earlier):
                    return owner, detector or earlier
    return None


# Pronouns by which a speaker reports its own detection ("we have detected").
_FIRST_PERSON = frozenset({"we", "i"})
# How far up from a detection its reporting verb may stand ("X said it had detected").
REPORT_CLIMB = 3


def _speaker_head(verb: Token) -> str | None:
    """The head noun of whoever reports ``verb`` ("the defence ministry said" ->
    "ministry"): the subject of the reporting verb it is a clause of."""
    reporting = party_data().reporting_verbs
    cur = verb
    for _ in range(REPORT_CLIMB):
        if cur.head == cur:
            return None
        cur = cur.head
        if cur.lemma_.lower() in reporting:
            subject = next((c for c in cur.children if c.dep_ == "nsubj"), None)
            return subject.lemma_.lower() if subject is not None else None
    return None
