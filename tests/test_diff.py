"""rrp diff: structure-aware changes between two revisions of a plan, git revisions, outputs and errors."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import PLANS, REPO, Run, meta_toml, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rrpcli.cli import main
from rrpcli.cli.diff import diff_command
from rrpcli.diff import DEFAULT_THRESHOLD, Change, diff_plans, pair_lists, stayed
from rrpcli.errors import GitError
from rrpcli.gitrev import Spec, split_spec
from rrpcli.loader import load_plan
from rrpcli.model import ContextItem, GlossaryEntry, Pathway, Plan, Target

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

EXPECTED = [
    ("changed", "meta.revision", "2022", "2023", False),
    ("changed", "meta.source", "HMPPS, North West Reducing Reoffending P", "rrp test fixture: an invented 2023 refre", False),
    ("changed", "about.facts[0]", "Around 4,800 staff employed by HMPPS (3,", "Around 5,000 staff employed by HMPPS (3,", False),
    ("changed", "about.facts[0].figures[0].value", 4800, 5000, False),
    ("changed", "about.facts[0].figures[1].value", 3200, 3300, False),
    ("changed", "about.facts[0].figures[2].value", 1600, 1700, False),
    ("moved", "achievements.items[0]", "We are recruiting 10 employment leads, 1", "We have recruited 10 employment leads, 1", True),
    ("changed", "achievements.items[0]", "We are recruiting 10 employment leads, 1", "We have recruited 10 employment leads, 1", True),
    ("removed", f"{TSW}.partners[6]", "Novus, an education provider for prisons", None, False),
    ("changed", f"{TSW}.targets[0]", "By July 2023, North West will increase t", "By March 2024, North West will increase ", True),
    ("changed", f"{TSW}.targets[0].baseline", 18, 17, True),
    ("changed", f"{TSW}.targets[0].baseline_date", "2022-03", "2023-03", True),
    ("changed", f"{TSW}.targets[0].change_pp", 1, 2, True),
    ("changed", f"{TSW}.targets[0].deadline", "2023-07", "2024-03", True),
    ("changed", f"{TSW}.objectives[1]", "Increase the range of employers offering", "Increase the range and number of employe", False),
    ("added", f"{TSW}.activities[4]", None, "Introduce a digital skills programme in ", False),
    ("moved", "pathways.drugs_alcohol.context[0]", "British drug-related organised crime gan", "British drug-related organised crime gan", False),
    ("changed", "pathways.family_accommodation.introduction[2]", "In July 2021 we launched a new transitio", "In July 2021 we launched a new transitio", True),
    ("changed", "pathways.family_accommodation.objectives[3]", "Improve collaboration with local authori", "Improve collaboration with local authori", False),
    ("moved", "pathways.public_security.partners[3]", "Electronic monitoring providers, working", "Electronic monitoring providers, working", False),
]  # fmt: skip


def test_fixture_changes_exactly() -> None:
    result = diff_plans(NW, REFRESH, others=[EOE])
    got = [(c.kind, c.path, short(c.old), short(c.new), c.national) for c in result.changes]
    assert got == EXPECTED


def test_fixture_each_kind_in_detail() -> None:
    changes = diff_plans(NW, REFRESH, others=[EOE]).changes
    by = {(c.kind, c.path): c for c in changes}
    # a reworded objective: one change, paired by content, with its full texts
    objective = by[("changed", f"{TSW}.objectives[1]")]
    assert (objective.old, objective.new) == (
        "Increase the range of employers offering dedicated opportunities for prison leavers",
        "Increase the range and number of employers offering dedicated job opportunities for prison leavers",
    )
    assert (objective.old_path, objective.new_path) == (f"{TSW}.objectives[1]", f"{TSW}.objectives[1]")
    # an inserted activity is one addition; the activities after it are not "changed"
    assert [c.path for c in changes if c.part == "activities"] == [f"{TSW}.activities[4]"]
    # the moved-and-edited achievement: a "moved" and a "changed" change, from #10 to #1
    moved = by[("moved", "achievements.items[0]")]
    assert (moved.old_path, moved.new_path) == ("achievements.items[9]", "achievements.items[0]")
    assert by[("changed", "achievements.items[0]")].old_path == "achievements.items[9]"
    # a swap of two partners is one move, not two
    assert [c.path for c in changes if c.section == "public_security"] == ["pathways.public_security.partners[3]"]
    # a target's numbers as numbers, with the ambition figures before and after
    deadline = by[("changed", f"{TSW}.targets[0].deadline")]
    assert (deadline.field, deadline.old, deadline.new) == ("deadline", "2023-07", "2024-03")
    assert deadline.ambition == {
        "old": {"kind": "increase", "change_pp": 1.0, "relative_change_pct": 5.6, "months": 16,
                "pp_per_year": 0.75, "gap_closed_pct": 1.2, "grade": "modest"},
        "new": {"kind": "increase", "change_pp": 2.0, "relative_change_pct": 11.8, "months": 12,
                "pp_per_year": 2.0, "gap_closed_pct": 2.4, "grade": "modest"},
    }  # fmt: skip
    # fact figures by metric key
    figure = by[("changed", "about.facts[0].figures[0].value")]
    assert (figure.metric, figure.field, figure.old, figure.new) == ("hmpps_staff", "value", 4800, 5000)


def test_a_plan_against_itself_reports_nothing(run: Run, workdir: Path) -> None:
    assert diff_plans(NW, NW, others=[EOE]).changes == ()
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
    got = [(c.kind, c.path, c.old, c.new) for c in diff_plans(NW, plan).changes]
    assert got == [
        ("changed", "pathways.drugs_alcohol.context[0].footnotes", [], [3]),
        ("changed", "footnotes[5].number", 6, 7),
    ]


# -- the generic comparison: a field added to the model needs no diff code ---------------------------


@dataclasses.dataclass(frozen=True)
class Risk:
    """A record type rrp has never seen, listed in a pathway."""

    text: str
    level: int = 0


@dataclasses.dataclass(frozen=True)
class OwnedTarget(Target):
    """A target with fields the model does not have (yet)."""

    owner: str = ""
    reviews: tuple[int, ...] = ()


@dataclasses.dataclass(frozen=True)
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
    got = [(c.kind, c.path, c.old, c.new, c.field) for c in diff_plans(old, new).changes]
    assert got == [
        ("changed", f"{TSW}.targets[0].owner", "Jo Bloggs", "Sam Smith", "owner"),
        ("changed", f"{TSW}.targets[0].reviews", [2022], [2022, 2023], "reviews"),
        ("changed", f"{TSW}.targets[1].reviews", [2022], [2022, 2023], "reviews"),
        (
            "changed",
            f"{TSW}.risks[0]",
            housing.text,
            "Too little settled housing for people leaving prison in the whole region",
            None,
        ),
        ("changed", f"{TSW}.risks[0].level", 1, 3, "level"),
        ("moved", f"{TSW}.risks[1]", shortage.text, shortage.text, None),
        (
            "added",
            f"{TSW}.risks[2]",
            None,
            "Employers in the region are reluctant to hire people with convictions",
            None,
        ),
        ("added", f"{TSW}.lead", None, "The regional employment lead", None),
    ]


# -- a property over generated edits -------------------------------------------------------------

LISTS = [
    "achievements.items",
    "our_partners.names",
    "glossary",
    f"{TSW}.objectives",
    f"{TSW}.activities",
    f"{TSW}.partners",
    "pathways.public_security.context",
    "pathways.family_accommodation.objectives",
]


def get_list(plan: Plan, path: str) -> list[str]:
    if path == "glossary":
        return [g.text for g in plan.glossary]
    owner: Any = plan
    *parents, name = path.split(".")
    for part in parents:
        owner = getattr(owner, part)
    return [x.text if isinstance(x, ContextItem) else x for x in getattr(owner, name)]


def set_list(plan: Plan, path: str, texts: list[str]) -> Plan:
    if path == "glossary":
        return dataclasses.replace(plan, glossary=tuple(GlossaryEntry(t) for t in texts))
    section, *rest = path.split(".")
    if section == "pathways":
        pid, name = rest
        pathway: Pathway = getattr(plan.pathways, pid)
        items: tuple[Any, ...] = tuple(ContextItem(t) for t in texts) if name == "context" else tuple(texts)
        changed = dataclasses.replace(pathway, **{name: items})
        return dataclasses.replace(plan, pathways=dataclasses.replace(plan.pathways, **{pid: changed}))
    return dataclasses.replace(
        plan, **{section: dataclasses.replace(getattr(plan, section), **{rest[0]: tuple(texts)})}
    )


EDITS = st.lists(
    st.tuples(st.sampled_from(["insert", "remove", "reword", "move"]), st.integers(0, 50), st.integers(0, 50)),
    max_size=6,
)


@given(st.sampled_from(LISTS), EDITS)
@settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
def test_every_applied_edit_is_reported_and_nothing_else(path: str, edits: list[tuple[str, int, int]]) -> None:
    old_texts = get_list(NW, path)
    # Each entry: (index in the old list or None for an insertion, current text).
    items: list[tuple[int | None, str]] = list(enumerate(old_texts))
    reworded: set[int] = set()
    moves = 0
    for n, (op, a, b) in enumerate(edits):
        if op == "insert":
            fresh = " ".join(f"q{n}x{k}" for k in range(8))  # shares no word with anything
            items.insert(a % (len(items) + 1), (None, f"{fresh} – inserted"))
        elif not items:
            continue
        elif op == "remove":
            items.pop(a % len(items))
        elif op == "reword":
            origin, text = items[a % len(items)]
            ws = text.split(" ")
            if origin is None or origin in reworded or len(ws) < 6:
                continue
            ws[b % len(ws)] = f"reworded{n}"
            items[a % len(items)] = (origin, " ".join(ws))
            reworded.add(origin)
        elif op == "move":
            item = items.pop(a % len(items))
            items.insert(b % (len(items) + 1), item)
            moves += 1
    new_texts = [t for _, t in items]
    changes = diff_plans(NW, set_list(NW, path, new_texts)).changes

    base = path
    assert all(c.path.startswith(base + "[") and c.field is None for c in changes), changes
    kept = {o for o, _ in items if o is not None}

    def index(c: Change, side: str) -> int:
        p = c.old_path if side == "old" else c.new_path
        p = p or c.path
        return int(p[p.rfind("[") + 1 : -1])

    assert {c.path for c in changes if c.kind == "removed"} == {
        f"{base}[{i}]" for i in range(len(old_texts)) if i not in kept
    }
    assert {(c.path, c.new) for c in changes if c.kind == "added"} == {
        (f"{base}[{j}]", t) for j, (o, t) in enumerate(items) if o is None
    }
    assert {(index(c, "old"), c.new) for c in changes if c.kind == "changed"} == {
        (o, t) for o, t in items if o is not None and t != old_texts[o]
    }
    moved = {index(c, "old"): index(c, "new") for c in changes if c.kind == "moved"}
    assert len(moved) <= moves
    # Rebuild the new list from the old one and the reported changes: it must come out exactly.
    edited = {index(c, "old"): c.new for c in changes if c.kind == "changed"}
    rebuilt: list[str | None] = [None] * len(new_texts)
    for c in changes:
        if c.kind == "added":
            rebuilt[index(c, "new")] = c.new
    for i, j in moved.items():
        rebuilt[j] = edited.get(i, old_texts[i])
    stay = iter(i for i in range(len(old_texts)) if i in kept and i not in moved)
    rebuilt = [t if t is not None else edited.get(i := next(stay), old_texts[i]) for t in rebuilt]
    assert rebuilt == new_texts


# -- the terminal view, Markdown, JSON, --stat, --section, --ignore-moves --------------------------

TERMINAL = """\
North West: revision 2022 → 2023
================================
old: plans/north_west.toml · new: refresh.toml

