"""A tiny document model that every command's human-readable output is built from.

Commands describe what to show as a list of blocks (headings, paragraphs,
bullet lists, tables), with inline spans for emphasis and word-level changes.
Small renderers turn blocks into output: :func:`to_markdown` and :func:`to_plain`
here, and :func:`rrpcli.cli.terminal.to_ansi` for a colour terminal (the plain
layout, in colour).  So the Markdown and terminal views of a command cannot
disagree.

The blocks are plain dataclasses (frozen ones cost twice as much to create at
start-up); treat them as values.

All text passes through :func:`printable` on the way out: plan text is data,
and a control character in it is shown, never obeyed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, Union

SpanStyle = Literal["plain", "strong", "em", "dim", "ins", "del", "code"]


@dataclass
class Span:
    """A run of text with one style."""

    text: str
    style: SpanStyle = "plain"


Inline = Union[str, Sequence[Span]]  # noqa: UP007 - a runtime alias


@dataclass
class Heading:
    """A heading; level 1 is the document title."""

    text: str
    level: int = 2


@dataclass
class Para:
    """A paragraph of text or styled spans."""

    content: Inline
    style: SpanStyle = "plain"


@dataclass
class Bullets:
    """A bullet list; each item may carry a marker (``+``, ``-``, ``~``) instead of a bullet."""

    items: Sequence[Inline]
    markers: Sequence[str] | None = None


@dataclass
class Table:
    """A table of inline cells; ``align`` is ``l`` or ``r`` per column."""

    headers: Sequence[str]
    rows: Sequence[Sequence[Inline]]
    align: str = ""
    title: str = ""


@dataclass
class Quote:
    """A quoted passage with its attribution."""

    paragraphs: Sequence[str]
    attribution: str = ""


Block = Union[Heading, Para, Bullets, Table, Quote]  # noqa: UP007 - a runtime alias


@dataclass
class Document:
    """An ordered list of blocks."""

    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Document:
        """Append blocks; returns self for chaining."""
        self.blocks.extend(blocks)
        return self

    def extend(self, blocks: Iterable[Block]) -> Document:
        """Append every block of an iterable."""
        self.blocks.extend(blocks)
        return self


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text with control characters (ESC, BEL, ...) shown as ``\\x1b`` instead of obeyed."""
    if text.isprintable():  # nearly all plan text: no control character at all
        return text
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def spans(content: Inline) -> list[Span]:
    """Inline content as a list of spans."""
    return [Span(content)] if isinstance(content, str) else list(content)


def plain_text(content: Inline) -> str:
    """Inline content with its styles dropped (changes shown as ``[-old-]{+new+}``)."""
    out = []
    for s in spans(content):
        text = printable(s.text)
        if s.style == "ins":
            out.append("{+" + text + "+}")
        elif s.style == "del":
            out.append("[-" + text + "-]")
        else:
            out.append(text)
    return "".join(out)


# -- Markdown -----------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def md_escape(text: str) -> str:
    """Text safe inside Markdown: emphasis, links, HTML and table pipes escaped."""
    return _MD_SPECIAL.sub(r"\\\1", printable(text)).replace("\n", " ")


_MARKERS = {"strong": "**", "em": "*", "dim": "*", "ins": "**", "del": "~~"}


def md_inline(content: Inline) -> str:
    """Inline content as Markdown.

    Spaces at the edges of an emphasised span go outside its markers:
    CommonMark does not read ``** x**`` as emphasis.
    """
    out = []
    for s in spans(content):
        if not s.text:
            continue
        if s.style == "code":
            out.append(f"`{printable(s.text)}`")
            continue
        text = md_escape(s.text)
        marker = _MARKERS.get(s.style)
        core = text.strip()
        if marker is None or not core:
            out.append(text)
            continue
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        out.append(f"{lead}{marker}{core}{marker}{trail}")
    return "".join(out)


def to_markdown(doc: Document) -> str:
    """The document as Markdown (CommonMark with pipe tables)."""
    parts: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            parts.append("#" * max(1, min(block.level, 6)) + " " + md_escape(block.text))
        elif isinstance(block, Para):
            parts.append(
                md_inline([Span(s.text, block.style if s.style == "plain" else s.style) for s in spans(block.content)])
            )
        elif isinstance(block, Bullets):
            lines = []
            for i, item in enumerate(block.items):
                marker = block.markers[i] if block.markers else ""
                prefix = f"`{marker}` " if marker.strip() else ""
                lines.append(f"- {prefix}{md_inline(item)}")
            if lines:
                parts.append("\n".join(lines))
        elif isinstance(block, Table):
            parts.append(_md_table(block))
        elif isinstance(block, Quote):
            quoted = "\n>\n".join(f"> {md_escape(p)}" for p in block.paragraphs)
            if block.attribution:
                quoted += f"\n>\n> — {md_escape(block.attribution)}"
            parts.append(quoted)
    return "\n\n".join(p for p in parts if p) + "\n"


