"""rrp render: built-in briefings (golden files), the user's own templates, safety, output files, filters.

Regenerate the golden files after an intended change to a built-in template:

    RRP_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_render.py

and review the difference before committing it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PLANS, REPO, Run, meta_toml, write

from rrpcli.errors import TemplateProblem
from rrpcli.render import (
    FILTERS,
    and_join,
    day,
    figure,
    find_template,
    md_escape,
    md_link,
    month,
    number,
    percent,
    pp,
    tidy,
    word_diff,
    wordwrap,
)

GOLDEN = Path(__file__).resolve().parent / "golden"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "north_west_2023_refresh.toml"
UPDATE = os.environ.get("RRP_UPDATE_GOLDEN") == "1"
DATE = "2026-01-15"  # pinned: the briefing's date and the day the targets are judged on

#: golden file -> the arguments of `rrp render` after the template (plans resolved in the shipped plans).
GOLDEN_CASES: dict[str, list[str]] = {
    "render-briefing-nw.md": ["briefing", "nw"],
    "render-briefing-eoe.md": ["briefing", "eoe"],
    "render-comparison-nw-eoe.md": ["comparison", "nw", "eoe"],
    "render-revision-nw-2023.md": ["revision", "nw", str(FIXTURE)],
}


def render(run: Run, *args: str) -> str:
    result = run("--plans", str(PLANS), "render", "--date", DATE, "--as-of", DATE, *args)
    assert result.stderr == ""
    assert result.exit_code == 0
    return result.stdout


# -- golden files -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(GOLDEN_CASES))
def test_builtin_template_matches_golden_file(run: Run, name: str) -> None:
    text = render(run, *GOLDEN_CASES[name])
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing; run RRP_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_render.py"
    assert text == path.read_text("utf-8")


def cells(line: str) -> int:
    """The cells of a Markdown table row: unescaped pipes, less one."""
    pipes, escaped = 0, False
    for ch in line:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "|":
            pipes += 1
    return pipes - 1


def tables(text: str) -> list[list[str]]:
    """Runs of consecutive lines that start with a pipe."""
    found: list[list[str]] = []
    previous = False
    for line in text.splitlines():
        row = line.startswith("|")
        if row and previous:
            found[-1].append(line)
        elif row:
            found.append([line])
        previous = row
    return found


@pytest.mark.parametrize("name", list(GOLDEN_CASES))
def test_golden_tables_have_the_same_number_of_cells_on_every_row(name: str) -> None:
    text = (GOLDEN / name).read_text("utf-8")
    found = tables(text)
    assert found, f"{name} has no table"
    for table in found:
        widths = {cells(line) for line in table}
        assert len(widths) == 1, f"{name}: uneven table starting {table[0]!r}: {[cells(line) for line in table]}"
        assert len(table) >= 3 and re.fullmatch(r"\|( -{3,}:? \|)+", table[1]), f"{name}: no delimiter row"
        assert all(line.endswith("|") for line in table)


@pytest.mark.parametrize("name", list(GOLDEN_CASES))
def test_golden_files_are_tidy_markdown(name: str) -> None:
    text = (GOLDEN / name).read_text("utf-8")
    lines = text.splitlines()
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert lines[0].startswith("# ") and sum(1 for line in lines if line.startswith("# ")) == 1
    assert "## Summary" in lines[:6], "a short summary comes first"
    assert "\n\n\n" not in text
    assert not any(line != line.rstrip() for line in lines), "no trailing spaces"
    for i, line in enumerate(lines):  # a heading or a table stands apart from what comes before it
        if line.startswith("#") and i:
            assert lines[i - 1] == "", f"{name}:{i + 1}: no blank line before a heading"
    assert "\x1b" not in text


@pytest.mark.parametrize("name", list(GOLDEN_CASES))
def test_golden_files_parse_as_commonmark_with_tables(name: str) -> None:
    """A CommonMark parser (markdown-it-py, with GitHub's tables and strikethrough) reads every table as a table."""
    from markdown_it import MarkdownIt

    text = (GOLDEN / name).read_text("utf-8")
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)
    assert sum(1 for t in tokens if t.type == "table_open") == len(tables(text))
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)
    assert "**" not in html and "~~" not in html, "every emphasis and strikethrough is read as such"


def test_briefing_summary(run: Run) -> None:
    text = render(run, "briefing", "eoe")
    assert text.splitlines()[:12] == [
        "# East of England: Reducing Reoffending Plan 2022-25",
        "",
        "*Briefing on the East of England Reducing Reoffending Plan 2022-25, revision 2022. Prepared 15 January 2026."
        " The plan's text is quoted as published (2022): its figures and its future tense date from then, not today.*",
        "",
        "## Summary",
        "",
        "- **The plan as of 15 January 2026:** The plan period 2022-25 has ended. Due to launch in summer 2022 (HM Prison and Probation Service, May 2022). The deadlines of all 5 numeric targets (April 2023 and July 2023) have passed.",
        "- **Were the targets met?** No numeric target has a regional outturn recorded. See [Were the targets met?](#were-the-targets-met) for each target beside the national figure.",
        "- **Vision:** Working together across the East of England region to protect the public and help people to live law-abiding and positive lives.",
        "- **Targets:** 7 targets across 4 pathways: 5 with figures (3 stretching, 1 moderate, 1 modest) and 2 qualitative.",
        # One point more of the gap closed does not hide a target that moves almost twice as fast (issue 14).
        "- **Most ambitious targets:** by the share of the gap closed, the proportion in settled accommodation 3 months after leaving prison, from 64% (Mar 2022) to 80% by July 2023 (+16 pp, +12 pp a year, closing 44.4% of the gap; stretching); by pace, the proportion of sexual offence interventions completed, from 47% (Mar 2022) to 70% by April 2023 (+23 pp, +21.23 pp a year, closing 43.4% of the gap; stretching).",
        # Partners are organisations: "Our prisons" and "Our prison specialist drug-free units" are HMPPS itself.
        "- **Delivery:** 27 three-year objectives and 28 activities across 4 pathways, working with 16 partner organisations named in the pathways.",
    ]


