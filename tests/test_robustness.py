"""Robustness as a user meets it: never a stale PDF after a quick edit, two builds at once,
figure scripts that crash or hang, guidegen killed or stopped with its children still
running, a large bank loaded by a pool of workers, and `guidegen list | head -1`.

Every assertion is on what a user sees: the text of the PDFs (pdftotext), stderr, exit
codes, and which processes are left running (/proc).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import guidegen, make_project, pdftotext, question_file

GUIDE = "title: Robustness\ntopics:\n  - slug: t\n    name: Tee Topic\n"
KEY, SHEET = "guide-answers.pdf", "guide-questions.pdf"
PROBLEM_LINE = re.compile(r"^figures/[\w-]+\.py:\d+: ")


def one_question(root: Path, question_word: str, answer_word: str, answer: str = "", figures: dict[str, str] | None = None) -> Path:
    """A one-question project; `figures` maps script names to their code."""
    project = make_project(root, {"q.md": question_file(
        "q", "Only Question", "[t]", "easy", f"What is {question_word} here?", f"It is {answer_word} there.\n\n{answer}")}, GUIDE)
    for name, code in (figures or {}).items():
        (project / "figures").mkdir(exist_ok=True)
        (project / "figures" / name).write_text(code)
    return project


def start_build(project: Path, *args: str, env: dict | None = None) -> subprocess.Popen:
    """`guidegen build` running in the background (the project folder named on its command
    line), with faulthandler on: SIGABRT makes it print where it is stuck (`where_stuck`)."""
    return subprocess.Popen([sys.executable, "-X", "faulthandler", "-m", "guidegen", "build", "--project", str(project), *args],
                            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def where_stuck(process: subprocess.Popen, project: Path) -> str:
    """For a failure message: a guidegen that would not stop, its children, and its Python
    stack (faulthandler prints it on SIGABRT); it is ended by that."""
    if process.poll() is not None:
        return f"guidegen had ended (exit {process.returncode}) but its output pipes stayed open; left: {leftovers(project)}"
    try:
        wchan = Path(f"/proc/{process.pid}/wchan").read_text()
    except OSError:
        wchan = "?"
    children = leftovers_of(process.pid)
    process.send_signal(signal.SIGABRT)
    try:
        _, stderr = process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
    return f"guidegen still running (kernel wait: {wchan}); children: {children}; its stderr and stack:\n{stderr[-6000:]}"


def leftovers_of(pid: int) -> list[str]:
    return [f"{child} (cwd {cwd}): {cmd}" for child, parent, cwd, cmd in live_processes() if parent == pid]


# -- processes -------------------------------------------------------------------------------

def _inside(path: str, folder: Path) -> bool:
    return path == str(folder) or path.startswith(str(folder) + os.sep)


def live_processes() -> list[tuple[int, int, str, str]]:
    """(pid, parent pid, cwd, command line) of every process not a zombie ('' where unreadable)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            fields = stat.rsplit(")", 1)[1].split()
            if fields[0] in ("Z", "X"):
                continue
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace").strip()
            try:
                cwd = os.readlink(proc / "cwd")
            except OSError:
                cwd = ""
        except (OSError, IndexError):
            continue  # gone meanwhile
        found.append((int(proc.name), int(fields[1]), cwd, cmdline))
    return found


def leftovers(project: Path) -> list[str]:
    """Processes that belong to a build of `project`: working inside it (pdflatex in its
    build folder, figure workers in it), or naming it on their command line."""
    return [f"{pid} (cwd {cwd}): {cmd}" for pid, _, cwd, cmd in live_processes()
            if pid != os.getpid() and (_inside(cwd, project) or any(_inside(word, project) for word in cmd.split()))]


def cpu_seconds(pid: int) -> float:
    """The processor time a process has used so far (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def kill_leftovers(project: Path) -> None:
    """After a failed test: end what our build of `project` left running (a spinning pdflatex)."""
    for pid, _, cwd, _ in live_processes():
        if pid != os.getpid() and _inside(cwd, project):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


def figure_workers(project: Path) -> list[int]:
    return [pid for pid, _, cwd, cmd in live_processes() if "guidegen.figures" in cmd and _inside(cwd, project)]


def wait_for(condition, seconds: float, what: str, process: subprocess.Popen | None = None):
    """Poll `condition` until it returns something truthy; fail after `seconds`, or as soon
    as `process` has ended (it will never come then)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        if process is not None and process.poll() is not None:
            pytest.fail(f"guidegen ended (exit {process.returncode}) before {what}:\n{process.stderr.read()}")
        time.sleep(0.05)
    pytest.fail(f"after {seconds} s still no {what}")


