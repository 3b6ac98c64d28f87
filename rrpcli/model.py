"""The one model of a Reducing Reoffending Plan that every rrp command shares.

A plan file (TOML) maps one-to-one onto these dataclasses: every table is a
dataclass, every array a tuple.  The JSON Schema printed by ``rrp schema`` and
the validating loader are both derived from the type hints and field metadata
here, so this module is the single definition of the plan format.

Field metadata keys understood by :mod:`rrpcli.schema`:

``doc``      a description for the JSON Schema and the format documentation;
``pattern``  a regular expression a string must match in full;
``hint``     what such a string looks like, for messages ("a month as YYYY-MM");
``enum``     the allowed values of a string;
``min``      the smallest allowed number;
``max``      the largest allowed number (percentages are at most 100);
``nonempty`` a string that must not be blank.

A plan is a value: nothing mutates one, and ``dataclasses.replace`` derives a
changed copy.  The classes are nevertheless plain (not ``frozen``) dataclasses:
a frozen dataclass costs Python 3.11 twice as much to create, and every command
imports this module (docs/developing.md, "Start-up").
"""

# No ``from __future__ import annotations`` here: rrpcli.schema reads these
# type hints at run time, and real annotation objects cost nothing to read,
# where string annotations are compiled one by one (about 30 ms at start-up).

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

#: The four national pathways, in the order the plans publish them.
PATHWAY_IDS: tuple[str, ...] = (
    "training_skills_work",
    "drugs_alcohol",
    "family_accommodation",
    "public_security",
)

PATHWAY_TITLES: dict[str, str] = {
    "training_skills_work": "Training, skills and work",
    "drugs_alcohol": "Drugs and alcohol addiction",
    "family_accommodation": "Family, accommodation and readjustment to society",
    "public_security": "Public security through engagement and compliance",
}

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

#: Target directions a numeric target may take.
DIRECTIONS: tuple[str, ...] = ("increase", "maintain", "decrease")

YEAR_MONTH = r"[0-9]{4}-(0[1-9]|1[0-2])"
#: A web address rrp accepts: http(s), a host, and no space, control, bidirectional or line-separator
#: character, nor a character a URL never holds unescaped (``<>"\\^`{|}``).  The same expression
#: serves Python and the JSON Schema (ECMA-262).
URL_PATTERN = (
    r"https?://(?![/?#])"
    r'[^\s\x00-\x20\x7f-\x9f<>"\\^`{|}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]+'
)
CODE = r"[a-z][a-z0-9_-]*"
METRIC = r"[a-z][a-z0-9_]*"

_MONTH_HINT = "a month as YYYY-MM, e.g. 2023-07"
_METRIC_HINT = "a key such as police_and_crime_commissioners: lower-case letters, digits and _"
_PERCENT = {"min": 0, "max": 100}

Number = Union[int, float]  # noqa: UP007 - compared at runtime by rrpcli.schema


def _doc(text: str, **more: Any) -> dict[str, Any]:
    return {"doc": text, **more}


@dataclass
class Person:
    """Someone who signs the foreword or is quoted in the plan."""

    name: str = field(metadata=_doc("The person's name as published.", nonempty=True))
    role: str = field(metadata=_doc("Their role as published, e.g. 'Regional Probation Director'."))


@dataclass
class Meta:
    """What identifies the plan: region, period and revision."""

    code: str = field(
        metadata=_doc(
            "Short region code used on the command line, e.g. 'nw'.",
            pattern=CODE,
            hint="a code such as nw: lower-case letters, digits, - and _",
        )
    )
    region: str = field(metadata=_doc("Region name as published, e.g. 'North West'.", nonempty=True))
    title: str = field(metadata=_doc("Title of the document.", nonempty=True))
    period: str = field(
        metadata=_doc("Plan period, e.g. '2022-25'.", pattern=r"[0-9]{4}-[0-9]{2}", hint="a period such as 2022-25")
    )
    revision: str = field(metadata=_doc("Revision label, e.g. '2022' for the first publication.", nonempty=True))
    aliases: tuple[str, ...] = field(default=(), metadata=_doc("Other names the plan answers to."))
    source: str = field(default="", metadata=_doc("The published document this file transcribes."))


@dataclass
class Foreword:
    """The regional leaders' foreword."""

    paragraphs: tuple[str, ...] = field(default=(), metadata=_doc("Foreword paragraphs, in order."))
    signature: str = field(default="", metadata=_doc("The signature line as published."))
    signatories: tuple[Person, ...] = field(default=(), metadata=_doc("Each person who signs the foreword."))


