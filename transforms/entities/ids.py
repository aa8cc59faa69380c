"""Entity ids: the one id scheme every article and batch shares (see the package docstring)."""

from __future__ import annotations

import hashlib

from transforms.countries import _fold, is_territory, iso3_for


def _group(label: str) -> str:
    label = label.upper()
    if label in ("GPE", "LOC"):
        return "place"
    return {"PERSON": "person", "ORG": "org", "NORP": "norp"}.get(label, label.lower())


def entity_id_for(label: str, name: str) -> str:
    """Deterministic id for a canonical entity (see module docstring for the scheme).

    Countries are keyed by ISO3 so every surface form and spelling meets:
    ``entity_id_for("GPE", "U.S.") == entity_id_for("GPE", "United States")
    == "country:USA"``. NORP names of a country get ``norp:<ISO3>``. A territory
    inside a country ("Gaza") is a place of its own.
    """
    group = _group(label)
    if group in ("place", "norp"):
        iso3 = iso3_for(name)
        if iso3 and not (group == "place" and is_territory(name)):
            return f"{'country' if group == 'place' else 'norp'}:{iso3}"
    digest = hashlib.sha1(f"{group}\x1f{_fold(name)}".encode()).hexdigest()
    return f"{group}:{digest[:16]}"
