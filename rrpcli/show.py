"""A plan laid out for reading, section by section (``rrp show``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rrpcli import schema
from rrpcli.ambition import plan_year
from rrpcli.document import Block, Bullets, Document, Heading, Para, Quote, Span, Table
from rrpcli.errors import RrpError
from rrpcli.model import PATHWAY_IDS, SECTIONS, Pathway, Plan, Target, format_month
from rrpcli.status import PlanStatus


def check_sections(requested: Iterable[str]) -> list[str]:
    """Section ids in published order; an unknown id is an error listing the known ones."""
    wanted: list[str] = []
    for raw in requested:
        sid = raw.strip().removeprefix("pathways.")
        if sid == "pathways":
            wanted.extend(PATHWAY_IDS)
        elif sid in SECTIONS:
            wanted.append(sid)
        else:
            known = ", ".join(SECTIONS)
            raise RrpError(f'unknown section "{raw}"; sections are: {known} (or "pathways" for all four)')
    return [s for s in SECTIONS if s in wanted] if wanted else list(SECTIONS)


def section_data(plan: Plan, section: str) -> Any:
    """One section of the plan as plain data (the JSON of ``rrp show --section``)."""

    if section in PATHWAY_IDS:
        return schema.to_data(getattr(plan.pathways, section), keep_defaults=True)
    return schema.to_data(getattr(plan, section), keep_defaults=True)


def plan_data(plan: Plan, sections: list[str] | None = None) -> dict[str, Any]:
    """The plan as plain data: the JSON contract of ``rrp show --format json``.

    With no sections, the whole plan exactly as the plan format defines it.
    With sections, ``meta`` and just those sections (pathways stay under
    ``pathways``).
    """

    full: dict[str, Any] = schema.to_data(plan, keep_defaults=True)
    if not sections or sections == list(SECTIONS):
        return full
    out: dict[str, Any] = {"meta": full["meta"]}
    for sid in sections:
        if sid in PATHWAY_IDS:
            out.setdefault("pathways", {})[sid] = full["pathways"][sid]
        else:
            out[sid] = full[sid]
    return out


def target_line(t: Target) -> str:
    """A target's numbers in a few words: ``18% → 19% (+1 pp) by Jul 2023``."""
    if t.qualitative:
        return "qualitative"
    if t.direction == "maintain":
        return f"maintain {t.target:g}% by {format_month(t.deadline, short=True)}"
    sign = "+" if t.direction == "increase" else "-"
    assert t.baseline is not None and t.target is not None and t.change_pp is not None
    return (
        f"{t.baseline:g}% ({format_month(t.baseline_date, short=True)}) → {t.target:g}% "
        f"({sign}{t.change_pp:g} pp) by {format_month(t.deadline, short=True)}"
    )


def _cite(plan: Plan, numbers: tuple[int, ...]) -> str:
    return "".join(f" [{n}]" for n in numbers)


def _pathway_blocks(plan: Plan, pathway: Pathway) -> list[Block]:
    out: list[Block] = [Heading(pathway.title, 2)]
    out += [Para(p) for p in pathway.introduction]
    if pathway.context:
        out += [
            Heading(plan.heading("context"), 3),
            Bullets([c.text + _cite(plan, c.footnotes) for c in pathway.context]),
        ]
    if pathway.partners:
        out += [Heading(plan.heading("partners"), 3), Bullets(list(pathway.partners))]
    if pathway.targets:
        out += [
            Heading(plan.heading("targets"), 3),
            Bullets([[Span(t.text), Span(f"  [{target_line(t)}]", "dim")] for t in pathway.targets]),
        ]
    if pathway.objectives:
        out += [Heading(plan.heading("objectives"), 3), Bullets(list(pathway.objectives))]
    if pathway.activities:
        out += [Heading(plan.heading("activities"), 3), Bullets(list(pathway.activities))]
    return out


