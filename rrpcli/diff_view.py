"""``rrp diff`` as a :class:`~rrpcli.document.Document`: the terminal and Markdown views.

Changes are shown section by section and, within a section, under the plan's
own sub-heading for each list.  Each edit is one bullet whose marker says
what happened, readable without colour::

    + an added item
    - a removed item
    ~ a changed item, with [-old words-]{+new words+}
    > a moved item (moved from #10 to #1), with its word changes if it was edited too

An item moved from another part of the plan is shown where it went, with
where it came from.  The fields of an item that changed (a target's numbers,
a fact's figures), and a target's ambition figures before and after, follow
the item on unmarked lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rrpcli.diff import META_SECTIONS, Change, FieldChange, PlanDiff, StatRow
from rrpcli.document import Block, Bullets, Document, Heading, Inline, Para, Span, Table
from rrpcli.model import DEFAULT_SUBHEADINGS, PATHWAY_IDS, SECTIONS, Plan, format_month
from rrpcli.textsim import word_diff
from rrpcli.wording import counted

#: Sub-headings for the parts of a section that have none of the plan's own.
PART_LABELS: dict[str, str] = {
    "paragraphs": "Paragraphs",
    "signature": "Signature",
    "signatories": "Signatories",
    "text": "Vision statement",
    "principles_statement": "Principles statement",
    "investments": "Investments",
    "statements": "Statements",
    "title": "Title",
    "introduction": "Introduction",
}

#: Sections that hold a single list: their changes need no sub-heading.
_ONE_PART = frozenset(("about", "achievements", "our_partners", "measuring_progress", "glossary", "footnotes"))

_FIELD_LABELS = {"baseline_date": "baseline date", "change_pp": "change"}


def _title(result: PlanDiff) -> str:
    old, new = result.old, result.new
    if old.code is None:
        return f"{new.region}: plan added (revision {new.revision})"
    if new.code is None:
        return f"{old.region}: plan removed (revision {old.revision})"
    if old.region != new.region:
        return f"{old.region} {old.revision} → {new.region} {new.revision}"
    return f"{new.region}: revision {old.revision} → {new.revision}"


def summary(result: PlanDiff) -> str:
    """``7 edits (2 in national text): 1 added, 1 removed, 4 changed, 2 moved (1 also changed)``.

    The national count is of all the edits, of any kind, so it goes with the
    total, not after the last kind counted.  A move that was an edit too is
    counted once, as a move, and said to be changed as well, so that no
    changed figure hides behind a move.
    """
    n = len(result.changes)
    if not n:
        return "No differences."
    kinds = ", ".join(f"{result.count(k)} {k}" for k in ("added", "removed", "changed", "moved"))
    also = result.moved_and_changed()
    if also:
        kinds += f" ({also} also changed)"
    national = sum(1 for c in result.changes if c.national)
    of_them = f" ({national} in national text)" if national else ""
    return f"{counted(n, 'edit', 'edits')}{of_them}: {kinds}"


def moved_cell(row: StatRow, total: bool = False) -> str:
    """The ``moved`` count of a ``--stat`` row: ``1``, ``2 (1 changed)``, ``0 (1 moved out)``.

    The total row leaves out the moves out: over the whole plan they are the moves across sections.
    """
    notes = []
    if row.moved_changed:
        notes.append(f"{row.moved_changed} changed")
    if row.moved_out and not total:
        notes.append(f"{row.moved_out} moved out")
    return f"{row.moved} ({', '.join(notes)})" if notes else str(row.moved)


def _header(result: PlanDiff) -> list[Block]:
    return [
        Heading(_title(result), 1),
        Para(f"old: {result.old.source} · new: {result.new.source}", "dim"),
        Para(summary(result), "strong"),
    ]


def section_title(section: str, plan: Plan | None) -> str:
    """The heading of a section: the plan's own where it has one."""
    if section in META_SECTIONS:
        return META_SECTIONS[section]
    if section in PATHWAY_IDS:
        pathway = getattr(plan.pathways, section) if plan else None
        return pathway.title if pathway else SECTIONS[section]
    return plan.heading(section) if plan else SECTIONS[section]


def _part_title(section: str, part: str, plan: Plan | None) -> str | None:
    if section in META_SECTIONS or section in _ONE_PART or part == "pathway":
        return None
    if part in DEFAULT_SUBHEADINGS:
        return plan.heading(part) if plan else DEFAULT_SUBHEADINGS[part]
    return PART_LABELS.get(part, part)


