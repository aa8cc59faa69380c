"""Spending: which money figures pay for defence or war, their unit (what the money buys) and
actor.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from transforms.military.actors import (
    _Actor,
    _actor_in_phrase,
    _actor_of_token,
    _noun_modifier_actor,
    _recipient_actor,
    _walk_up_actor,
)
from transforms.military.context import _DocCues
from transforms.military.lexicon import SPENDING, _currency_unit, _Lexicon
from transforms.military.roles import _bought_for, _transfer_verb, _verb_recipient
from transforms.military.tokens import _is_model, _phrase_in, _singular
from transforms.records import MilitaryFigure, MoneyFigure

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token


def _measured_budget(span: Span, lex: _Lexicon) -> Token | None:
    """The budget-like noun a money figure measures through the parse: "military
    spending is set to rise by 4.8%, to reach $419bn", "the department's budget would
    rise to $23bn" (the subject of the verb chain above the money)."""
    tok = span.root
    for _ in range(6):
        if tok.head == tok:
            break
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            for child in tok.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ in lex.budget_nouns:
                    return child
            if tok.dep_ not in ("xcomp", "advcl", "conj", "ccomp"):
                break
    return None


def _spending_unit(doc: Doc, span: Span, lex: _Lexicon) -> str:
    """The noun the money pays for (MILITARY_RULES.md): "$650 mln arms sale" -> sale."""
    return _spending_unit_token(doc, span, lex)[0]


def _spending_unit_token(doc: Doc, span: Span, lex: _Lexicon) -> tuple[str, Token | None]:
    """The spending unit and, when it is a noun of the text, its token."""
    found = _spending_unit_plain(doc, span, lex)
    if found[0] != "money":
        return found
    budget = _measured_budget(span, lex)
    if budget is not None:
        return _singular(budget.lower_) if budget.lower_ != "spending" else "spending", budget
    return found


# Words between a paid-for noun and its money: "contract worth about €6.5bn".
_BEFORE_MONEY_WORDS = frozenset(
    {
        "of", "worth", "to", "at", "a", "an", "the", "about", "around", "some", "nearly",
        "almost", "roughly", "over", "than", "more", "up", "valued",
    }
)  # fmt: skip


def _spending_unit_plain(doc: Doc, span: Span, lex: _Lexicon) -> tuple[str, Token | None]:

    def unit_of(tok: Token) -> str | None:
        lemma = tok.lemma_.lower()
        for key in (tok.lower_, _singular(tok.lower_), lemma):
            if key in lex.spending_units:
                return key
        return None

    sent = span[0].sent
    # the noun phrase right after the money: "$778 Billion Defense Bill", "$778 Billion
    # Pentagon Budget Vote" (the first paid-for noun of the phrase)
    j = span.end
    joined: tuple[str, Token] | None = None
    while j < sent.end and j < span.end + 4 and doc[j].pos_ in ("NOUN", "PROPN", "ADJ"):
        unit = unit_of(doc[j])
        if unit is not None:
            joined = unit, doc[j]  # the last one: "€1.4bn military aid package" -> package
        elif joined is not None:
            break
        j += 1
    if joined is not None:
        return joined
    # "total aid in Russia war to $7 billion", "the Pentagon's budget rise by $19bn",
    # "defence budget has been raised to 830bn rupees": the measured noun before
    if span.start - 1 >= sent.start and doc[span.start - 1].lower_ in ("to", "at", "by", "reach"):
        for k in range(span.start - 2, max(sent.start, span.start - 9) - 1, -1):
            unit = unit_of(doc[k])
            if unit is not None and doc[k].dep_ in ("dobj", "nsubj", "nsubjpass", "pobj"):
                return unit, doc[k]
    # "budget of $778 billion", "aid worth $7 billion"
    k = span.start - 1
    while k >= sent.start and k >= span.start - 5 and doc[k].lower_ in _BEFORE_MONEY_WORDS:
        k -= 1
    if k >= sent.start and k < span.start - 1:
        unit = unit_of(doc[k])
        if unit is not None:
            return unit, doc[k]
    # "$450 million in military assistance", "adds $6.75 billion to military budget"
    j = span.end
    if j < sent.end and doc[j].lower_ in ("in", "of", "to", "from", "for"):
        j += 1
        while (
            j < sent.end
            and j < span.end + 8
            and (
                doc[j].pos_ in ("DET", "ADJ", "NOUN", "PROPN", "PART", "SYM", "NUM")
                or doc[j].tag_ == "PRP$"
            )
        ):  # "adds $37 Billion to Biden's $813 Billion Military Budget": through the money
            unit = unit_of(doc[j])
            if unit is not None and (
                j + 1 >= sent.end
                or not doc[j + 1].is_alpha
                or doc[j + 1].pos_ not in ("NOUN", "PROPN")
            ):
                return unit, doc[j]
            j += 1
    # "donate $10 million" -> donation; "crowdfunded $20 million" -> donation
    for k in range(span.start - 1, max(sent.start, span.start - 4) - 1, -1):
        tok = doc[k]
        for key in (tok.lower_, tok.lemma_.lower()):
            if key in lex.spending_verb_units:
                return str(lex.spending_verb_units[key]), None
    for k in range(span.end, min(sent.end, span.end + 3)):
        tok = doc[k]
        for key in (tok.lower_, tok.lemma_.lower()):
            if key in lex.spending_verb_units and tok.pos_ == "VERB":
                return str(lex.spending_verb_units[key]), None
    return "money", None