def test_comparison_of_three_plans(run: Run, tmp_path: Path) -> None:
    small = write(tmp_path / "tl.toml", meta_toml())
    text = render(run, "comparison", "nw", "eoe", str(small))
    assert text.startswith("# North West, East of England and Testland: Reducing Reoffending Plans compared\n")
    assert "| **Employed 6 weeks after release · national 19.3% (2023/24) · no target: tl** | | | | | | | |" in text
    assert "'Our partners' lists: 11 in two or more; own: nw 3, eoe 11, tl 0.\n" in text
    for table in tables(text):
        assert len({cells(line) for line in table}) == 1


def test_revision_of_identical_plans(run: Run) -> None:
    text = render(run, "revision", "nw", "north_west")
    assert "- **No changes:** the two versions of the plan say the same.\n" in text
    assert "## What changed" not in text


def test_revision_of_two_regions_points_to_the_comparison_not_to_a_diff_option(run: Run) -> None:
    result = run("render", "revision", "nw", "eoe")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "rrp: error: plans/north_west.toml and plans/east_of_england.toml are plans of different regions (North "
        "West, East of England); a diff shows what changed between two revisions of one plan\n"
        "to compare the regions: rrp compare nw eoe\n"
    )


def moved_target_plan(tmp_path: Path) -> Path:
    """North West with its 6-months "maintain" target moved to the family pathway, 29% now 30% (text and target)."""
    text = (PLANS / "north_west.toml").read_text("utf-8")
    block = text.split("[[pathways.training_skills_work.targets]]\n")[2].split("\n\n")[0]
    assert "maintain the proportion employed six months after release at 29%" in block
    text = text.replace(f"[[pathways.training_skills_work.targets]]\n{block}\n\n", "")
    moved = block.replace("at 29%", "at 30%").replace("target = 29", "target = 30")
    text = text.replace("[pathways.public_security]", f"[[pathways.family_accommodation.targets]]\n{moved}\n\n"
                        "[pathways.public_security]")  # fmt: skip
    return write(tmp_path / "mv.toml", text)


def test_revision_of_a_target_moved_and_changed(run: Run, tmp_path: Path) -> None:
    text = render(run, "revision", "nw", str(moved_target_plan(tmp_path)))
    lines = text.splitlines()
    assert lines[lines.index("## Summary") + 3 : lines.index("## Summary") + 5] == [
        "- **1 edit:** 0 added, 0 removed, 0 changed, 1 moved (1 also changed).",
        "- **Parts changed:** Training, skills and work (1 moved out), "
        "Family, accommodation and readjustment to society (1).",
    ]
    table = lines[lines.index("## Changes by part") + 2 :][:5]
    assert table[2:] == [
        "| Training, skills and work | 0 | 0 | 0 | 0 (1 moved out) | 0 | 0 |",
        "| Family, accommodation and readjustment to society | 0 | 0 | 0 | 1 (1 changed) | 0 | 1 |",
        "| **Total** | **0** | **0** | **0** | **1 (1 changed)** | **0** | **1** |",
    ]
    assert (
        "- **Moved out** to Family, accommodation and readjustment to society, Targets #3 and changed (see there): "
        "By July 2023, North West will continue to maintain the proportion employed six months after release at 29%"
    ) in lines
    assert (
        "*Family, accommodation and readjustment to society: figures changed; "
        "moved here from Training, skills and work.*"
    ) in lines


def test_revision_dates_every_baseline_and_figure(run: Run, tmp_path: Path) -> None:
    lines = render(run, "revision", "nw", str(FIXTURE)).splitlines()
    assert (
        "- **Targets:** the proportion employed six weeks after release: 17% (Mar 2023) → 19% by March 2024 (+2 pp), "
        "was 18% (Mar 2022) → 19% by July 2023 (+1 pp); still modest."
    ) in lines
    assert (
        "- **Figures about the region:** HMPPS staff 4,800 (2022) → 5,000 (2023); Prison staff 3,200 (2022) → "
        "3,300 (2023); Probation staff 1,600 (2022) → 1,700 (2023)."
    ) in lines
    assert "  - *Baseline:* 18% (Mar 2022) → 17% (Mar 2023)" in lines
    # a maintain target states a level without a month: dated with its plan's year, as rrp targets does
    lines = render(run, "revision", "nw", str(moved_target_plan(tmp_path))).splitlines()
    assert (
        "- **Targets:** the proportion employed six months after release: 30% (2022) → 30% by July 2023 (0 pp), "
        "was 29% (2022) → 29% by July 2023 (0 pp); still maintain."
    ) in lines
    assert lines[lines.index("| Version | From | To | By | Change | Per year | Gap closed | Grade |") + 2 :][:2] == [
        "| Before | 29% (2022) | 29% | Jul 2023 | 0 pp | – | 0% | maintain |",
        "| After | 30% (2022) | 30% | Jul 2023 | 0 pp | – | 0% | maintain |",
    ]
    assert "  - *Target:* 29% by Jul 2023 → 30% by Jul 2023" in lines


