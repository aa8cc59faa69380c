"""The production extraction path, for the gold evaluations.

Every eval (money, military, entities) extracts its gold documents here, with
the code that loads the warehouse: ``transforms.extract.extract_batch`` on the
batches ``newsledger run --workers 0`` would make of them
(``flows.stages.batches``: at most ``BATCH_ARTICLES`` articles and about
``BATCH_CHARS`` characters a batch). So the scores measure what a load
produces: spaCy through ``nlp.pipe``, long texts in chunks, money with the
document's publication date, military figures on those money figures, and
entities linked across all the documents by the load's linking step
(``transforms.linking``, the flow's ``link-entities`` task) into an empty
warehouse.

Each gold document becomes one ``ArticleRecord`` of source ``gold`` whose text
is the gold document text (``newsledger.evaluation.corpus``), so gold offsets
and predicted offsets count in the same string.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from flows.stages import BATCH_ARTICLES, BATCH_CHARS, batches
from transforms.extract import extract_batch
from transforms.linking import link_extractions
from transforms.records import ArticleExtraction, ArticleRecord

GOLD_SOURCE = "gold"


def extract_gold_docs(
    texts: Mapping[str, str], published: Mapping[str, datetime | None] | None = None
) -> dict[str, ArticleExtraction]:
    """Every gold document through ``extract_batch``, keyed by gold doc id."""
    records = [
        ArticleRecord(
            source=GOLD_SOURCE,
            source_id=doc_id,
            text=text,
            published_at=(published or {}).get(doc_id),
        )
        for doc_id, text in texts.items()
    ]
    doc_of = {r.article_id: r.source_id for r in records}
    extractions: list[ArticleExtraction] = []
    for batch in batches(records, BATCH_ARTICLES, workers=1, max_chars=BATCH_CHARS):
        extractions.extend(extract_batch(batch).extractions)
    link_extractions(extractions)
    return {doc_of[ex.article.article_id]: ex for ex in extractions}


def production_extractor(
    texts: Mapping[str, str],
    published: Mapping[str, datetime | None] | None,
    field: str,
) -> Callable[[str, str], list[Any]]:
    """``(text, doc_id) -> predictions`` answered from one production run over
    all ``texts``: ``field`` is an ``ArticleExtraction`` attribute
    (``money``, ``military``, ``mentions`` ...)."""
    extracted = extract_gold_docs(texts, published)

    def predictions(text: str, doc_id: str) -> list[Any]:
        return list(getattr(extracted[doc_id], field))

    return predictions
