"""Regions side by side (``rrp compare``): national text apart from what each region says for itself.

Every text unit of every plan (:func:`rrpcli.units.text_units`, footnotes
aside) ends up in exactly one place: in a *shared* item, together with the
units of the other plans that say the same thing, or in its plan's *regional*
list.  A shared item is

``identical``  the same text (:func:`rrpcli.textsim.normalise` equal);
``template``   the same sentence except region names, numbers and months
               (:func:`rrpcli.textsim.template_slots`), shown once with the
               differing values side by side (whatever the threshold);
``edited``     national text with local edits: a word similarity of at least
               the threshold (:data:`DEFAULT_THRESHOLD`), shown as a word diff.

Alignment, section by section (a unit may pair with a unit of another part of
the same section, e.g. an introduction paragraph with a context bullet):

1. **Split paragraphs.**  Plans paragraph the same national text differently
   (North West runs "These plans outline ... These plans are backed by ..."
   into one paragraph, East of England splits it in two).  A run of
   consecutive units of one list that each lie mostly inside one unit of
   another plan is joined into one *segment* when the joined text matches that
   unit better than any piece alone.  A segment of one unit is the usual case.
2. **Candidates.**  Segments are paired only when they have the same text, the
   same template key (the words with names and numbers blanked out), or share
   a shingle in a :class:`~rrpcli.textsim.ShingleIndex`; only those candidates
   are scored, never every segment against every other.
3. **Grouping.**  Candidate pairs are taken best first (identical, then
   template, then by similarity) and merged into groups holding at most one
   segment per plan, every two of which must themselves be a candidate pair.
   A group of two or more plans is a shared item; the rest is regional.

"Our partners" names are matched as names instead: case and punctuation
folded, and a :class:`difflib.SequenceMatcher` ratio of at least
:data:`PARTNER_SIMILARITY` on the folded names ("Clinks" and "CLINKS").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations, count
from typing import TYPE_CHECKING, Any

from rrpcli.errors import RrpError
from rrpcli.model import PATHWAY_IDS, SECTIONS, Number, Plan
from rrpcli.textsim import (
    MONTH_NAMES,
    ShingleIndex,
    normalise,
    shingles,
    similarity,
    template_slots,
    word_count,
    words,
)
from rrpcli.units import Unit, text_units

if TYPE_CHECKING:
    from rrpcli.ambition import TargetFigures

#: Word similarity (0-1] at which two units count as the same national text
#: with local edits.  Chosen on the shipped plans: their locally edited national
#: text scores 0.6 or more (0.79-0.95 but for one objective at exactly 0.6),
#: while regional items that merely share phrasing score at most 0.52, and
#: target sentences where one region maintains and the other increases score
#: 0.52-0.58 (different targets: regional).
DEFAULT_THRESHOLD = 0.6

#: How alike two partner names must be (difflib ratio on the folded names).
PARTNER_SIMILARITY = 0.85

#: A piece of a split paragraph must have at least this share of its shingles
#: inside the other plan's unit to be considered for joining.
JOIN_CONTAINMENT = 0.5

#: The sections compared: every part of a plan but the footnotes (sources, not text).
COMPARED_SECTIONS: tuple[str, ...] = tuple(s for s in SECTIONS if s != "footnotes")

MATCH_KINDS = ("identical", "template", "edited")

_NUMBER = re.compile(r"^[£$]?\d[\d,.]*%?$")

Slot = dict[str, str]
#: A template sentence: literal text and slots (plan code -> value), in order.
Pattern = tuple[str | Slot, ...]


@dataclass(frozen=True)
class Shared:
    """Text that two or more plans share: one segment (one or more units) per plan."""

    match: str  # identical | template | edited
    similarity: float
    plans: tuple[str, ...]  # plan codes, in the order the plans were given
    units: dict[str, tuple[Unit, ...]]
    pattern: Pattern = ()  # template items only

    def text(self, code: str) -> str:
        """The plan's text (a split paragraph's pieces joined by a blank line)."""
        return "\n\n".join(u.text for u in self.units[code])

    @property
    def slots(self) -> list[Slot]:
        """The differing values of a template, slot by slot."""
        return [p for p in self.pattern if isinstance(p, dict)]

    def to_json(self) -> dict[str, Any]:
        """The item as plain data."""
        out: dict[str, Any] = {
            "match": self.match,
            "similarity": self.similarity,
            "plans": list(self.plans),
            "text": {code: self.text(code) for code in self.plans},
        }
        if self.match == "template":
            out["slots"] = self.slots
        out["units"] = {code: [u.path for u in self.units[code]] for code in self.plans}
        return out


@dataclass(frozen=True)
class SectionComparison:
    """One section of the plans, aligned."""

    id: str
    title: str
    shared: list[Shared]
    regional: dict[str, list[Unit]]

    def kinds(self) -> dict[str, int]:
        """How many shared items of each kind."""
        return {kind: sum(1 for s in self.shared if s.match == kind) for kind in MATCH_KINDS}

    @property
    def empty(self) -> bool:
        """True when no plan has any text here."""
        return not self.shared and not any(self.regional.values())

    def to_json(self, regional_only: bool = False) -> dict[str, Any]:
        """The section as plain data; ``shared`` is empty with ``regional_only``."""
        return {
            "id": self.id,
            "title": self.title,
            "shared": [] if regional_only else [s.to_json() for s in self.shared],
            "regional": {code: [u.text for u in units] for code, units in self.regional.items()},
            "regional_units": {code: [u.path for u in units] for code, units in self.regional.items()},
        }


@dataclass(frozen=True)
class PlanSummary:
    """How much of one plan is national text and how much its own."""

    code: str
    national_words: int
    regional_words: int
    national_units: int
    regional_units: int

    @property
    def total_words(self) -> int:
        """All words of the plan's compared text."""
        return self.national_words + self.regional_words

    @property
    def national_pct(self) -> float:
        """National words as a percentage of all words (one decimal)."""
        return round(100 * self.national_words / self.total_words, 1) if self.total_words else 0.0

    def to_json(self) -> dict[str, Any]:
        """The summary as plain data."""
        return {
            "national_words": self.national_words,
            "regional_words": self.regional_words,
            "national_pct": self.national_pct,
            "total_words": self.total_words,
            "national_units": self.national_units,
            "regional_units": self.regional_units,
        }


