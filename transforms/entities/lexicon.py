"""Word lists and gazetteers of the entity components, loaded once from ``transforms/data/``.

``entity_rules.json`` (titles, particles, split words ...), ``org_aliases.json``
(known organisations and their short forms), ``given_names.json``,
``entity_org_words.json``, ``sports_clubs.json``, ``entity_places.json`` (places and
geographic name shapes, with pycountry subdivisions), ``entity_cities.json``,
``entity_boundaries.json`` and ``known_people.json``.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transforms.countries import _fold, _in_capitals, _place_countries, fold_name

DATA_DIR = Path(__file__).parent.parent / "data"


RULES_PATH = DATA_DIR / "entity_rules.json"
WORDS_PATH = DATA_DIR / "entity_words.json"
ORG_ALIASES_PATH = DATA_DIR / "org_aliases.json"

# Labels the warehouse keeps; everything else spaCy tags (DATE, MONEY, FAC...) is
# someone else's business or not a countable actor.
KEPT_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP"})


@functools.cache
def _words() -> dict[str, list[str]]:
    """The small word and token sets of entity_words.json (each with a ``_<key>_doc`` note)."""
    with WORDS_PATH.open(encoding="utf-8") as fh:
        data: dict[str, list[str]] = json.load(fh)
    return data


def _word_set(key: str) -> frozenset[str]:
    """One set of entity_words.json by key; a missing key is our bug and fails at import."""
    return frozenset(_words()[key])


_POSSESSIVE_TOKENS = _word_set("possessive_tokens")


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
    not_person_last_words: frozenset[str]
    event_first_words: frozenset[str]
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
        not_person_last_words=frozenset(data["not_person_last_words"]),
        event_first_words=frozenset(data["event_first_words"]),
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
            key = fold_name(alias)
            by_key[key] = canonical
            bare = alias.replace(".", "")
            if bare.isupper() and len(bare) <= 4:
                caps.add(key)
    # A key that is also written in mixed case somewhere ("Nato") needs no capitals.
    mixed = {
        fold_name(a)
        for aliases in data["aliases"].values()
        for a in aliases
        if not a.replace(".", "").isupper()
    }
    return _OrgIndex(by_key, frozenset(caps - mixed))


def org_name_for(surface: str) -> str | None:
    """Canonical organisation name for a known short form ("Nato" -> "NATO"), else None."""
    index = _org_index()
    key = fold_name(surface)
    if key in index.caps_only and not _in_capitals(surface):
        return None
    return index.by_key.get(key)


@functools.cache
def _untagged_org_names() -> dict[tuple[str, ...], str]:
    """``untagged_names`` of entity_org_words.json by their words ("Al", "Jazeera")."""
    with ORG_WORDS_PATH.open(encoding="utf-8") as fh:
        names: list[str] = json.load(fh)["untagged_names"]
    return {tuple(n.split()): n for n in names}


@functools.cache
def _legal_suffixes() -> frozenset[str]:
    with ORG_WORDS_PATH.open(encoding="utf-8") as fh:
        return frozenset(json.load(fh)["legal_suffixes"])


CITIES_PATH = DATA_DIR / "entity_cities.json"


@functools.cache
def _cities() -> frozenset[str]:
    """Folded capital and major city names (entity_cities.json), minus club names."""
    with CITIES_PATH.open(encoding="utf-8") as fh:
        names = json.load(fh)["cities"]
    data = _label_data()
    keys = {fold_name(n) for n in names}
    return frozenset(keys - data.clubs - data.club_places)


PLACES_PATH = DATA_DIR / "entity_places.json"


@dataclass(frozen=True, slots=True)
class _PlaceData:
    """Place gazetteer and geographic name shapes (entity_places.json, pycountry)."""

    towns: frozenset[str]  # folded towns, cities and subdivisions: GPE
    states: frozenset[str]  # folded subdivisions outside the UK (no club or firm names)
    located: frozenset[str]  # folded places of place_countries.json (cities, regions, territories)
    regions: frozenset[str]  # folded areas, seas and rivers that are no polity: LOC
    loc_last_words: frozenset[str]
    loc_first_words: frozenset[str]
    channel_words: frozenset[str]
    gpe_first_words: frozenset[str]
    loc_nouns: frozenset[str]
    settlement_nouns: frozenset[str]  # "village", "camp": the name before is a GPE


@functools.cache
def _place_data() -> _PlaceData:
    with PLACES_PATH.open(encoding="utf-8") as fh:
        data = json.load(fh)
    label_data = _label_data()
    exclude = {fold_name(n) for n in data["subdivision_exclude"]}
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
        fold_name(n)
        for n in (*data["towns"], *sub_names)
        if not (" " not in n and is_given_name(n))
    }
    # Places whose country place_countries.json gives are places too ("Kharkiv", "El-Fasher").
    located = {k for k in _place_countries() if not (" " not in k and is_given_name(k.title()))}
    towns = (towns | set(_cities()) | located) - blocked
    regions = {fold_name(n) for n in data["regions"]} - blocked
    # British counties and boroughs share names with clubs and firms ("Brent" crude,
    # "Bury"); states, departments and provinces abroad hardly do.
    states = {fold_name(sub.name) for sub in subs if sub.country_code != "GB"} & towns
    return _PlaceData(
        towns=frozenset(towns - regions),
        states=frozenset(states - regions),
        located=frozenset(located - blocked - regions),
        regions=frozenset(regions),
        loc_last_words=frozenset(data["loc_last_words"]),
        loc_first_words=frozenset(data["loc_first_words"]),
        channel_words=frozenset(data["channel_words"]),
        gpe_first_words=frozenset(data["gpe_first_words"]),
        loc_nouns=frozenset(data["loc_nouns"]),
        settlement_nouns=frozenset(data["settlement_nouns"]),
    )


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
        eponymous=frozenset(fold_name(n) for n in words["eponymous_companies"]),
        org_type_nouns=frozenset(words["org_type_nouns"]),
        org_relative_verbs=frozenset(words.get("org_relative_verbs", ())),
        org_head_nouns=frozenset(words["org_head_nouns"]),
        org_possessive_nouns=frozenset(words["org_possessive_nouns"]),
        org_stake_nouns=frozenset(words["org_stake_nouns"]),
        person_role_nouns=frozenset(words["person_role_nouns"]),
        speech_verbs=frozenset(words["speech_verbs"]),
        place_prepositions=frozenset(words["place_prepositions"]),
        clubs=frozenset(fold_name(n) for n in clubs["clubs"]),
        club_places=frozenset(fold_name(n) for n in clubs["club_places"]),
        venues=frozenset(fold_name(n) for n in clubs.get("venues", ())),
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
    media_member_nouns: frozenset[str]
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
        media_member_nouns=frozenset(data["media_member_nouns"]),
        possessive_names={fold_name(n): n for n in data["possessive_names"]},
        possessive_org_heads=frozenset(data["possessive_org_heads"]),
        saint_institution_heads=frozenset(data.get("saint_institution_heads", ())),
    )


_SUBDIVISION_NOUNS = _word_set("subdivision_nouns")
_CAPITAL_KIND_NOUNS = _word_set("capital_kind_nouns")
_WATER_HEADS = _word_set("water_heads")


KNOWN_PEOPLE_PATH = DATA_DIR / "known_people.json"


@functools.cache
def _known_people() -> dict[str, str]:
    with KNOWN_PEOPLE_PATH.open(encoding="utf-8") as fh:
        people: dict[str, str] = json.load(fh)["people"]
    return {_fold(k): v for k, v in people.items()}
