"""Money figures: every amount of money stated in a text, with its currency.

Pure text rules on top of the shared number grammar (``transforms.numbers``); no
spaCy, so it runs on the whole corpus in seconds. The meaning of a money figure is
fixed by ``annotation-guidelines.md``; the calls made where it is silent are in
``docs/money.md``. In short:

- the span runs from the currency sign, code or word to the number and its scale
  word, in the order the text uses (``£1.6bn``, ``7.5bn euros``, ``US$ 6.2 billion``,
  ``$265,515 USD``); qualifier words (``about``, ``more than``) stay outside;
- a sign or code between two numbers leads the next one (``in 2005 $3bn``) unless
  the next one has its own marker (``10 $ 30 $``) or is two-digit cents (``17 USD 25``);
- a currency name may stand before a scaled number (``dollar 22.5 million``);
- a minus sign is not part of the span: ``-$5m`` is 5e6, like ``a loss of $5m``;
- a number with no currency is not money, except a scaled amount in a money
  context (``losses of 2.7bn``), which is money with ``currency=None``;
- cents, pence and ``p`` are converted into the main unit (``50p`` -> 0.5 GBP);
- a range is one figure (``$5m-$10m``, ``£2-3bn``, ``between £2bn and £3bn``);
  ``from X to Y`` is a change, two figures;
- ``value_usd`` uses the ECB fixing on or before the publication date (``transforms.fx``).

Currency tables live in ``transforms/data/currencies.json``.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from transforms.fx import usd_rate
from transforms.numbers import (
    NumberMatch,
    find_numbers,
    is_change_before,
    number_at,
    qualifier_after,
    to_range_plausible,
)
from transforms.numbers import qualifier_before as _qualifier_before
from transforms.records import MoneyFigure
from transforms.years import is_year

DATA_PATH = Path(__file__).parent / "data" / "currencies.json"
MONEY_CONTEXT_PATH = Path(__file__).parent / "data" / "money_context.json"

_SCALE_WORDS: dict[str, float] = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
}


def _alt(words: list[str] | set[str] | frozenset[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.cache
def _currency_data() -> dict[str, Any]:
    with DATA_PATH.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@functools.cache
def _money_context() -> dict[str, Any]:
    with MONEY_CONTEXT_PATH.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@functools.cache
def iso_codes() -> frozenset[str]:
    """Valid ISO 4217 codes: pycountry's current list plus the withdrawn codes we use."""
    import pycountry

    current = {c.alpha_3 for c in pycountry.currencies}
    return frozenset(current | set(_currency_data()["historic_codes"]))


