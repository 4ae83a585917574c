"""Markdown to LaTeX: every construct of the content format, read back from the PDF."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from guidegen.convert import convert

GUIDE = "title: Markdown\ntopics:\n  - slug: m\n    name: Markdown\n"
BODY = r"""A paragraph with *emphasis*, **bold** and `inline code` and a [link](https://example.org/a_b?x=1&y=%20#frag).

```
def f(x):
    return {x: 50% of x}  # braces, percent, hash
```

- first bullet
  - nested bullet with $x^2$
- second bullet
  1. nested number one
  2. nested number two

3. a list starting at three
4. and four

| Symbol | Meaning | Value |
|:-------|:-------:|------:|
| $\alpha$ | learning rate | 0.01 |
| $\beta_1$ | momentum | 0.9 |

> A block quote, with a line of $\sqrt{d_k}$ in it.

Specials: # \$ % & ~ _ ^ \ { } < > | " and Unicode: é – — “quoted” × ≤ ≥ → α β Γ.

$$ \mathcal{L} = -\frac{1}{N}\sum_{i=1}^{N} y_i \log \hat{y}_i $$

## Answer

Done.
"""


def test_every_construct_converts():
    latex = convert(BODY.split("## Answer")[0], Path("q.md"), 7).latex
    for needle in ("\\emph{emphasis}", "\\textbf{bold}", "\\texttt{inline code}", "\\begin{ggcode}", "\\begin{itemize}",
                   "\\begin{enumerate}[start=3]", "\\begin{tabular}{lcr}", "\\toprule", "\\begin{quote}", "\\href{",
                   "\\(x^2\\)", "\\[ \\mathcal{L}", "\\ensuremath{\\alpha}"):
        assert needle in latex, needle
    assert latex.count("\\begin{itemize}") == 2 and latex.count("\\begin{enumerate}") == 2


def test_every_construct_prints(tmp_path: Path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "guide.yaml").write_text(GUIDE)
    (tmp_path / "content" / "q.md").write_text("---\nid: q\ntitle: All of Markdown\ntopics: [m]\ndifficulty: easy\n---\n" + BODY, "utf-8")
    result = subprocess.run([sys.executable, "-m", "guidegen", "build", "-q", "--project", str(tmp_path), "--answer-space", "none"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "build" / "guide-questions.pdf"), "-"], capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    for shown in ("A paragraph with emphasis, bold and inline code and a link",
                  "return {x: 50% of x} # braces, percent, hash",
                  "first bullet", "nested bullet with", "nested number one", "3. a list starting at three",
                  "learning rate", "0.01", "A block quote",
                  "Specials: # $ % & ~ _ ^ \\ { } < > | \" and Unicode: é – — “quoted” × ≤ ≥ → α β Γ."):
        assert shown in flat, shown
    # The link's address is printed too (in parentheses inside the question's box),
    # possibly broken across lines.
    assert "(https://example.org/a_b?x=1&y=%20#frag)" in re.sub(r"\s", "", text)
    log = (tmp_path / "build" / ".work" / "guide-questions.log").read_text()
    assert "Overfull" not in log and "Missing character" not in log
