"""The model's ``attribute_ruler`` as lookup tables.

spaCy's ``AttributeRuler`` runs a ``Matcher`` over the document and then sets the
attributes of every match in Python, rule by rule (later rules win). Nearly every
token matches a rule (the tag -> POS and morphology map), so the ruler spends its time
in per-match Python. Here a rule's tests are split by the token feature they read
(tag, lowercase form, dependency label, is-space). What the tag and form decide is
computed once per (tag, form) and cached; only the few rules that also read the
dependency label or spaces are tested per token; multi-token rules are tried only
where their first token passes its tag and form tests. The attributes set are the
ruler's, with the ruler's precedence (``tests/transforms/test_nlp_components.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.symbols import IDS

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

# The token features a pattern may test, in the order of ``Doc.to_array`` below.
_FEATURES = ("TAG", "LOWER", "DEP", "IS_SPACE")
_FEATURE_IDS = [TAG, LOWER, DEP, IS_SPACE]
_TAG, _LOWER = 0, 1  # the features a (tag, form) cache entry decides
# The attributes a rule may set: three go through ``Doc.from_array`` for the whole
# document, the others (rare: space tokens) one token at a time.
_ARRAY_ATTRS = ("POS", "MORPH", "LEMMA")
_ARRAY_IDS = [POS, MORPH, LEMMA]
_TOKEN_ATTRS = ("TAG", "DEP")

_Value = str | bool
_Test = dict[int, Callable[[_Value], bool]]  # feature index -> test of its value
_Setting = tuple[int, str, str]  # (rule number, attribute, value)
_Won = dict[str, list[tuple[int, str] | None]]  # attribute -> per token (rule, value)


def _value_test(value: Any, where: str) -> Callable[[_Value], bool]:
    if isinstance(value, str | bool):
        return lambda v: v == value
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op == "IN":
            allowed = frozenset(arg)
            return lambda v: v in allowed
        if op == "NOT_IN":
            refused = frozenset(arg)
            return lambda v: v not in refused
        if op == "REGEX":
            rx = re.compile(arg)
            return lambda v: isinstance(v, str) and rx.search(v) is not None
    raise ValueError(f"attribute_table: unsupported pattern value {value!r} in {where}")


def _token_test(spec: dict[str, Any]) -> _Test:
    """The tests of one Matcher token pattern, by feature."""
    tests: _Test = {}
    for key, value in spec.items():
        if key not in _FEATURES:
            # A model whose patterns use other keys needs this module extended:
            # refuse rather than silently drop a condition.
            raise ValueError(f"attribute_table: unsupported pattern key {key!r}")
        tests[_FEATURES.index(key)] = _value_test(value, key)
    return tests


def _passes(test: _Test, values: Sequence[_Value], features: Sequence[int]) -> bool:
    return all(test[f](values[f]) for f in features if f in test)


@dataclass(frozen=True, slots=True)
class _Rule:
    number: int  # the ruler's rule order: a later rule wins
    tests: tuple[_Test, ...]  # one per token of the pattern
    index: int  # which token of the match gets the attributes
    attrs: dict[str, str]

    @property
    def token_level(self) -> bool:
        """Whether the first token's tests read more than the tag and form."""
        return any(f not in (_TAG, _LOWER) for f in self.tests[0])


