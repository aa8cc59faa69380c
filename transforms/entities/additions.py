"""Additions: names the model left untagged, added as new spans.

Places after a place preposition, appositive and type-noun organisations
("Unite, the union ...", "the charity Care4Calais"), digit acronyms ("G8"),
clubs in a sports report, dateline places ("BANGKOK:"), names spelt out before their acronym
("... Liberation Front (TPLF)"), and every use of an acronym defined in brackets
("the Ministry of Defence (MoD)").
"""

from __future__ import annotations

from typing import Any

from transforms.countries import _fold, fold_name, is_demonym, iso3_for
from transforms.entities.canonical import _acronym_letters, _initials
from transforms.entities.labels import (
    _APPOSITIVE_DETERMINERS,
    _CUE_ORG,
    _appositive_org,
    _geo_shape_label,
    _looks_like_name,
    _settlement_noun_after,
    _settlement_of_before,
    _works_at,
)
from transforms.entities.lexicon import (
    _CAPITAL_KIND_NOUNS,
    _POSSESSIVE_TOKENS,
    _cities,
    _label_data,
    _place_data,
    _rules,
    _untagged_org_names,
    _word_set,
    is_given_name,
    org_name_for,
)
from transforms.entities.spans import _Span
from transforms.entities.titles import _strip_title


def _capitalised_runs(
    doc: Any, texts: list[str], caps: list[int], covered: set[int], tags: frozenset[str]
) -> list[tuple[int, int]]:
    """Runs of capitalised tokens with a tag in ``tags``, in no span, on one line."""
    runs: list[tuple[int, int]] = []
    cap_set = set(caps)
    end = -1
    for i in caps:
        if i < end or i in covered:
            continue
        tok = doc[i]
        if tok.tag_ not in tags:
            continue
        j = i + 1
        while (
            j in cap_set
            and j not in covered
            and "\n" not in doc[j - 1].whitespace_
            and doc[j].tag_ in tags
        ):
            j += 1
        runs.append((i, j))
        end = j
    return runs


_NNP_TAGS = frozenset({"NNP", "NNPS"})


def _add_appositive_orgs(
    doc: Any, spans: list[_Span], texts: list[str], caps: list[int]
) -> list[_Span]:
    """Add names the model missed that an organisation noun introduces.

    "Unite, the union that represents ..." and "the charity Care4Calais": a run
    of proper nouns in no entity, with an appositive organisation noun after it
    or a type noun right before it (after "the"/"a"), is an ORG.
    """
    covered = {i for sp in spans for i in range(sp.start, sp.end)}
    org_nouns = _label_data().org_type_nouns
    org_verbs = _label_data().org_relative_verbs
    n = len(texts)
    added: list[_Span] = []
    for i, j in _capitalised_runs(doc, texts, caps, covered, _NNP_TAGS):
        before = i >= 2 and texts[i - 1] in org_nouns and _determined_type_noun(doc, texts, i - 1)
        after = j + 2 < n and texts[j] == "," and _appositive_org(doc, j)
        # "Unite, which represents 1,100 workers": "which" is no person, and
        # only bodies represent, employ or run things.
        relative = (
            j + 2 < n and texts[j] == "," and texts[j + 1] == "which" and texts[j + 2] in org_verbs
        )
        # "The RMT union": an acronym right before a type noun.
        acronym = (
            j == i + 1
            and j < n
            and texts[j] in org_nouns
            and 2 <= len(texts[i]) <= 6
            and texts[i].isalpha()
            and texts[i].isupper()
        )
        if (before or after or relative or acronym) and not is_given_name(texts[i]):
            added.append(_Span(i, j, "ORG", cue=_CUE_ORG))
    if not added:
        return spans
    return sorted([*spans, *added], key=lambda sp: sp.start)


