"""RSS 2.0 / RSS 1.0 / Atom feeds read with feedparser from bytes."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from transforms.records import ArticleRecord
from transforms.sources._common import Located, quarantine, slug
from transforms.sources.dates import parse_published
from transforms.sources.textio import html_to_text


def _entry_text(entry: Any) -> str:
    """Full content when the feed has it, else the summary, as plain text."""
    candidates: list[tuple[str, str]] = []
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        candidates.append((value, content.get("type") or "text/html"))
    if not candidates and entry.get("summary"):
        detail = entry.get("summary_detail") or {}
        candidates.append((entry["summary"], detail.get("type") or "text/html"))
    if not candidates:
        return ""
    value, mime = max(candidates, key=lambda c: len(c[0]))
    return html_to_text(value) if "html" in mime else value.strip()


def _struct_to_utc(value: time.struct_time | None) -> datetime | None:
    if value is None:
        return None
    return datetime(*value[:6], tzinfo=UTC)


def iter_feed(
    data: bytes,
    *,
    origin: str,
    name: str | None,
    stem: str,
) -> Iterator[Located]:
    """Records for the entries of one feed document.

    Always parse bytes: given a string, feedparser would treat it as a URL or a
    path and might fetch it over the network.
    """
    import feedparser  # imported here: most runs read txt/jsonl, and a no-op run reads no feed

    parsed = feedparser.parse(data)
    feed_title = (parsed.feed.get("title") or "").strip()
    source = name or slug(feed_title) or stem
    # A well-formed feed with no items is simply empty; a broken one with no
    # items may have lost them, so it is reported.
    if not parsed.entries and (parsed.get("bozo") or not parsed.get("version")):
        problem = parsed.get("bozo_exception") or "no RSS or Atom elements"
        detail = f"{origin}: not a readable RSS or Atom feed ({problem})"
        yield quarantine(source, stem, "invalid_feed", detail), origin
        return
    fmt = "atom" if str(parsed.get("version", "")).startswith("atom") else "rss"
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{origin} entry {number}"
        link = entry.get("link") or None
        source_id = (entry.get("id") or "").strip() or link
        if not source_id:
            yield (
                quarantine(
                    source,
                    f"{stem}:entry{number}",
                    "missing_id",
                    f"{where}: no guid/id and no link",
                ),
                where,
            )
            continue
        text = _entry_text(entry)
        if not text.strip():
            detail = f"{where}: no content or summary text (id {source_id!r})"
            yield quarantine(source, source_id, "empty_text", detail), where
            continue
        title = entry.get("title") or None
        if title and "<" in title:
            title = html_to_text(title) or None
        notes: list[str] = []
        raw_date = entry.get("published") or entry.get("updated")
        published, note = parse_published(raw_date)
        if published is None and note:
            # feedparser knows a few more historic formats; trust it only if it parsed.
            fallback = _struct_to_utc(entry.get("published_parsed") or entry.get("updated_parsed"))
            checked, _ = parse_published(fallback)
            if checked is not None:
                published = checked
            else:
                notes.append(note)
        record = ArticleRecord(
            source=source,
            source_id=source_id,
            text=text,
            title=title,
            published_at=published,
            url=link,
            format=fmt,
            read_notes=tuple(notes),
        )
        yield record, where
