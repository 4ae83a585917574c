"""The ML guide on paper, read back from the PDFs in every layout: how many pages it
takes, that each question starts on the same page (or side of paper) in sheet and key,
that the printed page numbers are the PDF's own, and that no line runs into a margin."""

from __future__ import annotations

import functools
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
    "letter": ("--paper", "letter"),
    "letter-duplex": ("--paper", "letter", "--duplex"),
    "a4-duplex": ("--duplex",),
    "book": ("--right-hand-starts",),
    "large-print": ("--large-print",),
    "small": ("--count", "5", "--seed", "3", "--name", "guide"),
    "key-end": ("--key", "end"),
    "versions": ("--versions", "3", "--seed", "1"),  # issue 21's: version B ended pages with questions
    "topic": ("--topic", "evaluation"),  # issue 21's: its key's last page held only the F1 figure
}


@pytest.fixture(scope="module")
def ml(bank: Path, built):
    """mode -> output folder of the ML bank built that way (shared across the session)."""
    return lambda mode: built(bank, "-q", "--out", f"build-{mode}", *MODES[mode])


# The PDFs of the shared builds are read by many tests, each page many times: each PDF is
# read once (pypdf, and one pdftotext for all its pages) for as long as its file is unchanged.

def _stamp(pdf: Path) -> tuple[str, int, int, int]:
    stat = pdf.stat()
    return str(pdf), stat.st_ino, stat.st_size, stat.st_mtime_ns


@functools.lru_cache(maxsize=32)
def _reader(stamp: tuple[str, int, int, int]) -> PdfReader:
    return PdfReader(stamp[0])


@functools.lru_cache(maxsize=64)
def _page_texts(stamp: tuple[str, int, int, int]) -> tuple[str, ...]:
    """pdftotext of the whole PDF, one text per page (it ends each page with a form feed)."""
    out = subprocess.run(["pdftotext", stamp[0], "-"], capture_output=True, text=True, check=True).stdout
    return tuple(" ".join(page.replace("\u2019", "'").split()) for page in out.split("\f")[:-1])


def pages(pdf: Path) -> int:
    return len(_reader(_stamp(pdf)).pages)


def page_text(pdf: Path, page: int) -> str:
    """What a reader sees on one page (1-based), with whitespace squashed."""
    texts = _page_texts(_stamp(pdf))
    assert len(texts) == pages(pdf), (pdf, len(texts))
    return texts[page - 1]


def starts(pdf: Path) -> dict[str, int]:
    """Question bookmark ("N Title", under its topic's) -> the 1-based page (or side of
    paper) it points at."""
    return dict(_starts(_stamp(pdf)))


@functools.lru_cache(maxsize=64)
def _starts(stamp: tuple[str, int, int, int]) -> tuple[tuple[str, int], ...]:
    reader = _reader(stamp)
    found = {}

    def walk(nodes, depth):
        for node in nodes:
            if isinstance(node, list):
                walk(node, depth + 1)
            elif depth == 1:
                found[node.title] = reader.get_destination_page_number(node) + 1

    walk(reader.outline, 0)
    return tuple(found.items())


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


@pytest.mark.tex
def test_default_key_is_economical_and_matches_the_sheet(ml):
    default, compact = ml("default"), ml("compact")
    key, sheet = default / "guide-answers.pdf", default / "guide-questions.pdf"
    # The bar: at most 21 A4 pages, and at most 1.1 times the compact key.
    assert pages(key) <= 21 and pages(key) <= 1.1 * pages(compact / "guide-answers.pdf"), (pages(key), pages(compact / "guide-answers.pdf"))
    assert pages(sheet) == pages(key)
    assert_pages_match(sheet, key)


@pytest.mark.tex
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


@pytest.mark.tex
def test_answers_longer_than_a_page_stay_matched_in_the_a5_booklet(ml):
    out = ml("booklet")
    # Sides of paper: each question is on the same side of the same sheet in both.
    assert_pages_match(out / "guide-questions.pdf", out / "guide-answers.pdf")
    # The A5 pages themselves, before imposition.
    flat_sheet, flat_key = out / ".work" / "guide-questions.pdf", out / ".work" / "guide-answers.pdf"
    assert_pages_match(flat_sheet, flat_key)


@pytest.mark.tex
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


@pytest.mark.tex
@pytest.mark.parametrize("one_sided, two_sided", [("default", "a4-duplex"), ("letter", "letter-duplex")])
def test_duplex_takes_at_most_a_sixth_more_pages_than_one_sided(ml, one_sided, two_sided):
    """A handout's topics start on a new page, front or back (right-hand starts left
    six letter pages blank), and never after a page of just a previous topic's last lines."""
    flat, duplex = pages(ml(one_sided) / "guide-answers.pdf"), pages(ml(two_sided) / "guide-answers.pdf")
    assert duplex <= 1.15 * flat, (duplex, flat)
    key = ml(two_sided) / "guide-answers.pdf"
    texts = [page_text(key, n) for n in range(1, pages(key) + 1)]
    assert all(len(text.split()) > 50 for text in texts[:-1]), [len(t.split()) for t in texts]  # no page nearly empty but the last
    assert_pages_match(ml(two_sided) / "guide-questions.pdf", key)


