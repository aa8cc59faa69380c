"""Military detection: the recall classes of real 2020s reporting found on web pages that
are in no gold file (issue 16). Every sentence is our own writing in news style (invented
facts, no corpus or gold text); each class has a negative sharing its surface.
"""

from __future__ import annotations

from spacy.language import Language

from tests.transforms import military_support

_figures = military_support.figures
_find = military_support.find


def _cats(nlp: Language, text: str) -> dict[str, str]:
    return {f.text: f.category for f in _figures(nlp, text)}


# ------------------------------------------------------------- casualty tallies


def test_a_subset_between_commas_shares_the_casualty_word_after_it(nlp: Language) -> None:
    found = _cats(
        nlp,
        "More than 9,400 Palestinians, including 180 aid workers, have been killed in Gaza "
        "since the war began.",
    )
    assert found == {"9,400 Palestinians": "killed", "180 aid workers": "killed"}
    found = _cats(
        nlp,
        "Up to 40 villagers, including 11 members of one family who were fleeing the town, "
        "lost their lives in the drone strike.",
    )
    assert found == {"40 villagers": "killed", "11 members": "killed"}
    found = _cats(
        nlp, "About 70 people, many of them children, are feared dead after the air strike."
    )
    assert found["70 people"] == "killed"


def test_later_items_of_an_including_list_share_the_toll(nlp: Language) -> None:
    found = _cats(
        nlp,
        "The fighting has left over 200 dead, including 90 from the rebel side, 70 army "
        "soldiers, and 40 civilians.",
    )
    assert found["70 army soldiers"] == "killed"
    assert found["40 civilians"] == "killed"
    # a list with its own verb is not the toll's
    found = _cats(nlp, "Shelling killed 30 people, and 500 soldiers were sent to the town.")
    assert found["500 soldiers"] == "personnel"


def test_the_outbreak_of_war_is_no_disease_cue(nlp: Language) -> None:
    assert _cats(nlp, "More than 1,200 Sudanese have been killed since the outbreak of war.") == {
        "1,200 Sudanese": "killed"
    }
    assert _cats(nlp, "The cholera outbreak has killed 300 people in the camps.") == {}


def test_counts_after_along_with_share_the_casualty(nlp: Language) -> None:
    found = _cats(
        nlp,
        "At least 900 soldiers have died in the insurgency, the UN said, along with 600 civilians.",
    )
    assert found == {"900 soldiers": "killed", "600 civilians": "killed"}


def test_injured_people_measured_and_patients_counted(nlp: Language) -> None:
    found = _figures(
        nlp, "The ministry said the number of injured people rose to 12,500 after the air strikes."
    )
    assert [(f.text, f.category) for f in found] == [("12,500", "wounded")]
    found = _cats(nlp, "Another six seriously injured patients arrived after the RSF shelling.")
    assert found == {"six seriously injured patients": "wounded"}
    found = _cats(nlp, "Among the deceased were three medics, the army said after the strike.")
    assert found == {"three medics": "killed"}


def test_martyred_soldiers_are_killed(nlp: Language) -> None:
    assert _cats(nlp, "The army said 4 soldiers were martyred in the militant attack.") == {
        "4 soldiers": "killed"
    }


def test_a_gerund_with_its_own_object_ends_the_shared_casualty(nlp: Language) -> None:
    found = _cats(nlp, "The rebels have raided ten towns, burning three, and killing eight guards.")
    assert "three" not in found
    assert found["eight guards"] == "killed"


def test_a_bomb_on_a_road_is_an_attack(nlp: Language) -> None:
    found = _cats(
        nlp, "Three soldiers were killed and two others were wounded by a bomb planted on a road."
    )
    assert found == {"Three soldiers": "killed", "two others": "wounded"}


# ----------------------------------------------------------------- prisoner swaps


def test_people_handed_over_in_a_swap_story_are_captured(nlp: Language) -> None:
    text = (
        "Kyiv and Moscow swap prisoners of war\n"
        "The two sides announced an exchange of prisoners of war, with more than 150 freed by "
        "each side. Moscow said 175 servicemen had been handed over by Kyiv. Ukraine said it "
        "had brought home 160 people."
    )
    found = _cats(nlp, text)
    assert found == {"150": "captured", "175 servicemen": "captured", "160 people": "captured"}
    # the same verbs outside a story of captivity
    assert _cats(nlp, "Russia returned 5,000 troops to the front line, the ministry said.") == {
        "5,000 troops": "personnel"
    }


# ------------------------------------------------------------------- forces and kit