class AttributeTable:
    """Sets POS, MORPH, LEMMA (and TAG, DEP on space tokens) as the model's
    ``attribute_ruler`` does, once ``load`` has been given that ruler's patterns."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.single: list[_Rule] = []
        self.multi: list[_Rule] = []
        self._array_value: dict[tuple[str, str], int] = {}
        # (tag, form) -> (settings decided by tag and form alone, in rule order;
        # single rules that also read the dependency label or spaces; multi-token rules
        # whose first token passes its tag and form tests)
        self._cache: dict[tuple[int, int], tuple[list[_Setting], list[_Rule], list[_Rule]]] = {}
        # Forms the rules name (exactly, in a list or refused); other forms answer alike
        self._named: set[int] = set()
        self._form_regexes: list[re.Pattern[str]] = []  # forms tested by a regex
        self._form_key: dict[int, int] = {}  # form hash -> its cache key (0: unnamed)

    def load(self, patterns: Sequence[dict[str, Any]]) -> None:
        """Compile ``AttributeRuler.patterns`` (rule order kept)."""
        for number, entry in enumerate(patterns):
            attrs = {str(k).upper(): str(v) for k, v in entry["attrs"].items()}
            for key in attrs:
                if key not in _ARRAY_ATTRS and key not in _TOKEN_ATTRS:
                    raise ValueError(f"attribute_table: unsupported attribute {key!r}")
            for pattern in entry["patterns"]:
                rule = _Rule(
                    number,
                    tuple(_token_test(spec) for spec in pattern),
                    int(entry.get("index", 0)),
                    attrs,
                )
                (self.single if len(pattern) == 1 else self.multi).append(rule)
        # Hashes of every value a rule sets, made now: strings added later, inside a
        # ``memory_zone``, would be freed when the zone closes.
        for rule in (*self.single, *self.multi):
            for key, value in rule.attrs.items():
                self._array_value[(key, value)] = self._intern(key, value)
        for entry in patterns:
            for pattern in entry["patterns"]:
                self._name_forms(pattern[0].get("LOWER"))
        self._cache.clear()
        self._form_key.clear()

    def _name_forms(self, lower: Any) -> None:
        """Record the forms a first-token LOWER test names, so that every other form
        shares one cache key."""
        if lower is None:
            return
        if isinstance(lower, str):
            self._named.add(self.vocab.strings.add(lower))
            return
        ((op, arg),) = lower.items()
        if op == "REGEX":
            self._form_regexes.append(re.compile(arg))
        else:
            self._named.update(self.vocab.strings.add(w) for w in arg)

    def _key_of_form(self, form: int) -> int:
        key = self._form_key.get(form)
        if key is None:
            text = self.vocab.strings[form]
            named = form in self._named or any(rx.search(text) for rx in self._form_regexes)
            key = self._form_key[form] = form if named else 0
        return key

    def _intern(self, key: str, value: str) -> int:
        if key == "POS":
            return int(IDS[value])
        if key == "MORPH":
            return int(self.vocab.morphology.add(value))
        return int(self.vocab.strings.add(value))

    def _values(self, row: Sequence[int]) -> tuple[str, str, str, bool]:
        strings = self.vocab.strings
        return (strings[row[0]], strings[row[1]], strings[row[2]], bool(row[3]))

    def _by_tag_and_form(
        self, row: Sequence[int]
    ) -> tuple[list[_Setting], list[_Rule], list[_Rule]]:
        values = self._values(row)
        tag_form = (_TAG, _LOWER)
        fixed: list[_Setting] = []
        conditional: list[_Rule] = []
        for rule in self.single:
            if not _passes(rule.tests[0], values, tag_form):
                continue
            if rule.token_level:
                conditional.append(rule)
            else:
                fixed.extend((rule.number, a, v) for a, v in rule.attrs.items())
        multi = [r for r in self.multi if _passes(r.tests[0], values, tag_form)]
        return fixed, conditional, multi

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Docs one at a time (nothing here gains from batches), as ``nlp.pipe`` expects."""
        for doc in docs:
            yield self(doc)

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        rows = doc.to_array(_FEATURE_IDS).tolist()
        won: _Won = {a: [None] * n for a in (*_ARRAY_ATTRS, *_TOKEN_ATTRS)}
        cache = self._cache
        every = range(len(_FEATURES))
        multi_starts: list[tuple[int, _Rule]] = []
        form_key = self._form_key
        for i, row in enumerate(rows):
            form = form_key.get(row[1])
            if form is None:
                form = self._key_of_form(row[1])
            entry = cache.get((row[0], form))
            if entry is None:
                entry = cache[(row[0], form)] = self._by_tag_and_form(row)
            fixed, conditional, multi = entry
            settings = fixed
            if conditional:
                values = self._values(row)
                extra = [
                    (rule.number, a, v)
                    for rule in conditional
                    if _passes(rule.tests[0], values, every)
                    for a, v in rule.attrs.items()
                ]
                if extra:
                    settings = sorted([*fixed, *extra], key=lambda s: s[0])
            for number, attr, value in settings:
                won[attr][i] = (number, value)
            multi_starts.extend((i, rule) for rule in multi)
        for start, rule in multi_starts:
            self._multi_match(rows, start, rule, won)
        self._apply(doc, won)
        return doc

    def _multi_match(self, rows: list[list[int]], start: int, rule: _Rule, won: _Won) -> None:
        """Apply a multi-token rule at ``start`` if every token of it matches there."""
        k = len(rule.tests)
        if start + k > len(rows):
            return
        every = range(len(_FEATURES))
        for offset, test in enumerate(rule.tests):
            if not _passes(test, self._values(rows[start + offset]), every):
                return
        target = start + (rule.index if rule.index >= 0 else k + rule.index)
        for attr, value in rule.attrs.items():
            current = won[attr][target]
            # Matches apply in rule order (the ruler sorts them): the later rule wins.
            if current is None or current[0] <= rule.number:
                won[attr][target] = (rule.number, value)

    def _apply(self, doc: Doc, won: _Won) -> None:
        arr = doc.to_array(_ARRAY_IDS)
        for col, attr in enumerate(_ARRAY_ATTRS):
            for i, hit in enumerate(won[attr]):
                if hit is not None:
                    arr[i, col] = self._array_value[(attr, hit[1])]
        doc.from_array(_ARRAY_IDS, arr.astype(np.uint64))  # type: ignore[arg-type]
        for attr in _TOKEN_ATTRS:
            for i, hit in enumerate(won[attr]):
                if hit is not None:
                    setattr(doc[i], attr.lower() + "_", hit[1])


@Language.factory("newsledger_attribute_table")
def make_attribute_table(nlp: Language, name: str) -> AttributeTable:
    return AttributeTable(nlp.vocab)


def use_attribute_table(nlp: Language, name: str = "attribute_ruler") -> None:
    """Replace the model's attribute ruler, in place and under the same name."""
    patterns = nlp.get_pipe(name).patterns  # type: ignore[attr-defined]
    table = nlp.replace_pipe(name, "newsledger_attribute_table")
    table.load(patterns)  # type: ignore[attr-defined]
