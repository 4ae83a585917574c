"""Markdown to LaTeX: every construct of the content format, read back from the PDF
(text, fonts, positions, link targets), and unit tests of guidegen.convert.convert."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import guidegen, make_project, pdf_text, pdftotext, question_file, squash
from guidegen.outputs.latex.convert import convert

GUIDE = "title: Markdown\ntopics:\n  - slug: m\n    name: Markdown\n"
URL = "https://example.org/a_b?x=1&y=%20#frag"
QUESTION = rf"""A first paragraph with *emphasis*, **bold** and `inline code`, and a [link]({URL}).

A second paragraph about the kestrel.

```
def kestrel(x):
    return {{x: 50% of x}}  # braces, percent, hash
```

- outer bullet apple
  - inner bullet banana
- outer bullet cherry
  1. inner number damson
  2. inner number elderberry

3. top number fig
4. top number grape

| Symbol | Meaning | Value |
|:-------|:-------:|------:|
| lr | learning rate | 0.01 |
| mom | momentum term | 0.9 |

> A block quote about the heron.

Inline math $x^2 + y_1$ and display math:

$$ \sum_{{i=1}}^{{n}} \alpha_i = \frac{{1}}{{2}} $$

Specials: # \$ % & ~ _ ^ \ {{ }}

Unicode: é – — “quoted” × ≤ ≥ → α β Γ
"""
SPECIALS = r"Specials: # $ % & ~ _ ^ \ { }"
UNICODE = "Unicode: é – — “quoted” × ≤ ≥ → α β Γ"
FILE = "---\nid: all-markdown\ntitle: All of Markdown\ntopics: [m]\ndifficulty: easy\n---\n" + QUESTION + "\n## Answer\n\nThe osprey answer.\n"


@pytest.fixture(scope="module")
def sheet(tmp_path_factory, built) -> Path:
    project = make_project(tmp_path_factory.mktemp("markdown"), {"q.md": FILE}, GUIDE)
    return built(project, "--answer-space", "none") / "guide-questions.pdf"


def runs(pdf: Path, page_text: str) -> list[tuple[str, str, float]]:
    """(text, font name, x) for each text run on the page holding `page_text`."""
    found = []
    for page in PdfReader(pdf).pages:
        if page_text not in (page.extract_text() or ""):
            continue

        def visit(text, cm, tm, font, size):
            if text.strip():
                found.append((text.strip(), str(font.get("/BaseFont", "")) if font else "", tm[4] * cm[0] + tm[5] * cm[2] + cm[4]))

        page.extract_text(visitor_text=visit)
        return found
    raise AssertionError(f"no page holds {page_text!r}")


def run_of(found, text: str) -> tuple[str, str, float]:
    return next(r for r in found if r[0].startswith(text) or r[0] == text)


@pytest.mark.tex
def test_text_reads_in_order(sheet: Path):
    text = pdf_text(sheet)
    expected = ["A first paragraph with emphasis, bold and inline code, and a link", "A second paragraph about the kestrel.",
                "def kestrel(x):", "return {x: 50% of x} # braces, percent, hash", "outer bullet apple", "inner bullet banana",
                "outer bullet cherry", "1. inner number damson", "2. inner number elderberry", "3. top number fig",
                "4. top number grape", "Symbol Meaning Value", "lr learning rate 0.01", "mom momentum term 0.9",
                "A block quote about the heron.", "Inline math x2 + y1 and display math:"]
    positions = [text.index(piece) for piece in expected]
    assert positions == sorted(positions)
    assert "osprey" not in text  # the answer is in the key only


@pytest.mark.tex
def test_inline_styles_use_their_fonts(sheet: Path):
    found = runs(sheet, "kestrel")
    assert "Italic" in run_of(found, "emphasis")[1]
    assert "Bold" in run_of(found, "bold")[1]
    assert "Mono" in run_of(found, "inline code")[1]
    assert "Mono" in run_of(found, "def kestrel(x):")[1]
    assert "Roman" in run_of(found, "A second paragraph")[1]
    assert "MathItalic" in run_of(found, "x")[1]  # $x^2$: a math italic x


@pytest.mark.tex
def test_lists_nest_and_code_keeps_its_indent(sheet: Path):
    found = runs(sheet, "kestrel")
    x = {text: run_of(found, text)[2] for text in ("outer bullet apple", "inner bullet banana", "outer bullet cherry",
                                                   "1. inner number damson", "3. top number fig", "A second paragraph")}
    assert x["inner bullet banana"] > x["outer bullet apple"] + 5
    assert x["1. inner number damson"] > x["3. top number fig"] + 5
    assert abs(x["outer bullet apple"] - x["outer bullet cherry"]) < 1
    assert x["outer bullet apple"] > x["A second paragraph"]


@pytest.mark.tex
def test_link_is_clickable_and_printed(sheet: Path):
    uris = [annot.get_object()["/A"].get("/URI") for page in PdfReader(sheet).pages for annot in page.get("/Annots", [])
            if annot.get_object().get("/A", {}).get("/S") == "/URI"]
    assert URL in uris
    assert f"({URL})" in squash(pdftotext(sheet))  # on paper the address is printed too


@pytest.mark.tex
def test_specials_print_as_themselves(sheet: Path):
    assert SPECIALS in pdf_text(sheet)
    assert SPECIALS in pdftotext(sheet)


@pytest.mark.tex
def test_unicode_prints_as_itself(sheet: Path):
    # pypdf joins "≤ ≥ →" (math glyphs, no spaces between their runs); poppler keeps them apart.
    assert squash(UNICODE) in squash(pdf_text(sheet))
    assert UNICODE in pdftotext(sheet)


@pytest.mark.tex
def test_log_is_clean(sheet: Path):
    log = (sheet.parent / ".work" / "guide-questions.log").read_text("utf-8", "replace")
    assert "Missing character" not in log
    assert "Overfull \\hbox" not in log


# -- guidegen.convert.convert on strings -----------------------------------------------------

def latex_of(markdown: str) -> str:
    result = convert(markdown, Path("q.md"), 7)
    assert result.problems == [], result.problems
    return result.latex


def test_convert_every_construct():
    latex = latex_of(QUESTION)
    for needle in ("\\emph{emphasis}", "\\textbf{bold}", "\\texttt{inline code}", "\\begin{ggcode}", "\\begin{itemize}",
                   "\\begin{enumerate}", "\\begin{enumerate}[start=3", "\\begin{tabular}{lcr}", "\\toprule", "\\begin{quote}",
                   "\\href{", "\\(x^2 + y_1\\)", "\\[", "\\]", "\\frac{1}{2}", "\\ensuremath{\\alpha}"):
        assert needle in latex, needle
    assert latex.count("\\begin{itemize}") == 2 and latex.count("\\begin{enumerate}") == 2
    assert latex.count("\\begin{") == latex.count("\\end{")


@pytest.mark.parametrize("markdown, expected", [
    ("*a* and **b**", "\\emph{a} and \\textbf{b}"),
    ("- a\n- b", "\\begin{itemize}[ggkeep]\n\\item a\n\\item b\n\\end{itemize}"),
    ("1. a\n2. b", "\\begin{enumerate}[ggkeep]\n\\item a\n\\item b\n\\end{enumerate}"),
    ("> quoted", "\\begin{quote}\nquoted\n\n\\end{quote}"),
    ("$a+b$", "\\(a+b\\)"),
    ("$$ a+b $$", "\\[ a+b \\]"),  # short: it fits the line (a long one is \\ggdisplay, which breaks)
    ("price \\$5", "price \\$5"),
    ("[x](https://e.org/)", "\\href{https://e.org/}{x}\\ggfootnote{\\nolinkurl{https://e.org/}}"),
])
def test_convert_small_pieces(markdown: str, expected: str):
    assert latex_of(markdown) == expected


def test_convert_table():
    latex = latex_of("| a | b |\n|---|--:|\n| 1 | 2 |")
    assert "\\begin{tabular}{lr}" in latex and "a & b \\\\" in latex and "1 & 2 \\\\" in latex and "\\end{tabular}" in latex


def test_convert_escapes_text_that_looks_like_latex():
    latex = latex_of("Read \\input{/etc/passwd} and 50% # & _ ~ ^ \\\\")
    assert "\\input" not in latex.replace("\\textbackslash{}input", "")
    assert "\\textbackslash{}input\\{/etc\\slash{}passwd\\}" in latex
    for escaped in ("\\%", "\\#", "\\&", "\\_", "\\textasciitilde{}", "\\textasciicircum{}"):
        assert escaped in latex


def test_convert_code_cannot_end_itself():
    latex = latex_of("```\n\\end{ggcode}\\input{x}\n```")
    assert latex.count("\\end{ggcode}") == 1
    assert "\\textbackslash{}end\\{ggcode\\}" in latex.replace("\\ggbp{}", "")  # \ggbp: a place to wrap


def test_convert_reports_problems_at_file_lines():
    result = convert("Fine.\n\nHere <blink>bold</blink>.\n\nMath $\\input{x}$.", Path("q.md"), 7)
    assert [(p.line, p.message.split(":")[0]) for p in result.problems] == [
        (9, "HTML <blink> is not a tag guidegen knows"),
        (11, "math $\\input{x}$"),
    ]


@pytest.mark.tex
def test_a_lone_dollar_prints_as_a_dollar_sign(tmp_path: Path):
    body = "Cost: $5.\n\nAll of # $ % &.\n\nIt costs $5 and $10.\n\n## Answer\n\nSo $x^2$ is still math.\n"
    project = make_project(tmp_path, {"q.md": question_file("q", "Cost: $5.", "[t]", "easy", *body.split("\n\n## Answer\n\n"))},
                           "title: T\ntopics:\n  - slug: t\n    name: T\n")
    result = guidegen(project, "build", "-q", "--no-page-match")
    assert result.returncode == 0, result.stderr
    sheet = pdftotext(project / "build" / "guide-questions.pdf")
    for line in ("Cost: $5.", "All of # $ % &.", "It costs $5 and $10."):
        assert line in sheet
    key = pdftotext(project / "build" / "guide-answers.pdf")
    assert "Sox2isstillmath." in squash(key) and "$x" not in key  # the pair of dollars made a formula


HTML = """Line one<br>line two, <b>bold</b>, <i>italic</i>, <code>x_1</code>, H<sub>2</sub>O, x<sup>2</sup>,
<kbd>Ctrl</kbd>, <a href="https://example.com/a_b">a link</a>, <span style="color:red">kept</span> <!-- gone --> end.