20 changes: 1 added, 1 removed, 15 changed, 3 moved (8 to national text)

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
  hmpps_staff 4,800 → 5,000 · prison_staff 3,200 → 3,300 · probation_staff 1,600
  → 1,700

Achievements
------------
~ We [-are recruiting-]{+have recruited+} 10 employment leads, 10 ID and banking
  support … specialists, and 5 health and justice partnership co-ordinators [-by
  the end of 2022-] to support in addressing the causes of reoffending.  (moved
  from #10 to #1)  (national text)

Training, skills and work
-------------------------
Important partners in this work:
- Novus, an education provider for prisons

Targets:
~ By [-July 2023,-]{+March 2024,+} North West will increase the proportion
  employed six weeks after release by [-1-]{+2+} percentage [-point-]{+points+}
  from [-18%-]{+17%+} in March [-2022-]{+2023+}  (national text)
  baseline 18% → 17% · baseline date Mar 2022 → Mar 2023 · change +1 pp → +2 pp
  · deadline Jul 2023 → Mar 2024
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


def test_readme_example_is_the_real_output(run: Run, workdir: Path) -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    example = readme.split("```console\n$ rrp diff nw tests/fixtures/north_west_2023_refresh.toml\n", 1)[1]
    example = example.split("```", 1)[0]
    (workdir / "tests" / "fixtures").mkdir(parents=True)
    shutil.copy(FIXTURE, workdir / "tests" / "fixtures" / FIXTURE.name)
    result = run("diff", "nw", "tests/fixtures/north_west_2023_refresh.toml")
    assert result.stdout == example


def test_markdown(run: Run, workdir: Path) -> None:
    result = run("diff", "nw", "refresh.toml", "--format", "markdown", "--section", "training_skills_work")
    assert result.exit_code == 1
    assert result.stdout == (
        "# North West: revision 2022 → 2023\n"
        "\n"
        "*old: plans/north\\_west.toml · new: refresh.toml*\n"
        "\n"
        "**8 changes: 1 added, 1 removed, 6 changed, 0 moved (5 to national text)**\n"
        "\n"
        "## Training, skills and work\n"
        "\n"
        "### Important partners in this work\n"
        "\n"
        "- `-` Novus, an education provider for prisons\n"
        "\n"
        "### Targets\n"
        "\n"
        "- `~` By ~~July 2023,~~**March 2024,** North West will increase the proportion employed six weeks after"
        " release by ~~1~~**2** percentage ~~point~~**points** from ~~18%~~**17%** in March ~~2022~~**2023**"
        "  *(national text)*\n"
        "- baseline 18% → 17% · baseline date Mar 2022 → Mar 2023 · change +1 pp → +2 pp · deadline Jul 2023 → Mar 2024\n"
        "- ambition: modest, +1 pp in 16 months (0.75 pp a year, 1.2% of the gap) → modest, +2 pp in 12 months"
        " (2 pp a year, 2.4% of the gap)\n"
        "\n"
        "### Three-year objectives\n"
        "\n"
        "- `~` Increase the range **and number** of employers offering dedicated **job** opportunities for prison"
        " leavers\n"
        "\n"
        "### Three-year activities\n"
        "\n"
        "- `+` Introduce a digital skills programme in every resettlement prison, delivered with local colleges\n"
    )


def test_json_contract(run: Run, workdir: Path) -> None:
    result = run("diff", "nw", "refresh.toml", "--format", "json", "--section", "drugs_alcohol", "-s", "about")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["old"] == {"code": "nw", "region": "North West", "revision": "2022", "source": "plans/north_west.toml"}
    assert data["new"] == {"code": "nw", "region": "North West", "revision": "2023", "source": "refresh.toml"}
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
    }
    assert data["changes"][1] == {
        "kind": "changed",
        "path": "about.facts[0].figures[0].value",
        "old": 4800,
        "new": 5000,
        "national": False,
        "section": "about",
        "part": "facts",
        "old_path": "about.facts[0].figures[0].value",
        "new_path": "about.facts[0].figures[0].value",
        "field": "value",
        "metric": "hmpps_staff",
    }
    assert data["changes"][4] == {
        "kind": "moved",
        "path": "pathways.drugs_alcohol.context[0]",
        "old": "British drug-related organised crime gangs are prevalent, particularly in Merseyside.",
        "new": "British drug-related organised crime gangs are prevalent, particularly in Merseyside.",
        "national": False,
        "section": "drugs_alcohol",
        "part": "context",
        "old_path": "pathways.drugs_alcohol.context[2]",
        "new_path": "pathways.drugs_alcohol.context[0]",
    }
    assert len(data["changes"]) == 5


