"""Pictures of the targets: per metric, each region's baseline, target and recorded outturn over time.

Two renderers of the same data:

* :func:`metric_charts` gathers, for every metric the plans set numeric
  targets on, the marks to draw (:class:`MetricChart`); :func:`render_svg`
  draws them as one SVG (``xml.etree.ElementTree``, so every text is
  escaped), a panel per metric: time across, the value up; national figures
  behind, in grey; each region in its own colour with an open circle for the
  baseline, a square for the target at its deadline, a dotted line between
  them (the promised change) and filled circles with bars for the recorded
  outturn (a bar spans the months a figure covers).
* :func:`text_chart` draws one metric's statuses as a few plain lines for a
  terminal: a value scale with ``B`` (baseline), ``T`` (target), ``O``
  (outturn) per region and ``n`` / ``e`` for the national / England-only
  figures.  The rows carry their marks as data, so a terminal renderer can
  colour them; the strings need no styling.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rrpcli.escaping import printable
from rrpcli.model import Plan
from rrpcli.outcomes import (
    AREA_NAMES,
    ENGLAND,
    NATIONAL,
    Outcomes,
    date_month,
    month_index,
    month_name,
    month_text,
)
from rrpcli.status import CONTEXT_AREAS, TargetStatus, percent

#: Region colours (Okabe and Ito's palette, distinguishable with the common colour-vision deficiencies).
REGION_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
#: National figures are drawn behind the regions, muted; England-only figures more muted still.
CONTEXT_STYLES: dict[str, dict[str, str]] = {
    NATIONAL: {"stroke": "#8c8c8c", "fill": "#8c8c8c", "stroke-dasharray": "6 3"},
    ENGLAND: {"stroke": "#b4b4b4", "fill": "#b4b4b4", "stroke-dasharray": "2 3"},
}
MARK_KINDS = ("baseline", "target", "outturn", "context")


@dataclass(eq=False, repr=False)
class Mark:
    """One thing drawn: a value at a month (baseline, target) or over months (a recorded figure)."""

    kind: str  # one of MARK_KINDS
    area: str  # region code, "national" or "england"
    area_name: str
    start: int  # month counts (rrpcli.outcomes.month_index), inclusive
    end: int
    value: float
    period: str  # "2023/24", "2022-03" ...
    label: str  # the mark in words, e.g. "North West target: 19% by July 2023"

    def to_json(self) -> dict[str, Any]:
        """The mark as plain data."""
        return {
            "kind": self.kind,
            "area": self.area,
            "area_name": self.area_name,
            "start": month_text(self.start),
            "end": month_text(self.end),
            "value": self.value,
            "period": self.period,
            "label": self.label,
        }


@dataclass(eq=False, repr=False)
class RegionTrack:
    """One region's marks on a metric."""

    region: str
    region_name: str
    baseline: Mark | None
    target: Mark
    outturns: tuple[Mark, ...]


@dataclass(eq=False, repr=False)
class Scale:
    """A value axis: from ``low`` to ``high`` with a tick every ``step``."""

    low: float
    high: float
    step: float

    @property
    def ticks(self) -> list[float]:
        """The tick values, low to high."""
        count = round((self.high - self.low) / self.step)
        return [round(self.low + i * self.step, 6) for i in range(count + 1)]


@dataclass(eq=False, repr=False)
class MetricChart:
    """Everything drawn for one metric."""

    metric: str
    title: str
    unit: str
    first_month: int
    last_month: int
    as_of: int
    scale: Scale
    context: tuple[Mark, ...]
    regions: tuple[RegionTrack, ...]
    breaks: tuple[tuple[int, str], ...]

    def marks(self) -> list[Mark]:
        """Every mark, context first (drawn behind)."""
        out = list(self.context)
        for track in self.regions:
            out += [m for m in (track.baseline, track.target) if m is not None]
            out += track.outturns
        return out

    def to_json(self) -> dict[str, Any]:
        """The chart's data as a JSON object."""
        return {
            "metric": self.metric,
            "title": self.title,
            "unit": self.unit,
            "first_month": month_text(self.first_month),
            "last_month": month_text(self.last_month),
            "as_of": month_text(self.as_of),
            "marks": [m.to_json() for m in self.marks()],
            "breaks": [{"month": month_text(m), "text": text} for m, text in self.breaks],
        }


