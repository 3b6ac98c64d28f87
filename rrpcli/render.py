"""Markdown briefings from Jinja templates (``rrp render``): built-in and the user's own, safely.

A template is found by name (a built-in template, or one in ``--template-dir``)
or by path (:func:`find_template`).  Its context is the same plain data as the
``--format json`` outputs of ``rrp show``, ``rrp targets``, ``rrp compare`` and
``rrp diff``, built by the functions that produce that JSON
(:func:`build_context`); templates turn it into Markdown with a few filters
(:data:`FILTERS`).

Safety:

* templates run in Jinja's :class:`~jinja2.sandbox.SandboxedEnvironment`:
  ``{{ ''.__class__.__mro__ }}`` and the like are refused (a
  :class:`~rrpcli.errors.TemplateProblem`, exit status 2), never obeyed;
* undefined names and attributes are errors (``StrictUndefined``) naming the
  template, the line and the name;
* a template, and what it includes, is a ``*.j2`` file inside the template's
  folder (or a built-in template), never reached through ``..``, an absolute
  path or a symbolic link that leaves the folder, and never a pipe or device;
* a template runs for at most 5 seconds, writes at most 10,000,000
  characters, and cannot make huge values (``**``, ``*``, ranges, widths):
  :mod:`rrpcli.sandbox` has the limits;
* plan text only ever travels as values in the context, never as template
  source, so ``{{ ... }}`` in a plan is printed as it stands;
* no autoescape: the output is Markdown, and templates escape plan text for
  Markdown with the ``md_escape`` filter; the output is checked as a whole,
  and a control, bidirectional or line-separator character in it (plan text
  printed without the filter) is refused.

``jinja2`` is imported only inside the functions here that need it, so the
other commands never pay for it.
"""

from __future__ import annotations

import difflib
import os
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rrpcli import __version__
from rrpcli.ambition import grade_label, group_by_metric, in_published_order, plan_figures, plan_year, ranked
from rrpcli.catalog import bundled_dir
from rrpcli.compare import compare_plans
from rrpcli.diff import diff_plans
from rrpcli.document import md_escape as escape
from rrpcli.document import md_inline, printable
from rrpcli.errors import RrpError, TemplateProblem
from rrpcli.escaping import find_unsafe, shorten, unsafe_name
from rrpcli.model import PATHWAY_IDS, PATHWAY_TITLES, SECTIONS, URL_PATTERN, format_day, format_month
from rrpcli.outcomes import Outcomes
from rrpcli.overview import comparison_json, figure_text, is_partner_organisation, overview_of
from rrpcli.sandbox import (
    MEMORY_LIMIT,
    TIME_LIMIT_SECONDS,
    Deadline,
    TemplateLimit,
    TemplateRefused,
    generate,
    limits,
    read_template,
    safe_relative,
    sandbox,
    template_file,
)
from rrpcli.show import plan_data
from rrpcli.status import metrics_json, plans_status, shared_status, target_rows_json
from rrpcli.textsim import word_diff as diff
from rrpcli.userfiles import describe_size
from rrpcli.wording import joined

if TYPE_CHECKING:
    from rrpcli.model import Plan

#: The suffix of template files; ``rrp render mine`` finds ``mine.md.j2``.
SUFFIX = ".md.j2"

#: Shown for a missing value by ``percent``, ``pp``, ``month``, ``day``, ``number`` and ``figure``.
MISSING = "–"


@dataclass(eq=False, repr=False)
class Builtin:
    """A built-in template: what it is for and how many plans it takes."""

    summary: str
    min_plans: int
    max_plans: int | None
    example: str
    revision: bool = False  # the plans are OLD and NEW, and the context has the diff
    chart: bool = False  # written to a file, it gets the targets' SVG chart beside it (``targets_chart``)


#: The built-in templates, in ``templates/`` (bundled with the package).
BUILTINS: dict[str, Builtin] = {
    "briefing": Builtin(
        "one region: headline facts, vision, each pathway's regional content and targets, partners",
        1,
        1,
        "rrp render briefing nw",
        chart=True,
    ),
    "comparison": Builtin(
        "two or more regions: national text, regional differences, targets and facts side by side",
        2,
        None,
        "rrp render comparison nw eoe",
    ),
    "revision": Builtin(
        "two versions of a plan (OLD NEW): what changed, part by part, and the targets' ambition",
        2,
        2,
        "rrp render revision nw@HEAD~1 nw",
        revision=True,
    ),
}


