"""Named entities analysts can count: span repair, canonical names, stable ids.

spaCy's small model gives raw spans with typical slips (possessives kept,
titles inside names, names cut short, sentence-initial adjectives tagged as
organisations). This module repairs the spans, groups every surface form of
one entity inside an article under its fullest name, and gives each canonical
entity an id that is the same in every article (``entity_id_for``).

Id scheme (stable across runs, processes and articles):

* countries: ``"country:<ISO3>"`` whatever the surface form or label
  (``US``, ``U.S.``, ``America`` -> ``country:USA``);
* nationality/group adjectives (NORP) that belong to a country:
  ``"norp:<ISO3>"`` so "Ukrainian" can be counted apart from "Ukraine" and
  joined to it through ``iso3``;
* everything else: ``"<group>:<sha1(group, folded name)[:16]>"`` with group
  ``person``, ``org``, ``place`` (GPE and LOC together) or ``norp``.

All word lists live in ``transforms/data/*.json``.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import hashlib
import itertools
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transforms.records import ArticleExtraction, Entity, EntityMention

DATA_DIR = Path(__file__).parent / "data"
ALIASES_PATH = DATA_DIR / "entity_aliases.json"

# Apostrophes seen in news text: straight, curly right quote, modifier letter, prime.
_APOSTROPHES = "'\u2019\u02bc\u2032`"
_POSSESSIVE_RE = re.compile(rf"[{_APOSTROPHES}]s?$", re.IGNORECASE)


@functools.lru_cache(maxsize=1 << 16)  # pure, and called for the same few names again and again
def _fold(text: str) -> str:
    """Case- and accent-insensitive key: 'Zelenskyy' stays distinct, 'Côte' == 'Cote'."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


@functools.lru_cache(maxsize=1 << 16)
def _country_key(surface: str) -> str:
    """Normalised lookup key for a country surface form.

    Dots are removed so "U.S." and "US" meet; a leading "the" and a trailing
    possessive are removed so "the UK's" meets "UK"; curly apostrophes inside
    names ("Cote d’Ivoire") become straight ones.
    """
    text = surface.strip()
    text = _POSSESSIVE_RE.sub("", text) if len(text) > 2 else text
    for ch in _APOSTROPHES:
        text = text.replace(ch, "'")
    text = text.replace(".", "")
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    return _fold(text)


def _is_short_code(key_text: str) -> bool:
    """Keys like "US", "UK", "DRC" are only trusted in capitals ("us" is a pronoun)."""
    return len(key_text.replace(".", "").replace(" ", "")) <= 3


@functools.cache
def _alias_data() -> dict[str, Any]:
    with ALIASES_PATH.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@dataclass(frozen=True, slots=True)
class _CountryIndex:
    names: dict[str, str]  # ISO3 -> display name
    by_key: dict[str, str | None]  # folded surface -> ISO3 (None: known non-country)
    short_keys: frozenset[str]  # keys that must be written in capitals
    demonym_keys: frozenset[str]  # keys that are demonyms (NORP), not place names


@functools.cache
def _country_index() -> _CountryIndex:
    import pycountry  # local: only needed once per process

    data = _alias_data()
    overrides: dict[str, str] = data["display_names"]
    names: dict[str, str] = {}
    by_key: dict[str, str | None] = {}
    for country in pycountry.countries:
        iso3 = country.alpha_3
        common = getattr(country, "common_name", None)
        names[iso3] = overrides.get(iso3) or common or country.name
        for label in (country.name, common, getattr(country, "official_name", None)):
            if label:
                by_key.setdefault(_country_key(label), iso3)
    for iso3, name in overrides.items():
        names.setdefault(iso3, name)  # e.g. XKX (Kosovo) is not in ISO 3166-1
        by_key.setdefault(_country_key(name), iso3)
    short: set[str] = set()
    demonyms: set[str] = set()
    # Curated aliases win over pycountry-derived keys.
    for section in ("aliases", "demonyms"):
        for surface, iso3 in data[section].items():
            key = _country_key(surface)
            by_key[key] = iso3
            if _is_short_code(surface):
                short.add(key)
            if section == "demonyms":
                demonyms.add(key)
    return _CountryIndex(names, by_key, frozenset(short), frozenset(demonyms))


def country_name(iso3: str) -> str | None:
    """Display name for an ISO 3166-1 alpha-3 code ("RUS" -> "Russia")."""
    return _country_index().names.get(iso3.upper())


def iso3_for(surface: str) -> str | None:
    """ISO3 for a country name, alias or demonym ("U.S." -> "USA"), else None."""
    index = _country_index()
    key = _country_key(surface)
    if not key:
        return None
    if key in index.short_keys:
        letters = re.sub(r"^the\s+", "", surface.replace(".", "").strip(), flags=re.IGNORECASE)
        letters = _POSSESSIVE_RE.sub("", letters) if len(letters) > 2 else letters
        if not letters.isupper():
            return None
    return index.by_key.get(key)


def is_demonym(surface: str) -> bool:
    """True for nationality words ("Ukrainian", "Britons"), known to the alias data."""
    return _country_key(surface) in _country_index().demonym_keys


def _group(label: str) -> str:
    label = label.upper()
    if label in ("GPE", "LOC"):
        return "place"
    return {"PERSON": "person", "ORG": "org", "NORP": "norp"}.get(label, label.lower())


def entity_id_for(label: str, name: str) -> str:
    """Deterministic id for a canonical entity (see module docstring for the scheme).

    Countries are keyed by ISO3 so every surface form and spelling meets:
    ``entity_id_for("GPE", "U.S.") == entity_id_for("GPE", "United States")
    == "country:USA"``. NORP names of a country get ``norp:<ISO3>``.
    """
    group = _group(label)
    if group in ("place", "norp"):
        iso3 = iso3_for(name)
        if iso3:
            return f"{'country' if group == 'place' else 'norp'}:{iso3}"
    digest = hashlib.sha1(f"{group}\x1f{_fold(name)}".encode()).hexdigest()
    return f"{group}:{digest[:16]}"


def country_for(surface: str) -> Entity | None:
    """The country a name, alias or demonym refers to, as a canonical GPE entity.

    ``country_for("U.S.")`` -> ``Entity("country:USA", "United States", "GPE", "USA")``;
    demonyms resolve too (``"Ukrainian"`` -> Ukraine). Lower-case "us" and words
    that name no single country ("European", "Welsh") give None.
    """
    iso3 = iso3_for(surface)
    if iso3 is None:
        return None
    name = country_name(iso3) or iso3
    return Entity(entity_id=f"country:{iso3}", name=name, label="GPE", iso3=iso3)


# --------------------------------------------------------------------------
# Span repair and in-article canonicalisation
# --------------------------------------------------------------------------

RULES_PATH = DATA_DIR / "entity_rules.json"
ORG_ALIASES_PATH = DATA_DIR / "org_aliases.json"

# Labels the warehouse keeps; everything else spaCy tags (DATE, MONEY, FAC...) is
# someone else's business or not a countable actor.
KEPT_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP"})
_POSSESSIVE_TOKENS = frozenset({"'s", "’s", "'", "’", "ʼs", "'S", "’S"})


@dataclass(frozen=True, slots=True)
class _Rules:
    titles: tuple[tuple[str, ...], ...]  # folded token sequences, longest first
    royal_titles: frozenset[tuple[str, ...]]
    particles: frozenset[str]
    split_words: frozenset[str]
    place_after_split: frozenset[str]
    org_inner_words: frozenset[str]
    not_names: frozenset[str]
    not_org_last_words: frozenset[str]
    not_given_names: frozenset[str]
    post_nominals: frozenset[str]
    name_prefixes: frozenset[str]


@functools.cache
def _rules() -> _Rules:
    with RULES_PATH.open(encoding="utf-8") as fh:
        data = json.load(fh)

    def seqs(words: list[str]) -> list[tuple[str, ...]]:
        return [tuple(_fold(w).split()) for w in words]

    royal = seqs(data["royal_titles"])
    titles = sorted(set(seqs(data["titles"])) | set(royal), key=len, reverse=True)
    return _Rules(
        titles=tuple(titles),
        royal_titles=frozenset(royal),
        particles=frozenset(_fold(w) for w in data["name_particles"]),
        split_words=frozenset(data["split_words"]),
        place_after_split=frozenset(data["place_after_split"]),
        org_inner_words=frozenset(data["org_inner_words"]),
        not_names=frozenset(_fold(w) for w in data["not_names"]),
        not_org_last_words=frozenset(data["not_org_last_words"]),
        not_given_names=frozenset(_fold(w) for w in data["not_given_names"]),
        post_nominals=frozenset(data["post_nominals"]),
        name_prefixes=frozenset(data["name_prefixes"]),
    )


@dataclass(frozen=True, slots=True)
class _OrgIndex:
    by_key: dict[str, str]  # folded alias -> canonical name
    caps_only: frozenset[str]  # short all-caps aliases ("AP", "WHO") need capitals


@functools.cache
def _org_index() -> _OrgIndex:
    with ORG_ALIASES_PATH.open(encoding="utf-8") as fh:
        data = json.load(fh)
    by_key: dict[str, str] = {}
    caps: set[str] = set()
    for canonical, aliases in data["aliases"].items():
        for alias in [canonical, *aliases]:
            key = _country_key(alias)
            by_key[key] = canonical
            bare = alias.replace(".", "")
            if bare.isupper() and len(bare) <= 4:
                caps.add(key)
    # A key that is also written in mixed case somewhere ("Nato") needs no capitals.
    mixed = {
        _country_key(a)
        for aliases in data["aliases"].values()
        for a in aliases
        if not a.replace(".", "").isupper()
    }
    return _OrgIndex(by_key, frozenset(caps - mixed))


def org_name_for(surface: str) -> str | None:
    """Canonical organisation name for a known short form ("Nato" -> "NATO"), else None."""
    index = _org_index()
    key = _country_key(surface)
    if key in index.caps_only:
        bare = re.sub(r"^the\s+", "", surface.replace(".", "").strip(), flags=re.IGNORECASE)
        bare = _POSSESSIVE_RE.sub("", bare) if len(bare) > 2 else bare
        if not bare.isupper():
            return None
    return index.by_key.get(key)


@functools.cache
def _canonical_demonyms() -> dict[str, str]:
    """ISO3 -> the first demonym listed for it ("UKR" -> "Ukrainian")."""
    names: dict[str, str] = {}
    for surface, iso3 in _alias_data()["demonyms"].items():
        if iso3:
            names.setdefault(iso3, surface)
    return names


@dataclass(slots=True)
class _Span:
    """A candidate mention as token offsets into the doc, during repair."""

    start: int
    end: int
    label: str
    title: str | None = None
    hint: str | None = None  # canonical name given by an EntityRuler pattern id
    cue: str | None = None  # label evidence from the words around the span (_context_cue)


def _is_capitalised(text: str) -> bool:
    return text[:1].isupper()


# Lower-case words a name never ends in; the model sometimes stops right after them.
_DANGLING_WORDS = frozenset({"of", "the", "and", "for", "&"})  # not "de": "Charles de" + "Gaulle"
# A match score or result written after a team's name: "2-1", "3–0".
_SCORE_RE = re.compile(r"^\d+[-\u2013]\d+$")
# Tokens after which a capitalised word is capitalised for position, not because it is a name.
_CLAUSE_OPENERS = frozenset(
    {".", "!", "?", ":", '"', "\u201c", "\u201d", "\u2018", "(", "-", "\u2014"}
)


def _starts_clause(doc: Any, i: int) -> bool:
    """True when token ``i`` opens a sentence, a line or a quotation.

    The parser does not always mark the first sentence after a title line, so
    a line break or sentence-final punctuation before the token counts too.
    """
    if i == 0 or doc[i].is_sent_start:
        return True
    prev = doc[i - 1]
    return prev.is_space or "\n" in prev.whitespace_ or prev.text in _CLAUSE_OPENERS


