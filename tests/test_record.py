"""Record: the shared ``==`` and repr behave as the ones ``@dataclass`` would generate."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rrpcli import model
from rrpcli.loader import load_plan
from rrpcli.record import Record

PLANS = Path(__file__).resolve().parent.parent / "plans"


@dataclass(eq=False, repr=False)
class Point(Record):
    x: int
    y: list[int] = field(default_factory=list)
    note: str = field(default="", compare=False)
    secret: str = field(default="", repr=False)


@dataclass
class GeneratedPoint:
    """The same fields with the methods ``@dataclass`` generates: what Point must match."""

    x: int
    y: list[int] = field(default_factory=list)
    note: str = field(default="", compare=False)
    secret: str = field(default="", repr=False)


@dataclass(eq=False, repr=False)
class Empty(Record):
    pass


@dataclass(eq=False, repr=False)
class OtherPoint(Record):
    """Another class with Point's first fields: never equal to a Point."""

    x: int
    y: list[int] = field(default_factory=list)


PointArgs = tuple[int, list[int], str, str]
points = st.tuples(
    st.integers(-3, 3), st.lists(st.integers(0, 2), max_size=2), st.sampled_from(["", "a"]), st.text(max_size=2)
)


@given(points, points)
def test_equality_is_the_generated_equality(a: PointArgs, b: PointArgs) -> None:
    assert (Point(*a) == Point(*b)) == (GeneratedPoint(*a) == GeneratedPoint(*b))
    assert (Point(*a) != Point(*b)) == (GeneratedPoint(*a) != GeneratedPoint(*b))


@given(points)
def test_repr_is_the_generated_repr(a: PointArgs) -> None:
    assert repr(Point(*a)) == repr(GeneratedPoint(*a)).replace("GeneratedPoint(", "Point(", 1)


def test_compare_false_fields_are_ignored_and_other_classes_differ() -> None:
    assert Point(1, [2], note="a") == Point(1, [2], note="b")
    assert Point(1, [2], secret="a") != Point(1, [2], secret="b")
    assert Point(1) != OtherPoint(1)
    assert Point(1) != (1, [], "", "")
    assert Empty() == Empty()
    assert repr(Empty()) == "Empty()"


def test_records_are_unhashable_like_mutable_dataclasses() -> None:
    with pytest.raises(TypeError, match="unhashable"):
        hash(Point(1))
    with pytest.raises(TypeError, match="unhashable"):
        {model.Person(name="A", role="B")}


def test_shipped_plan_equality_and_repr() -> None:
    # The first is read from the file, the second from rrp's cache (filled by the first): two objects.
    first = load_plan(PLANS / "north_west.toml")
    again = load_plan(PLANS / "north_west.toml")
    assert first == again
    assert first is not again
    changed = dataclasses.replace(first, meta=dataclasses.replace(first.meta, revision="2023"))
    assert changed != first
    # path is compare=False and repr=False: where a plan was read from is not part of its value.
    assert dataclasses.replace(first, path=None) == first
    text = repr(first)
    assert text.startswith("Plan(meta=Meta(code='nw', ")
    assert "path=" not in text


@dataclass(eq=False, repr=False)
class WithState(Record):
    x: int
    later: str = field(default="unset", init=False)


@given(points)
def test_pickle_round_trip(a: PointArgs) -> None:
    import pickle

    point = Point(*a)
    again = pickle.loads(pickle.dumps(point))
    assert again == point and again is not point
    assert (again.note, again.secret) == (point.note, point.secret)  # compare=False, repr=False kept too


def test_pickle_keeps_fields_outside_init() -> None:
    import pickle

    obj = WithState(3)
    obj.later = "set"
    assert pickle.loads(pickle.dumps(obj)).later == "set"
    plan = load_plan(PLANS / "east_of_england.toml")
    again = pickle.loads(pickle.dumps(plan))
    assert again == plan and again.path == plan.path is not None


def _every_record() -> list[type]:
    import importlib
    import pkgutil

    import rrpcli

    for module in pkgutil.walk_packages(rrpcli.__path__, "rrpcli."):
        importlib.import_module(module.name)
    found, todo = [], list(Record.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("rrpcli."):
            found.append(cls)
    return found


def test_every_record_of_rrp_keeps_the_rules() -> None:
    """Plain mutable dataclasses: not frozen, no keyword-only fields, no __post_init__ (rrpcli/record.py)."""
    records = _every_record()
    assert len(records) > 40 and model.Plan in records
    for cls in records:
        params = cls.__dataclass_params__  # type: ignore[attr-defined]
        assert not params.frozen and not params.eq and not params.repr, cls
        assert not any(f.kw_only for f in dataclasses.fields(cls)), cls
        assert not hasattr(cls, "__post_init__"), cls


def test_a_field_holding_nan_equals_itself_as_in_a_dataclass() -> None:
    @dataclass(eq=False, repr=False)
    class One(Record):
        value: float

    @dataclass
    class Generated:
        value: float

    nan = float("nan")
    assert (One(nan) == One(nan)) is (Generated(nan) == Generated(nan)) is True  # the same NaN object
    assert (One(nan) == One(float("nan"))) is (Generated(nan) == Generated(float("nan"))) is False
