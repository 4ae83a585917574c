"""The question ends at the first '## Answer' heading of the document, found on the
parsed blocks: the same line inside a code block, an HTML block or a quote is text."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import guidegen, make_project, pdftotext, question_file
from guidegen.content.parse import answer_split


@pytest.mark.parametrize("body, index", [
    (["Why?", "", "## Answer", "", "Because."], 2),
    (["Why?", "", "## answer:", "Because."], 2),
    (["No answer here."], None),
    (["```markdown", "## Answer", "```", "", "## Answer", "Because."], 4),
    (["~~~~", "## Answer", "```", "~~~~", "## Answer"], 4),
    (["<details>", "## Answer", "</details>", "", "## Answer", "A."], 4),
    (["<!--", "## Answer", "-->", "", "## Answer", "A."], 4),
    (["```", "## Answer", "```"], None),
    (["> ## Answer", "", "## Answer", "A."], 2),
    (["    ## Answer", "", "## Answer", "A."], 2),
])
def test_the_split_is_the_first_top_level_answer_heading(body: list[str], index: int | None):
    assert answer_split(body) == index


GUIDE = "title: Split\ntopics:\n  - slug: t\n    name: Topic\n"


@pytest.mark.tex
def test_a_fenced_answer_heading_stays_in_the_question(tmp_path: Path):
    question = ("What does this Markdown show?\n\n```markdown\n## Answer\nThe hedgehog line.\n```\n\nExplain it.")
    project = make_project(tmp_path, {"q.md": question_file("q", "Fenced", "[t]", "easy", question, "A heading in a fence.")}, GUIDE)
    result = guidegen(project, "build", "--no-page-match")
    assert result.returncode == 0, result.stderr
    sheet, key = pdftotext(project / "build" / "guide-questions.pdf"), pdftotext(project / "build" / "guide-answers.pdf")
    assert "## Answer The hedgehog line. Explain it." in sheet
    assert "A heading in a fence." not in sheet
    assert key.count("## Answer") == 1 and "A heading in a fence." in key
