"""Canonical names inside one article: every surface form of an entity under its fullest name.

People: "Starmer" and "Sir Keir" to "Keir Starmer"; organisations: known aliases,
acronyms defined or matching a full name's initials, and short forms of a longer
name; places: countries to their display name and ISO3, short place forms to the
longer one; NORP groups to the country's first demonym.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from transforms.countries import (
    _canonical_demonyms,
    _fold,
    country_for,
    fold_name,
    is_demonym,
    is_territory,
    iso3_for,
)
from transforms.entities.lexicon import (
    _SUBDIVISION_NOUNS,
    _WATER_HEADS,
    _boundary_data,
    _label_data,
    _place_data,
    _rules,
    org_name_for,
)
from transforms.entities.spans import _is_capitalised


@dataclass(slots=True)
class _Mention:
    start_char: int
    end_char: int
    text: str
    label: str
    name: str = ""  # canonical name, filled in by canonicalisation
    entity_id: str = ""
    iso3: str | None = None
    title: str | None = None
    hint: str | None = None
    cue: str | None = None
    place_cue: bool = False  # "at Gleneagles": a place preposition right before it
    town_cue: bool = False  # "the city of Liverpool", "in Liverpool": surely the town
    modifier: bool = False  # "Houthi rebels", "Houthi-controlled": a noun or hyphen follows
    after_the: bool = False  # "the Houthis": a lower-case "the" right before it


def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(_fold(name.replace("-", " - ")).split())


def _surname(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Surname with its particles: ("ursula", "von", "der", "leyen") -> ("von", "der", "leyen")."""
    particles = _rules().particles
    for i, tok in enumerate(tokens[1:], start=1):
        if tok in particles:
            return tokens[i:]
    return tokens[-1:]


