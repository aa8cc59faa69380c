"""Whether ``AttributeTable`` gives the model's ``attribute_ruler`` output, and at what CPU.

    python -m bench.attribute_check [--topics business politics] [--headlines 3000]
    python -m bench.attribute_check --pipeline [--topics business politics]

The default mode parses every text once up to the attribute ruler (tok2vec, tagger,
parser of the stock model), copies each Doc, and finishes one copy with the stock
``attribute_ruler`` and the other with ``AttributeTable`` (loaded with the same
patterns), both followed by the same lemmatizer and NER. It compares every token's
tag, POS, morphology, lemma, dependency label, head and entity (type and IOB) and the
sentence starts, and prints the CPU seconds (``time.process_time``) of the two rulers
over the same Docs, batch by batch in alternating order (the least of ``--repeats``).

``--pipeline`` times ``transforms.nlp.load_nlp()`` over the texts instead (the CPU of
``nlp.pipe``, model load excluded): run it with ``PYTHONPATH`` at two checkouts,
alternately, to compare the whole pipeline before and after a change.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench import corpus as bc
from transforms import nlp as tn
from transforms.nlp_components.attribute_table import AttributeTable

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc, Token

# The components that run before the attribute ruler in en_core_web_sm, and after it.
BEFORE = ("tok2vec", "tagger", "parser")
AFTER = ("lemmatizer", "ner")
RULER = "attribute_ruler"
# Texts per batch: the batch size ``transforms.nlp.pipe_batch_size`` gives news articles.
BATCH = 64


def token_view(t: Token) -> tuple[object, ...]:
    """Everything the attribute ruler sets or the components after it read or set."""
    return (
        t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i,
        t.ent_type_, t.ent_iob_, t.is_sent_start,
    )  # fmt: skip


def read_texts(root: Path, topics: Sequence[str], headlines: int) -> list[str]:
    """The BBC articles (``topics`` folders, all if none) and the first ``headlines``
    headlines, as the pipeline reads them."""
    texts = [a.text for a in bc.read_articles(bc.bbc_corpus(root, topics).specs)]
    if headlines:
        path = root / "headlines" / "headlines.jsonl"
        spec = bc.SourceSpec(
            path=str(path), format="jsonl", name="headlines", field_map=bc.HEADLINES_FIELD_MAP
        )
        texts += [a.text for a in bc.read_articles([spec])[:headlines]]
    return texts


def _run(nlp: Language, names: Sequence[str], docs: list[Doc]) -> list[Doc]:
    for name in names:
        docs = list(nlp.get_pipe(name).pipe(docs, batch_size=BATCH))  # type: ignore[attr-defined]
    return docs


def check(texts: Sequence[str], repeats: int) -> dict[str, Any]:
    """Compare stock ruler and table on ``texts``; CPU seconds of each (the least of
    ``repeats`` passes over the same Docs, the order alternating by batch)."""
    nlp = tn.load_stock_nlp()
    ruler = nlp.get_pipe(RULER)
    table = AttributeTable(nlp.vocab)
    table.load(ruler.patterns)  # type: ignore[attr-defined]
    seconds = {"stock": [0.0] * repeats, "table": [0.0] * repeats}
    differ: list[int] = []
    tokens = 0
    for b in range(0, len(texts), BATCH):
        batch = texts[b : b + BATCH]
        parsed = _run(nlp, BEFORE, [nlp.make_doc(t) for t in batch])
        done: dict[str, list[Doc]] = {}
        for rep in range(repeats):
            order = ("stock", "table") if (b // BATCH + rep) % 2 == 0 else ("table", "stock")
            for who in order:
                copies = [d.copy() for d in parsed]
                proc = ruler if who == "stock" else table
                t0 = time.process_time()
                out = list(proc.pipe(copies, batch_size=BATCH))  # type: ignore[attr-defined]
                seconds[who][rep] += time.process_time() - t0
                done[who] = out
        stock_docs = _run(nlp, AFTER, done["stock"])
        table_docs = _run(nlp, AFTER, done["table"])
        for i, (a, c) in enumerate(zip(stock_docs, table_docs, strict=True)):
            tokens += len(a)
            if [token_view(t) for t in a] != [token_view(t) for t in c]:
                differ.append(b + i)
    return {
        "texts": len(texts),
        "tokens": tokens,
        "texts_that_differ": len(differ),
        "first_differing": differ[:10],
        "stock_ruler_cpu_s": round(min(seconds["stock"]), 3),
        "table_cpu_s": round(min(seconds["table"]), 3),
        "passes": {k: [round(s, 3) for s in v] for k, v in seconds.items()},
    }


def pipeline_cpu(texts: Sequence[str]) -> dict[str, Any]:
    """CPU seconds of ``load_nlp()``'s ``nlp.pipe`` over ``texts`` (model load excluded)."""
    nlp = tn.load_nlp()
    list(nlp.pipe(list(texts[:2])))  # warm up outside the timed part
    t0 = time.process_time()
    with nlp.memory_zone():
        for _ in tn.parse(texts, nlp=nlp):
            pass
    return {
        "texts": len(texts),
        "pipeline_cpu_s": round(time.process_time() - t0, 3),
        "code": str(Path(tn.__file__).resolve().parents[1]),
        "load_average": os.getloadavg()[0],
    }


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=bc.default_corpus_root())
    ap.add_argument("--topics", nargs="*", default=[], help="BBC folders (default: all)")
    ap.add_argument("--headlines", type=int, default=3000, help="first N headlines (0: none)")
    ap.add_argument("--repeats", type=int, default=2, help="timed passes of each ruler")
    ap.add_argument("--pipeline", action="store_true", help="time load_nlp() instead")
    args = ap.parse_args(argv)
    texts = read_texts(args.corpus, args.topics, args.headlines)
    load = os.getloadavg()[0]
    if args.pipeline:
        result = pipeline_cpu(texts)
    else:
        result = check(texts, args.repeats)
        result["load_average"] = [load, os.getloadavg()[0]]
    print(json.dumps(result))
    if result.get("texts_that_differ"):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
