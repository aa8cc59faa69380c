"""Pieces shared by the readers: the located-record type, field-based records
(jsonl and csv rows), quarantine helpers, corpus documentation file names."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from transforms.records import ArticleRecord, QuarantineRecord
from transforms.sources.dates import parse_published
from transforms.sources.walk import iter_files

Record = ArticleRecord | QuarantineRecord
# A record with a human description of where it came from ("feed.jsonl line 7"),
# so a later duplicate can say where both copies were read.
Located = tuple[Record, str]

_DATA = Path(__file__).resolve().parent.parent / "data"
_SNIPPET_CHARS = 60


@functools.cache
def doc_file_stems() -> frozenset[str]:
    """Lower-case stems of corpus documentation files (README, SOURCE...)."""
    raw = json.loads((_DATA / "sources_doc_files.json").read_text(encoding="utf-8"))
    return frozenset(s.lower() for s in raw["stems"])


def snippet(value: object) -> str:
    """A short repr of an offending value for detail sentences."""
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(text.split())
    if len(text) > _SNIPPET_CHARS:
        text = text[: _SNIPPET_CHARS - 3] + "..."
    return repr(text)


def slug(text: str) -> str:
    """Lower-case ascii-ish name for sources derived from feed titles or hosts."""
    s = re.sub(r"[^0-9a-zA-Z]+", "-", text.strip().lower()).strip("-")
    return s[:60]


def quarantine(source: str, source_id: str, reason: str, detail: str) -> QuarantineRecord:
    return QuarantineRecord(source=source, source_id=source_id, reason=reason, detail=detail)


def id_text(value: object) -> str | None:
    """External id as text: strings as given, integers without ".0"; None if unusable."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return None


def _optional_text(value: object, field_name: str, notes: list[str]) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    notes.append(f"{field_name} ignored: not text ({snippet(value)})")
    return None


def record_from_fields(
    fields: Mapping[str, object],
    *,
    mapping: Mapping[str, str],
    default_source: str,
    where: str,
    ref: str,
    fmt: str,
    notes: tuple[str, ...] = (),
) -> Record:
    """One ArticleRecord or QuarantineRecord from a jsonl object or a csv row.

    ``where`` describes the location for details ("a.jsonl line 3"); ``ref`` is
    the short line reference used as ``source_id`` when no id can be read.
    """
    raw_source = fields.get(mapping["source"])
    source = raw_source if isinstance(raw_source, str) and raw_source.strip() else default_source
    id_key, text_key = mapping["id"], mapping["text"]
    raw_id = fields.get(id_key)
    source_id = id_text(raw_id)
    if source_id is None:
        if raw_id is None or isinstance(raw_id, str):
            shown = "missing" if id_key not in fields else f"empty ({snippet(raw_id)})"
            return quarantine(source, ref, "missing_id", f"{where}: id field '{id_key}' is {shown}")
        return quarantine(
            source,
            ref,
            "invalid_field",
            f"{where}: id field '{id_key}' is not text: {snippet(raw_id)}",
        )
    raw_text = fields.get(text_key)
    if raw_text is None or (isinstance(raw_text, str) and not raw_text.strip()):
        shown = "missing" if text_key not in fields else f"empty ({snippet(raw_text)})"
        return quarantine(
            source,
            source_id,
            "empty_text",
            f"{where}: text field '{text_key}' is {shown} (id {source_id!r})",
        )
    if not isinstance(raw_text, str):
        return quarantine(
            source,
            source_id,
            "invalid_field",
            f"{where}: text field '{text_key}' is not a string: {snippet(raw_text)} "
            f"(id {source_id!r})",
        )
    all_notes = list(notes)
    title = _optional_text(fields.get(mapping["title"]), "title", all_notes)
    url = _optional_text(fields.get(mapping["url"]), "url", all_notes)
    published, date_note = parse_published(fields.get(mapping["published"]))
    if date_note:
        all_notes.append(date_note)
    return ArticleRecord(
        source=source,
        source_id=source_id,
        text=raw_text,
        title=title,
        published_at=published,
        url=url,
        format=fmt,
        read_notes=tuple(all_notes),
    )


def iter_file_records(
    root: Path,
    suffixes: frozenset[str],
    default_name: str,
    read: Callable[[bytes, str, str, str], Located],
    *,
    source: str | None = None,
) -> Iterator[Located]:
    """One record per file with ``suffixes`` under ``root`` (or ``root`` itself).

    ``source_id`` is the path relative to the folder without extension
    (``business/001``); the source name is the folder's name unless given.
    ``read(data, source, source_id, where)`` turns a file's bytes into a record;
    a file that cannot be read is quarantined as ``unreadable_file``.
    """
    base = root if root.is_dir() else root.parent
    name = source or base.absolute().name or default_name
    for path in iter_files(root, suffixes, skip_stems=doc_file_stems()):
        rel = path.relative_to(base).with_suffix("").as_posix()
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield (
                quarantine(name, rel, "unreadable_file", f"{path}: cannot read ({exc})"),
                str(path),
            )
            continue
        yield read(data, name, rel, str(path))
