"""rrpcli.safewrite: output files are written whole or not at all, and never over what must not be lost."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from rrpcli import safewrite
from rrpcli.errors import OutputRefused
from rrpcli.safewrite import check_output, write_output


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_writes_a_new_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    out = tmp_path / "plan.toml"
    write_output(out, "a = 1\n£ – é\n", force=False)
    assert out.read_bytes() == "a = 1\n£ – é\n".encode()
    assert files(tmp_path) == ["plan.toml"]


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_output(tmp_path / "plan.toml", "x", force=False)
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "plan.toml").stat().st_mode) == 0o644


def test_refuses_an_existing_file_without_force(tmp_path: Path) -> None:
    out = tmp_path / "plan.toml"
    out.write_text("mine")
    with pytest.raises(OutputRefused) as exc:
        write_output(out, "new", force=False)
    assert exc.value.message == f"{out}: already exists; use --force to replace it"
    assert out.read_text() == "mine"
    assert files(tmp_path) == ["plan.toml"]


def test_force_replaces_the_file_and_keeps_its_permissions(tmp_path: Path) -> None:
    out = tmp_path / "plan.toml"
    out.write_text("mine")
    out.chmod(0o640)
    write_output(out, "new", force=True)
    assert out.read_text() == "new"
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert files(tmp_path) == ["plan.toml"]


def test_one_file_is_replaced_without_keeping_its_old_contents_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One file is replaced atomically, with nothing to undo: no link or copy of it is needed (or may fail)."""

    def cannot(target: Path, name: str) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(safewrite, "_keep_aside", cannot)
    out = tmp_path / "plan.toml"
    out.write_text("mine")
    write_output(out, "new", force=True)
    assert out.read_text() == "new"
    assert files(tmp_path) == ["plan.toml"]


def test_never_writes_over_an_input_even_with_force(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "plan.txt"
    source.write_text("published text")
    monkeypatch.chdir(tmp_path)
    for spelling in (source, Path("plan.txt"), Path("./sub/../plan.txt")):
        (tmp_path / "sub").mkdir(exist_ok=True)
        with pytest.raises(OutputRefused) as exc:
            write_output(spelling, "toml", force=True, inputs=[Path("plan.txt")])
        assert exc.value.message == f"{spelling}: is an input of this command; refusing to write over it"
    assert source.read_text() == "published text"


def test_never_writes_over_an_input_through_a_link(tmp_path: Path) -> None:
    source = tmp_path / "plan.txt"
    source.write_text("published text")
    link = tmp_path / "link.toml"
    link.symlink_to(source)
    with pytest.raises(OutputRefused) as exc:
        write_output(link, "toml", force=True, inputs=[source])
    assert exc.value.message == f"{link}: is an input of this command; refusing to write over it"
    assert source.read_text() == "published text"


def test_follows_a_link_and_keeps_it(tmp_path: Path) -> None:
    target = tmp_path / "real.toml"
    target.write_text("old")
    link = tmp_path / "plan.toml"
    link.symlink_to(target)
    write_output(link, "new", force=True)
    assert link.is_symlink()
    assert target.read_text() == "new"


def test_refuses_a_directory_and_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputRefused) as exc:
        write_output(tmp_path, "x", force=True)
    assert exc.value.message == f"{tmp_path}: is a directory; give a file name"
    missing = tmp_path / "nowhere" / "plan.toml"
    with pytest.raises(OutputRefused) as exc:
        write_output(missing, "x", force=True)
    assert exc.value.message == f"{missing}: cannot be written: folder {tmp_path / 'nowhere'} does not exist"
    assert files(tmp_path) == []


def test_check_output_refuses_before_any_work(tmp_path: Path) -> None:
    out = tmp_path / "plan.toml"
    check_output(out, force=False)  # a new file: fine
    out.write_text("mine")
    with pytest.raises(OutputRefused):
        check_output(out, force=False)
    check_output(out, force=True)


