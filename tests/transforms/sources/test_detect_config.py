"""Format detection, spec validation and the TOML source config."""

from __future__ import annotations

from pathlib import Path

import pytest

from transforms.sources import (
    SourceError,
    SourceSpec,
    detect_format,
    load_source_config,
    parse_csv_map,
    read_sources,
    spec_from_path,
    validate_specs,
)


def test_detect_by_extension_and_content(tmp_path: Path, fixtures_dir: Path) -> None:
    assert detect_format(fixtures_dir / "pages") == "html"
    assert detect_format(fixtures_dir / "harbour_gazette.rss") == "rss"
    assert detect_format(fixtures_dir / "orbit_notes.atom") == "atom"
    assert detect_format(fixtures_dir / "newsroom_export.csv") == "csv"
    (tmp_path / "txts").mkdir()
    (tmp_path / "txts" / "a.txt").write_text("x")
    assert detect_format(tmp_path / "txts") == "txt"
    for name in ("a.jsonl", "b.ndjson"):
        (tmp_path / name).write_text("{}\n")
        assert detect_format(tmp_path / name) == "jsonl"
    atom_as_xml = tmp_path / "feed.xml"
    atom_as_xml.write_bytes((fixtures_dir / "orbit_notes.atom").read_bytes())
    assert detect_format(atom_as_xml) == "atom"
    no_ext = tmp_path / "dump"
    no_ext.write_text('{"id": 1, "text": "x"}\n')
    assert detect_format(no_ext) == "jsonl"


def test_unknown_and_missing_raise_source_error(tmp_path: Path) -> None:
    odd = tmp_path / "data.bin"
    odd.write_bytes(b"\x89PNG....")
    with pytest.raises(SourceError) as err:
        detect_format(odd)
    assert err.value.code == "S002" and str(odd) in str(err.value)
    with pytest.raises(SourceError) as err:
        detect_format(tmp_path / "nope")
    assert err.value.code == "S001" and err.value.retryable is False
    assert "\n" not in str(err.value)
    xml = tmp_path / "sitemap.xml"
    xml.write_text("<urlset></urlset>")
    with pytest.raises(SourceError, match="neither RSS nor Atom"):
        detect_format(xml)


def test_read_sources_validates_every_spec_before_reading(tmp_path: Path) -> None:
    good = tmp_path / "g.jsonl"
    good.write_text('{"id": 1, "text": "x"}\n')
    with pytest.raises(SourceError) as err:
        read_sources([SourceSpec(path=str(good)), SourceSpec(path=str(tmp_path / "missing"))])
    assert err.value.code == "S001"
    with pytest.raises(SourceError, match="unknown format"):
        read_sources([SourceSpec(path=str(good), format="pdf")])
    with pytest.raises(SourceError, match="exactly one"):
        read_sources([SourceSpec(path=None)])


def test_config_paths_are_relative_to_the_config(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "w.jsonl").write_text('{"id": "1", "text": "Hello."}\n')
    (tmp_path / "conf").mkdir()
    cfg = tmp_path / "conf" / "sources.toml"
    cfg.write_text(
        '[[source]]\nname = "wire"\npath = "../data/w.jsonl"\nformat = "jsonl"\n'
        'field_map = { text = "text" }\n\n'
        '[[source]]\nurl = "https://example.org/feed.xml"\nformat = "rss"\n'
    )
    local, remote = load_source_config(cfg)
    assert local.path == str((tmp_path / "data" / "w.jsonl").resolve())
    assert (local.name, local.format, local.field_map) == ("wire", "jsonl", {"text": "text"})
    assert remote.url == "https://example.org/feed.xml" and remote.path is None
    [rec] = read_sources([local])
    assert rec.source == "wire"


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ('[[source]]\npth = "x"\n', "unknown key 'pth'"),
        ('[[source]]\nname = "a"\n', "exactly one of path or url"),
        ('[[source]]\npath = "."\nurl = "https://e.org/"\n', "exactly one of path or url"),
        ('[[source]]\npath = "."\nformat = "docx"\n', "unknown format"),
        ('[[source]]\npath = "."\ncsv_map = { body = "x" }\n', "unknown field 'body'"),
        ('[[source]]\nurl = "file:///etc/passwd"\n', "only absolute http"),
        ('[[source]]\npath = "no/such/dir"\n', "not found"),
        ('[sources]\npath = "."\n', "unknown top-level key"),
        ("[[source]\n", "invalid TOML"),
    ],
)
def test_config_errors_are_one_line(tmp_path: Path, body: str, needle: str) -> None:
    cfg = tmp_path / "s.toml"
    cfg.write_text(body)
    with pytest.raises(SourceError) as err:
        load_source_config(cfg)
    assert needle in str(err.value)
    assert "\n" not in str(err.value)
    assert err.value.code.startswith("S")


def test_url_needs_network_permission() -> None:
    with pytest.raises(SourceError) as err:
        read_sources([SourceSpec(path=None, url="https://example.org/feed.xml")])
    assert err.value.code == "S005"
    assert "allow-network" in str(err.value) or "allow_network" in str(err.value)


def test_source_error_is_a_catalogue_error_with_one_line(tmp_path: Path) -> None:
    from transforms.errors import NewsledgerError

    with pytest.raises(SourceError) as err:
        detect_format(tmp_path / "gone")
    assert isinstance(err.value, NewsledgerError)
    assert err.value.one_line() == f"error [S001]: {tmp_path / 'gone'}: no such file or directory"


def test_spec_options_can_be_set_after_spec_from_path(tmp_path: Path) -> None:
    # The CLI sets --format / --csv-map on the spec it got from spec_from_path.
    f = tmp_path / "export.data"
    f.write_text("Ref,Body\nr1,Hello there.\n")
    spec = spec_from_path(str(f))
    spec.format = "csv"
    spec.csv_map = parse_csv_map("id=Ref,text=Body")
    [rec] = read_sources([spec])
    assert (rec.source, rec.source_id) == ("export", "r1")
    spec.format = "docx"
    with pytest.raises(SourceError, match="unknown format"):
        read_sources([spec])


def test_spec_from_path_recognises_urls(tmp_path: Path) -> None:
    assert spec_from_path("https://e.org/feed.xml") == SourceSpec(
        path=None, url="https://e.org/feed.xml"
    )
    assert spec_from_path("data/bbc") == SourceSpec(path="data/bbc")
    with pytest.raises(SourceError) as err:
        validate_specs([spec_from_path("https://e.org/feed.xml")])
    assert err.value.code == "S005"
    with pytest.raises(SourceError) as err:
        validate_specs([spec_from_path("ftp://e.org/feed.xml")], allow_network=True)
    assert err.value.code == "S007"
    ok = tmp_path / "a.jsonl"
    ok.write_text('{"id": 1, "text": "x"}\n')
    validate_specs([spec_from_path(str(ok))])  # no error, nothing read
