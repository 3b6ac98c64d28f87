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
   a shingle (three words in a row); only those candidates are scored, never
   every segment against every other.
3. **Grouping.**  Candidate pairs are taken best first (identical, then
   template, then by similarity) and merged into groups holding at most one
   segment per plan, every two of which must themselves be a candidate pair.
   A group of two or more plans is a shared item; the rest is regional.

That is the definition, pair by pair; it is computed text by text instead, so
that the work grows with the distinct texts of the plans, not with the pairs of
plans (see "alignment" below): national text, the same in every plan, is
handled once, one index of shingles serves all plans, and word sequences are
aligned as :class:`difflib.SequenceMatcher` aligns them, at less cost
(:mod:`rrpcli.wordmatch`).

"Our partners" names are matched as names instead: case and punctuation
folded, and a :class:`difflib.SequenceMatcher` ratio of at least
:data:`PARTNER_SIMILARITY` on the folded names ("Clinks" and "CLINKS").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import chain, combinations
from typing import TYPE_CHECKING, Any, Protocol

from rrpcli.ambition import target_figures
from rrpcli.errors import RrpError
from rrpcli.model import PATHWAY_IDS, SECTIONS, Number, Plan
from rrpcli.show import check_sections
from rrpcli.textsim import MONTH_NAMES, NUMBER, normalise, plural_pair, shingles, word_count, words
from rrpcli.units import Unit, text_units
from rrpcli.wordmatch import Block, Opcode, blocks_opcodes, blocks_ratio, matching_blocks

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

Slot = dict[str, str]
#: A template sentence: literal text and slots (plan code -> value), in order.
Pattern = tuple[str | Slot, ...]


@dataclass
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


@dataclass
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


@dataclass
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


@dataclass
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


@dataclass
class PartnerComparison:
    """The "Our partners" names shared by two or more plans, and each plan's own."""

    shared: list[dict[str, str]]
    only: dict[str, list[str]]

    def to_json(self, regional_only: bool = False) -> dict[str, Any]:
        """As plain data; ``shared`` is empty with ``regional_only``."""
        return {"shared": [] if regional_only else self.shared, "only": self.only}


@dataclass
class CountRow:
    """How many targets, objectives, activities and partners each plan gives a pathway (None: no pathway)."""

    pathway: str
    title: str
    counts: dict[str, dict[str, int | None]]  # kind -> plan code -> count

    KINDS = ("targets", "objectives", "activities", "partners")

    def to_json(self) -> dict[str, Any]:
        """The row as plain data."""
        return {"pathway": self.pathway, "title": self.title, **self.counts}


@dataclass
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
    whole = _compare_whole(plans, threshold)
    partners = PartnerComparison([], {code: [] for code in codes})
    if "our_partners" in wanted:
        partners = _partners(codes, next(s for s in whole.sections if s.id == "our_partners"))
    return Comparison(
        plans=[PlanRef(p.code, p.name, p.meta.revision) for p in plans],
        threshold=threshold,
        summary=whole.summary,
        sections=[s for s in whole.sections if s.id in wanted],
        targets=[r for r in whole.targets if r.pathway in wanted],
        facts=whole.facts if "about" in wanted else [],
        partners=partners,
        counts=[c for c in whole.counts if c.pathway in wanted],
        regional_only=regional_only,
    )


@dataclass
class _Whole:
    """Everything a comparison computes from the plans alone, before sections are chosen."""

    sections: list[SectionComparison]
    summary: dict[str, PlanSummary]
    targets: list[TargetFigures]
    facts: list[FactRow]
    counts: list[CountRow]


def _compare_whole(plans: Sequence[Plan], threshold: float) -> _Whole:

    aligned = _align(plans, threshold)
    codes = [p.code for p in plans]
    return _Whole(aligned, _summary(codes, aligned), target_figures(plans), fact_rows(plans), count_rows(plans))


def _align(plans: Sequence[Plan], threshold: float) -> list[SectionComparison]:
    """Every compared section of the plans aligned (see the module documentation)."""
    by_section: dict[str, list[list[Unit]]] = {sid: [[] for _ in plans] for sid in COMPARED_SECTIONS}
    for i, plan in enumerate(plans):
        for unit in text_units(plan):
            if unit.section in by_section:
                by_section[unit.section][i].append(unit)
    codes = [p.code for p in plans]
    names = [p.name for p in plans]
    texts = _Texts(names)
    return [
        align_section(sid, codes, by_section[sid], names, threshold, by_name=sid == "our_partners", texts=texts)
        for sid in COMPARED_SECTIONS
    ]