class _Tables:
    """Compiled currency regexes, built once from ``currencies.json``."""

    def __init__(self, data: dict[str, Any]) -> None:
        codes = iso_codes()
        excluded = set(data["codes_excluded"])
        self.code_of: dict[str, str] = {c: c for c in codes if c not in excluded and c.isalpha()}
        self.code_of.update(data["code_aliases"])
        for c in data["codes_lowercase"]:
            self.code_of[c] = c.upper()
        self.symbol_of: dict[str, str | None] = dict(data["symbols"])
        self.prefix_of: dict[str, str | None] = dict(data["prefixes"])
        self.prefix_ci_of: dict[str, str | None] = dict(data["prefixes_lowercase_spaced"])
        self.prefix_ci_of.update(data["word_prefixes"])
        self.prefix_ci_of.update(data["word_prefixes_need_scale"])
        self.word_prefixes_need_scale: frozenset[str] = frozenset(data["word_prefixes_need_scale"])
        self.word_of: dict[str, str | None] = dict(data["words"])
        self.subunit_of: dict[str, str] = dict(data["subunits"])
        self.need_scale: frozenset[str] = frozenset(data["words_need_scale"])
        self.need_scale_after_cue: frozenset[str] = frozenset(data["words_need_scale_after_cue"])
        self.codes_need_scale: frozenset[str] = frozenset(data["codes_need_scale"])
        self.glued_subunits: frozenset[str] = frozenset(data["subunits_glued"])
        mcode = data["million_code_prefix"]
        self.mcode_of: dict[str, str] = {
            mcode + c: c for c in ("USD", "EUR", "GBP", "AUD", "CAD", "CHF", "JPY", "CNY")
        }
        self.mcode_of.update({k.lower(): v for k, v in self.mcode_of.items()})

        upper_codes = [c for c in self.code_of if c.isupper()]
        lower_mcodes = [k for k in self.mcode_of if k.islower()]
        lower_codes = [c for c in self.code_of if c.islower()]
        sym = _alt(list(self.symbol_of))
        letter_prefixes = _alt(list(self.prefix_of) + upper_codes + list(self.mcode_of))
        sp = r"[ \u00a0]?"
        # Currency marker written before the number, ending right where the number starts.
        self.prefix_re = re.compile(
            rf"(?:(?<![A-Za-z.])(?P<p>{letter_prefixes})|(?P<s>{sym})){sp}$"
        )
        self.prefix_ci_re = re.compile(
            rf"(?<![a-z])(?P<p>{_alt(list(self.prefix_ci_of) + lower_codes + lower_mcodes)}){sp}$",
            re.IGNORECASE,
        )
        words = list(self.word_of) + list(self.subunit_of)
        # Currency marker written after the number. A sign or code that is itself
        # followed by digits belongs to the next amount ("in 2005 $3bn").
        self.suffix_word_re = re.compile(
            rf"(?P<sp>[ \u00a0]|-|[ \u00a0]?-[ \u00a0]?)?(?P<w>{_alt(words)})(?![\w$€£])",
            re.IGNORECASE,
        )
        self.suffix_code_re = re.compile(
            rf"(?P<sp>{sp})(?:(?P<c>{_alt(upper_codes + list(self.mcode_of))})"
            rf"|(?P<s>{sym}))(?![\w$€£])"
        )
        self.suffix_code_ci_re = re.compile(
            rf"(?P<sp>{sp})(?P<c>{_alt(lower_codes + [k for k in self.mcode_of if k.islower()])})"
            rf"(?![\w$€£])",
            re.IGNORECASE,
        )
        self.digit_after_re = re.compile(rf"{sp}(?=\d)")
        self.scale_after_code_re = re.compile(
            rf"[ \u00a0](?P<sw>{_alt(list(_SCALE_WORDS))})\b", re.IGNORECASE
        )
        self.attached: frozenset[str] = frozenset(
            {c.lower() for c in self.code_of}
            | {k.lower() for k in self.mcode_of}
            | set(self.glued_subunits)
            | {"元", "ரூ", "t"}
            # letter prefixes glued to the digits ("Rs500", "Dh5m", "R2bn", "Tk500")
            | {p.lower().rstrip(".") for p in self.prefix_of if p.rstrip(".").isalpha()}
        )
        ctx = _money_context()
        self.weight_before_re = re.compile(
            rf"\b(?:{_alt(ctx['weight_words_before'])})\b[^.;:!?]{{0,40}}$", re.IGNORECASE
        )
        self.range_between_re = re.compile(r"\bbetween[ \u00a0]+$", re.IGNORECASE)
        self.money_noun_after_re = re.compile(
            rf"[ \u00a0-](?:{_alt(ctx['money_nouns_after'])})\b", re.IGNORECASE
        )
        self.money_cue_before_re = re.compile(
            rf"\b(?:{_alt(ctx['money_cues_before'])})[ \u00a0]+(?:(?:of|at|to|by|for|a|an|the)"
            rf"[ \u00a0]+)?$",
            re.IGNORECASE,
        )
        # A money word anywhere in the few words before (weaker than money_cue_before_re).
        self.money_cue_near_re = re.compile(
            rf"\b(?:{_alt(ctx['money_cues_before'])})\b[^.;:!?]{{0,40}}$", re.IGNORECASE
        )
        # What may follow the cents of "17 USD 25": the clause ends, or "more", "each" ...
        self.cents_end_re = re.compile(
            rf"[ \u00a0]*(?:$|[.,;:!?)]|(?:{_alt(ctx['words_after_code_cents'])})\b)",
            re.IGNORECASE,
        )
        self.count_after_re = re.compile(r"[ \u00a0-]?(?P<w>[A-Za-z][A-Za-z'-]*)")
        self.after_ok_words: frozenset[str] = frozenset(ctx["words_after_null_money"])


@functools.cache
def _tables() -> _Tables:
    return _Tables(_currency_data())


@dataclass(slots=True)
class _Draft:
    """A money figure under construction (mutable while ranges are merged)."""

    start: int
    end: int
    num: NumberMatch
    value: float
    currency: str | None
    scaled: bool
    raw: float
    scale: float
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None
    prefixed: bool = False


