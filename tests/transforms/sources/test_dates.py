"""Publication dates: tolerant formats, UTC, implausible dates refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from transforms.sources import parse_published

NOW = datetime(2025, 6, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-02T09:15:00Z", datetime(2025, 3, 2, 9, 15, tzinfo=UTC)),
        ("2025-03-02", datetime(2025, 3, 2, tzinfo=UTC)),
        ("Sun, 02 Mar 2025 09:15:00 +0100", datetime(2025, 3, 2, 8, 15, tzinfo=UTC)),
        ("November 16, 2021 12:51 AM", datetime(2021, 11, 16, 0, 51, tzinfo=UTC)),
        ("Nov 16 2021 9:00 PM EST", datetime(2021, 11, 17, 2, 0, tzinfo=UTC)),
        (1637041891, datetime(2021, 11, 16, 5, 51, 31, tzinfo=UTC)),
        ("1637041891000", datetime(2021, 11, 16, 5, 51, 31, tzinfo=UTC)),
        (datetime(2020, 1, 1, 12), datetime(2020, 1, 1, 12, tzinfo=UTC)),
    ],
)
def test_accepted_formats(value: object, expected: datetime) -> None:
    got, note = parse_published(value, now=NOW)
    assert (got, note) == (expected, None)
    assert got is not None and got.tzinfo is UTC


@pytest.mark.parametrize(
    ("value", "word"),
    [
        ("soon", "unparseable"),
        ("March 3", "unparseable"),  # no year: refuse to guess
        (True, "unparseable"),
        ({"y": 2020}, "unparseable"),
        ("1799-12-31", "implausible"),
        ("2025-06-03T00:00:00Z", "implausible"),  # more than a day ahead of NOW
    ],
)
def test_refused_values_give_a_note(value: object, word: str) -> None:
    got, note = parse_published(value, now=NOW)
    assert got is None
    assert note is not None and note.startswith(word)


def test_missing_value_is_silent() -> None:
    assert parse_published(None) == (None, None)
    assert parse_published("  ") == (None, None)
