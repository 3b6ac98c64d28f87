"""``rrp render``: a Markdown briefing from a Jinja template, built-in or the user's own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from rrpcli.cli.app import App, global_options, pass_app
from rrpcli.cli.diff import open_plan, other_plans
from rrpcli.cli.output import write_text
from rrpcli.compare import check_plans
from rrpcli.errors import RrpError
from rrpcli.safewrite import check_output, write_output


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected a date as YYYY-MM-DD, got {value!r}") from None


@click.command("render")
@click.argument("template", metavar="TEMPLATE")
@click.argument("plans", nargs=-1, metavar="PLAN...")
@click.option(
    "--template-dir",
    "-t",
    metavar="DIR",
    type=click.Path(path_type=Path),
    help="Look for TEMPLATE (NAME, NAME.md.j2) in DIR first; its templates may include each other.",
)
@click.option(
    "--output",
    "-o",
    metavar="FILE",
    default="-",
    show_default=True,
    help="Write to FILE (rendered in full first, then moved into place); - for stdout.",
)
@click.option("--force", is_flag=True, help="Replace FILE if it exists (never a plan or template file).")
@click.option(
    "--diff",
    "revision",
    is_flag=True,
    help="For your own template: read the two plans as OLD and NEW (as rrp diff) and give it 'diff'.",
)
@click.option(
    "--date",
    "generated",
    metavar="YYYY-MM-DD",
    callback=_date,
    help="The date the briefing gives as its date ('generated'); default today.",
)
@global_options
@pass_app
def render_command(
    app: App,
    template: str,
    plans: tuple[str, ...],
    template_dir: Path | None,
    output: str,
    force: bool,
    revision: bool,
    generated: dt.date | None,
) -> None:
    """Render a Markdown briefing from a Jinja template.

    TEMPLATE is a built-in template (briefing: one plan; comparison: two or
    more; revision: OLD NEW, each NAME or NAME@REV as in rrp diff), a
    template in --template-dir, or a path to a template file.  Templates
    run in a sandbox; their data is the JSON of rrp show, targets, compare
    and diff (see the README for every variable and filter).

    \b
    Example:
      rrp render briefing nw -o nw-briefing.md
      rrp render comparison nw eoe
      rrp render revision nw@HEAD~1 nw
      rrp render --template-dir my-templates one-pager nw
    """
    # The render module imports jinja2, which no other command needs.
    from rrpcli.render import build_context, check_plan_count, find_template, render

    found = find_template(template, template_dir)
    revision = revision or bool(found.spec and found.spec.revision)
    check_plan_count(found, len(plans), revision=revision)
    opened = [open_plan(app, spec) for spec in plans]
    loaded = [plan for plan, _ in opened]
    if not revision and len(loaded) > 1:
        try:
            check_plans(loaded, plans)
        except RrpError as exc:
            if found.builtin is None:
                raise RrpError(f"{exc.message}\n(for two versions of one plan, add --diff)") from None
            raise
    # A briefing never replaces a plan: not the ones named, nor any plan of the catalog.
    inputs = [p.path for p in loaded if p.path is not None] + [found.file] + app.catalog_paths()
    target = None if output == "-" else Path(output)
    if target is not None:
        check_output(target, force=force, inputs=inputs)
    context = build_context(
        loaded,
        revision=revision,
        others=other_plans(app, *loaded) if revision else (),
        sources=[source for _, source in opened],
        generated=generated,
    )
    result = render(found, context)
    if target is None:
        write_text(result.text)
    else:
        write_output(target, result.text, force=force, inputs=[*inputs, *result.files])
