"""`guidegen new`: the example project checks and builds as it is, with the title given;
a folder that holds anything is refused unless --force."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml


import conftest
from conftest import pdftotext
from guidegen.guideid import GUIDE_ID

TITLE = 'Tom\'s ML: "Interviews" & 100% $\\sigma$'


def guidegen(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return conftest.guidegen(cwd, *args)


@pytest.fixture(scope="module")
def created(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    root = tmp_path_factory.mktemp("new")
    return root / "my-guide", guidegen(root, "new", "my-guide", "--title", TITLE)


def test_new_writes_the_example_project(created):
    project, result = created
    assert result.returncode == 0, result.stderr
    files = sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file())
    assert files == [".gitignore", "README.md", "content/guide.yaml", "content/linear-models/least-squares.md",
                     "content/linear-models/ridge-and-lasso.md", "content/optimisation/learning-rate.md",
                     "figures/gradient-descent.py"]
    assert "  my-guide/content/guide.yaml" in result.stdout.splitlines()
    assert result.stdout.splitlines()[-1] == "Build it with: guidegen build --project my-guide"
    # A random identity for the Anki export, so renaming the guide keeps its notes.
    assert GUIDE_ID.fullmatch(yaml.safe_load((project / "content" / "guide.yaml").read_text())["id"])
    readme = (project / "README.md").read_text()
    assert "guidegen build" in readme and "content/guide.yaml" in readme
    # The example shows the format: display and inline math, a list, code, a table, a figure, tags.
    bodies = "\n".join(p.read_text() for p in (project / "content").rglob("*.md"))
    for needle in ("$$", "$\\hat{y}", "\n1. ", "\n- ", "```python", "| penalty |", "](gradient-descent.py)", "tags: [", "difficulty: hard"):
        assert needle in bodies, needle


@pytest.mark.tex
def test_the_example_checks_and_builds_with_the_title(created):
    project, _ = created
    checked = guidegen(project, "check")
    assert checked.returncode == 0 and checked.stdout.startswith("OK: 3 questions, 2 topics"), checked.stderr
    built = guidegen(project.parent, "build", "--project", "my-guide")
    assert built.returncode == 0, built.stderr
    sheet = pdftotext(project / "build" / "guide-questions.pdf")
    key = pdftotext(project / "build" / "guide-answers.pdf")
    for text in (sheet, key):
        assert 'ML: "Interviews" & 100% $\\sigma$' in text  # the title, quoted for YAML, printed as written
        for title in ("Least squares in closed form", "Ridge versus lasso", "When does gradient descent diverge?"):
            assert title in text
        assert "Linear Models" in text and "Optimisation" in text
    assert "normal equations" in key and "normal equations" not in sheet
    assert "np.linalg.lstsq" in key
    assert re.search(r"Figure 1: Gradient descent on", key)


def test_a_folder_that_holds_anything_is_refused_unless_forced(tmp_path: Path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep me")
    refused = guidegen(tmp_path, "new", "notes")
    assert refused.returncode == 1
    assert refused.stdout == ""
    assert refused.stderr.strip().splitlines() == [
        "Error: notes is not empty; choose a new folder, or add --force to write the example project into it"]
    assert sorted(p.name for p in folder.iterdir()) == ["mine.txt"]
    forced = guidegen(tmp_path, "new", "notes", "--force", "--title", "Week 1")
    assert forced.returncode == 0, forced.stderr
    assert (folder / "mine.txt").read_text() == "keep me"
    assert (folder / "content" / "guide.yaml").read_text().startswith("title: Week 1\n")


def test_a_title_that_cannot_be_set_is_reported_and_nothing_written(tmp_path: Path):
    result = guidegen(tmp_path, "new", "bad", "--title", "a\x07b")
    assert result.returncode == 1
    assert "bad/content/guide.yaml:1: error: 'title' contains the control character U+0007" in result.stderr
    assert not (tmp_path / "bad").exists()


@pytest.mark.parametrize("command", ["new", "anki"])
def test_help_has_an_example(command: str, tmp_path: Path):
    result = guidegen(tmp_path, command, "--help")
    assert result.returncode == 0
    assert "Example" in result.stdout
    assert re.search(rf"^\s+guidegen {command}", result.stdout, re.MULTILINE)
