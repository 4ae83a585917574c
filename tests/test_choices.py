"""Multiple choice, points and the grader's key (issue 22): task lists in the question part
become lettered options, checked as `path:line: message`; versions shuffle the options
but keep "None of the above" and its kind last; the sheet never marks a right option; the
key does; the sheet's first page carries the grading table; OUT/NAME-grader.pdf holds the
right letters of every version. The PDFs are read back with pdftotext."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader


import conftest
from conftest import make_project, pdf_pages, question_file

from guidegen.choices_order import option_order, refers_to_others, right_letters
from guidegen.content.choices import split_options
from guidegen.load.reader import read_question
from guidegen.model import Option, Question

GUIDE = "title: Quiz Guide\ntopics:\n  - slug: ml\n    name: Machine Learning\n  - slug: stats\n    name: Statistics\n"

LOSS = """\
Which loss does logistic regression minimise?

- [ ] Mean squared error
- [x] Binary cross-entropy
- [ ] Hinge loss
- [ ] None of the above"""

CONVEX = """\
Which of these functions are convex on the real line?

- [x] The square function $x^2$
- [ ] The sine function $\\sin x$
- [x] The exponential function $e^x$
- [ ] The function `log(x)` on its domain
- [ ] Neither of the others"""

KEPT = """\
Order these steps as written (they must not move):

- [x] Split the data first
- [ ] Then fit the scaler
- [ ] Then fit the model"""

# Each option's text, and whether it is right: written down here, not read by guidegen.
RIGHT = {
    "Mean squared error": False, "Binary cross-entropy": True, "Hinge loss": False, "None of the above": False,
    "The square function": True, "The sine function": False, "The exponential function": True,
    "The function log(x) on its domain": False, "Neither of the others": False,
    "Split the data first": True, "Then fit the scaler": False, "Then fit the model": False,
}
TITLES = {"Logistic loss": "loss", "Convex functions": "convex", "Kept in order": "kept", "Explain overfitting": "open"}
POINTS = {"loss": "2", "convex": "1.5", "kept": "1", "open": "3"}  # 7.5 in all


def _question(body: str, **extra) -> Question:
    """A question read by the real reader, from a file's bytes."""
    meta = "".join(f"{k}: {v}\n" for k, v in extra.items())
    text = question_file("q", "A question", "[ml]", "easy", body, "Because.", meta)
    problems: list = []
    question = read_question(Path("content/q.md"), text.encode(), None, problems)
    assert not problems, problems
    return question


def _problems(body: str, answer: str = "Because.", extra: str = "") -> list[str]:
    problems: list = []
    read_question(Path("content/q.md"), question_file("q", "A question", "[ml]", "easy", body, answer, extra).encode(), None, problems)
    return [str(p) for p in problems]


# -- parsing and checks (no TeX) --------------------------------------------------------------

def test_a_task_list_becomes_the_options_and_leaves_the_question_text():
    q = _question(LOSS)
    assert [o.markdown for o in q.options] == ["Mean squared error", "Binary cross-entropy", "Hinge loss", "None of the above"]
    assert [o.correct for o in q.options] == [False, True, False, False]
    # Front matter is lines 1-6; the question starts on line 7, its options on lines 9-12.
    assert [o.line for o in q.options] == [9, 10, 11, 12]
    assert "Mean squared" not in q.question_md and "[x]" not in q.question_md
    assert q.question_md.count("\n") == (LOSS + "\n").count("\n")  # lines blanked, not removed: later lines keep their numbers
    assert q.shuffle is True


def test_options_are_any_markdown_and_x_may_be_upper_case():
    q = _question("Pick:\n\n* [X] $a^2$ and **bold**\n* [ ] `code` with\n  a second line\n")
    assert [o.markdown for o in q.options] == ["$a^2$ and **bold**", "`code` with\na second line"]
    assert [o.correct for o in q.options] == [True, False]