# -- gathering -------------------------------------------------------------------------------------------------------


def metric_charts(plans: Sequence[Plan], outcomes: Outcomes, as_of: datetime.date) -> list[MetricChart]:
    """One chart per metric the plans set numeric targets on (in first-seen order), with what was known on as_of."""
    known = outcomes.known_on(as_of)
    order: dict[str, list[tuple[Plan, Any]]] = {}
    for plan in plans:
        for _pid, target in plan.all_targets():
            if target.qualitative or target.target is None or target.deadline is None or not target.metric:
                continue
            order.setdefault(target.metric, []).append((plan, target))
    return [_chart(metric, targets, known, date_month(as_of)) for metric, targets in order.items()]


def _chart(metric_id: str, targets: Sequence[tuple[Plan, Any]], known: Outcomes, as_of: int) -> MetricChart:
    metric = known.metric(metric_id)
    title = metric.name if metric else metric_id
    unit = metric.unit if metric else "percent"
    context = tuple(_figure_mark("context", f.area, AREA_NAMES[f.area], f) for area in CONTEXT_AREAS
                    for f in known.figures_for(metric_id, area))  # fmt: skip
    tracks = []
    for plan, target in targets:
        code, name = plan.meta.code, plan.meta.region
        goal = float(target.target)
        base_value = float(target.baseline) if target.baseline is not None else None
        baseline = None
        if base_value is not None and target.baseline_date:
            month = month_index(target.baseline_date)
            label = f"{name} baseline: {percent(base_value)} in {month_name(month)}"
            baseline = Mark("baseline", code, name, month, month, base_value, target.baseline_date, label)
        deadline = month_index(target.deadline)
        goal_label = f"{name} target: {percent(goal)} by {month_name(deadline)} ({target.direction})"
        goal_mark = Mark("target", code, name, deadline, deadline, goal, target.deadline, goal_label)
        outturns = tuple(_figure_mark("outturn", code, name, f) for f in known.figures_for(metric_id, code))
        tracks.append(RegionTrack(code, name, baseline, goal_mark, outturns))
    marks = [*context, *(m for t in tracks for m in (t.baseline, t.target, *t.outturns) if m is not None)]
    first = min(m.start for m in marks)
    last = max(max(m.end for m in marks), as_of)
    breaks = tuple((month_index(b.month), b.text) for b in (metric.breaks if metric else ()))
    return MetricChart(
        metric=metric_id,
        title=title,
        unit=unit,
        first_month=first - (first - 3) % 12,  # back to an April: performance years start in April
        last_month=last + (2 - last) % 12,  # on to a March
        as_of=as_of,
        scale=nice_scale([m.value for m in marks]),
        context=context,
        regions=tuple(tracks),
        breaks=breaks,
    )


def _figure_mark(kind: str, area: str, area_name: str, figure: Any) -> Mark:
    span = figure.span
    label = f"{area_name} {span.label}: {percent(float(figure.value))}"
    return Mark(kind, area, area_name, span.start, span.end, float(figure.value), figure.period, label)


def nice_scale(values: Iterable[float], *, most_ticks: int = 7) -> Scale:
    """A value axis for percentages (0 to 100) that holds every value, with round ticks.

    Ticks are 1, 2, 5, 10, 20 or 25 apart, the closest that gives at most
    ``most_ticks``; the lowest value is kept off the bottom edge (unless it is 0).
    """
    values = list(values)
    low, high = (min(values), max(values)) if values else (0.0, 100.0)
    for step in (1.0, 2.0, 5.0, 10.0, 20.0, 25.0):
        bottom = max(0.0, (math.ceil(low / step) - 1) * step)
        top = min(100.0, math.ceil(high / step) * step)
        if top == bottom:
            top = bottom + step
        if (top - bottom) / step <= most_ticks - 1:
            return Scale(bottom, top, step)
    return Scale(0.0, 100.0, 25.0)


# -- SVG ---------------------------------------------------------------------------------------------------------------

