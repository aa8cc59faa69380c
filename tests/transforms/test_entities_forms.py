"""Forms of one name (acronym and long name, singular and plural) and places inside a country.

Every sentence here is written for these tests (no corpus text), with the real
spaCy model and the real batch path (``extract_batch``) where linking is tested.
"""

from __future__ import annotations

from transforms.countries import country_for, is_territory, place_country
from transforms.entities import entity_id_for, link_across_articles
from transforms.entities.forms import singular_key
from transforms.extract import extract_batch
from transforms.linking import link_extractions
from transforms.records import ArticleExtraction, ArticleRecord, Entity, EntityMention

from .entity_support import extracted


def _named(entities: list[Entity], name: str) -> Entity:
    found = [e for e in entities if e.name == name]
    assert len(found) == 1, [(e.name, e.label) for e in entities]
    return found[0]


def _ids_of(mentions, surface: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {m.entity_id for m in mentions if m.text == surface}


# -- singular and plural inside an article ----------------------------------


def test_singular_and_plural_of_a_group_are_one_org(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Houthi rebels fired two missiles at a tanker on Monday, and Houthi fighters "
        "seized a second ship. The Houthis said the attacks would go on."
    )
    mentions, entities = extracted(nlp, text)
    houthis = _named(entities, "Houthis")
    assert houthis.label == "ORG"
    assert _ids_of(mentions, "Houthi") == {houthis.entity_id}
    assert _ids_of(mentions, "Houthis") == {houthis.entity_id}
    assert not [e for e in entities if e.name == "Houthi"]


def test_plural_of_a_multi_word_force_takes_in_its_singular(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Rapid Support Forces fighters shelled the camp at dawn. "
        "A Rapid Support Force commander said his men had withdrawn."
    )
    mentions, entities = extracted(nlp, text)
    rsf = _named(entities, "Rapid Support Forces")
    assert _ids_of(mentions, "Rapid Support Force") == {rsf.entity_id}


def test_a_name_ending_in_s_is_no_plural_of_a_place(nlp) -> None:  # type: ignore[no-untyped-def]
    # "Hama" (a city) is never an adjective here, so "Hamas" keeps its own entity.
    mentions, entities = extracted(nlp, "Hama was shelled overnight, Hamas said on Tuesday.")
    hamas = _named(entities, "Hamas")
    assert _ids_of(mentions, "Hama")
    assert hamas.entity_id not in _ids_of(mentions, "Hama")


def test_singular_key() -> None:
    assert singular_key("houthis") == "houthi"
    assert singular_key("rapid support forces") == "rapid support force"
    assert singular_key("press") is None  # "-ss" is no plural
    assert singular_key("uss") is None
    assert singular_key("eus") is None  # too short to be a name's plural


# -- acronym and long name inside an article --------------------------------


def test_acronym_of_a_name_opening_with_the_joins_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Markets opened after The Reserve Bank of India kept rates on hold. "
        "Economists said RBI would cut in the spring."
    )
    mentions, entities = extracted(nlp, text)
    bank = [e for e in entities if "Reserve Bank of India" in e.name]
    assert len(bank) == 1
    assert _ids_of(mentions, "RBI") == {bank[0].entity_id}


def test_acronym_defined_in_brackets_is_its_long_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The Allied Democratic Forces (ADF) attacked a village near the border. "
        "Local officials blamed the ADF for the raid."
    )
    mentions, entities = extracted(nlp, text)
    adf = _named(entities, "Allied Democratic Forces")
    assert _ids_of(mentions, "ADF") == {adf.entity_id}


# -- across the articles of a load ------------------------------------------


def _articles(*texts: str) -> list[ArticleRecord]:
    return [ArticleRecord(source="test", source_id=f"a{i}", text=t) for i, t in enumerate(texts)]


def test_acronym_alone_in_one_article_takes_the_name_another_defines(nlp) -> None:  # type: ignore[no-untyped-def]
    texts = (
        "The Rapid Support Forces (RSF) took the town after a siege of many weeks.",
        "Aid workers said the RSF had blocked the road to the camp again on Friday.",
    )
    # Each article in its own batch: linking is the load's step, after the batches.
    defined, alone = (extract_batch([a], nlp=nlp).extractions[0] for a in _articles(*texts))
    assert {m.name for m in alone.mentions if m.text == "RSF"} == {"RSF"}
    link_extractions([defined, alone])
    rsf = _named(defined.entities, "Rapid Support Forces")
    assert _ids_of(alone.mentions, "RSF") == {rsf.entity_id}
    assert {m.name for m in alone.mentions if m.text == "RSF"} == {"Rapid Support Forces"}


