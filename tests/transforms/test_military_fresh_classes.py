"""Military detection: the classes the fresh blind 2020s set (``military_2020s_fresh.jsonl``)
and the older dev sets still missed: units as written, elided nouns after "more" /
"another" and in parallel counts, crews of seized ships, model names split at a dash,
bare "million-strong" forces, capacities. Every sentence is our own writing in news style
(invented facts, no corpus or gold text); each class has a negative sharing its surface.
"""

from __future__ import annotations

from spacy.language import Language

from tests.transforms import military_support

_figures = military_support.figures
_find = military_support.find


def _units(nlp: Language, text: str) -> dict[str, tuple[str, str]]:
    return {f.text: (f.category, f.unit) for f in _figures(nlp, text)}


# ------------------------------------------------------------- units as written


def test_casualty_nouns_keep_their_noun_and_kind(nlp: Language) -> None:
    found = _units(
        nlp,
        "Monitors recorded at least 410 civilian deaths and 960 injuries in the province "
        "since the offensive began.",
    )
    assert found == {
        "410 civilian deaths": ("killed", "civilian death"),
        "960 injuries": ("wounded", "injury"),
    }
    found = _units(nlp, "Kyiv and Moscow swapped 75 prisoners of war and 30 war prisoners.")
    assert found == {
        "75 prisoners of war": ("captured", "prisoner of war"),
        "30 war prisoners": ("captured", "war prisoner"),
    }
    found = _units(
        nlp, "Rebel shelling hit the camp. Among the dead were six humanitarian workers."
    )
    assert found == {"six humanitarian workers": ("killed", "humanitarian worker")}


def test_a_bare_swap_count_takes_the_captives_named_before_it(nlp: Language) -> None:
    found = _units(
        nlp,
        "The sides held a swap of prisoners of war on Tuesday, with more than 90 freed by "
        "each side.",
    )
    assert found == {"90": ("captured", "prisoner of war")}


def test_a_speaker_parsed_as_a_conjunct_leaves_the_unit_alone(nlp: Language) -> None:
    found = _units(
        nlp,
        "A drone strike on the market killed at least 31 people, including 12 children, "
        "residents and local officials said on Monday.",
    )
    assert found["12 children"] == ("killed", "child")
    found = _units(nlp, "Artillery fire killed 16 men, women and children in the village.")
    assert found == {"16 men": ("killed", "person")}


# ------------------------------------------------------------- elided nouns


def test_a_count_after_more_or_another_counts_the_figure_before(nlp: Language) -> None:
    found = _units(
        nlp,
        "Norway handed four NASAMS systems to Ukraine in May and will deliver two more "
        "before winter.",
    )
    assert found["four NASAMS"] == ("equipment", "air defence system")
    assert [u for t, u in found.items() if t.startswith("two")] == [
        ("equipment", "air defence system")
    ]
    found = _units(
        nlp, "Russia fired 35 drones at Kharkiv overnight. Another 20 were launched at Sumy."
    )
    assert found == {"35 drones": ("equipment", "drone"), "20": ("equipment", "drone")}
    found = _units(nlp, "The club signed 3 players in June and another 2 in July.")
    assert found == {}


def test_a_parallel_count_shares_the_noun_of_its_sentence(nlp: Language) -> None:
    found = _units(
        nlp,
        "Militia fighters killed 14 villagers in Dogon and 9 in Kora on Sunday, a local "
        "official said.",
    )
    assert found == {"14 villagers": ("killed", "villager"), "9": ("killed", "villager")}
    found = _units(nlp, "Air defences shot down 41 drones over Odesa and 12 over Mykolaiv.")
    assert found == {"41 drones": ("equipment", "drone"), "12": ("equipment", "drone")}
    found = _units(nlp, "The team scored 30 goals in the autumn and 25 in the spring.")
    assert found == {}


def test_a_part_named_by_includes_after_the_toll_sentence(nlp: Language) -> None:
    found = _units(
        nlp,
        "Rebel shelling killed 19 people in the market town. Officials said the figure "
        "includes five women who were waiting for a bus.",
    )
    assert found == {"19 people": ("killed", "person"), "five women": ("killed", "woman")}


