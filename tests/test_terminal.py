"""Terminal output drawn with rich: the layout rules at any width, colour, global options, the pager.

Plan text is data: never rich markup, never terminal control codes; colour only where asked for.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PLANS, REPO, Run, meta_toml, write
from hypothesis import given, settings
from hypothesis import strategies as st

from rrpcli.ambition import sort_rows, target_figures
from rrpcli.catalog import Catalog, find_plan_source
from rrpcli.cli.layout import GAP, Hanging, inline_text, table_plan, wrap_plain, wrap_words
from rrpcli.cli.output import Output, color_wanted, render_document, show_document
from rrpcli.compare import compare_plans
from rrpcli.compare_view import comparison_document
from rrpcli.diff import diff_plans
from rrpcli.diff_view import diff_document, stat_document
from rrpcli.document import Bullets, Chart, Document, Heading, Para, Quote, Span, Table
from rrpcli.listing import plan_rows, rows_document
from rrpcli.loader import load_plan
from rrpcli.model import Plan
from rrpcli.outcomes import Outcomes, find_outcome_files, load_outcomes
from rrpcli.overview import overview_of
from rrpcli.show import plan_document
from rrpcli.status import plans_status
from rrpcli.targets_view import targets_document

SGR = re.compile(r"\x1b\[[0-9;]*m")
URL = re.compile(r"https?://\S+")
WIDTHS = (40, 80, 160)

NW = load_plan(PLANS / "north_west.toml")
EOE = load_plan(PLANS / "east_of_england.toml")
REFRESH = load_plan(REPO / "tests" / "fixtures" / "north_west_2023_refresh.toml")


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def draw(doc: Document, width: int, styled: bool = False) -> str:
    """The document as rrp writes it to an output ``width`` columns wide (escape codes removed when styled)."""
    text = render_document(doc, Output(io.StringIO(), styled, interactive=False, width=width, height=24))
    if not styled:
        assert "\x1b" not in text
    return SGR.sub("", text)


# -- the views, at 40, 80 and 160 columns -------------------------------------------------------


def views() -> dict[str, Document]:
    catalog = Catalog.open(find_plan_source(str(PLANS)))
    figures = target_figures([NW, EOE], None)
    outcomes = load_outcomes(find_outcome_files(catalog.source).files, areas=["nw", "eoe"])
    statuses = plans_status([NW, EOE], outcomes, datetime.date(2026, 1, 15))
    change = diff_plans(NW, REFRESH)
    testland = dataclasses.replace(REFRESH, meta=dataclasses.replace(REFRESH.meta, code="tl", region="Testland"))
    return {
        "list": rows_document(plan_rows(catalog)),
        "show": plan_document(NW),
        "targets": targets_document(figures),
        "targets --sort": targets_document(sort_rows(figures, "-gap_closed_pct"), sorted_by="-gap_closed_pct"),
        "targets, status": targets_document(figures, statuses=statuses),
        "targets --sort, status": targets_document(
            sort_rows(figures, "-gap_closed_pct"), sorted_by="-gap_closed_pct", statuses=statuses
        ),
        "compare": compared([NW, EOE], outcomes),
        "compare 3": compared([NW, EOE, testland], outcomes),
        "diff": diff_document(change, REFRESH),
        "diff --stat": stat_document(change, REFRESH),
    }


def compared(plans: list[Plan], outcomes: Outcomes) -> Document:
    """``rrp compare``'s view of the plans: the overview and the detail, as of 15 January 2026."""
    whole = compare_plans(plans)
    statuses = plans_status(plans, outcomes, datetime.date(2026, 1, 15))
    return comparison_document(whole, overview_of(whole, plans, statuses))


VIEWS = views()


