"""rrp compare's overview (issue 14): the answer on one screen, first; statements that cannot mislead; sources.

Expected values come from the plan files read with tomllib (not through rrp)
and from the cited national figures in outcomes/national.toml; every date is
pinned with --as-of.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from conftest import PLANS, REPO, Run, load_benchmark_module, meta_toml, write
from hypothesis import given, settings
from hypothesis import strategies as st
from test_status_cli import REGIONAL

from rrpcli.ambition import (
    GRADES,
    MetricGroup,
    TargetFigures,
    grade_explanation,
    group_by_metric,
    leads_sentence,
    metric_lead,
    sort_rows,
    target_figures,
)
from rrpcli.catalog import Catalog, find_plan_source
from rrpcli.cli.layout import table_plan
from rrpcli.cli.output import Output, render_document
from rrpcli.document import Document, Span, Table, to_markdown
from rrpcli.loader import load_plan
from rrpcli.model import format_month
from rrpcli.outcomes import find_outcome_files, load_outcomes
from rrpcli.overview import distinctive_commitments, is_partner_organisation, slug, url_slug
from rrpcli.status import plans_status
from rrpcli.targets_view import targets_document

AS_OF = "2026-01-15"
NATIONAL = tomllib.loads((REPO / "outcomes" / "national.toml").read_text("utf-8"))["figure"]
METRICS = {m["id"]: m for m in tomllib.loads((REPO / "outcomes" / "metrics.toml").read_text("utf-8"))["metric"]}
SHIPPED = {"nw": "north_west", "eoe": "east_of_england"}


def plan_toml(code: str) -> dict[str, Any]:
    data: dict[str, Any] = tomllib.loads((PLANS / f"{SHIPPED[code]}.toml").read_text("utf-8"))
    return data


def numeric_targets(code: str) -> list[dict[str, Any]]:
    """A shipped plan's numeric targets, read straight from its TOML."""
    data = plan_toml(code)
    return [t for p in data["pathways"].values() for t in p["targets"] if not t.get("qualitative")]


def summary(run: Run, *args: str) -> str:
    result = run("compare", *args, "--summary", "--as-of", AS_OF)
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return result.stdout


def flat(text: str) -> str:
    """Text with its line breaks undone (a sentence wrapped at 80 columns reads as one)."""
    return " ".join(text.split())


def briefing(run: Run, *plans: str) -> str:
    result = run("--plans", str(PLANS), "render", "comparison", *plans, "--date", AS_OF, "--as-of", AS_OF)
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return result.stdout


# -- one screen, first -------------------------------------------------------------------------------------------


def test_the_overview_comes_first_and_fits_one_80_by_50_terminal(run: Run, plans_copy: Path) -> None:
    overview = summary(run, "nw", "eoe")
    lines = overview.splitlines()
    # One 80x50 screen with room for the shell prompt and the pager's prompt (finding 4): printed, not paged.
    assert len(lines) <= 48
    assert max(len(line) for line in lines) <= 80
    assert "Not shown at this width" not in overview  # nothing left out at 80 columns
    whole = run("compare", "nw", "eoe", "--as-of", AS_OF).stdout
    assert whole.startswith(overview)
    assert whole[len(overview) :].startswith("\nNational text is text found in two or more of the plans")
    detail = run("compare", "nw", "eoe", "--detail", "--as-of", AS_OF).stdout
    assert "Pathways (" not in detail
    # the detail alone has each pathway's targets; after the overview, which has them all, they are not repeated
    assert detail.count("Targets side by side:\n") == 3 and "Targets side by side" not in whole
    assert whole.endswith(detail[detail.index("\nSources\n") :])


def test_every_numeric_target_of_both_plans_is_in_the_overview(run: Run, plans_copy: Path) -> None:
    lines = summary(run, "nw", "eoe").splitlines()
    for code in SHIPPED:
        for t in numeric_targets(code):
            baseline = t.get("baseline", t["target"])  # a maintain target's level is its baseline
            when = format_month(t["baseline_date"], short=True) if "baseline_date" in t else "2022"
            label = next(i for i, line in enumerate(lines) if line.startswith(METRICS[t["metric"]]["name"] + " ·"))
            row = next(line for line in lines[label + 1 : label + 3] if line.split()[0] == code)
            change = f"{t['target'] - baseline:+g}" if t["target"] != baseline else "0"
            deadline = format_month(t["deadline"], short=True)
            expected = rf"{code} +{baseline:g}% \({when}\) +{t['target']:g}% +\{change} pp +{deadline} "
            assert re.match(expected.replace("\\0 pp", "0 pp"), row), (expected, row)


def test_twelve_plans_the_overview_comes_first(run: Run, tmp_path: Path) -> None:
    synth = load_benchmark_module("synth")
    corpus = synth.write_corpus(tmp_path, 12)
    args = ("--plans", str(corpus.directory), "compare", *corpus.codes, "--as-of", AS_OF)
    whole = run(*args).stdout
    overview = run(*args, "--summary").stdout
    assert whole.startswith(overview.removesuffix("\nNot shown at this width: change, pp/year.\n"))
    lines = whole.splitlines()
    header = lines.index("region  from            to     by        gap closed  grade       England & Wales")
    assert header < next(i for i, line in enumerate(lines) if line.startswith("Pathways (")) < lines.index("Foreword")
    data = json.loads(run(*args, "--format", "json").stdout)
    rows = [r for m in data["overview"]["targets"] for r in m["rows"]]
    assert len(rows) == len([r for r in data["targets"] if r["kind"] != "qualitative"]) == 60
    for r in rows:  # every target's row: its region, dated baseline and target in its metric's group
        expected = [r["region"], *r["start"].split(), f"{r['target']:g}%"]
        assert any(line.split()[: len(expected)] == expected for line in lines), expected


