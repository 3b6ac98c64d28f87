"""Writing to the terminal: colour rules, the pager, and the colour renderer.

Colour only on a TTY; plain text (no escape codes) when output is piped or
with ``--no-color`` / ``NO_COLOR``.  Both are laid out the same way
(:func:`rrpcli.document.wrap_ranges`); the only escape codes rrp writes are
its own styles, and plan text has its control characters made visible first
(:func:`rrpcli.document.printable`), so it can never drive the terminal.
"""

from __future__ import annotations

import os
import sys
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

from rrpcli.document import (
    Bullets,
    Document,
    Heading,
    Inline,
    Para,
    Quote,
    Span,
    Table,
    printable,
    to_plain,
    wrap_ranges,
)


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


#: SGR parameters of the document's inline styles on a colour terminal.
_SGR = {
    "plain": "",
    "strong": "1",
    "em": "3",
    "dim": "2",
    "ins": "1;32",
    "del": "31;9",
    "code": "36",
}
#: Colours of the change markers of a bullet list (rrp diff).
_MARKER_SGR = {"+": "32", "-": "31", "~": "33", ">": "34"}


def _sgr(text: str, params: str) -> str:
    return f"\x1b[{params}m{text}\x1b[0m" if params and text else text


class _Painted:
    """Inline content as one string and where its styles start: any range of it in colour.

    Removed and inserted words are told apart by colour, and kept apart by a space.
    """

    __slots__ = ("_offsets", "_params", "text")

    def __init__(self, content: Inline, base: str = "plain") -> None:
        if isinstance(content, str):  # most text: one style throughout
            self.text = printable(content)
            self._offsets, self._params = [0], [_SGR[base]]
            return
        parts: list[str] = []
        offsets: list[int] = []  # where each style starts in the text
        params: list[str] = []  # and its SGR parameters ("" for none)
        offset = 0
        previous = "plain"
        for s in content:
            style = s.style
            if previous == "del" and style == "ins":
                parts.append(" ")
                offsets.append(offset)
                params.append("")
                offset += 1
            text = printable(s.text)
            parts.append(text)
            offsets.append(offset)
            params.append(_SGR[style if style != "plain" else base])
            offset += len(text)
            previous = style
        self.text = "".join(parts)
        if len(set(params)) <= 1:  # one style throughout after all
            offsets, params = [0], params[:1] or [""]
        self._offsets, self._params = offsets, params

    def range(self, a: int, b: int) -> str:
        """``text[a:b]`` with the escape codes of its styles."""
        offsets, params, text = self._offsets, self._params, self.text
        count = len(offsets)
        j = bisect_right(offsets, a) - 1 if count > 1 else 0
        if j + 1 >= count or offsets[j + 1] >= b:  # within one style
            return _sgr(text[a:b], params[max(j, 0)])
        pieces = []
        while j < count and offsets[j] < b:
            low = offsets[j] if offsets[j] > a else a
            high = offsets[j + 1] if j + 1 < count and offsets[j + 1] < b else b
            if low < high:
                pieces.append(_sgr(text[low:high], params[j]))
            j += 1
        return "".join(pieces)


def _styled_lines(
    content: Inline, width: int, first: str = "", rest: str = "", base: str = "plain", first_width: int | None = None
) -> list[str]:
    """Inline content wrapped as the plain text is (:func:`wrap_ranges`), each piece in its style.

    ``first`` and ``rest`` go in front of the first line and the others;
    ``first_width`` is how many columns ``first`` takes when it is styled.
    """
    painted = _Painted(content, base)
    indent = len(first) if first_width is None else first_width
    ranges = wrap_ranges(painted.text, width, indent, len(rest))
    return [(rest if i else first) + painted.range(a, b) for i, (a, b) in enumerate(ranges)]


