"""Article duplicates: an exact hash of the normalised text and MinHash LSH bands.

Pure functions only (no database): ``warehouse.facts`` stores the bands in the
``article_bands`` table and looks a new article's bands up with one SQL join,
so the cost of a load grows with the load, not with the warehouse.

- The *normalised text* is the article's words (``\\w+`` runs, NFKC, lower
  case) joined by single spaces: the same story filed twice with different
  white space, quotes or punctuation hashes the same.
- *Shingles* are word 5-grams of the normalised text; two articles' similarity
  is the Jaccard index of their shingle sets (computed exactly for every LSH
  candidate, so the MinHash estimate only selects candidates).
- *Bands*: a ``NUM_PERM``-permutation MinHash cut into ``BANDS`` bands of
  ``ROWS`` rows; two articles are candidates when one band hash agrees.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import numpy as np

# Word 5-grams: long enough that two different stories on one topic share few
# (measured on BBC: different-story pairs in the same section stay below 0.1).
SHINGLE_WORDS = 5
# 120 permutations cut into 40 bands of 3 rows: P(candidate) = 1-(1-J^3)^40,
# i.e. 0.66 at J = 0.3, 0.995 at J = 0.5 and 4e-5 for a typical unrelated
# pair (J = 0.01). Low enough to find an extended copy (J 0.35, containment
# 0.94), few enough candidates that each is checked exactly.
NUM_PERM = 120
BANDS = 40
ROWS = NUM_PERM // BANDS
# Fixed seed and scheme: band hashes written by one load must match those of
# the next (datasketch 2's default scheme, named so an upgrade cannot change it).
MINHASH_SEED = 1
MINHASH_SCHEME = "affine32"
# Near-copy thresholds on the exact shingle sets, chosen from the measured BBC
# candidate pairs (docs/facts.md): lightly edited copies measure Jaccard
# >= 0.562, rewritten versions of a story (new lede, new quotes) <= 0.467.
NEAR_COPY_JACCARD = 0.5
# ... or the shorter article lies almost wholly inside the longer one (an
# extended copy: 0.941 measured; rewritten versions reach 0.674 at most).
NEAR_COPY_CONTAINMENT = 0.9
# Band number under which the normalised-text hash is stored in article_bands.
EXACT_BAND = -1
# Articles this short (in words) get no near-copy bands: two short notices
# share most 5-grams by template, not by being one story.
MIN_WORDS_FOR_NEAR = 40

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).lower())


def normalised_text(text: str) -> str:
    return " ".join(words(text))


def _h64(data: bytes) -> int:
    """A signed 64-bit hash (fits a BIGINT column)."""
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big", signed=True)


def _hash_words(w: list[str]) -> int:
    return _h64(" ".join(w).encode("utf-8", "surrogatepass"))


def text_hash(text: str) -> int:
    return _hash_words(words(text))


def shingles(text: str) -> set[str]:
    return _shingles_of(words(text))


def _shingles_of(w: list[str]) -> set[str]:
    if len(w) < SHINGLE_WORDS:
        return {" ".join(w)} if w else set()
    return {" ".join(w[i : i + SHINGLE_WORDS]) for i in range(len(w) - SHINGLE_WORDS + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def containment(a: set[str], b: set[str]) -> float:
    """Share of the smaller set's shingles that the larger one holds."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def is_near_copy(a: set[str], b: set[str]) -> tuple[bool, float]:
    """(near copy?, Jaccard) under the two measured thresholds."""
    j = jaccard(a, b)
    return (j >= NEAR_COPY_JACCARD or containment(a, b) >= NEAR_COPY_CONTAINMENT), j


def _crc32(data: bytes) -> int:
    # A 32-bit shingle hash in C: the MinHash's random affine permutations do
    # the mixing (datasketch's default SHA-1 took 2.5 of 7.8 s on BBC).
    return zlib.crc32(data)


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    # Drawn once: MinHash() draws them again for every object (1.1 s on BBC).
    from datasketch import MinHash  # imports SciPy (0.6 s): only when a load has new text

    return MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED).permutations


def minhash(sh: Iterable[str]) -> np.ndarray:
    from datasketch import MinHash

    m = MinHash(
        num_perm=NUM_PERM,
        seed=MINHASH_SEED,
        hashfunc=_crc32,
        permutations=_permutations(),
        scheme=MINHASH_SCHEME,
    )
    m.update_batch([s.encode("utf-8", "surrogatepass") for s in sh])
    return np.asarray(m.hashvalues, dtype=np.uint64)


def band_hashes(sig: np.ndarray) -> list[int]:
    """One signed 64-bit hash per band; the band number is part of the hash."""
    return [
        _h64(b.to_bytes(2, "big", signed=True) + sig[b * ROWS : (b + 1) * ROWS].tobytes())
        for b in range(BANDS)
    ]


@dataclass(frozen=True)
class Fingerprint:
    """What the warehouse keeps of one article to find its copies."""

    text_hash: int
    # (band, hash) pairs; empty for articles too short for near-copy matching.
    bands: tuple[tuple[int, int], ...]
    shingles: frozenset[str]

    def rows(self) -> list[tuple[int, int]]:
        """(band, hash) rows for article_bands, the exact hash first."""
        return [(EXACT_BAND, self.text_hash), *self.bands]


def fingerprint(text: str) -> Fingerprint:
    w = words(text)
    sh = _shingles_of(w)
    bands: tuple[tuple[int, int], ...] = ()
    if len(w) >= MIN_WORDS_FOR_NEAR:
        bands = tuple(enumerate(band_hashes(minhash(sh))))
    return Fingerprint(text_hash=_hash_words(w), bands=bands, shingles=frozenset(sh))


@dataclass(frozen=True)
class Match:
    original: str  # article_id of the first-seen copy
    kind: str  # exact | near
    jaccard: float


def best_match(
    fp: Fingerprint,
    candidates: Iterable[tuple[str, str]],
    texts: dict[str, str],
) -> Match | None:
    """The first-seen candidate this article copies, or None.

    ``candidates`` are (article_id, root) of earlier articles in
    first-seen order, where root is the article's own ``duplicate_of`` or its
    id; ``texts`` maps candidate ids to text. An exact copy wins over a near
    one; among near copies the earliest over a threshold wins. The
    match points to the candidate's root, so a chain of copies points to one
    original.
    """
    near: Match | None = None
    own = set(fp.shingles)
    for aid, root in candidates:
        other = texts[aid]
        if text_hash(other) == fp.text_hash:
            return Match(original=root, kind="exact", jaccard=1.0)
        if near is None:
            hit, j = is_near_copy(own, shingles(other))
            if hit:
                near = Match(original=root, kind="near", jaccard=round(j, 4))
    return near