# -- statements that cannot mislead ------------------------------------------------------------------------------


def test_figures_carry_their_dates(run: Run, plans_copy: Path) -> None:
    out = summary(run, "nw", "eoe")
    # A level the plan states without a month is the plan's (2022), not today's.
    assert "nw      29% (2022)      29%    0 pp  Jul 2023        –          0%  maintain\n" in out
    assert re.search(r"^nw +29% +29%", out, re.MULTILINE) is None
    for metric in ("employed_six_weeks_after_release", "housed_night_after_release"):
        (value,) = [
            f["value"] for f in NATIONAL if (f["metric"], f["area"], f["period"]) == (metric, "national", "2023/24")
        ]
        assert f"{METRICS[metric]['name']} · national {value:g}% (2023/24)\n" in out
    assert "National: England and Wales." in flat(out)
    targets = json.loads(run("targets", "nw", "--format", "json").stdout)
    assert [r["start"] for r in targets if r["kind"] == "maintain"] == ["29% (2022)", "80% (2022)"]
    # "About the region" figures carry the plans' year wherever they appear (finding 5b): 20 Clinical
    # Commissioning Groups is 2022's figure, not today's.
    assert "Both plans state (2022; nw / eoe): probation staff 1,600 / over 1,600;" in flat(out)
    assert "clinical commissioning groups 20 / 20." in flat(out)
    detail = run("compare", "nw", "eoe", "--section", "about", "--as-of", AS_OF).stdout
    assert (
        "As the plans state them (2022), not today's figures; – : the plan does not state\nthis figure.\n"
    ) in detail
    shown = run("show", "nw", "--section", "about", "--as-of", AS_OF).stdout
    assert (
        "About the North West region\n---------------------------\n"
        "As stated in the plan (2022): the plan's figures as written then, not today's.\n\n- Around 4,800 staff"
    ) in shown
    brief = run("render", "briefing", "nw", "--date", AS_OF, "--as-of", AS_OF).stdout
    assert (
        "## About the North West region\n\n*As stated in the plan (2022): the plan's figures as written then, not "
        "today's.*\n\n- Around 4,800 staff"
    ) in brief


@pytest.mark.parametrize("width", [40, 60])
def test_a_narrow_overview_keeps_every_rows_dates(run: Run, plans_copy: Path, width: int) -> None:
    # Finding 5d: at 40 and 60 columns the dated baseline and the deadline stay; gap closed and grade give way.
    out = run("compare", "nw", "eoe", "--summary", "--as-of", AS_OF, env={"COLUMNS": str(width)}).stdout
    lines = out.splitlines()
    expected = {
        40: ("region  from            to   by", "nw      18% (Mar 2022)  19%  Jul 2023"),
        60: ("region  from            to   by        grade", "nw      18% (Mar 2022)  19%  Jul 2023  modest"),
    }[width]
    assert expected[0] in lines and any(line.startswith(expected[1]) for line in lines)
    numeric = [r for code in ("nw", "eoe") for r in numeric_targets(code)]
    rows = [line for line in lines if re.match(r"^(nw|eoe) +[0-9.]+% \(", line)]
    assert len(rows) == len(numeric) == 10 and all(re.search(r"\((Mar )?2022\) .* (Apr|Jul) 2023", r) for r in rows)
    assert max(map(len, lines)) <= width or all(" " not in line for line in lines if len(line) > width)


LEADS = (
    "East of England ranks first on all 5 metrics (gap closed, then pace): it starts lower than North West on all 5 "
    "and aims at the same end value on 3."
)


def test_the_most_ambitious_claim_says_who_starts_lower_and_aims_at_the_same_end(run: Run, plans_copy: Path) -> None:
    assert LEADS in flat(summary(run, "nw", "eoe"))
    text = briefing(run, "nw", "eoe")
    assert LEADS in text
    assert "Most ambitious: East of England on 5 of 5" not in text
    leads = {m["metric"]: m["lead"] for m in compare_json(run)["overview"]["targets"]}
    housed = leads["housed_night_after_release"]
    assert (housed["leaders"], housed["starts_further"], housed["same_end"]) == (["eoe"], True, ["nw"])
    assert housed["text"] == (
        "East of England ranks first (gap closed 37.5%); starting lower (84% against 89%); aiming at the same end "
        "value as North West (90%)."
    )


GAP = "Gap closed: the share of the distance from its baseline to 100% that a target closes."


def test_grades_are_explained_in_the_view_and_the_briefing(run: Run, plans_copy: Path) -> None:
    grades = (
        "Stretching: 25% of the gap or 10 pp a year, or more; modest: under 10% and under 3 pp a year; moderate: "
        "between; maintain: keeps a level."
    )
    for text in (summary(run, "nw", "eoe"), briefing(run, "nw", "eoe")):
        assert f"{GAP} {grades}" in flat(text)
    single = run("--plans", str(PLANS), "render", "briefing", "nw", "--date", AS_OF).stdout
    assert "Gap closed: the share of the distance from the baseline to 100% (to 0% for a decrease)" in single


