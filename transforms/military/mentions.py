"""Mentions: military commitments with no number ("boots on the ground"), found by a phrase
matcher.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from transforms.military.actors import _actor_in_phrase, _walk_up_actor
from transforms.military.lexicon import _lexicon, _phrases
from transforms.records import MilitaryMention

if TYPE_CHECKING:  # pragma: no cover
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

_PHRASE_TOKEN_RE = re.compile(r"[A-Za-z0-9.']+|-")


@dataclass(slots=True)
class _Matchers:
    vocab: Vocab  # kept so the id() key below cannot be reused by another vocab
    mentions: PhraseMatcher
    kinds: dict[int, str]


_MATCHERS: dict[int, _Matchers] = {}


def _matchers(vocab: Vocab) -> _Matchers:
    cached = _MATCHERS.get(id(vocab))
    if cached is not None and cached.vocab is vocab:
        return cached
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    matcher = PhraseMatcher(vocab, attr="LOWER")
    kinds: dict[int, str] = {}
    for kind, phrases in _phrases().items():
        key = f"MILITARY_MENTION_{kind}"
        # Pattern docs are tokenised like spaCy's English tokenizer splits
        # hyphens ("no-fly" -> "no", "-", "fly"), so they match parsed text.
        docs = [Doc(vocab, words=_PHRASE_TOKEN_RE.findall(p.lower())) for p in phrases]
        matcher.add(key, docs)
        kinds[vocab.strings[key]] = kind
    built = _Matchers(vocab=vocab, mentions=matcher, kinds=kinds)
    _MATCHERS[id(vocab)] = built
    return built


def extract_military_mentions(
    doc: Doc, *, article_id: str = "", offset: int = 0
) -> list[MilitaryMention]:
    """Military commitments without a number ("boots on the ground", "no-fly zone")."""
    lex = _lexicon()
    built = _matchers(doc.vocab)
    matches = sorted(built.mentions(doc), key=lambda m: (m[1], -(m[2] - m[1])))
    out: list[MilitaryMention] = []
    last_end = -1
    for match_id, start, end in matches:
        if start < last_end:
            continue  # overlapping phrases: the earliest, longest one wins
        last_end = end
        span = doc[start:end]
        actor = _actor_in_phrase(doc[max(span.sent.start, start - 2) : start], lex)
        if actor is None:
            actor = _walk_up_actor(span.root, lex, stop_at_casualty=False)
        out.append(
            MilitaryMention(
                article_id=article_id,
                start_char=span.start_char + offset,
                end_char=span.end_char + offset,
                text=span.text,
                kind=built.kinds[match_id],
                actor_entity_id=actor.entity_id if actor else None,
                actor_name=actor.name if actor else None,
                actor_iso3=actor.iso3 if actor else None,
            )
        )
    return out
