"""Were the targets met?  Status of each numeric target, plan period and publication, as of a date."""

from __future__ import annotations

import datetime
import json
import textwrap
from pathlib import Path

import pytest
from conftest import PLANS, REPO, meta_toml, write

from rrpcli.ambition import target_figures
from rrpcli.loader import load_plan
from rrpcli.model import Plan, format_month
from rrpcli.outcomes import ENGLAND, NATIONAL, Outcomes, load_outcomes
from rrpcli.status import (
    STATUSES,
    StatusIndex,
    TargetStatus,
    baseline_summary,
    context_summary,
    deadline_passed,
    period_years,
    plan_status,
    plans_status,
)

BUNDLED = sorted((REPO / "outcomes").glob("*.toml"))
DAY = datetime.date(2026, 1, 15)

SOURCE = """\
[[source]]
id = "region-report"
title = "Regional performance report"
publisher = "HMPPS North West"
published = "2024-09-01"
url = "https://example.org/report"
"""


def figure(metric: str, area: str, period: str, value: float, source: str = "region-report") -> str:
    return textwrap.dedent(
        f"""
        [[figure]]
        metric = "{metric}"
        area = "{area}"
        period = "{period}"
        value = {value}
        unit = "percent"
        source = "{source}"
        quote = "The rate was {value:g}% in {period}."
        """
    )


def shipped() -> list[Plan]:
    return [load_plan(PLANS / "north_west.toml"), load_plan(PLANS / "east_of_england.toml")]


def outcomes(tmp_path: Path, *texts: str, areas: tuple[str, ...] = ("nw", "eoe")) -> Outcomes:
    extra = [write(tmp_path / f"extra{i}.toml", text) for i, text in enumerate(texts)]
    return load_outcomes([*BUNDLED, *extra], areas=areas)


def by_metric(plan: Plan, known: Outcomes, day: datetime.date = DAY) -> dict[str, TargetStatus]:
    return {t.metric: t for t in plan_status(plan, known, day).targets}


def national(known: Outcomes, metric: str, period: str) -> float:
    (fig,) = [f for f in known.figures_for(metric, NATIONAL) if f.period == period]
    return float(fig.value)


# -- the shipped plans ----------------------------------------------------------------------------------------------


def test_a_targets_row_finds_its_own_status_and_a_qualitative_row_none(tmp_path: Path) -> None:
    plans = shipped()
    statuses = plans_status(plans, outcomes(tmp_path), DAY)
    index = StatusIndex(statuses)
    rows = target_figures(plans)
    numeric = [r for r in rows if r.kind != "qualitative"]
    assert numeric and len(numeric) < len(rows)  # both kinds are in the shipped plans
    for row in numeric:
        found = index.of(row)
        assert found is not None and (found.region, found.pathway, found.text) == (row.region, row.pathway, row.text)
    assert [index.of(r) for r in rows if r.kind == "qualitative"] == [None] * (len(rows) - len(numeric))
    assert sum(len(p.targets) for p in statuses) == len(numeric)  # every status is some row's


def test_shipped_plans_today_every_deadline_passed_no_regional_outturn_national_context(tmp_path: Path) -> None:
    known = outcomes(tmp_path)
    for status in plans_status(shipped(), known, DAY):
        assert (status.period, status.first_year, status.last_year) == ("2022-25", 2022, 2025)
        assert (status.period_started, status.period_ended) == (True, True)
        assert status.period_text == "The plan period 2022-25 has ended."
        assert len(status.targets) == status.deadlines_passed == 5
        assert status.counts() == {**dict.fromkeys(STATUSES, 0), "no_regional_outturn": 5}
        for t in status.targets:
            assert t.outturn is None and t.points_vs_target is None
            assert t.summary == f"No regional outturn recorded (the deadline, {format_month(t.deadline)}, has passed)."
            if t.metric == "sexual_offence_interventions_completed":
                assert t.context == ()  # no official SL012 value could be cited
                continue
            # The deadlines are in 2023: the national figure is that of 2023/24, the first year ending after them.
            (ctx,) = t.context
            assert (ctx.area, ctx.area_name, ctx.period.text) == (NATIONAL, "England and Wales", "2023/24")
            assert ctx.value == national(known, t.metric, "2023/24")
            assert ctx.source.published == "2024-07-25"
            assert context_summary(t) == f"England and Wales 2023/24: {ctx.value:g}%."