def test_a_decrease_is_explained_only_when_one_is_shown() -> None:
    assert "(0% for a decrease)" in grade_explanation()
    assert "decrease" not in grade_explanation(["modest"], decrease=False)
    assert grade_explanation(["moderate"]).count(";") == 2  # moderate is explained with the two it lies between
    assert set(GRADES) == {"maintain", "met", "modest", "moderate", "stretching"}


def test_ties_are_called_ties(run: Run, plans_copy: Path) -> None:
    twin = (plans_copy / "north_west.toml").read_text("utf-8")
    twin = twin.replace('code = "nw"', 'code = "tw"').replace("North West", "Twinland")
    twin = re.sub(r"aliases = \[[^\]]*\]", "aliases = []", twin)
    (plans_copy / "twinland.toml").write_text(twin, encoding="utf-8")
    out = flat(summary(run, "nw", "tw"))
    assert "The regions tie on all 5 metrics (gap closed and pace)." in out
    assert "ranks first" not in out
    leads = [m["lead"] for m in compare_json(run, "nw", "tw")["overview"]["targets"]]
    assert all(lead["tie"] and lead["leaders"] == ["nw", "tw"] for lead in leads)
    assert leads[0]["text"] == "North West and Twinland tie: the same gap closed (1.2%) and pace."


def row(region: str, gap: float, pace: float, baseline: float, target: float, kind: str = "increase") -> TargetFigures:
    return TargetFigures(
        region=region, region_name=region.upper(), pathway="public_security", metric="m", measure="m", kind=kind,
        text=f"{region} target", baseline=baseline, baseline_date="2022-03", target=target, deadline="2023-07",
        change_pp=target - baseline, relative_change_pct=None, months=16, pp_per_year=pace, gap_closed_pct=gap,
        grade="stretching",
    )  # fmt: skip


def test_a_lead_by_one_point_of_gap_names_the_faster_target() -> None:
    """One point more of the gap closed decides the rank; the claim says the other target moves faster."""
    (group,) = group_by_metric([row("a", 44.4, 12, 64, 80), row("b", 43.4, 21.23, 47, 70)])
    lead = metric_lead(group)
    assert lead is not None
    assert (lead.leaders, lead.faster, lead.starts_further) == (["a"], ["b"], False)
    assert lead.text == "A ranks first (gap closed 44.4%). B moves faster (21.23 against 12 pp a year)."
    assert leads_sentence([lead], {"a": "A", "b": "B"}) == (
        "A ranks first on 1 of 1 metric (gap closed, then pace): it moves slower than B on 1."
    )


def test_a_lead_on_a_decrease_starts_higher_and_ties_share_the_lead() -> None:
    rows = [
        row("a", 50, 5, 40, 20, "decrease"),
        row("b", 50, 5, 30, 15, "decrease"),
        row("c", 10, 1, 20, 18, "decrease"),
    ]
    group = MetricGroup("m", "m", "public_security", sorted(rows, key=lambda r: -r.ambition[0]))
    lead = metric_lead(group)
    assert lead is not None
    assert (lead.leaders, lead.tie, lead.starts_further, lead.further) == (["a", "b"], True, True, "higher")
    assert lead.text == "A and B tie for first (gap closed 50%); starting higher (40%, 30% against 20%)."
    assert (
        leads_sentence([lead], {"a": "A", "b": "B", "c": "C"})
        == "The regions tie on the one metric (gap closed and pace)."
    )
    assert metric_lead(MetricGroup("m", "m", "public_security", rows[:1])) is None


def test_headings_say_regional_only_over_regional_text(run: Run, plans_copy: Path) -> None:
    data = compare_json(run)
    out = run("compare", "nw", "eoe", "--detail", "--as-of", AS_OF).stdout
    for code, name in (("nw", "North West"), ("eoe", "East of England")):
        own = {t for s in data["sections"] for t in s["regional"][code]}
        same = {t["text"][code] for p in data["overview"]["pathways"] for t in p["same_targets"]}
        for block in out.split(f"\n{name} only:\n")[1:]:
            bullets = block.split("\n\n")[0]
            for item in re.split(r"\n- ", "\n" + bullets)[1:]:
                text = re.sub(r"^[a-z]+: ", "", " ".join(item.split()))
                text = re.sub(r" \[[0-9, ]+\]$", "", text)
                assert text in {" ".join(t.split()) for t in own - same}, text
    single = run("--plans", str(PLANS), "render", "briefing", "nw", "--date", AS_OF).stdout
    assert "## The pathways: what is regional" not in single
    assert "\n## The pathways\n" in single