def _prefix_currency(text: str, num_start: int) -> tuple[int, str | None, float] | None:
    """A currency marker right before the number: (marker start, ISO code or None, multiplier).

    The longest marker wins (``us $`` over ``$``); ``MAUD 60`` carries a million.
    """
    t = _tables()
    window = max(0, num_start - 24)
    best: tuple[int, str | None, float] | None = None
    m = t.prefix_re.search(text, window, num_start)
    if m:
        if m.group("p"):
            key = m.group("p")
            if key in t.prefix_of:
                best = (m.start(), t.prefix_of[key], 1.0)
            elif key in t.mcode_of:
                best = (m.start(), t.mcode_of[key], 1e6)
            else:
                best = (m.start(), t.code_of.get(key), 1.0)
        else:
            best = (m.start(), t.symbol_of[m.group("s")], 1.0)
    m = t.prefix_ci_re.search(text, window, num_start)
    if m and (best is None or m.start() < best[0]):
        key = m.group("p").lower()
        if key in t.prefix_ci_of:
            best = (m.start(), t.prefix_ci_of[key], 1.0)
        elif key in t.mcode_of:
            best = (m.start(), t.mcode_of[key], 1e6)
        else:
            best = (m.start(), t.code_of.get(key), 1.0)
    return best


@dataclass(frozen=True, slots=True)
class _Suffix:
    """A currency marker written after a number."""

    end: int
    code: str | None
    mult: float  # 1e6 for "30 MUSD", 0.01 for cents and pence
    kind: str  # "code" (USD, usd), "symbol" ($, €) or "word" (dollars, cents, rmb)


def _suffix_currency(text: str, num: NumberMatch, scaled: bool) -> _Suffix | None:
    """A currency marker right after the number, or None."""
    t = _tables()
    end = num.end
    m = t.suffix_code_re.match(text, end) or t.suffix_code_ci_re.match(text, end)
    if m:
        if m.group("c"):
            key = m.group("c")
            if key in t.mcode_of or key.upper() in t.mcode_of:
                return _Suffix(m.end(), t.mcode_of.get(key) or t.mcode_of[key.upper()], 1e6, "code")
            code = t.code_of.get(key) or t.code_of.get(key.lower())
            return _Suffix(m.end(), code, 1.0, "code")
        return _Suffix(m.end(), t.symbol_of[m.group("s")], 1.0, "symbol")
    m = t.suffix_word_re.match(text, end)
    if not m:
        return None
    word = m.group("w").lower()
    spacer = m.group("sp") or ""
    if word in t.glued_subunits:
        if spacer:
            return None  # "5 p" is not pence
        if m.group("w") != word:
            return None  # "5P" is not pence either
    if word in t.need_scale and not scaled:
        # "won", "rand" are English words too: unscaled they count only in lower
        # case with a money word shortly before ("cost 5,000 won", "pay starts at 500 rand").
        cue = t.money_cue_near_re.search(text, max(0, num.start - 60), num.start)
        if not (cue and word in t.need_scale_after_cue and m.group("w") == word):
            return None
    if m.group("w") == "Cent" and num.value != 1 and not spacer.strip():
        return None  # "50 Cent" the rapper; money writes "50 cents"
    if spacer.strip() == "-" and num.text.lower().startswith(("a ", "an ")):
        return None  # "a billion-dollar dent": an adjective, no amount
    if word in t.subunit_of:
        return _Suffix(m.end(), t.subunit_of[word], 0.01, "word")
    return _Suffix(m.end(), t.word_of[word], 1.0, "word")


def _is_year(num: NumberMatch) -> bool:
    """A bare four-digit year (``in 2005 $3bn``): never the amount a sign ends."""
    return num.low is None and is_year(num.text)


