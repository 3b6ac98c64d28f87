"""Where output goes and how it looks: colour or plain, its width, the pager, messages.

Colour is decided once per stream (:func:`color_wanted`), in this order:

1. ``--color always`` or ``--color never`` (``--no-color`` is ``never``);
2. ``NO_COLOR`` set to anything but the empty string: no colour; else
   ``FORCE_COLOR`` set to anything but the empty string: colour;
3. otherwise (``--color auto``, the default): colour when the stream is a
   terminal and ``TERM`` is not ``dumb``.

Both kinds of output are drawn by rich from the same renderables
(:mod:`rrpcli.cli.layout`): styled, or by a console with no colour system,
which writes no escape codes at all.  The width is the terminal's on a
terminal; otherwise ``$COLUMNS``, else 80.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

import click
from rich.console import Console, RenderableType
from rich.text import Text

from rrpcli.cli.encodable import encodable_layout, escaped_document
from rrpcli.cli.layout import document_view
from rrpcli.document import Document, printable
from rrpcli.escaping import to_json

#: The choices of ``--color``.
COLOR_CHOICES = ("auto", "always", "never")
#: The narrowest width rrp lays output out for (a smaller $COLUMNS is taken as this).
MIN_WIDTH = 20


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def color_wanted(choice: str, stream: IO[str]) -> bool:
    """Whether output to ``stream`` is in colour (the order of precedence is in the module's docstring)."""
    if choice in ("always", "never"):
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return _isatty(stream) and os.environ.get("TERM") != "dumb"


def _environ_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, ""))
    except ValueError:
        return default


class _Console(Console):
    """rich's console, except that a reader going away (``rrp diff | head``) is rrp's to handle.

    rich would exit with status 1 itself; rrp keeps the status its command
    decided on (``rrp diff``: 1 when the plans differ, else 0).
    """

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError


@dataclass(eq=False, repr=False)
class Output:
    """One output stream and how to write to it."""

    stream: IO[str]
    styled: bool
    interactive: bool  # a terminal: the pager may be used
    width: int
    height: int

    @classmethod
    def for_stream(cls, stream: IO[str], color: str = "auto") -> Output:
        """How to write to ``stream`` with the ``--color`` choice given."""
        tty = _isatty(stream)
        size = None
        if tty:
            try:
                size = os.get_terminal_size(stream.fileno())
            except (AttributeError, ValueError, OSError):
                size = None
        # A terminal may report 0×0 (e.g. a pseudo-terminal nobody sized): then as if it reported nothing.
        width = size.columns if size and size.columns else _environ_int("COLUMNS", 80)
        height = size.lines if size and size.lines else _environ_int("LINES", 24)
        return cls(stream, color_wanted(color, stream), tty, max(width, MIN_WIDTH), height)

    def console(self, file: IO[str]) -> Console:
        """A rich console writing to ``file`` as this output is written: styled, or with no escape codes at all.

        Plan text is data: no markup, no highlighting, no emoji codes; the
        standard colours are all rrp uses.
        """
        return _Console(
            file=file,
            width=self.width,
            height=self.height,
            color_system="standard" if self.styled else None,
            force_terminal=self.styled,
            force_jupyter=False,
            force_interactive=False,
            no_color=not self.styled,
            legacy_windows=False,
            highlight=False,
            markup=False,
            emoji=False,
        )

    def render(self, renderable: RenderableType) -> str:
        """The renderable drawn as text for this output (escape codes only when styled)."""
        buffer = io.StringIO()
        # crop=False: a word longer than the line (a URL) overflows it rather than being cut.
        self.console(buffer).print(renderable, crop=False)
        return buffer.getvalue()

    def write(self, text: str) -> None:
        """Write drawn text as it is."""
        if self.styled:
            # click.echo passes the escape codes through, on Windows too.
            click.echo(text, file=self.stream, nl=False, color=True)
        else:
            self.stream.write(text)


def render_document(doc: Document, out: Output) -> str:
    """A document drawn for an output, within its width even where its encoding lacks characters."""
    encoding = _narrow_encoding(out.stream)
    if encoding is None:
        return out.render(document_view(doc, out.styled))
    return encodable_layout(out.render(document_view(escaped_document(doc, encoding), out.styled)), encoding)


def _narrow_encoding(stream: IO[str]) -> str | None:
    """The stream's encoding when it cannot encode every character (ASCII, Latin-1, ...), else None."""
    encoding = getattr(stream, "encoding", None)
    if not isinstance(encoding, str) or encoding.lower().replace("-", "").replace("_", "").startswith("utf"):
        return None
    return encoding


def show_document(doc: Document, out: Output, *, pager: bool = False) -> None:
    """Write a document; through the pager when asked, on a terminal, and taller than the screen."""
    text = render_document(doc, out)
    if pager and out.interactive and text.count("\n") >= out.height:
        page(text, out.styled)
    else:
        out.write(text)


def page(text: str, styled: bool) -> None:
    """Show text through the pager, as git does.

    click picks the pager (``$PAGER``, else ``less``, else ``more``) and,
    when that program does not exist, prints the text instead.  ``LESS=FRX``
    unless ``LESS`` is set: colours pass through, one screen is just printed,
    and the text stays on the screen after the pager quits.
    """
    os.environ.setdefault("LESS", "FRX")
    # echo_via_pager adds the final newline itself.
    click.echo_via_pager(text.removesuffix("\n"), color=styled)


#: The styles of messages: errors red, warnings yellow, notes dim.
MESSAGE_STYLES = {"red": "red", "yellow": "yellow", "dim": "dim", "": ""}


def message(lines: Sequence[str], out: Output, style: str = "") -> None:
    """Messages (errors, warnings, a command's result lines): one line each, never wrapped.

    A message is never broken across lines, so ``file:line:`` prefixes stay
    readable by editors and grep.  Styled only on a colour terminal.
    """
    console = out.console(out.stream)
    for line in lines:
        console.print(Text(printable(line), style=MESSAGE_STYLES[style] if out.styled else ""), soft_wrap=True)


def stdout(color: str = "auto") -> Output:
    """Standard output, for data."""
    return Output.for_stream(sys.stdout, color)


def stderr(color: str = "auto") -> Output:
    """Standard error, for messages."""
    return Output.for_stream(sys.stderr, color)


def write_text(text: str, stream: IO[str] | None = None) -> None:
    """Write text as it is (JSON, Markdown) to stdout."""
    (stream or sys.stdout).write(text if text.endswith("\n") else text + "\n")


def write_json(data: object) -> None:
    """Write data as JSON (the documented contracts): indented, UTF-8 text as it is.

    Control, bidirectional and line-separator characters are ``\\uXXXX`` escapes
    (:func:`rrpcli.escaping.to_json`): the values read back are the same, and the
    text never acts on a terminal.
    """
    write_text(to_json(data, indent=2))
