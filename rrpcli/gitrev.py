"""Reading a plan file as it was at a git revision (``PLAN@REV``).

``rrp diff nw@HEAD~1 nw`` compares a plan with itself one commit ago.  The
file is read with git from the repository that holds it::

    git -C <directory of the file> rev-parse --show-toplevel
    git -C <that directory> rev-parse --verify <REV>^{commit}
    git -C <that directory> cat-file blob <commit>:<path from the repository root>

``cat-file`` is ``git show REV:PATH`` for a blob, without any ``textconv``
filter a diff driver might set up.  Every way this can fail is a
:class:`~rrpcli.errors.GitError` naming the ``PLAN@REV`` given.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rrpcli.errors import GitError

if TYPE_CHECKING:
    import subprocess


@dataclass
class Spec:
    """A plan as named on the command line: a name or path, and the revision after ``@``."""

    name: str
    rev: str | None = None

    def __str__(self) -> str:
        return self.name if self.rev is None else f"{self.name}@{self.rev}"


def split_spec(spec: str) -> Spec:
    """``nw@HEAD~1`` as ``Spec("nw", "HEAD~1")``; a name or path without ``@`` has no revision.

    An existing file whose name contains ``@`` is that file.  Otherwise the
    name ends at the first ``@`` that leaves an existing file on its left, or
    at the first ``@`` (so ``nw@HEAD@{1}`` is ``nw`` at ``HEAD@{1}``).
    """
    if "@" not in spec.lstrip("@") or Path(spec).is_file():
        return Spec(spec)
    cuts = [i for i, ch in enumerate(spec) if ch == "@" and i > 0]
    cut = next((i for i in cuts if Path(spec[:i]).is_file()), cuts[0])
    name, rev = spec[:cut], spec[cut + 1 :]
    if not rev:
        raise GitError(f'{spec}: no revision after "@" (e.g. {name}@HEAD~1)')
    if rev.startswith("-"):
        raise GitError(f'{spec}: a revision cannot start with "-"')
    return Spec(name, rev)


def _git(args: list[str], cwd: Path, label: str) -> subprocess.CompletedProcess[bytes]:

    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "LC_ALL": "C"}
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise GitError(f"{label}: cannot read a git revision: git is not installed (no git on PATH)") from None
    except OSError as exc:
        raise GitError(f"{label}: cannot run git: {exc.strerror or exc}") from None


def read_revision(path: str | Path, rev: str, label: str | None = None) -> bytes:
    """The contents of the file at ``path`` as it was at revision ``rev`` of its repository.

    The file need not exist in the working tree any more.
    """
    path = Path(path)
    label = label or f"{path}@{rev}"
    absolute = Path(os.path.abspath(path))
    # The file (or even its folder) may be gone from the working tree: ask git in the nearest folder left.
    directory = absolute.parent
    while not directory.is_dir() and directory != directory.parent:
        directory = directory.parent
    top = _git(["rev-parse", "--show-toplevel"], directory, label)
    if top.returncode != 0:
        said = top.stderr.decode("utf-8", "replace").strip().splitlines()
        why = said[0].removeprefix("fatal: ") if said else ""
        if "not a git repository" in why or not why:
            raise GitError(f"{label}: {path} is not in a git repository")
        raise GitError(f"{label}: git cannot use the repository holding {path}: {why}")
    root = Path(top.stdout.decode("utf-8", "replace").strip())
    try:
        relative = directory.resolve().relative_to(root.resolve()) / absolute.relative_to(directory)
    except ValueError:
        raise GitError(f"{label}: {path} is not inside the repository {root}") from None
    commit = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], root, label)
    if commit.returncode != 0:
        raise GitError(f'{label}: no such revision "{rev}" in the repository {root}')
    sha = commit.stdout.decode("ascii", "replace").strip()
    object_name = f"{sha}:{relative.as_posix()}"
    kind = _git(["cat-file", "-t", object_name], root, label)
    if kind.returncode != 0:
        raise GitError(f'{label}: "{relative.as_posix()}" does not exist at revision {rev}')
    if kind.stdout.strip() != b"blob":
        raise GitError(f'{label}: "{relative.as_posix()}" is not a file at revision {rev}')
    blob = _git(["cat-file", "blob", object_name], root, label)
    if blob.returncode != 0:  # pragma: no cover - the object was just found
        message = blob.stderr.decode("utf-8", "replace").strip()
        raise GitError(f"{label}: git cannot read it: {message}")
    return blob.stdout
