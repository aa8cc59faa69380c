"""Named entities analysts can count: span repair, canonical names, stable ids.

spaCy's small model gives raw spans with typical slips (possessives kept,
titles inside names, names cut short, sentence-initial adjectives tagged as
organisations). This package repairs the spans, groups every surface form of
one entity inside an article under its fullest name, and gives each canonical
entity an id that is the same in every article (``entity_id_for``).

Id scheme (stable across runs, processes and articles):

* countries: ``"country:<ISO3>"`` whatever the surface form or label
  (``US``, ``U.S.``, ``America`` -> ``country:USA``);
* nationality/group adjectives (NORP) that belong to a country:
  ``"norp:<ISO3>"`` so "Ukrainian" can be counted apart from "Ukraine" and
  joined to it through ``iso3``;
* everything else: ``"<group>:<sha1(group, folded name)[:16]>"`` with group
  ``person``, ``org``, ``place`` (GPE and LOC together) or ``norp``.

Components, one decision each (run in this order by ``article.extract_entities``):

* ``ruler``: the EntityRuler patterns added before spaCy's NER;
* ``spans``: where a span starts and ends, where it must be cut;
* ``titles``: titles and job titles taken off people's names;
* ``extend``: names the model cut short, grown;
* ``labels``: the label a span gets when the model is wrong;
* ``additions``: names the model left untagged;
* ``filters``: spans that are no names (headline phrases, sentence-opening
  common words, weapon names, a cut-off last word) and the group-noun cue;
* ``forms``: singular and plural of a group's name as one entity;
* ``repair``: the order the span components run in;
* ``settle``: one label per name inside an article;
* ``canonical``: one canonical name per entity inside an article;
* ``ids``: the id scheme above;
* ``linking``: labels and lone surnames settled across the articles of a batch;
* ``lexicon``: the word lists of ``transforms/data/`` these components read.

Countries (names, aliases, demonyms, ISO3) come from ``transforms.countries``,
which military figures share. All word lists live in ``transforms/data/*.json``.
"""

from __future__ import annotations

from transforms.countries import (
    ALIASES_PATH,
    country_for,
    country_name,
    fold_name,
    is_demonym,
    iso3_for,
    place_country,
)
from transforms.entities.article import extract_entities
from transforms.entities.ids import entity_id_for
from transforms.entities.lexicon import (
    DATA_DIR,
    KEPT_LABELS,
    is_given_name,
    org_name_for,
)
from transforms.entities.linking import (
    _link_org_forms,
    _move_entities,
    _settle_load_labels,
    link_across_articles,
)
from transforms.entities.titles import strip_titles

__all__ = [
    "ALIASES_PATH",
    "DATA_DIR",
    "KEPT_LABELS",
    "_link_org_forms",
    "_move_entities",
    "_settle_load_labels",
    "country_for",
    "country_name",
    "entity_id_for",
    "extract_entities",
    "fold_name",
    "is_demonym",
    "is_given_name",
    "iso3_for",
    "link_across_articles",
    "org_name_for",
    "place_country",
    "strip_titles",
]
