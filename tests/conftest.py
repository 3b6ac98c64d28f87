"""Shared fixtures: the shipped plans, a CLI runner, and builders for plan files."""

from __future__ import annotations

import importlib.util
import shutil
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner, Result

from rrpcli.cli import main

REPO = Path(__file__).resolve().parent.parent
PLANS = REPO / "plans"
DATA = Path(__file__).resolve().parent / "data"

Run = Callable[..., Result]


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run rrp in-process; stdout and stderr are kept apart, colour is off, width is 80."""
    monkeypatch.delenv("RRP_PLANS", raising=False)
    monkeypatch.setenv("COLUMNS", "80")

    def invoke(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
        return CliRunner().invoke(main, list(args), input=input, env=env, catch_exceptions=False)

    return invoke


@pytest.fixture
def plans_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory holding a copy of the shipped plans in ./plans."""
    shutil.copytree(PLANS, tmp_path / "plans")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "plans"


def meta_toml(code: str = "tl", region: str = "Testland", revision: str = "2022") -> str:
    """The [meta] table of a small plan."""
    return textwrap.dedent(
        f"""\
        [meta]
        code = "{code}"
        region = "{region}"
        title = "{region} Reducing Reoffending Plan 2022-25"
        period = "2022-25"
        revision = "{revision}"
        """
    )


def target_toml(pathway: str, text: str, **fields: object) -> str:
    """One [[pathways.X.targets]] table (the pathway table itself must exist)."""
    lines = [f"[[pathways.{pathway}.targets]]", f'text = "{text}"']
    for key, value in fields.items():
        lines.append(f'{key} = "{value}"' if isinstance(value, str) else f"{key} = {str(value).lower()}")
    return "\n".join(lines) + "\n"


def write(path: Path, text: str | bytes) -> Path:
    """Write a file (creating its folder) and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def plan_texts() -> list[str]:
    """Every text unit of two shipped plans, and some awkward texts."""
    from rrpcli.loader import load_plan
    from rrpcli.units import text_units

    plans = [load_plan(PLANS / "north_west.toml"), load_plan(PLANS / "east_of_england.toml")]
    texts = [u.text for plan in plans for u in text_units(plan)]
    return [
        *texts,
        "",
        "—",
        "İstanbul ß ﬁ ΣΑΣ",
        "don‘t won’t it’s",
        "£5.50, 10%.",
        "a.b,c",
        "# North West # s #s",
        "s s 2022 #",
    ]


#: Template sentences: other names, numbers, months and plurals, and near misses.
SENTENCES = [
    "By July 2023, North West will increase the proportion by 1 percentage point from 18% in March 2022",
    "By July 2023, East of England will increase the proportion by 6 percentage points from 14% in March 2022",
    "By March 2024, Kent, Surrey and Sussex will increase the proportion by 2 percentage points from 1%",
    "By 2024 North West will keep the proportion at 18%",
    "North West will grow 2 points",
    "East of England may shrink 2 point",
]


def load_benchmark_module(name: str) -> ModuleType:
    """A module of benchmarks/ (``synth`` or ``run``), which is not a package, loaded from its file."""
    spec = importlib.util.spec_from_file_location(f"rrp_benchmark_{name}", REPO / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module
