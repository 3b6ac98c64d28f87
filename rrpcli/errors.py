"""rrp's own exceptions.

Core modules raise these and never print or exit; the CLI turns every
:class:`RrpError` into a short message on stderr and exit status 2.
"""

from __future__ import annotations

from dataclasses import dataclass


class RrpError(Exception):
    """Anything the user can fix: a bad file, name, option or template."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def lines(self) -> list[str]:
        """The message as lines for the terminal."""
        return self.message.splitlines() or [self.message]


@dataclass
class Problem:
    """One thing wrong in a plan file, and where."""

    file: str
    message: str
    path: str = ""
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class PlanInvalid(RrpError):
    """A plan file that cannot be read or does not follow the plan format.

    Carries every problem found in the file, not only the first.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


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


class OutcomesInvalid(RrpError):
    """Outcome files (``outcomes/*.toml``) that cannot be read, do not follow their format or disagree.

    Carries every problem found, in every file, not only the first.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
