"""The 14 pt edition, read back from the key: a long title keeps its difficulty on its
last line, and captions and the "(continued)" label are set large, not at the small sizes
of the usual edition."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import make_project, question_file

GUIDE = "title: Large print\ntopics:\n  - slug: t\n    name: T\n"
LONG = " ".join(["The optimiser keeps running means of the gradient and of its square."] * 30)
# Its last line is full in large print: the tag used to go on a line of its own.
TITLE = "Why does the learning rate warm-up help the optimiser converge when the batch is very large and noisy"


@pytest.fixture(scope="module")
def key(tmp_path_factory, built) -> Path:
    root = tmp_path_factory.mktemp("large-print")
    import matplotlib  # a figure: a PDF drawn here, included as a local image

    matplotlib.use("pdf")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(figsize=(3.2, 2.2))
    axes.plot([0, 1, 2], [0, 1, 4])
    (root / "content").mkdir()
    fig.savefig(root / "content" / "loss.pdf")
    plt.close(fig)
    questions = {
        "a.md": question_file("a", "Bias correction", "[t]", "medium", "What goes wrong without it?",
                              f"Both moments start at zero. {LONG}\n\n![Training loss against the epochs for three learning rates.](loss.pdf)",
                              extra="order: 1\n"),
        "b.md": question_file("b", TITLE, "[t]", "medium", "Why?", "Because.", extra="order: 2\n"),
    }
    out = built(make_project(root, questions, GUIDE), "-q", "--large-print")
    return out / "guide-answers.pdf"


def words(pdf: Path) -> list[tuple[int, str, float, float, float, float]]:
    """(page, word, xMin, yMin, xMax, yMax) of every word."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found = []
    for number, page in enumerate(re.findall(r"<page .*?</page>", html, re.DOTALL), start=1):
        for a, b, c, d, w in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', page):
            found.append((number, w, float(a), float(b), float(c), float(d)))
    return found


def height(found, word: str) -> float:
    return next(w[5] - w[3] for w in found if w[1] == word)


@pytest.mark.tex
def test_captions_and_the_continued_label_are_large(key: Path):
    found = words(key)
    body = height(found, "optimiser")
    # Same fonts, same measure: the word's box is as tall as the text's (it was 0.83 of it).
    assert height(found, "Training") >= 0.95 * body, (height(found, "Training"), body)
    assert "(continued)" in [w[1] for w in found]
    # The label is as large as the running heads (12 pt), no longer 10 pt (0.47 of the text's box).
    page = next(w[0] for w in found if w[1] == "(continued)")
    label = height(found, "(continued)")
    head = height([w for w in found if w[0] == page], "Large")  # the running head on its page
    assert label >= 0.95 * head and label >= 0.8 * body, (label, head, body)


@pytest.mark.tex
def test_a_long_title_keeps_its_difficulty_on_its_last_line(key: Path):
    found = words(key)
    last = next(w for w in found if w[1] == "noisy")  # the title's last word
    tag = next(w for w in found if w[0] == last[0] and w[1].lower() == "medium" and w[3] > last[3] - 20)
    assert last[3] <= (tag[3] + tag[5]) / 2 <= last[5], (last, tag)  # on the title's last line
    assert tag[2] > last[4] + 10, (last, tag)  # after the title, apart from it
    question = next(w for w in found if w[0] == last[0] and w[1] == "Why?")
    # Nothing between the title and its question: the next line down is the question.
    assert question[3] - last[5] < 0.5 * (last[5] - last[3]), (last, question)
