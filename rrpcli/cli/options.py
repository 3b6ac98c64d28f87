"""Options shared by several commands, each defined once."""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = ("table", "markdown", "json")


def format_option(*choices: str, default: str = "table") -> Callable[[F], F]:
    """``--format``: the renderer to use (terminal table/text, Markdown or JSON)."""
    choices = choices or FORMATS
    return click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help="Output format: " + ", ".join(choices) + " (json is a documented, stable contract).",
    )


def section_option(
    help_text: str = "Only this part of the plan (repeatable); see 'rrp show --help'.",
) -> Callable[[F], F]:
    """``--section ID`` (repeatable)."""
    return click.option("--section", "-s", "sections", multiple=True, metavar="ID", help=help_text)


def pager_option() -> Callable[[F], F]:
    """``--no-pager``: long terminal output goes through a pager only on a TTY, and never with this."""
    return click.option("--no-pager", is_flag=True, help="Do not page long output on a terminal.")


class FiniteFloatRange(click.FloatRange):
    """A number in a range, where NaN and the infinities are refused as every number out of range is.

    (``nan`` compares false with every bound, so click's own range would let it through.)
    """

    name = "finite float range"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{number} is not in the range {self._describe_range()}.", param, ctx)
        return number


def threshold_option(default: float, what: str) -> Callable[[F], F]:
    """``--threshold``: the similarity (0-1) at which two texts count as the same."""
    return click.option(
        "--threshold",
        type=FiniteFloatRange(0.0, 1.0, min_open=True),
        metavar="X",
        default=default,
        show_default=True,
        help=f"Similarity (0-1] at which two texts count as {what}.",
    )


def parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime.date | None:
    """A ``YYYY-MM-DD`` option's value as a date (None when not given); anything else is a usage error."""
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise click.BadParameter(f"{value!r} is not a day of the calendar") from None
        raise click.BadParameter(f"expected a date as YYYY-MM-DD, got {value!r}") from None


def as_of_option(default_text: str = "today") -> Callable[[F], F]:
    """``--as-of DATE``: judge the targets' status as of this day, with the figures published by then."""
    return click.option(
        "--as-of",
        "as_of",
        metavar="YYYY-MM-DD",
        callback=parse_date,
        help=f"Judge deadlines and targets as of this day, with figures published by then (default {default_text}).",
    )