def test_an_ordinary_list_or_a_partly_marked_one_is_not_a_list_of_options():
    assert _question("A list:\n\n- one\n- two\n").options == ()
    # A partly marked list is no list of options either: a warning names the unmarked
    # item, and the marker does not print (tests/test_failloud_choices.py).
    assert any(p.startswith("content/q.md:10: warning: this item has no [ ] or [x] marker")
               for p in _problems("Mixed:\n\n- [x] one\n- two\n"))
    assert _question("Code:\n\n```\n- [x] one\n- [ ] two\n```\n").options == ()


@pytest.mark.parametrize("body, answer, extra, expected", [
    ("Pick:\n\n- [ ] a\n- [ ] b\n", "Because.", "", "content/q.md:9: error: no option is marked right: mark the right option(s) with [x]"),
    ("Pick:\n\n- [x] a\n", "Because.", "", "content/q.md:9: error: a list of options needs at least two options (- [ ] ... and - [x] ...); "
                                        "with one, make it an open question"),
    ("Pick:\n\n- [x] Same  text\n- [ ] b\n- [ ] same text\n", "Because.", "",
     "content/q.md:11: error: option C is the same as option A: remove one or make them differ"),
    ("Pick one.", "Why:\n\n- [x] a\n- [ ] b", "", "content/q.md:13: error: a list of options ([ ] and [x]) belongs in the question part, "
                                                  "above '## Answer': move it there (the answer part is the explanation)"),
    ("Pick:\n\n- [x] a\n- [ ] b\n", "Because.", "points: 0.25\n", "content/q.md:6: error: 'points' must be a positive number such as 2 or 1.5"),
    ("Pick:\n\n- [x] a\n- [ ] b\n", "Because.", "points: -1\n", "content/q.md:6: error: 'points' must be a positive number such as 2 or 1.5"),
    ("Pick:\n\n- [x] a\n- [ ] b\n", "Because.", "shuffle: maybe\n", "content/q.md:6: error: 'shuffle' must be true or false, got 'maybe'"),
])
def test_bad_multiple_choice_is_told_at_its_line(body: str, answer: str, extra: str, expected: str):
    assert _problems(body, answer, extra) == [expected]  # that problem, and no other


def test_whole_and_half_points_and_shuffle_false_are_read():
    q = _question(LOSS, points=1.5, shuffle="false")
    assert q.points == 1.5 and q.shuffle is False


def test_a_second_list_of_options_is_refused():
    found = split_options("- [x] a\n- [ ] b\n\ntext\n\n- [x] c\n- [ ] d\n", Path("q.md"), 7, problems := [])
    assert len(found.options) == 2
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [(12, "a question has one list of options")]


# -- the order of the options per version (no TeX) -----------------------------------------------

def _mc(texts: list[str], shuffle: bool = True, qid: str = "q") -> Question:
    options = tuple(Option(t, i == 0, 10 + i) for i, t in enumerate(texts))
    return Question(qid, "T", ("ml",), "easy", "", "", Path("q.md"), 7, 20, options=options, shuffle=shuffle)


@pytest.mark.parametrize("text", ["None of the above", "none of the above", "All of the above", "ALL OF THESE",
                                  "Both A and B", "Neither of them", "*None* of the above"])
def test_options_about_the_others_are_recognised(text: str):
    assert refers_to_others(text)


@pytest.mark.parametrize("text", ["Nonetheless it converges", "All models are wrong", "Bothersome noise", "The None value"])
def test_ordinary_options_are_not_taken_for_ones_about_the_others(text: str):
    assert not refers_to_others(text)


def test_version_a_keeps_the_source_order_and_later_versions_move_options():
    q = _mc(["w", "x", "y", "z"])
    assert option_order(q, seed=5, version=0) == (0, 1, 2, 3)
    for version in range(1, 26):
        order = option_order(q, seed=5, version=version)
        assert sorted(order) == [0, 1, 2, 3] and order != (0, 1, 2, 3)
    assert option_order(q, 5, 3) == option_order(q, 5, 3)  # the same build, the same orders
    assert len({option_order(q, 5, v) for v in range(1, 26)}) > 5  # and versions differ from each other


