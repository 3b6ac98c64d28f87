"""The overview of a comparison (``rrp compare``): how the regions differ, on one screen, before the detail.

:func:`overview_of` works it out from a :class:`~rrpcli.compare.Comparison`
of the whole plans, the plans themselves and their status as of a date
(:func:`rrpcli.status.plans_status`).  It holds, in the order every view
shows it:

* **targets**: every numeric target, one group of rows per metric (so each
  region's starting point stands next to the others'), each baseline with
  its date (a level the plan states without one carries the plan's year:
  ``29% (2022)``), its status and the national figure of the same period,
  and who ranks first on the metric with what qualifies that
  (:func:`rrpcli.ambition.metric_lead`); the qualitative targets;
* **pathways**: per pathway, how many items are identical national text,
  templated and edited, the *targets on the same metric in other forms*, and
  each region's own items, with each region's most distinctive commitments;
* the **facts** stated by two or more plans and by one only, and the
  **partners** in common and each region's own;
* the **sources** the plans' footnotes cite, numbered for the whole
  comparison, and which text cites which.

The rules, documented in docs/commands.md ("The overview"):

*Targets on the same metric in other forms.*  Two or more plans' target
sentences on the same metric in the same pathway that the alignment left
regional (one region keeps a level, another raises it: "will continue to
maintain ... at 29%" and "will increase ... by 2 percentage points from
22%") are grouped and counted together (``1 metric in 2 forms``), apart
from each region's own items.  This is rrp's grouping: the plans do not say
that the two are one target, and the view says so.

*Distinctive commitments.*  A region's objectives and activities that are
its own (regional), ranked by how much of their text any other plan has in
the same pathway (the share of their runs of three words found there), the
least first, then the shortest first (a commitment named in one line);
:data:`DISTINCTIVE_PER_PATHWAY` of each region per pathway.

*Partners are organisations.*  An "Important partners in this work" entry
counts as a partner unless it names the region's own prisons or probation
service (``Our prisons, delivering custodial sentences ...``,
``Our prison specialist drug-free units``): those are HMPPS itself.  An entry
that names several organisations of one kind counts once, as published.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rrpcli.ambition import (
    MetricLead,
    TargetFigures,
    grade_explanation,
    group_by_metric,
    leads_sentence,
    metric_lead,
    plan_year,
)
from rrpcli.compare import Comparison, FactRow, SectionComparison
from rrpcli.model import PATHWAY_IDS, PATHWAY_TITLES, Number, Plan
from rrpcli.status import (
    STATUS_LABELS,
    CitedFigure,
    PlanStatus,
    StatusIndex,
    TargetStatus,
    context_figure,
    status_cell,
)
from rrpcli.textsim import shingles, words
from rrpcli.units import Unit
from rrpcli.wording import joined

#: Pathway titles short enough for a label of the overview.
SHORT_TITLES: dict[str, str] = {
    "training_skills_work": "Training, skills and work",
    "drugs_alcohol": "Drugs and alcohol",
    "family_accommodation": "Family and accommodation",
    "public_security": "Public security",
}

#: Most distinctive commitments named per region and pathway.
DISTINCTIVE_PER_PATHWAY = 1

#: The parts of a pathway that are commitments.
COMMITMENT_PARTS = ("objectives", "activities")

#: A pathway partner entry that names the region's own prisons or probation service: HMPPS, not a partner.
OWN_SERVICE = r"(?i)^\s*(?:our\s+)?(?:prisons?|probation)\b"


def is_partner_organisation(entry: str) -> bool:
    """True for a partner entry that names an organisation outside HMPPS (see the module documentation)."""
    return re.match(OWN_SERVICE, entry) is None


def status_text(s: TargetStatus) -> str:
    """A target's status for the overview's table: :func:`~rrpcli.status.status_cell`, ``no regional outturn`` short."""
    return "no regional outturn" if s.status == "no_regional_outturn" else status_cell(s)


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


def fact_value(fact: FactRow, code: str) -> str:
    """A plan's figure of a fact row, its unit left out where the metric names it (``4``, not ``4 commissioners``)."""
    unit = fact.unit[code]
    if unit and unit.split()[-1].casefold() in fact.metric.split("_"):
        unit = ""
    return figure_text(fact.values[code], unit, fact.qualifier[code])


