"""Long inline math in a narrow column (a list item in the large-print A5 booklet, where
`$PE_{(pos,2i)} = \\sin(pos/10000^{2i/d})$` ran 13 pt into the margin) starts a line of its
own or is set as a display: no overfull line in any log, and the formula still reads whole.
The imported document's wide display of braces breaks there too."""

from __future__ import annotations

import re
import subprocess

import pytest
from conftest import REPO, make_project, question_file

GUIDE = "title: Encodings\ntopics:\n  - slug: t\n    name: T\n"
PE = r"$PE_{(pos,2i)} = \sin(pos/10000^{2i/d})$"
ODD = r"$PE_{(pos,2i+1)} = \cos(pos/10000^{2i/d})$"
LIST = f"""- Each dimension is a sinusoid: {PE} and the odd ones use cosine.
- {PE} with {ODD} for every frequency.
- Wavelengths {PE} form a geometric progression from $2\\pi$ to $10000 \\cdot 2\\pi$.
  1. nested: {PE}, {ODD}.
- Wider than any line: $PE_{{(pos,2i)}} = \\sin(pos/10000^{{2i/d}}) = \\sin(pos \\cdot \\omega_i) = \\sin(pos \\cdot 10000^{{-2i/d}}) = \\cos(\\pi/2 - pos \\cdot 10000^{{-2i/d}})$ holds.
"""


@pytest.fixture(scope="module")
def out(tmp_path_factory, built):
    seed = (REPO / "tests" / "fixtures" / "ml-interview-questions.md").read_text("utf-8")
    # The imported document's own paragraph, as the seed has it.
    paragraph = next(line for line in seed.splitlines() if "10000^" in line)
    # And its display of three braces, which ran 64 pt out: TeX does not break after a
    # "+" that follows a brace (a large operator).
    braces = next(line for line in seed.splitlines() if r"\text{MSE} = \underbrace" in line)
    questions = {
        "a.md": question_file("a", "Positional encodings", "[t]", "medium", "What are sinusoidal encodings?", LIST),
        "b.md": question_file("b", "Linear property", "[t]", "medium", "Which property?", paragraph, extra="order: 2\n"),
        "c.md": question_file("c", "Bias and variance", "[t]", "medium", "Decompose the error.", "It is:\n" + braces,
                              extra="order: 3\n"),
        # Titles whose lines, short of the difficulty tag, could not be justified at A5 in large print.
        "d.md": question_file("d", "Weight Initialization: Xavier/Glorot", "[t]", "hard", "Why?", "Variance.", extra="order: 4\n"),
        "e.md": question_file("e", "Batch Normalization: Backpropagation", "[t]", "hard", "How?", "Chain rule.", extra="order: 5\n"),
    }
    project = make_project(tmp_path_factory.mktemp("inline-math"), questions, GUIDE)
    return built(project, "-q", "--large-print", "--imposition", "booklet")


@pytest.mark.tex
def test_no_overfull_line_in_any_log(out):
    logs = sorted((out / ".work").glob("*.log"))
    assert len(logs) >= 2, logs
    overfull = [f"{log.name}: {line}" for log in logs for line in log.read_text("utf-8", "replace").splitlines()
                if line.startswith("Overfull")]
    assert overfull == []


@pytest.mark.tex
def test_the_formulas_read_whole(out):
    text = subprocess.run(["pdftotext", str(out / ".work" / "guide-answers.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    squashed = re.sub(r"\s+", "", text)
    assert squashed.count("sin(pos/10000") >= 6, text  # every formula printed (4 in the list, the seed's, the wide one)
    assert "for every frequency" in text and "holds." in text
