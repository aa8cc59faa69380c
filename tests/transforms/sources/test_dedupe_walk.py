"""Deduplication across specs and safe folder walking."""

from __future__ import annotations

import os
from pathlib import Path

from transforms.records import ArticleRecord, QuarantineRecord
from transforms.sources import dedupe, read_sources, spec_from_path


def test_dedupe_keeps_first_and_passes_quarantine_through() -> None:
    a = ArticleRecord(source="s", source_id="1", text="first")
    q = QuarantineRecord(source="s", source_id="f.jsonl:2", reason="invalid_json")
    b = ArticleRecord(source="s", source_id="1", text="second")
    c = ArticleRecord(source="t", source_id="1", text="other source")
    out = list(dedupe([a, q, b, c]))
    assert out[0] is a and out[1] is q and out[3] is c
    dup = out[2]
    assert isinstance(dup, QuarantineRecord)
    assert (dup.reason, dup.source_id, dup.article_id) == ("duplicate_id", "1", a.article_id)
    assert "input record 3" in dup.detail and "input record 1" in dup.detail


def test_same_folder_twice_quarantines_every_repeat(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("One\n\nBody.")
    (tmp_path / "b.txt").write_text("Two\n\nBody.")
    spec = spec_from_path(str(tmp_path))
    recs = list(read_sources([spec, spec]))
    assert [type(r) for r in recs] == [ArticleRecord] * 2 + [QuarantineRecord] * 2
    assert all(r.reason == "duplicate_id" for r in recs[2:] if isinstance(r, QuarantineRecord))


def test_symlink_loop_is_walked_once(tmp_path: Path) -> None:
    root = tmp_path / "news"
    (root / "sec").mkdir(parents=True)
    (root / "sec" / "1.txt").write_text("Title\n\nBody.")
    os.symlink(root, root / "sec" / "loop")
    recs = list(read_sources([spec_from_path(str(root))]))
    assert [r.source_id for r in recs] == ["sec/1"]