# Tokens after a name and a comma that open an appositive noun phrase.
_APPOSITIVE_OPENERS = frozenset({"a", "an", "the", "its", "their"})
# How far after the opener a person's role noun may stand ("a Fano leader",
# "the group's senior military commander").
_ROLE_NOUN_REACH = 5
# A described person has two to four name words: one capitalised word before ", who"
# is as often a place or a group.
_PERSON_RUN_WORDS = (2, 4)


def _describes_person(texts: list[str], j: int) -> bool:
    """True when the words from ``j`` say the name before them is a person's.

    ", who commanded ...", ", a Fano leader", or a speech verb right after a
    name opening with a known given name is handled by the caller.
    """
    n = len(texts)
    if j + 1 >= n or texts[j] != ",":
        return False
    if texts[j + 1] == "who":
        return True
    if texts[j + 1].lower() not in _APPOSITIVE_OPENERS:
        return False
    roles = _label_data().person_role_nouns
    for k in range(j + 2, min(j + 2 + _ROLE_NOUN_REACH, n)):
        word = texts[k]
        if word.lower() in roles and word[:1].islower():
            return True
        if not (word[:1].isalpha() or word in _POSSESSIVE_TOKENS):
            return False
    return False


def _add_described_people(
    doc: Any, spans: list[_Span], texts: list[str], caps: list[int]
) -> list[_Span]:
    """Add people the model missed whose description follows their name.

    A run of two to four proper nouns in no entity, followed by ", who ..."
    or by ", a/the ... <person role noun>" ("Asres Mare Damtie, a Fano
    leader"), or opening with a known given name and followed by a speech verb,
    is a PERSON. Known organisations, countries and places are left alone.
    """
    covered = {i for sp in spans for i in range(sp.start, sp.end)}
    speech = _label_data().speech_verbs
    low, high = _PERSON_RUN_WORDS
    added: list[_Span] = []
    for i, j in _capitalised_runs(doc, texts, caps, covered, _NNP_TAGS):
        if not low <= j - i <= high:
            continue
        text = doc[i:j].text
        if org_name_for(text) or iso3_for(text) or fold_name(text) in _place_data().towns:
            continue
        said = j < len(texts) and texts[j] in speech and is_given_name(texts[i])
        if said or _describes_person(texts, j):
            person = _strip_title(doc, _Span(i, j, "PERSON"))  # "PM Modi, who ..."
            if person is not None:
                added.append(person)
    if not added:
        return spans
    return sorted([*spans, *added], key=lambda sp: sp.start)


def _determined_type_noun(doc: Any, texts: list[str], k: int) -> bool:
    """True when the type noun at ``k`` opens a noun phrase with a determiner.

    "the charity Care4Calais", and with up to three modifiers in between: "the
    Singapore investment fund Temasek", "the sports agency IMG". A verb or
    preposition in between means the noun phrase started elsewhere.
    """
    for m in range(k - 1, max(k - 5, -1), -1):
        if texts[m].lower() in _APPOSITIVE_DETERMINERS:
            return True
        if doc[m].pos_ not in ("NOUN", "PROPN", "ADJ") or not texts[m].isalpha():
            return False
    return False


# Prepositions that put a listed town or region after them, besides place_prepositions.
_EXTRA_PLACE_PREPOSITIONS = _word_set("extra_place_prepositions")
_NOUN_TAGS = frozenset({"NNP", "NNPS", "NN", "NNS"})


