"""The numbers a sentence states: "4,800", "£120 million", "6.9 million", "10%".

One reading, shared by the importer (which makes a fact's figures from its
sentence) and the loader (which checks that a fact's figures are the ones its
sentence states), so the two never disagree about what a sentence says.

Values are kept as exact decimal strings ("6900000", "12.5") rather than as
:class:`decimal.Decimal`: every command loads plans, and importing
:mod:`decimal` alone costs more than reading both shipped plans' facts.
"""

from __future__ import annotations

import functools
import re

#: A number as plans write it: an optional currency sign, digits with or without thousands
#: commas, an optional scale word and an optional percent sign; not part of a word, of a
#: range of years ("2022-25") or of a longer number.
_NUMBER = (
    r"(?<![\w.,£$€-])(?P<currency>[£$€])?(?P<number>\d{1,3}(?:,\d{3}){1,5}(?:\.\d{1,6})?|\d{1,15}(?:\.\d{1,6})?)(?![\d,.]\d)"
    r"(?:\s*(?P<scale>million|billion|thousand|bn|m|k)\b)?(?P<percent>\s?%|\s+per ?cent\b)?"
)
#: Each scale word as a power of ten.
_SCALE = {"million": 6, "m": 6, "billion": 9, "bn": 9, "thousand": 3, "k": 3}


@functools.cache
def number_pattern() -> re.Pattern[str]:
    """The pattern of a stated number, compiled when first needed (not when rrp starts)."""
    return re.compile(_NUMBER)


def is_year(m: re.Match[str]) -> bool:
    """Whether a number found by :func:`stated_numbers` is a year (1900 to 2100, written bare), not a figure."""
    number = m["number"]
    return (
        len(number) == 4
        and number.isdigit()
        and 1900 <= int(number) <= 2100
        and not (m["currency"] or m["scale"] or m["percent"])
    )


def exact_value(m: re.Match[str]) -> str:
    """The value a found number states, in full units, as an exact decimal: "6.9 million" is "6900000"."""
    return _exact(m["number"].replace(",", ""), _SCALE.get((m["scale"] or "").lower(), 0))


def exact_figure(value: int | float) -> str:
    """A figure's value as the same exact decimal, to compare with :func:`exact_value` (10.0 is "10")."""
    if isinstance(value, int):
        return str(value)
    written = repr(value)
    if "e" in written or "n" in written:  # 1e+16, 1e-07, inf, nan: never written so in a sentence
        return written
    return _exact(written, 0)


def _exact(digits: str, shift: int) -> str:
    """``digits`` (e.g. "6.9") times ten to the ``shift``, without trailing zeros after the point."""
    whole, _, fraction = digits.partition(".")
    moved = min(shift, len(fraction))
    whole, fraction = whole + fraction[:moved] + "0" * (shift - moved), fraction[moved:].rstrip("0")
    whole = whole.lstrip("0") or "0"
    return f"{whole}.{fraction}" if fraction else whole


def stated_numbers(text: str, *, years: bool = False) -> list[re.Match[str]]:
    """The numbers a sentence states, in order, leaving out years unless ``years`` is true."""
    if not any(ch.isdigit() for ch in text):  # many sentences state none: no need for the pattern
        return []
    return [m for m in number_pattern().finditer(text) if years or not is_year(m)]
