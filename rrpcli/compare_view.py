"""``rrp compare`` as a document: shared text once, each region's own text under its name.

Readable at 80 columns: paragraphs are never set side by side.  Shared text
is shown once: identical text as it stands, a template sentence with its
differing values in brackets (``[North West | East of England]``), edited
text as a word diff.  Only short figures (facts, targets, counts) go in tables.
"""

from __future__ import annotations

from collections.abc import Sequence

from rrpcli.ambition import group_by_metric
from rrpcli.compare import Comparison, FactRow, Pattern, SectionComparison, Shared
from rrpcli.document import Block, Bullets, Document, Heading, Inline, Para, Span, Table
from rrpcli.model import PATHWAY_IDS, Number, format_month
from rrpcli.textsim import normalise, word_diff
from rrpcli.units import Unit

#: How a unit's part is named in front of regional text, where a section has several parts.
PART_LABELS = {
    "paragraphs": "paragraph",
    "signature": "signature",
    "text": "vision",
    "principles": "principle",
    "values": "value",
    "principles_statement": "statement",
    "facts": "fact",
    "items": "achievement",
    "investments": "investment",
    "statements": "statement",
    "attribution": "attribution",
    "introduction": "introduction",
    "context": "context",
    "partners": "partner",
    "targets": "target",
    "objectives": "objective",
    "activities": "activity",
    "names": "partner",
    "entries": "entry",
}

TARGET_COLUMNS = ["plan", "from", "to", "change", "by", "pp/year", "gap closed", "grade"]


