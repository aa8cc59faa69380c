"""Actors: which country or armed organisation a token, phrase, subject, pronoun or recipient
names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from transforms.countries import country_for
from transforms.military.lexicon import _Lexicon
from transforms.military.tokens import _casualty_category
from transforms.roles.parties import (
    Party,
    article_state,
    party_data,
    party_for_code,
    side_from_surface,
)
from transforms.roles.statetable import state_of_name
from transforms.roles.syntax import verb_data

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token


# A military actor is a party of the roles layer: one type, one resolver.
_Actor = Party
_actor_for_code = party_for_code


def _actor_from_surface(surface: str, lex: _Lexicon, *, as_subject: bool = False) -> _Actor | None:
    """The side ``surface`` names ("Russian", "the IDF", "Putin"); a capital only as a
    subject ("Kyiv said"); never a maker ("US-made")."""
    text = surface.strip()
    if not text or any(text.endswith(s) for s in lex.made_in_suffixes):
        return None
    demonyms = party_data().demonyms  # demonyms the country table lacks
    tables = (lex.armed_orgs, demonyms, lex.leader_actors) + (
        (lex.capital_actors,) if as_subject else ()
    )
    return side_from_surface(text, tables)


def _actor_of_token(tok: Token, lex: _Lexicon, *, as_subject: bool = False) -> _Actor | None:
    """The country / armed organisation a single modifier token names, if any."""
    if tok.pos_ in ("PRON", "DET", "ADP", "PUNCT", "NUM", "AUX", "CCONJ"):
        return None
    # A multi-token entity ("United States", "South Korean") is looked up whole.
    name_part = False  # a token of a several-word person's name ("Kim Jong Un")
    if tok.ent_type_ in ("GPE", "NORP", "ORG", "LOC", "PERSON"):
        for ent in tok.doc.ents:
            if ent.start <= tok.i < ent.end:
                name_part = ent.label_ == "PERSON" and ent.end - ent.start > 1
                if ent.end - ent.start > 1:
                    found = _actor_from_surface(ent.text, lex, as_subject=as_subject)
                    if found is not None:
                        return found
                break
    low = tok.lower_
    nxt = tok.nbor(1) if tok.i + 2 < len(tok.doc) else None
    if nxt is not None and nxt.text in ("-", "–") and nxt.nbor(1).lower_ in lex.maker_words:
        return None  # "Chinese-made drones": the maker, not the owner
    back_ref = lex.back_reference_orgs.get(low)
    if back_ref is not None:
        return _back_reference_actor(tok, back_ref)
    if low in party_data().state_force_modifiers and tok.dep_ in _NOUN_MODIFIER_DEPS:
        return article_state(tok)  # "captured 19 junta soldiers": the article's junta
    # lower-case words are not names, except organisations written small ("nato")
    if not any(c.isupper() for c in tok.text) and low not in lex.armed_orgs:
        return None
    if (
        tok.ent_type_ == "PERSON"
        and low not in lex.leader_actors
        and not isinstance(state_of_name(tok.text), str)
        # the tagger takes "The Houthis" for a person; "Un" of "Kim Jong Un" is no UN
        and (low not in lex.armed_orgs or name_part)
        and country_for(tok.text) is None
    ):
        return None  # a person is no actor, unless the tagger took a country for one
    return _actor_from_surface(tok.text, lex, as_subject=as_subject)


def _back_reference_actor(tok: Token, back_ref: list[str]) -> _Actor | None:
    """ "The alliance will station a brigade": the organisation named earlier in the
    article, when "the alliance" is definite (a back-reference, not "an alliance")."""
    definite = any(c.lower_ == "the" or c.dep_ == "poss" for c in tok.children) or (
        tok.i > 0 and tok.nbor(-1).lower_ == "the"
    )
    if not definite:
        return None
    before = tok.doc.text[: tok.idx].lower()
    if any(re.search(rf"\b{re.escape(name)}\b", before) for name in back_ref[1:]):
        return _actor_for_code(back_ref[0])
    return None


def _phrase_actors(
    tokens: Iterable[Token], lex: _Lexicon, *, as_subject: bool = False
) -> list[_Actor]:
    found: list[_Actor] = []
    for tok in tokens:
        actor = _actor_of_token(tok, lex, as_subject=as_subject)
        if actor is not None and actor not in found:
            found.append(actor)
    return found


def _with_modifiers(tok: Token) -> list[Token]:
    """A token and its modifier children: the phrase an actor may be named in. The
    conjuncts of the token and of a modifier are kept, so that "troops from Spain and
    Italy" or "French and German troops" name two owners (no single actor), not the
    first one."""
    mods = [c for c in tok.children if c.dep_ in _MODIFIER_DEPS]
    conjuncts = [c for m in (tok, *mods) for c in m.children if c.dep_ == "conj"]
    return [tok, *mods, *conjuncts]


def _actor_in_phrase(
    tokens: Iterable[Token], lex: _Lexicon, *, as_subject: bool = False
) -> _Actor | None:
    """The one actor a phrase names: an organisation beats a country ("Yemeni Huthi
    fighters" -> Houthis); two different countries give None ("Russian and Chinese")."""
    found = _phrase_actors(tokens, lex, as_subject=as_subject)
    if not found:
        return None
    orgs = [a for a in found if a.iso3 is None]
    if orgs:
        return orgs[0]
    return found[0] if len(found) == 1 else None


_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "npadvmod", "nummod"})
# How a bare state-force noun modifies a counted noun ("19 junta soldiers"); as a
# subject ("The junta announced plans to conscript ...") it names no owner here.
_NOUN_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})


