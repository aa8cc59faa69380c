"""JSON Lines: one article object a line."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping

from transforms.sources._common import Located, quarantine, record_from_fields, snippet
from transforms.sources.textio import decode_bytes


def iter_jsonl(
    lines: Iterable[bytes],
    *,
    origin: str,
    default_source: str,
    mapping: Mapping[str, str],
) -> Iterator[Located]:
    """Records for the lines of a JSONL stream (a binary file object works).

    A blank line is not a record and is skipped without a quarantine row.
    ``origin`` names the file in details; ``default_source`` is used when a line
    has no ``source``.
    """
    short = origin.rsplit("/", 1)[-1]
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        where = f"{origin} line {number}"
        ref = f"{short}:{number}"
        line, notes = decode_bytes(raw)
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            detail = f"{where}: invalid JSON ({exc.msg} at column {exc.colno}): {snippet(line)}"
            yield quarantine(default_source, ref, "invalid_json", detail), where
            continue
        if not isinstance(obj, dict):
            detail = f"{where}: a JSON {type(obj).__name__}, not an object: {snippet(line)}"
            yield quarantine(default_source, ref, "invalid_json", detail), where
            continue
        record = record_from_fields(
            obj,
            mapping=mapping,
            default_source=default_source,
            where=where,
            ref=ref,
            fmt="jsonl",
            notes=notes,
        )
        yield record, where
