"""textsim and its word matcher: difflib's alignment, computed at less cost, with difflib's results."""

from __future__ import annotations

import random
from collections import Counter
from difflib import SequenceMatcher

import pytest
from conftest import SENTENCES, plan_texts

from rrpcli import textsim
from rrpcli.wordmatch import (
    Opcode,
    blocks_opcodes,
    blocks_ratio,
    character_ratio,
    matching_blocks,
    opcodes,
    ratio,
)

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


def test_character_ratio_is_difflibs() -> None:
    """Two strings compared character by character: difflib's ratio, on random strings and on partner names."""
    rng = random.Random(1986)
    for _ in range(5000):
        a = "".join(rng.choice("abc de") for _ in range(rng.randint(0, 30)))
        b = "".join(rng.choice("abcd ef") for _ in range(rng.randint(0, 30)))
        assert character_ratio(a, b) == SequenceMatcher(None, a, b, autojunk=False).ratio(), (a, b)
    names = [
        "national police chiefs council across the region in newham",
        "national fire chiefs council across the region in wrexham",
        "hm prison and probation service",
        "",
    ]
    for a in names:
        for b in names:
            assert (
                character_ratio(a, b) == SequenceMatcher(None, a, b, autojunk=False).ratio() == ratio(list(a), list(b))
            )


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
        return out

    fast = results()
    monkeypatch.setattr(textsim, "ratio", difflib_ratio)
    monkeypatch.setattr(textsim, "opcodes", difflib_opcodes)
    slow = results()
    assert len(fast) == len(slow)
    for got, expected in zip(fast, slow, strict=True):
        assert got == expected
    assert sum(bool(textsim.template_slots(a, b, NAMES)) for a, b in pairs) >= 2  # templates among the pairs


# -- the one engine: texts, bounds and the index --------------------------------------------


def test_text_is_worked_out_as_defined() -> None:
    """A Text's words, shingles (in order of first occurrence), bag of words and tokens are the plain definitions."""
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    for text in [*plan_texts(), *SENTENCES, "the the the cat the", "a b a b a b"]:
        known = textsim.Text(text, shared)
        ws = textsim.words(text)
        assert known.words == ws
        assert known.normalised == textsim.normalise(text)
        assert known.shingles == textsim.shingles(ws)
        assert len(known.shingle_list) == len(known.shingles)
        positions = [next(i for i in range(len(ws)) if tuple(ws[i : i + len(sh)]) == sh) for sh in known.shingle_list]
        assert positions == sorted(positions)  # in the order they first occur
        assert all(shared[sh] is sh for sh in known.shingle_list)  # one copy of each, for all the texts
        assert known.tokens == text.split() and known.token_set == set(text.split())
        assert set(ws) <= known.word_bag and len(known.word_bag) == len(ws)


def test_bounds_are_difflibs_quick_ratios() -> None:
    """The bounds are difflib's real_quick_ratio and quick_ratio, and never below the similarity."""
    texts = [*SENTENCES, *plan_texts()[:60], "the the the cat", "the cat the the"]
    for a in texts:
        for b in texts:
            ta, tb = textsim.Text(a), textsim.Text(b)
            matcher = SequenceMatcher(None, ta.words, tb.words, autojunk=False)
            assert textsim.length_bound(ta, tb) == matcher.real_quick_ratio()
            assert textsim.similarity_bound(ta, tb) == matcher.quick_ratio()
            assert textsim.common_words(ta, tb) == sum((Counter(ta.words) & Counter(tb.words)).values())
            assert textsim.similarity_bound(ta, tb) >= textsim.similarity(a, b)


def test_index_lookup_reads_the_rarest_shingles_first() -> None:
    """A lookup counts shared shingles; with a budget it reads the rarest first, the order given breaking ties."""
    index: textsim.ShingleIndex[int] = textsim.ShingleIndex()
    rare, common, other = ("a", "b", "c"), ("x", "y", "z"), ("p", "q", "r")
    index.add_shingles(0, [rare, common])
    for key in range(1, 6):
        index.add_shingles(key, [common])
    index.add_shingles(6, [other])
    assert index.postings([rare, common, other]) == 8
    assert index.lookup([common, rare], None) == ({0: 2, 1: 1, 2: 1, 3: 1, 4: 1, 5: 1}, True)
    assert index.lookup([common, rare], 8) == ({0: 2, 1: 1, 2: 1, 3: 1, 4: 1, 5: 1}, True)
    assert index.lookup([common, rare], 3) == ({0: 2, 1: 1}, False)  # the rare list, then the common one cut short
    assert index.lookup([other, rare], 1) == ({6: 1}, False)  # a tie: in the order given
    assert index.lookup([rare, other], 1) == ({0: 1}, False)
    assert index.shared([("n", "o", "t")]) == {}
    assert index.candidates("x y z", 10) == {0: 1, 1: 1, 2: 1, 3: 1, 4: 1, 5: 1}
