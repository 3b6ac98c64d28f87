"""``rrp compare`` as a document: the overview first, then the detail, section by section.

The overview (:mod:`rrpcli.overview`) answers "how do these regions differ?"
on one screen: every numeric target side by side by metric, with its dated
baseline, grade, status and the national figure; who ranks first and what
qualifies that; how the grades are made; per pathway the national and own
items and each region's most distinctive commitments; the figures stated by
two or more plans; the partners in common.

The detail follows, section by section, readable at 80 columns: paragraphs
are never set side by side.  Identical national text is folded into one
line per section (``national=True`` prints it); a template sentence shows
its differing values in brackets (``[North West | East of England]``),
edited text a word diff; a heading names a region ("... only") only over
that region's own text.  Context bullets carry the numbers of the sources
they cite, listed at the end.
"""

from __future__ import annotations

from collections.abc import Sequence

from rrpcli.compare import COMPARED_SECTIONS, Comparison, FactRow, Pattern, SectionComparison, Shared
from rrpcli.document import Block, Bullets, Document, Heading, Inline, Para, Span, SpanStyle, Table
from rrpcli.model import PATHWAY_IDS, format_month
from rrpcli.overview import (
    SAME_TARGETS_TITLE,
    MetricTargets,
    Overview,
    PathwaySummary,
    SameTarget,
    fact_value,
    same_targets_note,
    status_text,
)
from rrpcli.show import as_published_note
from rrpcli.status import context_figure, figure_cell
from rrpcli.textsim import normalise, word_diff
from rrpcli.units import Unit
from rrpcli.wording import counted, joined, plural

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

#: The columns of the targets table; a narrow terminal leaves out the ``TARGET_NARROW`` ones, first listed first.
#: What a reader needs to judge a target (its dated baseline, its target, its deadline, its status with the
#: outturn and its period) is never left out: a row never loses every date, and "met" never loses its deadline.
#: The pace and the share of the gap closed go first (the lead sentence under the table still says who ranks
#: first), then the grade, then the per-row national figure (each status cell has its outturn's period).
TARGET_COLUMNS = ["region", "from", "to", "change", "by", "pp/year", "gap closed", "grade"]
#: The header of the per-row national column: what "national" means, said where the figures are.
NATIONAL_HEADER = "England & Wales"
TARGET_NARROW = ("change", "pp/year", "gap closed", "grade", NATIONAL_HEADER)

#: How a grade is coloured on a terminal: the more ambitious, the greener.
GRADE_STYLES: dict[str, SpanStyle] = {"stretching": "high", "moderate": "medium", "modest": "low"}


__all__ = ["comparison_document", "detail_blocks", "overview_blocks", "target_table"]


def comparison_document(
    cmp: Comparison, overview: Overview, *, summary: bool = True, detail: bool = True, national: bool = False
) -> Document:
    """The comparison as a document (terminal and Markdown views): the overview, then the detail.

    ``summary`` and ``detail`` choose the parts; ``national`` prints the
    identical national text the detail folds into one line per section.
    """
    names = [f"{p.name} ({p.code})" for p in cmp.plans]  # the codes the tables use, named once
    doc = Document([Heading(f"{joined(names)} compared", 1)])
    if summary:
        doc.extend(overview_blocks(cmp, overview))
    if detail:
        doc.extend(detail_blocks(cmp, overview, national=national, targets=not summary))
    return doc


# -- the overview ---------------------------------------------------------------------------------------------------


def overview_blocks(cmp: Comparison, overview: Overview) -> list[Block]:
    """The overview: targets and the notes on them, the pathways, the figures and the partners."""
    out: list[Block] = []
    figures = Span(overview.facts_note)  # the figures stated in the plans, as the issue orders them: before pathways
    if overview.targets:
        out.append(target_table(overview.targets, overview))
        national = "" if overview.national_column else " National: England and Wales."  # else the column says it
        grades = Span(f"{overview.grades}{national} ", "dim")
        # One paragraph for the notes, the grades and the figures: the overview keeps to one screen.
        out.append(Para([Span(overview.notes + " "), grades, figures] if overview.notes else [grades, figures]))
    else:
        out.append(Para([figures]))
    if len(cmp.codes) > 2 and overview.facts_shared:
        shared = [f for f in cmp.facts if f.metric in overview.facts_shared]
        title = f"{FIGURES_TITLE} (as they state them, {overview.stated_in})"
        out.append(Table(["figure", *cmp.codes], [_fact_cells(cmp, f) for f in shared], title=title))
    if overview.pathways:
        rows: list[list[Inline]] = []
        groups: list[tuple[int, Inline]] = []
        for p in overview.pathways:
            groups.append((len(rows), p.label))
            for code in overview.codes:
                picked = p.distinctive.get(code, [])
                rows.append([code, str(p.regional[code]), "; ".join(picked) if picked else "–"])
        column = "most distinctive commitment"
        out += [
            Heading(f"Pathways ({overview.shares})", 3),
            Table(["region", "own", column], rows, align="lrl", groups=groups, shorten=column),
        ]
    return out


