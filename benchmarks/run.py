"""Benchmark every rrp command as a whole process, against the floor it cannot beat.

    python benchmarks/run.py [--runs N] [--warmup N] [--only NAME] [--keep DIR] [--json] [--check] [--tty]

Runs the ``rrp`` of the interpreter that runs this script (the ``rrp`` script
next to ``sys.executable``, else ``python -m rrpcli``), from the repository
root, on the shipped plans and on synthetic plans that ``synth.py`` writes to a
temporary directory.  Each command is timed with its floor (``python -c "import
click, rich.console"``, plus jinja2 for render and deepdiff for diff),
alternately, after warm-up runs; the table gives medians, the ratio of the
command to its floor (wall time, which the budget is about, and CPU time, which a
busy machine disturbs less), the budget, and the peak memory (the command's own
``ru_maxrss``, from ``os.wait4`` in a small wrapper process).  A command not in ``rrpcli.cli.COMMANDS`` is shown as
not available; any exit status but 0 (or 1 for ``diff``) is a failure, shown
with its stderr.

Exit status 0 whatever the results (the table is the report); with ``--check``,
1 when a command is over budget or fails.

``--tty`` sends each command's output to a pseudo-terminal (100 columns, 50
rows), so the colour renderer is what is timed, as at a prompt; a long output
goes through the pager as there, which with no keyboard to wait for shows the
first screen and exits: the time is the time to the first screen.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
FIXTURE = "tests/fixtures/north_west_2023_refresh.toml"

#: Peak memory budget of every command, in MB.
MEMORY_BUDGET_MB = 100.0

#: The floors: the imports any rrp command needs, and those of the heavy commands.
FLOORS: dict[str, str] = {
    "base": "import click, rich.console",
    "render": "import click, rich.console, jinja2",
    "diff": "import click, rich.console, deepdiff",
}

#: The 12 regions, in the order the 12-region compare names them.
TWELVE = ("nw", "ne", "yh", "gm", "em", "wm", "eoe", "kss", "lon", "sw", "sc", "wal")


@dataclass(frozen=True)
class Bench:
    """One benchmarked command line."""

    name: str  # for --only
    label: str  # for the table
    args: tuple[str, ...]  # after "rrp"; {regions}, {large}, {revised} are filled in
    command: str  # the COMMANDS key it needs
    floor: str = "base"
    budget: float = 1.3
    exit_ok: tuple[int, ...] = (0,)
    synthetic: bool = False  # needs the generated plans


BENCHES: tuple[Bench, ...] = (
    Bench("help", "rrp --help", ("--help",), ""),
    Bench("list", "rrp list", ("list",), "list"),
    Bench("show", "rrp show nw", ("show", "nw"), "show"),
    Bench("targets", "rrp targets", ("targets",), "targets"),
    Bench("compare", "rrp compare nw eoe", ("compare", "nw", "eoe"), "compare"),
    Bench(
        "compare-12",
        "rrp compare (12 regions)",
        ("--plans", "{regions}", "compare", *TWELVE),
        "compare",
        budget=1.5,
        synthetic=True,
    ),
    Bench("diff", "rrp diff nw (2023 refresh fixture)", ("diff", "nw", FIXTURE), "diff", "diff", exit_ok=(0, 1)),
    Bench(
        "diff-10x",
        "rrp diff nw×10 nw×10-revised",
        ("diff", "{large}", "{revised}"),
        "diff",
        "diff",
        budget=2.0,
        exit_ok=(0, 1),
        synthetic=True,
    ),
    Bench("render-briefing", "rrp render briefing nw", ("render", "briefing", "nw"), "render", "render"),
    Bench(
        "render-comparison",
        "rrp render comparison nw eoe",
        ("render", "comparison", "nw", "eoe"),
        "render",
        "render",
    ),
    Bench(
        "render-revision",
        "rrp render revision nw (fixture)",
        ("render", "revision", "nw", FIXTURE),
        "render",
        "render",
    ),
)


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
    budget: float
    state: str = "ok"  # ok, over, failed, n/a, info (no verdict)
    reasons: list[str] = field(default_factory=list)  # why over/failed/n/a
    median_ms: float | None = None
    floor_ms: float | None = None
    ratio: float | None = None
    peak_mb: float | None = None
    floor_peak_mb: float | None = None
    cpu_ms: float | None = None  # median CPU time (user + system): less sensitive to a busy machine
    floor_cpu_ms: float | None = None
    runs_ms: list[float] = field(default_factory=list)
    floor_runs_ms: list[float] = field(default_factory=list)
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

    No ``$RRP_PLANS`` (plans come from ``./plans`` or ``--plans``); ``tty``: colour
    on (output goes to a terminal).
    """
    env = dict(os.environ)
    env.pop("RRP_PLANS", None)
    if tty:
        env.pop("NO_COLOR", None)
        env["TERM"] = "xterm-256color"
    env.setdefault("COLUMNS", "100")
    return env


