"""Incremental-load cost: the same 100-article load into an empty and a 4x-BBC warehouse.

    python -m bench.incremental_cli --workdir /work/tmp-facts [--scale 4] [--articles 100]
    python bench/run_bench.py --sections incremental --workdir DIR   (the same, in the benchmark)

Issue 17's target: the load into the big warehouse costs within 20% of the
same load into an empty one. Both are whole ``newsledger run`` subprocesses
(reading, extraction, validation, load, duplicates, facts, catalog commit),
timed with their ``--json`` stage seconds.

- *The big warehouse* (built once, kept in the work dir and reused): the BBC
  corpus as read, plus ``scale - 1`` rewritten copies. Copy ``k`` of article
  ``i`` is ``i``'s title and its paragraphs interleaved with those of another
  article (``i + k * STRIDE``), dated on a day spread over 2019-2024: real
  prose with real entities and figures, never an exact repeat, and a dated
  archive in which the load's figures have facts to merge with. A copy whose
  own paragraphs are the longer half passes the near-copy test (Jaccard
  >= 0.5 with its source): the 4x build marked 2,530 of its 8,900 articles
  near copies, the BBC's own 66 among them (their figures join their
  source's facts). Exact
  repeats (``bench.corpus.scaled_articles``) would only test the duplicate
  path.
- *The load*: the first ``n`` web2020s excerpts (44 of the first 100 dated in ``SOURCES.tsv``),
  new to both warehouses. Each timed load runs on a fresh copy of the
  warehouse (the catalog file and its data folder), so every repeat starts
  from the same state; empty and big alternate so the machine's other load
  hits both alike.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench import corpus as bc
from bench.machine import load_average
from bench.measure import run_measured

# Offset between the two articles a copy mixes (prime, about a quarter of the
# corpus: the partner is usually from another section).
STRIDE = 557
# The copies' publication dates: one day in 2019-2024, spread evenly.
DATES_FROM = date(2019, 1, 1)
DATES_DAYS = 6 * 365
BIG_NAME = "big.sqlite"


def _paragraphs(text: str) -> tuple[str, list[str]]:
    """(title, body paragraphs) of a BBC text (title line, blank line, body)."""
    parts = [p.strip() for p in text.split("\n\n") if p.strip()]
    return (parts[0], parts[1:]) if len(parts) > 1 else ("", parts)


def mixed_copy(articles: Sequence[Any], i: int, k: int) -> str:
    """Copy ``k`` of article ``i``: its title, its paragraphs and a partner's, alternating."""
    title, own = _paragraphs(articles[i].text)
    _, other = _paragraphs(articles[(i + k * STRIDE) % len(articles)].text)
    body: list[str] = []
    for n in range(max(len(own), len(other))):
        src = own if n % 2 == 0 else other
        if n < len(src):
            body.append(src[n])
    return "\n\n".join([title, *body] if title else body)


def big_rows(articles: Sequence[Any], scale: int) -> list[dict[str, str]]:
    """The corpus as read (copy 0, undated as the BBC is) and ``scale - 1`` mixed copies."""
    rows: list[dict[str, str]] = []
    for k in range(scale):
        for i, a in enumerate(articles):
            row = {"id": f"{a.source_id}~{k}", "source": "bbc"}
            if k == 0:
                row["text"] = a.text
            else:
                row["text"] = mixed_copy(articles, i, k)
                day = DATES_FROM + timedelta(days=(i * 7 + k * 131) % DATES_DAYS)
                row["published"] = day.isoformat()
            if a.title:
                row["title"] = a.title
            rows.append(row)
    return rows


def load_rows(corpus_root: Path, n: int) -> list[dict[str, str]]:
    """The first ``n`` web2020s excerpts with their URL and date."""
    web = corpus_root / "web2020s"
    with (web / "SOURCES.tsv").open(encoding="utf-8") as f:
        meta = list(csv.DictReader(f, delimiter="\t"))[:n]
    rows = []
    for m in meta:
        number = m["id"].removeprefix("web2020s/")
        row = {"id": m["id"], "text": (web / "docs" / f"{number}.txt").read_text("utf-8")}
        if m["url"]:
            row["url"] = m["url"]
        if m["date"]:
            row["published"] = m["date"]
        rows.append(row)
    return rows


