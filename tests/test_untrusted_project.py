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


# The moments of guidegen's start-up a test can stop it at (GUIDEGEN_TEST_PAUSE_AT), in order.
START_UP = ["run", "import-cli", "import-click", "import-building", "import-outputs", "import-project", "cli-imported",
            "group", "find-project", "command", "command-handlers", "report-progress", "options"]


def test_ctrl_c_at_any_moment_of_start_up_is_one_line(tmp_path: Path):
    """A Ctrl-C while guidegen is still starting (importing click and the rest, parsing
    the command line, finding the project, installing the command's own handling) ends
    the program as one later does: one line, exit code 130, no traceback, nothing
    written. guidegen stops at each moment of its start-up (GUIDEGEN_TEST_PAUSE_AT) and
    says so; the interrupt is sent then, so no moment depends on the machine's speed."""
    import select

    root = project(tmp_path)
    children = {}
    for point in START_UP:  # all at once: each waits for its signal
        env = dict(os.environ, GUIDEGEN_TEST_PAUSE_AT=point)
        children[point] = subprocess.Popen([sys.executable, "-m", "guidegen", "build", "--no-page-match"], cwd=root, env=env,
                                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        for point, child in children.items():
            ready, _, _ = select.select([child.stderr], [], [], 120)
            assert ready, f"guidegen never reached {point}"
            assert child.stderr.readline().decode() == f"paused at {point}\n", point
            child.send_signal(signal.SIGINT)
        for point, child in children.items():
            out, err = child.communicate(timeout=120)
            lines = err.decode().splitlines()
            assert child.returncode in (130, -signal.SIGINT), f"at {point}: exit {child.returncode}\n{err.decode()}"
            assert len(lines) == 1 and lines[0].startswith("Error: interrupted"), f"at {point}:\n{err.decode()}"
            assert out == b"", point
    finally:
        for child in children.values():
            if child.poll() is None:
                child.kill()
                child.wait()
    assert not (root / "build").exists() or not list((root / "build").rglob("*.pdf"))


def test_a_point_of_start_up_not_reached_is_not_waited_for(tmp_path: Path):
    """The pause is for tests only: a name no moment has changes nothing."""
    result = subprocess.run([sys.executable, "-m", "guidegen", "check"], cwd=project(tmp_path), capture_output=True, text=True,
                            env=dict(os.environ, GUIDEGEN_TEST_PAUSE_AT="nowhere"), timeout=120)
    assert result.returncode == 0, result.stderr
    assert "paused" not in result.stderr


def test_a_content_file_name_that_is_not_utf8_does_not_crash_the_build(tmp_path: Path):
    root = project(tmp_path)
    (root / "content" / os.fsdecode(b"caf\xe9.md")).write_text(question_file("cafe", "Cafe", "[t]", "easy", "Why?", "Because."))
    for attempt in range(2):  # the second finds the first's cache, and fingerprints the inputs
        result = guidegen(root, "build")
        assert "Traceback" not in result.stderr
        assert result.returncode == 1
        assert result.stderr.splitlines()[0] == "content/caf\\xe9.md:1: error: the file name is not valid UTF-8; rename it"
