"""The numbers of an imported plan: figures of the facts about the region, and targets.

A figure gets a stable metric key.  The keys documented in
``docs/plan-format.md`` are used where the wording says the same thing
(``4 police and crime commissioners`` is ``police_and_crime_commissioners``);
otherwise a key is made from the wording, and the importer asks for a look at
it.  Target sentences are read with :func:`rrpcli.sentences.parse_target_sentence`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rrpcli.loader import check_target
from rrpcli.model import Number, Target
from rrpcli.sentences import parse_target_sentence
from rrpcli.statednumbers import exact_value, stated_numbers

#: Fact metric keys documented in docs/plan-format.md.
FACT_METRICS = frozenset(
    {
        "hmpps_staff", "prison_staff", "probation_staff", "police_and_crime_commissioners", "local_authorities",
        "tier_one_local_authorities", "clinical_commissioning_groups", "levelling_up_investment", "area",
        "residents", "probation_delivery_units", "people_supervised", "people_supervised_female_share", "prisons",
        "prison_capacity", "approved_premises", "probation_centres", "universities",
    }
)  # fmt: skip

#: Target metric keys documented in docs/plan-format.md.
TARGET_METRICS = frozenset(
    {
        "employed_six_weeks_after_release", "employed_six_months_after_release", "housed_night_after_release",
        "settled_accommodation_three_months_after_release", "sexual_offence_interventions_completed",
    }
)  # fmt: skip

#: What a number counts, by the words that follow it: pattern, metric key, unit.
_COUNTED: tuple[tuple[str, str, str], ...] = (
    (r"police and crime commissioners?", "police_and_crime_commissioners", "commissioners"),
    (r"tier[- ]one local authorit(?:y|ies)", "tier_one_local_authorities", "local authorities"),
    (r"local authorit(?:y|ies)", "local_authorities", "local authorities"),
    (r"clinical commissioning groups?", "clinical_commissioning_groups", "groups"),
    (r"square miles", "area", "square miles"),
    (r"(?:residents|inhabitants)", "residents", "residents"),
    (r"probation delivery units?", "probation_delivery_units", "units"),
    (r"approved premises", "approved_premises", "premises"),
    (r"probation (?:centres|offices)", "probation_centres", "centres"),
    (r"prisons?", "prisons", "prisons"),
    (r"universities", "universities", "universities"),
    (r"levelling[- ]up investments?", "levelling_up_investment", "GBP"),
)

_CURRENCY = {"£": "GBP", "$": "USD", "€": "EUR"}
_QUALIFIER = (
    r"(?i)\b(?P<q>more than|over|around|about|approximately|approx\.?|some|circa|almost|nearly|up to|under"
    r"|fewer than|less than)\s*$"
)
_QUALIFIERS = {"more than": "more than", "over": "over", "around": "around", "about": "around",
               "approximately": "around", "approx": "around", "approx.": "around", "some": "around",
               "circa": "around"}  # fmt: skip
_STOP_WORDS = frozenset(
    {
        "with", "including", "in", "of", "across", "providing", "supporting", "committed", "employed", "who",
        "which", "that", "to", "for", "from", "on", "at", "by", "are", "is", "were", "was", "have", "has", "and", "or",
    }
)  # fmt: skip


@dataclass(eq=False, repr=False)
class Figures:
    """The figures of a fact, and what the importer could not decide about them."""

    figures: list[dict[str, Any]]
    notes: list[str]


def number_value(value: Decimal) -> Number:
    """A whole number as an int, else a float."""
    return int(value) if value == value.to_integral_value() else float(value)


def _slug(words: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", words.casefold()).strip("_")


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us")):
        return word[:-1]
    return word


def _phrase(after: str) -> str:
    """The words naming what a number counts: up to punctuation, a number or a linking word."""
    words = []
    for word in re.findall(r"[\w'’-]+|[^\w\s]", after):
        if not re.fullmatch(r"[A-Za-z][\w'’-]*", word) or word.casefold() in _STOP_WORDS:
            break
        words.append(word)
        if len(words) == 4:
            break
    return " ".join(words)


def fact_figures(text: str) -> Figures:
    """The figures a published fact states, each with a metric key, unit and qualifier."""
    figures: list[dict[str, Any]] = []
    notes: list[str] = []
    matches = stated_numbers(text)
    previous_end = 0
    for i, m in enumerate(matches):
        before = text[previous_end : m.start()]
        following = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        after = text[m.end() : following]
        previous_end = m.end()
        value = exact_value(m)
        metric, unit = _measure(m, before, after, figures, text)
        if metric is None:
            notes.append(f'the number {m.group().strip()} in "{_short(text)}" has no metric key; add one by hand')
            continue
        figure: dict[str, Any] = {"metric": metric, "value": number_value(value), "unit": unit}
        qualifier = _qualifier(before, notes, m.group().strip())
        if qualifier:
            figure["qualifier"] = qualifier
        if metric not in FACT_METRICS:
            notes.append(f'metric key "{metric}" is made from the wording "{_short(text)}"; check it')
        figures.append(figure)
    return Figures(figures, notes)


def _short(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[: size - 3].rstrip() + "..."


def _qualifier(before: str, notes: list[str], number: str) -> str:
    window = before.replace("(", " ").rstrip()
    if m := re.search(_QUALIFIER, window):
        word = m["q"].lower()
        if word in _QUALIFIERS:
            return _QUALIFIERS[word]
        notes.append(f'"{m["q"]} {number}": only around, over and more than can be kept as a qualifier')
        return ""
    if re.search(r"\bapproximate\b", window, re.I):
        return "around"
    return ""


def _measure(
    m: re.Match[str], before: str, after: str, figures: list[dict[str, Any]], text: str
) -> tuple[str | None, str]:
    """The metric key and unit of one number, from the words around it."""
    rest = after.lstrip()
    if m["percent"]:
        share = _phrase(re.sub(r"^(?:are|is|of them are|of whom are|were)\s+", "", rest, flags=re.I))
        if not share:
            return None, "percent"
        base = figures[-1]["metric"] + "_" if figures else ""
        return f"{base}{_slug(share)}_share", "percent"
    if m["currency"]:
        noun = re.sub(r"^(?:of|in)\s+", "", rest, flags=re.I)
        for pattern, metric, _unit in _COUNTED:
            if re.match(pattern + r"\b", noun, re.I):
                return metric, _CURRENCY[m["currency"]]
        phrase = _phrase(noun)
        return (_slug(_singular(phrase)) or "amount"), _CURRENCY[m["currency"]]
    # A breakdown in brackets after a figure: "4,800 staff (3,200 prisons, 1,600 probation)".
    if figures and before.rstrip().endswith(("(", ",")) and _in_brackets(text, m.start()):
        word = _phrase(rest)
        if word and len(word.split()) == 1:
            unit = figures[-1]["unit"]
            return f"{_slug(_singular(word))}_{_slug(unit)}", unit
    if re.search(r"\bcapacity of\s*$", before, re.I):
        base = _singular(figures[-1]["metric"]) + "_" if figures else ""
        return f"{base}capacity", "places"
    for pattern, metric, unit in _COUNTED:
        if re.match(pattern + r"\b", rest, re.I):
            return metric, unit
    if re.match(r"staff\b", rest, re.I):
        described = rest.split("(", 1)[0]
        if re.search(r"\bHMPPS\b", described):
            return "hmpps_staff", "staff"
        if re.search(r"\bprobation\b|\bcommunity sentences?\b", described, re.I):
            return "probation_staff", "staff"
        if re.search(r"\bprisons?\b", described, re.I):
            return "prison_staff", "staff"
        return "staff", "staff"
    if re.match(r"(?:individuals|people|offenders|persons)\b", rest, re.I):
        if re.search(r"\bsupervis\w*\s+(?:more than |over |around |about )?$", before, re.I):
            return "people_supervised", "people"
        return "people", "people"
    phrase = _phrase(rest)
    if not phrase:
        return None, ""
    return _slug(phrase), phrase.split()[-1].casefold()


def _in_brackets(text: str, position: int) -> bool:
    return text.rfind("(", 0, position) > text.rfind(")", 0, position)


# --- targets ------------------------------------------------------------------------------------

_NUMBER_WORDS = dict(
    enumerate(
        ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
    )
)
_MEASURE_STOP = frozenset({"the", "a", "an", "of", "on", "in", "at", "to", "who", "are", "is"})


_MEASURE_OPENING = r"^(?:the\s+)?(?:proportion|percentage|number|rate|share)\s+(?:of\s+)?"


def target_metric(measure: str) -> str:
    """The metric key of a target's measure: ``the proportion housed on the night after release``
    is ``housed_night_after_release``."""
    words = re.sub(_MEASURE_OPENING, "", measure.strip(), flags=re.I)
    words = re.sub(r"\bleaving (?:prison|custody)\b", "release", words, flags=re.I)
    tokens = [
        _NUMBER_WORDS.get(int(t), t) if t.isdigit() and len(t) <= 2 else t
        for t in re.findall(r"[a-z0-9]+", words.casefold())
    ]
    return "_".join(t for t in tokens if t not in _MEASURE_STOP)


@dataclass(eq=False, repr=False)
class TargetReading:
    """A target as plan data; ``problem`` says why its numbers could not be kept."""

    data: dict[str, Any]
    problem: str = ""
    note: str = ""


def _value(number: float | None) -> Number | None:
    return None if number is None else number_value(Decimal(repr(number)))


def read_target(text: str, region: str) -> TargetReading:
    """A published target sentence as a target: numeric when it states numbers, else qualitative.

    A sentence whose numbers do not make a valid target (no deadline, numbers
    that disagree, another region) is kept as a qualitative target and its
    problem returned, for a person to look at.
    """
    said = parse_target_sentence(text)
    if not said.numeric:
        return TargetReading({"text": text, "qualitative": True})
    metric = target_metric(said.measure or "") if said.measure else ""
    baseline, change, stated = _value(said.baseline), _value(said.change_pp), _value(said.target)
    target_value = stated
    if target_value is None and baseline is not None:
        if said.direction == "maintain":
            target_value = baseline
        elif change is not None and said.direction in ("increase", "decrease"):
            sign = 1 if said.direction == "increase" else -1
            target_value = number_value(Decimal(repr(baseline)) + sign * Decimal(repr(change)))
    data: dict[str, Any] = {"text": text, "metric": metric, "direction": said.direction}
    for key, value in (
        ("baseline", baseline),
        ("baseline_date", said.baseline_date),
        ("change_pp", change if said.direction != "maintain" else None),
        ("target", target_value),
        ("deadline", said.deadline),
    ):
        if value is not None:
            data[key] = value
    target = Target(**data)
    problems = [
        f"{p.path.split('.', 1)[1]}: {p.message}" if "." in p.path else p.message
        for p in check_target(target, "target", region)
    ]
    if problems:
        return TargetReading({"text": text, "qualitative": True}, problem="; ".join(problems))
    note = "" if metric in TARGET_METRICS else f'metric key "{metric}" is made from the wording; check it'
    return TargetReading(data, note=note)
