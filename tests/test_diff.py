"""rrp diff: structure-aware changes between two revisions of a plan, git revisions, outputs and errors."""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from conftest import PLANS, REPO, Run, meta_toml, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rrpcli.cli import main
from rrpcli.cli.diff import diff_command
from rrpcli.diff import DEFAULT_THRESHOLD, Change, DifferentRegions, diff_plans, pair_lists, stayed
from rrpcli.loader import dump_plan, load_plan
from rrpcli.model import ContextItem, Pathway, Plan, Target

FIXTURE = REPO / "tests" / "fixtures" / "north_west_2023_refresh.toml"
NW = load_plan(PLANS / "north_west.toml")
EOE = load_plan(PLANS / "east_of_england.toml")
REFRESH = load_plan(FIXTURE)
TSW = "pathways.training_skills_work"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with ./plans (the two shipped plans) and the fixture as ./refresh.toml."""
    (tmp_path / "plans").mkdir()
    for name in ("north_west.toml", "east_of_england.toml"):
        shutil.copy(PLANS / name, tmp_path / "plans" / name)
    shutil.copy(FIXTURE, tmp_path / "refresh.toml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def short(value: Any) -> Any:
    return value[:40] if isinstance(value, str) else value


# -- the fixture: every kind of change, exactly --------------------------------------------------

#: (kind, path, old, new, national, the fields that changed) for each edit of the 2023 refresh.
EXPECTED = [
    ("changed", "meta.revision", "2022", "2023", False, []),
    ("changed", "meta.source", "HMPPS, North West Reducing Reoffending P", "rrp test fixture: an invented 2023 refre", False, []),
    ("changed", "about.facts[0]", "Around 4,800 staff employed by HMPPS (3,", "Around 5,000 staff employed by HMPPS (3,", False, [
        ("value", "hmpps_staff", 4800, 5000), ("value", "prison_staff", 3200, 3300),
        ("value", "probation_staff", 1600, 1700),
    ]),
    ("moved", "achievements.items[0]", "We are recruiting 10 employment leads, 1", "We have recruited 10 employment leads, 1", True, []),
    ("removed", f"{TSW}.partners[6]", "Novus, an education provider for prisons", None, False, []),
    ("changed", f"{TSW}.targets[0]", "By July 2023, North West will increase t", "By March 2024, North West will increase ", True, [
        ("baseline", None, 18, 17), ("baseline_date", None, "2022-03", "2023-03"), ("change_pp", None, 1, 2),
        ("deadline", None, "2023-07", "2024-03"),
    ]),
    ("changed", f"{TSW}.objectives[1]", "Increase the range of employers offering", "Increase the range and number of employe", False, []),
    ("added", f"{TSW}.activities[4]", None, "Introduce a digital skills programme in ", False, []),
    ("moved", "pathways.drugs_alcohol.context[0]", "British drug-related organised crime gan", "British drug-related organised crime gan", False, []),
    ("changed", "pathways.family_accommodation.introduction[2]", "In July 2021 we launched a new transitio", "In July 2021 we launched a new transitio", True, []),
    ("changed", "pathways.family_accommodation.objectives[3]", "Improve collaboration with local authori", "Improve collaboration with local authori", False, []),
    ("moved", "pathways.public_security.partners[3]", "Electronic monitoring providers, working", "Electronic monitoring providers, working", False, []),
]  # fmt: skip


def summarise(changes: Sequence[Change]) -> list[tuple[Any, ...]]:
    return [
        (c.kind, c.path, short(c.old), short(c.new), c.national, [(f.field, f.metric, f.old, f.new) for f in c.fields])
        for c in changes
    ]


def test_fixture_changes_exactly() -> None:
    assert summarise(diff_plans(NW, REFRESH, others=[NW, EOE]).changes) == EXPECTED


def test_fixture_each_kind_in_detail() -> None:
    changes = diff_plans(NW, REFRESH, others=[NW, EOE]).changes
    by = {c.path: c for c in changes}
    # a reworded objective: one change, paired by content, with its full texts
    objective = by[f"{TSW}.objectives[1]"]
    assert (objective.old, objective.new) == (
        "Increase the range of employers offering dedicated opportunities for prison leavers",
        "Increase the range and number of employers offering dedicated job opportunities for prison leavers",
    )
    assert (objective.old_path, objective.new_path) == (f"{TSW}.objectives[1]", f"{TSW}.objectives[1]")
    # an inserted activity is one addition; the activities after it are not "changed"
    assert [c.path for c in changes if c.part == "activities"] == [f"{TSW}.activities[4]"]
    # the moved-and-edited achievement: one "moved" change, from #10 to #1, with both texts
    moved = by["achievements.items[0]"]
    assert (moved.kind, moved.old_path, moved.new_path) == ("moved", "achievements.items[9]", "achievements.items[0]")
    assert (moved.old_section, moved.old_part, moved.edited, moved.across_parts) == (
        "achievements",
        "items",
        True,
        False,
    )
    # a swap of two partners is one move, not two
    assert [c.path for c in changes if c.section == "public_security"] == ["pathways.public_security.partners[3]"]
    assert by["pathways.public_security.partners[3]"].edited is False
    # a target: one change, its numbers as numbers, with the ambition figures before and after
    target = by[f"{TSW}.targets[0]"]
    assert [f.to_json() for f in target.fields][-1] == {
        "kind": "changed", "field": "deadline", "path": f"{TSW}.targets[0].deadline", "old": "2023-07", "new": "2024-03",
    }  # fmt: skip
    assert target.ambition == {
        "old": {"kind": "increase", "change_pp": 1.0, "relative_change_pct": 5.6, "months": 16,
                "pp_per_year": 0.75, "gap_closed_pct": 1.2, "grade": "modest", "start": "18% (Mar 2022)",
                "deadline": "2023-07"},
        "new": {"kind": "increase", "change_pp": 2.0, "relative_change_pct": 11.8, "months": 12,
                "pp_per_year": 2.0, "gap_closed_pct": 2.4, "grade": "modest", "start": "17% (Mar 2023)",
                "deadline": "2024-03"},
    }  # fmt: skip
    # a fact: one change, its figures by metric key
    assert by["about.facts[0]"].fields[0].to_json() == {
        "kind": "changed", "field": "value", "path": "about.facts[0].figures[0].value", "old": 4800, "new": 5000,
        "metric": "hmpps_staff",
    }  # fmt: skip


def test_a_plan_against_itself_reports_nothing(run: Run, workdir: Path) -> None:
    assert diff_plans(NW, NW, others=[NW, EOE]).changes == ()
    result = run("diff", "nw", "plans/north_west.toml")
    assert result.exit_code == 0
    assert result.stdout == (
        "North West: revision 2022 → 2022\n"
        "================================\n"
        "old: plans/north_west.toml · new: plans/north_west.toml\n"
        "\n"
        "No differences.\n"
    )
    data = json.loads(run("diff", "nw", "nw", "--format", "json").stdout)
    assert data["changes"] == []


# -- pairing and moves ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("new_order", "moved"),
    [
        ([0, 1, 2, 3, 4], set()),
        ([4, 0, 1, 2, 3], {4}),  # the last to the front: one move
        ([1, 2, 3, 4, 0], {0}),  # the first to the end: one move
        ([1, 0, 2, 3, 4], {0}),  # a swap: one move
        ([4, 3, 2, 1, 0], {0, 1, 2, 3}),  # reversed: all but one
    ],
)
def test_stayed_marks_the_fewest_moves(new_order: list[int], moved: set[int]) -> None:
    pairs = sorted((old, new) for new, old in enumerate(new_order))
    keep = stayed(pairs)
    assert {pairs[n][0] for n in range(len(pairs)) if n not in keep} == moved


@given(st.permutations(range(9)))
@settings(max_examples=60, deadline=None, derandomize=True)
def test_stayed_is_a_longest_increasing_subsequence(order: list[int]) -> None:
    pairs = list(enumerate(order))
    keep = sorted(stayed(pairs))
    news = [pairs[n][1] for n in keep]
    assert news == sorted(news)
    best = [1] * len(order)  # O(n²) reference
    for i in range(len(order)):
        for j in range(i):
            if order[j] < order[i]:
                best[i] = max(best[i], best[j] + 1)
    assert len(keep) == max(best)


def test_pairing_by_content_not_position() -> None:
    old = ["Recruit staff for the courts team", "Acquire three new probation buildings", "Clinks", "Welsh Government"]
    new = ["A brand new item about something else entirely", "Acquire three new probation buildings in Preston"]
    new += ["Recruit staff for the courts team", "Clinks UK"]
    assert pair_lists(old, new, DEFAULT_THRESHOLD) == [(0, 2), (1, 1), (2, 3)]


def test_a_one_word_rewording_of_a_short_item_is_one_change() -> None:
    # In five words one changed word is in every run of three: the items share no shingle, yet are 0.8 alike.
    pathway = NW.pathways.family_accommodation
    assert pathway is not None
    before = dataclasses.replace(
        pathway, activities=(*pathway.activities, "Review and recommission accommodation contracts")
    )
    after = dataclasses.replace(
        pathway, activities=(*pathway.activities, "Review and retender accommodation contracts")
    )
    old, new = (
        dataclasses.replace(NW, pathways=dataclasses.replace(NW.pathways, family_accommodation=p))
        for p in (before, after)
    )
    n = len(pathway.activities)
    assert summarise(diff_plans(old, new).changes) == [
        ("changed", f"pathways.family_accommodation.activities[{n}]", "Review and recommission accommodation co",
         "Review and retender accommodation contra", False, []),
    ]  # fmt: skip


def test_items_alike_enough_pair_whatever_words_they_share() -> None:
    # Two changed words, three apart, leave no run of three words in common: 0.75 alike.
    old = ["Work with councils to house every prison leavers", "Clinks", "Welsh Government"]
    new = ["Welsh Government", "Work with landlords to house more prison leavers", "Clinks UK"]
    assert pair_lists(old, new, DEFAULT_THRESHOLD) == [(0, 1), (1, 2), (2, 0)]
    assert pair_lists(["Work with all councils"], ["Work with the councils"], DEFAULT_THRESHOLD) == [(0, 0)]
    # Below the threshold they stay apart: one word in common out of three each is 0.33 alike.
    assert pair_lists(["Review accommodation contracts"], ["Retender probation contracts"], DEFAULT_THRESHOLD) == []


def test_targets_pair_by_metric() -> None:
    targets = NW.pathways.training_skills_work.targets  # type: ignore[union-attr]
    reordered = dataclasses.replace(NW.pathways.training_skills_work, targets=targets[::-1])  # type: ignore[arg-type]
    plan = dataclasses.replace(NW, pathways=dataclasses.replace(NW.pathways, training_skills_work=reordered))
    changes = diff_plans(NW, plan).changes
    assert [(c.kind, c.path, c.old_path) for c in changes] == [
        ("moved", f"{TSW}.targets[1]", f"{TSW}.targets[0]"),
    ]


def test_threshold_decides_what_counts_as_the_same_item() -> None:
    strict = diff_plans(NW, REFRESH, threshold=0.95)
    objectives = [(c.kind, c.path) for c in strict.changes if c.part == "objectives" and c.section != "meta"]
    assert objectives == [
        ("removed", f"{TSW}.objectives[1]"),
        ("added", f"{TSW}.objectives[1]"),
        ("removed", "pathways.family_accommodation.objectives[3]"),
        ("added", "pathways.family_accommodation.objectives[3]"),
    ]


def test_default_threshold_is_one_number() -> None:
    from rrpcli.cli import diff as cli_diff

    assert cli_diff.DEFAULT_THRESHOLD == DEFAULT_THRESHOLD == 0.6


def test_whole_pathway_added_and_removed() -> None:
    bare = dataclasses.replace(NW, pathways=dataclasses.replace(NW.pathways, public_security=None))
    assert [c.to_json() for c in diff_plans(bare, NW).changes] == [
        {
            "kind": "added",
            "path": "pathways.public_security",
            "old": None,
            "new": "Public security through engagement and compliance",
            "national": False,
            "section": "public_security",
            "part": "pathway",
        }
    ]
    assert [(c.kind, c.path) for c in diff_plans(NW, bare).changes] == [("removed", "pathways.public_security")]


def test_context_footnotes_and_footnote_numbers_are_fields() -> None:
    pathway = NW.pathways.drugs_alcohol
    assert pathway is not None
    context = (ContextItem(pathway.context[0].text, (3,)), *pathway.context[1:])
    footnotes = (*NW.footnotes[:-1], dataclasses.replace(NW.footnotes[-1], number=7))
    plan = dataclasses.replace(
        NW,
        pathways=dataclasses.replace(NW.pathways, drugs_alcohol=dataclasses.replace(pathway, context=context)),
        footnotes=footnotes,
    )
    got = [(c.kind, c.path, [f.to_json() for f in c.fields]) for c in diff_plans(NW, plan).changes]
    assert got == [
        (
            "changed",
            "pathways.drugs_alcohol.context[0]",
            [
                {
                    "kind": "changed",
                    "field": "footnotes",
                    "path": "pathways.drugs_alcohol.context[0].footnotes",
                    "old": [],
                    "new": [3],
                }
            ],
        ),
        (
            "changed",
            "footnotes[5]",
            [{"kind": "changed", "field": "number", "path": "footnotes[5].number", "old": 6, "new": 7}],
        ),
    ]


# -- edits as a person made them: moves across parts, one change per edit ---------------------------


def replace_pathway(plan: Plan, pid: str, **fields: Any) -> Plan:
    pathway = getattr(plan.pathways, pid)
    return dataclasses.replace(
        plan, pathways=dataclasses.replace(plan.pathways, **{pid: dataclasses.replace(pathway, **fields)})
    )


def reviewed_revision() -> Plan:
    """A revision with seven edits: an activity moved to another pathway, a target's numbers and deadline, five more."""
    plan = dataclasses.replace(NW, meta=dataclasses.replace(NW.meta, revision="2024"))  # 1
    plan = dataclasses.replace(plan, about=REFRESH.about)  # 2: a fact's text and its three figures
    items = NW.achievements.items
    plan = dataclasses.replace(
        plan, achievements=dataclasses.replace(NW.achievements, items=items[:3] + items[4:])
    )  # 3
    tsw, refreshed = NW.pathways.training_skills_work, REFRESH.pathways.training_skills_work
    assert tsw is not None and refreshed is not None
    plan = replace_pathway(
        plan, "training_skills_work", targets=refreshed.targets, objectives=refreshed.objectives
    )  # 4, 5
    drugs, family = NW.pathways.drugs_alcohol, NW.pathways.family_accommodation
    assert drugs is not None and family is not None
    moved = drugs.activities[1].replace("Develop processes", "Develop shared processes")
    plan = replace_pathway(plan, "drugs_alcohol", activities=drugs.activities[:1] + drugs.activities[2:])  # 6
    plan = replace_pathway(
        plan, "family_accommodation", activities=(*family.activities[:2], moved, *family.activities[2:])
    )
    security = NW.pathways.public_security
    assert security is not None
    partner = "Community rehabilitation forums, bringing local charities and faith groups together"
    return replace_pathway(plan, "public_security", partners=(*security.partners, partner))  # 7