def test_maintain_and_increase_forms_are_grouped_as_rrps_grouping_not_as_fact(run: Run, plans_copy: Path) -> None:
    data = compare_json(run)
    (metric,) = [m for m in data["overview"]["targets"] if m["metric"] == "employed_six_months_after_release"]
    assert [(r["region"], r["kind"]) for r in metric["rows"]] == [("nw", "maintain"), ("eoe", "increase")]
    training = next(p for p in data["overview"]["pathways"] if p["id"] == "training_skills_work")
    (same,) = training["same_targets"]
    assert same["plans"] == ["nw", "eoe"]
    assert same["text"]["nw"].startswith("By July 2023, North West will continue to maintain")
    # still regional in the alignment's own terms (the JSON keeps its keys and values)
    section = next(s for s in data["sections"] if s["id"] == "training_skills_work")
    assert same["text"]["nw"] in section["regional"]["nw"]
    assert training["regional"]["nw"] == len(section["regional"]["nw"]) - 1
    assert (same["directions"], same["forms"]) == ({"nw": "maintain", "eoe": "increase"},
                                                   "nw maintains a level, eoe increases it")  # fmt: skip
    out = run("compare", "nw", "eoe", "--section", "training_skills_work", "--as-of", AS_OF).stdout
    # Neutral words (finding 8): the same metric, in two forms; that it is rrp's grouping, and where it is counted.
    assert (
        "Targets on the same metric in other forms:\n"
        "rrp groups these (employed six months after release: nw maintains a level, eoe\n"
        "increases it): the plans do not say they are one target. They are counted here,\n"
        "not among each region's own items.\n"
        "\n"
        "- North West: By July 2023, North West will continue to maintain the proportion\n"
        "  employed six months after release at 29%\n"
        "- East of England: By July 2023, East of England will increase the proportion\n"
        "  employed six months after release by 2 percentage points from 22% in March\n"
        "  2022\n"
    ) in out
    assert "target: By July 2023, North West will continue" not in out
    assert "Shared: 2 identical, 1 template, 1 metric in 2 forms." in out
    assert "The same national target" not in out and "national target" not in briefing(run, "nw", "eoe")
    text = briefing(run, "nw", "eoe")
    assert (
        "- *North West:* By July 2023, North West will continue to maintain the proportion employed six months" in text
    )


def test_sources_are_carried_through(run: Run, plans_copy: Path) -> None:
    nw = plan_toml("nw")
    dame_black = next(f["url"] for f in nw["footnotes"] if f["number"] == 3)
    sources = compare_json(run)["sources"]
    (source,) = [s for s in sources["list"] if s["url"] == dame_black]
    assert source["footnotes"] == {"nw": [3, 5, 6]}
    drugs = nw["pathways"]["drugs_alcohol"]["context"]
    cited = next(i for i, c in enumerate(drugs) if c["footnotes"] == [3])
    assert sources["cited"]["nw"][f"pathways.drugs_alcohol.context[{cited}]"] == [source["number"]]
    out = run("compare", "nw", "eoe", "--section", "drugs_alcohol", "--as-of", AS_OF).stdout
    assert f"{' '.join(drugs[cited]['text'].split())} [{source['number']}]" in flat(out)
    assert f"- [{source['number']}]\n  {dame_black}\n  (North West footnotes 3, 5 and 6)\n" in out
    text = briefing(run, "nw", "eoe")
    assert f"- \\[{source['number']}\\] <{dame_black}> — *North West footnotes 3, 5 and 6*" in text
    assert f"{drugs[cited]['text']} \\[{source['number']}\\]" in text
    # a footnote the plan file attaches to no text is listed too, and says so
    proven = next(f["url"] for f in nw["footnotes"] if f["number"] == 1)
    assert (
        f"{proven}\n  (North West footnote 1; cited by no text the comparison shows)\n"
        in run("compare", "nw", "eoe", "--as-of", AS_OF).stdout
    )
    # a footnote the plan cites without giving its source
    (blank,) = [s for s in sources["list"] if not s["text"] and not s["url"]]
    assert blank["footnotes"] == {"eoe": [6]}
    assert f"- \\[{blank['number']}\\] no source given in the plan — *East of England footnote 6*" in text


def test_one_source_is_listed_once_when_one_plan_gives_its_url_and_the_other_its_title(
    run: Run, plans_copy: Path
) -> None:
    # Finding 11: North West cites OASys needs by URL, East of England by title; the URL's last path segment is the
    # title as a slug, so it is one source, with both.
    nw_url = next(f["url"] for f in plan_toml("nw")["footnotes"] if f["number"] == 2)
    eoe_title = next(f["text"] for f in plan_toml("eoe")["footnotes"] if f["number"] == 2)
    assert nw_url.rsplit("/", 1)[1] == "-".join(re.findall(r"[a-z0-9]+", eoe_title.lower()))
    listed = compare_json(run)["sources"]["list"]
    (source,) = [s for s in listed if s["url"] == nw_url or s["text"] == eoe_title]
    assert (source["text"], source["url"], source["footnotes"]) == (eoe_title, nw_url, {"nw": [2, 4], "eoe": [2, 4, 5]})
    out = run("compare", "nw", "eoe", "--as-of", AS_OF).stdout
    assert out.count("Offender Assessment System, 30 June 2021") == 1 and out.count(nw_url) == 1
    assert "(North West footnotes 2 and 4; East of England footnotes 2, 4 and 5)" in flat(out)
    text = briefing(run, "nw", "eoe")
    assert text.count("30 June 2021") == 1
    # Titles alone, or URLs alone, are matched as before: the same text, or the same URL.
    assert len(listed) == len({(s["text"], s["url"]) for s in listed}) == 6


