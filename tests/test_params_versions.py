"""Numbers drawn per version: a probability question with n and p, built in three
versions, prints three sets of numbers, and each key's answer is the formula evaluated on
its own version's numbers (worked out here with Python's math, read back from the PDFs)."""

from __future__ import annotations

import html
import math
import re
from pathlib import Path

import pytest

from conftest import guidegen, make_project, pdftotext, question_file

GUIDE = ("title: Probability\ntopics:\n  - slug: prob\n    name: Probability\n"
         "id: 0b5c3a52-6f1e-4c55-9d38-2f0f3b8e7a10\ndeck: Probability\n")
BINOMIAL = question_file(
    "binomial-heads", "Heads in n tosses", "[prob]", "easy",
    "A coin lands heads with probability $p = {{p}}$ and is tossed $n = {{n}}$ times, so $x^{{2}}$ stays TeX. "
    "How many heads are expected?",
    "The standard deviation is {{sd:.3f}} heads.",
    "params:\n  n: {int: [20, 60]}\n  p: {choice: [0.1, 0.2, 0.25, 0.3]}\ncompute:\n  mean: n * p\n"
    "  sd: sqrt(n * p * (1 - p))\nrequire: sd >= 2\nanswer: {value: \"{{mean}}\", tolerance: 1%}\n")
CHOICE = question_file(
    "binomial-choice", "Choose the mean", "[prob]", "easy",
    "With n = {{n}} tosses of a fair coin the expected number of heads is:\n\n- [x] {{n / 2}}\n- [ ] {{n}}\n- [ ] {{n + 3}}",
    "", "params:\n  n: {int: [10, 40], step: 2}\n")
FIGURE = question_file(
    "binomial-figure", "The distribution", "[prob]", "easy",
    "![Heads in {{n}} tosses](bars.py)\n\nWhere is the peak?", "Near {{n / 2}}.", "params:\n  n: {int: [100, 999]}\n")
BARS = ("def draw(fig, params):\n    ax = fig.subplots()\n    ax.bar([0, 1], [1, 2])\n"
        "    ax.set_title(f\"drawn with n {params['n']}\")\n")
NUMBERS = re.compile(r"p = ([\d.]+) and is tossed n = (\d+) times")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("params"), {"heads.md": BINOMIAL, "choice.md": CHOICE, "figure.md": FIGURE}, GUIDE)
    (project / "figures").mkdir()
    (project / "figures" / "bars.py").write_text(BARS)
    return project


def _drawn(text: str) -> tuple[float, int]:
    found = NUMBERS.search(text)
    assert found, text[:600]
    return float(found.group(1)), int(found.group(2))


@pytest.mark.tex
def test_three_versions_three_sets_of_numbers_and_keys_that_follow_them(project, built):
    out = built(project, "--versions", "3", "--seed", "7")
    seen = []
    for version in "ABC":
        key = pdftotext(out / f"guide-{version}-answers.pdf")
        sheet = pdftotext(out / f"guide-{version}-questions.pdf")
        p, n = _drawn(key)
        assert _drawn(sheet) == (p, n)  # the sheet asks what its key answers
        assert "x2 stays" in key  # x^{{2}} names no parameter: TeX's braces
        mean, sd = n * p, math.sqrt(n * p * (1 - p))
        assert sd >= 2  # require
        answer = re.search(r"Answer: ([\d.]+) \(± 1% = ([\d.]+)\)", key)
        assert answer, key[:800]
        assert float(answer.group(1)) == pytest.approx(mean, abs=1e-9)
        assert float(answer.group(2)) == pytest.approx(mean / 100, rel=1e-4)
        assert f"The standard deviation is {sd:.3f} heads." in key
        assert "Answer:" not in sheet and f"{sd:.3f}" not in sheet
        # The computed options: the right one, n / 2, marked in the key.
        tosses = int(re.search(r"With n = (\d+) tosses", key).group(1))
        assert re.search(rf"✓ [A-C]\. {tosses // 2}\b", key), key
        assert f"With n = {tosses} tosses" in sheet
        seen.append((p, n, tosses, float(answer.group(1))))
        # The figure script is given the version's values; its caption has them too.
        drawn_n = re.search(r"Heads in (\d+) tosses", key).group(1)
        assert f"drawn with n {drawn_n}" in key, key
        assert f"Near {int(drawn_n) / 2:g}." in key
    assert len(set(seen)) == 3, seen
    grader = pdftotext(out / "guide-grader.pdf")
    for p, n, _, mean in seen:
        assert f"{mean:g} ± 1%" in grader, grader


def test_anki_takes_one_draw_and_its_answer_follows_it(project, tmp_path):
    from test_anki import read_apkg

    # The figure question builds too: drawn with version A's values (test_param_figures_outputs).
    result = guidegen(project, "anki", "--out", str(tmp_path / "deck"))
    assert result.returncode == 0, result.stderr
    [deck] = (tmp_path / "deck").glob("*.apkg")
    note = read_apkg(deck, tmp_path).notes["binomial-heads"]["fields"]
    text = re.sub(r"<[^>]+>|\\\(|\\\)", "", " ".join(note.values()))
    p, n = float(re.search(r"p = ([\d.]+)", text).group(1)), int(re.search(r"n = (\d+)", text).group(1))
    assert "{{" not in text.replace("x^{{2}}", "")
    answer = float(re.search(r"Answer: ([\d.]+)", text).group(1))
    assert answer == pytest.approx(n * p, abs=1e-9)


def _page_numbers(project: Path, out: Path, seed: str) -> list[tuple[str, str]]:
    result = guidegen(project, "html", "--versions", "3", "--seed", seed, "--out", str(out), "--exclude-id", "binomial-figure")
    assert result.returncode == 0, result.stderr
    drawn = []
    for version in "ABC":
        [page] = out.glob(f"*-{version}.html")
        page = page.read_text()
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
        p, n = re.search(r"p = ([\d.]+) and is tossed n = (\d+) times", text).groups()
        answer = re.search(r"Answer: ([\d.]+)", text)
        assert answer, text[:500]
        assert float(answer.group(1)) == pytest.approx(int(n) * float(p), abs=1e-9)
        drawn.append((p, n))
    return drawn


def test_the_page_shows_each_versions_numbers_and_a_seed_decides_them(project, tmp_path):
    drawn = _page_numbers(project, tmp_path / "site", "7")
    assert len(set(drawn)) == 3, drawn
    assert _page_numbers(project, tmp_path / "again", "7") == drawn  # a rebuild draws the same numbers
    assert _page_numbers(project, tmp_path / "other", "8") != drawn  # another seed, others
