"""Military figures: numbers tied to armed forces or armed conflict.

What a figure is follows ``/work/shared/annotation-guidelines.md``; the rules
this module adds where the guidelines are silent are written down in
``docs/military.md``. All word lists live in ``transforms/data/military_lexicon.json``
and ``transforms/data/military_phrases.json``.

How a figure is found, per number expression of the shared number grammar
(``transforms.numbers.find_numbers``):

1. the counted noun is the head of the noun phrase that follows the number
   (``5,000 missiles``, ``8,500 U.S. troops``, ``tens of thousands of troops``),
   cross-checked with spaCy's ``nummod`` arc; a number with no noun can still be
   a casualty count (``12 killed``, ``killing 40``, ``death toll rises to 300``);
2. the category comes from the noun's lexicon class (personnel, equipment,
   people) and from casualty words around it, found through the dependency
   parse (``killed`` governing the noun) and the surface (``captured 200 ...``);
3. casualties of people who are not forces need an armed-conflict cue in the
   sentence and are dropped on accident / disaster / crime / disease cues;
4. the actor is a country or armed organisation named in the noun phrase
   (``Russian soldiers``), else the subject of the verb that sends, deploys,
   loses or buys the counted things (``Russia loses 150 troops``).

Money figures (from ``transforms.money``) whose clause speaks of defence or arms
become ``spending`` figures with unit ``money``.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transforms.entities import country_for, entity_id_for
from transforms.numbers import NumberMatch, find_numbers
from transforms.records import MilitaryFigure, MilitaryMention, MoneyFigure

if TYPE_CHECKING:  # pragma: no cover
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc, Span, Token
    from spacy.vocab import Vocab

DATA_DIR = Path(__file__).parent / "data"
LEXICON_PATH = DATA_DIR / "military_lexicon.json"
PHRASES_PATH = DATA_DIR / "military_phrases.json"

PERSONNEL = "personnel"
EQUIPMENT = "equipment"
KILLED = "killed"
WOUNDED = "wounded"
CAPTURED = "captured"
SPENDING = "spending"
CASUALTY_CATEGORIES = frozenset({KILLED, WOUNDED, CAPTURED})

# Noun-phrase parts allowed between a number and its counted noun.
_NP_POS = frozenset({"ADJ", "NOUN", "PROPN", "NUM", "X"})
# Auxiliaries and adverbs allowed between a noun phrase and a casualty participle:
# "5 soldiers were reportedly injured", "300 have now died".
_AUX_WORDS = frozenset(
    {
        "were", "was", "are", "is", "have", "has", "had", "been", "being", "be",
        "reportedly", "also", "now", "all", "confirmed", "believed", "feared",
        "thought", "said", "reported", "to", "later", "already", "either", "and",
        "or", "presumed", "left", "lay", "lie", "found",
    }
)  # fmt: skip
# Words that keep a count from being a count of the noun after it.
_NON_COUNT_NEXT = frozenset({"th", "st", "nd", "rd", "%", "per", "percent", "pc", "times"})
_PLURAL_TAGS = frozenset({"NNS", "NNPS"})
_PARTITIVE_DETS = frozenset({"the", "its", "their", "his", "her", "these", "those", "our", "them"})


@dataclass(frozen=True, slots=True)
class _Lexicon:
    personnel: dict[str, str]
    personnel_needs_context: frozenset[str]
    military_modifiers: frozenset[str]
    equipment: dict[str, str]
    equipment_needs_context: frozenset[str]
    person: dict[str, str]
    casualty_nouns: dict[str, str]
    casualty_noun_units: dict[str, str]
    casualty_word_category: dict[str, str]
    lose_words: frozenset[str]
    toll_words: tuple[str, ...]
    measure_verbs: frozenset[str]
    conflict_single: frozenset[str]
    conflict_multi: tuple[str, ...]
    non_conflict_single: frozenset[str]
    non_conflict_multi: tuple[str, ...]
    spending_single: frozenset[str]
    spending_multi: tuple[str, ...]
    spending_blockers: frozenset[str]
    vague_of_heads: frozenset[str]
    measure_units: frozenset[str]
    non_casualty: frozenset[str]
    space_cues: frozenset[str]
    reporting_verbs: frozenset[str]
    armed_orgs: dict[str, str | None]
    made_in_suffixes: tuple[str, ...]
    accident_words: frozenset[str]
    weak_conflict: frozenset[str]
    hostile_verbs: frozenset[str]
    capital_actors: dict[str, str | None]
    state_killer_verbs: frozenset[str]


def _split_cues(words: Iterable[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Single-token cues go in a set; multi-word cues are matched on sentence text."""
    single = {w.lower() for w in words if " " not in w}
    multi = tuple(sorted({w.lower() for w in words if " " in w}))
    return frozenset(single), multi


def _entries(section: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in section.items() if not k.startswith("_")}