def gone_within(project: Path, seconds: float, pids: list[int] = ()) -> list[str]:
    """Wait up to `seconds` for every leftover of `project` (and `pids`) to end; what remains."""
    deadline = time.monotonic() + seconds
    while True:
        alive = {pid for pid, *_ in live_processes()}
        remaining = leftovers(project) + [f"{pid} (a child seen while the build ran)" for pid in pids if pid in alive]
        if not remaining or time.monotonic() > deadline:
            return remaining
        time.sleep(0.05)


# -- 2. two builds at once (first in the file: the longest test, so xdist starts it first) --

@pytest.mark.tex
def test_two_builds_into_one_folder_at_once_both_succeed_every_round(tmp_path: Path):
    project = one_question(tmp_path / "p", "rnd000", "ans000")
    path = project / "content" / "q.md"
    overlapped = 0  # rounds in which one build waited for the other's lock
    # Four rounds: each starts two processes at once, which overlap nearly every time (the
    # assertion below fails if they never did); more rounds repeated the same check.
    for round in range(1, 5):
        path.write_text(path.read_text().replace(f"rnd{round - 1:03d}", f"rnd{round:03d}").replace(f"ans{round - 1:03d}", f"ans{round:03d}"))
        runs = [start_build(project) for _ in range(2)]
        results = [(run.communicate(timeout=120), run.returncode) for run in runs]
        results = [(code, stdout, stderr) for (stdout, stderr), code in results]
        overlapped += any("Waiting for another build" in stderr for _, _, stderr in results)
        for code, _, stderr in results:
            assert code == 0, f"round {round}: {results}"
            assert "Error" not in stderr and "Traceback" not in stderr, f"round {round}: {stderr}"
        key, sheet = pdftotext(project / "build" / KEY), pdftotext(project / "build" / SHEET)
        assert f"ans{round:03d}" in key and f"ans{round - 1:03d}" not in key, f"round {round}: {key}"
        assert f"rnd{round:03d}" in sheet and f"rnd{round - 1:03d}" not in sheet, f"round {round}: {sheet}"
        assert not [p.name for p in (project / "build").iterdir() if p.name.endswith(".part")], "a half-written PDF was left"
    assert overlapped, "the two builds never ran at the same time: the test proved nothing"


# -- 1. never a stale PDF ------------------------------------------------------------------------

MODES = {
    "page-matched": (),
    "no-page-match": ("--no-page-match",),
    "key-end": ("--key", "end"),
    "answer-space-none": ("--answer-space", "none"),
}


@pytest.mark.tex
@pytest.mark.parametrize("mode", MODES)
def test_quick_same_length_edits_never_leave_a_stale_pdf(tmp_path: Path, mode: str):
    """Edits in a row, each the same length as the one before and saved with the very
    timestamp the file had (same size, same mtime to the nanosecond: what a quick editor
    can leave), each built at once: every PDF shows the new text. Pinning the timestamp
    makes each edit the worst case every time; two edits cover the first build after a
    full one and one after an incremental one."""
    out = f"out-{mode}"
    project = one_question(tmp_path / "p", "ques00", "answ00")
    first = guidegen(project, "build", "--project", ".", "--out", out, *MODES[mode])
    assert first.returncode == 0, first.stderr
    for n in range(1, 3):
        question_word, answer_word = f"ques{n:02d}", f"answ{n:02d}"
        old_question, old_answer = f"ques{n - 1:02d}", f"answ{n - 1:02d}"
        path = project / "content" / "q.md"
        before, stamp = path.read_bytes(), path.stat()
        path.write_text(path.read_text().replace(old_question, question_word).replace(old_answer, answer_word))
        os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
        assert len(path.read_bytes()) == len(before) and path.stat().st_mtime_ns == stamp.st_mtime_ns
        result = guidegen(project, "build", "--project", ".", "--out", out, *MODES[mode])
        assert result.returncode == 0, result.stderr
        assert "Nothing to do" not in result.stdout + result.stderr, f"edit {n}: the build took the edited bank for unchanged"
        key, sheet = pdftotext(project / out / KEY), pdftotext(project / out / SHEET)
        assert answer_word in key and old_answer not in key, f"edit {n} ({mode}): the key shows a stale answer:\n{key}"
        assert question_word in sheet and old_question not in sheet, f"edit {n} ({mode}): the sheet shows a stale question:\n{sheet}"
        assert answer_word not in sheet


