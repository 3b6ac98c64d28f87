"""The sandbox a template runs in: where it may load templates from, and how much it may do.

Jinja's :class:`~jinja2.sandbox.SandboxedEnvironment` keeps a template away
from Python's internals.  rrp adds what a user's template must not do either
(``docs/security.md`` states the promise):

* **load only template files from inside its folder.**  A template, and
  everything it includes, imports or extends, is a ``*.j2`` file inside the
  template's folder (or among the built-in templates), reached without leaving
  that folder through ``..``, an absolute path or a symbolic link, and read by
  the rules of :func:`rrpcli.userfiles.read_user_file` (a regular file, here of
  at most :data:`TEMPLATE_BYTES`);
* **run for a limited time**: :data:`TIME_LIMIT_SECONDS` for loading,
  compiling and rendering (a timer in the main thread, and a check at every
  operation the sandbox sees);
* **write a limited output**: at most :data:`OUTPUT_LIMIT` characters, counted
  as the template writes, and no text it builds (``~``, a macro, ``{% set %}``
  blocks, a filter) longer than that;
* **build limited values**: ``*`` and ``+`` on text and lists, ``**`` and
  ``*`` on whole numbers, ``%`` formatting, and the numbers given to filters
  and methods (a width, a count) are checked before they are worked out;
  lists stop at :data:`ITEM_LIMIT` items, numbers at :data:`INT_BITS_LIMIT` bits;
* **use a limited amount of memory** (on Linux): :data:`MEMORY_LIMIT` more
  than rrp had when the template started, for anything the checks above miss.

Each ends in a :class:`TemplateLimit` (or, for a file, :class:`TemplateRefused`),
which :func:`rrpcli.render.render` turns into a one-line error naming the
template and line; nothing is written.

``jinja2`` is imported only when a sandbox is made.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import signal

try:
    import resource  # Unix only: the memory limit of a render
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from rrpcli.errors import FileRefused
from rrpcli.escaping import shorten
from rrpcli.userfiles import describe_size, read_user_file

if TYPE_CHECKING:
    from jinja2 import BaseLoader
    from jinja2.sandbox import SandboxedEnvironment

#: How long a template may take to load, compile and render.
TIME_LIMIT_SECONDS = 5.0
#: The most characters of output a template may write, and the longest text it may build.
OUTPUT_LIMIT = 10_000_000
#: The most items a list a template builds (``*``, ``+``, a method or filter) may have.
ITEM_LIMIT = 100_000
#: The largest whole number a template may make, in bits (about 3,000 decimal digits).
INT_BITS_LIMIT = 10_000
#: How much more memory (address space) rendering may take, where the system can limit it.
MEMORY_LIMIT = 1_000_000_000
#: The largest template file rrp loads: a built-in template is about 10 kB, and compiling 200 kB of
#: template takes about two seconds.
TEMPLATE_BYTES = 200_000
#: The suffix every template file has (``briefing.md.j2``, ``part.j2``).
TEMPLATE_SUFFIX = ".j2"


class TemplateLimit(Exception):
    """A template went past one of the sandbox's limits (time, output, size of a value, memory)."""


