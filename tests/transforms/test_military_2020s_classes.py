"""Military detection for the error classes of 2020s reporting (issue 16, item 3).

Every sentence is our own writing in news style (invented facts, no corpus or gold text).
Each class has positives phrased in more than one way and a negative that shares the
surface pattern and must stay out.
"""

from __future__ import annotations

import json

import pytest
from spacy.language import Language

from tests.transforms import military_support
from transforms.military.lexicon import WEAPONS_PATH, _currency_unit, _lexicon, _merged

_figures = military_support.figures
_summary = military_support.summary
_find = military_support.find


def _texts(nlp: Language, text: str) -> list[str]:
    return [f.text for f in _figures(nlp, text)]


# ------------------------------------------------------------------ the data file


def test_weapons_data_file_is_merged_into_the_lexicon() -> None:
    weapons = json.loads(WEAPONS_PATH.read_text(encoding="utf-8"))
    lex = _lexicon()
    assert weapons["equipment_nouns"]["radar"] == lex.equipment["radar"] == "radar"
    assert "chunmoo" in lex.model_names and "himars" in lex.model_names  # both files
    assert "block" in lex.designation_words


def test_merge_extends_lists_updates_tables_and_rejects_other_values() -> None:
    merged = _merged({"a": ["x"], "t": {"k": 1}}, {"a": ["y"], "t": {"j": 2, "_doc": "?"}})
    assert merged == {"a": ["x", "y"], "t": {"k": 1, "j": 2}}
    with pytest.raises(ValueError, match="neither a list nor a table"):
        _merged({"n": 1}, {"n": 2})


def test_currency_names() -> None:
    lex = _lexicon()
    names = [_currency_unit(c, lex) for c in ("USD", "GBP", "INR", "JPY", "KRW", "ILS", None)]
    assert names == ["dollar", "pound", "rupee", "yen", "won", "shekel", "money"]


# ------------------------------------------------ equipment by type or designation

TYPE_CASES = [
    ("The army said Russian strikes destroyed 20 radars and 12 engines at the base.",
     "20 radars", 20, "radar"),
    ("Russian troops fired 40 projectiles at the town overnight.", "40 projectiles", 40,
     "projectile"),
    ("Air defence units shot down 15 means of air attack overnight.", "15 means", 15,
     "means of air attack"),
    ("Overnight Russia launched 90 Shahed-136s at the capital.", "90 Shahed-136s", 90, "drone"),
    ("Seoul will ship 48 Chunmoo launchers to Warsaw.", "48 Chunmoo launchers", 48,
     "rocket launcher"),
    ("Poland ordered 300 units of the Chunmoo rocket artillery system.",
     "300 units of the Chunmoo", 300, "rocket launcher"),
    ("The firm will deliver 150 units of the K9 self-propelled howitzer by 2026.",
     "150 units of the K9 self-propelled howitzer", 150, "howitzer"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "span", "value", "unit"), TYPE_CASES)
def test_kit_counted_by_type_or_model(
    nlp: Language, text: str, span: str, value: float, unit: str
) -> None:
    fig = _find(_figures(nlp, text), span)
    assert (fig.value, fig.unit, fig.category) == (value, unit, "equipment")


DESIGNATION_CASES = [
    ("Ukraine received 200 M113s from its allies.", "200 M113s", "vehicle"),
    ("Russia deployed 20 TOS-1A systems to the front.", "20 TOS-1A", "rocket launcher"),
    ("Moscow received 50 KN-23 missiles from Pyongyang.", "50 KN-23 missiles", "missile"),
    ("Russia launched 30 Geran-2s at the port.", "30 Geran-2s", "drone"),
]


@pytest.mark.parametrize(("text", "span", "unit"), DESIGNATION_CASES)
def test_designations_of_2020s_reporting(nlp: Language, text: str, span: str, unit: str) -> None:
    fig = _find(_figures(nlp, text), span)
    assert (fig.unit, fig.category) == (unit, "equipment")