def _marker_between(
    text: str, num: NumberMatch, suf: _Suffix, prefixed: bool
) -> tuple[bool, NumberMatch | None]:
    """Whether a sign or code written between two numbers ends the left one, and its cents.

    ``in 2005 $3bn``: the sign leads the next amount (the default). It ends the left
    amount when the next one carries its own marker (``10 $ 30 $``, ``10 $ 30 cent``,
    ``10 usd 20 eur``), or when a code is followed by two-digit cents (``17 USD 25``).
    A sign glued to the next number and spaced from the left one leads the next
    (``1 $10 bill``); a left amount that has its own sign keeps only that one.
    """
    t = _tables()
    gap = t.digit_after_re.match(text, suf.end)
    if gap is None or suf.kind == "word":
        return True, None  # a currency word always ends its amount ("15 dollars 50")
    if prefixed or _is_year(num):
        return False, None
    if num.end < suf.end and text[num.end] in " \u00a0" and gap.end() == suf.end:
        return False, None
    nxt = number_at(text, gap.end(), attached=t.attached)
    if nxt is None:
        return True, None  # no amount follows ("10 USD 11a")
    if nxt.vague:
        return False, None
    _, _, nxt_scaled = _parts(nxt)
    nxt_suf = _suffix_currency(text, nxt, nxt_scaled)
    if nxt_suf is not None and (
        nxt_suf.kind != "word" or nxt_suf.mult != 1.0 or nxt_suf.code != suf.code
    ):
        # "10 $ 30 $", "10 $ 30 cent", "10 rmb 20 usd"; but "$ 10 dollars" is one amount
        return True, None
    cents_ok = (
        suf.kind == "code"
        and suf.mult == 1.0
        and num.low is None
        and num.scale == 1.0
        and num.value >= 1
        and num.value == int(num.value)
        and nxt.low is None
        and nxt.scale == 1.0
        and len(nxt.text) == 2
        and nxt.text.isdigit()
        and bool(t.cents_end_re.match(text, nxt.end))
    )
    return (True, nxt) if cents_ok else (False, None)


def _pounds_are_money(text: str, start: int, num_end: int, word_end: int) -> bool:
    """Whether ``N pounds`` is sterling rather than weight.

    British text writes sterling as ``£``; the word ``pounds`` after a number is
    weight in almost all news (``500,000 pounds of marijuana``, ``weighed 69 pounds``).
    It counts as money only with money words around it (``profit of 361 million
    pounds``, ``5m pounds in compensation``) and never before ``of``/``from``.
    """
    t = _tables()
    after = text[word_end : word_end + 40]
    if re.match(r"[ \u00a0]+(?:of|from)\b", after):
        return False
    if t.weight_before_re.search(text, max(0, start - 60), start):
        return False
    if re.match(r"[ \u00a0]+sterling\b", after, re.IGNORECASE):
        return True
    if t.money_noun_after_re.match(after):
        return True
    return bool(t.money_cue_near_re.search(text, max(0, start - 60), start))


def _null_currency_money(
    text: str, num: NumberMatch, scaled: bool, previous_money_end: int | None
) -> bool:
    """A scaled amount with no currency that still reads as money.

    ``a 20 million deal`` (a money noun follows), ``losses of 2.7bn`` (a money word
    leads in), ``4.3bn rupees ..., against 2.7bn a year earlier`` (an amount in the
    same sentence as a money figure, elliptical). Never when a counted noun
    follows (``1.3m people``, ``17.2 million shares``).
    """
    if not scaled or num.vague or num.value < 1e6 or num.scale < 1e6:
        return False
    t = _tables()
    after = text[num.end : num.end + 40]
    if t.money_noun_after_re.match(after):
        return True
    nxt = t.count_after_re.match(after)
    if nxt and nxt.group("w").lower() not in t.after_ok_words:
        return False  # "1.3m people", "17.2 million shares": a count, not money
    if t.money_cue_before_re.search(text, max(0, num.start - 40), num.start):
        return True
    if previous_money_end is not None and num.start - previous_money_end < 120:
        between = text[previous_money_end : num.start]
        return not re.search(r"[.!?]\s|\n", between)
    return False


def _parts(num: NumberMatch) -> tuple[float, float, bool]:
    """(raw number, scale, has own scale) of a number match."""
    scale = num.scale
    return num.value / scale if num.low is None else num.value, scale, scale != 1.0


