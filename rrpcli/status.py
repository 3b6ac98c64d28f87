"""Were the targets met?  Each numeric target's status against its deadline, with the national picture.

Everything is judged *as of* a date (default today; tests and ``--as-of``
pin it), and only with what was known then: a figure counts only if its
source was published on or before that date.

The rules (documented in ``docs/outcomes.md``):

* A deadline ``YYYY-MM`` ("by July 2023") has **passed** once the whole
  month is over.
* The **outturn** of a target is the region's first recorded figure whose
  period ends in or after the deadline month (earliest end first; of two
  periods ending in the same month, the longer one, i.e. the annual figure).
  A figure whose period ends before the deadline never decides a target.
* **met / partly met / not met**, with ``B`` the baseline, ``T`` the target
  and ``O`` the outturn: an *increase* is met when ``O >= T``, partly met when
  ``B < O < T``, not met when ``O <= B``; a *decrease* the same the other way
  round; a *maintain* target is met when ``O`` is at ``T`` or better (the
  metric's catalogue entry says whether higher or lower is better), else not
  met (there is no "partly" in keeping a level).
* Without an outturn: ``no_regional_outturn`` once the deadline has passed,
  ``not_due`` before.
* **National context**: the national (England and Wales) figure for the
  outturn's period, else for the period the deadline rule picks among the
  national figures; an England-only figure is added, labelled so, and never
  stands in for a national one.  The baseline is set against the national
  figure of the shortest recorded period containing the baseline month.
* A plan period ``2022-25`` gives years, not months: it has **begun** once
  its first year is over, and **ended** once its last year is over; during
  either year rrp says it does not know (``None``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rrpcli import schema
from rrpcli.ambition import TargetFigures
from rrpcli.model import PATHWAY_IDS, Plan, Target, format_day, format_month
from rrpcli.outcomes import (
    AREA_NAMES,
    ENGLAND,
    NATIONAL,
    Figure,
    Metric,
    Outcomes,
    Period,
    SeriesBreak,
    Source,
    comparable,
    date_month,
    month_index,
    month_name,
)
from rrpcli.wording import joined, plural

#: The statuses of a numeric target, in order from best to undecided.
STATUSES: tuple[str, ...] = ("met", "partly_met", "not_met", "no_regional_outturn", "not_due")

#: How each status reads in a sentence or a table.
STATUS_LABELS: dict[str, str] = {
    "met": "met",
    "partly_met": "partly met",
    "not_met": "not met",
    "no_regional_outturn": "no regional outturn recorded",
    "not_due": "not yet due",
}

#: Areas whose figures give context, in the order they are shown.
CONTEXT_AREAS: tuple[str, ...] = (NATIONAL, ENGLAND)

_EPSILON = 1e-9


@dataclass(eq=False, repr=False)
class SourceRef:
    """A figure's source, as a citation."""

    id: str
    title: str
    publisher: str
    published: str
    url: str

    @classmethod
    def of(cls, source: Source) -> SourceRef:
        """The citation of a declared source."""
        return cls(source.id, source.title, source.publisher, source.published, source.url)

    @property
    def citation(self) -> str:
        """``Publisher, Title (published 2024-07-25), URL``."""
        date = f" (published {self.published})" if self.published else ""
        return f"{self.publisher}, {self.title}{date}, {self.url}"

    def to_json(self) -> dict[str, Any]:
        """The source as a JSON object."""
        return {"id": self.id, "title": self.title, "publisher": self.publisher, "published": self.published or None,
                "url": self.url}  # fmt: skip


@dataclass(eq=False, repr=False)
class CitedFigure:
    """A recorded figure as a status uses it: value, area, period and citation."""

    metric: str
    area: str
    area_name: str
    period: Period
    value: float
    unit: str
    series: str
    notes: str
    quote: str
    source: SourceRef
    comparable_with_baseline: bool | None

    @property
    def label(self) -> str:
        """``England and Wales, 2023/24 (April 2023 – March 2024): 19.3%``."""
        return f"{self.area_name}, {self.period.label}: {percent(self.value)}"

    def to_json(self) -> dict[str, Any]:
        """The figure as a JSON object."""
        return {
            "metric": self.metric,
            "area": self.area,
            "area_name": self.area_name,
            **self.period.to_json(),
            "period_label": self.period.label,
            "value": self.value,
            "unit": self.unit,
            "series": self.series or None,
            "notes": self.notes or None,
            "quote": self.quote,
            "source": self.source.to_json(),
            "comparable_with_baseline": self.comparable_with_baseline,
        }


