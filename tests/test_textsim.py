"""textsim and its word matcher: difflib's alignment, computed at less cost, with difflib's results."""

from __future__ import annotations

import random
from difflib import SequenceMatcher

import pytest
from conftest import SENTENCES, plan_texts

from rrpcli import textsim
from rrpcli.wordmatch import Opcode, blocks_opcodes, blocks_ratio, matching_blocks, opcodes, ratio

NAMES = ["North West", "East of England", "Kent, Surrey and Sussex"]


def difflib_ratio(a: list[str], b: list[str]) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def difflib_opcodes(a: list[str], b: list[str]) -> list[Opcode]:
    return SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


# -- the word matcher ------------------------------------------------------------------


def test_matching_blocks_are_difflibs() -> None:
    """The sequence matcher gives difflib's matching blocks, opcodes and ratio."""
    rng = random.Random(2022)
    vocabulary = ["the", "and", "of", "North", "West", "1", "2022", "a", "b", "c", "d", "e"]
    for _ in range(4000):
        a = [rng.choice(vocabulary[: rng.randint(2, len(vocabulary))]) for _ in range(rng.randint(0, 30))]
        b = list(a)
        for _ in range(rng.randint(0, 5)):
            at = rng.randint(0, len(b))
            edit = rng.random()
            if edit < 0.3 and b:
                b[min(at, len(b) - 1)] = rng.choice([*vocabulary, "X", "Y"])
            elif edit < 0.6:
                b[at:at] = rng.choices([*vocabulary, "X"], k=rng.randint(1, 3))
            elif edit < 0.8:
                del b[at : at + rng.randint(1, 3)]
            else:
                b = b[at:] + b[:at]
        matcher = SequenceMatcher(None, a, b, autojunk=False)
        blocks = matching_blocks(a, b)
        assert blocks == [tuple(m) for m in matcher.get_matching_blocks()[:-1]], (a, b)
        assert blocks_opcodes(blocks, len(a), len(b)) == matcher.get_opcodes()
        assert opcodes(a, b) == matcher.get_opcodes()
        assert blocks_ratio(blocks, len(a) + len(b)) == ratio(a, b) == matcher.ratio()


def test_matching_blocks_of_plan_text_are_difflibs() -> None:
    """The same on real plan text, by words and by whitespace-separated tokens."""
    texts = plan_texts()
    pairs = list(zip(texts, texts[1:] + texts[:1], strict=True))
    pairs += [(a, b) for a in [*SENTENCES, *texts[:40]] for b in [*SENTENCES, *texts[:40]]]
    for old, new in pairs:
        for a, b in ((textsim.words(old), textsim.words(new)), (old.split(), new.split())):
            matcher = SequenceMatcher(None, a, b, autojunk=False)
            assert matching_blocks(a, b) == [tuple(m) for m in matcher.get_matching_blocks()[:-1]], (old, new)


# -- textsim ---------------------------------------------------------------------------


def test_words_and_shingles_as_defined() -> None:
    """The fast words and shingles are the plain definitions."""
    for text in [*plan_texts(), *SENTENCES]:
        defined = [w.casefold().replace("’", "'").strip(".,") for w in textsim._WORD.findall(text)]
        assert textsim.words(text) == defined, text
        for k in range(1, 5):
            expected = {tuple(defined)} if defined else set()
            if len(defined) > k:
                expected = {tuple(defined[i : i + k]) for i in range(len(defined) - k + 1)}
            assert textsim.shingles(defined, k) == expected
            assert textsim.shingles(tuple(defined), k) == expected


def test_results_are_difflibs(monkeypatch: pytest.MonkeyPatch) -> None:
    """similarity, similar, pair_items, ShingleIndex, template_slots and word_diff: as with difflib's matcher."""
    texts = plan_texts()
    some = [*SENTENCES, *texts[:40]]
    pairs = [(a, b) for a in some for b in some] + list(zip(texts, texts[1:] + texts[:1], strict=True))
    nw, eoe = texts[: len(texts) // 2], texts[len(texts) // 2 :]

    def results() -> list[object]:
        out: list[object] = []
        for a, b in pairs:
            wa, wb = textsim.words(a), textsim.words(b)
            out += [
                textsim.similarity(a, b),
                textsim.similarity(wa, tuple(wb)),
                textsim.similar(wa, wb, 0.6),
                textsim.similar(tuple(wa), wb, 0.3),
                textsim.template_slots(a, b, NAMES),
                textsim.word_diff(a, b),
            ]
        for threshold in (0.3, 0.6, 0.9):
            out.append(textsim.pair_items(nw, eoe, threshold))
            index: textsim.ShingleIndex[int] = textsim.ShingleIndex()
            for j, text in enumerate(eoe):
                index.add(j, text)
            out += [list(index.similar_to(text, threshold)) for text in nw]
        return out

    fast = results()
    monkeypatch.setattr(textsim, "ratio", difflib_ratio)
    monkeypatch.setattr(textsim, "opcodes", difflib_opcodes)
    slow = results()
    assert len(fast) == len(slow)
    for got, expected in zip(fast, slow, strict=True):
        assert got == expected
    assert sum(bool(textsim.template_slots(a, b, NAMES)) for a, b in pairs) >= 2  # templates among the pairs
