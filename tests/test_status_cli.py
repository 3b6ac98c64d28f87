"""Were the targets met? in the commands: --as-of, --outcomes, targets, show, compare, validate and briefings.

Every date is pinned with --as-of.  The shipped national figures are read
here straight from outcomes/national.toml (with tomllib, not rrp's loader),
so the expected values are the cited ones, not rrp's own output.
"""

from __future__ import annotations

import json
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import PLANS, REPO, Run, meta_toml, target_toml, write
from test_charts import NS, Axes, panels

from rrpcli.document import md_escape
from rrpcli.loader import load_plan
from rrpcli.model import format_month

AS_OF = "2026-01-15"
NATIONAL = tomllib.loads((REPO / "outcomes" / "national.toml").read_text("utf-8"))["figure"]
METRICS = {m["id"]: m for m in tomllib.loads((REPO / "outcomes" / "metrics.toml").read_text("utf-8"))["metric"]}
SHIPPED = [load_plan(PLANS / "north_west.toml"), load_plan(PLANS / "east_of_england.toml")]

#: A region's own outturn, as a region would add it (docs/outcomes.md): 88.1% housed in 2023/24 against a 90% target.
REGIONAL = """\
[[source]]
id = "nw-performance-2024"
title = "North West probation performance report 2023/24"
publisher = "HMPPS North West"
published = "2024-09-01"
url = "https://example.org/nw-performance-2023-24"

[[figure]]
metric = "housed_night_after_release"
area = "nw"
period = "2023/24"
value = 88.1
unit = "percent"
source = "nw-performance-2024"
quote = "In 2023/24, 88.1% of people released from custody in the North West were housed on the night after release."
"""


def national(metric: str, period: str) -> float | None:
    found = [f["value"] for f in NATIONAL if (f["metric"], f["area"], f["period"]) == (metric, "national", period)]
    return float(found[0]) if found else None


def targets_json(run: Run, *args: str, env: dict[str, str] | None = None) -> list[dict[str, object]]:
    result = run("targets", *args, "--format", "json", env=env)
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return list(json.loads(result.stdout))


# -- the shipped plans ----------------------------------------------------------------------------------------------


def test_every_numeric_target_of_both_shipped_plans_has_its_status_and_the_national_figure(
    run: Run, plans_copy: Path
) -> None:
    rows = targets_json(run, "--as-of", AS_OF)
    numeric = [r for r in rows if r["kind"] != "qualitative"]
    assert len(numeric) == sum(1 for p in SHIPPED for _, t in p.all_targets() if not t.qualitative) == 10
    for row in rows:
        status = row["status"]
        if row["kind"] == "qualitative":
            assert status is None
            continue
        assert isinstance(status, dict)
        assert (status["text"], status["deadline"], status["deadline_passed"]) == (row["text"], row["deadline"], True)
        assert (status["status"], status["cell"], status["outturn"]) == (
            "no_regional_outturn", "no regional outturn recorded", None,
        )  # fmt: skip
        # The deadlines are in 2023: the national figure beside each is that of 2023/24, where one is published.
        value = national(str(row["metric"]), "2023/24")
        if value is None:
            assert row["metric"] == "sexual_offence_interventions_completed" and status["context"] == []
            continue
        (ctx,) = status["context"]
        assert (ctx["area"], ctx["area_name"], ctx["period"], ctx["value"]) == (
            "national", "England and Wales", "2023/24", value,
        )  # fmt: skip
        assert ctx["source"]["published"] and ctx["source"]["url"].startswith("https://")
        assert status["context_summary"] == f"England and Wales 2023/24: {value:g}%."


def test_the_terminal_view_gives_every_target_its_status_and_national_figure(run: Run, plans_copy: Path) -> None:
    out = run("targets", "--as-of", AS_OF).stdout
    for plan in SHIPPED:
        for _, target in plan.all_targets():
            if target.qualitative:
                continue
            value = national(target.metric, "2023/24")
            figure = f"{value:g}%" if value is not None else "–"
            period = "2023/24" if value is not None else "–"
            row = f"{plan.meta.code:<6}  no regional outturn recorded  {figure:<8}  {period}"
            assert row.rstrip() in out.splitlines(), row


