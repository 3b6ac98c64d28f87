"""What changed between two revisions of a plan, as a careful editor would describe it (``rrp diff``).

The plans are compared part by part and pathway by pathway, never line by
line, in two steps.

**Pairing (rrp's own).**  Within each list (context bullets, objectives,
activities, partners, achievements, facts, targets, glossary entries,
footnotes, paragraphs, a fact's figures, ...) items are paired **by content**,
not by position:

1. items with an exact key are paired first (a target's or figure's ``metric``);
2. the rest through :func:`rrpcli.textsim.pair_items` (identical texts in
   order, then best matches found through a shingle index, each with a
   similarity of at least the threshold);
3. the leftovers through an index of their rarest words, so that texts alike
   enough pair even when they share no shingle (in a five-word activity, one
   changed word is in every run of three words).

So one inserted objective is one addition, never "every later objective
changed".  Of the paired items, those on a longest increasing subsequence of
new positions (taken in old order) kept their place; every other pair is
**moved**, so one item moved is one move, not a cascade.  Then what one list
lost and another list (of the same kind of item) gained is paired the same
way: an item moved between parts (pathways, sections) is one move too.

**Field-level comparison (deepdiff).**  Both plans are then laid out as plain
data (:func:`rrpcli.schema.to_data`) in which every paired list is a dict
keyed by its pairing, and :class:`deepdiff.DeepDiff` reports what differs
inside each pair: a reworded text, a target's numbers, a fact's figures, a
context bullet's footnotes.  Nothing here knows the fields of a target or a
fact: a field added to the model is diffed with no new code.  Only what
differs is laid out (equal records are left out), so the work grows with the
edits, not with the plan; deepdiff is imported only when there is something
to compare.

**One change per edit.**  Each item (or single field) that differs is one
:class:`Change`, with the fields that changed in it (:class:`FieldChange`):
a target's new sentence, baseline and deadline are one edit, as a reviewer
counts them; an item moved and edited is one ``moved`` change.

Each change says whether its text is **national**, judged against a fixed
reference (:class:`NationalText`).  The text judged is the old text, or for
an addition the new.
"""

from __future__ import annotations

import dataclasses
import math
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Any, Literal

from rrpcli.ambition import figures, plan_year
from rrpcli.errors import RrpError
from rrpcli.model import SECTIONS, Figure, Footnote, Person, Plan, Statement, Target
from rrpcli.schema import to_data
from rrpcli.textsim import CANDIDATES, ShingleIndex, normalise, pair_items, similar, words
from rrpcli.units import text_units

#: The similarity at which two items count as the same item, and a text as
#: national.  Chosen on the shipped plans and the 2023 refresh fixture: the
#: fixture's rewordings score 0.70-0.90; two different items of one list of a
#: shipped plan score at most 0.69, nearly all below 0.5; against another
#: region, national paragraphs with regional edits score 0.61 and more, while
#: a signature line (same pattern, other people) scores 0.52.
DEFAULT_THRESHOLD = 0.6

Kind = Literal["added", "removed", "changed", "moved"]
KINDS: tuple[Kind, ...] = ("added", "removed", "changed", "moved")

#: The version of the ``rrp diff --format json`` contract (``format_version``).  Version 1 (rrp 0.1,
#: no ``format_version`` key) reported each changed field of an item as a change of its own.
FORMAT_VERSION = 2

#: Parts of the diff beyond the plan's sections: the whole plan, its identity and its headings.
META_SECTIONS: dict[str, str] = {"plan": "Plan", "meta": "Metadata", "headings": "Headings"}

#: Ambition figures (from :mod:`rrpcli.ambition`) carried by a change to a target's numbers, with the
#: dated baseline (``start``: ``18% (Mar 2022)``, ``29% (2022)``) and the deadline, so that every
#: figure a view shows of either side carries its date.
AMBITION_KEYS = (
    "kind", "change_pp", "relative_change_pct", "months", "pp_per_year", "gap_closed_pct", "grade", "start",
    "deadline",
)  # fmt: skip


@dataclass(eq=False, repr=False)
class FieldChange:
    """A field of an item that changed: a target's baseline, a fact's figure, a bullet's footnotes.

    ``kind`` is ``changed``, or ``added`` / ``removed`` for a record listed in
    the item (a fact's figure, then ``old`` / ``new`` is the whole figure).
    ``path`` is the field's path in the new plan (the old one for a removal).
    """

    kind: Kind
    field: str
    path: str
    old: Any
    new: Any
    old_path: str | None = None
    metric: str | None = None  # the metric of a fact's figure

    def to_json(self) -> dict[str, Any]:
        """The field change as a JSON object."""
        out: dict[str, Any] = {"kind": self.kind, "field": self.field, "path": self.path, "old": self.old}
        out["new"] = self.new
        if self.old_path is not None and self.old_path != self.path:
            out["old_path"] = self.old_path
        if self.metric is not None:
            out["metric"] = self.metric
        return out


