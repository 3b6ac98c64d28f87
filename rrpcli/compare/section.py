"""Alignment of one section: every plan's units of the section, shared or regional.

1. The units become segments (:mod:`rrpcli.compare.segments`): split
   paragraphs joined; partner names one each.
2. The segments are grouped across plans (:mod:`rrpcli.compare.grouping`)
   by their links (:mod:`rrpcli.compare.relations`).
3. Each group is a :class:`~rrpcli.compare.result.Shared` item: ``identical``
   when its texts are the same text, ``template`` when the first plan's
   text and each other's are one template sentence (written once with slots,
   :mod:`rrpcli.compare.templates`), else ``edited``.  The segments in no
   group are each plan's regional text.
"""

from __future__ import annotations

from collections.abc import Sequence

from rrpcli.compare.candidates import SectionIndex
from rrpcli.compare.grouping import Group, group_segments
from rrpcli.compare.relations import NameRelation, Relation, TextRelation
from rrpcli.compare.result import SectionComparison, Shared
from rrpcli.compare.segments import Segments, join_split_paragraphs, one_unit_each
from rrpcli.compare.templates import shared_pattern
from rrpcli.compare.texts import ComparedTexts
from rrpcli.model import SECTIONS
from rrpcli.units import Unit


def align_section(
    section_id: str,
    codes: Sequence[str],
    units: Sequence[Sequence[Unit]],
    names: Sequence[str],
    threshold: float,
    *,
    by_name: bool = False,
    texts: ComparedTexts | None = None,
) -> SectionComparison:
    """Align one section's units of every plan (``units[i]``: plan i's, in published order).

    ``by_name`` compares the units as partner names.  ``texts`` are the section's texts (new ones by default).
    """
    texts = texts if texts is not None else ComparedTexts(names)
    relation: Relation
    if by_name:
        relation = NameRelation(texts)
        index = SectionIndex(relation, len(units))
        plans = one_unit_each(units, texts)
    else:
        relation = TextRelation(texts, threshold)
        index = SectionIndex(relation, len(units))
        plans = join_split_paragraphs(units, texts, threshold, index)
    groups = group_segments(plans, index)
    shared = [_shared_item(group, plans, codes, texts) for group in groups]
    grouped = {member for group in groups for member in group.members}
    regional = {
        codes[plan]: [segments.units[i] for s, run in enumerate(segments.runs) if (plan, s) not in grouped for i in run]
        for plan, segments in enumerate(plans)
    }
    return SectionComparison(section_id, SECTIONS[section_id], shared, regional)


def _shared_item(group: Group, plans: Sequence[Segments], codes: Sequence[str], texts: ComparedTexts) -> Shared:
    """A group of segments as a shared item: identical, template or edited."""
    plan_codes = tuple(codes[plan] for plan, _ in group.members)
    units = {codes[plan]: tuple(plans[plan].units[i] for i in plans[plan].runs[s]) for plan, s in group.members}
    text_ids = [plans[plan].text_ids[s] for plan, s in group.members]
    if len({texts[t].normalised for t in text_ids}) == 1:
        return Shared("identical", 1.0, plan_codes, units)
    pattern = shared_pattern(list(zip(plan_codes, text_ids, strict=True)), texts)
    if pattern is not None:
        return Shared("template", group.similarity, plan_codes, units, pattern)
    return Shared("edited", group.similarity, plan_codes, units)
