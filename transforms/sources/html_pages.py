"""Saved HTML pages: main text via trafilatura, title and publication time from
the page's metadata."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from transforms.records import ArticleRecord
from transforms.sources._common import Located, iter_file_records, quarantine
from transforms.sources.dates import parse_published
from transforms.sources.textio import decode_bytes

log = logging.getLogger(__name__)

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True, slots=True)
class PageContent:
    text: str  # main text, boilerplate removed; "" when nothing was found
    title: str | None
    published_raw: str | None  # as written in the page, parsed by ``parse_published``


@functools.cache
def _date_meta_names() -> tuple[str, ...]:
    raw = json.loads((_DATA / "sources_html_date_meta.json").read_text(encoding="utf-8"))
    return tuple(raw["meta"])


def _meta_published(html: str) -> str | None:
    """Publication time from meta tags, JSON-LD or <time>; full time, not just the day."""
    import lxml.html  # imported here: most runs read txt/jsonl, and a no-op run reads no page

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        content = meta.get("content")
        if key and content and key not in found:
            found[key] = content.strip()
    for name in _date_meta_names():
        if found.get(name):
            return found[name]
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and isinstance(item.get("datePublished"), str):
                return str(item["datePublished"])
    for time_el in tree.iter("time"):
        if time_el.get("datetime") and (
            time_el.get("pubdate") is not None or time_el.get("itemprop") == "datePublished"
        ):
            return time_el.get("datetime")
    return None


def extract_page(html: str) -> PageContent:
    """Main text, title and publication time of one HTML document."""
    import trafilatura  # imported here: it is slow to import and most runs read txt/jsonl

    # Precision mode without the fallback extractors: on a page with no article
    # (an index, a nav-only stub) the fallbacks return menu text as if it were one.
    doc = trafilatura.bare_extraction(
        html,
        favor_precision=True,
        fast=True,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        deduplicate=False,
    )
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    title = getattr(doc, "title", None) if doc is not None else None
    published = _meta_published(html) or (getattr(doc, "date", None) if doc is not None else None)
    return PageContent(text=text, title=title or None, published_raw=published)


def page_record(
    data: bytes, *, source: str, source_id: str, where: str, url: str | None = None
) -> Located:
    """One record for one HTML document's bytes."""
    html, notes = decode_bytes(data)
    page = extract_page(html)
    if not page.text:
        return (
            quarantine(
                source,
                source_id,
                "empty_text",
                f"{where}: trafilatura found no main text in the page",
            ),
            where,
        )
    published, date_note = parse_published(page.published_raw)
    all_notes = notes + ((date_note,) if date_note else ())
    record = ArticleRecord(
        source=source,
        source_id=source_id,
        text=page.text,
        title=page.title,
        published_at=published,
        url=url,
        format="html",
        read_notes=all_notes,
    )
    return record, where


def iter_html(root: Path, *, source: str | None = None) -> Iterator[Located]:
    """Records for a folder of saved pages (recursive) or one page."""

    def read(data: bytes, name: str, rel: str, where: str) -> Located:
        return page_record(data, source=name, source_id=rel, where=where)

    return iter_file_records(root, HTML_SUFFIXES, "html", read, source=source)
