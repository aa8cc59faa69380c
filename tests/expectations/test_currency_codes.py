"""Every ISO currency code the money extractor can emit passes the money suite."""

from __future__ import annotations

import json
import re
from pathlib import Path

from expectations.suites import currency_codes

ROOT = Path(__file__).resolve().parents[2]


def _emitted_codes() -> set[str]:
    """Three-letter codes that currencies.json maps a sign, word or code to."""
    data = json.loads((ROOT / "transforms" / "data" / "currencies.json").read_text("utf-8"))
    codes: set[str] = set()

    def walk(x: object) -> None:
        if isinstance(x, str) and re.fullmatch(r"[A-Z]{3}", x):
            codes.add(x)
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(data)
    return codes


def test_withdrawn_currencies_of_older_articles_are_valid() -> None:
    allowed = set(currency_codes())
    assert {"DEM", "FRF", "ITL", "USD", "GBP"} <= allowed
    assert _emitted_codes() <= allowed
