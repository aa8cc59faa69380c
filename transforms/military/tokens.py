"""Token tests shared by every component: singular forms, lexicon lookups, plurals, weapon
designations, casualty words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from transforms.military.lexicon import _PLURAL_TAGS, _Lexicon

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token


# Calibre units a shell or gun count may carry between the number and the noun.
_CALIBRE_UNITS = frozenset({"mm", "cm"})


def _calibre_before(doc: Doc, i: int) -> bool:
    """Whether a calibre ends right before token ``i`` ("40,000 155mm rounds", "5,000 152
    mm shells"): rounds and shells of a gun calibre are ammunition, military kit."""
    if i < 1:
        return False
    prev = doc[i - 1]
    if prev.lower_ in _CALIBRE_UNITS:
        return i >= 2 and doc[i - 2].like_num
    low = prev.lower_
    return low[-2:] in _CALIBRE_UNITS and low[:-2].isdigit()


def _singular(word: str) -> str:
    """Lower-case singular of an English plural noun (lexicon keys are singular)."""
    w = word.lower()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def _keys(tok: Token) -> tuple[str, ...]:
    """Lookup keys for a token: lower text, its singular, and spaCy's lemma."""
    low = tok.lower_
    return (low, _singular(low), tok.lemma_.lower())


def _lookup(tok: Token, table: dict[str, str]) -> tuple[str, str] | None:
    """(matched key, value) for the first key of ``tok`` found in ``table``."""
    for key in _keys(tok):
        if key in table:
            return key, table[key]
    return None


def _in_words(tok: Token, words: frozenset[str]) -> bool:
    return any(k in words for k in _keys(tok))


# Weapon designations: a letter prefix, a dash and a number ("F-16s", "Su-34",
# "MiG-29K", "T-72", "Ka-52"); the prefix says what kind of weapon it is. Two or three
# digits only: "F-1", "J-1" and "H-1B" are visas (single-digit weapons are listed).
_DESIGNATION_RE = re.compile(r"^([a-z]{1,3})-(\d{1,3})[a-z]{0,2}?(s)?$")


def _designation_unit(tok: Token, lex: _Lexicon) -> str | None:
    """The kind of weapon a model designation names ("F-16s" -> jet), else None.
    One digit only after a prefix of two or more letters ("MQ-9", "Mi-8"): "F-1",
    "H-1B" and "G-7" are not weapons."""
    found = _DESIGNATION_RE.match(tok.lower_)
    if found is None:
        return _model_designation_unit(tok.lower_, lex)
    if len(found.group(2)) == 1 and len(found.group(1)) < 2:
        return None
    return lex.designation_prefixes.get(found.group(1))


# A model name with a variant after a dash: "Shahed-136s", "Geran-2", "Hwasong-17",
# "Iskander-M", "Tochka-U" (the suffix: letters and digits, an optional plural s).
_MODEL_VARIANT_RE = re.compile(r"^([a-z]{3,})-([a-z]{0,3}\d{0,4}[a-z]{0,2})$")


def _model_designation_unit(low: str, lex: _Lexicon) -> str | None:
    """The unit of a model name with a variant suffix ("shahed-136s" -> drone), else None."""
    found = _MODEL_VARIANT_RE.match(low)
    if found is None or not found.group(2) or found.group(1) not in lex.model_names:
        return None
    return lex.equipment.get(found.group(1))


def _is_model(tok: Token, lex: _Lexicon) -> bool:
    """A weapon model name or designation: counted even in the singular ("4 HIMARS")."""
    return _in_words(tok, lex.model_names) or _designation_unit(tok, lex) is not None


# Nouns that count plural without an s ("1,000 personnel", "25 crew", "300 dead").
_PLURAL_WORDS = frozenset(
    {"personnel", "aircraft", "people", "police", "artillery", "ammunition", "dead", "crew"}
)


def _is_plural(tok: Token, lex: _Lexicon) -> bool:
    low = tok.lower_
    if tok.tag_ in _PLURAL_TAGS or "Number=Plur" in str(tok.morph):
        return True
    if low in _PLURAL_WORDS:
        return True
    if low == "means":  # "15 means of air attack"
        return True
    if low in ("men", "women", "children", "servicemen", "gunmen", "militiamen", "airmen"):
        return True
    if _is_model(tok, lex):
        return True  # "4 HIMARS", "30 Gepard": model names take no plural s
    # Headlines in Title Case are often tagged NNP; trust the spelling there.
    return tok.tag_ == "NNP" and low.endswith("s") and not low.endswith("ss")


def _casualty_category(tok: Token, lex: _Lexicon) -> str | None:
    """killed / wounded / captured when ``tok`` is a casualty verb, participle or adjective."""
    for key in (tok.lower_, tok.lemma_.lower()):
        cat = lex.casualty_word_category.get(key)
        if cat:
            return cat
    return None


def _phrase_in(text: str, phrases: Iterable[str]) -> set[str]:
    return {c for c in phrases if f" {c} " in text}
