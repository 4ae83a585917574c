"""`guidegen cards`: printable flashcards. Word positions are read back from the PDF
(pdftotext -bbox): each question is on an odd page and its answer on the next page,
behind it (same row, mirrored column; mirrored row with --flip short); a long answer
names the answer key's page where its question is, and that page is right."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import guidegen, make_project, question_file

# One xdist worker for the module: its fixtures build the cards once, not once per worker.
pytestmark = [pytest.mark.tex, pytest.mark.xdist_group("cards")]

GUIDE = """\
title: Flashcard Test Guide
topics:
  - slug: alpha
    name: Alpha Topic
  - slug: beta
    name: Beta Topic
"""
COUNT = 12
MM_PER_PT = 25.4 / 72
# Written down, not computed by the code under test: the grid starts 12 mm from the
# paper's edges, two columns wide; an A4 page of 8 cards has rows of (297 - 24) / 4 mm,
# a letter page of 4 has rows of (279.4 - 24) / 2 mm.
MARGIN_MM = 12.0
A4 = (595.28, 841.89)  # pt
LETTER = (612.0, 792.0)


def front_word(k: int) -> str:
    return f"Quokka{k:02d}"


def back_word(k: int) -> str:
    return f"Wombat{k:02d}"


def short_bank(root: Path) -> Path:
    """Twelve short questions: question k says Quokka<k>, its answer Wombat<k>; the first
    six are alpha, the rest beta, so cards number in file order."""
    questions = {}
    for k in range(1, COUNT + 1):
        topic = "alpha" if k <= 6 else "beta"
        questions[f"{topic}/q{k:02d}.md"] = question_file(
            f"q{k:02d}", f"Card number {k}", f"[{topic}]", "easy",
            f"What does {front_word(k)} stand for, with $x^{{{k}}}$?", f"It stands for {back_word(k)} and $\\sqrt{{{k}}}$.",
            extra=f"order: {k}\n")
    return make_project(root, questions, GUIDE)


def words(pdf: Path) -> list[dict[str, tuple[float, float]]]:
    """Per page, each word's centre (pt from the top left)."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in re.findall(r"<page .*?</page>", html, re.DOTALL):
        found = {}
        for x0, y0, x1, y1, word in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page):
            found[word] = ((float(x0) + float(x1)) / 2, (float(y0) + float(y1)) / 2)
        pages.append(found)
    return pages


