"""Roles and scope from a figure's context (transforms.roles.context and attach), on
sentences written for these tests: the actor named by an act of the sentence or the
one before (by compatible verb class), list items sharing the first item's roles, the
cause of casualties named on an attack noun, and the scope cues of one day's tally."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.transforms.military_support import figures, find
from transforms.records import MilitaryFigure


def _roles(f: MilitaryFigure) -> tuple[str | None, str | None]:
    return (f.actor_iso3 or f.actor_name, f.counterpart_iso3 or f.counterpart_name)


def test_destroyed_kit_belongs_to_the_firer_of_the_sentence_before(nlp: Language) -> None:
    text = (
        "Russia launched 40 drones at Ukraine overnight. "
        "Ukrainian air defences destroyed 35 drones over the south."
    )
    f = find(figures(nlp, text), "35 drones")
    assert _roles(f) == ("RUS", "UKR")


def test_a_deployment_before_a_firing_names_no_firer(nlp: Language) -> None:
    text = (
        "Turkey has deployed 300 tanks on the border. "
        "Officials said 12 rockets were fired at the air base last month."
    )
    f = find(figures(nlp, text), "12 rockets")
    assert f.actor_iso3 is None and f.actor_name is None


def test_kit_intercepted_before_names_the_firer(nlp: Language) -> None:
    text = (
        "A US destroyer intercepted missiles launched by the Houthis on Tuesday. "
        "Three more missiles were fired at a container ship on Wednesday."
    )
    f = find(figures(nlp, text), "Three more missiles")
    assert f.actor_name == "Houthis"


def test_casualties_take_no_actor_from_the_sentence_before(nlp: Language) -> None:
    text = (
        "Israeli forces launched 20 missiles at Gaza on Monday. "
        "The strikes killed 14 people in the city, medics said."
    )
    f = find(figures(nlp, text), "14 people")
    assert f.actor_iso3 is None and f.actor_name is None


def test_a_later_list_item_shares_the_first_items_side(nlp: Language) -> None:
    text = "Navy destroyers intercepted two Houthi drones and four missiles on Friday."
    f = find(figures(nlp, text), "four missiles")
    assert f.actor_name == "Houthis"


def test_casualty_counterpart_from_an_attack_noun_of_the_clause(nlp: Language) -> None:
    text = "At least 30 people were killed and 90 wounded in Israeli strikes on Gaza on Monday."
    found = figures(nlp, text)
    assert find(found, "30 people").counterpart_iso3 == "ISR"


def test_an_including_item_shares_the_counterpart(nlp: Language) -> None:
    text = "Russian shelling killed 12 civilians, including three children, on Sunday."
    f = find(figures(nlp, text), "three children")
    assert f.counterpart_iso3 == "RUS"


def test_a_fire_target_is_the_side_its_place_is_in(nlp: Language) -> None:
    text = "Hezbollah said it launched 40 rockets at two bases in northern Israel on Monday."
    f = find(figures(nlp, text), "40 rockets")
    assert _roles(f) == ("Hezbollah", "ISR")


def test_the_nearer_of_two_parsed_subjects_is_the_agent(nlp: Language) -> None:
    text = "date 2023-04-09 Taiwan has detected 11 Chinese warships around the island."
    f = find(figures(nlp, text), "11 Chinese warships")
    assert _roles(f) == ("CHN", "TWN")


def test_captives_released_in_a_prisoner_swap_story(nlp: Language) -> None:
    text = (
        "Russia and Ukraine held another exchange of prisoners of war on Friday. "
        "Mediators praised both sides. "
        "Russia's Defence Ministry reported the release of 150 military personnel by "
        "Ukraine, while Kyiv confirmed the return of 140 individuals, comprising 130 "
        "soldiers and ten civilians."
    )
    found = figures(nlp, text)
    released = find(found, "150 military personnel")
    assert (released.category, *_roles(released)) == ("captured", "RUS", "UKR")
    returned = find(found, "140 individuals")
    # the other side of the swap, named in the same sentence, held them
    assert (returned.category, *_roles(returned)) == ("captured", "UKR", "RUS")
    part = find(found, "ten civilians")
    assert (part.category, part.actor_iso3, part.scope) == ("captured", "UKR", "event")
    assert part.counterpart_iso3 == "RUS"


def test_a_swap_naming_two_other_sides_names_no_partner(nlp: Language) -> None:
    text = (
        "Belarus and Russia said they had handed over prisoners. "
        "Kyiv said it had brought home 90 prisoners of war."
    )
    f = find(figures(nlp, text), "90 prisoners of war")
    assert f.counterpart_iso3 is None


def test_a_days_violence_refers_back_to_the_attack_before(nlp: Language) -> None:
    text = (
        "On Saturday the RSF launched coordinated assaults on the camps. "
        "Aid groups counted the dead. "
        "A local committee reported a death toll of 41 from Saturday's violence."
    )
    f = find(figures(nlp, text), "41")
    assert f.counterpart_name == "RSF"


@pytest.mark.parametrize(
    ("text", "span", "scope"),
    [
        # one day's tally: "over the past day" is no running total
        (
            "Russian attacks killed one person and injured 13 more over the past day.",
            "13",
            "event",
        ),
        # a period between two dates is a running total
        (
            "Between February 2022 and November 2023, Russian forces suffered "
            "50,000 killed in Ukraine.",
            "50,000 killed",
            "cumulative",
        ),
        # "had lost" is one past loss, not a tally up to now
        (
            "The Houthis said they shot down a US drone, and the US military said it "
            "had lost one drone.",
            "one drone",
            "event",
        ),
    ],
)
def test_scope_cues(nlp: Language, text: str, span: str, scope: str) -> None:
    assert find(figures(nlp, text), span).scope == scope


def test_war_cost_due_to_a_war_on_a_place(nlp: Language) -> None:
    text = "Israel spent more than $31 billion in 2024 alone due to its war on the Gaza Strip."
    f = find(figures(nlp, text), "$31 billion")
    assert (f.category, f.actor_iso3) == ("spending", "ISR")


def test_a_war_on_drugs_is_no_war_cost(nlp: Language) -> None:
    text = "The city spent $31 million in 2024 due to its war on drugs."
    assert not figures(nlp, text)


def test_forces_sent_to_fight_in_a_country(nlp: Language) -> None:
    text = "Russia is calling up 20,000 extra troops to fight in Ukraine."
    f = find(figures(nlp, text), "20,000 extra troops")
    assert _roles(f) == ("RUS", "UKR")


def test_wounds_received_make_a_wounded_count(nlp: Language) -> None:
    text = (
        "Israeli strikes killed 40 people in Gaza on Monday, while another 365 have "
        "received wounds."
    )
    f = find(figures(nlp, text), "365")
    assert (f.category, f.unit) == ("wounded", "person")


def test_injuries_outside_a_conflict_are_no_casualties(nlp: Language) -> None:
    assert not figures(nlp, "Five players suffered injuries in the match on Sunday.")


def test_an_attack_named_again_takes_the_side_named_before(nlp: Language) -> None:
    text = (
        "Air strikes by Myanmar's military on a village killed at least eight civilians."
        " The attack on the village also wounded 20 people, they said."
    )
    f = find(figures(nlp, text), "20 people")
    assert (f.counterpart_iso3, f.counterpart_name) == ("MMR", "Myanmar")


def test_an_attack_noun_without_an_earlier_side_names_no_counterpart(nlp: Language) -> None:
    text = "Fighting continued on Monday. The attack on the village wounded 20 people."
    assert find(figures(nlp, text), "20 people").counterpart_iso3 is None


@pytest.mark.parametrize(
    ("text", "span", "roles"),
    [
        # "out of" is a source; "leave" a withdrawal with the place left as its object
        ("Last year Germany pulled 900 troops out of Lithuania.", "900 troops", ("DEU", "LTU")),
        (
            "Last year Paris withdrew its forces from Chad. In March, a 700-strong "
            "contingent left Mali.",
            "700-strong contingent",
            ("FRA", "MLI"),
        ),
        # a "where" clause: the place it hangs on hosts the forces
        (
            "Seoul urged Pyongyang to withdraw its forces from Russia, where officials say "
            "8,000 North Korean troops are stationed.",
            "8,000 North Korean troops",
            ("PRK", "RUS"),
        ),
        # forces sent into a country: the side they are sent to fight
        (
            "Moscow drafted 50,000 reservists to be sent into Ukraine.",
            "50,000 reservists",
            ("RUS", "UKR"),
        ),
    ],
)
def test_personnel_host_in_the_sentence(
    nlp: Language, text: str, span: str, roles: tuple[str, str]
) -> None:
    assert _roles(find(figures(nlp, text), span)) == roles


def test_personnel_host_from_a_withdrawal_the_sentence_before(nlp: Language) -> None:
    text = (
        "The president said that Italy would withdraw its soldiers from Niger by December. "
        "He said 300 troops will be withdrawn by the end of the year."
    )
    f = find(figures(nlp, text), "300 troops")
    assert f.counterpart_iso3 == "NER"


def test_a_withdrawal_before_by_another_side_names_no_host(nlp: Language) -> None:
    text = (
        "Spain would withdraw its soldiers from Niger by December, officials said. "
        "Italy said 300 Italian troops will be withdrawn by the end of the year."
    )
    f = find(figures(nlp, text), "300 Italian troops")
    assert f.actor_iso3 == "ITA" and f.counterpart_iso3 is None


def test_a_lexicon_code_actor_is_the_country_entity(nlp: Language) -> None:
    # "Macron" maps to the code FRA in the lexicon: the actor is France itself, with its
    # ISO code and country entity, not an organisation named "FRA"
    f = find(figures(nlp, "Macron said 1,500 troops would stay in the region."), "1,500 troops")
    assert (f.actor_entity_id, f.actor_name, f.actor_iso3) == ("country:FRA", "France", "FRA")


def test_a_claimed_attack_is_the_claimers_cause(nlp: Language) -> None:
    text = (
        "Hezbollah claimed an attack on an army post near Metula, with local officials "
        "saying four people were wounded."
    )
    f = find(figures(nlp, text), "four people")
    assert f.counterpart_name == "Hezbollah" and f.actor_iso3 is None


def test_a_toll_brought_up_by_an_act_has_that_acts_sides(nlp: Language) -> None:
    text = (
        "Officials said Russian forces killed 40 Ukrainian soldiers and wounded 70 others "
        "on Monday, bringing the total death toll to 2,310 since the offensive began."
    )
    f = find(figures(nlp, text), "2,310")
    assert (f.actor_iso3, f.counterpart_iso3) == ("UKR", "RUS")


def test_kit_fired_at_the_reporting_side_in_the_passive(nlp: Language) -> None:
    # no firer and no target named: the side that reports the incoming fire is its target
    text = "The Israeli army said more than 40 rockets had been fired from Lebanon on Sunday."
    f = find(figures(nlp, text), "40 rockets")
    assert f.counterpart_iso3 == "ISR" and f.actor_iso3 is None


def test_a_named_target_place_beats_the_reporting_side(nlp: Language) -> None:
    text = "Russia's defence ministry said 12 missiles were fired at Kharkiv overnight."
    f = find(figures(nlp, text), "12 missiles")
    assert f.counterpart_iso3 == "UKR"


def test_captives_released_by_a_side_are_not_its_people(nlp: Language) -> None:
    # the releaser held them: the counterpart; whose people they are is not said
    f = find(figures(nlp, "Hamas released 24 hostages on Friday."), "24 hostages")
    assert (f.actor_name, f.counterpart_name) == (None, "Hamas")


def test_soldiers_returned_home_are_the_returners(nlp: Language) -> None:
    text = "Ukraine returned 144 soldiers from Russian captivity on Saturday."
    f = find(figures(nlp, text), "144 soldiers")
    assert f.actor_iso3 == "UKR"


def test_kit_in_a_package_is_the_packages_recipients(nlp: Language) -> None:
    text = (
        "The United States unveiled another package for Kyiv on Friday. "
        "It includes 10 howitzers and 5,000 shells."
    )
    found = figures(nlp, text)
    assert [f.actor_iso3 for f in found] == ["UKR", "UKR"]


def test_kit_in_a_package_with_no_recipient_is_nobodys(nlp: Language) -> None:
    text = "Germany unveiled a new package on Friday. It includes 12 howitzers."
    f = find(figures(nlp, text), "12 howitzers")
    assert f.actor_iso3 is None  # never the donor


def test_kit_delivered_takes_the_recipient_of_the_aid_announced_before(nlp: Language) -> None:
    text = (
        "Germany announced new military aid for Ukraine on Monday. "
        "Berlin will deliver 30 Leopard tanks."
    )
    f = find(figures(nlp, text), "30 Leopard tanks")
    assert (f.actor_iso3, f.counterpart_iso3) == ("UKR", "DEU")


def test_aid_announced_before_by_another_giver_names_no_recipient(nlp: Language) -> None:
    text = (
        "France announced new military aid for Ukraine on Monday. "
        "Berlin will deliver 30 Leopard tanks."
    )
    f = find(figures(nlp, text), "30 Leopard tanks")
    assert f.actor_iso3 is None


@pytest.mark.parametrize(
    ("text", "span", "roles"),
    [
        # kit an attack verb is done "with": fired by the subject at the object
        (
            "Russia attacked Ukraine with 40 drones and three missiles overnight.",
            "40 drones",
            ("RUS", "UKR"),
        ),
        ("The Houthis targeted the tanker with 11 missiles.", "11 missiles", ("Houthis", None)),
        # a supply verb's "with" object is still the recipient's kit
        ("The US is supplying Ukraine with 20 tanks.", "20 tanks", ("UKR", "USA")),
    ],
)
def test_kit_of_an_attack_with_it(
    nlp: Language, text: str, span: str, roles: tuple[str, str | None]
) -> None:
    assert _roles(find(figures(nlp, text), span)) == roles


def test_kit_of_an_attack_a_side_claims(nlp: Language) -> None:
    text = "The Houthis claimed an attack on a US destroyer with 12 drones."
    assert _roles(find(figures(nlp, text), "12 drones")) == ("Houthis", "USA")


def test_captives_returned_in_a_swap_with_a_side(nlp: Language) -> None:
    text = "Kyiv said 230 Ukrainian prisoners of war had returned home in a swap with Russia."
    f = find(figures(nlp, text), "230 Ukrainian prisoners of war")
    assert _roles(f) == ("UKR", "RUS")


def test_casualties_of_an_attack_a_when_clause_names(nlp: Language) -> None:
    text = "At least 70 people were killed when RSF fighters attacked the village."
    f = find(figures(nlp, text), "70 people")
    assert (f.actor_name, f.counterpart_name) == (None, "RSF")


@pytest.mark.parametrize(
    ("text", "span", "roles"),
    [
        # the giver named on the aid the money is in pays, not the receiver
        ("Ukraine has received $60 billion in US military aid since 2022.", "$60 billion",
         ("USA", "UKR")),
        # a donor named only as the speaker pays
        ("Military aid worth $400 million will go to Ukraine, the Pentagon said.",
         "$400 million", ("USA", "UKR")),
        # a "worth" the parse hangs on the recipient keeps the recipient
        ("Sweden announced a new military aid package for Ukraine worth $1.1 billion.",
         "$1.1 billion", ("SWE", "UKR")),
    ],
)  # fmt: skip
def test_aid_money_is_the_givers(
    nlp: Language, text: str, span: str, roles: tuple[str, str]
) -> None:
    assert _roles(find(figures(nlp, text), span)) == roles


def test_the_recipient_reporting_aid_is_not_its_giver(nlp: Language) -> None:
    text = "Military aid worth $400 million will go to Ukraine, Kyiv said."
    f = find(figures(nlp, text), "$400 million")
    assert (f.actor_iso3, f.counterpart_iso3) == (None, "UKR")


def test_a_word_of_a_persons_name_is_no_organisation(nlp: Language) -> None:
    # "Un" of "Kim Jong Un" is not the UN; forces sent to fight for a side have it as
    # counterpart
    text = "Kim Jong Un's regime has sent 12,000 soldiers to fight for Russia."
    f = find(figures(nlp, text), "12,000 soldiers")
    assert f.actor_name != "UN" and f.counterpart_iso3 == "RUS"


def test_forces_that_remain_in_a_country_have_it_as_host(nlp: Language) -> None:
    f = find(figures(nlp, "About 2,500 American troops remain in Iraq."), "2,500 American troops")
    assert _roles(f) == ("USA", "IRQ")
