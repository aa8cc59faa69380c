"""The spaCy limit: the model as shipped, ``nlp.pipe`` alone over the pipeline's texts.

Run as a subprocess (``python -m bench.limit TEXTS --mode pipe --n-process 2``)
so that every measurement starts from a fresh interpreter, like ``newsledger
run`` does; it prints one JSON object. Modes:

- ``pipe``: ``nlp.pipe(texts, batch_size=B, n_process=N)``, Docs consumed in the
  parent (for N > 1 spaCy ships every Doc back through a pipe);
- ``pool``: N worker processes, each running ``nlp.pipe`` over its own share of
  the texts and consuming Docs in the worker, as the pipeline's NLP tasks do.

The model is ``transforms.nlp.load_stock_nlp()``: en_core_web_sm with every component it
enables, none of newsledger's (no entity ruler, the stock attribute ruler and lemmatizer).
The model is loaded (and, for ``pool``, the workers warmed) before the clock
starts for the timed part; load time is reported separately, and the report's limit
adds it (bare spaCy pays its model load too). The batch size is the pipeline's
(``transforms.nlp.pipe_batch_size``): both batch the same texts alike.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from transforms.nlp import load_stock_nlp, pipe_batch_size


def pipeline_batch_size(texts: Sequence[str]) -> int:
    """The ``nlp.pipe`` batch size the pipeline uses for ``texts`` (``extract_batch``)."""
    return pipe_batch_size(texts)


def read_texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def balanced_shares(texts: Sequence[str], n: int) -> list[list[str]]:
    """``n`` shares of about equal total length (longest texts placed first)."""
    shares: list[list[str]] = [[] for _ in range(n)]
    loads = [0] * n
    for t in sorted(texts, key=len, reverse=True):
        i = loads.index(min(loads))
        shares[i].append(t)
        loads[i] += len(t)
    return shares


_STOCK: list[object] = []  # the model, loaded once per process


def _model() -> Any:
    if not _STOCK:
        _STOCK.append(load_stock_nlp())
    return _STOCK[0]


def _warm() -> float:
    t = time.perf_counter()
    _model()
    return time.perf_counter() - t


def _parse_share(texts: list[str], batch_size: int) -> int:
    nlp = _model()
    tokens = 0
    with nlp.memory_zone():
        for doc in nlp.pipe(texts, batch_size=batch_size):
            tokens += len(doc)
    return tokens


def measure_pipe(texts: Sequence[str], n_process: int, batch_size: int) -> dict[str, float]:
    """Seconds and tokens for ``nlp.pipe`` in this process (and n_process - 1 helpers)."""
    load = _warm()
    nlp = _model()
    t = time.perf_counter()
    tokens = 0
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        tokens += len(doc)
    return {"load_seconds": load, "seconds": time.perf_counter() - t, "tokens": tokens}


def measure_pool(texts: Sequence[str], n_process: int, batch_size: int) -> dict[str, float]:
    """Seconds and tokens with N warmed worker processes parsing their own shares."""
    ctx = mp.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=n_process, mp_context=ctx) as pool:
        t = time.perf_counter()
        # One warm-up per worker; a barrier-free warm-up may land twice on one
        # worker, so submit extra and wait for all.
        load = max(f.result() for f in [pool.submit(_warm) for _ in range(n_process * 2)])
        load_wall = time.perf_counter() - t
        t = time.perf_counter()
        futures = [
            pool.submit(_parse_share, s, batch_size) for s in balanced_shares(texts, n_process)
        ]
        tokens = sum(f.result() for f in futures)
        seconds = time.perf_counter() - t
    return {"load_seconds": max(load, load_wall), "seconds": seconds, "tokens": tokens}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("texts", type=Path, help="JSONL file, one JSON string a line")
    parser.add_argument("--mode", choices=("pipe", "pool"), default="pipe")
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=None)
    args = parser.parse_args(argv)
    texts = read_texts(args.texts)
    batch_size = args.batch_size or pipeline_batch_size(texts)
    measure = measure_pipe if args.mode == "pipe" else measure_pool
    result = dict(measure(texts, args.n_process, batch_size))
    result.update(docs=len(texts), n_process=args.n_process, batch_size=batch_size)
    result["mode"] = args.mode  # type: ignore[assignment]
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
