"""The country index: which country a name, alias or demonym refers to.

Built once per process from pycountry (ISO 3166-1 names) and the curated
aliases, demonyms and display names of ``transforms/data/entity_aliases.json``
(curated entries win). Short codes ("US", "UK", "DRC") are trusted only in
capitals, since "us" is a pronoun. A place inside a country (a city, region or
territory) is no country: ``place_country`` gives the country it lies in
(``place_countries.json``, pycountry subdivisions), as an attribute. Entities
(span labels, canonical places, NORP groups) and military figures (actors,
demonym nouns) ask this one index, so a country is the same country in every
table: ``country:<ISO3>``.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transforms.records import Entity

DATA_DIR = Path(__file__).parent / "data"
ALIASES_PATH = DATA_DIR / "entity_aliases.json"
PLACE_COUNTRIES_PATH = DATA_DIR / "place_countries.json"
PLACES_PATH = DATA_DIR / "entity_places.json"

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
def fold_name(surface: str) -> str:
    """The one lookup and comparison key for a name: countries and places here, entity
    names (``transforms.entities``), state organs and leaders (``transforms.roles.
    statetable``).

    Case and accents are ignored; dots are removed so "U.S." and "US" meet; a leading
    "the" and a trailing possessive are removed so "the UK's" meets "UK"; curly
    apostrophes inside names ("Cote d’Ivoire") become straight ones.
    """
    text = surface.strip()
    text = _POSSESSIVE_RE.sub("", text) if len(text) > 2 else text
    for ch in _APOSTROPHES:
        text = text.replace(ch, "'")
    text = text.replace(".", "")
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    return _fold(text)


def _in_capitals(surface: str) -> bool:
    """Whether a name is written in capitals, dots, a leading "the" and a possessive
    aside ("U.S.", "the UK's"): what lets a short code or a caps-only alias stand for
    its country or organisation ("US" yes, "us" no; "WHO" yes, "who" no)."""
    letters = re.sub(r"^the\s+", "", surface.replace(".", "").strip(), flags=re.IGNORECASE)
    letters = _POSSESSIVE_RE.sub("", letters) if len(letters) > 2 else letters
    return letters.isupper()


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
    territory_keys: frozenset[str]  # places inside a country ("Gaza"): own entity, not the country


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
                by_key.setdefault(fold_name(label), iso3)
    for iso3, name in overrides.items():
        names.setdefault(iso3, name)  # e.g. XKX (Kosovo) is not in ISO 3166-1
        by_key.setdefault(fold_name(name), iso3)
    short: set[str] = set()
    demonyms: set[str] = set()
    # Curated aliases win over pycountry-derived keys.
    for section in ("aliases", "demonyms", "territories"):
        for surface, iso3 in data[section].items():
            key = fold_name(surface)
            by_key[key] = iso3
            if _is_short_code(surface):
                short.add(key)
            if section == "demonyms":
                demonyms.add(key)
    territories = frozenset(fold_name(s) for s in data["territories"])
    return _CountryIndex(names, by_key, frozenset(short), frozenset(demonyms), territories)


def country_name(iso3: str) -> str | None:
    """Display name for an ISO 3166-1 alpha-3 code ("RUS" -> "Russia")."""
    return _country_index().names.get(iso3.upper())


def iso3_for(surface: str) -> str | None:
    """ISO3 for a country name, alias or demonym ("U.S." -> "USA"), else None."""
    index = _country_index()
    key = fold_name(surface)
    if not key:
        return None
    if key in index.short_keys and not _in_capitals(surface):
        return None
    return index.by_key.get(key)


def is_demonym(surface: str) -> bool:
    """True for nationality words ("Ukrainian", "Britons"), known to the alias data."""
    return fold_name(surface) in _country_index().demonym_keys


def country_for(surface: str) -> Entity | None:
    """The country a name, alias or demonym refers to, as a canonical GPE entity.

    ``country_for("U.S.")`` -> ``Entity("country:USA", "United States", "GPE", "USA", "USA")``;
    demonyms resolve too (``"Ukrainian"`` -> Ukraine). Lower-case "us" and words
    that name no single country ("European", "Welsh") give None.
    """
    iso3 = iso3_for(surface)
    if iso3 is None:
        return None
    name = country_name(iso3) or iso3
    return Entity(entity_id=f"country:{iso3}", name=name, label="GPE", iso3=iso3, country_iso3=iso3)


def is_territory(surface: str) -> bool:
    """True for a place inside a country that the index resolves to it ("Gaza", "West Bank").

    ``country_for`` answers the country for it (a military actor "Gaza" is
    Palestine), but as an entity it is a place of its own.
    """
    return fold_name(surface) in _country_index().territory_keys


@functools.cache
def _place_countries() -> dict[str, str]:
    """Folded place name -> ISO3 of the country it lies in (place_countries.json,
    territories, pycountry subdivisions of entity_places.json's subdivision_countries)."""
    import pycountry  # local: only needed once per process

    with PLACES_PATH.open(encoding="utf-8") as fh:
        places = json.load(fh)
    exclude = {fold_name(n) for n in places["subdivision_exclude"]}
    found: dict[str, set[str]] = {}
    for code in places["subdivision_countries"]:
        country = pycountry.countries.get(alpha_2=code)
        if country is None:  # a typo in our data file is our bug
            raise KeyError(f"entity_places.json subdivision_countries: unknown {code!r}")
        for sub in pycountry.subdivisions.get(country_code=code) or ():
            found.setdefault(fold_name(sub.name), set()).add(country.alpha_3)
    # A subdivision name used in two countries says nothing about either.
    out = {k: next(iter(v)) for k, v in found.items() if len(v) == 1 and k not in exclude}
    with PLACE_COUNTRIES_PATH.open(encoding="utf-8") as fh:
        listed: dict[str, str] = json.load(fh)["places"]
    out.update({fold_name(name): iso3 for name, iso3 in listed.items()})
    out.update({fold_name(name): iso3 for name, iso3 in _alias_data()["territories"].items()})
    return out


def place_country(surface: str) -> str | None:
    """ISO3 of the country a place inside it lies in ("Kharkiv" -> "UKR", "Gaza" -> "PSE").

    None for countries themselves (their code is ``iso3_for``) and for places
    the data does not know.
    """
    if iso3_for(surface) and not is_territory(surface):
        return None
    return _place_countries().get(fold_name(surface))


@functools.cache
def _canonical_demonyms() -> dict[str, str]:
    """ISO3 -> the first demonym listed for it ("UKR" -> "Ukrainian")."""
    names: dict[str, str] = {}
    for surface, iso3 in _alias_data()["demonyms"].items():
        if iso3:
            names.setdefault(iso3, surface)
    return names