def _noun_modifier_actor(
    noun: Token, lex: _Lexicon, *, strict: bool = False, preps: tuple[str, ...] = ("from", "of")
) -> _Actor | None:
    """Actor named by the modifiers of ``noun`` ("Russian invasion", "Nato's forces").

    ``strict`` (used for nouns above the figure) keeps only demonym adjectives and
    possessives: in "Ukraine Body Count" the compound names a place, not an owner.
    """
    mods: list[Token] = []
    for child in noun.children:
        if child.i > noun.i or child.dep_ not in _MODIFIER_DEPS:
            continue
        if strict and not (
            child.dep_ == "poss" or (child.dep_ == "amod" and child.ent_type_ == "NORP")
        ):
            continue
        mods.extend(child.subtree)
    found = _actor_in_phrase(mods, lex)
    if found is not None or strict or not preps:
        return found
    for child in noun.children:
        # "troops from Britain", "soldiers of the Russian army"
        if child.dep_ == "prep" and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    found = _actor_in_phrase(_with_modifiers(pobj), lex)
                    if found is not None:
                        return found
    return None


_RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
# Pronouns that stand for a side named earlier ("It also sent 40 tanks", "its soldiers").
_SIDE_PRONOUNS = frozenset({"it", "they", "its", "their"})
_ANTECEDENT_SENTENCES = 3


def _clause_subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _named_subject_actor(subject: Token, lex: _Lexicon) -> _Actor | None:
    conjuncts = [c for c in subject.children if c.dep_ == "conj"]
    if conjuncts and len(_phrase_actors([subject, *conjuncts], lex, as_subject=True)) > 1:
        return None  # "France and Germany": no single owner
    return _actor_in_phrase(_with_modifiers(subject), lex, as_subject=True)


def _same_head_actor(noun: Token, lex: _Lexicon) -> _Actor | None:
    """ "the air force" taken back to "Ukraine's air force" a few sentences before: the
    nearest earlier noun with the same lemma whose modifiers name a side."""
    first_sent = noun.sent.start
    for k in range(noun.i - 1, -1, -1):
        tok = noun.doc[k]
        if tok.lemma_.lower() == noun.lemma_.lower() and tok.pos_ == noun.pos_:
            found = _noun_modifier_actor(tok, lex, preps=())
            if found is not None:
                return found
        if tok.sent.start < first_sent and tok.is_sent_start:
            first_sent = tok.sent.start
            if noun.sent.start - first_sent > 200:
                break
    return None


