"""``Record``: equality and ``repr`` for rrp's dataclasses, written once instead of generated per class.

For every class, ``@dataclass`` writes the source of ``__init__``, ``__eq__`` and
``__repr__`` and compiles it when the module is imported.  rrp has about fifty
dataclasses on the path of every command, and compiling their ``__eq__`` and
``__repr__`` took about 15 ms of each command's start-up (measured with
``benchmarks/run.py``).  So those classes are declared as::

    @dataclass(eq=False, repr=False)
    class Plan(Record):
        ...

and take these two methods from ``Record``, compiled once into its ``.pyc``.
They behave as the generated ones do: equal when the other object is of the
same class and every field with ``compare=True`` is equal, unhashable, and a
repr of the fields with ``repr=True``.  ``Record`` also pickles (and copies) an
object as a call of its class with its field values, which unpickles faster.

So a Record is a plain mutable dataclass: not ``frozen`` (it would be
unhashable), no ``kw_only`` fields (they cannot be passed by position) and no
``__post_init__`` (it would run again on every copy).  ``tests/test_record.py``
checks every Record of rrp against these rules.  ``__init__`` is still generated: it is
the one method whose signature type checkers read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import Field, fields
from operator import attrgetter
from typing import Any


def _no_fields(_obj: object) -> tuple[()]:
    return ()


class Record:
    """Base of a dataclass declared with ``eq=False, repr=False``: field-wise ``==`` and a dataclass-style repr."""

    __slots__ = ()

    # Mutable values, like the dataclasses' own ``eq=True`` default: not hashable.
    __hash__ = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        key = _compare_key(self.__class__)
        return bool(key(self) == key(other))

    def __repr__(self) -> str:
        names = _repr_names(self.__class__)
        inside = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({inside})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled as a call of the class with its field values (and any init=False
        # fields as state): rrp's cache reads back thousands of these per command,
        # and a call with arguments unpickles about twice as fast as rebuilding
        # each object's __dict__ by name.
        cls = self.__class__
        init, other = _pickle_names(cls)
        args = tuple(getattr(self, name) for name in init)
        if not other:
            return (cls, args)
        return (cls, args, {name: getattr(self, name) for name in other})


# Per class, worked out at first use (the class is only a dataclass once its decorator has run).
_KEYS: dict[type, Callable[[Any], Any]] = {}
_REPR_NAMES: dict[type, tuple[str, ...]] = {}
_PICKLE_NAMES: dict[type, tuple[tuple[str, ...], tuple[str, ...]]] = {}


def _fields(cls: type) -> tuple[Field[Any], ...]:
    # ``cls`` is a Record, so a dataclass; fields() leaves out ClassVar and InitVar pseudo-fields.
    dataclass_type: Any = cls
    return fields(dataclass_type)


def _compare_key(cls: type) -> Callable[[Any], Any]:
    """A function from an instance to the values its equality compares."""
    key = _KEYS.get(cls)
    if key is None:
        names = [f.name for f in _fields(cls) if f.compare]
        if len(names) > 1:
            key = attrgetter(*names)
        elif names:
            # A 1-tuple, as the generated __eq__ compares: tuples compare by identity first, so
            # a field holding NaN is equal to itself there, where the bare value is not.
            get = attrgetter(names[0])
            key = lambda obj: (get(obj),)  # noqa: E731
        else:
            key = _no_fields
        _KEYS[cls] = key
    return key


def _repr_names(cls: type) -> tuple[str, ...]:
    names = _REPR_NAMES.get(cls)
    if names is None:
        names = _REPR_NAMES[cls] = tuple(f.name for f in _fields(cls) if f.repr)
    return names


def _pickle_names(cls: type) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The fields passed to ``__init__`` (in order) and the others."""
    names = _PICKLE_NAMES.get(cls)
    if names is None:
        every = _fields(cls)
        names = _PICKLE_NAMES[cls] = (
            tuple(f.name for f in every if f.init),
            tuple(f.name for f in every if not f.init),
        )
    return names
