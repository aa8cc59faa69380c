"""Syntax: the governing verb (or nominal act) of a figure and that act's arguments.

Everything here reads spaCy's dependency parse only (no word lists beyond the verb
classes of ``transforms/data/roles_verbs.json``). A figure is represented by its
anchor token (the counted noun, or the head token of a money span); the act that
governs it is found by walking up the parse through the links that keep a noun
inside the same act ("hundreds *of* drones", "12 missiles *and* 20 drones", "a
package *of* 30 tanks").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
VERBS_PATH = DATA_DIR / "roles_verbs.json"

# How far up the parse a figure may sit below its act: "sent [a package of [30
# tanks]]" is three links; further up, the verb is another clause's.
MAX_CLIMB = 5
# Steps allowed above a value clause on goods ("a potential sale to the Taiwan region of
# equipment, training and other items valued at up to $95 million": items, training,
# equipment, of, region, to, sale).
VALUED_CLIMB = 8

# Links that keep a token inside the act above it (the figure is an argument or
# a part of one), as opposed to ccomp / advcl / relcl, which start another clause.
_CLIMB_DEPS = frozenset(
    {"dobj", "nsubjpass", "pobj", "prep", "conj", "appos", "compound", "nmod", "attr",
     "dative", "oprd", "npadvmod", "quantmod", "nummod", "amod", "nsubj", "xcomp"}
)  # fmt: skip

# Prepositions of each argument slot (see roles_verbs.json "_doc").
SLOT_PREPS: dict[str, frozenset[str]] = {
    "recipient": frozenset({"to", "for"}),
    "source": frozenset({"from"}),
    "target": frozenset({"at", "on", "against", "towards", "toward", "into", "upon"}),
    "partner": frozenset({"with"}),
    "investee": frozenset({"in", "into"}),
    "cause": frozenset({"in", "during", "amid", "from", "of", "by", "since", "after", "following"}),
    "host": frozenset({"in"}),
}


@dataclass(frozen=True, slots=True)
class VerbData:
    classes: dict[str, str]  # lemma -> class
    phrasal: dict[str, str]  # "shoot down" -> class
    nouns: dict[str, str]  # nominal act -> class
    cause_nouns: frozenset[str]
    cause_verbs: frozenset[str]  # their subject is the side of the attack they take
    toll_verbs: frozenset[str]  # carry a casualty act into a toll ("bringing the toll to")
    response_nouns: frozenset[str]  # "in response to ...": a reason, no argument
    holder_verbs: frozenset[str]  # their subject held the captives ("Hamas released")
    contents_verbs: frozenset[str]  # list a package's contents ("it includes 10 tanks")
    instrument_verbs: frozenset[str]  # "targeted the ship with 11 missiles": a firing
    non_payment_nouns: frozenset[str]
    measure_verbs: frozenset[str]
    budget_nouns: frozenset[str]  # also class the noun they modify ("budget proposal")
    worth_words: frozenset[str]  # state the value of the noun before them
    non_giver_verbs: frozenset[str]  # their subject does not give the gift they govern
    military: dict[str, dict[str, list[str | None]]]
    money: dict[str, list[str | None]]
    context_classes: dict[str, frozenset[str]]  # own act class -> context act classes
    back_reference_nouns: frozenset[str]  # an attack named again: "Friday's violence"
    procurement_nouns: frozenset[str]  # a sentence speaks of a procurement: "deal"
    taking_verbs: frozenset[str]  # their subject takes the gift noun they govern


@cache
def verbs_file() -> dict[str, Any]:
    """``roles_verbs.json`` as parsed, read once: ``verb_data`` takes the lists every
    role reads, ``deals.money_words`` those only money roles read."""
    raw: dict[str, Any] = json.loads(VERBS_PATH.read_text(encoding="utf-8"))
    return raw


@cache
def verb_data() -> VerbData:
    raw = verbs_file()
    classes = {lemma: cls for cls, lemmas in raw["classes"].items() for lemma in lemmas}
    return VerbData(
        classes,
        raw["phrasal"],
        raw["nouns"],
        frozenset(raw["cause_nouns"]),
        frozenset(raw["cause_verbs"]),
        frozenset(raw["toll_verbs"]),
        frozenset(raw["response_nouns"]),
        frozenset(raw["holder_verbs"]),
        frozenset(raw["contents_verbs"]),
        frozenset(raw["instrument_verbs"]),
        frozenset(raw["non_payment_nouns"]),
        frozenset(raw["measure_verbs"]),
        frozenset(raw["budget_nouns"]),
        frozenset(raw["worth_words"]),
        frozenset(raw["non_giver_verbs"]),
        raw["military"],
        raw["money"],
        {k: frozenset(v) for k, v in raw["context_classes"].items()},
        frozenset(raw["back_reference_nouns"]),
        frozenset(raw["procurement_nouns"]),
        frozenset(raw["taking_verbs"]),
    )


def verb_class(tok: Token) -> str | None:
    """The roles class of a verb ("fire") or a nominal act ("delivery"), if any."""
    data = verb_data()
    lemma = tok.lemma_.lower()
    if tok.ent_type_ == "MONEY" and tok.pos_ in ("VERB", "AUX"):
        return None  # a currency misread as a verb: "3.45 trillion won"
    if tok.pos_ in ("VERB", "AUX"):
        for child in tok.children:
            if child.dep_ in ("prt", "advmod") and child.i == tok.i + 1:
                found = data.phrasal.get(f"{lemma} {child.lower_}")
                if found is not None:
                    return found
        return data.classes.get(lemma) or data.classes.get(tok.lower_)
    if tok.pos_ in ("NOUN", "PROPN"):
        found = data.nouns.get(tok.lower_) or data.nouns.get(lemma)
        if found is None:
            # "a 656.9 trillion won budget proposal": the budget noun classes its head
            budget = budget_compound(tok)
            found = data.nouns.get(budget.lower_) if budget is not None else None
        return found
    return None


def budget_compound(tok: Token) -> Token | None:
    """The budget noun compounded into ``tok`` ("budget" in "the budget proposal"), if any."""
    nouns = verb_data().budget_nouns
    return next((c for c in tok.children if c.dep_ == "compound" and c.lower_ in nouns), None)


def same_line(a: Token, b: Token) -> bool:
    """Whether no line break stands between two tokens: a headline, a caption or a
    byline the parser merged into the next sentence ("The Korea Herald\n\nHanwha
    inks $2.6b deal") is another sentence, whose names play no role in this one."""
    lo, hi = (a, b) if a.i <= b.i else (b, a)
    return "\n" not in a.doc.text[lo.idx : hi.idx]


def verb_class_of_lemma(tok: Token) -> str | None:
    """The verb class of a token's lemma whatever its tag (a headline verb read as a
    noun: "pledges")."""
    return verb_data().classes.get(tok.lemma_.lower())


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


@dataclass(slots=True)
class Act:
    """An act and its arguments, in logical roles (a passive's "by" agent is the agent)."""

    head: Token  # the verb or nominal act
    cls: str | None
    agent: Token | None = None
    objects: list[Token] = field(default_factory=list)  # dative / dobj / passive subject
    preps: dict[str, list[Token]] = field(default_factory=dict)  # slot -> pobj tokens
    passive: bool = False
    figure_path: list[Token] = field(default_factory=list)  # anchor .. head


def governing_act(anchor: Token) -> Act | None:
    """The nearest act above ``anchor`` that has a roles class, within the anchor's
    clause; else a gift the figure's own phrase names ("welcomed the $300m in military
    aid from Canada"). Reporting verbs and clause links end the climb: in "Russia said
    it shot down 12 drones" the act is "shot down", never "said"."""
    return _act_above(anchor) or inner_gift(anchor)


def inner_gift(anchor: Token) -> Act | None:
    """The nominal gift of the figure's own "in" phrase, where it names its giver
    ("$300m in military aid from Canada")."""
    for prep in anchor.children:
        if prep.dep_ != "prep" or prep.lower_ != "in":
            continue
        for noun in prep.children:
            if noun.dep_ == "pobj" and verb_class(noun) == "give":
                act = arguments(noun, "give", [anchor, prep, noun])
                # only where it names the giver; else the figure keeps its own side
                return act if act.agent is not None else None
    return None


def _act_above(anchor: Token) -> Act | None:
    path = [anchor]
    tok = anchor
    budget = MAX_CLIMB
    while budget > 0:
        budget -= 1
        purpose = tok.dep_ in ("advcl", "xcomp") and tok.lemma_.lower() in _PURPOSE_VERBS
        # "a sale ... of equipment and other items valued at $95m": a value clause on
        # the goods climbs to their act, as an adjective "worth" does
        value_clause = tok.dep_ == "acl" and tok.lower_ in verb_data().worth_words
        if tok.head == tok or (tok.dep_ not in _CLIMB_DEPS and not purpose and not value_clause):
            return None
        tok = tok.head
        path.append(tok)
        instrument = _instrument_act(tok, path)
        if instrument is not None:
            return instrument
        cls = verb_class(tok)
        if cls == "give" and tok.pos_ in ("VERB", "AUX"):
            trade = _traded_object(tok, path)
            if trade is not None:
                # "the US approved the sale of 32 jets to Poland for $4.6bn": the sale's
                return arguments(trade, verb_class(trade), [*path, trade])
        if cls is not None:
            return arguments(tok, cls, path)
        if tok.lower_ in verb_data().worth_words and tok.dep_ not in ("amod", "acl"):
            # "the sale of F-35 jets and equipment worth $8.6bn to Greece" with "worth"
            # parsed as a clause of the verb: the act valued is the noun before it
            valued = _valued_noun(tok)
            if valued is not None:
                return arguments(valued, verb_class(valued), [*path, valued])
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ == "prep":
            continue  # "killed 255 people, including 24 civilians"
        if tok.dep_ == "acl" and tok.lower_ in verb_data().worth_words:
            budget = VALUED_CLIMB  # "items valued at $95m": the items' act values them
            continue
        if tok.dep_ in ("advcl", "xcomp") and tok.lemma_.lower() in _PURPOSE_VERBS:
            continue  # "funnel $60bn to support Ukraine, $17bn for Israel"
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ == "acl" and verb_class(tok.head):
            # "the package, amounting to $2.5bn"
            return arguments(tok.head, verb_class(tok.head), [*path, tok.head])
        if tok.dep_ == "advcl" and tok.lemma_.lower() in verb_data().measure_verbs:
            # "announced a military aid package for Ukraine, amounting to $2.5bn"
            for obj in tok.head.children:
                if obj.dep_ == "dobj" and verb_class(obj) is not None:
                    return arguments(obj, verb_class(obj), [*path, obj])
        if tok.pos_ in ("VERB", "AUX") and tok.ent_type_ != "MONEY":
            # (a currency misread as a verb, "3.45 trillion won", is no clause)
            # "increase the UK's military aid to £2.5bn", "total aid rose to $7bn": the
            # verb measures a nominal act, whose arguments are the figure's
            for child in tok.children:
                noun_cls = verb_class(child) if child.dep_ in ("nsubj", "dobj") else None
                if noun_cls is not None and child not in path:
                    return arguments(child, noun_cls, [*path, child])
                if child.dep_ == "xcomp" and verb_class(child) is not None:
                    # "troops are expected to be assembled": the figure is its subject
                    return arguments(child, verb_class(child), [*path, child])
            if tok.dep_ not in ("conj", "xcomp"):
                # above an unclassed verb the clause is another act ("announced that")
                return None
    return None


def _instrument_act(verb: Token, path: list[Token]) -> Act | None:
    """A firing whose kit is the "with" object of an attack verb ("the Houthis
    targeted the ship with 11 missiles"): the subject fired it, the object is the
    target; or of an attack noun a side claims or carries out."""
    if len(path) < 3 or path[-2].lower_ != "with" or path[-2].dep_ != "prep":
        return None
    data = verb_data()
    if verb.pos_ == "NOUN" and verb.lower_ in data.cause_nouns:
        # "the Houthis claimed an attack on a US destroyer with 12 drones": the claimer
        # of the attack fired them at its "on" object
        claim = verb.head
        if verb.dep_ != "dobj" or claim.lemma_.lower() not in data.cause_verbs:
            return None
        act = Act(head=verb, cls="fire", figure_path=list(path))
        act.agent = _logical_subject(claim)
        _prep_slots(verb, act.preps)
        return act
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in data.instrument_verbs:
        return None
    act = arguments(verb, "fire", path)
    targets = [c for c in verb.children if c.dep_ == "dobj" and c not in path]
    act.preps["target"] = [*targets, *act.preps.get("target", [])]
    return act


# Classes of a nominal act whose money is a price, not a gift, when a giving verb
# (approve, announce) governs it: the sale's buyer pays, not the approver.
_TRADE_CLASSES = frozenset({"sell", "buy", "deal"})


def _traded_object(verb: Token, path: list[Token]) -> Token | None:
    """The sale, purchase or deal a giving verb has as its object ("approved the sale
    of 32 F-35 jets")."""
    for child in verb.children:
        if child.dep_ == "dobj" and child not in path and verb_class(child) in _TRADE_CLASSES:
            return child
    return None


# How far before a misattached "worth" the noun it values may stand: "the possible
# sale of F-35 fighter jet and associated equipment worth" is seven tokens; "a contract
# with the Bundeswehr, Germany’s armed forces, for Boxer armoured vehicles worth", 14.
WORTH_WINDOW = 15


def _valued_noun(worth: Token) -> Token | None:
    """The nearest nominal act before ``worth`` in its sentence, within
    ``WORTH_WINDOW`` tokens and with no classed verb between (another act)."""
    doc = worth.doc
    for i in range(worth.i - 1, max(worth.sent.start, worth.i - WORTH_WINDOW) - 1, -1):
        tok = doc[i]
        if tok.pos_ in ("VERB", "AUX") and verb_class(tok) is not None:
            return None
        if tok.pos_ == "NOUN" and verb_class(tok) is not None:
            return tok
    return None


def _nearest_subject(verb: Token) -> Token | None:
    """The verb's subject; of two (a misparse: "date 2023-04-09 Taiwan has detected"
    gives both "date" and "Taiwan"), the one nearest before the verb."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    before = [c for c in subjects if c.i < verb.i]
    if len(subjects) > 1 and before:
        return before[-1]
    return subjects[0] if subjects else None


def _logical_subject(verb: Token) -> Token | None:
    """nsubj of the verb; for a relative clause the noun it modifies; for an xcomp or
    a conjunct verb without one, the subject of the verb it hangs on ("Russia plans to
    send", "Iran launched and fired")."""
    cur = verb
    for _ in range(4):
        subj = _nearest_subject(cur)
        if subj is not None:
            if subj.lower_ in ("who", "which", "that") and cur.dep_ == "relcl":
                noun = cur.head
                above = noun.head.head if noun.dep_ == "pobj" else noun
                if above.lower_ in verb_data().cause_nouns:
                    return above  # "the onslaught on Gaza, which has killed ..."
                if verb_class(noun) is not None and noun.dep_ == "dobj":
                    # "the Senate approved the package, which will funnel $60bn"
                    return _logical_subject(noun.head) or noun
                return noun
            return subj
        if cur.dep_ in ("xcomp", "conj", "advcl") and cur.head != cur:
            if cur.dep_ == "xcomp":
                # "requires the Pentagon to keep": the object above is the subject
                obj = next((c for c in cur.head.children if c.dep_ == "dobj"), None)
                if obj is not None and obj.i < cur.i:
                    return obj
                # "Meta was ordered to pay $1.3bn": the passive's subject
                passive = next((c for c in cur.head.children if c.dep_ == "nsubjpass"), None)
                if passive is not None and passive.i < cur.i:
                    return passive
            cur = cur.head
            continue
        if cur.dep_ == "relcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children):
            # a headline's "Ukraine to receive dozens of tanks" parsed as an infinitival
            # relative clause: the name it hangs on is the subject, or that noun's
            # apposition ("date 2023-07-03 Ukraine to receive")
            names = [cur.head, *(c for c in cur.head.children if c.dep_ == "appos")]
            names = [n for n in names if n.pos_ == "PROPN" and n.i < cur.i]
            if names:
                return names[-1]
        if cur.dep_ == "acl" and cur.head.pos_ in ("NOUN", "PROPN"):
            # "attacks by the RSF ..., killing 80 people"; "its intention to acquire"
            poss = next((c for c in cur.head.children if c.dep_ == "poss"), None)
            if poss is not None and cur.head.pos_ == "NOUN":
                return poss
            if cur.head.dep_ == "dobj" and cur.head.head.pos_ in ("VERB", "AUX"):
                # "it has signed a contract to ship 152 howitzers": the signer ships
                return _logical_subject(cur.head.head) or cur.head
            return cur.head
        lead = next((c for c in cur.children if c.dep_ == "npadvmod" and c.i < cur.i), None)
        if lead is not None and lead.pos_ == "PROPN":
            return lead  # a headline's "Apple Fined $11 Million" parses Apple as npadvmod
        return None
    return None


# Prepositions through which a figure's own phrase continues to an argument:
# "$400m in military aid for Ukraine", "a package of arms to Kyiv".
_INNER_PREPS = frozenset({"in", "of", "worth"})


def _own_phrase(path: list[Token]) -> list[Token]:
    """The figure's own part of its path: up to the first conjunct link, past which
    the tokens belong to a sibling figure ("$9 billion for Gaza, and $8 billion for
    allies": Gaza is not the allies')."""
    out: list[Token] = []
    for tok in path:
        out.append(tok)
        if tok.dep_ == "conj":
            break
    return out


def _prep_slots(tok: Token, preps: dict[str, list[Token]], depth: int = 2) -> None:
    cause_nouns = verb_data().cause_nouns
    for child in tok.children:
        if child.dep_ not in ("prep", "dative", "agent") or child.pos_ != "ADP":
            continue
        word = child.lower_
        if word == "out":
            # "pulled 5,000 troops out of Mali": "out of" is a source
            preps.setdefault("source", []).extend(
                p
                for of in child.children
                if of.dep_ == "prep" and of.lower_ == "of"
                for p in of.children
                if p.dep_ == "pobj"
            )
        for slot, words in SLOT_PREPS.items():
            if word in words:
                for pobj in child.children:
                    if pobj.dep_ != "pobj":
                        continue
                    if slot == "cause" and pobj.lower_ not in cause_nouns:
                        continue
                    if child.dep_ == "agent" and slot != "cause":
                        continue
                    preps.setdefault(slot, []).append(pobj)
        if (word in _INNER_PREPS or word == "as") and depth > 1:
            for pobj in child.children:
                # "in response to Russia's war": a reason, whose sides are no arguments
                if pobj.dep_ == "pobj" and pobj.lower_ not in verb_data().response_nouns:
                    _prep_slots(pobj, preps, depth - 1)


def arguments(head: Token, cls: str | None, path: list[Token] | None = None) -> Act:
    """The arguments of a verb or nominal act, in logical roles."""
    act = Act(head=head, cls=cls, figure_path=list(path or [head]))
    on_path = {t.i for t in _figure_part(act.figure_path)}
    if head.pos_ in ("VERB", "AUX"):
        act.passive = is_passive(head)
        for child in head.children:
            if child.dep_ == "agent":
                act.agent = next((c for c in child.children if c.dep_ == "pobj"), None)
            elif child.dep_ == "dative" and child.pos_ in ("NOUN", "PROPN", "PRON"):
                act.objects.append(child)  # "sold Poland 180 tanks"
            elif child.dep_ == "dobj" and child.i not in on_path:
                act.objects.append(child)
            elif child.dep_ == "nsubjpass" and child.i not in on_path:
                act.objects.append(child)  # "Google was fined $5bn"
        if act.agent is None and not act.passive:
            act.agent = _logical_subject(head)
        if act.agent is not None and act.agent.i in on_path:
            act.agent = None  # the figure is the subject: "200 soldiers crossed"
        # the figure's own phrase first: "sent [12 tanks] [to Ukraine]", "$17 billion
        # for Israel"; a later conjunct ("launched 31 drones and 2 missiles at Ukraine")
        for tok in _own_phrase(act.figure_path[:-1]):
            _prep_slots(tok, act.preps)
            _purpose_recipients(tok, act.preps)  # "20,000 troops to fight in Ukraine"
            for conj in conjuncts(tok):
                _prep_slots(conj, act.preps, depth=1)
        _prep_slots(head, act.preps)
        _where_host(head, act.preps)
        _cause_clauses(head, act.preps)
        _purpose_recipients(head, act.preps)  # "funnel $60 billion to support Ukraine"
    else:
        # a nominal act: "Germany's delivery of 12 tanks to Ukraine", "US aid to Kyiv"
        _nominal_arguments(act, head, on_path)
    for slot, tokens in act.preps.items():
        act.preps[slot] = [t for t in tokens if t.i not in on_path]  # not the figure itself
    return act


def _figure_part(path: list[Token]) -> list[Token]:
    """The tokens of a path that are the figure's own: up to a "worth" the parse hung
    on another noun ("a package for Ukraine worth $1.1bn": Ukraine is no part of the
    money), all of them otherwise."""
    words = verb_data().worth_words
    for k, tok in enumerate(path):
        if tok.lower_ in words:
            return [*path[: k + 1], path[-1]]
    return path


def _nominal_arguments(act: Act, head: Token, on_path: set[int]) -> None:
    """Arguments of a nominal act: its possessor or named modifier ("Germany's
    delivery", "US aid"), "of" (object) and "by" (agent) phrases, and the verb it is
    the object of ("Japan announced a $400m aid package")."""
    for child in head.children:
        # "German aid", "US aid"; never the figure's own number ("$780bn budget")
        named = child.ent_type_ in ("GPE", "NORP", "ORG") and not child.like_num
        named = named and not any(ch.isdigit() for ch in child.text)
        if child.dep_ == "poss" or (
            child.dep_ in ("compound", "amod", "nmod") and child.i < head.i and named
        ):
            act.agent = act.agent or child
    for child in head.children:
        if act.agent is None and child.dep_ == "acl":
            # "the £200m package announced by Prime Minister Rishi Sunak"
            act.agent = _passive_agent(child)
        if child.dep_ == "prep" and child.lower_ in ("of", "by"):
            for pobj in child.children:
                if pobj.dep_ != "pobj" or pobj.i in on_path:
                    continue
                if child.lower_ == "of":
                    act.objects.append(pobj)  # "the acquisition of Activision"
                else:
                    # "Activision's acquisition by Microsoft": the possessor is
                    # the object, the "by" phrase the agent
                    if act.agent is not None and act.agent.dep_ == "poss":
                        act.objects.append(act.agent)
                    act.agent = pobj
    for tok in act.figure_path[:-1]:
        by = [p for c in tok.children if c.lower_ == "by" for p in c.children if p.dep_ == "pobj"]
        if by and tok.pos_ in ("NOUN", "PROPN"):
            act.agent = by[0]  # "the release of 248 military personnel by Ukraine"
    _prep_slots(head, act.preps)
    for tok in act.figure_path[:-1]:
        _prep_slots(tok, act.preps)
        _purpose_recipients(tok, act.preps)  # "will include £92m ... to bolster Ukraine's navy"
    if head.dep_ == "compound" and head.head.pos_ == "NOUN" and act.cls == "give":
        head = head.head  # "released a $495bn budget proposal": the phrase's own verb
    verb = head.head
    if act.cls == "fine" and head.dep_ == "pobj" and verb.lower_ == "with":
        # "Apple hit with $2 billion EU fine": the one hit pays
        hit = verb.head
        subject = _logical_subject(hit) if hit.pos_ in ("VERB", "AUX") else None
        if subject is None and hit.pos_ == "VERB" and is_passive(hit):
            subject = next((c for c in hit.children if c.dep_ == "nsubjpass"), None)
        if subject is not None:
            act.objects.append(subject)
        return
    if head.dep_ == "pobj" and verb.dep_ == "prep" and verb.head.pos_ == "VERB":
        # "send 40 vehicles to Ukraine under a C$500m aid package": the send verb's act
        verb = verb.head
        if verb_class(verb) == act.cls:
            act.agent = act.agent or _logical_subject(verb)
            _prep_slots(verb, act.preps)
        return
    if head.dep_ == "dobj" and verb.pos_ == "NOUN" and verb.lemma_.lower() in verb_data().classes:
        # a headline's verb read as a noun ("UK pledges £2.5bn military aid to Ukraine"):
        # the name before it is its subject
        lead = [c for c in verb.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        if act.agent is None and lead and verb_class_of_lemma(verb) == act.cls:
            act.agent = lead[-1]
        return
    if head.dep_ in ("dobj", "nsubjpass", "nsubj") and verb.pos_ in ("VERB", "AUX"):
        # "raises its defence budget" is no budget taken: budgets stay their owner's
        taking = (
            verb.lemma_.lower() in verb_data().taking_verbs
            and head.lemma_.lower() not in verb_data().budget_nouns
        )
        if act.cls == "give" and head.dep_ == "dobj" and (verb_class(verb) == "receive" or taking):
            # "Pakistan received a $3bn loan from Saudi Arabia", "India took delivery of
            # two frigates": the subject receives
            _received_gift(act, verb)
            return
        bystander = verb.lemma_.lower() in verb_data().non_giver_verbs
        if act.agent is None and head.dep_ != "nsubj" and act.cls != "toll" and not bystander:
            # "Japan announced a $400m aid package": the announcer gives it
            act.agent = _logical_subject(verb) if not is_passive(verb) else _passive_agent(verb)
        _prep_slots(verb, act.preps)
    if act.agent is None and act.cls == "give" and act.preps.get("source"):
        act.agent = act.preps["source"][0]  # "welcomed the $300m in military aid from Canada"


def _received_gift(act: Act, verb: Token) -> None:
    """A gift (aid, a loan, a grant) that is the object of a receiving verb: the
    verb's subject is the recipient, its "from" object the giver, so the donor
    stays the payer ("Kyiv received a $400m aid package from Washington")."""
    preps: dict[str, list[Token]] = {}
    _prep_slots(verb, preps)
    subject = _logical_subject(verb) if not is_passive(verb) else None
    if subject is not None and subject.i not in {t.i for t in act.figure_path}:
        act.preps.setdefault("recipient", []).append(subject)
    sources = [*act.preps.get("source", []), *preps.get("source", [])]
    if act.agent is None and sources:
        act.agent = sources[0]


def _purpose_recipients(tok: Token, preps: dict[str, list[Token]]) -> None:
    """The objects of a purpose clause on ``tok`` ("to support Ukraine", "to help
    Kyiv", "to bolster Ukraine's navy"): recipients of what is given."""
    for purpose in tok.children:
        if purpose.dep_ not in ("advcl", "xcomp", "relcl", "acl"):
            continue
        lemma = purpose.lemma_.lower()
        if lemma in _PURPOSE_VERBS and purpose.dep_ in ("advcl", "xcomp"):
            preps.setdefault("recipient", []).extend(
                c for c in purpose.children if c.dep_ == "dobj"
            )
        elif purpose.dep_ in ("relcl", "acl") and verb_class(purpose) == "give":
            # "drafted 50,000 reservists to be sent into Ukraine": where they are sent
            preps.setdefault("recipient", []).extend(
                p
                for c in purpose.children
                if c.dep_ == "prep" and c.lower_ in _SENT_TO_PREPS
                for p in c.children
                if p.dep_ == "pobj"
            )
        elif lemma in _FIGHT_VERBS:
            # "thousands of extra troops to fight in Ukraine": the side fought in,
            # against or for (the personnel counterpart)
            preps.setdefault("recipient", []).extend(
                p
                for c in purpose.children
                if c.dep_ == "prep" and c.lower_ in ("in", "against", "for")
                for p in c.children
                if p.dep_ == "pobj"
            )


# Prepositions of the place a participle on a counted noun sends it to.
_SENT_TO_PREPS = frozenset({"to", "into"})

# Verbs whose "in" / "against" object is the side forces are sent to fight.
_FIGHT_VERBS = frozenset({"fight", "battle", "combat"})

# Verbs of purpose whose object is the recipient of what is given.
_PURPOSE_VERBS = frozenset({"support", "help", "aid", "assist", "bolster", "arm", "equip"})

# Conjunctions of a clause that gives the cause of an act ("since Israel's attacks
# began", "after Russian strikes hit the city").
_CAUSE_MARKS = frozenset({"since", "after", "as", "when"})


def _cause_clauses(verb: Token, preps: dict[str, list[Token]]) -> None:
    """The attack a cause clause names: its attack-noun subject ("after Russian strikes
    hit the city"), or the subject of its attack verb ("were killed when RSF fighters
    attacked the village")."""
    data = verb_data()
    for clause in (c for c in verb.children if c.dep_ == "advcl"):
        # ("when" may parse as an adverb of the clause)
        if any(m.dep_ in ("mark", "advmod") and m.lower_ in _CAUSE_MARKS for m in clause.children):
            attack = clause.lemma_.lower() in data.instrument_verbs and not is_passive(clause)
            for subj in clause.children:
                if subj.dep_ == "nsubj" and (subj.lower_ in data.cause_nouns or attack):
                    preps.setdefault("cause", []).append(subj)


# Clause links between a "where" clause's verb and the act it reports ("Russia, where
# Washington says 10,000 North Koreans are stationed").
_REPORTED_DEPS = frozenset({"ccomp", "xcomp"})


def _where_host(verb: Token, preps: dict[str, list[Token]]) -> None:
    """The place a "where" relative clause hangs on is the host of its act ("withdraw
    its military from Russia, where ... 10,000 North Koreans are stationed")."""
    clause = verb
    while clause.dep_ in _REPORTED_DEPS and clause.head != clause:
        clause = clause.head
    if clause.dep_ != "relcl" or clause.head.pos_ != "PROPN":
        return
    if any(c.dep_ == "advmod" and c.lower_ == "where" for c in clause.children):
        preps.setdefault("host", []).append(clause.head)


def _passive_agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def noun_phrase(tok: Token) -> list[Token]:
    """A noun with its modifiers and conjuncts: where a side may be named."""
    mods = [
        c
        for c in tok.children
        if c.dep_ in ("compound", "amod", "nmod", "poss", "npadvmod") and c.i < tok.i
    ]
    out = [tok]
    for m in mods:
        out.extend(m.subtree)
    return out


def conjuncts(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ == "conj"]
