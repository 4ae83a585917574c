"""The math allow-list: everything it accepts typesets with the real LaTeX, and what it
refuses (file access, definitions, broken structure) never reaches LaTeX."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import guidegen

from guidegen.content import mathcheck
from guidegen.outputs.latex import mathlatex
from guidegen.content.mathcheck import MathError, check_math

GUIDE = "title: Math\ntopics:\n  - slug: m\n    name: Math\n"

# Accepted forms next to refused ones (see test_refused_before_latex_would_fail): each
# typesets, in the body, a title, a caption and inside \bm where check_math allows it.
NEAR_MISSES = [
    "x^\\alpha", "x^{\\log y}", "x^2", "x_i^\\prime", "e^{-x}", "x_{\\max}", "x^{\\quad}", "x^{\\displaystyle y}",
    "x^{\\,}", "x^{\\ }", "\\sqrt{\\log x}", "\\vec{\\quad}", "\\frac{\\log x}{2}", "x^{\\sum_i a_i}", "x^{\\ne}",
    "x^{\\mapsto}", "x^{~}", "x^{ℝ}", "x^{∑}", "x^{″}", "x^{≠}", "x^‖", "x^−", "x^\\to", "x^\\{", "\\sqrt\\pi",
    "\\frac\\partial{\\partial x}", "x'^{\\log}", "x_{°}", "\\frac{°}{2}", "x^{\\circ}", "{x°}^2", "x^{\\circ\\prime}",
    "x°_2", "x_1°", "x'°", "°", "\\begin{array}{|c|} a \\end{array}", "\\begin{array}{c||c} a & b \\end{array}",
    "\\underbrace{x}_{n}", "\\overbrace{x+y}^{n}", "\\underbrace{\\overbrace{a}^{b}}_{\\log n}", "\\underbrace*{x}_n",
    "\\left( x \\middle| y^{2} \\right)",
    "\\bm{x}'^2", "\\bm{x'^{2}}", "\\bm{x'}", "\\bm{x}_1, \\dots, \\bm{x}_n", "\\bm{x}_1 \\cdots \\bm{x}_n", "{\\dots} \\bm{x}", "\\frac{\\bm{a}}{b}", "\\bm{\\frac ab}",
    "\\bm{\\cdots}", "\\bm{\\bm{x}}", "\\bm{x^{\\nmid}}", "\\bm{\\hat{\\checkmark}}", "\\bm{\\hat{\\_}}", "\\bm{x^\\alpha}",
]


# A large operator: set in its display size only in a display (sized with \\bm's bold font).
LARGE_OPERATOR = re.compile(r"\\(sum|prod|coprod|i*int|oint|big(cap|cup|oplus|otimes|odot|vee|wedge|sqcup|uplus))(?![a-zA-Z])|[∑∏∐∫∮⋂⋃⨁⨂⋁⋀]")


def single_symbols() -> list[str]:
    """The commands that may stand unbraced after ^ or _ or as a command's argument."""
    return sorted(mathcheck.SYMBOLS - mathcheck.NOT_ONE_SYMBOL) + sorted(mathcheck.SPACING_SYMBOLS - mathcheck.NOT_ONE_SYMBOL)