PANEL_WIDTH = 760
PANEL_HEIGHT = 300
_LEFT, _RIGHT, _TOP, _BOTTOM = 56, 230, 52, 44
SVG_NS = "http://www.w3.org/2000/svg"


@dataclass(eq=False, repr=False)
class _Frame:
    """Where a panel's plot area is, and how months and values map onto it."""

    chart: MetricChart
    top: float

    @property
    def plot_width(self) -> float:
        return PANEL_WIDTH - _LEFT - _RIGHT

    @property
    def plot_height(self) -> float:
        return PANEL_HEIGHT - _TOP - _BOTTOM

    def x(self, month_boundary: float) -> float:
        """The x of the start of a month (a month count; +1 for its end)."""
        months = self.chart.last_month + 1 - self.chart.first_month
        return round(_LEFT + (month_boundary - self.chart.first_month) / months * self.plot_width, 2)

    def y(self, value: float) -> float:
        scale = self.chart.scale
        return round(self.top + _TOP + (scale.high - value) / (scale.high - scale.low) * self.plot_height, 2)


def render_svg(charts: Sequence[MetricChart]) -> str:
    """The charts as one SVG document, a panel per metric, top to bottom."""
    height = PANEL_HEIGHT * max(1, len(charts))
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "width": str(PANEL_WIDTH),
            "height": str(height),
            "viewBox": f"0 0 {PANEL_WIDTH} {height}",
            "font-family": "Helvetica, Arial, sans-serif",
            "font-size": "11",
            "role": "img",
        },
    )
    ET.SubElement(
        root, "title"
    ).text = "Targets: baseline, target and recorded outturn by region, national figures behind"
    if not charts:
        ET.SubElement(root, "text", {"x": "20", "y": "40"}).text = "No numeric targets."
    for i, chart in enumerate(charts):
        _panel(root, _Frame(chart, i * PANEL_HEIGHT))
    ET.indent(root, space=" ")
    # Plan text (region names, labels) is data: a control or bidirectional character in it is shown,
    # as in every output (rrpcli.escaping), and could not be in XML anyway.  The markup holds none.
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + printable(ET.tostring(root, encoding="unicode")) + "\n"


def _panel(root: ET.Element, frame: _Frame) -> None:
    chart = frame.chart
    panel = ET.SubElement(
        root,
        "g",
        {
            "class": "panel",
            "data-metric": chart.metric,
            "data-first-month": month_text(chart.first_month),
            "data-last-month": month_text(chart.last_month),
        },
    )
    ET.SubElement(panel, "text", {"x": str(_LEFT), "y": str(frame.top + 20), "font-size": "14",
                                  "font-weight": "bold"}).text = f"{chart.title} ({chart.unit})"  # fmt: skip
    ET.SubElement(
        panel, "text", {"x": str(_LEFT), "y": str(frame.top + 36), "fill": "#555555"}
    ).text = "Each region's baseline, target and recorded outturn; national figures in grey behind."
    _axes(panel, frame)
    for month, text in chart.breaks:
        if chart.first_month <= month <= chart.last_month:
            x = str(frame.x(month))
            brk = ET.SubElement(panel, "g", {"class": "series-break", "data-month": month_text(month)})
            ET.SubElement(brk, "title").text = f"Series break from {month_name(month)}: {text}"
            ET.SubElement(brk, "line", {"x1": x, "x2": x, "y1": str(frame.y(chart.scale.high)),
                                        "y2": str(frame.y(chart.scale.low)), "stroke": "#333333",
                                        "stroke-dasharray": "2 2"})  # fmt: skip
            ET.SubElement(brk, "text", {"x": str(frame.x(month) + 3), "y": str(frame.y(chart.scale.high) + 11),
                                        "fill": "#333333"}).text = "series break"  # fmt: skip
    if chart.first_month <= chart.as_of <= chart.last_month:
        x = str(frame.x(chart.as_of + 1))
        as_of = ET.SubElement(panel, "g", {"class": "as-of", "data-month": month_text(chart.as_of)})
        ET.SubElement(as_of, "line", {"x1": x, "x2": x, "y1": str(frame.y(chart.scale.high)),
                                      "y2": str(frame.y(chart.scale.low)), "stroke": "#bbbbbb"})  # fmt: skip
        ET.SubElement(as_of, "text", {"x": str(frame.x(chart.as_of + 1) - 3), "y": str(frame.y(chart.scale.high) + 11),
                                      "text-anchor": "end", "fill": "#777777"}).text = (
            f"as of {month_name(chart.as_of, short=True)}"
        )  # fmt: skip
    for mark in chart.context:
        _figure(panel, frame, mark, CONTEXT_STYLES.get(mark.area, CONTEXT_STYLES[NATIONAL]), opacity="0.9")
    for i, track in enumerate(chart.regions):
        colour = REGION_COLOURS[i % len(REGION_COLOURS)]
        _track(panel, frame, track, colour, size=12 - 4 * (i % 3))
    _legend(panel, frame, chart)


