"""Titles and job titles: "Sir", "President", "Secretary of State for Defence" are not names."""

from __future__ import annotations

import functools
from typing import Any

from transforms.countries import _fold, fold_name, iso3_for
from transforms.entities.lexicon import (
    _boundary_data,
    _label_data,
    _rules,
    is_given_name,
    org_name_for,
)
from transforms.entities.spans import _Span


def _strip_title(doc: Any, span: _Span) -> _Span | None:
    """Remove leading titles from a PERSON span; None when nothing but a title is left."""
    rules = _rules()
    s, e = span.start, span.end
    # Fold the span's words once: the title list is long and checked in a loop.
    folded = tuple(_fold(doc[i].text) for i in range(s, e))
    title: list[str] = []
    changed = True
    while changed and s < e:
        changed = False
        for seq in rules.titles:
            n = len(seq)
            if s + n > e:
                continue
            if folded[s - span.start : s - span.start + n] != seq:
                continue
            # Royals are named by title + given name ("King Charles"), so that stays.
            if seq in rules.royal_titles and e - (s + n) == 1:
                break
            if s + n == e:
                return None  # only a title ("the King", "President")
            title.append(doc[s : s + n].text)
            s += n
            changed = True
            break
    if s >= e:
        return None
    return _Span(s, e, span.label, " ".join(title) or span.title, span.hint)


# "Firstname Surname" after a title, when the first name is no listed given name
_FULL_NAME_WORDS = 2


def _titled_person(doc: Any, span: _Span) -> bool:
    """True for a non-PERSON span that is a title and a "Firstname Surname" ("CFO Colette
    Kress", "Sheriff Kory Honea" tagged ORG): no organisation or place is named so."""
    if span.label == "PERSON" or span.end - span.start < 3:
        return False
    stripped = _strip_title(doc, _Span(span.start, span.end, "PERSON"))
    if stripped is None or stripped.start == span.start or stripped.end - stripped.start < 2:
        return False
    words = [t.text for t in doc[stripped.start : stripped.end]]
    if not all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words):
        return False
    if is_given_name(words[0]):
        return True
    # "Sheriff Kory Honea": two plain words, none that names a body or a place.
    data = _label_data()
    org_words = data.org_last_words | data.org_last_words_not_places
    return len(words) == _FULL_NAME_WORDS and not any(
        w in org_words or iso3_for(w) or org_name_for(w) for w in words
    )


@functools.cache
def _one_word_titles() -> frozenset[str]:
    """Folded titles of one word ("governor", "speaker")."""
    return frozenset(t[0] for t in _rules().titles if len(t) == 1)


def _cut_trailing_title(doc: Any, span: _Span) -> _Span:
    """Cut a role word off the end of an ORG span: "CBN Governor", "Bank Of Japan Governor".

    Only when what is left is a known organisation or an acronym: the role word
    belongs to the person named next, not to the body's name ("Governing Council" stays).
    """
    if span.label != "ORG" or span.end - span.start < _FULL_NAME_WORDS:
        return span
    last = doc[span.end - 1]
    if not last.text.istitle():
        return span
    if last.lower_ not in _label_data().person_role_nouns and (
        _fold(last.text) not in _one_word_titles()
    ):
        return span
    rest = doc[span.start : span.end - 1].text
    bare = rest.replace(".", "")
    data = _label_data()
    words = rest.split()
    headed = (  # "Bank Of Japan": an organisation word, "of", a name
        len(words) >= _FULL_NAME_WORDS + 1
        and words[0] in (data.org_last_words | data.org_last_words_not_places)
        and words[1].lower() == "of"
    )
    if org_name_for(rest) or headed or (bare.isupper() and bare.isalpha() and len(bare) >= 2):
        return _Span(span.start, span.end - 1, span.label, span.title, span.hint)
    return span


def _after_title_head(doc: Any, i: int) -> bool:
    """True when token ``i`` follows "<title word> of/for [the]": "Secretary of | State"."""
    if i >= 1 and doc[i - 1].text == "the":
        i -= 1  # "Chancellor of the Exchequer"
    return (
        i >= 2
        and doc[i - 1].text in ("of", "for")
        and doc[i - 2].text in _boundary_data().title_heads
    )


def _is_portfolio(doc: Any, span: _Span) -> bool:
    """A span inside a job title: "State" of "Secretary of State", "Health Secretary"."""
    data = _boundary_data()
    if not all(t.text in data.portfolio_words for t in doc[span.start : span.end]):
        return False
    before_title = span.end < len(doc) and doc[span.end].text in data.title_heads
    return before_title or _after_title_head(doc, span.start)


def _strip_portfolio(doc: Any, span: _Span) -> _Span:
    """ "Secretary of State for Defence John Healey": cut the portfolio off the person.

    Leading portfolio words of a PERSON span that follows "<title word> of/for"
    ("State Marco Rubio") are removed, as long as a name of two words is left.
    """
    if not _after_title_head(doc, span.start):
        return span
    portfolio = _boundary_data().portfolio_words
    s = span.start
    while span.end - s > 2 and doc[s].text in portfolio:
        s += 1
    if s == span.start:
        return span
    return _Span(s, span.end, span.label, span.title or doc[span.start : s].text, span.hint)


def _trim_leading_noun(doc: Any, span: _Span) -> _Span:
    """Cut a capitalised common noun from the front of a PERSON span.

    "Conductor Marcello Viotti", "Bookmaker William Hill" at a sentence start:
    the model takes the noun into the name. Only when a given name follows
    (or a company named after a person), so "Band Aid 20" stays whole; the noun
    then serves as the span's context cue (``_context_cue``).
    """
    data = _label_data()
    first = doc[span.start]
    if (
        span.end - span.start < 3
        or not first.is_sent_start
        or first.lower_ not in data.person_role_nouns | data.org_type_nouns
    ):
        return span
    rest = doc[span.start + 1 : span.end]
    if rest[0].text not in data.given_names and fold_name(rest.text) not in data.eponymous:
        return span
    return _Span(span.start + 1, span.end, span.label, span.title, span.hint)


def strip_titles(name: str) -> str:
    """A person's name without leading titles ("Sir Keir Starmer" -> "Keir Starmer").

    Royal titles stay before a lone given name ("King Charles"), as in span repair.
    """
    words = name.split()
    rules = _rules()
    changed = True
    while changed:
        changed = False
        for seq in rules.titles:
            n = len(seq)
            if len(words) > n and tuple(_fold(w) for w in words[:n]) == seq:
                if seq in rules.royal_titles and len(words) - n == 1:
                    return " ".join(words)
                words = words[n:]
                changed = True
                break
    return " ".join(words)
