"""Domain errors raised by source readers.

A ``SourceError`` means a whole source cannot be read (missing path, unknown
format, bad config, network refused). Problems with single input records never
raise: they become ``QuarantineRecord`` rows so the rest of the input still loads.

It subclasses the project catalogue's ``transforms.errors.SourceError`` (a leaf
module every stage may import), so the CLI prints it as one line. Codes S001-S006
mean what the catalogue says; S007-S009 are added here (see docs/sources.md).
"""

from __future__ import annotations

from transforms.errors import SourceError as CatalogueSourceError

# Stable codes, so a CLI message or a log line can be looked up in docs/sources.md.
PATH_MISSING = "S001"
UNKNOWN_FORMAT = "S002"
UNREADABLE = "S003"
CONFIG_INVALID = "S004"
NETWORK_DISABLED = "S005"
FETCH_FAILED = "S006"
URL_REJECTED = "S007"
TOO_LARGE = "S008"
FIELD_MAP_INVALID = "S009"


class SourceError(CatalogueSourceError):
    """A source that cannot be read at all; ``str(err)`` is one line for the CLI."""

    def __init__(
        self, code: str, message: str, *, path: str | None = None, retryable: bool = False
    ) -> None:
        # The catalogue builds messages from templates; readers know more precise
        # wording, so the base initialiser is bypassed and its fields set here.
        Exception.__init__(self, f"[{code}] {' '.join(message.split())}")
        self.message = " ".join(message.split())  # one line: the CLI prints it as is
        self.code = code
        self.path = path
        self.retryable = retryable
        self.context = {"path": path} if path else {}