def snippets() -> list[str]:
    """One formula per allowed command, in a context where it is valid."""
    out = [f"x \\{name} y" for name in sorted(mathcheck.SYMBOLS)]
    out += [f"\\{name}{{x}}" for name in sorted(mathcheck.ONE_ARG)]
    out += [f"\\{name}{{a}}{{b}}" for name in sorted(mathcheck.TWO_ARG)]
    out += [f"\\{name}{{word}}" for name in sorted(mathcheck.TEXT_ARG)]
    out += [f"\\{name}( x \\{name}|" for name in sorted(mathcheck.SIZED)]
    for env in sorted(mathcheck.ENVIRONMENTS - {"split"}):  # split: a whole displayed formula only (tested below)
        args = {"array": "{cc}", "alignedat": "{2}"}.get(env, "")
        body = "a \\\\ b" if env == "gathered" else "a & b \\\\ c & d"
        out.append(f"\\begin{{{env}}}{args} {body} \\end{{{env}}}")
    out += [f"\\{name} \\quad" for name in sorted(mathcheck.SPACING_SYMBOLS - {"{", "}"})]
    out += ["\\{ x \\}", "\\left\\langle x \\middle| y \\right\\rangle", "\\sqrt[3]{x}", "x'^2", "α + β ≤ γ → ∞",
            "\\text{if } x \\text{ is \\textbf{odd}}", "\\operatorname*{arg\\,max}_y P(y)",
            "x''", "x'^2", "x_1'", "x'_1", "x_1^2", "x^2°", "\\begin{aligned} a &= b & c &= d \\\\ e &= f \\end{aligned}",
            "\\begin{cases} a & b \\\\ c & d \\end{cases}", "\\left( a \\middle| b \\right)"]
    out += [f"x^\\{name} y_\\{name} \\sqrt\\{name} \\hat\\{name} \\frac\\{name}\\{name}" for name in single_symbols()]
    out += NEAR_MISSES
    return out


def accepted(formula: str) -> bool:
    try:
        check_math(formula)
    except MathError:
        return False
    return True


def test_every_allowed_command_is_accepted():
    for formula in snippets():
        check_math(formula)


@pytest.mark.tex
def test_every_allowed_command_typesets(tmp_path: Path):
    """Build one question holding every allowed command, inline and displayed."""
    lines = []
    for formula in snippets():
        lines.append(f"Inline ${formula}$ and displayed:\n\n$$ {formula} $$\n")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "guide.yaml").write_text(GUIDE)
    (tmp_path / "content" / "all.md").write_text(
        "---\nid: all\ntitle: All math\ntopics: [m]\ndifficulty: easy\n---\n" + "\n".join(lines) + "\n## Answer\n\nFine.\n"
    )
    result = guidegen(tmp_path, "build", "--project", str(tmp_path), "--answer-space", "none")
    assert result.returncode == 0, result.stderr
    log = (tmp_path / "build" / ".work" / "guide-questions.log").read_text()
    assert "Missing character" not in log
    # Every formula reached the page: its sentence is there, once per snippet.
    from conftest import pdftotext

    shown = pdftotext(tmp_path / "build" / "guide-questions.pdf")
    assert shown.count("Inline") == len(snippets()) and shown.count("displayed:") == len(snippets())


