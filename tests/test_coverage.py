"""The shipped plans hold the published texts (the rule of ../shared/tools/seed_coverage.py)."""

from __future__ import annotations

import pytest
from conftest import DATA, PLANS
from seedcoverage import coverage


@pytest.mark.parametrize(
    ("plan", "seed"),
    [("north_west", "seed_north_west.txt"), ("east_of_england", "seed_east_of_england.txt")],
)
def test_plan_holds_at_least_99_percent_of_its_published_text(plan: str, seed: str) -> None:
    found, missing = coverage((PLANS / f"{plan}.toml").read_text("utf-8"), DATA / seed)
    assert found >= 99.0, missing


def test_coverage_rule_notices_missing_text() -> None:
    text = (PLANS / "north_west.toml").read_text("utf-8")
    cut = text.replace("Acquire three new probation buildings in Bootle, Preston and Blackburn", "Acquire buildings")
    found, missing = coverage(cut, DATA / "seed_north_west.txt")
    assert "Acquire three new probation buildings in Bootle, Preston and Blackburn" in missing
    assert found < coverage(text, DATA / "seed_north_west.txt")[0]
