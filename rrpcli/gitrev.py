"""Reading a plan file as it was at a git revision (``NAME@REV``), in the repository rrp is run in.

``rrp diff nw@HEAD~1 nw`` compares a plan with itself one commit ago.  The
revision is read from the git repository of the current directory, and only
from it: a file outside that repository (a plan bundled with rrp, another
checkout) is never read at a revision.  NAME may be, best first
(:func:`plan_candidates`): the file of the catalog's plan of that name, NAME
as a path from the repository root and from the current directory (with or
without ``.toml``), a plan file of that name in the current directory, at
the top of the repository or in its ``plans`` folder (so ``rrp diff nw@HEAD~1
nw`` works from any folder of a repository that keeps its plans in
``plans/``).  The first of these inside the repository that exists at REV
(or in the working tree) is read with::

    git rev-parse --show-toplevel
    git rev-parse --verify <REV>^{commit}
    git cat-file blob <commit>:<path from the repository root>

``cat-file`` is ``git show REV:PATH`` for a blob, without any ``textconv``
filter a diff driver might set up.  Every way this can fail is a
:class:`~rrpcli.errors.GitError` naming the ``NAME@REV`` given.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from rrpcli.catalog import Catalog, PlanSource, normalise_name
from rrpcli.errors import GitError, RrpError


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


def repository_root(cwd: Path, label: str) -> Path | None:
    """The top folder of the git repository holding ``cwd``; None outside any repository."""
    top = _git(["rev-parse", "--show-toplevel"], cwd, label)
    if top.returncode != 0:
        said = top.stderr.decode("utf-8", "replace").strip().splitlines()
        why = said[0].removeprefix("fatal: ") if said else ""
        if "not a git repository" in why or not why:
            return None
        raise GitError(f"{label}: git cannot use the repository here: {why}")
    return Path(top.stdout.decode("utf-8", "replace").strip()).resolve()


@dataclass(eq=False, repr=False)
class Revision:
    """A plan file read at a revision: its path, how to name it, and its bytes."""

    path: Path  # in the working tree (it need not exist there any more)
    label: str  # e.g. plans/north_west.toml@HEAD~1 (the path from the current directory)
    data: bytes


def looks_like_path(name: str) -> bool:
    """True for a name that can only be a path (``plans/nw.toml``), or is an existing file."""
    return name.endswith(".toml") or "/" in name or os.sep in name or Path(name).is_file()


def catalog_file(catalog: Catalog | None, name: str) -> Path | None:
    """The file of the catalog's plan of that name (even if that file does not load now)."""
    key = normalise_name(name)
    for entry in catalog.entries if catalog else ():
        if key in entry.names:
            return entry.path
    return None


def plan_candidates(name: str, catalog: Catalog | None, root: Path, here: Path) -> list[Path]:
    """Where ``NAME@REV`` may be, best first (see the module's documentation)."""
    found: list[Path] = []
    if not looks_like_path(name) and (path := catalog_file(catalog, name)) is not None:
        found.append(path)
    for stem in (name,) if name.endswith(".toml") else (name, f"{name}.toml"):
        found += [root / stem, here / stem]
    if not looks_like_path(name):
        # Below the top of the repository, its plans folder is the catalog rrp would use at the top.
        for folder in dict.fromkeys((here, root, root / "plans")):
            try:
                local = Catalog.open(PlanSource(folder, "the current directory"))
            except RrpError:  # no plan files there, or two claiming one code
                continue
            if (path := catalog_file(local, name)) is not None:
                found.append(path)
    return found


def read_at_revision(spec: Spec, catalog: Catalog | None, cwd: Path | None = None) -> Revision:
    """The plan file ``spec`` names, read at its revision from the repository of ``cwd`` (default: here).

    The first of :func:`plan_candidates` inside that repository that exists at
    the revision (or in the working tree) is read; the catalog is the one rrp
    would use in the current directory.
    """
    assert spec.rev is not None
    rev = spec.rev
    label = str(spec)
    here = Path(os.path.abspath(cwd or Path.cwd()))
    root = repository_root(here, label)
    if root is None:
        raise GitError(f"{label}: not in a git repository (rrp reads @{rev} from the repository it is run in)")
    candidates = plan_candidates(spec.name, catalog, root, here)
    commit = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], root, label)
    if commit.returncode != 0:
        raise GitError(f'{label}: no such revision "{rev}" in the repository {root}')
    sha = commit.stdout.decode("ascii", "replace").strip()
    inside: list[tuple[Path, str]] = []
    for candidate in candidates:
        absolute = Path(os.path.abspath(here / candidate))
        relative = _inside(absolute, root)
        if relative is not None and (absolute, relative) not in inside:
            inside.append((absolute, relative))
    chosen = next((c for c in inside if _exists(root, f"{sha}:{c[1]}", label)), None)
    chosen = chosen or next((c for c in inside if c[0].exists()), None)
    if chosen is None:
        outside = [Path(os.path.abspath(here / c)) for c in candidates]
        if any(p.exists() for p in outside):
            raise GitError(
                f'{label}: "{spec.name}" is not in the repository {root} '
                "(rrp reads revisions only of files in the repository it is run in)"
            )
        raise GitError(f'{label}: no file "{spec.name}" in the repository {root}')
    absolute, relative = chosen
    label = f"{_shown(absolute, here)}@{rev}"
    object_name = f"{sha}:{relative}"
    kind = _git(["cat-file", "-t", object_name], root, label)
    if kind.returncode != 0:
        raise GitError(f'{label}: "{relative}" does not exist at revision {rev}')
    if kind.stdout.strip() != b"blob":
        raise GitError(f'{label}: "{relative}" is not a file at revision {rev}')
    blob = _git(["cat-file", "blob", object_name], root, label)
    if blob.returncode != 0:  # pragma: no cover - the object was just found
        message = blob.stderr.decode("utf-8", "replace").strip()
        raise GitError(f"{label}: git cannot read it: {message}")
    return Revision(absolute, label, blob.stdout)


def _inside(path: Path, root: Path) -> str | None:
    """The path from the repository root (POSIX), or None for a path outside the repository."""
    # The file (or even its folder) may be gone from the working tree: resolve the nearest folder left.
    directory = path.parent
    while not directory.is_dir() and directory != directory.parent:
        directory = directory.parent
    try:
        return (directory.resolve().relative_to(root) / path.relative_to(directory)).as_posix()
    except ValueError:
        return None


def _exists(root: Path, object_name: str, label: str) -> bool:
    return _git(["cat-file", "-e", object_name], root, label).returncode == 0


def _shown(path: Path, here: Path) -> str:
    """A path as the user would type it: from the current directory."""
    return Path(os.path.relpath(path, here)).as_posix()