def test_common_words_are_no_models(nlp: Language) -> None:
    assert _figures(nlp, "Archers from 30 clubs and 300 grads took part.") == []
    assert _figures(nlp, "The A-10 road was closed after 12 cars crashed.") == []


def test_generic_types_need_a_military_context(nlp: Language) -> None:
    assert _figures(nlp, "The plant built 12 engines for the new trains last year.") == []
    assert _figures(nlp, "Protesters threw 40 projectiles at the police line.") == []
    assert _figures(nlp, "He found 15 means of getting home.") == []


def test_a_number_inside_a_model_name_is_no_count(nlp: Language) -> None:
    assert _figures(nlp, "Germany will send another batch of Leopard 1 tanks to Ukraine.") == []
    assert _figures(nlp, "Washington approved the sale of F-16 Block 70 aircraft.") == []
    assert _figures(nlp, "The navy is building Type 26 frigates on the Clyde.") == []
    # the count before the model name still counts
    fig = _find(_figures(nlp, "Britain sent 14 Challenger 2 tanks."), "14 Challenger 2 tanks")
    assert (fig.value, fig.unit) == (14, "tank")


MODIFIER_CASES = [
    ("The army massed a 300-tank force on the border.", "300-tank", 300, "tank", "equipment"),
    ("Russia hit the city with a 40-drone attack at dawn.", "40-drone", 40, "drone",
     "equipment"),
    ("A 500-soldier contingent will guard the port.", "500-soldier", 500, "soldier",
     "personnel"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "span", "value", "unit", "category"), MODIFIER_CASES)
def test_a_count_inside_a_compound_modifier(
    nlp: Language, text: str, span: str, value: float, unit: str, category: str
) -> None:
    fig = _find(_figures(nlp, text), span)
    assert (fig.value, fig.unit, fig.category) == (value, unit, category)


def test_a_modifier_count_of_something_else_is_no_figure(nlp: Language) -> None:
    assert _figures(nlp, "The town held a 300-car parade on Sunday.") == []
    assert _figures(nlp, "She won a 10-kilometre race.") == []


def test_n_out_of_m_counts_the_same_kit(nlp: Language) -> None:
    figures = _figures(nlp, "Air defences destroyed 28 out of 31 Russian drones overnight.")
    assert [(f.text, f.value, f.unit) for f in figures] == [
        ("28", 28, "drone"),
        ("31 Russian drones", 31, "drone"),
    ]


def test_n_of_m_kit_counts_both(nlp: Language) -> None:
    text = "The air force said it downed 45 of 50 drones overnight."
    assert [(f.text, f.unit) for f in _figures(nlp, text)] == [
        ("45", "drone"),
        ("50 drones", "drone"),
    ]
    # people: the count is the inner number only ("one of four Britons")
    assert _figures(nlp, "One of four Britons held in the camp was freed.") == []


def test_a_subset_of_counted_kit_has_its_unit(nlp: Language) -> None:
    text = "The defence ministry detected 35 aircraft, including 20 that crossed the median line."
    fig = _find(_figures(nlp, text), "20")
    assert (fig.unit, fig.category) == ("aircraft", "equipment")
    text = "Russia has 4,000 warheads; this includes about 1,000 that await dismantling."
    fig = _find(_figures(nlp, text), "1,000")
    assert (fig.value, fig.qualifier, fig.unit) == (1000, "approx", "warhead")


def test_a_subset_of_something_else_is_no_figure(nlp: Language) -> None:
    assert _figures(nlp, "The club has 400 members, including 20 who joined this year.") == []


def test_an_elided_noun_after_a_transfer_verb(nlp: Language) -> None:
    text = "Several allies promised F-16 jets to Ukraine, with Norway pledging six."
    fig = _find(_figures(nlp, text), "six")
    assert (fig.value, fig.unit, fig.category) == (6, "jet", "equipment")
    text = "Poland has ordered K2 tanks from Seoul and the Czech army will buy 40."
    fig = _find(_figures(nlp, text), "40")
    assert (fig.unit, fig.category) == ("tank", "equipment")


