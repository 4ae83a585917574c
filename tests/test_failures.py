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
    return subprocess.run([sys.executable, "-m", "guidegen", *args, "--project", "."], cwd=project, capture_output=True, text=True, env=env, **kw)


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
        source + f'((* if entry.question.id == "{question_id}" *)){injected}((* endif *))\n'
    )


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


def test_latex_hang_is_stopped_by_the_time_limit(built: Path):
    before = snapshot(built)
    override_question_template(built, "\\loop\\iftrue\\repeat")
    env = dict(os.environ, GUIDEGEN_LATEX_TIMEOUT="5")
    started = time.monotonic()
    result = guidegen(built, "build", env=env)
    assert result.returncode == 1
    assert time.monotonic() - started < 60
    assert "did not finish guide-answers.tex within 5 s and was stopped" in result.stderr
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
    assert "pdflatex not found. Install TeX Live" in result.stderr
    assert "Traceback" not in result.stderr


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


def test_killed_build_leaves_previous_pdfs_intact_and_the_next_build_works(built: Path):
    before = snapshot(built)
    (built / "content" / "q1.md").write_text((built / "content" / "q1.md").read_text().replace("answer 1", "answer one"))
    process = subprocess.Popen([sys.executable, "-m", "guidegen", "build", "--project", "."], cwd=built,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    assert "Measuring answers" in process.stderr.readline()  # LaTeX is running now
    time.sleep(0.1)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert snapshot(built) == before
    assert not [p for p in (built / "build").iterdir() if p.name.endswith(".pdf") and p.name not in before]
    again = guidegen(built, "build", "-q")
    assert again.returncode == 0, again.stderr
    assert "answer one" in " ".join(" ".join(p.extract_text().split()) for p in PdfReader(built / "build" / "guide-answers.pdf").pages)


def test_ctrl_c_is_one_message(built: Path):
    (built / "content" / "q2.md").write_text((built / "content" / "q2.md").read_text().replace("answer 2", "answer two"))
    before = snapshot(built)
    process = subprocess.Popen([sys.executable, "-m", "guidegen", "build", "--project", "."], cwd=built,
                               stderr=subprocess.PIPE, text=True)
    assert "Measuring answers" in process.stderr.readline()
    process.send_signal(signal.SIGINT)
    rest = process.stderr.read()
    assert process.wait() == 130
    assert rest.strip().splitlines()[-1] == "Error: interrupted; the PDFs of the last good build are unchanged"
    assert "Traceback" not in rest
    assert snapshot(built) == before


def test_two_builds_at_once_both_succeed(built: Path):
    (built / "content" / "q4.md").write_text((built / "content" / "q4.md").read_text().replace("answer 4", "answer four"))
    runs = [subprocess.Popen([sys.executable, "-m", "guidegen", "build", "--project", "."], cwd=built,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(r.wait(), r.stderr.read()) for r in runs]
    assert [code for code, _ in results] == [0, 0], results
    for pdf in ("guide-questions.pdf", "guide-answers.pdf"):
        assert len(PdfReader(built / "build" / pdf).pages) > 2


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
