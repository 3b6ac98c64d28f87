"""Which pairs of texts are ever compared: candidates found through an index, and kept few.

Two texts can only be linked (:mod:`rrpcli.compare.relations`) when they
share a shingle (three words in a row) or their template key, so one
:class:`~rrpcli.textsim.ShingleIndex` of a section's texts (their shingles and
template keys, :class:`SectionIndex`) finds every pair that may be linked
without comparing every text with every other.  Each text is looked up once;
the same lookup finds the pieces of a split paragraph
(:mod:`rrpcli.compare.segments`) and the text's candidates.  A candidate is
kept when the relation's cheap upper bounds allow a link
(:meth:`~rrpcli.compare.relations.Relation.bound`); only kept pairs are ever
scored word by word, and only when the grouping needs them.

An index alone still hands back far too many candidates where plans repeat
themselves: a paragraph repeated with small variations ten times over in each
of twelve plans shares its phrases with 120 texts, and each of them with the
other 119.  Three limits keep the work near-linear in the number of texts:

- **A lookup budget.**  A lookup reads at most :data:`LOOKUP_BUDGET` postings
  (texts listed under the text's shingles), rarest shingles first: the
  phrases few texts share are the ones that tell texts apart.
- **When the budget cuts a lookup short** (a *crowded* text), only the first
  :data:`EXAMINED_WHEN_CUT` texts it found, those sharing the most shingles
  with it, and at least :data:`LEAST_SHARED_WHEN_CUT`, are examined.
- **Candidates per plan.**  A text keeps at most :data:`CANDIDATES_PER_PLAN`
  candidates in each other plan, those sharing the most shingles with it
  (ties: the earlier text).  A group holds one text per plan, so a few of the
  best in each plan are enough to choose from.

Below these limits nothing is left out: every pair of texts that may be
linked is a candidate (found from one side or the other), and the alignment
is exactly its definition, pair by pair.  On the shipped plans and on 2 to 48
regions of normal size no limit changes anything; they come into play where a
section holds dozens of near copies of a text, and then they decide which of
the near copies are compared.  The grouping then gives the texts left on their
own a second look (:meth:`rrpcli.compare.grouping`): a pair missed because of
the limits is a pair of texts that were both crowded or had a full quota
(:class:`Candidates`), so looking those up again among themselves finds it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from rrpcli.compare.relations import Relation
from rrpcli.textsim import ShingleIndex

#: Postings a lookup reads at most (rarest shingles first).
LOOKUP_BUDGET = 250

#: The texts a crowded text examines at most (those sharing the most shingles with it)...
EXAMINED_WHEN_CUT = 24
#: ... and how many shingles they must share with it at least.
LEAST_SHARED_WHEN_CUT = 2

#: Candidates a text keeps at most in each other plan.
CANDIDATES_PER_PLAN = 4


@dataclass
class Near:
    """The texts found sharing shingles with a text, most shared first; all of them unless ``crowded``."""

    texts: list[int]
    crowded: bool  # the budget cut the lookup short: only the first few are listed


class SectionIndex:
    """One index of a section's texts (what the relation finds them by), and what each text's lookup found."""

    def __init__(self, relation: Relation) -> None:
        self.relation = relation
        self._index: ShingleIndex[int] = ShingleIndex()
        self._indexed: set[int] = set()
        self._near: dict[int, Near] = {}

    def add(self, text_ids: Iterable[int]) -> None:
        """Index texts (each once)."""
        for text_id in text_ids:
            if text_id not in self._indexed:
                self._indexed.add(text_id)
                self._index.add_shingles(text_id, self.relation.shingles(text_id))

    def look_up(self, text_id: int) -> dict[int, int]:
        """The indexed texts sharing shingles with the text (itself among them), with how many they share.

        What the lookup found is kept for :meth:`near` (the first few only, if it was crowded).
        """
        shared, complete = self._index.lookup(self.relation.shingles(text_id), LOOKUP_BUDGET)
        # most shingles in common first, then the earlier text
        ranked = sorted(sorted(shared), key=shared.__getitem__, reverse=True)
        if not complete:
            ranked = [t for t in ranked[:EXAMINED_WHEN_CUT] if shared[t] >= LEAST_SHARED_WHEN_CUT]
        self._near[text_id] = Near(ranked, not complete)
        return shared

    def near(self, text_id: int) -> Near:
        """What the text's lookup found (the text indexed and looked up now, if it has not been)."""
        if text_id not in self._near:
            self.add([text_id])
            self.look_up(text_id)
        return self._near[text_id]


@dataclass
class Candidates:
    """Pairs of texts (lower id first) to consider, and which texts may have missed some."""

    pairs: set[tuple[int, int]]
    crowded: set[int]  # texts whose lookup the budget cut short
    full: dict[int, int]  # text -> the plans (bits) where its quota of candidates filled up


def find_candidates(
    texts: Sequence[int],
    index: SectionIndex,
    plans_of: Mapping[int, Sequence[int]],
    plan_count: int,
    done: Collection[tuple[int, int]] = (),
) -> Candidates:
    """The candidate pairs of the ``texts``, from what the index finds near each; the pairs ``done`` left out.

    ``plans_of`` gives the texts that can still be linked (those of groups
    some plan lacks) and, for each, the plans (bit masks) of the groups
    holding it: only texts of groups with no plan in common can be linked.
    """
    relation = index.relation
    everywhere = (1 << plan_count) - 1
    single_group = {t: masks[0] for t, masks in plans_of.items() if len(masks) == 1}
    plans_in = {mask: [p for p in range(plan_count) if mask >> p & 1] for masks in plans_of.values() for mask in masks}
    found = Candidates(set(), set(), {})
    for text_id in texts:
        near = index.near(text_id)
        if near.crowded:
            found.crowded.add(text_id)
        own_masks = plans_of[text_id]
        own = single_group.get(text_id)
        open_plans = 0  # the plans some group of the text lacks: where its candidates may be
        for mask in own_masks:
            open_plans |= everywhere & ~mask
        kept = [0] * plan_count  # per plan: candidates kept there
        full = 0  # the plans where the quota is full
        for other in near.texts:
            # the plans of the other text's groups that have no plan in common with one of this text's
            other_plans = single_group.get(other)
            if own is not None and other_plans is not None:  # (as most texts are) held by one group each
                apart = 0 if own & other_plans else other_plans
            elif other in plans_of:
                apart = _apart(plans_of[other], own_masks)
            else:  # no longer a text of the section, or in a group every plan has
                continue
            if not apart & ~full:  # none, or all full
                continue
            pair = (text_id, other) if text_id < other else (other, text_id)
            if pair in done or relation.bound(*pair) is None:
                continue
            found.pairs.add(pair)
            for p in plans_in.get(apart) or [p for p in range(plan_count) if apart >> p & 1]:
                kept[p] += 1
                if kept[p] == CANDIDATES_PER_PLAN:
                    full |= 1 << p
            if not open_plans & ~full:
                break
        if full:
            found.full[text_id] = full
    return found


def _apart(masks: Sequence[int], own_masks: Sequence[int]) -> int:
    """The plans of the groups (``masks``) that have no plan in common with one of the groups ``own_masks``."""
    apart = 0
    for mask in masks:
        if any(not mask & own for own in own_masks):
            apart |= mask
    return apart
