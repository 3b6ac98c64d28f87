"""Benchmark rrp's commands as whole processes, against one floor, and check the budgets.

    python benchmarks/run.py [--tty] [--runs N] [--warmup N] [--only NAME] [--keep DIR] [--json] [--check]
    python benchmarks/run.py --growth [--runs N] [--only NAME] [--keep DIR] [--json] [--check]
    python benchmarks/run.py --list

Runs the ``rrp`` of the interpreter that runs this script (the ``rrp`` script
next to ``sys.executable``, else ``python -m rrpcli``), from the repository
root, on the shipped plans and on synthetic plans that ``synth.py`` writes to a
temporary directory before any timing starts.

Each command is timed alternately with the floor, ``python -c "import click,
rich.console"`` (starting Python and importing what any rrp command needs), so
that both see the same machine; the table gives medians, the ratio of the
command to the floor (wall time, which the budgets are about, and CPU time,
which a busy machine disturbs less), the peak memory (the command's own
``ru_maxrss``, from ``os.wait4`` in a small wrapper process), and the verdict
against the budgets of issue 12 (item 8: ratios to the floor, memory) and
issue 13 (item 1: absolute seconds and memory for ``compare`` of many and large
plans).  Output goes to /dev/null ("piped"), or with ``--tty`` to a
pseudo-terminal (100 columns, 50 rows), so that colour and the pager are what is
timed, as at a prompt.  A command not in rrp is shown as not available; any
exit status but the ones a command may give is a failure, shown with its
stderr.

``--growth`` times ``rrp compare`` on more and larger plans (2 to 48 regions
of normal size; two plans 1x to 100x; 12 regions at 10x) and prints the growth
curve instead.

Exit status 0 whatever the results (the table is the report); with ``--check``,
1 when a result is over budget or failed.
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
FIXTURE = "tests/fixtures/north_west_2023_refresh.toml"
IMPORT_TEXT = "tests/data/seed_north_west.txt"

#: The floor: starting Python and importing what any rrp command needs.  One floor for every command.
FLOOR = "import click, rich.console"

#: The size of the pseudo-terminal of ``--tty``.
TTY_COLUMNS, TTY_ROWS = 100, 50

#: Where the budgets come from.
ISSUE_12 = "issue 12 item 8"
ISSUE_13 = "issue 13 item 1"


@dataclass(frozen=True)
class Budget:
    """What a command may cost: a ratio to the floor, seconds, megabytes (each optional).

    Times are medians of wall time, within budget when at most the limit;
    memory is the peak over the runs, within budget when below the limit.
    A budget with no limit at all gives no verdict.
    """

    ratio: float | None = None  # median wall time ≤ ratio × the floor's
    seconds: float | None = None  # median wall time ≤ seconds (the whole process)
    memory_mb: float | None = None  # peak resident memory < memory_mb
    source: str = ""  # where the limits come from

    @property
    def judges(self) -> bool:
        """Whether the budget sets any limit (else results get no verdict)."""
        return not (self.ratio is None and self.seconds is None and self.memory_mb is None)

    def describe(self) -> str:
        """The limits, as the table shows them: ``≤ 4×, ≤ 0.25 s, < 150 MB``; ``none`` without limits."""
        parts = []
        if self.ratio is not None:
            parts.append(f"≤ {self.ratio:g}×")
        if self.seconds is not None:
            parts.append(f"≤ {self.seconds:g} s")
        if self.memory_mb is not None:
            parts.append(f"< {self.memory_mb:g} MB")
        return ", ".join(parts) or "none"


#: Issue 12 item 8: every command on the shipped plans, piped ≤ 2× the floor (render ≤ 3×), at a terminal ≤ 4×;
#: peak memory < 150 MB for each.
PIPED = Budget(ratio=2, memory_mb=150, source=ISSUE_12)
PIPED_RENDER = Budget(ratio=3, memory_mb=150, source=ISSUE_12)
AT_TTY = Budget(ratio=4, memory_mb=150, source=ISSUE_12)
#: Issue 12 item 8 (the ratios and memory) and issue 13 item 1 (the seconds): compare of the 12 synthetic regions.
TWELVE_PIPED = Budget(ratio=4, seconds=0.25, memory_mb=150, source=f"{ISSUE_12}; {ISSUE_13}")
TWELVE_AT_TTY = Budget(ratio=8, memory_mb=150, source=ISSUE_12)
#: Issue 13 item 1: compare of 12 regions at 10×, of two plans at 100×.
TWELVE_AT_10X = Budget(seconds=5, memory_mb=300, source=ISSUE_13)
TWO_AT_100X = Budget(seconds=20, memory_mb=500, source=ISSUE_13)
#: Measured to watch, with no budget in the issues.
WATCH = Budget(source="no budget set")

#: The 12 probation regions, in the order the 12-region compare names them (synth.REGIONS).
TWELVE = ("nw", "ne", "yh", "gm", "em", "wm", "eoe", "kss", "lon", "sw", "sc", "wal")


@dataclass(frozen=True)
class Bench:
    """One benchmarked command line, its budgets piped and at a terminal, and how often to run it.

    A mode whose budget is ``None`` does not run the bench, unless ``--only`` names it (then it is
    run without a verdict).  ``corpus`` is the synthetic plans ``{corpus}`` stands for: the first
    ``regions`` regions, each ``factor`` times as long (``synth.write_corpus``); ``large`` means
    ``{large}`` and ``{revised}``, North West at 10× and its revision (``synth.generate``).
    """

    name: str  # for --only
    label: str  # for the table
    args: tuple[str, ...]  # after "rrp"; {corpus}, {large}, {revised} are filled in
    command: str  # the rrp command it needs ("" for none)
    piped: Budget | None
    tty: Budget | None
    corpus: tuple[int, int] | None = None  # (regions, factor)
    large: bool = False
    exit_ok: tuple[int, ...] = (0,)
    #: Python code run with ``python -c`` in place of rrp: what a command cannot cost less than
    #: under the house rules (every module imported at start-up; deepdiff and jinja2 in the one
    #: command that needs each), measured beside the commands.  Not an rrp command: no budget.
    code: str = ""
    runs: int = 10  # timed runs, by default
    warmup: int = 2  # untimed runs first, by default
    timeout_s: float = 60.0  # a run that takes longer is killed (and is a failure)

    def budget(self, tty: bool) -> Budget | None:
        """The budget of the mode (piped, or at a terminal); None: not run in that mode by default."""
        return self.tty if tty else self.piped


def _compare_many(regions: int, factor: int, label: str, **kw: Any) -> Bench:
    """``rrp compare`` of the first ``regions`` synthetic regions at ``factor`` (named like ``compare-12x10``)."""
    codes = [*TWELVE, *(f"{{code{i}}}" for i in range(12, regions))][:regions]
    return Bench(
        kw.pop("name", f"compare-{regions}x{factor}"),
        label,
        ("--plans", "{corpus}", "compare", *codes),
        "compare",
        corpus=(regions, factor),
        **kw,
    )


def _shipped(name: str, label: str, args: tuple[str, ...], command: str, **kw: Any) -> Bench:
    """A command on the shipped plans: ≤ 2× the floor piped (render ≤ 3×), ≤ 4× at a terminal."""
    piped = PIPED_RENDER if command == "render" else PIPED
    return Bench(name, label, args, command, piped=piped, tty=AT_TTY, **kw)


#: The least a command can cost: each a ``python -c`` of the imports it cannot do without.
LOWER_BOUNDS: tuple[Bench, ...] = (
    Bench(
        "least-any",
        "least of any command: every rrp module imported",
        (),
        "",
        piped=WATCH,
        tty=None,
        code="import rrpcli.cli",
    ),
    Bench(
        "least-diff",
        "least of rrp diff: the floor and deepdiff",
        (),
        "",
        piped=WATCH,
        tty=None,
        code=f"{FLOOR}, deepdiff",
    ),
    Bench(
        "least-render",
        "least of rrp render: the floor and jinja2's sandbox",
        (),
        "",
        piped=WATCH,
        tty=None,
        code=f"{FLOOR}, jinja2.sandbox",
    ),
)


BENCHES: tuple[Bench, ...] = (
    _shipped("help", "rrp --help", ("--help",), ""),
    _shipped("list", "rrp list", ("list",), "list"),
    _shipped("show", "rrp show nw", ("show", "nw"), "show"),
    _shipped("validate", "rrp validate", ("validate",), "validate"),
    _shipped("schema", "rrp schema", ("schema",), "schema"),
    _shipped("targets", "rrp targets", ("targets",), "targets"),
    _shipped("compare", "rrp compare nw eoe", ("compare", "nw", "eoe"), "compare"),
    _shipped("diff", "rrp diff nw (2023 refresh fixture)", ("diff", "nw", FIXTURE), "diff", exit_ok=(0, 1)),
    _shipped("render-briefing", "rrp render briefing nw", ("render", "briefing", "nw"), "render"),
    _shipped("render-comparison", "rrp render comparison nw eoe", ("render", "comparison", "nw", "eoe"), "render"),
    _shipped("render-revision", "rrp render revision nw (fixture)", ("render", "revision", "nw", FIXTURE), "render"),
    _shipped("import", "rrp import (North West text)", ("import", IMPORT_TEXT), "import", exit_ok=(0, 1)),
    _compare_many(12, 1, "rrp compare (12 regions)", name="compare-12", piped=TWELVE_PIPED, tty=TWELVE_AT_TTY),
    _compare_many(
        12, 10, "rrp compare (12 regions at 10×)", piped=TWELVE_AT_10X, tty=None, runs=3, warmup=0, timeout_s=600
    ),
    _compare_many(
        2, 100, "rrp compare (2 plans at 100×)", piped=TWO_AT_100X, tty=None, runs=3, warmup=0, timeout_s=600
    ),
    Bench(
        "diff-10x",
        "rrp diff nw×10 nw×10-revised",
        ("diff", "{large}", "{revised}"),
        "diff",
        piped=WATCH,
        tty=WATCH,
        large=True,
        exit_ok=(0, 1),
        runs=5,
        warmup=1,
    ),
    *LOWER_BOUNDS,
)

#: The growth curve: (regions, factor) of each point; ``rrp compare`` of all of them.
GROWTH_POINTS: tuple[tuple[int, int], ...] = (
    (2, 1),
    (4, 1),
    (8, 1),
    (12, 1),
    (24, 1),
    (48, 1),
    (2, 10),
    (2, 30),
    (2, 100),
    (12, 10),
)

#: Issue 13 item 1's budgets on the points of the growth curve they are set for.
GROWTH_BUDGETS: dict[tuple[int, int], Budget] = {
    (12, 1): Budget(seconds=0.25, source=ISSUE_13),
    (12, 10): TWELVE_AT_10X,
    (2, 100): TWO_AT_100X,
}


def growth_benches() -> tuple[Bench, ...]:
    """The points of the growth curve as benches named ``2x1`` ... ``12x10``.

    Small corpora get 5 runs after a warm-up; a corpus of more than 48 normal plans' worth gets one
    run (it takes seconds to minutes, and its time is dominated by the work, not by the noise).
    """
    out = []
    for regions, factor in GROWTH_POINTS:
        small = regions * factor <= 48
        plans = f"{regions} regions" if factor == 1 else f"{regions} plans at {factor}×"
        out.append(
            _compare_many(
                regions,
                factor,
                f"rrp compare ({plans})",
                name=f"{regions}x{factor}",
                piped=GROWTH_BUDGETS.get((regions, factor), WATCH),
                tty=None,
                runs=5 if small else 1,
                warmup=1 if small else 0,
                timeout_s=60 if small else 900,
            )
        )
    return tuple(out)


GROWTH: tuple[Bench, ...] = growth_benches()


@dataclass
class Run:
    """One process: wall time, peak resident memory, CPU time (user + system), exit status."""

    ms: float
    peak_mb: float
    cpu_ms: float
    status: int
    stderr: str = ""


@dataclass
class Result:
    """What the table and the JSON say about one benchmark."""

    name: str
    label: str
    argv: list[str]
    floor_argv: list[str]
    budget: Budget | None  # None or without limits: no verdict
    runs: int = 0
    warmup: int = 0
    state: str = "ok"  # ok, over, failed, n/a, info (no verdict)
    reasons: list[str] = field(default_factory=list)  # why over, failed or n/a
    median_ms: float | None = None
    floor_ms: float | None = None
    ratio: float | None = None
    peak_mb: float | None = None
    floor_peak_mb: float | None = None
    cpu_ms: float | None = None  # median CPU time (user + system): less sensitive to a busy machine
    floor_cpu_ms: float | None = None
    runs_ms: list[float] = field(default_factory=list)
    floor_runs_ms: list[float] = field(default_factory=list)
    corpus_mb: float | None = None  # the size of the synthetic plans it reads, if any
    stderr: str = ""


# --------------------------------------------------------------------------- running


def rrp_argv() -> list[str]:
    """How to run the current interpreter's rrp: its console script if installed next to it, else ``-m rrpcli``."""
    script = Path(sys.executable).parent / "rrp"
    if script.is_file():
        return [sys.executable, str(script)]
    return [sys.executable, "-m", "rrpcli"]


