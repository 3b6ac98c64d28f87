"""rrp compare: alignment of national and regional text, figures side by side, the JSON contract, the CLI."""

from __future__ import annotations

import dataclasses
import json
import shutil
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import alignment_oracle as oracle
import pytest
from conftest import PLANS, SENTENCES, Run, plan_texts

from rrpcli import textsim
from rrpcli.compare import (
    DEFAULT_THRESHOLD,
    compare_plans,
    fold_name,
    template_pattern,
)
from rrpcli.compare.candidates import SectionIndex
from rrpcli.compare.relations import TextRelation
from rrpcli.compare.texts import ComparedTexts
from rrpcli.loader import dump_plan, load_plan
from rrpcli.units import text_units

ALL = None  # every item of a list

# -- helpers ----------------------------------------------------------------------


def compare_json(run: Run, *args: str) -> dict[str, Any]:
    result = run("compare", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def section(data: dict[str, Any], sid: str) -> dict[str, Any]:
    found: dict[str, Any] = next(s for s in data["sections"] if s["id"] == sid)
    return found


def shared_with(data: dict[str, Any], sid: str, code: str, start: str) -> dict[str, Any]:
    """The shared item of a section whose text for a plan starts with ``start``."""
    items = [x for x in section(data, sid)["shared"] if code in x["text"] and x["text"][code].startswith(start)]
    assert len(items) == 1, items
    return items[0]


def toml_lists(name: str) -> dict[str, list[str]]:
    """Every text of a shipped plan file by its list, read straight from the TOML (not through rrpcli)."""
    data = tomllib.loads((PLANS / f"{name}.toml").read_text("utf-8"))
    out: dict[str, list[str]] = {
        "foreword.paragraphs": data["foreword"]["paragraphs"],
        "foreword.signature": [data["foreword"]["signature"]],
        "vision": [
            data["vision"]["text"],
            *data["vision"]["principles"],
            *data["vision"]["values"],
            data["vision"]["principles_statement"],
        ],
        "about.facts": [f["text"] for f in data["about"]["facts"]],
        "achievements.items": data["achievements"]["items"],
        "national_priorities": data["national_priorities"]["paragraphs"]
        + data["national_priorities"]["investments"]
        + [p for s in data["national_priorities"]["statements"] for p in [*s["paragraphs"], s["attribution"]]],
        "our_partners.names": data["our_partners"]["names"],
        "measuring_progress.paragraphs": data["measuring_progress"]["paragraphs"],
        "glossary": [g["text"] for g in data["glossary"]],
    }
    for pid, pathway in data["pathways"].items():
        out[f"{pid}.introduction"] = pathway["introduction"]
        out[f"{pid}.context"] = [c["text"] for c in pathway["context"]]
        out[f"{pid}.partners"] = pathway["partners"]
        out[f"{pid}.targets"] = [t["text"] for t in pathway["targets"]]
        out[f"{pid}.objectives"] = pathway["objectives"]
        out[f"{pid}.activities"] = pathway["activities"]
    return out


def words_in(texts: Iterable[str]) -> int:
    return sum(len(t.split()) for t in texts)


def south_west(plans_dir: Path) -> Path:
    """A third plan derived from North West: region renamed, two items changed, one item of its own."""
    text = (PLANS / "north_west.toml").read_text("utf-8")
    text = text.replace('code = "nw"', 'code = "sw"').replace(
        'aliases = ["North West region", "northwest"]', "aliases = []"
    )
    text = text.replace("North West", "South West")
    text = text.replace("from HMP Thorn Cross", "from HMP Leyhill")
    text = text.replace(
        "Offploy, delivering employment training and education support as part of unpaid work hours",
        "Open a new skills academy at HMP Channings Wood for prison leavers in Devon",
    )
    path = plans_dir / "south_west.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def three_plans(plans_copy: Path) -> Path:
    south_west(plans_copy)
    return plans_copy


# -- match kinds on the real plans -------------------------------------------------


def test_identical_glossary_entry(run: Run, plans_copy: Path) -> None:
    data = compare_json(run, "nw", "eoe")
    item = shared_with(data, "glossary", "nw", "Acquisitive crime –")
    assert item["match"] == "identical"
    assert item["similarity"] == 1.0
    assert item["plans"] == ["nw", "eoe"]
    assert item["text"]["nw"] == item["text"]["eoe"]
    assert item["units"] == {"nw": ["glossary[0]"], "eoe": ["glossary[0]"]}
    assert "slots" not in item


def test_template_employment_target(run: Run, plans_copy: Path) -> None:
    data = compare_json(run, "nw", "eoe")
    item = shared_with(data, "training_skills_work", "nw", "By July 2023, North West will increase")
    assert item["match"] == "template"
    assert item["plans"] == ["nw", "eoe"]
    assert item["slots"] == [
        {"nw": "North West", "eoe": "East of England"},
        {"nw": "1", "eoe": "6"},
        {"nw": "point", "eoe": "points"},
        {"nw": "18%", "eoe": "14%"},
    ]
    assert item["text"]["eoe"] == (
        "By July 2023, East of England will increase the proportion employed six weeks after release "
        "by 6 percentage points from 14% in March 2022"
    )


def test_edited_approved_premises_sentence(run: Run, plans_copy: Path) -> None:
    data = compare_json(run, "nw", "eoe")
    item = shared_with(data, "family_accommodation", "nw", "HMPPS will increase the number of approved premises")
    assert item["match"] == "edited"
    assert item["similarity"] == 0.951
    assert item["units"] == {
        "nw": ["pathways.family_accommodation.introduction[3]"],
        "eoe": ["pathways.family_accommodation.introduction[3]"],
    }
    out = run("compare", "nw", "eoe", "--section", "family_accommodation").stdout
    assert (
        "- HMPPS will increase the number of approved premises spaces {+across England\n"
        "  and Wales+} by 200 and deliver essential repairs and maintenance. In women's\n"
        "  prisons, pre-release activity will ensure their specific needs are considered\n"
        "  as part of [-resettlement,-]{+resettlement activity,+} in addition to\n"
        "  probation staff working in all prisons as part of offender management in\n"
        "  custody.  (similarity 0.951)\n"
    ) in out


def test_regional_probation_buildings(run: Run, plans_copy: Path) -> None:
    data = compare_json(run, "nw", "eoe")
    public = section(data, "public_security")
    assert "Acquire three new probation buildings in Bootle, Preston and Blackburn" in public["regional"]["nw"]
    assert all("Bootle" not in text for x in public["shared"] for text in x["text"].values())
    out = run("compare", "nw", "eoe", "--section", "public_security").stdout
    assert "- activity: Acquire three new probation buildings in Bootle, Preston and\n  Blackburn\n" in out


def test_split_paragraph_is_one_shared_item(run: Run, plans_copy: Path) -> None:
    """NW runs two paragraphs into one that EoE splits: one identical item, nothing left over as regional."""
    data = compare_json(run, "nw", "eoe")
    item = shared_with(data, "national_priorities", "nw", "These plans outline")
    assert item["match"] == "identical"
    assert item["units"] == {
        "nw": ["national_priorities.paragraphs[3]"],
        "eoe": ["national_priorities.paragraphs[3]", "national_priorities.paragraphs[4]"],
    }
    assert item["text"]["eoe"].endswith(
        "fail to comply.\n\nThese plans are backed by a substantial investment over the next three years:"
    )
    assert section(data, "national_priorities")["regional"] == {"nw": [], "eoe": []}
    ps = shared_with(data, "public_security", "nw", "Integrated offender management (IOM)")
    assert len(ps["units"]["eoe"]) == 3


def test_headings_and_counts_per_section(run: Run, plans_copy: Path) -> None:
    data = compare_json(run, "nw", "eoe")
    vision = section(data, "vision")
    assert vision["title"] == "Vision, principles and values"
    assert [x["match"] for x in vision["shared"]].count("identical") == 9
    assert vision["regional"] == {"nw": [], "eoe": []}


# -- headline -------------------------------------------------------------------------


# Which texts are national (shared), list by list: ALL, or the indices of the items shared.
NW_NATIONAL: dict[str, list[int] | None] = {
    "vision": ALL,
    "about.facts": [1, 3],
    "achievements.items": [9],
    "national_priorities": ALL,
    "training_skills_work.introduction": ALL,
    "training_skills_work.targets": [0],
    "drugs_alcohol.introduction": ALL,
    "drugs_alcohol.targets": ALL,
    "drugs_alcohol.objectives": [0],
    "family_accommodation.introduction": ALL,
    "family_accommodation.targets": [0],
    "family_accommodation.objectives": [0, 1],
    "public_security.introduction": ALL,
    "public_security.targets": [0],
    "our_partners.names": list(range(11)),
    "measuring_progress.paragraphs": ALL,
    "glossary": ALL,
}
EOE_NATIONAL: dict[str, list[int] | None] = {
    **NW_NATIONAL,
    "about.facts": [8, 10],
    "achievements.items": [5],
    "drugs_alcohol.introduction": [0, 1, 2],
    "our_partners.names": [0, 1, 2, *range(5, 13)],
}


@pytest.mark.parametrize(
    ("code", "name", "national"), [("nw", "north_west", NW_NATIONAL), ("eoe", "east_of_england", EOE_NATIONAL)]
)
def test_headline_words(
    run: Run, plans_copy: Path, code: str, name: str, national: dict[str, list[int] | None]
) -> None:
    lists = toml_lists(name)
    total = words_in(t for texts in lists.values() for t in texts)
    expected_national = words_in(
        t for key, which in national.items() for i, t in enumerate(lists[key]) if which is ALL or i in which
    )
    summary = compare_json(run, "nw", "eoe")["summary"][code]
    assert summary["national_words"] == expected_national
    assert summary["regional_words"] == total - expected_national
    assert summary["total_words"] == total
    assert summary["national_pct"] == round(100 * expected_national / total, 1)


def test_headline_share_in_the_overview(run: Run, plans_copy: Path) -> None:
    data = compare_json(run, "nw", "eoe")
    nw, eoe = data["summary"]["nw"], data["summary"]["eoe"]
    lines = run("compare", "nw", "eoe", "--summary", "--as-of", "2026-01-15").stdout.splitlines()
    heading = (
        f"Pathways (national text: {nw['national_pct']:g}% of nw's words, {eoe['national_pct']:g}% of eoe's words):"
    )
    assert heading in lines
    assert data["overview"]["shares"] == heading[len("Pathways (") : -2]


# -- figures side by side ----------------------------------------------------------


def test_targets_are_the_rrp_targets_rows(run: Run, plans_copy: Path) -> None:
    data = compare_json(run, "nw", "eoe", "--as-of", "2026-01-15")
    rows = json.loads(run("targets", "nw", "eoe", "--format", "json", "--as-of", "2026-01-15").stdout)
    # rrp targets' rows end with each target's status (issue 15): the comparison has it in its overview.
    assert data["targets"] == [{k: v for k, v in row.items() if k != "status"} for row in rows]
    in_overview = [
        {k: v for k, v in r.items() if k != "status_text"} for m in data["overview"]["targets"] for r in m["rows"]
    ]
    assert sorted(in_overview, key=lambda r: (r["region"], r["metric"])) == sorted(
        (r for r in rows if r["kind"] != "qualitative"), key=lambda r: (r["region"], r["metric"])
    )
    out = run("compare", "nw", "eoe", "--section", "training_skills_work", "--as-of", "2026-01-15").stdout
    assert (
        "Targets side by side:\n"
        "region  from            to   change  by        pp/year  gap closed  grade\n"
        "Employed 6 weeks after release · national 19.3% (2023/24)\n"
        "nw      18% (Mar 2022)  19%   +1 pp  Jul 2023    +0.75        1.2%  modest\n"
        "eoe     14% (Mar 2022)  20%   +6 pp  Jul 2023     +4.5          7%  moderate\n"
        "Employed 6 months after release · national 31.1% (2023/24)\n"
        "nw      29% (2022)      29%    0 pp  Jul 2023        –          0%  maintain\n"
        "eoe     22% (Mar 2022)  24%   +2 pp  Jul 2023     +1.5        2.6%  modest\n"
    ) in out


def test_facts_by_metric_missing_is_null(run: Run, plans_copy: Path) -> None:
    facts = {f["metric"]: f for f in compare_json(run, "nw", "eoe")["facts"]}
    assert facts["police_and_crime_commissioners"]["values"] == {"nw": 4, "eoe": 7}
    assert facts["police_and_crime_commissioners"]["text"] == {
        "nw": "4 police and crime commissioners",
        "eoe": "7 police and crime commissioners",
    }
    assert facts["residents"]["values"] == {"nw": None, "eoe": 6900000}
    assert facts["residents"]["text"]["nw"] is None
    assert facts["hmpps_staff"]["values"] == {"nw": 4800, "eoe": None}
    assert list(facts)[:3] == ["hmpps_staff", "prison_staff", "probation_staff"]
    out = run("compare", "nw", "eoe", "--section", "about").stdout
    assert "police and crime commissioners  4             7\n" in out
    assert "residents                       –             more than 6.9 million\n" in out


def test_partners_shared_and_own(run: Run, plans_copy: Path) -> None:
    partners = compare_json(run, "nw", "eoe")["partners"]
    assert {"nw": "Clinks", "eoe": "CLINKS"} in partners["shared"]
    assert len(partners["shared"]) == 11
    assert partners["only"]["nw"] == [
        "National Fire Chiefs Council",
        "Public Health Wales",
        "Department for Levelling Up, Housing and Communities",
    ]
    assert partners["only"]["eoe"][:2] == [
        "Association of Directors of Social Services",
        "Local Government Association",
    ]


def test_partner_names_fold() -> None:
    assert fold_name("CLINKS") == fold_name("Clinks")
    assert fold_name("HM Courts & Tribunals Service") == "hm courts and tribunals service"


def test_counts_per_pathway(run: Run, plans_copy: Path) -> None:
    counts = {c["pathway"]: c for c in compare_json(run, "nw", "eoe")["counts"]}
    for code, name in (("nw", "north_west"), ("eoe", "east_of_england")):
        lists = toml_lists(name)
        for pid, row in counts.items():
            for kind in ("targets", "objectives", "activities", "partners"):
                assert row[kind][code] == len(lists[f"{pid}.{kind}"])
    out = run("compare", "nw", "eoe", "--section", "drugs_alcohol").stdout
    # Partners are organisations: East of England's "Our prison specialist drug-free units" is HMPPS itself.
    assert "Our prison specialist drug-free units" in toml_lists("east_of_england")["drugs_alcohol.partners"]
    assert (
        "Counts:\n"
        "            nw  eoe\n"
        f"targets      2    2\n"
        f"objectives   {len(toml_lists('north_west')['drugs_alcohol.objectives'])}"
        f"    {len(toml_lists('east_of_england')['drugs_alcohol.objectives'])}\n"
        f"activities   6    7\n"
        f"partners     4    5\n"
    ) in out


# -- three plans ----------------------------------------------------------------------


def test_three_plans(run: Run, three_plans: Path) -> None:
    data = compare_json(run, "nw", "eoe", "sw")
    assert [p["code"] for p in data["plans"]] == ["nw", "eoe", "sw"]
    glossary = shared_with(data, "glossary", "nw", "Acquisitive crime –")
    assert glossary["plans"] == ["nw", "eoe", "sw"]
    target = shared_with(data, "training_skills_work", "nw", "By July 2023, North West will increase")
    assert target["match"] == "template"
    assert target["plans"] == ["nw", "eoe", "sw"]
    assert target["slots"] == [
        {"nw": "North West", "eoe": "East of England", "sw": "South West"},
        {"nw": "1", "eoe": "6", "sw": "1"},
        {"nw": "point", "eoe": "points", "sw": "point"},
        {"nw": "18%", "eoe": "14%", "sw": "18%"},
    ]
    buildings = shared_with(data, "public_security", "nw", "Acquire three new probation buildings")
    assert buildings["match"] == "identical"
    assert buildings["plans"] == ["nw", "sw"]
    thorn = shared_with(data, "training_skills_work", "nw", "Increase release on temporary licence")
    assert thorn["match"] == "edited"
    assert thorn["plans"] == ["nw", "sw"]
    training = section(data, "training_skills_work")
    assert training["regional"]["nw"] == [
        "Offploy, delivering employment training and education support as part of unpaid work hours"
    ]
    assert training["regional"]["sw"] == ["Open a new skills academy at HMP Channings Wood for prison leavers in Devon"]
    out = run("compare", "nw", "eoe", "sw", "--section", "public_security").stdout
    assert "- nw, sw: Acquire three new probation buildings" not in out  # identical national text is folded
    assert (
        "23 national items (2 introduction paragraphs, 5 context bullets, 4 partner entries, 6 objectives, 6 "
        "activities), identical in the plans that share them (2 in all 3); --national to print them."
    ) in " ".join(out.split())
    out = run("compare", "nw", "eoe", "sw", "--section", "public_security", "--national").stdout
    assert "- nw, sw: Acquire three new probation buildings in Bootle, Preston and Blackburn\n" in out
    assert "North West (nw), East of England (eoe) and South West (sw) compared, as of" in out


def test_three_plans_every_unit_once(run: Run, three_plans: Path) -> None:
    data = compare_json(run, "nw", "eoe", "sw")
    for code in ("nw", "eoe", "sw"):
        assert_every_unit_once(data, code, three_plans)


def test_template_pattern_lines_up_three_plans() -> None:
    names = ["North West", "East of England", "South West"]
    pattern = template_pattern(
        [
            ("nw", "in the North West. More"),
            ("eoe", "in the East of England. More"),
            ("sw", "in the South West. More"),
        ],
        names,
    )
    assert pattern == ("in the", {"nw": "North West", "eoe": "East of England", "sw": "South West"}, ". More")
    assert template_pattern([("nw", "North West will grow"), ("eoe", "East of England may shrink")], names) is None


# -- many plans -------------------------------------------------------------------------

#: Twelve regions made from the shipped plans (alternately North West and East of England).
TWELVE = [
    ("ra", "Avalon"),
    ("rb", "Brigantia"),
    ("rc", "Caledon"),
    ("rd", "Dumnonia"),
    ("re", "Elmet"),
    ("rf", "Gwynedd"),
    ("rg", "Hwicce"),
    ("rh", "Iceni"),
    ("ri", "Jorvik"),
    ("rj", "Kernow"),
    ("rk", "Lindsey"),
    ("rl", "Mercia"),
]


#: An objective of each region's own.
OWN = [
    "Pilot a housing first scheme for women leaving custody",
    "Train every probation officer in trauma-informed practice",
    "Double the number of prison leavers met at the gate",
    "Open a new approved premises for young adults",
    "Fund a debt advice worker in each probation delivery unit",
    "Set up a veterans' peer support network",
    "Expand the community sentence treatment requirement to every court",
    "Bring employers into prisons for monthly recruitment days",
    "Give every prison leaver a bank account before release",
    "Start a restorative justice service for victims of burglary",
    "Provide family days in every prison twice a year",
    "Create a regional forum of magistrates and youth offending teams",
]


def twelve_plans(plans_dir: Path) -> list[str]:
    """Twelve plans: renamed everywhere, one achievement each dropped, one objective of their own."""
    base = [load_plan(PLANS / "north_west.toml"), load_plan(PLANS / "east_of_england.toml")]
    for i, (code, name) in enumerate(TWELVE):
        plan = base[i % 2]
        meta = dataclasses.replace(plan.meta, code=code, aliases=())
        items = plan.achievements.items
        achievements = dataclasses.replace(plan.achievements, items=items[:i] + items[i + 1 :])
        drugs = plan.pathways.drugs_alcohol
        assert drugs is not None
        drugs = dataclasses.replace(drugs, objectives=(*drugs.objectives, OWN[i]))
        pathways = dataclasses.replace(plan.pathways, drugs_alcohol=drugs)
        renamed = dataclasses.replace(plan, meta=meta, achievements=achievements, pathways=pathways)
        (plans_dir / f"{code}.toml").write_text(dump_plan(renamed).replace(plan.name, name), encoding="utf-8")
    return [code for code, _ in TWELVE]


def test_twelve_plans(run: Run, tmp_path: Path) -> None:
    """Twelve plans at once: every unit in one place, national text one item of all twelve."""
    plans_dir = tmp_path / "regions"
    plans_dir.mkdir()
    codes = twelve_plans(plans_dir)
    result = run("--plans", str(plans_dir), "compare", *codes, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [p["code"] for p in data["plans"]] == codes
    for code in codes:
        assert_every_unit_once(data, code, plans_dir)
    for s in data["sections"]:
        for item in s["shared"]:
            assert len(item["plans"]) == len(set(item["plans"])) >= 2
            assert item["plans"] == [c for c in codes if c in item["plans"]]
    glossary = shared_with(data, "glossary", "ra", "Acquisitive crime –")
    assert glossary["match"] == "identical"
    assert glossary["plans"] == codes
    assert glossary["units"] == {code: ["glossary[0]"] for code in codes}
    vision = shared_with(data, "vision", "ra", "Working together across the Avalon region")
    assert vision["match"] == "template"
    assert vision["plans"] == codes
    assert vision["slots"] == [dict(TWELVE)]
    # North West runs these two paragraphs together, East of England splits them: joined in every other plan
    outline = shared_with(data, "national_priorities", "ra", "These plans outline")
    assert outline["match"] == "identical"
    assert outline["plans"] == codes
    assert [len(outline["units"][code]) for code in codes] == [1, 2] * 6
    for code, own in zip(codes, OWN, strict=True):
        assert own in section(data, "drugs_alcohol")["regional"][code]
        units = [u for u in text_units(load_plan(plans_dir / f"{code}.toml")) if u.section != "footnotes"]
        summary = data["summary"][code]
        assert summary["national_units"] + summary["regional_units"] == len(units)


def test_text_twice_in_one_plan(run: Run, three_plans: Path) -> None:
    """A plan with a text twice: one copy is shared, the other stays its own."""
    path = three_plans / "south_west.toml"
    plan = load_plan(path)
    public = plan.pathways.public_security
    assert public is not None
    text = "Acquire three new probation buildings in Bootle, Preston and Blackburn"
    assert text in public.activities
    public = dataclasses.replace(public, activities=(*public.activities, text))
    plan = dataclasses.replace(plan, pathways=dataclasses.replace(plan.pathways, public_security=public))
    path.write_text(dump_plan(plan), encoding="utf-8")
    data = compare_json(run, "nw", "eoe", "sw")
    for code in ("nw", "eoe", "sw"):
        assert_every_unit_once(data, code, three_plans)
    buildings = shared_with(data, "public_security", "nw", text)
    assert buildings["plans"] == ["nw", "sw"]
    first = f"pathways.public_security.activities[{public.activities.index(text)}]"
    assert buildings["units"]["sw"] == [first]
    assert section(data, "public_security")["regional"]["sw"] == [text]


# -- the parts of the alignment ------------------------------------------------------


def test_text_helpers_are_textsims() -> None:
    """Words, shingles and template keys as textsim and the pairwise definition have them.

    (The word diff ``rrp compare`` shows is :func:`rrpcli.textsim.word_diff`
    itself; tests/test_textsim.py checks it against difflib's.)
    """
    texts = plan_texts()
    names = ["North West", "East of England", "Kent, Surrey and Sussex"]
    known = ComparedTexts(names)
    for text in texts:
        text_id = known.id(text)
        assert known[text_id].words == textsim.words(text)
        assert known[text_id].shingles == textsim.shingles(textsim.words(text))
        assert known.template_key(text_id) == oracle.template_key(text, names)  # as the pairwise alignment defined it
    sentences = SENTENCES
    for a in [*sentences, *texts[:40]]:
        for b in [*sentences, *texts[:40]]:
            same = textsim.template_slots(a, b, names) is not None
            assert known.same_template(known.id(a), known.id(b)) == same, (a, b)


# -- the JSON contract --------------------------------------------------------------


def assert_every_unit_once(data: dict[str, Any], code: str, plans_dir: Path) -> None:
    plan = load_plan(next(p for p in plans_dir.glob("*.toml") if f'code = "{code}"' in p.read_text("utf-8")))
    units = [u for u in text_units(plan) if u.section != "footnotes"]
    seen: list[str] = []
    texts: dict[str, str] = {}
    for s in data["sections"]:
        for item in s["shared"]:
            paths = item["units"].get(code, [])
            seen += paths
            if paths:
                texts["\n\n".join(paths)] = item["text"][code]
        seen += s["regional_units"][code]
        assert len(s["regional"][code]) == len(s["regional_units"][code])
    assert sorted(seen) == sorted(u.path for u in units)
    by_path = {u.path: u.text for u in units}
    for joined, text in texts.items():
        assert text == "\n\n".join(by_path[p] for p in joined.split("\n\n"))


def test_json_contract(run: Run, plans_copy: Path) -> None:
    data = compare_json(run, "nw", "eoe")
    assert list(data) == [
        "plans", "threshold", "regional_only", "summary", "sections", "targets", "facts", "partners", "counts",
        "overview", "sources",
    ]  # fmt: skip
    assert data["plans"] == [
        {"code": "nw", "name": "North West", "revision": "2022"},
        {"code": "eoe", "name": "East of England", "revision": "2022"},
    ]
    assert data["threshold"] == DEFAULT_THRESHOLD == 0.6
    assert [s["id"] for s in data["sections"]] == [
        "foreword", "vision", "about", "achievements", "national_priorities", "training_skills_work",
        "drugs_alcohol", "family_accommodation", "public_security", "our_partners", "measuring_progress", "glossary",
    ]  # fmt: skip
    for code in ("nw", "eoe"):
        assert_every_unit_once(data, code, plans_copy)
    kinds = set()
    for s in data["sections"]:
        assert set(s) == {"id", "title", "shared", "regional", "regional_units"}
        for item in s["shared"]:
            kinds.add(item["match"])
            assert item["plans"] == list(item["text"]) == list(item["units"])
            assert len(item["plans"]) >= 2
            assert ("slots" in item) == (item["match"] == "template")
            assert 0 < item["similarity"] <= 1
            if item["match"] == "template":
                assert all(list(slot) == item["plans"] for slot in item["slots"])
    assert kinds == {"identical", "template", "edited"}
    assert set(data["summary"]["nw"]) == {
        "national_words", "regional_words", "national_pct", "total_words", "national_units", "regional_units",
    }  # fmt: skip


def test_plans_in_the_order_given(run: Run, plans_copy: Path) -> None:
    data = compare_json(run, "eoe", "nw")
    assert [p["code"] for p in data["plans"]] == ["eoe", "nw"]
    assert list(data["summary"]) == ["eoe", "nw"]
    assert shared_with(data, "glossary", "nw", "Acquisitive crime")["plans"] == ["eoe", "nw"]


# -- options ----------------------------------------------------------------------------


def test_regional_only(run: Run, plans_copy: Path) -> None:
    full = compare_json(run, "nw", "eoe")
    data = compare_json(run, "nw", "eoe", "--regional-only")
    assert data["regional_only"] is True
    assert all(s["shared"] == [] for s in data["sections"])
    assert data["partners"]["shared"] == []
    assert data["summary"] == full["summary"]
    assert [s["regional"] for s in data["sections"]] == [s["regional"] for s in full["sections"]]
    out = run("compare", "nw", "eoe", "--regional-only", "--section", "glossary", "--section", "achievements")
    assert out.exit_code == 0
    assert "Identical in both" not in out.stdout
    assert "National text with local edits" not in out.stdout
    assert "Regional text only: national text is hidden.\n" in out.stdout
    assert "North West only:\n- Implemented the new Community Accommodation Service contract" in out.stdout
    assert out.stdout.endswith("Glossary\n--------\nShared: 31 identical. Own text: North West 0, East of England 0.\n")


def test_section_option(run: Run, plans_copy: Path) -> None:
    data = compare_json(run, "nw", "eoe", "--section", "glossary")
    assert [s["id"] for s in data["sections"]] == ["glossary"]
    assert data["targets"] == data["facts"] == data["counts"] == []
    assert data["partners"] == {"shared": [], "only": {"nw": [], "eoe": []}}
    assert data["summary"] == compare_json(run, "nw", "eoe")["summary"]
    data = compare_json(run, "nw", "eoe", "--section", "pathways", "-s", "about")
    assert [s["id"] for s in data["sections"]] == [
        "about", "training_skills_work", "drugs_alcohol", "family_accommodation", "public_security",
    ]  # fmt: skip
    assert {r["pathway"] for r in data["targets"]} == {
        "training_skills_work",
        "family_accommodation",
        "public_security",
        "drugs_alcohol",
    }
    assert len(data["facts"]) == 18


def test_threshold(run: Run, plans_copy: Path) -> None:
    def premises(data: dict[str, Any]) -> str:
        fa = section(data, "family_accommodation")
        if any(x["text"].get("nw", "").startswith("HMPPS will increase") for x in fa["shared"]):
            return shared_with(data, "family_accommodation", "nw", "HMPPS will increase")["match"]
        return "regional"

    assert premises(compare_json(run, "nw", "eoe", "--threshold", "0.95")) == "edited"
    strict = compare_json(run, "nw", "eoe", "--threshold", "0.96")
    assert premises(strict) == "regional"
    fa = section(strict, "family_accommodation")
    assert any(
        t.startswith("HMPPS will increase the number of approved premises spaces by 200") for t in fa["regional"]["nw"]
    )
    # Templates do not depend on the threshold: the same sentence with other names and figures.
    assert shared_with(strict, "training_skills_work", "nw", "By July 2023")["match"] == "template"
    # The default admits the drugs objective at exactly 0.6; a hair above does not.
    objective = "Increase the number of people who had treatment in prison"
    assert shared_with(compare_json(run, "nw", "eoe"), "drugs_alcohol", "nw", objective)["similarity"] == 0.6
    looser = section(compare_json(run, "nw", "eoe", "--threshold", "0.61"), "drugs_alcohol")
    assert any(t.startswith(objective) for t in looser["regional"]["nw"])


def test_threshold_out_of_range(run: Run, plans_copy: Path) -> None:
    result = run("compare", "nw", "eoe", "--threshold", "0")
    assert result.exit_code == 2
    assert "Invalid value for '--threshold'" in result.stderr


# -- errors ------------------------------------------------------------------------------


def test_one_plan_is_a_usage_error(run: Run, plans_copy: Path) -> None:
    result = run("compare", "nw")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Usage: main compare [OPTIONS] PLAN PLAN [PLAN]...\n"  # CliRunner names the program "main"
        "Try 'main compare --help' for help.\n"
        "\n"
        "Error: compare needs at least two plans, e.g. rrp compare nw eoe\n"
    )
    assert run("compare").exit_code == 2


def test_unknown_plan(run: Run, plans_copy: Path) -> None:
    result = run("compare", "nw", "xyz")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        'rrp: error: unknown plan "xyz"; known plans: eoe (East of England), nw (North West) (in plans)\n'
    )


