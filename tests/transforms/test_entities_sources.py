"""Sources, datelines, water bodies and districts in 2020s web news (issue #16).

Every sentence here is written for these tests (no corpus text), run through the
real spaCy model and the real entity path.
"""

from __future__ import annotations

from transforms.records import Entity

from .entity_support import extracted


def _labels(entities: list[Entity]) -> dict[str, str]:
    return {e.name: e.label for e in entities}


def test_platforms_and_agencies_are_organisations_tagged_or_not(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The commander said on Facebook that his unit had taken the bridge. "
        "A video shared on Twitter showed the damage.\n"
        "May 3 (UPI) -- Rescuers pulled 20 people from the river, officials said."
    )
    names = _labels(extracted(nlp, text)[1])
    assert names.get("Facebook") == "ORG"
    assert names.get("Twitter") == "ORG"
    assert names.get("UPI") == "ORG"


def test_a_listed_name_as_the_last_word_of_a_text_stays_inside_it(nlp) -> None:  # type: ignore[no-untyped-def]
    # a headline ending in a platform's name: the name's span ends at the doc's end
    mentions, entities = extracted(nlp, "Ministers vow to curb online abuse | Facebook")
    assert _labels(entities).get("Facebook") == "ORG"
    assert mentions[-1].text == "Facebook"


def test_the_employer_after_a_reporter_noun_is_an_organisation(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The story was filed on Monday by Dana Okafor, a correspondent for Just the News, "
        "from the border."
    )
    names = _labels(extracted(nlp, text)[1])
    assert names.get("Just the News") == "ORG"
    assert names.get("Dana Okafor") == "PERSON"


