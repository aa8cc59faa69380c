"""Article duplicates: normalised-text hash, shingles, MinHash bands, matching."""

from __future__ import annotations

from pathlib import Path

from transforms.facts import dedup

STORY = (
    "Gordon Brown has issued a rallying cry, telling supporters the stakes are too high "
    "to stay at home or protest vote in the forthcoming general election. The chancellor "
    "said the vote, expected to fall on 5 May, will give a clear and fundamental choice "
    "between Labour investment and Conservative cuts. Speaking at the spring conference in "
    "Gateshead, Mr Brown claimed the health service was not safe in Conservative hands. He "
    "said Tory plans to cut 35bn pounds of tax would cut deep into public services."
)
OTHER = (
    "Glenn Hoddle will be unveiled as the new Wolves manager on Tuesday. The club have "
    "confirmed that the former England coach will succeed Dave Jones at a news conference "
    "at Molineux. Hoddle has been linked with a return to former club Southampton but Wolves "
    "have won the race for his services. He has been out of the game since being sacked in "
    "September 2003 and worked alongside caretaker boss Stuart Gray."
)


def _bbc(corpus_root: Path, doc: str) -> str:
    raw = (corpus_root / "bbc" / f"{doc}.txt").read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def test_exact_hash_ignores_case_spacing_and_punctuation() -> None:
    noisy = STORY.upper().replace(" ", "  \n").replace(",", " ,")
    assert dedup.text_hash(noisy) == dedup.text_hash(STORY)
    assert dedup.text_hash(STORY + " Extra") != dedup.text_hash(STORY)


def test_shingles_are_word_five_grams() -> None:
    sh = dedup.shingles("One two three four five six")
    assert sh == {"one two three four five", "two three four five six"}
    assert dedup.shingles("Too short") == {"too short"}


def test_bands_are_deterministic_and_shared_by_copies() -> None:
    a, b = dedup.fingerprint(STORY), dedup.fingerprint(STORY + " ")
    assert a.bands == b.bands
    assert len(a.bands) == dedup.BANDS
    assert a.rows()[0] == (dedup.EXACT_BAND, a.text_hash)
    # A different story shares no band.
    assert not set(a.bands) & set(dedup.fingerprint(OTHER).bands)


def test_short_texts_get_no_near_copy_bands() -> None:
    assert dedup.fingerprint("Shares rose 5% on Monday.").bands == ()


def test_best_match_prefers_exact_and_points_to_the_root() -> None:
    edited = STORY.replace("forthcoming", "coming")
    fp = dedup.fingerprint(STORY)
    texts = {"near1": edited, "exact2": STORY.lower()}
    m = dedup.best_match(fp, [("near1", "near1"), ("exact2", "root0")], texts)
    assert m == dedup.Match(original="root0", kind="exact", jaccard=1.0)
    m = dedup.best_match(fp, [("near1", "root9")], texts)
    assert m is not None and m.kind == "near" and m.original == "root9"
    assert dedup.NEAR_COPY_JACCARD <= m.jaccard < 1.0
    assert dedup.best_match(fp, [("o", "o")], {"o": OTHER}) is None


def test_bbc_light_edit_is_a_near_copy(corpus_root: Path) -> None:
    # Measured: Jaccard 0.988, one headline word changed.
    a, b = (dedup.fingerprint(_bbc(corpus_root, d)) for d in ("tech/146", "tech/158"))
    assert set(a.bands) & set(b.bands)
    hit, j = dedup.is_near_copy(set(a.shingles), set(b.shingles))
    assert hit and j > 0.95


def test_bbc_extended_copy_is_caught_by_containment(corpus_root: Path) -> None:
    # politics/293 is politics/111 with 1,400 words appended: Jaccard 0.35.
    a, b = (dedup.fingerprint(_bbc(corpus_root, d)) for d in ("politics/111", "politics/293"))
    hit, j = dedup.is_near_copy(set(a.shingles), set(b.shingles))
    assert hit and j < dedup.NEAR_COPY_JACCARD
    assert dedup.containment(set(a.shingles), set(b.shingles)) >= dedup.NEAR_COPY_CONTAINMENT


def test_bbc_rewritten_version_is_not_a_copy(corpus_root: Path) -> None:
    # A later version of the story (new headline, lede and quotes): Jaccard 0.467,
    # containment 0.67.
    a, b = (dedup.fingerprint(_bbc(corpus_root, d)) for d in ("politics/327", "politics/328"))
    hit, j = dedup.is_near_copy(set(a.shingles), set(b.shingles))
    assert not hit and 0.4 < j < dedup.NEAR_COPY_JACCARD