def test_json_numbers_carry_ambition(run: Run, workdir: Path) -> None:
    data = json.loads(run("diff", "nw", "refresh.toml", "-f", "json", "-s", "training_skills_work").stdout)
    baseline = next(c for c in data["changes"] if c.get("field") == "baseline")
    assert (baseline["path"], baseline["old"], baseline["new"], baseline["national"]) == (
        f"{TSW}.targets[0].baseline",
        18,
        17,
        True,
    )
    assert baseline["ambition"]["old"]["months"] == 16
    assert baseline["ambition"]["new"]["months"] == 12
    assert sorted(baseline["ambition"]["new"]) == sorted(
        ["kind", "change_pp", "relative_change_pct", "months", "pp_per_year", "gap_closed_pct", "grade"]
    )


STAT = """\
North West: revision 2022 → 2023
================================
old: plans/north_west.toml · new: refresh.toml

20 changes: 1 added, 1 removed, 15 changed, 3 moved (8 to national text)

part                             added  removed  changed  moved  national  total
Metadata                             0        0        2      0         0      2
About the North West region          0        0        4      0         0      4
Achievements                         0        0        1      1         2      2
Training, skills and work            1        1        6      0         5      8
Drugs and alcohol addiction          0        0        0      1         0      1
Family, accommodation and            0        0        2      0         1      2
readjustment to society
Public security through              0        0        0      1         0      1
engagement and compliance
total                                1        1       15      3         8     20
"""