def test_shipped_baselines_have_no_national_figure_of_their_period(tmp_path: Path) -> None:
    known = outcomes(tmp_path)
    for status in plans_status(shipped(), known, DAY):
        for t in status.targets:
            assert t.baseline_context == ()
            if t.baseline_date:
                assert baseline_summary(t) == (
                    f"Baseline {t.baseline:g}% (March 2022); "
                    "no national figure is recorded for a period containing March 2022."
                )
            else:  # North West's maintain targets give no baseline date
                assert t.direction == "maintain" and baseline_summary(t) == ""


def test_publication_is_stated_with_its_source(tmp_path: Path) -> None:
    status = plan_status(shipped()[0], outcomes(tmp_path), DAY)
    assert status.publication is not None and status.publication.when == "summer 2022"
    # The May 2022 bulletin says the plans are to launch in summer 2022: worded as it says it (finding 12).
    assert status.publication_text == "Due to launch in summer 2022 (HM Prison and Probation Service, May 2022)."
    assert status.publication.announced is True
    # Only what was known on the as-of date: the bulletin (May 2022) is not used on 1 March 2022.
    before = plan_status(shipped()[0], outcomes(tmp_path), datetime.date(2022, 3, 1))
    assert (before.publication, before.publication_unknown) == (None, True)
    assert before.publication_text == "Publication date: not known as of 1 March 2022 (rrp's source came out later)."
    on_the_day = plan_status(shipped()[0], outcomes(tmp_path), datetime.date(2022, 5, 31))
    assert on_the_day.publication_text == status.publication_text
    refresh = load_plan(REPO / "tests" / "fixtures" / "north_west_2023_refresh.toml")
    assert plan_status(refresh, outcomes(tmp_path), DAY).publication_text == (
        "Publication date: not given in the published text."
    )


@pytest.mark.parametrize(
    ("day", "started", "ended", "text"),
    [
        ("2021-12-31", False, False, "The plan period 2022-25 has not begun."),
        ("2022-07-01", None, False, "The plan period 2022-25 begins during 2022; the plan gives no start month."),
        ("2023-06-30", True, False, "The plan period 2022-25 is running; it ends in 2025."),
        ("2025-06-30", True, None, "The plan period 2022-25 ends during 2025; the plan gives no end month."),
        ("2026-01-01", True, True, "The plan period 2022-25 has ended."),
    ],
)
def test_plan_period_claims_no_month_it_does_not_know(
    tmp_path: Path, day: str, started: bool | None, ended: bool | None, text: str
) -> None:
    status = plan_status(shipped()[0], outcomes(tmp_path), datetime.date.fromisoformat(day))
    assert (status.period_started, status.period_ended, status.period_text) == (started, ended, text)


def test_period_years() -> None:
    assert period_years("2022-25") == (2022, 2025)
    assert period_years("1998-01") == (1998, 2001)


def test_a_deadline_passes_when_its_month_is_over() -> None:
    assert not deadline_passed("2023-07", datetime.date(2023, 7, 31))
    assert deadline_passed("2023-07", datetime.date(2023, 8, 1))


def test_as_of_a_past_date_only_what_was_published_by_then(tmp_path: Path) -> None:
    known = outcomes(tmp_path)
    statuses = by_metric(shipped()[0], known, datetime.date(2023, 6, 1))
    # April 2023 has passed, July 2023 has not.
    assert statuses["sexual_offence_interventions_completed"].status == "no_regional_outturn"
    assert statuses["housed_night_after_release"].status == "not_due"
    assert statuses["housed_night_after_release"].summary == "Not yet due: the deadline is July 2023."
    # The MoJ's 2022/23 and 2023/24 figures were published in July 2024: unknown in June 2023.
    assert all(t.context == () for t in statuses.values())
    later = by_metric(shipped()[0], known, datetime.date(2024, 7, 25))
    assert later["housed_night_after_release"].context[0].period.text == "2023/24"


