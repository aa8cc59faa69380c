"""Deterministic, symlink-safe file walking for directory sources."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)


def iter_files(
    root: Path, suffixes: frozenset[str], *, skip_stems: frozenset[str] = frozenset()
) -> Iterator[Path]:
    """Files under ``root`` (or ``root`` itself) whose suffix is in ``suffixes``.

    Sorted for reproducible runs; symlinked folders are followed once (a link
    cycle would otherwise loop forever). Top-level files whose lower-case stem is
    in ``skip_stems`` (README, SOURCE...) describe the corpus and are skipped.
    """
    if not root.is_dir():
        yield root
        return
    seen: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        real = os.path.realpath(dirpath)
        if real in seen:
            dirnames[:] = []
            continue
        seen.add(real)
        dirnames.sort()
        top = Path(dirpath) == root
        for filename in sorted(filenames):
            path = Path(dirpath) / filename
            if path.suffix.lower() not in suffixes:
                continue
            if top and path.stem.lower() in skip_stems:
                log.info("skipping corpus documentation file %s", path)
                continue
            yield path