# -- alignment --------------------------------------------------------------------
#
# The alignment is defined pair by pair (module documentation): two segments of
# different plans are an *edge* when they are identical (priority 0), the same
# template (1) or similar text (2), and groups are formed from the edges best
# first.  It is computed without looking at pairs of plans: every distinct text
# of a section is handled once, whichever plans hold it (national text is the
# same in every plan), one shingle index over all plans finds the candidates,
# and the greedy grouping runs on groups of identical text rather than on every
# pair of segments.  The result is exactly that of the pairwise definition.

Rel = tuple[int, float]  # (priority, similarity) of an edge


@dataclass
class _Segments:
    """One plan's units of a section, grouped into segments (runs of joined units)."""

    units: list[Unit]
    groups: list[tuple[int, ...]]  # unit indices per segment
    texts: list[str]
    ids: list[int]  # text id (:class:`_Texts`) per segment


class _Texts:
    """The texts of one comparison, each distinct text numbered once, with its per-text work done once.

    Word lists, normalised text, template keys, shingles and the word-level
    alignment of two texts are computed at most once per text (per pair) for
    the whole comparison, whichever plans and sections hold the text.
    """

    def __init__(self, names: Sequence[str]) -> None:
        self.name_words = {w for n in names for w in n.split()}
        self.ids: dict[str, int] = {}
        self.texts: list[str] = []
        self._words: dict[int, list[str]] = {}
        self._norm: dict[int, str] = {}
        self._key: dict[int, str] = {}
        self._split: dict[int, list[str]] = {}
        self._sets: dict[tuple[int, bool], set[str]] = {}
        self._shingles: dict[int, set[tuple[str, ...]]] = {}
        self._repeats: dict[int, dict[str, int]] = {}
        self._forms = _KeyForms(self.name_words)
        self._blocks: dict[tuple[int, int, bool], list[Block]] = {}
        self._ratios: dict[tuple[int, int], float] = {}
        self._slots: dict[tuple[int, int], bool] = {}
        self._opcodes: dict[tuple[int, int], list[Opcode]] = {}

    def id(self, text: str, split_words: list[str] | None = None) -> int:
        """The text's id (``split_words``: its words when already known)."""
        tid = self.ids.get(text)
        if tid is None:
            tid = self.ids[text] = len(self.texts)
            self.texts.append(text)
        if split_words is not None and tid not in self._words:
            self._words[tid] = split_words
        return tid

    def words(self, tid: int) -> list[str]:
        """:func:`~rrpcli.textsim.words` of the text."""
        ws = self._words.get(tid)
        if ws is None:
            ws = self._words[tid] = words(self.texts[tid])
        return ws

    def norm(self, tid: int) -> str:
        """:func:`~rrpcli.textsim.normalise` of the text."""
        n = self._norm.get(tid)
        if n is None:
            n = self._norm[tid] = normalise(self.texts[tid])
        return n

    def split(self, tid: int) -> list[str]:
        """The text's whitespace-separated tokens (as template sentences are compared)."""
        ts = self._split.get(tid)
        if ts is None:
            ts = self._split[tid] = self.texts[tid].split()
        return ts

    def tokens(self, tid: int, by_split: bool) -> list[str]:
        """The tokens two texts are aligned on: split tokens or words."""
        return self.split(tid) if by_split else self.words(tid)

    def token_set(self, tid: int, by_split: bool) -> set[str]:
        """The distinct tokens of the text."""
        found = self._sets.get((tid, by_split))
        if found is None:
            found = self._sets[tid, by_split] = set(self.tokens(tid, by_split))
        return found

    def key(self, tid: int) -> str:
        """The template key: the text with names, numbers and months blanked out and plurals folded."""
        k = self._key.get(tid)
        if k is None:
            forms = list(map(self._forms.__getitem__, self.split(tid)))
            # a blanked-out token is "#", once for a run (after a literal "#" too)
            k = self._key[tid] = " ".join(
                [
                    "#" if form is None else form
                    for form, before in zip(forms, ["", *forms], strict=False)
                    if form is not None or (before is not None and before != "#")
                ]
            )
        return k

    def shingles(self, tid: int) -> set[tuple[str, ...]]:
        """The text's word shingles (:func:`~rrpcli.textsim.shingles`)."""
        found = self._shingles.get(tid)
        if found is None:
            found = self._shingles[tid] = shingles(self.words(tid))
        return found

    def repeats(self, tid: int) -> dict[str, int]:
        """The text's words found more than once, with their counts."""
        found = self._repeats.get(tid)
        if found is None:
            ws = self.words(tid)
            found = {}
            if len(ws) != len(self.token_set(tid, False)):
                found = {w: c for w, c in Counter(ws).items() if c > 1}
            self._repeats[tid] = found
        return found

    def common_words(self, a: int, b: int) -> int:
        """How many words the texts have in common, counted with repeats (the size of the bags' intersection)."""
        extra_a, extra_b = self.repeats(a), self.repeats(b)
        common = len(self.token_set(a, False) & self.token_set(b, False))
        if extra_a and extra_b:
            common += sum(min(extra_a[w], extra_b[w]) - 1 for w in extra_a.keys() & extra_b.keys())
        return common

    def blocks(self, a: int, b: int, by_split: bool) -> list[Block]:
        """The matching blocks of two texts' tokens (difflib's, sentinel aside)."""
        found = self._blocks.get((a, b, by_split))
        if found is None:
            ta, tb = self.tokens(a, by_split), self.tokens(b, by_split)
            found = matching_blocks(ta, tb, self.token_set(a, by_split), self.token_set(b, by_split))
            self._blocks[a, b, by_split] = found
        return found

    def similarity(self, a: int, b: int) -> float:
        """:func:`~rrpcli.textsim.similarity` of two texts (word level, a to b)."""
        found = self._ratios.get((a, b))
        if found is None:
            la, lb = len(self.words(a)), len(self.words(b))
            found = self._ratios[a, b] = blocks_ratio(self.blocks(a, b, False), la + lb)
        return found

    def opcodes(self, a: int, b: int) -> list[Opcode]:
        """difflib's opcodes from one text's split tokens to the other's."""
        found = self._opcodes.get((a, b))
        if found is None:
            found = self._opcodes[a, b] = blocks_opcodes(
                self.blocks(a, b, True), len(self.split(a)), len(self.split(b))
            )
        return found

    def same_template(self, a: int, b: int) -> bool:
        """True when :func:`~rrpcli.textsim.template_slots` finds the texts one template sentence."""
        found = self._slots.get((a, b))
        if found is None:
            found = self._slots[a, b] = self._may_be_template(a, b) and _template_ok(
                self.split(a), self.split(b), self.opcodes(a, b), self.name_words, self._forms
            )
        return found

    def _may_be_template(self, a: int, b: int) -> bool:
        """False when a token of one text, found nowhere in the other, can be no slot.

        Such a token is in a differing part of the two texts, where every
        token must be a name, number or month, or the plural (or singular) of
        a token next to it.
        """
        in_a, in_b = self.token_set(a, True), self.token_set(b, True)
        bare = None
        for token in in_a ^ in_b:
            if self._forms[token] is None:
                continue
            if bare is None:
                bare = {t.strip(".,;:") for t in in_a | in_b}
            word = token.strip(".,;:")
            if word + "s" not in bare and not (word.endswith("s") and word[:-1] in bare):
                return False
        return True