def to_ansi(doc: Document, width: int) -> str:
    """The document for a colour terminal: laid out as :func:`to_plain` lays it out, in colour.

    Tables are fitted to the width.  rrp lays it all out itself: rich took
    200 ms to lay out one comparison of two plans, and a second for twelve;
    this takes a few milliseconds.
    """
    lines: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines.append(_ansi_heading(printable(block.text), block.level, width))
            continue
        if isinstance(block, Para):
            lines += _styled_lines(block.content, width, base=block.style)
        elif isinstance(block, Bullets):
            if not block.items:
                continue
            markers = [(m or "•") for m in block.markers] if block.markers else ["•"] * len(block.items)
            column = max(len(m) for m in markers)
            for item, marker in zip(block.items, markers, strict=False):
                lead = _sgr(marker, _MARKER_SGR.get(marker.strip(), "")) + " " * (column - len(marker) + 1)
                lines += _styled_lines(item, width, lead, " " * (column + 1), first_width=column + 1)
        elif isinstance(block, Table):
            if not block.rows:
                continue
            lines += _ansi_table(block, width)
        elif isinstance(block, Quote):
            for j, paragraph in enumerate(block.paragraphs):
                if j:
                    lines.append("")
                lines += _styled_lines(paragraph, width, "    ", "    ", base="em")
            if block.attribution:
                lines += _styled_lines("— " + block.attribution, width, "    ", "    ", base="strong")
        lines.append("")
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def _ansi_heading(text: str, level: int, width: int) -> str:
    """A title between heavy rules, a section title followed by a rule, a sub-heading underlined."""
    if level <= 1:
        room = width - len(text) - 2
        if room < 4:
            return _sgr(text, "1")
        return _sgr("━" * (room // 2), "34") + " " + _sgr(text, "1") + " " + _sgr("━" * (room - room // 2), "34")
    if level == 2:
        return _sgr(text, "1;36") + " " + _sgr("─" * max(3, width - len(text) - 1), "36")
    return _sgr(text, "1;4")


def _ansi_table(block: Table, width: int) -> list[str]:
    """A table fitted to ``width``: bold headers over a rule, two spaces between columns.

    Columns keep their natural width when the table fits; otherwise the widest
    give way first, down to their longest word, and cells wrap at spaces (a word
    longer than its column is folded only when nothing else fits).
    """
    align = block.align or "l" * len(block.headers)
    count = len(block.headers)
    header = [_Painted(h, "strong") for h in block.headers]
    rows = [[_Painted(c) for c in row] + [_Painted("")] * (count - len(row)) for row in block.rows]
    columns = list(zip(*([cell.text for cell in cells] for cells in [header, *rows]), strict=True))
    natural = [max(_longest(text, "\n") for text in column) for column in columns]
    room = width - 2 * (count - 1)
    if sum(natural) <= room:
        widths = natural
    else:
        widths = _fit(natural, [max(_longest(text, None) for text in column) for column in columns], room)
    out = [_sgr(printable(block.title), "1")] if block.title else []
    out += _table_row(header, widths, align)
    out.append(_sgr("─" * (sum(widths) + 2 * (count - 1)), "2"))
    for cells in rows:
        out += _table_row(cells, widths, align)
    return out


def _longest(text: str, sep: str | None) -> int:
    """The longest line (``sep="\n"``) or word (``sep=None``) of a cell."""
    if sep == "\n" and sep not in text:
        return len(text)
    return max((len(piece) for piece in text.split(sep)), default=0)


def _fit(natural: list[int], shortest: list[int], room: int) -> list[int]:
    """Column widths that fit ``room``: the widest columns give way first, to their longest word, then below.

    The widths are capped at the largest level that fits (so the narrow columns
    keep their width); below its longest word a column folds words, down to 4.
    """
    if sum(natural) <= room:
        return list(natural)
    for floor in (shortest, [min(n, 4) for n in natural]):

        def capped(level: int, floor: list[int] = floor) -> list[int]:
            return [max(f, min(n, level)) for n, f in zip(natural, floor, strict=True)]

        if sum(capped(0)) <= room:
            low, high = 0, max(natural)  # the largest level that fits: sum(capped(low)) <= room
            while low < high:
                middle = (low + high + 1) // 2
                low, high = (middle, high) if sum(capped(middle)) <= room else (low, middle - 1)
            widths = capped(low)
            spare = room - sum(widths)
            for i, w in enumerate(widths):  # what is left of the room, a column at the cap at a time
                if spare and w == low and natural[i] > low:
                    widths[i] += 1
                    spare -= 1
            return widths
    return [min(n, 4) for n in natural]  # nothing fits: as narrow as words can fold


def _table_row(cells: list[_Painted], widths: list[int], align: str) -> list[str]:
    wrapped = [
        [(0, len(cell.text))] if len(cell.text) <= w and "\n" not in cell.text else wrap_ranges(cell.text, max(w, 1))
        for cell, w in zip(cells, widths, strict=True)
    ]
    lines = []
    for k in range(max(len(r) for r in wrapped)):
        parts = []
        for i, (cell, ranges, w) in enumerate(zip(cells, wrapped, widths, strict=True)):
            a, b = ranges[k] if k < len(ranges) else (0, 0)
            pad = " " * max(0, w - (b - a))
            text = cell.range(a, b)
            parts.append(pad + text if i < len(align) and align[i] == "r" else text + pad)
        lines.append("  ".join(parts).rstrip())
    return lines


def show_document(doc: Document, term: Terminal, *, pager: bool = False) -> None:
    """Write a document to a terminal, through the pager when asked, interactive and longer than a screen."""
    if term.styled:
        text = to_ansi(doc, _terminal_width(term))
    else:
        text = to_plain(doc, _terminal_width(term) if term.interactive else _plain_width())
    command = _pager_command() if pager and term.interactive and text.count("\n") >= _terminal_rows(term) else None
    if command is None:
        _write(term, text)
    else:
        _page(text, command, term)


def _write(term: Terminal, text: str) -> None:
    if term.styled:
        import click

        # click.echo passes the escape codes through, on Windows through colorama where the console needs it.
        click.echo(text, file=term.stream, nl=False, color=True)
    else:
        term.stream.write(text)


def _terminal_rows(term: Terminal) -> int:
    try:
        return os.get_terminal_size(term.stream.fileno()).lines
    except (AttributeError, ValueError, OSError):
        return 24


def _pager_command() -> str | None:
    """The pager to use: ``$MANPAGER``, ``$PAGER``, else ``less``; None when that program is not there.

    A pager that is not there would swallow the output: rrp then prints it instead.
    """
    import shlex

    command = os.environ.get("MANPAGER") or os.environ.get("PAGER") or "less"
    try:
        program = shlex.split(command)[0]
    except (ValueError, IndexError):
        return None
    if os.sep in program:
        return command if os.access(program, os.X_OK) else None
    for folder in os.environ.get("PATH", os.defpath).split(os.pathsep):
        if os.access(os.path.join(folder or ".", program), os.X_OK):
            return command
    return None


def _page(text: str, command: str, term: Terminal) -> None:
    """Show text through the pager, as git does (``LESS=FRX`` unless set: colours pass, the screen stays)."""
    os.environ.setdefault("LESS", "FRX")
    term.stream.flush()
    data = text.encode(getattr(term.stream, "encoding", None) or "utf-8", "replace")
    if not hasattr(os, "posix_spawn"):  # Windows
        _page_with_subprocess(data, command, term, text)
        return
    # posix_spawn rather than subprocess, whose import alone costs 5 ms of every paged output.
    read, write = os.pipe()
    try:
        pid = os.posix_spawn(
            "/bin/sh", ["sh", "-c", command], os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, read, 0)]
        )
    except OSError:
        os.close(read)
        os.close(write)
        _write(term, text)
        return
    os.close(read)
    try:
        with open(write, "wb") as pipe:
            pipe.write(data)
    except (BrokenPipeError, KeyboardInterrupt):  # the pager quit before the end (q in less): not an error
        pass
    while True:
        try:
            os.waitpid(pid, 0)
            return
        except KeyboardInterrupt:  # ^C is the pager's to handle, as with git
            continue


