"""Sides named by demonyms the country table lacks (roles_parties.json ``demonyms``),
armed groups by name (military_lexicon.json ``armed_orgs``, the one list), and plural
demonyms, on sentences written for these tests; the one surface resolver serves roles
and military actors."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.transforms.military_support import figures, find
from transforms.roles.parties import side_from_surface


@pytest.mark.parametrize(
    ("surface", "side"),
    [("Burkinabe", "BFA"), ("Nigerien", "NER"), ("Malians", "MLI"), ("Yemenis", "YEM"),
     ("the People's Defence Force", "People's Defence Force"), ("ISWAP", "ISWAP")],
)  # fmt: skip
def test_demonyms_and_groups_name_a_side(surface: str, side: str) -> None:
    party = side_from_surface(surface)
    assert party is not None
    assert (party.iso3 or party.name) == side


def test_a_word_that_is_no_demonym_names_no_side() -> None:
    assert side_from_surface("Dennis") is None


def test_a_demonym_gives_the_killed_their_side(nlp: Language) -> None:
    f = find(
        figures(nlp, "Jihadists killed 20 Burkinabe soldiers on Sunday."), "20 Burkinabe soldiers"
    )
    assert f.actor_iso3 == "BFA"


def test_a_demonym_names_the_side_that_inflicted_it(nlp: Language) -> None:
    f = find(figures(nlp, "Nigerien troops killed 12 jihadists on Sunday."), "12 jihadists")
    assert f.counterpart_iso3 == "NER"


def test_a_plural_demonym_resolves_through_the_callers_tables() -> None:
    """ "Kenyans" is its singular's side through the same tables as any surface: a
    caller's table that maps the singular to no side is obeyed, one that names a side
    the country table lacks is used."""
    assert side_from_surface("Kenyans", [{"kenyan": None}]) is None
    party = side_from_surface("Wakandans", [{"wakandan": "KEN"}])
    assert party is not None and party.iso3 == "KEN"
    assert side_from_surface("Kenyans", [{}]) is not None  # the country names still


def test_armed_groups_are_one_list_read_once() -> None:
    """The military lexicon's armed groups are the roles layer's, and the demonym
    table holds no group."""
    from transforms.military.lexicon import _lexicon
    from transforms.roles.parties import party_data

    data = party_data()
    assert _lexicon().armed_orgs is data.groups
    assert "tplf" in data.groups and "iswap" in data.groups
    assert not set(data.groups) & set(data.demonyms)