def test_same_plan_twice(run: Run, plans_copy: Path) -> None:
    result = run("compare", "nw", "north_west")
    assert result.exit_code == 2
    assert result.stderr == 'rrp: error: "nw" and "north_west" are the same plan (North West); name each plan once\n'


def test_same_region_code_from_another_file(run: Run, plans_copy: Path, tmp_path: Path) -> None:
    other = tmp_path / "nw_2023.toml"
    shutil.copy(PLANS / "north_west.toml", other)
    text = other.read_text("utf-8").replace('revision = "2022"', 'revision = "2023"')
    other.write_text(text, encoding="utf-8")
    result = run("compare", "nw", str(other))
    assert result.exit_code == 2
    assert result.stderr == (
        f'rrp: error: "nw" and "{other}" both have the region code "nw"; '
        "compare compares regions (use rrp diff for two revisions of one plan)\n"
    )


def test_unknown_section(run: Run, plans_copy: Path) -> None:
    result = run("compare", "nw", "eoe", "--section", "nope")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        'rrp: error: unknown section "nope"; sections are: foreword, vision, about, achievements, '
        "national_priorities, training_skills_work, drugs_alcohol, family_accommodation, public_security, "
        'our_partners, measuring_progress, glossary, footnotes (or "pathways" for all four)\n'
    )
    result = run("compare", "nw", "eoe", "--section", "footnotes")
    assert result.exit_code == 2
    assert result.stderr == (
        'rrp: error: section "footnotes" is not compared (footnotes are sources); sections are: foreword, vision, '
        "about, achievements, national_priorities, training_skills_work, drugs_alcohol, family_accommodation, "
        "public_security, our_partners, measuring_progress, glossary\n"
    )