@functools.cache
def _lexicon() -> _Lexicon:
    with LEXICON_PATH.open(encoding="utf-8") as fh:
        raw: dict[str, Any] = json.load(fh)
    casualty_category: dict[str, str] = {}
    for category, words in _entries(raw["casualty_words"]).items():
        for w in words:
            casualty_category[w.lower()] = category
    conflict = _split_cues(raw["conflict_cues"])
    non_conflict = _split_cues(raw["non_conflict_cues"])
    spending = _split_cues(raw["spending_cues"])
    return _Lexicon(
        personnel=_entries(raw["personnel_nouns"]),
        personnel_needs_context=frozenset(raw["personnel_needs_context"]),
        military_modifiers=frozenset(raw["military_modifiers"]),
        equipment=_entries(raw["equipment_nouns"]),
        equipment_needs_context=frozenset(raw["equipment_needs_context"]),
        person=_entries(raw["person_nouns"]),
        casualty_nouns=_entries(raw["casualty_nouns"]),
        casualty_noun_units=_entries(raw["casualty_noun_units"]),
        casualty_word_category=casualty_category,
        lose_words=frozenset(raw["lose_words"]),
        toll_words=tuple(raw["toll_words"]),
        measure_verbs=frozenset(raw["measure_verbs"]),
        conflict_single=conflict[0],
        conflict_multi=conflict[1],
        non_conflict_single=non_conflict[0],
        non_conflict_multi=non_conflict[1],
        spending_single=spending[0],
        spending_multi=spending[1],
        spending_blockers=frozenset(raw["spending_blockers"]),
        vague_of_heads=frozenset(raw["vague_of_heads"]),
        measure_units=frozenset(raw["measure_units"]),
        non_casualty=frozenset(raw["non_casualty_nouns"]),
        space_cues=frozenset(raw["space_cues"]),
        reporting_verbs=frozenset(raw["reporting_verbs"]),
        armed_orgs=_entries(raw["armed_orgs"]),
        made_in_suffixes=tuple(raw["made_in_suffixes"]),
        accident_words=frozenset(raw["accident_words"]),
        weak_conflict=frozenset(raw["weak_conflict_cues"]),
        hostile_verbs=frozenset(raw["hostile_verbs"]),
        capital_actors=_entries(raw["capital_actors"]),
        state_killer_verbs=frozenset(raw["state_killer_verbs"]),
    )


@functools.cache
def _phrases() -> dict[str, list[str]]:
    with PHRASES_PATH.open(encoding="utf-8") as fh:
        raw: dict[str, Any] = json.load(fh)
    phrases: dict[str, list[str]] = raw["phrases"]
    return phrases


# ---------------------------------------------------------------------------
# Matchers, built once per Vocab (spaCy matchers are tied to a vocab's strings).

_PHRASE_TOKEN_RE = re.compile(r"[A-Za-z0-9.']+|-")


@dataclass(slots=True)
class _Matchers:
    vocab: Vocab  # kept so the id() key below cannot be reused by another vocab
    mentions: PhraseMatcher
    kinds: dict[int, str]


_MATCHERS: dict[int, _Matchers] = {}


def _matchers(vocab: Vocab) -> _Matchers:
    cached = _MATCHERS.get(id(vocab))
    if cached is not None and cached.vocab is vocab:
        return cached
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    matcher = PhraseMatcher(vocab, attr="LOWER")
    kinds: dict[int, str] = {}
    for kind, phrases in _phrases().items():
        key = f"MILITARY_MENTION_{kind}"
        # Pattern docs are tokenised like spaCy's English tokenizer splits
        # hyphens ("no-fly" -> "no", "-", "fly"), so they match parsed text.
        docs = [Doc(vocab, words=_PHRASE_TOKEN_RE.findall(p.lower())) for p in phrases]
        matcher.add(key, docs)
        kinds[vocab.strings[key]] = kind
    built = _Matchers(vocab=vocab, mentions=matcher, kinds=kinds)
    _MATCHERS[id(vocab)] = built
    return built


# ---------------------------------------------------------------------------
# Small token helpers.


def _singular(word: str) -> str:
    """Lower-case singular of an English plural noun (lexicon keys are singular)."""
    w = word.lower()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def _keys(tok: Token) -> tuple[str, ...]:
    """Lookup keys for a token: lower text, its singular, and spaCy's lemma."""
    low = tok.lower_
    return (low, _singular(low), tok.lemma_.lower())


def _lookup(tok: Token, table: dict[str, str]) -> tuple[str, str] | None:
    """(matched key, value) for the first key of ``tok`` found in ``table``."""
    for key in _keys(tok):
        if key in table:
            return key, table[key]
    return None


def _is_plural(tok: Token, lex: _Lexicon) -> bool:
    if tok.tag_ in _PLURAL_TAGS or "Plur" in tok.morph.get("Number"):
        return True
    low = tok.lower_
    if low in ("personnel", "aircraft", "people", "police", "artillery", "ammunition", "dead"):
        return True
    if low in ("men", "women", "children", "servicemen", "gunmen", "militiamen", "airmen"):
        return True
    # Headlines in Title Case are often tagged NNP; trust the spelling there.
    return tok.tag_ == "NNP" and low.endswith("s") and not low.endswith("ss")


