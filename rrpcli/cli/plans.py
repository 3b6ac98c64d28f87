"""``rrp list``, ``rrp show``, ``rrp validate`` and ``rrp schema``."""

from __future__ import annotations

import click

from rrpcli.cli import App
from rrpcli.cli.options import format_option, pager_option, section_option
from rrpcli.cli.terminal import echo_lines, show_document, stderr, stdout, write_json, write_text
from rrpcli.errors import PlanInvalid, RrpError

pass_app = click.make_pass_decorator(App)


@click.command("list")
@format_option()
@pass_app
def list_command(app: App, fmt: str) -> None:
    """List the plans rrp can find: code, region, period, revision, file and counts.

    \b
    Example:
      rrp list
      rrp --plans ~/drafts list --format json
    """
    from rrpcli.listing import plan_rows, rows_document, where_found

    catalog = app.catalog()
    rows = plan_rows(catalog)
    if fmt == "json":
        write_json([r.to_json() for r in rows])
    elif fmt == "markdown":
        from rrpcli.document import to_markdown

        write_text(to_markdown(rows_document(rows)))
    else:
        show_document(rows_document(rows), stdout(app.no_color))
        echo_lines([where_found(rows, catalog.source)], stderr(app.no_color), "dim")
    if catalog.errors:
        err = stderr(app.no_color)
        for error in catalog.errors:
            echo_lines([f"rrp: error: {line}" for line in error.lines()], err, "red")
        raise click.exceptions.Exit(2)


@click.command("show")
@click.argument("plan")
@section_option("Only this section (repeatable): foreword, vision, about, achievements, national_priorities, "
                "a pathway id (training_skills_work, drugs_alcohol, family_accommodation, public_security) or "
                "'pathways', our_partners, measuring_progress, glossary, footnotes.")  # fmt: skip
@format_option()
@pager_option()
@pass_app
def show_command(app: App, plan: str, sections: tuple[str, ...], fmt: str, no_pager: bool) -> None:
    """Show a plan, readable in a terminal, section by section.

    \b
    Example:
      rrp show nw
      rrp show "East of England" --section training_skills_work
      rrp show nw --format json --section about
    """
    from rrpcli.show import check_sections, plan_data, plan_document

    wanted = check_sections(sections)
    loaded = app.plan(plan)
    if fmt == "json":
        write_json(plan_data(loaded, wanted if sections else None))
        return
    doc = plan_document(loaded, wanted if sections else None)
    if fmt == "markdown":
        from rrpcli.document import to_markdown

        write_text(to_markdown(doc))
    else:
        show_document(doc, stdout(app.no_color), pager=not no_pager)


@click.command("validate")
@click.argument("plans", nargs=-1, metavar="[PLAN|PATH]...")
@pass_app
def validate_command(app: App, plans: tuple[str, ...]) -> None:
    """Check plans against the plan format; all plans found when none are named.

    Every problem in a file is reported, with file, line and field path.
    Exit status 0 when all are valid, 2 otherwise.

    \b
    Example:
      rrp validate
      rrp validate plans/north_west.toml drafts/wales.toml
    """
    out, err = stdout(app.no_color), stderr(app.no_color)
    failures = 0
    if plans:
        for name in plans:
            try:
                loaded = app.plan(name)
            except PlanInvalid as exc:
                failures += 1
                echo_lines(exc.lines(), err, "red")
            except RrpError as exc:
                failures += 1
                echo_lines([f"rrp: error: {exc.lines()[0]}", *exc.lines()[1:]], err, "red")
            else:
                echo_lines([f"{loaded.path}: ok ({loaded.meta.code}, {loaded.meta.region})"], out)
    else:
        catalog = app.catalog()
        for entry in catalog.entries:
            if entry.error is not None:
                failures += 1
                echo_lines(entry.error.lines(), err, "red")
            else:
                assert entry.plan is not None
                echo_lines([f"{entry.path}: ok ({entry.plan.meta.code}, {entry.plan.meta.region})"], out)
    if failures:
        raise click.exceptions.Exit(2)


@click.command("schema")
def schema_command() -> None:
    """Print the plan format as a JSON Schema, for editors that check plan files as you type.

    \b
    Example:
      rrp schema > plans/plan.schema.json
    """
    from rrpcli.schema import json_schema

    write_json(json_schema())
