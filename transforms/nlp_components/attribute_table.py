"""The model's ``attribute_ruler`` as lookup tables, applied to a batch of documents at once.

spaCy's ``AttributeRuler`` runs a ``Matcher`` over the document and then sets the
attributes of every match in Python, rule by rule (later rules win). Nearly every
token matches a rule (the tag -> POS and morphology map), so the ruler spends its time
in per-match Python. Here every token is reduced to an *entry*: its tag and the class
of its lowercase form (the form itself where a rule names it, else which of the rules'
regular expressions it matches). What an entry decides is computed once, in Python;
a batch's tokens get their entries, and the attributes the entries set, as numpy
arrays. The rules that also read the dependency label or spaces, and the multi-token
rules, are tested as array operations over the whole batch (their tag and form tests
through the entry), applied in rule order over the entry's settings. The attributes
set are the ruler's, with the ruler's precedence
(``tests/transforms/test_nlp_components.py``, ``bench/attribute_check.py``).
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
from spacy.util import minibatch

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

# The token features a pattern may test, then the attributes read back and rewritten,
# in the column order of the one ``Doc.to_array`` call per document.
_FEATURES = ("TAG", "LOWER", "DEP", "IS_SPACE")
_TAG, _LOWER, _DEP, _IS_SPACE = range(4)
_ENTRY_FEATURES = (_TAG, _LOWER)  # what an entry decides
# The attributes a rule may set: three go through ``Doc.from_array`` for the whole
# document, the others (rare: space tokens) one token at a time.
_ARRAY_ATTRS = ("POS", "MORPH", "LEMMA")
_ARRAY_IDS = [POS, MORPH, LEMMA]
_TOKEN_ATTRS = ("TAG", "DEP")
_ATTRS = (*_ARRAY_ATTRS, *_TOKEN_ATTRS)
_READ_IDS = [TAG, LOWER, DEP, IS_SPACE, *_ARRAY_IDS]
_UNSET = -1  # rule number of an attribute no rule has set

# Hash caches are dropped and rebuilt past this many keys (a long-running process
# meets new word forms without end; 1M keys is 16 MB).
_CACHE_LIMIT = 1_000_000
# A value set up to this size is tested as ORed equalities (cheaper than np.isin).
_SMALL_SET = 8


def _value_test(value: Any, where: str) -> Callable[[Any], bool]:
    """A test of one string or bool value (an entry's tag or form)."""
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


def _check_keys(spec: dict[str, Any]) -> None:
    for key in spec:
        if key not in _FEATURES:
            # A model whose patterns use other keys needs this module extended:
            # refuse rather than silently drop a condition.
            raise ValueError(f"attribute_table: unsupported pattern key {key!r}")


class _Codes:
    """uint64 keys (string hashes, packed pairs) -> small int codes, looked up for a
    whole array at once (a sorted key array and ``np.searchsorted``); a key not seen
    before gets its code from ``make``, once."""

    def __init__(self, make: Callable[[int], int]) -> None:
        self.make = make
        self.keys = np.zeros(0, dtype=np.uint64)
        self.codes = np.zeros(0, dtype=np.int64)

    def __call__(self, keys: np.ndarray) -> np.ndarray:
        found = self._lookup(keys)
        if found is None:
            new = np.unique(keys[~self._hit(keys)])
            codes = np.array([self.make(int(k)) for k in new], dtype=np.int64)
            if len(self.keys) + len(new) > _CACHE_LIMIT:
                self.keys, self.codes = new, codes
            else:
                merged = np.concatenate([self.keys, new])
                order = np.argsort(merged, kind="stable")
                self.keys, self.codes = merged[order], np.concatenate([self.codes, codes])[order]
            found = self._lookup(keys)
            assert found is not None
        return found

    def _hit(self, keys: np.ndarray) -> np.ndarray:
        if not len(self.keys):
            return np.zeros(len(keys), dtype=bool)
        at = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        return np.asarray(self.keys[at] == keys)

    def _lookup(self, keys: np.ndarray) -> np.ndarray | None:
        if not len(self.keys):
            return None if len(keys) else np.zeros(0, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        if not np.array_equal(self.keys[at], keys):
            return None
        return np.asarray(self.codes[at])


@dataclass(frozen=True, slots=True)
class _Rule:
    number: int  # the ruler's rule order: a later rule wins
    specs: tuple[dict[str, Any], ...]  # the Matcher token patterns
    index: int  # which token of the match gets the attributes
    attrs: dict[str, str]

    @property
    def fixed(self) -> bool:
        """A one-token rule whose tests read only the tag and form: an entry decides it."""
        return len(self.specs) == 1 and all(k in ("TAG", "LOWER") for k in self.specs[0])

    @property
    def target(self) -> int:
        return self.index if self.index >= 0 else len(self.specs) + self.index


@dataclass(frozen=True, slots=True)
class _ArrayTest:
    """A DEP or IS_SPACE test of one token of a rule, as an array operation."""

    feature: int
    values: np.ndarray  # uint64 hashes (or 0/1 for IS_SPACE)
    negate: bool

    def __call__(self, column: np.ndarray) -> np.ndarray:
        if len(self.values) <= _SMALL_SET:
            hit = column == self.values[0]
            for v in self.values[1:]:
                hit |= column == v
        else:
            hit = np.isin(column, self.values)
        return ~hit if self.negate else hit


class AttributeTable:
    """Sets POS, MORPH, LEMMA (and TAG, DEP on space tokens) as the model's
    ``attribute_ruler`` does, once ``load`` has been given that ruler's patterns."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.fixed: list[_Rule] = []
        self.tested: list[_Rule] = []  # every other rule, in rule order
        self._array_value: dict[tuple[str, str], int] = {}
        self._named: set[str] = set()  # forms a LOWER test names
        self._form_regexes: list[re.Pattern[str]] = []  # forms tested by a regex
        self._form_classes: dict[tuple[str | None, int], int] = {}
        self._class_forms: list[tuple[str | None, int]] = []
        self._tag_strings: list[str] = []
        self._entries: list[tuple[int, int]] = []  # (tag code, form class)
        self._tags = _Codes(self._new_tag)
        self._forms = _Codes(self._new_form)
        self._entry_codes = _Codes(self._new_entry)
        # Per attribute, per entry: the value set by the fixed rules and that rule's number
        self._values: dict[str, list[int]] = {a: [] for a in _ATTRS}
        self._numbers: dict[str, list[int]] = {a: [] for a in _ATTRS}
        # Per tested rule, per token of it: does an entry pass that token's tag and form tests
        self._passes: list[list[bool]] = []
        self._array_tests: list[list[list[_ArrayTest]]] = []
        self._arrays: tuple[dict[str, np.ndarray], dict[str, np.ndarray], list[list[Any]]]
        self._arrays_for = -1  # how many entries ``_arrays`` holds

    def load(self, patterns: Sequence[dict[str, Any]]) -> None:
        """Compile ``AttributeRuler.patterns`` (rule order kept)."""
        for number, entry in enumerate(patterns):
            attrs = {str(k).upper(): str(v) for k, v in entry["attrs"].items()}
            for key in attrs:
                if key not in _ATTRS:
                    raise ValueError(f"attribute_table: unsupported attribute {key!r}")
            for pattern in entry["patterns"]:
                for spec in pattern:
                    _check_keys(spec)
                    self._name_forms(spec.get("LOWER"))
                rule = _Rule(number, tuple(pattern), int(entry.get("index", 0)), attrs)
                (self.fixed if rule.fixed else self.tested).append(rule)
        self.tested.sort(key=lambda r: r.number)
        self._array_tests = [[self._token_array_tests(s) for s in r.specs] for r in self.tested]
        # Hashes of every value a rule sets, made now: strings added later, inside a
        # ``memory_zone``, would be freed when the zone closes.
        for rule in (*self.fixed, *self.tested):
            for key, value in rule.attrs.items():
                self._array_value[(key, value)] = self._intern(key, value)

    def _name_forms(self, lower: Any) -> None:
        """Record the forms a LOWER test names, so that every other form shares a class."""
        if lower is None:
            return
        if isinstance(lower, str):
            self._named.add(lower)
            return
        ((op, arg),) = lower.items()
        if op == "REGEX":
            self._form_regexes.append(re.compile(arg))
        else:
            self._named.update(arg)

    def _token_array_tests(self, spec: dict[str, Any]) -> list[_ArrayTest]:
        tests = []
        for key in ("DEP", "IS_SPACE"):
            if key not in spec:
                continue
            value = spec[key]
            feature = _FEATURES.index(key)
            if isinstance(value, bool):
                tests.append(_ArrayTest(feature, np.array([int(value)], np.uint64), False))
                continue
            if isinstance(value, str):
                value = {"IN": [value]}
            if not isinstance(value, dict) or len(value) != 1 or key == "IS_SPACE":
                raise ValueError(f"attribute_table: unsupported pattern value {value!r} in {key}")
            ((op, arg),) = value.items()
            if op not in ("IN", "NOT_IN"):
                raise ValueError(f"attribute_table: unsupported pattern value {value!r} in {key}")
            hashes = np.array([self.vocab.strings.add(v) for v in arg], dtype=np.uint64)
            tests.append(_ArrayTest(feature, hashes, op == "NOT_IN"))
        return tests

    def _intern(self, key: str, value: str) -> int:
        if key == "POS":
            return int(IDS[value])
        if key == "MORPH":
            return int(self.vocab.morphology.add(value))
        return int(self.vocab.strings.add(value))

    def _new_tag(self, tag: int) -> int:
        self._tag_strings.append(self.vocab.strings[tag])
        return len(self._tag_strings) - 1

    def _new_form(self, form: int) -> int:
        text = self.vocab.strings[form]
        regexes = sum(1 << i for i, rx in enumerate(self._form_regexes) if rx.search(text))
        key = (text if text in self._named else None, regexes)
        code = self._form_classes.get(key)
        if code is None:
            code = self._form_classes[key] = len(self._class_forms)
            self._class_forms.append(key)
        return code

    def _passes_entry(self, spec: dict[str, Any], tag: str, form: tuple[str | None, int]) -> bool:
        """Whether a token of ``tag`` and form class ``form`` passes ``spec``'s tag and
        form tests (its other tests are array tests)."""
        if "TAG" in spec and not _value_test(spec["TAG"], "TAG")(tag):
            return False
        lower = spec.get("LOWER")
        if lower is None:
            return True
        named, regexes = form
        if isinstance(lower, dict) and "REGEX" in lower:
            bit = [rx.pattern for rx in self._form_regexes].index(lower["REGEX"])
            return bool(regexes >> bit & 1)
        if named is not None:
            return _value_test(lower, "LOWER")(named)
        # A form no rule names equals none of the named ones and is in no list.
        return isinstance(lower, dict) and "NOT_IN" in lower

    def _new_entry(self, key: int) -> int:
        tag_code, form_code = key >> 32, key & 0xFFFFFFFF
        tag, form = self._tag_strings[tag_code], self._class_forms[form_code]
        won: dict[str, tuple[int, str]] = {}
        for rule in self.fixed:
            if self._passes_entry(rule.specs[0], tag, form):
                for attr, value in rule.attrs.items():
                    if attr not in won or won[attr][0] <= rule.number:
                        won[attr] = (rule.number, value)
        for attr in _ATTRS:
            hit = won.get(attr)
            self._numbers[attr].append(_UNSET if hit is None else hit[0])
            self._values[attr].append(0 if hit is None else self._array_value[(attr, hit[1])])
        self._passes.append(
            [self._passes_entry(s, tag, form) for rule in self.tested for s in rule.specs]
        )
        self._entries.append((tag_code, form_code))
        return len(self._entries) - 1

    def _entry_arrays(
        self,
    ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], list[list[Any]]]:
        """The per-entry lists as arrays (rebuilt when entries were added)."""
        if self._arrays_for != len(self._entries):
            values = {a: np.array(v, dtype=np.uint64) for a, v in self._values.items()}
            numbers = {a: np.array(v, dtype=np.int64) for a, v in self._numbers.items()}
            by_rule = np.array(self._passes, dtype=bool).reshape(len(self._entries), -1)
            passes: list[list[Any]] = []
            col = 0
            for rule in self.tested:
                passes.append([by_rule[:, col + j] for j in range(len(rule.specs))])
                col += len(rule.specs)
            self._arrays = (values, numbers, passes)
            self._arrays_for = len(self._entries)
        return self._arrays

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Docs in batches of ``batch_size``: the table works on a whole batch at once."""
        for batch in minibatch(docs, size=batch_size):
            self._set_batch(batch)
            yield from batch

    def __call__(self, doc: Doc) -> Doc:
        self._set_batch([doc])
        return doc

    def _set_batch(self, docs: Sequence[Doc]) -> None:
        """Set the attributes of every token of ``docs``."""
        parts = [d.to_array(_READ_IDS) for d in docs if len(d)]
        if not parts:
            return
        rows = np.concatenate(parts) if len(parts) > 1 else parts[0]
        lengths = np.array([len(d) for d in docs], dtype=np.int64)
        ends = np.cumsum(lengths)
        doc_end = np.repeat(ends, lengths)  # per token: where its document ends
        tags = self._tags(rows[:, _TAG])
        forms = self._forms(rows[:, _LOWER])
        entries = self._entry_codes((tags << 32 | forms).astype(np.uint64))
        values, numbers, passes = self._entry_arrays()
        won_value = {a: values[a][entries] for a in _ATTRS}
        won_number = {a: numbers[a][entries] for a in _ATTRS}
        for r, rule in enumerate(self.tested):
            targets = self._matches(rule, r, rows, entries, doc_end, passes[r])
            if targets is None:
                continue
            for attr, value in rule.attrs.items():
                at = targets[won_number[attr][targets] <= rule.number]
                won_number[attr][at] = rule.number
                won_value[attr][at] = self._array_value[(attr, value)]
        self._write(docs, rows, ends, won_value, won_number)

    def _matches(
        self,
        rule: _Rule,
        r: int,
        rows: np.ndarray,
        entries: np.ndarray,
        doc_end: np.ndarray,
        passes: list[np.ndarray],
    ) -> np.ndarray | None:
        """The tokens ``rule`` sets attributes on (match start + its index), or None."""
        k = len(rule.specs)
        m = len(rows) - k + 1
        if m <= 0:
            return None
        mask = passes[0][entries[:m]]
        if k > 1:  # a match stays inside one document
            mask &= doc_end[:m] >= np.arange(k, m + k)
        for j in range(k):
            if j:
                mask &= passes[j][entries[j : j + m]]
            for test in self._array_tests[r][j]:
                mask &= test(rows[j : j + m, test.feature])
        starts = np.flatnonzero(mask)
        return starts + rule.target if len(starts) else None

    def _write(
        self,
        docs: Sequence[Doc],
        rows: np.ndarray,
        ends: np.ndarray,
        won_value: dict[str, np.ndarray],
        won_number: dict[str, np.ndarray],
    ) -> None:
        current = rows[:, len(_FEATURES) :].copy()
        for col, attr in enumerate(_ARRAY_ATTRS):
            hit = won_number[attr] != _UNSET
            current[hit, col] = won_value[attr][hit]
        starts = ends - np.array([len(d) for d in docs], dtype=np.int64)
        for doc, start, end in zip(docs, starts.tolist(), ends.tolist(), strict=True):
            if end > start:
                doc.from_array(_ARRAY_IDS, current[start:end])  # type: ignore[arg-type]
        for attr in _TOKEN_ATTRS:
            for i in np.flatnonzero(won_number[attr] != _UNSET).tolist():
                d = int(np.searchsorted(ends, i, side="right"))
                token = docs[d][i - int(starts[d])]
                setattr(token, attr.lower() + "_", self.vocab.strings[int(won_value[attr][i])])


@Language.factory("newsledger_attribute_table")
def make_attribute_table(nlp: Language, name: str) -> AttributeTable:
    return AttributeTable(nlp.vocab)


def use_attribute_table(nlp: Language, name: str = "attribute_ruler") -> None:
    """Replace the model's attribute ruler, in place and under the same name."""
    patterns = nlp.get_pipe(name).patterns  # type: ignore[attr-defined]
    table = nlp.replace_pipe(name, "newsledger_attribute_table")
    table.load(patterns)  # type: ignore[attr-defined]