def _add_untagged_places(
    doc: Any, spans: list[_Span], texts: list[str], caps: list[int]
) -> list[_Span]:
    """Add places the model missed or called buildings (FAC).

    A run of capitalised nouns in no entity (not at a sentence start) is a place
    when it is a listed town or region after a place preposition, optionally with
    "the" ("into Exeter", "at Nogales", "in the Midlands"), or after "and"/","
    that follows a place ("in Blackpool and Barnsley"); or when its words have a
    geographic shape ("the Ohio River", "River Parrett") or a geographic noun
    follows it ("the Aa river").
    """
    covered = {i for sp in spans for i in range(sp.start, sp.end)}
    place_at = {sp.end: sp for sp in spans if sp.label in ("GPE", "LOC")}
    preps = _label_data().place_prepositions | _EXTRA_PLACE_PREPOSITIONS
    places = _place_data()
    club_places = _label_data().club_places
    added: list[_Span] = []
    for i, j in _capitalised_runs(doc, texts, caps, covered, _NOUN_TAGS):
        if i == 0 or texts[i - 1] in (".", "\n", '"', "\u201c") or doc[i].is_sent_start:
            continue  # a sentence's first word is capitalised anyway
        run = _Span(i, j, "GPE")
        text = doc[i:j].text
        key = fold_name(text)
        k = i - 1
        after_the = texts[k] in ("the", "The")
        if after_the:
            k -= 1
        prev = texts[k].lower() if k >= 0 else ""
        after_place = prev in ("and", ",", "or") and k in place_at
        listed = prev in preps or after_place
        kind_noun = _settlement_noun_after(doc, run) or _settlement_of_before(doc, run)
        geo = _geo_shape_label(doc, run) if (j - i > 1 or after_the or kind_noun) else None
        if org_name_for(text) or iso3_for(text):
            continue
        if geo is None and _subdivision_suffixed(doc, texts, i, j):
            run = _Span(i, j - 1, "GPE")  # "Sudan's North Darfur State"
            geo = "GPE"
        if geo is not None:
            run.label = geo
        elif listed and key in places.regions:
            run.label = "LOC"  # "in Fife and the Highlands"
        elif listed and not after_the and (key in places.towns or key in club_places):
            pass  # "in Blackpool": a club's town is a town after a place preposition
        else:
            continue
        added.append(run)
        place_at[j] = run
    if not added:
        return spans
    return sorted([*spans, *added], key=lambda sp: sp.start)


def _subdivision_suffixed(doc: Any, texts: list[str], i: int, j: int) -> bool:
    """True when the run ends in a capitalised subdivision noun after a place name.

    "North Darfur State", "Blue Nile State": the noun is written capitalised but
    only says what kind of place the words before it name. Not after a
    demonym or an adjective ("Islamic State" is a group).
    """
    return (
        j - i >= 2
        and texts[j - 1].lower() in _CAPITAL_KIND_NOUNS
        and all(doc[k].tag_ == "NNP" for k in range(i, j - 1))
        and not is_demonym(texts[i])
    )


def _add_untagged_acronyms(
    doc: Any, spans: list[_Span], texts: list[str], caps: list[int]
) -> list[_Span]:
    """Add known organisation acronyms the model left untagged ("G8 presidencies").

    Only capitals with a digit ("G8", "G20", "MI6") that ``org_aliases.json``
    lists, outside every span: the small model misses those as a rule, while an
    all-letter acronym it left untagged is mostly not used as a name there.
    Also names of ``untagged_names`` (platforms, news agencies: "he wrote on
    Facebook"), which the model misses whatever the context.
    """
    covered = {i for sp in spans for i in range(sp.start, sp.end)}
    added = [
        _Span(i, i + 1, "ORG")
        for i in caps
        if i not in covered
        and len(w := texts[i]) >= 2
        and w.isupper()
        and w.isalnum()
        and any(ch.isdigit() for ch in w)
        and org_name_for(w)
    ]
    listed = _untagged_org_names()
    longest = max((len(k) for k in listed), default=0)
    for i in caps:
        for n in range(min(longest, len(texts) - i), 0, -1):  # no name past the doc's end
            words = tuple(texts[i : i + n])
            if words in listed and not covered.intersection(range(i, i + n)):
                added.append(_Span(i, i + n, "ORG"))
                covered.update(range(i, i + n))
                break
    if not added:
        return spans
    return sorted([*spans, *added], key=lambda sp: sp.start)


