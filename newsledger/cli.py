"""The ``newsledger`` command: a thin shell over the library.

Every failure is one line on stderr and exit code 1: what happened, what to
do, and where the log file with the traceback is (``flows.console``). Coded
errors (``transforms.errors``) print their catalogue line; anything else is
wrapped as E001 (a bug), E002 (a failed Prefect flow run), E003 (the Prefect
API unreachable) or E004 (an OS error). ``--debug`` raises instead, traceback
and all.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import json
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from flows.console import (
    QUIET_CONSOLE_ENV,
    log_path,
    log_to_file,
    quiet_console,
    write_traceback,
)
from transforms.errors import ConfigError, InternalError, NewsledgerError, ValidationError

# No network here and no telemetry wanted: default Prefect analytics off before
# Prefect is imported anywhere (a user's explicit setting wins).
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
# The ephemeral API server can take long to start on a loaded 2-core machine.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

DEFAULT_WAREHOUSE = Path("data") / "newsledger.sqlite"
SAMPLES_DIR = Path(__file__).parent / "samples"

app = typer.Typer(
    help="newsledger: news articles in, entities and money/military figures out, "
    "a DuckLake warehouse analysts can trust.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Score the extractors against the gold sets in tests/gold.")
app.add_typer(eval_app, name="eval")

_state: dict[str, Any] = {"debug": False}


# Options shared by `run` and `serve`.
BatchSizeOpt = Annotated[
    int,
    typer.Option(help="Most articles per NLP task (a task also stops at ~400k characters).", min=1),
]
WorkersOpt = Annotated[
    int | None,
    typer.Option(help="NLP worker processes (0: in the task itself). Default: CPU count."),
]
ReprocessOpt = Annotated[
    bool, typer.Option("--reprocess", help="Re-extract articles an older extractor produced.")
]
AllowNetworkOpt = Annotated[
    bool, typer.Option("--allow-network", help="Allow fetching http(s) feed URLs.")
]
DaskOpt = Annotated[
    str | None,
    typer.Option("--dask", help="Run NLP tasks on a Dask scheduler, tcp://host:port."),
]


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    """newsledger: articles -> entities and figures -> a DuckLake (Parquet + catalog)."""
    _state["debug"] = debug


F = TypeVar("F", bound=Callable[..., Any])


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0]}" if text else type(exc).__name__


def _api_unreachable(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if type(seen).__module__.startswith("httpx") and "Connect" in type(seen).__name__:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def as_coded(exc: BaseException) -> NewsledgerError:
    """The catalogue error the CLI reports for ``exc``."""
    if isinstance(exc, NewsledgerError):
        return exc
    if _api_unreachable(exc):
        url = os.environ.get("PREFECT_API_URL", "(PREFECT_API_URL)")
        return InternalError("E003", url=url, why=_first_line(exc), retryable=True)
    if type(exc).__module__.startswith("prefect"):
        return InternalError("E002", why=_first_line(exc))
    if isinstance(exc, OSError):
        return InternalError("E004", why=_first_line(exc))
    return InternalError("E001", why=_first_line(exc))


def _fail(exc: BaseException) -> None:
    if _state["debug"]:
        raise exc
    coded = as_coded(exc)
    logged = write_traceback(exc, coded.one_line())
    where = f" (log: {logged})" if logged else f" (no log: cannot write {log_path()})"
    typer.echo(coded.with_fix() + where, err=True)
    raise typer.Exit(1)


def one_line_errors(command: F) -> F:
    """Any exception of ``command`` becomes one line (``_fail``); exits pass through."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        log_to_file()
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:
            _fail(exc)

    return wrapper  # type: ignore[return-value]


def _quiet_prefect() -> None:
    """After Prefect is imported: its console prints first lines only (not with --debug)."""
    if not _state["debug"]:
        os.environ[QUIET_CONSOLE_ENV] = "1"  # for serve's flow-run subprocesses
        quiet_console()


def _warehouse_option() -> Any:
    return typer.Option(
        "--warehouse",
        "-w",
        help="Warehouse: its SQLite catalog file; Parquet data in PATH_data/ "
        f"(default: {DEFAULT_WAREHOUSE}).",
    )


