"""Filters: repaired spans that are no names after all, dropped.

Slips of the small model on web news, each read off the words around a
span, never off a list of the article's names:

* title-case headlines and subheadings ("Ethiopian Government Denies
  Allegations", "Fano's Response"): every word is capitalised, so the model
  takes phrases for names. A span on such a line stays only when the article
  names it again outside headlines or the data knows it;
* a capitalised common word at a sentence start ("Kharif onion production")
  that the same article writes in lower case elsewhere ("kharif crops");
* a one-word name only ever written before a weapon noun ("Katyusha
  rockets"): a weapon's name, not a place or a person.

* the last word of an excerpt cut mid-word ("... reached Zamz") that begins
  another name of the article: a fragment of a name already counted.

And one label cue read the same way: a PERSON the article also writes before a
group noun, tagged or not ("Fano forces", "the Boko Haram organisation"), is a group.
"""

from __future__ import annotations

import re
from typing import Any

from transforms.countries import _fold, fold_name, iso3_for
from transforms.entities.labels import _CUE_ORG, _CUE_ORG_WEAK, _ORG_KIND_NOUNS
from transforms.entities.lexicon import (
    _known_people,
    _place_data,
    _word_set,
    is_given_name,
    org_name_for,
)
from transforms.entities.spans import _Span, _starts_clause

# Words of four letters or more: shorter ones ("of", "the", "and", "in", "for")
# stay lower case in title-case headlines.
_HEADLINE_WORD_RE = re.compile(r"[^\W\d_][\w'\u2019-]{3,}")
# A headline has at least two such words, all capitalised: one capitalised word
# alone on a line is a dateline or a name, not a headline.
_HEADLINE_MIN_WORDS = 2
# Punctuation that ends a sentence or a list item: a line ending in it is body text.
_SENTENCE_END = (".", "?", "!", '"', "\u201d", ",", ";", ":")
# A line opening with one of these is a byline or a list item, not a headline.
_NOT_HEADLINE_OPENERS = ("By ", "Written by ", "- ", "* ", "\u2022")
# Any word, for the last word of a line: a headline ends in a capitalised one.
_LAST_WORD_RE = re.compile(r"([^\W\d_][\w'\u2019-]*)\W*$")
_WEAPON_NOUNS = _word_set("weapon_nouns")
_NAME_LABELS = ("PERSON", "ORG", "GPE", "LOC")
_ARMED_GROUP_NOUNS = _word_set("armed_group_nouns")


def _headline_lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of the title-case lines of ``text``."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        stripped = line.strip()
        if (
            not stripped
            or stripped.endswith(_SENTENCE_END)
            or stripped.startswith(_NOT_HEADLINE_OPENERS)
        ):
            continue
        words = _HEADLINE_WORD_RE.findall(stripped)
        last = _LAST_WORD_RE.search(stripped)
        if (
            len(words) >= _HEADLINE_MIN_WORDS
            and all(w[0].isupper() for w in words)
            and last is not None
            and last.group(1)[0].isupper()
        ):
            out.append((start, start + len(line)))
    return out


def _known(text: str) -> bool:
    """True when the data knows ``text`` as a country, organisation, place or person."""
    key = fold_name(text)
    places = _place_data()
    return bool(
        iso3_for(text)
        or org_name_for(text)
        or key in places.towns
        or key in places.regions
        or _fold(text) in _known_people()
        or is_given_name(text.split()[0])
    )


def _words_of(doc: Any, span: _Span) -> tuple[str, ...]:
    return tuple(fold_name(t.text) for t in doc[span.start : span.end] if t.is_alpha)


def _contains(outer: tuple[str, ...], inner: tuple[str, ...]) -> bool:
    n = len(inner)
    return n > 0 and any(outer[k : k + n] == inner for k in range(len(outer) - n + 1))


def _drop_headline_phrases(doc: Any, spans: list[_Span], text: str) -> list[_Span]:
    """Drop spans on title-case lines that are named nowhere else and unknown to the data."""
    lines = _headline_lines(text)
    if not lines:
        return spans

    def in_headline(sp: _Span) -> bool:
        at = doc[sp.start].idx
        return any(a <= at < b for a, b in lines)

    def whole_line(sp: _Span) -> bool:
        # "The Korea Herald", "Faridah Abdulkadiri" alone on a line: a credit.
        a, b = doc[sp.start].idx, doc[sp.end - 1].idx + len(doc[sp.end - 1].text)
        line_start = text.rfind("\n", 0, a) + 1
        line_end = text.find("\n", b)
        rest = text[line_start:a] + text[b : len(text) if line_end < 0 else line_end]
        # A verb inside makes it a subheading ("Intensified Military Operations").
        verb = any(t.tag_.startswith("VB") for t in doc[sp.start : sp.end])
        return not verb and not _HEADLINE_WORD_RE.search(rest)

    flags = [in_headline(sp) and not whole_line(sp) for sp in spans]
    body = [_words_of(doc, sp) for sp, f in zip(spans, flags, strict=True) if not f]
    out: list[_Span] = []
    for sp, flag in zip(spans, flags, strict=True):
        if flag and not sp.hint:
            words = _words_of(doc, sp)
            if not any(_contains(b, words) for b in body) and not _known(
                doc[sp.start : sp.end].text
            ):
                continue
        out.append(sp)
    return out


