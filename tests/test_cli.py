"""The command line as the README shows it: the minimal project, help with examples,
list, check, quiet builds, and what a build reports."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

README = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")


def guidegen(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "guidegen", *args], cwd=cwd, capture_output=True, text=True)


def readme_block(after: str, lang: str) -> str:
    """The first ```lang block after the heading or sentence `after` in the README."""
    start = README.index(after)
    match = re.search(rf"```{lang}\n(.*?)```", README[start:], re.DOTALL)
    return match.group(1)


@pytest.fixture(scope="module")
def minimal(tmp_path_factory) -> Path:
    """The README's own example: guide.yaml and the example question (its figure line
    dropped: this project has no figures/ folder)."""
    project = tmp_path_factory.mktemp("minimal")
    (project / "content" / "evaluation").mkdir(parents=True)
    guide = readme_block("Guide settings, `content/guide.yaml`", "yaml")
    example = readme_block("## The content format", "markdown")
    (project / "content" / "guide.yaml").write_text(guide)
    (project / "content" / "evaluation" / "f1-harmonic-mean.md").write_text(
        "\n".join(line for line in example.splitlines() if not line.startswith("![")) + "\n"
    )
    return project


def test_readme_example_builds_and_reports_what_it_wrote(minimal: Path):
    result = guidegen(minimal, "build")
    assert result.returncode == 0, result.stderr
    assert "Compiling" in result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"Wrote build/guide-questions.pdf ({len(PdfReader(minimal / 'build' / 'guide-questions.pdf').pages)} pages)"
    assert lines[1].startswith("Wrote build/guide-answers.pdf (")
    key = " ".join(p.extract_text() for p in PdfReader(minimal / "build" / "guide-answers.pdf").pages)
    assert "F1 Score: Harmonic Mean" in key and "dominated by the smaller of the two numbers" in " ".join(key.split())
    page = PdfReader(minimal / "build" / "guide-questions.pdf").pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_quiet_build_prints_nothing(minimal: Path):
    (minimal / "content" / "evaluation" / "f1-harmonic-mean.md").write_text(
        (minimal / "content" / "evaluation" / "f1-harmonic-mean.md").read_text().replace("smaller", "smaller (weaker)"))
    result = guidegen(minimal, "build", "-q")
    assert result.returncode == 0
    assert result.stdout == "" and result.stderr == ""


def test_list_and_check(minimal: Path):
    listed = guidegen(minimal, "list")
    assert listed.returncode == 0
    assert listed.stdout.split() == ["f1-harmonic-mean", "evaluation", "easy", "F1", "Score:", "Harmonic", "Mean"]
    checked = guidegen(minimal, "check")
    assert checked.returncode == 0 and checked.stdout.startswith("OK: 1 question")


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["list"], ["import"]])
def test_help_has_an_example(command: list[str], tmp_path: Path):
    result = guidegen(tmp_path, *command, "--help")
    assert result.returncode == 0
    assert "Example" in result.stdout
    assert re.search(r"^\s+guidegen ", result.stdout, re.MULTILINE)


def test_project_option_and_out_folder(minimal: Path, tmp_path: Path):
    result = guidegen(tmp_path, "build", "--project", str(minimal), "--out", "elsewhere", "--topic", "evaluation", "-q")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "elsewhere").glob("*.pdf")) == ["evaluation-answers.pdf", "evaluation-questions.pdf"]
