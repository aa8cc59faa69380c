"""The model's rule lemmatizer, with its word index as a set and a document at a time.

spaCy's rule ``Lemmatizer`` checks every candidate form against the model's word index
for the part of speech, which the lookups store as a list (57,528 nouns): each check
is a scan, and an uncached token costs about 0.1 ms. It also sets ``token.lemma_``
token by token. This component runs the same rules on the same tables (the index as a
frozenset: the same answers), keeps the same (form, POS, morphology) cache, and writes
a document's lemmas back in one array. ``tests/transforms/test_nlp_components.py``
compares it with the stock lemmatizer token for token.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Warnings
from spacy.language import Language
from spacy.parts_of_speech import IDS

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token
    from spacy.vocab import Vocab

_KEYS = [ORTH, POS, MORPH, LEMMA]
_NO_LEMMA_POS = ("", "eol", "space")  # the stock lemmatizer returns the lowercase form


class DocLemmatizer:
    """Sets the lemma of every token that has none, as the wrapped lemmatizer would."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.inner: Any = None  # the model's Lemmatizer, set by ``wrap``
        self.cache: dict[tuple[int, int, int], list[str]] = {}
        self._index: dict[str, frozenset[str]] = {}
        self._exceptions: dict[str, dict[str, list[str]]] = {}
        self._rules: dict[str, list[tuple[str, str]]] = {}

    def wrap(self, lemmatizer: Any) -> None:
        if getattr(lemmatizer, "mode", None) != "rule" or getattr(lemmatizer, "overwrite", True):
            # Only the rule mode without overwrite is reproduced here: refuse the others.
            raise ValueError("DocLemmatizer wraps a rule-mode lemmatizer with overwrite=False")
        if not lemmatizer._validated:
            lemmatizer._validate_tables()
        self.inner = lemmatizer
        lookups = lemmatizer.lookups
        index = lookups.get_table("lemma_index", {})
        exceptions = lookups.get_table("lemma_exc", {})
        rules = lookups.get_table("lemma_rules", {})
        # The tables key their parts of speech by hash: ask for each universal one.
        for name in {str(p).lower() for p in IDS}:
            self._index[name] = frozenset(index.get(name, []))
            self._exceptions[name] = exceptions.get(name, {})
            self._rules[name] = [(old, new) for old, new in rules.get(name, [])]

    def lemmatize(self, token: Token) -> list[str]:
        """``Lemmatizer.rule_lemmatize``, step for step, with the index as a set."""
        cache_key = (token.orth, int(token.pos), token.morph.key)  # type: ignore[attr-defined]
        cached = self.cache.get(cache_key)
        if cached is not None:
            return cached
        string = token.text
        univ_pos = token.pos_.lower()
        if univ_pos in _NO_LEMMA_POS:
            if univ_pos == "":
                warnings.warn(Warnings.W108, stacklevel=2)
            return [string.lower()]
        if self.inner.is_base_form(token):
            return [string.lower()]
        index = self._index.get(univ_pos, frozenset())
        exceptions = self._exceptions.get(univ_pos, {})
        rules = self._rules.get(univ_pos, [])
        if not (index or exceptions or rules):
            return [string] if univ_pos == "propn" else [string.lower()]
        orig = string
        string = string.lower()
        forms: list[str] = []
        oov_forms: list[str] = []
        for old, new in rules:
            if string.endswith(old):
                form = string[: len(string) - len(old)] + new
                if not form:
                    pass
                elif form in index:
                    forms.insert(0, form)
                elif not form.isalpha():
                    forms.append(form)
                else:
                    oov_forms.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(string, []):
            if form not in forms:
                forms.insert(0, form)
        if not forms:
            forms.extend(oov_forms)
        if not forms:
            forms.append(orig)
        self.cache[cache_key] = forms
        return forms

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Docs one at a time (nothing here gains from batches), as ``nlp.pipe`` expects."""
        for doc in docs:
            yield self(doc)

    def __call__(self, doc: Doc) -> Doc:
        rows = doc.to_array(_KEYS)
        cache = self.cache
        add = self.vocab.strings.add
        lemmas = rows[:, 3].copy()
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma != 0:
                continue  # set by the attribute ruler: the lemmatizer keeps it
            forms = cache.get((orth, pos, morph))
            if forms is None:
                forms = self.lemmatize(doc[i])
            lemmas[i] = add(forms[0])
        doc.from_array([LEMMA], lemmas.astype(np.uint64).reshape(-1, 1))  # type: ignore[arg-type]
        return doc


@Language.factory("newsledger_doc_lemmatizer")
def make_doc_lemmatizer(nlp: Language, name: str) -> DocLemmatizer:
    return DocLemmatizer(nlp.vocab)


def use_doc_lemmatizer(nlp: Language, name: str = "lemmatizer") -> None:
    """Replace the model's lemmatizer, in place and under the same name."""
    inner = nlp.get_pipe(name)
    wrapper = nlp.replace_pipe(name, "newsledger_doc_lemmatizer")
    wrapper.wrap(inner)  # type: ignore[attr-defined]