def diff_document(result: PlanDiff, plan: Plan | None = None) -> Document:
    """The changes as a document; ``plan`` (the new plan) gives the headings."""
    doc = Document(_header(result))
    section = part = None
    items: list[Inline] = []
    markers: list[str] = []

    def flush() -> None:
        if items:
            doc.add(Bullets(list(items), list(markers)))
            items.clear()
            markers.clear()

    years = {"old": result.old.year, "new": result.new.year}
    for change in result.changes:
        if change.section != section:
            flush()
            section, part = change.section, None
            doc.add(Heading(section_title(section, plan), 2))
        if change.part != part and change.section not in META_SECTIONS:
            flush()
            part = change.part
            title = _part_title(change.section, part, plan)
            if title:
                doc.add(Heading(title, 3))
        for marker, content in _item_lines(change, plan, years):
            markers.append(marker)
            items.append(content)
    flush()
    return doc


_MARKERS = {"added": "+", "removed": "-", "changed": "~", "moved": ">"}


def _item_lines(change: Change, plan: Plan | None, years: dict[str, str | None]) -> list[tuple[str, Inline]]:
    """The lines of one edit: its head line (marker and text) and any lines of fields (``years``: each side's)."""
    content: list[Span]
    if change.kind == "added":
        content = [Span(_text(change.new))]
    elif change.kind == "removed":
        content = [Span(_text(change.old))]
    elif change.old != change.new:
        content = _edit_spans(change)
    else:  # only fields changed, or moved as it was
        content = [Span(_text(change.new), "dim" if change.kind == "changed" else "plain")]
    if change.section == "plan":
        content += [Span("  "), Span(f"(the whole plan, {'new' if change.kind == 'added' else 'deleted'})", "dim")]
    elif change.section in META_SECTIONS:
        content = [Span(change.part, "strong"), Span(": "), *content]
    if change.kind == "moved":
        content += [Span("  "), Span(f"({_moved_text(change, plan)})", "dim")]
    if change.national:
        content += [Span("  "), Span("(national text)", "dim")]
    lines: list[tuple[str, Inline]] = [(_MARKERS[change.kind], content)]
    if change.fields:
        lines += _detail_lines(change, years)
    return lines


def _moved_text(change: Change, plan: Plan | None) -> str:
    """``moved from #3 to #1``; from another part, where it was: ``moved from Drugs and alcohol addiction,
    Three-year activities #3 to #1``."""
    old_at, new_at = _position(change.old_path), _position(change.new_path)
    # A move that was an edit too says so, so that its changed words or figures are not taken for the move's.
    edited = " and changed" if change.edited else ""
    if not change.across_parts:
        return f"moved from #{old_at} to #{new_at}{edited}"
    old_section, old_part = change.old_section or "", change.old_part or ""
    where = []
    if old_section != change.section:
        where.append(section_title(old_section, plan))
    part_title = _part_title(old_section, old_part, plan)
    if part_title:
        where.append(part_title)
    return f"moved from {', '.join(where)} #{old_at} to #{new_at}{edited}"


def _edit_spans(change: Change) -> list[Span]:
    old, new = change.old, change.new
    if isinstance(old, str) and isinstance(new, str) and (len(old) > 40 or len(new) > 40 or " " in old + new):
        return elide(word_diff(old, new))
    return [Span(_text(old), "del"), Span(" → "), Span(_text(new), "ins")]


#: Unchanged words kept on each side of a change; longer unchanged runs are cut to ``…``.
CONTEXT_WORDS = 8


def elide(diff: Sequence[Span], context: int = CONTEXT_WORDS) -> list[Span]:
    """A word diff with long unchanged runs cut, keeping ``context`` words next to each change."""
    out: list[Span] = []
    last = len(diff) - 1
    for n, span in enumerate(diff):
        ws = span.text.split(" ")
        if span.style != "plain" or len(ws) <= 2 * context + 4:
            out.append(span)
            continue
        head = [] if n == 0 else ws[: context + (1 if span.text.startswith(" ") else 0)]
        tail = [] if n == last else ws[len(ws) - context - (1 if span.text.endswith(" ") else 0) :]
        if head and tail:
            out.append(Span(" ".join(head) + " … " + " ".join(tail)))
        elif tail:
            out.append(Span("… " + " ".join(tail)))
        else:
            out.append(Span(" ".join(head) + " …"))
    return out


def _position(path: str | None) -> int:
    if not path or not path.endswith("]"):
        return 0
    return int(path[path.rfind("[") + 1 : -1]) + 1


