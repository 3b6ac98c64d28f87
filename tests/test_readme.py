"""The README's quick start is what CI runs."""

from __future__ import annotations

import re

from conftest import REPO


def quick_start() -> list[str]:
    readme = (REPO / "README.md").read_text("utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_is_two_commands() -> None:
    install_and_run, install_and_test = quick_start()
    assert "pip install ." in install_and_run and ".venv/bin/rrp " in install_and_run
    assert "pip install '.[test]'" in install_and_test and install_and_test.endswith(".venv/bin/pytest")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    install, test = quick_start()[1].split(" && .venv/bin/pytest")[0], ".venv/bin/pytest"
    assert install in ci
    assert f"\n{test}\n" in ci