@pytest.mark.tex
def test_accepted_forms_typeset_in_titles_captions_and_bold(tmp_path: Path):
    """Titles and captions are macro arguments LaTeX also writes to the table of contents
    (fragile commands break there), and \\bm re-reads its argument: build every accepted
    snippet in a title, in a figure caption and, where the checker allows it, in \\bm{...}.
    Each bold formula is set inline, through \\ggmath, which sets it twice (it measures
    it first): \\bm re-reads its argument the same way in a display. Only the bold
    formulas with a large operator, whose glyph is another size in a display, are
    displayed as well; every snippet is displayed, not bold, in
    test_every_allowed_command_typesets. (Displaying all 500-odd took 3 s of each pass.)"""
    forms = snippets()
    bold = [f"\\bm{{{s}}}" for s in forms if accepted(f"\\bm{{{s}}}")]
    assert len(bold) > len(forms) / 2
    displayed = [s for s in bold if LARGE_OPERATOR.search(s)]
    assert len(displayed) >= 10 and any("\\sum" in s for s in displayed) and any("\\int" in s for s in displayed)
    chunks: list[list[str]] = [[]]
    for form in forms:  # a few hundred characters each: one title is one line of LaTeX
        if sum(map(len, chunks[-1])) > 400:
            chunks.append([])
        chunks[-1].append(form)
    body = "".join(f"Bolded ${s}$ inline.\n\n" for s in bold)
    body += "".join(f"Displayed:\n\n$$ {s} $$\n\n" for s in displayed)
    body += "".join("![Caption " + " ".join(f"${s}$" for s in chunk) + "](line.py)\n\n" for chunk in chunks)
    (tmp_path / "content").mkdir()
    (tmp_path / "figures").mkdir()
    (tmp_path / "content" / "guide.yaml").write_text(GUIDE)
    (tmp_path / "figures" / "line.py").write_text("def draw(fig):\n    fig.subplots().plot([0, 1], [0, 1])\n")
    # In the answer, which only the key prints: \bm is slow in TeX (the 500-odd bold
    # formulas took 8 s of every pass), and the sheet would typeset them all again.
    (tmp_path / "content" / "all.md").write_text(
        "---\nid: all\ntitle: Bold math\ntopics: [m]\ndifficulty: easy\n---\nFine?\n\n## Answer\n\n" + body + "\n")
    for n, chunk in enumerate(chunks):
        title = json.dumps("Title " + " ".join(f"${s}$" for s in chunk), ensure_ascii=False)
        (tmp_path / "content" / f"t{n}.md").write_text(
            f"---\nid: t{n}\ntitle: {title}\ntopics: [m]\ndifficulty: easy\n---\nQ.\n\n## Answer\n\nA.\n")
    result = guidegen(tmp_path, "build", "--project", str(tmp_path), "--answer-space", "none")
    assert result.returncode == 0, result.stderr
    for kind in ("questions", "answers"):
        log = (tmp_path / "build" / ".work" / f"guide-{kind}.log").read_text()
        assert "Missing character" not in log
    # Every bold formula reached the key inline, and those with a large operator displayed.
    from conftest import pdftotext

    shown = pdftotext(tmp_path / "build" / "guide-answers.pdf")
    assert shown.count("Bolded") == len(bold) and shown.count("Displayed:") == len(displayed)