def _antecedent_actor(pron: Token, reporting: bool, lex: _Lexicon, depth: int) -> _Actor | None:
    """The side a sentence-initial "It" / "They" stands for: the subject of the
    sentence before ("The United States has 40,000 troops there. It also keeps two
    carriers" -> USA). A pronoun that reports ("It also said") takes the earlier
    speaker, one that acts takes the earlier actor; a pronoun subject there is
    resolved like this one, in its own sentence first."""
    doc = pron.doc
    if pron.sent.start == 0 or depth >= _ANTECEDENT_SENTENCES:
        return None
    sent = doc[pron.sent.start - 1].sent
    root = sent.root
    verbs = [root, *(c for c in root.children if c.dep_ in ("ccomp", "parataxis", "conj"))]
    verbs = [v for v in verbs if v.pos_ in ("VERB", "AUX")]
    wanted = [v for v in verbs if (v.lemma_.lower() in lex.reporting_verbs) == reporting]
    subject = next((s for s in map(_clause_subject, wanted) if s is not None), None)
    if subject is None:
        return None
    if subject.lower_ in _SIDE_PRONOUNS:
        return _pronoun_actor(subject, lex, depth + 1)  # "It ... . It also ..."
    if subject.pos_ == "PRON":
        return None
    return _named_subject_actor(subject, lex) or _same_head_actor(subject, lex)


def _pronoun_actor(pron: Token, lex: _Lexicon, depth: int = 0) -> _Actor | None:
    """The side a pronoun ("it", "they", "its", "their") stands for: the nearest
    subject above it in the sentence that names one ("The Houthis said they had
    fired", "The Israeli military confirmed the deaths of four of its soldiers"),
    else the subject of the sentence before. A subject above it that names no side
    ("The military government said 70 of its soldiers") is what the pronoun stands
    for: no actor then."""
    tok = pron
    own_verb: Token | None = None
    for _ in range(10):
        if tok.head == tok:
            break
        tok = tok.head
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        if own_verb is None:
            own_verb = tok
        subject = _clause_subject(tok)
        if subject is None or subject.pos_ in ("PRON", "NUM") or subject.lower_ in _SIDE_PRONOUNS:
            continue
        if subject.i <= pron.i <= subject.right_edge.i or subject.i > pron.i:
            # the figure's own phrase ("70 of its soldiers had died"), or a speaker
            # after the pronoun ("It also keeps ..., officials said"): no antecedent
            continue
        found = _named_subject_actor(subject, lex)
        if found is None and subject.pos_ in ("NOUN", "PROPN"):
            return None
        return found
    reporting = own_verb is not None and own_verb.lemma_.lower() in lex.reporting_verbs
    return _antecedent_actor(pron, reporting, lex, depth)


def _subject_actor(verb: Token, lex: _Lexicon, *, pronouns: bool = True) -> _Actor | None:
    for child in verb.children:
        passive_estimate = (
            child.dep_ == "nsubjpass" and verb.lemma_.lower() in lex.epistemic_verbs
        )  # "Russia is estimated to fire 10,000 shells a day"
        if child.dep_ == "nsubj" or passive_estimate:
            if child.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                child = verb.head  # "US destroyers, which fired a dozen interceptors"
            elif child.lower_ in _SIDE_PRONOUNS and pronouns:
                found = _pronoun_actor(child, lex)  # "It also sent 40 tanks"
                if found is not None:
                    return found
                continue
            conjuncts = [c for c in child.children if c.dep_ == "conj"]
            if conjuncts and len(_phrase_actors([child, *conjuncts], lex, as_subject=True)) > 1:
                return None  # "Ukraine and Russia exchanged ...": no single owner
            found = _actor_in_phrase(
                _with_modifiers(child),
                lex,
                as_subject=True,
            )
            if found is not None:
                return found
        if child.dep_ == "agent":  # "troops sent by Germany"
            for pobj in child.children:
                found = _actor_in_phrase([pobj, *pobj.children], lex, as_subject=True)
                if found is not None:
                    return found
    if verb.dep_ == "xcomp" and not any(c.dep_ == "nsubj" for c in verb.children):
        # "requires the Pentagon to keep 4,500 troops": the object of the verb above
        # is the subject of the infinitive
        for child in verb.head.children:
            if child.dep_ == "dobj" and child.i < verb.i:
                found = _actor_in_phrase(_with_modifiers(child), lex, as_subject=True)
                if found is not None:
                    return found
    return None


