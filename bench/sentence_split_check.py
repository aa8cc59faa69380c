"""Whether a cheaper sentence splitter could stand in for the dependency parser.

    python -m bench.sentence_split_check [--topics business politics] [--limit 800]

Issue #19 asked to run the parser only where its arcs are read (texts or sentences that
hold a number, a money figure or a military mention phrase) and a cheaper splitter
(the model's ``senter``, or spaCy's rule-based ``sentencizer``) elsewhere. That keeps
the output only if the splitter gives the parser's sentence starts: NER reads them (an
entity never crosses one), and so do the entity rules and the ``sentences`` of every
figure. This measures, over the same texts in one process, CPU seconds of the newsledger
pipeline (lemmatizer off, as ``extract_batch`` runs it) with the parser and with each
splitter in its place, how many texts get other sentence starts or other entities, the
same for only the texts no arc reader looks at, and how many sentences get other arcs
when parsed alone (the sentence-level variant). Results: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import importlib
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench import corpus as bc
from transforms import nlp as tn
from transforms.entities.ruler import add_entity_ruler
from transforms.extract import _reads_lemmas
from transforms.money import extract_money
from transforms.nlp_components import use_attribute_table

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

# Texts whose sentences are parsed alone for the sentence-level variant: a sample is
# enough to show whether arcs change, and it keeps the check to a few minutes.
ARC_SAMPLE_TEXTS = 200
# Rule-based splitter added for the comparison only.
SENTENCIZER = "sentencizer"


def build_nlp() -> Language:
    """The newsledger pipeline with ``senter`` and a ``sentencizer`` added (disabled by
    ``run`` as needed) and no lemmatizer (no splitter or entity rule reads lemmas)."""
    module = importlib.import_module(tn.MODEL_PACKAGE)
    nlp: Language = module.load(exclude=[tn.LEMMATIZER])
    use_attribute_table(nlp)
    add_entity_ruler(nlp)
    tn.add_line_breaks(nlp)
    nlp.enable_pipe("senter")
    nlp.add_pipe(SENTENCIZER, after=tn.LINE_BREAKS)
    return nlp


def run(nlp: Language, texts: Sequence[str], keep: str) -> tuple[float, list[Doc]]:
    """CPU seconds and Docs with ``keep`` the only sentence-setting component."""
    off = [c for c in ("parser", "senter", SENTENCIZER) if c != keep]
    start = time.process_time()
    with nlp.select_pipes(disable=off):
        docs = list(nlp.pipe(texts, batch_size=tn.pipe_batch_size(texts)))
    return time.process_time() - start, docs


def _starts(doc: Doc) -> list[bool]:
    return [bool(t.is_sent_start) for t in doc]


def _ents(doc: Doc) -> set[tuple[int, int, str]]:
    return {(e.start_char, e.end_char, e.label_) for e in doc.ents}


def differences(parsed: Sequence[Doc], split: Sequence[Doc], only: Sequence[int]) -> dict[str, int]:
    """How many of the texts ``only`` get other sentence starts or other entities."""
    pairs = [(parsed[i], split[i]) for i in only]
    return {
        "texts": len(pairs),
        "sentence_starts_differ": sum(_starts(a) != _starts(b) for a, b in pairs),
        "entities_differ": sum(_ents(a) != _ents(b) for a, b in pairs),
        "entity_spans_changed": sum(len(_ents(a) ^ _ents(b)) for a, b in pairs),
        "entity_spans": sum(len(_ents(a)) for a, _ in pairs),
    }


def arcs_alone(nlp: Language, parsed: Sequence[Doc]) -> dict[str, int]:
    """How many of the parser's sentences get other arcs when parsed as texts alone."""
    sentences = changed = 0
    with nlp.select_pipes(disable=["senter", SENTENCIZER]):
        for doc in parsed:
            spans = list(doc.sents)
            sentences += len(spans)
            for span, alone in zip(spans, nlp.pipe([s.text for s in spans]), strict=True):
                whole = [(t.i - span.start, t.dep_, t.head.i - span.start) for t in span]
                changed += whole != [(t.i, t.dep_, t.head.i) for t in alone]
    return {"sentences": sentences, "arcs_differ": changed}


def check(texts: Sequence[str]) -> dict[str, Any]:
    nlp = build_nlp()
    run(nlp, texts[:2], "parser")  # warm up outside the timed runs
    seconds: dict[str, float] = {}
    docs: dict[str, list[Doc]] = {}
    for keep in ("parser", "senter", SENTENCIZER):
        seconds[keep], docs[keep] = run(nlp, texts, keep)
    parsed = docs["parser"]
    every = range(len(texts))
    no_reader = [i for i in every if not _reads_lemmas(parsed[i], extract_money(texts[i]))]
    out: dict[str, Any] = {"cpu_seconds": seconds}
    for keep in ("senter", SENTENCIZER):
        out[keep] = differences(parsed, docs[keep], every)
        out[f"{keep}_texts_no_arc_reader"] = differences(parsed, docs[keep], no_reader)
    out["parsed_alone"] = arcs_alone(nlp, parsed[:ARC_SAMPLE_TEXTS])
    return out


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", type=Path, default=bc.default_corpus_root())
    p.add_argument("--topics", nargs="*", default=["business", "politics"])
    p.add_argument("--limit", type=int, default=800)
    args = p.parse_args(argv)
    articles = bc.read_articles(bc.bbc_corpus(args.corpus, args.topics).specs)[: args.limit]
    for key, value in check([a.text for a in articles]).items():
        print(f"{key}: {value}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