@dataclass(eq=False, repr=False)
class MetricTargets:
    """The numeric targets of every region on one metric, in the order the plans were given."""

    metric: str
    name: str
    measure: str
    pathway: str
    rows: list[TargetFigures]
    statuses: dict[str, TargetStatus]  # region code -> status (numeric targets with a deadline)
    lead: MetricLead | None
    missing: list[str] = field(default_factory=list)  # the regions compared that set no target on the metric
    label: str = ""  # the group's label in the overview's table (:func:`overview_of` sets it)

    @property
    def national(self) -> CitedFigure | None:
        """The national figure beside every target of the metric, when they all have the same one."""
        figures = [context_figure(s) for s in self.statuses.values()]
        if not figures or any(f is None for f in figures):
            return None
        if len({(f.period.start, f.period.end, f.value) for f in figures if f is not None}) != 1:
            return None
        return figures[0]

    def to_json(self) -> dict[str, Any]:
        """The metric's targets as a JSON object."""
        national = self.national
        return {
            "metric": self.metric,
            "name": self.name,
            "measure": self.measure,
            "pathway": self.pathway,
            "national": national.to_json() if national is not None else None,
            "label": self.label,
            "missing": self.missing,
            "rows": [
                {
                    **r.to_json(),
                    "status": s.to_json() if (s := self.statuses.get(r.region)) is not None else None,
                    "status_text": status_text(s) if s is not None else None,
                }
                for r in self.rows
            ],
            "lead": self.lead.to_json() if self.lead is not None else None,
        }


@dataclass(eq=False, repr=False)
class QualitativeTarget:
    """A target without figures, and the plans that set it (the same text)."""

    pathway: str
    text: str
    plans: list[str]

    def to_json(self) -> dict[str, Any]:
        """As a JSON object."""
        return {"pathway": self.pathway, "text": self.text, "plans": self.plans}


@dataclass(eq=False, repr=False)
class SameTarget:
    """Targets of two or more plans on the same metric, worded differently (maintain here, increase there).

    rrp's grouping, not the plans' word: no plan says its target is another's.
    """

    metric: str
    units: dict[str, Unit]  # region code -> its target sentence
    directions: dict[str, str] = field(default_factory=dict)  # region code -> maintain / increase / decrease

    @property
    def forms(self) -> str:
        """``North West maintains a level, East of England increases it``; empty when every plan's is alike."""
        verbs = {"maintain": "maintains a level", "increase": "increases it", "decrease": "decreases it"}
        if len(set(self.directions.values())) < 2:
            return ""
        ordered = sorted(self.directions.items(), key=lambda kv: kv[1] != "maintain")
        return ", ".join(f"{code} {verbs.get(d, d)}" for code, d in ordered)

    def to_json(self) -> dict[str, Any]:
        """As a JSON object: the metric, and each plan's sentence and unit path."""
        return {
            "metric": self.metric,
            "plans": list(self.units),
            "text": {code: u.text for code, u in self.units.items()},
            "units": {code: u.path for code, u in self.units.items()},
            "directions": self.directions,
            "forms": self.forms,
        }


#: The heading over targets on the same metric in other forms (the terminal view, Markdown and the briefing).
SAME_TARGETS_TITLE = "Targets on the same metric in other forms"


def same_targets_note(same: Sequence[SameTarget]) -> str:
    """What the grouping of targets on the same metric is, and where they are counted; empty for none."""
    if not same:
        return ""
    forms = [f"{t.metric.replace('_', ' ')}: {t.forms}" for t in same if t.forms]
    how = f" ({'; '.join(forms)})" if forms else ""
    return (
        f"rrp groups these{how}: the plans do not say they are one target. They are counted here, not among each "
        "region's own items."
    )


