"""The ``rrp`` command line: a thin layer over the rrpcli library.

Only this package imports click and rich, and prints.  ``main`` is a click
group with every command registered; each command's module parses its
options, calls the library and picks the renderer.  What the commands share
(global options, the :class:`~rrpcli.cli.app.App`, error handling) is in
:mod:`rrpcli.cli.app`; how output looks, in :mod:`rrpcli.cli.output` and
:mod:`rrpcli.cli.layout`.
"""

from __future__ import annotations

import click

from rrpcli import __version__
from rrpcli.cli.app import App, RrpGroup, global_options
from rrpcli.cli.compare import compare_command
from rrpcli.cli.diff import diff_command
from rrpcli.cli.importer import import_command
from rrpcli.cli.plans import list_command, schema_command, show_command, validate_command
from rrpcli.cli.render import render_command
from rrpcli.cli.targets import targets_command


@click.group(
    cls=RrpGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="\b\nExample:\n  rrp compare nw eoe\n\nRun 'rrp COMMAND --help' for a command's options and an example.",
)
@global_options
@click.version_option(__version__, "-V", "--version", prog_name="rrp")
@click.pass_context
def main(ctx: click.Context) -> None:
    """rrp: read, compare, diff and brief HMPPS regional Reducing Reoffending Plans 2022-25.

    Plans are named by code (nw), file stem (north_west), region name
    ("North West", north-west), alias, or a path to a .toml file.
    The options below also work after the command name.
    """
    ctx.ensure_object(App)
    if ctx.invoked_subcommand is None:  # plain `rrp`: the help, and success
        click.echo(ctx.get_help())


for command in (
    compare_command,
    targets_command,
    diff_command,
    render_command,
    show_command,
    list_command,
    validate_command,
    import_command,
    schema_command,
):
    main.add_command(command)

__all__ = ["App", "main"]
