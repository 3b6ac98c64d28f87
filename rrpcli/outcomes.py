"""Outcome figures, their sources and the metric catalogue: the outcome file format and its loader.

A plan states targets; whether they were met is a matter of *outturn*
figures published later, by other people.  rrp reads those from TOML files in
``outcomes/`` (documented in ``docs/outcomes.md``).  One format serves every
file, and each table is optional:

``[[source]]``       a publication, declared once for all files (id, title, publisher, date, URL);
``[[metric]]``       the catalogue entry of a metric: what is counted, the cohort, the
                     denominator, the measurement point, the publishing series and its breaks;
``[[figure]]``       one cited value: metric, area, period, value, unit, source and the exact quote;
``[[publication]]``  when plans were published, as a cited source states it.

:func:`load_outcomes` reads every file, checks each against the format (with
:mod:`rrpcli.schema`, like plans) and all of them against each other (unknown
metric, area or source, duplicate figures, values out of range), and returns
one :class:`Outcomes`.  Every problem in every file is reported at once, each
with file, line and field path, in one :class:`~rrpcli.errors.OutcomesInvalid`.

:func:`find_outcome_files` finds the files "the same ways as plans".

Areas: ``national`` is England and Wales (the probation service's whole area);
``england`` is England only (e.g. OHID's statistics, which do not cover Wales)
and is never taken for ``national``; anything else is a region code of the
plans in use.
"""

# No ``from __future__ import annotations``: rrpcli.schema reads these type
# hints at run time (see rrpcli/model.py).

import dataclasses
import datetime
import difflib
import functools
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rrpcli import schema
from rrpcli.catalog import PlanSource, bundled_dir
from rrpcli.errors import FileRefused, OutcomesInvalid, Problem
from rrpcli.loader import KeyLines, decode_text, parse_toml
from rrpcli.model import METRIC, MONTHS, YEAR_MONTH, Number, Plan
from rrpcli.userfiles import MAX_PLAN_BYTES, not_a_directory, read_user_file

#: England and Wales: the area the national probation statistics cover.
NATIONAL = "national"
#: England only: never the same as ``national``.
ENGLAND = "england"
#: The areas that are not regions, and how rrp names them.
AREA_NAMES: dict[str, str] = {NATIONAL: "England and Wales", ENGLAND: "England only"}

UNITS: tuple[str, ...] = ("percent",)
BETTER: tuple[str, ...] = ("higher", "lower")

_DATE = r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_SOURCE_ID = r"[a-z0-9][a-z0-9_.-]*"
_PERIOD = rf"[0-9]{{4}}/[0-9]{{2}}|{YEAR_MONTH}(/{YEAR_MONTH})?"
_PERIOD_HINT = "a performance year such as 2023/24, a month such as 2023-07, or months such as 2024-05/2025-03"
_MONTH_HINT = "a month as YYYY-MM, e.g. 2024-05"
_URL = r"https?://\S+"


def _doc(text: str, **more: Any) -> dict[str, Any]:
    return {"doc": text, **more}


# -- the file format ----------------------------------------------------------------------------------------------


@dataclass(eq=False, repr=False)
class Source:
    """A publication that figures and definitions are taken from."""

    id: str = field(
        metadata=_doc(
            "How figures name the source, e.g. 'moj-accommodation-2024'.",
            pattern=_SOURCE_ID,
            hint="an id such as moj-accommodation-2024: lower-case letters, digits, '.', '-' and '_'",
        )
    )
    title: str = field(metadata=_doc("The publication's title as published.", nonempty=True))
    publisher: str = field(metadata=_doc("Who published it, e.g. 'Ministry of Justice'.", nonempty=True))
    url: str = field(
        metadata=_doc("Where it is published.", pattern=_URL, hint="a URL starting with http:// or https://")
    )
    published: str = field(
        default="",
        metadata=_doc(
            "Publication date, YYYY-MM-DD; required for a source that figures cite.",
            pattern=f"(?:{_DATE})?",
            hint="a date as YYYY-MM-DD, e.g. 2024-07-25",
        ),
    )
    note: str = field(default="", metadata=_doc("Anything a reader of the citation should know."))