@dataclass(eq=False, repr=False)
class TargetStatus:
    """Where one numeric target stands as of a date."""

    region: str
    region_name: str
    pathway: str
    metric: str
    metric_name: str
    direction: str
    baseline: float
    baseline_date: str | None
    target: float
    deadline: str
    deadline_passed: bool
    status: str
    outturn: CitedFigure | None
    points_vs_target: float | None
    points_from_baseline: float | None
    progress_pct: float | None
    context: tuple[CitedFigure, ...]
    baseline_context: tuple[CitedFigure, ...]
    caveats: tuple[str, ...]
    text: str = ""  # the published target sentence

    @property
    def status_label(self) -> str:
        """The status in words: ``met``, ``partly met``, ``no regional outturn recorded``..."""
        return STATUS_LABELS[self.status]

    @property
    def summary(self) -> str:
        """The status in one or two plain sentences (no markup)."""
        return _summary(self)

    def to_json(self) -> dict[str, Any]:
        """The status as a JSON object (documented in docs/outcomes.md)."""
        return {
            "region": self.region,
            "region_name": self.region_name,
            "pathway": self.pathway,
            "metric": self.metric,
            "metric_name": self.metric_name,
            "direction": self.direction,
            "baseline": self.baseline,
            "baseline_date": self.baseline_date,
            "target": self.target,
            "deadline": self.deadline,
            "deadline_passed": self.deadline_passed,
            "status": self.status,
            "status_label": self.status_label,
            "outturn": self.outturn.to_json() if self.outturn else None,
            "points_vs_target": self.points_vs_target,
            "points_from_baseline": self.points_from_baseline,
            "progress_pct": self.progress_pct,
            "context": [f.to_json() for f in self.context],
            "baseline_context": [f.to_json() for f in self.baseline_context],
            "caveats": list(self.caveats),
            "summary": self.summary,
            "cell": status_cell(self),
            "context_summary": context_summary(self),
            "baseline_summary": baseline_summary(self),
            "text": self.text,
        }


@dataclass(eq=False, repr=False)
class PublicationRef:
    """When a plan was published, and who says so."""

    when: str
    quote: str
    notes: str
    source: SourceRef
    announced: bool = False  # the source, written before, says when the plans are due (not that they came out)

    @property
    def text(self) -> str:
        """``Due to launch in summer 2022 (HM Prison and Probation Service, May 2022).``

        Worded as the source says it: a source written before the plans came
        out attests only that they were due.
        """
        said = f", {format_month(self.source.published[:7])}" if self.source.published else ""
        what = "Due to launch in" if self.announced else "Published"
        return f"{what} {self.when} ({self.source.publisher}{said})."

    def to_json(self) -> dict[str, Any]:
        """The publication record as a JSON object."""
        return {"when": self.when, "quote": self.quote, "notes": self.notes or None, "source": self.source.to_json(),
                "announced": self.announced}  # fmt: skip


