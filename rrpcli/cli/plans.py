"""``rrp list``, ``rrp show``, ``rrp validate`` and ``rrp schema``."""

from __future__ import annotations

import datetime

import click

from rrpcli.cli.app import App, global_options, pass_app
from rrpcli.cli.options import as_of_option, format_option, pager_option, section_option
from rrpcli.cli.output import message, show_document, write_json, write_text
from rrpcli.document import to_markdown
from rrpcli.errors import OutcomesInvalid, PlanInvalid, RrpError
from rrpcli.listing import plan_rows, rows_document, where_found
from rrpcli.model import Plan
from rrpcli.outcomes import OutcomeFiles, Outcomes, check_plan_metrics
from rrpcli.schema import json_schema
from rrpcli.show import check_sections, plan_data, plan_document
from rrpcli.status import plan_metrics, plan_status
from rrpcli.status_view import metric_blocks
from rrpcli.wording import counted


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
        write_text(to_markdown(rows_document(rows, catalog.bundled)))
    else:
        show_document(rows_document(rows, catalog.bundled), app.stdout(), pager=not no_pager)
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
@as_of_option()
@format_option()
@pager_option()
@global_options
@pass_app
def show_command(
    app: App, plan: str, sections: tuple[str, ...], as_of: datetime.date | None, fmt: str, no_pager: bool
) -> None:
    """Show a plan, readable in a terminal, section by section.

    Under its title: as of today (or --as-of), whether its period and its
    targets' deadlines have passed, and when it was published.  The
    measuring_progress section ends with what the targets' metrics count.
    The JSON is the plan exactly as the plan format defines it.

    \b
    Example:
      rrp show nw
      rrp show "East of England" --section training_skills_work
      rrp show nw --section measuring_progress --as-of 2023-06-30
      rrp show nw --format json --section about
    """
    wanted = check_sections(sections)
    loaded = app.plan(plan)
    if fmt == "json":
        write_json(plan_data(loaded, wanted if sections else None))
        return
    outcomes = app.outcomes([loaded])
    status = plan_status(loaded, outcomes, as_of or datetime.date.today())
    definitions = metric_blocks(plan_metrics([loaded]), outcomes) if "measuring_progress" in wanted else []
    doc = plan_document(loaded, wanted if sections else None, status=status, definitions=definitions)
    if fmt == "markdown":
        write_text(to_markdown(doc))
    else:
        show_document(doc, app.stdout(), pager=not no_pager)


@click.command("validate")
@click.argument("plans", nargs=-1, metavar="[PLAN|PATH]...")
@global_options
@pass_app
def validate_command(app: App, plans: tuple[str, ...]) -> None:
    """Check plans and outcome files against their formats.

    All plans found are checked when none are named; the outcome files in
    use (bundled, --outcomes, $RRP_OUTCOMES or beside the plans) always.
    Every problem of format in a file is reported at once, with file,
    line and field path; problems of content (a target's sums, its metric
    in the catalogue) once the format is right.  Exit status 0 when all
    are valid, 2 otherwise.

    \b
    Example:
      rrp validate
      rrp validate plans/north_west.toml drafts/wales.toml
      rrp validate --outcomes my-outcomes
    """
    out, err = app.stdout(), app.stderr()
    failures = 0
    checked: list[tuple[str, Plan | None, list[str]]] = []  # (file, plan, error lines)
    if plans:
        for name in plans:
            try:
                loaded = app.plan(name)
            except PlanInvalid as exc:
                checked.append((name, None, exc.lines()))
            except RrpError as exc:
                checked.append((name, None, [f"rrp: error: {exc.lines()[0]}", *exc.lines()[1:]]))
            else:
                checked.append((_shown(app, loaded), loaded, []))
    else:
        catalog = app.catalog()
        for entry in catalog.entries:
            checked.append((catalog.shown(entry.path), entry.plan, entry.error.lines() if entry.error else []))
    files = app.outcome_files()
    try:
        outcomes: Outcomes | None = app.outcomes([plan for _, plan, _ in checked if plan is not None])
    except OutcomesInvalid as exc:
        outcomes, outcome_errors = None, exc.lines()
    for path, plan, errors in checked:
        if plan is not None and outcomes is not None:
            errors = [str(p) for p in check_plan_metrics([plan], outcomes)]
        if errors:
            failures += 1
            message(errors, err, "red")
        else:
            assert plan is not None
            message([f"{path}: ok ({plan.meta.code}, {plan.meta.region})"], out)
    if outcomes is None:
        failures += 1
        message(outcome_errors, err, "red")
    else:
        message([f"outcome files: ok ({_outcomes_summary(files, outcomes)})"], out)
    if failures:
        raise click.exceptions.Exit(2)


def _shown(app: App, plan: Plan) -> str:
    """How ``validate`` names a plan's file: a bundled plan by its file alone, never where rrp is installed."""
    assert plan.path is not None  # a plan found by name or path was read from its file
    try:
        return app.catalog().shown(plan.path)
    except RrpError:  # no catalog to open: the plan was named by its path
        return str(plan.path)


def _outcomes_summary(files: OutcomeFiles, outcomes: Outcomes) -> str:
    """``5 bundled and 1 in my-outcomes: 6 metrics, 15 figures``.

    A user's file named like a bundled one replaces it, so when the user's folder
    replaces them all (a checkout of rrp has its own ``outcomes/``), no "0 bundled".
    """
    own = [f for f in files.files if files.directory is not None and f.parent == files.directory]
    bundled = len(files.files) - len(own)
    where = [f"{bundled} bundled"] if bundled or files.directory is None else []
    if files.directory is not None:
        where.append(f"{len(own)} in {files.directory} ({files.origin})")
    counts = (
        f"{counted(len(outcomes.metrics), 'metric', 'metrics')}, {counted(len(outcomes.figures), 'figure', 'figures')}"
    )
    return f"{' and '.join(where)}: {counts}"


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