class _KeyForms(dict[str, str | None]):
    """Each token's template-key form, worked out once (None: blanked out)."""

    def __init__(self, name_words: set[str]) -> None:
        super().__init__()
        self.name_words = name_words

    def __missing__(self, token: str) -> str | None:
        form = self[token] = _key_form(token, self.name_words)
        return form


def _key_form(token: str, name_words: set[str]) -> str | None:
    """One token of a template key: None for a name, number or month (blanked out), else the token, plural folded."""
    bare = token.strip(".,;:()")
    if (
        bare in name_words
        or ((bare[:1].isdigit() or bare[:1] in "£$") and NUMBER.match(bare))
        or bare.casefold() in MONTH_NAMES
    ):
        return None
    return token.removesuffix("s")


def _template_ok(
    ta: list[str], tb: list[str], ops: Sequence[Opcode], name_words: set[str], forms: dict[str, str | None]
) -> bool:
    """:func:`~rrpcli.textsim.template_slots` is not None, from the opcodes of the split texts.

    ``forms``: the tokens' template-key forms, None for a slot word (a name, number or month).
    """
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            continue
        left, right = ta[i1:i2], tb[j1:j2]
        if not all(forms[t] is None or plural_pair(t, right + left) for t in left + right):
            return False
        if (not left or not right) and not all(t.strip(".,;:()") in name_words for t in left + right):
            return False
    return True