def test_stat(run: Run, workdir: Path) -> None:
    result = run("diff", "nw", "refresh.toml", "--stat")
    assert result.exit_code == 1
    assert result.stdout == STAT


def test_stat_json(run: Run, workdir: Path) -> None:
    data = json.loads(run("diff", "nw", "refresh.toml", "--stat", "--format", "json", "--ignore-moves").stdout)
    assert data["stat"][2] == {
        "section": "achievements",
        "title": "Achievements",
        "added": 0,
        "removed": 0,
        "changed": 1,
        "moved": 0,
        "national": 1,
        "total": 1,
    }
    assert data["total"] == {"added": 1, "removed": 1, "changed": 15, "moved": 0, "national": 7, "total": 17}
    assert [r["section"] for r in data["stat"]] == [
        "meta",
        "about",
        "achievements",
        "training_skills_work",
        "family_accommodation",
    ]


def test_ignore_moves_keeps_the_edit_of_a_moved_item(run: Run, workdir: Path) -> None:
    result = run("diff", "nw", "refresh.toml", "--ignore-moves", "--section", "achievements", "-s", "drugs_alcohol")
    assert result.exit_code == 1
    assert result.stdout == (
        "North West: revision 2022 → 2023\n"
        "================================\n"
        "old: plans/north_west.toml · new: refresh.toml\n"
        "\n"
        "1 change: 0 added, 0 removed, 1 changed, 0 moved (1 to national text)\n"
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


def test_national_needs_other_plans(run: Run, workdir: Path) -> None:
    (workdir / "plans" / "east_of_england.toml").unlink()
    data = json.loads(run("diff", "nw", "refresh.toml", "-f", "json").stdout)
    assert [c["national"] for c in data["changes"]] == [False] * 20


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


# -- PLAN@REV -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "parsed"),
    [
        ("nw", Spec("nw")),
        ("nw@HEAD~1", Spec("nw", "HEAD~1")),
        ("plans/north_west.toml@v2022", Spec("plans/north_west.toml", "v2022")),
        ("nw@HEAD@{1}", Spec("nw", "HEAD@{1}")),
    ],
)
def test_split_spec(spec: str, parsed: Spec) -> None:
    assert split_spec(spec) == parsed


