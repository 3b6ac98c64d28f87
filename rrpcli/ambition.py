"""How ambitious each numeric target is (``rrp targets``).

For every target this computes the change it promises, relative to where it
starts, per year, and as a share of what was left to gain, and grades it with
one simple, documented rule (:func:`grade`).  Across regions, targets on the
same metric are grouped and ranked.

All percentages are in percent and changes in percentage points (pp).

Claims about the ranking (:func:`metric_lead`, :func:`leads_sentence`) say
what a bare "most ambitious" would hide: a tie is called a tie, a leader that
starts lower (further from the goal) or aims at the same end value as
another region says so, and when one target closes more of its gap while
another moves faster, both are named.  :func:`grade_explanation` says what
the gap is and how gap and pace make a grade, in the words every view uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from rrpcli.errors import RrpError
from rrpcli.model import PATHWAY_IDS, Plan, Target, format_month, months_between
from rrpcli.sentences import parse_target_sentence
from rrpcli.wording import counted, joined

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


@dataclass(eq=False, repr=False)
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
    plan_year: str = ""  # the year the plan states its figures in (:func:`plan_year`): the date of an undated level

    @property
    def start(self) -> str:
        """The baseline with its date: ``18% (Mar 2022)``, or the plan's year without a month: ``29% (2022)``."""
        if self.baseline is None:
            return "–"
        when = format_month(self.baseline_date, short=True) if self.baseline_date else self.plan_year
        return f"{self.baseline:g}% ({when})" if when else f"{self.baseline:g}%"

    @property
    def grade_label(self) -> str | None:
        """The grade as the views print it: ``already met`` for ``met`` (not to be read as a status), else the grade."""
        return grade_label(self.grade)

    def to_json(self) -> dict[str, Any]:
        """The row as a JSON object: the ``rrp targets --format json`` contract."""
        return {**vars(self), "start": self.start, "grade_label": self.grade_label}

    @property
    def ambition(self) -> tuple[float, float]:
        """A sort key: larger is more ambitious (gap closed, then pace)."""
        return (self.gap_closed_pct or 0.0, abs(self.pp_per_year or 0.0))


#: What each grade means, in the words of :func:`grade_explanation`.
GRADE_MEANINGS: dict[str, str] = {
    "stretching": f"stretching: {STRETCHING_GAP_PCT:g}% of the gap or {STRETCHING_PP_PER_YEAR:g} pp a year, or more",
    "modest": f"modest: under {MODEST_GAP_PCT:g}% and under {MODEST_PP_PER_YEAR:g} pp a year",
    "moderate": "moderate: between",
    "maintain": "maintain: keeps a level",
    "met": "already met: already there (0 pp)",
}

#: How a grade is printed where it differs from its JSON value: the grade ``met`` (0 pp to go) reads
#: ``already met``, so that it is never taken for the status "met" (an outturn at or over the target).
GRADE_LABELS: dict[str, str] = {"met": "already met"}


def grade_label(grade: str | None) -> str | None:
    """A grade's printed word (:data:`GRADE_LABELS`); None for no grade."""
    return None if grade is None else GRADE_LABELS.get(grade, grade)


def grade_explanation(grades: Iterable[str | None] | None = None, *, decrease: bool = True) -> str:
    """What the gap closed is and how gap and pace make a grade, in a few lines (from the thresholds above).

    ``grades`` limits the explanation to the grades shown (all when None);
    ``moderate`` always comes with the two it lies between.  ``decrease``:
    say what the gap is for a decrease too.
    """
    shown = set(GRADES) if grades is None else {g for g in grades if g}
    if "moderate" in shown:
        shown |= {"stretching", "modest"}
    order = ("stretching", "modest", "moderate", "maintain", "met")
    meanings = "; ".join(GRADE_MEANINGS[g] for g in order if g in shown)
    down = " (0% for a decrease)" if decrease else ""
    gap = f"Gap closed: the share of the distance from its baseline to 100%{down} that a target closes."
    return f"{gap} {meanings[:1].upper()}{meanings[1:]}." if meanings else gap


def plan_year(plan: Plan) -> str:
    """The year a plan states its figures in: its revision when that is a year (``2022``), else its period's first."""
    revision = plan.meta.revision.strip()
    return revision if re.fullmatch(r"(19|20)[0-9]{2}", revision) else plan.meta.period[:4]


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
        "plan_year": plan_year(plan),
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


@dataclass(eq=False, repr=False)
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


# -- claims about the ranking ---------------------------------------------------------------------------------------


@dataclass(eq=False, repr=False)
class MetricLead:
    """Who ranks first on one metric, and what qualifies the lead.

    ``leaders`` are the regions ranked first (two or more: a tie).  The
    qualifiers compare the leaders with every other region of the metric:
    ``starts_further`` when each leader starts further from its goal than
    every other region (``lower``, or ``higher`` for a decrease: ``further``
    says which); ``same_end`` the other regions aiming at a leader's end
    value; ``faster`` the other regions whose targets move more points a
    year than every leader's.
    """

    metric: str
    measure: str
    pathway: str
    leaders: list[str]
    others: list[str]
    starts_further: bool
    further: str
    same_end: list[str]
    faster: list[str]
    text: str

    @property
    def tie(self) -> bool:
        """True when two or more regions share the first rank."""
        return len(self.leaders) > 1

    def to_json(self) -> dict[str, Any]:
        """The lead as a JSON object."""
        return {
            "metric": self.metric,
            "measure": self.measure,
            "pathway": self.pathway,
            "leaders": self.leaders,
            "others": self.others,
            "tie": self.tie,
            "starts_further": self.starts_further,
            "further": self.further,
            "same_end": self.same_end,
            "faster": self.faster,
            "text": self.text,
        }


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:g}%"