# -- the views ----------------------------------------------------------------------------


def test_terminal_view(run: Run, plans_copy: Path) -> None:
    result = run(
        "compare", "nw", "eoe", "--section", "vision", "--section", "measuring_progress", "--no-pager",
        "--as-of", "2026-01-15",
    )  # fmt: skip
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == (
        "North West (nw) and East of England (eoe) compared, as of 15 January 2026\n"
        "=========================================================================\n"
        "The plan period 2022-25 has ended. Due to launch in summer 2022 (HM Prison and\n"
        "Probation Service, May 2022). The deadlines of all 10 numeric targets have\n"
        "passed. No numeric target has a regional outturn recorded.\n"
        "\n"
        "National text is text found in two or more of the plans: identical, the same\n"
        "sentence with other names or figures (template), or edited locally (word\n"
        "similarity at least 0.6). Regional text is found in one plan only. Identical\n"
        "national text is folded into one line per section. The plans' text is shown as\n"
        "published (2022): its figures and its future tense date from then, not today.\n"
        "\n"
        "Vision, principles and values\n"
        "-----------------------------\n"
        "Shared: 9 identical, 1 template. Own text: North West 0, East of England 0.\n"
        "\n"
        "9 national items (4 principles, 4 values, 1 statement of principles), identical\n"
        "in both plans; --national to print them.\n"
        "\n"
        "Same sentence, other names or figures:\n"
        "- Working together across the [North West | East of England] region to protect\n"
        "  the public and help people to live law-abiding and positive lives  (similarity\n"
        "  0.878)\n"
        "\n"
        "Measuring progress and impact\n"
        "-----------------------------\n"
        "Shared: 1 identical, 1 template. Own text: North West 0, East of England 0.\n"
        "\n"
        "1 national paragraph, identical in both plans; --national to print them.\n"
        "\n"
        "Same sentence, other names or figures:\n"
        "- This regional Reducing Reoffending Plan sets out HMPPS's vision to reduce\n"
        "  reoffending in the [North West | East of England]. Detailed plans to achieve\n"
        "  these outcomes and objectives are set out in HMPPS's internal annual business\n"
        "  plans. Performance data is available at\n"
        "  https://www.gov.uk/government/organisations/her-majestys-prison-and-probation-service\n"
        "  (similarity 0.943)\n"
    )
    national = run("compare", "nw", "eoe", "--section", "vision", "--national", "--as-of", "2026-01-15").stdout
    assert "folded" not in national and "--national to print them" not in national
    assert (
        "Identical in both:\n"
        "- Enable people to be their best\n"
        "- An open learning culture\n"
        "- Transform through partnerships\n"
        "- Modernise our estates and technology\n"
        "- Purpose\n"
        "- Openness\n"
        "- Humanity\n"
        "- Together\n"
        "- In delivering this plan, we will work to the principles of rigour, discipline,\n"
        "  incentive and consequence.\n"
    ) in national


