"""rrp diff with git: NAME@REV in the reviewer's repository, difftool, a diff driver, git log -p --ext-diff."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PLANS, REPO, Run, meta_toml, write
from test_diff import EXPECTED, FIXTURE, NW, REFRESH, REVIEWED, short

from rrpcli.catalog import bundled_dir
from rrpcli.diff import diff_plans
from rrpcli.errors import GitError
from rrpcli.gitrev import Spec, split_spec
from rrpcli.loader import dump_plan

# -- NAME@REV -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "parsed"),
    [
        ("nw", Spec("nw")),
        ("nw@HEAD~1", Spec("nw", "HEAD~1")),
        ("plans/north_west.toml@v2022", Spec("plans/north_west.toml", "v2022")),
        ("nw@HEAD@{1}", Spec("nw", "HEAD@{1}")),
    ],
)
def test_split_spec(spec: str, parsed: Spec) -> None:
    assert split_spec(spec) == parsed


def test_split_spec_keeps_existing_files_with_at_signs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a@b" / "plan@2.toml", "")
    assert split_spec("a@b/plan@2.toml") == Spec("a@b/plan@2.toml")
    assert split_spec("a@b/plan@2.toml@HEAD") == Spec("a@b/plan@2.toml", "HEAD")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("nw@", 'nw@: no revision after "@" (e.g. nw@HEAD~1)'),
        ("nw@--output=x", 'nw@--output=x: a revision cannot start with "-"'),
    ],
)
def test_split_spec_errors(spec: str, message: str) -> None:
    with pytest.raises(GitError) as caught:
        split_spec(spec)
    assert caught.value.message == message


GIT_ENV = {
    "GIT_AUTHOR_NAME": "rrp tests",
    "GIT_AUTHOR_EMAIL": "tests@example.org",
    "GIT_COMMITTER_NAME": "rrp tests",
    "GIT_COMMITTER_EMAIL": "tests@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", *args],
        cwd=repo,
        env={**os.environ, **GIT_ENV, "HOME": str(repo.parent), **(env or {})},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository whose plans/north_west.toml was the shipped plan, then the 2023 refresh."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    (root / "plans").mkdir(parents=True)
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("HOME", str(tmp_path))
    git(root, "init", "-q")
    shutil.copy(PLANS / "north_west.toml", root / "plans" / "north_west.toml")
    git(root, "add", "plans")
    git(root, "commit", "-q", "-m", "2022")
    git(root, "tag", "v2022")
    shutil.copy(FIXTURE, root / "plans" / "north_west.toml")
    git(root, "commit", "-q", "-am", "2023 refresh")
    monkeypatch.chdir(root)
    return root


def test_git_revision_by_path(run: Run, repo: Path) -> None:
    result = run("diff", "plans/north_west.toml@HEAD~1", "plans/north_west.toml", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["old"] == {
        "code": "nw",
        "region": "North West",
        "revision": "2022",
        "source": "plans/north_west.toml@HEAD~1",
        "year": "2022",
    }
    assert data["new"]["source"] == "plans/north_west.toml"
    # national text is judged against the bundled plans, whatever this repository holds
    assert [(c["kind"], c["path"], short(c["old"]), short(c["new"]), c["national"]) for c in data["changes"]] == [
        (k, p, o, n, national) for k, p, o, n, national, _ in EXPECTED
    ]


def test_git_revision_by_name_and_tag(run: Run, repo: Path) -> None:
    result = run("diff", "nw@v2022", "nw@HEAD", "--stat")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[2] == "old: plans/north_west.toml@v2022 · new: plans/north_west.toml@HEAD"
    assert run("diff", "nw@HEAD", "nw").exit_code == 0


def test_git_revision_by_name_from_a_folder_below_the_top(
    run: Run, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Below the top there is no ./plans (the catalog is the bundled plans): the name is found in the repository's plans/.
    (repo / "notes").mkdir()
    monkeypatch.chdir(repo / "notes")
    result = run("diff", "nw@HEAD~1", "nw", "--stat")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[2] == "old: ../plans/north_west.toml@HEAD~1 · new: ../plans/north_west.toml"
    assert result.stdout.splitlines()[4].startswith(f"{len(EXPECTED)} edits ")


def test_git_revision_of_a_file_deleted_since(run: Run, repo: Path) -> None:
    shutil.copy(repo / "plans" / "north_west.toml", repo / "refresh.toml")
    git(repo, "rm", "-q", "plans/north_west.toml")
    git(repo, "commit", "-q", "-m", "gone")
    result = run("diff", "plans/north_west.toml@HEAD~1", "refresh.toml")
    assert result.exit_code == 0
    assert result.stdout.endswith("No differences.\n")


def test_git_not_installed(run: Run, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = run("diff", "plans/north_west.toml@HEAD~1", "plans/north_west.toml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "rrp: error: plans/north_west.toml@HEAD~1: cannot read a git revision: git is not installed (no git on PATH)\n"
    )


def test_git_not_a_repository(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    shutil.copy(FIXTURE, tmp_path / "refresh.toml")
    result = run("diff", "refresh.toml@HEAD", "refresh.toml")
    assert result.exit_code == 2
    assert result.stderr == (
        "rrp: error: refresh.toml@HEAD: not in a git repository (rrp reads @HEAD from the repository it is run in)\n"
    )
    result = run("diff", "nw@HEAD", "nw")
    assert (
        result.stderr
        == "rrp: error: nw@HEAD: not in a git repository (rrp reads @HEAD from the repository it is run in)\n"
    )


def test_git_no_such_revision(run: Run, repo: Path) -> None:
    result = run("diff", "nw@v2021", "nw")
    assert result.exit_code == 2
    assert result.stderr == (f'rrp: error: nw@v2021: no such revision "v2021" in the repository {repo}\n')


def test_git_no_such_path_at_revision(run: Run, repo: Path) -> None:
    write(repo / "plans" / "wales.toml", meta_toml("wa", "Wales"))
    result = run("diff", "plans/wales.toml@HEAD", "plans/wales.toml")
    assert result.exit_code == 2
    assert result.stderr == 'rrp: error: plans/wales.toml@HEAD: "plans/wales.toml" does not exist at revision HEAD\n'
    result = run("diff", "wales@HEAD", "wales")
    assert result.stderr == 'rrp: error: plans/wales.toml@HEAD: "plans/wales.toml" does not exist at revision HEAD\n'
    result = run("diff", "scotland@HEAD", "nw")
    assert result.stderr == f'rrp: error: scotland@HEAD: no file "scotland" in the repository {repo}\n'


def test_git_path_is_a_directory_at_revision(run: Run, repo: Path) -> None:
    (repo / "plans" / "north_west.toml").unlink()
    (repo / "plans" / "north_west.toml").mkdir()
    write(repo / "plans" / "north_west.toml" / "x.toml", meta_toml())
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "dir")
    result = run("diff", "plans/north_west.toml@HEAD", "plans/north_west.toml@HEAD~1")
    assert result.exit_code == 2
    assert (
        result.stderr
        == 'rrp: error: plans/north_west.toml@HEAD: "plans/north_west.toml" is not a file at revision HEAD\n'
    )


def test_git_bad_plan_at_revision(run: Run, repo: Path) -> None:
    write(repo / "plans" / "north_west.toml", meta_toml("nw", "North West") + "region = 1\n")
    git(repo, "commit", "-q", "-am", "broken")
    result = run("diff", "plans/north_west.toml@HEAD", "plans/north_west.toml@HEAD~1")
    assert result.exit_code == 2
    assert result.stderr == (
        "rrp: error: plans/north_west.toml@HEAD:7:11: TOML syntax error: Cannot overwrite a value\n"
    )
    # a name (here the file's stem: the broken file states no code) still finds the file
    assert run("diff", "north_west@HEAD~1", "north-west@HEAD~2").exit_code == 1


# -- names resolve where the reviewer works -------------------------------------------------------


@pytest.fixture
def own_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A reviewer's repository that keeps north_west.toml at its top (no ./plans): the shipped plan, then the refresh."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "review"
    root.mkdir()
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("RRP_PLANS", raising=False)
    git(root, "init", "-q")
    shutil.copy(PLANS / "north_west.toml", root / "north_west.toml")
    (root / "notes").mkdir()
    (root / "notes" / "README.txt").write_text("review notes\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "2022")
    shutil.copy(FIXTURE, root / "north_west.toml")
    git(root, "commit", "-q", "-am", "2023 refresh")
    monkeypatch.chdir(root)
    return root


def test_a_name_is_the_plan_of_the_reviewers_repository(
    run: Run, own_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run("diff", "nw@HEAD~1", "nw", "--stat", "-f", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert (data["old"]["source"], data["new"]["source"]) == ("north_west.toml@HEAD~1", "north_west.toml")
    assert data["total"]["total"] == len(EXPECTED)
    # from a folder below the top: the name is found at the top of the repository
    monkeypatch.chdir(own_repo / "notes")
    data = json.loads(run("diff", "nw@HEAD~1", "nw@HEAD", "--stat", "-f", "json").stdout)
    assert (data["old"]["source"], data["new"]["source"]) == ("../north_west.toml@HEAD~1", "../north_west.toml@HEAD")
    assert data["total"]["total"] == len(EXPECTED)
    # a path from the top of the repository works from anywhere in it; one from here too
    assert run("diff", "north_west.toml@HEAD~1", "north_west.toml@HEAD", "--stat").exit_code == 1
    assert run("diff", "../north_west.toml@HEAD~1", "../north_west.toml@HEAD", "--stat").exit_code == 1


def test_a_bundled_plan_is_never_read_at_a_revision(run: Run, own_repo: Path) -> None:
    result = run("diff", "eoe@HEAD", "eoe")
    assert result.exit_code == 2
    assert result.stderr == (
        f'rrp: error: eoe@HEAD: "eoe" is not in the repository {own_repo} '
        "(rrp reads revisions only of files in the repository it is run in)\n"
    )
    # and no message or output names where rrp is installed
    bundled = str(bundled_dir("plans"))
    result = run("diff", "eoe", "eoe", "-f", "json")
    data = json.loads(result.stdout)
    assert (data["old"]["source"], data["new"]["source"]) == ("east_of_england.toml (bundled with rrp)",) * 2
    assert bundled not in result.stdout + result.stderr


def test_no_message_names_where_rrp_is_installed(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no ./plans: the catalog is the bundled plans
    monkeypatch.delenv("RRP_PLANS", raising=False)
    result = run("diff", "nw", "wales")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        'rrp: error: unknown plan "wales"; known plans: eoe (East of England), nw (North West)'
    )
    assert "(in the plans bundled with rrp)" in result.stderr
    assert str(bundled_dir("plans")) not in result.stderr
    shutil.copy(FIXTURE, tmp_path / "refresh.toml")
    data = json.loads(run("diff", "nw", "refresh.toml", "-f", "json").stdout)
    assert data["old"]["source"] == "north_west.toml (bundled with rrp)"


def test_a_file_of_another_repository_is_never_read(run: Run, own_repo: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q")
    shutil.copy(PLANS / "north_west.toml", other / "north_west.toml")
    git(other, "add", "-A")
    git(other, "commit", "-q", "-m", "theirs")
    result = run("diff", "../other/north_west.toml@HEAD", "nw")
    assert result.exit_code == 2
    assert result.stderr == (
        f'rrp: error: ../other/north_west.toml@HEAD: "../other/north_west.toml" is not in the repository {own_repo} '
        "(rrp reads revisions only of files in the repository it is run in)\n"
    )


# -- git's diff driver and difftool ---------------------------------------------------------------


def rrp_path() -> str:
    """PATH with the directory of this Python's ``rrp`` script first."""
    return os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])


