"""Counts whose noun is shared, elided or written around the number: a number inside a model's
name or a compound modifier, N out of M, a subset of kit counted before, a bare number after a
transfer verb or opening a sentence, kit measured before the number, responders, tolls.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from transforms.entities import is_demonym
from transforms.military.lexicon import EQUIPMENT, PERSONNEL, _Lexicon
from transforms.military.nouns import (
    _choose_head,
    _classify_noun,
    _equipment_ok,
    _noun_phrase_after,
)
from transforms.military.reading import UNDECIDED, _Candidate, _Decision, _Reading
from transforms.military.tokens import _in_words, _is_model, _is_plural

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

    from transforms.numbers import NumberMatch


def _toll_just_before(doc: Doc, first: Token, lex: _Lexicon) -> bool:
    """ "put the death toll at 45": a toll measured by the number (spaCy may read such
    a number as a date)."""
    k = first.i - 1
    if k < first.sent.start + 1 or doc[k].lower_ not in ("at", "to"):
        return False
    before = " " + " ".join(t.lower_ for t in doc[max(first.sent.start, k - 3) : k]) + " "
    return any(f" {w} " in before for w in lex.toll_words)


def _capacity_before(doc: Doc, first: Token, lex: _Lexicon) -> bool:
    """Whether the number gives what a weapon can hold or carry, not a count of kit: "a
    launch pad with space for eight missiles", "capable of carrying up to 12 rockets"."""
    start = max(first.sent.start, first.i - 5)
    before = " " + " ".join(t.lower_ for t in doc[start : first.i]) + " "
    return any(f" {p} " in before for p in lex.capacity_phrases)


def _in_designation(doc: Doc, first: Token, m: NumberMatch, lex: _Lexicon) -> bool:
    """Whether a number in digits is part of a model's name: right after a designation
    word ("Block 70", "Type 26", "Mk 2") or a capitalised model name ("Leopard 1")."""
    if first.i == 0 or not m.text.isdigit() or m.vague:
        return False
    prev = doc[first.i - 1]
    if prev.sent != first.sent:
        return False
    if prev.lower_ in lex.designation_words:
        return prev.is_title or prev.is_upper
    return (prev.is_title or prev.is_upper) and _is_model(prev, lex)


def _count_in_modifier(r: _Reading, after: Token) -> _Decision:
    """A count inside a compound modifier: "a 300-tank force", "a 40-drone attack",
    "a 500-soldier contingent" count the kit or forces the modifier names."""
    doc, lex, i = r.doc, r.lex, after.i
    glued = not r.last.whitespace_ and not doc[i - 1].whitespace_  # "300-tank", not "300 - tank"
    if i + 1 >= len(doc) or not glued or _in_words(after, lex.measure_units):
        return UNDECIDED
    head = doc[i + 1]
    if head.lower_ not in lex.modifier_count_heads and head.lemma_.lower() not in (
        lex.modifier_count_heads
    ):
        return UNDECIDED
    found = _classify_noun(after, lex)
    if found is None or found[0] not in ("equipment", "personnel"):
        return UNDECIDED
    if found[0] == "equipment":
        if not _equipment_ok(doc, [after], after, lex, r.cues):
            return None
        return _Candidate(r.first.i, i + 1, after, found[1], EQUIPMENT)
    if _in_words(after, lex.personnel_needs_context) and not r.cues.military:
        return None
    return _Candidate(r.first.i, i + 1, after, found[1], PERSONNEL)


def _kit_after_number(doc: Doc, i: int, first: Token, lex: _Lexicon) -> bool:
    """Whether the number at token ``i`` counts kit ("of 50 drones")."""
    while i < len(doc) and doc[i].like_num:
        i += 1
    np = _noun_phrase_after(doc, i, lex)
    chosen = _choose_head(np, first, lex) if np else None
    return chosen is not None and chosen[1][0] == "equipment"


def _kit_subset(r: _Reading) -> _Decision:
    """ "detected 35 aircraft, including 20 that crossed the line", "Russia has 4,000
    warheads; this includes about 1,000 that are retired": a part of the kit or forces
    counted just before (this sentence or the one before) has its unit and category."""
    doc, previous, before_i = r.doc, r.previous, r.before_i
    if (
        previous is None
        or previous.category not in (PERSONNEL, EQUIPMENT)
        or before_i <= r.sent.start
        or doc[before_i - 1].lower_ not in r.lex.subset_words
    ):
        return UNDECIDED
    prev_sent = doc[previous.start_tok].sent
    if prev_sent != r.sent and prev_sent.end != r.sent.start:
        return UNDECIDED
    cand = _Candidate(r.first.i, r.last.i + 1, previous.noun, previous.unit, previous.category)
    cand.actor, cand.actor_known = previous.actor, True
    return cand


