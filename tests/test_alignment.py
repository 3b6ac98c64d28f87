"""The alignment of rrp compare against its definition (tests/alignment_oracle.py): the same groups, the same way.

The fast alignment (rrpcli.compare) finds candidates through an index, under
limits that keep the work near-linear, and works out links only when they can
still change the result.  Below those limits it must give exactly what the
plain definition gives, scoring every pair: Hypothesis checks that on random
small plans made from real plan sentences (renamed, edited, split, repeated,
reordered), with the limits lifted, and the shipped plans and twelve synthetic
regions show that the limits change nothing on plans of normal size.  Where a
section does hold dozens of near copies, the limits choose which copies are
compared; the groups must still be groups by the definition.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import alignment_oracle as oracle
import pytest
from conftest import PLANS, load_benchmark_module
from hypothesis import given, settings
from hypothesis import strategies as st

from rrpcli.compare import COMPARED_SECTIONS, align_section
from rrpcli.compare import candidates as candidate_limits
from rrpcli.loader import load_plan
from rrpcli.model import Plan
from rrpcli.units import Unit, text_units

SHIPPED = [load_plan(PLANS / "north_west.toml"), load_plan(PLANS / "east_of_england.toml")]
NAMES = ["North West", "East of England", "South West", "Kent, Surrey and Sussex", "Wales"]


def fast(codes: Sequence[str], units: Sequence[Sequence[Unit]], names: Sequence[str], threshold: float,
         by_name: bool = False) -> dict[str, Any]:  # fmt: skip
    """The section as rrpcli.compare aligns it, in the oracle's terms."""
    section = align_section(units[0][0].section if units[0] else "vision", codes, units, names, threshold,
                            by_name=by_name).to_json()  # fmt: skip
    shared = [{key: item[key] for key in ("match", "similarity", "plans", "units")} for item in section["shared"]]
    return {"shared": shared, "regional_units": section["regional_units"]}


@contextmanager
def no_limits() -> Iterator[None]:
    """The candidate limits lifted: every lookup read whole, every candidate kept."""
    with (
        mock.patch.object(candidate_limits, "POSTINGS_PER_SHINGLE_AND_PLAN", None),
        mock.patch.object(candidate_limits, "CANDIDATES_PER_PLAN", 10**9),
    ):
        yield


def sections(plans: Sequence[Plan]) -> Iterator[tuple[str, list[list[Unit]]]]:
    """Every compared section's units, plan by plan."""
    units = [text_units(plan) for plan in plans]
    for sid in COMPARED_SECTIONS:
        yield sid, [[u for u in plan_units if u.section == sid] for plan_units in units]


# -- random small plans from real sentences -----------------------------------------------------

POOL = sorted({u.text for plan in SHIPPED for u in text_units(plan) if u.section in (
    "training_skills_work", "drugs_alcohol", "family_accommodation", "public_security", "national_priorities", "vision",
)})  # fmt: skip
PARTNER_POOL = sorted({u.text for plan in SHIPPED for u in text_units(plan) if u.part in ("partners", "names")})
AWKWARD = ["—", "2022", "North West", "Partners", "Partner", "in the North West region", "in the region", "Clinks"]
FILLERS = [
    "people",
    "prison",
    "support",
    "North",
    "West",
    "England",
    "2023",
    "15%",
    "March",
    "points",
    "and",
    "(phase 2)",
]
PARTS = ("introduction", "context", "targets", "objectives", "activities")


@st.composite
def variant(draw: st.DrawFn, text: str, name: str) -> str:
    """The text as another plan might have it: renamed, its figures and some words changed."""
    if draw(st.booleans()):
        text = text.replace("North West", name).replace("East of England", name)
    tokens = text.split()
    for _ in range(draw(st.integers(0, 3))):
        if not tokens:
            break
        at = draw(st.integers(0, len(tokens) - 1))
        edit = draw(st.sampled_from(["replace", "insert", "delete", "plural", "number"]))
        if edit == "replace":
            tokens[at] = draw(st.sampled_from(FILLERS))
        elif edit == "insert":
            tokens.insert(at, draw(st.sampled_from(FILLERS)))
        elif edit == "delete":
            del tokens[at]
        elif edit == "plural":
            tokens[at] = tokens[at][:-1] if tokens[at].endswith("s") else tokens[at] + "s"
        else:
            tokens[at] = str(draw(st.integers(0, 99))) + draw(st.sampled_from(["", "%"]))
    return " ".join(tokens)


