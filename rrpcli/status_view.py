"""Were the targets met? The document blocks every view states it with (``rrp targets``, ``show``, ``compare``).

The words come from :mod:`rrpcli.status` (:func:`~rrpcli.status.status_cell`,
:func:`~rrpcli.status.plan_status_line`, the summaries); here they are laid
out as :class:`~rrpcli.document.Document` blocks:

* :func:`plan_status_blocks`: under a view's title, the as-of date and each
  plan's period, publication, deadlines and outturns;
* :func:`status_table`: a row per target: its status, its regional outturn and
  the national (and England-only) figure of the same period, each with its
  period;
* :func:`baseline_blocks`, :func:`caveat_blocks`: the baselines against the
  national figure of their period, and what a reader should know;
* :func:`chart_block`: a metric's compact text chart;
* :func:`metric_blocks`: a metric's catalogue entry (what it counts, and where
  it is published).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rrpcli.charts import text_chart
from rrpcli.document import Block, Bullets, Chart, Document, Heading, Para, Span, Table
from rrpcli.model import format_day, format_month
from rrpcli.outcomes import ENGLAND, NATIONAL, Metric, Outcomes, Period
from rrpcli.status import (
    STATUS_PARTS,
    CitedFigure,
    PlanStatus,
    SourceRef,
    TargetStatus,
    baseline_summary,
    context_figure,
    figure_cell,
    percent,
    shared_status,
    status_cell,
)
from rrpcli.wording import joined

#: The columns of a status table a narrow terminal leaves out, first listed first: the status itself always stays.
STATUS_NARROW = ("outturn", "England only", "national", "period")


def plan_status_blocks(statuses: Sequence[PlanStatus], *, explain: bool = True, named: bool = True) -> list[Block]:
    """As of when, then each plan's period, publication, deadlines and outturns.

    What every plan has in common (the same period, publication, deadlines)
    is said once, for all of them; then a bullet per plan with the rest.
    With ``explain``, a line on how a target is judged follows.

    Without ``named`` (``rrp compare``: the title has named the plans, their
    codes and the date, and the table under it gives every deadline and
    status) it is shorter, to keep the overview on one screen: what the
    plans share is said without naming them or the date again; that every
    deadline has passed is said without the months; and when only the
    outturns differ, how many each plan has (``Regional outturns: nw 1 of 5,
    eoe none of 5.``) rather than a bullet per plan.
    """
    if not statuses:
        return []
    # Under a table of every target with its deadline (``named`` off): that all have passed is enough.
    summary = shared_status(statuses, months=named or len(statuses) == 1)
    common, parts = summary.common, summary.common_parts
    when = f"As of {format_day(statuses[0].as_of)}"
    out: list[Block] = []
    own = summary.own
    if common:
        names = joined([f"{p.region_name} ({p.region})" for p in statuses])
        text = " ".join(common)
        if not named and parts == STATUS_PARTS[:3]:
            # Only the outturns differ, so the targets' statuses differ and the view has a status column
            # that says each one: here, how many there are, in a few words.
            briefs = ", ".join(f"{p.region} {p.outturns_brief}" for p in statuses)
            text += f" Regional outturns: {briefs}."
            own = ()
        out.append(Para([Span(f"{when}, for {names}: ", "strong"), Span(text)] if named else text))
        items = [[Span(f"{p.region_name} ({p.region}): ", "strong"), Span(rest)] for p, rest in own if rest]
    else:
        if named:  # (without it, the title has said the date)
            out.append(Para([Span(f"{when}:", "strong")]))
        items = [[Span(f"{p.region_name} ({p.region}): ", "strong"), Span(p.line)] for p in statuses]
    if items:
        out.append(Bullets(items))
    if explain:
        out.append(
            Para(
                "Only figures published by then count. A target is judged on its region's own figure for a period "
                "ending at or after its deadline; national figures (England and Wales) are context, never the "
                "region's result.",
                "dim",
            )
        )
    return out


def with_plan_status(doc: Document, statuses: Sequence[PlanStatus]) -> Document:
    """The document with the plans' status under its title, unexplained; the title (its first block) gains the date.

    The title names the plans with their codes (``North West (nw) and ... compared``) and now the
    date, ``as of 15 January 2026``, so the lines under it need not: the overview keeps to one screen.
    """
    title = doc.blocks[0]
    if statuses and isinstance(title, Heading):
        doc.blocks[0] = Heading(f"{title.text}, as of {format_day(statuses[0].as_of)}", title.level)
    doc.blocks[1:1] = plan_status_blocks(statuses, explain=False, named=False)
    return doc


def status_table(statuses: Sequence[TargetStatus], *, flat: bool = False) -> Table:
    """A row per target: region (and metric), status, regional outturn, national figure, and their period.

    The period is the outturn's, else the national figure's; a figure of
    another period carries its own (``84% (2024/25)``).  The outturn column
    is there only when an outturn is recorded, the England-only one only
    when such a figure is cited.  ``flat`` (targets of several metrics):
    a metric column, and every figure with its own period, so that a narrow
    terminal can leave a figure out with its period.
    """
    outturns = any(s.outturn for s in statuses)
    england = any(context_figure(s, ENGLAND) for s in statuses)
    headers = ["region", *(["metric"] if flat else []), "status", *(["outturn"] if outturns else []), "national"]
    headers += [*(["England only"] if england else []), *([] if flat else ["period"])]
    rows = []
    for s in statuses:
        national = context_figure(s, NATIONAL)
        shown = s.outturn or national or context_figure(s, ENGLAND)
        period = shown.period if shown is not None and not flat else None

        cells = [s.region, *([s.metric] if flat else []), status_cell(s)]
        cells += [_cell(s.outturn, period)] if outturns else []
        cells.append(_cell(national, period))
        cells += [_cell(context_figure(s, ENGLAND), period)] if england else []
        cells += [] if flat else [period.text if period is not None else "–"]
        rows.append(cells)
    narrow = [h for h in STATUS_NARROW if h in headers and (flat or h not in ("national", "period"))]
    return Table(headers, rows, align="l" * len(headers), narrow=narrow, shorten="metric" if flat else "")


def _cell(fig: CitedFigure | None, period: Period | None) -> str:
    """A figure's cell: the value alone when it is of the row's period, else with its own."""
    if fig is None or period is None or (fig.period.start, fig.period.end) != (period.start, period.end):
        return figure_cell(fig)
    return percent(fig.value)


def baseline_blocks(statuses: Sequence[TargetStatus]) -> list[Block]:
    """The baselines against the national figure of their period: one line when they all lack one, else per region."""
    dated = [s for s in statuses if s.baseline_date]
    if not dated:
        return []
    months = {s.baseline_date for s in dated}
    if len(months) == 1 and not any(s.baseline_context for s in dated):
        month = format_month(dated[0].baseline_date)
        text = f"Baselines ({month}): no national figure is recorded for a period containing {month}."
        return [Para(text, "dim")]
    return [Bullets([[Span(f"{s.region}: ", "strong"), Span(baseline_summary(s))] for s in dated])]


def caveat_blocks(statuses: Sequence[TargetStatus]) -> list[Block]:
    """Each target's caveats, named by region (none when there are none)."""
    items: list[Sequence[Span]] = [
        [Span(f"{s.region}: ", "strong"), Span(caveat)] for s in statuses for caveat in s.caveats
    ]
    return [Bullets(items)] if items else []