@dataclass(frozen=True)
class FactRow:
    """One metric of "About the region", as each plan states it (None where it does not)."""

    metric: str
    values: dict[str, Number | None]
    text: dict[str, str | None]
    unit: dict[str, str | None]
    qualifier: dict[str, str | None]

    def to_json(self) -> dict[str, Any]:
        """The row as plain data."""
        return {
            "metric": self.metric,
            "values": self.values,
            "text": self.text,
            "unit": self.unit,
            "qualifier": self.qualifier,
        }


@dataclass(frozen=True)
class PartnerComparison:
    """The "Our partners" names shared by two or more plans, and each plan's own."""

    shared: list[dict[str, str]]
    only: dict[str, list[str]]

    def to_json(self, regional_only: bool = False) -> dict[str, Any]:
        """As plain data; ``shared`` is empty with ``regional_only``."""
        return {"shared": [] if regional_only else self.shared, "only": self.only}


@dataclass(frozen=True)
class CountRow:
    """How many targets, objectives, activities and partners each plan gives a pathway (None: no pathway)."""

    pathway: str
    title: str
    counts: dict[str, dict[str, int | None]]  # kind -> plan code -> count

    KINDS = ("targets", "objectives", "activities", "partners")

    def to_json(self) -> dict[str, Any]:
        """The row as plain data."""
        return {"pathway": self.pathway, "title": self.title, **self.counts}


@dataclass(frozen=True)
class PlanRef:
    """Which plan: code, region name, revision."""

    code: str
    name: str
    revision: str

    def to_json(self) -> dict[str, Any]:
        """As plain data."""
        return {"code": self.code, "name": self.name, "revision": self.revision}


