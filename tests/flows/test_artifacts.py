"""Per-run Prefect artifacts: summary, quarantine table, Data Docs link, progress."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from pathlib import Path
from typing import Any

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterFlowRunId,
    ArtifactFilterKey,
    LogFilter,
    LogFilterFlowRunId,
)
from prefect.logging.handlers import APILogHandler

from flows.artifacts import (
    PROGRESS_MIN_INTERVAL,
    TOP_ENTITIES,
    artifact_key,
    empty_quarantine_markdown,
    summary_markdown,
    throughput,
)
from flows.pipeline import RunSummary
from flows.run import run_pipeline
from transforms.sources import spec_from_path
from warehouse.session import query

pytestmark = pytest.mark.slow

# Our own writing: two articles with money and a military figure, one empty file.
BUDGET = (
    "Valdmark raises defence budget\n\n"
    "The government of Valdmark will spend €2.4bn on defence next year, finance minister "
    "Ilse Varga told parliament in Tarn on Tuesday. The army will recruit 3,000 soldiers.\n"
)
MARKET = (
    "Grain exporter doubles profit\n\n"
    "Nordgrain, the grain exporter based in Tarn, reported a profit of $310m for the year, "
    "and Ilse Varga welcomed the figures.\n"
)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory, prefect_api: str) -> dict[str, Any]:
    """One real run (in-process, NLP in the task) and every artifact of its flow run."""
    root = tmp_path_factory.mktemp("artifacts")
    news = root / "wire"
    news.mkdir()
    (news / "budget.txt").write_text(BUDGET, encoding="utf-8")
    (news / "market.txt").write_text(MARKET, encoding="utf-8")
    (news / "empty.txt").write_text("", encoding="utf-8")
    wh = root / "art.sqlite"
    # The session logs at WARNING; the UI's flow log gets INFO, as for a user.
    loggers = [logging.getLogger(f"prefect.{n}") for n in ("flow_runs", "task_runs")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.INFO)
    try:
        summary = run_pipeline([spec_from_path(str(news))], wh, workers=0)
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)
    APILogHandler().flush()  # logs reach the API in batches: send what is pending
    with get_client(sync_client=True) as client:
        [latest] = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                key=ArtifactFilterKey(any_=[artifact_key(str(wh), "summary")])
            ),
            limit=1,
        )
        assert latest.flow_run_id is not None
        arts = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                flow_run_id=ArtifactFilterFlowRunId(any_=[latest.flow_run_id])
            )
        )
        flow_run = client.read_flow_run(latest.flow_run_id)
        logs = client.read_logs(
            log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[latest.flow_run_id]))
        )
    return {"summary": summary, "artifacts": arts, "flow_run": flow_run, "wh": wh, "logs": logs}


def _by_key(published: dict[str, Any], kind: str) -> Any:
    key = artifact_key(str(published["wh"]), kind)
    found = [a for a in published["artifacts"] if a.key == key]
    assert len(found) == 1, [a.key for a in published["artifacts"]]
    return found[0]


def test_artifacts_belong_to_the_run(published: dict[str, Any]) -> None:
    assert published["flow_run"].parameters["warehouse"] == str(published["wh"].resolve())
    assert published["summary"].status == "completed"


def test_summary_artifact_has_counts_figures_entities_and_speed(
    published: dict[str, Any],
) -> None:
    summary = published["summary"]
    md = _by_key(published, "summary").data
    assert summary.load_id in md
    assert "| read | 3 |" in md
    assert "| loaded (new or changed) | 2 |" in md
    assert "| quarantined | 1 |" in md
    assert "| money | 2 |" in md  # €2.4bn and $310m
    assert "| military: personnel | 1 |" in md  # 3,000 soldiers
    # The entity table is the warehouse's own count for this load, most first.
    rows = query(
        published["wh"],
        "SELECT name, label, count(*) AS n FROM entity_mentions WHERE load_id = ? "
        "GROUP BY 1, 2 ORDER BY n DESC, name",
        [summary.load_id],
    ).rows
    assert rows
    for name, label, n in rows[:TOP_ENTITIES]:
        assert f"| {name} | {label} | {n} |" in md
    assert "| Ilse Varga | PERSON |" in md
    assert "tokens/s" in md and "articles/s" in md
    assert "| extract |" in md and "| commit |" in md


def test_quarantine_table_lists_this_loads_records(published: dict[str, Any]) -> None:
    rows = json.loads(_by_key(published, "quarantine").data)
    assert len(rows) == published["summary"].records_quarantined == 1
    assert rows[0]["source_id"] == "empty"
    assert rows[0]["stage"] == "read"


def test_data_docs_link_points_at_the_index(published: dict[str, Any]) -> None:
    link = _by_key(published, "data-docs")
    docs = published["summary"].docs_index
    assert docs is not None and Path(docs).is_file()
    assert Path(docs).resolve().as_uri() in link.data


def test_progress_artifact_reaches_100(published: dict[str, Any]) -> None:
    progress = [a for a in published["artifacts"] if a.type == "progress"]
    assert len(progress) == 1
    assert float(progress[0].data) == pytest.approx(100.0)
    assert f"{published['summary'].batches}/{published['summary'].batches}" in (
        progress[0].description or ""
    )


def test_summary_markdown_flags_counts_that_do_not_reconcile() -> None:
    summary = RunSummary(
        load_id="L1",
        warehouse="/tmp/x.sqlite",
        status="completed",
        records_read=5,
        articles_loaded=3,
        tokens=1000,
        stage_seconds={"extract": 2.0},
    )
    md = summary_markdown(summary, {"money": 0}, [])
    assert "reconcile (read = loaded + unchanged + quarantined): **NO**" in md
    assert "No entity mentions in this load." in md
    assert throughput(summary) == (500.0, 1.5)


def test_artifact_keys_are_valid_prefect_keys() -> None:
    key = artifact_key("/data/My Warehouse.v2.sqlite", "data-docs")
    digest = hashlib.sha256(b"/data/My Warehouse.v2.sqlite").hexdigest()[:12]
    assert key == f"newsledger-my-warehouse-v2-{digest}-data-docs"
    assert re.fullmatch(r"[a-z0-9-]+", key)
    long_key = artifact_key("/data/" + "x" * 300 + ".sqlite", "quarantine")
    assert len(long_key) <= 100 and long_key.endswith("-quarantine")
    assert PROGRESS_MIN_INTERVAL > 0


def test_two_warehouses_of_one_name_have_their_own_keys(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "w.sqlite", tmp_path / "b" / "w.sqlite"
    assert artifact_key(str(first), "summary") != artifact_key(str(second), "summary")
    # The identity is the resolved path: a relative spelling of one file is one key.
    rel = os.path.relpath(first)
    assert artifact_key(rel, "summary") == artifact_key(str(first), "summary")
    # A catalog URL is its own identity.
    url = "postgres://db.example/newsledger"
    assert artifact_key(url, "summary") != artifact_key(url + "2", "summary")


def test_flow_run_is_named_and_tagged_for_its_load(published: dict[str, Any]) -> None:
    run = published["flow_run"]
    load_id = published["summary"].load_id
    assert run.name == f"art load {load_id}"
    assert {"newsledger", "warehouse:art"} <= set(run.tags)


def test_flow_log_has_the_reconciliation(published: dict[str, Any]) -> None:
    messages = [log.message for log in published["logs"]]
    summary = published["summary"]
    assert "read 3 = loaded 2 + unchanged 0 + quarantined 1" in messages, messages
    assert any(m.startswith("rows: ") and "articles 2" in m for m in messages), messages
    assert f"load {summary.load_id}: completed in {summary.seconds:.1f}s" in messages
    # Task runs that completed do not each log "Finished in state Completed()".
    task_done = [
        log
        for log in published["logs"]
        if log.task_run_id is not None and log.message.startswith("Finished in state Completed")
    ]
    assert task_done == []


def test_a_load_without_quarantine_says_so(
    tmp_path: Path, published: dict[str, Any], prefect_api: str
) -> None:
    news = tmp_path / "wire"
    news.mkdir()
    (news / "budget.txt").write_text(BUDGET, encoding="utf-8")
    wh = tmp_path / "clean.sqlite"
    summary = run_pipeline([spec_from_path(str(news))], wh, workers=0)
    assert summary.records_quarantined == 0
    with get_client(sync_client=True) as client:
        [art] = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                key=ArtifactFilterKey(any_=[artifact_key(str(wh), "quarantine")])
            )
        )
    assert art.type == "markdown"
    assert art.data == empty_quarantine_markdown(summary.load_id)
    assert "No rows quarantined" in str(art.data)
