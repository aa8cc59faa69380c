"""The README is the user's contract: every command documented, CI runs its test command."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from newsledger.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _command_names() -> list[str]:
    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_every_command_is_documented() -> None:
    missing = [c for c in _command_names() if f"newsledger {c}" not in README]
    assert missing == []


def test_ci_runs_the_readme_test_command() -> None:
    blocks = re.findall(r"```bash\n(.*?)```", README, flags=re.S)
    test_cmd = next(
        line.strip()
        for b in blocks
        for line in b.splitlines()
        if "pytest" in line and not line.startswith("#")
    )
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_cmd in ci


def test_readme_has_two_setup_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [
        line
        for b in re.findall(r"```bash\n(.*?)```", quick, flags=re.S)
        for line in b.splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(commands) == 2
    assert "newsledger run" in commands[0]
    assert "pytest" in commands[1]


def test_error_catalogue_in_operations_doc_is_the_catalogue() -> None:
    """docs/operations.md lists every coded error with its message and fix, and
    only those (transforms/errors.py is the one catalogue)."""
    import re

    from transforms.errors import Errors, Fixes, catalogue

    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    section = text.split("## Error catalogue", 1)[1].split("\n## ", 1)[0]
    rows = [
        tuple(cell.strip() for cell in line.strip("|").split(" | "))
        for line in section.splitlines()
        if re.match(r"\| `[A-Z]\d{3}` \|", line)
    ]
    assert rows == [(f"`{c}`", m, f) for c, m, f in catalogue()]
    # Every message has its "what to do", and no fix is left without its message.
    codes = {c for c in vars(Errors) if re.fullmatch(r"[A-Z]\d{3}", c)}
    assert codes == {c for c in vars(Fixes) if re.fullmatch(r"[A-Z]\d{3}", c)}
    assert all(f for _, _, f in catalogue())
