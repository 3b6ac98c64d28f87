"""``rrp list``, ``rrp show``, ``rrp validate`` and ``rrp schema``."""

from __future__ import annotations

import click

from rrpcli.cli.app import App, global_options, pass_app
from rrpcli.cli.options import format_option, pager_option, section_option
from rrpcli.cli.output import message, show_document, write_json, write_text
from rrpcli.document import to_markdown
from rrpcli.errors import PlanInvalid, RrpError
from rrpcli.listing import plan_rows, rows_document, where_found
from rrpcli.schema import json_schema
from rrpcli.show import check_sections, plan_data, plan_document


@click.command("list")
@format_option()
@pager_option()
@global_options
@pass_app
def list_command(app: App, fmt: str, no_pager: bool) -> None:
    """List the plans rrp can find.

    Code, region, period, revision, counts and file of each; on a narrow
    terminal the period, then the counts, then the revision are left out.

    \b
    Example:
      rrp list
      rrp --plans ~/drafts list --format json
    """
    catalog = app.catalog()
    rows = plan_rows(catalog)
    if fmt == "json":
        write_json([r.to_json() for r in rows])
    elif fmt == "markdown":
        write_text(to_markdown(rows_document(rows)))
    else:
        show_document(rows_document(rows), app.stdout(), pager=not no_pager)
        message([where_found(rows, catalog.source)], app.stderr(), "dim")
    if catalog.errors:
        err = app.stderr()
        for error in catalog.errors:
            message([f"rrp: error: {line}" for line in error.lines()], err, "red")
        raise click.exceptions.Exit(2)


@click.command("show")
@click.argument("plan")
@section_option("Only this section (repeatable): foreword, vision, about, achievements, national_priorities, "
                "a pathway id (training_skills_work, drugs_alcohol, family_accommodation, public_security) or "
                "'pathways', our_partners, measuring_progress, glossary, footnotes.")  # fmt: skip
@format_option()
@pager_option()
@global_options
@pass_app
def show_command(app: App, plan: str, sections: tuple[str, ...], fmt: str, no_pager: bool) -> None:
    """Show a plan, readable in a terminal, section by section.

    \b
    Example:
      rrp show nw
      rrp show "East of England" --section training_skills_work
      rrp show nw --format json --section about
    """
    wanted = check_sections(sections)
    loaded = app.plan(plan)
    if fmt == "json":
        write_json(plan_data(loaded, wanted if sections else None))
        return
    doc = plan_document(loaded, wanted if sections else None)
    if fmt == "markdown":
        write_text(to_markdown(doc))
    else:
        show_document(doc, app.stdout(), pager=not no_pager)


@click.command("validate")
@click.argument("plans", nargs=-1, metavar="[PLAN|PATH]...")
@global_options
@pass_app
def validate_command(app: App, plans: tuple[str, ...]) -> None:
    """Check plans against the plan format.

    All plans found are checked when none are named.  Every problem in a
    file is reported, with file, line and field path.  Exit status 0 when
    all are valid, 2 otherwise.

    \b
    Example:
      rrp validate
      rrp validate plans/north_west.toml drafts/wales.toml
    """
    out, err = app.stdout(), app.stderr()
    failures = 0
    if plans:
        for name in plans:
            try:
                loaded = app.plan(name)
            except PlanInvalid as exc:
                failures += 1
                message(exc.lines(), err, "red")
            except RrpError as exc:
                failures += 1
                message([f"rrp: error: {exc.lines()[0]}", *exc.lines()[1:]], err, "red")
            else:
                message([f"{loaded.path}: ok ({loaded.meta.code}, {loaded.meta.region})"], out)
    else:
        catalog = app.catalog()
        for entry in catalog.entries:
            if entry.error is not None:
                failures += 1
                message(entry.error.lines(), err, "red")
            else:
                assert entry.plan is not None
                message([f"{entry.path}: ok ({entry.plan.meta.code}, {entry.plan.meta.region})"], out)
    if failures:
        raise click.exceptions.Exit(2)


@click.command("schema")
@global_options
def schema_command() -> None:
    """Print the plan format as a JSON Schema.

    For editors that check plan files as you type.

    \b
    Example:
      rrp schema > plans/plan.schema.json
    """
    write_json(json_schema())
