"""What to read: ``SourceSpec`` and the field-map mechanism shared by csv and jsonl."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from transforms.sources.errors import FIELD_MAP_INVALID, SourceError

# "scheme://": a URL (any scheme, so file:// or ftp:// get the clear "only http(s)"
# error instead of "no such file"). A Windows drive "C:\\" has no "//".
_URL_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")

FORMATS: frozenset[str] = frozenset({"txt", "jsonl", "rss", "atom", "html", "csv"})

# Record fields an input column or JSON key can be mapped onto.
MAPPABLE_FIELDS: tuple[str, ...] = ("id", "title", "text", "published", "url", "source")

# The shared headlines corpus stores the headline under ``title`` and the Unix
# time under ``timestamp``: this map reads each headline as a (short) article.
HEADLINES_FIELD_MAP: dict[str, str] = {"text": "title", "published": "timestamp", "url": "link"}


@dataclass(slots=True)
class SourceSpec:
    """One input: a local ``path`` or a ``url`` (exactly one of them).

    ``format`` is detected when None. ``name`` overrides the source name (the
    directory name or file stem otherwise). ``csv_map`` / ``field_map`` map record
    fields (``id``, ``title``, ``text``, ``published``, ``url``, ``source``) to
    input column names (csv) or JSON keys (jsonl); unmapped fields use the
    same-named column. ``field_map`` wins over ``csv_map`` for a field given in both.

    Mutable on purpose: the CLI sets ``format`` / ``csv_map`` from its options
    after ``spec_from_path``; ``read_sources`` validates every spec before reading.
    """

    path: str | None
    url: str | None = None
    format: str | None = None
    name: str | None = None
    csv_map: dict[str, str] | None = None
    field_map: dict[str, str] | None = field(default=None)

    def mapping(self) -> dict[str, str]:
        """Effective record-field -> input-key mapping (identity for unmapped fields)."""
        merged = {name: name for name in MAPPABLE_FIELDS}
        for raw in (self.csv_map, self.field_map):
            if raw:
                merged.update(validated_field_map(dict(raw), where=f"{self.location()} field map"))
        return merged

    def location(self) -> str:
        """The path or URL, for messages."""
        return self.path if self.path is not None else (self.url or "<nothing>")


def spec_from_path(p: str) -> SourceSpec:
    """A spec for a command-line argument: a local path, or a URL when it has a scheme.

    Format is detected and the name defaulted later, in ``read_sources``.
    """
    if _URL_LIKE.match(p):
        return SourceSpec(path=None, url=p)
    return SourceSpec(path=p)


def validated_field_map(raw: dict[str, object], *, where: str) -> dict[str, str]:
    """Check a mapping's keys and values; raise a one-line ``SourceError`` otherwise."""
    result: dict[str, str] = {}
    for key, value in raw.items():
        if key not in MAPPABLE_FIELDS:
            raise SourceError(
                FIELD_MAP_INVALID,
                f"{where}: unknown field '{key}' (allowed: {', '.join(MAPPABLE_FIELDS)})",
            )
        if not isinstance(value, str) or not value.strip():
            raise SourceError(
                FIELD_MAP_INVALID, f"{where}: field '{key}' must map to a non-empty column name"
            )
        result[key] = value.strip()
    return result


def parse_csv_map(s: str) -> dict[str, str]:
    """Parse ``"id=ArticleID,title=Headline,text=Body"`` into a field map.

    Column names cannot contain ``,`` or ``=`` in this form (use a config file).
    """
    raw: dict[str, object] = {}
    for part in s.split(","):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        key = key.strip()
        if not sep:
            raise SourceError(FIELD_MAP_INVALID, f"field map item '{part.strip()}' has no '='")
        if key in raw:
            raise SourceError(FIELD_MAP_INVALID, f"field map names '{key}' twice")
        raw[key] = value
    if not raw:
        raise SourceError(FIELD_MAP_INVALID, f"field map '{s}' is empty")
    return validated_field_map(raw, where="field map")


# The same syntax serves jsonl key mapping (``--field-map text=title``).
parse_field_map = parse_csv_map
