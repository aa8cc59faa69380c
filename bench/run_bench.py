"""Throughput benchmark: the whole ``newsledger run`` against spaCy alone.

    python bench/run_bench.py [--quick] [--out docs/benchmarks.md]
    newsledger bench [--quick]

One run measures, on the same texts: the spaCy limit (``nlp.pipe`` with the
pipeline's components and batch size, 1 and 2 processes), the whole pipeline
as a subprocess over the BBC corpus and the headlines, an incremental no-op
re-run, a naive one-Prefect-task-per-article flow, the BBC corpus at 0.5x to 4x
with peak RSS, and where the time goes; the ``noop`` section repeats the no-op
re-runs (temporary and running Prefect server) and the ``lake`` section runs
``bench/lake_loads.py`` (load cost after 100 small loads). ``--sections``
runs any of them alone. It writes a Markdown report (and the
raw numbers as JSON beside it). A full run takes 20-40 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(REPO_ROOT))

from bench import corpus as bc  # noqa: E402
from bench.machine import load_average, machine_description  # noqa: E402
from bench.measure import Measured, run_measured  # noqa: E402
from bench.report import render_report  # noqa: E402

DEFAULT_OUT = REPO_ROOT / "docs" / "benchmarks.md"
SCALES = (0.5, 1.0, 2.0, 4.0)
SECTIONS = ("bbc", "headlines", "naive", "extract", "scale", "noop", "lake", "incremental")
LIMIT_VARIANTS: tuple[tuple[str, int], ...] = (("pipe", 1), ("pipe", 2), ("pool", 2))


@dataclass
class BenchOptions:
    corpus_root: Path = field(default_factory=bc.default_corpus_root)
    out: Path = DEFAULT_OUT
    quick: bool = False  # small subsets: checks the harness, numbers mean little
    headlines: bool = True
    # The naive flow validates each article with GX (~3-5 s each on 2 cores): 60
    # articles keep that section to a few minutes.
    naive_n: int = 60
    scales: tuple[float, ...] = SCALES
    extract_sample: int = 300
    # No-op re-runs per kind (temporary / running server): the median is reported.
    noop_repeats: int = 3
    lake_loads: int = 100  # prior small loads before the load cost is compared
    workdir: Path | None = None  # kept when given; a temp dir removed afterwards otherwise
    render_only: list[Path] = field(default_factory=list)  # raw results to merge and re-render
    sections: tuple[str, ...] = SECTIONS
    limit_variants: tuple[tuple[str, int], ...] = LIMIT_VARIANTS
    # BBC topic folders to read (e.g. business, politics); all of the BBC corpus when empty
    bbc_topics: tuple[str, ...] = ()
    log: Callable[[str], None] = field(default=lambda msg: print(msg, file=sys.stderr, flush=True))


def newsledger_argv() -> list[str]:
    """The installed console script, or the same entry point through this Python."""
    script = Path(sys.executable).with_name("newsledger")
    if script.exists():
        return [str(script)]
    found = shutil.which("newsledger")
    if found:
        return [found]
    return [sys.executable, "-c", "from newsledger.cli import entrypoint; entrypoint()"]


def subprocess_env(workdir: Path) -> dict[str, str]:
    """A private Prefect home (its database is made by the warm-up run, not a
    measured one) and ``bench`` importable in ``python -m bench.*`` children."""
    path = os.environ.get("PYTHONPATH")
    return {
        "PREFECT_HOME": str(workdir / "prefect-home"),
        "PYTHONPATH": str(REPO_ROOT) + (os.pathsep + path if path else ""),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "GX_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }


class Bench:
    """State of one benchmark run: where files go and how children are started."""

    def __init__(self, opts: BenchOptions, workdir: Path) -> None:
        self.opts = opts
        self.workdir = workdir
        self.env = subprocess_env(workdir)
        self.cli = newsledger_argv()
        self.results: dict[str, Any] = {"options": _jsonable(asdict(opts)), "loadavg": {}}

    def note_load(self, label: str) -> None:
        self.results["loadavg"][label] = load_average()

    def pipeline_run(
        self, corpus: bc.BenchCorpus, warehouse: Path, *, api_url: str | None = None
    ) -> dict[str, Any]:
        argv = [*self.cli, "run", *corpus.cli_args, "--json", "--warehouse", str(warehouse)]
        env = self.env if api_url is None else {**self.env, "PREFECT_API_URL": api_url}
        m = run_measured(argv, env=env, cwd=self.workdir)
        self.opts.log(
            f"  {corpus.name}: {m.seconds:.1f}s wall, peak RSS {m.peak_rss / 2**20:.0f} MiB"
        )
        return _measured_dict(m)

    def limit_run(self, texts: Path, mode: str, n_process: int) -> dict[str, Any]:
        argv = [sys.executable, "-m", "bench.limit", str(texts), "--mode", mode]
        argv += ["--n-process", str(n_process)]
        m = run_measured(argv, env=self.env, cwd=REPO_ROOT)
        out = _measured_dict(m)
        self.opts.log(f"  limit {mode} n={n_process}: {m.summary.get('seconds', 0):.1f}s parse")
        return out

    def startup_probe(self) -> dict[str, float]:
        """Seconds to start Python and import the flow module (Prefect, pyarrow...)."""
        bare = run_measured([sys.executable, "-c", "pass"], env=self.env).seconds
        imports = run_measured(
            [sys.executable, "-c", "import newsledger.cli, flows.run"],
            env=self.env,
            cwd=self.workdir,
        ).seconds
        return {"python": bare, "import_flow": imports}


def _measured_dict(m: Measured) -> dict[str, Any]:
    return {
        "seconds": m.seconds,
        "peak_rss": m.peak_rss,
        "peak_rss_single": m.peak_rss_single,
        "summary": m.summary,
        "phases": m.phases,
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items() if not callable(v)}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    return value


def bench_corpus_section(bench: Bench, corpus: bc.BenchCorpus) -> dict[str, Any]:
    """Limit, full runs (temporary and running Prefect server) and no-op re-runs for one
    corpus."""
    log = bench.opts.log
    articles = bc.read_articles(corpus.specs)
    texts = bc.write_texts(articles, bench.workdir / f"{corpus.name}.texts.jsonl")
    log(f"{corpus.name}: {len(articles)} articles")
    bench.note_load(f"{corpus.name} start")
    section: dict[str, Any] = {"articles": len(articles), "limit": {}}
    for mode, n in bench.opts.limit_variants:
        section["limit"][f"{mode}-{n}"] = bench.limit_run(texts, mode, n)
    warehouse = bench.workdir / f"{corpus.name}.sqlite"
    section["full"] = bench.pipeline_run(corpus, warehouse)
    section["noop"] = bench.pipeline_run(corpus, warehouse)
    with running_server(bench) as url:
        log(f"  against a running server ({url}): full run, then no-op")
        fresh = bench.workdir / f"{corpus.name}-server.sqlite"
        section["full_server"] = bench.pipeline_run(corpus, fresh, api_url=url)
        section["noop_server"] = bench.pipeline_run(corpus, fresh, api_url=url)
    bench.note_load(f"{corpus.name} end")
    return section


@contextlib.contextmanager
def running_server(bench: Bench) -> Iterator[str]:
    """A Prefect API that is already up, as a scheduled deployment sees it
    (``PREFECT_API_URL``), so that a run starts none. The server is the same uvicorn app
    ``prefect server start`` serves, without the UI, on the runs' own database."""
    from flows.api_server import start_temporary_api

    saved = {k: os.environ.get(k) for k in ("PREFECT_API_URL", "PREFECT_HOME")}
    os.environ.pop("PREFECT_API_URL", None)
    os.environ["PREFECT_HOME"] = bench.env["PREFECT_HOME"]
    api = start_temporary_api()
    try:
        if api is None:
            raise RuntimeError("could not start a Prefect API for the benchmark")
        yield api.wait_ready(300)
    finally:
        if api is not None:
            api.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def quick_corpus(bench: Bench, corpus: bc.BenchCorpus, n: int) -> bc.BenchCorpus:
    """The first ``n`` articles of ``corpus`` as a JSONL source (for --quick)."""
    rows = bc.scaled_articles(bc.read_articles(corpus.specs)[:n], 1.0)
    path = bc.write_jsonl(rows, bench.workdir / f"{corpus.name}-quick.jsonl")
    return bc.jsonl_corpus(f"{corpus.name}", path)