@dataclass
class TemplateRef:
    """A template found: its file, the folder its includes resolve in, and how errors name it."""

    display: str  # how messages name the template: "briefing.md.j2", "mine.md.j2", "drafts/x.md.j2"
    name: str  # its name for the loader, relative to ``root``
    root: Path  # the folder the template (and what it includes) is loaded from
    file: Path
    builtin: str | None = None  # the built-in template's name, if it is one

    @property
    def spec(self) -> Builtin | None:
        """The built-in template's description, if it is one."""
        return BUILTINS.get(self.builtin) if self.builtin else None


def builtin_dir() -> Path:
    """Where the built-in templates are (in the wheel, or ``templates/`` of a checkout)."""

    return bundled_dir("templates")


#: The most template names an error lists from a folder (a folder of thousands says how many more).
LISTED_NAMES = 20


def _names_in(directory: Path) -> list[str]:
    """Template names in a folder and its subfolders (``notes/weekly``), without the suffix, sorted.

    Links to folders are not followed: a template never leaves its folder.  Hidden
    folders and files (``.git``, an editor's ``.#draft.j2``) are not templates.
    """
    names = []
    for root, folders, files in os.walk(directory):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        under = Path(root).relative_to(directory)
        names += [
            (under / f).as_posix().removesuffix(SUFFIX).removesuffix(".j2")
            for f in files
            if f.endswith(".j2") and not f.startswith(".")
        ]
    return sorted(names)


def find_template(spec: str, template_dir: str | Path | None = None) -> TemplateRef:
    """The template ``spec`` names, looked for in this order.

    1. a template in ``template_dir``: ``spec``, ``spec.md.j2`` or ``spec.j2``
       (``spec`` may name a subfolder, never leave the folder);
    2. a path (``spec`` contains a ``/``): that file;
    3. an existing file whose name ends in ``.j2``;
    4. a built-in template (``briefing`` or ``briefing.md.j2``).

    Anything else is an error listing the templates there are.  A template is
    always a ``*.j2`` file, and a symbolic link that leads out of its folder
    is refused (:func:`rrpcli.sandbox.template_file`).
    """
    user_dir = Path(template_dir) if template_dir is not None else None
    if user_dir is not None and not user_dir.is_dir():
        raise TemplateProblem(f"{user_dir}: no such template folder (given by --template-dir)")
    if not spec.strip():
        raise TemplateProblem("no template given; " + _known(user_dir, _names_in(user_dir) if user_dir else []))
    if user_dir is not None and safe_relative(spec):
        for candidate in (spec, spec + SUFFIX, spec + ".j2"):
            if candidate.endswith(".j2") and not (user_dir / candidate).is_dir():
                file = _checked_file(user_dir, candidate, candidate)
                if file is not None:
                    return TemplateRef(candidate, candidate, user_dir, file)
    if "/" in spec or os.sep in spec:
        return _from_path(spec)
    if spec.endswith(".j2") and os.path.lexists(spec):
        return _from_path(spec)
    name = spec.removesuffix(SUFFIX)
    if name in BUILTINS:
        directory = builtin_dir()
        file = directory / (name + SUFFIX)
        if not file.is_file():  # pragma: no cover - a broken installation
            raise TemplateProblem(f"{file}: the built-in template {name} is missing (reinstall rrp)")
        return TemplateRef(name + SUFFIX, name + SUFFIX, directory, file, builtin=name)
    own = _names_in(user_dir) if user_dir is not None else []
    message = f'unknown template "{shorten(spec)}"; ' + _known(user_dir, own)
    choices = list(BUILTINS) + own
    close = difflib.get_close_matches(name[:200], choices, n=1, cutoff=0.6)
    if close:
        message += f"\ndid you mean {close[0]}?"
    raise TemplateProblem(message)


def _known(user_dir: Path | None, own: list[str]) -> str:
    """The templates there are, for a message: the built-in ones, then ``own``, the names in ``user_dir``."""
    text = "built-in templates: " + ", ".join(BUILTINS)
    if user_dir is not None:
        more = f" and {len(own) - LISTED_NAMES} more" if len(own) > LISTED_NAMES else ""
        text += f"; in {user_dir}: " + (", ".join(own[:LISTED_NAMES]) + more if own else "none")
    return text + " (or give the path to a template file)"