def child_env(tty: bool = False) -> dict[str, str]:
    """The environment of the timed processes.

    No ``$RRP_PLANS`` (plans come from ``./plans`` or ``--plans``), no ``FORCE_COLOR`` (piped output
    is plain); ``tty``: colour allowed (no ``NO_COLOR``) and the default pager (no ``PAGER``), as at a
    prompt.  The width is the pseudo-terminal's.
    """
    env = dict(os.environ)
    for name in ("RRP_PLANS", "FORCE_COLOR"):
        env.pop(name, None)
    if tty:
        for name in ("NO_COLOR", "PAGER", "MANPAGER"):
            env.pop(name, None)
        env["TERM"] = "xterm-256color"
    env["COLUMNS"], env["LINES"] = str(TTY_COLUMNS), str(TTY_ROWS)
    return env


#: The small wrapper each timed process runs under (``python -I -S -c WRAPPER argv...``).  It starts
#: the command, waits for it with ``os.wait4`` and prints the command's own wall time, exit status,
#: peak RSS and CPU time.  Measuring here, not in the runner, keeps the runner's own size out of the
#: child's ``ru_maxrss`` (a vfork'ed child inherits its parent's high-water mark until exec) and the
#: wrapper's start-up out of the time.
WRAPPER = f"""
import os, sys, time
tty, argv = sys.argv[1] == "tty", sys.argv[2:]
actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0)]
if tty:  # stdout a terminal, read as fast as the command writes
    import fcntl, struct, termios
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", {TTY_ROWS}, {TTY_COLUMNS}, 0, 0))
    actions.append((os.POSIX_SPAWN_DUP2, slave, 1))
else:
    actions.append((os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0))
start = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
if tty:
    os.close(slave)
    while True:
        try:
            if not os.read(master, 65536):
                break
        except OSError:  # EIO: the command has closed the terminal
            break
    os.close(master)
_, status, ru = os.wait4(pid, 0)
ms = (time.perf_counter() - start) * 1000
print(ms, os.waitstatus_to_exitcode(status), ru.ru_maxrss, (ru.ru_utime + ru.ru_stime) * 1000)
"""


