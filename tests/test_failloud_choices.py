"""Fail loud on multiple choice (issue 28, items 1 and 2).

1. A `[ ]`/`[x]` marker, or what looks like one, that does not make an option (a task
   list nested under an item or inside a quote, an item without a marker, `[-]`, `[*]`,
   `[xx]`, `[x]` without a space, a marker outside a list, in a table's cell, in an HTML
   list, or a second one at the start of an option's text) is named at
   its `path:line` as a warning (an error under `--strict`) and never prints: no sheet shows
   which option was meant to be right. A numbered task list is a list of options.
2. Options that name other options by letter ("Both A and B", "all of A–C") keep their
   order in every version, with a warning saying why and how to silence it; the grader's
   key gives the letter the sheet prints.

The sheets are built once for the module (three versions) and read back with pdftotext."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import make_project, question_file

from guidegen.cli import main
from guidegen.load.reader import read_question

GUIDE = "title: Fail Loud Quiz\ntopics:\n  - slug: t\n    name: Topic\n"

# name -> (question part, the 1-based line in the question part of the warning, its start)
STRAYS = {
    "nested": ("Which one holds?\n\n- Pick one:\n  - [ ] nestedwrong\n  - [x] nestedright", 4,
               "this list has [ ] and [x] markers but is inside another list's item"),
    "quote": ("Which one holds?\n\n> - [ ] quotewrong\n> - [x] quoteright", 3,
              "this list has [ ] and [x] markers but is inside a quote"),
    "nomark": ("Which one holds?\n\n- [ ] nomarkwrong\n- [x] nomarkright\n- nomarkother", 5,
               "this item has no [ ] or [x] marker"),
    "dash": ("Which one holds?\n\n- [ ] dashwrong\n- [x] dashright\n- [-] dashother", 5,
             "'[-]' is not an option marker"),
    "star": ("Which one holds?\n\n- [ ] starwrong\n- [*] starright", 4, "'[*]' is not an option marker"),
    "double": ("Which one holds?\n\n- [ ] doublewrong\n- [xx] doubleright", 4, "'[xx]' is not an option marker"),
    "nospace": ("Which one holds?\n\n- [ ] nospacewrong\n- [x]nospaceright", 4, "'[x]' needs a space after it"),
    "paragraph": ("Which one holds?\n\n[ ] paragraphwrong\n[x] paragraphright", 3,
                  "'[ ]' at the start of a line that is not a list item"),
    "cell": ("Which one holds?\n\n| mark | option |\n|---|---|\n| [x] | cellright |\n| [ ] | cellwrong |", 5,
             "'[x]' in a table's cell is not an option marker"),
    "html": ("Which one holds?\n\n<ul>\n<li>[ ] htmlwrong</li>\n<li>[x] htmlright</li>\n</ul>", 4,
             "'[ ]' in an HTML list item or cell is not an option marker"),
    "twice": ("Which one holds?\n\n- [ ] twicewrong\n- [x] [x] twiceright", 4,
              "option B's text starts with another marker, '[x]'"),
    "suboption": ("Which one holds?\n\n- [ ] suboptionwrong\n  - [x] suboptionsub\n- [x] suboptionright", 4,
                  "this list has [ ] and [x] markers but is inside another list's item"),
}
# Only without TeX: a lazy line inside an option, and ballot boxes (which need a font).
MORE = {
    "lazy": ("Which one holds?\n\n- [ ] lazywrong\n[x] lazyright\n- [x] lazyother", 4,
             "'[x]' at the start of a line that is not a list item"),
    "ballot": ("Which one holds?\n\n- \u2610 ballotwrong\n- \u2611 ballotright", 3, "'\u2610' is not an option marker"),
    "ordered-nested": ("Which one holds?\n\n1. Pick one:\n   1. [ ] a\n   2. [x] b", 4,
                       "this list has [ ] and [x] markers but is inside another list's item"),
}
FRONT = 6  # lines of front matter question_file writes: the question part starts on line 7
MARKS = re.compile(r"\[\s*[xX*\-]{0,2}\s*\]|[\u2610\u2611\u2612\u2713\u2714]")

LETTERS = """\
Which summary of a sample is moved by one outlier?

- [ ] The arithmetic mean only
- [ ] The middle median only
- [ ] The common mode only
- [x] Both A and B"""
LETTER_TEXTS = ["The arithmetic mean only", "The middle median only", "The common mode only", "Both A and B"]
PLAIN = """\
Which of these is a loss function?

