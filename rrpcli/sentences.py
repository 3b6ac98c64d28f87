"""Reading the numbers out of a published target sentence.

The plans word their numeric targets from one national template::

    By July 2023, North West will increase the proportion employed six weeks
    after release by 1 percentage point from 18% in March 2022
    By July 2023, North West will continue to maintain the proportion employed
    six months after release at 29%

:func:`parse_target_sentence` finds each part it can (deadline, region,
direction, measure, change, baseline and its month, target) so that the loader
can check a target's fields against its sentence and the importer can fill
them in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rrpcli.model import MONTHS

_MONTH_NUMBER = {m.lower(): i for i, m in enumerate(MONTHS, 1)} | {m[:3].lower(): i for i, m in enumerate(MONTHS, 1)}
_MONTH = r"(?:" + "|".join(MONTHS) + r"|" + "|".join(m[:3] for m in MONTHS) + r")"
_NUM = r"\d+(?:\.\d+)?"

_OPENING = rf"(?i)^\s*By\s+(?P<month>{_MONTH})\.?\s+(?P<year>\d{{4}}),?\s+(?P<region>.+?)\s+will\s+"
# The lookahead only lets a search skip quickly past letters no verb starts with (twice as fast).
_VERB = r"(?i)(?=[cmirdl])(?P<verb>(?:continue\s+to\s+)?maintain|increase|raise|decrease|reduce|lower)\s+"
_CHANGE = rf"(?i)\bby\s+(?P<pp>{_NUM})\s+percentage\s+points?\b"
_BASELINE = rf"(?i)\bfrom\s+(?P<value>{_NUM})\s?%(?:\s+(?:in|at)\s+(?P<month>{_MONTH})\.?\s+(?P<year>\d{{4}}))?"
_AT = rf"(?i)\b(?:at|to)\s+(?P<value>{_NUM})\s?%"
_MEASURE_END = r"(?i)\s+(?:by\s+\d|from\s+\d|at\s+\d|to\s+\d)"

_DIRECTION = {"maintain": "maintain", "increase": "increase", "raise": "increase",
              "decrease": "decrease", "reduce": "decrease", "lower": "decrease"}  # fmt: skip


@dataclass(eq=False, repr=False)
class ParsedTarget:
    """What a target sentence states; None where it states nothing."""

    deadline: str | None = None
    region: str | None = None
    direction: str | None = None
    measure: str | None = None
    change_pp: float | None = None
    baseline: float | None = None
    baseline_date: str | None = None
    target: float | None = None

    @property
    def numeric(self) -> bool:
        """True when the sentence states any number a numeric target has."""
        return any(v is not None for v in (self.change_pp, self.baseline, self.target))


def month_number(name: str) -> int:
    """``"July"`` or ``"Jul"`` as 7."""
    return _MONTH_NUMBER[name.lower().rstrip(".")]


def _ym(month: str, year: str) -> str:
    return f"{int(year):04d}-{month_number(month):02d}"


def _number(text: str) -> float:
    return float(text)


def parse_target_sentence(text: str) -> ParsedTarget:
    """Everything the sentence says about a numeric target.

    A sentence that follows no part of the template gives an empty result
    (``numeric`` is False): it is a qualitative target.
    """
    deadline = region = direction = measure = None
    rest = text
    if m := re.match(_OPENING, text):
        deadline = _ym(m["month"], m["year"])
        region = m["region"].strip()
        rest = text[m.end() :]
    if v := re.match(_VERB, rest) if deadline else re.search(_VERB, rest):
        direction = _DIRECTION[v["verb"].lower().split()[-1]]
        after = rest[v.end() :]
        end = re.search(_MEASURE_END, after)
        measure = (after[: end.start()] if end else after).strip().rstrip(".") or None
    change = re.search(_CHANGE, text)
    base = re.search(_BASELINE, text)
    at = re.search(_AT, text[base.end() :] if base else text)
    return ParsedTarget(
        deadline=deadline,
        region=region,
        direction=direction,
        measure=measure,
        change_pp=_number(change["pp"]) if change else None,
        baseline=_number(base["value"]) if base else None,
        baseline_date=_ym(base["month"], base["year"]) if base and base["month"] else None,
        target=_number(at["value"]) if at else None,
    )
