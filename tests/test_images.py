"""Images people put in their notes: local PNG, JPG and PDF files beside the question or
under figures/, scaled to the text width; remote images are never fetched by a build."""

from __future__ import annotations

import pytest

import subprocess
import sys
from pathlib import Path

from conftest import guidegen, make_project, pdftotext, question_file

GUIDE = "title: T\ntopics:\n  - slug: t\n    name: T\n"


def picture(path: Path, kind: str) -> None:
    """A small raster or vector file drawn by matplotlib (a real PNG, JPG or PDF)."""
    code = ("import matplotlib; matplotlib.use('Agg'); from matplotlib.figure import Figure\n"
            f"fig = Figure(figsize=(3, 2)); ax = fig.subplots(); ax.plot([0, 1], [0, 1]); ax.set_title('{kind} picture')\n"
            f"fig.savefig({str(path)!r}, format={'jpeg' if kind == 'jpg' else kind!r}, dpi=80)\n")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.tex
def test_local_images_are_included_at_text_width(tmp_path: Path):
    body = ("Beside it:\n\n![A PNG](plot.png)\n\nFrom figures/:\n\n![A PDF](figures/vector.pdf)\n\n"
            '<p align="center"><img src="photo.jpg" alt="A JPG"></p>\n')
    project = make_project(tmp_path, {"t/q.md": question_file("q", "Images", "[t]", "easy", body, "Fine.")}, GUIDE)
    picture(project / "content" / "t" / "plot.png", "png")
    (project / "figures").mkdir()
    picture(project / "figures" / "vector.pdf", "pdf")
    picture(project / "figures" / "photo.jpg", "jpg")
    result = guidegen(project, "build", "-q")
    assert result.returncode == 0, result.stderr
    sheet = pdftotext(project / "build" / "guide-questions.pdf")
    for caption in ("Figure 1: A PNG", "Figure 2: A PDF", "Figure 3: A JPG", "pdf picture"):
        assert caption in sheet
    images = subprocess.run(["pdfimages", "-list", str(project / "build" / "guide-questions.pdf")],
                            capture_output=True, text=True, check=True).stdout
    assert [line.split()[2] for line in images.splitlines()[2:]].count("image") == 2  # the PNG and the JPG
    tex = (project / "build" / ".work" / "guide-questions.tex").read_text()
    assert "\\ggimage{images/content--t--plot.png}{A PNG}" in tex
    assert "\\ggimage{images/figures--vector.pdf}{A PDF}" in tex
    for log in (project / "build" / ".work").glob("guide-*.log"):
        assert "Overfull" not in log.read_text("utf-8", "replace")


@pytest.mark.tex
def test_an_edited_image_rebuilds_the_pdf(tmp_path: Path):
    project = make_project(tmp_path, {"q.md": question_file("q", "I", "[t]", "easy", "![A](p.png)", "Fine.")}, GUIDE)
    picture(project / "content" / "p.png", "png")
    assert guidegen(project, "build", "-q", "--no-page-match").returncode == 0
    before = (project / "build" / "guide-questions.pdf").read_bytes()
    picture(project / "content" / "p.png", "jpg")  # other bytes under the same name (a JPEG is still read)
    (project / "content" / "p.png").write_bytes((project / "content" / "p.png").read_bytes())
    result = guidegen(project, "build", "-q", "--no-page-match")
    assert result.returncode == 0, result.stderr
    assert (project / "build" / "guide-questions.pdf").read_bytes() != before


def test_missing_and_outside_images_are_errors_and_a_remote_one_a_warning(tmp_path: Path):
    outside = tmp_path / "outside.png"
    picture(outside, "png")
    body = ("![web](https://example.com/x.png)\n\n![gone](missing.png)\n\n![up](../../outside.png)\n\n"
            "![link](linked.png)\n")
    project = make_project(tmp_path / "p", {"q.md": question_file("q", "I", "[t]", "easy", body, "Fine.")}, GUIDE)
    (project / "content" / "linked.png").symlink_to(outside)
    result = guidegen(project, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[:4] == [
        "content/q.md:7: warning: image 'https://example.com/x.png' is not a file of the project, and is never fetched: it "
        "prints as a framed placeholder with its address; to print the image, save it beside the question or in figures/ "
        "and name that file",
        "content/q.md:9: error: image 'missing.png' does not exist beside the question or in figures/ (or lies outside the project)",
        "content/q.md:11: error: image '../../outside.png': name a file inside the project with letters, digits, '-', '_' and '.' "
        "(no spaces, no '..'), relative to the question's folder or to figures/",
        "content/q.md:13: error: image 'linked.png' does not exist beside the question or in figures/ (or lies outside the project)",
    ]
    assert lines[4] == "Error: 4 problems found (1 warning); nothing was written."


SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">
<rect x="10" y="10" width="180" height="80" fill="#0072B2"/>
<text x="100" y="60" font-size="20" text-anchor="middle" fill="white">svg picture</text></svg>"""


@pytest.mark.tex
def test_an_svg_image_is_converted_and_included(tmp_path: Path):
    project = make_project(tmp_path, {"q.md": question_file("q", "I", "[t]", "easy", "![A diagram](diagram.svg)", "Fine.")}, GUIDE)
    (project / "content" / "diagram.svg").write_text(SVG)
    result = guidegen(project, "build", "-q")
    assert result.returncode == 0, result.stderr
    sheet = pdftotext(project / "build" / "guide-questions.pdf")
    assert "Figure 1: A diagram" in sheet and "svg picture" in sheet
    (project / "content" / "diagram.svg").write_text("<svg this is not")
    broken = guidegen(project, "build")
    assert broken.returncode == 1 and "Traceback" not in broken.stderr
    # Found by loading, before rsvg-convert runs: `check` reports it too.
    assert "content/diagram.svg:1: error: this SVG image is not well-formed XML" in broken.stderr
