"""The number grammar's compiled regexes and lookup tables, built once from
``transforms/data/number_words.json``."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

DATA_PATH = Path(__file__).resolve().parents[1] / "data" / "number_words.json"


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
        self._read_tables(vocab)
        scale = self._compile_digits(vocab)
        self._compile_fractions(vocab, scale)
        self._compile_compounds()
        real, determiners = self._compile_words(vocab)
        self._compile_qualifiers(vocab, real, determiners)

    def _read_tables(self, vocab: dict[str, Any]) -> None:
        """Word -> value tables and word sets."""
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

    def _compile_digits(self, vocab: dict[str, Any]) -> str:
        """Digit runs with their scale; returns the scale pattern the fractions reuse."""
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
        return scale

    def _compile_fractions(self, vocab: dict[str, Any], scale: str) -> None:
        """Decimal commas, fractions of a scale and fraction glyphs."""
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

    def _compile_compounds(self) -> None:
        """Plain-space thousands groups and digit + scale-word compounds."""
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

    def _compile_words(self, vocab: dict[str, Any]) -> tuple[str, str]:
        """Runs of number words and vague quantities; returns the number-word and the
        vague-determiner alternations the start pattern reuses."""
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
        return real, determiners

    def _compile_qualifiers(self, vocab: dict[str, Any], real: str, determiners: str) -> None:
        """Qualifier words, range joiners, change words and where a number may start."""
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
