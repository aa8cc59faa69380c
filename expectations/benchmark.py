"""Time ``validate_batch`` on a realistic batch: the BBC corpus with regex-made rows.

The pipeline calls ``validate_batch`` once per load with all of a run's new rows
(2,225 BBC articles give ~60k mention rows). Running spaCy here would time the
NLP, not the validation, so the derived rows are made with simple regexes of the
same shape and volume: capitalised words as entity mentions, currency-sign
amounts as money figures, "<number> troops" as military figures. Every row is
valid by construction, so a clean run quarantines nothing.

    python -m expectations.benchmark [corpus_dir] [--docs DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from warehouse.schema import EXTRACTION_TABLES, TABLES

EXTRACTOR_VERSION = "bench"
_ENTITY = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)*\b")
_MONEY = re.compile(r"[£$€]\d[\d,]*(?:\.\d+)?(?:bn|m)?")
_MILITARY = re.compile(r"\b(\d[\d,]*) (troops|soldiers|tanks|missiles)\b")
_SCALE = {"bn": 1e9, "m": 1e6, "": 1.0}
_CURRENCY = {"£": "GBP", "$": "USD", "€": "EUR"}


def default_corpus() -> Path:
    return Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _read(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:  # bbc/sport/199.txt holds a Latin-1 pound sign
        return raw.decode("cp1252")


def _bbc_files(corpus: Path, limit: int | None) -> Iterator[Path]:
    files = sorted((corpus / "bbc").glob("*/*.txt"))
    yield from files[:limit] if limit else files


def _amount(match: str) -> float:
    number = re.sub(r"[^\d.]", "", re.sub(r"(bn|m)$", "", match[1:]))
    suffix = "bn" if match.endswith("bn") else "m" if match.endswith("m") else ""
    return float(number) * _SCALE[suffix]


def realistic_batch(
    corpus: Path, *, load_id: str, now: datetime, limit: int | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Dict rows per table for the BBC articles under ``corpus`` (or the first ``limit``)."""
    rows: dict[str, list[dict[str, Any]]] = {n: [] for n in EXTRACTION_TABLES}
    entities: dict[str, dict[str, Any]] = {}
    tail = {"load_id": load_id, "extractor_version": EXTRACTOR_VERSION}
    for path in _bbc_files(corpus, limit):
        text = _read(path)
        sid = f"{path.parent.name}/{path.stem}"
        aid = hashlib.sha1(f"bbc\x1f{sid}".encode()).hexdigest()[:16]
        rows["articles"].append(
            {
                "article_id": aid,
                "source_id": sid,
                "source": "bbc",
                "title": text.split("\n", 1)[0],
                "text": text,
                "published_at": None,
                "ingested_at": now,
                "load_id": load_id,
                "url": None,
                "format": "txt",
                "content_hash": hashlib.sha256(text.encode()).hexdigest(),
                "read_notes": None,
                "char_count": len(text),
                "extractor_version": EXTRACTOR_VERSION,
            }
        )
        span = {"article_id": aid, "sentence_start": None, "sentence_end": None}
        for m in _ENTITY.finditer(text):
            eid = "ORG:" + m.group()
            entities.setdefault(eid, {"entity_id": eid, "name": m.group(), "label": "ORG"})
            rows["entity_mentions"].append(
                {
                    "article_id": aid,
                    "start_char": m.start(),
                    "end_char": m.end(),
                    "text": m.group(),
                    "label": "ORG",
                    "entity_id": eid,
                    "name": m.group(),
                    **tail,
                }
            )
        for m in _MONEY.finditer(text):
            value = _amount(m.group())
            if value <= 0:
                continue
            rows["money_figures"].append(
                {
                    **span,
                    "start_char": m.start(),
                    "end_char": m.end(),
                    "text": m.group(),
                    "value": value,
                    "currency": _CURRENCY[m.group()[0]],
                    "low": None,
                    "high": None,
                    "qualifier": None,
                    "value_usd": value,
                    "fx_rate": 1.0,
                    "fx_date": date(2005, 1, 3),
                    **tail,
                }
            )
        for m in _MILITARY.finditer(text):
            value = float(m.group(1).replace(",", ""))
            if value <= 0:
                continue
            rows["military_figures"].append(
                {
                    **span,
                    "start_char": m.start(),
                    "end_char": m.end(),
                    "text": m.group(),
                    "value": value,
                    "low": None,
                    "high": None,
                    "qualifier": None,
                    "unit": m.group(2).rstrip("s"),
                    "category": "personnel",
                    **tail,
                }
            )
    rows["entities"] = [{**e, "iso3": None, "load_id": load_id} for e in entities.values()]
    for name in ("loads", "source_cursors"):
        rows.pop(name, None)
    return rows


def to_tables(rows: dict[str, list[dict[str, Any]]]) -> dict[str, pa.Table]:
    return {n: pa.Table.from_pylist(r, schema=TABLES[n].schema) for n, r in rows.items()}


def main() -> None:
    from expectations.validate import validate_batch

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=default_corpus())
    parser.add_argument("--docs", type=Path, default=None, help="also build Data Docs here")
    parser.add_argument("--limit", type=int, default=None, help="first N BBC articles only")
    args = parser.parse_args()
    now = datetime.now(UTC)
    tables = to_tables(realistic_batch(args.corpus, load_id="bench", now=now, limit=args.limit))
    sizes = ", ".join(f"{n}={t.num_rows}" for n, t in tables.items())
    print(f"batch: {sizes} (total {sum(t.num_rows for t in tables.values())} rows)")
    start, cpu = time.perf_counter(), time.process_time()
    outcome = validate_batch(tables, load_id="bench", docs_dir=args.docs, now=now)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    failed = [f"{r.table}.{r.expectation}({r.column})" for r in outcome.results if not r.success]
    n = len(outcome.results)
    print(f"validate_batch: {elapsed:.2f} s wall, {cpu:.2f} s CPU; {n} expectations")
    print(f"quarantined rows: {outcome.quarantine.num_rows}; failed expectations: {failed}")


if __name__ == "__main__":
    main()