def test_options_about_the_others_stay_last_in_source_order():
    q = _mc(["p", "All of the above", "r", "s", "t", "None of the above"])
    for version in range(1, 26):
        order = option_order(q, seed=1, version=version)
        assert order[-2:] == (1, 5)
        assert sorted(order[:-2]) == [0, 2, 3, 4]


def test_shuffle_false_keeps_the_order_as_written_in_every_version():
    q = _mc(["c", "a", "b"], shuffle=False)
    assert {option_order(q, 9, v) for v in range(26)} == {(0, 1, 2)}


def test_right_letters_follow_the_printed_order():
    q = _mc(["right", "b", "c"])  # the first option is the right one
    assert right_letters(q, (2, 0, 1)) == "B"
    assert right_letters(q, (0, 1, 2)) == "A"


def test_no_grader_for_an_unversioned_booklet_of_open_questions():
    from guidegen.model import Topic
    from guidegen.outputs.latex.grader import grader_key

    topic = Topic("ml", "ML")
    open_question = Question("o", "T", ("ml",), "easy", "Why?", "Because.", Path("o.md"), 7, 9, points=2.0)
    assert grader_key([("", [(topic, [open_question])])], seed=0) is None
    versioned = grader_key([("A", [(topic, [open_question])]), ("B", [(topic, [open_question])])], seed=0)
    assert [row.cells for row in versioned.rows] == [("2 pt", "2 pt")]
    chosen = grader_key([("", [(topic, [_mc(["right", "b"])])])], seed=0)
    assert [row.cells for row in chosen.rows] == [("A",)]


# -- Anki (no TeX) ------------------------------------------------------------------------------

def test_an_anki_card_letters_the_options_on_the_front_and_names_the_right_ones_on_the_back(tmp_path: Path):
    from guidegen.outputs.anki.writer import render_card

    q = _question(LOSS)
    card, problems = render_card(tmp_path, q)
    assert problems == []
    assert re.findall(r'<span class="letter">([A-Z])\.</span> ([^<]+)</li>', card.front) == [
        ("A", "Mean squared error"), ("B", "Binary cross-entropy"), ("C", "Hinge loss"), ("D", "None of the above")]
    assert "[x]" not in card.front and "Right" not in card.front
    assert card.back.startswith('<div class="right">Right: B</div>')


# -- built PDFs ---------------------------------------------------------------------------------

def quiz(root: Path) -> Path:
    files = {
        "ml/loss.md": question_file("loss", "Logistic loss", "[ml]", "easy", LOSS, "Cross-entropy is the Bernoulli negative log-likelihood.",
                                    "points: 2\n"),
        "ml/convex.md": question_file("convex", "Convex functions", "[ml]", "medium", CONVEX,
                                      "A twice-differentiable function is convex where its second derivative is non-negative.",
                                      "points: 1.5\n"),
        "stats/kept.md": question_file("kept", "Kept in order", "[stats]", "easy", KEPT, "Scaling after the split avoids a leak.",
                                       "points: 1\nshuffle: false\n"),
        "stats/open.md": question_file("open", "Explain overfitting", "[stats]", "hard", "Explain overfitting in two sentences.",
                                       "The model fits the noise of its training data.", "points: 3\n"),
    }
    return make_project(root, files, GUIDE)


@pytest.fixture(scope="module")
def quiz_project(tmp_path_factory) -> Path:
    return quiz(tmp_path_factory.mktemp("quiz"))


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return conftest.guidegen(project, *args, "--project", ".")


