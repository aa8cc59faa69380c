"""Settling labels inside one article: one label per name where the model wavers."""

from __future__ import annotations

from typing import Any

from transforms.countries import _fold, fold_name, is_demonym, iso3_for
from transforms.entities.canonical import _Mention, _name_tokens, _surname
from transforms.entities.labels import _CUE_ORG, _CUE_PERSON
from transforms.entities.lexicon import _label_data, _word_set, is_given_name, org_name_for


def _settle_by_cues(mentions: list[_Mention], people: set[str]) -> set[str]:
    """Label every mention of a name by the cues around any of its mentions.

    "oil giant Yukos" once and "Yukos chief executive" once make every "Yukos"
    of the article an ORG; "singer Dido" makes every "Dido" a PERSON. Names
    with cues both ways, names of people given in full in the article, and
    countries or known organisations are left alone. A place becomes an ORG
    only on strong cues and when no mention has a place preposition before it
    ("at Gleneagles"). Returns the folded names that were settled.
    """
    by_key: dict[str, list[_Mention]] = {}
    for m in mentions:
        if m.label in ("PERSON", "ORG", "GPE", "LOC") and not m.hint:
            by_key.setdefault(" ".join(_name_tokens(m.text)), []).append(m)
    settled: set[str] = set()
    for key, group in by_key.items():
        cues = {m.cue for m in group if m.cue}
        if not cues or (_CUE_PERSON in cues and len(cues) > 1):
            continue
        text = group[0].text
        if iso3_for(text) or org_name_for(text) or any(m.title for m in group):
            continue
        places = [m for m in group if m.label in ("GPE", "LOC")]
        # A place needs a strong cue and no "at/in" before any of its mentions.
        place_stays = places and (_CUE_ORG not in cues or any(m.place_cue for m in group))
        eponymous = fold_name(text) in _label_data().eponymous  # "firm Thomas Cook"
        # "analysts at Peel Hunt": a strong cue outweighs a PERSON label when the
        # name does not open with a known given name.
        person_shaped = is_given_name(text.split()[0])
        if _CUE_PERSON in cues:
            target = "PERSON"
        elif (key in people and not eponymous and (person_shaped or _CUE_ORG not in cues)) or (
            place_stays
        ):
            continue
        else:
            target = "ORG"
        for m in group:
            m.label = target
        settled.add(key)
    return settled


def _settle_labels(mentions: list[_Mention]) -> None:
    """One label per name in an article, where the model wavers between mentions.

    * a full name given as PERSON somewhere ("Victor Conte"), or its surname
      ("Zelensky" of "Volodymyr Zelensky"), is a person wherever it is tagged
      ORG/GPE/LOC, unless it is a country or a known organisation;
    * a two- or three-word ORG/GPE/LOC name whose last word is used alone as a
      PERSON ("Marion Jones" tagged ORG, "Jones" tagged PERSON) is a person;
    * any other name tagged differently in different sentences takes its
      majority label (the first mention breaks ties).

    Before that, names with context cues are settled (``_settle_by_cues``).
    """
    people: set[str] = set()
    lone_people: set[str] = set()
    for m in mentions:
        if m.label == "PERSON":
            toks = _name_tokens(m.hint or m.text)
            if len(toks) > 1:
                people.add(" ".join(toks))
                people.add(" ".join(_surname(toks)))
            else:
                lone_people.add(toks[0])
    settled = _settle_by_cues(mentions, people)
    if settled:
        lone_people -= settled
        # A full name a cue made a person ("RBI Governor Shaktikanta Das") makes
        # its surname one too ("Das said").
        for m in mentions:
            toks = _name_tokens(m.text)
            if m.label == "PERSON" and len(toks) > 1 and " ".join(toks) in settled:
                people.add(" ".join(_surname(toks)))
    votes: dict[str, dict[str, int]] = {}
    first_label: dict[str, str] = {}
    placed: set[str] = set()  # names with "in/at ..." before a GPE/LOC mention
    for m in mentions:
        if m.label in ("PERSON", "ORG", "GPE", "LOC") and not m.hint:
            key = " ".join(_name_tokens(m.text))
            per = votes.setdefault(key, {})
            per[m.label] = per.get(m.label, 0) + 1
            first_label.setdefault(key, m.label)
            if m.place_cue and m.label in ("GPE", "LOC"):
                placed.add(key)
    for m in mentions:
        if m.label not in ("PERSON", "ORG", "GPE", "LOC") or m.hint:
            continue
        if iso3_for(m.text) or org_name_for(m.text):
            continue
        toks = _name_tokens(m.text)
        key = " ".join(toks)
        if key in settled:
            continue
        if key in people or (
            m.label != "PERSON"
            and 2 <= len(toks) <= 3
            and toks[-1] in lone_people
            and all(w[:1].isupper() for w in m.text.split())
        ):
            m.label = "PERSON"
            continue
        per = votes.get(key, {})
        if per:
            best = max(per.values())
            winners = [lab for lab, n in per.items() if n == best]
            # A tie must still give one label, so one name never gets two ids: a
            # place when one mention reads like a place ("in Newport"), else an
            # organisation (the model's usual slip is tagging a company GPE), else
            # the first mention's label.
            places = [lab for lab in winners if lab in ("GPE", "LOC")]
            if len(winners) == 1:
                m.label = winners[0]
            elif key in placed and places:
                m.label = first_label[key] if first_label[key] in places else places[0]
            elif "ORG" in winners:
                m.label = "ORG"
            else:
                m.label = first_label[key] if first_label[key] in winners else winners[0]