def test_revision_calls_a_target_already_at_its_goal_already_met_not_met(run: Run, tmp_path: Path) -> None:
    """The grade "met" (0 pp to go) is printed "already met", as rrp targets does: it is not the status met."""
    text = (PLANS / "north_west.toml").read_text("utf-8")
    old = "by 1 percentage point from 18% in March 2022"
    assert old in text and "change_pp = 1\ntarget = 19" in text
    text = text.replace(old, "by 0 percentage points from 18% in March 2022")
    at_goal = write(
        tmp_path / "north_west.toml", text.replace("change_pp = 1\ntarget = 19", "change_pp = 0\ntarget = 18")
    )
    lines = render(run, "revision", "nw", str(at_goal)).splitlines()
    assert (
        "- **Targets:** the proportion employed six weeks after release: 18% (Mar 2022) → 18% by July 2023 (0 pp), "
        "was 18% (Mar 2022) → 19% by July 2023 (+1 pp); modest → already met."
    ) in lines
    assert "| After | 18% (Mar 2022) | 18% | Jul 2023 | 0 pp | 0 pp | 0% | already met |" in lines


def test_briefing_of_a_plan_with_nothing_but_meta(run: Run, tmp_path: Path) -> None:
    small = write(tmp_path / "tl.toml", meta_toml())
    assert render(run, "briefing", str(small)) == (
        "# Testland: Reducing Reoffending Plan 2022-25\n\n"
        "*Briefing on the Testland Reducing Reoffending Plan 2022-25, revision 2022. Prepared 15 January 2026."
        " The plan's text is quoted as published (2022): its figures and its future tense date from then, not today.*\n\n"
        "## Summary\n\n"
        "- **The plan as of 15 January 2026:** The plan period 2022-25 has ended. Due to launch in summer 2022 "
        "(HM Prison and Probation Service, May 2022). The plan sets no numeric targets.\n"
        "- **Targets:** the plan sets no targets.\n\n"
        "---\n\n"
        "*Testland Reducing Reoffending Plan 2022-25. Prepared with rrp 0.1.0.*\n"
    )


# -- the context is the JSON of show, targets, compare and diff ---------------------------------------


def test_context_is_the_json_of_show_targets_and_compare(run: Run, tmp_path: Path) -> None:
    write(
        tmp_path / "dump.md.j2",
        "{{ {'plans': plans, 'plan': plan, 'targets': targets, 'compare': compare} | tojson }}\n",
    )
    data = json.loads(render(run, str(tmp_path / "dump.md.j2"), "nw", "eoe"))

    def cli_json(*args: str) -> object:
        return json.loads(run("--plans", str(PLANS), *args, "--format", "json").stdout)

    assert data["plans"] == [cli_json("show", "nw"), cli_json("show", "eoe")]
    assert data["plan"] == data["plans"][0]
    assert data["targets"] == cli_json("targets", "nw", "eoe", "--as-of", DATE)
    assert data["compare"] == cli_json("compare", "nw", "eoe")


def test_context_of_a_revision_is_the_json_of_diff(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "dump.md.j2", "{{ {'diff': diff, 'diff_stat': diff_stat, 'compare': compare} | tojson }}\n")
    data = json.loads(render(run, str(tmp_path / "dump.md.j2"), "nw", str(FIXTURE), "--diff"))
    diff = run("--plans", str(PLANS), "diff", "nw", str(FIXTURE), "--format", "json")
    stat = run("--plans", str(PLANS), "diff", "nw", str(FIXTURE), "--stat", "--format", "json")
    assert data["diff"] == json.loads(diff.stdout)
    assert data["diff_stat"] == json.loads(stat.stdout)
    assert data["compare"] is None


def test_other_context_variables(run: Run, tmp_path: Path) -> None:
    write(
        tmp_path / "vars.md.j2",
        "{{ generated }} {{ rrp_version }} {{ sources | length }} {{ pathways[0].id }} {{ sections.glossary }}\n"
        "{{ target_groups[0].metric }}: {{ target_groups[0].regions | join(',') }}"
        " {{ target_groups[0].rows[0].rank }} {{ plan_targets[1][0].region }} {{ diff }}\n",
    )
    assert render(run, str(tmp_path / "vars.md.j2"), "nw", "eoe") == (
        "2026-01-15 0.1.0 2 training_skills_work Glossary\nemployed_six_weeks_after_release: eoe,nw 1 eoe None\n"
    )


