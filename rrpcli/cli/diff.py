"""``rrp diff``: what changed between two revisions of a plan."""

from __future__ import annotations

import os
from pathlib import Path

import click

from rrpcli.catalog import Catalog, PlanSource, bundled_dir
from rrpcli.cli.app import App, global_options, pass_app
from rrpcli.cli.options import format_option, pager_option, section_option, threshold_option
from rrpcli.cli.output import show_document, write_json, write_text
from rrpcli.diff import DifferentRegions, diff_plans
from rrpcli.diff_view import diff_document, stat_document
from rrpcli.document import to_markdown
from rrpcli.errors import NoPlans, PlanConflict, RrpError
from rrpcli.gitrev import looks_like_path, read_at_revision, split_spec
from rrpcli.loader import load_plan
from rrpcli.model import Plan
from rrpcli.show import check_sections

#: The default of ``--threshold`` (also ``rrpcli.diff.DEFAULT_THRESHOLD``, in a module only the diff
#: command imports; a test keeps the two equal).
DEFAULT_THRESHOLD = 0.6

#: What git passes for the missing side of a file added or deleted.
NO_PLAN = ("/dev/null", os.devnull)


def open_side(app: App, spec: str, same_file: Path | None = None) -> tuple[Plan | None, str, Path | None]:
    """The plan a ``NAME``, ``PATH``, ``NAME@REV`` or ``PATH@REV`` names, how to name where it was read, its file.

    ``/dev/null`` (git's side of a file added or deleted) is no plan.  A name
    without ``@REV`` is the catalog's plan, or ``same_file`` when given (the
    file the same name was found as at a revision: ``rrp diff nw@HEAD~1 nw``
    compares one file with itself).
    """
    if spec in NO_PLAN:
        return None, "/dev/null", None
    parsed = split_spec(spec)
    if parsed.rev is None:
        if same_file is not None:
            return load_plan(same_file), _shown(same_file), same_file
        plan = app.plan(parsed.name)
        if plan.path is None:
            return plan, parsed.name, None
        bundled = not looks_like_path(parsed.name) and _bundled(_catalog(app))
        # A bundled plan is named by its file, never by where rrp is installed.
        return plan, f"{plan.path.name} (bundled with rrp)" if bundled else str(plan.path), plan.path
    revision = read_at_revision(parsed, _catalog(app))
    return load_plan(revision.path, text=revision.data, label=revision.label), revision.label, revision.path


def open_sides(app: App, old: str, new: str) -> tuple[tuple[Plan | None, str], tuple[Plan | None, str]]:
    """Both sides; ``NAME@REV`` against the same ``NAME`` without a revision is one file, then and now."""
    o = None if old in NO_PLAN else split_spec(old)
    n = None if new in NO_PLAN else split_spec(new)
    if o and n and o.name == n.name and (o.rev is None) != (n.rev is None) and not looks_like_path(o.name):
        at_rev, now = (old, new) if o.rev is not None else (new, old)
        then_plan, then_source, path = open_side(app, at_rev)
        now_plan, now_source, _ = open_side(app, now, same_file=path)
        opened = {at_rev: (then_plan, then_source), now: (now_plan, now_source)}
        return opened[old], opened[new]
    return open_side(app, old)[:2], open_side(app, new)[:2]


def _shown(path: Path) -> str:
    return Path(os.path.relpath(path)).as_posix()


def open_plan(app: App, spec: str) -> tuple[Plan, str]:
    """:func:`open_side` for a command that needs a plan on each side (``rrp render revision``)."""
    plan, source, _ = open_side(app, spec)
    if plan is None:
        raise RrpError(f"{spec}: no plan (a plan is needed on both sides here)")
    return plan, source


def _catalog(app: App) -> Catalog | None:
    try:
        return app.catalog()
    except (NoPlans, PlanConflict):
        return None


def _bundled(catalog: Catalog | None) -> bool:
    return catalog is None or catalog.source.origin == "bundled"


def other_plans(app: App, *plans: Plan) -> list[Plan]:
    """The reference for national text: the bundled plans, plus the catalog's plans of other regions."""
    catalog = _catalog(app)
    bundled_plans = bundled_dir("plans").resolve()
    if catalog is not None and catalog.source.directory.resolve() == bundled_plans:
        return list(catalog.plans)  # the catalog is the bundled plans: read them once
    reference = list(Catalog.open(PlanSource(bundled_plans, "bundled")).plans)
    if catalog is not None:
        codes = {p.meta.code for p in plans}
        reference += [p for p in catalog.plans if p.meta.code not in codes]
    return reference


@click.command("diff")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option("--stat", is_flag=True, help="Only count the edits of each kind per part of the plan.")
@section_option("Only changes in this section (repeatable); see 'rrp show --help' for the ids.")
@click.option("--ignore-moves", is_flag=True, help="Do not report items that only moved.")
@click.option("--any-region", is_flag=True, help="Diff two plans even if they are of different regions.")
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
    any_region: bool,
    threshold: float,
    labels: tuple[str, ...],
    fmt: str,
    no_pager: bool,
) -> None:
    """Show what changed between two revisions of a plan.

    Changes are shown part by part, one per edit.  OLD and NEW are plan
    names or paths to .toml files, each optionally with @REV for a git
    revision (read with git from the repository of the current directory),
    or /dev/null for no plan. Items of lists are paired by
    content, so a reworded objective is one change, an inserted one one
    addition, and an item moved to another pathway one move. Markers: + added,
    - removed, ~ changed ([-old-]{+new+} without colour), > moved.

    Exit status: 0 no differences, 1 differences, 2 trouble.

    \b
    Example:
      rrp diff nw@HEAD~1 nw
      rrp diff plans/north_west.toml@v2022 plans/north_west.toml --stat
      rrp diff nw drafts/north_west_2023.toml --format json
      git difftool -y -x 'rrp diff --no-pager' HEAD~1 -- plans/north_west.toml
    """
    if len(labels) not in (0, 2):
        raise click.UsageError("--label is given twice (for OLD, then for NEW), or not at all")
    wanted = check_sections(sections) if sections else None
    (old_plan, old_source), (new_plan, new_source) = open_sides(app, old, new)
    sides = [p for p in (old_plan, new_plan) if p is not None]
    try:
        result = diff_plans(
            old_plan,
            new_plan,
            threshold=threshold,
            others=other_plans(app, *sides),
            sections=wanted,
            ignore_moves=ignore_moves,
            any_region=any_region,
            # No plan is /dev/null, whatever the label (git names the missing side of an added file too).
            old_source=labels[0] if labels and old_plan is not None else old_source,
            new_source=labels[1] if labels and new_plan is not None else new_source,
        )
    except DifferentRegions as exc:  # the way round it is this command's option (rrp render has none)
        raise DifferentRegions(f"{exc.message} (or give --any-region to diff them anyway)") from None
    app.status = 1 if result.differs else 0
    if fmt == "json":
        data = result.stat_json() if stat else result.to_json()
        write_json(data)
    else:
        doc = stat_document(result, new_plan or old_plan) if stat else diff_document(result, new_plan or old_plan)
        if fmt == "markdown":
            write_text(to_markdown(doc))
        else:
            show_document(doc, app.stdout(), pager=not no_pager)
    if result.differs:
        raise click.exceptions.Exit(1)