@dataclass(eq=False, repr=False)
class Series:
    """One publishing series (code) of a metric."""

    code: str = field(metadata=_doc("The publisher's code for the series, e.g. 'MI014'.", nonempty=True))
    name: str = field(metadata=_doc("The series' name as published.", nonempty=True))
    source: str = field(metadata=_doc("The source (id) that describes the series.", nonempty=True))
    start: str = field(
        default="", metadata=_doc("First month covered, if published.", pattern=f"(?:{YEAR_MONTH})?", hint=_MONTH_HINT)
    )
    end: str = field(
        default="", metadata=_doc("Last month covered, if published.", pattern=f"(?:{YEAR_MONTH})?", hint=_MONTH_HINT)
    )


@dataclass(eq=False, repr=False)
class SeriesBreak:
    """A break in a metric's series: figures on either side of it are not comparable."""

    month: str = field(metadata=_doc("The first month of the new series.", pattern=YEAR_MONTH, hint=_MONTH_HINT))
    text: str = field(metadata=_doc("What changed, in a sentence.", nonempty=True))
    source: str = field(metadata=_doc("The source (id) that states the break.", nonempty=True))
    quote: str = field(metadata=_doc("The source's exact words.", nonempty=True))


@dataclass(eq=False, repr=False)
class Metric:
    """A metric's catalogue entry: what its figures count."""

    id: str = field(
        metadata=_doc(
            "The metric key the plans' targets use.",
            pattern=METRIC,
            hint="a key such as housed_night_after_release: lower-case letters, digits and _",
        )
    )
    name: str = field(metadata=_doc("A short name, e.g. 'Housed on the night after release'.", nonempty=True))
    unit: str = field(metadata=_doc("The unit of its figures.", enum=UNITS))
    better: str = field(metadata=_doc("Whether a higher or a lower value is better.", enum=BETTER))
    counts: str = field(metadata=_doc("What is counted (the numerator).", nonempty=True))
    cohort: str = field(metadata=_doc("Who or what is in the count, and the unit counted.", nonempty=True))
    denominator: str = field(metadata=_doc("What the count is a share of, and what is left out.", nonempty=True))
    measured_at: str = field(metadata=_doc("When the outcome is measured.", nonempty=True))
    geography: str = field(metadata=_doc("The area the published series covers.", nonempty=True))
    publication: str = field(metadata=_doc("The publishing series: who publishes it, and when.", nonempty=True))
    sources: tuple[str, ...] = field(metadata=_doc("The sources (ids) this definition is taken from."))
    series: tuple[Series, ...] = field(default=(), metadata=_doc("The publishing series and their codes."))
    breaks: tuple[SeriesBreak, ...] = field(default=(), metadata=_doc("Breaks in the series."))
    notes: tuple[str, ...] = field(default=(), metadata=_doc("Other things a reader should know."))


@dataclass(eq=False, repr=False)
class Figure:
    """One cited value of a metric, for an area and a period."""

    metric: str = field(metadata=_doc("The metric (an id of the catalogue).", pattern=METRIC, hint="a metric id"))
    area: str = field(
        metadata=_doc(
            "'national' (England and Wales), 'england' (England only) or a region code of the plans.",
            nonempty=True,
        )
    )
    period: str = field(metadata=_doc("What the value covers.", pattern=_PERIOD, hint=_PERIOD_HINT))
    value: Number = field(metadata=_doc("The value, in the unit.", min=0))
    unit: str = field(metadata=_doc("The unit: the metric's unit.", enum=UNITS))
    source: str = field(metadata=_doc("The source (id) the value is quoted from.", nonempty=True))
    quote: str = field(metadata=_doc("The exact words of the source that give the value.", nonempty=True))
    series: str = field(default="", metadata=_doc("The series code the value belongs to, if known."))
    notes: str = field(default="", metadata=_doc("Anything a reader of the value should know."))
    #: ``file:line`` of the figure, for messages; not part of its data.
    where: str = field(default="", compare=False, repr=False, metadata={"internal": True})

    @property
    def span(self) -> "Period":
        """The period, parsed."""
        return parse_period(self.period)


