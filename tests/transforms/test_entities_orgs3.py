"""Organisations in unseen text (entities round 3), real spaCy model.

Every sentence here was written for these tests (no corpus text, and not the
dev articles ``written/eo_*``). Each positive case names one organisation the
small model gets wrong on its own; the negative cases guard the same rules
against the names they must leave alone.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.transforms import entity_support
from transforms.entities import extract_entities
from transforms.records import Entity

_GROUP = entity_support.GROUP


def _entities(nlp: Any, text: str) -> list[Entity]:
    return entity_support.extracted(nlp, text)[1]


def _groups_of(nlp: Any, text: str) -> dict[str, str]:
    """Canonical name -> label group of every entity found in ``text``."""
    return {e.name: _GROUP.get(e.label, e.label) for e in _entities(nlp, text)}


# (sentence, canonical name expected, group expected). One rule per block.
CASES: list[tuple[str, str, str]] = [
    # A type noun with modifiers after a determiner introduces an untagged name.
    (
        "The rescue was led by the Singapore investment fund Temasek and the carmaker Stellantis.",
        "Temasek",
        "org",
    ),
    # "X, which represents ...": only bodies represent, employ or run things.
    ("Unite, which represents 1,100 workers at the plant, welcomed the deal.", "Unite", "org"),
    # An acronym right before a type noun.
    ("The RMT union has warned of more walkouts.", "RMT", "org"),
    # "Reform UK", "Age UK": a proper noun the model leaves untagged, then UK.
    ("Voters said Reform UK had gained ground in the town.", "Reform UK", "org"),
    # A body named after an office-holder keeps the possessive.
    (
        "The Information Commissioner's Office (ICO) published its review.",
        "Information Commissioner's Office",
        "org",
    ),
    (
        "A complaint went to the Pensions Ombudsman's Office in May.",
        "Pensions Ombudsman's Office",
        "org",
    ),
    # Saints' hospitals and colleges are institutions, not people.
    ("Doctors at St Thomas' Hospital treated the driver.", "St Thomas' Hospital", "org"),
    # Two plural nouns of one trade end a long official name.
    (
        "The Society of Motor Manufacturers and Traders said output fell.",
        "Society of Motor Manufacturers and Traders",
        "org",
    ),
    # Coordination: a lone word joined to an organisation and no given name.
    ("She said Tesco and Aldi now paid more than care homes.", "Aldi", "org"),
    # Data: sports bodies and charities the model takes for people or misses.
    ("Uefa said the final would move to Lisbon.", "UEFA", "org"),
    ("Medecins Sans Frontieres said the clinic had closed.", "Médecins Sans Frontières", "org"),
    ("Save the Children opened two more schools.", "Save the Children", "org"),
    (
        "Bristow was set up by engineers from Jaguar Land Rover and Rolls-Royce.",
        "Rolls-Royce",
        "org",
    ),
    # Last words that end organisation names.
    # ... also over a FAC/PRODUCT label.
    ("Staff at Northern Trains and Southern voted to strike.", "Northern Trains", "org"),
    ("La Liga said the match would be replayed.", "La Liga", "org"),
    # A subdivision noun after a place is no part of its name.
    ("Flooding cut roads in Sofala province overnight.", "Sofala", "place"),
]


@pytest.mark.parametrize(("text", "name", "group"), CASES)
def test_organisation_found_with_its_group(nlp: Any, text: str, name: str, group: str) -> None:
    groups = _groups_of(nlp, text)
    assert groups.get(name) == group, groups


def test_the_relabel_reaches_every_mention_of_the_name(nlp: Any) -> None:
    text = "Fifa and Uefa met in Zurich. Uefa said the talks were useful."
    mentions, _ = extract_entities(nlp(text))
    labels = {m.label for m in mentions if m.text == "Uefa"}
    assert labels == {"ORG"}


def test_acronym_defined_after_possessive_name_links_to_it(nlp: Any) -> None:
    text = (
        "The Information Commissioner's Office (ICO) opened an inquiry. "
        "The ICO said councils had not kept records."
    )
    entities = _entities(nlp, text)
    orgs = [e.name for e in entities if e.label == "ORG"]
    assert orgs == ["Information Commissioner's Office"], orgs


# Names the same rules must leave alone.
NEGATIVES: list[tuple[str, str]] = [
    # A country before a party's name still splits off ("Britain's Labour Party").
    ("Britain's Labour Party held its conference in Liverpool.", "Britain's Labour Party"),
    # A person's possessive before an org word is cut.
    ("Tony Blair's Cabinet met on Thursday.", "Tony Blair's Cabinet"),
    # "and" between two names that are not a trade pair.
    ("The Bank of England and Barclays declined to comment.", "Bank of England and Barclays"),
    # A month before UK is no organisation.
    ("In March UK inflation fell to 3%.", "March UK"),
    # A person's full name joined to an organisation stays a person.
    ("Lloyds and Harriet Baldwin both declined to comment.", "Harriet Baldwin"),
]


@pytest.mark.parametrize(("text", "not_org"), NEGATIVES)
def test_rules_leave_other_names_alone(nlp: Any, text: str, not_org: str) -> None:
    orgs = {e.name for e in _entities(nlp, text) if e.label == "ORG"}
    assert not_org not in orgs, orgs


def test_country_still_found_beside_a_plain_uk(nlp: Any) -> None:
    groups = _groups_of(nlp, "Exports from the UK rose in the spring.")
    assert groups.get("United Kingdom") == "place", groups
