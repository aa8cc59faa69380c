"""extract_batch is safe to call from several threads at once.

The in-process paths (``--workers 0``, the benchmark's naive flow) run extract
tasks on Prefect's thread pool; spaCy's memory_zone is per Vocab, so without a
lock one thread's zone freed strings another was reading (E018).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from transforms.extract import extract_batch
from transforms.records import ArticleRecord

SAMPLES = Path(__file__).resolve().parents[2] / "newsledger" / "samples"


def _articles() -> list[ArticleRecord]:
    files = sorted(SAMPLES.glob("*.txt"))
    assert files, "sample articles missing"
    return [
        ArticleRecord(
            source="samples",
            source_id=f.stem,
            text=f.read_text(encoding="utf-8"),
            article_id=f"s-{f.stem}",
            content_hash="h",
        )
        for f in files
    ]


def _summary(articles: list[ArticleRecord]) -> list[tuple[str, int, int, int]]:
    out = extract_batch(articles)
    return [
        (e.article.article_id, len(e.mentions), len(e.money), len(e.military))
        for e in out.extractions
    ]


def test_concurrent_batches_match_serial_results() -> None:
    articles = _articles()
    serial = [_summary([a]) for a in articles]
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(lambda a: _summary([a]), articles * 3))
    assert threaded == serial * 3
