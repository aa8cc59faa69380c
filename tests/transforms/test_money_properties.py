"""Round trip: an amount written in any accepted style parses back to the same money."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.money import extract_money
from transforms.numbers import parse_number

# (written before the number, written after it, ISO code)
CURRENCY_STYLES: list[tuple[str, str, str]] = [
    ("$", "", "USD"),
    ("US$", "", "USD"),
    ("£", "", "GBP"),
    ("€", "", "EUR"),
    ("¥", "", "JPY"),
    ("₹", "", "INR"),
    ("A$", "", "AUD"),
    ("C$", "", "CAD"),
    ("HK$", "", "HKD"),
    ("NZ$", "", "NZD"),
    ("USD ", "", "USD"),
    ("EUR ", "", "EUR"),
    ("GBP ", "", "GBP"),
    ("Rs ", "", "INR"),
    ("", " USD", "USD"),
    ("", " EUR", "EUR"),
    ("", " dollars", "USD"),
    ("", " euros", "EUR"),
    ("", " yen", "JPY"),
    ("", " roubles", "RUB"),
    ("", " rubles", "RUB"),
    ("", " hryvnias", "UAH"),
    ("", " rupees", "INR"),
    ("", " yuan", "CNY"),
    ("", " Swiss francs", "CHF"),
    ("", " Australian dollars", "AUD"),
    ("", " US dollars", "USD"),
    ("CN¥", "", "CNY"),
    ("Dh", "", "AED"),
    ("", " naira", "NGN"),
    ("", " shekels", "ILS"),
    ("", " zloty", "PLN"),
    ("", " baht", "THB"),
    ("", " dlrs", "USD"),
]

# (abbreviation, word, factor); "" means no scale
SCALES: list[tuple[str, str, int]] = [
    ("", "", 1),
    ("k", "thousand", 10**3),
    ("m", "million", 10**6),
    ("mn", "million", 10**6),
    ("bn", "billion", 10**9),
    ("tn", "trillion", 10**12),
]

UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

SENTENCES = [
    "The company paid {} for the site.",
    "{} was raised",
    "Analysts put the bill at {}, a record.",
    "It cost {}",
]


def words_for(n: int) -> str:
    """English words for 1..999 ("one hundred and fifty", "twenty-five")."""
    parts: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        parts.append(f"{UNITS[hundreds]} hundred")
    if rest:
        if hundreds:
            parts.append("and")
        if rest < 20:
            parts.append(UNITS[rest])
        else:
            t, u = divmod(rest, 10)
            parts.append(TENS[t] + (f"-{UNITS[u]}" if u else ""))
    return " ".join(parts)


def grouped(value: Decimal) -> str:
    """1500000000 -> "1,500,000,000"; decimals kept ("1,234.5")."""
    whole, _, frac = f"{value:f}".partition(".")
    out = f"{int(whole):,}"
    frac = frac.rstrip("0")
    return out + (f".{frac}" if frac else "")


mantissas = st.one_of(
    st.integers(1, 999).map(Decimal),
    st.tuples(st.integers(1, 999), st.integers(1, 99)).map(
        lambda t: Decimal(f"{t[0]}.{t[1]:02d}".rstrip("0"))
    ),
)


@st.composite
def written_amounts(draw: st.DrawFn) -> tuple[str, float, str]:
    mantissa = draw(mantissas)
    abbr, word, factor = draw(st.sampled_from(SCALES))
    before, after, iso = draw(st.sampled_from(CURRENCY_STYLES))
    style = draw(st.sampled_from(["abbr", "word", "grouped", "words"]))
    value = mantissa * factor
    if style == "abbr" and abbr:
        number = f"{mantissa}{abbr}"
    elif style == "word" and word:
        number = f"{mantissa} {word}"
    elif style == "words" and not before and mantissa == mantissa.to_integral_value():
        # Number words go with a currency word or code after them ("two billion dollars").
        number = words_for(int(mantissa)) + (f" {word}" if word else "")
    else:
        number = grouped(value)
    return f"{before}{number}{after}", float(value), iso


@settings(max_examples=400, deadline=None)
@given(written_amounts(), st.sampled_from(SENTENCES))
def test_written_amount_parses_back(case: tuple[str, float, str], sentence: str) -> None:
    amount, value, iso = case
    text = sentence.format(amount)
    figures = extract_money(text)
    assert len(figures) == 1, (text, figures)
    f = figures[0]
    assert f.text == amount
    assert f.value == pytest.approx(value, rel=1e-9)
    assert f.currency == iso
    assert text[f.start_char : f.end_char] == amount


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 999), st.sampled_from(SCALES))
def test_number_words_match_digits(n: int, scale: tuple[str, str, int]) -> None:
    _abbr, word, factor = scale
    written = words_for(n) + (f" {word}" if word else "")
    assert parse_number(written) == pytest.approx(n * factor)
    assert parse_number(f"{n:,}" + (f" {word}" if word else "")) == pytest.approx(n * factor)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 10**12))
def test_grouped_digits_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}") == n


@settings(max_examples=200, deadline=None)
@given(st.integers(1000, 10**12))
def test_space_grouped_digits_round_trip(n: int) -> None:
    # "40 000": a plain space groups thousands like a comma does
    assert parse_number(f"{n:,}".replace(",", " ")) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 999), st.integers(1, 9), st.integers(1, 99))
def test_digit_and_scale_word_compounds(thousands: int, hundreds: int, rest: int) -> None:
    written = f"{thousands} thousand {hundreds} hundred and {rest}"
    assert parse_number(written) == thousands * 1000 + hundreds * 100 + rest


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 999),
    st.integers(1, 999),
    st.sampled_from([("$", "USD"), ("€", "EUR"), ("USD", "USD"), ("GBP", "GBP")]),
)
def test_marker_after_each_of_two_numbers(a: int, b: int, marker: tuple[str, str]) -> None:
    # "10 $ 30 $": each sign ends the amount before it, none leads the next
    sign, iso = marker
    text = f"They paid {a} {sign} and later {b} {sign} more."
    text_tight = f"Totals: {a} {sign} {b} {sign}"
    for t in (text, text_tight):
        figures = extract_money(t)
        assert [(f.text, f.value, f.currency) for f in figures] == [
            (f"{a} {sign}", a, iso),
            (f"{b} {sign}", b, iso),
        ], t
