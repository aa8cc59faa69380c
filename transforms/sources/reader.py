"""The one entry point: specs in, deduplicated ArticleRecord / QuarantineRecord out."""

from __future__ import annotations

import io
import itertools
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from transforms.sources._common import Located, Record, slug
from transforms.sources.csv_reader import iter_csv
from transforms.sources.dedupe import dedupe_located
from transforms.sources.detect import (
    EXTENSIONS,
    FEED_EXTENSIONS,
    check_readable,
    detect_format,
    sniff_format,
)
from transforms.sources.errors import (
    CONFIG_INVALID,
    NETWORK_DISABLED,
    UNKNOWN_FORMAT,
    SourceError,
)
from transforms.sources.feeds import iter_feed
from transforms.sources.fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, check_url, fetch_url
from transforms.sources.html_pages import iter_html, page_record
from transforms.sources.jsonl import iter_jsonl
from transforms.sources.spec import FORMATS, SourceSpec, validated_field_map
from transforms.sources.txt import iter_txt, text_record
from transforms.sources.walk import iter_files

Plan = Callable[[], Iterator[Located]]

# Files a folder source of a given format reads (txt and html folders have
# their own readers).
_FOLDER_SUFFIXES: dict[str, frozenset[str]] = {
    "jsonl": frozenset({".jsonl", ".ndjson"}),
    "csv": frozenset({".csv"}),
    "rss": FEED_EXTENSIONS,
    "atom": FEED_EXTENSIONS,
}
_CONTENT_TYPES: dict[str, str] = {
    "application/rss+xml": "rss",
    "application/rdf+xml": "rss",
    "application/atom+xml": "atom",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/csv": "csv",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/json": "jsonl",
    "text/plain": "txt",
}


def _check_spec(spec: SourceSpec) -> None:
    if (spec.path is None) == (spec.url is None):
        raise SourceError(
            CONFIG_INVALID, f"source {spec.name or '?'}: give exactly one of path or url"
        )
    if spec.format is not None and spec.format not in FORMATS:
        raise SourceError(
            UNKNOWN_FORMAT,
            f"{spec.location()}: unknown format {spec.format!r} "
            f"(known: {', '.join(sorted(FORMATS))})",
            path=spec.location(),
        )
    for raw in (spec.csv_map, spec.field_map):
        if raw:
            validated_field_map(dict(raw), where=f"{spec.location()} field map")


def _file_records(path: Path, fmt: str, spec: SourceSpec) -> Iterator[Located]:
    origin = str(path)
    if fmt in ("rss", "atom"):
        yield from iter_feed(path.read_bytes(), origin=origin, name=spec.name, stem=path.stem)
        return
    explicit = set(spec.csv_map or {}) | set(spec.field_map or {})
    with path.open("rb") as fh:
        if fmt == "jsonl":
            yield from iter_jsonl(
                fh, origin=origin, default_source=spec.name or path.stem, mapping=spec.mapping()
            )
        else:
            yield from iter_csv(
                fh,
                origin=origin,
                default_source=spec.name or path.stem,
                mapping=spec.mapping(),
                explicit=explicit,
            )


def _path_plan(spec: SourceSpec) -> Plan:
    assert spec.path is not None
    path = Path(spec.path)
    check_readable(path)
    fmt = spec.format or detect_format(path)
    if fmt == "txt":
        return lambda: iter_txt(path, source=spec.name)
    if fmt == "html":
        return lambda: iter_html(path, source=spec.name)

    def records() -> Iterator[Located]:
        for file in iter_files(path, _FOLDER_SUFFIXES[fmt]):
            yield from _file_records(file, fmt, spec)

    return records


def _url_format(spec: SourceSpec, url: str, data: bytes, content_type: str | None) -> str:
    if spec.format:
        return spec.format
    sniffed = sniff_format(data[:4096])
    if sniffed:
        return sniffed
    if content_type in _CONTENT_TYPES:
        return _CONTENT_TYPES[content_type]
    suffix = Path(urllib.parse.urlsplit(url).path).suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    raise SourceError(
        UNKNOWN_FORMAT, f"{url}: cannot tell the format; give it explicitly", path=url
    )


def _url_plan(spec: SourceSpec, *, allow_network: bool, timeout: float, max_bytes: int) -> Plan:
    assert spec.url is not None
    url = spec.url
    check_url(url)
    if not allow_network:
        raise SourceError(
            NETWORK_DISABLED,
            f"{url}: network access is off; pass --allow-network "
            "(read_sources(..., allow_network=True)) to fetch URLs",
            path=url,
        )

    def records() -> Iterator[Located]:
        # Fetched when the iteration reaches this source, so one slow host does
        # not hold up the sources before it; a failure raises a retryable SourceError.
        doc = fetch_url(url, timeout=timeout, max_bytes=max_bytes)
        fmt = _url_format(spec, doc.url, doc.data, doc.content_type)
        host = urllib.parse.urlsplit(doc.url).hostname or "web"
        name = spec.name or slug(host)
        stem = Path(urllib.parse.urlsplit(doc.url).path).stem or host
        if fmt == "txt":
            yield text_record(doc.data, source=name, source_id=url, where=url, url=url)
        elif fmt == "html":
            yield page_record(doc.data, source=name, source_id=url, where=url, url=url)
        elif fmt in ("rss", "atom"):
            yield from iter_feed(doc.data, origin=url, name=spec.name, stem=stem)
        elif fmt == "jsonl":
            yield from iter_jsonl(
                io.BytesIO(doc.data), origin=url, default_source=name, mapping=spec.mapping()
            )
        else:
            explicit = set(spec.csv_map or {}) | set(spec.field_map or {})
            yield from iter_csv(
                io.BytesIO(doc.data),
                origin=url,
                default_source=name,
                mapping=spec.mapping(),
                explicit=explicit,
            )

    return records


def validate_specs(specs: Sequence[SourceSpec], *, allow_network: bool = False) -> None:
    """Raise the ``SourceError`` that ``read_sources`` would raise, reading nothing.

    Lets a CLI fail in a second, before it starts an orchestrator, on a missing
    path, an unknown format, a bad field map or a URL without network access.
    """
    for spec in specs:
        _check_spec(spec)
        if spec.path is not None:
            _path_plan(spec)
        else:
            _url_plan(
                spec,
                allow_network=allow_network,
                timeout=DEFAULT_TIMEOUT,
                max_bytes=DEFAULT_MAX_BYTES,
            )


def read_sources(
    specs: Sequence[SourceSpec],
    *,
    allow_network: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Record]:
    """Every input record of every spec as exactly one ArticleRecord or QuarantineRecord.

    All specs are checked before anything is read (missing paths, unknown
    formats, URLs without ``allow_network``), so a bad spec fails fast with a
    ``SourceError``. Reading is streamed; repeated (source, source_id) pairs
    across all specs are quarantined as ``duplicate_id``.
    """
    plans: list[Plan] = []
    for spec in specs:
        _check_spec(spec)
        if spec.path is not None:
            plans.append(_path_plan(spec))
        else:
            plans.append(
                _url_plan(spec, allow_network=allow_network, timeout=timeout, max_bytes=max_bytes)
            )
    return dedupe_located(itertools.chain.from_iterable(plan() for plan in plans))
