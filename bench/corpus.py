"""Benchmark inputs: the shared corpora as source specs, their texts, scaled copies.

Every measurement reads the same texts the pipeline reads: the articles come
from ``transforms.sources.read_sources`` with the same specs the ``newsledger
run`` subprocess gets, so the spaCy limit and the whole pipeline parse
identical strings.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from transforms.records import ArticleRecord
from transforms.sources import HEADLINES_FIELD_MAP, SourceSpec, read_sources

# The headlines corpus keeps its text under "title": a TOML source config maps it.
HEADLINES_CONFIG = """\
[[source]]
name = "headlines"
path = {path}
format = "jsonl"
field_map = {{ {field_map} }}
"""


@dataclass(frozen=True)
class BenchCorpus:
    """One input as the benchmark runs it: CLI arguments and the specs they mean."""

    name: str
    cli_args: tuple[str, ...]  # what follows ``newsledger run``
    specs: tuple[SourceSpec, ...]


def default_corpus_root() -> Path:
    """``../shared/corpus`` seen from the repository root."""
    return Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def bbc_corpus(root: Path, topics: Sequence[str] = ()) -> BenchCorpus:
    """The BBC corpus, or only its ``topics`` folders (``business``, ``politics`` ...)."""
    paths = [root / "bbc" / t for t in topics] if topics else [root / "bbc"]
    specs = tuple(SourceSpec(path=str(p), format="txt") for p in paths)
    return BenchCorpus("bbc", (*(str(p) for p in paths), "--format", "txt"), specs)


def headlines_config_text(path: Path) -> str:
    """A TOML source config reading headlines.jsonl with text=title."""
    field_map = ", ".join(f"{k} = {json.dumps(v)}" for k, v in HEADLINES_FIELD_MAP.items())
    return HEADLINES_CONFIG.format(path=json.dumps(str(path)), field_map=field_map)


def headlines_corpus(root: Path, workdir: Path) -> BenchCorpus:
    path = root / "headlines" / "headlines.jsonl"
    config = workdir / "headlines.toml"
    config.write_text(headlines_config_text(path), encoding="utf-8")
    spec = SourceSpec(
        path=str(path), format="jsonl", name="headlines", field_map=HEADLINES_FIELD_MAP
    )
    return BenchCorpus("headlines", ("--config", str(config)), (spec,))


def jsonl_corpus(name: str, path: Path) -> BenchCorpus:
    return BenchCorpus(
        name, (str(path), "--format", "jsonl"), (SourceSpec(path=str(path), format="jsonl"),)
    )


def read_articles(specs: Sequence[SourceSpec]) -> list[ArticleRecord]:
    """The articles the pipeline would process (quarantined records dropped)."""
    return [r for r in read_sources(list(specs)) if isinstance(r, ArticleRecord)]


def write_texts(articles: Sequence[ArticleRecord], path: Path) -> Path:
    """One JSON string a line: the texts the spaCy-limit subprocess parses."""
    with path.open("w", encoding="utf-8") as out:
        for a in articles:
            out.write(json.dumps(a.text) + "\n")
    return path


def scaled_articles(articles: Sequence[ArticleRecord], factor: float) -> list[dict[str, str]]:
    """``factor`` times the corpus as JSONL objects; repeats get new ids.

    A repeat's text is the original's with one more line break at its end per
    repeat: spaCy folds trailing line breaks into the last whitespace token, so it
    does the same work again on the same tokens, while ``extract_batch`` (which
    parses an exact copy once) sees a new text. The new id keeps the reader's
    duplicate-id check and the warehouse's incremental check from skipping it.
    """
    n = math.floor(len(articles) * factor)
    rows: list[dict[str, str]] = []
    for i in range(n):
        a = articles[i % len(articles)]
        copy = i // len(articles)
        row = {"id": f"{a.source_id}~{copy}", "text": a.text + "\n" * copy}
        if a.title:
            row["title"] = a.title
        if a.published_at is not None:
            row["published"] = a.published_at.isoformat()
        rows.append(row)
    return rows


def write_jsonl(rows: Sequence[dict[str, str]], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path
