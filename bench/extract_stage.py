"""The extract stage as the flow runs it, without Prefect: where each worker's time goes.

    python -m bench.extract_stage [--topics business,politics | --headlines] [--workers 2]
        [--copies-ab] [--no-stage] [--limit N]

A pool of ``--workers`` forkserver processes (as ``flows.pipeline.worker_pool``) is
warmed, then every batch of ``flows.stages.batches`` goes through
``flows.stages.process_batch`` (extraction, Arrow tables, staged Parquet), submitted in
batch order as the flow's tasks are. Prints one JSON object: the stage's wall time, each
worker's busy and CPU seconds, its idle time after its last batch, and the time from the
stage's start to each batch's start. ``--copies-ab`` also times, in this process and
alternately, ``extract_batch`` (exact copies parsed once) against parsing every article
(``transforms.extract._extract_unique`` over the whole batch), in CPU seconds.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from bench import corpus as bc
from flows import stages
from transforms.records import ArticleRecord


def run_stage(articles: Sequence[ArticleRecord], workers: int) -> dict[str, Any]:
    """Wall, busy and CPU seconds of the extract stage over ``articles``."""
    groups = stages.batches(articles, stages.BATCH_ARTICLES, workers=workers)
    ctx = mp.get_context("forkserver")
    with (
        tempfile.TemporaryDirectory() as tmp,
        ProcessPoolExecutor(
            max_workers=workers,
            mp_context=ctx,
            initializer=stages.worker_init,
            initargs=(os.getpid(),),
        ) as pool,
    ):
        t0 = time.time()
        for w in [pool.submit(stages.warm_worker) for _ in range(workers)]:
            w.result()
        warm = time.time() - t0
        start, cpu = time.time(), time.process_time()
        warehouse = str(Path(tmp) / "w.sqlite")
        futures = [
            pool.submit(stages.process_batch, warehouse, "bench", f"b{i:05d}", g)
            for i, g in enumerate(groups)
        ]
        results = [f.result() for f in futures]
        end = time.time()
        main_cpu = time.process_time() - cpu
    per_worker: dict[int, list[stages.BatchResult]] = defaultdict(list)
    for r in results:
        per_worker[r.pid].append(r)
    workers_out = []
    for rs in per_worker.values():
        last = max(r.started + r.seconds for r in rs)
        workers_out.append(
            {
                "batches": len(rs),
                "articles": sum(r.articles for r in rs),
                "busy_seconds": sum(r.seconds for r in rs),
                "cpu_seconds": sum(r.cpu_seconds for r in rs),
                "idle_after_last": end - last,
            }
        )
    return {
        "articles": len(articles),
        "batches": [len(g) for g in groups],
        "warm_seconds": warm,
        "stage_seconds": end - start,
        "main_cpu_seconds": main_cpu,
        "workers": workers_out,
        "batch_starts": [round(r.started - start, 2) for r in results],
    }


def copies_ab(articles: Sequence[ArticleRecord], rounds: int = 2) -> dict[str, Any]:
    """CPU seconds of ``extract_batch`` with and without reusing exact copies, alternately
    in this process (the least of ``rounds`` kept: other work inflates CPU time too)."""
    from transforms.extract import CHUNK_CHARS, _extract_unique, extract_batch
    from transforms.nlp import load_nlp

    load_nlp()
    extract_batch(articles[:2])  # warm matchers and caches outside the timed parts
    reuse, parse_all = [], []
    for _ in range(rounds):
        t = time.process_time()
        extract_batch(articles)
        reuse.append(time.process_time() - t)
        t = time.process_time()
        _extract_unique(articles, nlp=None, batch_size=None, chunk_chars=CHUNK_CHARS)
        parse_all.append(time.process_time() - t)
    copies = len(articles) - len({(a.text, a.published_at) for a in articles})
    return {"copies": copies, "reuse_cpu": min(reuse), "parse_all_cpu": min(parse_all)}


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--topics", default="business,politics", help="BBC folders ('' = all)")
    p.add_argument("--headlines", action="store_true", help="the headlines corpus, not BBC")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--limit", type=int, default=0, help="first N articles only")
    p.add_argument("--copies-ab", action="store_true")
    p.add_argument("--no-stage", action="store_true")
    a = p.parse_args(argv)
    topics = [t for t in a.topics.split(",") if t]
    root = bc.default_corpus_root()
    if a.headlines:
        corpus = bc.headlines_corpus(root, Path(tempfile.mkdtemp()))
    else:
        corpus = bc.bbc_corpus(root, topics)
    articles = bc.read_articles(corpus.specs)
    if a.limit:
        articles = articles[: a.limit]
    out: dict[str, Any] = {"loadavg": os.getloadavg()}
    if not a.no_stage:
        out["stage"] = run_stage(articles, a.workers)
    if a.copies_ab:
        out["copies_ab"] = copies_ab(articles)
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
