"""Input of any size or depth gives a PDF or a `path:line: ...` problem: never a Python
traceback, a raw TeX capacity error or minutes of LaTeX.

- Escaping is linear, and what goes into PDF bookmarks is bounded (hyperref's
  \\pdfstringdef is quadratic: a 4,000-character title used to take minutes).
- Generated LaTeX lines stay short (TeX reads a line into a 200,000-byte buffer), long
  words may break, long lists are set as several lists.
- Nesting, link addresses, table columns and paragraph sizes have limits that `check`
  reports. Big inputs are generated here, never kept in git."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import guidegen, make_project, pdftotext, squash
from guidegen.outputs.latex.convert import convert, convert_inline
from guidegen.outputs.latex.texescape import LINE, PDF_TEXT, break_lines, escape_text, escape_words, plain_text

SPECIALS = "\\{}%#"
SPECIALS_TEX = r"\textbackslash{}\{\}\%\#"
LONGEST_LINE = LINE + 100  # a line is broken at the first safe place after LINE characters


def lines_are_short(latex: str) -> bool:
    return max(len(line) for line in latex.split("\n")) <= LONGEST_LINE


def unbroken(latex: str) -> str:
    """The LaTeX without the line breaks and word breaks that the limits add."""
    return latex.replace("%\n", "").replace("\\allowbreak{}", "")


# -- escaping ----------------------------------------------------------------------------------

def test_escaping_short_text_is_exact():
    assert escape_text(SPECIALS) == SPECIALS_TEX
    assert plain_text(SPECIALS) == SPECIALS_TEX
    assert escape_text("a\\{é α}") == r"a\textbackslash{}\{é \ensuremath{\alpha}\}"
    assert escape_text("state-of-the-art") == "state{-}of{-}the{-}art"  # short words are left alone


@pytest.mark.parametrize("unit", [SPECIALS, "ab\\{}%#é α x "], ids=["specials", "mixed"])
def test_escaping_200000_characters_is_linear_and_bounded(unit: str):
    text = unit * (200_000 // len(unit))
    latex = escape_text(text)
    assert lines_are_short(latex)
    # The text in full; PDF bookmarks get its start only.
    assert unbroken(latex) == "\\texorpdfstring{" + escape_text(unit) * (200_000 // len(unit)) + "}{" + plain_text(text) + "}"
    assert plain_text(text) == plain_text(text[:PDF_TEXT - 3].rstrip()) + "..."


def test_a_long_word_breaks_every_few_characters_with_dashes_kept_whole():
    latex = escape_words("a-b" * 20)
    assert "\\allowbreak{}" in latex and "-" not in latex.replace("\\mbox{-}", "")
    assert unbroken(latex).replace("\\mbox{-}", "-") == "a-b" * 20


def test_broken_lines_hold_the_same_tokens():
    source = ("Text \\textbf{bold} \\% 50\\\\ $x$ \\ \\ code " * 200 + "\\href{https://e.org/" + "a%25" * 600 + "}{label}"
              + " word" * 300 + " % a comment " + "x" * 3000)
    latex = break_lines(source)
    assert latex.replace("%\n", "") == source
    for before, after in re.findall(r"(.)%\n(.)", latex):
        assert not before.isalpha() and before not in "\\^", (before, after)
        assert not after.isspace() or before == " ", (before, after)
    assert "\n" not in re.search(r"\\href\{[^}]*\}", latex).group()  # the URL stays whole
    assert latex.endswith("% a comment " + "x" * 3000)  # nothing after a comment is moved to a line of its own


# -- nesting -------------------------------------------------------------------------------------

NESTED = {
    "stars": lambda n: "*" * n + "x" + "*" * n,
    "underscores": lambda n: "_" * n + "x" + "_" * n,
    "mixed": lambda n: "".join("*a _b " for _ in range(n // 2)) + "x" + "".join(" b_ a*" for _ in range(n // 2)),
    "bold": lambda n: "**" * n + "x" + "**" * n,
}


@pytest.mark.parametrize("depth", [500, 10_000])
@pytest.mark.parametrize("kind", sorted(NESTED))
def test_deep_emphasis_is_a_problem_not_a_recursion_error(kind: str, depth: int):
    text = NESTED[kind](depth)
    message = ("emphasis, bold, links and images are nested more than 10 deep; "
               "remove some of the * and _ markers or brackets")
    body = convert("Intro.\n\nFine *text*.\n" + text, Path("q.md"), 7)
    assert [(p.line, p.message) for p in body.problems] == [(10, message)]
    title = convert_inline(NESTED[kind](300), Path("q.md"), 3)  # a title has at most 2,000 characters
    assert [(p.line, p.message) for p in title.problems] == [(3, message)]
    assert len(convert_inline(text, Path("q.md"), 3).problems) == 1


def test_emphasis_ten_deep_is_fine():
    text = "".join(f"*a{i} **b{i} " for i in range(5)) + "x" + "".join(f" b{i}** a{i}*" for i in range(5))
    result = convert(text, Path("q.md"), 1)
    assert result.problems == [] and result.latex.count("\\emph{") == 5 and result.latex.count("\\textbf{") == 5


@pytest.mark.parametrize("depth", [500, 10_000])
@pytest.mark.parametrize("markdown", [lambda n: "> " * n + "x", lambda n: "- " * n + "x", lambda n: "1. " * n + "x",
                                      lambda n: "> - " * n + "x"], ids=["quotes", "bullets", "numbers", "mixed"])
def test_deep_lists_and_quotes_are_a_problem(markdown, depth: int):
    result = convert(markdown(depth), Path("q.md"), 7)
    assert [(p.line, p.message) for p in result.problems] == [(7, "lists and quotes are nested more than 4 deep; flatten them")]
    assert convert_inline(markdown(400), Path("q.md"), 3).problems == []  # a title is one line of text


# -- sizes -----------------------------------------------------------------------------------------

def test_long_lines_words_and_code_are_broken():
    word = "y" * 90_000
    words = " ".join(["lorem", "ipsum", "dolor"] * 15_000)[:90_000]
    code = "x" * 90_000
    for markdown in (word, words, f"```\n{code}\n```", "`" + code + "`", "\\_" * 45_000):
        result = convert(markdown, Path("q.md"), 1)
        assert result.problems == [] and lines_are_short(result.latex)
    breaks = convert(word, Path("q.md"), 1).latex.replace("%\n", "").count("\\allowbreak{}")
    assert breaks == 90_000 // 8 - 1  # a break every 8 characters
    escapes = convert("\\_" * 45_000, Path("q.md"), 1).latex.replace("%\n", "")
    assert escapes.count("\\allowbreak{}") == -(-45_000 // 8) - 1  # "\\_" are separate tokens, but one word


def test_a_long_title_stays_on_one_line_and_its_bookmark_is_bounded():
    title = "\\\\{}%#" * (2_000 // 6)  # Markdown: "\\\\" is one backslash
    result = convert_inline(title, Path("q.md"), 3)
    assert result.problems == [] and "\n" not in result.latex  # the \ggquestion line holds the whole title
    assert unbroken(result.latex) == SPECIALS_TEX * (2_000 // 6)
    assert len(plain_text(title)) < 10 * PDF_TEXT


@pytest.mark.parametrize("markdown, message", [
    ("x " * 60_000, "this paragraph is 119,999 characters long; at most 100,000 are allowed: split it with blank lines"),
    ("```\n" + "x = 1\n" * 20_000 + "```", "this code block is 120,000 characters long; at most 100,000 are allowed: "
                                           "split it into several"),
    ("# " + "h" * 100_001, "this heading is 100,001 characters long; at most 100,000 are allowed: shorten it"),
    ("|a|b|\n|-|-|\n" + "|xxxxxxxxxx|y|\n" * 10_000, "this table is 110,002 characters long; at most 100,000 "
                                                      "are allowed: split it into several"),
    ("See <https://e.org/" + "a" * 50_000 + ">.", "link address 'https://e.org/aaaaaaaaaaaaaaaaaaaaaaaaa…' is 50,014 "
                                                   "characters long; at most 2,000 are allowed: link to a shorter address"),
    ("|" + "a|" * 500 + "\n|" + "-|" * 500 + "\n|" + "1|" * 500, "the table has 500 columns; at most 20 fit "
                                                                  "across a page: split it into narrower tables or make it a list"),
], ids=["paragraph", "code", "heading", "table-size", "url", "table-columns"])
def test_too_big_is_a_problem_at_its_line(markdown: str, message: str):
    result = convert("Intro.\n\n" + markdown, Path("q.md"), 7)
    assert [(p.line, p.message) for p in result.problems] == [(9, message)]


def test_a_title_beyond_its_limit_is_a_problem():
    result = convert_inline("t" * 2_001, Path("q.md"), 3)
    assert [(p.line, p.message) for p in result.problems] == [
        (3, "the title is 2,001 characters long; at most 2,000 are allowed: shorten it")]


def test_a_long_list_is_set_as_several_numbered_on():
    latex = convert("".join(f"{i + 7}. item\n" for i in range(1_001)), Path("q.md"), 1).latex
    assert re.findall(r"\\(begin|end)\{enumerate\}(\[start=\d+\])?", latex) == [
        ("begin", "[start=7]"), ("end", ""), ("begin", "[start=507]"), ("end", ""),
        ("begin", "[start=1007]"), ("end", "")]
    assert latex.count("\\item ") == 1_001


# -- the command line, with LaTeX ------------------------------------------------------------

GUIDE = "title: '{title}'\ntopics:\n  - slug: stats\n    name: '{title}'\n"


def question(body: str, title: str = "A question", answer: str = "A.") -> str:
    return f"---\nid: q\ntitle: '{title}'\ntopics: [stats]\ndifficulty: easy\n---\n{body}\n\n## Answer\n\n{answer}\n"


def test_check_reports_a_huge_paragraph_with_its_line(tmp_path: Path):
    project = make_project(tmp_path, {"q.md": question("Intro.\n\n" + "word " * 180_000)}, GUIDE.format(title="Stats"))
    result = guidegen(project, "check")
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/q.md:9: error: this paragraph is 899,999 characters long; at most 100,000 are allowed: split it with blank lines",
        "Error: 1 problem found; nothing was written."]


@pytest.mark.tex
def test_big_inputs_typeset(tmp_path: Path):
    """Everything just inside the limits builds: a title of 2,000 specials, a guide title
    and topic name of 4,000 (its bookmark used to take minutes), a 90,000-character
    word, code line and one-line paragraph, a 20-column table and a list of 1,200 items.
    The big body is the answer, which only the key prints (as the question it was set
    twice, 95 pages in each PDF); the titles are in both."""
    long_title = SPECIALS.replace("\\", "\\\\") * (2_000 // 6)  # Markdown reads "\\" as one backslash
    body = "\n\n".join([
        "WORD" + "y" * 90_000,
        "```\nCODE" + "x" * 90_000 + "\n```",
        "LINE " + " ".join(["lorem", "ipsum", "dolor"] * 15_000)[:90_000],
        "|" + "".join(f" c{i} |" for i in range(20)) + "\n|" + "---|" * 20 + "\n|"
        + " 1 |" * 20,
        "".join(f"- item {i}\n" for i in range(1_200)),
    ])
    project = make_project(tmp_path, {"q.md": question("ASKED big inputs.", long_title, answer=body)},
                           GUIDE.format(title=SPECIALS * 800))
    result = guidegen(project, "build", "--no-page-match", "-q")
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 0, result.stderr
    shown = squash(pdftotext(project / "build" / "guide-answers.pdf"))
    for needle in ("ASKEDbiginputs", "WORDyyyyyyyy", "CODExxxxxxxx", "LINElorem", "c19", "item1199", SPECIALS * 10):
        assert needle in shown, needle
    sheet = squash(pdftotext(project / "build" / "guide-questions.pdf"))
    assert "ASKEDbiginputs" in sheet and SPECIALS * 10 in sheet and "WORDyyyyyyyy" not in sheet


@pytest.mark.tex
def test_nesting_just_inside_the_limits_typesets(tmp_path: Path):
    """20 \\left…\\right pairs inside one another, inside 39 braces, and 10 HTML formatting
    tags inside 9 Markdown emphases: all TeX groups at once, under TeX's 255 (the 21st
    \\left and the 11th tag are `check` problems: tests/bad/)."""
    formula = "{" * 39 + "\\left(" * 20 + "x" + "\\right)" * 20 + "}" * 39
    html = "*" * 9 + "<b><i>" * 5 + "DEEP" + "</i></b>" * 5 + "*" * 9
    project = make_project(tmp_path, {"q.md": question(f"Why ${formula}$ and {html}?")}, GUIDE.format(title="Nesting"))
    result = guidegen(project, "build", "-q")
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 0, result.stderr
    assert "DEEP" in pdftotext(project / "build" / "guide-questions.pdf")
    assert check_math_depth_problems(formula + "\\left(x\\right)") == []
    deeper = "\\left(" * 21 + "x" + "\\right)" * 21
    assert check_math_depth_problems(deeper) == ["\\left…\\right pairs are nested more than 20 deep; close some of them, "
                                                 "or size the outer delimiters with \\big( \\Big( \\bigg("]


def check_math_depth_problems(formula: str) -> list[str]:
    from guidegen.content.mathcheck import MathError, check_math

    try:
        check_math(formula)
    except MathError as exc:
        return [str(exc)]
    return []


@pytest.mark.tex
def test_a_thousand_one_line_paragraphs_build_page_matched(tmp_path: Path):
    """Each is short, but together they are taller than the largest box TeX can measure
    (5.76 m): such an answer (or question) is set as breakable text, not boxed, and the
    pages still match. It used to stop the build with "Dimension too large"."""
    asked = "\n\n".join(f"Asked {i}." for i in range(400))
    answered = "\n\n".join(f"Line {i}." for i in range(1_000))
    text = f"---\nid: q\ntitle: Tall\ntopics: [stats]\ndifficulty: easy\n---\n{asked}\n\n## Answer\n\n{answered}\n"
    project = make_project(tmp_path, {"q.md": text}, GUIDE.format(title="Stats"))
    assert guidegen(project, "check").returncode == 0
    result = guidegen(project, "build", "-q")
    assert result.returncode == 0, result.stderr
    key, sheet = pdftotext(project / "build" / "guide-answers.pdf"), pdftotext(project / "build" / "guide-questions.pdf")
    assert "Line 999." in key and "Asked 399." in sheet and "Line 999." not in sheet
    from pypdf import PdfReader

    assert len(PdfReader(project / "build" / "guide-answers.pdf").pages) == len(PdfReader(project / "build" / "guide-questions.pdf").pages)