@dataclass(eq=False, repr=False)
class Publication:
    """When plans were published, as a cited source states it (the plans' own text gives no date)."""

    when: str = field(metadata=_doc("When, as the source says it, e.g. 'summer 2022'.", nonempty=True))
    source: str = field(metadata=_doc("The source (id) that says so.", nonempty=True))
    quote: str = field(metadata=_doc("The source's exact words.", nonempty=True))
    period: str = field(
        default="",
        metadata=_doc("Applies to plans of this period, e.g. '2022-25'.", pattern=r"(?:[0-9]{4}-[0-9]{2})?"),
    )
    revision: str = field(default="", metadata=_doc("Applies to plans of this revision, e.g. '2022'."))
    plan: str = field(default="", metadata=_doc("Applies to the plan with this region code only."))
    notes: str = field(default="", metadata=_doc("Anything a reader should know."))
    announced: bool = field(
        default=False,
        metadata=_doc(
            "True when the source, written before the plans came out, says when they are due, not that they came out."
        ),
    )

    def applies_to(self, plan: Plan) -> bool:
        """True when the record is about this plan."""
        meta = plan.meta
        return (
            (not self.plan or self.plan == meta.code)
            and (not self.period or self.period == meta.period)
            and (not self.revision or self.revision == meta.revision)
        )


@dataclass(eq=False, repr=False)
class OutcomeFile:
    """One outcome file: any of sources, metric definitions, figures and publication records."""

    source: tuple[Source, ...] = field(default=(), metadata=_doc("Publications, each declared once."))
    metric: tuple[Metric, ...] = field(default=(), metadata=_doc("Metric catalogue entries."))
    figure: tuple[Figure, ...] = field(default=(), metadata=_doc("Cited figures."))
    publication: tuple[Publication, ...] = field(default=(), metadata=_doc("When plans were published."))
    #: Where the file was read from, and line numbers for messages; not part of its data.
    path: Path | None = field(default=None, compare=False, repr=False, metadata={"internal": True})
    label: str = field(default="", compare=False, repr=False, metadata={"internal": True})
    lines: KeyLines | None = field(default=None, compare=False, repr=False, metadata={"internal": True})

    def problem(self, path: str, message: str) -> Problem:
        """A problem at a field path of this file, with its line."""
        return Problem(self.label, message, path, self.lines.find(path) if self.lines else None)


# -- periods --------------------------------------------------------------------------------------------------------


def month_index(value: str) -> int:
    """``"2023-07"`` as a count of months (year * 12 + month - 1), for arithmetic."""
    year, month = value.split("-")
    return int(year) * 12 + int(month) - 1


def month_text(index: int) -> str:
    """A month count back as ``"2023-07"``."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_name(index: int, *, short: bool = False) -> str:
    """A month count as ``"July 2023"`` (or ``"Jul 2023"``)."""
    name = MONTHS[index % 12]
    return f"{name[:3] if short else name} {index // 12}"


def date_month(day: datetime.date) -> int:
    """The month count of a date."""
    return day.year * 12 + day.month - 1


@dataclass(eq=False, repr=False)
class Period:
    """What a figure covers: whole months from ``start`` to ``end`` (month counts, inclusive)."""

    text: str
    kind: str  # "year" (a performance year, April to March), "month" or "months"
    start: int
    end: int

    @property
    def months(self) -> str:
        """The months covered, in words: ``"April 2023 – March 2024"`` or ``"July 2023"``."""
        if self.start == self.end:
            return month_name(self.start)
        return f"{month_name(self.start)} – {month_name(self.end)}"

    @property
    def label(self) -> str:
        """How rrp names the period: ``"2023/24 (April 2023 – March 2024)"``, ``"July 2023"``."""
        return f"{self.text} ({self.months})" if self.kind == "year" else self.months

    def contains(self, month: int) -> bool:
        """True when the month is one of the period's."""
        return self.start <= month <= self.end

    def to_json(self) -> dict[str, Any]:
        """The period as plain data."""
        return {
            "period": self.text,
            "kind": self.kind,
            "start": month_text(self.start),
            "end": month_text(self.end),
            "months": self.months,
        }