def ordered_words(pdf: Path) -> list[list[str]]:
    """Per page, its words in the order they are drawn."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [re.findall(r"<word [^>]*>([^<]*)</word>", page) for page in re.findall(r"<page .*?</page>", html, re.DOTALL)]


def page_size(pdf: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    return float(match.group(1)), float(match.group(2))


def where(pages, word: str) -> tuple[int, float, float]:
    """(1-based page, x, y) of a word that occurs exactly once in the PDF."""
    hits = [(number, *page[word]) for number, page in enumerate(pages, 1) if word in page]
    assert len(hits) == 1, f"{word} found {len(hits)} times"
    return hits[0]


def slot(x: float, y: float, width_pt: float, row_mm: float) -> tuple[int, int]:
    """(column, row) of a point on a page."""
    column = 0 if x < width_pt / 2 else 1
    return column, int((y * MM_PER_PT - MARGIN_MM) // row_mm)


def overfull(out: Path) -> list[str]:
    return [line for log in (out / ".work").glob("*.log") for line in log.read_text("utf-8", "replace").splitlines()
            if line.startswith("Overfull")]


def cards(project: Path, *args: str):
    result = guidegen(project, "cards", "--project", ".", *args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return short_bank(tmp_path_factory.mktemp("cards"))


@pytest.fixture(scope="module")
def long_flip(project: Path) -> Path:
    cards(project, "--out", "long")
    return project / "long"


def check_positions(pdf: Path, per_page: int, paper: tuple[float, float], row_mm: float, flip: str) -> None:
    assert page_size(pdf) == pytest.approx(paper, abs=0.5)
    pages = words(pdf)
    rows = per_page // 2
    sheets = -(-COUNT // per_page)
    assert len(pages) == 2 * sheets
    for k in range(1, COUNT + 1):
        front_page, fx, fy = where(pages, front_word(k))
        back_page, bx, by = where(pages, back_word(k))
        assert front_page % 2 == 1, f"question {k} is on page {front_page}, a back"
        assert back_page == front_page + 1, f"answer {k} is on page {back_page}, question {k} on {front_page}"
        # Cards go across, then down, per_page to a sheet.
        index = (k - 1) % per_page
        assert front_page == 2 * ((k - 1) // per_page) + 1
        assert slot(fx, fy, paper[0], row_mm) == (index % 2, index // 2), f"question {k}"
        column, row = slot(bx, by, paper[0], row_mm)
        if flip == "long":
            assert (column, row) == (1 - index % 2, index // 2), f"answer {k} is not behind its question"
        else:
            assert (column, row) == (index % 2, rows - 1 - index // 2), f"answer {k} is not behind its question"


def test_each_answer_is_behind_its_question(long_flip: Path):
    pdf = long_flip / "guide-cards.pdf"
    check_positions(pdf, 8, A4, (297 - 24) / 4, "long")
    assert (long_flip / "guide-cards-key.pdf").is_file()  # the cards' own key, which their page numbers refer to
    assert not (long_flip / "guide-answers.pdf").exists() and not (long_flip / "guide-questions.pdf").exists()  # never build's
    assert overfull(long_flip) == []


def test_a_front_shows_number_title_topic_and_difficulty(long_flip: Path):
    front = words(long_flip / "guide-cards.pdf")[0]
    for word in ("Card", "number", "Alpha", "Topic"):
        assert word in front
    text = subprocess.run(["pdftotext", "-f", "3", "-l", "3", str(long_flip / "guide-cards.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "9 Card number 9" in " ".join(text.split())
    assert "Beta Topic" in text and "easy" in text.lower().replace(" ", "")


def test_flip_short_mirrors_the_rows(project: Path):
    cards(project, "--out", "short", "--flip", "short")
    check_positions(project / "short" / "guide-cards.pdf", 8, A4, (297 - 24) / 4, "short")
    assert overfull(project / "short") == []


def test_four_per_page_on_letter(project: Path):
    cards(project, "--out", "letter", "--per-page", "4", "--paper", "letter")
    check_positions(project / "letter" / "guide-cards.pdf", 4, LETTER, (279.4 - 24) / 2, "long")
    assert page_size(project / "letter" / "guide-cards-key.pdf") == pytest.approx(LETTER, abs=0.5)  # the key on the same paper
    assert overfull(project / "letter") == []


def test_back_offset_moves_the_backs_only(project: Path, long_flip: Path):
    cards(project, "--out", "offset", "--back-offset", "2,-1.5")
    moved, still = words(project / "offset" / "guide-cards.pdf"), words(long_flip / "guide-cards.pdf")
    front_a, front_b = where(moved, front_word(1)), where(still, front_word(1))
    back_a, back_b = where(moved, back_word(1)), where(still, back_word(1))
    assert front_a == pytest.approx(front_b, abs=0.01)
    assert (back_a[1] - back_b[1]) * MM_PER_PT == pytest.approx(2.0, abs=0.05)
    assert (back_a[2] - back_b[2]) * MM_PER_PT == pytest.approx(-1.5, abs=0.05)


def test_a_second_run_does_nothing(project: Path, long_flip: Path):
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in long_flip.rglob("*") if p.is_file()}
    result = guidegen(project, "cards", "--project", ".", "--out", "long")
    assert result.returncode == 0, result.stderr
    # 12 cards, 8 to an A4 sheet: 2 sheets, each a front and a back page.
    assert result.stdout == "Nothing to do: the inputs have not changed since long/guide-cards.pdf (4 pages) was written.\n"
    assert result.stderr == ""
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in long_flip.rglob("*") if p.is_file()} == before  # nothing rewritten


LONG_ANSWER = "\n\n".join(f"Paragraph {i} of the long answer explains one more detail about gradient noise and step sizes, "
                          f"in a sentence long enough to fill a line or two of a card." for i in range(1, 41))


def test_a_long_answer_names_the_key_page_it_continues_on(tmp_path: Path):
    questions = {
        "alpha/a.md": question_file("opening", "Opening question", "[alpha]", "easy", "What comes first?", LONG_ANSWER,
                                    extra="order: 1\n"),
        "alpha/b.md": question_file("zeppelin", "Zeppelin question", "[alpha]", "hard", "Why do airships float?",
                                    "Lift. " + LONG_ANSWER + "\n\nThe very last words: Xylophone.", extra="order: 2\n"),
    }
    project = make_project(tmp_path, questions, GUIDE)
    cards(project)
    out = project / "build"
    text = subprocess.run(["pdftotext", str(out / "guide-cards.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    notes = re.findall(r"continued in the answer key, p\. (\d+)", flat)
    assert len(notes) == 2, flat  # both answers were cut short, and say so
    assert "Xylophone" not in flat  # (the end of the long answer is not on the card)
    key_pages = subprocess.run(["pdftotext", str(out / "guide-cards-key.pdf"), "-"], capture_output=True, text=True,
                               check=True).stdout.split("\f")
    # Words come in the order they are drawn, card by card: the number after the "p." that
    # follows the Zeppelin card's title is that card's note.
    back = ordered_words(out / "guide-cards.pdf")[1]
    after = back[back.index("Zeppelin"):]
    zeppelin = int(after[after.index("p.") + 1])
    assert zeppelin > 1
    assert "Zeppelin question" in key_pages[zeppelin - 1]
    assert all("Zeppelin question" not in page for page in key_pages[:zeppelin - 1])
    assert overfull(out) == []


WIDE = " + ".join(f"x_{{{i}}}" for i in range(1, 17))
MC_STEM = ("Which loss does logistic regression minimise?\n\n- [ ] Mean squared error\n- [x] Binary cross-entropy\n"
           "- [ ] Hinge loss\n- [ ] None of the above")


@pytest.fixture(scope="module")
def wide_and_choice(tmp_path_factory) -> Path:
    """One set of cards for two cases, each its own card: a display too wide at 10 pt, and a
    multiple-choice question (the first card; front page 1, back page 2). Neither answer
    is long enough to be continued, so neither card has a note."""
    project = make_project(tmp_path_factory.mktemp("wide"), {
        # A fraction: a display that cannot break after its relations (a long sum would).
        "alpha/w.md": question_file("wide", "Wide display", "[alpha]", "easy", "Sum them.",
                                    f"The mean:\n\n$$ s = \\frac{{{WIDE}}}{{16}} $$\n\nDone.", extra="order: 2\n"),
        "alpha/loss.md": question_file("loss", "Logistic loss", "[alpha]", "easy", MC_STEM,
                                       "The negative log-likelihood of a Bernoulli model.", extra="order: 1\n"),
    }, GUIDE)
    cards(project)
    return project / "build"


def test_a_display_too_wide_at_10pt_steps_the_card_down(wide_and_choice: Path):
    out = wide_and_choice
    assert overfull(out) == []
    text = " ".join(subprocess.run(["pdftotext", str(out / "guide-cards.pdf"), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Done." in text and "continued" not in text
    # Set smaller than the question's 10 pt: the answer's words are lower than the question's.
    pages = subprocess.run(["pdftotext", "-bbox", str(out / "guide-cards.pdf"), "-"], capture_output=True, text=True,
                           check=True).stdout
    heights = {word: float(y1) - float(y0) for y0, y1, word in
               re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(Sum|Done)', pages)}
    assert heights["Done"] < 0.9 * heights["Sum"]


def test_bad_options_are_one_line(project: Path):
    for args, expected in ((["--per-page", "6"], "--per-page"), (["--back-offset", "two,three"], "--back-offset"),
                           (["--back-offset", "12,0"], "at most 10 mm"), (["--flip", "sideways"], "--flip")):
        result = guidegen(project, "cards", "--project", ".", "--out", "bad", *args)
        assert result.returncode != 0
        assert "Traceback" not in result.stderr
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
        assert len(errors) == 1 and expected in errors[0], result.stderr
    assert not (project / "bad" / "guide-cards.pdf").exists()


def test_bad_content_keeps_the_last_good_pdf(tmp_path: Path):
    project = short_bank(tmp_path)
    cards(project)
    pdf = project / "build" / "guide-cards.pdf"
    before = pdf.read_bytes()
    broken = project / "content" / "alpha" / "q03.md"
    broken.write_text(broken.read_text().replace("difficulty: easy", "difficulty: impossible"), "utf-8")
    result = guidegen(project, "cards", "--project", ".")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(r"content/alpha/q03\.md:\d+: .*difficulty", result.stderr), result.stderr
    assert pdf.read_bytes() == before


def test_calibration_sheet(project: Path):
    result = cards(project, "--out", "calibrate", "--calibrate", "--back-offset", "1,0")
    pdf = project / "calibrate" / "cards-calibration.pdf"
    pages = words(pdf)
    assert len(pages) == 2
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "--back-offset X,Y" in flat and "add the readings" in flat
    assert "Calibration" in pages[0]
    assert "X" in pages[1] and "Y" in pages[1]
    assert "cards-calibration.pdf" in result.stdout
    assert overfull(project / "calibrate") == []


def test_a_continued_note_leaves_the_next_sheet_black(tmp_path: Path):
    """The note is in the accent colour; a colour set in a box must end in it, or every
    later card prints in that colour."""
    project = short_bank(tmp_path)
    first = project / "content" / "alpha" / "q01.md"
    first.write_text(first.read_text().replace("It stands for", LONG_ANSWER + "\n\nIt stands for"), "utf-8")
    cards(project)
    pdf = project / "build" / "guide-cards.pdf"
    assert "continued in the answer key" in subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(pdf), "-"],
                                                           capture_output=True, text=True, check=True).stdout
    html = subprocess.run(["pdftotext", "-f", "3", "-l", "3", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    x0, y0, x1, y1 = map(float, re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">Quokka09<', html).groups())
    subprocess.run(["pdftoppm", "-f", "3", "-l", "3", "-r", "144", "-png", str(pdf), str(tmp_path / "page")], check=True)
    from PIL import Image

    image = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    word = image.crop((int(x0 * 2), int(y0 * 2), int(x1 * 2) + 1, int(y1 * 2) + 1))
    pixels = [word.getpixel((x, y)) for x in range(word.width) for y in range(word.height)]
    inked = [(r, g, b) for r, g, b in pixels if r + g + b < 450]
    assert inked, "the word was not found where pdftotext put it"
    assert all(b - r < 60 for r, g, b in inked), "the question text is coloured"


def test_a_multiple_choice_card_letters_its_options_and_names_the_right_ones_behind(wide_and_choice: Path):
    pages = subprocess.run(["pdftotext", "-layout", str(wide_and_choice / "guide-cards.pdf"), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")
    front, back = " ".join(pages[0].split()), " ".join(pages[1].split())
    for letter, option in zip("ABCD", ("Mean squared error", "Binary cross-entropy", "Hinge loss", "None of the above")):
        assert f"{letter}. {option}" in front
    assert "Right" not in front and "Right: B" in back and "Bernoulli" in back
