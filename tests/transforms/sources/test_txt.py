"""Plain-text reader: layout detection, decoding and junk quarantine."""

from __future__ import annotations

from pathlib import Path

from transforms.records import ArticleRecord, QuarantineRecord
from transforms.sources import SourceSpec, detect_title, read_sources, spec_from_path


def _read(path: Path, **kw: object) -> list[ArticleRecord | QuarantineRecord]:
    return list(read_sources([SourceSpec(path=str(path), **kw)]))  # type: ignore[arg-type]


def test_bbc_layout_sets_title_and_keeps_text_exact(tmp_path: Path) -> None:
    raw = "Port strike ends after talks\n\nWorkers returned on Monday.\r\nPay rose 4%.\n"
    (tmp_path / "a.txt").write_bytes(raw.encode())
    [rec] = _read(tmp_path)
    assert isinstance(rec, ArticleRecord)
    assert rec.title == "Port strike ends after talks"
    assert rec.text == raw  # title line and CRLF kept, nothing normalised
    assert rec.source == tmp_path.name
    assert rec.source_id == "a"
    assert rec.format == "txt"


def test_body_only_text_has_no_title(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("The council met on Monday.\nIt agreed the budget.\n")
    [rec] = _read(tmp_path)
    assert isinstance(rec, ArticleRecord)
    assert rec.title is None


def test_detect_title_rules() -> None:
    assert (
        detect_title("Rivals of the £400 Apple...\n\nBody text.") == "Rivals of the £400 Apple..."
    )
    assert detect_title("A full sentence ends here.\n\nBody text.") is None
    assert detect_title("Headline\nno blank line\n") is None
    assert detect_title("Headline only\n\n") is None
    assert detect_title("x" * 200 + "\n\nBody") is None


def test_nested_folders_give_posix_ids_and_a_name_overrides(tmp_path: Path) -> None:
    (tmp_path / "world" / "asia").mkdir(parents=True)
    (tmp_path / "world" / "asia" / "007.txt").write_text("Title\n\nBody.\n")
    [rec] = _read(tmp_path, name="wire")
    assert isinstance(rec, ArticleRecord)
    assert (rec.source, rec.source_id) == ("wire", "world/asia/007")


def test_single_file_uses_parent_folder_as_source(tmp_path: Path) -> None:
    (tmp_path / "desk").mkdir()
    f = tmp_path / "desk" / "note.txt"
    f.write_text("Body only text about a port.")
    [rec] = list(read_sources([spec_from_path(str(f))]))
    assert isinstance(rec, ArticleRecord)
    assert (rec.source, rec.source_id) == ("desk", "note")


def test_cp1252_file_loads_with_note(tmp_path: Path) -> None:
    (tmp_path / "c.txt").write_bytes("Prices\n\nTickets cost £40 at the café.".encode("cp1252"))
    [rec] = _read(tmp_path)
    assert isinstance(rec, ArticleRecord)
    assert "£40" in rec.text and "café" in rec.text
    assert rec.read_notes == ("decoded as cp1252",)


def test_bom_is_removed_and_noted(tmp_path: Path) -> None:
    (tmp_path / "d.txt").write_bytes(b"\xef\xbb\xbfHeadline\n\nBody.")
    [rec] = _read(tmp_path)
    assert isinstance(rec, ArticleRecord)
    assert rec.text == "Headline\n\nBody."
    assert rec.title == "Headline"
    assert "UTF-8 byte-order mark removed" in rec.read_notes


def test_empty_and_whitespace_files_are_quarantined(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\t\n")
    recs = _read(tmp_path)
    assert [type(r) for r in recs] == [QuarantineRecord, QuarantineRecord]
    assert {r.reason for r in recs if isinstance(r, QuarantineRecord)} == {"empty_text"}
    blank = next(r for r in recs if r.source_id == "blank")
    assert isinstance(blank, QuarantineRecord)
    assert "blank.txt" in blank.detail and "whitespace only" in blank.detail


def test_binary_junk_is_quarantined(tmp_path: Path) -> None:
    (tmp_path / "nul.txt").write_bytes(b"PK\x03\x04\x00\x00binary zip header")
    (tmp_path / "ctrl.txt").write_bytes(bytes(range(1, 9)) * 50 + b"some text")
    recs = _read(tmp_path)
    assert all(isinstance(r, QuarantineRecord) and r.reason == "binary_content" for r in recs)
    assert len(recs) == 2
    nul = next(r for r in recs if r.source_id == "nul")
    assert isinstance(nul, QuarantineRecord) and "NUL" in nul.detail


def test_html_in_txt_is_extracted_and_noted(tmp_path: Path) -> None:
    page = (
        "<!DOCTYPE html><html><head><title>Mill fire</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        "<article><h1>Mill fire</h1><p>Fire crews spent six hours at the old mill in Tarrow on "
        "Sunday night after a blaze broke out in the roof of the main building.</p>"
        "<p>Nobody was hurt, the fire service said, and the cause is being investigated by "
        "officers from the county brigade.</p></article><footer>© Tarrow Times</footer>"
        "</body></html>"
    )
    (tmp_path / "h.txt").write_text(page)
    [rec] = _read(tmp_path)
    assert isinstance(rec, ArticleRecord)
    assert "<" not in rec.text
    assert "Fire crews spent six hours" in rec.text
    assert "Home" not in rec.text and "Tarrow Times" not in rec.text
    assert any("HTML" in n for n in rec.read_notes)


def test_html_in_txt_without_text_is_quarantined(tmp_path: Path) -> None:
    (tmp_path / "h.txt").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    [rec] = _read(tmp_path)
    assert isinstance(rec, QuarantineRecord)
    assert rec.reason == "html_in_text"


def test_corpus_documentation_files_are_not_articles(tmp_path: Path) -> None:
    (tmp_path / "README.txt").write_text("About this corpus.")
    (tmp_path / "sec").mkdir()
    (tmp_path / "sec" / "001.txt").write_text("Title\n\nBody.")
    recs = _read(tmp_path)
    assert [r.source_id for r in recs] == ["sec/001"]
