"""The plan format, derived from the dataclasses in :mod:`rrpcli.model`.

Three things come from the same type hints and field metadata, so they cannot
drift apart:

* :func:`build` turns parsed TOML into model objects, collecting *every*
  problem (wrong type, missing or unknown key, bad pattern) with its field path;
* :func:`to_data` turns model objects back into plain data (for TOML and JSON);
* :func:`json_schema` publishes the format as a JSON Schema.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import json
import math
import re
import types
import typing
from typing import Any, TypeVar, Union

from rrpcli import model

T = TypeVar("T")

#: The most problems :func:`build` collects from one file: beyond them, a file is not worth reading on.
MAX_PROBLEMS = 1000

#: Returned by the converters for a value that failed; never escapes this module.
_INVALID: Any = object()


@dataclasses.dataclass(eq=False, repr=False)
class FieldProblem:
    """A problem at a field path, before it is tied to a file and line."""

    path: str
    message: str


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def _fields(cls: type) -> list[dataclasses.Field[Any]]:
    return [f for f in dataclasses.fields(cls) if not f.metadata.get("internal")]


def _required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def _is_union(tp: Any) -> bool:
    return typing.get_origin(tp) in (Union, types.UnionType)


def _strip_none(tp: Any) -> Any:
    """``X | None`` is ``X``: in TOML an absent key is the only None."""
    if _is_union(tp):
        args = tuple(a for a in typing.get_args(tp) if a is not type(None))
        if len(args) == 1:
            return args[0]
        return Union[args]  # noqa: UP007 - a runtime Union of the remaining types
    return tp


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False) if len(value) <= 40 else json.dumps(value[:37] + "...")
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _expected(tp: Any) -> str:
    tp = _strip_none(tp)
    if tp is str:
        return "a string"
    if tp is bool:
        return "true or false"
    if tp is int:
        return "a whole number"
    if tp == model.Number or tp is float:
        return "a number"
    if typing.get_origin(tp) is tuple:
        return "a list"
    if dataclasses.is_dataclass(tp):
        return "a table"
    return str(tp)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


#: What :func:`build` checks a value against: the type without None, its kind and its items' type (:func:`_kind`).
Kind = tuple[Any, str, Any]


@functools.cache
def _kind(tp: Any) -> Kind:
    """What :func:`build` checks a value of type ``tp`` against: the type without None, its kind and its items' type.

    The kind is ``table`` (a dataclass), ``list`` (a tuple of items), ``bool``,
    ``int``, ``number`` or ``str``.  Worked out once per type: typing's
    introspection costs more than the check itself, and a plan has thousands of values.
    """
    tp = _strip_none(tp)
    if dataclasses.is_dataclass(tp):
        return tp, "table", None
    if typing.get_origin(tp) is tuple:
        return tp, "list", typing.get_args(tp)[0]
    if tp is bool:
        return tp, "bool", None
    if tp is int:
        return tp, "int", None
    if tp == model.Number or tp is float:
        return tp, "number", None
    if tp is str:
        return tp, "str", None
    raise TypeError(
        f"unsupported type in the plan model: {tp!r}"
    )  # pragma: no cover - a type this module does not know


#: Where a value is: the path of the table or list holding it, and its key there (a field name or an index).
#: The path of a value is written out only when it has a problem: a plan has tens of thousands of values.
Where = tuple[str, str | int]


def _path(where: Where) -> str:
    """``pathways[0].objectives``: the field path of the value at ``where``."""
    parent, key = where
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return _join(parent, key)


def _convert(value: object, kind: Kind, meta: typing.Mapping[str, Any], where: Where, out: list[FieldProblem]) -> Any:
    tp, name, item_tp = kind
    if name == "table":
        if not isinstance(value, dict):
            out.append(FieldProblem(_path(where), f"expected a table, got {_describe(value)}"))
            return _INVALID
        return _build_dataclass(value, typing.cast(type, tp), _path(where), out)
    if name == "list":
        if not isinstance(value, list):
            out.append(FieldProblem(_path(where), f"expected a list, got {_describe(value)}"))
            return _INVALID
        items = []
        path, item_kind = _path(where), _kind(item_tp)
        for i, v in enumerate(value):
            if len(out) >= MAX_PROBLEMS:  # enough to tell what is wrong; the rest is not worth the time
                return _INVALID
            items.append(_convert(v, item_kind, {}, (path, i), out))
        return _INVALID if any(i is _INVALID for i in items) else tuple(items)
    if name == "bool":
        ok = isinstance(value, bool)
    elif name == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif name == "number":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    else:
        ok = isinstance(value, str)
    if not ok:
        out.append(FieldProblem(_path(where), f"expected {_expected(tp)}, got {_describe(value)}"))
        return _INVALID
    return _check_value(value, meta, where, out)


def _check_value(value: Any, meta: typing.Mapping[str, Any], where: Where, out: list[FieldProblem]) -> Any:
    if isinstance(value, str):
        if meta.get("nonempty") and not value.strip():
            out.append(FieldProblem(_path(where), "must not be empty"))
            return _INVALID
        if (enum := meta.get("enum")) is not None and value not in enum:
            allowed = ", ".join(json.dumps(e) for e in enum if e)
            out.append(FieldProblem(_path(where), f"expected one of {allowed}, got {_describe(value)}"))
            return _INVALID
        if (pattern := meta.get("pattern")) is not None and not re.fullmatch(pattern, value):
            expected = meta.get("hint") or f"text matching {pattern}"
            out.append(FieldProblem(_path(where), f"expected {expected}, got {_describe(value)}"))
            return _INVALID
    elif isinstance(value, (int, float)):
        if not math.isfinite(value):
            out.append(FieldProblem(_path(where), f"expected a finite number, got {value!r}"))
            return _INVALID
        if (minimum := meta.get("min")) is not None and value < minimum:
            out.append(FieldProblem(_path(where), f"must be at least {minimum}, got {value!r}"))
            return _INVALID
        if (maximum := meta.get("max")) is not None and value > maximum:
            out.append(FieldProblem(_path(where), f"must be at most {maximum}, got {value!r}"))
            return _INVALID
    return value


@functools.cache
def _slots(cls: type) -> tuple[list[tuple[dataclasses.Field[Any], Kind, bool]], frozenset[str]]:
    """The fields a file may give for ``cls``, each with its kind and whether it is required; and their names."""
    hints = _hints(cls)
    fields = _fields(cls)
    return [(f, _kind(hints[f.name]), _required(f)) for f in fields], frozenset(f.name for f in fields)


def _build_dataclass(data: dict[str, Any], cls: type, path: str, out: list[FieldProblem]) -> Any:
    slots, known = _slots(cls)
    for key in data:
        if len(out) >= MAX_PROBLEMS:
            return _INVALID
        if key not in known:
            hint = _closest(key, known)
            out.append(FieldProblem(_join(path, key), "unknown key" + (f' (did you mean "{hint}"?)' if hint else "")))
    kwargs: dict[str, Any] = {}
    failed = False
    for f, kind, required in slots:
        if f.name not in data:
            if required:
                out.append(FieldProblem(_join(path, f.name), "required key is missing"))
                failed = True
            continue
        value = _convert(data[f.name], kind, f.metadata, (path, f.name), out)
        if value is _INVALID:
            failed = True
        else:
            kwargs[f.name] = value
    return _INVALID if failed else cls(**kwargs)


def _closest(key: str, known: frozenset[str]) -> str | None:

    matches = difflib.get_close_matches(key[:100], sorted(known), n=1, cutoff=0.6)
    return matches[0] if matches else None


def build(data: dict[str, Any], cls: type[T]) -> tuple[T | None, list[FieldProblem]]:
    """Build ``cls`` from parsed TOML data.

    Returns the object (None when anything failed) and every problem found
    (up to :data:`MAX_PROBLEMS`: a file with more stops there).
    """
    problems: list[FieldProblem] = []
    obj = _build_dataclass(data, cls, "", problems)
    return (None if obj is _INVALID else obj), problems


def _is_default(f: dataclasses.Field[Any], value: object) -> bool:
    if f.default is not dataclasses.MISSING:
        return bool(value == f.default)
    if f.default_factory is not dataclasses.MISSING:
        return bool(value == f.default_factory())
    return False


def to_data(obj: object, *, keep_defaults: bool = False) -> Any:
    """Model objects as plain dicts, lists, strings and numbers.

    With ``keep_defaults`` False (for TOML files) keys that hold their default
    (empty lists, absent numbers) are left out; with True (for JSON) every key
    is present and absent values are ``None``.
    """
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(obj):
            if f.metadata.get("internal"):
                continue
            value = getattr(obj, f.name)
            if not keep_defaults and _is_default(f, value):
                continue
            out[f.name] = to_data(value, keep_defaults=keep_defaults)
        if keep_defaults:  # JSON also carries values derived from the fields
            for name in getattr(obj, "computed", ()):
                out[name] = to_data(getattr(obj, name), keep_defaults=True)
        return out
    if isinstance(obj, (tuple, list)):
        return [to_data(v, keep_defaults=keep_defaults) for v in obj]
    if isinstance(obj, dict):
        return {k: to_data(v, keep_defaults=keep_defaults) for k, v in obj.items()}
    return obj


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    tp = _strip_none(tp)
    if dataclasses.is_dataclass(tp):
        cls = typing.cast(type, tp)
        if cls.__name__ not in defs:
            defs[cls.__name__] = {}  # placeholder: stops recursion
            defs[cls.__name__] = _class_schema(cls, defs)
        return {"$ref": f"#/$defs/{cls.__name__}"}
    if typing.get_origin(tp) is tuple:
        return {"type": "array", "items": _type_schema(typing.get_args(tp)[0], defs)}
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    return {"type": "number"}


def _class_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = _hints(cls)
    props: dict[str, Any] = {}
    required: list[str] = []
    for f in _fields(cls):
        schema = _type_schema(hints[f.name], defs)
        meta = f.metadata
        if "$ref" in schema and meta.get("doc"):
            schema = {"allOf": [schema]}
        if meta.get("doc"):
            schema["description"] = meta["doc"]
        if "pattern" in meta:
            schema["pattern"] = f"^(?:{meta['pattern']})$"
        if "enum" in meta:
            schema["enum"] = list(meta["enum"])
        if "min" in meta:
            schema["minimum"] = meta["min"]
        if "max" in meta:
            schema["maximum"] = meta["max"]
        if meta.get("nonempty"):
            schema["minLength"] = 1
        props[f.name] = schema
        if _required(f):
            required.append(f.name)
    out: dict[str, Any] = {"type": "object", "description": (cls.__doc__ or "").strip().splitlines()[0]}
    out["properties"] = props
    if required:
        out["required"] = required
    out["additionalProperties"] = False
    return out


def json_schema() -> dict[str, Any]:
    """The plan format as a JSON Schema (draft 2020-12)."""
    defs: dict[str, Any] = {}
    root = _class_schema(model.Plan, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "plan.schema.json",
        "title": "Reducing Reoffending Plan (rrp plan file)",
        **root,
        "$defs": dict(sorted(defs.items())),
    }
