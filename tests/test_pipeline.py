"""The build pipeline end to end, with the real toolchain: the README's minimal project,
a synthetic multi-topic bank (titles, numbering, no answers in the sheet, topic
booklets, A4), list/check, --help examples, and how a LaTeX failure is reported."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import (MULTI_QUESTIONS, REPO, guidegen, make_project, multi_answer, multi_prompt, pdf_pages, pdf_text,
                      question_file, squash)

README_GUIDE = """\
title: Machine Learning Interview Guide
subtitle: Math-focused questions
author: The study group
topics:            # slug and display name, in the order the guide presents them
  - slug: evaluation
    name: Evaluation & Metrics
"""

README_QUESTION = """\
---
id: f1-harmonic-mean
title: "F1 Score: Harmonic Mean"
topics: [evaluation]
difficulty: easy
tags: [metrics]
order: 30
---
Why is the F1 score the harmonic mean of precision $P$ and recall $R$?

## Answer

$$ F_1 = \\frac{2PR}{P+R} $$

The harmonic mean is dominated by the smaller of the two numbers.
"""


def test_readme_example_is_what_these_tests_build():
    """The minimal project below is the manual's own example (figure line dropped)."""
    readme = (REPO / "docs" / "content-format.md").read_text("utf-8")
    assert README_GUIDE in readme
    figure_line = "\n![F1 against the arithmetic mean of precision and recall.](f1-vs-mean.py)\n"
    assert README_QUESTION + figure_line in readme


@pytest.fixture(scope="module")
def minimal(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("minimal"), {"evaluation/f1-harmonic-mean.md": README_QUESTION}, README_GUIDE)


@pytest.mark.tex
def test_minimal_project_builds_and_reports_paths_and_pages(build_once, minimal: Path):
    result = build_once(minimal)
    assert result.returncode == 0, result.stderr
    sheet, key = result.out / "guide-questions.pdf", result.out / "guide-answers.pdf"
    assert sheet.is_file() and key.is_file()
    def pages(pdf: Path) -> str:
        count = len(PdfReader(pdf).pages)
        return f"{count} page{'s' if count != 1 else ''}"

    assert result.stdout.splitlines() == [
        f"Wrote build/guide-questions.pdf ({pages(sheet)})",
        f"Wrote build/guide-answers.pdf ({pages(key)})",
    ]
    assert "Traceback" not in result.stderr
    key_text = pdf_text(key)
    assert "F1 Score: Harmonic Mean" in key_text
    assert "The harmonic mean is dominated by the smaller of the two numbers." in key_text
    assert "dominated by the smaller" not in pdf_text(sheet)


@pytest.mark.tex
def test_quiet_build_prints_nothing(build_once, minimal: Path):
    result = build_once(minimal, "-q")
    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == ("", "")
    assert (result.out / "guide-questions.pdf").is_file() and (result.out / "guide-answers.pdf").is_file()


# -- the synthetic multi-topic bank ----------------------------------------------------------

def body_text(pdf: Path) -> str:
    """The text after the cover page and the table of contents (a booklet of a few
    questions has none: its questions start on page 1, under the title block)."""
    pages = pdf_pages(pdf)
    if "Contents" not in pages[0]:
        return " ".join(pages)
    start = next(i for i, page in enumerate(pages) if "Contents" not in page and i > 0)
    return " ".join(pages[start:])


@pytest.mark.tex
@pytest.mark.parametrize("kind", ["questions", "answers"])
def test_every_question_is_numbered_alike_in_both_pdfs(built, multi_project: Path, kind: str):
    pdf = built(multi_project) / f"guide-{kind}.pdf"
    text = body_text(pdf)
    positions = []
    for number, (_, title, _, _) in enumerate(MULTI_QUESTIONS, start=1):
        assert f"{number} {title}" in text, (number, title)
        assert multi_prompt(number - 1) in text
        positions.append(text.index(f"{number} {title}"))
    assert positions == sorted(positions)  # in guide order: by topic, then by `order`
    for topic in ("Alpha Topic", "Beta Topic", "Gamma Topic"):
        assert topic in text


@pytest.mark.tex
def test_sheet_holds_no_answer_text(built, multi_project: Path):
    out = built(multi_project)
    sheet_pdf = squash(pdf_text(out / "guide-questions.pdf"))
    sheet_tex = (out / ".work" / "guide-questions.tex").read_text("utf-8")
    for index in range(len(MULTI_QUESTIONS)):
        answer = multi_answer(index)
        assert squash(answer) not in sheet_pdf
        assert answer not in sheet_tex
        assert answer.split()[1] not in sheet_tex.replace(multi_prompt(index), "")  # not even the animal word