_LEGAL_NEXT = frozenset(
    {"lawyer", "lawyers", "attorney", "attorneys", "team", "counsel", "fund", "fees", "case"}
)


def _legal_defence(doc: Doc, i: int) -> bool:
    """ "every rioter's defense", "his defence lawyer": a defence in court, not arms."""
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ in _LEGAL_NEXT:
        return True
    prev = doc[i - 1] if i > 0 else None
    possessed = prev is not None and (
        prev.tag_ in ("POS", "PRP$") or prev.lower_ in ("legal", "self")
    )
    return possessed and (nxt is None or not nxt.is_alpha or nxt.pos_ not in ("NOUN", "PROPN"))


_TIME_OWNERS = frozenset(
    {"year", "years", "month", "week", "today", "tomorrow", "next", "last", "this", "decade"}
)


# Words that open a cause after the money ("due to", "because of", "owing to"), and
# how many tokens after the money such a cause may start (a time phrase may come
# between: "$31 billion in 2024 alone due to its war").
_CAUSAL_HEADS = frozenset({"due", "because", "owing"})
_CAUSE_REACH = 8


def _war_cost(doc: Doc, span: Span, lex: _Lexicon) -> Token | None:
    """Money that pays for a war: "GBP 520m for the conflicts in Iraq", "$5bn on the
    occupation", "the cost of the war ... $80bn"; not a "price war" or "war on drugs"."""
    sent = span[0].sent

    def war_head(k: int) -> bool:
        tok = doc[k]
        if tok.lower_ in ("operation", "operations"):
            # "military operations", never a company's "US operations"
            return any(c.lower_ in ("military", "combat") for c in tok.children)
        if tok.lower_ not in lex.war_cost_heads:
            return False
        mods = {c.lower_ for c in tok.children if c.i < tok.i} | {doc[k - 1].lower_}
        if mods & lex.war_cost_excluded:
            return False
        nxt = doc[k + 1] if k + 1 < sent.end else None
        if nxt is not None and nxt.lower_ == "on":
            # "war on drugs" is no war; "its war on the Gaza Strip" is
            target = doc[k + 2] if k + 2 < sent.end else None
            if target is not None and target.lower_ == "the" and k + 3 < sent.end:
                target = doc[k + 3]
            return target is not None and target.ent_type_ in ("GPE", "LOC", "NORP")
        return True

    j = span.end
    if j < sent.end and doc[j].lower_ in ("for", "on", "in", "towards", "toward", "to"):
        for k in range(j + 1, min(sent.end, j + 11)):
            tok = doc[k]
            if tok.lower_ in ("pay", "fund", "cover", "finance", "for", "to"):
                continue  # "$60bn to pay for military operations"
            if tok.pos_ in ("VERB", "AUX") or tok.text in (",", ";", "(", ")") or tok.like_num:
                break
            if war_head(k):
                return doc[k]
    # "spent more than $31 billion in 2024 alone due to its war on the Gaza Strip"
    for k in range(span.end, min(sent.end - 1, span.end + _CAUSE_REACH)):
        if doc[k].lower_ in _CAUSAL_HEADS and doc[k + 1].lower_ in ("to", "of"):
            for q in range(k + 2, min(sent.end, k + 6)):
                if war_head(q):
                    return doc[q]
            break
    # "the cost of the war has risen to $80bn", "the war has cost $5bn"
    for k in range(max(sent.start, span.start - 12), span.start):
        if doc[k].lemma_.lower() == "cost":
            for q in range(max(sent.start, k - 6), min(span.start, k + 6)):
                if war_head(q):
                    return doc[q]
    return None


