"""``rrp import``: the text extracted from a published plan's PDF, as a TOML plan."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from rrpcli.cli.app import App, global_options, pass_app
from rrpcli.cli.output import message, write_text
from rrpcli.importer import import_text, read_source, read_standard_input
from rrpcli.model import CODE
from rrpcli.safewrite import check_output, write_output
from rrpcli.wording import counted

_KINDS = {"unplaced": "unplaced", "unparsed": "not parsed", "check": "check"}


def _code(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not re.fullmatch(CODE, value):
        raise click.BadParameter(
            f'"{value}" is not a region code: lower-case letters, digits, "_" and "-", starting with a letter'
        )
    return value


def _revision(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise click.BadParameter("a revision label cannot be empty")
    return value


@click.command("import")
@click.argument("textfile", metavar="TEXTFILE")
@click.option("-o", "--output", metavar="FILE", help="Write the plan to FILE (default: standard output).")
@click.option("--code", callback=_code, metavar="CODE", help="Region code (default: the region's initials, e.g. nw).")
@click.option(
    "--revision", callback=_revision, metavar="LABEL", help="Revision label (default: the period's first year)."
)
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@global_options
@pass_app
def import_command(
    app: App, textfile: str, output: str | None, code: str | None, revision: str | None, force: bool
) -> None:
    """Turn a published plan's text into a TOML plan.

    TEXTFILE is the text extracted from the plan's PDF ('-' reads standard
    input). The plan is checked before it is written; FILE is written whole
    or not at all, and replaced only with --force.

    Text that cannot be placed in the plan is listed on stderr with its line
    number and at the top of the plan as '# UNPLACED' comments. Exit status:
    0 when every line was placed, 1 when some were not, 2 on error.

    \b
    Example:
      pdftotext north_west.pdf north_west.txt
      rrp import north_west.txt -o plans/north_west.toml
    """
    inputs = [] if textfile == "-" else [Path(textfile)]
    name = "<stdin>" if textfile == "-" else textfile
    raw = read_source(inputs[0]) if inputs else read_standard_input(sys.stdin.buffer)
    target = Path(output) if output not in (None, "-") else None
    if target is not None:
        check_output(target, force=force, inputs=inputs)  # refuse before the work, not after
    result = import_text(raw, name=name, code=code, revision=revision)

    if target is not None:
        write_output(target, result.toml, force=force, inputs=inputs)
    else:
        binary = getattr(sys.stdout, "buffer", None)
        if binary is None:  # a stream without bytes underneath (redirected in-process): write text
            write_text(result.toml)
        else:  # TOML is UTF-8, whatever the locale's encoding
            sys.stdout.flush()
            binary.write(result.toml.encode("utf-8"))
            binary.flush()

    err = app.stderr()
    for finding in result.findings:
        where = f"{name}:{finding.first}" if finding.first else name
        style = "" if finding.kind == "check" else "yellow"
        message([f"{where}: {_KINDS[finding.kind]}: {finding.message}"], err, style)
    plan = result.plan
    counts = [
        counted(len(plan.about.facts), "fact", "facts"),
        counted(len(plan.all_targets()), "target", "targets"),
        counted(len(plan.glossary), "glossary entry", "glossary entries"),
        counted(len(plan.footnotes), "footnote", "footnotes"),
    ]
    where_to = str(target) if target is not None else "standard output"
    message([f"rrp: imported {plan.meta.region} ({plan.meta.code}) to {where_to}: {', '.join(counts)}"], err)
    if result.unplaced:
        left = [
            f"{n} not {kind} (# {label})"
            for kind, label in (("placed", "UNPLACED"), ("parsed", "UNPARSED"))
            if (n := sum(f.kind == f"un{kind}" for f in result.unplaced))
        ]
        message(
            [f"rrp: text left for a person: {', '.join(left)}; see the comments at the top of the plan"], err, "yellow"
        )
        raise click.exceptions.Exit(1)