def test_acronym_tied_to_two_names_links_nowhere(nlp) -> None:  # type: ignore[no-untyped-def]
    a, b, c = extract_batch(
        _articles(
            "The Allied Democratic Forces (ADF) attacked a village in the east.",
            "The Australian Defence Force (ADF) sent two ships to the region.",
            "Officials said the ADF would say more on Monday.",
        ),
        nlp=nlp,
    ).extractions
    link_extractions([a, b, c])
    assert {m.name for m in c.mentions if m.text == "ADF"} <= {"ADF"}


def test_singular_alone_takes_the_plural_another_article_uses() -> None:
    # Built by hand: the linking step is pure, whatever the model tags.
    plural_id = entity_id_for("ORG", "Houthis")
    single_id = entity_id_for("ORG", "Houthi")
    first = ArticleExtraction(
        article=ArticleRecord(source="test", source_id="p", text="Houthi rebels ... the Houthis"),
        entities=[Entity(plural_id, "Houthis", "ORG")],
    )
    first.mentions = [
        EntityMention(first.article.article_id, 0, 6, "Houthi", "ORG", plural_id, "Houthis"),
        EntityMention(first.article.article_id, 22, 29, "Houthis", "ORG", plural_id, "Houthis"),
    ]
    second = ArticleExtraction(
        article=ArticleRecord(source="test", source_id="s", text="Houthi drones"),
        entities=[Entity(single_id, "Houthi", "ORG")],
        mentions=[EntityMention("s", 0, 6, "Houthi", "ORG", single_id, "Houthi")],
    )
    link_across_articles([first, second])
    assert [e.entity_id for e in second.entities] == [plural_id]
    assert [(m.text, m.name) for m in second.mentions] == [("Houthi", "Houthis")]


# -- places inside a country ------------------------------------------------


def test_a_city_keeps_its_own_entity_with_its_country_code(nlp) -> None:  # type: ignore[no-untyped-def]
    _, entities = extracted(
        nlp,
        "Russian drones struck Kharkiv overnight, the governor said, as Ukraine asked for help.",
    )
    kharkiv = _named(entities, "Kharkiv")
    ukraine = _named(entities, "Ukraine")
    assert kharkiv.entity_id.startswith("place:")
    assert (kharkiv.iso3, kharkiv.country_iso3) == (None, "UKR")
    assert (ukraine.entity_id, ukraine.iso3, ukraine.country_iso3) == ("country:UKR", "UKR", "UKR")


def test_a_territory_is_a_place_not_its_country(nlp) -> None:  # type: ignore[no-untyped-def]
    _, entities = extracted(
        nlp, "Aid trucks reached Gaza on Sunday while talks went on in the West Bank."
    )
    gaza = _named(entities, "Gaza")
    assert gaza.entity_id.startswith("place:") and gaza.entity_id != "country:PSE"
    assert (gaza.iso3, gaza.country_iso3) == (None, "PSE")
    assert not [e for e in entities if e.entity_id == "country:PSE"]
    assert entity_id_for("GPE", "Gaza") == gaza.entity_id


def test_the_country_index_still_answers_a_territorys_country() -> None:
    # Military actors ask country_for: "Gaza" as a side is Palestine.
    assert is_territory("Gaza") and is_territory("the West Bank")
    gaza = country_for("Gaza")
    assert gaza is not None and gaza.iso3 == "PSE"
    assert place_country("Gaza") == "PSE"
    assert place_country("Texas") == "USA"  # a pycountry subdivision
    assert place_country("Ukraine") is None  # a country is no place inside one
    assert place_country("Atlantis") is None


# -- names of armed groups in 2020s reporting ---------------------------------