def _civil_budget(owner: Token | None, span: Span, lex: _Lexicon) -> bool:
    """A budget with a named owner and no defence word of its own ("the state
    department's budget", "India's budget"): not defence spending, whatever is nearby."""
    if owner is None or owner.lower_ not in lex.budget_nouns:
        return False
    mods = [
        c
        for c in owner.children
        if c.i < owner.i
        and (
            (c.dep_ == "poss" and c.lower_ not in _TIME_OWNERS)
            or (c.dep_ in ("compound", "nmod") and c.pos_ in ("NOUN", "PROPN"))
        )
        and not (span.start <= c.i < span.end)
    ]
    if not mods:
        return False
    words = {
        w
        for c in [*mods, *(c for c in owner.children if c.dep_ == "amod")]
        for t in c.subtree
        for w in (t.lower_, t.lemma_.lower())
    }
    own = " " + " ".join(t.lower_ for c in mods for t in c.subtree) + " "
    return not (words & lex.spending_single or _phrase_in(own, lex.spending_multi))


# How far after the money its "to" / "for" may stand, and how far after that the
# defence word it pays may come ("Rs 6.21 lakh crore to the defence ministry").
_PAID_TO_REACH = 3
_PAID_TO_WORDS = 4


def _paid_to_defence(doc: Doc, span: Span, lex: _Lexicon) -> bool:
    """Whether a budget's money goes to defence: "the Union Budget allocated Rs 6.21 lakh
    crore to the defence ministry", "Defence gets Rs 5.94 lakh crore in the Union Budget"
    (the budget is the state's, the line is defence's)."""
    sent = span[0].sent

    def cue(tok: Token) -> bool:
        return tok.lower_ in lex.spending_single or tok.lemma_.lower() in lex.spending_single

    for j in range(span.end, min(sent.end, span.end + _PAID_TO_REACH)):
        if doc[j].lower_ in ("to", "for", "towards"):
            if any(cue(t) for t in doc[j + 1 : min(sent.end, j + 1 + _PAID_TO_WORDS)]):
                return True
            break
    verb = span.root.head
    return verb.pos_ in ("VERB", "AUX") and any(
        c.dep_ in ("nsubj", "nsubjpass") and any(cue(t) for t in c.subtree) for c in verb.children
    )


# How many tokens may stand between a spending figure and the money that continues it.
_CONTINUE_REACH = 10


# How many tokens may stand between a spending figure and a total that restates it
# ("five trillion won has been added to the defense budget, bringing the total to ...").
_RESTATED_REACH = 16


def _restates_total(between: Span, lex: _Lexicon) -> bool:
    """Whether the words before the money end in "<verb> the total to" ("bringing the total
    to", "taking its overall budget to"): the money is the new total of the figure before."""
    words = [t for t in between if not t.is_punct]
    if len(words) < 3 or words[-1].lower_ != "to":
        return False
    noun, k = words[-2], len(words) - 3
    if noun.lower_ not in lex.total_restating_nouns:
        return False
    while k >= 0 and words[k].pos_ in ("DET", "PRON", "ADJ"):
        k -= 1  # "the", "its", "overall"
    return k >= 0 and words[k].lemma_.lower() in lex.total_restating_verbs


