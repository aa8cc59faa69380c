"""Military figures on new text: patterns that must generalise beyond the gold sets.

Every sentence here is our own writing in news style (no corpus or gold text). Each
pattern has positives phrased several ways, and negatives that share the surface
pattern but are not military figures (accidents, disease, crime, civilian budgets,
non-military counts, years and unit names).
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from transforms.military import extract_military
from transforms.money import extract_money
from transforms.records import MilitaryFigure


def _figures(nlp: Language, text: str) -> list[MilitaryFigure]:
    return extract_military(nlp(text), money=extract_money(text))


def _one(nlp: Language, text: str) -> MilitaryFigure:
    figures = _figures(nlp, text)
    assert len(figures) == 1, [(f.text, f.category) for f in figures]
    return figures[0]


# ----------------------------------------------------------- death counts, any form

KILLED_CASES = [
    # number words, active verb before the number
    ("A roadside bomb killed nine people near the market, officials said.", 9, None),
    ("He apologised for the loyalist bombs which killed eleven people in 1974.", 11, None),
    ("Militants stormed the village and killed twelve men, the army said.", 12, None),
    # ranges
    ("Between 2,000 and 3,000 civilians were killed in the shelling of the city.", 2500, None),
    ("Between 1.2 and 1.4 million people died during the civil war.", 1.3e6, None),
    # vague quantities, long coordinated nouns, other verbs
    ("Tens of thousands of villagers died in the fighting with the rebels.", 10000, "over"),
    (
        "Tens of thousands of innocent men, women and children have died since the "
        "invasion, the MP said.",
        10000,
        "over",
    ),
    ("Thousands of civilians have been slaughtered by the militia this year.", 1000, "over"),
    # passive with an agent, group nouns
    ("About 500,000 Tutsis were murdered by Hutu extremists during the genocide.", 5e5, "approx"),
    ("Roughly 200,000 Bosniaks and Croats were killed by Serb paramilitaries.", 2e5, "approx"),
    # perish, relative clauses, epistemic verbs
    ("Some four million people perished in the war, historians estimate.", 4e6, "approx"),
    ("The memorial honours the six million Jews who perished in the Nazi death camps.", 6e6, None),
    (
        "Some 20,000 people are thought to have died in the campaign against the guerrillas.",
        2e4,
        "approx",
    ),
    ("The conflict has claimed more than 50,000 lives since it began.", 50000, "over"),
    ("The massacre of 8,000 Muslim men and boys by Serb forces shocked the world.", 8000, None),
    ("A suicide bomber killed 14 people at a checkpoint outside the capital.", 14, None),
]


@pytest.mark.parametrize(("text", "value", "qualifier"), KILLED_CASES)
def test_death_counts_in_conflict(
    nlp: Language, text: str, value: float, qualifier: str | None
) -> None:
    fig = _one(nlp, text)
    assert (fig.value, fig.category, fig.qualifier) == (value, "killed", qualifier)


def test_mixed_people_list_has_unit_person(nlp: Language) -> None:
    fig = _one(nlp, "Tens of thousands of men, women and children died in the war.")
    assert fig.unit == "person"


def test_wounded_and_captured_by_parse(nlp: Language) -> None:
    wounded = _one(nlp, "Dozens of fighters were injured in clashes with the army near the border.")
    assert (wounded.value, wounded.category) == (12, "wounded")
    captured = _one(nlp, "The rebels captured fifteen soldiers in the ambush.")
    assert (captured.value, captured.category, captured.unit) == (15, "captured", "soldier")


def test_killers_in_relative_clause_are_not_casualties(nlp: Language) -> None:
    figures = _figures(nlp, "The 40 gunmen who killed the villagers belonged to a militia.")
    assert not any(f.category == "killed" for f in figures)


NOT_CONFLICT_DEATHS = [
    "Nine people died when the bus crashed into a river on Sunday.",
    "Some 2,000 people died of cholera in the camps last year.",
    "Three people were killed in a shooting at a nightclub, police said.",
    "Two men were murdered in a robbery at a petrol station.",
    "Seven people were killed in a motorway pile-up in thick fog.",
    "The earthquake killed more than 400 people across the province.",
    "Paramedics say the new ambulances have saved 300 lives this winter.",
]


@pytest.mark.parametrize("text", NOT_CONFLICT_DEATHS)
def test_deaths_outside_armed_conflict_are_not_figures(nlp: Language, text: str) -> None:
    assert _figures(nlp, text) == []


# ----------------------------------------------------------------- partitive counts


def test_one_of_n_counts_the_inner_number(nlp: Language) -> None:
    fig = _one(nlp, "He was one of four Britons freed from Guantanamo Bay last month.")
    assert (fig.text, fig.value, fig.category, fig.actor_iso3) == (
        "four Britons",
        4,
        "captured",
        "GBR",
    )


# ----------------------------------------------------------------------- spending


def test_war_costs_are_spending(nlp: Language) -> None:
    fig = _one(nlp, "The chancellor set aside a further £300m for the war in Afghanistan.")
    assert (fig.category, fig.unit, fig.currency) == ("spending", "pound", "GBP")
    fig = _one(nlp, "Ministers found another £250m for the conflicts in the Balkans.")
    assert (fig.category, fig.unit) == ("spending", "pound")
    fig = _one(
        nlp, "The White House will ask Congress for $60bn to pay for military operations abroad."
    )
    assert (fig.category, fig.unit) == ("spending", "dollar")


def test_spending_unit_and_actor_from_the_budget(nlp: Language) -> None:
    figures = _figures(nlp, "Japan's defence budget was raised 3% to 4.9 trillion yen ($45bn).")
    assert [(f.text, f.unit, f.actor_iso3) for f in figures] == [
        ("4.9 trillion yen", "yen", "JPN"),
        ("$45bn", "dollar", "JPN"),
    ]
    fig = _one(nlp, "Military spending is also expected to grow by 5%, to reach $500bn next year.")
    assert (fig.category, fig.unit) == ("spending", "dollar")


NOT_SPENDING = [
    "The education department's budget would rise to $70bn, while the defence department "
    "asked for more.",
    "The supermarket chain spent £40m in a price war with its rivals.",
    "The firm made $5bn from its operations in Asia, where a trade war looms.",
    "The charity raised £2m for families of soldiers in a televised appeal.",
]


@pytest.mark.parametrize("text", NOT_SPENDING)
def test_civilian_money_is_not_spending(nlp: Language, text: str) -> None:
    assert not any(f.category == "spending" for f in _figures(nlp, text))


# ------------------------------------------------------------------ units, non-counts


def test_apc_is_a_vehicle(nlp: Language) -> None:
    figures = _figures(nlp, "Berlin agreed to send 150 Marder IFV and 40 APC to the front.")
    assert [(f.value, f.unit, f.category) for f in figures] == [
        (150, "vehicle", "equipment"),
        (40, "vehicle", "equipment"),
    ]


NOT_FIGURES = [
    "The 19 leaders met in Brussels to discuss the war.",
    "The 3rd Infantry Division returned home in 2004 after the invasion.",
    "Troops first arrived in 1991, during the first Gulf War.",
    "The fighter, 32, lost the title bout in the 12th round.",
    "The striker's two goals were the decisive attack of the game.",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_non_military_numbers(nlp: Language, text: str) -> None:
    assert _figures(nlp, text) == []
