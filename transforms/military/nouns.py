"""Counted noun: the noun phrase after a number, its head, its lexicon class and unit, and whether
equipment is military kit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from transforms.countries import country_for, is_demonym
from transforms.military.actors import _MODIFIER_DEPS, _actor_of_token
from transforms.military.context import _SentenceCues
from transforms.military.lexicon import _NP_POS, _PLURAL_TAGS, _QUOTES, _Lexicon
from transforms.military.tokens import (
    _calibre_before,
    _casualty_category,
    _designation_unit,
    _in_words,
    _is_model,
    _is_plural,
    _lookup,
    _singular,
)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token


def _noun_phrase_after(doc: Doc, i: int, lex: _Lexicon) -> list[Token]:
    """Tokens of the noun phrase that starts at token ``i`` (up to its head noun)."""
    run: list[Token] = []
    j = i
    n = len(doc)
    while j < n and len(run) < 8:
        tok = doc[j]
        if tok.is_sent_start and j > i:
            break
        if tok.text in _QUOTES:
            j += 1  # "'6 More' Caesar Howitzers", 'Pskov "blue berets"'
            continue
        if tok.text in ("-", "–") and run and j + 1 < n and not doc[j - 1].whitespace_:
            run.append(tok)  # "anti-tank", "U.S.-built"; a spaced dash ends the phrase
            j += 1
            continue
        if (
            j + 2 < n
            and not tok.whitespace_
            and doc[j + 1].text in ("-", "–")
            and not doc[j + 1].whitespace_
            and tok.pos_ in ("VERB", "ADV", "ADP", "PART")
        ):
            run.append(tok)  # "follow-on vessels", "stand-off missiles": a glued compound
            j += 1
            continue
        if run and run[-1].text in ("-", "–") and tok.pos_ in ("ADP", "PART", "ADV"):
            run.append(tok)  # the particle after the glued dash ("follow-on")
            j += 1
            continue
        if tok.pos_ == "ADV" and j + 1 < n and doc[j + 1].text == "-" and not tok.whitespace_:
            run.append(tok)  # "well-trained troops"
            j += 1
            continue
        if (
            tok.pos_ == "ADV"
            and tok.lower_.endswith("ly")
            and j + 1 < n
            and doc[j + 1].tag_ in ("VBN", "JJ")
            and doc[j + 1].dep_ in ("amod", "compound")
        ):
            run.append(tok)  # "four critically injured patients", "two badly damaged tanks"
            j += 1
            continue
        if (
            run
            and run[-1].tag_ in _PLURAL_TAGS
            and (run[-1].head != tok or tok.lower_ in ("prisoner", "captive", "hostage"))
            and not _is_model(run[-1], lex)
        ):  # "taken 2,000 soldiers prisoner": the count is of soldiers
            # a plural noun heads its phrase ("householders or occupiers", "troops
            # east") unless it modifies the next word ("forces members", "weapons dossier")
            break
        if tok.pos_ == "CCONJ" and run and run[-1].pos_ in ("ADJ", "NOUN", "PROPN"):
            # "Russian and Chinese warships", "guard and reserve soldiers": the phrase
            # goes on when a plural military noun follows within three words
            ahead = doc[j + 1 : min(n, j + 4)]
            if (run[-1].dep_ in ("amod", "compound", "nmod") and run[-1].head.i > j) or any(
                t.pos_ in ("NOUN", "PROPN")
                and _is_plural(t, lex)
                and (_lookup(t, lex.personnel) or _lookup(t, lex.equipment))
                for t in ahead
            ):
                run.append(tok)
                j += 1
                continue
        if (
            tok.pos_ in _NP_POS
            or (tok.tag_ in ("VBN", "VBG") and tok.dep_ in ("amod", "compound"))
            or _designation_unit(tok, lex) is not None  # "MiG-29" is often tagged PUNCT
        ):
            low = tok.lower_
            # the casualty word ends the phrase: "15 Armenians killed", "13,000 soldiers dead"
            if run and _casualty_category(tok, lex) and tok.pos_ in ("VERB", "ADJ"):
                if any(t.pos_ in ("NOUN", "PROPN") for t in run):
                    break
                if low not in lex.casualty_nouns:
                    break
            if (
                tok.pos_ == "NUM"
                and run
                and _designation_unit(tok, lex) is None  # "12 more F-35 jets"
                and not (
                    run[-1].pos_ in ("PROPN", "PUNCT") or any(c.isupper() for c in run[-1].text)
                )
            ):
                break  # "150 troops 21 tanks" (a lost comma); "PzH 2000" is a model name
            run.append(tok)
            j += 1
            continue
        break
    # The head is the last noun of the run; trailing adjectives belong to what follows.
    while (
        run
        and run[-1].pos_ not in ("NOUN", "PROPN")
        and not (
            run[-1].lower_ in lex.casualty_nouns
            or run[-1].lower_ in lex.equipment
            or _is_model(run[-1], lex)
        )
    ):
        run.pop()
    return run


def _classify_noun(tok: Token, lex: _Lexicon) -> tuple[str, str] | None:
    """(class, unit) of a head noun: personnel | equipment | person | casualty | demonym."""
    if tok.lower_ in lex.non_casualty or _singular(tok.lower_) in lex.non_casualty:
        return None
    if tok.lower_ == "lives" and tok.head.lemma_.lower() not in lex.lives_verbs:
        return None  # "claimed 50,000 lives" is a death count, "saved 50 lives" is not
    if tok.lower_ in lex.casualty_nouns and tok.pos_ == "ADJ":
        return "casualty", tok.lower_  # "300 dead", "20 wounded"
    designation = _designation_unit(tok, lex)
    if designation is not None:
        return "equipment", designation  # "six F-16s", "12 Su-34s"
    if _singular(tok.lower_) == "fighter" and any(
        c.dep_ in _MODIFIER_DEPS
        and (c.lower_ in lex.aircraft_fighter_modifiers or _is_model(c, lex))
        for c in tok.children
    ):
        return "equipment", "fighter"  # "40 J-35 stealth fighters" are aircraft
    found = _lookup(tok, lex.equipment)
    if found is not None:
        return "equipment", found[1]
    found = _lookup(tok, lex.personnel)
    if found is not None and found[0] not in ("man", "men", "member", "police"):
        return "personnel", found[1]
    if found is not None and found[0] == "member" and _member_of_forces(tok, lex):
        return "personnel", "member"  # "1,500 service members", "National Guard members"
    found = _lookup(tok, lex.casualty_nouns)
    if found is not None:
        return "casualty", found[0]
    staff = _military_staff(tok, lex)
    if staff is not None:
        return "personnel", staff  # "70 Ukrainian military officials"
    found = _lookup(tok, lex.person)
    if found is not None:
        return "person", found[1]
    if (tok.is_title or tok.is_upper) and is_demonym(tok.text):
        return "demonym", "person"  # "15 Armenians killed", "25,000 Russians"
    if (
        tok.is_title
        and tok.i > 0
        and tok.nbor(-1).is_title
        and is_demonym(f"{tok.nbor(-1).text} {tok.text}")
    ):
        return "demonym", "person"  # "10,000 North Koreans", "two South Africans"
    return None


def _military_staff(tok: Token, lex: _Lexicon) -> str | None:
    """The unit of a staff noun that "military" modifies ("70 military representatives"),
    or None; "two military officials said" counts the speakers, not forces."""
    found = _lookup(tok, lex.military_staff_nouns)
    if found is None or not any(
        c.dep_ in _MODIFIER_DEPS and c.lower_ in lex.military_staff_modifiers for c in tok.children
    ):
        return None
    if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in lex.reporting_verbs:
        return None
    return str(found[1])


def _member_of_forces(tok: Token, lex: _Lexicon) -> bool:
    """Whether "members" is modified by a forces word ("service", "National Guard")."""
    return tok.lower_ in ("member", "members") and any(
        c.dep_ in ("compound", "amod") and c.lower_ in lex.member_modifiers for c in tok.children
    )


def _compound_unit(np: Sequence[Token], unit: str, lex: _Lexicon) -> str:
    """A two- or three-word unit the lexicon keeps whole ("air defence systems" -> air
    defence system, "crew members" -> crew member); else ``unit``."""
    if not np:
        return unit
    head = _singular(np[-1].lower_)
    for width in (2, 1):
        if len(np) <= width:
            continue
        words = " ".join(t.lower_ for t in np[-1 - width : -1]).replace(" - ", "-")
        found = lex.compound_units.get(f"{words} {head}")
        if found is not None:
            return found
    return unit


def _choose_head(
    np: list[Token], first: Token, lex: _Lexicon
) -> tuple[Token, tuple[str, str]] | None:
    """The counted noun of a phrase and its class: normally the last noun; a model
    name earlier in the phrase wins over an unknown last word ("3 MLRS M270
    installations"); a mis-tagged verb at the end is skipped ("48 cruise missiles rain")."""
    head = np[-1]
    classified = _classify_noun(head, lex)
    if classified is not None and _in_words(head, lex.equipment_needs_context):
        # "nine HIMARS MLRS and similar systems": the model name says what is counted
        # ("36 Rafale jets" keeps its head: the model names the same kind of thing)
        for tok in np[:-1]:
            split = _split_model_unit(tok, lex)
            if split is not None:
                # "Three more Iris-T systems": one model name, split at its dash
                if split != classified[1] and classified[1] not in lex.counted_part_heads:
                    return head, ("equipment", split)
                continue
            if _is_model(tok, lex):
                found = _classify_noun(tok, lex)
                if found is None or found[1] == classified[1]:
                    continue
                if classified[1] in lex.counted_part_heads:
                    if found[1].endswith(classified[1]):
                        return head, found  # "nine HIMARS launchers" -> rocket launcher
                    break  # "48 Patriot launchers" counts launchers, not systems
                return tok, found
    if classified is not None:
        return head, classified
    if first.dep_ == "nummod" and first.head in np and first.head != head:
        classified = _classify_noun(first.head, lex)
        if classified is not None:
            return first.head, classified
    for tok in reversed(np[:-1]):
        found = _classify_noun(tok, lex)
        if found is None or found[0] not in ("equipment", "personnel"):
            continue
        if _designation_unit(tok, lex) is not None:
            continue  # "12 T-20 matches": a designation before another noun is a modifier
        if _in_words(tok, lex.model_names):
            return tok, found
        # a plural noun that is not a modifier inside the phrase is its real head
        # ("48 cruise missiles rain", "troops east"); "weapons tycoons" stays out
        if _is_plural(tok, lex) and (head.dep_ == "ROOT" or tok.head not in np):
            return tok, found
    return None


def _split_model_unit(tok: Token, lex: _Lexicon) -> str | None:
    """The kind of weapon a model name names when the tokenizer split it at its dash
    ("Iris", "-", "T" -> iris-t -> air defence system), read from its first part; else None."""
    doc = tok.doc
    if tok.i + 2 >= len(doc) or doc[tok.i + 1].text != "-" or tok.whitespace_:
        return None
    if doc[tok.i + 1].whitespace_:
        return None
    joined = f"{tok.lower_}-{doc[tok.i + 2].lower_}"
    if joined not in lex.model_names:
        return None
    return lex.equipment.get(joined)


def _has_military_modifier(
    np: Sequence[Token], head: Token, lex: _Lexicon, *, country_counts: bool = False
) -> bool:
    """A military word in the phrase ("armoured vehicles", "senior Russian officers").
    A country alone counts for equipment ("27 Chinese planes") but not for people
    ("5 Georgia officers" may be police)."""
    words = {t.lower_ for t in np if t != head}
    words |= {c.lower_ for c in head.children if c.dep_ in _MODIFIER_DEPS}
    # place names do not make people military ("5 Georgia officers"); demonyms
    # written as adjectives do ("Ukrainian recruits", "Russian officers")
    places = {w for w in words if country_for(w) is not None and not is_demonym(w)}
    if (words - places) & lex.military_modifiers or any(is_demonym(w) for w in words - places):
        return True
    return country_counts and any(_actor_of_token(t, lex) is not None for t in np if t != head)


def _military_nearby(doc: Doc, tok: Token, lex: _Lexicon, width: int = 12) -> bool:
    """A military or armed-conflict word within ``width`` tokens of ``tok`` in its
    sentence (the clause, roughly): "former army captain ... to 60 aircraft" is too far."""
    sent = tok.sent
    for other in doc[max(sent.start, tok.i - width) : min(sent.end, tok.i + width + 1)]:
        if other.i == tok.i:
            continue
        low = other.lower_
        # institutions and events only: "jets" next to "aircraft" says nothing
        if low in lex.military_single or low in lex.conflict_events:
            return True
    return False


def _fired(noun: Token, lex: _Lexicon) -> bool:
    """Whether kit is fired at a target or brought down: "fired 1,000 drones at Ukraine",
    "shot down 40 drones" (a launch with no target may be a light show)."""
    verb = noun.head
    if noun.dep_ not in ("dobj", "nsubjpass") or verb.lemma_.lower() not in lex.firing_verbs:
        return False
    if verb.lemma_.lower() in lex.downing_verbs or any(c.lower_ == "down" for c in verb.children):
        return True
    return any(c.dep_ == "prep" and c.lower_ in lex.target_preps for c in verb.children)


def _equipment_ok(
    doc: Doc,
    np: Sequence[Token],
    noun: Token,
    lex: _Lexicon,
    cues: _SentenceCues,
    *,
    after_military: bool = False,
) -> bool:
    """Whether an equipment noun counts military kit here: never with a civilian
    modifier ("Airbus A380 freight-carrying jets"), rockets never with a space cue,
    generic words only with a military modifier, a model name, a military word nearby,
    or right after another military figure ("120 personnel and two helicopters")."""
    words = {t.lower_ for t in np} | {c.lower_ for c in noun.children}
    # "5 million rounds of ammunition": the "of" object names the kind of thing
    of_words = {p.lower_ for c in noun.children if c.lower_ == "of" for p in c.children}
    words |= of_words
    if words & lex.civilian_modifiers:
        return False
    key = _singular(noun.lower_)
    if key in ("rocket", "launcher") and cues.space:
        return False  # rockets sent to orbit are not weapons
    required = lex.equipment_requires_modifier.get(key) or lex.equipment_requires_modifier.get(
        noun.lower_  # "means" is its own singular
    )
    if required is not None and not words & set(required):
        return False  # "99 separate targets" of a cyber attack
    if _attacked_merchant_ship(np, noun, lex):
        return False
    if _in_words(noun, lex.equipment_needs_context):
        return (
            bool(words & lex.model_names)
            or bool(of_words & lex.military_modifiers)
            or _has_military_modifier(np, noun, lex, country_counts=True)
            or _military_nearby(doc, noun, lex)
            or _calibre_before(doc, np[0].i if np else noun.i)
            or after_military
            or (
                # "the air force said it shot down 52 drones": a military phrase too;
                # "Russia fired 1,000 drones at Ukraine": kit that is fired or downed
                (cues.context_military or cues.military or _fired(noun, lex))
                and _in_words(noun, lex.context_equipment_nouns)
            )
            or any(_is_model(t, lex) or _split_model_unit(t, lex) is not None for t in np)
            or ((cues.military or cues.context_military) and _named_kit(np, noun, lex))
        )
    return True


def _attacked_merchant_ship(np: Sequence[Token], noun: Token, lex: _Lexicon) -> bool:
    """Whether a ship seized, attacked or sunk is a merchant ship: no military word and no
    side names it ("the Houthis have seized one ship", not "sank two Russian ships")."""
    if _singular(noun.lower_) not in lex.attacked_ship_nouns:
        return False
    verb = noun.head
    if noun.dep_ not in ("dobj", "nsubjpass") or verb.lemma_.lower() not in lex.attacked_ship_verbs:
        return False
    return not _has_military_modifier(np, noun, lex, country_counts=True)


def _named_kit(np: Sequence[Token], noun: Token, lex: _Lexicon) -> bool:
    """Whether a generic kit noun carries a model name the lexicon does not know ("four
    IRIS-T systems", "three NASAMS batteries"): a capitalised word before it that names no
    country, people or organisation."""
    if _singular(noun.lower_) not in lex.named_kit_heads:
        return False
    doc = noun.doc

    def model_word(t: Token) -> bool:
        if not (t.is_alpha and (t.is_upper or t.is_title) and t.pos_ == "PROPN"):
            return False
        if t.i + 1 < noun.i and doc[t.i + 1].text == "-" and not t.whitespace_:
            return t.ent_type_ not in ("GPE", "NORP")  # "Iris-T", "Krab-2": a designation
        return len(t) > 1 and t.ent_type_ not in ("GPE", "NORP", "ORG", "LOC", "PERSON")

    return any(t.i < noun.i and not t.is_sent_start and model_word(t) for t in np)


def _reporting_subject(conj: Token, lex: _Lexicon) -> bool:
    """Whether a conjunct is the speaker of the sentence, mis-parsed onto the count ("killed
    53 people, including 20 children, residents and rebel groups said"): a reporting verb
    follows it."""
    after = conj.right_edge.i + 1
    return after < len(conj.doc) and conj.doc[after].lemma_.lower() in lex.reporting_verbs


def _singular_system(np: Sequence[Token], noun: Token, unit: str, lex: _Lexicon) -> bool:
    """Whether a singular kit name of several words heads the count ("the purchase of the
    10 air defense system worth 178 million euros"): the plural left out, not a modifier."""
    return (
        " " in _compound_unit(np, unit, lex)
        and noun.dep_ not in ("compound", "amod", "nmod")
        and not (noun.i + 1 < len(noun.doc) and noun.doc[noun.i + 1].pos_ in ("NOUN", "PROPN"))
    )