def _trim(doc: Any, span: _Span) -> _Span:
    """Remove determiners, punctuation and possessives from both ends."""
    s, e = span.start, span.end
    prefixes = _rules().name_prefixes
    while s < e:
        tok = doc[s]
        if s + 2 < e and tok.text in prefixes and doc[s + 1].text == "-":
            s += 2  # "ex-Yukos": the prefix says something about the name, is not part of it
            continue
        if (
            tok.is_punct
            or tok.is_space
            or (
                tok.lower_ in ("the", "a", "an")
                and (
                    # "The Times", "The Hague": a capital "The" mid-sentence is part of the name;
                    # at the start of a sentence or line it is only capitalised there.
                    not tok.text[0].isupper()
                    or span.label == "PERSON"
                    or (
                        _starts_clause(doc, s)
                        and _fold(doc[s:e].text) not in _boundary_data().the_names
                    )
                )
            )
        ):
            s += 1
        else:
            break
    while e > s and (
        doc[e - 1].is_punct
        or doc[e - 1].is_space
        or doc[e - 1].text in _POSSESSIVE_TOKENS
        or _SCORE_RE.match(doc[e - 1].text)  # "Manchester United 2-1"
        or doc[e - 1].text in _DANGLING_WORDS  # "The Council of the" + "European Union"
    ):
        e -= 1
    # The tokeniser may split a score: "United", "2", "-", "1".
    if (
        e - s >= 4
        and doc[e - 1].is_digit
        and doc[e - 2].text in ("-", "\u2013")
        and doc[e - 3].is_digit
    ):
        e -= 3
    label = span.label
    # "Guy Mansfield QC": letters after a name say it is a person, and are not the name.
    if e - s >= 3 and doc[e - 1].text in _rules().post_nominals and label in ("PERSON", "ORG"):
        e -= 1
        label = "PERSON"
    return _Span(s, e, label, span.title, span.hint)


# Punctuation that never sits inside a name; hyphens, dots and ampersands can.
_SPLIT_PUNCT = frozenset(
    {"(", ")", "[", "]", ",", ";", ":", '"', "“", "”", "‘", "|", "/", "—", "–"}
)


def _split(doc: Any, span: _Span) -> list[_Span]:
    """Cut a span where a name cannot continue.

    Cuts at line breaks and brackets ("Group of Eight (G8"), at an inner
    possessive ("Mr Brown's International Finance Facility"), at lower-case
    words that never sit inside a PERSON name ("the King at Sandringham") and,
    in ORG spans, at lower-case words other than "of", "and", "for" ...
    ("Balco boss Victor Conte").
    """
    rules = _rules()
    text = doc[span.start : span.end].text
    if span.label in ("GPE", "LOC") and iso3_for(text):
        return [span]  # "Bosnia and Herzegovina", "Trinidad and Tobago"
    if org_name_for(text):
        return [span]
    parts: list[_Span] = []
    s = span.start
    label = span.label
    for i in range(span.start, span.end):
        tok = doc[i]
        word = tok.text
        next_label = label
        if span.label == "ORG" and word == "," and _list_continues_name(doc, span, i):
            continue  # "Department for Science, Innovation and Technology"
        if "\n" in word or word in _SPLIT_PUNCT:
            pass
        elif word == "-" and tok.whitespace_ and i > 0 and doc[i - 1].whitespace_:
            pass  # "firm Quinlan Private - bought": a spaced hyphen is a dash
        elif span.label == "ORG" and _possessive_in_name(doc, span, i):
            continue  # "Barclay's Capital", "Sainsbury's Bank"
        elif word in _POSSESSIVE_TOKENS and i > span.start:
            # "Mr Brown's facility": the owner is a name of its own, kind unknown yet.
            parts.append(_Span(s, i, _owner_label(doc, s, i, label), hint=span.hint))
            s = i + 1
            continue
        elif span.label == "ORG" and word.isalpha() and word.islower():
            if word in rules.org_inner_words or word in rules.particles:
                continue
        elif word in rules.split_words:  # split words are lower-case on purpose
            if span.label == "PERSON" and word in rules.place_after_split:
                next_label = "GPE"  # "the King at Sandringham": after "at" is a place
            elif word not in ("and", "or"):
                next_label = ""  # "X said Y": the rest is not part of any name
        else:
            continue
        parts.append(_Span(s, i, label, hint=span.hint))
        label = next_label
        s = i + 1
    parts.append(_Span(s, span.end, label, hint=span.hint))
    if len(parts) > 1:
        for p in parts:
            p.hint = None  # a pattern id names the whole match, not a piece
    return [p for p in parts if p.label and p.end > p.start]


def _list_continues_name(doc: Any, span: _Span, comma: int) -> bool:
    """True when the comma at ``comma`` lists portfolios inside one organisation's name.

    "Department for Science, Innovation and Technology": the part before the comma
    holds a lower-case "for"/"of", and after it come only capitalised words, more
    commas and one "and"/"&" before the last word. A list of separate names
    ("Tesco, Asda and Aldi") has no "for"/"of" before its first comma.
    """
    if not any(doc[j].text in ("for", "of") for j in range(span.start + 1, comma)):
        return False
    joined = False
    for j in range(comma + 1, span.end):
        word = doc[j].text
        if word in ("and", "&"):
            if joined or j == span.end - 1:
                return False
            joined = True
        elif word != "," and not (word[:1].isupper() and doc[j].is_alpha):
            return False
    return joined


def _possessive_in_name(doc: Any, span: _Span, i: int) -> bool:
    """True when the possessive at token ``i`` belongs to an organisation's own name.

    "Barclay's Capital", "Sainsbury's Bank": a one-word owner that is no title,
    country, demonym, known organisation or given name, followed by at most two
    capitalised words ending in a company word (``possessive_org_heads``), or an
    owner listed in ``possessive_names``; or a plural owner ("Manufacturers'")
    before an organisation word ("Association", "Union"). "Britain's Labour
    Party" and "Mr Brown's Facility" are still cut.
    """
    if doc[i].text not in _POSSESSIVE_TOKENS or i == span.start:
        return False
    if (
        i == span.start + 1
        and span.start > 0
        and doc[span.start - 1].text == "The"
        and span.end - i == 2
        and doc[i + 1].text[:1].isupper()
    ):
        return True  # "The King's Fund": nobody writes "The Britain's Labour Party"
    rest = doc[i + 1 : span.end]
    if (
        doc[i].text in ("'", "\u2019")
        and doc[i - 1].text.endswith("s")
        and 1 <= len(rest) <= 2
        and (
            rest[-1].text in _label_data().org_last_words
            or rest[-1].text in _label_data().org_last_words_not_places  # "Farmers' Union"
        )
        and all(t.text[:1].isupper() for t in doc[span.start : i])
    ):
        return True  # a plural owner: "Automobile Manufacturers' Association"
    if i != span.start + 1:
        return _office_of_title(doc, span, i)
    if not 1 <= len(rest) <= 2 or not all(t.text[:1].isupper() for t in rest):
        return False
    owner = doc[span.start].text
    data = _boundary_data()
    if _country_key(owner) in data.possessive_names:
        return True
    return (
        rest[-1].text in data.possessive_org_heads
        and (_fold(owner),) not in _rules().titles
        and not (iso3_for(owner) or is_demonym(owner) or org_name_for(owner))
        and not is_given_name(owner)
    )


def _office_of_title(doc: Any, span: _Span, i: int) -> bool:
    """True for "Information Commissioner's Office": a body named after an office-holder.

    The model tagged the whole span ORG; the owner is two or more capitalised
    words that open with no given name, country or demonym ("Tony Blair's
    Cabinet", "Britain's Labour Party" are still cut) and one organisation word
    follows the possessive.
    """
    # The model's span may run on into a bracket: "Commissioner's Office (ICO".
    end = i + 1
    while end < span.end and doc[end].is_alpha:
        end += 1
    rest = doc[i + 1 : end]
    owner = doc[span.start : i]
    data = _label_data()
    return (
        span.label == "ORG"
        and len(rest) == 1
        and len(owner) >= 2
        and (rest[0].text in data.org_last_words or rest[0].text in data.org_last_words_not_places)
        and all(t.text[:1].isupper() for t in owner)
        and not is_given_name(owner[0].text)
        and not any(iso3_for(t.text) or is_demonym(t.text) for t in owner)
    )


def _extend_saint_institution(doc: Any, span: _Span) -> _Span:
    """Grow "St Bartholomew's" + "Hospital" into one ORG.

    The model takes the saint for a person and leaves the institution word out;
    a name opening with St/Saint, a possessive and an institution word
    (``saint_institution_heads``: Hospital, College, School...) is an ORG.
    """
    if doc[span.start].text not in ("St", "St.", "Saint") or span.end - span.start < 2:
        return span
    j = span.end
    if j < len(doc) and doc[j].text in _POSSESSIVE_TOKENS:
        j += 1
    if j < len(doc) and doc[j].text in _boundary_data().saint_institution_heads:
        return _Span(span.start, j + 1, "ORG", None, span.hint)
    return span


def _owner_label(doc: Any, start: int, end: int, label: str) -> str:
    """Label for the owner part of "X's Y" inside one entity span."""
    first = _fold(doc[start].text)
    if (first,) in _rules().titles:
        return "PERSON"  # "Mr Brown's"
    return label


def _strip_title(doc: Any, span: _Span) -> _Span | None:
    """Remove leading titles from a PERSON span; None when nothing but a title is left."""
    rules = _rules()
    s, e = span.start, span.end
    # Fold the span's words once: the title list is long and checked in a loop.
    folded = tuple(_fold(doc[i].text) for i in range(s, e))
    title: list[str] = []
    changed = True
    while changed and s < e:
        changed = False
        for seq in rules.titles:
            n = len(seq)
            if s + n > e:
                continue
            if folded[s - span.start : s - span.start + n] != seq:
                continue
            # Royals are named by title + given name ("King Charles"), so that stays.
            if seq in rules.royal_titles and e - (s + n) == 1:
                break
            if s + n == e:
                return None  # only a title ("the King", "President")
            title.append(doc[s : s + n].text)
            s += n
            changed = True
            break
    if s >= e:
        return None
    return _Span(s, e, span.label, " ".join(title) or span.title, span.hint)


def _extend_particles(doc: Any, span: _Span) -> _Span:
    """Grow a name across surname particles: "Ursula von der" + "Leyen"."""
    particles = _rules().particles
    s, e = span.start, span.end
    grew = False
    if e - 1 >= s and doc[e - 1].lower_ in particles and e < len(doc):
        while e < len(doc) and doc[e].lower_ in particles:
            e += 1
        if e < len(doc) and _is_capitalised(doc[e].text) and doc[e].is_alpha:
            e += 1
            grew = True
        else:
            e = span.end
    if s > 0 and doc[s - 1].lower_ in particles and doc[s - 1].text.islower():
        j = s
        while j > 0 and doc[j - 1].lower_ in particles and doc[j - 1].text.islower():
            j -= 1
        prev = doc[j - 1] if j > 0 else None
        given = (
            prev is not None
            and _is_capitalised(prev.text)
            and prev.is_alpha
            and prev.tag_ in ("NNP", "NNPS")
            and (_fold(prev.text),) not in _rules().titles
        )
        s = j - 1 if given else j
        grew = True
    if not grew:
        return span
    return _Span(s, e, "PERSON", span.title, span.hint)


def _extend_given_name(doc: Any, span: _Span) -> _Span:
    """Take in a given name the model left out: "Amit" + "Yoran".

    Only a capitalised proper noun directly before the span that is in no other
    entity, is no title and is no country, demonym or known organisation.
    """
    if span.start == 0 or span.label != "PERSON":
        return span
    prev = doc[span.start - 1]
    if (
        prev.ent_type_
        or not prev.is_alpha
        or not prev.text[:1].isupper()
        or prev.text.isupper()
        or prev.tag_ not in ("NNP", "NNPS")
        or (_fold(prev.text),) in _rules().titles
        or _fold(prev.text) in _rules().not_names
        or _fold(prev.text) in _rules().not_given_names
        or prev.text in _boundary_data().portfolio_words  # "for Defence John Healey"
        or _after_title_head(doc, span.start - 1)  # "Minister for Trade Anna Berg"
        or prev.lower_ in _label_data().person_role_nouns  # "Conductor Marcello Viotti"
        or prev.lower_ in _label_data().org_type_nouns
        or iso3_for(prev.text)
        or is_demonym(prev.text)
        or org_name_for(prev.text)
    ):
        return span
    return _Span(span.start - 1, span.end, span.label, span.title, span.hint)


def _after_title_head(doc: Any, i: int) -> bool:
    """True when token ``i`` follows "<title word> of/for [the]": "Secretary of | State"."""
    if i >= 1 and doc[i - 1].text == "the":
        i -= 1  # "Chancellor of the Exchequer"
    return (
        i >= 2
        and doc[i - 1].text in ("of", "for")
        and doc[i - 2].text in _boundary_data().title_heads
    )


def _is_portfolio(doc: Any, span: _Span) -> bool:
    """A span inside a job title: "State" of "Secretary of State", "Health Secretary"."""
    data = _boundary_data()
    if not all(t.text in data.portfolio_words for t in doc[span.start : span.end]):
        return False
    before_title = span.end < len(doc) and doc[span.end].text in data.title_heads
    return before_title or _after_title_head(doc, span.start)