#: The title of the overview's table of facts (three or more plans; two have them in a sentence).
FIGURES_TITLE = "Figures stated by two or more plans"


def target_table(metrics: Sequence[MetricTargets], overview: Overview) -> Table:
    """Every numeric target, a group of rows per metric: its region's dated baseline, target, deadline, pace, grade.

    Each metric's label gives its national figure when every target of it
    has the same one (else each row has its own).  A status column is there
    only when the targets' statuses differ; the same status for all is said
    under the title, with the plans' deadlines.
    """
    with_status, per_row = overview.status_column, overview.national_column
    headers = [*TARGET_COLUMNS, *(["status"] if with_status else []), *([NATIONAL_HEADER] if per_row else [])]
    rows: list[list[Inline]] = []
    groups: list[tuple[int, Inline]] = []
    for m in metrics:
        groups.append((len(rows), m.label))
        for r in m.rows:
            s = m.statuses.get(r.region)
            cells: list[Inline] = [
                r.region,
                r.start,
                f"{r.target:g}%" if r.target is not None else "–",
                f"{r.change_pp:+g} pp" if r.change_pp else "0 pp",
                format_month(r.deadline, short=True) or "–",
                f"{r.pp_per_year:+g}" if r.pp_per_year else "–",
                f"{r.gap_closed_pct:g}%" if r.gap_closed_pct is not None else "–",
                [Span(r.grade_label or "–", GRADE_STYLES.get(r.grade or "", "plain"))],
            ]
            if with_status:
                cells.append(status_text(s) if s is not None else "–")
            if per_row:
                cells.append(figure_cell(context_figure(s)) if s is not None else "–")
            rows.append(cells)
    align = "lllrlrrl" + "l" * (len(headers) - len(TARGET_COLUMNS))
    narrow = [h for h in TARGET_NARROW if h in headers]
    return Table(headers, rows, align=align, narrow=narrow, groups=groups)


# -- the detail -----------------------------------------------------------------------------------------------------


def detail_blocks(cmp: Comparison, overview: Overview, *, national: bool = False, targets: bool = True) -> list[Block]:
    """Section by section: what is shared, each region's own text, the figures; then the sources cited.

    ``targets``: each pathway's table of targets (left out after the
    overview, which has them all).
    """
    fold = "" if national or cmp.regional_only else " Identical national text is folded into one line per section."
    partners = ""
    if any(s.id in PATHWAY_IDS for s in cmp.sections):
        partners = (
            " Partners are counted as organisations outside HMPPS: an entry naming a region's own prisons or "
            "probation is not one."
        )
    out: list[Block] = [
        Para(
            "National text is text found in two or more of the plans: identical, the same sentence with other "
            "names or figures (template), or edited locally (word similarity at least "
            f"{cmp.threshold:g}). Regional text is found in one plan only.{fold}{partners} "
            + as_published_note(overview.stated_in, plans=len(cmp.codes)),
            "dim",
        )
    ]
    if cmp.regional_only:
        out.append(Para("Regional text only: national text is hidden.", "dim"))
    cited: list[int] = []
    for section in cmp.sections:
        out += section_blocks(cmp, overview, section, national=national, cited=cited, targets=targets)
    every = len(cmp.sections) == len(COMPARED_SECTIONS)
    out += _sources_blocks(overview, cited, uncited=every)
    return out


def section_blocks(
    cmp: Comparison,
    overview: Overview,
    section: SectionComparison,
    *,
    national: bool = False,
    cited: list[int] | None = None,
    targets: bool = True,
) -> list[Block]:
    """One section: what is shared, then each region's own text, then its figures (``targets``: with its targets)."""
    figures = _figures(cmp, overview, section.id, targets)
    if section.empty and not figures:
        return []
    summary = next((p for p in overview.pathways if p.id == section.id), None)
    same = summary.same_targets if summary is not None else []
    moved = {(code, t.units[code].path) for t in same for code in t.units}
    own = {code: [u for u in section.regional[code] if (code, u.path) not in moved] for code in cmp.codes}
    out: list[Block] = [Heading(section.title, 2), Para(_tally(cmp, section, own, summary), "dim")]
    if not cmp.regional_only:
        out += _shared_blocks(cmp, overview, section, national=national, cited=cited)
    out += _same_target_blocks(cmp, same)  # each region's own figures, so shown with --regional-only too
    multi_part = len({u.part for units in own.values() for u in units}) > 1
    for code in cmp.codes:
        if own[code]:
            # Only the "Our partners" lists are compared there: a region may name the same partner elsewhere.
            title = f"Only in {cmp.name(code)}'s list" if section.id == "our_partners" else f"{cmp.name(code)} only"
            out.append(Heading(title, 3))
            out.append(Bullets([_labelled(overview, code, u, multi_part, cited) for u in own[code]]))
    return out + figures