def _casualty_category(tok: Token, lex: _Lexicon) -> str | None:
    """killed / wounded / captured when ``tok`` is a casualty verb, participle or adjective."""
    for key in (tok.lower_, tok.lemma_.lower()):
        cat = lex.casualty_word_category.get(key)
        if cat:
            return cat
    return None


@dataclass(slots=True)
class _SentenceCues:
    conflict: set[str]
    non_conflict: set[str]
    space: bool
    spending: set[str]


def _cues_for(sent: Span, lex: _Lexicon, cache: dict[int, _SentenceCues]) -> _SentenceCues:
    cached = cache.get(sent.start)
    if cached is not None:
        return cached
    words = [t.lower_ for t in sent]
    words_set = set(words) | {t.lemma_.lower() for t in sent}
    text = " " + " ".join(words) + " "
    conflict = (words_set & lex.conflict_single) | {
        c for c in lex.conflict_multi if f" {c} " in text
    }
    non_conflict = (words_set & lex.non_conflict_single) | {
        c for c in lex.non_conflict_multi if f" {c} " in text
    }
    spending = (words_set & lex.spending_single) | {
        c for c in lex.spending_multi if f" {c} " in text
    }
    cues = _SentenceCues(conflict, non_conflict, bool(words_set & lex.space_cues), spending)
    cache[sent.start] = cues
    return cues


# ---------------------------------------------------------------------------
# Actors.


@dataclass(frozen=True, slots=True)
class _Actor:
    entity_id: str
    name: str
    iso3: str | None


def _actor_from_surface(surface: str, lex: _Lexicon) -> _Actor | None:
    text = surface.strip()
    if not text or any(text.endswith(s) for s in lex.made_in_suffixes):
        return None
    text = re.sub(r"['\u2019]s?$", "", text)
    key = re.sub(r"^the\s+", "", text.lower())
    if key in lex.armed_orgs:
        org = lex.armed_orgs[key]
        if org is None:
            return None
        if len(org) == 3 and org.isupper():
            country = country_for(org)
            if country is not None:
                return _Actor(country.entity_id, country.name, country.iso3)
        return _Actor(entity_id_for("ORG", org), org, None)
    country = country_for(text)
    if country is not None:
        return _Actor(country.entity_id, country.name, country.iso3)
    return None


def _actor_of_token(tok: Token, lex: _Lexicon) -> _Actor | None:
    """The country / armed organisation a single modifier token names, if any."""
    if tok.pos_ in ("PRON", "DET", "ADP", "PUNCT", "NUM", "VERB", "AUX"):
        return None
    # A multi-token entity ("United States", "South Korean") is looked up whole.
    if tok.ent_type_ in ("GPE", "NORP", "ORG", "LOC"):
        for ent in tok.doc.ents:
            if ent.start <= tok.i < ent.end:
                found = _actor_from_surface(ent.text, lex)
                if found is not None:
                    return found
                break
    # "Nato" is often not tagged ORG, and headline demonyms are not tagged NORP.
    if not tok.is_title and not tok.is_upper and tok.lower_ not in lex.armed_orgs:
        # lower-case words are not names, except armed organisations written small
        return None
    return _actor_from_surface(tok.text, lex)


def _actor_in_phrase(tokens: Iterable[Token], lex: _Lexicon) -> _Actor | None:
    for tok in tokens:
        found = _actor_of_token(tok, lex)
        if found is not None:
            return found
    return None


_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "npadvmod", "nummod"})


def _noun_modifier_actor(noun: Token, lex: _Lexicon, *, strict: bool = False) -> _Actor | None:
    """Actor named by the modifiers of ``noun`` ("Russian invasion", "Nato's forces").

    ``strict`` (used for nouns above the figure) keeps only demonym adjectives and
    possessives: in "Ukraine Body Count" the compound names a place, not an owner.
    """
    for child in noun.children:
        if strict and not (
            child.dep_ == "poss" or (child.dep_ == "amod" and child.ent_type_ == "NORP")
        ):
            continue
        if child.dep_ in _MODIFIER_DEPS and child.i < noun.i:
            found = _actor_in_phrase(child.subtree, lex)
            if found is not None:
                return found
    for child in noun.children:
        # "troops from Britain", "soldiers of the Russian army"
        if child.dep_ == "prep" and child.lower_ in ("from", "of") and not strict:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    found = _actor_in_phrase(
                        [pobj, *(c for c in pobj.children if c.dep_ in _MODIFIER_DEPS)], lex
                    )
                    if found is not None:
                        return found
    return None


def _capital_actor(tok: Token, lex: _Lexicon) -> _Actor | None:
    """A capital standing for its government ("Warsaw will donate ...")."""
    iso3 = lex.capital_actors.get(tok.lower_)
    if iso3 is None or tok.ent_type_ not in ("GPE", "LOC", "ORG", ""):
        return None
    country = country_for(iso3)
    return _Actor(country.entity_id, country.name, country.iso3) if country else None