# Words before a name that make it a town even in a sports report, where "at
# Chelsea" means at the club's ground.
_TOWN_PREPOSITIONS = _word_set("town_prepositions")
_TOWN_NOUNS = _word_set("town_nouns")


def _town_cue(doc: Any, start: int) -> bool:
    """True for "in Liverpool", "the city of Liverpool": the town, not its club."""
    if start == 0:
        return False
    prev = doc[start - 1].lower_
    if prev in _TOWN_PREPOSITIONS:
        return True
    return prev == "of" and start > 1 and doc[start - 2].lower_ in _TOWN_NOUNS


def _head_word(toks: tuple[str, ...]) -> str:
    """The word an organisation's short form keeps: its first, or its second after a
    demonym or a country ("observatory" of "Syrian Observatory for Human Rights")."""
    if len(toks) > 2 and (is_demonym(toks[0]) or iso3_for(toks[0])):
        return toks[1]
    return toks[0]


def _settle_company_short_forms(mentions: list[_Mention]) -> None:
    """A lone word tagged PERSON that opens an organisation's name of the article is it.

    "Thistle Energy reported a loss ... Thistle would recover": the model calls
    the short form a person; after a demonym or a country, the next word ("The
    Observatory" of "Syrian Observatory for Human Rights"). Not when the word is
    part of a person's full name in the article ("Eluned Morgan" and "Morgan Stanley").
    """
    org_firsts = {
        _head_word(toks)
        for m in mentions
        if m.label == "ORG" and len(toks := _name_tokens(m.text)) > 1
    }
    if not org_firsts:
        return
    person_words = {
        w for m in mentions if m.label == "PERSON" for w in _name_tokens(m.text) if " " in m.text
    }
    for m in mentions:
        if m.label != "PERSON" or m.hint or m.title or " " in m.text:
            continue
        word = _fold(m.text)
        if word in org_firsts and word not in person_words:
            m.label = "ORG"


def _settle_club_places(mentions: list[_Mention], model_labels: list[str]) -> None:
    """In a sports report, a town that is also a club's name is the club, mention by mention.

    An article that names at least two known clubs (as the model tagged them,
    before labels were settled) is a sports report; there a
    one-word club name that is also a town ("Liverpool", "Brentford") is the
    club (ORG) unless the words before it make it the town ("in Liverpool", "the
    city of Liverpool"). Both can occur in one article: they get two ids.
    """
    data = _label_data()
    clubs = {
        key
        for m, label in zip(mentions, model_labels, strict=True)
        if (key := fold_name(m.text)) in data.clubs or (label == "ORG" and key in data.club_places)
    }
    if len(clubs) < 2:
        return
    for m in mentions:
        if m.hint or m.label not in ("GPE", "LOC", "ORG"):
            continue
        if fold_name(m.text) in data.club_places and not iso3_for(m.text):
            m.label = "GPE" if m.town_cue else "ORG"