@functools.cache
def parse_period(text: str) -> Period:
    """A period as written in an outcome file.

    ``2023/24`` is a performance year, April 2023 to March 2024 (the years
    the probation statistics use); ``2023-07`` one month;
    ``2024-05/2025-03`` the months from one to the other, inclusive.
    Raises ``ValueError`` with a message for anything else.
    """
    if m := re.fullmatch(r"([0-9]{4})/([0-9]{2})", text):
        first, second = int(m[1]), int(m[2])
        if (first + 1) % 100 != second:
            raise ValueError(f"{text} is not a performance year: {first}/{(first + 1) % 100:02d} follows {first}")
        return Period(text, "year", first * 12 + 3, first * 12 + 14)
    if re.fullmatch(YEAR_MONTH, text):
        return Period(text, "month", month_index(text), month_index(text))
    if (m := re.fullmatch(f"({YEAR_MONTH})/({YEAR_MONTH})", text)) is not None:
        start, end = month_index(m[1]), month_index(m[3])
        if end <= start:
            raise ValueError(f"{text}: the last month must come after the first")
        return Period(text, "months", start, end)
    raise ValueError(f'expected {_PERIOD_HINT}, got "{text}"')


def comparable(first: Period, second: Period, breaks: Iterable[SeriesBreak]) -> bool:
    """False when a series break separates the two periods (or falls inside either)."""
    for brk in breaks:
        month = month_index(brk.month)
        before = first.end < month and second.end < month
        after = first.start >= month and second.start >= month
        if not (before or after):
            return False
    return True


# -- the loaded set -----------------------------------------------------------------------------------------------


@dataclass(eq=False, repr=False)
class Outcomes:
    """Every outcome file in use, checked against each other."""

    sources: Mapping[str, Source] = field(default_factory=dict)
    metrics: Mapping[str, Metric] = field(default_factory=dict)
    figures: tuple[Figure, ...] = ()
    publications: tuple[Publication, ...] = ()
    files: tuple[str, ...] = ()

    def metric(self, metric_id: str) -> Metric | None:
        """The catalogue entry of a metric, if it has one."""
        return self.metrics.get(metric_id)

    def source(self, source_id: str) -> Source:
        """A declared source (the loader checked every reference)."""
        return self.sources[source_id]

    def figures_for(self, metric: str, area: str) -> list[Figure]:
        """The figures of a metric for an area, by period (earliest end first)."""
        found = [f for f in self.figures if f.metric == metric and f.area == area]
        return sorted(found, key=lambda f: (f.span.end, f.span.start))

    def known_on(self, day: datetime.date) -> "Outcomes":
        """Only the figures and publication records whose source came out on or before ``day``: what was known."""
        iso = day.isoformat()
        kept = tuple(f for f in self.figures if self.sources[f.source].published <= iso)
        said = tuple(p for p in self.publications if self.sources[p.source].published <= iso)
        return dataclasses.replace(self, figures=kept, publications=said)

    def publication_of(self, plan: Plan) -> Publication | None:
        """The first publication record about the plan (a record naming the plan wins)."""
        matching = [p for p in self.publications if p.applies_to(plan)]
        matching.sort(key=lambda p: not p.plan)
        return matching[0] if matching else None


# -- reading files --------------------------------------------------------------------------------------------------


def read_outcome_file(path: str | Path, *, label: str | None = None) -> OutcomeFile:
    """Read one outcome file and check it against the format.

    What needs the other files (sources, metrics, areas) is checked by
    :func:`load_outcomes`.
    """
    path = Path(path)
    name = label or str(path)
    try:
        raw = read_user_file(path, what="an outcome file", label=name, limit=MAX_PLAN_BYTES)
    except FileRefused as exc:
        raise OutcomesInvalid([Problem(name, exc.reason)]) from None
    return outcome_file_from_text(raw, name, path)


def outcome_file_from_text(raw: bytes | str, name: str, path: Path | None = None) -> OutcomeFile:
    """An outcome file from its contents; ``name`` is how messages name it."""
    source = decode_text(raw, name, OutcomesInvalid, "a TOML outcome file")
    data = _parse_toml(source, name)
    lines = KeyLines(source)
    built, field_problems = schema.build(data, OutcomeFile)
    problems = [Problem(name, p.message, p.path, lines.find(p.path)) for p in field_problems]
    if built is not None:
        built = dataclasses.replace(built, path=path, label=name, lines=lines)
        built = dataclasses.replace(
            built,
            figure=tuple(
                dataclasses.replace(f, where=_where(name, lines.find(f"figure[{i}]")))
                for i, f in enumerate(built.figure)
            ),
        )
        problems += _check_file(built)
    if problems:
        raise OutcomesInvalid(_in_order(problems))
    assert built is not None
    return built


