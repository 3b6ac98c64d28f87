"""rrp's own exceptions.

Core modules raise these and never print or exit; the CLI turns every
:class:`RrpError` into a short message on stderr and exit status 2.
"""

from __future__ import annotations

from dataclasses import dataclass

from rrpcli.escaping import printable, shorten

#: The longest line of a message: a longer one (a huge key, a long name) is cut in the middle.
MESSAGE_LINE_LIMIT = 1000
#: The most problems of one file a message lists; the rest are counted.
PROBLEM_LIMIT = 50


class RrpError(Exception):
    """Anything the user can fix: a bad file, name, option or template.

    The message is safe to print as it stands: control and bidirectional
    characters (from a file name, a key, a value) are shown escaped, and no
    line is longer than :data:`MESSAGE_LINE_LIMIT`.
    """

    exit_code = 2

    def __init__(self, message: str) -> None:
        message = "\n".join(shorten(printable(line), MESSAGE_LINE_LIMIT) for line in message.split("\n"))
        super().__init__(message)
        self.message = message

    def lines(self) -> list[str]:
        """The message as lines for the terminal."""
        return self.message.splitlines() or [self.message]


@dataclass(eq=False, repr=False)
class Problem:
    """One thing wrong in a plan file, and where."""

    file: str
    message: str
    path: str = ""
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = file_name(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        path = _short_path(self.path)
        return f"{where}: {path}: {self.message}" if path else f"{where}: {self.message}"


def file_name(name: str) -> str:
    """A file name for a message: control characters and line breaks shown, a very long name shortened."""
    return shorten(printable(name).replace("\n", "\\n").replace("\t", "\\t"), 300)


def _short_path(path: str) -> str:
    """A field path for a message: each long key in it shortened (a 1 MB key is not echoed whole)."""
    if len(path) <= 200:
        return path
    return ".".join(shorten(part, 60) for part in path.split("."))


class ProblemsFound(RrpError):
    """Every problem found in one or more files, each with file, line and field path.

    The message lists at most :data:`PROBLEM_LIMIT` of them, and counts the rest.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        lines = [str(p) for p in self.problems[:PROBLEM_LIMIT]]
        if len(self.problems) > PROBLEM_LIMIT:
            more = len(self.problems) - PROBLEM_LIMIT
            lines.append(f"{file_name(self.problems[0].file)}: ... and {more:,} more problem{'s' if more > 1 else ''}")
        super().__init__("\n".join(lines))


class PlanInvalid(ProblemsFound):
    """A plan file that cannot be read or does not follow the plan format.

    Carries every problem found in the file, not only the first.
    """


class FileRefused(RrpError):
    """A file rrp will not read: not a regular file, too large, a loop of links, missing or unreadable.

    ``name`` is the file as messages name it, ``reason`` what is wrong
    (``is a named pipe (FIFO), not a plan file``).
    """

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason
        super().__init__(f"{file_name(name)}: {reason}")


class PlanNotFound(RrpError):
    """A plan name or path that names no plan."""


class PlanConflict(RrpError):
    """Two plan files claiming the same region code."""


class NoPlans(RrpError):
    """A plans directory that holds no plans, or does not exist."""


class GitError(RrpError):
    """A ``PLAN@REV`` that git cannot resolve."""


class TemplateProblem(RrpError):
    """A template that cannot be found, compiled or safely rendered."""


class OutputRefused(RrpError):
    """An output file that must not be written (exists, or is an input)."""


class ImportProblem(RrpError):
    """Text that cannot be imported as a plan at all."""


class OutcomesInvalid(ProblemsFound):
    """Outcome files (``outcomes/*.toml``) that cannot be read, do not follow their format or disagree.

    Carries every problem found, in every file, not only the first.
    """