#: The diff driver of docs/commands.md, word for word.
RECIPE_DRIVER = (
    'f() { t=false; test -t 1 && t=true; c=never; test "$(git config --get-colorbool color.diff $t)" = true'
    ' && c=always; rrp diff --no-pager --color $c --label "a/$1" --label "b/${8:-$1}" "$2" "$5"; test $? -le 1; }; f'
)
RECIPE_DIFFTOOL = "git difftool -y -x 'rrp diff --no-pager' HEAD~1 -- plans/north_west.toml"


def use_driver(repo: Path) -> None:
    (repo / ".gitattributes").write_text("plans/*.toml diff=rrp\n", encoding="utf-8")
    git(repo, "config", "diff.rrp.command", RECIPE_DRIVER)


def test_git_diff_driver_recipe(repo: Path) -> None:
    use_driver(repo)
    out = git(repo, "--no-pager", "diff", "HEAD~1", "HEAD", env={"PATH": rrp_path(), "COLUMNS": "80"})
    assert out.splitlines()[:5] == [
        "North West: revision 2022 → 2023",
        "================================",
        "old: a/plans/north_west.toml · new: b/plans/north_west.toml",
        "",
        "12 edits (3 in national text): 1 added, 1 removed, 7 changed, 3 moved (1 also",
    ]
    assert "> British drug-related organised crime gangs are prevalent, particularly in" in out.splitlines()
    # an unchanged plan makes git diff print nothing
    assert git(repo, "--no-pager", "diff", "HEAD", env={"PATH": rrp_path()}) == ""