REVIEWED = reviewed_revision()


def test_seven_edits_are_seven_changes_and_a_move_across_pathways_is_one() -> None:
    result = diff_plans(NW, REVIEWED, others=[NW, EOE])
    assert [(c.kind, c.path, len(c.fields)) for c in result.changes] == [
        ("changed", "meta.revision", 0),
        ("changed", "about.facts[0]", 3),
        ("removed", "achievements.items[3]", 0),
        ("changed", f"{TSW}.targets[0]", 4),
        ("changed", f"{TSW}.objectives[1]", 0),
        ("moved", "pathways.family_accommodation.activities[2]", 0),
        ("added", f"pathways.public_security.partners[{len(NW.pathways.public_security.partners)}]", 0),  # type: ignore[union-attr]
    ]
    move = result.changes[5]
    assert (move.old_path, move.old_section, move.old_part) == (
        "pathways.drugs_alcohol.activities[1]",
        "drugs_alcohol",
        "activities",
    )
    assert (move.across_parts, move.edited) == (True, True)
    assert move.new.startswith("Develop shared processes") and move.old.startswith("Develop processes")
    assert (result.total().total, result.count("moved")) == (7, 1)


def moved_and_changed_target() -> Plan:
    """North West with its 6-months "maintain" target moved to the family pathway, its 29% now 30%."""
    tsw, family = NW.pathways.training_skills_work, NW.pathways.family_accommodation
    assert tsw is not None and family is not None
    target = tsw.targets[1]
    assert (target.metric, target.target) == ("employed_six_months_after_release", 29)
    moved = dataclasses.replace(target, text=target.text.replace("29%", "30%"), target=30)
    plan = replace_pathway(NW, "training_skills_work", targets=tsw.targets[:1])
    return replace_pathway(plan, "family_accommodation", targets=(*family.targets, moved))