# -- sections -----------------------------------------------------------------------


def align_section(
    sid: str,
    codes: Sequence[str],
    units: Sequence[Sequence[Unit]],
    names: Sequence[str],
    threshold: float,
    *,
    by_name: bool = False,
    texts: _Texts | None = None,
) -> SectionComparison:
    """Align one section's units of every plan (see the module documentation).

    ``texts`` carries the per-text work from section to section of one comparison.
    """
    texts = texts if texts is not None else _Texts(names)
    if by_name:
        segs = [_Segments(list(us), [(i,) for i in range(len(us))], [u.text for u in us], []) for us in units]
        for seg in segs:
            seg.ids = [texts.id(t) for t in seg.texts]
        relation: _Relation = _NameRelation(texts)
    else:
        index = _Index(texts)
        segs = _segment(units, texts, threshold, index)
        relation = _TextRelation(texts, threshold, index)
    graph = _Graph(segs)
    clusters = graph.group(relation)
    shared = [_shared(members, score, segs, graph, codes, texts) for members, score in clusters]
    used = {node for members, _ in clusters for node in members}
    regional: dict[str, list[Unit]] = {}
    for p, seg in enumerate(segs):
        first = graph.first[p]
        regional[codes[p]] = [
            seg.units[i] for s, group in enumerate(seg.groups) if first + s not in used for i in group
        ]
    return SectionComparison(sid, SECTIONS[sid], shared, regional)


class _Index:
    """An index of word shingles over texts of one section; each text looked up once."""

    def __init__(self, texts: _Texts) -> None:
        self.texts = texts
        self.postings: dict[tuple[str, ...], list[int]] = defaultdict(list)
        self.size: dict[int, int] = {}  # indexed text -> how many shingles it has (at least 1)
        self._near: dict[int, Counter[int]] = {}

    def add(self, tid: int) -> None:
        """Index a text (once)."""
        if tid not in self.size:
            found = self.texts.shingles(tid)
            self.size[tid] = max(1, len(found))
            postings = self.postings
            for sh in found:
                postings[sh].append(tid)

    def near(self, tid: int) -> Counter[int]:
        """The texts indexed when first asked that share shingles with this one, with how many they share."""
        found = self._near.get(tid)
        if found is None:
            posted = self.postings.get
            found = self._near[tid] = Counter(chain.from_iterable(posted(sh, ()) for sh in self.texts.shingles(tid)))
        return found


# -- split paragraphs ----------------------------------------------------------------


def _segment(units: Sequence[Sequence[Unit]], texts: _Texts, threshold: float, index: _Index) -> list[_Segments]:
    """Every plan's units, with split paragraphs joined where another plan has them as one unit.

    Unit i of plan q is joined with unit i + 1 when, for a unit u of another
    plan p whose text plan q does not have, the consecutive units of q that lie
    mostly inside u (and whose texts plan p does not have) match u better
    joined than alone, by at least the threshold.  Each distinct text u is
    looked up once in one index of all plans' texts.
    """
    n = len(units)
    ids = [[texts.id(u.text) for u in us] for us in units]
    norm = {t: texts.norm(t) for tids in ids for t in tids}
    everywhere = (1 << n) - 1
    found_in: dict[str, int] = {}  # normalised text -> plans (bits) with a unit of that text
    for p, tids in enumerate(ids):
        for t in tids:
            found_in[norm[t]] = found_in.get(norm[t], 0) | 1 << p
    # Units whose text some plan lacks: only those can join or be joined.
    where: dict[int, list[tuple[int, int]]] = {}
    for p, tids in enumerate(ids):
        for j, t in enumerate(tids):
            if found_in[norm[t]] != everywhere:
                where.setdefault(t, []).append((p, j))
    links: list[set[int]] = [set() for _ in range(n)]
    if n >= 2 and where:
        for t in where:
            index.add(t)
        tried: set[tuple[int, int, tuple[int, ...]]] = set()
        joins: dict[tuple[int, tuple[int, ...]], tuple[int, int, float] | None] = {}
        for u, held in where.items():
            has_u = found_in[norm[u]]
            inside: dict[int, list[int]] = defaultdict(list)  # plan q -> its units lying mostly inside u
            size = index.size
            for t, c in index.near(u).items():  # c: how many of t's shingles are u's
                if c / size[t] >= JOIN_CONTAINMENT:
                    for q, j in where[t]:
                        if not has_u >> q & 1:
                            inside[q].append(j)
            if not any(len(js) > 1 for js in inside.values()):
                continue
            for p in sorted({p for p, _ in held}):
                for q, js in inside.items():
                    chosen = sorted(j for j in js if not found_in[norm[ids[q][j]]] >> p & 1)
                    if len(chosen) < 2 or (u, q, tuple(chosen)) in tried:
                        continue
                    tried.add((u, q, tuple(chosen)))
                    for run in _runs(chosen, units[q]):
                        key = (u, tuple(ids[q][j] for j in run))
                        if key not in joins:
                            joins[key] = _best_join(u, key[1], texts)
                        best = joins[key]
                        if best is not None and best[2] >= threshold:
                            links[q].update(run[best[0] : best[1] - 1])
    segs = []
    for q, us in enumerate(units):
        groups: list[tuple[int, ...]] = []
        current: list[int] = []
        for i in range(len(us)):
            current.append(i)
            if i not in links[q]:
                groups.append(tuple(current))
                current = []
        seg_texts = ["\n\n".join(us[i].text for i in g) for g in groups]
        seg_ids = [
            ids[q][g[0]] if len(g) == 1 else texts.id(text, [w for i in g for w in texts.words(ids[q][i])])
            for g, text in zip(groups, seg_texts, strict=True)
        ]
        segs.append(_Segments(list(us), groups, seg_texts, seg_ids))
    return segs


