"""Parties: which side a token names (a country, an armed group, a named entity).

A capital or a government stands for its country ("Kyiv", "the Kremlin", "the
German government", "Russia's defence ministry"); an armed group that is not a
state is a party by name with no ISO3 code ("Hamas", "the Houthis"). Pronouns
stand for the subject above them, else the subject of the sentence before (the
previous-sentence fallback). Money roles also accept any named organisation,
person or place that the entity extractor linked (``EntityMention``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from transforms.countries import place_country
from transforms.entities import country_for, country_name, entity_id_for
from transforms.records import EntityMention
from transforms.roles.statetable import state_of_name
from transforms.roles.syntax import DATA_DIR, noun_phrase, same_line

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

PARTIES_PATH = DATA_DIR / "roles_parties.json"
# Armed groups, capitals and the names of no state's leader (an alliance's head,
# surnames many people share): one list each, kept with the military lexicon. The
# leaders, ministers and organs of a state are the state table's
# (``roles_states.json``, read through ``statetable.state_of_name``).
LEXICON_PATH = DATA_DIR / "military_lexicon.json"

# A plural demonym ("Malians", "Yemenis", "Kenyans"): its singular names the side.
PLURAL_DEMONYM = re.compile(r"(?<=[a-z])(?:an|i)s$")

# How many sentences back a pronoun may look for the side it stands for: the one
# before, and one more when that one's subject is itself a pronoun.
ANTECEDENT_SENTENCES = 2


@dataclass(frozen=True, slots=True)
class Party:
    entity_id: str
    name: str
    iso3: str | None


@dataclass(frozen=True, slots=True)
class PartyData:
    # lower-case surface -> ISO3 or group short name: the one list of armed groups
    # (military_lexicon.json "armed_orgs"), which the military lexicon takes from here
    groups: dict[str, str | None]
    demonyms: dict[str, str | None]  # demonyms the country table lacks
    places: dict[str, str | None]  # capitals, organs the state table lacks -> ISO3
    leaders: dict[str, str | None]  # leaders of no state ("Stoltenberg"), or no side
    institutions: frozenset[str]
    pronouns: frozenset[str]
    person_pronouns: frozenset[str]  # "his", "him": never a state or company
    thing_pronouns: frozenset[str]  # "it", "its": never a person
    labels: frozenset[str]
    non_party_heads: frozenset[str]
    force_nouns: frozenset[str]
    named_forces: frozenset[str]  # the Bundeswehr: one state's own forces
    reporting_verbs: frozenset[str]
    person_nouns: frozenset[str]  # private people: no side however modified
    side_nouns: frozenset[str]  # "from the Ukrainian side": a side, after "from"
    state_force_nouns: frozenset[str]  # "the military": the article's one state's
    state_force_modifiers: frozenset[str]  # "junta soldiers": the same, as a modifier


def _table(raw: dict[str, Any], key: str) -> dict[str, str | None]:
    return {k: v for k, v in raw[key].items() if not k.startswith("_")}


@cache
def party_data() -> PartyData:
    own: dict[str, Any] = json.loads(PARTIES_PATH.read_text(encoding="utf-8"))
    lex: dict[str, Any] = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    places = {
        **_table(lex, "capital_actors"),
        **_table(own, "state_organs"),
    }
    return PartyData(
        groups=_table(lex, "armed_orgs"),
        demonyms=_table(own, "demonyms"),
        places=places,
        leaders=_table(lex, "leader_actors"),
        institutions=frozenset(own["institution_nouns"]),
        pronouns=frozenset(own["pronouns"]),
        person_pronouns=frozenset(own["person_pronouns"]),
        thing_pronouns=frozenset(own["thing_pronouns"]),
        labels=frozenset(own["entity_labels"]),
        non_party_heads=frozenset(own["non_party_heads"]),
        force_nouns=frozenset(own["force_nouns"]),
        named_forces=frozenset(own["named_forces"]),
        reporting_verbs=frozenset(lex["reporting_verbs"]),
        person_nouns=frozenset(k for k in lex["person_nouns"] if not k.startswith("_")),
        side_nouns=frozenset(own["side_nouns"]),
        state_force_nouns=frozenset(own["state_force_nouns"]),
        state_force_modifiers=frozenset(own["state_force_modifiers"]),
    )


def party_for_code(code: str) -> Party:
    """A lexicon value: an ISO3 code ("RUS") or a group's short name ("Hamas")."""
    if len(code) == 3 and code.isupper():
        name = country_name(code)
        if name is not None:
            return Party(f"country:{code}", name, code)
    return Party(entity_id_for("ORG", code), code, None)


