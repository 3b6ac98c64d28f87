"""Split paragraphs: a plan's units of a section in *segments*, the pieces of a split paragraph joined.

Plans paragraph the same national text differently: North West runs "These
plans outline ... These plans are backed by ..." into one paragraph, East of
England splits it in two.  The alignment pairs segments, not units, so that
both pieces of the split paragraph are shared with the one paragraph.  A
segment is usually one unit.

Unit i of plan q is joined with unit i + 1 when, for a text u of another
plan p that plan q does not have, the consecutive units of q that lie mostly
inside u (at least :data:`JOIN_CONTAINMENT` of their shingles are u's, and
plan p does not have their texts) match u better joined than any piece
alone, by at least the threshold.  Only texts that some plan lacks can join
or be joined: text every plan has is national as it stands.

The units lying inside u are found through the section's index
(:class:`~rrpcli.compare.candidates.SectionIndex`): each text is looked up
once, for this and for its candidates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rrpcli.compare.candidates import SectionIndex
from rrpcli.compare.texts import ComparedTexts
from rrpcli.units import Unit
from rrpcli.wordmatch import ratio

#: A piece of a split paragraph must have at least this share of its shingles
#: inside the other plan's unit to be considered for joining.
JOIN_CONTAINMENT = 0.5


@dataclass(eq=False, repr=False)
class Segments:
    """One plan's units of a section, in segments (runs of units joined, usually one unit each)."""

    units: list[Unit]
    runs: list[tuple[int, ...]]  # the unit indices of each segment
    text_ids: list[int]  # the text of each segment (:class:`ComparedTexts`): its units' texts joined by a blank line

    def text(self, segment: int) -> str:
        """The text of a segment."""
        return "\n\n".join(self.units[i].text for i in self.runs[segment])


def one_unit_each(units: Sequence[Sequence[Unit]], texts: ComparedTexts) -> list[Segments]:
    """Every plan's units, a segment each (as partner names are compared)."""
    return [Segments(list(us), [(i,) for i in range(len(us))], [texts.id(u.text) for u in us]) for us in units]


def join_split_paragraphs(
    units: Sequence[Sequence[Unit]], texts: ComparedTexts, threshold: float, index: SectionIndex
) -> list[Segments]:
    """Every plan's units of a section, with split paragraphs joined where another plan has them as one unit.

    Each text some plan lacks is added to the section's ``index`` and looked up in it.
    """
    text_ids = [[texts.id(u.text) for u in us] for us in units]
    plans_with = _plans_with(text_ids, texts)  # normalised text -> plans having it (bits)
    everywhere = (1 << len(units)) - 1
    # Only texts some plan lacks can join or be joined: their units, by text.
    missing_somewhere: dict[int, list[tuple[int, int]]] = {}
    for plan, ids in enumerate(text_ids):
        for i, text_id in enumerate(ids):
            if plans_with[texts[text_id].normalised] != everywhere:
                missing_somewhere.setdefault(text_id, []).append((plan, i))
    for text_id, held in missing_somewhere.items():
        index.add(text_id, _bits(plan for plan, _ in held))
    shingle_count = {t: max(1, len(texts[t].shingles)) for t in missing_somewhere}
    # A plan with a text twice keeps one of its units apart (rrpcli.compare.grouping): nothing is taken for it.
    seen: set[tuple[str, int]] = set()
    twice: set[str] = set()
    for text_id, held in missing_somewhere.items():
        for plan, _ in held:
            normalised = texts[text_id].normalised
            if (normalised, plan) in seen:
                twice.add(normalised)
            seen.add((normalised, plan))

    joined_to_next: list[set[int]] = [set() for _ in units]  # per plan: units joined with the one after
    best_joins: dict[tuple[int, tuple[int, ...]], tuple[int, int, float] | None] = {}
    tried: set[tuple[int, int, tuple[int, ...]]] = set()
    for whole, held in missing_somewhere.items():
        has_whole = plans_with[texts[whole].normalised]
        # Nothing in the plans with the whole's text can be a piece, or be linked to it.
        taken = 0 if texts[whole].normalised in twice else has_whole
        shared = index.look_up(whole, taken)  # (the index also holds the texts' template keys: not shingles)
        whole_key = texts.template_key(whole)
        pieces = [
            t
            for t, count in shared.items()
            if count / shingle_count[t] >= JOIN_CONTAINMENT
            and (count - (texts.template_key(t) == whole_key)) / shingle_count[t] >= JOIN_CONTAINMENT
        ]
        inside: dict[int, list[int]] = defaultdict(list)  # plan -> its units lying mostly inside the whole
        for piece in pieces:
            for plan, i in missing_somewhere[piece]:
                if not has_whole >> plan & 1:
                    inside[plan].append(i)
        if not any(len(found) > 1 for found in inside.values()):
            continue
        for plan in sorted({plan for plan, _ in held}):
            for other, found in inside.items():
                # the pieces whose text the plan of the whole does not have
                chosen = tuple(
                    sorted(i for i in found if not plans_with[texts[text_ids[other][i]].normalised] >> plan & 1)
                )
                if len(chosen) < 2 or (whole, other, chosen) in tried:
                    continue
                tried.add((whole, other, chosen))
                for run in _runs(chosen, units[other]):
                    pieces_of_run = tuple(text_ids[other][i] for i in run)
                    if (whole, pieces_of_run) not in best_joins:
                        best_joins[whole, pieces_of_run] = _best_join(whole, pieces_of_run, texts)
                    best = best_joins[whole, pieces_of_run]
                    if best is not None and best[2] >= threshold:
                        start, end, _ = best
                        joined_to_next[other].update(run[start : end - 1])
    return [_segments(us, ids, joined, texts) for us, ids, joined in zip(units, text_ids, joined_to_next, strict=True)]


