"""The second pass of an import: headings, sections, and the paragraphs and bullets under them.

The plans share one national structure, so the importer knows their headings
(``Foreword``, ``About the North West region``, the four pathway titles, the
pathway sub-headings ...) and splits the text at them.  Under each heading the
lines are put back together into items (paragraphs, bullets, footnotes): a
bullet or sentence that the extraction broke over lines, blank lines or a page
break is joined again.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rrpcli.importer.lines import SUPERSCRIPTS, Line, bullet, superscript_value

#: Top-level headings: section key and pattern (matched case-insensitively, whole line).
SECTION_HEADINGS: tuple[tuple[str, str], ...] = (
    ("contents", r"(?:table of )?contents"),
    ("foreword", r"foreword"),
    ("vision", r"(?:our )?vision"),
    ("principles", r"(?:our )?principles"),
    ("values", r"(?:our )?values"),
    ("achievements", r"(?:our )?achievements"),
    ("national_priorities", r"delivering hmpps and moj priorities"),
    ("training_skills_work", r"training,? skills and (?:work|employment)"),
    ("drugs_alcohol", r"drugs? and alcohol(?: addiction)?"),
    ("family_accommodation", r"family,? accommodation and readjustment to society"),
    ("public_security", r"public security through engagement and compliance"),
    ("our_partners", r"our partners"),
    ("measuring_progress", r"measuring progress(?: and impact)?"),
    ("glossary", r"glossary(?: of terms)?"),
)

#: Pathway sub-headings: part key and pattern.
PART_HEADINGS: tuple[tuple[str, str], ...] = (
    ("context", r"regional context"),
    ("partners", r"(?:important|key) partners(?: in this work)?"),
    ("targets", r"(?:our )?targets"),
    ("objectives", r"(?:three[- ]year )?objectives"),
    ("activities", r"(?:three[- ]year )?activities"),
)

PATHWAY_KEYS = ("training_skills_work", "drugs_alcohol", "family_accommodation", "public_security")

_ABOUT = r"(?i)About (?:the )?(?P<region>[A-Z][\w'’&,. -]*?) [Rr]egion|About the region"
#: A page number after a heading, as on a contents page: "Foreword<TAB>1", "Glossary ..... 27".
_PAGE_SUFFIX = r"(?:\t+|\s*\.{3,}\s*|\s+)\d{1,3}$"


@dataclass(eq=False, repr=False)
class Heading:
    """A recognised heading: ``kind`` is ``section`` or ``part`` (a pathway sub-heading)."""

    kind: str
    key: str
    text: str
    region: str | None = None


def heading_text(text: str) -> str:
    """A heading line as published: bold marks, trailing colon and spacing removed."""
    return " ".join(text.replace("**", "").split()).rstrip(":").strip()


#: The first words of the headings above: a line that starts otherwise is no heading (a quick test).
_HEADING_FIRST_WORDS = frozenset(
    {"table", "contents", "foreword", "our", "vision", "principles", "values", "achievements", "delivering"}
    | {"training", "drug", "drugs", "family", "public", "measuring", "glossary", "about", "regional"}
    | {"important", "key", "targets", "three", "three-year", "objectives", "activities"}
)


def match_heading(text: str) -> Heading | None:
    """The heading a line is, if it is one (a contents row's page number allowed)."""
    clean = heading_text(text)
    if not clean or not clean[0].isupper() or bullet(text) is not None or len(clean.split()) > 12:
        return None
    if clean.split(" ", 1)[0].rstrip(",:").casefold() not in _HEADING_FIRST_WORDS:
        return None
    candidates = [clean]
    if m := re.search(_PAGE_SUFFIX, text.replace("**", "").rstrip()):
        candidates.append(heading_text(text.replace("**", "").rstrip()[: m.start()]))
    for candidate in candidates:
        for key, pattern in SECTION_HEADINGS:
            if re.fullmatch(pattern, candidate, re.I):
                return Heading("section", key, candidate)
        if m := re.fullmatch(_ABOUT, candidate):
            return Heading("section", "about", candidate, m["region"])
        for key, pattern in PART_HEADINGS:
            if re.fullmatch(pattern, candidate, re.I):
                return Heading("part", key, candidate)
    return None


def is_heading(text: str) -> bool:
    """True for a line that is one of the plans' headings."""
    return match_heading(text) is not None


@dataclass(eq=False, repr=False)
class Segment:
    """The lines under one heading.

    ``section`` is a section key (``foreword``, a pathway id ...), ``front`` for
    what comes before the first heading, or ``unknown`` for a heading the
    contents page lists but the importer does not know; ``part`` is a pathway's
    part (``introduction``, ``context`` ...).
    """

    section: str
    part: str
    heading: str
    line: int
    lines: list[Line] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class Layout:
    """The text split at its headings."""

    segments: list[Segment]
    headings: dict[str, str]  # heading key -> heading as published (first seen)
    region: str | None


def split_sections(lines: list[Line]) -> Layout:
    """Split the lines at the headings; read the contents page on the way."""
    segments = [Segment("front", "", "", 0)]
    contents: list[Line] = []
    listed: set[str] = set()  # heading keys the contents page lists
    unknown: set[str] = set()  # contents rows that are no heading the importer knows
    headings: dict[str, str] = {}
    region: str | None = None
    in_contents = False
    pathway: str | None = None
    previous: Line | None = None
    taken: Line | None = None  # the second line of a heading broken over two lines
    for i, line in enumerate(lines):
        if line is taken:
            continue
        if line.blank:
            segments[-1].lines.append(line)
            previous = None
            continue
        # A line that carries on the sentence before it is no heading, whatever it says.
        found = (
            None if previous is not None and re.search(_GOES_ON, previous.text.rstrip()) else match_heading(line.text)
        )
        if found is None and (previous is None or not re.search(_GOES_ON, previous.text.rstrip())):
            following = lines[i + 1] if i + 1 < len(lines) else None
            # A heading longer than the width the text was wrapped at goes on on the next line.
            if following is not None and not following.blank:
                found = match_heading(f"{line.text.rstrip()} {following.text.strip()}")
                if found is not None:
                    taken = following
        previous = taken or line
        if in_contents:
            row = found.key if found is not None else None
            if row is not None and row not in listed:
                listed.add(row)
                contents.append(line)
                continue
            if found is None and contents and re.fullmatch(r"\d{1,3}", line.text.strip()):
                contents.append(line)  # a contents row's page number, on a line of its own
                continue
            if found is None and (m := re.search(_PAGE_SUFFIX, line.text)) and m.start() > 0:
                unknown.add(heading_text(line.text[: m.start()]).casefold())
                contents.append(line)
                continue
            in_contents = False
        if found is not None and found.kind == "part" and pathway is None:
            found = None  # a pathway sub-heading outside a pathway is text
        if found is None:
            if heading_text(line.text).casefold() in unknown:
                segments.append(Segment("unknown", "", heading_text(line.text), line.number))
                pathway = None
            else:
                segments[-1].lines.append(line)
            continue
        if found.key == "contents":
            in_contents = True
            segments.append(Segment("contents", "", found.text, line.number))
            continue
        headings.setdefault(found.key, found.text)
        if found.key == "about" and found.region and region is None:
            region = found.region
        if found.kind == "part":
            assert pathway is not None
            segments.append(Segment(pathway, found.key, found.text, line.number))
        elif found.key in PATHWAY_KEYS:
            pathway = found.key
            segments.append(Segment(found.key, "introduction", found.text, line.number))
        else:
            pathway = None
            segments.append(Segment(found.key, "", found.text, line.number))
    return Layout(segments, headings, region)


# --- items: paragraphs, bullets and footnotes put back together --------------------------------

_SUPERSCRIPT_START = rf"([{SUPERSCRIPTS}]{{1,3}})\s*(\S.*)"
_NUMBER_URL = r"(\d{1,2})\s+(https?://\S.*)"
_NUMBER_TEXT = r"(\d{1,2})\s+([A-Z].*)"
_CITATION = rf"(?<=\S)([{SUPERSCRIPTS}]{{1,3}})(?![{SUPERSCRIPTS}])"


_LONE_MARK = rf"[{SUPERSCRIPTS}]{{1,3}}|\d{{1,2}}"
_URL_START = r"(?i)https?://"


def find_footnotes(lines: Iterable[Line]) -> dict[int, int]:
    """The lines that start a footnote, as ``id(line)`` -> footnote number.

    (By the line object: once columns are split, two pieces share a line number.)

    A footnote starts with a superscript number, or with a number and a URL, or
    with a number the text has cited (with a superscript) and not yet given.
    The number may stand alone on its line, the rest of the footnote on the
    next (as a wrapping at a fixed width leaves it): a superscript number
    always, a plain number before a URL, or before text when it is cited.
    """
    found: dict[int, int] = {}
    cited: set[int] = set()
    given: set[int] = set()
    listed = list(lines)
    for i, line in enumerate(listed):
        if line.blank:
            continue
        text = line.text.strip()
        number: int | None = None
        if m := re.fullmatch(_SUPERSCRIPT_START, text):
            number = superscript_value(m[1])
        elif (m := re.fullmatch(_NUMBER_URL, text)) or (
            (m := re.fullmatch(_NUMBER_TEXT, text)) and int(m[1]) in cited - given and bullet(text) is None
        ):
            number = int(m[1])
        elif re.fullmatch(_LONE_MARK, text) and i + 1 < len(listed) and not listed[i + 1].blank:
            following = listed[i + 1].text.strip()
            value = superscript_value(text) if text[0] in SUPERSCRIPTS else int(text)
            if (
                text[0] in SUPERSCRIPTS
                or (re.match(_URL_START, following) and value not in given)
                or (value in cited - given and following[:1].isupper())
            ):
                number = value
        if number is not None and number > 0:
            found[id(line)] = number
            given.add(number)
            continue
        for marks in re.findall(_CITATION, text):
            cited.add(superscript_value(marks))
    return found


@dataclass(eq=False, repr=False)
class Item:
    """A paragraph, bullet or footnote, joined from its lines; ``first``/``last`` are line numbers."""

    kind: str  # "para", "bullet" or "footnote"
    text: str
    first: int
    last: int
    mark: str = ""
    number: int = 0  # a footnote's number
    #: While the item is put together: its text in pieces, the last one a line (joined once, at the end,
    #: so that a paragraph of many lines costs no more than its length).
    pieces: list[str] = field(default_factory=list)


# A line that ends like this goes on in the next text, even across a blank line or a page break.
_GOES_ON = (
    r"(?:\b(?:and|or|of|the|a|an|to|with|than|in|for|by|from|at|on|as|including|such|which|that|who|whose"
    r"|into|our|their|its|between|per|via|nor|but)|[,;(–—])$"
)
_URL_END = r"https?://\S*$"
#: The start of "https://" at the end of a line, and a whole "https://" once the next line is added.
_SCHEME_START = r"(?:^|\s)(https?:/?|https?|htt|ht|h)$"
_URL_START_AT = r"https?://\S"
_URL_PIECE = r"[\w\-./?=&%#~+:@]*[\-./?=&%#~+:@][\w\-./?=&%#~+:@]*"


def _goes_on(before: str, after: str) -> bool:
    before = before.rstrip()
    if after[:1].islower() and not before.endswith((".", "!", "?", ":")):
        return True
    return bool(re.search(_GOES_ON, before))


#: A word as the vocabulary counts it: letters, with hyphens and apostrophes inside.
_WORD = r"[^\W\d_](?:[^\W\d_]|[-'’](?=[^\W\d_]))*"
_LAST_WORD = r"([^\W\d_]+)-$"
_FIRST_WORD = r"[^\W\d_]+"
#: First parts of compounds that the plans write with a hyphen (``re-offending``, ``co-ordinate``).
_COMPOUND_PREFIXES = frozenset(
    {"anti", "co", "counter", "cross", "ex", "inter", "multi", "non", "post", "pre", "re", "self", "semi", "sub"}
    | {"well"}
)


class Vocabulary:
    """How often the text writes each word, whole or hyphenated.

    A line that ends in a hyphen is either a compound broken at its own hyphen
    (``law-`` / ``abiding``) or a word the typesetting hyphenated to break the
    line (``rehabili-`` / ``tation``).  The rest of the text tells them apart:
    a word it writes whole and never with that hyphen was hyphenated; anything
    else keeps its hyphen, as the text has it.
    """

    def __init__(self, lines: Iterable[Line]) -> None:
        self.counts = Counter(w.casefold() for line in lines for w in re.findall(_WORD, line.text))

    def hyphenated_to_break(self, head: str, tail: str) -> bool:
        """True when ``head-`` at a line end and ``tail`` on the next line are one word, without the hyphen."""
        if not tail[:1].islower() or head.casefold() in _COMPOUND_PREFIXES:
            return False
        whole = (head + tail).casefold()
        return self.counts[whole] > 0 and self.counts[f"{head}-{tail}".casefold()] == 0


def join_lines(before: str, after: str, words: Vocabulary | None = None, *, soft_hyphen: bool = False) -> str:
    """Two pieces of one paragraph, broken across lines by the extraction.

    ``soft_hyphen`` says the first line ended in a soft hyphen (U+00AD): the
    word goes on without one.  A hyphen at the end of a line is kept unless
    ``words`` shows it only broke the line (:meth:`Vocabulary.hyphenated_to_break`).
    """
    return "".join(_join(before, after, words, soft_hyphen))


#: The longest web address the importer mends when a line breaks it.
_URL_LIMIT = 2000


def _join(before: str, after: str, words: Vocabulary | None, soft_hyphen: bool, earlier: str = "") -> tuple[str, str]:
    """:func:`join_lines` as ``(before, rest)``: ``before`` as it ends the joined text, then what follows it.

    ``earlier`` is the text before ``before``, for a URL broken over more than two lines.
    """
    before = before.rstrip()
    after = after.strip()
    tail = (earlier + before)[-_URL_LIMIT:]  # what the decisions look at: a URL or a word at the end
    in_url = "://" in tail and re.search(_URL_END, tail) is not None
    if soft_hyphen and before[-1:].isalnum() and after[:1].isalnum():
        return before, after
    if before.endswith("-") and len(before) > 1 and before[-2].isalnum() and after[:1].isalnum():
        head, first = re.search(_LAST_WORD, tail), re.match(_FIRST_WORD, after)
        if words is not None and head and first and not in_url and words.hyphenated_to_break(head[1], first[0]):
            return before[:-1], after  # a word hyphenated to break the line
        return before, after  # a hyphenated word or a URL broken at its hyphen
    if (scheme := re.search(_SCHEME_START, tail)) and re.match(_URL_START_AT, scheme[1] + after):
        return before, after  # a web address broken inside its "https://"
    if in_url and not before.endswith((",", ")")):
        word = after.split(" ", 1)[0]
        # A full stop ends the sentence, unless what follows goes on with the address's path (www. / gov.uk/...).
        if before.endswith(".") and "/" not in word:
            return before, " " + after
        if re.fullmatch(_URL_PIECE, word.rstrip(".,;)")) or re.fullmatch(r"[\w\-./?=&%#~+:@]+", after):
            return before, after  # a URL broken across lines
    return before, " " + after


def wrap_width(lines: Iterable[Line]) -> int | None:
    """The width the text was wrapped at, or None when its paragraphs are not wrapped.

    Wrapped text (``pdftotext``, a fixed-width export) has lines of about the
    same greatest length; unwrapped text has many long lines.
    """
    lengths = sorted(len(line.text.strip()) for line in lines if not line.blank)
    if not lengths or sum(n > 160 for n in lengths) > len(lengths) // 50:
        return None
    return lengths[(len(lengths) * 98) // 100]


def build_items(
    lines: Iterable[Line], footnotes: dict[int, int], width: int | None = None, words: Vocabulary | None = None
) -> list[Item]:
    """Put a segment's lines back together into paragraphs, bullets and footnotes.

    ``width`` is the width the text was wrapped at (see :func:`wrap_width`):
    across a page break, a paragraph whose last line was full and did not end
    a sentence goes on.  ``words`` tells a hyphenated line end from a compound
    (:func:`join_lines`).
    """
    items: list[Item] = []
    current: Item | None = None
    gap = True  # a blank line, an artefact or a page break since the last text
    page_break = False  # a page break (form feed, page number, running header) since the last text
    last = ""  # the last line of text
    soft_hyphen = False  # the last line of text ended in a soft hyphen
    for line in lines:
        if line.blank:
            gap = True
            page_break = page_break or bool(line.artefact) or line.page_start
            continue
        page_break = page_break or line.page_start
        text = line.text.strip()
        # A full last line with no full stop: the page broke the paragraph, not the paragraph's end.
        full = width is not None and len(last) + 1 + len(text.split(" ", 1)[0]) > width - 4
        unfinished = not last.endswith((".", "!", "?", ":", ";"))
        last = text
        broken, soft_hyphen = soft_hyphen, line.soft_hyphen
        if id(line) in footnotes:
            rest = re.sub(rf"^(?:[{SUPERSCRIPTS}]{{1,3}}|\d{{1,2}})\s*", "", text)
            current = Item("footnote", rest, line.number, line.number, number=footnotes[id(line)], pieces=[rest])
            items.append(current)
            gap = page_break = False
            continue
        marked = bullet(text)
        if marked is not None:
            mark, rest = marked
            if _dash_goes_on(mark, rest, current, gap):
                text = f"{mark} {rest}"
            else:
                current = Item("bullet", rest, line.number, line.number, mark=mark, pieces=[rest])
                items.append(current)
                gap = page_break = False
                continue
        if current is not None and (
            not gap
            or text[:1] in "–—"
            or (
                current.kind != "footnote"
                and (_goes_on(current.pieces[-1], text) or (page_break and full and unfinished))
            )
        ):
            # Only a last piece without a space can be the middle of a web address broken over lines.
            earlier = "" if " " in current.pieces[-1] else _earlier(current.pieces)
            current.pieces[-1], rest = _join(current.pieces[-1], text, words, broken, earlier)
            current.pieces.append(rest)
            current.last = line.number
        else:
            current = Item("para", text, line.number, line.number, pieces=[text])
            items.append(current)
        gap = page_break = False
    for item in items:
        item.text = "".join(item.pieces).replace("\u00ad", "")
        item.pieces = []
    return items


def _earlier(pieces: list[str]) -> str:
    """The end of the text before the last piece, as much as a broken URL needs."""
    out: list[str] = []
    size = 0
    i = len(pieces) - 2
    while i >= 0 and size < _URL_LIMIT and i > len(pieces) - 30:  # a URL is never broken over 30 lines
        out.append(pieces[i])
        size += len(pieces[i])
        i -= 1
    return "".join(reversed(out))[-_URL_LIMIT:]


def _dash_goes_on(mark: str, rest: str, current: Item | None, gap: bool) -> bool:
    """A dash at the start of a line that is the paragraph's own dash, not a bullet.

    A wrapped line can start with the dash of ``... technology – training in
    ...``: an en dash before a lower-case word (or, with no blank line between,
    a number: ``1 July 2021 – 17 June 2022``, or after a paragraph's line that
    ends no sentence: ``Term`` / ``– Definition``) continues the item, unless
    the list uses en dashes as bullets; a hyphen does only inside a paragraph.
    """
    if current is None or current.kind == "footnote":
        return False
    if mark in "–—" and rest[:1].isdigit() and not gap:  # "1 July 2021 – 17 June 2022", broken at the dash
        return not (current.kind == "bullet" and current.mark == mark)
    if mark in "–—" and not gap and current.kind == "para" and current.pieces:
        # "Term" / "– Definition": a paragraph that has not ended its sentence goes on at the dash.
        return not current.pieces[-1].rstrip().endswith((".", "!", "?", ":", ";"))
    if not rest[:1].islower():
        return False
    if mark in "–—":
        return not (current.kind == "bullet" and current.mark == mark)
    if mark == "-":
        return not gap and current.kind == "para"
    return False


def citations(text: str, known: set[int]) -> tuple[str, list[int]]:
    """A text without its footnote marks, and the footnote numbers it cites.

    Superscript numbers are footnote marks; so is a plain number stuck to the
    end of a sentence (``recovery.3``) when it is a footnote the text gives.
    """
    numbers: list[int] = []

    def take(m: re.Match[str]) -> str:
        marks = m[1]
        value = superscript_value(marks)
        if value in known or len(marks) == 1 or not all(superscript_value(c) in known for c in marks):
            numbers.append(value)
        else:  # ²³: two marks side by side
            numbers.extend(superscript_value(c) for c in marks)
        return ""

    out = re.sub(_CITATION, take, text)

    def take_plain(m: re.Match[str]) -> str:
        value = int(m[1])
        if value in known:
            numbers.append(value)
            return ""
        return m[0]

    out = re.sub(r"(?<=[^\d\s][.)])(\d{1,2})(?=\s|$)", take_plain, out)
    return " ".join(out.split()), numbers