MOVED_TARGET = moved_and_changed_target()


def test_a_target_moved_and_changed_counts_as_moved_and_changed(run: Run, workdir: Path) -> None:
    write(workdir / "mv.toml", dump_plan(MOVED_TARGET))
    stat = run("diff", "nw", "mv.toml", "--stat")
    assert stat.exit_code == 1
    assert stat.stdout.splitlines()[4:] == [
        "1 edit: 0 added, 0 removed, 0 changed, 1 moved (1 also changed)",
        "",
        "part                   added  removed  changed            moved  national  total",
        "Training, skills and       0        0        0  0 (1 moved out)         0      0",
        "work",
        "Family, accommodation      0        0        0    1 (1 changed)         0      1",
        "and readjustment to",
        "society",
        "total                      0        0        0    1 (1 changed)         0      1",
    ]
    data = json.loads(run("diff", "nw", "mv.toml", "--format", "json").stdout)
    (change,) = data["changes"]
    assert (change["kind"], change["changed"], change["old_section"], change["section"]) == (
        "moved",
        True,
        "training_skills_work",
        "family_accommodation",
    )
    assert [(f["field"], f["old"], f["new"]) for f in change["fields"]] == [("target", 29, 30)]
    totals = json.loads(run("diff", "nw", "mv.toml", "--stat", "--format", "json").stdout)
    assert [(r["section"], r["moved"], r["moved_changed"], r["moved_out"], r["total"]) for r in totals["stat"]] == [
        ("training_skills_work", 0, 0, 1, 0),
        ("family_accommodation", 1, 1, 0, 1),
    ]
    assert totals["total"]["total"] == 1
    full = run("diff", "nw", "mv.toml").stdout.splitlines()
    assert full[full.index("Targets:") + 1 :] == [
        "> By July 2023, North West will continue to maintain the proportion employed six",
        "  months after release at [-29%-]{+30%+}  (moved from Training, skills and work,",
        "  Targets #2 to #3 and changed)",
        "  target 29% by Jul 2023 → 30% by Jul 2023",
        "  ambition: maintain → maintain",
    ]


def test_a_move_only_is_not_said_to_be_changed(run: Run, workdir: Path) -> None:
    data = json.loads(run("diff", "nw", "refresh.toml", "--format", "json").stdout)
    moves = [(c["path"], c["changed"]) for c in data["changes"] if c["kind"] == "moved"]
    assert moves == [
        ("achievements.items[0]", True),  # reworded as well as moved
        ("pathways.drugs_alcohol.context[0]", False),
        ("pathways.public_security.partners[3]", False),
    ]
    assert all("changed" not in c for c in data["changes"] if c["kind"] != "moved")