# longest untagged run taken as an organisation by its last word (tokens)
_MAX_ORG_RUN = 4


def _add_org_word_runs(
    doc: Any, spans: list[_Span], texts: list[str], caps: list[int]
) -> list[_Span]:
    """Add untagged proper-noun runs that end in an organisation word ("Anchor Media").

    Two to four NNP tokens in no span, the last one of ``org_last_words``
    (Media, Party, Ministry, International, ...; not Bank or Union, which end
    place names too), none a title: an organisation's name the model missed.
    """
    covered = {i for sp in spans for i in range(sp.start, sp.end)}
    org_last = _label_data().org_last_words
    titles = {t[0] for t in _rules().titles}
    added = [
        _Span(i, j, "ORG")
        for i, j in _capitalised_runs(doc, texts, caps, covered, _NNP_TAGS)
        if 2 <= j - i <= _MAX_ORG_RUN
        and texts[j - 1] in org_last
        and not any(_fold(w) in titles for w in texts[i:j])
        and not doc[i:j].ents
    ]
    if not added:
        return spans
    return sorted([*spans, *added], key=lambda sp: sp.start)


# inner lower-case words of an organisation's name ("Just the News", "Bank of America")
_NAME_JOINERS = frozenset({"the", "of", "and", "&"})
# longest employer name taken after "correspondent for" (tokens)
_MAX_EMPLOYER_TOKENS = 6


def _add_employer_orgs(
    doc: Any, spans: list[_Span], texts: list[str], caps: list[int]
) -> list[_Span]:
    """Add the organisation after "correspondent for", "analysts at" when the model missed it.

    The capitalised words after the preposition, with inner "the"/"of"/"and"
    between capitals ("Just the News"), on one line and in no span, unless the
    data knows them as a country or a listed place.
    """
    covered = {i for sp in spans for i in range(sp.start, sp.end)}
    places = _place_data()
    added: list[_Span] = []
    for i in caps:
        if i < 2 or i in covered or not _works_at(texts[i - 1].lower(), texts[i - 2].lower()):
            continue
        j = i + 1
        while j < len(doc) and j - i < _MAX_EMPLOYER_TOKENS and j not in covered:
            if "\n" in doc[j - 1].whitespace_:
                break
            if texts[j][:1].isupper() and texts[j].isalnum():
                j += 1
            elif texts[j] in _NAME_JOINERS and j + 1 < len(doc) and texts[j + 1][:1].isupper():
                j += 2
            else:
                break
        if covered.intersection(range(i, j)) or texts[j - 1] in _NAME_JOINERS:
            continue
        name = doc[i:j].text
        key = fold_name(name)
        if iso3_for(name) or key in places.towns or key in places.regions or key in _cities():
            continue
        added.append(_Span(i, j, "ORG"))
        covered.update(range(i, j))
    if not added:
        return spans
    return sorted([*spans, *added], key=lambda sp: sp.start)


def _add_untagged_clubs(doc: Any, spans: list[_Span]) -> list[_Span]:
    """In a sports report, add clubs the model left untagged ("Arsenal beat ...").

    A report is one where at least two known clubs were tagged; then any
    proper noun or pair of them outside every span that is a known club becomes
    an ORG mention.
    """
    data = _label_data()
    tagged = {
        key
        for sp in spans
        if (key := fold_name(doc[sp.start : sp.end].text)) in data.clubs
        or (sp.label == "ORG" and key in data.club_places)
    }
    if len(tagged) < 2:
        return spans
    covered = {i for sp in spans for i in range(sp.start, sp.end)}
    added: list[_Span] = []
    i = 0
    while i < len(doc):
        if i in covered or not doc[i].text[:1].isupper() or not doc[i].is_alpha:
            i += 1
            continue
        for n in (2, 1):
            if i + n > len(doc) or any(
                j in covered or doc[j].pos_ != "PROPN" for j in range(i, i + n)
            ):
                continue  # "Reading the match", "Sale of the club": not names here
            key = fold_name(doc[i : i + n].text)
            if key in data.clubs or key in data.club_places:
                added.append(_Span(i, i + n, "ORG"))
                i += n
                break
        else:
            i += 1
    if not added:
        return spans
    return sorted([*spans, *added], key=lambda sp: sp.start)


