"""CSV exports with a column mapping (``id=ArticleID,text=Body``)."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Iterator, Mapping

from transforms.sources._common import Located, quarantine, record_from_fields
from transforms.sources.errors import FIELD_MAP_INVALID, SourceError
from transforms.sources.textio import decode_bytes

# Article bodies exceed csv's default 128 KiB field limit; raise it once.
FIELD_SIZE_LIMIT = 64 * 1024 * 1024
REQUIRED = ("id", "text")


def _decoded_lines(lines: Iterable[bytes], notes: set[str]) -> Iterator[str]:
    """Decode line by line so one cp1252 row does not spoil the whole file."""
    first = True
    for raw in lines:
        text, line_notes = decode_bytes(raw)
        if first:
            text = text.removeprefix("\ufeff")  # BOM written by spreadsheet exports
            first = False
        notes.update(n for n in line_notes if "byte-order" not in n)
        yield text


def iter_csv(
    lines: Iterable[bytes],
    *,
    origin: str,
    default_source: str,
    mapping: Mapping[str, str],
    explicit: Iterable[str] = (),
) -> Iterator[Located]:
    """Records for the rows of a CSV stream; the first row is the header.

    ``explicit`` lists the record fields whose column was named by the user: a
    missing column for one of them, or for ``id``/``text``, is a ``SourceError``
    (the whole file is unusable) rather than a quarantine per row.
    """
    if csv.field_size_limit() < FIELD_SIZE_LIMIT:
        csv.field_size_limit(min(FIELD_SIZE_LIMIT, sys.maxsize))
    short = origin.rsplit("/", 1)[-1]
    pending: set[str] = set()
    reader = csv.reader(_decoded_lines(lines, pending))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return
    except csv.Error as exc:
        raise SourceError(FIELD_MAP_INVALID, f"{origin}: unreadable CSV header ({exc})") from exc
    columns = {name: i for i, name in reversed(list(enumerate(header)))}
    for fieldname in {*REQUIRED, *explicit}:
        if mapping[fieldname] not in columns:
            raise SourceError(
                FIELD_MAP_INVALID,
                f"{origin}: no column '{mapping[fieldname]}' for field '{fieldname}' "
                f"(columns: {', '.join(header)}); set a csv map such as {fieldname}=COLUMN",
                path=origin,
            )
    row_number = 0
    last_error_line = -1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            row_number += 1
            where = f"{origin} row {row_number} (line {reader.line_num})"
            yield (
                quarantine(
                    default_source, f"{short}:row{row_number}", "invalid_csv_row", f"{where}: {exc}"
                ),
                where,
            )
            if reader.line_num == last_error_line:
                return  # the reader cannot move past this point
            last_error_line = reader.line_num
            continue
        if not row or not any(cell.strip() for cell in row):
            continue  # blank line: not a record
        row_number += 1
        where = f"{origin} row {row_number} (line {reader.line_num})"
        # Decoding notes gathered while the reader pulled this row's lines.
        notes = tuple(sorted(pending))
        pending.clear()
        if len(row) != len(header):
            detail = f"{where}: {len(row)} fields but the header has {len(header)}"
            yield (
                quarantine(default_source, f"{short}:row{row_number}", "invalid_csv_row", detail),
                where,
            )
            continue
        fields = {name: row[i] for name, i in columns.items()}
        record = record_from_fields(
            fields,
            mapping=mapping,
            default_source=default_source,
            where=where,
            ref=f"{short}:row{row_number}",
            fmt="csv",
            notes=notes,
        )
        yield record, where
