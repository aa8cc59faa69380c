"""Cross-article linking rules: one label per name, lone surnames to full names,
short forms of organisations (acronyms, singulars) to the names other articles give them.

Run over every article of a load at once, after all its batches are extracted
(``transforms.linking.link_load``, the flow's ``link-entities`` task), so the
result depends on the load's articles, never on how they were batched.
Mentions keep their text and offsets, only ids, names and (for labels) labels move.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Protocol

from transforms.countries import _fold, fold_name, place_country
from transforms.entities.canonical import _initials, _name_tokens, _surname
from transforms.entities.forms import singular_key
from transforms.entities.ids import entity_id_for
from transforms.entities.lexicon import _known_people, org_name_for
from transforms.records import Entity, EntityMention


class Linkable(Protocol):
    """One article's entities and mentions (an ``ArticleExtraction``, or
    ``transforms.linking.ArticleEntities``), changed in place by the linking."""

    entities: list[Entity]
    mentions: list[EntityMention]


_BATCH_GROUPS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place"}


def _settle_load_labels(extractions: Sequence[Linkable]) -> None:
    """One label per name where nearly all the articles that have it agree.

    Entities are counted per article by folded name and group (person, org,
    place). When the ORG or the place group holds at least three quarters of
    the articles (and at least three), entities of that name tagged PERSON
    elsewhere take its label and id ("England" tagged PERSON in 1 article of
    25); a place becomes an ORG the same way. Nothing becomes a PERSON (the
    model's PERSON label on one word is its least reliable) and an ORG never
    becomes a place ("Liverpool", club in some articles and city in more,
    keeps both). Countries and known organisations are left alone.
    """
    votes: dict[str, dict[str, int]] = {}
    labels: dict[str, dict[str, int]] = {}
    for ex in extractions:
        seen: set[tuple[str, str]] = set()
        for e in ex.entities:
            group = _BATCH_GROUPS.get(e.label)
            if group is None or e.iso3:
                continue
            key = _fold(e.name)
            if (key, group) not in seen:
                seen.add((key, group))
                per = votes.setdefault(key, {})
                per[group] = per.get(group, 0) + 1
            by_label = labels.setdefault(key, {})
            by_label[e.label] = by_label.get(e.label, 0) + 1
    winners: dict[str, str] = {}
    for key, per in votes.items():
        if len(per) < 2:
            continue
        group, n = max(per.items(), key=lambda kv: (kv[1], kv[0]))
        if group != "person" and n >= 3 and 4 * n >= 3 * sum(per.values()):
            options = sorted(
                (lab for lab, g in _BATCH_GROUPS.items() if g == group and lab in labels[key]),
                key=lambda lab: -labels[key][lab],
            )
            winners[key] = options[0]
    if not winners:
        return
    for ex in extractions:
        moves: dict[str, Entity] = {}
        for e in ex.entities:
            label = winners.get(_fold(e.name))
            if label is None or e.iso3 or org_name_for(e.name):
                continue
            if e.label != "PERSON" and not (label == "ORG" and e.label in ("GPE", "LOC")):
                continue
            country = place_country(e.name) if label in ("GPE", "LOC") else None
            moves[e.entity_id] = Entity(entity_id_for(label, e.name), e.name, label, None, country)
        if moves:
            _move_entities(ex, moves, relabel=True)


def link_across_articles(extractions: Sequence[Linkable], known: Sequence[Entity] = ()) -> None:
    """Settle labels over the articles, then map lone surnames to full names, in place.

    A name the model labels differently in different articles takes the label
    of at least three quarters of them (``_settle_load_labels``).

    "Blair" in an article that never gives his full name becomes "Tony Blair"
    (same id as in the articles that do) when exactly one full-name person in
    the articles or in ``known`` (the warehouse's people, from earlier loads) has
    that surname; with none, ``transforms/data/known_people.json`` is asked; with
    two or more ("Gordon Brown", "Nick Brown") nothing changes.
    Mentions keep their text and offsets; only ``entity_id`` and ``name`` move.

    Last, organisations named only by a short form take the name another
    article ties that form to (``_link_org_forms``).
    """
    _settle_load_labels(extractions)
    by_surname: dict[str, dict[str, str]] = {}
    for e in [*known, *(e for ex in extractions for e in ex.entities)]:
        toks = _name_tokens(e.name)
        if e.label == "PERSON" and len(toks) > 1:
            by_surname.setdefault(" ".join(_surname(toks)), {})[e.entity_id] = e.name
    listed = _known_people()
    for ex in extractions:
        moves: dict[str, Entity] = {}
        for e in ex.entities:
            toks = _name_tokens(e.name)
            if e.label != "PERSON" or len(toks) != 1:
                continue
            candidates = by_surname.get(toks[0], {})
            if len(candidates) == 1:
                (eid, name), *_ = candidates.items()
                moves[e.entity_id] = Entity(eid, name, "PERSON")
            elif not candidates and toks[0] in listed:
                name = listed[toks[0]]
                moves[e.entity_id] = Entity(entity_id_for("PERSON", name), name, "PERSON")
        if moves:
            _move_entities(ex, moves)
    _link_org_forms(extractions)


# Letters in an acronym that stands for an organisation's name ("UN", "IRGC", "SMMT").
ACRONYM_LETTERS = range(2, 7)


def _is_acronym(text: str) -> bool:
    bare = text.replace(".", "")
    return len(bare) in ACRONYM_LETTERS and bare.isalpha() and bare.isupper()


def _org_form_links(extractions: Sequence[Linkable]) -> dict[str, str]:
    """Short forms that articles tie to one organisation's name.

    A mention whose text is an acronym ("RSF") of the initials of its entity's
    name, or the singular of that name ("Houthi" of "Houthis"), is evidence: its
    article linked the two (a bracket definition, matching initials, a plural
    form). Acronyms that are no initials of the name ("BDI" of "Federation of
    German Industries", or "TPLF" of a name cut short) stay in their article; a
    form tied to two different names ("ADF") links nowhere. Folded form -> name.
    """
    names: dict[str, dict[str, str]] = {}
    for ex in extractions:
        for m in ex.mentions:
            if m.label != "ORG":
                continue
            form, key = fold_name(m.text), fold_name(m.name)
            if form == key:
                continue
            spelt_out = _is_acronym(m.text) and _initials(m.name) == m.text.replace(".", "")
            if not (spelt_out or singular_key(key) == form):
                continue
            names.setdefault(form, {}).setdefault(key, m.name)
    return {form: next(iter(by_key.values())) for form, by_key in names.items() if len(by_key) == 1}


def _link_org_forms(extractions: Sequence[Linkable]) -> None:
    """Point organisations named only by a short form at the name other articles give it.

    "RSF" in an article that never spells it out becomes "Rapid Support Forces"
    when another article defines it so (``_org_form_links``); the
    same for a lone singular ("Houthi") whose plural another article uses. Known
    organisations (``org_aliases.json``) already have their name.
    """
    links = _org_form_links(extractions)
    if not links:
        return
    for ex in extractions:
        moves: dict[str, Entity] = {}
        for e in ex.entities:
            if e.label != "ORG" or org_name_for(e.name):
                continue
            name = links.get(fold_name(e.name))
            if name is not None:
                moves[e.entity_id] = Entity(entity_id_for("ORG", name), name, "ORG")
        if moves:
            _move_entities(ex, moves)


def _move_entities(ex: Linkable, moves: dict[str, Entity], *, relabel: bool = False) -> None:
    """Point an article's entities and mentions at new entities (by old entity id).

    Mentions keep their text and offsets; with ``relabel`` they take the new
    entity's label too.
    """
    entities: dict[str, Entity] = {}
    for e in ex.entities:
        target = moves.get(e.entity_id, e)
        entities.setdefault(target.entity_id, target)
    ex.entities[:] = list(entities.values())
    out: list[EntityMention] = []
    for m in ex.mentions:
        moved = moves.get(m.entity_id)
        if moved is None:
            out.append(m)
        elif relabel:
            out.append(
                dataclasses.replace(
                    m, entity_id=moved.entity_id, name=moved.name, label=moved.label
                )
            )
        else:
            out.append(dataclasses.replace(m, entity_id=moved.entity_id, name=moved.name))
    ex.mentions[:] = out
