"""rrp targets: every figure of every target of both shipped plans, worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PLANS, Run, meta_toml, target_toml, write

from rrpcli.ambition import figures, grade, grade_explanation, target_figures
from rrpcli.loader import load_plan

# Every numeric target of the shipped plans, from the published sentences:
# (region, metric, kind, baseline, baseline date, target, deadline).
PUBLISHED = [
    ("nw", "employed_six_weeks_after_release", "increase", 18, "2022-03", 19, "2023-07"),
    ("nw", "employed_six_months_after_release", "maintain", 29, None, 29, "2023-07"),
    ("nw", "housed_night_after_release", "increase", 89, "2022-03", 90, "2023-07"),
    ("nw", "settled_accommodation_three_months_after_release", "maintain", 80, None, 80, "2023-07"),
    ("nw", "sexual_offence_interventions_completed", "increase", 65, "2022-03", 70, "2023-04"),
    ("eoe", "employed_six_weeks_after_release", "increase", 14, "2022-03", 20, "2023-07"),
    ("eoe", "employed_six_months_after_release", "increase", 22, "2022-03", 24, "2023-07"),
    ("eoe", "housed_night_after_release", "increase", 84, "2022-03", 90, "2023-07"),
    ("eoe", "settled_accommodation_three_months_after_release", "increase", 64, "2022-03", 80, "2023-07"),
    ("eoe", "sexual_offence_interventions_completed", "increase", 47, "2022-03", 70, "2023-04"),
]

# The figures by hand: change, relative change, months, pp a year, share of the gap to 100% closed, grade.
# March 2022 to July 2023 is 16 months; March 2022 to April 2023 is 13.
BY_HAND = {
    ("nw", "employed_six_weeks_after_release"): (1, 5.6, 16, 0.75, 1.2, "modest"),  # 1/18, 1/82
    ("nw", "employed_six_months_after_release"): (0, 0.0, None, None, 0.0, "maintain"),
    ("nw", "housed_night_after_release"): (1, 1.1, 16, 0.75, 9.1, "modest"),  # 1/89, 1/11
    ("nw", "settled_accommodation_three_months_after_release"): (0, 0.0, None, None, 0.0, "maintain"),
    ("nw", "sexual_offence_interventions_completed"): (5, 7.7, 13, 4.62, 14.3, "moderate"),  # 5/65, 60/13, 5/35
    ("eoe", "employed_six_weeks_after_release"): (6, 42.9, 16, 4.5, 7.0, "moderate"),  # 6/14, 72/16, 6/86
    ("eoe", "employed_six_months_after_release"): (2, 9.1, 16, 1.5, 2.6, "modest"),  # 2/22, 24/16, 2/78
    ("eoe", "housed_night_after_release"): (6, 7.1, 16, 4.5, 37.5, "stretching"),  # 6/84, 6/16
    ("eoe", "settled_accommodation_three_months_after_release"): (16, 25.0, 16, 12.0, 44.4, "stretching"),  # 16/36
    ("eoe", "sexual_offence_interventions_completed"): (23, 48.9, 13, 21.23, 43.4, "stretching"),  # 23/47, 276/13
}


@pytest.fixture(scope="module")
def rows() -> list[dict[str, object]]:
    plans = [load_plan(PLANS / "north_west.toml"), load_plan(PLANS / "east_of_england.toml")]
    return [r.to_json() for r in target_figures(plans)]


def test_every_numeric_target_of_both_plans(rows: list[dict[str, object]]) -> None:
    numeric = {(r["region"], r["metric"]): r for r in rows if r["kind"] != "qualitative"}
    assert set(numeric) == {(p[0], p[1]) for p in PUBLISHED}
    for region, metric, kind, baseline, since, goal, deadline in PUBLISHED:
        change, relative, months, per_year, gap, expected_grade = BY_HAND[(region, metric)]
        row = numeric[(region, metric)]
        assert (row["kind"], row["baseline"], row["baseline_date"], row["target"], row["deadline"]) == (
            kind, baseline, since, goal, deadline,
        ), (region, metric)  # fmt: skip
        assert (row["change_pp"], row["relative_change_pct"], row["months"]) == (change, relative, months)
        assert (row["pp_per_year"], row["gap_closed_pct"], row["grade"]) == (per_year, gap, expected_grade)


def test_qualitative_targets_have_no_numbers(rows: list[dict[str, object]]) -> None:
    qualitative = [r for r in rows if r["kind"] == "qualitative"]
    assert [(r["region"], r["pathway"]) for r in qualitative] == [("nw", "drugs_alcohol")] * 2 + [
        ("eoe", "drugs_alcohol")
    ] * 2
    for r in qualitative:
        assert all(r[k] is None for k in ("baseline", "target", "change_pp", "months", "grade", "gap_closed_pct"))


def test_same_metric_is_ranked_across_regions(rows: list[dict[str, object]]) -> None:
    housed = {r["region"]: r for r in rows if r["metric"] == "housed_night_after_release"}
    # East of England closes 37.5% of its gap, North West 9.1%: both end at 90%.
    assert (housed["eoe"]["rank"], housed["nw"]["rank"]) == (1, 2)
    assert housed["eoe"]["same_end_value"] is housed["nw"]["same_end_value"] is True
    weeks = {r["region"]: r for r in rows if r["metric"] == "employed_six_weeks_after_release"}
    assert (weeks["eoe"]["rank"], weeks["nw"]["rank"], weeks["nw"]["same_end_value"]) == (1, 2, False)


def test_json_contract_keys(run: Run, plans_copy: Path) -> None:
    data = json.loads(run("targets", "nw", "--format", "json").stdout)
    assert len(data) == 7
    for key in ("region", "pathway", "metric", "kind", "text", "baseline", "baseline_date", "target", "deadline",
                "change_pp", "relative_change_pct", "months", "pp_per_year", "gap_closed_pct", "grade"):  # fmt: skip
        assert all(key in row for row in data), key
    assert data[0]["text"].startswith("By July 2023, North West will increase the proportion employed six weeks")


AS_OF = "2026-01-15"
#: The plans' status under the title, as of AS_OF, at 80 columns.
STATUS_HEADER = [
    "As of 15 January 2026, for North West (nw) and East of England (eoe): The plan",
    "period 2022-25 has ended. Due to launch in summer 2022 (HM Prison and Probation",
    "Service, May 2022). The deadlines of all 10 numeric targets (April 2023 and July",
    "2023) have passed. No numeric target has a regional outturn recorded.",
    "",
    "Only figures published by then count. A target is judged on its region's own",
    "figure for a period ending at or after its deadline; national figures (England",
    "and Wales) are context, never the region's result.",
    "",
]


def section(lines: list[str], heading: str) -> list[str]:
    """The lines from a heading on."""
    return lines[lines.index(heading) :]


def test_table_view(run: Run, plans_copy: Path) -> None:
    args = ("targets", "nw", "eoe", "--pathway", "family_accommodation", "--as-of", AS_OF)
    result = run(*args, env={"COLUMNS": "100"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:3] == ["Targets", "=======", "As of 15 January 2026, for North West (nw) and East of England (eoe): The plan period 2022-25 has"]  # fmt: skip
    assert section(lines, "Family, accommodation and readjustment to society")[:27] == [
        "Family, accommodation and readjustment to society",
        "-------------------------------------------------",
        "proportion housed on the night after release:",
        "region  from            to   change         by        pp/year  gap closed  grade",
        "eoe     84% (Mar 2022)  90%  +6 pp (+7.1%)  Jul 2023     +4.5       37.5%  stretching",
        "nw      89% (Mar 2022)  90%  +1 pp (+1.1%)  Jul 2023    +0.75        9.1%  modest",
        "",
        "metric housed_night_after_release. Most ambitious first. Baselines 5 pp apart. Both aim at 90%.",
        "",
        "region  status                        national  period",
        "eoe     no regional outturn recorded  85.7%     2023/24",
        "nw      no regional outturn recorded  85.7%     2023/24",
        "",
        "Baselines (March 2022): no national figure is recorded for a period containing March 2022.",
        "",
        "                  82%      84%       86%       88%       90%",
        "                  |---------|---------|---------|---------|",
        "eoe                         B-----------------------------T",
        "nw                                                   B----T",
        "national 2023/24                     n",
        "B baseline · T target · O regional outturn · n national (England and Wales)",
        "",
        "proportion in settled accommodation 3 months after leaving prison:",
        "region  from            to   change         by        pp/year  gap closed  grade",
        "eoe     64% (Mar 2022)  80%  +16 pp (+25%)  Jul 2023      +12       44.4%  stretching",
        "nw      80% (2022)      80%  0 pp           Jul 2023        –          0%  maintain",
        "",
    ]
    assert "Not shown at this width" not in result.stdout


def test_table_view_keeps_one_line_per_row_at_80_and_60_columns(run: Run, plans_copy: Path) -> None:
    """A narrow terminal leaves columns out (and says so at the end) rather than wrap a row."""
    args = ("targets", "nw", "eoe", "--pathway", "family_accommodation", "--as-of", AS_OF)
    at_80 = run(*args).stdout.splitlines()
    assert at_80[2:11] == STATUS_HEADER
    housed = section(at_80, "proportion housed on the night after release:")
    assert housed[1:4] == [
        "region  from            to   by        pp/year  gap closed  grade",
        "eoe     84% (Mar 2022)  90%  Jul 2023     +4.5       37.5%  stretching",
        "nw      89% (Mar 2022)  90%  Jul 2023    +0.75        9.1%  modest",
    ]
    assert housed[8:11] == [
        "region  status                        national  period",
        "eoe     no regional outturn recorded  85.7%     2023/24",
        "nw      no regional outturn recorded  85.7%     2023/24",
    ]
    assert at_80[-1] == "Not shown at this width: change."
    assert max(len(line) for line in at_80) <= 80
    at_60 = run(*args, env={"COLUMNS": "60"}).stdout.splitlines()
    housed = section(at_60, "proportion housed on the night after release:")
    assert housed[1:4] == [
        "region  from            to   pp/year  gap closed  grade",
        "eoe     84% (Mar 2022)  90%     +4.5       37.5%  stretching",
        "nw      89% (Mar 2022)  90%    +0.75        9.1%  modest",
    ]
    assert "eoe     no regional outturn recorded  85.7%     2023/24" in housed
    assert at_60[-1] == "Not shown at this width: change, by."
    assert max(len(line) for line in at_60) <= 60


def test_sorted_flat_table_at_80_columns(run: Run, plans_copy: Path) -> None:
    """The sorted column stays; metric names are cut short with "…" rather than broken over lines.

    The dated baseline stays too (finding 5): the grade gives way before it, so no row loses every date.
    """
    lines = run("targets", "--sort=-pp_per_year", "--as-of", AS_OF).stdout.splitlines()
    table = section(lines, "region  metric                          from            to   pp/year  gap closed")
    assert table[:4] == [
        "region  metric                          from            to   pp/year  gap closed",
        "eoe     sexual_offence_interventions_…  47% (Mar 2022)  70%   +21.23       43.4%",
        "eoe     settled_accommodation_three_m…  64% (Mar 2022)  80%      +12       44.4%",
        "nw      sexual_offence_interventions_…  65% (Mar 2022)  70%    +4.62       14.3%",
    ]
    # The status follows in the same order, each national figure with its period.
    assert section(lines, "Status against the deadlines:")[1:5] == [
        "region  metric                     status                        national",
        "eoe     sexual_offence_intervent…  no regional outturn recorded  –",
        "eoe     settled_accommodation_th…  no regional outturn recorded  73.5% (2023/24)",
        "nw      sexual_offence_intervent…  no regional outturn recorded  –",
    ]
    assert max(len(line) for line in lines) <= 80
    assert lines[-1] == "Not shown at this width: change, by, grade."


def test_sorted_flat_table(run: Run, plans_copy: Path) -> None:
    out = run("targets", "--sort=-gap_closed_pct", "--format", "json").stdout
    gaps = [r["gap_closed_pct"] for r in json.loads(out)]
    numbers = [g for g in gaps if g is not None]
    assert numbers == sorted(numbers, reverse=True) and gaps[len(numbers) :] == [None] * 4


@pytest.mark.parametrize("sort", ["--sort=", "--sort=-"])
def test_an_empty_sort_field_is_an_error(run: Run, plans_copy: Path, sort: str) -> None:
    result = run("targets", sort)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith('rrp: error: cannot sort by ""; sort fields are: region, pathway,')


def test_bad_sort_field(run: Run, plans_copy: Path) -> None:
    result = run("targets", "--sort", "size")
    assert result.exit_code == 2
    assert result.stderr.startswith('rrp: error: cannot sort by "size"; sort fields are: region, pathway,')


def test_markdown(run: Run, plans_copy: Path) -> None:
    out = run("targets", "eoe", "--pathway", "public_security", "--format", "markdown").stdout
    assert "| eoe | 47% (Mar 2022) | 70% | +23 pp (+48.9%) | Apr 2023 | +21.23 | 43.4% | stretching |" in out


def edge_plan(tmp_path: Path, *targets: str) -> Path:
    text = meta_toml() + '\n[pathways.public_security]\ntitle = "Public security"\n\n' + "".join(targets)
    return write(tmp_path / "edge.toml", text)


def by(month: str, sentence: str) -> str:
    return f"By {month}, Testland will {sentence}"


def test_edge_cases(tmp_path: Path) -> None:
    path = edge_plan(
        tmp_path,
        target_toml("public_security", by("March 2024", "increase the proportion a by 5 percentage points from 0% in March 2023"),
                    metric="a", direction="increase", baseline=0, baseline_date="2023-03", change_pp=5, target=5,
                    deadline="2024-03"),
        target_toml("public_security", by("March 2024", "decrease the proportion b by 4 percentage points from 20% in March 2023"),
                    metric="b", direction="decrease", baseline=20, baseline_date="2023-03", change_pp=4, target=16,
                    deadline="2024-03"),
        target_toml("public_security", by("March 2024", "increase the proportion c by 0 percentage points from 100% in March 2023"),
                    metric="c", direction="increase", baseline=100, baseline_date="2023-03", change_pp=0, target=100,
                    deadline="2024-03"),
        target_toml("public_security", "We will keep people safe.", qualitative=True),
    )  # fmt: skip
    plan = load_plan(path)
    zero, down, met, words = (figures(plan, "public_security", t) for _, t in plan.all_targets())
    assert (zero.relative_change_pct, zero.gap_closed_pct, zero.pp_per_year, zero.grade) == (None, 5.0, 5.0, "moderate")
    # A decrease of 4 pp from 20%: -20% relative, 12 months, a fifth of the way to 0%.
    assert (down.change_pp, down.relative_change_pct, down.months, down.pp_per_year) == (-4, -20.0, 12, -4.0)
    assert (down.gap_closed_pct, down.grade) == (20.0, "moderate")
    # Already at 100%: no gap left to close, nothing to gain.
    assert (met.change_pp, met.gap_closed_pct, met.grade) == (0, None, "met")
    assert (words.kind, words.grade, words.months) == ("qualitative", None, None)
    # The grade "met" is printed "already met", never to be read as the status "met"; the JSON keeps "met".
    assert (met.grade_label, zero.grade_label, words.grade_label) == ("already met", "moderate", None)
    assert met.to_json()["grade"] == "met" and met.to_json()["grade_label"] == "already met"
    assert grade_explanation(["met"]).endswith(" Already met: already there (0 pp).")


def test_the_grade_met_is_printed_already_met(run: Run, tmp_path: Path) -> None:
    path = edge_plan(
        tmp_path,
        target_toml("public_security", by("March 2024", "increase the proportion c by 0 percentage points from 100% in March 2023"),
                    metric="c", direction="increase", baseline=100, baseline_date="2023-03", change_pp=0, target=100,
                    deadline="2024-03"),
    )  # fmt: skip
    out = run("targets", str(path), "--as-of", AS_OF).stdout
    assert "tl      100% (Mar 2023)  100%  Mar 2024        0           –  already met\n" in out
    markdown = run("targets", str(path), "--as-of", AS_OF, "--format", "markdown").stdout
    assert "| already met |" in markdown and "| met |" not in markdown
    (row,) = json.loads(run("targets", str(path), "--format", "json").stdout)
    assert (row["grade"], row["grade_label"]) == ("met", "already met")


def test_grade_rule() -> None:
    assert grade("increase", 1, 24.9, 9.9) == "moderate"
    assert grade("increase", 1, 25.0, 0.1) == "stretching"
    assert grade("increase", 1, 1.0, 10.0) == "stretching"
    assert grade("increase", 1, 9.9, 2.9) == "modest"
    assert grade("decrease", -1, 9.9, -3.0) == "moderate"


def test_plan_with_no_targets(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path / "none.toml", meta_toml())
    assert json.loads(run("targets", str(path), "--format", "json").stdout) == []
    result = run("targets", str(path))
    assert (result.exit_code, result.stderr) == (0, "rrp: no targets in tl\n")
    assert result.stdout == "Targets\n=======\nNo targets.\n"


def test_sort_by_grade_goes_from_least_to_most_ambitious(run: Run, plans_copy: Path) -> None:
    rows = json.loads(run("targets", "--sort", "grade", "--format", "json").stdout)
    grades = [r["grade"] for r in rows if r["grade"] is not None]
    order = ["maintain", "met", "modest", "moderate", "stretching"]
    assert grades == sorted(grades, key=order.index) and grades[0] == "maintain" and grades[-1] == "stretching"
    rows = json.loads(run("targets", "--sort=-grade", "--format", "json").stdout)
    assert rows[0]["grade"] == "stretching"


def test_gap_closed_and_the_grades_are_explained_once_in_the_words_of_compare(run: Run, plans_copy: Path) -> None:
    """Finding 6: rrp targets says what "gap closed" and each grade shown mean, once, in one source's words."""
    legend = grade_explanation(["maintain", "modest", "moderate", "stretching"], decrease=False)
    assert legend == (
        "Gap closed: the share of the distance from its baseline to 100% that a target closes. Stretching: 25% of "
        "the gap or 10 pp a year, or more; modest: under 10% and under 3 pp a year; moderate: between; maintain: "
        "keeps a level."
    )
    terminal = run("targets", "--as-of", AS_OF).stdout
    assert " ".join(terminal.split()).count(legend) == 1
    assert terminal.index("Gap closed:") < terminal.index("Training, skills and work\n")
    markdown = run("targets", "--as-of", AS_OF, "--format", "markdown").stdout
    assert markdown.count(f"\n*{legend}*\n") == 1
    sorted_view = run("targets", "--sort", "grade", "--as-of", AS_OF).stdout
    assert " ".join(sorted_view.split()).count(legend) == 1
    compared = run("compare", "nw", "eoe", "--summary", "--as-of", AS_OF).stdout
    assert legend in " ".join(compared.split())
    briefing = run("render", "comparison", "nw", "eoe", "--date", AS_OF, "--as-of", AS_OF).stdout
    assert legend in briefing
    # Only the grades shown are explained.
    employed = " ".join(run("targets", "nw", "--pathway", "training_skills_work", "--as-of", AS_OF).stdout.split())
    assert grade_explanation(["modest", "maintain"], decrease=False) in employed
    assert "Gap closed:" in employed and "Stretching" not in employed
