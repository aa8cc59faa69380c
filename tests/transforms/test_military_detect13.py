"""Military detection classes of issue 16 (helper detect13): calibre-sized ammunition, a
descriptive "One key ...", a total that restates a spending figure, a conjunct the parse hangs
inside an earlier count's modifier clause; and the shared-verb conjuncts, production rates and
Indian / spoken number forms that already worked, kept as regressions.

Every sentence is our own writing in news style (invented facts, no corpus or gold text).
Each class has a positive and a negative that shares the surface pattern and must stay out.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.transforms import military_support

_figures = military_support.figures
_summary = military_support.summary
_find = military_support.find


def test_calibre_makes_shells_military_kit(nlp: Language) -> None:
    fig = _find(_figures(nlp, "Kyiv asked for 5,000 152mm shells."), "5,000 152mm shells")
    assert (fig.value, fig.unit, fig.category) == (5000.0, "shell", "equipment")


@pytest.mark.parametrize(
    "text",
    [
        "Kyiv asked for 5,000 shells.",  # no calibre, no military word: ambiguous shells
        "The factory makes 5,000 152mm pipes for the oil industry.",  # calibre of no kit
    ],
)
def test_no_calibre_or_no_kit_is_no_figure(nlp: Language, text: str) -> None:
    assert _figures(nlp, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "One key weapon has been the HIMARS launcher.",
        "One key artillery system has been the Caesar howitzer.",
    ],
)
def test_one_key_describes_rather_than_counts(nlp: Language, text: str) -> None:
    assert _figures(nlp, text) == []


def test_one_before_a_noun_still_counts(nlp: Language) -> None:
    fig = _find(_figures(nlp, "One tank was destroyed near the village."), "One tank")
    assert (fig.value, fig.category) == (1.0, "equipment")


def test_total_restating_a_defence_figure_is_spending(nlp: Language) -> None:
    found = _figures(
        nlp,
        "Five trillion won has been added to the defense budget, bringing the total to "
        "66-point-three trillion won, while 873-point-three trillion won will be spent on "
        "universities.",
    )
    assert [(f.text, f.value, f.unit, f.category) for f in found] == [
        ("Five trillion won", 5e12, "won", "spending"),
        ("66-point-three trillion won", 66.3e12, "won", "spending"),
    ]
    yen = _figures(
        nlp,
        "Over three trillion yen has been added to the defence budget, bringing the total to "
        "8.7 trillion yen.",
    )
    assert [f.text for f in yen] == ["three trillion yen", "8.7 trillion yen"]


def test_total_of_a_civil_budget_is_no_spending(nlp: Language) -> None:
    text = (
        "Three trillion yen was added to the welfare budget, bringing the total to 40 trillion yen."
    )
    assert _figures(nlp, text) == []


def test_conjunct_inside_a_modifier_clause_shares_the_casualty(nlp: Language) -> None:
    found = _figures(
        nlp,
        "Among the Ukrainians returned were 12 marines captured during the defence of "
        "Mariupol and eight National Guard soldiers.",
    )
    assert _find(found, "12 marines").category == "captured"
    assert _find(found, "eight National Guard soldiers").category == "captured"


def test_count_of_its_own_clause_keeps_its_category(nlp: Language) -> None:
    found = _figures(
        nlp,
        "Ukraine said 12 marines captured during the defence of Mariupol were freed, while "
        "eight National Guard soldiers were sent to Kharkiv.",
    )
    assert _find(found, "eight National Guard soldiers").category == "personnel"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ukrainian forces captured 12 tanks and 30 soldiers near Bakhmut.",
            [("12 tanks", "equipment"), ("30 soldiers", "captured")],
        ),
        (
            "The army said it killed 5 and captured 12 in the raid.",
            [("5", "killed"), ("12", "captured")],
        ),
    ],
)
def test_conjuncts_sharing_a_verb(
    nlp: Language, text: str, expected: list[tuple[str, str]]
) -> None:
    assert [(f.text, f.category) for f in _figures(nlp, text)] == expected


def test_production_rate_is_equipment_with_no_scope(nlp: Language) -> None:
    fig = _find(_figures(nlp, "Russia plans to produce 200 tanks a year."), "200 tanks")
    assert (fig.value, fig.unit, fig.category, fig.scope) == (200.0, "tank", "equipment", None)
    assert _figures(nlp, "The company plans to produce 200 tractors a year.") == []


def test_lakh_crore_defence_budget(nlp: Language) -> None:
    found = _figures(nlp, "India's defence budget rose to 1.2 lakh crore rupees.")
    assert [(f.value, f.unit, f.category) for f in found] == [(1.2e12, "rupee", "spending")]
    assert _figures(nlp, "India's health budget rose to 1.2 lakh crore rupees.") == []


def test_glued_compound_modifier_stays_in_the_phrase(nlp: Language) -> None:
    fig = _find(
        _figures(nlp, "The navy ordered three follow-on frigates."), "three follow-on frigates"
    )
    assert (fig.unit, fig.category) == ("frigate", "equipment")


def test_generic_noun_naming_the_kind_counted_before(nlp: Language) -> None:
    found = _figures(
        nlp, "Six submarines are operational, with three follow-on vessels slated for production."
    )
    assert _find(found, "three follow-on vessels").category == "equipment"


def test_generic_noun_of_another_kind_needs_its_own_cue(nlp: Language) -> None:
    found = _figures(
        nlp, "The Houthis fired 12 missiles at Red Sea shipping, and five vessels were damaged."
    )
    assert [f.text for f in found] == ["12 missiles"]


_AID_BEFORE = "Berlin has pledged 9bn euros in military aid to Kyiv for 2026. "


def test_further_pledge_after_military_aid_is_spending(nlp: Language) -> None:
    found = _figures(nlp, _AID_BEFORE + "The Netherlands said it would give 3.5bn euros, and more.")
    fig = _find(found, "3.5bn euros")
    assert (fig.category, fig.unit, fig.actor_iso3) == ("spending", "euro", "NLD")


@pytest.mark.parametrize(
    "text",
    [
        _AID_BEFORE + "The Netherlands said it would give 3.5bn euros for schools and hospitals.",
        "The city pledged 9bn euros in aid for farmers. The region said it would give 3.5bn euros.",
    ],
)
def test_pledge_with_a_purpose_or_after_civil_aid_is_no_spending(nlp: Language, text: str) -> None:
    assert [f.text for f in _figures(nlp, text)] in ([], ["9bn euros"])


def test_a_small_price_is_no_spending(nlp: Language) -> None:
    found = _figures(
        nlp,
        "A soldier wrote notes on artillery shells for $40 before firing them. The Pentagon "
        "will spend $1.5bn on artillery shells.",
    )
    assert [(f.text, f.category) for f in found] == [("$1.5bn", "spending")]
