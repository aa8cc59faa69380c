"""Military figures: numbers tied to armed forces or armed conflict.

What a figure is follows ``/work/shared/annotation-guidelines.md``; the rules
this module adds where the guidelines are silent are written down in
``docs/military.md``. All word lists live in ``transforms/data/military_lexicon.json``
and ``transforms/data/military_phrases.json``.

How a figure is found, per number expression of the shared number grammar
(``transforms.numbers.find_numbers``):

1. the counted noun is the head of the noun phrase that follows the number
   (``5,000 missiles``, ``8,500 U.S. troops``, ``tens of thousands of troops``),
   cross-checked with spaCy's ``nummod`` arc; a number with no noun can still be
   a casualty count (``12 killed``, ``killing 40``, ``death toll rises to 300``);
2. the category comes from the noun's lexicon class (personnel, equipment,
   people) and from casualty words around it, found through the dependency
   parse (``killed`` governing the noun) and the surface (``captured 200 ...``);
3. casualties of people who are not forces need an armed-conflict cue (in the
   sentence, the sentence before, or a war-story document) and are dropped on
   accident / disaster / crime / disease cues;
4. the actor is a country or armed organisation named in the noun phrase
   (``Russian soldiers``); for equipment or money that is sent, the recipient
   (``to Ukraine``); else the subject of the verb that deploys, loses or buys the
   counted things (``Russia loses 150 troops``); never the killer of the dead.

Money figures (from ``transforms.money``) whose clause speaks of defence or arms
become ``spending`` figures; their unit is the noun the money pays for (``deal``,
``budget``, ``sale`` ...; ``money`` when there is none) and ``currency`` is set.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from transforms.military.candidates import _Candidate, _find_candidate
from transforms.military.context import _DocCues
from transforms.military.lexicon import (
    CAPTURED,
    CASUALTY_CATEGORIES,
    DATA_DIR,
    EQUIPMENT,
    KILLED,
    LEXICON_PATH,
    PERSONNEL,
    PHRASES_PATH,
    SPENDING,
    WOUNDED,
    _lexicon,
)
from transforms.military.mentions import _matchers, extract_military_mentions
from transforms.military.number_forms import _number_matches
from transforms.military.roles import _figure_actor
from transforms.military.spending import _spending_figures
from transforms.records import MilitaryFigure, MoneyFigure
from transforms.roles import attach_military_roles

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = [
    "CAPTURED",
    "CASUALTY_CATEGORIES",
    "DATA_DIR",
    "EQUIPMENT",
    "KILLED",
    "LEXICON_PATH",
    "PERSONNEL",
    "PHRASES_PATH",
    "SPENDING",
    "WOUNDED",
    "_matchers",
    "extract_military",
    "extract_military_mentions",
]


def extract_military(
    doc: Doc,
    *,
    article_id: str = "",
    money: Sequence[MoneyFigure] = (),
    offset: int = 0,
) -> list[MilitaryFigure]:
    """Military figures in ``doc`` (counts of forces, equipment, casualties; defence money).

    ``offset`` is added to every character offset (``doc`` may be one chunk of a
    longer article); ``money`` holds the article's money figures with offsets
    already in article coordinates. Figures come back in text order.
    """
    lex = _lexicon()
    _matchers(doc.vocab)  # build once per vocab, outside any memory_zone
    text = doc.text
    doc_cues = _DocCues(doc, lex)
    money_spans = [(mf.start_char - offset, mf.end_char - offset) for mf in money]
    figures: list[MilitaryFigure] = []
    used_until = -1  # token index: numbers inside an earlier figure are skipped
    previous: _Candidate | None = None
    for m in _number_matches(text):
        if any(s < m.end and m.start < e for s, e in money_spans):
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or len(span) == 0 or span.start < used_until:
            continue
        first, last = span[0], span[-1]
        cand = _find_candidate(doc, m, first, last, lex, doc_cues, previous)
        if cand is None:
            continue
        used_until = cand.end_tok
        actor = _figure_actor(doc, cand, lex)
        cand.actor, cand.actor_known = actor, True
        previous = cand
        end_char = max(doc[cand.end_tok - 1].idx + len(doc[cand.end_tok - 1]), m.end)
        figures.append(
            MilitaryFigure(
                article_id=article_id,
                start_char=m.start + offset,
                end_char=end_char + offset,
                text=text[m.start : end_char],
                value=m.value,
                low=m.low,
                high=m.high,
                qualifier=m.qualifier,
                unit=cand.unit,
                category=cand.category,
                actor_entity_id=actor.entity_id if actor else None,
                actor_name=actor.name if actor else None,
                actor_iso3=actor.iso3 if actor else None,
            )
        )
    figures.extend(_spending_figures(doc, money, offset, lex, doc_cues, article_id))
    figures.sort(key=lambda f: (f.start_char, f.end_char))
    # roles hook: counterpart, scope, the act's actor where none was found (transforms.roles)
    return attach_military_roles(doc, figures, offset=offset)