def _runs(indices: Sequence[int], units: Sequence[Unit]) -> list[list[int]]:
    """Runs of consecutive units of one list (length two or more)."""
    runs: list[list[int]] = []
    for j in indices:
        if runs and runs[-1][-1] == j - 1 and units[j - 1].list_path == units[j].list_path:
            runs[-1].append(j)
        else:
            runs.append([j])
    return [r for r in runs if len(r) > 1]


def _best_join(u: int, run: tuple[int, ...], texts: _Texts) -> tuple[int, int, float] | None:
    """The sub-run run[a:b] whose joined text matches text u best, if it beats every single piece: (a, b, score)."""
    wu = texts.words(u)
    single = max(texts.similarity(u, t) for t in run)
    best: tuple[int, int, float] | None = None
    for a in range(len(run)):
        for b in range(a + 2, len(run) + 1):
            joined = [w for t in run[a:b] for w in texts.words(t)]
            score = blocks_ratio(matching_blocks(wu, joined), len(wu) + len(joined))
            if score > single and (best is None or score > best[2]):
                best = (a, b, score)
    return best


# -- grouping -------------------------------------------------------------------------


class _Relation(Protocol):
    """Which segments of a section are edges: a relation between texts, with its candidates."""

    def kind(self, tid: int) -> str:
        """Texts of one kind are identical (priority 0)."""

    def candidates(self, active: Sequence[int], apart: Callable[[int, int], bool]) -> Iterable[tuple[int, int]]:
        """Pairs of texts of different kinds that may be edges, of those ``apart`` allows (a superset of the edges)."""

    def edge(self, a: int, b: int) -> Rel | None:
        """The edge from text a (of the earlier plan) to text b, if any."""