def side_from_surface(
    surface: str, tables: Sequence[Mapping[str, str | None]] | None = None
) -> Party | None:
    """A country or armed group named by ``surface`` ("Ukraine", "Russian", "the
    Houthis", "Kyiv", "the Kremlin"): the lexicon ``tables`` first (by default the
    armed groups, the demonyms, the places and the leaders of no state), then the
    state table, then the country names; a plural demonym ("Malians", "Yemenis") is
    its singular's side, through the same tables. The one resolver of money roles and
    military actors."""
    text = re.sub(r"['\u2019]s?$", "", surface.strip())
    if not text:
        return None
    if tables is None:
        data = party_data()
        tables = (data.groups, data.demonyms, data.places, data.leaders)
    found = _side_of_text(text, tables)
    if found is _NOT_FOUND and PLURAL_DEMONYM.search(text):
        found = _side_of_text(text[:-1], tables)
    return found if isinstance(found, Party) else None


# What ``_side_of_text`` gives when no table or name knows the text (a table's null
# is a known text with no side, which stops the plural-demonym retry).
_NOT_FOUND = object()


def _side_of_text(text: str, tables: Sequence[Mapping[str, str | None]]) -> Party | object | None:
    """The side of ``text``: a lexicon table, then the state table, then the country
    names; ``_NOT_FOUND`` when nothing knows it."""
    key = re.sub(r"^the\s+", "", text.lower())
    for table in tables:
        if key in table or f"the {key}" in table:
            code = table.get(key, table.get(f"the {key}"))
            return party_for_code(code) if code else None
    state = state_of_name(text)
    if state is not None:
        # a leader in office or a state's organ ("Putin", "the Pentagon"); a leader
        # out of office on the article's day is a person, no side
        return party_for_code(state) if isinstance(state, str) else None
    country = country_for(text)
    if country is not None:
        return Party(country.entity_id, country.name, country.iso3)
    return _NOT_FOUND


def _entity_of(tok: Token) -> str | None:
    """The text of the spaCy entity ``tok`` stands in, if it has a kept label."""
    if not tok.ent_type_:
        return None
    for ent in tok.sent.ents:
        if ent.start <= tok.i < ent.end:
            return ent.text if ent.label_ in party_data().labels else None
    return None


def _name_part(tok: Token) -> bool:
    """Whether ``tok`` is one word of a several-word person's name."""
    if tok.ent_type_ != "PERSON":
        return False
    ent = next((e for e in tok.sent.ents if e.start <= tok.i < e.end), None)
    return ent is not None and len(ent) > 1


def side_of_token(tok: Token) -> Party | None:
    """The side one token names, looking at its whole entity ("United States")."""
    if tok.pos_ in ("DET", "ADP", "PUNCT", "NUM", "AUX", "CCONJ", "PART"):
        return None
    ent = _entity_of(tok)
    if ent is not None:
        found = side_from_surface(ent)
        if found is not None:
            return found
        if tok.ent_type_ == "ORG" and (tok.i + 1 >= len(tok.doc) or tok.nbor(1).ent_iob_ != "I"):
            return None  # "Samsung Australia" is a company, not Australia
    if not any(c.isupper() for c in tok.text) and tok.lower_ not in party_data().groups:
        return None
    if _name_part(tok):
        # a part of a person's name is no group or place ("Kim Jong Un" is not the UN);
        # a leader's name still stands for the state ("Vladimir Putin")
        # and a country the tagger took into a name still counts ("Various Russian")
        code = leader_code(tok)
        if code:
            return party_for_code(code)
        country = country_for(tok.text)
        return Party(country.entity_id, country.name, country.iso3) if country else None
    return side_from_surface(tok.text)


