"""Charts: the SVG's marks sit where the figures say, and the text chart's columns do too."""

from __future__ import annotations

import dataclasses
import datetime
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import PLANS, REPO, write
from hypothesis import given
from hypothesis import strategies as st

from rrpcli.charts import (
    MIN_TEXT_WIDTH,
    TEXT_MARKS,
    TEXT_OVERHANG,
    metric_charts,
    nice_scale,
    render_svg,
    text_chart,
)
from rrpcli.loader import load_plan
from rrpcli.model import Plan
from rrpcli.outcomes import NATIONAL, Outcomes, load_outcomes, month_index, parse_period
from rrpcli.status import plans_status

BUNDLED = sorted((REPO / "outcomes").glob("*.toml"))
DAY = datetime.date(2026, 1, 15)
NS = {"svg": "http://www.w3.org/2000/svg"}

REGIONAL = """\
[[source]]
id = "region-report"
title = "Regional performance report"
publisher = "HMPPS"
published = "2024-09-01"
url = "https://example.org/report"
"""


def regional(metric: str, area: str, period: str, value: float) -> str:
    return (
        f'\n[[figure]]\nmetric = "{metric}"\narea = "{area}"\nperiod = "{period}"\nvalue = {value}\n'
        f'unit = "percent"\nsource = "region-report"\nquote = "It was {value:g}%."\n'
    )


def shipped() -> list[Plan]:
    return [load_plan(PLANS / "north_west.toml"), load_plan(PLANS / "east_of_england.toml")]


def with_regional(tmp_path: Path) -> Outcomes:
    text = REGIONAL + "".join(
        [
            regional("housed_night_after_release", "nw", "2023/24", 90.5),
            regional("housed_night_after_release", "eoe", "2023-07", 86),
            regional("housed_night_after_release", "eoe", "2024/25", 87.25),
            regional("employed_six_weeks_after_release", "eoe", "2024-05/2025-03", 21),
        ]
    )
    return load_outcomes([*BUNDLED, write(tmp_path / "regions.toml", text)], areas=["nw", "eoe"])


class Axes:
    """The panel's own scales, read back from its tick marks: y from value ticks, x from month ticks."""

    def __init__(self, panel: ET.Element) -> None:
        ys = [
            (float(t.get("data-value", "")), float(t.get("y1", "")))
            for t in panel.iterfind(".//svg:line[@class='y-tick']", NS)
        ]
        xs = [
            (month_index(t.get("data-month", "")), float(t.get("x1", "")))
            for t in panel.iterfind(".//svg:line[@class='x-tick']", NS)
        ]
        assert len(ys) >= 2 and len(xs) >= 2
        (v0, y0), (v1, y1) = ys[0], ys[-1]
        (m0, x0), (m1, x1) = xs[0], xs[-1]
        self.value_per_px = (v1 - v0) / (y1 - y0)
        self.v0, self.y0 = v0, y0
        self.months_per_px = (m1 - m0) / (x1 - x0)
        self.m0, self.x0 = m0, x0

    def value(self, y: str | None) -> float:
        return self.v0 + (float(y or "nan") - self.y0) * self.value_per_px

    def month(self, x: str | None) -> float:
        """The month boundary at x: a month count, where m.5 is the middle of month m."""
        return self.m0 + (float(x or "nan") - self.x0) * self.months_per_px


