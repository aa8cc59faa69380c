"""Scale-out: the NLP step on a Dask cluster gives the same warehouse as the
default process pool on one machine."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.run import run_pipeline
from transforms.sources import spec_from_path
from warehouse.schema import EXTRACTION_TABLES, TABLES
from warehouse.session import query

# Columns that differ between two loads of the same input by design.
RUN_COLUMNS = {"load_id", "ingested_at", "quarantined_at"}
COMPARED = (*EXTRACTION_TABLES, "quarantine")
pytestmark = pytest.mark.slow

BBC_PICKS = ("001", "002", "003", "004")


def _contents(warehouse: Path) -> dict[str, list[tuple[object, ...]]]:
    out = {}
    for table in COMPARED:
        cols = ", ".join(f'"{f.name}"' for f in TABLES[table].schema if f.name not in RUN_COLUMNS)
        out[table] = query(warehouse, f'SELECT {cols} FROM "{table}" ORDER BY ALL').rows
    return out


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory, corpus_root: Path, samples_dir: Path):
    # A few BBC articles by link, never copied into the repository.
    bbc = tmp_path_factory.mktemp("bbc") / "politics"
    bbc.mkdir()
    for n in BBC_PICKS:
        (bbc / f"{n}.txt").symlink_to(corpus_root / "bbc" / "politics" / f"{n}.txt")
    return [spec_from_path(str(samples_dir)), spec_from_path(str(bbc))]


def test_dask_cluster_and_process_pool_load_the_same_rows(
    tmp_path: Path, inputs: list, prefect_api: str
) -> None:
    distributed = pytest.importorskip("distributed")
    pooled = run_pipeline(inputs, tmp_path / "pool.sqlite", workers=2, batch_size=3)
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        on_dask = run_pipeline(
            inputs, tmp_path / "dask.sqlite", batch_size=3, dask_address=cluster.scheduler_address
        )
        # The batches really ran on the cluster's worker processes: only an
        # extraction task imports the extractor there.
        extracted_on = client.run(lambda: "transforms.extract" in __import__("sys").modules)
    assert pooled.status == on_dask.status == "completed"
    assert on_dask.batches == 3  # 9 articles, at most 3 per batch
    assert pooled.batches == 4  # ... and a multiple of the pool's 2 workers
    assert on_dask.articles_loaded == pooled.articles_loaded == len(BBC_PICKS) + 5
    assert any(extracted_on.values()), extracted_on
    pool_rows = _contents(tmp_path / "pool.sqlite")
    dask_rows = _contents(tmp_path / "dask.sqlite")
    assert all(pool_rows[t] for t in ("articles", "entities", "money_figures")), pool_rows
    for table in COMPARED:
        assert dask_rows[table] == pool_rows[table], table
