"""Plan text is data: never rich markup, never terminal control codes; colour only on a TTY."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import Run, meta_toml, write

from rrpcli.cli.terminal import Terminal, show_document
from rrpcli.document import Bullets, Document, Heading, Para, Span, to_markdown


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

    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "rrpcli", "show", "nw"], cwd=REPO, stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert (done.returncode, done.stderr) == (2, "rrp: error: cannot write output: No space left on device\n")
