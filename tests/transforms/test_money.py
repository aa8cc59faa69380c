"""Money figures: spans, values, currencies, ranges, qualifiers and USD values."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from transforms.money import extract_money, iso_codes, parse_money
from transforms.records import MoneyFigure


def _one(text: str) -> MoneyFigure:
    figures = extract_money(text)
    assert len(figures) == 1, figures
    return figures[0]


def test_seed_article_has_exactly_one_money_figure(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    figures = extract_money(text, article_id="seed", published=date(2025, 3, 2))
    assert [(f.text, f.value, f.currency) for f in figures] == [("£1.6bn", 1.6e9, "GBP")]
    f = figures[0]
    assert text[f.start_char : f.end_char] == "£1.6bn"
    assert f.article_id == "seed"
    assert f.fx_date is not None and f.fx_date <= "2025-03-02"


@pytest.mark.parametrize(
    ("text", "span", "value", "currency"),
    [
        ("It paid £1.6bn for it.", "£1.6bn", 1.6e9, "GBP"),
        ("a $44 billion deal", "$44 billion", 44e9, "USD"),
        ("costs rose to 1.2 trillion yen", "1.2 trillion yen", 1.2e12, "JPY"),
        ("shares rose 50 cents", "50 cents", 0.5, "USD"),
        ("it fell 20p on the day", "20p", 0.2, "GBP"),
        ("closed at 274.5 pence", "274.5 pence", 2.745, "GBP"),
        ("up four pence", "four pence", 0.04, "GBP"),
        ("worth €2.5bn", "€2.5bn", 2.5e9, "EUR"),
        ("a US$3 fee", "US$3", 3.0, "USD"),
        ("raised US$ 6.2 billion", "US$ 6.2 billion", 6.2e9, "USD"),
        ("bought for A$68m", "A$68m", 68e6, "AUD"),
        ("sold for AU$12m", "AU$12m", 12e6, "AUD"),
        ("a C$40m loss", "C$40m", 40e6, "CAD"),
        ("HK$327m in sales", "HK$327m", 327e6, "HKD"),
        ("NZ$5bn", "NZ$5bn", 5e9, "NZD"),
        ("S$2m", "S$2m", 2e6, "SGD"),
        ("a USD 5m order", "USD 5m", 5e6, "USD"),
        ("a 5m EUR order", "5m EUR", 5e6, "EUR"),
        ("a Rs 40 crore project", "Rs 40 crore", 4e8, "INR"),
        ("INR 48,390 crore", "INR 48,390 crore", 4.839e11, "INR"),
        ("a 7.5bn euros merger", "7.5bn euros", 7.5e9, "EUR"),
        ("86.7bn Swiss francs", "86.7bn Swiss francs", 86.7e9, "CHF"),
        ("300 roubles", "300 roubles", 300.0, "RUB"),
        ("300 rubles", "300 rubles", 300.0, "RUB"),
        ("2bn hryvnias", "2bn hryvnias", 2e9, "UAH"),
        ("5bn yuan", "5bn yuan", 5e9, "CNY"),
        ("125 million Australian dollars", "125 million Australian dollars", 125e6, "AUD"),
        ("10m pounds sterling", "10m pounds sterling", 10e6, "GBP"),
        ("₹500", "₹500", 500.0, "INR"),
        ("₽1,000", "₽1,000", 1000.0, "RUB"),
        ("₴200", "₴200", 200.0, "UAH"),
        ("¥1,000", "¥1,000", 1000.0, "JPY"),
        ("two billion dollars", "two billion dollars", 2e9, "USD"),
        ("half a billion dollars", "half a billion dollars", 5e8, "USD"),
        ("$265,515 USD", "$265,515 USD", 265515.0, "USD"),
        ("20 mln $", "20 mln $", 20e6, "USD"),
        ("$29-million", "$29-million", 29e6, "USD"),
        ("$2M and change", "$2M", 2e6, "USD"),
        ("$228K", "$228K", 228e3, "USD"),
        ("£1.5B", "£1.5B", 1.5e9, "GBP"),
    ],
)
def test_amounts(text: str, span: str, value: float, currency: str) -> None:
    f = _one(text)
    assert (f.text, f.currency) == (span, currency)
    assert f.value == pytest.approx(value)
    assert text[f.start_char : f.end_char] == span


@pytest.mark.parametrize(
    "text",
    [
        "Virgin Money reported results.",
        "Sales rose 5% in 2004.",
        "It sold 17.2 million shares.",
        "1.3m people live there.",
        "millions of dollars were lost",
        "a multi-billion dollar deal",
        "billion-dollar lawsuits",
        "Canada releases 50 million pounds of maple syrup",
        "The fish weighed 69 pounds.",
        "He ran the 400m in the FTSE 100 era of Euro 2004.",
        "Money Heist and Dollar Tree, said Mike Pence.",
        "the rapper 50 Cent said",
        "All 70 of us. ALL 5 solutions are wrong.",
        "It traded at 43.305 per US dollar.",
        "the Turkish lira and the ruble",
    ],
)
def test_not_money(text: str) -> None:
    assert extract_money(text) == []


def test_currency_not_stated_stays_none() -> None:
    figures = extract_money("Profits were 4.3bn rupees, against 2.7bn a year earlier.")
    assert [(x.text, x.currency) for x in figures] == [("4.3bn rupees", "INR"), ("2.7bn", None)]
    assert _one("a 20 million deal").currency is None
    assert _one("sales of 600 pesos").currency is None  # which peso is not said


def test_bare_dollar_is_usd_even_beside_other_dollars() -> None:
    figures = extract_money("It paid A$68m ($52m; £28m) for the stake.")
    assert [(f.text, f.currency) for f in figures] == [
        ("A$68m", "AUD"),
        ("$52m", "USD"),
        ("£28m", "GBP"),
    ]


@pytest.mark.parametrize(
    ("text", "span", "low", "high"),
    [
        ("costs of $5m-$10m", "$5m-$10m", 5e6, 10e6),
        ("a £2-3bn hole", "£2-3bn", 2e9, 3e9),
        ("between £415m and £425m a year", "£415m and £425m", 415e6, 425e6),
        ("5 to 10 million dollars", "5 to 10 million dollars", 5e6, 10e6),
        ("$20-$25 billion", "$20-$25 billion", 20e9, 25e9),
        ("$779m-798m", "$779m-798m", 779e6, 798e6),
        ("1,050-1,125 rupees", "1,050-1,125 rupees", 1050.0, 1125.0),
        ("estimates put damage at $1.3 to $1.5bn", "$1.3 to $1.5bn", 1.3e9, 1.5e9),
    ],
)
def test_ranges(text: str, span: str, low: float, high: float) -> None:
    f = _one(text)
    assert f.text == span
    assert (f.low, f.high) == (pytest.approx(low), pytest.approx(high))
    assert f.value == pytest.approx((low + high) / 2)


@pytest.mark.parametrize(
    "text",
    [
        "prices rose from £6 to £10",
        "crude gained $1.32 to $44.45",
        "it was cut from $700 billion to $1.5 trillion",
    ],
)
def test_changes_are_two_figures(text: str) -> None:
    figures = extract_money(text)
    assert len(figures) == 2
    assert all(f.low is None for f in figures)


def test_lists_are_separate_figures() -> None:
    assert [f.text for f in extract_money("£30m, £40m or £50m")] == ["£30m", "£40m", "£50m"]


@pytest.mark.parametrize(
    ("text", "span", "qualifier"),
    [
        ("about £5m", "£5m", "approx"),
        ("nearly $2bn", "$2bn", "approx"),
        ("more than £3bn - or £140 per household", "£3bn", "over"),
        ("at least €10m", "€10m", "over"),
        ("up to $500", "$500", "under"),
        ("less than £1", "£1", "under"),
        ("sub-$100 phones", "$100", "under"),
        ("a £30m-plus fee", "£30m", "over"),
        ("as little as $8.32", "$8.32", None),
        ("just £4.2m", "£4.2m", None),
    ],
)
def test_qualifiers(text: str, span: str, qualifier: str | None) -> None:
    f = extract_money(text)[0]
    assert (f.text, f.qualifier) == (span, qualifier)


def test_qualifier_does_not_spread_to_bracketed_conversion() -> None:
    figures = extract_money("about 900 rupees ($20.40; £10.50)")
    assert [(f.text, f.qualifier) for f in figures] == [
        ("900 rupees", "approx"),
        ("$20.40", None),
        ("£10.50", None),
    ]


def test_per_unit_wording_stays_outside() -> None:
    assert _one("£4 a leg").text == "£4"
    assert _one("$70 a share").text == "$70"
    assert _one("€0.19/kg").text == "€0.19"
    assert _one("£1,600-a-month").text == "£1,600"


def test_usd_value_uses_rate_on_or_before_publication() -> None:
    published = datetime(2005, 1, 1, 12, tzinfo=UTC)  # a Saturday: Friday's fixing
    f = extract_money("It paid £100m.", published=published)[0]
    assert f.fx_date == "2004-12-31"
    assert f.fx_rate is not None and 1.8 < f.fx_rate < 2.0
    assert f.value_usd == pytest.approx(100e6 * f.fx_rate)


def test_usd_value_is_none_without_date_or_rate() -> None:
    assert _one("It paid £100m.").value_usd is None
    f = extract_money("It paid 5bn hryvnias.", published=date(2022, 6, 1))[0]
    assert f.currency == "UAH" and f.value_usd is None and f.fx_rate is None
    f = extract_money("sales of 600 pesos", published=date(2022, 6, 1))[0]
    assert f.value_usd is None


def test_usd_amounts_have_rate_one() -> None:
    f = extract_money("$5m", published=date(2022, 6, 1))[0]
    assert (f.fx_rate, f.value_usd, f.fx_date) == (1.0, 5e6, "2022-06-01")


def test_parse_money_requires_whole_string() -> None:
    f = parse_money("$1.5bn")
    assert f is not None and f.value == 1.5e9
    assert parse_money("$1.5bn and $2bn") is None
    assert parse_money("hello") is None


def test_currency_tables_are_iso() -> None:
    import json

    from transforms.money import DATA_PATH

    data = json.loads(DATA_PATH.read_text(encoding="utf-8"))
    codes = iso_codes()
    tables = (
        "symbols",
        "prefixes",
        "prefixes_lowercase_spaced",
        "words",
        "word_prefixes",
        "word_prefixes_need_scale",
    )
    for table in tables:
        for key, code in data[table].items():
            assert code is None or code in codes, (table, key, code)
    for code in data["subunits"].values():
        assert code in codes


def test_latin1_pound_sign_after_fallback_decoding(corpus_root: Path) -> None:
    # bbc/sport/199 is cp1252: once decoded, its pound sign must still be money.
    raw = (corpus_root / "bbc" / "sport" / "199.txt").read_bytes()
    text = raw.decode("cp1252")
    assert any(f.currency == "GBP" for f in extract_money(text))


# ---------------------------------------------------------------- unusual forms
# Every sentence below is invented for these tests.


@pytest.mark.parametrize(
    ("text", "span", "value", "currency"),
    [
        # currency word before a scaled number
        ("The tender opened at dollar 22.5 million.", "dollar 22.5 million", 22.5e6, "USD"),
        ("a fund of euro 3bn for ports", "euro 3bn", 3e9, "EUR"),
        # fractions and mixed forms
        ("Repairs ran to half a million pounds in damages.", "half a million pounds", 5e5, "GBP"),
        ("a quarter of a billion dollars in aid", "a quarter of a billion dollars", 2.5e8, "USD"),
        ("a third of a billion dollars in aid", "a third of a billion dollars", 1e9 / 3, "USD"),
        (
            "a fee of three-quarters of a billion pounds",
            "three-quarters of a billion pounds",
            7.5e8,
            "GBP",
        ),
        ("It spent a million and a half dollars.", "a million and a half dollars", 1.5e6, "USD"),
        ("The bid was £1/2 million short.", "£1/2 million", 5e5, "GBP"),
        ("It borrowed $4 1/2 billion.", "$4 1/2 billion", 4.5e9, "USD"),
        ("The club paid £2½m for him.", "£2½m", 2.5e6, "GBP"),
        (
            "They asked for twenty-five thousand dollars.",
            "twenty-five thousand dollars",
            25e3,
            "USD",
        ),
        ("a hundred dollars a head", "a hundred dollars", 100.0, "USD"),
        ("one hundred dollars a head", "one hundred dollars", 100.0, "USD"),
        ("I can spare 3 hundred and 21 yuan.", "3 hundred and 21 yuan", 321.0, "CNY"),
        # decimal commas where a scale makes them clear
        ("The firm was fined €1,5 million.", "€1,5 million", 1.5e6, "EUR"),
        ("a bill of 1.234,50 euros", "1.234,50 euros", 1234.5, "EUR"),
        # scale abbreviations
        ("revenue target of US$ 1MM", "US$ 1MM", 1e6, "USD"),
        ("a $50K grant", "$50K", 5e4, "USD"),
        ("a $5MM round", "$5MM", 5e6, "USD"),
        ("debts of $2trn", "$2trn", 2e12, "USD"),
        ("a £3mn bonus", "£3mn", 3e6, "GBP"),
        ("a Rs 1,500 cr project", "Rs 1,500 cr", 1.5e10, "INR"),
        ("a fine of Rs 5 lac", "Rs 5 lac", 5e5, "INR"),
        ("a 3 milliard rouble loan", "3 milliard rouble", 3e9, "RUB"),
        ("It cost $1.5 bil to build.", "$1.5 bil", 1.5e9, "USD"),
        # Reuters and colloquial units
        ("profit of 1.5 bln dlrs", "1.5 bln dlrs", 1.5e9, "USD"),
        ("sales of 30 mln stg", "30 mln stg", 30e6, "GBP"),
        ("It only costs 5 quid.", "5 quid", 5.0, "GBP"),
        ("Lunch cost 12 bucks.", "12 bucks", 12.0, "USD"),
        # prefixes
        ("The budget allots R2.5bn to clinics.", "R2.5bn", 2.5e9, "ZAR"),
        ("The state budgeted N300bn for roads.", "N300bn", 3e11, "NGN"),
        ("a Tk 500 crore bridge", "Tk 500 crore", 5e9, "BDT"),
        ("It fetched Dh5m at auction.", "Dh5m", 5e6, "AED"),
        ("Rs.250 per kilo", "Rs.250", 250.0, "INR"),
        ("It sold for CN¥800.", "CN¥800", 800.0, "CNY"),
        # currency names of many countries
        ("Bread cost 300 naira.", "300 naira", 300.0, "NGN"),
        ("It was priced at 5bn rand.", "5bn rand", 5e9, "ZAR"),
        ("A ticket cost 500 rand.", "500 rand", 500.0, "ZAR"),
        ("A meal cost 9,000 won.", "9,000 won", 9000.0, "KRW"),
        ("a loan of 40 shekels", "40 shekels", 40.0, "ILS"),
        ("a 2bn birr dam", "2bn birr", 2e9, "ETB"),
        ("He paid 50 cedis.", "50 cedis", 50.0, "GHS"),
        ("Prices hit 800 kwanzas.", "800 kwanzas", 800.0, "AOA"),
        ("a 4bn soles budget", "4bn soles", 4e9, "PEN"),
        ("It cost 70 lempiras.", "70 lempiras", 70.0, "HNL"),
        ("a reserve of 20bn tenge", "20bn tenge", 20e9, "KZT"),
    ],
)
def test_unusual_amounts(text: str, span: str, value: float, currency: str) -> None:
    f = _one(text)
    assert (f.text, f.currency) == (span, currency)
    assert f.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        # a sign between two numbers ends the left one when the right one has its own
        ("It was 10 $ then 30 $ later.", [("10 $", 10.0), ("30 $", 30.0)]),
        ("Pay 10 $ 30 cent now.", [("10 $ 30 cent", 10.3)]),
        ("Both: 10 rmb 20 usd.", [("10 rmb", 10.0), ("20 usd", 20.0)]),
        # a code followed by two-digit cents
        ("The fee goes up to 17 USD 25.", [("17 USD 25", 17.25)]),
        ("It needs 15 USD 50 more.", [("15 USD 50", 15.5)]),
        # otherwise the sign leads the next amount
        ("In 2005 $3bn was spent.", [("$3bn", 3e9)]),
        ("They sold 10 EUR 50 notes.", [("EUR 50", 50.0)]),
        ("The 1 $10 bill", [("$10", 10.0)]),
        ("Sums: $ 20,000.00 $ 37,305.97", [("$ 20,000.00", 20000.0), ("$ 37,305.97", 37305.97)]),
    ],
)
def test_marker_between_two_numbers(text: str, figures: list[tuple[str, float]]) -> None:
    got = extract_money(text)
    assert [(f.text, f.value) for f in got] == [(t, pytest.approx(v)) for t, v in figures]


def test_negative_amounts_keep_a_positive_value() -> None:
    # A minus sign, like "a loss of", is direction, not amount: outside the span.
    f = _one("The fund reported -$5m for the quarter.")
    assert (f.text, f.value) == ("$5m", 5e6)
    g = _one("It made a loss of $5m.")
    assert g.value == f.value


@pytest.mark.parametrize(
    "text",
    [
        "It rose against the dollar 3 years ago.",  # a currency word before an unscaled number
        "The euro 2 summit ended.",
        "R2-D2 wore an N95 mask.",  # one-letter prefixes need a scale
        "Seoul has won 5,000 votes.",  # "won" unscaled needs a money word before it
        "He drank 2 drams of whisky.",
        "The Afghani 3 soldiers returned.",
        "It weighed 2.5 kg, about 1,5 of the bag.",
        "a third billion-dollar fund",
        "Temperatures hit 40c on Tuesday.",  # glued "c" is Celsius in news, never cents
        "A 5mm bolt",
        "The Bucks beat the Nets 110-102, with 30 Bucks fans outside.",
    ],
)
def test_unusual_forms_not_money(text: str) -> None:
    assert extract_money(text) == []


def test_unusual_forms_gold_set(corpus_root: Path) -> None:
    # tests/gold/money_unusual.jsonl: three articles written for this test
    # (tests/gold/written/nm_*.txt), annotated by hand, full of rarer forms.
    from newsledger.evaluation.money import evaluate_money

    gold = Path(__file__).resolve().parents[1] / "gold" / "money_unusual.jsonl"
    report = evaluate_money(gold, corpus_root)
    assert report.n_gold == 29
    assert report.value_currency.f1 == 1.0, report.errors
    assert report.qualifier_accuracy == 1.0
    assert report.range_accuracy == 1.0