def _axes(panel: ET.Element, frame: _Frame) -> None:
    chart = frame.chart
    axes = ET.SubElement(panel, "g", {"class": "axes", "stroke": "#dddddd"})
    left, right = str(_LEFT), str(_LEFT + frame.plot_width)
    for tick in chart.scale.ticks:
        y = str(frame.y(tick))
        ET.SubElement(axes, "line", {"class": "y-tick", "data-value": f"{tick:g}", "x1": left, "x2": right,
                                     "y1": y, "y2": y})  # fmt: skip
        ET.SubElement(axes, "text", {"x": str(_LEFT - 6), "y": str(frame.y(tick) + 4), "text-anchor": "end",
                                     "stroke": "none", "fill": "#555555"}).text = f"{tick:g}%"  # fmt: skip
    # Performance years: a label under each April-to-March span.
    for start in range(chart.first_month, chart.last_month + 1, 12):
        x = str(frame.x(start))
        ET.SubElement(axes, "line", {"class": "x-tick", "data-month": month_text(start), "x1": x, "x2": x,
                                     "y1": str(frame.y(chart.scale.low)),
                                     "y2": str(frame.y(chart.scale.low) + 5)})  # fmt: skip
        year = start // 12
        ET.SubElement(axes, "text", {"x": str(frame.x(start + 6)), "y": str(frame.y(chart.scale.low) + 17),
                                     "text-anchor": "middle", "stroke": "none",
                                     "fill": "#555555"}).text = f"{year}/{(year + 1) % 100:02d}"  # fmt: skip


def _figure(parent: ET.Element, frame: _Frame, mark: Mark, style: dict[str, str], opacity: str = "1") -> None:
    """A recorded figure: a bar over its months and a dot in their middle."""
    group = ET.SubElement(parent, "g", {"class": f"mark {mark.kind}", "data-kind": mark.kind, "data-area": mark.area,
                                        "data-period": mark.period, "opacity": opacity})  # fmt: skip
    ET.SubElement(group, "title").text = mark.label
    y = str(frame.y(mark.value))
    ET.SubElement(group, "line", {"x1": str(frame.x(mark.start)), "x2": str(frame.x(mark.end + 1)), "y1": y, "y2": y,
                                  "stroke": style["stroke"], "stroke-width": "3",
                                  **({"stroke-dasharray": style["stroke-dasharray"]}
                                     if "stroke-dasharray" in style else {})})  # fmt: skip
    ET.SubElement(group, "circle", {"cx": str(frame.x((mark.start + mark.end + 1) / 2)), "cy": y, "r": "3.5",
                                    "fill": style["fill"]})  # fmt: skip


