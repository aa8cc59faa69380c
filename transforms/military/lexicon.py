"""Lexicon: the word lists of transforms/data/military_*.json and the category names."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transforms.roles.parties import party_data

if TYPE_CHECKING:  # pragma: no cover
    pass

DATA_DIR = Path(__file__).parent.parent / "data"
LEXICON_PATH = DATA_DIR / "military_lexicon.json"
PHRASES_PATH = DATA_DIR / "military_phrases.json"
WEAPONS_PATH = DATA_DIR / "military_weapons.json"

PERSONNEL = "personnel"
EQUIPMENT = "equipment"
KILLED = "killed"
WOUNDED = "wounded"
CAPTURED = "captured"
SPENDING = "spending"
CASUALTY_CATEGORIES = frozenset({KILLED, WOUNDED, CAPTURED})

# Noun-phrase parts allowed between a number and its counted noun.
_NP_POS = frozenset({"ADJ", "NOUN", "PROPN", "NUM", "X"})
# Auxiliaries and adverbs allowed between a noun phrase and a casualty participle:
# "5 soldiers were reportedly injured", "300 have now died".
_AUX_WORDS = frozenset(
    {
        "were", "was", "are", "is", "have", "has", "had", "been", "being", "be",
        "reportedly", "also", "now", "all", "confirmed", "believed", "feared",
        "thought", "said", "reported", "to", "later", "already", "either",
        "presumed", "left", "lay", "lie", "found", "since",
    }
)  # fmt: skip
# Words that keep a count from being a count of the noun after it.
_NON_COUNT_NEXT = frozenset({"th", "st", "nd", "rd", "%", "per", "percent", "pc", "times"})
_PLURAL_TAGS = frozenset({"NNS", "NNPS"})
_PARTITIVE_DETS = frozenset({"the", "its", "their", "his", "her", "these", "those", "our", "them"})
# Quote marks that headlines put inside a figure ("'several hundred' troops").
_QUOTES = frozenset({"'", '"', "\u2018", "\u2019", "\u201c", "\u201d", "`", "''", "``"})
# Number of strong conflict cue words from which a whole document reads as a war story.
_DOC_CONFLICT_MIN = 3


def _words(raw: dict[str, Any], key: str) -> frozenset[str]:
    """A word list of the lexicon file, lower-cased."""
    return frozenset(w.lower() for w in raw[key])


def _table(raw: dict[str, Any], key: str) -> dict[str, Any]:
    """A table of the lexicon file, keys lower-cased, ``_comment`` keys left out."""
    return {k.lower(): v for k, v in raw[key].items() if not k.startswith("_")}


class _Lexicon:
    """The word lists of ``military_lexicon.json`` as sets and dicts (built once)."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self._read_counted_nouns(raw)
        self._read_cues_and_verbs(raw)
        self._read_actors_and_late_lists(raw)

    def _read_counted_nouns(self, raw: dict[str, Any]) -> None:
        """What a counted noun is: personnel, equipment, casualty nouns and units."""
        words = functools.partial(_words, raw)
        table = functools.partial(_table, raw)
        self.personnel: dict[str, str] = table("personnel_nouns")
        self.personnel_needs_context = words("personnel_needs_context")
        self.military_modifiers = words("military_modifiers")
        self.equipment: dict[str, str] = table("equipment_nouns")
        self.equipment_needs_context = words("equipment_needs_context")
        self.model_names = words("model_names")
        self.designation_prefixes: dict[str, str] = table("designation_prefixes")
        self.compound_units: dict[str, str] = table("compound_units")
        self.aircraft_fighter_modifiers = words("aircraft_fighter_modifiers")
        self.person: dict[str, str] = table("person_nouns")
        self.casualty_nouns: dict[str, str] = table("casualty_nouns")
        self.casualty_noun_units: dict[str, str] = table("casualty_noun_units")
        self.casualty_word_category: dict[str, str] = {}
        for category, cat_words in table("casualty_words").items():
            for w in cat_words:
                self.casualty_word_category[w.lower()] = category

    def _read_cues_and_verbs(self, raw: dict[str, Any]) -> None:
        """Context cues (conflict, spending, captivity, accidents) and verb classes."""
        words = functools.partial(_words, raw)
        table = functools.partial(_table, raw)
        self.lose_words = words("lose_words")
        self.toll_words: tuple[str, ...] = tuple(raw["toll_words"])
        self.loss_toll_words: tuple[str, ...] = tuple(raw["loss_toll_words"])
        self.measure_verbs = words("measure_verbs")
        self.conflict_single, self.conflict_multi = _split_cues(raw["conflict_cues"])
        self.non_conflict_single, self.non_conflict_multi = _split_cues(raw["non_conflict_cues"])
        self.spending_single, self.spending_multi = _split_cues(raw["spending_cues"])
        self.spending_blockers = words("spending_blockers")
        self.spending_units = words("spending_units")
        self.spending_verb_units: dict[str, str] = table("spending_verb_units")
        self.vague_of_heads = words("vague_of_heads")
        self.measure_units = words("measure_units")
        self.non_casualty = words("non_casualty_nouns")
        self.space_cues = words("space_cues")
        self.reporting_verbs = words("reporting_verbs")
        # the one list of armed groups, read once by the roles layer
        self.armed_orgs: dict[str, str | None] = party_data().groups
        self.leader_actors: dict[str, str | None] = table("leader_actors")
        self.capital_actors: dict[str, str | None] = table("capital_actors")
        self.made_in_suffixes: tuple[str, ...] = tuple(raw["made_in_suffixes"])
        self.accident_words = words("accident_words")
        self.soft_accident_words = words("soft_accident_words")
        self.strong_personnel_verbs = words("strong_personnel_verbs")
        self.weak_conflict = words("weak_conflict_cues")
        self.hostile_verbs = words("hostile_verbs")
        self.state_killer_verbs = words("state_killer_verbs")
        self.personnel_verbs = words("personnel_verbs")
        self.captivity_single, self.captivity_multi = _split_cues(raw["captivity_cues"])
        self.transfer_verbs = words("transfer_verbs")
        self.receive_verbs = words("receive_verbs")
        self.captor_release_verbs = words("captor_release_verbs")
        self.conflict_events = words("conflict_event_cues")
        self.conflict_event_multi = frozenset(w for w in self.conflict_events if " " in w)
        self.possessive_blocked_cues = words("possessive_blocked_cues")
        self.restated_change_nouns = words("restated_change_nouns")
        self.civilian_modifiers = words("civilian_modifiers")
        self.equipment_requires_modifier: dict[str, list[str]] = table(
            "equipment_requires_modifier"
        )
        self.military_single, self.military_multi = _split_cues(raw["military_words"])
        self.war_cost_heads = words("war_cost_heads")
        self.war_cost_excluded = words("war_cost_excluded")
        self.budget_nouns = words("budget_nouns")
        self.casualty_of_nouns = words("casualty_of_nouns")
        self.lives_verbs = words("lives_verbs")
        self.epistemic_verbs = words("epistemic_verbs")
        self.military_context_words = words("military_context_words")

    def _read_actors_and_late_lists(self, raw: dict[str, Any]) -> None:
        """Hashed cue ids for the document count, actor tables and later word lists."""
        words = functools.partial(_words, raw)
        table = functools.partial(_table, raw)
        # string hashes (spaCy's LOWER attribute) for the one-pass document count
        from spacy.strings import hash_string  # type: ignore[attr-defined]  # cython, no stub

        def ids(ws: Iterable[str]) -> frozenset[int]:
            return frozenset(hash_string(w) for w in ws)

        self.conflict_event_ids = ids(self.conflict_events)
        self.military_context_ids = ids(
            (self.military_single | self.military_context_words) - self.conflict_events
        )
        self.non_conflict_ids = ids(self.non_conflict_single)
        self.space_ids = ids(w for w in self.space_cues if " " not in w)
        self.context_equipment_nouns = words("context_equipment_nouns")
        self.casualty_modifiers: dict[str, str] = table("casualty_modifiers")
        self.aid_nouns = words("aid_nouns")
        self.captive_nouns = words("captive_nouns")
        self.military_unit_nouns = words("military_unit_nouns")
        self.deployment_preps = words("deployment_preps")
        self.count_of_heads = words("count_of_heads")
        self.headcount_of: dict[str, str] = table("headcount_of_nouns")
        self.naval_ship_prefixes = words("naval_ship_prefixes")
        self.counted_part_heads = words("counted_part_heads")
        self.back_reference_orgs: dict[str, list[str]] = table("back_reference_orgs")
        self.deploy_verbs = words("deploy_verbs")
        self.deployment_places = words("deployment_places")
        self.package_nouns = words("package_nouns")
        self.maker_words = words("maker_words")
        self.exchange_words = words("exchange_words")
        self.release_nouns = words("release_nouns")
        self.wound_taking_verbs = words("wound_taking_verbs")
        self.wound_nouns = words("wound_nouns")
        self.idiom_personnel: dict[str, str] = table("idiom_personnel")
        self.member_modifiers = words("member_modifiers")
        self.designation_words = words("designation_words")
        self.modifier_count_heads = words("modifier_count_heads")
        self.elided_count_verbs = words("elided_count_verbs")
        self.subset_words = words("subset_words")
        self.elided_more_before = words("elided_more_before")
        self.elided_more_after = words("elided_more_after")
        self.elided_ordinals = words("elided_ordinals")
        self.elided_change_before = words("elided_change_before")
        self.civilian_personnel_modifiers = words("civilian_personnel_modifiers")
        self.generic_personnel_nouns = words("generic_personnel_nouns")
        self.elided_subject_verbs = words("elided_subject_verbs")
        self.deal_nouns = words("deal_nouns")
        self.price_verbs = words("price_verbs")
        self.total_restating_verbs = words("total_restating_verbs")
        self.total_restating_nouns = words("total_restating_nouns")
        self.further_pledge_verbs = words("further_pledge_verbs")
        self.spending_min_value = float(raw["spending_min_value"])
        self.firing_verbs = words("firing_verbs")
        self.downing_verbs = words("downing_verbs")
        self.target_preps = words("target_preps")
        self.military_staff_nouns: dict[str, str] = table("military_staff_nouns")
        self.military_staff_modifiers = words("military_staff_modifiers")
        self.named_kit_heads = words("named_kit_heads")
        self.attacked_ship_nouns = words("attacked_ship_nouns")
        self.attacked_ship_verbs = words("attacked_ship_verbs")
        self.crew_nouns = words("crew_nouns")
        self.capacity_phrases = words("capacity_phrases")
        self.characterising_one_adjectives = words("characterising_one_adjectives")
        self.generic_kit_kinds: dict[str, frozenset[str]] = {
            k: frozenset(v) for k, v in raw["generic_kit_kinds"].items() if not k.startswith("_")
        }
        self.collective_person_nouns = words("collective_person_nouns")
        self.seizure_lemmas = words("seizure_lemmas")
        self.currency_unit_names: dict[str, str] = {
            k.upper(): v for k, v in raw["currency_unit_names"].items()
        }
        self.currency_text_units: dict[str, str] = {
            k.lower(): v for k, v in raw["currency_text_units"].items()
        }