def _md_table(table: Table) -> str:
    if not table.rows:
        return ""
    align = table.align or "l" * len(table.headers)
    head = "| " + " | ".join(md_escape(h) for h in table.headers) + " |"
    rule = "| " + " | ".join("---:" if a == "r" else "---" for a in align) + " |"
    rows = []
    for row in table.rows:
        cells = [md_inline(c) or " " for c in row]
        cells += [" "] * (len(table.headers) - len(cells))
        rows.append("| " + " | ".join(cells) + " |")
    title = f"**{md_escape(table.title)}**\n\n" if table.title else ""
    return title + "\n".join([head, rule, *rows])


# -- Plain text -----------------------------------------------------------------


def wrap_ranges(text: str, width: int, first: int = 0, rest: int = 0) -> list[tuple[int, int]]:
    """Where ``text`` breaks into lines of ``width`` columns: ``(start, end)`` of each line's text.

    The first line is indented by ``first`` columns, the others by ``rest``.
    Lines break at spaces, greedily (the spaces at a break are dropped); a word
    longer than a line starts a new line and is folded; a newline in the text
    always breaks.  Ranges rather than strings, so that the styled renderer
    can carry each character's style over to the lines.
    """
    width = max(width, first + 10)
    out: list[tuple[int, int]] = []
    lead = first
    position = 0
    for part in text.split("\n"):
        start, end = position, position + len(part)
        position = end + 1
        while start < end and text[start] == " ":
            start += 1
        before = len(out)
        while lead + end - start > width:
            room = width - lead
            cut = text.rfind(" ", start, start + room + 1)
            if cut > start:  # break at the last space that fits
                stop = cut
                while text[stop - 1] == " ":
                    stop -= 1
                out.append((start, stop))
                start = cut
                while start < end and text[start] == " ":
                    start += 1
            else:  # the first word is longer than the line: fold it
                out.append((start, start + room))
                start += room
            lead = rest
        if text[start:end].strip(" ") or len(out) == before:
            out.append((start, end))
        lead = rest
    return out


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """``text`` wrapped to ``width`` (:func:`wrap_ranges`), lines after ``first`` then ``rest``."""
    ranges = wrap_ranges(text, width, len(first), len(rest))
    return [(rest if i else first) + text[a:b] for i, (a, b) in enumerate(ranges)]


def _plain_table(table: Table) -> list[str]:
    if not table.rows:
        return []
    align = table.align or "l" * len(table.headers)
    rows = [[printable(h) for h in table.headers]] + [[plain_text(c) for c in row] for row in table.rows]
    widths = [max(len(r[i]) if i < len(r) else 0 for r in rows) for i in range(len(table.headers))]
    out = [printable(table.title)] if table.title else []
    for row in rows:
        cells = [
            (cell.rjust(w) if i < len(align) and align[i] == "r" else cell.ljust(w))
            for i, (cell, w) in enumerate(zip(row, widths, strict=False))
        ]
        out.append("  ".join(cells).rstrip())
    return out


def to_plain(doc: Document, width: int = 80) -> str:
    """The document as plain text wrapped to ``width``: no colour, no escape codes.

    Headings are underlined (``=`` for the title, ``-`` for sections) or end
    in a colon; bullets hang; tables keep their natural width so that scripts
    can cut columns; changes show as ``[-old-]{+new+}``.
    """
    lines: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            text = printable(block.text)
            if block.level <= 2:
                lines += [text, ("=" if block.level <= 1 else "-") * min(len(text), 78)]
            else:
                lines.append(f"{text}:")
            continue
        if isinstance(block, Para):
            lines += _wrap(plain_text(block.content), width)
        elif isinstance(block, Bullets):
            if not block.items:
                continue
            markers = list(block.markers) if block.markers else ["-"] * len(block.items)
            column = max(len(m) for m in markers) or 1
            for item, marker in zip(block.items, markers, strict=False):
                lines += _wrap(plain_text(item), width, marker.ljust(column) + " ", " " * (column + 1))
        elif isinstance(block, Table):
            if not block.rows:
                continue
            lines += _plain_table(block)
        elif isinstance(block, Quote):
            for j, paragraph in enumerate(block.paragraphs):
                if j:
                    lines.append("")
                lines += _wrap(printable(paragraph), width, "    ", "    ")
            if block.attribution:
                lines += _wrap("— " + printable(block.attribution), width, "    ", "    ")
        lines.append("")
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(line.rstrip() for line in lines) + "\n"