# -- the user's own templates -------------------------------------------------------------------------


ONE_PAGER = """\
# {{ plan.meta.region | md_escape }}

{% for t in targets if t.grade %}
- {{ t.measure | md_escape }}: {{ t.change_pp | pp }} by {{ t.deadline | month }} ({{ t.grade }})
{% endfor %}

{% include 'footer.md.j2' %}
"""


@pytest.fixture
def template_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "my-templates"
    write(folder / "one-pager.md.j2", ONE_PAGER)
    write(folder / "footer.md.j2", "*{{ plans | length }} plan, {{ generated | day }}*\n")
    return folder


ONE_PAGER_NW = """\
# North West

- proportion employed six weeks after release: +1 pp by July 2023 (modest)
- proportion employed six months after release: 0 pp by July 2023 (maintain)
- proportion housed on the night after release: +1 pp by July 2023 (modest)
- proportion in settled accommodation 3 months after leaving prison: 0 pp by July 2023 (maintain)
- proportion of sexual offence interventions completed: +5 pp by April 2023 (moderate)

*1 plan, 15 January 2026*
"""


@pytest.mark.parametrize("name", ["one-pager", "one-pager.md.j2"])
def test_user_template_from_a_directory(run: Run, template_dir: Path, name: str) -> None:
    assert render(run, "--template-dir", str(template_dir), name, "nw") == ONE_PAGER_NW


def test_user_template_from_a_path(run: Run, template_dir: Path) -> None:
    assert render(run, str(template_dir / "one-pager.md.j2"), "North West") == ONE_PAGER_NW


def test_user_template_by_file_name_in_the_current_folder(
    run: Run, template_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(template_dir)
    assert render(run, "one-pager.md.j2", "nw") == ONE_PAGER_NW


def test_user_template_may_include_a_builtin_template(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "cover.md.j2", "OFFICIAL\n\n{% include 'briefing.md.j2' %}")
    assert render(run, str(tmp_path / "cover.md.j2"), "nw") == "OFFICIAL\n\n" + render(run, "briefing", "nw")


def test_template_dir_comes_before_builtin_names(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "briefing.md.j2", "mine: {{ plan.meta.code }}\n")
    assert render(run, "--template-dir", str(tmp_path), "briefing", "nw") == "mine: nw\n"


def test_a_name_that_is_a_file_without_j2_suffix_is_still_the_builtin(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "briefing", "{{ evil }}")  # e.g. an earlier `-o briefing`
    assert render(run, "briefing", "nw").startswith("# North West: Reducing Reoffending Plan 2022-25\n")


def test_plan_text_is_data_never_template_source(run: Run, tmp_path: Path) -> None:
    plan = write(
        tmp_path / "tl.toml",
        meta_toml() + "\n[vision]\ntext = \"{{ 7*7 }} {% include 'x' %} <b>&amp; | *x*\"\n",
    )
    write(tmp_path / "raw.md.j2", "{{ plan.vision.text }}\n")
    assert render(run, str(tmp_path / "raw.md.j2"), str(plan)) == "{{ 7*7 }} {% include 'x' %} <b>&amp; | *x*\n"
    briefing = render(run, "briefing", str(plan))
    assert "- **Vision:** \\{\\{ 7\\*7 \\}\\} \\{% include 'x' %\\} \\<b\\>\\&amp; \\| \\*x\\*.\n" in briefing


def test_no_autoescape(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "t.md.j2", "{{ '<b>&</b>' }}\n")
    assert render(run, str(tmp_path / "t.md.j2"), "nw") == "<b>&</b>\n"


# -- safety ---------------------------------------------------------------------------------------------


def fails(run: Run, *args: str) -> str:
    result = run("--plans", str(PLANS), "render", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    return result.stderr


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "{{ ''.__class__.__mro__ }}",
            "access to attribute '__class__' of 'str' object is unsafe",
        ),
        (
            "{{ cycler.__init__.__globals__ }}",
            "access to attribute '__init__' of 'type' object is unsafe",
        ),
        (
            "{{ '{0.__class__}'.format(plan) }}",
            "access to attribute '__class__' of 'dict' object is unsafe",
        ),
        (
            "{{ plan.pop.__self__ }}",
            "access to attribute '__self__' of 'builtin_function_or_method' object is unsafe",
        ),
    ],
)
def test_python_internals_are_refused(run: Run, tmp_path: Path, source: str, message: str) -> None:
    write(tmp_path / "evil.md.j2", f"# Briefing\n\n{source}\n")
    out = tmp_path / "out.md"
    assert fails(run, "--template-dir", str(tmp_path), "evil", "nw", "-o", str(out)) == (
        f"rrp: error: evil.md.j2:3: refused: {message}; templates run in a sandbox and cannot reach Python internals\n"
        f"    {source}\n"
    )
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evil.md.j2"]


def test_include_cannot_leave_the_template_dir(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "secret.md.j2", "SECRET\n")
    folder = tmp_path / "templates"
    write(folder / "sneaky.md.j2", "Hello\n{% include '../secret.md.j2' %}\n")
    assert fails(run, "--template-dir", str(folder), "sneaky", "nw") == (
        "rrp: error: sneaky.md.j2:2: cannot load '../secret.md.j2': templates can include only templates in their own folder\n"
        "    {% include '../secret.md.j2' %}\n"
    )


