"""Regions side by side (``rrp compare``): national text apart from what each region says for itself.

Every text unit of every plan (:func:`rrpcli.units.text_units`, footnotes
aside) ends up in exactly one place: in a *shared* item, together with the
units of the other plans that say the same thing, or in its plan's *regional*
list.  A shared item is

``identical``  the same text (:func:`rrpcli.textsim.normalise` equal);
``template``   the same sentence except region names, numbers and months
               (:func:`rrpcli.textsim.template_slots`), shown once with the
               differing values side by side (whatever the threshold);
``edited``     national text with local edits: a word similarity of at least
               the threshold (:data:`DEFAULT_THRESHOLD`), shown as a word diff.

How a sentence gets there, section by section (a unit may pair with a unit
of another part of the same section, e.g. an introduction paragraph with a
context bullet):

1. **Segments** (:mod:`~rrpcli.compare.segments`): each plan's units of the
   section, with the pieces of a paragraph that another plan has as one unit
   joined into one segment.  Usually a segment is one unit.
2. **Links** (:mod:`~rrpcli.compare.relations`): two segments of different
   plans are linked when their texts are identical, one template sentence,
   or alike (a shared run of three words and a word similarity of at least the
   threshold); "Our partners" names are linked by spelling instead.  The texts
   and everything worked out from them are numbered and kept once per
   section (:mod:`~rrpcli.compare.texts`).
3. **Grouping** (:mod:`~rrpcli.compare.grouping`): links are taken best first
   (identical, template, then by similarity) and merge groups holding at
   most one segment per plan, every two of which must be linked.  Only
   candidate pairs found through an index of shingles are ever scored
   (:mod:`~rrpcli.compare.candidates`), and only when they can still change
   the groups, so the work grows with the texts, not with the pairs of texts.
   Where plans repeat a text in near copies, limits on the candidates keep it
   so; on plans of normal size they change nothing.
4. **Result** (:mod:`~rrpcli.compare.section`, :mod:`~rrpcli.compare.result`):
   a group of two or more plans is a shared item, identical, template or
   edited; a segment in no group is regional.

So a target sentence such as "By July 2023, North West will increase ... by 1
percentage point from 18% ..." is ``template`` with East of England's "... by 6
percentage points from 14% ...": the same sentence but for the name and the
figures.  An activity only North West has ("Acquire three new probation
buildings in Bootle, Preston and Blackburn") shares no run of three words with
a text of East of England that is alike enough, finds no link, and stays regional.

``docs/developing.md`` ("How rrp compare aligns plans") tells the same story
with the reasons for each choice.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from rrpcli.ambition import target_figures
from rrpcli.compare.relations import PARTNER_SIMILARITY, fold_name
from rrpcli.compare.result import (
    MATCH_KINDS,
    Comparison,
    CountRow,
    FactRow,
    PartnerComparison,
    Pattern,
    PlanRef,
    PlanSummary,
    SectionComparison,
    Shared,
    Slot,
)
from rrpcli.compare.section import align_section
from rrpcli.compare.tables import count_rows, fact_rows, partner_comparison, summarise
from rrpcli.compare.templates import template_pattern
from rrpcli.errors import RrpError
from rrpcli.model import SECTIONS, Plan
from rrpcli.show import check_sections
from rrpcli.units import Unit, text_units

__all__ = [
    "COMPARED_SECTIONS",
    "DEFAULT_THRESHOLD",
    "MATCH_KINDS",
    "PARTNER_SIMILARITY",
    "Comparison",
    "CountRow",
    "FactRow",
    "PartnerComparison",
    "Pattern",
    "PlanRef",
    "PlanSummary",
    "SectionComparison",
    "Shared",
    "Slot",
    "align_plans",
    "align_section",
    "check_plans",
    "compare_plans",
    "compare_sections",
    "count_rows",
    "fact_rows",
    "fold_name",
    "template_pattern",
]

#: Word similarity (0-1] at which two units count as the same national text
#: with local edits.  Chosen on the shipped plans: their locally edited national
#: text scores 0.6 or more (0.79-0.95 but for one objective at exactly 0.6),
#: while regional items that merely share phrasing score at most 0.52, and
#: target sentences where one region maintains and the other increases score
#: 0.52-0.58 (different targets: regional).
DEFAULT_THRESHOLD = 0.6

#: The sections compared: every part of a plan but the footnotes (sources, not text).
COMPARED_SECTIONS: tuple[str, ...] = tuple(s for s in SECTIONS if s != "footnotes")


def check_plans(plans: Sequence[Plan], names: Sequence[str] | None = None) -> None:
    """Two or more distinct plans with distinct region codes, else an error."""
    if len(plans) < 2:
        raise RrpError("compare needs at least two plans, e.g. rrp compare nw eoe")
    labels = list(names) if names is not None else [p.code for p in plans]
    for (i, a), (j, b) in combinations(enumerate(plans), 2):
        if a.code != b.code:
            continue
        same = a.path is not None and b.path is not None and a.path.resolve() == b.path.resolve()
        if same or a == b:
            raise RrpError(f'"{labels[i]}" and "{labels[j]}" are the same plan ({a.name}); name each plan once')
        raise RrpError(
            f'"{labels[i]}" and "{labels[j]}" both have the region code "{a.code}"; '
            "compare compares regions (use rrp diff for two revisions of one plan)"
        )


def compare_sections(requested: Sequence[str]) -> list[str]:
    """The section ids asked for (all compared sections when none), in published order."""
    wanted = check_sections(requested)
    if requested and "footnotes" in wanted:
        known = ", ".join(COMPARED_SECTIONS)
        raise RrpError(f'section "footnotes" is not compared (footnotes are sources); sections are: {known}')
    return [s for s in wanted if s != "footnotes"]


def compare_plans(
    plans: Sequence[Plan],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    sections: Sequence[str] | None = None,
    regional_only: bool = False,
) -> Comparison:
    """Compare plans section by section.

    ``sections`` limits what is reported (sections, targets, facts, partners
    and counts of those sections); the summary is always of the whole plans.
    """
    check_plans(plans)
    if not 0 < threshold <= 1:
        raise RrpError(f"threshold must be in (0, 1], got {threshold:g}")
    wanted = list(sections) if sections else list(COMPARED_SECTIONS)
    codes = [p.code for p in plans]
    aligned = align_plans(plans, threshold)
    partners = PartnerComparison([], {code: [] for code in codes})
    if "our_partners" in wanted:
        partners = partner_comparison(codes, next(s for s in aligned if s.id == "our_partners"))
    return Comparison(
        plans=[PlanRef(p.code, p.name, p.meta.revision) for p in plans],
        threshold=threshold,
        summary=summarise(codes, aligned),
        sections=[s for s in aligned if s.id in wanted],
        targets=[r for r in target_figures(plans) if r.pathway in wanted],
        facts=fact_rows(plans) if "about" in wanted else [],
        partners=partners,
        counts=[c for c in count_rows(plans) if c.pathway in wanted],
        regional_only=regional_only,
    )


def align_plans(plans: Sequence[Plan], threshold: float) -> list[SectionComparison]:
    """Every compared section of the plans aligned, in published order (see the module documentation)."""
    by_section: dict[str, list[list[Unit]]] = {sid: [[] for _ in plans] for sid in COMPARED_SECTIONS}
    for i, plan in enumerate(plans):
        for unit in text_units(plan):
            if unit.section in by_section:
                by_section[unit.section][i].append(unit)
    codes = [p.code for p in plans]
    names = [p.name for p in plans]
    return [
        align_section(sid, codes, by_section[sid], names, threshold, by_name=sid == "our_partners")
        for sid in COMPARED_SECTIONS
    ]
