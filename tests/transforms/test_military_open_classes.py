"""Military detection for the open classes of issue 16 (captives held by a side, sizes
compared or aimed at, Space Force personnel, rockets of a space story).

Every sentence is our own writing in news style (invented facts, no corpus or gold text).
Each class has positives phrased in more than one way and a negative that shares the
surface pattern and must stay out.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.transforms import military_support

_figures = military_support.figures
_summary = military_support.summary
_find = military_support.find


@pytest.mark.parametrize(
    ("text", "span", "actor"),
    [
        (
            "Moscow said 60 Russian soldiers held by Ukraine had been freed on Sunday.",
            "60 Russian soldiers",
            "RUS",
        ),
        (
            "Kyiv said 35 Ukrainian fighters held by Russia were returned home.",
            "35 Ukrainian fighters",
            "UKR",
        ),
    ],
)
def test_people_held_by_a_side_are_its_captives(
    nlp: Language, text: str, span: str, actor: str
) -> None:
    fig = _find(_figures(nlp, text), span)
    assert (fig.category, fig.actor_iso3) == ("captured", actor)


def test_people_held_by_police_are_no_captives(nlp: Language) -> None:
    assert _figures(nlp, "The court said 12 men held by police were released on bail.") == []


def test_a_size_compared_or_aimed_at_counts_the_same_forces(nlp: Language) -> None:
    found = _figures(
        nlp,
        "The navy now has about 48,000 sailors, up from 30,000 in 2010, and the "
        "government wants to reach 60,000 by 2030.",
    )
    assert [(f.text, f.unit, f.category) for f in found] == [
        ("48,000 sailors", "sailor", "personnel"),
        ("30,000", "sailor", "personnel"),
        ("60,000", "sailor", "personnel"),
    ], _summary(found)
    down = _figures(nlp, "The army fields 900 tanks, down from 1,400 a decade ago.")
    assert [(f.text, f.unit) for f in down] == [("900 tanks", "tank"), ("1,400", "tank")]


def test_a_compared_number_of_something_else_is_no_figure(nlp: Language) -> None:
    found = _figures(nlp, "The army has 900 tanks; fuel prices are up from 40 last year.")
    assert [f.text for f in found] == ["900 tanks"], _summary(found)
    assert _figures(nlp, "Sales rose to 900 cars, up from 700 a year before.") == []


def test_space_force_guardians_are_personnel(nlp: Language) -> None:
    fig = _find(
        _figures(nlp, "The US Space Force, which has some 9,000 Guardians, tracked the test."),
        "9,000 Guardians",
    )
    assert (fig.category, fig.unit) == ("personnel", "guardian")
    assert _figures(nlp, "The museum hired 40 guardians for the summer exhibition.") == []


def test_rockets_of_a_space_story_are_no_weapons(nlp: Language) -> None:
    space = (
        "The agency put two satellites into orbit on Monday. Its space station will get a "
        "new module next year, and more satellites will follow. China launched 60 rockets "
        "last year."
    )
    assert _figures(nlp, space) == []
    war = (
        "The agency put two satellites into orbit on Monday. Its space station will get a "
        "new module next year, and more satellites will follow. Militants fired 60 rockets "
        "at the city overnight, killing three people."
    )
    assert "60 rockets" in [f.text for f in _figures(nlp, war)]