@pytest.mark.parametrize(
    ("url", "title", "same"),
    [
        ("https://example.org/stats/labour-market-may-2022", "Labour market: May 2022", True),
        ("https://example.org/stats/labour-market-may-2022/", "Labour Market, May 2022", True),
        ("https://example.org/stats/labour-market-may-2022?x=1", "Labour market May 2022", True),
        ("https://example.org/stats/labour-market-may-2022", "Labour market: June 2022", False),
        ("https://example.org/", "example.org", False),
    ],
)
def test_the_url_and_title_rule(url: str, title: str, same: bool) -> None:
    assert (slug(url_slug(url)) == slug(title)) is same


def test_partner_counts_count_organisations(run: Run, plans_copy: Path) -> None:
    entries = plan_toml("eoe")["pathways"]["public_security"]["partners"]
    assert entries[0].startswith("Our prisons, delivering custodial sentences")
    data = compare_json(run)
    counts = next(c for c in data["counts"] if c["pathway"] == "public_security")
    pathway = next(p for p in data["overview"]["pathways"] if p["id"] == "public_security")
    assert counts["partners"]["eoe"] == len(entries) == 4  # the JSON keeps its entries
    assert pathway["partner_organisations"] == {"nw": 4, "eoe": 3}
    out = run("compare", "nw", "eoe", "--section", "public_security", "--as-of", AS_OF).stdout
    assert "partners     4    3\n" in out
    assert "| Partner organisations | 4 | 3 |" in briefing(run, "nw", "eoe")


def test_the_our_partners_counts_say_they_count_those_lists_only(run: Run, plans_copy: Path) -> None:
    # Finding 14: New Futures Network is in East of England's "Our partners" list only, but North West names it in
    # a pathway: the views say the lists are what is counted.
    eoe_only = compare_json(run)["partners"]["only"]["eoe"]
    assert "New Futures Network" in eoe_only
    assert any("New Futures Network" in e for p in plan_toml("nw")["pathways"].values() for e in p["partners"])
    assert "'Our partners' lists: 11 in both; own: nw 3, eoe 11." in flat(summary(run, "nw", "eoe"))
    out = run("compare", "nw", "eoe", "--section", "our_partners", "--as-of", AS_OF).stdout
    assert (
        'From each plan\'s "Our partners" list only: a plan may work with an organisation\nit names elsewhere (in a '
        "pathway).\n"
    ) in out
    assert "\nOnly in East of England's list:\n" in out and "\nEast of England only:\n" not in out
    text = briefing(run, "nw", "eoe")
    assert "- **Only in East of England's list (11):** " in text
    assert '- **In the "Our partners" lists of both plans (11):** ' in text


@pytest.mark.parametrize(
    ("entry", "organisation"),
    [
        ("Our prisons, delivering custodial sentences and protecting the public", False),
        ("Our prison specialist drug-free units", False),
        ("Probation colleagues across the region", False),
        ("Prisoners' families charities", True),
        ("Our tier-one and tier-two local authorities, who have been great supporters", True),
        ("Our Commissioned Rehabilitative Service providers for accommodation", True),
        ("HMPPS co-financed services, such as Achieve North West", True),
        ("NHS England and NHS Reconnect", True),
    ],
)
def test_the_partner_organisation_rule(entry: str, organisation: bool) -> None:
    assert is_partner_organisation(entry) is organisation


# -- the targets' status ---------------------------------------------------------------------------------------------


#: East of England's outturn beside North West's (tests/test_status_cli.py REGIONAL): met, 0.4 pp over its 90% target.
EOE_MET = REGIONAL.split("[[figure]]")[1].replace('area = "nw"', 'area = "eoe"').replace("88.1", "90.4")


def test_each_targets_status_when_an_outturn_is_recorded(run: Run, plans_copy: Path, tmp_path: Path) -> None:
    write(tmp_path / "outcomes" / "nw.toml", REGIONAL + "\n[[figure]]" + EOE_MET)
    out = summary(run, "nw", "eoe")
    lines = out.splitlines()
    # Finding 3: at 80 columns the dated baseline, the target, the deadline and the status stay; each status says
    # the outturn it rests on and its period; the pace, the change, the gap closed and the grade give way first.
    housed = lines.index("Housed on the night after release · national 85.7% (2023/24)")
    assert lines[housed - 7 : housed + 3] == [
        "region  from            to   by        status",
        "Employed 6 weeks after release · national 19.3% (2023/24)",
        "nw      18% (Mar 2022)  19%  Jul 2023  no regional outturn",
        "eoe     14% (Mar 2022)  20%  Jul 2023  no regional outturn",
        "Employed 6 months after release · national 31.1% (2023/24)",
        "nw      29% (2022)      29%  Jul 2023  no regional outturn",
        "eoe     22% (Mar 2022)  24%  Jul 2023  no regional outturn",
        "Housed on the night after release · national 85.7% (2023/24)",
        "nw      89% (Mar 2022)  90%  Jul 2023  not met: 88.1% in 2023/24, 1.9 pp short",
        "eoe     84% (Mar 2022)  90%  Jul 2023  met: 90.4% in 2023/24, 0.4 pp over target",
    ]
    assert "have passed. Regional outturns: nw 1 of 5, eoe 1 of 5." in flat(out)
    assert out.endswith("\nNot shown at this width: change, pp/year, gap closed, grade.\n")
    # Still one 80x50 screen, printed rather than paged: 49 lines leave the pager's prompt its line.
    assert len(lines) <= 49 and max(map(len, lines)) <= 80
    wide = run("compare", "nw", "eoe", "--summary", "--as-of", AS_OF, env={"COLUMNS": "140"}).stdout
    assert "nw      89% (Mar 2022)  90%   +1 pp  Jul 2023    +0.75        9.1%  modest      not met: 88.1% in" in wide
    assert "Not shown" not in wide
    write(tmp_path / "outcomes" / "nw.toml", REGIONAL)
    data = compare_json(run)
    assert data["overview"]["columns"] == {"status": True, "national": False}
    (housed,) = [m for m in data["overview"]["targets"] if m["metric"] == "housed_night_after_release"]
    assert [(r["region"], r["status_text"]) for r in housed["rows"]] == [
        ("nw", "not met: 88.1% in 2023/24, 1.9 pp short"), ("eoe", "no regional outturn"),
    ]  # fmt: skip
    assert housed["rows"][0]["status"]["outturn"]["value"] == 88.1
    markdown = run("compare", "nw", "eoe", "--summary", "--as-of", AS_OF, "--format", "markdown").stdout
    assert (
        "| nw | 89% (Mar 2022) | 90% | +1 pp | Jul 2023 | +0.75 | 9.1% | modest | not met: 88.1% in 2023/24, 1.9 pp "
        "short |" in markdown
    )
    result = run("render", "comparison", "nw", "eoe", "--date", AS_OF)
    assert (
        "| North West | 89% (Mar 2022) | 90% | +1 pp | Jul 2023 | +0.75 pp | 9.1% | modest | not met: 88.1% in "
        "2023/24, 1.9 pp short |" in (result.stdout)
    )


