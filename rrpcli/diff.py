"""What changed between two revisions of a plan, as a careful editor would describe it (``rrp diff``).

The plans are compared part by part and pathway by pathway, never line by
line.  Within each list (context bullets, objectives, activities, partners,
achievements, facts, targets, glossary entries, footnotes, paragraphs) items
are paired **by content**, not by position:

1. items with an exact key are paired first (a target's ``metric``);
2. the rest through :func:`rrpcli.textsim.pair_items` (identical texts in
   order, then best matches found through a shingle index, each with a
   similarity of at least the threshold);
3. short leftovers (three words or fewer, which share no shingle when one
   word changes) through an index of their words.

So one inserted objective is one addition, never "every later objective
changed".  Of the paired items, those on a longest increasing subsequence of
new positions (taken in old order) kept their place; every other pair is
**moved**, so one item moved is one move, not a cascade.  An item both moved
and edited gives two changes: ``moved`` then ``changed``.

Each change says whether its text is **national**: shared with the other
plans on hand (another region's text unit has a similarity of at least the
threshold).  The text judged is the old text, or for an addition the new.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from rrpcli.ambition import figures
from rrpcli.model import (
    PATHWAY_IDS,
    SECTIONS,
    ContextItem,
    Fact,
    Figure,
    Footnote,
    GlossaryEntry,
    Headings,
    Pathway,
    Person,
    Plan,
    Statement,
    Target,
)
from rrpcli.textsim import SHINGLE, ShingleIndex, normalise, pair_items, similarity, words
from rrpcli.units import text_units

T = TypeVar("T")

#: The similarity at which two items count as the same item, and a text as
#: national.  Chosen on the shipped plans and the 2023 refresh fixture: the
#: fixture's rewordings score 0.70-0.90; two different items of one list of a
#: shipped plan score at most 0.69, nearly all below 0.5; against another
#: region, national paragraphs with regional edits score 0.61 and more, while
#: a signature line (same pattern, other people) scores 0.52.
DEFAULT_THRESHOLD = 0.6

Kind = Literal["added", "removed", "changed", "moved"]
KINDS: tuple[Kind, ...] = ("added", "removed", "changed", "moved")

#: Parts of the diff beyond the plan's sections: identity and headings.
META_SECTIONS: dict[str, str] = {"meta": "Metadata", "headings": "Headings"}

#: The numbers of a target, in the order they are reported.
TARGET_FIELDS = ("qualitative", "metric", "direction", "baseline", "baseline_date", "change_pp", "target", "deadline")
_NUMERIC_FIELDS = frozenset(("direction", "baseline", "baseline_date", "change_pp", "target", "deadline"))

#: Ambition figures (from :mod:`rrpcli.ambition`) carried by a change to a target's numbers.
AMBITION_KEYS = ("kind", "change_pp", "relative_change_pct", "months", "pp_per_year", "gap_closed_pct", "grade")


@dataclass
class Change:
    """One difference between the old and the new plan.

    ``path`` is where the change is: the new path, or the old one for a
    removal.  ``old`` and ``new`` are the item's text before and after (None
    on the side where it does not exist); for a number or other field of an
    item (``field`` set) they are the field's values.
    """

    kind: Kind
    section: str  # a key of model.SECTIONS, or "meta" / "headings"
    part: str  # the list or field within the section, e.g. "objectives", "text", "revision"
    path: str
    old: Any
    new: Any
    national: bool = False
    old_path: str | None = None
    new_path: str | None = None
    field: str | None = None  # a field of the item: "baseline", "footnotes", "value", ...
    metric: str | None = None  # the metric of a fact figure
    ambition: dict[str, Any] | None = None  # {"old": {...}, "new": {...}} for a target's numbers
    #: The text of the item a field change belongs to (for showing it); not part of the JSON.
    item_text: str = dataclasses.field(default="", compare=False)

    @property
    def item_path(self) -> str:
        """The path of the item the change belongs to (without ``field`` and figure)."""
        path = self.path
        if self.metric is not None:
            path = path[: path.rfind(".figures[")]
        elif self.field is not None:
            path = path[: path.rfind(".")]
        return path

    def to_json(self) -> dict[str, Any]:
        """The change as a JSON object (see the README for the contract)."""
        out: dict[str, Any] = {
            "kind": self.kind,
            "path": self.path,
            "old": self.old,
            "new": self.new,
            "national": self.national,
            "section": self.section,
            "part": self.part,
        }
        for key in ("old_path", "new_path", "field", "metric", "ambition"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


@dataclass
class Side:
    """One of the two plans compared: which plan, which revision, read from where."""

    code: str
    region: str
    revision: str
    source: str

    @classmethod
    def of(cls, plan: Plan, source: str | None = None) -> Side:
        """The side for a plan; ``source`` defaults to the file it was read from."""
        where = source if source is not None else (str(plan.path) if plan.path else "")
        return cls(plan.meta.code, plan.meta.region, plan.meta.revision, where)

    def to_json(self) -> dict[str, Any]:
        """``{"code", "region", "revision", "source"}``."""
        return {"code": self.code, "region": self.region, "revision": self.revision, "source": self.source}


@dataclass
class StatRow:
    """How many changes of each kind one part of the plan has."""

    section: str
    title: str
    added: int = 0
    removed: int = 0
    changed: int = 0
    moved: int = 0
    national: int = 0

    @property
    def total(self) -> int:
        """All changes of the part."""
        return self.added + self.removed + self.changed + self.moved

    def to_json(self) -> dict[str, Any]:
        """The row as a JSON object."""
        return {**dataclasses.asdict(self), "total": self.total}


@dataclass
class PlanDiff:
    """The result of comparing two plans: both sides and every change, in plan order."""

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

    def stat(self) -> list[StatRow]:
        """Counts per part of the plan that has changes, in plan order (``--stat``)."""
        titles = {**META_SECTIONS, **SECTIONS}
        counts: dict[str, dict[str, int]] = {}
        for c in self.changes:
            row = counts.setdefault(c.section, defaultdict(int))
            row[c.kind] += 1
            row["national"] += int(c.national)
        return [StatRow(s, titles[s], **counts[s]) for s in titles if s in counts]

    def total(self) -> StatRow:
        """Counts over the whole plan."""
        rows = self.stat()
        sums = {k: sum(getattr(r, k) for r in rows) for k in ("added", "removed", "changed", "moved", "national")}
        return StatRow("total", "Total", **sums)

    def to_json(self) -> dict[str, Any]:
        """The diff as plain data: the ``rrp diff --format json`` contract."""
        return {
            "old": self.old.to_json(),
            "new": self.new.to_json(),
            "threshold": self.threshold,
            "changes": [c.to_json() for c in self.changes],
        }

    def stat_json(self) -> dict[str, Any]:
        """The counts as plain data: ``rrp diff --stat --format json``."""
        return {
            "old": self.old.to_json(),
            "new": self.new.to_json(),
            "threshold": self.threshold,
            "stat": [r.to_json() for r in self.stat()],
            "total": {k: v for k, v in self.total().to_json().items() if k not in ("section", "title")},
        }


class NationalText:
    """Tells national text (shared with other plans on hand) from a region's own."""

    def __init__(self, plans: Iterable[Plan], threshold: float) -> None:
        self.threshold = threshold
        self._index: ShingleIndex[int] = ShingleIndex()
        self._exact: set[str] = set()
        self._cache: dict[str, bool] = {}
        n = 0
        for plan in plans:
            for unit in text_units(plan):
                self._index.add(n, unit.text)
                self._exact.add(normalise(unit.text))
                n += 1

    def __call__(self, text: str) -> bool:
        """True when some text of another plan has a similarity of at least the threshold."""
        if not text:
            return False
        if text not in self._cache:
            self._cache[text] = self._find(text)
        return self._cache[text]

    def _find(self, text: str) -> bool:
        if normalise(text) in self._exact:
            return True
        return next(self._index.similar_to(text, self.threshold), None) is not None