def _strip_portfolio(doc: Any, span: _Span) -> _Span:
    """ "Secretary of State for Defence John Healey": cut the portfolio off the person.

    Leading portfolio words of a PERSON span that follows "<title word> of/for"
    ("State Marco Rubio") are removed, as long as a name of two words is left.
    """
    if not _after_title_head(doc, span.start):
        return span
    portfolio = _boundary_data().portfolio_words
    s = span.start
    while span.end - s > 2 and doc[s].text in portfolio:
        s += 1
    if s == span.start:
        return span
    return _Span(s, span.end, span.label, span.title or doc[span.start : s].text, span.hint)


def _extend_org_head_left(doc: Any, span: _Span) -> _Span:
    """Take in the words the model left before a bare organisation word.

    "The Co-operative Group" tagged as "Group": capitalised words and hyphenated
    compounds right before a one-word span that is an organisation word
    (Group, Council, Party...) belong to the name. Stops at "The", at a line
    break and at any word inside another entity.
    """
    if span.end - span.start != 1 or doc[span.start].text not in _label_data().org_last_words:
        return span
    s = span.start
    while s > 0:
        prev = doc[s - 1]
        if prev.ent_type_ or prev.is_space or "\n" in prev.whitespace_:
            break
        joined = not prev.whitespace_ and s - 1 > 0 and not doc[s - 2].whitespace_
        if prev.text == "-" and joined:
            s -= 1  # "Co-operative": the hyphen and the word before it
            continue
        after_hyphen = s >= 2 and doc[s - 2].text == "-" and not doc[s - 2].whitespace_
        if prev.is_alpha and (
            (
                prev.text[:1].isupper()
                and prev.pos_ in ("PROPN", "ADJ", "NOUN")  # not "Outside Parliament"
                # A sentence's first word is capitalised anyway ("Outside Parliament").
                and not _starts_clause(doc, s - 1)
            )
            or (prev.text.islower() and after_hyphen)  # "operative" of "Co-operative"
        ):
            s -= 1
            continue
        break
    # A hyphenated compound must open with a capital: "Co-operative", not "-operative".
    while s < span.start and not doc[s].text[:1].isupper():
        s += 1
    if s == span.start:
        return span
    return _Span(s, span.end, span.label, span.title, span.hint)


def _portfolio_list_end(doc: Any, span: _Span) -> int | None:
    """End of ", Media and Sport" after "Department for Culture", else None.

    A ministry named for a list of portfolios; the model stops at the first
    comma. Every listed item must be one or two portfolio words, so "the
    Institute for Fiscal Studies, Deloitte and KPMG" stays three names.
    """
    e = span.end
    if doc[e].text != "," or not any(
        doc[j].text in ("for", "of") for j in range(span.start + 1, e)
    ):
        return None
    portfolio = _boundary_data().portfolio_words
    j, joined = e, False
    while j < len(doc) and doc[j].text in (",", "and", "&") and not joined:
        joined = doc[j].text != ","
        k = j + 1
        while k < len(doc) and k - j <= 2 and doc[k].text in portfolio:
            k += 1
        if k == j + 1:
            return None
        j = k
    return j if joined else None


# Entity types of words that never continue an organisation's name.
_NOT_NAME_ENTS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "PERSON"}
)


def _extend_of_name(doc: Any, span: _Span) -> _Span:
    """Grow an organisation's name over "of"/"for"/"&" + capitalised words.

    The model often stops at the head noun: "Muslim Council" of "Muslim Council
    of Britain", "Council" of "Council of Europe". Only when the span ends in an
    organisation word (Council, Bank, Ministry...) or is followed by "&" and a
    capitalised word ("Marks" + "& Spencer"); the capitalised run after the
    connector may open with "the" ("Committee of the Red Cross") and stops at
    the first lower-case word, punctuation or line end.
    """
    e = span.end
    if e >= len(doc) - 1 or "\n" in doc[e - 1].whitespace_:
        return span
    listed = _portfolio_list_end(doc, span)
    if listed is not None:
        return _Span(span.start, listed, span.label, span.title, None)
    link = doc[e].text
    if link not in ("of", "for", "&"):
        return span
    if link != "&" and doc[e - 1].text not in _label_data().org_last_words:
        return span
    j = e + 1
    if doc[j].lower_ == "the" and link != "&" and j + 1 < len(doc):
        j += 1
    start = j
    while j < len(doc):
        tok = doc[j]
        if (
            j > start
            and tok.text in ("of", "for", "and", "&")
            and j + 1 < len(doc)
            and doc[j + 1].is_alpha
            and doc[j + 1].text[:1].isupper()
        ):
            j += 1  # "Care of Victims of Torture": connectors between capitalised words
            continue
        if (
            not (tok.is_alpha and tok.text[:1].isupper() and tok.text not in ("The", "A", "An"))
            or tok.ent_type_ in _NOT_NAME_ENTS  # "the Council for Monday's meeting"
        ):
            break
        j += 1
        if "\n" in tok.whitespace_:
            break
    if j == start:
        return span
    return _Span(span.start, j, span.label, span.title, None)


def _acronym_initials(doc: Any, start: int, end: int) -> str:
    """Initials of the capitalised words of a name ("Society of Motor ..." -> "SM...")."""
    return "".join(t.text[0] for t in doc[start:end] if t.text[:1].isupper())


def _extend_and_name(doc: Any, span: _Span) -> _Span:
    """Grow a long official ORG name over "and" + capitalised words.

    The model cuts "Society of Motor Manufacturers" + "and Traders" and "Federal
    Ministry for Economic Affairs" + "and Energy". Only for names with "of"/"for"
    inside, and only when the words after "and" are portfolio words after a
    portfolio word ("Affairs and Energy said") or an acronym in brackets right
    after has the initials of the longer name ("... and Traders (SMMT)").
    "the Bank of England and Barclays" stays two names.
    """
    e = span.end
    if e + 1 >= len(doc) or doc[e].text != "and" or "\n" in doc[e - 1].whitespace_:
        return span
    if not any(t.text in ("of", "for") for t in doc[span.start : e]):
        return span
    j = e + 1
    while j < len(doc) and j - e <= 3 and doc[j].is_alpha and doc[j].text[:1].isupper():
        j += 1
        if "\n" in doc[j - 1].whitespace_:
            break
    if j == e + 1:
        return span
    portfolio = _boundary_data().portfolio_words
    if (
        doc[e - 1].text in portfolio
        and all(t.text in portfolio for t in doc[e + 1 : j])
        and (j >= len(doc) or not doc[j].text[:1].isupper())
    ):
        return _Span(span.start, j, span.label, span.title, None)
    if (
        j + 2 < len(doc)
        and doc[j].text == "("
        and doc[j + 2].text == ")"
        and doc[j + 1].text.upper() == _acronym_initials(doc, span.start, j).upper()
    ):
        return _Span(span.start, j, span.label, span.title, None)
    # "Society of Motor Manufacturers and Traders": two plural nouns of one
    # trade, the second ending the name. "Bank of England and Barclays" has no
    # plural before "and"; a name the data knows after "and" is its own entity.
    last, after = doc[e - 1], doc[e + 1]
    if (
        j == e + 2
        and last.tag_ in ("NNPS", "NNS")
        and after.tag_ in ("NNP", "NNPS", "NNS")  # the model tags "Traders" NNP
        and after.text.endswith("s")
        and not org_name_for(after.text)
        and not after.ent_type_
        and (j >= len(doc) or not doc[j].text[:1].isupper())
    ):
        return _Span(span.start, j, span.label, span.title, None)
    return span


def _extend_legal_suffix(doc: Any, span: _Span) -> _Span:
    """Take in a company-form word after a name and make it an ORG.

    "Johnson Matthey" + "plc", "BMW" + "AG", "Cummins" + "Inc": the suffix says
    the name is a company's (``legal_suffixes`` in entity_org_words.json).
    """
    e = span.end
    if e >= len(doc) or doc[e].text not in _legal_suffixes():  # the rare case first
        return span
    if "\n" in doc[e - 1].whitespace_ or span.label not in ("ORG", "PERSON", "GPE", "LOC"):
        return span
    return _Span(span.start, e + 1, "ORG", span.title, span.hint)


@functools.cache
def _legal_suffixes() -> frozenset[str]:
    with ORG_WORDS_PATH.open(encoding="utf-8") as fh:
        return frozenset(json.load(fh)["legal_suffixes"])


def _split_place_pair(doc: Any, span: _Span) -> list[_Span]:
    """ "Bridgwater and Langport" tagged as one ORG: two places.

    A three-word ORG/PERSON span "A and B" where A or B is a known place
    (country, town, region) is two GPE spans; "Marks and Spencer" stays.
    """
    if span.end - span.start != 3 or doc[span.start + 1].text != "and":
        return [span]
    if span.label not in ("ORG", "PERSON") or span.hint:
        return [span]
    a, b = doc[span.start].text, doc[span.end - 1].text
    places = _place_data()

    def is_place(word: str) -> bool:
        key = _country_key(word)
        return bool(iso3_for(word)) or key in places.towns or key in places.regions

    if not (is_place(a) or is_place(b)) or org_name_for(a) or org_name_for(b):
        return [span]
    return [_Span(span.start, span.start + 1, "GPE"), _Span(span.end - 1, span.end, "GPE")]


def _merge_split_orgs(doc: Any, spans: list[_Span]) -> list[_Span]:
    """ "Social" + "Democratic Party": two ORG spans side by side are one name.

    Only with a single space between them on one line, the first no known
    organisation or EntityRuler match ("EU" + "Commission" stay apart), and the
    second capitalised; the merged name is the article's, not a pattern's.
    """
    out: list[_Span] = []
    for span in spans:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.label == "ORG"
            and span.label in ("ORG", "NORP")  # "Liberal" + "Democrat"
            and prev.end == span.start
            and doc[prev.end - 1].whitespace_ == " "
            and not prev.hint
            and doc[span.start].text[:1].isupper()
            and not org_name_for(doc[prev.start : prev.end].text)
        ):
            out[-1] = _Span(prev.start, span.end, "ORG", prev.title, None, cue=prev.cue or span.cue)
            continue
        out.append(span)
    return out


_APPOSITIVE_DETERMINERS = frozenset({"the", "a", "an", "its", "their"})


def _appositive_org(doc: Any, e: int) -> bool:
    """True when ", the/a ... <org type noun>" follows token ``e`` - 1.

    "Unite, the union that ...", "Morena, the party of ...", "Frontex, the
    European Union's border agency": the head noun of the appositive (its last
    noun before a verb, preposition or punctuation) is an organisation noun.
    "Tony Blair, the party leader" has "leader" as its head; in "..., the company
    said" the noun phrase is a new clause's subject.
    """
    if e + 2 >= len(doc) or doc[e].text != "," or doc[e + 1].lower_ not in _APPOSITIVE_DETERMINERS:
        return False
    head = None
    for k in range(e + 2, min(e + 9, len(doc))):
        tok = doc[k]
        if tok.pos_ == "NOUN":
            head = tok
        elif not (
            tok.pos_ in ("PROPN", "ADJ")
            or tok.tag_ in ("VBG", "VBN")  # "the governing party", "a listed company"
            or tok.text in _POSSESSIVE_TOKENS
            or tok.text == "-"
        ):
            if tok.pos_ in ("VERB", "AUX"):
                return False  # "in mid-November, the company said": a new clause
            break
    return head is not None and head.lower_ in _label_data().org_type_nouns


def _capitalised_runs(
    doc: Any, texts: list[str], caps: list[int], covered: set[int], tags: frozenset[str]
) -> list[tuple[int, int]]:
    """Runs of capitalised tokens with a tag in ``tags``, in no span, on one line."""
    runs: list[tuple[int, int]] = []
    cap_set = set(caps)
    end = -1
    for i in caps:
        if i < end or i in covered:
            continue
        tok = doc[i]
        if tok.tag_ not in tags:
            continue
        j = i + 1
        while (
            j in cap_set
            and j not in covered
            and "\n" not in doc[j - 1].whitespace_
            and doc[j].tag_ in tags
        ):
            j += 1
        runs.append((i, j))
        end = j
    return runs


_NNP_TAGS = frozenset({"NNP", "NNPS"})