def texts(doc: Document, styled: bool = False) -> list[str]:
    """Every text of the document, as the renderer spells it (plain: ``{+new+}``), and the words it adds."""
    out = ["Not shown at this width:"]
    for block in doc.blocks:
        if isinstance(block, Heading):
            out += [block.text, block.text + ":"]
        elif isinstance(block, Para):
            out.append(inline_text(block.content, styled).plain)
        elif isinstance(block, Bullets):
            out += [*(block.markers or ["-", "•"]), *(inline_text(item, styled).plain for item in block.items)]
        elif isinstance(block, Table):
            out += [block.title, *block.headers, *(h + p for h in block.headers for p in ",.")]
            out += [inline_text(label, styled).plain for _, label in block.groups]
            out += [inline_text(cell, styled).plain for row in block.rows for cell in row]
            out += ["·", *(inline_text(row[0], styled).plain + ":" for row in block.rows)]  # rows as records
        elif isinstance(block, Quote):
            out += [*block.paragraphs, "— " + block.attribution]
        elif isinstance(block, Chart):  # drawn as narrow as the window needs: its lines at every width
            out += [line for w in range(1, block.chart.width + 1) for line in block.chart.resized(w).lines()]
    return out


def allowed_words(doc: Document, styled: bool) -> set[str]:
    """Every word the document's text has."""
    return {word for text in texts(doc, styled) for word in text.split()}


def fits(line: str, width: int) -> bool:
    """Within the width, or over it by one word too long for the room the line gives it (a URL)."""
    if len(line) <= width:
        return True
    word = line.split()[-1]
    return len(word) > width - (len(line) - len(word))


def check_lines(out: str, width: int, words: set[str]) -> None:
    """The rules every line keeps: within the width but for one word too long for any line, and no word split."""
    for line in out.splitlines():
        assert fits(line, width), f"line too long: {line!r}"
        if set(line) <= {"=", "-"}:  # a heading's rule
            continue
        for word in line.split():
            if word.endswith("…"):  # a metric name cut short in a narrow table
                assert any(w.startswith(word[:-1]) for w in words), word
            else:
                assert word in words, f"{word!r} is not a word of the document (split?) in {line!r}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("styled", [False, True], ids=["plain", "colour"])
@pytest.mark.parametrize("view", list(VIEWS))
def test_every_line_fits_and_no_word_is_split(view: str, styled: bool, width: int) -> None:
    doc = VIEWS[view]
    out = draw(doc, width, styled)
    check_lines(out, width, allowed_words(doc, styled))
    words = out.split()
    for url in URL.findall(" ".join(texts(doc, styled))):
        assert url in words, url


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("view", list(VIEWS))
def test_escapes_of_a_narrow_encoding_are_laid_out_within_the_width(view: str, encoding: str) -> None:
    """What the encoding lacks is written as an escape (the en dash as \\u2013), and rows still fit 80 columns."""
    stream = io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="backslashreplace")
    text = render_document(VIEWS[view], Output(stream, False, interactive=False, width=80, height=24))
    text.encode(encoding)  # nothing left for the stream to escape after layout
    urls = set(URL.findall(" ".join(texts(VIEWS[view]))))
    # Only a URL, never cut, may run past the edge (as in UTF-8).
    assert [line for line in text.splitlines() if len(line) > 80 and not any(u in line for u in urls)] == []
    assert ("\\u2013" in text) == ("\u2013" in draw(VIEWS[view], 80))  # the en dashes shown in UTF-8


@pytest.mark.parametrize("width", WIDTHS)
def test_footnote_urls_and_list_paths_stay_whole(width: int) -> None:
    shown = draw(VIEWS["show"], width).split()
    assert all(f.url in shown for f in NW.footnotes if f.url)
    listed = draw(VIEWS["list"], width).split()
    assert all(row.path in listed for row in plan_rows(Catalog.open(find_plan_source(str(PLANS)))))


def table_blocks() -> Iterator[tuple[str, Table]]:
    for name, doc in VIEWS.items():
        for block in doc.blocks:
            if isinstance(block, Table) and block.rows:
                yield name, block


