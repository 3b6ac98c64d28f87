"""Reading, checking and writing plan files.

:func:`load_plan` reads a TOML plan, checks it against the format (types,
required and unknown keys) and against itself (target numbers agree with the
sentence and with each other, footnotes exist, ...), and returns a
:class:`~rrpcli.model.Plan`.  Every problem in the file is reported at once,
each with file, line and field path, in one :class:`~rrpcli.errors.PlanInvalid`.
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomli
import tomli_w

from rrpcli import schema
from rrpcli.errors import FileRefused, PlanInvalid, Problem, ProblemsFound
from rrpcli.model import Fact, Plan, Target, months_between
from rrpcli.schema import FieldProblem, to_data
from rrpcli.sentences import parse_target_sentence
from rrpcli.statednumbers import exact_figure, exact_value, is_year, plain, stated_numbers
from rrpcli.userfiles import MAX_PLAN_BYTES, check_size, read_user_file
from rrpcli.wording import joined

if TYPE_CHECKING:
    from rrpcli.schema import FieldProblem

#: Tolerance for comparing percentages (18 + 1 = 19 exactly, but 0.1 + 0.2 is not 0.3).
_EPSILON = 1e-6


def load_plan(path: str | Path, *, text: str | bytes | None = None, label: str | None = None) -> Plan:
    """Read and check one plan file.

    ``text`` gives the file's contents when they do not come from disk (a git
    revision); ``label`` is how the file is named in messages.  The file is
    read by the rules of :func:`rrpcli.userfiles.read_user_file` (a regular
    file of at most 6 MB); ``text`` is held to the same size.
    """
    path = Path(path)
    name = label or str(path)
    raw: bytes | str
    try:
        if text is None:
            raw = read_user_file(path, what="a plan file", label=name, limit=MAX_PLAN_BYTES)
        else:
            raw = text
            check_size(len(raw) if isinstance(raw, bytes) else len(raw.encode("utf-8", "surrogatepass")), name,
                       MAX_PLAN_BYTES)  # fmt: skip
    except FileRefused as exc:
        raise PlanInvalid([Problem(name, exc.reason)]) from None
    return plan_from_source(raw, name, path)


def plan_from_source(raw: bytes | str, name: str, path: Path | None = None) -> Plan:
    """Check and build a plan from a file's contents (bytes or text); ``name`` names it in messages."""
    source = _decode(raw, name)
    data = _parse_toml(source, name)
    return dataclasses.replace(plan_from_data(data, name, source), path=path)


def parse_plan_source(raw: bytes | str, name: str) -> dict[str, Any]:
    """A plan file's contents as parsed TOML, with rrp's checks of encoding and nesting, but not of the format.

    For the code an invalid plan file claims; problems raise :class:`PlanInvalid`.
    """
    return _parse_toml(_decode(raw, name), name)


def _decode(raw: bytes | str, name: str) -> str:
    source = decode_text(raw, name, PlanInvalid, "a TOML plan")
    if not source.strip():
        raise PlanInvalid([Problem(name, "is empty: a plan needs at least a [meta] table")])
    return source


def decode_text(raw: bytes | str, name: str, invalid: type[ProblemsFound], what: str) -> str:
    """A file's contents as text (a leading byte-order mark dropped), or ``invalid`` naming what is wrong and where.

    A file with a NUL byte is binary, not ``what`` (e.g. "a TOML plan"); other bytes must be UTF-8.
    """
    if isinstance(raw, str):
        source = raw
    else:
        if b"\x00" in raw:
            raise invalid([Problem(name, f"is a binary file, not {what}")])
        try:
            source = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            message = f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
            raise invalid([Problem(name, message, line=line)]) from None
    return source.removeprefix("\ufeff")


_TOML_POSITION = r"\s*\(at line (\d+), column (\d+)\)$"

_LONG_NUMBER = r"[0-9_]{4301,}"

#: The deepest nesting of arrays, tables and dotted keys rrp reads; its files need about 5 levels.
MAX_NESTING = 32


def _parse_toml(source: str, name: str) -> dict[str, Any]:
    return parse_toml(source, name, PlanInvalid)


