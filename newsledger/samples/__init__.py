"""Five short invented news articles (BBC layout: title line, blank line, body),
written for newsledger and shipped as the default input of ``newsledger run``."""

from __future__ import annotations

from pathlib import Path


def samples_dir() -> Path:
    """Folder holding the sample ``.txt`` articles (read it with the txt reader)."""
    return Path(__file__).resolve().parent