def test_two_word_demonyms_and_military_staff_are_personnel(nlp: Language) -> None:
    found = _cats(
        nlp, "Seoul says 12,000 North Koreans are stationed near the front with Russian troops."
    )
    assert found == {"12,000 North Koreans": "personnel"}
    found = _cats(nlp, "Some 40 military representatives from Kenya arrived for the training.")
    assert found == {"40 military representatives": "personnel"}
    assert _cats(nlp, "Two military officials said the strike hit a depot.") == {}


def test_a_force_size_and_a_raised_number_of_troops(nlp: Language) -> None:
    found = _figures(nlp, "Its army is far smaller than the one million of Russia's armed forces.")
    assert [(f.value, f.category) for f in found] == [(1_000_000, "personnel")]
    found = _figures(nlp, "NATO plans to raise the number of ready troops to 250,000.")
    assert [(f.text, f.category) for f in found] == [("250,000", "personnel")]
    # formations counted, not people
    assert _figures(nlp, "The plan cuts the army's eight regiments to six.") == []


def test_a_count_from_a_sides_own_stock(nlp: Language) -> None:
    found = _cats(nlp, "Belgium will deliver 12 of its fighter jets to Ukraine next year.")
    assert found == {"12 of its fighter jets": "equipment"}


def test_unknown_model_names_before_a_generic_kit_noun(nlp: Language) -> None:
    found = _cats(nlp, "Berlin has delivered four Skyranger systems to Ukraine's army.")
    assert found == {"four Skyranger systems": "equipment"}
    found = _cats(nlp, "The army will get two more Krab-2 launchers this year.")
    assert found == {"two more Krab-2 launchers": "equipment"}
    assert _cats(nlp, "The bank upgraded two Oracle systems last year.") == {}


def test_a_calibre_between_the_number_and_the_rounds(nlp: Language) -> None:
    found = _figures(nlp, "The package includes 20,000 155mm artillery rounds for the army.")
    assert [(f.value, f.unit, f.category) for f in found] == [(20_000, "round", "equipment")]


def test_merchant_ships_seized_or_sunk_are_not_kit(nlp: Language) -> None:
    found = _cats(nlp, "Since March the Houthis have seized two ships and killed three sailors.")
    assert found == {"three sailors": "killed"}
    found = _cats(nlp, "Ukraine said it had sunk two Russian ships in the Black Sea.")
    assert found == {"two Russian ships": "equipment"}


# ------------------------------------------------------------------------ spending


def test_a_state_budget_line_for_defence_is_spending(nlp: Language) -> None:
    found = _figures(
        nlp,
        "The Union Budget allocated Rs 5.2 lakh crore to the defence ministry, including "
        "Rs 1.5 lakh crore for capital outlay.",
    )
    assert [f.text for f in found] == ["Rs 5.2 lakh crore", "Rs 1.5 lakh crore"]
    assert all(f.category == "spending" for f in found)
    assert (
        _figures(nlp, "The Union Budget allocated Rs 2.1 lakh crore to the health ministry.") == []
    )


def test_the_next_years_of_a_defence_line_continue_it(nlp: Language) -> None:
    found = _figures(
        nlp,
        "Defence spending is set to grow to $70 billion in 2025, with $74 billion in 2026 "
        "and $79 billion in 2027.",
    )
    assert [f.text for f in found] == ["$70 billion", "$74 billion", "$79 billion"]
    found = _figures(nlp, "The US gave $30bn in military aid, and $3bn for schools.")
    assert [f.text for f in found] == ["$30bn"]


def test_a_contractors_earnings_and_social_lines_are_not_spending(nlp: Language) -> None:
    assert (
        _figures(nlp, "The defence contractor earned $2.1 billion in the quarter as sales rose.")
        == []
    )
    found = _figures(
        nlp,
        "With 8 trillion yen for defense, the budget also sets aside 38 trillion yen "
        "for social security costs.",
    )
    assert [f.text for f in found] == ["8 trillion yen"]


def test_a_headlines_money_is_read_with_the_lede(nlp: Language) -> None:
    text = (
        "50 billion euros fund announced\n"
        "Paris The army is to receive a fund of 50 billion euros for armaments."
    )
    found = _figures(nlp, text)
    assert [f.category for f in found] == ["spending", "spending"]
    text = "50 billion euros fund announced\nThe money will go to schools and hospitals."
    assert _figures(nlp, text) == []


def test_another_estimate_of_a_toll_is_the_same_category(nlp: Language) -> None:
    found = _cats(
        nlp, "The war has killed thousands of people, with some estimates as high as 90,000."
    )
    assert found == {"thousands of people": "killed", "90,000": "killed"}
    # a number that is no estimate of the toll stays out
    assert _cats(nlp, "The strikes killed 40 people in a town of 20,000.") == {
        "40 people": "killed"
    }
