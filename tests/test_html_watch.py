"""`guidegen watch --html`: each rebuild makes the self-study page too, so a reload of
the browser's tab shows the edit."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import make_project, question_file

GUIDE = "title: Watched\ntopics:\n  - slug: a\n    name: A\n"


def page_holds(page: Path, text: str, deadline: float) -> bool:
    while time.monotonic() < deadline:
        if page.is_file() and text in page.read_text("utf-8"):
            return True
        time.sleep(0.2)
    return False


@pytest.mark.tex
def test_watch_html_rebuilds_the_page_on_save(tmp_path: Path):
    project = make_project(tmp_path, {"q1.md": question_file("q1", "One", "[a]", "easy", "Why?", "First walrus.")}, GUIDE)
    page = project / "build" / "guide.html"
    process = subprocess.Popen([sys.executable, "-m", "guidegen", "watch", "--html"], cwd=project, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        assert page_holds(page, "First walrus.", time.monotonic() + 180)
        assert (project / "build" / "guide-answers.pdf").is_file()
        time.sleep(0.5)
        (project / "content" / "q1.md").write_text(question_file("q1", "One", "[a]", "easy", "Why?", "Second walrus."), "utf-8")
        assert page_holds(page, "Second walrus.", time.monotonic() + 180)
    finally:
        process.kill()
        output = process.communicate()[0]
    assert "build/guide.html" in output, output