@dataclass(eq=False, repr=False)
class PathwaySummary:
    """One pathway: national items by kind, targets on one metric in other forms, each region's own and distinctive."""

    id: str
    title: str
    kinds: dict[str, int]  # identical / template / edited -> items
    same_targets: list[SameTarget]
    regional: dict[str, int]  # region code -> its own items (the same targets aside)
    distinctive: dict[str, list[str]]  # region code -> its most distinctive commitments
    partners: dict[str, int | None]  # region code -> partner organisations (None: no such pathway)

    @property
    def same_count(self) -> str:
        """``1 metric in 2 forms``: the metrics on which plans set targets worded differently; empty for none.

        Those targets are counted here, not among each region's own items.
        """
        if not self.same_targets:
            return ""
        if len(self.same_targets) == 1:
            return f"1 metric in {len(self.same_targets[0].units)} forms"
        return f"{len(self.same_targets)} metrics in other forms"

    @property
    def label(self) -> str:
        """``Training, skills and work: 2 identical, 1 template, 1 metric in 2 forms``: its items in several plans."""
        parts = [f"{self.kinds[kind]} {kind}" for kind in ("identical", "template", "edited") if self.kinds[kind]]
        parts += [self.same_count] if self.same_targets else []
        return f"{SHORT_TITLES[self.id]}: {', '.join(parts) if parts else 'nothing national'}"

    def to_json(self) -> dict[str, Any]:
        """As a JSON object."""
        return {
            "id": self.id,
            "title": self.title,
            "label": self.label,
            **self.kinds,
            "same_targets": [t.to_json() for t in self.same_targets],
            "same_targets_note": same_targets_note(self.same_targets),
            "regional": self.regional,
            "distinctive": self.distinctive,
            "partner_organisations": self.partners,
        }


@dataclass(eq=False, repr=False)
class Source:
    """A source the plans cite, numbered for the whole comparison, and the plans' own footnote numbers for it."""

    number: int
    text: str
    url: str
    footnotes: dict[str, list[int]] = field(default_factory=dict)  # region code -> its footnote numbers
    cited: bool = True  # False: no compared text cites it (the plan file attaches it to none)

    @property
    def citation(self) -> str:
        """The source as published: its title, its URL, or both; or that the plan gives none."""
        return " ".join(x for x in (self.text, self.url) if x) or "no source given in the plan"

    def to_json(self) -> dict[str, Any]:
        """As a JSON object."""
        return {
            "number": self.number,
            "text": self.text,
            "url": self.url,
            "footnotes": self.footnotes,
            "cited": self.cited,
        }


@dataclass(eq=False, repr=False)
class Overview:
    """What the comparison comes to, in the order the views show it (module documentation)."""

    codes: list[str]
    names: dict[str, str]
    years: dict[str, str]  # region code -> the year its plan states its figures in (:func:`plan_year`)
    targets: list[MetricTargets]
    qualitative: list[QualitativeTarget]
    leads: str
    grades: str
    shares: str  # how much of each plan is national text, in words
    pathways: list[PathwaySummary]
    facts_shared: list[str]  # metrics two or more plans state
    facts_only: dict[str, list[str]]  # region code -> metrics only it states
    partners_shared: int
    partners_only: dict[str, list[str]]
    sources: list[Source]
    citations: dict[str, dict[str, list[int]]]  # region code -> unit path -> source numbers
    facts_note: str = ""  # the facts in words (two plans), their counts and the partners'

    @property
    def status_column(self) -> bool:
        """True when the targets' table needs a status column: their statuses differ."""
        return self.uniform_status is None and any(m.statuses for m in self.targets)

    @property
    def national_column(self) -> bool:
        """True when a metric's targets have different national figures beside them: one per row, then."""
        return any(m.national is None and any(s.context for s in m.statuses.values()) for m in self.targets)

    @property
    def notes(self) -> str:
        """The lines under the targets' table: who ranks first (qualified), the qualitative targets."""
        return " ".join(n for n in (self.leads, self.qualitative_note) if n)

    @property
    def qualitative_note(self) -> str:
        """The qualitative targets in a sentence; empty without any."""
        if not self.qualitative:
            return ""
        count = len(self.qualitative)
        pathways = sorted({q.pathway for q in self.qualitative}, key=PATHWAY_IDS.index)
        where = joined([SHORT_TITLES[pid] for pid in pathways])
        noun = "target" if count == 1 else "targets"
        if {tuple(q.plans) for q in self.qualitative} == {tuple(self.codes)}:
            who = "Both" if len(self.codes) == 2 else f"All {len(self.codes)}"
            return f"{who} set the same {count} qualitative {noun} ({where})."
        return f"Also {count} qualitative {noun} ({where})."

    @property
    def uniform_status(self) -> str | None:
        """The status every numeric target has, when they all have the same one (else None)."""
        found = {s.status for m in self.targets for s in m.statuses.values()}
        return found.pop() if len(found) == 1 else None

    @property
    def status_note(self) -> str:
        """The targets' status in a sentence when it is the same for all of them; empty otherwise."""
        status = self.uniform_status
        if status is None:
            return ""
        if status == "not_due":
            return "No target is due yet."
        if status == "no_regional_outturn":
            return "No regional outturn is recorded for any of these targets, so none can be judged met."
        return f"Every one of these targets is {STATUS_LABELS[status]}."

    @property
    def stated_in(self) -> str:
        """``2022`` or ``nw 2022, eoe 2023``: the year the plans state their "About the region" figures in."""
        return stated_in(self.years)

    def source_numbers(self, code: str, unit: Unit) -> list[int]:
        """The comparison's source numbers a plan's unit cites (its footnotes)."""
        return self.citations.get(code, {}).get(unit.path, [])

    def to_json(self) -> dict[str, Any]:
        """The overview as a JSON object (``overview`` in ``rrp compare --format json``)."""
        return {
            "years": self.years,
            "stated_in": self.stated_in,
            "targets": [m.to_json() for m in self.targets],
            "qualitative": [q.to_json() for q in self.qualitative],
            "status": self.uniform_status,
            "status_note": self.status_note,
            "columns": {"status": self.status_column, "national": self.national_column},
            "leads": self.leads,
            "qualitative_note": self.qualitative_note,
            "notes": self.notes,
            "grades": self.grades,
            "shares": self.shares,
            "pathways": [p.to_json() for p in self.pathways],
            "facts": {"shared": self.facts_shared, "only": self.facts_only},
            "partners": {"shared": self.partners_shared, "only": self.partners_only},
            "facts_note": self.facts_note,
        }

    def sources_json(self) -> dict[str, Any]:
        """The sources and which unit cites which (``sources`` in ``rrp compare --format json``)."""
        return {"list": [s.to_json() for s in self.sources], "cited": self.citations}