def _page_with_subprocess(data: bytes, command: str, term: Terminal, text: str) -> None:
    import subprocess

    try:
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE)
    except OSError:
        _write(term, text)
        return
    assert pager.stdin is not None
    try:
        with pager.stdin:
            pager.stdin.write(data)
    except (BrokenPipeError, KeyboardInterrupt):
        pass
    while True:
        try:
            pager.wait()
            return
        except KeyboardInterrupt:
            continue


def write_text(text: str, stream: IO[str] | None = None) -> None:
    """Write text as it is (JSON, Markdown) to stdout."""
    (stream or sys.stdout).write(text if text.endswith("\n") else text + "\n")


def write_json(data: object) -> None:
    """Write data as JSON (the documented contracts): indented, UTF-8 text as it is."""
    import json

    write_text(json.dumps(data, indent=2, ensure_ascii=False))


#: The styles of messages (errors red, warnings yellow, notes dim).
_MESSAGE_SGR = {"red": "31", "yellow": "33", "dim": "2"}


def echo_lines(lines: Sequence[str], term: Terminal, style: str = "") -> None:
    """Messages (e.g. errors) on a terminal: printable, and styled only on a colour TTY."""
    params = _MESSAGE_SGR.get(style, "") if term.styled else ""
    _write(term, "".join(_sgr(printable(line), params) + "\n" for line in lines))


__all__ = [
    "Span",
    "Terminal",
    "echo_lines",
    "show_document",
    "stderr",
    "stdout",
    "to_ansi",
    "write_json",
    "write_text",
]