def _further_pledge(doc: Doc, span: Span, last: Span | None, lex: _Lexicon) -> bool:
    """Whether the money is a further pledge of the aid a spending figure of its sentence
    or the sentence before counts: the object of a gift verb, ending its clause, in a
    sentence with no blocker ("Berlin has pledged 9bn euros in military aid to Kyiv. The
    Netherlands said it would give 3.5bn euros, ...")."""
    if last is None or span.start <= last.end:
        return False
    sent, last_sent = span[0].sent, last[0].sent
    if last_sent != sent and last_sent.end != sent.start:
        return False
    if not any(t.lower_ in lex.aid_nouns for t in last_sent):
        return False
    root = span.root
    if root.dep_ != "dobj" or root.head.lemma_.lower() not in lex.further_pledge_verbs:
        return False
    if span.end < sent.end and not (doc[span.end].is_punct or doc[span.end].pos_ == "CCONJ"):
        return False  # "give 3.5bn euros for schools": a purpose of its own
    return not any(t.lower_ in lex.spending_blockers for t in sent)


def _continues_spending(doc: Doc, span: Span, last: Span | None, lex: _Lexicon) -> bool:
    """Whether the money continues the spending figure before it in the same clause: a
    part ("Rs 6.21 lakh crore to the defence ministry, including Rs 1.72 lakh crore for
    capital outlay") or the next years of a budget line ("RUB4.98 trillion in 2023, with
    RUB4.65 trillion in 2024 and RUB4.21 trillion in 2025"). No verb may come between."""
    if last is None or last[0].sent != span[0].sent or span.start <= last.end:
        return False
    between = doc[last.end : span.start]
    if len(between) <= _RESTATED_REACH and _restates_total(between, lex):
        return True  # "..., bringing the total to 66.3 trillion won"
    if len(between) > _CONTINUE_REACH:
        return False
    if any(
        (t.pos_ in ("VERB", "AUX") and t.lower_ != "including")
        or t.lower_ in ("while", "but", "whereas", ";")
        or t.lower_ in lex.spending_blockers
        for t in between
    ):
        return False
    # "$40bn in military aid, and $2bn for schools": money with a purpose of its own that
    # is neither defence nor a budget line is not a part of the defence figure
    sent_end = span[0].sent.end
    if span.end < sent_end and doc[span.end].lower_ in ("for", "on", "to"):
        purpose = [t for t in doc[span.end + 1 : min(sent_end, span.end + 4)] if t.is_alpha]
        return any(
            t.lower_ in lex.spending_single
            or t.lemma_.lower() in lex.spending_single
            or t.lower_ in lex.budget_nouns
            or t.ent_type_ == "DATE"
            for t in purpose
        )
    return True


def _arms_price(span: Span, lex: _Lexicon) -> bool:
    """ "the proposed sale of F-16 aircraft ... are being sold for an estimated cost of
    $4.21bn": the price in a sale or purchase whose clause names arms."""
    verb = span.root
    for _ in range(5):
        if verb.head == verb:
            return False
        verb = verb.head
        if verb.pos_ == "VERB":
            break
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in lex.price_verbs:
        return False
    return any(
        t.lower_ in lex.spending_single
        or t.lemma_.lower() in lex.spending_single
        or _is_model(t, lex)
        for t in verb.subtree
        if not (span.start <= t.i < span.end)
    )


def _carried_deal(doc: Doc, span: Span, lex: _Lexicon, doc_cues: _DocCues) -> bool:
    """ "... to export 212 K9 howitzers. The deal was valued at some $2.4bn": money that
    measures "the deal" (a back-reference) right after a sentence about arms."""
    sent = span[0].sent
    if sent.start == 0 or not doc_cues.for_sent(doc[sent.start - 1].sent).spending:
        return False
    verb = span.root
    for _ in range(4):  # "was valued at $2.4bn": up through "at" to the verb
        if verb.pos_ in ("VERB", "AUX") or verb.head == verb:
            break
        verb = verb.head
    deals = [
        c
        for c in verb.children
        if c.dep_ in ("nsubj", "nsubjpass") and _singular(c.lower_) in lex.deal_nouns
    ]
    return any(
        d.dep_ == "det" and d.lower_ in ("the", "this", "that") for c in deals for d in c.children
    )


def _conversion_pair(doc: Doc, span: Span, other: Span) -> bool:
    """Whether two money spans are one amount and its conversion in brackets:
    "$2.6 billion (3.45 trillion won)", "830bn rupees ($19bn)"."""
    first, second = (span, other) if span.start < other.start else (other, span)
    return second.start - first.end == 1 and doc[first.end].text == "("