def parse_toml(source: str, name: str, invalid: type[ProblemsFound]) -> dict[str, Any]:
    """A TOML text parsed, or ``invalid`` (an exception class) with the problem and its line.

    Beyond TOML's syntax: nesting deeper than :data:`MAX_NESTING` levels and integers
    longer than Python reads are ordinary problems too, never a traceback or a long wait.
    """
    try:
        # tomli, not the standard library's tomllib: the same parser (tomllib was taken from it), with
        # the same results and messages, compiled; a third of tomllib's time (docs/developing.md).
        data = tomli.loads(source)
    except tomli.TOMLDecodeError as exc:
        message = str(exc)
        line = column = None
        if m := re.search(_TOML_POSITION, message):
            line, column = int(m[1]), int(m[2])
            message = message[: m.start()]
        elif message.endswith("(at end of document)"):
            line = source.count("\n") + 1
            message = message.removesuffix("(at end of document)").strip() + " at end of file"
        raise invalid([Problem(name, f"TOML syntax error: {message}", line=line, column=column)]) from None
    except RecursionError:
        raise _too_deep(name, nesting_too_deep(source), invalid) from None
    except ValueError:  # Python's limit on digits: an integer of more than 4,300 digits
        long_number = re.search(_LONG_NUMBER, source)
        line = source.count("\n", 0, long_number.start()) + 1 if long_number else None
        raise invalid([Problem(name, "a number with more than 4,300 digits", line=line)]) from None
    if _depth(data) > MAX_NESTING:
        raise _too_deep(name, nesting_too_deep(source), invalid)
    return data


def _too_deep(name: str, where: tuple[int, int] | None, invalid: type[ProblemsFound]) -> ProblemsFound:
    message = f"arrays, tables or dotted keys nested more than {MAX_NESTING} levels deep (rrp's files need about 5)"
    return invalid([Problem(name, message, line=where[0] if where else None)])


def _depth(data: Any) -> int:
    """How deeply parsed TOML data nests (a table or array is one level), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > deepest:
            deepest = depth
            if deepest > MAX_NESTING:
                break
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values() if isinstance(v, (dict, list)))
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value if isinstance(v, (dict, list)))
    return deepest


_TOKEN = (
    r'(?P<string>"""(?:[^\\"]|\\[\s\S]|"(?!""))*"{0,2}"""'
    r"|'''[\s\S]*?'{3,5}"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'[^'\n]*')"
    r"|(?P<comment>#[^\n]*)|(?P<newline>\n)|(?P<open>[\[{])|(?P<close>[\]}])|(?P<equals>=)|(?P<comma>,)"
    r"""|(?P<dot>\.)|(?P<word>[^\s\[\]{}=,."'#]+)|(?P<space>[ \t\r]+)|(?P<other>.)"""
)


def nesting_too_deep(source: str) -> tuple[int, int] | None:
    """Where a TOML text first nests more than :data:`MAX_NESTING` levels deep: ``(line, depth)``, else None.

    Counts the tables and arrays the parser would build (the document itself
    is level 1), without parsing: the parts of a table header, the parts of a
    dotted key, and the arrays and inline tables a value opens.  Strings and
    comments are skipped.
    """
    line = 1
    table = 1  # where the keys of the current [table] are: the document's own keys are at level 1
    mode = "key"  # what is being read: a key, a [header], a value, or the end of a statement
    parts = 1  # the parts of the key being read
    stack: list[tuple[str, int]] = []  # open arrays and inline tables: (bracket, their level)
    here = 1  # the level of the table or array that holds the value being read
    for m in re.finditer(_TOKEN, source):
        kind = m.lastgroup
        if kind in ("newline", "string"):
            line += m.group().count("\n")
            if kind == "newline" and not stack:
                mode, parts = "key", 1
        elif kind == "open":
            if mode == "key" and not stack and m.group() == "[":
                # [table], or [[array of tables]]: its tables are one level below the array
                mode, parts = "header", 1 + int(source.startswith("[", m.end()))
            elif mode != "header":
                level = (stack[-1][1] if stack else table) if mode == "key" else here
                stack.append((m.group(), level + 1))
                if level + 1 > MAX_NESTING:
                    return line, level + 1
                mode, parts, here = ("key", 1, level + 1) if m.group() == "{" else ("value", 1, level + 1)
        elif kind == "close":
            if mode == "header":
                table = parts + 1
                mode, parts = "end", 1
            elif stack:
                stack.pop()
                mode = "end" if not stack or stack[-1][0] == "{" else "value"
                if stack:
                    here = stack[-1][1]
        elif kind == "dot" and mode in ("key", "header"):
            parts += 1
            level = parts + 1 if mode == "header" else (stack[-1][1] if stack else table) + parts - 1
            if level > MAX_NESTING:
                return line, level
        elif kind == "equals" and mode == "key":
            here = (stack[-1][1] if stack else table) + parts - 1
            mode, parts = "value", 1
        elif kind == "comma" and stack:
            here = stack[-1][1]
            if stack[-1][0] == "{":
                mode, parts = "key", 1
    return None


