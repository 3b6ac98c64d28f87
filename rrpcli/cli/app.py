"""What every command shares: the global options, the :class:`App` they fill in, and the error handling.

The global options (``--plans``, ``--outcomes``, ``--color``, ``--no-color``, ``--debug``)
are added by :func:`global_options` to the ``rrp`` group and to every
command, so they work before or after the command name
(``rrp --no-color compare nw eoe`` and ``rrp compare nw eoe --no-color``).
Each writes into the one :class:`App` of the run; given twice, the later
one wins.

:class:`RrpGroup` maps exceptions to messages and exit codes, in one place:
an :class:`~rrpcli.errors.RrpError` is its message on stderr and exit 2; a
reader that went away (``rrp show nw | head``) is a quiet exit 0; another
failed write is a message and exit 2; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import click

from rrpcli.catalog import Catalog, PlanSource, bundled_dir, find_plan_source
from rrpcli.cli.output import COLOR_CHOICES, Output, message, stderr, stdout
from rrpcli.errors import NoPlans, PlanConflict, PlanNotFound, RrpError, file_name
from rrpcli.loader import load_plan
from rrpcli.model import Plan
from rrpcli.outcomes import OutcomeFiles, Outcomes, find_outcome_files, load_outcomes

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(eq=False, repr=False)
class App:
    """What the global options decide, shared by every command of a run."""

    plans_dir: str | None = None
    outcomes_dir: str | None = None
    color: str = "auto"
    debug: bool = False
    #: The exit status the command has decided on, kept when its reader goes away while it writes.
    status: int = 0
    _catalog: Catalog | None = field(default=None, repr=False)

    def catalog(self) -> Catalog:
        """The plans found by the documented search order (read once)."""
        if self._catalog is None:
            self._catalog = Catalog.open(find_plan_source(self.plans_dir))
        return self._catalog

    def catalog_paths(self) -> list[Path]:
        """The files of the catalog's plans; none when there is no catalog to open."""
        try:
            return [entry.path for entry in self.catalog().entries]
        except (NoPlans, PlanConflict):
            return []

    def plan(self, name: str) -> Plan:
        """The plan a name or path refers to.

        A path to an existing file is read without opening the catalog, so a
        path works even where no plans directory exists; so is anything else
        there (a pipe, a directory, a loop of links), so that the error says
        what it is.
        """
        if name.endswith(".toml") or "/" in name or os.sep in name:
            if not os.path.lexists(name):
                raise PlanNotFound(f"{file_name(name)}: no such plan file")
            return load_plan(Path(name))
        return self.catalog().resolve(name)

    def outcome_files(self) -> OutcomeFiles:
        """The outcome files in use: the bundled ones and the user's (--outcomes, $RRP_OUTCOMES, beside the plans)."""
        try:
            source = find_plan_source(self.plans_dir)
        except NoPlans:
            source = PlanSource(bundled_dir("plans"), "bundled")
        return find_outcome_files(source, self.outcomes_dir)

    def outcomes(self, plans: Iterable[Plan] = ()) -> Outcomes:
        """The outcome files in use, read and checked together.

        A figure's area may be any region code of the catalog or of ``plans``
        (plans named by path).  Only the commands that state the targets'
        status call this: the files are read then, never at start-up.
        """
        codes = {plan.meta.code for plan in plans}
        with contextlib.suppress(NoPlans, PlanConflict):  # plans named by path only
            codes |= {entry.code for entry in self.catalog().entries if entry.code}
        return load_outcomes(self.outcome_files().files, areas=codes)

    def stdout(self) -> Output:
        """Standard output, coloured as the options say."""
        return stdout(self.color)

    def stderr(self) -> Output:
        """Standard error, coloured as the options say."""
        return stderr(self.color)


#: Passes the run's :class:`App` to a command (making one when the command runs on its own).
pass_app = click.make_pass_decorator(App, ensure=True)


def _setter(attribute: str, value_if_set: object = None) -> Callable[[click.Context, click.Parameter, Any], None]:
    """A callback storing an option's value in the App; an option not given leaves the App as it is."""

    def store(ctx: click.Context, param: click.Parameter, value: Any) -> None:
        if value is None or value is False:  # not given here (maybe given before the command name)
            return
        setattr(ctx.ensure_object(App), attribute, value if value_if_set is None else value_if_set)

    return store


def global_options(function: F) -> F:
    """Add ``--plans``, ``--outcomes``, ``--color``, ``--no-color`` and ``--debug`` to a command or to the group."""
    options = [
        click.option(
            "--plans",
            "plans_dir",
            metavar="DIR",
            expose_value=False,
            callback=_setter("plans_dir"),
            help="Read plans from DIR (default: $RRP_PLANS, else ./plans, else the bundled plans).",
        ),
        click.option(
            "--outcomes",
            "outcomes_dir",
            metavar="DIR",
            expose_value=False,
            callback=_setter("outcomes_dir"),
            help="Read outcome figures from DIR too (default: $RRP_OUTCOMES, else outcomes/ beside the plans).",
        ),
        click.option(
            "--color",
            type=click.Choice(COLOR_CHOICES),
            metavar="[auto|always|never]",
            expose_value=False,
            callback=_setter("color"),
            help="Colour: auto (on a terminal; NO_COLOR and FORCE_COLOR count), always (even through a pipe), never.",
        ),
        click.option(
            "--no-color",
            is_flag=True,
            expose_value=False,
            callback=_setter("color", "never"),
            help="Plain text without colour (the same as --color never).",
        ),
        click.option(
            "--debug", is_flag=True, expose_value=False, callback=_setter("debug"), help="Show Python tracebacks."
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


class RrpGroup(click.Group):
    """The ``rrp`` group: click's, with rrp's errors mapped to messages and exit codes."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        _any_encoding()
        # --help and --version print while the arguments are parsed, before invoke().
        try:
            try:
                return super().make_context(info_name, args, parent=parent, **extra)
            finally:
                sys.stdout.flush()
        except BrokenPipeError:
            _silence_stdout()
            raise click.exceptions.Exit(0) from None
        except OSError as exc:
            _silence_stdout()
            _report([f"cannot write output: {exc.strerror or exc}"], App())
            raise click.exceptions.Exit(2) from None

    def invoke(self, ctx: click.Context) -> Any:
        app = ctx.ensure_object(App)
        try:
            try:
                return super().invoke(ctx)
            finally:
                sys.stdout.flush()  # a failed write shows here, not as a traceback at exit
        except RrpError as exc:
            if app.debug:
                raise
            _report(exc.lines(), app)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            # The reader went away (e.g. `rrp show nw | head`): not an error, and no change to the answer.
            _silence_stdout()
            ctx.exit(app.status)
        except OSError as exc:
            if app.debug:
                raise
            where = f"{exc.filename}: " if exc.filename else "cannot write output: "
            _silence_stdout()
            _report([where + (exc.strerror or str(exc))], app)
            ctx.exit(2)


def _any_encoding() -> None:
    """Make any output encoding work: a character it cannot encode is written as an escape (``\\u2013``).

    With ``PYTHONIOENCODING=ascii`` or a Latin-1 terminal, an en dash in a plan
    would otherwise stop rrp with a UnicodeEncodeError.  (``rrp import`` writes
    its TOML as UTF-8 bytes whatever the encoding.)
    """
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors="backslashreplace")


def _report(lines: list[str], app: App) -> None:
    message([f"rrp: error: {lines[0]}", *lines[1:]], app.stderr(), "red")


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that Python's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (e.g. under a test runner)
