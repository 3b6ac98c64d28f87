"""Text similarity for aligning plans: words, an index of shingles, pairing, word diffs.

The one similarity engine of rrp, shared by ``rrp compare`` (which text is
national, which regional) and ``rrp diff`` (which item of a revision is which
item of the old plan):

- :func:`words`, :func:`normalise`, :func:`shingles`: what texts are compared on;
- :class:`Text`: one text with those worked out once, when first needed;
- :func:`similarity`: the word-level ratio of :class:`difflib.SequenceMatcher`,
  ``2 × matching words / total words`` (1.0 for the same words in the same
  order), computed by :mod:`rrpcli.wordmatch`, which finds exactly difflib's
  matching blocks at less cost; :func:`similarity_bound`, its cheap upper
  bound (the words in common, in any order);
- :class:`ShingleIndex`: which texts share a *shingle* (a run of
  :data:`SHINGLE` consecutive words, or the whole text when it is shorter)
  with a given text, so that aligning two lists of n paragraphs costs about n
  lookups, not n² edit distances.  A lookup reads the rarest shingles first
  and can be given a budget: where many texts repeat the same phrases, the
  budget keeps each lookup to a fixed amount of work, and the rare phrases
  read first are the ones that tell texts apart;
- :func:`pair_items`: one-to-one pairing of two lists through the index;
  :func:`template_slots`: two instances of one template sentence;
  :func:`word_diff`: a word-level inline diff.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain, islice
from typing import Generic, TypeVar

from rrpcli.document import Span, SpanStyle
from rrpcli.wordmatch import opcodes, ratio

K = TypeVar("K", bound=Hashable)

#: At most this many candidates per item are verified word by word (:func:`pair_items`).
CANDIDATES = 8

#: Words per shingle.  Three words are rare enough to point at the same
#: sentence and short enough to survive local edits.
SHINGLE = 3

#: A shingle: a run of words (characters, for partner names).
Shingle = tuple[str, ...]

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
    # Interned: the words of many texts are the same few thousand, kept once (and compared by identity first).
    return list(map(sys.intern, "\0".join(found).casefold().replace("’", "'").split("\0"))) if found else []


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
    return _verified(Text.of_words(a), Text.of_words(b), threshold)


def _verified(a: Text, b: Text, threshold: float) -> float | None:
    """The similarity of a and b if it reaches ``threshold``, else None (upper bounds first)."""
    if length_bound(a, b) < threshold or similarity_bound(a, b) < threshold:
        return None
    score = ratio(a.words, b.words)
    return score if score >= threshold else None


def shingles(ws: Sequence[str], k: int = SHINGLE) -> set[tuple[str, ...]]:
    """The runs of ``k`` consecutive words; the whole text when it is shorter."""
    if len(ws) <= k:
        return {tuple(ws)} if ws else set()
    return set(zip(*(ws[i:] for i in range(k)), strict=False))


class Text:
    """One text and what comparing it needs, each worked out when first asked for and then kept.

    Texts are compared on their :func:`words` (similarity, shingles) and, as
    template sentences, on their whitespace-separated ``tokens``.
    """

    #: Words per shingle.
    shingle_size = SHINGLE

    def __init__(self, text: str, shared_shingles: dict[Shingle, Shingle] | None = None) -> None:
        self.text = text
        #: Where texts compared together keep one copy of each shingle (a phrase repeated in many texts is one tuple).
        self.shared_shingles = shared_shingles

    @classmethod
    def of_words(cls, ws: Sequence[str]) -> Text:
        """A text known only by its words."""
        known = cls(" ".join(ws))
        known.__dict__["words"] = list(ws)  # the cached property, already known
        return known

    @cached_property
    def words(self) -> list[str]:
        """:func:`words` of the text."""
        return words(self.text)

    @cached_property
    def normalised(self) -> str:
        """:func:`normalise` of the text: texts equal in this are identical."""
        return normalise(self.text)

    @cached_property
    def shingles(self) -> set[Shingle]:
        """:func:`shingles` of the text's words."""
        return set(self.shingle_list)

    @cached_property
    def shingle_list(self) -> tuple[Shingle, ...]:
        """The same shingles in the order they first occur in the text (a fixed order, unlike a set's)."""
        ws, k = self.words, self.shingle_size
        found = [tuple(ws)] if 0 < len(ws) <= k else dict.fromkeys(zip(*(ws[i:] for i in range(k)), strict=False))
        if self.shared_shingles is None:
            return tuple(found)
        one_copy = self.shared_shingles.setdefault
        return tuple([one_copy(sh, sh) for sh in found])

    @cached_property
    def word_bag(self) -> set[str]:
        """The words as a set that keeps repeats: a word's second and later occurrences numbered (``"the\\x002"``).

        So the number of words two texts have in common, repeats counted (the
        intersection of their bags of words), is the size of the intersection of their bags.
        It holds every distinct word, so it also tells which words a text has.
        """
        ws = self.words
        bag = set(ws)
        if len(bag) < len(ws):  # some word repeated: number its second and later occurrences
            times: dict[str, int] = {}
            for w in ws:
                n = times[w] = times.get(w, 0) + 1
                if n > 1:
                    bag.add(f"{w}\0{n}")
        return bag

    @cached_property
    def tokens(self) -> list[str]:
        """The whitespace-separated tokens (punctuation kept), as template sentences are compared."""
        return self.text.split()

    @cached_property
    def token_set(self) -> set[str]:
        """The distinct tokens."""
        return set(self.tokens)