# -- regional outturn changes the status ------------------------------------------------------------------------------


def test_regional_outturn_met_partly_not_met(tmp_path: Path) -> None:
    text = SOURCE + "".join(
        [
            figure("housed_night_after_release", "nw", "2023/24", 90.5),  # target 90 from 89: met
            figure("housed_night_after_release", "eoe", "2023/24", 86),  # target 90 from 84: partly
            figure("employed_six_weeks_after_release", "nw", "2023/24", 17),  # target 19 from 18: not met
            figure("employed_six_weeks_after_release", "nw", "2022/23", 25),  # ends before the deadline: ignored
            figure("settled_accommodation_three_months_after_release", "nw", "2023/24", 79),  # maintain 80: not met
            figure("employed_six_months_after_release", "nw", "2023/24", 29),  # maintain 29: met
        ]
    )
    known = outcomes(tmp_path, text)
    nw, eoe = (by_metric(p, known) for p in shipped())

    housed = nw["housed_night_after_release"]
    assert (housed.status, housed.points_vs_target, housed.points_from_baseline, housed.progress_pct) == (
        "met", 0.5, 1.5, 150.0,
    )  # fmt: skip
    assert housed.outturn is not None and housed.outturn.area_name == "North West"
    assert housed.summary == (
        "Met: 90.5% in 2023/24 (April 2023 – March 2024), 0.5 points above the 90% target; "
        "1.5 points above the 89% baseline (March 2022)."
    )
    assert housed.caveats == (
        "The outturn period 2023/24 (April 2023 – March 2024) includes months before the deadline (July 2023).",
    )

    partly = eoe["housed_night_after_release"]
    assert (partly.status, partly.points_vs_target, partly.points_from_baseline, partly.progress_pct) == (
        "partly_met", -4.0, 2.0, 33.3,
    )  # fmt: skip
    assert partly.summary.endswith("4 points below the 90% target; 2 points above the 84% baseline (March 2022) "
                                   "(33.3% of the promised change).")  # fmt: skip

    employed = nw["employed_six_weeks_after_release"]
    assert employed.outturn is not None and employed.outturn.period.text == "2023/24"
    assert (employed.status, employed.points_vs_target, employed.points_from_baseline) == ("not_met", -2.0, -1.0)
    assert employed.summary == (
        "Not met: 17% in 2023/24 (April 2023 – March 2024), 2 points below the 19% target; "
        "1 point below the 18% baseline (March 2022)."
    )
    # The national figure for the same period stays beside the region's, labelled national.
    assert [(c.area_name, c.period.text) for c in employed.context] == [("England and Wales", "2023/24")]

    assert nw["settled_accommodation_three_months_after_release"].status == "not_met"
    assert nw["settled_accommodation_three_months_after_release"].summary == (
        "Not met: 79% in 2023/24 (April 2023 – March 2024), 1 point below the 80% target."
    )
    assert nw["employed_six_months_after_release"].status == "met"
    assert eoe["employed_six_weeks_after_release"].status == "no_regional_outturn"  # other regions unaffected


def test_first_period_ending_at_or_after_the_deadline_decides(tmp_path: Path) -> None:
    text = SOURCE + "".join(
        [
            figure("housed_night_after_release", "nw", "2023-06", 95),  # before July 2023: never decides
            figure("housed_night_after_release", "nw", "2023-07", 88),  # the deadline month itself
            figure("housed_night_after_release", "nw", "2023/24", 91),
            figure("employed_six_weeks_after_release", "nw", "2024-03", 18.5),  # ends with 2023/24 ...
            figure("employed_six_weeks_after_release", "nw", "2023/24", 19.5),  # ... which is longer: it decides
        ]
    )
    nw = by_metric(shipped()[0], outcomes(tmp_path, text))
    housed = nw["housed_night_after_release"]
    assert housed.outturn is not None and housed.outturn.period.text == "2023-07"
    assert (housed.status, housed.caveats) == (
        "not_met",
        ("The England and Wales figure covers 2023/24 (April 2023 – March 2024), not the outturn's period.",),
    )
    employed = nw["employed_six_weeks_after_release"]
    assert employed.outturn is not None and (employed.outturn.period.text, employed.status) == ("2023/24", "met")


