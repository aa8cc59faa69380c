"""Check military gold files against the corpus: every span matches the document text,
no two spans in a document overlap, and every positive line has the fields of its format.

Run: ``python3 tests/gold/check_spans.py GOLD.jsonl [GOLD2.jsonl ...] [--corpus ROOT]``
(default corpus: ``$NEWSLEDGER_CORPUS`` or ``/work/shared/corpus``). Exit code 1 on any
problem, one line per problem.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from newsledger.evaluation.corpus import load_gold_docs

POSITIVE_FIELDS = (
    "value", "low", "high", "qualifier", "unit", "category", "actor", "counterpart", "scope",
)  # fmt: skip
CATEGORIES = {"personnel", "equipment", "killed", "wounded", "captured", "spending"}
SCOPES = {"event", "cumulative", None}
QUALIFIERS = {"approx", "over", "under", None}


def read_lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(s) for s in path.read_text(encoding="utf-8").splitlines() if s.strip()]


def line_problems(rec: dict[str, object], *, roles: bool) -> list[str]:
    """Format problems of one gold line (empty when the line is well formed)."""
    if rec.get("negative"):
        return []
    out = [f"missing {f}" for f in POSITIVE_FIELDS if f not in rec and (roles or f not in
           ("counterpart", "scope"))]  # fmt: skip
    if rec.get("category") not in CATEGORIES:
        out.append(f"bad category {rec.get('category')!r}")
    if rec.get("qualifier") not in QUALIFIERS:
        out.append(f"bad qualifier {rec.get('qualifier')!r}")
    if roles and rec.get("scope") not in SCOPES:
        out.append(f"bad scope {rec.get('scope')!r}")
    if rec.get("category") == "spending" and not rec.get("currency"):
        out.append("spending line without currency")
    return out


def check(paths: list[Path], corpus_root: Path, *, roles: bool = True) -> list[str]:
    """Every problem in the gold files, one line each."""
    recs = [(p, r) for p in paths for r in read_lines(p)]
    texts = load_gold_docs(corpus_root, sorted({str(r["doc"]) for _, r in recs}))
    problems: list[str] = []
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for path, rec in recs:
        doc, text, start = str(rec["doc"]), str(rec["text"]), int(str(rec["start"]))
        where = f"{path.name}: {doc} {text!r}@{start}"
        if texts[doc][start : start + len(text)] != text:
            problems.append(f"{where}: span does not match the document text")
        problems.extend(f"{where}: {p}" for p in line_problems(rec, roles=roles))
        spans.setdefault(doc, []).append((start, start + len(text), text))
    for doc, items in spans.items():
        items.sort()
        for (_, a_end, a), (b_start, _, b) in zip(items, items[1:], strict=False):
            if b_start < a_end:
                problems.append(f"{doc}: spans {a!r} and {b!r} overlap")
    return problems


def main(argv: list[str]) -> int:
    corpus = Path(os.environ.get("NEWSLEDGER_CORPUS", "/work/shared/corpus"))
    if "--corpus" in argv:
        i = argv.index("--corpus")
        corpus = Path(argv[i + 1])
        argv = argv[:i] + argv[i + 2 :]
    problems = check([Path(a) for a in argv], corpus)
    for p in problems:
        print(p)
    print(f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