@dataclass
class Vision:
    """Vision, principles and values."""

    text: str = field(default="", metadata=_doc("The vision statement."))
    principles: tuple[str, ...] = field(default=(), metadata=_doc("The principles, in order."))
    values: tuple[str, ...] = field(default=(), metadata=_doc("The values, in order."))
    principles_statement: str = field(
        default="", metadata=_doc("The closing statement, e.g. 'In delivering this plan, we will work to ...'.")
    )


@dataclass
class Figure:
    """One number stated in a fact, under a stable metric key.

    The metric key is what lines regions up: ``police_and_crime_commissioners``
    is the same metric in every plan, ``local_authorities`` and
    ``tier_one_local_authorities`` are not.
    """

    metric: str = field(
        metadata=_doc("Stable metric key, e.g. 'police_and_crime_commissioners'.", pattern=METRIC, hint=_METRIC_HINT)
    )
    value: Number = field(metadata=_doc("The number, in full units (6.9 million is 6900000).", min=0))
    unit: str = field(metadata=_doc("What is counted, e.g. 'commissioners', 'GBP', 'percent'.", nonempty=True))
    qualifier: str = field(
        default="", metadata=_doc("How exact the number is, as published.", enum=("", "around", "over", "more than"))
    )


@dataclass
class Fact:
    """A published statement about the region, with the numbers it states."""

    text: str = field(metadata=_doc("The statement as published.", nonempty=True))
    figures: tuple[Figure, ...] = field(default=(), metadata=_doc("The numbers the statement gives, if any."))


@dataclass
class About:
    """'About the region'."""

    facts: tuple[Fact, ...] = field(default=(), metadata=_doc("Facts about the region, in published order."))


@dataclass
class Achievements:
    """What the region has achieved so far."""

    items: tuple[str, ...] = field(default=(), metadata=_doc("One entry per achievement."))


@dataclass
class Statement:
    """A quoted statement and who made it."""

    paragraphs: tuple[str, ...] = field(metadata=_doc("The statement's paragraphs."))
    attribution: str = field(metadata=_doc("The attribution line(s) as published.", nonempty=True))
    speakers: tuple[Person, ...] = field(default=(), metadata=_doc("Each person the statement is attributed to."))


@dataclass
class NationalPriorities:
    """'Delivering HMPPS and MoJ priorities'."""

    paragraphs: tuple[str, ...] = field(default=(), metadata=_doc("Paragraphs before the investment list."))
    investments: tuple[str, ...] = field(default=(), metadata=_doc("The investment bullets."))
    statements: tuple[Statement, ...] = field(default=(), metadata=_doc("Quoted statements, in order."))


@dataclass
class ContextItem:
    """A regional context bullet and the footnotes it cites."""

    text: str = field(metadata=_doc("The bullet as published, without footnote marks.", nonempty=True))
    footnotes: tuple[int, ...] = field(default=(), metadata=_doc("Numbers of the footnotes the bullet cites."))


@dataclass
class Target:
    """A target: the published sentence and, unless qualitative, its numbers.

    Percentages are in percent (18 means 18%); change is in percentage points;
    dates are ``YYYY-MM``.  The loader checks that the numbers agree with the
    sentence and with each other.
    """

    text: str = field(metadata=_doc("The target sentence as published.", nonempty=True))
    metric: str = field(default="", metadata=_doc("Stable metric key, e.g. 'employed_six_weeks_after_release'."))
    qualitative: bool = field(default=False, metadata=_doc("True for a target with no numbers."))
    direction: str | None = field(default=None, metadata=_doc("increase, maintain or decrease.", enum=DIRECTIONS))
    baseline: Number | None = field(default=None, metadata=_doc("Baseline value, in percent.", **_PERCENT))
    baseline_date: str | None = field(
        default=None, metadata=_doc("When the baseline was measured (YYYY-MM).", pattern=YEAR_MONTH, hint=_MONTH_HINT)
    )
    change_pp: Number | None = field(default=None, metadata=_doc("Change in percentage points (unsigned).", **_PERCENT))
    target: Number | None = field(default=None, metadata=_doc("Target value, in percent.", **_PERCENT))
    deadline: str | None = field(
        default=None, metadata=_doc("When the target is due (YYYY-MM).", pattern=YEAR_MONTH, hint=_MONTH_HINT)
    )