def test_seven_edits_on_the_command_line(run: Run, workdir: Path) -> None:
    write(workdir / "reviewed.toml", dump_plan(REVIEWED))
    result = run("diff", "nw", "reviewed.toml")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[4:6] == ["7 edits (1 in national text): 1 added, 1 removed, 4 changed, 1 moved (1 also", "changed)"]
    at = lines.index("Family, accommodation and readjustment to society")
    assert lines[at + 1 :] == [
        "-------------------------------------------------",
        "Three-year activities:",
        "> Develop {+shared+} processes to support information sharing, early warning and",
        "  …  (moved from Drugs and alcohol addiction, Three-year activities #2 to #3 and",
        "  changed)",
        "",
        "Public security through engagement and compliance",
        "-------------------------------------------------",
        "Important partners in this work:",
        "+ Community rehabilitation forums, bringing local charities and faith groups",
        "  together",
    ]
    markdown = run("diff", "nw", "reviewed.toml", "-f", "markdown", "-s", "drugs_alcohol").stdout
    assert markdown.splitlines()[-1] == (
        "- `>` Develop **shared** processes to support information sharing, early warning and …"
        "  *(moved from Drugs and alcohol addiction, Three-year activities \\#2 to \\#3 and changed)*"
    )
    data = json.loads(run("diff", "nw", "reviewed.toml", "-f", "json", "-s", "drugs_alcohol").stdout)
    assert [(c["kind"], c["old_path"], c["new_path"], c["old_section"], c["section"]) for c in data["changes"]] == [
        (
            "moved",
            "pathways.drugs_alcohol.activities[1]",
            "pathways.family_accommodation.activities[2]",
            "drugs_alcohol",
            "family_accommodation",
        )
    ]
    stat = json.loads(run("diff", "nw", "reviewed.toml", "-f", "json", "--stat").stdout)["total"]
    assert stat == {
        "added": 1, "removed": 1, "changed": 4, "moved": 1, "national": 1, "moved_changed": 1, "moved_out": 1,
        "total": 7,
    }  # fmt: skip


def test_the_docs_show_a_real_move_across_pathways(run: Run, workdir: Path) -> None:
    drugs, family = NW.pathways.drugs_alcohol, NW.pathways.family_accommodation
    assert drugs is not None and family is not None
    plan = replace_pathway(NW, "drugs_alcohol", activities=drugs.activities[:1] + drugs.activities[2:])
    plan = replace_pathway(
        plan, "family_accommodation", activities=(*family.activities[:2], drugs.activities[1], *family.activities[2:])
    )
    write(workdir / "moved.toml", dump_plan(plan))
    out = run("diff", "nw", "moved.toml").stdout
    shown = (REPO / "docs" / "commands.md").read_text("utf-8").split("```text\n", 1)[1].split("```", 1)[0]
    assert out.endswith("\n" + shown)


def test_a_target_moved_to_another_pathway_keeps_its_numbers_and_ambition() -> None:
    tsw, drugs = NW.pathways.training_skills_work, NW.pathways.drugs_alcohol
    assert tsw is not None and drugs is not None
    target = REFRESH.pathways.training_skills_work.targets[0]  # type: ignore[union-attr]
    plan = replace_pathway(NW, "training_skills_work", targets=tsw.targets[1:])
    plan = replace_pathway(plan, "drugs_alcohol", targets=(*drugs.targets, target))
    (change,) = diff_plans(NW, plan).changes
    assert (change.kind, change.path, change.old_path) == (
        "moved",
        f"pathways.drugs_alcohol.targets[{len(drugs.targets)}]",
        f"{TSW}.targets[0]",
    )
    baseline = change.fields[0]
    assert (baseline.field, baseline.old, baseline.new, baseline.path, baseline.old_path) == (
        "baseline",
        18,
        17,
        f"pathways.drugs_alcohol.targets[{len(drugs.targets)}].baseline",
        f"{TSW}.targets[0].baseline",
    )
    assert change.ambition is not None and change.ambition["new"]["months"] == 12


def test_a_partner_moved_to_another_section_and_ignore_moves() -> None:
    tsw = NW.pathways.training_skills_work
    assert tsw is not None
    partner = tsw.partners[0]
    plan = replace_pathway(NW, "training_skills_work", partners=tsw.partners[1:])
    plan = dataclasses.replace(
        plan, our_partners=dataclasses.replace(NW.our_partners, names=(*NW.our_partners.names, partner))
    )
    (change,) = diff_plans(NW, plan).changes
    assert (change.kind, change.section, change.old_section, change.old_part, change.part) == (
        "moved",
        "our_partners",
        "training_skills_work",
        "partners",
        "names",
    )
    # a move is in both its sections; with --ignore-moves an item that only moved is no change
    assert diff_plans(NW, plan, sections=["training_skills_work"]).changes == (change,)
    assert diff_plans(NW, plan, sections=["about"]).changes == ()
    assert diff_plans(NW, plan, ignore_moves=True).changes == ()