#: A run that takes longer than this many seconds is killed (and is a failure).
TIMEOUT_S = 300.0

#: The small wrapper each timed process runs under (``python -I -S -c WRAPPER argv...``).  It starts
#: the command, waits for it with ``os.wait4`` and prints the command's own wall time, exit status,
#: peak RSS and CPU time.  Measuring here, not in the runner, keeps the runner's own size out of the
#: child's ``ru_maxrss`` (a vfork'ed child inherits its parent's high-water mark until exec) and the
#: wrapper's start-up out of the time.
WRAPPER = """
import os, sys, time
tty, argv = sys.argv[1] == "tty", sys.argv[2:]
actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0)]
if tty:  # stdout a terminal 100 columns wide, read as fast as the command writes
    import fcntl, struct, termios
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 100, 0, 0))
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


def run_once(argv: Sequence[str], env: dict[str, str], tty: bool = False) -> Run:
    """Run one process to completion under :data:`WRAPPER`: its time, exit status, peak memory and stderr.

    Its output goes to /dev/null, or with ``tty`` to a terminal (a pseudo-terminal) that reads it all.
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
            out, _ = proc.communicate(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return Run(ms=TIMEOUT_S * 1000, peak_mb=0, cpu_ms=0, status=-9, stderr=f"(killed after {TIMEOUT_S:g} s)")
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if proc.returncode != 0 or len(out.split()) != 4:
        return Run(ms=0, peak_mb=0, cpu_ms=0, status=-1, stderr=f"benchmark wrapper failed:\n{stderr}")
    ms, status, maxrss, cpu_ms = out.split()
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    peak = int(maxrss) / (1024 * 1024) if sys.platform == "darwin" else int(maxrss) / 1024
    return Run(ms=float(ms), peak_mb=peak, cpu_ms=float(cpu_ms), status=int(status), stderr=stderr)


def available_commands() -> dict[str, str]:
    """The commands this rrp has whose module can be found: ``rrpcli.cli.COMMANDS``, name -> "module:function".

    A value may be the target itself or a tuple that starts with it (target, short help).
    """
    from rrpcli.cli import COMMANDS

    out = {}
    for name, value in COMMANDS.items():
        target = value if isinstance(value, str) else str(value[0])
        try:
            found = importlib.util.find_spec(target.split(":")[0]) is not None
        except ImportError:
            found = False
        if found:
            out[name] = target
    return out


def measure(
    bench: Bench,
    argv: list[str],
    floor_argv: list[str],
    runs: int,
    warmup: int,
    env: dict[str, str],
    judge: bool = True,
    tty: bool = False,
) -> Result:
    """Time a command and its floor alternately; medians of ``runs`` runs after ``warmup`` runs of each.

    ``judge``: compare with the budgets (state ``ok`` or ``over``); else the state is ``info``.
    """
    result = Result(bench.name, bench.label, argv, floor_argv, bench.budget)
    cmd_runs: list[Run] = []
    floor_runs: list[Run] = []
    for i in range(warmup + runs):
        # Alternate which goes first, so neither always follows the other.
        order = [(argv, cmd_runs), (floor_argv, floor_runs)]
        for this_argv, into in order if i % 2 == 0 else reversed(order):
            done = run_once(this_argv, env, tty)
            if this_argv is argv and done.status not in bench.exit_ok:
                result.state = "failed"
                result.reasons = [f"exit status {done.status}"]
                result.stderr = done.stderr
                return result
            if this_argv is floor_argv and done.status != 0:
                result.state = "failed"
                result.reasons = [f"floor exit status {done.status}"]
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
    if not judge:
        result.state = "info"
        return result
    if result.ratio > bench.budget:
        result.reasons.append(f"time {result.ratio:.2f}× > {bench.budget:g}×")
    if result.peak_mb >= MEMORY_BUDGET_MB:
        result.reasons.append(f"memory {result.peak_mb:.1f} MB ≥ {MEMORY_BUDGET_MB:g} MB")
    result.state = "over" if result.reasons else "ok"
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
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "executable": sys.executable,
        "os": os_name,
        "versions": versions,
        "date": datetime.date.today().isoformat(),
        "load": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


# --------------------------------------------------------------------------- report


def _ms(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}"


def table(results: Sequence[Result]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| command | median ms | floor ms | ratio | CPU ratio | budget | peak MB | result |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        budget = f"≤ {r.budget:g}×"
        if r.state == "n/a":
            lines.append(f"| `{r.label}` | n/a (command not available) | | | | {budget} | | n/a |")
        elif r.state == "failed":
            lines.append(f"| `{r.label}` | failed ({r.reasons[0]}) | | | | {budget} | | **failed** |")
        else:
            assert r.ratio is not None and r.peak_mb is not None and r.cpu_ms and r.floor_cpu_ms
            verdict = {"ok": "ok", "info": "–"}.get(r.state, "**over**")
            lines.append(
                f"| `{r.label}` | {_ms(r.median_ms)} | {_ms(r.floor_ms)} | {r.ratio:.2f}× "
                f"| {r.cpu_ms / r.floor_cpu_ms:.2f}× | {budget} | {r.peak_mb:.0f} | {verdict} |"
            )
    return "\n".join(lines)


def report(results: Sequence[Result], info: dict[str, Any], runs: int, warmup: int, tty: bool = False) -> str:
    """The table, the machine, the floors and any failures, as Markdown."""
    floors = ", ".join(f'`python -c "{code}"`' for code in FLOORS.values())
    budgets = f"Budgets: wall-time ratio ≤ the budget, peak memory < {MEMORY_BUDGET_MB:g} MB."
    parts = [
        table(results),
        "",
        f"Medians of {runs} runs after {warmup} warm-up runs, each command alternating with its floor "
        f"({floors}). Ratio: of the median wall times; CPU ratio: of the median CPU times (user + system). "
        + ("Output to a terminal 100 columns wide, in colour. " if tty else "Output to /dev/null. ")
        + budgets,
        "",
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['python']}, {info['os']}; "
        f"rrp {info['versions'].get('rrp')}, measured {info['date']}"
        + (f", load average {info['load'][0]:.1f} at the start." if info.get("load") else "."),
    ]
    load, cores = info.get("load"), info.get("cores") or 1
    if load and load[0] >= cores:
        parts += [
            "",
            f"Note: the machine was busy (load average {load[0]:.1f} on {cores} cores); wall times, and so the "
            "ratios, are noisy. The CPU ratio is the steadier guide; rerun on a quiet machine to judge the budgets.",
        ]
    failed = [r for r in results if r.state == "failed"]
    for r in failed:
        parts += ["", f"{r.label}: {r.reasons[0]}", "```", r.stderr.rstrip() or "(no stderr)", "```"]
    return "\n".join(parts)


# --------------------------------------------------------------------------- main


def selected(only: Sequence[str]) -> list[Bench]:
    """The benchmarks ``--only`` names: a name, or a group (``render`` is every ``render-*``)."""
    if not only:
        return list(BENCHES)
    wanted = [n.strip() for item in only for n in item.split(",") if n.strip()]
    out = [b for b in BENCHES if any(b.name == n or b.name.startswith(n + "-") for n in wanted)]
    unknown = [n for n in wanted if not any(b.name == n or b.name.startswith(n + "-") for b in BENCHES)]
    if unknown:
        names = ", ".join(b.name for b in BENCHES)
        raise ValueError(f"unknown benchmark {', '.join(unknown)}; choose from {names}")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], allow_abbrev=False)
    parser.add_argument("--runs", type=int, default=10, metavar="N", help="timed runs per command (default 10)")
    parser.add_argument("--warmup", type=int, default=2, metavar="N", help="warm-up runs per command (default 2)")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help="only this benchmark (repeatable, or comma-separated; a group such as 'render' selects render-*): "
        + ", ".join(b.name for b in BENCHES),
    )
    parser.add_argument("--keep", metavar="DIR", help="write the synthetic plans to DIR and keep them")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of the table")
    parser.add_argument("--check", action="store_true", help="exit 1 when a command is over budget or fails")
    parser.add_argument(
        "--tty", action="store_true", help="output to a terminal (100 columns, colour) instead of /dev/null"
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup at least 0")
    try:
        benches = selected(args.only)
    except ValueError as exc:
        parser.error(str(exc))

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        commands = available_commands()
    except ImportError as exc:
        parser.error(f"rrp is not installed for {sys.executable}: {exc}")
    base = rrp_argv()
    info = machine()  # before the runs: the load average is the machine's, not ours
    with tempfile.TemporaryDirectory(prefix="rrp-bench-") as tmp:
        env = child_env(tty=args.tty)
        paths: dict[str, str] = {}
        if args.keep or any(b.synthetic and b.command in commands for b in benches):
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            import synth

            out = Path(args.keep) if args.keep else Path(tmp)
            say(f"generating synthetic plans in {out} ...")
            made = synth.generate(out)
            paths = {"regions": str(made.regions_dir), "large": str(made.large), "revised": str(made.large_revised)}
        results: list[Result] = []
        for bench in benches:
            cmd = [*base, *(a.format(**paths) if "{" in a else a for a in bench.args)]
            floor = [sys.executable, "-c", FLOORS[bench.floor]]
            if bench.command and bench.command not in commands:
                result = Result(bench.name, bench.label, cmd, floor, bench.budget, state="n/a")
                result.reasons = [f"'{bench.command}' is not in rrpcli.cli.COMMANDS"]
                say(f"{bench.name}: n/a (command not available)")
                results.append(result)
                continue
            say(f"{bench.name}: {' '.join(cmd[len(base) :])} ...")
            result = measure(bench, cmd, floor, args.runs, args.warmup, env, tty=args.tty)
            if result.state == "failed":
                say(f"  failed: {result.reasons[0]}")
            else:
                say(
                    f"  {result.median_ms:.0f} ms, floor {result.floor_ms:.0f} ms, {result.ratio:.2f}×; "
                    f"CPU {result.cpu_ms:.0f} ms, floor {result.floor_cpu_ms:.0f} ms; {result.state}"
                )
            results.append(result)
    info["rrp_argv"] = base
    if args.json:
        doc = {
            "machine": info,
            "runs": args.runs,
            "warmup": args.warmup,
            "output": "terminal" if args.tty else "/dev/null",
            "memory_budget_mb": MEMORY_BUDGET_MB,
            "floors": FLOORS,
            "results": [asdict(r) for r in results],
        }
        print(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        print(report(results, info, args.runs, args.warmup, tty=args.tty))
    bad = [r for r in results if r.state in ("over", "failed")]
    return 1 if args.check and bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
