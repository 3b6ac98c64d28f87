"""``rrp targets`` as a document: one table per metric, regions ranked by ambition."""

from __future__ import annotations

from collections.abc import Sequence

from rrpcli.ambition import TargetFigures, grade_explanation, group_by_metric
from rrpcli.document import Block, Bullets, Document, Heading, Para, Span, Table
from rrpcli.model import PATHWAY_IDS, PATHWAY_TITLES, format_month
from rrpcli.status import PlanStatus, StatusIndex, TargetStatus
from rrpcli.status_view import baseline_blocks, caveat_blocks, chart_block, plan_status_blocks, status_table

COLUMNS = ["region", "from", "to", "change", "by", "pp/year", "gap closed", "grade"]
FLAT_COLUMNS = ["region", "metric", *COLUMNS[1:]]
#: The columns a narrow terminal leaves out, first listed first, so that each row keeps to one line;
#: the grade, the target and the share of the gap closed go late, and the dated baseline
#: last of all: a row never loses every date while a column is left to give way.
NARROW = ("change", "by", "pp/year", "grade", "to", "gap closed", "from")
#: The column showing each field ``--sort`` accepts: the sorted column is never left out.
SORT_COLUMNS = {
    "baseline": "from",
    "baseline_date": "from",
    "target": "to",
    "change_pp": "change",
    "relative_change_pct": "change",
    "deadline": "by",
    "pp_per_year": "pp/year",
    "gap_closed_pct": "gap closed",
    "grade": "grade",
}


def number(value: float | None, unit: str = "", signed: bool = False) -> str:
    """A figure for a table cell: ``18%``, ``+1 pp``, ``4.62``; ``–`` when it does not apply."""
    if value is None:
        return "–"
    text = f"{value:+g}" if signed and value else f"{value:g}"
    return f"{text}{unit}"


def _change(r: TargetFigures) -> str:
    text = number(r.change_pp, " pp", signed=True)
    if r.relative_change_pct is not None and r.change_pp:
        text += f" ({r.relative_change_pct:+g}%)"
    return text


def row_cells(r: TargetFigures, flat: bool = False) -> list[str]:
    """The table cells of one row."""
    cells = [
        r.region,
        r.start,
        number(r.target, "%"),
        _change(r),
        format_month(r.deadline, short=True) or "–",
        number(r.pp_per_year, signed=True),
        number(r.gap_closed_pct, "%"),
        r.grade_label or "–",
    ]
    return [cells[0], r.metric or "–", *cells[1:]] if flat else cells


def _group_note(rows: Sequence[TargetFigures], gap: float | None, same: bool | None) -> str:
    if len(rows) < 2:
        return ""
    parts = ["Most ambitious first."]
    if gap is not None:
        parts.append(f"Baselines {gap:g} pp apart.")
    if same:
        parts.append(f"All aim at {rows[0].target:g}%." if len(rows) > 2 else f"Both aim at {rows[0].target:g}%.")
    return " ".join(parts)


def targets_document(
    rows: Sequence[TargetFigures], *, sorted_by: str | None = None, statuses: Sequence[PlanStatus] = ()
) -> Document:
    """The targets as a document.

    By default: per pathway, one table per metric with the regions ranked by
    ambition, then the qualitative targets.  With ``sorted_by``: one flat
    table in the given order.  With ``statuses`` (the plans' status as of a
    date): the plans' period, publication and deadlines first, and with each
    metric its targets' status against the national figures, the baselines
    against the national figure of their period, and a text chart; with
    ``sorted_by``, one flat status table after the flat table.
    """
    doc = Document([Heading("Targets", 1)])
    if not rows:
        return doc.add(Para("No targets.", "dim"))
    doc.extend(plan_status_blocks(statuses))
    # What "gap closed" and the grades mean, once, in the words rrp compare and the briefings use.
    numeric_rows = [r for r in rows if r.kind != "qualitative"]
    if numeric_rows:
        legend = grade_explanation((r.grade for r in numeric_rows), decrease=any(r.kind == "decrease" for r in rows))
        doc.add(Para(legend, "dim"))
    index = StatusIndex(statuses)

    def status_of(group: Sequence[TargetFigures]) -> list[TargetStatus]:
        return [s for s in map(index.of, group) if s is not None]

    if sorted_by:
        numeric = [r for r in rows if r.kind != "qualitative"]
        kept = SORT_COLUMNS.get(sorted_by.lstrip("-"))
        doc.add(
            Table(
                FLAT_COLUMNS,
                [row_cells(r, flat=True) for r in numeric],
                align="llllllrrl",
                narrow=[c for c in NARROW if c != kept],
                shorten="metric",
            )
        )
        doc.add(Para(f"Sorted by {sorted_by}.", "dim"))
        if flat_statuses := status_of(numeric):
            doc.add(Heading("Status against the deadlines", 3), status_table(flat_statuses, flat=True))
            doc.extend(caveat_blocks(flat_statuses))
        doc.extend(_qualitative([r for r in rows if r.kind == "qualitative"]))
        return doc
    for pid in PATHWAY_IDS:
        in_pathway = [r for r in rows if r.pathway == pid]
        if not in_pathway:
            continue
        doc.add(Heading(PATHWAY_TITLES[pid], 2))
        for group in group_by_metric(in_pathway):
            doc.add(Heading(group.measure or group.metric, 3))
            doc.add(Table(COLUMNS, [row_cells(r) for r in group.rows], align="lllllrrl", narrow=NARROW[:5]))
            note = _group_note(group.rows, group.baseline_gap_pp, group.same_end_value)
            doc.add(Para([Span("metric "), Span(group.metric, "code"), Span(f". {note}" if note else "")], "dim"))
            if group_statuses := status_of(group.rows):
                doc.add(status_table(group_statuses))
                doc.extend(baseline_blocks(group_statuses))
                doc.extend(caveat_blocks(group_statuses))
                doc.add(chart_block(group_statuses))
        doc.extend(_qualitative([r for r in in_pathway if r.kind == "qualitative"]))
    return doc


def _qualitative(rows: Sequence[TargetFigures]) -> list[Block]:
    if not rows:
        return []
    return [
        Heading("Qualitative targets", 3),
        Bullets([[Span(f"{r.region}: ", "strong"), Span(r.text)] for r in rows]),
    ]
