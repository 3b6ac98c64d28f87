"""The one escaping rule: what each output makes of characters that would act (rrpcli.escaping)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rrpcli.escaping import UNSAFE_CHARACTERS, find_unsafe, md_escape, printable, shorten, to_json, unsafe_name

UNSAFE = [chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0), 0x61C, 0x200E, 0x200F)] + [
    *"\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029"
]
UNSAFE_NOT_LAYOUT = [c for c in UNSAFE if c not in "\t\n"]


def test_the_set_is_the_documented_one() -> None:
    import re

    pattern = re.compile(f"[{UNSAFE_CHARACTERS}]")
    assert [c for c in map(chr, range(0x3000)) if pattern.match(c)] == sorted(UNSAFE_NOT_LAYOUT)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\x1b]0;title\x07b", "a\\x1b]0;title\\x07b"),
        ("r\rc", "r\\x0dc"),
        ("del\x7f c1\x85\x9b", "del\\x7f c1\\x85\\x9b"),
        ("abc\u202edef\u2066x\u2069", "abc\\u202edef\\u2066x\\u2069"),
        ("line\u2028para\u2029", "line\\u2028para\\u2029"),
        ("tab\tand\nnewline stay", "tab\tand\nnewline stay"),
        ("£ – é ﬁ 😀 stay", "£ – é ﬁ 😀 stay"),
    ],
)
def test_printable(text: str, shown: str) -> None:
    assert printable(text) == shown


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("*bold* _em_ `code` [link](x) <b> # | ~", "\\*bold\\* \\_em\\_ \\`code\\` \\[link\\](x) \\<b\\> \\# \\| \\~"),
        ("&amp; &#60; &x & AT&T", "\\&amp; &\\#60; &x & AT&T"),  # "&\#60;" is no reference either
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("1. item", "1\\. item"),
        ("2022) item", "2022\\) item"),
        ("---", "\\---"),
        ("===", "\\==="),
        ("2.1% of people", "2.1% of people"),
        ("-x and x - y", "-x and x - y"),
        ("one\ntwo", "one two"),
        ("a\u2028- b", "a\\\\u2028- b"),
        ("esc\x1b[2J", "esc\\\\x1b\\[2J"),
    ],
)
def test_md_escape(text: str, escaped: str) -> None:
    assert md_escape(text) == escaped


def test_json_escapes_every_unsafe_character_and_reads_back_the_same() -> None:
    data = {"k\u202e": ["".join(UNSAFE), "£ – é", 1.5, None]}
    text = to_json(data)
    assert find_unsafe(text) is None
    assert "\\u202e" in text and "\\u0085" in text and "\\u2028" in text and "\\u001b" in text and "£ – é" in text
    assert json.loads(text) == data


@given(st.text())
def test_no_output_carries_an_unsafe_character(text: str) -> None:
    for out in (printable(text).replace("\n", "").replace("\t", ""), md_escape(text), to_json(text)):
        assert find_unsafe(out) is None
    assert json.loads(to_json(text)) == text


def test_find_unsafe_says_where() -> None:
    assert find_unsafe("ok\tfine\n") is None
    assert find_unsafe("one\ntwo \u202e three") == (2, 5, "\u202e")
    assert unsafe_name("\x1b") == "U+001B (ESC)"
    assert unsafe_name("\u202e") == "U+202E (RIGHT-TO-LEFT OVERRIDE)"
    assert unsafe_name("\x01") == "U+0001 (control character)"
    assert unsafe_name("\x81") == "U+0081 (C1 control character)"


def test_shorten() -> None:
    assert shorten("short") == "short"
    assert shorten("k" * 1_000_000) == "k" * 53 + "…" + "k" * 26 + " (1,000,000 characters)"
