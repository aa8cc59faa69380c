"""The drop-in components give the stock pipeline's output, token for token."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from transforms.nlp import DISABLED_COMPONENTS, LINE_BREAKS, MODEL_PACKAGE, load_nlp
from transforms.nlp_components import AttributeTable, DocLemmatizer

# Our own sentences for the rules real text rarely meets: multi-token rules
# ("gon na", "y' all"), expletive "there is", apostrophe forms, spaces.
_OWN_TEXT = [
    "We 're gon na win , y' all know it ; there are 12 tanks and there is one gun .",
    "She ai n't nothin' but trouble.\n\n  Two   spaces   here.  ",
    "The Ministry's 40,000-strong force lost 23 men; they're regrouping near Kharkiv.",
    "",
    " ",
]


def _stock() -> spacy.language.Language:
    import importlib

    return importlib.import_module(MODEL_PACKAGE).load(exclude=list(DISABLED_COMPONENTS))


def _token(t: spacy.tokens.Token) -> tuple[object, ...]:
    return (
        t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i,
        t.ent_type_, t.ent_iob_, t.is_sent_start,
    )  # fmt: skip


def _texts(root: Path) -> list[str]:
    texts = list(_OWN_TEXT)
    texts += [
        p.read_text(errors="replace")
        for p in sorted((root / "bbc" / "politics").glob("*.txt"))[:25]
    ]
    texts += [p.read_text() for p in sorted((root / "web2020s" / "docs").glob("*.txt"))[:25]]
    with (root / "headlines" / "headlines.jsonl").open(encoding="utf-8") as fh:
        texts += [json.loads(line)["title"] for _, line in zip(range(200), fh, strict=False)]
    return texts


def test_pipeline_uses_the_fast_components_under_the_stock_names() -> None:
    nlp = load_nlp()
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeTable)
    assert isinstance(nlp.get_pipe("lemmatizer"), DocLemmatizer)
    stock_names = _stock().pipe_names
    ours = ("entity_ruler", LINE_BREAKS)
    assert [n for n in nlp.pipe_names if n not in ours] == stock_names


def test_every_token_attribute_equals_the_stock_pipeline(corpus_root: Path) -> None:
    texts = _texts(corpus_root)
    fast = _stock()
    from transforms.nlp_components import use_attribute_table, use_doc_lemmatizer

    use_attribute_table(fast)
    use_doc_lemmatizer(fast)
    stock = _stock()
    tokens = 0
    for a, b in zip(stock.pipe(texts), fast.pipe(texts), strict=True):
        assert [_token(t) for t in a] == [_token(t) for t in b], a.text[:80]
        tokens += len(a)
    assert tokens > 20_000  # the comparison ran on real text


def test_an_unknown_pattern_key_is_refused() -> None:
    table = AttributeTable(spacy.blank("en").vocab)
    with pytest.raises(ValueError, match="unsupported pattern key 'SHAPE'"):
        table.load([{"patterns": [[{"SHAPE": "dd"}]], "attrs": {"POS": "NUM"}, "index": 0}])


def test_entity_ruler_patterns_match_as_when_parsed_by_the_pipeline() -> None:
    """The entity ruler's phrase patterns are tokenized with the other components off
    (``add_entity_ruler``): each pattern's tokens equal those of its text run through
    every component before the ruler, and the loaded ruler finds each pattern text whole."""
    from transforms.entities.ruler import PATTERNS_PATH

    nlp = load_nlp()
    ruler = nlp.get_pipe("entity_ruler")
    texts = [
        row["pattern"]
        for row in map(json.loads, PATTERNS_PATH.read_text().splitlines())
        if isinstance(row["pattern"], str)
    ]
    before_ruler = nlp.pipe_names[: nlp.pipe_names.index("entity_ruler")]
    with nlp.select_pipes(enable=before_ruler):
        parsed = list(nlp.pipe(texts))
    for text, doc in zip(texts, parsed, strict=True):
        assert [t.orth for t in doc] == [t.orth for t in nlp.make_doc(text)]
        spans = ruler.match(nlp.make_doc(text))  # type: ignore[attr-defined]
        assert any(start == 0 and end == len(doc) for _, start, end in spans), text


def test_multi_token_rules_do_not_match_across_documents_of_one_batch() -> None:
    # Each pair splits a multi-token rule's match over two documents of one batch
    # ("gon" | "na", "let" | "'s", "y'" | "all"); the last text holds the whole match.
    texts = ["We are gon", "na win it.", "Let", "'s go.", "y'", "all know.", ""]
    texts.append("We 're gon na win.")
    fast = load_nlp()
    stock = _stock()
    got = list(fast.pipe(texts, batch_size=len(texts)))
    for a, b in zip(stock.pipe(texts), got, strict=True):
        assert [_token(t) for t in a] == [_token(t) for t in b], a.text
    whole = {t.text: t.lemma_ for t in got[-1]}
    assert (whole["gon"], whole["na"]) == ("go", "to")  # the rule fired inside one document
    assert got[1][0].lemma_ != "to"  # and not across the boundary
