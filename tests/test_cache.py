"""The plan cache is invisible: a changed file is never served stale, a broken cache is a miss."""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest
from conftest import PLANS, meta_toml, write

from rrpcli import cache
from rrpcli.loader import load_plan

FIXTURES = PLANS.parent / "tests" / "fixtures"


def test_second_load_comes_from_the_cache(private_cache: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "nw.toml", (PLANS / "north_west.toml").read_text("utf-8"))
    first = load_plan(path)
    assert [p.name for p in private_cache.glob("*.pickle")] != []
    assert cache.get(path, path.read_bytes()) == first
    assert load_plan(path) == first and load_plan(path).path == path


def test_changed_file_is_never_served_stale(tmp_path: Path) -> None:
    path = write(tmp_path / "t.toml", meta_toml(revision="2022"))
    assert load_plan(path).meta.revision == "2022"
    stat = path.stat()
    write(path, meta_toml(revision="2023"))  # same size, and the same mtime below
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert load_plan(path).meta.revision == "2023"


def test_corrupt_or_unwritable_cache_is_a_miss(
    private_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "t.toml", meta_toml())
    load_plan(path)
    for entry in private_cache.glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert load_plan(path).meta.code == "tl"
    blocker = write(tmp_path / "file", "x")
    monkeypatch.setenv("RRP_CACHE_DIR", str(blocker / "sub"))  # cannot be created
    assert load_plan(path).meta.code == "tl"


def test_cache_can_be_turned_off(private_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RRP_NO_CACHE", "1")
    load_plan(write(tmp_path / "t.toml", meta_toml()))
    assert list(private_cache.glob("*.pickle")) == []


def test_a_comparison_is_cached_and_never_stale(
    private_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses

    from rrpcli import compare
    from rrpcli.compare import compare_plans

    nw_file = write(tmp_path / "north_west.toml", (PLANS / "north_west.toml").read_text("utf-8"))
    nw, eoe = load_plan(nw_file), load_plan(PLANS / "east_of_england.toml")
    first = compare_plans([nw, eoe]).to_json()
    assert list(private_cache.glob("compare-*.pickle")) != []

    def no_alignment(*args: object) -> None:
        raise AssertionError("aligned again instead of using the cache")

    with monkeypatch.context() as patched:
        patched.setattr(compare, "_align", no_alignment)
        assert compare_plans([nw, eoe]).to_json() == first  # served from the cache
        assert compare_plans([load_plan(nw_file), eoe]).to_json() == first
        # A plan changed in memory, derived or changed in place: not served stale.
        vision = dataclasses.replace(nw.vision, text="Working apart.")
        with pytest.raises(AssertionError, match="aligned again"):
            compare_plans([dataclasses.replace(nw, vision=vision), eoe])
        changed_in_place = load_plan(nw_file)
        changed_in_place.pathways = dataclasses.replace(changed_in_place.pathways, training_skills_work=None)
        with pytest.raises(AssertionError, match="aligned again"):
            compare_plans([changed_in_place, eoe])
        copied = copy.deepcopy(load_plan(nw_file))
        copied.meta.region = "North West and Beyond"
        with pytest.raises(AssertionError, match="aligned again"):
            compare_plans([copied, eoe])
        # The file changed on disk: not served stale (a comment aside, which changes nothing compared).
        text = nw_file.read_text("utf-8")
        write(nw_file, "# An edited copy.\n" + text)
        assert compare_plans([load_plan(nw_file), eoe]).to_json() == first
        write(nw_file, text.replace("protect the public and help", "protect the public, and help", 1))
        with pytest.raises(AssertionError, match="aligned again"):
            compare_plans([load_plan(nw_file), eoe])
    changed = compare_plans([dataclasses.replace(nw, vision=vision), eoe]).to_json()
    assert changed != first
    assert changed["summary"]["nw"]["regional_words"] > first["summary"]["nw"]["regional_words"]


def test_entries_made_by_other_code_are_misses(
    private_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stamp = cache.code_stamp()
    assert stamp.startswith(cache.__version__ + " ") and " compare.py:" in stamp and " model.py:" in stamp
    path = write(tmp_path / "t.toml", meta_toml())
    load_plan(path)
    assert cache.get(path, path.read_bytes()) is not None
    cache.put_result("test", "key", "value")
    assert cache.get_result("test", "key") == "value"
    # Another release, or an edited module of a checkout: the entries are not used.
    monkeypatch.setattr(cache, "_STAMP", stamp.replace(" model.py:", " model.py:1", 1))
    assert cache.get(path, path.read_bytes()) is None
    assert cache.get_result("test", "key") is None
    assert load_plan(path).meta.code == "tl"


def test_a_diff_is_cached_and_never_stale(private_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    from rrpcli import diff
    from rrpcli.diff import diff_plans

    nw, refresh = load_plan(PLANS / "north_west.toml"), load_plan(FIXTURES / "north_west_2023_refresh.toml")
    eoe = load_plan(PLANS / "east_of_england.toml")
    first = diff_plans(nw, refresh, others=[eoe]).to_json()
    assert list(private_cache.glob("diff-*.pickle")) != []

    def no_diffing(self: object) -> None:
        raise AssertionError("diffed again instead of using the cache")

    with monkeypatch.context() as patched:
        patched.setattr(diff._Differ, "run", no_diffing)
        assert diff_plans(nw, refresh, others=[eoe]).to_json() == first  # served from the cache
        changed = load_plan(FIXTURES / "north_west_2023_refresh.toml")
        changed.vision = dataclasses.replace(changed.vision, text="Working apart.")
        for old, new, others in ((nw, changed, [eoe]), (nw, refresh, []), (refresh, nw, [eoe])):
            with pytest.raises(AssertionError, match="diffed again"):
                diff_plans(old, new, others=others)
        with pytest.raises(AssertionError, match="diffed again"):
            diff_plans(nw, refresh, others=[eoe], threshold=0.7)
