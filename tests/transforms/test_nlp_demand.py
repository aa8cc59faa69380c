"""Lemmas on demand: ``extract_batch`` lemmatizes only the texts whose lemmas an extractor
reads, and its output equals extraction over the whole pipeline's Docs."""

from __future__ import annotations

import json
from pathlib import Path

from transforms.entities import extract_entities
from transforms.extract import _reads_lemmas, extract_batch
from transforms.military import extract_military, extract_military_mentions
from transforms.money import extract_money
from transforms.nlp import LEMMATIZER, lemmatize, load_nlp, without_lemmatizer
from transforms.records import ArticleExtraction, ArticleRecord
from transforms.roles import attach_money_roles

# Our own sentences: one with nothing military or monetary, one per trigger.
_PLAIN = "Tony Blair met Gordon Brown in Downing Street on Tuesday, aides said."
_TRIGGERS = [
    "Britain sent 5,000 troops to Basra.",
    "Germany paid Israel $2bn for the submarines.",  # money roles read lemmas ("pay")
    "Microsoft bought the firm for $7.5bn.",
    "Ministers ruled out boots on the ground.",
]


def _article(i: int, text: str) -> ArticleRecord:
    return ArticleRecord(source="test", source_id=f"t{i}", text=text)


def test_lemmas_are_read_only_around_numbers_money_and_mention_phrases() -> None:
    nlp = load_nlp()
    with without_lemmatizer(nlp):
        assert LEMMATIZER not in nlp.pipe_names
        plain = nlp(_PLAIN)
        triggers = [nlp(t) for t in _TRIGGERS]
    assert LEMMATIZER in nlp.pipe_names  # enabled again on exit
    assert not _reads_lemmas(plain, extract_money(_PLAIN))
    for doc in triggers:
        assert _reads_lemmas(doc, extract_money(doc.text)), doc.text
    assert [t.lemma_ for t in plain][:2] == ["", ""]  # not lemmatized yet
    lemmatize(nlp, plain)
    assert [t.lemma_ for t in plain] == [t.lemma_ for t in nlp(_PLAIN)]


def _whole_pipeline_extractions(articles: list[ArticleRecord]) -> list[ArticleExtraction]:
    """``extract_batch``'s steps for short articles, on Docs from the whole pipeline
    (lemmatizer included, in its stock place)."""
    nlp = load_nlp()
    out = []
    for a in articles:
        doc = nlp(a.text)
        money = extract_money(a.text, article_id=a.article_id)
        mentions, entities = extract_entities(doc, article_id=a.article_id)
        ex = ArticleExtraction(article=a, money=money, mentions=mentions, entities=entities)
        ex.military = extract_military(doc, article_id=a.article_id, money=money)
        ex.military_mentions = extract_military_mentions(doc, article_id=a.article_id)
        ex.money = attach_money_roles(doc, money, mentions=mentions)
        out.append(ex)
    return out  # no cross-article linking: the load's link-entities step does that


def test_output_equals_extraction_on_whole_pipeline_docs(corpus_root: Path) -> None:
    with (corpus_root / "headlines" / "headlines.jsonl").open(encoding="utf-8") as fh:
        heads = [json.loads(line)["title"] for _, line in zip(range(60), fh, strict=False)]
    articles = [_article(i, t) for i, t in enumerate([_PLAIN, *_TRIGGERS, *heads])]
    got = extract_batch(articles).extractions
    want = _whole_pipeline_extractions(articles)
    for a, ex, ref in zip(articles, got, want, strict=True):
        assert ex == ref, a.text
    # the batch holds texts lemmatized on demand and texts that were not
    nlp = load_nlp()
    read = [_reads_lemmas(nlp(a.text), ref.money) for a, ref in zip(articles, want, strict=True)]
    assert sum(read) >= 3
    assert len(read) - sum(read) >= 10