@functools.cache
def _iso_currency_word(code: str) -> str | None:
    """Last word of the ISO 4217 name of ``code``, lower case ("Indian Rupee" -> rupee)."""
    import pycountry  # local: only needed once per currency code

    found = pycountry.currencies.get(alpha_3=code)
    return str(found.name).split()[-1].lower() if found is not None else None


def _currency_unit(code: str | None, lex: _Lexicon, text: str = "") -> str:
    """The unit of a spending figure: its currency's name, singular ("dollar", "rupee");
    the currency word of the figure's ``text`` where listed ("30 billion kroner" ->
    krone, "roubles" -> rouble); ``money`` when the currency is unknown
    (annotation-guidelines.md)."""
    for word in reversed(text.lower().split()):
        if word in lex.currency_text_units:
            return lex.currency_text_units[word]
    if code is None:
        return "money"
    return lex.currency_unit_names.get(code) or _iso_currency_word(code) or "money"


def _split_cues(words: Iterable[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Single-token cues go in a set; multi-word cues are matched on sentence text."""
    single = {w.lower() for w in words if " " not in w}
    multi = tuple(sorted({w.lower() for w in words if " " in w}))
    return frozenset(single), multi


def _merged(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``base`` with the keys of ``extra`` added: lists extended, tables updated."""
    out = dict(base)
    for key, value in extra.items():
        if key.startswith("_") or key not in out:
            out[key] = value
        elif isinstance(value, list):
            out[key] = [*out[key], *value]
        elif isinstance(value, dict):
            out[key] = {**out[key], **{k: v for k, v in value.items() if not k.startswith("_")}}
        else:
            raise ValueError(f"{WEAPONS_PATH.name}: key {key!r} is neither a list nor a table")
    return out


@functools.cache
def _lexicon() -> _Lexicon:
    with LEXICON_PATH.open(encoding="utf-8") as fh:
        raw: dict[str, Any] = json.load(fh)
    with WEAPONS_PATH.open(encoding="utf-8") as fh:
        weapons: dict[str, Any] = json.load(fh)
    return _Lexicon(_merged(raw, weapons))


@functools.cache
def _phrases() -> dict[str, list[str]]:
    with PHRASES_PATH.open(encoding="utf-8") as fh:
        raw: dict[str, Any] = json.load(fh)
    phrases: dict[str, list[str]] = raw["phrases"]
    return phrases
