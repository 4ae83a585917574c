"""The command line says what happened, on every platform: --open says once that it
could not open; a dumb terminal gets no redraws; import and --project name what is wrong
with the path given; a project above you in someone else's folder is not used unasked;
and no module needs fcntl (or another POSIX-only module) to be imported."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import make_project, question_file

from guidegen.cli import main

GUIDE = "title: Guide\ntopics:\n  - slug: t\n    name: Topic\n"


def project(root: Path) -> Path:
    return make_project(root, {"q.md": question_file("q", "Fine", "[t]", "easy", "Why?", "Because.")}, GUIDE)


def fake_tool(folder: Path, name: str, script: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text("#!/bin/sh\n" + script)
    (folder / name).chmod(0o755)
    return folder


# -- --open ---------------------------------------------------------------------------------------

FAILING_OPENER = "echo 'xdg-open: no method available for opening this file' >&2\nexit 3\n"


@pytest.mark.tex
def test_build_open_without_a_viewer_says_so_once_and_never_opening(multi_project: Path, build_once, tmp_path: Path):
    built = build_once(multi_project).project  # built already: the run below is a no-op, needing no TeX on PATH
    tools = fake_tool(tmp_path / "bin", "xdg-open", FAILING_OPENER)
    env = dict(os.environ, PATH=f"{tools}{os.pathsep}{os.environ['PATH']}")
    process = subprocess.Popen([sys.executable, "-m", "guidegen", "build", "--open"], cwd=built, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert "Opening" not in out, out
    assert err.splitlines() == ["--open: could not open build/guide-answers.pdf (xdg-open failed with exit code 3: xdg-open: no "
                                "method available for opening this file); open it yourself"], err


def test_watch_opens_with_the_same_opener(tmp_path: Path, monkeypatch, capsys):
    from guidegen import watch

    tools = fake_tool(tmp_path / "bin", "xdg-open", FAILING_OPENER)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.chdir(tmp_path)
    said = []
    watch._open(tmp_path / "guide-answers.pdf", said.append)
    err = capsys.readouterr().err
    assert err.splitlines() == ["--open: could not open guide-answers.pdf (xdg-open failed with exit code 3: xdg-open: no "
                                "method available for opening this file); open it in a PDF viewer that reloads on change"], err
    assert said == []


def test_an_opener_that_stays_is_the_viewer(tmp_path: Path, monkeypatch):
    from guidegen.opener import open_pdf

    opened = tmp_path / "opened"
    tools = fake_tool(tmp_path / "bin", "xdg-open", f"echo \"$1\" > {opened}\nexec sleep 30\n")
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    started = time.monotonic()
    assert open_pdf(tmp_path / "k.pdf") is None
    assert time.monotonic() - started < 10
    assert opened.read_text().strip() == str(tmp_path / "k.pdf")


# -- TERM=dumb --------------------------------------------------------------------------------------

def run_in_terminal(root: Path, term: str, *args: str) -> bytes:
    """guidegen's stderr and stdout as a terminal of kind `term` gets them."""
    import pty

    leader, follower = pty.openpty()
    env = dict(os.environ, TERM=term, COLUMNS="100")
    process = subprocess.Popen([sys.executable, "-m", "guidegen", *args], cwd=root, stdin=follower, stdout=follower,
                               stderr=follower, env=env)
    os.close(follower)
    said = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the program ended
            break
        if not chunk:
            break
        said += chunk
    os.close(leader)
    assert process.wait(timeout=300) == 0, said.decode(errors="replace")
    return said


@pytest.mark.tex
def test_a_dumb_terminal_gets_no_redraws(tmp_path: Path):
    root = project(tmp_path / "p")
    smart = run_in_terminal(root, "xterm", "build", "--no-page-match", "--out", "smart")
    assert b"\x1b[" in smart  # the bar is drawn on a terminal that can redraw: what the dumb one must not get
    dumb = run_in_terminal(root, "dumb", "build", "--no-page-match", "--out", "dumb")
    assert b"\r" not in dumb.replace(b"\r\n", b"\n") and b"\x1b" not in dumb, dumb
    assert b"Wrote dumb/guide-answers.pdf" in dumb


# -- import and --project: what is wrong with the path ----------------------------------------------

def test_import_of_a_device_says_it_is_not_a_regular_file(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "broken.md").symlink_to(tmp_path / "nowhere.md")
    for source, message in [("/dev/zero", "Error: /dev/zero: not a regular file (a device, FIFO or socket); import reads an "
                                          "ordinary Markdown file"),
                            ("pipe.md", "Error: pipe.md: not a regular file (a device, FIFO or socket); import reads an "
                                        "ordinary Markdown file"),
                            ("broken.md", "Error: broken.md: a broken link (to nowhere.md); import reads an "
                                          "ordinary file"),
                            ("missing.md", "Error: missing.md: no such file")]:
        result = CliRunner().invoke(main, ["import", source, "--project", str(tmp_path / "new")])
        assert result.exit_code == 1, result.output
        assert result.output.splitlines() == [message]
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("command", [["import", "notes.md"], ["build"], ["check"], ["list"]])
def test_a_project_that_is_a_broken_link_is_named_as_one(tmp_path: Path, monkeypatch, command: list[str]):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.md").write_text("## 1. What is x?\n\nA thing.\n\n## Answer\n\nYes.\n")
    (tmp_path / "guide").symlink_to(tmp_path / "moved-away")
    result = CliRunner().invoke(main, [*command, "--project", "guide"])
    assert result.exit_code != 0
    assert result.output.splitlines()[-1] == ("Error: guide: the project folder does not exist: guide is a broken link (to "
                                              "moved-away); fix the link, or name the folder itself with --project")
    assert "last good build" not in result.output
    assert not (tmp_path / "moved-away").exists()


