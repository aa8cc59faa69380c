"""JSONL reader: bad lines are quarantined, the rest of the file still loads."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from transforms.records import ArticleRecord, QuarantineRecord, article_key
from transforms.sources import SourceSpec, read_sources, spec_from_path

SQL_ID = "x'); DROP TABLE articles;--"


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _by_ref(
    recs: list[ArticleRecord | QuarantineRecord],
) -> dict[str, ArticleRecord | QuarantineRecord]:
    return {r.source_id: r for r in recs}


def test_bad_lines_are_quarantined_and_good_lines_load(tmp_path: Path) -> None:
    f = _write(
        tmp_path / "wire.jsonl",
        [
            json.dumps({"id": "a1", "text": "First story."}),
            "{this is not json",
            "",
            json.dumps({"text": "No id here."}),
            json.dumps({"id": "a4", "text": "   "}),
            json.dumps({"id": "a5"}),
            json.dumps(["a", "list"]),
            json.dumps({"id": "a7", "text": ["not", "a", "string"]}),
            json.dumps({"id": "a8", "text": "Last story.", "title": "Last"}),
        ],
    )
    recs = list(read_sources([spec_from_path(str(f))]))
    # Eight non-blank lines, eight records: the blank line is not a record.
    assert len(recs) == 8
    reasons = [(r.source_id, r.reason) for r in recs if isinstance(r, QuarantineRecord)]
    assert reasons == [
        ("wire.jsonl:2", "invalid_json"),
        ("wire.jsonl:4", "missing_id"),
        ("a4", "empty_text"),
        ("a5", "empty_text"),
        ("wire.jsonl:7", "invalid_json"),
        ("a7", "invalid_field"),
    ]
    bad = _by_ref(recs)["wire.jsonl:2"]
    assert isinstance(bad, QuarantineRecord)
    assert "line 2" in bad.detail and str(f) in bad.detail and "{this is not json" in bad.detail
    last = _by_ref(recs)["a8"]
    assert isinstance(last, ArticleRecord) and last.title == "Last"
    assert all(r.source == "wire" for r in recs)


def test_numeric_ids_become_strings_and_line_source_wins(tmp_path: Path) -> None:
    f = _write(
        tmp_path / "feed.jsonl",
        [
            json.dumps({"id": 42, "text": "Numbered.", "source": "reuters-like"}),
            json.dumps({"id": 7.0, "text": "Float id."}),
        ],
    )
    first, second = read_sources([spec_from_path(str(f))])
    assert isinstance(first, ArticleRecord) and isinstance(second, ArticleRecord)
    assert (first.source, first.source_id) == ("reuters-like", "42")
    assert (second.source, second.source_id) == ("feed", "7")


def test_ids_with_quotes_and_sql_are_kept_verbatim(tmp_path: Path) -> None:
    ids = [SQL_ID, 'say "hi"', "tab\tand ünïcödé", "  padded  "]
    f = _write(tmp_path / "odd.jsonl", [json.dumps({"id": i, "text": "Body."}) for i in ids])
    recs = list(read_sources([spec_from_path(str(f))]))
    assert [r.source_id for r in recs] == ids
    assert all(isinstance(r, ArticleRecord) for r in recs)
    assert recs[0].article_id == article_key("odd", SQL_ID)


def test_dates_are_parsed_to_utc_or_noted(tmp_path: Path) -> None:
    rows = {
        "iso": "2021-11-16T00:51:00+01:00",
        "rfc": "Tue, 16 Nov 2021 00:51:00 GMT",
        "unix": 1637041891,
        "words": "November 16, 2021 12:51 AM",
        "junk": "the other day",
        "old": "1650-01-01",
        "future": "2999-01-01T00:00:00Z",
    }
    f = _write(
        tmp_path / "d.jsonl",
        [json.dumps({"id": k, "text": "Body.", "published": v}) for k, v in rows.items()],
    )
    recs = _by_ref(list(read_sources([spec_from_path(str(f))])))
    got = {k: r.published_at for k, r in recs.items() if isinstance(r, ArticleRecord)}
    assert got["iso"] == datetime(2021, 11, 15, 23, 51, tzinfo=UTC)
    assert got["rfc"] == datetime(2021, 11, 16, 0, 51, tzinfo=UTC)
    assert got["unix"] == datetime(2021, 11, 16, 5, 51, 31, tzinfo=UTC)
    assert got["words"] == datetime(2021, 11, 16, 0, 51, tzinfo=UTC)
    for k in ("junk", "old", "future"):
        assert got[k] is None
    junk = recs["junk"]
    assert isinstance(junk, ArticleRecord)
    assert junk.read_notes == ("unparseable date 'the other day'",)
    old = recs["old"]
    assert isinstance(old, ArticleRecord) and "implausible" in old.read_notes[0]


def test_duplicate_ids_keep_the_first(tmp_path: Path) -> None:
    f = _write(
        tmp_path / "dup.jsonl",
        [
            json.dumps({"id": "d1", "text": "First copy."}),
            json.dumps({"id": "d2", "text": "Other."}),
            json.dumps({"id": "d1", "text": "Second copy."}),
        ],
    )
    recs = list(read_sources([spec_from_path(str(f))]))
    first, _other, dup = recs
    assert isinstance(first, ArticleRecord) and first.text == "First copy."
    assert isinstance(dup, QuarantineRecord) and dup.reason == "duplicate_id"
    assert "line 3" in dup.detail and "line 1" in dup.detail
    assert dup.article_id == first.article_id


def test_duplicates_across_two_specs(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.jsonl", [json.dumps({"id": "same", "text": "A."})])
    b = _write(tmp_path / "b.jsonl", [json.dumps({"id": "same", "text": "B."})])
    recs = list(
        read_sources([SourceSpec(path=str(a), name="w"), SourceSpec(path=str(b), name="w")])
    )
    assert [type(r) for r in recs] == [ArticleRecord, QuarantineRecord]
    # Different sources may reuse an id: not duplicates.
    recs2 = list(read_sources([spec_from_path(str(a)), spec_from_path(str(b))]))
    assert all(isinstance(r, ArticleRecord) for r in recs2)


def test_field_map_reads_other_keys(tmp_path: Path) -> None:
    f = _write(
        tmp_path / "heads.jsonl",
        [
            json.dumps(
                {"id": "h1", "title": "Dam opens", "timestamp": 1700000000, "link": "https://e.x/1"}
            )
        ],
    )
    spec = SourceSpec(
        path=str(f), field_map={"text": "title", "published": "timestamp", "url": "link"}
    )
    [rec] = read_sources([spec])
    assert isinstance(rec, ArticleRecord)
    assert rec.text == "Dam opens" and rec.title == "Dam opens"
    assert rec.url == "https://e.x/1"
    assert rec.published_at == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)


def test_non_utf8_line_loads_with_note(tmp_path: Path) -> None:
    f = tmp_path / "mixed.jsonl"
    f.write_bytes(b'{"id": "u", "text": "fine"}\n{"id": "c", "text": "caf\xe9 \xa35"}\n')
    _, rec = read_sources([spec_from_path(str(f))])
    assert isinstance(rec, ArticleRecord)
    assert rec.text == "café £5"
    assert rec.read_notes == ("decoded as cp1252",)