def test_lawyers_for_a_person_leave_the_person_alone(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Lawyers for Maria Gonzalez said the court had been misled, and she would appeal."
    names = _labels(extracted(nlp, text)[1])
    assert names.get("Maria Gonzalez") == "PERSON"


def test_a_title_case_dateline_before_a_dash_is_a_place(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Aid group warns of shortages\n"
        "Toronto \u2013 A diaspora group said on Monday that 40 strikes had hit the region."
    )
    names = _labels(extracted(nlp, text)[1])
    assert names.get("Toronto") == "GPE"


def test_a_district_noun_is_no_part_of_the_place(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The flood cut roads in Gorakhpur district in Uttar Pradesh state, "
        "and officials in Gorakhpur said 300 families had left."
    )
    entities = extracted(nlp, text)[1]
    places = {e.name for e in entities if e.label in ("GPE", "LOC")}
    assert "Gorakhpur" in places
    assert not [n for n in places if n.endswith("district")]


def test_a_sea_and_its_short_form_are_one_place(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The boat sank in the Mediterranean Sea on Sunday. Crossings of the "
        "Mediterranean have risen this year, the coast guard said."
    )
    entities = extracted(nlp, text)[1]
    places = [e.name for e in entities if e.label in ("GPE", "LOC")]
    assert places.count("Mediterranean Sea") == 1
    assert "Mediterranean" not in places


def test_an_organisation_cut_before_an_untagged_proper_noun_grows(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Lockheed Martin and Northrop Grumman both bid for the radar contract, officials said."
    orgs = {e.name for e in extracted(nlp, text)[1] if e.label == "ORG"}
    assert "Northrop Grumman" in orgs
    assert "Northrop" not in orgs


def test_title_words_after_an_organisation_are_not_taken_in(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "A statement from U.N. High Commissioner for Human Rights Amira Haddad urged restraint."
    orgs = {e.name for e in extracted(nlp, text)[1] if e.label == "ORG"}
    assert not [n for n in orgs if "High" in n or "Commissioner" in n]


def test_a_two_word_name_after_in_is_a_place(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Medics in Khan Yunis said on Tuesday that 40 people had died."
    names = _labels(extracted(nlp, text)[1])
    assert names.get("Khan Yunis") == "GPE"


def test_names_ending_in_an_acronym_are_groups_and_designations_no_names(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Troops had retaken two villages, the agency SANA said. "
        "Fighters of the Tamu PDF said they shot down a drone. "
        "Berlin will send three more IRIS-T systems and two F-16s are due in May."
    )
    entities = extracted(nlp, text)[1]
    labels = _labels(entities)
    assert labels.get("SANA") == "ORG"
    assert not [e for e in entities if e.label == "PERSON"]
    assert not [e for e in entities if e.name in ("IRIS-T", "F-16s")]


def test_events_and_bills_are_no_people(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Cyclone Mocha destroyed 300 homes in Rakhine. "
        "The Senate passed the Appropriation Bill on Tuesday."
    )
    people = {e.name for e in extracted(nlp, text)[1] if e.label == "PERSON"}
    assert not people


def test_a_title_and_a_full_name_tagged_org_is_a_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "CFO Colette Kress said revenue rose, and Sheriff Kory Honea said roads were closed."
    labels = _labels(extracted(nlp, text)[1])
    assert labels == {"Colette Kress": "PERSON", "Kory Honea": "PERSON"}


def test_a_place_by_its_region_noun_or_a_direction(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Drones hit a depot in the Volgograd region overnight. A trawler sank 40 km "
        "southeast of Syracuse, and a missile fell west of Okushiri."
    )
    labels = _labels(extracted(nlp, text)[1])
    assert labels.get("Volgograd") in ("GPE", "LOC")
    assert labels.get("Okushiri") == "GPE"
    assert labels.get("Syracuse") == "GPE"


def test_a_prefixed_acronym_joins_the_spelt_out_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The Kyauk Lone Gyi People's Defense Force said it held the bridge. "
        "A Kyauk Lone Gyi PDF spokesman said 12 soldiers were captured."
    )
    orgs = {e.name for e in extracted(nlp, text)[1] if e.label == "ORG"}
    assert "Kyauk Lone Gyi PDF" not in orgs


def test_a_role_word_is_cut_off_the_end_of_an_organisation(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Reporters asked Bank Of Japan Governor Kazuo Ueda about yields. "
        "CBN Governor Olayemi Cardoso spoke later."
    )
    labels = _labels(extracted(nlp, text)[1])
    assert labels.get("CBN") == "ORG"
    assert not [n for n in labels if n.endswith("Governor")]


def test_a_hotline_is_an_organisation(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Volunteers at the Alarm Phone hotline passed the position to the coast guard."
    assert _labels(extracted(nlp, text)[1]).get("Alarm Phone") == "ORG"


def test_a_head_word_after_a_demonym_is_the_organisation(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The Syrian Observatory for Human Rights counted 40 dead on Monday. "
        "The Observatory said the toll could rise."
    )
    entities = extracted(nlp, text)[1]
    assert [(e.name, e.label) for e in entities] == [("Syrian Observatory for Human Rights", "ORG")]


def test_an_untagged_name_ending_in_an_organisation_word_is_an_organisation(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Anchor Media said on Friday that the talks had resumed in the capital."
    assert _labels(extracted(nlp, text)[1]).get("Anchor Media") == "ORG"


def test_the_hague_keeps_its_the_and_designations_are_no_places(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Leaders met in The Hague. At the summit in the Hague, Poland bought 200 K9A1 "
        "howitzers and an Arleigh Burke-class destroyer, a response not only to Trump."
    )
    labels = _labels(extracted(nlp, text)[1])
    assert labels == {"The Hague": "GPE", "Poland": "GPE", "Trump": "PERSON"}


def test_a_town_in_a_war_zone_carries_its_country(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Russian troops advanced towards Pokrovsk, and drones hit a depot near Kirovohrad."
    places = {e.name: e for e in extracted(nlp, text)[1] if e.label in ("GPE", "LOC")}
    assert places["Pokrovsk"].country_iso3 == "UKR"
    assert places["Kirovohrad"].country_iso3 == "UKR"


def test_the_object_of_an_attack_verb_is_a_place_unless_a_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Militia units attacked Achefer at dawn, a local official said. "
        "Critics attacked Zelensky over the plan."
    )
    labels = _labels(extracted(nlp, text)[1])
    assert labels.get("Achefer") == "GPE"
    assert labels.get("Zelensky") == "PERSON"


def test_a_settlement_the_model_calls_a_building_is_a_place(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Two drones struck a barn at Moshav Zarit on Sunday, the army said."
    labels = _labels(extracted(nlp, text)[1])
    assert labels.get("Moshav Zarit") == "GPE"