@dataclass(eq=False, repr=False)
class PlanStatus:
    """A plan's period, publication and numeric targets, as of a date."""

    region: str
    region_name: str
    revision: str
    as_of: str
    period: str
    first_year: int
    last_year: int
    period_started: bool | None
    period_ended: bool | None
    publication: PublicationRef | None
    targets: tuple[TargetStatus, ...]
    publication_unknown: bool = False  # a source says when, but it came out after the as-of date

    @property
    def period_text(self) -> str:
        """The plan period's state in a sentence."""
        p, first, last = self.period, self.first_year, self.last_year
        if self.period_ended:
            return f"The plan period {p} has ended."
        if self.period_ended is None:
            return f"The plan period {p} ends during {last}; the plan gives no end month."
        if self.period_started:
            return f"The plan period {p} is running; it ends in {last}."
        if self.period_started is None:
            return f"The plan period {p} begins during {first}; the plan gives no start month."
        return f"The plan period {p} has not begun."

    @property
    def publication_text(self) -> str:
        """When the plan was published, with who says so; or that nobody does."""
        if self.publication is None:
            if self.publication_unknown:
                return f"Publication date: not known as of {self.as_of_text} (rrp's source came out later)."
            return "Publication date: not given in the published text."
        return self.publication.text

    @property
    def deadlines_passed(self) -> int:
        """How many of the numeric targets' deadlines have passed."""
        return sum(t.deadline_passed for t in self.targets)

    def counts(self) -> dict[str, int]:
        """How many targets have each status."""
        return {s: sum(t.status == s for t in self.targets) for s in STATUSES}

    @property
    def as_of_text(self) -> str:
        """The as-of date in words: ``15 January 2026``."""
        return format_day(self.as_of)

    @property
    def deadlines_text(self) -> str:
        """Whether the numeric targets' deadlines have passed, in a sentence."""
        return deadlines_sentence(self.targets)

    @property
    def outturns_text(self) -> str:
        """What the recorded outturns say about the numeric targets, in a sentence; empty without targets."""
        return outturns_sentence(self.targets)

    @property
    def outturns_brief(self) -> str:
        """``1 of 5``, ``all 5``, ``none of 5``: for how many numeric targets a regional outturn is recorded."""
        count, counts = len(self.targets), self.counts()
        recorded = count - counts["no_regional_outturn"] - counts["not_due"]
        return f"all {count}" if recorded == count else f"{recorded or 'none'} of {count}"

    @property
    def line(self) -> str:
        """The period, the publication and the targets' deadlines and outturns, in a few sentences."""
        parts = (self.period_text, self.publication_text, self.deadlines_text, self.outturns_text)
        return " ".join(p for p in parts if p)

    def to_json(self) -> dict[str, Any]:
        """The plan's status as a JSON object (documented in docs/outcomes.md)."""
        return {
            "region": self.region,
            "region_name": self.region_name,
            "revision": self.revision,
            "as_of": self.as_of,
            "period": self.period,
            "first_year": self.first_year,
            "last_year": self.last_year,
            "period_started": self.period_started,
            "period_ended": self.period_ended,
            "period_text": self.period_text,
            "publication": self.publication.to_json() if self.publication else None,
            "publication_text": self.publication_text,
            "numeric_targets": len(self.targets),
            "deadlines_passed": self.deadlines_passed,
            "counts": self.counts(),
            "targets": [t.to_json() for t in self.targets],
            "as_of_text": self.as_of_text,
            "deadlines_text": self.deadlines_text,
            "outturns_text": self.outturns_text,
            "line": self.line,
        }


def deadlines_sentence(targets: Sequence[TargetStatus], *, months: bool = True) -> str:
    """Whether these numeric targets' deadlines have passed, in a sentence (one plan's, or several plans' together).

    Without ``months``, a sentence that all have passed leaves out their months (a table beside it gives them).
    """
    count, passed = len(targets), sum(t.deadline_passed for t in targets)
    if not count:
        return "The plan sets no numeric targets."
    when = joined([format_month(m) for m in sorted({t.deadline for t in targets})])
    if passed == count:
        which = f" ({when})" if months else ""
        if count == 1:
            return f"The deadline of the one numeric target{which} has passed."
        return f"The deadlines of all {count} numeric targets{which} have passed."
    if not passed:
        return f"No deadline of the {count} numeric {plural(count, 'target', 'targets')} ({when}) has passed yet."
    upcoming = min(t.deadline for t in targets if not t.deadline_passed)
    verb = "has" if passed == 1 else "have"
    return f"{passed} of the {count} numeric targets' deadlines {verb} passed; the next is {format_month(upcoming)}."


def outturns_sentence(targets: Sequence[TargetStatus]) -> str:
    """What the recorded outturns say about these numeric targets, in a sentence; empty without targets."""
    count = len(targets)
    if not count:
        return ""
    counts = {s: sum(t.status == s for t in targets) for s in STATUSES}
    if counts["no_regional_outturn"] == count:
        return "No numeric target has a regional outturn recorded."
    if counts["not_due"] == count:
        return ""  # the deadlines sentence has said it
    judged = [f"{counts[s]} {STATUS_LABELS[s]}" for s in ("met", "partly_met", "not_met") if counts[s]]
    due = f"; {counts['not_due']} not yet due" if counts["not_due"] else ""
    if not judged:
        due_now = counts["no_regional_outturn"]
        return f"No regional outturn is recorded for the {due_now} {plural(due_now, 'target', 'targets')} due{due}."
    recorded = count - counts["no_regional_outturn"] - counts["not_due"]
    which = f"all {count}" if recorded == count else f"{recorded} of {count}"
    return f"Regional outturns for {which} numeric {plural(count, 'target', 'targets')}: {joined(judged)}{due}."