@pytest.mark.tex
def test_a_build_whose_latex_input_is_unchanged_runs_no_latex(tmp_path: Path):
    """Freshness is decided by content: when the only edit leaves every .tex as it was (a
    blank line at the end of the Markdown, which the no-op check still counts as a
    change), the build starts no pdflatex at all: not the key's measuring pass either."""
    project = one_question(tmp_path / "p", "samq01", "sama01")
    first = guidegen(project, "build", "--project", ".")
    assert first.returncode == 0, first.stderr
    runs, wrapper = tmp_path / "pdflatex-runs", tmp_path / "bin" / "pdflatex"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\necho "$*" >> {shlex.quote(str(runs))}\nexec {shlex.quote(shutil.which("pdflatex"))} "$@"\n')
    wrapper.chmod(0o755)
    path = project / "content" / "q.md"
    path.write_text(path.read_text() + "\n")
    result = guidegen(project, "build", "--project", ".", env=dict(os.environ, PATH=f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}"))
    assert result.returncode == 0, result.stderr
    assert "Nothing to do" not in result.stdout + result.stderr
    started = runs.read_text().splitlines() if runs.exists() else []
    assert started == [], f"pdflatex ran {len(started)} time(s) for unchanged LaTeX input: {started}"
    assert "samq01" in pdftotext(project / "build" / SHEET) and "sama01" in pdftotext(project / "build" / KEY)


# -- 3. figure scripts that crash or hang ----------------------------------------------------------

FINE = "def draw(fig):\n    fig.subplots().plot([0, 1], [0, 1])\n"
EXITS = "import os\n\n\ndef draw(fig):\n    os._exit(0)\n"
SEGFAULTS = "import os\nimport signal\n\n\ndef draw(fig):\n    os.kill(os.getpid(), signal.SIGSEGV)\n"
HANGS = "import time\n\n\ndef draw(fig):\n    while True:\n        time.sleep(1)\n"


@pytest.mark.tex
def test_switching_modes_in_one_folder_keeps_every_pdf_right(tmp_path: Path):
    """The key's draft and full compile share their files: a build in another mode in
    between must not leave the page-matched build trusting answer heights it overwrote."""
    project = one_question(tmp_path, "modequestion", "modeanswer")
    for mode in ([], ["--key", "end"], [], ["--no-page-match"], [], ["--answer-space", "none"], []):
        result = guidegen(project, "build", "-q", *mode)
        assert result.returncode == 0, (mode, result.stderr)
        assert "modeanswer" in pdftotext(project / "build" / "guide-answers.pdf")
        assert "modequestion" in pdftotext(project / "build" / "guide-questions.pdf")


def figure_project(root: Path, scripts: dict[str, str]) -> Path:
    images = "\n\n".join(f"![Figure {name}]({name})" for name in scripts)
    return one_question(root, "figq", "figa", images, scripts)


def problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if PROBLEM_LINE.match(line)]


@pytest.mark.tex
@pytest.mark.parametrize("script, says", [(EXITS, "ended the process"), (SEGFAULTS, "killed by signal 11")], ids=["os-exit", "segfault"])
def test_figure_script_that_kills_its_process_is_one_message(tmp_path: Path, script: str, says: str):
    project = figure_project(tmp_path / "p", {"bad.py": script})
    result = guidegen(project, "build", "--project", ".", timeout=120)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = problem_lines(result.stderr)
    assert len(lines) == 1 and lines[0].startswith("figures/bad.py:") and says in lines[0], result.stderr
    assert not list((project / "build").glob("*.pdf"))


@pytest.mark.tex
def test_hanging_figure_script_is_stopped_at_the_time_limit(tmp_path: Path):
    project = figure_project(tmp_path / "p", {"slow.py": HANGS})
    started = time.monotonic()
    result = guidegen(project, "build", "--project", ".", env=dict(os.environ, GUIDEGEN_FIGURE_TIMEOUT="2"))
    took = time.monotonic() - started
    assert result.returncode == 1, result.stderr
    lines = problem_lines(result.stderr)
    assert len(lines) == 1 and lines[0].startswith("figures/slow.py:") and "within 2 s" in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert took < 30, f"took {took:.1f} s for a 2 s limit"
    assert not gone_within(project, 2)