def bench_naive(bench: Bench, base: Sequence[Any]) -> dict[str, Any]:
    """The per-article Prefect flow and the real run on the same subset."""
    n = bench.opts.naive_n
    path = bc.write_jsonl(bc.scaled_articles(base[:n], 1.0), bench.workdir / f"subset{n}.jsonl")
    bench.opts.log(f"naive flow over {n} articles")
    argv = [sys.executable, "-m", "bench.naive_flow", str(path), "--format", "jsonl"]
    argv += ["--limit", str(n)]
    naive = _measured_dict(run_measured(argv, env=bench.env, cwd=REPO_ROOT))
    bench.opts.log(f"  naive: {naive['seconds']:.1f}s wall")
    extract_only = _measured_dict(
        run_measured([*argv, "--extract-only"], env=bench.env, cwd=REPO_ROOT)
    )
    bench.opts.log(f"  naive, extraction only: {extract_only['seconds']:.1f}s wall")
    real = bench.pipeline_run(bc.jsonl_corpus(f"subset{n}", path), bench.workdir / "subset.sqlite")
    return {"articles": n, "naive": naive, "naive_extract_only": extract_only, "real": real}


def bench_scale(bench: Bench, base: Sequence[Any], factor: float) -> dict[str, Any]:
    """The corpus at one scale factor, into a fresh warehouse."""
    rows = bc.scaled_articles(base, factor)
    path = bc.write_jsonl(rows, bench.workdir / f"scale-{factor:g}x.jsonl")
    bench.opts.log(f"scale {factor:g}x: {len(rows)} articles")
    bench.note_load(f"scale {factor:g}x start")
    run = bench.pipeline_run(
        bc.jsonl_corpus(f"scale-{factor:g}x", path), bench.workdir / f"scale-{factor:g}x.sqlite"
    )
    run["articles"] = len(rows)
    path.unlink()  # 4x BBC is ~20 MB: do not keep copies around
    return run


