"""rrp list, show, validate, schema, --version and --help, through the CLI."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from conftest import PLANS, Run, meta_toml, write

from rrpcli import __version__
from rrpcli.cli import main
from rrpcli.loader import load_plan
from rrpcli.schema import to_data


def counts(name: str) -> tuple[int, int, int]:
    """Targets, objectives and activities of a shipped plan, counted from the raw TOML."""
    data = tomllib.loads((PLANS / f"{name}.toml").read_text("utf-8"))
    pathways = data["pathways"].values()
    return tuple(sum(len(p.get(key, [])) for p in pathways) for key in ("targets", "objectives", "activities"))  # type: ignore[return-value]


def test_list_table(run: Run, plans_copy: Path) -> None:
    result = run("list", env={"COLUMNS": "120"})
    eoe, nw = counts("east_of_england"), counts("north_west")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "code  region           period   revision  targets  objectives  activities  path",
        f"eoe   East of England  2022-25  2022      {eoe[0]:>7}  {eoe[1]:>10}  {eoe[2]:>10}  plans/east_of_england.toml",
        f"nw    North West       2022-25  2022      {nw[0]:>7}  {nw[1]:>10}  {nw[2]:>10}  plans/north_west.toml",
    ]
    assert result.stderr == "2 plans in plans (./plans)\n"


def test_list_table_at_80_columns_leaves_columns_out_whole(run: Run, plans_copy: Path) -> None:
    """Paths are never cut: at 80 columns the period and the activity counts go, and a note says so."""
    eoe, nw = counts("east_of_england"), counts("north_west")
    assert run("list").stdout.splitlines() == [
        "code  region           revision  targets  objectives  path",
        f"eoe   East of England  2022      {eoe[0]:>7}  {eoe[1]:>10}  plans/east_of_england.toml",
        f"nw    North West       2022      {nw[0]:>7}  {nw[1]:>10}  plans/north_west.toml",
        "",
        "Not shown at this width: period, activities.",
    ]


def test_list_json(run: Run, plans_copy: Path) -> None:
    rows = json.loads(run("list", "--format", "json").stdout)
    assert [r["code"] for r in rows] == ["eoe", "nw"]
    assert rows[1] == {
        "code": "nw",
        "region": "North West",
        "period": "2022-25",
        "revision": "2022",
        "path": "plans/north_west.toml",
        "targets": counts("north_west")[0],
        "objectives": counts("north_west")[1],
        "activities": counts("north_west")[2],
    }


def test_list_from_any_directory_uses_bundled_plans(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("list", "--format", "json")
    assert result.exit_code == 0
    assert sorted(r["code"] for r in json.loads(result.stdout)) == ["eoe", "nw"]


def test_bundled_plans_are_named_by_their_files_and_keep_the_columns(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside a plans folder the bundled plans are listed as they are inside one, never by where rrp is installed."""
    monkeypatch.chdir(tmp_path)
    eoe, nw = counts("east_of_england"), counts("north_west")
    result = run("list")
    assert result.stdout.splitlines() == [
        "code  region           revision  targets  objectives  path (bundled with rrp)",
        f"eoe   East of England  2022      {eoe[0]:>7}  {eoe[1]:>10}  east_of_england.toml",
        f"nw    North West       2022      {nw[0]:>7}  {nw[1]:>10}  north_west.toml",
        "",
        "Not shown at this width: period, activities.",
    ]
    assert result.stderr == "2 plans bundled with rrp\n"
    assert run("validate").stdout.splitlines() == [
        "east_of_england.toml (bundled with rrp): ok (eoe, East of England)",
        "north_west.toml (bundled with rrp): ok (nw, North West)",
        "outcome files: ok (5 bundled: 6 metrics, 15 figures)",
    ]
    assert run("validate", "nw").stdout.splitlines()[0] == "north_west.toml (bundled with rrp): ok (nw, North West)"


def test_an_unknown_name_in_a_folder_of_ones_own_plans_says_the_bundled_ones_are_not_added(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "plans" / "north_west.toml", (PLANS / "north_west.toml").read_text("utf-8"))
    monkeypatch.chdir(tmp_path)
    result = run("compare", "nw", "eoe")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        'rrp: error: unknown plan "eoe"; known plans: nw (North West) (in plans)\n'
        '"eoe" is a plan bundled with rrp (eoe, East of England), but plans are read from plans (./plans) alone, '
        "not merged with the bundled ones; choose the folder with rrp --plans DIR\n"
    )
    result = run("show", "wales")
    assert result.stderr == (
        'rrp: error: unknown plan "wales"; known plans: nw (North West) (in plans)\n'
        "plans are read from plans (./plans) alone, not merged with the bundled ones; "
        "choose the folder with rrp --plans DIR\n"
    )


