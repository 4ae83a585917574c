"""The precompiled preamble is made once per user, not once per build folder: kept in the
user's cache under an HMAC key with its digest recorded, copied into each work folder; a
damaged or linked entry is a miss, and made again."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from conftest import pdftotext
from guidegen import cache
from guidegen.outputs.latex import engine

pytestmark = pytest.mark.tex

TEX = ("\\documentclass{article}\n\\usepackage{amsmath}\n\\usepackage{xcolor}\n" + engine.DUMP_MARKER + "\n"
       "\\begin{document}\nShared preamble $\\alpha$ {id}.\n\\end{document}\n")


@pytest.fixture
def counted(tmp_path, monkeypatch) -> Path:
    """A fresh user cache folder, and the real pdflatex behind a script on PATH that notes
    every format it is asked to make (-ini) in the file this returns."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    tools = tmp_path / "tools"
    tools.mkdir()
    log = tmp_path / "ini.log"
    real = engine.shutil.which("pdflatex")
    wrapper = tools / "pdflatex"
    wrapper.write_text(f'#!/bin/sh\ncase " $* " in *" -ini "*) echo ini >> "{log}";; esac\nexec "{real}" "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    log.touch()
    return log


def made(log: Path) -> int:
    return len(log.read_text().split())


def folder(tmp_path: Path, name: str) -> Path:
    work = tmp_path / name / ".work"
    work.mkdir(parents=True)
    return work


def kept(tex: str) -> Path:
    """The file the user cache keeps the format of `tex` in."""
    head = tex.partition(engine.DUMP_MARKER)[0]
    files = list((cache.user_dir() / "files").iterdir())
    assert len(files) == 1, files
    key = cache.key("format", "pdflatex", head, engine._installation())
    assert files[0].name == key.partition(":")[2]
    return files[0]


def compiles(work: Path, fmt: str, text: str) -> None:
    job = engine.Job("doc", TEX.replace("{id}", text))
    engine.compile_jobs(work, [job], cache.Cache(None), fmt)
    assert f"Shared preamble α {text}." in pdftotext(work / "doc.pdf")
    first_line = (work / "doc.log").read_text("utf-8", "replace").splitlines()[0]
    assert f"format={fmt}" in first_line, first_line  # the precompiled preamble was loaded


def test_a_second_build_folder_copies_the_format_made_by_the_first(tmp_path, counted):
    first, second = folder(tmp_path, "one"), folder(tmp_path, "two")
    name = engine.preamble_format(first, "doc", TEX)
    assert name and made(counted) == 1
    assert engine.preamble_format(second, "doc", TEX) == name
    assert made(counted) == 1, "the second folder made its own format"
    assert (second / f"{name}.fmt").read_bytes() == (first / f"{name}.fmt").read_bytes() == kept(TEX).read_bytes()
    assert not (second / f"{name}.fmt").is_symlink()
    compiles(second, name, "two")
    # Another preamble is another format.
    other = TEX.replace("\\usepackage{xcolor}", "\\usepackage{xcolor,graphicx}")
    third = folder(tmp_path, "three")
    assert engine.preamble_format(third, "doc", other) not in (None, name)
    assert made(counted) == 2


@pytest.mark.parametrize("damage", ["garbage", "truncated", "link", "missing"])
def test_a_damaged_or_linked_shared_format_is_a_miss_and_is_made_again(tmp_path, counted, damage):
    first = folder(tmp_path, "one")
    name = engine.preamble_format(first, "doc", TEX)
    shared = kept(TEX)
    good = shared.read_bytes()
    shared.unlink()
    if damage == "garbage":
        shared.write_bytes(b"\\immediate\\write18{echo planted}" * 1000)
    elif damage == "truncated":
        shared.write_bytes(good[: len(good) // 2])
    elif damage == "link":  # even a link to the very bytes that were kept
        target = tmp_path / "elsewhere.fmt"
        target.write_bytes(good)
        shared.symlink_to(target)
    second = folder(tmp_path, "two")
    assert engine.preamble_format(second, "doc", TEX) == name
    assert made(counted) == 2, "a damaged shared format was used"
    compiles(second, name, "again")
    # The entry is whole again: a third folder copies it.
    third = folder(tmp_path, "three")
    assert engine.preamble_format(third, "doc", TEX) == name
    assert made(counted) == 2
    assert not kept(TEX).is_symlink()
    assert (third / f"{name}.fmt").read_bytes() == kept(TEX).read_bytes()


def test_a_format_is_named_by_the_users_secret(tmp_path, monkeypatch):
    """A build folder that came with someone's project cannot hold a format under the name
    ours would have: the name is an HMAC under this user's secret."""
    work = folder(tmp_path, "one")
    # The secret is the one of the cache folder in force at each call.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "mine"))
    mine = engine.preamble_format(work, "doc", TEX)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "theirs"))
    theirs = engine.preamble_format(work, "doc", TEX)
    assert mine and theirs and mine != theirs
    assert (work / f"{mine}.fmt").is_file() and (work / f"{theirs}.fmt").is_file()


def test_a_shared_format_unused_for_a_month_is_removed_and_one_in_use_is_kept(tmp_path, counted):
    first = folder(tmp_path, "one")
    engine.preamble_format(first, "doc", TEX)
    used = kept(TEX)
    stale = used.with_name("0" * 64)  # a format of an older guidegen, say
    stale.write_bytes(b"old")
    month_ago = used.stat().st_mtime - (cache.UNUSED_FILE_DAYS + 1) * 86400
    for path in (used, stale):
        os.utime(path, (month_ago, month_ago))
    engine.preamble_format(folder(tmp_path, "two"), "doc", TEX)  # a use: the kept one is fresh again
    assert made(counted) == 1
    other = TEX.replace("\\usepackage{xcolor}", "\\usepackage{xcolor,graphicx}")
    engine.preamble_format(folder(tmp_path, "three"), "doc", other)  # a new one is kept: the old are pruned
    assert made(counted) == 2
    assert used.is_file() and not stale.exists()


def test_a_lualatex_build_tries_no_format(tmp_path, counted):
    """A format holds pdfLaTeX's preamble; LuaLaTeX's fonts cannot be dumped in one, so a
    LuaLaTeX document is never tried (each try was a failed pdflatex run, every build)."""
    from conftest import guidegen, make_project, question_file

    project = make_project(tmp_path / "p", {"q.md": question_file("q", "Спуск", "[t]", "easy", "Что такое градиент?", "Вектор.")},
                           "title: T\ntopics:\n  - slug: t\n    name: T\n")
    result = guidegen(project, "build", "-q", "--project", ".")
    assert result.returncode == 0, result.stderr
    assert (project / "build" / ".work" / "guide-answers.log").read_text("utf-8", "replace").startswith("This is LuaHBTeX")
    assert made(counted) == 0
