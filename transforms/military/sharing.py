"""Counts that take their noun or category from around them: a calibre before the rounds,
a force's headcount, people handed over in a prisoner swap, the later items of an
"including" list and an estimate of a toll counted just before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from transforms.military.casualty import _counted_anchor
from transforms.military.lexicon import _PLURAL_TAGS, CASUALTY_CATEGORIES
from transforms.military.reading import _Candidate, _Reading
from transforms.military.tokens import _CALIBRE_UNITS

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

    from transforms.military.context import _SentenceCues
    from transforms.military.lexicon import _Lexicon


# A partitive count of a force is its headcount only from this size up ("the two million
# of China's army"); "two of the army's" is a part of something counted before.
_FORCE_SIZE_MIN = 1000


def _after_calibre(doc: Doc, i: int) -> int:
    """The token after a calibre at token ``i`` ("15,000 155mm artillery rounds",
    "100 155 mm shells"), else ``i``: the count is of the rounds, not of millimetres."""
    if i + 1 < len(doc) and doc[i].like_num and doc[i + 1].lower_ in _CALIBRE_UNITS:
        return i + 2
    if i < len(doc) and doc[i].lower_[:-2].isdigit() and doc[i].lower_[-2:] in _CALIBRE_UNITS:
        return i + 1  # "155mm" as one token
    return i


def _force_size_of(r: _Reading, head: Token) -> bool:
    """Whether "N of <a side's> army / forces" gives the force's size."""
    return (
        r.nxt_i < len(r.doc)
        and r.doc[r.nxt_i].lower_ == "of"
        and r.m.value is not None
        and r.m.value >= _FORCE_SIZE_MIN
        and not r.m.vague  # "thousands of the army's" is no headcount
        and head.lower_ in ("army", "forces", "military", "navy")
        and any(t.tag_ == "POS" or t.lower_ in ("its", "their") for t in r.doc[r.last.i : head.i])
    )


def _released_in_swap(r: _Reading) -> Token | None:
    """The verb that hands over, returns or frees the counted people in a prisoner-swap
    story ("248 military personnel had been handed over by Ukraine", "Kyiv brought home
    230 people", "more than 200 freed by each side"), or None."""
    doc, lex, noun = r.doc, r.lex, r.noun
    if noun is None:
        nxt = doc[r.end_tok] if r.end_tok < r.sent.end else None
        if nxt is not None and nxt.tag_ == "VBN" and nxt.lemma_.lower() in lex.captor_release_verbs:
            return nxt
        return None
    if r.noun_class not in ("personnel", "person", "demonym"):
        return None
    anchor = _counted_anchor(noun, lex)
    verb = anchor.head
    if verb.lemma_.lower() not in lex.captor_release_verbs or verb.pos_ != "VERB":
        return None
    if anchor.dep_ in ("dobj", "nsubjpass") or (
        anchor.dep_ == "nsubj" and verb.lemma_.lower() == "return"
    ):
        return verb  # ("150 servicemen returned from captivity": the intransitive return)
    return None


def _later_list_item(doc: Doc, before_i: int, sent: Span, previous: _Candidate) -> bool:
    """Whether the count is a later item of an "including" list whose earlier item is
    ``previous`` ("over 300 deaths, including 183 from HTS, 100 government soldiers, and
    28 civilians"): a separator right before it and no verb since "including"."""
    if before_i - 1 < sent.start or doc[before_i - 1].lower_ not in (",", "and"):
        return False
    for k in range(before_i - 1, sent.start - 1, -1):
        tok = doc[k]
        if tok.lower_ == "including":
            return previous.start_tok > k
        if tok.pos_ in ("VERB", "AUX") or tok.text in (";", ":", "(", ")"):
            return False
    return False


# Words that make a bare number after a casualty count another estimate of the same toll
# ("killed tens of thousands of people, with some estimates as high as 150,000").
_ESTIMATE_WORDS = frozenset({"estimate", "estimates", "estimated", "toll", "figure", "figures"})
_ESTIMATE_HEDGES = (("as", "high", "as"), ("as", "many", "as"), ("up", "to"), ("closer", "to"))


def _estimate_of_previous(r: _Reading) -> _Candidate | None:
    """The bare number as another estimate of the casualty count earlier in the sentence
    ("with some estimates as high as 150,000", "an estimated toll of up to 2,000"), or
    None. No verb of its own may stand between them."""
    previous, doc, sent = r.previous, r.doc, r.sent
    if (
        previous is None
        or previous.category not in CASUALTY_CATEGORIES
        or doc[previous.start_tok].sent != sent
    ):
        return None
    between = doc[previous.end_tok : r.before_i]
    if not any(t.lower_ in _ESTIMATE_WORDS for t in between):
        return None
    if any(t.pos_ in ("VERB", "AUX") and t.lower_ != "estimated" for t in between):
        return None
    words = tuple(t.lower_ for t in between)
    hedged = any(words[k : k + len(h)] == h for h in _ESTIMATE_HEDGES for k in range(len(words)))
    if not (hedged or words[-1:] == ("of",)):
        return None
    return _Candidate(r.first.i, r.end_tok, None, previous.unit, previous.category)


_HEADCOUNT_QUALIFIERS = frozenset(
    {"about", "around", "some", "nearly", "almost", "over", "more", "than", "up", "to", "at",
     "least", "roughly", "approximately"}
)  # fmt: skip


def _headcount_before(
    doc: Doc, first: Token, sent: Span, lex: _Lexicon, cues: _SentenceCues
) -> str | None:
    """Unit of a force named before its size ("a crew of 175", "a force of 5,000"),
    or None. A ship's crew counts only on a warship or beside a military word: the
    crew of a seized merchant ship is not personnel."""
    k = first.i - 1
    while k > sent.start and doc[k].lower_ in _HEADCOUNT_QUALIFIERS:
        k -= 1  # "a crew of about 5,000"
    if k - 1 < sent.start or doc[k].lower_ != "of":
        return None
    noun = doc[k - 1]
    unit = lex.headcount_of.get(noun.lower_)
    if unit is None or noun.tag_ in _PLURAL_TAGS:
        return None
    if unit == "crew":
        warship = any(t.lower_ in lex.naval_ship_prefixes for t in sent)
        return unit if cues.military or warship else None
    return unit if cues.military or cues.context_military else None
