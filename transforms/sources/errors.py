"""Domain errors raised by source readers.

A ``SourceError`` means a whole source cannot be read (missing path, unknown
format, bad config, network refused). Problems with single input records never
raise: they become ``QuarantineRecord`` rows so the rest of the input still loads.
"""

from __future__ import annotations

# Stable codes, so a CLI message or a log line can be looked up in docs/sources.md.
PATH_MISSING = "NL-S001"
UNKNOWN_FORMAT = "NL-S002"
CONFIG_INVALID = "NL-S003"
NETWORK_DISABLED = "NL-S004"
FETCH_FAILED = "NL-S005"
URL_REJECTED = "NL-S006"
TOO_LARGE = "NL-S007"
FIELD_MAP_INVALID = "NL-S008"
UNREADABLE = "NL-S009"


class SourceError(Exception):
    """A source that cannot be read at all; ``str(err)`` is one line for the CLI."""

    def __init__(
        self, code: str, message: str, *, path: str | None = None, retryable: bool = False
    ) -> None:
        # Keep the message on one line: the CLI prints it as is.
        self.message = " ".join(message.split())
        self.code = code
        self.path = path
        self.retryable = retryable
        super().__init__(f"{code}: {self.message}")
