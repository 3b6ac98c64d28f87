"""The third pass of an import: each section's items as plan data, in the plan format.

Whatever does not fit where it stands is kept as a :class:`Finding`: text that
could not be placed (``unplaced``), a target whose numbers could not be read
(``unparsed``, kept as a qualitative target), or something a person should
look at (``check``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from rrpcli.errors import ImportProblem
from rrpcli.escaping import shorten
from rrpcli.importer.figures import fact_figures, read_target
from rrpcli.importer.layout import (
    PART_HEADINGS,
    PATHWAY_KEYS,
    Item,
    Vocabulary,
    build_items,
    citations,
    find_footnotes,
    is_heading,
    split_sections,
    wrap_width,
)
from rrpcli.importer.lines import SUPERSCRIPTS, Line, mark_artefacts
from rrpcli.model import CODE

#: Keys of ``[headings]`` (the plan's own headings); pathway titles go to each pathway's ``title``.
HEADING_KEYS = (
    "foreword", "vision", "principles", "values", "about", "achievements", "national_priorities", "context",
    "partners", "targets", "objectives", "activities", "our_partners", "measuring_progress", "glossary",
)  # fmt: skip

_TITLE = (
    r"(?i)(?:(?P<region>.+?)\s+)?"
    r"(?P<title>Reducing Reoffending Plans?\s+(?P<start>\d{4})\s*[-–]\s*(?:\d{2})?(?P<end>\d{2}))"
)
_SENTENCE_END = (".", "!", "?", ":", '"', "”")
_NAME = r"(?:(?:Dr|Sir|Dame|Lord|Lady|Baroness|Professor|Prof|Mr|Mrs|Ms|Miss)\.?\s+)?[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|van|de|der|von|la|le|du)){1,3}"  # noqa: E501
_ROLE_WORDS = "Director|Governor|Lead|Manager|Officer|Commissioner|Executive|Secretary|Chair|Head|Chief|President"
_ROLE_NOUN = rf"(?:{_ROLE_WORDS})s?"
_SIGNATURE_GROUP = rf"\s*(?P<names>[^,]+?),\s+(?P<role>[^,]*?\b{_ROLE_NOUN})\b"
_BRACKETED_SPEAKER = rf"(?P<name>{_NAME})\s*\((?P<role>[^)]+)\)"
_GLOSSARY_ENTRY = r".+? [–-] .+"
_GLOSSARY_SPLIT = (
    r"(?<=[.!?])\s+(?=\*\*[^*]{1,80}\*\*\s+[–-]\s)"
    r"|(?<=[.!?])\s+(?=[A-Z][\w'’/()-]*(?:\s+[\w'’/()-]+){0,5}\s+[–-]\s+[A-Z])"
)
_PART_KEYS = frozenset(key for key, _pattern in PART_HEADINGS)
_STATEMENT_OPENING = r"(?i)In delivering this plan\b"
#: Text that is only footnote marks: never an item of a plan.
_STRAY_MARKS = rf"[\s{SUPERSCRIPTS}]+"
#: Text that is a footnote (a number and a web address, or a web address alone), never a fact.
_FOOTNOTE_LIKE = r"(?i)(?:[0-9]{1,2}\s+)?https?://\S+$"


@dataclass(eq=False, repr=False)
class Finding:
    """Something the import could not do by itself, tied to the input lines it concerns.

    ``kind`` is ``unplaced`` (text not placed in the plan), ``unparsed`` (a
    target kept as qualitative because its numbers could not be read) or
    ``check`` (placed, but a person should look at it).
    """

    kind: str
    first: int
    last: int
    text: str
    reason: str = ""

    @property
    def message(self) -> str:
        """The text (at most 300 characters of it), and why it could not be placed: for a message."""
        text = shorten(self.text, 300)
        return f"{text} ({self.reason})" if self.reason else text

    @property
    def full_message(self) -> str:
        """The whole text, and why it could not be placed: for the comments of the plan file."""
        return f"{self.text} ({self.reason})" if self.reason else self.text

    @property
    def where(self) -> str:
        """``line 12`` or ``lines 12-14``."""
        if self.first <= 0:
            return ""
        return f"line {self.first}" if self.last <= self.first else f"lines {self.first}-{self.last}"


@dataclass(eq=False, repr=False)
class Built:
    """Plan data (as parsed TOML would give it) and the findings of the import."""

    data: dict[str, Any]
    findings: list[Finding]


def initials(region: str) -> str:
    """The default region code: ``North West`` is ``nw``, ``East of England`` is ``eoe``."""
    return "".join(word[0] for word in re.findall(r"[A-Za-z]+", region)).casefold()


def _clean(text: str) -> str:
    return " ".join(text.replace("**", "").split())


class _Builder:
    """Reads the sections one by one, collecting footnotes and findings on the way."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.footnotes: dict[int, dict[str, Any]] = {}
        self.cited: dict[int, int] = {}  # footnote number -> first line citing it
        self.known: set[int] = set()
        self.footnote_lines: dict[int, int] = {}  # footnote number -> line giving it

    # --- findings ---

    def unplaced(self, item: Item, reason: str = "") -> None:
        self.findings.append(Finding("unplaced", item.first, item.last, _clean(item.text), reason))

    def check(self, line: int, message: str) -> None:
        self.findings.append(Finding("check", line, line, message))

    def text(self, item: Item) -> str:
        """An item's text for the plan: bold marks and footnote marks removed."""
        text, numbers = citations(item.text.replace("**", ""), set())
        for n in numbers:
            self.check(
                item.first, f"footnote mark {n} removed: only regional context bullets keep their footnote numbers"
            )
        return text

    # --- sections ---

    def footnote(self, item: Item) -> None:
        if item.number in self.footnotes:
            self.unplaced(item, f"footnote {item.number} is given twice")
            return
        rest = _clean(item.text)
        entry: dict[str, Any] = {"number": item.number}
        if m := re.search(r"https?://\S+", rest):
            url = m.group().rstrip(".,;)")
            text = (rest[: m.start()] + rest[m.start() + len(url) :]).strip(" .,;:–-")
            entry["url"] = url
        else:
            text = rest
        if text:
            entry["text"] = text
        self.footnotes[item.number] = entry
        self.footnote_lines[item.number] = item.first

    def foreword(self, items: list[Item]) -> dict[str, Any]:
        cut = len(items)
        while cut > 0 and items[cut - 1].kind != "footnote" and _signature_like(_clean(items[cut - 1].text)):
            cut -= 1
        out: dict[str, Any] = {"paragraphs": [self.text(i) for i in items[:cut]]}
        signed = items[cut:]
        if signed:
            pieces = [self.text(i) for i in signed]
            groups = _signature_groups(" ".join(pieces))
            if groups:
                out["signature"] = "\n".join(g for g, _names, _role in groups)
                out["signatories"] = [
                    {"name": n, "role": _singular_role(role) if len(names) > 1 else role}
                    for _g, names, role in groups
                    for n in names
                ]
            else:
                out["signature"] = "\n".join(pieces)
                self.check(signed[0].first, "could not tell the signatories in the signature apart; add them by hand")
        return out

    def vision(self, parts: dict[str, list[Item]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for part in ("vision", "principles", "values"):
            listed: list[str] = []
            for item in parts.get(part, []):
                text = self.text(item)
                if re.match(_STATEMENT_OPENING, text):
                    if "principles_statement" in out:
                        self.unplaced(item, "a second closing statement")
                    else:
                        out["principles_statement"] = text
                elif part != "vision":
                    listed.append(text)
                elif "text" not in out:
                    out["text"] = text
                else:
                    self.unplaced(item, "the vision is one statement")
            if part != "vision" and listed:
                out[part] = listed
        return {k: out[k] for k in ("text", "principles", "values", "principles_statement") if k in out}

    def facts(self, items: list[Item], metrics: dict[str, int]) -> list[dict[str, Any]]:
        out = []
        for item in items:
            text = self.text(item)
            found = fact_figures(text)
            for note in found.notes:
                self.check(item.first, note)
            for figure in found.figures:
                metric = figure["metric"]
                if metric in metrics:
                    n = 2
                    while f"{metric}_{n}" in metrics:
                        n += 1
                    self.check(
                        item.first,
                        f'metric key "{metric}" is stated already (line {metrics[metric]}); named "{metric}_{n}" here',
                    )
                    figure["metric"] = f"{metric}_{n}"
                metrics[figure["metric"]] = item.first
            fact: dict[str, Any] = {"text": text}
            if found.figures:
                fact["figures"] = found.figures
            out.append(fact)
        return out

    def national_priorities(self, items: list[Item]) -> dict[str, Any]:
        first = next((i for i, it in enumerate(items) if it.kind == "bullet"), None)
        head: list[Item] = []
        investments: list[Item] = []
        rest = items
        if first is not None:
            end = first
            while end < len(items) and items[end].kind == "bullet":
                end += 1
            head, investments, rest = items[:first], items[first:end], items[end:]
        statements: list[dict[str, Any]] = []
        pending: list[Item] = []
        i = 0
        while i < len(rest):
            item = rest[i]
            i += 1
            if not (pending and re.fullmatch(_NAME, _clean(item.text))):
                pending.append(item)
                continue
            pieces = [item]
            while i < len(rest) and _attribution_like(_clean(rest[i].text)):
                pieces.append(rest[i])
                i += 1
            if first is None and not statements:
                self.check(
                    pending[0].first,
                    "no investment list: the paragraphs before the first attribution are its statement",
                )
            statements.append(self.statement(pending, pieces))
            pending = []
        if first is None and not statements:
            head, pending = pending, []
        for item in pending:
            self.unplaced(item, "a statement without an attribution")
        out: dict[str, Any] = {"paragraphs": [self.text(i) for i in head]}
        if investments:
            out["investments"] = [self.text(i) for i in investments]
        if statements:
            out["statements"] = statements
        return out

    def statement(self, paragraphs: list[Item], pieces: list[Item]) -> dict[str, Any]:
        texts = [self.text(p) for p in pieces]
        attribution = texts[0]
        for piece in texts[1:]:
            joined = piece.startswith("(") or attribution.endswith((" and", ","))
            attribution += (" " if joined else "\n") + piece
        speakers = _speakers(attribution)
        if not speakers:
            self.check(pieces[0].first, "could not tell who the statement is by; add its speakers by hand")
        out: dict[str, Any] = {"paragraphs": [self.text(p) for p in paragraphs], "attribution": attribution}
        if speakers:
            out["speakers"] = [{"name": n, "role": r} for n, r in speakers]
        return out

    def context(self, items: list[Item]) -> list[dict[str, Any]]:
        out = []
        for item in items:
            text, numbers = citations(item.text.replace("**", ""), self.known)
            for n in numbers:
                self.cited.setdefault(n, item.first)
            out.append({"text": text, "footnotes": numbers})
        return out

    def targets(self, items: list[Item], region: str) -> list[dict[str, Any]]:
        out = []
        for item in items:
            reading = read_target(self.text(item), region)
            if reading.problem:
                self.findings.append(
                    Finding(
                        "unparsed",
                        item.first,
                        item.last,
                        _clean(item.text),
                        f"kept as a qualitative target: {reading.problem}",
                    )
                )
            elif reading.note:
                self.check(item.first, reading.note)
            out.append(reading.data)
        return out

    def glossary(self, items: list[Item]) -> list[dict[str, str]]:
        out: list[dict[str, str]] = []
        terms: dict[str, int] = {}
        for item in items:
            for piece in re.split(_GLOSSARY_SPLIT, item.text):
                entry = Item(item.kind, piece, item.first, item.last)
                text = self.text(entry)
                if not re.fullmatch(_GLOSSARY_ENTRY, text):
                    self.unplaced(entry, "not a glossary entry: no spaced dash between term and definition")
                    continue
                term = re.split(r" [–-] ", text, maxsplit=1)[0].strip().casefold()
                if term in terms:
                    self.unplaced(entry, f"the term is defined already (line {terms[term]})")
                    continue
                terms[term] = item.first
                out.append({"text": text})
        return out

    def finish_footnotes(self) -> list[dict[str, Any]]:
        for n, line in sorted(self.cited.items()):
            if n not in self.footnotes:
                self.footnotes[n] = {"number": n}
                self.check(line, f"footnote {n} is cited but the text gives no source for it; it is kept as a number")
        for n in sorted(self.footnotes):
            if n not in self.cited and n in self.footnote_lines:
                self.check(self.footnote_lines[n], f"footnote {n} is not cited by any regional context bullet")
        return [self.footnotes[n] for n in sorted(self.footnotes)]


def _signature_like(text: str) -> bool:
    return bool(text) and not text.endswith(_SENTENCE_END) and len(text.split()) <= 30


def _attribution_like(text: str) -> bool:
    return bool(text) and not text.endswith((".", "!", "?")) and len(text.split()) <= 20


def _signature_groups(signature: str) -> list[tuple[str, list[str], str]]:
    """``Name, Role Name and Name, Roles`` as ``(published group, names, role)``; empty when it is not."""
    groups = []
    pos = 0
    while pos < len(signature.strip()):
        m = re.compile(_SIGNATURE_GROUP).match(signature, pos)
        if m is None:
            return []
        names = [n.strip() for n in re.split(r",|\band\b|&", m["names"]) if n.strip()]
        if not names or not all(re.fullmatch(_NAME, n) for n in names):
            return []
        groups.append((m.group().strip(), names, m["role"].strip()))
        pos = m.end()
    return groups


def _singular_role(role: str) -> str:
    return re.sub(rf"\b({_ROLE_WORDS})s$", r"\1", role)


def _speakers(attribution: str) -> list[tuple[str, str]]:
    """The people an attribution names, with their roles."""
    bracketed = list(re.finditer(_BRACKETED_SPEAKER, attribution))
    if bracketed:
        tail = attribution[bracketed[-1].end() :].strip()
        org = tail.lstrip(",").strip() if tail.startswith(",") else ""
        if tail and not org:
            return []
        return [(m["name"], m["role"].strip() + (f", {org}" if org else "")) for m in bracketed]
    lines = attribution.split("\n")
    if len(lines) > 1 and re.fullmatch(_NAME, lines[0]):
        return [(lines[0], ", ".join(lines[1:]))]
    name, _, role = attribution.partition(", ")
    if role and re.fullmatch(_NAME, name):
        return [(name, role)]
    return []


def _recognised(headings: dict[str, str]) -> int:
    return len([k for k in headings if k != "contents" and k not in _PART_KEYS])


def build(lines: list[Line], *, name: str, code: str | None = None, revision: str | None = None) -> Built:
    """Plan data from the input's lines."""
    b = _Builder()
    for text, count, first in mark_artefacts(lines, is_heading):
        b.check(first, f'dropped {count} lines "{text}" as a running header or footer')
    layout = split_sections(lines)
    if _recognised(layout.headings) < 3:
        found = ", ".join(f'"{h}"' for h in layout.headings.values())
        raise ImportProblem(
            f"{name}: is not the text of a Reducing Reoffending Plan: it has none of the plan's headings "
            "(Foreword, Vision, About the ... region, Achievements, the four pathways, Glossary ...)"
            if not layout.headings
            else f"{name}: is not the text of a Reducing Reoffending Plan: it has too few of the plan's headings "
            f"({found})"
        )
    footnote_starts = find_footnotes(lines)
    width = wrap_width(lines)
    words = Vocabulary(lines)
    sections: dict[str, dict[str, list[Item]]] = defaultdict(lambda: defaultdict(list))
    for segment in layout.segments:
        items = build_items(segment.lines, footnote_starts, width, words)
        for item in items:
            if item.kind == "footnote":
                b.footnote(item)
        kept = []
        for item in items:
            if item.kind == "footnote":
                continue
            if re.fullmatch(_STRAY_MARKS, item.text):  # a footnote's number without its footnote
                b.unplaced(item, "a footnote mark on its own, with no footnote to go with it")
                continue
            if re.match(_FOOTNOTE_LIKE, _clean(item.text)):  # never a fact, a bullet or a paragraph
                b.unplaced(item, "a footnote's web address, where no footnote can be read")
                continue
            kept.append(item)
        if segment.section == "unknown":
            heading = Item("para", segment.heading, segment.line, segment.line)
            b.unplaced(heading, "a heading rrp import does not know")
            for item in kept:
                b.unplaced(item, f'under the heading "{segment.heading}"')
            continue
        section = "vision" if segment.section in ("principles", "values") else segment.section
        part = segment.section if section == "vision" else segment.part
        sections[section][part].extend(kept)
    b.known = set(b.footnotes)

    front = sections.pop("front", {}).get("", [])
    region, period, title = _identity(layout.region, front, sections, lines, name, b)
    for item in sections.pop("contents", {}).get("", []):
        b.unplaced(item, "after the contents page")

    data: dict[str, Any] = {
        "meta": {
            "code": code or initials(region),
            "region": region,
            "title": title,
            "period": period,
            "revision": revision or period[:4],
            "source": f"HMPPS, {title} (published PDF; text as extracted)",
        },
        "headings": {k: layout.headings[k] for k in HEADING_KEYS if k in layout.headings},
    }
    if "foreword" in sections:
        data["foreword"] = b.foreword(sections["foreword"][""])
    if "vision" in sections:
        data["vision"] = b.vision(sections["vision"])
    if "about" in sections:
        data["about"] = {"facts": b.facts(sections["about"][""], {})}
    if "achievements" in sections:
        data["achievements"] = {"items": [b.text(i) for i in sections["achievements"][""]]}
    if "national_priorities" in sections:
        data["national_priorities"] = b.national_priorities(sections["national_priorities"][""])
    pathways: dict[str, Any] = {}
    for pid in PATHWAY_KEYS:
        if pid not in sections:
            continue
        parts = sections[pid]
        pathway: dict[str, Any] = {"title": layout.headings[pid]}
        pathway["introduction"] = [b.text(i) for i in parts.get("introduction", [])]
        pathway["context"] = b.context(parts.get("context", []))
        for part in ("partners", "objectives", "activities"):
            pathway[part] = [b.text(i) for i in parts.get(part, [])]
        pathway["targets"] = b.targets(parts.get("targets", []), region)
        pathways[pid] = pathway
    if pathways:
        data["pathways"] = pathways
    if "our_partners" in sections:
        data["our_partners"] = {"names": [b.text(i) for i in sections["our_partners"][""]]}
    if "measuring_progress" in sections:
        data["measuring_progress"] = {"paragraphs": [b.text(i) for i in sections["measuring_progress"][""]]}
    if "glossary" in sections:
        data["glossary"] = b.glossary(sections["glossary"][""])
    footnotes = b.finish_footnotes()
    if footnotes:
        data["footnotes"] = footnotes
    if not re.fullmatch(CODE, data["meta"]["code"]):
        raise ImportProblem(f'{name}: cannot make a region code from "{region}"; give one with --code')
    findings = sorted(b.findings, key=lambda f: (f.first, f.kind != "unplaced"))
    return Built(data, findings)


def _identity(
    about_region: str | None,
    front: list[Item],
    sections: dict[str, dict[str, list[Item]]],
    lines: list[Line],
    name: str,
    b: _Builder,
) -> tuple[str, str, str]:
    """Region, period and title, from the cover, the headings or the text."""
    title_match: re.Match[str] | None = None
    others: list[Item] = []
    cover_region: str | None = None  # a short line just above the title: "North West"
    for item in front:
        m = re.fullmatch(_TITLE, _clean(item.text))
        if m and title_match is None:
            title_match = m
            if others and len(_clean(others[-1].text).split()) <= 5:
                cover_region = _clean(others[-1].text)
        else:
            others.append(item)
    region = about_region
    if region is None and title_match is not None and title_match["region"]:
        region = title_match["region"]
    region = region or cover_region
    if region is None:
        for part in sections.get("vision", {}).get("vision", []):
            if m := re.search(r"\bacross the (.+?) region\b", part.text):
                region = m[1]
                break
    if region is None:
        raise ImportProblem(f'{name}: cannot find the region\'s name: the text has no "About the ... region" heading')
    for item in others:
        if _clean(item.text).casefold() != region.casefold():
            b.unplaced(item, "before the first heading")
    if title_match is None:
        for line in lines:
            if m := re.search(_TITLE, _clean(line.text)):
                title_match = m
                break
    if title_match is None:
        raise ImportProblem(
            f'{name}: cannot find the plan\'s period: the text has no title "Reducing Reoffending Plan YYYY-YY"'
        )
    period = f"{title_match['start']}-{title_match['end']}"
    title = f"{region} {_clean(title_match['title'])}"
    return region, period, title