def panels(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {p.get("data-metric", ""): p for p in root.iterfind("svg:g[@class='panel']", NS)}


def test_svg_marks_map_back_to_the_figures(tmp_path: Path) -> None:
    known = with_regional(tmp_path)
    plans = shipped()
    svg = render_svg(metric_charts(plans, known, DAY))
    found = panels(svg)
    targets = {(p.meta.code, t.metric): t for p in plans for _, t in p.all_targets() if not t.qualitative}
    assert list(found) == list(dict.fromkeys(metric for _, metric in targets))
    checked = 0
    for metric, panel in found.items():
        axes = Axes(panel)
        marks = panel.findall(".//svg:g[@data-kind]", NS)
        # Every recorded figure of the metric for a shown area is drawn, and nothing else.
        shown = {
            (m.get("data-area"), m.get("data-period")) for m in marks if m.get("data-kind") in ("context", "outturn")
        }
        areas = {NATIONAL, "england", *(code for code, m in targets if m == metric)}
        assert shown == {(f.area, f.period) for f in known.figures if f.metric == metric and f.area in areas}
        for mark in marks:
            kind, area, period = mark.get("data-kind"), mark.get("data-area"), mark.get("data-period", "")
            if kind in ("context", "outturn"):
                (fig,) = [f for f in known.figures if (f.metric, f.area, f.period) == (metric, area, period)]
                bar, dot = mark.find("svg:line", NS), mark.find("svg:circle", NS)
                assert bar is not None and dot is not None
                span = parse_period(period)
                assert axes.value(bar.get("y1")) == pytest.approx(float(fig.value), abs=0.01)
                assert axes.value(dot.get("cy")) == pytest.approx(float(fig.value), abs=0.01)
                assert axes.month(bar.get("x1")) == pytest.approx(span.start, abs=0.01)
                assert axes.month(bar.get("x2")) == pytest.approx(span.end + 1, abs=0.01)
            else:
                target = targets[(str(area), metric)]
                shape = mark.find("svg:circle" if kind == "baseline" else "svg:rect", NS)
                assert shape is not None
                if kind == "baseline":
                    y, x, value, month = shape.get("cy"), shape.get("cx"), target.baseline, target.baseline_date
                else:
                    size = float(shape.get("width", ""))
                    y = str(float(shape.get("y", "")) + size / 2)
                    x = str(float(shape.get("x", "")) + size / 2)
                    value, month = target.target, target.deadline
                assert value is not None and month is not None
                assert axes.value(y) == pytest.approx(float(value), abs=0.01)
                assert axes.month(x) == pytest.approx(month_index(month) + 0.5, abs=0.01)
            checked += 1
    # 10 targets, 8 baselines (North West's maintain targets give none), 10 national and 4 regional figures
    assert checked == 10 + 8 + 10 + 4


def test_svg_draws_national_behind_in_grey_and_labels_it(tmp_path: Path) -> None:
    svg = render_svg(metric_charts(shipped(), with_regional(tmp_path), DAY))
    panel = panels(svg)["housed_night_after_release"]
    children = list(panel)
    kinds = [c.get("data-kind") or c.get("class") for c in children]
    first_region = kinds.index("region")
    assert all(k != "context" for k in kinds[first_region:])  # national marks come first: drawn behind
    for mark in panel.iterfind(".//svg:g[@data-kind='context']", NS):
        line = mark.find("svg:line", NS)
        assert line is not None and line.get("stroke") == "#8c8c8c" and line.get("stroke-dasharray")
        title = mark.find("svg:title", NS)
        assert title is not None and (title.text or "").startswith("England and Wales ")
    texts = [t.text for t in panel.iterfind(".//svg:text", NS)]
    assert "national: England and Wales" in texts
    assert "North West (nw)" in texts and "East of England (eoe)" in texts
    breaks = panels(svg)["employed_six_weeks_after_release"].findall("svg:g[@class='series-break']", NS)
    assert [b.get("data-month") for b in breaks] == ["2024-05"]


def test_svg_escapes_plan_text(tmp_path: Path) -> None:
    (nw, _) = shipped()
    hostile = dataclasses.replace(nw, meta=dataclasses.replace(nw.meta, region='<script>alert("x")</script> & co'))
    svg = render_svg(metric_charts([hostile], load_outcomes(BUNDLED, areas=["nw"]), DAY))
    assert "<script>" not in svg
    root = ET.fromstring(svg)
    assert '<script>alert("x")</script> & co (nw)' in [t.text for t in root.iter(f"{{{NS['svg']}}}text")]


def test_svg_without_numeric_targets_is_still_a_picture() -> None:
    root = ET.fromstring(render_svg([]))
    assert [t.text for t in root.iter(f"{{{NS['svg']}}}text")] == ["No numeric targets."]


def test_chart_data_is_what_was_known_on_the_day(tmp_path: Path) -> None:
    known = with_regional(tmp_path)
    (early,) = [
        c
        for c in metric_charts(shipped(), known, datetime.date(2024, 8, 1))
        if c.metric == "housed_night_after_release"
    ]
    assert [m.period for m in early.context] == ["2022/23", "2023/24"]  # 2024/25 was published in July 2025
    assert all(not t.outturns for t in early.regions)  # the regional report came out in September 2024
    assert early.to_json()["as_of"] == "2024-08"


# -- text chart ---------------------------------------------------------------------------------------------------------


def test_text_chart_columns_map_back_to_values(tmp_path: Path) -> None:
    statuses = [t for s in plans_status(shipped(), with_regional(tmp_path), DAY) for t in s.targets]
    housed = [t for t in statuses if t.metric == "housed_night_after_release"]
    chart = text_chart(housed, width=41)
    lines = chart.lines()
    assert lines[0] == "Housed on the night after release"
    assert [r.label for r in chart.rows] == ["nw 2023/24", "eoe 2023-07", "national 2023/24"]
    assert lines[-1] == "B baseline · T target · O regional outturn · n national (England and Wales)"
    step = (chart.scale.high - chart.scale.low) / (chart.width - 1)
    plot_start = max(len(r.label) for r in chart.rows) + 2
    for row, line in zip(chart.rows, lines[3:-1], strict=True):
        assert line.startswith(row.label)
        for mark in row.marks:
            assert abs(chart.scale.low + mark.column * step - mark.value) <= step / 2 + 1e-9
            shown = line[plot_start + mark.column]
            on_top = list(TEXT_MARKS.values())  # where marks share a column, the one listed first shows
            assert shown == mark.char or on_top.index(shown) < on_top.index(mark.char)
    nw, eoe = chart.rows[0], chart.rows[1]
    assert [m.char for m in nw.marks] == ["B", "T", "O"]
    assert "-" in eoe.line[eoe.marks[0].column : eoe.marks[1].column]  # the promised change, from B to T
    ticks = lines[2][plot_start:]
    assert [i for i, c in enumerate(ticks) if c == "|"] == [chart.column(v) for v in chart.scale.ticks]


@pytest.mark.parametrize("width", [1, 11, 19, 41, 70])
def test_a_resized_text_chart_draws_the_same_marks_at_the_new_width(tmp_path: Path, width: int) -> None:
    statuses = [t for s in plans_status(shipped(), with_regional(tmp_path), DAY) for t in s.targets]
    chart = text_chart([t for t in statuses if t.metric == "housed_night_after_release"], width=41)
    small = chart.resized(width)
    assert small.width == max(width, MIN_TEXT_WIDTH)
    assert (small.title, small.scale, small.legend) == (chart.title, chart.scale, chart.legend)
    assert [r.label for r in small.rows] == [r.label for r in chart.rows]
    on_top = list(TEXT_MARKS.values())
    for before, after in zip(chart.rows, small.rows, strict=True):
        assert [(m.char, m.kind, m.value) for m in after.marks] == [(m.char, m.kind, m.value) for m in before.marks]
        assert len(after.line) <= small.width
        for mark in after.marks:
            assert mark.column == small.column(mark.value)
            shown = after.line[mark.column]
            assert shown == mark.char or on_top.index(shown) < on_top.index(mark.char)
    # the scale and the rows (not the title and the legend, which wrap as text)
    assert all(len(line) <= small.label_width + 2 + small.width + TEXT_OVERHANG for line in small.lines()[1:-1])


def test_text_chart_of_england_only_context() -> None:
    statuses = [t for s in plans_status(shipped(), load_outcomes(BUNDLED, areas=["nw", "eoe"]), DAY) for t in s.targets]
    sexual = text_chart([t for t in statuses if t.metric == "sexual_offence_interventions_completed"])
    assert [r.label for r in sexual.rows] == ["nw", "eoe"]
    assert sexual.legend == "B baseline · T target · O regional outturn"


@given(st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=12))
def test_nice_scale_holds_every_value_with_round_ticks(values: list[float]) -> None:
    scale = nice_scale(values)
    assert 0 <= scale.low <= min(values) and max(values) <= scale.high <= 100
    assert scale.step in (1, 2, 5, 10, 20, 25)
    assert 2 <= len(scale.ticks) <= 7
    assert all(t % scale.step == 0 for t in scale.ticks)
