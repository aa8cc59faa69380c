"""RSS, Atom and saved HTML pages (fixtures written for these tests)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from transforms.records import ArticleRecord, QuarantineRecord
from transforms.sources import SourceSpec, read_sources, spec_from_path


def test_rss_prefers_full_content_and_strips_html(fixtures_dir: Path) -> None:
    recs = list(read_sources([spec_from_path(str(fixtures_dir / "harbour_gazette.rss"))]))
    assert len(recs) == 3
    ferry, wall, empty = recs
    assert isinstance(ferry, ArticleRecord)
    assert ferry.format == "rss"
    assert ferry.source == "harbour-gazette-courier"
    assert ferry.source_id == "hg-2025-0311"
    assert ferry.title == "Ferry operator orders two new vessels"
    assert ferry.text.startswith(
        "The Island Link ferry company has ordered two hybrid vessels worth £48m"
    )
    assert "teaser" not in ferry.text and "track()" not in ferry.text and "<" not in ferry.text
    assert ferry.published_at == datetime(2025, 3, 11, 8, 30, tzinfo=UTC)
    assert ferry.url == "https://gazette.example.org/2025/03/ferry-order"
    # No guid: the link is the id; an escaped-HTML summary becomes text.
    assert isinstance(wall, ArticleRecord)
    assert wall.source_id == "https://gazette.example.org/2025/03/harbour-wall"
    assert (
        wall.text
        == "Storm damage repairs to the north wall will now finish in June, the council said."
    )
    assert isinstance(empty, QuarantineRecord) and empty.reason == "empty_text"
    assert "entry 3" in empty.detail


def test_atom_entries(fixtures_dir: Path) -> None:
    recs = list(read_sources([spec_from_path(str(fixtures_dir / "orbit_notes.atom"))]))
    assert all(isinstance(r, ArticleRecord) for r in recs)
    launch, station = recs
    assert isinstance(launch, ArticleRecord) and isinstance(station, ArticleRecord)
    assert launch.format == "atom" and launch.source == "orbit-notes"
    assert launch.source_id == "urn:orbit:entry:101"
    assert launch.title == "Launch window moved to May"
    assert "about €3 million" in launch.text and "Short summary" not in launch.text
    assert launch.published_at == datetime(2025, 4, 1, 12, 20, tzinfo=UTC)
    # No <published>: <updated> is used.
    assert station.published_at == datetime(2025, 3, 28, 10, 0, tzinfo=UTC)


def test_broken_feeds_are_quarantined_as_a_whole(tmp_path: Path) -> None:
    truncated = tmp_path / "truncated.rss"
    truncated.write_text("<rss version='2.0'><channel><title>Half")
    words = tmp_path / "words.rss"
    words.write_text("just words, not a feed")
    empty = tmp_path / "empty.rss"
    empty.write_text("<rss version='2.0'><channel><title>Quiet</title></channel></rss>")
    recs = list(
        read_sources(
            [
                spec_from_path(str(truncated)),
                SourceSpec(path=str(words), format="rss"),
                spec_from_path(str(empty)),
            ]
        )
    )
    assert [(r.source_id, getattr(r, "reason", None)) for r in recs] == [
        ("truncated", "invalid_feed"),
        ("words", "invalid_feed"),
    ]
    assert all(isinstance(r, QuarantineRecord) and "not a readable" in r.detail for r in recs)


def test_html_pages_drop_boilerplate_and_read_meta_dates(fixtures_dir: Path) -> None:
    recs = {r.source_id: r for r in read_sources([spec_from_path(str(fixtures_dir / "pages"))])}
    assert set(recs) == {"harbour-strike", "nav-only", "world/river-bridge"}
    strike = recs["harbour-strike"]
    assert isinstance(strike, ArticleRecord)
    assert strike.source == "pages" and strike.format == "html"
    assert strike.title == "Dock workers vote to strike"
    assert "412 of its 530 members" in strike.text
    for boilerplate in ("Subscribe", "All rights reserved", "Cookie settings"):
        assert boilerplate not in strike.text
    assert strike.published_at == datetime(2025, 5, 6, 6, 45, tzinfo=UTC)
    bridge = recs["world/river-bridge"]
    assert isinstance(bridge, ArticleRecord)
    assert "cost €6.5m" in bridge.text
    assert "Most read" not in bridge.text and "Terms" not in bridge.text
    assert bridge.published_at == datetime(2024, 11, 20, 12, 0, tzinfo=UTC)  # from JSON-LD
    nav = recs["nav-only"]
    assert isinstance(nav, QuarantineRecord) and nav.reason == "empty_text"
