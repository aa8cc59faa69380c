"""The 2020s military gold (dev, extra dev, fresh dev and their held-out parts): the files
parse, every span matches the web2020s corpus, no spans overlap, positive lines carry roles
and scope, the split is by document, and the dev files keep their scores."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from newsledger.evaluation.military import evaluate_military, format_report, read_military_gold

GOLD_DIR = Path(__file__).resolve().parents[1] / "gold"
DEV = GOLD_DIR / "military_2020s.jsonl"
HELDOUT = GOLD_DIR / "heldout" / "military_2020s.jsonl"
EXTRA = GOLD_DIR / "military_2020s_extra.jsonl"
BLIND = GOLD_DIR / "military_2020s_blind.jsonl"
BLIND_HELDOUT = GOLD_DIR / "heldout" / "military_2020s_blind.jsonl"
# Written blind after the first two dev sets were used up (tests/gold/README_2020s_fresh.md).
FRESH = GOLD_DIR / "military_2020s_fresh.jsonl"
HELDOUT_FRESH = GOLD_DIR / "heldout" / "military_2020s_fresh.jsonl"
# The last unused 2021-22 headlines and BBC docs, mostly distractor numbers, written blind
# (tests/gold/README_headlines_fresh.md).
HEADLINES_FRESH = GOLD_DIR / "military_headlines_fresh.jsonl"
HEADLINES_HELDOUT = GOLD_DIR / "heldout" / "military_headlines_fresh.jsonl"
# The last web2020s docs no gold file used, mostly distractors, written blind
# (tests/gold/README_2020s_new.md).
NEW = GOLD_DIR / "military_2020s_new.jsonl"
HELDOUT_NEW = GOLD_DIR / "heldout" / "military_2020s_new.jsonl"
# 68 web2020s pages in no other military gold, annotated blind; each page is also in a money
# or entity file, and is dev or held out as it is there (tests/gold/README_2020s_rest.md).
REST = GOLD_DIR / "military_2020s_rest.jsonl"
HELDOUT_REST = GOLD_DIR / "heldout" / "military_2020s_rest.jsonl"
# 30 own-written 2020s articles (wr_*) annotated blind with roles and scope, split by
# document (tests/gold/README_written_roles.md).
WRITTEN_ROLES = GOLD_DIR / "military_written_roles.jsonl"
HELDOUT_WRITTEN_ROLES = GOLD_DIR / "heldout" / "military_written_roles.jsonl"
# 30 more own-written articles (wr_31-wr_60), annotated blind the same way, split by document
# (tests/gold/README_written_roles2.md).
WRITTEN_ROLES2 = GOLD_DIR / "military_written_roles2.jsonl"
HELDOUT_WRITTEN_ROLES2 = GOLD_DIR / "heldout" / "military_written_roles2.jsonl"


def _checker() -> ModuleType:
    # tests/gold is data plus scripts, not a package: load the script by path.
    spec = importlib.util.spec_from_file_location("check_spans", GOLD_DIR / "check_spans.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def web2020s(corpus_root: Path) -> Path:
    if not (corpus_root / "web2020s" / "docs").exists():
        pytest.skip("web2020s corpus not found")
    return corpus_root


def test_files_parse_and_split_by_document() -> None:
    dev, dev_docs = read_military_gold(DEV)
    held, held_docs = read_military_gold(HELDOUT)
    extra, extra_docs = read_military_gold(EXTRA)
    assert set(dev_docs).isdisjoint(held_docs)
    assert set(extra_docs).isdisjoint(dev_docs) and set(extra_docs).isdisjoint(held_docs)
    assert len([g for lines in extra.values() for g in lines if not g.negative]) >= 30
    assert all(d.startswith("web2020s/") for d in dev_docs + held_docs)
    # The blind set and its held-out third: no document shared with each other or any file.
    _, blind_docs = read_military_gold(BLIND)
    _, blind_held_docs = read_military_gold(BLIND_HELDOUT)
    older = set(dev_docs) | set(held_docs) | set(extra_docs)
    assert set(blind_docs).isdisjoint(blind_held_docs)
    assert older.isdisjoint(blind_docs) and older.isdisjoint(blind_held_docs)
    positives = [g for lines in (*dev.values(), *held.values()) for g in lines if not g.negative]
    assert len(positives) >= 150
    assert {g.category for g in positives} == {
        "personnel", "equipment", "killed", "wounded", "captured", "spending",
    }  # fmt: skip


def test_fresh_files_split_by_document_and_share_none_with_other_gold() -> None:
    fresh, fresh_docs = read_military_gold(FRESH)
    held, held_docs = read_military_gold(HELDOUT_FRESH)
    assert set(fresh_docs).isdisjoint(held_docs)
    others: set[str] = set()
    for path in [*GOLD_DIR.glob("*.jsonl"), *(GOLD_DIR / "heldout").glob("*.jsonl")]:
        if path not in (FRESH, HELDOUT_FRESH):
            rows = [json.loads(s) for s in path.read_text(encoding="utf-8").splitlines() if s]
            others |= {str(r.get("doc")) for r in rows}
    assert others.isdisjoint(fresh_docs + held_docs)
    scored = [g for lines in (*fresh.values(), *held.values()) for g in lines]
    assert len([g for g in scored if not g.negative and not g.ambiguous]) >= 40
    assert len(fresh_docs) + len(held_docs) >= 8


def test_headlines_fresh_split_by_document_and_share_none_with_other_gold() -> None:
    dev, dev_docs = read_military_gold(HEADLINES_FRESH)
    held, held_docs = read_military_gold(HEADLINES_HELDOUT)
    assert set(dev_docs).isdisjoint(held_docs)
    others: set[str] = set()
    for path in [*GOLD_DIR.glob("*.jsonl"), *(GOLD_DIR / "heldout").glob("*.jsonl")]:
        if path not in (HEADLINES_FRESH, HEADLINES_HELDOUT):
            rows = [json.loads(s) for s in path.read_text(encoding="utf-8").splitlines() if s]
            others |= {str(r.get("doc")) for r in rows}
    assert others.isdisjoint(dev_docs + held_docs)
    lines = [g for per_doc in (*dev.values(), *held.values()) for g in per_doc]
    assert len([g for g in lines if g.negative]) >= 70
    assert len(dev_docs) + len(held_docs) >= 50


def test_new_files_split_by_document_and_share_none_with_other_gold() -> None:
    dev, dev_docs = read_military_gold(NEW)
    held, held_docs = read_military_gold(HELDOUT_NEW)
    assert set(dev_docs).isdisjoint(held_docs)
    others: set[str] = set()
    for path in [*GOLD_DIR.glob("*.jsonl"), *(GOLD_DIR / "heldout").glob("*.jsonl")]:
        if path not in (NEW, HELDOUT_NEW):
            rows = [json.loads(s) for s in path.read_text(encoding="utf-8").splitlines() if s]
            others |= {str(r.get("doc")) for r in rows}
    assert others.isdisjoint(dev_docs + held_docs)
    assert all(d.startswith("web2020s/") for d in dev_docs + held_docs)
    lines = [g for per_doc in (*dev.values(), *held.values()) for g in per_doc]
    assert len([g for g in lines if g.negative]) >= 100
    assert len(dev_docs) + len(held_docs) >= 50


def test_rest_files_split_by_document_and_share_none_with_other_military_gold() -> None:
    dev, dev_docs = read_military_gold(REST)
    held, held_docs = read_military_gold(HELDOUT_REST)
    assert set(dev_docs).isdisjoint(held_docs)
    others: set[str] = set()
    military = [*GOLD_DIR.glob("military*.jsonl"), *(GOLD_DIR / "heldout").glob("military*.jsonl")]
    for path in military:
        if path not in (REST, HELDOUT_REST):
            rows = [json.loads(s) for s in path.read_text(encoding="utf-8").splitlines() if s]
            others |= {str(r.get("doc")) for r in rows}
    assert others.isdisjoint(dev_docs + held_docs)
    assert all(d.startswith("web2020s/") for d in dev_docs + held_docs)
    assert len(dev_docs) + len(held_docs) == 68
    # No leak across tasks: a held-out page is in no other dev file, a dev page in no other
    # held-out file.
    dev_elsewhere: set[str] = set()
    held_elsewhere: set[str] = set()
    for folder, found in ((GOLD_DIR, dev_elsewhere), (GOLD_DIR / "heldout", held_elsewhere)):
        for path in folder.glob("*.jsonl"):
            if path not in (REST, HELDOUT_REST):
                rows = [json.loads(s) for s in path.read_text(encoding="utf-8").splitlines() if s]
                found |= {str(r.get("doc")) for r in rows}
    assert dev_elsewhere.isdisjoint(held_docs) and held_elsewhere.isdisjoint(dev_docs)
    lines = [g for per_doc in (*dev.values(), *held.values()) for g in per_doc]
    assert len([g for g in lines if not g.negative and not g.ambiguous]) >= 100
    # Every document has a line, so a false hit anywhere in it is scored.
    assert all(dev[d] for d in dev_docs) and all(held[d] for d in held_docs)


@pytest.mark.parametrize(
    ("dev_path", "held_path"),
    [(WRITTEN_ROLES, HELDOUT_WRITTEN_ROLES), (WRITTEN_ROLES2, HELDOUT_WRITTEN_ROLES2)],
    ids=["written_roles", "written_roles2"],
)
def test_written_roles_split_by_document_and_share_none_with_other_gold(
    dev_path: Path, held_path: Path
) -> None:
    dev, dev_docs = read_military_gold(dev_path)
    held, held_docs = read_military_gold(held_path)
    assert set(dev_docs).isdisjoint(held_docs)
    others: set[str] = set()
    for path in [*GOLD_DIR.glob("*.jsonl"), *(GOLD_DIR / "heldout").glob("*.jsonl")]:
        if path not in (dev_path, held_path):
            rows = [json.loads(s) for s in path.read_text(encoding="utf-8").splitlines() if s]
            others |= {str(r.get("doc")) for r in rows}
    assert others.isdisjoint(dev_docs + held_docs)
    assert all(d.startswith("written/wr_") for d in dev_docs + held_docs)
    assert len(dev_docs) == len(held_docs) == 15
    lines = [g for per_doc in (*dev.values(), *held.values()) for g in per_doc]
    assert len([g for g in lines if not g.negative and not g.ambiguous]) >= 110


def test_written_roles_spans_match_their_texts(corpus_root: Path) -> None:
    # The wr_* texts live in the repo, so no corpus is needed for them.
    paths = [WRITTEN_ROLES, HELDOUT_WRITTEN_ROLES, WRITTEN_ROLES2, HELDOUT_WRITTEN_ROLES2]
    assert _checker().check(paths, corpus_root) == []


def test_positive_lines_carry_roles_scope_and_currency() -> None:
    for path in (
        DEV, HELDOUT, EXTRA, BLIND, BLIND_HELDOUT, FRESH, HELDOUT_FRESH,
        HEADLINES_FRESH, HEADLINES_HELDOUT, NEW, HELDOUT_NEW, REST, HELDOUT_REST,
        WRITTEN_ROLES, HELDOUT_WRITTEN_ROLES, WRITTEN_ROLES2, HELDOUT_WRITTEN_ROLES2,
    ):  # fmt: skip
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            if rec.get("negative"):
                continue
            assert {"actor", "counterpart", "scope"} <= rec.keys(), line
            assert rec["scope"] in ("event", "cumulative", None), line
            if rec["category"] == "spending":
                assert rec["currency"] and rec["unit"] != "budget", line


def test_spans_match_the_corpus_and_do_not_overlap(web2020s: Path) -> None:
    paths = [DEV, HELDOUT, EXTRA, BLIND, BLIND_HELDOUT, FRESH, HELDOUT_FRESH, NEW, HELDOUT_NEW]
    assert _checker().check([*paths, REST, HELDOUT_REST], web2020s) == []


def test_headlines_fresh_spans_match_the_corpus(corpus_root: Path) -> None:
    if not (corpus_root / "headlines" / "headlines.jsonl").exists():
        pytest.skip("headlines corpus not found")
    assert _checker().check([HEADLINES_FRESH, HEADLINES_HELDOUT], corpus_root) == []


# Floors below the measured dev scores (F1 on (value, category) / with the unit: 2020s
# 1.000 / 1.000, extra 1.000 / 0.979, fresh 1.000 / 1.000): a regression fails. The
# held-out files are not scored here.
_DEV_FLOORS = [(DEV, 0.98, 0.98), (EXTRA, 0.98, 0.96), (FRESH, 0.98, 0.97)]


@pytest.mark.parametrize(("path", "f1", "unit_f1"), _DEV_FLOORS, ids=lambda v: str(v)[-30:])
def test_dev_files_keep_their_scores(web2020s: Path, path: Path, f1: float, unit_f1: float) -> None:
    report = evaluate_military(path, web2020s)
    assert report.value_category.f1 >= f1, format_report(report)
    assert report.value_category_unit.f1 >= unit_f1, format_report(report)
    assert report.negatives_hit == 0, format_report(report)


# Role floors below the measured dev accuracies (actor / counterpart: 2020s 0.887 /
# 0.828, extra 0.926 / 0.894, fresh 0.857 / 0.923). The 2020s actor was 0.902 (55/61)
# until `three follow-on vessels` was found (a paired figure with no actor: 55/62; actor
# over all gold actors unchanged, 55/62).
_ROLE_FLOORS = [(DEV, 0.88, 0.82), (EXTRA, 0.92, 0.88), (FRESH, 0.85, 0.92)]


@pytest.mark.parametrize(("path", "actor", "counterpart"), _ROLE_FLOORS, ids=lambda v: str(v)[-30:])
def test_dev_files_keep_their_role_accuracy(
    web2020s: Path, path: Path, actor: float, counterpart: float
) -> None:
    report = evaluate_military(path, web2020s)
    assert report.actor_accuracy >= actor, format_report(report)
    assert report.counterpart_accuracy >= counterpart, format_report(report)


def test_checker_reports_a_shifted_span_and_an_overlap(web2020s: Path, tmp_path: Path) -> None:
    # Our own bad lines on a real corpus document: the checker must catch both faults.
    good = json.loads(DEV.read_text(encoding="utf-8").splitlines()[0])
    shifted = {**good, "start": good["start"] + 1}
    inside = {**good, "negative": True, "text": good["text"][1:], "start": good["start"] + 1}
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(json.dumps(r) for r in (good, shifted, inside)), encoding="utf-8")
    problems = _checker().check([bad], web2020s)
    assert any("does not match" in p for p in problems)
    assert any("overlap" in p for p in problems)
