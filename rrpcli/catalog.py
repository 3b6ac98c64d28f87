"""Finding plans and resolving the names people give them.

Plans are looked for in, in order: an explicit directory (``rrp --plans DIR``),
``$RRP_PLANS``, ``./plans`` where it exists, and the plans bundled with the
package.  The first of these that applies is the catalog; they are not merged.

A plan is named by its code (``nw``), file stem (``north_west``), region name
in any case or spelling of spaces and hyphens (``"North West"``,
``north-west``), an alias, or a path to a ``.toml`` file.

A code or alias names one plan only: a catalog in which one plan's code or
alias is another plan's code, alias, region name or file name is refused
(:class:`~rrpcli.errors.PlanConflict`, naming both files), so that no plan
silently shadows another.  Two plans of one region (two revisions, with their
own codes) may share a region name; that name is then ambiguous, and using it
is an error that lists both.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from rrpcli.errors import (
    FileRefused,
    NoPlans,
    PlanConflict,
    PlanInvalid,
    PlanNotFound,
    Problem,
    RrpError,
    file_name,
)
from rrpcli.escaping import shorten
from rrpcli.loader import load_plan, parse_plan_source, plan_from_source
from rrpcli.model import Plan
from rrpcli.userfiles import MAX_PLAN_BYTES, not_a_directory, read_user_file

PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_dir(kind: str) -> Path:
    """Where the package's own ``plans`` or ``templates`` are.

    An installed wheel carries them in ``rrpcli/_data/``; a source checkout
    has them at the top of the repository.
    """
    installed = PACKAGE_DIR / "_data" / kind
    return installed if installed.is_dir() else PACKAGE_DIR.parent / kind


def normalise_name(name: str) -> str:
    """A name folded for matching: case, spaces, hyphens and underscores ignored."""
    return re.sub(r"[\s_\-]+", "", name.casefold())


@dataclass(eq=False, repr=False)
class PlanSource:
    """Where the catalog's plans come from, and why that directory."""

    directory: Path
    origin: str  # "--plans", "$RRP_PLANS", "./plans" or "bundled"


def find_plan_source(explicit: str | Path | None = None, env: dict[str, str] | None = None) -> PlanSource:
    """The directory plans are read from, by the documented order."""
    env = os.environ if env is None else env  # type: ignore[assignment]
    assert env is not None
    if explicit is not None:
        return _existing(Path(explicit), "--plans")
    if env.get("RRP_PLANS"):
        return _existing(Path(env["RRP_PLANS"]), "$RRP_PLANS")
    local = Path("plans")
    if local.is_dir():
        return PlanSource(local, "./plans")
    return PlanSource(bundled_dir("plans"), "bundled")


def _existing(directory: Path, origin: str) -> PlanSource:
    if reason := not_a_directory(directory):
        raise NoPlans(f"{directory}: {reason} (given by {origin})")
    return PlanSource(directory, origin)


@dataclass
class Entry:
    """One plan file in the catalog: loaded, or the reason it could not be."""

    path: Path
    plan: Plan | None = None
    error: PlanInvalid | None = None
    names: dict[str, str] = field(default_factory=dict)  # normalised name -> how the plan answers to it
    code: str | None = None
    spelled: dict[str, str] = field(default_factory=dict)  # normalised name -> as the file spells it

    def answer_to(self, name: str, how: str) -> None:
        """Record a name the plan answers to (the first way it does wins: code before alias)."""
        key = normalise_name(name)
        if key and key not in self.names:
            self.names[key] = how
            self.spelled[key] = name


#: The ways a plan answers to a name that must name it alone.
_CLAIMS = ("the code", "an alias")