def test_split_spec_keeps_existing_files_with_at_signs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a@b" / "plan@2.toml", "")
    assert split_spec("a@b/plan@2.toml") == Spec("a@b/plan@2.toml")
    assert split_spec("a@b/plan@2.toml@HEAD") == Spec("a@b/plan@2.toml", "HEAD")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("nw@", 'nw@: no revision after "@" (e.g. nw@HEAD~1)'),
        ("nw@--output=x", 'nw@--output=x: a revision cannot start with "-"'),
    ],
)
def test_split_spec_errors(spec: str, message: str) -> None:
    with pytest.raises(GitError) as caught:
        split_spec(spec)
    assert caught.value.message == message


GIT_ENV = {
    "GIT_AUTHOR_NAME": "rrp tests",
    "GIT_AUTHOR_EMAIL": "tests@example.org",
    "GIT_COMMITTER_NAME": "rrp tests",
    "GIT_COMMITTER_EMAIL": "tests@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", *args],
        cwd=repo,
        env={**os.environ, **GIT_ENV, "HOME": str(repo.parent), **(env or {})},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository whose plans/north_west.toml was the shipped plan, then the 2023 refresh."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    (root / "plans").mkdir(parents=True)
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("HOME", str(tmp_path))
    git(root, "init", "-q")
    shutil.copy(PLANS / "north_west.toml", root / "plans" / "north_west.toml")
    git(root, "add", "plans")
    git(root, "commit", "-q", "-m", "2022")
    git(root, "tag", "v2022")
    shutil.copy(FIXTURE, root / "plans" / "north_west.toml")
    git(root, "commit", "-q", "-am", "2023 refresh")
    monkeypatch.chdir(root)
    return root


