"""Word matching: difflib's alignment of two token lists, the same result at a fraction of the cost.

:func:`matching_blocks` finds exactly the matching blocks that
``difflib.SequenceMatcher(None, a, b, autojunk=False)`` finds for two lists of
tokens (words), and :func:`opcodes` and :func:`ratio` derive from them what
``get_opcodes()`` and ``ratio()`` would.  Exact means the same blocks, not
merely blocks as good: ``rrp compare`` and ``rrp diff`` show word diffs and
scores, and they must not depend on which matcher computed them.

How: difflib takes the longest block (the earliest in a, then in b), then
does the same left and right of it; so does :func:`matching_blocks`, without
difflib's junk machinery, mostly without searching for the longest block
(the longest runs of tokens the texts have in common usually are it), and
without searching at all where a part of the two texts is one text with some
words replaced (:func:`_replaced_only`), which is where texts that are alike
end up.
"""

from __future__ import annotations

from collections.abc import Sequence

#: A matching block ``(i, j, size)``: ``a[i:i + size] == b[j:j + size]``.
Block = tuple[int, int, int]
#: A difflib opcode: ``(tag, i1, i2, j1, j2)``, tag one of equal, replace, delete, insert.
Opcode = tuple[str, int, int, int, int]


def matching_blocks(
    a: list[str], b: list[str], in_a: set[str] | None = None, in_b: set[str] | None = None
) -> list[Block]:
    """difflib's matching blocks of a and b (``get_matching_blocks()`` without the sentinel).

    Each block ``(i, j, size)`` says ``a[i:i + size] == b[j:j + size]``; the
    blocks are in order and adjacent blocks are merged, as difflib has them.
    ``in_a`` and ``in_b``, the distinct tokens of a and b, may be passed when
    the caller already has them (sets holding other strings too, never
    tokens of the other text, do as well: they are only asked what they hold).
    """
    in_a = set(a) if in_a is None else in_a
    in_b = set(b) if in_b is None else in_b
    known = _replaced_only(a, b, in_a, in_b, 0, 0)
    if known is not None:
        return known
    b2j: dict[str, list[int]] | None = None
    queue = [(0, len(a), 0, len(b))]
    found: list[Block] = []
    while queue:
        alo, ahi, blo, bhi = queue.pop()
        if ahi - alo < len(a) or bhi - blo < len(b):
            part_a, part_b = a[alo:ahi], b[blo:bhi]
            in_a, in_b = set(part_a), set(part_b)
            known = _replaced_only(part_a, part_b, in_a, in_b, alo, blo)
            if known is not None:
                found += known
                continue
        block = _longest_run(a, b, alo, ahi, blo, bhi, in_a, in_b)
        if block is None:
            if b2j is None:
                b2j = {}
                for j, token in enumerate(b):
                    b2j.setdefault(token, []).append(j)
            block = _longest_block(a, b, alo, ahi, blo, bhi, b2j)
        besti, bestj, bestsize = block
        if bestsize:
            found.append(block)
            if alo < besti and blo < bestj:
                queue.append((alo, besti, blo, bestj))
            if besti + bestsize < ahi and bestj + bestsize < bhi:
                queue.append((besti + bestsize, ahi, bestj + bestsize, bhi))
    found.sort()
    merged: list[Block] = []
    i1 = j1 = k1 = 0
    for i2, j2, k2 in found:
        if i1 + k1 == i2 and j1 + k1 == j2:
            k1 += k2
        else:
            if k1:
                merged.append((i1, j1, k1))
            i1, j1, k1 = i2, j2, k2
    if k1:
        merged.append((i1, j1, k1))
    return merged