def test_a_figure_published_after_the_as_of_date_does_not_count(tmp_path: Path) -> None:
    known = outcomes(tmp_path, SOURCE + figure("housed_night_after_release", "nw", "2023/24", 90.5))
    assert by_metric(shipped()[0], known, datetime.date(2024, 8, 31))["housed_night_after_release"].status == (
        "no_regional_outturn"
    )
    assert by_metric(shipped()[0], known, datetime.date(2024, 9, 1))["housed_night_after_release"].status == "met"


def test_an_outturn_after_a_series_break_is_flagged(tmp_path: Path) -> None:
    known = outcomes(tmp_path, SOURCE + figure("employed_six_weeks_after_release", "eoe", "2024-05/2025-03", 21))
    employed = by_metric(shipped()[1], known)["employed_six_weeks_after_release"]
    assert employed.outturn is not None and employed.outturn.comparable_with_baseline is False
    assert employed.status == "met"  # judged, and flagged
    assert "A series break lies between the baseline and the outturn (May 2024): the two are not comparable." in (
        employed.caveats
    )
    # The national figure of the same months (MI016R) is cited beside it, flagged the same way.
    (ctx,) = employed.context
    assert (ctx.period.text, ctx.series, ctx.comparable_with_baseline) == ("2024-05/2025-03", "MI016R", False)


def test_a_national_figure_for_the_baseline_period(tmp_path: Path) -> None:
    text = SOURCE + figure("housed_night_after_release", NATIONAL, "2021/22", 86.8)
    eoe = by_metric(shipped()[1], outcomes(tmp_path, text))["housed_night_after_release"]
    (ctx,) = eoe.baseline_context
    assert (ctx.area_name, ctx.period.text, ctx.value, ctx.comparable_with_baseline) == (
        "England and Wales", "2021/22", 86.8, True,
    )  # fmt: skip
    assert baseline_summary(eoe) == "Baseline 84% (March 2022); England and Wales 2021/22: 86.8%."


# -- decrease, maintain and England-only, on a plan built here ---------------------------------------------------------

METRICS = """
[[metric]]
id = "{id}"
name = "{name}"
unit = "percent"
better = "{better}"
counts = "Counted things"
cohort = "The cohort"
denominator = "The cohort"
measured_at = "A year on"
geography = "England and Wales"
publication = "Test statistics"
sources = ["region-report"]
"""


def make_testland(tmp_path: Path, *targets: tuple[str, str, dict[str, object]]) -> Plan:
    lines = [meta_toml(), "[pathways.drugs_alcohol]", 'title = "Drugs and alcohol addiction"', ""]
    for metric, sentence, fields in targets:
        lines += ["[[pathways.drugs_alcohol.targets]]", f'text = "{sentence}"', f'metric = "{metric}"']
        lines += [f'{k} = "{v}"' if isinstance(v, str) else f"{k} = {v}" for k, v in fields.items()]
        lines.append("")
    return load_plan(write(tmp_path / "plans" / "tl.toml", "\n".join(lines)))


@pytest.mark.parametrize(
    ("value", "status", "progress"),
    [(27.5, "met", 125.0), (28, "met", 100.0), (29, "partly_met", 50.0), (30, "not_met", 0.0), (31, "not_met", -50.0)],
)
def test_decrease_targets(tmp_path: Path, value: float, status: str, progress: float) -> None:
    plan = make_testland(
        tmp_path,
        (
            "reoffending_rate",
            "By July 2023, Testland will decrease the proportion reoffending by 2 percentage points from 30% in March 2022",
            {"direction": "decrease", "baseline": 30, "baseline_date": "2022-03", "change_pp": 2, "target": 28,
             "deadline": "2023-07"},
        ),
    )  # fmt: skip
    text = SOURCE + METRICS.format(id="reoffending_rate", name="Reoffending", better="lower")
    known = outcomes(tmp_path, text + figure("reoffending_rate", "tl", "2023/24", value), areas=("tl",))
    (t,) = plan_status(plan, known, DAY).targets
    assert (t.status, t.progress_pct, t.metric_name) == (status, progress, "Reoffending")