def comparison_json(cmp: Comparison, overview: Overview) -> dict[str, Any]:
    """``rrp compare --format json``: the comparison's keys, then ``overview`` and ``sources``."""
    return {**cmp.to_json(), "overview": overview.to_json(), "sources": overview.sources_json()}


# -- computing ------------------------------------------------------------------------------------------------------


def overview_of(whole: Comparison, plans: Sequence[Plan], statuses: Sequence[PlanStatus]) -> Overview:
    """The overview of a comparison of the whole plans (every section, as ``compare_plans`` gives it)."""
    codes = whole.codes
    names = {p.code: p.name for p in whole.plans}
    by_code = {p.code: p for p in plans}
    targets = _metric_targets(whole, by_code, statuses)
    leads = [m.lead for m in targets if m.lead is not None]
    sections = {s.id: s for s in whole.sections}
    pathways = [
        _pathway(sections[pid], codes, by_code) for pid in PATHWAY_IDS if pid in sections and not sections[pid].empty
    ]
    facts_shared = [f.metric for f in whole.facts if sum(v is not None for v in f.values.values()) > 1]
    facts_only = {
        code: [f.metric for f in whole.facts if f.metric not in facts_shared and f.values[code] is not None]
        for code in codes
    }
    sources, citations = _sources(whole, by_code)
    national_column = any(m.national is None and any(s.context for s in m.statuses.values()) for m in targets)
    for m in targets:
        m.label = _metric_label(m, national_column)
    years = {code: plan_year(by_code[code]) for code in codes}
    return Overview(
        codes=codes,
        names=names,
        years=years,
        targets=targets,
        qualitative=_qualitative(whole.targets),
        leads=" ".join(x for x in (leads_sentence(leads, names), dates_caveat(targets)) if x),
        grades=grade_explanation(
            (r.grade for m in targets for r in m.rows), decrease=any(r.kind == "decrease" for r in whole.targets)
        ),
        shares=_shares(whole),
        pathways=pathways,
        facts_shared=facts_shared,
        facts_only=facts_only,
        partners_shared=len(whole.partners.shared),
        partners_only=whole.partners.only,
        sources=sources,
        citations=citations,
        facts_note=_facts_note(whole, facts_shared, facts_only, years),
    )


