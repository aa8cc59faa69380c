"""Format detection by extension and content sniffing."""

from __future__ import annotations

import os
import re
from pathlib import Path

from transforms.sources.errors import PATH_MISSING, UNKNOWN_FORMAT, UNREADABLE, SourceError

EXTENSIONS: dict[str, str] = {
    ".txt": "txt",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
FEED_EXTENSIONS = frozenset({".xml", ".rss", ".atom", ".feed", ".rdf"})
SNIFF_BYTES = 4096

_ATOM = re.compile(rb"<feed\b[^>]*http://www\.w3\.org/2005/Atom", re.IGNORECASE)
_RSS = re.compile(rb"<(?:rss|rdf:RDF|channel)\b", re.IGNORECASE)
_HTML = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL)


def sniff_format(head: bytes) -> str | None:
    """Format of a document from its first bytes, or None when unsure."""
    head = head.removeprefix(b"\xef\xbb\xbf")
    if _ATOM.search(head):
        return "atom"
    if _RSS.search(head):
        return "rss"
    if _HTML.match(head):
        return "html"
    stripped = head.lstrip()
    if stripped.startswith(b"{"):
        return "jsonl"
    return None


def check_readable(path: Path) -> None:
    """Raise ``SourceError`` unless ``path`` exists and can be read."""
    if not path.exists():
        raise SourceError(PATH_MISSING, f"{path}: no such file or directory", path=str(path))
    if not os.access(path, os.R_OK):
        raise SourceError(UNREADABLE, f"{path}: not readable (permission denied)", path=str(path))


def _dir_format(path: Path) -> str:
    kinds: set[str] = set()
    for _dirpath, _dirs, files in os.walk(path, followlinks=True):
        for name in files:
            kind = EXTENSIONS.get(Path(name).suffix.lower())
            if kind in ("txt", "html"):
                kinds.add(kind)
        if len(kinds) > 1:
            break
    if kinds == {"txt"}:
        return "txt"
    if kinds == {"html"}:
        return "html"
    if kinds:
        raise SourceError(
            UNKNOWN_FORMAT,
            f"{path}: folder holds both .txt and .html files; give the format explicitly",
            path=str(path),
        )
    raise SourceError(
        UNKNOWN_FORMAT, f"{path}: folder holds no .txt or .html files", path=str(path)
    )


def detect_format(path: str | Path) -> str:
    """``txt``, ``jsonl``, ``csv``, ``html``, ``rss`` or ``atom``; ``SourceError`` otherwise."""
    p = Path(path)
    check_readable(p)
    if p.is_dir():
        return _dir_format(p)
    suffix = p.suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    try:
        with p.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError as exc:
        raise SourceError(UNREADABLE, f"{p}: cannot read ({exc})", path=str(p)) from exc
    sniffed = sniff_format(head)
    if suffix in FEED_EXTENSIONS and sniffed in ("rss", "atom"):
        return sniffed
    if suffix in FEED_EXTENSIONS:
        raise SourceError(
            UNKNOWN_FORMAT, f"{p}: {suffix} file is neither RSS nor Atom", path=str(p)
        )
    if sniffed:
        return sniffed
    raise SourceError(
        UNKNOWN_FORMAT,
        f"{p}: cannot tell the format (known: .txt, .jsonl, .ndjson, .csv, .html, "
        ".xml/.rss/.atom); give it explicitly",
        path=str(p),
    )