def _longest_block(
    a: list[str], b: list[str], alo: int, ahi: int, blo: int, bhi: int, b2j: dict[str, list[int]]
) -> Block:
    """The longest block of a[alo:ahi] and b[blo:bhi], as difflib's find_longest_match finds it (no junk)."""
    besti, bestj, bestsize = alo, blo, 0
    nothing: list[int] = []
    j2len: dict[int, int] = {}
    for i in range(alo, ahi):
        j2lenget = j2len.get
        newj2len: dict[int, int] = {}
        for j in b2j.get(a[i], nothing):
            if j < blo:
                continue
            if j >= bhi:
                break
            k = newj2len[j] = j2lenget(j - 1, 0) + 1
            if k > bestsize:
                besti, bestj, bestsize = i - k + 1, j - k + 1, k
        j2len = newj2len
    return besti, bestj, bestsize


def _longest_run(
    a: list[str], b: list[str], alo: int, ahi: int, blo: int, bhi: int, in_a: set[str], in_b: set[str]
) -> Block | None:
    """:func:`_longest_block` found without searching, where that is possible (else None).

    ``in_a`` and ``in_b`` are the tokens of a[alo:ahi] and b[blo:bhi].  A
    block lies within a run of tokens of a that occur in b (and within such a
    run of b), so it is no longer than the shorter of the longest runs.  When
    a run of that length is found in the other text, it is the longest block:
    the earliest in a, then in b.
    """
    runs_a = _common_runs(a, alo, ahi, in_b)
    if not runs_a:
        return alo, blo, 0
    runs_b = _common_runs(b, blo, bhi, in_a)
    most_a = max(e - s for s, e in runs_a)
    most_b = max(e - s for s, e in runs_b)
    if most_a <= most_b:
        for s, e in runs_a:
            if e - s == most_a:
                j = _find(b, a[s:e], blo, bhi)
                if j >= 0:
                    return s, j, most_a
        return None
    first = -1
    for s, e in runs_b:
        if e - s == most_b:
            i = _find(a, b[s:e], alo, ahi)
            if i >= 0 and (first < 0 or i < first):
                first = i
    if first < 0:
        return None
    return first, _find(b, a[first : first + most_b], blo, bhi), most_b


def _common_runs(seq: list[str], lo: int, hi: int, other: set[str]) -> list[tuple[int, int]]:
    """The maximal runs (start, end) of seq[lo:hi] whose tokens occur in the other text."""
    runs: list[tuple[int, int]] = []
    start = -1
    for i in range(lo, hi):
        if seq[i] in other:
            if start < 0:
                start = i
        elif start >= 0:
            runs.append((start, i))
            start = -1
    if start >= 0:
        runs.append((start, hi))
    return runs


def _find(seq: list[str], part: list[str], lo: int, hi: int) -> int:
    """The first position of part in seq[lo:hi], or -1."""
    size, first, last = len(part), part[0], hi - len(part)
    p = lo
    while p <= last:
        try:
            p = seq.index(first, p, last + 1)
        except ValueError:
            return -1
        if seq[p : p + size] == part:
            return p
        p += 1
    return -1


def _replaced_only(
    a: list[str], b: list[str], in_a: set[str], in_b: set[str], at_a: int, at_b: int
) -> list[Block] | None:
    """difflib's matching blocks (offset by at_a, at_b) when a and b differ only by replaced words, else None.

    Call a token of one text that occurs nowhere in the other *foreign*: no
    matching block can hold one.  When the maximal runs of tokens that are not
    foreign are the same runs, in the same order, in both texts, difflib
    matches exactly those runs: its first block is the first of the longest
    runs (no common block is longer than a run, and a longest run matched
    earlier in b would be an earlier longest run of a), and the same holds on
    either side of it.
    """
    la, lb = len(a), len(b)
    i = j = 0
    while i < la and a[i] not in in_b:
        i += 1
    while j < lb and b[j] not in in_a:
        j += 1
    out: list[Block] = []
    while i < la and j < lb:
        si, sj = i, j
        while i < la and j < lb and a[i] == b[j]:
            i += 1
            j += 1
        if (i < la and a[i] in in_b) or (j < lb and b[j] in in_a):
            return None
        out.append((at_a + si, at_b + sj, i - si))
        while i < la and a[i] not in in_b:
            i += 1
        while j < lb and b[j] not in in_a:
            j += 1
    if i < la or j < lb:
        return None
    return out