@dataclass(eq=False)
class SharedStatus:
    """Several plans' statuses in sentences: what they have in common, said once, then each plan's own.

    A sentence is common when every plan's own sentence reads the same; a
    common sentence about the targets then counts all the plans' targets
    together ("all 10 numeric targets" for two plans of five), since it is
    said of the plans as a group.
    """

    common: tuple[str, ...]  # in order: period, publication, deadlines, outturns (those in common, non-empty)
    common_parts: tuple[str, ...]  # which of those four parts are in common: "period", "publication", ...
    own: tuple[tuple[PlanStatus, str], ...]  # each plan's remaining sentences, one text ("" when none)

    @property
    def common_text(self) -> str:
        """The sentences in common, as one text."""
        return " ".join(self.common)

    def to_json(self) -> dict[str, Any]:
        """For templates: ``common`` text, ``common_parts``, and ``own`` texts by region code."""
        return {"common": self.common_text, "common_parts": list(self.common_parts),
                "own": {p.region: text for p, text in self.own}}  # fmt: skip


#: The four sentences of a plan's status, in the order they are said.
STATUS_PARTS = ("period", "publication", "deadlines", "outturns")


def shared_status(statuses: Sequence[PlanStatus], *, months: bool = True) -> SharedStatus:
    """What several plans' statuses say in common (counted over all of them), and what each says of its own.

    Without ``months``, that all of a plan's deadlines have passed is said without their months
    (for a view whose table gives every target's deadline).
    """
    each = [
        (p.period_text, p.publication_text, deadlines_sentence(p.targets, months=months), p.outturns_text)
        for p in statuses
    ]
    together = [t for p in statuses for t in p.targets]
    shared = [i for i in range(4) if each and len({s[i] for s in each}) == 1]
    group = (
        {2: deadlines_sentence(together, months=months), 3: outturns_sentence(together)} if len(statuses) > 1 else {}
    )
    common = tuple(text for i in shared if (text := group.get(i, each[0][i])))
    own = tuple(
        (p, " ".join(s[i] for i in range(4) if i not in shared and s[i])) for p, s in zip(statuses, each, strict=True)
    )
    return SharedStatus(common, tuple(STATUS_PARTS[i] for i in shared), own)


# -- computing -------------------------------------------------------------------------------------------------------


def plans_status(plans: Iterable[Plan], outcomes: Outcomes, as_of: datetime.date) -> list[PlanStatus]:
    """The status of each plan, as of a date."""
    known = outcomes.known_on(as_of)
    return [_plan_status(plan, outcomes, known, as_of) for plan in plans]


def plan_status(plan: Plan, outcomes: Outcomes, as_of: datetime.date) -> PlanStatus:
    """One plan's period, publication and numeric targets, as of a date."""
    return _plan_status(plan, outcomes, outcomes.known_on(as_of), as_of)


def _plan_status(plan: Plan, outcomes: Outcomes, known: Outcomes, as_of: datetime.date) -> PlanStatus:
    """The status from what was ``known`` on the as-of date (``outcomes``: all, to tell what came out later)."""
    first, last = period_years(plan.meta.period)
    started = _year_over(first, as_of)
    ended = _year_over(last, as_of)
    pub = known.publication_of(plan)
    source = known.source(pub.source) if pub else None
    publication = (
        PublicationRef(pub.when, pub.quote, pub.notes, SourceRef.of(source), pub.announced) if pub and source else None
    )
    later = publication is None and outcomes.publication_of(plan) is not None
    targets = tuple(
        target_status(plan, pid, t, known, as_of)
        for pid in PATHWAY_IDS
        if (p := getattr(plan.pathways, pid)) is not None
        for t in p.targets
        if _numeric(t)
    )
    return PlanStatus(
        region=plan.meta.code,
        region_name=plan.meta.region,
        revision=plan.meta.revision,
        as_of=as_of.isoformat(),
        period=plan.meta.period,
        first_year=first,
        last_year=last,
        period_started=started,
        period_ended=ended,
        publication=publication,
        targets=targets,
        publication_unknown=later,
    )