def _subject_actor(verb: Token, lex: _Lexicon) -> _Actor | None:
    for child in verb.children:
        if child.dep_ == "nsubj":
            found = _actor_in_phrase(
                [child, *(c for c in child.children if c.dep_ in _MODIFIER_DEPS)], lex
            ) or _capital_actor(child, lex)
            if found is not None:
                return found
        if child.dep_ == "agent":  # "troops sent by Germany"
            for pobj in child.children:
                found = _actor_in_phrase([pobj, *pobj.children], lex)
                if found is not None:
                    return found
    return None


def _walk_up_actor(start: Token, lex: _Lexicon, *, stop_at_casualty: bool) -> _Actor | None:
    """Walk from ``start`` to the sentence root; the first subject or noun modifier
    naming a country wins. Reporting verbs ("Ukraine says ...") are passed over, so
    the speaker is not taken for the owner of the figure."""
    tok = start
    for _ in range(8):
        if tok.head is tok:
            break
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            if tok.lemma_.lower() in lex.reporting_verbs:
                continue
            if stop_at_casualty and (
                _casualty_category(tok, lex) is not None
                or tok.lemma_.lower() in lex.hostile_verbs
            ):
                return None  # the killer or destroyer is not the owner
            found = _subject_actor(tok, lex)
            if found is not None:
                return found
        elif tok.pos_ in ("NOUN", "PROPN"):
            found = _noun_modifier_actor(tok, lex, strict=True)
            if found is not None:
                return found
    return None


# ---------------------------------------------------------------------------
# Counted noun and category for one number.


@dataclass(slots=True)
class _Candidate:
    start_tok: int  # first token of the number
    end_tok: int  # one past the last token of the figure span
    noun: Token | None
    unit: str
    category: str


def _noun_phrase_after(doc: Doc, i: int, lex: _Lexicon) -> list[Token]:
    """Tokens of the noun phrase that starts at token ``i`` (up to its head noun)."""
    run: list[Token] = []
    j = i
    while j < len(doc) and len(run) < 7:
        tok = doc[j]
        if tok.is_sent_start and j > i:
            break
        if tok.text in ("-", "–") and run and j + 1 < len(doc) and not doc[j - 1].whitespace_:
            run.append(tok)  # "anti-tank", "U.S.-built"; a spaced dash ends the phrase
            j += 1
            continue
        if tok.pos_ == "ADV" and j + 1 < len(doc) and doc[j + 1].text == "-" and not tok.whitespace_:
            run.append(tok)  # "well-trained troops"
            j += 1
            continue
        if tok.pos_ in _NP_POS or (tok.tag_ in ("VBN", "VBG") and tok.dep_ in ("amod", "compound")):
            # a participle ends the phrase when it is the casualty word itself:
            # "15 Armenians killed" - "killed" is not part of the noun phrase
            if tok.pos_ in ("VERB", "ADJ") and _casualty_category(tok, lex) and run:
                if tok.lower_ not in lex.casualty_nouns:
                    break
            if tok.pos_ == "NUM" and run and not (
                run[-1].pos_ in ("PROPN", "PUNCT") or any(c.isupper() for c in run[-1].text)
            ):
                break  # "150 troops 21 tanks" (a lost comma); "PzH 2000" is a model name
            run.append(tok)
            j += 1
            continue
        if tok.pos_ == "DET" and tok.lower_ in ("u.s.",):
            run.append(tok)
            j += 1
            continue
        break
    # The head is the last noun of the run; trailing adjectives belong to what follows.
    while run and run[-1].pos_ not in ("NOUN", "PROPN") and not (
        run[-1].lower_ in lex.casualty_nouns or run[-1].lower_ in lex.equipment
    ):
        run.pop()
    return run


def _classify_noun(tok: Token, lex: _Lexicon) -> tuple[str, str] | None:
    """(class, unit) of a head noun: personnel | equipment | person | casualty | demonym."""
    if tok.lower_ in lex.non_casualty or _singular(tok.lower_) in lex.non_casualty:
        return None
    if tok.lower_ in lex.casualty_nouns and tok.pos_ == "ADJ":
        return "casualty", tok.lower_  # "300 dead", "20 wounded"
    found = _lookup(tok, lex.equipment)
    if found is not None:
        return "equipment", found[1]
    found = _lookup(tok, lex.personnel)
    if found is not None and found[0] not in ("man", "men", "member", "police"):
        return "personnel", found[1]
    found = _lookup(tok, lex.casualty_nouns)
    if found is not None:
        return "casualty", found[0]
    found = _lookup(tok, lex.person)
    if found is not None:
        return "person", found[1]
    if (tok.is_title or tok.is_upper) and country_for(tok.text) is not None:
        return "demonym", "person"  # "15 Armenians killed", "25,000 Russians"
    return None


