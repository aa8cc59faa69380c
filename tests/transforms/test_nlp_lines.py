"""A line is its own sentence: headlines and headings without a full stop."""

from __future__ import annotations

from pathlib import Path

from transforms.military import extract_military
from transforms.nlp import load_nlp


def test_a_headline_line_is_its_own_sentence() -> None:
    doc = load_nlp()("Russian missile strike kills 14 in Dnipro\nOfficials said 30 were wounded.")
    assert [s.text.strip() for s in doc.sents] == [
        "Russian missile strike kills 14 in Dnipro",
        "Officials said 30 were wounded.",
    ]


def test_a_line_in_lower_case_continues_the_sentence() -> None:
    doc = load_nlp()("He said the army\nwould fight on.")
    assert len(list(doc.sents)) == 1


def test_every_title_line_of_the_2020s_corpus_ends_its_sentence(corpus_root: Path) -> None:
    # real pages: the first line is the title, and no sentence runs past it
    nlp = load_nlp()
    checked = 0
    for path in sorted((corpus_root / "web2020s" / "docs").glob("*.txt"))[:40]:
        text = path.read_text(encoding="utf-8")
        end = text.find("\n")
        if end <= 0 or not text[end + 1 : end + 2].isupper():
            continue
        doc = nlp(text[:2000])
        assert all(s.start_char > end or s.end_char <= end + 2 for s in doc.sents), path.name
        checked += 1
    assert checked >= 10


def test_a_headline_count_does_not_take_the_next_lines_words() -> None:
    # the headline's own casualty figure, and the body's, each in its own sentence
    doc = load_nlp()(
        "Israeli strikes kill 40 in Gaza\nThe army said 12 soldiers were wounded in the clashes."
    )
    found = {(f.text, f.category) for f in extract_military(doc)}
    assert ("40", "killed") in found
    assert ("12 soldiers", "wounded") in found