def _where(name: str, line: int | None) -> str:
    return f"{name}:{line}" if line is not None else name


def _in_order(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.file, p.line or 0))


def _parse_toml(text: str, name: str) -> dict[str, Any]:
    return parse_toml(text, name, OutcomesInvalid)


def _check_file(file: OutcomeFile) -> list[Problem]:
    """What one file can be checked for on its own: periods and dates that exist."""
    out: list[Problem] = []
    for i, src in enumerate(file.source):
        if src.published:
            try:
                datetime.date.fromisoformat(src.published)
            except ValueError:
                out.append(file.problem(f"source[{i}].published", f"{src.published} is not a date in the calendar"))
    for i, fig in enumerate(file.figure):
        try:
            parse_period(fig.period)
        except ValueError as exc:
            out.append(file.problem(f"figure[{i}].period", str(exc)))
    for i, metric in enumerate(file.metric):
        for j, series in enumerate(metric.series):
            if series.start and series.end and month_index(series.end) < month_index(series.start):
                out.append(file.problem(f"metric[{i}].series[{j}].end", "comes before the start"))
    return out


# -- checking the files against each other -------------------------------------------------------------------------


_EPSILON = 1e-9


def load_outcomes(paths: Iterable[str | Path], *, areas: Iterable[str]) -> Outcomes:
    """Read and check outcome files together.

    ``areas`` are the region codes of the plans in use (the catalog's); a
    figure's area must be one of them, ``national`` or ``england``.  Raises
    :class:`~rrpcli.errors.OutcomesInvalid` with every problem of every file.
    """
    files: list[OutcomeFile] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            files.append(read_outcome_file(path))
        except OutcomesInvalid as exc:
            problems += exc.problems
    if problems:  # checks across files would only add noise about what failed to load
        raise OutcomesInvalid(problems)
    return outcomes_from_files(files, areas=areas)


def outcomes_from_files(files: Sequence[OutcomeFile], *, areas: Iterable[str]) -> Outcomes:
    """Check already-read outcome files against each other and merge them."""
    problems: list[Problem] = []
    region_codes = set(areas) - set(AREA_NAMES)
    sources = _declared(files, "source", "source", problems)
    metrics = _declared(files, "metric", "metric", problems)
    for file in files:
        for i, metric in enumerate(file.metric):
            problems += _check_metric(file, i, metric, sources)
        for i, fig in enumerate(file.figure):
            problems += _check_figure(file, i, fig, sources, metrics, region_codes)
        for i, pub in enumerate(file.publication):
            problems += _check_references(file, f"publication[{i}].source", pub.source, sources)
            if pub.plan and pub.plan not in region_codes:
                problems.append(file.problem(f"publication[{i}].plan", _unknown_region(pub.plan, region_codes)))
    problems += _duplicate_figures(files)
    if problems:
        raise OutcomesInvalid(_in_order(problems))
    return Outcomes(
        sources={k: v for k, (v, _) in sources.items()},
        metrics={k: v for k, (v, _) in metrics.items()},
        figures=tuple(f for file in files for f in file.figure),
        publications=tuple(p for file in files for p in file.publication),
        files=tuple(file.label for file in files),
    )


def _declared(files: Sequence[OutcomeFile], table: str, what: str, problems: list[Problem]) -> dict[str, Any]:
    """Sources or metrics by id, each declared once across all files; ``id -> (item, where)``."""
    seen: dict[str, tuple[Any, str]] = {}
    for file in files:
        for i, item in enumerate(getattr(file, table)):
            path = f"{table}[{i}].id"
            where = _where(file.label, file.lines.find(path) if file.lines else None)
            if item.id in seen:
                problems.append(file.problem(path, f'{what} "{item.id}" is already declared at {seen[item.id][1]}'))
                continue
            seen[item.id] = (item, where)
    return seen


