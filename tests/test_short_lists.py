"""A short list is never split across pages: in the A5 booklet's key a two-item list
went one item per page. Twenty-four answers whose lists fall at every height of a page."""

from __future__ import annotations

import subprocess

import pytest
from conftest import make_project, question_file

GUIDE = "title: Lists\ntopics:\n  - slug: t\n    name: T\n"
FILL = "The gradient of the loss is averaged over the batch before the step is taken. "
COUNT = 24


@pytest.mark.tex
def test_a_two_item_list_stays_on_one_page_in_the_a5_key(tmp_path_factory, built):
    questions = {}
    for k in range(1, COUNT + 1):
        answer = (FILL * (3 + (k * 7) % 11) + f"\n\nTwo cases:\n\n"
                  f"- Alpha{k}: the learning rate is too large, and the loss diverges after a few steps.\n"
                  f"- Omega{k}: the learning rate is too small, and the loss barely moves.\n")
        questions[f"q{k:02d}.md"] = question_file(f"q{k:02d}", f"Question {k}", "[t]", "easy", "Why?", answer,
                                                  extra=f"order: {k}\n")
    out = built(make_project(tmp_path_factory.mktemp("short-lists"), questions, GUIDE), "-q", "--imposition", "booklet")
    key = out / ".work" / "guide-answers.pdf"  # the A5 pages, before imposition
    pages = subprocess.run(["pdftotext", str(key), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    assert len(pages) > 8  # the lists fall at many places on many pages

    def page_of(word: str) -> int:
        return next(number for number, text in enumerate(pages, start=1) if word in text)

    split = [k for k in range(1, COUNT + 1) if page_of(f"Alpha{k}:") != page_of(f"Omega{k}:")]
    assert split == []
