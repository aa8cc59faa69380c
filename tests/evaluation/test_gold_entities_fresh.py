"""The fresh 2020s entity gold (tests/gold/README_entities_2020s_fresh.md) parses, is split
by document, is in no other gold file and names only text its articles contain."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from newsledger.evaluation.corpus import load_gold_docs

GOLD_DIR = Path(__file__).resolve().parents[1] / "gold"
FRESH = [
    GOLD_DIR / "entities_2020s_fresh.jsonl",
    GOLD_DIR / "heldout" / "entities_2020s_fresh.jsonl",
]
LABELS = {"PERSON", "ORG", "GPE", "LOC"}


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_fresh_entities_split_by_document_and_in_no_other_gold_file() -> None:
    dev, held = (_rows(p) for p in FRESH)
    assert (len(dev), len(held)) == (3, 1)
    fresh = {r["doc"] for r in dev + held}
    other = {
        r["doc"]
        for p in [*GOLD_DIR.glob("*.jsonl"), *(GOLD_DIR / "heldout").glob("*.jsonl")]
        # The military rest set shares pages with other tasks by design (README_2020s_rest.md).
        if p not in FRESH and "military_2020s_rest" not in p.name
        for r in _rows(p)
        if "doc" in r
    }
    assert len(fresh) == 4
    assert not fresh & other


def test_fresh_entity_aliases_occur_in_their_articles(corpus_root: Path) -> None:
    rows = [r for p in FRESH for r in _rows(p)]
    docs = load_gold_docs(corpus_root, [r["doc"] for r in rows])
    for row in rows:
        assert row["doc"].startswith("web2020s/")
        for ent in row["entities"]:
            assert ent["label"] in LABELS, ent
            assert ent.keys() >= {"name", "label", "aliases", "iso3"}, ent
            for alias in ent["aliases"]:
                pattern = r"(?<!\w)" + re.escape(alias) + r"(?!\w)"
                assert re.search(pattern, docs[row["doc"]]), (row["doc"], alias)
