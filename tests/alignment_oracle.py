"""The alignment of ``rrp compare`` as its definition says it, pair by pair: the reference the tests hold it to.

Plain and slow on purpose (every pair of texts is scored): it shares no code
with :mod:`rrpcli.compare` but the functions of :mod:`rrpcli.textsim` that
define words, normal form, shingles and template sentences, and difflib for
similarity.

1. **Segments.**  Unit i of plan q runs on into unit i + 1 when, for a text u
   of another plan p (a text some plan lacks), the consecutive units of q (of
   one list, two or more) that lie mostly inside u (at least half of their
   shingles are u's), whose texts plan p lacks and plan q does not have u's,
   match u better joined than any piece alone, by at least the threshold.
2. **Links** between two segments of different plans, the earlier plan's
   text first: identical (normal form equal): priority 0, similarity 1.0; the
   same template key and one template sentence: priority 1, their similarity;
   a shared shingle and a similarity of at least the threshold: priority 2.
   Partner names instead: the same folded name (spaces aside): priority 0;
   a difflib ratio of the folded names of at least 0.85: priority 1.
3. **Groups.**  Every link, best first (priority, higher similarity, then the
   segments in plan order), merges the groups of its two segments when they
   have no plan in common and every two of their segments are linked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from rrpcli import textsim
from rrpcli.units import Unit

PARTNER_SIMILARITY = 0.85
JOIN_CONTAINMENT = 0.5


def similarity(a: list[str], b: list[str]) -> float:
    """difflib's ratio of two word lists (1.0 for two empty ones)."""
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def template_key(text: str, names: Sequence[str]) -> str:
    """The text with names, numbers and months blanked out (``#``, once for a run) and plurals folded."""
    name_words = {w for n in names for w in n.split()}
    out: list[str] = []
    for token in text.split():
        bare = token.strip(".,;:()")
        number = (bare[:1].isdigit() or bare[:1] in "£$") and textsim.NUMBER.match(bare)
        if bare in name_words or number or bare.casefold() in textsim.MONTH_NAMES:
            if not out or out[-1] != "#":
                out.append("#")
        else:
            out.append(token.removesuffix("s"))
    return " ".join(out)


def fold_name(name: str) -> str:
    """A partner name with case, '&' and punctuation folded."""
    folded = name.casefold().replace("&", " and ").replace("’", "'")
    return " ".join(re.sub(r"[^\w\s]", " ", folded).split())


