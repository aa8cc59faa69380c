"""Casualty rules: killed / wounded / captured words around a count, and whether the deaths come
from armed conflict.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from transforms.military.actors import _actor_of_token
from transforms.military.context import _SentenceCues
from transforms.military.lexicon import _AUX_WORDS, _QUOTES, CAPTURED, KILLED, WOUNDED, _Lexicon
from transforms.military.tokens import _casualty_category, _in_words, _singular

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

    from transforms.military.reading import _Reading


def _casualty_after(
    doc: Doc, j: int, sent_end: int, lex: _Lexicon, noun_class: str | None
) -> tuple[str, int] | None:
    """Casualty word after a phrase ending before token ``j``: "5 soldiers were
    injured", "13,000 Russian soldiers dead", "300 policemen, 600 soldiers, 3,000
    civilians dead" (a list sharing one casualty word)."""
    k = j
    hops = 0
    while k < sent_end and hops < 16:
        tok = doc[k]
        low = tok.lower_
        if low in _AUX_WORDS or tok.text in _QUOTES:
            k += 1
            hops += 1
            continue
        inset_end = _inset_end(doc, k, sent_end)
        if inset_end is not None:
            # "15,900 Palestinians, including 250 health workers, have been killed": the
            # subset between commas shares the casualty word after it
            k = inset_end
            hops += 1
            continue
        if (
            low in ("shot", "stabbed", "beaten", "burned", "gunned")
            and k + 1 < sent_end
            and doc[k + 1].lower_ in ("dead", "down")
        ):
            return KILLED, k + 2
        if (
            low == "taken"
            and k + 1 < sent_end
            and doc[k + 1].lower_
            in (
                "prisoner",
                "prisoners",
                "captive",
                "hostage",
            )
        ):
            return CAPTURED, k + 2
        if (
            low in ("lost", "losing", "gave", "give", "giving")
            and k + 2 < sent_end
            and doc[k + 1].lower_ in ("their", "his", "her")
            and doc[k + 2].lower_ in ("lives", "life")
        ):
            return KILLED, k + 3
        if (
            low == "treated"
            and k + 2 < sent_end
            and doc[k + 1].lower_ == "for"
            and doc[k + 2].lower_ in ("injuries", "wounds", "burns", "shrapnel")
        ):
            return WOUNDED, k + 3  # "55 people were being treated for injuries"
        if low == "with" and k == j and k + 1 < sent_end and doc[k + 1].lower_ in lex.wound_nouns:
            return WOUNDED, k + 2  # "the strike killed 12 people and left 60 with injuries"
        if low in lex.wound_taking_verbs and any(
            t.lower_ in lex.wound_nouns for t in doc[k + 1 : min(sent_end, k + 4)]
        ):
            return WOUNDED, k + 1  # "another 365 have received wounds", "sustained injuries"
        if low == "down" and noun_class == "personnel":
            return KILLED, k + 1  # "10 generals down"
        if tok.pos_ in ("VERB", "ADJ", "NOUN") or tok.tag_ in ("VBN", "VBD", "JJ"):
            cat = _casualty_category(tok, lex)
            if (
                cat is not None
                and low not in ("kill", "kills", "wound", "wounds", "gun")
                and (tok.tag_ not in ("VBZ", "VBP", "VB") or low in ("die", "dies"))
                # "sunk two and killed four sailors": an active verb with its own object
                # ("sinking two, and killing four sailors": the gerund's own object too)
                and not (tok.tag_ in ("VBD", "VBG") and any(c.dep_ == "dobj" for c in tok.children))
            ):
                return cat, k + 1
        # A list of counts sharing the casualty word: skip ", 600 soldiers, more than"
        if (
            low in (",", "and", "or", "more", "than", "over", "some", "about", "nearly")
            or tok.like_num
        ):
            k += 1
            hops += 1
            continue
        if tok.pos_ in ("NOUN", "PROPN", "ADJ") and hops and doc[k - 1].like_num:
            k += 1
            hops += 1
            continue
        break
    return None