@dataclass
class Change:
    """One edit from the old plan to the new: an item added, removed, changed or moved, or a field set.

    ``path`` is where the change is: the new path, or the old one for a
    removal.  ``old`` and ``new`` are the item's text (or the field's value)
    before and after, None on the side where it does not exist.  The item's
    other fields that changed (a target's numbers, a fact's figures) are in
    ``fields``; a moved item may have been edited too (``old`` differs from
    ``new``, or ``fields`` is not empty), and ``old_section`` / ``old_part``
    say where it was when it moved from another part of the plan.
    """

    kind: Kind
    section: str  # a key of model.SECTIONS, or "plan" / "meta" / "headings"
    part: str  # the list or field within the section, e.g. "objectives", "text", "revision"
    path: str
    old: Any
    new: Any
    national: bool = False
    old_path: str | None = None
    new_path: str | None = None
    fields: tuple[FieldChange, ...] = ()
    ambition: dict[str, Any] | None = None  # {"old": {...}, "new": {...}} when a target's numbers changed
    old_section: str | None = None
    old_part: str | None = None

    @property
    def edited(self) -> bool:
        """True when the item's text or fields changed (for a move: it was edited as well as moved)."""
        return self.kind != "moved" or self.old != self.new or bool(self.fields)

    @property
    def across_parts(self) -> bool:
        """True for an item moved from another part of the plan (another list, pathway or section)."""
        return self.kind == "moved" and (self.old_section, self.old_part) != (self.section, self.part)

    def to_json(self) -> dict[str, Any]:
        """The change as a JSON object (see docs/commands.md for the contract)."""
        out: dict[str, Any] = {
            "kind": self.kind,
            "path": self.path,
            "old": self.old,
            "new": self.new,
            "national": self.national,
            "section": self.section,
            "part": self.part,
        }
        for key in ("old_path", "new_path", "old_section", "old_part"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.kind == "moved":
            # A move keeps its kind (the contract's four kinds); whether it was edited too is said here.
            out["changed"] = self.edited
        if self.fields:
            out["fields"] = [f.to_json() for f in self.fields]
        if self.ambition is not None:
            out["ambition"] = self.ambition
        return out


@dataclass(eq=False, repr=False)
class Side:
    """One of the two plans compared: which plan, which revision, read from where (no plan: ``/dev/null``)."""

    code: str | None
    region: str | None
    revision: str | None
    source: str
    year: str | None = None  # the year the plan states its figures in (ambition.plan_year): what dates them

    @classmethod
    def of(cls, plan: Plan | None, source: str | None = None) -> Side:
        """The side for a plan; ``source`` defaults to the file it was read from."""
        if plan is None:
            return cls(None, None, None, source or "/dev/null")
        where = source if source is not None else (str(plan.path) if plan.path else "")
        return cls(plan.meta.code, plan.meta.region, plan.meta.revision, where, plan_year(plan))

    def to_json(self) -> dict[str, Any]:
        """``{"code", "region", "revision", "source", "year"}`` (all but the source null for no plan)."""
        return {
            "code": self.code,
            "region": self.region,
            "revision": self.revision,
            "source": self.source,
            "year": self.year,
        }


@dataclass(eq=False, repr=False)
class StatRow:
    """How many edits of each kind one part of the plan has.

    A move counts once, in ``moved`` of the part it went to; ``moved_changed``
    says how many of those moves were edited too, and ``moved_out`` how many
    items left this part for another section (counted where they went, so
    that the totals count each edit once).
    """

    section: str
    title: str
    added: int = 0
    removed: int = 0
    changed: int = 0
    moved: int = 0
    national: int = 0
    moved_changed: int = 0
    moved_out: int = 0

    @property
    def total(self) -> int:
        """All edits of the part."""
        return self.added + self.removed + self.changed + self.moved

    def to_json(self) -> dict[str, Any]:
        """The row as a JSON object."""
        return {**dataclasses.asdict(self), "total": self.total}


@dataclass(eq=False, repr=False)
class PlanDiff:
    """The result of comparing two plans: both sides and every edit, in plan order."""

    old: Side
    new: Side
    changes: tuple[Change, ...]
    threshold: float = DEFAULT_THRESHOLD

    @property
    def differs(self) -> bool:
        """True when there is any change."""
        return bool(self.changes)

    def count(self, kind: Kind) -> int:
        """How many changes of one kind."""
        return sum(1 for c in self.changes if c.kind == kind)

    def moved_and_changed(self) -> int:
        """How many of the moves were edits too (counted once, as moves)."""
        return sum(1 for c in self.changes if c.kind == "moved" and c.edited)

    def stat(self) -> list[StatRow]:
        """Counts per part of the plan that has changes, in plan order (``--stat``).

        A move counts where it went (``moved``, and ``moved_changed`` when it
        was edited too); the section it left has it in ``moved_out``, so that
        both parts show and each edit is still counted once.
        """
        titles = {**META_SECTIONS, **SECTIONS}
        counts: dict[str, dict[str, int]] = {}
        for c in self.changes:
            row = counts.setdefault(c.section, defaultdict(int))
            row[c.kind] += 1
            row["national"] += int(c.national)
            if c.kind == "moved" and c.edited:
                row["moved_changed"] += 1
            if c.kind == "moved" and c.old_section is not None and c.old_section != c.section:
                counts.setdefault(c.old_section, defaultdict(int))["moved_out"] += 1
        return [StatRow(s, titles[s], **counts[s]) for s in titles if s in counts]

    def total(self) -> StatRow:
        """Counts over the whole plan."""
        rows = self.stat()
        keys = ("added", "removed", "changed", "moved", "national", "moved_changed", "moved_out")
        return StatRow("total", "Total", **{k: sum(getattr(r, k) for r in rows) for k in keys})

    def to_json(self) -> dict[str, Any]:
        """The diff as plain data: the ``rrp diff --format json`` contract."""
        return {
            "format_version": FORMAT_VERSION,
            "old": self.old.to_json(),
            "new": self.new.to_json(),
            "threshold": self.threshold,
            "changes": [c.to_json() for c in self.changes],
        }

    def stat_json(self) -> dict[str, Any]:
        """The counts as plain data: ``rrp diff --stat --format json``."""
        return {
            "format_version": FORMAT_VERSION,
            "old": self.old.to_json(),
            "new": self.new.to_json(),
            "threshold": self.threshold,
            "stat": [r.to_json() for r in self.stat()],
            "total": {k: v for k, v in self.total().to_json().items() if k not in ("section", "title")},
        }


class NationalText:
    """Tells national text from a region's own, against a fixed reference of plans.

    A text is **national** when texts like it (a similarity of at least the
    threshold) are in the plans of two regions or more of the reference: it
    is text the regions share.  The reference is the plans bundled with rrp
    plus any others found, so the same text gets the same label whichever
    plans happen to be on hand.
    """

    def __init__(self, plans: Iterable[Plan], threshold: float) -> None:
        self.threshold = threshold
        self._index: ShingleIndex[int] = ShingleIndex()
        self._exact: dict[str, set[str]] = defaultdict(set)
        self._regions: list[str] = []
        self._cache: dict[str, bool] = {}
        for plan in plans:
            for unit in text_units(plan):
                self._index.add(len(self._regions), unit.text)
                self._regions.append(plan.meta.code)
                self._exact[normalise(unit.text)].add(plan.meta.code)

    def __call__(self, text: str) -> bool:
        """True when texts like this one are in the reference plans of two regions or more."""
        if not text:
            return False
        if text not in self._cache:
            self._cache[text] = self._shared(text)
        return self._cache[text]

    def _shared(self, text: str) -> bool:
        regions = set(self._exact.get(normalise(text), ()))
        ws = words(text)
        found = self._index.candidates(ws)
        # As in rrpcli.textsim.pair_items, only the candidates sharing the most shingles are compared
        # word by word, and only those of a region not yet found.
        compared = 0
        for n in sorted(found, key=lambda n: (-found[n], n)):
            if len(regions) > 1 or compared == CANDIDATES:
                break
            if self._regions[n] in regions:
                continue
            other = self._index.words[n]
            compared += 1
            if similar(ws, other, self.threshold) is not None:
                regions.add(self._regions[n])
        return len(regions) > 1


def _never(text: str) -> bool:
    return False


class DifferentRegions(RrpError):
    """Two plans of different regions given to ``rrp diff`` (compare regions with ``rrp compare``)."""


def diff_plans(
    old: Plan | None,
    new: Plan | None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    others: Iterable[Plan] = (),
    sections: Sequence[str] | None = None,
    ignore_moves: bool = False,
    any_region: bool = False,
    old_source: str | None = None,
    new_source: str | None = None,
) -> PlanDiff:
    """Every edit from ``old`` to ``new``, in plan order; None for a side with no plan (a plan added or removed).

    ``others`` is the reference for telling national text from regional (see
    :class:`NationalText`: the bundled plans and any found); ``sections`` keeps
    only the changes in those sections (metadata and headings only when no
    sections are given); ``ignore_moves`` drops items that only moved (an item
    moved and edited is reported as changed).  Two plans of different regions
    raise :class:`DifferentRegions` unless ``any_region``.
    """
    if old is not None and new is not None and old.meta.code != new.meta.code and not any_region:
        o, n = old.meta, new.meta
        raise DifferentRegions(
            f"{old_source or o.code} and {new_source or n.code} are plans of different regions "
            f"({o.region}, {n.region}); a diff shows what changed between two revisions of one plan\n"
            f"to compare the regions: rrp compare {o.code} {n.code}"
        )
    reference = list(others)
    national = NationalText(reference, threshold) if reference else _never
    sides = (Side.of(old, old_source), Side.of(new, new_source))
    if old is None or new is None:
        return PlanDiff(*sides, _whole_plan(old, new, national), threshold)
    walk = _walk(old, new, threshold)
    changes: Sequence[Change] = tuple(_changes(walk, national, ignore_moves, old, new))
    if sections is not None:
        wanted = set(sections)
        changes = [c for c in changes if c.section in wanted or c.old_section in wanted]
    return PlanDiff(*sides, tuple(changes), threshold)


def _whole_plan(old: Plan | None, new: Plan | None, national: Callable[[str], bool]) -> tuple[Change, ...]:
    """A plan added (no old plan) or removed (no new plan): one change, the plan's title."""
    if old is None and new is None:
        raise RrpError("no plan on either side: one of OLD and NEW must be a plan")
    if old is None:
        assert new is not None
        return (Change("added", "plan", "plan", "", None, new.meta.title),)
    return (Change("removed", "plan", "plan", "", old.meta.title, None),)


def _changes(walk: _Walk, national: Callable[[str], bool], ignore_moves: bool, old: Plan, new: Plan) -> list[Change]:
    """One change per slot that differs (an item with all its fields, a single field), in plan order."""
    out: list[Change] = []
    for slot in walk.slots:
        change = None if slot.dropped else _change(slot, ignore_moves, old, new)
        if change is not None:
            # Judged on the old text (the new one for an addition); a moved item on where it came from.
            change.national = (
                slot.section != "meta"
                and isinstance(change.old or change.new, str)
                and national(slot.old_text or slot.new_text)
            )
            out.append(change)
    return out


def _change(slot: _Slot, ignore_moves: bool, old: Plan, new: Plan) -> Change | None:
    """The change of one slot, or None when it did not change (or only moved, with ``ignore_moves``)."""
    section, part = slot.section, slot.part
    old_path, new_path = slot.old_path or "", slot.new_path or ""
    if slot.what == "single":
        if not slot.value_changed:
            return None
        a, b = slot.old, slot.new
        if not isinstance(a, str) or not isinstance(b, str):
            return Change("changed", section, part, new_path, to_data(a), to_data(b), False, old_path, new_path)
        if not a:
            return Change("added", section, part, new_path, None, b)
        if not b:
            return Change("removed", section, part, old_path, a, None)
        return Change("changed", section, part, new_path, a, b, False, old_path, new_path)
    if slot.old is None:
        return Change("added", section, part, new_path, None, slot.new_text)
    if slot.new is None:
        return Change("removed", section, part, old_path, slot.old_text, None)
    edited = slot.text_changed or bool(slot.details)
    if not edited and (not slot.moved or ignore_moves):
        return None  # a composite item (a statement) reports its edits inside it
    kind: Kind = "moved" if slot.moved and not ignore_moves else "changed"
    change = Change(kind, section, part, new_path, slot.old_text, slot.new_text, False, old_path, new_path)
    change.fields = tuple(_field_change(d) for d in slot.details)
    if isinstance(slot.old, Target) and any(d.field in _AMBITION_FIELDS for d in slot.details):
        change.ambition = {
            "old": _ambition(old, _pathway_of(old_path), slot.old),
            "new": _ambition(new, _pathway_of(new_path), slot.new),
        }
    if kind == "moved":
        change.old_section, change.old_part = slot.old_section or section, slot.old_part or part
    return change


def _field_change(detail: _Detail) -> FieldChange:
    path = (detail.old_path if detail.kind == "removed" else detail.new_path) or ""
    return FieldChange(detail.kind, detail.field, path, detail.old, detail.new, detail.old_path, detail.metric)


# -- pairing ------------------------------------------------------------------------------------


def pair_lists(
    old: Sequence[str],
    new: Sequence[str],
    threshold: float,
    old_keys: Sequence[str | None] | None = None,
    new_keys: Sequence[str | None] | None = None,
) -> list[tuple[int, int]]:
    """Pair two lists of texts one-to-one by content; ``(old index, new index)`` sorted by old index.

    Items with a key (e.g. a target's metric) that occurs once on each side
    pair by key; the rest by :func:`~rrpcli.textsim.pair_items`, then the
    leftovers by a word index (:func:`_pair_by_words`).
    """
    pairs: list[tuple[int, int]] = []
    if old_keys is not None and new_keys is not None:
        once_old = _unique_keys(old_keys)
        once_new = _unique_keys(new_keys)
        pairs += [(i, once_new[k]) for k, i in once_old.items() if k in once_new]
    paired_old = {i for i, _ in pairs}
    paired_new = {j for _, j in pairs}
    rest_old = [i for i in range(len(old)) if i not in paired_old]
    rest_new = [j for j in range(len(new)) if j not in paired_new]
    for p in pair_items([old[i] for i in rest_old], [new[j] for j in rest_new], threshold):
        pairs.append((rest_old[p.left], rest_new[p.right]))
    paired_old = {i for i, _ in pairs}
    paired_new = {j for _, j in pairs}
    pairs += _pair_by_words(
        {i: old[i] for i in range(len(old)) if i not in paired_old},
        {j: new[j] for j in range(len(new)) if j not in paired_new},
        threshold,
    )
    return sorted(pairs)


def _unique_keys(keys: Sequence[str | None]) -> dict[str, int]:
    seen: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        if k:
            seen[k].append(i)
    return {k: v[0] for k, v in seen.items() if len(v) == 1}


def _pair_by_words(old: dict[int, str], new: dict[int, str], threshold: float) -> list[tuple[int, int]]:
    """Pair leftovers through an index of their words, whatever their length.

    The shingle index finds pairs that share a run of :data:`~rrpcli.textsim.SHINGLE`
    words; one changed word in a five-word activity is in every run of three, so
    such a pair shares none ("Review and recommission accommodation contracts" →
    "Review and retender accommodation contracts", 0.8 alike).  Two texts of
    ``a`` and ``b`` words that are at least ``threshold`` alike share at least
    ``threshold × (a + b) / 2`` words (in order, so in common), hence at least
    ``need(a) = threshold × a / (2 - threshold)`` of each one's words.  So each
    text is indexed by its ``a - need(a) + 1`` rarest words (prefix filtering):
    two texts that can reach the threshold share one of them.  Rare words have
    short postings, so the work grows with the leftovers, and as in
    :func:`~rrpcli.textsim.pair_items` only the :data:`~rrpcli.textsim.CANDIDATES`
    candidates sharing the most indexed words are compared.
    """
    if not old or not new:
        return []
    old_words = {i: words(t) for i, t in old.items()}
    new_words = {j: words(t) for j, t in new.items()}
    # A word that occurs twice in a text is two tokens, ("and", 0) and ("and", 1): texts are multisets of words.
    old_tokens = {i: _tokens(ws) for i, ws in old_words.items()}
    new_tokens = {j: _tokens(ws) for j, ws in new_words.items()}
    frequency = Counter(chain.from_iterable(chain(old_tokens.values(), new_tokens.values())))

    def rarest(tokens: list[tuple[str, int]]) -> list[tuple[str, int]]:
        # The small tolerance keeps 0.6 × 7 / 1.4 (3.0000000000000004) at 3 words, not 4.
        need = math.ceil(threshold * len(tokens) / (2 - threshold) - 1e-9)
        return sorted(tokens, key=lambda t: (frequency[t], t))[: len(tokens) - need + 1]

    index: dict[tuple[str, int], list[int]] = defaultdict(list)
    for j, tokens in new_tokens.items():
        for token in rarest(tokens):
            index[token].append(j)
    scored: list[tuple[float, int, int]] = []
    for i, tokens in old_tokens.items():
        found = Counter(chain.from_iterable(index.get(t, ()) for t in rarest(tokens)))
        for j in islice(sorted(found, key=lambda k: (-found[k], k)), CANDIDATES):
            score = similar(old_words[i], new_words[j], threshold)
            if score is not None:
                scored.append((-score, i, j))
    out: list[tuple[int, int]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    for _, i, j in sorted(scored):
        if i not in used_old and j not in used_new:
            out.append((i, j))
            used_old.add(i)
            used_new.add(j)
    return out


def _tokens(ws: list[str]) -> list[tuple[str, int]]:
    """The words of a text, each with how often it occurred before in the text."""
    seen: Counter[str] = Counter()
    out = []
    for w in ws:
        out.append((w, seen[w]))
        seen[w] += 1
    return out


def stayed(pairs: Sequence[tuple[int, int]]) -> set[int]:
    """Indexes (into ``pairs``, sorted by old index) of the pairs that kept their place.

    They are a longest increasing subsequence of the new indexes; every other
    pair moved.  Patience sorting, O(n log n).
    """

    tails: list[int] = []  # new index ending the best subsequence of each length
    tail_at: list[int] = []  # which pair that is
    before: list[int] = [-1] * len(pairs)
    for n, (_, j) in enumerate(pairs):
        k = bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_at.append(n)
        else:
            tails[k] = j
            tail_at[k] = n
        before[n] = tail_at[k - 1] if k else -1
    keep: set[int] = set()
    n = tail_at[-1] if tail_at else -1
    while n >= 0:
        keep.add(n)
        n = before[n]
    return keep


# -- the walk over both plans: pairing, then deepdiff ---------------------------------------------

#: A place in the keyed views that deepdiff compares: dict keys from the root.
ViewPath = tuple[str, ...]

#: Where every cross-part move is put in both views, so that deepdiff compares the two places' items.
_MOVES = "~moves"

#: The key a record's items pair by first, when its class has this field (a target's, a figure's metric).
_KEY_FIELD = "metric"

#: Classes whose text, as shown and paired, is more than one field (or not a ``text`` field).
_TEXT_FIELDS: dict[type, tuple[str, ...]] = {Person: ("name", "role"), Footnote: ("text", "url"), Figure: ("metric",)}

#: The fields of a target that its ambition figures depend on.
_AMBITION_FIELDS = frozenset(("direction", "baseline", "baseline_date", "change_pp", "target", "deadline"))

#: Parts named otherwise than their list: the glossary's entries.
_TOP_PARTS = {"glossary": "entries"}


def _text_fields(cls: type) -> tuple[str, ...]:
    """The fields that make an item's text; none for a composite item (a statement), reported inside."""
    if cls in _TEXT_FIELDS:
        return _TEXT_FIELDS[cls]
    return ("text",) if any(f.name == "text" for f in dataclasses.fields(cls)) else ()


def _item_text(item: Any) -> str:
    """An item's text, as paired and shown."""
    if isinstance(item, str):
        return item
    if isinstance(item, Person):
        return f"{item.name} ({item.role})" if item.role else item.name
    if isinstance(item, Footnote):
        return " ".join(x for x in (item.text, item.url) if x) or f"footnote {item.number} (no source given)"
    if isinstance(item, Statement):
        return "\n\n".join(item.paragraphs) + f"\n— {item.attribution}"
    names = _text_fields(type(item)) or tuple(f.name for f in dataclasses.fields(item) if f.name == "title")
    if names:
        return " ".join(str(getattr(item, n)) for n in names if getattr(item, n))
    return " ".join(_strings(item))


def _strings(obj: Any) -> Iterable[str]:
    """Every string in a record, in field order (the text of a record rrp has no rule for)."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, tuple):
        for x in obj:
            yield from _strings(x)
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            yield from _strings(getattr(obj, f.name))


def _is_record(value: Any) -> bool:
    return dataclasses.is_dataclass(value) and not isinstance(value, type)


def _is_item_list(old: Any, new: Any) -> bool:
    """A tuple of texts or records: its items are paired by content.  (A tuple of numbers is a value.)"""
    if not isinstance(old, tuple) or not isinstance(new, tuple):
        return False
    first = (old or new or (None,))[0]
    return isinstance(first, str) or _is_record(first)


@dataclass(eq=False, repr=False)
class _Detail:
    """A field of a record that changed, as deepdiff reported it."""

    kind: Kind
    field: str
    old_path: str | None
    new_path: str | None
    old: Any
    new: Any
    metric: str | None = None
    order: tuple[int, ...] = ()


@dataclass(eq=False, repr=False)
class _Slot:
    """One thing a change can be about: an item of a list, a single field, or a whole optional record."""

    what: Literal["item", "single", "record"]
    section: str
    part: str
    old_path: str | None
    new_path: str | None
    old: Any  # the item, record or value; None where it does not exist
    new: Any
    old_text: str = ""
    new_text: str = ""
    moved: bool = False
    composite: bool = False
    old_section: str = ""
    old_part: str = ""
    text_changed: bool = False
    value_changed: bool = False
    dropped: bool = False  # a removal found again elsewhere (a move across parts)
    details: list[_Detail] = field(default_factory=list)


#: The index on each side (None where absent) of each key of a paired list in the views.
_ListIndex = dict[str, tuple[int | None, int | None]]


@dataclass(eq=False, repr=False)
class _Leftover:
    """An item of one list with no partner in that list: a candidate for a move across parts."""

    slot: _Slot
    item: Any
    text: str
    list_path: ViewPath


def _join(base: str, name: str) -> str:
    return f"{base}.{name}" if base else name


class _Walk:
    """Pairs the items of every list of two plans and lays both out as keyed views for deepdiff.

    Only what differs goes into the views: a record or item equal on both
    sides is left out, so deepdiff's work grows with the edits, not the plan.
    """

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.slots: list[_Slot] = []
        self.slot_at: dict[ViewPath, _Slot] = {}
        self.lists: dict[ViewPath, _ListIndex] = {}
        self.seq: dict[ViewPath, int] = {}
        self.old_view: dict[str, Any] = {}
        self.new_view: dict[str, Any] = {}
        self.removed: list[_Leftover] = []
        self.added: list[_Leftover] = []
        self.noted: set[ViewPath] = set()

    # -- building the views

    def _put(self, ov: dict[str, Any], nv: dict[str, Any], vpath: ViewPath, old: Any, new: Any) -> None:
        key = vpath[-1]
        ov[key], nv[key] = old, new
        self.seq[vpath] = len(self.seq)

    def _register(self, vpath: ViewPath, slot: _Slot) -> _Slot:
        self.slots.append(slot)
        self.slot_at[vpath] = slot
        return slot

    def record(
        self,
        old: Any,
        new: Any,
        vpath: ViewPath,
        paths: tuple[str, str],
        place: tuple[str | None, str],
        ov: dict[str, Any],
        nv: dict[str, Any],
    ) -> None:
        """Two versions of a record that is not an item with a text: the plan, a section, a pathway, a statement.

        ``place`` is ``(None, "")`` for the plan, whose fields are sections
        (those of ``pathways`` too); ``(section, "")`` for a section, whose
        fields are parts; ``(section, part)`` inside a part.
        """
        section, part = place
        for f in dataclasses.fields(old):
            if f.metadata.get("internal"):
                continue
            a, b = getattr(old, f.name), getattr(new, f.name)
            if a == b:
                continue
            here = (*vpath, f.name)
            old_path, new_path = _join(paths[0], f.name), _join(paths[1], f.name)
            where: tuple[str | None, str]
            if section is None:  # the plan: each field is a section, or holds the pathways, each a section
                where = ("", "") if f.name == "pathways" else (f.name, "")
                if _is_item_list(a, b):  # a section that is a list: the glossary, the footnotes
                    where = (f.name, _TOP_PARTS.get(f.name, f.name))
            elif section == "":
                where = (f.name, "")
            else:
                where = (section, part or f.name)
            sec, prt = where
            if a is None or b is None:  # an optional record (a pathway) on one side only
                text = _item_text(b if a is None else a)
                slot = _Slot(
                    "record", sec or f.name, "pathway", old_path if a is not None else None,
                    new_path if b is not None else None, a, b, "" if a is None else text, "" if b is None else text,
                )  # fmt: skip
                self._register(here, slot)
            elif _is_record(a):
                self._put(ov, nv, here, {}, {})
                self.record(a, b, here, (old_path, new_path), where, ov[f.name], nv[f.name])
            elif _is_item_list(a, b) and sec != "meta":  # metadata is identity: its aliases are one value
                self._put(ov, nv, here, {}, {})
                self.item_list(a, b, here, (old_path, new_path), (sec or f.name, prt), ov[f.name], nv[f.name])
            else:
                self._put(ov, nv, here, to_data(a, keep_defaults=True), to_data(b, keep_defaults=True))
                texts = (a, b) if isinstance(a, str) and isinstance(b, str) else ("", "")
                self._register(here, _Slot("single", sec or f.name, prt or f.name, old_path, new_path, a, b, *texts))

    def item_list(
        self,
        old: tuple[Any, ...],
        new: tuple[Any, ...],
        vpath: ViewPath,
        paths: tuple[str, str],
        place: tuple[str, str],
        ov: dict[str, Any],
        nv: dict[str, Any],
    ) -> None:
        """Two versions of a list of items: pair them, note the moves, lay out what differs."""
        info = self.lists[vpath] = {}
        old_texts = [_item_text(x) for x in old]
        new_texts = [_item_text(x) for x in new]
        cls = type((old or new)[0])
        keyed = _is_record((old or new)[0]) and any(f.name == _KEY_FIELD for f in dataclasses.fields(cls))
        pairs = pair_lists(
            old_texts,
            new_texts,
            self.threshold,
            [getattr(x, _KEY_FIELD) or None for x in old] if keyed else None,
            [getattr(x, _KEY_FIELD) or None for x in new] if keyed else None,
        )
        keep = stayed(pairs)
        by_new = {j: (n, i) for n, (i, j) in enumerate(pairs)}
        new_of = dict(pairs)
        composite = _is_record((old or new)[0]) and not _text_fields(cls)
        # A removed item is reported just after the new place of the item that preceded it.
        events: list[tuple[int, int, int]] = []  # (new position, 0 removed / 1 otherwise, index)
        after = 0
        for i in range(len(old)):
            if i in new_of:
                after = new_of[i] + 1
            else:
                events.append((after, 0, i))
        events += [(j, 1, j) for j in range(len(new))]
        section, part = place
        for _, what, index in sorted(events):
            if what == 0:
                i = index
                key = f"-{i}"
                info[key] = (i, None)
                slot = _Slot("item", section, part, f"{paths[0]}[{i}]", None, old[i], None, old_texts[i], "")
                self._register((*vpath, key), slot)
                self.removed.append(_Leftover(slot, old[i], old_texts[i], vpath))
                continue
            j = index
            if j not in by_new:
                key = f"+{j}"
                info[key] = (None, j)
                slot = _Slot("item", section, part, None, f"{paths[1]}[{j}]", None, new[j], "", new_texts[j])
                self._register((*vpath, key), slot)
                self.added.append(_Leftover(slot, new[j], new_texts[j], vpath))
                continue
            n, i = by_new[j]
            key = f"={i}"
            info[key] = (i, j)
            slot = _Slot(
                "item",
                section,
                part,
                f"{paths[0]}[{i}]",
                f"{paths[1]}[{j}]",
                old[i],
                new[j],
                old_texts[i],
                new_texts[j],
                moved=n not in keep,
                composite=composite,
            )
            self._register((*vpath, key), slot)
            if old[i] != new[j]:
                self.pair(old[i], new[j], (*vpath, key), slot, ov, nv)

    def pair(self, old: Any, new: Any, vpath: ViewPath, slot: _Slot, ov: dict[str, Any], nv: dict[str, Any]) -> None:
        """Lay out two paired items that differ (two texts differ in their text: nothing for deepdiff to find)."""
        if not _is_record(old):
            slot.text_changed = True
        elif slot.composite:
            self._put(ov, nv, vpath, {}, {})
            paths = (slot.old_path or "", slot.new_path or "")
            self.record(old, new, vpath, paths, (slot.section, slot.part), ov[vpath[-1]], nv[vpath[-1]])
        else:
            self._put(ov, nv, vpath, *self.fields(old, new, vpath))

    def fields(self, old: Any, new: Any, vpath: ViewPath) -> tuple[dict[str, Any], dict[str, Any]]:
        """An item's record as plain data for deepdiff, a list of records in it keyed by their pairing."""
        ov: dict[str, Any] = {}
        nv: dict[str, Any] = {}
        for f in dataclasses.fields(old):
            a, b = getattr(old, f.name), getattr(new, f.name)
            here = (*vpath, f.name)
            if _is_item_list(a, b) and _is_record((a or b)[0]):
                self._put(ov, nv, here, {}, {})
                self.sub_list(a, b, here, ov[f.name], nv[f.name])
            else:
                self._put(ov, nv, here, to_data(a, keep_defaults=True), to_data(b, keep_defaults=True))
        return ov, nv

    def sub_list(
        self, old: tuple[Any, ...], new: tuple[Any, ...], vpath: ViewPath, ov: dict[str, Any], nv: dict[str, Any]
    ) -> None:
        """The records listed in an item (a fact's figures): paired, and reported as details of the item."""
        info = self.lists[vpath] = {}
        cls = type((old or new)[0])
        keyed = any(f.name == _KEY_FIELD for f in dataclasses.fields(cls))
        pairs = pair_lists(
            [_item_text(x) for x in old],
            [_item_text(x) for x in new],
            self.threshold,
            [getattr(x, _KEY_FIELD) or None for x in old] if keyed else None,
            [getattr(x, _KEY_FIELD) or None for x in new] if keyed else None,
        )
        new_of = dict(pairs)
        old_of = {j: i for i, j in pairs}
        for i in range(len(old)):
            if i not in new_of:
                key = f"-{i}"
                info[key] = (i, None)
                ov[key] = to_data(old[i], keep_defaults=True)
                self.seq[(*vpath, key)] = len(self.seq)
        for j in range(len(new)):
            i = old_of.get(j, -1)
            key = f"={i}" if i >= 0 else f"+{j}"
            info[key] = (i if i >= 0 else None, j)
            if i < 0:
                nv[key] = to_data(new[j], keep_defaults=True)
                self.seq[(*vpath, key)] = len(self.seq)
            elif old[i] != new[j]:
                self._put(ov, nv, (*vpath, key), *self.fields(old[i], new[j], (*vpath, key)))

    # -- moves across parts

    def pair_across(self) -> None:
        """Pair what one list lost with what another gained: an item moved between parts."""
        groups: dict[Any, tuple[list[_Leftover], list[_Leftover]]] = defaultdict(lambda: ([], []))
        for gone in self.removed:
            groups[type(gone.item)][0].append(gone)
        for come in self.added:
            groups[type(come.item)][1].append(come)
        n = 0
        for gone_list, come_list in groups.values():
            if not gone_list or not come_list:
                continue
            pairs = pair_lists([g.text for g in gone_list], [c.text for c in come_list], self.threshold)
            for i, j in pairs:
                gone, come = gone_list[i], come_list[j]
                if gone.list_path == come.list_path:
                    continue
                gone.slot.dropped = True
                slot = come.slot
                slot.old_path, slot.old, slot.old_text = gone.slot.old_path, gone.item, gone.text
                slot.old_section, slot.old_part = gone.slot.section, gone.slot.part
                slot.moved = True
                slot.composite = _is_record(come.item) and not _text_fields(type(come.item))
                if gone.item != come.item:
                    if _MOVES not in self.old_view:
                        self._put(self.old_view, self.new_view, (_MOVES,), {}, {})
                    vpath = (_MOVES, f"m{n}")
                    self.slot_at[vpath] = slot
                    self.pair(gone.item, come.item, vpath, slot, self.old_view[_MOVES], self.new_view[_MOVES])
                n += 1

    # -- reading deepdiff's report

    def read(self, report: Any) -> None:
        """Give each slot what deepdiff found in it."""
        for levels in report.values():
            for level in levels:
                self._note(level.path(output_format="list"))

    def _note(self, path: list[Any]) -> None:
        # A position inside a plain list (a context item's footnote numbers) is a change of the whole list.
        cut = next((k for k, c in enumerate(path) if isinstance(c, int)), len(path))
        vpath: ViewPath = tuple(path[:cut])
        for k in range(len(vpath), 0, -1):
            slot = self.slot_at.get(vpath[:k])
            if slot is not None:
                rest = vpath[k:]
                break
        else:  # pragma: no cover - every place in the views is in a slot
            raise AssertionError(f"deepdiff reported a place rrp did not lay out: {path}")
        if slot.what == "single":
            slot.value_changed = True
        elif not rest or (len(rest) == 1 and rest[0] in _text_fields(type(slot.old))):
            slot.text_changed = True
        elif vpath not in self.noted:
            self.noted.add(vpath)
            slot.details.append(self._detail(slot, vpath[:k], rest))

    def _order(self, vpath: ViewPath) -> tuple[int, ...]:
        return tuple(self.seq.get(vpath[: k + 1], -1) for k in range(len(vpath)))

    def _detail(self, slot: _Slot, base: ViewPath, rest: ViewPath) -> _Detail:
        """A field change inside an item: its paths in both plans, its values, its figure's metric."""
        old_path, new_path = slot.old_path, slot.new_path
        old: Any = slot.old
        new: Any = slot.new
        here = base
        name = rest[-1]
        metric = None
        for component in rest:
            here = (*here, component)
            info = self.lists.get(here[:-1])
            if info is not None:  # a key of a list of records
                i, j = info[component]
                old = old[i] if i is not None and old is not None else None
                new = new[j] if j is not None and new is not None else None
                old_path = f"{old_path}[{i}]" if i is not None and old_path else None
                new_path = f"{new_path}[{j}]" if j is not None and new_path else None
                sub = old if old is not None else new
                metric = getattr(sub, _KEY_FIELD, None) or metric
                name = here[-2]
            else:
                old = getattr(old, component) if old is not None else None
                new = getattr(new, component) if new is not None else None
                old_path = _join(old_path, component) if old_path else None
                new_path = _join(new_path, component) if new_path else None
                name = component
        kind: Kind = "changed"
        if old is None and _is_record(new):
            kind = "added"
        elif new is None and _is_record(old):
            kind = "removed"
        return _Detail(
            kind, name, old_path, new_path, to_data(old, keep_defaults=True), to_data(new, keep_defaults=True),
            metric, self._order((*base, *rest)),
        )  # fmt: skip


def _walk(old: Plan, new: Plan, threshold: float) -> _Walk:
    """Pair every list of the two plans (and what moved between lists), then let deepdiff find what differs."""
    walk = _Walk(threshold)
    walk.record(old, new, (), ("", ""), (None, ""), walk.old_view, walk.new_view)
    walk.pair_across()
    if walk.old_view or walk.new_view:
        from deepdiff import DeepDiff  # only rrp diff (and render revision) need deepdiff

        report = DeepDiff(
            walk.old_view,
            walk.new_view,
            view="tree",
            ignore_numeric_type_changes=True,  # 18 and 18.0 are the same number
            threshold_to_diff_deeper=0,  # always look inside: the keys are rrp's pairing, not guesses
        )
        walk.read(report)
    for slot in walk.slots:
        slot.details.sort(key=lambda d: d.order)
    return walk


def _pathway_of(path: str) -> str:
    """``pathways.drugs_alcohol.targets[0]`` → ``drugs_alcohol``."""
    return path.split(".")[1]


def _ambition(plan: Plan, pathway: str, target: Target) -> dict[str, Any]:
    """The target's ambition figures (the keys of :data:`AMBITION_KEYS`)."""

    data = figures(plan, pathway, target).to_json()
    return {k: data.get(k) for k in AMBITION_KEYS}
