"""`guidegen watch`, as a user has it: one session on a small project that edits an
answer, makes a bad edit, fixes it, and stops with Ctrl-C in the middle of LaTeX; then
saves that must each end in a build of what is on disk: editors' renames, bursts, saves
during a build, a figures/ folder made after watching began, a deleted question."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import guidegen, make_project, pdftotext, question_file

GUIDE = "title: Watched\ntopics:\n  - slug: basics\n    name: Basics\n"
DEADLINE = 120  # seconds for one build on a busy machine; a normal one takes about one


def answer_file(id: str, answer: str) -> str:
    return question_file(id, f"Question {id}", "[basics]", "easy", f"What is ${id[-1]} + 1$?", answer)


class Watcher:
    """`guidegen watch` in a subprocess; its stdout and stderr lines, as they come."""

    def __init__(self, project: Path):
        # -X faulthandler: if it ever hangs, SIGABRT makes it print where (see exit_code).
        self.process = subprocess.Popen([sys.executable, "-X", "faulthandler", "-m", "guidegen", "watch"], cwd=project, text=True,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.lines: queue.Queue[str] = queue.Queue()
        self.transcript: list[str] = []
        self.readers = [threading.Thread(target=lambda s=stream: [self.lines.put(line.rstrip("\n")) for line in s], daemon=True)
                        for stream in (self.process.stdout, self.process.stderr)]
        for reader in self.readers:
            reader.start()

    def wait_for(self, pattern: str) -> str:
        """The next line matching `pattern` (a regex), within the deadline."""
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                assert self.process.poll() is None, f"watch exited ({self.process.returncode}):\n" + "\n".join(self.transcript)
                continue
            self.transcript.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no line matching {pattern!r} within {DEADLINE} s:\n" + "\n".join(self.transcript))

    def rest(self) -> list[str]:
        """Every line not read yet, once the process has exited."""
        for reader in self.readers:
            reader.join(timeout=10)
        while not self.lines.empty():
            self.transcript.append(self.lines.get())
        return self.transcript

    def exit_code(self, timeout: float) -> int:
        """Its exit code; past `timeout`, its threads' tracebacks (faulthandler) in the failure."""
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.send_signal(signal.SIGABRT)
            self.process.wait(timeout=30)
            raise AssertionError(f"watch did not exit within {timeout:g} s; what it said, and where it was:\n"
                                 + "\n".join(self.rest())) from None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def latex_running_in(folder: Path) -> list[int]:
    """Processes (pdflatex) whose working directory is `folder`."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and Path(os.readlink(entry / "cwd")) == folder:
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.mark.tex
def test_watch_rebuilds_on_save_survives_a_bad_edit_and_stops_cleanly(tmp_path):
    project = make_project(tmp_path / "p", {"q1.md": answer_file("q1", "First answer text."),
                                            "q2.md": answer_file("q2", "Second answer text.")}, GUIDE)
    key, sheet = project / "build" / "guide-answers.pdf", project / "build" / "guide-questions.pdf"
    work = project / "build" / ".work"
    watcher = Watcher(project)
    try:
        watcher.wait_for(r"^Watching content/")
        assert "First answer text." in pdftotext(key)

        # A good edit: one line names the file, what was rebuilt, the time and the pages.
        (project / "content" / "q1.md").write_text(answer_file("q1", "Zebra crossing."), "utf-8")
        line = watcher.wait_for(r"content/q1\.md: ")
        assert re.search(r"content/q1\.md: rebuilt the key( and the sheet)? in \d+\.\d\d s \((1 page|\d+( \+ \d+)? pages)\)$", line), line
        assert "Zebra crossing." in pdftotext(key)
        assert "Zebra" not in pdftotext(sheet)

        # A bad edit: its problems with file and line, the last good PDFs kept, still watching.
        (project / "content" / "q1.md").write_text(answer_file("q1", r"Broken $\input{/etc/passwd}$ math."), "utf-8")
        assert watcher.wait_for(r"^content/q1\.md:\d+: ").startswith("content/q1.md:11: error: math")
        watcher.wait_for(r"PDFs of the last good build are unchanged; waiting for the next save")
        assert watcher.process.poll() is None
        assert "Zebra crossing." in pdftotext(key)

        # The fix rebuilds.
        (project / "content" / "q1.md").write_text(answer_file("q1", "Yak shaving."), "utf-8")
        watcher.wait_for(r"content/q1\.md: rebuilt")
        assert "Yak shaving." in pdftotext(key)

        # Ctrl-C while LaTeX runs (or, on a fast machine, just after): one line, exit 0,
        # no traceback, no LaTeX left running, no half-written PDF.
        (project / "content" / "q2.md").write_text(answer_file("q2", "Second answer, now longer. " * 40), "utf-8")
        deadline = time.monotonic() + 10
        while not latex_running_in(work) and time.monotonic() < deadline:
            time.sleep(0.01)
        watcher.process.send_signal(signal.SIGINT)
        assert watcher.exit_code(timeout=60) == 0
        said = watcher.rest()
        assert said[-1].startswith("Stopped watching") and not any("Traceback" in line for line in said), said
        deadline = time.monotonic() + 0.2  # as long as the LaTeX just killed may take to be gone from /proc
        while latex_running_in(work) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert latex_running_in(work) == []
        assert not list((project / "build").glob("*.part")) and not list((project / "build").glob(".*.part"))
        assert "Yak shaving." in pdftotext(key) and "Question q2" in pdftotext(sheet)
    finally:
        watcher.stop()


def test_watch_takes_the_options_of_build(tmp_path):
    result = guidegen(tmp_path, "watch", "--help")
    assert result.returncode == 0 and "--open" in result.stdout
    assert all(option in result.stdout for option in ("--topic", "--answer-space", "--imposition", "--out"))
    assert re.search(r"^\s+guidegen watch", result.stdout, re.MULTILINE)  # an example


def test_a_ctrl_c_whose_exception_python_drops_still_stops_the_watching(tmp_path):
    """A signal that arrives while a child is being started is handled inside an at-fork
    callback, which prints the KeyboardInterrupt and drops it. The handler (the CLI's)
    also sets INTERRUPTED, the flag the watch loop checks: with only the flag, the
    watching stops, cleanly, before it builds anything."""
    from guidegen.cli import _terminate
    from guidegen.errors import INTERRUPTED
    from guidegen.requests import Options
    from guidegen.watch import watch_project

    project = make_project(tmp_path, {"q1.md": answer_file("q1", "First answer text.")}, GUIDE)
    previous = signal.signal(signal.SIGINT, _terminate)
    raised = False
    try:
        try:
            os.kill(os.getpid(), signal.SIGINT)
            deadline = time.monotonic() + 10
            while not INTERRUPTED.is_set() and time.monotonic() < deadline:
                time.sleep(0.01)  # the handler runs between two of these
        except KeyboardInterrupt:
            raised = True  # what the at-fork callback drops
        assert raised and INTERRUPTED.is_set()
        said: list[str] = []
        # In a thread, so that a watch that ignored the flag fails the test instead of hanging it.
        watching = threading.Thread(target=lambda: said.append(watch_project(project, None, Options(), quiet=True, echo=said.append)),
                                    daemon=True)
        watching.start()
        watching.join(timeout=DEADLINE)
        assert not watching.is_alive(), "the watching went on with INTERRUPTED set"
        assert said == ["Stopped watching.", 0]
        assert not (project / "build").exists()
    finally:
        signal.signal(signal.SIGINT, previous)
        INTERRUPTED.clear()


# -- every save is built: bursts, editors' renames, saves during a build, new folders --------

def save_atomically(path: Path, text: str) -> None:
    """As most editors save: write a temporary file beside the file, then rename it over it."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, "utf-8")
    os.replace(temporary, path)


def wait_for_text(watcher: Watcher, pdf: Path, text: str, pattern: str) -> str:
    """The first line matching `pattern` after which `pdf` holds `text`. A rebuild that
    found nothing to do while it does not is the stale build this guards against:
    nothing to do means the PDFs already reflect the files on disk."""
    while True:
        line = watcher.wait_for(pattern)
        if text in pdftotext(pdf):
            return line
        assert "nothing to rebuild" not in line, f"{pdf.name} lacks {text!r} after:\n" + "\n".join(watcher.transcript)


@pytest.mark.tex
def test_an_editors_atomic_saves_are_rebuilt(tmp_path):
    project = make_project(tmp_path / "p", {"q1.md": answer_file("q1", "First answer text.")}, GUIDE)
    key = project / "build" / "guide-answers.pdf"
    watcher = Watcher(project)
    try:
        watcher.wait_for(r"^Watching content/")
        for autosave in range(10):  # an editor that saves as you type, then the save itself
            save_atomically(project / "content" / "q1.md", answer_file("q1", f"Autosave {autosave}."))
            time.sleep(0.04)
        save_atomically(project / "content" / "q1.md", answer_file("q1", "Atomic walrus."))
        line = wait_for_text(watcher, key, "Atomic walrus.", r"content/q1\.md: ")
        assert re.search(r"\] content/q1\.md: rebuilt the key", line), line  # the temporary file is not named
    finally:
        watcher.stop()


@pytest.mark.tex
def test_the_last_of_a_burst_of_saves_is_built(tmp_path):
    project = make_project(tmp_path / "p", {"q1.md": answer_file("q1", "First answer text.")}, GUIDE)
    key = project / "build" / "guide-answers.pdf"
    question = project / "content" / "q1.md"
    watcher = Watcher(project)
    try:
        watcher.wait_for(r"^Watching content/")
        started = time.monotonic()
        for draft in range(49):
            question.write_text(answer_file("q1", f"Draft number {draft}."), "utf-8")
            time.sleep(0.008)
        question.write_text(answer_file("q1", "Final aardvark."), "utf-8")
        assert time.monotonic() - started < 1  # a burst, not a slow series of saves
        wait_for_text(watcher, key, "Final aardvark.", r"content/q1\.md: ")
    finally:
        watcher.stop()


LATE_FIGURE = 'def draw(fig):\n    ax = fig.subplots()\n    ax.plot([0, 1], [0, 1])\n    ax.set_xlabel("Quokka")\n'


def held_figure(started: Path, release: Path) -> str:
    """A figure script that, when it begins, makes `started` and waits for `release` (both
    outside the project, 60 s at most), so a build that draws it is still running when the
    test saves; the test makes `release` once it has saved."""
    return (f"def draw(fig):\n    import time\n    from pathlib import Path\n    Path({str(started)!r}).touch()\n"
            f"    end = time.monotonic() + 60\n    while not Path({str(release)!r}).exists() and time.monotonic() < end:\n"
            "        time.sleep(0.01)\n"
            + LATE_FIGURE.removeprefix("def draw(fig):\n").replace("Quokka", "Slow quokka"))


def wait_for_file(watcher: Watcher, path: Path) -> None:
    deadline = time.monotonic() + DEADLINE
    while not path.exists():
        assert time.monotonic() < deadline, f"no {path.name} within {DEADLINE} s:\n" + "\n".join(watcher.transcript)
        time.sleep(0.05)


@pytest.mark.tex
def test_a_save_during_a_rebuild_is_built_after_it(tmp_path):
    """The edited figure script holds the rebuild it triggers, after the build has read
    the question, until the question is saved."""
    started, release = tmp_path / "drawing", tmp_path / "release"
    answer = "\n\n![A slow plot.](slow.py)"
    project = make_project(tmp_path / "p", {"q1.md": answer_file("q1", "First answer." + answer)}, GUIDE)
    (project / "figures").mkdir()
    (project / "figures" / "slow.py").write_text(LATE_FIGURE + f"\n# drawn for {tmp_path} alone\n", "utf-8")
    key = project / "build" / "guide-answers.pdf"
    watcher = Watcher(project)
    try:
        watcher.wait_for(r"^Watching content/")
        (project / "figures" / "slow.py").write_text(held_figure(started, release), "utf-8")
        wait_for_file(watcher, started)
        save_atomically(project / "content" / "q1.md", answer_file("q1", "Saved mid-build." + answer))
        release.touch()
        watcher.wait_for(r"figures/slow\.py: drew 1 figure, rebuilt the key")
        wait_for_text(watcher, key, "Saved mid-build.", r"content/q1\.md: ")
    finally:
        release.touch()
        watcher.stop()


@pytest.mark.tex
def test_a_save_during_the_first_build_is_built_after_it(tmp_path):
    started, release = tmp_path / "drawing", tmp_path / "release"
    answer = "\n\n![A slow plot.](slow.py)"
    project = make_project(tmp_path / "p", {"q1.md": answer_file("q1", "First answer." + answer)}, GUIDE)
    (project / "figures").mkdir()
    (project / "figures" / "slow.py").write_text(held_figure(started, release), "utf-8")
    key = project / "build" / "guide-answers.pdf"
    watcher = Watcher(project)
    try:
        wait_for_file(watcher, started)
        save_atomically(project / "content" / "q1.md", answer_file("q1", "Saved during the first build." + answer))
        release.touch()
        watcher.wait_for(r"^Watching content/")
        wait_for_text(watcher, key, "Saved during the first build.", r"content/q1\.md: ")
    finally:
        release.touch()
        watcher.stop()


@pytest.mark.tex
def test_a_figures_folder_made_after_watch_started_is_watched(tmp_path):
    project = make_project(tmp_path / "p", {"q1.md": answer_file("q1", "A plot.\n\n![Drawn at last.](late.py)")}, GUIDE)
    key = project / "build" / "guide-answers.pdf"
    watcher = Watcher(project)
    try:
        watcher.wait_for(r"^content/q1\.md:\d+: error: figure script 'figures/late\.py' does not exist")
        # No build has succeeded yet: there is no last good build to keep.
        assert "No PDF has been built yet; waiting for the next save." in watcher.wait_for(r"1 problem found")
        watcher.wait_for(r"^Watching content/")
        (project / "figures").mkdir()
        (project / "figures" / "late.py").write_text("def draw(fig):\n    raise ValueError('not yet')\n", "utf-8")
        watcher.wait_for(r"^figures/late\.py:2: error: figure script failed: ValueError: not yet")
        watcher.wait_for(r"\] figures/.*: 1 problem found")  # that build's own line, before the fix is saved
        assert not key.exists()
        (project / "figures" / "late.py").write_text(LATE_FIGURE + f"\n# drawn for {tmp_path} alone\n", "utf-8")
        line = watcher.wait_for(r"figures/late\.py: ")
        assert "drew 1 figure, rebuilt the key" in line, line
        assert "Figure 1: Drawn at last." in pdftotext(key) and "Quokka" in pdftotext(key)
    finally:
        watcher.stop()


@pytest.mark.tex
def test_a_deleted_question_is_reported_as_deleted(tmp_path):
    project = make_project(tmp_path / "p", {"q1.md": answer_file("q1", "First answer text."),
                                            "q2.md": answer_file("q2", "Second answer text.")}, GUIDE)
    watcher = Watcher(project)
    try:
        watcher.wait_for(r"^Watching content/")
        (project / "content" / "q2.md").unlink()
        line = watcher.wait_for(r"content/q2\.md")
        assert re.search(r"\] content/q2\.md \(deleted\): rebuilt the key and the sheet", line), line
        assert "Second answer text." not in pdftotext(project / "build" / "guide-answers.pdf")
    finally:
        watcher.stop()