def _elided_kit(r: _Reading) -> _Decision:
    """ "promised F-16 aircraft to Ukraine, with Norway pledging 19": a bare number that a
    transfer or order verb takes as its object counts the kit named before it in the
    sentence (the noun is elided)."""
    doc, first, lex = r.doc, r.first, r.lex
    if first.dep_ != "dobj" or first.head.lemma_.lower() not in lex.elided_count_verbs:
        return UNDECIDED
    for k in range(first.i - 1, r.sent.start - 1, -1):
        tok = doc[k]
        if tok.pos_ not in ("NOUN", "PROPN") or not (_is_plural(tok, lex) or _is_model(tok, lex)):
            continue
        found = _classify_noun(tok, lex)
        if found is None or found[0] != "equipment":
            continue
        np = [t for t in doc[tok.left_edge.i : tok.i + 1] if t.pos_ not in ("DET", "PUNCT")]
        chosen = _choose_head(np or [tok], first, lex)
        if chosen is None or not _equipment_ok(doc, np or [tok], tok, lex, r.cues):
            return None
        return _Candidate(first.i, first.i + 1, chosen[0], chosen[1][1], EQUIPMENT)
    return UNDECIDED


def _elided_more(r: _Reading) -> _Decision:
    """ "will deliver two more by the end of the year", "Another 300 were launched", "a
    further 20": a bare number that adds to the kit, forces or casualties counted just
    before (in its sentence or the one before) counts the same thing."""
    doc, previous, lex, sent = r.doc, r.previous, r.lex, r.sent
    if previous is None:
        return UNDECIDED
    after_i = r.last.i + 1
    more_after = after_i < sent.end and doc[after_i].lower_ in lex.elided_more_after
    more_before = r.before_i > sent.start and doc[r.before_i - 1].lower_ in lex.elided_more_before
    if not (more_after or more_before):
        return UNDECIDED
    prev_sent = doc[previous.start_tok].sent
    if prev_sent != sent and prev_sent.end != sent.start:
        return UNDECIDED
    end = after_i + 1 if more_after else after_i
    cand = _Candidate(r.first.i, end, previous.noun, previous.unit, previous.category)
    cand.actor, cand.actor_known = previous.actor, True
    return cand


def _elided_change(r: _Reading) -> _Decision:
    """ "the army numbers 216,000 soldiers, up from 95,000 in 2015, and wants to reach
    300,000": a bare number that a change or target phrase right before it
    (``elided_change_before``) ties to a figure of its sentence counts the same thing."""
    doc, previous, lex, sent = r.doc, r.previous, r.lex, r.sent
    if previous is None or doc[previous.start_tok].sent != sent:
        return UNDECIDED
    if previous.category not in (PERSONNEL, EQUIPMENT):
        return UNDECIDED
    before = " ".join(t.lower_ for t in doc[max(sent.start, r.before_i - 2) : r.before_i])
    if not any(before == p or before.endswith(" " + p) for p in lex.elided_change_before):
        return UNDECIDED
    if any(t.text in _CLAUSE_ENDS for t in doc[previous.end_tok : r.before_i]):
        return UNDECIDED
    cand = _Candidate(r.first.i, r.last.i + 1, previous.noun, previous.unit, previous.category)
    cand.actor, cand.actor_known = previous.actor, True
    return cand


def _parallel_count(r: _Reading) -> _Decision:
    """ "32 civilians killed in El-Fasher and 25 in Zamzam", "shot down 59 drones over Kursk
    and 20 over Bryansk": a bare number joined to a figure of its sentence, with the
    preposition after it that also follows that figure, counts the same thing."""
    doc, previous, sent = r.doc, r.previous, r.sent
    if previous is None or doc[previous.start_tok].sent != sent:
        return UNDECIDED
    k = r.before_i - 1
    after_i = r.last.i + 1
    if k < sent.start or doc[k].lower_ not in ("and", ",") or after_i >= sent.end:
        return UNDECIDED
    prep = doc[after_i]
    between = doc[previous.end_tok : k]
    if prep.pos_ != "ADP" or not any(t.lower_ == prep.lower_ for t in between):
        return UNDECIDED
    for t in between:
        if (t.pos_ in ("VERB", "AUX") and t.tag_ != "VBN") or t.like_num or t.text in _CLAUSE_ENDS:
            return UNDECIDED  # another clause, or another count, stands between them
    cand = _Candidate(r.first.i, after_i, previous.noun, previous.unit, previous.category)
    cand.actor, cand.actor_known = previous.actor, True
    return cand


