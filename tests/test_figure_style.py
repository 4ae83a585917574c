"""Print legibility of figures: no text is printed below 8 pt, whatever a script asks for.

The drawn PDF is read back (pypdf: each text run's font size times its text matrices), so
this checks what is printed, not what matplotlib was told.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from pypdf import PdfReader

from guidegen import cache
from guidegen.figures import style
from guidegen.figures.draw import draw_all, plan

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = sorted((REPO / "figures").glob("*.py"))

TINY = '''"""Text a script sets too small: a legend at 6 pt, x-small notes and tick labels at 6 pt."""


def draw(fig):
    ax = fig.subplots()
    ax.plot([0, 1], [0, 1], label="tinylegend")
    ax.plot([0, 1], [1, 0], label="otherentry")
    ax.legend(fontsize=6, loc="center")
    ax.text(0.1, 0.8, "xsmallnote", fontsize="x-small")
    ax.annotate("smallnote", xy=(0.5, 0.5), xytext=(0.6, 0.2), size="small")  # 7.5 pt against font.size 9
    ax.text(0.1, 0.3, "bignote", fontsize=11)
    ax.tick_params(labelsize=6)
    ax.set_xticks([0, 0.5, 1], ["tickzero", "tickhalf", "tickone"])
    ax.set_xlabel("axislabel")
'''


def printed_sizes(pdf: Path) -> dict[str, float]:
    """Each text run of the PDF's one page -> the size it is printed at, in points."""
    sizes: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():  # the text matrix times the current transformation: its scale multiplies the size
            a, b, c, d = (tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3],
                          tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3])
            sizes[text.strip()] = size * abs(a * d - b * c) ** 0.5

    (page,) = PdfReader(pdf).pages
    page.extract_text(visitor_text=visit)
    return sizes


def test_text_set_below_8_pt_is_printed_at_8_pt(tmp_path: Path):
    script = tmp_path / "figures" / "tiny.py"
    script.parent.mkdir()
    script.write_text(TINY + f"\n# drawn for {tmp_path} alone\n")  # never in the shared figure cache
    output = tmp_path / "build" / "tiny.pdf"
    store = cache.Cache(None)
    jobs = plan([(script, output)], store)
    assert [job.script for job in jobs] == [script], "the script must really be drawn, not copied from a cache"
    draw_all(jobs, store, workers=1)  # the build's own path: a worker process runs draw_one

    sizes = printed_sizes(output)
    for word in ("tinylegend", "otherentry", "xsmallnote", "smallnote", "tickzero", "tickhalf", "tickone"):
        assert word in sizes, sorted(sizes)
        assert sizes[word] == pytest.approx(style.MIN_FONTSIZE, abs=0.01), (word, sizes[word])
    # Tick labels the axis writes at drawing time (the y axis's 0.0 ... 1.0) are raised too.
    for tick in ("0.0", "0.2", "0.4", "0.6", "0.8", "1.0"):
        assert sizes.get(tick) == pytest.approx(style.MIN_FONTSIZE, abs=0.01), (tick, sorted(sizes))
    # The floor only raises: larger text keeps its size.
    assert sizes["bignote"] == pytest.approx(11, abs=0.01)
    assert sizes["axislabel"] == pytest.approx(9, abs=0.01)


# What a script can write to set a text's size; sizes below 8 pt against font.size 9.
SIZE_KEYWORDS = {"fontsize", "labelsize", "title_fontsize", "size"}
TEXT_CALLS = {"text", "annotate", "legend", "set_xlabel", "set_ylabel", "set_title", "suptitle", "supxlabel", "supylabel",
              "figtext", "tick_params", "set_tick_params", "clabel", "colorbar", "table", "set_fontsize", "set_size"}
SMALL_NAMES = {"xx-small", "x-small", "small", "smaller"}


def too_small(node: ast.AST) -> bool:
    value = node.value if isinstance(node, ast.Constant) else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value < style.MIN_FONTSIZE
    return isinstance(value, str) and value in SMALL_NAMES


def small_sizes(source: str) -> list[int]:
    """Lines of `source` that set a literal font size below 8 pt."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in TEXT_CALLS and any(too_small(a) for a in node.args if name in {"set_fontsize", "set_size"}):
                lines.append(node.lineno)
            if name in TEXT_CALLS and any(k.arg in SIZE_KEYWORDS and too_small(k.value) for k in node.keywords):
                lines.append(node.lineno)
        pairs = zip(node.keys, node.values) if isinstance(node, ast.Dict) else ()  # prop={"size": 6}, fontdict=...
        if any(isinstance(k, ast.Constant) and k.value in SIZE_KEYWORDS and too_small(v) for k, v in pairs):
            lines.append(node.lineno)
    return sorted(lines)


def test_the_source_scan_finds_small_sizes():
    assert small_sizes(TINY) == [8, 9, 10, 12]
    assert small_sizes("rng.choice(10, size=3)\nax.legend(prop={'size': 'x-small'})\nt.set_fontsize(7)\n") == [2, 3]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_no_figure_script_asks_for_text_below_8_pt(script: Path):
    assert small_sizes(script.read_text("utf-8")) == []


NEGATIVE = '''"""Negative tick labels and math with a minus sign, a times sign and a Greek letter."""


def draw(fig):
    ax = fig.subplots()
    ax.plot([-3, 3], [-2, 2])
    ax.set_xticks([-2, 0, 2])
    ax.set_yticks([-1.5, 0, 1.5])
    ax.set_xlabel(r"$\\alpha - \\beta \\times 2$")
'''


def test_a_minus_sign_copies_out_of_a_figure_as_a_minus_sign(tmp_path: Path):
    script = tmp_path / "figures" / "negative.py"
    script.parent.mkdir()
    script.write_text(NEGATIVE + f"\n# drawn for {tmp_path} alone\n")
    output = tmp_path / "build" / "negative.pdf"
    store = cache.Cache(None)
    draw_all(plan([(script, output)], store), store, workers=1)
    import subprocess

    words = subprocess.run(["pdftotext", str(output), "-"], capture_output=True, text=True, check=True).stdout.split()
    assert "¡" not in "".join(words)  # cmsy10's code for the minus sign, as it used to copy
    assert {"\u22122", "\u22121.5"} <= set(words), words  # the tick labels, with a real minus sign
    assert "\u03b1\u2212\u03b2\u00d72" in words, words  # math copies as written
