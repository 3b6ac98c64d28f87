"""English wording shared by every view: a list in words, a count with its noun.

One place for these, so that ``rrp compare``, ``rrp targets``, the briefings
and the messages say "A, B and C" and "1 target" / "5 targets" the same way.
"""

from __future__ import annotations

from collections.abc import Sequence


def joined(items: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``; empty for none."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def plural(count: int, one: str, many: str) -> str:
    """The noun for ``count`` things: ``one`` for 1, else ``many``."""
    return one if count == 1 else many


def counted(count: int, one: str, many: str) -> str:
    """``1 target``, ``5 targets``: the count and its noun."""
    return f"{count} {plural(count, one, many)}"