def test_without_outturns_the_status_is_said_once(run: Run, plans_copy: Path) -> None:
    data = compare_json(run)
    assert data["overview"]["status"] == "no_regional_outturn"
    assert data["overview"]["columns"] == {"status": False, "national": False}
    assert "No numeric target has a regional outturn recorded." in flat(summary(run, "nw", "eoe"))


def test_national_figures_that_differ_keep_the_deadline_that_explains_them(run: Run, plans_copy: Path) -> None:
    # A revised North West with a July 2024 deadline: its national figure is 2024/25's, East of England's 2023/24's.
    nw = plans_copy / "north_west.toml"
    text = nw.read_text("utf-8")
    old = 'text = "By July 2023, North West will increase the proportion housed on the night after release'
    start = text.index(old)
    end = text.index('deadline = "2023-07"', start)
    text = (
        text[:start]
        + text[start:end].replace("By July 2023", "By July 2024")
        + 'deadline = "2024-07"'
        + text[end + len('deadline = "2023-07"') :]
    )
    nw.write_text(text, "utf-8")
    out = summary(run, "nw", "eoe")
    lines = out.splitlines()
    housed = lines.index("Housed on the night after release")
    assert lines[housed : housed + 3] == [
        "Housed on the night after release",
        "nw      89% (Mar 2022)  90%  Jul 2024        9.1%  modest      84% (2024/25)",
        "eoe     84% (Mar 2022)  90%  Jul 2023       37.5%  stretching  85.7% (2023/24)",
    ]
    # Each row its own national figure, with its period, under a header that says what national means.
    assert "region  from            to   by        gap closed  grade       England & Wales" in lines
    assert out.endswith("\nNot shown at this width: change, pp/year.\n") and len(lines) <= 49
    assert "National: England and Wales." not in out
    # Rankings over deadlines of different dates say so (finding 9).
    assert "Deadlines differ on 1 of the 5 metrics." in flat(out)


# -- the pathways ----------------------------------------------------------------------------------------------------


def test_distinctive_commitments_are_the_least_like_another_plan_then_the_shortest(run: Run, tmp_path: Path) -> None:
    pathway = '[pathways.public_security]\ntitle = "Public security"\n'

    def plan(code: str, region: str, activities: list[str]) -> str:
        lines = ", ".join(json.dumps(a) for a in activities)
        return meta_toml(code, region) + "\n" + pathway + f"activities = [{lines}]\n"

    shared = "Work with police colleagues to share information on high-risk cases across the region"
    write(tmp_path / "p" / "aa.toml", plan("aa", "Aland", [
        "Work with police colleagues to share information on high-risk cases in the north",  # much like bb's
        "Open a long-planned regional centre for women leaving custody, with partners from every county",
        "Pilot county lines diversion in Ashby",  # as unlike, and shorter
    ]))  # fmt: skip
    write(tmp_path / "p" / "bb.toml", plan("bb", "Bland", [shared, "Recruit more staff"]))
    data = json.loads(run("--plans", str(tmp_path / "p"), "compare", "aa", "bb", "--format", "json").stdout)
    (summary_,) = data["overview"]["pathways"]
    assert summary_["distinctive"] == {"aa": ["Pilot county lines diversion in Ashby"], "bb": ["Recruit more staff"]}


def test_distinctive_commitments_are_capped_per_region() -> None:
    from rrpcli.compare import compare_plans

    plans = [load_plan(PLANS / "north_west.toml"), load_plan(PLANS / "east_of_england.toml")]
    section = next(s for s in compare_plans(plans).sections if s.id == "public_security")
    picked = distinctive_commitments(section, ["nw", "eoe"], per_region=3)
    assert [len(v) for v in picked.values()] == [3, 3]
    regional = {u.text: u for units in section.regional.values() for u in units}
    assert all(regional[t].part in ("objectives", "activities") for texts in picked.values() for t in texts)
    assert picked["eoe"][0] == "Improve offender engagement and sentence compliance"