def _check_references(file: OutcomeFile, path: str, source_id: str, sources: Mapping[str, Any]) -> list[Problem]:
    if source_id in sources:
        return []
    return [file.problem(path, f'source "{source_id}" is not declared{_did_you_mean(source_id, sources)}')]


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def _unknown_region(code: str, region_codes: set[str]) -> str:
    known = ", ".join(sorted(region_codes)) or "none"
    return (
        f'unknown area "{code}": an area is national (England and Wales), england (England only) '
        f"or a region code of the plans in use ({known}){_did_you_mean(code, [*region_codes, *AREA_NAMES])}"
    )


def _check_metric(file: OutcomeFile, index: int, metric: Metric, sources: Mapping[str, Any]) -> list[Problem]:
    base = f"metric[{index}]"
    out: list[Problem] = []
    if not metric.sources:
        out.append(file.problem(f"{base}.sources", "a definition needs at least one source"))
    for j, source_id in enumerate(metric.sources):
        out += _check_references(file, f"{base}.sources[{j}]", source_id, sources)
    for j, series in enumerate(metric.series):
        out += _check_references(file, f"{base}.series[{j}].source", series.source, sources)
    for j, brk in enumerate(metric.breaks):
        out += _check_references(file, f"{base}.breaks[{j}].source", brk.source, sources)
    codes = [s.code for s in metric.series]
    for j, code in enumerate(codes):
        if code in codes[:j]:
            out.append(file.problem(f"{base}.series[{j}].code", f'series "{code}" is listed twice'))
    return out


def _check_figure(
    file: OutcomeFile,
    index: int,
    fig: Figure,
    sources: Mapping[str, tuple[Source, str]],
    metrics: Mapping[str, tuple[Metric, str]],
    region_codes: set[str],
) -> list[Problem]:
    base = f"figure[{index}]"
    out: list[Problem] = []
    entry = metrics.get(fig.metric)
    if entry is None:
        out.append(
            file.problem(
                f"{base}.metric",
                f'unknown metric "{fig.metric}": it has no [[metric]] entry{_did_you_mean(fig.metric, metrics)}',
            )
        )
    else:
        metric = entry[0]
        if fig.unit != metric.unit:
            out.append(file.problem(f"{base}.unit", f'is "{fig.unit}" but {metric.id} is in "{metric.unit}"'))
        if fig.series and metric.series and fig.series not in {s.code for s in metric.series}:
            codes = ", ".join(s.code for s in metric.series)
            out.append(file.problem(f"{base}.series", f'"{fig.series}" is not a series of {metric.id} ({codes})'))
    if fig.area not in AREA_NAMES and fig.area not in region_codes:
        out.append(file.problem(f"{base}.area", _unknown_region(fig.area, region_codes)))
    if fig.unit == "percent" and fig.value > 100:
        out.append(file.problem(f"{base}.value", f"a percentage is at most 100, got {fig.value:g}"))
    if fig.source not in sources:
        out += _check_references(file, f"{base}.source", fig.source, sources)
    elif not sources[fig.source][0].published:
        out.append(
            file.problem(
                f"{base}.source", f'source "{fig.source}" has no published date; a cited figure needs a dated source'
            )
        )
    if not any(abs(n - fig.value) <= _EPSILON for n in numbers_in(fig.quote)):
        out.append(file.problem(f"{base}.quote", f"does not state the value {fig.value:g}"))
    return out


_NUMBER = r"(?<![0-9.])[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|(?<![0-9.])[0-9]+(?:\.[0-9]+)?"


def numbers_in(text: str) -> list[float]:
    """The numbers a sentence states (``"86.3%"`` gives 86.3, ``"43,521"`` gives 43521)."""
    return [float(m.replace(",", "")) for m in re.findall(_NUMBER, text)]


def _duplicate_figures(files: Sequence[OutcomeFile]) -> list[Problem]:
    """Two figures for one metric, area and period: an error naming both places."""
    out: list[Problem] = []
    seen: dict[tuple[str, str, str], Figure] = {}
    for file in files:
        for i, fig in enumerate(file.figure):
            key = (fig.metric, fig.area, fig.period)
            if (first := seen.get(key)) is not None:
                out.append(
                    file.problem(
                        f"figure[{i}]",
                        f"a second figure for {fig.metric}, {fig.area}, {fig.period}; the first is at {first.where}",
                    )
                )
            else:
                seen[key] = fig
    return out


