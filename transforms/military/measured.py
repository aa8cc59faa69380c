"""Numbers whose counted noun stands before them: a toll or force measured by the number
("death toll rises to 300", "troop levels could reach 175,000", "military deaths pass 36k",
"bringing its total losses to 620,000").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from transforms.military.actors import (
    _RELATIVE_PRONOUNS,
    _actor_in_phrase,
    _subject_actor,
    _with_modifiers,
)
from transforms.military.elided import _measured_kit
from transforms.military.lexicon import KILLED, PERSONNEL, WOUNDED, _Lexicon
from transforms.military.nouns import _military_nearby
from transforms.military.reading import _Candidate
from transforms.military.tokens import _in_words, _is_plural, _lookup

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token


def _measure_verb(first: Token) -> Token:
    """The verb a number is measured by: "reach 175,000", "pass 36k", "increase ... to
    300,000", "from 40,000 to more than 300,000" (40,000 hangs on 300,000)."""
    tok = first
    while tok.dep_ in ("quantmod", "nummod", "compound") and tok.head != tok and tok.head.like_num:
        tok = tok.head
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head != head:
        return head.head
    # a misparse ("forces to 300,000 - Stoltenberg"): trust the surface "to"/"from"
    k = first.i - 1
    while k > first.sent.start and first.doc[k].lower_ in ("more", "than", "over", "about"):
        k -= 1
    prev = first.doc[k]
    # "stands at 308 units": the number counts the units, the verb still measures it
    if prev.lower_ in ("to", "from", "at") and prev.dep_ == "prep" and prev.head != prev:
        return prev.head
    return head


def _measured(
    doc: Doc, first: Token, last: Token, lex: _Lexicon, np: Sequence[Token]
) -> _Candidate | None:
    """A number whose noun comes before it: "death toll rises to 300" (killed),
    "troop levels could reach 175,000" / "forces ... to 300,000" (personnel, troop),
    "military deaths pass 36k" (killed, soldier)."""
    sent = first.sent
    if not np and first.i - 2 >= sent.start and doc[first.i - 1].lower_ in ("to", "at"):
        found = _lookup(doc[first.i - 2], lex.casualty_nouns)
        if found is not None and found[1] in (KILLED, WOUNDED):
            # "the death toll to 33,482 and injuries to 76,049": the casualty noun
            # measured just before the number
            return _Candidate(first.i, last.i + 1, None, "person", found[1])
    window = doc[max(sent.start, first.i - 8) : first.i]
    text = " " + " ".join(t.lower_ for t in window) + " "
    toll = any(f" {w} " in text for w in lex.toll_words) or (
        any(f" {w} " in text for w in lex.loss_toll_words)
        and not any(_lookup(t, lex.equipment) for t in window)  # "tank losses reached"
    )
    if not np and toll and not any(t.like_num for t in window):
        return _Candidate(first.i, last.i + 1, None, "person", KILLED)
    verb = _measure_verb(first)
    if verb.pos_ not in ("VERB", "AUX", "NOUN") or verb.lemma_.lower() not in lex.measure_verbs:
        return None
    holders = [
        verb.head if c.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl" else c
        for c in verb.children
        if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c != first
    ]  # "French troops, who numbered 5,100": the holder is the antecedent
    for holder in holders:
        if (
            _is_plural(holder, lex)
            and _in_words(holder, lex.military_unit_nouns)
            and holder.lower_ != "forces"
        ):
            continue  # "cutting six regiments to five" counts formations, not people
        words = _with_modifiers(holder)
        for c in holder.children:
            if c.dep_ == "prep" and c.lower_ == "of":  # "the number of rapid reaction forces"
                # ("the number of injured": a participle as the object, pcomp; "the
                # number of injured people": the participle modifying it)
                for p in c.children:
                    if p.dep_ in ("pobj", "pcomp"):
                        words.append(p)
                        words.extend(a for a in p.children if a.dep_ == "amod")
        owner = _actor_in_phrase(
            [t for w in words for t in ([w] if w == holder else w.subtree)], lex, as_subject=True
        )
        military = any(t.lower_ in lex.military_modifiers for w in words for t in w.subtree)
        end = last.i + 1
        unit = "troop"
        if np:  # "to 300,000 people"
            person = _lookup(np[-1], lex.person)
            unit = person[1] if person else "troop"
            end = np[-1].i + 1
        for w in words:
            found = _lookup(w, lex.casualty_nouns)
            if found is not None and w.lower_ not in ("prisoner", "prisoners"):
                if np:
                    return None
                category = WOUNDED if found[1] == WOUNDED else KILLED  # "number of injured"
                cand = _Candidate(first.i, end, None, "soldier" if military else "person", category)
                cand.actor, cand.actor_known = owner, True
                return cand
        for w in words:
            if _lookup(w, lex.personnel) is None:
                continue
            if _in_words(w, lex.personnel_needs_context) and not (
                military or _military_nearby(doc, w, lex)
            ):
                continue  # "the division's sales jumped to 136,000"
            cand = _Candidate(first.i, end, None, unit, PERSONNEL)
            cand.actor = owner or _subject_actor(verb, lex)
            cand.actor_known = True
            return cand
        kit = _measured_kit(words, np, first.i, end, lex)
        if kit is not None:
            kit.actor, kit.actor_known = owner, True
            return kit
    return None
