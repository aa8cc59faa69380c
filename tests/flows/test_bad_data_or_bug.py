"""The line between bad data and a bug (docs/operations.md, "Bad data or a bug").

Bad data: an article whose own content cannot be extracted (a lone surrogate
from a JSON escape, a text over the size limit) is quarantined with its reason
and the rest of the load completes. A bug: any other exception inside
extraction fails the load: the run raises, the CLI exits non-zero, the ledger
row says ``failed`` with the error, and the traceback is in the run's log.

The bad data is real input files. No input makes our code raise a TypeError
(that would be a bug to fix), so the bug side replaces one extractor in this
process with one that raises, and runs the real flow with ``--workers 0`` (the
extraction runs in this process).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import transforms.extract
from flows.run import run_pipeline
from newsledger import connect
from newsledger.cli import app
from transforms.extract import MAX_ARTICLE_CHARS
from transforms.sources import spec_from_path

pytestmark = pytest.mark.slow

GOOD = "Rebels said 40 soldiers were captured near the border on Monday."
INJECTED = "injected bug: extract_military got an argument it cannot use"


def _rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    con = connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _good_input(root: Path) -> Path:
    path = root / "good.jsonl"
    path.write_text(json.dumps({"id": "g1", "text": GOOD}) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def bad_data_run(tmp_path_factory: pytest.TempPathFactory, prefect_api_url: str) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("bad_data")
    wire = root / "wire.jsonl"
    # json.dumps writes a lone surrogate as the escape "\ud800": valid JSON, and
    # json.loads gives back a str that no UTF-8 encoder accepts.
    lines = [
        {"id": "good", "text": GOOD},
        {"id": "surrogate", "text": "Troops \ud800 moved north on Tuesday."},
        {"id": "title", "title": "Broken \udfff title", "text": "Ten ships sailed."},
        {"id": "id\udc80", "text": "Five tanks crossed the river."},
    ]
    wire.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    folder = root / "dumps"
    folder.mkdir()
    words = "word " * (MAX_ARTICLE_CHARS // 5 + 1)
    (folder / "huge.txt").write_text(f"A whole site in one file\n\n{words}", encoding="utf-8")
    wh = root / "w.sqlite"
    summary = run_pipeline([spec_from_path(str(p)) for p in (wire, folder)], wh, workers=0)
    return {"wh": wh, "summary": summary}


def test_bad_content_quarantines_only_its_article(bad_data_run: dict[str, Any]) -> None:
    summary = bad_data_run["summary"]
    assert summary.status == "completed"
    assert summary.reconciles
    assert (summary.records_read, summary.articles_loaded) == (5, 1)
    wh = bad_data_run["wh"]
    assert _rows(wh, "SELECT source_id FROM articles") == [("good",)]
    assert _rows(wh, "SELECT count(*) FROM military_figures") == [(1,)]
    assert _rows(wh, "SELECT status FROM loads") == [("completed",)]


def test_bad_content_has_a_specific_reason(bad_data_run: dict[str, Any]) -> None:
    rows = _rows(
        bad_data_run["wh"],
        "SELECT source_id, reason, stage, detail FROM quarantine ORDER BY source_id",
    )
    by_id = {r[0]: r[1:] for r in rows}
    assert set(by_id) == {"surrogate", "title", "huge", "id\\udc80"}
    assert by_id["surrogate"][:2] == ("invalid_text", "extract")
    assert "[X001]" in by_id["surrogate"][2] and "surrogate" in by_id["surrogate"][2]
    assert by_id["title"][:2] == ("invalid_text", "extract")
    assert "title" in by_id["title"][2]
    assert by_id["id\\udc80"][:2] == ("invalid_text", "extract")
    assert by_id["huge"][:2] == ("text_too_large", "extract")
    assert "[X002]" in by_id["huge"][2]
    assert not any(r[1] == "extract_error" for r in rows)


@pytest.fixture
def extraction_bug(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every call of extract_military raises; returns the list of calls made."""
    calls: list[int] = []

    def broken(*args: Any, **kwargs: Any) -> list[Any]:
        calls.append(1)
        raise TypeError(INJECTED)

    monkeypatch.setattr(transforms.extract, "extract_military", broken)
    return calls


def test_a_bug_in_extraction_fails_the_load(
    extraction_bug: list[int],
    tmp_path: Path,
    prefect_api_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    wh = tmp_path / "w.sqlite"
    with pytest.raises(TypeError, match=INJECTED):
        run_pipeline([spec_from_path(str(_good_input(tmp_path)))], wh, workers=0)
    # Not retried either: a retry only helps when a worker process died.
    assert len(extraction_bug) == 1
    ((status, error),) = _rows(wh, "SELECT status, error FROM loads")
    assert status == "failed"
    assert error == f"TypeError: {INJECTED}"
    # Nothing was loaded or quarantined: a bug is not bad input.
    assert _rows(wh, "SELECT count(*) FROM articles") == [(0,)]
    assert _rows(wh, "SELECT count(*) FROM quarantine") == [(0,)]
    # The traceback is in the run's log, whose records also go to the Prefect
    # API (the flow and task run logs of the UI).
    failed = [
        r
        for r in caplog.records
        if r.name in ("prefect.task_runs", "prefect.flow_runs")
        and r.levelno >= logging.ERROR
        and r.exc_info
    ]
    assert failed, caplog.text
    assert "Traceback (most recent call last)" in caplog.text
    assert f"TypeError: {INJECTED}" in caplog.text


def test_a_bug_in_extraction_exits_non_zero(
    extraction_bug: list[int],
    tmp_path: Path,
    prefect_api_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEWSLEDGER_LOG_DIR", str(tmp_path / "log"))
    wh = tmp_path / "w.sqlite"
    good = _good_input(tmp_path)
    result = CliRunner().invoke(app, ["run", "--workers", "0", "--warehouse", str(wh), str(good)])
    # Loud, but one line: E001 with the exception and the log that has its traceback.
    assert result.exit_code == 1, result.output
    log = tmp_path / "log" / "newsledger.log"
    errors = [line for line in result.output.splitlines() if line.startswith("error [")]
    assert errors == [
        f"error [E001]: Internal error (a bug in newsledger): TypeError: {INJECTED}; "
        "to fix: report it with the log file; nothing of the failed load was committed "
        f"(log: {log})"
    ]
    assert "Traceback" not in result.output
    assert "Traceback (most recent call last)" in log.read_text(encoding="utf-8")
    assert _rows(wh, "SELECT status FROM loads") == [("failed",)]
