"""The terminal gets one line per event; tracebacks go to the log file.

Prefect's console handler prints every record in full, so a failed run used to
print a traceback of about 50 lines. ``quiet_console`` makes every console
handler print only the first line of a record (with where the rest is), and
``log_to_file`` sends all records, tracebacks included, to
``newsledger.log``. The Prefect API handler is untouched: the UI still shows
the full traceback of a failed flow or task run.

The log folder is ``$NEWSLEDGER_LOG_DIR``, else ``$XDG_STATE_HOME/newsledger``,
else ``~/.local/state/newsledger`` (the XDG base directory default).
"""

from __future__ import annotations

import logging
import os
import traceback
from datetime import UTC, datetime
from pathlib import Path

LOG_DIR_ENV = "NEWSLEDGER_LOG_DIR"
LOG_FILE_NAME = "newsledger.log"
# Set by the CLI for the processes it starts (serve's flow-run subprocesses),
# which configure their own console when they import flows.serve.
QUIET_CONSOLE_ENV = "NEWSLEDGER_QUIET_CONSOLE"
# The log keeps what a failed run needs to be diagnosed, not every DEBUG line.
FILE_LOG_LEVEL = logging.INFO
_FILE_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"
# Loggers whose records reach the terminal: Prefect's tree and ours.
_LOGGER_NAMES = ("prefect", "newsledger", "")


def log_dir() -> Path:
    env = os.environ.get(LOG_DIR_ENV)
    if env:
        return Path(env).expanduser()
    state = os.environ.get("XDG_STATE_HOME")
    base = Path(state).expanduser() if state else Path.home() / ".local" / "state"
    return base / "newsledger"


def log_path() -> Path:
    return log_dir() / LOG_FILE_NAME


class FirstLineFormatter(logging.Formatter):
    """Formats a record's first line only; says where the rest went."""

    def __init__(self, inner: logging.Formatter | None, log_file: Path) -> None:
        super().__init__()
        self.inner = inner or logging.Formatter()
        self.log_file = log_file

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        lines = message.splitlines() or [""]
        first = lines[0]
        if record.exc_info or record.exc_text or len(lines) > 1:
            exc = record.exc_info[1] if record.exc_info else None
            if exc is not None and first.rstrip().endswith(":"):
                why = str(exc).splitlines()[0] if str(exc) else ""
                first = f"{first} {type(exc).__name__}: {why}"
            first = f"{first} (traceback in {self.log_file})"
        short = logging.makeLogRecord(record.__dict__)
        short.msg, short.args = first, None
        short.exc_info, short.exc_text, short.stack_info = None, None, None
        return self.inner.format(short)


def _console_handlers() -> list[logging.Handler]:
    found: list[logging.Handler] = []
    loggers = [logging.getLogger(n) for n in _LOGGER_NAMES]
    loggers += [
        lg for lg in logging.Logger.manager.loggerDict.values() if isinstance(lg, logging.Logger)
    ]
    for lg in loggers:
        for h in lg.handlers:
            is_console = type(h).__name__ == "PrefectConsoleHandler" or (
                isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler)
            )
            if is_console and h not in found:
                found.append(h)
    return found


def quiet_console(log_file: Path | None = None) -> None:
    """Every console handler prints first lines only (idempotent)."""
    target = log_file or log_path()
    for handler in _console_handlers():
        if not isinstance(handler.formatter, FirstLineFormatter):
            handler.setFormatter(FirstLineFormatter(handler.formatter, target))


def log_to_file() -> Path | None:
    """Send Prefect's and newsledger's records to the log file; its path, or None
    when the folder cannot be created (the terminal line then says so)."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setLevel(FILE_LOG_LEVEL)
    handler.setFormatter(logging.Formatter(_FILE_FORMAT))
    for name in ("prefect", "newsledger"):
        lg = logging.getLogger(name)
        if not any(
            isinstance(h, logging.FileHandler) and Path(h.baseFilename) == path.resolve()
            for h in lg.handlers
        ):
            lg.addHandler(handler)
    ours = logging.getLogger("newsledger")
    if ours.level == logging.NOTSET:
        ours.setLevel(FILE_LOG_LEVEL)  # Prefect's loggers keep PREFECT_LOGGING_LEVEL
    return path


def write_traceback(exc: BaseException, headline: str) -> Path | None:
    """Append ``headline`` and the traceback of ``exc`` to the log file (only
    there: the terminal gets the one line). Returns the log's path, or None when
    it cannot be written."""
    path = log_path()
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    text = "".join(traceback.format_exception(exc))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"{stamp} {os.getpid()} ERROR newsledger.cli: {headline}\n{text}\n")
    except OSError:
        return None
    return path


class _DropTaskCompletions(logging.Filter):
    """Drops Prefect's "Finished in state Completed()" of each task run: the
    flow's log (terminal and UI) then reads as the load's story; failed,
    retried and crashed task runs are still logged."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (
            record.levelno == logging.INFO
            and record.getMessage().startswith("Finished in state Completed")
        )


_TASK_COMPLETIONS = _DropTaskCompletions()


def quiet_task_completions() -> None:
    """Install the filter on Prefect's task-run logger (idempotent)."""
    logger = logging.getLogger("prefect.task_runs")
    if _TASK_COMPLETIONS not in logger.filters:
        logger.addFilter(_TASK_COMPLETIONS)