def test_include_of_an_absolute_path_is_refused(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "secret.md.j2", "SECRET\n")
    folder = tmp_path / "templates"
    write(folder / "sneaky.md.j2", f"{{% include '{tmp_path / 'secret.md.j2'}' %}}\n")
    assert "SECRET" not in fails(run, str(folder / "sneaky.md.j2"), "nw")


def test_undefined_attribute_names_template_line_and_name(run: Run, tmp_path: Path) -> None:
    write(
        tmp_path / "briefing.md.j2",
        "# {{ plan.meta.region }}\n\n{% for p in plans %}\n{{ p.meta.regoin }}\n{% endfor %}\n",
    )
    assert fails(run, "--template-dir", str(tmp_path), "briefing", "nw") == (
        "rrp: error: briefing.md.j2:4: 'p.meta' has no attribute 'regoin'\n    {{ p.meta.regoin }}\n"
    )


def test_undefined_variable(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "t.md.j2", "ok\n{{ regoin }}\n")
    assert fails(run, str(tmp_path / "t.md.j2"), "nw") == (
        f"rrp: error: {tmp_path / 't.md.j2'}:2: 'regoin' is undefined\n    {{{{ regoin }}}}\n"
    )


def test_undefined_in_an_included_template_names_that_template(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "main.md.j2", "{% include 'part.md.j2' %}\n")
    write(tmp_path / "part.md.j2", "one\ntwo\n{{ plan.nope }}\n")
    assert fails(run, "-t", str(tmp_path), "main", "nw") == (
        "rrp: error: part.md.j2:3: 'plan' has no attribute 'nope'\n    {{ plan.nope }}\n"
    )


def test_syntax_error(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "t.md.j2", "{% for p in plans %}\n{{ p.meta.code }\n")
    assert fails(run, "-t", str(tmp_path), "t", "nw") == (
        "rrp: error: t.md.j2:2: syntax error: unexpected '}'\n    {{ p.meta.code }\n"
    )


def test_missing_include(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "t.md.j2", "{% include 'nope.md.j2' %}\n")
    assert fails(run, "-t", str(tmp_path), "t", "nw") == (
        f"rrp: error: t.md.j2:1: template 'nope.md.j2' not found (looked in {tmp_path} and the built-in templates)\n"
        "    {% include 'nope.md.j2' %}\n"
    )


def test_a_filter_error_names_the_filter(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "t.md.j2", "{{ plan.meta.period | month }}\n")
    assert fails(run, "-t", str(tmp_path), "t", "nw") == (
        "rrp: error: t.md.j2:1: filter month: expected \"YYYY-MM\", got '2022-25'\n    {{ plan.meta.period | month }}\n"
    )


def test_a_template_including_itself(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "t.md.j2", "{% include 't.md.j2' %}\n")
    assert fails(run, "-t", str(tmp_path), "t", "nw") == (
        "rrp: error: t.md.j2:1: templates include, import or extend each other without end\n    {% include 't.md.j2' %}\n"
    )


def test_a_template_that_is_not_utf8(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "t.md.j2", b"\xff\xfe{{ x }}")
    assert fails(run, "-t", str(tmp_path), "t", "nw") == (
        "rrp: error: t.md.j2: is not a UTF-8 text file (invalid start byte)\n"
    )


# -- choosing the template and the plans ------------------------------------------------------------------


def test_unknown_template(run: Run) -> None:
    assert fails(run, "brefing", "nw") == (
        'rrp: error: unknown template "brefing"; built-in templates: briefing, comparison, revision '
        "(or give the path to a template file)\n"
        "did you mean briefing?\n"
    )


def test_unknown_template_lists_the_template_dir(run: Run, template_dir: Path) -> None:
    assert fails(run, "-t", str(template_dir), "two-pager", "nw") == (
        'rrp: error: unknown template "two-pager"; built-in templates: briefing, comparison, revision; '
        f"in {template_dir}: footer, one-pager (or give the path to a template file)\n"
        "did you mean one-pager?\n"
    )


def test_unknown_template_lists_the_templates_of_subfolders_and_counts_a_long_list(
    run: Run, template_dir: Path
) -> None:
    write(template_dir / "notes" / "weekly.md.j2", "weekly")
    write(template_dir / ".git" / "objects" / "h1.j2", "not a template")  # hidden folders and files are not listed
    write(template_dir / ".#one-pager.md.j2", "an editor's lock file")
    assert fails(run, "-t", str(template_dir), "weekly", "nw").startswith(
        'rrp: error: unknown template "weekly"; built-in templates: briefing, comparison, revision; '
        f"in {template_dir}: footer, notes/weekly, one-pager (or give the path to a template file)\n"
    )
    for i in range(30):
        write(template_dir / f"t{i:02}.md.j2", "t")
    listed = fails(run, "-t", str(template_dir), "nope", "nw").splitlines()[0]
    assert listed.endswith(", t16 and 13 more (or give the path to a template file)"), listed