class _Graph:
    """The segments of one section as nodes, numbered plan by plan (so in (plan, segment) order)."""

    def __init__(self, segs: Sequence[_Segments]) -> None:
        self.plan: list[int] = []
        self.tid: list[int] = []
        self.first: list[int] = []
        for p, seg in enumerate(segs):
            self.first.append(len(self.plan))
            self.plan += [p] * len(seg.ids)
            self.tid += seg.ids
        self.everywhere = (1 << len(segs)) - 1

    def group(self, relation: _Relation) -> list[tuple[list[int], float]]:
        """The groups of two or more nodes, at most one per plan, every two an edge; best edges first.

        Returns each group's nodes (sorted) and its lowest similarity between
        two members, in the order of their first nodes.  The same groups as
        taking every edge between two nodes best first (priority, similarity,
        then the nodes) and merging the two nodes' groups when they have no
        plan in common and every two of their nodes are an edge:

        1. Identical texts come first: one group per kind of text, unless a
           plan has the text twice (then node pair by node pair).
        2. Between two such groups A and B, only the first edge in that order
           counts: once they are merged, or once merging them has failed
           (they share a plan, or two of their nodes are no edge), later edges
           between them change nothing, since groups only grow.  So the
           remaining edges are taken group pair by group pair.
        """
        plan = self.plan
        kinds = {tid: relation.kind(tid) for tid in set(self.tid)}
        by_kind: dict[str, list[int]] = {}
        for node, tid in enumerate(self.tid):
            by_kind.setdefault(kinds[tid], []).append(node)
        # 1. identical text
        units: list[list[int]] = []
        for nodes in by_kind.values():
            if len({plan[n] for n in nodes}) == len(nodes):
                units.append(nodes)
            else:
                units += _identical_groups(nodes, plan)
        mask = [_plans_mask(nodes, plan) for nodes in units]
        unit_texts: list[dict[int, list[int]]] = []
        of_text: dict[int, list[int]] = defaultdict(list)
        for u, nodes in enumerate(units):
            by_text: dict[int, list[int]] = {}
            for n in nodes:
                by_text.setdefault(self.tid[n], []).append(n)
            unit_texts.append(by_text)
            for t in by_text:
                of_text[t].append(u)
        # Texts that can still pair: those of a group that some plan lacks.
        active = sorted(t for t, us in of_text.items() if any(mask[u] != self.everywhere for u in us))
        # 2. pairs of groups of different texts, each by its first edge
        masks = {t: [mask[u] for u in of_text[t]] for t in active}

        def apart(a: int, b: int) -> bool:  # some group of one text has no plan of some group of the other
            return any(not ma & mb for ma in masks[a] for mb in masks[b])

        pairs: set[tuple[int, int]] = set()
        for a, b in relation.candidates(active, apart):
            for ua in of_text[a]:
                for ub in of_text[b]:
                    if not mask[ua] & mask[ub]:
                        pairs.add((ua, ub) if ua < ub else (ub, ua))
        firsts: list[tuple[tuple[int, float, int, int], int, int]] = []
        lowest: dict[tuple[int, int], float] = {}
        for ua, ub in pairs:
            found = self._first_edge(unit_texts[ua], unit_texts[ub], relation)
            if found is not None:
                firsts.append((found[0], ua, ub))
                lowest[ua, ub] = found[1]
        firsts.sort()
        group_of = list(range(len(units)))
        members: dict[int, list[int]] = {u: [u] for u in range(len(units))}
        group_mask = dict(enumerate(mask))
        for _, ua, ub in firsts:
            ga, gb = group_of[ua], group_of[ub]
            if ga == gb or group_mask[ga] & group_mask[gb]:
                continue
            if not all(((x, y) if x < y else (y, x)) in lowest for x in members[ga] for y in members[gb]):
                continue
            for u in members[gb]:
                group_of[u] = ga
            members[ga] += members.pop(gb)
            group_mask[ga] |= group_mask.pop(gb)
        out: list[tuple[list[int], float]] = []
        for us in members.values():
            nodes = sorted(n for u in us for n in units[u])
            if len(nodes) < 2:
                continue
            score = min(
                (lowest[(x, y) if x < y else (y, x)] for i, x in enumerate(us) for y in us[i + 1 :]), default=1.0
            )
            out.append((nodes, score))
        out.sort(key=lambda item: item[0][0])
        return out

    def _first_edge(
        self, a: dict[int, list[int]], b: dict[int, list[int]], relation: _Relation
    ) -> tuple[tuple[int, float, int, int], float] | None:
        """The first edge (its sort key) between two groups, and their lowest similarity.

        None unless every two nodes of the groups are an edge.
        """
        plan = self.plan
        first: tuple[int, float, int, int] | None = None
        low = 1.0
        for ta, na in a.items():
            for tb, nb in b.items():
                for lo_t, lo, hi_t, hi in ((ta, na, tb, nb), (tb, nb, ta, na)):
                    # node pairs with the node of lo in the earlier plan
                    if plan[lo[0]] >= plan[hi[-1]]:
                        continue
                    edge = relation.edge(lo_t, hi_t)
                    if edge is None:
                        return None
                    x = lo[0]
                    y = next(n for n in hi if plan[n] > plan[x])
                    key = (edge[0], -edge[1], x, y)
                    if first is None or key < first:
                        first = key
                    low = min(low, edge[1])
        return None if first is None else (first, low)


def _plans_mask(nodes: Iterable[int], plan: Sequence[int]) -> int:
    mask = 0
    for n in nodes:
        mask |= 1 << plan[n]
    return mask