def _add_appositive_orgs(
    doc: Any, spans: list[_Span], texts: list[str], caps: list[int]
) -> list[_Span]:
    """Add names the model missed that an organisation noun introduces.

    "Unite, the union that represents ..." and "the charity Care4Calais": a run
    of proper nouns in no entity, with an appositive organisation noun after it
    or a type noun right before it (after "the"/"a"), is an ORG.
    """
    covered = {i for sp in spans for i in range(sp.start, sp.end)}
    org_nouns = _label_data().org_type_nouns
    org_verbs = _label_data().org_relative_verbs
    n = len(texts)
    added: list[_Span] = []
    for i, j in _capitalised_runs(doc, texts, caps, covered, _NNP_TAGS):
        before = i >= 2 and texts[i - 1] in org_nouns and _determined_type_noun(doc, texts, i - 1)
        after = j + 2 < n and texts[j] == "," and _appositive_org(doc, j)
        # "Unite, which represents 1,100 workers": "which" is no person, and
        # only bodies represent, employ or run things.
        relative = (
            j + 2 < n and texts[j] == "," and texts[j + 1] == "which" and texts[j + 2] in org_verbs
        )
        # "The RMT union": an acronym right before a type noun.
        acronym = (
            j == i + 1
            and j < n
            and texts[j] in org_nouns
            and 2 <= len(texts[i]) <= 6
            and texts[i].isalpha()
            and texts[i].isupper()
        )
        if (before or after or relative or acronym) and not is_given_name(texts[i]):
            added.append(_Span(i, j, "ORG", cue=_CUE_ORG))
    if not added:
        return spans
    return sorted([*spans, *added], key=lambda sp: sp.start)


def _determined_type_noun(doc: Any, texts: list[str], k: int) -> bool:
    """True when the type noun at ``k`` opens a noun phrase with a determiner.

    "the charity Care4Calais", and with up to three modifiers in between: "the
    Singapore investment fund Temasek", "the sports agency IMG". A verb or
    preposition in between means the noun phrase started elsewhere.
    """
    for m in range(k - 1, max(k - 5, -1), -1):
        if texts[m].lower() in _APPOSITIVE_DETERMINERS:
            return True
        if doc[m].pos_ not in ("NOUN", "PROPN", "ADJ") or not texts[m].isalpha():
            return False
    return False


_HYPHEN_PARTICLES = frozenset(
    {
        "sur",
        "sous",
        "de",
        "des",
        "du",
        "la",
        "le",
        "les",
        "en",
        "am",
        "an",
        "der",
        "upon",
        "on",
        "super",
        "under",
        "in",
        "et",
    }
)


def _extend_hyphenated(doc: Any, span: _Span) -> _Span:
    """ "Boulogne" + "-sur-Mer": take in a hyphenated tail that ends in a capital.

    The tokenizer splits "Boulogne-sur-Mer" and "Stratford-upon-Avon"; the model
    often tags the first part only. Particles in between must be known
    ("sur", "upon", "de"...), and the tail must end in a capitalised word, so
    "Merz-led" stays "Merz".
    """
    j = span.end
    end = span.end
    while (
        j + 1 < len(doc)
        and doc[j].text == "-"  # the rare case first: most spans end before a space
        and doc[j - 1].whitespace_ == ""
        and doc[j].whitespace_ == ""
    ):
        word = doc[j + 1]
        if word.text[:1].isupper():
            j += 2
            end = j
            continue
        if word.lower_ in _HYPHEN_PARTICLES:
            j += 2
            continue
        break
    if end == span.end:
        return span
    return _Span(span.start, end, span.label, span.title, span.hint)


def _place_key_known(text: str) -> bool:
    key = _country_key(text)
    places = _place_data()
    return bool(iso3_for(text)) or key in places.towns or key in places.regions


_NOUN_TAGS = frozenset({"NNP", "NNPS", "NN", "NNS"})


def _add_untagged_places(
    doc: Any, spans: list[_Span], texts: list[str], caps: list[int]
) -> list[_Span]:
    """Add places the model missed or called buildings (FAC).

    A run of capitalised nouns in no entity (not at a sentence start) is a place
    when it is a listed town or region after a place preposition, optionally with
    "the" ("into Exeter", "at Nogales", "in the Midlands"), or after "and"/","
    that follows a place ("in Blackpool and Barnsley"); or when its words have a
    geographic shape ("the Ohio River", "River Parrett") or a geographic noun
    follows it ("the Aa river").
    """
    covered = {i for sp in spans for i in range(sp.start, sp.end)}
    place_at = {sp.end: sp for sp in spans if sp.label in ("GPE", "LOC")}
    preps = _label_data().place_prepositions | {"from", "to", "into", "via", "between"}
    places = _place_data()
    club_places = _label_data().club_places
    added: list[_Span] = []
    for i, j in _capitalised_runs(doc, texts, caps, covered, _NOUN_TAGS):
        if i == 0 or texts[i - 1] in (".", "\n", '"', "\u201c") or doc[i].is_sent_start:
            continue  # a sentence's first word is capitalised anyway
        run = _Span(i, j, "GPE")
        text = doc[i:j].text
        key = _country_key(text)
        k = i - 1
        after_the = texts[k] in ("the", "The")
        if after_the:
            k -= 1
        prev = texts[k].lower() if k >= 0 else ""
        after_place = prev in ("and", ",", "or") and k in place_at
        listed = prev in preps or after_place
        geo = _geo_shape_label(doc, run) if (j - i > 1 or after_the) else None
        if org_name_for(text) or iso3_for(text):
            continue
        if geo is not None:
            run.label = geo
        elif listed and key in places.regions:
            run.label = "LOC"  # "in Fife and the Highlands"
        elif listed and not after_the and (key in places.towns or key in club_places):
            pass  # "in Blackpool": a club's town is a town after a place preposition
        else:
            continue
        added.append(run)
        place_at[j] = run
    if not added:
        return spans
    return sorted([*spans, *added], key=lambda sp: sp.start)


def _label_by_coordination(doc: Any, spans: list[_Span]) -> None:
    """ "Foxconn and Bosch", "the Pas-de-Calais and Nord departments": like with like.

    Two spans joined by "and", the second (or first) of one word: when one is a
    listed town or region (not a country: "Lufthansa and France's Club Med") and
    the other an ORG the data does not know, both are places ("between Calais and
    Dunkirk"); when one is a
    one-word ORG that is no listed place and the other an unlisted GPE/LOC, both
    are ORGs. A longer name says more than its neighbour ("Cambridge and Imperial
    College London", "Islington South and Finsbury").
    """
    for a, b in itertools.pairwise(spans):
        if b.start != a.end + 1 or doc[a.end].text != "and" or a.hint or b.hint:
            continue
        ta, tb = doc[a.start : a.end].text, doc[b.start : b.end].text
        pa, pb = _place_key_known(ta), _place_key_known(tb)
        for x, px, y, py in ((a, pa, b, pb), (b, pb, a, pa)):
            if y.end - y.start != 1:
                continue
            if (
                px
                and x.label in ("GPE", "LOC")
                and not iso3_for(doc[x.start : x.end].text)  # "Lufthansa and France's"
                and y.label == "ORG"
                and y.cue is None
                and not org_name_for(doc[y.start : y.end].text)
            ):
                y.label = "GPE"
            elif (
                not py
                and not px
                and x.label == "ORG"
                and x.end - x.start == 1
                and y.label in ("GPE", "LOC")
            ):
                y.label = "ORG"
            elif (
                x.label == "ORG"
                and y.label == "PERSON"
                and y.cue is None
                and not y.title
                and not is_given_name(doc[y.start].text)
            ):
                # "Tesco and Aldi", "Fifa and Uefa": a lone word joined to an
                # organisation and with no given name is one too; the cue makes
                # every mention of it in the article follow.
                y.label = "ORG"
                y.cue = _CUE_ORG


def _extend_known_name(doc: Any, span: _Span) -> _Span:
    """Take in the next word when it completes a known club or organisation name.

    The model stops short: "Newcastle" + "United", "Aston" + "Villa". Only a
    capitalised word in no other entity, on the same line.
    """
    e = span.end
    if e >= len(doc) or span.hint:
        return span
    nxt = doc[e]
    if (
        nxt.ent_type_
        or not nxt.is_alpha
        or not nxt.text[:1].isupper()
        or "\n" in doc[e - 1].whitespace_
    ):
        return span
    text = doc[span.start : e + 1].text
    if _country_key(text) in _label_data().clubs:
        return _Span(span.start, e + 1, "ORG", span.title, span.hint)
    if org_name_for(text):
        return _Span(span.start, e + 1, "ORG", span.title, span.hint)
    return span


def _looks_like_name(doc: Any, span: _Span) -> bool:
    """Reject spans that are not names: lower-case junk, numbers, "Leading European"."""
    toks = doc[span.start : span.end]
    text = toks.text
    if not any(ch.isupper() for ch in text) or not any(ch.isalpha() for ch in text):
        return False
    if _fold(text) in _rules().not_names:
        return False
    if span.label == "ORG" and org_name_for(text):
        return True  # "World Food Programme" is an organisation whatever its last word
    if span.label == "ORG" and toks[-1].text in _rules().not_org_last_words:
        return False  # "Common Agricultural Policy" is a law, not an organisation
    if span.label == "ORG" and any(
        toks[i].text in _rules().not_org_last_words and toks[i + 1].text in ("on", "of", "for")
        for i in range(len(toks) - 1)
    ):
        return False  # "European Convention on Human Rights", "Treaty of Rome"
    if span.label == "NORP" or span.hint:
        return True
    if iso3_for(text) or org_name_for(text):
        return True
    # The tagger is right more often than NER about capitalised adjectives and
    # sentence-initial verbs: a name has at least one proper-noun token.
    return any(t.tag_ in ("NNP", "NNPS") for t in toks)


CITIES_PATH = DATA_DIR / "entity_cities.json"


@functools.cache
def _cities() -> frozenset[str]:
    """Folded capital and major city names (entity_cities.json), minus club names."""
    with CITIES_PATH.open(encoding="utf-8") as fh:
        names = json.load(fh)["cities"]
    data = _label_data()
    keys = {_country_key(n) for n in names}
    return frozenset(keys - data.clubs - data.club_places)


PLACES_PATH = DATA_DIR / "entity_places.json"


@dataclass(frozen=True, slots=True)
class _PlaceData:
    """Place gazetteer and geographic name shapes (entity_places.json, pycountry)."""

    towns: frozenset[str]  # folded towns, cities and subdivisions: GPE
    states: frozenset[str]  # folded subdivisions outside the UK (no club or firm names)
    regions: frozenset[str]  # folded areas, seas and rivers that are no polity: LOC
    loc_last_words: frozenset[str]
    loc_first_words: frozenset[str]
    channel_words: frozenset[str]
    gpe_first_words: frozenset[str]
    loc_nouns: frozenset[str]


@functools.cache
def _place_data() -> _PlaceData:
    with PLACES_PATH.open(encoding="utf-8") as fh:
        data = json.load(fh)
    label_data = _label_data()
    exclude = {_country_key(n) for n in data["subdivision_exclude"]}
    # Subdivision names (states, provinces, counties, departments) from pycountry:
    # offline data the project already installs; names are in local usage
    # ("Chihuahua", "Pas-de-Calais", "Sinaloa"). Given names and club names are left
    # out: the model is right more often than a gazetteer about "Victoria".
    import pycountry  # local: only needed once per process

    subs = [
        sub
        for code in data["subdivision_countries"]
        for sub in pycountry.subdivisions.get(country_code=code) or ()
    ]
    sub_names = {sub.name for sub in subs}
    blocked = exclude | label_data.clubs | label_data.club_places
    towns = {
        _country_key(n)
        for n in (*data["towns"], *sub_names)
        if not (" " not in n and is_given_name(n))
    }
    towns = (towns | set(_cities())) - blocked
    regions = {_country_key(n) for n in data["regions"]} - blocked
    # British counties and boroughs share names with clubs and firms ("Brent" crude,
    # "Bury"); states, departments and provinces abroad hardly do.
    states = {_country_key(sub.name) for sub in subs if sub.country_code != "GB"} & towns
    return _PlaceData(
        towns=frozenset(towns - regions),
        states=frozenset(states - regions),
        regions=frozenset(regions),
        loc_last_words=frozenset(data["loc_last_words"]),
        loc_first_words=frozenset(data["loc_first_words"]),
        channel_words=frozenset(data["channel_words"]),
        gpe_first_words=frozenset(data["gpe_first_words"]),
        loc_nouns=frozenset(data["loc_nouns"]),
    )


def _gazetteer_label(text: str, label: str) -> str | None:
    """GPE/LOC for a listed town or region the model tagged PERSON or ORG, else None.

    "Exeter" and "Chihuahua" tagged PERSON, "Midlands" tagged ORG: names nobody
    or no company is called. Given names ("Victoria") are not listed, and known
    organisations keep their label (checked by the caller).
    """
    if label not in ("PERSON", "ORG"):
        return None
    key = _country_key(text)
    places = _place_data()
    if key in places.regions:
        return "LOC"
    if key in places.towns and text not in _label_data().cue_only_names:
        # A one-word ORG may be a club or company named after its town ("Chester
        # chairman", "Halifax" the bank): _relabel_by_shape decides with context.
        if label == "ORG" and " " not in text and key not in _cities() and key not in places.states:
            return None
        return "GPE"
    return None