@dataclass
class Pathway:
    """One of the four national pathways, with the region's content for it."""

    title: str = field(metadata=_doc("The pathway heading as published.", nonempty=True))
    introduction: tuple[str, ...] = field(default=(), metadata=_doc("Introductory paragraphs (national text)."))
    context: tuple[ContextItem, ...] = field(default=(), metadata=_doc("Regional context bullets."))
    partners: tuple[str, ...] = field(default=(), metadata=_doc("'Important partners in this work' bullets."))
    targets: tuple[Target, ...] = field(default=(), metadata=_doc("Targets, numeric or qualitative."))
    objectives: tuple[str, ...] = field(default=(), metadata=_doc("Three-year objectives."))
    activities: tuple[str, ...] = field(default=(), metadata=_doc("Three-year activities."))


@dataclass
class OurPartners:
    """The closing 'Our partners' list."""

    names: tuple[str, ...] = field(default=(), metadata=_doc("Partner organisations, as published."))


@dataclass
class MeasuringProgress:
    """'Measuring progress and impact'."""

    paragraphs: tuple[str, ...] = field(default=(), metadata=_doc("Paragraphs, in order."))


@dataclass
class GlossaryEntry:
    """A glossary entry as published: ``"Term – definition"``.

    The published line is kept whole (it is what readers and the coverage
    check see); :attr:`term` and :attr:`definition` split it at the first
    spaced dash.
    """

    text: str = field(
        metadata=_doc(
            "The entry as published: the term, a spaced dash (– or -), the definition.",
            pattern=r"[\s\S]+? [–-] [\s\S]+",
            hint='"Term – definition", with a spaced dash',
        )
    )

    @property
    def term(self) -> str:
        """The term being defined."""
        return re.split(_GLOSSARY_SPLIT, self.text, maxsplit=1)[0].strip()

    @property
    def definition(self) -> str:
        """The definition."""
        parts = re.split(_GLOSSARY_SPLIT, self.text, maxsplit=1)
        return parts[1].strip() if len(parts) > 1 else ""

    #: Derived values included in JSON output (and template context).
    computed = ("term", "definition")


_GLOSSARY_SPLIT = r" [–-] "


@dataclass
class Headings:
    """The plan's own headings, as published; rrp uses its defaults for any left out."""

    foreword: str = field(default="", metadata=_doc("e.g. 'Foreword'."))
    vision: str = field(default="", metadata=_doc("e.g. 'Vision'."))
    principles: str = field(default="", metadata=_doc("e.g. 'Principles'."))
    values: str = field(default="", metadata=_doc("e.g. 'Values'."))
    about: str = field(default="", metadata=_doc("e.g. 'About the North West region'."))
    achievements: str = field(default="", metadata=_doc("e.g. 'Achievements'."))
    national_priorities: str = field(default="", metadata=_doc("e.g. 'Delivering HMPPS and MoJ priorities'."))
    context: str = field(default="", metadata=_doc("Pathway sub-heading, e.g. 'Regional context'."))
    partners: str = field(default="", metadata=_doc("Pathway sub-heading, e.g. 'Important partners in this work'."))
    targets: str = field(default="", metadata=_doc("Pathway sub-heading, e.g. 'Targets'."))
    objectives: str = field(default="", metadata=_doc("Pathway sub-heading, e.g. 'Three-year objectives'."))
    activities: str = field(default="", metadata=_doc("Pathway sub-heading, e.g. 'Three-year activities'."))
    our_partners: str = field(default="", metadata=_doc("e.g. 'Our partners'."))
    measuring_progress: str = field(default="", metadata=_doc("e.g. 'Measuring progress and impact'."))
    glossary: str = field(default="", metadata=_doc("e.g. 'Glossary'."))


@dataclass
class Footnote:
    """A numbered footnote: a source's title, its URL, or both.

    A footnote the plan cites but gives no source for holds only its number.
    """

    number: int = field(metadata=_doc("The footnote number as published.", min=1))
    text: str = field(default="", metadata=_doc("The source as published, when it is not only a URL."))
    url: str = field(
        default="",
        metadata=_doc(
            "The source's URL (http or https; no spaces or control characters).",
            pattern=URL_PATTERN + "|",
            hint="a URL starting with http:// or https://, without spaces or control characters",
        ),
    )


@dataclass
class Pathways:
    """The four pathways, each under its fixed id."""

    training_skills_work: Pathway | None = field(default=None, metadata=_doc(PATHWAY_TITLES["training_skills_work"]))
    drugs_alcohol: Pathway | None = field(default=None, metadata=_doc(PATHWAY_TITLES["drugs_alcohol"]))
    family_accommodation: Pathway | None = field(default=None, metadata=_doc(PATHWAY_TITLES["family_accommodation"]))
    public_security: Pathway | None = field(default=None, metadata=_doc(PATHWAY_TITLES["public_security"]))

    def items(self) -> list[tuple[str, Pathway]]:
        """The pathways the plan has, as ``(id, pathway)`` in published order."""
        return [(pid, p) for pid in PATHWAY_IDS if (p := getattr(self, pid)) is not None]