CatalogOpt = Annotated[
    str | None,
    typer.Option(
        "--catalog",
        help="Shared PostgreSQL catalog, postgresql://user@host:port/db (default: the "
        "SQLite file --warehouse).",
        envvar="NEWSLEDGER_CATALOG",
    ),
]


def _source_specs(
    sources: list[str] | None, config: Path | None, fmt: str | None, csv_map: str | None
) -> list[Any]:
    """What `run` reads: the config's sources, then each argument (with --format and
    --csv-map applied), or the embedded sample articles when nothing is given."""
    from transforms.sources import load_source_config, parse_csv_map, spec_from_path

    specs = []
    if config is not None:
        specs.extend(load_source_config(config))
    for s in sources or []:
        spec = spec_from_path(s)
        if fmt:
            spec.format = fmt
        if csv_map:
            spec.csv_map = parse_csv_map(csv_map)
        specs.append(spec)
    if not specs:
        specs.append(spec_from_path(str(SAMPLES_DIR)))
    return specs


@app.command()
@one_line_errors
def run(
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            help="Folders of .txt/.html, .jsonl/.csv/.rss/.atom files, or URLs "
            "(with --allow-network). Default: the sample articles shipped with newsledger."
        ),
    ] = None,
    warehouse: Annotated[Path, _warehouse_option()] = DEFAULT_WAREHOUSE,
    config: Annotated[
        Path | None, typer.Option("--config", "-c", help="TOML file listing sources.")
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="Force a format: txt, jsonl, csv, rss, atom, html."),
    ] = None,
    csv_map: Annotated[
        str | None,
        typer.Option("--csv-map", help="Column mapping, e.g. id=guid,title=headline,text=body."),
    ] = None,
    reprocess: ReprocessOpt = False,
    batch_size: BatchSizeOpt = 2000,
    workers: WorkersOpt = None,
    docs_dir: Annotated[
        Path | None,
        typer.Option(help="Folder for Great Expectations Data Docs (default: beside warehouse)."),
    ] = None,
    allow_network: AllowNetworkOpt = False,
    dask: DaskOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run summary as JSON.")] = False,
    catalog: CatalogOpt = None,
) -> None:
    """Ingest sources, extract entities and figures, validate, load the warehouse."""
    try:
        if workers is not None and workers < 0:
            raise ConfigError("C001", option="--workers", why="must be 0 or more")
        specs = _source_specs(sources, config, fmt, csv_map)
        # Fail on a bad path or format in a second, before Prefect starts up.
        from transforms.sources.reader import validate_specs

        validate_specs(specs, allow_network=allow_network)
        from warehouse.catalog import preopen_writer, validate_warehouse_path

        # W003 in a second, not after Prefect's start-up.
        target = validate_warehouse_path(warehouse, catalog=catalog)
        from flows.api_server import prefect_api, start_temporary_api

        # Start Prefect's API first so its start-up overlaps our imports; on Dask
        # the flow points the cluster's workers at it too (one API for the run).
        api = start_temporary_api()
        if target.exists():
            # An existing warehouse (an incremental run): attach it beside the
            # imports below. A new one is created by the load itself, so a run
            # failing before its load leaves no empty warehouse behind.
            preopen_writer(target)
        try:
            from flows.run import run_pipeline  # imports Prefect: after the cheap checks

            _quiet_prefect()
            with prefect_api(api):
                summary = run_pipeline(
                    specs,
                    warehouse,
                    reprocess=reprocess,
                    batch_size=batch_size,
                    workers=workers,
                    docs_dir=docs_dir,
                    allow_network=allow_network,
                    dask_address=dask,
                    catalog=catalog,
                )
        finally:
            if api is not None:
                api.stop()
    except (NewsledgerError, OSError) as exc:
        _fail(exc)
        return
    if as_json:
        typer.echo(json.dumps(summary.as_dict(), default=str, indent=2))
    else:
        typer.echo(format_summary(summary))
    if not summary.reconciles:
        _fail(
            ValidationError(
                "V002",
                load_id=summary.load_id,
                read=summary.records_read,
                accounted=summary.articles_loaded
                + summary.articles_unchanged
                + summary.records_quarantined,
            )
        )