def side_of_phrase(tok: Token, *, speaker: bool = True) -> Party | None:
    """The one side a noun phrase names: its head ("Ukraine"), or, for an institution
    noun, its modifiers ("the German government", "Russia's defence ministry"). Two
    different countries ("France and Germany") name no single side."""
    if tok.lower_ in party_data().pronouns:
        return pronoun_side(tok)
    data = party_data()
    heads = [tok, *(c for c in tok.children if c.dep_ in ("conj", "appos"))]
    found: list[Party] = []
    for head in heads:
        if head.lemma_.lower() in data.non_party_heads:
            continue  # "Sudan's war has killed": a war is no side
        side = side_of_token(head)
        if side is None and head.pos_ in ("NOUN", "PROPN"):
            # "the German government", "Russia's defence ministry", "Russian strikes";
            # "France and Germany pledge troops" names two sides: none
            side = _modifier_side(head)
            if side is None and head.lemma_.lower() in data.institutions:
                side = _of_side(head)
            if side is None:
                side = _by_side(head)  # "attacks by the RSF"
            if side is None and speaker and head.lower_ in data.force_nouns:
                side = speaker_side(head)  # "air defences destroyed ..., Kyiv said"
            if side is None and head.dep_ == "pobj" and head.head.lower_ == "by":
                side = _bare_force_state(head)  # "killed by the military"
        if side is not None and side not in found:
            found.append(side)
    groups = [p for p in found if p.iso3 is None]
    if groups:
        return groups[0]
    return found[0] if len(found) == 1 else None


def _modifier_side(head: Token) -> Party | None:
    sides: list[Party] = []
    for mod in noun_phrase(head)[1:]:
        if mod.lower_ in party_data().pronouns:
            side = pronoun_side(mod) if mod.dep_ == "poss" else None
        else:
            side = side_of_token(mod)
        if side is not None and side not in sides:
            sides.append(side)
    groups = [p for p in sides if p.iso3 is None]
    if groups:
        return groups[0]
    return sides[0] if len(sides) == 1 else None


def _by_side(head: Token) -> Party | None:
    for child in head.children:
        if child.dep_ in ("prep", "agent") and child.lower_ == "by":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return side_of_token(pobj) or _modifier_side(pobj)
    return None


def leader_speaker_side(tok: Token) -> Party | None:
    """The state of a head of state or government who reports the clause ``tok``
    stands in ("Trump told Fox News that six bombs were dropped"): leaders speak for
    their own side's acts; officials may be reporting what was done to them."""
    data = party_data()
    cur = tok
    for _ in range(8):
        if cur.head == cur:
            return None
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX") and cur.lemma_.lower() in data.reporting_verbs:
            subj = _subject_of(cur)
            if subj is None or leader_code(subj) is None:
                return None
            return side_of_token(subj)
    return None


def leader_code(tok: Token) -> str | None:
    """The ISO3 (or an alliance's short name) of the state or organisation a leader,
    minister or organ ``tok`` names stands for on the article's day: the state table
    for the name ``tok`` stands in ("Lloyd Austin", "Putin", "the Pentagon"), else
    the lexicon's leaders of no state ("Stoltenberg" -> NATO). None for any other
    token, a leader out of office and a name that names no side ("Kim")."""
    key = tok.lower_
    if key in party_data().leaders:
        return party_data().leaders[key]
    ent = next((e for e in tok.sent.ents if e.start <= tok.i < e.end), None)
    for name in (ent.text, tok.text) if ent is not None and len(ent) > 1 else (tok.text,):
        code = state_of_name(name)
        if code is not None:
            return code if isinstance(code, str) else None
    return None


