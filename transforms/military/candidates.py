"""Candidates: whether a number with its counted noun is a military figure, and its category and
unit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from transforms.military.actors import _actor_of_token
from transforms.military.casualty import (
    _armed_subject,
    _captive_noun_before,
    _casualty_after,
    _casualty_before,
    _casualty_by_parse,
    _counted_anchor,
    _crew_of_seized_ship,
    _in_conflict,
)
from transforms.military.context import _DocCues
from transforms.military.elided import (
    _capacity_before,
    _count_in_modifier,
    _elided_change,
    _elided_kit,
    _elided_more,
    _elided_subject_kit,
    _in_designation,
    _kit_after_number,
    _kit_subset,
    _ordinal_part,
    _parallel_count,
    _responders,
    _toll_just_before,
)
from transforms.military.lexicon import (
    _NON_COUNT_NEXT,
    _PARTITIVE_DETS,
    _PLURAL_TAGS,
    _QUOTES,
    CAPTURED,
    CASUALTY_CATEGORIES,
    EQUIPMENT,
    KILLED,
    PERSONNEL,
    WOUNDED,
    _Lexicon,
)
from transforms.military.measured import _measured
from transforms.military.nouns import (
    _choose_head,
    _classify_noun,
    _compound_unit,
    _equipment_ok,
    _has_military_modifier,
    _member_of_forces,
    _noun_phrase_after,
    _reporting_subject,
    _singular_system,
)
from transforms.military.reading import UNDECIDED, _Candidate, _Decision, _Reading, _Undecided
from transforms.military.sharing import (
    _after_calibre,
    _estimate_of_previous,
    _force_size_of,
    _headcount_before,
    _later_list_item,
    _released_in_swap,
)
from transforms.military.tokens import _in_words, _is_plural, _lookup, _singular
from transforms.numbers import NumberMatch
from transforms.years import is_year

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token


def _find_candidate(
    doc: Doc,
    m: NumberMatch,
    first: Token,
    last: Token,
    lex: _Lexicon,
    doc_cues: _DocCues,
    previous: _Candidate | None,
) -> _Candidate | None:
    """The military figure a number starts, if any: its span, counted noun, unit and
    category. Each step reads more of the context and may decide."""
    nxt_i = last.i + 1
    while nxt_i < len(doc) and (
        doc[nxt_i].text in _QUOTES
        or (doc[nxt_i].text == "+" and not doc[nxt_i - 1].whitespace_)  # "1,000+ drones"
    ):
        nxt_i += 1
    r = _Reading(doc, m, first, last, lex, doc_cues.for_sent(first.sent), previous, nxt_i)
    for step in (
        _not_a_count,
        _counted_phrase,
        _counted_noun,
        _casualty_context,
        _casualty_by_verb,
        _bare_count,
    ):
        decision = step(r)
        if not isinstance(decision, _Undecided):
            return decision
    return _category(r)


def _not_a_count(r: _Reading) -> _Decision:
    """Numbers that measure, date or price something rather than count it."""
    doc, m, first, lex, nxt_i = r.doc, r.m, r.first, r.lex, r.nxt_i
    n = len(doc)
    nxt = doc[nxt_i] if nxt_i < n else None
    if nxt is not None and (nxt.lower_ in lex.measure_units or nxt.lower_ in _NON_COUNT_NEXT):
        return None
    if _in_designation(doc, first, m, lex):
        return None  # "F-16 Block 70 aircraft", "Leopard 1 tanks": part of a model's name
    if _capacity_before(doc, first, lex):
        return None  # "space for eight missiles": what a launcher holds
    if (
        m.text.lower() == "one"
        and nxt is not None
        and nxt.lower_ in lex.characterising_one_adjectives
        and (first.i == first.sent.start or doc[first.i - 1].is_punct)
    ):
        return None  # "One key artillery system has been ...": a description, not a count
    if nxt is not None and nxt.text == "-" and nxt_i + 1 < n:
        after = doc[nxt_i + 1]
        inside = _count_in_modifier(r, after)
        if inside is not UNDECIDED:
            return inside
        if after.lower_ == "strong":  # "a 40,000-strong force", "million-strong army"
            np = _noun_phrase_after(doc, nxt_i + 2, lex)
            if np and _lookup(np[-1], lex.personnel) is not None:
                return _Candidate(first.i, np[-1].i + 1, np[-1], "troop", PERSONNEL)
            return None
        if after.lower_ in lex.measure_units or after.lower_ in ("year", "old"):
            return None
    if first.ent_type_ == "DATE" and is_year(m.text):
        return None  # "the September 2002 weapons dossier": a year, not a count
    if (
        first.ent_type_ in ("DATE", "TIME", "PERCENT", "ORDINAL", "MONEY", "QUANTITY")
        and not m.vague
        and _casualty_before(doc, first.i, r.sent.start, lex) is None
        and not _toll_just_before(doc, first, lex)
    ):
        np_check = _noun_phrase_after(doc, _after_calibre(doc, nxt_i), lex)
        if not np_check or _choose_head(np_check, first, lex) is None:
            return None
    return UNDECIDED


def _counted_phrase(r: _Reading) -> _Decision:
    """The noun phrase after the number, through a partitive "of", "pieces of" and
    "out of M"."""
    doc, m, first, last, lex = r.doc, r.m, r.first, r.last, r.lex
    n = len(doc)
    start = _after_calibre(doc, r.nxt_i)
    if (
        start + 2 < n
        and doc[start].lower_ == "out"
        and doc[start + 1].lower_ == "of"
        and doc[start + 2].like_num
    ):
        # "destroyed 28 out of 31 drones": 28 counts the drones the 31 counts
        start += 2
        while start < n and doc[start].like_num:
            start += 1
        r.number_only = True
    if start < n and doc[start].lower_ == "of":
        # "thousands of troops"; "twelve of Putin's officers" (a partitive: only a
        # casualty count, "two of the tanks" alone is not a new figure)
        r.partitive = not (m.vague or last.lower_ in lex.vague_of_heads)
        if (
            r.partitive
            and start + 1 < n
            and doc[start + 1].lower_ in ("its", "their", "his", "her", "our")
        ):
            # "donated all 19 of its Caesar howitzers", "pledged 24 of its F-16 jets",
            # "500 of its troops were on alert": a count drawn from a side's own stock
            # is a new figure ("two of the tanks" still points back at a count)
            r.partitive = False
        if (
            r.partitive
            and start + 2 < n
            and doc[start + 1].lower_ == "the"
            and doc[start + 2].like_num
            and _kit_after_number(doc, start + 2, first, lex)
        ):
            start += 1  # "downed 47 of the 62 drones launched": the 62 counts them too
        if r.partitive and start + 1 < n and doc[start + 1].like_num:
            if not _kit_after_number(doc, start + 1, first, lex):
                return None  # "one of four Britons": the count is the inner number
            # "downed 45 of 50 drones": both numbers count the drones (as "45 out of 50")
            r.partitive, r.number_only = False, True
            start += 1
            while start < n and doc[start].like_num:
                start += 1
            start -= 1
        start += 1
        while start < n and (
            doc[start].lower_ in _PARTITIVE_DETS
            or doc[start].tag_ == "POS"
            or doc[start].text in _QUOTES
            or (doc[start].pos_ == "PROPN" and start + 1 < n and doc[start + 1].tag_ == "POS")
        ):
            start += 1
    np = _noun_phrase_after(doc, start, lex)
    if (
        np
        and _in_words(np[-1], lex.count_of_heads)
        and np[-1].i + 2 < n
        and doc[np[-1].i + 1].lower_ == "of"
    ):
        # "120 pieces of artillery", "288 units of the rocket artillery system": the
        # count is of the thing after "of" (whose own number does not matter)
        k = np[-1].i + 2
        while k < n and doc[k].lower_ in _PARTITIVE_DETS:
            k += 1
        inner = _noun_phrase_after(doc, k, lex)
        inner_head = _choose_head(inner, first, lex) if inner else None
        if inner_head is not None and inner_head[1][0] == "equipment":
            np = [*np, *doc[np[-1].i + 1 : k], *inner[: inner.index(inner_head[0]) + 1]]
            r.count_of = True
    if np:
        idiom = " ".join(t.lower_ for t in doc[np[-1].i : np[-1].i + 4])
        if idiom in lex.idiom_personnel:  # "10,000 boots on the ground"
            return _Candidate(first.i, np[-1].i + 1, np[-1], lex.idiom_personnel[idiom], PERSONNEL)
    r.np = np
    return UNDECIDED


def _counted_noun(r: _Reading) -> _Decision:
    """The counted noun of the phrase, its class and unit; a force counted before its
    size; whether the number follows a troop or kit figure."""
    doc, m, first, last, lex, np = r.doc, r.m, r.first, r.last, r.lex, r.np
    if np:
        chosen = _choose_head(np, first, lex)
        if _force_size_of(r, np[-1]):
            # "the two million of China's People's Liberation Army": a force's headcount
            return _Candidate(first.i, np[-1].i + 1, np[-1], "troop", PERSONNEL)
        if chosen is None:
            # the noun phrase counts something else ("19 leaders", "24 hours",
            # "hundreds of freight cars")
            if np[-1].lower_ not in lex.casualty_word_category:
                return _measured(doc, first, last, lex, np)
        else:
            noun, (noun_class, unit) = chosen
            # "6,670mph missile", "10 air defense system": a singular noun after a
            # number above one is a compound modifier, not the counted thing
            if (
                m.value != 1
                and not r.count_of
                and (not m.vague or noun_class == "casualty")
                and not _is_plural(noun, lex)
                and not (noun_class == "casualty" and noun.pos_ == "ADJ")
                and not _singular_system(np[: np.index(noun) + 1], noun, unit, lex)
            ):
                return None  # ("20 dead" is fine: an adjective used as a noun)
            np = r.np = np[: np.index(noun) + 1]
            unit = _compound_unit(np, unit, lex)
            if noun_class in ("person", "demonym") and any(
                c.dep_ == "conj"
                and (_lookup(c, lex.person) or ("", unit))[1] != unit
                and _classify_noun(c, lex) is not None
                and not _reporting_subject(c, lex)
                # "16 underage children and five women", "two sisters and their
                # grandmother": the conjunct is a count or a person of its own
                and not any(g.dep_ in ("nummod", "poss", "det") for g in c.children)
                for c in noun.children
            ):
                unit = "person"  # "men, women and children", "Tutsis and moderate Hutus"
            r.noun, r.noun_class, r.unit = noun, noun_class, unit
    r.end_tok = (r.noun.i + 1) if r.noun is not None and not r.number_only else last.i + 1
    if r.noun is None and not r.partitive:
        headcount = _headcount_before(doc, first, r.sent, lex, r.cues)
        if headcount is not None:
            return _Candidate(first.i, r.end_tok, None, headcount, PERSONNEL)
    previous = r.previous
    r.after_military = (
        previous is not None
        and previous.category in (PERSONNEL, EQUIPMENT)
        and doc[previous.start_tok].sent == r.sent
        and (first.i - previous.end_tok <= 3 or _names_kind_again(r, previous))
    )
    return UNDECIDED


def _names_kind_again(r: _Reading, previous: _Candidate) -> bool:
    """Whether the generic kit noun names again the kind of the kit counted earlier in its
    sentence ("Six submarines are operational, with three follow-on vessels")."""
    if r.noun is None or previous.category != EQUIPMENT:
        return False
    kinds = r.lex.generic_kit_kinds.get(_singular(r.noun.lower_))
    return kinds is not None and previous.unit in kinds


def _casualty_context(r: _Reading) -> _Decision:
    """The casualty the words around the number state: a casualty noun, a verb before
    or after, the parse, "taken N prisoner", a modifier, a shared verb."""
    doc, m, lex, noun, noun_class = r.doc, r.m, r.lex, r.noun, r.noun_class
    n = len(doc)
    sent = r.sent
    r.before_i = r.first.i
    if m.qualifier_start is not None and m.qualifier_start < m.start:
        q = doc.char_span(m.qualifier_start, m.start, alignment_mode="expand")
        if q is not None and len(q) > 0 and q.start < r.before_i:
            r.before_i = q.start
    before_i = r.before_i
    before = _casualty_before(doc, before_i, sent.start, lex)
    if noun_class == "casualty" and noun is not None:
        _casualty_noun(r, noun)
    elif before is not None:
        r.casualty, r.casualty_verb = before
    else:
        following = _casualty_after(doc, r.end_tok, sent.end, lex, noun_class)
        if following is not None:
            r.casualty = following[0]
            r.casualty_verb = doc[following[1] - 1]
            if noun is None and following[1] == r.end_tok + 1:
                r.end_tok = following[1]  # "12 captured", "300 dead"
        else:
            anchor = noun if noun is not None else r.first
            by_parse = _casualty_by_parse(anchor, lex)
            if by_parse is not None:
                r.casualty, r.casualty_verb = by_parse
    if (
        r.casualty is None
        and noun is not None
        and r.end_tok < n
        and doc[r.end_tok].lower_ in ("prisoner", "prisoners", "captive", "captives", "hostage")
        and before_i > sent.start
        and doc[before_i - 1].lemma_.lower() == "take"
    ):
        r.casualty, r.casualty_verb = CAPTURED, doc[before_i - 1]  # "taken 2,000 soldiers prisoner"
    if r.casualty is None and noun_class in ("personnel", "person", "demonym"):
        # "500 fallen soldiers", "1,000 captured fighters": the phrase says it
        for tok in r.np[:-1]:
            cat = lex.casualty_modifiers.get(tok.lower_)
            if cat is not None:
                r.casualty, r.casualty_verb = cat, tok
                break
    if r.casualty is None:
        shared = _shared_casualty(doc, before_i, sent, noun, r.previous, lex)
        if shared is not None:
            r.casualty = shared
    return UNDECIDED


def _casualty_noun(r: _Reading, noun: Token) -> None:
    """A casualty noun counted ("300 dead", "1,000 prisoners of war"), and the verb
    that took prisoners ("Israeli forces took 1,200 prisoners")."""
    doc, lex = r.doc, r.lex
    n = len(doc)
    key = noun.lower_ if noun.lower_ in lex.casualty_nouns else _singular(noun.lower_)
    r.casualty = lex.casualty_nouns.get(key)
    # the casualty noun as written, with a modifier that names its kind ("782 civilian
    # deaths" -> civilian death, "100 war prisoners" -> war prisoner)
    r.unit = _compound_unit(r.np, lex.casualty_noun_units.get(key, "person"), lex)
    if (
        r.casualty == CAPTURED
        and r.end_tok + 1 < n
        and doc[r.end_tok].lower_ == "of"
        and doc[r.end_tok + 1].lower_ == "war"
    ):
        r.end_tok += 2  # "1,000 prisoners of war"
        r.unit = f"{r.unit} of war"
    r.exclude.add(noun.lower_)
    if (
        r.casualty == CAPTURED
        and noun.dep_ == "dobj"
        and noun.head.lemma_.lower() in ("take", "capture", "seize")
        and _armed_subject(noun.head, lex)
    ):
        r.casualty_verb = noun.head  # "Israeli forces took 1,200 prisoners"


def _casualty_by_verb(r: _Reading) -> _Decision:
    """What the casualty verb says: a court's "held" is no capture, "lose" is killed or
    lost kit, people released or held by a side were its captives."""
    lex, cues, noun, noun_class = r.lex, r.cues, r.noun, r.noun_class
    casualty_verb = r.casualty_verb
    seized = _crew_of_seized_ship(r)
    if seized is not None:
        # "The 25 crew of a car carrier seized in November are still held"
        r.casualty, r.casualty_verb = CAPTURED, seized
        return UNDECIDED
    if casualty_verb is not None:
        r.exclude.add(casualty_verb.lower_)
        if (
            casualty_verb.lemma_.lower() == "hold"
            and not cues.captivity
            and not (cues.context_conflict and _armed_subject(casualty_verb, lex))
            and not (casualty_verb.dep_ == "acl" and _armed_subject(casualty_verb, lex))
        ):  # (people "held by Ukraine" are a side's captives)
            return None  # "held without trial" by a court is not a capture in war
    if r.casualty == "lose":
        if noun_class == "personnel" or (
            noun_class == "person"
            and casualty_verb is not None
            and _unit_subject(casualty_verb, lex)
        ):
            # "Russia loses 150 troops" (see docs/military.md); "the brigade lost 23 men"
            r.casualty = KILLED
        elif noun_class == "equipment":
            r.casualty = None
        else:
            return None
    if (
        r.casualty is None
        and noun is not None
        and _in_words(noun, lex.captive_nouns)
        and noun.dep_ in ("dobj", "nsubjpass")
        and noun.head.lemma_.lower() in lex.captor_release_verbs
    ):
        # "Israel has released 90 Palestinian detainees": people freed by a side in a
        # conflict were its captives (the conflict test below keeps courts out)
        r.casualty, r.casualty_verb = CAPTURED, noun.head
    if (
        r.casualty is None
        and noun is not None
        and noun_class in ("personnel", "person", "demonym")
        and noun.dep_ == "dobj"
        and noun.head.lemma_.lower() == "hold"
        and (cues.captivity or cues.context_conflict)
        and _armed_subject(noun.head, lex)
    ):
        # "Israel is holding 10,000 Palestinians", "Russia holds 2,000 Ukrainian soldiers":
        # a side holding people in a war holds captives (courts and police do not count)
        r.casualty, r.casualty_verb = CAPTURED, noun.head
    if (
        r.casualty is None
        and noun is not None
        and noun_class in ("person", "demonym")
        and noun.dep_ in ("dobj", "nsubjpass")
        and noun.head.lemma_.lower() in lex.captor_release_verbs
        and (cues.captivity or cues.context_conflict or cues.conflict)
        and any(
            c.dep_ == "nsubj" and _actor_of_token(c, lex, as_subject=True) is not None
            for c in noun.head.children
        )  # a state or armed group ("a company" is also a military unit)
    ):
        # "Hamas freed 33 hostages ..., while Israel released nearly 2,000 Palestinians":
        # people a side frees in a war were its captives
        r.casualty, r.casualty_verb = CAPTURED, noun.head
    if r.casualty is None and cues.captivity and noun_class in ("personnel", "person", "demonym"):
        r.casualty = CAPTURED  # "returns 144 soldiers from Russian captivity"
    if r.casualty is None and cues.swap_release:
        released = _released_in_swap(r)
        if released is not None:
            r.casualty, r.casualty_verb = CAPTURED, released
    return UNDECIDED


def _bare_count(r: _Reading) -> _Decision:
    """A number with no counted noun: a toll measured before it, a back-reference, a
    part of something counted before, or a count sharing the noun before it."""
    doc, first, lex, sent, previous = r.doc, r.first, r.lex, r.sent, r.previous
    if r.noun is None and r.casualty is None and not r.partitive:
        shared = _kit_subset(r)
        if shared is UNDECIDED:
            shared = _elided_kit(r)
        if shared is UNDECIDED:
            shared = _elided_subject_kit(r)
        if shared is UNDECIDED:
            shared = _elided_more(r)
        if shared is UNDECIDED:
            shared = _elided_change(r)
        if shared is UNDECIDED:
            shared = _parallel_count(r)
        if shared is UNDECIDED:
            shared = _ordinal_part(r)
        if shared is not UNDECIDED:
            return shared
    if r.noun is None and r.casualty is None:
        estimate = _estimate_of_previous(r)
        if estimate is not None:
            return estimate  # "killed tens of thousands, with some estimates as high as 150,000"
        measured = _measured(doc, first, r.last, lex, r.np)
        if measured is not None and measured.category in (KILLED, WOUNDED):
            # "Covid death toll hits 578,000": tolls obey the armed-conflict rule too
            noun_kind = "personnel" if measured.unit == "soldier" else "bare"
            if not _in_conflict(r.cues, measured.category, noun_kind, r.exclude, lex, None):
                return None
        return measured
    if r.noun is None:
        before_i = r.before_i
        if before_i > sent.start and doc[before_i - 1].lower_ in ("the", "these", "those"):
            return None  # "the 12 were being held": a back-reference, not a new count
        if (
            before_i - 2 >= sent.start
            and doc[before_i - 2].lower_ == "of"
            and doc[before_i - 1].lower_ in ("which", "them", "these", "those", "whom")
            and not (previous is not None and previous.category in CASUALTY_CATEGORIES)
        ):
            # "launched 145 drones, of which 85 were shot down": a part of kit or forces
            # counted before, not people (a part of the dead is handled as a subset)
            return None
        r.noun_class = "bare"
        r.unit = "person"
        parallel = _parallel_count(r)  # "killed 14 villagers in X and 9 in Y"
        if isinstance(parallel, _Candidate):
            r.unit = parallel.unit
        elif _shares_previous_noun(r) is None:
            person = _person_noun_before(doc, first, sent, lex)
            if person == "-":
                return None  # animals and property are never casualties
            if person is not None:
                r.unit = person
            elif r.casualty == CAPTURED:
                r.unit = _captive_noun_before(r) or r.unit
    if r.partitive and r.casualty is None:
        return None
    return UNDECIDED


def _shares_previous_noun(r: _Reading) -> _Candidate | None:
    """ "15 Armenians killed, 12 captured": the bare count shares the noun before it;
    the figure it shares with (its actor carries over), or None."""
    previous, lex = r.previous, r.lex
    if (
        previous is not None
        and previous.noun is not None
        and previous.noun.sent == r.sent
        and previous.category in CASUALTY_CATEGORIES
        and previous.noun.i < r.first.i
    ):
        # the actor carries over, and so does the unit of a people or forces noun
        # in the "N killed, M wounded" form ("62 civilians were killed and 180
        # wounded", "300 soldiers killed and 2,700 wounded"; not "Killed 15 Kids,
        # Detained Hundreds")
        r.inherited = previous
        if previous.unit == "person" or (
            r.end_tok > r.last.i + 1
            and previous.noun.tag_ in _PLURAL_TAGS
            and (_lookup(previous.noun, lex.person) or _lookup(previous.noun, lex.personnel))
        ):
            r.unit = previous.unit
    return r.inherited


def _category(r: _Reading) -> _Candidate | None:
    """The category, once the noun and any casualty are known: casualties in a
    conflict, lost kit, people drafted, forces, equipment."""
    doc, first, lex, cues, noun, np = r.doc, r.first, r.lex, r.cues, r.noun, r.np
    noun_class, unit, end_tok = r.noun_class, r.unit, r.end_tok
    assert noun_class is not None
    if r.casualty is not None:
        if noun_class == "equipment" and noun is not None:
            # lost, destroyed or captured kit is still counted kit
            if not _equipment_ok(doc, np, noun, lex, cues, after_military=r.after_military):
                return None
            return _Candidate(first.i, end_tok, noun, unit, EQUIPMENT)
        return _casualty_candidate(r)
    if noun_class in ("person", "demonym") and noun is not None:
        # "thousands of young civilians are drafted into the military"
        head = noun.head
        if noun.dep_ == "pobj" and head.lower_ == "of":
            head = head.head.head if head.head.dep_ in ("nsubjpass", "dobj") else head.head
        verb = head.lemma_.lower()
        if verb in lex.personnel_verbs and (
            cues.military or cues.context_military or verb in lex.strong_personnel_verbs
        ):  # "the junta plans to conscript 5,000 young men"
            return _Candidate(first.i, end_tok, noun, unit, PERSONNEL)
        return _measured(doc, first, r.last, lex, np)
    if noun_class == "personnel" and noun is not None:
        if _in_words(noun, lex.personnel_needs_context) and not _forces_context(r, noun):
            return None
        if _responders(r, noun):
            return None
        return _Candidate(first.i, end_tok, noun, unit, PERSONNEL)
    if noun_class == "equipment" and noun is not None:
        if not _equipment_ok(doc, np, noun, lex, cues, after_military=r.after_military):
            return None
        return _Candidate(first.i, end_tok, noun, unit, EQUIPMENT)
    return None


def _casualty_candidate(r: _Reading) -> _Candidate | None:
    """A casualty figure, if its sentence is about armed conflict (and a personnel noun
    that needs it has a military cue)."""
    assert r.casualty is not None and r.noun_class is not None
    lex, noun = r.lex, r.noun
    if not _in_conflict(r.cues, r.casualty, r.noun_class, r.exclude, lex, r.casualty_verb):
        return None
    if (
        r.noun_class == "personnel"
        and noun is not None
        and _in_words(noun, lex.personnel_needs_context)
        and not (
            _has_military_modifier(r.np, noun, lex)
            or r.cues.conflict - r.exclude
            or r.cues.context_conflict
        )
    ):
        return None
    cand = _Candidate(r.first.i, r.end_tok, noun, r.unit, r.casualty)
    if r.inherited is not None:
        cand.actor, cand.actor_known = r.inherited.actor, True
    return cand


def _forces_context(r: _Reading, noun: Token) -> bool:
    """Whether a personnel noun that needs context ("engineers", "volunteers") has it:
    a military modifier, a military sentence, an armed group, forces moved or recruited."""
    lex, cues = r.lex, r.cues
    return bool(
        _has_military_modifier(r.np, noun, lex)
        or cues.military
        or _member_of_forces(noun, lex)
        or _armed_org_in(r.sent, lex)  # "The SDF, which has 60,000 fighters"
        or (
            # "Berlin has moved some 200 engineers to the site" in a story of forces
            cues.context_military
            and _counted_anchor(noun, lex).head.lemma_.lower()
            in lex.deploy_verbs | lex.personnel_verbs  # "had recruited 50,000 volunteers"
            # "confine one terrorist only to recruit 10 unknown terrorists" is
            # rhetoric: attackers and gunmen keep needing a conflict cue of their own
            and not _in_words(noun, _ATTACKER_NOUNS)
        )
    )


def _armed_org_in(sent: Span, lex: _Lexicon) -> bool:
    """Whether the sentence names an armed group ("SDF", "Hamas", "RSF"); the UN, the
    EU and institutions the lexicon maps to no one do not count."""
    for tok in sent:
        if tok.is_upper or tok.is_title:
            code = lex.armed_orgs.get(tok.lower_)
            if code and code not in ("UN", "EU"):
                return True
    return False


_ATTACKER_NOUNS = frozenset({"terrorist", "gunman", "gunmen", "sniper"})


def _unit_subject(verb: Token, lex: _Lexicon) -> bool:
    """Whether the subject of ``verb`` is a military unit ("the brigade lost 23 men")."""
    return any(c.dep_ == "nsubj" and _in_words(c, lex.military_unit_nouns) for c in verb.children)


def _shared_casualty(
    doc: Doc,
    before_i: int,
    sent: Span,
    noun: Token | None,
    previous: _Candidate | None,
    lex: _Lexicon,
) -> str | None:
    """A count that shares the casualty of another: a subset ("killed 43 people,
    including 17 children"), a second conjunct ("12 marines captured ... and eight
    soldiers"), or a list after "among the dead were" ("among the dead were nine aid
    workers")."""
    # "among the dead / wounded / injured / killed were ..."
    k = before_i - 1
    while k >= sent.start and doc[k].lower_ in ("were", "was", "are", "is", "also"):
        k -= 1
    if (
        k - 2 >= sent.start
        and doc[k - 2].lower_ == "among"
        and doc[k - 1].lower_ == "the"
        and doc[k].lower_ in lex.casualty_nouns
    ):
        return lex.casualty_nouns[doc[k].lower_]
    if previous is None or previous.category not in CASUALTY_CATEGORIES:
        return None
    prev_sent = doc[previous.start_tok].sent
    if prev_sent != sent:
        # "... the killing of 22 people. It said the figure includes eight women who were
        # ... killed": a part named by an include verb right after the toll's sentence
        after_toll = prev_sent.end == sent.start and before_i - 1 >= sent.start
        if after_toll and doc[before_i - 1].lower_ in lex.subset_words:
            return previous.category
        return None
    if before_i - 1 >= sent.start and doc[before_i - 1].lower_ in ("including", "among"):
        return previous.category
    if _later_list_item(doc, before_i, sent, previous):
        return previous.category
    if (
        before_i - 2 >= sent.start
        and doc[before_i - 2].lower_ == "among"
        and doc[before_i - 1].lower_ in ("them", "whom", "those")
    ):
        return previous.category  # "killed 12, among them three children"
    if before_i - 2 >= sent.start and (doc[before_i - 2].lower_, doc[before_i - 1].lower_) in (
        ("along", "with"),
        ("well", "as"),
    ):
        # "2,300 soldiers have been killed ..., along with 1,800 civilians"
        return previous.category
    if (
        before_i - 2 >= sent.start
        and doc[before_i - 2].lower_ == "of"
        and doc[before_i - 1].lower_ in ("whom", "them", "which", "these", "those")
    ):
        return previous.category  # "killed 40 people, of whom 12 were children"
    if (
        noun is not None
        and previous.noun is not None
        and noun.dep_ == "conj"
        and (noun.head == previous.noun or _conjunct_in_modifier(noun, previous.noun))
    ):
        return previous.category
    return None


# Dependency labels of a clause that modifies a counted noun ("12 marines captured
# during the defence of Mariupol").
_MODIFIER_CLAUSE_DEPS = frozenset({"acl", "relcl"})


def _conjunct_in_modifier(noun: Token, previous: Token) -> bool:
    """Whether a count the parse hangs as a conjunct on a noun inside the earlier count's
    modifier clause is that count's conjunct: "12 marines captured during the defence of
    Mariupol and eight National Guard soldiers" (spaCy joins the soldiers to "defence")."""
    tok = noun.head
    if tok.i <= previous.i or any(c.dep_ == "nummod" for c in tok.children):
        return False
    for _ in range(6):
        if tok.head == tok:
            return False
        if tok.head == previous:
            return tok.dep_ in _MODIFIER_CLAUSE_DEPS
        tok = tok.head
    return False


def _person_noun_before(doc: Doc, first: Token, sent: Span, lex: _Lexicon) -> str | None:
    """Unit of a bare casualty count from a plural people noun earlier in the clause
    ("forces fire on civilians, killing 14" -> civilian)."""
    for k in range(first.i - 1, max(sent.start, first.i - 8) - 1, -1):
        tok = doc[k]
        if tok.pos_ in ("NOUN", "PROPN") and _is_plural(tok, lex):
            if any(c.dep_ == "nummod" for c in tok.children):
                return None  # "15 Palestinian Kids, Detained Hundreds": another group
            if _in_words(tok, lex.non_casualty):
                return "-"  # "killing 91 foxes - only four were killed by hounds"
            if _in_words(tok, lex.collective_person_nouns):
                return None  # "sheltering displaced families killed at least 27": people
            found = _lookup(tok, lex.person)
            if found is not None:
                return found[1]
            if _lookup(tok, lex.personnel) is not None:
                return None
    return None