# -- the same overview everywhere ------------------------------------------------------------------------------------


def test_markdown_and_the_briefing_have_the_same_overview_in_the_same_order(run: Run, plans_copy: Path) -> None:
    markdown = run("compare", "nw", "eoe", "--as-of", AS_OF, "--format", "markdown").stdout
    text = briefing(run, "nw", "eoe")
    ov = compare_json(run)["overview"]
    pieces = [
        "No numeric target has a regional outturn recorded.",
        *(m["label"] for m in ov["targets"]),
        ov["notes"],
        ov["grades"],
        ov["facts_note"],
        f"Pathways ({ov['shares']})",
        *(
            piece
            for p in ov["pathways"]
            for piece in (p["label"], *(d for ds in p["distinctive"].values() for d in ds))
        ),
    ]
    for document in (markdown, text):
        where = [document.find(piece) for piece in pieces]
        assert -1 not in where, [p for p, w in zip(pieces, where, strict=True) if w == -1]
        assert where == sorted(where)
    assert text.index("## Summary") < text.index(ov["targets"][0]["label"]) < text.index("## The pathways: where")


def test_json_keeps_every_key_and_adds_the_overview(run: Run, plans_copy: Path) -> None:
    data = compare_json(run)
    assert list(data["overview"]) == [
        "years", "stated_in", "targets", "qualitative", "status", "status_note", "columns", "leads", "qualitative_note",
        "notes",
        "grades", "shares", "pathways", "facts", "partners", "facts_note",
    ]  # fmt: skip
    assert list(data["sources"]) == ["list", "cited"]
    # --section limits the detail, never the overview (always of the whole plans)
    glossary = compare_json(run, "nw", "eoe", "--section", "glossary")
    assert glossary["overview"] == data["overview"] and glossary["sources"] == data["sources"]
    assert glossary["targets"] == [] and [s["id"] for s in glossary["sections"]] == ["glossary"]


def compare_json(run: Run, *args: str) -> dict[str, Any]:
    result = run("compare", *(args or ("nw", "eoe")), "--format", "json", "--as-of", AS_OF)
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


# -- the grouped table ----------------------------------------------------------------------------------------------


def draw(doc: Document, width: int) -> str:
    return render_document(doc, Output(io.StringIO(), False, interactive=False, width=width, height=24))


def test_a_grouped_table_exactly() -> None:
    table = Table(
        ["region", "from", "grade"],
        [["nw", "18%", [Span("modest", "low")]], ["eoe", "14%", "moderate"], ["nw", "89%", "modest"]],
        groups=[(0, "Employed 6 weeks"), (2, "Housed | night")],
    )
    assert draw(Document([table]), 40) == (
        "region  from  grade\n"
        "Employed 6 weeks\n"
        "nw      18%   modest\n"
        "eoe     14%   moderate\n"
        "Housed | night\n"
        "nw      89%   modest\n"
    )
    assert to_markdown(Document([table])) == (
        "| region | from | grade |\n"
        "| --- | --- | --- |\n"
        "| **Employed 6 weeks** |   |   |\n"
        "| nw | 18% | modest |\n"
        "| eoe | 14% | moderate |\n"
        "| **Housed \\| night** |   |   |\n"
        "| nw | 89% | modest |\n"
    )
    coloured = render_document(Document([table]), Output(io.StringIO(), True, interactive=False, width=40, height=24))
    assert "\x1b[34mmodest\x1b[0m" in coloured  # a modest grade in blue (not red: not a failure), the label in bold
    assert "\x1b[1mEmployed 6 weeks\x1b[0m" in coloured


words = st.text(alphabet="abcdefghij", min_size=1, max_size=12)
cells = st.lists(words, min_size=1, max_size=4).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.lists(cells, min_size=3, max_size=3), min_size=1, max_size=8),
    starts=st.lists(st.integers(min_value=0, max_value=7), max_size=4, unique=True),
    width=st.integers(min_value=12, max_value=100),
)
def test_a_grouped_table_keeps_its_rows_in_order_under_their_labels(
    rows: list[list[str]], starts: list[int], width: int
) -> None:
    groups = [(i, f"label {i}") for i in sorted(s for s in starts if s < len(rows))]
    out = draw(Document([Table(["a", "b", "c"], rows, groups=groups)]), width)
    assert all(len(line) <= width or len(line.split()) == 1 or " " not in line[width:] for line in out.splitlines())
    text = " ".join(out.split())
    position = 0
    labels = dict(groups)
    for i, cells_ in enumerate(rows):
        if i in labels:
            position = text.index(labels[i], position) + len(labels[i])
        first = cells_[0].split()[0]
        found = text.find(first, position)
        assert found >= 0, (first, out)
        position = found


def test_a_region_without_a_target_on_a_metric_is_named(run: Run, tmp_path: Path) -> None:
    small = write(tmp_path / "tl.toml", meta_toml())
    out = run("--plans", str(PLANS), "compare", "nw", "eoe", str(small), "--summary", "--as-of", AS_OF).stdout
    assert "Employed 6 weeks after release · national 19.3% (2023/24) · no target: tl\n" in out
    data = json.loads(run("--plans", str(PLANS), "compare", "nw", "eoe", str(small), "--format", "json").stdout)
    metrics = {t["metric"] for t in numeric_targets("nw")}
    assert {m["metric"]: m["missing"] for m in data["overview"]["targets"]} == {m: ["tl"] for m in metrics}


