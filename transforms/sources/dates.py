"""Tolerant publication-date parsing.

Accepted: ISO 8601, RFC 2822, Unix seconds (int, float or digit string; values
above 1e11 are read as milliseconds), and free text such as
"November 16, 2021 12:51 AM" (python-dateutil). Results are timezone-aware
UTC; a date without an offset is taken as UTC. A value that cannot be parsed, or
that is implausible (before 1800 or more than one day in the future), gives
``None`` plus a note: the article still loads.
"""

from __future__ import annotations

import email.utils
import functools
import json
import math
import re
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dateutil import parser as dateutil_parser
from dateutil.tz import tzoffset

EARLIEST = datetime(1800, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)
# Unix times larger than this are milliseconds (1e11 s is the year 5138).
MILLISECONDS_ABOVE = 1e11

_TZ_FILE = Path(__file__).resolve().parent.parent / "data" / "sources_tz_abbreviations.json"
# dateutil fills missing parts from this default; year 1 marks "no year given".
_NO_YEAR = datetime(1, 1, 1)
_RFC2822 = re.compile(
    r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*"
    r"(?:[+-]\d{4}|[A-Za-z]{1,5})?$"
)


@functools.cache
def _tzinfos() -> dict[str, tzoffset]:
    raw = json.loads(_TZ_FILE.read_text(encoding="utf-8"))
    return {k: tzoffset(k, v) for k, v in raw.items() if not k.startswith("_")}


def _as_utc(dt: datetime) -> datetime:
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def _from_unix(seconds: float) -> datetime | None:
    if not math.isfinite(seconds):
        return None
    if abs(seconds) > MILLISECONDS_ABOVE:
        seconds /= 1000.0
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _from_text(text: str) -> datetime | None:
    s = text.strip()
    if not s:
        return None
    if s.lstrip("+-").replace(".", "", 1).isdigit():
        return _from_unix(float(s))
    try:
        # Python 3.11 reads nearly all ISO 8601, including "Z".
        return datetime.fromisoformat(s)
    except ValueError:
        pass
    if _RFC2822.match(s):
        # Only for real RFC 2822: email.utils is lenient and would drop an "AM/PM".
        try:
            return email.utils.parsedate_to_datetime(s)
        except (TypeError, ValueError, IndexError):
            pass
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # UnknownTimezoneWarning: handled as naive
            dt = dateutil_parser.parse(s, default=_NO_YEAR, tzinfos=_tzinfos())
    except (ValueError, OverflowError, TypeError):
        return None
    # Without a year ("March 3") the date is a guess: refuse it.
    return None if dt.year == 1 else dt


def parse_published(
    value: object, *, now: datetime | None = None
) -> tuple[datetime | None, str | None]:
    """Return ``(utc_datetime, None)`` or ``(None, note)``; ``(None, None)`` for no value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, bool):
        return None, f"unparseable date {value!r}"
    if isinstance(value, datetime):
        dt: datetime | None = value
    elif isinstance(value, int | float):
        dt = _from_unix(float(value))
    elif isinstance(value, str):
        dt = _from_text(value)
    else:
        dt = None
    shown = value if isinstance(value, str) else repr(value)
    if dt is None:
        return None, f"unparseable date '{shown}'"
    dt = _as_utc(dt)
    latest = (now or datetime.now(UTC)) + FUTURE_SLACK
    if dt < EARLIEST or dt > latest:
        return None, f"implausible date '{shown}' ({dt.date().isoformat()}) ignored"
    return dt, None
