"""The result of ``rrp compare`` and its JSON: the ``rrp compare --format json`` contract.

A :class:`Comparison` holds, for the sections asked for, what the plans share
(:class:`Shared` items, one segment per plan) and what each plan says alone
(``regional``), with the share of national text per plan
(:class:`PlanSummary`), the targets, facts, partners and counts side by side.
Each class serialises itself with ``to_json``; the template context of
``rrp render`` is the same plain data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rrpcli.model import Number
from rrpcli.units import Unit

if TYPE_CHECKING:
    from rrpcli.ambition import TargetFigures

#: How the texts of a shared item match, best first.
MATCH_KINDS = ("identical", "template", "edited")

Slot = dict[str, str]
#: A template sentence: literal text and slots (plan code -> value), in order.
Pattern = tuple[str | Slot, ...]


@dataclass(eq=False, repr=False)
class Shared:
    """Text that two or more plans share: one segment (one or more units) per plan."""

    match: str  # identical | template | edited
    similarity: float
    plans: tuple[str, ...]  # plan codes, in the order the plans were given
    units: dict[str, tuple[Unit, ...]]
    pattern: Pattern = ()  # template items only

    def text(self, code: str) -> str:
        """The plan's text (a split paragraph's pieces joined by a blank line)."""
        return "\n\n".join(u.text for u in self.units[code])

    @property
    def slots(self) -> list[Slot]:
        """The differing values of a template, slot by slot."""
        return [p for p in self.pattern if isinstance(p, dict)]

    def to_json(self) -> dict[str, Any]:
        """The item as plain data."""
        out: dict[str, Any] = {
            "match": self.match,
            "similarity": self.similarity,
            "plans": list(self.plans),
            "text": {code: self.text(code) for code in self.plans},
        }
        if self.match == "template":
            out["slots"] = self.slots
        out["units"] = {code: [u.path for u in self.units[code]] for code in self.plans}
        return out


@dataclass(eq=False, repr=False)
class SectionComparison:
    """One section of the plans, aligned."""

    id: str
    title: str
    shared: list[Shared]
    regional: dict[str, list[Unit]]

    def kinds(self) -> dict[str, int]:
        """How many shared items of each kind."""
        return {kind: sum(1 for s in self.shared if s.match == kind) for kind in MATCH_KINDS}

    @property
    def empty(self) -> bool:
        """True when no plan has any text here."""
        return not self.shared and not any(self.regional.values())

    def to_json(self, regional_only: bool = False) -> dict[str, Any]:
        """The section as plain data; ``shared`` is empty with ``regional_only``."""
        return {
            "id": self.id,
            "title": self.title,
            "shared": [] if regional_only else [s.to_json() for s in self.shared],
            "regional": {code: [u.text for u in units] for code, units in self.regional.items()},
            "regional_units": {code: [u.path for u in units] for code, units in self.regional.items()},
        }


@dataclass(eq=False, repr=False)
class PlanSummary:
    """How much of one plan is national text and how much its own."""

    code: str
    national_words: int
    regional_words: int
    national_units: int
    regional_units: int

    @property
    def total_words(self) -> int:
        """All words of the plan's compared text."""
        return self.national_words + self.regional_words

    @property
    def national_pct(self) -> float:
        """National words as a percentage of all words (one decimal)."""
        return round(100 * self.national_words / self.total_words, 1) if self.total_words else 0.0

    def to_json(self) -> dict[str, Any]:
        """The summary as plain data."""
        return {
            "national_words": self.national_words,
            "regional_words": self.regional_words,
            "national_pct": self.national_pct,
            "total_words": self.total_words,
            "national_units": self.national_units,
            "regional_units": self.regional_units,
        }


@dataclass(eq=False, repr=False)
class FactRow:
    """One metric of "About the region", as each plan states it (None where it does not)."""

    metric: str
    values: dict[str, Number | None]
    text: dict[str, str | None]
    unit: dict[str, str | None]
    qualifier: dict[str, str | None]

    def to_json(self) -> dict[str, Any]:
        """The row as plain data."""
        return {
            "metric": self.metric,
            "values": self.values,
            "text": self.text,
            "unit": self.unit,
            "qualifier": self.qualifier,
        }


@dataclass(eq=False, repr=False)
class PartnerComparison:
    """The "Our partners" names shared by two or more plans, and each plan's own."""

    shared: list[dict[str, str]]
    only: dict[str, list[str]]

    def to_json(self, regional_only: bool = False) -> dict[str, Any]:
        """As plain data; ``shared`` is empty with ``regional_only``."""
        return {"shared": [] if regional_only else self.shared, "only": self.only}


@dataclass(eq=False, repr=False)
class CountRow:
    """How many targets, objectives, activities and partners each plan gives a pathway (None: no pathway)."""

    pathway: str
    title: str
    counts: dict[str, dict[str, int | None]]  # kind -> plan code -> count

    KINDS = ("targets", "objectives", "activities", "partners")

    def to_json(self) -> dict[str, Any]:
        """The row as plain data."""
        return {"pathway": self.pathway, "title": self.title, **self.counts}


@dataclass(eq=False, repr=False)
class PlanRef:
    """Which plan: code, region name, revision."""

    code: str
    name: str
    revision: str

    def to_json(self) -> dict[str, Any]:
        """As plain data."""
        return {"code": self.code, "name": self.name, "revision": self.revision}


@dataclass(eq=False, repr=False)
class Comparison:
    """The result of comparing two or more plans."""

    plans: list[PlanRef]
    threshold: float
    summary: dict[str, PlanSummary]
    sections: list[SectionComparison]  # the sections asked for
    targets: list[TargetFigures]
    facts: list[FactRow]
    partners: PartnerComparison
    counts: list[CountRow]
    regional_only: bool = False

    @property
    def codes(self) -> list[str]:
        """Plan codes in the order given."""
        return [p.code for p in self.plans]

    def name(self, code: str) -> str:
        """The region name of a plan code."""
        return next(p.name for p in self.plans if p.code == code)

    def only(self, sections: Sequence[str], *, regional_only: bool = False) -> Comparison:
        """This comparison limited to some sections, as ``compare_plans(plans, sections=...)`` reports them.

        Lets one comparison of the whole plans serve both the overview (always
        of the whole plans) and the sections asked for.
        """
        wanted = set(sections)
        partners = self.partners if "our_partners" in wanted else PartnerComparison([], {c: [] for c in self.codes})
        return Comparison(
            plans=self.plans,
            threshold=self.threshold,
            summary=self.summary,
            sections=[s for s in self.sections if s.id in wanted],
            targets=[r for r in self.targets if r.pathway in wanted],
            facts=self.facts if "about" in wanted else [],
            partners=partners,
            counts=[c for c in self.counts if c.pathway in wanted],
            regional_only=regional_only,
        )

    def to_json(self) -> dict[str, Any]:
        """The comparison as plain data: the ``rrp compare --format json`` contract."""
        return {
            "plans": [p.to_json() for p in self.plans],
            "threshold": self.threshold,
            "regional_only": self.regional_only,
            "summary": {code: s.to_json() for code, s in self.summary.items()},
            "sections": [s.to_json(self.regional_only) for s in self.sections],
            "targets": [r.to_json() for r in self.targets],
            "facts": [f.to_json() for f in self.facts],
            "partners": self.partners.to_json(self.regional_only),
            "counts": [c.to_json() for c in self.counts],
        }