def _relabel(text: str, label: str) -> str:
    """Labels the data knows better than the model (countries, demonyms, orgs, cities)."""
    if iso3_for(text) and not is_demonym(text):
        return "GPE"
    if label in ("ORG", "LOC") and _country_key(text) in _cities():
        return "GPE"  # "Budapest would not take lessons": a city standing for a government
    if (
        label == "PERSON"
        and " " not in text
        and _country_key(text) in _cities()
        and not is_given_name(text)
        and text not in _label_data().cue_only_names
    ):
        return "GPE"  # "Bratislava is home to ...": no one is called that
    if is_demonym(text):
        return "NORP"
    if label != "PERSON" and org_name_for(text):
        return "ORG"
    if label == "PERSON" and org_name_for(text) and len(text.split()) <= 2:
        return "ORG"  # "Lib Dem" tagged as a person
    return _gazetteer_label(text, label) or label


GIVEN_NAMES_PATH = DATA_DIR / "given_names.json"
ORG_WORDS_PATH = DATA_DIR / "entity_org_words.json"
CLUBS_PATH = DATA_DIR / "sports_clubs.json"


@dataclass(frozen=True, slots=True)
class _LabelData:
    """Word lists for label repair (given_names.json, entity_org_words.json, sports_clubs.json)."""

    given_names: frozenset[str]
    cue_only_names: frozenset[str]  # given names that are also places or brands
    org_last_words: frozenset[str]
    org_last_words_not_places: frozenset[str]
    place_last_words: frozenset[str]
    eponymous: frozenset[str]  # folded "Thomas Cook"
    org_type_nouns: frozenset[str]
    org_head_nouns: frozenset[str]
    org_possessive_nouns: frozenset[str]
    org_stake_nouns: frozenset[str]
    person_role_nouns: frozenset[str]
    speech_verbs: frozenset[str]
    place_prepositions: frozenset[str]
    clubs: frozenset[str]  # folded
    club_places: frozenset[str]  # folded
    venues: frozenset[str]  # folded names of grounds and stadiums (FAC)
    org_suffix_words: frozenset[str]  # folded company words ("group", "motor", "plc")
    org_relative_verbs: frozenset[str]  # "Unite, which represents ..."


@functools.cache
def _label_data() -> _LabelData:
    def load(path: Path) -> dict[str, Any]:
        with path.open(encoding="utf-8") as fh:
            data: dict[str, Any] = json.load(fh)
        return data

    names, words, clubs = load(GIVEN_NAMES_PATH), load(ORG_WORDS_PATH), load(CLUBS_PATH)
    return _LabelData(
        given_names=frozenset(names["names"]),
        cue_only_names=frozenset(names["cue_only"]),
        org_last_words=frozenset(words["org_last_words"]),
        org_last_words_not_places=frozenset(words["org_last_words_not_places"]),
        place_last_words=frozenset(words["place_last_words"]),
        eponymous=frozenset(_country_key(n) for n in words["eponymous_companies"]),
        org_type_nouns=frozenset(words["org_type_nouns"]),
        org_relative_verbs=frozenset(words.get("org_relative_verbs", ())),
        org_head_nouns=frozenset(words["org_head_nouns"]),
        org_possessive_nouns=frozenset(words["org_possessive_nouns"]),
        org_stake_nouns=frozenset(words["org_stake_nouns"]),
        person_role_nouns=frozenset(words["person_role_nouns"]),
        speech_verbs=frozenset(words["speech_verbs"]),
        place_prepositions=frozenset(words["place_prepositions"]),
        clubs=frozenset(_country_key(n) for n in clubs["clubs"]),
        club_places=frozenset(_country_key(n) for n in clubs["club_places"]),
        venues=frozenset(_country_key(n) for n in clubs.get("venues", ())),
        org_suffix_words=frozenset(_fold(w) for w in words["org_suffix_words"]),
    )


def is_given_name(word: str) -> bool:
    """True for a common given name from ``given_names.json`` ("Viktor", "Lionel").

    Names that are also places or brands ("Jordan", "Chelsea") are not counted.
    """
    return word in _label_data().given_names


BOUNDARIES_PATH = DATA_DIR / "entity_boundaries.json"


@dataclass(frozen=True, slots=True)
class _BoundaryData:
    """Word lists for span boundaries and short-form merging (entity_boundaries.json)."""

    the_names: frozenset[str]  # folded, with the "The"
    title_heads: frozenset[str]
    portfolio_words: frozenset[str]
    org_member_nouns: frozenset[str]
    possessive_names: dict[str, str]  # folded name -> name as written, with its "'s"
    possessive_org_heads: frozenset[str]
    saint_institution_heads: frozenset[str]


@functools.cache
def _boundary_data() -> _BoundaryData:
    with BOUNDARIES_PATH.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return _BoundaryData(
        the_names=frozenset(_fold(n) for n in data["the_names"]),
        title_heads=frozenset(data["title_heads"]),
        portfolio_words=frozenset(data["portfolio_words"]),
        org_member_nouns=frozenset(data["org_member_nouns"]),
        possessive_names={_country_key(n): n for n in data["possessive_names"]},
        possessive_org_heads=frozenset(data["possessive_org_heads"]),
        saint_institution_heads=frozenset(data.get("saint_institution_heads", ())),
    )


def _is_initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1 and word[:1].isupper()


def _person_shaped(doc: Any, span: _Span) -> bool:
    """ "Firstname [Initial] Surname" with a known given name ("Viktor Pinchuk").

    A given name that is also a place or brand ("Jordan") needs a cue: the span
    is followed by said/told/... or follows a person word ("singer"). The
    surname must be a capitalised word that ends no organisation or place name
    and is no country, demonym or known organisation.
    """
    data = _label_data()
    words = [t.text for t in doc[span.start : span.end] if t.text != "-"]
    if not 2 <= len(words) <= 3 or _country_key(" ".join(words)) in data.eponymous:
        return False
    first, *rest = words
    if first not in data.given_names:
        if first not in data.cue_only_names:
            return False
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        if after not in data.speech_verbs and before not in data.person_role_nouns:
            return False
    last = rest[-1]
    if (
        last in data.org_last_words
        or last in data.org_last_words_not_places
        or last in data.place_last_words
        or _is_initial(last)
    ):
        return False
    for word in rest:
        bare = word.replace("'", "").replace("’", "")
        if _is_initial(word) or (word in _rules().particles and word != last):
            continue  # "Sigrid de Vries"
        if not (bare.isalpha() and word[:1].isupper() and not word.isupper()):
            return False
        if iso3_for(word) or is_demonym(word) or org_name_for(word):
            return False
    return True


def _trim_leading_noun(doc: Any, span: _Span) -> _Span:
    """Cut a capitalised common noun from the front of a PERSON span.

    "Conductor Marcello Viotti", "Bookmaker William Hill" at a sentence start:
    the model takes the noun into the name. Only when a given name follows
    (or a company named after a person), so "Band Aid 20" stays whole; the noun
    then serves as the span's context cue (``_context_cue``).
    """
    data = _label_data()
    first = doc[span.start]
    if (
        span.end - span.start < 3
        or not first.is_sent_start
        or first.lower_ not in data.person_role_nouns | data.org_type_nouns
    ):
        return span
    rest = doc[span.start + 1 : span.end]
    if rest[0].text not in data.given_names and _country_key(rest.text) not in data.eponymous:
        return span
    return _Span(span.start + 1, span.end, span.label, span.title, span.hint)


# Before "the X": words that put a river, sea or range there ("on the Clyde");
# "in/at/from the X" are as often organisations ("at the Guardian").
_THE_PLACE_PREPOSITIONS = frozenset({"on", "near", "across", "along", "over", "up", "down"})


def _after_the(doc: Any, i: int) -> bool:
    """True when token ``i`` follows a lower-case "the" ("the Clyde", not "The")."""
    return i > 0 and doc[i - 1].text == "the"


def _relabel_by_shape(doc: Any, span: _Span) -> str:
    """Labels the words of a span give away, whatever the model said.

    * sports clubs are ORG ("Manchester United" tagged PERSON); one-word clubs
      that are also places ("Liverpool", "Ulster") only when tagged PERSON;
    * a span ending in an organisation word is ORG ("Blackground Records",
      "Hinckley United"; "Bank", "Union"... only for PERSON spans: "West Bank");
    * "Firstname Surname" tagged ORG/GPE/LOC is a PERSON ("Viktor Pinchuk").

    Countries, demonyms, known organisations and EntityRuler matches keep
    their label.
    """
    label = span.label
    text = doc[span.start : span.end].text
    if span.hint or label not in ("PERSON", "ORG", "GPE", "LOC", "NORP"):
        return label
    if (
        label == "PERSON"
        and span.end - span.start == 1
        and _after_the(doc, span.start)
        # "the Bush administration", "the Blair years": a person as a modifier.
        and not (span.end < len(doc) and doc[span.end].pos_ in ("NOUN", "PROPN", "NUM"))
    ):
        # A lone name after "the" is no person ("built on the Clyde", "told the
        # Guardian"): a place after a place preposition, else an organisation.
        before = doc[span.start - 2].lower_ if span.start >= 2 else ""
        return "LOC" if before in _THE_PLACE_PREPOSITIONS else "ORG"
    if iso3_for(text) or is_demonym(text) or org_name_for(text):
        return label
    data = _label_data()
    key = _country_key(text)
    if label in ("GPE", "LOC") and (key in _place_data().towns or key in _place_data().regions):
        return label  # a listed place: "Rio Grande" is no person, whatever its words
    n_words = span.end - span.start
    if key in data.clubs and (label != "NORP" or n_words > 1):
        return "ORG"
    if key in data.club_places and label == "PERSON":
        return "ORG"
    if label == "NORP":
        return label
    geo = _geo_shape_label(doc, span)
    if geo is not None:
        return geo
    if (
        label == "ORG"
        and n_words == 1
        and key in _place_data().towns
        and span.start > 0
        and doc[span.start - 1].lower_ in _ORG_TOWN_PREPOSITIONS
    ):
        return "GPE"  # "in Glastonbury", but "Chester chairman", "Halifax shares" stay
    head = doc[span.start].text
    if (
        n_words > 1
        and label in ("GPE", "LOC")
        and (org_name_for(head) or (len(head) >= 2 and head.isupper() and head.isalpha()))
        and not iso3_for(head)
        and _place_key_known(doc[span.start + 1 : span.end].text)  # not "AJ Venter"
    ):
        return "ORG"  # "NHS England", "BBC Scotland": an organisation's national arm
    last = doc[span.end - 1].text
    if n_words > 1 and label != "ORG":
        if last in data.org_last_words:
            return "ORG"
        if label == "PERSON" and last in data.org_last_words_not_places:
            return "ORG"
    if label != "PERSON" and _person_shaped(doc, span):
        return "PERSON"
    return label


# Words before a one-word ORG that is a listed town which make it the town.
_ORG_TOWN_PREPOSITIONS = frozenset(
    {"in", "near", "outside", "around", "throughout", "across", "from", "between", "into"}
)


def _geo_shape_label(doc: Any, span: _Span) -> str | None:
    """LOC/GPE when the words of a span or the noun after it make it a place.

    "Somerset Levels", "Ohio River", "River Parrett", "Gulf of Mexico", "Bristol
    Channel" (not "Discovery Channel": "Channel" needs a place or "English"
    before it), "the Aa river" (a lower-case geographic noun after the name) are
    LOC; "Ciudad Juarez" is a GPE. Spans ending in an organisation word
    ("Thames Valley Police") are never places.
    """
    places = _place_data()
    if span.label == "ORG" and span.end - span.start > 3:
        return None  # "Project for Farmers of the Chancay-Huaral Valley": a body
    last_tok = doc[span.end - 1]
    last = last_tok.text
    data = _label_data()
    if last in data.org_last_words or (
        last in data.org_last_words_not_places and last != "Channel"
    ):
        return None
    if span.end - span.start > 1:
        first = doc[span.start].text
        if last in places.loc_last_words:
            return "LOC"
        if last == "Channel" and (
            doc[span.end - 2].text in places.channel_words
            or _country_key(doc[span.start : span.end - 1].text) in places.towns
        ):
            return "LOC"
        if first in places.loc_first_words and (
            first in ("River", "Lake", "Mount", "Isle") or doc[span.start + 1].lower_ == "of"
        ):
            return "LOC"
        if first in places.gpe_first_words and span.label != "ORG":
            return "GPE"
    if (
        span.label != "ORG"
        and span.end < len(doc)
        and doc[span.end].text in places.loc_nouns
        and "\n" not in last_tok.whitespace_
    ):
        return "LOC"
    return None


