"""LuaLaTeX loads DejaVu only for a character Latin Modern and CMU may lack
(guidegen/outputs/latex/cmu-coverage.txt): which characters those are, and that the table
is what the installed fonts say."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from conftest import REPO, guidegen, make_project, pdftotext, question_file
from guidegen.outputs.latex.scriptfonts import needs_dejavu_font


@pytest.mark.parametrize("text", ["Plain ASCII, with \\LaTeX{} and $x^2$.", "naïve café, Ærø, ß, ŁŻ", "Привет, ёлка",
                                  "αβγ ΔΣΩ ἀρχή", "“quotes” – dashes — … ‰ €", "a\tb\nc"])
def test_what_latin_modern_and_cmu_print_needs_no_dejavu(text: str):
    assert needs_dejavu_font([text]) is False


@pytest.mark.parametrize("text", ["done ✓", "box ─┼─", "♠ ♣", "☺"])
def test_what_they_may_lack_loads_dejavu(text: str):
    assert needs_dejavu_font(["plain", text]) is True


@pytest.mark.skipif(shutil.which("fc-match") is None or shutil.which("kpsewhich") is None, reason="needs fontconfig and TeX Live")
@pytest.mark.tex
def test_the_table_is_what_the_installed_fonts_cover():
    spec = importlib.util.spec_from_file_location("fallback_coverage", REPO / "tools" / "fallback_coverage.py")
    tool = importlib.util.module_from_spec(spec)
    sys.modules["fallback_coverage"] = tool
    spec.loader.exec_module(tool)
    written = [line for line in tool.TABLE.read_text().splitlines() if not line.startswith("#")]
    assert written == tool.ranges(tool.coverage()), "run .venv/bin/python tools/fallback_coverage.py"


@pytest.mark.tex
def test_a_document_with_a_tick_and_cyrillic_prints_both(tmp_path: Path):
    """The tick (DejaVu's) and Cyrillic (CMU's) in one document: DejaVu is loaded and every
    glyph found (a missing one is an error: engine._check_glyphs)."""
    project = make_project(tmp_path, {"q.md": question_file("q", "Галочка", "[t]", "easy", "Отметьте ✓ здесь.", "Готово ✓.")},
                           "title: T\ntopics:\n  - slug: t\n    name: T\n")
    result = guidegen(project, "build", "-q")
    assert result.returncode == 0, result.stderr
    key = pdftotext(project / "build" / "guide-answers.pdf")
    assert "Готово ✓." in key and "Отметьте ✓ здесь." in key
    tex = (project / "build" / ".work" / "guide-answers.tex").read_text("utf-8")
    assert "DejaVu Sans" in tex