def _never(text: str) -> bool:
    return False


def diff_plans(
    old: Plan,
    new: Plan,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    others: Iterable[Plan] = (),
    sections: Sequence[str] | None = None,
    ignore_moves: bool = False,
    old_source: str | None = None,
    new_source: str | None = None,
) -> PlanDiff:
    """Every change from ``old`` to ``new``, in plan order.

    ``others`` are the plans of other regions, for telling national text from
    regional; ``sections`` keeps only the changes in those sections (metadata
    and headings only when no sections are given); ``ignore_moves`` drops
    ``moved`` changes (an item moved and edited still reports its edit).
    """
    plans = [p for p in others if p.meta.code not in (old.meta.code, new.meta.code)]

    differ = _Differ(threshold, NationalText(plans, threshold) if plans else _never, ignore_moves, old, new)
    differ.run()
    changes: Sequence[Change] = tuple(differ.changes)
    if sections is not None:
        wanted = set(sections)
        changes = [c for c in changes if c.section in wanted]
    return PlanDiff(Side.of(old, old_source), Side.of(new, new_source), tuple(changes), threshold)


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
    pair by key; the rest by :func:`~rrpcli.textsim.pair_items`, then short
    leftovers by a word index.
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
    pairs += _pair_short(
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


def _pair_short(old: dict[int, str], new: dict[int, str], threshold: float) -> list[tuple[int, int]]:
    """Pair leftovers of which at least one is short, through an index of single words.

    Texts of :data:`~rrpcli.textsim.SHINGLE` words or fewer are one shingle
    each, so "Clinks" and "Clinks UK" share none; they do share a word.
    """
    if not old or not new:
        return []
    index: dict[str, set[int]] = defaultdict(set)
    new_words = {j: words(t) for j, t in new.items()}
    for j, ws in new_words.items():
        for w in ws:
            index[w].add(j)
    scored: list[tuple[float, int, int]] = []
    for i, text in old.items():
        ws = words(text)
        candidates = {j for w in ws for j in index.get(w, ())}
        for j in sorted(candidates):
            if min(len(ws), len(new_words[j])) > SHINGLE:
                continue
            score = similarity(ws, new_words[j])
            if score >= threshold:
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


# -- the walk over both plans ---------------------------------------------------------------------


@dataclass
class _ListSpec:
    """How to compare the items of one kind of list."""

    text: Callable[[Any], str]
    key: Callable[[Any], str | None] | None = None
    # Compares the fields of a paired item beyond its text: (old, new, old path, new path, old text).
    fields: Callable[[Any, Any, str, str, str], None] | None = None
    # A composite item (a statement) reports edits inside it, never a "changed" of its own.
    composite: bool = False


@dataclass
class _Differ:
    threshold: float
    national: Callable[[str], bool]
    ignore_moves: bool
    old_plan: Plan
    new_plan: Plan
    changes: list[Change] = field(default_factory=list)
    _section: str = ""
    _part: str = ""

    def run(self) -> None:
        old, new = self.old_plan, self.new_plan
        self._meta(old, new)
        self._at("headings", "")
        for name in (f.name for f in dataclasses.fields(Headings)):
            self._part = name
            self._single(f"headings.{name}", getattr(old.headings, name), getattr(new.headings, name))
        for section in SECTIONS:
            self._at(section, "")
            if section in PATHWAY_IDS:
                self._pathway(section, getattr(old.pathways, section), getattr(new.pathways, section))
            else:
                getattr(self, f"_section_{section}")(old, new)

    def _at(self, section: str, part: str) -> None:
        self._section, self._part = section, part

    def _add(self, kind: Kind, path: str, old: Any, new: Any, text: str, **more: Any) -> None:
        national = self._section != "meta" and self.national(text)
        self.changes.append(Change(kind, self._section, self._part, path, old, new, national, **more))

    # -- single fields

    def _single(self, path: str, old: str, new: str, old_path: str | None = None) -> None:
        if old == new:
            return
        if not old:
            self._add("added", path, None, new, new)
        elif not new:
            self._add("removed", old_path or path, old, None, old)
        else:
            self._add("changed", path, old, new, old, old_path=old_path or path, new_path=path)

    def _meta(self, old: Plan, new: Plan) -> None:
        self._at("meta", "")
        for name in ("code", "region", "title", "period", "revision", "source"):
            self._part = name
            self._single(f"meta.{name}", getattr(old.meta, name), getattr(new.meta, name))
        if old.meta.aliases != new.meta.aliases:
            self._part = "aliases"
            self._add(
                "changed",
                "meta.aliases",
                list(old.meta.aliases),
                list(new.meta.aliases),
                "",
                old_path="meta.aliases",
                new_path="meta.aliases",
            )

    # -- lists

    def _list(
        self, part: str, old_base: str, new_base: str, old: Sequence[T], new: Sequence[T], spec: _ListSpec
    ) -> None:
        self._part = part
        old_texts = [spec.text(x) for x in old]
        new_texts = [spec.text(x) for x in new]
        keys = spec.key
        pairs = pair_lists(
            old_texts,
            new_texts,
            self.threshold,
            [keys(x) for x in old] if keys else None,
            [keys(x) for x in new] if keys else None,
        )
        keep = stayed(pairs)
        by_new = {j: (n, i) for n, (i, j) in enumerate(pairs)}
        new_of = dict(pairs)
        # A removed item is reported just after the new place of the item that preceded it.
        events: list[tuple[int, int, int]] = []  # (new position, 0 removed / 1 otherwise, index)
        after = 0
        for i in range(len(old)):
            if i in new_of:
                after = new_of[i] + 1
            else:
                events.append((after, 0, i))
        events += [(j, 1, j) for j in range(len(new))]
        for _, what, index in sorted(events):
            if what == 0:
                self._part = part
                self._add("removed", f"{old_base}[{index}]", old_texts[index], None, old_texts[index])
                continue
            j = index
            if j not in by_new:
                self._part = part
                self._add("added", f"{new_base}[{j}]", None, new_texts[j], new_texts[j])
                continue
            n, i = by_new[j]
            old_path, new_path = f"{old_base}[{i}]", f"{new_base}[{j}]"
            texts = (old_texts[i], new_texts[j])
            self._part = part
            if n not in keep and not self.ignore_moves:
                self._add("moved", new_path, *texts, texts[0], old_path=old_path, new_path=new_path)
            if texts[0] != texts[1] and not spec.composite:
                self._add("changed", new_path, *texts, texts[0], old_path=old_path, new_path=new_path)
            if spec.fields is not None:
                spec.fields(old[i], new[j], old_path, new_path, texts[0])
                self._part = part

    def _texts(self, part: str, base: str, old: Sequence[str], new: Sequence[str]) -> None:
        self._list(part, base, base, old, new, _TEXT)

    def _people(self, part: str, old_base: str, new_base: str, old: Sequence[Person], new: Sequence[Person]) -> None:
        self._list(part, old_base, new_base, old, new, _PERSON)

    def _field(self, name: str, old: Any, new: Any, old_path: str, new_path: str, text: str, **more: Any) -> None:
        self._add(
            "changed",
            f"{new_path}.{name}",
            old,
            new,
            text,
            old_path=f"{old_path}.{name}",
            new_path=f"{new_path}.{name}",
            field=name,
            item_text=text,
            **more,
        )

    # -- item fields

    def _context_fields(self, old: ContextItem, new: ContextItem, old_path: str, new_path: str, text: str) -> None:
        if old.footnotes != new.footnotes:
            self._field("footnotes", list(old.footnotes), list(new.footnotes), old_path, new_path, text)

    def _footnote_fields(self, old: Footnote, new: Footnote, old_path: str, new_path: str, text: str) -> None:
        if old.number != new.number:
            self._field("number", old.number, new.number, old_path, new_path, text)

    def _target_fields(self, old: Target, new: Target, old_path: str, new_path: str, text: str) -> None:
        changed = [f for f in TARGET_FIELDS if getattr(old, f) != getattr(new, f)]
        ambition = None
        if any(f in _NUMERIC_FIELDS for f in changed):
            ambition = {
                "old": _ambition(self.old_plan, _pathway_of(old_path), old),
                "new": _ambition(self.new_plan, _pathway_of(new_path), new),
            }
        for name in changed:
            more = {"ambition": ambition} if name in _NUMERIC_FIELDS else {}
            self._field(name, getattr(old, name), getattr(new, name), old_path, new_path, text, **more)

    def _fact_fields(self, old: Fact, new: Fact, old_path: str, new_path: str, text: str) -> None:
        olds = {f.metric: (k, f) for k, f in enumerate(old.figures)}
        news = {f.metric: (k, f) for k, f in enumerate(new.figures)}
        for metric, (k, fig) in olds.items():
            if metric not in news:
                path = f"{old_path}.figures[{k}]"
                self._add("removed", path, _figure(fig), None, text, old_path=path, metric=metric, item_text=text)
        for metric, (k, fig) in news.items():
            if metric not in olds:
                path = f"{new_path}.figures[{k}]"
                self._add("added", path, None, _figure(fig), text, new_path=path, metric=metric, item_text=text)
                continue
            ok, ofig = olds[metric]
            for name in ("value", "unit", "qualifier"):
                a, b = getattr(ofig, name), getattr(fig, name)
                if a != b:
                    op, np_ = f"{old_path}.figures[{ok}]", f"{new_path}.figures[{k}]"
                    self._field(name, a, b, op, np_, text, metric=metric)

    def _statement_fields(self, old: Statement, new: Statement, old_path: str, new_path: str, text: str) -> None:
        self._list(
            "statements", f"{old_path}.paragraphs", f"{new_path}.paragraphs", old.paragraphs, new.paragraphs, _TEXT
        )
        self._part = "statements"
        if old.attribution != new.attribution:
            self._single(f"{new_path}.attribution", old.attribution, new.attribution, f"{old_path}.attribution")
        self._people("statements", f"{old_path}.speakers", f"{new_path}.speakers", old.speakers, new.speakers)

    # -- sections

    def _section_foreword(self, old: Plan, new: Plan) -> None:
        o, n = old.foreword, new.foreword
        self._texts("paragraphs", "foreword.paragraphs", o.paragraphs, n.paragraphs)
        self._part = "signature"
        self._single("foreword.signature", o.signature, n.signature)
        self._people("signatories", "foreword.signatories", "foreword.signatories", o.signatories, n.signatories)

    def _section_vision(self, old: Plan, new: Plan) -> None:
        o, n = old.vision, new.vision
        self._part = "text"
        self._single("vision.text", o.text, n.text)
        self._texts("principles", "vision.principles", o.principles, n.principles)
        self._texts("values", "vision.values", o.values, n.values)
        self._part = "principles_statement"
        self._single("vision.principles_statement", o.principles_statement, n.principles_statement)

    def _section_about(self, old: Plan, new: Plan) -> None:
        spec = _ListSpec(_fact_text, fields=self._fact_fields)
        self._list("facts", "about.facts", "about.facts", old.about.facts, new.about.facts, spec)

    def _section_achievements(self, old: Plan, new: Plan) -> None:
        self._texts("items", "achievements.items", old.achievements.items, new.achievements.items)

    def _section_national_priorities(self, old: Plan, new: Plan) -> None:
        o, n = old.national_priorities, new.national_priorities
        self._texts("paragraphs", "national_priorities.paragraphs", o.paragraphs, n.paragraphs)
        self._texts("investments", "national_priorities.investments", o.investments, n.investments)
        spec = _ListSpec(_statement_text, fields=self._statement_fields, composite=True)
        base = "national_priorities.statements"
        self._list("statements", base, base, o.statements, n.statements, spec)

    def _pathway(self, pid: str, old: Pathway | None, new: Pathway | None) -> None:
        base = f"pathways.{pid}"
        if old is None and new is None:
            return
        self._part = "pathway"
        if old is None:
            assert new is not None
            self._add("added", base, None, new.title, new.title)
            return
        if new is None:
            self._add("removed", base, old.title, None, old.title)
            return
        self._part = "title"
        self._single(f"{base}.title", old.title, new.title)
        self._texts("introduction", f"{base}.introduction", old.introduction, new.introduction)
        context = _ListSpec(_context_text, fields=self._context_fields)
        self._list("context", f"{base}.context", f"{base}.context", old.context, new.context, context)
        self._texts("partners", f"{base}.partners", old.partners, new.partners)
        targets = _ListSpec(_target_text, key=_target_key, fields=self._target_fields)
        self._list("targets", f"{base}.targets", f"{base}.targets", old.targets, new.targets, targets)
        self._texts("objectives", f"{base}.objectives", old.objectives, new.objectives)
        self._texts("activities", f"{base}.activities", old.activities, new.activities)

    def _section_our_partners(self, old: Plan, new: Plan) -> None:
        self._texts("names", "our_partners.names", old.our_partners.names, new.our_partners.names)

    def _section_measuring_progress(self, old: Plan, new: Plan) -> None:
        o, n = old.measuring_progress, new.measuring_progress
        self._texts("paragraphs", "measuring_progress.paragraphs", o.paragraphs, n.paragraphs)

    def _section_glossary(self, old: Plan, new: Plan) -> None:
        self._list("entries", "glossary", "glossary", old.glossary, new.glossary, _GLOSSARY)

    def _section_footnotes(self, old: Plan, new: Plan) -> None:
        spec = _ListSpec(_footnote_text, fields=self._footnote_fields)
        self._list("footnotes", "footnotes", "footnotes", old.footnotes, new.footnotes, spec)


def _identity(text: str) -> str:
    return text


def _person_text(p: Person) -> str:
    return f"{p.name} ({p.role})" if p.role else p.name


def _glossary_text(entry: GlossaryEntry) -> str:
    return entry.text


def _fact_text(fact: Fact) -> str:
    return fact.text


def _context_text(item: ContextItem) -> str:
    return item.text


def _target_text(target: Target) -> str:
    return target.text


def _target_key(target: Target) -> str | None:
    return target.metric or None


def _footnote_text(note: Footnote) -> str:
    return " ".join(x for x in (note.text, note.url) if x) or f"footnote {note.number} (no source given)"


def _statement_text(statement: Statement) -> str:
    return "\n\n".join(statement.paragraphs) + f"\n— {statement.attribution}"


_TEXT = _ListSpec(_identity)
_PERSON = _ListSpec(_person_text)
_GLOSSARY = _ListSpec(_glossary_text)


def _figure(fig: Figure) -> dict[str, Any]:
    return {"metric": fig.metric, "value": fig.value, "unit": fig.unit, "qualifier": fig.qualifier}


def _pathway_of(path: str) -> str:
    """``pathways.drugs_alcohol.targets[0]`` → ``drugs_alcohol``."""
    return path.split(".")[1]


def _ambition(plan: Plan, pathway: str, target: Target) -> dict[str, Any]:
    """The target's ambition figures (the keys of :data:`AMBITION_KEYS`)."""

    data = figures(plan, pathway, target).to_json()
    return {k: data.get(k) for k in AMBITION_KEYS}