def _names(rows: Sequence[TargetFigures]) -> str:
    return joined([r.region_name for r in rows])


def _pace(row: TargetFigures) -> float:
    return abs(row.pp_per_year or 0.0)


def metric_lead(group: MetricGroup) -> MetricLead | None:
    """The claim about one metric's ranking (rows most ambitious first); None with only one region."""
    if len(group.rows) < 2:
        return None
    best = group.rows[0].ambition
    leaders = [r for r in group.rows if r.ambition == best]
    others = [r for r in group.rows if r.ambition != best]
    further = "higher" if leaders[0].kind == "decrease" else "lower"

    def starts_beyond(r: TargetFigures, o: TargetFigures) -> bool:
        if r.baseline is None or o.baseline is None:
            return False
        return r.baseline > o.baseline if further == "higher" else r.baseline < o.baseline

    starts_further = bool(others) and all(starts_beyond(r, o) for r in leaders for o in others)
    ends = {r.target for r in leaders}
    same_end = [o for o in others if o.target in ends]
    pace = max(_pace(r) for r in leaders)
    faster = [o for o in others if _pace(o) > pace]
    gap = _pct(leaders[0].gap_closed_pct)
    if not others:
        text = f"{_names(leaders)} tie: the same gap closed ({gap}) and pace."
    else:
        verb = "tie for first" if len(leaders) > 1 else "ranks first"
        parts = [f"{_names(leaders)} {verb} (gap closed {gap})"]
        if starts_further:
            start = ", ".join(_pct(r.baseline) for r in leaders)
            against = ", ".join(_pct(o.baseline) for o in others)
            parts.append(f"starting {further} ({start} against {against})")
        if same_end:
            parts.append(f"aiming at the same end value as {_names(same_end)} ({_pct(same_end[0].target)})")
        text = "; ".join(parts) + "."
        if faster:
            verb = "moves" if len(faster) == 1 else "move"
            paces = ", ".join(f"{_pace(o):g}" for o in faster)
            text += f" {_names(faster)} {verb} faster ({paces} against {pace:g} pp a year)."
    return MetricLead(
        metric=group.metric,
        measure=group.measure,
        pathway=group.pathway,
        leaders=[r.region for r in leaders],
        others=[o.region for o in others],
        starts_further=starts_further,
        further=further,
        same_end=[o.region for o in same_end],
        faster=[o.region for o in faster],
        text=text,
    )


def _all(n: int, total: int) -> str:
    return f"all {n}" if n == total > 1 else str(n)


def leads_sentence(leads: Sequence[MetricLead], names: dict[str, str]) -> str:
    """Who ranks first on how many metrics, then the ties and what qualifies those leads, in a sentence or two.

    ``names`` maps region codes to names, in the order the regions were given.
    """
    if not leads:
        return ""
    total = len(leads)
    won = [lead for lead in leads if not lead.tie]
    metrics = counted(total, "metric", "metrics")
    if not won:
        return f"The regions tie on {'the one metric' if total == 1 else f'all {metrics}'} (gap closed and pace)."
    firsts = {code: sum(1 for lead in won if lead.leaders == [code]) for code in names}
    ranked = sorted((code for code in names if firsts[code]), key=lambda c: -firsts[c])
    ties = f"; {counted(total - len(won), 'metric is a tie', 'metrics are ties')}" if len(won) < total else ""
    further = [lead for lead in won if lead.starts_further]
    words = {lead.further for lead in further}
    word = words.pop() if len(words) == 1 else "further from the goal"
    same = sum(1 for lead in won if lead.same_end)
    faster = sum(1 for lead in won if lead.faster)
    if len(names) == 2 and len(ranked) == 1:
        # Two regions, one ahead: "it" and "the other" are the two regions, by name.
        leader, other = names[ranked[0]], names[next(c for c in names if c != ranked[0])]
        who = f"{leader} ranks first on {'all ' if firsts[ranked[0]] == total > 1 else ''}{firsts[ranked[0]]}"
        who += f"{'' if firsts[ranked[0]] == total > 1 else f' of {total}'} {'metric' if total == 1 else 'metrics'}"
        who += f" (gap closed, then pace){ties}"
        qualifiers = []
        if further:
            qualifiers.append(f"starts {word} than {other} on {_all(len(further), len(won))}")
        if same:
            qualifiers.append(f"aims at the same end value on {_all(same, len(won))}")
        if faster:
            qualifiers.append(f"moves slower than {other} on {_all(faster, len(won))}")
        if not qualifiers:
            return who + "."
        return f"{who}: it {joined(qualifiers)}."
    who = f"{names[ranked[0]]} ranks first on {firsts[ranked[0]]}"
    who += "".join(f", {names[c]} on {firsts[c]}" for c in ranked[1:])
    who += f" of {metrics} (gap closed, then pace){ties}"
    qualifiers = []
    if further:
        verb = "starts" if len(further) == 1 else "start"
        qualifiers.append(f"{_all(len(further), len(won))} {verb} {word} than every other region")
    if same:
        verb = "aims" if same == 1 else "aim"
        qualifiers.append(f"{_all(same, len(won))} {verb} at the same end value as another region")
    if faster:
        qualifiers.append(f"on {_all(faster, len(won))} another region's target moves faster")
    if not qualifiers:
        return who + "."
    return f"{who}. Of {'that lead' if len(won) == 1 else f'those {len(won)} leads'}, {joined(qualifiers)}."