def _tally(
    cmp: Comparison, section: SectionComparison, own: dict[str, list[Unit]], summary: PathwaySummary | None
) -> str:
    kinds = section.kinds()
    shared = ", ".join(f"{n} {kind}" for kind, n in kinds.items() if n) or "none"
    if summary is not None and summary.same_targets:
        shared += ", " + summary.same_count
    counts = ", ".join(f"{cmp.name(code)} {len(own[code])}" for code in cmp.codes)
    return f"Shared: {shared}. Own text: {counts}."


#: What the items of each part of a plan are called: (one, many).
PART_NOUNS: dict[str, tuple[str, str]] = {
    "paragraphs": ("paragraph", "paragraphs"),
    "signature": ("signature", "signatures"),
    "text": ("vision statement", "vision statements"),
    "principles": ("principle", "principles"),
    "values": ("value", "values"),
    "principles_statement": ("statement of principles", "statements of principles"),
    "facts": ("fact", "facts"),
    "items": ("achievement", "achievements"),
    "investments": ("investment", "investments"),
    "statements": ("paragraph of a statement", "paragraphs of statements"),
    "attribution": ("attribution", "attributions"),
    "introduction": ("introduction paragraph", "introduction paragraphs"),
    "context": ("context bullet", "context bullets"),
    "partners": ("partner entry", "partner entries"),
    "targets": ("target", "targets"),
    "objectives": ("objective", "objectives"),
    "activities": ("activity", "activities"),
    "names": ("partner", "partners"),
    "entries": ("glossary entry", "glossary entries"),
}


def _folded(items: Sequence[Shared]) -> str:
    """``14 national items (4 paragraphs, 4 investments, ...)`` or ``31 national glossary entries``."""
    by_part: dict[str, int] = {}
    for item in items:
        part = item.units[item.plans[0]][0].part
        by_part[part] = by_part.get(part, 0) + 1

    def noun(part: str, n: int) -> str:
        one, many = PART_NOUNS.get(part, (part, part))
        return counted(n, one, many)

    if len(by_part) == 1:
        ((part, n),) = by_part.items()
        return f"{noun(part, n).replace(' ', ' national ', 1)}"
    parts = ", ".join(noun(part, n) for part, n in by_part.items())
    return f"{len(items)} national {plural(len(items), 'item', 'items')} ({parts})"


def _shared_blocks(
    cmp: Comparison, overview: Overview, section: SectionComparison, *, national: bool, cited: list[int] | None
) -> list[Block]:
    everyone = len(cmp.plans) == 2
    both = "both plans" if everyone else "two or more plans"
    out: list[Block] = []
    partners = section.id == "our_partners"
    identical = [s for s in section.shared if s.match == "identical"]
    if identical and not partners and not national:
        where = "identical in both plans" if everyone else _where_identical(cmp, identical)
        out.append(Para(f"{_folded(identical)}, {where}; --national to print them.", "dim"))
    groups = [
        ("identical", f"Identical in {'both' if everyone else 'two or more plans'}"),
        ("template", "Same sentence, other names or figures"),
        ("edited", "National text with local edits"),
    ]
    if partners:
        out.append(
            Para(
                'From each plan\'s "Our partners" list only: a plan may work with an organisation it names '
                "elsewhere (in a pathway).",
                "dim",
            )
        )
        groups = [("identical", f"In the lists of {both}"), ("edited", "The same partner, written differently")]
    for kind, title in groups:
        if kind == "identical" and not partners and not national:
            continue
        items = [s for s in section.shared if s.match == kind]
        if not items:
            continue
        out.append(Heading(title, 3))
        if kind == "edited" and not partners:
            a, b = cmp.plans[0], cmp.plans[1]
            legend = (
                f"Word diff from {a.name} to {b.name}: removed words are {a.name}'s, inserted words {b.name}'s."
                if everyone
                else "Word diff from the wording of the first plan named to each other wording."
            )
            out.append(Para(legend, "dim"))
        out.append(Bullets([_shared_item(cmp, overview, section, s, cited) for s in items]))
    return out