def test_plans_option_and_env_take_precedence(run: Run, plans_copy: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    write(other / "testland.toml", meta_toml())
    by_option = run("--plans", str(other), "list", "--format", "json")
    by_env = run("list", "--format", "json", env={"RRP_PLANS": str(other)})
    assert [r["code"] for r in json.loads(by_option.stdout)] == ["tl"]
    assert [r["code"] for r in json.loads(by_env.stdout)] == ["tl"]


@pytest.mark.parametrize("name", ["nw", "north_west", "North West", "north-west", "NORTH WEST", "northwest"])
def test_plan_names(run: Run, plans_copy: Path, name: str) -> None:
    result = run("show", name, "--format", "json", "--section", "vision")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["meta"]["code"] == "nw"


def test_plan_by_path(run: Run, plans_copy: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "elsewhere" / "t.toml", meta_toml())
    result = run("show", str(path), "--format", "json")
    assert json.loads(result.stdout)["meta"]["region"] == "Testland"


def test_unknown_plan_lists_known_and_suggests(run: Run, plans_copy: Path) -> None:
    result = run("show", "north-wst")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        'rrp: error: unknown plan "north-wst"; known plans: eoe (East of England), nw (North West) (in plans)\n'
        "did you mean nw?\n"
    )


def test_missing_plan_file(run: Run, plans_copy: Path) -> None:
    result = run("show", "drafts/wales.toml")
    assert (result.exit_code, result.stderr) == (2, "rrp: error: drafts/wales.toml: no such plan file\n")


def test_duplicate_codes_name_both_files(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "a.toml", meta_toml(code="nw"))
    write(tmp_path / "b.toml", meta_toml(code="nw", region="Elsewhere"))
    result = run("--plans", str(tmp_path), "list")
    assert result.exit_code == 2
    assert result.stderr == f'rrp: error: {tmp_path}/a.toml and {tmp_path}/b.toml both claim the region code "nw"\n'


def test_directory_with_no_plans(run: Run, tmp_path: Path) -> None:
    result = run("--plans", str(tmp_path), "list")
    assert result.exit_code == 2
    assert result.stderr == f"rrp: error: {tmp_path}: no plans here (no *.toml files; plans found via --plans)\n"


def test_missing_plans_directory(run: Run, tmp_path: Path) -> None:
    result = run("list", env={"RRP_PLANS": str(tmp_path / "nope")})
    assert (result.exit_code, result.stderr) == (
        2,
        f"rrp: error: {tmp_path}/nope: no such directory (given by $RRP_PLANS)\n",
    )


def test_show_section_plain_text(run: Run, plans_copy: Path) -> None:
    result = run("show", "nw", "--section", "vision", "--as-of", "2026-01-15")
    assert result.exit_code == 0
    assert result.stdout == (
        "North West Reducing Reoffending Plan 2022-25\n"
        "============================================\n"
        "North West (nw) · period 2022-25 · revision 2022\n"
        "\n"
        "As of 15 January 2026: The plan period 2022-25 has ended. Due to launch in\n"
        "summer 2022 (HM Prison and Probation Service, May 2022). The deadlines of all 5\n"
        "numeric targets (April 2023 and July 2023) have passed. No numeric target has a\n"
        "regional outturn recorded.\n"
        "\n"
        "The plan's text is shown as published (2022): its figures and its future tense\n"
        "date from then, not today.\n"
        "\n"
        "Vision\n"
        "------\n"
        "Working together across the North West region to protect the public and help\n"
        "people to live law-abiding and positive lives\n"
        "\n"
        "Principles:\n"
        "- Enable people to be their best\n"
        "- An open learning culture\n"
        "- Transform through partnerships\n"
        "- Modernise our estates and technology\n"
        "\n"
        "Values:\n"
        "- Purpose\n"
        "- Openness\n"
        "- Humanity\n"
        "- Together\n"
        "\n"
        "In delivering this plan, we will work to the principles of rigour, discipline,\n"
        "incentive and consequence.\n"
    )
    assert "\x1b" not in result.stdout


def test_show_whole_plan_has_every_section(run: Run, plans_copy: Path) -> None:
    out = run("show", "eoe").stdout
    plan = load_plan(PLANS / "east_of_england.toml")
    for heading in ("Foreword", "About the East of England region", "Delivering HMPPS and MoJ priorities",
                    "Training, skills and work", "Our partners", "Measuring progress and impact", "Glossary"):  # fmt: skip
        assert f"\n{heading}\n" in out
    assert plan.pathways.family_accommodation is not None
    assert plan.pathways.family_accommodation.activities[-1].split()[0] in out


def test_show_json_is_the_plan(run: Run, plans_copy: Path) -> None:
    data = json.loads(run("show", "nw", "--format", "json").stdout)
    plan = load_plan(PLANS / "north_west.toml")
    assert data == json.loads(json.dumps(to_data(plan, keep_defaults=True)))
    assert data["glossary"][0] == {
        "text": plan.glossary[0].text,
        "term": "Acquisitive crime",
        "definition": plan.glossary[0].definition,
    }


def test_show_json_sections(run: Run, plans_copy: Path) -> None:
    data = json.loads(run("show", "nw", "--format", "json", "-s", "about", "-s", "drugs_alcohol").stdout)
    assert sorted(data) == ["about", "meta", "pathways"]
    assert list(data["pathways"]) == ["drugs_alcohol"]