# -- a project above you in someone else's folder ---------------------------------------------------

OTHER_USER = 12345


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="changing a folder's owner needs root")
def test_a_project_above_in_another_users_folder_is_not_used_unasked(tmp_path: Path, monkeypatch):
    shared = tmp_path / "shared"
    root = project(shared / "theirs")
    mine = root / "notes" / "mine"
    mine.mkdir(parents=True)
    os.chown(root, OTHER_USER, OTHER_USER)
    monkeypatch.chdir(mine)
    result = CliRunner().invoke(main, ["list"])
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [f"Error: not using the guidegen project '../..': {root} belongs to another user (uid "
                                          f"{OTHER_USER}), and its figure scripts would run as you; if you trust it, name it "
                                          "with --project ../.."]
    # Named, it is used.
    result = CliRunner().invoke(main, ["list", "--project", "../.."])
    assert result.exit_code == 0, result.output
    assert "q" in result.output


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="changing a folder's owner needs root")
def test_discovery_stops_at_another_users_folder_between(tmp_path: Path, monkeypatch):
    """The walk up stops at the first folder that is someone else's, even when the
    project above it is yours (a folder of theirs in between could be swapped)."""
    root = project(tmp_path / "p")
    theirs = root / "drop"
    (theirs / "inner").mkdir(parents=True)
    os.chown(theirs, OTHER_USER, OTHER_USER)
    monkeypatch.chdir(theirs / "inner")
    result = CliRunner().invoke(main, ["list"])
    assert result.exit_code == 1
    assert f"{theirs} belongs to another user (uid {OTHER_USER})" in result.output
    assert "--project ../.." in result.output


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="changing a folder's owner needs root")
def test_a_project_whose_content_is_another_users_is_not_used_unasked(tmp_path: Path, monkeypatch):
    root = project(tmp_path / "p")
    os.chown(root / "content", OTHER_USER, OTHER_USER)
    (root / "sub").mkdir()
    monkeypatch.chdir(root / "sub")
    result = CliRunner().invoke(main, ["list"])
    assert result.exit_code == 1
    assert f"{root / 'content'} belongs to another user (uid {OTHER_USER})" in result.output


def test_your_own_and_roots_folders_are_walked_through(tmp_path: Path, monkeypatch):
    """Here every folder is the user's (or, above the temporary folder, root's): the
    project above is found as before."""
    root = project(tmp_path / "p")
    (root / "a" / "b").mkdir(parents=True)
    monkeypatch.chdir(root / "a" / "b")
    result = CliRunner().invoke(main, ["list"])
    assert result.exit_code == 0, result.output
    assert "Fine" in result.output


# -- no POSIX-only module ---------------------------------------------------------------------------

POSIX_ONLY = ("fcntl", "termios", "resource", "pwd", "grp", "tty", "pty")

IMPORT_ALL = f"""
import sys
for name in {POSIX_ONLY!r}:
    sys.modules[name] = None  # as on Windows: importing any of these fails
import importlib, pkgutil, guidegen
failed, imported = [], 0
for info in pkgutil.walk_packages(guidegen.__path__, "guidegen."):
    if info.name == "guidegen.__main__":  # runs the command
        continue
    try:
        importlib.import_module(info.name)
        imported += 1
    except ImportError as exc:
        failed.append(f"{{info.name}}: {{exc}}")
print(imported)
print("\\n".join(failed))
"""


def test_every_module_imports_without_posix_only_modules():
    result = subprocess.run([sys.executable, "-c", IMPORT_ALL], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    imported, *failed = result.stdout.strip().split("\n")
    assert int(imported) > 50
    assert failed == [], failed


def test_the_build_lock_makes_a_second_build_wait(tmp_path: Path, caplog):
    import logging
    import threading

    from guidegen.lock import build_lock

    held, release = threading.Event(), threading.Event()

    def first():
        with build_lock(tmp_path / ".work"):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=first)
    thread.start()
    assert held.wait(10)
    threading.Timer(0.5, release.set).start()
    started = time.monotonic()
    with caplog.at_level(logging.INFO, logger="guidegen"):
        logging.getLogger("guidegen").propagate = True
        try:
            with build_lock(tmp_path / ".work"):
                waited = time.monotonic() - started
        finally:
            logging.getLogger("guidegen").propagate = False
    thread.join()
    assert waited >= 0.4
    assert "Waiting for another build of this output folder to finish..." in caplog.text
