"""A deck of flashcards compiles in one pass: guidegen places every card, so the deck reads
nothing back. A project's cards template that does refer to a label (its page count)
still gets the passes that reference needs."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, guidegen, make_project, pdftotext, question_file

pytestmark = pytest.mark.tex

GUIDE = "title: Passes\ntopics:\n  - slug: t\n    name: T\n"


def deck_project(root: Path) -> Path:
    return make_project(root, {f"q{i}.md": question_file(f"q{i}", f"Card {i}", "[t]", "easy", f"Front {i}?", f"Back {i}.")
                               for i in range(1, 10)}, GUIDE)


def test_a_template_that_counts_its_pages_gets_the_count(tmp_path: Path):
    project = deck_project(tmp_path)
    (project / "templates").mkdir()
    default = (REPO / "templates" / "cards.tex.j2").read_text("utf-8")
    marker = "\\pagestyle{empty}\n"
    assert marker in default
    (project / "templates" / "cards.tex.j2").write_text(
        default.replace(marker, marker + "\\noindent Deck of \\pageref*{LastPage} pages.\\par\n", 1), "utf-8")
    result = guidegen(project, "cards", "-q", "--per-page", "8")
    assert result.returncode == 0, result.stderr
    pdf = project / "build" / "guide-cards.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    text = pdftotext(pdf)
    assert f"Deck of {pages} pages." in text, text[:300]  # one pass would print "??"
    assert "??" not in text


def test_the_default_deck_needs_no_second_pass(tmp_path: Path):
    """The default deck's log asks for nothing more after its one pass (no undefined
    reference), and every card is on it."""
    project = deck_project(tmp_path)
    result = guidegen(project, "cards", "-q", "--per-page", "8")
    assert result.returncode == 0, result.stderr
    logs = [p for p in (project / "build" / ".work").glob("guide-cards*.log") if "-key-" not in p.name]
    assert logs
    assert [p.name for p in logs if "undefined references" in p.read_text("utf-8", "replace")] == []
    text = pdftotext(project / "build" / "guide-cards.pdf")
    assert [i for i in range(1, 10) if f"Front {i}?" not in text or f"Back {i}." not in text] == []
