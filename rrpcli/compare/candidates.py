"""Which pairs of texts are ever compared: candidates found through an index, and kept few.

Two texts can only be linked (:mod:`rrpcli.compare.relations`) when they
share a shingle (three words in a row) or their template key, so one index of
a section's texts (:class:`SectionIndex`, over their shingles and template
keys) finds every pair that may be linked without comparing every text with
every other.  Each text is looked up once; the same lookup finds the pieces of
a split paragraph (:mod:`rrpcli.compare.segments`) and the text's candidates.
A candidate is kept when the relation's cheap upper bounds allow a link
(:meth:`~rrpcli.compare.relations.Relation.bound`); kept pairs are scored word
by word only when the grouping needs them (:mod:`rrpcli.compare.grouping`).

An index alone still hands back far too many candidates where plans repeat
themselves: a paragraph repeated with small variations ten times over in each
of twelve plans shares its phrases with 120 texts, and each of them with the
other 119.  Three limits keep the work near-linear in the number of texts:

- **Crowded texts.**  A lookup reads every text listed under the shingles
  it looks up, unless that is more than :data:`CROWDED_READ` texts and more
  than :data:`POSTINGS_PER_SHINGLE_AND_PLAN` per shingle and plan (as many as
  a section needs where each plan words a text its own way, twice over).
  Then the text is *crowded*: its phrases are repeated by near copies, and the
  lookup reads only the :data:`CROWDED_READ` texts listed under its rarest
  shingles, the phrases few texts share being the ones that tell texts apart.
- **A crowded text examines** only the first :data:`EXAMINED_WHEN_CROWDED` of
  the texts it found (most shingles in common first), those sharing at least
  :data:`LEAST_SHARED_WHEN_CROWDED` shingles with it.
- **Candidates per plan.**  A text keeps at most :data:`CANDIDATES_PER_PLAN`
  candidates in each other plan, those sharing the most shingles with it (ties:
  the earlier text).  A group holds one text per plan, so the few best in each
  plan are enough to choose from.

Below these limits nothing is left out: every pair of texts that may be
linked is a candidate, found from one side or the other, and the alignment
is its definition, pair by pair.  On the shipped plans and on 2 to 48 regions
of normal size no limit is reached.  They come into play where a section holds
near copies of its texts, and then they decide which of the copies are
compared.  A pair missed because of them is a pair of texts that each was
crowded or had its quota full (:class:`Candidates`), and the grouping looks
those up again among themselves where they were left on their own.

Why not MinHash/LSH banding, or blocking?  Banding finds near copies by
hashing them alike, so it hands back the same crowds of near copies and would
need the same limits; and it finds a pair only by chance, where the index
finds every pair below the limits, so that the alignment is its definition on
plans of normal size.  Blocking by position or length fails where plans
reorder or reword their text.  Reading rare phrases first, with a budget, is
deterministic, exact where there is no crowd, and bounded where there is.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from rrpcli.compare.relations import Relation
from rrpcli.textsim import Shingle, ShingleIndex

#: A lookup reads every text listed under the text's shingles up to this many in all...
CROWDED_READ = 128
#: ... or this many per shingle looked up and plan compared, whichever is more (None: any number).
POSTINGS_PER_SHINGLE_AND_PLAN: int | None = 2

#: The texts a crowded text examines at most, those sharing the most shingles with it...
EXAMINED_WHEN_CROWDED = 16
#: ... and how many shingles they must share with it at least.
LEAST_SHARED_WHEN_CROWDED = 2

#: Candidates a text keeps at most in each other plan.
CANDIDATES_PER_PLAN = 3


class Near(NamedTuple):
    """The texts found sharing shingles with a text, most shared first; all of them unless ``crowded``."""

    texts: tuple[int, ...]
    crowded: bool  # the lookup was cut short: only the first few are listed


class SectionIndex:
    """One index of a section's texts (what the relation finds them by) and their plans; what each lookup found.

    A lookup is told the plans it need not look in (*taken*: every group of the
    text has a segment there already, so nothing there can be linked to it).
    Shingles found only in those plans are not read, and texts only there are
    not listed: a phrase that only the text's own plan repeats (a town's name
    in every bullet) would otherwise make it crowded with texts that can never
    be its candidates.
    """

    def __init__(
        self, relation: Relation, plan_count: int, *, crowded_read: int = 0, only: Collection[Shingle] | None = None
    ) -> None:
        self.relation = relation
        self.plan_count = plan_count
        self.crowded_read = crowded_read or CROWDED_READ
        #: Index only these shingles (None: all): those of the texts that will be looked up, when they are known.
        #: A lookup reads nothing else, so it finds the same texts, in the same order, as in an index of them all.
        self.only = only
        self._index: ShingleIndex[int] = ShingleIndex()
        self._plans: dict[int, int] = {}  # indexed text -> the plans (bits) with a segment of it
        self._shingle_plans: dict[Shingle, int] = {}  # shingle -> the plans with an indexed text of it
        self._near: dict[int, Near] = {}

    def add(self, text_id: int, plans: int) -> None:
        """Index a text found in some plans (bits); a text already indexed is not indexed again."""
        shingles = self.relation.shingles(text_id)
        if self.only is not None:
            only = self.only
            shingles = [sh for sh in shingles if sh in only]
        if text_id in self._plans:
            self._plans[text_id] |= plans
        else:
            self._plans[text_id] = plans
            self._index.add_shingles(text_id, shingles)
        shingle_plans = self._shingle_plans
        get = shingle_plans.get
        for sh in shingles:
            shingle_plans[sh] = get(sh, 0) | plans

    def part(self, plans: Mapping[int, int], shingles: Collection[Shingle], *, crowded_read: int) -> SectionIndex:
        """A new index of some texts indexed here (``plans``: each with its plans now), under these ``shingles`` only.

        It holds what adding the texts in id order to a new index of only
        these shingles would, read from this index's lists of the shingles
        rather than from every shingle of every text: when a section's texts
        are looked up again, round after round, among fewer and fewer of them.
        """
        part = SectionIndex(self.relation, self.plan_count, crowded_read=crowded_read, only=shingles)
        part._plans = dict(plans)
        for shingle in shingles:
            listed = sorted(t for t in self._index.keys_under(shingle) if t in plans)
            if listed:
                part._index.add_keys(shingle, listed)
                part._shingle_plans[shingle] = any_of([plans[t] for t in listed])
        return part

    def look_up(self, text_id: int, taken: int, leave_out: Collection[int] = ()) -> dict[int, int]:
        """The indexed texts sharing shingles with the text, with how many they share (plans ``taken`` aside).

        What the lookup found is kept for :meth:`near`: the texts of other
        plans, most shingles in common first (the first few, if it was
        crowded), but those to ``leave_out``.
        """
        shingle_plans = self._shingle_plans
        wanted = [sh for sh in self.relation.shingles(text_id) if shingle_plans.get(sh, 0) & ~taken]
        per_shingle = POSTINGS_PER_SHINGLE_AND_PLAN
        whole = None if per_shingle is None else max(self.crowded_read, per_shingle * len(wanted) * self.plan_count)
        crowded = whole is not None and self._index.postings(wanted) > whole
        shared, _ = self._index.lookup(wanted, self.crowded_read if crowded else None)
        # only texts of plans not taken (and, when crowded, sharing enough), chosen before they are ranked
        plans, open_plans = self._plans, ~taken
        ranked = [t for t in shared if plans[t] & open_plans and t not in leave_out]
        if crowded:
            ranked = [t for t in ranked if shared[t] >= LEAST_SHARED_WHEN_CROWDED]
        # most shingles in common first, then the earlier text (a stable sort keeps ties in id order)
        ranked.sort()
        ranked.sort(key=shared.__getitem__, reverse=True)
        if crowded:
            del ranked[EXAMINED_WHEN_CROWDED:]
        self._near[text_id] = Near(tuple(ranked), crowded)
        return shared

    def near(self, text_id: int, plans: int, taken: int, leave_out: Collection[int] = ()) -> Near:
        """What the text's lookup found; a text not looked up yet is indexed (in ``plans``) and looked up now."""
        if text_id not in self._near:
            self.add(text_id, plans)
            self.look_up(text_id, taken, leave_out)
        return self._near[text_id]


