"""Grouping across plans: the segments of a section that are one national text, at most one per plan.

**The definition, pair by pair.**  Take every link between two segments of
different plans (:mod:`rrpcli.compare.relations`) in order: priority first
(identical, template, edited), then higher similarity, then the segments in
plan order (plans in the order given, segments in published order).  Each
segment starts as a group of its own; a link merges the groups of its two
segments when they have no plan in common and every two segments of the two
groups are linked.  A group of two or more segments is a shared item, its
similarity the lowest between two of its segments; every other segment is
regional.

**How it is computed**, so that the work follows the texts rather than the
pairs of segments:

1. *Seeds.*  Identical links come first, so identical text is grouped
   first: the segments of one normalised text form one *seed* (where a plan
   has the text twice, they are merged link by link instead, so that a seed
   holds at most one segment per plan).  National text that every plan has
   is a finished seed.
2. *Proposals.*  Pairs of seeds that might merge come from the candidate
   pairs of their texts (:mod:`rrpcli.compare.candidates`).  Each waits in a
   queue at its *optimistic* link (:meth:`Relation.bound`): no link between
   the two seeds comes before it.
3. *Merging, best first.*  The front of the queue is taken.  A pair whose
   groups can no longer merge (they are one group already, or share a plan)
   is dropped without working out its link: groups only grow, so it never
   could.  An optimistic pair is replaced by its real *first link* (the first
   link between a segment of one seed and a segment of the other), queued in
   its place.  A real first link is the next link of the definition that can
   still merge anything, and its two groups merge if every two of their seeds
   are linked.

Only the first link between two seeds matters: once their groups have
merged, or failed to, later links between them change nothing.  So the groups
are those of the definition, link for link, as long as every linked pair of
texts is a candidate, which it is below the limits of
:mod:`rrpcli.compare.candidates`.  ``tests/alignment_oracle.py`` computes the
definition the plain way (every pair of segments scored), and the tests check
that the two agree.

4. *Another look.*  Where the limits were reached (near copies), a text may
   be left on its own that a pair the limits left out would have grouped.  So
   when the queue is empty, the texts still alone whose lookup was crowded, or
   whose quota of candidates was full, are looked up again among the crowded
   and full texts of groups that could still grow, leaving out the pairs
   already proposed, and their new pairs are merged best first in turn; and so
   on while that merges anything.  Below the limits no text is crowded or full,
   and there is no second look.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from heapq import heapify, heappop, heappush
from typing import NamedTuple

from rrpcli.compare.candidates import CROWDED_READ, SectionIndex, any_of, find_candidates
from rrpcli.compare.relations import Link, Relation
from rrpcli.compare.segments import Segments

#: Where a link comes in the order links are taken: priority, minus similarity, then its two segments (nodes).
LinkOrder = tuple[int, float, int, int]

#: A pair of seeds in the queue: where their first link comes (``real`` 1), or at the latest (``real`` 0, an
#: optimistic link, its nodes -1 unless known), then ``real`` and the two seeds.
Proposal = tuple[int, float, int, int, int, int, int]


@dataclass(eq=False, repr=False)
class Group:
    """Segments that are one national text: (plan, segment) in plan order, and their lowest similarity."""

    members: list[tuple[int, int]]
    similarity: float


class SeedLink(NamedTuple):
    """How two seeds are linked: the first link between them (in link order), and their lowest similarity."""

    first: LinkOrder
    lowest: float


def group_segments(plans: Sequence[Segments], index: SectionIndex) -> list[Group]:
    """The groups of two or more segments of different plans (see the module documentation), by first segment.

    ``index`` is the section's index (its relation, and what was looked up in it already).
    """
    return _Grouping(plans, index).groups()


class _Grouping:
    """The segments of one section as *nodes*, numbered plan by plan (so in link order), and their grouping."""

    def __init__(self, plans: Sequence[Segments], index: SectionIndex) -> None:
        self.index = index
        self.relation = relation = index.relation
        self.node_plan: list[int] = []
        self.node_text: list[int] = []
        self.node_segment: list[tuple[int, int]] = []
        for plan, segments in enumerate(plans):
            for segment, text_id in enumerate(segments.text_ids):
                self.node_plan.append(plan)
                self.node_text.append(text_id)
                self.node_segment.append((plan, segment))
        self.plan_count = len(plans)
        self.seeds = self._seeds()
        self.seed_plans = [_plans_mask(nodes, self.node_plan) for nodes in self.seeds]
        # per seed: its nodes by text (a seed's texts are of one kind, though not always the same text)
        self.seed_texts: list[dict[int, list[int]]] = []
        for nodes in self.seeds:
            by_text: dict[int, list[int]] = {}
            for node in nodes:
                by_text.setdefault(self.node_text[node], []).append(node)
            self.seed_texts.append(by_text)
        self.seeds_of: dict[int, list[int]] = {}  # text id -> the seeds holding it
        for seed, by_text in enumerate(self.seed_texts):
            for text_id in by_text:
                self.seeds_of.setdefault(text_id, []).append(seed)
        self.first_link = functools.cache(partial(_first_link, self.seed_texts, self.node_plan, relation))

    def _seeds(self) -> list[list[int]]:
        """The nodes of each normalised text, at most one per plan (linked pair by pair where a plan has it twice)."""
        by_kind: dict[str, list[int]] = {}
        for node, text_id in enumerate(self.node_text):
            by_kind.setdefault(self.relation.kind(text_id), []).append(node)
        seeds: list[list[int]] = []
        for nodes in by_kind.values():
            if len({self.node_plan[n] for n in nodes}) == len(nodes):
                seeds.append(nodes)
            else:
                seeds += _identical_pair_by_pair(nodes, self.node_plan)
        return seeds

    def groups(self) -> list[Group]:
        """Merge the seeds best first (step 3 of the module documentation), in rounds while they merge."""
        seed_count = len(self.seeds)
        self.group_of = list(range(seed_count))
        self.members = {seed: [seed] for seed in range(seed_count)}
        self.plans = dict(enumerate(self.seed_plans))
        self.lowest = dict.fromkeys(range(seed_count), 1.0)
        self.proposed_texts: set[tuple[int, int]] = set()
        self.crowded: set[int] | None = None  # texts crowded or with a full quota in any round (None: before the first)
        while self._merge_best_first(self._proposals()):
            pass
        out: list[Group] = []
        for group, seeds in self.members.items():
            nodes = sorted(node for seed in seeds for node in self.seeds[seed])
            if len(nodes) > 1:
                out.append(Group([self.node_segment[n] for n in nodes], self.lowest[group]))
        out.sort(key=lambda g: g.members[0])
        return out

    def _merge_best_first(self, queue: list[Proposal]) -> bool:
        """Take the queue of proposals front first, merging groups; True when any two merged."""
        group_of, members, plans, lowest = self.group_of, self.members, self.plans, self.lowest
        merged = False
        while queue:
            proposal = heappop(queue)
            *order, real, seed_a, seed_b = proposal
            group_a, group_b = group_of[seed_a], group_of[seed_b]
            if group_a == group_b or plans[group_a] & plans[group_b]:
                continue
            if not real:  # optimistic: the real first link comes now (when it is the same) or later
                found = self.first_link(seed_a, seed_b)
                if found is None:
                    continue
                if list(found.first) != order:
                    heappush(queue, (*found.first, 1, seed_a, seed_b))
                    continue
            links = self._links_between(group_a, group_b)
            if links is None:
                continue
            for seed in members[group_b]:
                group_of[seed] = group_a
            members[group_a] += members.pop(group_b)
            plans[group_a] |= plans.pop(group_b)
            lowest[group_a] = min(lowest[group_a], lowest.pop(group_b), *(link.lowest for link in links))
            merged = True
        return merged

    def _links_between(self, group_a: int, group_b: int) -> list[SeedLink] | None:
        """The first links between every seed of one group and every seed of the other; None once two are not linked.

        (The groups then never merge: the links still to be worked out are left for pairs that may.)
        """
        links: list[SeedLink] = []
        for x in self.members[group_a]:
            for y in self.members[group_b]:
                link = self.first_link(min(x, y), max(x, y))
                if link is None:
                    return None
                links.append(link)
        return links

    def _proposals(self) -> list[Proposal]:
        """New pairs of seeds that may merge, each at its optimistic link order (nodes -1, -1), as a heap.

        The first round proposes the candidates of every text of a group some
        plan lacks; a later one those of another look (step 4 of the module
        documentation), or none.
        """
        everywhere = (1 << self.plan_count) - 1
        group_plans = {t: [self.plans[self.group_of[s]] for s in seeds] for t, seeds in self.seeds_of.items()}
        # Texts that can still be linked: those of a group some plan lacks.
        active = sorted(t for t, masks in group_plans.items() if any(mask != everywhere for mask in masks))
        plans_of = {t: group_plans[t] for t in active}
        if self.crowded is None:
            found = find_candidates(active, self.index, plans_of, self.plan_count)
            self.crowded = set()
        else:  # another look: the texts still alone that were crowded or had a full quota, among those
            alone = [t for t in active if all(mask & (mask - 1) == 0 for mask in plans_of[t])]  # one plan each
            again = [t for t in alone if t in self.crowded]
            if not again:
                return []
            # (reading further; only the shingles of the texts looked up again are read, so only those are indexed)
            looked_up = {sh for t in again for sh in self.relation.shingles(t)}
            crowded = {t: any_of(plans_of[t]) for t in active if t in self.crowded}
            index = self.index.part(crowded, looked_up, crowded_read=2 * CROWDED_READ)
            paired_with: dict[int, set[int]] = {t: set() for t in again}  # the pairs proposed before
            for a, b in self.proposed_texts:
                if a in paired_with:
                    paired_with[a].add(b)
                if b in paired_with:
                    paired_with[b].add(a)
            found = find_candidates(again, index, plans_of, self.plan_count, paired_with)
            found.pairs -= self.proposed_texts
        self.crowded |= found.crowded | found.full.keys()
        self.proposed_texts |= found.pairs
        queue: list[Proposal] = []
        group_of, plans = self.group_of, self.plans
        for a, b in found.pairs:  # (any order: the queue orders them)
            for one in self.seeds_of[a]:
                for other in self.seeds_of[b]:
                    if group_of[one] == group_of[other] or plans[group_of[one]] & plans[group_of[other]]:
                        continue
                    seed_a, seed_b = (one, other) if one < other else (other, one)
                    bound = self._optimistic_link(seed_a, seed_b)
                    if bound is None:
                        continue
                    nodes_a, nodes_b = self.seeds[seed_a], self.seeds[seed_b]
                    # The link between two segments is taken in their order; where each seed is one segment, that
                    # is the order of the only link between them (so ties are taken in order, as they come).
                    first, second = sorted((nodes_a[0], nodes_b[0])) if len(nodes_a) == len(nodes_b) == 1 else (-1, -1)
                    queue.append((bound[0], -bound[1], first, second, 0, seed_a, seed_b))
        heapify(queue)
        return queue

    def _optimistic_link(self, seed_a: int, seed_b: int) -> Link | None:
        """A link no link between the seeds comes before; None when some two of their texts cannot be linked."""
        texts_a, texts_b = self.seed_texts[seed_a], self.seed_texts[seed_b]
        if len(texts_a) == 1 and len(texts_b) == 1:  # as nearly always: one text each
            (a,), (b,) = texts_a, texts_b
            return self.relation.bound(a, b) if a < b else self.relation.bound(b, a)
        bounds = [self.relation.bound(*sorted((a, b))) for a in texts_a for b in texts_b]
        if any(bound is None for bound in bounds):
            return None
        return min((bound for bound in bounds if bound), key=lambda link: (link[0], -link[1]))  # the best


def _first_link(
    seed_texts: Sequence[dict[int, list[int]]], node_plan: Sequence[int], relation: Relation, seed_a: int, seed_b: int
) -> SeedLink | None:
    """The first link between two seeds and their lowest similarity; None unless every two of their nodes are linked.

    All the nodes of one text of a seed are linked alike to the nodes of
    one text of the other (from the earlier plan's text to the later's), so
    the links are worked out text by text: the first of them pairs the
    text's first node with the other text's first node in a later plan.
    """
    first: LinkOrder | None = None
    lowest = 1.0
    for text_a, nodes_a in seed_texts[seed_a].items():
        for text_b, nodes_b in seed_texts[seed_b].items():
            for early_text, early, late_text, late in ((text_a, nodes_a, text_b, nodes_b),
                                                       (text_b, nodes_b, text_a, nodes_a)):  # fmt: skip
                if node_plan[early[0]] >= node_plan[late[-1]]:  # no node of `early` in a plan before one of `late`
                    continue
                link = relation.link(early_text, late_text)
                if link is None:
                    return None
                x = early[0]
                y = next(n for n in late if node_plan[n] > node_plan[x])
                priority, similarity = link
                order = (priority, -similarity, x, y)
                if first is None or order < first:
                    first = order
                lowest = min(lowest, similarity)
    return None if first is None else SeedLink(first, lowest)


def _plans_mask(nodes: Sequence[int], node_plan: Sequence[int]) -> int:
    """The plans of some nodes, as bits."""
    mask = 0
    for node in nodes:
        mask |= 1 << node_plan[node]
    return mask


def _identical_pair_by_pair(nodes: list[int], node_plan: Sequence[int]) -> list[list[int]]:
    """Nodes of one text where a plan has it more than once: merged link by link, in node order."""
    group_of = {n: i for i, n in enumerate(nodes)}
    groups: dict[int, list[int]] = {i: [n] for i, n in enumerate(nodes)}
    for i, x in enumerate(nodes):
        for y in nodes[i + 1 :]:
            gx, gy = group_of[x], group_of[y]
            if gx == gy or {node_plan[n] for n in groups[gx]} & {node_plan[n] for n in groups[gy]}:
                continue
            for n in groups[gy]:
                group_of[n] = gx
            groups[gx] = sorted(groups[gx] + groups.pop(gy))
    return list(groups.values())
