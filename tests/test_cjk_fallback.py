"""LuaLaTeX loads Noto Serif CJK, the last of the main font's fallbacks, only for a document
holding a character that only it has (the font took half of every LuaLaTeX pass)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import make_project, pdftotext, question_file, squash

from guidegen.outputs.latex.scriptfonts import needs_cjk_font


@pytest.mark.parametrize("text, needed", [
    ("Привет, мир", False),  # Cyrillic: CMU
    ("Tiếng Việt, ἀρετή", False),  # Vietnamese and polytonic Greek: CMU
    ("box ┌─┐ and ✓", False),  # DejaVu
    ("⑩ is DejaVu's", False),  # U+2469: the last circled number DejaVu has
    ("⑪ is not", True),  # U+246A
    ("日本語", True), ("한국어", True), ("ｆｕｌｌ", True), ("ᄀ", True),  # Hangul Jamo (U+1100)
])
def test_the_cjk_font_is_needed_only_for_what_only_it_has(text: str, needed: bool):
    assert needs_cjk_font([r"\textbf{x} " + text]) is needed


@pytest.mark.tex
def test_a_document_without_cjk_prints_every_character_without_the_cjk_font(tmp_path: Path):
    body = "Привет ἀρετή Tiếng Việt ┌─┐ ✓"
    project = make_project(tmp_path, {"q.md": question_file("q", "Кириллица", "[t]", "easy", body, "Ответ.")},
                           "title: T\ntopics:\n  - slug: t\n    name: T\n")
    from conftest import guidegen

    result = guidegen(project, "build", "-q", "--answer-space", "none")
    assert result.returncode == 0, result.stderr
    tex = (project / "build" / ".work" / "guide-questions.tex").read_text("utf-8")
    assert "Noto Serif CJK" not in tex and "DejaVu Serif" in tex  # LuaLaTeX, without the CJK font
    shown = squash(pdftotext(project / "build" / "guide-questions.pdf"))  # pdftotext may split ἀρετή
    assert squash(body) in shown, shown
