"""LuaLaTeX loads DejaVu only for a character Latin Modern and CMU may lack
(guidegen/outputs/latex/cmu-coverage.txt): which characters those are, and that the table
is what the installed fonts say."""

from __future__ import annotations

import importlib.util
import shutil
import sys

import pytest

from conftest import REPO
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


# A document holding both (Cyrillic from CMU, ✓ and box drawing from DejaVu) is built and
# read back in test_cjk_fallback.py, on test_unicode.py's shared LuaLaTeX build.
