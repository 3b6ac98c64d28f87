"""A shared item of template sentences, written once: literal text and slots, one value per plan.

``Working together across the [North West | East of England] region ...``:
the first plan's text is the base, every other plan's text must be the same
template sentence (:meth:`ComparedTexts.same_template`), and wherever any
plan's text differs from the base the values form a slot.  Slots of
different plans that overlap are merged, so that three or more plans line up
slot by slot; a slot holding part of a region name is widened to the whole
name, and punctuation all values end with is moved out of the slot.
"""

from __future__ import annotations

from collections.abc import Sequence

from rrpcli.compare.result import Pattern, Slot
from rrpcli.compare.texts import ComparedTexts
from rrpcli.wordmatch import Opcode


def template_pattern(texts: Sequence[tuple[str, str]], names: Sequence[str]) -> Pattern | None:
    """The texts (plan code, text) as one template sentence with slots, or None when they are not one template."""
    known = ComparedTexts(names)
    return shared_pattern([(code, known.id(text)) for code, text in texts], known)


def shared_pattern(items: Sequence[tuple[str, int]], texts: ComparedTexts) -> Pattern | None:
    """:func:`template_pattern` of texts by id (their alignments shared with the rest of the comparison)."""
    (first, base_id), rest = items[0], items[1:]
    base = texts[base_id].tokens
    aligned: list[tuple[str, Sequence[Opcode], list[str]]] = []
    for code, text_id in rest:
        if not texts.same_template(base_id, text_id):
            return None
        aligned.append((code, texts.opcodes(base_id, text_id), texts[text_id].tokens))
    differing = sorted((i1, i2) for _, ops, _ in aligned for tag, i1, i2, _, _ in ops if tag != "equal")
    widened = [_whole_names(base, i1, i2, texts.name_words) for i1, i2 in differing]
    merged: list[list[int]] = []
    for i1, i2 in sorted(widened):
        if merged and i1 <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], i2)
        else:
            merged.append([i1, i2])
    pattern: list[str | Slot] = []
    previous = 0
    for start, end in merged:
        if base[previous:start]:
            pattern.append(" ".join(base[previous:start]))
        slot = {first: " ".join(base[start:end])}
        for code, ops, other in aligned:
            slot[code] = " ".join(
                other[_position_in_other(ops, start, end=False) : _position_in_other(ops, end, end=True)]
            )
        pattern.extend(_punctuation_outside(slot))
        previous = end
    if base[previous:]:
        pattern.append(" ".join(base[previous:]))
    joined: list[str | Slot] = []  # literal pieces next to each other made one
    for piece in pattern:
        if joined and isinstance(piece, str) and isinstance(joined[-1], str):
            joined[-1] += " " + piece
        else:
            joined.append(piece)
    return tuple(joined)


def _whole_names(base: Sequence[str], start: int, end: int, name_words: frozenset[str]) -> tuple[int, int]:
    """A slot holding part of a region name, widened to the whole name (``[North | South] West``: whole names)."""

    def is_name(token: str) -> bool:
        bare = token.strip(".,;:()")
        return bare in name_words and bare[:1].isupper()

    if not any(is_name(t) for t in base[start:end]):
        return start, end
    while start > 0 and is_name(base[start - 1]):
        start -= 1
    while end < len(base) and is_name(base[end]):
        end += 1
    return start, end


def _punctuation_outside(slot: Slot) -> list[str | Slot]:
    """A slot whose values all end in the same punctuation, with it moved out: ``North West.``."""
    ends = {value[-1:] for value in slot.values()}
    if len(ends) == 1 and (end := ends.pop()) in ".,;:" and all(len(v) > 1 for v in slot.values()):
        return [{code: value[:-1] for code, value in slot.items()}, end]
    return [slot]


def _position_in_other(ops: Sequence[Opcode], i: int, *, end: bool) -> int:
    """Where boundary ``i`` of the base falls in the other text (after what is inserted there when ``end``)."""
    found: list[int] = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal" and i1 <= i <= i2:
            found.append(j1 + i - i1)
        elif i == i1:
            found.append(j1)
        elif i == i2:
            found.append(j2)
    return max(found) if end else min(found)