class StatusIndex:
    """Each numeric target's status, found from the target's row by region, pathway and published sentence."""

    def __init__(self, statuses: Iterable[PlanStatus]) -> None:
        self._by_target = {(t.region, t.pathway, t.text): t for p in statuses for t in p.targets}

    def of(self, row: TargetFigures) -> TargetStatus | None:
        """The status of a target's row; None for a qualitative target, which has none."""
        if row.kind == "qualitative":
            return None
        return self._by_target.get((row.region, row.pathway, row.text))


def target_rows_json(rows: Iterable[TargetFigures], statuses: Iterable[PlanStatus]) -> list[dict[str, Any]]:
    """The ``rrp targets --format json`` rows: each target's figures, then its ``status`` (null if qualitative)."""
    index = StatusIndex(statuses)
    out = []
    for row in rows:
        found = index.of(row)
        out.append({**row.to_json(), "status": found.to_json() if found is not None else None})
    return out


def plan_metrics(plans: Iterable[Plan]) -> list[str]:
    """The metrics of the plans' numeric targets, in first-seen order."""
    found: dict[str, None] = {}
    for plan in plans:
        for _pid, target in plan.all_targets():
            if _numeric(target):
                found.setdefault(target.metric)
    return list(found)


def metrics_json(plans: Iterable[Plan], outcomes: Outcomes) -> dict[str, dict[str, Any]]:
    """The catalogue entries of the plans' metrics, by id (a metric without an entry is left out).

    Each entry is the ``[[metric]]`` table as the outcome files give it, every
    key present, plus ``citations``: its sources as ``{"id", "title",
    "publisher", "published", "url"}``.
    """
    out: dict[str, dict[str, Any]] = {}
    for metric_id in plan_metrics(plans):
        metric = outcomes.metric(metric_id)
        if metric is not None:
            data: dict[str, Any] = schema.to_data(metric, keep_defaults=True)
            data["citations"] = [SourceRef.of(outcomes.source(s)).to_json() for s in metric.sources]
            out[metric_id] = data
    return out


def period_years(period: str) -> tuple[int, int]:
    """``"2022-25"`` as ``(2022, 2025)``: the second year in the first one's century, or the next."""
    first = int(period[:4])
    last = first // 100 * 100 + int(period[5:7])
    return first, last + 100 if last < first else last


def _year_over(year: int, as_of: datetime.date) -> bool | None:
    """True once the year is over, False before it begins, None during it (rrp knows no month)."""
    if as_of.year > year:
        return True
    return None if as_of.year == year else False


def _numeric(target: Target) -> bool:
    return not target.qualitative and target.target is not None and target.deadline is not None and bool(target.metric)


def deadline_passed(deadline: str, as_of: datetime.date) -> bool:
    """True once the whole deadline month is over."""
    return date_month(as_of) > month_index(deadline)


def target_status(plan: Plan, pathway: str, target: Target, outcomes: Outcomes, as_of: datetime.date) -> TargetStatus:
    """Where one numeric target stands as of a date.

    ``outcomes`` should already hold only what was known on ``as_of``
    (:meth:`~rrpcli.outcomes.Outcomes.known_on`); :func:`plan_status` does that.
    """
    assert target.target is not None and target.deadline is not None and target.direction is not None
    metric = outcomes.metric(target.metric)
    goal = float(target.target)
    # A maintain target's sentence gives only the level kept: that level is its baseline (as in rrp targets).
    baseline = float(target.baseline) if target.baseline is not None else goal
    deadline = month_index(target.deadline)
    base_month = month_index(target.baseline_date) if target.baseline_date else None
    breaks = metric.breaks if metric else ()

    def cite(fig: Figure, area_name: str) -> CitedFigure:
        base_period = Period("", "month", base_month, base_month) if base_month is not None else None
        return CitedFigure(
            metric=fig.metric,
            area=fig.area,
            area_name=area_name,
            period=fig.span,
            value=float(fig.value),
            unit=fig.unit,
            series=fig.series,
            notes=fig.notes,
            quote=fig.quote,
            source=SourceRef.of(outcomes.source(fig.source)),
            comparable_with_baseline=comparable(fig.span, base_period, breaks) if base_period else None,
        )

    regional = first_at_or_after(outcomes.figures_for(target.metric, plan.meta.code), deadline)
    outturn = cite(regional, plan.meta.region) if regional else None
    context = tuple(
        cite(fig, AREA_NAMES[area])
        for area in CONTEXT_AREAS
        if (fig := _context_figure(outcomes.figures_for(target.metric, area), regional, deadline)) is not None
    )
    baseline_context = tuple(
        cite(fig, AREA_NAMES[area])
        for area in CONTEXT_AREAS
        if base_month is not None
        and (fig := containing(outcomes.figures_for(target.metric, area), base_month)) is not None
    )
    passed = deadline_passed(target.deadline, as_of)
    status, vs_target, from_baseline, progress = _judge(
        target.direction, baseline, goal, outturn.value if outturn else None, metric, passed
    )
    return TargetStatus(
        region=plan.meta.code,
        region_name=plan.meta.region,
        pathway=pathway,
        metric=target.metric,
        metric_name=metric.name if metric else target.metric,
        direction=target.direction,
        baseline=baseline,
        baseline_date=target.baseline_date,
        target=goal,
        deadline=target.deadline,
        deadline_passed=passed,
        status=status,
        outturn=outturn,
        points_vs_target=vs_target,
        points_from_baseline=from_baseline,
        progress_pct=progress,
        context=context,
        baseline_context=baseline_context,
        caveats=_caveats(target, outturn, context, breaks),
        text=target.text,
    )


