"""Read sources and print what came out: ``python -m transforms.sources PATH ...``.

A quick look at an input before a pipeline run, and the reader benchmark:
it prints record counts, quarantine reasons and records per second.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Sequence

from transforms.records import ArticleRecord
from transforms.sources.config import load_source_config
from transforms.sources.errors import SourceError
from transforms.sources.reader import read_sources
from transforms.sources.spec import SourceSpec, parse_field_map


def _specs(args: argparse.Namespace) -> list[SourceSpec]:
    specs = [
        SourceSpec(
            path=p,
            format=args.format,
            name=args.name,
            field_map=parse_field_map(args.field_map) if args.field_map else None,
        )
        for p in args.paths
    ]
    if args.config:
        specs.extend(load_source_config(args.config))
    return specs


def main(argv: Sequence[str] | None = None) -> int:
    """Exit status 0 when everything was read, 1 on quarantines, 2 on a SourceError."""
    ap = argparse.ArgumentParser(prog="python -m transforms.sources", description=__doc__)
    ap.add_argument("paths", nargs="*", help="files or folders to read")
    ap.add_argument("--format", choices=["txt", "jsonl", "rss", "atom", "html", "csv"])
    ap.add_argument("--name", help="source name (default: folder name or file stem)")
    ap.add_argument("--field-map", help="e.g. text=title,published=timestamp (csv and jsonl)")
    ap.add_argument("--config", help="TOML source config")
    ap.add_argument("--show-quarantine", action="store_true", help="print each quarantine detail")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    articles: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    try:
        for record in read_sources(_specs(args)):
            if isinstance(record, ArticleRecord):
                articles[record.source] += 1
            else:
                reasons[record.reason] += 1
                if args.show_quarantine:
                    print(f"  {record.reason}: {record.detail}")
    except SourceError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    total = sum(articles.values()) + sum(reasons.values())
    for source, n in sorted(articles.items()):
        print(f"{source}: {n} articles")
    for reason, n in sorted(reasons.items()):
        print(f"quarantined {reason}: {n}")
    print(f"{total} records in {elapsed:.2f} s ({total / max(elapsed, 1e-9):,.0f} records/s)")
    return 1 if reasons else 0


if __name__ == "__main__":
    raise SystemExit(main())
