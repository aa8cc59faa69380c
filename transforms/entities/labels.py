"""Labels: what a span is (PERSON, ORG, GPE, LOC, NORP) when the model is wrong.

From the data (countries, demonyms, known organisations, gazetteer places), from the
span's own words (a club name, an organisation word at the end, "Firstname
Surname", a geographic shape), from the words around it (context cues such as
"oil giant Yukos" or "singer Dido") and from coordination ("Calais and Dunkirk").
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from transforms.countries import _fold, fold_name, is_demonym, iso3_for
from transforms.entities.lexicon import (
    _POSSESSIVE_TOKENS,
    _SUBDIVISION_NOUNS,
    _boundary_data,
    _cities,
    _known_people,
    _label_data,
    _place_data,
    _rules,
    _word_set,
    is_given_name,
    org_name_for,
)
from transforms.entities.spans import _Span

_APPOSITIVE_DETERMINERS = _word_set("appositive_determiners")


def _appositive_org(doc: Any, e: int) -> bool:
    """True when ", the/a ... <org type noun>" follows token ``e`` - 1.

    "Unite, the union that ...", "Morena, the party of ...", "Frontex, the
    European Union's border agency": the head noun of the appositive (its last
    noun before a verb, preposition or punctuation) is an organisation noun.
    "Tony Blair, the party leader" has "leader" as its head; in "..., the company
    said" the noun phrase is a new clause's subject.
    """
    if e + 2 >= len(doc) or doc[e].text != "," or doc[e + 1].lower_ not in _APPOSITIVE_DETERMINERS:
        return False
    head = None
    for k in range(e + 2, min(e + 9, len(doc))):
        tok = doc[k]
        if tok.pos_ == "NOUN":
            head = tok
        elif not (
            tok.pos_ in ("PROPN", "ADJ")
            or tok.tag_ in ("VBG", "VBN")  # "the governing party", "a listed company"
            or tok.text in _POSSESSIVE_TOKENS
            or tok.text == "-"
        ):
            if tok.pos_ in ("VERB", "AUX"):
                return False  # "in mid-November, the company said": a new clause
            break
    return head is not None and head.lower_ in _label_data().org_type_nouns


def _place_key_known(text: str) -> bool:
    key = fold_name(text)
    places = _place_data()
    return bool(iso3_for(text)) or key in places.towns or key in places.regions


def _label_by_coordination(doc: Any, spans: list[_Span]) -> None:
    """ "Foxconn and Bosch", "the Pas-de-Calais and Nord departments": like with like.

    Two spans joined by "and", the second (or first) of one word: when one is a
    listed town or region (not a country: "Lufthansa and France's Club Med") and
    the other an ORG the data does not know, both are places ("between Calais and
    Dunkirk"); when one is a
    one-word ORG that is no listed place and the other an unlisted GPE/LOC, both
    are ORGs. A longer name says more than its neighbour ("Cambridge and Imperial
    College London", "Islington South and Finsbury").
    """
    for a, b in itertools.pairwise(spans):
        if b.start != a.end + 1 or doc[a.end].text != "and" or a.hint or b.hint:
            continue
        ta, tb = doc[a.start : a.end].text, doc[b.start : b.end].text
        pa, pb = _place_key_known(ta), _place_key_known(tb)
        for x, px, y, py in ((a, pa, b, pb), (b, pb, a, pa)):
            if y.end - y.start != 1:
                continue
            if (
                px
                and x.label in ("GPE", "LOC")
                and not iso3_for(doc[x.start : x.end].text)  # "Lufthansa and France's"
                and y.label == "ORG"
                and y.cue is None
                and not org_name_for(doc[y.start : y.end].text)
            ):
                y.label = "GPE"
            elif (
                not py
                and not px
                and x.label == "ORG"
                and x.end - x.start == 1
                and y.label in ("GPE", "LOC")
            ):
                y.label = "ORG"
            elif (
                x.label == "ORG"
                and y.label == "PERSON"
                and y.cue is None
                and not y.title
                and not is_given_name(doc[y.start].text)
            ):
                # "Tesco and Aldi", "Fifa and Uefa": a lone word joined to an
                # organisation and with no given name is one too; the cue makes
                # every mention of it in the article follow.
                y.label = "ORG"
                y.cue = _CUE_ORG


def _looks_like_name(doc: Any, span: _Span) -> bool:
    """Reject spans that are not names: lower-case junk, numbers, "Leading European"."""
    toks = doc[span.start : span.end]
    text = toks.text
    if not any(ch.isupper() for ch in text) or not any(ch.isalpha() for ch in text):
        return False
    if _fold(text) in _rules().not_names or text.endswith("-"):
        return False  # "Iranian- and Russian-supported": half of a pair
    if _DESIGNATION.fullmatch(text) and not (org_name_for(text) or iso3_for(text)):
        return False  # "IRIS-T", "Su-35": a weapon's designation
    if len(toks) > 1 and toks[0].text in _rules().event_first_words:
        return False  # "Cyclone Mocha", "Operation Barkhane": events
    if span.label == "PERSON" and (
        any(ch.isdigit() for ch in text)  # "F-16s", "DDR5": designations
        or (len(toks) > 1 and toks[-1].text in _rules().not_person_last_words)  # "... Bill"
    ):
        return False
    if span.label == "ORG" and org_name_for(text):
        return True  # "World Food Programme" is an organisation whatever its last word
    if span.label == "ORG" and toks[-1].text in _rules().not_org_last_words:
        return False  # "Common Agricultural Policy" is a law, not an organisation
    if span.label == "ORG" and any(
        toks[i].text in _rules().not_org_last_words and toks[i + 1].text in ("on", "of", "for")
        for i in range(len(toks) - 1)
    ):
        return False  # "European Convention on Human Rights", "Treaty of Rome"
    if span.label == "NORP" or span.hint:
        return True
    if iso3_for(text) or org_name_for(text):
        return True
    if span.label in ("GPE", "LOC") and _place_key_known(text):
        return True  # "in Sagaing": a listed place the tagger took for a verb (VBG)
    # The tagger is right more often than NER about capitalised adjectives and
    # sentence-initial verbs: a name has at least one proper-noun token.
    return any(t.tag_ in ("NNP", "NNPS") for t in toks)


def _gazetteer_label(text: str, label: str) -> str | None:
    """GPE/LOC for a listed town or region the model tagged PERSON or ORG, else None.

    "Exeter" and "Chihuahua" tagged PERSON, "Midlands" tagged ORG: names nobody
    or no company is called. Given names ("Victoria") are not listed, and known
    organisations keep their label (checked by the caller).
    """
    if label not in ("PERSON", "ORG", "NORP"):
        return None  # NORP: "in Khan Yunis" tagged as a group; demonyms never get here
    key = fold_name(text)
    places = _place_data()
    if key in places.regions:
        return "LOC"
    if key in places.towns and text not in _label_data().cue_only_names:
        # A one-word ORG may be a club or company named after its town ("Chester
        # chairman", "Halifax" the bank): _relabel_by_shape decides with context.
        if (
            label == "ORG"
            and " " not in text
            and key not in _cities()
            and key not in places.states
            and key not in places.located
        ):
            return None
        return "GPE"
    return None


def _relabel(text: str, label: str) -> str:
    """Labels the data knows better than the model (countries, demonyms, orgs, cities)."""
    if iso3_for(text) and not is_demonym(text):
        return "GPE"
    if label in ("ORG", "LOC") and fold_name(text) in _cities():
        return "GPE"  # "Budapest would not take lessons": a city standing for a government
    if (
        label == "PERSON"
        and " " not in text
        and fold_name(text) in _cities()
        and not is_given_name(text)
        and text not in _label_data().cue_only_names
    ):
        return "GPE"  # "Bratislava is home to ...": no one is called that
    if is_demonym(text):
        return "NORP"
    if label != "PERSON" and org_name_for(text):
        return "ORG"
    if label != "PERSON" and " " not in text and _fold(text) in _known_people():
        return "PERSON"  # "a response not only to Trump": a known surname tagged ORG
    if label == "PERSON" and org_name_for(text) and len(text.split()) <= 2:
        return "ORG"  # "Lib Dem" tagged as a person
    return _gazetteer_label(text, label) or label


def _is_initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1 and word[:1].isupper()


def _person_shaped(doc: Any, span: _Span) -> bool:
    """ "Firstname [Initial] Surname" with a known given name ("Viktor Pinchuk").

    A given name that is also a place or brand ("Jordan") needs a cue: the span
    is followed by said/told/... or follows a person word ("singer"). The
    surname must be a capitalised word that ends no organisation or place name
    and is no country, demonym or known organisation.
    """
    data = _label_data()
    words = [t.text for t in doc[span.start : span.end] if t.text != "-"]
    if not 2 <= len(words) <= 3 or fold_name(" ".join(words)) in data.eponymous:
        return False
    first, *rest = words
    if first not in data.given_names:
        if first not in data.cue_only_names:
            return False
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        if after not in data.speech_verbs and before not in data.person_role_nouns:
            return False
    last = rest[-1]
    if (
        last in data.org_last_words
        or last in data.org_last_words_not_places
        or last in data.place_last_words
        or _is_initial(last)
    ):
        return False
    for word in rest:
        bare = word.replace("'", "").replace("’", "")
        if _is_initial(word) or (word in _rules().particles and word != last):
            continue  # "Sigrid de Vries"
        if not (bare.isalpha() and word[:1].isupper() and not word.isupper()):
            return False
        if iso3_for(word) or is_demonym(word) or org_name_for(word):
            return False
    return True


# Before "the X": words that put a river, sea or range there ("on the Clyde");
# "in/at/from the X" are as often organisations ("at the Guardian").
_THE_PLACE_PREPOSITIONS = _word_set("the_place_prepositions")


def _after_the(doc: Any, i: int) -> bool:
    """True when token ``i`` follows a lower-case "the" ("the Clyde", not "The")."""
    return i > 0 and doc[i - 1].text == "the"


def _relabel_by_shape(doc: Any, span: _Span) -> str:
    """Labels the words of a span give away, whatever the model said.

    * sports clubs are ORG ("Manchester United" tagged PERSON); one-word clubs
      that are also places ("Liverpool", "Ulster") only when tagged PERSON;
    * a span ending in an organisation word is ORG ("Blackground Records",
      "Hinckley United"; "Bank", "Union"... only for PERSON spans: "West Bank");
    * "Firstname Surname" tagged ORG/GPE/LOC is a PERSON ("Viktor Pinchuk").

    Countries, demonyms, known organisations and EntityRuler matches keep
    their label.
    """
    label = span.label
    text = doc[span.start : span.end].text
    if span.hint or label not in ("PERSON", "ORG", "GPE", "LOC", "NORP"):
        return label
    if (
        label == "PERSON"
        and span.end - span.start == 1
        and _after_the(doc, span.start)
        # "the Bush administration", "the Blair years": a person as a modifier.
        and not (span.end < len(doc) and doc[span.end].pos_ in ("NOUN", "PROPN", "NUM"))
    ):
        # A lone name after "the" is no person ("built on the Clyde", "told the
        # Guardian"): a place after a place preposition, else an organisation.
        before = doc[span.start - 2].lower_ if span.start >= 2 else ""
        return "LOC" if before in _THE_PLACE_PREPOSITIONS else "ORG"
    if iso3_for(text) or is_demonym(text) or org_name_for(text):
        return label
    data = _label_data()
    key = fold_name(text)
    if label in ("GPE", "LOC") and (key in _place_data().towns or key in _place_data().regions):
        return label  # a listed place: "Rio Grande" is no person, whatever its words
    n_words = span.end - span.start
    if key in data.clubs and (label != "NORP" or n_words > 1):
        return "ORG"
    if key in data.club_places and label == "PERSON":
        return "ORG"
    if label == "NORP":
        return label
    geo = _geo_shape_label(doc, span)
    if geo is not None:
        return geo
    if (
        label == "ORG"
        and n_words == 1
        and key in _place_data().towns
        and span.start > 0
        and doc[span.start - 1].lower_ in _ORG_TOWN_PREPOSITIONS
    ):
        return "GPE"  # "in Glastonbury", but "Chester chairman", "Halifax shares" stay
    head = doc[span.start].text
    if (
        n_words > 1
        and label in ("GPE", "LOC")
        and (org_name_for(head) or (len(head) >= 2 and head.isupper() and head.isalpha()))
        and not iso3_for(head)
        and _place_key_known(doc[span.start + 1 : span.end].text)  # not "AJ Venter"
    ):
        return "ORG"  # "NHS England", "BBC Scotland": an organisation's national arm
    last = doc[span.end - 1].text
    if n_words > 1 and label != "ORG":
        if last in data.org_last_words:
            return "ORG"
        if label == "PERSON" and last in data.org_last_words_not_places:
            return "ORG"
    if label != "PERSON" and _person_shaped(doc, span):
        return "PERSON"
    if label == "PERSON" and _lone_name_after_place_preposition(doc, span):
        return "GPE"
    if (
        label == "PERSON"
        and _acronym_shaped(last)
        and not is_given_name(last.title())
        and not any(t.is_upper for t in doc[span.start : span.end - 1])  # "FATIMA HUSSEIN"
    ):
        return "ORG"  # "SANA", "Bawlakhe PDF": no one's name ends in an acronym
    return label


# Shortest all-capitals word taken for an organisation's acronym ("PDF", "SANA")
_MIN_ACRONYM = 3


_ROMAN_NUMERAL = re.compile(r"[IVXLC]+")
# How weapons and ship classes are designated: a word, a hyphen and capitals or digits
# ("IRIS-T", "Su-35", "S-400"), letters then digits ("K9A1"), "... -class"; only listed
# organisations ("G-7", "G20") are named so.
_DESIGNATION = re.compile(
    r"[A-Za-z]+-(?:[A-Z]{1,3}|[0-9][0-9A-Za-z]*)"  # "IRIS-T", "Su-35"
    r"|[A-Z]{1,3}[0-9]+[A-Z0-9]+"  # "K9A1", "K9PL", "M777" (not "U2": two characters)
    r"|(?:\S+ )*\S+-[Cc]lass"  # "Arleigh Burke-class", "Kalvari-Class": a ship class
)


def _acronym_shaped(word: str) -> bool:
    """True for an all-capitals word of letters ("SANA", "PDF"), not a numeral ("VIII")."""
    return (
        len(word) >= _MIN_ACRONYM
        and word.isalpha()
        and word.isupper()
        and not _ROMAN_NUMERAL.fullmatch(word)
    )


# Words before a lone name that put a place after them, besides place_prepositions.
_BETWEEN = "between"


# A lone place tagged PERSON has one or two words ("in Khan Yunis"); three are a person's.
_LONE_PLACE_WORDS = 2


def _lone_name_after_place_preposition(doc: Any, span: _Span) -> bool:
    """True for one or two words tagged PERSON after "in", "near", "between"... ("in
    Tankwoarou", "a road between Baye and Pissa", "in Khan Yunis") or after an attack
    verb ("attacked Achefer").

    No known given name or person, no title, and no possessive after it
    ("confidence in Smith's plan"); a surname of a person the article names in
    full stays a person (``settle``).
    """
    s, e = span.start, span.end
    if e - s > _LONE_PLACE_WORDS or s == 0 or span.title:
        return False
    prev = doc[s - 1].lower_
    words = [t.text for t in doc[s:e]]
    if e - s > 1 and not all(w.isalpha() and w.istitle() for w in words):
        return False  # "in Khan Yunis", "in Ain Baal"; not "in al-Qedra"
    return (
        (
            prev in _label_data().place_prepositions
            or prev in _PLACE_ATTACK_VERBS  # "attacked Achefer", "occupied Chaung Ma"
            or prev == _BETWEEN
            or (prev == "and" and s >= 3 and doc[s - 3].lower_ == _BETWEEN)  # "between X and Y"
        )
        and not any(is_given_name(w) for w in words)
        and _fold(doc[s:e].text) not in _known_people()
        and _fold(words[-1]) not in _known_people()
        and not (e < len(doc) and doc[e].text in _POSSESSIVE_TOKENS)
    )


# Words before a one-word ORG that is a listed town which make it the town.
_ORG_TOWN_PREPOSITIONS = _word_set("org_town_prepositions")


def _geo_shape_label(doc: Any, span: _Span) -> str | None:
    """LOC/GPE when the words of a span or the noun after it make it a place.

    "Somerset Levels", "Ohio River", "River Parrett", "Gulf of Mexico", "Bristol
    Channel" (not "Discovery Channel": "Channel" needs a place or "English"
    before it), "the Aa river" (a lower-case geographic noun after the name) are
    LOC; "Ciudad Juarez" is a GPE. Spans ending in an organisation word
    ("Thames Valley Police") are never places.
    """
    places = _place_data()
    if span.label == "ORG" and span.end - span.start > 3:
        return None  # "Project for Farmers of the Chancay-Huaral Valley": a body
    last_tok = doc[span.end - 1]
    last = last_tok.text
    data = _label_data()
    if last in data.org_last_words or (
        last in data.org_last_words_not_places and last != "Channel"
    ):
        return None
    if span.end - span.start > 1:
        first = doc[span.start].text
        if last in places.loc_last_words:
            return "LOC"
        if last == "Channel" and (
            doc[span.end - 2].text in places.channel_words
            or fold_name(doc[span.start : span.end - 1].text) in places.towns
        ):
            return "LOC"
        if first in places.loc_first_words and (
            first in ("River", "Lake", "Mount", "Isle") or doc[span.start + 1].lower_ == "of"
        ):
            return "LOC"
        if first in places.gpe_first_words and span.label != "ORG":
            return "GPE"
    if (
        span.label != "ORG"
        and span.end < len(doc)
        and doc[span.end].text in places.loc_nouns
        and "\n" not in last_tok.whitespace_
    ):
        return "LOC"
    if (_settlement_noun_after(doc, span) or _settlement_of_before(doc, span)) and not org_name_for(
        doc[span.start : span.end].text
    ):
        # "Nyaung Kone village", "Zamzam camp", "the village of Jouaiyya"
        return "GPE"
    return None


def _settlement_of_before(doc: Any, span: _Span) -> bool:
    """True when "<settlement or subdivision noun> of" comes right before the span.

    "the village of Jouaiyya", "the province of Zambezia": the lower-case noun
    says what kind of place the name is; a direction says so too ("west of Hokkaido").
    """
    s = span.start
    if s < 2 or doc[s - 1].text != "of":
        return False
    noun = doc[s - 2].text
    return (
        noun in _place_data().settlement_nouns
        or noun in _SUBDIVISION_NOUNS
        or noun in _COMPASS_WORDS  # "17 miles southeast of Syracuse"
    )


def _settlement_noun_after(doc: Any, span: _Span) -> bool:
    """True when a lower-case settlement or subdivision noun follows the span ("... village",
    "... camp", "the Volgograd region")."""
    if span.end >= len(doc) or "\n" in doc[span.end - 1].whitespace_:
        return False
    noun = doc[span.end].text
    return noun in _place_data().settlement_nouns or noun in _SUBDIVISION_NOUNS


# Context cues (see _context_cue): strong ORG evidence, ORG evidence that only
# outweighs a PERSON label, and PERSON evidence.
_CUE_ORG = "ORG"
_CUE_ORG_WEAK = "ORG_WEAK"
_CUE_PERSON = "PERSON"
_ORG_KIND_NOUNS = _word_set("org_kind_nouns")
_COMPASS_WORDS = _word_set("compass_words")
_PLACE_ATTACK_VERBS = _word_set("place_attack_verbs")


def _works_at(preposition: str, noun: str) -> bool:
    """True for "analysts at", "correspondent for": the name after them employs people."""
    bounds = _boundary_data()
    if preposition == "at":
        return noun in bounds.org_member_nouns or noun in bounds.media_member_nouns
    return preposition == "for" and noun in bounds.media_member_nouns


def _context_cue(doc: Any, span: _Span) -> str | None:
    """What the words around a span say it is, if anything.

    * ORG: a type noun before it ("oil giant Yukos", "record company Universal")
      or "shares/stake in" before it;
    * ORG_WEAK: a company noun after it ("Yukos shares", "Chelsea boss",
      "Yukos' assets"); people and places take such nouns too ("Blair aide",
      "Wales captain"), so this only outweighs a PERSON label;
    * PERSON: a person word before it ("singer Dido", "frontman Bono"), not
      after "best" ("the best actor Bafta").
    """
    if span.label == "LOC" and _geo_shape_label(doc, span) == "LOC":
        return None  # "the Gulf of Aden, a shipping lane": the shape says it is a place
    data = _label_data()
    s, e = span.start, span.end
    if s > 0:
        prev = doc[s - 1]
        after_hyphen = s > 1 and doc[s - 2].text == "-"  # "film-maker Michael Moore"
        common = prev.text.islower() or (prev.is_sent_start and prev.text.istitle())
        if common and not after_hyphen:
            prev_word = prev.lower_
            if prev_word in data.person_role_nouns:
                # "the best actor Bafta": an award category, not a person's role.
                if s > 1 and doc[s - 2].lower_ == "best":
                    return None
                return _CUE_PERSON
            if prev_word in data.org_type_nouns:
                return _CUE_ORG
        # "RBI Governor Shaktikanta Das": a capitalised role word right before a
        # two-word or longer name is a title, and titles go before people.
        if (
            span.label != "PERSON"
            and e - s >= 2
            and prev.text.istitle()
            and prev.lower_ in data.person_role_nouns
            and not prev.is_sent_start
            and not iso3_for(doc[s].text)
            and not org_name_for(doc[s:e].text)
        ):
            return _CUE_PERSON
        if prev.lower_ == "in" and s > 1 and doc[s - 2].lower_ in data.org_stake_nouns:
            return _CUE_ORG
        # "analysts at Peel Hunt": people who work at a place of business.
        if s > 1 and _works_at(prev.lower_, doc[s - 2].lower_):
            return _CUE_ORG
        # "its chief economist, Siva Anandaciva": a role noun, a comma, the name.
        if prev.text == "," and s > 1 and doc[s - 2].lower_ in data.person_role_nouns:
            return _CUE_PERSON
    if _appositive_org(doc, e):
        return _CUE_ORG
    if e < len(doc):
        nxt = doc[e]
        if nxt.text in _POSSESSIVE_TOKENS:
            if e + 1 < len(doc) and doc[e + 1].text in data.org_possessive_nouns:
                return _CUE_ORG_WEAK
        elif nxt.text in _ORG_KIND_NOUNS:
            return _CUE_ORG  # "the Boko Haram organisation"
        elif nxt.text in data.org_head_nouns:
            return _CUE_ORG_WEAK
    return None