@pytest.mark.tex
def test_key_holds_every_answer(built, multi_project: Path):
    key = pdf_text(built(multi_project) / "guide-answers.pdf")
    for index in range(len(MULTI_QUESTIONS)):
        assert multi_answer(index) in key


@pytest.mark.tex
@pytest.mark.parametrize("kind", ["questions", "answers"])
def test_pages_are_a4(built, multi_project: Path, kind: str):
    for page in PdfReader(built(multi_project) / f"guide-{kind}.pdf").pages:
        assert abs(float(page.mediabox.width) - 595.28) <= 1 and abs(float(page.mediabox.height) - 841.89) <= 1


@pytest.mark.tex
@pytest.mark.parametrize("topics", [("beta",), ("alpha", "gamma")])
def test_topic_booklet_holds_exactly_its_topics(build_once, multi_project: Path, topics: tuple[str, ...]):
    args = [a for t in topics for a in ("--topic", t)]
    result = build_once(multi_project, *args)
    assert result.returncode == 0, result.stderr
    name = "+".join(topics)
    assert sorted(p.name for p in result.out.glob("*.pdf")) == [f"{name}-answers.pdf", f"{name}-questions.pdf"]
    assert f"Wrote build/{name}-questions.pdf" in result.stdout
    chosen = [(i, q) for i, q in enumerate(MULTI_QUESTIONS) if q[2] in topics]
    for kind in ("questions", "answers"):
        text = pdf_text(result.out / f"{name}-{kind}.pdf")
        for number, (index, (_, title, _, _)) in enumerate(chosen, start=1):
            assert f"{number} {title}" in text
            assert (multi_answer(index) in text) == (kind == "answers")
        for _, title, topic, _ in MULTI_QUESTIONS:
            if topic not in topics:
                assert title not in text
        assert f"{len(chosen)} questions" in text  # the cover's count


# -- list, check, help -----------------------------------------------------------------------

def test_list_prints_id_topics_difficulty_title(multi_project: Path):
    result = guidegen(multi_project, "list", "--project", ".")
    assert result.returncode == 0, result.stderr
    rows = [line.split(None, 3) for line in result.stdout.splitlines()]
    assert rows == [[qid, topic, difficulty, title] for qid, title, topic, difficulty in MULTI_QUESTIONS]


def test_list_with_a_topic_filter(multi_project: Path):
    result = guidegen(multi_project, "list", "--project", ".", "--topic", "gamma")
    assert result.returncode == 0, result.stderr
    assert [line.split()[0] for line in result.stdout.splitlines()] == ["q-five", "q-six"]


def test_list_multi_topic_question(tmp_path: Path):
    project = make_project(tmp_path, {"q.md": question_file("both", "Both Topics", "[beta, alpha]", "hard", "Q?", "A.")},
                           "title: T\ntopics:\n  - slug: alpha\n    name: A\n  - slug: beta\n    name: B\n")
    result = guidegen(project, "list")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split(None, 3) == ["both", "beta,alpha", "hard", "Both Topics\n"]


def test_check_clean_project(multi_project: Path):
    result = guidegen(multi_project, "check", "--project", ".")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("OK: 6 questions, 3 topics")


def test_check_broken_project(tmp_path: Path):
    project = make_project(tmp_path, {"q.md": question_file("q", "T", "[nope]", "easy", "Q?", "A.")},
                           "title: T\ntopics:\n  - slug: alpha\n    name: A\n")
    result = guidegen(project, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "content/q.md:4: error: unknown topic 'nope' (declared in content/guide.yaml: alpha)"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["list"], ["import"]])
def test_help_has_examples(tmp_path: Path, command: list[str]):
    result = guidegen(tmp_path, *command, "--help")
    assert result.returncode == 0, result.stderr
    assert "Example" in result.stdout
    assert re.search(r"^\s+guidegen \w+", result.stdout, re.MULTILINE)  # an example command line


# -- LaTeX failure mapping -------------------------------------------------------------------

@pytest.mark.tex
def test_latex_failure_names_the_question(tmp_path: Path, multi_project: Path):
    """Content cannot reach a LaTeX error (math is checked), so a project template injects
    one for a single question; the message must lead back to that question's file."""
    import shutil

    project = tmp_path / "p"
    shutil.copytree(multi_project, project)
    template = (REPO / "templates" / "question.tex.j2").read_text("utf-8")
    (project / "templates").mkdir()
    (project / "templates" / "question.tex.j2").write_text(
        template + '((* if entry.question.id == "q-four" *))\n\\undefinedcommandxyz\n((* endif *))\n', "utf-8")
    result = guidegen(project, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    error = next(line for line in lines if "Undefined control sequence" in line)
    assert "content/beta/6-q-four.md" in error
    assert "'q-four'" in error
    assert len(lines) <= 5, result.stderr
    assert not list((project / "build").glob("*.pdf"))
