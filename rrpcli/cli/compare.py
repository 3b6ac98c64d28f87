"""``rrp compare``: regions side by side, national text apart from each region's own."""

from __future__ import annotations

import datetime

import click

from rrpcli.cli.app import App, global_options, pass_app
from rrpcli.cli.options import as_of_option, format_option, pager_option, section_option, threshold_option
from rrpcli.cli.output import show_document, write_json, write_text
from rrpcli.compare import DEFAULT_THRESHOLD, check_plans, compare_plans, compare_sections
from rrpcli.compare_view import comparison_document
from rrpcli.document import to_markdown
from rrpcli.status import plans_status
from rrpcli.status_view import with_plan_status


@click.command("compare")
@click.argument("plans", nargs=-1, metavar="PLAN PLAN [PLAN]...")
@section_option("Only this section (repeatable): a section id as for 'rrp show' (footnotes aside) or 'pathways'.")
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
    sections: tuple[str, ...],
    regional_only: bool,
    threshold: float,
    as_of: datetime.date | None,
    fmt: str,
    no_pager: bool,
) -> None:
    """Compare regions: shared national text and each region's own.

    Text is aligned section by section: identical, the same sentence with
    other names or figures (template), national text with local edits, or
    regional (in one plan only).  Also: how much of each plan is national
    text, targets with their ambition, facts by metric, partners, counts.
    The view opens with each plan's period, publication and deadlines as
    of today (or --as-of).

    \b
    Example:
      rrp compare nw eoe
      rrp compare nw eoe --regional-only --section pathways
      rrp compare nw eoe --format json
    """
    if len(plans) < 2:
        raise click.UsageError("compare needs at least two plans, e.g. rrp compare nw eoe")
    wanted = compare_sections(sections)
    loaded = [app.plan(name) for name in plans]
    check_plans(loaded, plans)
    result = compare_plans(
        loaded, threshold=threshold, sections=wanted if sections else None, regional_only=regional_only
    )
    if fmt == "json":
        write_json(result.to_json())
        return
    statuses = plans_status(loaded, app.outcomes(loaded), as_of or datetime.date.today())
    doc = with_plan_status(comparison_document(result), statuses)
    if fmt == "markdown":
        write_text(to_markdown(doc))
    else:
        show_document(doc, app.stdout(), pager=not no_pager)
