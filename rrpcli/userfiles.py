"""Reading the user's files: plans, templates, outcome files and import text, all by one rule.

rrp reads a file the user names only when it is a regular file (or a symbolic
link to one) of at most :data:`MAX_FILE_BYTES`.  Anything else is refused
with a one-line :class:`~rrpcli.errors.FileRefused` naming the file and what
it is, before a byte is read:

* a named pipe (FIFO), socket or device (``/dev/zero``, a terminal): reading
  one could block for ever or never end;
* a directory;
* a loop of symbolic links (named as one, not as a missing file);
* a file larger than the limit (a 55 MB "plan" is refused at once, from its
  size, without reading it).

The file is opened without blocking and checked again on the open file, so
a file swapped for a pipe between the check and the open cannot hang rrp, and
at most one byte more than the limit is ever read (a file that grows while it
is read is refused too).  Standard input goes through :func:`read_stream`,
with the same limit.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from rrpcli.errors import FileRefused

__all__ = ["MAX_FILE_BYTES", "MAX_PLAN_BYTES", "describe_size", "read_stream", "read_user_file"]

#: The largest file rrp reads (the text of a published plan to import is about 40 kB).
MAX_FILE_BYTES = 10_000_000
#: The largest plan or outcome file rrp reads.  A published plan is about 40 kB; a plan a hundred
#: times as long (the benchmark's largest, about 5 MB) still fits, and the most awkward TOML of
#: this size is read or refused within a few seconds.
MAX_PLAN_BYTES = 6_000_000

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


def describe_size(size: int) -> str:
    """A size in bytes as messages give it: ``10 MB`` (a limit), ``57.7 MB``, ``1,000,001 bytes``."""
    if size and size % 1000 == 0:
        return f"{size // 1_000_000} MB" if size % 1_000_000 == 0 else f"{size // 1000} kB"
    if size >= 10_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{size:,} bytes"


def not_a_directory(directory: Path) -> str | None:
    """Why ``directory`` cannot be read as a folder (``no such directory``, ``is not a directory``), or None."""
    if directory.is_dir():
        return None
    return "is not a directory" if directory.exists() else "no such directory"


def _refuse(name: str, reason: str) -> FileRefused:
    return FileRefused(name, reason)


def _reason(exc: OSError, what: str) -> str:
    """What an error of the file system means for the user."""
    code = exc.errno
    if code == errno.ENOENT:
        return "no such file"
    if code == errno.ELOOP:
        return "is a loop of symbolic links, not a file"
    if code == errno.EISDIR:
        return f"is a directory, not {what}"
    if code == errno.ENOTDIR:
        return "no such file (a part of the path is not a directory)"
    if code in (errno.EACCES, errno.EPERM):
        return "cannot be read: permission denied"
    if code == errno.ENAMETOOLONG:
        return "cannot be read: the file name is too long"
    return f"cannot be read: {exc.strerror or exc}"


def _check_mode(mode: int, name: str, what: str) -> None:
    if stat.S_ISREG(mode):
        return
    for test, kind in _KINDS:
        if test(mode):
            raise _refuse(name, f"is {kind}, not {what}")
    raise _refuse(name, f"is not a regular file, not {what}")


def check_size(size: int, name: str, limit: int) -> None:
    """A size of at most ``limit`` bytes, else :class:`FileRefused` saying so (also for text not read from disk)."""
    if size > limit:
        raise _refuse(
            name,
            f"is too large ({describe_size(size)}); rrp reads files of at most {describe_size(limit)}",
        )


def read_user_file(
    path: str | Path, *, what: str = "a plan file", label: str | None = None, limit: int = MAX_FILE_BYTES
) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, or a :class:`FileRefused` saying why not.

    ``what`` says what the file should have been, for messages (``is a
    directory, not a plan file``); ``label`` is how messages name the file
    (default: the path as given).
    """
    name = label if label is not None else str(path)
    try:
        before = os.stat(path)
    except OSError as exc:
        raise _refuse(name, _reason(exc, what)) from None
    except ValueError:  # a NUL byte in the name
        raise _refuse(name, "no such file") from None
    _check_mode(before.st_mode, name, what)
    check_size(before.st_size, name, limit)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise _refuse(name, _reason(exc, what)) from None
    try:
        # Checked again on the open file: it may have been swapped since the stat.
        opened = os.fstat(fd)
        _check_mode(opened.st_mode, name, what)
        check_size(opened.st_size, name, limit)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise _refuse(name, _reason(exc, what)) from None
    finally:
        os.close(fd)
    if total > limit:
        raise _refuse(name, f"is too large (more than {describe_size(limit)}); rrp reads files of at most that")
    return b"".join(chunks)


def read_stream(stream: BinaryIO, *, label: str = "<stdin>", limit: int = MAX_FILE_BYTES) -> bytes:
    """At most ``limit`` bytes of a stream (standard input), or a :class:`FileRefused` when there is more."""
    try:
        data = stream.read(limit + 1)
    except OSError as exc:
        raise _refuse(label, f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise _refuse(label, f"is too large (more than {describe_size(limit)}); rrp reads at most that")
    return data
