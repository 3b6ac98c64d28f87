"""When two texts of different plans are the same national text: the *links* of the alignment.

Two segments of different plans are *linked* when their texts are

``identical``  the same text (:func:`rrpcli.textsim.normalise` equal): priority 0;
``template``   the same template key and one template sentence
               (:meth:`ComparedTexts.same_template`), whatever their
               similarity: priority 1;
``edited``     alike: they share a shingle (three words in a row) and their
               word similarity reaches the threshold: priority 2.

A link carries its priority and the similarity of the two texts (word level,
from the earlier plan's text to the later's, rounded to three places; 1.0 for
identical text).  Links are taken best first: lower priority, then higher
similarity.

Partner names ("Our partners") are linked as names instead (:class:`NameRelation`):
the same name with case, ``&``/``and`` and punctuation folded (priority 0), or
a spelling similarity of at least :data:`PARTNER_SIMILARITY` (priority 1).

Each relation also gives an *optimistic* link, :meth:`Relation.bound`: no link
of the two texts can come before it, and None means they cannot be linked at
all.  It costs a fraction of the real link (word counts, no alignment), so
the grouping (:mod:`rrpcli.compare.grouping`) works out real links only for
the pairs that can still change its result.  The real link of two texts
starts from it: it must never be None for texts that are linked, nor an
edited link for two template sentences.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from functools import cached_property, partial
from typing import Protocol

from rrpcli.compare.texts import ComparedTexts
from rrpcli.textsim import Shingle, Text, length_bound, similarity_bound
from rrpcli.wordmatch import character_ratio

#: How alike two partner names must be (difflib's ratio on the folded names, character by character).
PARTNER_SIMILARITY = 0.85

IDENTICAL, TEMPLATE, EDITED = 0, 1, 2


#: How two texts of different plans are linked: ``(priority, similarity)``, the priority of the kind of link
#: (IDENTICAL, TEMPLATE (or a partner name) or EDITED; lower is better) and their similarity, rounded to 3 places.
Link = tuple[int, float]


class Relation(Protocol):
    """Which texts of a section are linked, and what finds the candidates."""

    def kind(self, text_id: int) -> str:
        """Texts of one kind are identical (priority 0)."""

    def shingles(self, text_id: int) -> Sequence[Shingle]:
        """What the index finds the text by (in a fixed order): two texts that may be linked share one of these."""

    def bound(self, a: int, b: int) -> Link | None:
        """A link no link of a and b (either way round) comes before; None when they cannot be linked."""

    def link(self, a: int, b: int) -> Link | None:
        """The link from text a (of the earlier plan) to text b, if any."""


class TextRelation:
    """Identical, the same template sentence, or alike words (a shared shingle and a similarity of the threshold)."""

    def __init__(self, texts: ComparedTexts, threshold: float) -> None:
        self.texts = texts
        self.threshold = threshold
        # Worked out once per section: per text, and per pair of texts.
        self.shingles = functools.cache(partial(_text_shingles, texts))
        self.bound = functools.cache(partial(_text_bound, texts, threshold))
        self.link = functools.cache(partial(_text_link, texts, threshold, self.bound))

    def kind(self, text_id: int) -> str:
        """The normalised text."""
        return self.texts[text_id].normalised


def _text_shingles(texts: ComparedTexts, text_id: int) -> Sequence[Shingle]:
    """The text's shingles (in order), and its template key (so that the instances of a template find each other)."""
    return (*texts[text_id].shingle_list, ("\0template", texts.template_key(text_id)))


def _text_bound(texts: ComparedTexts, threshold: float, a: int, b: int) -> Link | None:
    ta, tb = texts[a], texts[b]
    if texts.template_key(a) == texts.template_key(b) and texts.may_be_template(a, b):
        return (TEMPLATE, round(similarity_bound(ta, tb), 3))
    if ta.shingles.isdisjoint(tb.shingles):  # (so neither text is without words)
        return None
    # the upper bounds of the similarity (see rrpcli.textsim), the cheaper first
    if length_bound(ta, tb) < threshold:
        return None
    bound = similarity_bound(ta, tb)
    return (EDITED, round(bound, 3)) if bound >= threshold else None


def _text_link(
    texts: ComparedTexts, threshold: float, bound: Callable[[int, int], Link | None], a: int, b: int
) -> Link | None:
    # The optimistic link (asked lower id first, as everywhere) has done the cheap checks: no link without it, and
    # an edited one unless it may be a template sentence.
    optimistic = bound(a, b) if a < b else bound(b, a)
    if optimistic is None:
        return None
    if optimistic[0] == TEMPLATE:
        if texts.same_template(a, b):
            return (TEMPLATE, round(texts.similarity(a, b), 3))
        ta, tb = texts[a], texts[b]
        if (
            length_bound(ta, tb) < threshold
            or ta.shingles.isdisjoint(tb.shingles)
            or similarity_bound(ta, tb) < threshold
        ):
            return None
    score = texts.similarity(a, b)
    return (EDITED, round(score, 3)) if score >= threshold else None


class FoldedName(Text):
    """A partner name folded for matching (:func:`fold_name`), compared character by character."""

    @cached_property
    def words(self) -> list[str]:
        """The characters."""
        return list(self.text)

    #: Two characters in a row: two names alike enough to be linked always share two.  Matched characters
    #: that are never consecutive in both names leave a gap after each, so ``2m / (len a + len b) <= 2m / (3m - 1)``:
    #: at most 0.8 (below :data:`PARTNER_SIMILARITY`) for two or more, and one alone scores 1.0 only for two
    #: equal one-character names (the same kind).
    shingle_size = 2


class NameRelation:
    """Partner names: the same folded name, or a spelling similarity of at least :data:`PARTNER_SIMILARITY`."""

    def __init__(self, texts: ComparedTexts) -> None:
        self.folded = functools.cache(lambda text_id: FoldedName(fold_name(texts[text_id].text)))
        self.bound = functools.cache(partial(_name_bound, self.folded))
        self.link = functools.cache(partial(_name_link, self.folded))

    def kind(self, text_id: int) -> str:
        """The folded name without spaces."""
        return self.folded(text_id).text.replace(" ", "")

    def shingles(self, text_id: int) -> Sequence[Shingle]:
        """Pairs of consecutive characters of the folded name, in order."""
        return self.folded(text_id).shingle_list


def _name_bound(folded: Callable[[int], FoldedName], a: int, b: int) -> Link | None:
    fa, fb = folded(a), folded(b)
    if length_bound(fa, fb) < PARTNER_SIMILARITY:
        return None
    bound = similarity_bound(fa, fb)
    return (TEMPLATE, round(bound, 3)) if bound >= PARTNER_SIMILARITY else None


def _name_link(folded: Callable[[int], FoldedName], a: int, b: int) -> Link | None:
    if _name_bound(folded, a, b) is None:
        return None
    score = character_ratio(folded(a).text, folded(b).text)
    return (TEMPLATE, round(score, 3)) if score >= PARTNER_SIMILARITY else None


def fold_name(name: str) -> str:
    """A partner name folded for matching: case, '&' and punctuation ignored."""
    folded = name.casefold().replace("&", " and ").replace("’", "'")
    return " ".join(re.sub(r"[^\w\s]", " ", folded).split())
