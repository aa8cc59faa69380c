"""The one catalogue of coded errors (spaCy's ``Errors`` style).

Every domain error the CLI can show is a subclass of ``NewsledgerError``: it
carries a code, a one-line message, the context it happened in (path, table,
load id) and whether retrying can help. The CLI prints ``code: message`` on one
line; ``--debug`` adds the traceback.

This module imports nothing from the project, so every stage may use it.
"""

from __future__ import annotations

from typing import Any, ClassVar


class Errors:
    """Message templates, keyed by code. Keep codes stable: users grep for them."""

    # S: sources
    S001 = "Path does not exist: {path}"
    S002 = "Unknown source format for {path}: {why}"
    S003 = "Cannot read {path}: {why}"
    S004 = "Invalid source config {path}: {why}"
    S005 = "Network fetching is off; pass --allow-network to fetch {url}"
    S006 = "Could not fetch {url}: {why}"
    S007 = "URL rejected (only http and https are fetched): {url}"
    S008 = "Source is larger than the size limit: {path}"
    S009 = "Invalid field map for {path}: {why}"
    # X: one article's content cannot be extracted (bad data: quarantined, not raised)
    X001 = "Article text is not valid Unicode: {why}"
    X002 = "Article text has {chars:,} characters, over the limit of {limit:,}"
    # W: warehouse
    W003 = "Warehouse path is not usable: {path} ({why})"
    W004 = "Load {load_id} failed while writing table {table}: {why}"
    W005 = "Warehouse {path} does not exist; run `newsledger run` first"
    W006 = "SQL error: {why}"
    W007 = (
        "Warehouse {path} is a DuckDB file of the old single-file layout; re-run your "
        "sources into a new warehouse path, e.g. --warehouse {new}"
    )
    W008 = (
        "{what}: other writers kept committing first ({attempts} attempts, last: {why}); "
        "run it again"
    )
    W009 = "Cannot open the catalog {catalog}: {why}; check the URL and that the server runs"
    W010 = "No completed load {load_id} in warehouse {path}; list them with `SELECT * FROM loads`"
    # V: validation
    V001 = "Batch validation failed for table {table} in load {load_id}: {why}"
    # C: configuration / command line
    C001 = "Invalid option {option}: {why}"
    C002 = "Invalid configuration {path}: {why}"
    C003 = (
        "Could not start a temporary Prefect API: {why}; start one with "
        "`prefect server start` and set PREFECT_API_URL"
    )


class NewsledgerError(Exception):
    """Base of all domain errors: one-line message, code, context, retryable."""

    code: str = "E000"
    retryable: bool = False

    def __init__(self, code: str, *, retryable: bool | None = None, **context: Any) -> None:
        template = getattr(Errors, code)
        self.code = code
        self.context = context
        if retryable is not None:
            self.retryable = retryable
        self.message = template.format(**context)
        super().__init__(f"[{code}] {self.message}")

    def one_line(self) -> str:
        hint = " (retrying may help)" if self.retryable else ""
        return f"error [{self.code}]: {self.message}{hint}".replace("\n", " ")


class SourceError(NewsledgerError):
    """Input cannot be read at all (not a bad record: that is quarantined)."""


class WarehouseError(NewsledgerError):
    """The warehouse cannot be opened, locked or written."""


class ValidationError(NewsledgerError):
    """A whole batch failed validation (a bad row is quarantined instead)."""


class ConfigError(NewsledgerError):
    """A command-line option or configuration file is wrong."""


class BadInputError(NewsledgerError):
    """One article's content cannot be extracted: the article is quarantined with
    ``reason``, the rest of its batch loads. Raised only for the data, never for a
    fault in our code (that fails the load: see docs/operations.md)."""

    # Quarantine reason per code: the ``quarantine.reason`` a user filters on.
    REASONS: ClassVar[dict[str, str]] = {"X001": "invalid_text", "X002": "text_too_large"}

    @property
    def reason(self) -> str:
        return self.REASONS[self.code]
