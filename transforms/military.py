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
3. casualties of people who are not forces need an armed-conflict cue (in the
   sentence, the sentence before, or a war-story document) and are dropped on
   accident / disaster / crime / disease cues;
4. the actor is a country or armed organisation named in the noun phrase
   (``Russian soldiers``); for equipment or money that is sent, the recipient
   (``to Ukraine``); else the subject of the verb that deploys, loses or buys the
   counted things (``Russia loses 150 troops``); never the killer of the dead.

Money figures (from ``transforms.money``) whose clause speaks of defence or arms
become ``spending`` figures; their unit is the noun the money pays for (``deal``,
``budget``, ``sale`` ...; ``money`` when there is none) and ``currency`` is set.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transforms.entities import country_for, entity_id_for, is_demonym
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
        "thought", "said", "reported", "to", "later", "already", "either",
        "presumed", "left", "lay", "lie", "found", "since",
    }
)  # fmt: skip
# Words that keep a count from being a count of the noun after it.
_NON_COUNT_NEXT = frozenset({"th", "st", "nd", "rd", "%", "per", "percent", "pc", "times"})
_PLURAL_TAGS = frozenset({"NNS", "NNPS"})
_PARTITIVE_DETS = frozenset({"the", "its", "their", "his", "her", "these", "those", "our", "them"})
# Quote marks that headlines put inside a figure ("'several hundred' troops").
_QUOTES = frozenset({"'", '"', "\u2018", "\u2019", "\u201c", "\u201d", "`", "''", "``"})
# Number of strong conflict cue words from which a whole document reads as a war story.
_DOC_CONFLICT_MIN = 3


class _Lexicon:
    """The word lists of ``military_lexicon.json`` as sets and dicts (built once)."""

    def __init__(self, raw: dict[str, Any]) -> None:
        def words(key: str) -> frozenset[str]:
            return frozenset(w.lower() for w in raw[key])

        def table(key: str) -> dict[str, Any]:
            return {k.lower(): v for k, v in raw[key].items() if not k.startswith("_")}

        self.personnel: dict[str, str] = table("personnel_nouns")
        self.personnel_needs_context = words("personnel_needs_context")
        self.military_modifiers = words("military_modifiers")
        self.equipment: dict[str, str] = table("equipment_nouns")
        self.equipment_needs_context = words("equipment_needs_context")
        self.model_names = words("model_names")
        self.designation_prefixes: dict[str, str] = table("designation_prefixes")
        self.compound_units: dict[str, str] = table("compound_units")
        self.aircraft_fighter_modifiers = words("aircraft_fighter_modifiers")
        self.person: dict[str, str] = table("person_nouns")
        self.casualty_nouns: dict[str, str] = table("casualty_nouns")
        self.casualty_noun_units: dict[str, str] = table("casualty_noun_units")
        self.casualty_word_category: dict[str, str] = {}
        for category, cat_words in table("casualty_words").items():
            for w in cat_words:
                self.casualty_word_category[w.lower()] = category
        self.lose_words = words("lose_words")
        self.toll_words: tuple[str, ...] = tuple(raw["toll_words"])
        self.measure_verbs = words("measure_verbs")
        self.conflict_single, self.conflict_multi = _split_cues(raw["conflict_cues"])
        self.non_conflict_single, self.non_conflict_multi = _split_cues(raw["non_conflict_cues"])
        self.spending_single, self.spending_multi = _split_cues(raw["spending_cues"])
        self.spending_blockers = words("spending_blockers")
        self.spending_units = words("spending_units")
        self.spending_verb_units: dict[str, str] = table("spending_verb_units")
        self.vague_of_heads = words("vague_of_heads")
        self.measure_units = words("measure_units")
        self.non_casualty = words("non_casualty_nouns")
        self.space_cues = words("space_cues")
        self.reporting_verbs = words("reporting_verbs")
        self.armed_orgs: dict[str, str | None] = table("armed_orgs")
        self.leader_actors: dict[str, str | None] = table("leader_actors")
        self.capital_actors: dict[str, str | None] = table("capital_actors")
        self.made_in_suffixes: tuple[str, ...] = tuple(raw["made_in_suffixes"])
        self.accident_words = words("accident_words")
        self.soft_accident_words = words("soft_accident_words")
        self.strong_personnel_verbs = words("strong_personnel_verbs")
        self.weak_conflict = words("weak_conflict_cues")
        self.hostile_verbs = words("hostile_verbs")
        self.state_killer_verbs = words("state_killer_verbs")
        self.personnel_verbs = words("personnel_verbs")
        self.captivity_single, self.captivity_multi = _split_cues(raw["captivity_cues"])
        self.transfer_verbs = words("transfer_verbs")
        self.receive_verbs = words("receive_verbs")
        self.captor_release_verbs = words("captor_release_verbs")
        self.conflict_events = words("conflict_event_cues")
        self.conflict_event_multi = frozenset(w for w in self.conflict_events if " " in w)
        self.possessive_blocked_cues = words("possessive_blocked_cues")
        self.civilian_modifiers = words("civilian_modifiers")
        self.equipment_requires_modifier: dict[str, list[str]] = table(
            "equipment_requires_modifier"
        )
        self.military_single, self.military_multi = _split_cues(raw["military_words"])
        self.war_cost_heads = words("war_cost_heads")
        self.war_cost_excluded = words("war_cost_excluded")
        self.budget_nouns = words("budget_nouns")
        self.casualty_of_nouns = words("casualty_of_nouns")
        self.lives_verbs = words("lives_verbs")
        self.epistemic_verbs = words("epistemic_verbs")
        self.military_context_words = words("military_context_words")
        # string hashes (spaCy's LOWER attribute) for the one-pass document count
        from spacy.strings import hash_string  # type: ignore[attr-defined]  # cython, no stub

        def ids(ws: Iterable[str]) -> frozenset[int]:
            return frozenset(hash_string(w) for w in ws)

        self.conflict_event_ids = ids(self.conflict_events)
        self.military_context_ids = ids(
            (self.military_single | self.military_context_words) - self.conflict_events
        )
        self.non_conflict_ids = ids(self.non_conflict_single)
        self.context_equipment_nouns = words("context_equipment_nouns")
        self.casualty_modifiers: dict[str, str] = table("casualty_modifiers")
        self.aid_nouns = words("aid_nouns")
        self.captive_nouns = words("captive_nouns")
        self.military_unit_nouns = words("military_unit_nouns")
        self.deployment_preps = words("deployment_preps")
        self.count_of_heads = words("count_of_heads")
        self.headcount_of: dict[str, str] = table("headcount_of_nouns")
        self.naval_ship_prefixes = words("naval_ship_prefixes")
        self.counted_part_heads = words("counted_part_heads")
        self.back_reference_orgs: dict[str, list[str]] = table("back_reference_orgs")
        self.deploy_verbs = words("deploy_verbs")
        self.deployment_places = words("deployment_places")
        self.package_nouns = words("package_nouns")
        self.maker_words = words("maker_words")
        self.exchange_words = words("exchange_words")
        self.idiom_personnel: dict[str, str] = table("idiom_personnel")
        self.member_modifiers = words("member_modifiers")


