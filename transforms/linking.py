"""The load's linking step: entities linked across every article of a load.

Batches extract each article alone (``transforms.extract.extract_batch``);
everything that looks across articles (one label per name, lone surnames to
full names, acronyms and singulars to the organisation another article names:
``transforms.entities.linking``) runs here, once, over the whole load and the
warehouse's existing entities. So the warehouse is a function of the input, the
order of loads and the extractor version, never of batch size, worker count or
engine (the flow's ``link-entities`` task; docs/entities.md, "Linking").

The input is every mention of the load, in any order and grouped in any
batches; articles are put in ``article_id`` order and mentions in offset order
first, so the same mentions always give the same output. Each article's
entities are rebuilt from its mentions with the rule ``extract_entities`` uses
(one entity per id, named by its first mention, labelled by the majority of
its mentions' labels), so the step needs nothing but the mentions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from transforms.entities.article import entity_of
from transforms.entities.linking import link_across_articles
from transforms.records import ArticleExtraction, Entity, EntityMention

# Figure columns that point at an entity, with the name column that goes with
# each: money payer / payee, military actor / counterpart (both figure tables
# and military_mentions). When linking moves an article's entity, these follow.
ENTITY_REFERENCES = (
    ("payer_entity_id", "payer_name"),
    ("payee_entity_id", "payee_name"),
    ("actor_entity_id", "actor_name"),
    ("counterpart_entity_id", "counterpart_name"),
)

# Id prefixes that carry the entity's ISO3 (``entities.ids``): a country and a
# country's demonym, ``country:<ISO3>`` and ``norp:<ISO3>``.
_ISO3_PREFIXES = ("country:", "norp:")


@dataclass(slots=True)
class ArticleEntities:
    """One article's mentions and the entities they point at."""

    article_id: str
    entities: list[Entity] = field(default_factory=list)
    mentions: list[EntityMention] = field(default_factory=list)


@dataclass(slots=True)
class LinkedLoad:
    """The load's mentions after linking, its entities, and what moved.

    ``moves`` maps (article id, entity id before linking) to the entity it
    became, for every entity linking changed; ``relink`` applies it to a
    figure's entity references.
    """

    articles: list[ArticleEntities]
    moves: dict[tuple[str, str], Entity]

    def mentions(self) -> list[EntityMention]:
        return [m for a in self.articles for m in a.mentions]

    def entities(self) -> list[Entity]:
        """One row per entity id: the first article's (in ``article_id`` order)."""
        out: dict[str, Entity] = {}
        for a in self.articles:
            for e in a.entities:
                out.setdefault(e.entity_id, e)
        return list(out.values())

    def relink(self, article_id: str, refs: Mapping[str, Any]) -> dict[str, Any]:
        """The changes to a figure's entity reference fields (``ENTITY_REFERENCES``)."""
        changes: dict[str, Any] = {}
        for id_field, name_field in ENTITY_REFERENCES:
            old = refs.get(id_field)
            moved = self.moves.get((article_id, old)) if isinstance(old, str) else None
            if moved is not None:
                changes[id_field] = moved.entity_id
                if name_field in refs:
                    changes[name_field] = moved.name
        return changes


def _entity_of(entity_id: str, mentions: Sequence[EntityMention]) -> Entity:
    """An entity rebuilt from its mentions in one article (``extract_entities``'s rule)."""
    votes: dict[str, int] = {}
    for m in mentions:
        votes[m.label] = votes.get(m.label, 0) + 1
    iso3 = None
    for prefix in _ISO3_PREFIXES:
        code = entity_id.removeprefix(prefix)
        # "norp:<hash>" is a demonym of no country ("European"): no ISO3.
        if entity_id.startswith(prefix) and len(code) == 3 and code.isalpha() and code.isupper():
            iso3 = code
    return entity_of(entity_id, mentions[0].name, votes, iso3)


def article_entities(mentions: Iterable[EntityMention]) -> list[ArticleEntities]:
    """Mentions grouped by article (``article_id`` order, mentions by offset),
    each article with the entities its mentions point at."""
    by_article: dict[str, list[EntityMention]] = {}
    for m in mentions:
        by_article.setdefault(m.article_id, []).append(m)
    out = []
    for aid in sorted(by_article):
        ms = sorted(by_article[aid], key=lambda m: (m.start_char, m.end_char, m.entity_id))
        by_id: dict[str, list[EntityMention]] = {}
        for m in ms:
            by_id.setdefault(m.entity_id, []).append(m)
        entities = [_entity_of(eid, group) for eid, group in by_id.items()]
        out.append(ArticleEntities(aid, entities, ms))
    return out


def link_load(
    batches: Iterable[Iterable[EntityMention]], known: Sequence[Entity] = ()
) -> LinkedLoad:
    """Link the entities of every article of a load, whatever its batches.

    ``batches``: the mentions of the load, in batches of any size and order;
    ``known``: the warehouse's existing entities (``warehouse.known_entities``),
    whose people a lone surname may link to. Pure: same mentions and ``known``,
    same result.
    """
    articles = article_entities(m for batch in batches for m in batch)
    before = [[m.entity_id for m in a.mentions] for a in articles]
    link_across_articles(articles, known=sorted(known, key=lambda e: e.entity_id))
    moves: dict[tuple[str, str], Entity] = {}
    for a, old_ids in zip(articles, before, strict=True):
        entities = {e.entity_id: e for e in a.entities}
        for old, m in zip(old_ids, a.mentions, strict=True):
            if m.entity_id != old:
                moves[(a.article_id, old)] = entities[m.entity_id]
    return LinkedLoad(articles, moves)


_Figure = TypeVar("_Figure")


def relink_figure(linked: LinkedLoad, figure: _Figure) -> _Figure:
    """A figure record (``MoneyFigure``, ``MilitaryFigure`` ...) with its entity
    references moved where linking moved their entities."""
    article_id = getattr(figure, "article_id")  # noqa: B009 - any figure record
    refs = {f.name: getattr(figure, f.name) for f in dataclasses.fields(figure)}  # type: ignore[arg-type]
    changes = linked.relink(article_id, refs)
    return dataclasses.replace(figure, **changes) if changes else figure  # type: ignore[type-var]


def link_extractions(
    extractions: Sequence[ArticleExtraction], known: Sequence[Entity] = ()
) -> LinkedLoad:
    """``link_load`` over extracted articles, written back into them in place:
    mentions, entities and the figures' entity references (the production
    evaluation path, ``newsledger.evaluation.production``)."""
    linked = link_load([ex.mentions for ex in extractions], known)
    by_article = {a.article_id: a for a in linked.articles}
    for ex in extractions:
        a = by_article.get(ex.article.article_id)
        ex.mentions[:] = a.mentions if a else []
        ex.entities[:] = a.entities if a else []
        ex.money = [relink_figure(linked, f) for f in ex.money]
        ex.military = [relink_figure(linked, f) for f in ex.military]
        ex.military_mentions = [relink_figure(linked, f) for f in ex.military_mentions]
    return linked
