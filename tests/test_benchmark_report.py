"""The benchmark runner's own logic (benchmarks/run.py): budgets, verdicts, selection and the report.

No timing is asserted: the processes timed here are trivial, and only what the runner makes of
the numbers is checked.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, load_benchmark_module

from rrpcli.loader import load_plan

bench = load_benchmark_module("run")
QUICK = [sys.executable, "-c", "pass"]
SPEC = bench.Bench("x", "python -c pass", ("-c", "pass"), "", piped=bench.PIPED, tty=bench.AT_TTY)
INFO = {"cpu": "cpu", "cores": 2, "python": "CPython", "os": "os", "versions": {"rrp": "0"}, "date": "d"}


def result(**numbers: Any) -> Any:
    """A measured result with the given numbers (a 100 ms floor unless told), for the verdict and the table."""
    r = bench.Result("x", "rrp x", ["rrp", "x"], ["floor"], None, runs=3, warmup=1)
    r.floor_ms, r.cpu_ms, r.floor_cpu_ms = 100.0, 90.0, 90.0
    for key, value in numbers.items():
        setattr(r, key, value)
    if r.median_ms is not None:
        r.ratio = r.median_ms / r.floor_ms
    return r


# --------------------------------------------------------------------------- verdicts


def test_times_are_within_budget_at_the_limit_and_memory_only_below_it() -> None:
    budget = bench.Budget(ratio=2, seconds=0.25, memory_mb=150)
    assert bench.judge(result(median_ms=200.0, peak_mb=149.9), budget) == ("ok", [])
    assert bench.judge(result(median_ms=200.0, peak_mb=150.0), budget) == ("over", ["150 MB ≥ 150 MB"])
    assert bench.judge(result(median_ms=250.0, peak_mb=20.0), bench.Budget(seconds=0.25)) == ("ok", [])


def test_every_limit_that_is_missed_is_named() -> None:
    budget = bench.Budget(ratio=2, seconds=0.25, memory_mb=150)
    state, reasons = bench.judge(result(median_ms=300.0, peak_mb=200.0), budget)
    assert (state, reasons) == ("over", ["3.00× > 2×", "0.30 s > 0.25 s", "200 MB ≥ 150 MB"])
    assert bench.judge(result(median_ms=300.0, peak_mb=20.0), bench.Budget(ratio=4, seconds=0.25)) == (
        "over",
        ["0.30 s > 0.25 s"],
    )


def test_no_budget_gives_no_verdict() -> None:
    measured = result(median_ms=10_000.0, peak_mb=900.0)
    assert bench.judge(measured, None) == ("info", [])
    assert bench.judge(measured, bench.WATCH) == ("info", [])


def test_a_measured_command_is_judged_by_the_budget_given() -> None:
    judged = bench.measure(SPEC, QUICK, QUICK, bench.child_env(), runs=2, warmup=1, budget=bench.PIPED)
    assert judged.state in ("ok", "over") and judged.peak_mb > 0 and judged.ratio is not None
    assert (len(judged.runs_ms), len(judged.floor_runs_ms), judged.runs, judged.warmup) == (2, 2, 2, 1)
    assert judged.median_ms == statistics.median(judged.runs_ms)
    assert judged.ratio == judged.median_ms / statistics.median(judged.floor_runs_ms)
    unjudged = bench.measure(SPEC, QUICK, QUICK, bench.child_env(), runs=1, warmup=0, budget=None)
    assert (unjudged.state, unjudged.reasons) == ("info", [])


def test_a_failing_command_and_a_failing_floor_are_reported_with_their_stderr() -> None:
    failing = [sys.executable, "-c", "import sys; sys.exit('broken plan')"]
    done = bench.measure(SPEC, failing, QUICK, bench.child_env(), runs=1, warmup=0, budget=bench.PIPED)
    assert (done.state, done.reasons, done.stderr.strip()) == ("failed", ["exit status 1"], "broken plan")
    text = bench.report([done], INFO)
    assert "| `python -c pass` | | | | | | ≤ 2×, < 150 MB | **failed** (exit status 1) |" in text
    assert "python -c pass: exit status 1\n```\nbroken plan\n```" in text
    floor = bench.measure(SPEC, QUICK, failing, bench.child_env(), runs=1, warmup=0, budget=bench.PIPED)
    assert (floor.state, floor.reasons) == ("failed", ["floor exit status 1"])


def test_a_status_the_command_may_give_is_not_a_failure() -> None:
    differs = [sys.executable, "-c", "raise SystemExit(1)"]
    spec = bench.Bench("d", "diff", (), "diff", piped=bench.PIPED, tty=None, exit_ok=(0, 1))
    done = bench.measure(spec, differs, QUICK, bench.child_env(), runs=1, warmup=0, budget=bench.PIPED)
    assert done.state in ("ok", "over")


def test_a_run_over_its_time_limit_is_killed() -> None:
    done = bench.run_once([sys.executable, "-c", "import time; time.sleep(30)"], bench.child_env(), timeout_s=0.5)
    assert (done.status, done.stderr) == (-9, "(killed after 0.5 s)")


def test_check_fails_only_on_over_or_failed() -> None:
    ok, info, over, failed = (bench.Result("x", "x", [], [], None, state=s) for s in ("ok", "info", "over", "failed"))
    assert bench.exit_status([ok, info], check=True) == 0
    assert bench.exit_status([ok, over], check=True) == 1
    assert bench.exit_status([failed], check=True) == 1
    assert bench.exit_status([over, failed], check=False) == 0


# --------------------------------------------------------------------------- the budgets of the issues


def by_name() -> dict[str, Any]:
    return {b.name: b for b in bench.BENCHES}


def test_every_rrp_command_is_benchmarked_on_the_shipped_plans() -> None:
    shipped = {b.command for b in bench.BENCHES if b.corpus is None and not b.large and not b.code}
    assert shipped == bench.available_commands() | {""}


def test_commands_on_the_shipped_plans_have_the_budgets_of_issue_12() -> None:
    shipped = [b for b in bench.BENCHES if b.corpus is None and not b.large and not b.code]
    for b in shipped:
        piped = 3 if b.command == "render" else 2
        assert (b.piped.ratio, b.piped.seconds, b.piped.memory_mb) == (piped, None, 150), b.name
        assert (b.tty.ratio, b.tty.seconds, b.tty.memory_mb) == (4, None, 150), b.name


def test_compare_of_many_and_large_plans_has_the_budgets_of_issues_12_and_13() -> None:
    benches = by_name()
    twelve = benches["compare-12"]
    assert twelve.corpus == (12, 1) and twelve.args[-12:] == bench.TWELVE
    assert (twelve.piped.ratio, twelve.piped.seconds, twelve.piped.memory_mb) == (4, 0.25, 150)
    assert (twelve.tty.ratio, twelve.tty.seconds, twelve.tty.memory_mb) == (8, None, 150)
    at_10x, at_100x = benches["compare-12x10"], benches["compare-2x100"]
    assert (at_10x.corpus, at_10x.piped.ratio, at_10x.piped.seconds, at_10x.piped.memory_mb) == ((12, 10), None, 5, 300)
    assert (at_100x.corpus, at_100x.piped.ratio, at_100x.piped.seconds, at_100x.piped.memory_mb) == (
        (2, 100),
        None,
        20,
        500,
    )
    assert at_10x.runs < twelve.runs and at_100x.runs < twelve.runs  # few runs of the big corpora
    growth = {b.name: b.piped for b in bench.GROWTH}
    assert (growth["12x1"].seconds, growth["12x10"], growth["2x100"]) == (0.25, at_10x.piped, at_100x.piped)


def test_the_lower_bounds_run_python_with_the_imports_a_command_cannot_do_without() -> None:
    bounds = {b.name: b for b in bench.BENCHES if b.code}
    assert sorted(bounds) == ["least-any", "least-diff", "least-render"]
    assert bench.command_line(bounds["least-any"], ["rrp"], {}) == [sys.executable, "-c", "import rrpcli.cli"]
    assert bounds["least-diff"].code == f"{bench.FLOOR}, deepdiff"
    assert bounds["least-render"].code == f"{bench.FLOOR}, jinja2.sandbox"
    for b in bounds.values():  # measured beside the commands, judged by no budget, not run at a terminal
        assert not b.piped.judges and b.tty is None and b.command == ""
    assert names(bench.selected(["least"])) == sorted(bounds)


def test_the_growth_curve_covers_2_to_48_regions_and_1x_to_100x() -> None:
    points = {b.corpus for b in bench.GROWTH}
    assert {(n, 1) for n in (2, 4, 8, 12, 24, 48)} <= points
    assert {(2, k) for k in (1, 10, 30, 100)} | {(12, 10)} <= points
    for b in bench.GROWTH:
        regions, factor = b.corpus
        assert b.name == f"{regions}x{factor}" and b.command == "compare"
        assert b.args[:3] == ("--plans", "{corpus}", "compare") and len(b.args) == 3 + regions
        assert b.runs == (5 if regions * factor <= 48 else 1)


# --------------------------------------------------------------------------- selection


def names(benches: list[Any]) -> list[str]:
    return [b.name for b in benches]


def test_each_mode_runs_the_benchmarks_it_has_budgets_for() -> None:
    assert names(bench.selected([])) == names(bench.BENCHES)
    at_tty = names(bench.selected([], tty=True))
    assert "compare-12" in at_tty and "compare-12x10" not in at_tty and "compare-2x100" not in at_tty
    assert names(bench.selected([], growth=True)) == names(bench.GROWTH)


def test_only_names_benchmarks_or_groups() -> None:
    assert names(bench.selected(["render"])) == ["render-briefing", "render-comparison", "render-revision"]
    assert names(bench.selected(["compare-12"])) == ["compare-12"]
    assert names(bench.selected(["compare"])) == ["compare", "compare-12", "compare-12x10", "compare-2x100"]
    assert names(bench.selected(["help,show", "diff"])) == ["help", "show", "diff", "diff-10x"]
    assert names(bench.selected(["compare-12x10"], tty=True)) == ["compare-12x10"]  # named: run, no verdict
    assert names(bench.selected(["2x100", "48x1"], growth=True)) == ["48x1", "2x100"]
    with pytest.raises(ValueError, match="unknown benchmark nope"):
        bench.selected(["nope"])
    with pytest.raises(ValueError, match="unknown benchmark 2x100"):
        bench.selected(["2x100"])  # a growth point, not a benchmark


def test_the_synthetic_plans_are_written_once_and_fill_the_command_lines(tmp_path: Path) -> None:
    wanted = [by_name()["compare-12"], *bench.selected(["12x1", "24x1"], growth=True), by_name()["diff-10x"]]
    paths, sizes = bench.write_synthetic(wanted, tmp_path, lambda message: None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["12x1", "24x1", "large", "regions"]
    twelve = bench.command_line(wanted[0], ["rrp"], paths["compare-12"])
    assert twelve == ["rrp", "--plans", str(tmp_path / "12x1"), "compare", *bench.TWELVE]
    assert bench.command_line(wanted[1], ["rrp"], paths["12x1"]) == twelve
    many = bench.command_line(wanted[2], ["rrp"], paths["24x1"])
    codes = many[4:]
    assert codes[:12] == list(bench.TWELVE) and len(codes) == len(set(codes)) == 24
    assert set(codes) == {load_plan(path).code for path in (tmp_path / "24x1").glob("*.toml")}
    large = [tmp_path / "large" / "north_west_x10.toml", tmp_path / "large" / "north_west_x10_revised.toml"]
    assert bench.command_line(wanted[3], ["rrp"], paths["diff-10x"]) == ["rrp", "diff", *map(str, large)]
    assert sizes["compare-12"] == sizes["12x1"] == sum(p.stat().st_size for p in (tmp_path / "12x1").iterdir()) / 1e6
    assert sizes["diff-10x"] == sum(p.stat().st_size for p in large) / 1e6


# --------------------------------------------------------------------------- report


def test_the_table_shows_the_budget_and_every_limit_missed() -> None:
    over = result(median_ms=1234.0, peak_mb=200.0)
    over.budget, (over.state, over.reasons) = bench.PIPED, bench.judge(over, bench.PIPED)
    info = result(median_ms=50.0, peak_mb=20.0, state="info")
    missing = bench.Result("y", "rrp y", [], [], bench.PIPED, state="n/a")
    lines = bench.table([over, info, missing]).splitlines()
    assert lines[2] == (
        "| `rrp x` | 1,234 | 100 | 12.34× | 1.00× | 200 | ≤ 2×, < 150 MB | **over**: 12.34× > 2×; 200 MB ≥ 150 MB |"
    )
    assert lines[3] == "| `rrp x` | 50 | 100 | 0.50× | 1.00× | 20 | none (named with --only) | – |"
    assert lines[4] == "| `rrp y` | | | | | | ≤ 2×, < 150 MB | n/a (command not available) |"


def test_the_growth_table_has_a_row_per_corpus() -> None:
    small = result(median_ms=310.0, cpu_ms=290.0, peak_mb=27.0, corpus_mb=0.52)
    small.name, small.budget, small.state = "12x1", bench.Budget(seconds=0.25), "over"
    small.reasons = ["0.31 s > 0.25 s"]
    large = result(median_ms=95_000.0, cpu_ms=90_000.0, peak_mb=1053.0, corpus_mb=9.4, runs=1)
    large.name, large.budget, large.state = "2x100", bench.WATCH, "info"
    lines = bench.growth_table([small, large]).splitlines()
    assert lines[2] == "| 12 | normal | 0.5 | 0.31 | 0.29 | 27 | 3 | ≤ 0.25 s | **over**: 0.31 s > 0.25 s |"
    assert lines[3] == "| 2 | 100× | 9.4 | 95.00 | 90.00 | 1053 | 1 | none | – |"


def test_the_report_says_how_often_each_ran_and_when_the_machine_was_busy() -> None:
    quiet = [result(median_ms=120.0, peak_mb=20.0, floor_cpu_ms=98.0), result(median_ms=9000.0, peak_mb=20.0)]
    quiet[1].name, quiet[1].runs, quiet[1].warmup = "big", 1, 0
    text = bench.report(quiet, {**INFO, "load": 0.3, "load_end": 0.5})
    assert "Medians of 3 runs after 1 warm-up runs (`big`: 1 after 0)" in text
    assert "measured d, load average 0.3 at the start, 0.5 at the end." in text and "busy" not in text
    waited = [result(median_ms=120.0, peak_mb=20.0, floor_cpu_ms=60.0)]
    assert "the floor's wall time was 1.67× its CPU time" in bench.report(waited, {**INFO, "load": 0.3})
    assert "Note: the machine was busy (load average up to 2.5 on 2 cores);" in bench.report(
        quiet, {**INFO, "load": 2.5}
    )


def test_the_benchmark_list_in_the_readme_is_the_runners() -> None:
    readme = (REPO / "benchmarks" / "README.md").read_text("utf-8")
    assert bench.bench_list() in readme


# --------------------------------------------------------------------------- end to end


def test_a_run_of_one_benchmark_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--only", "help", "--runs", "2", "--warmup", "0", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["mode"], doc["output"], doc["floor"]) == ("benchmarks", "/dev/null", "import click, rich.console")
    (only,) = doc["results"]
    assert (only["name"], only["runs"], only["warmup"], len(only["runs_ms"])) == ("help", 2, 0, 2)
    assert only["argv"][-1] == "--help" and only["state"] in ("ok", "over")
    assert only["budget"] == {"ratio": 2, "seconds": None, "memory_mb": 150, "source": "issue 12 item 8"}
