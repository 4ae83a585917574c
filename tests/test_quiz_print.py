"""A quiz on the paper an exam takes (issue 31, item 1): questions with options get no
writing room unless their file asks for it (`answer_space:`), so a quiz of six of them and
one open question fits two A4 pages; the ruled room under the open question is read back
from the sheet's drawing operators (pypdf), the questions' places from pdftotext -bbox."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import drawing_operations, make_project, question_file
from pypdf import PdfReader

GUIDE = "title: Quiz\ntopics:\n  - slug: ml\n    name: Machine Learning\n"
EXPLANATION = ("The right option follows from the definition: {n} is the case that the derivation in the notes works through, "
               "step by step, with a worked example and a remark on the usual mistake made in an exam.")


NAMES = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"]


def _choice(n: int) -> str:
    return (f"Which statement about {NAMES[n - 1]} holds?\n\n- [ ] The first statement {n}\n- [x] The second statement {n}\n"
            f"- [ ] The third statement {n}\n- [ ] The fourth statement {n}")


def quiz() -> dict[str, str]:
    files = {}
    for n in range(1, 7):
        # The open question sits in the middle (fourth): room under any other question shows.
        files[f"ml/c{n}.md"] = question_file(f"c{n}", f"Choice {n}", "[ml]", "easy", _choice(n), EXPLANATION.format(n=n),
                                              f"order: {n if n < 4 else n + 1}\n")
    derivation = "\n\n".join(f"Step {k}: expand the term and simplify it to reach the next line." for k in range(1, 7))
    files["ml/open.md"] = question_file("open", "Open derivation", "[ml]", "medium", "Derive the update rule.", derivation,
                                        "order: 4\n")
    return files


def rules(pdf: Path) -> list[tuple[int, float, float]]:
    """The page (1-based), height from the page's foot and width of every horizontal rule
    at least half the page wide: a filled rectangle under 1 pt high, or a stroked line."""
    found = []
    for number, page in enumerate(PdfReader(pdf).pages, 1):
        width = float(page.mediabox.width)
        start = (0.0, 0.0)
        for operands, op, ctm in drawing_operations(page):
            if op == b"re":  # a rule as a filled rectangle
                x, y, w, h = (float(v) for v in operands)
                w, h, y = w * ctm[0], h * ctm[3], y * ctm[3] + ctm[5]
                if 0 < abs(h) < 1 and abs(w) > width / 2:
                    found.append((number, y, abs(w)))
            elif op == b"m":
                start = (float(operands[0]), float(operands[1]))
            elif op == b"l":  # a rule as a stroked line (pdfTeX's leaders of \hrule under colour)
                x, y = float(operands[0]), float(operands[1])
                if y == start[1] and abs(x - start[0]) * ctm[0] > width / 2:
                    found.append((number, y * ctm[3] + ctm[5], abs(x - start[0]) * ctm[0]))
    return found


def word_places(pdf: Path, word: str) -> list[tuple[int, float]]:
    """(page, height of the word's foot above the page's foot) of each occurrence."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    places, page, height = [], 0, 0.0
    for line in out.splitlines():
        if m := re.search(r'<page width="[\d.]+" height="([\d.]+)"', line):
            page, height = page + 1, float(m.group(1))
        elif (m := re.search(r'yMax="([\d.]+)">([^<]*)</word>', line)) and m.group(2) == word:
            places.append((page, height - float(m.group(1))))
    return places


@pytest.fixture(scope="module")
def quiz_out(tmp_path_factory, built) -> Path:
    return built(make_project(tmp_path_factory.mktemp("quiz"), quiz(), GUIDE), "-q")


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


@pytest.mark.tex
def test_six_choices_and_one_open_question_fit_two_a4_pages(quiz_out: Path):
    sheet = quiz_out / "guide-questions.pdf"
    assert pages(sheet) == 2, pages(sheet)
    assert "A4" in subprocess.run(["pdfinfo", str(sheet)], capture_output=True, text=True, check=True).stdout


@pytest.mark.tex
def test_only_the_open_question_has_ruled_lines_under_it(quiz_out: Path):
    sheet = quiz_out / "guide-questions.pdf"
    drawn = rules(sheet)
    assert drawn, "no ruled line found at all: the reader of rules sees nothing"
    (open_page, open_y), = word_places(sheet, "Derive")
    # The question after the open one: the fourth choice, about "delta".
    (after_page, after_y), = word_places(sheet, "delta")
    for page, y, _ in drawn:
        below_open = (page, -y) > (open_page, -open_y)
        above_next = (page, -y) < (after_page, -after_y)
        assert below_open and above_next, f"a ruled line on page {page} at {y:.0f} pt lies outside the open question's room"
