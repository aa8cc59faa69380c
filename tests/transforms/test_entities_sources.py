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


def test_the_employer_after_a_reporter_noun_is_an_organisation(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Dana Okafor is a senior correspondent for Just the News. "
        "She previously wrote about energy markets."
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