def joined_names(names: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def comparison_document(cmp: Comparison) -> Document:
    """The comparison as a document (terminal and Markdown views)."""
    names = [p.name for p in cmp.plans]
    doc = Document([Heading(f"{joined_names(names)} compared", 1)])
    doc.add(
        Para(
            "National text is text found in two or more of the plans: identical, the same sentence with other "
            "names or figures (template), or edited locally (word similarity at least "
            f"{cmp.threshold:g}). Regional text is found in one plan only.",
            "dim",
        )
    )
    doc.add(
        Table(
            ["plan", "national words", "regional words", "national share"],
            [
                [
                    f"{p.name} ({p.code})",
                    f"{cmp.summary[p.code].national_words:,}",
                    f"{cmp.summary[p.code].regional_words:,}",
                    f"{cmp.summary[p.code].national_pct:g}%",
                ]
                for p in cmp.plans
            ],
            align="lrrr",
        )
    )
    if cmp.regional_only:
        doc.add(Para("Regional text only: national text is hidden.", "dim"))
    for section in cmp.sections:
        doc.extend(section_blocks(cmp, section))
    return doc


def section_blocks(cmp: Comparison, section: SectionComparison) -> list[Block]:
    """One section: what is shared, then each region's own text, then its figures."""
    figures = _figures(cmp, section.id)
    if section.empty and not figures:
        return []
    out: list[Block] = [Heading(section.title, 2), Para(_tally(cmp, section), "dim")]
    if not cmp.regional_only:
        out += _shared_blocks(cmp, section)
    multi_part = len({u.part for units in section.regional.values() for u in units}) > 1
    for code in cmp.codes:
        units = section.regional[code]
        if units:
            out.append(Heading(f"{cmp.name(code)} only", 3))
            out.append(Bullets([_labelled(u, multi_part) for u in units]))
    return out + figures


def _tally(cmp: Comparison, section: SectionComparison) -> str:
    kinds = section.kinds()
    shared = ", ".join(f"{n} {kind}" for kind, n in kinds.items() if n) or "none"
    own = ", ".join(f"{cmp.name(code)} {len(section.regional[code])}" for code in cmp.codes)
    return f"Shared: {shared}. Own text: {own}."


def _shared_blocks(cmp: Comparison, section: SectionComparison) -> list[Block]:
    everyone = len(cmp.plans) == 2
    both = "both" if everyone else "two or more plans"
    out: list[Block] = []
    groups = [
        ("identical", f"Identical in {both}"),
        ("template", "Same sentence, other names or figures"),
        ("edited", "National text with local edits"),
    ]
    if section.id == "our_partners":
        groups = [("identical", f"Partners of {both}"), ("edited", "The same partner, written differently")]
    for kind, title in groups:
        items = [s for s in section.shared if s.match == kind]
        if not items:
            continue
        out.append(Heading(title, 3))
        if kind == "edited" and section.id != "our_partners":
            a, b = cmp.plans[0], cmp.plans[1]
            legend = (
                f"Word diff from {a.name} to {b.name}: removed words are {a.name}'s, inserted words {b.name}'s."
                if everyone
                else "Word diff from the wording of the first plan named to each other wording."
            )
            out.append(Para(legend, "dim"))
        out.append(Bullets([_shared_item(cmp, section, s) for s in items]))
    return out


def _shared_item(cmp: Comparison, section: SectionComparison, item: Shared) -> list[Span]:
    spans: list[Span] = []
    if len(item.plans) < len(cmp.plans):
        spans += [Span(", ".join(item.plans), "dim"), Span(": ")]
    if item.match == "identical":
        single = [c for c in item.plans if len(item.units[c]) == 1]
        spans.append(Span(item.text(single[0] if single else item.plans[0])))
    elif item.match == "template":
        spans += pattern_spans(item.pattern)
    elif section.id == "our_partners":
        spans.append(Span(" | ".join(item.text(c) for c in item.plans)))
    else:
        spans += _diffs(item)
    if item.match != "identical":
        spans += _note(f"(similarity {item.similarity:g})")
    split = [f"{cmp.name(c)}: {len(item.units[c])} paragraphs" for c in item.plans if len(item.units[c]) > 1]
    if split:
        spans += _note(f"({'; '.join(split)})")
    return spans


def _note(text: str) -> list[Span]:
    return [Span("  "), Span(text, "dim")]


def _diffs(item: Shared) -> list[Span]:
    """A word diff; with three or more plans, from the first plan's wording to each other wording."""
    texts = {code: item.text(code) for code in item.plans}
    folded: dict[str, str] = {}  # each distinct wording normalised once: most plans share one
    variants: dict[str, list[str]] = {}
    for code in item.plans:
        text = texts[code]
        key = folded.get(text)
        if key is None:
            key = folded[text] = normalise(text)
        variants.setdefault(key, []).append(code)
    groups = list(variants.values())
    base = groups[0]
    if len(item.plans) == 2:
        return word_diff(texts[base[0]], texts[groups[1][0]])
    spans: list[Span] = []
    for other in groups[1:]:
        if spans:
            spans.append(Span("\n"))
        label = f"{', '.join(base)} → {', '.join(other)}"
        spans += [Span(label, "dim"), Span(": "), *word_diff(texts[base[0]], texts[other[0]])]
    return spans


def pattern_spans(pattern: Pattern) -> list[Span]:
    """A template sentence: its literal text plain, each slot as ``[value | value]`` in bold."""
    spans: list[Span] = []
    for piece in pattern:
        if spans and not (isinstance(piece, str) and piece[:1] in ".,;:"):
            spans.append(Span(" "))
        if isinstance(piece, str):
            spans.append(Span(piece))
        else:
            spans.append(Span("[" + " | ".join(piece.values()) + "]", "strong"))
    return spans


def _labelled(unit: Unit, multi_part: bool) -> Inline:
    if not multi_part:
        return unit.text
    return [Span(PART_LABELS.get(unit.part, unit.part), "dim"), Span(": " + unit.text)]


# -- figures ----------------------------------------------------------------------


def _figures(cmp: Comparison, sid: str) -> list[Block]:
    if sid == "about" and cmp.facts:
        return [
            Heading("Figures by metric", 3),
            Table(["metric", *cmp.codes], [_fact_cells(cmp, f) for f in cmp.facts]),
            Para("– : the plan does not state this figure.", "dim"),
        ]
    if sid in PATHWAY_IDS:
        return _targets(cmp, sid) + _counts(cmp, sid)
    return []


def _fact_cells(cmp: Comparison, fact: FactRow) -> list[str]:
    label = fact.metric.replace("_", " ")
    cells = [label]
    for c in cmp.codes:
        unit = fact.unit[c]
        if unit and unit.split()[-1].casefold() in label.split():
            unit = ""  # "4 police and crime commissioners", not "4 commissioners" again
        cells.append(figure_text(fact.values[c], unit, fact.qualifier[c]))
    return cells


def figure_text(value: Number | None, unit: str | None, qualifier: str | None) -> str:
    """A fact's figure: ``around 8,000 square miles``, ``£120 million``, ``10%``; ``–`` when missing."""
    if value is None:
        return "–"
    if value >= 1_000_000:
        number = f"{value / 1_000_000:g} million"
    else:
        number = f"{value:,}" if isinstance(value, int) or float(value).is_integer() else f"{value:g}"
        number = number.removesuffix(".0")
    if unit == "GBP":
        text = f"£{number}"
    elif unit == "percent":
        text = f"{number}%"
    else:
        text = f"{number} {unit}" if unit else number
    return f"{qualifier} {text}" if qualifier else text


def _targets(cmp: Comparison, pid: str) -> list[Block]:

    rows = [r for r in cmp.targets if r.pathway == pid]
    groups = group_by_metric(rows)
    if not groups:
        return []
    out: list[Block] = [Heading("Targets side by side", 3)]
    for group in groups:
        by_plan = {r.region: r for r in group.rows}
        cells = []
        for code in cmp.codes:
            r = by_plan.get(code)
            if r is None:
                cells.append([code, "no target on this metric", "", "", "", "", "", ""])
                continue
            start = f"{r.baseline:g}%" if r.baseline is not None else "–"
            if r.baseline_date:
                start += f" ({format_month(r.baseline_date, short=True)})"
            change = f"{r.change_pp:+g} pp" if r.change_pp else "0 pp"
            cells.append(
                [
                    code,
                    start,
                    f"{r.target:g}%" if r.target is not None else "–",
                    change,
                    format_month(r.deadline, short=True) or "–",
                    f"{r.pp_per_year:+g}" if r.pp_per_year else "–",
                    f"{r.gap_closed_pct:g}%" if r.gap_closed_pct is not None else "–",
                    r.grade or "–",
                ]
            )
        out.append(
            Table(
                TARGET_COLUMNS,
                cells,
                align="lllrlrrl",
                title=group.measure or group.metric,
                narrow=("change", "by", "pp/year", "from"),  # rather than wrap rows on a narrow terminal
            )
        )
    return out


def _counts(cmp: Comparison, pid: str) -> list[Block]:
    row = next((c for c in cmp.counts if c.pathway == pid), None)
    if row is None:
        return []
    cells = [[kind, *("–" if (n := row.counts[kind][c]) is None else str(n) for c in cmp.codes)] for kind in row.KINDS]
    return [Heading("Counts", 3), Table(["", *cmp.codes], cells, align="l" + "r" * len(cmp.codes))]
