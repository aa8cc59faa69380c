"""The load's linking step is a function of the load's mentions and the warehouse's
people: never of how the mentions were batched or ordered."""

from __future__ import annotations

import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.entities import entity_id_for
from transforms.linking import link_extractions, link_load, relink_figure
from transforms.records import ArticleExtraction, ArticleRecord, Entity, EntityMention, MoneyFigure


def _mention(aid: str, start: int, text: str, label: str, name: str | None = None) -> EntityMention:
    name = name or text
    return EntityMention(
        aid, start, start + len(text), text, label, entity_id_for(label, name), name
    )


def _load() -> list[EntityMention]:
    """Six articles whose linking needs other articles: a lone surname, a
    batch-majority label, an acronym another article spells out."""
    out = [
        _mention("a1", 0, "Gordon Brown", "PERSON"),
        _mention("a1", 20, "Brown", "PERSON", "Gordon Brown"),
        _mention("a2", 5, "Brown", "PERSON"),
        _mention("a3", 0, "Rapid Support Forces", "ORG"),
        _mention("a3", 22, "RSF", "ORG", "Rapid Support Forces"),
        _mention("a4", 9, "RSF", "ORG"),
        _mention("a6", 0, "Chelsea", "PERSON"),
    ]
    out += [_mention(f"c{i}", 3, "Chelsea", "ORG") for i in range(4)]
    return out


def _outcome(batches: list[list[EntityMention]]) -> tuple[object, ...]:
    linked = link_load(batches)
    return (linked.mentions(), linked.entities(), sorted(linked.moves.items()))


def test_surnames_labels_and_acronyms_link_across_articles() -> None:
    linked = link_load([_load()])
    by_article = {a.article_id: a for a in linked.articles}
    assert [(m.name, m.entity_id) for m in by_article["a2"].mentions] == [
        ("Gordon Brown", entity_id_for("PERSON", "Gordon Brown"))
    ]
    assert [m.name for m in by_article["a4"].mentions] == ["Rapid Support Forces"]
    assert [(m.label, m.entity_id) for m in by_article["a6"].mentions] == [
        ("ORG", entity_id_for("ORG", "Chelsea"))
    ]
    assert linked.moves[("a2", entity_id_for("PERSON", "Brown"))].name == "Gordon Brown"
    # Each entity once, in article order.
    ids = [e.entity_id for e in linked.entities()]
    assert len(ids) == len(set(ids))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), cuts=st.lists(st.integers(0, 11), max_size=5))
def test_batches_and_order_never_change_the_result(seed: int, cuts: list[int]) -> None:
    mentions = _load()
    random.Random(seed).shuffle(mentions)
    bounds = sorted({0, *cuts, len(mentions)})
    batches = [mentions[a:b] for a, b in itertools.pairwise(bounds)]
    assert _outcome(batches) == _outcome([_load()])


def test_a_lone_surname_links_to_a_person_the_warehouse_knows() -> None:
    alone = [_mention("b1", 0, "Kinnock", "PERSON")]
    assert not link_load([alone]).moves
    known = [Entity(entity_id_for("PERSON", "Neil Kinnock"), "Neil Kinnock", "PERSON")]
    linked = link_load([alone], known)
    assert [m.name for m in linked.mentions()] == ["Neil Kinnock"]
    # Two people of that surname (one known, one in the load): left alone.
    both = [*alone, _mention("b2", 0, "Stephen Kinnock", "PERSON")]
    assert not link_load([both], known).moves


def test_figures_follow_the_entities_they_name() -> None:
    record = ArticleRecord(source="t", source_id="x", text="Brown pledged £5m.")
    aid = record.article_id
    brown = entity_id_for("PERSON", "Brown")
    money = MoneyFigure(aid, 13, 16, "£5m", 5e6, "GBP", payer_entity_id=brown, payer_name="Brown")
    full_record = ArticleRecord(source="t", source_id="y", text="Gordon Brown")
    other = ArticleExtraction(
        article=full_record,
        mentions=[_mention(full_record.article_id, 0, "Gordon Brown", "PERSON")],
    )
    ex = ArticleExtraction(
        article=record, mentions=[_mention(aid, 0, "Brown", "PERSON")], money=[money]
    )
    linked = link_extractions([ex, other])
    full = entity_id_for("PERSON", "Gordon Brown")
    assert (ex.money[0].payer_entity_id, ex.money[0].payer_name) == (full, "Gordon Brown")
    assert [e.entity_id for e in ex.entities] == [full]
    # A figure whose entity did not move is returned as it is.
    untouched = MoneyFigure(aid, 0, 1, "£1", 1.0, "GBP", payer_entity_id="org:x", payer_name="X")
    assert relink_figure(linked, untouched) is untouched


def test_entities_rebuilt_from_mentions_keep_their_codes() -> None:
    mentions = [
        _mention("n1", 0, "Ukrainian", "NORP"),
        _mention("n1", 12, "European", "NORP"),
        _mention("n1", 24, "Kharkiv", "GPE"),
        _mention("n1", 40, "U.S.", "GPE", "United States"),
    ]
    got = {e.name: (e.entity_id, e.iso3, e.country_iso3) for e in link_load([mentions]).entities()}
    assert got == {
        "Ukrainian": ("norp:UKR", "UKR", None),
        "European": (entity_id_for("NORP", "European"), None, None),
        "Kharkiv": (entity_id_for("GPE", "Kharkiv"), None, "UKR"),
        "United States": ("country:USA", "USA", "USA"),
    }