def test_an_elided_number_with_no_kit_before_it(nlp: Language) -> None:
    assert _figures(nlp, "Shoppers wanted new phones and the store could only supply six.") == []


def test_kit_measured_before_the_number(nlp: Language) -> None:
    text = "The number of K2 tanks delivered so far stands at 180 units."
    fig = _find(_figures(nlp, text), "180 units")
    assert (fig.value, fig.unit, fig.category) == (180, "tank", "equipment")


# ------------------------------------------------------------- casualty tallies


def test_killed_n_and_wounded_m_in_a_statement(nlp: Language) -> None:
    figures = _figures(nlp, "The army said its forces killed 12 and wounded 30 in the ambush.")
    assert [(f.text, f.category) for f in figures] == [("12", "killed"), ("30", "wounded")]
    figures = _figures(nlp, "Israeli strikes killed 40 people and wounded 120, the ministry said.")
    assert [(f.text, f.category) for f in figures] == [
        ("40 people", "killed"),
        ("120", "wounded"),
    ]


def test_tolls_of_the_dead_and_the_wounded(nlp: Language) -> None:
    text = (
        "The health ministry said the death toll has risen to 30,000 and injuries to "
        "70,000 since the war began."
    )
    figures = _figures(nlp, text)
    assert [(f.text, f.category) for f in figures] == [("30,000", "killed"), ("70,000", "wounded")]


def test_tolls_put_at_and_counts_of_the_injured(nlp: Language) -> None:
    fig = _find(_figures(nlp, "Officials put the death toll at 45 after the missile strike."), "45")
    assert (fig.value, fig.category) == (45, "killed")
    fig = _find(_figures(nlp, "The number of injured in the shelling climbed to 90."), "90")
    assert (fig.value, fig.category) == (90, "wounded")
    assert _figures(nlp, "Officials put the death toll at 45 after the floods.") == []


def test_a_crime_attack_is_no_conflict(nlp: Language) -> None:
    assert _figures(nlp, "Two people were killed in a knife attack in Hamburg on Friday.") == []
    figures = _figures(nlp, "Two soldiers were killed in a rocket attack on the base.")
    assert [(f.text, f.category) for f in figures] == [("Two soldiers", "killed")]


def test_responders_are_no_forces(nlp: Language) -> None:
    text = "More than 9,000 search and rescue personnel are working in the quake zone."
    assert _figures(nlp, text) == []
    text = "Recovery efforts are ongoing after the floods, involving over 800 personnel."
    assert _figures(nlp, text) == []
    text = "Britain will send 120 Gurkhas to help the relief effort after the floods."
    assert _texts(nlp, text) == ["120 Gurkhas"]


# ------------------------------------------------------------- spending in any currency


SPENDING_CASES = [
    ("Japan approved a record 8.7 trillion yen defence budget.", "8.7 trillion yen", "yen",
     "JPY"),
    ("The defence ministry cleared a Rs 36,000 crore deal for six submarines.",
     "Rs 36,000 crore", "rupee", "INR"),
    ("India will sign two submarine deals worth over Rs one lakh crore next year.",
     "Rs one lakh crore", "rupee", "INR"),
    ("Seoul signed a 3 trillion won contract to ship 100 K9 howitzers.", "3 trillion won",
     "won", "KRW"),
    ("Israel added a nine billion shekel package for reserve soldiers.",
     "nine billion shekel", "shekel", "ILS"),
    ("Britain will spend £2.5bn on military aid to Ukraine this year.", "£2.5bn", "pound",
     "GBP"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "span", "unit", "currency"), SPENDING_CASES)
def test_defence_money_in_any_currency_is_spending_in_that_currency(
    nlp: Language, text: str, span: str, unit: str, currency: str
) -> None:
    fig = _find(_figures(nlp, text), span)
    assert (fig.category, fig.unit, fig.currency) == ("spending", unit, currency)