- [ ] The learning rate
- [x] The hinge loss
- [ ] The batch size
- [ ] The momentum"""


def _read(body: str, answer: str = "Because.", extra: str = ""):
    problems: list = []
    question = read_question(Path("content/q.md"), question_file("q", "Q", "[t]", "easy", body, answer, extra).encode(),
                             None, problems)
    return question, [str(p) for p in problems]


# -- item 1, without TeX ----------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted({**STRAYS, **MORE}))
def test_a_marker_that_makes_no_option_is_named_and_left_out(name: str):
    body, line, message = {**STRAYS, **MORE}[name]
    question, problems = _read(body)
    assert f"content/q.md:{FRONT + line}: warning: {message}" in "\n".join(problems), problems
    assert question is not None
    shown = question.question_md + "".join(o.markdown for o in question.options)
    assert not MARKS.search(shown), shown
    assert (name if name in body else "Pick one") in shown  # the text around the marker stays


def test_a_numbered_task_list_is_a_list_of_options():
    question, problems = _read("Which one holds?\n\n1. [ ] orderedwrong\n2. [x] orderedright\n3) [ ] orderedother")
    # "3)" starts a list of its own: a second list of options, refused.
    assert any("a question has one list of options" in p for p in problems), problems
    question, problems = _read("Which one holds?\n\n1. [ ] orderedwrong\n2. [x] orderedright")
    assert problems == []
    assert [(o.markdown, o.correct, o.line) for o in question.options] == [
        ("orderedwrong", False, 9), ("orderedright", True, 10)]
    assert "ordered" not in question.question_md


def test_a_task_list_in_the_answer_part_is_still_refused_numbered_too():
    _, problems = _read("Pick one.", "Why:\n\n1. [x] a\n2. [ ] b")
    assert any(p.startswith("content/q.md:13: error: a list of options ([ ] and [x]) belongs in the question part")
               for p in problems), problems


# Brackets that are no marker: a link, a reference, an escaped bracket, code.
NOT_MARKERS = ("See [x](https://example.org):\n\n- [1] a reference\n- \\[x] escaped\n- `[x]` code\n- [a][b]\n\n"
               "[b]: https://example.org")


def test_check_names_each_stray_marker_and_strict_refuses(tmp_path: Path):
    files = {f"{name}.md": question_file(name, name.title(), "[t]", "easy", body, "Because.")
             for name, (body, _, _) in STRAYS.items()}
    files["links.md"] = question_file("links", "Links", "[t]", "easy", NOT_MARKERS, "Because.")
    project = make_project(tmp_path, files, GUIDE)
    result = CliRunner().invoke(main, ["check", "--project", str(project)])
    assert result.exit_code == 0, result.output
    assert "links.md" not in result.output  # and only those
    question, problems = _read(NOT_MARKERS)
    assert problems == [] and question.options == ()
    assert "[1] a reference" in question.question_md and "\\[x] escaped" in question.question_md
    for name, (_, line, message) in STRAYS.items():
        assert re.search(rf"content/{name}\.md:{FRONT + line}: warning: {re.escape(message)}", result.output), (name, result.output)
    strict = CliRunner().invoke(main, ["check", "--strict", "--project", str(project)])
    assert strict.exit_code != 0 and "Traceback" not in strict.output


def test_an_anki_card_never_shows_a_stray_marker(tmp_path: Path):
    from guidegen.outputs.anki.writer import render_card

    for name, (body, _, _) in {**STRAYS, **MORE}.items():
        question, _ = _read(body)
        card, _ = render_card(tmp_path, question)
        assert not MARKS.search(re.sub(r"<[^>]+>", " ", card.front)), (name, card.front)


# -- item 2, without TeX ----------------------------------------------------------------------

@pytest.mark.parametrize("option, shown", [
    ("Both A and B", "Both A and B"), ("Both D and E", "Both D and E"), ("All of A\u2013C", "A\u2013C"),
    ("Options A, C and D", "Options A, C and D"), ("Neither A nor B", "Neither A nor B"), ("**A** and **C**", "A and C"),
])
def test_options_that_name_others_keep_their_order_with_a_warning(option: str, shown: str):
    body = "Pick:\n\n- [ ] w\n- [ ] x\n- [ ] y\n- [ ] z\n- [x] " + option
    question, problems = _read(body)
    assert question.shuffle is False
    assert any(p.startswith(f"content/q.md:{FRONT + 7}: warning: '{shown}' names options by their letters") and
               "shuffle: false" in p for p in problems), problems


def test_an_explanation_that_names_a_letter_keeps_the_order_too_and_only_letters_do():
    question, problems = _read(PLAIN, "B is right: the hinge loss is what a support vector machine minimises.")
    assert question.shuffle is False
    assert any(p.startswith("content/q.md:16: warning: 'B is right' names options by their letters") for p in problems), problems
    # 'shuffle: false' silences it; letters in math, and options that name nothing, still shuffle.
    question, problems = _read(LETTERS, extra="shuffle: false\n")
    assert question.shuffle is False and problems == []
    question, problems = _read("Pick:\n\n- [x] $A$ and $B$ are independent\n- [ ] $A$ causes $B$\n- [ ] Neither")
    assert question.shuffle is True and problems == []
    question, problems = _read(PLAIN, "The hinge loss is a loss; A/B testing is not one.")
    assert question.shuffle is True and problems == []




# -- built sheets, three versions -------------------------------------------------------------

@pytest.fixture(scope="module")
def quiz(tmp_path_factory) -> Path:
    files = {f"stray/{name}.md": question_file(name, f"Stray {name}", "[t]", "easy", body, f"The {name} explanation.")
             for name, (body, _, _) in STRAYS.items()}
    files["stray/ordered.md"] = question_file("ordered", "Stray ordered", "[t]", "easy",
                                              "Which one holds?\n\n1. [ ] orderedwrong\n2. [x] orderedright\n3. [ ] orderedother",
                                              "The ordered explanation.")
    files["letters.md"] = question_file("letters", "Letters named", "[t]", "easy", LETTERS, "One outlier moves the mean.")
    files["plain.md"] = question_file("plain", "Plain options", "[t]", "easy", PLAIN, "The hinge loss is a loss.")
    return make_project(tmp_path_factory.mktemp("failloud-choices"), files, GUIDE)


def _lines(pdf: Path) -> list[str]:
    import subprocess

    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.splitlines()


def _is_title(line: str, title: str) -> bool:
    """Whether `line` is the heading "N Title ... difficulty" of a question (not its contents line)."""
    return bool(re.match(rf"^\s*\d+\s+{re.escape(title)}\s{{2,}}\S", line)) and ". . ." not in line


def _options_of(lines: list[str], title: str) -> list[str]:
    """The option lines ("A. text") printed under the question titled `title`."""
    start = next(i for i, line in enumerate(lines) if _is_title(line, title))
    found = []
    for line in lines[start + 1:]:
        match = re.match(r"^\s*([A-Z])\.\s+(.+?)\s*$", line)
        if match:
            found.append((match.group(1), match.group(2)))
        elif re.match(r"^\s*\d+\s+\S", line) and found:
            break
    return found


@pytest.mark.tex
def test_no_sheet_shows_a_marker_and_every_sheet_shows_the_text(quiz: Path, built):
    out = built(quiz, "--versions", "3", "--seed", "11")
    sheets = sorted(out.glob("*-questions.pdf"))
    assert len(sheets) == 3
    for sheet in sheets:
        text = "\n".join(_lines(sheet))
        assert not MARKS.search(text), (sheet.name, MARKS.findall(text))
        for name in [*STRAYS, "ordered"]:
            assert f"{name}right" in text or f"{name}sub" in text, (sheet.name, name)  # the check can fail
        assert "explanation" not in text
    # The numbered task list is a list of options, lettered on the sheet.
    assert [text for _, text in _options_of(_lines(out / "guide-A-questions.pdf"), "Stray ordered")] == [
        "orderedwrong", "orderedright", "orderedother"]


@pytest.mark.tex
def test_letters_that_name_options_point_at_the_same_options_in_every_version(quiz: Path, built):
    out = built(quiz, "--versions", "3", "--seed", "11")
    plain_orders = set()
    for version in "ABC":
        lines = _lines(out / f"guide-{version}-questions.pdf")
        letters = _options_of(lines, "Letters named")
        assert [text for _, text in letters] == LETTER_TEXTS, (version, letters)
        assert [letter for letter, _ in letters] == ["A", "B", "C", "D"]
        plain_orders.add(tuple(text for _, text in _options_of(lines, "Plain options")))
    assert len(plain_orders) > 1  # the question whose options name nothing is still shuffled
    # The grader's key: "Both A and B" is D in every version (versions also order the questions).
    grader = {re.match(r"^\s*(\d+)\s", line).group(1): re.split(r"\s{2,}", line.strip())[1:]
              for line in _lines(out / "guide-grader.pdf") if re.match(r"^\s*\d+\s{2,}\S", line)}
    for column, version in enumerate("ABC"):
        sheet = _lines(out / f"guide-{version}-questions.pdf")
        number = next(re.match(r"^\s*(\d+)\s", line).group(1) for line in sheet if _is_title(line, "Letters named"))
        assert grader[number][column] == "D", (version, number, grader)