def test_missing_template_file_and_folder(run: Run, tmp_path: Path) -> None:
    assert (
        fails(run, str(tmp_path / "nope.md.j2"), "nw")
        == f"rrp: error: {tmp_path / 'nope.md.j2'}: no such template file\n"
    )
    assert fails(run, "-t", str(tmp_path / "nope"), "briefing", "nw") == (
        f"rrp: error: {tmp_path / 'nope'}: no such template folder (given by --template-dir)\n"
    )
    assert fails(run, str(tmp_path) + "/", "nw") == (
        f"rrp: error: {tmp_path}/: is a folder, not a template file (use --template-dir for a folder)\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["briefing"], "the briefing template takes one plan (got 0), e.g. rrp render briefing nw"),
        (["briefing", "nw", "eoe"], "the briefing template takes one plan (got 2), e.g. rrp render briefing nw"),
        (
            ["comparison", "nw"],
            "the comparison template needs two or more plans (got 1), e.g. rrp render comparison nw eoe",
        ),
        (
            ["revision", "nw"],
            "the revision template takes two plans, OLD and NEW (got 1), e.g. rrp render revision nw@HEAD~1 nw",
        ),
        (
            ["revision", "nw", "nw", "eoe"],
            "the revision template takes two plans, OLD and NEW (got 3), e.g. rrp render revision nw@HEAD~1 nw",
        ),
        (
            ["briefing", "nw", "--diff"],
            "--diff does not go with the briefing template; the revision template shows a diff",
        ),
        (
            ["comparison", "nw", "north_west"],
            '"nw" and "north_west" are the same plan (North West); name each plan once',
        ),
        (
            ["briefing", "wales"],
            'unknown plan "wales"; known plans: eoe (East of England), nw (North West) (in {plans})',
        ),
        (["revision", "nw@", "nw"], 'nw@: no revision after "@" (e.g. nw@HEAD~1)'),
    ],
)
def test_wrong_plans_for_a_builtin_template(run: Run, args: list[str], message: str) -> None:
    assert fails(run, *args) == f"rrp: error: {message.format(plans=PLANS)}\n"


def test_own_template_needs_a_plan_and_diff_needs_two(run: Run, template_dir: Path) -> None:
    assert fails(run, "-t", str(template_dir), "one-pager") == (
        "rrp: error: render needs at least one plan: rrp render one-pager.md.j2 PLAN...\n"
    )
    assert fails(run, "-t", str(template_dir), "one-pager", "nw", "--diff") == (
        "rrp: error: --diff takes two plans, OLD and NEW (got 1): rrp render TEMPLATE OLD NEW --diff\n"
    )


def test_bad_date(run: Run) -> None:
    result = run("render", "briefing", "nw", "--date", "15/01/2024")
    assert result.exit_code == 2
    assert "Invalid value for '--date': expected a date as YYYY-MM-DD, got '15/01/2024'" in result.stderr


# -- output ---------------------------------------------------------------------------------------------


def chart_link(name: str) -> str:
    """The paragraph a briefing written to a file links its chart with."""
    return (
        f"![Each target's baseline, target and recorded outturn, with the national figures behind them](<{name}>)\n\n"
    )


def test_output_file(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "nw.md"
    result = run("--plans", str(PLANS), "render", "briefing", "nw", "--date", DATE, "-o", str(out))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    # The briefing written to a file is the one printed, with its chart beside it and linked from it.
    text = out.read_text("utf-8")
    assert text.count(chart_link("nw-targets.svg")) == 1
    assert text.replace(chart_link("nw-targets.svg"), "") == render(run, "briefing", "nw")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nw-targets.svg", "nw.md"]


def test_output_dash_is_stdout(run: Run) -> None:
    assert render(run, "briefing", "nw", "-o", "-") == render(run, "briefing", "nw")


def test_existing_output_needs_force(run: Run, tmp_path: Path) -> None:
    out = write(tmp_path / "nw.md", "keep me\n")
    assert (
        fails(run, "briefing", "nw", "-o", str(out))
        == f"rrp: error: {out}: already exists; use --force to replace it\n"
    )
    assert out.read_text("utf-8") == "keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nw.md"]
    render(run, "briefing", "nw", "-o", str(out), "--force")
    assert out.read_text("utf-8").replace(chart_link("nw-targets.svg"), "") == render(run, "briefing", "nw")


def test_failed_render_leaves_the_output_as_it_was(run: Run, tmp_path: Path) -> None:
    out = write(tmp_path / "nw.md", "keep me\n")
    write(tmp_path / "bad.md.j2", "{{ plan.nope }}\n")
    fails(run, str(tmp_path / "bad.md.j2"), "nw", "-o", str(out), "--force")
    assert out.read_text("utf-8") == "keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.md.j2", "nw.md"]


def test_a_plan_is_never_an_output(run: Run, tmp_path: Path) -> None:
    plan = write(tmp_path / "tl.toml", meta_toml())
    before = plan.read_bytes()
    assert fails(run, "briefing", str(plan), "-o", str(plan), "--force") == (
        f"rrp: error: {plan}: is an input of this command; refusing to write over it\n"
    )
    assert fails(run, "revision", "nw", str(FIXTURE), "-o", str(FIXTURE), "--force") == (
        f"rrp: error: {FIXTURE}: is an input of this command; refusing to write over it\n"
    )
    assert plan.read_bytes() == before