@pytest.mark.parametrize(
    "formula, message",
    [
        # After ^ or _ (or as an unbraced argument) TeX takes one math symbol or a group:
        # operators, spacing and style switches give "Missing { inserted" in pdflatex.
        (r"x^\log", r"'^' takes one symbol or a group in braces, and \log is not one symbol; put the superscript in braces: x^{\log}"),
        (r"x_\max", r"put the subscript in braces: x_{\max}"),
        (r"x^\quad", r"put the superscript in braces: x^{\quad}"),
        (r"x^\displaystyle y", r"put the superscript in braces: x^{\displaystyle ...}"),
        (r"x^\sum", r"x^{\sum}"),
        (r"x_\int", r"x_{\int}"),
        (r"x^\dots", r"x^{\dots}"),
        (r"x^\,", r"x^{\,}"),
        (r"x^\ y", r"'\ ' (a space) is not one symbol"),
        (r"x^~", r"x^{~}"),
        (r"x^\log*", r"x^{\log*}"),
        (r"\underbrace{x}_\log", r"x_{\log}"),
        (r"\sqrt\log", r"\sqrt takes one symbol or a group in braces, and \log is not one symbol; put its argument in braces: \sqrt{\log}"),
        (r"\vec\quad", r"\vec{\quad}"),  # fails in a title (the table of contents gets \vec \hskip 1em)
        (r"\frac\log x", r"\frac{\log}"),
        # Only the first glyph would be scripted (\ne is \not =): it compiles, but wrong.
        (r"x^\ne", r"x^{\ne}"),
        (r"x^\mapsto", r"x^{\mapsto}"),
        ("x^≠", "x^{≠}"),
        ("x^∑", "x^{∑}"),
        ("x^ℝ", "x^{ℝ}"),  # \mathbb{R}: \frac ℝ x and \hat ℝ fail
        ("\\hat ℝ", "\\hat{ℝ}"),
        ("x^″", "x^{″}"),
        (r"\left( x^\middle| \right)", r"\middle is only allowed between \left and \right"),
        # '°' is typeset as {}^{\circ}, a superscript of its own.
        ("x°^2", "double superscript: '°' is a superscript already; group it, e.g. {x°}^2"),
        ("°^2", "'°' is a superscript already"),
        ("x°'", "double superscript: a prime after '°', which is a superscript; write x^{\\circ\\prime}"),
        ("x_2°'", "a prime after '°'"),
        ("x^°", "double superscript: '°' right after '^' is a second superscript; write x^{\\circ}"),
        ("x_°", "put the subscript in braces: x_{°}"),
        ("\\frac°x", "put its argument in braces: \\frac{°}"),
        # An array needs a column: "Missing # inserted in alignment preamble".
        (r"\begin{array}{|} a \end{array}", r"\begin{array} column argument '|' has no column; give each column a letter l, c or r, e.g. {c|c}"),
        (r"\begin{array}{||} \end{array}", "has no column"),
        # \bm re-reads its argument and breaks on these.
        (r"\bm{\dots}", r"\dots cannot be used inside \bm{...} or \boldsymbol{...}; make only the symbols bold, e.g. \bm{x}_1, \dots, \bm{x}_n"),
        ("\\bm{a…b}", "'…' cannot be used inside \\bm{...}"),
        (r"\bm{\iint}", r"\iint cannot be used inside \bm"),
        (r"\bm{\binom{a}{b}}", r"\binom cannot be used inside \bm{...} or \boldsymbol{...}; make only the symbols bold, e.g. \frac{\bm{a}}{b}"),
        (r"\boldsymbol{\dfrac{a}{b}}", r"\dfrac cannot be used inside"),
        (r"\bm{\overset{a}{b}}", r"\overset cannot be used inside"),
        (r"\bm{\operatorname{x}}", r"\operatorname cannot be used inside"),
        (r"\bm{\phantom{x}}", r"\phantom cannot be used inside"),
        (r"\bm{\substack{x}}", r"\substack cannot be used inside"),
        (r"\bm{\boldsymbol{x}}", r"\boldsymbol cannot be used inside"),
        (r"\bm{\begin{matrix} a \end{matrix}}", r"an environment cannot be used inside \bm"),
        (r"\bm{\left( a \middle| b \right)}", r"\middle cannot be used inside \bm"),
        # amsmath's \dots looks ahead and fails on \bm ("Use of \thedots@ doesn't match its definition").
        (r"\bm{x}_1 \dots \bm{x}_n", r"\dots right before \bm fails in LaTeX; write \cdots or \ldots there, or put a comma between, e.g. \bm{x}_1, \dots, \bm{x}_n"),
        ("a … \\boldsymbol{x}", "… right before \\boldsymbol fails in LaTeX"),
        (r"\bm{x^\nmid}", r"inside \bm{...}, \nmid after '^' fails in LaTeX; put it in braces: x^{\nmid}"),
        (r"\bm{\hat\_}", r"inside \bm{...}, \_ as the argument of \hat fails in LaTeX; put it in braces: \hat{\_}"),
        (r"\hat\checkmark", r"\hat{\checkmark}"),  # \checkmark is \mathhexbox{4}58: in a title \hat takes a piece
        (r"\boldsymbol{y_\nmid}", r"x_{\nmid}"),
        (r"\bm{x'^2}", r"inside \bm{...} a superscript after a prime needs braces: write x'^{2}"),
        (r"\bm{\frac{a^2}{x'^2}}", "after a prime needs braces"),
    ],
)
def test_refused_before_latex_would_fail(formula: str, message: str):
    with pytest.raises(MathError) as caught:
        check_math(formula)
    assert message in str(caught.value)


@pytest.mark.parametrize("formula", NEAR_MISSES)
def test_near_misses_are_accepted(formula: str):
    check_math(formula)


