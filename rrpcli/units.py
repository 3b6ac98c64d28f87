"""A plan as a flat list of text units: every paragraph, bullet and entry, with its place.

Comparing regions and diffing revisions both work on these units: a unit is
the smallest piece of published text that can be national (shared with other
plans) or the region's own, and that a revision adds, removes or rewords.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rrpcli.model import PATHWAY_IDS, Plan


@dataclass(eq=False, repr=False)
class Unit:
    """One piece of text of a plan, and where it stands."""

    section: str  # a key of model.SECTIONS, e.g. "training_skills_work"
    part: str  # the list or field it belongs to, e.g. "objectives", "paragraphs", "text"
    path: str  # the field path, e.g. "pathways.training_skills_work.objectives[3]"
    text: str

    @property
    def list_path(self) -> str:
        """The path of the list the unit is an item of (its own path for a single field)."""
        return self.path[: self.path.rfind("[")] if self.path.endswith("]") else self.path

    @property
    def index(self) -> int | None:
        """Position in its list, or None for a single field."""
        if not self.path.endswith("]"):
            return None
        return int(self.path[self.path.rfind("[") + 1 : -1])


def _items(section: str, part: str, base: str, items: tuple[str, ...]) -> Iterator[Unit]:
    for i, text in enumerate(items):
        yield Unit(section, part, f"{base}[{i}]", text)


def _single(section: str, part: str, path: str, text: str) -> Iterator[Unit]:
    if text:
        yield Unit(section, part, path, text)


def text_units(plan: Plan) -> list[Unit]:
    """Every text unit of the plan, in published order."""
    return list(_walk(plan))


def _walk(plan: Plan) -> Iterator[Unit]:
    fw = plan.foreword
    yield from _items("foreword", "paragraphs", "foreword.paragraphs", fw.paragraphs)
    yield from _single("foreword", "signature", "foreword.signature", fw.signature)
    v = plan.vision
    yield from _single("vision", "text", "vision.text", v.text)
    yield from _items("vision", "principles", "vision.principles", v.principles)
    yield from _items("vision", "values", "vision.values", v.values)
    yield from _single("vision", "principles_statement", "vision.principles_statement", v.principles_statement)
    for i, fact in enumerate(plan.about.facts):
        yield Unit("about", "facts", f"about.facts[{i}]", fact.text)
    yield from _items("achievements", "items", "achievements.items", plan.achievements.items)
    np = plan.national_priorities
    yield from _items("national_priorities", "paragraphs", "national_priorities.paragraphs", np.paragraphs)
    yield from _items("national_priorities", "investments", "national_priorities.investments", np.investments)
    for i, st in enumerate(np.statements):
        base = f"national_priorities.statements[{i}]"
        yield from _items("national_priorities", "statements", f"{base}.paragraphs", st.paragraphs)
        yield from _single("national_priorities", "attribution", f"{base}.attribution", st.attribution)
    for pid in PATHWAY_IDS:
        pathway = getattr(plan.pathways, pid)
        if pathway is None:
            continue
        base = f"pathways.{pid}"
        yield from _items(pid, "introduction", f"{base}.introduction", pathway.introduction)
        for i, item in enumerate(pathway.context):
            yield Unit(pid, "context", f"{base}.context[{i}]", item.text)
        yield from _items(pid, "partners", f"{base}.partners", pathway.partners)
        for i, target in enumerate(pathway.targets):
            yield Unit(pid, "targets", f"{base}.targets[{i}]", target.text)
        yield from _items(pid, "objectives", f"{base}.objectives", pathway.objectives)
        yield from _items(pid, "activities", f"{base}.activities", pathway.activities)
    yield from _items("our_partners", "names", "our_partners.names", plan.our_partners.names)
    yield from _items(
        "measuring_progress", "paragraphs", "measuring_progress.paragraphs", plan.measuring_progress.paragraphs
    )
    for i, entry in enumerate(plan.glossary):
        yield Unit("glossary", "entries", f"glossary[{i}]", entry.text)
    for i, note in enumerate(plan.footnotes):
        text = " ".join(x for x in (note.text, note.url) if x)
        if text:
            yield Unit("footnotes", "footnotes", f"footnotes[{i}]", text)
