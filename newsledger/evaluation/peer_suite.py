"""Pass rates of our money and number grammar on Microsoft Recognizers-Text's specs.

The specs (``../shared/peer-suites/recognizers-text/``) are lists of cases
``{"Input", "Results": [{"Text", "Start", "End" (inclusive), "Resolution"}]}``.

Currency (``CurrencyModel.json``): an expected mention is found when one of our
money figures has the same start and the same text (case-insensitive) and:

- *value*: the value agrees within 0.5%, after moving Recognizers' subunits into
  the main unit (``50 cents`` is ``value 50, unit Cent`` there, 0.5 USD here);
- *currency*: the ISO code agrees, for units with one code (``recognizers_units.json``);
  units without one (``Franc``, ``Bitcoin``) are checked on value only.

Expected mentions without a value (a bare ``dollar``) are out of scope: the
guidelines require a number. A case passes when every in-scope mention is found
and no other money figure is reported in it (negative cases must stay empty).

Numbers (``NumberModel.json``): only cases whose expected numbers are integers or
decimals are applicable (fractions like ``two thirds``, powers like ``1.3e6`` and
negative numbers are outside our grammar); a case passes when ``find_numbers``
returns exactly the expected spans and values.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsledger.evaluation.scoring import values_close
from transforms.money import extract_money
from transforms.numbers import NumberMatch, find_numbers
from transforms.records import MoneyFigure

UNITS_PATH = Path(__file__).parent / "recognizers_units.json"


@dataclass(frozen=True, slots=True)
class CaseResult:
    input: str
    value_ok: bool
    currency_ok: bool
    expected: list[str]
    got: list[str]


@dataclass(slots=True)
class PeerReport:
    """Case-level pass rates over the applicable cases."""

    suite: str
    n_cases: int  # all cases in the file
    n_applicable: int
    value_pass: int  # cases passing on span + value (and no extras)
    currency_pass: int  # cases passing on span + ISO currency (and no extras)
    failures: list[CaseResult] = field(default_factory=list)

    @property
    def value_rate(self) -> float:
        return self.value_pass / self.n_applicable if self.n_applicable else 1.0

    @property
    def currency_rate(self) -> float:
        return self.currency_pass / self.n_applicable if self.n_applicable else 1.0


def _load(path: Path) -> list[dict[str, Any]]:
    with Path(path).open(encoding="utf-8") as fh:
        cases: list[dict[str, Any]] = json.load(fh)
    return cases


def _units() -> dict[str, tuple[str | None, float]]:
    with UNITS_PATH.open(encoding="utf-8") as fh:
        raw: dict[str, Any] = json.load(fh)
    return {k: (v[0], float(v[1])) for k, v in raw.items() if not k.startswith("_")}


def currency_suite_report(
    path: Path, *, extractor: Callable[[str], list[MoneyFigure]] = extract_money
) -> PeerReport:
    """Run ``extractor`` on every case of ``CurrencyModel.json`` and count passes."""
    units = _units()
    cases = _load(path)
    report = PeerReport("currency", len(cases), 0, 0, 0)
    for case in cases:
        text: str = case["Input"]
        figures = extractor(text)
        in_scope = [r for r in case.get("Results", []) if r["Resolution"].get("value") is not None]
        out_of_scope = [r for r in case.get("Results", []) if r not in in_scope]
        report.n_applicable += 1
        used: set[int] = set()
        value_ok = currency_ok = True
        for r in in_scope:
            unit = r["Resolution"].get("unit", "")
            iso, factor = units.get(unit, (None, 1.0))
            want = float(r["Resolution"]["value"]) * factor
            hit = next(
                (
                    i
                    for i, f in enumerate(figures)
                    if f.start_char == r["Start"] and f.text.lower() == r["Text"].lower()
                ),
                None,
            )
            if hit is None:
                value_ok = currency_ok = False
                continue
            used.add(hit)
            f = figures[hit]
            value_ok &= values_close(f.value, want)
            if iso is not None:
                currency_ok &= f.currency == iso
        for i, f in enumerate(figures):
            if i in used:
                continue
            # A figure on a span Recognizers reports without a value is not an extra.
            if any(f.start_char <= r["End"] and r["Start"] < f.end_char for r in out_of_scope):
                continue
            value_ok = currency_ok = False
        report.value_pass += value_ok
        report.currency_pass += value_ok and currency_ok
        if not (value_ok and currency_ok):
            report.failures.append(
                CaseResult(
                    text,
                    value_ok,
                    currency_ok,
                    [
                        f"{r['Text']}={r['Resolution'].get('value')} {r['Resolution'].get('unit')}"
                        for r in in_scope
                    ],
                    [f"{f.text}={f.value:g} {f.currency}" for f in figures],
                )
            )
    return report


def _number_case_applicable(case: dict[str, Any]) -> bool:
    for r in case.get("Results", []):
        res = r["Resolution"]
        if res.get("subtype") in ("fraction", "power"):
            return False
        if str(res.get("value", "")).startswith("-"):
            return False
    return True


def number_suite_report(
    path: Path, *, finder: Callable[[str], list[NumberMatch]] = find_numbers
) -> PeerReport:
    """Run ``find_numbers`` on the applicable cases of ``NumberModel.json``."""
    cases = _load(path)
    report = PeerReport("number", len(cases), 0, 0, 0)
    for case in cases:
        if not _number_case_applicable(case):
            continue
        report.n_applicable += 1
        text: str = case["Input"]
        found = finder(text)
        expected = [
            (r["Start"], r["Text"].lower(), float(r["Resolution"]["value"]))
            for r in case.get("Results", [])
        ]
        got = [(m.start, m.text.lower(), m.value) for m in found]
        ok = len(got) == len(expected) and all(
            g[0] == e[0] and g[1] == e[1] and values_close(g[2], e[2])
            for g, e in zip(got, expected, strict=True)
        )
        report.value_pass += ok
        report.currency_pass += ok
        if not ok:
            report.failures.append(
                CaseResult(
                    text,
                    ok,
                    ok,
                    [f"{e[1]}={e[2]:g}" for e in expected],
                    [f"{g[1]}={g[2]:g}" for g in got],
                )
            )
    return report


def format_peer_report(report: PeerReport, *, show_failures: bool = True) -> str:
    lines = [
        f"{report.suite} suite: {report.n_applicable} applicable of {report.n_cases} cases; "
        f"value pass {report.value_pass} ({report.value_rate:.3f}), "
        f"currency pass {report.currency_pass} ({report.currency_rate:.3f})"
    ]
    if show_failures:
        for f in report.failures:
            lines.append(
                f"  FAIL {f.input[:90]!r}\n       expected {f.expected}\n       got      {f.got}"
            )
    return "\n".join(lines)


def default_suite_dir() -> Path:
    """``../shared/peer-suites/recognizers-text`` seen from the repository root."""
    return (
        Path(__file__).resolve().parents[2].parent / "shared" / "peer-suites" / "recognizers-text"
    )


if __name__ == "__main__":  # pragma: no cover
    d = default_suite_dir()
    print(format_peer_report(currency_suite_report(d / "CurrencyModel.json")))
    print(format_peer_report(number_suite_report(d / "NumberModel.json")))
