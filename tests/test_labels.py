"""Every PDF labelled (issue 31): each PDF guidegen writes, in every layout (A5 booklet,
2-up, LuaLaTeX, the grader's key, the cards and their key, the calibration sheet),
carries a title, subject, author, keywords and the date SOURCE_DATE_EPOCH fixes, read
back with pdfinfo; the grader's key shows every question's points and each version's
total; difficulty tags copy as words; `check` counts in the singular; flashcards choose
how many go on a page from what they hold (--per-page auto)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import guidegen, make_project, question_file

EPOCH = "1700000000"  # Tue Nov 14 22:13:20 2023 UTC
EPOCH_SHOWN = "Tue Nov 14 22:13:20 2023 UTC"  # pdfinfo's reading of it (written down, not computed)

GUIDE = """\
title: Labelled Guide
author: The label checkers
topics:
  - slug: ml
    name: Machine Learning
  - slug: cyrillic
    name: Русский
booklets:
  - name: fold
    title: Folded quiz
    topics: [ml]
    imposition: booklet
    versions: 2
    page_match: false
  - name: twoup
    title: Two a side
    topics: [ml]
    imposition: 2up
    page_match: false
  - name: cyrillic
    title: Проверка
    topics: [cyrillic]
    page_match: false
"""

ONE_RIGHT = "Which loss does logistic regression minimise?\n\n- [ ] Mean squared error\n- [x] Binary cross-entropy\n- [ ] Hinge loss\n- [ ] Absolute error"
TWO_RIGHT = ("Which of these are convex?\n\n- [x] The square function\n- [ ] The sine function\n- [x] The exponential function\n"
             "- [ ] The cosine function\n- [ ] The floor function")
CYRILLIC = "Что такое градиент?\n\n- [x] Производная\n- [ ] Интеграл"


def _files() -> dict[str, str]:
    return {
        "ml/one.md": question_file("one", "Logistic loss", "[ml]", "medium", ONE_RIGHT, "Cross-entropy.", "points: 2\n"),
        "ml/two.md": question_file("two", "Convex functions", "[ml]", "easy", TWO_RIGHT, "Second derivatives.", "points: 1.5\n"),
        "ml/open.md": question_file("open", "Explain overfitting", "[ml]", "hard", "Explain overfitting.",
                                    "The model fits the noise of its data.", "points: 3\n"),
        "cyrillic/grad.md": question_file("grad", "Градиент", "[cyrillic]", "easy", CYRILLIC, "Производная функции.", "points: 1\n"),
    }


def info(pdf: Path) -> dict[str, str]:
    text = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in text.splitlines())}


def text(pdf: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def labelled(tmp_path_factory) -> Path:
    """Every booklet built, the cards of a booklet in pdfLaTeX and of the Cyrillic one in
    LuaLaTeX, and the calibration sheet, all with SOURCE_DATE_EPOCH set: the output folder.
    (Page matching is off: it changes no label, and costs a pass per booklet.)"""
    project = make_project(tmp_path_factory.mktemp("labels"), _files(), GUIDE)
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    runs = (("build", "--all-booklets"), ("cards", "--booklet", "twoup"), ("cards", "--booklet", "cyrillic"), ("cards", "--calibrate"))
    for args in runs:
        result = guidegen(project, *args, "-q", env=env)
        assert result.returncode == 0, (args, result.stderr)
    return project / "build"


# What some of the PDFs must say (the others are checked for labels of some kind).
EXPECTED = {
    "fold-A-questions.pdf": ("Labelled Guide – Questions – Folded quiz, version A", "Question sheet: 3 questions"),
    "fold-B-answers.pdf": ("Labelled Guide – Answer key – Folded quiz, version B", "Answer key: 3 questions"),
    "fold-grader.pdf": ("Labelled Guide – Grader's key – Folded quiz", "Grader's key: 3 questions, 6.5 points, versions A, B"),
    "twoup-questions.pdf": ("Labelled Guide – Questions – Two a side", "Question sheet: 3 questions"),
    "twoup-answers.pdf": ("Labelled Guide – Answer key – Two a side", "Answer key: 3 questions"),
    "twoup-grader.pdf": ("Labelled Guide – Grader's key – Two a side", "Grader's key: 3 questions, 6.5 points"),
    "cyrillic-questions.pdf": ("Labelled Guide – Questions – Проверка", "Question sheet: 1 question"),
    "cyrillic-answers.pdf": ("Labelled Guide – Answer key – Проверка", "Answer key: 1 question"),
    "cyrillic-grader.pdf": ("Labelled Guide – Grader's key – Проверка", "Grader's key: 1 question, 1 point"),
    "twoup-cards.pdf": ("Labelled Guide – Flashcards", "Flashcards: 3 cards, 8 a page"),
    "twoup-cards-key.pdf": ("Labelled Guide – Answer key – Two a side", "Answer key: 3 questions"),
    "cyrillic-cards.pdf": ("Labelled Guide – Flashcards", "Flashcards: 1 card, "),
    "cyrillic-cards-key.pdf": ("Labelled Guide – Answer key – Проверка", "Answer key: 1 question"),
    "cards-calibration.pdf": ("Labelled Guide – Flashcards calibration sheet", "Calibration sheet for two-sided flashcards"),
}


@pytest.mark.tex
def test_every_pdf_of_every_layout_carries_its_labels_and_the_fixed_date(labelled: Path):
    written = sorted(p.name for p in labelled.glob("*.pdf"))
    assert set(EXPECTED) <= set(written), written
    for name in written:  # every PDF written, not only those named above
        found = info(labelled / name)
        assert found["Title"].startswith("Labelled Guide – "), (name, found)
        assert found["Subject"], (name, found)
        assert found["Author"] == "The label checkers", (name, found)
        assert found["Keywords"], (name, found)
        assert found["CreationDate"] == found["ModDate"] == EPOCH_SHOWN, (name, found)
    for name, (title, subject) in EXPECTED.items():
        found = info(labelled / name)
        assert found["Title"] == title, (name, found)
        assert found["Subject"].startswith(subject), (name, found)
    assert info(labelled / "fold-A-questions.pdf")["Keywords"] == "Machine Learning"
    assert info(labelled / "cyrillic-answers.pdf")["Keywords"] == "Русский"
    # The layouts are what their names say: A5 pages two to an A4 side, Cyrillic set by LuaLaTeX.
    assert info(labelled / "fold-A-questions.pdf")["Page size"].startswith("841.89 x 595.2")
    assert "imposed as a booklet" in info(labelled / "fold-B-answers.pdf")["Subject"]
    assert "two pages a side" in info(labelled / "twoup-answers.pdf")["Subject"]
    work = labelled / ".work"
    for job in ("cyrillic-answers", "cyrillic-grader", "cyrillic-cards"):
        assert "LuaHBTeX" in (work / f"{job}.log").read_text("utf-8", "replace").splitlines()[0], job
    from pypdf import PdfReader

    for name in ("fold-A-questions.pdf", "twoup-answers.pdf", "fold-grader.pdf", "twoup-cards.pdf", "cyrillic-answers.pdf"):
        assert PdfReader(labelled / name).trailer["/Root"].get("/Lang") == "en", name


def grader_table(pdf: Path) -> dict[str, list[str]]:
    """Row label ("1", "2", ..., "Total") -> its cells, read from the grader's key's text."""
    rows = {}
    for line in text(pdf, "-layout").splitlines():
        match = re.match(r"^\s*(\d+|Total)\s{2,}(.+?)\s*$", line)
        if match:
            rows[match.group(1)] = re.split(r"\s{2,}", match.group(2))
    return rows


@pytest.mark.tex
def test_the_grader_key_shows_every_questions_points_and_each_versions_total(labelled: Path):
    rows = grader_table(labelled / "fold-grader.pdf")
    assert sorted(rows) == ["1", "2", "3", "Total"], rows
    # Worth 2 points: one right option of four; 1.5: two of five; 3: the open question.
    shapes = {"2 pt": r"[A-D] · 2 pt", "1.5 pt": r"[A-E], [A-E] · 1\.5 pt", "3 pt": r"3 pt"}
    for column in range(2):
        cells = [rows[number][column] for number in ("1", "2", "3")]
        assert sorted(cell.rpartition("· ")[2] for cell in cells) == ["1.5 pt", "2 pt", "3 pt"], cells
        for cell in cells:
            assert re.fullmatch(shapes[cell.rpartition("· ")[2]], cell), cells
    assert rows["Total"] == ["6.5 pt", "6.5 pt"]
    assert "6.5 points in all" in text(labelled / "fold-grader.pdf")
    # Without versions: one column, the same.
    rows = grader_table(labelled / "twoup-grader.pdf")
    assert sorted(cell for number in ("1", "2", "3") for cell in rows[number]) == ["3 pt", "A, C · 1.5 pt", "B · 2 pt"]
    assert rows["Total"] == ["6.5 pt"]


@pytest.mark.tex
def test_difficulty_tags_copy_as_words(labelled: Path):
    for name in (".work/twoup-answers.pdf", "cyrillic-questions.pdf", "twoup-cards.pdf", "cyrillic-cards.pdf"):
        copied = text(labelled / name)
        assert re.search(r"\b(easy|medium|hard)\b", copied), name
        assert not re.search(r"\b(e a s y|m e d i u m|h a r d)\b", copied), name


def test_check_counts_in_the_singular(tmp_path: Path):
    guide = "title: One\ntopics:\n  - slug: ml\n    name: ML\n"
    project = make_project(tmp_path, {"q.md": question_file("q", "Q", "[ml]", "easy", "Why?", "Because.")}, guide)
    result = guidegen(project, "check")
    assert result.returncode == 0, result.stderr
    assert "OK: 1 question, 1 topic, no problems." in result.stdout


# -- flashcards: how many a page ---------------------------------------------------------------

# An answer of some thirty lines at the cards' smallest size: too high for a card of 8 to
# an A4 page (60 mm of text), not for one of 4 (128 mm).
MIDDLING = " ".join(f"Sentence {i} of a middling answer says one more thing about how step sizes, momentum and noise "
                    "interact when a model is trained with minibatches." for i in range(14))


def test_auto_per_page_counts_what_four_a_page_keeps_whole():
    from guidegen.outputs.cards.fit import auto_per_page, cut_cards

    # A4: a card of 8 a page holds (297 - 24) / 4 - 8 = 60.25 mm of text (170.8 pt), of 4
    # a page 128.5 mm (364.3 pt).
    short, middling, long = 100.0, 250.0, 500.0
    twenty = {("front", f"q{n}"): short for n in range(20)}
    assert cut_cards(twenty, "a4", 8) == 0 and auto_per_page(twenty, "a4", 20) == 8
    two_middling = {**twenty, ("back", "q1"): middling, ("back", "q2"): middling}
    assert cut_cards(two_middling, "a4", 8) == 2 and auto_per_page(two_middling, "a4", 20) == 8  # 2 of 20: not worth the paper
    three_middling = {**two_middling, ("back", "q3"): middling}
    assert auto_per_page(three_middling, "a4", 20) == 4  # 3 of 20 kept whole
    three_long = {key: long if key[1] in ("q1", "q2", "q3") else value for key, value in three_middling.items()}
    assert cut_cards(three_long, "a4", 4) == 3 and auto_per_page(three_long, "a4", 20) == 8  # 4 a page cuts them too
    assert auto_per_page(None, "a4", 20) == 8  # a project's template that measures nothing


@pytest.mark.tex
def test_cards_with_middling_answers_go_four_a_page_unless_asked(tmp_path: Path):
    guide = "title: Cards\nauthor: Someone\ntopics:\n  - slug: ml\n    name: ML\n"
    files = {f"{word}.md": question_file(word, f"Card {word}", "[ml]", "easy", f"What about {word}?", MIDDLING)
             for word in ("alpha", "beta", "gamma")}
    project = make_project(tmp_path, files, guide)
    auto = guidegen(project, "cards", "-q")
    assert auto.returncode == 0, auto.stderr
    eight = guidegen(project, "cards", "-q", "--per-page", "8", "--name", "eight")
    assert eight.returncode == 0, eight.stderr
    out = project / "build"
    # Asked for 8 a page, every answer is cut; auto sets 4 a page, and none is.
    assert text(out / "eight-cards.pdf").count("continued in the answer key") == 3
    assert text(out / "guide-cards.pdf").count("continued in the answer key") == 0
    assert "4 a page" in info(out / "guide-cards.pdf")["Subject"]
    assert "8 a page" in info(out / "eight-cards.pdf")["Subject"]
    # 4 a page: the third card starts the second row, half the page down.
    fronts = text(out / "guide-cards.pdf", "-f", "1", "-l", "1", "-bbox")
    tops = {n: float(re.search(rf'yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">{n}</word>', fronts).group(1)) for n in (1, 3)}
    row_mm = (tops[3] - tops[1]) * 25.4 / 72
    assert abs(row_mm - (297 - 24) / 2) < 1, row_mm
