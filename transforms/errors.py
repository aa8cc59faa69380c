"""The one catalogue of coded errors (spaCy's ``Errors`` style).

Every domain error the CLI can show is a subclass of ``NewsledgerError``: it
carries a code, a one-line message, the context it happened in (path, table,
load id) and whether retrying can help. Every code also has a "what to do" text
in ``Fixes``. The CLI prints ``code: message; fix`` on one line and writes the
traceback to its log file; ``--debug`` shows the traceback instead.

This module imports nothing from the project, so every stage may use it.
"""

from __future__ import annotations

import re
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
    W003 = "Warehouse path is not usable: {path}: {why}"
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
    W011 = (
        "Load {load_id} is older than the time travel of warehouse {path}: its snapshot "
        "was expired (the last {keep} loads are kept)"
    )
    # V: validation
    V001 = "Batch validation failed for table {table} in load {load_id}: {why}"
    V002 = (
        "Load {load_id} does not reconcile: read {read} but loaded + unchanged + "
        "quarantined = {accounted}"
    )
    # C: configuration / command line
    C001 = "Invalid option {option}: {why}"
    C002 = "Invalid configuration {path}: {why}"
    C003 = (
        "Could not start a temporary Prefect API: {why}; start one with "
        "`prefect server start` and set PREFECT_API_URL"
    )
    # E: failures that are not the user's input
    E001 = "Internal error (a bug in newsledger): {why}"
    E002 = "The Prefect flow run failed: {why}"
    E003 = "Cannot reach the Prefect API at {url}: {why}"
    E004 = "Operating system error: {why}"
    C004 = "Could not pause the schedule of deployment {name}: {why}"


class Fixes:
    """What to do about each error, keyed like ``Errors``: the second half of the
    CLI's one line (``error [CODE]: message; to fix: ...``). Every code in
    ``Errors`` has one (tests/transforms/test_errors.py)."""

    S001 = "check the path (a relative path starts from the current folder)"
    S002 = "name the format with --format, or see docs/sources.md for the supported files"
    S003 = "check that the file is readable by you and is UTF-8 text"
    S004 = "correct the config file; docs/sources.md lists its tables and keys"
    S005 = "add --allow-network, or save the feed to a file and load that"
    S006 = "check the URL and the network, then run again (a later run catches up)"
    S007 = "give an http:// or https:// URL, or a local path"
    S008 = "split the source into smaller files"
    S009 = "give name=column pairs separated by commas; id and text are required"
    X001 = "nothing to do for the run: the article is quarantined; fix it at its source"
    X002 = "nothing to do for the run: the article is quarantined; split or trim it at its source"
    W003 = (
        "do what the reason says: a .sqlite path in a folder you can write, or the "
        "catalog file of a newsledger warehouse"
    )
    W004 = "nothing was committed: fix the cause in the log, then run again"
    W005 = "load it first with `newsledger run`, or give --warehouse the right path"
    W006 = "correct the query: analyst SQL is read-only, with no file or network access"
    W007 = "re-run the sources into the new path it names (the old file is left as it was)"
    W008 = "run it again: the rows of the other writers are committed, this load is not"
    W009 = "check the postgresql:// URL, the credentials and that the server accepts connections"
    W010 = "pick a load id from `SELECT load_id FROM loads WHERE status = 'completed'`"
    W011 = (
        "pick a later load; to reach further back, set NEWSLEDGER_TIME_TRAVEL_LOADS "
        "on the loading runs (it keeps loads from then on)"
    )
    V001 = "open the Data Docs for the failing rule; fix the input or the suite, then run again"
    V002 = "a bug: report it with the log file and the load's row in the loads table"
    C001 = "see `newsledger COMMAND --help` for the option's values"
    C002 = "correct the file; docs/operations.md lists the [schedule] keys"
    C003 = "start a server (`prefect server start`) and set PREFECT_API_URL, then run again"
    E001 = "report it with the log file; nothing of the failed load was committed"
    E002 = "open the flow run in the Prefect UI, or read the log file, for its cause"
    E003 = "start the server, or unset PREFECT_API_URL to run with a temporary API"
    E004 = "check free disk space and the permissions of the path in the message"
    C004 = "pause the deployment on its page in the Prefect UI, or it keeps scheduling runs"


def catalogue() -> list[tuple[str, str, str]]:
    """(code, message template, what to do) of every coded error, in code order:
    the table of docs/operations.md ("Error catalogue"; tests/test_docs.py)."""
    codes = sorted(c for c in vars(Errors) if re.fullmatch(r"[A-Z]\d{3}", c))
    return [(c, str(getattr(Errors, c)), fix_for(c)) for c in codes]


def fix_for(code: str) -> str:
    """The "what to do" text of ``code`` (empty for a code outside the catalogue)."""
    return str(getattr(Fixes, code, ""))


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

    @property
    def fix(self) -> str:
        return fix_for(self.code)

    def with_fix(self) -> str:
        """``one_line()`` and the code's "what to do" text: what the CLI prints."""
        fix = self.fix
        return self.one_line() + (f"; to fix: {fix}" if fix else "")


class SourceError(NewsledgerError):
    """Input cannot be read at all (not a bad record: that is quarantined)."""


class WarehouseError(NewsledgerError):
    """The warehouse cannot be opened, locked or written."""


class ValidationError(NewsledgerError):
    """A whole batch failed validation (a bad row is quarantined instead)."""


class ConfigError(NewsledgerError):
    """A command-line option or configuration file is wrong."""


class InternalError(NewsledgerError):
    """Not the user's doing: a bug (E001), a failed flow run (E002), the Prefect
    API unreachable (E003). The CLI wraps the original exception in one."""


class BadInputError(NewsledgerError):
    """One article's content cannot be extracted: the article is quarantined with
    ``reason``, the rest of its batch loads. Raised only for the data, never for a
    fault in our code (that fails the load: see docs/operations.md)."""

    # Quarantine reason per code: the ``quarantine.reason`` a user filters on.
    REASONS: ClassVar[dict[str, str]] = {"X001": "invalid_text", "X002": "text_too_large"}

    @property
    def reason(self) -> str:
        return self.REASONS[self.code]