@dataclass
class Comparison:
    """The result of comparing two or more plans."""

    plans: list[PlanRef]
    threshold: float
    summary: dict[str, PlanSummary]
    sections: list[SectionComparison]  # the sections asked for
    targets: list[TargetFigures]
    facts: list[FactRow]
    partners: PartnerComparison
    counts: list[CountRow]
    regional_only: bool = False

    @property
    def codes(self) -> list[str]:
        """Plan codes in the order given."""
        return [p.code for p in self.plans]

    def name(self, code: str) -> str:
        """The region name of a plan code."""
        return next(p.name for p in self.plans if p.code == code)

    def to_json(self) -> dict[str, Any]:
        """The comparison as plain data: the ``rrp compare --format json`` contract."""
        return {
            "plans": [p.to_json() for p in self.plans],
            "threshold": self.threshold,
            "regional_only": self.regional_only,
            "summary": {code: s.to_json() for code, s in self.summary.items()},
            "sections": [s.to_json(self.regional_only) for s in self.sections],
            "targets": [r.to_json() for r in self.targets],
            "facts": [f.to_json() for f in self.facts],
            "partners": self.partners.to_json(self.regional_only),
            "counts": [c.to_json() for c in self.counts],
        }


# -- entry point ----------------------------------------------------------------


def check_plans(plans: Sequence[Plan], names: Sequence[str] | None = None) -> None:
    """Two or more distinct plans with distinct region codes, else an error."""
    if len(plans) < 2:
        raise RrpError("compare needs at least two plans, e.g. rrp compare nw eoe")
    labels = list(names) if names is not None else [p.code for p in plans]
    for (i, a), (j, b) in combinations(enumerate(plans), 2):
        if a.code != b.code:
            continue
        same = a.path is not None and b.path is not None and a.path.resolve() == b.path.resolve()
        if same or a == b:
            raise RrpError(f'"{labels[i]}" and "{labels[j]}" are the same plan ({a.name}); name each plan once')
        raise RrpError(
            f'"{labels[i]}" and "{labels[j]}" both have the region code "{a.code}"; '
            "compare compares regions (use rrp diff for two revisions of one plan)"
        )


def compare_sections(requested: Sequence[str]) -> list[str]:
    """The section ids asked for (all compared sections when none), in published order."""
    from rrpcli.show import check_sections

    wanted = check_sections(requested)
    if requested and "footnotes" in wanted:
        known = ", ".join(COMPARED_SECTIONS)
        raise RrpError(f'section "footnotes" is not compared (footnotes are sources); sections are: {known}')
    return [s for s in wanted if s != "footnotes"]


def compare_plans(
    plans: Sequence[Plan],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    sections: Sequence[str] | None = None,
    regional_only: bool = False,
) -> Comparison:
    """Compare plans section by section.

    ``sections`` limits what is reported (sections, targets, facts, partners
    and counts of those sections); the summary is always of the whole plans.
    """
    check_plans(plans)
    if not 0 < threshold <= 1:
        raise RrpError(f"threshold must be in (0, 1], got {threshold:g}")
    wanted = list(sections) if sections else list(COMPARED_SECTIONS)
    codes = [p.code for p in plans]
    by_section: dict[str, list[list[Unit]]] = {sid: [[] for _ in plans] for sid in COMPARED_SECTIONS}
    for i, plan in enumerate(plans):
        for unit in text_units(plan):
            if unit.section in by_section:
                by_section[unit.section][i].append(unit)
    names = [p.name for p in plans]
    aligned = [
        align_section(sid, codes, by_section[sid], names, threshold, by_name=sid == "our_partners")
        for sid in COMPARED_SECTIONS
    ]
    from rrpcli.ambition import target_figures

    targets = [r for r in target_figures(plans) if r.pathway in wanted]
    partners = PartnerComparison([], {code: [] for code in codes})
    if "our_partners" in wanted:
        partners = _partners(codes, next(s for s in aligned if s.id == "our_partners"))
    return Comparison(
        plans=[PlanRef(p.code, p.name, p.meta.revision) for p in plans],
        threshold=threshold,
        summary=_summary(codes, aligned),
        sections=[s for s in aligned if s.id in wanted],
        targets=targets,
        facts=fact_rows(plans) if "about" in wanted else [],
        partners=partners,
        counts=[c for c in count_rows(plans) if c.pathway in wanted],
        regional_only=regional_only,
    )


