"""Slips of the small model on 2020s web news: headlines, cut words, groups, people, places.

Every sentence here is written for these tests (no corpus text), run through the
real spaCy model and the real entity path.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from newsledger.evaluation.corpus import load_gold_docs
from transforms.entities.filters import _headline_lines
from transforms.records import Entity

from .entity_support import extracted


def _labels(entities: list[Entity]) -> dict[str, str]:
    return {e.name: e.label for e in entities}


def test_title_case_lines_are_headlines_and_sentences_are_not() -> None:
    text = "Army Chief Rejects Claims Of Abuse\nThe army said on Monday it had opened an inquiry."
    assert _headline_lines(text) == [(0, len("Army Chief Rejects Claims Of Abuse"))]
    assert _headline_lines("Blair tells EU to end Bush 'denial'\nText.") == []


def test_a_headline_phrase_named_nowhere_else_is_no_entity(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Renewed Shelling Forces Thousands From Their Homes\n"
        "Artillery fire hit the town of Kessala overnight, residents said. "
        "Officials in Khartoum said 2,000 families had fled."
    )
    _, entities = extracted(nlp, text)
    names = _labels(entities)
    assert "Khartoum" in names
    assert not [n for n in names if "Shelling" in n or "Thousands" in n]


def test_bylines_list_items_and_credit_lines_are_no_headlines() -> None:
    assert _headline_lines("By Jane Doe\nText.") == []
    assert (
        _headline_lines("- Major General Jan Nowak, Army Inspector of the Land Forces; and") == []
    )
    assert _headline_lines("Troops Move North and\nText.") == []


def test_a_name_alone_on_a_title_case_line_is_a_credit_and_stays(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Amina Yusuf Bello\nThe port reopened on Monday after the storm, officials said."
    _, entities = extracted(nlp, text)
    assert [e for e in entities if e.name == "Amina Yusuf Bello"]


def test_a_headline_name_the_body_repeats_stays(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Hezbollah Fires Rockets At Northern Israel\n"
        "Hezbollah said it had fired 30 rockets at army posts in northern Israel."
    )
    _, entities = extracted(nlp, text)
    names = _labels(entities)
    assert names.get("Hezbollah") == "ORG"
    assert names.get("Israel") == "GPE"


def test_a_capitalised_sentence_opener_written_in_lower_case_elsewhere_is_no_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Sowing of rabi wheat is ahead of last year, the ministry said. "
        "Rabi output depends on the winter rains."
    )
    _, entities = extracted(nlp, text)
    assert "Rabi" not in _labels(entities)


def test_a_name_only_written_before_a_weapon_noun_is_a_weapon(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The militia fired a dozen Grad rockets at the village of Kafr Aziz on Sunday."
    _, entities = extracted(nlp, text)
    names = _labels(entities)
    assert "Grad" not in names
    assert names.get("Kafr Aziz") == "GPE"


def test_a_one_word_name_before_forces_is_an_armed_group(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Wagner forces withdrew from the town on Friday. "
        "Officials said Wagner had lost dozens of men there."
    )
    _, entities = extracted(nlp, text)
    assert _labels(entities).get("Wagner") in (None, "ORG")
    assert not [e for e in entities if e.name == "Wagner" and e.label == "PERSON"]


def test_a_side_written_pro_name_forces_is_no_group(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Pro-Haftar forces shelled the port. Haftar said on Monday the offensive would go on."
    _, entities = extracted(nlp, text)
    assert not [e for e in entities if e.name == "Haftar" and e.label == "ORG"]


def test_a_group_also_written_before_other_nouns_is_no_weapon(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Strikes hit Houthi missile sites on Monday. Houthi fighters marched in Sanaa."
    _, entities = extracted(nlp, text)
    assert [e for e in entities if e.name.startswith("Houthi")]


def test_a_person_described_after_the_name_is_added(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Tesfaye Alemu Gebru, a militia leader in the north, said the talks had failed. "
        "Kidane Mersha Worku, who commanded the garrison, was killed in the fighting."
    )
    _, entities = extracted(nlp, text)
    names = _labels(entities)
    assert names.get("Tesfaye Alemu Gebru") == "PERSON"
    assert names.get("Kidane Mersha Worku") == "PERSON"


def test_a_capitalised_role_word_makes_the_name_after_it_a_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The central bank kept rates on hold, RBI Governor Shaktikanta Das said on "
        "Friday. Das added that inflation would ease."
    )
    mentions, entities = extracted(nlp, text)
    names = _labels(entities)
    assert names.get("Shaktikanta Das") == "PERSON"
    assert "Das" not in names
    assert {m.name for m in mentions if m.text == "Das"} <= {"Shaktikanta Das"}


def test_places_named_by_their_kind_are_places(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Troops shelled the village of Marjayoun Tahta and the Wadi Saleh district, "
        "in Sudan's Blue Nile State, on Monday."
    )
    _, entities = extracted(nlp, text)
    names = _labels(entities)
    assert names.get("Marjayoun Tahta") == "GPE"
    assert names.get("Blue Nile") == "GPE"


def test_the_cut_last_word_of_an_excerpt_is_a_fragment(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Aid reached the Kalma camp in May. No convoy has reached Kalma since then, nor Kal"
    _, entities = extracted(nlp, text)
    assert "Kal" not in _labels(entities)


def test_a_broadcasters_language_service_is_one_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "BBC Persian and other outlets reported the arrests on Tuesday."
    _, entities = extracted(nlp, text)
    names = _labels(entities)
    assert names.get("BBC Persian") == "ORG"


def test_a_lone_name_after_a_place_preposition_is_a_place(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "A bomb hit a convoy on the road between Doungou and Kessaba on Monday. "
        "Two civilians died in Tinkoubara in the east."
    )
    _, entities = extracted(nlp, text)
    people = {e.name for e in entities if e.label == "PERSON"}
    assert not people & {"Doungou", "Kessaba", "Tinkoubara"}


def test_a_name_before_organisation_is_an_org(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Fighters of the Boko Haram organisation attacked the base. "
        "Boko Haram has waged an insurgency since 2009."
    )
    _, entities = extracted(nlp, text)
    assert _labels(entities).get("Boko Haram") == "ORG"


def test_a_spelt_out_name_takes_in_a_known_prefix(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The UN Office for the Coordination of Humanitarian Affairs (OCHA) said aid "
        "had stopped. OCHA asked for safe passage."
    )
    mentions, entities = extracted(nlp, text)
    name = "UN Office for the Coordination of Humanitarian Affairs"
    assert _labels(entities).get(name) == "ORG"
    assert {m.name for m in mentions if m.text == "OCHA"} == {name}


EXTRA_GOLD = Path(__file__).resolve().parents[1] / "gold" / "entities_2020s_extra.jsonl"


def test_extra_2020s_gold_aliases_occur_in_their_articles(corpus_root: Path) -> None:
    rows = [json.loads(line) for line in EXTRA_GOLD.read_text(encoding="utf-8").splitlines()]
    docs = load_gold_docs(corpus_root, [r["doc"] for r in rows])
    for row in rows:
        for ent in row["entities"]:
            assert ent["label"] in ("PERSON", "ORG", "GPE", "LOC"), ent
            for alias in ent["aliases"]:
                pattern = r"(?<!\w)" + re.escape(alias) + r"(?!\w)"
                assert re.search(pattern, docs[row["doc"]]), (row["doc"], alias)