def test_as_of_a_day_before_the_deadlines_and_before_the_national_figures(run: Run, plans_copy: Path) -> None:
    rows = [r for r in targets_json(run, "--as-of", "2023-06-01") if r["status"]]
    by_deadline = {r["deadline"]: r["status"] for r in rows}
    assert set(by_deadline) == {"2023-04", "2023-07"}
    assert {r["status"]["status"] for r in rows if r["deadline"] == "2023-07"} == {"not_due"}  # type: ignore[index]
    assert {r["status"]["status"] for r in rows if r["deadline"] == "2023-04"} == {"no_regional_outturn"}  # type: ignore[index]
    assert all(r["status"]["context"] == [] for r in rows)  # type: ignore[index]  # 2023/24 was published in 2024
    shown = run("show", "nw", "--section", "vision", "--as-of", "2023-06-01").stdout
    assert " ".join(shown.split("\n\n")[1].split()) == (
        "As of 1 June 2023: The plan period 2022-25 is running; it ends in 2025. Due to launch in summer 2022 "
        "(HM Prison and Probation Service, May 2022). 1 of the 5 numeric targets' deadlines has passed; the next is "
        "July 2023. No regional outturn is recorded for the 1 target due; 4 not yet due."
    )


def test_what_several_plans_share_counts_all_their_targets(run: Run, plans_copy: Path) -> None:
    """Said once for both plans, a sentence about the targets counts both plans' targets (5 each), not one plan's."""
    shared = (
        "As of 1 June 2023, for North West (nw) and East of England (eoe): The plan period 2022-25 is running; it "
        "ends in 2025. Due to launch in summer 2022 (HM Prison and Probation Service, May 2022). 2 of the 10 numeric "
        "targets' deadlines have passed; the next is July 2023. No regional outturn is recorded for the 2 targets "
        "due; 8 not yet due."
    )
    shown = run("targets", "nw", "eoe", "--as-of", "2023-06-01").stdout.split("\n\n")[0].splitlines()
    assert shown[:2] == ["Targets", "======="]
    assert " ".join(" ".join(shown[2:]).split()) == shared
    briefing = run("render", "comparison", "nw", "eoe", "--as-of", "2023-06-01").stdout
    assert f"**{shared.replace(':', ':**', 1)}" in briefing.splitlines()
    compared = run("compare", "nw", "eoe", "--as-of", "2023-06-01", "--format", "markdown").stdout.splitlines()
    assert compared[2] == shared.split(": ", 1)[1]


def test_the_briefing_says_no_target_can_be_judged_before_any_deadline(run: Run, plans_copy: Path) -> None:
    briefing = run("render", "briefing", "nw", "--as-of", "2023-01-01").stdout
    assert (
        "- **Were the targets met?** Not yet known: no target's deadline has passed. See "
        "[Were the targets met?](#were-the-targets-met) for each target beside the national figure."
    ) in briefing.splitlines()


def test_a_bad_as_of_date_is_a_usage_error(run: Run, plans_copy: Path) -> None:
    for command in (["targets"], ["show", "nw"], ["compare", "nw", "eoe"], ["render", "briefing", "nw"]):
        result = run(*command, "--as-of", "15/01/2026")
        assert result.exit_code == 2
        assert "Invalid value for '--as-of': expected a date as YYYY-MM-DD, got '15/01/2026'" in result.stderr