# ------------------------------------------------------------- captives


def test_the_crew_of_a_seized_ship_are_captured(nlp: Language) -> None:
    found = _units(
        nlp,
        "Houthi rebels fired missiles at two ships on Monday. The 17 crew of a bulk carrier "
        "seized in March are still held in Hodeidah.",
    )
    assert found["17 crew"] == ("captured", "crew")
    found = _units(
        nlp,
        "Iran's navy seized a tanker in the Gulf on Friday. Officials said 21 crew members "
        "from the tanker were being questioned.",
    )
    assert found == {"21 crew members": ("captured", "crew member")}
    found = _units(
        nlp,
        "A missile struck the destroyer, the navy said, and killed three crew members.",
    )
    assert found == {"three crew members": ("killed", "crew member")}


# ------------------------------------------------------------- kit and forces


def test_a_model_name_split_at_its_dash_names_the_kind(nlp: Language) -> None:
    found = _units(nlp, "Germany delivered three Iris-T systems to Ukraine on Tuesday.")
    assert found == {"three Iris-T systems": ("equipment", "air defence system")}
    found = _units(nlp, "Drones destroyed two Tor-M2 systems and an S-300 battery overnight.")
    assert [u for t, u in found.items() if t.startswith("two")] == [
        ("equipment", "air defence system")
    ]


def test_a_singular_kit_name_of_several_words_heads_its_count(nlp: Language) -> None:
    found = _units(
        nlp, "Kyiv signed a contract for the purchase of the 6 air defense system this week."
    )
    assert found == {"6 air defense system": ("equipment", "air defence system")}
    assert _units(nlp, "The factory ordered 6 air defence system parts.") == {}


def test_a_bare_million_strong_sizes_a_force(nlp: Language) -> None:
    found = _units(nlp, "Kyiv wants to build a 'million-strong army' by next year, he said.")
    assert found == {"million-strong army": ("personnel", "troop")}


def test_what_a_launcher_can_hold_is_no_count(nlp: Language) -> None:
    found = _units(
        nlp,
        "Each battery has a launcher on a military truck with space for eight missiles. "
        "The army fired six missiles at the bridge.",
    )
    assert found == {"six missiles": ("equipment", "missile")}


# ------------------------------------------------------------- tolls and crime


def test_assault_and_violence_are_conflict_tolls(nlp: Language) -> None:
    found = _units(nlp, "The paramilitary assault left 40 dead and 70 wounded in the city.")
    assert found == {"40 dead": ("killed", "person"), "70 wounded": ("wounded", "person")}
    assert _units(nlp, "He was convicted of a sexual assault that left 2 injured.") == {}


def test_a_lone_armed_man_shooting_is_a_crime(nlp: Language) -> None:
    found = _units(
        nlp,
        "An armed man shot and injured seven people at a shopping mall on Sunday before "
        "the sheriff's deputies arrested him.",
    )
    assert found == {}


def test_an_ordinal_part_counts_what_its_sentence_counts(nlp: Language) -> None:
    found = _units(
        nlp,
        "Russia sent a first wave of 25 drones, a second wave of about 60 projectiles and "
        "a third of about 15, the air force said.",
    )
    assert found["15"] == ("equipment", "projectile")
    assert _units(nlp, "The party won 40 seats, and a third of 10 went to others.") == {}


def test_a_conjunct_with_its_own_count_keeps_the_first_unit(nlp: Language) -> None:
    found = _units(
        nlp,
        "At least 48 people were killed in the strikes, including 11 children and four "
        "women, medics said.",
    )
    assert found["11 children"] == ("killed", "child")
    assert found["four women"] == ("killed", "woman")


def test_n_of_the_m_kit_counts_both(nlp: Language) -> None:
    found = _units(nlp, "The air force said it downed 38 of the 51 drones launched overnight.")
    assert found == {"38": ("equipment", "drone"), "51 drones": ("equipment", "drone")}