def _token_dist(i: int, sp: Span) -> int:
    return min(abs(i - sp.start), abs(i - (sp.end - 1)))


def _money_spans(doc: Doc, money: Sequence[MoneyFigure], offset: int) -> list[Span | None]:
    """Each money figure's token span in ``doc`` (None where it does not align)."""
    out: list[Span | None] = []
    for mf in money:
        span = doc.char_span(mf.start_char - offset, mf.end_char - offset, alignment_mode="expand")
        out.append(span if span is not None and len(span) > 0 else None)
    return out


def _cue_is_other(doc: Doc, spans: Sequence[Span], i: int, span: Span) -> bool:
    """Whether the cue at token ``i`` belongs to another money figure: one lies
    between them, or one is nearer and a separator stands between the cue and
    ``span`` ("$40bn in military aid, and $2bn for schools"). Only money in the cue's
    own sentence can own it."""
    lo_i, hi_i = sorted((i, span.start))
    separated = any(t.lower_ in (",", ";", "and", "but", "while") for t in doc[lo_i:hi_i])
    cue_sent = doc[i].sent
    return separated and any(
        other.start != span.start
        and cue_sent.start <= other.start < cue_sent.end
        and not _conversion_pair(doc, span, other)
        and _token_dist(i, other) < _token_dist(i, span)
        for other in spans
    )


def _bracketed_conversion(
    doc: Doc, span: Span, mf: MoneyFigure, prev: MilitaryFigure | None, lex: _Lexicon
) -> MilitaryFigure | None:
    """ "830bn rupees ($19bn)": a conversion right after a spending figure is the same
    spending figure, in its own currency."""
    if (
        prev is None
        or span.start < 1
        or doc[span.start - 1].text != "("
        or not 0 <= mf.start_char - prev.end_char <= 3
    ):
        return None
    return dataclasses.replace(
        prev,
        start_char=mf.start_char,
        end_char=mf.end_char,
        text=mf.text,
        value=mf.value,
        low=mf.low,
        high=mf.high,
        qualifier=mf.qualifier,
        unit=_currency_unit(mf.currency, lex, mf.text),
        currency=mf.currency,
    )


def _cue_window(doc: Doc, span: Span, lex: _Lexicon) -> tuple[int, int]:
    """Token range searched for spending cues: a window of the money's clause."""
    sent = span[0].sent
    lo = max(sent.start, span.start - 14)
    if _restates_clause(span, lex):
        lo = sent.start
    if span.start - sent.start <= 1 and sent.start > 0:
        # a money fragment after a sentence break ("... for 4 Bayraktars! 20 mln $")
        lo = max(doc[sent.start - 1].sent.start, span.start - 14)
    antecedent = _relative_antecedent(span)
    if antecedent is not None and antecedent.i < span.start:
        # money in a relative clause is read with the noun the clause hangs on ("the cost
        # of military operations in Iraq and Afghanistan, for which ... an extra $80bn")
        lo = max(sent.start, min(lo, antecedent.left_edge.i))
    return lo, min(sent.end, span.end + 12)


def _restates_clause(span: Span, lex: _Lexicon) -> bool:
    """Whether the money sits in an appositive change noun that restates its clause
    ("Defence spending will rise to 2.5% of GDP by 2027, an increase worth about £6bn")."""
    return any(
        anc.dep_ == "appos" and anc.lower_ in lex.restated_change_nouns
        for anc in span.root.ancestors
    )


def _relative_antecedent(span: Span) -> Token | None:
    """The noun a relative clause holding the money modifies ("operations" in "military
    operations ..., for which the administration will seek $80bn"), else None."""
    for anc in span.root.ancestors:
        if anc.dep_ == "relcl":
            return anc.head
    return None


