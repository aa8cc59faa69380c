"""Readers that turn inputs (txt, jsonl, csv, rss/atom, html; local or URL) into
``ArticleRecord`` or ``QuarantineRecord``. See docs/sources.md."""

from transforms.sources.config import load_source_config
from transforms.sources.dates import parse_published
from transforms.sources.dedupe import dedupe
from transforms.sources.detect import detect_format
from transforms.sources.errors import SourceError
from transforms.sources.reader import read_sources, validate_specs
from transforms.sources.spec import (
    HEADLINES_FIELD_MAP,
    SourceSpec,
    parse_csv_map,
    parse_field_map,
    spec_from_path,
)
from transforms.sources.txt import detect_title

__all__ = [
    "HEADLINES_FIELD_MAP",
    "SourceError",
    "SourceSpec",
    "dedupe",
    "detect_format",
    "detect_title",
    "load_source_config",
    "parse_csv_map",
    "parse_field_map",
    "parse_published",
    "read_sources",
    "spec_from_path",
    "validate_specs",
]