def about_note(plan: Plan) -> str:
    """``As stated in the plan (2022): ...``: when the "About the region" figures date from (never today)."""
    return f"As stated in the plan ({plan_year(plan)}): the plan's figures as written then, not today's."


def as_published_note(year: str, *, plans: int = 1) -> str:
    """That plan text is shown as published: its figures and future tense ("will roll out in 2022-23") are of then."""
    whose = "The plan's text is" if plans == 1 else "The plans' text is"
    return f"{whose} shown as published ({year}): its figures and its future tense date from then, not today."


def section_blocks(plan: Plan, section: str, definitions: Sequence[Block] = ()) -> list[Block]:
    """The blocks of one section; empty when the plan says nothing there.

    ``definitions`` (the catalogue entries of the plan's metrics) follow the
    text of ``measuring_progress``.
    """
    title = plan.heading(section)
    if section in PATHWAY_IDS:
        pathway = getattr(plan.pathways, section)
        return _pathway_blocks(plan, pathway) if pathway else []
    out: list[Block] = []
    if section == "foreword":
        fw = plan.foreword
        out += [Para(p) for p in fw.paragraphs]
        if fw.signature:
            out.append(Para(fw.signature, "em"))
    elif section == "vision":
        v = plan.vision
        if v.text:
            out.append(Para(v.text, "strong"))
        if v.principles:
            out += [Heading(plan.heading("principles"), 3), Bullets(list(v.principles))]
        if v.values:
            out += [Heading(plan.heading("values"), 3), Bullets(list(v.values))]
        if v.principles_statement:
            out.append(Para(v.principles_statement))
    elif section == "about" and plan.about.facts:
        # Dated: "20 Clinical Commissioning Groups" is 2022's figure (they were abolished in July 2022).
        out += [Para(about_note(plan), "dim"), Bullets([f.text for f in plan.about.facts])]
    elif section == "achievements":
        out += [Bullets(list(plan.achievements.items))] if plan.achievements.items else []
    elif section == "national_priorities":
        np = plan.national_priorities
        out += [Para(p) for p in np.paragraphs]
        if np.investments:
            out.append(Bullets(list(np.investments)))
        out += [Quote(list(s.paragraphs), s.attribution.replace("\n", ", ")) for s in np.statements]
    elif section == "our_partners":
        out += [Bullets(list(plan.our_partners.names))] if plan.our_partners.names else []
    elif section == "measuring_progress":
        out += [Para(p) for p in plan.measuring_progress.paragraphs]
        out += definitions
    elif section == "glossary":
        if plan.glossary:
            out.append(Bullets([[Span(g.term, "strong"), Span(" – " + g.definition)] for g in plan.glossary]))
    elif section == "footnotes" and plan.footnotes:
        out.append(
            Table(
                ["#", "source"],
                [[str(f.number), " ".join(x for x in (f.text, f.url) if x)] for f in plan.footnotes],
                align="rl",
            )
        )
    return [Heading(title, 2), *out] if out else []


def plan_document(
    plan: Plan,
    sections: list[str] | None = None,
    *,
    status: PlanStatus | None = None,
    definitions: Sequence[Block] = (),
) -> Document:
    """The plan (or some sections of it) as a readable document.

    With ``status``, the header says as of when its period and its targets'
    deadlines have passed, and when it was published; ``definitions`` go in
    ``measuring_progress`` (:func:`section_blocks`).
    """
    meta = plan.meta
    doc = Document([Heading(meta.title, 1)])
    doc.add(
        Para(
            [
                Span(f"{meta.region} ({meta.code})", "strong"),
                Span(f" · period {meta.period} · revision {meta.revision}"),
            ]
        )
    )
    if status is not None:
        doc.add(Para([Span(f"As of {status.as_of_text}: ", "strong"), Span(status.line)]))
        doc.add(Para(as_published_note(plan_year(plan)), "dim"))
    if plan.vision.text and not sections:
        doc.add(Para(plan.vision.text, "em"))
    for sid in sections or list(SECTIONS):
        doc.extend(section_blocks(plan, sid, definitions))
    return doc