# Words that open a subset set off by commas or brackets after a count ("15,900
# Palestinians, including 250 health workers, have been killed"), and how many tokens
# such an inset may run before the comma that closes it.
_INSET_OPENERS = frozenset({"including", "among", "mostly", "mainly", "many"})
_INSET_REACH = 24


def _inset_end(doc: Doc, k: int, sent_end: int) -> int | None:
    """The token after a ", including ... ," (or "(including ...)") inset that starts at
    token ``k`` (the comma or bracket), or None. The inset must close before a verb of
    its own clause would take the count ("including 16 members of a family who were
    returning from a baptism, lost their lives" closes at the comma)."""
    if doc[k].text not in (",", "(", "-", "–", "—") or k + 1 >= sent_end:
        return None
    if doc[k + 1].lower_ not in _INSET_OPENERS:
        return None
    closer = ")" if doc[k].text == "(" else None
    for q in range(k + 2, min(sent_end, k + 2 + _INSET_REACH)):
        text = doc[q].text
        if (closer is not None and text == closer) or (
            closer is None and text in (",", "-", "–", "—")
        ):
            return q + 1
    return None


def _casualty_before(doc: Doc, i: int, sent_start: int, lex: _Lexicon) -> tuple[str, Token] | None:
    """Casualty verb right before the number or its qualifier ("killing at least 29",
    "Gun Down 11 Civilians", "Detained Hundreds")."""
    k = i - 1
    while k >= sent_start and (doc[k].lower_ in ("another", "a", "further", "some", "all")
                               or doc[k].text in _QUOTES):  # fmt: skip
        k -= 1
    if k < sent_start:
        return None
    tok = doc[k]
    if tok.lower_ == "of" and k - 1 >= sent_start and doc[k - 1].lower_ in lex.casualty_of_nouns:
        return KILLED, doc[k - 1]  # "the massacre of 8,000 men"
    if tok.lower_ == "down" and k - 1 >= sent_start:
        prev = doc[k - 1]
        if prev.lemma_.lower() in ("gun", "mow", "cut", "shoot") or prev.lower_ in (
            "gunned",
            "mowed",
            "shot",
        ):
            return KILLED, prev
        return None
    if tok.tag_ == "VBN" and tok.lower_ not in (
        "killed",
        "wounded",
        "injured",
        "captured",
        "detained",
    ):
        return None
    cat = _casualty_category(tok, lex)
    if (
        cat is not None
        and (tok.lower_ not in lex.casualty_nouns or tok.pos_ == "VERB")  # "wounded 172"
        and tok.lower_ not in ("held", "gun")
    ):
        return cat, tok
    if tok.lower_ in lex.lose_words and tok.pos_ == "VERB":
        return "lose", tok
    return None


def _counted_anchor(noun: Token, lex: _Lexicon) -> Token:
    """The token that stands for the whole count in the parse: the first conjunct of a
    list ("men, women and children"), and through a vague head ("tens of thousands of
    men" -> "thousands", "some of the 300 soldiers" is not climbed)."""
    tok = noun
    for _ in range(6):
        if tok.dep_ == "conj" and tok.head != tok and tok.head.pos_ in ("NOUN", "PROPN", "NUM"):
            tok = tok.head
            continue
        if (
            tok.dep_ == "pobj"
            and tok.head.lower_ == "of"
            and tok.head.head != tok.head
            and (tok.head.head.like_num or tok.head.head.lower_ in lex.vague_of_heads)
        ):
            tok = tok.head.head
            continue
        break
    return tok


_KILLER_LEMMAS = frozenset({"kill", "gun", "murder", "massacre", "slaughter"})


