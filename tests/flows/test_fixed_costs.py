"""What a no-op run no longer pays for keeps what Prefect showed and did."""

from __future__ import annotations

import functools
import subprocess
import sys
from pathlib import Path

from fastapi.encoders import jsonable_encoder
from prefect import flow_engine

from flows.run import prompt_heartbeat_stop, ui_parameters
from transforms.sources import spec_from_path

SAMPLES = Path(__file__).resolve().parents[2] / "newsledger" / "samples"


def test_ui_parameters_are_what_fastapi_stored() -> None:
    params = {
        "specs": [spec_from_path(str(SAMPLES))],
        "warehouse": str(SAMPLES / "w.sqlite"),
        "reprocess": False,
        "batch_size": 2000,
        "workers": None,
        "docs_dir": SAMPLES,
        "catalog": None,
    }
    assert ui_parameters(params) == {k: jsonable_encoder(v) for k, v in params.items()}


def test_unserializable_parameter_shows_its_type() -> None:
    assert ui_parameters({"x": object()}) == {"x": "<object>"}


def test_heartbeats_still_sent_but_not_joined() -> None:
    prompt_heartbeat_stop()
    prompt_heartbeat_stop()  # once per process is enough; a second call changes nothing
    send = flow_engine._send_heartbeats
    assert isinstance(send, functools.partial)
    assert send.keywords == {"join_on_exit": False}
    assert not isinstance(send.func, functools.partial)


def test_cli_exit_codes_and_output_survive_the_fast_exit(tmp_path: Path) -> None:
    entry = "from newsledger.cli import entrypoint; entrypoint()"
    ok = subprocess.run(
        [sys.executable, "-c", entry, "--help"], capture_output=True, text=True, check=False
    )
    assert ok.returncode == 0
    assert "newsledger" in ok.stdout
    bad = subprocess.run(
        [sys.executable, "-c", entry, "run", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1
    assert "error [S001]" in bad.stderr


def _imported_by(statement: str, modules: tuple[str, ...]) -> list[str]:
    """Which of ``modules`` a fresh interpreter has loaded after ``statement``."""
    check = f"import sys; {statement}; print(' '.join(m for m in {modules!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, check=True
    ).stdout
    return out.split()


def test_cli_import_leaves_heavy_modules_to_the_commands() -> None:
    """``newsledger --help`` or a bad path fails in a fraction of a second: the CLI
    module imports neither the NLP, validation and data libraries nor Prefect."""
    heavy = ("spacy", "great_expectations", "pandas", "prefect", "pyarrow", "duckdb")
    assert _imported_by("import newsledger.cli", heavy) == []


def test_flow_import_leaves_nlp_and_validation_to_their_tasks() -> None:
    """A no-op re-run imports the flow but extracts, links and validates nothing:
    spaCy, GX and the entity linker are imported by the tasks that use them."""
    heavy = ("spacy", "great_expectations", "transforms.linking")
    assert _imported_by("import newsledger.cli, flows.run", heavy) == []


def test_source_reading_leaves_feed_and_page_parsers_to_their_formats() -> None:
    """Text and JSONL sources (and a no-op run) load no feed or HTML parser."""
    parsers = ("feedparser", "lxml.html", "trafilatura")
    assert _imported_by("import flows.run, transforms.sources", parsers) == []
