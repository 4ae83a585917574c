"""Rebuilds do only what changed: nothing for a no-op (no LaTeX, no matplotlib), the
key alone for an answer edit that keeps its height, everything for a template change."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

import conftest


GUIDE = "title: Incremental\ntopics:\n  - slug: a\n    name: A\n"


def guidegen(project: Path, *args: str, flags: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    if flags:  # what the process imports: the real command
        return conftest.guidegen_process(project, *args, "--project", ".", python_flags=flags)
    return conftest.guidegen(project, *args, "--project", ".")


def stamps(project: Path) -> dict[str, int]:
    """When each LaTeX log was last written: a log is rewritten by every LaTeX run."""
    return {p.name: p.stat().st_mtime_ns for p in (project / "build" / ".work").glob("*.log")}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "content").mkdir()
    (tmp_path / "figures").mkdir()
    (tmp_path / "content" / "guide.yaml").write_text(GUIDE)
    (tmp_path / "figures" / "line.py").write_text("def draw(fig):\n    fig.subplots().plot([0, 1], [0, 1])\n")
    for n in range(3):
        (tmp_path / "content" / f"q{n}.md").write_text(
            f"---\nid: q{n}\ntitle: Question {n}\ntopics: [a]\ndifficulty: easy\n---\nWhy {n}?\n\n## Answer\n\n"
            f"Because of reason number {n}, which is short.\n\n![A line.](line.py)\n"
        )
    assert guidegen(tmp_path, "build").returncode == 0
    return tmp_path


@pytest.mark.tex
def test_noop_starts_no_latex_and_no_matplotlib(project: Path):
    before = stamps(project)
    result = guidegen(project, "build", flags=("-X", "importtime"))
    assert result.returncode == 0
    assert " matplotlib" not in result.stderr and " jinja2" not in result.stderr
    assert stamps(project) == before
    # It says one thing: nothing was done, and which PDFs stand (not "Wrote").
    assert result.stdout.splitlines()[0] == "Nothing to do: the inputs have not changed since these were built:"
    count = len(PdfReader(project / "build" / "guide-questions.pdf").pages)
    assert f"  build/guide-questions.pdf ({count} page{'s' if count != 1 else ''})" in result.stdout.splitlines()
    assert "Wrote" not in result.stdout + result.stderr


@pytest.mark.tex
def test_answer_edit_recompiles_only_the_key(project: Path):
    before = stamps(project)
    path = project / "content" / "q1.md"
    path.write_text(path.read_text().replace("which is short", "which is brief"))  # same height
    result = guidegen(project, "build")
    assert result.returncode == 0, result.stderr
    after = stamps(project)
    assert after["guide-answers.log"] != before["guide-answers.log"]
    assert after["guide-questions.log"] == before["guide-questions.log"]
    assert "Drawing" not in result.stderr


@pytest.mark.tex
def test_template_change_rebuilds(project: Path):
    from guidegen.paths import default_template_dir

    (project / "templates").mkdir()
    cover = (default_template_dir() / "cover.tex.j2").read_text()
    (project / "templates" / "cover.tex.j2").write_text(cover.replace("((( doc.label )))", "((( doc.label ))) (our own cover)"))
    before = stamps(project)
    result = guidegen(project, "build")
    assert result.returncode == 0, result.stderr
    assert "Nothing to do" not in result.stdout + result.stderr
    after = stamps(project)
    assert all(after[name] != before[name] for name in ("guide-answers.log", "guide-questions.log"))
    shown = subprocess.run(["pdftotext", "-l", "1", str(project / "build" / "guide-questions.pdf"), "-"], capture_output=True, text=True).stdout
    assert "(our own cover)" in shown