# -- a region's own outturn -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["beside the plans", "--outcomes", "$RRP_OUTCOMES"])
def test_a_regions_outturn_changes_the_status_in_targets_json_and_the_briefing(
    run: Run, plans_copy: Path, tmp_path: Path, where: str
) -> None:
    folder = tmp_path / ("outcomes" if where == "beside the plans" else "mine")
    write(folder / "north_west.toml", REGIONAL)
    options = ["--outcomes", str(folder)] if where == "--outcomes" else []
    env = {"RRP_OUTCOMES": str(folder)} if where == "$RRP_OUTCOMES" else None

    rows = targets_json(run, "nw", "--as-of", AS_OF, *options, env=env)
    housed = next(r for r in rows if r["metric"] == "housed_night_after_release")["status"]
    assert isinstance(housed, dict)
    assert (housed["status"], housed["points_vs_target"], housed["points_from_baseline"]) == ("not_met", -1.9, -0.9)
    assert (housed["outturn"]["value"], housed["outturn"]["period"], housed["outturn"]["area"]) == (
        88.1,
        "2023/24",
        "nw",
    )
    assert housed["context"][0]["value"] == national("housed_night_after_release", "2023/24")
    assert housed["cell"] == "not met: 88.1% in 2023/24, 1.9 pp short"

    table = run("targets", "nw", "--as-of", AS_OF, *options, env=env).stdout.splitlines()
    housed_rows = table[table.index("proportion housed on the night after release:") :]
    assert housed_rows[6:8] == [
        "region  status                                   outturn  national  period",
        "nw      not met: 88.1% in 2023/24, 1.9 pp short  88.1%    85.7%     2023/24",
    ]
    assert "nw 2023/24" in " ".join(line for line in housed_rows if line.startswith("nw 2023/24") and "O" in line)

    briefing = run("--plans", "plans", "render", "briefing", "nw", "--date", AS_OF, *options, env=env).stdout
    assert (
        "| proportion housed on the night after release | 90% | Jul 2023 | not met: 88.1% in 2023/24, 1.9 pp short "
        "| 88.1% | 85.7% "
        "| 2023/24 |" in briefing
    )
    assert "- **Were the targets met?** Regional outturns for 1 of 5 numeric targets: 1 not met." in (briefing)
    assert "HMPPS North West, [North West probation performance report 2023/24](<https://example.org/" in briefing

    # Before the region published it, the figure was not known.
    earlier = targets_json(run, "nw", "--as-of", "2024-08-31", *options, env=env)
    housed = next(r for r in earlier if r["metric"] == "housed_night_after_release")["status"]
    assert isinstance(housed, dict) and (housed["status"], housed["outturn"]) == ("no_regional_outturn", None)


# -- bad outcome files --------------------------------------------------------------------------------------------------

