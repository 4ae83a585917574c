"""No page before the last holds a figure and no prose (issue 31, item 3): every page of
the ML guide's default, letter duplex and A5 keys, read back. A figure is where the page
draws an included PDF or image (pypdf: the XObject's box through the current transform);
prose is any word (pdftotext -bbox) outside the figures, their captions, the running
head and the page foot."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import drawing_operations
from pypdf import PdfReader

# The same arguments as test_print_economy's layouts, so the session builds them once.
LAYOUTS = {
    "default": (),
    "letter-duplex": ("--paper", "letter", "--duplex"),
    "booklet": ("--imposition", "booklet"),
}
BAND = 0.09  # the running head and the page foot lie in this share of the page's height, top and bottom
CAPTION = 40  # pt under a figure (or beside it) that its caption may take


@pytest.fixture(scope="module")
def ml(bank: Path, built):
    return lambda layout: built(bank, "-q", "--out", f"build-{layout}", *LAYOUTS[layout])


def figure_boxes(page) -> list[tuple[float, float, float, float]]:
    """(x0, y0, x1, y1) of every XObject the page draws, in the page's coordinates."""
    xobjects = page["/Resources"].get("/XObject", {})
    boxes = []
    for operands, op, ctm in drawing_operations(page):
        if op == b"Do":
            xobject = xobjects[operands[0]].get_object()
            x0, y0, x1, y1 = (float(v) for v in xobject.get("/BBox", [0, 0, 1, 1]))
            corners = [(x * ctm[0] + y * ctm[2] + ctm[4], x * ctm[1] + y * ctm[3] + ctm[5]) for x in (x0, x1) for y in (y0, y1)]
            xs, ys = [p[0] for p in corners], [p[1] for p in corners]
            if max(xs) - min(xs) > 50 and max(ys) - min(ys) > 50:  # not a tick box or an emoji
                boxes.append((min(xs), min(ys), max(xs), max(ys)))
    return boxes


def words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page, each word's box (x0, y0, x1, y1 from the page's foot) and text."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages: list[list] = []
    height = 0.0
    for line in out.splitlines():
        if m := re.search(r'<page width="[\d.]+" height="([\d.]+)"', line):
            pages.append([])
            height = float(m.group(1))
        elif m := re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', line):
            x0, y0, x1, y1 = (float(v) for v in m.groups()[:4])
            pages[-1].append((x0, height - y1, x1, height - y0, m.group(5)))
    return pages


def figure_only_pages(pdf: Path) -> list[int]:
    """The pages (1-based, the last excluded) that draw a figure and hold no prose."""
    reader = PdfReader(pdf)
    found = []
    for number, (page, page_words) in enumerate(zip(reader.pages, words(pdf)), 1):
        boxes = figure_boxes(page)
        if number == len(reader.pages) or not boxes:
            continue
        height = float(page.mediabox.height)

        def in_figure(w) -> bool:
            cx, cy = (w[0] + w[2]) / 2, (w[1] + w[3]) / 2
            # the figure, the caption under it, or the caption beside it (as wide as the line)
            return any(x0 - 2 <= cx <= x1 + 2 and y0 - CAPTION <= cy <= y1 + 2 or y0 - 2 <= cy <= y1 + 2 for x0, y0, x1, y1 in boxes)

        prose = [w[4] for w in page_words if BAND * height < (w[1] + w[3]) / 2 < (1 - BAND) * height and not in_figure(w)
                 and not re.fullmatch(r"Question|\d+|\(continued\)", w[4])]
        if not prose:
            found.append(number)
    return found


@pytest.mark.tex
@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_no_page_before_the_last_holds_only_a_figure(ml, layout):
    out = ml(layout)
    # The A5 key's own pages, before they are imposed two to a side of A4 paper.
    key = out / ".work" / "guide-answers.pdf" if layout == "booklet" else out / "guide-answers.pdf"
    assert any(figure_boxes(page) for page in PdfReader(key).pages), "no figure found: the reader of figures sees nothing"
    assert figure_only_pages(key) == [], f"{key}: pages holding a figure and no prose"
