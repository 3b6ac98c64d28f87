"""The benchmark runner's own logic (benchmarks/run.py): verdicts and the report; no timing is asserted."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import load_benchmark_module

bench = load_benchmark_module("run")
QUICK = [sys.executable, "-c", "pass"]


def test_a_judged_run_gets_a_verdict_and_an_unjudged_run_none() -> None:
    spec = bench.Bench("x", "python -c pass", ("-c", "pass"), "")
    judged = bench.measure(spec, QUICK, QUICK, runs=1, warmup=0, env=bench.child_env())
    assert judged.state in ("ok", "over") and judged.ratio is not None and judged.peak_mb > 0
    unjudged = bench.measure(spec, QUICK, QUICK, runs=1, warmup=0, env=bench.child_env(), judge=False)
    assert (unjudged.state, unjudged.reasons) == ("info", [])
    assert "| – |" in bench.table([unjudged])


def test_a_failing_command_is_reported_with_its_stderr(tmp_path: Path) -> None:
    spec = bench.Bench("x", "fails", ("-c", "..."), "")
    failing = [sys.executable, "-c", "import sys; sys.exit('broken plan')"]
    result = bench.measure(spec, failing, QUICK, runs=1, warmup=0, env=bench.child_env())
    assert (result.state, result.reasons) == ("failed", ["exit status 1"])
    info = {"cpu": "cpu", "cores": 2, "python": "CPython", "os": "os", "versions": {"rrp": "0"}, "date": "d"}
    text = bench.report([result], info, runs=1, warmup=0)
    assert "| `fails` | failed (exit status 1) |" in text and "broken plan" in text
    assert "Budgets: wall-time ratio" in text
