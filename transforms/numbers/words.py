"""Number words: "two billion", "one hundred and fifty", "half a dozen", "three lakh crore".

``_parse_word_tokens`` reads a run of word tokens left to right, one handler per kind
of word; each handler either takes the word (and says how far the number reaches)
or ends the number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from transforms.numbers.grammar import _grammar

# Kinds of a word below a hundred: what "hundred", "dozen" or a scale may follow.
_SMALL = ("unit", "teen", "ten", "ten_unit")


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


@dataclass(slots=True)
class _WordParse:
    """The state of one left-to-right read of number words."""

    tokens: list[tuple[str, int, int]]
    i0: int  # the first token of the number
    i: int  # the next token to read
    best: tuple[float, int] | None = None  # longest well-formed number so far
    done: tuple[float, int] | None = None  # a form that ends the number with its value
    total: float = 0.0  # completed scale groups ("two million" in "two million five hundred")
    cur: float = 0.0  # the group under construction, below the last scale word
    frac: float = 0.0  # "two and a half million"
    last: str = ""  # kind of the previous token
    last_scale: float = float("inf")
    hundreds: float = 0.0  # the hundreds in the current group ("three hundred and two dozens")

    def word(self, ahead: int) -> str:
        j = self.i + ahead
        return self.tokens[j][0] if j < len(self.tokens) else ""

    def take(self, n: int = 1) -> None:
        """Consume ``n`` tokens; the number so far is well formed."""
        self.i += n
        self.best = (self.total + self.cur, self.i - self.i0)


# A handler takes the word at ``p.i`` and returns True to read on, False to stop.
_Handler = Callable[[_WordParse, str, str], bool]


def _on_article(p: _WordParse, w: str, nxt: str) -> bool:
    if p.last == "":
        p.last = "a"  # "a" stands for one before hundred/thousand/dozen/quarter
    elif p.last in ("frac_half", "frac_of"):
        p.last = "frac_a"  # "half a billion", "a quarter of a million"
    else:
        return False
    p.i += 1
    return True


def _on_of(p: _WordParse, w: str, nxt: str) -> bool:
    if p.last in ("frac", "frac_half") and nxt in ("a", "an"):
        p.last = "frac_of"
        p.i += 1
        return True
    return False


def _on_point(p: _WordParse, w: str, nxt: str) -> bool:
    # "two point five billion", "nine point nought four": digits after the point
    g, tokens = _grammar(), p.tokens
    if p.last not in (*_SMALL, "hundred") or p.i + 1 >= len(tokens):
        return False
    j, digits = p.i + 1, ""
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
        return False
    p.cur += float("0." + digits)
    p.last = "decimal"
    p.take(j - p.i)
    return True


def _on_and(p: _WordParse, w: str, nxt: str) -> bool:
    g = _grammar()
    if p.last == "scale" and nxt == "a" and p.word(2) == "half":
        # "a million and a half": half of the last scale word
        p.total += 0.5 * p.last_scale
        p.i += 3
        p.done = (p.total, p.i - p.i0)
        return False
    if p.last in ("hundred", "scale") and (nxt in g.units or nxt in g.tens):
        p.last = "and"  # "one hundred and fifty"
        p.i += 1
        return True
    if p.last in _SMALL and nxt == "a" and p.word(2) == "half" and p.word(3) in g.scale_words:
        # "two and a half" counts only when a scale word follows
        p.frac = 0.5
        p.last = "and_half"
        p.i += 3
        return True
    return False


def _on_small(p: _WordParse, w: str, nxt: str) -> bool:
    g = _grammar()
    v = g.units.get(w, g.tens.get(w, 0.0))
    if p.last in ("", "scale", "hundred", "and"):
        p.cur += v
        kind = "ten" if w in g.tens else ("teen" if v >= 10 else "unit")
    elif p.last == "ten" and w in g.units and 1 <= v <= 9:
        p.cur += v  # "twenty-five"
        kind = "ten_unit"
    else:
        return False
    p.last = kind
    p.take()
    return True


def _on_hundred(p: _WordParse, w: str, nxt: str) -> bool:
    if p.last == "a" or (p.last == "" and nxt in _grammar().scale_words):
        p.cur = 100.0  # "a hundred", "hundred thousand dollars"
    elif p.last in _SMALL and 0 < p.cur < 100:
        p.cur *= 100
    else:
        return False
    p.hundreds = p.cur
    p.last = "hundred"
    p.take()
    return True


def _on_dozens(p: _WordParse, w: str, nxt: str) -> bool:
    if p.last in _SMALL and 0 < p.cur - p.hundreds < 100 and p.total == 0:
        p.i += 1  # "three dozens", "three hundred and two dozens" (300 + 2 * 12)
        p.done = (p.hundreds + (p.cur - p.hundreds) * 12, p.i - p.i0)
    return False


def _on_dozen(p: _WordParse, w: str, nxt: str) -> bool:
    if p.last == "a":
        p.cur = 12.0
    elif p.last == "frac_a":
        p.cur = 6.0  # "half a dozen"
    elif p.last in _SMALL and 0 < p.cur < 100 and p.total == 0:
        p.cur *= 12
    else:
        return False
    p.take()
    return False  # "two dozen" ends the number


def _on_fraction(p: _WordParse, w: str, nxt: str) -> bool:
    g = _grammar()
    if w in g.fractions_need_of and nxt != "of":
        return False  # "a third billion" is an ordinal; "a third of a billion" a fraction
    if w == "half" and p.last in ("", "a"):
        p.cur, p.last = 0.5, "frac_half"  # "half a billion", "a half million"
    elif w == "quarter" and p.last in ("", "a"):
        p.cur, p.last = 0.25, "frac"  # "a quarter million"
    elif w == "quarters" and p.last == "unit" and p.cur in (1.0, 2.0, 3.0):
        p.cur, p.last = p.cur * 0.25, "frac"  # "three quarters billion"
    elif w == "third" and (p.last in ("", "a") or (p.last == "unit" and p.cur == 1.0)):
        p.cur, p.last = g.fractions[w], "frac"  # "a third of a billion"
    elif w == "thirds" and p.last == "unit" and p.cur in (1.0, 2.0):
        p.cur, p.last = p.cur * g.fractions[w], "frac"  # "two-thirds of a million"
    else:
        return False
    p.i += 1
    return True


def _on_scale(p: _WordParse, w: str, nxt: str) -> bool:
    g = _grammar()
    s = g.scale_words[w]
    if w.startswith("crore") and p.last == "scale" and p.last_scale == g.scale_words["lakh"]:
        # "three lakh crore" = 3e12: Indian scales multiply
        p.total = p.total * s
        p.last_scale = p.total
        p.take()
        return True
    if s >= p.last_scale:
        return False
    if p.last in (*_SMALL, "hundred", "frac", "frac_half", "frac_a", "and_half", "decimal"):
        group = p.cur + p.frac
    elif p.last == "a":
        group = 1.0
    else:
        return False
    p.total += group * s
    p.cur, p.frac = 0.0, 0.0
    p.last_scale = s
    p.last = "scale"
    p.take()
    return True


def _handler_for(w: str) -> _Handler | None:
    """The handler of a word's kind, in the order the kinds are tried; None ends the number."""
    g = _grammar()
    if w in ("a", "an"):
        return _on_article
    if w == "of":
        return _on_of
    if w == "point":
        return _on_point
    if w == "and":
        return _on_and
    if w in g.units or w in g.tens:
        return _on_small
    if w == "hundred":
        return _on_hundred
    if w == "dozens":
        return _on_dozens
    if w == "dozen":
        return _on_dozen
    if w in g.fractions:
        return _on_fraction
    if w in g.scale_words:
        return _on_scale
    return None


def _parse_word_tokens(tokens: list[tuple[str, int, int]], i0: int) -> tuple[float, int] | None:
    """Longest well-formed number starting at token ``i0``: (value, tokens used)."""
    p = _WordParse(tokens, i0, i0)
    while p.i < len(tokens):
        w = tokens[p.i][0]
        handler = _handler_for(w)
        if handler is None or not handler(p, w, p.word(1)):
            break
    return p.done if p.done is not None else p.best