TABLES = list(table_blocks())


@pytest.mark.parametrize("width", (30, *WIDTHS))
@pytest.mark.parametrize(("view", "table"), TABLES, ids=[f"{v}-{i}" for i, (v, _) in enumerate(TABLES)])
def test_tables_are_grids_within_the_window(view: str, table: Table, width: int) -> None:
    """A table is never wider than the window, its header sits over its rows, and cells wrap at spaces.

    Each column's text, read down the table within the column's span, is the
    header's words then each row's cell in order: nothing crosses a column.
    """
    plan = table_plan(table, width)
    drawn, _, note = draw(Document([table]), width).partition("\n\n")
    lines = drawn.splitlines()
    assert " ".join(note.split()) == (f"Not shown at this width: {', '.join(plan.dropped)}." if plan.dropped else "")
    if table.title:
        lines = lines[len(wrap_words(inline_text(table.title, False), width)) :]
    # The labels of groups of rows (Table.groups) take lines of their own, across the table: set them aside.
    labels = [line.plain for _, label in table.groups for line in wrap_words(inline_text(label, False), width)]
    rest = []
    for line in lines:
        if labels and line == labels[0]:
            labels.pop(0)
        else:
            rest.append(line)
    assert not labels, f"group labels not drawn: {labels}"
    lines = rest
    if plan.mode == "records":
        assert all(len(line) <= width or " " not in line[width:] for line in lines)
        return
    starts = [sum(plan.widths[:j]) + GAP * j for j in range(len(plan.widths))]
    if plan.mode == "hanging":  # the last column runs to the edge; its long words overflow it
        assert all(line[starts[-1] - GAP : starts[-1]].strip() == "" for line in lines)
        return
    assert max(len(line) for line in lines) <= width
    for j, (column, start) in enumerate(zip(plan.columns, starts, strict=True)):
        end = start + plan.widths[j]
        assert all(line[end : end + GAP].strip() == "" for line in lines), f"column {column} crosses its gutter"
        down = " ".join(line[start:end] for line in lines).split()
        expected = " ".join([table.headers[column], *(inline_text(r[column], False).plain for r in table.rows)])
        if column == plan.shortened:  # one line per row, each cell whole or cut short with "…"
            cells = [line[start:end].strip() for line in lines]
            full = [table.headers[column], *(inline_text(r[column], False).plain for r in table.rows)]
            assert len(cells) == len(full)
            for cell, text in zip(cells, full, strict=True):
                assert cell == text or (cell.endswith("…") and text.startswith(cell[:-1].rstrip())), (cell, text)
        else:
            assert down == expected.split(), f"column {column}"


def test_views_at_80_columns_leave_out_columns_rather_than_wrap_rows() -> None:
    for view in ("targets", "targets --sort", "list"):
        out = draw(VIEWS[view], 80)
        assert out.rstrip().splitlines()[-1].startswith("Not shown at this width: ")
    for _, table in table_blocks():
        plan = table_plan(table, 80)
        if table.narrow or table.shorten:
            assert plan.mode == "grid" and not plan.wrapped, table.headers


def test_bullets_hang_under_their_text() -> None:
    doc = Document([Bullets(["one two three four five six seven eight nine ten"], markers=["~"])])
    assert draw(doc, 16) == "~ one two three\n  four five six\n  seven eight\n  nine ten\n"
    assert draw(Document([Bullets(["alpha beta gamma delta"])]), 12) == "- alpha beta\n  gamma\n  delta\n"


def test_a_long_word_keeps_a_line_of_its_own() -> None:
    url = "https://example.org/a/very/long/path/that/does/not/fit"
    doc = Document([Para(f"see {url} for more"), Bullets([f"{url} x"])])
    assert draw(doc, 20) == f"see\n{url}\nfor more\n\n- {url}\n  x\n"