# Context cues (see _context_cue): strong ORG evidence, ORG evidence that only
# outweighs a PERSON label, and PERSON evidence.
_CUE_ORG = "ORG"
_CUE_ORG_WEAK = "ORG_WEAK"
_CUE_PERSON = "PERSON"


def _context_cue(doc: Any, span: _Span) -> str | None:
    """What the words around a span say it is, if anything.

    * ORG: a type noun before it ("oil giant Yukos", "record company Universal")
      or "shares/stake in" before it;
    * ORG_WEAK: a company noun after it ("Yukos shares", "Chelsea boss",
      "Yukos' assets"); people and places take such nouns too ("Blair aide",
      "Wales captain"), so this only outweighs a PERSON label;
    * PERSON: a person word before it ("singer Dido", "frontman Bono"), not
      after "best" ("the best actor Bafta").
    """
    data = _label_data()
    s, e = span.start, span.end
    if s > 0:
        prev = doc[s - 1]
        after_hyphen = s > 1 and doc[s - 2].text == "-"  # "film-maker Michael Moore"
        common = prev.text.islower() or (prev.is_sent_start and prev.text.istitle())
        if common and not after_hyphen:
            prev_word = prev.lower_
            if prev_word in data.person_role_nouns:
                # "the best actor Bafta": an award category, not a person's role.
                if s > 1 and doc[s - 2].lower_ == "best":
                    return None
                return _CUE_PERSON
            if prev_word in data.org_type_nouns:
                return _CUE_ORG
        if prev.lower_ == "in" and s > 1 and doc[s - 2].lower_ in data.org_stake_nouns:
            return _CUE_ORG
        # "analysts at Peel Hunt": people who work at a place of business.
        if prev.lower_ == "at" and s > 1 and doc[s - 2].lower_ in _boundary_data().org_member_nouns:
            return _CUE_ORG
        # "its chief economist, Siva Anandaciva": a role noun, a comma, the name.
        if prev.text == "," and s > 1 and doc[s - 2].lower_ in data.person_role_nouns:
            return _CUE_PERSON
    if _appositive_org(doc, e):
        return _CUE_ORG
    if e < len(doc):
        nxt = doc[e]
        if nxt.text in _POSSESSIVE_TOKENS:
            if e + 1 < len(doc) and doc[e + 1].text in data.org_possessive_nouns:
                return _CUE_ORG_WEAK
        elif nxt.text in data.org_head_nouns:
            return _CUE_ORG_WEAK
    return None


def _merge_country_prefixes(doc: Any, spans: list[_Span]) -> list[_Span]:
    """ "US" + "District Court" -> one ORG "US District Court".

    A country written right before an organisation's name (same line, one space)
    is part of that name, as the model sees for "UK Independence Party" but
    misses for "US Anti-Doping Agency".
    """
    spans = sorted(spans, key=lambda sp: sp.start)
    out: list[_Span] = []
    for span in spans:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.label == "GPE"
            and span.label == "ORG"
            and prev.end == span.start
            and doc[prev.end - 1].whitespace_ == " "
            and span.end - span.start >= 2
            and iso3_for(doc[prev.start : prev.end].text)
            and not org_name_for(doc[span.start : span.end].text)
        ):
            out[-1] = _Span(prev.start, span.end, "ORG", hint=span.hint)
            continue
        out.append(span)
    return out


def _repaired_spans(doc: Any, text: str | None = None) -> list[_Span]:
    """All kept entity spans of ``doc`` after repair, in text order, non-overlapping."""
    org_last = _label_data().org_last_words
    raw = [
        _Span(ent.start, ent.end, ent.label_, hint=ent.ent_id_ or None)
        if ent.label_ in KEPT_LABELS
        # "Northern Trains" tagged FAC, "Sky Television" tagged PRODUCT: a word
        # that only ends organisation names outweighs the model's guess.
        else _Span(ent.start, ent.end, "ORG")
        for ent in doc.ents
        if ent.label_ in KEPT_LABELS
        or (ent.label_ in ("FAC", "PRODUCT") and len(ent) > 1 and ent[-1].text in org_last)
    ]
    venues = _label_data().venues
    out: list[_Span] = []
    for span in raw:
        trimmed = _trim(doc, span)
        for part in _split(doc, trimmed):
            part = _trim(doc, part)
            if part.end <= part.start:
                continue
            if _is_portfolio(doc, part):
                continue  # "State" of "Secretary of State"
            if (
                part.label in ("GPE", "LOC")
                and part.end - part.start > 1
                and doc[part.end - 1].lower_ in _SUBDIVISION_NOUNS
                and doc[part.end - 1].text.islower()
            ):
                # "Zambezia province": the noun says what kind of place it is.
                part = _Span(part.start, part.end - 1, part.label, part.title, part.hint)
            if part.label == "ORG":
                part = _extend_of_name(doc, _extend_org_head_left(doc, part))
                part = _extend_and_name(doc, part)
            part = _extend_known_name(doc, part)
            part = _extend_saint_institution(doc, part)
            part = _extend_legal_suffix(doc, part)
            part = _extend_hyphenated(doc, part)
            if not part.hint and _country_key(doc[part.start : part.end].text) in venues:
                continue  # "Old Trafford": a building, not an actor
            if part.label == "PERSON":
                stripped = _strip_title(doc, part)
                if stripped is None:
                    continue
                part = _strip_portfolio(doc, stripped)
                part = _trim_leading_noun(doc, part)
                if part.title is None:
                    part = _extend_given_name(doc, part)
            if part.label in ("PERSON", "GPE", "LOC", "ORG") and part.end - part.start <= 3:
                part = _extend_particles(doc, part)
            if not _looks_like_name(doc, part):
                continue
            for piece in _split_place_pair(doc, part):
                piece.label = _relabel(doc[piece.start : piece.end].text, piece.label)
                piece.label = _relabel_by_shape(doc, piece)
                piece.cue = _context_cue(doc, piece)
                out.append(piece)
    out = _merge_country_prefixes(doc, out)
    # Extension can make spans overlap ("Ursula von der Leyen" and "Leyen"): keep
    # the longer one.
    out.sort(key=lambda sp: (sp.start, -(sp.end - sp.start)))
    kept: list[_Span] = []
    for span in out:
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    kept = _merge_split_orgs(doc, kept)
    kept = _add_untagged_clubs(doc, kept)
    # Token texts once: the scans below look at capitalised words only, and
    # indexing the doc builds a Token object per access.
    if text is None:
        text = doc.text
    texts = [text[a : a + n] for a, n in doc.to_array(["IDX", "LENGTH"]).tolist()]
    caps = [i for i, w in enumerate(texts) if w[0].isupper()]
    kept = _add_untagged_acronyms(doc, kept, texts, caps)
    kept = _add_appositive_orgs(doc, kept, texts, caps)
    kept = _merge_country_suffix_orgs(doc, kept)
    kept = _add_untagged_places(doc, kept, texts, caps)
    _label_by_coordination(doc, kept)
    return _link_bracket_acronyms(doc, kept)


_COUNTRY_SUFFIXES = frozenset({"UK", "GB", "USA", "US"})


def _merge_country_suffix_orgs(doc: Any, spans: list[_Span]) -> list[_Span]:
    """ "Reform UK", "Age UK": a proper noun the model left untagged, then "UK".

    The model tags only the country. A country code right after a capitalised
    proper noun in no entity of the model (so no month, title or name: "In March
    UK inflation") is the end of an organisation's name.
    """
    out: list[_Span] = []
    prev_end = 0
    for sp in spans:
        s = sp.start
        if (
            sp.end - s == 1
            and s >= 1
            and s - 1 >= prev_end
            and doc[s].text in _COUNTRY_SUFFIXES
            and (prev := doc[s - 1]).tag_ == "NNP"
            and prev.is_alpha
            and prev.text[:1].isupper()
            and not prev.ent_type_
            and (prev.lower_,) not in _rules().titles
            and not is_given_name(prev.text)
        ):
            sp = _Span(s - 1, sp.end, "ORG", cue=_CUE_ORG)
        out.append(sp)
        prev_end = sp.end
    return out


def _add_untagged_acronyms(
    doc: Any, spans: list[_Span], texts: list[str], caps: list[int]
) -> list[_Span]:
    """Add known organisation acronyms the model left untagged ("G8 presidencies").

    Only capitals with a digit ("G8", "G20", "MI6") that ``org_aliases.json``
    lists, outside every span: the small model misses those as a rule, while an
    all-letter acronym it left untagged is mostly not used as a name there.
    """
    covered = {i for sp in spans for i in range(sp.start, sp.end)}
    added = [
        _Span(i, i + 1, "ORG")
        for i in caps
        if i not in covered
        and len(w := texts[i]) >= 2
        and w.isupper()
        and w.isalnum()
        and any(ch.isdigit() for ch in w)
        and org_name_for(w)
    ]
    if not added:
        return spans
    return sorted([*spans, *added], key=lambda sp: sp.start)


def _add_untagged_clubs(doc: Any, spans: list[_Span]) -> list[_Span]:
    """In a sports report, add clubs the model left untagged ("Arsenal beat ...").

    A report is one where at least two known clubs were tagged; then any
    proper noun or pair of them outside every span that is a known club becomes
    an ORG mention.
    """
    data = _label_data()
    tagged = {
        key
        for sp in spans
        if (key := _country_key(doc[sp.start : sp.end].text)) in data.clubs
        or (sp.label == "ORG" and key in data.club_places)
    }
    if len(tagged) < 2:
        return spans
    covered = {i for sp in spans for i in range(sp.start, sp.end)}
    added: list[_Span] = []
    i = 0
    while i < len(doc):
        if i in covered or not doc[i].text[:1].isupper() or not doc[i].is_alpha:
            i += 1
            continue
        for n in (2, 1):
            if i + n > len(doc) or any(
                j in covered or doc[j].pos_ != "PROPN" for j in range(i, i + n)
            ):
                continue  # "Reading the match", "Sale of the club": not names here
            key = _country_key(doc[i : i + n].text)
            if key in data.clubs or key in data.club_places:
                added.append(_Span(i, i + n, "ORG"))
                i += n
                break
        else:
            i += 1
    if not added:
        return spans
    return sorted([*spans, *added], key=lambda sp: sp.start)


def _bracket_acronym(doc: Any, span: _Span) -> str | None:
    """The acronym an organisation's name defines right after it: "... Authority (CMA)"."""
    e = span.end
    if e + 2 >= len(doc) or doc[e].text != "(" or doc[e + 2].text != ")":
        return None
    word = doc[e + 1].text
    if _acronym_letters(word) is None or iso3_for(word):
        return None  # "(UK)" after a name is a place, not the name's acronym
    known = org_name_for(word)
    # The letters need not be the initials: "Federation of German Industries (BDI)".
    if known and known != (span.hint or org_name_for(doc[span.start : span.end].text)):
        return None
    return word


def _link_bracket_acronyms(doc: Any, spans: list[_Span]) -> list[_Span]:
    """Tie every use of an acronym defined in brackets to the name it stands for.

    "the Ministry of Defence (MoD)": each "MoD" of the article becomes an ORG
    mention with the full name as its hint, also where the model tagged it as
    something else or missed it.
    """
    defined: dict[str, str] = {}
    for span in spans:
        if span.label != "ORG":
            continue
        acronym = _bracket_acronym(doc, span)
        if acronym is not None:
            defined.setdefault(acronym, span.hint or doc[span.start : span.end].text)
    if not defined:
        return spans
    covered: dict[int, _Span] = {}
    for span in spans:
        for i in range(span.start, span.end):
            covered[i] = span
    out = list(spans)
    for tok in doc:
        name = defined.get(tok.text)
        if name is None:
            continue
        own = covered.get(tok.i)
        if own is None:
            out.append(_Span(tok.i, tok.i + 1, "ORG", hint=name))
        elif own.end - own.start == 1:
            own.label, own.hint = "ORG", name
    out.sort(key=lambda sp: sp.start)
    return out


@dataclass(slots=True)
class _Mention:
    start_char: int
    end_char: int
    text: str
    label: str
    name: str = ""  # canonical name, filled in by canonicalisation
    entity_id: str = ""
    iso3: str | None = None
    title: str | None = None
    hint: str | None = None
    cue: str | None = None
    place_cue: bool = False  # "at Gleneagles": a place preposition right before it
    town_cue: bool = False  # "the city of Liverpool", "in Liverpool": surely the town


def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(_fold(name.replace("-", " - ")).split())