def test_terminal_view_fits_80_columns(run: Run, plans_copy: Path) -> None:
    """Every line fits, but for a word longer than the line (a URL), which is kept whole on a line of its own."""
    out = run("compare", "nw", "eoe").stdout
    long = [line for line in out.splitlines() if len(line) > 80]
    assert long and all(line.startswith("  https://") and " " not in line.strip() for line in long), long


def test_markdown_view(run: Run, plans_copy: Path) -> None:
    result = run("compare", "nw", "eoe", "--section", "achievements", "--format", "markdown", "--as-of", "2026-01-15")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "# North West (nw) and East of England (eoe) compared, as of 15 January 2026"
    assert lines[2].startswith("The plan period 2022-25 has ended.")
    assert lines[6:13] == [
        "## Achievements",
        "",
        "*Shared: 1 edited. Own text: North West 9, East of England 6.*",
        "",
        "### National text with local edits",
        "",
        "*Word diff from North West to East of England: removed words are North West's, inserted words East of "
        "England's.*",
    ]
    assert lines[14] == (
        "- We are recruiting 10 employment leads, 10 ID and banking support leads, ~~11 (6~~**13 (7** in 2022 and "
        "~~5~~**6** in 2023) neurodiversity support managers, ~~5 housing specialists,~~ and 5 health and justice "
        "partnership co-ordinators by the end of ~~2022 to support in addressing the causes of reoffending.~~"
        "**2022.**  *(similarity 0.79)*"
    )
    assert lines[16:18] == ["### North West only", ""]


