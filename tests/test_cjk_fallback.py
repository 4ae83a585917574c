"""LuaLaTeX loads Noto Serif CJK, the last of the main font's fallbacks, only for a document
holding a character that only it has (the font took half of every LuaLaTeX pass)."""

from __future__ import annotations

import pytest

from conftest import pdftotext, question_file, squash

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


BODY = "Привет ἀρετή Tiếng Việt ┌─┐ ✓"
# A question of test_unicode.py's LuaLaTeX bank without the CJK font (one build shared with
# its tests and test_code_wrap.py's), asserted on its own text.
FALLBACK_QUESTION = question_file("fallback", "Кириллица", "[t]", "easy", BODY, "Ответ.")


@pytest.mark.tex
@pytest.mark.xdist_group("plain-lua-build")  # test_unicode.py's shared build, on the worker that makes it
def test_a_document_without_cjk_prints_every_character_without_the_cjk_font(tmp_path_factory, build_once):
    from test_unicode import plain_lua_out

    out = plain_lua_out(tmp_path_factory, build_once, ["fallback.md"])
    tex = (out / ".work" / "guide-questions.tex").read_text("utf-8")
    assert "Noto Serif CJK" not in tex and "DejaVu Serif" in tex  # LuaLaTeX, without the CJK font
    shown = squash(pdftotext(out / "guide-questions.pdf"))  # pdftotext may split ἀρετή
    assert squash(BODY) in shown, shown
