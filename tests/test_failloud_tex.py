"""What `check` accepts, TeX prints (issue 28): deep indentation and long lines of code,
\\substack rows; and a math error quotes the environment it is in."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import make_project, pdftotext, question_file, squash

from guidegen.cli import main
from guidegen.content.mathcheck import MathError
from guidegen.outputs.latex.mathlatex import display_to_latex

GUIDE = "title: Code\ntopics:\n  - slug: u\n    name: Code\n"


def _check(project: Path):
    return CliRunner().invoke(main, ["check", "--project", str(project)], catch_exceptions=False)


def _one(body: str) -> dict[str, str]:
    return {"q.md": question_file("q", "Q", "[u]", "easy", body, "This.")}


# -- lines of code --------------------------------------------------------------------------

def test_a_line_of_code_too_long_to_print_is_an_error_at_its_line(tmp_path: Path):
    # 45,000 spaces in one line of code exhausted TeX's memory after check said OK.
    body = "Intro.\n\n```python\nok = 1\n" + "a " * 45_000 + "\n```\n\n    indented\n    " + "f(x, " * 7_000
    result = _check(make_project(tmp_path, _one(body), GUIDE))
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if ": error: " in line]
    assert len(lines) == 2, result.output
    assert lines[0].endswith("content/q.md:11: error: this line of code is too long to print: 90,000 characters with "
                             "54,000 places to wrap (spaces, punctuation, every 10 characters); TeX holds at most "
                             "20,000 in one line: break it into shorter lines")
    assert "content/q.md:15: error: this line of code is too long to print: 35,000 characters with 24,500 places" in lines[1]


# Each printed in one shared build: a deep indent (3,000 tabs: TeX stopped with "Dimension
# too large"), a line of short tokens with no space, a run of spaces inside a line, and
# \substack rows.
DEEP = "```python\n" + "\t" * 3000 + "deep_indent = 1\n```"
TOKENS = "```python\nstart=" + "a+" * 2500 + "tokensend\n```"
SPACES = "```\nspaces" + " " * 9000 + "spacesend\n```"
SUBSTACK = "Display: $$\\sum_{\\substack{0<i<m \\\\ 0<j<n}} P(i,j)$$\n\nInline $\\prod_{\\substack{k \\\\ l}} x$ too."


@pytest.fixture(scope="module")
def code_out(tmp_path_factory, build_once) -> Path:
    project = make_project(tmp_path_factory.mktemp("code"), {
        f"{name}.md": question_file(name, name.title(), "[u]", "easy", body, "This.")
        for name, body in {"deep": DEEP, "tokens": TOKENS, "spaces": SPACES, "substack": SUBSTACK}.items()}, GUIDE)
    result = build_once(project, "--answer-space", "none")
    assert result.returncode == 0, result.stderr
    return result.out


def _log(out: Path) -> str:
    return (out / ".work" / "guide-questions.log").read_text("utf-8", "replace")


@pytest.mark.tex
def test_a_deep_indent_prints(code_out: Path):
    assert "deep_indent = 1" in pdftotext(code_out / "guide-questions.pdf")


@pytest.mark.tex
def test_a_line_of_short_tokens_wraps_within_the_margins(code_out: Path):
    text = squash(pdftotext(code_out / "guide-questions.pdf", layout=False))
    assert text.count("a+") == 2500 and "tokensend" in text  # (page breaks come between)
    assert "Overfull \\hbox" not in _log(code_out)


@pytest.mark.tex
def test_a_long_run_of_spaces_prints(code_out: Path):
    text = pdftotext(code_out / "guide-questions.pdf")
    assert "spaces" in text and "spacesend" in text


@pytest.mark.tex
def test_substack_rows_print(code_out: Path):
    text = squash(pdftotext(code_out / "guide-questions.pdf"))
    assert "0<i<m" in text and "0<j<n" in text


# -- math -----------------------------------------------------------------------------------

@pytest.mark.parametrize("source", [r"\sum_{\substack{i<j \\ k}} x", r"\prod_{\substack{i \\ j \\ k}} a",
                                    r"\substack{a \\ b}"])
def test_substack_takes_rows(source: str):
    assert "\\substack{" in display_to_latex(source)


def test_substack_rows_have_no_columns():
    with pytest.raises(MathError, match="too many '&' in a row of substack"):
        display_to_latex(r"\sum_{\substack{i & j \\ k}} x")


@pytest.mark.parametrize("source, quoted, message", [
    (r"\begin{aligned} a &= b \\ c &= d \end{aligned} \quad \begin{cases} 1 & 2 & 3 \end{cases}",
     r"…\begin{cases} 1 & 2 & 3 \end{cases}", "too many '&' in a row of cases (at most 1)"),
    (r"\begin{aligned} a &= b \end{aligned} \quad \begin{pmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}",
     r"…\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{bm…", r"\end{bmatrix} closes \begin{pmatrix}; write \end{pmatrix}"),
    (r"\begin{align} a &= b \\ c &= d \\ g &= h \\ e &= \begin{cases} 1 & 2 \\ 3 & 4 & 5 \end{cases} \end{align}",
     r"…\begin{cases} 1 & 2 \\ 3 & 4 & 5 \end{…", "too many '&' in a row of cases (at most 1)"),
    (r"\begin{pmatrix} 1 \\ 2 \end{pmatrix} + \begin{bmatrix} 1 \\ 2 \end{bmatrix} + \frac{1}",
     r"…} + \frac{1}", "a command is missing its argument"),
])
def test_an_error_in_a_display_of_several_environments_quotes_the_one_it_is_in(tmp_path: Path, source: str, quoted: str,
                                                                              message: str):
    result = _check(make_project(tmp_path, _one(f"Intro.\n\n$$\n{source}\n$$"), GUIDE))
    assert result.exit_code == 1
    assert f"content/q.md:9: error: math ${quoted}$: {message}" in result.output, result.output


def test_an_environment_too_tall_for_any_page_is_an_error(tmp_path: Path):
    # 3,000 rows of cases: TeX left the whole formula out of the PDF, and check said OK.
    rows = " \\\\\n".join(f"{n} & x = {n}" for n in range(3000))
    body = f"Intro.\n\n$$\nf(x) = \\begin{{cases}}\n{rows}\n\\end{{cases}}\n$$\n\nAnd $\\begin{{aligned}} a &= b \\\\ c &= d \\end{{aligned}}$."
    result = _check(make_project(tmp_path, _one(body), GUIDE))
    assert result.exit_code == 1
    assert ("content/q.md:9: error: math $f(x) = \\begin{cases} 0 & x = 0 \\\\ 1 & x…$: cases has 3,000 rows, "
            "and it cannot break across pages: more than 50 do not fit on one") in result.output, result.output
    assert result.output.count(": error: ") == 1  # a short one is fine
    long_align = " \\\\\n".join(f"a_{{{n}}} &= {n}" for n in range(300))  # a whole align breaks between rows
    assert display_to_latex(f"\\begin{{align}}\n{long_align}\n\\end{{align}}").startswith("\\begin{align*}")


def test_a_paragraph_of_more_emoji_than_tex_holds_is_an_error(tmp_path: Path):
    # 20,000 emoji in one paragraph exhausted TeX's memory after check said OK.
    body = "Intro.\n\n" + "🚀" * 20_000 + "\n\n" + "✅" * 100
    result = _check(make_project(tmp_path, _one(body), GUIDE))
    assert result.exit_code == 1
    assert ("content/q.md:9: error: this paragraph holds 20,000 emoji; at most 5,000 print in one (each is a picture): "
            "split it with blank lines") in result.output
    assert result.output.count(": error: ") == 1
