"""The output shown in docs/commands.md is what the commands print (at 80 columns, on the shipped plans).

Every ``console`` block whose command needs nothing but the shipped plans is run
and compared line by line; a line ``...`` in the docs stands for lines left out.
Blocks that need files a user makes (drafts, outcome files, a git history) are
tested where those files are built (test_cli_plans, test_diff, test_status_cli).
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from conftest import REPO, Run

DOCS = (REPO / "docs" / "commands.md").read_text("utf-8")
BLOCKS = re.findall(r"```console\n\$ rrp (.+?)\n(.*?)```", DOCS, re.S)
#: The commands of the blocks that need only the shipped plans (the others read files the user makes).
SHIPPED_ONLY = [
    (command, shown)
    for command, shown in BLOCKS
    if not re.search(r"drafts/|my-outcomes|@v20|\.txt|^compare nw eoe$", command)
]


def matches(shown: str, printed: str) -> bool:
    """The shown lines are the printed ones, a ``...`` line standing for any lines left out."""
    chunks = [chunk.strip("\n").split("\n") for chunk in re.split(r"(?m)^\.\.\.$", shown)]
    lines = printed.rstrip("\n").split("\n")
    at = 0
    for number, chunk in enumerate(chunks):
        if chunk == [""]:
            continue
        found = next((i for i in range(at, len(lines) - len(chunk) + 1) if lines[i : i + len(chunk)] == chunk), None)
        if found is None or (number == 0 and found != 0):
            return False
        at = found + len(chunk)
    return at == len(lines) or shown.rstrip().endswith("...")


def test_the_shipped_plans_blocks_are_found() -> None:
    commands = [command for command, _ in SHIPPED_ONLY]
    assert "list" in commands and len(commands) >= 5, commands


@pytest.mark.parametrize(("command", "shown"), SHIPPED_ONLY, ids=[c for c, _ in SHIPPED_ONLY])
def test_documented_output_is_printed(run: Run, plans_copy: Path, command: str, shown: str) -> None:
    result = run(*shlex.split(command), env={"COLUMNS": "120"} if command == "list" else None)
    printed = result.stdout + result.stderr
    assert matches(shown, printed), f"docs/commands.md shows for `rrp {command}`:\n{shown}\nrrp prints:\n{printed}"


def test_a_line_of_dots_stands_for_lines_left_out() -> None:
    assert matches("a\n...\nd\n", "a\nb\nc\nd\n")
    assert matches("a\nb\n...\n", "a\nb\nc\n")
    assert not matches("a\n...\nd\n", "a\nb\nc\n")
    assert not matches("b\n", "a\nb\n")
    assert not matches("a\n", "a\nb\n")
