"""Importing a published Reducing Reoffending Plan from the text extracted from its PDF.

:func:`import_text` turns the text into a checked :class:`~rrpcli.model.Plan`
and its TOML file, in three passes:

1. :mod:`~rrpcli.importer.lines`: decode, split into numbered lines, drop the
   artefacts of extraction (running headers and footers, page numbers);
2. :mod:`~rrpcli.importer.layout`: split at the plans' known headings, skip the
   contents page, and join lines back into paragraphs, bullets and footnotes;
3. :mod:`~rrpcli.importer.build`: read each section (signatories, statements
   and their speakers, facts and their figures, targets and their numbers,
   footnote marks, glossary entries) into plan data.

Nothing is dropped silently: text that finds no place is returned as a
finding, and written at the top of the TOML file as ``# UNPLACED`` comments.
The TOML text is read back and checked with the plan loader before it is
returned, so what is written is always a valid plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from rrpcli import schema
from rrpcli.errors import FileRefused, ImportProblem, PlanInvalid
from rrpcli.importer.build import Finding, build, initials
from rrpcli.importer.lines import decode, split_columns, split_lines
from rrpcli.importer.tomlwrite import dumps
from rrpcli.loader import load_plan, plan_from_data
from rrpcli.model import Plan
from rrpcli.userfiles import read_stream, read_user_file

__all__ = ["Finding", "ImportResult", "import_text", "initials", "read_source", "read_standard_input"]

_LABELS = {"unplaced": "UNPLACED", "unparsed": "UNPARSED", "check": "CHECK"}


@dataclass(eq=False, repr=False)
class ImportResult:
    """The imported plan, its TOML text, and what the import could not do by itself."""

    plan: Plan
    toml: str
    findings: tuple[Finding, ...]

    @property
    def unplaced(self) -> tuple[Finding, ...]:
        """Text that is not in the plan, or not as it should be (exit status 1)."""
        return tuple(f for f in self.findings if f.kind != "check")

    @property
    def checks(self) -> tuple[Finding, ...]:
        """What a person should look at in the plan."""
        return tuple(f for f in self.findings if f.kind == "check")


def _comments(plan: Plan, name: str, findings: tuple[Finding, ...]) -> list[str]:
    out = [
        f"{plan.meta.title}, imported by rrp import from {name}.",
        "Check by hand: metric keys, signatories and speakers, footnotes; then delete these comments.",
    ]
    for finding in findings:
        where = f" {finding.where}" if finding.where else ""
        out.append(f"{_LABELS[finding.kind]}{where}: {finding.full_message}")
    return out


def read_source(path: Path | str) -> bytes:
    """The bytes of an input file, or an :class:`~rrpcli.errors.ImportProblem` saying why not.

    Read by the rules of :func:`rrpcli.userfiles.read_user_file`: a regular
    file of at most 10 MB, never a pipe, device or directory.
    """
    try:
        return read_user_file(path, what="a text file")
    except FileRefused as exc:
        raise ImportProblem(exc.message) from None


def read_standard_input(stream: BinaryIO, name: str = "<stdin>") -> bytes:
    """The bytes of standard input (``rrp import -``), at most 10 MB, or an :class:`ImportProblem`."""
    try:
        return read_stream(stream, label=name)
    except FileRefused as exc:
        raise ImportProblem(exc.message) from None


def _layout_data(data: dict[str, Any]) -> dict[str, Any]:
    """Plan data as the hand-made plans lay it out: every context bullet shows its footnotes, if only ``[]``."""
    for pathway in data.get("pathways", {}).values():
        pathway["context"] = [
            {"text": c["text"], "footnotes": c.get("footnotes", [])} for c in pathway.get("context", [])
        ]
    return data


def import_text(
    raw: bytes | str, *, name: str = "<stdin>", code: str | None = None, revision: str | None = None
) -> ImportResult:
    """Import the extracted text of a published plan.

    ``name`` names the input in messages; ``code`` and ``revision`` override
    the defaults (the region's initials, the first year of the period).
    Raises :class:`~rrpcli.errors.ImportProblem` for input that is not a
    plan's text at all (binary, not UTF-8, empty, no plan headings).
    """

    lines = split_columns(split_lines(decode(raw, name)))
    built = build(lines, name=name, code=code, revision=revision)
    findings = tuple(built.findings)
    try:
        plan = plan_from_data(built.data, name)
        toml = dumps(_layout_data(schema.to_data(plan)), _comments(plan, name, findings))
        written = load_plan(name, text=toml, label=f"{name} (imported)")
    except PlanInvalid as exc:
        raise ImportProblem(
            f"{name}: the imported plan is not valid (a text rrp import does not understand, or a bug in it):\n"
            + exc.message
        ) from None
    if written != plan:  # pragma: no cover - the writer's own guarantee, tested on its own
        raise ImportProblem(f"{name}: the TOML written for the plan does not read back the same (a bug in rrp import)")
    return ImportResult(plan, toml, findings)
