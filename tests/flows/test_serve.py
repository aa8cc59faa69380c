"""`newsledger serve`: config [schedule], the deployment it builds, and a real
served deployment firing on its cron against a real Prefect server."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId
from prefect.client.schemas.objects import ConcurrencyLimitStrategy, FlowRun, StateType
from prefect.client.schemas.schedules import CronSchedule

from flows.serve import build_deployment, schedule_section, source_specs
from newsledger import connect
from transforms.errors import ConfigError, SourceError
from transforms.sources import load_source_config

ARTICLE = (
    "Harbour board votes on new ferry\n\n"
    "The harbour board of Linmouth approved a £4.5m order for an electric ferry on "
    "Wednesday, its chair Mara Ellison said.\n"
)

# Every five seconds: croniter reads a sixth field, at the end, as seconds.
EVERY_5_SECONDS = "* * * * * */5"
FIRE_TIMEOUT = 300.0
# The console script's code path, runnable in a subprocess without PATH games.
NEWSLEDGER = [sys.executable, "-c", "from newsledger.cli import app; app()"]


def _config(tmp_path: Path, schedule: str) -> Path:
    news = tmp_path / "news"
    news.mkdir()
    (news / "ferry.txt").write_text(ARTICLE, encoding="utf-8")
    cfg = tmp_path / "sources.toml"
    cfg.write_text(
        # Schedule first: a bare key after [[source]] would belong to that table.
        f'{schedule}\n[[source]]\nname = "harbour"\npath = "news"\nformat = "txt"\n',
        encoding="utf-8",
    )
    return cfg


def test_schedule_section_is_read_and_sources_still_load(tmp_path: Path) -> None:
    cfg = _config(
        tmp_path,
        '[schedule]\ncron = "*/15 * * * *"\nwarehouse = "out/w.sqlite"\noverlap = "wait"\n',
    )
    section = schedule_section(cfg)
    assert section.cron == "*/15 * * * *"
    assert section.warehouse == str((tmp_path / "out" / "w.sqlite").resolve())
    assert section.overlap == "wait"
    assert section.timezone is None
    # The [schedule] table does not disturb the [[source]] reader.
    specs = load_source_config(cfg)
    assert [s.name for s in specs] == ["harbour"]


def test_config_without_schedule_gives_empty_section(tmp_path: Path) -> None:
    section = schedule_section(_config(tmp_path, ""))
    assert (section.cron, section.warehouse, section.overlap) == (None, None, None)


@pytest.mark.parametrize(
    ("schedule", "fragment"),
    [
        ('[schedule]\ncorn = "* * * * *"\n', "unknown key 'corn'"),
        ("[schedule]\ncron = 5\n", "cron must be a string"),
        ('schedule = "hourly"\n', "must be a table"),
    ],
)
def test_bad_schedule_section_is_one_line_error(
    tmp_path: Path, schedule: str, fragment: str
) -> None:
    with pytest.raises(ConfigError) as err:
        schedule_section(_config(tmp_path, schedule))
    assert fragment in err.value.one_line()
    assert "\n" not in err.value.one_line()


def test_deployment_has_cron_limit_and_json_parameters(tmp_path: Path) -> None:
    cfg = _config(tmp_path, "")
    dep = build_deployment(
        cron="*/15 * * * *",
        warehouse=str(tmp_path / "w.sqlite"),
        config=str(cfg),
        sources=[str(tmp_path / "news")],
        name="nightly",
        timezone="Europe/London",
        workers=0,
    )
    assert dep.name == "nightly"
    assert dep.entrypoint == "flows.serve.newsledger_scheduled"
    assert dep.schedules is not None
    [sched] = dep.schedules
    assert isinstance(sched.schedule, CronSchedule)
    assert sched.schedule.cron == "*/15 * * * *"
    assert sched.schedule.timezone == "Europe/London"
    assert dep.concurrency_limit == 1
    assert dep.concurrency_options is not None
    assert dep.concurrency_options.collision_strategy == ConcurrencyLimitStrategy.CANCEL_NEW
    assert dep.parameters["config"] == str(cfg.resolve())
    assert dep.parameters["sources"] == [str((tmp_path / "news").resolve())]
    assert dep.parameters["workers"] == 0
    assert dep.parameters["catalog"] is None  # the SQLite catalog file at the warehouse path
    shared = build_deployment(
        cron="0 2 * * *",
        warehouse=str(tmp_path / "w.sqlite"),
        config=str(cfg),
        catalog="postgresql://loader@db.example:5432/news",
    )
    # Each scheduled load commits to the shared catalog: the flow gets its URL.
    assert shared.parameters["catalog"] == "postgresql://loader@db.example:5432/news"
    wait = build_deployment(
        cron="0 2 * * *", warehouse=str(tmp_path / "w.sqlite"), config=str(cfg), overlap="wait"
    )
    assert wait.concurrency_options is not None
    assert wait.concurrency_options.collision_strategy == ConcurrencyLimitStrategy.ENQUEUE


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"cron": "61 * * * *"}, "--cron"),
        ({"cron": "* * * * *", "overlap": "sometimes"}, "--overlap"),
        ({"cron": "* * * * *", "timezone": "Mars/Olympus"}, "--timezone"),
    ],
)
def test_bad_options_fail_before_serving(
    tmp_path: Path, kwargs: dict[str, str], fragment: str
) -> None:
    with pytest.raises(ConfigError) as err:
        build_deployment(warehouse=str(tmp_path / "w.sqlite"), sources=[str(tmp_path)], **kwargs)  # type: ignore[arg-type]
    assert fragment in err.value.one_line()


def test_no_sources_is_an_error() -> None:
    with pytest.raises(ConfigError, match="SOURCES"):
        source_specs([], None)


def test_missing_source_path_fails_before_serving(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="S001"):
        build_deployment(
            cron="0 * * * *", warehouse=str(tmp_path / "w.sqlite"), sources=[str(tmp_path / "no")]
        )


def _env_without_server() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PREFECT_API_URL", None)
    return env


def test_cli_serve_without_cron_fails_fast(tmp_path: Path) -> None:
    cfg = _config(tmp_path, "")
    res = subprocess.run(
        [*NEWSLEDGER, "serve", "--config", str(cfg)],
        capture_output=True,
        text=True,
        timeout=120,
        env=_env_without_server(),
    )
    assert res.returncode == 1
    assert "give --cron or a [schedule] cron" in res.stderr


def test_cli_serve_refuses_to_wait_without_a_server(tmp_path: Path) -> None:
    # The per-process temporary API has no scheduler: serving there would idle forever.
    cfg = _config(tmp_path, '[schedule]\ncron = "0 * * * *"\n')
    res = subprocess.run(
        [*NEWSLEDGER, "serve", "--config", str(cfg), "-w", str(tmp_path / "w.sqlite")],
        capture_output=True,
        text=True,
        timeout=120,
        env=_env_without_server(),
    )
    assert res.returncode == 1
    assert "needs a Prefect server" in res.stderr
    assert "prefect server start" in res.stderr


def _wait_for_completed_run(name: str, deadline: float) -> tuple[FlowRun, list[FlowRun]]:
    """Poll the API until a run of the served deployment completes; return it and all runs."""
    with get_client(sync_client=True) as client:
        deployment = None
        while time.monotonic() < deadline:
            try:
                deployment = client.read_deployment_by_name(f"newsledger-scheduled/{name}")
                break
            except Exception:  # not registered yet: `serve` is still starting
                time.sleep(1)
        assert deployment is not None, "newsledger serve never registered its deployment"
        dep_filter = DeploymentFilter(id=DeploymentFilterId(any_=[deployment.id]))
        while time.monotonic() < deadline:
            runs = client.read_flow_runs(deployment_filter=dep_filter, limit=200)
            done = [r for r in runs if r.state_type == StateType.COMPLETED]
            failed = [r for r in runs if r.state_type in (StateType.FAILED, StateType.CRASHED)]
            assert not failed, f"scheduled run failed: {failed[0].state}"
            if done:
                return done[0], runs
            time.sleep(1)
    pytest.fail(f"no scheduled run completed within {FIRE_TIMEOUT:.0f} s")


@pytest.mark.slow
def test_served_deployment_fires_on_cron_and_skips_overlaps(
    tmp_path: Path, prefect_api: str
) -> None:
    name = f"test-{uuid.uuid4().hex[:8]}"
    cfg = _config(tmp_path, f'[schedule]\ncron = "{EVERY_5_SECONDS}"\nwarehouse = "w.sqlite"\n')
    env = {**os.environ, "PREFECT_API_URL": prefect_api, "PREFECT_RUNNER_POLL_FREQUENCY": "1"}
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(
        [*NEWSLEDGER, "serve", "-c", str(cfg), "--name", name, "--workers", "0"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        run, runs = _wait_for_completed_run(name, time.monotonic() + FIRE_TIMEOUT)
    finally:
        # SIGTERM: the runner pauses the schedule and stops; then end what is left.
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()
    assert run.auto_scheduled, "the completed run was not created by the scheduler"
    assert run.expected_start_time is not None
    assert run.expected_start_time.second % 5 == 0  # on the cron's 5-second grid
    assert run.parameters["warehouse"] == str((tmp_path / "w.sqlite").resolve())
    # The load really happened: the run wrote the warehouse named in [schedule].
    con = connect(tmp_path / "w.sqlite")
    try:
        loads = con.execute("SELECT status, articles_loaded FROM loads").fetchall()
        titles = con.execute("SELECT title FROM articles").fetchall()
    finally:
        con.close()
    assert ("completed", 1) in loads
    assert titles == [("Harbour board votes on new ferry",)]
    # Overlap: a run comes due every 5 s while the first load (spaCy, GX) lasts
    # longer, so the deployment's limit must have skipped at least one run.
    skipped = [
        r
        for r in runs
        if r.state is not None
        and r.state.type == StateType.CANCELLED
        and "concurrency" in (r.state.message or "").lower()
    ]
    assert skipped, [(r.name, r.state_name) for r in runs]
    # And no two runs were ever running at the same time.
    spans = sorted(
        (r.start_time, r.end_time)
        for r in runs
        if r.start_time is not None and r.state_type != StateType.CANCELLED
    )
    for (_, end), (next_start, _) in itertools.pairwise(spans):
        assert end is not None and end <= next_start, spans


def _group_is_empty(pgid: int) -> bool:
    """Whether no process is left in the process group ``serve`` led."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_serve_stops_cleanly_on_a_signal(
    tmp_path: Path, prefect_api: str, sig: signal.Signals
) -> None:
    """Ctrl-C (SIGINT) and a process manager's stop (SIGTERM): `serve` exits 0,
    pauses its schedule, prints no traceback and leaves no process of its own."""
    name = f"sig-{uuid.uuid4().hex[:8]}"
    cfg = _config(tmp_path, '[schedule]\ncron = "0 0 1 1 *"\nwarehouse = "w.sqlite"\n')
    env = {**os.environ, "PREFECT_API_URL": prefect_api, "PREFECT_RUNNER_POLL_FREQUENCY": "1"}
    env["NEWSLEDGER_LOG_DIR"] = str(tmp_path / "log")
    out = (tmp_path / "serve.out").open("wb")
    proc = subprocess.Popen(
        [*NEWSLEDGER, "serve", "-c", str(cfg), "--name", name, "--workers", "0"],
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: what is left of it is countable
    )
    try:
        deadline = time.monotonic() + FIRE_TIMEOUT
        text = ""
        while "being served" not in text and time.monotonic() < deadline:
            assert proc.poll() is None, (tmp_path / "serve.out").read_text()
            time.sleep(0.5)
            text = (tmp_path / "serve.out").read_text(errors="replace")
        assert "being served" in text, text
        with get_client(sync_client=True) as client:
            deployment = client.read_deployment_by_name(f"newsledger-scheduled/{name}")
        assert not deployment.paused
        os.kill(proc.pid, sig)
        code = proc.wait(timeout=90)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        out.close()
    text = (tmp_path / "serve.out").read_text(errors="replace")
    assert code == 0, text
    assert "Traceback" not in text, text
    assert f"newsledger serve stopped; the schedule of {name} is paused" in text
    deadline = time.monotonic() + 10
    while not _group_is_empty(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _group_is_empty(proc.pid), "serve left processes behind"
    with get_client(sync_client=True) as client:
        deployment = client.read_deployment_by_name(f"newsledger-scheduled/{name}")
    assert deployment.paused, text  # no runs pile up while nothing serves them