def _surname(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Surname with its particles: ("ursula", "von", "der", "leyen") -> ("von", "der", "leyen")."""
    particles = _rules().particles
    for i, tok in enumerate(tokens[1:], start=1):
        if tok in particles:
            return tokens[i:]
    return tokens[-1:]


def _is_sub_name(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """True when ``short`` names the same person as the longer ``full``.

    "George Bush" in "George W Bush" (same first and last), "von der Leyen" or
    "Manuel Barroso" as a tail of the full name.
    """
    if len(short) >= len(full):
        return False
    if short[0] == full[0] and short[-1] == full[-1]:
        return True
    return full[-len(short) :] == short


def _canonicalise_people(people: list[_Mention]) -> None:
    """Give every PERSON mention the fullest name of its person in the article."""
    clusters: list[list[_Mention]] = []
    keys: list[tuple[str, ...]] = []  # fullest token form of each cluster

    def own(m: _Mention) -> tuple[str, ...]:
        return _name_tokens(m.hint or m.text)

    multi = sorted((m for m in people if len(own(m)) > 1), key=lambda m: -len(own(m)))
    for m in multi:
        toks = own(m)
        for i, key in enumerate(keys):
            if toks == key or _is_sub_name(toks, key):
                clusters[i].append(m)
                break
        else:
            clusters.append([m])
            keys.append(toks)

    for m in (m for m in people if len(own(m)) == 1):
        toks = own(m)
        candidates = [i for i, k in enumerate(keys) if len(k) > 1 and _surname(k)[-1:] == toks]
        if not candidates:  # "Keir" for "Keir Starmer", "Marion" for "Marion Jones"
            candidates = [i for i, k in enumerate(keys) if len(k) > 1 and k[0] == toks[0]]
        if not candidates:
            candidates = [i for i, k in enumerate(keys) if k == toks]
        if len(candidates) > 1:
            # Two Bushes in one article: the nearest preceding full mention wins.
            at = m.start_char
            candidates.sort(
                key=lambda i: max(
                    (c.start_char for c in clusters[i] if c.start_char <= at), default=-1
                ),
                reverse=True,
            )
        if candidates:
            clusters[candidates[0]].append(m)
        else:
            clusters.append([m])
            keys.append(toks)

    for cluster in clusters:
        best = max(
            cluster,
            key=lambda m: (
                len(own(m)),
                sum(1 for o in cluster if o.text == m.text),
                -m.start_char,
            ),
        )
        name = best.hint or best.text
        for m in cluster:
            m.name = name


def _initials(name: str) -> str:
    inner = _rules().org_inner_words
    return "".join(
        w[0] for w in name.replace("-", " ").split() if w not in inner and w[:1].isupper()
    )


def _acronym_letters(text: str) -> str | None:
    """Capitals of an acronym-shaped word ("CMA", "BoJ" -> "BJ", "MoD" -> "MD"), else None."""
    bare = text.replace(".", "")
    if not (2 <= len(bare) <= 6 and bare.isalpha() and bare[0].isupper()):
        return None
    letters = "".join(ch for ch in bare if ch.isupper())
    if len(letters) < 2 or (not bare.isupper() and len(letters) * 2 < len(bare)):
        return None  # "Kestrel", "McDonald" are words, not acronyms
    return letters


def _nearest(
    m: _Mention, names: list[str], by_name: dict[str, list[int]], breaks: list[int]
) -> str:
    """Of several candidate names, the one ``m`` most likely shortens.

    The one mentioned last before ``m`` in the same paragraph ("the Bank" right
    after "Bank of England"); else the one the article names most often
    ("United" in a report on Manchester United that also names Newcastle
    United); else the nearest.
    """
    at = m.start_char
    para = bisect.bisect_right(breaks, at)

    def rank(name: str) -> tuple[int, int, int]:
        before = [c for c in by_name[name] if c <= at]
        if before and bisect.bisect_right(breaks, max(before)) == para:
            return (0, 0, at - max(before))
        distance = at - max(before) if before else min(by_name[name]) - at
        return (1, -len(by_name[name]), abs(distance))

    return min(sorted(names), key=rank)


def _shortens(
    toks: tuple[str, ...],
    name: str,
    m: _Mention,
    by_name: dict[str, list[int]],
    first_seen: dict[tuple[str, ...], int],
    short_counts: dict[tuple[str, ...], int],
) -> bool:
    """True when the short form ``toks`` can stand for the longer organisation ``name``.

    It must start or end the longer name, not as half of a hyphenated pair
    ("Fiat" of "Fiat-GM"). A one-word short form must also come after the long
    name in the body ("Riggs Bank ... Riggs"), unless the long name only adds
    company words ("Toyota" ... "Toyota Motor"): a parent company named first
    is not its unit named later ("Fiat" ... "Fiat Powertrain"), and two names
    that are both used more than once are two things ("Google", "Google News").
    """
    full = _name_tokens(name)
    n = len(toks)
    if len(full) <= n:
        return False
    prefix = full[:n] == toks
    if prefix:
        extra = full[n:]
    elif full[-n:] == toks:
        extra = full[:-n]  # "Villa" of "Aston Villa": a club or body, never its product
    else:
        return False
    if "-" in (extra[0], extra[-1]):
        return False
    if n > 1:
        return True
    suffixes = _label_data().org_suffix_words
    if all(w in suffixes for w in extra):
        return True
    if not prefix:
        return True
    if len(by_name[name]) > 1 and short_counts.get(toks, 0) > 1:
        return False  # both used again and again: "Google" and its "Google News"
    long_first = first_seen.get(full, min(by_name[name]))
    return long_first <= first_seen.get(toks, m.start_char)


def _canonicalise_orgs(
    orgs: list[_Mention], breaks: list[int] | None = None, title_end: int = 0
) -> None:
    """Known short forms, acronyms and shortened names to the article's fullest name.

    * known aliases ("Nato") and acronyms defined in brackets (hints) first;
    * an acronym whose capitals are the initials of one full name ("CMA" for
      "Competition and Markets Authority", "BoJ" for "Bank of Japan");
    * a shorter form that starts or ends a longer name of the article: "Riggs"
      of "Riggs Bank", "Villa" of "Aston Villa", "Bank" of "Bank of England",
      "Cyber Security Division" of "National Cyber Security Division". With
      several candidates, the one mentioned last before the short form wins.
    """
    breaks = breaks or []
    possessive = _boundary_data().possessive_names
    for m in orgs:
        m.name = m.hint or org_name_for(m.text) or possessive.get(_country_key(m.text), m.text)
    by_name: dict[str, list[int]] = {}
    first_seen: dict[tuple[str, ...], int] = {}  # first mention outside the title line
    short_counts: dict[tuple[str, ...], int] = {}
    for m in orgs:
        if len(_name_tokens(m.name)) > 1:
            by_name.setdefault(m.name, []).append(m.start_char)
        if m.start_char >= title_end:
            first_seen.setdefault(_name_tokens(m.name), m.start_char)
        short = _name_tokens(m.name)
        short_counts[short] = short_counts.get(short, 0) + 1
    for m in orgs:
        if org_name_for(m.text) or m.hint:
            continue
        letters = _acronym_letters(m.text)
        if letters is not None:
            matches = [n for n in by_name if _initials(n) == letters]
            if matches:
                m.name = _nearest(m, matches, by_name, breaks)
                continue
            if m.text.replace(".", "").isupper():
                continue  # an undefined acronym is not the start of some longer name
        toks = _name_tokens(m.name)
        if len(toks) == 1 and not _is_capitalised(m.text):
            continue
        longer = [n for n in by_name if _shortens(toks, n, m, by_name, first_seen, short_counts)]
        if longer:
            m.name = _nearest(m, longer, by_name, breaks)


def _canonicalise_places(places: list[_Mention]) -> None:
    for m in places:
        country = country_for(m.text)
        if country is not None:
            m.name, m.iso3, m.label = country.name, country.iso3, "GPE"
        else:
            m.name = m.hint or m.text


_SUBDIVISION_NOUNS = frozenset({"state", "province", "county", "department", "region"})


def _merge_place_short_forms(places: list[_Mention], text: str) -> None:
    """ "Juarez" of "Ciudad Juarez", "the Mississippi" of "Mississippi River".

    A one-word place takes the one longer place of the article that is it plus a
    town prefix ("Ciudad", ``gpe_first_words``) or "River"/"Lake", unless a subdivision noun
    follows it ("Parana state" next to "Parana River").
    """
    data = _place_data()
    longer: dict[str, set[str]] = {}
    for m in places:
        words = m.name.split()
        if len(words) != 2 or m.iso3:
            continue
        if words[0] in data.gpe_first_words or words[0] in ("River", "Lake"):
            longer.setdefault(_fold(words[1]), set()).add(m.name)
        elif words[1] == "River":  # not "Levels": "across Somerset" is the county
            longer.setdefault(_fold(words[0]), set()).add(m.name)
    if not longer:
        return
    for m in places:
        names = longer.get(_fold(m.name))
        if m.iso3 or not names or len(names) != 1:
            continue
        following = text[m.end_char : m.end_char + 14].split()
        if following and following[0].lower() in _SUBDIVISION_NOUNS:
            continue
        m.name = next(iter(names))


def _canonicalise_norp(groups: list[_Mention]) -> None:
    demonyms = _canonical_demonyms()
    for m in groups:
        iso3 = iso3_for(m.text)
        m.iso3 = iso3
        m.name = demonyms.get(iso3, m.text) if iso3 else (m.hint or m.text)


def _settle_by_cues(mentions: list[_Mention], people: set[str]) -> set[str]:
    """Label every mention of a name by the cues around any of its mentions.

    "oil giant Yukos" once and "Yukos chief executive" once make every "Yukos"
    of the article an ORG; "singer Dido" makes every "Dido" a PERSON. Names
    with cues both ways, names of people given in full in the article, and
    countries or known organisations are left alone. A place becomes an ORG
    only on strong cues and when no mention has a place preposition before it
    ("at Gleneagles"). Returns the folded names that were settled.
    """
    by_key: dict[str, list[_Mention]] = {}
    for m in mentions:
        if m.label in ("PERSON", "ORG", "GPE", "LOC") and not m.hint:
            by_key.setdefault(" ".join(_name_tokens(m.text)), []).append(m)
    settled: set[str] = set()
    for key, group in by_key.items():
        cues = {m.cue for m in group if m.cue}
        if not cues or (_CUE_PERSON in cues and len(cues) > 1):
            continue
        text = group[0].text
        if iso3_for(text) or org_name_for(text) or any(m.title for m in group):
            continue
        places = [m for m in group if m.label in ("GPE", "LOC")]
        # A place needs a strong cue and no "at/in" before any of its mentions.
        place_stays = places and (_CUE_ORG not in cues or any(m.place_cue for m in group))
        eponymous = _country_key(text) in _label_data().eponymous  # "firm Thomas Cook"
        # "analysts at Peel Hunt": a strong cue outweighs a PERSON label when the
        # name does not open with a known given name.
        person_shaped = is_given_name(text.split()[0])
        if _CUE_PERSON in cues:
            target = "PERSON"
        elif (key in people and not eponymous and (person_shaped or _CUE_ORG not in cues)) or (
            place_stays
        ):
            continue
        else:
            target = "ORG"
        for m in group:
            m.label = target
        settled.add(key)
    return settled


def _settle_labels(mentions: list[_Mention]) -> None:
    """One label per name in an article, where the model wavers between mentions.

    * a full name given as PERSON somewhere ("Victor Conte"), or its surname
      ("Zelensky" of "Volodymyr Zelensky"), is a person wherever it is tagged
      ORG/GPE/LOC, unless it is a country or a known organisation;
    * a two- or three-word ORG/GPE/LOC name whose last word is used alone as a
      PERSON ("Marion Jones" tagged ORG, "Jones" tagged PERSON) is a person;
    * any other name tagged differently in different sentences takes its
      majority label (the first mention breaks ties).

    Before that, names with context cues are settled (``_settle_by_cues``).
    """
    people: set[str] = set()
    lone_people: set[str] = set()
    for m in mentions:
        if m.label == "PERSON":
            toks = _name_tokens(m.hint or m.text)
            if len(toks) > 1:
                people.add(" ".join(toks))
                people.add(" ".join(_surname(toks)))
            else:
                lone_people.add(toks[0])
    settled = _settle_by_cues(mentions, people)
    if settled:
        lone_people -= settled
    votes: dict[str, dict[str, int]] = {}
    first_label: dict[str, str] = {}
    placed: set[str] = set()  # names with "in/at ..." before a GPE/LOC mention
    for m in mentions:
        if m.label in ("PERSON", "ORG", "GPE", "LOC") and not m.hint:
            key = " ".join(_name_tokens(m.text))
            per = votes.setdefault(key, {})
            per[m.label] = per.get(m.label, 0) + 1
            first_label.setdefault(key, m.label)
            if m.place_cue and m.label in ("GPE", "LOC"):
                placed.add(key)
    for m in mentions:
        if m.label not in ("PERSON", "ORG", "GPE", "LOC") or m.hint:
            continue
        if iso3_for(m.text) or org_name_for(m.text):
            continue
        toks = _name_tokens(m.text)
        key = " ".join(toks)
        if key in settled:
            continue
        if key in people or (
            m.label != "PERSON"
            and 2 <= len(toks) <= 3
            and toks[-1] in lone_people
            and all(w[:1].isupper() for w in m.text.split())
        ):
            m.label = "PERSON"
            continue
        per = votes.get(key, {})
        if per:
            best = max(per.values())
            winners = [lab for lab, n in per.items() if n == best]
            # A tie must still give one label, so one name never gets two ids: a
            # place when one mention reads like a place ("in Newport"), else an
            # organisation (the model's usual slip is tagging a company GPE), else
            # the first mention's label.
            places = [lab for lab in winners if lab in ("GPE", "LOC")]
            if len(winners) == 1:
                m.label = winners[0]
            elif key in placed and places:
                m.label = first_label[key] if first_label[key] in places else places[0]
            elif "ORG" in winners:
                m.label = "ORG"
            else:
                m.label = first_label[key] if first_label[key] in winners else winners[0]


# Words before a name that make it a town even in a sports report, where "at
# Chelsea" means at the club's ground.
_PARAGRAPH_RE = re.compile(r"\n\s*\n")
_TOWN_PREPOSITIONS = frozenset({"in", "near", "outside", "around", "throughout", "across"})
_TOWN_NOUNS = frozenset({"city", "town", "county", "port", "streets", "people", "residents"})


def _town_cue(doc: Any, start: int) -> bool:
    """True for "in Liverpool", "the city of Liverpool": the town, not its club."""
    if start == 0:
        return False
    prev = doc[start - 1].lower_
    if prev in _TOWN_PREPOSITIONS:
        return True
    return prev == "of" and start > 1 and doc[start - 2].lower_ in _TOWN_NOUNS


def _settle_company_short_forms(mentions: list[_Mention]) -> None:
    """A lone word tagged PERSON that opens an organisation's name of the article is it.

    "Thistle Energy reported a loss ... Thistle would recover": the model calls
    the short form a person. Not when the word is part of a person's full name
    in the article ("Eluned Morgan" and "Morgan Stanley").
    """
    org_firsts = {
        toks[0] for m in mentions if m.label == "ORG" and len(toks := _name_tokens(m.text)) > 1
    }
    if not org_firsts:
        return
    person_words = {
        w for m in mentions if m.label == "PERSON" for w in _name_tokens(m.text) if " " in m.text
    }
    for m in mentions:
        if m.label != "PERSON" or m.hint or m.title or " " in m.text:
            continue
        word = _fold(m.text)
        if word in org_firsts and word not in person_words:
            m.label = "ORG"


def _settle_club_places(mentions: list[_Mention], model_labels: list[str]) -> None:
    """In a sports report, a town that is also a club's name is the club, mention by mention.

    An article that names at least two known clubs (as the model tagged them,
    before labels were settled) is a sports report; there a
    one-word club name that is also a town ("Liverpool", "Brentford") is the
    club (ORG) unless the words before it make it the town ("in Liverpool", "the
    city of Liverpool"). Both can occur in one article: they get two ids.
    """
    data = _label_data()
    clubs = {
        key
        for m, label in zip(mentions, model_labels, strict=True)
        if (key := _country_key(m.text)) in data.clubs
        or (label == "ORG" and key in data.club_places)
    }
    if len(clubs) < 2:
        return
    for m in mentions:
        if m.hint or m.label not in ("GPE", "LOC", "ORG"):
            continue
        if _country_key(m.text) in data.club_places and not iso3_for(m.text):
            m.label = "GPE" if m.town_cue else "ORG"


def extract_entities(
    doc: Any, *, article_id: str = "", offset: int = 0
) -> tuple[list[EntityMention], list[Entity]]:
    """Repaired, canonicalised entity mentions of a parsed article and its entities.

    ``doc`` is a spaCy ``Doc`` (parsed with ``transforms.nlp.load_nlp``); ``offset``
    is added to every character offset, for docs that are a chunk of a longer
    article. Mentions come in text order; entities once each, in order of first
    mention. NORP mentions ("Ukrainian") get their own entities (``norp:UKR``) and
    are not counted as mentions of the country; they carry its ``iso3``.
    """
    text = doc.text  # built from the tokens on every access: read it once
    mentions: list[_Mention] = []
    for span in _repaired_spans(doc, text):
        first, last = doc[span.start], doc[span.end - 1]
        start = first.idx
        end = last.idx + len(last.text)
        mentions.append(
            _Mention(
                start,
                end,
                text[start:end],
                span.label,
                title=span.title,
                hint=span.hint,
                cue=span.cue,
                place_cue=(
                    span.cue is None
                    and span.start > 0
                    and doc[span.start - 1].lower_ in _label_data().place_prepositions
                ),
                town_cue=_town_cue(doc, span.start),
            )
        )
    model_labels = [m.label for m in mentions]
    _settle_labels(mentions)
    _settle_club_places(mentions, model_labels)
    _settle_company_short_forms(mentions)
    _canonicalise_people([m for m in mentions if m.label == "PERSON"])
    # Paragraph starts (character offsets), for choosing what a short form shortens.
    breaks = [match.end() for match in _PARAGRAPH_RE.finditer(text)]
    title_end = text.find("\n") if "\n" in text.strip() else 0
    _canonicalise_orgs([m for m in mentions if m.label == "ORG"], breaks, title_end)
    _canonicalise_places([m for m in mentions if m.label in ("GPE", "LOC")])
    _merge_place_short_forms([m for m in mentions if m.label in ("GPE", "LOC")], text)
    _canonicalise_norp([m for m in mentions if m.label == "NORP"])

    # Label of an entity: a non-country place may be GPE in one sentence and LOC in
    # another; the id ignores that (same "place" group) and the majority label wins.
    label_votes: dict[str, dict[str, int]] = {}
    for m in mentions:
        m.entity_id = _mention_entity_id(m)
        votes = label_votes.setdefault(m.entity_id, {})
        votes[m.label] = votes.get(m.label, 0) + 1

    entities: dict[str, Entity] = {}
    out: list[EntityMention] = []
    for m in mentions:
        if m.entity_id not in entities:
            votes = label_votes[m.entity_id]
            label = max(sorted(votes), key=lambda lab: votes[lab])
            entities[m.entity_id] = Entity(m.entity_id, m.name, label, m.iso3)
        out.append(
            EntityMention(
                article_id=article_id,
                start_char=m.start_char + offset,
                end_char=m.end_char + offset,
                text=m.text,
                label=m.label,
                entity_id=m.entity_id,
                name=m.name,
            )
        )
    return out, list(entities.values())


def _mention_entity_id(m: _Mention) -> str:
    if m.iso3 and m.label == "NORP":
        return f"norp:{m.iso3}"
    if m.iso3:
        return f"country:{m.iso3}"
    return entity_id_for(m.label, m.name)


def fold_name(name: str) -> str:
    """Comparison key for names: case, accents, dots, a leading "the" and possessives ignored."""
    return _country_key(name)


def strip_titles(name: str) -> str:
    """A person's name without leading titles ("Sir Keir Starmer" -> "Keir Starmer").

    Royal titles stay before a lone given name ("King Charles"), as in span repair.
    """
    words = name.split()
    rules = _rules()
    changed = True
    while changed:
        changed = False
        for seq in rules.titles:
            n = len(seq)
            if len(words) > n and tuple(_fold(w) for w in words[:n]) == seq:
                if seq in rules.royal_titles and len(words) - n == 1:
                    return " ".join(words)
                words = words[n:]
                changed = True
                break
    return " ".join(words)


# --------------------------------------------------------------------------
# Batch-level linking
# --------------------------------------------------------------------------

KNOWN_PEOPLE_PATH = DATA_DIR / "known_people.json"


@functools.cache
def _known_people() -> dict[str, str]:
    with KNOWN_PEOPLE_PATH.open(encoding="utf-8") as fh:
        people: dict[str, str] = json.load(fh)["people"]
    return {_fold(k): v for k, v in people.items()}


_BATCH_GROUPS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place"}


def _settle_batch_labels(extractions: list[ArticleExtraction]) -> None:
    """One label per name across the batch where nearly all articles agree.

    Entities are counted per article by folded name and group (person, org,
    place). When the ORG or the place group holds at least three quarters of
    the articles (and at least three), entities of that name tagged PERSON
    elsewhere take its label and id ("England" tagged PERSON in 1 article of
    25); a place becomes an ORG the same way. Nothing becomes a PERSON (the
    model's PERSON label on one word is its least reliable) and an ORG never
    becomes a place ("Liverpool", club in some articles and city in more,
    keeps both). Countries and known organisations are left alone.
    """
    votes: dict[str, dict[str, int]] = {}
    labels: dict[str, dict[str, int]] = {}
    for ex in extractions:
        seen: set[tuple[str, str]] = set()
        for e in ex.entities:
            group = _BATCH_GROUPS.get(e.label)
            if group is None or e.iso3:
                continue
            key = _fold(e.name)
            if (key, group) not in seen:
                seen.add((key, group))
                per = votes.setdefault(key, {})
                per[group] = per.get(group, 0) + 1
            by_label = labels.setdefault(key, {})
            by_label[e.label] = by_label.get(e.label, 0) + 1
    winners: dict[str, str] = {}
    for key, per in votes.items():
        if len(per) < 2:
            continue
        group, n = max(per.items(), key=lambda kv: (kv[1], kv[0]))
        if group != "person" and n >= 3 and 4 * n >= 3 * sum(per.values()):
            options = sorted(
                (lab for lab, g in _BATCH_GROUPS.items() if g == group and lab in labels[key]),
                key=lambda lab: -labels[key][lab],
            )
            winners[key] = options[0]
    if not winners:
        return
    for ex in extractions:
        moves: dict[str, Entity] = {}
        for e in ex.entities:
            label = winners.get(_fold(e.name))
            if label is None or e.iso3 or org_name_for(e.name):
                continue
            if e.label != "PERSON" and not (label == "ORG" and e.label in ("GPE", "LOC")):
                continue
            moves[e.entity_id] = Entity(entity_id_for(label, e.name), e.name, label)
        if moves:
            _move_entities(ex, moves, relabel=True)


def link_across_articles(extractions: list[ArticleExtraction]) -> None:
    """Settle labels over the batch, then map lone surnames to full names, in place.

    A name the model labels differently in different articles takes the label
    of at least two thirds of them (``_settle_batch_labels``).

    "Blair" in an article that never gives his full name becomes "Tony Blair"
    (same id as in the articles that do) when exactly one full-name person in
    the batch has that surname; with none, ``transforms/data/known_people.json``
    is asked; with two or more ("Gordon Brown", "Nick Brown") nothing changes.
    Mentions keep their text and offsets; only ``entity_id`` and ``name`` move.
    """
    _settle_batch_labels(extractions)
    by_surname: dict[str, dict[str, str]] = {}
    for ex in extractions:
        for e in ex.entities:
            toks = _name_tokens(e.name)
            if e.label == "PERSON" and len(toks) > 1:
                by_surname.setdefault(" ".join(_surname(toks)), {})[e.entity_id] = e.name
    known = _known_people()
    for ex in extractions:
        moves: dict[str, Entity] = {}
        for e in ex.entities:
            toks = _name_tokens(e.name)
            if e.label != "PERSON" or len(toks) != 1:
                continue
            candidates = by_surname.get(toks[0], {})
            if len(candidates) == 1:
                (eid, name), *_ = candidates.items()
                moves[e.entity_id] = Entity(eid, name, "PERSON")
            elif not candidates and toks[0] in known:
                name = known[toks[0]]
                moves[e.entity_id] = Entity(entity_id_for("PERSON", name), name, "PERSON")
        if moves:
            _move_entities(ex, moves)


def _move_entities(
    ex: ArticleExtraction, moves: dict[str, Entity], *, relabel: bool = False
) -> None:
    """Point an article's entities and mentions at new entities (by old entity id).

    Mentions keep their text and offsets; with ``relabel`` they take the new
    entity's label too.
    """
    entities: dict[str, Entity] = {}
    for e in ex.entities:
        target = moves.get(e.entity_id, e)
        entities.setdefault(target.entity_id, target)
    ex.entities[:] = list(entities.values())
    out: list[EntityMention] = []
    for m in ex.mentions:
        moved = moves.get(m.entity_id)
        if moved is None:
            out.append(m)
        elif relabel:
            out.append(
                dataclasses.replace(
                    m, entity_id=moved.entity_id, name=moved.name, label=moved.label
                )
            )
        else:
            out.append(dataclasses.replace(m, entity_id=moved.entity_id, name=moved.name))
    ex.mentions[:] = out