def plan_from_data(data: dict[str, Any], name: str = "<plan>", source: str | None = None) -> Plan:
    """Build and check a plan from parsed TOML data.

    ``source`` is the file's text, used only to put line numbers on problems.
    """

    plan, field_problems = schema.build(data, Plan)
    problems = list(field_problems)
    if plan is not None:
        problems += check_plan(plan)
    if problems:
        lines = KeyLines(source) if source is not None else None
        located = [Problem(name, p.message, p.path, lines.find(p.path) if lines else None) for p in problems]
        raise PlanInvalid(sorted(located, key=lambda p: p.line or 0))  # in file order
    assert plan is not None
    return plan


def check_plan(plan: Plan) -> list[FieldProblem]:
    """What the format alone cannot check: the plan's agreement with itself."""

    out: list[FieldProblem] = []
    for pid, pathway in plan.pathways.items():
        for i, target in enumerate(pathway.targets):
            out += check_target(target, f"pathways.{pid}.targets[{i}]", plan.meta.region)
        for i, item in enumerate(pathway.context):
            for n in item.footnotes:
                if plan.footnote(n) is None:
                    out.append(
                        schema.FieldProblem(f"pathways.{pid}.context[{i}].footnotes", f"footnote {n} does not exist")
                    )
    seen: dict[int, int] = {}
    for i, note in enumerate(plan.footnotes):
        if note.number in seen:
            out.append(schema.FieldProblem(f"footnotes[{i}].number", f"footnote {note.number} is defined twice"))
        seen[note.number] = i
    terms: set[str] = set()
    for i, entry in enumerate(plan.glossary):
        term = entry.term  # split from the entry's text on each use: once is enough
        if term.casefold() in terms:
            out.append(schema.FieldProblem(f"glossary[{i}].text", f'"{term}" is defined twice'))
        terms.add(term.casefold())
    metrics: set[str] = set()
    for i, fact in enumerate(plan.about.facts):
        out += check_fact(fact, f"about.facts[{i}]")
        for j, figure in enumerate(fact.figures):
            if figure.metric in metrics:
                out.append(
                    schema.FieldProblem(
                        f"about.facts[{i}].figures[{j}].metric", f'metric "{figure.metric}" is stated twice'
                    )
                )
            metrics.add(figure.metric)
    out += _check_people(plan.foreword.signatories, plan.foreword.signature, "foreword.signatories", "signature")
    for i, st in enumerate(plan.national_priorities.statements):
        out += _check_people(
            st.speakers, st.attribution, f"national_priorities.statements[{i}].speakers", "attribution"
        )
    return out