def _identical_groups(nodes: list[int], plan: Sequence[int]) -> list[list[int]]:
    """Nodes of identical text where a plan has it more than once: merged pair by pair, in order."""
    group_of = {n: i for i, n in enumerate(nodes)}
    groups: dict[int, list[int]] = {i: [n] for i, n in enumerate(nodes)}
    for i, x in enumerate(nodes):
        for y in nodes[i + 1 :]:
            gx, gy = group_of[x], group_of[y]
            if gx == gy or {plan[n] for n in groups[gx]} & {plan[n] for n in groups[gy]}:
                continue
            for n in groups[gy]:
                group_of[n] = gx
            groups[gx] = sorted(groups[gx] + groups.pop(gy))
    return list(groups.values())


class _TextRelation:
    """Identical, the same template, or similar words (at least the threshold)."""

    def __init__(self, texts: _Texts, threshold: float, index: _Index) -> None:
        self.texts = texts
        self.threshold = threshold
        self.index = index
        self.edges: dict[tuple[int, int], Rel | None] = {}
        self.bounded: dict[tuple[int, int], bool] = {}  # pair -> whether the upper bounds reach the threshold

    def kind(self, tid: int) -> str:
        return self.texts.norm(tid)

    def candidates(self, active: Sequence[int], apart: Callable[[int, int], bool]) -> Iterable[tuple[int, int]]:
        texts, index = self.texts, self.index
        found: set[tuple[int, int]] = set()
        by_key: dict[str, list[int]] = defaultdict(list)
        for t in active:
            by_key[texts.key(t)].append(t)
            index.add(t)
        for same in by_key.values():
            for i, a in enumerate(same):
                for b in same[i + 1 :]:
                    if apart(a, b):
                        found.add((a, b))
        # texts sharing a shingle (a pair is found from whichever of its texts was looked up last),
        # and alike enough for the upper bounds of :meth:`_edge`
        is_active = set(active)
        for a in active:
            for b in index.near(a):
                if b in is_active and a != b and apart(a, b) and self._may_be_similar(a, b):
                    found.add((a, b) if a < b else (b, a))
        return [(a, b) for a, b in found if texts.norm(a) != texts.norm(b)]

    def _may_be_similar(self, a: int, b: int) -> bool:
        """False when the upper bounds of the similarity are below the threshold."""
        pair = (a, b) if a < b else (b, a)
        found = self.bounded.get(pair)
        if found is None:
            texts = self.texts
            la, lb = len(texts.words(a)), len(texts.words(b))
            # Upper bounds: the shorter text's length, then the words in common.
            found = self.bounded[pair] = not (
                2 * min(la, lb) < self.threshold * (la + lb)
                or 2 * texts.common_words(a, b) < self.threshold * (la + lb)
            )
        return found

    def edge(self, a: int, b: int) -> Rel | None:
        if (a, b) not in self.edges:
            self.edges[a, b] = self._edge(a, b)
        return self.edges[a, b]

    def _edge(self, a: int, b: int) -> Rel | None:
        texts = self.texts
        if texts.key(a) == texts.key(b) and texts.same_template(a, b):
            return (1, round(texts.similarity(a, b), 3))
        if texts.shingles(a).isdisjoint(texts.shingles(b)) or not self._may_be_similar(a, b):
            return None
        score = texts.similarity(a, b)
        return (2, round(score, 3)) if score >= self.threshold else None


