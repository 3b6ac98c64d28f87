"""Hostile input: files that are not plans, names that clash, text that would act.

Each case ends as docs/security.md promises: exit status 2 with a short message
naming the file (and line or field), no traceback, nothing written, and no
hang; plan text is shown, never obeyed, in every output.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PLANS, REPO, Run, meta_toml, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rrpcli import schema
from rrpcli.cli.output import Output, render_document
from rrpcli.document import to_markdown
from rrpcli.errors import PlanInvalid
from rrpcli.escaping import find_unsafe, to_json
from rrpcli.loader import MAX_NESTING, load_plan, nesting_too_deep, plan_from_data
from rrpcli.show import plan_data, plan_document
from rrpcli.userfiles import MAX_PLAN_BYTES

#: The escape codes rrp writes itself: its styles (Select Graphic Rendition), on a colour terminal only.
SGR = re.compile(r"\x1b\[[0-9;]*m")

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")

#: One of each kind of character that must never reach an output raw.
UNSAFE = [
    *"\x00\x07\x08\r\x1b\x7f\x85\x9b\x9d\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029"
]


def rrp(*args: str, cwd: Path, stdin: int | None = None) -> subprocess.CompletedProcess[str]:
    """rrp in a process of its own, so that a hang fails the test (timeout) instead of stopping the run."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    env.pop("RRP_PLANS", None)
    return subprocess.run(
        [sys.executable, "-m", "rrpcli", *args],
        cwd=cwd,
        env=env,
        stdin=stdin if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
    )


def one_error(result: subprocess.CompletedProcess[str] | object, message: str) -> None:
    """Exit 2, exactly ``message`` on stderr (no traceback), and on stdout nothing of the file refused.

    (``rrp validate`` goes on to report the outcome files on stdout.)
    """
    assert (getattr(result, "returncode", None) or getattr(result, "exit_code", None)) == 2
    stdout: str = result.stdout  # type: ignore[attr-defined]
    assert stdout == "" or stdout.startswith("outcome files: ")
    assert result.stderr == message + "\n"  # type: ignore[attr-defined]


# -- files that are not plans ------------------------------------------------------------------------------


@needs_fifo
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "pipe.toml"], "pipe.toml: is a named pipe (FIFO), not a plan file"),
        (["show", "pipe.toml"], "rrp: error: pipe.toml: is a named pipe (FIFO), not a plan file"),
        (
            ["diff", "pipe.toml", "plans/north_west.toml"],
            "rrp: error: pipe.toml: is a named pipe (FIFO), not a plan file",
        ),
        (["import", "pipe.toml"], "rrp: error: pipe.toml: is a named pipe (FIFO), not a text file"),
        (["render", "./pipe.md.j2", "nw"], "rrp: error: ./pipe.md.j2: is a named pipe (FIFO), not a template file"),
    ],
)
def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path, args: list[str], message: str) -> None:
    os.mkfifo(tmp_path / "pipe.toml")
    os.mkfifo(tmp_path / "pipe.md.j2")
    (tmp_path / "plans").mkdir()
    write(tmp_path / "plans" / "north_west.toml", (PLANS / "north_west.toml").read_text("utf-8"))
    one_error(rrp(*args, cwd=tmp_path), message)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_is_refused_before_it_is_read(tmp_path: Path) -> None:
    one_error(rrp("validate", "/dev/zero", cwd=tmp_path), "/dev/zero: is a character device, not a plan file")
    one_error(rrp("import", "/dev/zero", cwd=tmp_path), "rrp: error: /dev/zero: is a character device, not a text file")


