"""The first pass of an import: bytes to clean lines, and the artefacts of PDF extraction found.

Everything here works line by line and keeps each line's number in the input,
so that whatever the importer cannot place can be reported where it stands.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from rrpcli.errors import ImportProblem

#: Superscript digits, as PDF extraction renders footnote marks.
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT_VALUES = str.maketrans(SUPERSCRIPTS, "0123456789")

# Characters that are layout, not text: soft hyphen, zero-width spaces and joiners, BOM.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2002\u2003\u2009"), " ")
_CONTROL = r"[\x00-\x08\x0b-\x1f\x7f]"  # all but tab and newline; \f (page break) included

#: Bullet marks as extracted: dashes and asterisks need a space after them,
#: symbol bullets do not.  A stray ``>`` (a quote mark) counts as one.  Marks
#: may repeat (``- - Transform``).
_BULLET = r"^\s*(?:(?:[-–—*>]\s+|[•▪▫◦●○■□·‣⁃∙]\s*))+"

_PAGE_NUMBER = r"(?i)(?:page\s*)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?"
_PAGE_WORD = r"(?i)page\s*\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?"
_URL = r"(?i)https?://"


def superscript_value(marks: str) -> int:
    """``"²"`` as 2."""
    return int(marks.translate(_SUPERSCRIPT_VALUES))


@dataclass(eq=False, repr=False)
class Line:
    """One input line, cleaned; ``artefact`` says why it is not text (page number, running header)."""

    number: int
    text: str
    artefact: str = ""
    page_start: bool = False  # the line followed a form feed (a page break)
    soft_hyphen: bool = False  # the line ended in a soft hyphen: its last word goes on on the next line

    @property
    def blank(self) -> bool:
        """No text: an empty line or an artefact of the extraction."""
        return not self.text.strip() or bool(self.artefact)


def decode(raw: bytes | str, name: str) -> str:
    """The input as text; binary, non-UTF-8 and empty input are refused with a clear message."""
    if isinstance(raw, str):
        text = raw
    else:
        if raw.startswith(b"%PDF-"):
            raise ImportProblem(
                f"{name}: is a PDF file, not its text; extract the text first (pdftotext PLAN.pdf PLAN.txt)"
            )
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ImportProblem(f"{name}: is UTF-16 text; save it as UTF-8 and import it again")
        if b"\x00" in raw:
            raise ImportProblem(f"{name}: is a binary file, not text")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise ImportProblem(
                f"{name}: is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}, line {line}); "
                "save it as UTF-8 and import it again"
            ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ImportProblem(f"{name}: is empty")
    return text


def split_lines(text: str) -> list[Line]:
    """The text as numbered, cleaned lines (CRLF, CR and LF all end a line; form feeds are dropped)."""
    out = []
    for number, raw in enumerate(re.split(r"\r\n|\r|\n", text), 1):
        clean = re.sub(_CONTROL, "", raw.translate(_INVISIBLE).translate(_SPACES)).rstrip()
        soft = raw.rstrip().endswith("\u00ad")
        out.append(Line(number, clean, page_start="\f" in raw, soft_hyphen=soft))
    while out and not out[-1].text:
        out.pop()
    return out


#: A gap wide enough to be a gutter between columns of text (pdftotext -layout); a justified line has
#: gaps of one to three spaces.
_GUTTER = r"\S( {4,})(?=\S)"
_PAGE_REFERENCE = r"(?i)(?:page\s*)?\d{1,3}"


def split_columns(lines: list[Line]) -> list[Line]:
    """Text laid out in columns side by side (``pdftotext -layout``) as one column after the other.

    A block of lines (between blank lines) is in two columns when one gutter,
    a run of four or more spaces at the same place, runs down every line of
    it, with text on both sides on some line, and words on each side (not a
    footnote number or a bullet mark before its text, nor page numbers after
    the contents).  The left column's lines come first, then the right
    column's, each keeping its line number; columns of columns are split again.
    """
    out: list[Line] = []
    block: list[Line] = []
    for line in [*lines, Line(0, "")]:
        if line.text.strip():
            block.append(line)
            continue
        if block:
            out += _columns(block)
            block = []
        if line.number:
            out.append(line)
    return out


def _columns(block: list[Line]) -> list[Line]:
    cut = _gutter(block)
    if cut is None:
        return block
    start, end = cut
    left = [Line(line.number, line.text[:start].rstrip(), page_start=line.page_start) for line in block]
    right = [Line(line.number, line.text[end:].strip()) for line in block]
    left = [line for line in left if line.text.strip()]
    right = [line for line in right if line.text.strip()]
    return [*_columns(left), Line(block[0].number, ""), *_columns(right)]


def _gutter(block: list[Line]) -> tuple[int, int] | None:
    """The columns ``[start, end)`` of a gutter down the whole block, if there is one."""
    if len(block) > 200 or any(len(line.text) > 400 for line in block):
        return None  # not a page laid out in columns
    for line in block:
        for gap in re.finditer(_GUTTER, line.text):
            blank = [x for x in range(gap.start(1), gap.end(1)) if _blank_column(block, x)]
            best = _longest_run(blank)
            if best is not None and _words_both_sides(block, *best):
                return best
    return None


def _longest_run(columns: list[int]) -> tuple[int, int] | None:
    """The longest stretch of consecutive columns, as ``[start, end)``, when it is four or more wide."""
    best: tuple[int, int] | None = None
    start = 0
    for i, x in enumerate(columns):
        if i == 0 or x != columns[i - 1] + 1:
            start = x
        if best is None or x + 1 - start > best[1] - best[0]:
            best = (start, x + 1)
    return best if best is not None and best[1] - best[0] >= 4 else None


def _blank_column(block: list[Line], x: int) -> bool:
    return all(x >= len(line.text) or line.text[x] == " " for line in block)


def _words_both_sides(block: list[Line], start: int, end: int) -> bool:
    """Columns of text: words before the gutter and after it, and not only page numbers after it."""
    lefts = [line.text[:start].strip() for line in block if line.text[:start].strip()]
    rights = [line.text[end:].strip() for line in block if line.text[end:].strip()]
    if not lefts or not rights or all(re.fullmatch(_PAGE_REFERENCE, r) for r in rights):
        return False
    return any(len(t.split()) >= 2 for t in lefts) and any(len(t.split()) >= 2 for t in rights)


def bullet(text: str) -> tuple[str, str] | None:
    """``(mark, rest)`` when the line starts with a bullet mark, else None."""
    m = re.match(_BULLET, text)
    if m is None or not text[m.end() :].strip():
        return None
    return m.group().strip()[0], text[m.end() :].strip()


def is_footnote_like(text: str) -> bool:
    """A line that starts like a footnote: a superscript number, or a number and a URL."""
    stripped = text.strip()
    return bool(stripped) and (stripped[0] in SUPERSCRIPTS or bool(re.match(r"\d{1,2}\s+https?://", stripped)))


def mark_artefacts(lines: list[Line], is_heading: Callable[[str], bool]) -> list[tuple[str, int, int]]:
    """Mark running headers and footers and stray page numbers as artefacts.

    A running header or footer is a short line (not a heading, bullet or
    footnote) that starts a block of text (after a blank line or a page break)
    and comes back three times or more, numbers aside.  A page number
    is a line that holds only a number (``12``, ``Page 12``, ``12 of 30``)
    standing on its own between blank lines.

    Returns each kind of running line dropped: ``(text, count, first line)``.
    """

    def key(text: str) -> str:
        return re.sub(r"\d+", "#", " ".join(text.split()).casefold())

    def candidate(text: str) -> bool:
        stripped = text.strip()
        return (
            bool(stripped)
            and len(stripped.split()) <= 12
            and bullet(stripped) is None
            and not is_footnote_like(stripped)
            and not re.search(_URL, stripped)
            and not re.fullmatch(_PAGE_NUMBER, stripped)
            and not is_heading(stripped)
        )

    starts = [
        i for i, line in enumerate(lines) if candidate(line.text) and (line.page_start or _standalone(lines, i, -1))
    ]
    counts = Counter(key(lines[i].text) for i in starts)
    repeated = {k for k, n in counts.items() if n >= 3 and k.strip("# ")}
    dropped: dict[str, tuple[str, int, int]] = {}
    for i in starts:
        line = lines[i]
        if (k := key(line.text)) in repeated:
            line.artefact = "running header or footer"
            text, n, first = dropped.get(k, (line.text.strip(), 0, line.number))
            dropped[k] = (text, n + 1, first)
    for i, line in enumerate(lines):
        stripped = line.text.strip()
        if line.artefact or not re.fullmatch(_PAGE_NUMBER, stripped):
            continue
        if re.fullmatch(_PAGE_WORD, stripped) or (_standalone(lines, i, -1) and _standalone(lines, i, 1)):
            line.artefact = "page number"
    return list(dropped.values())


def _standalone(lines: list[Line], i: int, step: int) -> bool:
    j = i + step
    return not (0 <= j < len(lines)) or lines[j].blank