def _track(panel: ET.Element, frame: _Frame, track: RegionTrack, colour: str, size: int) -> None:
    """A region's baseline, promised change, target and outturns.

    Marks of later regions are drawn smaller, so that two regions with the
    same baseline or target both show (one inside the other).
    """
    group = ET.SubElement(panel, "g", {"class": "region", "data-region": track.region})
    target = track.target
    tx, ty = frame.x(target.start + 0.5), frame.y(target.value)
    if track.baseline is not None:
        bx, by = frame.x(track.baseline.start + 0.5), frame.y(track.baseline.value)
        ET.SubElement(group, "line", {"class": "promise", "x1": str(bx), "y1": str(by), "x2": str(tx), "y2": str(ty),
                                      "stroke": colour, "stroke-dasharray": "1 3",
                                      "stroke-width": "1.5"})  # fmt: skip
        mark = ET.SubElement(group, "g", {"class": "mark baseline", "data-kind": "baseline",
                                          "data-area": track.region, "data-period": track.baseline.period})  # fmt: skip
        ET.SubElement(mark, "title").text = track.baseline.label
        ET.SubElement(mark, "circle", {"cx": str(bx), "cy": str(by), "r": str(size / 2 - 1), "fill": "#ffffff",
                                       "stroke": colour, "stroke-width": "2"})  # fmt: skip
    mark = ET.SubElement(group, "g", {"class": "mark target", "data-kind": "target", "data-area": track.region,
                                      "data-period": target.period})  # fmt: skip
    ET.SubElement(mark, "title").text = target.label
    ET.SubElement(mark, "rect", {"x": str(round(tx - size / 2, 2)), "y": str(round(ty - size / 2, 2)),
                                 "width": str(size), "height": str(size), "fill": colour})  # fmt: skip
    for outturn in track.outturns:
        _figure(group, frame, outturn, {"stroke": colour, "fill": colour})


def _legend(panel: ET.Element, frame: _Frame, chart: MetricChart) -> None:
    x = PANEL_WIDTH - _RIGHT + 16
    legend = ET.SubElement(panel, "g", {"class": "legend"})
    y = frame.top + _TOP + 4
    for i, track in enumerate(chart.regions):
        colour = REGION_COLOURS[i % len(REGION_COLOURS)]
        ET.SubElement(legend, "rect", {"x": str(x), "y": str(y - 8), "width": "10", "height": "10", "fill": colour})
        ET.SubElement(
            legend, "text", {"x": str(x + 16), "y": str(y + 1)}
        ).text = f"{track.region_name} ({track.region})"
        y += 16
    for area in CONTEXT_AREAS:
        if any(m.area == area for m in chart.context):
            style = CONTEXT_STYLES[area]
            ET.SubElement(legend, "line", {"x1": str(x), "x2": str(x + 10), "y1": str(y - 3), "y2": str(y - 3),
                                           "stroke": style["stroke"], "stroke-width": "3",
                                           "stroke-dasharray": style["stroke-dasharray"]})  # fmt: skip
            name = "national: England and Wales" if area == NATIONAL else "England only (not national)"
            ET.SubElement(legend, "text", {"x": str(x + 16), "y": str(y + 1)}).text = name
            y += 16
    y += 6
    for text in ("○ baseline", "■ target, at its deadline", "● recorded figure;", "   its bar spans its months"):
        ET.SubElement(legend, "text", {"x": str(x), "y": str(y + 1), "fill": "#555555"}).text = text
        y += 15


# -- text --------------------------------------------------------------------------------------------------------------

#: The narrowest plot a text chart is drawn at.
MIN_TEXT_WIDTH = 11
#: How far the value labels under a text chart may reach past its plot ("100%" centred on the last column).
TEXT_OVERHANG = 3
#: Marks of the text chart, from the one drawn on top to the one drawn underneath.
TEXT_MARKS = {"outturn": "O", "target": "T", "baseline": "B", NATIONAL: "n", ENGLAND: "e"}


@dataclass(eq=False, repr=False)
class TextMark:
    """A mark of the text chart: where, which character, what it stands for."""

    column: int
    char: str
    kind: str  # "outturn", "target", "baseline", "national" or "england"
    value: float


@dataclass(eq=False, repr=False)
class TextRow:
    """One row: a label and the plot line, with the marks on it."""

    label: str
    line: str
    marks: tuple[TextMark, ...]


