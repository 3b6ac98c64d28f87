"""Writing an output file safely: all or nothing, never over what the user did not mean to lose.

Every rrp command that writes a file (``rrp import -o``, ``rrp render -o``)
goes through :func:`write_output`:

* the text is written to a temporary file in the output's own folder and
  moved into place with :func:`os.replace`, so a reader never sees half a
  file and a failure leaves the old file (or no file) as it was;
* an existing file is replaced only with ``force``; the check and the move
  are one atomic step when the file system allows it, so a file created in
  the meantime is not lost either;
* a file the command reads (``inputs``) is never written over, even with
  ``force``;
* an existing file keeps its permissions; a new one gets the usual
  permissions for a new file (``0666`` less the umask);
* a symbolic link is followed: the file it points to is replaced, the link
  stays; a loop of symbolic links is refused as one.

Problems raise :class:`~rrpcli.errors.OutputRefused` (exit status 2) with a
message naming the path as the user gave it.  Call :func:`check_output` first
to refuse before doing expensive work; :func:`write_output` checks again.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

from rrpcli.errors import OutputRefused

__all__ = ["check_output", "write_output", "write_outputs"]


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return os.path.realpath(a) == os.path.realpath(b)


def _target(path: Path) -> Path:
    """The file that writing ``path`` replaces: the end of its symbolic links, if any."""
    if not path.is_symlink():
        return path
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OutputRefused(f"{path}: is a loop of symbolic links; refusing to write through it") from None
    return Path(os.path.realpath(path))


def check_output(path: Path, *, force: bool, inputs: Sequence[Path] = ()) -> None:
    """Refuse an output path that must not be written.

    Raises :class:`OutputRefused` when ``path`` is one of ``inputs`` (even with
    ``force``), is a directory or something else that is not a regular file,
    already exists and ``force`` is false, or lies in a folder that does not
    exist.
    """
    name = str(path)
    for source in inputs:
        if _same_file(path, Path(source)):
            raise OutputRefused(f"{name}: is an input of this command; refusing to write over it")
    target = _target(path)
    if target.is_dir():
        raise OutputRefused(f"{name}: is a directory; give a file name")
    if target.exists() or path.is_symlink():
        if not target.is_file() and target.exists():
            raise OutputRefused(f"{name}: is not a regular file; refusing to write over it")
        if not force:
            raise OutputRefused(f"{name}: already exists; use --force to replace it")
    parent = target.parent
    if not parent.is_dir():
        raise OutputRefused(f"{name}: cannot be written: folder {parent} does not exist")


def write_output(path: Path, text: str, *, force: bool, inputs: Sequence[Path] = ()) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically, following the rules of :func:`check_output`.

    Nothing is left behind on failure: the temporary file is removed and an
    existing file at ``path`` is untouched.
    """
    write_outputs([(Path(path), text)], force=force, inputs=inputs)


def write_outputs(files: Sequence[tuple[Path, str]], *, force: bool, inputs: Sequence[Path] = ()) -> None:
    """Write several files as one: all of them, or (on any failure) none, each by the rules of :func:`write_output`.

    Every path is checked first, every text written to a temporary file
    beside its path, and only then are the files moved into place, one after
    the other.  Should a move fail, the files already moved are undone: a
    new file is removed and a replaced one gets its old contents back (kept
    until then as a hard link, or a copy where links are not supported; one
    file alone is replaced atomically and needs no such copy).
    """
    paths = [Path(path) for path, _ in files]
    for i, path in enumerate(paths):
        check_output(path, force=force, inputs=[*inputs, *paths[:i]])
    staged: list[tuple[Path, Path, str]] = []  # (temporary file, target, the name the user gave)
    done: list[tuple[Path, Path | None]] = []  # (target, its old contents kept aside, or None for a new file)
    name = str(paths[0]) if paths else ""
    try:
        for path, (_, text) in zip(paths, files, strict=True):
            name, target = str(path), _target(path)
            staged.append((_staged(target, name, text.encode("utf-8")), target, name))
        for tmp, target, name in staged:
            if force and target.exists() and len(staged) == 1:
                os.replace(tmp, target)  # one file: replaced atomically, nothing to undo, so nothing kept aside
            elif force and target.exists():
                backup = _keep_aside(target, name)
                try:
                    os.replace(tmp, target)
                except BaseException:
                    _remove(backup)  # the target was never replaced: its old contents are still in place
                    raise
                done.append((target, backup))
            else:
                _move_into_place(tmp, target, name, force=False)
                done.append((target, None))
    except BaseException as exc:
        for moved, aside in reversed(done):
            with contextlib.suppress(OSError):
                if aside is None:
                    moved.unlink()
                else:
                    os.replace(aside, moved)
                    _remove(aside)  # still there when the move never happened: rename() of two links is a no-op
        for tmp, _, _ in staged:
            _remove(tmp)
        if isinstance(exc, OSError):
            raise OutputRefused(f"{name}: cannot be written: {exc.strerror or exc}") from None
        raise
    for _, aside in done:
        if aside is not None:
            _remove(aside)


def _staged(target: Path, name: str, data: bytes) -> Path:
    """The data in a temporary file beside ``target``, with the permissions ``target`` will have."""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputRefused(f"{name}: cannot be written: {exc.strerror or exc}") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, _mode_for(target))
    except BaseException:
        _remove(tmp)
        raise
    return tmp


def _keep_aside(target: Path, name: str) -> Path:
    """A second name for ``target``'s present contents, so that replacing it can be undone."""
    fd, aside_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent)
    os.close(fd)
    aside = Path(aside_name)
    try:
        aside.unlink()
        os.link(target, aside)
    except OSError:
        shutil.copy2(target, aside)
    return aside


def _mode_for(target: Path) -> int:
    """Keep an existing file's permissions; a new file gets 0666 less the umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _move_into_place(tmp: Path, target: Path, name: str, *, force: bool) -> None:
    if force:
        os.replace(tmp, target)
        return
    # Without force the file must not exist at the moment of the move: a hard
    # link fails atomically if it does.  Where links are not supported, fall
    # back to checking just before os.replace.
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise OutputRefused(f"{name}: already exists; use --force to replace it") from None
    except OSError:
        if target.exists():
            raise OutputRefused(f"{name}: already exists; use --force to replace it") from None
        os.replace(tmp, target)
    else:
        _remove(tmp)


def _remove(tmp: Path) -> None:
    with contextlib.suppress(OSError):
        tmp.unlink()