def _from_path(spec: str) -> TemplateRef:
    path = Path(spec)
    if path.is_dir():
        raise TemplateProblem(f"{spec}: is a folder, not a template file (use --template-dir for a folder)")
    if not os.path.lexists(path):
        raise TemplateProblem(f"{spec}: no such template file")
    if not path.name.endswith(".j2"):
        raise TemplateProblem(f"{spec}: is not a template file: a template's name ends in .j2 (e.g. mine.md.j2)")
    root = path.parent if str(path.parent) else Path(".")
    file = _checked_file(root, path.name, spec)
    if file is None:  # pragma: no cover - it existed a moment ago
        raise TemplateProblem(f"{spec}: no such template file")
    return TemplateRef(spec, path.name, root, file)


def _checked_file(root: Path, name: str, display: str) -> Path | None:
    """The template file ``name`` in ``root`` (None if there is none), or a :class:`TemplateProblem` refusing it."""
    try:
        return template_file(root, name)
    except TemplateRefused as exc:
        raise TemplateProblem(f"{display}: {exc.reason}") from None


def check_plan_count(template: TemplateRef, count: int, *, revision: bool = False) -> None:
    """Refuse a number of plans the template cannot take (before any plan is read)."""
    spec = template.spec
    if spec is None:
        if revision and count != 2:
            raise RrpError(f"--diff takes two plans, OLD and NEW (got {count}): rrp render TEMPLATE OLD NEW --diff")
        if count < 1:
            raise RrpError(f"render needs at least one plan: rrp render {template.display} PLAN...")
        return
    name = template.builtin
    if revision and not spec.revision:
        raise RrpError(f"--diff does not go with the {name} template; the revision template shows a diff")
    if spec.max_plans == spec.min_plans and count != spec.min_plans:
        what = "one plan" if spec.min_plans == 1 else "two plans, OLD and NEW"
        raise RrpError(f"the {name} template takes {what} (got {count}), e.g. {spec.example}")
    if count < spec.min_plans:
        raise RrpError(f"the {name} template needs two or more plans (got {count}), e.g. {spec.example}")


# -- the context ---------------------------------------------------------------------------------