def test_wrap_words_breaks_only_at_spaces() -> None:
    from rich.text import Text

    lines = wrap_words(Text("a bb ccc dddd eeeee ffffff"), 7)
    assert [line.plain for line in lines] == ["a bb", "ccc", "dddd", "eeeee", "ffffff"]
    lines = wrap_words(Text("first line\nsecond"), 80, 5)
    assert [line.plain for line in lines] == ["first", "line", "second"]


#: Text to wrap: words of one-cell and two-cell characters, runs of spaces, tabs, no-break spaces, newlines.
_WRAP_PIECES = [
    "a",
    "bb",
    "ccc",
    "x" * 12,
    "https://example.org/a/b",
    "–",
    "’s",
    "é",
    "中文",
    " ",
    "   ",
    "\t",
    "\u00a0",
    "\n",
]


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(_WRAP_PIECES), max_size=30),
    indent=st.integers(0, 6),
    width=st.integers(1, 30),
    first_width=st.none() | st.integers(1, 30),
)
def test_wrapping_breaks_at_spaces_within_the_width(
    pieces: list[str], indent: int, width: int, first_width: int | None
) -> None:
    from rich.cells import cell_len
    from rich.text import Text

    text = " " * indent + "".join(pieces)
    lines = [line.plain for line in wrap_words(Text(text), width, first_width)]
    # Text with no spans is cut from the string; the lines are the same.
    assert wrap_plain(text, width, first_width) == lines
    # No word is split or lost, and a line wider than its limit is a single word (it overflows).
    assert " ".join(lines).split() == text.split()
    limit = first_width if first_width is not None else width
    for line in lines:
        assert cell_len(line) <= limit or len(line.split()) <= 1, (line, limit)
        limit = width


def test_the_plain_layout_exactly() -> None:
    doc = Document(
        [
            Heading("Title", 1),
            Heading("Section", 2),
            Heading("Part", 3),
            Para([Span("by "), Span("1 point", "del"), Span("2 points", "ins"), Span(" from 18%")]),
            Para("dim note", "dim"),
            Bullets(["one two three four five six", "x"], markers=["+", "-"]),
            Table(["name", "n"], [["North West", "12"], ["East", "3"]], align="lr", title="Counts"),
            Quote(["Said well."], "Someone"),
        ]
    )
    assert draw(doc, 24) == (
        "Title\n"
        "=====\n"
        "Section\n"
        "-------\n"
        "Part:\n"
        "by [-1 point-]{+2\n"
        "points+} from 18%\n"
        "\n"
        "dim note\n"
        "\n"
        "+ one two three four\n"
        "  five six\n"
        "- x\n"
        "\n"
        "Counts\n"
        "name         n\n"
        "North West  12\n"
        "East         3\n"
        "\n"
        "    Said well.\n"
        "    — Someone\n"
    )


def test_the_colour_layout_is_the_plain_layout_in_colour() -> None:
    doc = Document(
        [
            Heading("Section", 2),
            Para([Span("by "), Span("1 point", "del"), Span("2 points", "ins")]),
            Bullets(["added"], markers=["+"]),
        ]
    )
    styled = render_document(doc, Output(io.StringIO(), True, interactive=False, width=40, height=24))
    assert styled == (
        "\x1b[1;36mSection\x1b[0m\n"
        "\x1b[2m-------\x1b[0m\n"
        "by \x1b[9;31m1 point\x1b[0m \x1b[1;32m2 points\x1b[0m\n"
        "\n"
        "\x1b[32m+\x1b[0m added\n"
    )


# -- plan text is data ----------------------------------------------------------------------------


def tricky_plan(tmp_path: Path) -> Path:
    text = meta_toml() + '\n[vision]\ntext = "[bold]x[/bold] and \\u001b[31mred\\u001b[0m \\u0007 :smile:"\n'
    return write(tmp_path / "tricky.toml", text)