def format_summary(summary: Any) -> str:
    return "\n".join(summary.report_lines())


@app.command()
@one_line_errors
def sql(
    query: Annotated[str, typer.Argument(help="SQL to run (read-only).")],
    warehouse: Annotated[Path, _warehouse_option()] = DEFAULT_WAREHOUSE,
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Answer as the warehouse stood after this load id."),
    ] = None,
    catalog: CatalogOpt = None,
) -> None:
    """Run analyst SQL on the warehouse, read-only, with external access off."""
    try:
        from warehouse.catalog import validate_warehouse_path
        from warehouse.session import query as run_query

        w = validate_warehouse_path(warehouse, must_exist=True, catalog=catalog)
        if fmt not in ("table", "csv", "json"):
            raise ConfigError("C001", option="--format", why="use table, csv or json")
        res = run_query(w, query, as_of=as_of)
    except NewsledgerError as exc:
        _fail(exc)
        return
    typer.echo(render(res.columns, res.rows, fmt))


def render(columns: list[str], rows: list[tuple[Any, ...]], fmt: str = "table") -> str:
    if fmt == "json":
        return json.dumps([dict(zip(columns, r, strict=True)) for r in rows], default=str, indent=2)
    if fmt == "csv":
        import csv
        import io

        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(columns)
        w.writerows(rows)
        return buf.getvalue().rstrip("\n")
    cells = [[("" if v is None else str(v)) for v in r] for r in rows]
    widths = [len(c) for c in columns]
    for r in cells:
        for i, v in enumerate(r):
            widths[i] = min(max(widths[i], len(v)), 60)

    def fmt_row(vals: list[str]) -> str:
        return " | ".join(v[: widths[i]].ljust(widths[i]) for i, v in enumerate(vals)).rstrip()

    out = [fmt_row(columns), "-+-".join("-" * w for w in widths)]
    out += [fmt_row(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def _corpus_root(corpus: Path | None) -> Path:
    if corpus is not None:
        return corpus
    here = Path(__file__).resolve().parents[1]
    return here.parent / "shared" / "corpus"


def _gold(name: str) -> Path:
    return Path(__file__).resolve().parents[1] / "tests" / "gold" / f"{name}.jsonl"


CorpusOpt = Annotated[
    Path | None, typer.Option("--corpus", help="Corpus root (default: ../shared/corpus).")
]


@eval_app.command("money")
@one_line_errors
def eval_money(
    corpus: CorpusOpt = None, gold: Annotated[Path | None, typer.Option()] = None
) -> None:
    """Precision, recall and F1 of money figures on the gold set, with errors."""
    from newsledger.evaluation.money import evaluate_money, format_report

    typer.echo(format_report(evaluate_money(gold or _gold("money"), _corpus_root(corpus))))


@eval_app.command("military")
@one_line_errors
def eval_military(
    corpus: CorpusOpt = None, gold: Annotated[Path | None, typer.Option()] = None
) -> None:
    """Precision, recall and F1 of military figures per category, unit and actor."""
    from newsledger.evaluation.military import evaluate_military, format_report

    typer.echo(format_report(evaluate_military(gold or _gold("military"), _corpus_root(corpus))))


@eval_app.command("roles")
@one_line_errors
def eval_roles(
    corpus: CorpusOpt = None, gold: Annotated[Path | None, typer.Option()] = None
) -> None:
    """Payer / payee slot accuracy of money figures (name right, or NULL), with errors."""
    from newsledger.evaluation.roles import evaluate_roles, format_report

    typer.echo(format_report(evaluate_roles(gold or _gold("money_roles"), _corpus_root(corpus))))


@eval_app.command("entities")
@one_line_errors
def eval_entities(
    corpus: CorpusOpt = None, gold: Annotated[Path | None, typer.Option()] = None
) -> None:
    """Per-article recall and precision of canonical entities, and split entities."""
    from newsledger.evaluation.entities import evaluate_entities, format_report

    typer.echo(format_report(evaluate_entities(gold or _gold("entities"), _corpus_root(corpus))))


@eval_app.command("facts")
@one_line_errors
def eval_facts(
    corpus: CorpusOpt = None, gold: Annotated[Path | None, typer.Option()] = None
) -> None:
    """Copy detection and fact merging on the article and mention pairs, with errors."""
    from newsledger.evaluation.facts import evaluate_facts, format_report

    typer.echo(format_report(evaluate_facts(gold or _gold("fact_pairs"), _corpus_root(corpus))))


@eval_app.command("peer")
@one_line_errors
def eval_peer(
    suites: Annotated[
        Path | None, typer.Option(help="Folder with CurrencyModel.json and NumberModel.json.")
    ] = None,
) -> None:
    """Pass rate on Microsoft Recognizers-Text currency and number specs."""
    from newsledger.evaluation import peer_suite

    folder = suites or peer_suite.default_suite_dir()
    currency = peer_suite.currency_suite_report(folder / "CurrencyModel.json")
    numbers = peer_suite.number_suite_report(folder / "NumberModel.json")
    typer.echo(peer_suite.format_peer_report(currency))
    typer.echo(peer_suite.format_peer_report(numbers))


def entrypoint() -> None:  # pragma: no cover - console script shim
    code: int | str | None = 0
    try:
        app()
    except SystemExit as exc:
        code = exc.code
    except KeyboardInterrupt:
        code = 130
    exit_now(code)


def exit_now(code: int | str | None) -> None:
    """End the process once its work is done, skipping the interpreter's teardown.

    Tearing down the modules a run imported (Prefect's models, pyarrow, DuckDB)
    takes 0.5-1 s of CPU after the last line is printed (bench/: a no-op re-run
    is 3 s in all). Everything a normal exit does for us still happens, in the
    same order: other threads joined, ``atexit`` handlers run (Prefect's log
    and event workers flush to the API there), the lake's cached writer
    connections closed, the output flushed; then ``os._exit`` with the code.
    """
    if isinstance(code, str):  # sys.exit("message"): printed, exit code 1
        print(code, file=sys.stderr)
        code = 1
    # What the interpreter's exit runs first: the thread and process pools'
    # exit hooks (they tell idle workers to stop), then joins every other
    # non-daemon thread.
    shutdown = getattr(threading, "_shutdown", None)
    if shutdown is not None:
        shutdown()
    atexit._run_exitfuncs()
    if "warehouse.catalog" in sys.modules:
        sys.modules["warehouse.catalog"].close_writers()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code or 0)


@app.command()
@one_line_errors
def compact(
    warehouse: Annotated[Path, _warehouse_option()] = DEFAULT_WAREHOUSE,
    catalog: CatalogOpt = None,
) -> None:
    """Merge small data files and expire old snapshots (runs do it every few loads too).

    Safe while runs load and analysts query; see docs/warehouse.md.
    """
    try:
        from warehouse.catalog import validate_warehouse_path
        from warehouse.compact import compact as run_compact

        w = validate_warehouse_path(warehouse, must_exist=True, catalog=catalog)
        result = run_compact(w)
    except NewsledgerError as exc:
        _fail(exc)
        return
    typer.echo(f"compacted {w.path}: data files {result.files_before} -> {result.files_after}")


@app.command()
@one_line_errors
def serve(
    sources: Annotated[
        list[str] | None,
        typer.Argument(help="Folders, files or URLs to load on each run (as for `run`)."),
    ] = None,
    cron: Annotated[
        str | None,
        typer.Option(
            "--cron",
            help='Cron schedule, e.g. "*/15 * * * *" (default: \\[schedule] cron of --config).',
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            "-c",
            help="TOML file with \\[\\[source]] tables, optional \\[schedule].",
        ),
    ] = None,
    warehouse: Annotated[
        Path | None,
        typer.Option(
            "--warehouse",
            "-w",
            help="Warehouse catalog file to load "
            f"(default: \\[schedule] warehouse or {DEFAULT_WAREHOUSE}).",
        ),
    ] = None,
    name: Annotated[
        str, typer.Option("--name", help="Deployment name shown in the Prefect UI.")
    ] = "newsledger",
    timezone: Annotated[
        str | None, typer.Option(help="IANA time zone of the cron schedule (default: UTC).")
    ] = None,
    overlap: Annotated[
        str | None,
        typer.Option(
            help="A run due while the previous one still runs: skip (cancel it, default) "
            "or wait (queue it)."
        ),
    ] = None,
    batch_size: BatchSizeOpt = 2000,
    workers: WorkersOpt = None,
    reprocess: ReprocessOpt = False,
    allow_network: AllowNetworkOpt = False,
    dask: DaskOpt = None,
    catalog: CatalogOpt = None,
) -> None:
    """Run the pipeline on a cron schedule as a Prefect deployment (watch it in the UI).

    Blocks until interrupted; see docs/operations.md for use with `prefect server start`.
    """
    try:
        from flows.serve import (
            api_server_url,
            build_deployment,
            schedule_section,
            serve_deployment,
        )
        from warehouse.catalog import validate_warehouse_path

        if workers is not None and workers < 0:
            raise ConfigError("C001", option="--workers", why="must be 0 or more")
        section = schedule_section(config) if config is not None else None
        chosen_cron = cron or (section.cron if section else None)
        if not chosen_cron:
            raise ConfigError(
                "C001", option="--cron", why="give --cron or a [schedule] cron in --config"
            )
        target = warehouse or (
            Path(section.warehouse) if section and section.warehouse else DEFAULT_WAREHOUSE
        )
        deployment = build_deployment(
            cron=chosen_cron,
            warehouse=str(validate_warehouse_path(target, catalog=catalog).path),
            sources=list(sources or []) if (sources or config) else [str(SAMPLES_DIR)],
            config=str(config) if config is not None else None,
            name=name,
            timezone=timezone or (section.timezone if section else None),
            overlap=overlap or (section.overlap if section and section.overlap else "skip"),
            batch_size=batch_size,
            workers=workers,
            reprocess=reprocess,
            allow_network=allow_network,
            dask_address=dask,
            catalog=catalog,
        )
        api_server_url()
    except (NewsledgerError, OSError) as exc:
        _fail(exc)
        return
    _quiet_prefect()
    serve_deployment(deployment)


@app.command()
@one_line_errors
def bench(
    quick: Annotated[
        bool, typer.Option("--quick", help="Small subsets: checks the harness in a few minutes.")
    ] = False,
    out: Annotated[
        Path | None, typer.Option("--out", help="Report path (default: docs/benchmarks.md).")
    ] = None,
    corpus: CorpusOpt = None,
    headlines: Annotated[
        bool, typer.Option("--headlines/--no-headlines", help="Also bench the headlines.")
    ] = True,
    sections: Annotated[
        str | None,
        typer.Option(
            "--sections", help="Comma-separated: bbc,headlines,naive,extract,scale,noop,lake."
        ),
    ] = None,
    bbc_topics: Annotated[
        str | None,
        typer.Option("--bbc-topics", help="BBC folders only, e.g. business,politics."),
    ] = None,
    scales: Annotated[str | None, typer.Option("--scales", help="Scale factors, e.g. 1,4.")] = None,
) -> None:
    """Throughput benchmark: whole pipeline vs spaCy alone (slow: 20-40 minutes)."""
    # bench/ lives beside the package in the repository and is not installed:
    # make it importable from a source checkout.
    repo = Path(__file__).resolve().parents[1]
    if not (repo / "bench" / "run_bench.py").exists():
        _fail(ConfigError("C001", option="bench", why="needs a source checkout with bench/"))
        return
    if str(repo) not in sys.path:
        sys.path.insert(0, str(repo))
    from bench.run_bench import main as bench_main

    args = ["--quick"] if quick else []
    if out is not None:
        args += ["--out", str(out)]
    if corpus is not None:
        args += ["--corpus", str(corpus)]
    if not headlines:
        args.append("--no-headlines")
    for flag, value in (
        ("--sections", sections),
        ("--bbc-topics", bbc_topics),
        ("--scales", scales),
    ):
        if value:
            args += [flag, value]
    raise typer.Exit(bench_main(args))