def test_a_collective_possessive_stays_inside_the_name(nlp) -> None:  # type: ignore[no-untyped-def]
    _, entities = extracted(
        nlp, "The Tigray People's Liberation Front said on Monday it had withdrawn."
    )
    assert "Tigray People's Liberation Front" in {e.name for e in entities if e.label == "ORG"}
    assert "Liberation Front" not in {e.name for e in entities}


def test_a_name_spelt_out_before_its_acronym_is_one_org(nlp) -> None:  # type: ignore[no-untyped-def]
    mentions, entities = extracted(
        nlp,
        "Fighters of the Tigray People’s Liberation Front (TPLF) crossed the river. "
        "Later the TPLF said talks had failed.",
    )
    tplf = _named(entities, "Tigray People’s Liberation Front")
    assert tplf.label == "ORG"
    assert _ids_of(mentions, "TPLF") == {tplf.entity_id}


def test_a_hyphenated_pair_of_sides_is_two_entities(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Shipping costs rose because of the wider Israel-Hamas conflict, "
        "and the Russia-Ukraine talks stalled. Guinea-Bissau said nothing."
    )
    _, entities = extracted(nlp, text)
    names = {e.name for e in entities}
    assert "Israel-Hamas" not in names and "Russia-Ukraine" not in names
    assert {"Russia", "Ukraine", "Guinea-Bissau"} <= names


def test_a_listed_place_the_tagger_took_for_a_verb_is_kept(nlp) -> None:  # type: ignore[no-untyped-def]
    # "Sagaing" is tagged VBG by the small model.
    _, entities = extracted(nlp, "Troops attacked a village in Sagaing on Tuesday.")
    sagaing = _named(entities, "Sagaing")
    assert (sagaing.label, sagaing.country_iso3) == ("GPE", "MMR")


def test_a_sea_tagged_as_a_building_is_a_place(nlp) -> None:  # type: ignore[no-untyped-def]
    # The model tags "Gulf of Aden" FAC; the appositive after it names the ship's agency.
    _, entities = extracted(
        nlp,
        "Houthi rebels attacked the Eagle Gibraltar in the nearby Gulf of Aden, "
        "a U.K. maritime agency said.",
    )
    assert _named(entities, "Gulf of Aden").label == "LOC"


def test_a_settlement_noun_makes_the_name_before_it_a_place(nlp) -> None:  # type: ignore[no-untyped-def]
    _, entities = extracted(
        nlp,
        "Aid convoys could not reach Zamzam camp. Families who fled Zamzam said "
        "shelling went on near Tawila town.",
    )
    assert _named(entities, "Zamzam").label in ("GPE", "LOC")
    assert not [e for e in entities if e.name == "Zamzam" and e.label == "PERSON"]


def test_a_country_or_place_tagged_product_or_fac_is_kept(nlp) -> None:  # type: ignore[no-untyped-def]
    # The small model tags "Cyprus" PRODUCT and "the Upper Galilee" FAC here.
    _, cyprus = extracted(nlp, "A ship bound for Cyprus was struck on Monday.")
    assert [(e.name, e.label, e.iso3) for e in cyprus] == [("Cyprus", "GPE", "CYP")]
    _, galilee = extracted(nlp, "Rockets hit the Upper Galilee on Sunday.")
    assert [(e.name, e.country_iso3) for e in galilee] == [("Upper Galilee", "ISR")]


def test_international_ends_an_organisation_name(nlp) -> None:  # type: ignore[no-untyped-def]
    _, entities = extracted(nlp, "Staff of Relief International said the clinic had closed.")
    assert {e.name: e.label for e in entities}.get("Relief International") == "ORG"


def test_a_dateline_place_is_a_place(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "BANGKOK: An airstrike on a village killed ten people, officials in Bangkok said."
    mentions, entities = extracted(nlp, text)
    bangkok = _named(entities, "Bangkok")
    assert (bangkok.label, bangkok.country_iso3) == ("GPE", "THA")
    assert _ids_of(mentions, "BANGKOK") == {bangkok.entity_id}


def test_quarters_and_weather_are_no_names(nlp) -> None:  # type: ignore[no-untyped-def]
    _, entities = extracted(nlp, "Growth slowed in Q3 as El Nino hurt the harvest in India.")
    names = {e.name for e in entities}
    assert "Q3" not in names and "El Nino" not in names
