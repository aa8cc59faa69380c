"""Span growth: names the model cut short, grown over the words that complete them.

Surname particles ("von der" + "Leyen"), a left-out given name, "of"/"for"/"and"
tails of official names, legal suffixes ("plc"), hyphenated place tails
("-sur-Mer"), known club and organisation names, "St X's Hospital".
"""

from __future__ import annotations

from typing import Any

from transforms.countries import _fold, fold_name, is_demonym, iso3_for
from transforms.entities.lexicon import (
    _POSSESSIVE_TOKENS,
    _boundary_data,
    _label_data,
    _legal_suffixes,
    _rules,
    _word_set,
    is_given_name,
    org_name_for,
)
from transforms.entities.spans import _is_capitalised, _Span, _starts_clause
from transforms.entities.titles import _after_title_head


def _extend_saint_institution(doc: Any, span: _Span) -> _Span:
    """Grow "St Bartholomew's" + "Hospital" into one ORG.

    The model takes the saint for a person and leaves the institution word out;
    a name opening with St/Saint, a possessive and an institution word
    (``saint_institution_heads``: Hospital, College, School...) is an ORG.
    """
    if doc[span.start].text not in ("St", "St.", "Saint") or span.end - span.start < 2:
        return span
    j = span.end
    if j < len(doc) and doc[j].text in _POSSESSIVE_TOKENS:
        j += 1
    if j < len(doc) and doc[j].text in _boundary_data().saint_institution_heads:
        return _Span(span.start, j + 1, "ORG", None, span.hint)
    return span


def _extend_particles(doc: Any, span: _Span) -> _Span:
    """Grow a name across surname particles: "Ursula von der" + "Leyen"."""
    particles = _rules().particles
    s, e = span.start, span.end
    grew = False
    if e - 1 >= s and doc[e - 1].lower_ in particles and e < len(doc):
        while e < len(doc) and doc[e].lower_ in particles:
            e += 1
        if e < len(doc) and _is_capitalised(doc[e].text) and doc[e].is_alpha:
            e += 1
            grew = True
        else:
            e = span.end
    if s > 0 and doc[s - 1].lower_ in particles and doc[s - 1].text.islower():
        j = s
        while j > 0 and doc[j - 1].lower_ in particles and doc[j - 1].text.islower():
            j -= 1
        prev = doc[j - 1] if j > 0 else None
        given = (
            prev is not None
            and _is_capitalised(prev.text)
            and prev.is_alpha
            and prev.tag_ in ("NNP", "NNPS")
            and (_fold(prev.text),) not in _rules().titles
        )
        s = j - 1 if given else j
        grew = True
    if not grew:
        return span
    return _Span(s, e, "PERSON", span.title, span.hint)


# Articles are never a given name, whatever tag the model gives a capitalised "The".
_ARTICLES = _word_set("articles")


def _extend_given_name(doc: Any, span: _Span) -> _Span:
    """Take in a given name the model left out: "Amit" + "Yoran".

    Only a capitalised proper noun directly before the span that is in no other
    entity, is no title and is no country, demonym or known organisation.
    """
    if span.start == 0 or span.label != "PERSON":
        return span
    prev = doc[span.start - 1]
    if (
        prev.ent_type_
        or not prev.is_alpha
        or not prev.text[:1].isupper()
        or prev.text.isupper()
        or prev.lower_ in _ARTICLES  # "The Houthis are ...": the model tags "The" NNP
        or prev.tag_ not in ("NNP", "NNPS")
        or (_fold(prev.text),) in _rules().titles
        or _fold(prev.text) in _rules().not_names
        or _fold(prev.text) in _rules().not_given_names
        or prev.text in _boundary_data().portfolio_words  # "for Defence John Healey"
        or _after_title_head(doc, span.start - 1)  # "Minister for Trade Anna Berg"
        or prev.lower_ in _label_data().person_role_nouns  # "Conductor Marcello Viotti"
        or prev.lower_ in _label_data().org_type_nouns
        or iso3_for(prev.text)
        or is_demonym(prev.text)
        or org_name_for(prev.text)
    ):
        return span
    return _Span(span.start - 1, span.end, span.label, span.title, span.hint)


def _extend_org_head_left(doc: Any, span: _Span) -> _Span:
    """Take in the words the model left before a bare organisation word.

    "The Co-operative Group" tagged as "Group": capitalised words and hyphenated
    compounds right before a one-word span that is an organisation word
    (Group, Council, Party...) belong to the name. Stops at "The", at a line
    break and at any word inside another entity.
    """
    if span.end - span.start != 1 or doc[span.start].text not in _label_data().org_last_words:
        return span
    s = span.start
    while s > 0:
        prev = doc[s - 1]
        if prev.ent_type_ or prev.is_space or "\n" in prev.whitespace_:
            break
        joined = not prev.whitespace_ and s - 1 > 0 and not doc[s - 2].whitespace_
        if prev.text == "-" and joined:
            s -= 1  # "Co-operative": the hyphen and the word before it
            continue
        after_hyphen = s >= 2 and doc[s - 2].text == "-" and not doc[s - 2].whitespace_
        if prev.is_alpha and (
            (
                prev.text[:1].isupper()
                and prev.pos_ in ("PROPN", "ADJ", "NOUN")  # not "Outside Parliament"
                # A sentence's first word is capitalised anyway ("Outside Parliament").
                and not _starts_clause(doc, s - 1)
            )
            or (prev.text.islower() and after_hyphen)  # "operative" of "Co-operative"
        ):
            s -= 1
            continue
        break
    # A hyphenated compound must open with a capital: "Co-operative", not "-operative".
    while s < span.start and not doc[s].text[:1].isupper():
        s += 1
    if s == span.start:
        return span
    return _Span(s, span.end, span.label, span.title, span.hint)


