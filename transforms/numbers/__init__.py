"""The shared number grammar: digits, scale words, number words, vague quantities, ranges.

Money figures (``transforms.money``) and military figures both build on this module,
so a number means the same thing everywhere in the warehouse. It knows nothing
about currencies or counted nouns: callers decide whether a number is a figure.

Components: ``grammar`` (the compiled patterns and tables), ``words`` (number words);
this module matches one expression at a position and finds every number in a text.

What it reads (vocabulary in ``transforms/data/number_words.json``):

- digits with thousands separators and decimals: ``5,000``, ``12,34,567.89``, ``1.6``,
  ``40 000`` (plain-space groups, not after another number or a month), decimal commas
  where clear (``1,5 million``, ``1.111,11``), comma lists (``22,24,26,31``);
- scale abbreviations and words: ``1.6bn``, ``£750k``, ``5 mln``, ``$29-million``,
  ``40 crore``, ``35 lakh``, ``$5MM`` (upper case only), ``3 dzs``;
- digit fractions of a scale: ``1/2 million``, ``4 1/2 billion``, ``2½m``;
- number words: ``two billion``, ``twenty-five``, ``one hundred and fifty``,
  ``a dozen``, ``half a billion``, ``two and a half million``, ``three quarters billion``,
  ``a third of a billion``, ``a million and a half``, ``hundred thousand``;
- digits mixed with scale words: ``4 thousand 3 hundred and 21``, ``6 crore and two hundred``;
- vague quantities (``vague=True``, qualifier ``over``): ``dozens``, ``hundreds``,
  ``several thousand``, ``tens of thousands``, ``hundreds of thousands``;
- ranges (one match, ``value`` is the midpoint): ``2-3bn``, ``5 to 10 million``,
  ``between 2 and 3 billion`` (span ``2 and 3 billion``, ``between`` stays outside);
- qualifier words before the number (``about``, ``more than``, ``up to`` ...) and
  after it (``-plus``); the qualifier word is never part of the span.

Not numbers: ordinals (``3rd``, ``a third billion``), decades (``1990s``), numbers glued to letters
(``5km``, ``A320``, ``F-16``) unless the caller allows the glued letters
(``attached``), times (``10:30``). Years are numbers: callers decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.numbers.grammar import DATA_PATH, _grammar
from transforms.numbers.words import _parse_word_tokens, _word_tokens
from transforms.years import is_year

__all__ = [
    "DATA_PATH",
    "NumberMatch",
    "find_numbers",
    "is_change_before",
    "number_at",
    "parse_number",
    "qualifier_after",
    "qualifier_before",
    "to_range_plausible",
]


@dataclass(frozen=True, slots=True)
class NumberMatch:
    """One number expression found in a text."""

    start: int  # span of the number expression itself (no qualifier word)
    end: int
    text: str
    value: float  # midpoint for ranges
    low: float | None  # both ends for ranges, else None
    high: float | None
    qualifier: str | None  # approx | over | under | None
    qualifier_start: int | None  # where the qualifier word begins, if any
    vague: bool  # "dozens", "hundreds", "tens of thousands", "several thousand"
    scale: float = (
        1.0  # the scale written with the number (1e9 for "1.6bn"; the high end's for ranges)
    )


# ----------------------------------------------------------------------------------
# Matching one expression at a position
# ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Atom:
    start: int
    end: int
    value: float
    raw: float  # the number before its scale ("3" in "3bn")
    scaled: bool  # carries its own scale word
    scale: float
    vague: bool
    words: bool


def _space_group_ok(text: str, pos: int, dend: int) -> bool:
    """Whether digits grouped by plain spaces (``40 000``) read as one number.

    Not after another number (a phone number, ``0161 496 000``) or a month (``May 12
    300``), except a year (``in 1999 250 000 people``); not when more digits or a glued
    letter, dash or slash follow (``10 737-800 planes``).
    """
    g = _grammar()
    left = g.space_group_left_re.search(text, max(0, pos - 12), pos)
    if left and not (left.group("year") and is_year(left.group("year"))):
        word = left.group("word")
        if word is None or word.lower() in g.space_group_blockers:
            return False
    nxt = text[dend : dend + 2]
    if not nxt:
        return True
    return not (nxt[0].isalnum() or nxt[0] in "-/–" or (nxt[0] == " " and nxt[1:2].isdigit()))


def _fraction_atom(text: str, pos: int) -> _Atom | None:
    """``1/2 million``, ``4 1/2 billion``, ``£2½m``: a fraction written with digits."""
    g = _grammar()
    m = g.slash_fraction_re.match(text, pos)
    if m is not None:
        num, den = int(m.group("num")), int(m.group("den"))
        if not 0 < num < den:
            return None
        raw = float(m.group("whole") or 0) + num / den
    else:
        m = g.glyph_fraction_re.match(text, pos)
        if m is None:
            return None
        raw = float(m.group("whole")) + g.glyph_fractions[m.group("glyph")]
    scale_text = m.group("sw") or m.group("sa") or m.group("sl")
    scale = 1.0
    if scale_text:
        key = re.sub(r"\s+", " ", scale_text.lower())
        scale = g.scale_words.get(key, g.scale_abbr.get(key, 100.0 if key == "hundred" else 1.0))
    return _Atom(pos, m.end(), raw * scale, raw, bool(scale_text), scale, False, False)


def _digit_atom(text: str, pos: int) -> _Atom | None:
    g = _grammar()
    m: re.Match[str] | None = None
    comma = False
    head = text[pos : pos + 9]
    if g.fraction_hint_re.search(head):
        frac = _fraction_atom(text, pos)
        if frac is not None:
            return frac
    if "," in head:
        m = g.decimal_comma_re.match(text, pos)
        if m is None and "." in head:
            m = g.european_re.match(text, pos)
        comma = m is not None
    if m is None:
        m = g.digit_re.match(text, pos)
        if m and " " in m.group("d") and not _space_group_ok(text, pos, m.end("d")):
            m = g.digit_no_space_re.match(text, pos)
    if not m:
        return None
    d = m.group("d")
    if comma:
        d = d.replace(".", "").replace(",", ".")  # "1.111,11" -> 1111.11
    try:
        raw = float(re.sub(r"[, \u00a0\u202f\u2009]", "", d))
    except ValueError:
        return None
    scale_text = m.group("sw") or m.group("sa") or m.group("sl")
    scale = 1.0
    end = m.end()
    if scale_text:
        key = scale_text.lower()
        key = re.sub(r"\s+", " ", key)
        fixed = {"hundred": 100.0, "dozen": 12.0, **dict.fromkeys(g.dozen_abbr, 12.0)}
        scale = g.scale_words.get(key, g.scale_abbr.get(key, fixed.get(key, 1.0)))
    else:
        end = m.end("d")
        for abbr, value in g.case_scales.items():
            after = end + len(abbr)
            if text.startswith(abbr, end) and not text[after : after + 1].isalnum():
                scale_text, scale, end = abbr, value, after  # "$5MM"
                break
    return _Atom(pos, end, raw * scale, raw, bool(scale_text), scale, False, False)


# Digits, then a decimal point spoken as a word: broadcast transcripts write
# "66-point-three trillion won" and "2 point five million" for 66.3 and 2.5.
_SPOKEN_POINT_RE = re.compile(r"[ -]point[ -](?=[a-z])", re.IGNORECASE)
# The word parser reads the spoken digits after a zero it is given in their place.
_ZERO_POINT = "zero point "
# How far a spoken fraction and its scale word may reach ("seventy-one trillion").
_SPOKEN_TAIL_CHARS = 60


def _spoken_decimal(text: str, atom: _Atom) -> _Atom:
    """Extend whole digits by a spoken decimal part: ``66-point-three trillion`` -> 66.3e12.

    Only after whole, unscaled digits, and only when number words follow the point
    (``a 10-point plan``, ``3 point lead`` stay as they are).
    """
    if atom.scaled or atom.words or atom.raw != int(atom.raw):
        return atom
    m = _SPOKEN_POINT_RE.match(text, atom.end)
    if m is None:
        return atom
    tail = _word_atom(_ZERO_POINT + text[m.end() : m.end() + _SPOKEN_TAIL_CHARS], 0)
    if tail is None or tail.end <= len(_ZERO_POINT):
        return atom
    raw = atom.raw + tail.raw
    end = m.end() + tail.end - len(_ZERO_POINT)
    return _Atom(atom.start, end, raw * tail.scale, raw, tail.scaled, tail.scale, False, False)


def _word_atom(text: str, pos: int) -> _Atom | None:
    g = _grammar()
    m = g.words_re.match(text, pos)
    if not m:
        return None
    tokens = _word_tokens(text, m.start(), m.end())
    parsed = _parse_word_tokens(tokens, 0)
    if parsed is None:
        return None
    value, used = parsed
    end = tokens[used - 1][2]
    scaled = tokens[used - 1][0] in g.scale_words
    scale = g.scale_words.get(tokens[used - 1][0], 1.0)
    raw = value / scale if scale else value
    return _Atom(pos, end, value, raw, scaled, scale, False, True)


def _vague_atom(text: str, pos: int) -> _Atom | None:
    g = _grammar()
    m = g.vague_re.match(text, pos)
    if not m:
        return None
    if m.group("mult"):
        value = g.vague_mult[m.group("mult").lower()] * g.vague[m.group("mscale").lower()]
    elif m.group("det"):
        dscale = m.group("dscale").lower()
        value = 12.0 if dscale == "dozen" else (100.0 if dscale == "hundred" else 0.0)
        if not value:
            value = g.scale_words[dscale]
        if m.group("dscale2"):
            value *= g.scale_words[m.group("dscale2").lower()]
    else:
        value = g.vague[m.group("plain").lower()]
    return _Atom(pos, m.end(), value, value, True, 1.0, True, True)


def _left_ok(text: str, pos: int, attached: frozenset[str]) -> bool:
    if pos == 0:
        return True
    prev = text[pos - 1]
    if prev == "," and pos >= 2 and text[pos - 2].isdigit():
        return _in_comma_list(text, pos)
    if text[pos] == "." and prev.isalpha():
        return False  # "Rs.250": an abbreviation's dot, not a decimal point
    if prev == "." and pos >= 2 and text[pos - 2].isalpha():
        # "Rs.250": digits after an abbreviation's dot, allowed when it is listed
        j = pos - 2
        while j > 0 and text[j - 1].isalpha():
            j -= 1
        return text[j : pos - 1].lower() in attached
    if prev.isdigit() or prev in ".,:/":
        return False
    if prev.isalpha():
        j = pos - 1
        while j > 0 and text[j - 1].isalpha():
            j -= 1
        return text[j:pos].lower() in attached
    if prev == "-" and pos >= 2 and text[pos - 2].isalpha():
        # "F-16", "Covid-19", "Euro-2004": model names, not quantities
        j = pos - 2
        while j > 0 and text[j - 1].isalpha():
            j -= 1
        return text[j : pos - 1].lower() in ("sub", "mid", "over", "under")
    return True


_COMMA_LIST_RE = re.compile(r"\d{1,3}(?:,\d{1,3}){2,}")
_THOUSANDS_RE = re.compile(r"\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})+,\d{3}")


def _in_comma_list(text: str, pos: int) -> bool:
    """Whether ``pos`` starts an item of a comma list of numbers (``nrs. 22,24,26,31``).

    Three items at least, and not digits grouped in thousands (``1,234,567``).
    """
    start = pos
    while start > 0 and (text[start - 1].isdigit() or text[start - 1] == ","):
        start -= 1
    end = pos
    while end < len(text) and (text[end].isdigit() or text[end] == ","):
        end += 1
    token = text[start:end].strip(",")
    return bool(_COMMA_LIST_RE.fullmatch(token)) and not _THOUSANDS_RE.fullmatch(token)


def _right_ok(text: str, end: int, attached: frozenset[str]) -> bool:
    if end >= len(text):
        return True
    nxt = text[end]
    if nxt.isdigit():
        return False
    if nxt.isalpha():
        j = end
        while j < len(text) and text[j].isalpha():
            j += 1
        return text[end:j].lower() in attached
    # times and dates (10:30, 12/05) are not quantities
    return not (nxt in ":/" and end + 1 < len(text) and text[end + 1].isdigit())


def _atom_at(text: str, pos: int, attached: frozenset[str], check_left: bool) -> _Atom | None:
    if check_left and not _left_ok(text, pos, attached):
        return None
    c = text[pos]
    atom: _Atom | None
    if c.isdigit() or c == ".":
        atom = _digit_atom(text, pos)
        if atom is not None:
            atom = _spoken_decimal(text, atom)
    else:
        atom = _vague_atom(text, pos) or _word_atom(text, pos)
    if atom is None:
        return None
    if not _right_ok(text, atom.end, attached):
        # "5km", "3rd", "5mm": glued letters make it a unit or an ordinal, not a number
        return None
    if check_left and atom.words and atom.end - atom.start == 3 and atom.value == 1.0:
        g = _grammar()
        prev = g.prev_word_re.search(text, max(0, pos - 20), pos)
        if prev and prev.group(1).lower() in g.one_pronoun_after:
            return None  # "the one you mentioned", "no one": a pronoun
    if not atom.vague:
        atom = _compound(text, atom, attached)
    return atom


def _compound(text: str, atom: _Atom, attached: frozenset[str]) -> _Atom:
    """Extend a number that ends in a scale word by a smaller part written after it.

    Digits and scale words mix (``4 thousand 3 hundred and 21``, ``3 hundred and one``,
    ``6 crore and two hundred``); the word parser already joins all-word numbers.
    After ``and`` the part must be below 100 behind ``hundred`` or be words with a
    scale word (``$3 million and 200 jobs``, ``£3m and two sites`` stay apart); without
    ``and`` it must carry its own smaller scale word (``5 million 300 thousand``).
    """
    if not (atom.scaled or atom.words):
        return atom  # most numbers: plain digits, nothing to extend
    g = _grammar()
    head = text[atom.start : atom.end]
    scale_word = g.ends_in_scale_re.search(head)
    if scale_word is None or atom.end >= len(text) or text[atom.end] not in " \u00a0":
        return atom
    word = scale_word.group(0).lower().rstrip("s")
    last_scale = 100.0 if word == "hundred" else g.scale_words.get(word, 1.0)
    gap = g.compound_gap_re.match(text, atom.end)
    if gap is None or gap.end() >= len(text):
        return atom
    right = _atom_at(text, gap.end(), attached, check_left=False)
    if right is None or right.vague or not 0 < right.value < last_scale:
        return atom
    if atom.words and right.words:
        return atom  # the word parser decided already ("two million and five hundred")
    tail = text[right.start : right.end]
    has_scale = bool(g.has_scale_word_re.search(tail))
    if gap.group("and"):
        ok = (last_scale == 100.0 and right.value < 100) or (right.words and has_scale)
    else:
        ok = has_scale
    if not ok:
        return atom
    value = atom.value + right.value
    # A compound carries no one scale: it is scaled (ranges keep both ends as written).
    return _Atom(atom.start, right.end, value, value, True, 1.0, False, False)


def _qualifier_before(text: str, pos: int) -> tuple[str, int] | None:
    """The qualifier word that ends right before ``pos``: (qualifier, start)."""
    g = _grammar()
    window_start = max(0, pos - 40)
    m = g.qualifier_before_re.search(text, window_start, pos)
    if not m:
        return None
    phrase = m.group("q").lower()
    blockers = g.qualifier_blockers.get(phrase)
    if blockers:
        prev = g.prev_word_re.search(text, max(0, m.start("q") - 20), m.start("q"))
        if prev and prev.group(1).lower() in blockers:
            return None
    return g.qualifier_of[phrase], m.start("q")


def qualifier_before(text: str, pos: int) -> tuple[str, int] | None:
    """Qualifier word (approx | over | under) ending just before ``pos``, with its start.

    Money calls this with the position of the currency sign, so ``about £5m`` is
    ``approx`` with ``£5m`` as the span.
    """
    return _qualifier_before(text, pos)


def qualifier_after(text: str, end: int) -> tuple[str, int, int] | None:
    """Qualifier written after a number (``£30m-plus``): (qualifier, start, end)."""
    g = _grammar()
    m = g.qualifier_after_re.match(text, end)
    if not m:
        return None
    return g.qualifier_after_of[m.group("q").lower()], m.start(), m.end()


def is_change_before(text: str, pos: int) -> bool:
    """Whether ``X to Y`` starting at ``pos`` reads as a change (``rose from X to Y``).

    ``pos`` is where X starts, including any currency sign before its digits.
    """
    g = _grammar()
    return bool(g.change_re.search(text, max(0, pos - 60), pos))


def to_range_plausible(low: float, high: float) -> bool:
    """``X to Y`` is a range only when the ends are of one size (not ``$1.32 to $44.45``)."""
    return 0 < low < high <= low * _grammar().range_to_max_ratio


def _combine(
    text: str, low: _Atom, high: _Atom, sep_start: int, sep: str
) -> tuple[float, float] | None:
    """Both ends of ``low SEP high`` if it reads as a range, sharing a trailing scale."""
    if low.vague or high.vague:
        return None
    lo = low.value
    hi = high.value
    if not low.scaled and high.scaled and low.raw < high.raw * 1.0001 + 1e-9:
        # "2-3bn", "5 to 10 million": the scale word is written once for both ends
        lo = low.raw * high.scale
    elif not low.scaled and high.scaled and low.raw >= high.raw:
        return None
    if not lo < hi:
        return None  # "2-1" is a score, "2004-05" a season
    return lo, hi


def number_at(
    text: str, pos: int, *, attached: frozenset[str] = frozenset(), ranges: bool = True
) -> NumberMatch | None:
    """The longest number expression starting exactly at ``pos`` (no left-boundary check).

    ``attached`` lists lower-case letter runs that may be glued to the number on
    either side (money passes ``p`` and ISO codes so ``50p`` and ``USD115`` parse).
    """
    atom = _atom_at(text, pos, attached, check_left=False)
    if atom is None:
        return None
    return _finish(text, atom, attached, ranges)


def _finish(text: str, atom: _Atom, attached: frozenset[str], ranges: bool) -> NumberMatch:
    g = _grammar()
    start, end = atom.start, atom.end
    value, low, high = atom.value, None, None
    scale = atom.scale
    if ranges and not atom.vague:
        sep = g.range_sep_re.match(text, atom.end)
        if sep:
            word = sep.group(0).strip().lower()
            nxt = sep.end()
            other = _atom_at(text, nxt, attached, check_left=False) if nxt < len(text) else None
            ok = other is not None
            if ok and word == "and":
                ok = bool(g.between_re.search(text, max(0, start - 12), start))
            if ok and word == "to":
                ok = not is_change_before(text, start)
            if ok and other is not None and word in ("-", "–", "—") and other.words != atom.words:
                ok = False  # "5-two" is not a range
            if ok and other is not None:
                both = _combine(text, atom, other, sep.start(), word)
                if both is not None and word == "to" and not to_range_plausible(*both):
                    both = None
                if both is not None:
                    low, high = both
                    value = (low + high) / 2
                    end = other.end
                    scale = other.scale
    qual: str | None = None
    qual_start: int | None = None
    found = _qualifier_before(text, start)
    if found:
        qual, qual_start = found
    if atom.vague:
        qual = qual or "over"
    after = qualifier_after(text, end)
    if after and qual is None:
        qual, qual_start = after[0], after[1]
    return NumberMatch(
        start=start,
        end=end,
        text=text[start:end],
        value=value,
        low=low,
        high=high,
        qualifier=qual,
        qualifier_start=qual_start,
        vague=atom.vague,
        scale=scale,
    )


def find_numbers(text: str, *, attached: frozenset[str] = frozenset()) -> list[NumberMatch]:
    """Every number expression in ``text``, non-overlapping, left to right."""
    g = _grammar()
    out: list[NumberMatch] = []
    pos = 0
    n = len(text)
    while pos < n:
        m = g.start_re.search(text, pos)
        if not m:
            break
        s = m.start()
        atom = _atom_at(text, s, attached, check_left=True)
        if atom is None:
            # skip the whole token so "5km" is not retried as "km"
            # a rejected leading dot ("Rs.250") leaves its digits to be tried on their own
            pos = s + 1 if text[s] == "." else max(m.end(), s + 1)
            if text[s].isdigit():
                while pos < n and (text[pos].isalnum() or text[pos] in ".,"):
                    pos += 1
            continue
        match = _finish(text, atom, attached, ranges=True)
        out.append(match)
        pos = match.end
    return out


def parse_number(text: str) -> float | None:
    """The value of ``text`` if the whole string is one number expression, else None.

    ``"5,000"`` -> 5000.0, ``"1.6bn"`` -> 1.6e9, ``"two billion"`` -> 2e9,
    ``"a dozen"`` -> 12.0, ``"tens of thousands"`` -> 10000.0; ranges give their midpoint.
    """
    stripped = text.strip()
    if not stripped:
        return None
    match = number_at(stripped, 0, attached=frozenset())
    if match is None or match.end != len(stripped):
        return None
    return match.value