# -- alignment --------------------------------------------------------------------

Node = tuple[int, int]  # (plan index, segment index)


@dataclass
class _Segments:
    """One plan's units of a section, grouped into segments (runs of joined units)."""

    units: list[Unit]
    groups: list[tuple[int, ...]]  # unit indices per segment
    words: list[list[str]]
    texts: list[str]


def align_section(
    sid: str,
    codes: Sequence[str],
    units: Sequence[Sequence[Unit]],
    names: Sequence[str],
    threshold: float,
    *,
    by_name: bool = False,
) -> SectionComparison:
    """Align one section's units of every plan (see the module documentation)."""
    split = [[words(u.text) for u in us] for us in units]  # each text is split into words once
    segs = [_single(units[q], split[q]) if by_name else _segment(units, split, q, threshold) for q in range(len(units))]
    edges = _name_edges(segs) if by_name else _text_edges(segs, names, threshold)
    clusters = sorted(_cluster(edges), key=lambda members: (members[0][0], segs[members[0][0]].groups[members[0][1]]))
    shared = [_shared(members, segs, codes, names, edges) for members in clusters]
    used = {node for members in clusters for node in members}
    regional: dict[str, list[Unit]] = {}
    for p, seg in enumerate(segs):
        regional[codes[p]] = [seg.units[i] for s, group in enumerate(seg.groups) if (p, s) not in used for i in group]
    return SectionComparison(sid, SECTIONS[sid], shared, regional)


class _Index(ShingleIndex[int]):
    """A shingle index fed with texts already split into words (each text is split once)."""

    def add_words(self, key: int, ws: list[str]) -> None:
        """Index one text's words under a key."""
        self.words[key] = ws
        for sh in shingles(ws, self.k):
            self._postings[sh].append(key)


def _single(units: Sequence[Unit], split: list[list[str]]) -> _Segments:
    return _Segments(list(units), [(i,) for i in range(len(units))], split, [u.text for u in units])


def _segment(
    all_units: Sequence[Sequence[Unit]], split: Sequence[list[list[str]]], q: int, threshold: float
) -> _Segments:
    """Plan q's units, with split paragraphs joined where another plan has them as one unit."""
    units = list(all_units[q])
    base = _single(units, split[q])
    if len(all_units) < 2 or len(units) < 2:
        return base
    unit_words = base.words
    links: set[int] = set()  # unit i is joined with unit i + 1
    index = _Index()
    for j, ws in enumerate(unit_words):
        index.add_words(j, ws)
    own_texts = {normalise(u.text) for u in units}
    sizes = [max(1, len(shingles(ws))) for ws in unit_words]
    for p, others in enumerate(all_units):
        if p == q:
            continue
        other_texts = {normalise(u.text) for u in others}
        for u, wu in zip(others, split[p], strict=True):
            if normalise(u.text) in own_texts:
                continue
            inside = sorted(
                j
                for j, count in index.candidates(wu).items()
                if count / sizes[j] >= JOIN_CONTAINMENT and normalise(units[j].text) not in other_texts
            )
            for run in _runs(inside, units):
                best = _best_join(wu, run, unit_words)
                if best is not None and best[1] >= threshold:
                    links.update(best[0][:-1])
    if not links:
        return base
    groups: list[tuple[int, ...]] = []
    current: list[int] = []
    for i in range(len(units)):
        current.append(i)
        if i not in links:
            groups.append(tuple(current))
            current = []
    seg_words = [[w for i in g for w in unit_words[i]] for g in groups]
    texts = ["\n\n".join(units[i].text for i in g) for g in groups]
    return _Segments(units, groups, seg_words, texts)


def _runs(indices: Sequence[int], units: Sequence[Unit]) -> list[list[int]]:
    """Runs of consecutive units of one list (length two or more)."""
    runs: list[list[int]] = []
    for j in indices:
        if runs and runs[-1][-1] == j - 1 and units[j - 1].list_path == units[j].list_path:
            runs[-1].append(j)
        else:
            runs.append([j])
    return [r for r in runs if len(r) > 1]