def speaker_side(tok: Token) -> Party | None:
    """The side of whoever reports the clause ``tok`` stands in: the subject of the
    reporting verb above it ("..., the Ukrainian military said")."""
    data = party_data()
    cur = tok
    for _ in range(8):
        if cur.head == cur:
            break
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX") and cur.lemma_.lower() in data.reporting_verbs:
            subj = _subject_of(cur)
            if subj is None or subj.lower_ in data.pronouns:
                return None
            return side_of_phrase(subj, speaker=False)
    # "With air defences destroying 28 drones, the Ukrainian military said": the
    # reporting verb is the root and the clause hangs below it
    root = tok.sent.root
    if root.lemma_.lower() in data.reporting_verbs and root != tok:
        subj = _subject_of(root)
        if subj is not None and subj.lower_ not in data.pronouns:
            return side_of_phrase(subj, speaker=False)
    return None


def _of_side(head: Token) -> Party | None:
    """ "the government of Japan", "the army of Sudan"."""
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return side_of_token(pobj)
    return None


def _subject_of(verb: Token) -> Token | None:
    """The verb's subject; of two (a misparse of a leading "date 2023-04-09" marker),
    the one nearest before the verb."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    before = [c for c in subjects if c.i < verb.i]
    if len(subjects) > 1 and before:
        return before[-1]
    return subjects[0] if subjects else None


def same_sentence_antecedent(pron: Token) -> Token | None:
    """The nearest named subject above a pronoun in its sentence ("Microsoft announced
    its intention to acquire ..." -> Microsoft), if any."""
    tok = pron
    for _ in range(8):
        if tok.head == tok:
            return None
        tok = tok.head
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        subj = _subject_of(tok)
        if subj is None or subj.i >= pron.i or subj.i <= pron.i <= subj.right_edge.i:
            continue
        if subj.lower_ in party_data().pronouns or subj.pos_ == "PRON":
            continue
        return subj
    return None


def pronoun_side(pron: Token, depth: int = 0) -> Party | None:
    """The side a pronoun stands for: the nearest named subject above it in the
    sentence ("The Houthis said they had fired"), else the subject of the sentence
    before ("Iran fired 180 missiles. It also launched ...")."""
    tok = pron
    for _ in range(8):
        if tok.head == tok:
            break
        tok = tok.head
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        subj = _subject_of(tok)
        if subj is None or subj.i >= pron.i or subj.i <= pron.i <= subj.right_edge.i:
            continue
        if subj.lower_ in party_data().pronouns or subj.pos_ == "PRON":
            continue
        return side_of_phrase(subj)
    return previous_sentence_side(pron, depth)


def previous_sentence_side(tok: Token, depth: int = 0) -> Party | None:
    """The side the sentence before names as the subject of its main clause."""
    doc = tok.doc
    if tok.sent.start == 0 or depth >= ANTECEDENT_SENTENCES:
        return None
    sent = doc[tok.sent.start - 1].sent
    root = sent.root
    verbs = [root, *(c for c in root.children if c.dep_ in ("ccomp", "conj", "parataxis"))]
    for verb in verbs:
        subj = _subject_of(verb)
        if subj is None:
            continue
        if subj.lower_ in party_data().pronouns:
            return pronoun_side(subj, depth + 1)
        side = side_of_phrase(subj)
        if side is not None:
            return side
    return None


def side_or_company(tok: Token) -> Party | None:
    """A side, else the company a spaCy ORG entity names ("Hanwha Aerospace"): the
    supplier of arms may be a firm."""
    side = side_of_phrase(tok)
    if side is None and tok.lower_ in party_data().pronouns:
        antecedent = same_sentence_antecedent(tok)
        return side_or_company(antecedent) if antecedent is not None else None
    if side is not None or tok.ent_type_ != "ORG":
        return side
    ent = _entity_of(tok)
    if ent is None or ent.lower() in party_data().groups:
        return None
    name = _fullest_form(tok, re.sub(r"['\u2019]s?$", "", ent).strip())
    return Party(entity_id_for("ORG", name), name, None)


def _fullest_form(tok: Token, name: str) -> str:
    """The fullest form the text uses for a company named short ("Hanwha" ->
    "Hanwha Aerospace"): the longest ORG entity of the doc that starts with the name,
    where only one such form exists (guidelines: companies by the fullest form)."""
    longer = {
        re.sub(r"['\u2019]s?$", "", e.text)
        for e in tok.doc.ents
        if e.label_ == "ORG" and e.text.startswith(f"{name} ") and "\n" not in e.text
    }
    return longer.pop() if len(longer) == 1 else name


def place_side(tok: Token) -> Party | None:
    """The country a place inside it lies in, for a place token ("Kharkiv" -> UKR)."""
    if tok.pos_ != "PROPN":
        return None
    ent = _entity_of(tok)
    iso3 = place_country(ent or tok.text)
    return party_for_code(iso3) if iso3 is not None else None


class MentionIndex:
    """The article's linked entity mentions by character span, to name a money party
    by its canonical entity (``Microsoft Corp`` -> the article's ``Microsoft``)."""

    def __init__(self, mentions: Sequence[EntityMention], offset: int = 0) -> None:
        self._spans = sorted(
            ((m.start_char - offset, m.end_char - offset, m) for m in mentions),
            key=lambda s: s[0],
        )

    def at(self, tok: Token) -> EntityMention | None:
        start, end = tok.idx, tok.idx + len(tok)
        for s, e, m in self._spans:
            if s > end:
                break
            if s <= start and end <= e:
                return m
        return None


def named_party(tok: Token, index: MentionIndex) -> Party | None:
    """A money party: a side (country, government, group), else the named entity the
    phrase's head stands in ("Amazon", "the European Commission"). Common nouns ("the
    company", "investors") name no party, nor does a private person a place or
    nationality modifies ("a Nevada man ... fined $2,000")."""
    data = party_data()
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in data.person_nouns:
        return None
    if tok.pos_ in ("NOUN", "PROPN") and tok.lower_ in _title_common_words()[1]:
        return None  # "a Nintendo fan spent $40,000": the fan is not Nintendo
    if _demonym_on_common_noun(tok):
        return None  # "a donation to African American studies": no party
    own = _named_company(tok, index)
    if own is not None:
        return own  # "Taiwan's GlobalWafers", "Swiss Xstrata": the company, not its place
    side = side_of_phrase(tok)
    if side is not None:
        return side
    if tok.lower_ in party_data().pronouns | party_data().person_pronouns:
        return _pronoun_party(tok, index)
    inner = [c for c in tok.children if c.dep_ in ("compound", "poss")]
    of_names = [  # "City of Aurora"
        p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
    ]
    for cand in (tok, *inner, *of_names):
        if not same_line(tok, cand):
            continue  # "The Korea Herald\n\nHanwha inks": a byline is no party
        mention = index.at(cand)
        if mention is not None and mention.label in party_data().labels:
            if _all_common(mention.name):
                continue  # "Surgeon fined $3,000": a capitalised common word, no name
            iso3 = mention.entity_id[8:] if mention.entity_id.startswith("country:") else None
            return Party(mention.entity_id, mention.name, iso3)
    ent = _entity_of(tok)
    if ent is not None and tok.ent_type_ in ("ORG", "PERSON") and not _all_common(ent):
        return Party(entity_id_for(tok.ent_type_, ent), ent, None)
    return _bare_name(tok)


def _all_common(name: str) -> bool:
    """Whether an entity's name is one common word ("Surgeon", "City"); a name of
    several ("World Bank") is the tagger's call."""
    return " " not in name.strip() and name.strip().lower() in _title_common_words()[0]


# Dependencies of a named token before a pronoun that it may stand for, nearest
# first, where no subject above names a party ("Read Elon Musk's letter ... calling
# off his $44 billion takeover deal"; "take Elon Musk to court to force him to buy").
_ANTECEDENT_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "dobj", "dative"})