def _dates_differ(dates: Sequence[str | None], years: Sequence[str]) -> bool:
    """True when figures are of different dates: two months differ, or two years (an undated level has its plan's)."""
    return len({d for d in dates if d}) > 1 or len({y[:4] for y in years if y}) > 1


def dates_caveat(metrics: Sequence[MetricTargets]) -> str:
    """Who ranks first and who starts lower, when they compare baselines or deadlines of different dates: said.

    Empty when every ranked metric's baselines share a date and its deadlines a month.
    """
    ranked = [m for m in metrics if m.lead is not None and len(m.rows) > 1]
    baselines = sum(
        _dates_differ([r.baseline_date for r in m.rows], [r.baseline_date or r.plan_year for r in m.rows])
        for m in ranked
    )
    deadlines = sum(len({r.deadline for r in m.rows if r.deadline}) > 1 for m in ranked)
    if not baselines and not deadlines:
        return ""
    if baselines and deadlines:
        return f"Baseline dates differ on {baselines} of the {len(ranked)} metrics, deadlines on {deadlines}."
    which = "baseline dates" if baselines else "deadlines"
    return f"{which.capitalize()} differ on {baselines or deadlines} of the {len(ranked)} metrics."


def _metric_label(m: MetricTargets, national_column: bool) -> str:
    """``Employed 6 weeks after release · national 19.3% (2023/24)``, and the regions without a target on it."""
    national = m.national
    if national is not None and not national_column:
        label = f"{m.name} · national {national.value:g}% ({national.period.text})"
    elif national_column or any(s.context for s in m.statuses.values()):  # each row has its own
        label = m.name
    else:
        label = f"{m.name} · no national figure recorded"
    if m.missing:
        label += f" · no target: {', '.join(m.missing)}"
    return label


def _shares(whole: Comparison) -> str:
    """``national text: 52.1% of nw's words, 46.2% of eoe's words``; from the lowest to the highest for many plans."""
    pct = {code: whole.summary[code].national_pct for code in whole.codes}
    if len(pct) <= 3:
        return "national text: " + ", ".join(f"{pct[code]:g}% of {code}'s words" for code in whole.codes)
    low, high = min(pct, key=pct.__getitem__), max(pct, key=pct.__getitem__)
    return f"national text: from {pct[low]:g}% of {low}'s words to {pct[high]:g}% of {high}'s"


def stated_in(years: dict[str, str]) -> str:
    """``2022`` or ``nw 2022, eoe 2023``: the year each plan's figures are stated in.

    A plan's "About the region" figures are as of when it was written
    (:func:`~rrpcli.ambition.plan_year`), never today's.
    """
    if len(set(years.values())) == 1:
        return next(iter(years.values()))
    return ", ".join(f"{code} {year}" for code, year in years.items())


def _facts_note(whole: Comparison, shared: Sequence[str], only: dict[str, list[str]], years: dict[str, str]) -> str:
    """The facts both plans state, in words (two plans; a table shows more), dated, then how many one plan states.

    Then the partners: only each pathway's "Our partners" list is counted, so the counts say so.
    """
    two = len(whole.codes) == 2
    parts: list[str] = []
    rows = [f for f in whole.facts if f.metric in shared]
    if rows and two:  # "1,600 / over 1,600", the plans in the order given
        values = [f"{f.metric.replace('_', ' ')} {' / '.join(fact_value(f, c) for c in whole.codes)}" for f in rows]
        parts.append(f"Both plans state ({stated_in(years)}; {' / '.join(whole.codes)}): {'; '.join(values)}.")
    counts = [f"{code} {len(metrics)}" for code, metrics in only.items() if metrics]
    if counts:
        parts.append(f"{'By' if two else f'Figures ({stated_in(years)}) stated by'} one only: {', '.join(counts)}.")
    own = ", ".join(f"{code} {len(names)}" for code, names in whole.partners.only.items())
    parts.append(
        f"'Our partners' lists: {len(whole.partners.shared)} in {'both' if two else 'two or more'}; own: {own}."
    )
    return " ".join(parts)


