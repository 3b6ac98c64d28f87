"""The ``rrp`` command line: a thin layer over the rrpcli library.

Only this package imports click and prints.  Commands are imported lazily, by
name, so that ``rrp list`` does not pay for the imports of ``rrp render``.
Every :class:`~rrpcli.errors.RrpError` becomes a short message on stderr and
exit status 2; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import click

from rrpcli import __version__
from rrpcli.errors import RrpError

if TYPE_CHECKING:
    from pathlib import Path

    from rrpcli.catalog import Catalog
    from rrpcli.model import Plan

#: command name -> ("module:function", summary).  The command is imported only
#: when it runs; ``rrp --help`` shows the summaries without importing any of
#: them (tests check each summary is the first sentence of the command's help).
COMMANDS: dict[str, tuple[str, str]] = {
    "compare": (
        "rrpcli.cli.compare:compare_command",
        "Compare regions: national text shared by the plans, and what each region says for itself",
    ),
    "targets": ("rrpcli.cli.targets:targets_command", "How ambitious each target is"),
    "diff": (
        "rrpcli.cli.diff:diff_command",
        "Show what changed from one revision of a plan to another, part by part",
    ),
    "render": ("rrpcli.cli.render:render_command", "Render a Markdown briefing from a Jinja template"),
    "show": ("rrpcli.cli.plans:show_command", "Show a plan, readable in a terminal, section by section"),
    "list": ("rrpcli.cli.plans:list_command", "List the plans rrp can find"),
    "validate": ("rrpcli.cli.plans:validate_command", "Check plans against the plan format"),
    "import": (
        "rrpcli.cli.importer:import_command",
        "Turn the text of a published Reducing Reoffending Plan into a TOML plan",
    ),
    "schema": ("rrpcli.cli.plans:schema_command", "Print the plan format as a JSON Schema"),
}


@dataclass
class App:
    """What the global options decide, shared by every command."""

    plans_dir: str | None = None
    no_color: bool = False
    debug: bool = False
    _catalog: Catalog | None = field(default=None, repr=False)

    def catalog(self) -> Catalog:
        """The plans found by the documented search order (read once)."""
        if self._catalog is None:
            from rrpcli.catalog import Catalog, find_plan_source

            self._catalog = Catalog.open(find_plan_source(self.plans_dir))
        return self._catalog

    def catalog_paths(self) -> list[Path]:
        """The files of the catalog's plans; none when there is no catalog to open."""
        from rrpcli.errors import NoPlans, PlanConflict

        try:
            return [entry.path for entry in self.catalog().entries]
        except (NoPlans, PlanConflict):
            return []

    def plan(self, name: str) -> Plan:
        """The plan a name or path refers to.

        A path to an existing file is read without opening the catalog, so a
        path works even where no plans directory exists.
        """
        from pathlib import Path

        if name.endswith(".toml") and Path(name).is_file():
            from rrpcli.loader import load_plan

            return load_plan(Path(name))
        return self.catalog().resolve(name)


class LazyGroup(click.Group):
    """A group whose commands are imported on first use, and which maps rrp errors to exit 2."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attr = COMMANDS[cmd_name][0].split(":")
        command = getattr(importlib.import_module(module), attr)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # The summaries, without importing every command (and what it imports).
        with formatter.section("Commands"):
            formatter.write_dl([(name, summary + ".") for name, (_, summary) in COMMANDS.items()])

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
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
            _report([f"cannot write output: {exc.strerror or exc}"], no_color=False)
            raise click.exceptions.Exit(2) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            try:
                return super().invoke(ctx)
            finally:
                sys.stdout.flush()  # a failed write shows here, not as a traceback at exit
        except RrpError as exc:
            app = ctx.find_object(App)
            if app is not None and app.debug:
                raise
            _fail(ctx, exc.lines(), exc.exit_code)
        except BrokenPipeError:
            # The reader went away (e.g. `rrp show nw | head`): not an error.
            _silence_stdout()
            ctx.exit(0)
        except OSError as exc:
            app = ctx.find_object(App)
            if app is not None and app.debug:
                raise
            where = f"{exc.filename}: " if exc.filename else "cannot write output: "
            _silence_stdout()
            _fail(ctx, [where + (exc.strerror or str(exc))], 2)


def _fail(ctx: click.Context, lines: list[str], code: int) -> None:
    app = ctx.find_object(App)
    _report(lines, app.no_color if app else False)
    ctx.exit(code)


def _report(lines: list[str], no_color: bool) -> None:
    from rrpcli.cli.terminal import echo_lines, stderr

    echo_lines([f"rrp: error: {lines[0]}", *lines[1:]], stderr(no_color), "red")


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that Python's final flush cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (e.g. under a test runner)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="\b\nExample:\n  rrp compare nw eoe\n\nRun 'rrp COMMAND --help' for a command's options and an example.",
)
@click.option(
    "--plans",
    "plans_dir",
    metavar="DIR",
    help="Read plans from DIR (default: $RRP_PLANS, else ./plans, else the bundled plans).",
)
@click.option("--no-color", is_flag=True, help="Plain text without colour (also: NO_COLOR=1).")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.version_option(__version__, "-V", "--version", prog_name="rrp")
@click.pass_context
def main(ctx: click.Context, plans_dir: str | None, no_color: bool, debug: bool) -> None:
    """rrp: read, compare, diff and brief HMPPS regional Reducing Reoffending Plans 2022-25.

    Plans are named by code (nw), file stem (north_west), region name
    ("North West", north-west), alias, or a path to a .toml file.
    """
    ctx.obj = App(plans_dir=plans_dir, no_color=no_color, debug=debug)