@dataclass(eq=False, repr=False)
class TextChart:
    """A metric's statuses as plain text: title, scale, rows, legend."""

    title: str
    scale: Scale
    width: int
    rows: tuple[TextRow, ...]
    legend: str

    def lines(self) -> list[str]:
        """The chart as plain lines, all the same layout; no styling needed."""
        label_width = self.label_width
        pad = " " * (label_width + 2)
        numbers = [" "] * (self.width + 6)
        axis = ["-"] * self.width
        for tick in self.scale.ticks:
            col = self.column(tick)
            axis[col] = "|"
            text = f"{tick:g}%"
            start = min(max(0, col - len(text) // 2), len(numbers) - len(text))
            if all(c == " " for c in numbers[max(0, start - 1) : start + len(text) + 1]):
                numbers[start : start + len(text)] = text
        out = [self.title, pad + "".join(numbers).rstrip(), pad + "".join(axis)]
        out += [f"{r.label:<{label_width}}  {r.line}".rstrip() for r in self.rows]
        out.append(self.legend)
        return out

    def column(self, value: float) -> int:
        """The column of a value on the scale."""
        span = self.scale.high - self.scale.low
        return min(self.width - 1, max(0, round((value - self.scale.low) / span * (self.width - 1))))

    @property
    def label_width(self) -> int:
        """The width of the row labels."""
        return max([len(r.label) for r in self.rows] + [0])

    def resized(self, width: int) -> TextChart:
        """The same chart with a plot ``width`` columns wide (at least :data:`MIN_TEXT_WIDTH`), for a narrow window."""
        width = max(MIN_TEXT_WIDTH, width)
        if width == self.width:
            return self
        chart = TextChart(self.title, self.scale, width, (), self.legend)
        rows = []
        for row in self.rows:
            marks = [dataclasses.replace(m, column=chart.column(m.value)) for m in row.marks]
            columns = {m.kind: m.column for m in marks}
            join = (columns["baseline"], columns["target"]) if {"baseline", "target"} <= columns.keys() else None
            rows.append(TextRow(row.label, _plot_line(width, marks, join), tuple(marks)))
        return dataclasses.replace(chart, rows=tuple(rows))


def text_chart(statuses: Sequence[TargetStatus], *, width: int = 41, title: str | None = None) -> TextChart:
    """One metric's target statuses as a compact text chart.

    A row per region: ``B`` its baseline, ``T`` its target (joined by ``-``,
    the promised change), ``O`` its outturn if recorded; then a row per
    national (``n``) or England-only (``e``) figure the statuses cite.
    Where two marks fall in one column, the one listed first in
    :data:`TEXT_MARKS` is shown.
    """
    context: dict[tuple[str, str], float] = {}
    values: list[float] = []
    for s in statuses:
        values += [s.baseline, s.target] + ([s.outturn.value] if s.outturn else [])
        for fig in s.context:
            context.setdefault((fig.area, fig.period.text), fig.value)
    values += list(context.values())
    scale = nice_scale(values)
    chart = TextChart(title or "", scale, width, (), "")
    rows: list[TextRow] = []
    for s in statuses:
        marks = [TextMark(chart.column(s.baseline), "B", "baseline", s.baseline)]
        marks.append(TextMark(chart.column(s.target), "T", "target", s.target))
        if s.outturn is not None:
            marks.append(TextMark(chart.column(s.outturn.value), "O", "outturn", s.outturn.value))
        label = s.region if s.outturn is None else f"{s.region} {s.outturn.period.text}"
        rows.append(TextRow(label, _plot_line(width, marks, join=(marks[0].column, marks[1].column)), tuple(marks)))
    for (area, period), value in context.items():
        mark = TextMark(chart.column(value), TEXT_MARKS[area], area, value)
        rows.append(TextRow(f"{area} {period}", _plot_line(width, [mark]), (mark,)))
    legend_parts = ["B baseline", "T target", "O regional outturn"]
    if any(a == NATIONAL for a, _ in context):
        legend_parts.append("n national (England and Wales)")
    if any(a == ENGLAND for a, _ in context):
        legend_parts.append("e England only")
    name = title if title is not None else (statuses[0].metric_name if statuses else "")
    return TextChart(name, scale, width, tuple(rows), " · ".join(legend_parts))


def _plot_line(width: int, marks: Sequence[TextMark], join: tuple[int, int] | None = None) -> str:
    cells = [" "] * width
    if join is not None:
        for col in range(min(join) + 1, max(join)):
            cells[col] = "-"
    order = list(TEXT_MARKS.values())
    for mark in sorted(marks, key=lambda m: -order.index(m.char)):  # the first-listed mark is drawn last, on top
        cells[mark.column] = mark.char
    return "".join(cells).rstrip()