# -- plans and the catalogue -------------------------------------------------------------------------------------


#: For a metric where higher (lower) is better, the direction a target must not take.
_WORSE = {"higher": "decrease", "lower": "increase"}


def check_plan_metrics(plans: Iterable[Plan], outcomes: Outcomes) -> list[Problem]:
    """Every numeric target's metric must have a catalogue entry in percent, and the target move it the better way."""
    out: list[Problem] = []
    for plan in plans:
        found: list[tuple[str, str]] = []
        for pid, pathway in plan.pathways.items():
            for i, target in enumerate(pathway.targets):
                if target.qualitative or not target.metric:
                    continue
                path = f"pathways.{pid}.targets[{i}].metric"
                metric = outcomes.metric(target.metric)
                if metric is None:
                    hint = _did_you_mean(target.metric, outcomes.metrics)
                    found.append((path, f'metric "{target.metric}" has no entry in the metric catalogue{hint}'))
                elif metric.unit != "percent":
                    found.append((path, f'metric "{target.metric}" is in {metric.unit}, but targets are in percent'))
                elif target.direction == _WORSE.get(metric.better):
                    # A target that moves a metric the wrong way is a slip in the plan, not an ambition to rank.
                    direction = f"pathways.{pid}.targets[{i}].direction"
                    message = f'is "{target.direction}", but a {metric.better} "{target.metric}" is better'
                    found.append((direction, message))
        if found:
            lines = _plan_lines(plan)
            name = str(plan.path) if plan.path else plan.meta.code
            out += [Problem(name, message, path, lines.find(path) if lines else None) for path, message in found]
    return out


def _plan_lines(plan: Plan) -> KeyLines | None:
    if plan.path is None:
        return None
    try:
        return KeyLines(read_user_file(plan.path, limit=MAX_PLAN_BYTES).decode("utf-8"))
    except (FileRefused, UnicodeDecodeError):
        return None


# -- where outcome files are ---------------------------------------------------------------------------------------


@dataclass(eq=False, repr=False)
class OutcomeFiles:
    """The outcome files in use: the bundled ones, with a user directory's files added or replacing them."""

    files: tuple[Path, ...]
    bundled: Path
    directory: Path | None = None  # the user's directory, if any
    origin: str = "bundled"  # "--outcomes", "$RRP_OUTCOMES", "beside the plans" or "bundled"


def find_outcome_files(
    plans: PlanSource, explicit: str | Path | None = None, env: Mapping[str, str] | None = None
) -> OutcomeFiles:
    """The outcome files for the plans in use, by the documented order.

    The bundled files are always read.  A user directory adds files, and a
    file of the same name as a bundled one replaces it; the directory is the
    first of: ``explicit`` (``--outcomes DIR``), ``$RRP_OUTCOMES``, and
    ``outcomes/`` beside the plans directory in use (when the plans are not
    the bundled ones).  A directory given explicitly must exist.
    """
    env = os.environ if env is None else env
    bundled = bundled_dir("outcomes")
    directory: Path | None = None
    origin = "bundled"
    if explicit is not None:
        directory, origin = _existing(Path(explicit), "--outcomes"), "--outcomes"
    elif env.get("RRP_OUTCOMES"):
        directory, origin = _existing(Path(env["RRP_OUTCOMES"]), "$RRP_OUTCOMES"), "$RRP_OUTCOMES"
    elif plans.origin != "bundled":
        beside = plans.directory.parent / "outcomes"
        if beside.is_dir():
            directory, origin = beside, "beside the plans"
    by_name = {p.name: p for p in _toml_files(bundled)}
    if directory is not None and _same_dir(directory, bundled):
        directory, origin = None, "bundled"
    if directory is not None:
        by_name.update({p.name: p for p in _toml_files(directory)})
    return OutcomeFiles(tuple(by_name[n] for n in sorted(by_name)), bundled, directory, origin)


def _existing(directory: Path, origin: str) -> Path:
    if reason := not_a_directory(directory):
        raise OutcomesInvalid([Problem(str(directory), f"{reason} (given by {origin})")])
    return directory


def _toml_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.glob("*.toml") if p.is_file())


def _same_dir(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
