"""Number expressions: the shared grammar plus the vague forms it does not read yet ("scores of",
"half a hundred").
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from transforms.numbers import NumberMatch, find_numbers

if TYPE_CHECKING:  # pragma: no cover
    pass

_SCORES_RE = re.compile(r"\bscores\s+of\b", re.IGNORECASE)
_HALF_RE = re.compile(r"\bhalf\s+$", re.IGNORECASE)
# A scale word with no number before it that sizes a force: "amass 'million-strong army'".
_STRONG_SCALE_RE = re.compile(r"\b(hundred|thousand|million)(?=-strong\b)", re.IGNORECASE)
_SCALE_VALUES = {"hundred": 100.0, "thousand": 1000.0, "million": 1_000_000.0}


def _number_matches(text: str) -> list[NumberMatch]:
    """``find_numbers`` with an adapter for "scores of" (20, over), "half a hundred"
    (50, approx) and a bare "million-strong" (1,000,000), which the shared grammar does
    not read (requested upstream)."""
    found = find_numbers(text)
    out: list[NumberMatch] = []
    for m in found:
        half = _HALF_RE.search(text, max(0, m.start - 6), m.start)
        if half and m.text.lower().startswith(("a ", "an ")) and not m.vague:
            m = dataclasses.replace(
                m,
                start=half.start(),
                text=text[half.start() : m.end],
                value=m.value / 2,
                qualifier="approx",
                qualifier_start=None,
            )
        out.append(m)
    for sm in _STRONG_SCALE_RE.finditer(text):
        if not any(m.start < sm.end() and sm.start() < m.end for m in out):
            out.append(_bare_match(text, sm.start(), sm.end(), _SCALE_VALUES[sm.group(1).lower()]))
    for sm in _SCORES_RE.finditer(text):
        if not any(m.start < sm.end() and sm.start() < m.end for m in out):
            start, end = sm.start(), sm.start() + len("scores")
            out.append(
                NumberMatch(
                    start=start,
                    end=end,
                    text=text[start:end],
                    value=20.0,
                    low=None,
                    high=None,
                    qualifier="over",
                    qualifier_start=None,
                    vague=True,
                )
            )
    out.sort(key=lambda m: m.start)
    return out


def _bare_match(text: str, start: int, end: int, value: float) -> NumberMatch:
    """A plain count read outside the shared grammar (``text[start:end]`` is ``value``)."""
    return NumberMatch(
        start=start,
        end=end,
        text=text[start:end],
        value=value,
        low=None,
        high=None,
        qualifier=None,
        qualifier_start=None,
        vague=False,
    )