def test_bare_single_symbols_are_accepted():
    assert {"log", "quad", "displaystyle", "ne", "mapsto", ","} <= mathcheck.NOT_ONE_SYMBOL
    assert {"alpha", "infty", "prime", "to", "le", "{", "|"} <= set(single_symbols())


def test_fragile_commands_are_protected():
    """\\underbrace holds '#' in its definition: in a title or caption ("Illegal parameter
    number") it must be \\protect-ed, and only the command itself."""
    assert mathlatex.math_to_latex(r"\underbrace{x}_{n} + \overbrace{y}^{m}") == r"\protect\underbrace{x}_{n} + \protect\overbrace{y}^{m}"
    # "\\underbrace" is a new line and then letters, not the command.
    assert mathlatex.math_to_latex(r"\begin{aligned} a \\underbrace \end{aligned}") == r"\begin{aligned} a \\underbrace \end{aligned}"
    assert mathlatex.math_to_latex("α ≤ x°") == "\\alpha  \\le  x{}^{\\circ}"


@pytest.mark.parametrize(
    "formula, message",
    [
        (r"\input{/etc/passwd}", r"\input is not allowed"),
        (r"\include{x}", r"\include is not allowed"),
        (r"\openin5=x", r"\openin is not allowed"),
        (r"\read5 to \x", r"\read is not allowed"),
        (r"\immediate\write18{ls}", r"\immediate is not allowed"),
        (r"\write18{rm -rf ~}", r"\write is not allowed"),
        (r"\catcode`\^=11", r"\catcode is not allowed"),
        (r"\def\x{1}", r"\def is not allowed"),
        (r"\csname input\endcsname", r"\csname is not allowed"),
        (r"\usepackage{shellesc}", r"\usepackage is not allowed"),
        (r"\newcommand{\x}{1}", r"\newcommand is not allowed"),
        (r"\makeatletter", r"\makeatletter is not allowed"),
        (r"\lowercase{\input}", r"\lowercase is not allowed"),
        (r"\expandafter", r"\expandafter is not allowed"),
        (r"\special{x}", r"\special is not allowed"),
        (r"\pdfobj{x}", r"\pdfobj is not allowed"),
        (r"^^5cinput{/etc/passwd}", "'^^' is not allowed"),
        (r"x^2^3", "double superscript"),
        (r"x_1_2", "double subscript"),
        (r"\frac{a}", "missing its argument"),
        (r"\frac{a}{b", "never closed"),
        (r"a}", "without a matching '{'"),
        (r"a & b", "'&' outside"),
        (r"\begin{align} x \end{align}", "environment 'align' is not allowed"),
        (r"\begin{bmatrix} x", "never closed"),
        (r"\left( x", r"\left without a matching \right"),
        (r"x \right)", r"\right without a matching \left"),
        (r"x^", "needs something after it"),
        (r"50%", "'%' is not allowed"),
        (r"\text{a_b}", r"not allowed inside \text"),
        (r"\text{\input{x}}", r"\input is not allowed inside \text"),
        ("x \\", "lone backslash"),
        ("日本", "cannot be used in math"),
    ],
)
def test_refused(formula: str, message: str):
    with pytest.raises(MathError) as caught:
        check_math(formula)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    "formula, message",
    [
        (r"\begin{cases} a & b & c \end{cases}", "too many '&'"),
        (r"\begin{array}{cc} a & b & c \end{array}", "too many '&'"),
        (r"\begin{bmatrix} {a & b} \end{bmatrix}", "'&' outside"),
        (r"\begin{bmatrix} {a \\ b} \end{bmatrix}", "only allowed inside an environment"),
        (r"\begin{bmatrix} \left( a & b \right) \end{bmatrix}", "between \\left and \\right"),
        (r"x \middle| y", "\\middle is only allowed"),
        (r"\left( {a \middle| b} \right)", "\\middle is only allowed"),
        (r"x^a'", "double superscript"),
        (r"x'_1'", "double superscript"),
    ],
)
def test_structures_latex_would_reject(formula: str, message: str):
    with pytest.raises(MathError) as caught:
        check_math(formula)
    assert message in str(caught.value)


