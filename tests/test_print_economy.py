"""The ML guide on paper, read back from the PDFs in every layout: how many pages it
takes, that each question starts on the same page (or side of paper) in sheet and key,
that the printed page numbers are the PDF's own, and that no line runs into a margin."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import make_project, question_file
from pypdf import PdfReader

MODES = {
    "default": (),
    "compact": ("--no-page-match", "--answer-space", "none"),
    "booklet": ("--imposition", "booklet"),
    "twoup": ("--imposition", "2up"),
    "letter-duplex": ("--paper", "letter", "--duplex"),
    "key-end": ("--key", "end"),
    "versions": ("--versions", "3", "--seed", "1"),  # issue 21's: version B ended pages with questions
}


@pytest.fixture(scope="module")
def ml(bank: Path, built):
    """mode -> output folder of the ML bank built that way (shared across the session)."""
    return lambda mode: built(bank, "-q", "--out", f"build-{mode}", *MODES[mode])


def pages(pdf: Path) -> int:
    return len(PdfReader(pdf).pages)


def page_text(pdf: Path, page: int) -> str:
    """What a reader sees on one page (1-based), with whitespace squashed."""
    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.replace("\u2019", "'").split())


def starts(pdf: Path) -> dict[str, int]:
    """Question bookmark ("N Title", under its topic's) -> the 1-based page (or side of
    paper) it points at."""
    reader = PdfReader(pdf)
    found = {}

    def walk(nodes, depth):
        for node in nodes:
            if isinstance(node, list):
                walk(node, depth + 1)
            elif depth == 1:
                found[node.title] = reader.get_destination_page_number(node) + 1

    walk(reader.outline, 0)
    return found


def assert_pages_match(sheet: Path, key: Path, questions: int = 30) -> None:
    """Every question starts on the same page in both, and a reader finds its title there."""
    in_sheet, in_key = starts(sheet), starts(key)
    assert len(in_sheet) == questions and sorted(in_sheet) == sorted(in_key), (sorted(in_sheet), sorted(in_key))
    for title, page in in_sheet.items():
        assert in_key[title] == page, f"{title}: page {page} in {sheet.name}, {in_key[title]} in {key.name}"
        words = " ".join(re.sub(r"^\d+ ", "", title).split()[:2])
        assert words in page_text(sheet, page) and words in page_text(key, page), (title, page)


def overfull_lines(out: Path) -> list[str]:
    return [f"{log.name}: {line}" for log in sorted((out / ".work").glob("*.log"))
            for line in log.read_text("utf-8", "replace").splitlines() if line.startswith("Overfull")]


def test_default_key_is_economical_and_matches_the_sheet(ml):
    default, compact = ml("default"), ml("compact")
    key, sheet = default / "guide-answers.pdf", default / "guide-questions.pdf"
    # The bar: at most 21 A4 pages, and at most 1.1 times the compact key.
    assert pages(key) <= 21 and pages(key) <= 1.1 * pages(compact / "guide-answers.pdf"), (pages(key), pages(compact / "guide-answers.pdf"))
    assert pages(sheet) == pages(key)
    assert_pages_match(sheet, key)


def test_an_answer_of_several_pages_breaks_and_stays_matched(tmp_path: Path, built):
    derivation = "\n\n".join(f"Step {n}: we expand the term and use $a_{{{n}}} = {n}^2$ to get the next line of the derivation, "
                              "which is long enough to fill most of a line of the page." for n in range(1, 121))
    questions = {
        "a.md": question_file("a", "First", "[t]", "easy", "Say one thing.", "One thing.", extra="order: 1\n"),
        "b.md": question_file("b", "Long derivation", "[t]", "hard", "Derive it all.", derivation, extra="order: 2\n"),
        "c.md": question_file("c", "Last", "[t]", "easy", "Say the last thing.", "The last thing.", extra="order: 3\n"),
    }
    project = make_project(tmp_path, questions, "title: Long\ntopics:\n  - slug: t\n    name: T\n")
    out = built(project, "-q")
    sheet, key = out / "guide-questions.pdf", out / "guide-answers.pdf"
    assert_pages_match(sheet, key, questions=3)
    begins = starts(key)
    assert begins["3 Last"] - begins["2 Long derivation"] >= 3  # the answer runs over whole pages
    assert "Step 120" in page_text(key, begins["3 Last"])  # ...and ends on the page the next question starts
    assert pages(sheet) == pages(key)


def test_answers_longer_than_a_page_stay_matched_in_the_a5_booklet(ml):
    out = ml("booklet")
    # Sides of paper: each question is on the same side of the same sheet in both.
    assert_pages_match(out / "guide-questions.pdf", out / "guide-answers.pdf")
    # The A5 pages themselves, before imposition.
    flat_sheet, flat_key = out / ".work" / "guide-questions.pdf", out / ".work" / "guide-answers.pdf"
    assert_pages_match(flat_sheet, flat_key)


def test_letter_duplex_matches_and_mirrors_the_running_heads(ml):
    out = ml("letter-duplex")
    sheet, key = out / "guide-questions.pdf", out / "guide-answers.pdf"
    assert_pages_match(sheet, key)
    first = PdfReader(sheet).pages[0].mediabox
    assert (round(float(first.width)), round(float(first.height))) == (612, 792)

    bbox = subprocess.run(["pdftotext", "-bbox", str(sheet), "-"], capture_output=True, text=True, check=True).stdout
    sides = []
    for number, page in enumerate(bbox.split("<page ")[1:], 1):
        label = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">Questions<', page)
        if label and float(label.group(2)) < 72:  # in the running head
            sides.append((number % 2, float(label.group(1)) > 306))
    # "Questions" sits on the outer side: right on odd (right-hand) pages, left on even.
    assert len(sides) > 10 and {odd for odd, _ in sides} == {0, 1}
    assert all(right == bool(odd) for odd, right in sides), sides


def test_answers_at_the_end_repeat_the_question_and_the_sheet_matches_the_key(ml):
    out = ml("key-end")
    sheet, key = out / "guide-questions.pdf", out / "guide-answers.pdf"
    assert_pages_match(sheet, key)
    answers_from = next(p for p in range(1, pages(key) + 1) if page_text(key, p).find("Answers") >= 0 and "question on page" in page_text(key, p))
    after = " ".join(page_text(key, p) for p in range(answers_from, pages(key) + 1))
    # The first answer comes with its question again.
    assert "Show that L1 corresponds to a Laplace prior" in after
    # A long derivation gets more room in the sheet than a flat few lines: the sheet is
    # much longer than the questions alone.
    assert pages(sheet) >= 15


@pytest.mark.parametrize("mode", ["default", "letter-duplex", "key-end"])
def test_printed_page_numbers_are_the_pdf_pages(ml, mode):
    out = ml(mode)
    for kind in ("questions", "answers"):
        pdf = out / f"guide-{kind}.pdf"
        reader = PdfReader(pdf)
        total = len(reader.pages)
        assert list(reader.page_labels) == [str(n) for n in range(1, total + 1)]
        for number in range(1, total + 1):
            text = page_text(pdf, number)
            if text:  # a page left blank for two-sided printing has no footer
                assert f"Page {number} of {total}" in text, (kind, number)


@pytest.mark.parametrize("mode", list(MODES))
def test_no_line_runs_into_the_margin(ml, mode):
    assert overfull_lines(ml(mode)) == []


def test_two_up_sets_half_size_pages_at_full_scale(ml):
    out = ml("twoup")
    flat = PdfReader(out / ".work" / "guide-answers.pdf").pages[0].mediabox
    assert (round(float(flat.width)), round(float(flat.height))) == (420, 595)  # A5, its own layout
    side = PdfReader(out / "guide-answers.pdf").pages[0].mediabox
    assert (round(float(side.width)), round(float(side.height))) == (842, 595)  # two of them on A4
    assert_pages_match(out / "guide-questions.pdf", out / "guide-answers.pdf")


def test_a_rebuild_after_an_answer_grows_keeps_the_pages_matched(tmp_path: Path):
    from conftest import guidegen

    def project(lines: int) -> None:
        answer = "\n\n".join(f"Line {n} of the first answer, long enough to fill a good part of a printed line." for n in range(lines))
        make_project(tmp_path, {
            "a.md": question_file("a", "First", "[t]", "easy", "Say it.", answer, extra="order: 1\n"),
            "b.md": question_file("b", "Second", "[t]", "easy", "Say more.", "More.", extra="order: 2\n"),
            "c.md": question_file("c", "Third", "[t]", "easy", "Say the rest.", "The rest.", extra="order: 3\n"),
        }, "title: Grow\ntopics:\n  - slug: t\n    name: T\n")

    places = []
    for lines in (3, 40, 41, 3):  # the second build moves questions 2 and 3; the third moves nothing
        project(lines)
        result = guidegen(tmp_path, "build", "-q")
        assert result.returncode == 0, result.stderr
        sheet, key = tmp_path / "build" / "guide-questions.pdf", tmp_path / "build" / "guide-answers.pdf"
        assert_pages_match(sheet, key, questions=3)
        assert "Warning" not in result.stderr
        places.append(starts(sheet))
    assert places[1]["3 Third"] > places[0]["3 Third"]  # the rebuild really moved the later questions
    assert places[3] == places[0]


def test_a_question_too_long_to_box_prints_its_links_inline_and_stays_matched(tmp_path: Path, built):
    """Past 15,000 characters a question is set as breakable text; a footnote there would
    take room at the page's foot that the sheet's answer room does not know of."""
    words = "the gradient of the loss flows through each layer and vanishes when activations saturate".split()
    long_text = "\n\n".join(" ".join(words[(n + k) % len(words)] for k in range(70)).capitalize() + "." for n in range(40))
    questions = {
        "a.md": question_file("a", "Warm up", "[t]", "easy", "Warm up?", "\n\n".join([" ".join(words * 5)] * 2), extra="order: 1\n"),
        "b.md": question_file("b", "Long read", "[t]", "hard", long_text + "\n\nRead [the paper](https://example.org/d) first.",
                              "\n\n".join([" ".join(words * 6)] * 8), extra="order: 2\n"),
        "c.md": question_file("c", "Next", "[t]", "easy", "Next?", " ".join(words * 10), extra="order: 3\n"),
    }
    assert len(long_text) > 15_000
    out = built(make_project(tmp_path, questions, "title: Long\ntopics:\n  - slug: t\n    name: T\n"), "-q")
    sheet, key = out / "guide-questions.pdf", out / "guide-answers.pdf"
    assert_pages_match(sheet, key, questions=3)
    page = starts(sheet)["2 Long read"]
    text = " ".join(page_text(sheet, p) for p in range(page, pages(sheet) + 1))
    assert "Read the paper (https://example.org/d) first." in text


def test_a_long_booklet_title_wraps_alike_in_sheet_and_key_and_is_cut_in_the_head(tmp_path: Path, built):
    """"Answer key" is wider than "Questions": a booklet title on the same line would wrap in
    one and not the other, and the contents (filling the first page here) with it."""
    title = "Study session: gradient descent, momentum, Adam and learning-rate schedules"
    guide = (f"title: Stress test\ntopics:\n  - slug: t\n    name: T\nbooklets:\n  - name: rev\n    title: \"{title}\"\n"
             "    topics: [t]\n")
    questions = {f"q{n}.md": question_file(f"q{n}", f"Question number {n}", "[t]", "easy", "Q?", "No.", extra=f"order: {n}\n")
                 for n in range(46)}
    out = built(make_project(tmp_path, questions, guide), "-q", "--booklet", "rev", "--versions", "2")
    assert_pages_match(out / "rev-A-questions.pdf", out / "rev-A-answers.pdf", questions=46)
    head = subprocess.run(["pdftotext", "-f", "2", "-l", "2", "-layout", str(out / "rev-A-answers.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout.strip().splitlines()[0]
    # One line: the guide's title, the booklet's title cut short, then what this PDF is.
    assert head.startswith("Stress test") and ". . ." in head and head.rstrip().endswith("Answer key · Version A"), head


@pytest.mark.parametrize("args", [(), ("--imposition", "booklet"), ("--key", "end")])
def test_an_answer_height_taller_than_the_page_is_capped(tmp_path: Path, built, args):
    questions = {
        "a.md": question_file("a", "Tall room", "[t]", "easy", "Write at length.", "One line.", extra="order: 1\nanswer_height: 30cm\n"),
        "b.md": question_file("b", "After", "[t]", "easy", "Then?", "Then this.", extra="order: 2\n"),
    }
    out = built(make_project(tmp_path, questions, "title: Tall\ntopics:\n  - slug: t\n    name: T\n"), "-q", *args)
    assert overfull_lines(out) == []
    work = out / ".work" if args[:1] == ("--imposition",) else out
    assert_pages_match(work / "guide-questions.pdf", work / "guide-answers.pdf", questions=2)


@pytest.mark.parametrize("args", [(), ("--imposition", "booklet")])
def test_a_table_longer_than_a_page_is_set_in_pieces_and_nothing_is_lost(tmp_path: Path, built, args):
    table = "| Step | Value |\n|---|---|\n" + "".join(f"| row{n} | value{n} |\n" for n in range(75))
    questions = {
        "a.md": question_file("a", "Long table", "[t]", "easy", "Tabulate it.", "All of it:\n\n" + table, extra="order: 1\n"),
        "b.md": question_file("b", "After", "[t]", "easy", "Then?", "Then this.", extra="order: 2\n"),
    }
    out = built(make_project(tmp_path, questions, "title: Table\ntopics:\n  - slug: t\n    name: T\n"), "-q", *args)
    assert overfull_lines(out) == []
    key = out / ".work" / "guide-answers.pdf"
    layout = subprocess.run(["pdftotext", "-layout", str(key), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(layout.split())
    assert all(f"row{n} value{n}" in text for n in range(75))  # every row printed, none off the page
    assert text.count("Step Value") == 4  # the header repeated on each of the 4 pieces
    assert_pages_match(out / ".work" / "guide-questions.pdf", key, questions=2)


def test_a_multi_line_display_longer_than_a_page_breaks_and_nothing_is_lost(tmp_path: Path, built):
    lines = " \\\\\n".join(f"a_{{{n}}} &= {n}x + {n}" for n in range(60))
    questions = {
        "a.md": question_file("a", "Long derivation", "[t]", "easy", "Derive.", f"All of it:\n\n$$\n\\begin{{align}}\n{lines}\n\\end{{align}}\n$$",
                              extra="order: 1\n"),
        "b.md": question_file("b", "After", "[t]", "easy", "Then?", "Then this.", extra="order: 2\n"),
    }
    out = built(make_project(tmp_path, questions, "title: Eq\ntopics:\n  - slug: t\n    name: T\n"), "-q")
    assert overfull_lines(out) == []
    layout = subprocess.run(["pdftotext", "-layout", str(out / "guide-answers.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert all(f"a{n} = {n}x + {n}" in " ".join(layout.split()) for n in range(60))
    assert_pages_match(out / "guide-questions.pdf", out / "guide-answers.pdf", questions=2)