def _killer_clause(verb: Token) -> bool:
    """Whether ``verb`` is an active transitive verb: its subject does the killing
    ("gunmen who killed 12 people"), so the subject is not a casualty."""
    if any(c.dep_ == "dobj" for c in verb.children):
        return True
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    return verb.lemma_.lower() in _KILLER_LEMMAS and not passive


def _casualty_by_parse(noun: Token, lex: _Lexicon) -> tuple[str, Token] | None:
    """Casualty verb governing the noun (or its first conjunct, or the vague count it
    hangs on) in the parse: active and passive ("killed seven people", "800,000 people
    were killed by ...", "tens of thousands of men, women and children died"), through
    an epistemic verb ("20,000 people are thought to have died"), or in a relative
    clause ("six million people who perished")."""
    tok = _counted_anchor(noun, lex)
    head = tok.head
    if tok.dep_ in ("dobj", "nsubjpass", "nsubj", "attr", "appos") and head != tok:
        cat = _casualty_category(head, lex)
        killer = tok.dep_ == "nsubj" and _killer_clause(head)
        if cat is not None and not killer and head.lower_ not in ("held", "hold"):
            return cat, head
        if head.lemma_.lower() in ("lose", "suffer"):
            return "lose", head
        if tok.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in lex.epistemic_verbs:
            for child in head.children:
                if child.dep_ == "xcomp":
                    cat = _casualty_category(child, lex)
                    if cat is not None and not _killer_clause(child):
                        return cat, child
    for child in (*noun.children, *(tok.children if tok is not noun else ())):
        if child.dep_ in ("acl", "amod", "relcl") and child.i > noun.i:
            cat = _casualty_category(child, lex)
            if child.dep_ == "relcl" and _killer_clause(child):
                continue  # "the militiamen who killed 40 villagers": the killers
            if cat is not None and child.lower_ not in ("held",):
                return cat, child
    return None


def _in_conflict(
    cues: _SentenceCues,
    category: str,
    noun_class: str,
    exclude: set[str],
    lex: _Lexicon,
    casualty_verb: Token | None,
) -> bool:
    """Whether a casualty count was caused by armed conflict (guidelines): accidents,
    disasters, crime and disease are not; forces' deaths need no further cue."""
    own = cues.conflict - exclude
    if cues.accident:
        return False  # deaths in crashes, sinkings, disease: not "killed", soldiers' too
    if casualty_verb is not None and (
        casualty_verb.lemma_.lower() in lex.state_killer_verbs
        or (category == CAPTURED and casualty_verb.lemma_.lower() in ("take", "seize", "hold"))
        or (category == CAPTURED and casualty_verb.lemma_.lower() in lex.captor_release_verbs)
    ):  # "Israel has released 90 detainees": a state frees its captives
        # "Israel killed 15 ..., detained hundreds": a state or armed group killing or
        # detaining is a military act (the subject may sit on the first conjunct)
        verbs = [casualty_verb]
        if casualty_verb.dep_ == "conj":
            verbs.append(casualty_verb.head)
        for verb in verbs:
            # a state kills or detains; for taking and holding captives a side's
            # forces count too ("Israeli forces took 1,200 prisoners")
            take_or_hold = verb.lemma_.lower() in ("take", "seize", "hold")
            # a side's forces detain or capture too ("Israeli forces detained 25")
            if ((take_or_hold or category == CAPTURED) and _armed_subject(verb, lex)) or any(
                c.dep_ == "nsubj" and _actor_of_token(c, lex, as_subject=True)
                for c in verb.children
            ):
                own = own | {"state-actor"}
    if cues.non_conflict:
        # a disaster or crime in the sentence: only a strong cue in the sentence itself
        # wins, and the army or troops sent to help after a flood are no such cue
        return bool(own - lex.weak_conflict - lex.military_single)
    if noun_class == "personnel":
        return True
    if category == CAPTURED:
        # "held", "detained" are also what police and courts do: the sentence itself
        # must speak of war or captivity, or a state or armed group is the captor
        return (
            bool(own & (lex.conflict_events | {"state-actor"}))
            or cues.captivity
            # "Kyiv said it had brought home 230 people" in a prisoner-swap story
            or (
                cues.swap_release
                and casualty_verb is not None
                and casualty_verb.lemma_.lower() in lex.captor_release_verbs
            )
            # "1,000 Palestinian prisoners", "59 hostages" in a war story
            or (noun_class == "casualty" and cues.context_conflict)
            # the crew of a ship seized in a story of war or forces ("seized in November")
            or (
                casualty_verb is not None
                and casualty_verb.lemma_.lower() in lex.seizure_lemmas
                and (cues.context_conflict or cues.context_military or cues.military)
            )
        )
    return bool(own) or cues.context_conflict