@pytest.mark.parametrize(("better", "value", "status"), [("lower", 9, "met"), ("lower", 11, "not_met"),
                                                         ("higher", 9, "not_met"), ("higher", 10, "met")])  # fmt: skip
def test_maintain_is_met_at_the_level_or_better(tmp_path: Path, better: str, value: float, status: str) -> None:
    plan = make_testland(
        tmp_path,
        ("rate", "By July 2023, Testland will continue to maintain the proportion at 10%",
         {"direction": "maintain", "target": 10, "deadline": "2023-07"}),
    )  # fmt: skip
    text = SOURCE + METRICS.format(id="rate", name="Rate", better=better)
    known = outcomes(tmp_path, text + figure("rate", "tl", "2023-07", value), areas=("tl",))
    (t,) = plan_status(plan, known, DAY).targets
    assert (t.status, t.progress_pct) == (status, None)


def test_england_only_context_is_labelled_and_never_national(tmp_path: Path) -> None:
    plan = make_testland(
        tmp_path,
        (
            "treatment_continuity",
            "By July 2023, Testland will increase the proportion starting treatment by 5 percentage points from 40% in March 2022",
            {"direction": "increase", "baseline": 40, "baseline_date": "2022-03", "change_pp": 5, "target": 45,
             "deadline": "2023-07"},
        ),
    )  # fmt: skip
    (t,) = plan_status(plan, outcomes(tmp_path, SOURCE, areas=("tl",)), DAY).targets
    assert [(c.area, c.area_name, c.period.text, c.value) for c in t.context] == [
        (ENGLAND, "England only", "2023/24", 53.0)
    ]
    assert [(c.area_name, c.period.text, c.value) for c in t.baseline_context] == [("England only", "2021/22", 37.4)]
    assert context_summary(t) == "England only 2023/24: 53%."


# -- JSON ---------------------------------------------------------------------------------------------------------------

TARGET_KEYS = [
    "region", "region_name", "pathway", "metric", "metric_name", "direction", "baseline", "baseline_date", "target",
    "deadline", "deadline_passed", "status", "status_label", "outturn", "points_vs_target", "points_from_baseline",
    "progress_pct", "context", "baseline_context", "caveats", "summary", "cell", "context_summary",
    "baseline_summary", "text",
]  # fmt: skip
FIGURE_KEYS = [
    "metric", "area", "area_name", "period", "kind", "start", "end", "months", "period_label", "value", "unit",
    "series", "notes", "quote", "source", "comparable_with_baseline",
]  # fmt: skip


def test_status_json_is_plain_data_with_the_documented_keys(tmp_path: Path) -> None:
    known = outcomes(tmp_path, SOURCE + figure("housed_night_after_release", "nw", "2023/24", 90.5))
    data = json.loads(json.dumps([s.to_json() for s in plans_status(shipped(), known, DAY)]))
    nw = data[0]
    assert list(nw) == [
        "region", "region_name", "revision", "as_of", "period", "first_year", "last_year", "period_started",
        "period_ended", "period_text", "publication", "publication_text", "numeric_targets", "deadlines_passed",
        "counts", "targets", "as_of_text", "deadlines_text", "outturns_text", "line",
    ]  # fmt: skip
    assert (nw["as_of"], nw["numeric_targets"], nw["counts"]["met"]) == ("2026-01-15", 5, 1)
    assert list(nw["publication"]) == ["when", "quote", "notes", "source", "announced"]
    assert list(nw["publication"]["source"]) == ["id", "title", "publisher", "published", "url"]
    housed = next(t for t in nw["targets"] if t["metric"] == "housed_night_after_release")
    assert list(housed) == TARGET_KEYS
    assert list(housed["outturn"]) == FIGURE_KEYS == list(housed["context"][0])
    assert (housed["outturn"]["start"], housed["outturn"]["end"], housed["outturn"]["kind"]) == (
        "2023-04", "2024-03", "year",
    )  # fmt: skip
    assert housed["context"][0]["source"]["url"].startswith("https://www.gov.uk/")
    assert housed["status_label"] == "met"