def test_a_failed_move_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "plan.toml"
    out.write_text("mine")

    def fail(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(safewrite.os, "replace", fail)
    with pytest.raises(OutputRefused) as exc:
        write_output(out, "new", force=True)
    assert exc.value.message == f"{out}: cannot be written: No space left on device"
    assert out.read_text() == "mine"
    assert files(tmp_path) == ["plan.toml"]


def test_an_interrupted_write_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(safewrite.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_output(tmp_path / "plan.toml", "new", force=False)
    assert files(tmp_path) == []


def test_a_file_that_appears_meanwhile_is_not_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "plan.toml"

    def someone_else_writes(path: Path, *, force: bool, inputs: object = ()) -> None:
        out.write_text("theirs")  # between the check and the move

    monkeypatch.setattr(safewrite, "check_output", someone_else_writes)
    with pytest.raises(OutputRefused) as exc:
        write_output(out, "mine", force=False)
    assert exc.value.message == f"{out}: already exists; use --force to replace it"
    assert out.read_text() == "theirs"
    assert files(tmp_path) == ["plan.toml"]


def test_works_where_hard_links_are_not_supported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(src: object, dst: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(safewrite.os, "link", no_links)
    write_output(tmp_path / "plan.toml", "new", force=False)
    assert (tmp_path / "plan.toml").read_text() == "new"
    assert files(tmp_path) == ["plan.toml"]


# -- several files as one --------------------------------------------------------------------------


def test_several_files_are_written_together(tmp_path: Path) -> None:
    safewrite.write_outputs([(tmp_path / "brief.md", "# B\n"), (tmp_path / "brief.svg", "<svg/>")], force=False)
    assert (tmp_path / "brief.md").read_text() == "# B\n" and (tmp_path / "brief.svg").read_text() == "<svg/>"
    assert files(tmp_path) == ["brief.md", "brief.svg"]


def test_one_refused_file_means_none_is_written(tmp_path: Path) -> None:
    (tmp_path / "brief.svg").write_text("mine")
    with pytest.raises(OutputRefused) as exc:
        safewrite.write_outputs([(tmp_path / "brief.md", "new"), (tmp_path / "brief.svg", "new")], force=False)
    assert exc.value.message == f"{tmp_path / 'brief.svg'}: already exists; use --force to replace it"
    assert files(tmp_path) == ["brief.svg"] and (tmp_path / "brief.svg").read_text() == "mine"
    (tmp_path / "in.toml").write_text("plan")
    with pytest.raises(OutputRefused):
        safewrite.write_outputs(
            [(tmp_path / "brief.md", "new"), (tmp_path / "in.toml", "new")], force=True, inputs=[tmp_path / "in.toml"]
        )
    assert files(tmp_path) == ["brief.svg", "in.toml"] and (tmp_path / "in.toml").read_text() == "plan"


def test_a_failed_move_undoes_the_files_already_moved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second move fails: the first file, new or replaced, is back as it was, and no temporary file is left."""
    (tmp_path / "old.md").write_text("old briefing")
    (tmp_path / "old.svg").write_text("old chart")
    real_replace = os.replace

    def failing(src: str | Path, dst: str | Path) -> None:
        if Path(dst).name == "old.svg" and Path(src).suffix == ".tmp":
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(safewrite.os, "replace", failing)
    with pytest.raises(OutputRefused) as exc:
        safewrite.write_outputs([(tmp_path / "old.md", "new"), (tmp_path / "old.svg", "new")], force=True)
    assert exc.value.message == f"{tmp_path / 'old.svg'}: cannot be written: No space left on device"
    assert (tmp_path / "old.md").read_text() == "old briefing" and (tmp_path / "old.svg").read_text() == "old chart"
    assert files(tmp_path) == ["old.md", "old.svg"]
    (tmp_path / "old.md").unlink()
    with pytest.raises(OutputRefused):
        safewrite.write_outputs([(tmp_path / "old.md", "new"), (tmp_path / "old.svg", "new")], force=True)
    assert files(tmp_path) == ["old.svg"]  # the new file is removed again


def test_several_files_replaced_with_force_keep_their_permissions(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("a")
    (tmp_path / "a.md").chmod(0o640)
    safewrite.write_outputs([(tmp_path / "a.md", "A"), (tmp_path / "b.svg", "B")], force=True)
    assert (tmp_path / "a.md").read_text() == "A" and stat.S_IMODE((tmp_path / "a.md").stat().st_mode) == 0o640
    assert files(tmp_path) == ["a.md", "b.svg"]


# -- loops of links ---------------------------------------------------------------------------------


def test_a_loop_of_links_is_refused_as_one_even_with_force(tmp_path: Path) -> None:
    os.symlink(tmp_path / "b.md", tmp_path / "a.md")
    os.symlink(tmp_path / "a.md", tmp_path / "b.md")
    for force in (False, True):
        with pytest.raises(OutputRefused) as exc:
            write_output(tmp_path / "a.md", "text", force=force)
        assert exc.value.message == f"{tmp_path / 'a.md'}: is a loop of symbolic links; refusing to write through it"
    assert files(tmp_path) == ["a.md", "b.md"]


def test_a_loop_of_links_among_the_inputs_is_no_traceback(tmp_path: Path) -> None:
    os.symlink(tmp_path / "loop", tmp_path / "loop")
    write_output(tmp_path / "out.md", "text", force=False, inputs=[tmp_path / "loop"])
    assert (tmp_path / "out.md").read_text() == "text"
