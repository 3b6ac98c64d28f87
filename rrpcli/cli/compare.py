"""``rrp compare``: regions side by side: the overview first, then the detail, section by section."""

from __future__ import annotations

import datetime

import click

from rrpcli.cli.app import App, global_options, pass_app
from rrpcli.cli.options import as_of_option, format_option, pager_option, section_option, threshold_option
from rrpcli.cli.output import show_document, write_json, write_text
from rrpcli.compare import COMPARED_SECTIONS, DEFAULT_THRESHOLD, check_plans, compare_plans, compare_sections
from rrpcli.compare_view import comparison_document
from rrpcli.document import to_markdown
from rrpcli.overview import comparison_json, overview_of
from rrpcli.status import plans_status
from rrpcli.status_view import with_plan_status


@click.command("compare")
@click.argument("plans", nargs=-1, metavar="PLAN PLAN [PLAN]...")
@click.option("--summary", "summary_only", is_flag=True, help="Only the overview.")
@click.option("--detail", "detail_only", is_flag=True, help="Only the detail, section by section (no overview).")
@section_option(
    "Only this section's detail (repeatable): a section id as for 'rrp show' (footnotes aside) or 'pathways'."
)
@click.option("--national", is_flag=True, help="Print identical national text in full (the detail folds it).")
@click.option("--regional-only", is_flag=True, help="Hide national text: show only what each region says itself.")
@threshold_option(DEFAULT_THRESHOLD, "the same national text (edited locally)")
@as_of_option()
@format_option()
@pager_option()
@global_options
@pass_app
def compare_command(
    app: App,
    plans: tuple[str, ...],
    summary_only: bool,
    detail_only: bool,
    sections: tuple[str, ...],
    national: bool,
    regional_only: bool,
    threshold: float,
    as_of: datetime.date | None,
    fmt: str,
    no_pager: bool,
) -> None:
    """Compare regions: the answer on one screen, then the detail.

    The overview comes first: every numeric target side by side by metric
    (dated baseline, target, deadline, pace, share of the gap closed,
    grade, status and the national figure), who ranks first and what
    qualifies that, how grades are made; per pathway the national text and
    each region's own, with its most distinctive commitments; the figures
    and partners in common.  Then the detail, section by section: shared
    text once (identical national text folded into one line per section),
    each region's own text under its name, and the sources cited.  The
    view opens with each plan's period, publication and deadlines as of
    today (or --as-of).

    \b
    Example:
      rrp compare nw eoe
      rrp compare nw eoe --summary
      rrp compare nw eoe --regional-only --section pathways
      rrp compare nw eoe --format json
    """
    if len(plans) < 2:
        raise click.UsageError("compare needs at least two plans, e.g. rrp compare nw eoe")
    if summary_only and (detail_only or sections):
        other = "--detail" if detail_only else "--section"
        raise click.UsageError(f"--summary shows the overview alone; it does not go with {other}")
    if regional_only and national:
        raise click.UsageError("--regional-only hides national text and --national prints it in full: choose one")
    wanted = compare_sections(sections)
    loaded = [app.plan(name) for name in plans]
    check_plans(loaded, plans)
    whole = compare_plans(loaded, threshold=threshold)
    shown = whole.only(wanted if sections else COMPARED_SECTIONS, regional_only=regional_only)
    statuses = plans_status(loaded, app.outcomes(loaded), as_of or datetime.date.today())
    overview = overview_of(whole, loaded, statuses)
    if fmt == "json":
        write_json(comparison_json(shown, overview))
        return
    summary = not detail_only and not sections
    doc = comparison_document(shown, overview, summary=summary, detail=not summary_only, national=national)
    doc = with_plan_status(doc, statuses)
    if fmt == "markdown":
        write_text(to_markdown(doc))
    else:
        show_document(doc, app.stdout(), pager=not no_pager)
