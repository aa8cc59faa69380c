"""USD rates from the offline ECB table: nearest earlier fixing, no stale rates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from transforms.fx import MAX_STALE_DAYS, supported_currencies, usd_rate


def test_weekday_uses_same_day_fixing() -> None:
    found = usd_rate("EUR", date(2022, 1, 7))
    assert found is not None
    rate, fixing = found
    assert fixing == date(2022, 1, 7)
    assert rate == pytest.approx(1.1298)  # ECB EUR/USD reference rate that Friday


def test_weekend_uses_previous_fixing_never_a_later_one() -> None:
    found = usd_rate("GBP", date(2005, 1, 1))  # Saturday, New Year's Day
    assert found is not None
    rate, fixing = found
    assert fixing == date(2004, 12, 31)
    assert fixing <= date(2005, 1, 1)
    assert 1.85 < rate < 1.95


def test_usd_is_one() -> None:
    assert usd_rate("USD", date(2004, 6, 1)) == (1.0, date(2004, 6, 1))


def test_currency_without_ecb_rate_is_none() -> None:
    assert "UAH" not in supported_currencies()
    assert usd_rate("UAH", date(2022, 1, 10)) is None


def test_discontinued_series_goes_stale() -> None:
    # ECB stopped quoting RUB on 2022-03-01; a rate weeks old must not be used.
    assert usd_rate("RUB", date(2022, 3, 1)) is not None
    assert usd_rate("RUB", date(2022, 3, 1) + timedelta(days=MAX_STALE_DAYS + 1)) is None


def test_before_ecb_history_is_none() -> None:
    assert usd_rate("GBP", date(1998, 6, 1)) is None


def test_rates_are_cached() -> None:
    usd_rate.cache_clear()
    usd_rate("JPY", date(2021, 11, 16))
    usd_rate("JPY", date(2021, 11, 16))
    assert usd_rate.cache_info().hits >= 1
