"""The figures a comparison puts side by side: the share of national text, facts, partners, counts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rrpcli.compare.result import CountRow, FactRow, PartnerComparison, PlanSummary, SectionComparison
from rrpcli.model import PATHWAY_IDS, SECTIONS, Plan
from rrpcli.textsim import word_count
from rrpcli.units import Unit


def summarise(codes: Sequence[str], sections: Sequence[SectionComparison]) -> dict[str, PlanSummary]:
    """How much of each plan is national text (in shared items) and how much its own, in words and units."""
    national: dict[str, list[Unit]] = {code: [] for code in codes}
    for s in sections:
        for item in s.shared:
            for code, units in item.units.items():
                national[code] += units
    counted: dict[str, int] = {}  # text -> words (national text is in every plan)

    def words_in(units: Iterable[Unit]) -> int:
        total = 0
        for u in units:
            n = counted.get(u.text)
            if n is None:
                n = counted[u.text] = word_count(u.text)
            total += n
        return total

    out: dict[str, PlanSummary] = {}
    for code in codes:
        regional = [u for s in sections for u in s.regional[code]]
        out[code] = PlanSummary(
            code,
            national_words=words_in(national[code]),
            regional_words=words_in(regional),
            national_units=len(national[code]),
            regional_units=len(regional),
        )
    return out


def fact_rows(plans: Sequence[Plan]) -> list[FactRow]:
    """The facts' figures by metric, in first-seen order; None where a plan does not state the metric."""
    codes = [p.code for p in plans]
    rows: dict[str, FactRow] = {}
    for plan in plans:
        for fact in plan.about.facts:
            for fig in fact.figures:
                row = rows.get(fig.metric)
                if row is None:
                    row = rows[fig.metric] = FactRow(
                        fig.metric,
                        dict.fromkeys(codes),
                        dict.fromkeys(codes),
                        dict.fromkeys(codes),
                        dict.fromkeys(codes),
                    )
                if row.values[plan.code] is None:
                    row.values[plan.code] = fig.value
                    row.text[plan.code] = fact.text
                    row.unit[plan.code] = fig.unit
                    row.qualifier[plan.code] = fig.qualifier or None
    return list(rows.values())


def partner_comparison(codes: Sequence[str], section: SectionComparison) -> PartnerComparison:
    """The "Our partners" section as names shared and each plan's own."""
    shared = [{code: item.text(code) for code in item.plans} for item in section.shared]
    only = {code: [u.text for u in section.regional[code]] for code in codes}
    return PartnerComparison(shared, only)


def count_rows(plans: Sequence[Plan]) -> list[CountRow]:
    """Targets, objectives, activities and partners per pathway and plan."""
    rows = []
    for pid in PATHWAY_IDS:
        counts: dict[str, dict[str, int | None]] = {kind: {} for kind in CountRow.KINDS}
        for plan in plans:
            pathway = getattr(plan.pathways, pid)
            for kind in CountRow.KINDS:
                counts[kind][plan.code] = None if pathway is None else len(getattr(pathway, kind))
        rows.append(CountRow(pid, SECTIONS[pid], counts))
    return rows