def bench_incremental(bench: Bench, scale: int = 4, articles: int = 100) -> dict[str, Any]:
    """The same ``articles``-article load into an empty and a ``scale`` x BBC warehouse
    (bench/incremental.py; the big warehouse is built once per work dir and reused)."""
    from bench import incremental

    root, log = bench.opts.corpus_root, bench.opts.log
    bench.note_load("incremental start")
    out = {"build": incremental.build_big(bench.workdir, root, scale, bench.cli, bench.env, log)}
    out["loads"] = incremental.timed_loads(
        bench.workdir, root, articles, 3, bench.cli, bench.env, log
    )
    log(f"  incremental: big / empty = {out['loads']['ratio_median']} (median)")
    bench.note_load("incremental end")
    return out


def bench_noop(bench: Bench, corpus: bc.BenchCorpus) -> dict[str, Any]:
    """Fixed costs of a run: no-op re-runs (every article unchanged) of ``corpus``,
    ``noop_repeats`` with the temporary Prefect server and as many against a running
    one, after one full run that fills a fresh warehouse."""
    log, n = bench.opts.log, bench.opts.noop_repeats
    bench.note_load("noop start")
    warehouse = bench.workdir / f"{corpus.name}-noop.sqlite"
    log(f"no-op re-runs of {corpus.name}: one full run, then {n} + {n} no-ops")
    out: dict[str, Any] = {"corpus": corpus.name, "fill": bench.pipeline_run(corpus, warehouse)}
    out["articles"] = out["fill"]["summary"].get("records_read", 0)
    out["temporary"] = [bench.pipeline_run(corpus, warehouse) for _ in range(n)]
    with running_server(bench) as url:
        out["server"] = [bench.pipeline_run(corpus, warehouse, api_url=url) for _ in range(n)]
    bench.note_load("noop end")
    return out