def build_context(
    plans: Sequence[Plan],
    *,
    revision: bool = False,
    others: Iterable[Plan] = (),
    sources: Sequence[str] | None = None,
    generated: date | None = None,
    outcomes: Outcomes | None = None,
    as_of: date | None = None,
    targets_chart: str | None = None,
) -> dict[str, Any]:
    """The template context: the plain data of rrp's JSON outputs, from the functions that make it.

    ``plans``, ``plan``                 ``rrp show --format json`` of each plan / the first;
    ``targets``, ``target_groups``      ``rrp targets --format json`` of all the plans (each row with
                                        its ``status``), and the rows grouped by metric, most ambitious first;
    ``plan_targets``                    per plan, ``rrp targets PLAN --format json`` of that plan alone;
    ``status``, ``plan_status``         per plan, its status as of ``as_of`` (docs/outcomes.md) / the first's;
    ``status_shared``                   the plans' statuses in sentences: what they have in common (counted
                                        over all of them), then each plan's own (as the terminal says it);
    ``metrics``                         the catalogue entries of the plans' metrics, by id;
    ``compare``                         ``rrp compare --format json`` (two or more plans, with its
                                        ``overview`` and ``sources`` as of ``as_of``), else None;
    ``diff``, ``diff_stat``             ``rrp diff OLD NEW --format json`` and ``--stat --format json``
                                        (``revision``), else None;

    plus ``sources``, ``pathways``, ``plan_years`` (each plan's code -> the year its figures are
    stated in, :func:`~rrpcli.ambition.plan_year`), ``stated_in`` (that year per plan, in the order
    of ``plans``: OLD's and NEW's for a revision, which share a code), ``sections``, ``generated``, ``as_of``,
    ``targets_chart`` (the file name of the SVG chart written beside the
    output, or None) and ``rrp_version``.  Without ``outcomes`` (no outcome
    files) no figure is recorded.  docs/templates.md documents every key.
    """

    plans = list(plans)
    if not plans:
        raise RrpError("render needs at least one plan")
    day = generated or date.today()
    as_of = as_of or day
    statuses = plans_status(plans, outcomes or Outcomes(), as_of)
    status_json = [p.to_json() for p in statuses]
    own = [plan_figures(p) for p in plans]  # each target's figures worked out once
    rows = ranked(in_published_order(own))
    data = [plan_data(p) for p in plans]
    context: dict[str, Any] = {
        "plans": data,
        "plan": data[0],
        "targets": target_rows_json(rows, statuses),
        "target_groups": [{**g.to_json(), "rows": target_rows_json(g.rows, statuses)} for g in group_by_metric(rows)],
        "plan_targets": [target_rows_json(ranked(rows_of_plan), statuses) for rows_of_plan in own],
        "compare": None,
        "diff": None,
        "diff_stat": None,
        "sources": list(sources) if sources is not None else [str(p.path) if p.path else "" for p in plans],
        "pathways": [{"id": pid, "title": PATHWAY_TITLES[pid]} for pid in PATHWAY_IDS],
        "plan_years": {p.meta.code: plan_year(p) for p in plans},
        "stated_in": [plan_year(p) for p in plans],
        "sections": dict(SECTIONS),
        "generated": day.isoformat(),
        "rrp_version": __version__,
        "as_of": as_of.isoformat(),
        "status": status_json,
        "plan_status": status_json[0],
        "status_shared": shared_status(statuses).to_json(),
        "metrics": metrics_json(plans, outcomes or Outcomes()),
        "targets_chart": targets_chart,
    }
    if revision:
        if len(plans) != 2:
            raise RrpError(f"a revision takes two plans, OLD and NEW (got {len(plans)})")

        labels = context["sources"]
        result = diff_plans(plans[0], plans[1], others=others, old_source=labels[0], new_source=labels[1])
        context["diff"] = result.to_json()
        context["diff_stat"] = result.stat_json()
    elif len(plans) > 1:
        whole = compare_plans(plans)
        context["compare"] = comparison_json(whole, overview_of(whole, plans, statuses))
    return context


# -- filters -------------------------------------------------------------------------------------


class FilterError(ValueError):
    """A value a filter cannot format; the message names the filter."""


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _digits(value: float, places: int = 2, grouping: bool = False) -> str:
    """A number with at most ``places`` decimals, trailing zeros dropped: 18, 2.5, 0.75."""
    rounded = round(float(value), places)
    if rounded == 0:
        rounded = 0.0  # no "-0"
    text = f"{abs(rounded):{',' if grouping else ''}.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return ("-" if rounded < 0 else "") + text


def _number_arg(name: str, value: Any) -> float:
    if not _is_number(value):
        raise FilterError(f"{name}: expected a number, got {value!r}")
    return float(value)


def percent(value: Any, places: int = 1) -> str:
    """``18`` → ``18%``, ``37.5`` → ``37.5%``; ``None`` → ``–``."""
    if value is None:
        return MISSING
    return _digits(_number_arg("percent", value), places) + "%"


def pp(value: Any, places: int = 2) -> str:
    """Signed percentage points: ``1`` → ``+1 pp``, ``-2.5`` → ``−2.5 pp``, ``0`` → ``0 pp``; ``None`` → ``–``."""
    if value is None:
        return MISSING
    text = _digits(_number_arg("pp", value), places)
    if text == "0":
        return "0 pp"
    return ("−" + text[1:] if text.startswith("-") else "+" + text) + " pp"


def number(value: Any, places: int = 2) -> str:
    """``6900000`` → ``6,900,000``, ``0.75`` → ``0.75``; ``None`` → ``–``."""
    if value is None:
        return MISSING
    return _digits(_number_arg("number", value), places, grouping=True)


_YEAR_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
_DATE = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])")


def month(value: Any, short: bool = False) -> str:
    """``"2023-07"`` → ``July 2023`` (``Jul 2023`` with ``short=True``); ``None`` or empty → ``–``."""

    if value is None or value == "":
        return MISSING
    if not isinstance(value, str) or not _YEAR_MONTH.fullmatch(value):
        raise FilterError(f'month: expected "YYYY-MM", got {value!r}')
    return format_month(value, short=short)


