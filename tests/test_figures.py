"""Figures drawn from code: every script of the guide, the cache, and scripts that fail."""

from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

import conftest


from guidegen.figures import style as figstyle
from guidegen.figures.draw import draw_one

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = sorted((REPO / "figures").glob("*.py"))
GUIDE = "title: Figures\ntopics:\n  - slug: f\n    name: Figures\n"


def guidegen(project: Path, *args: str, python_flags: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    if python_flags:  # what the process imports: the real command
        return conftest.guidegen_process(project, *args, "--project", ".", python_flags=python_flags)
    return conftest.guidegen(project, *args, "--project", ".")


def project_with_figure(tmp_path: Path, script: str, where: str = "answer") -> Path:
    (tmp_path / "content").mkdir()
    (tmp_path / "figures").mkdir()
    (tmp_path / "content" / "guide.yaml").write_text(GUIDE)
    image = "![A straight line, drawn from code.](line.py)"
    question, answer = ("Look at this.\n\n" + image, "It is straight.") if where == "question" else ("What is this?", "A line.\n\n" + image)
    (tmp_path / "content" / "q.md").write_text(f"---\nid: q\ntitle: Line\ntopics: [f]\ndifficulty: easy\n---\n{question}\n\n## Answer\n\n{answer}\n")
    (tmp_path / "figures" / "line.py").write_text(script)
    return tmp_path


LINE = '"""A line."""\n\n\ndef draw(fig):\n    ax = fig.subplots()\n    ax.plot([0, 1], [0, 1])\n    ax.set_xlabel("x")\n'


def declared_figsize(script: Path) -> tuple[float, float]:
    """The script's FIGSIZE (inches), read from its source; figstyle's default otherwise."""
    for node in ast.parse(script.read_text("utf-8")).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "FIGSIZE" for t in node.targets):
            return tuple(ast.literal_eval(node.value))
    return figstyle.FIGSIZE


def font_embedding(pdf: Path) -> dict[str, str]:
    """Font name -> pdffonts' 'emb' column (yes/no) for every font the PDF uses."""
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    return {line.split()[0]: line.split()[-5] for line in lines if line.strip()}  # ... emb sub uni object generation


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_each_figure_script_draws_a_one_page_vector_pdf(script: Path, bank_pdfs: Path):
    drawn = bank_pdfs / f"{script.stem}.pdf"  # drawn by a figure worker for the session
    assert drawn.is_file()
    reader = PdfReader(drawn)
    assert len(reader.pages) == 1
    page = reader.pages[0]
    # Printed at its natural size: the page is exactly the size the script asks for.
    width, height = declared_figsize(script)
    assert float(page.mediabox.width) == pytest.approx(width * 72, abs=0.5)
    assert float(page.mediabox.height) == pytest.approx(height * 72, abs=0.5)
    assert width * 72 <= 430  # within the A4 text width (about 5.9 in), so LaTeX never shrinks it
    # Text stays vector text, in fonts carried inside the PDF.
    fonts = font_embedding(drawn)
    assert fonts, "text should be vector text with embedded fonts, not pixels"
    assert set(fonts.values()) == {"yes"}, fonts


# Determinism is the drawing code's (no dates, a fixed SVG salt), not each script's: two
# scripts stand for all, one with math in every label and one with a raster heat map.
@pytest.mark.parametrize("stem", ["softmax-scaling", "positional-encoding"])
@pytest.mark.parametrize("suffix", [".pdf", ".svg"])
def test_the_same_script_draws_the_same_bytes(stem: str, suffix: str, bank_pdfs: Path, bank_svgs: Path, tmp_path: Path):
    first = (bank_pdfs if suffix == ".pdf" else bank_svgs) / f"{stem}{suffix}"  # a worker's drawing
    again = tmp_path / f"again{suffix}"
    assert draw_one(REPO / "figures" / f"{stem}.py", again) is None  # this process's
    assert first.read_bytes() == again.read_bytes(), "the same script must draw the same bytes"


