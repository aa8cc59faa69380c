"""Military figures in modern (2020s) war and defence reporting.

Every sentence here is our own writing in news style (invented facts, no corpus or gold
text). Each rule added for modern reporting has positives phrased in more than one way
and, where the surface pattern is shared, a negative that must stay out.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.transforms import military_support

_figures = military_support.figures
_summary = military_support.summary
_find = military_support.find


# ------------------------------------------------ weapon designations and model names

DESIGNATION_CASES = [
    ("Norway will send six F-16s to Ukraine next year.", "six F-16s", 6, "jet", "UKR"),
    ("The air force has lost 12 Su-34s since the war began.", "12 Su-34s", 12, "jet", None),
    ("Greece has ordered 20 Rafale jets from France.", "20 Rafale jets", 20, "jet", "GRC"),
    ("The navy still flies 45 MiG-29K jets from its carrier.", "45 MiG-29K jets", 45, "jet", None),
    ("Britain will give 14 Challenger tanks and 30 AS90 guns.", "14 Challenger tanks", 14,
     "tank", None),
    ("Poland has ordered 96 Apache helicopters from the US.", "96 Apache helicopters", 96,
     "helicopter", "POL"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "span", "value", "unit", "actor"), DESIGNATION_CASES)
def test_designations_and_model_names_are_counted_equipment(
    nlp: Language, text: str, span: str, value: float, unit: str, actor: str | None
) -> None:
    fig = _find(_figures(nlp, text), span)
    assert (fig.value, fig.unit, fig.category) == (value, unit, "equipment")
    if actor is not None:
        assert fig.actor_iso3 == actor


@pytest.mark.parametrize(
    "text",
    [
        "The firm hired 20,000 workers on H-1B visas and 300 students on F-1 visas.",
        "India played 12 T-20 matches against the army team this season.",
    ],
)
def test_visas_and_sport_formats_are_not_designations(nlp: Language, text: str) -> None:
    assert _summary(_figures(nlp, text)) == []


def test_more_between_number_and_designation(nlp: Language) -> None:
    fig = _find(
        _figures(nlp, "The plan includes 12 more F-35 stealth jets."), "12 more F-35 stealth jets"
    )
    assert (fig.value, fig.unit, fig.category) == (12, "jet", "equipment")


def test_stealth_fighters_are_aircraft_but_rebel_fighters_are_people(nlp: Language) -> None:
    jets = _find(_figures(nlp, "Egypt has received 24 J-10 stealth fighters from China."),
                 "24 J-10 stealth fighters")  # fmt: skip
    assert (jets.unit, jets.category, jets.actor_iso3) == ("fighter", "equipment", "EGY")
    people = _figures(nlp, "The army said it killed 300 rebel fighters near the border.")
    assert _summary(people) == [("300 rebel fighters", 300, "fighter", "killed", None)]


# --------------------------------------- generic kit words in a story about forces or war


def test_drones_count_in_a_military_story_without_a_cue_in_their_sentence(nlp: Language) -> None:
    text = (
        "The army is short of artillery and soldiers on the front. "
        "Ukraine produced more than 1.5 million first-person-view drones last year."
    )
    fig = _find(_figures(nlp, text), "1.5 million first-person-view drones")
    assert (fig.value, fig.qualifier, fig.unit, fig.category) == (
        1.5e6,
        "over",
        "drone",
        "equipment",
    )


def test_drones_and_ships_outside_a_military_story_are_not_counted(nlp: Language) -> None:
    assert _figures(nlp, "The retailer sold 2,000 drones to farmers and photographers.") == []
    text = (
        "The war has pushed up insurance costs for shipping. "
        "About 2,000 ships have changed course to avoid the strait."
    )
    assert [f.text for f in _figures(nlp, text)] == []


def test_shells_and_rounds_of_ammunition(nlp: Language) -> None:
    text = (
        "Europe has delivered about 650,000 artillery shells to Ukraine, and North Korea "
        "has sent Moscow 5 million rounds of ammunition."
    )
    figures = _figures(nlp, text)
    shells = _find(figures, "650,000 artillery shells")
    assert (shells.unit, shells.category, shells.actor_iso3) == ("shell", "equipment", "UKR")
    rounds = [f for f in figures if f.text.startswith("5 million rounds")]
    assert len(rounds) == 1 and rounds[0].unit == "round", _summary(figures)


def test_compound_units_are_kept_whole(nlp: Language) -> None:
    text = "Germany will deliver four IRIS-T air defence systems to Ukraine this winter."
    fig = _find(_figures(nlp, text), "four IRIS-T air defence systems")
    assert fig.unit == "air defence system"
    text = "A missile struck the tanker in the Red Sea and killed three crew members."
    fig = _find(_figures(nlp, text), "three crew members")
    assert (fig.unit, fig.category) == ("crew member", "killed")


# ------------------------------------------------------- casualties in modern forms


def test_subset_after_including_shares_the_casualty(nlp: Language) -> None:
    text = "Air strikes killed at least 43 people across the city, including 17 children."
    assert _summary(_figures(nlp, text)) == [
        ("43 people", 43, "person", "killed", None),
        ("17 children", 17, "child", "killed", None),
    ]


def test_among_the_dead_were(nlp: Language) -> None:
    text = (
        "Paramilitary fighters stormed the camp at dawn, killing dozens. "
        "Among the dead were nine aid workers."
    )
    fig = _find(_figures(nlp, text), "nine aid workers")
    assert (fig.value, fig.unit, fig.category) == (9, "aid worker", "killed")


def test_fallen_soldiers_and_bodies_of(nlp: Language) -> None:
    text = "The bodies of 500 fallen Ukrainian soldiers were repatriated on Friday."
    fig = _find(_figures(nlp, text), "500 fallen Ukrainian soldiers")
    assert (fig.category, fig.actor_iso3) == ("killed", "UKR")
    text = "Kyiv received the bodies of 212 soldiers in the latest handover."
    assert _summary(_figures(nlp, text)) == [("212 soldiers", 212, "soldier", "killed", None)]


def test_wounded_before_a_time_phrase(nlp: Language) -> None:
    text = "Israeli strikes killed 95 people and wounded 172 over 24 hours, the ministry said."
    assert _summary(_figures(nlp, text)) == [
        ("95 people", 95, "person", "killed", None),
        ("172", 172, "person", "wounded", None),
    ]


def test_taken_prisoner_and_hostages_in_a_war_story(nlp: Language) -> None:
    text = "The rebel alliance says it has taken 2,000 soldiers prisoner since October."
    fig = _find(_figures(nlp, text), "2,000 soldiers")
    assert fig.category == "captured"
    text = (
        "The war in Gaza entered its second year. A deal would free the hostages in "
        "exchange for 1,000 Palestinian prisoners."
    )
    fig = _find(_figures(nlp, text), "1,000 Palestinian prisoners")
    assert (fig.unit, fig.category, fig.actor_iso3) == ("prisoner", "captured", "PSE")


def test_prisoners_outside_a_war_story_are_not_captured(nlp: Language) -> None:
    text = "The jail was built for 600 prisoners but now holds 1,100, inspectors said."
    assert _figures(nlp, text) == []


def test_sinking_by_an_armed_group_is_no_accident(nlp: Language) -> None:
    text = "Since November the Houthis have seized one tanker, sunk two and killed four sailors."
    fig = _find(_figures(nlp, text), "four sailors")
    assert fig.category == "killed"
    assert not any(f.text == "two" for f in _figures(nlp, text))
    text = "Four sailors drowned when their fishing boat sank in a storm off the coast."
    assert _figures(nlp, text) == []


# ------------------------------------------------------------ personnel and actors


def test_conscription_verbs_need_no_other_cue(nlp: Language) -> None:
    text = "The junta announced plans to conscript 5,000 young men a month."
    assert _summary(_figures(nlp, text)) == [("5,000 young men", 5000, "man", "personnel", None)]
    assert _figures(nlp, "The firm plans to train 5,000 young men as coders.") == []


def test_relative_clause_subjects_name_the_actor(nlp: Language) -> None:
    text = "The missiles were stopped by US destroyers, which fired a dozen interceptors."
    fig = _find(_figures(nlp, text), "a dozen interceptors")
    assert (fig.value, fig.actor_iso3) == (12, "USA")
    text = "Mali expelled French troops, who numbered 5,100 at the height of the operation."
    fig = _find(_figures(nlp, text), "5,100")
    assert (fig.category, fig.unit, fig.actor_iso3) == ("personnel", "troop", "FRA")


def test_two_countries_as_subject_give_no_actor(nlp: Language) -> None:
    text = "Ukraine and Russia exchanged 190 prisoners of war on Friday."
    fig = _find(_figures(nlp, text), "190 prisoners of war")
    assert (fig.category, fig.actor_iso3) == ("captured", None)


def test_aid_package_money_is_the_donors_contents_no_ones(nlp: Language) -> None:
    text = (
        "Germany announced a €1.4bn military aid package including four air defence "
        "systems and 20 Leopard tanks."
    )
    figures = _figures(nlp, text)
    money = _find(figures, "€1.4bn")
    # the donor pays for the package (guidelines "Roles": spending -> who pays)
    assert (money.category, money.unit, money.actor_iso3) == ("spending", "package", "DEU")
    tanks = _find(figures, "20 Leopard tanks")
    assert tanks.actor_iso3 is None


def test_arms_sale_money_goes_to_the_buyer(nlp: Language) -> None:
    text = "South Korea agreed to sell 180 K2 tanks to Poland in a deal worth $5.8bn."
    figures = _figures(nlp, text)
    assert _find(figures, "180 K2 tanks").actor_iso3 == "POL"
    deal = _find(figures, "$5.8bn")
    assert (deal.category, deal.unit, deal.actor_iso3) == ("spending", "deal", "POL")


def test_contract_worth_about(nlp: Language) -> None:
    text = "India has signed a contract worth about €6.5bn for 26 fighter jets."
    fig = _find(_figures(nlp, text), "€6.5bn")
    assert (fig.category, fig.unit) == ("spending", "contract")


# ------------------------------------------------------------------------ distractors

NEGATIVES = [
    "Five soldiers died when their helicopter crashed during a night training exercise.",
    "A SpaceX rocket carried 21 satellites into orbit on Tuesday.",
    "The striker fired in 12 shots on goal but his side lost the derby.",
    "Leaders of 32 countries met in Vilnius to discuss the war.",
    "The war has driven 2 million refugees into neighbouring countries.",
    "The 3rd Armoured Brigade was pulled back from the front for rest.",
    "The government plans to spend 2.5% of GDP on defence by 2030.",
    "Police said three people were shot dead in a gang shooting on Saturday.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_modern_distractors_are_not_figures(nlp: Language, text: str) -> None:
    assert _summary(_figures(nlp, text)) == []


# ------------------------------------------------------- parts, lists and units of kit


def test_part_of_counted_kit_is_not_a_new_casualty(nlp: Language) -> None:
    text = "Russia launched 145 attack drones overnight, of which 85 were shot down."
    assert [f.text for f in _figures(nlp, text)] == ["145 attack drones"]


def test_part_of_the_dead_shares_their_category(nlp: Language) -> None:
    text = "Shelling of the market killed 40 people, of whom 12 were children."
    assert [(f.text, f.category) for f in _figures(nlp, text)] == [
        ("40 people", "killed"),
        ("12", "killed"),
    ]


def test_pieces_of_artillery_count_the_artillery(nlp: Language) -> None:
    text = "The brigade says it destroyed 120 pieces of artillery last month."
    fig = _find(_figures(nlp, text), "120 pieces of artillery")
    assert (fig.unit, fig.category) == ("artillery", "equipment")
    assert _figures(nlp, "The museum displays 40 pieces of art from the war years.") == []


def test_armoured_personnel_carriers_are_vehicles(nlp: Language) -> None:
    text = "Drones destroyed 31 armoured personnel carriers near the river."
    fig = _find(_figures(nlp, text), "31 armoured personnel carriers")
    assert (fig.unit, fig.category) == ("vehicle", "equipment")


# ------------------------------------------------------------ more casualty forms


def test_released_detainees_are_captured_only_in_a_conflict(nlp: Language) -> None:
    text = "Israel has released 90 Palestinian detainees as part of the truce."
    fig = _find(_figures(nlp, text), "90 Palestinian detainees")
    assert (fig.category, fig.actor_iso3) == ("captured", "PSE")
    assert _figures(nlp, "The court released 12 detainees on bail on Monday.") == []


def test_treated_for_injuries_is_wounded(nlp: Language) -> None:
    text = (
        "A drone strike on the market killed 26 civilians, and 55 people were treated for injuries."
    )
    fig = _find(_figures(nlp, text), "55 people")
    assert fig.category == "wounded"


def test_men_lost_by_a_military_unit_are_killed(nlp: Language) -> None:
    fig = _find(_figures(nlp, "The brigade lost 23 men in the autumn fighting."), "23 men")
    assert (fig.unit, fig.category) == ("man", "killed")
    assert _figures(nlp, "The town lost 2,000 people to emigration last year.") == []


def test_strikes_that_killed_dozens_of_terrorists(nlp: Language) -> None:
    text = 'The army said its air strikes had killed "dozens of terrorists" near the border.'
    fig = _find(_figures(nlp, text), "dozens of terrorists")
    assert (fig.value, fig.qualifier, fig.category) == (12, "over", "killed")


def test_aircraft_sent_towards_a_country_stay_the_senders(nlp: Language) -> None:
    text = "China sent 71 military aircraft and nine navy ships towards Taiwan on Monday."
    figures = _figures(nlp, text)
    assert [(f.text, f.actor_iso3) for f in figures] == [
        ("71 military aircraft", "CHN"),
        ("nine navy ships", "CHN"),
    ]
    text = "Norway will send six F-16s to Ukraine next year."
    assert _find(_figures(nlp, text), "six F-16s").actor_iso3 == "UKR"


def test_later_items_of_a_supply_list_share_the_recipient(nlp: Language) -> None:
    text = (
        "Iran has supplied Russia with hundreds of Shahed drones and dozens of ballistic missiles."
    )
    assert [(f.text, f.actor_iso3) for f in _figures(nlp, text)] == [
        ("hundreds of Shahed drones", "RUS"),
        ("dozens of ballistic missiles", "RUS"),
    ]
    text = "Germany sent 20 tanks to Ukraine and 10 howitzers to Moldova."
    assert [f.actor_iso3 for f in _figures(nlp, text)] == ["UKR", "MDA"]
