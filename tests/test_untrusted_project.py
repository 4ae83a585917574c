"""A project's templates are as untrusted as its content, and bad settings or an early
Ctrl-C get one line, never a traceback. None of these tests runs TeX."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import guidegen, make_project, question_file

GUIDE = "title: Untrusted\ntopics:\n  - slug: t\n    name: Topic\n"

# The usual ways out of a Jinja template into Python, each trying to create MARKER.
ESCAPES = [
    "((( cycler.__init__.__globals__.os.popen('touch MARKER').read() )))",
    "((( joiner.__init__.__globals__.os.system('touch MARKER') )))",
    "((( namespace.__init__.__globals__.os.system('touch MARKER') )))",
    "((( lipsum.__globals__['os'].system('touch MARKER') )))",
    "((( ''.__class__.__mro__[1].__subclasses__() )))",
    "((( doc.__class__.__init__.__globals__['os'].system('touch MARKER') )))",
    "((( range.__self__.__import__('os').system('touch MARKER') )))",
    "((* set x = guide.__dict__ *))((( x )))",
    "((( self._TemplateReference__context.cycler.__init__.__globals__.os.system('touch MARKER') )))",
    "((( (doc.sections|first).__class__.__base__.__subclasses__() )))",
]


def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p", {"q.md": question_file("q", "Fine", "[t]", "easy", "Why?", "Because.")}, GUIDE)


@pytest.mark.tex
@pytest.mark.parametrize("escape", ESCAPES)
def test_template_escapes_run_nothing_and_check_reports_them(tmp_path: Path, escape: str):
    root = project(tmp_path)
    (root / "templates").mkdir()
    (root / "templates" / "cover.tex.j2").write_text("\\begin{center}Cover\\end{center}\n" + escape.replace("MARKER", str(tmp_path / "MARKER")) + "\n")
    for command in ("check", "build"):
        result = guidegen(root, command)
        assert "Traceback" not in result.stderr
        assert result.returncode == 1, result.stdout
        lines = result.stderr.splitlines()
        assert lines[0].startswith("templates/cover.tex.j2:2: error: template error: "), lines
        assert lines[-1] == "Error: 1 problem found; nothing was written."
        assert not (tmp_path / "MARKER").exists()
        assert not list(root.rglob("*.pdf"))


def test_a_fifo_template_is_refused_like_a_fifo_question(tmp_path: Path):
    root = project(tmp_path)
    (root / "templates").mkdir()
    os.mkfifo(root / "templates" / "question.tex.j2")
    os.mkfifo(root / "content" / "fifo.md")
    started = time.monotonic()
    result = guidegen(root, "check", timeout=60)
    assert time.monotonic() - started < 30
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/fifo.md:1: error: not an ordinary file (a device, FIFO or socket); only ordinary files are read",
        "templates/question.tex.j2:1: error: not an ordinary file (a device, FIFO or socket); only ordinary files are read",
        "Error: 2 problems found; nothing was written.",
    ]


def test_a_template_that_is_not_utf8_is_named_with_its_line(tmp_path: Path):
    root = project(tmp_path)
    (root / "templates").mkdir()
    (root / "templates" / "cover.tex.j2").write_bytes(b"\\begin{center}\nCaf\xe9\n\\end{center}\n")
    for command in ("check", "build"):
        result = guidegen(root, command)
        assert result.returncode == 1
        assert result.stderr.splitlines() == [
            "templates/cover.tex.j2:2: error: not valid UTF-8 (byte 0xe9); save the template as UTF-8",
            "Error: 1 problem found; nothing was written.",
        ]


def test_template_problems_come_with_content_problems_in_one_run(tmp_path: Path):
    root = project(tmp_path)
    (root / "content" / "bad.md").write_text("no front matter\n")
    (root / "templates").mkdir()
    (root / "templates" / "cover.tex.j2").write_text("((* if *))\n")
    result = guidegen(root, "check")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("content/bad.md:1: error: missing front matter")
    assert lines[1].startswith("templates/cover.tex.j2:1: error: template error: ")
    assert lines[2] == "Error: 2 problems found; nothing was written."


@pytest.mark.parametrize("variable", ["GUIDEGEN_LATEX_TIMEOUT", "GUIDEGEN_FIGURE_TIMEOUT"])
@pytest.mark.parametrize("value", ["nan", "-5", "0", "inf", "soon"])
def test_a_bad_time_limit_is_one_clear_error(tmp_path: Path, variable: str, value: str):
    root = project(tmp_path)
    result = guidegen(root, "build", env=dict(os.environ, **{variable: value}))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"Error: {variable} must be a number of seconds above 0, such as "
                                          f"{300 if 'LATEX' in variable else 60}; it is '{value}'"]
    assert not (root / "build" / "guide-answers.pdf").exists()


def test_ctrl_c_at_any_moment_of_start_up_is_one_line(tmp_path: Path):
    """A Ctrl-C while guidegen is still importing click and the rest (its first tens of
    milliseconds) ends the program as one later does: no traceback. The interrupt is
    sent from inside the process, after Python's own start-up (which no program can
    guard), at 20 moments of guidegen's own."""
    root = project(tmp_path)
    # As the installed `guidegen` command starts: its entry point's module, then the function.
    start = ("import importlib, os, signal, sys\n"
             "from importlib.metadata import entry_points\n"
             "import guidegen\n"
             "(entry,) = entry_points(group='console_scripts', name='guidegen')\n"
             "module, function = entry.value.split(':')\n"
             "signal.signal(signal.SIGALRM, lambda *_: os.kill(os.getpid(), signal.SIGINT))\n"
             "signal.setitimer(signal.ITIMER_REAL, float(sys.argv[1]))\n"
             "sys.argv = ['guidegen', 'build', '--no-page-match']\n"
             "getattr(importlib.import_module(module), function)()\n")
    codes = set()
    for delay in [0.002 * n for n in range(1, 16)] + [0.04, 0.06, 0.08, 0.12, 0.2]:
        result = subprocess.run([sys.executable, "-c", start, str(delay)], cwd=root, capture_output=True, text=True, timeout=120)
        assert "Traceback" not in result.stderr, f"after {delay} s:\n{result.stderr}"
        codes.add(result.returncode)
        if result.returncode == 130:
            assert result.stderr.strip().splitlines()[-1].startswith("Error: interrupted"), result.stderr
    assert 130 in codes


def test_a_content_file_name_that_is_not_utf8_does_not_crash_the_build(tmp_path: Path):
    root = project(tmp_path)
    (root / "content" / os.fsdecode(b"caf\xe9.md")).write_text(question_file("cafe", "Cafe", "[t]", "easy", "Why?", "Because."))
    for attempt in range(2):  # the second finds the first's cache, and fingerprints the inputs
        result = guidegen(root, "build")
        assert "Traceback" not in result.stderr
        assert result.returncode == 1
        assert result.stderr.splitlines()[0] == "content/caf\\xe9.md:1: error: the file name is not valid UTF-8; rename it"