@dataclass
class Plan:
    """A whole regional Reducing Reoffending Plan."""

    meta: Meta = field(metadata=_doc("What identifies the plan."))
    headings: Headings = field(default_factory=Headings, metadata=_doc("The plan's own headings, as published."))
    foreword: Foreword = field(default_factory=Foreword, metadata=_doc("The foreword."))
    vision: Vision = field(default_factory=Vision, metadata=_doc("Vision, principles and values."))
    about: About = field(default_factory=About, metadata=_doc("About the region."))
    achievements: Achievements = field(default_factory=Achievements, metadata=_doc("Achievements."))
    national_priorities: NationalPriorities = field(
        default_factory=NationalPriorities, metadata=_doc("Delivering HMPPS and MoJ priorities.")
    )
    pathways: Pathways = field(default_factory=Pathways, metadata=_doc("The four pathways."))
    our_partners: OurPartners = field(default_factory=OurPartners, metadata=_doc("Our partners."))
    measuring_progress: MeasuringProgress = field(
        default_factory=MeasuringProgress, metadata=_doc("Measuring progress and impact.")
    )
    glossary: tuple[GlossaryEntry, ...] = field(default=(), metadata=_doc("Glossary entries."))
    footnotes: tuple[Footnote, ...] = field(default=(), metadata=_doc("Footnotes and sources."))
    #: Where the plan was read from; not part of the plan's data.
    path: Path | None = field(default=None, compare=False, repr=False, metadata={"internal": True})

    @property
    def code(self) -> str:
        """The region code, e.g. ``nw``."""
        return self.meta.code

    @property
    def name(self) -> str:
        """The region name, e.g. ``North West``."""
        return self.meta.region

    def heading(self, part: str) -> str:
        """The plan's own heading for a part (section or pathway sub-heading), else rrp's default."""
        own = getattr(self.headings, part, "")
        if own:
            return str(own)
        if part == "about":
            return f"About the {self.meta.region} region"
        return SECTIONS.get(part) or DEFAULT_SUBHEADINGS.get(part, part)

    def all_targets(self) -> list[tuple[str, Target]]:
        """Every target as ``(pathway id, target)``, in published order."""
        return [(pid, t) for pid, p in self.pathways.items() for t in p.targets]

    def footnote(self, number: int) -> Footnote | None:
        """The footnote with this number, if the plan has it."""
        return next((f for f in self.footnotes if f.number == number), None)


def year_month(value: str) -> tuple[int, int]:
    """``"2023-07"`` as ``(2023, 7)``."""
    year, month = value.split("-")
    return int(year), int(month)


def months_between(start: str, end: str) -> int:
    """Whole months from one ``YYYY-MM`` to another (negative when end is earlier)."""
    (y1, m1), (y2, m2) = year_month(start), year_month(end)
    return (y2 - y1) * 12 + (m2 - m1)


#: The parts of a plan, in published order, with their headings.  Commands
#: accept these ids for ``--section``; a pathway id stands for that pathway.
SECTIONS: dict[str, str] = {
    "foreword": "Foreword",
    "vision": "Vision, principles and values",
    "about": "About the region",
    "achievements": "Achievements",
    "national_priorities": "Delivering HMPPS and MoJ priorities",
    **PATHWAY_TITLES,
    "our_partners": "Our partners",
    "measuring_progress": "Measuring progress and impact",
    "glossary": "Glossary",
    "footnotes": "Footnotes and sources",
}


#: rrp's headings for the parts of a pathway, where a plan gives none.
DEFAULT_SUBHEADINGS: dict[str, str] = {
    "context": "Regional context",
    "partners": "Important partners in this work",
    "targets": "Targets",
    "objectives": "Three-year objectives",
    "activities": "Three-year activities",
    "principles": "Principles",
    "values": "Values",
}


def format_day(iso: str) -> str:
    """``"2026-01-15"`` as ``15 January 2026``."""
    return f"{int(iso[8:10])} {format_month(iso[:7])}"


def format_month(value: str | None, *, short: bool = False) -> str:
    """``"2023-07"`` as ``"July 2023"`` (or ``"Jul 2023"``); empty for None."""
    if not value:
        return ""
    year, month = year_month(value)
    name = MONTHS[month - 1]
    return f"{name[:3] if short else name} {year}"