@pytest.mark.tex
def test_right_hand_starts_put_every_topic_on_an_odd_page(ml):
    out = ml("book")
    key = out / "guide-answers.pdf"
    reader = _reader(_stamp(key))
    topics = [reader.get_destination_page_number(node) + 1 for node in reader.outline if not isinstance(node, list)]
    assert len(topics) == 8 and all(page % 2 == 1 for page in topics), topics
    blank = [n for n in range(1, len(reader.pages) + 1) if not page_text(key, n)]
    assert blank and all(n % 2 == 0 for n in blank)  # the pages left blank are left-hand ones, and empty
    assert_pages_match(out / "guide-questions.pdf", key)


@pytest.mark.tex
def test_answers_at_the_end_leave_no_room_in_the_key_and_link_both_ways(ml):
    """The key's questions carry a link to their answer, no blank room (it made a 38-page
    key whose first 19 pages were 84-94% empty); the answers are in the contents. The
    sheet keeps its room, so the pages of the questions part no longer match."""
    out = ml("key-end")
    sheet, key = out / "guide-questions.pdf", out / "guide-answers.pdf"
    compact = pages(ml("compact") / "guide-answers.pdf")
    assert pages(key) <= 1.15 * compact, (pages(key), compact)
    def seen(page: int) -> str:  # in reading order, line by line
        text = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(key), "-"],
                              capture_output=True, text=True, check=True).stdout
        return " ".join(text.split())

    answers_at = re.search(r"Answers(?: \.)+ (\d+)", seen(1))
    assert answers_at, seen(1)  # a contents line, with its page
    answers_from = int(answers_at.group(1))
    assert seen(answers_from).startswith("Machine Learning Interview Guide Answer key Answers 1 Regularization")
    reader = _reader(_stamp(key))
    tops = {node.title: reader.get_destination_page_number(node) + 1 for node in reader.outline if not isinstance(node, list)}
    assert tops.get("Answers") == answers_from, tops
    # Both ways: question k says where its answer is, and the answer says where k was asked.
    in_key = starts(key)
    assert len(in_key) == 30 and max(in_key.values()) < answers_from, in_key
    first = in_key["1 Regularization: Bayesian Interpretation"]
    to_answer = int(re.search(r"Laplace prior and L2 to a Gaussian prior\. → Answer on page (\d+)", seen(first)).group(1))
    assert f"1 Regularization: Bayesian Interpretation question on page {first} Posterior:" in seen(to_answer)
    # The sheet still gives each question room as tall as its answer.
    assert pages(sheet) >= 15 and len(starts(sheet)) == 30


@pytest.mark.tex
@pytest.mark.parametrize("mode", ["default", "letter-duplex", "key-end"])
def test_printed_page_numbers_are_the_pdf_pages(ml, mode):
    out = ml(mode)
    for kind in ("questions", "answers"):
        pdf = out / f"guide-{kind}.pdf"
        reader = _reader(_stamp(pdf))
        total = len(reader.pages)
        assert list(reader.page_labels) == [str(n) for n in range(1, total + 1)]
        for number in range(1, total + 1):
            text = page_text(pdf, number)
            if text:  # a page left blank for two-sided printing has no footer
                assert f"Page {number} of {total}" in text, (kind, number)


@pytest.mark.tex
@pytest.mark.parametrize("mode", list(MODES))
def test_no_line_runs_into_the_margin(ml, mode):
    assert overfull_lines(ml(mode)) == []