def first_at_or_after(figures: Sequence[Figure], month: int) -> Figure | None:
    """The first figure whose period ends in or after the month (earliest end; on a tie, the longer period)."""
    found = [f for f in figures if f.span.end >= month]
    return min(found, key=lambda f: (f.span.end, f.span.start)) if found else None


def containing(figures: Sequence[Figure], month: int) -> Figure | None:
    """The figure of the shortest period that contains the month."""
    found = [f for f in figures if f.span.contains(month)]
    return min(found, key=lambda f: (f.span.end - f.span.start, f.span.end)) if found else None


def _context_figure(figures: Sequence[Figure], regional: Figure | None, deadline: int) -> Figure | None:
    if regional is not None:
        same = [f for f in figures if (f.span.start, f.span.end) == (regional.span.start, regional.span.end)]
        if same:
            return same[0]
    return first_at_or_after(figures, deadline)


def _judge(
    direction: str, baseline: float, goal: float, outturn: float | None, metric: Metric | None, passed: bool
) -> tuple[str, float | None, float | None, float | None]:
    """(status, points vs target, points from baseline, progress %) of an outturn."""
    if outturn is None:
        return ("no_regional_outturn" if passed else "not_due"), None, None, None
    vs_target = round(outturn - goal, 2)
    from_baseline = round(outturn - baseline, 2)
    if direction == "maintain":
        higher = metric is None or metric.better == "higher"
        kept = outturn >= goal - _EPSILON if higher else outturn <= goal + _EPSILON
        return ("met" if kept else "not_met"), vs_target, from_baseline, None
    sign = 1 if direction == "increase" else -1
    promised = goal - baseline
    progress = round((outturn - baseline) / promised * 100, 1) if promised else None
    if sign * (outturn - goal) >= -_EPSILON:
        status = "met"
    elif sign * (outturn - baseline) > _EPSILON:
        status = "partly_met"
    else:
        status = "not_met"
    return status, vs_target, from_baseline, progress


def _caveats(
    target: Target, outturn: CitedFigure | None, context: Sequence[CitedFigure], breaks: Sequence[SeriesBreak]
) -> tuple[str, ...]:
    out: list[str] = []
    assert target.deadline is not None
    deadline = month_index(target.deadline)
    if outturn is not None:
        if outturn.period.start < deadline:
            out.append(
                f"The outturn period {outturn.period.label} includes months before the deadline "
                f"({format_month(target.deadline)})."
            )
        if outturn.comparable_with_baseline is False:
            out.append(f"A series break lies between the baseline and the outturn{_break_months(breaks)}: "
                       "the two are not comparable.")  # fmt: skip
        for fig in context:
            if (fig.period.start, fig.period.end) != (outturn.period.start, outturn.period.end):
                out.append(f"The {fig.area_name} figure covers {fig.period.label}, not the outturn's period.")
    for fig in context:
        if fig.comparable_with_baseline is False:
            out.append(
                f"The {fig.area_name} figure for {fig.period.text} follows a series break{_break_months(breaks)}: "
                "it is not comparable with the baseline."
            )
    return tuple(out)