def test_no_plan_of_the_catalog_is_an_output(run: Run, plans_copy: Path) -> None:
    eoe = plans_copy / "east_of_england.toml"
    before = eoe.read_bytes()
    result = run("render", "briefing", "nw", "-o", "plans/east_of_england.toml", "--force")
    assert (result.exit_code, result.stderr) == (
        2,
        "rrp: error: plans/east_of_england.toml: is an input of this command; refusing to write over it\n",
    )
    assert eoe.read_bytes() == before


def test_a_template_is_never_an_output(run: Run, template_dir: Path) -> None:
    main = template_dir / "one-pager.md.j2"
    footer = template_dir / "footer.md.j2"
    assert fails(run, "-t", str(template_dir), "one-pager", "nw", "-o", str(main), "--force") == (
        f"rrp: error: {main}: is an input of this command; refusing to write over it\n"
    )
    # an included template is an input too: found once the render has loaded it
    assert fails(run, "-t", str(template_dir), "one-pager", "nw", "-o", str(footer), "--force") == (
        f"rrp: error: {footer}: is an input of this command; refusing to write over it\n"
    )
    assert main.read_text("utf-8") == ONE_PAGER


def test_output_in_a_missing_folder(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "nope" / "nw.md"
    assert fails(run, "briefing", "nw", "-o", str(out)) == (
        f"rrp: error: {out}: cannot be written: folder {out.parent} does not exist\n"
    )


# -- filters --------------------------------------------------------------------------------------------


def test_percent() -> None:
    assert [percent(v) for v in (18, 18.0, 37.5, 0, None, 9.06, -2)] == [
        "18%",
        "18%",
        "37.5%",
        "0%",
        "–",
        "9.1%",
        "-2%",
    ]
    assert percent(9.06, 2) == "9.06%"
    with pytest.raises(ValueError, match=r"^percent: expected a number, got '18%'$"):
        percent("18%")


def test_pp() -> None:
    assert [pp(v) for v in (1, -2.5, 0, 0.0, -0.0, None, 0.75, 16.0, -0.001)] == [
        "+1 pp", "−2.5 pp", "0 pp", "0 pp", "0 pp", "–", "+0.75 pp", "+16 pp", "0 pp",
    ]  # fmt: skip
    with pytest.raises(ValueError, match=r"^pp: expected a number, got True$"):
        pp(True)


def test_number() -> None:
    assert [number(v) for v in (6900000, 2.5, 0.75, 1234.5, None, -1500)] == [
        "6,900,000", "2.5", "0.75", "1,234.5", "–", "-1,500",
    ]  # fmt: skip


def test_month_and_day() -> None:
    assert month("2023-07") == "July 2023"
    assert month("2023-07", short=True) == "Jul 2023"
    assert month(None) == month("") == "–"
    with pytest.raises(ValueError, match=r'^month: expected "YYYY-MM", got \'2023-13\'$'):
        month("2023-13")
    assert day("2024-01-05") == "5 January 2024"
    assert day(None) == "–"
    with pytest.raises(ValueError, match=r'^day: expected "YYYY-MM-DD", got \'2024-01\'$'):
        day("2024-01")


def test_md_escape_keeps_a_table_whole() -> None:
    cell = md_escape("A | B *c* [d](e) <b>\nnext")
    assert cell == "A \\| B \\*c\\* \\[d\\](e) \\<b\\> next"
    row = f"| {cell} | x |"
    assert cells(row) == 2
    assert md_escape(None) == ""
    assert md_escape(18) == "18"
    assert md_escape("bell\x07") == "bell\\\\x07"


def test_md_link() -> None:
    assert md_link("https://www.gov.uk/a_b") == "<https://www.gov.uk/a_b>"
    assert md_link("https://x.org/(1)", "Labour | market") == "[Labour \\| market](<https://x.org/(1)>)"
    assert md_link("javascript:alert(1)") == "javascript:alert(1)"
    assert md_link("https://x.org/<script>") == "https://x.org/\\<script\\>"
    assert md_link("") == md_link(None) == ""


def test_figure() -> None:
    assert figure(8000, "square miles", "around") == "around 8,000 square miles"
    assert figure(120_000_000, "GBP") == "£120 million"
    assert figure(10, "percent", "around") == "around 10%"
    assert figure(4, "commissioners", None, "police_and_crime_commissioners") == "4"
    assert figure(None, "staff") == "–"


def test_word_diff_and_and_join() -> None:
    assert word_diff("by 1 point from 18%", "by 2 points from 17%") == "by ~~1 point~~**2 points** from ~~18%~~**17%**"
    assert word_diff("a *b*", "a *b* c") == "a \\*b\\* **c**"
    assert and_join(["A"]) == "A"
    assert and_join(["A", "B", "C"]) == "A, B and C"
    assert and_join([]) == ""


def test_wordwrap_is_safe_for_markdown() -> None:
    text = "Numbers fell by 10 - 20 in 2022. # not a heading > not a quote 1. not a list + no = no"
    wrapped = wordwrap(text, 12)
    lines = wrapped.splitlines()
    assert " ".join(lines) == text
    for line in lines[1:]:
        assert not re.match(r"[-+*=#>|]|\d+[.)](\s|$)", line), line
    url = "see https://www.gov.uk/government/statistics/identified-needs-of-offenders now"
    assert wordwrap(url, 20) == "see\nhttps://www.gov.uk/government/statistics/identified-needs-of-offenders\nnow"
    assert wordwrap("law-abiding and positive lives", 8) == "law-abiding\nand\npositive\nlives"


def test_wordwrap_width_indent_and_paragraphs() -> None:
    text = "one two three four five six seven eight nine ten"
    assert wordwrap(text, 15) == "one two three\nfour five six\nseven eight\nnine ten"
    assert wordwrap(text, 15, indent="  ") == "one two three\n  four five six\n  seven eight\n  nine ten"
    assert wordwrap("a b c\n\nd e f", 3) == "a b\nc\n\nd e\nf"
    assert wordwrap(text, 15, wrapstring="<br>") == "one two three<br>four five six<br>seven eight<br>nine ten"
    assert wordwrap(None) == ""
    with pytest.raises(ValueError, match=r"^wordwrap: width must be"):
        wordwrap(text, 0)


def test_wordwrap_in_a_template(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "t.md.j2", "- {{ plan.vision.text | md_escape | wordwrap(30, indent='  ') }}\n")
    assert render(run, str(tmp_path / "t.md.j2"), "nw") == (
        "- Working together across the\n"
        "  North West region to protect\n"
        "  the public and help people to\n"
        "  live law-abiding and positive\n"
        "  lives\n"
    )


def test_filters_are_documented() -> None:
    readme = (REPO / "docs" / "templates.md").read_text("utf-8")
    for name in FILTERS:
        assert f"`{name}`" in readme, name


def test_context_variables_are_documented() -> None:
    readme = (REPO / "docs" / "templates.md").read_text("utf-8")
    from rrpcli.loader import load_plan
    from rrpcli.render import build_context

    context = build_context([load_plan(PLANS / "north_west.toml")])
    for key in context:
        assert f"`{key}`" in readme, key


# -- the output is tidied -------------------------------------------------------------------------------


def test_tidy() -> None:
    assert tidy("\n\n# A\n   \n\n\nb  \n\n") == "# A\n\nb  \n"
    fenced = "x\n\n```\na\n\n\n\nb\n```\n\n\n~~~~\n\n\n~~~\n\n\n~~~~\ny\n"
    assert tidy(fenced) == "x\n\n```\na\n\n\n\nb\n```\n\n~~~~\n\n\n~~~\n\n\n~~~~\ny\n"
    assert tidy("") == ""


# -- finding templates (core) ---------------------------------------------------------------------------


def test_find_builtin_templates() -> None:
    for name in ("briefing", "comparison", "revision"):
        ref = find_template(name)
        assert (ref.builtin, ref.display, ref.file.name) == (name, f"{name}.md.j2", f"{name}.md.j2")
        assert find_template(f"{name}.md.j2") == ref
    with pytest.raises(TemplateProblem, match=r"^no template given"):
        find_template(" ")


# -- start-up -------------------------------------------------------------------------------------------


def test_the_render_command_module_does_not_import_jinja2() -> None:
    # rrpcli.render is imported at the top like every module; jinja2 only when a template is rendered.
    probe = "import sys, rrpcli.cli.render; print('jinja2' in sys.modules, 'rrpcli.render' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split() == ["False", "True"]


def test_docs_example_of_a_users_template(run: Run, tmp_path: Path) -> None:
    readme = (REPO / "docs" / "templates.md").read_text("utf-8")
    template = re.search(r"```jinja\n(.*?)```", readme, re.S)
    console = re.search(r"```console\n\$ rrp (render --template-dir .*?)\n(.*?)```", readme, re.S)
    assert template and console
    write(tmp_path / "my-templates" / "one-pager.md.j2", template.group(1))
    args = console.group(1).split()
    assert args == ["render", "--template-dir", "my-templates", "one-pager", "nw", "--date", DATE]
    args[2] = str(tmp_path / "my-templates")
    assert render(run, *args[1:]) == console.group(2)


def test_template_in_a_subfolder_of_the_template_dir(run: Run, template_dir: Path) -> None:
    write(template_dir / "notes" / "weekly.md.j2", "{% include 'footer.md.j2' %}")
    assert render(run, "-t", str(template_dir), "notes/weekly", "nw") == "*1 plan, 15 January 2026*\n"


def test_none_is_named_in_the_error(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "t.md.j2", "{{ compare.plans }}\n")
    assert fails(run, "-t", str(tmp_path), "t", "nw") == (
        "rrp: error: t.md.j2:1: 'compare' is none, so it has no attribute 'plans'\n    {{ compare.plans }}\n"
    )


def test_two_versions_of_one_plan_need_diff_in_a_users_template(run: Run, template_dir: Path) -> None:
    assert fails(run, "-t", str(template_dir), "one-pager", "nw", str(FIXTURE)) == (
        f'rrp: error: "nw" and "{FIXTURE}" both have the region code "nw"; compare compares regions '
        "(use rrp diff for two revisions of one plan)\n"
        "(for two versions of one plan, add --diff)\n"
    )
