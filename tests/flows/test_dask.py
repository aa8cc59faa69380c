"""Scale-out on Dask: the cluster's workers report to the flow's Prefect API
(no temporary server of their own), batches are sized from the cluster's
workers, and progress is logged as batches finish. That a Dask load holds the
same rows as a process-pool load is ``test_determinism``'s property."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    FlowRunFilter,
    FlowRunFilterId,
    LogFilter,
    LogFilterFlowRunId,
    TaskRunFilter,
    TaskRunFilterName,
)
from prefect.logging.handlers import APILogWorker

from flows import pipeline
from flows.pipeline import new_load_id
from flows.run import run_pipeline
from transforms.sources import spec_from_path

pytestmark = pytest.mark.slow

BBC_PICKS = ("001", "002", "003", "004")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory, corpus_root: Path, samples_dir: Path):
    # A few BBC articles by link, never copied into the repository.
    bbc = tmp_path_factory.mktemp("bbc") / "politics"
    bbc.mkdir()
    for n in BBC_PICKS:
        (bbc / f"{n}.txt").symlink_to(corpus_root / "bbc" / "politics" / f"{n}.txt")
    return [spec_from_path(str(samples_dir)), spec_from_path(str(bbc))]


def _worker_state() -> dict[str, object]:
    """Run on a Dask worker: its API setting and any Prefect server it started."""
    import psutil

    servers = [
        " ".join(c.cmdline())
        for c in psutil.Process().children(recursive=True)
        if "prefect.server" in " ".join(c.cmdline())
    ]
    return {"api": os.environ.get("PREFECT_API_URL"), "servers": servers}


def test_workers_report_to_the_flows_api_as_batches_finish(
    tmp_path: Path, inputs: list, prefect_api: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    distributed = pytest.importorskip("distributed")
    monkeypatch.setattr(pipeline, "PROGRESS_LOG_SECONDS", 0.0)  # log every batch
    flow_logger = logging.getLogger("prefect.flow_runs")  # tests log WARNING and up
    monkeypatch.setattr(flow_logger, "level", logging.INFO)
    load_id = new_load_id()
    # A cluster started elsewhere: its workers know of no Prefect API.
    with monkeypatch.context() as env:
        env.delenv("PREFECT_API_URL")
        cluster = distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
    with cluster, distributed.Client(cluster) as client:
        assert set(client.run(lambda: os.environ.get("PREFECT_API_URL")).values()) == {None}
        summary = run_pipeline(
            inputs,
            tmp_path / "dask.sqlite",
            dask_address=cluster.scheduler_address,
            load_id=load_id,
        )
        states = client.run(_worker_state)
    assert summary.status == "completed"
    assert summary.articles_loaded == len(BBC_PICKS) + 5
    # 9 short articles fit one batch; two worker processes get one each.
    assert summary.batches == 2
    assert [s["api"] for s in states.values()] == [prefect_api, prefect_api], states
    assert [s["servers"] for s in states.values()] == [[], []], states
    APILogWorker.drain_all(timeout=10)
    with get_client(sync_client=True) as api:
        [flow_run] = [
            r for r in api.read_flow_runs(limit=50) if r.parameters.get("load_id") == load_id
        ]
        runs = api.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run.id])),
            task_run_filter=TaskRunFilter(name=TaskRunFilterName(like_="extract-batch")),
        )
        logs = api.read_logs(
            log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run.id]))
        )
    # The batches' task runs reached the flow's API from the workers.
    assert sorted(r.state_type.value for r in runs) == ["COMPLETED", "COMPLETED"]
    messages = [log.message for log in logs]
    progress = [m for m in messages if m.startswith("NLP progress")]
    assert len(progress) == 2, messages
    assert progress[0].startswith("NLP progress: 1/2 batches, "), messages
    assert progress[1] == "NLP progress: 2/2 batches, 9 articles", messages