def text_lines(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return out.splitlines()


def sheet_orders(pdf: Path) -> dict[int, tuple[str, list[str]]]:
    """Question number -> (question id, its options' texts in the printed order, A first),
    read from the sheet's text: a title line "N Title", then lines "A. option"."""
    found: dict[int, tuple[str, list[str]]] = {}
    current = None
    for line in text_lines(pdf):
        heading = re.match(r"^\s*(\d+)\s+(.+?)\s{2,}", line + "  ")
        if heading and heading.group(2).strip() in TITLES:
            current = int(heading.group(1))
            found[current] = (TITLES[heading.group(2).strip()], [])
            continue
        option = re.match(r"^\s*([A-Z])\.\s+(.+?)\s*$", line)
        if option and current is not None:
            letters = found[current][1]
            assert option.group(1) == "ABCDEFGH"[len(letters)], line
            text = option.group(2)
            letters.append(next((known for known in RIGHT if text.startswith(known.split(" $")[0])), text))
    return {number: found[number] for number in found if found[number][1]}  # multiple choice only


def grader_rows(pdf: Path) -> dict[int, list[str]]:
    """Question number -> the cells of its row in the grader's key."""
    rows = {}
    for line in text_lines(pdf):
        match = re.match(r"^\s*(\d+)\s{2,}(.+?)\s*$", line)
        if match:
            rows[int(match.group(1))] = re.split(r"\s{2,}", match.group(2))
    return rows


@pytest.mark.tex
def test_three_versions_shuffle_options_and_the_grader_has_their_letters(quiz_project: Path, built):
    out = built(quiz_project, "--versions", "3", "--seed", "11")
    orders = {v: sheet_orders(out / f"guide-{v}-questions.pdf") for v in "ABC"}
    for version, found in orders.items():
        assert sorted(qid for qid, _ in found.values()) == ["convex", "kept", "loss"], (version, found)
        for qid, options in found.values():
            assert sorted(options) == sorted(t for t in RIGHT if any(t.startswith(o) or o.startswith(t) for o in options))
            if qid == "loss":
                assert options[-1] == "None of the above"
            if qid == "convex":
                assert options[-1] == "Neither of the others"
            if qid == "kept":
                assert options == ["Split the data first", "Then fit the scaler", "Then fit the model"]
    # Version A is as written; at least one later version moved the options of the question with five.
    convex = {v: next(o for qid, o in found.values() if qid == "convex") for v, found in orders.items()}
    assert convex["A"] == ["The square function", "The sine function", "The exponential function",
                           "The function log(x) on its domain", "Neither of the others"]
    assert convex["B"] != convex["A"] or convex["C"] != convex["A"]
    # The grader: a row per number, a column per version, the letters of the right options read
    # above and the question's points.
    rows = grader_rows(out / "guide-grader.pdf")
    assert sorted(rows) == [1, 2, 3, 4]
    for column, version in enumerate("ABC"):
        for number, (qid, options) in orders[version].items():
            expected = ", ".join("ABCDEFGH"[i] for i, text in enumerate(options) if RIGHT[text])
            assert rows[number][column] == f"{expected} · {POINTS[qid]} pt", (version, number, rows[number])
        open_number = ({1, 2, 3, 4} - set(orders[version])).pop()
        assert rows[open_number][column] == "3 pt"
    assert len(PdfReader(out / "guide-grader.pdf").pages) == 1


@pytest.mark.tex
def test_the_sheets_first_page_has_the_grading_table_and_titles_their_points(quiz_project: Path, built):
    out = built(quiz_project, "--versions", "3", "--seed", "11")
    for version in "ABC":
        first = pdf_pages(out / f"guide-{version}-questions.pdf")[0]
        table = re.search(r"Question 1 2 3 4 Total Points (\S+) (\S+) (\S+) (\S+) (\S+) Score", first)
        assert table, first
        assert table.group(5) == "7.5"
        sheet = " ".join(text_lines(out / f"guide-{version}-questions.pdf"))
        for title, qid in TITLES.items():
            word = "point" if POINTS[qid] == "1" else "points"
            # The difficulty, in small capitals, comes out letter-spaced ("h a r d").
            assert re.search(rf"{re.escape(title)}[a-z ]{{4,90}}·\s+{re.escape(POINTS[qid])} {word}\b", sheet), (title, sheet)
    # The total counts only what was drawn: two questions of the bank, their points and no others.
    drawn = built(quiz_project, "--id", "loss", "--id", "open")
    first = pdf_pages(drawn / "selection-questions.pdf")[0]
    assert re.search(r"Question 1 2 Total Points 2 3 5 Score", first), first


@pytest.mark.tex
def test_no_sheet_marks_a_right_option_and_every_key_does(quiz_project: Path, built):
    out = built(quiz_project, "--versions", "3", "--seed", "11")
    sheets = sorted(out.glob("*-questions.pdf"))
    assert len(sheets) == 3
    for sheet in sheets:
        tex = (out / ".work" / sheet.with_suffix(".tex").name).read_text("utf-8")
        text = " ".join(text_lines(sheet))
        for mark in ("\\ggoptionright", "\\checkmark", "[x]", "[X]", "\\ggrightoptions", "Right:"):
            assert mark not in tex, (sheet.name, mark)
        assert "Right:" not in text and "\u2713" not in text and "[x]" not in text
        assert tex.count("\\ggoption{") == 12  # every option, each the same way
        key = sheet.with_name(sheet.name.replace("questions", "answers"))
        key_tex = (out / ".work" / key.with_suffix(".tex").name).read_text("utf-8")
        assert key_tex.count("\\ggoptionright{") == 4  # loss 1, convex 2, kept 1: the check can fail
        assert "Right: " in " ".join(text_lines(key))


@pytest.mark.tex
def test_sheet_and_key_still_start_each_question_on_the_same_page(tmp_path: Path, build_once):
    # Enough questions (the quiz three times over) to fill several pages. Each asks for
    # writing room (answer_space:): without, a question with options has none, and the
    # sheet keeps its own, fewer pages (tests/test_quiz_print.py).
    files = {}
    for copy in range(3):
        for name, body, points in (("loss", LOSS, 2), ("convex", CONVEX, 1.5)):
            files[f"ml/{name}{copy}.md"] = question_file(f"{name}-{copy}", f"{name.title()} {copy}", "[ml]", "easy", body,
                                                         "An explanation of a few words.\n\n" * (copy + 1),
                                                         f"points: {points}\nanswer_space: lines\n")
    project = make_project(tmp_path, files, GUIDE)
    result = build_once(project, "--versions", "2", "--seed", "4")
    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stderr
    for version in "AB":
        sheet, key = result.out / f"guide-{version}-questions.pdf", result.out / f"guide-{version}-answers.pdf"
        titles = {f"{n.title()} {c}": f"{n}-{c}" for n in ("loss", "convex") for c in range(3)}

        def pages(pdf: Path) -> dict[str, int]:
            found = {}
            for index, page in enumerate(PdfReader(pdf).pages):
                text = " ".join((page.extract_text() or "").split())
                for title, qid in titles.items():
                    if title in text and qid not in found:
                        found[qid] = index
            return found
        assert len(pages(sheet)) == 6 and pages(sheet) == pages(key)
        assert len(PdfReader(sheet).pages) == len(PdfReader(key).pages) > 2


@pytest.mark.tex
@pytest.mark.parametrize("args", [["--key", "end"], ["--paper", "letter"], ["--large-print"], ["--imposition", "booklet"]],
                         ids=lambda a: a[-1] if a[-1] != "--large-print" else "large-print")
def test_layouts_build_with_multiple_choice(quiz_project: Path, build_once, args: list[str]):
    result = build_once(quiz_project, *args)
    assert result.returncode == 0, result.stderr
    sheet = result.out / "guide-questions.pdf"
    text = " ".join(text_lines(sheet))
    assert "Binary cross-entropy" in text and "Right:" not in text
    assert "Total" in text and "7.5" in text
    assert (result.out / "guide-grader.pdf").is_file()  # multiple choice: a grader's key even without versions
    for log in (result.out / ".work").glob("guide-*.log"):
        assert "Overfull" not in log.read_text("utf-8", "replace"), log.name
    if "--paper" in args:
        width = float(PdfReader(sheet).pages[0].mediabox.width)
        assert abs(width - 612) < 1


def test_check_reports_every_multiple_choice_problem_at_once(tmp_path: Path):
    files = {
        "ml/none.md": question_file("none", "None right", "[ml]", "easy", "Pick:\n\n- [ ] a\n- [ ] b", "Because."),
        "ml/answer.md": question_file("answer", "Options below", "[ml]", "easy", "Pick one.", "- [x] a\n- [ ] b"),
        "ml/points.md": question_file("points", "Odd points", "[ml]", "easy", LOSS, "Because.", "points: 1.25\n"),
    }
    result = run(make_project(tmp_path, files, GUIDE), "check")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert any(re.match(r"^content/ml/none\.md:9: error: no option is marked right", line) for line in lines), lines
    assert any(re.match(r"^content/ml/answer\.md:11: error: a list of options", line) for line in lines), lines
    assert any(re.match(r"^content/ml/points\.md:6: error: 'points' must be", line) for line in lines), lines
    assert "Traceback" not in result.stderr


@pytest.mark.tex
def test_the_grader_key_of_thirty_questions_in_four_versions_is_one_page(tmp_path: Path):
    from guidegen.model import Guide, Layout, Topic
    from guidegen.outputs.latex.grader import grader_key, render_grader

    topic = Topic("ml", "ML")
    questions = [_mc(["right", "b", "c", "d", "None of the above"], qid=f"q{n}") if n % 3 else
                 Question(f"q{n}", "T", ("ml",), "easy", "Why?", "Because.", Path("o.md"), 7, 9, points=2.0) for n in range(30)]
    orders = [(v, [(topic, questions[i:] + questions[:i])]) for i, v in enumerate("ABCD")]
    tex = render_grader(grader_key(orders, seed=3), Guide("Quiz", (topic,)), Layout(paper="a4"), tmp_path)
    (tmp_path / "grader.tex").write_text(tex, "utf-8")
    subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "grader.tex"], cwd=tmp_path,
                   capture_output=True, check=True)
    assert len(PdfReader(tmp_path / "grader.pdf").pages) == 1
    rows = grader_rows(tmp_path / "grader.pdf")
    assert sorted(rows) == list(range(1, 31)) and all(len(cells) == 4 for cells in rows.values())
    # Row 1: version A opens with q0 (open, 2 points), B with q1 and C with q2 (multiple choice,
    # one right option, never the last: "None of the above" stays there), D with q3 (open).
    assert rows[1][0] == rows[1][3] == "2 pt"
    assert rows[1][1] in ("A", "B", "C", "D") and rows[1][2] in ("A", "B", "C", "D")
    assert "Overfull" not in (tmp_path / "grader.log").read_text("utf-8", "replace")


def test_a_project_question_template_that_drops_the_options_is_refused(tmp_path: Path):
    project = quiz(tmp_path)
    (project / "templates").mkdir()
    (project / "templates" / "question.tex.j2").write_text(  # an override written before multiple choice
        "\\ggquestion{((( entry.number )))}{((( entry.title_tex )))}{((( entry.question.difficulty )))}"
        "{((( entry.question.id )))}{((( entry.title_pdf )))}\n((( entry.question_tex )))\n", "utf-8")
    result = run(project, "check")
    assert result.returncode != 0
    assert re.search(r"^templates/question\.tex\.j2:1: error: options\.tex\.j2 .* must set each option", result.stderr, re.MULTILINE), result.stderr
