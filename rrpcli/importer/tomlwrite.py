"""Plan data as TOML, in the layout of the hand-made plans in ``plans/``.

tomli-w writes valid TOML, but not the layout people edit: here each list of
strings has one item a line, figures, signatories, speakers and context
bullets are inline tables one a line, and facts, statements, targets,
glossary entries and footnotes are arrays of tables.  ``tomllib.loads`` of the
output gives back exactly the data written (the tests check it).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from rrpcli.escaping import UNSAFE_CHARACTERS, printable

#: Lists of tables written as ``[[...]]`` arrays of tables; other lists of tables are inline.
ARRAYS_OF_TABLES = frozenset({"facts", "statements", "targets", "glossary", "footnotes"})

_BARE_KEY = r"[A-Za-z0-9_-]+"
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
#: Quotes, backslashes and every character rrp never writes raw (control, bidirectional, line separators).
_NEEDS_ESCAPE = f'["\\\\{UNSAFE_CHARACTERS}\t\n]'


def string(value: str) -> str:
    """A TOML basic string: control, bidirectional and line-separator characters as escapes (``\\u202e``)."""
    return '"' + re.sub(_NEEDS_ESCAPE, lambda m: _ESCAPES.get(m[0], f"\\u{ord(m[0]):04x}"), value) + '"'


def key(name: str) -> str:
    """A bare key where TOML allows one, else a quoted key."""
    return name if re.fullmatch(_BARE_KEY, name) else string(name)


def comment(text: str) -> str:
    """A line of text as a TOML comment (control characters shown, not written)."""
    return "# " + printable(text).replace("\n", "\\x0a")


def scalar(value: Any) -> str:
    """A string, number or boolean as TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        text = repr(value)
        return text if any(c in text for c in ".en") else text + ".0"
    if isinstance(value, str):
        return string(value)
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def inline(value: Any) -> str:
    """A value on one line: inline tables and arrays included."""
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{key(k)} = {inline(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(inline(v) for v in value) + "]"
    return scalar(value)


def _is_table_array(name: str, value: Any) -> bool:
    return (
        name in ARRAYS_OF_TABLES
        and isinstance(value, list)
        and bool(value)
        and all(isinstance(v, Mapping) for v in value)
    )


def _assignment(name: str, value: Any) -> list[str]:
    if isinstance(value, list) and value and not all(isinstance(v, int | float) for v in value):
        return [f"{key(name)} = [", *(f"  {inline(v)}," for v in value), "]"]
    return [f"{key(name)} = {inline(value)}"]


def _table(path: list[str], table: Mapping[str, Any], header: str | None) -> list[list[str]]:
    """The blocks (header and keys) of a table and of the tables under it."""
    simple = [(k, v) for k, v in table.items() if not isinstance(v, Mapping) and not _is_table_array(k, v)]
    blocks: list[list[str]] = []
    if simple or (header is not None and (header.startswith("[[") or not table)):
        block = [header] if header is not None else []
        for k, v in simple:
            block += _assignment(k, v)
        blocks.append(block)
    for k, v in table.items():
        sub = [*path, key(k)]
        if isinstance(v, Mapping):
            blocks += _table(sub, v, f"[{'.'.join(sub)}]")
        elif _is_table_array(k, v):
            for element in v:
                blocks += _table(sub, element, f"[[{'.'.join(sub)}]]")
    return blocks


def dumps(data: Mapping[str, Any], comments: Iterable[str] = ()) -> str:
    """Plan data as TOML text, with comment lines at the top."""
    lines = [comment(c) for c in comments]
    blocks = _table([], data, None)
    if lines and blocks:
        lines.append("")
    lines += "\n\n".join("\n".join(block) for block in blocks).split("\n")
    return "\n".join(lines) + "\n"
