"""Where extraction time goes inside one worker: spaCy components and our extractors.

In-process and on a sample, measured as CPU time of this process
(``time.process_time``) so that other work on the machine inflates it less than
wall time. Every step runs on the same Docs, so the shares add up.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from transforms import entities as _entities
from transforms.entities import extract_entities
from transforms.extract import extract_batch
from transforms.military import extract_military, extract_military_mentions
from transforms.money import extract_money
from transforms.nlp import load_nlp, load_stock_nlp
from transforms.records import ArticleExtraction, ArticleRecord


def _cpu(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.process_time()
    value = fn()
    return time.process_time() - t, value


def component_seconds(
    articles: Sequence[ArticleRecord], batch_size: int
) -> tuple[dict[str, float], list[Any]]:
    """CPU seconds per spaCy component over ``articles``, and the finished Docs."""
    nlp = load_nlp()
    seconds: dict[str, float] = {}
    t, docs = _cpu(lambda: [nlp.make_doc(a.text) for a in articles])
    seconds["tokenizer"] = t
    for name, proc in nlp.pipeline:
        t = time.process_time()
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=batch_size))
        else:  # a function component (line_breaks) has no pipe()
            docs = [proc(doc) for doc in docs]
        seconds[name] = time.process_time() - t
    return seconds, docs


def extractor_seconds(articles: Sequence[ArticleRecord], docs: Sequence[Any]) -> dict[str, float]:
    """CPU seconds of each extractor over already-parsed Docs (same calls as extract_batch)."""
    seconds: dict[str, float] = {}
    t, money = _cpu(
        lambda: [
            extract_money(a.text, article_id=a.article_id, published=a.published_at)
            for a in articles
        ]
    )
    seconds["money"] = t
    t, found = _cpu(
        lambda: [
            extract_entities(d, article_id=a.article_id)
            for a, d in zip(articles, docs, strict=True)
        ]
    )
    seconds["entities"] = t
    seconds["military"], _ = _cpu(
        lambda: [
            extract_military(d, article_id=a.article_id, money=m)
            for a, d, m in zip(articles, docs, money, strict=True)
        ]
    )
    seconds["military_mentions"], _ = _cpu(
        lambda: [
            extract_military_mentions(d, article_id=a.article_id)
            for a, d in zip(articles, docs, strict=True)
        ]
    )
    seconds["sentences"], _ = _cpu(
        lambda: [[(s.start_char, s.end_char) for s in d.sents] for d in docs]
    )
    link = getattr(_entities, "link_across_articles", None)
    if link is not None:
        extractions = [
            ArticleExtraction(article=a, money=m, mentions=list(f[0]), entities=list(f[1]))
            for a, m, f in zip(articles, money, found, strict=True)
        ]
        seconds["link_across_articles"], _ = _cpu(lambda: link(extractions))
    return seconds


def stock_seconds(articles: Sequence[ArticleRecord], batch_size: int) -> float:
    """CPU seconds of bare spaCy (the model as shipped, every component it enables) over
    ``articles``: what one worker of the benchmark's limit does."""
    nlp = load_stock_nlp()
    list(nlp.pipe([a.text for a in articles[:2]]))  # warm up outside the timed part

    def run() -> None:
        with nlp.memory_zone():
            for _ in nlp.pipe([a.text for a in articles], batch_size=batch_size):
                pass

    return _cpu(run)[0]


def extract_cost(articles: Sequence[ArticleRecord], batch_size: int) -> dict[str, Any]:
    """Per-component and per-extractor CPU seconds, ``extract_batch`` as a whole, and bare
    spaCy over the same articles (timed alternately, twice each, the least kept: other
    work on the machine inflates CPU time too)."""
    load_nlp()
    extract_batch(articles[:2])  # warm matchers and caches outside the timed parts
    components, docs = component_seconds(articles, batch_size)
    extractors = extractor_seconds(articles, docs)
    wholes, stocks = [], []
    for _ in range(2):
        whole, out = _cpu(lambda: extract_batch(articles, batch_size=batch_size))
        wholes.append(whole)
        stocks.append(stock_seconds(articles, batch_size))
    return {
        "articles": len(articles),
        "tokens": out.tokens,
        "spacy": components,
        "extractors": extractors,
        "extract_batch": min(wholes),
        "stock_spacy": min(stocks),
    }
