"""The numbers a sentence states: "4,800", "£120 million", "6.9 million", "10%".

One reading, shared by the importer (which makes a fact's figures from its
sentence) and the loader (which checks that a fact's figures are the ones its
sentence states), so the two never disagree about what a sentence says.

Values are exact :class:`decimal.Decimal` numbers, so "6.9 million" is 6900000
exactly and a figure of 6900000 (or 6900000.0) equals it.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal

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


def exact_value(m: re.Match[str]) -> Decimal:
    """The value a found number states, in full units, exactly: "6.9 million" is 6900000."""
    return Decimal(m["number"].replace(",", "")).scaleb(_SCALE.get((m["scale"] or "").lower(), 0))


def exact_figure(value: int | float) -> Decimal:
    """A figure's value, exactly as written (a float by its shortest repr), to compare with :func:`exact_value`."""
    return Decimal(value) if isinstance(value, int) else Decimal(repr(value))


def plain(value: Decimal) -> str:
    """An exact value as a message writes it: ``6900000``, ``10.5``, ``10`` (no exponent, no trailing zeros)."""
    return format(value.normalize(), "f")


def stated_numbers(text: str, *, years: bool = False) -> list[re.Match[str]]:
    """The numbers a sentence states, in order, leaving out years unless ``years`` is true."""
    if not any(ch.isdigit() for ch in text):  # many sentences state none: no need for the pattern
        return []
    return [m for m in number_pattern().finditer(text) if years or not is_year(m)]
