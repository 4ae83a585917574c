"""The math allow-list: everything it accepts typesets with the real LaTeX, and what it
refuses (file access, definitions, broken structure) never reaches LaTeX."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from guidegen import mathcheck
from guidegen.mathcheck import MathError, check_math

GUIDE = "title: Math\ntopics:\n  - slug: m\n    name: Math\n"


def snippets() -> list[str]:
    """One formula per allowed command, in a context where it is valid."""
    out = [f"x \\{name} y" for name in sorted(mathcheck.SYMBOLS)]
    out += [f"\\{name}{{x}}" for name in sorted(mathcheck.ONE_ARG)]
    out += [f"\\{name}{{a}}{{b}}" for name in sorted(mathcheck.TWO_ARG)]
    out += [f"\\{name}{{word}}" for name in sorted(mathcheck.TEXT_ARG)]
    out += [f"\\{name}( x \\{name}|" for name in sorted(mathcheck.SIZED)]
    for env in sorted(mathcheck.ENVIRONMENTS):
        args = {"array": "{cc}", "alignedat": "{2}"}.get(env, "")
        body = "a \\\\ b" if env == "gathered" else "a & b \\\\ c & d"
        out.append(f"\\begin{{{env}}}{args} {body} \\end{{{env}}}")
    out += [f"\\{name} \\quad" for name in sorted(mathcheck.SPACING_SYMBOLS - {"{", "}"})]
    out += ["\\{ x \\}", "\\left\\langle x \\middle| y \\right\\rangle", "\\sqrt[3]{x}", "x'^2", "α + β ≤ γ → ∞",
            "\\text{if } x \\text{ is \\textbf{odd}}", "\\operatorname*{arg\\,max}_y P(y)",
            "x''", "x'^2", "x_1'", "x'_1", "x_1^2", "x^2°", "\\begin{aligned} a &= b & c &= d \\\\ e &= f \\end{aligned}",
            "\\begin{cases} a & b \\\\ c & d \\end{cases}", "\\left( a \\middle| b \\right)"]
    return out


def test_every_allowed_command_is_accepted():
    for formula in snippets():
        check_math(formula)


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
    result = subprocess.run([sys.executable, "-m", "guidegen", "build", "--project", str(tmp_path), "--answer-space", "none"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    log = (tmp_path / "build" / ".work" / "guide-questions.log").read_text()
    assert "Missing character" not in log


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
