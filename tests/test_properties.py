"""Properties of the plan format: whatever is dumped loads back the same."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from rrpcli.loader import dump_plan, load_plan
from rrpcli.model import (
    About,
    Achievements,
    ContextItem,
    Fact,
    Figure,
    Footnote,
    GlossaryEntry,
    Meta,
    Pathway,
    Pathways,
    Plan,
    Target,
    Vision,
)
from rrpcli.sentences import MONTHS

# Any printable text, including quotes, backslashes, markup and control characters.
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40).filter(str.strip)
texts = st.lists(text, max_size=4).map(tuple)
term = st.from_regex(r"[A-Za-z][A-Za-z' ]{0,15}[A-Za-z]", fullmatch=True)
key = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True)


@st.composite
def numeric_targets(draw: st.DrawFn, region: str) -> Target:
    direction = draw(st.sampled_from(["increase", "decrease", "maintain"]))
    by_year, by_month = draw(st.integers(2023, 2030)), draw(st.integers(1, 12))
    from_year, from_month = draw(st.integers(2015, 2022)), draw(st.integers(1, 12))
    deadline = f"{by_year}-{by_month:02d}"
    opening = f"By {MONTHS[by_month - 1]} {by_year}, {region} will"
    if direction == "maintain":
        value = draw(st.integers(0, 100))
        return Target(f"{opening} continue to maintain the rate at {value}%", "rate", False, direction,
                      target=value, deadline=deadline)  # fmt: skip
    baseline = draw(st.integers(0, 100))
    change = draw(st.integers(0, 100 - baseline if direction == "increase" else baseline))
    goal = baseline + change if direction == "increase" else baseline - change
    sentence = (
        f"{opening} {direction} the rate by {change} percentage points from {baseline}% "
        f"in {MONTHS[from_month - 1]} {from_year}"
    )
    return Target(sentence, "rate", False, direction, baseline, f"{from_year}-{from_month:02d}", change, goal, deadline)


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    region = draw(st.from_regex(r"[A-Z][a-z]{2,10}( [A-Z][a-z]{2,8})?", fullmatch=True))
    notes = tuple(Footnote(n, draw(text), "") for n in range(1, draw(st.integers(0, 3)) + 1))
    context = tuple(
        ContextItem(draw(text), tuple(draw(st.lists(st.sampled_from([f.number for f in notes]), max_size=2))))
        if notes
        else ContextItem(draw(text))
        for _ in range(draw(st.integers(0, 3)))
    )
    targets = tuple(draw(st.lists(numeric_targets(region), max_size=2))) + tuple(
        Target(t, qualitative=True) for t in draw(st.lists(text, max_size=1))
    )
    metrics = draw(st.lists(key, max_size=3, unique=True))
    values = [draw(st.integers(0, 10**7) | st.integers(0, 10**8).map(lambda n: n / 100)) for _ in metrics]
    # The sentence states its figure (the loader checks that it does), with or without thousands commas.
    facts = tuple(
        Fact(
            f"{draw(text)} – {value:,} counted; {draw(text)}" if draw(st.booleans()) else f"{value} of {draw(text)}",
            (Figure(m, value, draw(text)),),
        )
        for m, value in zip(metrics, values, strict=True)
    )
    glossary = tuple(
        GlossaryEntry(f"{t} – {d}")
        for t, d in draw(st.lists(st.tuples(term, text), max_size=3, unique_by=lambda p: p[0].casefold()))
    )
    pathway = Pathway(draw(text), draw(texts), context, draw(texts), targets, draw(texts), draw(texts))
    return Plan(
        meta=Meta(draw(key), region, draw(text), "2022-25", draw(text), draw(texts), draw(text)),
        vision=Vision(draw(text), draw(texts), draw(texts), draw(text)),
        about=About(facts),
        achievements=Achievements(draw(texts)),
        pathways=Pathways(drugs_alcohol=pathway),
        glossary=glossary,
        footnotes=notes,
    )


@settings(max_examples=60, deadline=None)
@given(plans())
def test_load_of_dump_is_identity(plan: Plan) -> None:
    assert load_plan(Path("generated.toml"), text=dump_plan(plan)) == plan
