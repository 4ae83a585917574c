"""Every way a build can fail ends with one clear message, a non-zero exit code, and the
previous PDFs untouched: LaTeX errors and hangs, TeX missing, a full disk, a kill, and
two builds at once."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

import conftest


GUIDE = "title: Failures\ntopics:\n  - slug: f\n    name: Failures\n"


def make_project(root: Path, count: int = 6) -> Path:
    (root / "content").mkdir(parents=True)
    (root / "content" / "guide.yaml").write_text(GUIDE)
    for n in range(count):
        (root / "content" / f"q{n}.md").write_text(
            f"---\nid: q{n}\ntitle: Question {n}\ntopics: [f]\ndifficulty: easy\n---\nWhy is $x_{n}^2 \\ge 0$?\n\n"
            f"## Answer\n\nBecause squares are never negative, answer {n}. " + "More words. " * 200 + "\n"
        )
    return root


def guidegen(project: Path, *args: str, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    if kw:  # limits set in the child (preexec_fn): the real command, in a process of its own
        return conftest.guidegen_process(project, *args, "--project", ".", env=env, **kw)
    return conftest.guidegen(project, *args, "--project", ".", env=env)


def snapshot(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (project / "build").glob("*.pdf")}


@pytest.fixture
def built(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "p")
    result = guidegen(project, "build", "-q")
    assert result.returncode == 0, result.stderr
    return project


def override_question_template(project: Path, injected: str, question_id: str = "q3") -> None:
    """A project template that breaks LaTeX for one question (content cannot do that)."""
    from guidegen.paths import default_template_dir

    source = (default_template_dir() / "question.tex.j2").read_text()
    (project / "templates").mkdir(exist_ok=True)
    (project / "templates" / "question.tex.j2").write_text(
        source + f'((* if entry.question.id == "{question_id}" *)){injected}\n((* endif *))\n'
    )


@pytest.mark.tex
def test_latex_error_names_the_question_and_keeps_the_old_pdfs(built: Path):
    before = snapshot(built)
    override_question_template(built, "\\undefinedcommandxyz")
    result = guidegen(built, "build")
    assert result.returncode == 1
    error = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(error) == 1
    assert "content/q3.md: question 'q3': LaTeX error in guide-answers.tex line" in error[0]
    assert "Undefined control sequence" in error[0]
    assert len(result.stderr.splitlines()) <= 4  # progress lines and one error, no log dump
    assert snapshot(built) == before


@pytest.mark.tex
def test_latex_hang_is_stopped_by_the_time_limit(built: Path):
    before = snapshot(built)
    override_question_template(built, "\\loop\\iftrue\\repeat")
    # A limit of 1 s is waited out twice (the build retries LaTeX once from clean files);
    # only the looping passes run under it (the preamble's format is the `built` fixture's).
    env = dict(os.environ, GUIDEGEN_LATEX_TIMEOUT="1")
    started = time.monotonic()
    result = guidegen(built, "build", env=env)
    assert result.returncode == 1
    assert time.monotonic() - started < 60
    assert "did not finish guide-answers.tex within 1 s and was stopped" in result.stderr
    assert snapshot(built) == before
    assert not processes_in(built / "build" / ".work"), "the stopped LaTeX must not linger"


def processes_in(folder: Path) -> list[str]:
    """Processes whose working directory is `folder` (LaTeX runs in the build folder)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and Path(os.readlink(proc / "cwd")) == folder.resolve():
                found.append((proc / "cmdline").read_text().replace("\0", " "))
        except OSError:
            continue
    return found


def test_tex_missing_says_what_to_install(tmp_path: Path):
    project = make_project(tmp_path / "p")
    env = dict(os.environ, PATH=str(tmp_path / "empty-bin"))
    result = guidegen(project, "build", env=env)
    assert result.returncode == 1
    assert "pdflatex not found. Install TeX Live: run 'guidegen doctor'" in result.stderr
    assert "make guide" not in result.stderr  # a pip user has no Makefile
    assert "Traceback" not in result.stderr


@pytest.mark.tex
def test_full_disk_is_one_message_and_keeps_the_old_pdfs(built: Path):
    """A file-size limit stands in for a full disk: writes past it fail like ENOSPC."""
    before = snapshot(built)
    (built / "content" / "q0.md").write_text((built / "content" / "q0.md").read_text().replace("answer 0", "answer zero"))

    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    result = guidegen(built, "build", preexec_fn=small_files)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == ["Error: cannot read or write: File too large (is the disk full?); the PDFs of the last good build are unchanged"]
    assert snapshot(built) == before