def _speaker_actor(start: Token, lex: _Lexicon) -> _Actor | None:
    """The subject of the reporting verb above ``start`` ("Belarus said 50,000
    reservists were called up", "The Israeli army said three of its soldiers ..."):
    used only where the figure's own clause names no side."""
    tok = start
    for _ in range(8):
        if tok.head == tok:
            return None
        child, tok = tok, tok.head
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in lex.reporting_verbs:
            # only what the speaker reports as a clause: in "U.S. warns of a Russian
            # invasion with 175,000 troops" the troops are not the speaker's
            if child.dep_ not in ("ccomp", "xcomp", "parataxis"):
                return None
            return _subject_actor(tok, lex)
    return None


def _walk_up_actor(start: Token, lex: _Lexicon, *, stop_at_casualty: bool) -> _Actor | None:
    """Walk from ``start`` to the sentence root; the first subject or noun modifier
    naming a country wins. Reporting verbs ("Ukraine says ...") are passed over, so
    the speaker is not taken for the owner of the figure."""
    tok = start
    pronoun_subject = False
    for _ in range(8):
        if tok.head == tok:
            break
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            if tok.lemma_.lower() in lex.reporting_verbs:
                passive = any(c.dep_ == "nsubjpass" for c in tok.children)
                if pronoun_subject or passive:
                    # "Russia is estimated to fire ...": the passive subject acts
                    # "Germany says it will send 5,000 helmets": "it" is the speaker
                    found = _subject_actor(tok, lex)
                    if found is not None:
                        return found
                continue
            if stop_at_casualty and (
                _casualty_category(tok, lex) is not None or tok.lemma_.lower() in lex.hostile_verbs
            ):
                return None  # the killer or destroyer is not the owner
            found = _subject_actor(tok, lex)
            if found is not None:
                return found
            pronoun_subject = pronoun_subject or any(
                c.dep_ == "nsubj" and c.lower_ in ("it", "they", "we") for c in tok.children
            )
        elif tok.pos_ in ("NOUN", "PROPN"):
            found = _noun_modifier_actor(tok, lex, strict=True)
            if found is not None:
                return found
    return None


def _recipient_actor(doc: Doc, first: int, end: int, lex: _Lexicon) -> _Actor | None:
    """Recipient of sent or sold things: "to Ukraine", "for Ukraine", "with Ukraine"
    after the figure, "to help Ukraine", or "supplying Ukraine with ..." before it."""
    sent = doc[first].sent
    k = end
    while k < min(sent.end, end + 10):
        tok = doc[k]
        if (
            tok.lower_ in ("to", "for", "with", "help")
            and not (
                tok.lower_ == "to"
                and k + 1 < sent.end
                and doc[k + 1].pos_ == "VERB"
                and doc[k + 1].lower_ != "help"
            )
            and not (k > sent.start and doc[k - 1].lower_ in verb_data().response_nouns)
        ):
            # ("in response to Russia's war": a reason, not a recipient)
            j = k + 1
            if j < sent.end and doc[j].lower_ == "help":
                j += 1
            while (
                j < sent.end
                and doc[j].pos_ in ("DET", "ADJ")
                and _actor_of_token(doc[j], lex) is None
            ):
                j += 1
            phrase: list[Token] = []
            while j < sent.end and doc[j].pos_ in ("PROPN", "ADJ", "NOUN") and len(phrase) < 4:
                phrase.append(doc[j])
                j += 1
            found = _actor_in_phrase(phrase, lex, as_subject=True)
            if found is not None:
                return found
        if tok.pos_ == "VERB" and tok.lower_ not in ("help",) and k > end + 1:
            break
        k += 1
    # "USA supplying Ukraine with over 20 vessels": the verb's object is the recipient
    k = first - 1
    while k >= max(sent.start, first - 6):
        tok = doc[k]
        # ("attacked Ukraine with 40 drones": the target of a firing, not a recipient)
        fired = tok.head.lemma_.lower() in verb_data().instrument_verbs
        if tok.lower_ == "with" and k - 1 >= sent.start and not fired:
            prev = doc[k - 1]
            found = _actor_of_token(prev, lex, as_subject=True)
            if found is not None:
                return found
        k -= 1
    return None