@st.composite
def small_section(draw: st.DrawFn) -> tuple[list[str], list[str], list[list[Unit]], bool, float]:
    """Two to four plans' units of one section, built from a few real sentences; whether they are partner names."""
    by_name = draw(st.integers(0, 4)) == 0
    count = draw(st.integers(2, 4))
    names = draw(st.permutations(NAMES))[:count]
    codes = [f"r{i}" for i in range(count)]
    pool = PARTNER_POOL if by_name else POOL + AWKWARD
    chosen = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=6, unique=True))
    units: list[list[Unit]] = []
    for name in names:
        texts: list[tuple[str, str]] = []  # (part, text)
        for text in chosen:
            if draw(st.integers(0, 3)) == 0:
                continue  # this plan does not have it
            part = "names" if by_name else draw(st.sampled_from(PARTS))
            text = draw(variant(text, name))
            words = text.split()
            if not by_name and len(words) > 8 and draw(st.integers(0, 3)) == 0:  # a split paragraph
                cut = draw(st.integers(1, len(words) - 1))
                texts += [(part, " ".join(words[:cut])), (part, " ".join(words[cut:]))]
            else:
                texts.append((part, text))
            if draw(st.integers(0, 7)) == 0:
                texts.append((part, text))  # twice in one plan
        texts = draw(st.permutations(texts))
        if not by_name:  # lists in their order, as a plan has them (a split paragraph's pieces next to each other)
            texts = sorted(texts, key=lambda part_text: PARTS.index(part_text[0]))
        section = "our_partners" if by_name else "drugs_alcohol"
        base = "our_partners" if by_name else "pathways.drugs_alcohol"
        positions: dict[str, int] = {}
        plan_units = []
        for part, text in texts:
            i = positions[part] = positions.get(part, -1) + 1
            plan_units.append(Unit(section, part, f"{base}.{part}[{i}]", text))
        units.append(plan_units)
    threshold = draw(st.sampled_from([0.6, 0.6, 0.45, 0.8]))
    return codes, names, units, by_name, threshold


@settings(max_examples=500, deadline=None)
@given(small_section())
def test_fast_alignment_is_the_definition(case: tuple[list[str], list[str], list[list[Unit]], bool, float]) -> None:
    """With its limits lifted, the fast alignment gives the groups of the pair-by-pair definition."""
    codes, names, units, by_name, threshold = case
    with no_limits():
        got = fast(codes, units, names, threshold, by_name)
    assert got == oracle.align(codes, units, names, threshold, by_name)


# -- plans of normal size: the limits change nothing ------------------------------------------------


@pytest.mark.parametrize("threshold", [0.6, 0.45, 0.9])
@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_shipped_plans_as_defined(order: tuple[int, int], threshold: float) -> None:
    """North West and East of England, either way round: every section as the definition has it."""
    plans = [SHIPPED[i] for i in order]
    codes, names = [p.code for p in plans], [p.name for p in plans]
    for sid, units in sections(plans):
        by_name = sid == "our_partners"
        assert fast(codes, units, names, threshold, by_name) == oracle.align(codes, units, names, threshold, by_name), (
            sid
        )


def test_twelve_synthetic_regions_as_defined(tmp_path: Path) -> None:
    """The benchmark's twelve regions of normal size, with the default limits: every section as defined."""
    synth = load_benchmark_module("synth")
    plans = [load_plan(path) for path in synth.generate(tmp_path).regions.values()]
    codes, names = [p.code for p in plans], [p.name for p in plans]
    for sid, units in sections(plans):
        by_name = sid == "our_partners"
        assert fast(codes, units, names, 0.6, by_name) == oracle.align(codes, units, names, 0.6, by_name), sid


# -- crowded sections: the limits choose which near copies are compared ------------------------------


