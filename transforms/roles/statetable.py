"""The state table: leaders with their dates in office and organs of one state.

One source of truth for "who stands for which state" (``transforms/data/
roles_states.json``, its ``_doc`` keys give the scope), read by the money roles
(``states.py``: a leader in office or an organ in a payer or payee slot) and by
the military roles and extractor (``parties.py``, ``transforms/military/actors.py``:
``Putin``, ``Defence Secretary John Healey``, ``the Pentagon``, ``Downing Street``
name their state). A leader stands for the state only while in office on the
article's day; an undated article takes any term.

The article's day reaches the military side through ``article_day`` (a context
variable that ``transforms.extract`` sets around one chunk's military extraction), since
the side of a token is asked from many places that do not carry the article.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from transforms.countries import fold_name
from transforms.roles.syntax import DATA_DIR

STATES_PATH = DATA_DIR / "roles_states.json"
# Titles before a leader's name that are no part of it ("President Bola Ahmed
# Tinubu", "Prime Minister Rishi Sunak", "Premier Li Keqiang").
_TITLE = re.compile(
    r"^(?:(?:the|us|u\.s\.|uk|former|then|vice|deputy|acting|interim|union|federal|"
    r"president|prime|minister|premier|chancellor|secretary|finance|defen[cs]e|treasury|"
    r"foreign|state|of|the exchequer|king|crown|prince|supreme|leader|general|"
    r"mr|mrs|ms|dr|sir|senator|sen\.|rep\.)\s+)+",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Leader:
    state: str  # ISO3
    terms: tuple[tuple[date | None, date | None], ...]

    def in_office(self, on: date | None) -> bool:
        """Whether the leader held office on ``on`` (any term when undated)."""
        if on is None:
            return True
        return any((a is None or a <= on) and (b is None or on < b) for a, b in self.terms)


@dataclass(frozen=True, slots=True)
class StateTables:
    leaders: dict[str, tuple[Leader, ...]]  # folded full name or alias -> leaders
    organs: dict[str, str]  # folded organ name -> ISO3
    governing_parties: dict[str, str]  # folded party name -> ISO3
    government_nouns: frozenset[str]
    blocking_modifiers: frozenset[str]  # "local", "foreign": not the article's state


def fold_person(name: str) -> str:
    """A person's name for lookup: ``fold_name`` with the titles before it off."""
    return fold_name(_TITLE.sub("", name.strip()))


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@cache
def state_tables() -> StateTables:
    raw: dict[str, Any] = json.loads(STATES_PATH.read_text(encoding="utf-8"))
    leaders: dict[str, list[Leader]] = {}
    for name, row in raw["leaders"].items():
        leader = Leader(row["state"], tuple((_day(a), _day(b)) for a, b in row["terms"]))
        for key in {fold_person(name), *(fold_person(a) for a in row.get("aliases", []))}:
            leaders.setdefault(key, []).append(leader)

    def by_name(table: dict[str, list[str]]) -> dict[str, str]:
        return {fold_name(n): iso3 for iso3, names in table.items() for n in names}

    return StateTables(
        leaders={k: tuple(v) for k, v in leaders.items()},
        organs=by_name(raw["organs"]),
        governing_parties=by_name(raw["governing_parties"]),
        government_nouns=frozenset(raw["government_nouns"]),
        blocking_modifiers=frozenset(raw["government_blocking_modifiers"]),
    )


def leader_state(name: str, on: date | None) -> str | bool | None:
    """The ISO3 of the state a leader named ``name`` stood for on ``on``; False for a
    known leader out of office that day; None for no leader."""
    found = state_tables().leaders.get(fold_person(name))
    if not found:
        return None
    return next((lead.state for lead in found if lead.in_office(on)), False)


def as_date(published: datetime | date | None) -> date | None:
    """The day of a publication time (a date stays a date)."""
    if isinstance(published, datetime):
        return published.date()
    return published


# The day of the article being read, for the military side lookups (see module doc).
_ARTICLE_DAY: ContextVar[date | None] = ContextVar("article_day", default=None)


@contextmanager
def article_day(published: datetime | date | None) -> Iterator[None]:
    """Read leaders as in office on ``published``'s day inside the block."""
    token = _ARTICLE_DAY.set(as_date(published))
    try:
        yield
    finally:
        _ARTICLE_DAY.reset(token)


def state_of_name(name: str) -> str | bool | None:
    """The ISO3 of the state ``name`` stands for on the article's day (``article_day``):
    a leader or minister of the table in office, or an organ of one state ("the
    Pentagon", "Downing Street"); False for a leader of the table out of office that
    day (a person then, no state); None for a name the table does not hold."""
    code = leader_state(name, _ARTICLE_DAY.get())
    if code is not None:
        return code
    return state_tables().organs.get(fold_name(name))
