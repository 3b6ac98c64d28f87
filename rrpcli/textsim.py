"""Text similarity for aligning plans: words, an index of shingles, pairing, word diffs.

Shared by ``rrp compare`` (which text is national, which regional) and
``rrp diff`` (which item of a revision is which item of the old plan).

Two texts are only ever compared word by word when they share a *shingle*
(a run of :data:`SHINGLE` consecutive words, or the whole text when it is
shorter): an inverted index finds those candidates, so aligning two lists of
n paragraphs costs about n lookups, not n² edit distances.

Similarity is the word-level ratio of :class:`difflib.SequenceMatcher`:
``2 × matching words / total words``, 1.0 for the same words in the same order.
Word alignments (ratios, opcodes) are computed by :mod:`rrpcli.wordmatch`, which
finds exactly difflib's matching blocks at less cost.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Generic, TypeVar

from rrpcli.document import Span, SpanStyle
from rrpcli.wordmatch import opcodes, ratio

if TYPE_CHECKING:
    from difflib import SequenceMatcher

K = TypeVar("K", bound=Hashable)

#: At most this many candidates per item are verified word by word.
CANDIDATES = 8

#: Words per shingle.  Three words are rare enough to point at the same
#: sentence and short enough to survive local edits.
SHINGLE = 3

_WORD = re.compile(r"[\w£%][\w£%'’.,-]*[\w%]|[\w£%]", re.UNICODE)
#: A number token: ``2022``, ``1,200``, ``18%``, ``£5.50``.
NUMBER = re.compile(r"^[£$]?\d[\d,.]*%?$")
MONTH_NAMES = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)


def words(text: str) -> list[str]:
    """The words of a text, folded for comparison (case, quotes and trailing punctuation ignored).

    That is ``[w.casefold().replace("’", "'").strip(".,") for w in _WORD.findall(text)]``,
    at less cost: a word found by its pattern begins and ends with a letter,
    digit, ``£`` or ``%``, so stripping ``.,`` from it changes nothing; and case
    folding goes character by character, so the words can be folded all at once.
    """
    found = _WORD.findall(text)
    return "\0".join(found).casefold().replace("’", "'").split("\0") if found else []


def similarity(a: str | Sequence[str], b: str | Sequence[str]) -> float:
    """How alike two texts are, from 0.0 (nothing shared) to 1.0 (the same words in order)."""
    wa = words(a) if isinstance(a, str) else list(a)
    wb = words(b) if isinstance(b, str) else list(b)
    if not wa and not wb:
        return 1.0
    return ratio(wa, wb)


def similar(a: Sequence[str], b: Sequence[str], threshold: float) -> float | None:
    """The similarity of two word lists when it reaches ``threshold``, else None.

    Cheap upper bounds (the lengths, then the words in common regardless of
    order) rule most candidates out before the full comparison.
    """
    if not a and not b:
        return 1.0

    wa, wb = list(a), list(b)
    return _verified(SequenceMatcher(None, wa, wb, autojunk=False), wa, wb, threshold)


def _verified(matcher: SequenceMatcher[str], a: list[str], b: list[str], threshold: float) -> float | None:
    """The similarity of a and b if it reaches ``threshold``, else None.

    ``matcher`` holds a and b; only its ``quick_ratio()`` (an upper bound of the
    similarity) is used, the similarity itself comes from :mod:`rrpcli.wordmatch`.
    """
    len_a, len_b = len(a), len(b)
    if 2 * min(len_a, len_b) < threshold * (len_a + len_b):
        return None
    if matcher.quick_ratio() < threshold:
        return None
    score = ratio(a, b)
    return score if score >= threshold else None


def shingles(ws: Sequence[str], k: int = SHINGLE) -> set[tuple[str, ...]]:
    """The runs of ``k`` consecutive words; the whole text when it is shorter."""
    if len(ws) <= k:
        return {tuple(ws)} if ws else set()
    return set(zip(*(ws[i:] for i in range(k)), strict=False))


class ShingleIndex(Generic[K]):
    """An inverted index from shingles to the texts that contain them."""

    def __init__(self, k: int = SHINGLE) -> None:
        self.k = k
        self._postings: dict[tuple[str, ...], list[K]] = defaultdict(list)
        self.words: dict[K, list[str]] = {}
        self._matchers: dict[K, SequenceMatcher[str]] = {}

    def add(self, key: K, text: str) -> None:
        """Index one text under a key."""
        ws = words(text)
        self.words[key] = ws
        for sh in shingles(ws, self.k):
            self._postings[sh].append(key)

    def similar_to(self, text: str | Sequence[str], threshold: float) -> Iterator[tuple[K, float]]:
        """Indexed texts whose similarity to ``text`` reaches ``threshold``, most shared shingles first.

        Each indexed text keeps its own difflib matcher, so the word counts
        behind its quick upper bound are counted once however many texts it is
        compared with.
        """
        ws = words(text) if isinstance(text, str) else list(text)
        found = self.candidates(ws)
        for key in sorted(found, key=lambda k: -found[k]):
            matcher = self._matchers.get(key)
            if matcher is None:
                matcher = self._matchers[key] = SequenceMatcher(None, (), self.words[key], autojunk=False)
            matcher.set_seq1(ws)
            if (score := _verified(matcher, ws, self.words[key], threshold)) is not None:
                yield key, score

    def candidates(self, text: str | Sequence[str]) -> dict[K, int]:
        """Keys of texts sharing at least one shingle with ``text``, with how many they share."""
        ws = words(text) if isinstance(text, str) else text
        found: dict[K, int] = defaultdict(int)
        for sh in shingles(ws, self.k):
            for key in self._postings.get(sh, ()):
                found[key] += 1
        return dict(found)


@dataclass
class Pair:
    """Item ``left`` of one list paired with item ``right`` of another, and how alike they are."""

    left: int
    right: int
    score: float


def pair_items(left: Sequence[str], right: Sequence[str], threshold: float) -> list[Pair]:
    """Pair the items of two lists one-to-one by content, best matches first.

    Only candidates found through the shingle index are scored; a pair needs
    a similarity of at least ``threshold``.  Identical texts always pair, in
    order, before anything else.  The result is sorted by ``left``.
    """
    pairs: list[Pair] = []
    used_left: set[int] = set()
    used_right: set[int] = set()
    # Exact matches first, by position, so repeated items pair in order.
    by_text: dict[str, list[int]] = defaultdict(list)
    for j, text in enumerate(right):
        by_text[normalise(text)].append(j)
    for i, text in enumerate(left):
        js = by_text.get(normalise(text))
        if js:
            j = js.pop(0)
            pairs.append(Pair(i, j, 1.0))
            used_left.add(i)
            used_right.add(j)
    index: ShingleIndex[int] = ShingleIndex()
    for j, text in enumerate(right):
        if j not in used_right:
            index.add(j, text)
    candidates: dict[int, list[tuple[int, list[str]]]] = defaultdict(list)
    for i, text in enumerate(left):
        if i in used_left:
            continue
        ws = words(text)
        found = index.candidates(ws)
        # Verify only the candidates sharing the most shingles: the right one is
        # always among them, and a list of near-repeats cannot turn this quadratic.
        for j in sorted(found, key=lambda k: (-found[k], k))[:CANDIDATES]:
            candidates[j].append((i, ws))
    scored: list[Pair] = []
    for j, lefts in candidates.items():
        # One matcher per right item: difflib counts the second sequence's words once.
        wj = index.words[j]

        matcher = SequenceMatcher(None, (), wj, autojunk=False)
        for i, ws in lefts:
            matcher.set_seq1(ws)
            if (score := _verified(matcher, ws, wj, threshold)) is not None:
                scored.append(Pair(i, j, score))
    for pair in sorted(scored, key=lambda p: (-p.score, p.left, p.right)):
        if pair.left not in used_left and pair.right not in used_right:
            pairs.append(pair)
            used_left.add(pair.left)
            used_right.add(pair.right)
    return sorted(pairs, key=lambda p: p.left)


def normalise(text: str) -> str:
    """Text with spacing and quote styles evened out, for exact comparison."""
    return " ".join(text.replace("’", "'").replace("‘", "'").split())


def _is_slot_word(token: str, names: Iterable[str]) -> bool:
    bare = token.strip(".,;:()")
    return bool(NUMBER.match(bare)) or bare.casefold() in MONTH_NAMES or bare in names


def template_slots(a: str, b: str, names: Iterable[str] = ()) -> list[tuple[str, str]] | None:
    """The differing values of two instances of one template sentence, or None.

    Two sentences are the same template when they differ only in numbers,
    percentages, months and the given names (region names): e.g. "By July
    2023, North West will increase ... by 1 percentage point from 18% ..."
    and "... East of England ... by 6 percentage points from 14% ...".
    Plural endings after a number ("point"/"points") are allowed to differ.
    """
    name_words = {w for n in names for w in n.split()}
    ta, tb = a.split(), b.split()
    slots: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in opcodes(ta, tb):
        if op == "equal":
            continue
        left, right = ta[i1:i2], tb[j1:j2]
        if not all(_is_slot_word(t, name_words) or plural_pair(t, right + left) for t in left + right):
            return None
        # An inserted or dropped word is a template slot only if it is a name
        # word (e.g. "East of England" against "North West").
        if (not left or not right) and not all(t.strip(".,;:()") in name_words for t in left + right):
            return None
        slots.append((" ".join(left), " ".join(right)))
    return slots


def plural_pair(token: str, others: Sequence[str]) -> bool:
    """``point`` against ``points``: a plural that follows a changed number."""
    bare = token.strip(".,;:")
    return any(o.strip(".,;:") in (bare + "s", bare.removesuffix("s")) and o.strip(".,;:") != bare for o in others)


def word_diff(old: str, new: str) -> list[Span]:
    """A word-level inline diff: unchanged words plain, removed words ``del``, added words ``ins``.

    Words are separated by single spaces; a removal is followed directly by
    what replaced it, as in ``git diff --word-diff``: ``by [-1-]{+2+} points``.
    """
    ta, tb = old.split(), new.split()
    pieces: list[tuple[str, SpanStyle]] = []
    previous = ""
    for op, i1, i2, j1, j2 in opcodes(ta, tb):
        runs: list[tuple[str, SpanStyle]] = [(" ".join(ta[i1:i2]), "plain")]
        if op != "equal":
            runs = [(" ".join(ta[i1:i2]), "del"), (" ".join(tb[j1:j2]), "ins")]
        for text, style in runs:
            if not text:
                continue
            if pieces and not (previous == "del" and style == "ins"):
                pieces.append((" ", "plain"))
            pieces.append((text, style))
            previous = style
    out: list[Span] = []
    for text, style in pieces:  # runs of one style make one span
        if out and out[-1].style == style:
            out[-1] = Span(out[-1].text + text, style)
        else:
            out.append(Span(text, style))
    return out


def word_count(text: str) -> int:
    """Words as a reader counts them (whitespace-separated)."""
    return len(text.split())