def _best_join(wu: list[str], run: list[int], unit_words: Sequence[list[str]]) -> tuple[list[int], float] | None:
    """The sub-run whose joined text matches best, if it beats every single piece."""
    single = max(similarity(wu, unit_words[j]) for j in run)
    best: tuple[list[int], float] | None = None
    for a in range(len(run)):
        for b in range(a + 2, len(run) + 1):
            joined = [w for j in run[a:b] for w in unit_words[j]]
            score = similarity(wu, joined)
            if score > single and (best is None or score > best[1]):
                best = (run[a:b], score)
    return best


# Edges: (node a, node b) with a < b -> (priority, score); priority 0 identical,
# 1 same template key, 2 similar text (or similar name).
Edges = dict[tuple[Node, Node], tuple[int, float]]


def _text_edges(segs: Sequence[_Segments], names: Sequence[str], threshold: float) -> Edges:
    name_words = {w for n in names for w in n.split()}
    edges: Edges = {}
    keys = [[_template_key(t, name_words) for t in seg.texts] for seg in segs]
    norms = [[normalise(t) for t in seg.texts] for seg in segs]
    bags = [[Counter(ws) for ws in seg.words] for seg in segs]
    for p, q in combinations(range(len(segs)), 2):
        sp, sq = segs[p], segs[q]
        exact: dict[str, list[int]] = defaultdict(list)
        by_key: dict[str, list[int]] = defaultdict(list)
        for t in range(len(sq.texts)):
            exact[norms[q][t]].append(t)
            by_key[keys[q][t]].append(t)
        index = _Index()
        for t, wt in enumerate(sq.words):
            index.add_words(t, wt)
        for s, text in enumerate(sp.texts):
            for t in exact.get(norms[p][s], ()):
                edges[(p, s), (q, t)] = (0, 1.0)
            for t in by_key.get(keys[p][s], ()):
                if ((p, s), (q, t)) not in edges and template_slots(text, sq.texts[t], names) is not None:
                    edges[(p, s), (q, t)] = (1, round(similarity(sp.words[s], sq.words[t]), 3))
            ws = sp.words[s]
            for t in index.candidates(ws):
                if ((p, s), (q, t)) in edges:
                    continue
                wt = sq.words[t]
                # Upper bounds first: the shorter text's length, then the words in common.
                if 2 * min(len(ws), len(wt)) < threshold * (len(ws) + len(wt)):
                    continue
                if 2 * (bags[p][s] & bags[q][t]).total() < threshold * (len(ws) + len(wt)):
                    continue
                score = similarity(ws, wt)
                if score >= threshold:
                    edges[(p, s), (q, t)] = (2, round(score, 3))
    return edges


def _template_key(text: str, name_words: set[str]) -> str:
    """The text with names, numbers and months blanked out and plurals folded."""
    out: list[str] = []
    for token in text.split():
        bare = token.strip(".,;:()")
        if (
            bare in name_words
            or ((bare[:1].isdigit() or bare[:1] in "£$") and _NUMBER.match(bare))
            or bare.casefold() in MONTH_NAMES
        ):
            if not out or out[-1] != "#":
                out.append("#")
        else:
            out.append(token.removesuffix("s"))
    return " ".join(out)


def fold_name(name: str) -> str:
    """A partner name folded for matching: case, '&' and punctuation ignored."""
    folded = name.casefold().replace("&", " and ").replace("’", "'")
    return " ".join(re.sub(r"[^\w\s]", " ", folded).split())


