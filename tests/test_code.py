"""Code on paper, read back from the PDFs: highlighted by its language, on a grey ground,
long lines wrapped under their own indentation, nothing in the margin, and code that
looks like LaTeX printed as typed."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import make_project, question_file
from pypdf import PdfReader
from pypdf.generic import ContentStream

GUIDE = "title: Code\ntopics:\n  - slug: t\n    name: T\n"
PYTHON = '''```python
import numpy as np

class Adam:
    """Adam with bias correction."""
    def step(self, params, grads, lr=1e-3, beta1=0.9):
        for p, g in zip(params, grads):
            self.m[p] = beta1 * self.m[p] + (1 - beta1) * g  # firstmoment kept as a running mean of the gradients over the steps so far
            m_hat = self.m[p] / (1 - beta1 ** self.t); v_hat = self.v[p] / (1 - beta2 ** self.t); p -= lr * m_hat / (np.sqrt(v_hat) + eps)
''' + " " * 60 + '''deep = "an indent of sixty columns, deeper than the line is wide on an A5 page"
        return None, True, "done", 42
        path = "/usr/share/texlive/texmf-dist/tex/latex/base/article.cls/and/more/folders/beyond/the/margin/of/the/page"
```'''
LATEX = r'''```latex
\input{/etc/passwd} \write18{touch /tmp/guidegen-pwned} \end{ggcode}\catcode`\{=12
```

```nosuchlanguage
plain words \input{/etc/hostname} unhighlighted
```'''
QUESTION = ("Use `torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0=10, T_mult=2)` and "
            "`/usr/share/texlive/texmf-dist/tex/latex/base/article.cls` and "
            "`a_very_long_identifier_without_any_break_in_it_at_all_whatsoever_really` in a sentence.")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    questions = {
        "a.md": question_file("a", "Adam in code", "[t]", "medium", QUESTION, "In Python:\n\n" + PYTHON, extra="order: 1\n"),
        "b.md": question_file("b", "Code as text", "[t]", "easy", "What does this print?\n\n" + LATEX, "Itself.", extra="order: 2\n"),
    }
    return make_project(tmp_path_factory.mktemp("code"), questions, GUIDE)


def text_colours(pdf: Path, page: int) -> dict[str, set[tuple[float, ...]]]:
    """Each word shown on the page -> the fill colours it is shown in (read from the page's
    content stream: rg/g/k operators and the text operators after them)."""
    reader = PdfReader(pdf)
    content = ContentStream(reader.pages[page - 1].get_contents(), reader)
    colour: tuple[float, ...] = (0.0,)
    stack: list[tuple[float, ...]] = []
    found: dict[str, set[tuple[float, ...]]] = {}
    for operands, operator in content.operations:
        if operator in (b"rg", b"g", b"k"):
            colour = tuple(round(float(x), 2) for x in operands)
        elif operator == b"q":
            stack.append(colour)
        elif operator == b"Q" and stack:
            colour = stack.pop()
        elif operator in (b"Tj", b"TJ"):
            parts = operands[0] if operator == b"TJ" else [operands[0]]
            text = "".join(p.get_original_bytes().decode("latin-1") for p in parts if hasattr(p, "get_original_bytes"))
            for word in re.findall(r"[A-Za-z0-9_]+", text):
                found.setdefault(word, set()).add(colour)
    return found


def bbox_words(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [(w, float(a), float(b), float(c), float(d))
            for a, b, c, d, w in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', html)]


def overfull(out: Path) -> list[str]:
    return [line for log in (out / ".work").glob("*.log")
            for line in log.read_text("utf-8", "replace").splitlines() if line.startswith(("Overfull", "Underfull"))]


@pytest.mark.tex
def test_python_prints_highlighted_in_several_colours(project: Path, built):
    key = built(project, "-q") / "guide-answers.pdf"
    colours: dict[str, set[tuple[float, ...]]] = {}
    for page in range(1, len(PdfReader(key).pages) + 1):  # a booklet this small starts on page 1
        for word, found in text_colours(key, page).items():
            colours.setdefault(word, set()).update(found)
    black = {(0.0,), (0.0, 0.0, 0.0)}
    # Text is shown in runs (a comment's words come as one: spaces are glue, not characters).
    tokens = {word: colours[word] for word in ("import", "class", "Adam", "zip", "None", "42", "numpy")}
    tokens["firstmoment"] = next(c for run, c in colours.items() if run.startswith("firstmoment"))
    assert tokens["numpy"] <= black, tokens  # a plain name stays black
    for keyword in ("import", "class"):
        assert not tokens[keyword] & black, tokens
    distinct = {c for word in ("import", "Adam", "zip", "None", "42", "firstmoment") for c in tokens[word]} - black
    assert len(distinct) >= 5, tokens  # keyword, class name, built-in, constant, number, comment


@pytest.mark.tex
@pytest.mark.parametrize("args", [(), ("--imposition", "booklet")], ids=["a4", "a5-booklet"])
def test_wrapped_lines_keep_their_indentation_and_nothing_runs_into_the_margin(project: Path, built, args):
    out = built(project, "-q", *args)
    key = out / ".work" / "guide-answers.pdf"  # the A5 pages themselves, before imposition
    assert [line for line in overfull(out) if line.startswith("Overfull")] == []  # long lines, deep indents, long spans fit
    pages = len(PdfReader(key).pages)
    words = [w for page in range(1, pages + 1) for w in bbox_words(key, page)]
    width = float(PdfReader(key).pages[0].mediabox.width)
    margin = width - min(w[1] for w in words if w[0] == "Use")  # the text block's left edge, mirrored
    # Nothing beyond the right margin (microtype hangs a hyphen or a period ~2 pt out, by design).
    assert max(w[3] for w in words) <= margin + 3, (max(words, key=lambda w: w[3]), margin)
    # The line "self.m[p] = ..." wraps; every line up to "m_hat" starts at or right of its indent.
    start = next(i for i, w in enumerate(words) if w[0].startswith("self.m[p]"))
    end = next(i for i, w in enumerate(words) if w[0].startswith("m_hat"))
    indent = words[start][1]
    line_starts = [w for i, w in enumerate(words[start:end]) if i == 0 or w[2] > words[start + i - 1][2] + 2]
    assert len(line_starts) >= 2, line_starts  # it did wrap
    column = (words[start][3] - words[start][1]) / len("self.m[p]")
    for word in line_starts[1:]:
        assert word[1] >= indent + 1.5 * column, (word, indent)  # under its indentation, after the hook


@pytest.mark.tex
def test_code_that_looks_like_latex_prints_as_typed_and_unknown_languages_print_plain(project: Path, built):
    out = built(project, "-q")
    sheet = out / "guide-questions.pdf"
    text = " ".join(subprocess.run(["pdftotext", str(sheet), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "\\input{/etc/passwd} \\write18{touch /tmp/guidegen-pwned} \\end{ggcode}\\catcode`\\{=12" in text
    assert "plain words \\input{/etc/hostname} unhighlighted" in text
    assert "root:" not in text and not Path("/tmp/guidegen-pwned").exists()
    tex = (out / ".work" / "guide-questions.tex").read_text("utf-8")
    latex_block, plain_block = re.findall(r"\\begin\{ggcode\}.*?\\end\{ggcode\}\n", tex, re.S)
    assert "\\ggcK{\\textbackslash{}input}" in latex_block  # highlighted as a LaTeX command, escaped
    assert not re.search(r"\\ggc[A-Z]", plain_block) and "\\ggcl{0}plain" in plain_block  # no language Pygments knows: plain
    # Both on the grey ground.
    for first in ("\\input{/etc/passwd}", "plain"):
        assert 225 <= ground(sheet, first) <= 250, first


def ground(pdf: Path, word: str) -> int:
    """The grey (0 black, 255 white) just left of the first page's first `word`, at 72 dpi."""
    page = next(n for n in range(1, len(PdfReader(pdf).pages) + 1) if word in [w[0] for w in bbox_words(pdf, n)])
    (_, x0, y0, _, y1), *_ = [w for w in bbox_words(pdf, page) if w[0] == word]
    pgm = subprocess.run(["pdftoppm", "-r", "72", "-gray", "-f", str(page), "-l", str(page), str(pdf)],
                         capture_output=True, check=True).stdout
    _, width, _, _, pixels = pgm.split(maxsplit=4)
    return pixels[round((y0 + y1) / 2) * int(width) + round(x0) - 3]


@pytest.mark.tex
def test_a_long_code_answer_breaks_across_pages_and_stays_matched(tmp_path: Path, built):
    from test_print_economy import assert_pages_match, starts

    code = "```python\n" + "".join(f"    value_{n} = compute(value_{n - 1}, step={n})  # line {n}\n" for n in range(1, 151)) + "```"
    questions = {
        "a.md": question_file("a", "Long code", "[t]", "easy", "Write it all.", "All of it:\n\n" + code, extra="order: 1\n"),
        "b.md": question_file("b", "After", "[t]", "easy", "Then?", "Then this.", extra="order: 2\n"),
    }
    out = built(make_project(tmp_path, questions, GUIDE), "-q")
    sheet, key = out / "guide-questions.pdf", out / "guide-answers.pdf"
    assert_pages_match(sheet, key, questions=2)
    assert starts(key)["2 After"] - starts(key)["1 Long code"] >= 2  # the block ran over pages
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(key), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert all(f"value_{n} = compute(value_{n - 1}, step={n}) # line {n}" in text for n in range(1, 151))
    assert [line for line in overfull(out) if line.startswith("Overfull")] == []
    assert 225 <= ground(key, "value_150") <= 250  # the grey ground goes on over the page