def _nearest_cue_and_blocker(
    doc: Doc, span: Span, spans: Sequence[Span], lex: _Lexicon
) -> tuple[int | None, int | None]:
    """Distances of the nearest spending cue and the nearest blocker ("losses
    approaching $1bn") to the money, in its clause window."""
    lo, hi = _cue_window(doc, span, lex)
    best_cue: int | None = None
    best_block: int | None = None
    for tok in doc[lo:hi]:
        if span.start <= tok.i < span.end or _cue_is_other(doc, spans, tok.i, span):
            continue
        d = _token_dist(tok.i, span)
        words = (tok.lower_, tok.lemma_.lower())
        multi = any(
            [t.lower_ for t in doc[tok.i : tok.i + len(c.split())]] == c.split()
            for c in lex.spending_multi
        )
        legal = tok.lower_ in lex.possessive_blocked_cues and _legal_defence(doc, tok.i)
        # a weapon model is an arms cue ("a $2.6bn contract to ship 152 K9 howitzers")
        if not legal and (
            multi or any(w in lex.spending_single for w in words) or _is_model(tok, lex)
        ):
            best_cue = d if best_cue is None else min(best_cue, d)
        if any(w in lex.spending_blockers for w in words):
            best_block = d if best_block is None else min(best_block, d)
    return best_cue, best_block


# A dateline ("Berlin") may stand alone under a headline: the lede is read until this many
# tokens.
_LEDE_TOKENS = 8


def _ledes_under_title(doc: Doc, sent: Span) -> list[Span]:
    """The sentences under a headline, up to ``_LEDE_TOKENS`` tokens: ``sent`` is the
    text's first line, ended by a line break (``transforms.nlp.line_breaks`` makes it a
    sentence of its own); otherwise none."""
    if sent.start != 0 or sent.end >= len(doc) or "\n" not in doc[sent.end - 1].text:
        return []
    out: list[Span] = []
    i = sent.end
    while i < len(doc) and i - sent.end < _LEDE_TOKENS:
        lede = doc[i].sent
        out.append(lede)
        i = lede.end
    return out


def _is_spending(
    doc: Doc, span: Span, spans: Sequence[Span], lex: _Lexicon, doc_cues: _DocCues
) -> bool:
    """Whether the money pays for defence or war: a war cost, an arms price, a deal
    carried from before, or a spending cue near it and nearer than any blocker."""
    cues = doc_cues.for_sent(span[0].sent)
    war = _war_cost(doc, span, lex)
    carried = war is None and (
        _arms_price(span, lex) or (not cues.spending and _carried_deal(doc, span, lex, doc_cues))
    )
    sent = span[0].sent
    # a money fragment after a sentence break takes the cues of the sentence before it
    # ("Ukrainians crowdfunded for 4 Bayraktars in under 3 days! 20 mln $ / 600 mln UAH")
    fragment = (
        span.start - sent.start <= 1
        and sent.start > 0
        and span.root.dep_ not in ("nsubj", "nsubjpass")  # "$15m will go to schools"
        and doc_cues.for_sent(doc[sent.start - 1].sent).spending
    )
    if not cues.spending and war is None and not carried and not fragment:
        # a headline's money is read with the lede under it ("100 billion euros special
        # fund of Chancellor Scholz" / "The Bundeswehr is to receive a special fund ...")
        ledes = _ledes_under_title(doc, span[0].sent)
        return (
            any(doc_cues.for_sent(lede).spending for lede in ledes)
            and not cues.non_conflict
            and _nearest_cue_and_blocker(doc, span, spans, lex)[1] is None
        )
    best_cue, best_block = _nearest_cue_and_blocker(doc, span, spans, lex)
    if (war is not None or carried) and (best_block is None or best_block > 3):
        best_cue = 0
    return best_cue is not None and (best_block is None or best_block >= best_cue)


def _transfer_recipient(doc: Doc, span: Span, lex: _Lexicon) -> _Actor | None:
    """The recipient of the send or sell act the money belongs to ("agreed to sell 180
    tanks to Poland in a deal worth $5.8bn"), else whom a purchase is for."""
    actor = _recipient_actor(doc, span.start, span.end, lex)
    transfer = _transfer_verb(span.root, lex) if actor is None else None
    if transfer is not None and transfer.pos_ != "VERB":
        # "send 20 tanks to Ukraine under a €1.2bn package": the package noun hangs
        # on the send verb, whose "to" object is the recipient
        verb = transfer.head.head if transfer.head.dep_ == "prep" else transfer.head
        if verb.pos_ == "VERB" and verb.lemma_.lower() in lex.transfer_verbs:
            transfer = verb
    if transfer is not None and transfer.pos_ == "VERB":
        actor = _verb_recipient(transfer, lex)
    if actor is None:
        actor = _bought_for(span.root, lex)  # "buy 300 drones for Ukraine's army for $40m"
    return actor


