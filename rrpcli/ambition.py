"""How ambitious each numeric target is (``rrp targets``).

For every target this computes the change it promises, relative to where it
starts, per year, and as a share of what was left to gain, and grades it with
one simple, documented rule (:func:`grade`).  Across regions, targets on the
same metric are grouped and ranked.

All percentages are in percent and changes in percentage points (pp).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from rrpcli.errors import RrpError
from rrpcli.model import PATHWAY_IDS, Plan, Target, months_between
from rrpcli.sentences import parse_target_sentence

#: Grade thresholds, in the order they are tested (documented in the README).
STRETCHING_GAP_PCT = 25.0  # closes a quarter or more of the remaining gap
STRETCHING_PP_PER_YEAR = 10.0  # or moves 10 pp a year or more
MODEST_GAP_PCT = 10.0  # closes less than a tenth of the gap
MODEST_PP_PER_YEAR = 3.0  # and moves less than 3 pp a year

#: Grades from the least to the most ambitious (the order of ``--sort grade``).
GRADES = ("maintain", "met", "modest", "moderate", "stretching")

#: Fields ``rrp targets --sort`` accepts (the JSON keys).
SORT_FIELDS = (
    "region", "pathway", "metric", "kind", "baseline", "baseline_date", "target", "deadline", "change_pp",
    "relative_change_pct", "months", "pp_per_year", "gap_closed_pct", "grade",
)  # fmt: skip


@dataclass
class TargetFigures:
    """One target of one plan, with its ambition figures.

    ``None`` wherever a figure does not apply: a qualitative target has no
    numbers; a maintain target whose sentence gives no baseline date has no
    months; a baseline of 0 has no relative change.
    """

    region: str
    region_name: str
    pathway: str
    metric: str
    measure: str
    kind: str
    text: str
    baseline: float | None
    baseline_date: str | None
    target: float | None
    deadline: str | None
    change_pp: float | None
    relative_change_pct: float | None
    months: int | None
    pp_per_year: float | None
    gap_closed_pct: float | None
    grade: str | None
    rank: int | None = None
    same_end_value: bool | None = None

    def to_json(self) -> dict[str, Any]:
        """The row as a JSON object: the ``rrp targets --format json`` contract."""
        return dict(vars(self))

    @property
    def ambition(self) -> tuple[float, float]:
        """A sort key: larger is more ambitious (gap closed, then pace)."""
        return (self.gap_closed_pct or 0.0, abs(self.pp_per_year or 0.0))


def _round(value: float | None, places: int = 1) -> float | None:
    return None if value is None else round(value, places)


def grade(kind: str, change_pp: float | None, gap_closed_pct: float | None, pp_per_year: float | None) -> str | None:
    """The ambition grade of a target.

    * qualitative targets have no grade (None);
    * ``maintain``: the target keeps the current level;
    * ``met``: an increase or decrease of 0 pp, i.e. already met;
    * ``stretching``: closes at least 25% of the remaining gap, or moves 10 pp a year or more;
    * ``modest``: closes less than 10% of the gap and moves less than 3 pp a year;
    * ``moderate``: everything in between.
    """
    if kind == "qualitative":
        return None
    if kind == "maintain":
        return "maintain"
    if not change_pp:
        return "met"
    gap = gap_closed_pct if gap_closed_pct is not None else 100.0
    pace = abs(pp_per_year) if pp_per_year is not None else 0.0
    if gap >= STRETCHING_GAP_PCT or pace >= STRETCHING_PP_PER_YEAR:
        return "stretching"
    if gap < MODEST_GAP_PCT and pace < MODEST_PP_PER_YEAR:
        return "modest"
    return "moderate"


def figures(plan: Plan, pathway: str, target: Target) -> TargetFigures:
    """The ambition figures of one target of a plan."""
    # Imported here: a cached comparison uses the ranking below without parsing any sentence.

    measure = (parse_target_sentence(target.text).measure or target.metric or "").removeprefix("the ")
    base = {
        "region": plan.meta.code,
        "region_name": plan.meta.region,
        "pathway": pathway,
        "metric": target.metric or None,
        "measure": measure,
        "text": target.text,
    }
    if target.qualitative or target.direction is None or target.target is None:
        nothing = dict.fromkeys(
            ("baseline", "baseline_date", "target", "deadline", "change_pp", "relative_change_pct", "months",
             "pp_per_year", "gap_closed_pct", "grade"),
        )  # fmt: skip
        return TargetFigures(kind="qualitative", **base, **nothing)  # type: ignore[arg-type]
    kind = target.direction
    goal = float(target.target)
    # A maintain target's sentence gives only the level kept: that level is its baseline.
    baseline = float(target.baseline) if target.baseline is not None else goal
    change = goal - baseline
    months = months_between(target.baseline_date, target.deadline) if target.baseline_date and target.deadline else None
    relative = change / baseline * 100 if baseline else None
    per_year = change / months * 12 if months else None
    if kind == "decrease":
        room = baseline  # the most a decrease can gain is down to 0%
    elif kind == "increase":
        room = 100.0 - baseline
    else:
        room = None
    gap = (abs(change) / room * 100 if room else None) if kind != "maintain" else 0.0
    return TargetFigures(
        kind=kind,
        baseline=baseline,
        baseline_date=target.baseline_date,
        target=goal,
        deadline=target.deadline,
        change_pp=_round(change, 2),
        relative_change_pct=_round(relative),
        months=months,
        pp_per_year=_round(per_year, 2),
        gap_closed_pct=_round(gap),
        grade=grade(kind, change, gap, per_year),
        **base,  # type: ignore[arg-type]
    )


def target_figures(plans: Iterable[Plan], pathway: str | None = None) -> list[TargetFigures]:
    """Every target of the plans (optionally of one pathway), ranked within its metric.

    Rows come in published order: pathway by pathway, plan by plan.
    """
    return ranked(in_published_order([plan_figures(plan, pathway) for plan in plans]))


def plan_figures(plan: Plan, pathway: str | None = None) -> list[TargetFigures]:
    """The figures of one plan's targets (optionally of one pathway), in published order, not ranked."""
    return [
        figures(plan, pid, t)
        for pid in PATHWAY_IDS
        if pathway in (None, pid) and (p := getattr(plan.pathways, pid)) is not None
        for t in p.targets
    ]