def _has_military_modifier(np: Sequence[Token], head: Token, lex: _Lexicon) -> bool:
    words = {t.lower_ for t in np if t is not head}
    words |= {c.lower_ for c in head.children if c.dep_ in _MODIFIER_DEPS}
    if words & lex.military_modifiers:
        return True
    return any(_actor_of_token(t, lex) is not None for t in np if t is not head)


def _casualty_after(doc: Doc, j: int, sent_end: int, lex: _Lexicon) -> tuple[str, int] | None:
    """Casualty participle right after a phrase ending before token ``j``."""
    k = j
    while k < sent_end and k - j < 4 and doc[k].lower_ in _AUX_WORDS:
        k += 1
    if k < sent_end:
        tok = doc[k]
        if tok.lower_ in ("shot", "stabbed", "beaten", "burned") and k + 1 < sent_end:
            if doc[k + 1].lower_ == "dead":
                return KILLED, k + 2
        if tok.lower_ == "taken" and k + 1 < sent_end and doc[k + 1].lower_ in (
            "prisoner",
            "captive",
            "hostage",
        ):
            return CAPTURED, k + 2
        if tok.lower_ in ("lost", "losing") and k + 2 < sent_end:
            if doc[k + 1].lower_ in ("their", "his", "her") and doc[k + 2].lower_ == "lives":
                return KILLED, k + 3
        if tok.pos_ in ("VERB", "ADJ", "NOUN") or tok.tag_ in ("VBN", "VBD", "JJ"):
            cat = _casualty_category(tok, lex)
            if cat is not None and tok.lower_ not in ("kill", "kills", "wound", "wounds"):
                return cat, k + 1
    return None


def _casualty_before(doc: Doc, i: int, sent_start: int, lex: _Lexicon) -> str | None:
    """Casualty verb right before the number or its qualifier ("killing at least 29")."""
    k = i - 1
    while k >= sent_start and doc[k].lower_ in ("another", "a", "further", "some", "and", "all"):
        k -= 1
    if k < sent_start:
        return None
    tok = doc[k]
    if tok.tag_ in ("VBN",) and tok.lower_ not in ("killed", "wounded", "injured", "captured"):
        return None
    cat = _casualty_category(tok, lex)
    if cat is not None and tok.lower_ not in lex.casualty_nouns:
        return cat
    if tok.lower_ in lex.lose_words and tok.pos_ == "VERB":
        return "lose"
    return None


def _casualty_by_parse(noun: Token, lex: _Lexicon) -> str | None:
    """Casualty verb governing the noun (or its first conjunct) in the parse."""
    tok = noun
    while tok.dep_ == "conj" and tok.head is not tok and tok.head.pos_ in ("NOUN", "PROPN", "NUM"):
        tok = tok.head
    head = tok.head
    if tok.dep_ in ("dobj", "nsubjpass", "nsubj", "attr", "appos") and head is not tok:
        cat = _casualty_category(head, lex)
        if cat is not None and not (tok.dep_ == "nsubj" and head.lemma_.lower() == "kill"):
            return cat
        if head.lemma_.lower() in ("lose", "suffer"):
            return "lose"
    for child in noun.children:
        if child.dep_ in ("acl", "amod", "relcl") and child.i > noun.i:
            cat = _casualty_category(child, lex)
            if cat is not None:
                return cat
    return None


def _in_conflict(
    sent: Span,
    cues: _SentenceCues,
    noun_class: str,
    exclude: set[str],
    lex: _Lexicon,
    casualty_verb: Token | None,
) -> bool:
    """Whether a casualty count in ``sent`` was caused by armed conflict (guidelines)."""
    conflict = cues.conflict - exclude
    if cues.non_conflict & lex.accident_words:
        return False  # deaths in crashes, sinkings, disease are not "killed", soldiers' too
    if noun_class == "personnel":
        return True
    if casualty_verb is not None and casualty_verb.lemma_.lower() in lex.state_killer_verbs:
        # "Israel killed 15 ...": a state or armed group killing is a military act
        for child in casualty_verb.children:
            if child.dep_ == "nsubj" and _actor_of_token(child, lex) is not None:
                if child.ent_type_ in ("GPE", "NORP") or child.lower_ in lex.armed_orgs:
                    conflict = conflict | {"state-actor"}
    if not conflict:
        return False
    return not (cues.non_conflict and not (conflict - lex.weak_conflict))