def common_words(a: Text, b: Text) -> int:
    """How many words two texts have in common, repeats counted: the size of the intersection of their bags of words."""
    return len(a.word_bag & b.word_bag)


def length_bound(a: Text, b: Text) -> float:
    """An upper bound of the similarity of two texts from their lengths alone: ``2 × shorter / total``."""
    total = len(a.words) + len(b.words)
    return 2 * min(len(a.words), len(b.words)) / total if total else 1.0


def similarity_bound(a: Text, b: Text) -> float:
    """An upper bound of the similarity of two texts, at a fraction of its cost: ``2 × common words / total``.

    Matching words are words in common, in order; the bound counts them in
    any order (difflib's ``quick_ratio``).  It is no higher than
    :func:`length_bound`, which costs even less.
    """
    total = len(a.words) + len(b.words)
    return 2 * common_words(a, b) / total if total else 1.0


class ShingleIndex(Generic[K]):
    """An inverted index from shingles to the texts (keys) that contain them."""

    def __init__(self, k: int = SHINGLE) -> None:
        self.k = k
        self._postings: dict[Shingle, list[K]] = defaultdict(list)
        #: The words of each text added with :meth:`add`.
        self.words: dict[K, list[str]] = {}

    def add(self, key: K, text: str | Sequence[str]) -> None:
        """Index one text (or its words) under a key."""
        ws = words(text) if isinstance(text, str) else list(text)
        self.words[key] = ws
        self.add_shingles(key, shingles(ws, self.k))

    def add_shingles(self, key: K, found: Iterable[Shingle]) -> None:
        """Index a key under shingles already worked out."""
        postings = self._postings
        for sh in found:
            postings[sh].append(key)

    def keys_under(self, shingle: Shingle) -> Sequence[K]:
        """The keys indexed under one shingle, in the order they were added."""
        return self._postings.get(shingle, ())

    def add_keys(self, shingle: Shingle, keys: Iterable[K]) -> None:
        """Index keys under one shingle (after those there already)."""
        self._postings[shingle].extend(keys)

    def postings(self, found: Iterable[Shingle]) -> int:
        """How many postings (keys listed under the shingles) a lookup of them would read without a budget."""
        postings = self._postings
        return sum([len(postings[sh]) for sh in found if sh in postings])

    def shared(self, found: Collection[Shingle], budget: int | None = None) -> dict[K, int]:
        """The keys indexed under any of the shingles, with how many of them each shares (see :meth:`lookup`)."""
        return self.lookup(found, budget)[0]

    def lookup(self, found: Collection[Shingle], budget: int | None = None) -> tuple[dict[K, int], bool]:
        """The keys indexed under any of the shingles, with how many of them each shares; and whether that is all.

        With a ``budget``, at most that many postings (keys listed under the
        shingles) are read in all: the rarest shingles first (ties in the
        order the shingles are given: give them in a fixed order, not a set's),
        the last list read cut short where it must be (in the order keys were
        added).  A text made of phrases that hundreds of texts repeat then
        costs no more than one made of rare phrases, and what it finds are the
        texts that share its rarest phrases.  The second value is False when
        the budget cut the lookup short; otherwise the counts are exact.
        """
        postings = self._postings
        lists = [keys for sh in found if (keys := postings.get(sh))]
        complete = budget is None or sum(map(len, lists)) <= budget
        if not complete:
            assert budget is not None
            lists.sort(key=len)  # a stable sort: ties stay in the order given
            read, left = [], budget
            for keys in lists:
                read.append(keys if len(keys) <= left else keys[:left])
                left -= len(keys)
                if left <= 0:
                    break
            lists = read
        return Counter(chain.from_iterable(lists)), complete

    def candidates(self, text: str | Sequence[str], budget: int | None = None) -> dict[K, int]:
        """Keys of texts sharing at least one shingle with ``text``, with how many they share (see :meth:`shared`)."""
        ws = words(text) if isinstance(text, str) else text
        return self.shared(shingles(ws, self.k), budget)


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
        for j in islice(sorted(found, key=lambda k: (-found[k], k)), CANDIDATES):
            candidates[j].append((i, ws))
    scored: list[Pair] = []
    for j, lefts in candidates.items():
        right_text = Text.of_words(index.words[j])
        for i, ws in lefts:
            if (score := _verified(Text.of_words(ws), right_text, threshold)) is not None:
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