def _armed_subject(verb: Token, lex: _Lexicon) -> bool:
    """Whether the subject of ``verb`` (or its passive agent) is a side's forces or a state
    ("Israeli forces", "the army", "Ukraine", "the Houthis")."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    # a passive's agent is its logical subject ("95 soldiers held by Ukraine")
    agents = [a for a in verb.children if a.dep_ == "agent"]
    subjects += [o for a in agents for o in a.children if o.dep_ == "pobj"]
    if not subjects and verb.dep_ == "xcomp":
        # "JNIM is believed to be holding 20 foreigners": the subject of "believed"
        subjects = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    for child in subjects:
        if (
            _in_words(child, lex.military_unit_nouns)
            or child.lower_ in ("troops", "soldiers")
            or _actor_of_token(child, lex, as_subject=True) is not None
        ):
            return True
    return False


def _crew_of_seized_ship(r: _Reading) -> Token | None:
    """The verb that seized a ship whose crew is counted ("The 25 crew of a car carrier
    seized in November", "24 crew members from the tankers" of a story that seized
    tankers further up), or None: the crew of a seized ship are its captors' captives."""
    noun, doc, lex = r.noun, r.doc, r.lex
    if noun is None or r.casualty is not None or r.noun_class != "person":
        return None  # "killed four crew members": the casualty word decides
    if not (_in_words(noun, lex.crew_nouns) or any(_in_words(t, lex.crew_nouns) for t in r.np)):
        return None
    start = doc[r.sent.start - 1].sent.start if r.sent.start > 0 else r.sent.start
    for t in doc[start : r.sent.end]:
        if t.lemma_.lower() in lex.seizure_lemmas:
            return t
    ships = {
        _singular(p.lower_)
        for c in noun.children
        if c.dep_ == "prep" and c.lower_ in ("of", "from", "on", "aboard")
        for p in c.children
        if p.dep_ == "pobj" and _singular(p.lower_) in lex.attacked_ship_nouns
    }
    for t in doc[: r.sent.start] if ships else ():
        objects = (o for o in t.children if o.dep_ in ("dobj", "nsubjpass"))
        if t.lemma_.lower() in lex.seizure_lemmas and any(
            _singular(o.lower_) in ships for o in objects
        ):
            return t
    return None


def _captive_noun_before(r: _Reading) -> str | None:
    """The unit of the captives a bare captured count shares, named earlier in its
    sentence ("an exchange of prisoners of war, with more than 200 freed by each side" ->
    prisoner of war), or None."""
    doc, lex = r.doc, r.lex
    for k in range(r.first.i - 1, r.sent.start - 1, -1):
        tok = doc[k]
        key = tok.lower_ if tok.lower_ in lex.casualty_nouns else _singular(tok.lower_)
        if tok.pos_ != "NOUN" or lex.casualty_nouns.get(key) != CAPTURED:
            continue
        unit = lex.casualty_noun_units.get(key, "person")
        of_war = k + 2 < len(doc) and doc[k + 1].lower_ == "of" and doc[k + 2].lower_ == "war"
        return f"{unit} of war" if of_war else unit
    return None
