"""Outcome files: the shipped ones, every error with its exact message, periods, and where files are found."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import PLANS, REPO, meta_toml, write
from hypothesis import given
from hypothesis import strategies as st

from rrpcli.catalog import PlanSource, bundled_dir
from rrpcli.errors import OutcomesInvalid
from rrpcli.loader import load_plan
from rrpcli.outcomes import (
    AREA_NAMES,
    ENGLAND,
    NATIONAL,
    OutcomeFiles,
    SeriesBreak,
    check_plan_metrics,
    comparable,
    find_outcome_files,
    load_outcomes,
    month_index,
    month_text,
    numbers_in,
    parse_period,
    read_outcome_file,
)

#: The outcome files rrp bundles: the repository's outcomes/ in a checkout, a copy inside an installed package.
BUNDLED = bundled_dir("outcomes")
SHIPPED_CODES = ["nw", "eoe"]

SOURCE = """\
[[source]]
id = "test-source"
title = "Test statistics"
publisher = "Ministry of Tests"
published = "2024-07-25"
url = "https://example.org/test"
"""

FIGURE = """\
[[figure]]
metric = "housed_night_after_release"
area = "nw"
period = "2023/24"
value = 88.5
unit = "percent"
source = "test-source"
quote = "In the year to March 2024, 88.5% were housed."
"""


def shipped_plans() -> list:
    return [load_plan(PLANS / "north_west.toml"), load_plan(PLANS / "east_of_england.toml")]


def bundled_files() -> list[Path]:
    return sorted(BUNDLED.glob("*.toml"))


def load_with(tmp_path: Path, **files: str) -> object:
    """The bundled files plus the given ones (name -> text), for the shipped regions."""
    extra = [write(tmp_path / name, textwrap.dedent(text)) for name, text in files.items()]
    return load_outcomes([*bundled_files(), *extra], areas=SHIPPED_CODES)


def problems_with(tmp_path: Path, **files: str) -> list[str]:
    with pytest.raises(OutcomesInvalid) as caught:
        load_with(tmp_path, **files)
    return [str(p) for p in caught.value.problems]


# -- the shipped files ----------------------------------------------------------------------------------------------


def test_the_bundled_outcome_files_are_the_repositorys() -> None:
    assert [p.name for p in bundled_files()] == [
        "england.toml", "metrics.toml", "national.toml", "plans.toml", "sources.toml",
    ]  # fmt: skip
    for path in bundled_files():
        assert path.read_bytes() == (REPO / "outcomes" / path.name).read_bytes()


def test_shipped_outcomes_load_and_catalogue_every_target_metric_of_the_shipped_plans() -> None:
    outcomes = load_outcomes(bundled_files(), areas=SHIPPED_CODES)
    assert check_plan_metrics(shipped_plans(), outcomes) == []
    used = {t.metric for plan in shipped_plans() for _, t in plan.all_targets() if not t.qualitative}
    assert used == {
        "employed_six_weeks_after_release",
        "employed_six_months_after_release",
        "housed_night_after_release",
        "settled_accommodation_three_months_after_release",
        "sexual_offence_interventions_completed",
    }
    assert used < set(outcomes.metrics)


def test_shipped_figures_are_never_a_regions_and_england_only_is_never_national() -> None:
    outcomes = load_outcomes(bundled_files(), areas=SHIPPED_CODES)
    assert outcomes.figures
    assert {f.area for f in outcomes.figures} == {NATIONAL, ENGLAND}
    # OHID's statistics cover England only: its metric has no England-and-Wales figure.
    assert {f.area for f in outcomes.figures if f.metric == "treatment_continuity"} == {ENGLAND}
    ohid = {f.source for f in outcomes.figures if f.area == ENGLAND}
    assert all(outcomes.source(s).publisher == "Office for Health Improvement and Disparities" for s in ohid)
    assert all(
        outcomes.source(f.source).publisher == "Ministry of Justice" for f in outcomes.figures if f.area == NATIONAL
    )
    assert AREA_NAMES == {NATIONAL: "England and Wales", ENGLAND: "England only"}


def test_every_shipped_figure_is_cited_with_a_dated_source_and_a_quote_stating_it() -> None:
    outcomes = load_outcomes(bundled_files(), areas=SHIPPED_CODES)
    for fig in outcomes.figures:
        source = outcomes.source(fig.source)
        assert source.published and source.url.startswith("https://")
        assert fig.value in numbers_in(fig.quote), fig.where


def test_no_shipped_value_for_sexual_offence_interventions() -> None:
    outcomes = load_outcomes(bundled_files(), areas=SHIPPED_CODES)
    assert outcomes.figures_for("sexual_offence_interventions_completed", NATIONAL) == []
    assert outcomes.metric("sexual_offence_interventions_completed") is not None


def test_shipped_series_breaks_are_quoted_from_a_declared_source() -> None:
    outcomes = load_outcomes(bundled_files(), areas=SHIPPED_CODES)
    broken = {m.id: [b.month for b in m.breaks] for m in outcomes.metrics.values() if m.breaks}
    assert broken == {
        "settled_accommodation_three_months_after_release": ["2024-05"],
        "employed_six_weeks_after_release": ["2024-05"],
        "employed_six_months_after_release": ["2024-05"],
    }
    for metric in outcomes.metrics.values():
        for brk in metric.breaks:
            assert "break in the time series" in brk.quote
            assert outcomes.source(brk.source).publisher == "Ministry of Justice"


def test_the_shipped_plans_publication_is_cited() -> None:
    outcomes = load_outcomes(bundled_files(), areas=SHIPPED_CODES)
    for plan in shipped_plans():
        pub = outcomes.publication_of(plan)
        assert pub is not None and pub.when == "summer 2022"
        assert pub.when in pub.quote
        assert outcomes.source(pub.source).title == "Probation Service Change Bulletin - Issue 12 - May 2022"


def test_a_publication_record_applies_only_to_its_period_and_revision() -> None:
    outcomes = load_outcomes(bundled_files(), areas=SHIPPED_CODES)
    refresh = load_plan(REPO / "tests" / "fixtures" / "north_west_2023_refresh.toml")
    assert refresh.meta.revision != "2022"
    assert outcomes.publication_of(refresh) is None


# -- errors ---------------------------------------------------------------------------------------------------------


def test_a_regional_figure_with_its_source_loads(tmp_path: Path) -> None:
    outcomes = load_with(tmp_path, **{"nw.toml": SOURCE + "\n" + FIGURE})
    (fig,) = outcomes.figures_for("housed_night_after_release", "nw")  # type: ignore[attr-defined]
    assert (fig.value, fig.period, fig.where) == (88.5, "2023/24", f"{tmp_path / 'nw.toml'}:8")


def test_figure_without_a_source_is_an_error(tmp_path: Path) -> None:
    text = FIGURE.replace('source = "test-source"\n', "")
    assert problems_with(tmp_path, **{"nw.toml": text}) == [
        f"{tmp_path / 'nw.toml'}:1: figure[0].source: required key is missing"
    ]


def test_figure_naming_an_undeclared_source_is_an_error(tmp_path: Path) -> None:
    text = SOURCE + "\n" + FIGURE.replace('source = "test-source"', 'source = "test-sauce"')
    assert problems_with(tmp_path, **{"nw.toml": text}) == [
        f'{tmp_path / "nw.toml"}:14: figure[0].source: source "test-sauce" is not declared (did you mean "test-source"?)'
    ]


def test_figure_citing_an_undated_source_is_an_error(tmp_path: Path) -> None:
    text = SOURCE.replace('published = "2024-07-25"\n', "") + "\n" + FIGURE
    assert problems_with(tmp_path, **{"nw.toml": text}) == [
        f'{tmp_path / "nw.toml"}:13: figure[0].source: source "test-source" has no published date; '
        "a cited figure needs a dated source"
    ]


def test_unknown_metric_and_unknown_area(tmp_path: Path) -> None:
    text = SOURCE + "\n" + FIGURE.replace("housed_night_after_release", "housed_night_after_releese")
    text = text.replace('area = "nw"', 'area = "nww"')
    assert problems_with(tmp_path, **{"nw.toml": text}) == [
        f'{tmp_path / "nw.toml"}:9: figure[0].metric: unknown metric "housed_night_after_releese": '
        'it has no [[metric]] entry (did you mean "housed_night_after_release"?)',
        f'{tmp_path / "nw.toml"}:10: figure[0].area: unknown area "nww": an area is national (England and Wales), '
        'england (England only) or a region code of the plans in use (eoe, nw) (did you mean "nw"?)',
    ]


def test_duplicate_figure_names_both_places(tmp_path: Path) -> None:
    again = FIGURE.replace("88.5", "88.6")
    assert problems_with(tmp_path, **{"a.toml": SOURCE + "\n" + FIGURE, "b.toml": again.replace("88.5", "88.6")}) == [
        f"{tmp_path / 'b.toml'}:1: figure[0]: a second figure for housed_night_after_release, nw, 2023/24; "
        f"the first is at {tmp_path / 'a.toml'}:8"
    ]


def test_a_national_figure_may_not_be_given_twice_either(tmp_path: Path) -> None:
    text = SOURCE + "\n" + FIGURE.replace('area = "nw"', 'area = "national"').replace("88.5", "85.7")
    (problem,) = problems_with(tmp_path, **{"mine.toml": text})
    assert problem.startswith(f"{tmp_path / 'mine.toml'}:8: figure[0]: a second figure for housed_night_after_release,")
    assert problem.endswith(f"national, 2023/24; the first is at {BUNDLED / 'national.toml'}:21")


def test_values_units_and_quotes_are_checked(tmp_path: Path) -> None:
    text = SOURCE + "\n" + FIGURE.replace('unit = "percent"', 'unit = "pct"')
    assert problems_with(tmp_path, **{"nw.toml": text}) == [
        f'{tmp_path / "nw.toml"}:13: figure[0].unit: expected one of "percent", got "pct"',
    ]
    text = SOURCE + "\n" + FIGURE.replace("value = 88.5", "value = 188.5").replace("88.5%", "188.5%")
    text += "\n" + FIGURE.replace("2023/24", "2024/25").replace("value = 88.5", "value = 88.4")
    assert problems_with(tmp_path, **{"nw.toml": text}) == [
        f"{tmp_path / 'nw.toml'}:12: figure[0].value: a percentage is at most 100, got 188.5",
        f"{tmp_path / 'nw.toml'}:24: figure[1].quote: does not state the value 88.4",
    ]


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2023/25", "2023/25 is not a performance year: 2023/24 follows 2023"),
        ("2024-05/2024-03", "2024-05/2024-03: the last month must come after the first"),
        (
            "2023-13",
            "expected a performance year such as 2023/24, a month such as 2023-07, "
            'or months such as 2024-05/2025-03, got "2023-13"',
        ),
        (
            "FY2023",
            'expected a performance year such as 2023/24, a month such as 2023-07, or months such as 2024-05/2025-03, got "FY2023"',
        ),
    ],
)
def test_bad_periods(tmp_path: Path, period: str, message: str) -> None:
    text = SOURCE + "\n" + FIGURE.replace("2023/24", period)
    assert problems_with(tmp_path, **{"nw.toml": text}) == [f"{tmp_path / 'nw.toml'}:11: figure[0].period: {message}"]


def test_a_source_declared_twice_names_the_first_place(tmp_path: Path) -> None:
    text = SOURCE.replace("test-source", "moj-accommodation-2024")
    assert problems_with(tmp_path, **{"mine.toml": text}) == [
        f'{tmp_path / "mine.toml"}:2: source[0].id: source "moj-accommodation-2024" is already declared at '
        f"{BUNDLED / 'sources.toml'}:8"
    ]


def test_unknown_keys_bad_dates_and_syntax(tmp_path: Path) -> None:
    text = SOURCE.replace('published = "2024-07-25"', 'published = "2024-02-30"\npublised = "2024"')
    assert problems_with(tmp_path, **{"a.toml": text}) == [
        f"{tmp_path / 'a.toml'}:5: source[0].published: 2024-02-30 is not a date in the calendar",
        f'{tmp_path / "a.toml"}:6: source[0].publised: unknown key (did you mean "published"?)',
    ]
    text = SOURCE.replace('published = "2024-07-25"', 'published = "2024-02-30"')
    assert problems_with(tmp_path, **{"a.toml": text}) == [
        f"{tmp_path / 'a.toml'}:5: source[0].published: 2024-02-30 is not a date in the calendar"
    ]
    assert problems_with(tmp_path, **{"a.toml": "[[figure]\n"}) == [
        f"{tmp_path / 'a.toml'}:1:9: TOML syntax error: Expected ']]' at the end of an array declaration"
    ]
    write(tmp_path / "b.toml", b"\xff\xfe[[figure]]")
    with pytest.raises(OutcomesInvalid, match=r"b\.toml:1: is not UTF-8 text \(byte 0xff at offset 0\)"):
        read_outcome_file(tmp_path / "b.toml")


def test_every_problem_of_every_file_at_once(tmp_path: Path) -> None:
    bad_a = SOURCE.replace("https://example.org/test", "example.org")
    bad_b = FIGURE.replace("2023/24", "2023/25")
    found = problems_with(tmp_path, **{"a.toml": bad_a, "b.toml": bad_b})
    assert [p.split(": ")[0] for p in found] == [f"{tmp_path / 'a.toml'}:6", f"{tmp_path / 'b.toml'}:4"]


METRIC = """\
[[metric]]
id = "reoffending_rate"
name = "Proven reoffending"
unit = "percent"
better = "lower"
counts = "Offenders who commit a proven reoffence"
cohort = "Offenders released from custody or starting a court order in a quarter"
denominator = "The cohort"
measured_at = "One year, plus six months for the reoffence to be proven"
geography = "England and Wales"
publication = "Proven reoffending statistics (Ministry of Justice, quarterly)"
sources = ["test-source"]
"""


def test_metric_entries_are_checked(tmp_path: Path) -> None:
    unknown_source = METRIC.replace('["test-source"]', '["test-source", "no-such-source"]')
    again = METRIC.replace("reoffending_rate", "housed_night_after_release")
    assert problems_with(tmp_path, **{"m.toml": SOURCE + "\n" + unknown_source + "\n" + again}) == [
        f'{tmp_path / "m.toml"}:19: metric[0].sources[1]: source "no-such-source" is not declared '
        '(did you mean "test-source"?)',
        f'{tmp_path / "m.toml"}:22: metric[1].id: metric "housed_night_after_release" is already declared at '
        f"{BUNDLED / 'metrics.toml'}:6",
    ]
    assert problems_with(tmp_path, **{"m.toml": SOURCE + "\n" + METRIC.replace('["test-source"]', "[]")}) == [
        f"{tmp_path / 'm.toml'}:19: metric[0].sources: a definition needs at least one source"
    ]


def test_check_plan_metrics_names_file_line_and_field(tmp_path: Path) -> None:
    outcomes = load_outcomes(bundled_files(), areas=["tl"])
    plan_path = write(
        tmp_path / "tl.toml",
        meta_toml()
        + '\n[pathways.training_skills_work]\ntitle = "Training, skills and work"\n\n'
        + "[[pathways.training_skills_work.targets]]\n"
        + 'text = "By July 2023, Testland will increase the proportion employed six weeks after release by 1 percentage point from 18% in March 2022"\n'
        + 'metric = "employed_six_weeks_after_releas"\ndirection = "increase"\nbaseline = 18\nbaseline_date = "2022-03"\n'
        + 'change_pp = 1\ntarget = 19\ndeadline = "2023-07"\n',
    )
    (problem,) = check_plan_metrics([load_plan(plan_path)], outcomes)
    assert str(problem) == (
        f"{plan_path}:13: pathways.training_skills_work.targets[0].metric: metric "
        '"employed_six_weeks_after_releas" has no entry in the metric catalogue '
        '(did you mean "employed_six_weeks_after_release"?)'
    )


# -- periods --------------------------------------------------------------------------------------------------------


def test_periods() -> None:
    year = parse_period("2023/24")
    assert (year.kind, month_text(year.start), month_text(year.end)) == ("year", "2023-04", "2024-03")
    assert year.label == "2023/24 (April 2023 – March 2024)"
    assert parse_period("1999/00").months == "April 1999 – March 2000"
    month = parse_period("2023-07")
    assert (month.kind, month.start, month.end, month.label) == (
        "month",
        month_index("2023-07"),
        month.start,
        "July 2023",
    )
    span = parse_period("2024-05/2025-03")
    assert (span.kind, span.label) == ("months", "May 2024 – March 2025")
    assert span.contains(month_index("2024-05")) and not span.contains(month_index("2024-04"))


@given(st.integers(1900, 2200))
def test_a_performance_year_is_april_to_march(year: int) -> None:
    period = parse_period(f"{year}/{(year + 1) % 100:02d}")
    assert period.end - period.start == 11
    assert month_text(period.start) == f"{year}-04" and month_text(period.end) == f"{year + 1}-03"


@given(st.integers(1900 * 12, 2200 * 12), st.integers(0, 40), st.integers(1900 * 12, 2200 * 12), st.integers(0, 40),
       st.integers(1900 * 12, 2200 * 12))  # fmt: skip
def test_comparable_is_symmetric_and_true_only_on_one_side_of_a_break(
    a: int, la: int, b: int, lb: int, brk: int
) -> None:
    first = parse_period(f"{month_text(a)}/{month_text(a + la)}") if la else parse_period(month_text(a))
    second = parse_period(f"{month_text(b)}/{month_text(b + lb)}") if lb else parse_period(month_text(b))
    breaks = [SeriesBreak(month_text(brk), "t", "s", "q")]
    same_side = (first.end < brk and second.end < brk) or (first.start >= brk and second.start >= brk)
    assert comparable(first, second, breaks) == comparable(second, first, breaks) == same_side
    assert comparable(first, second, [])


def test_numbers_in_a_quote() -> None:
    assert numbers_in("In the year to March 2024, 85.7% of 43,521 (excluding 1.9 points)") == [2024, 85.7, 43521, 1.9]


# -- where outcome files are found -----------------------------------------------------------------------------------


def test_bundled_files_only_for_bundled_plans() -> None:
    found = find_outcome_files(PlanSource(bundled_dir("plans"), "bundled"), env={})
    assert found.files == tuple(bundled_files())
    assert (found.directory, found.origin) == (None, "bundled")


def test_outcomes_beside_the_plans_in_use_add_and_replace(tmp_path: Path) -> None:
    write(tmp_path / "plans" / "tl.toml", meta_toml())
    write(tmp_path / "outcomes" / "testland.toml", SOURCE)
    write(tmp_path / "outcomes" / "national.toml", "# no national figures\n")
    write(tmp_path / "outcomes" / "notes.txt", "not TOML")
    found = find_outcome_files(PlanSource(tmp_path / "plans", "--plans"), env={})
    assert (found.directory, found.origin) == (tmp_path / "outcomes", "beside the plans")
    assert [p.name for p in found.files] == [
        "england.toml", "metrics.toml", "national.toml", "plans.toml", "sources.toml", "testland.toml",
    ]  # fmt: skip
    assert found.files[2] == tmp_path / "outcomes" / "national.toml"
    outcomes = load_outcomes(found.files, areas=["tl"])
    # The user's empty national.toml replaced the bundled one.
    assert {f.area for f in outcomes.figures} == {ENGLAND}
    assert "test-source" in outcomes.sources


def test_explicit_directory_then_environment(tmp_path: Path) -> None:
    plans = PlanSource(tmp_path / "plans", "./plans")
    write(tmp_path / "outcomes" / "beside.toml", "")
    write(tmp_path / "given" / "given.toml", "")
    write(tmp_path / "env" / "env.toml", "")
    env = {"RRP_OUTCOMES": str(tmp_path / "env")}

    def added(found: OutcomeFiles) -> list[str]:
        return [p.name for p in found.files if p.parent != BUNDLED]

    assert added(find_outcome_files(plans, tmp_path / "given", env)) == ["given.toml"]
    assert added(find_outcome_files(plans, None, env)) == ["env.toml"]
    assert added(find_outcome_files(plans, None, {})) == ["beside.toml"]
    assert find_outcome_files(plans, None, env).origin == "$RRP_OUTCOMES"
    with pytest.raises(OutcomesInvalid) as caught:
        find_outcome_files(plans, tmp_path / "nowhere", env)
    assert str(caught.value) == f"{tmp_path / 'nowhere'}: no such directory (given by --outcomes)"
    with pytest.raises(OutcomesInvalid, match=r"no such directory \(given by \$RRP_OUTCOMES\)"):
        find_outcome_files(plans, None, {"RRP_OUTCOMES": str(tmp_path / "nowhere")})


def test_giving_the_bundled_directory_reads_each_file_once() -> None:
    found = find_outcome_files(PlanSource(PLANS, "./plans"), BUNDLED, {})
    assert found.files == tuple(bundled_files())
    assert found.directory is None