@pytest.mark.parametrize(
    ("setting", "coloured"), [("always", True), ("never", False), ("auto", False), ("auto-with-pager", True)]
)
def test_the_diff_driver_follows_gits_colour_setting(repo: Path, setting: str, coloured: bool) -> None:
    use_driver(repo)
    # git tells its children that its pager is running (and so that 'auto' means colour) through GIT_PAGER_IN_USE
    env = {"PATH": rrp_path(), "COLUMNS": "80", **({"GIT_PAGER_IN_USE": "true"} if "pager" in setting else {})}
    out = git(repo, "-c", f"color.diff={setting.split('-')[0]}", "--no-pager", "diff", "HEAD~1", "HEAD", env=env)
    assert ("\x1b[" in out) is coloured
    assert "North West: revision 2022 → 2023" in out


def test_colour_survives_gits_pager_at_a_terminal(repo: Path, tmp_path: Path) -> None:
    use_driver(repo)
    paged = tmp_path / "paged.txt"
    terminal, screen = pty.openpty()  # git pages only what goes to a terminal
    env = {**os.environ, "PATH": rrp_path(), "TERM": "xterm", "HOME": str(repo.parent)}
    try:
        subprocess.run(
            ["git", "-c", f"core.pager=cat > {paged}", "-c", "color.diff=auto", "diff", "HEAD~1", "HEAD"],
            cwd=repo, stdin=screen, stdout=screen, stderr=screen, env=env, check=True, timeout=60,
        )  # fmt: skip
    finally:
        os.close(screen)
        os.close(terminal)
    out = paged.read_text("utf-8")
    assert "\x1b[" in out
    assert "North West: revision 2022 → 2023" in out