def _warehouse_files(path: Path) -> list[Path]:
    """The catalog file and everything named after it (data folder, docs, WAL)."""
    stem = path.with_suffix("")
    return [p for p in path.parent.iterdir() if p == path or p.name.startswith(stem.name + "_")]


def copy_warehouse(src: Path, dst: Path) -> None:
    for p in _warehouse_files(src):
        target = dst.parent / p.name.replace(src.stem, dst.stem, 1)
        if p.is_dir():
            shutil.copytree(p, target)
        else:
            shutil.copy2(p, target)


def _run(argv: list[str], env: dict[str, str], cwd: Path) -> dict[str, Any]:
    m = run_measured(argv, env=env, cwd=cwd)
    return {"seconds": m.seconds, "summary": m.summary, "phases": m.phases}


def build_big(
    workdir: Path,
    corpus_root: Path,
    scale: int,
    cli: list[str],
    env: dict[str, str],
    log: Callable[[str], None],
) -> dict[str, Any]:
    """The big warehouse in ``workdir`` (reused when its build record is there)."""
    record = workdir / f"big-{scale}x.json"
    if record.exists() and (workdir / BIG_NAME).exists():
        log(f"reusing {workdir / BIG_NAME}")
        return dict(json.loads(record.read_text(encoding="utf-8")))
    articles = bc.read_articles(bc.bbc_corpus(corpus_root).specs)
    src = bc.write_jsonl(big_rows(articles, scale), workdir / f"big-{scale}x.jsonl")
    log(f"building the {scale}x warehouse ({scale * len(articles)} articles)")
    argv = [*cli, "run", str(src), "--format", "jsonl", "--json"]
    out = _run([*argv, "--warehouse", str(workdir / BIG_NAME)], env, workdir)
    out["loadavg"] = load_average()
    record.write_text(json.dumps(out, indent=2, default=str), encoding="utf-8")
    return out


def timed_loads(
    workdir: Path,
    corpus_root: Path,
    n: int,
    repeat: int,
    cli: list[str],
    env: dict[str, str],
    log: Callable[[str], None],
) -> dict[str, Any]:
    """The same ``n``-article load into an empty and into the big warehouse, ``repeat`` times."""
    src = bc.write_jsonl(load_rows(corpus_root, n), workdir / f"load-{n}.jsonl")
    argv = [*cli, "run", str(src), "--format", "jsonl", "--json", "--warehouse"]
    runs: dict[str, list[dict[str, Any]]] = {"empty": [], "big": []}
    for r in range(repeat):
        for label in runs:
            target = workdir / f"timed-{label}.sqlite"
            for p in _warehouse_files(target) if target.parent.exists() else []:
                shutil.rmtree(p) if p.is_dir() else p.unlink()
            if label == "big":
                copy_warehouse(workdir / BIG_NAME, target)
            out = _run([*argv, str(target)], env, workdir)
            out["loadavg"] = load_average()
            log(f"  {label} #{r + 1}: {out['seconds']:.1f}s wall")
            runs[label].append(out)
    return {"articles": n, "runs": runs, **ratios(runs)}


def ratios(runs: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Big / empty: whole-run wall seconds (best and median) and per stage (best)."""

    def med(xs: list[float]) -> float:
        return sorted(xs)[len(xs) // 2]

    wall = {k: [r["seconds"] for r in v] for k, v in runs.items()}
    stages: dict[str, dict[str, float]] = {}
    for label, rs in runs.items():
        for r in rs:
            for stage, sec in (r["summary"].get("stage_seconds") or {}).items():
                best = stages.setdefault(stage, {}).get(label)
                stages[stage][label] = sec if best is None else min(best, sec)
    return {
        "ratio_best": round(min(wall["big"]) / min(wall["empty"]), 3),
        "ratio_median": round(med(wall["big"]) / med(wall["empty"]), 3),
        "stage_seconds_best": stages,
    }
