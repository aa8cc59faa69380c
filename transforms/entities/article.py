"""One article: repaired spans to canonical mentions and entities (``extract_entities``)."""

from __future__ import annotations

import re
from typing import Any

from transforms.countries import place_country
from transforms.entities.canonical import (
    _canonicalise_norp,
    _canonicalise_orgs,
    _canonicalise_people,
    _canonicalise_places,
    _Mention,
    _merge_place_short_forms,
)
from transforms.entities.forms import _merge_plural_forms
from transforms.entities.ids import entity_id_for
from transforms.entities.labels import _settlement_noun_after
from transforms.entities.lexicon import _label_data
from transforms.entities.repair import _repaired_spans
from transforms.entities.settle import (
    _settle_club_places,
    _settle_company_short_forms,
    _settle_labels,
    _town_cue,
)
from transforms.records import Entity, EntityMention

# A blank line between two paragraphs.
_PARAGRAPH_RE = re.compile(r"\n\s*\n")


def extract_entities(
    doc: Any, *, article_id: str = "", offset: int = 0
) -> tuple[list[EntityMention], list[Entity]]:
    """Repaired, canonicalised entity mentions of a parsed article and its entities.

    ``doc`` is a spaCy ``Doc`` (parsed with ``transforms.nlp.load_nlp``); ``offset``
    is added to every character offset, for docs that are a chunk of a longer
    article. Mentions come in text order; entities once each, in order of first
    mention. NORP mentions ("Ukrainian") get their own entities (``norp:UKR``) and
    are not counted as mentions of the country; they carry its ``iso3``.
    """
    text = doc.text  # built from the tokens on every access: read it once
    mentions: list[_Mention] = []
    for span in _repaired_spans(doc, text):
        first, last = doc[span.start], doc[span.end - 1]
        start = first.idx
        end = last.idx + len(last.text)
        mentions.append(
            _Mention(
                start,
                end,
                text[start:end],
                span.label,
                title=span.title,
                hint=span.hint,
                cue=span.cue,
                place_cue=(
                    span.cue is None
                    and span.start > 0
                    and doc[span.start - 1].lower_ in _label_data().place_prepositions
                )
                or _settlement_noun_after(doc, span),
                town_cue=_town_cue(doc, span.start),
                modifier=span.end < len(doc)
                and (doc[span.end].pos_ == "NOUN" or doc[span.end].text == "-"),
                after_the=span.start > 0 and doc[span.start - 1].lower_ == "the",
            )
        )
    model_labels = [m.label for m in mentions]
    _settle_labels(mentions)
    _settle_club_places(mentions, model_labels)
    _settle_company_short_forms(mentions)
    _merge_plural_forms(mentions)
    _canonicalise_people([m for m in mentions if m.label == "PERSON"])
    # Paragraph starts (character offsets), for choosing what a short form shortens.
    breaks = [match.end() for match in _PARAGRAPH_RE.finditer(text)]
    title_end = text.find("\n") if "\n" in text.strip() else 0
    _canonicalise_orgs([m for m in mentions if m.label == "ORG"], breaks, title_end)
    _canonicalise_places([m for m in mentions if m.label in ("GPE", "LOC")])
    _merge_place_short_forms([m for m in mentions if m.label in ("GPE", "LOC")], text)
    _canonicalise_norp([m for m in mentions if m.label == "NORP"])

    # Label of an entity: a non-country place may be GPE in one sentence and LOC in
    # another; the id ignores that (same "place" group) and the majority label wins.
    label_votes: dict[str, dict[str, int]] = {}
    for m in mentions:
        m.entity_id = _mention_entity_id(m)
        votes = label_votes.setdefault(m.entity_id, {})
        votes[m.label] = votes.get(m.label, 0) + 1

    entities: dict[str, Entity] = {}
    out: list[EntityMention] = []
    for m in mentions:
        if m.entity_id not in entities:
            entities[m.entity_id] = entity_of(m.entity_id, m.name, label_votes[m.entity_id], m.iso3)
        out.append(
            EntityMention(
                article_id=article_id,
                start_char=m.start_char + offset,
                end_char=m.end_char + offset,
                text=m.text,
                label=m.label,
                entity_id=m.entity_id,
                name=m.name,
            )
        )
    return out, list(entities.values())


def entity_of(entity_id: str, name: str, label_votes: dict[str, int], iso3: str | None) -> Entity:
    """An article's entity from its mentions' label votes: the majority label (ties
    by name order) and ``country_iso3``, a country's own code or a place's country."""
    label = max(sorted(label_votes), key=lambda lab: label_votes[lab])
    country = (iso3 or place_country(name)) if label in ("GPE", "LOC") else None
    return Entity(entity_id, name, label, iso3, country)


def _mention_entity_id(m: _Mention) -> str:
    if m.iso3 and m.label == "NORP":
        return f"norp:{m.iso3}"
    if m.iso3:
        return f"country:{m.iso3}"
    return entity_id_for(m.label, m.name)
