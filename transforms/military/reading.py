"""What candidate reading shares between its steps: the candidate figure, a step's decision and
the reading of one number filled step by step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

    from transforms.military.actors import _Actor
    from transforms.military.context import _SentenceCues
    from transforms.military.lexicon import _Lexicon
    from transforms.numbers import NumberMatch


@dataclass(slots=True)
class _Candidate:
    start_tok: int  # first token of the number
    end_tok: int  # one past the last token of the figure span
    noun: Token | None
    unit: str
    category: str
    actor: _Actor | None = None
    actor_known: bool = False  # actor decided while classifying (inherited, measured)


class _Undecided:
    """A step of ``_find_candidate`` that has not decided: the next step goes on."""


UNDECIDED = _Undecided()


# A step's answer: a candidate, None (not a military figure) or UNDECIDED.
_Decision = _Candidate | None | _Undecided


@dataclass(slots=True)
class _Reading:
    """What ``_find_candidate`` has read about one number so far, filled step by step."""

    doc: Doc
    m: NumberMatch
    first: Token
    last: Token
    lex: _Lexicon
    cues: _SentenceCues
    previous: _Candidate | None
    nxt_i: int  # first token after the number (quote marks skipped)
    np: list[Token] = field(default_factory=list)  # the counted noun phrase
    partitive: bool = False  # "twelve of Putin's officers"
    noun: Token | None = None
    noun_class: str | None = None
    unit: str = ""
    end_tok: int = 0
    after_military: bool = False  # right after a troop or kit figure in the sentence
    casualty: str | None = None
    casualty_verb: Token | None = None
    exclude: set[str] = field(default_factory=set)  # cue words the figure itself supplies
    before_i: int = 0  # first token of the number or of its qualifier
    inherited: _Candidate | None = None  # the figure a bare count shares its noun with
    number_only: bool = False  # "28 out of 31 drones": the noun is counted by a later number
    count_of: bool = False  # "288 units of the rocket system": the count is of the "of" noun

    @property
    def sent(self) -> Span:
        return self.first.sent
