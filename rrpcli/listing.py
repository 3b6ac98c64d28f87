"""The rows of ``rrp list``: one per plan found."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rrpcli.catalog import Catalog, PlanSource
from rrpcli.document import Document, Table
from rrpcli.wording import counted


@dataclass(eq=False, repr=False)
class PlanRow:
    """What ``rrp list`` says about one plan."""

    code: str
    region: str
    period: str
    revision: str
    path: str
    targets: int
    objectives: int
    activities: int

    def to_json(self) -> dict[str, Any]:
        """The row as a JSON object (the ``rrp list --format json`` contract)."""
        return dict(vars(self))


def _display_path(path: Path) -> str:
    """A path relative to the working directory when it lies inside it, else absolute."""
    absolute = path.resolve()
    try:
        return str(absolute.relative_to(Path.cwd().resolve())) if Path.cwd() != Path("/") else str(absolute)
    except ValueError:
        return str(absolute)


def plan_rows(catalog: Catalog) -> list[PlanRow]:
    """One row per plan that loaded, in file order."""
    rows = []
    for entry in catalog.entries:
        plan = entry.plan
        if plan is None:
            continue
        pathways = [p for _, p in plan.pathways.items()]
        rows.append(
            PlanRow(
                code=plan.meta.code,
                region=plan.meta.region,
                period=plan.meta.period,
                revision=plan.meta.revision,
                path=_display_path(entry.path),
                targets=sum(len(p.targets) for p in pathways),
                objectives=sum(len(p.objectives) for p in pathways),
                activities=sum(len(p.activities) for p in pathways),
            )
        )
    return rows


def where_found(rows: list[PlanRow], source: PlanSource) -> str:
    """Where the plans were found, as a message: ``2 plans in plans (./plans)``, ``2 plans bundled with rrp``."""
    plans = counted(len(rows), "plan", "plans")
    if source.origin == "bundled":
        return f"{plans} bundled with rrp"
    return f"{plans} in {_display_path(source.directory)} ({source.origin})"


def rows_document(rows: list[PlanRow], bundled: bool = False) -> Document:
    """The rows as a table.

    The path comes last, so that a long one can run past the edge of a
    narrow terminal whole; on a narrow terminal the period, then the counts,
    then the revision are left out.  The plans bundled with rrp are named by
    their files, under ``path (bundled with rrp)``, never by where rrp is
    installed: that keeps the table as wide as for a ``./plans`` folder.
    """
    columns = ["code", "region", "period", "revision", "targets", "objectives", "activities", "path"]
    if bundled:
        columns[-1] = "path (bundled with rrp)"
    cells = [
        [r.code, r.region, r.period, r.revision, str(r.targets), str(r.objectives), str(r.activities), r.path]
        for r in rows
    ]
    for row in cells if bundled else ():
        row[-1] = Path(row[-1]).name
    table = Table(
        columns,
        cells,
        align="llllrrrl",
        narrow=("period", "activities", "objectives", "targets", "revision"),
    )
    return Document([table])