def test_an_amount_and_its_conversion_are_both_spending(nlp: Language) -> None:
    text = (
        "The firm said it signed a $2.6 billion contract (3.45 trillion won) to ship 152 "
        "K9 self-propelled howitzers to Poland."
    )
    spending = [(f.text, f.unit) for f in _figures(nlp, text) if f.category == "spending"]
    assert spending == [("$2.6 billion", "dollar"), ("3.45 trillion won", "won")]


def test_civilian_money_in_rupees_is_not_spending(nlp: Language) -> None:
    text = "The state cleared a Rs 5,000 crore deal for new metro trains."
    assert _figures(nlp, text) == []


def test_the_deal_after_an_arms_sentence_is_spending(nlp: Language) -> None:
    text = (
        "The firm agreed to export 212 K9 howitzers to Poland in August. "
        "The deal was valued at some $2.4 billion."
    )
    fig = _find(_figures(nlp, text), "$2.4 billion")
    assert (fig.category, fig.unit) == ("spending", "dollar")
    text = "The firm sold 300 buses to the city. The deal was valued at $200 million."
    assert _figures(nlp, text) == []


def test_an_elided_subject_counts_the_kit_before(nlp: Language) -> None:
    text = "The navy has ordered Scorpene submarines from France. Six are currently operational."
    fig = _find(_figures(nlp, text), "Six")
    assert (fig.value, fig.unit, fig.category) == (6, "submarine", "equipment")
    text = "The army bought new radios from France. Six are currently broken."
    assert _figures(nlp, text) == []


def test_merchant_ships_and_cruise_missiles(nlp: Language) -> None:
    text = "The Houthis fired three missiles at two merchant vessels in the Red Sea."
    assert _texts(nlp, text) == ["three missiles"]
    text = "The air force said it shot down 52 drones and six cruise missiles overnight."
    assert _texts(nlp, text) == ["52 drones", "six cruise missiles"]


def test_the_price_of_an_arms_sale_far_from_the_arms_word(nlp: Language) -> None:
    text = (
        "Officials said the planned sale of F-16 Block 70 jets and related parts to the "
        "island would be sold for an estimated total cost of $3.1 billion."
    )
    fig = _find(_figures(nlp, text), "$3.1 billion")
    assert (fig.category, fig.unit) == ("spending", "dollar")
    text = (
        "The company sold its old office buildings and related equipment in the city for "
        "an estimated $40 million."
    )
    assert _figures(nlp, text) == []


def test_compound_kit_units(nlp: Language) -> None:
    text = "Russia has 5,000 nuclear warheads; this includes about 1,500 that are retired."
    assert [(f.text, f.unit) for f in _figures(nlp, text)] == [
        ("5,000 nuclear warheads", "nuclear warhead"),
        ("1,500", "nuclear warhead"),
    ]


def test_kit_fired_at_a_target_or_brought_down(nlp: Language) -> None:
    assert _texts(nlp, "Russia fired 1,000+ drones at Ukraine last week.") == ["1,000+ drones"]
    assert _texts(nlp, "Russia fired 40 projectiles at Kharkiv.") == ["40 projectiles"]
    assert _figures(nlp, "The company launched 3 drones for a light show over the bay.") == []
    assert _figures(nlp, "Protesters threw 40 projectiles at police.") == []


def test_units_of_military_equipment_and_among_them(nlp: Language) -> None:
    text = "Ukrainian forces repelled 150 attacks and destroyed 30 units of military equipment."
    fig = _find(_figures(nlp, text), "30 units of military equipment")
    assert (fig.unit, fig.category) == ("equipment", "equipment")
    assert _figures(nlp, "The firm shipped 40 units of medical equipment to the hospital.") == []
    figures = _figures(nlp, "The air strike killed 12, among them three children.")
    assert [(f.text, f.category) for f in figures] == [
        ("12", "killed"),
        ("three children", "killed"),
    ]
