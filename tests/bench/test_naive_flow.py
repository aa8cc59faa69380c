"""The benchmark's naive per-article flow does the whole chain for each article."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from bench import naive_flow

SAMPLES = Path(__file__).resolve().parents[2] / "newsledger" / "samples"


@pytest.mark.slow
def test_naive_flow_extracts_validates_and_inserts_each_article(
    prefect_api_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wh = tmp_path / "naive.duckdb"
    assert naive_flow.main([str(SAMPLES), "--limit", "2", "--warehouse", str(wh)]) == 0
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert out["articles"] == 2 and out["tokens"] > 100 and not out["extract_only"]
    con = duckdb.connect(str(wh), read_only=True)
    try:
        articles = con.execute("SELECT count(*) FROM articles").fetchone()
        mentions = con.execute("SELECT count(*) FROM entity_mentions").fetchone()
    finally:
        con.close()
    assert articles == (2,)
    assert mentions is not None and mentions[0] > 0
    total = sum(
        duckdb.connect(str(wh), read_only=True).execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]  # type: ignore[index]
        for t in naive_flow._TABLES
    )
    assert out["rows"] == total


@pytest.mark.slow
def test_naive_flow_extract_only_writes_nothing(
    prefect_api_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wh = tmp_path / "naive.duckdb"
    assert (
        naive_flow.main([str(SAMPLES), "--limit", "2", "--warehouse", str(wh), "--extract-only"])
        == 0
    )
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert out["extract_only"] and out["rows"] == 0 and out["tokens"] > 100