def test_library_threshold_check() -> None:
    from rrpcli.errors import RrpError

    plans = [load_plan(PLANS / "north_west.toml"), load_plan(PLANS / "east_of_england.toml")]
    with pytest.raises(RrpError, match=r"threshold must be in \(0, 1\], got 1.5"):
        compare_plans(plans, threshold=1.5)
    with pytest.raises(RrpError, match="at least two plans"):
        compare_plans(plans[:1])


def _crowded_corpus() -> tuple[TextRelation, list[int]]:
    """Plan texts and sentences, the first 40 with 12 near copies each (crowded lookups): the relation and the ids."""
    texts = ComparedTexts(["North West", "East of England"])
    relation = TextRelation(texts, DEFAULT_THRESHOLD)
    corpus = [*plan_texts()[:150], *SENTENCES]
    corpus += [f"{text} ({copy})" for text in corpus[:40] for copy in range(12)]
    return relation, [texts.id(text) for text in corpus]


def _same_lookups(index: SectionIndex, reference: SectionIndex, queries: list[int]) -> int:
    """Assert that two indexes answer every query alike (each taking one plan in turn); how many lookups were crowded."""
    crowded = 0
    for n, text_id in enumerate(queries):
        taken = 1 << n % 3
        assert index.look_up(text_id, taken) == reference.look_up(text_id, taken)
        assert index.near(text_id, 0, taken) == reference.near(text_id, 0, taken)
        crowded += reference.near(text_id, 0, taken).crowded
    return crowded