def _spending_actor(
    doc: Doc, span: Span, lex: _Lexicon, *, aid: bool, owner: Token | None
) -> _Actor | None:
    """Whose money: the recipient of a transfer, else a side named near the money or
    on its budget noun, else up the parse. The roles engine later replaces it by the
    payer where the act names one (``transforms.roles.attach``)."""
    sent = span[0].sent
    # Money for a recipient's forces belongs to the recipient; a country's own
    # budget to that country (MILITARY_RULES.md).
    actor = _transfer_recipient(doc, span, lex)
    # an aid package goes to its recipient; when none is named the donor that
    # announces it is still no owner (donations and crowdfunding keep the walk)
    if actor is None and not aid:
        # "buys 96 helicopters from US in $12bn deal": the seller is not the owner
        near = doc[max(sent.start, span.start - 3) : span.start]
        actor = _actor_in_phrase([t for t in near if t.head.lower_ != "from"], lex)
    root = span.root
    if actor is None and root.dep_ != "ROOT":
        actor = _noun_modifier_actor(root.head, lex)
    j = span.end
    while (
        actor is None
        and j < min(sent.end, span.end + 4)
        and doc[j].pos_ in ("NOUN", "PROPN", "ADJ")
    ):
        actor = _actor_of_token(doc[j], lex)  # "$813 Billion Military Budget" has none
        j += 1
    if actor is None and owner is not None and not aid:
        actor = _noun_modifier_actor(owner, lex, preps=())  # "India's defence budget"
    if actor is None and not aid:
        actor = _walk_up_actor(root, lex, stop_at_casualty=True)
    return actor


def _spending_record(
    mf: MoneyFigure, actor: _Actor | None, lex: _Lexicon, article_id: str
) -> MilitaryFigure:
    return MilitaryFigure(
        article_id=article_id,
        start_char=mf.start_char,
        end_char=mf.end_char,
        text=mf.text,
        value=mf.value,
        low=mf.low,
        high=mf.high,
        qualifier=mf.qualifier,
        unit=_currency_unit(mf.currency, lex, mf.text),  # the paid-for noun decided the actor
        category=SPENDING,
        actor_entity_id=actor.entity_id if actor else None,
        actor_name=actor.name if actor else None,
        actor_iso3=actor.iso3 if actor else None,
        currency=mf.currency,
    )


def _spending_figures(
    doc: Doc,
    money: Sequence[MoneyFigure],
    offset: int,
    lex: _Lexicon,
    doc_cues: _DocCues,
    article_id: str,
) -> list[MilitaryFigure]:
    """The money figures that are defence or war spending, as military figures."""
    out: list[MilitaryFigure] = []
    aligned = _money_spans(doc, money, offset)
    spans = [sp for sp in aligned if sp is not None]
    last_spending: Span | None = None
    for mf, span in zip(money, aligned, strict=True):
        if span is None or (mf.value is not None and mf.value < lex.spending_min_value):
            continue  # a price or fee ("for $40"), no spending line
        converted = _bracketed_conversion(doc, span, mf, out[-1] if out else None, lex)
        if converted is not None:
            out.append(converted)
            last_spending = span
            continue
        continued = False
        if not _is_spending(doc, span, spans, lex, doc_cues):
            continued = _continues_spending(doc, span, last_spending, lex) or _further_pledge(
                doc, span, last_spending, lex
            )
            if not continued:
                continue
        last_spending = span
        unit, unit_tok = _spending_unit_token(doc, span, lex)
        owner = unit_tok if unit_tok is not None else _measured_budget(span, lex)
        if (
            not continued
            and _civil_budget(owner, span, lex)
            and not _paid_to_defence(doc, span, lex)
        ):
            continue
        aid = unit == "package" and unit_tok is not None
        actor = _spending_actor(doc, span, lex, aid=aid, owner=owner)
        out.append(_spending_record(mf, actor, lex, article_id))
    return out