def _where_identical(cmp: Comparison, items: Sequence[Shared]) -> str:
    every = sum(1 for s in items if len(s.plans) == len(cmp.plans))
    if every == len(items):
        return f"identical in all {len(cmp.plans)} plans"
    return f"identical in the plans that share them ({every} in all {len(cmp.plans)})"


def _same_target_blocks(cmp: Comparison, same: Sequence[SameTarget]) -> list[Block]:
    if not same:
        return []
    items: list[Inline] = []
    for t in same:
        for code, unit in t.units.items():
            items.append([Span(f"{cmp.name(code)}: ", "dim"), Span(unit.text)])
    return [Heading(SAME_TARGETS_TITLE, 3), Para(same_targets_note(same), "dim"), Bullets(items)]


def _shared_item(
    cmp: Comparison, overview: Overview, section: SectionComparison, item: Shared, cited: list[int] | None
) -> list[Span]:
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
    marks = sorted({n for c in item.plans for u in item.units[c] for n in overview.source_numbers(c, u)})
    if marks:
        spans.append(Span(_marks(marks, cited)))
    if item.match != "identical":
        spans += _note(f"(similarity {item.similarity:g})")
    split = [f"{cmp.name(c)}: {len(item.units[c])} paragraphs" for c in item.plans if len(item.units[c]) > 1]
    if split:
        spans += _note(f"({'; '.join(split)})")
    return spans


def _marks(numbers: Sequence[int], cited: list[int] | None) -> str:
    """`` [1, 3]``: the source numbers, remembered in ``cited`` for the Sources section."""
    if cited is not None:
        cited += [n for n in numbers if n not in cited]
    return " [" + ", ".join(str(n) for n in numbers) + "]"


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


def _labelled(overview: Overview, code: str, unit: Unit, multi_part: bool, cited: list[int] | None) -> Inline:
    marks = overview.source_numbers(code, unit)
    text = unit.text + (_marks(marks, cited) if marks else "")
    if not multi_part:
        return text
    return [Span(PART_LABELS.get(unit.part, unit.part), "dim"), Span(": " + text)]


def _sources_blocks(overview: Overview, cited: Sequence[int], *, uncited: bool) -> list[Block]:
    """The sources cited by the text shown, with the plans' own footnote numbers; ``uncited``: the others too."""
    shown = [s for s in overview.sources if s.number in cited or (uncited and not s.cited)]
    if not shown:
        return []
    items: list[Inline] = []
    for source in shown:
        whose = "; ".join(
            f"{overview.names[code]} {plural(len(numbers), 'footnote', 'footnotes')} "
            f"{joined([str(n) for n in numbers])}"
            for code, numbers in source.footnotes.items()
        )
        if not source.cited:
            whose += "; cited by no text the comparison shows"
        items.append([Span(f"[{source.number}] "), Span(source.citation), Span(f"  ({whose})", "dim")])
    return [Heading("Sources", 2), Bullets(items)]


# -- figures ----------------------------------------------------------------------


def _figures(cmp: Comparison, overview: Overview, sid: str, targets: bool = True) -> list[Block]:
    if sid == "about" and cmp.facts:
        return [
            Heading("Figures by metric", 3),
            Table(["metric", *cmp.codes], [_fact_cells(cmp, f) for f in cmp.facts]),
            Para(
                f"As the plans state them ({overview.stated_in}), not today's figures; – : the plan does not "
                "state this figure.",
                "dim",
            ),
        ]
    if sid in PATHWAY_IDS:
        return (_targets(overview, sid) if targets else []) + _counts(cmp, overview, sid)
    return []


def _fact_cells(cmp: Comparison, fact: FactRow) -> list[Inline]:
    return [fact.metric.replace("_", " "), *(fact_value(fact, c) for c in cmp.codes)]


def _targets(overview: Overview, pid: str) -> list[Block]:
    metrics = [m for m in overview.targets if m.pathway == pid]
    if not metrics:
        return []
    return [Heading("Targets side by side", 3), target_table(metrics, overview)]


def _counts(cmp: Comparison, overview: Overview, pid: str) -> list[Block]:
    row = next((c for c in cmp.counts if c.pathway == pid), None)
    if row is None:
        return []
    summary = next((p for p in overview.pathways if p.id == pid), None)
    cells: list[list[Inline]] = []
    for kind in row.KINDS:
        counts = row.counts[kind]
        if kind == "partners" and summary is not None:
            counts = summary.partners
        cells.append([kind, *("–" if (n := counts[c]) is None else str(n) for c in cmp.codes)])
    return [Heading("Counts", 3), Table(["", *cmp.codes], cells, align="l" + "r" * len(cmp.codes))]
