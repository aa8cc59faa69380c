"""The shared number grammar: values, spans, qualifiers, vague quantities, ranges."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from transforms.numbers import (
    NumberMatch,
    find_numbers,
    is_change_before,
    number_at,
    parse_number,
    qualifier_before,
)
from transforms.years import is_year


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("5,000", 5000.0),
        ("1.6bn", 1.6e9),
        ("1.6 bn", 1.6e9),
        ("750k", 750_000.0),
        ("2M", 2e6),
        ("5 mln", 5e6),
        ("3tn", 3e12),
        ("12,34,567.89", 1_234_567.89),
        ("40 crore", 4e8),
        ("35 lakh", 3.5e6),
        ("29-million", 29e6),
        ("2.5 billion", 2.5e9),
        ("two billion", 2e9),
        ("twenty-five", 25.0),
        ("one hundred and fifty", 150.0),
        ("nine hundred ninety-nine", 999.0),
        ("two million five hundred thousand", 2.5e6),
        ("a dozen", 12.0),
        ("two dozen", 24.0),
        ("half a dozen", 6.0),
        ("a hundred", 100.0),
        ("a million", 1e6),
        ("half a billion", 5e8),
        ("a quarter million", 2.5e5),
        ("three quarters billion", 7.5e8),
        ("two and a half million", 2.5e6),
        ("tens of thousands", 1e4),
        ("hundreds of thousands", 1e5),
        ("dozens", 12.0),
        ("hundreds", 100.0),
        ("several hundred", 100.0),
        ("thousands", 1000.0),
        ("several thousand", 1000.0),
        ("2-3bn", 2.5e9),
        ("5 to 10 million", 7.5e6),
        ("2022", 2022.0),
        ("a quarter of a million", 2.5e5),
        ("two point five billion", 2.5e9),
        ("nine point nought four", 9.04),
        ("two hundred point seventy-one", 200.71),
        ("66-point-three trillion", 66.3e12),
        ("2 point five million", 2.5e6),
        ("three dozens", 36.0),
        ("3 dozen", 36.0),
        ("three lakh crore", 3e12),
        ("1.5 lakh crore", 1.5e12),
        ("40\u202f000", 40000.0),
        ("10 tln", 1e13),
        ("2mil", 2e6),
    ],
)
def test_parse_number_values(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    "text", ["3rd", "21st", "1990s", "5km", "180ml", "A320", "", "a", "the", "one two"]
)
def test_parse_number_rejects_non_numbers(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("a 10-point plan", ["10"]),  # no number words after the point: no decimal
        ("a 3 point lead", ["3"]),
        ("raised by 12-point-seven percent", ["12-point-seven"]),
    ],
)
def test_spoken_decimal_point_needs_number_words(text: str, spans: list[str]) -> None:
    assert [m.text for m in find_numbers(text)] == spans


def _only(text: str) -> NumberMatch:
    found = find_numbers(text)
    assert len(found) == 1, found
    return found[0]


def test_span_excludes_qualifier_word_and_records_its_start() -> None:
    text = "They sent more than 5,000 troops."
    m = _only(text)
    assert (m.text, m.value, m.qualifier) == ("5,000", 5000.0, "over")
    assert m.qualifier_start == text.index("more")
    assert text[m.start : m.end] == "5,000"


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("about 300 jets", "approx"),
        ("Around 40 tanks", "approx"),
        ("some 20 ships", "approx"),
        ("nearly 90 drones", "approx"),
        ("almost 12 aircraft", "approx"),
        ("at least 7 soldiers", "over"),
        ("over 2,000 sailors", "over"),
        ("up to 500 reservists", "under"),
        ("less than 30 fighters", "under"),
        ("under 60 vehicles", "under"),
        ("exactly 60 vehicles", None),
    ],
)
def test_qualifier_words(text: str, qualifier: str | None) -> None:
    assert _only(text).qualifier == qualifier


def test_vague_quantities_take_over_and_scale_value() -> None:
    text = "Dozens of tanks, hundreds of drones and tens of thousands of troops."
    found = find_numbers(text)
    assert [(m.text, m.value, m.qualifier, m.vague) for m in found] == [
        ("Dozens", 12.0, "over", True),
        ("hundreds", 100.0, "over", True),
        ("tens of thousands", 10000.0, "over", True),
    ]
    assert all(m.qualifier_start is None for m in found)


def test_ranges_are_one_match_with_midpoint() -> None:
    m = _only("between 2 and 3 billion")
    assert m.text == "2 and 3 billion"
    assert (m.low, m.high, m.value) == (2e9, 3e9, 2.5e9)
    m = _only("losses of 5-10m")
    assert (m.text, m.low, m.high) == ("5-10m", 5e6, 10e6)


def test_from_to_is_a_change_not_a_range() -> None:
    text = "troops rose from 5,000 to 10,000"
    assert [m.text for m in find_numbers(text)] == ["5,000", "10,000"]
    assert is_change_before(text, text.index("5,000"))


def test_scores_and_seasons_are_not_ranges() -> None:
    assert [m.text for m in find_numbers("won 2-1 in the 2004-05 season")] == [
        "2",
        "1",
        "2004",
        "05",
    ]


def test_ordinals_model_names_times_and_units_are_not_numbers() -> None:
    text = "The 3rd Division flew F-16 jets at 10:30 in the 1990s over 5km."
    assert find_numbers(text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The one you mentioned", []),
        ("No one came", []),
        ("Which one do you prefer?", []),
        ("one soldier died", ["one"]),
        ("only one tank", ["one"]),
        ("the one million mark", ["one million"]),
        ("one of the ships", ["one"]),
    ],
)
def test_one_as_pronoun_is_not_a_number(text: str, found: list[str]) -> None:
    assert [m.text for m in find_numbers(text)] == found


def test_plain_space_groups_thousands_only_where_it_reads_as_one_number() -> None:
    assert [m.text for m in find_numbers("in 2004 300 people")] == ["2004", "300"]
    found = find_numbers("Officials counted 12 000 ballots and a queue of 1 250 300 names.")
    assert [(m.text, m.value) for m in found] == [("12 000", 12000.0), ("1 250 300", 1250300.0)]
    # a date before, a phone number, a model number after: not one number
    assert [m.text for m in find_numbers("On March 14 200 workers left.")] == ["14", "200"]
    assert [m.text for m in find_numbers("In 1999 250 000 people")] == ["1999", "250 000"]
    assert [m.text for m in find_numbers("Call 0161 496 000 today")] == ["0161", "496", "000"]
    assert [m.text for m in find_numbers("it bought 12 320-seat jets")][:1] == ["12"]


@pytest.mark.parametrize(
    ("digits", "year"),
    [("1799", False), ("1800", True), ("1854", True), ("2099", True), ("2100", False)],
)
def test_one_year_range_for_every_extractor(digits: str, year: bool) -> None:
    # transforms/years.py: the one definition money, numbers and military use.
    assert is_year(digits) is year
    texts = [m.text for m in find_numbers(f"In {digits} 250 000 people")]
    assert texts == ([digits, "250 000"] if year else [digits, "250", "000"])


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3 hundred and 21", 321.0),
        ("4 thousand 3 hundred and 21", 4321.0),
        ("6 crore and two hundred", 60_000_200.0),
        ("5 million 300 thousand", 5_300_000.0),
        ("3 hundred and one", 301.0),
        ("hundred thousand", 100_000.0),
        ("three hundred and two dozens", 324.0),
        ("3 dzs", 36.0),
        ("five dozs", 60.0),
        ("1MM", 1e6),
        ("1,5 million", 1.5e6),
        ("2,75bn", 2.75e9),
        ("1.111,11", 1111.11),
        ("a third of a billion", 1e9 / 3),
        ("two-thirds of a million", 2e6 / 3),
        ("three-quarters of a billion", 7.5e8),
        ("a million and a half", 1.5e6),
        ("1/2 million", 5e5),
        ("4 1/2 billion", 4.5e9),
        ("2½m", 2.5e6),
        ("1 250 300", 1_250_300.0),
    ],
)
def test_mixed_digit_word_fraction_and_decimal_comma_forms(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # "and" joins digits only below 100 after "hundred": two figures here
        ("The plant cost 3 million and 200 jobs went.", ["3 million", "200"]),
        ("5 million 300 people", ["5 million", "300"]),
        ("4 thousand 3 hundred and 0 are two", ["4 thousand 3 hundred", "0", "two"]),
        # "third" is an ordinal unless "of" follows
        ("a third billion-dollar fund", []),
        ("the third quarter", []),
        # a bare comma pair may be a list; only a scale makes it a decimal
        ("pages 1,3 and 5", ["1", "5"]),
        ("exercises 22,24,26,31", ["22", "24", "26", "31"]),
        ("1,234,567 people", ["1,234,567"]),
        # "mm" in lower case is millimetres; a date's "1/2" is not a fraction
        ("a 5mm bolt", []),
        ("on 1/2 the office closed", []),
        ("the Hundred Years War", []),
    ],
)
def test_new_forms_keep_their_limits(text: str, found: list[str]) -> None:
    assert [m.text for m in find_numbers(text)] == found


def test_attached_letters_are_allowed_only_when_listed() -> None:
    assert find_numbers("50p") == []
    m = find_numbers("50p", attached=frozenset({"p"}))
    assert [(x.text, x.value) for x in m] == [("50", 50.0)]


def test_number_at_parses_after_glued_code() -> None:
    m = number_at("USD115.5", 3)
    assert m is not None
    assert (m.text, m.value) == ("115.5", 115.5)


def test_qualifier_before_currency_sign() -> None:
    text = "about £5m"
    assert qualifier_before(text, text.index("£")) == ("approx", 0)


def test_offsets_point_into_the_given_text() -> None:
    text = "Nearly two dozen tanks and 1,200 troops; a dozen jets."
    for m in find_numbers(text):
        assert text[m.start : m.end] == m.text


def test_scale_field_records_written_scale() -> None:
    assert _only("1.6bn").scale == 1e9
    assert _only("5,000").scale == 1.0


def test_speed_on_bbc_business(corpus_root: Path) -> None:
    # The grammar runs on every article: it must handle ~100k words well under a second.
    files = sorted((corpus_root / "bbc" / "business").glob("*.txt"))[:200]
    texts = [p.read_bytes().decode("utf-8", errors="replace") for p in files]
    words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    n = sum(len(find_numbers(t)) for t in texts)
    elapsed = time.perf_counter() - t0
    print(f"find_numbers: {words} words, {n} numbers, {elapsed:.2f}s")
    assert n > 1000
    assert elapsed < words / 50_000  # at least 50k words per second