def in_published_order(per_plan: Sequence[Sequence[TargetFigures]]) -> list[TargetFigures]:
    """Several plans' rows (from :func:`plan_figures`) pathway by pathway, plan by plan."""
    return [r for pid in PATHWAY_IDS for rows in per_plan for r in rows if r.pathway == pid]


def ranked(rows: Sequence[TargetFigures]) -> list[TargetFigures]:
    """The rows with ``rank`` and ``same_end_value`` filled in, among these rows."""
    ranks = {id(r): (g.rank_of(r), g.same_end_value) for g in group_by_metric(rows) for r in g.rows}
    return [replace(r, rank=ranks[id(r)][0], same_end_value=ranks[id(r)][1]) if id(r) in ranks else r for r in rows]


@dataclass
class MetricGroup:
    """The targets of several regions on one metric, most ambitious first."""

    metric: str
    measure: str
    pathway: str
    rows: list[TargetFigures] = field(default_factory=list)

    @property
    def regions(self) -> list[str]:
        """Region codes, most ambitious first."""
        return [r.region for r in self.rows]

    @property
    def baseline_gap_pp(self) -> float | None:
        """How far apart the regions start (highest baseline minus lowest), or None for one region."""
        values = [r.baseline for r in self.rows if r.baseline is not None]
        return round(max(values) - min(values), 2) if len(values) > 1 else None

    @property
    def same_end_value(self) -> bool | None:
        """True when two or more regions aim at the same target value; None for one region."""
        values = {r.target for r in self.rows}
        return (len(values) == 1) if len(self.rows) > 1 else None

    def rank_of(self, row: TargetFigures) -> int:
        """1 for the most ambitious target of the group; ties share a rank."""
        return 1 + sum(1 for r in self.rows if r.ambition > row.ambition)

    def to_json(self) -> dict[str, Any]:
        """The group as a JSON object."""
        return {
            "metric": self.metric,
            "measure": self.measure,
            "pathway": self.pathway,
            "regions": self.regions,
            "baseline_gap_pp": self.baseline_gap_pp,
            "same_end_value": self.same_end_value,
            "end_values": {r.region: r.target for r in self.rows},
        }


def group_by_metric(rows: Sequence[TargetFigures]) -> list[MetricGroup]:
    """Numeric targets grouped by metric (in first-seen order), each ranked by ambition."""
    groups: dict[str, MetricGroup] = {}
    for r in rows:
        if r.kind == "qualitative" or r.metric is None:
            continue
        group = groups.setdefault(r.metric, MetricGroup(r.metric, r.measure, r.pathway))
        group.rows.append(r)
    for g in groups.values():
        g.rows.sort(key=lambda r: (-r.ambition[0], -r.ambition[1], r.region))
    return list(groups.values())


def sort_rows(rows: Sequence[TargetFigures], key: str) -> list[TargetFigures]:
    """Rows sorted by a JSON field, ascending, or descending with a leading ``-``; empty values last."""
    descending = key.startswith("-")
    name = key.lstrip("-")
    if name not in SORT_FIELDS:
        raise RrpError(f'cannot sort by "{name}"; sort fields are: {", ".join(SORT_FIELDS)}')
    present = [r for r in rows if getattr(r, name) is not None]
    missing = [r for r in rows if getattr(r, name) is None]
    if name == "pathway":
        order = {p: i for i, p in enumerate(PATHWAY_IDS)}
        present.sort(key=lambda r: order[r.pathway], reverse=descending)
    elif name == "grade":
        present.sort(key=lambda r: GRADES.index(str(r.grade)), reverse=descending)
    else:
        present.sort(key=lambda r: getattr(r, name), reverse=descending)
    return present + missing