# Tokens a name spelt out before its acronym may hold between capitalised words.
_NAME_CONNECTORS = frozenset({"of", "and", "for", "the", "on", "&", "-"})
# How far before "(ACRONYM)" the spelt-out name may start, in tokens.
MAX_SPELT_OUT_TOKENS = 12


def _spelt_out_start(doc: Any, paren: int, letters: str) -> int | None:
    """Start of the capitalised name right before ``(`` whose initials are ``letters``.

    "Tigray People's Liberation Front (TPLF)": words, connectors ("of", "and")
    and possessives back from the bracket, on one line; the name opens with a
    capitalised word that is no "The".
    """
    best = None
    j = paren - 1
    while j >= 0 and paren - j <= MAX_SPELT_OUT_TOKENS:
        tok = doc[j]
        if "\n" in tok.whitespace_ or tok.is_space:
            break
        word = tok.text
        if tok.is_alpha and word[:1].isupper():
            if word != "The" and _initials(doc[j:paren].text) == letters:
                best = j
        elif not (word in _NAME_CONNECTORS or word in _POSSESSIVE_TOKENS):
            break
        j -= 1
    return best


def _grown_over_prefix(doc: Any, inside: list[_Span], start: int) -> int:
    """Where a spelt-out name starts when a span runs into it from the left.

    "The UN Office" + "for the Coordination of Humanitarian Affairs (OCHA)": a
    known organisation or country written before the spelt-out words is part
    of the name, as in "US Department of Homeland Security".
    """
    for sp in inside:
        if sp.start < start < sp.end:
            lead = doc[sp.start : start]
            first = sp.start + 1 if lead[0].lower_ == "the" else sp.start
            prefix = doc[first:start].text
            if first < start and (org_name_for(prefix) or iso3_for(prefix)):
                return first
    return start


def _add_spelt_out_names(doc: Any, spans: list[_Span]) -> list[_Span]:
    """Add an organisation's name the model missed or cut, spelt out before its acronym.

    "the Tigray People's Liberation Front (TPLF)" with "Tigray" tagged GPE and
    "Liberation Front" ORG: the capitalised words right before a bracketed
    all-capitals acronym whose initials are its letters are one ORG. Spans
    inside that name give way to it; a span running past it keeps it out.
    """
    out = list(spans)
    for i in range(1, len(doc) - 2):
        if doc[i].text != "(" or doc[i + 2].text != ")":
            continue
        word = doc[i + 1].text
        letters = _acronym_letters(word)
        if letters is None or not word.isupper() or iso3_for(word) or len(letters) < 3:
            continue
        start = _spelt_out_start(doc, i, letters)
        if start is None:
            continue
        inside = [sp for sp in out if sp.start < i and sp.end > start]
        start = _grown_over_prefix(doc, inside, start)
        if any(sp.start < start or sp.end > i or sp.hint for sp in inside):
            continue
        if len(inside) == 1 and (inside[0].start, inside[0].end) == (start, i):
            continue
        name = _Span(start, i, "ORG")
        if not _looks_like_name(doc, name):
            continue  # "Common Agricultural Policy (CAP)": a law, not a body
        out = [sp for sp in out if sp not in inside]
        out.append(name)
    if len(out) == len(spans) and all(a is b for a, b in zip(out, spans, strict=True)):
        return spans
    return sorted(out, key=lambda sp: sp.start)