def _bits(plans: Iterable[int]) -> int:
    """Plans as bits."""
    mask = 0
    for plan in plans:
        mask |= 1 << plan
    return mask


def _plans_with(text_ids: Sequence[Sequence[int]], texts: ComparedTexts) -> dict[str, int]:
    """Each normalised text, with the plans (bits) that have a unit of it."""
    found: dict[str, int] = {}
    for plan, ids in enumerate(text_ids):
        for text_id in ids:
            normalised = texts[text_id].normalised
            found[normalised] = found.get(normalised, 0) | 1 << plan
    return found


def _segments(units: Sequence[Unit], text_ids: list[int], joined_to_next: set[int], texts: ComparedTexts) -> Segments:
    """One plan's units in segments: unit i runs on into unit i + 1 when i is joined to the next."""
    runs: list[tuple[int, ...]] = []
    current: list[int] = []
    for i in range(len(units)):
        current.append(i)
        if i not in joined_to_next:
            runs.append(tuple(current))
            current = []
    segments = Segments(list(units), runs, [])
    segments.text_ids = [
        text_ids[run[0]] if len(run) == 1 else texts.id(segments.text(s)) for s, run in enumerate(runs)
    ]
    return segments


def _runs(indices: Sequence[int], units: Sequence[Unit]) -> list[list[int]]:
    """Runs of consecutive units of one list (length two or more)."""
    runs: list[list[int]] = []
    for i in indices:
        if runs and runs[-1][-1] == i - 1 and units[i - 1].list_path == units[i].list_path:
            runs[-1].append(i)
        else:
            runs.append([i])
    return [r for r in runs if len(r) > 1]


def _best_join(whole: int, pieces: tuple[int, ...], texts: ComparedTexts) -> tuple[int, int, float] | None:
    """The pieces[start:end] whose joined words match the whole text best, if that beats every piece alone.

    Returns ``(start, end, similarity)``; None when no join of two or more pieces beats the best piece.
    """
    whole_words = texts[whole].words
    single = max(texts.similarity(whole, piece) for piece in pieces)
    best: tuple[int, int, float] | None = None
    for start in range(len(pieces)):
        for end in range(start + 2, len(pieces) + 1):
            joined = [w for piece in pieces[start:end] for w in texts[piece].words]
            score = ratio(whole_words, joined)
            if score > single and (best is None or score > best[2]):
                best = (start, end, score)
    return best
