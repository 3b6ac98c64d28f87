"""Only the commands that need them import jinja2 (render) and deepdiff (diff)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import REPO

PROBE = """
import contextlib, io, json, sys
from rrpcli.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main(sys.argv[1:], prog_name="rrp")
    except SystemExit:
        pass
heavy = [m for m in ("jinja2", "deepdiff") if m in sys.modules]
print(json.dumps(heavy), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["list"],
        ["show", "nw"],
        ["show", "nw", "--format", "json"],
        ["targets"],
        ["validate"],
        ["compare", "nw", "eoe"],
        ["import", "--help"],
        ["import", "tests/data/seed_north_west.txt"],
    ],
    ids=lambda a: " ".join(a),
)
def test_light_commands_do_not_import_heavy_libraries(args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=REPO, capture_output=True, text=True, check=False, timeout=60
    )
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []


@pytest.mark.parametrize(
    ("args", "heavy"),
    [
        (["diff", "nw", "tests/fixtures/north_west_2023_refresh.toml"], ["deepdiff"]),
        (["render", "briefing", "nw"], ["jinja2"]),
    ],
    ids=["diff", "render"],
)
def test_heavy_commands_import_only_their_library(args: list[str], heavy: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=REPO, capture_output=True, text=True, check=False, timeout=60
    )
    assert json.loads(done.stderr.strip().splitlines()[-1]) == heavy


def test_python_dash_m_rrpcli_is_the_rrp_command() -> None:
    from importlib.metadata import entry_points

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "rrp"]
    assert script.value == "rrpcli.__main__:run"
    done = subprocess.run(
        [sys.executable, "-m", "rrpcli", "--version"], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout.startswith("rrp, version ")) == (0, True)