def bench_lake_loads(bench: Bench) -> dict[str, Any]:
    """bench/lake_loads.py in a subprocess: the load cost after many small loads."""
    loads = 20 if bench.opts.quick else bench.opts.lake_loads
    bench.opts.log(f"lake loads: {loads} small loads, with and without compaction")
    bench.note_load("lake start")
    out = bench.workdir / "lake_loads.json"
    argv = [sys.executable, "-m", "bench.lake_loads", "--loads", str(loads), "--out", str(out)]
    m = run_measured(argv, env=bench.env, cwd=REPO_ROOT)
    bench.note_load("lake end")
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    result["seconds"] = m.seconds
    return result


def save_report(res: dict[str, Any], out: Path) -> None:
    """Write the Markdown report and the raw JSON beside it (after every section,
    so that an interrupted benchmark still leaves its numbers)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_report(res), encoding="utf-8")
    out.with_suffix(".json").write_text(json.dumps(res, indent=2, default=str), encoding="utf-8")


def merged_results(parts: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Results of several benchmark runs as one: later runs' sections win, load
    averages and scale points are combined, run times add up."""
    out: dict[str, Any] = {}
    for part in parts:
        for key, value in part.items():
            if key in ("loadavg", "scale") and isinstance(out.get(key), dict):
                out[key] = {**out[key], **value}
            elif key == "bench_seconds":
                out[key] = out.get(key, 0.0) + value
            else:
                out[key] = value
    return out


def scale_order(scales: Sequence[float]) -> list[float]:
    """1x and 4x first (the targets compare them), then the rest in order."""
    first = [f for f in (1.0, 4.0) if f in scales]
    return first + sorted(f for f in scales if f not in first)


def run_fixed_cost_sections(bench: Bench, bbc: bc.BenchCorpus, save: Callable[[], None]) -> None:
    """The ``noop`` and ``lake`` sections (fixed costs of a run; load cost growth)."""
    if "noop" in bench.opts.sections:
        bench.results["noop"] = bench_noop(bench, bbc)
        save()
    if "lake" in bench.opts.sections:
        bench.results["lake"] = bench_lake_loads(bench)
        save()


