"""The sandbox of ``rrp render``: what a user's template may load, and how much it may do.

Every refusal is exit status 2 with one message naming the template (and
line), and nothing is written.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import PLANS, Run, write

from rrpcli.errors import TemplateProblem
from rrpcli.loader import load_plan
from rrpcli.render import build_context, find_template, render
from rrpcli.sandbox import OUTPUT_LIMIT, TEMPLATE_BYTES, check_binop

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")


def refused(run: Run, tmp_path: Path, source: str, *args: str) -> str:
    """Render ``source`` (as t.md.j2 in tmp_path) for nw to a file: exit 2, nothing written; the message."""
    write(tmp_path / "t.md.j2", source)
    out = tmp_path / "out.md"
    result = run("--plans", str(PLANS), "render", "-t", str(tmp_path), "t", "nw", "-o", str(out), *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert not out.exists()
    return result.stderr


# -- what a template may load -----------------------------------------------------------------------------


def test_an_include_through_a_link_out_of_the_folder_is_refused(run: Run, tmp_path: Path) -> None:
    secret = write(tmp_path.parent / f"{tmp_path.name}-secret.md.j2", "SECRET\n")
    os.symlink(secret, tmp_path / "part.md.j2")
    assert refused(run, tmp_path, "{% include 'part.md.j2' %}\n") == (
        f"rrp: error: t.md.j2:1: cannot load 'part.md.j2': is a symbolic link to a file outside the template "
        f"folder {os.path.realpath(tmp_path)}\n    {{% include 'part.md.j2' %}}\n"
    )


def test_a_folder_linked_out_of_the_template_folder_is_refused(run: Run, tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    write(outside / "x.md.j2", "SECRET\n")
    os.symlink(outside, tmp_path / "linked")
    assert "is a symbolic link to a file outside the template folder" in refused(
        run, tmp_path, "{% include 'linked/x.md.j2' %}\n"
    )


def test_a_link_inside_the_folder_is_followed(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "real.md.j2", "{{ plan.meta.code }}\n")
    os.symlink("real.md.j2", tmp_path / "alias.md.j2")
    write(tmp_path / "t.md.j2", "{% include 'alias.md.j2' %}")
    result = run("--plans", str(PLANS), "render", "-t", str(tmp_path), "t", "nw")
    assert (result.exit_code, result.stdout) == (0, "nw\n")


@pytest.mark.parametrize("name", ["/etc/passwd", "../../../etc/passwd", "notes.txt", "id_rsa"])
def test_only_template_files_in_the_folder_can_be_loaded(run: Run, tmp_path: Path, name: str) -> None:
    write(tmp_path / "notes.txt", "PRIVATE\n")
    write(tmp_path / "id_rsa", "PRIVATE\n")
    for tag in ("include", "import", "extends"):
        source = f"{{% {tag} '{name}' %}}\n" if tag != "import" else f"{{% import '{name}' as x %}}\n"
        message = refused(run, tmp_path, source)
        assert "PRIVATE" not in message and "root:" not in message
        assert message.startswith(f"rrp: error: t.md.j2:1: cannot load '{name}': ")


def test_a_template_named_by_path_must_be_a_template_file(run: Run, tmp_path: Path) -> None:
    write(tmp_path / "notes.txt", "{{ plan }}")
    result = run("--plans", str(PLANS), "render", str(tmp_path / "notes.txt"), "nw")
    assert (result.exit_code, result.stderr) == (
        2,
        f"rrp: error: {tmp_path / 'notes.txt'}: is not a template file: a template's name ends in .j2 "
        "(e.g. mine.md.j2)\n",
    )


def test_a_template_linked_from_outside_is_refused(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    write(tmp_path / "elsewhere.md.j2", "{{ plan.meta.code }}\n")
    folder.mkdir()
    os.symlink(tmp_path / "elsewhere.md.j2", folder / "mine.md.j2")
    result = run("--plans", str(PLANS), "render", "-t", str(folder), "mine", "nw")
    assert (result.exit_code, result.stderr) == (
        2,
        f"rrp: error: mine.md.j2: is a symbolic link to a file outside the template folder {os.path.realpath(folder)}\n",
    )


@needs_fifo
def test_a_pipe_is_never_loaded(run: Run, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md.j2")
    assert refused(run, tmp_path, "{% include 'pipe.md.j2' %}\n") == (
        "rrp: error: t.md.j2:1: cannot load 'pipe.md.j2': is a named pipe (FIFO), not a template file\n"
        "    {% include 'pipe.md.j2' %}\n"
    )


def test_a_template_larger_than_the_limit_is_refused(run: Run, tmp_path: Path) -> None:
    assert refused(run, tmp_path, "x" * (TEMPLATE_BYTES + 1)) == (
        f"rrp: error: t.md.j2: is too large ({TEMPLATE_BYTES + 1:,} bytes); rrp reads files of at most 200 kB\n"
    )


# -- how much a template may do -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "{{ 10 ** (10 ** 10) }}",
            "refused: 10 ** 10000000000, more than rrp lets a template make (numbers of 10,000 bits)",
        ),
        (
            "{{ 'x' * 10**9 }}",
            "refused: a text repeated 1,000,000,000 times would have 1,000,000,000 characters, more than rrp lets a "
            "template make (10,000,000 characters)",
        ),
        (
            "{{ [1, 2] * 10**6 }}",
            "refused: a list repeated 1,000,000 times would have 2,000,000 items, more than rrp lets a template make "
            "(100,000 items)",
        ),
        (
            "{% set s = 'x' * 10**7 %}{{ s + s }}",
            "refused: joining 10,000,000 and 10,000,000, more than rrp lets a template make (10,000,000)",
        ),
        (
            "{{ 'x' | center(10**9) }}",
            "refused: the number 1000000000 given as a width or count, more than rrp lets a template make (10,000,000)",
        ),
        (
            "{{ 'x'.ljust(10**9) }}",
            "refused: the number 1000000000 given as a width or count, more than rrp lets a template make (10,000,000)",
        ),
        (
            "{{ '%1000000000s' % 'x' }}",
            "refused: a format with a width of more than the longest output, more than rrp lets a template make "
            "(10,000,000 characters)",
        ),
        (
            "{{ '{:>1000000000}'.format('x') }}",
            "refused: a format with a width of more than the longest output, more than rrp lets a template make "
            "(10,000,000 characters)",
        ),
        (
            "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
            "refused: a text of 16,777,216 characters, more than rrp lets a template make (10,000,000 characters)",
        ),
        (
            "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s %}{{ ns.s }}{{ ns.s }}{% endset %}"
            "{% endfor %}",
            "refused: a text longer than the longest output, more than rrp lets a template make (10,000,000 characters)",
        ),
        (
            "{{ ('x' * 1000000) | replace('x', 'y' * 1000) }}",
            "refused: a filter that could make a text of 1,002,000,000 characters, more than rrp lets a template make "
            "(10,000,000 characters)",
        ),
        ("{{ range(10**6) | list }}", "refused: a range too large to work out (a range has at most 100,000 numbers)"),
        ("{{ 2 ** 100000 }}", "refused: 2 ** 100000, more than rrp lets a template make (numbers of 10,000 bits)"),
    ],
)
def test_values_too_large_are_refused_before_they_are_made(run: Run, tmp_path: Path, source: str, message: str) -> None:
    assert refused(run, tmp_path, source + "\n") == f"rrp: error: t.md.j2:1: {message}\n    {source}\n"


def test_the_output_is_limited(run: Run, tmp_path: Path) -> None:
    assert refused(run, tmp_path, "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}") == (
        "rrp: error: t.md.j2: stopped: the output passed 10,000,000 characters (10 MB), rrp's limit for a "
        "template's output\n"
    )


def test_a_recursive_macro_is_reported_as_recursion(run: Run, tmp_path: Path) -> None:
    source = "{% macro down(n) %}{{ down(n + 1) }}{% endmacro %}{{ down(1) }}"
    assert refused(run, tmp_path, source + "\n") == (
        f"rrp: error: t.md.j2:1: a macro calls itself without end (recursion); give it a case that stops\n    {source}\n"
    )


@pytest.mark.parametrize(
    "source",
    [
        "{% include 'a.md.j2' %}",
        "{% extends 'a.md.j2' %}",
        "{% import 'a.md.j2' as a %}",
        "{% from 't.md.j2' import x %}",
    ],
)
def test_templates_that_load_each_other_without_end(run: Run, tmp_path: Path, source: str) -> None:
    write(tmp_path / "a.md.j2", "{% include 'b.md.j2' %}")
    write(tmp_path / "b.md.j2", "{% include 'a.md.j2' %}")
    assert (
        refused(run, tmp_path, source + "\n")
        .splitlines()[0]
        .endswith(": templates include, import or extend each other without end")
    )


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}", "refused: expressions or blocks nested too deeply to compile"),
        ("{% if true %}" * 120 + "x" + "{% endif %}" * 120, "refused: blocks nested too deeply to compile"),
    ],
    ids=["expression", "blocks"],
)
def test_nesting_too_deep_to_compile(run: Run, tmp_path: Path, source: str, message: str) -> None:
    assert refused(run, tmp_path, source) == f"rrp: error: t.md.j2: {message}\n"


def test_a_template_that_runs_too_long_is_stopped(tmp_path: Path) -> None:
    write(tmp_path / "slow.md.j2", "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    with pytest.raises(TemplateProblem) as caught:
        render(
            find_template(str(tmp_path / "slow.md.j2")),
            build_context([load_plan(PLANS / "north_west.toml")]),
            time_limit=0.5,
        )
    assert caught.value.message == (
        f"{tmp_path / 'slow.md.j2'}:1: stopped: the template ran for more than 0.5 seconds, rrp's limit\n"
        "    {% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    )


def test_the_checks_let_ordinary_values_through() -> None:
    for operator, left, right in [("*", "-", 80), ("*", [1], 100), ("**", 10, 6), ("+", "a", "b"), ("%", "%5.1f", 2.5)]:
        check_binop(operator, left, right)
    check_binop("*", "x", OUTPUT_LIMIT)
    with pytest.raises(Exception, match="refused"):
        check_binop("*", "x", OUTPUT_LIMIT + 1)


def test_the_built_in_templates_stay_well_inside_the_limits() -> None:
    plans = [load_plan(PLANS / "north_west.toml"), load_plan(PLANS / "east_of_england.toml")]
    text = render(find_template("comparison"), build_context(plans), time_limit=60).text
    assert 0 < len(text) < OUTPUT_LIMIT // 100
