"""The benchmark harness measures what it claims: scaled corpora, tree RSS, ratios."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from bench import corpus as bc
from bench.limit import balanced_shares, pipeline_batch_size
from bench.measure import json_tail, run_measured
from bench.report import render_report, target_rows
from transforms.nlp import load_nlp
from transforms.records import ArticleRecord
from transforms.sources import load_source_config, read_sources

ARTICLES = [
    ArticleRecord(
        source="desk", source_id=f"a{i}", text=f"Story {i} about {i * 3} tanks.", title=f"T{i}"
    )
    for i in range(4)
]


def test_scaled_corpus_repeats_texts_under_new_ids(tmp_path: Path) -> None:
    rows = bc.scaled_articles(ARTICLES, 2.5)
    assert len(rows) == 10
    assert len({r["id"] for r in rows}) == 10
    # a repeat is a new text (exact copies are parsed once) with the same tokens
    assert [r["text"] for r in rows[:4]] == [a.text for a in ARTICLES]
    assert [r["text"] for r in rows[4:8]] == [a.text + "\n" for a in ARTICLES]
    nlp = load_nlp()
    for first, repeat in zip(rows[:4], rows[8:], strict=False):
        assert repeat["text"] != first["text"]
        with_break = [t.text.strip() for t in nlp(first["text"] + "\n")]
        assert [t.text.strip() for t in nlp(repeat["text"])] == with_break
    path = bc.write_jsonl(rows, tmp_path / "s.jsonl")
    read = list(read_sources([bc.jsonl_corpus("s", path).specs[0]]))
    # Every repeat is read as its own article: no duplicate-id quarantine.
    assert all(isinstance(r, ArticleRecord) for r in read)
    assert len({r.article_id for r in read}) == 10
    assert bc.scaled_articles(ARTICLES, 0.5) == rows[:2]


def test_headlines_config_reads_title_as_text(corpus_root: Path, tmp_path: Path) -> None:
    corpus = bc.headlines_corpus(corpus_root, tmp_path)
    specs = load_source_config(Path(corpus.cli_args[1]))
    first = next(r for r in read_sources(specs) if isinstance(r, ArticleRecord))
    direct = next(r for r in read_sources(list(corpus.specs)) if isinstance(r, ArticleRecord))
    assert first.text == direct.text
    assert first.text.startswith("Russia blows up old satellite")


def test_tree_rss_counts_children(tmp_path: Path) -> None:
    # A parent that starts a child holding ~150 MB: the tree peak must see it.
    child = "b = bytearray(150 * 2**20); import time; time.sleep(1.5)"
    parent = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {child!r}])"
    m = run_measured([sys.executable, "-c", parent])
    assert m.peak_rss >= 150 * 2**20
    assert m.peak_rss > m.peak_rss_single
    assert m.seconds >= 1.5


def test_run_measured_raises_with_stderr() -> None:
    with pytest.raises(RuntimeError, match="boom"):
        run_measured([sys.executable, "-c", "import sys; sys.exit('boom')"])


def test_json_tail_skips_log_lines() -> None:
    assert json_tail('12:00 INFO hello\n{\n  "a": 1\n}\n') == {"a": 1}
    assert json_tail('{"b": 2}') == {"b": 2}
    assert json_tail("no json") == {}


def test_balanced_shares_split_by_length() -> None:
    texts = ["x" * n for n in (90, 50, 40, 10, 5, 5)]
    shares = balanced_shares(texts, 2)
    assert sorted(sum(map(len, s)) for s in shares) == [100, 100]
    # the pipeline's batch size: ~150k characters a batch, 64 to 512 texts
    assert pipeline_batch_size(["x" * 2300] * 10) == 65
    assert pipeline_batch_size(["x" * 80] * 10) == 512
    assert pipeline_batch_size(["x" * 90_000]) == 64
    assert pipeline_batch_size([]) == 64


def _run(seconds: float, flow: float, rss: int, tokens: int = 1000) -> dict[str, Any]:
    stages = {"begin": 1.0, "read": 1.0, "extract": flow - 4, "validate": 1.0, "commit": 1.0}
    return {
        "seconds": seconds,
        "peak_rss": rss,
        "peak_rss_single": rss // 2,
        "summary": {"seconds": flow, "tokens": tokens, "stage_seconds": stages},
    }


def _limit(seconds: float) -> dict[str, Any]:
    return {"summary": {"seconds": seconds, "load_seconds": 3.0, "tokens": 1000}}


def test_report_ratios_and_verdicts() -> None:
    res = {
        "options": {"quick": False},
        "loadavg": {"start": (1.0, 1.0, 1.0)},
        "bbc": {
            "articles": 100,
            "limit": {"pipe-1": _limit(50.0), "pipe-2": _limit(40.0)},
            "full": _run(50.0, 45.0, 1000),
            "noop": _run(5.0, 1.0, 500),
            "full_server": _run(40.0, 38.0, 1000),
            "noop_server": _run(3.5, 1.0, 500),
        },
        "naive": {
            "articles": 10,
            "naive": _run(30.0, 25.0, 1),
            "naive_extract_only": _run(12.0, 8.0, 1),
            "real": _run(10.0, 5.0, 1),
        },
        "scale": {
            "1": {**_run(50.0, 45.0, 1000), "articles": 100},
            "4": {**_run(230.0, 220.0, 1300), "articles": 400},
        },
    }
    rows = {r[0]: r for r in target_rows(res)}
    # the limit includes the model load: 40 + 3 s
    assert rows["bbc: whole run / limit"][2:] == ["0.86", "met"]
    assert rows["bbc: whole run / limit, Prefect server already running"][1:] == [
        ">= 1.0",
        "1.07",
        "met",
    ]
    assert rows["bbc: no-op re-run wall"][2:] == ["5.0 s", "met"]
    running = "bbc: no-op re-run wall, Prefect server already running"
    assert rows[running][2:] == ["3.5 s", "**missed**"]
    # naive: 3 s/article vs 0.5 s/article in the real run.
    assert rows["per-article flow time / real run (BBC full run)"][2:] == ["6.0x", "**missed**"]
    assert rows["4x corpus time / 1x"][2:] == ["4.60x", "**missed**"]
    assert rows["peak RSS (process tree) growth 1x -> 4x"][2:] == ["+30%", "**missed**"]
    text = render_report(res)
    assert "| **`newsledger run`, whole subprocess** | 100 | 1,000 | 50.0 | 2 | 20 | 0.86 |" in text
    server = "**`newsledger run`, whole subprocess, Prefect server already running**"
    assert f"| {server} | 100 | 1,000 | 40.0 | 2 | 25 | 1.07 |" in text
    assert "| naive flow, extraction only (validates and writes nothing) | 10 | 12.0 |" in text


def test_cli_has_bench_command() -> None:
    from typer.testing import CliRunner

    from newsledger.cli import app

    result = CliRunner().invoke(app, ["bench", "--help"])
    assert result.exit_code == 0
    assert "--quick" in result.output


def test_quick_options_shrink_every_section() -> None:
    from bench.run_bench import parse_args, scale_order

    opts = parse_args(["--quick", "--scales", "0.5,1,2,4"])
    assert opts.quick and opts.naive_n == 10 and opts.extract_sample == 60
    assert scale_order(opts.scales) == [1.0, 4.0, 0.5, 2.0]


def test_run_phases_from_prefect_log_times() -> None:
    from datetime import datetime

    from bench.measure import run_phases

    err = (
        "10:00:02.000 | INFO    | prefect - Starting temporary server on http://127.0.0.1:1\n"
        "10:00:07.500 | INFO    | Flow run 'x' - Beginning flow run 'x' for flow 'f'\n"
        "10:00:08.000 | INFO    | Task run 't' - Finished in state Completed()\n"
        "10:00:17.500 | INFO    | Flow run 'x' - Finished in state Completed()\n"
        "10:00:18.000 | INFO    | prefect - Stopping temporary server on http://127.0.0.1:1\n"
    )
    phases = run_phases(err, datetime(2026, 1, 1, 10, 0, 0), 19.0)
    assert phases == {
        "python start (until the server is launched)": 2.0,
        "Prefect server start (our imports overlap it)": 5.5,
        "flow": 10.0,
        "after the flow, until server stop": 0.5,
        "server stop and exit": 1.0,
    }
    assert run_phases("no log", datetime(2026, 1, 1), 1.0) == {}
    # The API the CLI starts itself (flows/api_server.py) marks the same phases.
    ours = err.replace(
        "prefect - Starting temporary server", "newsledger - Starting temporary Prefect API"
    ).replace("prefect - Stopping temporary server", "newsledger - Stopping temporary Prefect API")
    assert run_phases(ours, datetime(2026, 1, 1, 10, 0, 0), 19.0) == phases


def test_merged_results_combine_runs() -> None:
    from bench.run_bench import merged_results

    a = {"bbc": {"x": 1}, "scale": {"1": "a1"}, "loadavg": {"start": 1}, "bench_seconds": 10.0}
    b = {"scale": {"4": "b4", "1": "b1"}, "loadavg": {"end": 2}, "bench_seconds": 5.0}
    m = merged_results([a, b])
    assert m["bbc"] == {"x": 1}
    assert m["scale"] == {"1": "b1", "4": "b4"}
    assert m["loadavg"] == {"start": 1, "end": 2}
    assert m["bench_seconds"] == 15.0
