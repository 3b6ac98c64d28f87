"""``rrp targets``: how ambitious each region's targets are, and whether they were met, side by side."""

from __future__ import annotations

import datetime

import click

from rrpcli.ambition import sort_rows, target_figures
from rrpcli.cli.app import App, global_options, pass_app
from rrpcli.cli.options import as_of_option, format_option, pager_option
from rrpcli.cli.output import message, show_document, write_json, write_text
from rrpcli.document import to_markdown
from rrpcli.model import PATHWAY_IDS
from rrpcli.status import plans_status, target_rows_json
from rrpcli.targets_view import targets_document


@click.command("targets")
@click.argument("plans", nargs=-1, metavar="[PLAN]...")
@click.option("--pathway", "-p", type=click.Choice(PATHWAY_IDS), help="Only the targets of this pathway.")
@click.option(
    "--sort",
    "sort_key",
    metavar="FIELD",
    help="One table sorted by a JSON field (e.g. gap_closed_pct); prefix with - for descending: --sort=-pp_per_year.",
)
@as_of_option()
@format_option()
@pager_option()
@global_options
@pass_app
def targets_command(
    app: App,
    plans: tuple[str, ...],
    pathway: str | None,
    sort_key: str | None,
    as_of: datetime.date | None,
    fmt: str,
    no_pager: bool,
) -> None:
    """How ambitious each target is, and whether it was met.

    For each target: its change, pace per year, share of the gap closed and
    grade; for each numeric target, its status against its deadline (met,
    partly met, not met, or no regional outturn recorded) beside the
    national figure of the same period, and a text chart per metric.
    Targets on the same metric are grouped across regions and ranked by
    ambition.  All plans found when none are named.  On a narrow terminal
    the least needed columns are left out (the JSON has every figure).

    \b
    Example:
      rrp targets
      rrp targets nw eoe --pathway family_accommodation --as-of 2025-01-31
      rrp targets --sort=-gap_closed_pct --format markdown
    """
    loaded = [app.plan(name) for name in plans] if plans else app.catalog().plans
    rows = target_figures(loaded, pathway)
    if sort_key is not None:  # --sort= (empty) is a field name too, and not one of them: an error, not no sort
        rows = sort_rows(rows, sort_key)
    statuses = plans_status(loaded, app.outcomes(loaded), as_of or datetime.date.today())
    if fmt == "json":
        write_json(target_rows_json(rows, statuses))
        return
    if not rows:
        names = ", ".join(p.meta.code for p in loaded)
        message([f"rrp: no targets in {names}" + (f" for pathway {pathway}" if pathway else "")], app.stderr())
    doc = targets_document(rows, sorted_by=sort_key, statuses=statuses)
    if fmt == "markdown":
        write_text(to_markdown(doc))
    else:
        show_document(doc, app.stdout(), pager=not no_pager)