def test_endless_standard_input_is_cut_at_the_limit(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") if os.path.exists("/dev/zero") else open(os.devnull, "rb") as zeros:
        result = rrp("import", "-", "-o", "out.toml", cwd=tmp_path, stdin=zeros.fileno())
    if os.path.exists("/dev/zero"):
        one_error(result, "rrp: error: <stdin>: is too large (more than 10 MB); rrp reads at most that")
    assert not (tmp_path / "out.toml").exists()


def test_a_directory_is_not_a_plan(run: Run, tmp_path: Path) -> None:
    (tmp_path / "dir.toml").mkdir()
    one_error(run("validate", str(tmp_path / "dir.toml")), f"{tmp_path / 'dir.toml'}: is a directory, not a plan file")


def test_a_path_is_read_without_the_catalog(run: Run, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "dir.toml").mkdir()
    one_error(
        run("--plans", str(tmp_path / "empty"), "show", "x/nope.toml"), "rrp: error: x/nope.toml: no such plan file"
    )
    one_error(
        run("--plans", str(tmp_path / "empty"), "show", str(tmp_path / "dir.toml")),
        f"rrp: error: {tmp_path / 'dir.toml'}: is a directory, not a plan file",
    )


def test_a_loop_of_links_is_named_as_one(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    os.symlink("loop.toml", "loop.toml")
    one_error(run("show", "loop.toml"), "rrp: error: loop.toml: is a loop of symbolic links, not a file")
    one_error(run("import", "loop.toml"), "rrp: error: loop.toml: is a loop of symbolic links, not a file")


def test_output_through_a_loop_of_links_is_refused(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    os.symlink("b.md", "a.md")
    os.symlink("a.md", "b.md")
    message = "rrp: error: a.md: is a loop of symbolic links; refusing to write through it"
    one_error(run("--plans", str(PLANS), "render", "briefing", "nw", "-o", "a.md"), message)
    one_error(run("--plans", str(PLANS), "render", "briefing", "nw", "-o", "a.md", "--force"), message)
    assert sorted(os.listdir(tmp_path)) == ["a.md", "b.md"]


def test_a_plan_larger_than_the_limit_is_refused_from_its_size(run: Run, tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    with open(big, "wb") as out:
        out.truncate(55_000_000)  # sparse: 55 MB that take no time to make, and must take none to refuse
    one_error(run("validate", str(big)), f"{big}: is too large (55 MB); rrp reads files of at most 6 MB")
    just = write(tmp_path / "just.toml", meta_toml() + "#" * (MAX_PLAN_BYTES - len(meta_toml()) - 1) + "\n")
    assert run("validate", str(just)).exit_code == 0


def test_git_revision_text_is_held_to_the_same_limit() -> None:
    with pytest.raises(PlanInvalid) as caught:
        load_plan("x.toml", text=b"#" * (MAX_PLAN_BYTES + 1), label="x.toml@HEAD")
    assert str(caught.value) == "x.toml@HEAD: is too large (6,000,001 bytes); rrp reads files of at most 6 MB"


DEEP = {
    "arrays": "a = " + "[" * 5000 + "]" * 5000,
    "inline tables": "a = " + "{b = " * 5000 + "1" + "}" * 5000,
    "a table header": "[" + ".".join(["a"] * 5000) + "]",
    "a dotted key": ".".join(["a"] * 200_000) + " = 1",
    "arrays over lines": "a = [\n" + "[\n" * 5000 + "]\n" * 5000 + "]",
}


@pytest.mark.parametrize("kind", DEEP)
def test_nesting_5000_deep_is_an_ordinary_error_with_its_line(run: Run, tmp_path: Path, kind: str) -> None:
    path = write(tmp_path / "deep.toml", meta_toml() + DEEP[kind] + "\n")
    line = 7 + (MAX_NESTING - 2 if kind == "arrays over lines" else 0)  # [meta] is level 2, its array 3
    one_error(
        run("validate", str(path)),
        f"{path}:{line}: arrays, tables or dotted keys nested more than 32 levels deep (rrp's files need about 5)",
    )


def test_nesting_is_counted_as_the_parser_builds_it() -> None:
    assert nesting_too_deep("a = [[1]]\n[b.c]\nd = {e = [1]}\nurl = 'x.y.z'\n# [[[[ \n") is None
    assert nesting_too_deep("x = 1\n" + "[" + ".".join(["t"] * 32) + "]\n") == (2, 33)
    assert nesting_too_deep("s = '''\n[[[[\n'''\n" + "a" + ".b" * 32 + " = 1\n") == (4, 33)


def test_a_deep_file_among_the_plans_breaks_no_other_command(run: Run, plans_copy: Path) -> None:
    write(plans_copy / "deep.toml", DEEP["arrays"])
    assert run("show", "nw", "--section", "vision").exit_code == 0
    result = run("validate")
    assert result.exit_code == 2
    assert result.stderr == (
        "plans/deep.toml:1: arrays, tables or dotted keys nested more than 32 levels deep (rrp's files need about 5)\n"
    )


def test_a_huge_key_is_not_echoed_whole(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path / "key.toml", meta_toml() + "k" * 1_000_000 + " = 1\n")
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"{path}:7: meta.{'k' * 40}…{'k' * 19} (1,000,000 characters): unknown key\n"


def test_an_integer_beyond_pythons_digit_limit_is_a_plan_error(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path / "int.toml", meta_toml() + "x = 1" + "0" * 5000 + "\n")
    one_error(run("validate", str(path)), f"{path}:7: a number with more than 4,300 digits")


def test_many_problems_are_counted_not_all_listed(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path / "many.toml", meta_toml() + "".join(f"k{i} = 1\n" for i in range(5000)))
    result = run("validate", str(path))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == f"{path}:7: meta.k0: unknown key"
    assert lines[50:] == [f"{path}: ... and 950 more problems"]  # collecting stops at 1,000


def test_control_characters_in_a_file_name_are_shown(run: Run, tmp_path: Path) -> None:
    name = tmp_path / "a\x1b]0;x\x07\nrrp: ok.toml"
    result = run("validate", str(name))
    assert result.exit_code == 2
    assert result.stderr == f"rrp: error: {tmp_path}/a\\x1b]0;x\\x07\\nrrp: ok.toml: no such plan file\n"


def test_outcome_files_are_read_by_the_same_rules(tmp_path: Path) -> None:
    from rrpcli.errors import OutcomesInvalid
    from rrpcli.outcomes import read_outcome_file

    (tmp_path / "dir.toml").mkdir()
    deep = write(tmp_path / "deep.toml", DEEP["arrays"])
    big = tmp_path / "big.toml"
    with open(big, "wb") as out:
        out.truncate(55_000_000)
    expected = {
        tmp_path / "dir.toml": f"{tmp_path / 'dir.toml'}: is a directory, not an outcome file",
        deep: f"{deep}:1: arrays, tables or dotted keys nested more than 32 levels deep (rrp's files need about 5)",
        big: f"{big}: is too large (55 MB); rrp reads files of at most 6 MB",
    }
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.toml")
        expected[tmp_path / "pipe.toml"] = f"{tmp_path / 'pipe.toml'}: is a named pipe (FIFO), not an outcome file"
    for path, message in expected.items():
        with pytest.raises(OutcomesInvalid) as caught:
            read_outcome_file(path)
        assert caught.value.message == message


# -- names -----------------------------------------------------------------------------------------------


def test_an_alias_that_is_another_plans_code_is_refused_naming_both_files(run: Run, plans_copy: Path) -> None:
    eoe = plans_copy / "east_of_england.toml"
    eoe.write_text(eoe.read_text("utf-8").replace('aliases = ["', 'aliases = ["NW", "'), "utf-8")
    expected = (
        'rrp: error: plans/east_of_england.toml and plans/north_west.toml both answer to "NW" '
        "(an alias of the one, the code of the other); a code or alias must name one plan\n"
    )
    for args in (["show", "nw"], ["validate"], ["list"]):
        result = run(*args)
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", expected)


def test_an_alias_that_is_another_plans_region_name_is_refused(run: Run, plans_copy: Path) -> None:
    eoe = plans_copy / "east_of_england.toml"
    eoe.write_text(eoe.read_text("utf-8").replace('aliases = ["', 'aliases = ["north-west", "'), "utf-8")
    result = run("show", "eoe")
    assert result.exit_code == 2
    assert result.stderr == (
        'rrp: error: plans/east_of_england.toml and plans/north_west.toml both answer to "north-west" '
        "(an alias of the one, an alias of the other); a code or alias must name one plan\n"
    )


def test_two_revisions_of_a_region_share_its_name_which_then_names_neither(run: Run, plans_copy: Path) -> None:
    text = (plans_copy / "north_west.toml").read_text("utf-8")
    write(
        plans_copy / "north_west_2023.toml",
        text.replace('code = "nw"', 'code = "nw-2023"').replace('aliases = ["North West region", "northwest"]\n', ""),
    )
    (plans_copy / "north_west.toml").write_text(text.replace('aliases = ["North West region", "northwest"]\n', ""))
    assert run("show", "nw-2023", "--section", "vision").exit_code == 0
    result = run("show", "North West")
    assert result.exit_code == 2
    assert result.stderr == (
        'rrp: error: "North West" names more than one plan: nw (plans/north_west.toml) and nw-2023 '
        "(plans/north_west_2023.toml); name one by its code\n"
    )


# -- text that acts ------------------------------------------------------------------------------------------


def test_urls_are_http_without_spaces_or_control_characters(run: Run, tmp_path: Path) -> None:
    footnotes = "".join(
        f'[[footnotes]]\nnumber = {n}\nurl = "{url}"\n'
        for n, url in enumerate(
            ["https://ok.example/a?b=c#d", "javascript:alert(1)", "https://x\\u001b]0;t", "https://a b"], 1
        )
    )
    path = write(tmp_path / "u.toml", meta_toml() + footnotes)
    hint = "expected a URL starting with http:// or https://, without spaces or control characters, got"
    assert run("validate", str(path)).stderr.splitlines() == [
        f'{path}:12: footnotes[1].url: {hint} "javascript:alert(1)"',
        f'{path}:15: footnotes[2].url: {hint} "https://x\\u001b]0;t"',
        f'{path}:18: footnotes[3].url: {hint} "https://a b"',
    ]


def _plan_with(text: str) -> str:
    return meta_toml() + "\n[vision]\ntext = " + json.dumps("Before" + text + "after") + "\n"


@pytest.mark.parametrize("char", UNSAFE)
@pytest.mark.parametrize("fmt", ["markdown", "table"])
def test_show_never_passes_an_unsafe_character(run: Run, tmp_path: Path, char: str, fmt: str) -> None:
    path = write(tmp_path / "tl.toml", _plan_with(char))
    result = run("show", str(path), "--section", "vision", "--format", fmt)
    assert result.exit_code == 0
    assert find_unsafe(result.stdout) is None
    shown = f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    assert ("Before" + shown.replace("\\", "\\\\" if fmt == "markdown" else "\\") + "after") in result.stdout


@pytest.mark.parametrize("char", UNSAFE)
def test_json_escapes_every_unsafe_character(run: Run, tmp_path: Path, char: str) -> None:
    path = write(tmp_path / "tl.toml", _plan_with(char))
    result = run("show", str(path), "--section", "vision", "--format", "json")
    assert result.exit_code == 0
    assert find_unsafe(result.stdout) is None
    assert json.loads(result.stdout)["vision"]["text"] == "Before" + char + "after"


# -- settings ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize(
    ("args", "status", "shown"),
    [
        (["show", "eoe", "--section", "about"], 0, b"deprivation \\u2013 for example"),
        (["compare", "nw", "eoe", "--format", "json"], 0, b"deprivation \\u2013 for example"),
        (["show", "x\u2013y"], 2, b""),
    ],
)
def test_any_output_encoding_works(tmp_path: Path, encoding: str, args: list[str], status: int, shown: bytes) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": encoding, "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "rrpcli", "--plans", str(PLANS), *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert (done.returncode, b"Traceback" in done.stderr) == (status, False)
    assert shown in done.stdout
    if status:
        assert done.stderr.startswith(b'rrp: error: unknown plan "x\\u2013y"')


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "1e999", "0", "1.5"])
@pytest.mark.parametrize("command", [["compare", "nw", "eoe"], ["diff", "nw", "nw"]])
def test_every_threshold_refuses_nan_and_infinities_the_same_way(run: Run, command: list[str], value: str) -> None:
    result = run("--plans", str(PLANS), *command, "--threshold", value)
    shown = {"NaN": "nan", "1e999": "inf", "0": "0.0"}.get(value, value)
    assert result.exit_code == 2
    assert (
        result.stderr.splitlines()[-1]
        == f"Error: Invalid value for '--threshold': {shown} is not in the range 0.0<x<=1.0."
    )


@pytest.mark.parametrize("char", ["\x1b", "\u202e", "\u2028", "\x85"])
def test_a_briefing_shows_unsafe_characters_and_writes_none(run: Run, tmp_path: Path, char: str) -> None:
    path = write(
        tmp_path / "tl.toml",
        _plan_with(char).replace(
            "[vision]", '[[footnotes]]\nnumber = 1\ntext = "x' + json.dumps(char)[1:-1] + '"\n\n[vision]'
        ),
    )
    out = tmp_path / "b.md"
    result = run("render", "briefing", str(path), "-o", str(out))
    assert result.exit_code == 0
    assert find_unsafe(out.read_text("utf-8")) is None


def test_a_briefing_chart_shows_unsafe_characters_and_is_valid_xml(run: Run, tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    text = (PLANS / "north_west.toml").read_text("utf-8")
    hostile = text.replace('region = "North West"', 'region = "North\\u001b]0;x\\u202e West"').replace(
        "North West will", "North\\u001b]0;x\\u202e West will"
    )
    write(tmp_path / "plans" / "north_west.toml", hostile)
    result = run("--plans", str(tmp_path / "plans"), "render", "briefing", "nw", "-o", str(tmp_path / "b.md"))
    assert result.exit_code == 0
    svg = (tmp_path / "b-targets.svg").read_text("utf-8")
    assert find_unsafe(svg) is None and "North\\x1b]0;x\\u202e West" in svg
    ET.fromstring(svg.split("\n", 1)[1])  # well-formed: XML cannot hold ESC


def test_a_template_that_forgets_the_filter_writes_nothing(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path / "tl.toml", _plan_with("\x1b]0;owned\x07\x1b[2J"))
    write(tmp_path / "raw.md.j2", "# {{ plan.meta.region }}\n\n{{ plan.vision.text }}\n")
    out = tmp_path / "b.md"
    result = run("render", str(tmp_path / "raw.md.j2"), str(path), "-o", str(out))
    one_error(
        result,
        f"rrp: error: {tmp_path / 'raw.md.j2'}: refused: the output would hold U+001B (ESC) at line 3, column 7; "
        "plan text must go through the md_escape filter (rrp writes no control, bidirectional or line-separator "
        "characters)",
    )
    assert not out.exists()


# Every text field of a plan, with an unsafe character put in it somewhere (Hypothesis).

_FIXED = {"code", "period", "baseline_date", "deadline", "direction", "metric", "url", "qualifier", "name", "region"}
#: Texts that must still hold other fields' values (a glossary entry's spaced dash, the names in a signature).
_AT_THE_END = {"signature", "attribution"}


def _with_unsafe(data: object, draw: st.DrawFn, key: str = "") -> object:
    if isinstance(data, dict):
        return {k: v if k in ("targets", "facts") else _with_unsafe(v, draw, k) for k, v in data.items()}
    if isinstance(data, list):
        return [_with_unsafe(v, draw, key) for v in data]
    if isinstance(data, str) and key not in _FIXED and data:
        char = draw(st.sampled_from(UNSAFE))
        if key in _AT_THE_END or (key == "text" and " – " in data):
            return data + char
        at = draw(st.integers(0, len(data)))
        return data[:at] + char + data[at:]
    return data


@st.composite
def hostile_plans(draw: st.DrawFn) -> object:
    data = schema.to_data(load_plan(PLANS / "north_west.toml"))
    for pathway in data["pathways"].values():
        for target in pathway["targets"]:  # the sentence must still state the numbers it has
            target["text"] = target["text"] + draw(st.sampled_from(UNSAFE))
    for fact in data["about"]["facts"]:  # and a fact's sentence the figures it has
        fact["text"] = fact["text"] + draw(st.sampled_from(UNSAFE))
        for figure in fact.get("figures", ()):
            figure["unit"] = draw(st.sampled_from(UNSAFE)) + figure["unit"]
    return plan_from_data(_with_unsafe(data, draw), "hostile.toml")  # type: ignore[arg-type]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_plans())
def test_no_output_of_a_plan_carries_an_unsafe_character(plan: object) -> None:
    doc = plan_document(plan)  # type: ignore[arg-type]
    data = plan_data(plan)  # type: ignore[arg-type]
    plain = render_document(doc, Output(io.StringIO(), False, interactive=False, width=80, height=24))
    styled = render_document(doc, Output(io.StringIO(), True, interactive=False, width=80, height=24))
    for text in (to_markdown(doc), plain, SGR.sub("", styled), to_json(data)):
        assert find_unsafe(text) is None
    assert json.loads(to_json(data)) == data  # escaped, not changed


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_plans())
def test_no_briefing_of_a_plan_carries_an_unsafe_character(plan: object) -> None:
    from rrpcli.render import build_context, find_template, render

    for name, plans in (("briefing", [plan]), ("comparison", [plan, load_plan(PLANS / "east_of_england.toml")])):
        text = render(find_template(name), build_context(plans)).text  # type: ignore[arg-type]
        assert find_unsafe(text) is None