def _metric_targets(whole: Comparison, plans: dict[str, Plan], statuses: Sequence[PlanStatus]) -> list[MetricTargets]:
    index = StatusIndex(statuses)
    order = {code: i for i, code in enumerate(whole.codes)}
    out = []
    for group in group_by_metric(whole.targets):
        rows = sorted(group.rows, key=lambda r: order[r.region])
        found = {r.region: s for r in rows if (s := index.of(r)) is not None}
        name = next((s.metric_name for s in found.values() if s.metric_name != s.metric), "")
        out.append(
            MetricTargets(
                metric=group.metric,
                name=name or group.measure[:1].upper() + group.measure[1:],
                measure=group.measure,
                pathway=group.pathway,
                rows=rows,
                statuses=found,
                lead=metric_lead(group),
                missing=[code for code in whole.codes if code not in {r.region for r in rows}],
            )
        )
    return out


def _qualitative(rows: Sequence[TargetFigures]) -> list[QualitativeTarget]:
    out: dict[tuple[str, str], QualitativeTarget] = {}
    for r in rows:
        if r.kind == "qualitative":
            out.setdefault((r.pathway, r.text), QualitativeTarget(r.pathway, r.text, [])).plans.append(r.region)
    return list(out.values())


def _pathway(section: SectionComparison, codes: Sequence[str], plans: dict[str, Plan]) -> PathwaySummary:
    same = same_targets(section, plans)
    moved = {(code, t.units[code].path) for t in same for code in t.units}
    own = {code: [u for u in section.regional[code] if (code, u.path) not in moved] for code in codes}
    partners: dict[str, int | None] = {}
    for code in codes:
        pathway = getattr(plans[code].pathways, section.id)
        partners[code] = None if pathway is None else sum(map(is_partner_organisation, pathway.partners))
    return PathwaySummary(
        id=section.id,
        title=PATHWAY_TITLES[section.id],
        kinds=section.kinds(),
        same_targets=same,
        regional={code: len(units) for code, units in own.items()},
        distinctive=distinctive_commitments(section, codes),
        partners=partners,
    )


def same_targets(section: SectionComparison, plans: dict[str, Plan]) -> list[SameTarget]:
    """The regional target sentences of two or more plans on one metric: targets on the same metric in other forms."""
    by_metric: dict[str, dict[str, Unit]] = {}
    directions: dict[str, dict[str, str]] = {}
    for code, units in section.regional.items():
        pathway = getattr(plans[code].pathways, section.id)
        for u in units:
            if u.part != "targets" or pathway is None or u.index is None:
                continue
            metric = pathway.targets[u.index].metric
            if metric and not pathway.targets[u.index].qualitative:
                by_metric.setdefault(metric, {}).setdefault(code, u)
                directions.setdefault(metric, {}).setdefault(code, pathway.targets[u.index].direction or "")
    return [SameTarget(metric, units, directions[metric]) for metric, units in by_metric.items() if len(units) > 1]


def distinctive_commitments(
    section: SectionComparison, codes: Sequence[str], per_region: int = DISTINCTIVE_PER_PATHWAY
) -> dict[str, list[str]]:
    """Each region's own objectives and activities least like any other plan's text of the section, shortest first.

    Likeness is the share of an item's runs of three words (shingles) found in
    another plan's text of the same section; ties go to the shorter item, then
    to the one published first.
    """
    # National text is the same in many plans: each distinct text is split into runs of words once.
    held: dict[str, set[str]] = {}
    for item in section.shared:
        for code, units in item.units.items():
            for u in units:
                held.setdefault(u.text, set()).add(code)
    for code, own in section.regional.items():
        for u in own:
            held.setdefault(u.text, set()).add(code)
    holders: dict[tuple[str, ...], set[str]] = {}
    split: dict[str, tuple[int, set[tuple[str, ...]]]] = {}  # text -> its word count and runs, for the ranking
    for text, codes_of_text in held.items():
        ws = words(text)
        runs = shingles(ws)
        split[text] = len(ws), runs
        for run in runs:
            found = holders.get(run)
            if found is None:
                holders[run] = set(codes_of_text)
            else:
                found |= codes_of_text
    out: dict[str, list[str]] = {}
    for code in codes:
        ranked = []
        for i, u in enumerate(section.regional[code]):
            if u.part not in COMMITMENT_PARTS:
                continue
            word_count, runs = split[u.text]
            shared = sum(1 for run in runs if holders[run] - {code}) / len(runs) if runs else 0.0
            ranked.append((round(shared, 2), word_count, i, u.text))
        out[code] = [text for *_, text in sorted(ranked)[:per_region]]
    return out