# What follows a wire-copy dateline: "KYIV (Reuters) -", "BANGKOK:", "BERLIN —".
_DATELINE_ENDS = frozenset({"(", ":", "-", "--", "\u2013", "\u2014", ","})
# after a title-case dateline only a dash: "Toronto, the city ..." opens a sentence
_DATELINE_DASHES = frozenset({"-", "--", "\u2013", "\u2014"})


def _same_case(a: Any, b: Any) -> bool:
    """True when two tokens are both all capitals or both title case."""
    return bool((a.is_upper and b.is_upper) or (a.is_title and b.is_title))


def _add_datelines(doc: Any, spans: list[_Span]) -> list[_Span]:
    """Add the place of a dateline the model left untagged ("BANGKOK: A Myanmar ...").

    An all-capitals word or two at the start of a line, followed by a bracket,
    colon, dash or comma, that is a country or a listed place, is a GPE; so is a
    title-case one followed by a dash ("Toronto – The ..."), where a comma or a
    colon would as often follow a sentence's subject.
    """
    covered = {i for sp in spans for i in range(sp.start, sp.end)}
    places = _place_data()
    added: list[_Span] = []
    for i, tok in enumerate(doc):
        if i in covered or not (tok.is_alpha and (tok.is_title or tok.is_upper)) or len(tok) < 3:
            continue
        if i > 0 and not (doc[i - 1].is_space or "\n" in doc[i - 1].whitespace_):
            continue
        j = i + 1
        nxt = doc[j] if j < len(doc) else None
        if nxt is not None and j not in covered and nxt.is_alpha and _same_case(nxt, tok):
            j += 1  # "NEW DELHI", "TEL AVIV", "Tel Aviv"
        ends = _DATELINE_ENDS if tok.is_upper else _DATELINE_DASHES
        if j >= len(doc) or doc[j].text not in ends:
            continue
        text = doc[i:j].text
        key = fold_name(text)
        listed = key in places.towns or key in places.located or key in _cities()
        if listed or iso3_for(text.title()):
            added.append(_Span(i, j, "GPE", hint=text.title()))  # "Bangkok", not "BANGKOK"
    if not added:
        return spans
    return sorted([*spans, *added], key=lambda sp: sp.start)


def _bracket_acronym(doc: Any, span: _Span) -> str | None:
    """The acronym an organisation's name defines right after it: "... Authority (CMA)"."""
    e = span.end
    if e + 2 >= len(doc) or doc[e].text != "(" or doc[e + 2].text != ")":
        return None
    word = doc[e + 1].text
    if _acronym_letters(word) is None or iso3_for(word):
        return None  # "(UK)" after a name is a place, not the name's acronym
    known = org_name_for(word)
    # The letters need not be the initials: "Federation of German Industries (BDI)".
    if known and known != (span.hint or org_name_for(doc[span.start : span.end].text)):
        return None
    return word


def _link_bracket_acronyms(doc: Any, spans: list[_Span]) -> list[_Span]:
    """Tie every use of an acronym defined in brackets to the name it stands for.

    "the Ministry of Defence (MoD)": each "MoD" of the article becomes an ORG
    mention with the full name as its hint, also where the model tagged it as
    something else or missed it.
    """
    defined: dict[str, str] = {}
    for span in spans:
        if span.label != "ORG":
            continue
        acronym = _bracket_acronym(doc, span)
        if acronym is not None:
            defined.setdefault(acronym, span.hint or doc[span.start : span.end].text)
    if not defined:
        return spans
    covered: dict[int, _Span] = {}
    for span in spans:
        for i in range(span.start, span.end):
            covered[i] = span
    out = list(spans)
    for tok in doc:
        name = defined.get(tok.text)
        if name is None:
            continue
        own = covered.get(tok.i)
        if own is None:
            out.append(_Span(tok.i, tok.i + 1, "ORG", hint=name))
        elif own.end - own.start == 1:
            own.label, own.hint = "ORG", name
    out.sort(key=lambda sp: sp.start)
    return out
