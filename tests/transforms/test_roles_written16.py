"""Scope, roles and units of issue #16 (transforms.roles.scope, slots, attach, syntax;
transforms.military.lexicon), on sentences written for these tests: rates, stocks in
place and sizes reached have no scope; indirect objects, taken deliveries, a kit
noun's own supplier and a captive's holder; a currency word as the spending unit."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.transforms.military_support import figures, find


@pytest.mark.parametrize(
    ("text", "span", "scope"),
    [
        ("Officials say the Iranian army recruits about 9,000 soldiers a month.", "9,000 soldiers",
         None),
        ("The country's army has shrunk to about 120,000 troops.", "120,000 troops", None),
        ("Russia has about 1,200 troops deployed in Mali, diplomats said.", "1,200 troops", None),
        ("They will join 4,000 British troops already stationed in Estonia.",
         "4,000 British troops", None),
        ("Oslo has already sent Kyiv 12 F-16 jets.", "12 F-16 jets", "cumulative"),
        ("The drill, the biggest since the Cold War, will involve 40,000 troops.",
         "40,000 troops", "event"),
    ],
)  # fmt: skip
def test_scope_of_stocks_rates_and_totals(
    nlp: Language, text: str, span: str, scope: str | None
) -> None:
    assert find(figures(nlp, text), span).scope == scope


def test_an_indirect_object_hung_on_the_kit_is_the_recipient(nlp: Language) -> None:
    f = find(figures(nlp, "Oslo has already sent Kyiv 12 F-16 jets."), "12 F-16 jets")
    assert f.actor_iso3 == "UKR"


def test_the_taker_of_a_delivery_owns_the_kit(nlp: Language) -> None:
    f = find(
        figures(nlp, "Egypt took delivery of three French-built frigates."),
        "three French-built frigates",
    )
    assert f.actor_iso3 == "EGY"


def test_a_kit_nouns_own_from_is_its_supplier(nlp: Language) -> None:
    text = "The deal includes 24 F-16 jets from the United States and 50 tanks built at home."
    found = figures(nlp, text)
    assert find(found, "24 F-16 jets").counterpart_iso3 == "USA"
    assert find(found, "50 tanks").counterpart_iso3 is None


def test_the_holder_of_captives_is_the_counterpart(nlp: Language) -> None:
    text = "Niger's army said its forces had freed 12 hostages held by Boko Haram."
    f = find(figures(nlp, text), "12 hostages")
    assert f.counterpart_name == "Boko Haram"


def test_a_currency_word_names_the_spending_unit(nlp: Language) -> None:
    text = "Norway will spend 20 billion kroner on air defence for its armed forces."
    assert find(figures(nlp, text), "20 billion kroner").unit == "krone"
