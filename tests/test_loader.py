"""Loading and validating plan files: every error with its exact message."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from conftest import PLANS, Run, meta_toml, target_toml, write

from rrpcli.errors import PlanInvalid
from rrpcli.loader import dump_plan, load_plan
from rrpcli.model import PATHWAY_IDS

EMPLOYED = "By July 2023, Testland will increase the proportion employed six weeks after release by 1 percentage point from 18% in March 2022"


def problems(path: Path) -> list[str]:
    with pytest.raises(PlanInvalid) as caught:
        load_plan(path)
    return [str(p) for p in caught.value.problems]


def pathway(pid: str = "training_skills_work", title: str = "Training, skills and work") -> str:
    return f'\n[pathways.{pid}]\ntitle = "{title}"\n\n'


def good_target(**overrides: object) -> str:
    fields: dict[str, object] = {
        "metric": "employed_six_weeks_after_release",
        "direction": "increase",
        "baseline": 18,
        "baseline_date": "2022-03",
        "change_pp": 1,
        "target": 19,
        "deadline": "2023-07",
    }
    fields.update(overrides)
    text = str(fields.pop("text", EMPLOYED))
    return target_toml("training_skills_work", text, **{k: v for k, v in fields.items() if v is not None})


@pytest.mark.parametrize("name", ["north_west", "east_of_england"])
def test_shipped_plans_load(name: str) -> None:
    plan = load_plan(PLANS / f"{name}.toml")
    assert [pid for pid, _ in plan.pathways.items()] == list(PATHWAY_IDS)
    assert plan.path == PLANS / f"{name}.toml"


def test_shipped_plans_hold_their_regions() -> None:
    nw = load_plan(PLANS / "north_west.toml")
    eoe = load_plan(PLANS / "east_of_england.toml")
    assert (nw.meta.code, nw.meta.region, nw.meta.period) == ("nw", "North West", "2022-25")
    assert (eoe.meta.code, eoe.meta.region, eoe.meta.period) == ("eoe", "East of England", "2022-25")
    assert len(nw.all_targets()) == 7 and len(eoe.all_targets()) == 7
    assert [t.qualitative for _, t in nw.all_targets()].count(True) == 2
    assert nw.glossary[0].term == "Acquisitive crime"
    assert nw.glossary[0].definition.startswith("Where the offender derives material gain")


def test_minimal_plan_loads(tmp_path: Path) -> None:
    plan = load_plan(write(tmp_path / "x.toml", meta_toml()))
    assert plan.meta.code == "tl"
    assert plan.pathways.items() == []


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path / "x.toml", "\n  \n")
    assert problems(path) == [f"{path}: is empty: a plan needs at least a [meta] table"]


def test_not_utf8(tmp_path: Path) -> None:
    path = write(tmp_path / "x.toml", b'[meta]\ncode = "n\xe9"\n')
    assert problems(path) == [f"{path}:2: is not UTF-8 text (byte 0xe9 at offset 16)"]


def test_binary_file(tmp_path: Path) -> None:
    path = write(tmp_path / "x.toml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert problems(path) == [f"{path}: is a binary file, not a TOML plan"]


def test_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path / "x.toml", meta_toml() + "\n[vision\ntext = 'x'\n")
    assert problems(path) == [f"{path}:8:8: TOML syntax error: Expected ']' at the end of a table declaration"]


def test_missing_required_field(tmp_path: Path) -> None:
    path = write(tmp_path / "x.toml", meta_toml().replace('region = "Testland"\n', ""))
    assert problems(path) == [f"{path}:1: meta.region: required key is missing"]


def test_wrong_type_names_the_field_path_and_line(tmp_path: Path) -> None:
    text = meta_toml() + pathway() + good_target(baseline="18%")
    path = write(tmp_path / "x.toml", text)
    assert problems(path) == [
        f'{path}:15: pathways.training_skills_work.targets[0].baseline: expected a number, got "18%"'
    ]


def test_unknown_key_suggests_the_known_one(tmp_path: Path) -> None:
    path = write(tmp_path / "x.toml", meta_toml() + pathway() + 'objectivs = ["x"]\n')
    assert problems(path) == [
        f'{path}:11: pathways.training_skills_work.objectivs: unknown key (did you mean "objectives"?)'
    ]


def test_unknown_pathway_and_section(tmp_path: Path) -> None:
    text = meta_toml() + pathway("housing", "Housing") + "\n[visions]\ntext = 'x'\n"
    path = write(tmp_path / "x.toml", text)
    assert problems(path) == [
        f"{path}:8: pathways.housing: unknown key",
        f'{path}:12: visions: unknown key (did you mean "vision"?)',
    ]


def test_all_errors_are_reported_at_once(tmp_path: Path) -> None:
    text = meta_toml().replace('period = "2022-25"', 'period = "2022"') + '\n[vision]\ntext = 3\nvalues = "x"\n'
    path = write(tmp_path / "x.toml", text)
    assert problems(path) == [
        f'{path}:5: meta.period: expected a period such as 2022-25, got "2022"',
        f"{path}:9: vision.text: expected a string, got 3",
        f'{path}:10: vision.values: expected a list, got "x"',
    ]


def test_list_items_are_located(tmp_path: Path) -> None:
    text = meta_toml() + pathway() + 'objectives = [\n  "one",\n  2,\n  "three",\n]\n'
    path = write(tmp_path / "x.toml", text)
    assert problems(path) == [f"{path}:13: pathways.training_skills_work.objectives[1]: expected a string, got 2"]


def test_target_numbers_must_add_up(tmp_path: Path) -> None:
    path = write(tmp_path / "x.toml", meta_toml() + pathway() + good_target(target=20))
    assert problems(path) == [f"{path}:18: pathways.training_skills_work.targets[0].target: 18% + 1 pp is 19%, not 20%"]


def test_target_numbers_must_agree_with_the_sentence(tmp_path: Path) -> None:
    text = meta_toml() + pathway() + good_target(baseline=17, target=18, deadline="2023-08")
    path = write(tmp_path / "x.toml", text)
    assert problems(path) == [
        f"{path}:15: pathways.training_skills_work.targets[0].baseline: is 17 but the sentence says 18",
        f"{path}:19: pathways.training_skills_work.targets[0].deadline: is 2023-08 but the sentence says 2023-07",
    ]


def test_target_sentence_must_name_the_plans_region(tmp_path: Path) -> None:
    text = meta_toml() + pathway() + good_target(text=EMPLOYED.replace("Testland", "North West"))
    path = write(tmp_path / "x.toml", text)
    assert problems(path) == [
        f'{path}:12: pathways.training_skills_work.targets[0].text: the sentence names the region "North West", '
        'but the plan is for "Testland"'
    ]


def test_deadline_before_baseline(tmp_path: Path) -> None:
    sentence = EMPLOYED.replace("By July 2023", "By July 2021")
    text = meta_toml() + pathway() + good_target(text=sentence, deadline="2021-07")
    path = write(tmp_path / "x.toml", text)
    assert problems(path) == [
        f"{path}:19: pathways.training_skills_work.targets[0].deadline: "
        "deadline 2021-07 is not after the baseline date 2022-03"
    ]


def test_decrease_and_maintain_targets(tmp_path: Path) -> None:
    decrease = (
        "By March 2024, Testland will decrease the proportion recalled by 2 percentage points from 10% in March 2023"
    )
    maintain = "By July 2023, Testland will continue to maintain the proportion employed at 29%"
    text = (
        meta_toml()
        + pathway()
        + good_target(
            text=decrease,
            metric="recalled",
            direction="decrease",
            baseline=10,
            baseline_date="2023-03",
            change_pp=2,
            target=8,
            deadline="2024-03",
        )
        + good_target(
            text=maintain,
            metric="employed",
            direction="maintain",
            baseline=None,
            baseline_date=None,
            change_pp=None,
            target=29,
        )
    )
    plan = load_plan(write(tmp_path / "x.toml", text))
    targets = [t for _, t in plan.all_targets()]
    assert [(t.direction, t.target) for t in targets] == [("decrease", 8), ("maintain", 29)]


def test_qualitative_target_has_no_numbers(tmp_path: Path) -> None:
    text = meta_toml() + pathway() + target_toml("training_skills_work", "We will do more.", qualitative=True, target=5)
    path = write(tmp_path / "x.toml", text)
    assert problems(path) == [
        f"{path}:14: pathways.training_skills_work.targets[0].target: a qualitative target has no numbers"
    ]


def test_numeric_target_needs_numbers_in_its_sentence(tmp_path: Path) -> None:
    text = meta_toml() + pathway() + good_target(text="We will get more people into work.")
    path = write(tmp_path / "x.toml", text)
    assert problems(path) == [
        f"{path}:12: pathways.training_skills_work.targets[0].text: the sentence states no numbers; "
        "give them in it or mark the target qualitative = true"
    ]


def test_cited_footnotes_must_exist(tmp_path: Path) -> None:
    text = meta_toml() + pathway() + 'context = [{ text = "Needs are high.", footnotes = [3] }]\n'
    path = write(tmp_path / "x.toml", text)
    assert problems(path) == [
        f"{path}:11: pathways.training_skills_work.context[0].footnotes: footnote 3 does not exist"
    ]


def test_round_trip_of_shipped_plans() -> None:
    for name in ("north_west", "east_of_england"):
        plan = load_plan(PLANS / f"{name}.toml")
        assert load_plan(Path("again.toml"), text=dump_plan(plan)) == plan


def test_months_and_percentages_are_checked(tmp_path: Path) -> None:
    text = meta_toml() + pathway() + good_target(deadline="2023-13", baseline=1e400)
    path = write(tmp_path / "x.toml", text)
    assert problems(path) == [
        f"{path}:15: pathways.training_skills_work.targets[0].baseline: expected a finite number, got inf",
        f'{path}:19: pathways.training_skills_work.targets[0].deadline: expected a month as YYYY-MM, e.g. 2023-07, got "2023-13"',
    ]
    path = write(tmp_path / "y.toml", meta_toml() + pathway() + good_target(baseline=118, target=119))
    assert problems(path) == [
        f"{path}:15: pathways.training_skills_work.targets[0].baseline: must be at most 100, got 118",
        f"{path}:18: pathways.training_skills_work.targets[0].target: must be at most 100, got 119",
    ]


def test_plans_are_toml_1_0(run: Run, tmp_path: Path) -> None:
    """TOML 1.1 syntax (a \\x escape) is an error, reported where tomllib, a TOML 1.0 reader, puts it."""
    text = (PLANS / "north_west.toml").read_text("utf-8").replace("Cumbria", "Cumbri\\x61", 1)
    path = write(tmp_path / "nw11.toml", text)
    with pytest.raises(tomllib.TOMLDecodeError) as rejected:
        tomllib.loads(text)
    found = re.fullmatch(r"(.*) \(at line (\d+), column (\d+)\)", str(rejected.value))
    assert found is not None and int(found[2]) == text[: text.index("Cumbri\\x61")].count("\n") + 1
    result = run("validate", str(path))
    assert (result.exit_code, result.stderr) == (2, f"{path}:{found[2]}:{found[3]}: TOML syntax error: {found[1]}\n")


def fact_toml(text: str, *figures: str) -> str:
    return f'\n[[about.facts]]\ntext = "{text}"\nfigures = [\n' + "".join(f"  {f},\n" for f in figures) + "]\n"


def test_a_fact_whose_figures_contradict_its_sentence_is_invalid(tmp_path: Path) -> None:
    # The realistic edit: the sentence updated, its figures forgotten.
    text = meta_toml() + fact_toml(
        "Around 5,000 staff employed by HMPPS (3,300 prisons, 1,600 probation)",
        '{ metric = "hmpps_staff", value = 4800, unit = "staff", qualifier = "around" }',
        '{ metric = "prison_staff", value = 3200, unit = "staff" }',
        '{ metric = "probation_staff", value = 1600, unit = "staff" }',
    )
    path = write(tmp_path / "x.toml", text)
    assert problems(path) == [
        f"{path}:11: about.facts[0].figures[0].value: is 4800 but the sentence says 5,000",
        f"{path}:12: about.facts[0].figures[1].value: is 3200 but the sentence says 3,300",
    ]


def test_fact_figures_are_read_as_the_sentence_writes_them(tmp_path: Path) -> None:
    # Scales, currency, decimals, percentages and qualifiers, in any order; years are not figures.
    text = meta_toml() + fact_toml(
        "More than 6.9 million residents and £120 million invested since 2019, of which around 10% by councils",
        '{ metric = "levelling_up_investment", value = 120000000, unit = "GBP" }',
        '{ metric = "residents", value = 6900000, unit = "residents", qualifier = "more than" }',
        '{ metric = "council_share", value = 10, unit = "percent", qualifier = "around" }',
    )
    assert load_plan(write(tmp_path / "ok.toml", text)).about.facts[0].figures[0].value == 120000000
    wrong = text.replace("value = 120000000", "value = 12000000").replace("value = 10,", "value = 10.5,")
    path = write(tmp_path / "x.toml", wrong)
    assert problems(path) == [
        f"{path}:11: about.facts[0].figures[0].value: is 12000000 but the sentence says £120 million",
        f"{path}:13: about.facts[0].figures[2].value: is 10.5 but the sentence says 10%",
    ]


def test_a_fact_figure_needs_a_number_in_its_sentence(tmp_path: Path) -> None:
    text = meta_toml() + fact_toml(
        "Four police and crime commissioners, since 2012",
        '{ metric = "police_and_crime_commissioners", value = 4, unit = "commissioners" }',
    )
    path = write(tmp_path / "x.toml", text)
    assert problems(path) == [f"{path}:11: about.facts[0].figures[0].value: is 4 but the sentence states no number"]
    # Two figures may not both claim the one number the sentence states.
    text = meta_toml() + fact_toml(
        "20 Clinical Commissioning Groups",
        '{ metric = "clinical_commissioning_groups", value = 20, unit = "groups" }',
        '{ metric = "groups", value = 20, unit = "groups" }',
    )
    path = write(tmp_path / "y.toml", text)
    assert problems(path) == [
        f"{path}:12: about.facts[0].figures[1].value: is 20 again, but the sentence says 20 only once and another "
        "figure has it"
    ]


def test_a_figure_written_like_a_year_may_stand_in_its_sentence(tmp_path: Path) -> None:
    text = meta_toml() + fact_toml("2000 staff", '{ metric = "staff", value = 2000, unit = "staff" }')
    assert load_plan(write(tmp_path / "x.toml", text)).about.facts[0].figures[0].value == 2000