def day(value: Any) -> str:
    """``"2024-01-15"`` → ``15 January 2024``; ``None`` or empty → ``–``."""

    if value is None or value == "":
        return MISSING
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise FilterError(f'day: expected "YYYY-MM-DD", got {value!r}')
    return format_day(value)


def md_escape(value: Any) -> str:
    """Text made safe inside Markdown, including a table cell: ``*_[]<>#|`` etc. escaped, lines joined.

    ``None`` → empty.  Control characters are shown (``\\x1b``), never passed on.
    """

    if value is None:
        return ""
    return escape(str(value))


def figure(value: Any, unit: Any = None, qualifier: Any = None, metric: Any = None) -> str:
    """A fact's figure: ``around 8,000 square miles``, ``£120 million``, ``10%``; ``None`` → ``–``.

    With the figure's ``metric``, a unit the metric already names is left out:
    ``4`` in a row ``police_and_crime_commissioners``, not ``4 commissioners``.
    """

    if value is None:
        return MISSING
    unit = str(unit) if unit else None
    if unit and metric and unit.split()[-1].casefold() in str(metric).casefold().split("_"):
        unit = None
    return figure_text(_number_arg("figure", value), unit, str(qualifier) if qualifier else None)


def word_diff(old: Any, new: Any) -> str:
    """A word diff as Markdown: removed words ``~~struck~~``, added words ``**bold**``, the rest escaped."""

    return md_inline(diff("" if old is None else str(old), "" if new is None else str(new)))


_URL = re.compile(URL_PATTERN)


def md_link(value: Any, text: Any = None) -> str:
    """A web address as a Markdown link: ``<https://...>``, or ``[text](<https://...>)`` with a text.

    Anything that is not an ``http(s)`` address is escaped as text; ``None`` or empty → empty.
    """
    if value is None or value == "":
        return ""
    url = str(value)
    if not _URL.fullmatch(url):
        return md_escape(url)
    if text is None or text == "":
        return f"<{url}>"
    return f"[{md_escape(text)}](<{url}>)"


def and_join(values: Any) -> str:
    """``["A", "B", "C"]`` → ``A, B and C``; empty → empty."""
    return joined([str(v) for v in values])


#: A word that must not begin a line of a Markdown paragraph: it would start a
#: list item, heading, quote, table row, fence, HTML block or setext underline.
_RISKY_START = re.compile(r"[-+*=#>|<~`_]|[0-9]{1,9}[.)]$")


def wordwrap(
    value: Any,
    width: int = 79,
    break_long_words: bool = False,
    wrapstring: str | None = None,
    break_on_hyphens: bool = False,
    indent: str = "",
) -> str:
    """Jinja's ``wordwrap``, made safe for Markdown paragraphs.

    Lines are broken at spaces only (never inside a word, a URL or at a
    hyphen, unless asked), existing line breaks are kept, a line after the
    first never starts with a word Markdown would read as a list item, heading,
    quote or table row (such a word stays on the line before, which may then
    run a little over ``width``), and ``indent`` goes in front of every line
    after the first, so that a wrapped list item stays one item.
    """
    if value is None:
        return ""
    if not isinstance(width, int) or isinstance(width, bool) or width < 1:
        raise FilterError(f"wordwrap: width must be a whole number of at least 1, got {width!r}")

    wrapper = textwrap.TextWrapper(
        width=width,
        break_long_words=break_long_words,
        break_on_hyphens=break_on_hyphens,
        expand_tabs=False,
        replace_whitespace=True,
    )
    lines: list[str] = []
    for line in str(value).splitlines() or [""]:
        lines.extend(_safe_lines(wrapper.wrap(line)) if line.strip() else [""])
    newline = "\n" if wrapstring is None else wrapstring
    return lines[0] + "".join(newline + (indent + line if line else "") for line in lines[1:])


