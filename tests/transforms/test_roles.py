"""Roles of military figures from the dependency parse (transforms.roles), on
sentences written for these tests: each verb class of the guidelines' Roles table,
the passive, the previous-sentence fallback, NULL where the text names no side,
and scope."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.transforms.military_support import figures, find
from transforms.records import MilitaryFigure


def _roles(f: MilitaryFigure) -> tuple[str | None, str | None]:
    return (f.actor_iso3 or f.actor_name, f.counterpart_iso3 or f.counterpart_name)


@pytest.mark.parametrize(
    ("text", "span", "actor", "counterpart"),
    [
        # give, equipment: the recipient owns it, the supplier is the counterpart
        ("France sends 12 Caesar howitzers to Armenia.", "12 Caesar howitzers", "ARM", "FRA"),
        # give, personnel: whose forces (the sender), sent to the host
        ("The United States will send 3,000 troops to Poland.", "3,000 troops", "USA", "POL"),
        # buy: the buyer owns it, the seller is the counterpart
        (
            "Poland bought 250 Abrams tanks from the United States.",
            "250 Abrams tanks",
            "POL",
            "USA",
        ),
        # fire: the side that fired it, at the target
        ("Iran fired 180 ballistic missiles at Israel.", "180 ballistic missiles", "IRN", "ISR"),
        # destroy: the owner of what was destroyed, the destroyer
        ("Ukrainian forces shot down 30 Russian drones.", "30 Russian drones", "RUS", "UKR"),
        # inflict: the side of the people counted, the side that inflicted it
        ("Russian strikes killed 12 Ukrainian soldiers.", "12 Ukrainian soldiers", "UKR", "RUS"),
        # an armed group is a party by name
        (
            "The Houthis said they fired 14 drones and 3 missiles at a US destroyer.",
            "14 drones",
            "Houthis",
            "USA",
        ),
        # spending: the donor pays, the recipient is the counterpart
        ("The US announced $400m in military aid for Ukraine.", "$400m", "USA", "UKR"),
    ],
)
def test_verb_classes(nlp: Language, text: str, span: str, actor: str, counterpart: str) -> None:
    assert _roles(find(figures(nlp, text), span)) == (actor, counterpart)


def test_passive_agent_is_the_supplier(nlp: Language) -> None:
    f = find(figures(nlp, "Twelve howitzers were sent to Armenia by France."), "Twelve howitzers")
    assert _roles(f) == ("ARM", "FRA")


def test_a_side_that_brings_captives_home_has_them_as_its_people(nlp: Language) -> None:
    # 'bring home' is a repatriation: the side that brings them home is theirs
    text = "Kyiv said it had brought home 230 prisoners of war."
    assert find(figures(nlp, text), "230 prisoners of war").actor_iso3 == "UKR"


@pytest.mark.parametrize(
    "text",
    [
        "Ukraine handed over 248 prisoners of war.",
        "Russia said 248 prisoners of war had been handed over by Ukraine.",
    ],
)
def test_a_side_that_hands_captives_over_held_them(nlp: Language, text: str) -> None:
    # handing prisoners over is a release: the giver held them, they are not its people
    assert _roles(find(figures(nlp, text), "248 prisoners of war")) == (None, "UKR")


@pytest.mark.parametrize(
    ("text", "span", "roles"),
    [
        # a state's own forces receive money no one is named to give: its own budget
        (
            "The Bundeswehr is to receive a special fund of 100 billion euros.",
            "100 billion euros",
            ("DEU", None),
        ),
        ("The Polish army will receive an extra 20 billion zlotys.", "20 billion zlotys",
         ("POL", None)),
        # aid is given by another side: the forces only receive it
        ("The Ukrainian army will receive $400m in military aid.", "$400m", (None, "UKR")),
    ],
)  # fmt: skip
def test_money_a_states_own_forces_receive(
    nlp: Language, text: str, span: str, roles: tuple[str | None, str | None]
) -> None:
    assert _roles(find(figures(nlp, text), span)) == roles


def test_capital_stands_for_its_country(nlp: Language) -> None:
    f = find(
        figures(nlp, "Washington will send 40 Patriot missiles to Kyiv."), "40 Patriot missiles"
    )
    assert _roles(f) == ("UKR", "USA")


def test_previous_sentence_resolves_a_pronoun(nlp: Language) -> None:
    text = "Iran fired missiles last week. It also launched 40 drones at Israel."
    assert _roles(find(figures(nlp, text), "40 drones")) == ("IRN", "ISR")


def test_two_named_sides_give_no_single_actor(nlp: Language) -> None:
    f = find(
        figures(nlp, "France and Germany will send 1,500 troops to Lithuania."), "1,500 troops"
    )
    assert f.actor_iso3 is None and f.counterpart_iso3 == "LTU"


def test_no_counterpart_where_none_is_named(nlp: Language) -> None:
    f = find(figures(nlp, "Ukraine has about 880,000 soldiers under arms."), "880,000 soldiers")
    assert _roles(f) == ("UKR", None)
    assert f.scope is None  # a standing force is neither an event nor a running total


def test_a_war_is_no_side(nlp: Language) -> None:
    f = find(figures(nlp, "Sudan's war has killed 150,000 people."), "150,000 people")
    assert f.counterpart_iso3 is None and f.counterpart_name is None


SCOPE_CASES = [
    ("At least 35,000 Palestinians have been killed since the war began.",
     "35,000 Palestinians", "cumulative"),
    ("Russia has lost 300,000 soldiers, Britain said.", "300,000 soldiers", "cumulative"),
    ("So far 400 tanks have been destroyed.", "400 tanks", "cumulative"),
    ("Russian strikes killed 12 Ukrainian soldiers overnight.",
     "12 Ukrainian soldiers", "event"),
    ("A missile strike has killed four civilians in the city.", "four civilians", "event"),
    ("Iran fired 180 ballistic missiles at Israel.", "180 ballistic missiles", "event"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "span", "scope"), SCOPE_CASES)
def test_scope(nlp: Language, text: str, span: str, scope: str) -> None:
    assert find(figures(nlp, text), span).scope == scope


def test_cumulative_cue_of_another_clause_is_not_the_figures(nlp: Language) -> None:
    text = "The army killed 40 fighters on Monday, bringing the total death toll to 900."
    found = figures(nlp, text)
    assert find(found, "40 fighters").scope == "event"


def test_toll_takes_the_side_of_the_dead_and_the_cause(nlp: Language) -> None:
    text = "The Palestinian death toll has risen to 33,482 as a result of Israeli attacks."
    f = find(figures(nlp, text), "33,482")
    assert (_roles(f), f.scope) == (("PSE", "ISR"), "cumulative")


def test_a_firm_may_be_the_supplier_counterpart(nlp: Language) -> None:
    f = find(
        figures(nlp, "Hanwha Aerospace will ship 152 K9 howitzers to Poland."), "152 K9 howitzers"
    )
    assert _roles(f) == ("POL", "Hanwha Aerospace")


def test_others_are_the_side_of_the_people_counted_before(nlp: Language) -> None:
    text = "The Israeli army killed 122 Palestinians and wounded 56 others on Monday."
    assert _roles(find(figures(nlp, text), "56 others")) == ("PSE", "ISR")


def test_a_contract_to_ship_is_the_buyers_spending(nlp: Language) -> None:
    text = "Hanwha Aerospace signed a $2.6 billion contract to ship 152 K9 howitzers to Poland."
    assert _roles(find(figures(nlp, text), "$2.6 billion")) == ("POL", "Hanwha Aerospace")


def test_agentless_passive_fire_takes_a_leaders_side_not_an_officials(nlp: Language) -> None:
    leader = "Trump told reporters that six bombs and 30 missiles were fired at the site."
    assert find(figures(nlp, leader), "30 missiles").actor_iso3 == "USA"
    official = (
        "Iraqi military officials said 12 rockets and 4 drones were fired at the base overnight."
    )
    assert find(figures(nlp, official), "12 rockets").actor_iso3 is None


def test_a_headline_infinitive_after_a_date_marker_has_the_name_as_subject(
    nlp: Language,
) -> None:
    text = "date 2023-07-03 Ukraine to receive several dozens of Leopard 1 tanks from Germany"
    f = find(figures(nlp, text), "dozens of Leopard 1 tanks")
    assert f.actor_iso3 == "UKR"


def test_kit_launched_by_a_side_is_that_sides(nlp: Language) -> None:
    text = "Ukraine's air force said it had shot down 27 drones launched by Russia overnight."
    assert _roles(find(figures(nlp, text), "27 drones")) == ("RUS", "UKR")


def test_a_target_place_stands_for_the_country_it_lies_in(nlp: Language) -> None:
    text = "Russia fired 12 ballistic missiles at Kharkiv overnight."
    assert _roles(find(figures(nlp, text), "12 ballistic missiles")) == ("RUS", "UKR")


def test_a_firm_named_short_takes_the_fullest_form_of_the_text(nlp: Language) -> None:
    text = (
        "Hanwha inks $2.6b deal to ship more K9 howitzers to Poland. Hanwha Aerospace said"
        " Monday it has signed the contract."
    )
    assert _roles(find(figures(nlp, text), "$2.6b")) == ("POL", "Hanwha Aerospace")


def test_aid_welcomed_by_its_recipient_is_the_donors_spending(nlp: Language) -> None:
    text = "Ukraine welcomed the $300 million in military aid from Canada."
    assert find(figures(nlp, text), "$300 million").actor_iso3 == "CAN"


@pytest.mark.parametrize(
    "text",
    [
        "Poland signed a contract with Hanwha Aerospace for 212 K9 howitzers.",
        "Hanwha Aerospace signed a contract with Poland for 212 K9 howitzers.",
    ],
)
def test_kit_of_a_state_firm_contract_is_the_states(nlp: Language, text: str) -> None:
    assert _roles(find(figures(nlp, text), "212 K9 howitzers")) == ("POL", "Hanwha Aerospace")


def test_kit_shot_down_in_an_agentless_passive_is_the_reporters_kill(nlp: Language) -> None:
    text = (
        "The Ukrainian military said Russia had launched 50 drones overnight, of which"
        " 40 drones were shot down."
    )
    assert _roles(find(figures(nlp, text), "40 drones")) == ("RUS", "UKR")
