"""``rrp render``: a Markdown briefing from a Jinja template, built-in or the user's own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from rrpcli.charts import metric_charts, render_svg
from rrpcli.cli.app import App, global_options, pass_app
from rrpcli.cli.diff import open_plan, other_plans
from rrpcli.cli.options import as_of_option, parse_date
from rrpcli.cli.output import write_text
from rrpcli.compare import check_plans
from rrpcli.errors import RrpError
from rrpcli.render import build_context, check_plan_count, find_template, render
from rrpcli.safewrite import check_output, write_outputs
from rrpcli.status import plan_metrics


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
@click.option(
    "--force",
    is_flag=True,
    help="Replace FILE if it exists (never a file the command reads: its plans, outcome files or template).",
)
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
    callback=parse_date,
    help="The date the briefing gives as its date ('generated'); default today.",
)
@as_of_option("the --date, else today")
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
    as_of: dt.date | None,
) -> None:
    """Render a Markdown briefing from a Jinja template.

    TEMPLATE is a built-in template (briefing: one plan; comparison: two or
    more; revision: OLD NEW, each NAME or NAME@REV as in rrp diff), a
    template in --template-dir, or a path to a template file.  Templates
    run in a sandbox; their data is the JSON of rrp show, targets, compare
    and diff, and the targets' status as of --as-of (see docs/templates.md
    for every variable and filter).  The briefing written to a FILE gets
    its targets' chart beside it, FILE's name ending in -targets.svg.

    \b
    Example:
      rrp render briefing nw -o nw-briefing.md     # and nw-briefing-targets.svg
      rrp render comparison nw eoe
      rrp render revision nw@HEAD~1 nw
      rrp render --template-dir my-templates one-pager nw
    """
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
    outcome_files = app.outcome_files()
    # A briefing never replaces a plan (the ones named, any plan of the catalog) or an outcome file.
    inputs = [p.path for p in loaded if p.path is not None] + [found.file] + app.catalog_paths()
    inputs += list(outcome_files.files)
    target = None if output == "-" else Path(output)
    chart = None
    if target is not None:
        check_output(target, force=force, inputs=inputs)
        if found.spec is not None and found.spec.chart and any(plan_metrics(loaded)):
            chart = chart_path(target)
            check_output(chart, force=force, inputs=[*inputs, target])
    outcomes = app.outcomes(loaded)
    as_of = as_of or generated or dt.date.today()
    context = build_context(
        loaded,
        revision=revision,
        others=other_plans(app, *loaded) if revision else (),
        sources=[source for _, source in opened],
        generated=generated,
        outcomes=outcomes,
        as_of=as_of,
        targets_chart=chart.name if chart is not None else None,
    )
    result = render(found, context)
    if target is None:
        write_text(result.text)
        return
    files = [(target, result.text)]
    if chart is not None:
        files.append((chart, render_svg(metric_charts(loaded, outcomes, as_of))))
    write_outputs(files, force=force, inputs=[*inputs, *result.files])


def chart_path(output: Path) -> Path:
    """Where the targets' chart of a briefing written to ``output`` goes: ``brief.md`` → ``brief-targets.svg``."""
    return output.with_name(f"{output.stem}-targets.svg")