def _find_candidate(
    doc: Doc,
    m: NumberMatch,
    first: Token,
    last: Token,
    lex: _Lexicon,
    cue_cache: dict[int, _SentenceCues],
) -> _Candidate | None:
    sent = first.sent
    cues = _cues_for(sent, lex, cue_cache)
    nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if nxt is not None and (nxt.lower_ in lex.measure_units or nxt.lower_ in _NON_COUNT_NEXT):
        return None
    if nxt is not None and nxt.text == "-" and last.i + 2 < len(doc):
        after = doc[last.i + 2]
        if after.lower_ == "strong":  # "a 40,000-strong force"
            np = _noun_phrase_after(doc, last.i + 3, lex)
            if np and _lookup(np[-1], lex.personnel) is not None:
                return _Candidate(first.i, np[-1].i + 1, np[-1], "troop", PERSONNEL)
            return None
        if after.lower_ in lex.measure_units or after.lower_ in ("year", "old"):
            return None
    if first.ent_type_ in ("DATE", "TIME", "PERCENT", "ORDINAL", "MONEY", "QUANTITY") and not (
        first.ent_type_ == "DATE" and m.vague
    ):
        np_check = _noun_phrase_after(doc, last.i + 1, lex)
        if not np_check or _classify_noun(np_check[-1], lex) is None:
            return None

    # 1. the counted noun
    start = last.i + 1
    partitive = False
    if start < len(doc) and doc[start].lower_ == "of":
        # "thousands of troops"; "twelve of Putin's officers" (a partitive: only
        # a casualty count, "two of the tanks" alone is not a new figure)
        partitive = not (m.vague or last.lower_ in lex.vague_of_heads)
        start += 1
        while start < len(doc) and (
            doc[start].lower_ in _PARTITIVE_DETS
            or doc[start].tag_ == "POS"
            or (
                doc[start].pos_ == "PROPN"
                and start + 1 < len(doc)
                and doc[start + 1].tag_ == "POS"
            )
        ):
            start += 1
    np = _noun_phrase_after(doc, start, lex)
    noun: Token | None = None
    noun_class: str | None = None
    unit = ""
    if np:
        head = np[-1]
        classified = _classify_noun(head, lex)
        if classified is None and first.dep_ == "nummod" and first.head in np:
            head = first.head
            classified = _classify_noun(head, lex)
        if classified is None:
            # "48 cruise missiles rain ...": the tagger took the verb for a noun;
            # an earlier plural military noun in the phrase is the counted thing
            for tok in reversed(np[:-1]):
                found = _classify_noun(tok, lex)
                if found is not None and found[0] in ("equipment", "personnel"):
                    if _is_plural(tok, lex):
                        head, classified = tok, found
                        break
        if classified is None:
            # the noun phrase counts something else ("19 leaders", "24 hours",
            # "hundreds of freight cars")
            if head.lower_ not in lex.casualty_word_category:
                return None
        else:
            noun = head
            noun_class, unit = classified
            # "6,670mph missile", "10 air defense system": a singular noun after a
            # number above one is a compound modifier, not the counted thing
            if m.value != 1 and not m.vague and not _is_plural(noun, lex) and noun_class != "casualty":
                return None
            np = np[: np.index(head) + 1] if head in np else np
    end_tok = (noun.i + 1) if noun is not None else last.i + 1

    # 2. casualty context
    casualty: str | None = None
    casualty_verb: Token | None = None
    exclude: set[str] = set()
    after = _casualty_after(doc, end_tok, sent.end, lex)
    before_i = first.i
    if m.qualifier_start is not None and m.qualifier_start < m.start:
        q = doc.char_span(m.qualifier_start, m.start, alignment_mode="expand")
        if q is not None and len(q) > 0 and q.start < before_i:
            before_i = q.start
    before = _casualty_before(doc, before_i, sent.start, lex)
    if noun_class == "casualty" and noun is not None:
        casualty = lex.casualty_nouns.get(noun.lower_) or lex.casualty_nouns.get(
            _singular(noun.lower_)
        )
        unit = lex.casualty_noun_units.get(_singular(noun.lower_), "person")
        if noun.lower_ in lex.casualty_noun_units:
            unit = lex.casualty_noun_units[noun.lower_]
        if casualty == CAPTURED and end_tok + 1 < len(doc) and doc[end_tok].lower_ == "of":
            if doc[end_tok + 1].lower_ == "war":
                end_tok += 2  # "1,000 prisoners of war"
        exclude.add(noun.lower_)
    elif after is not None:
        casualty = after[0]
        if noun is None:
            end_tok = after[1]
        casualty_verb = doc[after[1] - 1]
    elif before is not None:
        casualty = before
        casualty_verb = doc[before_i - 1] if before_i > 0 else None
    else:
        anchor = noun if noun is not None else first
        by_parse = _casualty_by_parse(anchor, lex)
        if by_parse is not None:
            casualty = by_parse
            casualty_verb = anchor.head
    if casualty_verb is not None:
        exclude.add(casualty_verb.lower_)
    if casualty == "lose":
        if noun_class == "personnel":
            casualty = KILLED
        elif noun_class == "equipment":
            casualty = None
        else:
            return None
    if noun is None and casualty is None:
        casualty = _toll_or_measure(doc, first, sent, lex)
        if casualty is not None:
            unit = "person"
            if casualty == PERSONNEL:
                return _measure_personnel(doc, first, last, sent, lex)
    if noun is None:
        if casualty is None:
            return None
        noun_class = "bare"
        unit = "person"
    if partitive and casualty is None:
        return None

    # 3. category
    assert noun_class is not None
    if casualty is not None:
        if noun_class == "equipment":
            return _Candidate(first.i, end_tok, noun, unit, EQUIPMENT)
        if not _in_conflict(sent, cues, noun_class, exclude, lex, casualty_verb):
            return None
        if noun_class == "personnel" and noun is not None:
            if noun.lower_ in lex.personnel_needs_context or _singular(noun.lower_) in (
                lex.personnel_needs_context
            ):
                if not (_has_military_modifier(np, noun, lex) or cues.conflict - exclude):
                    return None
        return _Candidate(first.i, end_tok, noun, unit, casualty)
    if noun_class == "personnel" and noun is not None:
        key = _singular(noun.lower_)
        if key in lex.personnel_needs_context or noun.lower_ in lex.personnel_needs_context:
            if not _has_military_modifier(np, noun, lex):
                return None
        return _Candidate(first.i, end_tok, noun, unit, PERSONNEL)
    if noun_class == "equipment" and noun is not None:
        key = _singular(noun.lower_)
        if key in ("rocket", "launcher") and cues.space:
            return None  # rockets sent to orbit are not weapons
        if key in lex.equipment_needs_context or noun.lower_ in lex.equipment_needs_context:
            if not (_has_military_modifier(np, noun, lex) or cues.conflict - {noun.lower_}):
                return None
        return _Candidate(first.i, end_tok, noun, unit, EQUIPMENT)
    return None