def run_once(argv: Sequence[str], env: dict[str, str], tty: bool = False, timeout_s: float = 60.0) -> Run:
    """Run one process to completion under :data:`WRAPPER`: its time, exit status, peak memory and stderr.

    Its output goes to /dev/null, or with ``tty`` to a pseudo-terminal that reads it all.  A run
    longer than ``timeout_s`` is killed, with its children, and has status -9.
    """
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", WRAPPER, "tty" if tty else "null", *argv],
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=err,
            start_new_session=True,  # so that a timeout ends the command too
        )
        try:
            out, _ = proc.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return Run(ms=timeout_s * 1000, peak_mb=0, cpu_ms=0, status=-9, stderr=f"(killed after {timeout_s:g} s)")
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if proc.returncode != 0 or len(out.split()) != 4:
        return Run(ms=0, peak_mb=0, cpu_ms=0, status=-1, stderr=f"benchmark wrapper failed:\n{stderr}")
    ms, status, maxrss, cpu_ms = out.split()
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    peak = int(maxrss) / (1024 * 1024) if sys.platform == "darwin" else int(maxrss) / 1024
    return Run(ms=float(ms), peak_mb=peak, cpu_ms=float(cpu_ms), status=int(status), stderr=stderr)


def available_commands() -> set[str]:
    """The commands this rrp has, as its click group lists them."""
    import click

    from rrpcli.cli import main

    assert isinstance(main, click.Group)
    return set(main.list_commands(click.Context(main)))