@pytest.mark.parametrize("formula", [r"x''", r"x'^2", r"x_1'", r"x'_1", r"x_1^2", r"\begin{aligned} a &= b & c &= d \\ e &= f \end{aligned}"])
def test_valid_scripts_and_rows(formula: str):
    check_math(formula)


# -- math as GitHub and MathJax accept it ------------------------------------------------------

@pytest.mark.parametrize("source, latex", [
    (r"\begin{align} a &= b \tag{1} \\ c &= d \end{align}", r"\begin{align*} a &= b \tag{1} \\ c &= d \end{align*}"),
    (r"\begin{align*} a &= b \end{align*}", r"\begin{align*} a &= b \end{align*}"),
    (r"\begin{gather} a \\ b \end{gather}", r"\begin{gather*} a \\ b \end{gather*}"),
    (r"\begin{equation} E = mc^2 \end{equation}", r"\begin{equation*} E = mc^2 \end{equation*}"),
    (r"\begin{multline} a + b \\ + c \end{multline}", r"\begin{multline*} a + b \\ + c \end{multline*}"),
    (r"\begin{split} a &= b \\ &= c \end{split}", r"\[\begin{split} a &= b \\ &= c \end{split}\]"),
    (r"x = y \tag{2}", r"\[x = y \tag{2}\]"),
    (r"90\degree", r"\[90{}^{\circ}\]"),
    (r"\left\lbrace x \right\rbrace \triangledown", r"\[\left\lbrace x \right\rbrace \triangledown\]"),
    (r"\operatorname*{arg\,max}_k p_k", r"\[\operatorname*{arg\,max}_k p_k\]"),
])
def test_display_environments_as_github_writes_them(source: str, latex: str):
    from guidegen.outputs.latex.mathlatex import display_to_latex

    assert display_to_latex(source) == latex


@pytest.mark.parametrize("source, message", [
    (r"\begin{align} a \tag{1} \tag{2} \end{align}", "one \\tag per line"),
    (r"\begin{aligned} a \tag{1} \end{aligned}", "\\tag is only allowed in a displayed formula"),
    (r"\begin{equation} a \\ b \end{equation}", "new line"),
    (r"\begin{gather} a & b \end{gather}", "too many '&'"),
    (r"\begin{align} \input{x} \end{align}", "\\input is not allowed"),
])
def test_display_environments_are_still_checked(source: str, message: str):
    from guidegen.outputs.latex.mathlatex import display_to_latex

    with pytest.raises(MathError) as caught:
        display_to_latex(source)
    assert message in str(caught.value)


@pytest.mark.parametrize("source", [r"x \tag{1}", r"\begin{split} a &= b \end{split}", r"\begin{align} a \end{align}"])
def test_display_only_forms_are_refused_inline(source: str):
    with pytest.raises(MathError):
        check_math(source)


@pytest.mark.tex
def test_github_math_typesets_in_both_pdfs(tmp_path: Path):
    """align, gather, split, equation, multline, \\tag, \\degree, \\lbrace... as real documents
    write them, in a title, a list, the question and a page-matched answer."""
    from conftest import pdftotext

    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "guide.yaml").write_text("title: T\ntopics:\n  - slug: t\n    name: T\n")
    (tmp_path / "content" / "q.md").write_text((Path(__file__).parent / "fixtures" / "github-math.md").read_text())
    result = guidegen(tmp_path, "build", "--project", str(tmp_path))
    assert result.returncode == 0, result.stderr
    key = " ".join(pdftotext(tmp_path / "build" / "guide-answers.pdf").split())
    assert "(1)" in key and "(*)" in key and "E = mc2" in key and "90◦" in key
    for log in (tmp_path / "build" / ".work").glob("guide-*.log"):
        assert "Overfull" not in log.read_text("utf-8", "replace")
