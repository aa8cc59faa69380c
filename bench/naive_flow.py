"""The naive design the pipeline is measured against: one Prefect task per article.

Each task calls ``transforms.extract.extract_batch([article])`` in the flow's
own process (Prefect's default thread-pool task runner), so every article pays
a task run's bookkeeping and spaCy sees batches of one. It only extracts:
nothing is validated or written, which flatters it against the real run.

    python -m bench.naive_flow SOURCE [--format txt] [--limit 200]

prints ``{"articles": N, "tokens": T, "flow_seconds": S}`` as its last line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence

# As in newsledger.cli: no telemetry, and patience with a loaded machine.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

from prefect import flow, task

from transforms.extract import extract_batch
from transforms.records import ArticleRecord
from transforms.sources import SourceSpec, read_sources


@task(name="extract-one")
def extract_one_task(article: ArticleRecord) -> int:
    """Tokens parsed for one article (the extraction itself is discarded)."""
    return extract_batch([article]).tokens


@flow(name="naive-per-article", log_prints=False, validate_parameters=False)
def naive_flow(articles: list[ArticleRecord]) -> int:
    futures = [extract_one_task.submit(a) for a in articles]
    return sum(f.result() for f in futures)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source")
    parser.add_argument("--format", default=None)
    parser.add_argument("--limit", type=int, default=200)
    args = parser.parse_args(argv)
    spec = SourceSpec(path=args.source, format=args.format)
    articles = [r for r in read_sources([spec]) if isinstance(r, ArticleRecord)][: args.limit]
    t = time.perf_counter()
    tokens = naive_flow(articles)
    seconds = time.perf_counter() - t
    print(json.dumps({"articles": len(articles), "tokens": tokens, "flow_seconds": seconds}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
