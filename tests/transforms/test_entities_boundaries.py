"""Entity boundaries, titles, short forms and acronyms, with the real spaCy model.

Every sentence here was written for these tests (no corpus text). Each test
pins one rule of ``transforms.entities`` on a case where the small model's own
spans are wrong, so it fails if the rule stops working.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.transforms import entity_support
from transforms.records import Entity, EntityMention

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "transforms" / "data"


_run = entity_support.extracted


def _names(entities: list[Entity], label: str | None = None) -> set[str]:
    return {e.name for e in entities if label is None or e.label == label}


def _ids_of(mentions: list[EntityMention], text: str) -> set[str]:
    return {m.entity_id for m in mentions if m.text == text}


# --- boundaries -----------------------------------------------------------


def test_x_of_y_name_is_extended_over_of(nlp) -> None:  # type: ignore[no-untyped-def]
    # The model tags "The Muslim Council" and "Britain" apart here.
    _, entities = _run(nlp, "The Muslim Council of Britain said it was shocked.")
    assert "Muslim Council of Britain" in _names(entities, "ORG")
    assert "Muslim Council" not in _names(entities)
    assert "United Kingdom" not in _names(entities)  # "Britain" is inside the name


def test_dangling_of_the_is_trimmed_then_extended(nlp) -> None:  # type: ignore[no-untyped-def]
    # The model: "The Council of the" + "European Union".
    _, entities = _run(nlp, "The Council of the European Union met in Luxembourg.")
    assert "Council of the European Union" in _names(entities, "ORG")
    assert "Council of the" not in _names(entities)


def test_ministry_named_for_a_list_of_portfolios_is_one_org(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The Department for Culture, Media and Sport said funding would rise. "
        "Shoppers at Tesco, Asda and Aldi paid more."
    )
    _, entities = _run(nlp, text)
    names = _names(entities, "ORG")
    assert "Department for Culture, Media and Sport" in names
    assert not {"Department for Culture", "Media", "Sport"} & names
    # A list of separate companies stays separate.
    assert {"Tesco", "Asda"} <= names


def test_sentence_initial_the_after_a_title_line_is_not_part_of_the_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Regulator fines ferry firm\n\nThe Maritime Safety Board fined Tarn Ferries on Monday."
    _, entities = _run(nlp, text)
    assert "Maritime Safety Board" in _names(entities, "ORG")
    assert not any(n.startswith("The ") for n in _names(entities))


def test_match_score_is_not_part_of_a_club_name(nlp) -> None:  # type: ignore[no-untyped-def]
    _, entities = _run(nlp, "Aston Villa beat Manchester United 2-1 at Old Trafford.")
    names = _names(entities, "ORG")
    assert {"Aston Villa", "Manchester United"} <= names
    assert not any(ch.isdigit() for n in names for ch in n)
    assert "Old Trafford" not in _names(entities)  # a ground is a building, not an actor


def test_law_named_with_convention_on_is_not_an_org(nlp) -> None:  # type: ignore[no-untyped-def]
    _, entities = _run(nlp, "The European Convention on Human Rights was signed in Rome.")
    assert "European Convention on Human Rights" not in _names(entities)
    assert "Rome" in _names(entities, "GPE")


# --- possessives ----------------------------------------------------------


def test_possessive_inside_a_company_name_is_kept(nlp) -> None:  # type: ignore[no-untyped-def]
    _, entities = _run(
        nlp, "Shares in Barclay's Capital rose while Britain's Labour Party fell silent."
    )
    names = _names(entities, "ORG")
    assert "Barclay's Capital" in names and "Barclay" not in names
    # A country's possessive still splits: the owner is a name of its own.
    assert "Labour Party" in names and "United Kingdom" in _names(entities, "GPE")


def test_possessive_brand_keeps_its_apostrophe_but_a_persons_does_not(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Sainsbury's said sales rose. Sainsbury's shares climbed, and Starmer's aides cheered."
    _, entities = _run(nlp, text)
    assert "Sainsbury's" in _names(entities, "ORG")
    assert "Starmer" in _names(entities, "PERSON")


# --- titles ---------------------------------------------------------------


def test_secretary_of_state_for_portfolio_is_a_title(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Secretary of State for Defence Ruth Calder spoke to Secretary of State Omar Pryce."
    mentions, entities = _run(nlp, text)
    people = _names(entities, "PERSON")
    assert {"Ruth Calder", "Omar Pryce"} <= people
    assert "State" not in _names(entities) and "Defence Ruth Calder" not in people
    assert not [m for m in mentions if m.text in ("State", "Defence")]


# --- short forms, acronyms, labels ----------------------------------------


def test_one_word_short_form_joins_the_full_org_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Riggs Bank was fined on Monday. Riggs said it would appeal, and Riggs shares fell."
    mentions, entities = _run(nlp, text)
    assert _names(entities, "ORG") == {"Riggs Bank"}
    assert len(_ids_of(mentions, "Riggs") | _ids_of(mentions, "Riggs Bank")) == 1


def test_bare_head_noun_goes_to_the_nearest_full_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Hallam Bank closed ten branches.\n\n"
        "The Bank of England held rates. The Bank said inflation would fall."
    )
    mentions, entities = _run(nlp, text)
    assert _ids_of(mentions, "Bank") == _ids_of(mentions, "Bank of England")
    assert "Bank" not in _names(entities)


def test_parent_company_named_first_is_not_merged_into_its_unit(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Velmor said profits fell. Velmor will close the Velmor Logistics depot in Leeds, "
        "and Velmor shares dropped."
    )
    _, entities = _run(nlp, text)
    assert {"Velmor", "Velmor Logistics"} <= _names(entities, "ORG")


def test_company_word_suffix_merges_whatever_comes_first(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Toyota and Sony gained. Toyota Motor said profits would rise."
    mentions, _ = _run(nlp, text)
    assert _ids_of(mentions, "Toyota") == _ids_of(mentions, "Toyota Motor")


def test_acronym_defined_in_brackets_is_the_same_org(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "A spokesman for the Serious Fraud Office (SFO) said the SFO had closed the case. "
        "The Office of Rail and Road (ORR) fined the operator, and the ORR said so."
    )
    mentions, entities = _run(nlp, text)
    assert {"Serious Fraud Office", "Office of Rail and Road"} <= _names(entities, "ORG")
    assert not {"SFO", "ORR"} & _names(entities)
    assert _ids_of(mentions, "SFO") == _ids_of(mentions, "Serious Fraud Office")


def test_mixed_case_acronym_in_brackets_is_relabelled_and_linked(nlp) -> None:  # type: ignore[no-untyped-def]
    # The model tags "MoD" and "BoJ" as places.
    text = (
        "The Ministry of Defence (MoD) was asked to save money. The MoD has cut staff. "
        "The Bank of Japan (BoJ) held rates. The BoJ said wages were rising."
    )
    mentions, entities = _run(nlp, text)
    assert {m.label for m in mentions if m.text in ("MoD", "BoJ")} == {"ORG"}
    assert _ids_of(mentions, "MoD") == _ids_of(mentions, "Ministry of Defence")
    assert _ids_of(mentions, "BoJ") == _ids_of(mentions, "Bank of Japan")
    assert not {"MoD", "BoJ"} & _names(entities)


def test_untagged_acronym_after_its_definition_becomes_a_mention(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Dr Ian Lacey of the Royal United Services Institute (RUSI) said RUSI had warned."
    mentions, _ = _run(nlp, text)
    rusi = [m for m in mentions if m.text == "RUSI"]
    assert len(rusi) == 2 and {m.name for m in rusi} == {"Royal United Services Institute"}


def test_analysts_at_a_firm_make_it_an_org(nlp) -> None:  # type: ignore[no-untyped-def]
    _, entities = _run(nlp, "Analysts at Peel Hunt raised their forecast.")
    assert "Peel Hunt" in _names(entities, "ORG")
    assert "Peel Hunt" not in _names(entities, "PERSON")


def test_lone_word_of_a_company_name_tagged_person_is_the_company(nlp) -> None:  # type: ignore[no-untyped-def]
    mentions, entities = _run(
        nlp, "Thistle Energy reported a loss. Analysts said Thistle would recover."
    )
    assert "Thistle" not in _names(entities, "PERSON")
    assert _ids_of(mentions, "Thistle") == _ids_of(mentions, "Thistle Energy")


def test_capital_city_standing_for_a_government_is_a_place(nlp) -> None:  # type: ignore[no-untyped-def]
    _, entities = _run(nlp, "Budapest rejected the criticism. Moscow said nothing.")
    assert {"Budapest", "Moscow"} <= _names(entities, "GPE")
    assert "Budapest" not in _names(entities, "ORG")


def test_club_and_its_city_are_two_entities_in_a_sports_report(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Arsenal beat Brentford 2-0 and Liverpool drew with Everton, "
        "while fans in Liverpool celebrated."
    )
    mentions, entities = _run(nlp, text)
    assert {"Arsenal", "Brentford", "Liverpool", "Everton"} <= _names(entities, "ORG")
    assert "Liverpool" in _names(entities, "GPE")
    labels = [m.label for m in mentions if m.text == "Liverpool"]
    assert labels == ["ORG", "GPE"]


def test_city_stays_a_place_outside_sports_reports(nlp) -> None:  # type: ignore[no-untyped-def]
    _, entities = _run(nlp, "The council in Liverpool approved the budget on Monday.")
    assert "Liverpool" in _names(entities, "GPE")
    assert "Liverpool" not in _names(entities, "ORG")


def test_a_label_tie_gives_one_entity(nlp) -> None:  # type: ignore[no-untyped-def]
    # The model tags the first "Newport" GPE and the second ORG.
    text = (
        "Its new plant in Newport will employ 600 people. "
        "Newport had a proud history of making things, the First Minister said."
    )
    mentions, _ = _run(nlp, text)
    ids = _ids_of(mentions, "Newport")
    assert len(ids) == 1


# --- data files -------------------------------------------------------------


def test_boundary_data_lists_are_clean() -> None:
    data = json.loads((DATA / "entity_boundaries.json").read_text(encoding="utf-8"))
    for key, words in data.items():
        if key.startswith("_"):
            continue
        assert words and len(words) == len(set(words)), key
        assert all(w == w.strip() and w for w in words), key
    # A possessive brand is written with its possessive.
    assert all(n.split()[0].endswith(("'s", "'")) for n in data["possessive_names"])
    cities = json.loads((DATA / "entity_cities.json").read_text(encoding="utf-8"))["cities"]
    assert len(cities) == len(set(cities)) and "Budapest" in cities


def test_words_before_a_bare_org_word_are_taken_in(nlp) -> None:  # type: ignore[no-untyped-def]
    # The model tags only "Group"; a sentence-initial word is not taken in.
    text = (
        "Tesco declined to comment. The Co-operative Group, which runs 900 shops, said it "
        "would study the ruling.\n\nOutside Parliament, campaigners gathered."
    )
    _, entities = _run(nlp, text)
    names = _names(entities, "ORG")
    assert "Co-operative Group" in names and "Group" not in names
    assert "Outside Parliament" not in names


def test_known_acronym_the_model_missed_is_added(nlp) -> None:  # type: ignore[no-untyped-def]
    mentions, entities = _run(nlp, "He set out goals for the G8 presidency and other G8 nations.")
    assert [m.name for m in mentions if m.text == "G8"] == ["Group of Eight"] * 2
    assert "Group of Eight" in _names(entities, "ORG")


def test_portfolio_before_a_title_word_or_after_of_the_is_no_entity(nlp) -> None:  # type: ignore[no-untyped-def]
    # The model tags "Health" and "Exchequer" as ORGs here.
    text = (
        "Health Secretary Wes Streeting met the Chancellor of the Exchequer on Tuesday. "
        "Officials from the Home Office joined them."
    )
    _, entities = _run(nlp, text)
    names = _names(entities)
    assert not {"Health", "Exchequer"} & names
    assert "Wes Streeting" in _names(entities, "PERSON")
    assert "Home Office" in _names(entities, "ORG")


def test_company_and_its_product_used_again_and_again_stay_apart(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Google said Google News would close in Spain. Google News had been popular, "
        "and Google said it regretted the move."
    )
    mentions, entities = _run(nlp, text)
    assert {"Google", "Google News"} <= _names(entities, "ORG")
    assert _ids_of(mentions, "Google") != _ids_of(mentions, "Google News")


def test_plural_possessive_inside_an_association_name_is_kept(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The Scottish Fishermen's Federation and the Road Hauliers' Association met on Monday."
    _, entities = _run(nlp, text)
    names = _names(entities, "ORG")
    assert "Road Hauliers' Association" in names
    assert "Association" not in names and "Road Hauliers" not in names


def test_bracket_acronym_need_not_spell_the_initials(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The Federation of German Industries (BDI) urged talks. The BDI said exports "
        "would suffer. Reuters (UK) reported the remarks."
    )
    mentions, entities = _run(nlp, text)
    assert _ids_of(mentions, "BDI") == _ids_of(mentions, "Federation of German Industries")
    assert "BDI" not in _names(entities)
    # A country code in brackets is not an acronym of the name before it.
    assert "United Kingdom" in _names(entities, "GPE")


def test_capital_city_tagged_as_a_person_is_a_place(nlp) -> None:  # type: ignore[no-untyped-def]
    # The model tags "Bratislava" PERSON in this context.
    text = "Prime Minister Jan Horak spoke. Bratislava is home to a large Volkswagen plant."
    _, entities = _run(nlp, text)
    assert "Bratislava" in _names(entities, "GPE")
    assert "Bratislava" not in _names(entities, "PERSON")
