"""Output for a stream that cannot encode every character (``PYTHONIOENCODING=ascii``, a Latin-1 terminal).

Such a stream writes what it cannot encode as an escape (``\\u2013``, see
``rrpcli.cli.app``): six columns for a one-column dash.  Escaped after
layout, a row laid out for 80 columns would run past them.  So the text of
a document is escaped *before* layout (:func:`escaped_document`), and is
laid out at the width it is written; what layout itself adds (the "…" of a
shortened cell, the "·" between a row's fields) is then replaced by an
encodable character of the same width (:func:`encodable_layout`).

Only used for such a stream: for UTF-8 output nothing here runs.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from rich.cells import cell_len

from rrpcli.document import Chart, Document

#: Encodable stand-ins, one column each, for the characters layout adds.
_STAND_INS = {"…": ".", "·": ".", "•": "*", "—": "-", "–": "-", "─": "-", "│": "|", "→": ">", "←": "<"}


def escaped_document(doc: Document, encoding: str) -> Document:
    """The document with every character ``encoding`` cannot encode written as its escape (``\\u2013``).

    Charts are left as they are: their lines are laid out already, and
    :func:`encodable_layout` keeps their width.
    """
    return Document([block if isinstance(block, Chart) else _escaped(block, encoding) for block in doc.blocks])


def _escaped(value: Any, encoding: str) -> Any:
    if isinstance(value, str):
        return value.encode(encoding, "backslashreplace").decode(encoding)
    if isinstance(value, (list, tuple)):
        return type(value)(_escaped(v, encoding) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _escaped(getattr(value, f.name), encoding) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    return value


def encodable_layout(text: str, encoding: str) -> str:
    """Drawn text with each character ``encoding`` cannot encode replaced by one as wide that it can."""
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        pass
    out = []
    for ch in text:
        try:
            ch.encode(encoding)
            out.append(ch)
        except UnicodeEncodeError:
            out.append(_STAND_INS.get(ch) or "?" * max(cell_len(ch), 1))
    return "".join(out)