def _pronoun_party(pron: Token, index: MentionIndex) -> Party | None:
    """The party a pronoun stands for in its own sentence: the nearest subject above it
    that names one, else the nearest named subject, possessor or object before it; a
    person's pronoun ("his", "him") never stands for a state or organisation, "it"
    never for a person."""
    people, things = party_data().person_pronouns, party_data().thing_pronouns
    above: list[Token] = []
    tok = pron
    for _ in range(8):
        if tok.head == tok:
            break
        tok = tok.head
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if tok.pos_ in ("VERB", "AUX") and subj is not None and subj.right_edge.i < pron.i:
            above.append(subj)
    before = [
        t for t in reversed(pron.sent[: pron.i - pron.sent.start]) if t.dep_ in _ANTECEDENT_DEPS
    ]
    for cand in (*above, *before):
        if cand.pos_ == "PRON" or cand.lower_ in party_data().pronouns | people:
            continue
        party = named_party(cand, index)
        if party is None:
            continue
        mention = index.at(cand)
        label = mention.label if mention is not None else cand.ent_type_
        if pron.lower_ in people and (party.iso3 or label in ("ORG", "GPE", "LOC", "NORP")):
            continue
        if pron.lower_ in things and label == "PERSON":
            continue
        return party
    return None


# Slots where a proper noun no entity covers is still a party: a payment verb's
# subject, object or dative, a preposition's object, a possessor ("Google settles
# lawsuit ...", "Uber's $20M settlement").
_BARE_NAME_SLOTS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "pobj", "poss"})


