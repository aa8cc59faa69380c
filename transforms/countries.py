"""The country index: which country a name, alias or demonym refers to.

Built once per process from pycountry (ISO 3166-1 names) and the curated
aliases, demonyms and display names of ``transforms/data/entity_aliases.json``
(curated entries win). Short codes ("US", "UK", "DRC") are trusted only in
capitals, since "us" is a pronoun. Entities (span labels, canonical places, NORP
groups) and military figures (actors, demonym nouns) ask this one index, so a
country is the same country in every table: ``country:<ISO3>``.
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


@functools.cache
def _canonical_demonyms() -> dict[str, str]:
    """ISO3 -> the first demonym listed for it ("UKR" -> "Ukrainian")."""
    names: dict[str, str] = {}
    for surface, iso3 in _alias_data()["demonyms"].items():
        if iso3:
            names.setdefault(iso3, surface)
    return names