def _toll_or_measure(doc: Doc, first: Token, sent: Span, lex: _Lexicon) -> str | None:
    """killed for "death toll rises to 300"; personnel for "troop levels could reach 175,000"."""
    window = doc[max(sent.start, first.i - 8) : first.i]
    text = " " + " ".join(t.lower_ for t in window) + " "
    if any(f" {w} " in text for w in lex.toll_words) and not any(
        t.like_num for t in window if t.i > sent.start
    ):
        return KILLED
    verb = first.head
    if verb.dep_ == "prep" and verb.head is not verb:
        verb = verb.head
    if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in lex.measure_verbs:
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child is not first:
                words = [child, *(c for c in child.children if c.dep_ in _MODIFIER_DEPS)]
                for w in words:
                    if _lookup(w, lex.casualty_nouns) is not None and w.lower_ not in (
                        "prisoner",
                        "prisoners",
                    ):
                        return KILLED
                for w in words:
                    if _lookup(w, lex.personnel) is not None:
                        return PERSONNEL
    return None


def _measure_personnel(
    doc: Doc, first: Token, last: Token, sent: Span, lex: _Lexicon
) -> _Candidate | None:
    verb = first.head.head if first.head.dep_ == "prep" else first.head
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child is not first:
            for w in [child, *(c for c in child.children if c.dep_ in _MODIFIER_DEPS)]:
                found = _lookup(w, lex.personnel)
                if found is not None:
                    return _Candidate(first.i, last.i + 1, w, found[1], PERSONNEL)
    return None


# ---------------------------------------------------------------------------
# Public API.


def _figure_actor(doc: Doc, cand: _Candidate, lex: _Lexicon) -> _Actor | None:
    span_tokens = doc[cand.start_tok : cand.end_tok]
    found = _actor_in_phrase((t for t in span_tokens if t is not cand.noun), lex)
    if found is not None:
        return found
    anchor = cand.noun if cand.noun is not None else doc[cand.start_tok]
    if cand.noun is not None:
        found = _noun_modifier_actor(cand.noun, lex)
        if found is not None:
            return found
        if cand.noun.ent_type_ in ("NORP", "GPE") or cand.noun.is_title:
            own = _actor_of_token(cand.noun, lex)  # "46 Russians eliminated"
            if own is not None and cand.category in CASUALTY_CATEGORIES:
                return own
    if cand.category in CASUALTY_CATEGORIES:
        # the owner of the dead is only the subject of "lose"/"suffer"
        for verb in (anchor.head, doc[cand.start_tok - 1] if cand.start_tok > 0 else anchor):
            if verb.lemma_.lower() in ("lose", "suffer") and verb.pos_ == "VERB":
                # "Putin says Russia has best army after losing 34k troops"
                return _subject_actor(verb, lex) or _walk_up_actor(
                    verb, lex, stop_at_casualty=True
                )
        return None
    return _walk_up_actor(anchor, lex, stop_at_casualty=True)