@dataclass(eq=False, repr=False)
class Catalog:
    """The plans of one directory, by every name they answer to."""

    source: PlanSource
    entries: list[Entry]

    @classmethod
    def open(cls, source: PlanSource) -> Catalog:
        """Read every ``*.toml`` plan in the source directory.

        Files that fail to load (or are not regular files) are kept with their
        error, so that naming one reports what is wrong with it.  A code or
        alias that names two plans is an error naming both files.
        """
        paths = sorted(p for p in source.directory.glob("*.toml") if not p.is_dir())
        if not paths:
            raise NoPlans(f"{source.directory}: no plans here (no *.toml files; plans found via {source.origin})")
        entries = [_entry(p) for p in paths]
        _check_names(entries)
        return cls(source, entries)

    @property
    def bundled(self) -> bool:
        """Whether these are the plans bundled with rrp (no --plans, $RRP_PLANS or ./plans applies)."""
        return self.source.origin == "bundled"

    def shown(self, path: Path) -> str:
        """How output names one of the catalog's files.

        A bundled plan is named by its file, ``north_west.toml (bundled with
        rrp)``, never by where rrp is installed; any other file by its path
        as given.
        """
        if self.bundled and path.parent.resolve() == self.source.directory.resolve():
            return f"{path.name} (bundled with rrp)"
        return str(path)

    @property
    def plans(self) -> list[Plan]:
        """The plans that loaded, in file order."""
        return [e.plan for e in self.entries if e.plan is not None]

    @property
    def errors(self) -> list[PlanInvalid]:
        """The errors of the files that did not load."""
        return [e.error for e in self.entries if e.error is not None]

    def resolve(self, name: str) -> Plan:
        """The plan a name or path refers to."""
        looks_like_path = name.endswith(".toml") or os.sep in name or "/" in name
        if looks_like_path or (Path(name).is_file() and normalise_name(name) not in self._all_names()):
            path = Path(name)
            if not os.path.lexists(path):  # a loop of links or a pipe is reported by the loader, as what it is
                raise PlanNotFound(f"{file_name(name)}: no such plan file")
            return load_plan(path)
        key = normalise_name(name)
        found = [entry for entry in self.entries if key in entry.names]
        if len(found) > 1:
            named = " and ".join(f"{e.code or e.path.stem} ({e.path})" for e in found)
            raise PlanConflict(f'"{shorten(name)}" names more than one plan: {named}; name one by its code')
        if found:
            entry = found[0]
            if entry.error is not None:
                raise entry.error
            assert entry.plan is not None
            return entry.plan
        raise PlanNotFound(self._unknown(name))

    def _all_names(self) -> set[str]:
        return {n for e in self.entries for n in e.names}

    def _unknown(self, name: str) -> str:

        known = ", ".join(
            f"{e.code} ({e.plan.name})" if e.plan else f"{e.code or e.path.stem} (invalid)" for e in self.entries
        )
        candidates: dict[str, Entry] = {}
        for e in self.entries:
            for n in e.names:
                candidates[n] = e
        close = difflib.get_close_matches(normalise_name(name)[:200], list(candidates), n=1, cutoff=0.5)
        # The bundled plans are named as such, never by where rrp is installed.
        where = "the plans bundled with rrp" if self.bundled else self.source.directory
        message = f'unknown plan "{shorten(name)}"; known plans: {known} (in {where})'
        if close:
            e = candidates[close[0]]
            message += f"\ndid you mean {e.code or e.path.stem}?"
        if not self.bundled and (hint := self._not_merged(name, close=bool(close))):
            message += "\n" + hint
        return message

    def _not_merged(self, name: str, close: bool) -> str:
        """Why a plan may be missing from a catalog of the user's: the bundled plans are not added to it.

        Said when the name is a bundled plan's, or, when no known name is close
        to it, if the bundled plans hold any region this catalog lacks.
        """
        where = f"{self.source.directory} ({self.source.origin})"
        alone = f"read from {where} alone, not merged with the bundled ones; choose the folder with rrp --plans DIR"
        try:
            bundled = Catalog.open(PlanSource(bundled_dir("plans"), "bundled"))
        except RrpError:  # the bundled plans cannot be read: nothing to say about them
            return ""
        key = normalise_name(name)
        plan = next((e.plan for e in bundled.entries if key in e.names and e.plan is not None), None)
        if plan is not None:
            which = f"{plan.meta.code}, {plan.meta.region}"
            return f'"{shorten(name)}" is a plan bundled with rrp ({which}), but plans are {alone}'
        codes = {p.meta.code for p in self.plans}
        return "" if close or all(p.meta.code in codes for p in bundled.plans) else f"plans are {alone}"


def _entry(path: Path) -> Entry:
    entry = Entry(path)
    try:
        raw = read_user_file(path, what="a plan file", limit=MAX_PLAN_BYTES)
        entry.plan = plan_from_source(raw, str(path), path)
    except FileRefused as exc:
        entry.error = PlanInvalid([Problem(str(path), exc.reason)])
    except PlanInvalid as exc:
        entry.error = exc
        entry.code = _raw_code(raw, str(path))
        if entry.code:
            entry.answer_to(entry.code, "the code")
    else:
        meta = entry.plan.meta
        entry.code = meta.code
        entry.answer_to(meta.code, "the code")
        for alias in meta.aliases:
            entry.answer_to(alias, "an alias")
        entry.answer_to(meta.region, "the region name")
    entry.answer_to(path.stem, "the file name")
    return entry


def _raw_code(raw: bytes, name: str) -> str | None:
    """The code an invalid file claims, if it can be read at all."""
    try:
        meta = parse_plan_source(raw, name).get("meta")
    except PlanInvalid:
        return None
    code = meta.get("code") if isinstance(meta, dict) else None
    return code if isinstance(code, str) else None


def _check_names(entries: list[Entry]) -> None:
    """Refuse a code or alias that names two plans, naming both files and how each answers to it."""
    by_name: dict[str, list[Entry]] = {}
    for entry in entries:
        for key in entry.names:
            by_name.setdefault(key, []).append(entry)
    for entry in entries:
        for key, how in entry.names.items():
            if how not in _CLAIMS:
                continue
            for other in by_name[key]:
                if other is entry:
                    continue
                first, second = sorted((entry, other), key=entries.index)
                first_how, second_how = first.names[key], second.names[key]
                spelled = shorten(entry.spelled[key])
                if first_how == second_how == "the code":
                    raise PlanConflict(f'{first.path} and {second.path} both claim the region code "{spelled}"')
                raise PlanConflict(
                    f'{first.path} and {second.path} both answer to "{spelled}" '
                    f"({first_how} of the one, {second_how} of the other); a code or alias must name one plan"
                )
