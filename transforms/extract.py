"""Extraction stage: typed article records in, extraction records out.

One function for a whole batch, so spaCy sees the batch through ``nlp.pipe``;
each article's output depends on that article alone (linking across articles
is the load's step, ``transforms.linking``).
Long articles are parsed in chunks (``transforms.nlp.split_long_text``) and
their offsets shifted back, so a 3 MB article is processed whole.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from transforms.entities import extract_entities
from transforms.errors import BadInputError
from transforms.military import _matchers, extract_military, extract_military_mentions
from transforms.military.number_forms import _number_matches
from transforms.money import extract_money
from transforms.nlp import (
    CHUNK_CHARS,
    lemmatize,
    load_nlp,
    pipe_batch_size,
    split_long_text,
    without_lemmatizer,
)
from transforms.records import ArticleExtraction, ArticleRecord, MoneyFigure
from transforms.roles import attach_money_roles
from transforms.roles.statetable import article_day

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

# A record that carries an article id (mentions, money and military figures and mentions).
R = TypeVar("R")


@dataclass(slots=True)
class ExtractedBatch:
    extractions: list[ArticleExtraction] = field(default_factory=list)
    # (article_id, sentence_start, sentence_end) for every sentence, to place figures.
    sentences: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    tokens: int = 0
    # Tokens parsed per article id (its chunks summed).
    article_tokens: dict[str, int] = field(default_factory=dict)


def _money_in(money: Sequence[MoneyFigure], start: int, end: int) -> list[MoneyFigure]:
    return [m for m in money if m.start_char >= start and m.end_char <= end]


# Longest article text extracted, in characters. Long texts are parsed whole in
# chunks, but a text 200 times the longest corpus article (25,485 characters,
# bbc/politics/290) is not one article: a log, a dump or a whole site read as one
# record, which would hold one worker for many minutes. It is quarantined instead.
MAX_ARTICLE_CHARS = 5_000_000

# Exceptions that mean one article's content cannot be extracted (bad data): the
# article is quarantined with its reason. Any other exception is a fault in our
# code and fails the load (docs/operations.md, "Bad data or a bug").
BAD_DATA_ERRORS: tuple[type[Exception], ...] = (BadInputError, UnicodeError)


def check_article(article: ArticleRecord) -> None:
    """Raise ``BadInputError`` when ``article``'s text cannot be extracted.

    A text, title, id or url with a lone surrogate (a JSON ``"\\ud800"`` escape,
    say) cannot be encoded as UTF-8, so neither Parquet nor DuckDB can hold it
    (X001); a text over ``MAX_ARTICLE_CHARS`` is not an article (X002).
    """
    if len(article.text) > MAX_ARTICLE_CHARS:
        raise BadInputError("X002", chars=len(article.text), limit=MAX_ARTICLE_CHARS)
    fields = {
        "text": article.text,
        "title": article.title,
        "id": article.source_id,
        "url": article.url,
    }
    for name, value in fields.items():
        try:
            (value or "").encode("utf-8")
        except UnicodeEncodeError as exc:
            why = f"{name}: {exc.reason} at character {exc.start}"
            raise BadInputError("X001", why=why) from None


def _reads_lemmas(doc: Doc, money: Sequence[MoneyFigure]) -> bool:
    """Whether an extractor reads ``doc``'s lemmas: only the military and money-role rules
    do, and only around a number, a money figure or a military mention phrase."""
    return bool(money or _number_matches(doc.text) or _matchers(doc.vocab).mentions(doc))


_WARMED: set[int] = set()
# spaCy's memory_zone is per Vocab, not per thread: a zone closing in one thread
# frees strings a parse in another thread still uses (E018). Threads gain nothing
# on spaCy's CPU-bound work under the GIL anyway, so parses take turns.
_NLP_LOCK = threading.RLock()

# Our own writing: exercises every extractor once so that matchers and their
# strings are built OUTSIDE ``memory_zone`` (strings added inside a zone are
# freed when it closes, which would corrupt cached matcher patterns).
_WARM_UP_TEXT = (
    "Britain pledged 5,000 troops and £1.6bn for 200 tanks, Prime Minister Jane Doe said "
    "in London; 12 soldiers were killed and 30 wounded, with boots on the ground."
)


def _warm_up(model: Language) -> None:
    with _NLP_LOCK:
        if id(model) in _WARMED:
            return
        doc = model(_WARM_UP_TEXT)
        extract_entities(doc)
        extract_military(doc, money=extract_money(_WARM_UP_TEXT))
        extract_military_mentions(doc)
        _WARMED.add(id(model))


def copy_key(article: ArticleRecord) -> tuple[str, object]:
    """What an article's extraction depends on besides its id: the text (every extractor)
    and the publication time (money figures' exchange-rate date). Two articles with equal
    keys get equal records, but for the article id they carry."""
    return (article.text, article.published_at)


def _originals(articles: Sequence[ArticleRecord]) -> list[int]:
    """For each article, the index of the first article in ``articles`` with its copy key
    (its own index when it is the first)."""
    first: dict[tuple[str, object], int] = {}
    return [first.setdefault(copy_key(a), i) for i, a in enumerate(articles)]


def _rekeyed(rows: Sequence[R], article_id: str) -> list[R]:
    return [dataclasses.replace(r, article_id=article_id) for r in rows]  # type: ignore[type-var]


def copy_extraction(original: ArticleExtraction, article: ArticleRecord) -> ArticleExtraction:
    """``original``'s records for ``article``, an exact copy of its text (same
    ``copy_key``): what parsing ``article`` would give, without parsing it again."""
    aid = article.article_id
    return ArticleExtraction(
        article=article,
        mentions=_rekeyed(original.mentions, aid),
        entities=list(original.entities),
        money=_rekeyed(original.money, aid),
        military=_rekeyed(original.military, aid),
        military_mentions=_rekeyed(original.military_mentions, aid),
    )


def extract_batch(
    articles: Sequence[ArticleRecord],
    *,
    nlp: Language | None = None,
    batch_size: int | None = None,
    chunk_chars: int = CHUNK_CHARS,
) -> ExtractedBatch:
    """Run NLP and every extractor over a batch of articles.

    An exact copy of an earlier article of the batch (same ``copy_key``: BBC holds 98,
    syndicated feeds many more) is not parsed again: it gets the earlier article's
    records under its own id (``copy_extraction``), which equal a fresh parse's.

    Raises ``BadInputError`` (before any parsing) when an article's text cannot
    be extracted; ``flows.stages`` checks each article first and quarantines it.
    """
    for a in articles:
        check_article(a)
    originals = _originals(articles)
    unique = [a for i, a in enumerate(articles) if originals[i] == i]
    out = _extract_unique(unique, nlp=nlp, batch_size=batch_size, chunk_chars=chunk_chars)
    if len(unique) == len(articles):
        return out
    parsed = iter(out.extractions)
    extractions: list[ArticleExtraction] = []
    sentences: dict[str, list[tuple[int, int]]] = {}
    for i, a in enumerate(articles):
        if originals[i] == i:
            extractions.append(next(parsed))
        else:
            original = extractions[originals[i]]
            extractions.append(copy_extraction(original, a))
            source = original.article.article_id
            out.tokens += out.article_tokens[source]
            out.article_tokens[a.article_id] = out.article_tokens[source]
        sentences[a.article_id] = list(out.sentences[articles[originals[i]].article_id])
    out.sentences = sentences
    out.extractions = extractions
    return out


def _extract_unique(
    articles: Sequence[ArticleRecord],
    *,
    nlp: Language | None,
    batch_size: int | None,
    chunk_chars: int,
) -> ExtractedBatch:
    """``extract_batch`` for articles with no copies among them: every one is parsed."""
    model = nlp or load_nlp()
    _warm_up(model)
    out = ExtractedBatch()
    # Money is text-based (no parse needed); computed once per article so that
    # military spending figures and the money table agree exactly.
    money_by_article = [
        extract_money(a.text, article_id=a.article_id, published=a.published_at) for a in articles
    ]
    chunks: list[tuple[int, int, str]] = []  # (article index, offset, text)
    for i, a in enumerate(articles):
        for offset, piece in split_long_text(a.text, chunk_chars):
            chunks.append((i, offset, piece))
    extractions = [
        ArticleExtraction(article=a, money=m)
        for a, m in zip(articles, money_by_article, strict=True)
    ]
    for a in articles:
        out.sentences[a.article_id] = []
    # memory_zone frees the vocab/string entries each batch adds, so RSS stays
    # flat however many articles one worker parses.
    texts = [c[2] for c in chunks]
    size = batch_size or pipe_batch_size(texts)
    # Lemmas are set on demand, after the pipeline, for the chunks whose lemmas are read.
    with _NLP_LOCK, model.memory_zone(), without_lemmatizer(model):
        for (i, offset, piece), doc in zip(chunks, model.pipe(texts, batch_size=size), strict=True):
            ex = extractions[i]
            aid = ex.article.article_id
            out.tokens += len(doc)
            out.article_tokens[aid] = out.article_tokens.get(aid, 0) + len(doc)
            chunk_money = _money_in(ex.money, offset, offset + len(piece))
            if _reads_lemmas(doc, chunk_money):
                lemmatize(model, doc)
            mentions, entities = extract_entities(doc, article_id=aid, offset=offset)
            ex.mentions.extend(mentions)
            ex.entities.extend(entities)
            # a leader names their state only while in office on the article's day
            with article_day(ex.article.published_at):
                ex.military.extend(
                    extract_military(doc, article_id=aid, money=chunk_money, offset=offset)
                )
                ex.military_mentions.extend(
                    extract_military_mentions(doc, article_id=aid, offset=offset)
                )
            # roles hook: payer / payee of this chunk's money (transforms.roles)
            with_roles = attach_money_roles(
                doc,
                chunk_money,
                offset=offset,
                mentions=mentions,
                published=ex.article.published_at,
            )
            by_span = {(m.start_char, m.end_char): m for m in with_roles}
            ex.money = [by_span.get((m.start_char, m.end_char), m) for m in ex.money]
            out.sentences[aid].extend(
                (s.start_char + offset, s.end_char + offset) for s in doc.sents
            )
    # Nothing here looks across articles: the load links them all at once
    # (``transforms.linking.link_load``), so no output depends on the batch.
    out.extractions = extractions
    return out