class TemplateRefused(Exception):
    """A template file the sandbox will not load: outside the folder, not a template file, not a regular file."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"cannot load {shorten(name)!r}: {reason}")
        self.name = name
        self.reason = reason


def safe_relative(name: str) -> bool:
    """True for a plain relative template name: no absolute path, no ``..``, no backslash."""
    parts = PurePath(name).parts
    return bool(parts) and not PurePath(name).is_absolute() and ".." not in parts and "\\" not in name


def template_file(root: Path, name: str) -> Path | None:
    """The file a template name stands for in ``root``, checked; None when there is no such file.

    Raises :class:`TemplateRefused` for a name that leaves the folder, a file
    that is not a template file (``*.j2``), or a symbolic link that leads out of
    the folder.
    """
    if not safe_relative(name):
        raise TemplateRefused(name, "templates can include only templates in their own folder")
    if not name.endswith(TEMPLATE_SUFFIX):
        raise TemplateRefused(name, f"is not a template file: only *{TEMPLATE_SUFFIX} files can be loaded")
    real_root = os.path.realpath(root)
    candidate = os.path.join(real_root, *PurePath(name).parts)
    if not os.path.lexists(candidate):
        return None
    real = os.path.realpath(candidate)
    if os.path.commonpath([real, real_root]) != real_root:
        raise TemplateRefused(name, f"is a symbolic link to a file outside the template folder {real_root}")
    if not real.endswith(TEMPLATE_SUFFIX):
        raise TemplateRefused(name, f"is a symbolic link to a file that is not a template file (*{TEMPLATE_SUFFIX})")
    return Path(candidate)


def read_template(path: Path, name: str) -> str:
    """A template file's text (UTF-8), read by rrp's rules for user files; :class:`TemplateRefused` if not."""
    try:
        raw = read_user_file(path, what="a template file", label=name, limit=TEMPLATE_BYTES)
    except FileRefused as exc:
        raise TemplateRefused(name, exc.reason) from None
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise TemplateRefused(name, f"is not a UTF-8 text file ({exc.reason})") from None


# -- the guards ------------------------------------------------------------------------------------


def _count(n: int) -> str:
    return f"{n:,}"


def _too_big(what: str, limit: str) -> TemplateLimit:
    return TemplateLimit(f"refused: {what}, more than rrp lets a template make ({limit})")


def check_value(value: Any) -> Any:
    """``value`` as it is, or a :class:`TemplateLimit` when it is text, a list or a number too large."""
    if isinstance(value, str):
        if len(value) > OUTPUT_LIMIT:
            raise _too_big(f"a text of {_count(len(value))} characters", f"{_count(OUTPUT_LIMIT)} characters")
    elif isinstance(value, (list, tuple)):
        if len(value) > ITEM_LIMIT:
            raise _too_big(f"a list of {_count(len(value))} items", f"{_count(ITEM_LIMIT)} items")
    elif isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > INT_BITS_LIMIT:
        raise _too_big("a number of more than 3,000 digits", f"{_count(INT_BITS_LIMIT)} bits")
    return value


def _length(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, list, tuple)) else None


def _limit_of(value: Any) -> int:
    return OUTPUT_LIMIT if isinstance(value, str) else ITEM_LIMIT


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


#: A width or precision in a format (``%10000000s``, ``{:>10000000}``) larger than any output may be.
_BIG_FORMAT_NUMBER = re.compile(r"[0-9]{8,}")


def _check_format(text: str) -> None:
    if _BIG_FORMAT_NUMBER.search(text) and any(int(n) > OUTPUT_LIMIT for n in _BIG_FORMAT_NUMBER.findall(text)):
        raise _too_big("a format with a width of more than the longest output", f"{_count(OUTPUT_LIMIT)} characters")


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse ``left operator right`` when its result would be too large, before it is worked out."""
    if operator == "**":
        if _is_int(left) and _is_int(right) and right > 0 and abs(left) > 1:
            bits = (abs(left).bit_length() - 1) * right
            if bits > INT_BITS_LIMIT:
                raise _too_big(f"{shorten(str(left), 20)} ** {shorten(str(right), 20)}", "numbers of 10,000 bits")
    elif operator == "*":
        if _is_int(left) and _is_int(right):
            if left.bit_length() + right.bit_length() > INT_BITS_LIMIT + 1:
                raise _too_big("a product of more than 3,000 digits", f"{_count(INT_BITS_LIMIT)} bits")
            return
        for seq, times in ((left, right), (right, left)):
            size = _length(seq)
            if size is not None and _is_int(times) and size * max(times, 0) > _limit_of(seq):
                what = "characters" if isinstance(seq, str) else "items"
                kind = "a text" if isinstance(seq, str) else "a list"
                raise _too_big(
                    f"{kind} repeated {_count(times)} times would have {_count(size * times)} {what}",
                    f"{_count(_limit_of(seq))} {what}",
                )
    elif operator == "+":
        a, b = _length(left), _length(right)
        if a is not None and b is not None and a + b > _limit_of(left):
            raise _too_big(f"joining {_count(a)} and {_count(b)}", f"{_count(_limit_of(left))}")
    elif operator == "%" and isinstance(left, str):
        _check_format(left)
        for arg in right if isinstance(right, tuple) else (right,):
            _check_count(arg)