def _safe_lines(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        while out and line and _RISKY_START.match(line.split(" ", 1)[0]):
            first, _, line = line.partition(" ")
            out[-1] += " " + first
        if line:
            out.append(line)
    return out


#: The filters templates can use, besides Jinja's own.
def organisations(entries: Any) -> list[str]:
    """The "Important partners in this work" entries that name partner organisations (not the region's own prisons).

    ``{{ pathway.partners | organisations | length }}`` counts a pathway's
    partner organisations by the rule of ``rrp compare``
    (:func:`rrpcli.overview.is_partner_organisation`).
    """
    return [str(e) for e in entries if is_partner_organisation(str(e))]


FILTERS: dict[str, Callable[..., Any]] = {
    "percent": percent,
    "pp": pp,
    "number": number,
    "month": month,
    "day": day,
    "md_escape": md_escape,
    "md_link": md_link,
    "figure": figure,
    "word_diff": word_diff,
    "and_join": and_join,
    "wordwrap": wordwrap,
    "organisations": organisations,
    "grade_label": grade_label,
}


# -- rendering -----------------------------------------------------------------------------------


@dataclass(eq=False, repr=False)
class Rendered:
    """A template's output, and every template file that went into it."""

    text: str
    files: list[Path] = field(default_factory=list)


def render(template: TemplateRef, context: Mapping[str, Any], *, time_limit: float = TIME_LIMIT_SECONDS) -> Rendered:
    """Render a template with a context, all in memory, in rrp's sandbox (:mod:`rrpcli.sandbox`).

    Templates load from the template's own folder, then from the built-in
    templates.  Every problem (a syntax error, an undefined name, a refused
    attribute or file, an include that cannot be found, an error in a filter,
    a limit of the sandbox reached) is a :class:`TemplateProblem` naming the
    template file and line.  The output is checked as a whole before it is
    returned: a control, bidirectional or line-separator character in it (plan
    text printed without ``md_escape``) is refused too.
    """
    loaded: dict[str, str] = {}
    roots = [template.root] if template.builtin is not None else [template.root, builtin_dir()]
    deadline = Deadline(time_limit)
    try:
        with limits(deadline):
            env = sandbox(roots, FILTERS, deadline, loaded)
            text = generate(env, template.name, context)
    except TemplateProblem:
        raise
    except Exception as exc:  # anything a template does wrong is the template's problem
        raise _problem(exc, template, loaded) from exc
    text = tidy(text)
    if (unsafe := find_unsafe(text)) is not None:
        line, column, char = unsafe
        raise TemplateProblem(
            f"{template.display}: refused: the output would hold {unsafe_name(char)} at line {line}, column {column}; "
            "plan text must go through the md_escape filter (rrp writes no control, bidirectional or "
            "line-separator characters)"
        )
    files = [Path(f) for f in loaded]
    return Rendered(text, files)


def _problem(exc: Exception, template: TemplateRef, loaded: Mapping[str, str]) -> TemplateProblem:
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    if isinstance(exc, TemplateRefused) and exc.name == template.name and _template_frame(exc) is None:
        return TemplateProblem(f"{template.display}: {exc.reason}")  # the template itself, not an include

    def display(filename: str | None, name: str | None = None) -> str:
        if filename is not None and _same_path(filename, template.file):
            return template.display
        if filename is not None and filename in loaded:
            return loaded[filename]
        return name or filename or template.display

    if isinstance(exc, TemplateSyntaxError):
        where = display(exc.filename, exc.name)
        line = exc.lineno
        message = f"syntax error: {exc.message}"
        source = _source_line(exc.filename, line)
    else:
        frame = _template_frame(exc)
        if frame is None:
            where, line, source = template.display, None, None
        else:
            filename, line = frame
            where = display(filename)
            source = _source_line(filename, line)
        if isinstance(exc, SecurityError):
            message = f"refused: {str(exc).rstrip('.')}; templates run in a sandbox and cannot reach Python internals"
        elif isinstance(exc, UndefinedError):
            message = _undefined_message(str(exc), source)
        elif isinstance(exc, TemplateNotFound):
            names = getattr(exc, "templates", None) or [exc.name]
            wanted = ", ".join(repr(shorten(str(n))) for n in names)
            also = "" if template.builtin else " and the built-in templates"
            message = f"template {wanted} not found (looked in {template.root}{also})"
        elif isinstance(exc, (TemplateRefused, TemplateLimit)):
            message = str(exc)
        elif isinstance(exc, RecursionError) and _while_compiling(exc):
            message = "refused: expressions or blocks nested too deeply to compile"
        elif isinstance(exc, RecursionError):
            if _includes_in_traceback(exc) > 10:
                message = "templates include, import or extend each other without end"
            else:
                message = "a macro calls itself without end (recursion); give it a case that stops"
        elif isinstance(exc, SyntaxError):  # Python's limits on what the template compiles to
            message = "refused: blocks nested too deeply to compile"
        elif isinstance(exc, OverflowError):
            message = f"refused: {'a range' if 'Range too big' in str(exc) else 'a number'} too large to work out"
            if "MAX_RANGE" in str(exc):
                message += " (a range has at most 100,000 numbers)"
        elif isinstance(exc, MemoryError):
            message = f"stopped: the template took more memory than rrp allows ({describe_size(MEMORY_LIMIT)} more)"
        elif isinstance(exc, FilterError):
            message = f"filter {exc}"
        else:
            message = f"{type(exc).__name__}: {exc}"
    lines = [f"{where}:{line}: {message}" if line else f"{where}: {message}"]
    if source:
        lines.append(f"    {source}")
    return TemplateProblem("\n".join(lines))


def _while_compiling(exc: BaseException) -> bool:
    """True when an error arose in Jinja's parser or compiler (or Python's), not in running the template."""
    if "during compilation" in str(exc):
        return True
    tb = exc.__traceback__
    while tb is not None:
        if os.path.basename(tb.tb_frame.f_code.co_filename) in ("parser.py", "lexer.py", "compiler.py"):
            return True
        tb = tb.tb_next
    return False


def _includes_in_traceback(exc: BaseException) -> int:
    """How many times a template's top level runs in an error's traceback: many for an include without end."""
    count = 0
    tb = exc.__traceback__
    while tb is not None:
        count += tb.tb_frame.f_code.co_name in ("root", "top-level template code")
        tb = tb.tb_next
    return count


def _same_path(a: str, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _template_frame(exc: BaseException) -> tuple[str, int] | None:
    """The innermost template frame of an exception's traceback, as (file, line).

    Jinja rewrites the traceback of an error in template code so that its
    frames point at the template source: a code object named after the
    template file, at the template's line.
    """
    found: tuple[str, int] | None = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_globals.get("__jinja_exception__") is exc:
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _source_line(filename: str | None, line: int | None) -> str | None:
    if not filename or not line:
        return None
    try:
        lines = read_template(Path(filename), filename).splitlines()
    except TemplateRefused:
        return None
    return shorten(printable(lines[line - 1].strip()), 200) if 0 < line <= len(lines) else None


_NO_ATTRIBUTE = re.compile(r"^'(?P<obj>[^']*)' has no attribute '(?P<name>[^']*)'$")


def _undefined_message(message: str, source: str | None) -> str:
    """Jinja's message, with the expression named where the line shows it unambiguously.

    ``'dict object' has no attribute 'regoin'`` becomes
    ``'plan.meta' has no attribute 'regoin'`` on a line ``{{ plan.meta.regoin }}``.
    """
    found = _NO_ATTRIBUTE.match(message)
    if not found or not source:
        return message
    name = re.escape(found["name"])
    pattern = rf"([A-Za-z_][\w]*(?:\.[A-Za-z_]\w*|\[[^\[\]]+\])*)(?:\.{name}\b|\[\s*['\"]{name}['\"]\s*\])"
    expressions = set(re.findall(pattern, source))
    if len(expressions) != 1:
        return message
    expression = expressions.pop()
    if found["obj"] == "None":
        return f"'{expression}' is none, so it has no attribute '{found['name']}'"
    return f"'{expression}' has no attribute '{found['name']}'"


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


def tidy(text: str) -> str:
    """The output made neat: blank lines are empty, runs of them are one, one newline at the end.

    Fenced code blocks are left exactly as they are.
    """
    out: list[str] = []
    fence: str | None = None
    # Lines end at "\n" only: str.splitlines() would also end them at U+2028 and other characters that
    # are refused in the output, and so hide them.
    for line in text.removesuffix("\n").split("\n"):
        marker = _FENCE.match(line)
        if fence is not None:
            out.append(line)
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
            continue
        if marker:
            fence = marker.group(1)
        if not line.strip():
            if out and out[-1] == "":
                continue
            line = ""
        out.append(line)
    while out and out[0] == "":
        out.pop(0)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n" if out else ""