def judge(result: Result, budget: Budget | None) -> tuple[str, list[str]]:
    """The verdict on a measured result: (``ok`` | ``over`` | ``info``, the limits it is over).

    ``info`` when there is no budget to judge by.  Times are within budget at the limit, memory
    only below it (the issues say "≤" for time and "<" for memory).
    """
    if budget is None or not budget.judges:
        return "info", []
    assert result.median_ms is not None and result.ratio is not None and result.peak_mb is not None
    reasons = []
    if budget.ratio is not None and result.ratio > budget.ratio:
        reasons.append(f"{result.ratio:.2f}× > {budget.ratio:g}×")
    if budget.seconds is not None and result.median_ms > budget.seconds * 1000:
        reasons.append(f"{result.median_ms / 1000:.2f} s > {budget.seconds:g} s")
    if budget.memory_mb is not None and result.peak_mb >= budget.memory_mb:
        reasons.append(f"{result.peak_mb:.0f} MB ≥ {budget.memory_mb:g} MB")
    return ("over" if reasons else "ok"), reasons


def measure(
    bench: Bench,
    argv: list[str],
    floor_argv: list[str],
    env: dict[str, str],
    *,
    runs: int,
    warmup: int,
    budget: Budget | None,
    tty: bool = False,
) -> Result:
    """Time a command and the floor alternately; medians of ``runs`` runs after ``warmup`` runs of each.

    The result is judged by ``budget`` (see :func:`judge`); a command that exits with a status it
    may not give, or a floor that fails, ends the measurement as ``failed``.
    """
    result = Result(bench.name, bench.label, argv, floor_argv, budget, runs=runs, warmup=warmup)
    cmd_runs: list[Run] = []
    floor_runs: list[Run] = []
    for i in range(warmup + runs):
        # Alternate which goes first, so neither always follows the other.
        order = [(argv, cmd_runs), (floor_argv, floor_runs)]
        for this_argv, into in order if i % 2 == 0 else reversed(order):
            is_floor = this_argv is floor_argv
            done = run_once(this_argv, env, tty, timeout_s=60.0 if is_floor else bench.timeout_s)
            if done.status not in ((0,) if is_floor else bench.exit_ok):
                result.state = "failed"
                result.reasons = [f"{'floor ' if is_floor else ''}exit status {done.status}"]
                result.stderr = done.stderr
                return result
            if i >= warmup:
                into.append(done)
    result.runs_ms = [round(r.ms, 2) for r in cmd_runs]
    result.floor_runs_ms = [round(r.ms, 2) for r in floor_runs]
    result.median_ms = statistics.median(result.runs_ms)
    result.floor_ms = statistics.median(result.floor_runs_ms)
    result.ratio = result.median_ms / result.floor_ms
    result.cpu_ms = round(statistics.median(r.cpu_ms for r in cmd_runs), 2)
    result.floor_cpu_ms = round(statistics.median(r.cpu_ms for r in floor_runs), 2)
    result.peak_mb = max(r.peak_mb for r in cmd_runs)
    result.floor_peak_mb = max(r.peak_mb for r in floor_runs)
    result.state, result.reasons = judge(result, budget)
    return result