def _break_months(breaks: Sequence[SeriesBreak]) -> str:
    months = [month_name(month_index(b.month)) for b in breaks]
    return f" ({', '.join(months)})" if months else ""


# -- words -----------------------------------------------------------------------------------------------------------


def percent(value: float) -> str:
    """``19.3%``, ``43%``."""
    return f"{value:g}%"


def points(value: float) -> str:
    """``1 point``, ``2.5 points`` (unsigned)."""
    size = abs(value)
    return f"{size:g} point" if abs(size - 1) < _EPSILON else f"{size:g} points"


def _above_below(value: float, what: str) -> str:
    if abs(value) < _EPSILON:
        return f"at {what}"
    return f"{points(value)} {'above' if value > 0 else 'below'} {what}"


def _summary(s: TargetStatus) -> str:
    deadline = format_month(s.deadline)
    if s.outturn is None:
        if s.status == "not_due":
            return f"Not yet due: the deadline is {deadline}."
        return f"No regional outturn recorded (the deadline, {deadline}, has passed)."
    o = s.outturn
    assert s.points_vs_target is not None and s.points_from_baseline is not None
    start = f"{STATUS_LABELS[s.status].capitalize()}: {percent(o.value)} in {o.period.label}, "
    target = _above_below(s.points_vs_target, f"the {percent(s.target)} target")
    when = f" ({format_month(s.baseline_date)})" if s.baseline_date else ""
    if s.direction == "maintain":
        return start + target + "."
    baseline = _above_below(s.points_from_baseline, f"the {percent(s.baseline)} baseline{when}")
    text = start + f"{target}; {baseline}"
    if s.status == "partly_met" and s.progress_pct is not None:
        text += f" ({s.progress_pct:g}% of the promised change)"
    return text + "."


def context_summary(s: TargetStatus) -> str:
    """The national (and England-only) figures beside a target, in a sentence; empty when none is recorded."""
    parts = [f"{f.area_name} {f.period.text}: {percent(f.value)}" for f in s.context]
    return "; ".join(parts) + "." if parts else ""


def baseline_summary(s: TargetStatus) -> str:
    """The baseline against the national figure of its period, in a sentence."""
    if not s.baseline_date:
        return ""
    when = format_month(s.baseline_date)
    if not s.baseline_context:
        return (
            f"Baseline {percent(s.baseline)} ({when}); no national figure is recorded for a period containing {when}."
        )
    parts = [f"{f.area_name} {f.period.text}: {percent(f.value)}" for f in s.baseline_context]
    return f"Baseline {percent(s.baseline)} ({when}); " + "; ".join(parts) + "."


def status_cell(s: TargetStatus) -> str:
    """A target's status in a few words, for a table cell, with the outturn it rests on and that outturn's period.

    ``met: 90.4% in 2023/24, 0.4 pp over target``, ``met: 90% in 2023/24, at target``,
    ``partly met: 88.5% in 2023/24, 1.5 pp short``, ``not met: 88.1% in 2023/24, 1.9 pp short``,
    ``no regional outturn recorded`` or ``not yet due``: "met" is never said without the figure and
    the period it was judged on (a July 2023 target is judged on April 2023 – March 2024 data).
    """
    if s.points_vs_target is None or s.outturn is None:
        return s.status_label
    gap = abs(s.points_vs_target)
    judged = f"{s.status_label}: {percent(s.outturn.value)} in {s.outturn.period.text}"
    if s.status != "met":
        return f"{judged}, {gap:g} pp short"
    if gap < _EPSILON:
        return f"{judged}, at target"
    return f"{judged}, {gap:g} pp {'over' if s.points_vs_target > 0 else 'under'} target"


def figure_cell(fig: CitedFigure | None) -> str:
    """A cited figure for a table cell, with its period: ``85.7% (2023/24)``; ``–`` for none."""
    return f"{percent(fig.value)} ({fig.period.text})" if fig is not None else "–"


def context_figure(s: TargetStatus, area: str = NATIONAL) -> CitedFigure | None:
    """The context figure of an area (``national`` or ``england``) beside a target, if one is recorded."""
    return next((f for f in s.context if f.area == area), None)


def plan_status_line(p: PlanStatus) -> str:
    """A plan's name, period, publication, deadlines and outturns in a paragraph, as every view states them."""
    return f"{p.region_name} ({p.region}): {p.line}"
