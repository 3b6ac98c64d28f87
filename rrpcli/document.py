"""A tiny document model that every command's human-readable output is built from.

Commands describe what to show as a list of blocks (headings, paragraphs,
bullet lists, tables), with inline spans for emphasis and word-level changes.
Small renderers turn blocks into output: :func:`to_markdown` here, and
:func:`rrpcli.cli.layout.document_view`, which draws a document with rich, in
colour on a terminal and as plain text otherwise.  So the Markdown and
terminal views of a command cannot disagree.

The blocks are plain dataclasses; treat them as values.

All text passes through :func:`printable` on the way out: plan text is data,
and a control character in it is shown, never obeyed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Union

from rrpcli import escaping

if TYPE_CHECKING:
    from rrpcli.charts import TextChart

SpanStyle = Literal["plain", "strong", "em", "dim", "ins", "del", "code", "high", "medium", "low"]
"""Inline styles.  ``high``, ``medium`` and ``low`` mark a level on a scale (a target's grade): green,
yellow and blue on a colour terminal (the low end is not a failure: never red), plain text elsewhere."""


@dataclass
class Span:
    """A run of text with one style."""

    text: str
    style: SpanStyle = "plain"


Inline = Union[str, Sequence[Span]]  # noqa: UP007 - a runtime alias


@dataclass(eq=False, repr=False)
class Heading:
    """A heading; level 1 is the document title."""

    text: str
    level: int = 2


@dataclass(eq=False, repr=False)
class Para:
    """A paragraph of text or styled spans."""

    content: Inline
    style: SpanStyle = "plain"


@dataclass(eq=False, repr=False)
class Bullets:
    """A bullet list; each item may carry a marker (``+``, ``-``, ``~``) instead of a bullet."""

    items: Sequence[Inline]
    markers: Sequence[str] | None = None


@dataclass(eq=False, repr=False)
class Table:
    """A table of inline cells; ``align`` is ``l`` or ``r`` per column.

    ``narrow`` and ``shorten`` are for a terminal too narrow for every column
    at its full width: rather than wrap its rows, the table leaves out the
    ``narrow`` columns (by header, the first listed first) and cuts the
    ``shorten`` column short with "…" until each row fits on one line.
    Markdown (and JSON) always keep everything.

    ``groups`` label groups of rows: ``(index of the group's first row,
    label)``, in order.  A terminal draws each label on a line of its own
    above its rows, across the table, the columns lined up through every
    group; Markdown gives it a row of its own, in bold, in the first column.
    """

    headers: Sequence[str]
    rows: Sequence[Sequence[Inline]]
    align: str = ""
    title: str = ""
    narrow: Sequence[str] = ()
    shorten: str = ""
    groups: Sequence[tuple[int, Inline]] = ()


@dataclass(eq=False, repr=False)
class Quote:
    """A quoted passage with its attribution."""

    paragraphs: Sequence[str]
    attribution: str = ""


@dataclass(eq=False, repr=False)
class Chart:
    """A text chart (:func:`rrpcli.charts.text_chart`): lines of fixed layout, drawn as they are, never wrapped.

    A terminal draws it as narrow as its window needs
    (:meth:`~rrpcli.charts.TextChart.resized`) and may colour its marks;
    Markdown shows it as a fenced text block.
    """

    chart: TextChart


Block = Union[Heading, Para, Bullets, Table, Quote, Chart]  # noqa: UP007 - a runtime alias


@dataclass(eq=False, repr=False)
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


def printable(text: str) -> str:
    """Text for a terminal or plain text: control, bidirectional and line-separator characters shown, not obeyed.

    ESC is shown as ``\\x1b``, U+202E as ``\\u202e``; tab and newline are kept.
    The one rule for every output is :mod:`rrpcli.escaping`.
    """
    return escaping.printable(text)


def spans(content: Inline) -> list[Span]:
    """Inline content as a list of spans."""
    return [Span(content)] if isinstance(content, str) else list(content)


# -- Markdown -----------------------------------------------------------------


def md_escape(text: str) -> str:
    """Text safe inside Markdown: one inline run of text, shown as it is (see :func:`rrpcli.escaping.md_escape`).

    Emphasis, code, links, HTML, character references and table pipes are
    escaped, line breaks become spaces, a start that would open a block is
    escaped, and control characters are shown as by :func:`printable`.
    """
    return escaping.md_escape(text)


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
        elif isinstance(block, Chart):
            parts.append(md_fenced([line for line in block.chart.lines() if line]))
    return "\n\n".join(p for p in parts if p) + "\n"


def md_fenced(lines: Sequence[str]) -> str:
    """Lines as a fenced text block, the fence longer than any run of backticks in them."""
    text = "\n".join(printable(line) for line in lines)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def _md_table(table: Table) -> str:
    if not table.rows:
        return ""
    align = table.align or "l" * len(table.headers)
    head = "| " + " | ".join(md_escape(h) for h in table.headers) + " |"
    rule = "| " + " | ".join("---:" if a == "r" else "---" for a in align) + " |"
    rows = []
    labels = dict(table.groups)
    for i, row in enumerate(table.rows):
        if i in labels:
            label = md_inline([Span(s.text, "strong" if s.style == "plain" else s.style) for s in spans(labels[i])])
            rows.append("| " + " | ".join([label] + [" "] * (len(table.headers) - 1)) + " |")
        cells = [md_inline(c) or " " for c in row]
        cells += [" "] * (len(table.headers) - len(cells))
        rows.append("| " + " | ".join(cells) + " |")
    title = f"**{md_escape(table.title)}**\n\n" if table.title else ""
    return title + "\n".join([head, rule, *rows])
