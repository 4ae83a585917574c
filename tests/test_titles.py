"""Titles and heads: sheet and key tell themselves apart (PDF title, subject, keywords,
language), a booklet cut by topic names its topic, running heads cut a title only when
the two do not fit side by side, and PDFs carry the date they were made."""

from __future__ import annotations

import datetime
import os
import subprocess
from pathlib import Path

import pytest

from conftest import guidegen, make_project, question_file

pytestmark = pytest.mark.tex

GUIDE = """\
title: Machine Learning Interview Guide
subtitle: Practice questions
author: The study group
topics:
  - slug: optimisation
    name: Optimisation
  - slug: evaluation
    name: Evaluation
booklets:
  - name: mock
    title: "Mock interview (ten questions)"
    topics: [optimisation, evaluation]
  - name: long
    title: "A booklet whose title is far too long to share a running head with the long guide title beside it"
    topics: [evaluation]
"""


def info(pdf: Path) -> dict[str, str]:
    text = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in text.splitlines())}


def page_lines(pdf: Path, page: int) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("titles")
    questions = {}
    for n in range(4):
        topic = ("optimisation", "evaluation")[n % 2]
        answer = " ".join(["A sentence of the model answer that takes some room on the page."] * 30)
        questions[f"q{n}.md"] = question_file(f"q{n}", f"Question {n}", f"[{topic}]", "easy", f"Why {n}?", answer)
    return make_project(root, questions, GUIDE)


def build(project: Path, *args: str, env: dict | None = None) -> None:
    result = guidegen(project, "build", *args, env=env)
    assert result.returncode == 0, result.stderr


def test_sheet_and_key_have_their_own_pdf_titles(project: Path):
    build(project, "--no-page-match")
    sheet, key = info(project / "build" / "guide-questions.pdf"), info(project / "build" / "guide-answers.pdf")
    assert sheet["Title"] == "Machine Learning Interview Guide – Questions"
    assert key["Title"] == "Machine Learning Interview Guide – Answer key"
    assert sheet["Subject"] == "Question sheet: 4 questions – Practice questions"
    assert key["Subject"] == "Answer key: 4 questions – Practice questions"
    assert key["Keywords"] == sheet["Keywords"] == "Optimisation, Evaluation"
    assert key["Author"] == "The study group"
    from pypdf import PdfReader

    for name in ("guide-questions.pdf", "guide-answers.pdf"):
        assert PdfReader(project / "build" / name).trailer["/Root"].get("/Lang") == "en"


def test_pdfs_carry_the_date_they_were_made_unless_a_date_is_fixed(project: Path):
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    build(project, "--no-page-match", "--name", "dated", env=env)
    today = datetime.datetime.now(datetime.timezone.utc)
    created = info(project / "build" / "dated-answers.pdf")["CreationDate"]
    assert str(today.year) in created and today.strftime("%b") in created, created
    build(project, "--no-page-match", "--name", "fixed", env=dict(env, SOURCE_DATE_EPOCH="1700000000"))
    assert info(project / "build" / "fixed-answers.pdf")["CreationDate"].startswith("Tue Nov 14")


def test_a_topic_booklet_names_its_topic(project: Path):
    build(project, "--no-page-match", "--topic", "evaluation")
    key = project / "build" / "evaluation-answers.pdf"
    first = page_lines(key, 1)
    assert first[:3] == ["Machine Learning Interview Guide", "Practice questions", "Answer key"]
    assert first[3] == "Evaluation"
    assert info(key)["Title"] == "Machine Learning Interview Guide – Answer key – Evaluation"
    assert "Evaluation · Answer key" in page_lines(key, 2)[0]


def test_running_heads_cut_a_title_only_when_needed_and_at_a_word(project: Path):
    build(project, "--no-page-match", "--booklet", "mock")
    head = page_lines(project / "build" / "mock-answers.pdf", 2)[0]
    assert head.startswith("Machine Learning Interview Guide")
    assert head.endswith("Mock interview (ten questions) · Answer key"), head
    build(project, "--no-page-match", "--booklet", "long")
    head = page_lines(project / "build" / "long-answers.pdf", 2)[0]
    marker = ". . ."  # truncate's \textellipsis, as pdftotext reads it
    assert marker in head and head.endswith("· Answer key"), head
    booklet_part = head.split(marker)[0].split("  ")[-1].strip()
    title = "A booklet whose title is far too long to share a running head with the long guide title beside it"
    assert booklet_part and title.startswith(booklet_part) and title[len(booklet_part)] == " ", head