@pytest.mark.parametrize("color", ["never", "always"])
def test_markup_and_escapes_print_literally(run: Run, tmp_path: Path, color: str) -> None:
    out = run("show", str(tricky_plan(tmp_path)), "--section", "vision", "--color", color).stdout
    assert "[bold]x[/bold] and \\x1b[31mred\\x1b[0m \\x07 :smile:" in SGR.sub("", out)
    assert "\x07" not in out and "\x1b[31mred" not in out


def test_markup_in_a_message_prints_literally(run: Run, plans_copy: Path) -> None:
    result = run("show", "[bold]nope", "--color", "always")
    assert SGR.sub("", result.stderr).startswith('rrp: error: unknown plan "[bold]nope"')


def test_markdown_escapes_plan_text() -> None:
    from rrpcli.document import to_markdown

    doc = Document([Bullets(["a | b *c* [link](x) <script>"])])
    assert to_markdown(doc) == "- a \\| b \\*c\\* \\[link\\](x) \\<script\\>\n"


# -- colour -----------------------------------------------------------------------------------------


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    return monkeypatch


def test_colour_precedence(clean_env: pytest.MonkeyPatch) -> None:
    tty, pipe = FakeTTY(), io.StringIO()
    # auto: a terminal, not a dumb one
    assert color_wanted("auto", tty) and not color_wanted("auto", pipe)
    clean_env.setenv("TERM", "dumb")
    assert not color_wanted("auto", tty)
    assert color_wanted("always", tty)
    clean_env.setenv("TERM", "xterm")
    # the environment over the terminal
    clean_env.setenv("FORCE_COLOR", "1")
    assert color_wanted("auto", pipe)
    clean_env.setenv("NO_COLOR", "1")
    assert not color_wanted("auto", tty) and not color_wanted("auto", pipe)
    # an explicit option over the environment
    assert color_wanted("always", pipe)
    clean_env.delenv("NO_COLOR")
    assert not color_wanted("never", tty)
    # empty values do not count (no-color.org, force-color.org)
    clean_env.setenv("FORCE_COLOR", "")
    clean_env.setenv("NO_COLOR", "")
    assert color_wanted("auto", tty) and not color_wanted("auto", pipe)