def _is_sub_name(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """True when ``short`` names the same person as the longer ``full``.

    "George Bush" in "George W Bush" (same first and last), "von der Leyen" or
    "Manuel Barroso" as a tail of the full name.
    """
    if len(short) >= len(full):
        return False
    if short[0] == full[0] and short[-1] == full[-1]:
        return True
    return full[-len(short) :] == short


def _canonicalise_people(people: list[_Mention]) -> None:
    """Give every PERSON mention the fullest name of its person in the article."""
    clusters: list[list[_Mention]] = []
    keys: list[tuple[str, ...]] = []  # fullest token form of each cluster

    def own(m: _Mention) -> tuple[str, ...]:
        return _name_tokens(m.hint or m.text)

    multi = sorted((m for m in people if len(own(m)) > 1), key=lambda m: -len(own(m)))
    for m in multi:
        toks = own(m)
        for i, key in enumerate(keys):
            if toks == key or _is_sub_name(toks, key):
                clusters[i].append(m)
                break
        else:
            clusters.append([m])
            keys.append(toks)

    for m in (m for m in people if len(own(m)) == 1):
        toks = own(m)
        candidates = [i for i, k in enumerate(keys) if len(k) > 1 and _surname(k)[-1:] == toks]
        if not candidates:  # "Keir" for "Keir Starmer", "Marion" for "Marion Jones"
            candidates = [i for i, k in enumerate(keys) if len(k) > 1 and k[0] == toks[0]]
        if not candidates:
            candidates = [i for i, k in enumerate(keys) if k == toks]
        if len(candidates) > 1:
            # Two Bushes in one article: the nearest preceding full mention wins.
            at = m.start_char
            candidates.sort(
                key=lambda i: max(
                    (c.start_char for c in clusters[i] if c.start_char <= at), default=-1
                ),
                reverse=True,
            )
        if candidates:
            clusters[candidates[0]].append(m)
        else:
            clusters.append([m])
            keys.append(toks)

    for cluster in clusters:
        best = max(
            cluster,
            key=lambda m: (
                len(own(m)),
                sum(1 for o in cluster if o.text == m.text),
                -m.start_char,
            ),
        )
        name = best.hint or best.text
        for m in cluster:
            m.name = name


def _initials(name: str) -> str:
    """Capital initials of a name's words: "The Reserve Bank of India" -> "RBI".

    Inner words ("of", "and") and a leading "The" (kept in a name that opens
    mid-sentence) are not part of its acronym.
    """
    inner = _rules().org_inner_words
    words = name.replace("-", " ").split()
    if len(words) > 2 and words[0] == "The":
        words = words[1:]
    return "".join(w[0] for w in words if w not in inner and w[:1].isupper())


def _acronym_letters(text: str) -> str | None:
    """Capitals of an acronym-shaped word ("CMA", "BoJ" -> "BJ", "MoD" -> "MD"), else None."""
    bare = text.replace(".", "")
    if not (2 <= len(bare) <= 6 and bare.isalpha() and bare[0].isupper()):
        return None
    letters = "".join(ch for ch in bare if ch.isupper())
    if len(letters) < 2 or (not bare.isupper() and len(letters) * 2 < len(bare)):
        return None  # "Kestrel", "McDonald" are words, not acronyms
    return letters


def _nearest(
    m: _Mention, names: list[str], by_name: dict[str, list[int]], breaks: list[int]
) -> str:
    """Of several candidate names, the one ``m`` most likely shortens.

    The one mentioned last before ``m`` in the same paragraph ("the Bank" right
    after "Bank of England"); else the one the article names most often
    ("United" in a report on Manchester United that also names Newcastle
    United); else the nearest.
    """
    at = m.start_char
    para = bisect.bisect_right(breaks, at)

    def rank(name: str) -> tuple[int, int, int]:
        before = [c for c in by_name[name] if c <= at]
        if before and bisect.bisect_right(breaks, max(before)) == para:
            return (0, 0, at - max(before))
        distance = at - max(before) if before else min(by_name[name]) - at
        return (1, -len(by_name[name]), abs(distance))

    return min(sorted(names), key=rank)


def _national(word: str) -> bool:
    """True for a demonym or a country opening a body's name ("Syrian", "Russia")."""
    return is_demonym(word) or iso3_for(word) is not None


def _shortens(
    toks: tuple[str, ...],
    name: str,
    m: _Mention,
    by_name: dict[str, list[int]],
    first_seen: dict[tuple[str, ...], int],
    short_counts: dict[tuple[str, ...], int],
) -> bool:
    """True when the short form ``toks`` can stand for the longer organisation ``name``.

    It must start or end the longer name, not as half of a hyphenated pair
    ("Fiat" of "Fiat-GM"). A one-word short form must also come after the long
    name in the body ("Riggs Bank ... Riggs"), unless the long name only adds
    company words ("Toyota" ... "Toyota Motor"): a parent company named first
    is not its unit named later ("Fiat" ... "Fiat Powertrain"), and two names
    that are both used more than once are two things ("Google", "Google News").
    """
    full = _name_tokens(name)
    n = len(toks)
    if len(full) <= n:
        return False
    prefix = full[:n] == toks
    if prefix:
        extra = full[n:]
    elif n == 1 and len(full) > 2 and full[1] == toks[0] and _national(full[0]):
        return True  # "the Observatory" of "Syrian Observatory for Human Rights"
    elif full[-n:] == toks:
        extra = full[:-n]  # "Villa" of "Aston Villa": a club or body, never its product
    else:
        return False
    if "-" in (extra[0], extra[-1]):
        return False
    if n > 1:
        return True
    suffixes = _label_data().org_suffix_words
    if all(w in suffixes for w in extra):
        return True
    if not prefix:
        return True
    if len(by_name[name]) > 1 and short_counts.get(toks, 0) > 1:
        return False  # both used again and again: "Google" and its "Google News"
    long_first = first_seen.get(full, min(by_name[name]))
    return long_first <= first_seen.get(toks, m.start_char)


def _compound_acronym_names(text: str, by_name: dict[str, list[int]]) -> list[str]:
    """Longer names that ``text`` writes as a prefix plus an acronym of the rest.

    "Kyauk Lone Gyi PDF" of "Kyauk Lone Gyi People's Defense Force": the same
    first words, then an acronym whose capitals are the initials of the words
    after them in the longer name.
    """
    words = text.split()
    if len(words) < 2:
        return []
    letters = _acronym_letters(words[-1])
    if letters is None or not words[-1].isupper():
        return []
    prefix = words[:-1]
    return [
        name
        for name in by_name
        if len(full := name.split()) > len(words)
        and full[: len(prefix)] == prefix
        and _initials(" ".join(full[len(prefix) :])) == letters
    ]


def _canonicalise_orgs(
    orgs: list[_Mention], breaks: list[int] | None = None, title_end: int = 0
) -> None:
    """Known short forms, acronyms and shortened names to the article's fullest name.

    * known aliases ("Nato") and acronyms defined in brackets (hints) first;
    * an acronym whose capitals are the initials of one full name ("CMA" for
      "Competition and Markets Authority", "BoJ" for "Bank of Japan");
    * a shorter form that starts or ends a longer name of the article: "Riggs"
      of "Riggs Bank", "Villa" of "Aston Villa", "Bank" of "Bank of England",
      "Cyber Security Division" of "National Cyber Security Division". With
      several candidates, the one mentioned last before the short form wins.
    """
    breaks = breaks or []
    possessive = _boundary_data().possessive_names
    for m in orgs:
        m.name = m.hint or org_name_for(m.text) or possessive.get(fold_name(m.text), m.text)
    by_name: dict[str, list[int]] = {}
    first_seen: dict[tuple[str, ...], int] = {}  # first mention outside the title line
    short_counts: dict[tuple[str, ...], int] = {}
    for m in orgs:
        if len(_name_tokens(m.name)) > 1:
            by_name.setdefault(m.name, []).append(m.start_char)
        if m.start_char >= title_end:
            first_seen.setdefault(_name_tokens(m.name), m.start_char)
        short = _name_tokens(m.name)
        short_counts[short] = short_counts.get(short, 0) + 1
    for m in orgs:
        if org_name_for(m.text) or m.hint:
            continue
        letters = _acronym_letters(m.text)
        if letters is not None:
            matches = [n for n in by_name if _initials(n) == letters]
            if matches:
                m.name = _nearest(m, matches, by_name, breaks)
                continue
            if m.text.replace(".", "").isupper():
                continue  # an undefined acronym is not the start of some longer name
        compound = _compound_acronym_names(m.text, by_name)
        if compound:
            m.name = _nearest(m, compound, by_name, breaks)
            continue
        toks = _name_tokens(m.name)
        if len(toks) == 1 and not _is_capitalised(m.text):
            continue
        longer = [n for n in by_name if _shortens(toks, n, m, by_name, first_seen, short_counts)]
        if longer:
            m.name = _nearest(m, longer, by_name, breaks)


def _canonicalise_places(places: list[_Mention]) -> None:
    for m in places:
        country = country_for(m.text)
        if country is not None and not is_territory(m.text):  # "Gaza" stays Gaza
            m.name, m.iso3, m.label = country.name, country.iso3, "GPE"
        else:
            m.name = m.hint or _the_name(m.text)


def _the_name(text: str) -> str:
    """ "The Hague" for "Hague" (written "the Hague"): a listed town whose name has its "The"
    ("the Atlantic" stays: "The Atlantic" is a magazine)."""
    if (
        not text.startswith(("The ", "the "))
        and _fold("The " + text) in _boundary_data().the_names
        and fold_name(text) in _place_data().towns
    ):
        return "The " + text
    return text


def _merge_place_short_forms(places: list[_Mention], text: str) -> None:
    """ "Juarez" of "Ciudad Juarez", "the Mississippi" of "Mississippi River".

    A one-word place takes the one longer place of the article that is it plus a
    town prefix ("Ciudad", ``gpe_first_words``) or "River"/"Lake" before it, or a water head
    after it (``water_heads``: "the Mediterranean" of "Mediterranean Sea"), unless a
    subdivision noun follows it ("Parana state" next to "Parana River").
    """
    data = _place_data()
    longer: dict[str, set[str]] = {}
    for m in places:
        words = m.name.split()
        if len(words) != 2 or m.iso3:
            continue
        if words[0] in data.gpe_first_words or words[0] in ("River", "Lake"):
            longer.setdefault(_fold(words[1]), set()).add(m.name)
        elif words[1] in _WATER_HEADS:  # not "Levels": "across Somerset" is the county
            longer.setdefault(_fold(words[0]), set()).add(m.name)
    if not longer:
        return
    for m in places:
        names = longer.get(_fold(m.name))
        if m.iso3 or not names or len(names) != 1:
            continue
        following = text[m.end_char : m.end_char + 14].split()
        if following and following[0].lower() in _SUBDIVISION_NOUNS:
            continue
        m.name = next(iter(names))


def _canonicalise_norp(groups: list[_Mention]) -> None:
    demonyms = _canonical_demonyms()
    for m in groups:
        iso3 = iso3_for(m.text)
        m.iso3 = iso3
        m.name = demonyms.get(iso3, m.text) if iso3 else (m.hint or m.text)
