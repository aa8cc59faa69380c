"""A bare state-force noun ("killed by the military", "19 junta soldiers") stands
for the state the article is about: the one side earlier mentions of such nouns name,
when the article names no other state before it. Sentences written for these tests;
annotation-guidelines.md "Roles: actor and counterpart" (NULL is better than a
wrong side)."""

from __future__ import annotations

from spacy.language import Language

from tests.transforms.military_support import figures, find

_LEDE = "A Ruritanian military air strike on a market killed 12 civilians, residents said. "


def _lede(country: str) -> str:
    return _LEDE.replace("Ruritanian", country)


def test_killed_by_the_military_is_the_articles_state(nlp: Language) -> None:
    text = (
        _lede("Myanmar") + "A monitor says about 6,000 civilians have been killed by the military."
    )
    f = find(figures(nlp, text), "6,000 civilians")
    assert f.counterpart_iso3 == "MMR"


def test_two_states_named_before_give_no_side(nlp: Language) -> None:
    text = (
        "Russia's army shelled Kharkiv and Ukraine's army said it repelled the attack. "
        "A monitor says about 60 civilians have been killed by the army."
    )
    f = find(figures(nlp, text), "60 civilians")
    assert f.counterpart_iso3 is None and f.counterpart_name is None


def test_no_earlier_mention_gives_no_side(nlp: Language) -> None:
    text = "A monitor says about 6,000 civilians have been killed by the military."
    f = find(figures(nlp, text), "6,000 civilians")
    assert f.counterpart_iso3 is None and f.counterpart_name is None


def test_junta_as_a_modifier_is_the_articles_junta(nlp: Language) -> None:
    text = (
        "Myanmar junta loses ground in Sagaing. "
        "Rebels said they had captured 19 junta soldiers near Kalay."
    )
    f = find(figures(nlp, text), "19 junta soldiers")
    assert f.actor_iso3 == "MMR"


def test_the_junta_as_a_subject_owns_no_conscripts(nlp: Language) -> None:
    """ "The junta announced plans to conscript 5,000 young men": a subject is not the
    agent rule's "by the military", and the conscripts are no one's forces yet."""
    text = _lede("Myanmar") + "The junta announced plans to conscript 5,000 young men a month."
    f = find(figures(nlp, text), "5,000 young men")
    assert f.actor_iso3 is None
