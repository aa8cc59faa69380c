"""Plain-text articles: a folder of .txt files (recursive) or one file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from transforms.records import ArticleRecord
from transforms.sources._common import Located, iter_file_records, quarantine
from transforms.sources.html_pages import extract_page
from transforms.sources.textio import binary_reason, decode_bytes, looks_like_html

TXT_SUFFIXES = frozenset({".txt"})
# A BBC-style title line is short; longer first lines are body paragraphs.
TITLE_MAX_CHARS = 150


def detect_title(text: str) -> str | None:
    """The title of a "title line, blank line, body" text, or None for body-only text.

    A title is a non-empty first line of at most ``TITLE_MAX_CHARS`` characters
    that does not end like a sentence (a single full stop; "..." is fine),
    followed by a blank line and then more text.
    """
    first, sep, rest = text.partition("\n")
    if not sep:
        return None
    second, sep2, body = rest.partition("\n")
    title = first.strip()
    if not title or second.strip() or not sep2 or not body.strip():
        return None
    if len(title) > TITLE_MAX_CHARS:
        return None
    if title.endswith(".") and not title.endswith("..."):
        return None
    return title


def text_record(
    data: bytes,
    *,
    source: str,
    source_id: str,
    where: str,
    fmt: str = "txt",
    url: str | None = None,
) -> Located:
    """One record for the bytes of one text document."""
    if not data.strip():
        what = "empty" if not data else f"whitespace only ({len(data)} bytes)"
        return quarantine(source, source_id, "empty_text", f"{where}: file is {what}"), where
    text, notes = decode_bytes(data)
    junk = binary_reason(data, text)
    if junk:
        detail = f"{where}: binary content, not text: {junk}"
        return quarantine(source, source_id, "binary_content", detail), where
    title = None
    if looks_like_html(text):
        # Stored text is the extracted text, so every offset refers to it.
        page = extract_page(text)
        if not page.text:
            detail = f"{where}: HTML in a text file and trafilatura found no main text"
            return quarantine(source, source_id, "html_in_text", detail), where
        text, title = page.text, page.title
        notes = (*notes, "HTML in text file: main text extracted with trafilatura")
    elif not text.strip():
        # Only invisible characters (e.g. a lone BOM) after decoding.
        return quarantine(source, source_id, "empty_text", f"{where}: no visible text"), where
    else:
        title = detect_title(text)
    record = ArticleRecord(
        source=source,
        source_id=source_id,
        text=text,
        title=title,
        url=url,
        format=fmt,
        read_notes=notes,
    )
    return record, where


def iter_txt(root: Path, *, source: str | None = None) -> Iterator[Located]:
    """Records for every .txt file under ``root`` (or ``root`` itself).

    ``source_id`` and the source name follow ``iter_file_records``.
    """

    def read(data: bytes, name: str, rel: str, where: str) -> Located:
        return text_record(data, source=name, source_id=rel, where=where)

    return iter_file_records(root, TXT_SUFFIXES, "txt", read, source=source)
