"""The shared number grammar: digits, scale words, number words, vague quantities, ranges.

Money figures (``transforms.money``) and military figures both build on this module,
so a number means the same thing everywhere in the warehouse. It knows nothing
about currencies or counted nouns: callers decide whether a number is a figure.

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

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transforms.years import is_year

DATA_PATH = Path(__file__).parent / "data" / "number_words.json"


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


@functools.cache
def _vocabulary() -> dict[str, Any]:
    with DATA_PATH.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def _alternation(words: list[str] | set[str] | frozenset[str]) -> str:
    """A regex matching any of ``words``, preferring the longest ("mln" over "m").

    Built as a trie ("t(?:en|hirt(?:een|y)|...)") rather than a flat list: Python's
    engine tries a flat alternation word by word at every position, and the scan
    over a million words of news would spend most of its time there.
    """
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?"
        return body

    return emit(trie)


class _Grammar:
    """Compiled regexes and lookup tables, built once from the data file."""

    def __init__(self, vocab: dict[str, Any]) -> None:
        self.units: dict[str, float] = {k: float(v) for k, v in vocab["units"].items()}
        self.tens: dict[str, float] = {k: float(v) for k, v in vocab["tens"].items()}
        self.scale_words: dict[str, float] = {k: float(v) for k, v in vocab["scale_words"].items()}
        self.scale_abbr: dict[str, float] = {
            k: float(v) for k, v in vocab["scale_abbreviations"].items()
        }
        self.fractions: dict[str, float] = {k: float(v) for k, v in vocab["fractions"].items()}
        self.vague: dict[str, float] = {k: float(v) for k, v in vocab["vague"].items()}
        self.vague_mult: dict[str, float] = {
            k: float(v) for k, v in vocab["vague_multiplied"].items()
        }
        self.qualifier_of: dict[str, str] = {}
        for qual, words in vocab["qualifiers_before"].items():
            for w in words:
                self.qualifier_of[w.lower()] = qual
        self.qualifier_blockers: dict[str, frozenset[str]] = {
            k: frozenset(v) for k, v in vocab["qualifier_blockers"].items()
        }
        self.prev_word_re = re.compile(r"([A-Za-z]+)[ \u00a0]+$")
        self.one_pronoun_after: frozenset[str] = frozenset(vocab["one_pronoun_after"])
        self.qualifier_after_of: dict[str, str] = {}
        for qual, words in vocab["qualifiers_after"].items():
            for w in words:
                self.qualifier_after_of[w.lower()] = qual

        self.fractions_need_of: frozenset[str] = frozenset(vocab["fractions_need_of"])
        self.dozen_abbr: frozenset[str] = frozenset(vocab["dozen_abbreviations"])
        self.case_scales: dict[str, float] = {
            k: float(v) for k, v in vocab["scale_abbreviations_case_sensitive"].items()
        }
        self.space_group_blockers: frozenset[str] = frozenset(vocab["space_group_blockers_before"])
        spaced = vocab["scale_abbreviations_spaced"]
        attached_only = [a for a in self.scale_abbr if a not in spaced]
        scale_word_alt = _alternation([*self.scale_words, "hundred", "dozen", *self.dozen_abbr])
        # Digits: western thousands groups, Indian lakh/crore groups, or a plain run.
        # No-break, narrow and plain spaces also group thousands ("40 000"); a plain-space
        # group is checked again in _digit_atom, since "in 2004 300 people" is two numbers.
        digits = (
            r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+"
            r"|\d{1,2}(?:,\d{2})+,\d{3}|\d+)(?:\.\d+)?|\.\d+"
        )
        digits_no_plain_space = (
            r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+"
            r"|\d{1,2}(?:,\d{2})+,\d{3}|\d+)(?:\.\d+)?|\.\d+"
        )
        # A scale after digits: a word (space or hyphen allowed, "$29-million"), a
        # two-plus-letter abbreviation (one optional space, "1.6 bn"), or a single
        # letter glued on ("5m"; "5 m" is five metres). Case does not matter ("$2M").
        scale = (
            rf"(?:[\s-]?(?P<sw>{scale_word_alt})s?(?![a-z])"
            rf"|\s?(?P<sa>{_alternation(spaced)})(?![a-z])"
            rf"|(?P<sl>{_alternation(attached_only)})(?![a-z]))"
        )
        self.digit_re = re.compile(rf"(?P<d>{digits})(?:{scale})?", re.IGNORECASE)
        self.digit_no_space_re = re.compile(
            rf"(?P<d>{digits_no_plain_space})(?:{scale})?", re.IGNORECASE
        )
        # Decimal commas where they are clear: before a scale ("1,5 million", "€2,5bn")
        # and in the full European form ("1.111,11"). A bare "1,5" may be a list.
        self.decimal_comma_re = re.compile(rf"(?P<d>\d{{1,3}},\d{{1,2}})(?:{scale})", re.IGNORECASE)
        self.european_re = re.compile(
            rf"(?P<d>\d{{1,3}}(?:\.\d{{3}})+,\d{{1,2}})(?![\d])(?!,\d)(?:{scale})?", re.IGNORECASE
        )
        # Fractions of a scale ("1/2 million", "4 1/2 billion") and fraction glyphs
        # ("£2½m", "$4½ million"); a bare "1/2" stays out (dates, scores).
        self.slash_fraction_re = re.compile(
            rf"(?:(?P<whole>\d{{1,3}})[ -])?(?P<num>\d{{1,2}})/(?P<den>\d{{1,2}})(?:{scale})",
            re.IGNORECASE,
        )
        self.glyph_fractions: dict[str, float] = {
            k: float(v) for k, v in vocab["fraction_glyphs"].items()
        }
        self.glyph_fraction_re = re.compile(
            rf"(?P<whole>\d{{1,3}})(?P<glyph>[{''.join(self.glyph_fractions)}])(?:{scale})?",
            re.IGNORECASE,
        )
        self.fraction_hint_re = re.compile(f"[/{''.join(self.glyph_fractions)}]")
        self.space_group_left_re = re.compile(
            r"(?:(?<!\d)(?P<year>\d{4})|\d|(?P<word>[A-Za-z]+)\.?)[ \u00a0]+$"
        )
        # A compound of digits and scale words continues after a scale word
        # ("4 thousand 3 hundred and 21", "6 crore and two hundred").
        self.ends_in_scale_re = re.compile(
            rf"(?:{_alternation([*self.scale_words, 'hundred'])})s?$", re.IGNORECASE
        )
        self.has_scale_word_re = re.compile(
            rf"\b(?:{_alternation([*self.scale_words, 'hundred'])})s?\b", re.IGNORECASE
        )
        self.compound_gap_re = re.compile(r"[ \u00a0]+(?:(?P<and>and)[ \u00a0]+)?", re.IGNORECASE)

        real_words = (
            list(self.units)
            + list(self.tens)
            + list(self.scale_words)
            + ["hundred", "dozen", "dozens"]
            + [w + s for w in self.dozen_abbr for s in ("", "s")]
            + list(self.fractions)
        )
        real = _alternation(real_words)
        joiner = r"(?:\s+|-|\s*-\s*)"
        glue = r"(?:and|a|an|of|point)"
        # A run of number words: optional leading "a"/"half a", then number words
        # joined by spaces, hyphens or "and"; the Python parser below decides how
        # much of the run is one well-formed number.
        self.words_re = re.compile(
            rf"\b(?:(?:a|an){joiner})?(?:{real})\b(?:{joiner}(?:(?:{glue}){joiner})*(?:{real})\b)*",
            re.IGNORECASE,
        )
        vague_scale = _alternation(["thousands", "millions", "billions"])
        determiners = _alternation(vocab["vague_determiners"])
        self.vague_re = re.compile(
            rf"\b(?:"
            rf"(?P<mult>{_alternation(list(self.vague_mult))})\s+of\s+(?P<mscale>{vague_scale})"
            rf"|(?P<det>{determiners})\s+(?P<dscale>dozen|hundred|thousand|million|billion)"
            rf"(?:\s+(?P<dscale2>thousand|million))?"
            rf"|(?P<plain>{_alternation(list(self.vague))})"
            rf")\b(?!-)",
            re.IGNORECASE,
        )
        quals = _alternation(list(self.qualifier_of))
        # Qualifier words directly before a number (or before its currency sign).
        self.qualifier_before_re = re.compile(
            rf"(?:^|(?<=[^\w]))(?P<q>{quals})(?:\s+|(?<=-)|(?<=~))$", re.IGNORECASE
        )
        self.qualifier_after_re = re.compile(
            rf"(?P<q>{_alternation(list(self.qualifier_after_of))})(?![\w+])", re.IGNORECASE
        )
        # Range joiners between two numbers. "to" is a range unless "from" came
        # first ("rose from 5 to 10" is a change, two numbers).
        self.range_sep_re = re.compile(r"\s?[-–—]\s?|\s+to\s+|\s+and\s+", re.IGNORECASE)
        self.between_re = re.compile(r"\bbetween\s+$", re.IGNORECASE)
        change = _alternation(vocab["change_words_before_to"])
        # A change word up to four words back, with no clause break in between.
        self.change_re = re.compile(
            rf"\b(?:{change})\b(?:[ \u00a0]+[^\s.,;:!?()]+){{0,3}}[ \u00a0]+\S{{0,3}}$",
            re.IGNORECASE,
        )
        self.range_to_max_ratio = float(vocab["range_to_max_ratio"])
        self.word_token_re = re.compile(r"[a-z]+", re.IGNORECASE)
        self.start_re = re.compile(
            rf"\d|\.\d|\b(?:{real}|(?:a|an)[\s-]+(?=(?:{real})\b)"
            rf"|{_alternation(list(self.vague_mult) + list(self.vague))}|{determiners})\b",
            re.IGNORECASE,
        )


@functools.cache
def _grammar() -> _Grammar:
    return _Grammar(_vocabulary())


# ----------------------------------------------------------------------------------
# Number words
# ----------------------------------------------------------------------------------


def _word_tokens(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    g = _grammar()
    out = []
    for m in g.word_token_re.finditer(text, start, end):
        w = m.group(0).lower()
        if w in g.dozen_abbr:
            w = "dozen"  # "five doz"
        elif w[:-1] in g.dozen_abbr and w.endswith("s"):
            w = "dozens"  # "five dozs"
        out.append((w, m.start(), m.end()))
    return out


def _parse_word_tokens(tokens: list[tuple[str, int, int]], i0: int) -> tuple[float, int] | None:
    """Longest well-formed number starting at token ``i0``: (value, tokens used)."""
    g = _grammar()
    best: tuple[float, int] | None = None
    total = 0.0  # completed scale groups ("two million" in "two million five hundred")
    cur = 0.0  # the group under construction, below the last scale word
    frac = 0.0  # "two and a half million"
    last = ""  # kind of the previous token
    last_scale = float("inf")
    hundreds = 0.0  # the hundreds in the current group ("three hundred and two dozens")
    small = ("unit", "teen", "ten", "ten_unit")
    i = i0
    while i < len(tokens):
        w = tokens[i][0]
        nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
        if w in ("a", "an"):
            if last == "":
                last = "a"  # "a" stands for one before hundred/thousand/dozen/quarter
            elif last in ("frac_half", "frac_of"):
                last = "frac_a"  # "half a billion", "a quarter of a million"
            else:
                break
            i += 1
            continue
        if w == "of":
            if last in ("frac", "frac_half") and nxt in ("a", "an"):
                last = "frac_of"
                i += 1
                continue
            break
        if w == "point":
            # "two point five billion", "nine point nought four": digits after the point
            if last not in (*small, "hundred") or i + 1 >= len(tokens):
                break
            j, digits = i + 1, ""
            while j < len(tokens) and tokens[j][0] in g.units and g.units[tokens[j][0]] <= 9:
                digits += str(int(g.units[tokens[j][0]]))
                j += 1
            if not digits and j < len(tokens) and tokens[j][0] in (*g.units, *g.tens):
                # "point seventy-one", "point eleven": one two-digit word
                pair = int(g.units.get(tokens[j][0], g.tens.get(tokens[j][0], 0.0)))
                j += 1
                if pair in g.tens.values() and j < len(tokens) and tokens[j][0] in g.units:
                    u = int(g.units[tokens[j][0]])
                    if 1 <= u <= 9:
                        pair += u
                        j += 1
                digits = str(pair)
            if not digits:
                break
            cur += float("0." + digits)
            last = "decimal"
            i = j
            best = (total + cur, i - i0)
            continue
        if w == "and":
            if (
                last == "scale"
                and nxt == "a"
                and i + 2 < len(tokens)
                and tokens[i + 2][0] == "half"
            ):
                # "a million and a half": half of the last scale word
                total += 0.5 * last_scale
                i += 3
                return total, i - i0
            if last in ("hundred", "scale") and (nxt in g.units or nxt in g.tens):
                last = "and"  # "one hundred and fifty"
                i += 1
                continue
            if (
                last in small
                and nxt == "a"
                and i + 3 < len(tokens)
                and tokens[i + 2][0] == "half"
                and tokens[i + 3][0] in g.scale_words
            ):
                # "two and a half" counts only when a scale word follows
                frac = 0.5
                last = "and_half"
                i += 3
                continue
            break
        if w in g.units or w in g.tens:
            v = g.units.get(w, g.tens.get(w, 0.0))
            if last in ("", "scale", "hundred", "and"):
                cur += v
                kind = "ten" if w in g.tens else ("teen" if v >= 10 else "unit")
            elif last == "ten" and w in g.units and 1 <= v <= 9:
                cur += v  # "twenty-five"
                kind = "ten_unit"
            else:
                break
            last = kind
            i += 1
            best = (total + cur, i - i0)
            continue
        if w == "hundred":
            if last == "a" or (last == "" and nxt in g.scale_words):
                cur = 100.0  # "a hundred", "hundred thousand dollars"
            elif last in small and 0 < cur < 100:
                cur *= 100
            else:
                break
            hundreds = cur
            last = "hundred"
            i += 1
            best = (total + cur, i - i0)
            continue
        if w == "dozens" and last in small and 0 < cur - hundreds < 100 and total == 0:
            i += 1  # "three dozens", "three hundred and two dozens" (300 + 2 * 12)
            return hundreds + (cur - hundreds) * 12, i - i0
        if w == "dozen":
            if last == "a":
                cur = 12.0
            elif last == "frac_a":
                cur = 6.0  # "half a dozen"
            elif last in small and 0 < cur < 100 and total == 0:
                cur *= 12
            else:
                break
            i += 1
            best = (total + cur, i - i0)
            break  # "two dozen" ends the number
        if w in g.fractions:
            if w in g.fractions_need_of and nxt != "of":
                break  # "a third billion" is an ordinal; "a third of a billion" a fraction
            if w == "half" and last in ("", "a"):
                cur, last = 0.5, "frac_half"  # "half a billion", "a half million"
            elif w == "quarter" and last in ("", "a"):
                cur, last = 0.25, "frac"  # "a quarter million"
            elif w == "quarters" and last == "unit" and cur in (1.0, 2.0, 3.0):
                cur, last = cur * 0.25, "frac"  # "three quarters billion"
            elif w == "third" and (last in ("", "a") or (last == "unit" and cur == 1.0)):
                cur, last = g.fractions[w], "frac"  # "a third of a billion"
            elif w == "thirds" and last == "unit" and cur in (1.0, 2.0):
                cur, last = cur * g.fractions[w], "frac"  # "two-thirds of a million"
            else:
                break
            i += 1
            continue
        if w in g.scale_words:
            s = g.scale_words[w]
            if w.startswith("crore") and last == "scale" and last_scale == g.scale_words["lakh"]:
                # "three lakh crore" = 3e12: Indian scales multiply
                total = total * s
                last_scale = total
                i += 1
                best = (total, i - i0)
                continue
            if s >= last_scale:
                break
            if last in (*small, "hundred", "frac", "frac_half", "frac_a", "and_half", "decimal"):
                group = cur + frac
            elif last == "a":
                group = 1.0
            else:
                break
            total += group * s
            cur, frac = 0.0, 0.0
            last_scale = s
            last = "scale"
            i += 1
            best = (total, i - i0)
            continue
        break
    return best


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