@dataclass(eq=False, repr=False)
class Candidates:
    """Pairs of texts (lower id first) to consider, and which texts may have missed some."""

    pairs: set[tuple[int, int]]
    crowded: set[int]  # texts whose lookup was cut short
    full: dict[int, int]  # text -> the plans (bits) where its quota of candidates filled up


def find_candidates(
    texts: Sequence[int],
    index: SectionIndex,
    plans_of: Mapping[int, Sequence[int]],
    plan_count: int,
    done: Mapping[int, Collection[int]] | None = None,
) -> Candidates:
    """The candidate pairs of the ``texts``, from what the index finds near each; the pairs ``done`` left out.

    ``plans_of`` gives the texts that can still be linked (those of groups
    some plan lacks) and, for each, the plans (bit masks) of the groups
    holding it: only texts of groups with no plan in common can be linked.
    ``done`` gives, for texts looked up before, the texts they were paired
    with then: those are not listed again, so that a crowded text examines others.
    """
    relation = index.relation
    everywhere = (1 << plan_count) - 1
    single_group = {t: masks[0] for t, masks in plans_of.items() if len(masks) == 1}
    masks = {mask for group_masks in plans_of.values() for mask in group_masks}  # (few: groups share their plans)
    plans_in = {mask: [p for p in range(plan_count) if mask >> p & 1] for mask in masks}
    found = Candidates(set(), set(), {})
    for text_id in texts:
        own_masks = plans_of[text_id]
        own = single_group.get(text_id)
        open_plans = 0  # the plans some group of the text lacks: where its candidates may be
        taken = everywhere  # the plans every group of the text has
        for mask in own_masks:
            open_plans |= everywhere & ~mask
            taken &= mask
        near = index.near(text_id, any_of(own_masks), taken, done.get(text_id, ()) if done else ())
        if near.crowded:
            found.crowded.add(text_id)
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
            if relation.bound(*pair) is None:
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


def any_of(masks: Sequence[int]) -> int:
    """The plans of any of the groups (plan masks, as bits)."""
    plans = 0
    for mask in masks:
        plans |= mask
    return plans