def chart_block(statuses: Sequence[TargetStatus]) -> Chart:
    """One metric's statuses as a compact text chart."""
    return Chart(text_chart(statuses, title=""))


# -- the metric catalogue ------------------------------------------------------------------------------------------


def metric_blocks(metric_ids: Iterable[str], outcomes: Outcomes) -> list[Block]:
    """The catalogue entries of the metrics, in order, under a heading; a metric without an entry says so."""
    ids = list(metric_ids)
    if not ids:
        return []
    out: list[Block] = [
        Heading("What the targets' metrics count", 3),
        Para("From rrp's metric catalogue (outcome files, see docs/outcomes.md), with its sources.", "dim"),
    ]
    for metric_id in ids:
        metric = outcomes.metric(metric_id)
        if metric is None:
            out.append(Para([Span(metric_id, "code"), Span(": no entry in the metric catalogue.")]))
            continue
        out += [Heading(f"{metric.name} ({metric.id})", 4), Bullets(_definition(metric, outcomes))]
    return out


def _definition(metric: Metric, outcomes: Outcomes) -> list[Sequence[Span]]:
    def item(label: str, text: str) -> list[Span]:
        return [Span(f"{label}: ", "strong"), Span(text)]

    items: list[Sequence[Span]] = [
        item("Counts", metric.counts),
        item("Cohort", metric.cohort),
        item("Denominator", metric.denominator),
        item("Measured", metric.measured_at),
        item("Area", metric.geography),
        item("Published", metric.publication),
    ]
    for series in metric.series:
        items.append(item("Series", f"{series.code}, {series.name}{_months(series.start, series.end)}"))
    for brk in metric.breaks:
        items.append(item(f"Series break from {format_month(brk.month)}", brk.text))
    items += [item("Note", note) for note in metric.notes]
    items += [item("Source", SourceRef.of(outcomes.source(s)).citation) for s in metric.sources]
    return items


def _months(start: str, end: str) -> str:
    if start and end:
        return f" ({format_month(start)} – {format_month(end)})"
    if start or end:
        return f" ({'from ' + format_month(start) if start else 'to ' + format_month(end)})"
    return ""
