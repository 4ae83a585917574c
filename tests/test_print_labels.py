"""Small print that must read and copy right: the calibration sheet's scale numbers
(separate, legible, true minus signs) and "≤" copied out of a drawn figure."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import guidegen, make_project, question_file

GUIDE = "title: Labels\ntopics:\n  - slug: t\n    name: T\n"
MINUS = "\u2212"


def page_words(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [(w, float(a), float(b), float(c), float(d))
            for a, b, c, d, w in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', html)]


@pytest.mark.tex
def test_calibration_scale_numbers_are_separate_legible_and_signed(tmp_path: Path):
    project = make_project(tmp_path, {"a.md": question_file("a", "One", "[t]", "easy", "Q?", "A.")}, GUIDE)
    result = guidegen(project, "cards", "--calibrate", "-q")
    assert result.returncode == 0, result.stderr
    pdf = project / "build" / "cards-calibration.pdf"
    numbers = [w for w in page_words(pdf, 2) if re.fullmatch(r"[-\u2212]?\d", w[0])]
    # Five targets, two scales each, five numbers a scale: each number a word of its own.
    assert len(numbers) == 50, numbers
    assert sorted({w[0] for w in numbers}) == sorted({f"{MINUS}4", f"{MINUS}2", "0", "2", "4"}), numbers
    assert not any(w[0].startswith("-") for w in numbers)  # a minus sign, not a hyphen
    text = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert not re.search(r"\d[-\u2212]\d", text), text  # no "-4-2": no two numbers run together
    heights = {round(w[4] - w[2], 1) for w in numbers}
    assert min(heights) >= 5.5, heights  # 6.5 pt type reads 5.7 pt high (the 5 pt numbers read 4.4)
    # Neighbours never touch: numbers on one line of text are at least a space apart.
    for a in numbers:
        for b in numbers:
            if a is not b and abs(a[2] - b[2]) < 1 and a[1] < b[1]:
                assert b[1] - a[3] >= 1.5, (a, b)


def test_less_or_equal_copies_out_of_a_figure(tmp_path: Path):
    import matplotlib

    matplotlib.use("pdf")
    import matplotlib.pyplot as plt

    from guidegen.figures.style import RC  # the print style: math in Computer Modern
    from guidegen.figures.tounicode import fix_pdf

    with plt.rc_context(RC):
        figure, axes = plt.subplots(figsize=(3, 2))
        axes.set_title(r"$x \leq 2$, $y \geq 3$, $\kappa \cdot b$, $\bullet$")
        path = tmp_path / "figure.pdf"
        figure.savefig(path)
        plt.close(figure)
    fix_pdf(path)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "x ≤ 2" in text and "y ≥ 3" in text and "κ ⋅ b" in text, text
    assert text.count("∙") == 1, text  # the bullet alone
