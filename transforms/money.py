"""Money figures: every amount of money stated in a text, with its currency.

Pure text rules on top of the shared number grammar (``transforms.numbers``); no
spaCy, so it runs on the whole corpus in seconds. The meaning of a money figure is
fixed by ``annotation-guidelines.md``; the calls made where it is silent are in
``docs/money.md``. In short:

- the span runs from the currency sign, code or word to the number and its scale
  word, in the order the text uses (``£1.6bn``, ``7.5bn euros``, ``US$ 6.2 billion``,
  ``$265,515 USD``); qualifier words (``about``, ``more than``) stay outside;
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
        self.word_of: dict[str, str | None] = dict(data["words"])
        self.subunit_of: dict[str, str] = dict(data["subunits"])
        self.need_scale: frozenset[str] = frozenset(data["words_need_scale"])
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
            rf"|(?P<s>{sym}))(?![\w$€£])(?!{sp}\d)"
        )
        self.suffix_code_ci_re = re.compile(
            rf"(?P<sp>{sp})(?P<c>{_alt(lower_codes + [k for k in self.mcode_of if k.islower()])})"
            rf"(?![\w$€£])(?!{sp}\d)",
            re.IGNORECASE,
        )
        self.scale_after_code_re = re.compile(
            rf"[ \u00a0](?P<sw>{_alt(list(_SCALE_WORDS))})\b", re.IGNORECASE
        )
        self.attached: frozenset[str] = frozenset(
            {c.lower() for c in self.code_of}
            | {k.lower() for k in self.mcode_of}
            | set(self.glued_subunits)
            | {"rs", "元", "ரூ", "t"}
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


def _suffix_currency(
    text: str, num: NumberMatch, scaled: bool
) -> tuple[int, str | None, float, bool] | None:
    """A currency marker right after the number: (end, ISO or None, multiplier, is_word)."""
    t = _tables()
    end = num.end
    m = t.suffix_code_re.match(text, end) or t.suffix_code_ci_re.match(text, end)
    if m:
        if m.group("c"):
            key = m.group("c")
            if key in t.mcode_of or key.upper() in t.mcode_of:
                return m.end(), t.mcode_of.get(key) or t.mcode_of[key.upper()], 1e6, False
            code = t.code_of.get(key) or t.code_of.get(key.lower())
            return m.end(), code, 1.0, False
        return m.end(), t.symbol_of[m.group("s")], 1.0, False
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
        return None
    if m.group("w") == "Cent" and num.value != 1 and not spacer.strip():
        return None  # "50 Cent" the rapper; money writes "50 cents"
    if spacer.strip() == "-" and num.text.lower().startswith(("a ", "an ")):
        return None  # "a billion-dollar dent": an adjective, no amount
    if word in t.subunit_of:
        return m.end(), t.subunit_of[word], 0.01, True
    return m.end(), t.word_of[word], 1.0, True


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
    for num in find_numbers(text, attached=t.attached):
        last, previous = previous, num
        if num.vague:
            continue  # "millions of dollars" has no numeral: not money
        raw, scale, scaled = _parts(num)
        start, end = num.start, num.end
        currency: str | None = None
        found = False
        mult = 1.0
        prefixed = False
        pre = _prefix_currency(text, num.start)
        if (
            pre is not None
            and not scaled
            and text[pre[0] : num.start].strip() in t.codes_need_scale
        ):
            pre = None  # "COP 21", "PHP 8": acronyms, not pesos
        if pre is not None:
            start, currency, mult = pre
            found = True
            prefixed = True
            if not scaled and text.startswith("T", end) and not text[end + 1 : end + 2].isalnum():
                # "$1.7T" in headlines: a capital T after a currency amount is trillion
                mult, end, scale, scaled = 1e12, end + 1, 1e12, True
        suf = _suffix_currency(text, num, scaled)
        if suf is not None and not scaled and text[num.end : suf[0]].strip() in t.codes_need_scale:
            suf = None
        if suf is not None:
            suf_end, suf_code, suf_mult, is_word = suf
            word = text[num.end : suf_end].strip(" -\u00a0").lower()
            if word in ("pound", "pounds") and not _pounds_are_money(text, start, num.end, suf_end):
                suf = None
            elif not found or (currency == "USD" and text[start : num.start].strip() == "$"):
                # "$265,515 USD" keeps the code; "$ 10 dollars" the dollar
                end = suf_end
                if suf_code is not None or not found:
                    currency = suf_code if suf_code is not None else currency
                found = True
                mult = suf_mult
            elif found and is_word and suf_mult == 1.0 and t.word_of.get(word) == currency:
                end = suf_end  # "US$ 10 dollars"
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