def _spending_figures(
    doc: Doc,
    money: Sequence[MoneyFigure],
    offset: int,
    lex: _Lexicon,
    cue_cache: dict[int, _SentenceCues],
    article_id: str,
) -> list[MilitaryFigure]:
    out: list[MilitaryFigure] = []
    for mf in money:
        span = doc.char_span(
            mf.start_char - offset, mf.end_char - offset, alignment_mode="expand"
        )
        if span is None or len(span) == 0:
            continue
        sent = span[0].sent
        cues = _cues_for(sent, lex, cue_cache)
        if not cues.spending:
            continue
        # Only cues near the money count: within its clause window, nearer than
        # any blocker ("losses approaching $1bn" is not spending).
        lo = max(sent.start, span.start - 8)
        hi = min(sent.end, span.end + 8)
        best_cue: int | None = None
        best_block: int | None = None
        for tok in doc[lo:hi]:
            if span.start <= tok.i < span.end:
                continue
            dist = min(abs(tok.i - span.start), abs(tok.i - (span.end - 1)))
            words = (tok.lower_, tok.lemma_.lower())
            if any(w in lex.spending_single for w in words):
                best_cue = dist if best_cue is None else min(best_cue, dist)
            if any(w in lex.spending_blockers for w in words):
                best_block = dist if best_block is None else min(best_block, dist)
        window_text = " " + " ".join(t.lower_ for t in doc[lo:hi]) + " "
        if best_cue is None and any(f" {c} " in window_text for c in lex.spending_multi):
            best_cue = 8
        if best_cue is None or (best_block is not None and best_block < best_cue):
            continue
        root = span.root
        actor = _actor_in_phrase(
            [t for t in doc[max(sent.start, span.start - 3) : span.start]], lex
        ) or _noun_modifier_actor(root.head if root.dep_ != "ROOT" else root, lex)
        if actor is None:
            actor = _walk_up_actor(root, lex, stop_at_casualty=True)
        out.append(
            MilitaryFigure(
                article_id=article_id,
                start_char=mf.start_char,
                end_char=mf.end_char,
                text=mf.text,
                value=mf.value,
                low=mf.low,
                high=mf.high,
                qualifier=mf.qualifier,
                unit="money",
                category=SPENDING,
                actor_entity_id=actor.entity_id if actor else None,
                actor_name=actor.name if actor else None,
                actor_iso3=actor.iso3 if actor else None,
                currency=mf.currency,
            )
        )
    return out


def extract_military(
    doc: Doc,
    *,
    article_id: str = "",
    money: Sequence[MoneyFigure] = (),
    offset: int = 0,
) -> list[MilitaryFigure]:
    """Military figures in ``doc`` (counts of forces, equipment, casualties; defence money).

    ``offset`` is added to every character offset (``doc`` may be one chunk of a
    longer article); ``money`` holds the article's money figures with offsets
    already in article coordinates. Figures come back in text order.
    """
    lex = _lexicon()
    _matchers(doc.vocab)  # build once per vocab, outside any memory_zone
    text = doc.text
    cue_cache: dict[int, _SentenceCues] = {}
    money_spans = [(mf.start_char - offset, mf.end_char - offset) for mf in money]
    figures: list[MilitaryFigure] = []
    used_until = -1  # token index: numbers inside an earlier figure are skipped
    for m in find_numbers(text):
        if any(s < m.end and m.start < e for s, e in money_spans):
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or len(span) == 0 or span.start < used_until:
            continue
        first, last = span[0], span[-1]
        cand = _find_candidate(doc, m, first, last, lex, cue_cache)
        if cand is None:
            continue
        used_until = cand.end_tok
        actor = _figure_actor(doc, cand, lex)
        end_char = max(doc[cand.end_tok - 1].idx + len(doc[cand.end_tok - 1]), m.end)
        figures.append(
            MilitaryFigure(
                article_id=article_id,
                start_char=m.start + offset,
                end_char=end_char + offset,
                text=text[m.start : end_char],
                value=m.value,
                low=m.low,
                high=m.high,
                qualifier=m.qualifier,
                unit=cand.unit,
                category=cand.category,
                actor_entity_id=actor.entity_id if actor else None,
                actor_name=actor.name if actor else None,
                actor_iso3=actor.iso3 if actor else None,
            )
        )
    figures.extend(_spending_figures(doc, money, offset, lex, cue_cache, article_id))
    figures.sort(key=lambda f: (f.start_char, f.end_char))
    return figures


def extract_military_mentions(
    doc: Doc, *, article_id: str = "", offset: int = 0
) -> list[MilitaryMention]:
    """Military commitments without a number ("boots on the ground", "no-fly zone")."""
    lex = _lexicon()
    built = _matchers(doc.vocab)
    matches = sorted(built.mentions(doc), key=lambda m: (m[1], -(m[2] - m[1])))
    out: list[MilitaryMention] = []
    last_end = -1
    for match_id, start, end in matches:
        if start < last_end:
            continue  # overlapping phrases: the earliest, longest one wins
        last_end = end
        span = doc[start:end]
        actor = _actor_in_phrase(doc[max(span.sent.start, start - 2) : start], lex)
        if actor is None:
            actor = _walk_up_actor(span.root, lex, stop_at_casualty=False)
        out.append(
            MilitaryMention(
                article_id=article_id,
                start_char=span.start_char + offset,
                end_char=span.end_char + offset,
                text=span.text,
                kind=built.kinds[match_id],
                actor_entity_id=actor.entity_id if actor else None,
                actor_name=actor.name if actor else None,
                actor_iso3=actor.iso3 if actor else None,
            )
        )
    return out
