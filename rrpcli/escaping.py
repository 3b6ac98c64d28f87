"""One rule for plan text in every output: characters that act are shown, never obeyed.

Plan text is data.  Some characters in it would act on whatever displays it
rather than be read: they are *unsafe* here (:data:`UNSAFE_CHARACTERS`):

* C0 control characters other than tab and newline (ESC starts terminal
  escape codes, CR and BS overwrite what was shown, BEL rings), DEL, and the
  C1 controls U+0080-U+009F (CSI, OSC and NEL among them);
* the bidirectional formatting characters: the embeddings and overrides
  U+202A-U+202E, the isolates U+2066-U+2069 and the marks U+200E, U+200F and
  U+061C, which reorder what a reader sees ("Trojan source");
* the line and paragraph separators U+2028 and U+2029, which some viewers and
  Markdown tools treat as line breaks, so that text could start a list item or
  a heading of its own.

Each output has its own way of showing them:

* :func:`printable` (terminal and plain text): ``\\x1b`` for a character
  below U+0100, ``\\u202e`` above; tab and newline are kept;
* :func:`md_escape` (Markdown): :func:`printable`, then Markdown's own
  characters escaped and line breaks made spaces, so plan text stays one
  inline run of text;
* :func:`to_json` (JSON): every unsafe character as a ``\\uXXXX`` escape, so
  the value read back is exactly the plan's text;
* :func:`find_unsafe`: where the first unsafe character is, for a check of a
  whole rendered text before it is written (``rrp render``).

:func:`shorten` keeps long values (a 1 MB key) out of messages.  This module
imports nothing heavy: every output path uses it.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = [
    "UNSAFE_CHARACTERS",
    "find_unsafe",
    "md_escape",
    "printable",
    "shorten",
    "to_json",
    "unsafe_name",
]

#: The characters that are shown escaped in every output (a regular-expression class body).
UNSAFE_CHARACTERS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"

_UNSAFE = f"[{UNSAFE_CHARACTERS}]"
#: For JSON: C0 controls are escaped by :func:`json.dumps` itself.
_UNSAFE_IN_JSON = "[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
#: In a whole text (a rendered briefing) tab and newline are fine, and so is nothing else of the set.
_UNSAFE_IN_TEXT = _UNSAFE

_NAMES = {
    "\x00": "NUL",
    "\x07": "BEL",
    "\x08": "BS",
    "\x0b": "VT",
    "\x0c": "FF",
    "\x0d": "CR",
    "\x1b": "ESC",
    "\x7f": "DEL",
    "\x85": "NEL",
    "\x9b": "CSI",
    "\x9d": "OSC",
    "\u061c": "ARABIC LETTER MARK",
    "\u200e": "LEFT-TO-RIGHT MARK",
    "\u200f": "RIGHT-TO-LEFT MARK",
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
    "\u2028": "LINE SEPARATOR",
    "\u2029": "PARAGRAPH SEPARATOR",
}


def _visible(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """Text for a terminal or plain text: unsafe characters shown as ``\\x1b`` or ``\\u202e``, not obeyed.

    Tab and newline are kept; everything else of :data:`UNSAFE_CHARACTERS` is
    replaced by its escape, which is plain ASCII.
    """
    if text.isprintable():  # nearly all plan text: a quick test that no unsafe character is there
        return text
    return re.sub(_UNSAFE, lambda m: _visible(m.group()), text)


_MD_SPECIAL = r"([\\`*_{}\[\]<>#|~])"
#: An ``&`` that starts a character reference (``&amp;``, ``&#60;``), which Markdown would decode.
_MD_ENTITY = r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)"
#: A start that would make a line of Markdown open a block: a list item (``- x``, ``+ x``, ``1. x``,
#: ``2) x``), a thematic break (``---``) or a setext underline (``===``).
_MD_BLOCK_START = r"^(?P<lead>\s*)(?:(?P<mark>[-+])(?=\s)|(?P<number>[0-9]{1,9})(?=[.)]\s)|(?P<rule>[-=])(?=[-=\s]*$))"


def md_escape(text: str) -> str:
    """Text safe inside Markdown, including a table cell: stays one inline run, read as text.

    Unsafe characters are shown as by :func:`printable`; Markdown's emphasis,
    code, link, HTML, entity, heading and table characters are escaped; line
    breaks become spaces; and a start that would open a block (``- ``,
    ``1. ``, ``+``, ``=``) is escaped, so the text never starts a list,
    heading or rule wherever a template puts it.
    """
    text = re.sub(_MD_SPECIAL, r"\\\1", printable(text))
    text = re.sub(_MD_ENTITY, r"\\&", text).replace("\n", " ")
    if text[:1].isspace() or text[:1] in "-+=0123456789":
        text = re.sub(_MD_BLOCK_START, _escape_block_start, text, count=1)
    return text


def _escape_block_start(m: re.Match[str]) -> str:
    if m["number"]:
        return f"{m['lead']}{m['number']}\\"  # 1\. x
    return f"{m['lead']}\\{m['mark'] or m['rule']}"  # \- x, \=== ...


def to_json(data: Any, *, indent: int | None = 2) -> str:
    """``data`` as JSON text: UTF-8 text kept as it is, except unsafe characters, escaped as ``\\uXXXX``.

    The value read back is the same; the text never carries a control,
    bidirectional or line-separator character raw.
    """
    text = json.dumps(data, indent=indent, ensure_ascii=False)
    # Outside strings JSON is plain ASCII, so an unsafe character can only be inside one.
    return re.sub(_UNSAFE_IN_JSON, lambda m: f"\\u{ord(m.group()):04x}", text)


def unsafe_name(char: str) -> str:
    """How a message names an unsafe character: ``U+001B (ESC)``."""
    name = _NAMES.get(char)
    code = f"U+{ord(char):04X}"
    if name is None and ord(char) < 0x20:
        name = "control character"
    elif name is None and 0x80 <= ord(char) <= 0x9F:
        name = "C1 control character"
    return f"{code} ({name})" if name else code


def find_unsafe(text: str) -> tuple[int, int, str] | None:
    """The first unsafe character of a whole text (tab and newline are fine): ``(line, column, char)``.

    Lines and columns count from 1.  None when there is none.
    """
    if text.isprintable():
        return None
    m = re.search(_UNSAFE_IN_TEXT, text)
    if m is None:
        return None
    line = text.count("\n", 0, m.start()) + 1
    column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
    return line, column, m.group()


def shorten(text: str, limit: int = 80) -> str:
    """``text`` as it is, or when longer than ``limit``, cut in the middle and its length said.

    ``"aaaa…zz (1,048,576 characters)"``: a message names a long value without echoing it whole.
    """
    if len(text) <= limit:
        return text
    head = max(limit * 2 // 3, 1)
    tail = max(limit - head - 1, 1)
    return f"{text[:head]}…{text[-tail:]} ({len(text):,} characters)"
