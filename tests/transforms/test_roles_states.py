"""Leaders and organs of a state stand for the state in money roles
(transforms.roles.states, transforms/data/roles_states.json), on sentences written
for these tests: a leader only while in office on the article's day, a bare
government noun only where the article's leaders and organs name one state."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from spacy.language import Language

from tests.transforms import money_roles_support
from transforms.roles.states import leader_state, state_tables

_roles = money_roles_support.roles


def test_leaders_hold_office_only_within_their_terms() -> None:
    assert leader_state("Donald Trump", date(2018, 5, 1)) == "USA"
    assert leader_state("Trump", date(2022, 2, 1)) is False  # out of office
    assert leader_state("President Bola Ahmed Tinubu", None) == "NGA"  # undated: any term
    assert leader_state("Premier Li Keqiang", date(2020, 5, 22)) == "CHN"
    assert leader_state("Li", date(2020, 5, 22)) is None  # a shared surname is no alias
    assert leader_state("Jane Smith", None) is None


def test_every_leader_term_is_ordered_and_every_state_is_iso3() -> None:
    tables = state_tables()
    for leaders in tables.leaders.values():
        for leader in leaders:
            assert len(leader.state) == 3 and leader.state.isupper()
            for start, end in leader.terms:
                assert start is not None and (end is None or start < end)
    assert all(len(code) == 3 for code in tables.organs.values())


@pytest.mark.parametrize(
    ("text", "payer"),
    [
        (
            "President Bola Ahmed Tinubu presented a budget of N47.9 trillion to lawmakers.",
            "Nigeria",
        ),
        ("The Federal Executive Council approved a budget of N47.96 trillion.", "Nigeria"),
        ("The Kremlin allocated $2bn in aid to Syria.", "Russia"),
    ],
)
def test_leaders_and_organs_stand_for_their_state(nlp: Language, text: str, payer: str) -> None:
    assert _roles(nlp, text)[0] == payer


def test_a_leader_out_of_office_pays_as_a_person(nlp: Language) -> None:
    text = "Trump gave $1M to Meadows nonprofit."
    assert _roles(nlp, text, datetime(2022, 2, 1, tzinfo=UTC))[0] == "Trump"
    assert _roles(nlp, text, datetime(2019, 2, 1, tzinfo=UTC))[0] == "United States"


def test_a_bare_government_is_the_articles_state_only_where_it_names_one(
    nlp: Language,
) -> None:
    known = "In the Union Budget, the government allocated Rs 10 lakh crore for roads."
    assert _roles(nlp, known)[0] == "India"
    assert _roles(nlp, "The government allocated $10bn for roads.")[0] is None
    local = "In the Union Budget, local governments allocated Rs 10 lakh crore for roads."
    assert _roles(nlp, local)[0] is None


def test_a_budget_cut_or_freeze_is_no_payment(nlp: Language) -> None:
    text = "Brazil announced the freezing of 15 billion reais in expenses."
    assert _roles(nlp, text) == (None, None)


def test_a_legislature_many_states_have_names_no_state(nlp: Language) -> None:
    text = (
        "President Bola Ahmed Tinubu addressed the Senate and the House of Representatives. "
        "He said his government has disbursed 34 billion naira to students."
    )
    assert _roles(nlp, text)[0] == "Nigeria"