def _check_count(value: Any) -> None:
    """A number given to a filter or method (a width, a count, a repeat) must not exceed the longest output."""
    if _is_int(value) and abs(value) > OUTPUT_LIMIT:
        raise _too_big(f"the number {shorten(str(value), 20)} given as a width or count", _count(OUTPUT_LIMIT))


def check_call(obj: Any, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    """Refuse a call (a method, a global function) asked to make something too large."""
    for value in (*args, *kwargs.values()):
        _check_count(value)
        if isinstance(value, str):
            _check_format(value)
    target = getattr(obj, "__wrapped__", obj)
    owner = getattr(target, "__self__", None)
    name = getattr(target, "__name__", "")
    if isinstance(owner, str):
        _check_format(owner)
        if name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
            _check_replace(owner, args[0], args[1])
        elif name == "join" and args and isinstance(args[0], (list, tuple)):
            total = sum(len(x) for x in args[0] if isinstance(x, str)) + len(owner) * max(len(args[0]) - 1, 0)
            if total > OUTPUT_LIMIT:
                raise _too_big(f"a joined text of {_count(total)} characters", f"{_count(OUTPUT_LIMIT)} characters")
        elif name == "expandtabs" and args and _is_int(args[0]) and owner.count("\t") * args[0] > OUTPUT_LIMIT:
            raise _too_big("tabs expanded to too long a text", f"{_count(OUTPUT_LIMIT)} characters")


def _check_replace(text: str, old: str, new: str) -> None:
    hits = text.count(old) if old else len(text) + 1
    if len(text) + hits * (len(new) - len(old)) > OUTPUT_LIMIT:
        raise _too_big("a replacement that makes a text too long", f"{_count(OUTPUT_LIMIT)} characters")


def guarded_filter(func: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that refuses a width or count too large, a text argument that would multiply a long text, and a
    result too large.

    A filter's text arguments (a separator, an indent, a replacement) can each
    appear once per character of the value at most, so the value's length
    times one plus theirs bounds what it can make.
    """
    from jinja2.utils import _PassArg

    skip = 1 if _PassArg.from_obj(func) is None else 2  # the value (and the context) are not counts

    @functools.wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        extra = (*args[skip:], *kwargs.values())
        for value in extra:
            _check_count(value)
        subject = args[skip - 1] if len(args) >= skip else None
        if isinstance(subject, str):
            if func.__name__ == "do_format":
                _check_format(subject)
            grow = sum(len(a) for a in extra if isinstance(a, str))
            if grow and len(subject) * (1 + grow) > OUTPUT_LIMIT:
                raise _too_big(
                    f"a filter that could make a text of {_count(len(subject) * (1 + grow))} characters",
                    f"{_count(OUTPUT_LIMIT)} characters",
                )
        return check_value(func(*args, **kwargs))

    return guarded


# -- the limits in time and memory ------------------------------------------------------------------


class Deadline:
    """When the template must have finished; :meth:`check` raises :class:`TemplateLimit` after it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def check(self) -> None:
        """Raise :class:`TemplateLimit` once the time is up."""
        if time.monotonic() > self.end:
            raise self.exceeded()

    def exceeded(self) -> TemplateLimit:
        """The error for a template that ran too long."""
        return TemplateLimit(f"stopped: the template ran for more than {self.seconds:g} seconds, rrp's limit")


@contextlib.contextmanager
def limits(deadline: Deadline) -> Iterator[None]:
    """Run the block under the time limit (a timer) and the memory limit (Linux), in the main thread.

    In another thread, only the checks of :class:`Deadline` at each operation of the sandbox apply.
    """
    with contextlib.ExitStack() as stack:
        # Both act on the whole process: only rrp's own main thread sets them, never a library user's thread.
        if threading.current_thread() is threading.main_thread():
            if hasattr(signal, "setitimer"):
                stack.enter_context(_timer(deadline))
            stack.enter_context(_memory_limit())
        yield


@contextlib.contextmanager
def _timer(deadline: Deadline) -> Iterator[None]:
    def on_alarm(signum: int, frame: object) -> None:
        raise deadline.exceeded()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    # After the first alarm, again every 0.1 s: code that caught the first one is stopped by the next.
    signal.setitimer(signal.ITIMER_REAL, max(deadline.end - time.monotonic(), 0.001), 0.1)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _memory_limit() -> Iterator[None]:
    if resource is None:
        yield  # no way to limit memory here (not a Unix system): the other limits still hold
        return
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        with open("/proc/self/statm") as statm:
            in_use = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        yield  # no way to limit memory here: the other limits still hold
        return
    wanted = in_use + MEMORY_LIMIT
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft <= wanted:
        yield  # already limited as tightly
        return
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


# -- the environment --------------------------------------------------------------------------------


def sandbox(
    roots: Sequence[Path],
    filters: Mapping[str, Callable[..., Any]],
    deadline: Deadline,
    loaded: dict[str, str],
) -> SandboxedEnvironment:
    """The sandbox for one rendering: templates from ``roots`` (in order), rrp's filters, the limits.

    ``loaded`` records each file loaded, as ``{filename: template name}``.
    """
    from jinja2 import StrictUndefined

    env: Any = _sandbox_class()(
        loader=_loader(roots, loaded),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.deadline = deadline
    env.filters.update(filters)
    env.filters = {name: guarded_filter(func) for name, func in env.filters.items()}
    env.concat = env.checked_concat  # what templates join text with: blocks, macros, {% set %}
    sandboxed: SandboxedEnvironment = env
    return sandboxed


@functools.cache
def _sandbox_class() -> type[SandboxedEnvironment]:
    from jinja2.compiler import CodeGenerator, Frame
    from jinja2.nodes import Concat
    from jinja2.runtime import Macro
    from jinja2.sandbox import SandboxedEnvironment

    class GuardedCodeGenerator(CodeGenerator):
        """Jinja's code, with the text ``~`` builds checked."""

        def visit_Concat(self, node: Concat, frame: Frame) -> None:
            self.write("environment.checked(")
            super().visit_Concat(node, frame)
            self.write(")")

    class Sandbox(SandboxedEnvironment):
        """Jinja's sandbox with rrp's limits on time, size and what each operation makes."""

        code_generator_class = GuardedCodeGenerator
        intercepted_binops = frozenset({"*", "**", "+", "%", "-", "/", "//"})
        deadline: Deadline

        def checked(self, value: Any) -> Any:
            return check_value(value)

        def checked_concat(self, parts: Any) -> str:
            self.deadline.check()
            pieces = list(parts)
            if sum(len(p) for p in pieces if isinstance(p, str)) > OUTPUT_LIMIT:
                raise _too_big("a text longer than the longest output", f"{_count(OUTPUT_LIMIT)} characters")
            return "".join(pieces)

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            self.deadline.check()
            check_binop(operator, left, right)
            return check_value(super().call_binop(context, operator, left, right))

        def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
            self.deadline.check()
            if not isinstance(obj, Macro):
                check_call(obj, args, kwargs)
            return check_value(super().call(context, obj, *args, **kwargs))

        def getattr(self, obj: Any, attribute: str) -> Any:
            self.deadline.check()
            return super().getattr(obj, attribute)

        def getitem(self, obj: Any, argument: Any) -> Any:
            self.deadline.check()
            return super().getitem(obj, argument)

    return Sandbox


def _loader(roots: Sequence[Path], loaded: dict[str, str]) -> BaseLoader:
    """Templates by name from the first root that has them, by :func:`template_file`'s rules."""
    from jinja2 import BaseLoader, TemplateNotFound

    class FolderLoader(BaseLoader):
        has_source_access = True

        def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
            for root in roots:
                path = template_file(root, template)
                if path is not None:
                    source = read_template(path, template)
                    loaded.setdefault(str(path), template)
                    return source, str(path), lambda: True
            raise TemplateNotFound(template)

    return FolderLoader()


def generate(env: SandboxedEnvironment, name: str, context: Mapping[str, Any]) -> str:
    """Load, compile and render template ``name``: the output, counted as it is written."""
    compiled = env.get_template(name)
    parts: list[str] = []
    total = 0
    for chunk in compiled.generate(dict(context)):
        total += len(chunk)
        if total > OUTPUT_LIMIT:
            raise TemplateLimit(
                f"stopped: the output passed {_count(OUTPUT_LIMIT)} characters "
                f"({describe_size(OUTPUT_LIMIT)}), rrp's limit for a template's output"
            )
        parts.append(chunk)
    return "".join(parts)