def test_an_index_of_the_looked_up_shingles_finds_what_a_whole_index_finds() -> None:
    """The index of another look holds only the shingles of the texts looked up: the same lookups, crowded or not."""
    relation, ids = _crowded_corpus()
    queries = ids[::7]
    looked_up = {sh for t in queries for sh in relation.shingles(t)}
    for crowded_read in (4, 128):  # more or fewer of the lookups crowded (read in part)
        whole = SectionIndex(relation, 3, crowded_read=crowded_read)
        part = SectionIndex(relation, 3, crowded_read=crowded_read, only=looked_up)
        for n, text_id in enumerate(ids):
            whole.add(text_id, 1 << n % 3)
            part.add(text_id, 1 << n % 3)
        assert _same_lookups(part, whole, queries) > 0


def test_a_part_of_an_index_is_an_index_of_those_texts() -> None:
    """SectionIndex.part (another look's index, read off the section's) holds what adding its texts in id order would."""
    relation, ids = _crowded_corpus()
    section = SectionIndex(relation, 3)
    for text_id in reversed(ids):  # not in id order: the part's lists must be in id order all the same
        section.add(text_id, 1 << text_id % 3)
    chosen = {t: 1 << t % 3 | 1 << (t + 1) % 3 for t in ids[::2]}  # some of the texts, in more plans by now
    queries = ids[::14]
    looked_up = {sh for t in queries for sh in relation.shingles(t)}
    part = section.part(chosen, looked_up, crowded_read=8)
    built = SectionIndex(relation, 3, crowded_read=8, only=looked_up)
    for text_id in sorted(chosen):
        built.add(text_id, chosen[text_id])
    assert 0 < _same_lookups(part, built, queries) < len(queries)
