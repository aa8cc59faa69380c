"""CSV reader with a column mapping."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from transforms.records import ArticleRecord, QuarantineRecord
from transforms.sources import SourceError, SourceSpec, parse_csv_map, read_sources

EXPORT_MAP = "id=Story Ref, title=Headline Text, text=Body Copy, published=Went Live, url=Permalink"


def test_parse_csv_map() -> None:
    assert parse_csv_map(EXPORT_MAP) == {
        "id": "Story Ref",
        "title": "Headline Text",
        "text": "Body Copy",
        "published": "Went Live",
        "url": "Permalink",
    }


@pytest.mark.parametrize(
    ("bad", "needle"),
    [
        ("id", "no '='"),
        ("body=Text", "unknown field 'body'"),
        ("id=a,id=b", "twice"),
        ("id=", "non-empty"),
        ("", "empty"),
    ],
)
def test_parse_csv_map_errors(bad: str, needle: str) -> None:
    with pytest.raises(SourceError) as err:
        parse_csv_map(bad)
    assert needle in str(err.value)
    assert err.value.code == "S009"


def test_export_with_odd_columns(fixtures_dir: Path) -> None:
    spec = SourceSpec(
        path=str(fixtures_dir / "newsroom_export.csv"), csv_map=parse_csv_map(EXPORT_MAP)
    )
    recs = list(read_sources([spec]))
    assert len(recs) == 6  # six data rows, six records
    ok = {r.source_id: r for r in recs if isinstance(r, ArticleRecord)}
    bad = [(r.source_id, r.reason) for r in recs if isinstance(r, QuarantineRecord)]
    assert set(ok) == {"NR-001", "NR-002", "NR-006"}
    assert bad == [
        ("NR-003", "empty_text"),
        ("newsroom_export.csv:row4", "invalid_csv_row"),
        ("newsroom_export.csv:row5", "missing_id"),
    ]
    first = ok["NR-001"]
    assert first.text.endswith("\n\nWork starts in September.")  # multi-line cell kept
    assert first.published_at == datetime(2025, 2, 18, 19, 0, tzinfo=UTC)
    assert first.source == "newsroom_export" and first.format == "csv"
    assert ok["NR-002"].title == 'Bakery chain "Crumb & Co" expands'
    assert ok["NR-006"].published_at is None and ok["NR-006"].read_notes
    row4 = next(r for r in recs if r.source_id.endswith("row4"))
    assert isinstance(row4, QuarantineRecord)
    assert "row 4" in row4.detail and "7 fields" in row4.detail


def test_default_mapping_and_blank_rows(tmp_path: Path) -> None:
    f = tmp_path / "plain.csv"
    f.write_bytes(b"\xef\xbb\xbfid,text\r\n1,One.\r\n\r\n2,Two.\r\n")
    recs = list(read_sources([SourceSpec(path=str(f))]))
    assert [(r.source_id, type(r)) for r in recs] == [("1", ArticleRecord), ("2", ArticleRecord)]


def test_missing_mapped_column_is_a_source_error(tmp_path: Path) -> None:
    f = tmp_path / "x.csv"
    f.write_text("ref,body\n1,Hello\n")
    with pytest.raises(SourceError) as err:
        list(read_sources([SourceSpec(path=str(f), csv_map={"id": "ref", "text": "Body"})]))
    assert "no column 'Body'" in str(err.value)