# --------------------------------------------------------------------------- machine


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    os_name = platform.platform()
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = f"{line.split('=', 1)[1].strip().strip(chr(34))} ({platform.system()} {platform.release()})"
                break
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version

    versions: dict[str, str | None] = {}
    for package in ("rrp", "click", "rich", "jinja2", "deepdiff"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = None
    try:
        commit = subprocess.run(
            ["git", "describe", "--always", "--dirty"], cwd=REPO, capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:  # no git: the report goes without the commit
        commit = ""
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "executable": sys.executable,
        "os": os_name,
        "versions": versions,
        "commit": commit or None,
        "date": datetime.date.today().isoformat(),
        "load": load_average(),
    }


def load_average() -> float | None:
    """The one-minute load average, where the system has one."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else None


# --------------------------------------------------------------------------- report


def _ms(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f}"


def _verdict(r: Result) -> str:
    if r.state == "ok":
        return "ok"
    if r.state == "over":
        return "**over**: " + "; ".join(r.reasons)
    if r.state == "failed":
        return f"**failed** ({r.reasons[0]})"
    if r.state == "n/a":
        return "n/a (command not available)"
    return "–"


def _budget(r: Result) -> str:
    return r.budget.describe() if r.budget is not None else "none (named with --only)"


def table(results: Sequence[Result]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| command | median ms | floor ms | ratio | CPU ratio | peak MB | budget | result |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for r in results:
        if r.ratio is None:
            lines.append(f"| `{r.label}` | | | | | | {_budget(r)} | {_verdict(r)} |")
            continue
        assert r.peak_mb is not None and r.cpu_ms is not None and r.floor_cpu_ms
        lines.append(
            f"| `{r.label}` | {_ms(r.median_ms)} | {_ms(r.floor_ms)} | {r.ratio:.2f}× "
            f"| {r.cpu_ms / r.floor_cpu_ms:.2f}× | {r.peak_mb:.0f} | {_budget(r)} | {_verdict(r)} |"
        )
    return "\n".join(lines)


def growth_table(results: Sequence[Result]) -> str:
    """The growth curve as a Markdown table: one row per corpus, time and memory of ``rrp compare``."""
    lines = [
        "| plans | each plan | TOML MB | median s | CPU s | peak MB | runs | budget | result |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for r in results:
        regions, factor = (int(n) for n in r.name.split("x"))
        size = "" if r.corpus_mb is None else f"{r.corpus_mb:.1f}"
        head = f"| {regions} | {'normal' if factor == 1 else f'{factor}×'} | {size}"
        if r.median_ms is None or r.cpu_ms is None or r.peak_mb is None:
            lines.append(f"{head} | | | | {r.runs} | {_budget(r)} | {_verdict(r)} |")
            continue
        lines.append(
            f"{head} | {r.median_ms / 1000:.2f} | {r.cpu_ms / 1000:.2f} | {r.peak_mb:.0f} | {r.runs} "
            f"| {_budget(r)} | {_verdict(r)} |"
        )
    return "\n".join(lines)


def how_often(results: Sequence[Result]) -> str:
    """How many runs the medians are of: the usual count, then the benchmarks that had another."""
    counts: dict[tuple[int, int], list[str]] = {}
    for r in results:
        if r.state != "n/a":
            counts.setdefault((r.runs, r.warmup), []).append(f"`{r.name}`")
    if not counts:
        return "no runs"
    ordered = sorted(counts.items(), key=lambda item: -len(item[1]))
    (runs, warmup), _ = ordered[0]
    text = f"{runs} runs after {warmup} warm-up runs"
    others = [f"{', '.join(names)}: {n} after {w}" for (n, w), names in ordered[1:]]
    return text + (f" ({'; '.join(others)})" if others else "")


def contention(results: Sequence[Result]) -> float | None:
    """The floor's median wall time over its median CPU time, across the results (1.0 on an idle machine).

    The floor is one thread that reads nothing slow, so wall time beyond its CPU time is time spent
    waiting for a processor: the most direct sign that other work disturbed the run.
    """
    ratios = [r.floor_ms / r.floor_cpu_ms for r in results if r.floor_ms and r.floor_cpu_ms]
    return statistics.median(ratios) if ratios else None


def report(results: Sequence[Result], info: dict[str, Any], *, tty: bool = False, growth: bool = False) -> str:
    """The table, how it was measured, the machine and any failures, as Markdown."""
    output = (
        f"Output to a pseudo-terminal {TTY_COLUMNS} columns wide and {TTY_ROWS} rows high (colour, pager)."
        if tty
        else "Output to /dev/null (piped)."
    )
    floor = f'`python -c "{FLOOR}"`'
    if growth:
        how = (
            "`rrp --plans DIR compare` of every plan in DIR: the first N synthetic regions (`benchmarks/synth.py`), "
            f"each plan of normal size or enlarged. Medians of {how_often(results)}, each alternating with the "
            f"floor {floor}. Peak MB: the largest resident set of the runs. {output}"
        )
        parts = [growth_table(results), "", how]
    else:
        how = (
            f"Medians of {how_often(results)}, each command alternating with the floor {floor}. Ratio: of the "
            "median wall times; CPU ratio: of the median CPU times (user + system). Peak MB: the largest "
            f"resident set of the runs. {output}"
        )
        parts = [table(results), "", how]
    load, end_load, cores = info.get("load"), info.get("load_end"), info.get("cores") or 1
    where = f"Machine: {info['cpu']}, {cores} cores, {info['python']}, {info['os']}; rrp {info['versions'].get('rrp')}"
    if info.get("commit"):
        where += f" ({info['commit']})"
    where += f", measured {info['date']}"
    if load is not None:
        where += f", load average {load:.1f} at the start" + (f", {end_load:.1f} at the end" if end_load else "")
    parts += ["", where + "."]
    busy = contention(results)
    loads = [x for x in (load, end_load) if x is not None]
    signs = []
    if busy is not None and busy >= 1.2:
        signs.append(f"the floor's wall time was {busy:.2f}× its CPU time: processes waited for a CPU")
    if loads and max(loads) >= cores:
        signs.append(f"load average up to {max(loads):.1f} on {cores} cores")
    if signs:
        parts += [
            "",
            f"Note: the machine was busy ({'; '.join(signs)}); wall times, and so the ratios, are noisy. "
            "CPU times are the steadier guide; rerun on a quiet machine to judge the budgets.",
        ]
    for r in results:
        if r.state == "failed":
            parts += ["", f"{r.label}: {r.reasons[0]}", "```", r.stderr.rstrip() or "(no stderr)", "```"]
    return "\n".join(parts)


def bench_list() -> str:
    """Every benchmark, its command and its budgets, as a Markdown table (``--list``)."""
    lines = [
        "| name | command | piped | at a terminal | runs after warm-ups | source |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for b in BENCHES:
        args = " ".join(a if " " not in a else repr(a) for a in b.args)
        if b.corpus is not None:
            regions, factor = b.corpus
            args = args.replace("{corpus}", f"DIR/{regions}x{factor}")
        args = args.replace("{large}", "DIR/large/north_west_x10.toml").replace(
            "{revised}", "DIR/large/north_west_x10_revised.toml"
        )
        command = f'python -c "{b.code}"' if b.code else f"rrp {args}"
        piped = b.piped.describe() if b.piped else "–"
        at_tty = b.tty.describe() if b.tty else "– (only with --only)"
        sources = dict.fromkeys(s for x in (b.piped, b.tty) if x is not None and x.judges for s in x.source.split("; "))
        lines.append(
            f"| `{b.name}` | `{command}` | {piped} | {at_tty} | {b.runs} after {b.warmup} "
            f"| {'; '.join(sources) or 'no budget'} |"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def selected(only: Sequence[str], *, tty: bool = False, growth: bool = False) -> list[Bench]:
    """The benchmarks to run.

    Without ``only``: those of the mode (piped or ``tty``), or the growth curve.  ``only`` names
    benchmarks (repeatable, or comma-separated), or groups: ``render`` is every ``render-*``; a
    benchmark named there runs even when its mode has no budget for it (then without a verdict).
    """
    pool = GROWTH if growth else BENCHES
    if not only:
        return [b for b in pool if growth or b.budget(tty) is not None]
    wanted = [n.strip() for item in only for n in item.split(",") if n.strip()]

    def matches(b: Bench, name: str) -> bool:
        return b.name == name or b.name.startswith(name + "-")

    unknown = [n for n in wanted if not any(matches(b, n) for b in pool)]
    if unknown:
        names = ", ".join(b.name for b in pool)
        raise ValueError(f"unknown benchmark {', '.join(unknown)}; choose from {names}")
    return [b for b in pool if any(matches(b, n) for n in wanted)]


def command_line(bench: Bench, base: Sequence[str], paths: dict[str, str]) -> list[str]:
    """The full argv of a bench: ``base`` (how to run rrp), then its arguments with the paths filled in.

    A lower bound (``bench.code``) runs ``python -c`` with its code instead.
    """
    if bench.code:
        return [sys.executable, "-c", bench.code]
    return [*base, *(a.format(**paths) if "{" in a else a for a in bench.args)]


def exit_status(results: Sequence[Result], check: bool) -> int:
    """1 with ``--check`` when a result is over budget or failed; else 0."""
    return 1 if check and any(r.state in ("over", "failed") for r in results) else 0


def write_synthetic(
    benches: Sequence[Bench], out: Path, say: Callable[[str], None]
) -> tuple[dict[str, dict[str, str]], dict[str, float]]:
    """Write the synthetic plans the benches need under ``out``, each corpus once, before any timing.

    Returns, by bench name, what its ``{...}`` placeholders stand for, and the size in MB of the
    plans it reads.
    """
    here = str(Path(__file__).resolve().parent)
    if here not in sys.path:
        sys.path.insert(0, here)
    import synth

    paths: dict[str, dict[str, str]] = {}
    sizes: dict[str, float] = {}
    corpora: dict[tuple[int, int], Any] = {}
    generated = None
    for bench in benches:
        fill: dict[str, str] = {}
        if bench.corpus is not None:
            if bench.corpus not in corpora:
                say(f"writing {bench.corpus[0]} synthetic regions at {bench.corpus[1]}× in {out} ...")
                corpora[bench.corpus] = synth.write_corpus(out, *bench.corpus)
            corpus = corpora[bench.corpus]
            fill["corpus"] = str(corpus.directory)
            fill |= {f"code{i}": code for i, code in enumerate(corpus.codes)}
            sizes[bench.name] = sum(p.stat().st_size for p in corpus.files) / 1e6
        if bench.large:
            if generated is None:
                say(f"writing the synthetic plans of synth.generate in {out} ...")
                generated = synth.generate(out)
            fill |= {"large": str(generated.large), "revised": str(generated.large_revised)}
            sizes[bench.name] = (generated.large.stat().st_size + generated.large_revised.stat().st_size) / 1e6
        paths[bench.name] = fill
    return paths, sizes


def compile_rrp() -> None:
    """Compile rrp's modules to bytecode, as ``pip install`` does, so no run pays for compiling them.

    An editable install (``pip install -e``) compiles a module only when it is first imported, and
    not at all under ``PYTHONDONTWRITEBYTECODE``: every run would then compile rrp from source.
    """
    import rrpcli

    compileall.compile_dir(str(Path(rrpcli.__file__).parent), quiet=1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0], allow_abbrev=False)
    parser.add_argument(
        "--runs", type=int, metavar="N", help="timed runs of every benchmark (default: each benchmark's own)"
    )
    parser.add_argument(
        "--warmup", type=int, metavar="N", help="warm-up runs of every benchmark (default: each benchmark's own)"
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help="only this benchmark (repeatable, or comma-separated; a group such as 'render' selects render-*): "
        + ", ".join(b.name for b in BENCHES)
        + "; with --growth: "
        + ", ".join(b.name for b in GROWTH),
    )
    parser.add_argument("--keep", metavar="DIR", help="write the synthetic plans to DIR and keep them")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of the table")
    parser.add_argument("--check", action="store_true", help="exit 1 when a result is over budget or fails")
    parser.add_argument(
        "--tty",
        action="store_true",
        help=f"output to a pseudo-terminal ({TTY_COLUMNS} columns, colour, pager) instead of /dev/null",
    )
    parser.add_argument("--growth", action="store_true", help="the growth curve of rrp compare instead")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and their budgets, and exit")
    args = parser.parse_args(argv)
    if args.list:
        print(bench_list())
        return 0
    if (args.runs is not None and args.runs < 1) or (args.warmup is not None and args.warmup < 0):
        parser.error("--runs must be at least 1 and --warmup at least 0")
    if args.growth and args.tty:
        parser.error("--growth measures rrp compare piped; it does not take --tty")
    try:
        benches = selected(args.only, tty=args.tty, growth=args.growth)
    except ValueError as exc:
        parser.error(str(exc))

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        commands = available_commands()
    except ImportError as exc:
        parser.error(f"rrp is not installed for {sys.executable}: {exc}")
    base = rrp_argv()
    compile_rrp()
    info = machine()  # before the runs: the load average is the machine's, not ours
    env = child_env(tty=args.tty)
    floor = [sys.executable, "-c", FLOOR]
    with tempfile.TemporaryDirectory(prefix="rrp-bench-") as tmp:
        out = Path(args.keep) if args.keep else Path(tmp)
        paths, sizes = write_synthetic(benches, out, say)
        results: list[Result] = []
        for bench in benches:
            cmd = command_line(bench, base, paths.get(bench.name, {}))
            budget = bench.budget(args.tty)
            if bench.command and bench.command not in commands:
                result = Result(bench.name, bench.label, cmd, floor, budget, state="n/a")
                result.reasons = [f"rrp has no '{bench.command}' command"]
                say(f"{bench.name}: n/a (command not available)")
                results.append(result)
                continue
            runs = bench.runs if args.runs is None else args.runs
            warmup = bench.warmup if args.warmup is None else args.warmup
            shown = " ".join(cmd[len(base) :])
            say(f"{bench.name}: {shown if len(shown) < 120 else shown[:117] + '...'} ({runs} runs) ...")
            result = measure(bench, cmd, floor, env, runs=runs, warmup=warmup, budget=budget, tty=args.tty)
            result.corpus_mb = sizes.get(bench.name)
            if result.state == "failed":
                say(f"  failed: {result.reasons[0]}")
            else:
                say(
                    f"  {result.median_ms:,.0f} ms, floor {result.floor_ms:.0f} ms, {result.ratio:.2f}×; "
                    f"CPU {result.cpu_ms:,.0f} ms; {result.peak_mb:.0f} MB; {_verdict(result)}"
                )
            results.append(result)
    info["load_end"] = load_average()
    info["rrp_argv"] = base
    if args.json:
        doc = {
            "mode": "growth" if args.growth else "benchmarks",
            "output": "terminal" if args.tty else "/dev/null",
            "floor": FLOOR,
            "machine": info,
            "results": [asdict(r) for r in results],
        }
        print(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        print(report(results, info, tty=args.tty, growth=args.growth))
    return exit_status(results, args.check)


if __name__ == "__main__":
    raise SystemExit(main())