def test_git_revision_by_path(run: Run, repo: Path) -> None:
    result = run("diff", "plans/north_west.toml@HEAD~1", "plans/north_west.toml", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["old"] == {
        "code": "nw",
        "region": "North West",
        "revision": "2022",
        "source": "plans/north_west.toml@HEAD~1",
    }
    assert data["new"]["source"] == "plans/north_west.toml"
    # only the shipped plan is on hand here: nothing is national
    assert [(c["kind"], c["path"], short(c["old"]), short(c["new"])) for c in data["changes"]] == [
        (k, p, o, n) for k, p, o, n, _ in EXPECTED
    ]


def test_git_revision_by_name_and_tag(run: Run, repo: Path) -> None:
    result = run("diff", "nw@v2022", "nw@HEAD", "--stat")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[2] == "old: plans/north_west.toml@v2022 · new: plans/north_west.toml@HEAD"
    assert run("diff", "nw@HEAD", "nw").exit_code == 0


def test_git_revision_of_a_file_deleted_since(run: Run, repo: Path) -> None:
    shutil.copy(repo / "plans" / "north_west.toml", repo / "refresh.toml")
    git(repo, "rm", "-q", "plans/north_west.toml")
    git(repo, "commit", "-q", "-m", "gone")
    result = run("diff", "plans/north_west.toml@HEAD~1", "refresh.toml")
    assert result.exit_code == 0
    assert result.stdout.endswith("No differences.\n")


def test_git_not_installed(run: Run, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = run("diff", "plans/north_west.toml@HEAD~1", "plans/north_west.toml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "rrp: error: plans/north_west.toml@HEAD~1: cannot read a git revision: git is not installed (no git on PATH)\n"
    )


def test_git_not_a_repository(run: Run, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(workdir.parent))
    result = run("diff", "refresh.toml@HEAD", "refresh.toml")
    assert result.exit_code == 2
    assert result.stderr == "rrp: error: refresh.toml@HEAD: refresh.toml is not in a git repository\n"
    result = run("diff", "nw@HEAD", "nw")
    assert result.stderr == (
        "rrp: error: plans/north_west.toml@HEAD: plans/north_west.toml is not in a git repository\n"
    )


def test_git_no_such_revision(run: Run, repo: Path) -> None:
    result = run("diff", "nw@v2021", "nw")
    assert result.exit_code == 2
    assert result.stderr == (
        f'rrp: error: plans/north_west.toml@v2021: no such revision "v2021" in the repository {repo}\n'
    )


def test_git_no_such_path_at_revision(run: Run, repo: Path) -> None:
    write(repo / "plans" / "wales.toml", meta_toml("wa", "Wales"))
    result = run("diff", "plans/wales.toml@HEAD", "plans/wales.toml")
    assert result.exit_code == 2
    assert result.stderr == 'rrp: error: plans/wales.toml@HEAD: "plans/wales.toml" does not exist at revision HEAD\n'
    result = run("diff", "plans@HEAD", "nw")
    assert result.stderr.startswith('rrp: error: unknown plan "plans"')


def test_git_path_is_a_directory_at_revision(run: Run, repo: Path) -> None:
    (repo / "plans" / "north_west.toml").unlink()
    (repo / "plans" / "north_west.toml").mkdir()
    write(repo / "plans" / "north_west.toml" / "x.toml", meta_toml())
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "dir")
    result = run("diff", "plans/north_west.toml@HEAD", "plans/north_west.toml@HEAD~1")
    assert result.exit_code == 2
    assert (
        result.stderr
        == 'rrp: error: plans/north_west.toml@HEAD: "plans/north_west.toml" is not a file at revision HEAD\n'
    )


def test_git_bad_plan_at_revision(run: Run, repo: Path) -> None:
    write(repo / "plans" / "north_west.toml", meta_toml("nw", "North West") + "region = 1\n")
    git(repo, "commit", "-q", "-am", "broken")
    result = run("diff", "plans/north_west.toml@HEAD", "plans/north_west.toml@HEAD~1")
    assert result.exit_code == 2
    assert result.stderr == (
        "rrp: error: plans/north_west.toml@HEAD:7:11: TOML syntax error: Cannot overwrite a value\n"
    )
    # a name (here the file's stem: the broken file states no code) still finds the file
    assert run("diff", "north_west@HEAD~1", "north-west@HEAD~2").exit_code == 1


def rrp_path() -> str:
    """PATH with the directory of this Python's ``rrp`` script first."""
    return os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])


