"""``rrp diff``: what changed between two revisions of a plan."""

from __future__ import annotations

from pathlib import Path

import click

from rrpcli.catalog import normalise_name
from rrpcli.cli.app import App, global_options, pass_app
from rrpcli.cli.options import format_option, pager_option, section_option, threshold_option
from rrpcli.cli.output import show_document, write_json, write_text
from rrpcli.document import to_markdown
from rrpcli.errors import RrpError
from rrpcli.gitrev import read_revision, split_spec
from rrpcli.loader import load_plan
from rrpcli.model import Plan
from rrpcli.show import check_sections

#: The default of ``--threshold`` (also ``rrpcli.diff.DEFAULT_THRESHOLD``, which imports deepdiff: only the
#: diff command imports it; a test keeps the two equal).
DEFAULT_THRESHOLD = 0.6


def open_plan(app: App, spec: str) -> tuple[Plan, str]:
    """The plan a ``NAME``, ``PATH``, ``NAME@REV`` or ``PATH@REV`` names, and where it was read from."""
    parsed = split_spec(spec)
    if parsed.rev is None:
        plan = app.plan(parsed.name)
        return plan, str(plan.path) if plan.path else parsed.name
    name = parsed.name
    path = Path(name) if name.endswith(".toml") or "/" in name or Path(name).is_file() else plan_file(app, name)
    label = f"{path}@{parsed.rev}"
    text = read_revision(path, parsed.rev, label)
    return load_plan(path, text=text, label=label), label


def plan_file(app: App, name: str) -> Path:
    """The file of the catalog plan a name refers to (even if that file does not load now)."""
    catalog = app.catalog()
    key = normalise_name(name)
    for entry in catalog.entries:
        if key in entry.names:
            return entry.path
    plan = catalog.resolve(name)  # raises the catalog's "unknown plan" error
    assert plan.path is not None
    return plan.path


def other_plans(app: App, *plans: Plan) -> list[Plan]:
    """The catalog's plans of other regions, for telling national text from regional (none if unreadable)."""
    try:
        catalog = app.catalog()
    except RrpError:
        return []
    codes = {p.meta.code for p in plans}
    return [p for p in catalog.plans if p.meta.code not in codes]


@click.command("diff")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option("--stat", is_flag=True, help="Only count the changes of each kind per part of the plan.")
@section_option("Only changes in this section (repeatable); see 'rrp show --help' for the ids.")
@click.option("--ignore-moves", is_flag=True, help="Do not report items that only moved within their list.")
@threshold_option(DEFAULT_THRESHOLD, "the same item, and text as national")
@click.option(
    "--label",
    "labels",
    multiple=True,
    metavar="TEXT",
    help="Name OLD, then NEW, this way in the output instead of by file (as in diff(1); for git).",
)
@format_option()
@pager_option()
@global_options
@pass_app
def diff_command(
    app: App,
    old: str,
    new: str,
    stat: bool,
    sections: tuple[str, ...],
    ignore_moves: bool,
    threshold: float,
    labels: tuple[str, ...],
    fmt: str,
    no_pager: bool,
) -> None:
    """Show what changed between two revisions of a plan.

    Changes are shown part by part.  OLD and NEW are plan names or paths to .toml files, each optionally with
    @REV for a git revision (read with git from the repository holding the
    file). Items of lists are paired by content, so a reworded objective is
    one change and an inserted one one addition. Markers: + added, - removed,
    ~ changed ([-old-]{+new+} without colour), > moved.

    Exit status: 0 no differences, 1 differences, 2 trouble.

    \b
    Example:
      rrp diff nw@HEAD~1 nw
      rrp diff plans/north_west.toml@v2022 plans/north_west.toml --stat
      rrp diff nw tests/fixtures/north_west_2023_refresh.toml --format json
      git difftool -y -x 'rrp diff --no-pager' HEAD~1 -- plans/north_west.toml
    """
    # The diff modules import deepdiff, which no other command needs.
    from rrpcli.diff import diff_plans
    from rrpcli.diff_view import diff_document, stat_document

    if len(labels) not in (0, 2):
        raise click.UsageError("--label is given twice (for OLD, then for NEW), or not at all")
    wanted = check_sections(sections) if sections else None
    old_plan, old_source = open_plan(app, old)
    new_plan, new_source = open_plan(app, new)
    result = diff_plans(
        old_plan,
        new_plan,
        threshold=threshold,
        others=other_plans(app, old_plan, new_plan),
        sections=wanted,
        ignore_moves=ignore_moves,
        old_source=labels[0] if labels else old_source,
        new_source=labels[1] if len(labels) > 1 else new_source,
    )
    if fmt == "json":
        data = result.stat_json() if stat else result.to_json()
        write_json(data)
    else:
        doc = stat_document(result, new_plan) if stat else diff_document(result, new_plan)
        if fmt == "markdown":
            write_text(to_markdown(doc))
        else:
            show_document(doc, app.stdout(), pager=not no_pager)
    if result.differs:
        raise click.exceptions.Exit(1)
