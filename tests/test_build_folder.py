"""The build folder is the build's own: a save made while a build runs is never recorded
as built, links planted in it never lead a write outside the project, published files
follow the user's umask, and a no-op says so once."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import guidegen, make_project, pdftotext, question_file


GUIDE = "title: Folder\ntopics:\n  - slug: t\n    name: Topic\n"
# A figure that keeps the build busy while the test saves: once it is drawing (after the
# build has read the question) it makes STARTED and waits for RELEASE (both outside the
# project), for 60 s at most.
HELD_FIGURE = """\
import time
from pathlib import Path

FIGSIZE = (2, 1)


def draw(fig):
    Path({started!r}).touch()
    end = time.monotonic() + 60
    while not Path({release!r}).exists() and time.monotonic() < end:
        time.sleep(0.01)
    fig.subplots().plot([0, 1], [0, 1])
"""


def slow_project(root: Path, word: str) -> Path:
    project = make_project(root, {"q.md": question_file("q", "Slow", "[t]", "easy", f"Which {word} question?",
                                                         f"The {word} answer.\n\n![A line.](slow.py)")}, GUIDE)
    (project / "figures").mkdir()
    # A new script text each time (its paths are this test's): the drawn figure is not in the user's figure cache yet.
    (project / "figures" / "slow.py").write_text(HELD_FIGURE.format(started=str(root.parent / "drawing"),
                                                                    release=str(root.parent / "release")))
    return project


def save_while_running(command: list[str], project: Path, old: str, new: str) -> subprocess.CompletedProcess:
    """Start `command`, save the question once it is drawing the held figure, let the
    figure finish, wait for the end."""
    started, release = project.parent / "drawing", project.parent / "release"
    process = subprocess.Popen([sys.executable, "-m", "guidegen", *command], cwd=project, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not started.exists() and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.01)
        assert process.poll() is None, "the build ended before the save; the test would prove nothing"
        assert started.exists(), "the build did not start drawing within 60 s"
        path = project / "content" / "q.md"
        path.write_text(path.read_text().replace(old, new))
    finally:
        release.touch()  # the figure goes on only now: the save came before the build's end
    stdout, stderr = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


@pytest.mark.tex
def test_a_save_during_a_build_is_built_by_the_next_build(tmp_path: Path):
    project = slow_project(tmp_path / "p", "walrus")
    first = save_while_running(["build", "--no-page-match"], project, "walrus", "narwhal")
    assert first.returncode == 0, first.stderr
    again = guidegen(project, "build", "--no-page-match")
    assert again.returncode == 0, again.stderr
    assert "Nothing to do" not in again.stdout + again.stderr
    assert "narwhal" in pdftotext(project / "build" / "guide-answers.pdf")
    assert "narwhal" in pdftotext(project / "build" / "guide-questions.pdf")
    assert "walrus" not in pdftotext(project / "build" / "guide-answers.pdf")
    third = guidegen(project, "build", "--no-page-match")
    assert third.stdout.startswith("Nothing to do"), third.stdout  # and now it is current


def test_a_save_during_an_anki_export_is_exported_by_the_next(tmp_path: Path):
    """The same for `guidegen anki` (no TeX: the slow figure keeps it busy)."""
    import json
    import zipfile

    project = slow_project(tmp_path / "p", "walrus")
    first = save_while_running(["anki"], project, "walrus", "narwhal")
    assert first.returncode == 0, first.stderr
    again = guidegen(project, "anki")
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("Wrote "), again.stdout
    with zipfile.ZipFile(project / "build" / "guide.apkg") as package:
        (tmp_path / "c.anki2").write_bytes(package.read("collection.anki2"))
        assert json.loads(package.read("media"))
    with sqlite3.connect(tmp_path / "c.anki2") as db:
        (fields,) = db.execute("SELECT flds FROM notes").fetchone()
    assert "narwhal" in fields and "walrus" not in fields


@pytest.mark.tex
@pytest.mark.parametrize("mode", ["0o22", "0o27"])
def test_published_files_follow_the_umask(tmp_path: Path, mode: str):
    project = make_project(tmp_path / "p", {"q.md": question_file("q", "Shared", "[t]", "easy", "Why?", "Because.")}, GUIDE)
    mask = int(mode, 8)
    # The umask is the process's: set in this one around the commands run in it (as a
    # shell's is, around a command it starts), and put back after.
    previous = os.umask(mask)
    try:
        results = [guidegen(project, "build", "--no-page-match"), guidegen(project, "anki")]
    finally:
        os.umask(previous)
    for result in results:
        assert result.returncode == 0, result.stderr
    for name in ("guide-questions.pdf", "guide-answers.pdf", "guide.apkg"):
        assert (project / "build" / name).stat().st_mode & 0o777 == 0o666 & ~mask, name


# Every kind of file a build writes in OUT/.work, as a link to a file outside the project.
PLANTED = ["guide-answers.log", "guide-answers.aux", "guide-answers.tex", "guide-answers.heights", "guide-answers.pdf",
           "guide-answers.toc", "guide-answers.out", "guide-questions.log", "guide-questions.aux", "guide-questions.tex",
           "guide-questions.pdf", "guide-questions.toc", "guide-questions.heights", "lock", "figures/line.pdf",
           "cache.sqlite-journal"]


@pytest.mark.tex
def test_links_planted_in_the_work_folder_are_never_followed(tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    project = make_project(tmp_path / "p", {"q.md": question_file("q", "Planted", "[t]", "easy", "Why planted?",
                                                                  "Because.\n\n![A line.](line.py)")}, GUIDE)
    (project / "figures").mkdir()
    (project / "figures" / "line.py").write_text("FIGSIZE = (2, 1)\n\n\ndef draw(fig):\n    fig.subplots().plot([0, 1], [0, 1])\n")
    assert guidegen(project, "build").returncode == 0  # a real work folder, as a shared project would ship it
    work = project / "build" / ".work"
    victims = {}
    for name in PLANTED:
        victim = outside / name.replace("/", "-")
        victim.write_text(f"precious {name}\n")
        victims[victim] = victim.read_bytes()
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).unlink(missing_ok=True)
        (work / name).symlink_to(victim)
    # The cache: once a link to a path that does not exist, once to another program's database.
    (work / "cache.sqlite").unlink()
    (work / "cache.sqlite").symlink_to(outside / "created-by-sqlite.db")
    path = project / "content" / "q.md"
    path.write_text(path.read_text().replace("Because.", "Because it was edited."))
    result = guidegen(project, "build")
    assert result.returncode == 0, result.stderr
    assert not (outside / "created-by-sqlite.db").exists()
    other = outside / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE mine (x)")
    (work / "cache.sqlite").unlink()
    (work / "cache.sqlite").symlink_to(other)
    path.write_text(path.read_text().replace("it was edited", "it was edited twice"))
    result = guidegen(project, "build")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(other) as db:
        assert [row[0] for row in db.execute("SELECT name FROM sqlite_master")] == ["mine"]
    for victim, data in victims.items():
        assert victim.read_bytes() == data, f"{victim.name} was written through a link"
    assert sorted(p.name for p in outside.iterdir()) == sorted([v.name for v in victims] + ["other.db"])
    assert "edited twice" in pdftotext(project / "build" / "guide-answers.pdf")


@pytest.mark.tex
def test_a_work_folder_that_is_a_link_is_replaced(tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    project = make_project(tmp_path / "p", {"q.md": question_file("q", "Planted", "[t]", "easy", "Why?", "Because.")}, GUIDE)
    (project / "build").mkdir()
    (project / "build" / ".work").symlink_to(outside)
    result = guidegen(project, "build", "--no-page-match")
    assert result.returncode == 0, result.stderr
    assert list(outside.iterdir()) == []
    assert (project / "build" / ".work").is_dir() and not (project / "build" / ".work").is_symlink()


@pytest.mark.tex
def test_a_build_folder_linked_out_of_the_project_is_refused(tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    project = make_project(tmp_path / "p", {"q.md": question_file("q", "Planted", "[t]", "easy", "Why?", "Because.")}, GUIDE)
    (project / "build").symlink_to(outside)
    result = guidegen(project, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: ") and "is a link to a folder outside the project" in result.stderr
    assert list(outside.iterdir()) == []
    # Named on purpose with --out, it is the user's choice.
    result = guidegen(project, "build", "--no-page-match", "--out", str(outside))
    assert result.returncode == 0, result.stderr
    assert (outside / "guide-answers.pdf").is_file()
