"""Golden files: the LaTeX the templates make for a tiny fixed project, compared whole with
the committed copies in tests/golden/, and one rendered page where the picture is the
contract (the ruled answer room).

The project has two topics and three questions, no figures. Two builds cover the
templates where layout matters: the default build (cover, questions, page-matched answer
room in the sheet, answers after each question in the key), and `--key end
--no-page-match` (answer room of each question's own height, answers collected at the end).

A change to the templates, the preamble or the Markdown conversion shows up here as a
unified diff. When the change is intended, rewrite the golden files and review the diff
before committing them:

    GUIDEGEN_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
    git diff tests/golden/

(with GUIDEGEN_UPDATE_GOLDEN=1 each comparison writes its golden file and is skipped).
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import make_project, question_file

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("GUIDEGEN_UPDATE_GOLDEN") == "1"

GUIDE = """\
title: Golden Guide
subtitle: Two topics, three questions
author: The test suite
topics:
  - slug: alpha
    name: First Topic
  - slug: beta
    name: Second Topic
"""
QUESTIONS = {
    "alpha/one.md": question_file("g-one", "Squares", "[alpha]", "easy", "What is $x^2$ when $x = 3$?", "It is $9$.",
                                  extra="order: 1\n"),
    "alpha/two.md": question_file("g-two", "Norms", "[alpha]", "medium", "Name two *norms* of a vector.",
                                  "The $\\ell_1$ norm and the **Euclidean** norm.",
                                  extra="order: 2\nanswer_space: box\nanswer_height: 3cm\n"),
    "beta/three.md": question_file("g-three", "Unbiased mean", "[beta]", "hard", "Why is the sample mean unbiased?",
                                   "Because $\\mathbb{E}[\\bar{x}] = \\mu$.", extra="order: 3\n"),
}

DEFAULT = ("-q",)
KEY_AT_END = ("-q", "--key", "end", "--no-page-match")
# (golden file, build arguments, the .tex in build/.work/ it must equal)
CASES = [
    ("page-matched-questions.tex", DEFAULT, "guide-questions.tex"),
    ("inline-key-answers.tex", DEFAULT, "guide-answers.tex"),
    ("unmatched-questions.tex", KEY_AT_END, "guide-questions.tex"),
    ("end-key-answers.tex", KEY_AT_END, "guide-answers.tex"),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("golden"), QUESTIONS, GUIDE)


@pytest.mark.tex
@pytest.mark.parametrize("golden, args, tex", CASES, ids=[c[0].removesuffix(".tex") for c in CASES])
def test_generated_latex_matches_golden_file(project: Path, built, golden: str, args: tuple[str, ...], tex: str):
    actual = (built(project, *args) / ".work" / tex).read_text("utf-8")
    path = GOLDEN / golden
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, "utf-8")
        pytest.skip(f"GUIDEGEN_UPDATE_GOLDEN=1: rewrote tests/golden/{golden}")
    assert path.is_file(), f"tests/golden/{golden} is missing; create it with GUIDEGEN_UPDATE_GOLDEN=1"
    expected = path.read_text("utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                                            f"tests/golden/{golden}", f"build/.work/{tex} ({' '.join(args)})"))
        pytest.fail(f"build/.work/{tex} differs from tests/golden/{golden} "
                    f"(if intended, rerun with GUIDEGEN_UPDATE_GOLDEN=1 and review the diff):\n{diff}", pytrace=False)


# -- the rendered page ----------------------------------------------------------------------

DPI = 72  # one pixel a point: positions from pdftotext -bbox are pixel rows as they are
CM = 72 / 2.54
MARGIN = 2.2 * CM  # A4 text block: 2.2 cm side margins (outputs.latex.page.PageLayout.geometry)
A4_WIDTH = 595.28


def words(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax) in points from the top left, for one page."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(w, float(x0), float(y0), float(x1), float(y1)) for x0, y0, x1, y1, w in re.findall(pattern, html)]


def render(pdf: Path, page: int) -> tuple[int, int, bytes]:
    """One page in greyscale at DPI: (width, height, pixels row by row, 0 black .. 255 white)."""
    pgm = subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-f", str(page), "-l", str(page), str(pdf)],
                         capture_output=True, check=True).stdout
    magic, width, height, depth, pixels = pgm.split(maxsplit=4)
    assert magic == b"P5" and depth == b"255" and len(pixels) == int(width) * int(height)
    return int(width), int(height), pixels


def ruled_rows(image: tuple[int, int, bytes], top: float, bottom: float) -> list[tuple[int, int]]:
    """Horizontal rules across the whole text width between `top` and `bottom` (points):
    (row, darkest pixel) for each, adjacent rows counted once."""
    width, _, pixels = image
    left, right = round(MARGIN) + 2, round(A4_WIDTH - MARGIN) - 2
    rules: list[tuple[int, int]] = []
    for y in range(round(top), round(bottom)):
        row = pixels[y * width + left : y * width + right]
        if sum(p < 250 for p in row) >= 0.98 * len(row):
            if rules and rules[-1][0] >= y - 1:
                rules[-1] = (y, min(rules[-1][1], min(row)))
            else:
                rules.append((y, min(row)))
    return rules


def ruled_columns(image: tuple[int, int, bytes], top: int, bottom: int) -> list[int]:
    """Columns inked from `top` to `bottom` (rows), adjacent columns counted once."""
    width, _, pixels = image
    columns: list[int] = []
    for x in range(width):
        if all(pixels[y * width + x] < 250 for y in range(top, bottom + 1)):
            if not columns or columns[-1] < x - 1:
                columns.append(x)
    return columns


def below(found: list[tuple[str, float, float, float, float]], word: str) -> float:
    """The bottom of the line that holds `word` (points)."""
    (_, _, y0, _, _), = [w for w in found if w[0] == word]
    return max(w[4] for w in found if abs(w[2] - y0) < 3)


def above(found: list[tuple[str, float, float, float, float]], word: str) -> float:
    """The top of the (first) `word` on the page (points)."""
    return min(w[2] for w in found if w[0] == word)


@pytest.mark.tex
def test_rendered_answer_room_is_ruled_in_the_sheet_and_blank_in_the_key(project: Path, built):
    out = built(project, *DEFAULT)
    sheet, key = out / "guide-questions.pdf", out / "guide-answers.pdf"
    # Page 1 holds all three questions, under the title block (a booklet this small has no contents page).
    found = words(sheet, 1)
    assert {"Squares", "Norms", "Unbiased"} <= {w[0] for w in found}, [w[0] for w in found]
    image = render(sheet, 1)

    # Question 1: 4 cm of lines, one every 0.8 cm, mid grey (gglines, 45% white: dark
    # enough for a photocopier). Four lines, not five: five 0.8 cm rows are a few sp more
    # than 4 cm, and TeX's \cleaders sets whole rows only, centred. Question 3, the last,
    # has its lines down to the foot of the text: the page is not left blank under them.
    for after, before in (("3?", "Norms"), ("unbiased?", "Page")):
        rules = ruled_rows(image, below(found, after), above(found, before))
        assert len(rules) == 4 if after == "3?" else len(rules) >= 4, (after, rules)
        gaps = [b[0] - a[0] for a, b in zip(rules, rules[1:])]
        assert all(abs(gap - 0.8 * CM) <= 1.5 for gap in gaps), gaps
        assert all(60 <= darkest <= 150 for _, darkest in rules), rules
    assert above(found, "Page") - rules[-1][0] <= 2.6 * CM + 0.8 * CM, "blank under the last question's lines"

    # Question 2 asks for a 3 cm box: a grey frame across the text width, 3 cm tall.
    second_topic = max(w[2] for w in found if w[0] == "Second")  # its heading (the title block names it too)
    rules = ruled_rows(image, below(found, "vector."), second_topic)
    assert len(rules) == 2, rules
    (top, _), (bottom, _) = rules
    assert abs(bottom - top - 3 * CM) <= 2, (top, bottom)
    sides = ruled_columns(image, top + 2, bottom - 2)
    assert len(sides) == 2 and abs(sides[0] - MARGIN) <= 2 and abs(sides[1] - (A4_WIDTH - MARGIN)) <= 2, sides

    # The key's page 1 has the answers where the sheet has room: no rules at all between
    # the first question's title and the footer.
    found = words(key, 1)
    assert "It" in {w[0] for w in found}  # "It is 9." - the first answer
    assert ruled_rows(render(key, 1), below(found, "Squares"), above(found, "Page")) == []


@pytest.mark.tex
@pytest.mark.parametrize("kind", ["grid", "box"])
def test_rows_of_room_with_answers_at_the_end_stay_under_their_question(project: Path, built, kind: str):
    """With the key at the end, the room is rows that may break between pages: each row
    draws its rules up from its own bottom line, so none reaches above the room's top
    rule into the question."""
    out = built(project, "-q", "--key", "end", "--answer-space", kind)
    sheet = out / "guide-questions.pdf"
    found = words(sheet, 1)
    image = render(sheet, 1)
    width, _, pixels = image
    rules = ruled_rows(image, below(found, "3?"), above(found, "Norms"))
    top = rules[0][0]
    assert top - below(found, "3?") < 0.8 * CM, rules  # the room starts just under the question
    columns = ruled_columns(image, top + 2, top + 10)  # the grid's or the box's vertical rules
    assert len(columns) >= (10 if kind == "grid" else 2), columns
    text_end = max(w[3] for w in found if abs(w[4] - below(found, "3?")) < 3)  # the question's line ends here
    above_room = [x for x in columns if x > text_end + 2 and any(pixels[y * width + x] < 200 for y in range(top - 8, top - 1))]
    assert above_room == [], f"rules reach above the room at x = {above_room}"


@pytest.mark.tex
@pytest.mark.parametrize("args", [(), ("--key", "end")], ids=["page-matched", "key-at-end"])
def test_the_grid_is_whole_cells_centred_and_lighter_than_the_lines(project: Path, built, args: tuple[str, ...]):
    out = built(project, "-q", "--answer-space", "grid", *args)
    sheet = out / "guide-questions.pdf"
    found = words(sheet, 1)  # a booklet this small starts its questions on page 1
    image = render(sheet, 1)
    width, _, pixels = image
    top = ruled_rows(image, below(found, "3?"), above(found, "Norms"))[0][0]
    columns = ruled_columns(image, top + 2, top + 10)
    gaps = [b - a for a, b in zip(columns, columns[1:])]
    assert len(columns) >= 30 and all(abs(gap - 0.5 * CM) <= 1.5 for gap in gaps), gaps  # no partial column
    left, right = columns[0] - MARGIN, A4_WIDTH - MARGIN - columns[-1]
    assert 0 <= left < 0.5 * CM and abs(left - right) <= 1.5, (left, right)  # centred on the text block
    # Lighter than the ruled lines (60-150 at this resolution): a guide for the hand.
    darkest = min(pixels[y * width + x] for x in columns for y in range(top + 2, top + 10))
    assert darkest >= 170, darkest
