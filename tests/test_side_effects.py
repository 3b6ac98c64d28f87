"""rrp writes nothing to disk but the files a user names: no cache, no state, no compiled templates."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "north_west_2023_refresh.toml"


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["show", "nw"],
        ["targets"],
        ["validate"],
        ["compare", "nw", "eoe"],
        ["diff", "nw", str(FIXTURE)],
        ["render", "briefing", "nw"],
        ["render", "comparison", "nw", "eoe"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_a_command_leaves_home_cache_and_working_directory_untouched(tmp_path: Path, args: list[str]) -> None:
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "RRP_PLANS": str(REPO / "plans"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "rrpcli", *args], cwd=work, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode in (0, 1), done.stderr
    assert done.stdout
    assert sorted(home.rglob("*")) == []
    assert sorted(work.rglob("*")) == []