def slug(text: str) -> str:
    """``identified-needs-of-offenders-...-30-june-2021``: lower case, runs of other characters as one hyphen."""
    return "-".join(re.findall(r"[a-z0-9]+", text.casefold()))


def url_slug(url: str) -> str:
    """The last segment of a URL's path (``.../statistics/identified-needs-...-2021`` -> ``identified-needs-...``)."""
    path = url.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    return path.rsplit("/", 1)[-1].casefold() if "/" in path.split("://", 1)[-1] else ""


SourceKey = tuple[str, str] | tuple[str, int]


def _source_keys(plans: dict[str, Plan]) -> tuple[dict[tuple[str, int], SourceKey], dict[SourceKey, tuple[str, str]]]:
    """Each plan's footnote -> the key of its source, the same for the same source; each key's (title, URL).

    The same source is listed once: the same title and URL; or, where one plan
    gives a publication's URL and another only its title, when the URL's last
    path segment is the title written as a slug (``Identified needs of ...,
    30 June 2021`` and ``.../identified-needs-of-...-30-june-2021``): that
    source then has both, the title and the URL.
    """
    notes = [(code, note) for code, plan in plans.items() for note in plan.footnotes]
    by_url_slug: dict[str, SourceKey] = {}
    for _, note in notes:
        if note.url and (tail := slug(url_slug(note.url))):
            by_url_slug.setdefault(tail, (note.text, note.url))
    keys: dict[tuple[str, int], SourceKey] = {}
    cited: dict[SourceKey, tuple[str, str]] = {}
    for code, note in notes:
        key: SourceKey = (note.text, note.url) if note.text or note.url else (code, note.number)
        if note.text and not note.url and (same := by_url_slug.get(slug(note.text))) is not None:
            key = same
        keys[(code, note.number)] = key
        text, url = cited.get(key, ("", ""))
        cited[key] = (text or note.text, url or note.url)
    return keys, cited


def _sources(whole: Comparison, plans: dict[str, Plan]) -> tuple[list[Source], dict[str, dict[str, list[int]]]]:
    """The footnotes cited by the compared text, numbered in order of first citation; the same source once."""
    keys, titles = _source_keys(plans)
    sources: dict[SourceKey, Source] = {}
    cited: dict[str, dict[str, list[int]]] = {code: {} for code in whole.codes}
    for section in whole.sections:
        if section.id not in PATHWAY_IDS:
            continue
        context: dict[str, list[Unit]] = {code: [] for code in whole.codes}
        for item in section.shared:
            for code, us in item.units.items():
                context[code] += [u for u in us if u.part == "context"]
        for code, own in section.regional.items():
            context[code] += [u for u in own if u.part == "context"]
        units = [(code, u) for code in whole.codes for u in sorted(context[code], key=lambda u: u.index or 0)]
        for code, unit in units:
            if unit.index is None:
                continue
            plan = plans[code]
            item = getattr(plan.pathways, section.id).context[unit.index]
            for number in item.footnotes:
                key = keys.get((code, number), (code, number))
                source = sources.get(key)
                if source is None:
                    text, url = titles.get(key, ("", ""))
                    source = sources[key] = Source(len(sources) + 1, text, url)
                numbers = source.footnotes.setdefault(code, [])
                if number not in numbers:
                    numbers.append(number)
                marks = cited[code].setdefault(unit.path, [])
                if source.number not in marks:
                    marks.append(source.number)
    for code in whole.codes:  # footnotes the plan file attaches to no compared text: listed all the same
        for note in plans[code].footnotes:
            if any(note.number in s.footnotes.get(code, []) for s in sources.values()):
                continue
            key = keys[(code, note.number)]
            source = sources.get(key)
            if source is None:
                text, url = titles[key]
                source = sources[key] = Source(len(sources) + 1, text, url, cited=False)
            source.footnotes.setdefault(code, []).append(note.number)
    return list(sources.values()), {
        code: {path: sorted(numbers) for path, numbers in marks.items()} for code, marks in cited.items() if marks
    }
