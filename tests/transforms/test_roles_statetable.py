"""The state table as the military sides read it: leaders in office on the article's day."""

from __future__ import annotations

from datetime import date, datetime

from spacy.language import Language

from tests.transforms.military_support import figures, find
from transforms.roles.statetable import article_day, state_of_name


def test_a_leader_names_the_state_only_while_in_office() -> None:
    with article_day(date(2023, 5, 1)):
        assert state_of_name("President Joe Biden") == "USA"
    with article_day(datetime(2012, 5, 1, 9, 30)):
        assert state_of_name("President Joe Biden") is False  # a person then, no state
    assert state_of_name("Joe Biden") == "USA"  # undated: any term counts


def test_an_organ_of_one_state_names_it_on_any_day() -> None:
    with article_day(date(1990, 1, 1)):
        assert state_of_name("the Pentagon") == "USA"
    assert state_of_name("Downing Street") == "GBR"
    assert state_of_name("Acme Holdings") is None


def test_the_article_day_decides_a_military_actor(nlp: Language) -> None:
    text = "Biden sent 500 troops to Poland on Friday."
    with article_day(date(2023, 5, 1)):
        assert find(figures(nlp, text), "500 troops").actor_iso3 == "USA"
    with article_day(date(2012, 5, 1)):
        assert find(figures(nlp, text), "500 troops").actor_iso3 is None
    assert state_of_name("Biden") == "USA"  # the block's day does not leak out of it


def test_a_finance_minister_speaking_owns_the_budget_while_in_office(nlp: Language) -> None:
    text = "Chancellor Rachel Reeves said the defence budget would rise by £2.2bn."
    with article_day(date(2025, 3, 1)):
        assert find(figures(nlp, text), "£2.2bn").actor_iso3 == "GBR"
    with article_day(date(2024, 2, 1)):  # before she took office: a person, no state
        assert find(figures(nlp, text), "£2.2bn").actor_iso3 is None