def test_show_markdown(run: Run, plans_copy: Path) -> None:
    out = run("show", "nw", "--format", "markdown", "--section", "public_security").stdout
    assert out.startswith("# North West Reducing Reoffending Plan 2022-25\n\n**North West (nw)**")
    assert "\n## Public security through engagement and compliance\n" in out
    assert "\n### Important partners in this work\n\n- The police, an essential partner" in out


def test_show_unknown_section(run: Run, plans_copy: Path) -> None:
    result = run("show", "nw", "--section", "visoin")
    assert result.exit_code == 2
    assert result.stderr.startswith('rrp: error: unknown section "visoin"; sections are: foreword, vision, about,')


def test_validate_all_found(run: Run, plans_copy: Path) -> None:
    result = run("validate")
    assert result.exit_code == 0
    assert result.stdout == (
        "plans/east_of_england.toml: ok (eoe, East of England)\nplans/north_west.toml: ok (nw, North West)\n"
        "outcome files: ok (5 bundled: 6 metrics, 15 figures)\n"
    )


def test_validate_reports_every_bad_file(run: Run, plans_copy: Path, tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.toml", meta_toml().replace('code = "tl"', "code = 7"))
    empty = write(tmp_path / "empty.toml", "")
    result = run("validate", "nw", str(bad), str(empty))
    assert result.exit_code == 2
    assert result.stdout == (
        "plans/north_west.toml: ok (nw, North West)\noutcome files: ok (5 bundled: 6 metrics, 15 figures)\n"
    )
    assert result.stderr == (
        f"{bad}:2: meta.code: expected a string, got 7\n{empty}: is empty: a plan needs at least a [meta] table\n"
    )


def test_invalid_file_in_catalog(run: Run, plans_copy: Path) -> None:
    write(plans_copy / "wales.toml", meta_toml(code="wal", region="Wales").replace("revision", "revison"))
    listed = run("list", "--format", "json")
    assert listed.exit_code == 2
    assert [r["code"] for r in json.loads(listed.stdout)] == ["eoe", "nw"]
    assert listed.stderr == (
        "rrp: error: plans/wales.toml:1: meta.revision: required key is missing\n"
        'rrp: error: plans/wales.toml:6: meta.revison: unknown key (did you mean "revision"?)\n'
    )
    shown = run("show", "wal")
    assert shown.exit_code == 2
    assert shown.stderr.splitlines() == [
        "rrp: error: plans/wales.toml:1: meta.revision: required key is missing",
        'plans/wales.toml:6: meta.revison: unknown key (did you mean "revision"?)',
    ]


def test_schema_is_json_schema_of_the_format(run: Run) -> None:
    schema = json.loads(run("schema").stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["required"] == ["meta"]
    assert schema["additionalProperties"] is False
    target = schema["$defs"]["Target"]["properties"]
    assert target["direction"]["enum"] == ["increase", "maintain", "decrease"]
    assert target["deadline"]["pattern"] == "^(?:[0-9]{4}-(0[1-9]|1[0-2]))$"


def test_schema_accepts_shipped_plans_and_rejects_bad_ones(run: Run) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(run("schema").stdout)
    for name in ("north_west", "east_of_england"):
        jsonschema.validate(tomllib.loads((PLANS / f"{name}.toml").read_text("utf-8")), schema)
    bad = tomllib.loads(meta_toml() + "\n[vision]\ntext = 3\n")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_version(run: Run) -> None:
    assert run("--version").stdout == f"rrp, version {__version__}\n"


@pytest.mark.parametrize("command", [None, *main.commands])
def test_help_everywhere_with_an_example(run: Run, command: str | None) -> None:
    result = run(*([command] if command else []), "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert result.stdout.startswith(f"Usage: main {command + ' ' if command else ''}")


def test_main_help_lists_every_command_with_its_own_summary(run: Run) -> None:
    out = run("--help").stdout
    commands = out.split("\nCommands:\n", 1)[1].split("\n\n", 1)[0]
    listed = {line.split(None, 1)[0]: line.split(None, 1)[1] for line in commands.splitlines()}
    assert sorted(listed) == sorted(main.commands)
    for name, summary in listed.items():
        command = main.commands[name]
        assert command.help is not None
        own = command.short_help or " ".join(command.help.split()).split(". ")[0] + "."
        assert summary == own, name  # whole, not cut short with "..."


@pytest.mark.parametrize("name", sorted(main.commands))
def test_help_examples_need_nothing_from_rrps_own_repository(run: Run, name: str) -> None:
    # An installed rrp has no tests/ folder: an example that names one fails for every user.
    examples = run(name, "--help").stdout.split("Example", 1)[1]
    assert "tests/" not in examples


def test_no_arguments_prints_the_help_and_succeeds(run: Run) -> None:
    result = run()
    assert (result.exit_code, result.stdout) == (0, run("--help").stdout)


def test_debug_shows_the_traceback_instead(run: Run, plans_copy: Path) -> None:
    from rrpcli.errors import PlanNotFound

    assert run("show", "wales").exit_code == 2
    with pytest.raises(PlanNotFound, match='unknown plan "wales"'):
        run("--debug", "show", "wales")