<div align="center">

**Markdown inside a div**

</div>

<details>
<summary>Show the hint</summary>

The hint is *here*.

</details>

<p align="center">A centred paragraph with <b>bold</b> and an unclosed <i>tag</p>"""


@pytest.mark.tex
def test_html_as_readmes_write_it_prints_as_what_it_means(tmp_path: Path):
    project = make_project(tmp_path, {"q.md": question_file("q", "H<sub>2</sub>O <br> keys", "[t]", "easy", HTML, "Fine.")},
                           "title: T\ntopics:\n  - slug: t\n    name: T\n")
    result = guidegen(project, "build", "-q", "--no-page-match")
    assert result.returncode == 0, result.stderr
    sheet = " ".join(pdftotext(project / "build" / "guide-questions.pdf").split())
    for shown in ("Line one line two, bold, italic, x_1, H2O, x2, Ctrl, a link (https://example.com/a_b), kept end.",
                  "Markdown inside a div", "Show the hint The hint is here.",
                  "A centred paragraph with bold and an unclosed tag", "H2O keys"):
        assert squash(shown) in squash(sheet)
    assert "gone" not in sheet and "<" not in sheet and "span" not in sheet
    tex = (project / "build" / ".work" / "guide-questions.tex").read_text()
    assert "\\textsubscript{2}" in tex and "\\ggkbd{Ctrl}" in tex and "\\textbf{Show the hint}" in tex
    for log in (project / "build" / ".work").glob("*.log"):
        assert "Overfull" not in log.read_text("utf-8", "replace")


@pytest.mark.tex
def test_quotes_are_curly_in_text_and_straight_in_code(tmp_path: Path):
    body = ("He said \"velocity\" and 'bias correction', it's fine. Code: `print('x')` and `` `tick` ``.\n\n"
            "```python\n\tx = \"tab\"\nprint('a', \"b\", `c`)\n```")
    project = make_project(tmp_path, {"q.md": question_file("q", "The quoted title", "[t]", "easy", body, "Fine.")},
                           "title: T\ntopics:\n  - slug: t\n    name: T\n")
    result = guidegen(project, "build", "-q", "--no-page-match")
    assert result.returncode == 0, result.stderr
    sheet = pdftotext(project / "build" / "guide-questions.pdf")
    assert "He said “velocity” and ‘bias correction’, it’s fine. Code: print('x') and `tick`." in sheet
    assert "x = \"tab\" print('a', \"b\", `c`)" in sheet  # straight quotes and backticks in code
    tex = (project / "build" / ".work" / "guide-questions.tex").read_text()
    # The tab is a stop of 4 (the line's indent); the block's first line starts with no stray space.
    assert "\\begin{ggcode}%\n\\ggcl{4}x\\ggsp{}\\ggcO{=}\\ggsp{}\\ggcS{\\textquotedbl{}tab\\textquotedbl{}}\n" in tex


def _words(pdf: Path, page: int = 1) -> list[tuple[str, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax) in points, as pdftotext -bbox reads a page."""
    import re
    import subprocess

    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [(w, float(a), float(b), float(c), float(d))
            for a, b, c, d, w in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', out)]


@pytest.mark.tex
def test_abbreviations_take_a_word_space_and_headings_differ_by_level(tmp_path: Path):
    # Short last lines of paragraphs are set at natural width: their spaces can be compared.
    body = ("Bias vs. variance.\n\nTrees, e.g. forests.\n\nBias is low. Variance too.\n\nBias is low and variance too.\n\n"
            "# Level one\n\n## Level two\n\n### Level three\n\n#### Level four\n\n##### Level five\n\nEnd.")
    project = make_project(tmp_path, {"q.md": question_file("q", "Spacing", "[t]", "easy", body, "Fine.")},
                           "title: T\ntopics:\n  - slug: t\n    name: T\n")
    result = guidegen(project, "build", "-q", "--no-page-match", "--answer-space", "none")
    assert result.returncode == 0, result.stderr
    words = _words(project / "build" / "guide-questions.pdf")

    def gap(first: str, second: str) -> float:
        i = next(i for i, w in enumerate(words) if w[0] == first and words[i + 1][0] == second)
        return words[i + 1][1] - words[i][3]

    word_space = gap("low", "and")
    sentence_space = gap("low.", "Variance")
    assert sentence_space > word_space + 0.7  # TeX's wider space after a sentence...
    assert abs(gap("vs.", "variance.") - word_space) < 0.4  # ...but not after an abbreviation
    assert abs(gap("e.g.", "forests.") - word_space) < 0.4
    height = {w[0]: w[4] - w[2] for w in words if w[0] in ("one", "two", "three", "four", "five")}
    assert height["one"] > 1.05 * height["two"], height  # larger type (12 pt) for # than for ## (11 pt)
    assert height["two"] > 1.05 * height["five"], height  # and smaller (10 pt) for #####
    pdffonts = subprocess.run(["pdffonts", str(project / "build" / "guide-questions.pdf")], capture_output=True, text=True).stdout
    assert "lmbxi" in pdffonts.lower() or "bolditalic" in pdffonts.lower(), pdffonts  # ### is bold italic