def _drop_capitalised_common_words(doc: Any, spans: list[_Span], texts: list[str]) -> list[_Span]:
    """Drop one-word spans opening a sentence whose word the article also writes in lower case."""
    lower = {w for w in texts if w[:1].islower()}
    out: list[_Span] = []
    for sp in spans:
        word = texts[sp.start]
        if (
            sp.end - sp.start == 1
            and sp.label in _NAME_LABELS
            and not sp.hint
            and word.lower() in lower
            and _starts_clause(doc, sp.start)
            and not _known(word)
        ):
            continue
        out.append(sp)
    return out


def _drop_weapon_names(doc: Any, spans: list[_Span], texts: list[str]) -> list[_Span]:
    """Drop one-word names that only ever stand before a weapon noun ("Katyusha rockets")."""
    before_weapon: dict[str, bool] = {}
    for sp in spans:
        if sp.end - sp.start != 1 or sp.label not in _NAME_LABELS:
            continue
        nxt = texts[sp.end] if sp.end < len(texts) else ""
        key = texts[sp.start]
        before_weapon[key] = before_weapon.get(key, True) and nxt in _WEAPON_NOUNS
    # "Houthi fighters" untagged elsewhere: the word is more than a weapon's name.
    for i, w in enumerate(texts[:-1]):
        if w in before_weapon and texts[i + 1] not in _WEAPON_NOUNS:
            before_weapon[w] = False
    weapons = {k for k, v in before_weapon.items() if v and not _known(k)}
    if not weapons:
        return spans
    return [
        sp
        for sp in spans
        if not (sp.end - sp.start == 1 and not sp.hint and texts[sp.start] in weapons)
    ]


# The longest name read back from a group noun: "Tigray People's Liberation Front".
_MAX_GROUP_WORDS = 4


def _names_before(texts: list[str], nouns: frozenset[str]) -> set[tuple[str, ...]]:
    """Every run of one to four capitalised words right before one of ``nouns``."""
    out: set[tuple[str, ...]] = set()
    for i in range(len(texts) - 1):
        if texts[i + 1] not in nouns:
            continue
        for n in range(1, _MAX_GROUP_WORDS + 1):
            k = i - n + 1
            if k < 0 or not texts[k][:1].isupper():
                break
            if k == 0 or texts[k - 1] != "-":  # "pro-Assad forces": a side, not a name
                out.add(tuple(texts[k : i + 1]))
    return out


def _cue_armed_groups(spans: list[_Span], texts: list[str]) -> None:
    """Cue PERSON spans the article also writes before a group noun, tagged or not.

    "Fano forces" makes a lone "Fano" a group (a weak cue: it only outweighs a
    PERSON label); "the Boko Haram organisation" makes "Boko Haram" one (strong).
    """
    armed = _names_before(texts, _ARMED_GROUP_NOUNS)
    kinds = _names_before(texts, _ORG_KIND_NOUNS)
    for sp in spans:
        if sp.label != "PERSON" or sp.hint:
            continue
        words = tuple(texts[sp.start : sp.end])
        if words in kinds:
            sp.cue = _CUE_ORG
        elif (
            len(words) == 1
            and words in armed
            and not is_given_name(words[0])
            and _fold(words[0]) not in _known_people()
        ):
            sp.cue = _CUE_ORG_WEAK


# A cut word shorter than this may begin many names by chance.
_MIN_FRAGMENT_CHARS = 3


def _drop_cut_tail(spans: list[_Span], texts: list[str], text: str) -> list[_Span]:
    """Drop a one-word span ending the text mid-word that begins a longer name of the article."""
    if not spans or not texts or not text.rstrip()[-1:].isalpha():
        return spans
    last = spans[-1]
    word = texts[last.start]
    if last.end != len(texts) or last.end - last.start != 1 or len(word) < _MIN_FRAGMENT_CHARS:
        return spans
    others = {texts[sp.start] for sp in spans[:-1]}
    if any(w != word and w.startswith(word) for w in others):
        return spans[:-1]
    return spans


def _drop_non_names(doc: Any, spans: list[_Span], texts: list[str], text: str) -> list[_Span]:
    """The filters above, in order, then the armed-group cue."""
    spans = _drop_headline_phrases(doc, spans, text)
    spans = _drop_capitalised_common_words(doc, spans, texts)
    spans = _drop_weapon_names(doc, spans, texts)
    spans = _drop_cut_tail(spans, texts, text)
    _cue_armed_groups(spans, texts)
    return spans
