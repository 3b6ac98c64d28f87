"""The rule of ../shared/tools/seed_coverage.py, so that the suite stands alone.

Every line of a published text with five words or more must be found in the
plan's strings: exactly (normalised), or "near" (every content word of the
line in order within one string).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path

SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
DASHES = {"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}
STOP = {"the", "and", "for", "with", "from", "that", "this", "are", "our", "their", "have", "has", "was", "were",
        "will", "into", "which", "those", "these", "than", "been", "its", "who", "all", "not", "but", "can"}  # fmt: skip


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    for k, v in DASHES.items():
        text = text.replace(k, v)
    text = re.sub(f"[{SUPERSCRIPTS}]", "", text)
    text = text.replace("**", "")
    text = re.sub(r"^\s*(?:[-•>]\s*)+", "", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip()


def words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9£%]+", text.lower()) if len(w) > 2 and w not in STOP]


def strings_of(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, bool):
        return []
    if isinstance(value, (int, float)):
        return [f"{value:,}", str(value)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_of(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_of(v)]
    return [str(value)]


def in_order(needle: list[str], hay: list[str]) -> bool:
    it = iter(hay)
    return all(any(w == h for h in it) for w in needle)


def coverage(plan_text: str, source: Path) -> tuple[float, list[str]]:
    """Percent of the checked lines of ``source`` found in the plan, and the lines missing."""
    texts = [normalise(s) for s in strings_of(tomllib.loads(plan_text))]
    corpus = "\n".join(texts)
    text_words = [words(t) for t in texts]
    checked = found = 0
    missing: list[str] = []
    for raw in source.read_text(encoding="utf-8").splitlines():
        line = normalise(raw)
        if "\t" in raw or len(line.split()) < 5:
            continue
        checked += 1
        if line in corpus or ((w := words(line)) and any(in_order(w, tw) for tw in text_words)):
            found += 1
        else:
            missing.append(line)
    return (100.0 * found / checked if checked else 0.0), missing