def crowded(copies: int) -> tuple[list[str], list[str], list[list[Unit]]]:
    """Three plans, each with ``copies`` near copies of two objectives (a qualifier and a number apart)."""
    base = [
        "Increase the number of prison leavers with settled accommodation on the night of release",
        "Work with local authorities to improve accommodation outcomes for people on probation",
    ]
    names = ["North West", "East of England", "South West"]
    places = ["Preston", "Norwich", "Bristol"]
    units = []
    for p, place in enumerate(places):
        texts = [f"{text} in {place} (phase {k + p % 2})" for k in range(copies) for text in base]
        units.append([Unit("drugs_alcohol", "objectives", f"pathways.drugs_alcohol.objectives[{i}]", t)
                      for i, t in enumerate(texts)])  # fmt: skip
    return ["a", "b", "c"], names, units


def test_crowded_section_groups_are_groups_by_the_definition() -> None:
    """Forty near copies a plan reach the limits; what is shared is still shared by the definition."""
    codes, names, units = crowded(40)
    got = fast(codes, units, names, 0.6)
    text = {(code, u.path): u.text for code, us in zip(codes, units, strict=True) for u in us}
    seen: list[tuple[str, str]] = []
    for item in got["shared"]:
        assert len(item["plans"]) == len(set(item["plans"])) >= 2
        texts = {code: text[code, paths[0]] for code, paths in item["units"].items()}
        links = [oracle.link(texts[a], texts[b], names, 0.6, False) for i, a in enumerate(item["plans"])
                 for b in item["plans"][i + 1 :]]  # fmt: skip
        similarities = [link[1] for link in links if link is not None]
        assert len(similarities) == len(links)  # every two linked
        assert item["similarity"] == min(similarities)
        seen += [(code, path) for code, paths in item["units"].items() for path in paths]
    seen += [(code, path) for code, paths in got["regional_units"].items() for path in paths]
    assert sorted(seen) == sorted((c, u.path) for c, us in zip(codes, units, strict=True) for u in us)
    # Every copy has a linkable copy in each other plan: none is left on its own.
    assert got["regional_units"] == {"a": [], "b": [], "c": []}


def test_crowded_section_without_limits_is_the_definition() -> None:
    """The same section with the limits lifted: exactly the definition."""
    codes, names, units = crowded(12)
    with no_limits():
        assert fast(codes, units, names, 0.6) == oracle.align(codes, units, names, 0.6)


def test_limits_are_reached_in_a_crowded_section() -> None:
    """The crowded section does reach the limits (so the test above is about them)."""
    codes, names, units = crowded(40)
    calls: list[candidate_limits.Candidates] = []
    original = candidate_limits.find_candidates

    def recording(*args: Any, **kwargs: Any) -> candidate_limits.Candidates:
        result = original(*args, **kwargs)
        calls.append(result)
        return result

    with mock.patch("rrpcli.compare.grouping.find_candidates", recording):
        fast(codes, units, names, 0.6)
    assert calls[0].crowded and calls[0].full


def test_text_twice_in_a_plan_pairs_each_copy() -> None:
    """A plan with a text twice: one copy joins the group of the text, the other can still pair on its own.

    (Found by the property above: the second copy's pairs were never proposed.)
    """
    advice = "an information, advice and guidance provider in Cumbria and Lancashire prisons"
    texts = [
        ["Achieve, an information,", "advice and guidance provider in Cumbria and Lancashire prisons"],  # split
        [advice, f"people {advice}"],
        [f"Achieve, {advice}", f"Achieve, {advice}"],  # twice
    ]
    codes, names = ["a", "b", "c"], ["North West", "East of England", "South West"]
    units = [[Unit("drugs_alcohol", "introduction", f"pathways.drugs_alcohol.introduction[{i}]", text)
              for i, text in enumerate(plan)] for plan in texts]  # fmt: skip
    expected = oracle.align(codes, units, names, 0.6)
    assert [item["plans"] for item in expected["shared"]] == [["a", "b", "c"], ["b", "c"]]
    assert fast(codes, units, names, 0.6) == expected
    with no_limits():
        assert fast(codes, units, names, 0.6) == expected