def _name_edges(segs: Sequence[_Segments]) -> Edges:
    edges: Edges = {}
    folded = [[fold_name(t) for t in seg.texts] for seg in segs]
    for p, q in combinations(range(len(segs)), 2):
        for s, a in enumerate(folded[p]):
            for t, b in enumerate(folded[q]):
                if a.replace(" ", "") == b.replace(" ", ""):
                    edges[(p, s), (q, t)] = (0, 1.0)
                    continue
                matcher = SequenceMatcher(None, a, b, autojunk=False)
                if matcher.real_quick_ratio() < PARTNER_SIMILARITY or matcher.quick_ratio() < PARTNER_SIMILARITY:
                    continue
                ratio = matcher.ratio()
                if ratio >= PARTNER_SIMILARITY:
                    edges[(p, s), (q, t)] = (1, round(ratio, 3))
    return edges


def _cluster(edges: Edges) -> list[list[Node]]:
    """Groups of two or more nodes, at most one per plan, every two of them an edge; best edges first."""
    group_of: dict[Node, int] = {}
    groups: dict[int, list[Node]] = {}
    ids = count()
    for (a, b), _ in sorted(edges.items(), key=lambda e: (e[1][0], -e[1][1], e[0])):
        ga, gb = group_of.get(a), group_of.get(b)
        if ga is not None and ga == gb:
            continue
        left = groups[ga] if ga is not None else [a]
        right = groups[gb] if gb is not None else [b]
        if {n[0] for n in left} & {n[0] for n in right}:
            continue
        if not all(_edge(edges, x, y) is not None for x in left for y in right):
            continue
        for g in (ga, gb):
            if g is not None:
                del groups[g]
        gid = next(ids)
        groups[gid] = sorted(left + right)
        for node in groups[gid]:
            group_of[node] = gid
    return list(groups.values())


def _edge(edges: Edges, x: Node, y: Node) -> tuple[int, float] | None:
    return edges.get((x, y) if x < y else (y, x))


def _shared(
    members: list[Node], segs: Sequence[_Segments], codes: Sequence[str], names: Sequence[str], edges: Edges
) -> Shared:
    members = sorted(members)
    plans = tuple(codes[p] for p, _ in members)
    units = {codes[p]: tuple(segs[p].units[i] for i in segs[p].groups[s]) for p, s in members}
    texts = [(codes[p], segs[p].texts[s]) for p, s in members]
    score = min(e[1] for x, y in combinations(members, 2) if (e := _edge(edges, x, y)) is not None)
    if len({normalise(t) for _, t in texts}) == 1:
        return Shared("identical", 1.0, plans, units)
    pattern = template_pattern(texts, names)
    if pattern is not None:
        return Shared("template", score, plans, units, pattern)
    return Shared("edited", score, plans, units)


def template_pattern(texts: Sequence[tuple[str, str]], names: Sequence[str]) -> Pattern | None:
    """The texts as one template sentence with slots, or None when they are not one template.

    The first text is the base: every other must be the same template
    (:func:`~rrpcli.textsim.template_slots`); slots where any text differs
    are merged across texts, so that three plans line up slot by slot.
    """
    (_, base_text), rest = texts[0], texts[1:]
    base = base_text.split()
    opcodes: list[tuple[str, Sequence[tuple[str, int, int, int, int]], list[str]]] = []
    for code, text in rest:
        if template_slots(base_text, text, names) is None:
            return None
        other = text.split()
        opcodes.append((code, SequenceMatcher(None, base, other, autojunk=False).get_opcodes(), other))
    ranges = sorted((i1, i2) for _, ops, _ in opcodes for tag, i1, i2, _, _ in ops if tag != "equal")
    name_words = {w for n in names for w in n.split()}
    ranges = [_whole_names(base, i1, i2, name_words) for i1, i2 in ranges]
    merged: list[list[int]] = []
    for i1, i2 in sorted(ranges):
        if merged and i1 <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], i2)
        else:
            merged.append([i1, i2])
    pattern: list[str | Slot] = []
    previous = 0
    for s, e in merged:
        if base[previous:s]:
            pattern.append(" ".join(base[previous:s]))
        slot = {texts[0][0]: " ".join(base[s:e])}
        for code, ops, other in opcodes:
            slot[code] = " ".join(other[_map(ops, s, end=False) : _map(ops, e, end=True)])
        pattern.extend(_split_punctuation(slot))
        previous = e
    if base[previous:]:
        pattern.append(" ".join(base[previous:]))
    merged_pattern: list[str | Slot] = []
    for piece in pattern:
        if merged_pattern and isinstance(piece, str) and isinstance(merged_pattern[-1], str):
            merged_pattern[-1] += " " + piece
        else:
            merged_pattern.append(piece)
    return tuple(merged_pattern)