def _single_drafts(text: str) -> list[_Draft]:
    t = _tables()
    drafts: list[_Draft] = []
    previous: NumberMatch | None = None
    taken_end = 0  # end of the last amount, with any marker or cents it took from the right
    for num in find_numbers(text, attached=t.attached):
        last, previous = previous, num
        if num.vague:
            continue  # "millions of dollars" has no numeral: not money
        if num.start < taken_end:
            continue  # the cents of "17 USD 25", already in the amount before
        raw, scale, scaled = _parts(num)
        start, end = num.start, num.end
        currency: str | None = None
        found = False
        mult = 1.0
        prefixed = False
        pre = _prefix_currency(text, num.start)
        if pre is not None and pre[0] < taken_end:
            pre = None  # the marker ends the amount before ("10 $ 30 $")
        if pre is not None and not scaled:
            marker = text[pre[0] : num.start].strip()
            if marker in t.codes_need_scale or marker.lower() in t.word_prefixes_need_scale:
                pre = None  # "COP 21", "PHP 8", "R2-D2": acronyms; "the dollar 3 years ago"
        if pre is not None:
            start, currency, mult = pre
            found = True
            prefixed = True
            if not scaled and text.startswith("T", end) and not text[end + 1 : end + 2].isalnum():
                # "$1.7T" in headlines: a capital T after a currency amount is trillion
                mult, end, scale, scaled = 1e12, end + 1, 1e12, True
        suf = _suffix_currency(text, num, scaled)
        if suf is not None and not scaled and text[num.end : suf.end].strip() in t.codes_need_scale:
            suf = None
        cents: NumberMatch | None = None
        if suf is not None:
            owns, cents = _marker_between(text, num, suf, prefixed)
            if not owns:
                suf = None  # "in 2005 $3bn": the sign leads the next amount
        if suf is not None:
            word = text[num.end : suf.end].strip(" -\u00a0").lower()
            if word in ("pound", "pounds") and not _pounds_are_money(text, start, num.end, suf.end):
                suf = None
            elif not found or (currency == "USD" and text[start : num.start].strip() == "$"):
                # "$265,515 USD" keeps the code; "$ 10 dollars" the dollar
                end = suf.end
                if suf.code is not None or not found:
                    currency = suf.code if suf.code is not None else currency
                found = True
                mult = suf.mult
            elif found and suf.kind == "word" and currency and t.word_of.get(word) == currency:
                end = suf.end  # "US$ 10 dollars" (a currency word has multiplier 1)
        if not found:
            # Elliptical amounts follow a scaled money figure with no other number between.
            prev_end = (
                drafts[-1].end if drafts and drafts[-1].num is last and drafts[-1].scaled else None
            )
            if _null_currency_money(text, num, scaled, prev_end):
                found = True
            else:
                continue
        value = num.value * mult
        low = num.low * mult if num.low is not None else None
        high = num.high * mult if num.high is not None else None
        if cents is not None and suf is not None:
            value += cents.value / 100  # "17 USD 25" is 17.25 USD
            end = cents.end
        # "75 USD million": a scale word after the code
        if found and suf is not None and not scaled:
            m = t.scale_after_code_re.match(text, end)
            if m and text[num.end : end].strip().isupper():
                factor = _SCALE_WORDS[m.group("sw").lower()]
                value *= factor
                low = low * factor if low is not None else None
                high = high * factor if high is not None else None
                end = m.end()
                scale = factor
                scaled = True
        drafts.append(
            _Draft(
                start=start,
                end=end,
                num=num,
                value=value,
                currency=currency,
                scaled=scaled,
                raw=raw * mult,
                scale=scale,
                low=low,
                high=high,
                qualifier=None,
                prefixed=prefixed,
            )
        )
        taken_end = end
    return drafts


def _merge_ranges(text: str, drafts: list[_Draft]) -> list[_Draft]:
    """Join ``$5m-$10m``, ``$20-$25 billion``, ``between £2bn and £3bn`` into one figure."""
    t = _tables()
    out: list[_Draft] = []
    i = 0
    while i < len(drafts):
        a = drafts[i]
        if i + 1 < len(drafts) and a.low is None and drafts[i + 1].low is None:
            b = drafts[i + 1]
            gap = text[a.end : b.start]
            kind = ""
            if re.fullmatch(r"[ \u00a0]?[-–—][ \u00a0]?", gap):
                kind = "dash"
            elif re.fullmatch(r"[ \u00a0]+to[ \u00a0]+", gap, re.IGNORECASE):
                kind = "to"
            elif re.fullmatch(r"[ \u00a0]+and[ \u00a0]+", gap, re.IGNORECASE):
                kind = "and"
            same_currency = a.currency == b.currency or (a.currency is None and b.prefixed)
            ok = bool(kind) and same_currency and b.prefixed == a.prefixed
            if ok and kind == "to":
                ok = not is_change_before(text, a.start)
            if ok and kind == "and":
                ok = bool(t.range_between_re.search(text, max(0, a.start - 12), a.start))
            if ok:
                lo, hi = a.value, b.value
                if not a.scaled and b.scaled and a.raw < b.raw:
                    lo = a.raw * b.scale  # "$20-$25 billion": the scale is written once
                if lo < hi and (kind != "to" or to_range_plausible(lo, hi)):
                    merged = _Draft(
                        start=a.start,
                        end=b.end,
                        num=a.num,
                        value=(lo + hi) / 2,
                        currency=a.currency or b.currency,
                        scaled=True,
                        raw=a.raw,
                        scale=b.scale,
                        low=lo,
                        high=hi,
                        prefixed=a.prefixed,
                    )
                    out.append(merged)
                    i += 2
                    continue
        out.append(a)
        i += 1
    return out


