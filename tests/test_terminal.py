"""Plan text is data: never rich markup, never terminal control codes; colour only on a TTY."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from conftest import PLANS, Run, meta_toml, write

from rrpcli.cli.terminal import Terminal, show_document, to_ansi
from rrpcli.document import (
    Block,
    Bullets,
    Document,
    Heading,
    Inline,
    Para,
    Quote,
    Span,
    Table,
    spans,
    to_markdown,
    to_plain,
)


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def tricky_plan(tmp_path: Path) -> Path:
    text = meta_toml() + '\n[vision]\ntext = "[bold]x[/bold] and \\u001b[31mred\\u001b[0m \\u0007"\n'
    return write(tmp_path / "tricky.toml", text)


def test_markup_and_escapes_print_literally_when_piped(run: Run, tmp_path: Path) -> None:
    out = run("show", str(tricky_plan(tmp_path)), "--section", "vision").stdout
    assert "[bold]x[/bold] and \\x1b[31mred\\x1b[0m \\x07" in out
    assert "\x1b" not in out and "\x07" not in out


def test_markup_and_escapes_are_harmless_on_a_tty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    stream = FakeTTY()
    doc = Document([Para("[bold]x[/bold] \x1b[2J"), Bullets(["[red]y[/red]"])])
    show_document(doc, Terminal.for_stream(stream))
    out = stream.getvalue()
    assert "[bold]x[/bold] \\x1b[2J" in out
    assert "[red]y[/red]" in out
    assert "\x1b[2J" not in out


def test_colour_only_on_a_tty_and_not_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    doc = Document([Heading("Title", 2), Para([Span("old", "del"), Span("new", "ins")])])
    styled, plain, flagged = FakeTTY(), io.StringIO(), FakeTTY()
    show_document(doc, Terminal.for_stream(styled))
    show_document(doc, Terminal.for_stream(plain))
    show_document(doc, Terminal.for_stream(flagged, no_color=True))
    assert "\x1b[" in styled.getvalue()
    assert plain.getvalue() == flagged.getvalue() == "Title\n-----\n[-old-]{+new+}\n"
    monkeypatch.setenv("NO_COLOR", "1")
    by_env = FakeTTY()
    show_document(doc, Terminal.for_stream(by_env))
    assert by_env.getvalue() == plain.getvalue()


def test_markdown_escapes_plan_text() -> None:
    doc = Document([Bullets(["a | b *c* [link](x) <script>"])])
    assert to_markdown(doc) == "- a \\| b \\*c\\* \\[link\\](x) \\<script\\>\n"


def test_an_empty_no_color_does_not_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("NO_COLOR", "")
    assert Terminal.for_stream(FakeTTY()).styled
    monkeypatch.setenv("NO_COLOR", "1")
    assert not Terminal.for_stream(FakeTTY()).styled


def test_a_failed_write_is_an_error_not_a_traceback() -> None:
    import subprocess
    import sys

    from conftest import REPO

    for args in (["show", "nw"], ["--help"], ["--version"], ["show", "--help"]):
        with open("/dev/full", "w") as full:
            done = subprocess.run(
                [sys.executable, "-m", "rrpcli", *args], cwd=REPO, stdout=full, stderr=subprocess.PIPE, text=True
            )
        assert (done.returncode, done.stderr) == (2, "rrp: error: cannot write output: No space left on device\n")


SGR = re.compile(r"\x1b\[[0-9;]*m")


def test_the_colour_layout_exactly() -> None:
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
    assert to_ansi(doc, 24) == (
        "\x1b[34m━━━━━━━━\x1b[0m \x1b[1mTitle\x1b[0m \x1b[34m━━━━━━━━━\x1b[0m\n"
        "\x1b[1;36mSection\x1b[0m \x1b[36m────────────────\x1b[0m\n"
        "\x1b[1;4mPart\x1b[0m\n"
        "by \x1b[31;9m1 point\x1b[0m \x1b[1;32m2 points\x1b[0m from\n"
        "18%\n"
        "\n"
        "\x1b[2mdim note\x1b[0m\n"
        "\n"
        "\x1b[32m+\x1b[0m one two three four\n"
        "  five six\n"
        "\x1b[31m-\x1b[0m x\n"
        "\n"
        "\x1b[1mCounts\x1b[0m\n"
        "\x1b[1mname\x1b[0m         \x1b[1mn\x1b[0m\n"
        "\x1b[2m──────────────\x1b[0m\n"
        "North West  12\n"
        "East         3\n"
        "\n"
        "    \x1b[3mSaid well.\x1b[0m\n"
        "    \x1b[1m— Someone\x1b[0m\n"
    )


def _uncoloured(content: Inline) -> str:
    """Inline text as the colour renderer shows it, colour aside: a space between removed and inserted words."""
    out, previous = [], "plain"
    for s in spans(content):
        out.append((" " if previous == "del" and s.style == "ins" else "") + s.text)
        previous = s.style
    return "".join(out)


def test_colour_output_is_the_plain_text_wrapped_alike() -> None:
    """Without its escape codes, a comparison's paragraphs and bullets break where the plain text's do."""
    from rrpcli.compare import compare_plans
    from rrpcli.compare_view import comparison_document
    from rrpcli.loader import load_plan

    plans = [load_plan(PLANS / "north_west.toml"), load_plan(PLANS / "east_of_england.toml")]
    blocks = [b for b in comparison_document(compare_plans(plans)).blocks if isinstance(b, (Para, Bullets))]
    as_plain: list[Block] = [
        Para(_uncoloured(b.content))
        if isinstance(b, Para)
        else Bullets([_uncoloured(item) for item in b.items], markers=["•"] * len(b.items))
        for b in blocks
    ]
    coloured = SGR.sub("", to_ansi(Document(blocks), 72))
    assert coloured == to_plain(Document(as_plain), 72)
    assert len(coloured.splitlines()) > 300 and "\x1b" not in coloured


def test_a_wide_table_fits_the_terminal() -> None:
    words = "the proportion of people housed on the night after release from prison"
    table = Table(["plan", "measure", "from", "to"], [["nw", words, "18% (Mar 2022)", "19%"]] * 2, align="llrr")
    for width in (40, 60, 80):
        lines = SGR.sub("", to_ansi(Document([table]), width)).splitlines()
        assert max(len(line) for line in lines) <= width
        assert " ".join(" ".join(lines).split()).count("released") == 0  # words are never cut...
        assert "release" in " ".join(lines).split()  # ...but wrapped whole
    assert SGR.sub("", to_ansi(Document([table]), 200)).splitlines()[2].startswith(f"nw    {words}  ")


def _long_document(lines: int = 60) -> Document:
    return Document([Bullets([f"item {i}" for i in range(lines)])])


@pytest.mark.parametrize("spawn", ["posix_spawn", "subprocess (Windows)"])
def test_long_output_goes_through_the_pager(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spawn: str) -> None:
    if spawn != "posix_spawn":
        monkeypatch.delattr(os, "posix_spawn")
    paged = tmp_path / "paged.txt"
    monkeypatch.setenv("PAGER", f"cat > '{paged}'")
    monkeypatch.delenv("MANPAGER", raising=False)
    monkeypatch.delenv("LESS", raising=False)
    stream = FakeTTY()
    show_document(_long_document(), Terminal(stream, styled=False, interactive=True), pager=True)
    assert stream.getvalue() == ""
    assert paged.read_text("utf-8") == to_plain(_long_document(), 80)
    assert os.environ["LESS"] == "FRX"  # as git: quit on one screen, colours through, screen kept


def test_short_output_or_a_missing_pager_is_printed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paged = tmp_path / "paged.txt"
    monkeypatch.setenv("PAGER", f"cat > '{paged}'")
    monkeypatch.delenv("MANPAGER", raising=False)
    stream = FakeTTY()
    show_document(_long_document(5), Terminal(stream, styled=False, interactive=True), pager=True)
    assert stream.getvalue() == to_plain(_long_document(5), 80) and not paged.exists()
    for missing in ("rrp-no-such-pager", str(tmp_path / "no-such-pager"), "'unbalanced"):
        monkeypatch.setenv("PAGER", missing)
        stream = FakeTTY()
        show_document(_long_document(), Terminal(stream, styled=False, interactive=True), pager=True)
        assert stream.getvalue() == to_plain(_long_document(), 80)
