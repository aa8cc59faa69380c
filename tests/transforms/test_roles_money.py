"""Payer and payee of money figures from the dependency parse (transforms.roles),
on sentences written for these tests. Roles are NULL where the sentence does not
say who pays or receives, never guessed from the parties merely present."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.transforms import money_roles_support

_money = money_roles_support.money
_roles = money_roles_support.roles


@pytest.mark.parametrize(
    ("text", "payer", "payee"),
    [
        # pay: the subject pays, the indirect object receives
        ("Amazon agreed to pay California $500,000 to settle the case.", "Amazon", "California"),
        # give (aid): the donor pays, the recipient receives; a dative recipient
        ("Japan gives the Philippines $400m for patrol boats.", "Japan", "Philippines"),
        # a nominal act: "aid for Ukraine" under the verb that announces it
        ("The US announced $400m in military aid for Ukraine.", "United States", "Ukraine"),
        # takeover: the buyer pays, the company bought receives
        ("Microsoft bought Activision Blizzard for $68.7bn.", "Microsoft", "Activision Blizzard"),
        # receive: the subject receives, the "from" object pays
        ("Kenya received $200m from the World Bank.", "World Bank", "Kenya"),
        # a gift received: the giver of the loan pays, not the one who receives it
        ("Pakistan received a $3bn loan from Saudi Arabia.", "Saudi Arabia", "Pakistan"),
        ("Ukraine got a $400m aid package from the United States.", "United States", "Ukraine"),
    ],
)
def test_verb_classes(nlp: Language, text: str, payer: str, payee: str) -> None:
    assert _roles(nlp, text) == (payer, payee)


@pytest.mark.parametrize(
    "text",
    [
        "Japan's parliament ratified a 112.57 trillion yen budget for 2024.",
        "The Japanese finance ministry released a 112.57 trillion yen budget proposal.",
    ],
)
def test_a_budget_is_paid_by_the_state_that_adopts_it(nlp: Language, text: str) -> None:
    assert _roles(nlp, text) == ("Japan", None)


def test_fine_passive_agent_receives(nlp: Language) -> None:
    payer, payee = _roles(nlp, "Google was fined $5bn by the European Commission.")
    assert (payer, payee) == ("Google", "European Commission")


def test_headline_fine_names_the_one_who_pays(nlp: Language) -> None:
    assert _roles(nlp, "Apple Fined $11 Million for Misleading Customers") == ("Apple", None)


def test_capital_stands_for_its_government(nlp: Language) -> None:
    payer, payee = _roles(nlp, "Washington will give Kyiv $300m in security assistance.")
    assert (payer, payee) == ("United States", "Ukraine")


@pytest.mark.parametrize(
    "text",
    [
        # revenue, prices and costs are no payments
        "Microsoft reported revenue of $52bn in the quarter.",
        # an order book is a total of orders, not a payment
        "Rheinmetall has racked up a record order book worth more than $41bn.",
        "The EU lowered the oil price cap from $60 to $45.",
        # parties present in the sentence but not paying or receiving
        "Analysts in London said the deal could be worth $3bn.",
        # a private person a place modifies is no state
        "A Nevada man who voted twice was fined $2,000.",
    ],
)
def test_no_roles_where_the_sentence_does_not_say(nlp: Language, text: str) -> None:
    for m in _money(nlp, text):
        assert (m.payer_name, m.payee_name) == (None, None), m.text


def test_contract_to_ship_is_paid_by_the_recipient(nlp: Language) -> None:
    text = "Hanwha Aerospace signed a $2.6bn contract to ship 152 howitzers to Poland."
    assert _roles(nlp, text) == ("Poland", "Hanwha Aerospace")


def test_a_deal_with_no_purpose_names_no_payer(nlp: Language) -> None:
    assert _roles(nlp, "Poland signed a $650m contract with Ukraine.") == (None, None)


def test_package_funnelled_by_a_relative_clause(nlp: Language) -> None:
    text = (
        "The Senate approved the package, which will funnel $60 billion to support "
        "Ukraine and $17 billion for Israel."
    )
    found = {m.text: (m.payer_name, m.payee_name) for m in _money(nlp, text)}
    assert found == {
        "$60 billion": ("United States", "Ukraine"),
        "$17 billion": ("United States", "Israel"),
    }


def test_money_payee_from_a_purpose_clause(nlp: Language) -> None:
    """ "will include £92 million ... to bolster Ukraine's navy": the purpose clause's
    object is the recipient."""
    text = (
        "Britain announced a new aid package. The package will include £92 million "
        "for equipment to bolster Ukraine's navy."
    )
    payees = [m.payee_name for m in _money(nlp, text) if m.text == "£92 million"]
    assert payees == ["Ukraine"]


@pytest.mark.parametrize(
    ("text", "payer", "payee"),
    [
        # a state's contract with a firm: the state is the customer
        (
            "Poland signed a $4 billion contract with Hanwha Aerospace.",
            "Poland",
            "Hanwha Aerospace",
        ),
        ("The largest order was a £1.9bn contract with the Bundeswehr.", "Germany", None),
        # two states: either may be the buyer
        ("Poland signs $650M contract with Ukraine.", None, None),
    ],
)
def test_a_deal_between_a_state_and_a_firm_is_paid_by_the_state(
    nlp: Language, text: str, payer: str | None, payee: str | None
) -> None:
    assert _roles(nlp, text) == (payer, payee)


def test_worth_parsed_as_a_clause_values_the_act_before_it(nlp: Language) -> None:
    text = (
        "The State Department made a determination for the possible sale of F-35 fighter"
        " jets and associated equipment worth $8.6 bln to Greece, the Agency noted."
    )
    assert _roles(nlp, text)[0] == "Greece"


@pytest.mark.parametrize(
    ("text", "payer", "payee"),
    [
        # the recipient welcoming aid does not give it: the aid's "from" object does
        ("Ukraine welcomed the $300 million in military aid from Canada.", "Canada", None),
        # a passive promise: the "by" agent gives
        ("Ukraine has been promised $1 billion in weapons by Germany.", "Germany", "Ukraine"),
    ],
)
def test_the_giver_of_aid_is_never_its_recipient(
    nlp: Language, text: str, payer: str | None, payee: str | None
) -> None:
    assert _roles(nlp, text) == (payer, payee)


@pytest.mark.parametrize(
    ("text", "payer", "payee"),
    [
        # a contract awarded: the awarding state pays the one awarded
        (
            "The Pentagon awarded Lockheed Martin a $1.2 billion contract for F-35 jets.",
            "United States",
            "Lockheed Martin",
        ),
        (
            "Boeing was awarded a $2.3 billion contract by the US Air Force.",
            "United States",
            "Boeing",
        ),
        # invest: the firm invested in is paid; a place invested in is not
        ("Tesla will invest $5 billion in Mexico.", "Tesla", None),
        # ordered to pay: the passive's subject pays
        ("Meta was ordered to pay $1.3 billion by the Irish regulator.", "Meta", None),
    ],
)
def test_awards_investments_and_orders_to_pay(
    nlp: Language, text: str, payer: str | None, payee: str | None
) -> None:
    assert _roles(nlp, text) == (payer, payee)


def test_a_byline_merged_into_the_headline_is_no_party(nlp: Language) -> None:
    text = "The Korea Herald\n\nHanwha inks $2.6b deal to ship more K9 howitzers to Poland"
    assert _roles(nlp, text)[1] != "Korea Herald"


@pytest.mark.parametrize(
    ("text", "payer", "payee"),
    [
        # a sale approved: the buyer pays the seller, not the approver
        (
            "The US approved the sale of 32 F-35 jets to Poland for $4.6 billion.",
            "Poland",
            "United States",
        ),
        # a transfer under a deal: the receiver pays the partner
        (
            "Poland will receive 96 Apache helicopters under a $12 billion deal with the US.",
            "Poland",
            "United States",
        ),
    ],
)
def test_prices_of_sales_and_deals(
    nlp: Language, text: str, payer: str | None, payee: str | None
) -> None:
    assert _roles(nlp, text) == (payer, payee)


@pytest.mark.parametrize(
    ("text", "payer", "payee"),
    [
        # a headline verb read as a noun: the name before it gives
        ("UK pledges £2.5bn military aid to Ukraine", "United Kingdom", "Ukraine"),
        # hit with a fine: the one hit pays, the fine's modifier receives
        ("Apple hit with $2 billion EU fine over music streaming", "Apple", "EU"),
    ],
)
def test_headline_gifts_and_fines(
    nlp: Language, text: str, payer: str | None, payee: str | None
) -> None:
    assert _roles(nlp, text) == (payer, payee)


@pytest.mark.parametrize(
    ("text", "payer", "payee"),
    [
        # a company's place or nationality outside its name is not the party
        ("Taiwan's GlobalWafers will invest $5bn in a new plant.", "GlobalWafers", None),
        # a state organ's name holds its side: the state pays
        ("The Polish Armament Agency signed a $2bn contract with Hanwha Aerospace.", "Poland",
         "Hanwha Aerospace"),
    ],
)  # fmt: skip
def test_a_company_is_not_the_place_it_is_from(
    nlp: Language, text: str, payer: str | None, payee: str | None
) -> None:
    assert _roles(nlp, text) == (payer, payee)


def test_a_bid_names_its_bidder_as_payer(nlp: Language) -> None:
    # "X's offer values the club at": the bidder pays; the club is not named
    assert _roles(nlp, "Mr Glazer's offer values the club at £800m.") == ("Glazer", None)
    # an offer received: the company bid for is paid, the bidder pays
    text = "Circuit City Stores has received a $3.25bn takeover offer."
    assert _roles(nlp, text) == (None, "Circuit City Stores")


def test_a_sale_for_a_price_names_no_buyer(nlp: Language) -> None:
    # "for" in a sale is what is given in exchange, "to" the buyer
    assert _roles(nlp, "Germany sold tanks to Poland for $2bn.") == ("Poland", "Germany")
    assert _roles(nlp, "A man from New York sells his $2 million apartment for Bitcoins.") == (
        None,
        None,
    )


def test_a_contract_secured_in_a_prepositional_clause(nlp: Language) -> None:
    text = (
        "Hanwha Defense has confirmed the delivery of 24 howitzers to Poland two months "
        "after securing the $2.4 billion contract."
    )
    assert _roles(nlp, text)[1] == "Hanwha Defense"


@pytest.mark.parametrize(
    ("text", "payer", "payee"),
    [
        # the giving verb's dative or passive subject receives the gift noun
        ("Germany to give Ukraine €2.7bn arms package", "Germany", "Ukraine"),
        ("Morocco was awarded a $200m grant by the EU.", "EU", "Morocco"),
        # the figure parsed as an apposition of the borrower
        ("Saudi Arabia lends Pakistan $3bn", "Saudi Arabia", "Pakistan"),
        # a penalty imposed "on" someone: that one pays, the one imposing it receives
        ("The US imposed a $1.3bn penalty on Deutsche Bank.", "Deutsche Bank", "United States"),
        # a headline's reduced passive with its "by" agent
        ("Apple fined $2bn by EU", "Apple", "EU"),
        # a contract won: the winner is paid, a name inside the contract's phrase pays
        ("Boeing wins $2.3bn Air Force contract", "Air Force", "Boeing"),
        # a headline's verb read as a noun
        ("Pentagon awards $10bn cloud contract to Microsoft", "United States", "Microsoft"),
    ],
)
def test_gifts_penalties_and_contracts_the_parse_splits(
    nlp: Language, text: str, payer: str | None, payee: str | None
) -> None:
    assert _roles(nlp, text) == (payer, payee)


def test_the_figure_is_never_its_own_party(nlp: Language) -> None:
    # "$780bn" tagged as an organisation modifying "budget" is no payer
    assert _roles(nlp, "Japan approves record $780bn budget")[0] != "780bn"


def test_a_currency_code_split_off_the_amount_is_no_party(nlp: Language) -> None:
    # the parse makes "Rs" a dative of "allocated": a code of the figure, not a payee
    text = "In the last budget, the state had allocated Rs 10 lakh crore for roads."
    assert _roles(nlp, text)[1] is None


@pytest.mark.parametrize(
    "text",
    [
        "Chile plans to issue 2 trillion pesos of special bonds this year.",
        "Chile will issue $3bn in sovereign bonds next month.",
    ],
)
def test_a_bond_issuer_borrows_the_money(nlp: Language, text: str) -> None:
    # MONEY_RULES.md: loans, the borrower receives; the bond buyers are not named
    assert _roles(nlp, text) == (None, "Chile")


@pytest.mark.parametrize(
    "text",
    [
        "The president submitted a budget estimate of $6.8 trillion to the Senate.",
        "Lula presented the 2025 budget of 5.5 trillion reais to the National Congress.",
    ],
)
def test_a_legislature_a_budget_is_put_before_is_not_paid(nlp: Language, text: str) -> None:
    assert _roles(nlp, text)[1] is None


def test_a_nationality_on_a_common_noun_is_no_party(nlp: Language) -> None:
    text = "She announced a $4 million donation to African American studies."
    assert _roles(nlp, text)[1] is None
    # a state's forces are its side
    text = "The UK will give £39 million to the Ukrainian army."
    assert _roles(nlp, text) == ("United Kingdom", "Ukraine")


@pytest.mark.parametrize(
    ("text", "payer", "payee"),
    [
        # a headline's reduced passive: the subject is awarded or granted
        ("Boeing awarded $4bn contract to build tankers", None, "Boeing"),
        ("BAE Systems awarded £1.2bn Royal Navy contract as profits rise", "Royal Navy",
         "BAE Systems"),
        ("Morocco awarded $200m grant", None, "Morocco"),
        ("Israel granted $3.8bn in military aid", None, "Israel"),
        # a full sentence keeps the active reading
        ("The Pentagon awarded a $1bn contract.", "United States", None),
        # a name holding the figure's own number is no party
        ("General Dynamics awarded $1bn Army contract", None, "General Dynamics"),
    ],
)  # fmt: skip
def test_headline_reduced_passives_of_giving_verbs(
    nlp: Language, text: str, payer: str | None, payee: str | None
) -> None:
    assert _roles(nlp, text) == (payer, payee)


@pytest.mark.parametrize(
    ("text", "payer", "payee"),
    [
        # loans taken and credit lines extended: the lender pays, the borrower receives
        ("Sri Lanka took out a $1bn loan from China.", "China", "Sri Lanka"),
        ("India extended a $1bn credit line to Sri Lanka.", "India", "Sri Lanka"),
        # "provide X with" a gift: X receives
        ("The World Bank provided Turkey with a $2bn loan.", "World Bank", "Turkey"),
        # an acquisition made "in" a deal: the company bought is paid
        ("Chevron agreed to acquire Hess in a $53bn all-stock deal.", "Chevron", "Hess"),
    ],
)
def test_loans_credit_lines_and_acquisitions_in_a_deal(
    nlp: Language, text: str, payer: str | None, payee: str | None
) -> None:
    assert _roles(nlp, text) == (payer, payee)


@pytest.mark.parametrize(
    ("text", "payer", "payee"),
    [
        # an organisation noun before a name makes it a company, whatever the tagger
        ("Johnson & Johnson has agreed to buy medical technology firm Guidant for $25.4bn.",
         "Johnson & Johnson", "Guidant"),
        ("Australian building products group James Hardie agreed to pay $1.1bn to victims.",
         "James Hardie", None),
        # an official still stands for the state
        ("US President Joe Biden announced $1bn in aid to Ukraine.", "United States", "Ukraine"),
    ],
)  # fmt: skip
def test_a_name_after_an_organisation_noun_is_a_company(
    nlp: Language, text: str, payer: str | None, payee: str | None
) -> None:
    assert _roles(nlp, text) == (payer, payee)


def test_a_sale_a_state_approves_is_paid_to_that_state(nlp: Language) -> None:
    text = (
        "The US State Department made a determination for the possible sale of F-35 "
        "jets worth $8.6 bln to Greece."
    )
    assert _roles(nlp, text) == ("Greece", "United States")
    # a state that criticises a sale is no seller
    assert _roles(nlp, "China criticised the sale of jets worth $2bn to Taiwan.") == (
        "Taiwan",
        None,
    )


def test_money_used_or_launched_is_paid_by_the_user(nlp: Language) -> None:
    assert _roles(nlp, "The EU launched a $1bn fund for Ukraine.") == ("EU", "Ukraine")
    # the value of things fired is no payment
    assert _roles(nlp, "Russia fired missiles worth $5m at Kyiv.") == (None, None)


@pytest.mark.parametrize(
    ("text", "payer", "payee"),
    [
        # a proper noun in a payment slot that no entity covers is still a party,
        # by its whole compound name
        ("Uber Pays $20M To Settle Driver Claims", "Uber", None),
        (
            "Brewery Pledges $2M Gift to Riverside Children Network",
            None,
            "Riverside Children Network",
        ),
        # a capitalised common word names no party, nor does a quoted work's title
        ("Dentist fined $5,000 for billing fraud", None, None),
        ("Actor ordered to pay $2 million to 'Night of Lies' producers", None, None),
    ],
)
def test_names_the_tagger_leaves_untagged(
    nlp: Language, text: str, payer: str | None, payee: str | None
) -> None:
    assert _roles(nlp, text) == (payer, payee)


@pytest.mark.parametrize(
    ("text", "payer", "payee"),
    [
        # a person's pronoun stands for the person named before it, never a company
        (
            "Shareholders sued Elon Musk to force him to buy the firm for $44 billion",
            "Elon Musk",
            None,
        ),
        # a takeover deal's owner is the buyer, the company it is for is bought
        (
            "Microsoft's $69bn acquisition deal for Activision was approved",
            "Microsoft",
            "Activision",
        ),
    ],
)
def test_parties_reached_through_pronouns_and_possessives(
    nlp: Language, text: str, payer: str | None, payee: str | None
) -> None:
    assert _roles(nlp, text) == (payer, payee)


def test_a_state_signing_a_deal_alone_is_its_customer(nlp: Language) -> None:
    assert _roles(nlp, "India signed a $3bn deal for 26 jets.") == ("India", None)


def test_people_named_by_a_company_are_not_the_company(nlp: Language) -> None:
    assert _roles(nlp, "A Sony fan spent $30,000 on consoles.") == (None, None)


@pytest.mark.parametrize(
    ("text", "payer", "payee"),
    [
        # a common noun with a name in apposition: the name is the party
        ("Spain agreed to bail out the airline Iberjet with €400m.", "Spain", "Iberjet"),
        # a company-kind noun's name, not the place that owns the company
        ("Qatar's state investment fund Alwaha will invest $3bn in Uber.", "Alwaha", "Uber"),
        (
            "Dubai's ports operator Marsa Global will pay $1bn for the terminal.",
            "Marsa Global",
            None,
        ),
        # a state body's name stays its state
        ("Japan's aid agency Kizuna gave Kenya $40m for farming.", "Japan", "Kenya"),
    ],
)
def test_a_name_in_apposition_is_the_party(
    nlp: Language, text: str, payer: str | None, payee: str | None
) -> None:
    assert _roles(nlp, text) == (payer, payee)


def test_an_order_to_pay_is_no_purchase(nlp: Language) -> None:
    text = "A judge ordered the bank Northgate Capital to pay $5m to the city and $1m to charities."
    found = [(m.text, m.payer_name, m.payee_name) for m in _money(nlp, text)]
    assert found[1] == ("$1m", "Northgate Capital", None), found


@pytest.mark.parametrize(
    ("text", "payer"),
    [
        (
            "The Indian government has allocated ₹6.1 lakh crore to defence in its budget "
            "for 2025-26, Finance Minister Nirmala Sitharaman told parliament.",
            "India",
        ),
        (
            "The government has allocated 52 billion euros to the armed forces, "
            "Finance Minister Christian Lindner said.",
            "Germany",
        ),
    ],
)
def test_a_state_funding_its_own_defence_is_the_payer_with_no_payee(
    nlp: Language, text: str, payer: str
) -> None:
    # the minister reporting it names the same state as the forces paid: no payee
    assert _roles(nlp, text) == (payer, None)


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        # a bare force or institution noun names no side: not the speaker's state
        (
            "Britain will give £300m to the navy next year, Defence Secretary John Healey said.",
            ("United Kingdom", None),
        ),
        # a force noun with its own side is that side
        ("Germany gave €2bn to the Ukrainian army.", ("Germany", "Ukraine")),
    ],
)
def test_a_bare_force_noun_is_no_payee(
    nlp: Language, text: str, roles: tuple[str | None, str | None]
) -> None:
    assert _roles(nlp, text) == roles


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        # the named owner of an asset bought is paid
        (
            "Zaklady Nowak bought the Polish plant of paint maker Verfwerk Chemie for "
            "520 million zlotys.",
            ("Zaklady Nowak", "Verfwerk Chemie"),
        ),
        # an "of" phrase that is no party names no payee
        (
            "Zaklady Nowak bought the rest of the plant for 20 million zlotys.",
            ("Zaklady Nowak", None),
        ),
    ],
)
def test_the_owner_of_an_asset_bought_is_paid(
    nlp: Language, text: str, roles: tuple[str | None, str | None]
) -> None:
    assert _roles(nlp, text) == roles


@pytest.mark.parametrize(
    ("text", "span", "roles"),
    [
        # a cost phrase on goods that are given, sold or bought prices that act
        (
            "Some 500 radios at a cost of £12 million will be delivered to the Moldovan army.",
            "£12 million",
            (None, "Moldova"),
        ),
        (
            "Germany will send 20 tanks at a cost of €300m to Ukraine.",
            "€300m",
            ("Germany", "Ukraine"),
        ),
        # a cost of something built or run is no payment
        ("The bridge was built at a cost of $5bn.", "$5bn", (None, None)),
    ],
)
def test_a_cost_phrase_on_goods_moved_prices_the_act(
    nlp: Language, text: str, span: str, roles: tuple[str | None, str | None]
) -> None:
    found = [m for m in _money(nlp, text) if m.text == span]
    assert [(m.payer_name, m.payee_name) for m in found] == [roles]


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        # a lone state signer through "is likely to", "is expected to"; a time "by" is no agent
        (
            "Vietnam is expected to sign three deals worth $2bn by the end of the year.",
            ("Vietnam", None),
        ),
        (
            "Chile is likely to seal two frigate deals worth $900m by the middle of 2027.",
            ("Chile", None),
        ),
    ],
)
def test_a_lone_state_signer_above_a_raising_verb_pays(
    nlp: Language, text: str, roles: tuple[str | None, str | None]
) -> None:
    assert _roles(nlp, text) == roles