_JOIN_RE = re.compile(r"[ \u00a0]+(?:and[ \u00a0]+)?", re.IGNORECASE)
_BARE_END_RE = re.compile(r"[ \u00a0]*(?:$|[.,;:!?)]|and\b)", re.IGNORECASE)


def _join_subunits(text: str, drafts: list[_Draft]) -> list[_Draft]:
    """``3 dollars 50 cents`` and ``thirteen dollars and forty-five`` are one amount.

    Only a whole main amount followed by 1-99 subunits joins: by a cents/pence
    figure, or by a bare number that ends the clause (``15 dollars 50.``).
    """
    out: list[_Draft] = []
    i = 0
    while i < len(drafts):
        a = drafts[i]
        joinable = (
            a.low is None
            and a.currency is not None
            and not a.scaled
            and a.value == int(a.value)
            and a.value >= 1
        )
        if joinable:
            gap = _JOIN_RE.match(text, a.end)
            b = drafts[i + 1] if i + 1 < len(drafts) else None
            if (
                gap
                and b is not None
                and b.start == gap.end()
                and b.low is None
                and b.currency == a.currency
                and 0 < b.value < 1
                and not b.prefixed
            ):
                out.append(
                    _Draft(
                        a.start,
                        b.end,
                        a.num,
                        a.value + b.value,
                        a.currency,
                        False,
                        a.raw,
                        1.0,
                        prefixed=a.prefixed,
                    )
                )
                i += 2
                continue
            if gap:
                n = number_at(text, gap.end(), ranges=False)
                if (
                    n is not None
                    and not n.vague
                    and n.value == int(n.value)
                    and 1 <= n.value <= 99
                    and (b is None or b.start >= n.end)
                    and _BARE_END_RE.match(text, n.end)
                ):
                    out.append(
                        _Draft(
                            a.start,
                            n.end,
                            a.num,
                            a.value + n.value / 100,
                            a.currency,
                            False,
                            a.raw,
                            1.0,
                            prefixed=a.prefixed,
                        )
                    )
                    i += 1
                    continue
        out.append(a)
        i += 1
    return out


def _publication_date(published: datetime | date | None) -> date | None:
    if published is None:
        return None
    if isinstance(published, datetime):
        if published.tzinfo is not None:
            published = published.astimezone(UTC)
        return published.date()
    return published


def _qualifier(text: str, d: _Draft) -> str | None:
    found = _qualifier_before(text, d.start)
    if found:
        return found[0]
    after = qualifier_after(text, d.end)
    if after:
        return after[0]
    return None


def extract_money(
    text: str, *, article_id: str = "", published: datetime | date | None = None
) -> list[MoneyFigure]:
    """Every money figure in ``text``, left to right, with USD values at ``published``."""
    drafts = _join_subunits(text, _merge_ranges(text, _single_drafts(text)))
    on = _publication_date(published)
    figures: list[MoneyFigure] = []
    for d in drafts:
        value_usd: float | None = None
        fx_rate: float | None = None
        fx_date: str | None = None
        if on is not None and d.currency is not None:
            rate = usd_rate(d.currency, on)
            if rate is not None:
                fx_rate, fixing = rate
                fx_date = fixing.isoformat()
                value_usd = d.value * fx_rate
        figures.append(
            MoneyFigure(
                article_id=article_id,
                start_char=d.start,
                end_char=d.end,
                text=text[d.start : d.end],
                value=_clean(d.value),
                currency=d.currency,
                low=_clean(d.low) if d.low is not None else None,
                high=_clean(d.high) if d.high is not None else None,
                qualifier=_qualifier(text, d),
                value_usd=value_usd,
                fx_rate=fx_rate,
                fx_date=fx_date,
            )
        )
    return figures


def _clean(x: float) -> float:
    """Round away binary noise (1.13 * 1e9 = 1129999999.9999998)."""
    return float(f"{x:.12g}")


def parse_money(text: str) -> MoneyFigure | None:
    """The money figure if ``text`` is exactly one amount (``"$1.5bn"``), else None."""
    figures = extract_money(text.strip())
    if len(figures) != 1 or figures[0].text != text.strip():
        return None
    return figures[0]


__all__ = ["extract_money", "iso_codes", "number_at", "parse_money"]
