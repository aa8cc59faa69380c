"""Command line of bench/incremental.py (the incremental-load cost, alone).

    python -m bench.incremental_cli --workdir DIR [--scale 4] [--articles 100] [--repeat 3]

``--code CHECKOUT`` times the loads with another checkout's code (a before /
after comparison on the same big warehouse); ``--build-only`` stops after
building it. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench import corpus as bc
from bench.incremental import build_big, timed_loads
from bench.run_bench import newsledger_argv, subprocess_env


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="incremental-load cost")
    ap.add_argument("--workdir", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, default=bc.default_corpus_root())
    ap.add_argument("--scale", type=int, default=4)
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--build-only", action="store_true")
    ap.add_argument(
        "--code", type=Path, default=None, help="time the loads with this checkout (before/after)"
    )
    a = ap.parse_args(argv)
    a.workdir.mkdir(parents=True, exist_ok=True)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    env, cli = subprocess_env(a.workdir), newsledger_argv()
    if a.code is not None:
        env["PYTHONPATH"] = str(a.code.resolve())
    t0 = time.perf_counter()
    out: dict[str, Any] = {"build": build_big(a.workdir, a.corpus, a.scale, cli, env, log)}
    if not a.build_only:
        out["loads"] = timed_loads(a.workdir, a.corpus, a.articles, a.repeat, cli, env, log)
    out["bench_seconds"] = round(time.perf_counter() - t0, 1)
    print(json.dumps(out, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
