"""The texts of a section compared: each distinct text numbered once, with what aligning it needs.

Each distinct text of the section is handled once, whichever plans hold it:
national text, the same in every plan, is one text.
:class:`ComparedTexts` numbers the texts (a *text id*) and owns everything
worked out from them, each computed once, when first needed:

- per text, a :class:`rrpcli.textsim.Text` (words, normalised text,
  shingles, ...) and its *template key*: the text with region names, numbers
  and months blanked out and plurals folded, so that the instances of one
  template sentence have the same key;
- per pair of texts, their similarity (:func:`rrpcli.textsim.similarity`, word
  level, from the first text to the second: difflib's ratio is not
  symmetric), their alignment token by token, and whether they are one
  template sentence (:func:`rrpcli.textsim.template_slots`, decided here from
  the alignment at less cost).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from functools import partial

from rrpcli.textsim import MONTH_NAMES, NUMBER, Shingle, Text, plural_pair
from rrpcli.wordmatch import Opcode, blocks_opcodes, blocks_ratio, matching_blocks


class ComparedTexts:
    """The distinct texts of a section of the plans compared, by id, and what is worked out from them."""

    def __init__(self, names: Sequence[str]) -> None:
        #: The words of the plans' region names: template slots.
        self.name_words = frozenset(word for name in names for word in name.split())
        self._ids: dict[str, int] = {}
        self._texts: list[Text] = []
        self._shingles: dict[Shingle, Shingle] = {}  # one copy of each shingle for all the texts
        # Each worked out once: per token, text id, or pair of ids in their order.  (The
        # functions are handed what they need, not the object, so that no reference cycle keeps them.)
        key_form = functools.cache(partial(_key_form, self.name_words))
        self.template_key = functools.cache(partial(_template_key, self._texts, key_form))
        self.similarity = functools.cache(partial(_similarity, self._texts))
        self.opcodes = functools.cache(partial(_opcodes, self._texts))
        self.may_be_template = functools.cache(partial(_may_be_template, self._texts, key_form))
        self.same_template = functools.cache(
            partial(_same_template, self._texts, key_form, self.name_words, self.opcodes, self.may_be_template)
        )

    def id(self, text: str) -> int:
        """The text's id (a new one for a text not seen before)."""
        found = self._ids.get(text)
        if found is None:
            found = self._ids[text] = len(self._texts)
            self._texts.append(Text(text, self._shingles))
        return found

    def __getitem__(self, text_id: int) -> Text:
        """The text of an id."""
        return self._texts[text_id]


# -- per text ------------------------------------------------------------------------


def _key_form(name_words: frozenset[str], token: str) -> str | None:
    """One token of a template key: None for a name word, number or month (a slot), else the token, plural folded."""
    bare = token.strip(".,;:()")
    if (
        bare in name_words
        or ((bare[:1].isdigit() or bare[:1] in "£$") and NUMBER.match(bare) is not None)
        or bare.casefold() in MONTH_NAMES
    ):
        return None
    return token.removesuffix("s")


def _template_key(texts: Sequence[Text], key_form: Callable[[str], str | None], text_id: int) -> str:
    """The template key: names, numbers and months blanked out (``#``, once for a run), plurals folded."""
    key: list[str] = []
    for token in texts[text_id].text.split():
        form = key_form(token)
        if form is not None:
            key.append(form)
        elif not key or key[-1] != "#":  # a blanked-out token is "#", once for a run (after a literal "#" too)
            key.append("#")
    return " ".join(key)


# -- per pair --------------------------------------------------------------------------


def _similarity(texts: Sequence[Text], a: int, b: int) -> float:
    """:func:`~rrpcli.textsim.similarity` of two texts (word level, a to b)."""
    ta, tb = texts[a], texts[b]
    blocks = matching_blocks(ta.words, tb.words, ta.word_bag, tb.word_bag)  # (the bags hold every word)
    return blocks_ratio(blocks, len(ta.words) + len(tb.words))


def _opcodes(texts: Sequence[Text], a: int, b: int) -> list[Opcode]:
    """difflib's opcodes from one text's tokens to the other's (as template sentences are compared)."""
    ta, tb = texts[a], texts[b]
    blocks = matching_blocks(ta.tokens, tb.tokens, ta.token_set, tb.token_set)
    return blocks_opcodes(blocks, len(ta.tokens), len(tb.tokens))


def _same_template(
    texts: Sequence[Text],
    key_form: Callable[[str], str | None],
    name_words: frozenset[str],
    opcodes: Callable[[int, int], list[Opcode]],
    may_be_template: Callable[[int, int], bool],
    a: int,
    b: int,
) -> bool:
    """True when :func:`~rrpcli.textsim.template_slots` finds the texts one template sentence.

    That is: wherever the two texts differ, every token is a slot word (a
    name word, number or month) or the plural (or singular) of a token
    there, and a token only one text has is a name word.
    """
    if not may_be_template(a, b):
        return False
    ta, tb = texts[a].tokens, texts[b].tokens
    for op, i1, i2, j1, j2 in opcodes(a, b):
        if op == "equal":
            continue
        left, right = ta[i1:i2], tb[j1:j2]
        if not all(key_form(t) is None or plural_pair(t, right + left) for t in left + right):
            return False
        if (not left or not right) and not all(t.strip(".,;:()") in name_words for t in left + right):
            return False
    return True


def _may_be_template(texts: Sequence[Text], key_form: Callable[[str], str | None], a: int, b: int) -> bool:
    """False when a token of one text, found nowhere in the other, can be no slot (no alignment needed).

    Such a token is in a differing part of the two texts, where every
    token must be a name, number or month, or the plural (or singular) of
    a token next to it.
    """
    in_a, in_b = texts[a].token_set, texts[b].token_set
    bare: set[str] | None = None
    for token in in_a ^ in_b:
        if key_form(token) is None:
            continue
        if bare is None:
            bare = {t.strip(".,;:") for t in in_a | in_b}
        word = token.strip(".,;:")
        if word + "s" not in bare and not (word.endswith("s") and word[:-1] in bare):
            return False
    return True