def wait_until(condition, process: subprocess.Popen, what: str, deadline: float = 60) -> None:
    """Poll `condition` until it holds; fail if `process` ends first or the deadline passes."""
    end = time.monotonic() + deadline
    while not condition():
        assert process.poll() is None, f"the build ended (exit {process.returncode}) before {what}"
        assert time.monotonic() < end, f"no {what} within {deadline} s"
        time.sleep(0.01)


def latex_running(project: Path) -> bool:
    """Whether a pdflatex process is at work in the project's build folder."""
    # (A process that is just ending may show an empty command line.)
    return any(Path(cmd.split(" ", 1)[0]).name == "pdflatex" for cmd in processes_in(project / "build" / ".work"))


def no_latex_left(project: Path, deadline: float = 10) -> bool:
    """Whether every pdflatex of the build folder is gone (within a few seconds: a child
    killed with its parent dies on the kernel's parent-death signal)."""
    end = time.monotonic() + deadline
    while processes_in(project / "build" / ".work"):
        if time.monotonic() > end:
            return False
        time.sleep(0.05)
    return True


@pytest.mark.tex
def test_killed_build_leaves_previous_pdfs_intact_and_the_next_build_works(built: Path):
    before = snapshot(built)
    (built / "content" / "q1.md").write_text((built / "content" / "q1.md").read_text().replace("answer 1", "answer one"))
    process = subprocess.Popen([sys.executable, "-m", "guidegen", "build", "--project", "."], cwd=built,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    wait_until(lambda: latex_running(built), process, "pdflatex in build/.work")
    os.killpg(process.pid, signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL
    assert no_latex_left(built), processes_in(built / "build" / ".work")
    assert snapshot(built) == before
    assert not [p for p in (built / "build").iterdir() if p.name.endswith(".pdf") and p.name not in before]
    again = guidegen(built, "build", "-q")
    assert again.returncode == 0, again.stderr
    assert "answer one" in " ".join(" ".join(p.extract_text().split()) for p in PdfReader(built / "build" / "guide-answers.pdf").pages)


@pytest.mark.tex
def test_ctrl_c_is_one_message(built: Path):
    (built / "content" / "q2.md").write_text((built / "content" / "q2.md").read_text().replace("answer 2", "answer two"))
    before = snapshot(built)
    process = subprocess.Popen([sys.executable, "-m", "guidegen", "build", "--project", "."], cwd=built,
                               stderr=subprocess.PIPE, text=True)
    wait_until(lambda: latex_running(built), process, "pdflatex in build/.work")
    process.send_signal(signal.SIGINT)  # to guidegen alone, as LaTeX runs in a session of its own
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.strip().splitlines()[-1] == "Error: interrupted; the PDFs of the last good build are unchanged"
    assert "Traceback" not in stderr
    assert no_latex_left(built), processes_in(built / "build" / ".work")
    assert snapshot(built) == before


WAITING = "Waiting for another build of this output folder to finish..."
# A figure that keeps the first build inside its lock until the test lets it go (touches
# figures/release), or for 30 s at most.
SLOW_FIGURE = """\
import time
from pathlib import Path


def draw(fig):
    release = Path(__file__).with_name("release")
    end = time.monotonic() + 30
    while not release.exists() and time.monotonic() < end:
        time.sleep(0.05)
    fig.subplots().plot([0, 1], [0, 1])
"""


def flock_state(pid: int, path: Path) -> str | None:
    """'holds' or 'waits' if process `pid` holds or waits for an flock on `path`, as
    /proc/locks lists it ("1: FLOCK  ADVISORY  WRITE <pid> <major>:<minor>:<inode> 0 EOF",
    "1: -> FLOCK ..." for a process blocked on it); None otherwise."""
    try:
        inode = path.stat().st_ino
    except FileNotFoundError:
        return None
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        waits = fields[1] == "->"
        fields = fields[2:] if waits else fields[1:]
        if fields[0] == "FLOCK" and fields[3] == str(pid) and fields[4].rsplit(":", 1)[-1] == str(inode):
            return "waits" if waits else "holds"
    return None


@pytest.mark.tex
def test_second_build_of_the_same_folder_waits_for_the_first(tmp_path: Path):
    project = make_project(tmp_path / "p", count=2)
    (project / "figures").mkdir()
    (project / "figures" / "slow.py").write_text(SLOW_FIGURE + f"\n# drawn for {tmp_path} alone\n")  # never in the shared cache
    question = project / "content" / "q1.md"
    question.write_text(question.read_text().replace("More words. " * 200, "\n\n![A slow figure.](slow.py)"))  # less than a page
    lock = project / "build" / ".work" / "lock"
    command = [sys.executable, "-m", "guidegen", "build", "--project", "."]
    runs = []
    try:
        runs.append(subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        wait_until(lambda: flock_state(runs[0].pid, lock) == "holds", runs[0], "lock on build/.work/lock by the first build")
        # The lock polls (filelock, which works on Windows too) rather than blocking in the
        # kernel, so the second build's wait shows in what it says, not in /proc/locks.
        with open(tmp_path / "second.err", "w+") as second_err:
            runs.append(subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=second_err, text=True))
            wait_until(lambda: WAITING in (tmp_path / "second.err").read_text(), runs[1], "second build waiting for the lock", deadline=30)
            assert flock_state(runs[0].pid, lock) == "holds"  # still the first's, while the second waits
            (project / "figures" / "release").touch()
            (out1, err1), (out2, _) = (run.communicate(timeout=300) for run in runs)
        err2 = (tmp_path / "second.err").read_text()
    finally:
        for run in runs:
            run.kill()
    assert [run.returncode for run in runs] == [0, 0], (err1, err2)
    # Exactly one build said it waits: the one that came second.
    assert [WAITING in err1, WAITING in err2] == [False, True], (err1, err2)
    assert "Drawing 1 figure..." in err1 and "Drawing" not in err2  # the second found the figure drawn
    # Both report the same complete pair, and the pair left in place is whole and readable.
    sheet, key = (PdfReader(project / "build" / f"guide-{kind}.pdf") for kind in ("questions", "answers"))
    assert len(sheet.pages) == len(key.pages) >= 2
    assert out1 == out2 == (f"Wrote build/guide-questions.pdf ({len(sheet.pages)} pages)\n"
                            f"Wrote build/guide-answers.pdf ({len(key.pages)} pages)\n")
    key_text = " ".join(" ".join(p.extract_text().split()) for p in key.pages)
    assert "Figure 1: A slow figure." in key_text and "answer 1" in key_text


@pytest.mark.tex
def test_latex_runs_confined_even_for_project_templates(built: Path, tmp_path: Path):
    """Defence in depth: even template code (trusted, unlike content) cannot run commands
    or read files outside the build folder, because LaTeX runs with shell escape off and
    openin_any=p."""
    marker = tmp_path / "shell-escape-ran"
    override_question_template(built, f"\\immediate\\write18{{touch {marker}}}")
    result = guidegen(built, "build")
    assert result.returncode == 0, result.stderr
    assert not marker.exists()
    override_question_template(built, "\\input{/etc/hostname}")
    result = guidegen(built, "build")
    assert result.returncode == 1
    assert "/etc/hostname" in result.stderr and "content/q3.md: question 'q3'" in result.stderr


def test_a_build_stopped_by_a_dropped_ctrl_c_publishes_nothing(tmp_path: Path):
    """Ctrl-C while a child process is being started runs its handler in an at-fork
    callback, which drops the KeyboardInterrupt; the flag it also sets stops the build
    before any PDF is replaced."""
    from guidegen.outputs.base import Made
    from guidegen.pipeline import publish
    from guidegen.errors import INTERRUPTED

    compiled, published = tmp_path / "new.pdf", tmp_path / "out" / "guide-answers.pdf"
    compiled.write_bytes(b"%PDF new")
    published.parent.mkdir()
    published.write_bytes(b"%PDF good")
    INTERRUPTED.set()
    try:
        with pytest.raises(KeyboardInterrupt):
            publish([Made(compiled, "guide-answers.pdf", 1)], published.parent)
    finally:
        INTERRUPTED.clear()
    assert published.read_bytes() == b"%PDF good" and sorted(p.name for p in published.parent.iterdir()) == ["guide-answers.pdf"]