def check_fact(fact: Fact, path: str) -> list[FieldProblem]:
    """Check that every figure of a fact is a number its sentence states.

    The sentence is what was published, so a figure it does not state is a
    mistake: typically the text was updated and the figures were not.  The
    sentence is read as the importer reads it ("4,800", "£120 million",
    "6.9 million", "10%"); a figure that matches no stated number is reported
    against the stated number in its place (the figures follow the sentence's
    order), or against all of them when that number is taken.
    """
    if not fact.figures:
        return []
    numbers = stated_numbers(fact.text, years=True)
    # A bare 2000 may be a year or a count: it may stand for a figure, but is never named as a figure's number.
    stated = [(m.group().strip(), exact_value(m)) for m in numbers if not is_year(m)]
    years = {exact_value(m) for m in numbers if is_year(m)}
    free = list(range(len(stated)))  # the stated numbers no figure has taken yet
    unstated: list[tuple[int, Decimal]] = []  # (figure index, its value)
    # First every figure that the sentence states, wherever it is; then name what the rest contradict.
    for i, figure in enumerate(fact.figures):
        value = exact_figure(figure.value)
        taken = next((k for k in free if stated[k][1] == value), None)
        if taken is not None:
            free.remove(taken)
        elif value not in years:
            unstated.append((i, value))
    out: list[FieldProblem] = []
    for i, value in unstated:
        repeated = next((text for text, number in stated if number == value), None)
        if repeated is not None:  # stated, but fewer times than the figures give it
            message = f"is {plain(value)} again, but the sentence says {repeated} only once and another figure has it"
            out.append(FieldProblem(f"{path}.figures[{i}].value", message))
            continue
        if not stated:
            said = "states no number"
        elif i in free:  # the number in the figure's own place
            said = f"says {stated[i][0]}"
        elif free:
            said = f"says {stated[free[0]][0]}"
        else:
            said = "says " + joined([text for text, _ in stated])
        out.append(FieldProblem(f"{path}.figures[{i}].value", f"is {plain(value)} but the sentence {said}"))
    return out


def _check_people(people: tuple[Any, ...], line: str, path: str, what: str) -> list[FieldProblem]:

    if not line:
        return []
    return [
        FieldProblem(f"{path}[{i}].name", f'"{p.name}" is not named in the {what}')
        for i, p in enumerate(people)
        if p.name not in line
    ]


def _fmt(value: float | None) -> str:
    return "none" if value is None else f"{value:g}"


def check_target(target: Target, path: str, region: str) -> list[FieldProblem]:
    """Check a target's numbers against each other and against its sentence."""

    out: list[FieldProblem] = []

    def problem(key: str, message: str) -> None:
        out.append(FieldProblem(f"{path}.{key}" if key else path, message))

    said = parse_target_sentence(target.text)
    numbers = {
        "direction": target.direction,
        "baseline": target.baseline,
        "baseline_date": target.baseline_date,
        "change_pp": target.change_pp,
        "target": target.target,
        "deadline": target.deadline,
    }
    if target.qualitative:
        for key, value in numbers.items():
            if value is not None:
                problem(key, "a qualitative target has no numbers")
        return out
    if not target.metric:
        problem("metric", "required key is missing (or mark the target qualitative = true)")
    for key in ("direction", "target", "deadline"):
        if numbers[key] is None:
            problem(key, "required key is missing (or mark the target qualitative = true)")
    if target.direction in ("increase", "decrease"):
        for key in ("baseline", "baseline_date", "change_pp"):
            if numbers[key] is None:
                problem(key, f"required key is missing for an {target.direction} target")
        if None not in (target.baseline, target.change_pp, target.target):
            assert target.baseline is not None and target.change_pp is not None and target.target is not None
            sign = 1 if target.direction == "increase" else -1
            expected = target.baseline + sign * target.change_pp
            if abs(expected - target.target) > _EPSILON:
                op = "+" if sign > 0 else "-"
                sum_text = f"{_fmt(target.baseline)}% {op} {_fmt(target.change_pp)} pp is {_fmt(expected)}%"
                problem("target", f"{sum_text}, not {_fmt(target.target)}%")
    elif target.direction == "maintain":
        if target.change_pp not in (None, 0):
            problem("change_pp", "a maintain target changes by 0 percentage points")
        if (
            target.baseline is not None
            and target.target is not None
            and abs(target.baseline - target.target) > _EPSILON
        ):
            problem(
                "target", f"a maintain target keeps its baseline {_fmt(target.baseline)}%, not {_fmt(target.target)}%"
            )
    if target.baseline_date and target.deadline and months_between(target.baseline_date, target.deadline) <= 0:
        problem("deadline", f"deadline {target.deadline} is not after the baseline date {target.baseline_date}")

    # The sentence is what was published: the fields must say the same.
    if not said.numeric:
        problem("text", "the sentence states no numbers; give them in it or mark the target qualitative = true")
        return out
    if said.region is not None and said.region != region:
        problem("text", f'the sentence names the region "{said.region}", but the plan is for "{region}"')
    checks: list[tuple[str, object, object]] = [
        ("deadline", said.deadline, target.deadline),
        ("direction", said.direction, target.direction),
        ("change_pp", said.change_pp, target.change_pp),
        ("baseline", said.baseline, target.baseline),
        ("baseline_date", said.baseline_date, target.baseline_date),
        ("target", said.target, target.target),
    ]
    for key, in_text, in_field in checks:
        if in_text is None or in_field is None:
            continue
        if isinstance(in_text, float) and isinstance(in_field, (int, float)):
            if abs(in_text - in_field) <= _EPSILON:
                continue
            problem(key, f"is {_fmt(in_field)} but the sentence says {_fmt(in_text)}")
        elif in_text != in_field:
            problem(key, f"is {in_field} but the sentence says {in_text}")
    return out