def _portfolio_list_end(doc: Any, span: _Span) -> int | None:
    """End of ", Media and Sport" after "Department for Culture", else None.

    A ministry named for a list of portfolios; the model stops at the first
    comma. Every listed item must be one or two portfolio words, so "the
    Institute for Fiscal Studies, Deloitte and KPMG" stays three names.
    """
    e = span.end
    if doc[e].text != "," or not any(
        doc[j].text in ("for", "of") for j in range(span.start + 1, e)
    ):
        return None
    portfolio = _boundary_data().portfolio_words
    j, joined = e, False
    while j < len(doc) and doc[j].text in (",", "and", "&") and not joined:
        joined = doc[j].text != ","
        k = j + 1
        while k < len(doc) and k - j <= 2 and doc[k].text in portfolio:
            k += 1
        if k == j + 1:
            return None
        j = k
    return j if joined else None


# Entity types of words that never continue an organisation's name.
_NOT_NAME_ENTS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "PERSON"}
)


def _extend_of_name(doc: Any, span: _Span) -> _Span:
    """Grow an organisation's name over "of"/"for"/"&" + capitalised words.

    The model often stops at the head noun: "Muslim Council" of "Muslim Council
    of Britain", "Council" of "Council of Europe". Only when the span ends in an
    organisation word (Council, Bank, Ministry...) or is followed by "&" and a
    capitalised word ("Marks" + "& Spencer"); the capitalised run after the
    connector may open with "the" ("Committee of the Red Cross") and stops at
    the first lower-case word, punctuation or line end.
    """
    e = span.end
    if e >= len(doc) - 1 or "\n" in doc[e - 1].whitespace_:
        return span
    listed = _portfolio_list_end(doc, span)
    if listed is not None:
        return _Span(span.start, listed, span.label, span.title, None)
    link = doc[e].text
    if link not in ("of", "for", "&"):
        return span
    if link != "&" and doc[e - 1].text not in _label_data().org_last_words:
        return span
    j = e + 1
    if doc[j].lower_ == "the" and link != "&" and j + 1 < len(doc):
        j += 1
    start = j
    while j < len(doc):
        tok = doc[j]
        if (
            j > start
            and tok.text in ("of", "for", "and", "&")
            and j + 1 < len(doc)
            and doc[j + 1].is_alpha
            and doc[j + 1].text[:1].isupper()
        ):
            j += 1  # "Care of Victims of Torture": connectors between capitalised words
            continue
        if (
            not (tok.is_alpha and tok.text[:1].isupper() and tok.text not in ("The", "A", "An"))
            or tok.ent_type_ in _NOT_NAME_ENTS  # "the Council for Monday's meeting"
        ):
            break
        j += 1
        if "\n" in tok.whitespace_:
            break
    if j == start:
        return span
    return _Span(span.start, j, span.label, span.title, None)


# most untagged proper nouns an organisation's span grows over ("Northrop" + "Grumman")
_MAX_UNTAGGED_TAIL = 2
_PROPER_TAGS = frozenset({"NNP", "NNPS"})


def _extend_untagged_proper(doc: Any, span: _Span) -> _Span:
    """Grow an ORG span over the proper nouns right after it that the model left untagged.

    "Northrop" + "Grumman", "US Army" + "Corps" (then "of Engineers"): up to two
    capitalised NNP tokens in no entity of the model, on the same line, none a
    title or role word ("Nato Secretary General") or before one ("U.N. High
    Commissioner"), a given name, a country or a known organisation.
    """
    if span.label != "ORG":
        return span
    data, rules = _label_data(), _rules()
    title_words = {t[0] for t in rules.titles}  # "High" of "High Commissioner"

    def titled(tok: Any) -> bool:
        return tok.lower_ in data.person_role_nouns or _fold(tok.text) in title_words

    e = span.end
    while e < len(doc) and e - span.end < _MAX_UNTAGGED_TAIL:
        tok = doc[e]
        if (
            "\n" in doc[e - 1].whitespace_
            or tok.ent_type_
            or tok.tag_ not in _PROPER_TAGS
            or not (tok.is_alpha and tok.text[:1].isupper())
            or titled(tok)
            or is_given_name(tok.text)
            or iso3_for(tok.text)
            or org_name_for(tok.text)
        ):
            break
        e += 1
    if e == span.end or (e < len(doc) and titled(doc[e])):
        return span  # "U.N. High Commissioner": the words open a title
    return _Span(span.start, e, span.label, span.title, None)