# -- rrp targets at 80 and 60 columns (issue 14, item 6) -------------------------------------------------------------


@pytest.mark.parametrize("width", [80, 60])
@pytest.mark.parametrize("args", [[], ["--sort=-gap_closed_pct"], ["--pathway", "family_accommodation"]])
def test_rrp_targets_fits_without_wrapping_rows(run: Run, plans_copy: Path, width: int, args: list[str]) -> None:
    out = run("targets", *args, "--as-of", AS_OF, env={"COLUMNS": str(width)}).stdout
    assert max(len(line) for line in out.splitlines()) <= width
    assert "Not shown at this width: " in out.split("\n\n")[-1]  # columns left out, rows kept whole
    assert "no regional outturn recorded" in out  # the status tables too


def test_the_targets_tables_keep_one_line_per_row_at_60_columns() -> None:
    plans = [load_plan(PLANS / "north_west.toml"), load_plan(PLANS / "east_of_england.toml")]
    outcomes = load_outcomes(
        find_outcome_files(Catalog.open(find_plan_source(str(PLANS))).source).files, areas=["nw", "eoe"]
    )
    statuses = plans_status(plans, outcomes, datetime.date(2026, 1, 15))
    rows = target_figures(plans)
    for doc in (
        targets_document(rows, statuses=statuses),
        targets_document(sort_rows(rows, "-gap_closed_pct"), sorted_by="-gap_closed_pct", statuses=statuses),
    ):
        for table in (b for b in doc.blocks if isinstance(b, Table) and (b.narrow or b.shorten)):
            for width in (80, 60):
                plan = table_plan(table, width)
                assert plan.mode == "grid" and not plan.wrapped, (width, table.headers)


def test_rrp_targets_pages(run: Run, plans_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import rrpcli.cli.targets

    paged: list[bool] = []
    monkeypatch.setattr(rrpcli.cli.targets, "show_document", lambda doc, out, *, pager: paged.append(pager))
    assert run("targets").exit_code == run("targets", "--no-pager").exit_code == 0
    assert paged == [True, False]


@pytest.mark.parametrize(("other", "name"), [(["--detail"], "--detail"), (["--section", "glossary"], "--section")])
def test_summary_alone_does_not_go_with_the_detail_options(
    run: Run, plans_copy: Path, other: list[str], name: str
) -> None:
    result = run("compare", "nw", "eoe", "--summary", *other)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith(f"Error: --summary shows the overview alone; it does not go with {name}\n")


def test_regional_only_and_national_text_in_full_are_not_asked_for_together(run: Run, plans_copy: Path) -> None:
    result = run("compare", "nw", "eoe", "--regional-only", "--national")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith(
        "Error: --regional-only hides national text and --national prints it in full: choose one\n"
    )


def test_the_documented_overview_is_the_overview(run: Run, plans_copy: Path) -> None:
    docs = (REPO / "docs" / "commands.md").read_text("utf-8")
    command = "$ rrp compare nw eoe --summary --as-of 2026-01-15\n"
    shown = docs[docs.index(command) + len(command) :].split("```", 1)[0]
    assert shown == summary(run, "nw", "eoe")


def test_the_comparison_briefing_has_what_the_docs_say(run: Run, plans_copy: Path) -> None:
    # Finding 10: the qualitative targets' text is in the briefing, and the docs claim nothing it lacks.
    text = briefing(run, "nw", "eoe")
    qualitative = [
        t["text"] for p in plan_toml("nw")["pathways"].values() for t in p["targets"] if t.get("qualitative")
    ]
    assert len(qualitative) == 2
    for sentence in qualitative:
        assert f"- {sentence} — *North West and East of England*" in text
    docs = (REPO / "docs" / "commands.md").read_text("utf-8")
    row = next(line for line in docs.splitlines() if line.startswith("| `comparison` |"))
    assert "widest gap" not in row and "ranked by ambition" not in row
    assert "the qualitative targets with their text" in row and "in the order the plans were given" in row


def test_plans_with_nothing_in_common_are_not_dated_twice(run: Run, tmp_path: Path) -> None:
    """The title says "as of"; when the plans share no status sentence, each gets a bullet, with no date again."""
    later = (PLANS / "east_of_england.toml").read_text("utf-8").replace('period = "2022-25"', 'period = "2026-29"', 1)
    for old, new in (("By July 2023", "By July 2028"), ("By April 2023", "By April 2028")):
        later = later.replace(old, new)
    later = later.replace('deadline = "2023-07"', 'deadline = "2028-07"').replace(
        'deadline = "2023-04"', 'deadline = "2028-04"'
    )
    write(tmp_path / "east_of_england.toml", later)
    write(tmp_path / "north_west.toml", (PLANS / "north_west.toml").read_text("utf-8"))
    result = run("--plans", str(tmp_path), "compare", "nw", "eoe", "--as-of", "2026-01-15")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "North West (nw) and East of England (eoe) compared, as of 15 January 2026"
    assert lines[2].startswith("- North West (nw): The plan period 2022-25 has ended.")
    assert any(line.startswith("- East of England (eoe): The plan period 2026-29 begins") for line in lines[3:8])
    assert not any(line.startswith("As of ") for line in lines)
