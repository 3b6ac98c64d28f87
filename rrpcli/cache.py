"""rrp's cache: checked plans, so that rrp does not parse and validate the same TOML twice, and results.

Parsing and checking a plan costs about 6 ms; reading it back from the
cache about 0.2 ms.  Since every command opens every plan of the catalog to
resolve names, that is most of rrp's own start-up.  Results computed from
plans (a comparison, a diff) are kept too (:func:`computed`).

The cache can never serve a stale plan: an entry stores the exact bytes of
the file it was made from, and is used only when the file's bytes are still
the same, and so is rrp's code (:func:`code_stamp`).  A result's entry must
carry what it was computed from, for its caller to check.  Anything wrong with
the cache (missing, unreadable, corrupt, read-only) just means a normal load.

Where: ``$RRP_CACHE_DIR``, else ``$XDG_CACHE_HOME/rrp``, else ``~/.cache/rrp``.
``RRP_NO_CACHE=1`` turns it off.  Entries are pickles, so the cache
directory must be the user's own (it is created with mode 0700).
"""

from __future__ import annotations

import os
import pickle
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from rrpcli import __version__
from rrpcli.model import Plan

T = TypeVar("T")

_FORMAT = 2  # bump when the entry layout changes (2: records pickle as calls)
_STAMP: str | None = None


def code_stamp() -> str:
    """What rrp's cached results depend on besides their inputs: its version and its own code.

    The version, and the size and modification time of every module of the
    ``rrpcli`` package (not of ``rrpcli.cli``, which caches nothing): an entry
    made by other code, a release or an edited checkout, is a miss.  About
    thirty ``stat`` calls, once per process.
    """
    global _STAMP
    if _STAMP is None:
        package = os.path.dirname(os.path.abspath(__file__))
        parts = [__version__]
        try:
            for name in sorted(os.listdir(package)):
                if name.endswith(".py"):
                    st = os.stat(os.path.join(package, name))
                    parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append("unreadable")
        _STAMP = " ".join(parts)
    return _STAMP


def cache_dir() -> Path | None:
    """The cache directory, or None when caching is off."""
    if os.environ.get("RRP_NO_CACHE"):
        return None
    if explicit := os.environ.get("RRP_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "rrp"


def subdirectory(name: str) -> Path | None:
    """A private subdirectory of the cache (e.g. compiled templates), or None when off or unusable."""
    directory = cache_dir()
    if directory is None:
        return None
    try:
        (directory / name).mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return directory / name


def get_result(kind: str, key: str) -> Any | None:
    """A result cached under ``kind`` and ``key`` by this version of rrp, if there is one.

    The caller must check that the result was computed from the same inputs
    (the entry should carry them): the key only chooses the file.
    """
    directory = cache_dir()
    if directory is None:
        return None
    try:
        with open(directory / _result_name(kind, key), "rb") as f:
            entry: Any = pickle.load(f)
    except Exception:  # a bad cache entry is a cache miss, whatever the reason
        return None
    if isinstance(entry, tuple) and len(entry) == 4 and entry[:3] == (_FORMAT, code_stamp(), key):
        return entry[3]
    return None


def put_result(kind: str, key: str, value: Any) -> None:
    """Remember a result under ``kind`` and ``key``; failures are ignored."""
    directory = subdirectory(".")
    if directory is not None:
        _write(directory / _result_name(kind, key), (_FORMAT, code_stamp(), key, value))


def computed(kind: str, key: str, inputs: list[Any], compute: Callable[[], T]) -> T:
    """``compute()``, or the value it gave before for inputs equal to ``inputs``.

    The entry holds the inputs (plans) it was computed from, and is used only
    when they equal the ones given, field by field: an input changed on disk or
    in memory is never served a stale result.  ``key`` (e.g. the plans' codes
    and paths, and the options) only chooses the file.
    """
    entry = get_result(kind, key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == inputs:
        value: T = entry[1]
        return value
    value = compute()
    put_result(kind, key, (inputs, value))
    return value


def _result_name(kind: str, key: str) -> str:
    return f"{kind}-{zlib.crc32(key.encode()):08x}.pickle"


def _entry_path(directory: Path, path: Path) -> Path:
    absolute = str(path.resolve())
    return directory / f"{path.stem}-{zlib.crc32(absolute.encode()):08x}.pickle"


def get(path: Path, raw: bytes) -> Plan | None:
    """The cached plan for a file whose contents are ``raw``, if there is one."""
    directory = cache_dir()
    if directory is None:
        return None
    try:
        with open(_entry_path(directory, path), "rb") as f:
            entry: Any = pickle.load(f)
    except Exception:  # a bad cache entry is a cache miss, whatever the reason
        return None
    if (
        isinstance(entry, tuple)
        and len(entry) == 4
        and entry[:3] == (_FORMAT, code_stamp(), raw)
        and isinstance(entry[3], Plan)
    ):
        return entry[3]
    return None


def put(path: Path, raw: bytes, plan: Plan) -> None:
    """Remember a checked plan for a file's contents; failures are ignored."""
    directory = subdirectory(".")
    if directory is not None:
        _write(_entry_path(directory, path), (_FORMAT, code_stamp(), raw, plan))


def _write(target: Path, entry: Any) -> None:
    """Write an entry atomically (temporary file, then rename); failures are ignored."""
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(entry, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
    except Exception:  # the cache is an optimisation, never an error
        pass
