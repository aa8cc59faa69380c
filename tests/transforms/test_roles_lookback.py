"""Look-back actors (transforms.roles.lookback), on sentences written for these tests:
a procurement's buyer from its sentence or the one before, a budget's owner, the owner
of kit a detection reported again, and no actor where the context names no such act."""

from __future__ import annotations

from spacy.language import Language

from tests.transforms.military_support import figures, find


def test_an_export_under_a_deal_takes_the_buyer_of_the_sentence_before(nlp: Language) -> None:
    text = (
        "Hanwha signed a contract to ship 50 howitzers to Estonia by 2027. "
        "The firm agreed on a framework to export 120 units of K9 self-propelled howitzers."
    )
    f = find(figures(nlp, text), "120 units of K9 self-propelled howitzers")
    assert f.actor_iso3 == "EST"


def test_a_procurement_takes_the_side_that_seals_the_deal(nlp: Language) -> None:
    text = (
        "Brazil is likely to seal two mega submarine deals by next year, sources said. "
        "The first project is for the procurement of four Scorpene submarines."
    )
    f = find(figures(nlp, text), "four Scorpene submarines")
    assert f.actor_iso3 == "BRA"


def test_a_deal_two_sentences_up_names_no_buyer(nlp: Language) -> None:
    text = (
        "Hanwha signed a contract to ship 50 howitzers to Estonia by 2027. "
        "The company has grown fast in recent years. "
        "It also signed another contract to deliver 30 units of K9 self-propelled howitzers."
    )
    f = find(figures(nlp, text), "30 units of K9 self-propelled howitzers")
    assert f.actor_iso3 is None and f.actor_name is None


def test_aid_before_a_procurement_is_no_buyer(nlp: Language) -> None:
    text = (
        "The weather was cold in the capital on Monday. "
        "The order covers 40 armoured vehicles, the company said."
    )
    f = find(figures(nlp, text), "40 armoured vehicles")
    assert f.actor_iso3 is None and f.actor_name is None


def test_a_detection_reported_again_keeps_the_owner_named_first(nlp: Language) -> None:
    text = (
        "Taiwan's defence ministry said it had detected 31 Chinese aircraft near the island. "
        "The sorties came a week after the drills in the strait. "
        '"Since 3 pm, we have successively detected a total of 31 aircraft," the defence '
        "ministry said."
    )
    found = [f for f in figures(nlp, text) if f.value == 31]
    assert [(f.actor_iso3, f.counterpart_iso3) for f in found] == [("CHN", "TWN")] * 2


def test_a_detection_of_another_count_takes_no_owner(nlp: Language) -> None:
    text = (
        "Taiwan's defence ministry said it had detected 31 Chinese aircraft near the island. "
        "The sorties came a week after the drills in the strait. "
        '"Since 3 pm, we have successively detected a total of 12 aircraft," the defence '
        "ministry said."
    )
    f = find(figures(nlp, text), "12 aircraft")
    assert f.actor_iso3 is None and f.actor_name is None