def _ordinal_part(r: _Reading) -> _Decision:
    """ "a second wave of around 70 projectiles and a third of around 10": a bare number
    after "<ordinal> of" whose noun is left out, joined to a figure of its sentence, counts
    the same thing (the ordinal names the part, the noun is elided)."""
    doc, previous, sent, lex = r.doc, r.previous, r.sent, r.lex
    k = r.before_i - 1
    if previous is None or doc[previous.start_tok].sent != sent or k - 3 < sent.start:
        return UNDECIDED
    if doc[k].lower_ != "of" or doc[k - 1].lower_ not in lex.elided_ordinals:
        return UNDECIDED
    j = k - 3 if doc[k - 2].lower_ in ("a", "an", "the") else k - 2
    if j < previous.end_tok or doc[j].lower_ not in ("and", ",", "then"):
        return UNDECIDED
    cand = _Candidate(r.first.i, r.last.i + 1, previous.noun, previous.unit, previous.category)
    cand.actor, cand.actor_known = previous.actor, True
    return cand


# Punctuation that ends the clause a shared count may reach back into.
_CLAUSE_ENDS = frozenset({";", ":", "(", ")"})


def _elided_subject_kit(r: _Reading) -> _Decision:
    """ "The navy has ordered Scorpene submarines. Six are in service": a bare number that
    opens a sentence as its subject counts the kit the sentence before names last."""
    doc, first, lex, sent = r.doc, r.first, r.lex, r.sent
    if (
        r.before_i != sent.start
        or sent.start == 0
        or first.dep_ not in ("nsubj", "nsubjpass")
        or first.head.lemma_.lower() not in lex.elided_subject_verbs
    ):
        return UNDECIDED
    before = doc[sent.start - 1].sent
    for k in range(before.end - 1, before.start - 1, -1):
        tok = doc[k]
        if tok.pos_ not in ("NOUN", "PROPN"):
            continue
        found = _classify_noun(tok, lex)
        if found is None or found[0] != "equipment":
            continue
        np = [t for t in doc[tok.left_edge.i : tok.i + 1] if t.pos_ not in ("DET", "PUNCT")]
        if not _equipment_ok(doc, np or [tok], tok, lex, r.cues):
            return UNDECIDED
        return _Candidate(first.i, first.i + 1, tok, found[1], EQUIPMENT)
    return UNDECIDED


def _responders(r: _Reading, noun: Token) -> bool:
    """ "12,000 search and rescue personnel", "1,500 personnel" in recovery efforts after
    a quake: civilian responders. A responder modifier decides unless a military word
    modifies the noun too; a disaster sentence only for the generic nouns, and only
    with no military word ("120 Gurkhas sent to help the tsunami relief" are forces)."""
    words = {t.lower_ for t in r.np} | {c.lower_ for c in noun.children}
    if any(not is_demonym(w) for w in words & r.lex.military_modifiers):
        return False  # (a demonym is no military word here: "Turkish rescue personnel")
    if words & r.lex.civilian_personnel_modifiers:
        return True
    return (
        bool(r.cues.non_conflict)
        and not r.cues.military
        and _in_words(noun, r.lex.generic_personnel_nouns)
    )


def _measured_kit(
    words: Sequence[Token], np: Sequence[Token], start: int, end: int, lex: _Lexicon
) -> _Candidate | None:
    """ "the number of K2 tanks delivered stands at 180 (units)": kit counted before the
    number, named by a model or a kit noun that needs no context."""
    if np and not _in_words(np[-1], lex.count_of_heads):
        return None  # "... stands at 300 people": something else is counted
    for w in words:
        found = _classify_noun(w, lex)
        if found is None or found[0] != "equipment" or not _is_plural(w, lex):
            continue
        if _in_words(w, lex.equipment_needs_context) and not any(
            _is_model(t, lex) for t in w.subtree
        ):
            continue
        return _Candidate(start, end, w, found[1], EQUIPMENT)
    return None