def _text(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, list):
        return "[" + ", ".join(_text(v) for v in value) + "]"
    if isinstance(value, dict):
        return ", ".join(f"{k} {_text(v)}" for k, v in value.items() if v not in ("", None))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _detail_lines(change: Change, years: dict[str, str | None]) -> list[tuple[str, Inline]]:
    """The fields of an item in one line, then a target's ambition before and after.

    A fact's figures are dated with the year their plan states them in (``years``, old and new):
    ``hmpps_staff 4,800 (2022) → 5,000 (2023)``, as the revision briefing has them.
    """
    parts: list[str] = []
    for f in change.fields:
        if f.kind in ("added", "removed"):
            record = f.new if f.kind == "added" else f.old
            sign = "+" if f.kind == "added" else "-"
            name = f.metric or f.field
            parts.append(f"{sign}{name} {_figure_text(record) if f.metric else _text(record)}")
            continue
        label = _FIELD_LABELS.get(f.field, f.field)
        if f.metric is not None:
            label = f.metric if f.field == "value" else f"{f.metric} {label}"
        old = _field_value(f, f.old, "old", change, years["old"])
        new = _field_value(f, f.new, "new", change, years["new"])
        parts.append(f"{label} {old} → {new}")
    lines: list[tuple[str, Inline]] = [("", " · ".join(parts))]
    if change.ambition:
        ambition = change.ambition
        lines.append(("", f"ambition: {ambition_text(ambition['old'])} → {ambition_text(ambition['new'])}"))
    return lines


def _figure_text(figure: dict[str, Any]) -> str:
    value = _number(figure["value"])
    return " ".join(x for x in (figure.get("qualifier", ""), value, figure.get("unit", "")) if x)


def _number(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return _text(value)
    return f"{int(value):,}" if value == int(value) else f"{value:,}"


def _field_value(field: FieldChange, value: Any, side: str, change: Change, year: str | None = None) -> str:
    if value is None:
        return "none"
    name = field.field
    if field.metric is not None:
        if name == "value":
            return f"{_number(value)} ({year})" if year else _number(value)
        return _text(value) or '""'
    dated = (change.ambition or {}).get(side, {})
    if name == "baseline" and dated.get("start"):
        return str(dated["start"])  # dated as rrp targets shows it: 18% (Mar 2022), 29% (2022)
    if name == "target" and isinstance(value, (int, float)) and dated.get("deadline"):
        return f"{value:g}% by {format_month(dated['deadline'], short=True)}"
    if name in ("baseline", "target") and isinstance(value, (int, float)):
        return f"{value:g}%"
    if name == "change_pp" and isinstance(value, (int, float)):
        kind = (change.ambition or {}).get(side, {}).get("kind")
        sign = {"increase": "+", "decrease": "-"}.get(str(kind), "")
        return f"{sign}{value:g} pp"
    if name in ("deadline", "baseline_date") and isinstance(value, str):
        return format_month(value, short=True)
    return _text(value)


def ambition_text(figures: dict[str, Any]) -> str:
    """A target's ambition in a few words: ``modest, +1 pp in 16 months (0.75 pp a year, 1.2% of the gap)``."""
    kind = figures.get("kind")
    if kind in (None, "qualitative"):
        return "qualitative"
    grade = figures.get("grade") or kind
    if kind == "maintain":
        months = figures.get("months")
        return f"{grade}" + (f" for {months} months" if months else "")
    words = [f"{grade}, {figures['change_pp']:+g} pp"]
    if figures.get("months"):
        words.append(f" in {figures['months']} months")
    extra = []
    if figures.get("pp_per_year") is not None:
        extra.append(f"{figures['pp_per_year']:g} pp a year")
    if figures.get("gap_closed_pct") is not None:
        extra.append(f"{figures['gap_closed_pct']:g}% of the gap")
    if extra:
        words.append(f" ({', '.join(extra)})")
    return "".join(words)


def stat_document(result: PlanDiff, plan: Plan | None = None) -> Document:
    """Counts of changes per part of the plan (``--stat``)."""
    doc = Document(_header(result))
    rows = result.stat()
    if rows:
        total = result.total()
        cells: list[list[Inline]] = [
            [section_title(r.section, plan), *(_stat_cell(r, k, r is total) for k in _STAT_KEYS)]
            for r in [*rows, total]
        ]
        cells[-1][0] = "total"
        doc.add(Table(["part", *_STAT_KEYS], cells, align="l" + "r" * len(_STAT_KEYS)))
    return doc


_STAT_KEYS = ("added", "removed", "changed", "moved", "national", "total")


def _stat_cell(row: StatRow, key: str, total: bool) -> str:
    return moved_cell(row, total) if key == "moved" else str(getattr(row, key))
