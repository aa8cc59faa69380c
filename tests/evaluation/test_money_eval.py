"""The money evaluation: document loading, scoring arithmetic, and the real gold sets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsledger.evaluation.corpus import load_gold_docs, load_gold_published
from newsledger.evaluation.money import evaluate_money, format_report
from transforms.records import MoneyFigure

GOLD_DIR = Path(__file__).resolve().parents[1] / "gold"

# Our own writing, not corpus text.
ARTICLE = (
    "Widget maker sold\n\n"
    "Acme agreed to pay £120m for the widget maker, about $230m. "
    "Its shares rose 12p. Some 3,000 staff will move."
)
HEADLINE = "Startup raises $5M in seed round"


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "bbc" / "business").mkdir(parents=True)
    (root / "bbc" / "business" / "001.txt").write_text(ARTICLE, encoding="utf-8")
    # cp1252 pound sign: the loader must fall back like the real bbc/sport/199
    (root / "bbc" / "business" / "002.txt").write_bytes("Fee of \xa35,000 paid.".encode("latin-1"))
    (root / "headlines").mkdir()
    rows = [
        {"id": "h00001", "title": HEADLINE, "timestamp": 1641800000},
        {"id": "h00002", "title": "Mayor opens new bridge", "timestamp": 1641800000},
    ]
    (root / "headlines" / "headlines.jsonl").write_text(
        "\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8"
    )
    return root


def _line(doc: str, text: str, source: str, value: float, currency: str | None, **kw: Any) -> str:
    rec = {
        "doc": doc,
        "text": text,
        "start": source.index(text),
        "value": value,
        "currency": currency,
        "low": None,
        "high": None,
        "qualifier": None,
    }
    rec.update(kw)
    return json.dumps(rec)


def _write_gold(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_loader_reads_files_headlines_and_cp1252(tiny_corpus: Path) -> None:
    docs = load_gold_docs(tiny_corpus, ["bbc/business/001", "bbc/business/002", "h00001"])
    assert docs["bbc/business/001"] == ARTICLE
    assert docs["bbc/business/002"] == "Fee of £5,000 paid."
    assert docs["h00001"] == HEADLINE
    pub = load_gold_published(tiny_corpus, ["h00001", "bbc/business/001"])
    assert pub["bbc/business/001"] is None
    assert pub["h00001"] is not None and pub["h00001"].year == 2022


def test_loader_rejects_unknown_ids(tiny_corpus: Path) -> None:
    with pytest.raises(KeyError):
        load_gold_docs(tiny_corpus, ["nonsense/1"])
    with pytest.raises(KeyError):
        load_gold_docs(tiny_corpus, ["h99999"])


def test_perfect_gold_scores_one(tiny_corpus: Path, tmp_path: Path) -> None:
    gold = _write_gold(
        tmp_path / "gold.jsonl",
        [
            _line("bbc/business/001", "£120m", ARTICLE, 120e6, "GBP"),
            _line("bbc/business/001", "$230m", ARTICLE, 230e6, "USD", qualifier="approx"),
            _line("bbc/business/001", "12p", ARTICLE, 0.12, "GBP"),
            _line("bbc/business/002", "£5,000", "Fee of £5,000 paid.", 5000, "GBP"),
            _line("h00001", "$5M", HEADLINE, 5e6, "USD"),
            json.dumps({"doc": "h00002", "negative": True, "text": "new", "start": 11}),
        ],
    )
    report = evaluate_money(gold, tiny_corpus)
    assert (report.n_docs, report.n_gold, report.n_pred) == (4, 5, 5)
    for prf in (report.span, report.value, report.currency, report.value_currency):
        assert (prf.precision, prf.recall, prf.f1) == (1.0, 1.0, 1.0)
    assert report.qualifier_accuracy == 1.0
    assert report.errors == []


def test_errors_are_counted_and_listed(tiny_corpus: Path, tmp_path: Path) -> None:
    gold = _write_gold(
        tmp_path / "gold.jsonl",
        [
            # wrong value on purpose (gold says 121m): span hit, value miss
            _line("bbc/business/001", "£120m", ARTICLE, 121e6, "GBP"),
            # wrong currency on purpose: span and value hit, currency miss
            _line("bbc/business/001", "$230m", ARTICLE, 230e6, "AUD", qualifier="approx"),
            # "12p" left out of the gold: the prediction becomes a false positive
            # a gold mention the extractor cannot produce: a false negative
            _line("bbc/business/001", "3,000", ARTICLE, 3000, None),
            _line("bbc/business/002", "£5,000", "Fee of £5,000 paid.", 5000, "GBP"),
            # ambiguous: neither required nor penalised
            _line("h00001", "$5M", HEADLINE, 5e6, "USD", ambiguous=True),
        ],
    )
    report = evaluate_money(gold, tiny_corpus)
    assert report.n_gold == 4
    assert report.n_pred == 4  # £120m, $230m, 12p, £5,000 ($5M sits on an ambiguous span)
    assert report.span.tp == 3
    assert report.value.tp == 2
    assert report.currency.tp == 2
    assert report.value_currency.tp == 1
    assert report.value_currency.precision == pytest.approx(1 / 4)
    assert report.value_currency.recall == pytest.approx(1 / 4)
    kinds = sorted(e.kind for e in report.errors)
    assert kinds == ["FN", "FP", "wrong_currency", "wrong_value"]
    text = format_report(report)
    assert "value+currency" in text and "'12p'" in text and "'3,000'" in text


def test_extractor_can_be_swapped_for_a_baseline(tiny_corpus: Path, tmp_path: Path) -> None:
    gold = _write_gold(tmp_path / "gold.jsonl", [_line("h00001", "$5M", HEADLINE, 5e6, "USD")])

    def nothing(text: str, **_: Any) -> list[MoneyFigure]:
        return []

    report = evaluate_money(gold, tiny_corpus, extractor=nothing)
    assert report.span.recall == 0.0
    assert report.value_currency.f1 == 0.0


@pytest.mark.parametrize("name", ["money.jsonl", "money_bbc_extra.jsonl"])
def test_real_gold_sets(name: str, corpus_root: Path) -> None:
    gold = GOLD_DIR / name
    if not gold.exists():
        pytest.skip(f"gold set {gold} not written yet")
    report = evaluate_money(gold, corpus_root)
    print(format_report(report))
    assert report.n_gold > 0
    assert report.value_currency.f1 >= 0.95
    assert report.span.f1 >= 0.95