COMMANDS = [
    ["targets"],
    ["show", "nw"],
    ["compare", "nw", "eoe"],
    ["render", "briefing", "nw"],
    ["validate"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_an_unsourced_figure_is_an_error_naming_file_line_and_field(
    run: Run, plans_copy: Path, tmp_path: Path, command: list[str]
) -> None:
    write(tmp_path / "outcomes" / "nw.toml", REGIONAL.replace('source = "nw-performance-2024"\n', ""))
    result = run(*command)
    assert result.exit_code == 2
    # Found beside ./plans, so named as ./outcomes/nw.toml; the line is the figure's, whose key is missing.
    expected = "outcomes/nw.toml:8: figure[0].source: required key is missing"
    if command == ["validate"]:
        assert result.stdout == (
            "plans/east_of_england.toml: ok (eoe, East of England)\nplans/north_west.toml: ok (nw, North West)\n"
        )
        assert result.stderr == expected + "\n"
    else:
        assert result.stderr == f"rrp: error: {expected}\n"


def test_malformed_outcome_files_every_problem_at_once(run: Run, plans_copy: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    broken = write(folder / "a.toml", "[[figure]\nmetric = 1\n")
    wrong = write(
        folder / "b.toml",
        REGIONAL.replace('source = "nw-performance-2024"', 'source = "nw-performance-2023"')
        .replace('area = "nw"', 'area = "nww"')
        .replace("value = 88.1", "value = 88.4"),
    )
    result = run("targets", "--outcomes", str(folder))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"rrp: error: {broken}:1:9: TOML syntax error: Expected ']]' at the end of an array declaration",
    ]
    broken.unlink()
    result = run("validate", "--outcomes", str(folder))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f'{wrong}:10: figure[0].area: unknown area "nww": an area is national (England and Wales), england '
        '(England only) or a region code of the plans in use (eoe, nw) (did you mean "nw"?)',
        f'{wrong}:14: figure[0].source: source "nw-performance-2023" is not declared (did you mean '
        '"nw-performance-2024"?)',
        f"{wrong}:15: figure[0].quote: does not state the value 88.4",
    ]


def test_commands_that_state_no_status_never_read_outcome_files(run: Run, plans_copy: Path, tmp_path: Path) -> None:
    folder = write(tmp_path / "broken" / "x.toml", "not toml at all [").parent
    env = {"RRP_OUTCOMES": str(folder)}
    for command in (["list"], ["show", "nw", "--format", "json"], ["schema"], ["diff", "nw", "north_west"]):
        result = run(*command, env=env)
        assert result.exit_code == 0 and "error" not in result.stderr, command
    assert run("targets", env=env).exit_code == 2


def test_outcomes_directory_given_must_exist(run: Run, plans_copy: Path, tmp_path: Path) -> None:
    result = run("targets", "--outcomes", str(tmp_path / "nope"))
    assert (result.exit_code, result.stderr) == (
        2,
        f"rrp: error: {tmp_path / 'nope'}: no such directory (given by --outcomes)\n",
    )


# -- validate: every target's metric is catalogued -----------------------------------------------------------------


def housing_target_plan(tmp_path: Path, *, metric: str, direction: str) -> Path:
    """Testland's plan with one target on housing on release: +1 pp from 89% or -1 pp, by July 2023."""
    sentence = f"By July 2023, Testland will {direction} the proportion housed on the night after release by 1 percentage point from 89% in March 2022"  # fmt: skip
    return write(
        tmp_path / "tl.toml",
        meta_toml()
        + '\n[pathways.family_accommodation]\ntitle = "Family"\n\n'
        + target_toml("family_accommodation", sentence, metric=metric, direction=direction, baseline=89,
                      baseline_date="2022-03", change_pp=1, target=90 if direction == "increase" else 88,
                      deadline="2023-07"),
    )  # fmt: skip


def test_validate_names_a_target_whose_metric_has_no_catalogue_entry(
    run: Run, plans_copy: Path, tmp_path: Path
) -> None:
    plan = housing_target_plan(tmp_path, metric="housed_nite_after_release", direction="increase")
    result = run("validate", str(plan), "nw")
    assert result.exit_code == 2
    assert result.stdout == (
        "plans/north_west.toml: ok (nw, North West)\noutcome files: ok (5 bundled: 6 metrics, 15 figures)\n"
    )
    assert result.stderr == (
        f'{plan}:13: pathways.family_accommodation.targets[0].metric: metric "housed_nite_after_release" has no '
        'entry in the metric catalogue (did you mean "housed_night_after_release"?)\n'
    )


def test_validate_names_a_target_that_moves_its_metric_the_worse_way(
    run: Run, plans_copy: Path, tmp_path: Path
) -> None:
    """Housed on release is better higher: a target to decrease it is a slip, not the most ambitious target."""
    plan = housing_target_plan(tmp_path, metric="housed_night_after_release", direction="decrease")
    line = plan.read_text("utf-8").splitlines().index('direction = "decrease"') + 1
    result = run("validate", str(plan))
    assert result.exit_code == 2
    assert result.stderr == (
        f'{plan}:{line}: pathways.family_accommodation.targets[0].direction: is "decrease", but a higher '
        '"housed_night_after_release" is better\n'
    )


def test_an_outcomes_or_plans_folder_that_is_a_file_is_said_to_be_one(
    run: Run, plans_copy: Path, tmp_path: Path
) -> None:
    file = write(tmp_path / "north_west.toml", "")
    result = run("targets", "nw", env={"RRP_OUTCOMES": str(file)})
    assert (result.exit_code, result.stderr) == (
        2,
        f"rrp: error: {file}: is not a directory (given by $RRP_OUTCOMES)\n",
    )
    result = run("--plans", str(file), "list")
    assert (result.exit_code, result.stderr) == (2, f"rrp: error: {file}: is not a directory (given by --plans)\n")


def test_an_as_of_date_that_is_not_in_the_calendar_is_said_to_be_so(run: Run, plans_copy: Path) -> None:
    result = run("targets", "--as-of", "2022-02-29")
    assert result.exit_code == 2
    assert (
        result.stderr.splitlines()[-1]
        == "Error: Invalid value for '--as-of': '2022-02-29' is not a day of the calendar"
    )


# -- show -----------------------------------------------------------------------------------------------------------


def test_show_measuring_progress_lists_the_catalogue_entries_of_the_plans_metrics(run: Run, plans_copy: Path) -> None:
    out = run("show", "eoe", "--section", "measuring_progress", "--format", "markdown", "--as-of", AS_OF).stdout
    wanted = list(dict.fromkeys(t.metric for _, t in SHIPPED[1].all_targets() if not t.qualitative))
    assert len(wanted) == 5
    where = [out.index(f"#### {md_escape(METRICS[m]['name'])} ({md_escape(m)})") for m in wanted]
    assert where == sorted(where)  # in the order the plan's targets use them
    for metric in wanted:
        entry = METRICS[metric]
        for label, key in (("Counts", "counts"), ("Cohort", "cohort"), ("Denominator", "denominator")):
            assert f"- **{label}:** {md_escape(entry[key])}" in out
    assert out.index("## Measuring progress and impact") < where[0]
    # The section on its own or in the whole plan; never in the JSON, which is the plan format.
    assert "#### Housed on the night after release" in run("show", "eoe", "--format", "markdown").stdout
    assert "Housed on the night after release" not in run("show", "eoe", "--format", "json").stdout


# -- compare --------------------------------------------------------------------------------------------------------


def test_compare_states_what_the_plans_share_once(run: Run, plans_copy: Path, tmp_path: Path) -> None:
    write(tmp_path / "outcomes" / "nw.toml", REGIONAL)
    lines = run("compare", "nw", "eoe", "--as-of", AS_OF, "--format", "markdown").stdout.splitlines()
    # The title names the plans, their codes and the date; what the plans share is said once under it, and only
    # how many outturns each has differs: said in a few words, the status column giving each one.
    assert lines[:4] == [
        "# North West (nw) and East of England (eoe) compared, as of 15 January 2026",
        "",
        "The plan period 2022-25 has ended. Due to launch in summer 2022 (HM Prison and Probation Service, May "
        "2022). The deadlines of all 10 numeric targets have passed. Regional outturns: nw 1 of 5, eoe none of 5.",
        "",
    ]


# -- the chart beside the briefing --------------------------------------------------------------------------------------


def test_the_chart_beside_the_briefing_has_a_mark_for_every_figure(run: Run, plans_copy: Path, tmp_path: Path) -> None:
    write(tmp_path / "outcomes" / "nw.toml", REGIONAL)
    out = tmp_path / "brief.md"
    result = run("render", "briefing", "nw", "--date", AS_OF, "-o", str(out))
    assert (result.exit_code, result.stderr) == (0, "")
    assert "](<brief-targets.svg>)" in out.read_text("utf-8")
    found = panels((tmp_path / "brief-targets.svg").read_text("utf-8"))
    nw = SHIPPED[0]
    targets = {t.metric: t for _, t in nw.all_targets() if not t.qualitative}
    assert list(found) == list(targets)
    figures = [*({**f, "source": ""} for f in NATIONAL), {"metric": "housed_night_after_release", "area": "nw",
                                                           "period": "2023/24", "value": 88.1}]  # fmt: skip
    drawn = 0
    for metric, panel in found.items():
        axes = Axes(panel)
        for mark in panel.iterfind(".//svg:g[@data-kind]", NS):
            kind, area, period = mark.get("data-kind"), mark.get("data-area"), mark.get("data-period")
            if kind in ("context", "outturn"):
                (value,) = [
                    f["value"] for f in figures if (f["metric"], f["area"], f["period"]) == (metric, area, period)
                ]
                dot = mark.find("svg:circle", NS)
            elif kind == "baseline":
                value, dot = targets[metric].baseline, mark.find("svg:circle", NS)
                assert period == targets[metric].baseline_date
            else:
                rect = mark.find("svg:rect", NS)
                assert rect is not None and period == targets[metric].deadline
                value = targets[metric].target
                dot = ET.Element("circle", {"cy": str(float(rect.get("y", "")) + float(rect.get("height", "")) / 2)})
            assert dot is not None and value is not None
            assert axes.value(dot.get("cy")) == pytest.approx(float(value), abs=0.01), (metric, kind, area, period)
            drawn += 1
    # 5 targets, 3 baselines (two are maintain targets without a date), 10 national figures, 1 regional outturn
    national_count = sum(1 for f in NATIONAL if f["metric"] in targets and f["area"] == "national")
    assert drawn == 5 + 3 + national_count + 1


def test_the_chart_is_refused_replaced_and_left_alone_like_the_briefing(
    run: Run, plans_copy: Path, tmp_path: Path
) -> None:
    out, chart = tmp_path / "brief.md", tmp_path / "brief-targets.svg"
    chart.write_text("my own picture")
    result = run("render", "briefing", "nw", "-o", str(out))
    assert (result.exit_code, result.stderr) == (2, f"rrp: error: {chart}: already exists; use --force to replace it\n")
    assert not out.exists() and chart.read_text() == "my own picture"
    assert run("render", "briefing", "nw", "-o", str(out), "--force").exit_code == 0
    assert chart.read_text().startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')
    # A chart that cannot be written: nothing is written, not even the briefing.
    out.unlink()
    chart.unlink()
    chart.mkdir()
    result = run("render", "briefing", "nw", "-o", str(out), "--force")
    assert (result.exit_code, result.stderr) == (2, f"rrp: error: {chart}: is a directory; give a file name\n")
    assert not out.exists()
    # To stdout, or for a plan without numeric targets, there is no chart and no link.
    assert "targets.svg" not in run("render", "briefing", "nw").stdout
    small = write(tmp_path / "tl.toml", meta_toml())
    assert run("render", "briefing", str(small), "-o", str(tmp_path / "tl.md")).exit_code == 0
    assert not (tmp_path / "tl-targets.svg").exists()


def test_an_outcome_file_is_never_an_output(run: Run, plans_copy: Path, tmp_path: Path) -> None:
    mine = write(tmp_path / "outcomes" / "north_west.toml", REGIONAL)
    result = run("render", "briefing", "nw", "-o", str(mine), "--force")
    assert (result.exit_code, result.stderr) == (
        2,
        f"rrp: error: {mine}: is an input of this command; refusing to write over it\n",
    )
    assert mine.read_text("utf-8") == REGIONAL


def test_the_markdown_of_targets_has_each_chart_as_a_text_block(run: Run, plans_copy: Path) -> None:
    out = run("targets", "nw", "--pathway", "public_security", "--as-of", AS_OF, "--format", "markdown").stdout
    assert "```text\n" in out
    block = out.split("```text\n")[1].split("```")[0].splitlines()
    assert block[-1] == "B baseline · T target · O regional outturn"
    assert [line.split()[0] for line in block[2:-1]] == ["nw"]
    assert format_month("2023-04") in out  # the deadline, with the status


def test_the_text_chart_colours_its_marks_only_in_colour(run: Run, plans_copy: Path, tmp_path: Path) -> None:
    write(tmp_path / "outcomes" / "nw.toml", REGIONAL)
    args = ("targets", "nw", "--pathway", "family_accommodation", "--as-of", AS_OF)
    plain = run(*args).stdout.splitlines()
    coloured = run(*args, "--color", "always").stdout.splitlines()
    row = next(i for i, line in enumerate(plain) if line.startswith("nw 2023/24"))
    assert plain[row].split() == ["nw", "2023/24", "O", "B-------T"]
    # outturn bold green, baseline cyan, the promised change dim, target yellow; the layout is the plain one
    assert coloured[row] == plain[row].replace("O", "\x1b[1;32mO\x1b[0m").replace(
        "B-------T", "\x1b[36mB\x1b[0m\x1b[2m-------\x1b[0m\x1b[33mT\x1b[0m"
    )