class _NameRelation:
    """Partner names: the same folded name, or a spelling similarity of at least :data:`PARTNER_SIMILARITY`."""

    def __init__(self, texts: _Texts) -> None:
        self.texts = texts
        self.folded: dict[int, str] = {}
        self.edges: dict[tuple[int, int], Rel | None] = {}

    def fold(self, tid: int) -> str:
        found = self.folded.get(tid)
        if found is None:
            found = self.folded[tid] = fold_name(self.texts.texts[tid])
        return found

    def kind(self, tid: int) -> str:
        return self.fold(tid).replace(" ", "")

    def candidates(self, active: Sequence[int], apart: Callable[[int, int], bool]) -> Iterable[tuple[int, int]]:
        # Two names with a similarity of at least 0.85 share two consecutive
        # characters: matched characters that are never consecutive in both
        # names leave a gap after each, so 2m / (len a + len b) <= 2m / (3m - 1),
        # at most 0.8 for two or more, and one alone scores 1.0 only for two
        # equal one-character names (the same kind).
        if PARTNER_SIMILARITY <= 0.8:  # pragma: no cover - every pair is a candidate then
            pairs = [(a, b) for i, a in enumerate(active) for b in active[i + 1 :] if apart(a, b)]
            return [(a, b) for a, b in pairs if self.kind(a) != self.kind(b)]
        postings: dict[str, list[int]] = defaultdict(list)
        for t in active:
            name = self.fold(t)
            for bigram in {name[i : i + 2] for i in range(len(name) - 1)}:
                postings[bigram].append(t)
        found: set[tuple[int, int]] = set()
        for ts in postings.values():
            for i, a in enumerate(ts):
                for b in ts[i + 1 :]:
                    if apart(a, b):
                        found.add((a, b))
        return [(a, b) for a, b in found if self.kind(a) != self.kind(b)]

    def edge(self, a: int, b: int) -> Rel | None:
        if (a, b) not in self.edges:
            self.edges[a, b] = self._edge(a, b)
        return self.edges[a, b]

    def _edge(self, a: int, b: int) -> Rel | None:

        matcher = SequenceMatcher(None, self.fold(a), self.fold(b), autojunk=False)
        if matcher.real_quick_ratio() < PARTNER_SIMILARITY or matcher.quick_ratio() < PARTNER_SIMILARITY:
            return None
        ratio = matcher.ratio()
        return (1, round(ratio, 3)) if ratio >= PARTNER_SIMILARITY else None


def fold_name(name: str) -> str:
    """A partner name folded for matching: case, '&' and punctuation ignored."""
    folded = name.casefold().replace("&", " and ").replace("’", "'")
    return " ".join(re.sub(r"[^\w\s]", " ", folded).split())


def _shared(
    members: list[int], score: float, segs: Sequence[_Segments], graph: _Graph, codes: Sequence[str], texts: _Texts
) -> Shared:
    located = [(graph.plan[n], n - graph.first[graph.plan[n]]) for n in members]
    plans = tuple(codes[p] for p, _ in located)
    units = {codes[p]: tuple(segs[p].units[i] for i in segs[p].groups[s]) for p, s in located}
    if len({texts.norm(segs[p].ids[s]) for p, s in located}) == 1:
        return Shared("identical", 1.0, plans, units)
    pattern = _pattern([(codes[p], segs[p].ids[s]) for p, s in located], texts)
    if pattern is not None:
        return Shared("template", score, plans, units, pattern)
    return Shared("edited", score, plans, units)


def template_pattern(texts: Sequence[tuple[str, str]], names: Sequence[str]) -> Pattern | None:
    """The texts as one template sentence with slots, or None when they are not one template.

    The first text is the base: every other must be the same template
    (:func:`~rrpcli.textsim.template_slots`); slots where any text differs
    are merged across texts, so that three plans line up slot by slot.
    """
    known = _Texts(names)
    return _pattern([(code, known.id(text)) for code, text in texts], known)


def _pattern(items: Sequence[tuple[str, int]], texts: _Texts) -> Pattern | None:
    """:func:`template_pattern` of texts by id (their alignments shared with the rest of the comparison)."""
    (first, base_id), rest = items[0], items[1:]
    base = texts.split(base_id)
    opcodes: list[tuple[str, Sequence[Opcode], list[str]]] = []
    for code, tid in rest:
        if not texts.same_template(base_id, tid):
            return None
        opcodes.append((code, texts.opcodes(base_id, tid), texts.split(tid)))
    ranges = sorted((i1, i2) for _, ops, _ in opcodes for tag, i1, i2, _, _ in ops if tag != "equal")
    ranges = [_whole_names(base, i1, i2, texts.name_words) for i1, i2 in ranges]
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
        slot = {first: " ".join(base[s:e])}
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
    national: dict[str, list[Unit]] = {code: [] for code in codes}
    for s in sections:
        for item in s.shared:
            for code, units in item.units.items():
                national[code] += units
    counted: dict[str, int] = {}  # text -> words (national text is in every plan)

    def words_in(units: Iterable[Unit]) -> int:
        total = 0
        for u in units:
            n = counted.get(u.text)
            if n is None:
                n = counted[u.text] = word_count(u.text)
            total += n
        return total

    out: dict[str, PlanSummary] = {}
    for code in codes:
        regional = [u for s in sections for u in s.regional[code]]
        out[code] = PlanSummary(
            code,
            national_words=words_in(national[code]),
            regional_words=words_in(regional),
            national_units=len(national[code]),
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