def _acronym_initials(doc: Any, start: int, end: int) -> str:
    """Initials of the capitalised words of a name ("Society of Motor ..." -> "SM...")."""
    return "".join(t.text[0] for t in doc[start:end] if t.text[:1].isupper())


def _extend_and_name(doc: Any, span: _Span) -> _Span:
    """Grow a long official ORG name over "and" + capitalised words.

    The model cuts "Society of Motor Manufacturers" + "and Traders" and "Federal
    Ministry for Economic Affairs" + "and Energy". Only for names with "of"/"for"
    inside, and only when the words after "and" are portfolio words after a
    portfolio word ("Affairs and Energy said") or an acronym in brackets right
    after has the initials of the longer name ("... and Traders (SMMT)").
    "the Bank of England and Barclays" stays two names.
    """
    e = span.end
    if e + 1 >= len(doc) or doc[e].text != "and" or "\n" in doc[e - 1].whitespace_:
        return span
    if not any(t.text in ("of", "for") for t in doc[span.start : e]):
        return span
    j = e + 1
    while j < len(doc) and j - e <= 3 and doc[j].is_alpha and doc[j].text[:1].isupper():
        j += 1
        if "\n" in doc[j - 1].whitespace_:
            break
    if j == e + 1:
        return span
    portfolio = _boundary_data().portfolio_words
    if (
        doc[e - 1].text in portfolio
        and all(t.text in portfolio for t in doc[e + 1 : j])
        and (j >= len(doc) or not doc[j].text[:1].isupper())
    ):
        return _Span(span.start, j, span.label, span.title, None)
    if (
        j + 2 < len(doc)
        and doc[j].text == "("
        and doc[j + 2].text == ")"
        and doc[j + 1].text.upper() == _acronym_initials(doc, span.start, j).upper()
    ):
        return _Span(span.start, j, span.label, span.title, None)
    # "Society of Motor Manufacturers and Traders": two plural nouns of one
    # trade, the second ending the name. "Bank of England and Barclays" has no
    # plural before "and"; a name the data knows after "and" is its own entity.
    last, after = doc[e - 1], doc[e + 1]
    if (
        j == e + 2
        and last.tag_ in ("NNPS", "NNS")
        and after.tag_ in ("NNP", "NNPS", "NNS")  # the model tags "Traders" NNP
        and after.text.endswith("s")
        and not org_name_for(after.text)
        and not after.ent_type_
        and (j >= len(doc) or not doc[j].text[:1].isupper())
    ):
        return _Span(span.start, j, span.label, span.title, None)
    return span


def _extend_legal_suffix(doc: Any, span: _Span) -> _Span:
    """Take in a company-form word after a name and make it an ORG.

    "Johnson Matthey" + "plc", "BMW" + "AG", "Cummins" + "Inc": the suffix says
    the name is a company's (``legal_suffixes`` in entity_org_words.json).
    """
    e = span.end
    if e >= len(doc) or doc[e].text not in _legal_suffixes():  # the rare case first
        return span
    if "\n" in doc[e - 1].whitespace_ or span.label not in ("ORG", "PERSON", "GPE", "LOC"):
        return span
    return _Span(span.start, e + 1, "ORG", span.title, span.hint)


_HYPHEN_PARTICLES = _word_set("hyphen_particles")


def _extend_hyphenated(doc: Any, span: _Span) -> _Span:
    """ "Boulogne" + "-sur-Mer": take in a hyphenated tail that ends in a capital.

    The tokenizer splits "Boulogne-sur-Mer" and "Stratford-upon-Avon"; the model
    often tags the first part only. Particles in between must be known
    ("sur", "upon", "de"...), and the tail must end in a capitalised word, so
    "Merz-led" stays "Merz".
    """
    j = span.end
    end = span.end
    while (
        j + 1 < len(doc)
        and doc[j].text == "-"  # the rare case first: most spans end before a space
        and doc[j - 1].whitespace_ == ""
        and doc[j].whitespace_ == ""
    ):
        word = doc[j + 1]
        if word.text[:1].isupper():
            j += 2
            end = j
            continue
        if word.lower_ in _HYPHEN_PARTICLES:
            j += 2
            continue
        break
    if end == span.end:
        return span
    return _Span(span.start, end, span.label, span.title, span.hint)


def _extend_known_name(doc: Any, span: _Span) -> _Span:
    """Take in the next word when it completes a known club or organisation name.

    The model stops short: "Newcastle" + "United", "Aston" + "Villa". Only a
    capitalised word in no other entity, on the same line.
    """
    e = span.end
    if e >= len(doc) or span.hint:
        return span
    nxt = doc[e]
    if (
        nxt.ent_type_
        or not nxt.is_alpha
        or not nxt.text[:1].isupper()
        or "\n" in doc[e - 1].whitespace_
    ):
        return span
    text = doc[span.start : e + 1].text
    if fold_name(text) in _label_data().clubs:
        return _Span(span.start, e + 1, "ORG", span.title, span.hint)
    if org_name_for(text):
        return _Span(span.start, e + 1, "ORG", span.title, span.hint)
    return span
