"""``rrp targets``: how ambitious each region's targets are, side by side."""

from __future__ import annotations

import click

from rrpcli.ambition import sort_rows, target_figures
from rrpcli.cli.app import App, global_options, pass_app
from rrpcli.cli.options import format_option, pager_option
from rrpcli.cli.output import message, show_document, write_json, write_text
from rrpcli.document import to_markdown
from rrpcli.model import PATHWAY_IDS
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
@format_option()
@pager_option()
@global_options
@pass_app
def targets_command(
    app: App, plans: tuple[str, ...], pathway: str | None, sort_key: str | None, fmt: str, no_pager: bool
) -> None:
    """How ambitious each target is, region by region.

    For each target: its change, pace per year, share of the gap closed and
    grade.  Targets on the same metric are grouped across regions and ranked by
    ambition.  All plans found when none are named.  On a narrow terminal
    the least needed columns are left out (the JSON has every figure).

    \b
    Example:
      rrp targets
      rrp targets nw eoe --pathway family_accommodation
      rrp targets --sort=-gap_closed_pct --format markdown
    """
    loaded = [app.plan(name) for name in plans] if plans else app.catalog().plans
    rows = target_figures(loaded, pathway)
    if sort_key:
        rows = sort_rows(rows, sort_key)
    if fmt == "json":
        write_json([r.to_json() for r in rows])
        return
    if not rows:
        names = ", ".join(p.meta.code for p in loaded)
        message([f"rrp: no targets in {names}" + (f" for pathway {pathway}" if pathway else "")], app.stderr())
    doc = targets_document(rows, sorted_by=sort_key)
    if fmt == "markdown":
        write_text(to_markdown(doc))
    else:
        show_document(doc, app.stdout(), pager=not no_pager)