class KeyLines:
    """Line numbers of the keys and list items of a TOML text, by field path.

    The TOML parser keeps no positions, so this reads the text once more, lightly:
    table headers, ``key =`` lines and the items of multi-line arrays.  It is
    used only to put a line number on a problem; a path it cannot place
    falls back to its nearest placed parent.
    """

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
    _KEY = re.compile(r'^\s*((?:[A-Za-z0-9_-]+|"[^"]*")(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"))*)\s*=\s*(.*)$')

    def __init__(self, source: str) -> None:
        self.lines: dict[str, int] = {}
        counts: dict[str, int] = {}
        table = ""
        array: str | None = None  # path of the multi-line array being read
        depth = index = 0
        in_string = False
        for number, line in enumerate(source.splitlines(), 1):
            if in_string:
                in_string = line.count('"""') % 2 == 0
                continue
            if array is not None:
                stripped = line.strip()
                if depth == 1 and stripped and not stripped.startswith(("#", "]")):
                    self.lines.setdefault(f"{array}[{index}]", number)
                    index += 1
                depth += _bracket_balance(line)
                if depth <= 0:
                    array = None
                continue
            if m := self._HEADER.match(line):
                key = _dotted(m[2])
                if m[1] == "[[":
                    n = counts.get(key, 0)
                    counts[key] = n + 1
                    table = f"{key}[{n}]"
                else:
                    table = key
                self.lines.setdefault(table, number)
                # A header also places the tables it implicitly defines ([a.b] defines a).
                parts = key.split(".")
                for i in range(1, len(parts)):
                    self.lines.setdefault(".".join(parts[:i]), number)
            elif m := self._KEY.match(line):
                path = f"{table}.{_dotted(m[1])}" if table else _dotted(m[1])
                self.lines.setdefault(path, number)
                value = m[2]
                if value.count('"""') % 2 == 1:
                    in_string = True
                elif value.startswith("["):
                    balance = _bracket_balance(value)
                    if balance > 0:
                        array, depth, index = path, balance, 0
                        # items that start on the key's own line
                        if value[1:].strip() and not value[1:].strip().startswith("#"):
                            self.lines.setdefault(f"{path}[0]", number)
                            index = 1

    def find(self, path: str) -> int | None:
        """The line of ``path``, or of its nearest parent that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return None


def _dotted(key: str) -> str:
    return ".".join(part.strip().strip('"') for part in key.split("."))


def _bracket_balance(text: str) -> int:
    """Open minus closed square brackets outside strings and comments."""
    balance = 0
    quote: str | None = None
    escaped = False
    for ch in text:
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\" and quote == '"':
                escaped = True
            elif ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            break
        elif ch == "[":
            balance += 1
        elif ch == "]":
            balance -= 1
    return balance


def dump_plan(plan: Plan) -> str:
    """The plan as TOML text, in the layout people edit (see docs/plan-format.md)."""

    return tomli_w.dumps(to_data(plan), multiline_strings=False, indent=2)