def test_total_losses_measured_by_a_number_are_killed(nlp: Language) -> None:
    found = _units(
        nlp,
        "Fighting raged along the front line. The General Staff said Russia had lost 1,050 "
        "personnel over the past day, bringing its total losses to 612,000.",
    )
    assert found["612,000"] == ("killed", "person")
    assert _units(nlp, "The war hit the economy. The firm's losses rose to 3,000 jobs.") == {}
    found = _units(nlp, "Fighting raged on in the war. Russian tank losses have reached 3,100.")
    assert found == {}  # kit losses are no killed toll


def test_operatives_of_an_armed_group_are_forces(nlp: Language) -> None:
    found = _units(nlp, "The army said it had eliminated 14 Hamas operatives in Rafah.")
    assert found == {"14 Hamas operatives": ("killed", "operative")}
    assert _units(nlp, "The agency hired 20 marketing operatives last year.") == {}


def test_a_bare_toll_after_families_counts_people(nlp: Language) -> None:
    found = _units(
        nlp, "An air strike on a school sheltering displaced families killed at least 22."
    )
    assert found == {"22": ("killed", "person")}


def test_people_detained_by_a_sides_forces_are_captured(nlp: Language) -> None:
    found = _units(nlp, "Israeli forces detained 31 Palestinians in overnight raids in Jenin.")
    assert found == {"31 Palestinians": ("captured", "person")}
    assert _units(nlp, "Police detained 25 protesters outside the embassy in London.") == {}


def test_artillery_pieces_are_artillery(nlp: Language) -> None:
    found = _units(nlp, "The army moved 300 artillery pieces and 90 tanks to the border.")
    assert found["300 artillery pieces"] == ("equipment", "artillery")
    assert _units(nlp, "She sold 20 pieces of furniture and 30 jigsaw pieces.") == {}


def test_a_money_fragment_takes_the_arms_cue_of_the_sentence_before(nlp: Language) -> None:
    found = _units(
        nlp, "Volunteers raised money for 3 Bayraktars in a week! 15 mln $ Thank you all!"
    )
    assert found["15 mln $"] == ("spending", "dollar")
    found = _units(
        nlp, "Kyiv ordered 3 Bayraktars last year. $15 million will go to schools instead."
    )
    assert "$15 million" not in found


def test_kin_nouns_count_people_and_keep_their_unit(nlp: Language) -> None:
    found = _units(nlp, "A missile strike on Kharkiv killed two sisters and their grandmother.")
    assert found == {"two sisters": ("killed", "sister")}
    assert _units(nlp, "She has two sisters and a brother in Lviv.") == {}


def test_left_with_injuries_is_wounded(nlp: Language) -> None:
    found = _units(
        nlp, "Officials said the drone strike killed 9 people and left 31 with injuries."
    )
    assert found == {"9 people": ("killed", "person"), "31": ("wounded", "person")}


def test_people_a_side_frees_in_a_war_were_its_captives(nlp: Language) -> None:
    found = _units(
        nlp,
        "Hamas freed 25 hostages under the ceasefire deal, while Israel released nearly "
        "1,800 Palestinians.",
    )
    assert found["1,800 Palestinians"] == ("captured", "person")
    assert _units(nlp, "The company released 300 workers after the war hit its sales.") == {}


def test_money_read_with_the_clause_it_restates_or_hangs_on(nlp: Language) -> None:
    found = _units(
        nlp,
        "Defence spending will rise to 2.5% of GDP by 2030, an increase worth about £7bn a year.",
    )
    assert found["£7bn"] == ("spending", "pound")
    found = _units(
        nlp, "Health spending will rise to 9% of GDP by 2030, an increase worth about £7bn a year."
    )
    assert found == {}
    text = (
        "Schools will get an extra $3bn. The plan leaves out the cost of running military "
        "operations overseas, for which the government is expected to request $70bn soon."
    )
    assert _units(nlp, text) == {"$70bn": ("spending", "dollar")}
    assert _units(nlp, "The city needs new schools, for which the council will seek $3bn.") == {}