def test_git_diff_driver_recipe(repo: Path) -> None:
    (repo / ".gitattributes").write_text("plans/*.toml diff=rrp\n", encoding="utf-8")
    git(repo, "config", "diff.rrp.command", RECIPE_DRIVER)
    out = git(repo, "--no-pager", "diff", "HEAD~1", "HEAD", env={"PATH": rrp_path(), "COLUMNS": "80"})
    assert out.splitlines()[:5] == [
        "North West: revision 2022 → 2023",
        "================================",
        "old: a/plans/north_west.toml · new: b/plans/north_west.toml",
        "",
        "20 changes: 1 added, 1 removed, 15 changed, 3 moved",
    ]
    assert "> British drug-related organised crime gangs are prevalent, particularly in" in out.splitlines()
    # an unchanged plan makes git diff print nothing
    assert git(repo, "--no-pager", "diff", "HEAD", env={"PATH": rrp_path()}) == ""


def test_git_difftool_recipe(repo: Path) -> None:
    out = git(
        repo,
        "difftool",
        "-y",
        "-x",
        "rrp diff --no-pager --stat",
        "HEAD~1",
        "HEAD",
        "--",
        "plans/north_west.toml",
        env={"PATH": rrp_path(), "COLUMNS": "80"},
    )
    assert out.splitlines()[0] == "North West: revision 2022 → 2023"
    assert out.splitlines()[-1].split() == ["total", "1", "1", "15", "3", "0", "20"]


#: The diff driver of the README, word for word.
RECIPE_DRIVER = 'f() { rrp diff --no-pager --label "a/$1" --label "b/$1" "$2" "$5"; test $? -le 1; }; f'


def test_readme_recipes_are_the_tested_ones() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    assert f"git config diff.rrp.command '{RECIPE_DRIVER}'" in readme
    assert "git difftool -y -x 'rrp diff --no-pager' HEAD~1 -- plans/north_west.toml" in readme


def test_styled_view_uses_colour_not_word_marks() -> None:
    import io

    from rrpcli.cli.output import Output, show_document
    from rrpcli.diff_view import diff_document

    stream = io.StringIO()
    doc = diff_document(diff_plans(NW, REFRESH, sections=["training_skills_work"]), REFRESH)
    show_document(doc, Output(stream, styled=True, interactive=False, width=80, height=24))
    out = stream.getvalue()
    assert "\x1b[" in out
    assert "[-" not in out and "{+" not in out
    assert "Introduce a digital skills programme" in out