def _split_cues(words: Iterable[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Single-token cues go in a set; multi-word cues are matched on sentence text."""
    single = {w.lower() for w in words if " " not in w}
    multi = tuple(sorted({w.lower() for w in words if " " in w}))
    return frozenset(single), multi


@functools.cache
def _lexicon() -> _Lexicon:
    with LEXICON_PATH.open(encoding="utf-8") as fh:
        raw: dict[str, Any] = json.load(fh)
    return _Lexicon(raw)


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
# Numbers: the shared grammar plus two vague forms it does not read yet.

_SCORES_RE = re.compile(r"\bscores\s+of\b", re.IGNORECASE)
_HALF_RE = re.compile(r"\bhalf\s+$", re.IGNORECASE)


def _number_matches(text: str) -> list[NumberMatch]:
    """``find_numbers`` with an adapter for "scores of" (20, over) and "half a hundred"
    (50, approx), which the shared grammar does not read (requested upstream)."""
    found = find_numbers(text)
    out: list[NumberMatch] = []
    for m in found:
        half = _HALF_RE.search(text, max(0, m.start - 6), m.start)
        if half and m.text.lower().startswith(("a ", "an ")) and not m.vague:
            m = dataclasses.replace(
                m,
                start=half.start(),
                text=text[half.start() : m.end],
                value=m.value / 2,
                qualifier="approx",
                qualifier_start=None,
            )
        out.append(m)
    for sm in _SCORES_RE.finditer(text):
        if not any(m.start < sm.end() and sm.start() < m.end for m in out):
            start, end = sm.start(), sm.start() + len("scores")
            out.append(
                NumberMatch(
                    start=start,
                    end=end,
                    text=text[start:end],
                    value=20.0,
                    low=None,
                    high=None,
                    qualifier="over",
                    qualifier_start=None,
                    vague=True,
                )
            )
    out.sort(key=lambda m: m.start)
    return out


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


def _in_words(tok: Token, words: frozenset[str]) -> bool:
    return any(k in words for k in _keys(tok))


# Weapon designations: a letter prefix, a dash and a number ("F-16s", "Su-34",
# "MiG-29K", "T-72", "Ka-52"); the prefix says what kind of weapon it is. Two or three
# digits only: "F-1", "J-1" and "H-1B" are visas (single-digit weapons are listed).
_DESIGNATION_RE = re.compile(r"^([a-z]{1,3})-(\d{1,3})[a-z]{0,2}?(s)?$")


def _designation_unit(tok: Token, lex: _Lexicon) -> str | None:
    """The kind of weapon a model designation names ("F-16s" -> jet), else None.
    One digit only after a prefix of two or more letters ("MQ-9", "Mi-8"): "F-1",
    "H-1B" and "G-7" are not weapons."""
    found = _DESIGNATION_RE.match(tok.lower_)
    if found is None or (len(found.group(2)) == 1 and len(found.group(1)) < 2):
        return None
    return lex.designation_prefixes.get(found.group(1))


def _is_model(tok: Token, lex: _Lexicon) -> bool:
    """A weapon model name or designation: counted even in the singular ("4 HIMARS")."""
    return _in_words(tok, lex.model_names) or _designation_unit(tok, lex) is not None


def _is_plural(tok: Token, lex: _Lexicon) -> bool:
    low = tok.lower_
    if tok.tag_ in _PLURAL_TAGS or "Number=Plur" in str(tok.morph):
        return True
    if low in ("personnel", "aircraft", "people", "police", "artillery", "ammunition", "dead"):
        return True
    if low in ("men", "women", "children", "servicemen", "gunmen", "militiamen", "airmen"):
        return True
    if _is_model(tok, lex):
        return True  # "4 HIMARS", "30 Gepard": model names take no plural s
    # Headlines in Title Case are often tagged NNP; trust the spelling there.
    return tok.tag_ == "NNP" and low.endswith("s") and not low.endswith("ss")


def _casualty_category(tok: Token, lex: _Lexicon) -> str | None:
    """killed / wounded / captured when ``tok`` is a casualty verb, participle or adjective."""
    for key in (tok.lower_, tok.lemma_.lower()):
        cat = lex.casualty_word_category.get(key)
        if cat:
            return cat
    return None


def _phrase_in(text: str, phrases: Iterable[str]) -> set[str]:
    return {c for c in phrases if f" {c} " in text}


@dataclass(slots=True)
class _SentenceCues:
    conflict: set[str]  # strong or weak conflict cues in the sentence itself
    context_conflict: bool  # the sentence before, or the whole document, is about conflict
    non_conflict: set[str]  # accident / disaster / crime / disease cues in the sentence
    space: bool
    accident: bool  # an accident / disease word in the sentence (crash, accidentally ...)
    spending: set[str]
    captivity: bool
    military: bool  # a military word (army, navy, troops ...) in the sentence
    # the sentence before or the whole document speaks of forces or war: generic kit
    # words ("drones", "shells", "jets") count there, as in the sentence itself
    context_military: bool = False


class _DocCues:
    """Cue words per sentence of one doc, computed lazily and cached."""

    def __init__(self, doc: Doc, lex: _Lexicon) -> None:
        self.doc = doc
        self.lex = lex
        self.by_sent: dict[int, _SentenceCues] = {}
        self._doc_conflict: bool | None = None
        self._doc_military: bool | None = None

    def _words(self, sent: Span) -> tuple[set[str], str]:
        words = [t.lower_ for t in sent]
        return set(words) | {t.lemma_.lower() for t in sent}, " " + " ".join(words) + " "

    def _count_doc(self) -> None:
        """One pass over the document's words for both document-level cues."""
        lex = self.lex
        events = disasters = military = 0
        for word in self.doc.to_array("LOWER").tolist():
            if word in lex.conflict_event_ids:
                events += 1
            elif word in lex.military_context_ids:
                military += 1
            if word in lex.non_conflict_ids:
                disasters += 1
        # a tsunami-relief story with troops in it is not a war story
        self._doc_conflict = events >= _DOC_CONFLICT_MIN and events > disasters
        # a defence-budget or arms-deal story has no battle words but military ones
        self._doc_military = self._doc_conflict or events + military >= _DOC_CONFLICT_MIN

    def doc_conflict(self) -> bool:
        """Whether the document as a whole is a war / armed-attack story."""
        if self._doc_conflict is None:
            self._count_doc()
        return bool(self._doc_conflict)

    def doc_military(self) -> bool:
        """Whether the document is about armed forces or war."""
        if self._doc_military is None:
            self._count_doc()
        return bool(self._doc_military)

    def for_sent(self, sent: Span) -> _SentenceCues:
        cached = self.by_sent.get(sent.start)
        if cached is not None:
            return cached
        lex = self.lex
        words_set, text = self._words(sent)
        # surface forms only: "the tsunami which struck" must not read as a "strike"
        lower = {t.lower_ for t in sent}
        conflict = (lower & lex.conflict_single) | _phrase_in(text, lex.conflict_multi)
        context = False
        context_military = False
        if sent.start > 0:
            # Conflict context often sits in the sentence before ("... ended in a
            # shootout. 4 Russians died"); accident cues only count in the sentence itself.
            prev_words, prev_text = self._words(self.doc[sent.start - 1].sent)
            context = bool(
                (prev_words & (lex.conflict_single - lex.weak_conflict))
                or _phrase_in(prev_text, lex.conflict_multi)
            )
            context_military = context or bool(
                prev_words & lex.military_single or _phrase_in(prev_text, lex.military_multi)
            )
        context = context or self.doc_conflict()
        # "suicide bomber", "car bomb": a conflict phrase's words are no accident cues
        accident_text = text
        for phrase in _phrase_in(text, lex.conflict_multi):
            accident_text = accident_text.replace(f" {phrase} ", " ")
        accident_words = set(accident_text.split()) if accident_text != text else words_set
        non_conflict = (words_set & lex.non_conflict_single) | _phrase_in(
            text, lex.non_conflict_multi
        )
        spending = (words_set & lex.spending_single) | _phrase_in(text, lex.spending_multi)
        captivity = bool(words_set & lex.captivity_single or _phrase_in(text, lex.captivity_multi))
        if not captivity and lower & lex.exchange_words and sent.start > 0:
            # "In the last exchange, 115 defenders came home": a swap in a war story, or
            # after a sentence about captivity, is a prisoner swap
            prev_words, prev_text = self._words(self.doc[sent.start - 1].sent)
            captivity = self.doc_conflict() or bool(
                prev_words & lex.captivity_single or _phrase_in(prev_text, lex.captivity_multi)
            )
        military = bool(words_set & lex.military_single or _phrase_in(text, lex.military_multi))
        accident_hits = (accident_words & lex.accident_words) | _phrase_in(
            accident_text, lex.accident_words
        )
        # "the Houthis have seized one ship, sunk two and killed four sailors": a
        # sinking next to a strong conflict cue is an attack, not an accident
        if (
            accident_hits
            and accident_hits <= lex.soft_accident_words
            and conflict - lex.weak_conflict
        ):
            accident_hits = set()
        cues = _SentenceCues(
            conflict=conflict,
            context_conflict=context,
            non_conflict=non_conflict,
            space=bool(words_set & lex.space_cues),
            accident=bool(accident_hits),
            spending=spending,
            captivity=captivity,
            military=military,
            context_military=context_military or self.doc_military(),
        )
        self.by_sent[sent.start] = cues
        return cues


# ---------------------------------------------------------------------------
# Actors.


@dataclass(frozen=True, slots=True)
class _Actor:
    entity_id: str
    name: str
    iso3: str | None


def _actor_for_code(code: str) -> _Actor:
    """A lexicon value: an ISO3 code ("RUS") or an organisation short name ("NATO")."""
    if len(code) == 3 and code.isupper():
        country = country_for(code)
        if country is not None:
            return _Actor(country.entity_id, country.name, country.iso3)
    return _Actor(entity_id_for("ORG", code), code, None)


def _actor_from_surface(surface: str, lex: _Lexicon, *, as_subject: bool = False) -> _Actor | None:
    text = surface.strip()
    if not text or any(text.endswith(s) for s in lex.made_in_suffixes):
        return None
    text = re.sub(r"['\u2019]s?$", "", text)
    key = re.sub(r"^the\s+", "", text.lower())
    for table in (lex.armed_orgs, lex.leader_actors) + (
        (lex.capital_actors,) if as_subject else ()
    ):
        if key in table:
            code = table[key]
            return _actor_for_code(code) if code else None
    country = country_for(text)
    if country is not None:
        return _Actor(country.entity_id, country.name, country.iso3)
    return None


def _actor_of_token(tok: Token, lex: _Lexicon, *, as_subject: bool = False) -> _Actor | None:
    """The country / armed organisation a single modifier token names, if any."""
    if tok.pos_ in ("PRON", "DET", "ADP", "PUNCT", "NUM", "AUX", "CCONJ"):
        return None
    # A multi-token entity ("United States", "South Korean") is looked up whole.
    if tok.ent_type_ in ("GPE", "NORP", "ORG", "LOC", "PERSON"):
        for ent in tok.doc.ents:
            if ent.start <= tok.i < ent.end:
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
    # lower-case words are not names, except organisations written small ("nato")
    if not any(c.isupper() for c in tok.text) and low not in lex.armed_orgs:
        return None
    if (
        tok.ent_type_ == "PERSON"
        and low not in lex.leader_actors
        and low not in lex.armed_orgs  # the tagger takes "The Houthis" for a person
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
        if tok.lower_ in ("to", "for", "with", "help") and not (
            tok.lower_ == "to"
            and k + 1 < sent.end
            and doc[k + 1].pos_ == "VERB"
            and doc[k + 1].lower_ != "help"
        ):
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
        if tok.lower_ == "with" and k - 1 >= sent.start:
            prev = doc[k - 1]
            found = _actor_of_token(prev, lex, as_subject=True)
            if found is not None:
                return found
        k -= 1
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
    actor: _Actor | None = None
    actor_known: bool = False  # actor decided while classifying (inherited, measured)


def _noun_phrase_after(doc: Doc, i: int, lex: _Lexicon) -> list[Token]:
    """Tokens of the noun phrase that starts at token ``i`` (up to its head noun)."""
    run: list[Token] = []
    j = i
    n = len(doc)
    while j < n and len(run) < 8:
        tok = doc[j]
        if tok.is_sent_start and j > i:
            break
        if tok.text in _QUOTES:
            j += 1  # "'6 More' Caesar Howitzers", 'Pskov "blue berets"'
            continue
        if tok.text in ("-", "–") and run and j + 1 < n and not doc[j - 1].whitespace_:
            run.append(tok)  # "anti-tank", "U.S.-built"; a spaced dash ends the phrase
            j += 1
            continue
        if tok.pos_ == "ADV" and j + 1 < n and doc[j + 1].text == "-" and not tok.whitespace_:
            run.append(tok)  # "well-trained troops"
            j += 1
            continue
        if (
            run
            and run[-1].tag_ in _PLURAL_TAGS
            and (run[-1].head != tok or tok.lower_ in ("prisoner", "captive", "hostage"))
            and not _is_model(run[-1], lex)
        ):  # "taken 2,000 soldiers prisoner": the count is of soldiers
            # a plural noun heads its phrase ("householders or occupiers", "troops
            # east") unless it modifies the next word ("forces members", "weapons dossier")
            break
        if tok.pos_ == "CCONJ" and run and run[-1].pos_ in ("ADJ", "NOUN", "PROPN"):
            # "Russian and Chinese warships", "guard and reserve soldiers": the phrase
            # goes on when a plural military noun follows within three words
            ahead = doc[j + 1 : min(n, j + 4)]
            if (run[-1].dep_ in ("amod", "compound", "nmod") and run[-1].head.i > j) or any(
                t.pos_ in ("NOUN", "PROPN")
                and _is_plural(t, lex)
                and (_lookup(t, lex.personnel) or _lookup(t, lex.equipment))
                for t in ahead
            ):
                run.append(tok)
                j += 1
                continue
        if (
            tok.pos_ in _NP_POS
            or (tok.tag_ in ("VBN", "VBG") and tok.dep_ in ("amod", "compound"))
            or _designation_unit(tok, lex) is not None  # "MiG-29" is often tagged PUNCT
        ):
            low = tok.lower_
            # the casualty word ends the phrase: "15 Armenians killed", "13,000 soldiers dead"
            if run and _casualty_category(tok, lex) and tok.pos_ in ("VERB", "ADJ"):
                if any(t.pos_ in ("NOUN", "PROPN") for t in run):
                    break
                if low not in lex.casualty_nouns:
                    break
            if (
                tok.pos_ == "NUM"
                and run
                and _designation_unit(tok, lex) is None  # "12 more F-35 jets"
                and not (
                    run[-1].pos_ in ("PROPN", "PUNCT") or any(c.isupper() for c in run[-1].text)
                )
            ):
                break  # "150 troops 21 tanks" (a lost comma); "PzH 2000" is a model name
            run.append(tok)
            j += 1
            continue
        break
    # The head is the last noun of the run; trailing adjectives belong to what follows.
    while (
        run
        and run[-1].pos_ not in ("NOUN", "PROPN")
        and not (
            run[-1].lower_ in lex.casualty_nouns
            or run[-1].lower_ in lex.equipment
            or _is_model(run[-1], lex)
        )
    ):
        run.pop()
    return run


def _classify_noun(tok: Token, lex: _Lexicon) -> tuple[str, str] | None:
    """(class, unit) of a head noun: personnel | equipment | person | casualty | demonym."""
    if tok.lower_ in lex.non_casualty or _singular(tok.lower_) in lex.non_casualty:
        return None
    if tok.lower_ == "lives" and tok.head.lemma_.lower() not in lex.lives_verbs:
        return None  # "claimed 50,000 lives" is a death count, "saved 50 lives" is not
    if tok.lower_ in lex.casualty_nouns and tok.pos_ == "ADJ":
        return "casualty", tok.lower_  # "300 dead", "20 wounded"
    designation = _designation_unit(tok, lex)
    if designation is not None:
        return "equipment", designation  # "six F-16s", "12 Su-34s"
    if _singular(tok.lower_) == "fighter" and any(
        c.dep_ in _MODIFIER_DEPS
        and (c.lower_ in lex.aircraft_fighter_modifiers or _is_model(c, lex))
        for c in tok.children
    ):
        return "equipment", "fighter"  # "40 J-35 stealth fighters" are aircraft
    found = _lookup(tok, lex.equipment)
    if found is not None:
        return "equipment", found[1]
    found = _lookup(tok, lex.personnel)
    if found is not None and found[0] not in ("man", "men", "member", "police"):
        return "personnel", found[1]
    if found is not None and found[0] == "member" and _member_of_forces(tok, lex):
        return "personnel", "member"  # "1,500 service members", "National Guard members"
    found = _lookup(tok, lex.casualty_nouns)
    if found is not None:
        return "casualty", found[0]
    found = _lookup(tok, lex.person)
    if found is not None:
        return "person", found[1]
    if (tok.is_title or tok.is_upper) and is_demonym(tok.text):
        return "demonym", "person"  # "15 Armenians killed", "25,000 Russians"
    return None


def _member_of_forces(tok: Token, lex: _Lexicon) -> bool:
    """Whether "members" is modified by a forces word ("service", "National Guard")."""
    return tok.lower_ in ("member", "members") and any(
        c.dep_ in ("compound", "amod") and c.lower_ in lex.member_modifiers for c in tok.children
    )


def _compound_unit(np: Sequence[Token], unit: str, lex: _Lexicon) -> str:
    """A two- or three-word unit the lexicon keeps whole ("air defence systems" -> air
    defence system, "crew members" -> crew member); else ``unit``."""
    if not np:
        return unit
    head = _singular(np[-1].lower_)
    for width in (2, 1):
        if len(np) <= width:
            continue
        words = " ".join(t.lower_ for t in np[-1 - width : -1]).replace(" - ", "-")
        found = lex.compound_units.get(f"{words} {head}")
        if found is not None:
            return found
    return unit


def _choose_head(
    np: list[Token], first: Token, lex: _Lexicon
) -> tuple[Token, tuple[str, str]] | None:
    """The counted noun of a phrase and its class: normally the last noun; a model
    name earlier in the phrase wins over an unknown last word ("3 MLRS M270
    installations"); a mis-tagged verb at the end is skipped ("48 cruise missiles rain")."""
    head = np[-1]
    classified = _classify_noun(head, lex)
    if classified is not None and _in_words(head, lex.equipment_needs_context):
        # "nine HIMARS MLRS and similar systems": the model name says what is counted
        # ("36 Rafale jets" keeps its head: the model names the same kind of thing)
        for tok in np[:-1]:
            if _is_model(tok, lex):
                found = _classify_noun(tok, lex)
                if found is None or found[1] == classified[1]:
                    continue
                if classified[1] in lex.counted_part_heads:
                    if found[1].endswith(classified[1]):
                        return head, found  # "nine HIMARS launchers" -> rocket launcher
                    break  # "48 Patriot launchers" counts launchers, not systems
                return tok, found
    if classified is not None:
        return head, classified
    if first.dep_ == "nummod" and first.head in np and first.head != head:
        classified = _classify_noun(first.head, lex)
        if classified is not None:
            return first.head, classified
    for tok in reversed(np[:-1]):
        found = _classify_noun(tok, lex)
        if found is None or found[0] not in ("equipment", "personnel"):
            continue
        if _designation_unit(tok, lex) is not None:
            continue  # "12 T-20 matches": a designation before another noun is a modifier
        if _in_words(tok, lex.model_names):
            return tok, found
        # a plural noun that is not a modifier inside the phrase is its real head
        # ("48 cruise missiles rain", "troops east"); "weapons tycoons" stays out
        if _is_plural(tok, lex) and (head.dep_ == "ROOT" or tok.head not in np):
            return tok, found
    return None


def _has_military_modifier(
    np: Sequence[Token], head: Token, lex: _Lexicon, *, country_counts: bool = False
) -> bool:
    """A military word in the phrase ("armoured vehicles", "senior Russian officers").
    A country alone counts for equipment ("27 Chinese planes") but not for people
    ("5 Georgia officers" may be police)."""
    words = {t.lower_ for t in np if t != head}
    words |= {c.lower_ for c in head.children if c.dep_ in _MODIFIER_DEPS}
    # place names do not make people military ("5 Georgia officers"); demonyms
    # written as adjectives do ("Ukrainian recruits", "Russian officers")
    places = {w for w in words if country_for(w) is not None and not is_demonym(w)}
    if (words - places) & lex.military_modifiers or any(is_demonym(w) for w in words - places):
        return True
    return country_counts and any(_actor_of_token(t, lex) is not None for t in np if t != head)


def _military_nearby(doc: Doc, tok: Token, lex: _Lexicon, width: int = 12) -> bool:
    """A military or armed-conflict word within ``width`` tokens of ``tok`` in its
    sentence (the clause, roughly): "former army captain ... to 60 aircraft" is too far."""
    sent = tok.sent
    for other in doc[max(sent.start, tok.i - width) : min(sent.end, tok.i + width + 1)]:
        if other.i == tok.i:
            continue
        low = other.lower_
        # institutions and events only: "jets" next to "aircraft" says nothing
        if low in lex.military_single or low in lex.conflict_events:
            return True
    return False


def _equipment_ok(
    doc: Doc,
    np: Sequence[Token],
    noun: Token,
    lex: _Lexicon,
    cues: _SentenceCues,
    *,
    after_military: bool = False,
) -> bool:
    """Whether an equipment noun counts military kit here: never with a civilian
    modifier ("Airbus A380 freight-carrying jets"), rockets never with a space cue,
    generic words only with a military modifier, a model name, a military word nearby,
    or right after another military figure ("120 personnel and two helicopters")."""
    words = {t.lower_ for t in np} | {c.lower_ for c in noun.children}
    # "5 million rounds of ammunition": the "of" object names the kind of thing
    of_words = {p.lower_ for c in noun.children if c.lower_ == "of" for p in c.children}
    words |= of_words
    if words & lex.civilian_modifiers:
        return False
    key = _singular(noun.lower_)
    if key in ("rocket", "launcher") and cues.space:
        return False  # rockets sent to orbit are not weapons
    required = lex.equipment_requires_modifier.get(key)
    if required is not None and not words & set(required):
        return False  # "99 separate targets" of a cyber attack
    if _in_words(noun, lex.equipment_needs_context):
        return (
            bool(words & lex.model_names)
            or bool(of_words & lex.military_modifiers)
            or _has_military_modifier(np, noun, lex, country_counts=True)
            or _military_nearby(doc, noun, lex)
            or after_military
            or (cues.context_military and _in_words(noun, lex.context_equipment_nouns))
            or any(_is_model(t, lex) for t in np)
        )
    return True


def _casualty_after(
    doc: Doc, j: int, sent_end: int, lex: _Lexicon, noun_class: str | None
) -> tuple[str, int] | None:
    """Casualty word after a phrase ending before token ``j``: "5 soldiers were
    injured", "13,000 Russian soldiers dead", "300 policemen, 600 soldiers, 3,000
    civilians dead" (a list sharing one casualty word)."""
    k = j
    hops = 0
    while k < sent_end and hops < 16:
        tok = doc[k]
        low = tok.lower_
        if low in _AUX_WORDS or tok.text in _QUOTES:
            k += 1
            hops += 1
            continue
        if (
            low in ("shot", "stabbed", "beaten", "burned", "gunned")
            and k + 1 < sent_end
            and doc[k + 1].lower_ in ("dead", "down")
        ):
            return KILLED, k + 2
        if (
            low == "taken"
            and k + 1 < sent_end
            and doc[k + 1].lower_
            in (
                "prisoner",
                "prisoners",
                "captive",
                "hostage",
            )
        ):
            return CAPTURED, k + 2
        if (
            low in ("lost", "losing", "gave", "give", "giving")
            and k + 2 < sent_end
            and doc[k + 1].lower_ in ("their", "his", "her")
            and doc[k + 2].lower_ in ("lives", "life")
        ):
            return KILLED, k + 3
        if (
            low == "treated"
            and k + 2 < sent_end
            and doc[k + 1].lower_ == "for"
            and doc[k + 2].lower_ in ("injuries", "wounds", "burns", "shrapnel")
        ):
            return WOUNDED, k + 3  # "55 people were being treated for injuries"
        if low == "down" and noun_class == "personnel":
            return KILLED, k + 1  # "10 generals down"
        if tok.pos_ in ("VERB", "ADJ", "NOUN") or tok.tag_ in ("VBN", "VBD", "JJ"):
            cat = _casualty_category(tok, lex)
            if (
                cat is not None
                and low not in ("kill", "kills", "wound", "wounds", "gun")
                and (tok.tag_ not in ("VBZ", "VBP", "VB") or low in ("die", "dies"))
                # "sunk two and killed four sailors": an active verb with its own object
                and not (tok.tag_ == "VBD" and any(c.dep_ == "dobj" for c in tok.children))
            ):
                return cat, k + 1
        # A list of counts sharing the casualty word: skip ", 600 soldiers, more than"
        if (
            low in (",", "and", "or", "more", "than", "over", "some", "about", "nearly")
            or tok.like_num
        ):
            k += 1
            hops += 1
            continue
        if tok.pos_ in ("NOUN", "PROPN", "ADJ") and hops and doc[k - 1].like_num:
            k += 1
            hops += 1
            continue
        break
    return None


def _casualty_before(doc: Doc, i: int, sent_start: int, lex: _Lexicon) -> tuple[str, Token] | None:
    """Casualty verb right before the number or its qualifier ("killing at least 29",
    "Gun Down 11 Civilians", "Detained Hundreds")."""
    k = i - 1
    while k >= sent_start and (doc[k].lower_ in ("another", "a", "further", "some", "all")
                               or doc[k].text in _QUOTES):  # fmt: skip
        k -= 1
    if k < sent_start:
        return None
    tok = doc[k]
    if tok.lower_ == "of" and k - 1 >= sent_start and doc[k - 1].lower_ in lex.casualty_of_nouns:
        return KILLED, doc[k - 1]  # "the massacre of 8,000 men"
    if tok.lower_ == "down" and k - 1 >= sent_start:
        prev = doc[k - 1]
        if prev.lemma_.lower() in ("gun", "mow", "cut", "shoot") or prev.lower_ in (
            "gunned",
            "mowed",
            "shot",
        ):
            return KILLED, prev
        return None
    if tok.tag_ == "VBN" and tok.lower_ not in (
        "killed",
        "wounded",
        "injured",
        "captured",
        "detained",
    ):
        return None
    cat = _casualty_category(tok, lex)
    if (
        cat is not None
        and (tok.lower_ not in lex.casualty_nouns or tok.pos_ == "VERB")  # "wounded 172"
        and tok.lower_ not in ("held", "gun")
    ):
        return cat, tok
    if tok.lower_ in lex.lose_words and tok.pos_ == "VERB":
        return "lose", tok
    return None


def _counted_anchor(noun: Token, lex: _Lexicon) -> Token:
    """The token that stands for the whole count in the parse: the first conjunct of a
    list ("men, women and children"), and through a vague head ("tens of thousands of
    men" -> "thousands", "some of the 300 soldiers" is not climbed)."""
    tok = noun
    for _ in range(6):
        if tok.dep_ == "conj" and tok.head != tok and tok.head.pos_ in ("NOUN", "PROPN", "NUM"):
            tok = tok.head
            continue
        if (
            tok.dep_ == "pobj"
            and tok.head.lower_ == "of"
            and tok.head.head != tok.head
            and (tok.head.head.like_num or tok.head.head.lower_ in lex.vague_of_heads)
        ):
            tok = tok.head.head
            continue
        break
    return tok


_KILLER_LEMMAS = frozenset({"kill", "gun", "murder", "massacre", "slaughter"})


def _killer_clause(verb: Token) -> bool:
    """Whether ``verb`` is an active transitive verb: its subject does the killing
    ("gunmen who killed 12 people"), so the subject is not a casualty."""
    if any(c.dep_ == "dobj" for c in verb.children):
        return True
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    return verb.lemma_.lower() in _KILLER_LEMMAS and not passive


def _casualty_by_parse(noun: Token, lex: _Lexicon) -> tuple[str, Token] | None:
    """Casualty verb governing the noun (or its first conjunct, or the vague count it
    hangs on) in the parse: active and passive ("killed seven people", "800,000 people
    were killed by ...", "tens of thousands of men, women and children died"), through
    an epistemic verb ("20,000 people are thought to have died"), or in a relative
    clause ("six million people who perished")."""
    tok = _counted_anchor(noun, lex)
    head = tok.head
    if tok.dep_ in ("dobj", "nsubjpass", "nsubj", "attr", "appos") and head != tok:
        cat = _casualty_category(head, lex)
        killer = tok.dep_ == "nsubj" and _killer_clause(head)
        if cat is not None and not killer and head.lower_ not in ("held", "hold"):
            return cat, head
        if head.lemma_.lower() in ("lose", "suffer"):
            return "lose", head
        if tok.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in lex.epistemic_verbs:
            for child in head.children:
                if child.dep_ == "xcomp":
                    cat = _casualty_category(child, lex)
                    if cat is not None and not _killer_clause(child):
                        return cat, child
    for child in (*noun.children, *(tok.children if tok is not noun else ())):
        if child.dep_ in ("acl", "amod", "relcl") and child.i > noun.i:
            cat = _casualty_category(child, lex)
            if child.dep_ == "relcl" and _killer_clause(child):
                continue  # "the militiamen who killed 40 villagers": the killers
            if cat is not None and child.lower_ not in ("held",):
                return cat, child
    return None


def _in_conflict(
    cues: _SentenceCues,
    category: str,
    noun_class: str,
    exclude: set[str],
    lex: _Lexicon,
    casualty_verb: Token | None,
) -> bool:
    """Whether a casualty count was caused by armed conflict (guidelines): accidents,
    disasters, crime and disease are not; forces' deaths need no further cue."""
    own = cues.conflict - exclude
    if cues.accident:
        return False  # deaths in crashes, sinkings, disease: not "killed", soldiers' too
    if casualty_verb is not None and (
        casualty_verb.lemma_.lower() in lex.state_killer_verbs
        or (category == CAPTURED and casualty_verb.lemma_.lower() in ("take", "seize", "hold"))
        or (category == CAPTURED and casualty_verb.lemma_.lower() in lex.captor_release_verbs)
    ):  # "Israel has released 90 detainees": a state frees its captives
        # "Israel killed 15 ..., detained hundreds": a state or armed group killing or
        # detaining is a military act (the subject may sit on the first conjunct)
        verbs = [casualty_verb]
        if casualty_verb.dep_ == "conj":
            verbs.append(casualty_verb.head)
        for verb in verbs:
            # a state kills or detains; for taking and holding captives a side's
            # forces count too ("Israeli forces took 1,200 prisoners")
            take_or_hold = verb.lemma_.lower() in ("take", "seize", "hold")
            if (take_or_hold and _armed_subject(verb, lex)) or any(
                c.dep_ == "nsubj" and _actor_of_token(c, lex, as_subject=True)
                for c in verb.children
            ):
                own = own | {"state-actor"}
    if cues.non_conflict:
        # a disaster or crime in the sentence: only a strong cue in the sentence itself
        # wins, and the army or troops sent to help after a flood are no such cue
        return bool(own - lex.weak_conflict - lex.military_single)
    if noun_class == "personnel":
        return True
    if category == CAPTURED:
        # "held", "detained" are also what police and courts do: the sentence itself
        # must speak of war or captivity, or a state or armed group is the captor
        return (
            bool(own & (lex.conflict_events | {"state-actor"}))
            or cues.captivity
            # "1,000 Palestinian prisoners", "59 hostages" in a war story
            or (noun_class == "casualty" and cues.context_conflict)
        )
    return bool(own) or cues.context_conflict


def _find_candidate(
    doc: Doc,
    m: NumberMatch,
    first: Token,
    last: Token,
    lex: _Lexicon,
    doc_cues: _DocCues,
    previous: _Candidate | None,
) -> _Candidate | None:
    sent = first.sent
    cues = doc_cues.for_sent(sent)
    n = len(doc)
    nxt_i = last.i + 1
    while nxt_i < n and doc[nxt_i].text in _QUOTES:
        nxt_i += 1
    nxt = doc[nxt_i] if nxt_i < n else None
    if nxt is not None and (nxt.lower_ in lex.measure_units or nxt.lower_ in _NON_COUNT_NEXT):
        return None
    if nxt is not None and nxt.text == "-" and nxt_i + 1 < n:
        after = doc[nxt_i + 1]
        if after.lower_ == "strong":  # "a 40,000-strong force", "million-strong army"
            np = _noun_phrase_after(doc, nxt_i + 2, lex)
            if np and _lookup(np[-1], lex.personnel) is not None:
                return _Candidate(first.i, np[-1].i + 1, np[-1], "troop", PERSONNEL)
            return None
        if after.lower_ in lex.measure_units or after.lower_ in ("year", "old"):
            return None
    if first.ent_type_ == "DATE" and re.fullmatch(r"(1[89]|20)\d\d", m.text):
        return None  # "the September 2002 weapons dossier": a year, not a count
    if (
        first.ent_type_ in ("DATE", "TIME", "PERCENT", "ORDINAL", "MONEY", "QUANTITY")
        and not m.vague
        and _casualty_before(doc, first.i, sent.start, lex) is None
    ):
        np_check = _noun_phrase_after(doc, nxt_i, lex)
        if not np_check or _choose_head(np_check, first, lex) is None:
            return None

    # 1. the counted noun
    start = nxt_i
    partitive = False
    if start < n and doc[start].lower_ == "of":
        # "thousands of troops"; "twelve of Putin's officers" (a partitive: only a
        # casualty count, "two of the tanks" alone is not a new figure)
        partitive = not (m.vague or last.lower_ in lex.vague_of_heads)
        if (
            partitive
            and first.i > 0
            and doc[first.i - 1].lower_ == "all"
            and start + 1 < n
            and doc[start + 1].lower_ in ("its", "their", "his", "her", "our")
        ):
            partitive = False  # "donated all 19 of its Caesar howitzers": the whole stock
        if partitive and start + 1 < n and doc[start + 1].like_num:
            return None  # "one of four Britons": the count is the inner number
        start += 1
        while start < n and (
            doc[start].lower_ in _PARTITIVE_DETS
            or doc[start].tag_ == "POS"
            or doc[start].text in _QUOTES
            or (doc[start].pos_ == "PROPN" and start + 1 < n and doc[start + 1].tag_ == "POS")
        ):
            start += 1
    np = _noun_phrase_after(doc, start, lex)
    if (
        np
        and _in_words(np[-1], lex.count_of_heads)
        and np[-1].i + 2 < n
        and doc[np[-1].i + 1].lower_ == "of"
    ):
        # "120 pieces of artillery": the count is of the thing after "of"
        inner = _noun_phrase_after(doc, np[-1].i + 2, lex)
        inner_head = _choose_head(inner, first, lex) if inner else None
        if inner_head is not None and inner_head[1][0] == "equipment":
            np = [*np, doc[np[-1].i + 1], *inner[: inner.index(inner_head[0]) + 1]]
    if np:
        idiom = " ".join(t.lower_ for t in doc[np[-1].i : np[-1].i + 4])
        if idiom in lex.idiom_personnel:  # "10,000 boots on the ground"
            return _Candidate(first.i, np[-1].i + 1, np[-1], lex.idiom_personnel[idiom], PERSONNEL)
    noun: Token | None = None
    noun_class: str | None = None
    unit = ""
    if np:
        chosen = _choose_head(np, first, lex)
        if chosen is None:
            # the noun phrase counts something else ("19 leaders", "24 hours",
            # "hundreds of freight cars")
            if np[-1].lower_ not in lex.casualty_word_category:
                return _measured(doc, first, last, lex, np)
        else:
            noun, (noun_class, unit) = chosen
            # "6,670mph missile", "10 air defense system": a singular noun after a
            # number above one is a compound modifier, not the counted thing
            if (
                m.value != 1
                and (not m.vague or noun_class == "casualty")
                and not _is_plural(noun, lex)
                and not (noun_class == "casualty" and noun.pos_ == "ADJ")
            ):
                return None  # ("20 dead" is fine: an adjective used as a noun)
            np = np[: np.index(noun) + 1]
            unit = _compound_unit(np, unit, lex)
            if noun_class in ("person", "demonym") and any(
                c.dep_ == "conj"
                and (_lookup(c, lex.person) or ("", unit))[1] != unit
                and _classify_noun(c, lex) is not None
                for c in noun.children
            ):
                unit = "person"  # "men, women and children", "Tutsis and moderate Hutus"
    end_tok = (noun.i + 1) if noun is not None else last.i + 1
    if noun is None and not partitive:
        headcount = _headcount_before(doc, first, sent, lex, cues)
        if headcount is not None:
            return _Candidate(first.i, end_tok, None, headcount, PERSONNEL)

    after_military = (
        previous is not None
        and previous.category in (PERSONNEL, EQUIPMENT)
        and doc[previous.start_tok].sent == sent
        and first.i - previous.end_tok <= 3
    )

    # 2. casualty context
    casualty: str | None = None
    casualty_verb: Token | None = None
    exclude: set[str] = set()
    before_i = first.i
    if m.qualifier_start is not None and m.qualifier_start < m.start:
        q = doc.char_span(m.qualifier_start, m.start, alignment_mode="expand")
        if q is not None and len(q) > 0 and q.start < before_i:
            before_i = q.start
    before = _casualty_before(doc, before_i, sent.start, lex)
    if noun_class == "casualty" and noun is not None:
        key = noun.lower_ if noun.lower_ in lex.casualty_nouns else _singular(noun.lower_)
        casualty = lex.casualty_nouns.get(key)
        unit = lex.casualty_noun_units.get(key, "person")
        if (
            casualty == CAPTURED
            and end_tok + 1 < n
            and doc[end_tok].lower_ == "of"
            and doc[end_tok + 1].lower_ == "war"
        ):
            end_tok += 2  # "1,000 prisoners of war"
        exclude.add(noun.lower_)
        if (
            casualty == CAPTURED
            and noun.dep_ == "dobj"
            and noun.head.lemma_.lower() in ("take", "capture", "seize")
            and _armed_subject(noun.head, lex)
        ):
            casualty_verb = noun.head  # "Israeli forces took 1,200 prisoners"
    elif before is not None:
        casualty, casualty_verb = before
    else:
        following = _casualty_after(doc, end_tok, sent.end, lex, noun_class)
        if following is not None:
            casualty = following[0]
            casualty_verb = doc[following[1] - 1]
            if noun is None and following[1] == end_tok + 1:
                end_tok = following[1]  # "12 captured", "300 dead"
        else:
            anchor = noun if noun is not None else first
            by_parse = _casualty_by_parse(anchor, lex)
            if by_parse is not None:
                casualty, casualty_verb = by_parse
    if (
        casualty is None
        and noun is not None
        and end_tok < n
        and doc[end_tok].lower_ in ("prisoner", "prisoners", "captive", "captives", "hostage")
        and before_i > sent.start
        and doc[before_i - 1].lemma_.lower() == "take"
    ):
        casualty, casualty_verb = CAPTURED, doc[before_i - 1]  # "taken 2,000 soldiers prisoner"
    if casualty is None and noun_class in ("personnel", "person", "demonym"):
        # "500 fallen soldiers", "1,000 captured fighters": the phrase says it
        for tok in np[:-1]:
            cat = lex.casualty_modifiers.get(tok.lower_)
            if cat is not None:
                casualty, casualty_verb = cat, tok
                break
    if casualty is None:
        shared = _shared_casualty(doc, before_i, sent, noun, previous, lex)
        if shared is not None:
            casualty = shared
    if casualty_verb is not None:
        exclude.add(casualty_verb.lower_)
        if (
            casualty_verb.lemma_.lower() == "hold"
            and not cues.captivity
            and not (cues.context_conflict and _armed_subject(casualty_verb, lex))
        ):
            return None  # "held without trial" by a court is not a capture in war
    if casualty == "lose":
        if noun_class == "personnel" or (
            noun_class == "person"
            and casualty_verb is not None
            and _unit_subject(casualty_verb, lex)
        ):
            # "Russia loses 150 troops" (see docs/military.md); "the brigade lost 23 men"
            casualty = KILLED
        elif noun_class == "equipment":
            casualty = None
        else:
            return None
    if (
        casualty is None
        and noun is not None
        and _in_words(noun, lex.captive_nouns)
        and noun.dep_ in ("dobj", "nsubjpass")
        and noun.head.lemma_.lower() in lex.captor_release_verbs
    ):
        # "Israel has released 90 Palestinian detainees": people freed by a side in a
        # conflict were its captives (the conflict test below keeps courts out)
        casualty, casualty_verb = CAPTURED, noun.head
    if (
        casualty is None
        and noun is not None
        and noun_class in ("personnel", "person", "demonym")
        and noun.dep_ == "dobj"
        and noun.head.lemma_.lower() == "hold"
        and (cues.captivity or cues.context_conflict)
        and _armed_subject(noun.head, lex)
    ):
        # "Israel is holding 10,000 Palestinians", "Russia holds 2,000 Ukrainian soldiers":
        # a side holding people in a war holds captives (courts and police do not count)
        casualty, casualty_verb = CAPTURED, noun.head
    if casualty is None and cues.captivity and noun_class in ("personnel", "person", "demonym"):
        casualty = CAPTURED  # "returns 144 soldiers from Russian captivity"
    if noun is None and casualty is None:
        measured = _measured(doc, first, last, lex, np)
        if measured is not None and measured.category == KILLED:
            # "Covid death toll hits 578,000": tolls obey the armed-conflict rule too
            noun_kind = "personnel" if measured.unit == "soldier" else "bare"
            if not _in_conflict(cues, KILLED, noun_kind, exclude, lex, None):
                return None
        return measured
    inherited: _Candidate | None = None
    if noun is None:
        if before_i > sent.start and doc[before_i - 1].lower_ in ("the", "these", "those"):
            return None  # "the 12 were being held": a back-reference, not a new count
        if (
            before_i - 2 >= sent.start
            and doc[before_i - 2].lower_ == "of"
            and doc[before_i - 1].lower_ in ("which", "them", "these", "those", "whom")
            and not (previous is not None and previous.category in CASUALTY_CATEGORIES)
        ):
            # "launched 145 drones, of which 85 were shot down": a part of kit or forces
            # counted before, not people (a part of the dead is handled as a subset)
            return None
        noun_class = "bare"
        unit = "person"
        # "15 Armenians killed, 12 captured": the bare count shares the noun before it
        if (
            previous is not None
            and previous.noun is not None
            and previous.noun.sent == sent
            and previous.category in CASUALTY_CATEGORIES
            and previous.noun.i < first.i
        ):
            # the actor carries over, and so does the unit of a people or forces noun
            # in the "N killed, M wounded" form ("62 civilians were killed and 180
            # wounded", "300 soldiers killed and 2,700 wounded"; not "Killed 15 Kids,
            # Detained Hundreds")
            inherited = previous
            if previous.unit == "person" or (
                end_tok > last.i + 1
                and previous.noun.tag_ in _PLURAL_TAGS
                and (_lookup(previous.noun, lex.person) or _lookup(previous.noun, lex.personnel))
            ):
                unit = previous.unit
        if inherited is None:
            person = _person_noun_before(doc, first, sent, lex)
            if person == "-":
                return None  # animals and property are never casualties
            if person is not None:
                unit = person
    if partitive and casualty is None:
        return None
    assert noun_class is not None

    # 3. category
    if casualty is not None:
        if noun_class == "equipment" and noun is not None:
            # lost, destroyed or captured kit is still counted kit
            if not _equipment_ok(doc, np, noun, lex, cues, after_military=after_military):
                return None
            return _Candidate(first.i, end_tok, noun, unit, EQUIPMENT)
        if not _in_conflict(cues, casualty, noun_class, exclude, lex, casualty_verb):
            return None
        if (
            noun_class == "personnel"
            and noun is not None
            and _in_words(noun, lex.personnel_needs_context)
            and not (
                _has_military_modifier(np, noun, lex)
                or cues.conflict - exclude
                or cues.context_conflict
            )
        ):
            return None
        cand = _Candidate(first.i, end_tok, noun, unit, casualty)
        if inherited is not None:
            cand.actor, cand.actor_known = inherited.actor, True
        return cand
    if noun_class in ("person", "demonym") and noun is not None:
        # "thousands of young civilians are drafted into the military"
        head = noun.head
        if noun.dep_ == "pobj" and head.lower_ == "of":
            head = head.head.head if head.head.dep_ in ("nsubjpass", "dobj") else head.head
        verb = head.lemma_.lower()
        if verb in lex.personnel_verbs and (
            cues.military or cues.context_military or verb in lex.strong_personnel_verbs
        ):  # "the junta plans to conscript 5,000 young men"
            return _Candidate(first.i, end_tok, noun, unit, PERSONNEL)
        return _measured(doc, first, last, lex, np)
    if noun_class == "personnel" and noun is not None:
        if _in_words(noun, lex.personnel_needs_context) and not (
            _has_military_modifier(np, noun, lex)
            or cues.military
            or _member_of_forces(noun, lex)
            or _armed_org_in(sent, lex)  # "The SDF, which has 60,000 fighters"
            or (
                # "Berlin has moved some 200 engineers to the site" in a story of forces
                cues.context_military
                and _counted_anchor(noun, lex).head.lemma_.lower()
                in lex.deploy_verbs | lex.personnel_verbs  # "had recruited 50,000 volunteers"
                # "confine one terrorist only to recruit 10 unknown terrorists" is
                # rhetoric: attackers and gunmen keep needing a conflict cue of their own
                and not _in_words(noun, _ATTACKER_NOUNS)
            )
        ):
            return None
        return _Candidate(first.i, end_tok, noun, unit, PERSONNEL)
    if noun_class == "equipment" and noun is not None:
        if not _equipment_ok(doc, np, noun, lex, cues, after_military=after_military):
            return None
        return _Candidate(first.i, end_tok, noun, unit, EQUIPMENT)
    return None


def _armed_subject(verb: Token, lex: _Lexicon) -> bool:
    """Whether the subject of ``verb`` is a side's forces or a state ("Israeli forces",
    "the army", "Ukraine", "the Houthis")."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects and verb.dep_ == "xcomp":
        # "JNIM is believed to be holding 20 foreigners": the subject of "believed"
        subjects = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    for child in subjects:
        if (
            _in_words(child, lex.military_unit_nouns)
            or child.lower_ in ("troops", "soldiers")
            or _actor_of_token(child, lex, as_subject=True) is not None
        ):
            return True
    return False


def _armed_org_in(sent: Span, lex: _Lexicon) -> bool:
    """Whether the sentence names an armed group ("SDF", "Hamas", "RSF"); the UN, the
    EU and institutions the lexicon maps to no one do not count."""
    for tok in sent:
        if tok.is_upper or tok.is_title:
            code = lex.armed_orgs.get(tok.lower_)
            if code and code not in ("UN", "EU"):
                return True
    return False


_ATTACKER_NOUNS = frozenset({"terrorist", "gunman", "gunmen", "sniper"})

_HEADCOUNT_QUALIFIERS = frozenset(
    {"about", "around", "some", "nearly", "almost", "over", "more", "than", "up", "to", "at",
     "least", "roughly", "approximately"}
)  # fmt: skip


def _headcount_before(
    doc: Doc, first: Token, sent: Span, lex: _Lexicon, cues: _SentenceCues
) -> str | None:
    """Unit of a force named before its size ("a crew of 175", "a force of 5,000"),
    or None. A ship's crew counts only on a warship or beside a military word: the
    crew of a seized merchant ship is not personnel."""
    k = first.i - 1
    while k > sent.start and doc[k].lower_ in _HEADCOUNT_QUALIFIERS:
        k -= 1  # "a crew of about 5,000"
    if k - 1 < sent.start or doc[k].lower_ != "of":
        return None
    noun = doc[k - 1]
    unit = lex.headcount_of.get(noun.lower_)
    if unit is None or noun.tag_ in _PLURAL_TAGS:
        return None
    if unit == "crew":
        warship = any(t.lower_ in lex.naval_ship_prefixes for t in sent)
        return unit if cues.military or warship else None
    return unit if cues.military or cues.context_military else None


def _unit_subject(verb: Token, lex: _Lexicon) -> bool:
    """Whether the subject of ``verb`` is a military unit ("the brigade lost 23 men")."""
    return any(c.dep_ == "nsubj" and _in_words(c, lex.military_unit_nouns) for c in verb.children)


def _shared_casualty(
    doc: Doc,
    before_i: int,
    sent: Span,
    noun: Token | None,
    previous: _Candidate | None,
    lex: _Lexicon,
) -> str | None:
    """A count that shares the casualty of another: a subset ("killed 43 people,
    including 17 children"), a second conjunct ("12 marines captured ... and eight
    soldiers"), or a list after "among the dead were" ("among the dead were nine aid
    workers")."""
    # "among the dead / wounded / injured / killed were ..."
    k = before_i - 1
    while k >= sent.start and doc[k].lower_ in ("were", "was", "are", "is", "also"):
        k -= 1
    if (
        k - 2 >= sent.start
        and doc[k - 2].lower_ == "among"
        and doc[k - 1].lower_ == "the"
        and doc[k].lower_ in lex.casualty_nouns
    ):
        return lex.casualty_nouns[doc[k].lower_]
    if (
        previous is None
        or previous.category not in CASUALTY_CATEGORIES
        or doc[previous.start_tok].sent != sent
    ):
        return None
    if before_i - 1 >= sent.start and doc[before_i - 1].lower_ in ("including", "among"):
        return previous.category
    if (
        before_i - 2 >= sent.start
        and doc[before_i - 2].lower_ == "of"
        and doc[before_i - 1].lower_ in ("whom", "them", "which", "these", "those")
    ):
        return previous.category  # "killed 40 people, of whom 12 were children"
    if (
        noun is not None
        and previous.noun is not None
        and noun.dep_ == "conj"
        and noun.head == previous.noun
    ):
        return previous.category
    return None


def _person_noun_before(doc: Doc, first: Token, sent: Span, lex: _Lexicon) -> str | None:
    """Unit of a bare casualty count from a plural people noun earlier in the clause
    ("forces fire on civilians, killing 14" -> civilian)."""
    for k in range(first.i - 1, max(sent.start, first.i - 8) - 1, -1):
        tok = doc[k]
        if tok.pos_ in ("NOUN", "PROPN") and _is_plural(tok, lex):
            if any(c.dep_ == "nummod" for c in tok.children):
                return None  # "15 Palestinian Kids, Detained Hundreds": another group
            if _in_words(tok, lex.non_casualty):
                return "-"  # "killing 91 foxes - only four were killed by hounds"
            found = _lookup(tok, lex.person)
            if found is not None:
                return found[1]
            if _lookup(tok, lex.personnel) is not None:
                return None
    return None


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
    if prev.lower_ in ("to", "from") and prev.dep_ == "prep" and prev.head != prev:
        return prev.head
    return head


def _measured(
    doc: Doc, first: Token, last: Token, lex: _Lexicon, np: Sequence[Token]
) -> _Candidate | None:
    """A number whose noun comes before it: "death toll rises to 300" (killed),
    "troop levels could reach 175,000" / "forces ... to 300,000" (personnel, troop),
    "military deaths pass 36k" (killed, soldier)."""
    sent = first.sent
    window = doc[max(sent.start, first.i - 8) : first.i]
    text = " " + " ".join(t.lower_ for t in window) + " "
    toll = any(f" {w} " in text for w in lex.toll_words)
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
        words = _with_modifiers(holder)
        for c in holder.children:
            if c.dep_ == "prep" and c.lower_ == "of":  # "the number of rapid reaction forces"
                words.extend(p for p in c.children if p.dep_ == "pobj")
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
            if _lookup(w, lex.casualty_nouns) is not None and w.lower_ not in (
                "prisoner",
                "prisoners",
            ):
                if np:
                    return None
                cand = _Candidate(first.i, end, None, "soldier" if military else "person", KILLED)
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
    return None


# ---------------------------------------------------------------------------
# Actor of a figure.


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


def _figure_actor(doc: Doc, cand: _Candidate, lex: _Lexicon) -> _Actor | None:
    if cand.actor_known:
        return cand.actor
    span_tokens = [t for t in doc[cand.start_tok : cand.end_tok] if t != cand.noun]
    named = _phrase_actors(span_tokens, lex)
    if len(named) > 1 and not any(a.iso3 is None for a in named):
        return None  # "eight Russian and Chinese warships": a mixed owner is no owner
    found = _actor_in_phrase(span_tokens, lex)
    if found is not None:
        return found
    casualty = cand.category in CASUALTY_CATEGORIES
    anchor = cand.noun if cand.noun is not None else doc[cand.start_tok]
    if cand.noun is not None:
        # "from Russian captivity" is not whose soldiers they are: no prepositions
        # nor is "from China" the owner of kit: it is the seller or sender
        # but "300 fighters of the Rapid Support Forces" killed are the RSF's
        found = _noun_modifier_actor(
            cand.noun,
            lex,
            preps=("of",) if casualty else () if cand.category == EQUIPMENT else ("from", "of"),
        )
        if found is not None:
            return found
        if cand.noun.ent_type_ in ("NORP", "GPE") or cand.noun.is_title:
            own = _actor_of_token(cand.noun, lex)  # "46 Russians eliminated"
            if own is not None and casualty:
                return own
    if casualty:
        # whose dead: the subject of "lose"/"suffer"; whose prisoners: the subject of
        # "return"/"release" ("Ukraine returns 144 soldiers from Russian captivity")
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
                cand.category == CAPTURED and lemma in lex.captor_release_verbs
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
    if cand.category == EQUIPMENT:
        first_conjunct = _counted_anchor(anchor, lex)
        governing = first_conjunct.head
        if governing.pos_ == "VERB" and governing.lemma_.lower() in lex.deploy_verbs:
            # "deploy 3,000 troops and 40 helicopters to Poland": own forces moved
            return _walk_up_actor(anchor, lex, stop_at_casualty=True)
        # "Pakistan has received 40 jets from China", "Poland ordered 250 tanks from
        # the US": the subject of a receiving verb owns the kit, not the seller
        receiver = _counted_anchor(anchor, lex).head
        if (
            receiver.pos_ == "VERB"
            and receiver.lemma_.lower() in lex.receive_verbs
            and _counted_anchor(anchor, lex).dep_ == "dobj"
        ):
            # "Norway will buy 300 drones for Ukraine's army": bought for another side
            found = (
                _verb_recipient(receiver, lex, preps=("for",))
                or _verb_recipient(_counted_anchor(anchor, lex), lex, preps=("for",))
                or _subject_actor(receiver, lex)
            )
            if found is not None:
                return found
        given = _given_to_actor(anchor, lex)
        if given is not None:
            # "captured 80 Leopard tanks given to Ukraine by its allies": Ukraine's
            return given
        # equipment sent, sold or delivered belongs to the recipient; when the text
        # does not name one, the owner is unknown (the sender is not it)
        transfer = _transfer_verb(anchor, lex)
        # "supplied Russia with hundreds of drones and dozens of missiles": a later
        # conjunct shares the recipient named before the first one
        first_conjunct = _counted_anchor(anchor, lex)
        list_start = first_conjunct.left_edge.i
        in_list = first_conjunct is not anchor and list_start < cand.start_tok
        if in_list and transfer is None:
            transfer = _transfer_verb(first_conjunct, lex)
        if (
            transfer is not None
            or _recipient_cue(doc, cand)
            or (in_list and _recipient_cue(doc, dataclasses.replace(cand, start_tok=list_start)))
        ):
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
                return _walk_up_actor(anchor, lex, stop_at_casualty=True)
            if found is None and transfer is not None and _deployed(transfer, lex):
                # "China sent 71 aircraft towards Taiwan": a deployment, not a delivery
                return _walk_up_actor(anchor, lex, stop_at_casualty=True)
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


# ---------------------------------------------------------------------------
# Spending.


def _measured_budget(span: Span, lex: _Lexicon) -> Token | None:
    """The budget-like noun a money figure measures through the parse: "military
    spending is set to rise by 4.8%, to reach $419bn", "the department's budget would
    rise to $23bn" (the subject of the verb chain above the money)."""
    tok = span.root
    for _ in range(6):
        if tok.head == tok:
            break
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            for child in tok.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ in lex.budget_nouns:
                    return child
            if tok.dep_ not in ("xcomp", "advcl", "conj", "ccomp"):
                break
    return None


def _spending_unit(doc: Doc, span: Span, lex: _Lexicon) -> str:
    """The noun the money pays for (MILITARY_RULES.md): "$650 mln arms sale" -> sale."""
    return _spending_unit_token(doc, span, lex)[0]


def _spending_unit_token(doc: Doc, span: Span, lex: _Lexicon) -> tuple[str, Token | None]:
    """The spending unit and, when it is a noun of the text, its token."""
    found = _spending_unit_plain(doc, span, lex)
    if found[0] != "money":
        return found
    budget = _measured_budget(span, lex)
    if budget is not None:
        return _singular(budget.lower_) if budget.lower_ != "spending" else "spending", budget
    return found


# Words between a paid-for noun and its money: "contract worth about €6.5bn".
_BEFORE_MONEY_WORDS = frozenset(
    {
        "of", "worth", "to", "at", "a", "an", "the", "about", "around", "some", "nearly",
        "almost", "roughly", "over", "than", "more", "up", "valued",
    }
)  # fmt: skip


def _spending_unit_plain(doc: Doc, span: Span, lex: _Lexicon) -> tuple[str, Token | None]:

    def unit_of(tok: Token) -> str | None:
        lemma = tok.lemma_.lower()
        for key in (tok.lower_, _singular(tok.lower_), lemma):
            if key in lex.spending_units:
                return key
        return None

    sent = span[0].sent
    # the noun phrase right after the money: "$778 Billion Defense Bill", "$778 Billion
    # Pentagon Budget Vote" (the first paid-for noun of the phrase)
    j = span.end
    joined: tuple[str, Token] | None = None
    while j < sent.end and j < span.end + 4 and doc[j].pos_ in ("NOUN", "PROPN", "ADJ"):
        unit = unit_of(doc[j])
        if unit is not None:
            joined = unit, doc[j]  # the last one: "€1.4bn military aid package" -> package
        elif joined is not None:
            break
        j += 1
    if joined is not None:
        return joined
    # "total aid in Russia war to $7 billion", "the Pentagon's budget rise by $19bn",
    # "defence budget has been raised to 830bn rupees": the measured noun before
    if span.start - 1 >= sent.start and doc[span.start - 1].lower_ in ("to", "at", "by", "reach"):
        for k in range(span.start - 2, max(sent.start, span.start - 9) - 1, -1):
            unit = unit_of(doc[k])
            if unit is not None and doc[k].dep_ in ("dobj", "nsubj", "nsubjpass", "pobj"):
                return unit, doc[k]
    # "budget of $778 billion", "aid worth $7 billion"
    k = span.start - 1
    while k >= sent.start and k >= span.start - 5 and doc[k].lower_ in _BEFORE_MONEY_WORDS:
        k -= 1
    if k >= sent.start and k < span.start - 1:
        unit = unit_of(doc[k])
        if unit is not None:
            return unit, doc[k]
    # "$450 million in military assistance", "adds $6.75 billion to military budget"
    j = span.end
    if j < sent.end and doc[j].lower_ in ("in", "of", "to", "from", "for"):
        j += 1
        while (
            j < sent.end
            and j < span.end + 8
            and (
                doc[j].pos_ in ("DET", "ADJ", "NOUN", "PROPN", "PART", "SYM", "NUM")
                or doc[j].tag_ == "PRP$"
            )
        ):  # "adds $37 Billion to Biden's $813 Billion Military Budget": through the money
            unit = unit_of(doc[j])
            if unit is not None and (
                j + 1 >= sent.end
                or not doc[j + 1].is_alpha
                or doc[j + 1].pos_ not in ("NOUN", "PROPN")
            ):
                return unit, doc[j]
            j += 1
    # "donate $10 million" -> donation; "crowdfunded $20 million" -> donation
    for k in range(span.start - 1, max(sent.start, span.start - 4) - 1, -1):
        tok = doc[k]
        for key in (tok.lower_, tok.lemma_.lower()):
            if key in lex.spending_verb_units:
                return str(lex.spending_verb_units[key]), None
    for k in range(span.end, min(sent.end, span.end + 3)):
        tok = doc[k]
        for key in (tok.lower_, tok.lemma_.lower()):
            if key in lex.spending_verb_units and tok.pos_ == "VERB":
                return str(lex.spending_verb_units[key]), None
    return "money", None


_LEGAL_NEXT = frozenset(
    {"lawyer", "lawyers", "attorney", "attorneys", "team", "counsel", "fund", "fees", "case"}
)


def _legal_defence(doc: Doc, i: int) -> bool:
    """ "every rioter's defense", "his defence lawyer": a defence in court, not arms."""
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ in _LEGAL_NEXT:
        return True
    prev = doc[i - 1] if i > 0 else None
    possessed = prev is not None and (
        prev.tag_ in ("POS", "PRP$") or prev.lower_ in ("legal", "self")
    )
    return possessed and (nxt is None or not nxt.is_alpha or nxt.pos_ not in ("NOUN", "PROPN"))


_TIME_OWNERS = frozenset(
    {"year", "years", "month", "week", "today", "tomorrow", "next", "last", "this", "decade"}
)


def _war_cost(doc: Doc, span: Span, lex: _Lexicon) -> Token | None:
    """Money that pays for a war: "GBP 520m for the conflicts in Iraq", "$5bn on the
    occupation", "the cost of the war ... $80bn"; not a "price war" or "war on drugs"."""
    sent = span[0].sent

    def war_head(k: int) -> bool:
        tok = doc[k]
        if tok.lower_ in ("operation", "operations"):
            # "military operations", never a company's "US operations"
            return any(c.lower_ in ("military", "combat") for c in tok.children)
        if tok.lower_ not in lex.war_cost_heads:
            return False
        mods = {c.lower_ for c in tok.children if c.i < tok.i} | {doc[k - 1].lower_}
        if mods & lex.war_cost_excluded:
            return False
        nxt = doc[k + 1] if k + 1 < sent.end else None
        return not (nxt is not None and nxt.lower_ == "on")  # "war on drugs"

    j = span.end
    if j < sent.end and doc[j].lower_ in ("for", "on", "in", "towards", "toward", "to"):
        for k in range(j + 1, min(sent.end, j + 11)):
            tok = doc[k]
            if tok.lower_ in ("pay", "fund", "cover", "finance", "for", "to"):
                continue  # "$60bn to pay for military operations"
            if tok.pos_ in ("VERB", "AUX") or tok.text in (",", ";", "(", ")") or tok.like_num:
                break
            if war_head(k):
                return doc[k]
    # "the cost of the war has risen to $80bn", "the war has cost $5bn"
    for k in range(max(sent.start, span.start - 12), span.start):
        if doc[k].lemma_.lower() == "cost":
            for q in range(max(sent.start, k - 6), min(span.start, k + 6)):
                if war_head(q):
                    return doc[q]
    return None


def _civil_budget(owner: Token | None, span: Span, lex: _Lexicon) -> bool:
    """A budget with a named owner and no defence word of its own ("the state
    department's budget", "India's budget"): not defence spending, whatever is nearby."""
    if owner is None or owner.lower_ not in lex.budget_nouns:
        return False
    mods = [
        c
        for c in owner.children
        if c.i < owner.i
        and (
            (c.dep_ == "poss" and c.lower_ not in _TIME_OWNERS)
            or (c.dep_ in ("compound", "nmod") and c.pos_ in ("NOUN", "PROPN"))
        )
        and not (span.start <= c.i < span.end)
    ]
    if not mods:
        return False
    words = {
        w
        for c in [*mods, *(c for c in owner.children if c.dep_ == "amod")]
        for t in c.subtree
        for w in (t.lower_, t.lemma_.lower())
    }
    own = " " + " ".join(t.lower_ for c in mods for t in c.subtree) + " "
    return not (words & lex.spending_single or _phrase_in(own, lex.spending_multi))


def _spending_figures(
    doc: Doc,
    money: Sequence[MoneyFigure],
    offset: int,
    lex: _Lexicon,
    doc_cues: _DocCues,
    article_id: str,
) -> list[MilitaryFigure]:
    out: list[MilitaryFigure] = []
    spans: list[Span] = []
    for mf in money:
        span = doc.char_span(mf.start_char - offset, mf.end_char - offset, alignment_mode="expand")
        if span is not None and len(span) > 0:
            spans.append(span)

    def dist(i: int, sp: Span) -> int:
        return min(abs(i - sp.start), abs(i - (sp.end - 1)))

    def cue_is_other(i: int, span: Span) -> bool:
        """Whether the cue at token ``i`` belongs to another money figure: one lies
        between them, or one is nearer and a separator stands between the cue and
        ``span`` ("$40bn in military aid, and $2bn for schools")."""
        lo_i, hi_i = sorted((i, span.start))
        separated = any(t.lower_ in (",", ";", "and", "but", "while") for t in doc[lo_i:hi_i])
        return separated and any(
            other.start != span.start and dist(i, other) < dist(i, span) for other in spans
        )

    for mf in money:
        span = doc.char_span(mf.start_char - offset, mf.end_char - offset, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        sent = span[0].sent
        cues = doc_cues.for_sent(sent)
        if (
            out
            and span.start >= 1
            and doc[span.start - 1].text == "("
            and 0 <= mf.start_char - out[-1].end_char <= 3
        ):
            # "830bn rupees ($19bn)": a conversion is the same spending figure
            prev = out[-1]
            out.append(
                dataclasses.replace(
                    prev,
                    start_char=mf.start_char,
                    end_char=mf.end_char,
                    text=mf.text,
                    value=mf.value,
                    low=mf.low,
                    high=mf.high,
                    qualifier=mf.qualifier,
                    currency=mf.currency,
                )
            )
            continue
        war = _war_cost(doc, span, lex)
        if not cues.spending and war is None:
            continue
        # Only cues near the money count: within a window of its clause, and nearer
        # than any blocker ("losses approaching $1bn" is not spending).
        lo = max(sent.start, span.start - 14)
        if span.start - sent.start <= 1 and sent.start > 0:
            # a money fragment after a sentence break ("... for 4 Bayraktars! 20 mln $")
            lo = max(doc[sent.start - 1].sent.start, span.start - 14)
        hi = min(sent.end, span.end + 12)
        best_cue: int | None = None
        best_block: int | None = None
        for tok in doc[lo:hi]:
            if span.start <= tok.i < span.end:
                continue
            if cue_is_other(tok.i, span):
                continue
            d = dist(tok.i, span)
            words = (tok.lower_, tok.lemma_.lower())
            multi = any(
                [t.lower_ for t in doc[tok.i : tok.i + len(c.split())]] == c.split()
                for c in lex.spending_multi
            )
            legal = tok.lower_ in lex.possessive_blocked_cues and _legal_defence(doc, tok.i)
            if not legal and (multi or any(w in lex.spending_single for w in words)):
                best_cue = d if best_cue is None else min(best_cue, d)
            if any(w in lex.spending_blockers for w in words):
                best_block = d if best_block is None else min(best_block, d)
        if war is not None and (best_block is None or best_block > 3):
            best_cue = 0
        if best_cue is None or (best_block is not None and best_block < best_cue):
            continue
        unit, unit_tok = _spending_unit_token(doc, span, lex)
        owner = unit_tok if unit_tok is not None else _measured_budget(span, lex)
        if _civil_budget(owner, span, lex):
            continue
        if unit == "money" and war is not None:
            unit = _singular(war.lower_)  # "GBP 520m for the conflicts" -> conflict
        # Money for a recipient's forces belongs to the recipient; a country's own
        # budget to that country (MILITARY_RULES.md).
        actor = _recipient_actor(doc, span.start, span.end, lex)
        transfer = _transfer_verb(span.root, lex) if actor is None else None
        if transfer is not None and transfer.pos_ != "VERB":
            # "send 20 tanks to Ukraine under a €1.2bn package": the package noun hangs
            # on the send verb, whose "to" object is the recipient
            verb = transfer.head.head if transfer.head.dep_ == "prep" else transfer.head
            if verb.pos_ == "VERB" and verb.lemma_.lower() in lex.transfer_verbs:
                transfer = verb
        if transfer is not None and transfer.pos_ == "VERB":
            # "agreed to sell 180 tanks to Poland in a deal worth $5.8bn"
            actor = _verb_recipient(transfer, lex)
        if actor is None:
            actor = _bought_for(span.root, lex)  # "buy 300 drones for Ukraine's army for $40m"
        # an aid package goes to its recipient; when none is named the donor that
        # announces it is still no owner (donations and crowdfunding keep the walk)
        aid = unit == "package" and unit_tok is not None
        if actor is None and not aid:
            # "buys 96 helicopters from US in $12bn deal": the seller is not the owner
            near = doc[max(sent.start, span.start - 3) : span.start]
            actor = _actor_in_phrase([t for t in near if t.head.lower_ != "from"], lex)
        root = span.root
        if actor is None and root.dep_ != "ROOT":
            actor = _noun_modifier_actor(root.head, lex)
        j = span.end
        while (
            actor is None
            and j < min(sent.end, span.end + 4)
            and doc[j].pos_ in ("NOUN", "PROPN", "ADJ")
        ):
            actor = _actor_of_token(doc[j], lex)  # "$813 Billion Military Budget" has none
            j += 1
        if actor is None and owner is not None and not aid:
            actor = _noun_modifier_actor(owner, lex, preps=())  # "India's defence budget"
        if actor is None and not aid:
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
                unit=unit,
                category=SPENDING,
                actor_entity_id=actor.entity_id if actor else None,
                actor_name=actor.name if actor else None,
                actor_iso3=actor.iso3 if actor else None,
                currency=mf.currency,
            )
        )
    return out


# ---------------------------------------------------------------------------
# Public API.


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
    doc_cues = _DocCues(doc, lex)
    money_spans = [(mf.start_char - offset, mf.end_char - offset) for mf in money]
    figures: list[MilitaryFigure] = []
    used_until = -1  # token index: numbers inside an earlier figure are skipped
    previous: _Candidate | None = None
    for m in _number_matches(text):
        if any(s < m.end and m.start < e for s, e in money_spans):
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or len(span) == 0 or span.start < used_until:
            continue
        first, last = span[0], span[-1]
        cand = _find_candidate(doc, m, first, last, lex, doc_cues, previous)
        if cand is None:
            continue
        used_until = cand.end_tok
        actor = _figure_actor(doc, cand, lex)
        cand.actor, cand.actor_known = actor, True
        previous = cand
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
    figures.extend(_spending_figures(doc, money, offset, lex, doc_cues, article_id))
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