def blocks_ratio(blocks: Sequence[Block], length: int) -> float:
    """difflib's ratio from matching blocks: 2 × matched / ``length`` tokens in all (1.0 for two empty texts)."""
    return 2.0 * sum(k for _, _, k in blocks) / length if length else 1.0


def blocks_opcodes(blocks: Sequence[Block], len_a: int, len_b: int) -> list[Opcode]:
    """difflib's opcodes (``get_opcodes()``) from the matching blocks of texts of ``len_a`` and ``len_b`` tokens."""
    i = j = 0
    answer: list[Opcode] = []
    for ai, bj, size in [*blocks, (len_a, len_b, 0)]:
        tag = ""
        if i < ai and j < bj:
            tag = "replace"
        elif i < ai:
            tag = "delete"
        elif j < bj:
            tag = "insert"
        if tag:
            answer.append((tag, i, ai, j, bj))
        i, j = ai + size, bj + size
        if size:
            answer.append(("equal", ai, i, bj, j))
    return answer


def ratio(a: list[str], b: list[str]) -> float:
    """``SequenceMatcher(None, a, b, autojunk=False).ratio()``: 2 × matched / all tokens, 1.0 for two empty lists."""
    return blocks_ratio(matching_blocks(a, b), len(a) + len(b))


def opcodes(a: list[str], b: list[str]) -> list[Opcode]:
    """``SequenceMatcher(None, a, b, autojunk=False).get_opcodes()``: how to turn a into b."""
    return blocks_opcodes(matching_blocks(a, b), len(a), len(b))


def character_ratio(a: str, b: str) -> float:
    """``SequenceMatcher(None, a, b, autojunk=False).ratio()`` of two strings, character by character.

    :func:`ratio` of their characters, at a quarter of the cost on partner
    names: the few letters of a language occur all over a text, so
    :func:`matching_blocks` finds no foreign tokens to split the texts at and
    searches for each block position by position; here ``str.find`` searches
    (:func:`_longest_substring`).
    """
    matched = 0
    queue = [(0, len(a), 0, len(b))]
    while queue:
        alo, ahi, blo, bhi = queue.pop()
        i, j, size = _longest_substring(a, b, alo, ahi, blo, bhi)
        if size:
            matched += size
            if alo < i and blo < j:
                queue.append((alo, i, blo, j))
            if i + size < ahi and j + size < bhi:
                queue.append((i + size, ahi, j + size, bhi))
    return 2.0 * matched / (len(a) + len(b)) if a or b else 1.0


def _longest_substring(a: str, b: str, alo: int, ahi: int, blo: int, bhi: int) -> Block:
    """difflib's longest block of a[alo:ahi] and b[blo:bhi]: the longest, the earliest in a, then in b.

    A common substring of some length has common substrings of every shorter
    length, so the length is found by bisection, each step asking ``str.find``
    for the pieces of a of that length, in order.
    """

    def first_found(size: int) -> int:
        """The first position in a[alo:ahi] of a piece of ``size`` characters found in b[blo:bhi], or -1."""
        find = b.find
        for i in range(alo, ahi - size + 1):
            if find(a[i : i + size], blo, bhi) >= 0:
                return i
        return -1

    shortest, longest = 0, min(ahi - alo, bhi - blo)  # a common piece of `shortest` characters; none above `longest`
    besti = alo
    while shortest < longest:
        size = (shortest + longest + 1) // 2
        i = first_found(size)
        if i >= 0:
            shortest, besti = size, i
        else:
            longest = size - 1
    if not shortest:
        return alo, blo, 0
    return besti, b.find(a[besti : besti + shortest], blo, bhi), shortest
