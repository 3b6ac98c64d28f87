"""Finding plans and resolving the names people give them.

Plans are looked for in, in order: an explicit directory (``rrp --plans DIR``),
``$RRP_PLANS``, ``./plans`` where it exists, and the plans bundled with the
package.  The first of these that applies is the catalog; they are not merged.

A plan is named by its code (``nw``), file stem (``north_west``), region name
in any case or spelling of spaces and hyphens (``"North West"``,
``north-west``), an alias, or a path to a ``.toml`` file.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from rrpcli.errors import NoPlans, PlanConflict, PlanInvalid, PlanNotFound
from rrpcli.loader import load_plan
from rrpcli.model import Plan

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


@dataclass
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
    if not directory.is_dir():
        raise NoPlans(f"{directory}: no such directory (given by {origin})")
    return PlanSource(directory, origin)


@dataclass
class Entry:
    """One plan file in the catalog: loaded, or the reason it could not be."""

    path: Path
    plan: Plan | None = None
    error: PlanInvalid | None = None
    names: set[str] = field(default_factory=set)  # normalised names it answers to
    code: str | None = None


@dataclass
class Catalog:
    """The plans of one directory, by every name they answer to."""

    source: PlanSource
    entries: list[Entry]

    @classmethod
    def open(cls, source: PlanSource) -> Catalog:
        """Read every ``*.toml`` plan in the source directory.

        Files that fail to load are kept with their error, so that naming one
        reports what is wrong with it; two files claiming one code is an error.
        """
        paths = sorted(p for p in source.directory.glob("*.toml") if p.is_file())
        if not paths:
            raise NoPlans(f"{source.directory}: no plans here (no *.toml files; plans found via {source.origin})")
        entries = [_entry(p) for p in paths]
        by_code: dict[str, Entry] = {}
        for entry in entries:
            if entry.code is None:
                continue
            if (other := by_code.get(entry.code)) is not None:
                raise PlanConflict(f'{other.path} and {entry.path} both claim the region code "{entry.code}"')
            by_code[entry.code] = entry
        return cls(source, entries)

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
            if not path.exists():
                raise PlanNotFound(f"{name}: no such plan file")
            return load_plan(path)
        key = normalise_name(name)
        for entry in self.entries:
            if key in entry.names:
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
        close = difflib.get_close_matches(normalise_name(name), list(candidates), n=1, cutoff=0.5)
        # The bundled plans are named as such, never by where rrp is installed.
        where = "the plans bundled with rrp" if self.source.origin == "bundled" else self.source.directory
        message = f'unknown plan "{name}"; known plans: {known} (in {where})'
        if close:
            e = candidates[close[0]]
            message += f"\ndid you mean {e.code or e.path.stem}?"
        return message


def _entry(path: Path) -> Entry:
    entry = Entry(path, names={normalise_name(path.stem)})
    try:
        entry.plan = load_plan(path)
    except PlanInvalid as exc:
        entry.error = exc
        entry.code = _raw_code(path)
        if entry.code:
            entry.names.add(normalise_name(entry.code))
        return entry
    meta = entry.plan.meta
    entry.code = meta.code
    entry.names |= {normalise_name(n) for n in (meta.code, meta.region, *meta.aliases)}
    return entry


def _raw_code(path: Path) -> str | None:
    """The code an invalid file claims, if it can be read at all."""
    try:
        meta = tomllib.loads(path.read_text("utf-8")).get("meta")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    code = meta.get("code") if isinstance(meta, dict) else None
    return code if isinstance(code, str) else None
