"""Money roles of issue #17 item 4 (money13 classes), on sentences written for these
tests: a headline's reduced passive of "paid", and a contract secured in a
prepositional clause whose goods the main clause delivers."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.transforms import money_roles_support

_money = money_roles_support.money
_roles = money_roles_support.roles


@pytest.mark.parametrize(
    ("text", "payer", "payee"),
    [
        # a headline's "X paid $N" with no auxiliary and no full stop: X is paid
        ("Former Oregon coach Jim Harlan paid $2.1 million in 2021 despite leaving early",
         None, "Jim Harlan"),
        # a price paid "for" something keeps the active reading
        ("Apple paid $3bn for Beats", "Apple", None),
        # prose, even where a newline follows the full stop, is active
        ("Ebbtide was sold in 2022. Vista paid 420 pence a share.\n", "Vista", None),
    ],
)  # fmt: skip
def test_a_headline_paid_is_a_reduced_passive(
    nlp: Language, text: str, payer: str | None, payee: str | None
) -> None:
    assert _roles(nlp, text) == (payer, payee)


@pytest.mark.parametrize(
    ("text", "payer", "payee"),
    [
        # the main clause delivers the contract's goods: their recipient pays
        ("Nexter delivered 18 guns to Belgium a month after securing the $300m contract.",
         "Belgium", "Nexter"),
        ("Saab confirmed the shipment of 40 missiles to Latvia weeks after winning the "
         "$90m contract.", "Latvia", "Saab"),
        # a main clause that delivers nothing names no customer
        ("Rheinmetall opened a plant in Hungary after winning a $1bn contract.",
         None, "Rheinmetall"),
    ],
)  # fmt: skip
def test_a_contract_secured_before_a_delivery_is_paid_by_its_recipient(
    nlp: Language, text: str, payer: str | None, payee: str | None
) -> None:
    assert _roles(nlp, text) == (payer, payee)


@pytest.mark.parametrize(
    ("text", "payer", "payee"),
    [
        # a company named short takes the one fuller form the text uses most
        ("Hanwha inks $2.6b deal to ship more howitzers to Poland. Hanwha Aerospace said "
         "it would deliver them. Hanwha Aerospace grew.", "Poland", "Hanwha Aerospace"),
        # a short name used more often than its longer form is the parent, kept
        ("Microsoft completes $69bn acquisition of Activision. Microsoft said Microsoft "
         "Gaming will grow.", "Microsoft", "Activision"),
    ],
)  # fmt: skip
def test_a_company_is_named_by_the_fullest_form_its_text_uses(
    nlp: Language, text: str, payer: str, payee: str
) -> None:
    assert _roles(nlp, text) == (payer, payee)


@pytest.mark.parametrize(
    ("text", "payer", "payee"),
    [
        # a headline's "X to V" with X parsed as an unlabelled dependent or as the root
        ("UK to give Ukraine £2.3bn - Sunak", "United Kingdom", "Ukraine"),
        ("EU to fine Google $5bn", "Google", "EU"),
        ("UK to buy $2bn of jets from US", "United Kingdom", "United States"),
    ],
)
def test_a_headline_infinitive_takes_its_leading_name_as_agent(
    nlp: Language, text: str, payer: str | None, payee: str | None
) -> None:
    assert _roles(nlp, text) == (payer, payee)


@pytest.mark.parametrize(
    ("text", "payer", "payee"),
    [
        # "won" read as a verb: its "with" / "from" phrase is the contract's own
        ("Poland signed a 3.4 trillion won deal with Hanwha Aerospace.",
         "Poland", "Hanwha Aerospace"),
        ("Hyundai Rotem won a 4.5 trillion won contract from Poland.", "Poland", "Hyundai Rotem"),
        ("Hanwha Aerospace signed a contract worth 3.4 trillion won with Poland.",
         "Poland", "Hanwha Aerospace"),
    ],
)  # fmt: skip
def test_contracts_valued_in_won(
    nlp: Language, text: str, payer: str | None, payee: str | None
) -> None:
    assert _roles(nlp, text) == (payer, payee)


def test_a_headline_attribution_after_a_dash_is_no_party(nlp: Language) -> None:
    # the closing name after a spaced dash is the headline's source, not the lender
    text = "Kenya gets $1bn from IMF - Treasury"
    assert _roles(nlp, text) == ("International Monetary Fund", "Kenya")
    # a hyphen inside a name stays the name
    assert _roles(nlp, "Rolls-Royce pays $1bn to Airbus") == ("Rolls-Royce", "Airbus")


@pytest.mark.parametrize(
    ("text", "payer", "payee"),
    [
        # a bid raised in a relative clause hung on its bidder: the bidder pays
        ("Ardmore is fighting an offer from Swiss Xstrata, which the firm raised to A$8.4bn "
         "last week.", "Xstrata", None),
        ("Glazer made a bid for United, which he raised to £800m.", "Glazer", "United"),
        # a state organ after its nationality stays the state
        ("The Polish Armament Agency paid $2bn to Hanwha.", "Poland", "Hanwha"),
    ],
)  # fmt: skip
def test_a_bid_raised_in_a_relative_clause(
    nlp: Language, text: str, payer: str | None, payee: str | None
) -> None:
    assert _roles(nlp, text) == (payer, payee)


@pytest.mark.parametrize(
    "text",
    [
        "Rural Texas Waits…and Waits - Zenfi Networks won rights to $900 million in federal "
        "grants to lay fiber",
        "Poor Ohio Waits and Waits - Zenfi Networks won $900 million in grants",
    ],
)
def test_a_headline_kicker_before_a_dash_is_no_subject(nlp: Language, text: str) -> None:
    # the words after the spaced dash are the subject; the kicker names no party
    assert _roles(nlp, text) == (None, "Zenfi Networks")


@pytest.mark.parametrize(
    "text",
    [
        "Boeing: Pentagon awards $2bn contract",
        "Lockheed: Pentagon awards $1bn contract to the firm",
    ],
)
def test_a_colon_headline_subject_parsed_as_the_verbs_compound(nlp: Language, text: str) -> None:
    # the name before the verb awards; the kicker before the colon is no party
    assert _roles(nlp, text) == ("United States", None)
