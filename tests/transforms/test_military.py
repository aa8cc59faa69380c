"""Military figures and mentions: counted noun, category, casualty rules, actor, spending.

Sentences below are our own writing (no article text), except the seed article,
which is read from the shared corpus by path.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from transforms.military import (
    LEXICON_PATH,
    PHRASES_PATH,
    _matchers,
    extract_military,
    extract_military_mentions,
)
from transforms.money import extract_money
from transforms.records import MilitaryFigure


def _figures(nlp: Language, text: str, **kwargs: object) -> list[MilitaryFigure]:
    return extract_military(nlp(text), money=extract_money(text), **kwargs)  # type: ignore[arg-type]


def _summary(figures: list[MilitaryFigure]) -> list[tuple[float, str, str, str | None]]:
    return [(f.value, f.category, f.unit, f.actor_iso3 or f.actor_name) for f in figures]


# ------------------------------------------------------------------ seed article


def test_seed_article_missiles_not_leaders(nlp: Language, seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    figures = extract_military(nlp(text), article_id="seed", money=extract_money(text))
    by_text = {f.text: f for f in figures}
    missiles = by_text["5,000 missiles"]
    assert (missiles.value, missiles.unit, missiles.category) == (5000, "missile", "equipment")
    assert text[missiles.start_char : missiles.end_char] == "5,000 missiles"
    assert missiles.article_id == "seed"
    assert not any("leaders" in f.text for f in figures)
    assert not any(f.text in ("2022", "two countries") for f in figures)


def test_seed_finance_deal_for_missiles_is_spending(nlp: Language, seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    figures = extract_military(nlp(text), money=extract_money(text))
    spending = [f for f in figures if f.category == "spending"]
    assert [(f.text, f.value, f.currency, f.unit) for f in spending] == [
        ("£1.6bn", 1.6e9, "GBP", "pound")
    ]
    assert spending[0].actor_iso3 == "UKR"  # the money equips Ukraine's forces


def test_seed_mentions_boots_and_planes(nlp: Language, seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    mentions = extract_military_mentions(nlp(text), article_id="seed")
    texts = {m.text: m for m in mentions}
    assert texts["boots on the ground"].kind == "ground_troops"
    assert texts["planes in the air"].kind == "air_power"
    boots = texts["boots on the ground"]
    assert text[boots.start_char : boots.end_char] == "boots on the ground"
    assert boots.actor_iso3 == "GBR"  # "The UK is prepared to back this with boots ..."


# ------------------------------------------------------------------ counts and categories


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Pentagon put 8,500 U.S. troops on alert.", [(8500, "personnel", "troop", "USA")]),
        (
            "Kyiv said Moscow loses 150 troops and 21 tanks every day.",
            [(150, "killed", "troop", "RUS"), (21, "equipment", "tank", "RUS")],
        ),
        ("Nato deployed 300 troops to the border.", [(300, "personnel", "troop", "NATO")]),
        (
            "Ukrainian soldiers captured 200 Russian soldiers near the river.",
            [(200, "captured", "soldier", "RUS")],
        ),
        (
            "The army says it now holds 1,000 prisoners of war.",
            [(1000, "captured", "prisoner of war", None)],
        ),
        (
            "An artillery strike on the market killed 12 civilians and wounded 30 others.",
            [(12, "killed", "civilian", None), (30, "wounded", "person", None)],
        ),
        ("Shelling hit the town overnight, killing 40 people.", [(40, "killed", "person", None)]),
        ("The death toll from the air strike rose to 300.", [(300, "killed", "person", None)]),
        ("After the rebel attack, 5 soldiers were injured.", [(5, "wounded", "soldier", None)]),
        (
            "Germany will send tens of thousands of troops east.",
            [(10000, "personnel", "troop", "DEU")],
        ),
        (
            "Britain has bought two tanks and a dozen drones.",
            [(2, "equipment", "tank", "GBR"), (12, "equipment", "drone", "GBR")],
        ),
    ],
)
def test_counts_categories_units_actors(
    nlp: Language, text: str, expected: list[tuple[float, str, str, str | None]]
) -> None:
    assert _summary(_figures(nlp, text)) == expected


def test_equipment_sent_belongs_to_recipient_troops_to_sender(nlp: Language) -> None:
    figures = _figures(nlp, "Poland sends 40 soldiers and 2,000 rifles to Ukraine.")
    assert _summary(figures) == [
        (40, "personnel", "soldier", "POL"),
        (2000, "equipment", "rifle", "UKR"),
    ]


def test_vague_quantity_keeps_qualifier(nlp: Language) -> None:
    (fig,) = _figures(nlp, "Hundreds of Russian soldiers were killed in the battle.")
    assert (fig.value, fig.qualifier, fig.category, fig.actor_iso3) == (
        100,
        "over",
        "killed",
        "RUS",
    )


def test_bare_count_after_noun_shares_its_actor(nlp: Language) -> None:
    figures = _figures(nlp, "In the offensive 20 Armenians were killed and 7 captured.")
    assert _summary(figures) == [(20, "killed", "person", "ARM"), (7, "captured", "person", "ARM")]


# ------------------------------------------------------------------ negatives


@pytest.mark.parametrize(
    "text",
    [
        "A summit of 19 leaders met in London to discuss the war.",
        "The company launched 3 rockets into orbit with 40 satellites.",
        "50 senators voted against the war funding bill.",
        "The war has driven 2 million refugees from their homes.",
        "The 3rd Infantry Division returned in 2022 after 18 months.",
        "The 45-year-old soldier said 40% of the brigade was ready.",
        "A bus crash killed 45 people on the motorway.",
        "Two soldiers died when their helicopter crashed in training.",
        "The earthquake killed 1,000 people in the mountains.",
        "A gunman killed 3 people in a robbery at a petrol station.",
        "Floods left thousands of farm animals dead.",
        "Two people were killed and 5 wounded in a shooting outside a bar, police said.",
        "The country's covid death toll rose to 20,000 this week.",
        "One fan died of a heart attack after the final.",
        "The airline will order 30 passenger jets and lease 12 more aircraft.",
        "Every rioter's defense could cost $150,000, the lawyer said.",
        "A bank donated $3m to victims of the former military regime.",
        "Hackers launched attacks on 80 separate targets last week.",
    ],
)
def test_non_military_numbers_are_not_figures(nlp: Language, text: str) -> None:
    assert _figures(nlp, text) == []


def test_space_rockets_are_not_weapons_but_war_rockets_are(nlp: Language) -> None:
    assert _figures(nlp, "NASA sent 2 rockets to orbit this month.") == []
    (fig,) = _figures(nlp, "Militants fired 20 rockets at the army base.")
    assert (fig.value, fig.unit, fig.category) == (20, "rocket", "equipment")


# ------------------------------------------------------------------ spending


def test_defence_money_is_spending_other_money_is_not(nlp: Language) -> None:
    text = "Washington approved $40bn in military aid for Ukraine, and $2bn for schools."
    figures = _figures(nlp, text)
    # spending: the donor pays (actor), the recipient is the counterpart (guidelines "Roles")
    assert [
        (f.text, f.value, f.category, f.unit, f.currency, f.actor_iso3, f.counterpart_iso3)
        for f in figures
    ] == [("$40bn", 40e9, "spending", "dollar", "USD", "USA", "UKR")]


def test_losses_in_money_are_not_spending(nlp: Language) -> None:
    assert _figures(nlp, "The army's equipment losses have reached $3bn, officials said.") == []


# ------------------------------------------------------------------ offsets, mentions, cache


def test_offset_shifts_every_offset(nlp: Language) -> None:
    text = "The navy sent 6 warships."
    (plain,) = _figures(nlp, text)
    (shifted,) = extract_military(nlp(text), article_id="a1", offset=1000)
    assert (shifted.start_char, shifted.end_char) == (
        plain.start_char + 1000,
        plain.end_char + 1000,
    )
    assert shifted.text == plain.text == "6 warships"


def test_money_offsets_are_article_coordinates(nlp: Language) -> None:
    prefix = "X" * 50 + "\n\n"
    body = "Japan adds $6bn to its defence budget."
    money = extract_money(prefix + body)
    figures = extract_military(nlp(body), money=money, offset=len(prefix))
    (fig,) = figures
    assert (prefix + body)[fig.start_char : fig.end_char] == "$6bn"
    assert (fig.category, fig.unit, fig.actor_iso3) == ("spending", "dollar", "JPN")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("They ruled out a no-fly zone over the city.", "no_fly_zone"),
        ("The allies discussed a peacekeeping force for the region.", "peacekeeping"),
        ("A naval blockade of the port began on Monday.", "naval_forces"),
        ("Officials refused to put troops on the ground.", "ground_troops"),
    ],
)
def test_mentions_without_numbers(nlp: Language, text: str, kind: str) -> None:
    mentions = extract_military_mentions(nlp(text), offset=7)
    assert [m.kind for m in mentions] == [kind]
    m = mentions[0]
    assert text[m.start_char - 7 : m.end_char - 7] == m.text


def test_matchers_are_built_once_per_vocab(nlp: Language) -> None:
    assert _matchers(nlp.vocab) is _matchers(nlp.vocab)


def test_word_lists_are_data_files() -> None:
    lexicon = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    phrases = json.loads(PHRASES_PATH.read_text(encoding="utf-8"))
    assert "missile" in lexicon["equipment_nouns"]
    assert "troop" in lexicon["personnel_nouns"]
    assert "boots on the ground" in phrases["phrases"]["ground_troops"]


def test_ukraine_headlines_yield_figures(nlp: Language, corpus_root: Path) -> None:
    """Smoke test on real headlines: the war category is full of figures, and every
    figure's offsets point at its own text."""
    titles: list[str] = []
    with (corpus_root / "headlines" / "headlines.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["category"] == "ukraine":
                titles.append(rec["title"])
    found = 0
    for doc, title in zip(nlp.pipe(titles[:150]), titles[:150], strict=True):
        for f in extract_military(doc, money=extract_money(title)):
            assert title[f.start_char : f.end_char] == f.text
            assert f.category in (
                "personnel",
                "equipment",
                "killed",
                "wounded",
                "captured",
                "spending",
            )
            found += 1
    assert found >= 10


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("Militants executed scores of captured soldiers in the desert.", 20, "over"),
        ("Paratroopers killed half a hundred enemy soldiers in the battle.", 50, "approx"),
    ],
)
def test_vague_forms_the_shared_grammar_lacks(
    nlp: Language, text: str, value: float, qualifier: str
) -> None:
    (fig,) = _figures(nlp, text)
    assert (fig.value, fig.qualifier, fig.category, fig.unit) == (
        value,
        qualifier,
        "killed",
        "soldier",
    )