def _bare_name(tok: Token) -> Party | None:
    """The organisation a proper noun in a payment slot names where the tagger gives
    it no entity, as in title-case headlines ("Google settles lawsuit ... for $100M",
    "Pledges $10M Donation to Osler Health Network"): the whole compound name, unless
    every word of it is a common word (a month, a currency, "Surgeon", "City") or its
    head names a group of people ("Walmart Workers")."""
    if tok.pos_ != "PROPN" or tok.dep_ not in _BARE_NAME_SLOTS:
        return None
    words = _compound_chain(tok)
    if words[0].i > 0 and words[0].nbor(-1).is_quote:
        return None  # "to 'House of Cards' production company": a work's title
    if any(w.ent_type_ not in ("", "ORG", "PERSON") or w.like_num for w in words):
        return None  # a place, a date or a figure's own number
    common, groups = _title_common_words()
    if tok.lower_ in groups or all(w.lower_ in common for w in words):
        return None
    name = re.sub(r"['\u2019]s$", "", " ".join(w.text for w in words))
    return Party(entity_id_for("ORG", name), name, None)


def _compound_chain(tok: Token) -> list[Token]:
    """``tok`` and the proper-noun compounds standing right before it ("Osler Health
    Network")."""
    words = [tok]
    while True:
        before = [
            c
            for w in words
            for c in w.children
            if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i == words[0].i - 1
        ]
        if not before:
            return words
        words.insert(0, before[0])


@cache
def _title_common_words() -> tuple[frozenset[str], frozenset[str]]:
    """(common words, group heads) that name no party as a bare proper noun
    (roles_parties.json "bare_name_common_words", "bare_name_group_heads", with the
    person and organisation-type nouns of entity_org_words.json, the entity
    extractor's ``not_names`` and the currency words)."""
    own = json.loads(PARTIES_PATH.read_text(encoding="utf-8"))
    org = json.loads((DATA_DIR / "entity_org_words.json").read_text(encoding="utf-8"))
    rules = json.loads((DATA_DIR / "entity_rules.json").read_text(encoding="utf-8"))
    money = json.loads((DATA_DIR / "currencies.json").read_text(encoding="utf-8"))
    common = {
        *own["bare_name_common_words"],
        *org["org_type_nouns"],
        *org["person_role_nouns"],
        *party_data().person_nouns,
        *(w.lower() for w in rules["not_names"]),
        *(w for w in money["words"] if " " not in w),
    }
    return frozenset(common), frozenset(own["bare_name_group_heads"])