def test_git_log_runs_through_a_history_that_adds_edits_moves_and_removes_a_plan(repo: Path) -> None:
    use_driver(repo)
    write(repo / "plans" / "reviewed.toml", dump_plan(REVIEWED))
    git(repo, "add", "plans/reviewed.toml")
    git(repo, "commit", "-q", "-m", "a new plan")
    git(repo, "mv", "plans/reviewed.toml", "plans/north_west_2024.toml")
    git(repo, "commit", "-q", "-m", "renamed")
    git(repo, "rm", "-q", "plans/north_west.toml")
    git(repo, "commit", "-q", "-m", "the old plan goes")
    out = git(
        repo, "--no-pager", "log", "-p", "--ext-diff", "--format=commit %s", env={"PATH": rrp_path(), "COLUMNS": "80"}
    )
    heads = [line for line in out.splitlines() if line.startswith(("commit ", "old: ", "No ")) or " edit" in line]
    assert heads == [
        "commit the old plan goes",
        "old: a/plans/north_west.toml · new: /dev/null",
        "1 edit: 0 added, 1 removed, 0 changed, 0 moved",
        "commit renamed",  # git calls the driver for a file renamed as it was
        "old: a/plans/reviewed.toml · new: b/plans/north_west_2024.toml",
        "No differences.",
        "commit a new plan",
        "old: /dev/null · new: b/plans/reviewed.toml",
        "1 edit: 1 added, 0 removed, 0 changed, 0 moved",
        "commit 2023 refresh",
        "old: a/plans/north_west.toml · new: b/plans/north_west.toml",
        "12 edits (3 in national text): 1 added, 1 removed, 7 changed, 3 moved (1 also",
        "commit 2022",
        "old: /dev/null · new: b/plans/north_west.toml",
        "1 edit: 1 added, 0 removed, 0 changed, 0 moved",
    ]
    # a plan renamed and edited: one diff, from its old name to its new
    write(repo / "plans" / "north_west_2024.toml", dump_plan(REFRESH))
    git(repo, "commit", "-q", "-am", "edited")
    git(repo, "mv", "plans/north_west_2024.toml", "plans/nw.toml")
    write(repo / "plans" / "nw.toml", dump_plan(REVIEWED))
    git(repo, "commit", "-q", "-am", "renamed and edited")
    out = git(repo, "--no-pager", "show", "--ext-diff", "-M", "--format=", env={"PATH": rrp_path(), "COLUMNS": "80"})
    assert out.splitlines()[2] == "old: a/plans/north_west_2024.toml · new: b/plans/nw.toml"


def test_git_difftool_recipe(repo: Path) -> None:
    out = git(repo, *RECIPE_DIFFTOOL.split()[1:3], "-x", "rrp diff --no-pager --stat", "HEAD~1", "HEAD", "--",
              "plans/north_west.toml", env={"PATH": rrp_path(), "COLUMNS": "80"})  # fmt: skip
    assert out.splitlines()[0] == "North West: revision 2022 → 2023"
    assert out.splitlines()[-1].split() == ["total", "1", "1", "7", "3", "(1", "changed)", "3", "12"]


def test_docs_recipes_are_the_tested_ones() -> None:
    docs = (REPO / "docs" / "commands.md").read_text("utf-8")
    assert f"git config diff.rrp.command '{RECIPE_DRIVER}'" in docs
    assert RECIPE_DIFFTOOL in docs
    assert RECIPE_DIFFTOOL in (REPO / "README.md").read_text("utf-8")


def test_styled_view_uses_colour_not_word_marks() -> None:
    import io

    from rrpcli.cli.output import Output, show_document
    from rrpcli.diff_view import diff_document

    stream = io.StringIO()
    doc = diff_document(diff_plans(NW, REFRESH, sections=["training_skills_work"]), REFRESH)
    show_document(doc, Output(stream, styled=True, interactive=False, width=80, height=24))
    out = stream.getvalue()
    assert "\x1b[" in out
    assert "[-" not in out and "{+" not in out
    assert "Introduce a digital skills programme" in out
