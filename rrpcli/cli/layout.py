"""Documents drawn with rich: one renderer for a colour terminal and for plain text.

:func:`document_view` turns a :class:`~rrpcli.document.Document` into one rich
renderable.  The same renderables serve both outputs: on a colour terminal
the console draws their styles; for plain output (piped, ``--color never``)
the console has no colour system, so it writes no escape codes at all, and
word-level changes are spelled ``[-old-]{+new+}`` instead of being coloured.

The layout, the same for both:

- headings are underlined (``=`` for the title, ``-`` for a section) or end
  in a colon (a sub-heading), as rrp's output has always looked;
- paragraphs, bullets and quotes wrap at spaces and never inside a word: a
  word longer than the line (a URL, a file path) keeps a line of its own and
  overflows it, so it can still be clicked or copied (:class:`Hanging`);
- bullets hang: continuation lines start under the text, not the marker;
- tables are rich tables without borders, two spaces between columns,
  never wider than the window (:func:`table_plan` decides how).

Plan text enters only as :class:`rich.text.Text` (never as markup), with its
control characters made visible by :func:`rrpcli.document.printable`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, NewLine, RenderableType, RenderResult
from rich.segment import Segment
from rich.table import Table as RichTable
from rich.text import Text

from rrpcli.charts import TEXT_OVERHANG, TextChart
from rrpcli.document import (
    Bullets,
    Chart,
    Document,
    Heading,
    Inline,
    Para,
    Quote,
    Span,
    SpanStyle,
    Table,
    printable,
)

#: rich styles of the document's inline styles (used on a colour terminal only).
STYLES: dict[str, str] = {
    "plain": "",
    "strong": "bold",
    "em": "italic",
    "dim": "dim",
    "ins": "bold green",
    "del": "red strike",
    "code": "cyan",
    "high": "green",
    "medium": "yellow",
    "low": "blue",  # the least ambitious grade, not a failure: never red
}
#: Colours of the change markers of a bullet list (``rrp diff``).
MARKER_STYLES = {"+": "green", "-": "red", "~": "yellow", ">": "blue"}
#: Colours of a text chart's marks (``rrp targets``): baseline, target, outturn, national, England only.
CHART_STYLES = {"B": "cyan", "T": "yellow", "O": "bold green", "n": "magenta", "e": "magenta"}
#: Columns between two table columns.
GAP = 2
#: A column cut short with "…" keeps at least this many cells (or its header's width).
SHORTEN_FLOOR = 20
#: The hanging layout of a table (its last column wrapped after the others) needs this much room for that column.
HANGING_ROOM = 10


def inline_text(content: Inline, styled: bool, base: SpanStyle = "plain") -> Text:
    """Inline content as rich Text: styled spans, or the plain spelling of changes (``[-old-]{+new+}``).

    On a colour terminal a removed and an inserted run are told apart by
    colour and kept apart by a space.
    """
    if isinstance(content, str):
        return Text(printable(content), style=STYLES[base] if styled else "")
    if not styled:  # one string, spelled out: no append a span
        return Text(_spelled(content))
    text = Text()
    previous = "plain"
    for span in content:
        if previous == "del" and span.style == "ins":
            text.append(" ")
        text.append(printable(span.text), STYLES[span.style if span.style != "plain" else base] or None)
        previous = span.style
    return text


#: How plain text spells a change: ``[-removed-]{+inserted+}`` (as git's word diff does).
_PLAIN_SPELLING = {"ins": "{{+{}+}}", "del": "[-{}-]"}


def _spelled(content: Sequence[Span]) -> str:
    """Spans as one plain string, each made printable, the changes spelled out (``{+new+}``, ``[-old-]``)."""
    return "".join(_PLAIN_SPELLING.get(span.style, "{}").format(printable(span.text)) for span in content)


def inline_content(content: Inline, styled: bool, base: SpanStyle = "plain") -> Text | str:
    """Inline content for :class:`Hanging`: as :func:`inline_text`, but a string where it would have no style.

    That is all plain output and most text in colour.  Hanging draws such
    text from its string alone, so no rich Text is built for it (building one
    scans the whole text for control codes, which :func:`printable` has
    already made visible).
    """
    if not styled:
        return printable(content) if isinstance(content, str) else _spelled(content)
    if isinstance(content, str) and not STYLES[base]:
        return printable(content)
    return inline_text(content, styled, base)


#: A word and the spaces after it (the unit :func:`wrap_words` places when characters differ in width).
_WORD = r"\S+\s*"


def _line_pattern(limit: int, overflow: bool = True) -> str:
    """A line of at most ``limit`` characters from a word's start to a word's end, and the spaces after it.

    With ``overflow``, when no word ends within the line, the first word
    alone (it overflows the line).  Compiled by :func:`_line_regex`.
    """
    fits = rf"\S(?:.{{0,{limit - 2}}}\S)?(?=\s|$)" if limit > 1 else r"\S(?=\s|$)"
    return rf"(?:{fits}|\S+)\s*" if overflow else rf"{fits}\s*"


def wrap_words(text: Text, width: int, first_width: int | None = None) -> list[Text]:
    """``text`` broken into lines of at most ``width`` cells (the first line ``first_width``), at spaces only.

    Unlike rich's own wrapping, a word longer than the line is never folded:
    it starts a line of its own and overflows it (a URL stays whole).  A
    newline in the text always breaks; spaces at a break are dropped.
    """
    lines: list[Text] = []
    for line in text.split("\n", allow_blank=True) if "\n" in text.plain else (text,):
        offsets = _wrap_offsets(line.plain, width if lines or first_width is None else first_width, width)
        if offsets is None:
            lines.append(line)
            continue
        for piece in line.divide(offsets):
            piece.rstrip()
            lines.append(piece)
    return lines


def wrap_plain(plain: str, width: int, first_width: int | None = None) -> list[str]:
    """The lines of :func:`wrap_words` for text without spans, as strings: no Text object a line."""
    lines: list[str] = []
    for line in plain.split("\n"):
        offsets = _wrap_offsets(line, width if lines or first_width is None else first_width, width)
        if offsets is None:
            lines.append(line)
            continue
        bounds = [0, *offsets, len(line)]
        lines += [line[start:end].rstrip() for start, end in pairwise(bounds)]
    return lines


def _wrap_offsets(plain: str, limit: int, width: int) -> list[int] | None:
    """Where to break one line of text (its first line ``limit`` cells, the others ``width``); None if it fits."""
    if plain.isascii():
        size, one_cell = len(plain), True
    else:
        # Each distinct character measured once, not every character of a long text: when all are one cell
        # wide the size is the length.  (Not cell_len(plain) == len(plain): wide characters and zero-width
        # ones, a tab, can add up to it.)
        one_cell = all(cell_len(char) == 1 for char in set(re.findall(_MEASURED, plain)))
        size = len(plain) if one_cell else cell_len(plain)
    if size <= limit:
        return None
    return _breaks(plain, limit, width) if one_cell else _breaks_by_cells(plain, limit, width)


#: The characters :func:`_wrap_offsets` measures: a tab and anything not ASCII (the rest is one cell wide).
_MEASURED = r"[^\x00-\x08\x0a-\x7f]"


@functools.cache
def _line_regex(limit: int, overflow: bool = True) -> re.Pattern[str]:
    """:func:`_line_pattern` compiled, once per width in a run (re's own cache would be asked once per line)."""
    return re.compile(_line_pattern(limit, overflow))


def _breaks(plain: str, limit: int, width: int) -> list[int]:
    """Where :func:`wrap_words` breaks a line of one-cell characters: a regular expression finds each line.

    The same breaks as :func:`_breaks_by_cells`, without a step of Python per word
    (plan text is mostly ASCII, with dashes and curly quotes).
    """
    offsets: list[int] = []
    start = len(plain) - len(plain.lstrip())
    if start and start < len(plain):  # an indented first line: the words that fit after the indent, else none
        found = _line_regex(limit - start, overflow=False).match(plain, start) if limit > start else None
        if found is not None:
            start = found.end()
        if start < len(plain):
            offsets.append(start)
        limit = width
    while len(plain) - start > limit:
        found = _line_regex(limit).match(plain, start)
        start = found.end() if found is not None else len(plain)
        if start < len(plain):
            offsets.append(start)
        limit = width
    return offsets


def _breaks_by_cells(plain: str, limit: int, width: int) -> list[int]:
    """Where :func:`wrap_words` breaks a line with characters of other widths: word by word, in cells."""
    offsets = []
    column = len(plain) - len(plain.lstrip())
    for match in re.finditer(_WORD, plain):
        word = match.group()
        length = cell_len(word)
        if column and column + cell_len(word.rstrip()) > limit:
            offsets.append(match.start())
            column = length
            limit = width
        else:
            column += length
    return offsets


class Hanging:
    """Text after a marker, wrapped at spaces (:func:`wrap_words`), later lines indented under the text.

    Cheap enough for thousands of bullets: one wrap of one Text, no nested
    tables.  With no marker and no indent it is a plain paragraph.  The text
    and the marker may be strings: text with no style at all (see
    :func:`inline_content`).
    """

    def __init__(self, text: Text | str, marker: Text | str | None = None, indent: int = 0) -> None:
        self.text = text
        self.marker = marker
        self.indent = indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        pad = Segment(" " * self.indent) if self.indent else None
        width = max(options.max_width - self.indent, 1)
        # Without a marker the first line starts at the margin and only the others are indented.
        first = options.max_width if self.marker is None else width
        plain_text = _unstyled(self.text)
        plain_marker = "" if self.marker is None else _unstyled(self.marker)
        if plain_text is not None and plain_marker is not None:
            # No style anywhere (all plain output, and most text in colour): the block is one segment.
            plain = wrap_plain(plain_text, width, first)
            head = "" if self.marker is None else plain_marker + " " * (self.indent - cell_len(plain_marker))
            rest = "".join(f"{' ' * self.indent}{line}\n" for line in plain[1:])
            yield Segment(f"{head}{plain[0]}\n{rest}")
            return
        text = Text(self.text) if isinstance(self.text, str) else self.text
        marker = Text(self.marker) if isinstance(self.marker, str) else self.marker
        lines: list[Iterable[Segment]]
        if text.spans:
            lines = [_segments(line, console) for line in wrap_words(text, width, first)]
        else:  # most text: one style, so a line is one segment, cut from the string
            style = console.get_style(text.style) if text.style else None
            lines = [(Segment(line, style),) for line in wrap_plain(text.plain, width, first)]
        for i, line in enumerate(lines):
            if i == 0:
                if marker is not None:
                    yield from _segments(marker, console)
                    if self.indent > marker.cell_len:
                        yield Segment(" " * (self.indent - marker.cell_len))
            elif pad is not None:
                yield pad
            yield from line
            yield Segment.line()


def _unstyled(text: Text | str) -> str | None:
    """Text with no style at all as a string (a string is that already); None for styled Text."""
    if isinstance(text, str):
        return text
    return None if text.spans or text.style else text.plain


def _segments(text: Text, console: Console) -> Iterable[Segment]:
    """The segments of one line of Text, in its own style and its spans' (``Text.render`` leaves out the former)."""
    if not text.style:
        return text.render(console)
    return Segment.apply_style(text.render(console), console.get_style(text.style))


# -- tables -----------------------------------------------------------------------


@dataclass(eq=False, repr=False)
class TablePlan:
    """How a table is drawn at a given width.

    ``columns`` are the indices of the columns shown, ``widths`` their widths
    in cells.  ``mode`` is ``grid`` (a table, cells wrapped at spaces where
    ``wrapped``), ``hanging`` (the last column wrapped after the others, its
    long words overflowing: a URL in a footnote) or ``records`` (too narrow
    for columns: one paragraph per row).  ``shortened`` is a column cut
    short with "…"; ``dropped`` the headers of columns left out.
    """

    columns: list[int]
    widths: list[int]
    mode: str = "grid"
    wrapped: bool = False
    shortened: int | None = None
    dropped: tuple[str, ...] = ()


def _longest_line(text: Text) -> int:
    plain = text.plain
    return cell_len(plain) if "\n" not in plain else max(cell_len(line) for line in plain.split("\n"))


def _longest_word(text: Text) -> int:
    return max((cell_len(word) for word in text.plain.split()), default=0)


def _span(widths: Iterable[int]) -> int:
    widths = list(widths)
    return sum(widths) + GAP * (len(widths) - 1) if widths else 0


def table_plan(block: Table, width: int, cells: Sequence[Sequence[Text]] | None = None) -> TablePlan:
    """Decide how a table fits ``width`` columns, in this order.

    1. Every column at its natural width, if that fits.
    2. For a table that keeps one line per row on a narrow terminal
       (``Table.shorten``/``Table.narrow``): its ``shorten`` column cut short
       with "…", down to :data:`SHORTEN_FLOOR` cells, then its ``narrow``
       columns left out one at a time (first listed first), until it fits.
    3. Cells wrapped at spaces: the widest columns give way first, never
       below their longest word.
    4. The last column wrapped after the others (``hanging``), when the
       others fit at their natural width: its long words overflow the line.
    5. One paragraph per row (``records``).

    ``cells`` are the header and row cells as Text (built from the block when
    not given).
    """
    if cells is None:
        cells = _cells(block, styled=False)
    count = len(block.headers)
    natural = [max(_longest_line(row[i]) for row in cells) for i in range(count)]
    shown = list(range(count))
    if _span(natural) <= width:
        return TablePlan(shown, natural)
    headers = [printable(h) for h in block.headers]
    shorten = headers.index(block.shorten) if block.shorten in headers else None
    droppable = [headers.index(h) for h in block.narrow if h in headers and headers.index(h) != shorten]
    dropped: list[str] = []
    if shorten is not None or droppable:
        floor = min(natural[shorten], max(SHORTEN_FLOOR, cell_len(headers[shorten]))) if shorten is not None else 0
        while True:
            widths = [natural[i] for i in shown]
            excess = _span(widths) - width
            if excess <= 0:
                return TablePlan(shown, widths, dropped=tuple(dropped))
            if shorten is not None and natural[shorten] - excess >= floor:
                widths[shown.index(shorten)] = natural[shorten] - excess
                return TablePlan(shown, widths, shortened=shorten, dropped=tuple(dropped))
            if not droppable:
                break
            gone = droppable.pop(0)
            shown.remove(gone)
            dropped.append(headers[gone])
    # Each column's longest word, measured only for a table that must wrap.
    shortest = [max(_longest_word(row[i]) for row in cells) for i in range(count)]
    if _span(shortest[i] for i in shown) <= width:
        widths = _capped([natural[i] for i in shown], [shortest[i] for i in shown], width)
        return TablePlan(shown, widths, wrapped=True, dropped=tuple(dropped))
    last = shown[-1]
    lead = [natural[i] for i in shown[:-1]]
    if len(shown) > 1 and _span(lead) + GAP + min(natural[last], HANGING_ROOM) <= width:
        return TablePlan(shown, [*lead, width - _span(lead) - GAP], mode="hanging", dropped=tuple(dropped))
    return TablePlan(list(range(count)), natural, mode="records")


def _capped(natural: list[int], shortest: list[int], width: int) -> list[int]:
    """Column widths within ``width``: the widest columns cut to a common cap, none below its longest word."""
    room = width - GAP * (len(natural) - 1)
    low, high = 0, max(natural)  # the largest cap that fits
    while low < high:
        middle = (low + high + 1) // 2
        if sum(max(s, min(n, middle)) for n, s in zip(natural, shortest, strict=True)) <= room:
            low = middle
        else:
            high = middle - 1
    widths = [max(s, min(n, low)) for n, s in zip(natural, shortest, strict=True)]
    spare = room - sum(widths)
    for i, w in enumerate(widths):  # what is left, one cell to each column held at the cap
        if spare and w == low and natural[i] > low:
            widths[i] += 1
            spare -= 1
    return widths


def _cells(block: Table, styled: bool) -> list[list[Text]]:
    """The header and the rows of a table as Text, every row as long as the header."""
    count = len(block.headers)
    header = [Text(printable(h), style="bold" if styled else "") for h in block.headers]
    rows = [[inline_text(c, styled) for c in row[:count]] for row in block.rows]
    return [header, *(row + [Text("") for _ in range(count - len(row))] for row in rows)]


def table_renderables(block: Table, width: int, styled: bool, hidden: list[str] | None = None) -> list[RenderableType]:
    """A table laid out by :func:`table_plan`, after its title; the headers of columns left out go to ``hidden``."""
    if not block.rows:
        return []
    cells = _cells(block, styled)
    plan = table_plan(block, width, cells)
    out: list[RenderableType] = []
    if block.title:
        out.append(Hanging(Text(printable(block.title), style="bold" if styled else "")))
    align = block.align or ""
    right = [align[i : i + 1] == "r" for i in range(len(block.headers))]
    if not block.groups:
        if plan.mode == "grid":
            out.append(_grid(cells, plan, right))
        elif plan.mode == "hanging":
            out += _hanging_rows(cells, plan, right)
        else:
            out += _records(cells, styled)
    else:
        out += _grouped(block, cells, plan, right, styled)
    if hidden is not None:
        hidden += [h for h in plan.dropped if h not in hidden]
    return out


def _grouped(
    block: Table, cells: list[list[Text]], plan: TablePlan, right: list[bool], styled: bool
) -> list[RenderableType]:
    """A table with labelled groups of rows: the header, then each label on a line of its own and its rows.

    Every group is laid out with the same plan, so the columns line up from
    the header through the last group.
    """
    header, rows = cells[0], cells[1:]
    out: list[RenderableType] = []
    if plan.mode == "grid":
        out.append(_grid([header], plan, right))
    elif plan.mode == "hanging":
        out += _hanging_rows([header], plan, right)
    for label, start, end in _groups(block):
        if label is not None:
            out.append(Hanging(inline_content(label, styled, "strong" if styled else "plain")))
        if plan.mode == "grid":
            out.append(_grid(rows[start:end], plan, right, header=False))
        elif plan.mode == "hanging":
            out += _hanging_rows(rows[start:end], plan, right)
        else:
            out += _records([header, *rows[start:end]], styled)
    return out


def _groups(block: Table) -> list[tuple[Inline | None, int, int]]:
    """The table's rows as ``(label, start, end)`` runs: rows before the first label, then each labelled group."""
    count = len(block.rows)
    starts = [(min(max(i, 0), count), label) for i, label in block.groups]
    runs: list[tuple[Inline | None, int, int]] = []
    first = starts[0][0] if starts else count
    if first > 0 or not starts:
        runs.append((None, 0, first))
    for j, (start, label) in enumerate(starts):
        end = starts[j + 1][0] if j + 1 < len(starts) else count
        runs.append((label, start, end))
    return runs


def _grid(rows: Sequence[list[Text]], plan: TablePlan, right: list[bool], header: bool = True) -> Trimmed:
    """A borderless rich table with the planned column widths, two spaces between columns.

    With ``header`` the first of ``rows`` is the header; without, the rows
    are a group of a table whose header was drawn before (same widths).
    """
    table = RichTable(
        box=None, padding=(0, GAP, 0, 0), pad_edge=False, show_edge=False, expand=False, show_header=header
    )
    for i, w in zip(plan.columns, plan.widths, strict=True):
        clipped = i == plan.shortened
        table.add_column(
            rows[0][i] if header else "",
            width=w,
            justify="right" if right[i] else "left",
            no_wrap=clipped or not plan.wrapped,
            overflow="ellipsis" if clipped else "fold",
        )
    for row in rows[1:] if header else rows:
        table.add_row(*(row[i] for i in plan.columns))
    return Trimmed(table)


def _hanging_rows(cells: Sequence[list[Text]], plan: TablePlan, right: list[bool]) -> list[RenderableType]:
    """Each row (the header too): the other columns at their widths, then the last column hanging after them."""
    lead = plan.columns[:-1]
    indent = sum(plan.widths[:-1]) + GAP * len(lead)
    out: list[RenderableType] = []
    for row in cells:
        marker = Text()
        for i, w in zip(lead, plan.widths, strict=False):
            cell = row[i].copy()
            cell.align("right" if right[i] else "left", w)
            marker.append_text(cell)
            marker.append(" " * GAP)
        out.append(Hanging(row[plan.columns[-1]], marker, indent))
    return out


def _records(cells: list[list[Text]], styled: bool) -> list[RenderableType]:
    """Each row as one hanging paragraph: ``first: header value · header value ...``."""
    header, rows = cells[0], cells[1:]
    out: list[RenderableType] = []
    for row in rows:
        text = row[0].copy()
        if styled:
            text.stylize("bold")
        for label, cell in zip(header[1:], row[1:], strict=True):
            if not cell.plain:
                continue
            text.append(" · " if len(text) > len(row[0]) else ": ")
            if label.plain:
                text.append(label.plain + " ", style="dim" if styled else "")
            text.append_text(cell)
        out.append(Hanging(text, indent=2))
    return out


class Trimmed:
    """A renderable with the spaces that end its lines left out (rich pads table cells to their column)."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in console.render_lines(self.renderable, options, pad=False):
            while line and not line[-1].text.strip():
                line.pop()
            if line:
                last = line[-1]
                line[-1] = Segment(last.text.rstrip(), last.style, last.control)
            yield from line
            yield Segment.line()


# -- the document -------------------------------------------------------------------


class DocumentView:
    """A whole document: its blocks one after another, a blank line after each but a heading.

    When a narrow window leaves table columns out, a note at the end says which.
    """

    def __init__(self, doc: Document, styled: bool) -> None:
        self.doc = doc
        self.styled = styled

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        blank = False
        hidden: list[str] = []
        for block in self.doc.blocks:
            parts = block_renderables(block, options.max_width, self.styled, hidden)
            if not parts:
                continue
            if blank:
                yield Segment.line()
            yield from parts
            blank = not isinstance(block, Heading)
        if hidden:
            note = f"Not shown at this width: {', '.join(hidden)}."
            yield Segment.line()
            yield Hanging(Text(note, style=_style("dim", self.styled)))


def document_view(doc: Document, styled: bool) -> DocumentView:
    """The renderable of a document, styled for a colour terminal or plain."""
    return DocumentView(doc, styled)


def _style(name: str, styled: bool) -> str:
    return name if styled else ""


def block_renderables(block: object, width: int, styled: bool, hidden: list[str] | None = None) -> list[RenderableType]:
    """The renderables of one block (none for an empty list or table); see :func:`table_renderables`."""
    if isinstance(block, Heading):
        return _heading(block, width, styled)
    if isinstance(block, Para):
        return [Hanging(inline_content(block.content, styled, block.style))]
    if isinstance(block, Bullets):
        return list(_bullets(block, styled))
    if isinstance(block, Table):
        return table_renderables(block, width, styled, hidden)
    if isinstance(block, Chart):
        return chart_renderables(block.chart, width, styled)
    if isinstance(block, Quote):
        out: list[RenderableType] = []
        for j, paragraph in enumerate(block.paragraphs):
            if j:
                out.append(NewLine())
            out.append(Hanging(inline_content(paragraph, styled, "em"), "    ", 4))
        if block.attribution:
            out.append(Hanging(inline_content("— " + block.attribution, styled, "strong"), "    ", 4))
        return out
    raise TypeError(f"not a document block: {block!r}")


def _heading(block: Heading, width: int, styled: bool) -> list[RenderableType]:
    """A title underlined with ``=``, a section with ``-``, a sub-heading followed by a colon."""
    title = printable(block.text)
    if block.level >= 3:
        return [Hanging(Text(title + ":", style=_style("bold", styled)))]
    style = "bold blue" if block.level <= 1 else "bold cyan"
    text = Text(title, style=_style(style, styled))
    rule = ("=" if block.level <= 1 else "-") * min(max(cell_len(line) for line in title.split("\n")), width)
    return [Hanging(text), Text(rule, style=_style("dim", styled))]


def _bullets(block: Bullets, styled: bool) -> Iterator[RenderableType]:
    """Hanging bullets; a diff's markers (``+ - ~ >``) in their colours, the text lined up after the widest."""
    if not block.items:
        return
    # A list without markers gets bullets; in a list with markers, an empty one is a line that
    # continues the item above (a diff's numbers).
    markers = list(block.markers) if block.markers else ["•" if styled else "-"] * len(block.items)
    indent = max(max(cell_len(m) for m in markers), 1) + 1
    for item, marker in zip(block.items, markers, strict=False):
        style = MARKER_STYLES.get(marker.strip(), "") if styled else ""
        yield Hanging(inline_content(item, styled), Text(marker, style=style) if style else marker, indent)


# -- text charts ---------------------------------------------------------------------


def chart_renderables(chart: TextChart, width: int, styled: bool) -> list[RenderableType]:
    """A text chart as narrow as ``width`` needs: its lines unwrapped, marks coloured; then its legend, wrapped."""
    room = width - chart.label_width - 2 - TEXT_OVERHANG
    drawn = chart.resized(min(chart.width, room))
    lines = drawn.lines()
    title, scale, rows, legend = lines[0], lines[1:3], lines[3:-1], lines[-1]
    out: list[Text] = []
    if title:
        out.append(Text(printable(title), style=_style("bold", styled)))
    out += [Text(printable(line), style=_style("dim", styled)) for line in scale]
    start = drawn.label_width + 2
    for line in rows:
        text = Text(printable(line))
        if styled:
            for run in re.compile(_CHART_RUN).finditer(line, start):
                text.stylize(CHART_STYLES.get(run.group()[0], "dim"), run.start(), run.end())
        out.append(text)
    return [Lines(out), Hanging(Text(printable(legend), style=_style("dim", styled)))]


_CHART_RUN = "[" + "".join(CHART_STYLES) + "]|-+"


class Lines:
    """Lines of text drawn as they are: never wrapped, never cut (a chart keeps its layout)."""

    def __init__(self, lines: Sequence[Text]) -> None:
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines:
            yield from _segments(line, console)
            yield Segment.line()