@dataclass
class Segment:
    """A run of units of one plan, and their text."""

    plan: int
    units: tuple[Unit, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(u.text for u in self.units)


def segments(units: Sequence[Sequence[Unit]], threshold: float) -> list[list[Segment]]:
    """Every plan's units in segments, split paragraphs joined (step 1)."""
    normal = [[textsim.normalise(u.text) for u in us] for us in units]
    plans_with = {n: {p for p, ns in enumerate(normal) if n in ns} for ns in normal for n in ns}
    everywhere = set(range(len(units)))
    missing = {
        (p, i) for p, ns in enumerate(normal) for i, n in enumerate(ns) if plans_with[n] != everywhere
    }  # units whose text some plan lacks
    joined = [set[int]() for _ in units]
    for p, whole_i in missing:
        whole = units[p][whole_i].text
        whole_shingles = textsim.shingles(textsim.words(whole))
        whole_normal = normal[p][whole_i]
        for q in range(len(units)):
            if q in plans_with[whole_normal]:
                continue
            inside = []
            for i in range(len(units[q])):
                if (q, i) not in missing or normal[q][i] in {normal[p][j] for j in range(len(units[p]))}:
                    continue  # the plan of the whole has this text
                piece = textsim.shingles(textsim.words(units[q][i].text))
                if len(piece & whole_shingles) / max(1, len(piece)) >= JOIN_CONTAINMENT:
                    inside.append(i)
            for run in _runs(inside, units[q]):
                best = _best_join(whole, [units[q][i].text for i in run])
                if best is not None and best[2] >= threshold:
                    joined[q].update(run[best[0] : best[1] - 1])
    out: list[list[Segment]] = []
    for q, us in enumerate(units):
        plan_segments: list[Segment] = []
        current: list[Unit] = []
        for i, unit in enumerate(us):
            current.append(unit)
            if i not in joined[q]:
                plan_segments.append(Segment(q, tuple(current)))
                current = []
        out.append(plan_segments)
    return out


def _runs(indices: list[int], units: Sequence[Unit]) -> list[list[int]]:
    runs: list[list[int]] = []
    for i in indices:
        if runs and runs[-1][-1] == i - 1 and units[i - 1].list_path == units[i].list_path:
            runs[-1].append(i)
        else:
            runs.append([i])
    return [r for r in runs if len(r) > 1]


def _best_join(whole: str, pieces: list[str]) -> tuple[int, int, float] | None:
    whole_words = textsim.words(whole)
    single = max(similarity(whole_words, textsim.words(p)) for p in pieces)
    best: tuple[int, int, float] | None = None
    for start in range(len(pieces)):
        for end in range(start + 2, len(pieces) + 1):
            score = similarity(whole_words, [w for p in pieces[start:end] for w in textsim.words(p)])
            if score > single and (best is None or score > best[2]):
                best = (start, end, score)
    return best


def link(a: str, b: str, names: Sequence[str], threshold: float, by_name: bool) -> tuple[int, float] | None:
    """The link from text a (earlier plan) to text b, as (priority, similarity), or None (step 2)."""
    if by_name:
        fa, fb = fold_name(a), fold_name(b)
        if fa.replace(" ", "") == fb.replace(" ", ""):
            return (0, 1.0)
        score = SequenceMatcher(None, fa, fb, autojunk=False).ratio()
        return (1, round(score, 3)) if score >= PARTNER_SIMILARITY else None
    if textsim.normalise(a) == textsim.normalise(b):
        return (0, 1.0)
    wa, wb = textsim.words(a), textsim.words(b)
    if template_key(a, names) == template_key(b, names) and textsim.template_slots(a, b, names) is not None:
        return (1, round(similarity(wa, wb), 3))
    if textsim.shingles(wa) & textsim.shingles(wb):
        score = similarity(wa, wb)
        if score >= threshold:
            return (2, round(score, 3))
    return None


def align(
    codes: Sequence[str],
    units: Sequence[Sequence[Unit]],
    names: Sequence[str],
    threshold: float,
    by_name: bool = False,
) -> dict[str, Any]:
    """One section aligned by the definition: ``{"shared": [...], "regional_units": {...}}`` as in the JSON.

    A shared item has ``match``, ``similarity``, ``plans`` and ``units`` (unit paths per plan code).
    """
    plans = [[Segment(q, (u,)) for u in us] for q, us in enumerate(units)] if by_name else segments(units, threshold)
    nodes = [s for plan_segments in plans for s in plan_segments]  # in plan order
    links: dict[tuple[int, int], tuple[int, float]] = {}
    memo: dict[tuple[str, str], tuple[int, float] | None] = {}
    for x, sx in enumerate(nodes):
        for y in range(x + 1, len(nodes)):
            sy = nodes[y]
            if sx.plan == sy.plan:
                continue
            if (sx.text, sy.text) not in memo:
                memo[sx.text, sy.text] = link(sx.text, sy.text, names, threshold, by_name)
            found = memo[sx.text, sy.text]
            if found is not None:
                links[x, y] = found
    group_of = list(range(len(nodes)))
    members = {x: [x] for x in range(len(nodes))}
    for x, y in sorted(links, key=lambda xy: (links[xy][0], -links[xy][1], *xy)):
        gx, gy = group_of[x], group_of[y]
        if gx == gy or {nodes[n].plan for n in members[gx]} & {nodes[n].plan for n in members[gy]}:
            continue
        if not all((min(a, b), max(a, b)) in links for a in members[gx] for b in members[gy]):
            continue
        for n in members[gy]:
            group_of[n] = gx
        members[gx] = sorted(members[gx] + members.pop(gy))
    shared = []
    grouped: set[int] = set()
    for group in sorted((g for g in members.values() if len(g) > 1), key=lambda g: g[0]):
        grouped.update(group)
        texts = [nodes[n].text for n in group]
        lowest = min(links[a, b][1] for i, a in enumerate(group) for b in group[i + 1 :])
        if len({textsim.normalise(t) for t in texts}) == 1:
            match, lowest = "identical", 1.0
        elif all(textsim.template_slots(texts[0], t, names) is not None for t in texts[1:]):
            match = "template"
        else:
            match = "edited"
        shared.append(
            {
                "match": match,
                "similarity": lowest,
                "plans": [codes[nodes[n].plan] for n in group],
                "units": {codes[nodes[n].plan]: [u.path for u in nodes[n].units] for n in group},
            }
        )
    regional: dict[str, list[str]] = {code: [] for code in codes}
    for n, node in enumerate(nodes):
        if n not in grouped:
            regional[codes[node.plan]] += [u.path for u in node.units]
    return {"shared": shared, "regional_units": regional}
