"""The benchmark's generator of synthetic plans (benchmarks/synth.py); the benchmark itself is not a test."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import PLANS, REPO, load_benchmark_module

from rrpcli.catalog import Catalog, PlanSource
from rrpcli.loader import load_plan
from rrpcli.model import Plan
from rrpcli.sentences import parse_target_sentence

TWELVE = ["nw", "ne", "yh", "gm", "em", "wm", "eoe", "kss", "lon", "sw", "sc", "wal"]
NAMES = [
    "North West",
    "North East",
    "Yorkshire and the Humber",
    "Greater Manchester",
    "East Midlands",
    "West Midlands",
    "East of England",
    "Kent Surrey and Sussex",
    "London",
    "South West",
    "South Central",
    "Wales",
]


synth = load_benchmark_module("synth")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return synth.generate(tmp_path_factory.mktemp("synth"))


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.toml"))}


def test_writes_twelve_regions_and_two_enlarged_plans(generated: Any) -> None:
    assert sorted(_files(generated.root)) == sorted(
        [f"regions/{r.stem}.toml" for r in synth.REGIONS]
        + ["large/north_west_x10.toml", "large/north_west_x10_revised.toml"]
    )


def test_same_output_every_time_and_with_any_hash_seed(generated: Any, tmp_path: Path) -> None:
    again = synth.generate(tmp_path / "again")
    assert _files(again.root) == _files(generated.root)
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = tmp_path / "other-hash-seed"
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "synth.py"), str(other)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert _files(other) == _files(generated.root)


def test_another_seed_gives_other_plans(generated: Any, tmp_path: Path) -> None:
    other = synth.generate(tmp_path / "seed", seed=synth.SEED + 1)
    theirs, ours = _files(other.root), _files(generated.root)
    assert theirs["regions/north_west.toml"] == ours["regions/north_west.toml"]  # the real ones stay
    assert theirs["regions/wales.toml"] != ours["regions/wales.toml"]


def test_every_generated_plan_loads_and_validates(generated: Any, run: Any) -> None:
    for path in [*generated.regions.values(), generated.large, generated.large_revised]:
        load_plan(path)  # raises on any problem
    result = run("--plans", str(generated.regions_dir), "validate")
    assert result.exit_code == 0, result.output
    assert result.stdout.count(".toml: ok (") == 12
    result = run("validate", str(generated.large), str(generated.large_revised))
    assert result.exit_code == 0, result.output


def test_twelve_distinct_codes_and_region_names(generated: Any) -> None:
    assert list(generated.regions) == TWELVE
    catalog = Catalog.open(PlanSource(generated.regions_dir, "--plans"))
    assert not catalog.errors
    plans = {p.code: p for p in catalog.plans}
    assert sorted(plans) == sorted(TWELVE)
    assert [plans[c].name for c in TWELVE] == NAMES
    for code, name in zip(TWELVE, NAMES, strict=True):
        assert catalog.resolve(code).name == name
        assert catalog.resolve(name.lower()).code == code


def test_the_real_plans_are_kept_as_they_are(generated: Any) -> None:
    assert load_plan(generated.regions["nw"]) == load_plan(PLANS / "north_west.toml")
    assert load_plan(generated.regions["eoe"]) == load_plan(PLANS / "east_of_england.toml")


@pytest.mark.parametrize("code", [c for c in TWELVE if c not in ("nw", "eoe")])
def test_derived_regions_are_renamed_renumbered_and_edited(generated: Any, code: str) -> None:
    region = next(r for r in synth.REGIONS if r.code == code)
    plan = load_plan(generated.regions[code])
    base = load_plan(generated.regions[region.base])
    text = generated.regions[code].read_text(encoding="utf-8")
    assert base.name not in text
    assert plan.meta.title == f"{region.name} Reducing Reoffending Plan 2022-25"
    assert "not a publication" in plan.meta.source
    # Targets: other numbers, same metrics, the sentence names the region and states the fields.
    targets, base_targets = plan.all_targets(), base.all_targets()
    assert [(pid, t.metric) for pid, t in targets] == [(pid, t.metric) for pid, t in base_targets]
    numeric = [t for _, t in targets if not t.qualitative]
    assert [t.target for t in numeric] != [t.target for _, t in base_targets if not t.qualitative]
    for t in numeric:
        said = parse_target_sentence(t.text)
        assert said.region == region.name
        assert said.deadline == t.deadline
        stated = said.target if t.direction == "maintain" else said.baseline
        assert stated == pytest.approx(t.target if t.direction == "maintain" else t.baseline)
    # Facts: other figures, and the statement says the new number.
    assert [f.figures for f in plan.about.facts] != [f.figures for f in base.about.facts]
    for fact in plan.about.facts:
        for figure in fact.figures:
            if figure.value < 1_000_000:
                assert f"{figure.value:,}" in fact.text or str(figure.value) in fact.text
    # National text is shared as it is; regional text is reworded, with items removed and added.
    for (_, pathway), (_, base_pathway) in zip(plan.pathways.items(), base.pathways.items(), strict=True):
        assert pathway.introduction == tuple(s.replace(base.name, region.name) for s in base_pathway.introduction)
    assert plan.glossary == base.glossary
    regional = _regional_items(plan)
    base_regional = {s.replace(base.name, region.name) for s in _regional_items(base)}
    assert regional - base_regional  # reworded or new items
    assert base_regional - regional  # reworded or removed items
    assert {p.name for p in plan.foreword.signatories}.isdisjoint({p.name for p in base.foreword.signatories})


def _regional_items(plan: Plan) -> set[str]:
    out = set(plan.achievements.items)
    for _, p in plan.pathways.items():
        out |= {c.text for c in p.context} | set(p.partners) | set(p.objectives) | set(p.activities)
    return out


def _list_lengths(obj: Any, path: str = "") -> dict[str, int]:
    """The length of every list of the plan, by path, not looking inside list items."""
    out: dict[str, int] = {}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            here = f"{path}.{f.name}" if path else f.name
            if isinstance(value, tuple):
                out[here] = len(value)
            else:
                out |= _list_lengths(value, here)
    return out


def assert_every_list_longer(real: Plan, large: Plan, factor: int) -> None:
    before, after = _list_lengths(real), _list_lengths(large)
    assert sorted(before) == sorted(after)
    lists = [p for p in before if p != "meta.aliases" and before[p]]
    assert len(lists) > 20
    for path in lists:
        assert after[path] == factor * before[path], path
    assert after["meta.aliases"] == before["meta.aliases"]


def test_the_enlarged_plan_has_every_list_ten_times_as_long(generated: Any) -> None:
    real = load_plan(PLANS / "north_west.toml")
    large = load_plan(generated.large)
    assert_every_list_longer(real, large, 10)
    size = generated.large.stat().st_size / (PLANS / "north_west.toml").stat().st_size
    assert 8 < size < 13
    # the copies are variations, not repeats
    assert len(set(large.achievements.items)) == len(large.achievements.items)
    assert len({t.text for _, t in large.all_targets()}) > 0.9 * len(large.all_targets())


def test_the_revised_enlarged_plan_is_a_revision_of_it(generated: Any) -> None:
    large, revised = load_plan(generated.large), load_plan(generated.large_revised)
    assert (large.code, large.meta.revision, revised.code, revised.meta.revision) == ("nw", "2022", "nw", "2023")
    assert large.glossary == revised.glossary
    changed = [
        (a.text, b.text)
        for (_, a), (_, b) in zip(large.all_targets(), revised.all_targets(), strict=True)
        if a.target != b.target
    ]
    assert 0 < len(changed) < len(large.all_targets())
    before, after = _regional_items(large), _regional_items(revised)
    assert before - after and after - before
    assert len(before & after) > 0.7 * len(before)


# --------------------------------------------------------------------------- corpora: more and larger plans


@pytest.fixture(scope="module")
def all_regions(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return synth.write_corpus(tmp_path_factory.mktemp("corpus"), synth.MAX_REGIONS)


def test_a_corpus_of_48_regions_loads_and_names_each_region_once(all_regions: Any, run: Any) -> None:
    assert synth.MAX_REGIONS == 48 and all_regions.directory.name == "48x1"
    assert sorted(all_regions.directory.iterdir()) == sorted(all_regions.files)
    result = run("--plans", str(all_regions.directory), "validate")
    assert result.exit_code == 0, result.output
    assert result.stdout.count(".toml: ok (") == 48
    catalog = Catalog.open(PlanSource(all_regions.directory, "--plans"))
    plans = {p.code: p for p in catalog.plans}
    assert list(all_regions.codes) == [r.code for r in synth.ALL_REGIONS] and sorted(plans) == sorted(all_regions.codes)
    assert len({p.name for p in plans.values()}) == 48
    for region in synth.ALL_REGIONS:
        for name in (region.code, region.name, region.stem, f"{region.name} region"):
            assert catalog.resolve(name).code == region.code, name


def test_the_regions_after_the_twelve_are_derived_like_them(all_regions: Any) -> None:
    for region in synth.ALL_REGIONS[12:]:
        plan = load_plan(all_regions.directory / f"{region.stem}.toml")
        base = load_plan(PLANS / synth.REAL_FILES[region.base])
        assert plan.meta.region == region.name and base.name not in plan.meta.title
        assert plan.glossary == base.glossary  # national text shared
        regional, base_regional = (
            _regional_items(plan),
            {s.replace(base.name, region.name) for s in _regional_items(base)},
        )
        assert regional - base_regional and base_regional - regional  # reworded, new and removed items
        assert [t.metric for _, t in plan.all_targets()] == [t.metric for _, t in base.all_targets()]
        assert [t.target for _, t in plan.all_targets()] != [t.target for _, t in base.all_targets()]
    assert {r.base for r in synth.ALL_REGIONS[12:]} == {"nw", "eoe"}


def test_the_first_twelve_of_a_corpus_are_the_twelve_regions(all_regions: Any, generated: Any) -> None:
    twelve = _files(generated.regions_dir)
    assert {name: _files(all_regions.directory)[name] for name in twelve} == twelve


def test_a_corpus_of_larger_plans_has_every_list_that_many_times_as_long(tmp_path: Path) -> None:
    corpus = synth.write_corpus(tmp_path, 3, 3)
    assert corpus.directory == tmp_path / "3x3" and corpus.codes == ("nw", "ne", "yh")
    real = synth.real_plans()
    for region, path in zip(synth.ALL_REGIONS, corpus.files, strict=False):
        large = load_plan(path)
        assert_every_list_longer(synth.region_plan(region, real), large, 3)
        assert len(set(large.achievements.items)) == len(large.achievements.items)
        assert large.meta.source == f"rrp benchmark: {region.name} with every list 3x as long; not a publication"


def test_north_west_at_10x_in_a_corpus_is_the_enlarged_plan_of_generate(tmp_path: Path, generated: Any) -> None:
    corpus = synth.write_corpus(tmp_path, 2, 10)
    assert corpus.files[0].read_bytes() == generated.large.read_bytes()


def test_a_corpus_is_the_same_every_time_and_with_any_hash_seed(tmp_path: Path) -> None:
    ours = synth.write_corpus(tmp_path / "ours", 13, 2)  # one region past the twelve, each plan twice as long
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "synth.py"),
            str(tmp_path / "cli"),
            "--regions",
            "13",
            "--factor",
            "2",
        ],
        env={**os.environ, "PYTHONHASHSEED": "4321"},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert _files(tmp_path / "cli" / "13x2") == _files(ours.directory)
    assert len(done.stdout.splitlines()) == 13


def test_factor_one_is_the_plan_itself_and_the_ranges_are_kept() -> None:
    plan = load_plan(PLANS / "north_west.toml")
    assert synth.enlarge(plan, 1) is plan
    for factor in (0, synth.MAX_FACTOR + 1):
        with pytest.raises(ValueError, match="1 to 100 times as long"):
            synth.enlarge(plan, factor)
        with pytest.raises(ValueError, match="1 to 100 times as long"):
            synth.write_corpus("/nonexistent", 2, factor)
    for count in (1, synth.MAX_REGIONS + 1):
        with pytest.raises(ValueError, match="a corpus has 2 to 48"):
            synth.write_corpus("/nonexistent", count)