def word_widths(pdf: Path, word: str) -> list[float]:
    """The width of each place `word` is printed, in document order (pdftotext -bbox)."""
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [float(b) - float(a) for a, b in re.findall(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">%s<' % re.escape(word), bbox)]


@pytest.mark.tex
def test_large_print_scales_text_and_figures_and_keeps_every_guarantee(ml):
    out, usual = ml("large-print"), ml("default")
    sheet, key = out / "guide-questions.pdf", out / "guide-answers.pdf"
    assert_pages_match(sheet, key)
    assert pages(sheet) == pages(key)
    assert overfull_lines(out) == []
    # 14 pt against 11 pt: a word of the text, and a word of figure 1's axis label, print
    # about 14/11 = 1.27 times as wide.
    text = word_widths(key, "Posterior:")[0] / word_widths(usual / "guide-answers.pdf", "Posterior:")[0]
    figure = word_widths(key, "weight")[0] / word_widths(usual / "guide-answers.pdf", "weight")[0]
    assert 1.22 < text < 1.33 and 1.22 < figure < 1.33, (text, figure)
    # The contents list only the topics, to stay on page 1 with the title block.
    first, second = page_text(key, 1), page_text(key, 2)
    assert "Contents" in first and "Evaluation & Metrics" in first and "Regularization" not in first
    assert second.split()[:8] == "Machine Learning Interview Guide Answer key 1 Probability".split()


@pytest.mark.tex
def test_a_small_booklet_starts_its_questions_on_page_one(ml):
    out = ml("small")
    sheet, key = out / "guide-questions.pdf", out / "guide-answers.pdf"
    assert_pages_match(sheet, key, questions=5)
    for pdf in (sheet, key):
        begins = starts(pdf)
        first = next(title for title in begins if title.startswith("1 "))
        assert begins[first] == 1, begins
        assert "Contents" not in page_text(pdf, 1) and first.split()[1] in page_text(pdf, 1)


@pytest.mark.tex
def test_the_a5_booklets_contents_stay_on_its_first_page(ml):
    flat = ml("booklet") / ".work" / "guide-questions.pdf"
    first, second = page_text(flat, 1), page_text(flat, 2)
    assert "Contents" in first and re.search(r"Evaluation & Metrics(?: \.)+ \d+", first), first
    assert ". . . . ." not in second and "1 Probability & Statistics 1 Regularization" in second, second
    assert pages(flat) <= 27  # 28 before, padded with three blank pages to 32 sides


@pytest.mark.tex
def test_two_up_sets_half_size_pages_at_full_scale(ml):
    out = ml("twoup")
    flat = PdfReader(out / ".work" / "guide-answers.pdf").pages[0].mediabox
    assert (round(float(flat.width)), round(float(flat.height))) == (420, 595)  # A5, its own layout
    side = PdfReader(out / "guide-answers.pdf").pages[0].mediabox
    assert (round(float(side.width)), round(float(side.height))) == (842, 595)  # two of them on A4
    assert_pages_match(out / "guide-questions.pdf", out / "guide-answers.pdf")


@pytest.mark.tex
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


@pytest.mark.tex
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


@pytest.mark.tex
def test_a_long_booklet_title_wraps_alike_in_sheet_and_key_and_is_cut_in_the_head(tmp_path: Path, built):
    """"Answer key" is wider than "Questions": a booklet title on the same line would wrap in
    one and not the other, and the contents (filling the first page here) with it."""
    title = "Study session: gradient descent, momentum, Adam and learning-rate schedules"
    guide = (f"title: Stress test\ntopics:\n  - slug: t\n    name: T\nbooklets:\n  - name: rev\n    title: \"{title}\"\n"
             "    topics: [t]\n")
    questions = {f"q{n}.md": question_file(f"q{n}", f"Question number {n}", "[t]", "easy", "Q?", "No.", extra=f"order: {n}\n")
                 for n in range(46)}
    # One version is enough to print "Version A" in the head: version A is the same PDF
    # whatever the number of versions (A keeps the guide's order), and B is not read.
    out = built(make_project(tmp_path, questions, guide), "-q", "--booklet", "rev", "--versions", "1")
    assert_pages_match(out / "rev-A-questions.pdf", out / "rev-A-answers.pdf", questions=46)
    head = subprocess.run(["pdftotext", "-f", "2", "-l", "2", "-layout", str(out / "rev-A-answers.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout.strip().splitlines()[0]
    # One line: the guide's title, the booklet's title cut short, then what this PDF is.
    assert head.startswith("Stress test") and ". . ." in head and head.rstrip().endswith("Answer key · Version A"), head


@pytest.mark.tex
@pytest.mark.parametrize("args", [(), ("--imposition", "booklet"), ("--key", "end")])
def test_an_answer_height_taller_than_the_page_is_capped(tmp_path: Path, built, args):
    questions = {
        "a.md": question_file("a", "Tall room", "[t]", "easy", "Write at length.", "One line.", extra="order: 1\nanswer_height: 30cm\n"),
        "b.md": question_file("b", "After", "[t]", "easy", "Then?", "Then this.", extra="order: 2\n"),
    }
    out = built(make_project(tmp_path, questions, "title: Tall\ntopics:\n  - slug: t\n    name: T\n"), "-q", *args)
    assert overfull_lines(out) == []
    work = out / ".work" if args[:1] == ("--imposition",) else out
    if args == ("--key", "end"):  # the key has no room: only the sheet's is capped, below a page
        begins = starts(work / "guide-questions.pdf")
        assert begins["2 After"] - begins["1 Tall room"] <= 1, begins
    else:
        assert_pages_match(work / "guide-questions.pdf", work / "guide-answers.pdf", questions=2)


@pytest.mark.tex
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


@pytest.mark.tex
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


@pytest.mark.tex
@pytest.mark.parametrize("mode", ["topic", "default", "compact"])
def test_no_last_page_holds_only_a_figure(ml, mode):
    """Issue 21, item 5: the F1 answer's figure, the last thing of the key, is on the page
    of the text before it (fitted there, smaller or its caption beside it), not alone on a
    last page that the sheet then rules all over."""
    out = ml(mode)
    stem = "evaluation" if mode == "topic" else "guide"
    key, sheet = out / f"{stem}-answers.pdf", out / f"{stem}-questions.pdf"
    last = pages(key)
    text = page_text(key, last)
    assert "F1 and the arithmetic mean" in text, text  # the F1 figure's caption ends the key
    assert "total expense of the other" in text, f"{key.name} p{last} holds only the figure: {text[:200]}"
    if mode != "compact":
        assert pages(sheet) == last
        assert_pages_match(sheet, key, questions=4 if mode == "topic" else 30)
    assert overfull_lines(out) == []