def run_benchmark(opts: BenchOptions) -> dict[str, Any]:
    """Run every measurement, writing the report as sections finish; return the results."""
    if not opts.corpus_root.exists():
        raise SystemExit(f"corpus not found: {opts.corpus_root}")
    workdir = opts.workdir or Path(tempfile.mkdtemp(prefix="newsledger-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    bench = Bench(opts, workdir)
    res = bench.results
    t0 = time.perf_counter()

    def save() -> None:
        res["bench_seconds"] = time.perf_counter() - t0
        save_report(res, opts.out)

    try:
        res["machine"] = machine_description()
        bench.note_load("start")
        opts.log(f"work dir {workdir}; warm-up run (creates the Prefect database)")
        res["warmup"] = bench.pipeline_run(
            bc.BenchCorpus("samples", (), ()), workdir / "warmup.sqlite"
        )
        res["startup"] = bench.startup_probe()
        bbc = bc.bbc_corpus(opts.corpus_root, opts.bbc_topics)
        if opts.quick:
            bbc = quick_corpus(bench, bbc, 120)
        if "bbc" in opts.sections:
            res["bbc"] = bench_corpus_section(bench, bbc)
            save()
        if opts.headlines and "headlines" in opts.sections:
            heads = bc.headlines_corpus(opts.corpus_root, workdir)
            if opts.quick:
                heads = quick_corpus(bench, heads, 500)
            res["headlines"] = bench_corpus_section(bench, heads)
            save()
        base = bc.read_articles(bbc.specs)
        if "naive" in opts.sections:
            res["naive"] = bench_naive(bench, base)
            save()
        if "extract" in opts.sections:
            bench.note_load("extract profile")
            opts.log(f"extraction profile over {opts.extract_sample} articles (in-process)")
            from bench.extract_cost import extract_cost
            from bench.limit import pipeline_batch_size

            sample = base[: opts.extract_sample]
            res["extract_cost"] = extract_cost(
                sample, pipeline_batch_size([a.text for a in sample])
            )
            save()
        if "incremental" in opts.sections:
            res["incremental"] = bench_incremental(bench)
            save()
        run_fixed_cost_sections(bench, bbc, save)
        res["scale"] = {}
        for factor in scale_order(opts.scales if "scale" in opts.sections else ()):
            res["scale"][f"{factor:g}"] = bench_scale(bench, base, factor)
            save()
        bench.note_load("end")
    finally:
        save()
        if opts.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    opts.log(f"wrote {opts.out} in {res['bench_seconds'] / 60:.1f} min")
    return res


def parse_args(argv: Sequence[str] | None = None) -> BenchOptions:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", type=Path, default=None, help="corpus root (../shared/corpus)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="Markdown report path")
    p.add_argument("--quick", action="store_true", help="small subsets, to check the harness")
    p.add_argument("--no-headlines", action="store_true")
    p.add_argument("--naive-n", type=int, default=None, help="articles for the naive flow")
    p.add_argument("--scales", default=None, help="comma-separated factors, e.g. 0.5,1,2,4")
    p.add_argument(
        "--limit-variants",
        default=None,
        help="spaCy-alone runs, e.g. pool-2 (default: pipe-1,pipe-2,pool-2)",
    )
    p.add_argument("--extract-sample", type=int, default=None, help="articles profiled")
    p.add_argument(
        "--bbc-topics", default="", help="comma-separated BBC folders, e.g. business,politics"
    )
    p.add_argument("--noop-repeats", type=int, default=None, help="no-op re-runs per kind")
    p.add_argument("--lake-loads", type=int, default=None, help="prior loads (lake section)")
    p.add_argument("--workdir", type=Path, default=None, help="keep work files here")
    p.add_argument(
        "--render-only",
        type=Path,
        nargs="+",
        default=[],
        help="re-render the report from raw JSON files (later ones override sections), no runs",
    )
    p.add_argument(
        "--sections",
        default=",".join(SECTIONS),
        help=f"comma-separated subset of {','.join(SECTIONS)}",
    )
    a = p.parse_args(argv)
    opts = BenchOptions(out=a.out, quick=a.quick, headlines=not a.no_headlines, workdir=a.workdir)
    opts.render_only = a.render_only
    opts.bbc_topics = tuple(x.strip() for x in a.bbc_topics.split(",") if x.strip())
    opts.sections = tuple(x.strip() for x in a.sections.split(",") if x.strip())
    unknown = set(opts.sections) - set(SECTIONS)
    if unknown:
        p.error(f"unknown sections: {', '.join(sorted(unknown))}")
    if a.corpus:
        opts.corpus_root = a.corpus
    if a.quick:
        opts.naive_n, opts.scales, opts.extract_sample = 10, (0.5, 1.0), 60
    if a.naive_n:
        opts.naive_n = a.naive_n
    if a.extract_sample:
        opts.extract_sample = a.extract_sample
    if a.noop_repeats:
        opts.noop_repeats = a.noop_repeats
    if a.lake_loads:
        opts.lake_loads = a.lake_loads
    if a.limit_variants:
        pairs = [v.strip().rsplit("-", 1) for v in a.limit_variants.split(",") if v.strip()]
        opts.limit_variants = tuple((mode, int(n)) for mode, n in pairs)
    if a.scales:
        opts.scales = tuple(float(s) for s in a.scales.split(","))
    return opts


def main(argv: Sequence[str] | None = None) -> int:
    opts = parse_args(argv)
    if opts.render_only:
        parts = [json.loads(p.read_text(encoding="utf-8")) for p in opts.render_only]
        save_report(merged_results(parts), opts.out)
        return 0
    run_benchmark(opts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
