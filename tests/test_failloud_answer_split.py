"""Fail loud on the answer heading (issue 28, item 3): any level-2 heading whose text is
"Answer", in any case and any legal CommonMark spelling (closing hashes, setext, indented
up to three spaces), ends the question; one in a fenced code block does not. A line that
looks meant as the heading but is not one ("# Answer", "##Answer", "**Answer:**") is an
error at its line, so that the answer under it never prints in the question sheet.

The sheet and key are built once for the module and read back with pdftotext."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import make_project, pdftotext

from guidegen.cli import main
from guidegen.load.reader import read_question

GUIDE = "title: Split Spellings\ntopics:\n  - slug: t\n    name: Topic\n"
FRONT = "---\nid: {id}\ntitle: \"{title}\"\ntopics: [t]\ndifficulty: easy\n---\n"

# name -> the heading's lines, as written (the question is above it, the answer under it)
SPELLINGS = {
    "closing-hashes": "## Answer ##",
    "closing-hashes-long": "## Answer #######",
    "setext": "Answer\n------",
    "setext-short": "Answer\n---",
    "indented-one": " ## Answer",
    "indented-three": "   ## Answer",
    "upper-case": "## ANSWER ##",
    "lower-case": "answer\n------",
    "tab": "  ##\tAnswer",
    "colon": "## Answer: ##",
    "bold": "## **Answer**",
}
# name -> (the line that looks meant as the heading, how it is quoted in the error)
NEAR = {
    "level-one": ("# Answer", "# Answer"),
    "level-three": ("### Answer", "### Answer"),
    "no-space": ("##Answer", "##Answer"),
    "bold-lead-in": ("**Answer:** the hedgehog", "**Answer:** the hedgehog"),
    "setext-level-one": ("Answer\n======", "Answer"),
    "quoted": ("> ## Answer", "> ## Answer"),
    "plural": ("## Answers", "## Answers"),
}


def _file(qid: str, question: str, heading: str, answer: str) -> str:
    return FRONT.format(id=qid, title=qid.replace("-", " ").title()) + f"{question}\n\n{heading}\n\n{answer}\n"


def _answer(name: str) -> str:
    return f"The {name.replace('-', ' ')} hedgehog answer sentence."


def _read(text: str):
    problems: list = []
    question = read_question(Path("content/q.md"), text.encode(), None, problems)
    return question, [str(p) for p in problems]


@pytest.mark.parametrize("name", sorted(SPELLINGS))
def test_every_spelling_of_the_answer_heading_is_the_split(name: str):
    heading = SPELLINGS[name]
    question, problems = _read(_file("q", "What is it?", heading, _answer(name)))
    assert problems == [], problems
    assert question.question_md.strip() == "What is it?"
    assert question.answer_md.strip() == _answer(name)
    # The answer's first line: after the front matter (6), the question (7), a blank line, the heading.
    assert question.answer_line == 9 + heading.count("\n") + 1


def test_a_fenced_answer_heading_is_still_text_in_every_spelling():
    fenced = "What does this show?\n\n```markdown\n## Answer ##\nAnswer\n------\n   ## Answer\n```\n\n~~~\n## ANSWER\n~~~"
    question, problems = _read(_file("q", fenced, "Answer\n------", "The fence hedgehog."))
    assert problems == [] and question.answer_md.strip() == "The fence hedgehog."
    assert question.question_md.count("Answer") == 3 and "ANSWER" in question.question_md
    # Without a heading outside the fence there is no answer: a warning, and no near miss.
    text = FRONT.format(id="q", title="Q") + "Show:\n\n```\n## Answer ##\n```\n\nExplain."
    question, problems = _read(text)
    assert [p.split(": ")[1] for p in problems] == ["warning"] and "no model answer yet" in problems[0]
    assert "## Answer ##" in question.question_md


@pytest.mark.parametrize("name", sorted(NEAR))
def test_a_line_meant_as_the_heading_but_not_one_is_an_error_at_its_line(name: str):
    line, quoted = NEAR[name]
    _, problems = _read(_file("q", "What is it?", line, _answer(name)))
    assert any(p.startswith(f"content/q.md:9: error: '{quoted}' is not the answer heading") for p in problems), problems
    assert not any("no model answer yet" in p for p in problems)


def test_check_and_strict_agree(tmp_path: Path):
    files = {f"{name}.md": _file(name, "What is it?", heading, _answer(name)) for name, heading in SPELLINGS.items()}
    project = make_project(tmp_path, files, GUIDE)
    result = CliRunner().invoke(main, ["check", "--strict", "--project", str(project)])
    assert result.exit_code == 0, result.output  # every spelling: no warning, not even under --strict
    make_project(tmp_path, {"near.md": _file("near", "What is it?", "##Answer", "Hidden.")}, None)
    result = CliRunner().invoke(main, ["check", "--project", str(project)])
    assert result.exit_code != 0 and "content/near.md:9: error: '##Answer' is not the answer heading" in result.output


@pytest.fixture(scope="module")
def spellings(tmp_path_factory) -> Path:
    files = {f"{name}.md": _file(name, f"What is the {name.replace('-', ' ')} question?", heading, _answer(name))
             for name, heading in SPELLINGS.items()}
    files["fenced.md"] = _file("fenced", "What does this Markdown show?\n\n```markdown\n## Answer ##\nThe fenced hedgehog line.\n```",
                               "Answer\n------", "A heading in a fence is text.")
    return make_project(tmp_path_factory.mktemp("failloud-split"), files, GUIDE)


@pytest.mark.tex
def test_no_spelling_prints_its_answer_in_the_sheet(spellings: Path, built):
    out = built(spellings, "--no-page-match")
    sheet, key = pdftotext(out / "guide-questions.pdf"), pdftotext(out / "guide-answers.pdf")
    for name in SPELLINGS:
        assert f"What is the {name.replace('-', ' ')} question?" in sheet, name
        assert _answer(name) not in sheet, name
        assert _answer(name) in key, name  # the check can fail
    assert "## Answer ## The fenced hedgehog line." in sheet
    assert "A heading in a fence is text." not in sheet and "A heading in a fence is text." in key