@pytest.fixture(scope="module")
def line_built(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess, Path]:
    """A project whose answer shows a figure drawn for it alone (its script salted with its
    folder, so never in the shared cache), built once: (project, the build's result, a
    folder with a copy of the PDFs that build wrote). The project is for
    test_cached_figures_..., which builds it again; the copies are what the first build made."""
    root = tmp_path_factory.mktemp("line")
    (root / "p").mkdir()
    project = project_with_figure(root / "p", LINE + f"\n# drawn for {root} alone\n")
    result = guidegen(project, "build")
    first = root / "first-build"
    first.mkdir()
    for pdf in (project / "build").glob("*.pdf"):
        shutil.copy2(pdf, first / pdf.name)
    return project, result, first


@pytest.mark.tex
def test_figure_in_answer_is_in_the_key_only(line_built):
    _, result, out = line_built
    assert result.returncode == 0, result.stderr
    assert "Drawing 1 figure" in result.stderr
    key = PdfReader(out / "guide-answers.pdf")
    sheet = PdfReader(out / "guide-questions.pdf")
    assert any("Figure 1: A straight line, drawn from code." in p.extract_text() for p in key.pages)
    assert not any("straight line" in p.extract_text() for p in sheet.pages)

    def forms(reader):
        return sum(1 for p in reader.pages for x in (p["/Resources"].get("/XObject") or {}).values() if x.get_object()["/Subtype"] == "/Form")

    assert forms(key) == 1 and forms(sheet) == 0


@pytest.mark.tex
def test_cached_figures_are_not_redrawn_and_matplotlib_is_not_imported(line_built):
    project, first, _ = line_built  # built once, drawing its figure: now edited and built again
    assert first.returncode == 0 and "Drawing 1 figure" in first.stderr, first.stderr
    answer = project / "content" / "q.md"
    answer.write_text(answer.read_text().replace("A line.", "A straight line."))
    again = guidegen(project, "build", python_flags=("-X", "importtime"))
    assert again.returncode == 0, again.stderr
    assert "Drawing" not in again.stderr
    assert " matplotlib" not in again.stderr  # -X importtime lists every module imported
    # Changing the script redraws it.
    (project / "figures" / "line.py").write_text(LINE.replace("[0, 1], [0, 1]", "[0, 1], [1, 0]") + f"\n# {project}\n")
    redrawn = guidegen(project, "build")
    assert "Drawing 1 figure" in redrawn.stderr


@pytest.mark.parametrize(
    "script, expected",
    [
        ("def draw(fig):\n    ax = fig.subplots()\n    ax.plot(1 / 0)\n", "figures/line.py:3: error: figure script failed: ZeroDivisionError: division by zero"),
        ("def draw(fig):\n    open('data/missing.csv')\n", "figures/line.py:2: error: figure script failed: FileNotFoundError: [Errno 2] No such file or directory: 'data/missing.csv'"),
        ("x = 1\n", "figures/line.py:1: error: figure script defines no top-level draw(fig) function; add one that draws on the "
                    "figure it is given, e.g. def draw(fig): ax = fig.subplots(); ..."),
        ("def draw(fig)\n    pass\n", "figures/line.py:1: error: figure script has a syntax error: expected ':'"),
    ],
)
@pytest.mark.tex
def test_failing_figure_script_names_the_script(tmp_path: Path, script: str, expected: str):
    project = project_with_figure(tmp_path, script)
    result = guidegen(project, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert expected in result.stderr.splitlines()
    assert not (project / "build" / "guide-answers.pdf").exists()


def test_a_script_saved_after_it_was_planned_is_drawn_as_planned(tmp_path: Path):
    """The figure is cached under the hash of the script the build read: the worker must
    draw those bytes, not the file as saved since (it would cache the new drawing under
    the old script's key, and a later build would show it for the old script, or the
    old drawing for the new one)."""
    from pypdf import PdfReader

    from guidegen import cache
    from guidegen.figures.draw import draw_all, plan

    script = tmp_path / "figures" / "word.py"
    script.parent.mkdir()
    body = "FIGSIZE = (2, 1)\n\n\ndef draw(fig):\n    fig.text(0.1, 0.5, {word!r})\n# {salt}\n"
    script.write_text(body.format(word="planned", salt=tmp_path))
    output = tmp_path / "build" / "word.pdf"
    store = cache.Cache(None)
    jobs = plan([(script, output)], store)
    script.write_text(body.format(word="saved", salt=tmp_path))  # an editor saves, the build goes on
    draw_all(jobs, store, workers=1)
    text = "".join(page.extract_text() for page in PdfReader(output).pages)
    assert "planned" in text and "saved" not in text