def test_colour_options_through_a_pipe(run: Run, plans_copy: Path, clean_env: pytest.MonkeyPatch) -> None:
    plain = run("compare", "nw", "eoe", "-s", "vision").stdout
    assert "\x1b" not in plain
    coloured = run("compare", "nw", "eoe", "-s", "vision", "--color", "always").stdout
    assert "\x1b[" in coloured  # so that git's pager keeps colour through the diff driver
    assert SGR.sub("", coloured).replace("•", "-") == plain
    assert "\x1b" in run("compare", "nw", "eoe", "-s", "vision", env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b" not in run("compare", "nw", "eoe", "-s", "vision", "--no-color", env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b" in run("compare", "nw", "eoe", "-s", "vision", "--color=always", env={"NO_COLOR": "1"}).stdout


def test_errors_are_red_only_with_colour(run: Run, plans_copy: Path, clean_env: pytest.MonkeyPatch) -> None:
    assert run("show", "wales").stderr.startswith('rrp: error: unknown plan "wales"')
    assert run("show", "wales", "--color", "always").stderr.startswith('\x1b[31mrrp: error: unknown plan "wales"')


# -- global options, before or after the command ---------------------------------------------------


def test_global_options_after_the_command(run: Run, plans_copy: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    write(other / "testland.toml", meta_toml())
    assert run("show", "tl", "--plans", str(other), "--format", "json").exit_code == 0
    assert run("--plans", str(other), "show", "tl", "--format", "json").exit_code == 0
    assert run("show", "tl").exit_code == 2  # not in ./plans
    # given twice, the later wins
    assert run("--plans", "nowhere", "list", "--plans", str(other), "--format", "json").exit_code == 0
    coloured = run("--no-color", "compare", "nw", "eoe", "-s", "vision", "--color", "always").stdout
    assert "\x1b[" in coloured
    assert "\x1b" not in run("--color", "always", "compare", "nw", "eoe", "-s", "vision", "--no-color").stdout


def test_debug_after_the_command(run: Run, plans_copy: Path) -> None:
    from rrpcli.errors import PlanNotFound

    with pytest.raises(PlanNotFound):
        run("show", "wales", "--debug")


@pytest.mark.parametrize("command", ["list", "show", "targets", "compare", "diff"])
def test_every_long_view_has_no_pager(run: Run, command: str) -> None:
    assert "--no-pager" in run(command, "--help").stdout


@pytest.mark.parametrize("width", WIDTHS)
def test_validate_messages_are_never_wrapped(run: Run, plans_copy: Path, width: int) -> None:
    result = run("validate", env={"COLUMNS": str(width)})
    assert result.stdout == (
        "plans/east_of_england.toml: ok (eoe, East of England)\nplans/north_west.toml: ok (nw, North West)\n"
        "outcome files: ok (5 bundled: 6 metrics, 15 figures)\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["show", "nw"],
        ["targets"],
        ["compare", "nw", "eoe"],
        ["diff", "nw", "tests/fixtures/north_west_2023_refresh.toml"],
    ],
    ids=lambda a: a[0],
)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_commands_draw_at_the_width_of_columns(
    run: Run, args: list[str], width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    out = run(*args, env={"COLUMNS": str(width)}).stdout
    assert "\x1b" not in out
    assert all(fits(line, width) for line in out.splitlines())


def test_a_failed_write_is_an_error_not_a_traceback() -> None:
    for args in (["show", "nw"], ["--help"], ["--version"], ["show", "--help"]):
        with open("/dev/full", "w") as full:
            done = subprocess.run(
                [sys.executable, "-m", "rrpcli", *args], cwd=REPO, stdout=full, stderr=subprocess.PIPE, text=True
            )
        assert (done.returncode, done.stderr) == (2, "rrp: error: cannot write output: No space left on device\n")


def test_a_closed_pipe_is_not_an_error() -> None:
    done = subprocess.run(
        f"'{sys.executable}' -m rrpcli compare nw eoe --as-of 2026-01-15 | head -1",
        shell=True,
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    title = "North West (nw) and East of England (eoe) compared, as of 15 January 2026\n"
    assert (done.stdout, done.stderr) == (title, "")


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["validate", "plans/north_west.toml"], 0),  # a few lines, written by rich at exit of each print
        (["show", "nw"], 0),
        (["diff", "nw", "nw"], 0),
        (["diff", "/dev/null", "nw"], 1),  # the plans differ: still 1 when nobody reads the answer
        (["diff", "/dev/null", "nw", "--format", "json"], 1),
    ],
)
def test_a_reader_gone_before_the_first_write_leaves_the_exit_status_as_it_was(args: list[str], status: int) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # every write now fails with EPIPE, from the first byte
    try:
        done = subprocess.run(
            [sys.executable, "-m", "rrpcli", *args], cwd=REPO, stdout=write_end, stderr=subprocess.PIPE, text=True
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (status, "")


def test_a_terminal_that_reports_no_size_is_as_wide_as_columns_says(monkeypatch: pytest.MonkeyPatch) -> None:
    controller, terminal = os.openpty()  # a new pseudo-terminal nobody has sized: 0 rows, 0 columns
    try:
        with open(terminal, "w", closefd=False) as stream:
            assert os.get_terminal_size(terminal) == (0, 0)
            monkeypatch.setenv("COLUMNS", "100")
            monkeypatch.setenv("LINES", "40")
            out = Output.for_stream(stream)
            assert (out.width, out.height) == (100, 40)
            monkeypatch.delenv("COLUMNS")
            monkeypatch.delenv("LINES")
            assert (Output.for_stream(stream).width, Output.for_stream(stream).height) == (80, 24)
    finally:
        os.close(controller)
        os.close(terminal)


# -- the pager ------------------------------------------------------------------------------------------


def _long_document(lines: int = 60) -> Document:
    return Document([Bullets([f"item {i}" for i in range(lines)])])


@pytest.fixture
def pager(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A pager program that saves what it is given (and the LESS it sees)."""
    script = write(
        tmp_path / "pager", f"#!/bin/sh\ncat > '{tmp_path}/paged.txt'\necho \"$LESS\" > '{tmp_path}/less.txt'\n"
    )
    script.chmod(0o755)
    monkeypatch.setenv("PAGER", str(script))
    monkeypatch.delenv("LESS", raising=False)
    return tmp_path / "paged.txt"


def at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> FakeTTY:
    """Standard input and output are terminals (set in the test itself: pytest resets them after fixtures)."""
    monkeypatch.setattr(sys, "stdin", FakeTTY())
    stdout = FakeTTY()
    monkeypatch.setattr(sys, "stdout", stdout)
    return stdout


def _terminal(styled: bool = False) -> Output:
    return Output(sys.stdout, styled, interactive=True, width=80, height=24)


def test_long_output_goes_through_the_pager(pager: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stdout = at_a_terminal(monkeypatch)
    show_document(_long_document(), _terminal(), pager=True)
    assert stdout.getvalue() == ""
    assert pager.read_text("utf-8") == draw(_long_document(), 80)
    assert (pager.parent / "less.txt").read_text() == "FRX\n"  # as git: quit on one screen, colours, screen kept


def test_colour_passes_through_the_pager(pager: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at_a_terminal(monkeypatch)
    doc = Document([Heading("In colour", 2), *_long_document().blocks])
    show_document(doc, _terminal(styled=True), pager=True)
    assert pager.read_text("utf-8").startswith("\x1b[1;36mIn colour\x1b[0m\n")


def test_short_output_no_pager_or_a_missing_pager_prints(pager: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stdout = at_a_terminal(monkeypatch)
    show_document(_long_document(5), _terminal(), pager=True)
    show_document(_long_document(), _terminal(), pager=False)
    assert stdout.getvalue() == draw(_long_document(5), 80) + draw(_long_document(), 80)
    assert not pager.exists()
    for missing in ("rrp-no-such-pager", str(pager.parent / "no-such-pager")):
        monkeypatch.setenv("PAGER", missing)
        stdout = at_a_terminal(monkeypatch)
        show_document(_long_document(), _terminal(), pager=True)
        assert stdout.getvalue() == draw(_long_document(), 80)


def test_output_that_fits_the_screen_with_a_line_to_spare_is_printed(
    pager: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``less -F`` needs one row for its prompt: 49 lines on a 50-row screen are printed, 50 are paged (finding 4)."""
    screen = Output(sys.stdout, False, interactive=True, width=80, height=50)
    stdout = at_a_terminal(monkeypatch)
    show_document(_long_document(49), dataclasses.replace(screen, stream=sys.stdout), pager=True)
    assert (stdout.getvalue(), pager.exists()) == (draw(_long_document(49), 80), False)
    stdout = at_a_terminal(monkeypatch)
    show_document(_long_document(50), dataclasses.replace(screen, stream=sys.stdout), pager=True)
    assert (stdout.getvalue(), pager.read_text("utf-8")) == ("", draw(_long_document(50), 80))


def test_hanging_renderable_is_cheap_to_reuse() -> None:
    """One Hanging draws the same at any width it is given (no state kept between draws)."""
    from rich.text import Text

    item = Hanging(Text("a b c d e f g h"), Text("-"), 2)
    narrow = Output(io.StringIO(), False, interactive=False, width=8, height=24)
    wide = Output(io.StringIO(), False, interactive=False, width=80, height=24)
    assert narrow.render(item) == "- a b c\n  d e f\n  g h\n"
    assert wide.render(item) == "- a b c d e f g h\n"
