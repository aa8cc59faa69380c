"""Read gold-set documents from the shared corpora by their gold ``doc`` id.

Doc ids (see ``corpus/README.md``):

- ``bbc/<section>/<nnn>`` -> ``<root>/bbc/<section>/<nnn>.txt``, the whole file
  (title line included), UTF-8 with a cp1252 fallback (``bbc/sport/199``);
- ``seed/<name>`` -> ``<root>/seed/<name>.txt``, the whole file;
- ``web2020s/NNNN`` -> ``<root>/web2020s/docs/NNNN.txt``, the whole file;
- ``hNNNNN`` -> the ``title`` of that id in ``<root>/headlines/headlines.jsonl``;
- ``written/<name>`` -> ``tests/gold/written/<name>.txt`` in this repository: articles
  of our own writing (no corpus text), used where the corpora have too few cases
  (modern conflict reporting, for instance).

Gold offsets are character offsets into exactly these strings, so every eval
(money, military, entities) reads documents through this one module.
"""

from __future__ import annotations

import csv
import functools
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

HEADLINES_FILE = Path("headlines") / "headlines.jsonl"
# Own-written gold documents live in the repo, not in the shared corpus.
WRITTEN_DIR = Path(__file__).resolve().parents[2] / "tests" / "gold" / "written"


def read_text_file(path: Path) -> str:
    """A corpus text file as a string: UTF-8, or cp1252 when it is not valid UTF-8."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


@functools.lru_cache(maxsize=4)
def _headlines(path: Path) -> dict[str, dict[str, object]]:
    # One pass over the 10k-line file, cached: several evals read it per session.
    out: dict[str, dict[str, object]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            rec = json.loads(line)
            out[str(rec["id"])] = rec
    return out


def _is_headline(doc_id: str) -> bool:
    return doc_id.startswith("h") and doc_id[1:].isdigit()


def _file_for(corpus_root: Path, doc_id: str) -> Path:
    if doc_id.startswith(("bbc/", "seed/")):
        return corpus_root / f"{doc_id}.txt"
    if doc_id.startswith("web2020s/"):
        number = doc_id.removeprefix("web2020s/")
        # A gold id is data, not a path: only the corpus's four-digit file numbers.
        if not (len(number) == 4 and number.isdigit()):
            raise KeyError(f"bad web2020s doc id: {doc_id!r}")
        return corpus_root / "web2020s" / "docs" / f"{number}.txt"
    if doc_id.startswith("written/"):
        name = doc_id.removeprefix("written/")
        # A gold id is data, not a path: refuse anything that could leave the folder.
        if not name or "/" in name or "\\" in name or name.startswith("."):
            raise KeyError(f"bad written doc id: {doc_id!r}")
        return WRITTEN_DIR / f"{name}.txt"
    raise KeyError(f"unknown gold doc id form: {doc_id!r}")


def load_gold_docs(corpus_root: Path, doc_ids: Iterable[str]) -> dict[str, str]:
    """Text of every doc id, keyed by id. Raises KeyError/FileNotFoundError for unknown ids."""
    corpus_root = Path(corpus_root)
    out: dict[str, str] = {}
    for doc_id in doc_ids:
        if doc_id in out:
            continue
        if _is_headline(doc_id):
            rec = _headlines(corpus_root / HEADLINES_FILE)[doc_id]
            out[doc_id] = str(rec["title"])
        else:
            out[doc_id] = read_text_file(_file_for(corpus_root, doc_id))
    return out


def load_gold_published(corpus_root: Path, doc_ids: Iterable[str]) -> dict[str, datetime | None]:
    """Publication time (UTC) of every doc id: headlines have a ``timestamp``, files none."""
    corpus_root = Path(corpus_root)
    out: dict[str, datetime | None] = {}
    for doc_id in doc_ids:
        if _is_headline(doc_id):
            ts = _headlines(corpus_root / HEADLINES_FILE)[doc_id].get("timestamp")
            out[doc_id] = (
                datetime.fromtimestamp(float(ts), tz=UTC) if isinstance(ts, int | float) else None
            )
        else:
            out[doc_id] = None
    return out


def web_published(corpus_root: Path) -> dict[str, datetime | None]:
    """Publication day (UTC midnight) of every web2020s doc from its ``SOURCES.tsv``;
    None where the day is missing or month-only ("2024-10")."""
    out: dict[str, datetime | None] = {}
    path = Path(corpus_root) / "web2020s" / "SOURCES.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            day = (row.get("date") or "").strip()
            full = len(day) == len("2024-10-01")
            out[row["id"]] = datetime.fromisoformat(day).replace(tzinfo=UTC) if full else None
    return out


def load_gold_dates(corpus_root: Path, doc_ids: Iterable[str]) -> dict[str, datetime | None]:
    """``load_gold_published`` with the web2020s days of ``SOURCES.tsv`` added."""
    ids = list(doc_ids)
    out = load_gold_published(corpus_root, ids)
    if any(d.startswith("web2020s/") for d in ids):
        web = web_published(corpus_root)
        out.update({d: web.get(d) for d in ids if d.startswith("web2020s/")})
    return out
