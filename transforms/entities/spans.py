"""Span boundaries: where a candidate name starts and ends, and where it must be cut.

Trims determiners, punctuation, possessives and match scores off the ends of a
model span, and cuts it where a name cannot continue (line breaks, brackets,
inner possessives, lower-case words that never sit inside a name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from transforms.countries import _fold, fold_name, is_demonym, iso3_for
from transforms.entities.lexicon import (
    _POSSESSIVE_TOKENS,
    _boundary_data,
    _label_data,
    _place_data,
    _rules,
    _word_set,
    is_given_name,
    org_name_for,
)


@dataclass(slots=True)
class _Span:
    """A candidate mention as token offsets into the doc, during repair."""

    start: int
    end: int
    label: str
    title: str | None = None
    hint: str | None = None  # canonical name given by an EntityRuler pattern id
    cue: str | None = None  # label evidence from the words around the span (_context_cue)


def _is_capitalised(text: str) -> bool:
    return text[:1].isupper()


# Lower-case words a name never ends in; the model sometimes stops right after them.
_DANGLING_WORDS = _word_set("dangling_words")
# A match score or result written after a team's name: "2-1", "3–0".
_SCORE_RE = re.compile(r"^\d+[-\u2013]\d+$")
# Tokens after which a capitalised word is capitalised for position, not because it is a name.
_CLAUSE_OPENERS = _word_set("clause_openers")


def _starts_clause(doc: Any, i: int) -> bool:
    """True when token ``i`` opens a sentence, a line or a quotation.

    The parser does not always mark the first sentence after a title line, so
    a line break or sentence-final punctuation before the token counts too.
    """
    if i == 0 or doc[i].is_sent_start:
        return True
    prev = doc[i - 1]
    return prev.is_space or "\n" in prev.whitespace_ or prev.text in _CLAUSE_OPENERS


def _trim(doc: Any, span: _Span) -> _Span:
    """Remove determiners, punctuation and possessives from both ends."""
    s, e = span.start, span.end
    prefixes = _rules().name_prefixes
    while s < e:
        tok = doc[s]
        if s + 2 < e and tok.text in prefixes and doc[s + 1].text == "-":
            s += 2  # "ex-Yukos": the prefix says something about the name, is not part of it
            continue
        if (
            tok.is_punct
            or tok.is_space
            or (
                tok.lower_ in ("the", "a", "an")
                and (
                    # "The Times", "The Hague": a capital "The" mid-sentence is part of the name;
                    # at the start of a sentence or line it is only capitalised there.
                    not tok.text[0].isupper()
                    or span.label == "PERSON"
                    or (
                        _starts_clause(doc, s)
                        and _fold(doc[s:e].text) not in _boundary_data().the_names
                    )
                )
            )
        ):
            s += 1
        else:
            break
    while e > s and (
        doc[e - 1].is_punct
        or doc[e - 1].is_space
        or doc[e - 1].text in _POSSESSIVE_TOKENS
        or _SCORE_RE.match(doc[e - 1].text)  # "Manchester United 2-1"
        or doc[e - 1].text in _DANGLING_WORDS  # "The Council of the" + "European Union"
    ):
        e -= 1
    # The tokeniser may split a score: "United", "2", "-", "1".
    if (
        e - s >= 4
        and doc[e - 1].is_digit
        and doc[e - 2].text in ("-", "\u2013")
        and doc[e - 3].is_digit
    ):
        e -= 3
    label = span.label
    # "Guy Mansfield QC": letters after a name say it is a person, and are not the name.
    if e - s >= 3 and doc[e - 1].text in _rules().post_nominals and label in ("PERSON", "ORG"):
        e -= 1
        label = "PERSON"
    return _Span(s, e, label, span.title, span.hint)


# Punctuation that never sits inside a name; hyphens, dots and ampersands can.
_SPLIT_PUNCT = _word_set("split_punctuation")


def _split(doc: Any, span: _Span) -> list[_Span]:
    """Cut a span where a name cannot continue.

    Cuts at line breaks and brackets ("Group of Eight (G8"), at an inner
    possessive ("Mr Brown's International Finance Facility"), at lower-case
    words that never sit inside a PERSON name ("the King at Sandringham") and,
    in ORG spans, at lower-case words other than "of", "and", "for" ...
    ("Balco boss Victor Conte").
    """
    rules = _rules()
    text = doc[span.start : span.end].text
    if span.label in ("GPE", "LOC") and iso3_for(text):
        return [span]  # "Bosnia and Herzegovina", "Trinidad and Tobago"
    if org_name_for(text):
        return [span]
    parts: list[_Span] = []
    s = span.start
    label = span.label
    for i in range(span.start, span.end):
        tok = doc[i]
        word = tok.text
        next_label = label
        if span.label == "ORG" and word == "," and _list_continues_name(doc, span, i):
            continue  # "Department for Science, Innovation and Technology"
        if "\n" in word or word in _SPLIT_PUNCT:
            pass
        elif word == "-" and tok.whitespace_ and i > 0 and doc[i - 1].whitespace_:
            pass  # "firm Quinlan Private - bought": a spaced hyphen is a dash
        elif span.label == "ORG" and _possessive_in_name(doc, span, i):
            continue  # "Barclay's Capital", "Sainsbury's Bank"
        elif _collective_possessive(doc, span, i):
            continue
        elif word in _POSSESSIVE_TOKENS and i > span.start:
            # "Mr Brown's facility": the owner is a name of its own, kind unknown yet.
            parts.append(_Span(s, i, _owner_label(doc, s, i, label), hint=span.hint))
            s = i + 1
            continue
        elif span.label == "ORG" and word.isalpha() and word.islower():
            if word in rules.org_inner_words or word in rules.particles:
                continue
        elif word in rules.split_words:  # split words are lower-case on purpose
            if span.label == "PERSON" and word in rules.place_after_split:
                next_label = "GPE"  # "the King at Sandringham": after "at" is a place
            elif word not in ("and", "or"):
                next_label = ""  # "X said Y": the rest is not part of any name
        else:
            continue
        parts.append(_Span(s, i, label, hint=span.hint))
        label = next_label
        s = i + 1
    parts.append(_Span(s, span.end, label, hint=span.hint))
    if len(parts) > 1:
        for p in parts:
            p.hint = None  # a pattern id names the whole match, not a piece
    return [p for p in parts if p.label and p.end > p.start]


def _list_continues_name(doc: Any, span: _Span, comma: int) -> bool:
    """True when the comma at ``comma`` lists portfolios inside one organisation's name.

    "Department for Science, Innovation and Technology": the part before the comma
    holds a lower-case "for"/"of", and after it come only capitalised words, more
    commas and one "and"/"&" before the last word. A list of separate names
    ("Tesco, Asda and Aldi") has no "for"/"of" before its first comma.
    """
    if not any(doc[j].text in ("for", "of") for j in range(span.start + 1, comma)):
        return False
    joined = False
    for j in range(comma + 1, span.end):
        word = doc[j].text
        if word in ("and", "&"):
            if joined or j == span.end - 1:
                return False
            joined = True
        elif word != "," and not (word[:1].isupper() and doc[j].is_alpha):
            return False
    return joined


# Capitalised collective nouns whose possessive sits inside names of bodies:
# "People's Liberation Army", "Women's Institute", never an owner of their own.
_COLLECTIVE_OWNERS = _word_set("collective_owners")


def _collective_possessive(doc: Any, span: _Span, i: int) -> bool:
    """ "People's Defense Forces", "Tigray People's Liberation Front": not an owner.

    A capitalised collective noun's possessive (``collective_owners``) with a
    capitalised word after it is inside one name, whatever the model's label.
    """
    return (
        i > span.start
        and i + 1 < span.end
        and doc[i].text in _POSSESSIVE_TOKENS
        and doc[i - 1].lower_ in _COLLECTIVE_OWNERS
        and doc[i - 1].text[:1].isupper()
        and doc[i + 1].text[:1].isupper()
    )


def _possessive_in_name(doc: Any, span: _Span, i: int) -> bool:
    """True when the possessive at token ``i`` belongs to an organisation's own name.

    "Barclay's Capital", "Sainsbury's Bank": a one-word owner that is no title,
    country, demonym, known organisation or given name, followed by at most two
    capitalised words ending in a company word (``possessive_org_heads``), or an
    owner listed in ``possessive_names``; or a plural owner ("Manufacturers'")
    before an organisation word ("Association", "Union"). "Britain's Labour
    Party" and "Mr Brown's Facility" are still cut.
    """
    if doc[i].text not in _POSSESSIVE_TOKENS or i == span.start:
        return False
    if (
        i == span.start + 1
        and span.start > 0
        and doc[span.start - 1].text == "The"
        and span.end - i == 2
        and doc[i + 1].text[:1].isupper()
    ):
        return True  # "The King's Fund": nobody writes "The Britain's Labour Party"
    rest = doc[i + 1 : span.end]
    if (
        doc[i].text in ("'", "\u2019")
        and doc[i - 1].text.endswith("s")
        and 1 <= len(rest) <= 2
        and (
            rest[-1].text in _label_data().org_last_words
            or rest[-1].text in _label_data().org_last_words_not_places  # "Farmers' Union"
        )
        and all(t.text[:1].isupper() for t in doc[span.start : i])
    ):
        return True  # a plural owner: "Automobile Manufacturers' Association"
    if i != span.start + 1:
        return _office_of_title(doc, span, i)
    if not 1 <= len(rest) <= 2 or not all(t.text[:1].isupper() for t in rest):
        return False
    owner = doc[span.start].text
    data = _boundary_data()
    if fold_name(owner) in data.possessive_names:
        return True
    return (
        rest[-1].text in data.possessive_org_heads
        and (_fold(owner),) not in _rules().titles
        and not (iso3_for(owner) or is_demonym(owner) or org_name_for(owner))
        and not is_given_name(owner)
    )


def _office_of_title(doc: Any, span: _Span, i: int) -> bool:
    """True for "Information Commissioner's Office": a body named after an office-holder.

    The model tagged the whole span ORG; the owner is two or more capitalised
    words that open with no given name, country or demonym ("Tony Blair's
    Cabinet", "Britain's Labour Party" are still cut) and one organisation word
    follows the possessive.
    """
    # The model's span may run on into a bracket: "Commissioner's Office (ICO".
    end = i + 1
    while end < span.end and doc[end].is_alpha:
        end += 1
    rest = doc[i + 1 : end]
    owner = doc[span.start : i]
    data = _label_data()
    return (
        span.label == "ORG"
        and len(rest) == 1
        and len(owner) >= 2
        and (rest[0].text in data.org_last_words or rest[0].text in data.org_last_words_not_places)
        and all(t.text[:1].isupper() for t in owner)
        and not is_given_name(owner[0].text)
        and not any(iso3_for(t.text) or is_demonym(t.text) for t in owner)
    )


def _owner_label(doc: Any, start: int, end: int, label: str) -> str:
    """Label for the owner part of "X's Y" inside one entity span."""
    first = _fold(doc[start].text)
    if (first,) in _rules().titles:
        return "PERSON"  # "Mr Brown's"
    return label


def _split_place_pair(doc: Any, span: _Span) -> list[_Span]:
    """ "Bridgwater and Langport" tagged as one ORG: two places.

    A three-word ORG/PERSON span "A and B" where A or B is a known place
    (country, town, region) is two GPE spans; "Marks and Spencer" stays.
    """
    if span.end - span.start != 3 or doc[span.start + 1].text != "and":
        return [span]
    if span.label not in ("ORG", "PERSON") or span.hint:
        return [span]
    a, b = doc[span.start].text, doc[span.end - 1].text
    places = _place_data()

    def is_place(word: str) -> bool:
        key = fold_name(word)
        return bool(iso3_for(word)) or key in places.towns or key in places.regions

    if not (is_place(a) or is_place(b)) or org_name_for(a) or org_name_for(b):
        return [span]
    return [_Span(span.start, span.start + 1, "GPE"), _Span(span.end - 1, span.end, "GPE")]


def _split_hyphen_pair(doc: Any, span: _Span) -> list[_Span]:
    """ "Israel-Hamas" (war), "Russia-Ukraine" (talks): two sides, not one place.

    A span of exactly "A-B" (no spaces) where each part is a country or a known
    organisation, and the whole is neither ("Guinea-Bissau", "Bosnia-Herzegovina"
    stay), is cut into its two parts: a country is a GPE, an organisation an ORG.
    """
    if span.end - span.start != 3 or doc[span.start + 1].text != "-" or span.hint:
        return [span]
    if doc[span.start].whitespace_ or doc[span.start + 1].whitespace_:
        return [span]
    whole = doc[span.start : span.end].text
    if iso3_for(whole) or org_name_for(whole):
        return [span]
    parts: list[_Span] = []
    for i in (span.start, span.end - 1):
        word = doc[i].text
        if iso3_for(word) and not is_demonym(word):
            parts.append(_Span(i, i + 1, "GPE"))
        elif org_name_for(word):
            parts.append(_Span(i, i + 1, "ORG"))
        else:
            return [span]
    return parts