@pytest.mark.tex
def test_one_crashing_figure_among_good_ones_is_exactly_one_problem(tmp_path: Path):
    project = figure_project(tmp_path / "p", {"good.py": FINE, "bad.py": SEGFAULTS})
    result = guidegen(project, "build", "--project", ".", timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = problem_lines(result.stderr)
    assert len(lines) == 1 and lines[0].startswith("figures/bad.py:"), result.stderr
    assert "Error: 1 problem found" in result.stderr


@pytest.mark.tex
def test_sigterm_while_a_figure_hangs_stops_everything(tmp_path: Path):
    project = figure_project(tmp_path / "p", {"slow.py": HANGS})
    process = start_build(project)
    try:
        workers = wait_for(lambda: figure_workers(project), 60, "figure worker running", process)
        process.send_signal(signal.SIGTERM)
        try:
            _, stderr = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            pytest.fail(f"guidegen did not stop within 10 s of SIGTERM: {where_stuck(process, project)}")
        remaining = gone_within(project, 5, workers)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        kill_leftovers(project)
    assert process.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1] == "Error: interrupted; the PDFs of the last good build are unchanged", stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    assert not remaining, f"still running after guidegen stopped: {remaining}"
    assert not list(project.rglob("guide-*.pdf")), "no PDF should be written"


# -- 4. guidegen killed: its children die with it ------------------------------------------------------

def hanging_latex_project(root: Path) -> Path:
    """A project whose LaTeX never ends: a project template loops forever for its question."""
    from guidegen.paths import default_template_dir

    project = one_question(root, "loopq", "loopa")
    source = (default_template_dir() / "question.tex.j2").read_text()
    (project / "templates").mkdir()
    (project / "templates" / "question.tex.j2").write_text(source + "\\loop\\iftrue\\repeat\n")
    return project


@pytest.mark.tex
@pytest.mark.parametrize("child", ["pdflatex", "figure-worker"])
def test_sigkill_of_guidegen_leaves_no_child_running(tmp_path: Path, child: str):
    if child == "pdflatex":
        project = hanging_latex_project(tmp_path / "p")

        def running():
            """The hanging pass (not the preamble's format), once it is spinning in the loop:
            killed while it still prints its start-up lines, a pdflatex left behind would
            die anyway of writing to a pipe nobody reads, hiding the bug."""
            return [pid for pid, _, cwd, cmd in live_processes() if _inside(cwd, project / "build")
                    and cmd.startswith("pdflatex") and "guide-answers.tex" in cmd and cpu_seconds(pid) >= 1.0]
    else:
        project = figure_project(tmp_path / "p", {"slow.py": HANGS})

        def running():
            return figure_workers(project)

    process = start_build(project)
    try:
        children = wait_for(running, 60, f"{child} running", process)
        os.kill(process.pid, signal.SIGKILL)  # guidegen only, not its children
        process.wait(timeout=10)
        remaining = gone_within(project, 5, children)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        kill_leftovers(project)
    assert not remaining, f"still running 5 s after guidegen was killed: {remaining}"


# -- 5. and 6. a large bank --------------------------------------------------------------------------

def large_bank(root: Path, count: int, title_length: int = 0) -> Path:
    guide = "title: Large\ntopics:\n  - slug: alpha\n    name: Alpha\n  - slug: beta\n    name: Beta\n"
    questions = {}
    for n in range(count):
        topic = "alpha" if n % 2 else "beta"
        title = f"Question number {n} about {topic}"
        title += " padding" * max(0, (title_length - len(title)) // 8)
        questions[f"{topic}/q{n:04d}.md"] = question_file(
            f"q{n:04d}", title, f"[{topic}]", ("easy", "medium", "hard")[n % 3],
            f"What is ${n} + x$ when $x = {n % 7}$?", f"It is ${n + n % 7}$, the sum number {n}.")
    return make_project(root, questions, guide)


def test_checking_a_bank_loaded_by_a_worker_pool_is_clean(tmp_path: Path):
    project = large_bank(tmp_path / "p", 250)
    for attempt in range(3):
        result = guidegen(project, "check", "--project", ".", timeout=120)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("OK: 250 questions"), result.stdout
        assert "Traceback" not in result.stderr and "KeyboardInterrupt" not in result.stderr, f"run {attempt + 1}:\n{result.stderr}"


def test_list_piped_into_head_exits_zero_quietly(tmp_path: Path):
    project = large_bank(tmp_path / "p", 300, title_length=300)
    full = guidegen(project, "list", "--project", ".", timeout=120)
    assert full.returncode == 0, full.stderr
    assert len(full.stdout.encode()) > 80_000, "the listing must overflow a pipe's buffer"
    command = f"{shlex.quote(sys.executable)} -m guidegen list --project . | head -1; exit ${{PIPESTATUS[0]}}"
    result = subprocess.run(["bash", "-c", command], cwd=project, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"guidegen exited {result.returncode}: {result.stderr}"
    assert result.stderr == ""
    assert result.stdout.splitlines() == full.stdout.splitlines()[:1]
