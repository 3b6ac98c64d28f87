"""Writing to the terminal: consoles, colour rules, the pager, and the terminal renderer.

Colour and rich layout only on a TTY; plain text (no ANSI codes) when output
is piped or with ``--no-color`` / ``NO_COLOR``.  Plan text is always passed to
rich as :class:`rich.text.Text`, never as markup, and control characters are
made visible first.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from rrpcli.document import (
    Bullets,
    Document,
    Heading,
    Inline,
    Para,
    Quote,
    Span,
    Table,
    plain_text,
    printable,
    spans,
    to_plain,
)

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.text import Text

_STYLES = {
    "plain": "",
    "strong": "bold",
    "em": "italic",
    "dim": "dim",
    "ins": "bold green",
    "del": "red strike",
    "code": "cyan",
}


@dataclass(frozen=True)
class Terminal:
    """How to write to one stream: styled (a colour TTY) or plain."""

    stream: IO[str]
    styled: bool
    interactive: bool

    @classmethod
    def for_stream(cls, stream: IO[str], *, no_color: bool = False) -> Terminal:
        """Decide styling for a stream: a TTY, and colour not switched off."""
        try:
            tty = stream.isatty()
        except (AttributeError, ValueError):
            tty = False
        # NO_COLOR counts only when set to something (no-color.org).
        styled = tty and not no_color and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
        return cls(stream, styled, tty)

    def console(self) -> Console:
        """A rich console for this stream, markup and highlighting off."""
        from rich.console import Console

        return Console(
            file=self.stream,
            color_system="auto" if self.styled else None,
            force_terminal=self.styled,
            markup=False,
            highlight=False,
            emoji=False,
            soft_wrap=False,
            width=None if self.interactive else _plain_width(),
        )


def _plain_width() -> int:
    try:
        return max(40, int(os.environ.get("COLUMNS", "")))
    except ValueError:
        return 80


def _terminal_width(term: Terminal) -> int:
    try:
        return os.get_terminal_size(term.stream.fileno()).columns
    except (AttributeError, ValueError, OSError):
        return _plain_width()


def stdout(no_color: bool = False) -> Terminal:
    """The terminal for data."""
    return Terminal.for_stream(sys.stdout, no_color=no_color)


def stderr(no_color: bool = False) -> Terminal:
    """The terminal for messages."""
    return Terminal.for_stream(sys.stderr, no_color=no_color)


def rich_text(content: Inline, base: str = "plain", styled: bool = True) -> Text:
    """Inline content as rich Text: never parsed as markup."""
    from rich.text import Text

    if not styled:
        return Text(plain_text(content))
    text = Text()
    previous = "plain"
    for s in spans(content):
        style = s.style if s.style != "plain" else base
        if previous == "del" and s.style == "ins":
            text.append(" ")  # colour alone tells them apart: keep the words apart too
        text.append(printable(s.text), style=_STYLES[style])
        previous = s.style
    return text


def renderables(doc: Document, styled: bool) -> list[RenderableType]:
    """The document as rich renderables, styled or plain."""
    from rich.padding import Padding
    from rich.text import Text

    out: list[RenderableType] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.append(_heading(block, styled))
        elif isinstance(block, Para):
            out.append(Padding(rich_text(block.content, block.style, styled), (0, 0, 1, 0)))
        elif isinstance(block, Bullets):
            out.append(Padding(_bullets(block, styled), (0, 0, 1, 0)))
        elif isinstance(block, Table):
            out.append(Padding(_table(block, styled), (0, 0, 1, 0)) if block.rows else Text(""))
        elif isinstance(block, Quote):
            out.append(_quote(block, styled))
    return out


def _heading(block: Heading, styled: bool) -> RenderableType:
    from rich.text import Text

    text = printable(block.text)
    if styled:
        if block.level <= 1:
            from rich.rule import Rule

            return Rule(Text(text, style="bold"), style="blue", characters="━")
        if block.level == 2:
            from rich.rule import Rule

            return Rule(Text(text, style="bold cyan"), align="left", style="cyan")
        return Text(text, style="bold underline")
    if block.level <= 2:
        underline = "=" if block.level <= 1 else "-"
        return Text(f"{text}\n{underline * min(len(text), 78)}")
    return Text(f"{text}:")


class _Hanging:
    """A bullet: a marker, then text wrapped with a hanging indent (much cheaper than a rich table)."""

    def __init__(self, marker: Text, body: Text) -> None:
        self.marker = marker
        self.body = body

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.text import Text

        indent = self.marker.cell_len + 1
        lines = self.body.wrap(console, max(10, options.max_width - indent))
        for i, line in enumerate(lines):
            prefix = Text.assemble(self.marker, " ") if i == 0 else Text(" " * indent)
            yield Text.assemble(prefix, line)


def _bullets(block: Bullets, styled: bool) -> RenderableType:
    from rich.console import Group

    marker_styles = {"+": "green", "-": "red", "~": "yellow", ">": "blue"}
    items = []
    for i, item in enumerate(block.items):
        marker = (block.markers[i] if block.markers else "") or "•"
        items.append(_Hanging(_marker(marker, marker_styles.get(marker.strip(), "")), rich_text(item, styled=styled)))
    return Group(*items)


def _marker(marker: str, style: str) -> Text:
    from rich.text import Text

    return Text(marker, style=style)


def _table(block: Table, styled: bool) -> RenderableType:
    from rich import box
    from rich.table import Table as RichTable

    table = RichTable(
        box=box.SIMPLE_HEAD if styled else None,
        show_header=True,
        header_style="bold" if styled else "",
        title=printable(block.title) or None,
        title_justify="left",
        title_style="bold" if styled else "",
        pad_edge=False,
        padding=(0, 1, 0, 0),  # with the box's divider: two spaces between columns
        show_edge=False,
    )
    align = block.align or "l" * len(block.headers)
    for header, a in zip(block.headers, align, strict=False):
        # rich wraps a cell at spaces and keeps words whole while the table fits;
        # only a token longer than its column (a path, a URL) is folded.
        table.add_column(printable(header), justify="right" if a == "r" else "left", overflow="fold")
    for row in block.rows:
        table.add_row(*(rich_text(c, styled=styled) for c in row))
    return table


def _quote(block: Quote, styled: bool) -> RenderableType:
    from rich.padding import Padding
    from rich.text import Text

    body = Text("\n\n".join(printable(p) for p in block.paragraphs), style="italic" if styled else "")
    if block.attribution:
        body.append("\n— " + printable(block.attribution), style="bold" if styled else "")
    return Padding(body, (0, 0, 1, 4))


def show_document(doc: Document, term: Terminal, *, pager: bool = False) -> None:
    """Write a document to a terminal, through the pager when asked and interactive.

    Plain output (piped, or colour off) comes from :func:`rrpcli.document.to_plain`
    without rich at all: it is what scripts read, and it is much faster.
    """
    paging = pager and term.interactive and _pager_exists()
    if paging:
        # As git does: quit if it fits on one screen, pass colours through, keep the screen.
        os.environ.setdefault("LESS", "FRX")
    if not term.styled:
        width = _terminal_width(term) if term.interactive else _plain_width()
        text = to_plain(doc, width)
        if paging:
            import pydoc

            pydoc.pager(text)
        else:
            term.stream.write(text)
        return
    console = term.console()
    items = renderables(doc, styled=True)
    if paging:
        with console.pager(styles=True):
            for item in items:
                console.print(item)
    else:
        for item in items:
            console.print(item)


def _pager_exists() -> bool:
    """False when $PAGER names a program that is not there: then rrp prints instead of losing the output."""
    import shlex
    import shutil

    command = os.environ.get("MANPAGER") or os.environ.get("PAGER")
    if not command:
        return True  # pydoc finds less, more, or prints
    try:
        program = shlex.split(command)[0]
    except (ValueError, IndexError):
        return False
    return shutil.which(program) is not None


def write_text(text: str, stream: IO[str] | None = None) -> None:
    """Write text as it is (JSON, Markdown) to stdout."""
    (stream or sys.stdout).write(text if text.endswith("\n") else text + "\n")


def write_json(data: object) -> None:
    """Write data as JSON (the documented contracts): indented, UTF-8 text as it is."""
    import json

    write_text(json.dumps(data, indent=2, ensure_ascii=False))


def echo_lines(lines: Sequence[str], term: Terminal, style: str = "") -> None:
    """Messages (e.g. errors) on a terminal: printable, and styled only on a colour TTY."""
    if not term.styled:
        term.stream.write("".join(printable(line) + "\n" for line in lines))
        return
    from rich.text import Text

    console = term.console()
    for line in lines:
        console.print(Text(printable(line), style=style), soft_wrap=True)


__all__ = [
    "Span",
    "Terminal",
    "echo_lines",
    "renderables",
    "show_document",
    "stderr",
    "stdout",
    "write_json",
    "write_text",
]