def test_different_regions_are_refused_unless_asked(run: Run, workdir: Path) -> None:
    result = run("diff", "nw", "eoe")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "rrp: error: plans/north_west.toml and plans/east_of_england.toml are plans of different regions"
        " (North West, East of England); "
        "a diff shows what changed between two revisions of one plan\n"
        "to compare the regions: rrp compare nw eoe (or give --any-region to diff them anyway)\n"
    )
    result = run("diff", "nw", "eoe", "--any-region", "--stat", "-f", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert (data["old"]["code"], data["new"]["code"], data["total"]["total"] > 100) == ("nw", "eoe", True)
    with pytest.raises(DifferentRegions):
        diff_plans(NW, EOE)


def test_no_plan_on_one_side_is_the_whole_plan_added_or_removed(run: Run, workdir: Path) -> None:
    result = run("diff", "/dev/null", "refresh.toml")
    assert result.exit_code == 1
    assert result.stdout == (
        "North West: plan added (revision 2023)\n"
        "======================================\n"
        "old: /dev/null · new: refresh.toml\n"
        "\n"
        "1 edit: 1 added, 0 removed, 0 changed, 0 moved\n"
        "\n"
        "Plan\n"
        "----\n"
        "+ North West Reducing Reoffending Plan 2022-25  (the whole plan, new)\n"
    )
    data = json.loads(run("diff", "nw", "/dev/null", "-f", "json").stdout)
    assert data["new"] == {"code": None, "region": None, "revision": None, "source": "/dev/null", "year": None}
    assert data["changes"] == [
        {
            "kind": "removed",
            "path": "",
            "old": "North West Reducing Reoffending Plan 2022-25",
            "new": None,
            "national": False,
            "section": "plan",
            "part": "plan",
        }
    ]
    assert run("diff", "/dev/null", "/dev/null").stderr == (
        "rrp: error: no plan on either side: one of OLD and NEW must be a plan\n"
    )


# -- the generic comparison: a field added to the model needs no diff code ---------------------------


@dataclasses.dataclass
class Risk:
    """A record type rrp has never seen, listed in a pathway."""

    text: str
    level: int = 0


@dataclasses.dataclass
class OwnedTarget(Target):
    """A target with fields the model does not have (yet)."""

    owner: str = ""
    reviews: tuple[int, ...] = ()


@dataclasses.dataclass
class RiskyPathway(Pathway):
    """A pathway with a list the model does not have (yet)."""

    risks: tuple[Risk, ...] = ()
    lead: str = ""


def with_new_fields(plan: Plan, owner: str, reviews: tuple[int, ...], risks: tuple[Risk, ...], lead: str) -> Plan:
    pathway = plan.pathways.training_skills_work
    assert pathway is not None
    targets = tuple(
        OwnedTarget(**vars(t), owner=owner if n == 0 else "", reviews=reviews) for n, t in enumerate(pathway.targets)
    )
    extended = RiskyPathway(**{**vars(pathway), "targets": targets}, risks=risks, lead=lead)
    return dataclasses.replace(plan, pathways=dataclasses.replace(plan.pathways, training_skills_work=extended))


def test_fields_added_to_the_model_are_diffed_with_no_new_code() -> None:
    shortage = Risk("Staff shortages in prisons delay education and work placements", 2)
    housing = Risk("Too little settled housing for people leaving prison in the region", 1)
    old = with_new_fields(NW, "Jo Bloggs", (2022,), (shortage, housing), "")
    new = with_new_fields(
        NW,
        "Sam Smith",
        (2022, 2023),
        (
            Risk("Too little settled housing for people leaving prison in the whole region", 3),
            shortage,
            Risk("Employers in the region are reluctant to hire people with convictions", 1),
        ),
        "The regional employment lead",
    )
    got = [(c.kind, c.path, c.old, c.new, [f.to_json() for f in c.fields]) for c in diff_plans(old, new).changes]
    reworded = "Too little settled housing for people leaving prison in the whole region"
    employers = "Employers in the region are reluctant to hire people with convictions"
    target = NW.pathways.training_skills_work.targets  # type: ignore[union-attr]
    assert got == [
        (
            "changed",
            f"{TSW}.targets[0]",
            target[0].text,
            target[0].text,
            [
                {
                    "kind": "changed",
                    "field": "owner",
                    "path": f"{TSW}.targets[0].owner",
                    "old": "Jo Bloggs",
                    "new": "Sam Smith",
                },
                {
                    "kind": "changed",
                    "field": "reviews",
                    "path": f"{TSW}.targets[0].reviews",
                    "old": [2022],
                    "new": [2022, 2023],
                },
            ],
        ),
        (
            "changed",
            f"{TSW}.targets[1]",
            target[1].text,
            target[1].text,
            [
                {
                    "kind": "changed",
                    "field": "reviews",
                    "path": f"{TSW}.targets[1].reviews",
                    "old": [2022],
                    "new": [2022, 2023],
                }
            ],
        ),
        (
            "changed",
            f"{TSW}.risks[0]",
            housing.text,
            reworded,
            [
                {
                    "kind": "changed",
                    "field": "level",
                    "path": f"{TSW}.risks[0].level",
                    "old": 1,
                    "new": 3,
                    "old_path": f"{TSW}.risks[1].level",
                }
            ],
        ),
        ("moved", f"{TSW}.risks[1]", shortage.text, shortage.text, []),
        ("added", f"{TSW}.risks[2]", None, employers, []),
        ("added", f"{TSW}.lead", None, "The regional employment lead", []),
    ]


# -- a property over generated edits -------------------------------------------------------------

#: Pairs of lists of one kind of item: edits within each, and items moved from one to the other.
LIST_PAIRS = [
    (f"{TSW}.objectives", f"{TSW}.activities"),  # two parts of one pathway
    ("pathways.drugs_alcohol.activities", "pathways.family_accommodation.activities"),  # two pathways
    ("pathways.public_security.context", "pathways.drugs_alcohol.context"),  # records (text and footnotes)
    ("achievements.items", "our_partners.names"),  # two sections
    (f"{TSW}.partners", "pathways.family_accommodation.objectives"),
    ("glossary", None),
]


def get_list(plan: Plan, path: str) -> list[Any]:
    owner: Any = plan
    *parents, name = path.split(".")
    for part in parents:
        owner = getattr(owner, part)
    return list(getattr(owner, name))


def set_list(plan: Plan, path: str, items: list[Any]) -> Plan:
    section, *rest = path.split(".")
    if not rest:
        return dataclasses.replace(plan, **{section: tuple(items)})
    if section == "pathways":
        pid, name = rest
        pathway: Pathway = getattr(plan.pathways, pid)
        changed = dataclasses.replace(pathway, **{name: tuple(items)})
        return dataclasses.replace(plan, pathways=dataclasses.replace(plan.pathways, **{pid: changed}))
    return dataclasses.replace(
        plan, **{section: dataclasses.replace(getattr(plan, section), **{rest[0]: tuple(items)})}
    )


def text_of(item: Any) -> str:
    return item if isinstance(item, str) else item.text


def with_text(item: Any, text: str) -> Any:
    return text if isinstance(item, str) else dataclasses.replace(item, text=text)


EDITS = st.lists(
    st.tuples(
        st.sampled_from(["insert", "remove", "reword", "move", "transfer"]),
        st.integers(0, 1),  # which list
        st.integers(0, 50),
        st.integers(0, 50),
    ),
    max_size=8,
)


def with_short_items(plan: Plan) -> Plan:
    """The plan with the items of every list above (but the glossary) three to seven words long.

    Like short activities, principles and partners: each shares "and" with the
    others and nothing else, and one changed word leaves it without a run of
    three words in common with what it was.
    """
    paths = sorted({p for pair in LIST_PAIRS for p in pair if p is not None and p != "glossary"})
    for k, path in enumerate(paths):
        items = get_list(plan, path)
        texts = [
            " ".join([f"l{k}i{i}w0", "and", *(f"l{k}i{i}w{m}" for m in range(1, 2 + i % 5))]) for i in range(len(items))
        ]
        plan = set_list(plan, path, [with_text(item, t) for item, t in zip(items, texts, strict=True)])
    return plan


NW_SHORT = with_short_items(NW)


@given(st.sampled_from(LIST_PAIRS), st.sampled_from(["shipped", "short"]), EDITS)
@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
def test_every_applied_edit_is_reported_once_and_nothing_else(
    paths: tuple[str, str | None], items_are: str, edits: list[tuple[str, int, int, int]]
) -> None:
    base = NW_SHORT if items_are == "short" else NW
    names = [p for p in paths if p is not None]
    old_items = [get_list(base, p) for p in names]
    # Each entry: (origin (list, index) or None for an insertion, current item).
    lists: list[list[tuple[tuple[int, int] | None, Any]]] = [
        [((k, i), item) for i, item in enumerate(items)] for k, items in enumerate(old_items)
    ]
    reworded: set[tuple[int, int]] = set()
    moves = 0
    for n, (op, which, a, b) in enumerate(edits):
        k = which % len(lists)
        items = lists[k]
        if op == "insert":
            fresh = " ".join(f"q{n}x{m}" for m in range(8))  # shares no word with anything
            items.insert(a % (len(items) + 1), (None, with_text(old_items[k][0], f"{fresh} – inserted")))
        elif not items:
            continue
        elif op == "remove":
            items.pop(a % len(items))
        elif op == "reword":
            origin, item = items[a % len(items)]
            ws = text_of(item).split(" ")
            # One word of three or more: at least 2 × 2 / (3 + 3) = 0.67 alike, above the threshold.
            if origin is None or origin in reworded or len(ws) < 3:
                continue
            ws[b % len(ws)] = f"reworded{n}"
            items[a % len(items)] = (origin, with_text(item, " ".join(ws)))
            reworded.add(origin)
        elif op == "move":
            item = items.pop(a % len(items))
            items.insert(b % (len(items) + 1), item)
            moves += 1
        elif op == "transfer" and len(lists) == 2:
            item = items.pop(a % len(items))
            other = lists[1 - k]
            other.insert(b % (len(other) + 1), item)
            moves += 1  # it may come back to its own list later
    new_plan = base
    for name, items in zip(names, lists, strict=True):
        new_plan = set_list(new_plan, name, [item for _, item in items])
    changes = diff_plans(base, new_plan).changes

    def at(path: str) -> tuple[int, int]:
        return names.index(path[: path.rfind("[")]), int(path[path.rfind("[") + 1 : -1])

    # One change per item, nothing about any other field or list.
    assert all(not c.fields for c in changes), changes
    assert len({(c.kind == "removed", c.path) for c in changes}) == len(changes)
    kept = {origin for items in lists for origin, _ in items if origin is not None}
    assert {at(c.path) for c in changes if c.kind == "removed"} == {
        (k, i) for k, items in enumerate(old_items) for i in range(len(items)) if (k, i) not in kept
    }
    assert {(at(c.path), c.new) for c in changes if c.kind == "added"} == {
        ((k, j), text_of(item)) for k, items in enumerate(lists) for j, (o, item) in enumerate(items) if o is None
    }
    # Every item that went to the other list is one move, from its old place, with its edits.
    where = {o: (k, j, text_of(item)) for k, items in enumerate(lists) for j, (o, item) in enumerate(items) if o}
    across = {at(c.old_path or ""): (*at(c.new_path or ""), c.new) for c in changes if c.across_parts}
    assert across == {o: w for o, w in where.items() if o[0] != w[0]}
    assert all(
        c.old == text_of(old_items[o[0]][o[1]]) for c in changes if c.across_parts for o in [at(c.old_path or "")]
    )
    # Within a list: an edited item is one change ("moved" if it also moved), at most one move per move made.
    within = [c for c in changes if c.kind in ("changed", "moved") and not c.across_parts]
    assert {(at(c.old_path or ""), c.new) for c in within if c.edited} == {
        (o, w[2]) for o, w in where.items() if o[0] == w[0] and w[2] != text_of(old_items[o[0]][o[1]])
    }
    assert sum(1 for c in within if c.kind == "moved") <= moves
    # Rebuild each new list from the old ones and the reported changes: it must come out exactly.
    for k, items in enumerate(lists):
        rebuilt: list[str | None] = [None] * len(items)
        placed: set[tuple[int, int]] = set()
        for c in changes:
            if c.kind == "removed" or at(c.path)[0] != k:
                continue
            if c.kind == "added" or c.kind == "moved":
                rebuilt[at(c.path)[1]] = c.new
                placed.add(at(c.old_path or c.path) if c.kind == "moved" else (-1, -1))
        edited = {at(c.old_path or ""): c.new for c in changes if c.kind == "changed"}
        stay = iter(
            (k, i) for i in range(len(old_items[k])) if (k, i) in kept and (k, i) not in placed
            and where[(k, i)][0] == k
        )  # fmt: skip
        rebuilt = [t if t is not None else edited.get(o := next(stay), text_of(old_items[k][o[1]])) for t in rebuilt]
        assert rebuilt == [text_of(item) for _, item in items]


# -- the terminal view, Markdown, JSON, --stat, --section, --ignore-moves --------------------------

TERMINAL = """\
North West: revision 2022 → 2023
================================
old: plans/north_west.toml · new: refresh.toml

12 edits (3 in national text): 1 added, 1 removed, 7 changed, 3 moved (1 also
changed)

Metadata
--------
~ revision: [-2022-] → {+2023+}
~ source: [-HMPPS,-]{+rrp test fixture: an invented 2023 refresh of the+} North
  West [-Reducing Reoffending Plan 2022-25 (published PDF; text as
  extracted)-]{+plan, not a published document+}

About the North West region
---------------------------
~ Around [-4,800-]{+5,000+} staff employed by HMPPS [-(3,200-]{+(3,300+}
  prisons, [-1,600-]{+1,700+} probation)
  hmpps_staff 4,800 (2022) → 5,000 (2023) · prison_staff 3,200 (2022) → 3,300
  (2023) · probation_staff 1,600 (2022) → 1,700 (2023)

Achievements
------------
> We [-are recruiting-]{+have recruited+} 10 employment leads, 10 ID and banking
  support … specialists, and 5 health and justice partnership co-ordinators [-by
  the end of 2022-] to support in addressing the causes of reoffending.  (moved
  from #10 to #1 and changed)  (national text)

Training, skills and work
-------------------------
Important partners in this work:
- Novus, an education provider for prisons

Targets:
~ By [-July 2023,-]{+March 2024,+} North West will increase the proportion
  employed six weeks after release by [-1-]{+2+} percentage [-point-]{+points+}
  from [-18%-]{+17%+} in March [-2022-]{+2023+}  (national text)
  baseline 18% (Mar 2022) → 17% (Mar 2023) · baseline date Mar 2022 → Mar 2023 ·
  change +1 pp → +2 pp · deadline Jul 2023 → Mar 2024
  ambition: modest, +1 pp in 16 months (0.75 pp a year, 1.2% of the gap) →
  modest, +2 pp in 12 months (2 pp a year, 2.4% of the gap)

Three-year objectives:
~ Increase the range {+and number+} of employers offering dedicated {+job+}
  opportunities for prison leavers

Three-year activities:
+ Introduce a digital skills programme in every resettlement prison, delivered
  with local colleges

Drugs and alcohol addiction
---------------------------
Regional context:
> British drug-related organised crime gangs are prevalent, particularly in
  Merseyside.  (moved from #3 to #1)

Family, accommodation and readjustment to society
-------------------------------------------------
Introduction:
~ … to move on to settled accommodation. This service [-will roll-]{+rolled+}
  out across England and Wales in 2022-23.  (national text)

Three-year objectives:
~ Improve collaboration with local authorities {+and housing providers+} to
  improve accommodation outcomes for prison leavers

Public security through engagement and compliance
-------------------------------------------------
Important partners in this work:
> Electronic monitoring providers, working together to monitor and supervise
  individuals convicted of acquisitive crime through the increased use of
  electronic monitoring  (moved from #3 to #4)
"""


def test_terminal_view(run: Run, workdir: Path) -> None:
    result = run("diff", "nw", "refresh.toml")
    assert result.exit_code == 1
    assert result.stdout == TERMINAL
    assert result.stderr == ""


def docs_example(command: str) -> str:
    """The output shown after ``$ COMMAND`` in docs/commands.md."""
    docs = (REPO / "docs" / "commands.md").read_text("utf-8")
    return docs.split(f"```console\n$ {command}\n", 1)[1].split("```", 1)[0]


@pytest.mark.parametrize("more", [[], ["--stat"]], ids=["changes", "stat"])
def test_docs_examples_are_the_real_output(run: Run, workdir: Path, more: list[str]) -> None:
    (workdir / "drafts").mkdir()
    shutil.copy(FIXTURE, workdir / "drafts" / "north_west_2023.toml")
    command = ["diff", "nw", "drafts/north_west_2023.toml", *more]
    result = run(*command)
    assert result.stdout == docs_example(" ".join(["rrp", *command]))


def test_markdown(run: Run, workdir: Path) -> None:
    result = run("diff", "nw", "refresh.toml", "--format", "markdown", "--section", "training_skills_work")
    assert result.exit_code == 1
    assert result.stdout == (
        "# North West: revision 2022 → 2023\n"
        "\n"
        "*old: plans/north\\_west.toml · new: refresh.toml*\n"
        "\n"
        "**4 edits (1 in national text): 1 added, 1 removed, 2 changed, 0 moved**\n"
        "\n"
        "## Training, skills and work\n"
        "\n"
        "### Important partners in this work\n"
        "\n"
        "- `-` Novus, an education provider for prisons\n"
        "\n"
        "### Targets\n"
        "\n"
        "- `~` By ~~July 2023,~~**March 2024,** North West will increase the proportion employed six weeks after release by ~~1~~**2** percentage ~~point~~**points** from ~~18%~~**17%** in March ~~2022~~**2023**  *(national text)*\n"
        "- baseline 18% (Mar 2022) → 17% (Mar 2023) · baseline date Mar 2022 → Mar 2023 · change +1 pp → +2 pp · deadline Jul 2023 → Mar 2024\n"
        "- ambition: modest, +1 pp in 16 months (0.75 pp a year, 1.2% of the gap) → modest, +2 pp in 12 months (2 pp a year, 2.4% of the gap)\n"
        "\n"
        "### Three-year objectives\n"
        "\n"
        "- `~` Increase the range **and number** of employers offering dedicated **job** opportunities for prison leavers\n"
        "\n"
        "### Three-year activities\n"
        "\n"
        "- `+` Introduce a digital skills programme in every resettlement prison, delivered with local colleges\n"
    )


def test_json_contract(run: Run, workdir: Path) -> None:
    result = run("diff", "nw", "refresh.toml", "--format", "json", "--section", "drugs_alcohol", "-s", "about")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["format_version"] == 2
    assert data["old"] == {
        "code": "nw",
        "region": "North West",
        "revision": "2022",
        "source": "plans/north_west.toml",
        "year": "2022",
    }
    assert data["new"] == {
        "code": "nw",
        "region": "North West",
        "revision": "2023",
        "source": "refresh.toml",
        "year": "2023",
    }
    assert data["threshold"] == 0.6
    assert data["changes"][0] == {
        "kind": "changed",
        "path": "about.facts[0]",
        "old": "Around 4,800 staff employed by HMPPS (3,200 prisons, 1,600 probation)",
        "new": "Around 5,000 staff employed by HMPPS (3,300 prisons, 1,700 probation)",
        "national": False,
        "section": "about",
        "part": "facts",
        "old_path": "about.facts[0]",
        "new_path": "about.facts[0]",
        "fields": [
            {
                "kind": "changed",
                "field": "value",
                "path": f"about.facts[0].figures[{n}].value",
                "old": old,
                "new": new,
                "metric": metric,
            }
            for n, (metric, old, new) in enumerate(
                [("hmpps_staff", 4800, 5000), ("prison_staff", 3200, 3300), ("probation_staff", 1600, 1700)]
            )
        ],
    }
    assert data["changes"][1] == {
        "kind": "moved",
        "path": "pathways.drugs_alcohol.context[0]",
        "old": "British drug-related organised crime gangs are prevalent, particularly in Merseyside.",
        "new": "British drug-related organised crime gangs are prevalent, particularly in Merseyside.",
        "national": False,
        "section": "drugs_alcohol",
        "part": "context",
        "old_path": "pathways.drugs_alcohol.context[2]",
        "new_path": "pathways.drugs_alcohol.context[0]",
        "old_section": "drugs_alcohol",
        "old_part": "context",
        "changed": False,
    }
    assert len(data["changes"]) == 2


def test_json_target_is_one_change_with_its_numbers_and_ambition(run: Run, workdir: Path) -> None:
    data = json.loads(run("diff", "nw", "refresh.toml", "-f", "json", "-s", "training_skills_work").stdout)
    (target,) = [c for c in data["changes"] if c["part"] == "targets"]
    assert (target["path"], target["national"]) == (f"{TSW}.targets[0]", True)
    assert [(f["field"], f["old"], f["new"]) for f in target["fields"]] == [
        ("baseline", 18, 17),
        ("baseline_date", "2022-03", "2023-03"),
        ("change_pp", 1, 2),
        ("deadline", "2023-07", "2024-03"),
    ]
    assert (target["ambition"]["old"]["months"], target["ambition"]["new"]["months"]) == (16, 12)
    assert sorted(target["ambition"]["new"]) == sorted(
        [
            "kind",
            "change_pp",
            "relative_change_pct",
            "months",
            "pp_per_year",
            "gap_closed_pct",
            "grade",
            "start",
            "deadline",
        ]
    )


STAT = """\
North West: revision 2022 → 2023
================================
old: plans/north_west.toml · new: refresh.toml

12 edits (3 in national text): 1 added, 1 removed, 7 changed, 3 moved (1 also
changed)

part                     added  removed  changed          moved  national  total
Metadata                     0        0        2              0         0      2
About the North West         0        0        1              0         0      1
region
Achievements                 0        0        0  1 (1 changed)         1      1
Training, skills and         1        1        2              0         1      4
work
Drugs and alcohol            0        0        0              1         0      1
addiction
Family, accommodation        0        0        2              0         1      2
and readjustment to
society
Public security through      0        0        0              1         0      1
engagement and
compliance
total                        1        1        7  3 (1 changed)         3     12
"""


def test_stat(run: Run, workdir: Path) -> None:
    result = run("diff", "nw", "refresh.toml", "--stat")
    assert result.exit_code == 1
    assert result.stdout == STAT


def test_stat_json(run: Run, workdir: Path) -> None:
    data = json.loads(run("diff", "nw", "refresh.toml", "--stat", "--format", "json", "--ignore-moves").stdout)
    assert data["format_version"] == 2
    assert data["stat"][2] == {
        "section": "achievements",
        "title": "Achievements",
        "added": 0,
        "removed": 0,
        "changed": 1,
        "moved": 0,
        "national": 1,
        "moved_changed": 0,
        "moved_out": 0,
        "total": 1,
    }
    assert data["total"] == {
        "added": 1, "removed": 1, "changed": 8, "moved": 0, "national": 3, "moved_changed": 0, "moved_out": 0,
        "total": 10,
    }  # fmt: skip
    assert [r["section"] for r in data["stat"]] == [
        "meta",
        "about",
        "achievements",
        "training_skills_work",
        "family_accommodation",
    ]


def test_ignore_moves_shows_a_moved_and_edited_item_as_changed(run: Run, workdir: Path) -> None:
    result = run("diff", "nw", "refresh.toml", "--ignore-moves", "--section", "achievements", "-s", "drugs_alcohol")
    assert result.exit_code == 1
    assert result.stdout == (
        "North West: revision 2022 → 2023\n"
        "================================\n"
        "old: plans/north_west.toml · new: refresh.toml\n"
        "\n"
        "1 edit (1 in national text): 0 added, 0 removed, 1 changed, 0 moved\n"
        "\n"
        "Achievements\n"
        "------------\n"
        "~ We [-are recruiting-]{+have recruited+} 10 employment leads, 10 ID and banking\n"
        "  support … specialists, and 5 health and justice partnership co-ordinators [-by\n"
        "  the end of 2022-] to support in addressing the causes of reoffending.\n"
        "  (national text)\n"
    )


def test_only_moves_ignored_means_no_differences(run: Run, workdir: Path) -> None:
    result = run("diff", "nw", "refresh.toml", "--ignore-moves", "--section", "public_security")
    assert result.exit_code == 0
    assert result.stdout.endswith("\nNo differences.\n")


def test_unknown_section(run: Run, workdir: Path) -> None:
    result = run("diff", "nw", "refresh.toml", "--section", "pathway")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith('rrp: error: unknown section "pathway"; sections are: foreword, vision, ')


def test_labels(run: Run, workdir: Path) -> None:
    result = run("diff", "--label", "a/nw", "--label", "b/nw", "nw", "refresh.toml", "-f", "json")
    data = json.loads(result.stdout)
    assert (data["old"]["source"], data["new"]["source"]) == ("a/nw", "b/nw")
    for labels in (["--label", "a"], ["--label", "a", "--label", "b", "--label", "c"]):
        result = run("diff", *labels, "nw", "refresh.toml")
        assert result.exit_code == 2
        assert result.stderr.endswith("Error: --label is given twice (for OLD, then for NEW), or not at all\n")


def national_labels(result: Any) -> list[tuple[str, bool]]:
    return [(c["path"], c["national"]) for c in json.loads(result.stdout)["changes"]]


LABELS = [(path, national) for _, path, _, _, national, _ in EXPECTED]


def test_national_text_is_judged_against_a_fixed_reference(run: Run, workdir: Path) -> None:
    # by path, with ./plans holding both shipped plans
    assert national_labels(run("diff", "nw", "refresh.toml", "-f", "json")) == LABELS
    # with --plans naming a folder that holds only the revision, or no other region at all
    alone = workdir / "alone"
    alone.mkdir()
    shutil.copy(FIXTURE, alone / "refresh.toml")
    assert (
        national_labels(run("--plans", str(alone), "diff", "plans/north_west.toml", "refresh.toml", "-f", "json"))
        == LABELS
    )
    (workdir / "plans" / "east_of_england.toml").unlink()
    assert national_labels(run("diff", "nw", "refresh.toml", "-f", "json")) == LABELS
    # the labels do not depend on which region's plan is diffed against which reference
    assert [c.national for c in diff_plans(NW, REFRESH, others=[EOE, NW]).changes] == [n for _, n in LABELS]


def test_national_needs_text_shared_by_two_regions() -> None:
    # one region's own plans share nothing with another region: nothing is national
    assert [c.national for c in diff_plans(NW, REFRESH, others=[NW, REFRESH]).changes] == [False] * len(EXPECTED)
    assert [c.national for c in diff_plans(NW, REFRESH, others=[EOE]).changes] == [False] * len(EXPECTED)


def test_any_toml_path_works_outside_a_plans_directory(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    old = write(tmp_path / "a" / "x_LOCAL_1234.toml", meta_toml(revision="2022"))
    new = write(tmp_path / "b" / "x_REMOTE_1234.toml", meta_toml(revision="2023"))
    result = run("diff", str(old), str(new), "-f", "json")
    assert result.exit_code == 1
    assert [(c["kind"], c["path"], c["old"], c["new"]) for c in json.loads(result.stdout)["changes"]] == [
        ("changed", "meta.revision", "2022", "2023")
    ]


def test_bad_plan_file(run: Run, workdir: Path) -> None:
    write(workdir / "bad.toml", meta_toml() + 'period = "2022"\n')
    result = run("diff", "nw", "bad.toml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "rrp: error: bad.toml:7:16: TOML syntax error: Cannot overwrite a value\n"


def test_unknown_plan(run: Run, workdir: Path) -> None:
    result = run("diff", "nw", "wales")
    assert result.exit_code == 2
    assert result.stderr.startswith('rrp: error: unknown plan "wales"; known plans: eoe (East of England), nw')


def test_command_is_registered() -> None:
    assert main.commands["diff"] is diff_command


@pytest.mark.parametrize("command", ["diff", "compare"])
def test_threshold_has_a_readable_metavar(run: Run, command: str) -> None:
    options = run(command, "--help").stdout.split("Options:", 1)[1]
    assert "  --threshold X  " in options
    assert "FLOAT" not in options