def _named_company(tok: Token, index: MentionIndex) -> Party | None:
    """The organisation a name token is, where a place or nationality outside the name
    only says where it is from ("Taiwan's GlobalWafers", "Australian building products
    group James Hardie", "medical technology firm Guidant"); None for a state organ,
    whose name holds its side or an institution noun ("the Polish Armament Agency",
    "the Ministry of Defence", "the Pentagon")."""
    if tok.pos_ != "PROPN":
        return None
    typed = any(  # "firm Guidant": an organisation noun before the name
        c.dep_ in ("compound", "appos", "nmod") and c.i < tok.i and c.lemma_.lower() in _org_nouns()
        for c in tok.children
    )
    mention = index.at(tok)
    if mention is not None and mention.entity_id.startswith("country:"):
        return None
    if mention is not None and _all_common(mention.name):
        return None  # "Surgeon fined $3,000": a capitalised common word
    if mention is not None and not (
        mention.label == "ORG" or (typed and mention.label == "PERSON")
    ):
        return None
    if mention is None and not typed:
        return None
    name = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    words = list(name) if name is not None else [tok]
    institutions = party_data().institutions
    if any(t.lemma_.lower() in institutions or side_of_token(t) is not None for t in words):
        return None
    if mention is not None:
        return Party(mention.entity_id, mention.name, None)
    parts = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    text = " ".join(t.text for t in sorted([*parts, tok], key=lambda t: t.i))
    return Party(entity_id_for("ORG", text), text, None)


@cache
def _org_nouns() -> frozenset[str]:
    """Nouns naming a kind of organisation ("firm", "group", "lender"), as the entity
    extractor reads them (entity_org_words.json "org_type_nouns")."""
    raw = json.loads((DATA_DIR / "entity_org_words.json").read_text(encoding="utf-8"))
    return frozenset(raw["org_type_nouns"])


def _demonym_on_common_noun(tok: Token) -> bool:
    """Whether a nationality adjective is all that names a common noun ("African
    American studies", "Brazilian companies"); a state's forces or organs are its side
    ("the Ukrainian army", "the German government")."""
    data = party_data()
    if tok.pos_ != "NOUN" or tok.lemma_.lower() in data.institutions | data.force_nouns:
        return False
    sided = [
        c
        for c in tok.children
        if c.dep_ in ("amod", "compound", "poss", "nmod") and side_of_token(c) is not None
    ]
    return bool(sided) and all(c.dep_ == "amod" or c.ent_type_ == "NORP" for c in sided)


def _bare_force_state(noun: Token) -> Party | None:
    """The article's state for "the military", "the junta" as the agent of an act
    ("killed by the military"): a state-force noun with "the" and no other modifier
    before it (one with its own modifiers names its side there or none). Not for a
    subject ("The junta announced plans to conscript ..."), whose act may be no
    military one."""
    if noun.lemma_.lower() not in party_data().state_force_nouns:
        return None
    before = [c for c in noun.children if c.i < noun.i]
    if len(before) != 1 or before[0].lower_ != "the":
        return None
    return article_state(noun)


def article_state(noun: Token) -> Party | None:
    """The state a bare state-force noun stands for ("the military", "the junta",
    "junta soldiers"): the one side that earlier mentions of such a noun in the
    article name ("A Myanmar military air strike", "Myanmar junta", "Sudan's army"),
    when the article names no other state before it (the state it is about); None
    when two states are named or none is (NULL is better than a wrong side)."""
    data = party_data()
    forces: set[Party] = set()
    for tok in noun.doc[: noun.i]:
        if tok.lemma_.lower() in data.state_force_nouns:
            side = _named_before(tok)
            if side is not None:
                forces.add(side)
    if len(forces) != 1:
        return None
    (state,) = forces
    return state if _states_named(noun.doc[: noun.i]) <= {state} else None


def _states_named(tokens: Iterable[Token]) -> set[Party]:
    """The states (sides with an ISO3 code) the place and people names of ``tokens``
    name: "Myanmar", "Russian", "Kyiv"."""
    states: set[Party] = set()
    for tok in tokens:
        if tok.ent_type_ in ("GPE", "NORP", "LOC") or tok.pos_ == "PROPN":
            side = side_of_token(tok)
            if side is not None and side.iso3:
                states.add(side)
    return states


def _named_before(tok: Token) -> Party | None:
    """The side the word right before ``tok`` names ("Myanmar junta", "Sudan's army",
    "the Sudanese army"), a possessive's "'s" passed over."""
    k = tok.i - 1
    if k >= 0 and tok.doc[k].lower_ in ("'s", "\u2019s"):
        k -= 1
    if k < 0 or tok.doc[k].pos_ not in ("PROPN", "ADJ", "NOUN"):
        return None
    return side_of_token(tok.doc[k])
