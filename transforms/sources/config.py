"""Per-source configuration in TOML.

[[source]]
name = "bbc"
path = "../shared/corpus/bbc"   # relative to this file's folder
format = "txt"

[[source]]
name = "headlines"
path = "../shared/corpus/headlines/headlines.jsonl"
field_map = { text = "title", published = "timestamp", url = "link" }
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from transforms.sources.errors import CONFIG_INVALID, PATH_MISSING, SourceError
from transforms.sources.fetch import check_url
from transforms.sources.spec import FORMATS, SourceSpec, validated_field_map

ALLOWED_KEYS = frozenset({"name", "path", "url", "format", "csv_map", "field_map"})


def _fail(config: Path, message: str) -> SourceError:
    return SourceError(CONFIG_INVALID, f"{config}: {message}", path=str(config))


def _spec_from_entry(config: Path, number: int, entry: object) -> SourceSpec:
    if not isinstance(entry, dict):
        raise _fail(config, f"source #{number} is not a table")
    label = f"source #{number}" + (
        f" ({entry['name']!r})" if isinstance(entry.get("name"), str) else ""
    )
    unknown = sorted(set(entry) - ALLOWED_KEYS)
    if unknown:
        raise _fail(
            config,
            f"{label}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(ALLOWED_KEYS))})",
        )
    for key in ("name", "path", "url", "format"):
        if key in entry and (not isinstance(entry[key], str) or not entry[key].strip()):
            raise _fail(config, f"{label}: {key} must be a non-empty string")
    has_path, has_url = "path" in entry, "url" in entry
    if has_path == has_url:
        raise _fail(config, f"{label}: give exactly one of path or url")
    fmt = entry.get("format")
    if fmt is not None and fmt not in FORMATS:
        raise _fail(
            config, f"{label}: unknown format {fmt!r} (known: {', '.join(sorted(FORMATS))})"
        )
    maps: dict[str, dict[str, str] | None] = {}
    for key in ("csv_map", "field_map"):
        raw = entry.get(key)
        if raw is not None and not isinstance(raw, dict):
            raise _fail(config, f'{label}: {key} must be a table like {{ text = "body" }}')
        try:
            maps[key] = validated_field_map(raw, where=f"{label} {key}") if raw else None
        except SourceError as exc:
            raise _fail(config, exc.message) from exc
    path: str | None = None
    if has_path:
        resolved = (config.parent / entry["path"]).resolve()
        if not resolved.exists():
            raise SourceError(
                PATH_MISSING,
                f"{config}: {label}: path {entry['path']!r} not found ({resolved})",
                path=str(resolved),
            )
        path = str(resolved)
    else:
        try:
            check_url(entry["url"])
        except SourceError as exc:
            raise _fail(config, f"{label}: {exc.message}") from exc
    return SourceSpec(
        path=path,
        url=entry.get("url"),
        format=fmt,
        name=entry.get("name"),
        csv_map=maps["csv_map"],
        field_map=maps["field_map"],
    )


def load_source_config(path: str | Path) -> list[SourceSpec]:
    """Specs listed in a TOML file; one-line ``SourceError`` for any mistake."""
    config = Path(path)
    if not config.is_file():
        raise SourceError(PATH_MISSING, f"{config}: config file not found", path=str(config))
    try:
        with config.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise _fail(config, f"invalid TOML ({exc})") from exc
    except OSError as exc:
        raise _fail(config, f"cannot read ({exc})") from exc
    # [schedule] belongs to `newsledger serve` (flows/serve.py reads it).
    extra = sorted(set(data) - {"source", "schedule"})
    if extra:
        raise _fail(config, f"unknown top-level key {extra[0]!r} (expected [[source]] tables)")
    entries = data.get("source")
    if not isinstance(entries, list) or not entries:
        raise _fail(config, "no [[source]] tables")
    return [_spec_from_entry(config, n, entry) for n, entry in enumerate(entries, start=1)]