def _whole_names(base: Sequence[str], s: int, e: int, name_words: set[str]) -> tuple[int, int]:
    """A slot holding part of a region name, widened to the whole name (``[North | South] West``: whole names)."""

    def is_name(token: str) -> bool:
        bare = token.strip(".,;:()")
        return bare in name_words and bare[:1].isupper()

    if not any(is_name(t) for t in base[s:e]):
        return s, e
    while s > 0 and is_name(base[s - 1]):
        s -= 1
    while e < len(base) and is_name(base[e]):
        e += 1
    return s, e


def _split_punctuation(slot: Slot) -> list[str | Slot]:
    """A slot whose values all end in the same punctuation, with it moved out: ``North West.``."""
    ends = {value[-1:] for value in slot.values()}
    if len(ends) == 1 and (end := ends.pop()) in ".,;:" and all(len(v) > 1 for v in slot.values()):
        return [{code: value[:-1] for code, value in slot.items()}, end]
    return [slot]


def _map(ops: Sequence[tuple[str, int, int, int, int]], i: int, *, end: bool) -> int:
    """Where boundary ``i`` of the base falls in the other text (after insertions there when ``end``)."""
    found: list[int] = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal" and i1 <= i <= i2:
            found.append(j1 + i - i1)
        elif i == i1:
            found.append(j1)
        elif i == i2:
            found.append(j2)
    return max(found) if end else min(found)


# -- summary, facts, partners, counts -------------------------------------------


def _summary(codes: Sequence[str], sections: Sequence[SectionComparison]) -> dict[str, PlanSummary]:
    out: dict[str, PlanSummary] = {}
    for code in codes:
        national = [u for s in sections for item in s.shared if code in item.units for u in item.units[code]]
        regional = [u for s in sections for u in s.regional[code]]
        out[code] = PlanSummary(
            code,
            national_words=sum(word_count(u.text) for u in national),
            regional_words=sum(word_count(u.text) for u in regional),
            national_units=len(national),
            regional_units=len(regional),
        )
    return out


def fact_rows(plans: Sequence[Plan]) -> list[FactRow]:
    """The facts' figures by metric, in first-seen order; None where a plan does not state the metric."""
    codes = [p.code for p in plans]
    rows: dict[str, FactRow] = {}
    for plan in plans:
        for fact in plan.about.facts:
            for fig in fact.figures:
                row = rows.get(fig.metric)
                if row is None:
                    row = rows[fig.metric] = FactRow(
                        fig.metric,
                        dict.fromkeys(codes),
                        dict.fromkeys(codes),
                        dict.fromkeys(codes),
                        dict.fromkeys(codes),
                    )
                if row.values[plan.code] is None:
                    row.values[plan.code] = fig.value
                    row.text[plan.code] = fact.text
                    row.unit[plan.code] = fig.unit
                    row.qualifier[plan.code] = fig.qualifier or None
    return list(rows.values())


def _partners(codes: Sequence[str], section: SectionComparison) -> PartnerComparison:
    shared = [{code: item.text(code) for code in item.plans} for item in section.shared]
    only = {code: [u.text for u in section.regional[code]] for code in codes}
    return PartnerComparison(shared, only)


def count_rows(plans: Sequence[Plan]) -> list[CountRow]:
    """Targets, objectives, activities and partners per pathway and plan."""
    rows = []
    for pid in PATHWAY_IDS:
        counts: dict[str, dict[str, int | None]] = {kind: {} for kind in CountRow.KINDS}
        for plan in plans:
            pathway = getattr(plan.pathways, pid)
            for kind in CountRow.KINDS:
                counts[kind][plan.code] = None if pathway is None else len(getattr(pathway, kind))
        rows.append(CountRow(pid, SECTIONS[pid], counts))
    return rows
